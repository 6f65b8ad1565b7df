/* The joint committee (domain/committee/committee.h): its members, observations and meetings with their agenda
 * (the minutes: api/committee_minutes.c; recommendations and actions: api/committee_recommendations.c). */
#include "api/body.h"
#include "api/committee.h"
#include "api/handlers.h"
#include "api/statistics_json.h"
#include "base/err.h"
#include "domain/committee/committee.h"

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

static const RenderMember event_members[] = RENDER_TABLE(CommitteeEvent, (id, OUT_PLAIN), (event, OUT_PLAIN),
                                                         (at, OUT_TIME), (detail, OUT_OR_NULL), (by_name, OUT_OR_NULL));

json_t *api_committee_event_json(const CommitteeEvent *e)
{
    return api_render_new(e, event_members);
}

/* --- members --- */

API_RENDERER(member_json, MeetingMember, (user_id, OUT_PLAIN), (present, OUT_PLAIN), (secretary, OUT_PLAIN),
             (name, OUT_OR_NULL), (agency, OUT_OR_NULL), (unit_name_ar, OUT_OR_NULL))

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
    struct {
        bool secretary;
    } in = {0};
    static const FieldSpec specs[] = {BODY_FIELD(__typeof__(in), secretary, FIELD_BOOLEAN, true, 0), {0}};
    int rc = api_body_record(req, specs, &in);
    if (rc == TK_OK)
        rc = domain_committee_secretary_set(&req->ctx, req->params[0], in.secretary);
    if (rc == TK_OK)
        api_respond(req, 200,
                    json_pack("{s:I, s:b}", "user_id", (json_int_t)req->params[0], "secretary", in.secretary));
    return rc;
}

/* --- observations --- */

API_RENDERER(observation_json, Observation, (id, OUT_PLAIN), (unit_id, OUT_PLAIN), (category, OUT_PLAIN),
             (description, OUT_PLAIN), (status, OUT_PLAIN), (governorate, OUT_OR_NULL), (evidence, OUT_OR_NULL),
             (dismissed_reason, OUT_OR_NULL), (unit_name_ar, OUT_OR_NULL), (unit_name_en, OUT_OR_NULL),
             (unit_agency, OUT_OR_NULL), (created_by_name, OUT_OR_NULL), (created_at, OUT_TIME), (updated_at, OUT_TIME),
             (version, OUT_PLAIN))

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

static const FieldSpec observation_add_specs[] = {
    BODY_ROWS(Observation, (category, FIELD_STRING, true, 20), (governorate, FIELD_STRING_OR_NULL, false, 20)),
    BODY_CHECK("units", FIELD_ID_ARRAY, false, 0),
    BODY_ROWS(Observation, (description, FIELD_STRING, true, 4000), (evidence, FIELD_STRING_OR_NULL, false, 4000)),
    BODY_CHECK("case_ids", FIELD_ID_ARRAY, false, 0),
    {0}};

int api_observation_add(Request *req)
{
    Observation o = {0};
    json_t *body;
    int rc = api_body_keep(req, observation_add_specs, &o, &body);
    int64_t *cases = NULL;
    if (rc == TK_OK)
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

static const FieldSpec observation_update_specs[] = BODY_TABLE(
    Observation, (version, FIELD_INTEGER, true, 0), (category, FIELD_STRING_OR_NULL, false, 20),
    (governorate, FIELD_STRING_OR_NULL, false, 20), (description, FIELD_STRING_OR_NULL, false, 4000),
    (evidence, FIELD_STRING_OR_NULL, false, 4000), (status, FIELD_STRING_OR_NULL, false, 20),
    (dismissed_reason, FIELD_STRING_OR_NULL, false, 1000));
API_BODY_CALL_HANDLER(api_observation_update, Observation, observation_update_specs, Observation,
                      domain_observation_update(&req->ctx, req->params[0], in.version, &in, &out),
                      observation_respond(req, req->params[0], 200))

/* --- meetings --- */

/* An item of an agenda; carried: brought from an earlier meeting (which one, by its number and year). */
static const RenderMember item_members[] = RENDER_TABLE(
    MeetingItem, (id, OUT_PLAIN), (meeting_id, OUT_PLAIN), (position, OUT_PLAIN), (kind, OUT_PLAIN), (title, OUT_PLAIN),
    (observation_id, OUT_OR_NULL), (observation_status, OUT_OR_NULL), (recommendation_id, OUT_OR_NULL),
    (fact_finding_id, OUT_OR_NULL));
static const RenderMember item_outcome_members[] = RENDER_TABLE(
    MeetingItem, (outcome, OUT_OR_NULL), (outcome_text, OUT_OR_NULL), (decided_at, OUT_TIME), (version, OUT_PLAIN));

static json_t *item_json(const MeetingItem *i)
{
    json_t *j = api_render_new(i, item_members);
    json_object_set_new(j, "carried", json_boolean(i->carried_from != 0));
    json_object_set_new(j, "carried_from", api_id_or_null(i->carried_from));
    json_object_set_new(j, "carried_from_meeting",
                        i->carried_from ? json_pack("{s:I, s:I}", "number", (json_int_t)i->carried_from_meeting_number,
                                                    "year", (json_int_t)i->carried_from_meeting_year)
                                        : json_null());
    api_render(j, i, item_outcome_members);
    return j;
}

/* A meeting; its minutes approved when, by whom, and at which later meeting. */
static const RenderMember meeting_members[] = RENDER_TABLE(
    Meeting, (id, OUT_PLAIN), (year, OUT_PLAIN), (number, OUT_PLAIN), (held_on, OUT_PLAIN), (place, OUT_PLAIN),
    (status, OUT_PLAIN), (notes, OUT_OR_NULL), (opened_at, OUT_TIME), (closed_at, OUT_TIME));

static json_t *meeting_json(const Meeting *m)
{
    json_t *j = api_render_new(m, meeting_members);
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

static const FieldSpec meeting_add_specs[] = BODY_TABLE(Meeting, (held_on, FIELD_STRING, true, 10),
                                                        (place, FIELD_STRING, true, 200),
                                                        (notes, FIELD_STRING_OR_NULL, false, 8000));
API_BODY_CALL_HANDLER(api_meeting_add, Meeting, meeting_add_specs, Meeting, domain_meeting_add(&req->ctx, &in),
                      meeting_respond(req, in.id, 201))

/* A correction of a meeting at its version; the members present, when sent, are read from the body. */
BODY_AT_VERSION(MeetingEditBody, MeetingEdit, edit);
static const FieldSpec meeting_update_specs[] = {
    BODY_ROWS(MeetingEditBody, (version, FIELD_INTEGER, true, 0), (edit.held_on, FIELD_STRING_OR_NULL, false, 10),
              (edit.place, FIELD_STRING_OR_NULL, false, 200),
              (edit.notes, FIELD_STRING_OR_NULL, false, 8000, BODY_SENT(MeetingEditBody, edit.notes_set))),
    BODY_CHECK("present", FIELD_ID_ARRAY, false, 0),
    {0}};

int api_meeting_update(Request *req)
{
    MeetingEditBody in = {0};
    json_t *body;
    int rc = api_body_keep(req, meeting_update_specs, &in, &body);
    int64_t *present = NULL;
    if (rc == TK_OK && json_object_get(body, "present")) {
        rc = body_ids(req, body, "present", &present, &in.edit.present_count);
        in.edit.present = present;
    }
    json_decref(body);
    Meeting out;
    if (rc == TK_OK)
        rc = domain_meeting_update(&req->ctx, req->params[0], in.version, &in.edit, &out);
    return rc == TK_OK ? meeting_respond(req, req->params[0], 200) : rc;
}

BODY_RECORD(MeetingTransition, meeting_transition_specs, (int64_t, version, FIELD_INTEGER, true, 0),
            (const char *, action, FIELD_STRING, true, 20), (int64_t, at_meeting_id, FIELD_INTEGER_OR_NULL, false, 0));
API_BODY_CALL_HANDLER(api_meeting_transition, MeetingTransition, meeting_transition_specs, Meeting,
                      domain_meeting_transition(&req->ctx, req->params[0], in.version, in.action, in.at_meeting_id,
                                                &out),
                      meeting_respond(req, req->params[0], 200))

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

static const FieldSpec meeting_agenda_add_specs[] = BODY_TABLE(
    MeetingItem, (kind, FIELD_STRING, true, 20), (observation_id, FIELD_INTEGER_OR_NULL, false, 0),
    (recommendation_id, FIELD_INTEGER_OR_NULL, false, 0), (fact_finding_id, FIELD_INTEGER_OR_NULL, false, 0),
    (title, FIELD_STRING_OR_NULL, false, 1000));
API_BODY_HANDLER(api_meeting_agenda_add, MeetingItem, meeting_agenda_add_specs, domain_meeting_item_add, 1, 201,
                 item_json)

BODY_RECORD(ItemOutcome, item_outcome_specs, (int64_t, version, FIELD_INTEGER, true, 0),
            (const char *, outcome, FIELD_STRING, true, 20), (const char *, text, FIELD_STRING, true, 4000));
API_BODY_CALL_HANDLER(api_meeting_item_outcome, ItemOutcome, item_outcome_specs, MeetingItem,
                      domain_meeting_item_outcome(&req->ctx, req->params[0], req->params[1], in.version, in.outcome,
                                                  in.text, &out),
                      api_answer(req, 200, item_json(&out)))
