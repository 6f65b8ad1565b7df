/* The stages of a case: moving on, asking to close, approving or returning a closure, reopening. */
#include "domain/cases/cases.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/case_internal.h"
#include "domain/core/access.h"
#include "domain/core/validate.h"
#include "store/case_plans.h"
#include "store/cases.h"
#include "store/centres.h"

static const char *const stage_order[] = {"registration", "assessment", "case_plan", "implementation", "follow_up"};

static const char *next_stage(const char *stage)
{
    for (int i = 0; i + 1 < (int)(sizeof stage_order / sizeof stage_order[0]); i++)
        if (strcmp(stage_order[i], stage) == 0)
            return stage_order[i + 1];
    return NULL;
}

/* What a stage needs before the case may leave it (domain.md §2). */
static int check_leave(Ctx *ctx, const CaseView *view)
{
    const Case *c = &view->c;
    if (strcmp(c->stage, "registration") == 0) {
        CasePerson *persons;
        int count;
        int rc = store_case_persons(ctx->db, c->id, ctx->arena, &persons, &count);
        if (rc != TK_OK)
            return rc;
        const char *principal = case_kinds[case_kind_index(c->kind)].principal;
        bool found = false;
        for (int i = 0; i < count; i++)
            found = found || strcmp(persons[i].role, principal) == 0;
        if (!found)
            return fault_field(ctx->fault, TK_ERR_INVALID, "case.needs_person", principal);
        if (view->assignment_count == 0)
            return fault_set(ctx->fault, TK_ERR_INVALID, "case.needs_assignment");
        return TK_OK;
    }
    if (strcmp(c->stage, "assessment") == 0 && !c->risk_level)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.needs_risk_level", "risk_level");
    /* the case plan is its goals: one at least, open or achieved */
    if (strcmp(c->stage, "case_plan") == 0) {
        int64_t goals = 0;
        int rc = store_goal_count(ctx->db, c->id, &goals);
        if (rc != TK_OK)
            return rc;
        if (!goals)
            return fault_set(ctx->fault, TK_ERR_INVALID, "case.needs_plan");
    }
    /* the follow-up is the schedule: one contact planned at least */
    if (strcmp(c->stage, "implementation") == 0 && !c->next_planned_follow_up)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.needs_follow_up", "next_follow_up");
    return TK_OK;
}

/* An inmate's case closes only after the aftercare of the release (store/centres.h): 409 while a contact of it is
 * still planned. */
static int check_aftercare(Ctx *ctx, const Case *c)
{
    bool open = false;
    int rc = strcmp(c->kind, "family_violence") != 0 ? store_case_aftercare_open(ctx->db, c->id, &open) : TK_OK;
    if (rc == TK_OK && open)
        rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "centre.aftercare_open");
    return rc;
}

static int transition(Ctx *ctx, CaseView *view, const char *action, const char *to, const char *text,
                      const char **detail)
{
    Case *c = &view->c;
    bool closed = strcmp(c->stage, "closed") == 0;
    int64_t now = clock_now();
    if (strcmp(action, "advance") == 0) {
        const char *next = closed ? NULL : next_stage(c->stage);
        if (!to)
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "to");
        if (!next || strcmp(next, to) != 0)
            return fault_field(ctx->fault, TK_ERR_INVALID, "case.bad_transition", "to");
        if (c->closure_requested)
            return fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closure_pending");
        int rc = check_leave(ctx, view);
        if (rc != TK_OK)
            return rc;
        *detail = arena_printf(ctx->arena, "%s → %s", c->stage, next);
        c->stage = (char *)next;
        if (strcmp(next, "case_plan") == 0) /* the monitor's reports count from the plan's start */
            c->plan_started_at = now;
        return TK_OK;
    }
    if (strcmp(action, "request_closure") == 0) {
        if (closed)
            return fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closed");
        if (c->closure_requested)
            return fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closure_pending");
        if (!text || !*text)
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "reason");
        int rc = check_aftercare(ctx, c);
        if (rc != TK_OK)
            return rc;
        c->closure_requested = true;
        c->closure_reason = (char *)text;
        c->closure_requested_by = access_acting_user(ctx);
        c->closure_requested_at = now;
        *detail = text;
        return TK_OK;
    }
    if (strcmp(action, "approve_closure") == 0 || strcmp(action, "return_closure") == 0) {
        bool approve = action[0] == 'a';
        if (!view->rights.supervise)
            return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
        if (!c->closure_requested)
            return fault_set(ctx->fault, TK_ERR_CONFLICT, "case.no_closure_request");
        if (approve && c->closure_requested_by == access_acting_user(ctx))
            return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.closure_own_request");
        if (!approve && (!text || !*text))
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "comment");
        int rc = approve ? check_aftercare(ctx, c) : TK_OK;
        if (rc != TK_OK)
            return rc;
        c->closure_requested = false;
        if (approve) {
            *detail = arena_printf(ctx->arena, "%s → closed: %s", c->stage, c->closure_reason);
            c->stage = "closed";
            c->closed_by = access_acting_user(ctx);
            c->closed_at = now;
        } else {
            *detail = text;
            c->closure_reason = NULL;
            c->closure_requested_by = c->closure_requested_at = 0;
        }
        return TK_OK;
    }
    if (strcmp(action, "reopen") == 0) {
        if (!closed)
            return fault_set(ctx->fault, TK_ERR_CONFLICT, "case.not_closed");
        if (!view->rights.supervise)
            return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
        if (!text || !*text)
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "reason");
        c->stage = "assessment";
        c->closure_reason = NULL;
        c->closure_requested_by = c->closure_requested_at = c->closed_by = c->closed_at = 0;
        /* the clocks start again from the reopening: nothing is overdue at its moment */
        c->reopened_at = c->clock_started_at = now;
        *detail = text;
        return TK_OK;
    }
    return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "action");
}

int domain_case_transition(Ctx *ctx, int64_t id, int64_t version, const char *action, const char *to, const char *text,
                           CaseView *out)
{
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    if (!action)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "action");
    if (!version)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if ((rc = validate_text(ctx, text, 1000, true, "reason")) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        const char *detail = NULL;
        rc = case_load_for_change(ctx, id, version, out);
        if (rc == TK_OK)
            rc = transition(ctx, out, action, to, text, &detail);
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_case_update(ctx->db, &out->c, access_acting_user(ctx)));
        /* a closed case has no contacts planned any more */
        if (rc == TK_OK && strcmp(out->c.stage, "closed") == 0) {
            rc = store_case_followups_cancel_open(ctx->db, id, "أُغلقت الحالة", access_acting_user(ctx));
            out->c.next_planned_follow_up = NULL;
        }
        if (rc == TK_OK)
            rc = case_record(ctx, id, arena_printf(ctx->arena, "case.%s", action), detail);
        if (rc == TK_OK)
            rc = case_refresh_tasks(ctx, out);
    });
    return rc;
}
