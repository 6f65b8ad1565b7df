/* Cases over HTTP: registering, reading, changing and moving a case on, the lists of cases and of a person's cases. */
#include <stdio.h>
#include <string.h>

#include "api/body.h"
#include "api/case_view.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/cases/cases.h"
#include "domain/persons/persons.h"

static json_t *flag_or_null(int value)
{
    return value < 0 ? json_null() : json_boolean(value);
}

/* A case field's value in JSON (case_fields says where it lives in the case, and what it is). */
static json_t *field_json(const Case *c, const CaseField *field)
{
    const void *slot = (const char *)c + field->offset;
    switch (field->type) {
    case CF_TEXT:
    case CF_DATE:
    case CF_CODE: return api_text_or_null(*(char *const *)slot);
    case CF_CODES: return api_codes_array(*(char *const *)slot);
    case CF_TIME: return api_time(*(const int64_t *)slot);
    case CF_TRISTATE: return flag_or_null(*(const int *)slot);
    case CF_UNIT: return api_id_or_null(*(const int64_t *)slot);
    }
    return json_null();
}

/* What a case and a case in a list both begin with. */
static const RenderMember case_head_members[] = RENDER_TABLE(Case, (id, OUT_PLAIN), (reference, OUT_PLAIN),
                                                             (kind, OUT_PLAIN), (unit_id, OUT_PLAIN));
/* The names of its unit, when they were read with it. */
static const RenderMember case_unit_members[] = RENDER_TABLE(Case, (unit_name_ar, OUT_OR_NULL),
                                                             (unit_name_en, OUT_OR_NULL));
/* Its stage and closing. */
static const RenderMember case_stage_members[] = RENDER_TABLE(
    Case, (stage, OUT_PLAIN), (closure_requested, OUT_PLAIN), (closure_reason, OUT_OR_NULL),
    (closure_requested_by, OUT_OR_NULL), (closure_requested_at, OUT_TIME), (closed_by, OUT_OR_NULL),
    (closed_at, OUT_TIME), (risk_assessed_by, OUT_OR_NULL), (risk_assessed_at, OUT_TIME));
/* Where its clocks restart from (docs/api.md, "Deadlines and tasks"), after clock_started_at, and who changed it. */
static const RenderMember case_change_members[] = RENDER_TABLE(
    Case, (reopened_at, OUT_TIME), (plan_started_at, OUT_TIME), (created_by, OUT_OR_NULL), (updated_by, OUT_OR_NULL),
    (created_at, OUT_TIME), (updated_at, OUT_TIME), (version, OUT_PLAIN));
/* A case in a list: what a list shows and filters by (the whole case is GET /cases/{id}). */
static const RenderMember case_item_members[] = RENDER_TABLE(
    Case, (unit_name_ar, OUT_OR_NULL), (unit_name_en, OUT_OR_NULL), (governorate, OUT_OR_NULL), (stage, OUT_PLAIN),
    (risk_level, OUT_OR_NULL), (sensitivity, OUT_PLAIN), (closure_requested, OUT_PLAIN), (reported_at, OUT_TIME),
    (updated_at, OUT_TIME), (version, OUT_PLAIN));

static json_t *case_json(const Case *c)
{
    json_t *j = api_render_new(c, case_head_members);
    if (c->unit_name_ar || c->unit_name_en)
        api_render(j, c, case_unit_members);
    api_render(j, c, case_stage_members);
    /* the fields of every kind, and those of the case's kind */
    unsigned kind = case_kind_bit(c->kind);
    for (int f = 0; f < case_field_count; f++)
        if (!case_fields[f].kinds || (case_fields[f].kinds & kind))
            json_object_set_new(j, case_fields[f].name, field_json(c, &case_fields[f]));
    /* one notion of the next follow-up: the schedule's next contact (kept under both names) */
    api_set_texts(j, "next_follow_up", c->next_planned_follow_up, "next_planned_follow_up", c->next_planned_follow_up,
                  NULL);
    /* where the clocks restart from (docs/api.md, "Deadlines and tasks") */
    json_object_set_new(j, "clock_started_at", api_time(c->clock_started_at ? c->clock_started_at : c->created_at));
    api_render(j, c, case_change_members);
    return j;
}

static json_t *case_item_json(const Case *c)
{
    json_t *j = api_render_new(c, case_head_members);
    api_render(j, c, case_item_members);
    if (c->principal.id) {
        char name[PERSON_FULL_NAME_SIZE];
        person_full_name(&c->principal, name, sizeof name);
        json_object_set_new(j, "principal",
                            json_pack("{s:I, s:s}", "id", (json_int_t)c->principal.id, "full_name", name));
    } else
        json_object_set_new(j, "principal", json_null());
    json_object_set_new(j, "worker_name", api_text_or_null(c->worker_name));
    json_object_set_new(j, "worker_sex", api_user_sex_json(c->worker_name, c->worker_sex));
    return j;
}

static json_t *assignment_json(const CaseAssignment *a)
{
    return json_pack("{s:I, s:I, s:s, s:s?, s:o, s:o}", "id", (json_int_t)a->id, "user_id", (json_int_t)a->user_id,
                     "role", a->role, "user_name", a->user_name, "user_sex",
                     api_user_sex_json(a->user_name, a->user_sex), "assigned_at", api_time(a->assigned_at));
}

/* A case seen through a referral: what every referral shows (which case, whose), and the shared sections' fields;
 * never who works on it. */
static json_t *referred_json(json_t *whole, unsigned shared)
{
    static const char *const always[] = {"id",           "reference",   "kind",  "unit_id",     "unit_name_ar",
                                         "unit_name_en", "governorate", "stage", "sensitivity", "version"};
    static const char *const risk[] = {"risk_level", "risk_assessment", "risk_assessed_at"};
    json_t *j = json_object();
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
        if (json_object_get(whole, always[i]))
            json_object_set(j, always[i], json_object_get(whole, always[i]));
    if (shared & CASE_SECTION_SUMMARY) {
        const char *key;
        json_t *value;
        json_object_foreach(whole, key, value)
        {
            bool workers = strstr(key, "_by") != NULL;
            if (!workers && strncmp(key, "risk_", 5) != 0 && strncmp(key, "closure_", 8) != 0)
                json_object_set(j, key, value);
        }
    }
    if (shared & CASE_SECTION_RISK)
        for (size_t i = 0; i < sizeof risk / sizeof risk[0]; i++)
            json_object_set(j, risk[i], json_object_get(whole, risk[i]));
    json_decref(whole);
    return j;
}

static json_t *sections_json(unsigned shared)
{
    static const char *const codes[] = {"summary", "risk", "persons", "incidents", "notes", "services"};
    json_t *array = json_array();
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (shared & (1u << i))
            json_array_append_new(array, json_string(codes[i]));
    return array;
}

json_t *api_case_view_json(const CaseView *view)
{
    json_t *j = case_json(&view->c);
    if (view->rights.referred) {
        api_set_texts(j, "unit_name_ar", view->unit_name_ar, "unit_name_en", view->unit_name_en, NULL);
        j = referred_json(j, view->rights.shared);
        json_object_set_new(j, "referred", json_true());
        json_object_set_new(j, "referral_id", json_integer(view->rights.referral_id));
        json_object_set_new(j, "shared_sections", sections_json(view->rights.shared));
        json_object_set_new(j, "can", json_pack("{s:b, s:b}", "write", false, "supervise", false));
        return j;
    }
    json_t *assignments = json_array();
    for (int i = 0; i < view->assignment_count; i++)
        json_array_append_new(assignments, assignment_json(&view->assignments[i]));
    json_object_set_new(j, "assignments", assignments);
    api_set_texts(j, "unit_name_ar", view->unit_name_ar, "unit_name_en", view->unit_name_en, NULL);
    json_object_set_new(j, "can",
                        json_pack("{s:b, s:b}", "write", view->rights.write, "supervise", view->rights.supervise));
    /* seen through the user's break-glass grant: the page shows it, and when it ends */
    json_object_set_new(j, "break_glass",
                        view->rights.break_glass
                            ? json_pack("{s:I, s:o, s:b}", "id", (json_int_t)view->rights.break_glass, "expires_at",
                                        api_time(view->rights.break_glass_expires_at), "write", view->rights.write)
                            : json_null());
    /* a sealed record read through a court order: the page says so, and by which order, until when */
    const SealOrder *order = view->rights.seal_order;
    json_t *sealed = view->c.sealed_at ? json_pack("{s:o}", "sealed_at", api_time(view->c.sealed_at)) : json_null();
    if (view->c.sealed_at && order) {
        json_object_set_new(sealed, "order_id", json_integer(order->id));
        json_object_set_new(sealed, "order",
                            json_pack("{s:I, s:s, s:I, s:I, s:s, s:o}", "id", (json_int_t)order->id, "court",
                                      order->court, "number", (json_int_t)order->order_number, "year",
                                      (json_int_t)order->order_year, "purpose", order->purpose ? order->purpose : "",
                                      "expires_at", api_time(order->expires_at)));
    }
    json_object_set_new(j, "sealed", sealed);
    return j;
}

/* The body fields of a case, from case_fields, plus extra (create: kind and persons; update: version). */
static FieldSpec *case_specs(Request *req, const FieldSpec *extra, int extra_count)
{
    FieldSpec *specs = arena_calloc(&req->arena, (size_t)(case_field_count + extra_count + 1), sizeof(FieldSpec));
    if (!specs)
        return NULL;
    int n = 0;
    for (int f = 0; f < case_field_count; f++) {
        const CaseField *field = &case_fields[f];
        /* each type of case field as a body member: its JSON type and longest text (a text field has its own) */
        static const struct {
            FieldType type;
            int max_chars;
        } as_member[] = {
            [CF_TEXT] = {FIELD_STRING_OR_NULL, 0},
            [CF_DATE] = {FIELD_STRING_OR_NULL, 10},
            [CF_CODE] = {FIELD_STRING_OR_NULL, 40},
            [CF_TIME] = {FIELD_STRING_OR_NULL, 25},
            [CF_CODES] = {FIELD_STRING_ARRAY_OR_NULL, 40},
            [CF_UNIT] = {FIELD_INTEGER_OR_NULL, 0},
            [CF_TRISTATE] = {FIELD_BOOLEAN, 0},
        };
        specs[n++] = (FieldSpec){.name = field->name,
                                 .type = as_member[field->type].type,
                                 .max_chars = field->type == CF_TEXT ? field->max_chars
                                                                     : as_member[field->type].max_chars};
    }
    for (int i = 0; i < extra_count; i++)
        specs[n++] = extra[i];
    return specs;
}

/* Reads the case fields present in a checked body. */
static void read_input(Request *req, json_t *body, CaseInput *in)
{
    memset(in, 0, sizeof *in);
    for (int f = 0; f < case_field_count && f < CASE_FIELD_MAX; f++) {
        const CaseField *field = &case_fields[f];
        if (!api_field_present(body, field->name))
            continue;
        in->set |= 1u << f;
        json_t *value = json_object_get(body, field->name);
        switch (field->type) {
        case CF_CODES:
            if (!json_is_null(value)) {
                char *joined = "";
                for (size_t i = 0; i < json_array_size(value); i++)
                    joined = arena_printf(&req->arena, "%s%s%s", joined, i ? "," : "",
                                          json_string_value(json_array_get(value, i)));
                in->text[f] = joined && *joined ? joined : NULL;
            }
            break;
        case CF_UNIT: in->number[f] = api_field_int(body, field->name); break;
        case CF_TRISTATE: in->flag[f] = json_is_null(value) ? -1 : api_field_bool(body, field->name); break;
        default: in->text[f] = arena_strdup(&req->arena, api_field_text(body, field->name)); break;
        }
    }
}

/* Reads a case's body: its fields into input, and the extra members (extra_count of them) checked and left in *body
 * (the caller's: json_decref) for the handler. */
static int read_case_body(Request *req, const FieldSpec *extra, int extra_count, CaseInput *input, json_t **body)
{
    *body = NULL;
    FieldSpec *specs = case_specs(req, extra, extra_count);
    if (!specs)
        return TK_ERR_NOMEM;
    int rc = api_body_read(req, specs, body);
    if (rc == TK_OK)
        read_input(req, *body, input);
    return rc;
}

int api_cases_create(Request *req)
{
    static const FieldSpec extra[] = {BODY_CHECK("kind", FIELD_STRING, true, 40),
                                      BODY_CHECK("persons", FIELD_OBJECT_ARRAY, false, 0),
                                      BODY_CHECK("assign_me", FIELD_BOOLEAN, false, 0)};
    CaseInput input;
    json_t *body;
    int rc = read_case_body(req, extra, 3, &input, &body);
    if (rc != TK_OK)
        return rc;
    /* each person: {"person_id": N, "role": "…"} */
    json_t *persons_value = json_object_get(body, "persons");
    char *kind = arena_strdup(&req->arena, api_field_text(body, "kind"));
    bool assign_me = api_field_present(body, "assign_me") && api_field_bool(body, "assign_me");
    int person_count = persons_value ? (int)json_array_size(persons_value) : 0;
    CasePersonInput *persons = arena_calloc(&req->arena, (size_t)person_count + 1, sizeof(CasePersonInput));
    if (!persons) {
        json_decref(body);
        return TK_ERR_NOMEM;
    }
    for (int i = 0; i < person_count; i++) {
        json_t *item = json_array_get(persons_value, (size_t)i);
        json_t *id = json_object_get(item, "person_id"), *role = json_object_get(item, "role");
        if (!json_is_object(item) || !json_is_integer(id) || json_integer_value(id) <= 0 || !json_is_string(role) ||
            json_object_size(item) != 2) {
            json_decref(body);
            return fault_field(&req->fault, TK_ERR_INVALID, "field.invalid", "persons");
        }
        persons[i].person_id = json_integer_value(id);
        persons[i].role = arena_strdup(&req->arena, json_string_value(role));
    }
    json_decref(body);
    CaseView view;
    rc = domain_case_create(&req->ctx, kind, &input, persons, person_count, assign_me, &view);
    if (rc == TK_OK)
        api_respond(req, 201, api_case_view_json(&view));
    return rc;
}

API_GET_HANDLER(api_cases_get, CaseView, domain_case_get, api_case_view_json)

int api_cases_update(Request *req)
{
    static const FieldSpec extra[] = {BODY_CHECK("version", FIELD_INTEGER, true, 0)};
    CaseInput input;
    json_t *body;
    int rc = read_case_body(req, extra, 1, &input, &body);
    if (rc != TK_OK)
        return rc;
    int64_t version = api_field_int(body, "version");
    json_decref(body);
    CaseView view;
    rc = domain_case_update(&req->ctx, req->params[0], version, &input, &view);
    if (rc == TK_OK)
        api_respond(req, 200, api_case_view_json(&view));
    return rc;
}

int api_cases_list(Request *req)
{
    CaseFilter filter = {0};
    const char *query = NULL;
    int rc = TK_OK;
    if (api_query_text(req, "kind", &filter.kind) || api_query_text(req, "stage", &filter.stage) ||
        api_query_text(req, "risk", &filter.risk_level) || api_query_text(req, "governorate", &filter.governorate) ||
        api_query_id(req, "unit_id", &filter.unit_id) || api_query_id(req, "worker_id", &filter.worker_id) ||
        api_query_flag(req, "overdue", &filter.overdue) || api_query_text(req, "opened_from", &filter.opened_from) ||
        api_query_text(req, "opened_to", &filter.opened_to) || api_query_id(req, "cursor", &filter.before_id) ||
        api_query_limit(req, &filter.limit) || api_query_text(req, "q", &query))
        return TK_ERR_INVALID;
    Case *cases;
    int count;
    bool more;
    if ((rc = domain_case_list(&req->ctx, &filter, query, &cases, &count, &more)) != TK_OK)
        return rc;
    json_t *items = API_ARRAY_OF(cases, count, case_item_json);
    api_respond(req, 200, api_page_json(items, more && count ? cases[count - 1].id : 0));
    return TK_OK;
}

/* A move of a case: reason, that of a refusal, else comment. */
BODY_RECORD(CaseTransition, transition_specs, (int64_t, version, FIELD_INTEGER, true, 0),
            (const char *, action, FIELD_STRING, true, 40), (const char *, to, FIELD_STRING, false, 40),
            (const char *, reason, FIELD_STRING, false, 1000), (const char *, comment, FIELD_STRING, false, 1000));
API_BODY_CALL_HANDLER(api_cases_transition, CaseTransition, transition_specs, CaseView,
                      domain_case_transition(&req->ctx, req->params[0], in.version, in.action, in.to,
                                             in.reason ? in.reason : in.comment, &out),
                      api_answer(req, 200, api_case_view_json(&out)))

int api_persons_cases(Request *req)
{
    PersonCase *items = NULL;
    int count = 0;
    int64_t hidden = 0;
    int rc = domain_person_cases(&req->ctx, req->params[0], &items, &count, &hidden);
    if (rc != TK_OK)
        return rc;
    json_t *array = json_array();
    for (int i = 0; i < count; i++) {
        json_t *item = case_item_json(&items[i].c);
        json_object_set_new(item, "role", json_string(items[i].role));
        json_array_append_new(array, item);
    }
    api_respond(req, 200,
                json_pack("{s:I, s:o, s:I}", "person_id", (json_int_t)req->params[0], "items", array, "hidden_count",
                          (json_int_t)hidden));
    return TK_OK;
}
