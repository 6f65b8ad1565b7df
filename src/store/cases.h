/* Cases in the database: the case, its workers, persons in roles, incidents, notes, history and open tasks.
 * Strings of returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_CASES_H
#define TAKAMUL_STORE_CASES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "store/persons.h"
#include "store/store.h"

typedef struct {
    int64_t id;
    char *reference, *kind;
    int64_t unit_id;
    char *governorate, *stage;
    bool closure_requested;
    char *closure_reason;
    int64_t closure_requested_by, closure_requested_at, closed_by, closed_at; /* 0: none */
    char *risk_level, *risk_assessment;
    int64_t risk_assessed_by, risk_assessed_at;
    char *sensitivity, *summary;
    int64_t reported_at;
    char *act_date; /* YYYY-MM-DD */
    /* juvenile in conflict with the law */
    char *offence, *legal_class, *complaint_date, *arrest_date;
    int settlement_eligible; /* -1 unknown, 0 no, 1 yes */
    /* juvenile in need of protection: art. 33 codes separated by commas */
    char *protection_grounds;
    /* inmate and family */
    int64_t centre_unit_id;
    char *admission_date, *sentence, *expected_release;
    int64_t transferred_at, family_notified_at;
    /* the date the monitor's reports run from (settlements, detention and trials are records: store/legal_records.h) */
    char *last_monitor_report;
    /* where the clocks restart from: the assignment clock (registration, a transfer's acceptance, a reopening, or
     * the unassignment that left the case without its worker), the latest reopening (0: never) and the start of
     * the case plan (0: not yet) */
    int64_t clock_started_at, reopened_at, plan_started_at;
    int64_t created_by, updated_by, created_at, updated_at, version;
    char *unit_name_ar, *unit_name_en; /* the unit's names: filled by store_case_get and store_case_list */
    char *next_planned_follow_up;      /* the earliest follow-up of the schedule still planned */
    char *next_goal_review;            /* the earliest review date of the case plan's open goals */
    bool social_study_submitted;       /* a social study of the juvenile (template juvenile) submitted or approved */
    /* filled by store_case_list: the principal person (victim, juvenile or inmate; the first added) and the worker
     * assigned (the social worker first) */
    Person principal; /* id 0: none; only the names are read */
    char *worker_name, *worker_sex;
} Case;

/* Who reads: what the access predicate of lists needs. */
typedef struct {
    int64_t user_id, unit_id;
    const char *agency;  /* of the user's unit */
    bool supervisor;     /* sees the restricted cases of their own unit */
    bool manager;        /* sees the normal cases of every unit of their agency */
} CaseViewer;

enum { CASE_FILTER_PERSONS = 20 };

typedef struct {
    const char *kind, *stage, *risk_level, *governorate; /* NULL: any */
    int64_t unit_id, worker_id;                         /* 0: any */
    bool overdue;                                       /* only cases with a task past due at `now` */
    int64_t now;
    const char *opened_from, *opened_to;                /* YYYY-MM-DD, inclusive; NULL: open-ended */
    const char *reference;                              /* NULL: any; else the start of the reference (upper case) */
    /* persons_given: only cases in which one of these persons has a role (the reporter's never counts) */
    bool persons_given;
    int64_t person_ids[CASE_FILTER_PERSONS];
    int64_t before_id;                                  /* cursor: newest first */
    int limit;
} CaseFilter;

/* The next serial of a kind in a year (1, 2, …), in the caller's transaction. */
int store_case_next_serial(Db *db, const char *kind, int year, int64_t *serial);
/* Inserts a case (id, version and times are set). */
int store_case_insert(Db *db, Case *c, int64_t user_id);
int store_case_get(Db *db, int64_t id, Arena *arena, Case *c);
/* Writes every field when c->version is current and bumps it: TK_ERR_CONFLICT on a stale version. */
int store_case_update(Db *db, Case *c, int64_t user_id);
/* Cases the viewer may see that match the filter, newest first; *more tells whether another page follows. */
/* Whether the person appears in a restricted case, and whether the viewer sees one of the cases she appears in. */
int store_person_case_sight(Db *db, int64_t person_id, const CaseViewer *viewer, bool *restricted, bool *sees);
int store_case_list(Db *db, const CaseViewer *viewer, const CaseFilter *filter, Arena *arena, Case **cases,
                    int *count, bool *more);

/* A case a person appears in, with her role (one item per role). */
typedef struct {
    Case c;
    char *role;
} PersonCase;

/* The cases a person appears in that the viewer may see, newest first (the reporter's role only with sight of the
 * reporter: never listed here), at most limit; *hidden: how many other cases she appears in. */
int store_person_cases(Db *db, int64_t person_id, const CaseViewer *viewer, int limit, Arena *arena,
                       PersonCase **items, int *count, int64_t *hidden);

typedef struct {
    int64_t id, case_id, user_id;
    char *role;
    int64_t assigned_by, assigned_at;
    char *user_name; /* the user's full name */
    char *user_sex;
} CaseAssignment;

/* Ends the current assignment of that role (if any) and assigns user_id. */
int store_case_assign(Db *db, int64_t case_id, int64_t user_id, const char *role, int64_t by);
/* Ends one current assignment; TK_ERR_NOT_FOUND when it is not a current one of the case. */
int store_case_unassign(Db *db, int64_t case_id, int64_t assignment_id, int64_t by);
/* The current assignments of a case. */
int store_case_assignments(Db *db, int64_t case_id, Arena *arena, CaseAssignment **items, int *count);

typedef struct {
    int64_t id, case_id, person_id;
    char *role;
    int64_t added_by, added_at;
    Person person;
    /* a juvenile of a juvenile case (filled by domain_case_persons): age at the act, -1 unknown, and the band */
    int age_at_act;
    const char *band;
} CasePerson;

/* TK_ERR_EXISTS when the person already has that role in the case. */
int store_case_person_add(Db *db, int64_t case_id, int64_t person_id, const char *role, int64_t by, int64_t *id);
int store_case_person_remove(Db *db, int64_t case_id, int64_t id);
int store_case_persons(Db *db, int64_t case_id, Arena *arena, CasePerson **items, int *count);

typedef struct {
    int64_t id, case_id;
    char *occurred_on, *place, *violence_types, *perpetrator_relationship, *legal_class, *identified_by;
    char *description;
    int64_t created_by, created_at;
    int64_t version, updated_by, updated_at; /* a correction makes a new version (store/case_plans.h) */
    int64_t corrections;                     /* how many times it was corrected */
} CaseIncident;

int store_case_incident_add(Db *db, CaseIncident *incident, int64_t by);
int store_case_incidents(Db *db, int64_t case_id, Arena *arena, CaseIncident **items, int *count);

typedef struct {
    int64_t id, case_id;
    char *kind, *occurred_on, *participants, *body;
    int64_t author_id, created_at;
    char *author_name, *author_sex;
    int64_t followup_id; /* on adding: the planned follow-up this note records (0: none) */
} CaseNote;

int store_case_note_add(Db *db, CaseNote *note, int64_t by);
int store_case_notes(Db *db, int64_t case_id, Arena *arena, CaseNote **items, int *count);

typedef struct {
    int64_t id, case_id, at, user_id;
    char *action, *detail;
    char *user_name, *user_sex;
} CaseEvent;

int store_case_event_add(Db *db, int64_t case_id, int64_t user_id, const char *action, const char *detail);
int store_case_events(Db *db, int64_t case_id, Arena *arena, CaseEvent **items, int *count);

typedef struct {
    int64_t id, case_id;
    const char *kind;
    int64_t due_at;
    const char *detail;
    /* filled by store_task_list */
    char *reference, *case_kind;
    int64_t unit_id;
    char *risk_level;
    int urgency; /* filled by store_task_list: 0 overdue on a high-risk case, 1 overdue, 2 not yet due */
} CaseTask;

/* Replaces the open tasks of a case. */
int store_case_tasks_replace(Db *db, int64_t case_id, const CaseTask *tasks, int count);
int store_case_tasks(Db *db, int64_t case_id, Arena *arena, CaseTask **items, int *count);

typedef struct {
    bool mine;        /* cases assigned to the viewer; else every case the viewer may see */
    bool overdue;     /* only tasks past due at now */
    int64_t now;      /* what overdue means; a cursor carries the now of its first page */
    int64_t due_before; /* 0: any */
    const char *kind; /* NULL: any task kind */
    int64_t unit_id, case_id; /* 0: any */
    /* cursor: after this task in the order (urgency, due_at, id); after_urgency -1: from the start */
    int after_urgency;
    int64_t after_due, after_id;
    int limit;
} TaskFilter;

/* How many tasks a filter holds (the cursor aside), and how many of them are overdue. */
typedef struct {
    int64_t total, overdue, overdue_high;
} TaskCounts;

/* A contact planned on the follow-up schedule. */
typedef struct {
    int64_t id, case_id;
    const char *kind, *due_on, *participants, *status, *reason;
    int64_t note_id; /* the note that recorded it; 0: none */
    int64_t created_by, created_at, closed_by, closed_at;
    char *created_by_name, *closed_by_name, *created_by_sex, *closed_by_sex;
} CaseFollowup;

int store_case_followup_add(Db *db, CaseFollowup *f, int64_t by);
/* The schedule of a case, soonest first. */
int store_case_followups(Db *db, int64_t case_id, Arena *arena, CaseFollowup **items, int *count);
/* A follow-up of that case; TK_ERR_NOT_FOUND when the case has none of that id. */
int store_case_followup_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseFollowup *f);
/* Marks a planned follow-up done (with its note) or cancelled (with the reason); TK_ERR_CONFLICT when it is no longer
 * planned. */
int store_case_followup_close(Db *db, int64_t id, const char *status, int64_t note_id, const char *reason,
                              int64_t by);

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
