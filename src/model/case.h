/* A case (its fields of every kind come from model/case_fields.h), who reads lists of cases, and the filter of
 * those lists. */
#ifndef TAKAMUL_MODEL_CASE_H
#define TAKAMUL_MODEL_CASE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/case_fields.h"
#include "model/person.h"

typedef struct {
    int64_t id;
    char *reference, *kind;
    int64_t unit_id;
    char *stage;
    bool closure_requested;
    char *closure_reason;
    int64_t closure_requested_by, closure_requested_at, closed_by, closed_at; /* 0: none */
    int64_t risk_assessed_by, risk_assessed_at; /* who set risk_level and risk_assessment, and when */
    /* the fields a body may set, of every kind and of some (model/case_fields.h) */
#define CASE_FIELD_MEMBER(ID, name, type, ...) CASE_FIELD_CTYPE_##type name;
    CASE_FIELDS(CASE_FIELD_MEMBER)
#undef CASE_FIELD_MEMBER
    /* where the clocks restart from: the assignment clock (registration, a transfer's acceptance, a reopening, or
     * the unassignment that left the case without its worker), the latest reopening (0: never) and the start of
     * the case plan (0: not yet) */
    int64_t clock_started_at, reopened_at, plan_started_at;
    int64_t created_by, updated_by, created_at, updated_at, version;
    char *unit_name_ar, *unit_name_en; /* the unit's names: filled by store_case_get and store_case_list */
    char *next_planned_follow_up;      /* the earliest follow-up of the schedule still planned */
    char *next_goal_review;            /* the earliest review date of the case plan's open goals */
    bool social_study_submitted;       /* a social study of the juvenile (template juvenile) submitted or approved */
    int64_t sealed_at;                 /* a juvenile's record sealed at 18 (0: not sealed) */
    /* filled by store_case_list: the principal person (victim, juvenile or inmate; the first added) and the worker
     * assigned (the social worker first) */
    Person principal; /* id 0: none; only the names are read */
    char *worker_name, *worker_sex;
} Case;

/* Who reads: what the access predicate of lists needs. */
typedef struct {
    int64_t user_id, unit_id;
    const char *agency; /* of the user's unit */
    bool supervisor;    /* sees the restricted cases of their own unit */
    bool manager;       /* sees the normal cases of every unit of their agency */
    bool home_staff;    /* care-home staff: sees the cases of the residents of their home (unit) now */
    bool break_glass;   /* the single read of a case: the user's break-glass grant on it counts, until it expires,
                         * and so does a court order that opens a sealed record to the user */
    int64_t now;        /* for that expiry */
} CaseViewer;

enum { CASE_FILTER_PERSONS = 20 };

typedef struct {
    const char *kind, *stage, *risk_level, *governorate; /* NULL: any */
    int64_t unit_id, worker_id;                          /* 0: any */
    bool overdue;                                        /* only cases with a task past due at `now` */
    int64_t now;
    const char *opened_from, *opened_to; /* YYYY-MM-DD, inclusive; NULL: open-ended */
    const char *reference;               /* NULL: any; else the start of the reference (upper case) */
    /* persons_given: only cases in which one of these persons has a role (the reporter's never counts) */
    bool persons_given;
    int64_t person_ids[CASE_FILTER_PERSONS];
    int64_t before_id; /* cursor: newest first */
    int limit;
} CaseFilter;

/* A case a person appears in, with her role (one item per role). */
typedef struct {
    Case c;
    char *role;
} PersonCase;

#endif
