/* The joint committee's recommendations (their register, exported as CSV or XLSX), the actions that implement them
 * and the actions' progress reports (domain/committee/committee.h). */
#include <string.h>

#include "api/body.h"
#include "api/committee.h"
#include "api/document.h"
#include "api/handlers.h"
#include "base/clock.h"
#include "base/err.h"
#include "domain/committee/committee.h"
#include "domain/core/codes.h"

/* Implemented by its due date (the rule of the register and of the statistics). */
static bool on_time(const Recommendation *r)
{
    const char *kept = committee_recommendation_on_time(r->state, r->due_on, r->closed_on, r->due_on);
    return strcmp(r->state, "implemented") == 0 && kept && strcmp(kept, "met") == 0;
}

/* --- recommendations --- */

/* An action; its state (on time, late, done) as of today. */
static const RenderMember action_members[] = RENDER_TABLE(
    CommitteeAction, (id, OUT_PLAIN), (recommendation_id, OUT_PLAIN), (owner_unit_id, OUT_PLAIN), (text, OUT_PLAIN),
    (responsible, OUT_PLAIN), (due_on, OUT_PLAIN), (owner_unit_name_ar, OUT_OR_NULL), (owner_unit_name_en, OUT_OR_NULL),
    (recommendation_text, OUT_OR_NULL), (completed_on, OUT_OR_NULL), (last_report_at, OUT_TIME),
    (report_count, OUT_PLAIN));

static json_t *action_json(const CommitteeAction *a, const char *today)
{
    json_t *j = api_render_new(a, action_members);
    json_object_set_new(j, "state", json_string(committee_action_state(a->due_on, a->completed_on, today)));
    json_object_set_new(j, "version", json_integer(a->version));
    return j;
}

/* The register as a table: the columns a committee's secretary sends to the ministry, in Arabic or English. */
static int register_table(Request *req, const Recommendation *items, int count, const char *today, DocTable *out)
{
    static const char *const header_ar[] = {"الاجتماع",      "التوصية",  "الجهة",     "الوحدة", "الأولوية",
                                            "الفئة",         "المحافظة", "الاستحقاق", "الحالة", "الإجراءات المنجزة",
                                            "نُفذت في موعدها"};
    static const char *const header_en[] = {"Meeting",
                                            "Recommendation",
                                            "Agency",
                                            "Unit",
                                            "Priority",
                                            "Category",
                                            "Governorate",
                                            "Due",
                                            "Status",
                                            "Actions completed",
                                            "Implemented on time"};
    enum { COLUMNS = sizeof header_ar / sizeof header_ar[0] };
    bool en = req->english;
    const char **cells = arena_calloc(&req->arena, (size_t)count * COLUMNS + 1, sizeof(char *));
    if (!cells)
        return TK_ERR_NOMEM;
    for (int i = 0; i < count; i++) {
        const Recommendation *r = &items[i];
        const char **row = cells + (size_t)i * COLUMNS;
        const CodeEntry *agency = codes_find(&codes_agencies, r->target_agency);
        const CodeEntry *governorate = r->governorate ? codes_find(&codes_governorates, r->governorate) : NULL;
        const char *status = committee_recommendation_status(r->state, r->due_on, today);
        row[0] = arena_printf(&req->arena, "%lld/%lld", (long long)r->meeting_number, (long long)r->meeting_year);
        row[1] = r->text;
        row[2] = agency ? (en ? agency->name_en : agency->name_ar) : r->target_agency;
        row[3] = en ? r->target_unit_name_en : r->target_unit_name_ar;
        row[4] = r->priority;
        row[5] = r->category;
        row[6] = governorate ? (en ? governorate->name_en : governorate->name_ar) : NULL;
        row[7] = r->due_on;
        row[8] = status;
        row[9] = arena_printf(&req->arena, "%lld/%lld", (long long)r->actions_completed, (long long)r->action_count);
        row[10] = on_time(r) ? (en ? "yes" : "نعم") : (en ? "no" : "لا");
    }
    *out = (DocTable){.name = en ? "Recommendations" : "التوصيات",
                      .column_count = COLUMNS,
                      .row_count = count,
                      .header = en ? header_en : header_ar,
                      .cells = cells};
    return TK_OK;
}

/* A recommendation: what, to whom, by when; its status as of today and its meeting; then where it came from, its
 * target and its closing; whether it was implemented on time, and its actions. */
static const RenderMember recommendation_members[] = RENDER_TABLE(
    Recommendation, (id, OUT_PLAIN), (meeting_id, OUT_PLAIN), (text, OUT_PLAIN), (target_agency, OUT_PLAIN),
    (priority, OUT_PLAIN), (due_on, OUT_PLAIN), (state, OUT_PLAIN));
static const RenderMember recommendation_target_members[] = RENDER_TABLE(
    Recommendation, (item_id, OUT_OR_NULL), (observation_id, OUT_OR_NULL), (target_unit_id, OUT_OR_NULL),
    (target_unit_name_ar, OUT_OR_NULL), (target_unit_name_en, OUT_OR_NULL), (category, OUT_OR_NULL),
    (governorate, OUT_OR_NULL), (state_reason, OUT_OR_NULL), (closed_on, OUT_OR_NULL));
static const RenderMember recommendation_actions_members[] = RENDER_TABLE(
    Recommendation, (action_count, OUT_PLAIN), (actions_completed, OUT_PLAIN), (version, OUT_PLAIN));

static json_t *recommendation_json(const Recommendation *r, const char *today)
{
    json_t *j = api_render_new(r, recommendation_members);
    json_object_set_new(j, "status", json_string(committee_recommendation_status(r->state, r->due_on, today)));
    json_object_set_new(
        j, "meeting",
        json_pack("{s:I, s:I}", "number", (json_int_t)r->meeting_number, "year", (json_int_t)r->meeting_year));
    api_render(j, r, recommendation_target_members);
    json_object_set_new(j, "on_time", json_boolean(on_time(r)));
    api_render(j, r, recommendation_actions_members);
    return j;
}

static const char *today_of(Request *req)
{
    char *today = arena_alloc(&req->arena, 11);
    if (today)
        clock_amman_today(today);
    return today ? today : "";
}

int api_recommendations(Request *req)
{
    RecommendationFilter f = {0};
    if (api_query_text(req, "status", &f.status) || api_query_text(req, "agency", &f.agency) ||
        api_query_text(req, "governorate", &f.governorate) || api_query_text(req, "category", &f.category) ||
        api_query_text(req, "due_from", &f.due_from) || api_query_text(req, "due_to", &f.due_to))
        return TK_ERR_INVALID;
    Recommendation *items = NULL;
    int count = 0;
    int rc = domain_recommendations(&req->ctx, &f, &items, &count);
    if (rc != TK_OK)
        return rc;
    json_t *array = API_ARRAY_OF(items, count, recommendation_json, f.today);
    api_respond(req, 200, json_pack("{s:o, s:s}", "items", array, "today", f.today));
    return TK_OK;
}

/* GET /recommendations/export?format=csv|xlsx and the register's filters. */
int api_recommendations_export(Request *req)
{
    RecommendationFilter f = {0};
    const char *format = NULL;
    if (api_query_text(req, "status", &f.status) || api_query_text(req, "agency", &f.agency) ||
        api_query_text(req, "governorate", &f.governorate) || api_query_text(req, "category", &f.category) ||
        api_query_text(req, "due_from", &f.due_from) || api_query_text(req, "due_to", &f.due_to) ||
        api_query_text(req, "format", &format))
        return TK_ERR_INVALID;
    if (!format || (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0))
        return fault_field(&req->fault, TK_ERR_INVALID, format ? "query.invalid" : "field.required", "format");
    Recommendation *items = NULL;
    int count = 0;
    int rc = domain_recommendations_export(&req->ctx, &f, format, &items, &count);
    DocTable table;
    if (rc == TK_OK)
        rc = register_table(req, items, count, f.today, &table);
    if (rc != TK_OK)
        return rc;
    return api_respond_table(req, &table, 1, format,
                             arena_printf(&req->arena, "recommendations-%s.%s", f.today, format));
}

static int recommendation_respond(Request *req, int64_t id, int status)
{
    Recommendation r;
    CommitteeEvent *history = NULL;
    int history_count = 0;
    int rc = domain_recommendation_get(&req->ctx, id, &r, &history, &history_count);
    if (rc != TK_OK)
        return rc;
    const char *today = today_of(req);
    json_t *j = recommendation_json(&r, today);
    json_t *actions = json_array();
    for (int i = 0; i < r.action_count_loaded; i++)
        json_array_append_new(actions, action_json(&r.actions[i], today));
    json_object_set_new(j, "actions", actions);
    json_object_set_new(j, "history", API_ARRAY_OF(history, history_count, api_committee_event_json));
    api_respond(req, status, j);
    return TK_OK;
}

int api_recommendation_get(Request *req)
{
    return recommendation_respond(req, req->params[0], 200);
}

static const FieldSpec recommendation_specs[] = BODY_TABLE(
    Recommendation, (item_id, FIELD_INTEGER, true, 0), (text, FIELD_STRING, true, 4000),
    (target_agency, FIELD_STRING, true, 10), (target_unit_id, FIELD_INTEGER_OR_NULL, false, 0),
    (priority, FIELD_STRING, true, 10), (due_on, FIELD_STRING, true, 10));

API_BODY_CALL_HANDLER(api_recommendation_add, Recommendation, recommendation_specs, Recommendation,
                      domain_recommendation_add(&req->ctx, &in), recommendation_respond(req, in.id, 201))

static const FieldSpec recommendation_update_specs[] = BODY_TABLE(
    Recommendation, (version, FIELD_INTEGER, true, 0), (text, FIELD_STRING_OR_NULL, false, 4000),
    (target_agency, FIELD_STRING_OR_NULL, false, 10), (target_unit_id, FIELD_INTEGER_OR_NULL, false, 0),
    (priority, FIELD_STRING_OR_NULL, false, 10), (due_on, FIELD_STRING_OR_NULL, false, 10),
    (state, FIELD_STRING_OR_NULL, false, 20), (state_reason, FIELD_STRING_OR_NULL, false, 1000));
API_BODY_CALL_HANDLER(api_recommendation_update, Recommendation, recommendation_update_specs, Recommendation,
                      domain_recommendation_update(&req->ctx, req->params[0], in.version, &in, &out),
                      recommendation_respond(req, req->params[0], 200))

/* --- actions --- */

/* The actions of a recommendation, each in its state as of today. */
static int actions_answer(Request *req, const CommitteeAction *items, int count)
{
    const char *today = today_of(req);
    json_t *array = API_ARRAY_OF(items, count, action_json, today);
    api_respond_items(req, "recommendation_id", req->params[0], array);
    return TK_OK;
}
API_LIST_ANSWER_HANDLER(api_recommendation_actions, CommitteeAction, domain_recommendation_actions, 1, actions_answer)

static const FieldSpec action_add_specs[] = BODY_TABLE(
    CommitteeAction, (text, FIELD_STRING, true, 4000), (owner_unit_id, FIELD_INTEGER, true, 0),
    (responsible, FIELD_STRING, true, 200), (due_on, FIELD_STRING, true, 10));
API_BODY_CALL_HANDLER(api_recommendation_action_add, CommitteeAction, action_add_specs, CommitteeAction,
                      domain_action_add(&req->ctx, req->params[0], &in),
                      api_answer(req, 201, action_json(&in, today_of(req))))

int api_actions_due(Request *req)
{
    const char *scope = NULL;
    if (api_query_text(req, "scope", &scope))
        return TK_ERR_INVALID;
    if (scope && strcmp(scope, "mine") != 0 && strcmp(scope, "all") != 0)
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", "scope");
    CommitteeAction *items = NULL;
    int count = 0;
    const char *today = NULL;
    int rc = domain_actions_due(&req->ctx, !scope || strcmp(scope, "mine") == 0, &items, &count, &today);
    if (rc != TK_OK)
        return rc;
    json_t *array = API_ARRAY_OF(items, count, action_json, today);
    api_respond(req, 200, json_pack("{s:o, s:s}", "items", array, "today", today));
    return TK_OK;
}

API_RENDERER(report_json, ActionReport, (id, OUT_PLAIN), (action_id, OUT_PLAIN), (text, OUT_PLAIN),
             (completed, OUT_PLAIN), (reported_at, OUT_TIME), (reported_by_name, OUT_OR_NULL))

/* An action with its reports. */
static int action_answer(Request *req, const CommitteeAction *a, const ActionReport *reports, int count)
{
    json_t *j = action_json(a, today_of(req));
    json_object_set_new(j, "reports", API_ARRAY_OF(reports, count, report_json));
    api_respond(req, 200, j);
    return TK_OK;
}
API_PARENT_LIST_HANDLER(api_action_get, CommitteeAction, ActionReport, domain_action_get, action_answer)

/* The reports of an action alone. */
static int reports_answer(Request *req, const CommitteeAction *a, const ActionReport *reports, int count)
{
    api_respond_items(req, "action_id", a->id, API_ARRAY_OF(reports, count, report_json));
    return TK_OK;
}
API_PARENT_LIST_HANDLER(api_action_reports, CommitteeAction, ActionReport, domain_action_get, reports_answer)

BODY_RECORD(ReportBody, report_specs, (const char *, text, FIELD_STRING, true, 4000),
            (bool, completed, FIELD_BOOLEAN, false, 0));
API_BODY_CALL_HANDLER(api_action_report_add, ReportBody, report_specs, ActionReport,
                      domain_action_report_add(&req->ctx, req->params[0], in.text, in.completed, &out),
                      api_answer(req, 201, report_json(&out)))
