/* The joint committee (domain.md §1, §7): observations raised by any working unit, meetings numbered per year with
 * their members and agenda (outcomes written only while a meeting is open, open items carried to the next meeting,
 * minutes approved at the next meeting and read-only after), recommendations broken into actions owned by units,
 * and the owners' progress reports. Committee members read and write these records, the secretary (a flag on a
 * member) prepares the meetings, auditors read them; a unit reads and writes its own observations and the actions it
 * owns. The committee never sees a case: an observation's cases are given only to the raising unit's workers, and
 * following the link is the case's own read (CASE_VISIBLE). Every read is audited; every change has its audit row
 * and a history row (committee_history). */
#ifndef TAKAMUL_DOMAIN_COMMITTEE_H
#define TAKAMUL_DOMAIN_COMMITTEE_H

#include <stdbool.h>

#include "domain/core/context.h"
#include "domain/statistics/statistics.h"
#include "model/committee.h"

/* An action comes due this many days before its date (IMPACT practice, domain.md §7). */
enum { ACTION_DUE_DAYS = 30 };

/* --- the rules, as pure functions --- */

/* An action's state on date today: completed, overdue (its date passed with no report completing it), due (within
 * ACTION_DUE_DAYS of its date), or upcoming. */
const char *committee_action_state(const char *due_on, const char *completed_on, const char *today);
/* A recommendation's status as audit practice follows it: implemented, not_implemented, not_applicable, or for an
 * open one in_progress (not yet due) or past_due. */
const char *committee_recommendation_status(const char *state, const char *due_on, const char *today);
/* Whether a recommendation kept to its due date, as of today: "met" when implemented on or before it; "missed" when
 * implemented after it, not to be implemented, or open past it; NULL when it cannot tell yet (open and not yet due)
 * or never will (no longer applicable). The register's "implemented on time" and the statistics' indicator. */
const char *committee_recommendation_on_time(const char *state, const char *due_on, const char *closed_on,
                                             const char *today);
/* Whether a code is one of the observation categories, recommendation priorities, or register statuses. */
bool committee_category_valid(const char *code);
bool committee_priority_valid(const char *code);
bool committee_status_valid(const char *code);

/* --- members --- */

/* The committee's members with their agency and the secretary flag (members and auditors). */
int domain_committee_members(Ctx *ctx, MeetingMember **items, int *count);
/* Flags (or unflags) a committee member as its secretary (administrators). */
int domain_committee_secretary_set(Ctx *ctx, int64_t user_id, bool secretary);
/* Whether a user is flagged the committee's secretary, for the administrators' user page; 400 committee.not_member
 * for a user without the committee role. */
int domain_committee_secretary_get(Ctx *ctx, int64_t user_id, bool *secretary);
/* Whether the signed-in user is the committee's secretary. */
bool domain_committee_is_secretary(Ctx *ctx);

/* --- observations --- */

/* The observations the user reads: all for members and auditors (no cases), the unit's own for a working unit. */
int domain_observations(Ctx *ctx, ObservationFilter *filter, Observation **items, int *count);
/* One observation with its history; its cases only for the raising unit. 404 for anyone else. */
int domain_observation_get(Ctx *ctx, int64_t id, Observation *out, CommitteeEvent **history, int *history_count);
/* Raises an observation for the user's unit: in->units (ids), in->cases (case ids the user sees). */
int domain_observation_add(Ctx *ctx, Observation *in);
/* The raising unit edits category, governorate, description and evidence while it is new; a member dismisses it
 * with a reason (status "dismissed") or returns a dismissed one to new. */
int domain_observation_update(Ctx *ctx, int64_t id, int64_t version, const Observation *edit, Observation *out);

/* How figures attached as evidence are kept: the table rendered as the statistics API gives it, in the arena. */
typedef char *(*FiguresRender)(const StatResult *result, Arena *arena);
/* Attaches an indicator's figures to an observation as evidence (figures.c): computed now for the user's own
 * statistics scope and suppressed as any export is, kept as render writes them, written to the log of data exports
 * (format "evidence") and audited. The raising unit attaches while the observation is new, a member while the
 * committee has it open. At most OBSERVATION_FIGURES_MAX per observation. */
enum { OBSERVATION_FIGURES_MAX = 10 };
int domain_observation_figures_add(Ctx *ctx, int64_t observation_id, const char *indicator, const StatRequest *request,
                                   FiguresRender render, ObservationFigures *out);

/* --- meetings --- */

int domain_meetings(Ctx *ctx, Meeting **items, int *count);
int domain_meeting_get(Ctx *ctx, int64_t id, Meeting *out, CommitteeEvent **history, int *history_count);
/* The secretary plans a meeting: numbered after the last of its year, every member listed (absent until marked),
 * the items left open at earlier meetings carried onto its agenda, and the open recommendations due by its date (or
 * within ACTION_DUE_DAYS of it) put up for review. */
int domain_meeting_add(Ctx *ctx, Meeting *in);
typedef struct {
    const char *held_on, *place, *notes;
    const int64_t *present; /* the members present (the others absent); NULL: unchanged */
    int present_count;
    bool notes_set;
} MeetingEdit;
/* The secretary corrects a meeting's record (its date only while planned); refused once its minutes are approved. */
int domain_meeting_update(Ctx *ctx, int64_t id, int64_t version, const MeetingEdit *edit, Meeting *out);
/* The secretary opens a planned meeting, closes an open one, or approves the minutes of a closed one at a later
 * meeting that is open (at_meeting_id). */
int domain_meeting_transition(Ctx *ctx, int64_t id, int64_t version, const char *action, int64_t at_meeting_id,
                              Meeting *out);
/* A meeting with what its minutes hold: the recommendations it made (members and auditors; audited). */
int domain_meeting_minutes(Ctx *ctx, int64_t id, Meeting *out, Recommendation **recommendations, int *count);
/* The secretary adds an item to a meeting not closed: an observation (then on the agenda), a recommendation for
 * review, or another item with its title. */
int domain_meeting_item_add(Ctx *ctx, int64_t meeting_id, MeetingItem *item);
/* A member writes an item's outcome (information or decision, with its text) while the meeting is open; an
 * observation of the item is then discussed. Recommendations are an outcome of their own (domain_recommendation_add). */
int domain_meeting_item_outcome(Ctx *ctx, int64_t meeting_id, int64_t item_id, int64_t version, const char *outcome,
                                const char *text, MeetingItem *out);

/* --- fact-finding groups (fact_finding.c) --- */

enum { FACT_FINDING_MEMBERS_MAX = 20 };
/* The groups set up at a meeting (meeting_id) or all (0), for members and auditors; audited. */
int domain_fact_findings(Ctx *ctx, int64_t meeting_id, FactFindingGroup **items, int *count);
/* One group with its history, for members and auditors; audited. */
int domain_fact_finding_get(Ctx *ctx, int64_t id, FactFindingGroup *out, CommitteeEvent **history, int *history_count);
/* A member sets up a group at an open meeting (in->meeting_id, optionally from one of its items): its members (each
 * with a name and an agency), its task and due date (not before the meeting). */
int domain_fact_finding_add(Ctx *ctx, FactFindingGroup *in);
/* A member edits a working group's task, due date or members (members non-NULL) until the minutes of the meeting that
 * set it up are approved, or records its report (edit->report and edit->reported_on): it is then reported, and its
 * report goes on the agenda of the next meeting planned. A reported group is read-only. */
int domain_fact_finding_update(Ctx *ctx, int64_t id, int64_t version, const FactFindingGroup *edit,
                               const FactFindingMember *members, int member_count, FactFindingGroup *out);

/* --- recommendations and actions --- */

/* The register for members and auditors, by the filter (today is filled here). */
int domain_recommendations(Ctx *ctx, RecommendationFilter *filter, Recommendation **items, int *count);
/* The same register for export (format: csv or xlsx), written to the log of data exports and audited. */
int domain_recommendations_export(Ctx *ctx, RecommendationFilter *filter, const char *format, Recommendation **items,
                                  int *count);
/* One recommendation with its actions and history: members and auditors, and the units owning one of its actions. */
int domain_recommendation_get(Ctx *ctx, int64_t id, Recommendation *out, CommitteeEvent **history, int *history_count);
/* A member records a recommendation as the outcome of an item of an open meeting (r->item_id): the item's outcome
 * becomes "recommendations" and its observation "recommended". */
int domain_recommendation_add(Ctx *ctx, Recommendation *r);
/* A member edits an open recommendation or sets its state: implemented, not_implemented or not_applicable (with a
 * reason), or open again. */
int domain_recommendation_update(Ctx *ctx, int64_t id, int64_t version, const Recommendation *edit,
                                 Recommendation *out);

/* The actions of a recommendation (as domain_recommendation_get reads it). */
int domain_recommendation_actions(Ctx *ctx, int64_t id, CommitteeAction **items, int *count);
/* A member breaks an open recommendation into an action: owner unit, responsible person, due date. */
int domain_action_add(Ctx *ctx, int64_t recommendation_id, CommitteeAction *a);
/* An action with its reports: members, auditors and the owner unit. */
int domain_action_get(Ctx *ctx, int64_t id, CommitteeAction *out, ActionReport **reports, int *report_count);
/* The actions due or overdue: the user's unit's own (mine), or every one for members and auditors. */
int domain_actions_due(Ctx *ctx, bool mine, CommitteeAction **items, int *count, const char **today);
/* The owner unit posts a progress report; completed marks the action done on today's date. */
int domain_action_report_add(Ctx *ctx, int64_t action_id, const char *text, bool completed, ActionReport *out);

#endif
