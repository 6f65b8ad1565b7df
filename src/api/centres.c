/* Correction centres (domain/centres/centres.h): programmes, enrolments and attendance; on an inmate's case its
 * programmes, the family's needs assessment, visits and children, the pre-release plan and the releases. */
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/centres/centres.h"

/* --- programmes --- */

static json_t *programme_json(const Programme *p)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s}", "id", (json_int_t)p->id, "centre_id",
                          (json_int_t)p->centre_id, "kind", p->kind, "name", p->name, "provider", p->provider, "places",
                          (json_int_t)p->places, "starts_on", p->starts_on, "ends_on", p->ends_on);
    api_set_texts(j, "provider_name", p->provider_name, "schedule", p->schedule, "centre_name_ar", p->centre_name_ar,
                  "centre_name_en", p->centre_name_en, NULL);
    json_object_set_new(j, "enrolled", json_integer(p->enrolled));
    json_object_set_new(j, "waiting", json_integer(p->waiting));
    json_object_set_new(j, "completed", json_integer(p->completed));
    json_object_set_new(j, "free", json_integer(p->places > p->enrolled ? p->places - p->enrolled : 0));
    json_object_set_new(j, "version", json_integer(p->version));
    return j;
}

int api_programmes(Request *req)
{
    int64_t centre = 0;
    int rc = api_query_id(req, "centre_id", &centre);
    Programme *items = NULL;
    int count = 0;
    if (rc == TK_OK)
        rc = domain_programmes(&req->ctx, centre, &items, &count);
    if (rc == TK_OK)
        api_respond(req, 200, json_pack("{s:o}", "items", API_ARRAY_OF(items, count, programme_json)));
    return rc;
}

API_GET_HANDLER(api_programme_get, Programme, domain_programme_get, programme_json)

static const FieldSpec programme_specs[] = BODY_TABLE(
    Programme, (version, FIELD_INTEGER_OR_NULL, false, 0), (kind, FIELD_STRING_OR_NULL, false, 40),
    (name, FIELD_STRING_OR_NULL, false, 200), (provider, FIELD_STRING_OR_NULL, false, 40),
    (provider_name, FIELD_STRING_OR_NULL, false, 200), (places, FIELD_INTEGER_OR_NULL, false, 0),
    (schedule, FIELD_STRING_OR_NULL, false, 1000), (starts_on, FIELD_STRING_OR_NULL, false, 10),
    (ends_on, FIELD_STRING_OR_NULL, false, 10));

API_BODY_HANDLER(api_programme_add, Programme, programme_specs, domain_programme_add, 0, 201, programme_json)
API_BODY_HANDLER(api_programme_update, Programme, programme_specs, domain_programme_update, 1, 200, programme_json)

/* --- enrolments --- */

static json_t *enrolment_json(const Enrolment *e)
{
    json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:s}", "id", (json_int_t)e->id, "programme_id",
                          (json_int_t)e->programme_id, "case_id", (json_int_t)e->case_id, "person_id",
                          (json_int_t)e->person_id, "status", e->status);
    api_set_texts(j, "person_name", e->person_name, "case_reference", e->case_reference, "programme_name",
                  e->programme_name, "programme_kind", e->programme_kind, "enrolled_on", e->enrolled_on, "outcome_on",
                  e->outcome_on, "outcome_reason", e->outcome_reason, "certificate", e->certificate, NULL);
    json_object_set_new(j, "position", e->position ? json_integer(e->position) : json_null());
    json_object_set_new(j, "sessions", json_integer(e->sessions));
    json_object_set_new(j, "present", json_integer(e->present));
    json_object_set_new(j, "version", json_integer(e->version));
    return j;
}

int api_programme_enrolments(Request *req)
{
    Programme p;
    Enrolment *items = NULL;
    int count = 0;
    int rc = domain_programme_enrolments(&req->ctx, req->params[0], &p, &items, &count);
    if (rc == TK_OK)
        api_respond(req, 200,
                    json_pack("{s:o, s:o}", "programme", programme_json(&p), "items",
                              API_ARRAY_OF(items, count, enrolment_json)));
    return rc;
}

static const FieldSpec enrolment_specs[] = BODY_TABLE(
    EnrolmentRequest, (case_id, FIELD_INTEGER, true, 0), (person_id, FIELD_INTEGER_OR_NULL, false, 0),
    (enrolled_on, FIELD_STRING_OR_NULL, false, 10), (waiting_list, FIELD_BOOLEAN, false, 0));
API_BODY_CALL_HANDLER(api_programme_enrol, EnrolmentRequest, enrolment_specs, Enrolment,
                      domain_programme_enrol(&req->ctx, req->params[0], &in, &out),
                      api_answer(req, 201, enrolment_json(&out)))

static const FieldSpec outcome_specs[] = BODY_TABLE(
    OutcomeRequest, (version, FIELD_INTEGER, true, 0), (outcome, FIELD_STRING, true, 20),
    (outcome_on, FIELD_STRING_OR_NULL, false, 10), (reason, FIELD_STRING_OR_NULL, false, 1000),
    (certificate, FIELD_STRING_OR_NULL, false, 200));
API_BODY_CALL_HANDLER(api_enrolment_outcome, OutcomeRequest, outcome_specs, Enrolment,
                      domain_enrolment_outcome(&req->ctx, req->params[0], &in, &out),
                      api_answer(req, 200, enrolment_json(&out)))

static json_t *attendance_json(const Attendance *a)
{
    json_t *j = json_pack("{s:s, s:b}", "date", a->session_on, "present", a->present);
    json_object_set_new(j, "note", api_text_or_null(a->note));
    return j;
}

/* Answers the enrolment with its attendance. */
static void respond_attendance(Request *req, int status, const Enrolment *e, const Attendance *items, int count)
{
    json_t *j = enrolment_json(e);
    json_object_set_new(j, "attendance", API_ARRAY_OF(items, count, attendance_json));
    api_respond(req, status, j);
}

int api_enrolment_attendance(Request *req)
{
    Enrolment e;
    Attendance *items = NULL;
    int count = 0;
    int rc = domain_enrolment_attendance(&req->ctx, req->params[0], &e, &items, &count);
    if (rc == TK_OK)
        respond_attendance(req, 200, &e, items, count);
    return rc;
}

/* POST {"sessions": [{"date", "present", "note"}, …]}: a day or a week at a time, all or none. */
int api_enrolment_attend(Request *req)
{
    static const FieldSpec specs[] = {BODY_CHECK("sessions", FIELD_OBJECT_ARRAY, true, 0), {0}};
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    json_t *sessions = json_object_get(body, "sessions");
    int count = (int)json_array_size(sessions);
    Attendance *items = arena_calloc(&req->arena, (size_t)count + 1, sizeof(Attendance));
    for (int i = 0; items && i < count && rc == TK_OK; i++) {
        json_t *s = json_array_get(sessions, (size_t)i), *date = json_object_get(s, "date"),
               *present = json_object_get(s, "present"), *note = json_object_get(s, "note");
        size_t fields = 2 + (note != NULL);
        if (!json_is_string(date))
            rc = fault_field(req->ctx.fault, TK_ERR_INVALID, date ? "field.type" : "field.required", "date");
        else if (!json_is_boolean(present))
            rc = fault_field(req->ctx.fault, TK_ERR_INVALID, present ? "field.type" : "field.required", "present");
        else if ((note && !json_is_null(note) && !json_is_string(note)) || json_object_size(s) > fields)
            rc = fault_field(req->ctx.fault, TK_ERR_INVALID, "field.invalid", "sessions");
        else
            items[i] = (Attendance){.session_on = arena_strdup(&req->arena, json_string_value(date)),
                                    .present = json_is_true(present),
                                    .note = json_is_string(note) ? arena_strdup(&req->arena, json_string_value(note))
                                                                 : NULL};
    }
    json_decref(body);
    if (!items)
        return TK_ERR_NOMEM;
    Enrolment e;
    if (rc == TK_OK)
        rc = domain_enrolment_attend(&req->ctx, req->params[0], items, count, &e);
    Attendance *all = NULL;
    int all_count = 0;
    if (rc == TK_OK)
        rc = domain_enrolment_attendance(&req->ctx, req->params[0], &e, &all, &all_count);
    if (rc == TK_OK)
        respond_attendance(req, 201, &e, all, all_count);
    return rc;
}

API_CASE_LIST_HANDLER(api_case_programmes, Enrolment, domain_case_programmes, enrolment_json)

/* --- the family --- */

static json_t *assessment_json(const FamilyAssessment *a)
{
    json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:s}", "case_id", (json_int_t)a->case_id, "dependants",
                          (json_int_t)a->dependants, "children", (json_int_t)a->children, "children_in_school",
                          (json_int_t)a->children_in_school, "housing", a->housing);
    json_object_set_new(j, "monthly_income", a->monthly_income < 0 ? json_null() : json_integer(a->monthly_income));
    json_object_set_new(j, "income_sources", api_codes_array(a->income_sources));
    json_object_set_new(j, "health", api_codes_array(a->health));
    json_object_set_new(j, "risks", api_codes_array(a->risks));
    api_set_texts(j, "notes", a->notes, "assessed_by_name", a->assessed_by_name, NULL);
    json_object_set_new(j, "assessed_at", api_time(a->assessed_at));
    json_object_set_new(j, "version", json_integer(a->version));
    return j;
}

API_GET_HANDLER(api_case_family_assessment, FamilyAssessment, domain_family_assessment, assessment_json)

/* PUT: the whole assessment; version absent (or null) for the first. */
int api_case_family_assessment_save(Request *req)
{
    static const FieldSpec specs[] = BODY_TABLE(
        FamilyAssessment, (version, FIELD_INTEGER_OR_NULL, false, 0), (dependants, FIELD_COUNT_OR_NULL, true, 0),
        (children, FIELD_COUNT_OR_NULL, true, 0), (children_in_school, FIELD_COUNT_OR_NULL, true, 0),
        (monthly_income, FIELD_COUNT_OR_NULL, false, 0), (income_sources, FIELD_STRING_ARRAY_OR_NULL, false, 40),
        (housing, FIELD_STRING, true, 40), (health, FIELD_STRING_ARRAY_OR_NULL, false, 40),
        (risks, FIELD_STRING_ARRAY_OR_NULL, false, 40), (notes, FIELD_STRING_OR_NULL, false, 2000));
    FamilyAssessment a = {.monthly_income = -1}; /* -1: not told */
    int rc = api_body_record(req, specs, &a);
    if (rc == TK_OK)
        rc = domain_family_assessment_save(&req->ctx, req->params[0], &a);
    if (rc == TK_OK)
        api_respond(req, 200, assessment_json(&a));
    return rc;
}

static json_t *visit_json(const FamilyVisit *v)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)v->id, "case_id", (json_int_t)v->case_id,
                          "visited_on", v->visited_on, "arrangement", v->arrangement, "visitors", v->visitors);
    api_set_texts(j, "notes", v->notes, "created_by_name", v->created_by_name, NULL);
    json_object_set_new(j, "created_at", api_time(v->created_at));
    return j;
}

API_CASE_LIST_HANDLER(api_case_visits, FamilyVisit, domain_family_visits, visit_json)

static const FieldSpec case_visit_add_specs[] = BODY_TABLE(
    FamilyVisit, (visited_on, FIELD_STRING, true, 10), (arrangement, FIELD_STRING, true, 20),
    (visitors, FIELD_STRING, true, 500), (notes, FIELD_STRING_OR_NULL, false, 2000));
API_BODY_HANDLER(api_case_visit_add, FamilyVisit, case_visit_add_specs, domain_family_visit_add, 1, 201, visit_json)

static json_t *child_json(const CentreChild *c)
{
    json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:s}", "id", (json_int_t)c->id, "case_id", (json_int_t)c->case_id,
                          "person_id", (json_int_t)c->person_id, "mother_id", (json_int_t)c->mother_id, "entered_on",
                          c->entered_on);
    api_set_texts(j, "person_name", c->person_name, "birth_date", c->birth_date, "next_place", c->next_place, "left_on",
                  c->left_on, "notes", c->notes, NULL);
    json_object_set_new(j, "protection_case_id", api_id_or_null(c->protection_case_id));
    json_object_set_new(j, "protection_case_reference", api_text_or_null(c->protection_case_reference));
    json_object_set_new(j, "version", json_integer(c->version));
    return j;
}

API_CASE_LIST_HANDLER(api_case_children, CentreChild, domain_centre_children, child_json)

static const FieldSpec case_child_add_specs[] = BODY_TABLE(
    CentreChild, (person_id, FIELD_INTEGER, true, 0), (mother_id, FIELD_INTEGER_OR_NULL, false, 0),
    (entered_on, FIELD_STRING_OR_NULL, false, 10), (notes, FIELD_STRING_OR_NULL, false, 2000));
API_BODY_HANDLER(api_case_child_add, CentreChild, case_child_add_specs, domain_centre_child_add, 1, 201, child_json)

static const FieldSpec case_child_update_specs[] = BODY_TABLE(
    CentreChild, (version, FIELD_INTEGER, true, 0), (next_place, FIELD_STRING_OR_NULL, false, 20),
    (left_on, FIELD_STRING_OR_NULL, false, 10), (notes, FIELD_STRING_OR_NULL, false, 2000),
    (protection_case_id, FIELD_INTEGER_OR_NULL, false, 0));
API_BODY_HANDLER(api_case_child_update, CentreChild, case_child_update_specs, domain_centre_child_update, 2, 200,
                 child_json)

/* --- release --- */

static json_t *plan_json(const ReleasePlan *p)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s}", "case_id", (json_int_t)p->case_id, "housing", p->housing, "work",
                          p->work, "family_readiness", p->family_readiness, "documents", p->documents);
    api_set_texts(j, "referrals", p->referrals, "planned_by_name", p->planned_by_name, NULL);
    json_object_set_new(j, "planned_at", api_time(p->planned_at));
    json_object_set_new(j, "version", json_integer(p->version));
    return j;
}

API_GET_HANDLER(api_case_release_plan, ReleasePlan, domain_release_plan, plan_json)

static const FieldSpec case_release_plan_save_specs[] = BODY_TABLE(
    ReleasePlan, (version, FIELD_INTEGER_OR_NULL, false, 0), (housing, FIELD_STRING, true, 2000),
    (work, FIELD_STRING, true, 2000), (family_readiness, FIELD_STRING, true, 2000),
    (documents, FIELD_STRING, true, 2000), (referrals, FIELD_STRING_OR_NULL, false, 2000));
API_BODY_HANDLER(api_case_release_plan_save, ReleasePlan, case_release_plan_save_specs, domain_release_plan_save, 1,
                 200, plan_json)

static json_t *release_json(const CentreRelease *r)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)r->id, "case_id", (json_int_t)r->case_id, "kind",
                          r->kind, "on", r->on_date);
    json_object_set_new(j, "to_centre_id", api_id_or_null(r->to_centre_id));
    api_set_texts(j, "to_centre_name", r->to_centre_name, "notes", r->notes, NULL);
    json_object_set_new(j, "aftercare_months", r->aftercare_months ? json_integer(r->aftercare_months) : json_null());
    json_object_set_new(j, "created_at", api_time(r->created_at));
    return j;
}

API_CASE_LIST_HANDLER(api_case_releases, CentreRelease, domain_releases, release_json)

int api_case_release_add(Request *req)
{
    struct {
        const char *kind, *on, *notes; /* on: the release's on_date */
        int64_t to_centre_id;
    } in = {0};
    static const FieldSpec specs[] = {
        BODY_FIELD(__typeof__(in), kind, FIELD_STRING, true, 30),
        BODY_FIELD(__typeof__(in), on, FIELD_STRING, true, 10),
        BODY_FIELD(__typeof__(in), to_centre_id, FIELD_INTEGER_OR_NULL, false, 0),
        BODY_FIELD(__typeof__(in), notes, FIELD_STRING_OR_NULL, false, 2000),
        {0},
    };
    int rc = api_body_record(req, specs, &in);
    CentreRelease r = {.kind = in.kind, .on_date = in.on, .to_centre_id = in.to_centre_id, .notes = in.notes};
    if (rc == TK_OK)
        rc = domain_release_add(&req->ctx, req->params[0], &r);
    if (rc == TK_OK)
        api_respond(req, 201, release_json(&r));
    return rc;
}
