/* The joint committee: observations raised by units, meetings with their members and agenda, recommendations, the
 * actions they are broken into with their owners' progress reports, and the history of every change. */
#ifndef TAKAMUL_MODEL_COMMITTEE_H
#define TAKAMUL_MODEL_COMMITTEE_H

#include <stdbool.h>
#include <stdint.h>

/* A case an observation points to: only the raising unit's workers are given it. */
typedef struct {
    int64_t case_id;
    char *reference;
} ObservationCase;

/* Statistics figures attached to an observation as evidence: the indicator, its breakdown and period, and the table
 * as computed and suppressed when it was attached (figures: the JSON the statistics API gives). */
typedef struct {
    int64_t id, observation_id;
    const char *indicator, *breakdown, *period_from, *period_to, *figures;
    int64_t threshold, export_id, attached_by, attached_at;
    char *attached_by_name;
} ObservationFigures;

typedef struct {
    int64_t id, unit_id;
    const char *category, *governorate, *description, *evidence, *status, *dismissed_reason;
    int64_t created_by, created_at, updated_at, version;
    char *unit_name_ar, *unit_name_en, *unit_agency, *created_by_name;
    int64_t *units; /* the units concerned */
    int unit_count;
    ObservationCase *cases;
    int case_count;
    bool cases_withheld;         /* the reader is not of the raising unit: cases is empty, case_count how many */
    ObservationFigures *figures; /* the statistics attached as evidence (read alone only) */
    int figure_count;
} Observation;

typedef struct {
    const char *category, *governorate, *status;
    int64_t unit_id; /* the raising unit; set by the domain for a unit's own */
} ObservationFilter;

typedef struct {
    int64_t user_id;
    char *name, *agency, *unit_name_ar;
    bool present, secretary;
} MeetingMember;

typedef struct {
    int64_t id, meeting_id, position, observation_id, recommendation_id, carried_from, fact_finding_id;
    const char *kind, *title, *outcome, *outcome_text; /* outcome NULL: open */
    int64_t decided_by, decided_at, version;
    int64_t carried_from_meeting_number, carried_from_meeting_year;
    char *observation_status;
} MeetingItem;

typedef struct {
    int64_t id, year, number;
    const char *held_on, *place, *status, *notes; /* status: planned, open, closed */
    int64_t opened_at, closed_at, minutes_approved_at, minutes_approved_by, minutes_approved_in;
    int64_t created_by, created_at, updated_at, version;
    char *minutes_approved_by_name;
    int64_t minutes_approved_in_number, minutes_approved_in_year;
    MeetingMember *members;
    int member_count;
    MeetingItem *items;
    int item_count;
} Meeting;

typedef struct {
    int64_t id, recommendation_id, owner_unit_id;
    const char *text, *responsible, *due_on, *completed_on;
    int64_t last_report_at, created_at, version;
    char *owner_unit_name_ar, *owner_unit_name_en, *recommendation_text;
    int64_t report_count;
} CommitteeAction;

typedef struct {
    int64_t id, action_id;
    const char *text;
    bool completed;
    int64_t reported_by, reported_at;
    char *reported_by_name;
} ActionReport;

typedef struct {
    int64_t id, meeting_id, item_id, observation_id, target_unit_id;
    const char *text, *target_agency, *priority, *due_on, *state, *state_reason, *closed_on;
    int64_t created_at, updated_at, version;
    int64_t meeting_number, meeting_year;
    char *target_unit_name_ar, *target_unit_name_en, *category, *governorate;
    int64_t action_count, actions_completed;
    CommitteeAction *actions;
    int action_count_loaded;
} Recommendation;

typedef struct {
    const char *status; /* implemented, in_progress, past_due, not_implemented, not_applicable */
    const char *agency, *governorate, *category, *due_from, *due_to;
    const char *today;
} RecommendationFilter;

typedef struct {
    int64_t id, object_id;
    const char *object_type, *event, *detail;
    int64_t by, at;
    char *by_name;
} CommitteeEvent;

/* A member of a fact-finding group: a name and the agency she comes from (not necessarily a user of Takamul). */
typedef struct {
    const char *name, *agency;
} FactFindingMember;

/* A fact-finding group (لجنة تقصي الحقائق) a meeting sets up: its members, task and due date; it reports back (a text
 * and its date) and the report goes on a later meeting's agenda (report_item_id). */
typedef struct {
    int64_t id, meeting_id, item_id;
    const char *task, *due_on, *state, *report, *reported_on; /* state: working, reported */
    int64_t created_at, updated_at, version;
    int64_t meeting_number, meeting_year;
    int64_t minutes_approved_at; /* of the meeting that set it up: from then on its task and members are fixed */
    int64_t report_item_id, report_meeting_id, report_meeting_number, report_meeting_year;
    FactFindingMember *members;
    int member_count;
} FactFindingGroup;

#endif
