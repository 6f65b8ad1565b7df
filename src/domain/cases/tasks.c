/* The open deadlines of cases as tasks: written again after each change, and the task lists. */
#include "domain/cases/cases.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/case_internal.h"
#include "domain/cases/deadlines.h"
#include "domain/core/codes.h"
#include "store/cases.h"
#include "store/centres.h"
#include "store/legal_records.h"

/* The case's open deadlines, written again after a change. */
int case_refresh_tasks(Ctx *ctx, const CaseView *view)
{
    bool worker = case_worker_assigned(&view->c, view->assignments, view->assignment_count);
    Timeframes t = timeframes_current();
    LegalClocks legal;
    int rc = store_legal_clocks(ctx->db, view->c.id, ctx->arena, &legal);
    /* an inmate's pre-release plan and children; a juvenile's aftercare plan (the same plan, from a home) */
    if (rc == TK_OK && view->c.kind && strcmp(view->c.kind, "family_violence") != 0)
        rc = store_centre_clocks(ctx->db, view->c.id, ctx->arena, &legal);
    if (rc != TK_OK)
        return rc;
    CaseTask tasks[MAX_DEADLINES];
    int count = case_deadlines(&view->c, worker, &t, &legal, tasks);
    return store_case_tasks_replace(ctx->db, view->c.id, tasks, count);
}

int domain_case_tasks_refresh(Ctx *ctx, int64_t id)
{
    CaseView view;
    memset(&view, 0, sizeof view);
    int rc = store_case_get(ctx->db, id, ctx->arena, &view.c);
    if (rc == TK_OK)
        rc = store_case_assignments(ctx->db, id, ctx->arena, &view.assignments, &view.assignment_count);
    return rc == TK_OK ? case_refresh_tasks(ctx, &view) : rc;
}

DOMAIN_CASE_PART_LIST(domain_case_tasks, CaseTask, case_load_section(ctx, case_id, 0, &view), store_case_tasks,
                      domain_case_part_whole, "case.tasks.read")

int domain_tasks(Ctx *ctx, TaskFilter *filter, CaseTask **items, int *count, bool *more, TaskCounts *counts)
{
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    if (filter->kind && !codes_find(&codes_task_kinds, filter->kind))
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "kind");
    CaseViewer viewer = domain_case_viewer(ctx);
    if (!filter->now) /* a cursor's pages keep the now of the first, so that no task moves between them */
        filter->now = clock_now();
    rc = store_task_list(ctx->db, &viewer, filter, ctx->arena, items, count, more);
    if (rc == TK_OK)
        rc = store_task_counts(ctx->db, &viewer, filter, counts);
    return rc == TK_OK ? domain_audit_read(ctx, "task.list", "case", filter->case_id, NULL) : rc;
}

int domain_cases_refresh_tasks(Ctx *ctx, int64_t *count)
{
    *count = 0;
    if (!ctx->command_line)
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    enum { BATCH = 1000 };
    int64_t ids[BATCH], after = 0;
    int found = 0, rc = TK_OK;
    Arena *outer = ctx->arena;
    Arena scratch;
    arena_init(&scratch, 0);
    ctx->arena = &scratch;
    do {
        if ((rc = store_case_open_ids(ctx->db, after, BATCH, ids, &found)) != TK_OK)
            break;
        /* a thousand cases to a transaction */
        DOMAIN_TRANSACTION(ctx, rc, {
            for (int i = 0; i < found && rc == TK_OK; i++) {
                CaseView view;
                memset(&view, 0, sizeof view);
                rc = store_case_get(ctx->db, ids[i], ctx->arena, &view.c);
                if (rc == TK_OK)
                    rc = store_case_assignments(ctx->db, ids[i], ctx->arena, &view.assignments, &view.assignment_count);
                if (rc == TK_OK)
                    rc = case_refresh_tasks(ctx, &view);
            }
            if (rc == TK_OK)
                rc = domain_audit_change(ctx, "case.tasks.refresh", "case", 0, "ok",
                                         arena_printf(ctx->arena, "%d cases", found));
        });
        if (rc == TK_OK) {
            *count += found;
            after = found ? ids[found - 1] : after;
        }
        arena_reset(&scratch);
    } while (rc == TK_OK && found == BATCH);
    ctx->arena = outer;
    arena_free(&scratch);
    return rc;
}
