/* The joint committee (domain/committee/committee.h): members, observations, meetings with their agenda and minutes
 * (a PDF in Arabic), recommendations, actions and their progress reports. */
#include <string.h>

#include "api/body.h"
#include "api/committee.h"
#include "api/handlers.h"
#include "api/document.h"
#include "api/statistics_json.h"
#include "base/clock.h"
#include "base/err.h"
#include "domain/committee/committee.h"
#include "domain/core/codes.h"

enum { IDS_MAX = 20 };

/* The ids of an array field (at most IDS_MAX, else a fault), into the arena. */
static int body_ids(Request *req, json_t *body, const char *name, int64_t **ids, int *count)
{
    json_t *array = json_object_get(body, name);
    *count = json_is_array(array) ? (int)json_array_size(array) : 0;
    *ids = NULL;
    if (*count > IDS_MAX)
        return fault_field(&req->fault, TK_ERR_INVALID, "field.too_long", name);
    *ids = arena_calloc(&req->arena, (size_t)*count + 1, sizeof(int64_t));
    if (!*ids)
        return TK_ERR_NOMEM;
    for (int i = 0; i < *count; i++)
        (*ids)[i] = json_integer_value(json_array_get(array, (size_t)i));
    return TK_OK;
}

json_t *api_committee_event_json(const CommitteeEvent *e)
{
    json_t *j = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)e->id, "event", e->event, "at", api_time(e->at));
    api_set_texts(j, "detail", e->detail, "by_name", e->by_name, NULL);
    return j;
}

static json_t *history_json(const CommitteeEvent *items, int count)
{
    return API_ARRAY_OF(items, count, api_committee_event_json);
}

/* Implemented by its due date (the rule of the register and of the statistics). */
static bool on_time(const Recommendation *r)
{
    const char *kept = committee_recommendation_on_time(r->state, r->due_on, r->closed_on, r->due_on);
    return strcmp(r->state, "implemented") == 0 && kept && strcmp(kept, "met") == 0;
}

/* --- members --- */

static json_t *member_json(const MeetingMember *m)
{
    json_t *j = json_pack("{s:I, s:b, s:b}", "user_id", (json_int_t)m->user_id, "present", m->present, "secretary",
                          m->secretary);
    api_set_texts(j, "name", m->name, "agency", m->agency, "unit_name_ar", m->unit_name_ar, NULL);
    return j;
}

int api_committee_members(Request *req)
{
    MeetingMember *items = NULL;
    int count = 0;
    int rc = domain_committee_members(&req->ctx, &items, &count);
    if (rc == TK_OK)
        api_respond(req, 200,
                    json_pack("{s:o, s:b}", "items", API_ARRAY_OF(items, count, member_json), "secretary",
                              domain_committee_is_secretary(&req->ctx)));
    return rc;
}

int api_committee_member_get(Request *req)
{
    bool secretary = false;
    int rc = domain_committee_secretary_get(&req->ctx, req->params[0], &secretary);
    if (rc == TK_OK)
        api_respond(req, 200, json_pack("{s:I, s:b}", "user_id", (json_int_t)req->params[0], "secretary", secretary));
    return rc;
}

int api_committee_member_set(Request *req)
{
    static const FieldSpec specs[] = {{"secretary", FIELD_BOOLEAN, true, 0}, {0}};
    struct {
        bool secretary;
    } in = {0};
    int rc = api_body_record(req, specs, &in, API_BODY_FIELDS(__typeof__(in), secretary));
    if (rc == TK_OK)
        rc = domain_committee_secretary_set(&req->ctx, req->params[0], in.secretary);
    if (rc == TK_OK)
        api_respond(req, 200,
                    json_pack("{s:I, s:b}", "user_id", (json_int_t)req->params[0], "secretary", in.secretary));
    return rc;
}

/* --- observations --- */

static json_t *observation_json(const Observation *o)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)o->id, "unit_id", (json_int_t)o->unit_id,
                          "category", o->category, "description", o->description, "status", o->status);
    api_set_texts(j, "governorate", o->governorate, "evidence", o->evidence, "dismissed_reason", o->dismissed_reason,
                  "unit_name_ar", o->unit_name_ar, "unit_name_en", o->unit_name_en, "unit_agency", o->unit_agency,
                  "created_by_name", o->created_by_name, NULL);
    json_object_set_new(j, "created_at", api_time(o->created_at));
    json_object_set_new(j, "updated_at", api_time(o->updated_at));
    json_object_set_new(j, "version", json_integer(o->version));
    return j;
}

/* An observation read alone: its units concerned and its cases, or only how many cases for the committee. */
static json_t *observation_full_json(const Observation *o)
{
    json_t *j = observation_json(o);
    json_t *units = json_array();
    for (int i = 0; i < o->unit_count; i++)
        json_array_append_new(units, json_integer(o->units[i]));
    json_object_set_new(j, "units", units);
    json_object_set_new(j, "case_count", json_integer(o->case_count));
    if (o->cases_withheld)
        json_object_set_new(j, "cases", json_null());
    else {
        json_t *cases = json_array();
        for (int i = 0; i < o->case_count; i++)
            json_array_append_new(cases, json_pack("{s:I, s:o}", "case_id", (json_int_t)o->cases[i].case_id,
                                                   "reference", api_text_or_null(o->cases[i].reference)));
        json_object_set_new(j, "cases", cases);
    }
    json_t *figures = json_array();
    for (int i = 0; i < o->figure_count; i++)
        json_array_append_new(figures, api_observation_figures_json(&o->figures[i]));
    json_object_set_new(j, "figures", figures);
    return j;
}

int api_observations(Request *req)
{
    ObservationFilter filter = {0};
    if (api_query_text(req, "category", &filter.category) || api_query_text(req, "governorate", &filter.governorate) ||
        api_query_text(req, "status", &filter.status))
        return TK_ERR_INVALID;
    Observation *items = NULL;
    int count = 0;
    int rc = domain_observations(&req->ctx, &filter, &items, &count);
    if (rc == TK_OK)
        api_respond(req, 200, json_pack("{s:o}", "items", API_ARRAY_OF(items, count, observation_json)));
    return rc;
}

static int observation_respond(Request *req, int64_t id, int status);

int api_observation_get(Request *req)
{
    return observation_respond(req, req->params[0], 200);
}

int api_observation_add(Request *req)
{
    static const FieldSpec specs[] = {
        {"category", FIELD_STRING, true, 20},
        {"governorate", FIELD_STRING_OR_NULL, false, 20},
        {"units", FIELD_ID_ARRAY, false, 0},
        {"description", FIELD_STRING, true, 4000},
        {"evidence", FIELD_STRING_OR_NULL, false, 4000},
        {"case_ids", FIELD_ID_ARRAY, false, 0},
        {0},
    };
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    Observation o = {0};
    api_body_fields(req, body, &o, API_BODY_FIELDS(Observation, category, governorate, description, evidence));
    int64_t *cases = NULL;
    rc = body_ids(req, body, "units", &o.units, &o.unit_count);
    if (rc == TK_OK)
        rc = body_ids(req, body, "case_ids", &cases, &o.case_count);
    json_decref(body);
    if (rc == TK_OK) {
        o.cases = arena_calloc(&req->arena, (size_t)o.case_count + 1, sizeof(ObservationCase));
        for (int i = 0; o.cases && i < o.case_count; i++)
            o.cases[i].case_id = cases[i];
        rc = o.cases ? domain_observation_add(&req->ctx, &o) : TK_ERR_NOMEM;
    }
    if (rc == TK_OK)
        return observation_respond(req, o.id, 201);
    return rc;
}

API_COMMITTEE_RESPOND(observation_respond, Observation, domain_observation_get, observation_full_json)

int api_observation_update(Request *req)
{
    static const FieldSpec specs[] = {
        {"version", FIELD_INTEGER, true, 0},
        {"category", FIELD_STRING_OR_NULL, false, 20},
        {"governorate", FIELD_STRING_OR_NULL, false, 20},
        {"description", FIELD_STRING_OR_NULL, false, 4000},
        {"evidence", FIELD_STRING_OR_NULL, false, 4000},
        {"status", FIELD_STRING_OR_NULL, false, 20},
        {"dismissed_reason", FIELD_STRING_OR_NULL, false, 1000},
        {0},
    };
    Observation edit = {0};
    int rc = api_body_record(
        req, specs, &edit,
        API_BODY_FIELDS(Observation, version, category, governorate, description, evidence, status, dismissed_reason));
    Observation out;
    if (rc == TK_OK)
        rc = domain_observation_update(&req->ctx, req->params[0], edit.version, &edit, &out);
    if (rc == TK_OK)
        return observation_respond(req, req->params[0], 200);
    return rc;
}

/* --- meetings --- */

static json_t *item_json(const MeetingItem *i)
{
    json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s}", "id", (json_int_t)i->id, "meeting_id", (json_int_t)i->meeting_id,
                          "position", (json_int_t)i->position, "kind", i->kind, "title", i->title);
    json_object_set_new(j, "observation_id", api_id_or_null(i->observation_id));
    json_object_set_new(j, "observation_status", api_text_or_null(i->observation_status));
    json_object_set_new(j, "recommendation_id", api_id_or_null(i->recommendation_id));
    json_object_set_new(j, "fact_finding_id", api_id_or_null(i->fact_finding_id));
    json_object_set_new(j, "carried", json_boolean(i->carried_from != 0));
    json_object_set_new(j, "carried_from", api_id_or_null(i->carried_from));
    json_object_set_new(j, "carried_from_meeting",
                        i->carried_from ? json_pack("{s:I, s:I}", "number", (json_int_t)i->carried_from_meeting_number,
                                                    "year", (json_int_t)i->carried_from_meeting_year)
                                        : json_null());
    api_set_texts(j, "outcome", i->outcome, "outcome_text", i->outcome_text, NULL);
    json_object_set_new(j, "decided_at", api_time(i->decided_at));
    json_object_set_new(j, "version", json_integer(i->version));
    return j;
}

static json_t *meeting_json(const Meeting *m)
{
    json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)m->id, "year", (json_int_t)m->year,
                          "number", (json_int_t)m->number, "held_on", m->held_on, "place", m->place, "status",
                          m->status);
    json_object_set_new(j, "notes", api_text_or_null(m->notes));
    json_object_set_new(j, "opened_at", api_time(m->opened_at));
    json_object_set_new(j, "closed_at", api_time(m->closed_at));
    json_object_set_new(j, "minutes_approved", json_boolean(m->minutes_approved_at != 0));
    json_object_set_new(j, "minutes_approved_at", api_time(m->minutes_approved_at));
    json_object_set_new(j, "minutes_approved_by_name", api_text_or_null(m->minutes_approved_by_name));
    json_object_set_new(j, "minutes_approved_in",
                        m->minutes_approved_in ? json_pack("{s:I, s:I, s:I}", "id", (json_int_t)m->minutes_approved_in,
                                                           "number", (json_int_t)m->minutes_approved_in_number, "year",
                                                           (json_int_t)m->minutes_approved_in_year)
                                               : json_null());
    json_object_set_new(j, "version", json_integer(m->version));
    return j;
}

static json_t *meeting_full_json(const Meeting *m)
{
    json_t *j = meeting_json(m);
    json_object_set_new(j, "members", API_ARRAY_OF(m->members, m->member_count, member_json));
    json_object_set_new(j, "agenda", API_ARRAY_OF(m->items, m->item_count, item_json));
    return j;
}

API_LIST_HANDLER(api_meetings, Meeting, domain_meetings, 0, NULL, meeting_json)

API_COMMITTEE_RESPOND(meeting_respond, Meeting, domain_meeting_get, meeting_full_json)

int api_meeting_get(Request *req)
{
    return meeting_respond(req, req->params[0], 200);
}

int api_meeting_add(Request *req)
{
    static const FieldSpec specs[] = {
        {"held_on", FIELD_STRING, true, 10},
        {"place", FIELD_STRING, true, 200},
        {"notes", FIELD_STRING_OR_NULL, false, 8000},
        {0},
    };
    Meeting m = {0};
    int rc = api_body_record(req, specs, &m, API_BODY_FIELDS(Meeting, held_on, place, notes));
    if (rc == TK_OK)
        rc = domain_meeting_add(&req->ctx, &m);
    return rc == TK_OK ? meeting_respond(req, m.id, 201) : rc;
}

int api_meeting_update(Request *req)
{
    static const FieldSpec specs[] = {
        {"version", FIELD_INTEGER, true, 0},         {"held_on", FIELD_STRING_OR_NULL, false, 10},
        {"place", FIELD_STRING_OR_NULL, false, 200}, {"notes", FIELD_STRING_OR_NULL, false, 8000},
        {"present", FIELD_ID_ARRAY, false, 0},       {0},
    };
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    int64_t version = api_field_int(body, "version");
    MeetingEdit edit = {.notes_set = api_field_present(body, "notes")};
    api_body_fields(req, body, &edit, API_BODY_FIELDS(MeetingEdit, held_on, place, notes));
    int64_t *present = NULL;
    if (json_object_get(body, "present")) {
        rc = body_ids(req, body, "present", &present, &edit.present_count);
        edit.present = present;
    }
    json_decref(body);
    Meeting out;
    if (rc == TK_OK)
        rc = domain_meeting_update(&req->ctx, req->params[0], version, &edit, &out);
    return rc == TK_OK ? meeting_respond(req, req->params[0], 200) : rc;
}

int api_meeting_transition(Request *req)
{
    static const FieldSpec specs[] = {
        {"version", FIELD_INTEGER, true, 0},
        {"action", FIELD_STRING, true, 20},
        {"at_meeting_id", FIELD_INTEGER_OR_NULL, false, 0},
        {0},
    };
    struct {
        const char *action;
        int64_t version, at_meeting_id;
    } in = {0};
    int rc = api_body_record(req, specs, &in, API_BODY_FIELDS(__typeof__(in), version, action, at_meeting_id));
    Meeting out;
    if (rc == TK_OK)
        rc = domain_meeting_transition(&req->ctx, req->params[0], in.version, in.action, in.at_meeting_id, &out);
    return rc == TK_OK ? meeting_respond(req, req->params[0], 200) : rc;
}

int api_meeting_agenda(Request *req)
{
    Meeting m;
    CommitteeEvent *history = NULL;
    int history_count = 0;
    int rc = domain_meeting_get(&req->ctx, req->params[0], &m, &history, &history_count);
    if (rc == TK_OK)
        api_respond(req, 200,
                    json_pack("{s:I, s:s, s:o}", "meeting_id", (json_int_t)m.id, "status", m.status, "items",
                              API_ARRAY_OF(m.items, m.item_count, item_json)));
    return rc;
}

static const FieldSpec meeting_agenda_add_specs[] = {
    {"kind", FIELD_STRING, true, 20},
    {"observation_id", FIELD_INTEGER_OR_NULL, false, 0},
    {"recommendation_id", FIELD_INTEGER_OR_NULL, false, 0},
    {"fact_finding_id", FIELD_INTEGER_OR_NULL, false, 0},
    {"title", FIELD_STRING_OR_NULL, false, 1000},
    {0},
};
API_BODY_HANDLER(api_meeting_agenda_add, MeetingItem, meeting_agenda_add_specs,
                 API_BODY_FIELDS(MeetingItem, kind, observation_id, recommendation_id, fact_finding_id, title),
                 domain_meeting_item_add, 1, 201, item_json)

int api_meeting_item_outcome(Request *req)
{
    static const FieldSpec specs[] = {
        {"version", FIELD_INTEGER, true, 0},
        {"outcome", FIELD_STRING, true, 20},
        {"text", FIELD_STRING, true, 4000},
        {0},
    };
    struct {
        const char *outcome, *text;
        int64_t version;
    } in = {0};
    int rc = api_body_record(req, specs, &in, API_BODY_FIELDS(__typeof__(in), version, outcome, text));
    MeetingItem out;
    if (rc == TK_OK)
        rc = domain_meeting_item_outcome(&req->ctx, req->params[0], req->params[1], in.version, in.outcome, in.text,
                                         &out);
    if (rc == TK_OK)
        api_respond(req, 200, item_json(&out));
    return rc;
}

/* --- recommendations --- */

static json_t *action_json(const CommitteeAction *a, const char *today)
{
    json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)a->id, "recommendation_id",
                          (json_int_t)a->recommendation_id, "owner_unit_id", (json_int_t)a->owner_unit_id, "text",
                          a->text, "responsible", a->responsible, "due_on", a->due_on);
    api_set_texts(j, "owner_unit_name_ar", a->owner_unit_name_ar, "owner_unit_name_en", a->owner_unit_name_en,
                  "recommendation_text", a->recommendation_text, "completed_on", a->completed_on, NULL);
    json_object_set_new(j, "last_report_at", api_time(a->last_report_at));
    json_object_set_new(j, "report_count", json_integer(a->report_count));
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

static json_t *recommendation_json(const Recommendation *r, const char *today)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id, "meeting_id",
                          (json_int_t)r->meeting_id, "text", r->text, "target_agency", r->target_agency, "priority",
                          r->priority, "due_on", r->due_on, "state", r->state);
    json_object_set_new(j, "status", json_string(committee_recommendation_status(r->state, r->due_on, today)));
    json_object_set_new(
        j, "meeting",
        json_pack("{s:I, s:I}", "number", (json_int_t)r->meeting_number, "year", (json_int_t)r->meeting_year));
    json_object_set_new(j, "item_id", api_id_or_null(r->item_id));
    json_object_set_new(j, "observation_id", api_id_or_null(r->observation_id));
    json_object_set_new(j, "target_unit_id", api_id_or_null(r->target_unit_id));
    api_set_texts(j, "target_unit_name_ar", r->target_unit_name_ar, "target_unit_name_en", r->target_unit_name_en,
                  "category", r->category, "governorate", r->governorate, "state_reason", r->state_reason, "closed_on",
                  r->closed_on, NULL);
    json_object_set_new(j, "on_time", json_boolean(on_time(r)));
    json_object_set_new(j, "action_count", json_integer(r->action_count));
    json_object_set_new(j, "actions_completed", json_integer(r->actions_completed));
    json_object_set_new(j, "version", json_integer(r->version));
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
    json_t *array = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(array, recommendation_json(&items[i], f.today));
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
    json_object_set_new(j, "history", history_json(history, history_count));
    api_respond(req, status, j);
    return TK_OK;
}

int api_recommendation_get(Request *req)
{
    return recommendation_respond(req, req->params[0], 200);
}

static const FieldSpec recommendation_specs[] = {
    {"item_id", FIELD_INTEGER, true, 0},
    {"text", FIELD_STRING, true, 4000},
    {"target_agency", FIELD_STRING, true, 10},
    {"target_unit_id", FIELD_INTEGER_OR_NULL, false, 0},
    {"priority", FIELD_STRING, true, 10},
    {"due_on", FIELD_STRING, true, 10},
    {0},
};

int api_recommendation_add(Request *req)
{
    Recommendation r = {0};
    int rc = api_body_record(
        req, recommendation_specs, &r,
        API_BODY_FIELDS(Recommendation, item_id, text, target_agency, target_unit_id, priority, due_on));
    if (rc == TK_OK)
        rc = domain_recommendation_add(&req->ctx, &r);
    return rc == TK_OK ? recommendation_respond(req, r.id, 201) : rc;
}

int api_recommendation_update(Request *req)
{
    static const FieldSpec specs[] = {
        {"version", FIELD_INTEGER, true, 0},
        {"text", FIELD_STRING_OR_NULL, false, 4000},
        {"target_agency", FIELD_STRING_OR_NULL, false, 10},
        {"target_unit_id", FIELD_INTEGER_OR_NULL, false, 0},
        {"priority", FIELD_STRING_OR_NULL, false, 10},
        {"due_on", FIELD_STRING_OR_NULL, false, 10},
        {"state", FIELD_STRING_OR_NULL, false, 20},
        {"state_reason", FIELD_STRING_OR_NULL, false, 1000},
        {0},
    };
    Recommendation edit = {0};
    int rc = api_body_record(req, specs, &edit,
                             API_BODY_FIELDS(Recommendation, version, text, target_agency, target_unit_id, priority,
                                             due_on, state, state_reason));
    Recommendation out;
    if (rc == TK_OK)
        rc = domain_recommendation_update(&req->ctx, req->params[0], edit.version, &edit, &out);
    return rc == TK_OK ? recommendation_respond(req, req->params[0], 200) : rc;
}

/* --- actions --- */

int api_recommendation_actions(Request *req)
{
    CommitteeAction *items = NULL;
    int count = 0;
    int rc = domain_recommendation_actions(&req->ctx, req->params[0], &items, &count);
    if (rc != TK_OK)
        return rc;
    const char *today = today_of(req);
    json_t *array = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(array, action_json(&items[i], today));
    api_respond(req, 200, json_pack("{s:I, s:o}", "recommendation_id", (json_int_t)req->params[0], "items", array));
    return TK_OK;
}

int api_recommendation_action_add(Request *req)
{
    static const FieldSpec specs[] = {
        {"text", FIELD_STRING, true, 4000},
        {"owner_unit_id", FIELD_INTEGER, true, 0},
        {"responsible", FIELD_STRING, true, 200},
        {"due_on", FIELD_STRING, true, 10},
        {0},
    };
    CommitteeAction a = {0};
    int rc = api_body_record(req, specs, &a,
                             API_BODY_FIELDS(CommitteeAction, text, owner_unit_id, responsible, due_on));
    if (rc == TK_OK)
        rc = domain_action_add(&req->ctx, req->params[0], &a);
    if (rc == TK_OK)
        api_respond(req, 201, action_json(&a, today_of(req)));
    return rc;
}

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
    json_t *array = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(array, action_json(&items[i], today));
    api_respond(req, 200, json_pack("{s:o, s:s}", "items", array, "today", today));
    return TK_OK;
}

static json_t *report_json(const ActionReport *p)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:b, s:o}", "id", (json_int_t)p->id, "action_id", (json_int_t)p->action_id,
                          "text", p->text, "completed", p->completed, "reported_at", api_time(p->reported_at));
    json_object_set_new(j, "reported_by_name", api_text_or_null(p->reported_by_name));
    return j;
}

int api_action_get(Request *req)
{
    CommitteeAction a;
    ActionReport *reports = NULL;
    int count = 0;
    int rc = domain_action_get(&req->ctx, req->params[0], &a, &reports, &count);
    if (rc == TK_OK) {
        json_t *j = action_json(&a, today_of(req));
        json_object_set_new(j, "reports", API_ARRAY_OF(reports, count, report_json));
        api_respond(req, 200, j);
    }
    return rc;
}

int api_action_reports(Request *req)
{
    CommitteeAction a;
    ActionReport *reports = NULL;
    int count = 0;
    int rc = domain_action_get(&req->ctx, req->params[0], &a, &reports, &count);
    if (rc == TK_OK)
        api_respond(
            req, 200,
            json_pack("{s:I, s:o}", "action_id", (json_int_t)a.id, "items", API_ARRAY_OF(reports, count, report_json)));
    return rc;
}

int api_action_report_add(Request *req)
{
    static const FieldSpec specs[] = {
        {"text", FIELD_STRING, true, 4000},
        {"completed", FIELD_BOOLEAN, false, 0},
        {0},
    };
    struct {
        const char *text;
        bool completed;
    } in = {0};
    int rc = api_body_record(req, specs, &in, API_BODY_FIELDS(__typeof__(in), text, completed));
    ActionReport out;
    if (rc == TK_OK)
        rc = domain_action_report_add(&req->ctx, req->params[0], in.text, in.completed, &out);
    if (rc == TK_OK)
        api_respond(req, 201, report_json(&out));
    return rc;
}
