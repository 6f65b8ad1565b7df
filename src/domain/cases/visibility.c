/* Who may see a case and what they may do with it; loading a case for a reader or a writer. */
#include "domain/cases/cases.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/case_internal.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/records/records.h"
#include "store/break_glass.h"
#include "store/cases.h"
#include "store/org.h"
#include "store/referrals.h"

int case_require(Ctx *ctx)
{
    return access_require(ctx, CAP_CASES);
}

/* Who the user is to a case. Whether she sees it has one definition, CASE_VISIBLE (store/case_visible.h), which the
 * lists of cases, tasks, studies and notifications use too; here it is asked of the one case, and the domain adds what
 * a list never shows: a case seen through a referral to the user's unit, and what the user may do with it. */
static int case_rights(Ctx *ctx, const Case *c, const CaseAssignment *assignments, int count, bool *visible,
                       CaseRights *rights)
{
    memset(rights, 0, sizeof *rights);
    *visible = false;
    if (!ctx->user || !ctx->unit)
        return TK_OK;
    bool assigned = false;
    for (int i = 0; i < count; i++)
        assigned = assigned || assignments[i].user_id == ctx->user->id;
    bool own_unit = c->unit_id == ctx->unit->id;
    bool supervisor = own_unit && access_has_role(ctx, ROLE_SUPERVISOR);
    bool worker = access_has_role(ctx, ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR);
    bool restricted = strcmp(c->sensitivity, "restricted") == 0;
    /* whether the user sees the case is the lists' predicate (store/case_visible.h), asked of this one case; a
     * break-glass grant counts for this single read alone, never for a list or a change elsewhere */
    CaseViewer viewer = domain_case_viewer(ctx);
    viewer.break_glass = true;
    int rc = store_case_visible(ctx->db, c->id, &viewer, visible);
    if (rc != TK_OK)
        return rc;
    /* a sealed record is read, through a court order, never changed */
    if (c->sealed_at) {
        rights->sees_reporter = *visible;
        rights->shared = CASE_SECTIONS_ALL;
        return *visible ? domain_seal_read_order(ctx, c->id, &rights->seal_order) : TK_OK;
    }
    rights->write = *visible && (assigned || (own_unit && worker && (!restricted || supervisor)));
    rights->supervise = supervisor;
    rights->sees_reporter = assigned || supervisor;
    rights->shared = CASE_SECTIONS_ALL;
    /* seen by a break-glass grant alone: read-only unless the case's supervisor granted more */
    if (*visible && !rights->write && worker) {
        BreakGlass grant;
        rc = store_break_glass_active(ctx->db, c->id, ctx->user->id, viewer.now, ctx->arena, &grant);
        bool without = true;
        if (rc == TK_OK) {
            viewer.break_glass = false;
            rc = store_case_visible(ctx->db, c->id, &viewer, &without);
        }
        if (rc == TK_OK && !without) {
            rights->break_glass = grant.id;
            rights->break_glass_expires_at = grant.expires_at;
            rights->write = grant.write_granted_at != 0;
        }
        if (rc != TK_OK && rc != TK_ERR_NOT_FOUND)
            return rc;
        rc = TK_OK;
    }
    if (!*visible && worker) {
        /* a unit a referral was sent to sees what it shares while it is pending or accepted */
        char *sections = NULL;
        rc = store_referral_shared(ctx->db, c->id, ctx->unit->id, ctx->arena, &sections, &rights->referral_id);
        if (rc != TK_OK)
            return rc;
        if (sections) {
            *visible = true;
            rights->referred = true;
            rights->shared = case_sections_parse(sections);
        }
    }
    return TK_OK;
}

void case_worker_hidden(const CaseView *view, int64_t *by, char **by_name)
{
    if (view->rights.referred) {
        *by = 0;
        *by_name = NULL;
    }
}

unsigned case_sections_parse(const char *codes)
{
    unsigned bits = 0;
    for (int i = 0; i < codes_case_sections.count; i++)
        if (codes_listed(codes, codes_case_sections.entries[i].code))
            bits |= 1u << i;
    return bits;
}

CaseViewer domain_case_viewer(const Ctx *ctx)
{
    return (CaseViewer){.user_id = ctx->user ? ctx->user->id : 0,
                        .unit_id = ctx->unit ? ctx->unit->id : 0,
                        .agency = ctx->unit ? ctx->unit->agency : NULL,
                        .supervisor = access_has_role(ctx, ROLE_SUPERVISOR),
                        .manager = access_has_role(ctx, ROLE_MANAGER),
                        .home_staff = access_has_role(ctx, ROLE_HOME_STAFF),
                        .now = clock_now()};
}

/* Reads a case with its assignments and decides the rights; a case the user may not see is not found (and the
 * refusal audited). */
int case_load(Ctx *ctx, int64_t id, CaseView *view)
{
    memset(view, 0, sizeof *view);
    int rc = store_case_get(ctx->db, id, ctx->arena, &view->c);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc == TK_OK)
        rc = store_case_assignments(ctx->db, id, ctx->arena, &view->assignments, &view->assignment_count);
    bool visible = false;
    if (rc == TK_OK)
        rc = case_rights(ctx, &view->c, view->assignments, view->assignment_count, &visible, &view->rights);
    if (rc == TK_OK && !visible) {
        domain_audit_read_outcome(ctx, "case.read", "case", id, "denied", NULL);
        return fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
    }
    /* every read through a break-glass grant is audited with it */
    if (rc == TK_OK && view->rights.break_glass)
        rc = domain_audit_read(ctx, "case.break_glass.read", "case", id,
                               arena_printf(ctx->arena, "break-glass %lld", (long long)view->rights.break_glass));
    /* and every read of a sealed record with the court order that opened it */
    if (rc == TK_OK && view->rights.seal_order)
        rc = domain_audit_read(ctx, "case.sealed.read", "case", id,
                               arena_printf(ctx->arena, "court order %lld", (long long)view->rights.seal_order->id));
    view->unit_name_ar = view->c.unit_name_ar;
    view->unit_name_en = view->c.unit_name_en;
    return rc;
}

/* Loads a case for a change by a user who may write it, at the version given. */
int case_load_for_change(Ctx *ctx, int64_t id, int64_t version, CaseView *view)
{
    int rc = case_load(ctx, id, view);
    if (rc != TK_OK)
        return rc;
    if (!view->rights.write)
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    if (version && view->c.version != version)
        return fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
    return TK_OK;
}

/* Loads a case for a change that is not to the case itself (persons, notes, incidents): it must be open. */
int case_load_open(Ctx *ctx, int64_t id, CaseView *view)
{
    int rc = case_load_for_change(ctx, id, 0, view);
    if (rc == TK_OK && strcmp(view->c.stage, "closed") == 0)
        rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closed");
    return rc;
}

/* Loads a case its reader may see (for its parts: persons, notes, incidents, history, tasks). */
static int load_visible(Ctx *ctx, int64_t id, CaseView *view)
{
    int rc = case_require(ctx);
    return rc == TK_OK ? case_load(ctx, id, view) : rc;
}

/* A part of a case the user sees: a unit that sees the case through a referral reads only the sections it shares
 * (0: a part no referral shares, such as the history and the tasks). */
int case_load_section(Ctx *ctx, int64_t id, unsigned section, CaseView *view)
{
    int rc = load_visible(ctx, id, view);
    if (rc == TK_OK && view->rights.referred && !(view->rights.shared & section)) {
        domain_audit_read_outcome(ctx, "case.read", "case", id, "denied", "section not shared");
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "referral.not_shared");
    }
    return rc;
}

int domain_case_load_section(Ctx *ctx, int64_t id, unsigned section, CaseView *view)
{
    return case_load_section(ctx, id, section, view);
}

int domain_case_load(Ctx *ctx, int64_t id, CaseView *view)
{
    return load_visible(ctx, id, view);
}

void domain_case_part_whole(const CaseView *view, const void *item)
{
    (void)view;
    (void)item;
}

int domain_case_load_open(Ctx *ctx, int64_t id, CaseView *view)
{
    return case_load_open(ctx, id, view);
}
