/* Cases: the four kinds, their workers and persons, the stage workflow with closure approval, notes, incidents,
 * the history of every change, and the open deadlines as tasks (DESIGN.md §4). Who may see a case: its unit
 * (restricted cases only their workers and the unit's supervisors), its assigned workers, the managers of its agency;
 * one definition, CASE_VISIBLE (store/case_visible.h), for the single read and every list (visibility.c). A case the
 * user may not see is not found. The files: case.c (register, read, change, lists), fields.c (the fields of each
 * kind), visibility.c, workflow.c (stages, closure, reopening), team.c (workers), parties.c (persons in roles),
 * records.c (incidents, notes, follow-ups, history), tasks.c (deadlines as tasks), and beside them case_plans.c,
 * legal_records.c and deadlines.c. */
#ifndef TAKAMUL_DOMAIN_CASES_H
#define TAKAMUL_DOMAIN_CASES_H

#include <stddef.h>

#include "domain/core/codes.h"
#include "domain/core/context.h"
#include "model/case.h"
#include "model/case_parts.h"
#include "model/records.h"
#include "model/task.h"

/* A case field as the API and the checks see it, one for each line of CASE_FIELDS (model/case_fields.h), in its
 * order. */
typedef struct {
    const char *name; /* the JSON name (the Case member and the column have the same) */
    CaseFieldType type;
    unsigned flags;        /* CF_REQUIRED, CF_PAST */
    int max_chars;         /* free text */
    unsigned kinds;        /* bits of the kinds it belongs to (CASE_KIND_…); 0: every kind */
    const CodeList *codes; /* CF_CODE and CF_CODES */
    size_t offset;         /* of its member in Case */
} CaseField;

enum { CASE_FIELD_MAX = 32 };
_Static_assert((int)CASE_FIELD_COUNT <= (int)CASE_FIELD_MAX, "CaseInput keeps a bit of a uint32_t for each case field");
extern const CaseField case_fields[];
extern const int case_field_count;

/* The CASE_KIND_… bit of a kind's code, 0 for none. */
unsigned case_kind_bit(const char *kind);

/* The values a body gave, by index into case_fields; set has a bit for each field present (null included). */
typedef struct {
    uint32_t set;
    const char *text[CASE_FIELD_MAX]; /* CF_CODES: codes joined by commas */
    int64_t number[CASE_FIELD_MAX];
    int flag[CASE_FIELD_MAX]; /* -1: null */
} CaseInput;

typedef struct {
    int64_t person_id;
    const char *role;
} CasePersonInput;

/* The sections of a case a referral shares with the receiving unit: bit i the i-th of codes_case_sections. */
enum {
    CASE_SECTION_SUMMARY = 1u << 0,   /* stage, summary and the fields of the kind */
    CASE_SECTION_RISK = 1u << 1,      /* the risk level and its assessment */
    CASE_SECTION_PERSONS = 1u << 2,   /* the persons in their roles (never the reporter) */
    CASE_SECTION_INCIDENTS = 1u << 3, /* family violence incidents */
    CASE_SECTION_NOTES = 1u << 4,     /* notes, visits and the follow-up schedule */
    CASE_SECTION_SERVICES = 1u << 5,  /* the services of the case plan */
    CASE_SECTIONS_ALL = (1u << 6) - 1,
};

/* The section bits of a comma-separated list of section codes (unknown codes are ignored). */
unsigned case_sections_parse(const char *codes);

/* What the user may do with a case they see. */
typedef struct {
    bool write;          /* edit, add notes and persons, move it on, ask to close */
    bool supervise;      /* assign, approve or return a closure, reopen: the owning unit's supervisors */
    bool sees_reporter;  /* the reporter's identity: the case's workers and supervisors */
    bool referred;       /* seen only through an active referral to the user's unit: just the shared sections */
    unsigned shared;     /* the sections the user may read (CASE_SECTIONS_ALL unless referred) */
    int64_t referral_id; /* referred: the newest active referral to the user's unit */
    int64_t break_glass; /* seen only through the user's break-glass grant (its id): read-only unless granted more */
    int64_t break_glass_expires_at;
    const SealOrder *seal_order; /* a sealed record, seen through this court order: read-only */
} CaseRights;

typedef struct {
    Case c;
    CaseAssignment *assignments;
    int assignment_count;
    CaseRights rights;
    char *unit_name_ar, *unit_name_en;
} CaseView;

/* For the modules that work on a case's parts (referrals, services, consents), inside their own transactions:
 * load a case the user may see (404 and an audited refusal otherwise); load one the user may change and that is not
 * closed; write a change's history row and audit row. */
int domain_case_load(Ctx *ctx, int64_t id, CaseView *view);
/* The same for one part of the case: a unit that sees it through a referral that does not share section is refused
 * (403 referral.not_shared); section 0 is a part no referral shares. */
int domain_case_load_section(Ctx *ctx, int64_t id, unsigned section, CaseView *view);
/* Checks the fields of an incident as recorded or corrected (dates, codes, lengths); 0 or TK_ERR_INVALID. */
int domain_incident_check(Ctx *ctx, const CaseIncident *incident);
int domain_case_load_open(Ctx *ctx, int64_t id, CaseView *view);
/* Defines int name(Ctx *ctx, int64_t case_id, Type **items, int *count), the reader of one part of a case: load is
 * the call that loads the case into the CaseView view for the reader (ctx, case_id and view are in scope); the part
 * is read by store_list(db, case_id, arena, items, count); each item then goes through shown(&view, item), which
 * takes out what that reader is not shown (domain_case_part_whole: nothing); the read is audited as action. The
 * items live in the request's arena. */
#define DOMAIN_CASE_PART_LIST(name, Type, load, store_list, shown, action)                                             \
    int name(Ctx *ctx, int64_t case_id, Type **items, int *count)                                                      \
    {                                                                                                                  \
        *items = NULL;                                                                                                 \
        *count = 0;                                                                                                    \
        CaseView view;                                                                                                 \
        int rc = (load);                                                                                               \
        if (rc == TK_OK)                                                                                               \
            rc = store_list(ctx->db, case_id, ctx->arena, items, count);                                               \
        for (int i = 0; rc == TK_OK && i < *count; i++)                                                                \
            shown(&view, &(*items)[i]);                                                                                \
        return rc == TK_OK ? domain_audit_read(ctx, action, "case", case_id, NULL) : rc;                               \
    }
/* The shown of DOMAIN_CASE_PART_LIST for a part its readers see whole. */
void domain_case_part_whole(const CaseView *view, const void *item);
/* The skeleton of a change to a part of a case, after its checks: returns rc from the calling function when they
 * failed; otherwise declares the CaseView view, and runs the body in one transaction once the case is loaded into it
 * (domain_case_load_open: open, and written by the acting user). */
#define DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, ...)                                                                \
    DOMAIN_CASE_CHANGE_BY(ctx, rc, view, domain_case_load_open((ctx), (case_id), &(view)), __VA_ARGS__)
/* The same with the case loaded by load, a call that loads it into view (the centres': an inmate's case). */
#define DOMAIN_CASE_CHANGE_BY(ctx, rc, view, load, ...)                                                                \
    if ((rc) != TK_OK)                                                                                                 \
        return (rc);                                                                                                   \
    CaseView view;                                                                                                     \
    DOMAIN_TRANSACTION(ctx, rc, {                                                                                      \
        (rc) = (load);                                                                                                 \
        __VA_ARGS__;                                                                                                   \
    })
/* In the body of DOMAIN_CASE_CHANGE, once a new part's checks have passed: the part made the case's, stored by
 * store_add (by the acting user), and the change written to the case's record (action, detail). */
#define DOMAIN_CASE_PART_ADD(ctx, rc, of_case, part, store_add, action, detail)                                        \
    do {                                                                                                               \
        (part)->case_id = (of_case);                                                                                   \
        if ((rc) == TK_OK)                                                                                             \
            (rc) = store_add((ctx)->db, (part), access_acting_user(ctx));                                              \
        if ((rc) == TK_OK)                                                                                             \
            (rc) = domain_case_record((ctx), (of_case), (action), (detail));                                           \
    } while (0)
/* A required date (YYYY-MM-DD) that is not after today in Amman: an event that happened; the fault names field. */
int domain_check_past_date(Ctx *ctx, const char *date, const char *field);
/* The checks of ending a measure or an order: its version, the day it ended (on, not after today) and the reason (at
 * most 1000 characters); 0 or TK_ERR_INVALID with the fault of each field recorded. */
int domain_check_ending(Ctx *ctx, int64_t version, const char *on, const char *on_field, const char *reason);
int domain_case_record(Ctx *ctx, int64_t id, const char *action, const char *detail);
/* Inside the caller's transaction: domain_case_record, then the case's tasks recomputed (a change its deadlines
 * follow). */
int domain_case_record_and_refresh(Ctx *ctx, int64_t id, const char *action, const char *detail);
/* Inside the caller's transaction, on a case loaded in it: a behaviour monitor's report on the juvenile was made on
 * date (a study approved), so the next falls due three months on (the case's last_monitor_report). Nothing for a
 * case that is closed or not a juvenile's. */
int domain_case_monitor_reported(Ctx *ctx, CaseView *view, const char *date);
/* Recomputes a case's tasks as it now is (after another module changed what they depend on, such as its unit). */
int domain_case_tasks_refresh(Ctx *ctx, int64_t id);

/* The user as the viewer of a case or of lists of cases (store/case_visible.h). */
CaseViewer domain_case_viewer(const Ctx *ctx);

/* Registers a case in the user's unit; assign_author: the author takes it in her own role (caseworker, monitor or
 * officer). */
int domain_case_create(Ctx *ctx, const char *kind, const CaseInput *input, const CasePersonInput *persons,
                       int person_count, bool assign_author, CaseView *out);
int domain_case_get(Ctx *ctx, int64_t id, CaseView *out);
int domain_case_update(Ctx *ctx, int64_t id, int64_t version, const CaseInput *input, CaseView *out);
/* The cases the user may see that match filter and query (NULL: none): a reference or its start, a national
 * number, or a person's name as the registry searches it (the reporter's role never counts). */
int domain_case_list(Ctx *ctx, CaseFilter *filter, const char *query, Case **cases, int *count, bool *more);
/* The cases a person appears in that the user may see (at most PERSON_CASES_MAX, newest first), and how many others
 * she appears in: a worker then knows to ask. */
enum { PERSON_CASES_MAX = 100 };
int domain_person_cases(Ctx *ctx, int64_t person_id, PersonCase **items, int *count, int64_t *hidden);

/* Moves a case: action is advance (to the next stage, named in to), request_closure (with a reason),
 * approve_closure, return_closure (with a comment) or reopen (with a reason). */
int domain_case_transition(Ctx *ctx, int64_t id, int64_t version, const char *action, const char *to, const char *text,
                           CaseView *out);

/* Assigns a worker (the unit's supervisors); a worker of the case's unit may also take it herself, in her own role,
 * when nobody holds that role on it (case.role_taken otherwise). */
int domain_case_assign(Ctx *ctx, int64_t id, int64_t user_id, const char *role, CaseView *out);
/* The active users of the case's unit who hold role (an assignment role), for a supervisor choosing whom to assign:
 * the same access as domain_case_assign. *users live in the request's arena. */
int domain_case_assignable(Ctx *ctx, int64_t id, const char *role, User **users, int *count);
int domain_case_unassign(Ctx *ctx, int64_t id, int64_t assignment_id, CaseView *out);

/* The persons of a case; a reporter's record is left out (person_id 0) for those who may not see it. */
int domain_case_persons(Ctx *ctx, int64_t id, CasePerson **items, int *count);
int domain_case_person_add(Ctx *ctx, int64_t id, int64_t person_id, const char *role, CasePerson **items, int *count);
int domain_case_person_remove(Ctx *ctx, int64_t id, int64_t link_id);

int domain_case_incidents(Ctx *ctx, int64_t id, CaseIncident **items, int *count);
int domain_case_incident_add(Ctx *ctx, int64_t id, CaseIncident *incident);
int domain_case_notes(Ctx *ctx, int64_t id, CaseNote **items, int *count);
int domain_case_note_add(Ctx *ctx, int64_t id, CaseNote *note);
/* The follow-up schedule: the contacts planned on a case, recorded by notes (domain_case_note_add with followup_id)
 * or cancelled with a reason. */
typedef struct {
    const char *kind, *first_on, *participants;
    int64_t every_days; /* 0: a single contact */
    int64_t count;      /* how many contacts, every_days apart; 0 counts as 1 */
} FollowupPlan;

int domain_case_followups(Ctx *ctx, int64_t id, CaseFollowup **items, int *count);
/* Plans the contacts of plan; *items: the new follow-ups. */
int domain_case_followups_plan(Ctx *ctx, int64_t id, const FollowupPlan *plan, CaseFollowup **items, int *count);
int domain_case_followup_cancel(Ctx *ctx, int64_t id, int64_t followup_id, const char *reason, CaseFollowup *out);
int domain_case_history(Ctx *ctx, int64_t id, CaseEvent **items, int *count);
int domain_case_tasks(Ctx *ctx, int64_t id, CaseTask **items, int *count);
/* Recomputes the tasks of every case not closed, with the timeframes as they are now (the console, after a change of
 * the settings); *count: how many cases. */
int domain_cases_refresh_tasks(Ctx *ctx, int64_t *count);

/* The open tasks of the cases the user may see (mine: of their own cases), most urgent first (store_task_list), a page
 * at a time; *counts: the whole list's. filter->now 0: now (a cursor gives the now of its first page). */
int domain_tasks(Ctx *ctx, TaskFilter *filter, CaseTask **items, int *count, bool *more, TaskCounts *counts);

#endif
