/* The open tasks of a case, and the task lists of the user. */
#include <stdio.h>
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/cases.h"
#include "domain/cases/deadlines.h"

static json_t *tasks_json(const CaseTask *items, int count, int64_t now)
{
    json_t *array = json_array();
    for (int i = 0; i < count; i++) {
        json_t *j = json_pack("{s:I, s:I, s:s, s:o, s:b}", "id", (json_int_t)items[i].id, "case_id",
                              (json_int_t)items[i].case_id, "kind", items[i].kind, "due_at", api_time(items[i].due_at),
                              "overdue", items[i].due_at < now);
        char day[11];
        json_object_set_new(j, "due_on", clock_amman_day_ending(items[i].due_at, day) ? json_string(day) : json_null());
        api_set_texts(j, "case_reference", items[i].reference, "case_kind", items[i].case_kind, NULL);
        json_array_append_new(array, j);
    }
    return array;
}

int api_cases_tasks(Request *req)
{
    CaseTask *items;
    int count;
    int rc = domain_case_tasks(&req->ctx, req->params[0], &items, &count);
    if (rc == TK_OK)
        api_respond_case_items(req, 200, tasks_json(items, count, clock_now()));
    return rc;
}

/* The task list's cursor: "NOW.URGENCY.DUE.ID", the place after the last task of a page and the now of the first. */
static int task_cursor(Request *req, TaskFilter *filter)
{
    const char *text = NULL;
    filter->after_urgency = -1;
    if (api_query_text(req, "cursor", &text))
        return TK_ERR_INVALID;
    if (!text)
        return TK_OK;
    long long now = 0, due = 0, id = 0;
    int urgency = 0, used = 0;
    if (sscanf(text, "%lld.%d.%lld.%lld%n", &now, &urgency, &due, &id, &used) != 4 || text[used] || now <= 0 ||
        urgency < 0 || urgency > 2 || id <= 0)
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", "cursor");
    filter->now = now;
    filter->after_urgency = urgency;
    filter->after_due = due;
    filter->after_id = id;
    return TK_OK;
}

int api_tasks_list(Request *req)
{
    TaskFilter filter = {0};
    const char *scope = NULL;
    if (api_query_text(req, "scope", &scope) || api_query_flag(req, "overdue", &filter.overdue) ||
        api_query_limit(req, &filter.limit) || api_query_text(req, "kind", &filter.kind) ||
        api_query_id(req, "unit_id", &filter.unit_id) || api_query_id(req, "case_id", &filter.case_id) ||
        api_query_time(req, "due_before", &filter.due_before) || task_cursor(req, &filter))
        return TK_ERR_INVALID;
    if (scope && strcmp(scope, "mine") != 0 && strcmp(scope, "all") != 0)
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", "scope");
    filter.mine = !scope || strcmp(scope, "mine") == 0;
    CaseTask *items;
    int count;
    bool more = false;
    TaskCounts counts;
    int rc = domain_tasks(&req->ctx, &filter, &items, &count, &more, &counts);
    if (rc != TK_OK)
        return rc;
    json_t *array = tasks_json(items, count, filter.now);
    for (int i = 0; i < count; i++) {
        json_t *item = json_array_get(array, (size_t)i);
        json_object_set_new(item, "risk_level", api_text_or_null(items[i].risk_level));
    }
    json_t *next = json_null();
    if (more && count) {
        const CaseTask *last = &items[count - 1];
        next = json_sprintf("%lld.%d.%lld.%lld", (long long)filter.now, last->urgency, (long long)last->due_at,
                            (long long)last->id);
    }
    api_respond(req, 200,
                json_pack("{s:o, s:o, s:I, s:I, s:I}", "items", array, "next_cursor", next, "total",
                          (json_int_t)counts.total, "overdue", (json_int_t)counts.overdue, "overdue_high_risk",
                          (json_int_t)counts.overdue_high));
    return TK_OK;
}
