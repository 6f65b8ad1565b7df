/* The committee's fact-finding groups, and statistics figures attached to an observation as evidence
 * (domain/committee/committee.h, docs/api.md "Joint committee"). */
#include <string.h>

#include "api/body.h"
#include "api/committee.h"
#include "api/handlers.h"
#include "api/statistics_json.h"
#include "base/err.h"
#include "domain/committee/committee.h"

static json_t *meeting_ref(int64_t id, int64_t number, int64_t year)
{
    return id ? json_pack("{s:I, s:I, s:I}", "id", (json_int_t)id, "number", (json_int_t)number, "year",
                          (json_int_t)year)
              : json_null();
}

static json_t *group_json(const FactFindingGroup *g)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)g->id, "task", g->task, "due_on", g->due_on,
                          "state", g->state);
    json_object_set_new(j, "meeting", meeting_ref(g->meeting_id, g->meeting_number, g->meeting_year));
    json_object_set_new(j, "item_id", api_id_or_null(g->item_id));
    api_set_texts(j, "report", g->report, "reported_on", g->reported_on, NULL);
    json_object_set_new(j, "report_item_id", api_id_or_null(g->report_item_id));
    json_object_set_new(j, "report_meeting",
                        meeting_ref(g->report_meeting_id, g->report_meeting_number, g->report_meeting_year));
    json_t *members = json_array();
    for (int i = 0; i < g->member_count; i++)
        json_array_append_new(members,
                              json_pack("{s:s, s:s}", "name", g->members[i].name, "agency", g->members[i].agency));
    json_object_set_new(j, "members", members);
    /* the minutes of the meeting that set it up are approved: its task, due date and members no longer change */
    json_object_set_new(j, "task_fixed", json_boolean(g->minutes_approved_at != 0));
    json_object_set_new(j, "created_at", api_time(g->created_at));
    json_object_set_new(j, "updated_at", api_time(g->updated_at));
    json_object_set_new(j, "version", json_integer(g->version));
    return j;
}

int api_fact_findings(Request *req)
{
    int64_t meeting_id = 0;
    if (api_query_id(req, "meeting_id", &meeting_id))
        return TK_ERR_INVALID;
    FactFindingGroup *items = NULL;
    int count = 0;
    int rc = domain_fact_findings(&req->ctx, meeting_id, &items, &count);
    if (rc == TK_OK)
        api_respond(req, 200, json_pack("{s:o}", "items", API_ARRAY_OF(items, count, group_json)));
    return rc;
}

API_COMMITTEE_RESPOND(group_respond, FactFindingGroup, domain_fact_finding_get, group_json)

int api_fact_finding_get(Request *req)
{
    return group_respond(req, req->params[0], 200);
}

/* The members of a body: [{"name", "agency"}, …], each checked for its fields and types. */
static int body_members(Request *req, json_t *body, FactFindingMember **members, int *count)
{
    json_t *array = json_object_get(body, "members");
    *count = (int)json_array_size(array);
    *members = arena_calloc(&req->arena, (size_t)*count + 1, sizeof(FactFindingMember));
    if (!*members)
        return TK_ERR_NOMEM;
    for (int i = 0; i < *count; i++) {
        json_t *m = json_array_get(array, (size_t)i), *name = json_object_get(m, "name"),
               *agency = json_object_get(m, "agency");
        if (!json_is_string(name))
            return fault_field(req->ctx.fault, TK_ERR_INVALID, name ? "field.type" : "field.required", "members.name");
        if (!json_is_string(agency))
            return fault_field(req->ctx.fault, TK_ERR_INVALID, agency ? "field.type" : "field.required",
                               "members.agency");
        if (json_object_size(m) > 2)
            return fault_field(req->ctx.fault, TK_ERR_INVALID, "field.unknown", "members");
        (*members)[i] = (FactFindingMember){.name = arena_strdup(&req->arena, json_string_value(name)),
                                            .agency = arena_strdup(&req->arena, json_string_value(agency))};
    }
    return TK_OK;
}

/* POST /meetings/{id}/fact-finding-groups {"task", "due_on", "members": [{"name", "agency"}], "item_id"} */
int api_fact_finding_add(Request *req)
{
    static const FieldSpec specs[] = {
        BODY_ROWS(FactFindingGroup, (task, FIELD_STRING, true, 4000), (due_on, FIELD_STRING, true, 10)),
        BODY_CHECK("members", FIELD_OBJECT_ARRAY, true, 0),
        BODY_ROWS(FactFindingGroup, (item_id, FIELD_INTEGER_OR_NULL, false, 0)),
        {0}};
    FactFindingGroup g = {.meeting_id = req->params[0]};
    json_t *body;
    int rc = api_body_keep(req, specs, &g, &body);
    if (rc == TK_OK)
        rc = body_members(req, body, &g.members, &g.member_count);
    json_decref(body);
    if (rc == TK_OK)
        rc = domain_fact_finding_add(&req->ctx, &g);
    return rc == TK_OK ? group_respond(req, g.id, 201) : rc;
}

/* PATCH /fact-finding-groups/{id} {"version", "task", "due_on", "members", "report", "reported_on"} */
int api_fact_finding_update(Request *req)
{
    static const FieldSpec specs[] = {BODY_ROWS(FactFindingGroup, (version, FIELD_INTEGER, true, 0),
                                                (task, FIELD_STRING_OR_NULL, false, 4000),
                                                (due_on, FIELD_STRING_OR_NULL, false, 10)),
                                      BODY_CHECK("members", FIELD_OBJECT_ARRAY, false, 0),
                                      BODY_ROWS(FactFindingGroup, (report, FIELD_STRING_OR_NULL, false, 8000),
                                                (reported_on, FIELD_STRING_OR_NULL, false, 10)),
                                      {0}};
    FactFindingGroup edit = {0};
    json_t *body;
    int rc = api_body_keep(req, specs, &edit, &body);
    FactFindingMember *members = NULL;
    int member_count = 0;
    if (rc == TK_OK && json_object_get(body, "members"))
        rc = body_members(req, body, &members, &member_count);
    json_decref(body);
    FactFindingGroup out;
    if (rc == TK_OK)
        rc = domain_fact_finding_update(&req->ctx, req->params[0], edit.version, &edit, members, member_count, &out);
    return rc == TK_OK ? group_respond(req, req->params[0], 200) : rc;
}

/* --- figures as evidence --- */

json_t *api_observation_figures_json(const ObservationFigures *f)
{
    json_error_t error;
    json_t *table = f->figures ? json_loads(f->figures, 0, &error) : NULL;
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)f->id, "indicator", f->indicator, "by",
                          f->breakdown, "from", f->period_from, "to", f->period_to, "threshold",
                          (json_int_t)f->threshold);
    json_object_set_new(j, "table", table ? table : json_null());
    json_object_set_new(j, "attached_by_name", api_text_or_null(f->attached_by_name));
    json_object_set_new(j, "attached_at", api_time(f->attached_at));
    return j;
}

/* The table as the statistics API gives it, as text to keep. */
static char *figures_render(const StatResult *result, Arena *arena)
{
    json_t *j = api_statistics_result_json(result, arena);
    size_t size = j ? json_dumpb(j, NULL, 0, JSON_COMPACT) : 0;
    char *text = size ? arena_alloc(arena, size + 1) : NULL;
    if (text && json_dumpb(j, text, size, JSON_COMPACT) == size)
        text[size] = '\0';
    else
        text = NULL;
    json_decref(j);
    return text;
}

/* POST /observations/{id}/figures {"indicator", "by", "from", "to", "kind", "governorate"} */
int api_observation_figures_add(Request *req)
{
    struct {
        StatRequest s;
        const char *indicator;
    } in = {0};
    static const FieldSpec specs[] = {
        BODY_FIELD(__typeof__(in), indicator, FIELD_STRING, true, 60),
        BODY_FIELD(__typeof__(in), s.by, FIELD_STRING_OR_NULL, false, 60),
        BODY_FIELD(__typeof__(in), s.from, FIELD_STRING_OR_NULL, false, 10),
        BODY_FIELD(__typeof__(in), s.to, FIELD_STRING_OR_NULL, false, 10),
        BODY_FIELD(__typeof__(in), s.kind, FIELD_STRING_OR_NULL, false, 40),
        BODY_FIELD(__typeof__(in), s.governorate, FIELD_STRING_OR_NULL, false, 20),
        {0},
    };
    int rc = api_body_record(req, specs, &in);
    if (rc != TK_OK)
        return rc;
    ObservationFigures f;
    rc = domain_observation_figures_add(&req->ctx, req->params[0], in.indicator, &in.s, figures_render, &f);
    if (rc == TK_OK) {
        f.attached_by_name = NULL;
        api_respond(req, 201, api_observation_figures_json(&f));
    }
    return rc;
}
