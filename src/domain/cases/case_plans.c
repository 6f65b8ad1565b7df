#include "domain/cases/case_plans.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/fields.h"
#include "domain/cases/case_internal.h"
#include "domain/cases/cases.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/case_plans.h"
#include "store/cases.h"

enum { PLAN_TEXT_MAX = 2000, GOAL_TEXT_MAX = 1000, RESPONSIBLE_MAX = 200, RISK_HIGH_COUNT = 5, RISK_MEDIUM_COUNT = 2 };

/* A date that is today or later in Amman (a review), or NULL. */
static int check_coming_date(Ctx *ctx, const char *date, const char *field)
{
    if (!date)
        return TK_OK;
    if (!validate_is_date(date))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.date", field);
    char today[11];
    clock_amman_today(today);
    if (strcmp(date, today) < 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.date_past", field);
    return TK_OK;
}

/* --- the risk assessment --- */

const char *risk_level_suggested(const char *const *present, int count)
{
    for (int i = 0; i < count; i++) {
        const CodeEntry *factor = codes_find(&codes_risk_factors, present[i]);
        if (factor && (factor->bit & RISK_FACTOR_CRITICAL))
            return "high";
    }
    return count >= RISK_HIGH_COUNT ? "high" : count >= RISK_MEDIUM_COUNT ? "medium" : "low";
}

/* Checks a list of factor codes: known, and none given twice in either list. */
static int check_factors(Ctx *ctx, const char *const *codes, int count, const char *const *other, int other_count,
                         const char *field)
{
    for (int i = 0; i < count; i++) {
        if (!codes_find(&codes_risk_factors, codes[i]))
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", field);
        for (int j = 0; j < i; j++)
            if (strcmp(codes[i], codes[j]) == 0)
                return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", field);
        for (int j = 0; j < other_count; j++)
            if (strcmp(codes[i], other[j]) == 0)
                return fault_field(ctx->fault, TK_ERR_INVALID, "risk.factor_twice", field);
    }
    return TK_OK;
}

static char *join_codes(Arena *arena, const char *const *codes, int count)
{
    char *joined = arena_strdup(arena, "");
    for (int i = 0; joined && i < count; i++)
        joined = arena_printf(arena, "%s%s%s", joined, i ? "," : "", codes[i]);
    return joined;
}

/* The case's own risk assessment text when no notes were written: the factors present, in words. */
static char *factors_in_words(Arena *arena, const char *const *present, int count)
{
    if (!count)
        return arena_strdup(arena, "لا عوامل خطر ظاهرة");
    char *text = arena_strdup(arena, "عوامل الخطر: ");
    for (int i = 0; text && i < count; i++) {
        const CodeEntry *factor = codes_find(&codes_risk_factors, present[i]);
        text = arena_printf(arena, "%s%s%s", text, i ? "، " : "", factor ? factor->name_ar : present[i]);
    }
    return text;
}

int domain_risk_assess(Ctx *ctx, int64_t case_id, const RiskInput *in, RiskAssessment *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (in->present_count + in->absent_count == 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "present");
    if ((rc = check_factors(ctx, in->present, in->present_count, in->absent, in->absent_count, "present")) != TK_OK ||
        (rc = check_factors(ctx, in->absent, in->absent_count, NULL, 0, "absent")) != TK_OK)
        return rc;
    if (in->level && !codes_find(&codes_risk_levels, in->level))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "level");
    if (validate_text(ctx, in->notes, PLAN_TEXT_MAX, true, "notes") != TK_OK ||
        validate_text(ctx, in->override_reason, GOAL_TEXT_MAX, true, "override_reason") != TK_OK)
        return TK_ERR_INVALID;
    const char *suggested = risk_level_suggested(in->present, in->present_count);
    const char *level = in->level ? in->level : suggested;
    bool overridden = strcmp(level, suggested) != 0;
    if (overridden && (!in->override_reason || !*in->override_reason))
        return fault_field(ctx->fault, TK_ERR_INVALID, "risk.override_reason", "override_reason");
    memset(out, 0, sizeof *out);
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        if (rc == TK_OK && strcmp(view.c.kind, "family_violence") != 0)
            rc = fault_set(ctx->fault, TK_ERR_INVALID, "risk.family_violence");
        *out = (RiskAssessment){.case_id = case_id,
                                .present = join_codes(ctx->arena, in->present, in->present_count),
                                .absent = join_codes(ctx->arena, in->absent, in->absent_count),
                                .suggested = suggested,
                                .level = level,
                                .override_reason = overridden ? in->override_reason : NULL,
                                .notes = in->notes && *in->notes ? in->notes : NULL,
                                .assessed_by = access_acting_user(ctx)};
        if (rc == TK_OK && (!out->present || !out->absent))
            rc = TK_ERR_NOMEM;
        if (rc == TK_OK)
            rc = store_risk_assessment_add(ctx->db, out);
        /* the case's risk is the one decided here: its level, its assessment, who assessed it and when */
        if (rc == TK_OK) {
            view.c.risk_level = (char *)level;
            view.c.risk_assessment = out->notes ? (char *)out->notes
                                                : factors_in_words(ctx->arena, in->present, in->present_count);
            view.c.risk_assessed_by = access_acting_user(ctx);
            view.c.risk_assessed_at = out->assessed_at;
            if ((rc = store_case_update(ctx->db, &view.c, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                fault_set(ctx->fault, rc, "version.conflict");
        }
        if (rc == TK_OK)
            rc = domain_case_record_and_refresh(
                ctx, case_id, "case.risk.assess",
                arena_printf(ctx->arena, "%s %s", level, overridden ? "override" : "suggested"));
    });
    if (rc == TK_OK && ctx->user)
        out->assessed_by_name = ctx->user->full_name;
    return rc;
}

/* A unit the case was referred to is not shown who assessed the risk. */
static void assessment_shown(const CaseView *view, RiskAssessment *assessment)
{
    case_worker_hidden(view, &assessment->assessed_by, &assessment->assessed_by_name);
}

DOMAIN_CASE_PART_LIST(domain_risk_assessments, RiskAssessment,
                      domain_case_load_section(ctx, case_id, CASE_SECTION_RISK, &view), store_risk_assessments,
                      assessment_shown, "case.risk.read")

/* --- the safety plan --- */

int domain_safety_plan_save(Ctx *ctx, int64_t case_id, int64_t version, SafetyPlan *plan)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    const struct {
        const char *text, *field;
    } parts[] = {
        {plan->safe_place, "safe_place"}, {plan->contacts, "contacts"}, {plan->warning_signs, "warning_signs"},
        {plan->actions, "actions"},       {plan->children, "children"},
    };
    bool written = false;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (validate_text(ctx, parts[i].text, PLAN_TEXT_MAX, true, parts[i].field) != TK_OK)
            rc = TK_ERR_INVALID;
        written = written || (parts[i].text && *parts[i].text);
    }
    if (check_coming_date(ctx, plan->review_on, "review_on") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc == TK_OK && !written)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "actions");
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        plan->case_id = case_id;
        plan->version = version;
        plan->saved_by = access_acting_user(ctx);
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_safety_plan_add(ctx->db, plan));
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.safety_plan.save",
                                    arena_printf(ctx->arena, "%lld", (long long)plan->version));
    });
    if (rc == TK_OK && ctx->user)
        plan->saved_by_name = ctx->user->full_name;
    return rc;
}

/* A unit the case was referred to is not shown who saved a safety plan. */
static void safety_plan_shown(const CaseView *view, SafetyPlan *plan)
{
    case_worker_hidden(view, &plan->saved_by, &plan->saved_by_name);
}

DOMAIN_CASE_PART_LIST(domain_safety_plans, SafetyPlan, domain_case_load_section(ctx, case_id, CASE_SECTION_RISK, &view),
                      store_safety_plans, safety_plan_shown, "case.safety_plan.read")

/* --- the goals of the case plan --- */

static int check_goal(Ctx *ctx, const CaseGoal *g, uint32_t set)
{
    int rc = TK_OK;
    if ((set & GOAL_SET_GOAL) && (!g->goal || !*g->goal))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "goal");
    if ((set & GOAL_SET_GOAL) && validate_text(ctx, g->goal, GOAL_TEXT_MAX, true, "goal") != TK_OK)
        rc = TK_ERR_INVALID;
    if ((set & GOAL_SET_SERVICES) && g->services && !codes_valid(&codes_service_types, g->services, ctx->arena))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "services");
    if ((set & GOAL_SET_RESPONSIBLE) &&
        validate_text(ctx, g->responsible, RESPONSIBLE_MAX, false, "responsible") != TK_OK)
        rc = TK_ERR_INVALID;
    if ((set & GOAL_SET_REVIEW_ON) && check_coming_date(ctx, g->review_on, "review_on") != TK_OK)
        rc = TK_ERR_INVALID;
    if ((set & GOAL_SET_STATUS) && (!g->status || !codes_find(&codes_goal_statuses, g->status)))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, g->status ? "field.code" : "field.required", "status");
    if ((set & GOAL_SET_OUTCOME) && validate_text(ctx, g->outcome, GOAL_TEXT_MAX, true, "outcome") != TK_OK)
        rc = TK_ERR_INVALID;
    return rc;
}

int domain_goal_add(Ctx *ctx, int64_t case_id, CaseGoal *goal)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    uint32_t set = GOAL_SET_GOAL | GOAL_SET_SERVICES | GOAL_SET_RESPONSIBLE | GOAL_SET_REVIEW_ON;
    if ((rc = check_goal(ctx, goal, set)) != TK_OK)
        return rc;
    if (!goal->review_on)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "review_on");
    CaseView view;
    int64_t id = 0;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = domain_case_load_open(ctx, case_id, &view);
        goal->case_id = case_id;
        if (rc == TK_OK)
            rc = store_goal_add(ctx->db, goal, access_acting_user(ctx));
        id = goal->id;
        if (rc == TK_OK)
            rc = domain_case_record_and_refresh(ctx, case_id, "case.goal.add", goal->review_on);
    });
    if (rc == TK_OK)
        rc = store_goal_get(ctx->db, case_id, id, ctx->arena, goal);
    return rc;
}

int domain_goal_update(Ctx *ctx, int64_t case_id, int64_t goal_id, uint32_t set, const CaseGoal *changes, CaseGoal *out)
{
    int rc = access_require(ctx, CAP_CASES);
    if (rc != TK_OK || (rc = check_goal(ctx, changes, set)) != TK_OK)
        return rc;
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        if (rc == TK_OK)
            rc = domain_at_version(ctx, store_goal_get(ctx->db, case_id, goal_id, ctx->arena, out), &out->version,
                                   changes->version);
        /* the fields in the order of their bits, GOAL_SET_… */
        if (rc == TK_OK)
            fields_copy_chosen(out, changes, FIELDS(CaseGoal, goal, services, responsible, review_on, status, outcome),
                               set);
        /* a goal achieved or dropped says how; an open one is reviewed on a date */
        if (rc == TK_OK && strcmp(out->status, "open") != 0 && (!out->outcome || !*out->outcome))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "goal.outcome_required", "outcome");
        if (rc == TK_OK && strcmp(out->status, "open") == 0 && !out->review_on)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "review_on");
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_goal_update(ctx->db, out, access_acting_user(ctx)));
        if (rc == TK_OK)
            rc = domain_case_record_and_refresh(ctx, case_id, "case.goal.update", out->status);
        if (rc == TK_OK)
            rc = store_goal_get(ctx->db, case_id, goal_id, ctx->arena, out);
    });
    return rc;
}

/* A unit the case was referred to is not shown who set or changed a goal. */
static void goal_shown(const CaseView *view, CaseGoal *goal)
{
    case_worker_hidden(view, &goal->updated_by, &goal->updated_by_name);
    if (view->rights.referred)
        goal->created_by = 0;
}

DOMAIN_CASE_PART_LIST(domain_goals, CaseGoal, domain_case_load_section(ctx, case_id, CASE_SECTION_SERVICES, &view),
                      store_goals, goal_shown, "case.goals.read")

/* --- corrections of incidents --- */

int domain_incident_correct(Ctx *ctx, int64_t case_id, int64_t incident_id, int64_t version, CaseIncident *changed,
                            const char *reason)
{
    int rc = access_require(ctx, CAP_CASES);
    if (rc != TK_OK || (rc = domain_incident_check(ctx, changed)) != TK_OK)
        return rc;
    if (validate_required_text(ctx, reason, GOAL_TEXT_MAX, true, "reason") != TK_OK)
        return TK_ERR_INVALID;
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        CaseIncident before;
        if (rc == TK_OK &&
            (rc = store_incident_get(ctx->db, case_id, incident_id, ctx->arena, &before)) == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK && before.version != version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        if (rc == TK_OK && (rc = store_incident_correct(ctx->db, &before, changed, reason, access_acting_user(ctx))) ==
                               TK_ERR_CONFLICT)
            fault_field(ctx->fault, rc, "version.conflict", "version");
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.incident.correct", changed->occurred_on);
        if (rc == TK_OK)
            rc = store_incident_get(ctx->db, case_id, incident_id, ctx->arena, changed);
    });
    return rc;
}

int domain_incident_revisions(Ctx *ctx, int64_t case_id, int64_t incident_id, IncidentRevision **items, int *count)
{
    CaseView view;
    int rc = domain_case_load_section(ctx, case_id, CASE_SECTION_INCIDENTS, &view);
    CaseIncident incident;
    if (rc == TK_OK &&
        (rc = store_incident_get(ctx->db, case_id, incident_id, ctx->arena, &incident)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc == TK_OK)
        rc = store_incident_revisions(ctx->db, incident_id, ctx->arena, items, count);
    for (int i = 0; rc == TK_OK && i < *count; i++)
        case_worker_hidden(&view, &(*items)[i].corrected_by, &(*items)[i].corrected_by_name);
    return rc == TK_OK ? domain_audit_read(ctx, "case.incident.revisions.read", "case", case_id, NULL) : rc;
}
