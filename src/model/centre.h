/* Correction centres: a centre's programmes (a unit of the correction-centre type keeps its catalogue), the
 * enrolments of inmates with their attendance and outcome, and on an inmate's case the family's needs assessment, the
 * family's visits, the children staying with their mother, the pre-release plan, the releases and transfers and the
 * aftercare contacts. */
#ifndef TAKAMUL_MODEL_CENTRE_H
#define TAKAMUL_MODEL_CENTRE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t id, centre_id;
    const char *kind, *name, *provider, *provider_name, *schedule, *starts_on, *ends_on;
    int64_t places;
    int64_t created_by, created_at, updated_at, version;
    /* read with the programme */
    char *centre_name_ar, *centre_name_en;
    int64_t enrolled, waiting, completed; /* enrolments by status now */
} Programme;

typedef struct {
    int64_t id, programme_id, case_id, person_id;
    const char *status; /* waiting, enrolled, completed, dropped, transferred, released */
    const char *enrolled_on, *outcome_on, *outcome_reason, *certificate;
    int64_t created_by, created_at, updated_at, version;
    /* read with the enrolment */
    char *person_name, *case_reference, *programme_name, *programme_kind;
    int64_t sessions, present; /* attendance recorded, and present at */
    int64_t position;          /* on the waiting list: 1 the first; 0 when not waiting */
} Enrolment;

typedef struct {
    int64_t enrolment_id;
    const char *session_on;
    bool present;
    const char *note;
    int64_t recorded_by, recorded_at;
} Attendance;

/* The family's needs assessment: structured so that statistics count it. Codes lists are comma-separated. */
typedef struct {
    int64_t case_id;
    int64_t dependants, children, children_in_school;
    int64_t monthly_income; /* Jordanian dinars a month; -1 unknown */
    const char *income_sources, *housing, *health, *risks, *notes;
    int64_t assessed_by, assessed_at, version;
    char *assessed_by_name;
} FamilyAssessment;

typedef struct {
    int64_t id, case_id;
    const char *visited_on, *arrangement, *visitors, *notes;
    int64_t created_by, created_at;
    char *created_by_name;
} FamilyVisit;

/* A child staying with the inmate mother (to age 3), and where the child goes next. */
typedef struct {
    int64_t id, case_id, person_id, mother_id;
    const char *entered_on, *next_place, *left_on, *notes;
    int64_t protection_case_id; /* a child at risk: the protection case the child was referred to; 0: none */
    int64_t created_by, created_at, updated_at, version;
    char *person_name, *birth_date, *protection_case_reference;
} CentreChild;

typedef struct {
    int64_t case_id;
    const char *housing, *work, *family_readiness, *documents, *referrals;
    int64_t planned_by, planned_at, version;
    char *planned_by_name;
} ReleasePlan;

typedef struct {
    int64_t id, case_id;
    const char *kind; /* release, conditional_release, early_release, transfer */
    const char *on_date, *notes;
    int64_t to_centre_id, aftercare_months;
    int64_t created_by, created_at;
    char *to_centre_name;
} CentreRelease;

#endif
