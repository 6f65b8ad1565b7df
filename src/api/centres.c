/* Correction centres (domain/centres/centres.h): programmes, enrolments and attendance; on an inmate's case its
 * programmes, the family's needs assessment, visits and children, the pre-release plan and the releases. */
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/centres/centres.h"

/* --- programmes --- */

static const RenderMember programme_members[] = RENDER_TABLE(
    Programme, (id, OUT_PLAIN), (centre_id, OUT_PLAIN), (kind, OUT_PLAIN), (name, OUT_PLAIN), (provider, OUT_PLAIN),
    (places, OUT_PLAIN), (starts_on, OUT_PLAIN), (ends_on, OUT_PLAIN), (provider_name, OUT_OR_NULL),
    (schedule, OUT_OR_NULL), (centre_name_ar, OUT_OR_NULL), (centre_name_en, OUT_OR_NULL), (enrolled, OUT_PLAIN),
    (waiting, OUT_PLAIN), (completed, OUT_PLAIN));

static json_t *programme_json(const Programme *p)
{
    json_t *j = api_render_new(p, programme_members);
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

/* An enrolment; position: on the waiting list, null when not waiting. */
API_RENDERER(enrolment_json, Enrolment, (id, OUT_PLAIN), (programme_id, OUT_PLAIN), (case_id, OUT_PLAIN),
             (person_id, OUT_PLAIN), (status, OUT_PLAIN), (person_name, OUT_OR_NULL), (case_reference, OUT_OR_NULL),
             (programme_name, OUT_OR_NULL), (programme_kind, OUT_OR_NULL), (enrolled_on, OUT_OR_NULL),
             (outcome_on, OUT_OR_NULL), (outcome_reason, OUT_OR_NULL), (certificate, OUT_OR_NULL),
             (position, OUT_OR_NULL), (sessions, OUT_PLAIN), (present, OUT_PLAIN), (version, OUT_PLAIN))

static int enrolments_answer(Request *req, const Programme *p, const Enrolment *items, int count)
{
    api_respond(
        req, 200,
        json_pack("{s:o, s:o}", "programme", programme_json(p), "items", API_ARRAY_OF(items, count, enrolment_json)));
    return TK_OK;
}
API_PARENT_LIST_HANDLER(api_programme_enrolments, Programme, Enrolment, domain_programme_enrolments, enrolments_answer)

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

API_RENDERER(attendance_json, Attendance, (session_on, OUT_PLAIN, RENDER_AS("date")), (present, OUT_PLAIN),
             (note, OUT_OR_NULL))

/* Answers the enrolment with its attendance. */
static void respond_attendance(Request *req, int status, const Enrolment *e, const Attendance *items, int count)
{
    json_t *j = enrolment_json(e);
    json_object_set_new(j, "attendance", API_ARRAY_OF(items, count, attendance_json));
    api_respond(req, status, j);
}

static int attendance_answer(Request *req, const Enrolment *e, const Attendance *items, int count)
{
    respond_attendance(req, 200, e, items, count);
    return TK_OK;
}
API_PARENT_LIST_HANDLER(api_enrolment_attendance, Enrolment, Attendance, domain_enrolment_attendance, attendance_answer)

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

/* The family's needs: monthly_income is null when not told (-1), and may be 0. */
static const RenderMember assessment_members[] = RENDER_TABLE(
    FamilyAssessment, (case_id, OUT_PLAIN), (dependants, OUT_PLAIN), (children, OUT_PLAIN),
    (children_in_school, OUT_PLAIN), (housing, OUT_PLAIN), (monthly_income, OUT_PLAIN), (income_sources, OUT_CODES),
    (health, OUT_CODES), (risks, OUT_CODES), (notes, OUT_OR_NULL), (assessed_by_name, OUT_OR_NULL),
    (assessed_at, OUT_TIME), (version, OUT_PLAIN));

static json_t *assessment_json(const FamilyAssessment *a)
{
    json_t *j = api_render_new(a, assessment_members);
    if (a->monthly_income < 0)
        json_object_set_new(j, "monthly_income", json_null());
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

API_RENDERER(visit_json, FamilyVisit, (id, OUT_PLAIN), (case_id, OUT_PLAIN), (visited_on, OUT_PLAIN),
             (arrangement, OUT_PLAIN), (visitors, OUT_PLAIN), (notes, OUT_OR_NULL), (created_by_name, OUT_OR_NULL),
             (created_at, OUT_TIME))

API_CASE_LIST_HANDLER(api_case_visits, FamilyVisit, domain_family_visits, visit_json)

static const FieldSpec case_visit_add_specs[] = BODY_TABLE(
    FamilyVisit, (visited_on, FIELD_STRING, true, 10), (arrangement, FIELD_STRING, true, 20),
    (visitors, FIELD_STRING, true, 500), (notes, FIELD_STRING_OR_NULL, false, 2000));
API_BODY_HANDLER(api_case_visit_add, FamilyVisit, case_visit_add_specs, domain_family_visit_add, 1, 201, visit_json)

API_RENDERER(child_json, CentreChild, (id, OUT_PLAIN), (case_id, OUT_PLAIN), (person_id, OUT_PLAIN),
             (mother_id, OUT_PLAIN), (entered_on, OUT_PLAIN), (person_name, OUT_OR_NULL), (birth_date, OUT_OR_NULL),
             (next_place, OUT_OR_NULL), (left_on, OUT_OR_NULL), (notes, OUT_OR_NULL), (protection_case_id, OUT_OR_NULL),
             (protection_case_reference, OUT_OR_NULL), (version, OUT_PLAIN))

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

API_RENDERER(plan_json, ReleasePlan, (case_id, OUT_PLAIN), (housing, OUT_PLAIN), (work, OUT_PLAIN),
             (family_readiness, OUT_PLAIN), (documents, OUT_PLAIN), (referrals, OUT_OR_NULL),
             (planned_by_name, OUT_OR_NULL), (planned_at, OUT_TIME), (version, OUT_PLAIN))

API_GET_HANDLER(api_case_release_plan, ReleasePlan, domain_release_plan, plan_json)

static const FieldSpec case_release_plan_save_specs[] = BODY_TABLE(
    ReleasePlan, (version, FIELD_INTEGER_OR_NULL, false, 0), (housing, FIELD_STRING, true, 2000),
    (work, FIELD_STRING, true, 2000), (family_readiness, FIELD_STRING, true, 2000),
    (documents, FIELD_STRING, true, 2000), (referrals, FIELD_STRING_OR_NULL, false, 2000));
API_BODY_HANDLER(api_case_release_plan_save, ReleasePlan, case_release_plan_save_specs, domain_release_plan_save, 1,
                 200, plan_json)

API_RENDERER(release_json, CentreRelease, (id, OUT_PLAIN), (case_id, OUT_PLAIN), (kind, OUT_PLAIN),
             (on_date, OUT_PLAIN, RENDER_AS("on")), (to_centre_id, OUT_OR_NULL), (to_centre_name, OUT_OR_NULL),
             (notes, OUT_OR_NULL), (aftercare_months, OUT_OR_NULL), (created_at, OUT_TIME))

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
