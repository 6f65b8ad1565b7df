/* A case (its fields of every kind come from model/case_fields.h), who reads lists of cases, and the filter of
 * those lists. */
#ifndef TAKAMUL_MODEL_CASE_H
#define TAKAMUL_MODEL_CASE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/person.h"

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

/* A case a person appears in, with her role (one item per role). */
typedef struct {
    Case c;
    char *role;
} PersonCase;

#endif
