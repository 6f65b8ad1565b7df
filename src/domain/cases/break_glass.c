#include "domain/cases/break_glass.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/cases/cases.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/break_glass.h"
#include "store/cases.h"

enum { EXPLANATION_MIN = 10, EXPLANATION_MAX = 1000 };

static bool worker(const Ctx *ctx)
{
    return access_has_role(ctx, ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR);
}

int domain_break_glass_open(Ctx *ctx, int64_t case_id, const char *reason, const char *explanation, BreakGlass *out)
{
    memset(out, 0, sizeof *out);
    int rc = access_require(ctx, CAP_CASES);
    if (rc == TK_OK && !worker(ctx))
        rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    if (rc != TK_OK)
        return rc;
    if (validate_code(ctx, &codes_break_glass_reasons, reason, "reason") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!explanation || strlen(explanation) < EXPLANATION_MIN)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, explanation ? "break_glass.explain" : "field.required",
                         "explanation");
    else if (validate_text(ctx, explanation, EXPLANATION_MAX, true, "explanation") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    int64_t now = clock_now();
    DOMAIN_TRANSACTION(ctx, rc, {
        Case c;
        rc = store_case_get(ctx->db, case_id, ctx->arena, &c);
        /* a sealed record opens by a court order alone: to an emergency it is a case that is not there */
        if (rc == TK_ERR_NOT_FOUND || (rc == TK_OK && c.sealed_at))
            rc = fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
        /* an open grant of hers is given back; a case she sees without one needs none */
        if (rc == TK_OK && store_break_glass_active(ctx->db, case_id, ctx->user->id, now, ctx->arena, out) == TK_OK)
            rc = TK_ERR_EXISTS;
        bool visible = false;
        CaseViewer viewer = domain_case_viewer(ctx);
        viewer.break_glass = false;
        if (rc == TK_OK && (rc = store_case_visible(ctx->db, case_id, &viewer, &visible)) == TK_OK && visible)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "break_glass.not_needed");
        if (rc == TK_OK)
            *out = (BreakGlass){.case_id = case_id,
                                .user_id = ctx->user->id,
                                .reason = reason,
                                .explanation = explanation,
                                .started_at = now,
                                .expires_at = now + settings_get(SET_BREAK_GLASS_MINUTES) * 60};
        if (rc == TK_OK)
            rc = store_break_glass_add(ctx->db, out);
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "case.break_glass", "case", case_id, "ok",
                                     arena_printf(ctx->arena, "break-glass %lld: %s", (long long)out->id, reason));
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.break_glass", reason);
    });
    if (rc == TK_ERR_EXISTS)
        rc = TK_OK;
    return rc == TK_OK ? store_break_glass_get(ctx->db, out->id, ctx->arena, out) : rc;
}

/* A grant and whether the user is the supervisor of its case's unit. */
static int load_grant(Ctx *ctx, int64_t id, BreakGlass *grant, bool *case_supervisor)
{
    int rc = store_break_glass_get(ctx->db, id, ctx->arena, grant);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    *case_supervisor = rc == TK_OK && access_has_role(ctx, ROLE_SUPERVISOR) && ctx->unit &&
                       ctx->unit->id == grant->case_unit_id;
    return rc;
}

int domain_break_glass_grant_write(Ctx *ctx, int64_t id, BreakGlass *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    DOMAIN_TRANSACTION(ctx, rc, {
        bool supervisor = false;
        rc = load_grant(ctx, id, out, &supervisor);
        if (rc == TK_OK && !supervisor)
            rc = fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
        if (rc == TK_OK &&
            (rc = store_break_glass_grant_write(ctx->db, id, ctx->user->id, clock_now())) == TK_ERR_CONFLICT)
            fault_set(ctx->fault, rc, "break_glass.closed");
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "case.break_glass.write", "case", out->case_id, "ok",
                                     arena_printf(ctx->arena, "break-glass %lld", (long long)id));
    });
    return rc == TK_OK ? store_break_glass_get(ctx->db, id, ctx->arena, out) : rc;
}

int domain_break_glass_end(Ctx *ctx, int64_t id)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    DOMAIN_TRANSACTION(ctx, rc, {
        /* the holder ends it, or the case's supervisor takes it away */
        BreakGlass grant;
        bool supervisor = false;
        rc = load_grant(ctx, id, &grant, &supervisor);
        if (rc == TK_OK && grant.user_id != ctx->user->id && !supervisor)
            rc = fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
        if (rc == TK_OK &&
            (rc = store_break_glass_end(ctx->db, id, supervisor ? 0 : ctx->user->id, clock_now())) == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "case.break_glass.end", "case", grant.case_id, "ok",
                                     arena_printf(ctx->arena, "break-glass %lld%s", (long long)id,
                                                  grant.user_id == ctx->user->id ? "" : ", by the case's supervisor"));
    });
    return rc;
}

int domain_break_glass_list(Ctx *ctx, bool pending, BreakGlass **items, int *count)
{
    bool auditor = access_has(ctx, CAP_READ_AUDIT);
    bool supervisor = access_has_role(ctx, ROLE_SUPERVISOR) && ctx->unit;
    if (!auditor && !supervisor)
        return access_require(ctx, CAP_READ_AUDIT);
    BreakGlassFilter filter = {.unit_id = auditor ? 0 : ctx->unit->id, .pending = pending, .limit = 200};
    int rc = store_break_glass_list(ctx->db, &filter, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "break_glass.list", NULL, 0, pending ? "pending" : NULL) : rc;
}

int domain_break_glass_review(Ctx *ctx, int64_t id, const char *verdict, const char *note, BreakGlass *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_READ_AUDIT);
    bool justified = verdict && strcmp(verdict, "justified") == 0;
    if (!verdict)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "verdict");
    else if (!justified && strcmp(verdict, "not_justified") != 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "verdict");
    if (rc == TK_OK && !justified && (!note || !*note))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "note");
    if (rc == TK_OK && note && validate_text(ctx, note, EXPLANATION_MAX, true, "note") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        bool supervisor = false;
        rc = load_grant(ctx, id, out, &supervisor);
        if (rc == TK_OK && out->user_id == ctx->user->id)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "break_glass.own");
        if (rc == TK_OK && out->ended_at == 0 && out->expires_at > clock_now())
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "break_glass.in_use");
        if (rc == TK_OK &&
            (rc = store_break_glass_review(ctx->db, id, verdict, note, ctx->user->id, clock_now())) == TK_ERR_CONFLICT)
            fault_set(ctx->fault, rc, "break_glass.reviewed");
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "break_glass.review", "case", out->case_id, "ok",
                                     arena_printf(ctx->arena, "break-glass %lld: %s", (long long)id, verdict));
    });
    return rc == TK_OK ? store_break_glass_get(ctx->db, id, ctx->arena, out) : rc;
}
