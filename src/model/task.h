/* The open deadlines of cases as tasks, and the filter of task lists. */
#ifndef TAKAMUL_MODEL_TASK_H
#define TAKAMUL_MODEL_TASK_H

#include <stdbool.h>
#include <stdint.h>

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

typedef struct {
    bool mine;                /* cases assigned to the viewer; else every case the viewer may see */
    bool overdue;             /* only tasks past due at now */
    int64_t now;              /* what overdue means; a cursor carries the now of its first page */
    int64_t due_before;       /* 0: any */
    const char *kind;         /* NULL: any task kind */
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

#endif
