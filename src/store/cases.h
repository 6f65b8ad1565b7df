/* Cases in the database: the case, its workers, persons in roles, incidents, notes, history and open tasks (the
 * types: model/case.h, model/case_parts.h, model/task.h). The case row and the lists of cases in store/cases.c, the
 * workers and persons in case_team.c, incidents, notes, history and follow-ups in case_records.c, the tasks in
 * case_tasks.c. Strings of returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_CASES_H
#define TAKAMUL_STORE_CASES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/case.h"
#include "model/case_parts.h"
#include "model/task.h"
#include "store/store.h"

/* The next serial of a kind in a year (1, 2, …), in the caller's transaction. */
int store_case_next_serial(Db *db, const char *kind, int year, int64_t *serial);
/* Inserts a case (id, version and times are set). */
int store_case_insert(Db *db, Case *c, int64_t user_id);
int store_case_get(Db *db, int64_t id, Arena *arena, Case *c);
/* The id of the case of that reference (as printed, any case of letters); 0 when none. */
int store_case_id_by_reference(Db *db, const char *reference, int64_t *id);
/* Writes every field when c->version is current and bumps it: TK_ERR_CONFLICT on a stale version. */
int store_case_update(Db *db, Case *c, int64_t user_id);
/* Whether the viewer sees the case, by the lists' predicate (store/case_visible.h); false for a case that does not
 * exist. */
int store_case_visible(Db *db, int64_t case_id, const CaseViewer *viewer, bool *visible);
/* Cases the viewer may see that match the filter, newest first; *more tells whether another page follows. */
int store_case_list(Db *db, const CaseViewer *viewer, const CaseFilter *filter, Arena *arena, Case **cases, int *count,
                    bool *more);

/* The cases a person appears in that the viewer may see, newest first (the reporter's role only with sight of the
 * reporter: never listed here), at most limit; *hidden: how many other cases she appears in. */
int store_person_cases(Db *db, int64_t person_id, const CaseViewer *viewer, int limit, Arena *arena, PersonCase **items,
                       int *count, int64_t *hidden);

/* Ends the current assignment of that role (if any) and assigns user_id. */
int store_case_assign(Db *db, int64_t case_id, int64_t user_id, const char *role, int64_t by);
/* Ends one current assignment; TK_ERR_NOT_FOUND when it is not a current one of the case. */
int store_case_unassign(Db *db, int64_t case_id, int64_t assignment_id, int64_t by);
/* The current assignments of a case. */
int store_case_assignments(Db *db, int64_t case_id, Arena *arena, CaseAssignment **items, int *count);

/* TK_ERR_EXISTS when the person already has that role in the case. */
int store_case_person_add(Db *db, int64_t case_id, int64_t person_id, const char *role, int64_t by, int64_t *id);
int store_case_person_remove(Db *db, int64_t case_id, int64_t id);
int store_case_persons(Db *db, int64_t case_id, Arena *arena, CasePerson **items, int *count);

int store_case_incident_add(Db *db, CaseIncident *incident, int64_t by);
int store_case_incidents(Db *db, int64_t case_id, Arena *arena, CaseIncident **items, int *count);

int store_case_note_add(Db *db, CaseNote *note, int64_t by);
int store_case_notes(Db *db, int64_t case_id, Arena *arena, CaseNote **items, int *count);

int store_case_event_add(Db *db, int64_t case_id, int64_t user_id, const char *action, const char *detail);
int store_case_events(Db *db, int64_t case_id, Arena *arena, CaseEvent **items, int *count);

/* Replaces the open tasks of a case. */
int store_case_tasks_replace(Db *db, int64_t case_id, const CaseTask *tasks, int count);
int store_case_tasks(Db *db, int64_t case_id, Arena *arena, CaseTask **items, int *count);

int store_case_followup_add(Db *db, CaseFollowup *f, int64_t by);
/* The schedule of a case, soonest first. */
int store_case_followups(Db *db, int64_t case_id, Arena *arena, CaseFollowup **items, int *count);
/* A follow-up of that case; TK_ERR_NOT_FOUND when the case has none of that id. */
int store_case_followup_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseFollowup *f);
/* Marks a planned follow-up done (with its note) or cancelled (with the reason); TK_ERR_CONFLICT when it is no longer
 * planned. */
int store_case_followup_close(Db *db, int64_t id, const char *status, int64_t note_id, const char *reason, int64_t by);

/* Cancels every follow-up of the case still planned, with the reason (the case was closed). */
int store_case_followups_cancel_open(Db *db, int64_t case_id, const char *reason, int64_t by);

/* Up to max ids of cases not closed, above after_id, ascending. */
int store_case_open_ids(Db *db, int64_t after_id, int max, int64_t *ids, int *count);

/* Open tasks of the cases the viewer may see, most urgent first: overdue on high-risk cases, then overdue, then the
 * rest, each soonest first; *more when another page follows. */
int store_task_list(Db *db, const CaseViewer *viewer, const TaskFilter *filter, Arena *arena, CaseTask **items,
                    int *count, bool *more);
/* The counts of the same filter, for the whole list. */
int store_task_counts(Db *db, const CaseViewer *viewer, const TaskFilter *filter, TaskCounts *counts);

#endif
