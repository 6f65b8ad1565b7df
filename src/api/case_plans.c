/* What a social worker plans on a case: risk assessments, the safety plan, the goals of the case plan, corrections
 * of incidents (domain/cases/case_plans.h). */
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/cases/case_plans.h"

enum { FACTORS_MAX = 32 };

/* An assessment: what was found, the level suggested and the one chosen, then whether the worker overrode it and
 * why. */
static const RenderMember assessment_members[] = RENDER_TABLE(RiskAssessment, (id, OUT_PLAIN), (case_id, OUT_PLAIN),
                                                              (present, OUT_CODES), (absent, OUT_CODES),
                                                              (suggested, OUT_PLAIN), (level, OUT_PLAIN));
static const RenderMember assessment_override_members[] = RENDER_TABLE(
    RiskAssessment, (override_reason, OUT_OR_NULL), (notes, OUT_OR_NULL), (assessed_by_name, OUT_OR_NULL),
    (assessed_by_sex, OUT_SEX_OF), (assessed_at, OUT_TIME));

static json_t *assessment_json(const RiskAssessment *a)
{
    json_t *j = api_render_new(a, assessment_members);
    json_object_set_new(j, "overridden", json_boolean(strcmp(a->suggested, a->level) != 0));
    api_render(j, a, assessment_override_members);
    return j;
}

/* Reads a string array field of a checked body into codes (in the arena); *count: how many. */
static int read_codes(Request *req, json_t *body, const char *name, const char ***codes, int *count)
{
    json_t *array = json_object_get(body, name);
    *count = array && json_is_array(array) ? (int)json_array_size(array) : 0;
    if (*count > FACTORS_MAX)
        return fault_field(&req->fault, TK_ERR_INVALID, "field.too_long", name);
    *codes = arena_calloc(&req->arena, (size_t)*count + 1, sizeof(char *));
    if (!*codes)
        return TK_ERR_NOMEM;
    for (int i = 0; i < *count; i++)
        (*codes)[i] = arena_strdup(&req->arena, json_string_value(json_array_get(array, (size_t)i)));
    return TK_OK;
}

API_CASE_LIST_HANDLER(api_case_risk_assessments, RiskAssessment, domain_risk_assessments, assessment_json)

int api_case_risk_assess(Request *req)
{
    static const FieldSpec specs[] = {BODY_CHECK("present", FIELD_STRING_ARRAY, false, 40),
                                      BODY_CHECK("absent", FIELD_STRING_ARRAY, false, 40),
                                      BODY_ROWS(RiskInput, (level, FIELD_STRING_OR_NULL, false, 20),
                                                (override_reason, FIELD_STRING_OR_NULL, false, 1000),
                                                (notes, FIELD_STRING_OR_NULL, false, 2000)),
                                      {0}};
    RiskInput in = {0};
    json_t *body;
    int rc = api_body_keep(req, specs, &in, &body);
    if (rc == TK_OK && (rc = read_codes(req, body, "present", &in.present, &in.present_count)) == TK_OK)
        rc = read_codes(req, body, "absent", &in.absent, &in.absent_count);
    json_decref(body);
    RiskAssessment out;
    if (rc == TK_OK)
        rc = domain_risk_assess(&req->ctx, req->params[0], &in, &out);
    if (rc == TK_OK)
        api_respond(req, 201, assessment_json(&out));
    return rc;
}

API_RENDERER(safety_plan_json, SafetyPlan, (case_id, OUT_PLAIN), (version, OUT_PLAIN), (safe_place, OUT_OR_NULL),
             (contacts, OUT_OR_NULL), (warning_signs, OUT_OR_NULL), (actions, OUT_OR_NULL), (children, OUT_OR_NULL),
             (review_on, OUT_OR_NULL), (saved_by_name, OUT_OR_NULL), (saved_by_sex, OUT_SEX_OF), (saved_at, OUT_TIME))

/* The safety plans of a case, newest first: the current one and all versions. */
static int safety_plans_answer(Request *req, const SafetyPlan *items, int count)
{
    json_t *versions = API_ARRAY_OF(items, count, safety_plan_json);
    api_respond(req, 200,
                json_pack("{s:I, s:o, s:o}", "case_id", (json_int_t)req->params[0], "current",
                          count ? safety_plan_json(&items[0]) : json_null(), "versions", versions));
    return TK_OK;
}
API_LIST_ANSWER_HANDLER(api_case_safety_plan, SafetyPlan, domain_safety_plans, 1, safety_plans_answer)

int api_case_safety_plan_save(Request *req)
{
    static const FieldSpec specs[] = BODY_TABLE(
        SafetyPlan, (version, FIELD_INTEGER_OR_NULL, false, 0), (safe_place, FIELD_STRING_OR_NULL, false, 2000),
        (contacts, FIELD_STRING_OR_NULL, false, 2000), (warning_signs, FIELD_STRING_OR_NULL, false, 2000),
        (actions, FIELD_STRING_OR_NULL, false, 2000), (children, FIELD_STRING_OR_NULL, false, 2000),
        (review_on, FIELD_STRING_OR_NULL, false, 10));
    SafetyPlan plan = {0};
    int rc = api_body_record(req, specs, &plan);
    if (rc == TK_OK)
        rc = domain_safety_plan_save(&req->ctx, req->params[0], plan.version, &plan);
    if (rc == TK_OK)
        api_respond(req, 200, safety_plan_json(&plan));
    return rc;
}

API_RENDERER(goal_json, CaseGoal, (id, OUT_PLAIN), (case_id, OUT_PLAIN), (goal, OUT_PLAIN), (status, OUT_PLAIN),
             (services, OUT_CODES), (responsible, OUT_OR_NULL), (review_on, OUT_OR_NULL), (outcome, OUT_OR_NULL),
             (updated_by_name, OUT_OR_NULL), (updated_by_sex, OUT_SEX_OF), (created_at, OUT_TIME),
             (updated_at, OUT_TIME), (version, OUT_PLAIN))

API_CASE_LIST_HANDLER(api_case_goals, CaseGoal, domain_goals, goal_json)

static const FieldSpec case_goal_add_specs[] = BODY_TABLE(
    CaseGoal, (goal, FIELD_STRING, true, 1000), (services, FIELD_STRING_ARRAY_OR_NULL, false, 40),
    (responsible, FIELD_STRING_OR_NULL, false, 200), (review_on, FIELD_STRING, true, 10));
API_BODY_HANDLER(api_case_goal_add, CaseGoal, case_goal_add_specs, domain_goal_add, 1, 201, goal_json)

/* A change of a goal: the fields sent, as GOAL_SET_… bits. */
BODY_CHANGES(GoalChangesBody, CaseGoal);
static const FieldSpec case_goal_update_specs[] = BODY_TABLE(
    GoalChangesBody, (changes.version, FIELD_INTEGER, true, 0),
    (changes.goal, FIELD_STRING, false, 1000, BODY_SENT_BIT(GoalChangesBody, sent, GOAL_SET_GOAL)),
    (changes.services, FIELD_STRING_ARRAY_OR_NULL, false, 40, BODY_SENT_BIT(GoalChangesBody, sent, GOAL_SET_SERVICES)),
    (changes.responsible, FIELD_STRING_OR_NULL, false, 200, BODY_SENT_BIT(GoalChangesBody, sent, GOAL_SET_RESPONSIBLE)),
    (changes.review_on, FIELD_STRING_OR_NULL, false, 10, BODY_SENT_BIT(GoalChangesBody, sent, GOAL_SET_REVIEW_ON)),
    (changes.status, FIELD_STRING, false, 20, BODY_SENT_BIT(GoalChangesBody, sent, GOAL_SET_STATUS)),
    (changes.outcome, FIELD_STRING_OR_NULL, false, 1000, BODY_SENT_BIT(GoalChangesBody, sent, GOAL_SET_OUTCOME)));

API_BODY_CALL_HANDLER(api_case_goal_update, GoalChangesBody, case_goal_update_specs, CaseGoal,
                      domain_goal_update(&req->ctx, req->params[0], req->params[1], in.sent, &in.changes, &out),
                      api_answer(req, 200, goal_json(&out)))

/* A correction of an incident: the incident as it was before it. */
API_RENDERER(revision_json, IncidentRevision, (number, OUT_PLAIN), (before.occurred_on, OUT_PLAIN),
             (before.violence_types, OUT_CODES), (before.place, OUT_OR_NULL),
             (before.perpetrator_relationship, OUT_OR_NULL), (before.legal_class, OUT_OR_NULL),
             (before.identified_by, OUT_OR_NULL), (before.description, OUT_OR_NULL), (reason, OUT_OR_NULL),
             (corrected_by_name, OUT_OR_NULL), (corrected_by_sex, OUT_SEX_OF), (corrected_at, OUT_TIME))

API_LIST_HANDLER(api_case_incident_revisions, IncidentRevision, domain_incident_revisions, 2, "incident_id",
                 revision_json)
