/* Correction and rehabilitation centres (domain.md §1, §2.4; CRC Law 2004): the ministry's work inside them.
 * programmes.c: each centre's catalogue of programmes, the enrolment of inmates (their person and case) with the
 * places enforced and a waiting list that keeps its order, the attendance of each session within the programme's
 * dates, the outcome and certificate. families.c: on an inmate's case, the family's needs assessment in structured
 * fields, the family's visits, and the children staying with their mother to age 3. releases.c: the pre-release plan,
 * releases and transfers, and the aftercare contacts on the case's follow-up schedule. Only the centre's own social
 * workers and supervisors (their unit is the centre) work these records, on the cases they may change; the case's
 * deadlines (domain/cases/deadlines.c) raise the pre-release and the child's tasks. */
#ifndef TAKAMUL_DOMAIN_CENTRES_H
#define TAKAMUL_DOMAIN_CENTRES_H

#include "domain/core/context.h"
#include "model/centre.h"

/* --- programmes --- */

/* The programmes of a centre: its own workers see their centre's (centre_id 0 or their unit), the ministry's managers
 * any centre's (0: all); counts only, no names. */
int domain_programmes(Ctx *ctx, int64_t centre_id, Programme **items, int *count);
int domain_programme_get(Ctx *ctx, int64_t id, Programme *out);
/* Adds a programme to the catalogue of the user's centre. */
int domain_programme_add(Ctx *ctx, Programme *p);
/* Changes a programme at its version; more places take the first of the waiting list in. */
int domain_programme_update(Ctx *ctx, int64_t id, Programme *p);

typedef struct {
    int64_t case_id, person_id; /* person 0: the case's one inmate */
    const char *enrolled_on;    /* NULL: today */
    bool waiting_list;          /* when the programme is full, join its waiting list rather than be refused */
} EnrolmentRequest;

/* The enrolments of a programme, with names and attendance (its centre's workers; audited). */
int domain_programme_enrolments(Ctx *ctx, int64_t programme_id, Programme *programme, Enrolment **items, int *count);
/* Enrols an inmate: enrolled while there are places, else on the waiting list when asked, else refused. */
int domain_programme_enrol(Ctx *ctx, int64_t programme_id, const EnrolmentRequest *in, Enrolment *out);

typedef struct {
    int64_t version;
    const char *outcome; /* completed, dropped, transferred, released */
    const char *outcome_on, *reason, *certificate;
} OutcomeRequest;

/* Records how an enrolment ended at its version; a place freed goes to the first of the waiting list. */
int domain_enrolment_outcome(Ctx *ctx, int64_t id, const OutcomeRequest *in, Enrolment *out);
/* The attendance of an enrolment. */
int domain_enrolment_attendance(Ctx *ctx, int64_t id, Enrolment *enrolment, Attendance **items, int *count);
/* Records the attendance of sessions (a day or a week at a time): all or none. */
int domain_enrolment_attend(Ctx *ctx, int64_t id, const Attendance *sessions, int count, Enrolment *out);
/* The programmes the inmate of a case took (whoever may see the case). */
int domain_case_programmes(Ctx *ctx, int64_t case_id, Enrolment **items, int *count);

/* --- the family --- */

/* The family needs assessment of an inmate's case; TK_ERR_NOT_FOUND (centre.no_assessment) when none is made. */
int domain_family_assessment(Ctx *ctx, int64_t case_id, FamilyAssessment *out);
/* Saves the assessment: a first one with version 0, later ones at their version. */
int domain_family_assessment_save(Ctx *ctx, int64_t case_id, FamilyAssessment *in);
int domain_family_visits(Ctx *ctx, int64_t case_id, FamilyVisit **items, int *count);
int domain_family_visit_add(Ctx *ctx, int64_t case_id, FamilyVisit *visit);
int domain_centre_children(Ctx *ctx, int64_t case_id, CentreChild **items, int *count);
/* Records a child staying with the inmate mother: younger than 3 at entry. */
int domain_centre_child_add(Ctx *ctx, int64_t case_id, CentreChild *child);
/* Records where the child goes next (family or care home) and when the child left, at its version. */
int domain_centre_child_update(Ctx *ctx, int64_t case_id, int64_t child_id, CentreChild *in);

/* --- release --- */

int domain_release_plan(Ctx *ctx, int64_t case_id, ReleasePlan *out);
int domain_release_plan_save(Ctx *ctx, int64_t case_id, ReleasePlan *in);
int domain_releases(Ctx *ctx, int64_t case_id, CentreRelease **items, int *count);
/* Records a release (its aftercare contacts planned on the case's follow-up schedule) or a transfer to another
 * centre (the family told within 48 hours, the case's own clock); ends the inmate's programmes. */
int domain_release_add(Ctx *ctx, int64_t case_id, CentreRelease *release);
/* Inside the caller's transaction: a juvenile leaves a home on date on_date (YYYY-MM-DD): her release is recorded and
 * the aftercare contacts (aftercare_months) planned on the case's follow-up schedule; the case closes only after
 * them. */
int domain_aftercare_begin(Ctx *ctx, int64_t case_id, const char *on_date, const char *notes);

#endif
