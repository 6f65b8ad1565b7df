/* The joint committee's records in the database: its members and secretary, observations with the units and cases
 * they name, meetings with their members and agenda items, recommendations, actions, progress reports and the
 * history rows of every change. Strings of returned records live in the caller's arena. Decides no rule. */
#ifndef TAKAMUL_STORE_COMMITTEE_H
#define TAKAMUL_STORE_COMMITTEE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/committee.h"
#include "store/store.h"

/* --- members --- */

/* The active users who hold the committee role (role_bit), with their unit's agency and the secretary flag. */
int store_committee_members(Db *db, int64_t role_bit, Arena *arena, MeetingMember **items, int *count);
/* Whether the user is flagged the committee's secretary. */
int store_committee_is_secretary(Db *db, int64_t user_id, bool *secretary);
/* Sets (or clears) the secretary flag of a user. */
int store_committee_secretary_set(Db *db, int64_t user_id, bool secretary, int64_t by);

/* --- observations --- */

/* Records an observation with its units concerned and the cases it points to; sets its id, status and version. */
int store_observation_add(Db *db, Observation *o, int64_t by);
/* An observation with its raising unit, units concerned and cases (with their references); TK_ERR_NOT_FOUND. */
int store_observation_get(Db *db, int64_t id, Arena *arena, Observation *o);
/* The observations of the filter, newest first (no units or cases). */
int store_observations(Db *db, const ObservationFilter *filter, Arena *arena, Observation **items, int *count);
/* Writes category, governorate, description, evidence, status and reason at o->version and bumps it:
 * TK_ERR_CONFLICT when it changed meanwhile. */
int store_observation_update(Db *db, Observation *o, int64_t by);

/* --- meetings --- */

/* Records a meeting, numbered after the last of its year (m->year set by the caller), and its members. */
int store_meeting_add(Db *db, Meeting *m, int64_t by);
/* A meeting with its members and agenda items; TK_ERR_NOT_FOUND. */
int store_meeting_get(Db *db, int64_t id, Arena *arena, Meeting *m);
/* Every meeting, newest first (no members or items). */
int store_meetings(Db *db, Arena *arena, Meeting **items, int *count);
/* Writes held_on, place, notes, status, the times of opening and closing and the approval of the minutes at
 * m->version and bumps it: TK_ERR_CONFLICT when it changed meanwhile. */
int store_meeting_update(Db *db, Meeting *m, int64_t by);
/* Marks a member present or absent; TK_ERR_NOT_FOUND when the user is no member of the meeting. */
int store_meeting_presence(Db *db, int64_t meeting_id, int64_t user_id, bool present);

/* Appends an item to a meeting's agenda (its position after the last); sets its id and version. */
int store_meeting_item_add(Db *db, MeetingItem *item);
int store_meeting_item_get(Db *db, int64_t id, Arena *arena, MeetingItem *item);
/* Writes the item's outcome at item->version and bumps it. */
int store_meeting_item_outcome(Db *db, MeetingItem *item, int64_t by);
/* The items left open at closed meetings that no later item carries yet, oldest first. */
int store_meeting_items_to_carry(Db *db, Arena *arena, MeetingItem **items, int *count);
/* The open recommendations due on or before date that are on no item of the meeting. */
int store_recommendations_for_review(Db *db, int64_t meeting_id, const char *date, Arena *arena, Recommendation **items,
                                     int *count);

/* --- recommendations and actions --- */

int store_recommendation_add(Db *db, Recommendation *r, int64_t by);
/* A recommendation with its meeting's number, its observation's category and governorate and its counts of actions. */
int store_recommendation_get(Db *db, int64_t id, Arena *arena, Recommendation *r);
/* The recommendations of the filter, by due date. */
int store_recommendations(Db *db, const RecommendationFilter *filter, Arena *arena, Recommendation **items, int *count);
/* The recommendations a meeting made, in order of their making. */
int store_meeting_recommendations(Db *db, int64_t meeting_id, Arena *arena, Recommendation **items, int *count);
/* Writes text, target, priority, due date, state, reason and closing date at r->version and bumps it. */
int store_recommendation_update(Db *db, Recommendation *r, int64_t by);

int store_action_add(Db *db, CommitteeAction *a, int64_t by);
int store_action_get(Db *db, int64_t id, Arena *arena, CommitteeAction *a);
/* The actions of a recommendation, in order of their making. */
int store_recommendation_actions(Db *db, int64_t recommendation_id, Arena *arena, CommitteeAction **items, int *count);
/* The actions not completed (of an owner unit, or of all when owner_unit_id is 0) due on or before date, soonest
 * first. */
int store_actions_due(Db *db, int64_t owner_unit_id, const char *date, Arena *arena, CommitteeAction **items,
                      int *count);
/* Writes the text, responsible, due date, completion and the time of the last report at a->version and bumps it. */
int store_action_update(Db *db, CommitteeAction *a, int64_t by);
int store_action_report_add(Db *db, ActionReport *report);
int store_action_reports(Db *db, int64_t action_id, Arena *arena, ActionReport **items, int *count);

/* --- fact-finding groups and figures as evidence (committee_groups.c) --- */

/* Records a fact-finding group with its members; sets its id, state and version. */
int store_fact_finding_add(Db *db, FactFindingGroup *g, int64_t by);
/* A group with its members, its meeting's number and the agenda item its report went on; TK_ERR_NOT_FOUND. */
int store_fact_finding_get(Db *db, int64_t id, Arena *arena, FactFindingGroup *g);
/* The groups set up at a meeting (meeting_id), or every group (0), newest first, with their members. */
int store_fact_findings(Db *db, int64_t meeting_id, Arena *arena, FactFindingGroup **items, int *count);
/* Writes task, due date, state, report and its date, and (members non-NULL) the members, at g->version; bumps it. */
int store_fact_finding_update(Db *db, FactFindingGroup *g, bool members, int64_t by);
/* The reported groups whose report is on no agenda yet, oldest report first. */
int store_fact_findings_to_hear(Db *db, Arena *arena, FactFindingGroup **items, int *count);

/* Records figures attached to an observation; sets id and attached_at. */
int store_observation_figures_add(Db *db, ObservationFigures *f);
/* The figures of an observation, in order of attaching. */
int store_observation_figures(Db *db, int64_t observation_id, Arena *arena, ObservationFigures **items, int *count);

/* --- history --- */

/* A history row of a change of a committee record. */
int store_committee_event(Db *db, const char *object_type, int64_t object_id, const char *event, const char *detail,
                          int64_t by);
/* The history of a record, oldest first. */
int store_committee_history(Db *db, const char *object_type, int64_t object_id, Arena *arena, CommitteeEvent **items,
                            int *count);

#endif
