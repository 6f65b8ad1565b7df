/* The open deadlines of cases as tasks, and the task lists over the cases a viewer sees. */
#include "store/cases.h"

#include <string.h>

#include "base/err.h"
#include "store/case_visible.h"
#include "store/sql.h"

int store_case_tasks_replace(Db *db, int64_t case_id, const CaseTask *tasks, int count)
{
    int rc = sql_run(db, "DELETE FROM case_tasks WHERE case_id = :case", SQL_ARGS(SQL_INT(":case", case_id)));
    for (int i = 0; i < count && rc == TK_OK; i++) {
        Query q = sql_query(
            db, "INSERT INTO case_tasks (case_id, kind, due_at, detail) VALUES (:case, :kind, :due, :detail)");
        sql_bind_args(&q, SQL_ARGS(SQL_INT(":case", case_id), SQL_TEXT(":kind", tasks[i].kind),
                                   SQL_INT(":due", tasks[i].due_at), SQL_TEXT(":detail", tasks[i].detail)));
        rc = sql_exec(&q);
    }
    return rc;
}

static void read_task_row(Query *q, Arena *arena, void *item)
{
    CaseTask *t = item;
    sql_read_fields(q, 0, arena, t,
                    SQL_FIELDS(CaseTask, id, case_id, kind, due_at, detail, reference, case_kind, unit_id));
}

static int read_tasks(Query *q, Arena *arena, CaseTask **items, int *count)
{
    return sql_collect(q, arena, sizeof(CaseTask), read_task_row, 0, items, count, NULL);
}

int store_case_tasks(Db *db, int64_t case_id, Arena *arena, CaseTask **items, int *count)
{
    *items = NULL;
    *count = 0;
    Query q = sql_query(
        db, "SELECT t.id, t.case_id, t.kind, t.due_at, t.detail, c.reference, c.kind, c.unit_id FROM case_tasks t"
            " JOIN cases c ON c.id = t.case_id WHERE t.case_id = :case ORDER BY t.due_at, t.id");
    sql_int(&q, ":case", case_id);
    return read_tasks(&q, arena, items, count);
}

/* The tasks of a task filter: FROM and WHERE, cursor aside (the viewer's and the filter's parameters bound by
 * bind_task_filter). Mine: the tasks of my cases, and for a supervisor the assignments and closures of the unit. */
#define TASKS_FILTERED                                                                                                 \
    " FROM case_tasks t JOIN cases c ON c.id = t.case_id WHERE " CASE_VISIBLE                                          \
    " AND (:mine = 0 OR EXISTS (SELECT 1 FROM case_assignments m WHERE m.case_id = c.id AND m.user_id = :viewer"       \
    "   AND m.ended_at IS NULL)"                                                                                       \
    "   OR (:viewer_supervisor <> 0 AND c.unit_id = :viewer_unit AND t.kind IN ('assignment', 'closure_approval')))"   \
    " AND (:overdue = 0 OR t.due_at < :now) AND (:before = 0 OR t.due_at < :before)"                                   \
    " AND (CAST(:kind AS TEXT) IS NULL OR t.kind = :kind) AND (:unit = 0 OR c.unit_id = :unit)"                        \
    " AND (:case = 0 OR c.id = :case)"

/* How urgent a task is (TaskFilter's order): 0 overdue on a high-risk case, 1 overdue, 2 not yet due. */
#define TASK_URGENCY "CASE WHEN t.due_at < :now AND c.risk_level = 'high' THEN 0 WHEN t.due_at < :now THEN 1 ELSE 2 END"

static void bind_task_filter(Query *q, const CaseViewer *viewer, const TaskFilter *f)
{
    store_bind_case_viewer(q, viewer);
    sql_bind_args(q, SQL_ARGS(SQL_INT(":mine", f->mine), SQL_INT(":overdue", f->overdue), SQL_INT(":now", f->now),
                              SQL_INT(":before", f->due_before), SQL_TEXT(":kind", f->kind),
                              SQL_INT(":unit", f->unit_id), SQL_INT(":case", f->case_id)));
}

/* A task of a list (a SqlReadRow), with its case's risk and its urgency. */
static void read_listed_task(Query *q, Arena *arena, void *item)
{
    CaseTask *t = item;
    read_task_row(q, arena, t);
    t->risk_level = sql_col_text(q, 8, arena);
    t->urgency = (int)sql_col_int(q, 9);
}

int store_task_list(Db *db, const CaseViewer *viewer, const TaskFilter *f, Arena *arena, CaseTask **items, int *count,
                    bool *more)
{
    Query q = sql_query(
        db,
        "SELECT t.id, t.case_id, t.kind, t.due_at, t.detail, c.reference, c.kind, c.unit_id, c.risk_level, " TASK_URGENCY
            TASKS_FILTERED " AND (:after_urgency < 0 OR " TASK_URGENCY " > :after_urgency OR (" TASK_URGENCY
        " = :after_urgency"
        "   AND (t.due_at > :after_due OR (t.due_at = :after_due AND t.id > :after_id))))"
        " ORDER BY " TASK_URGENCY ", t.due_at, t.id LIMIT :limit");
    bind_task_filter(&q, viewer, f);
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":after_urgency", f->after_urgency), SQL_INT(":after_due", f->after_due),
                               SQL_INT(":after_id", f->after_id), SQL_INT(":limit", f->limit + 1)));
    return sql_collect(&q, arena, sizeof(CaseTask), read_listed_task, f->limit, items, count, more);
}

int store_task_counts(Db *db, const CaseViewer *viewer, const TaskFilter *f, TaskCounts *counts)
{
    memset(counts, 0, sizeof *counts);
    Query q = sql_query(
        db, "SELECT count(*), coalesce(sum(CASE WHEN t.due_at < :now THEN 1 ELSE 0 END), 0),"
            " coalesce(sum(CASE WHEN t.due_at < :now AND c.risk_level = 'high' THEN 1 ELSE 0 END), 0)" TASKS_FILTERED);
    bind_task_filter(&q, viewer, f);
    if (sql_row(&q)) {
        counts->total = sql_col_int(&q, 0);
        counts->overdue = sql_col_int(&q, 1);
        counts->overdue_high = sql_col_int(&q, 2);
    }
    return sql_done(&q);
}

int store_case_open_ids(Db *db, int64_t after_id, int max, int64_t *ids, int *count)
{
    *count = 0;
    Query q = sql_query(db, "SELECT id FROM cases WHERE id > :after AND stage != 'closed' ORDER BY id LIMIT :max");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":after", after_id), SQL_INT(":max", max)));
    while (sql_row(&q))
        ids[(*count)++] = sql_col_int(&q, 0);
    return sql_done(&q);
}
