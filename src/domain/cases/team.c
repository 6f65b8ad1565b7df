/* The workers of a case: assigning, taking a case oneself, unassigning. */
#include "domain/cases/cases.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/case_internal.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "store/cases.h"
#include "store/org.h"

/* The role in which the user works a case of their own unit (caseworker, monitor or officer), NULL for none. */
const char *case_own_assignment_role(const Ctx *ctx)
{
    return access_has_role(ctx, ROLE_CASEWORKER) ? "caseworker"
           : access_has_role(ctx, ROLE_MONITOR)  ? "monitor"
           : access_has_role(ctx, ROLE_OFFICER)  ? "officer"
                                                 : NULL;
}

/* The user takes the case in role, inside the caller's transaction: audited in the history as one's own. */
int case_assign_self(Ctx *ctx, CaseView *view, const char *role)
{
    int rc = store_case_assign(ctx->db, view->c.id, ctx->user->id, role, ctx->user->id);
    if (rc == TK_OK)
        rc = case_record(ctx, view->c.id, "case.assign.self",
                         arena_printf(ctx->arena, "%s %s", role, ctx->user->full_name));
    if (rc == TK_OK)
        rc = store_case_assignments(ctx->db, view->c.id, ctx->arena, &view->assignments, &view->assignment_count);
    return rc;
}

int domain_case_assign(Ctx *ctx, int64_t id, int64_t user_id, const char *role, CaseView *out)
{
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    const CodeEntry *entry = codes_find(&codes_assignment_roles, role);
    if (!role)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "role");
    if (!entry)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "role");
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = case_load(ctx, id, out);
        /* a worker takes a case of her own unit herself, in her own role, when nobody holds it: the supervisor
         * may undo it (unassign); anything else is the supervisor's */
        /* never through a break-glass grant: it opens the case to read for a time, not to take it */
        bool self = rc == TK_OK && !out->rights.supervise && !out->rights.break_glass && ctx->user &&
                    user_id == ctx->user->id && out->c.unit_id == ctx->unit->id && access_has_role(ctx, entry->bit);
        for (int i = 0; self && i < out->assignment_count; i++)
            if (strcmp(out->assignments[i].role, role) == 0)
                rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "case.role_taken");
        if (rc == TK_OK && !out->rights.supervise && !self)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
        if (rc == TK_OK && strcmp(out->c.stage, "closed") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closed");
        if (rc == TK_OK && self) {
            rc = case_assign_self(ctx, out, role);
            if (rc == TK_OK)
                rc = case_refresh_tasks(ctx, out);
        } else {
            User worker;
            if (rc == TK_OK && (rc = store_user_get(ctx->db, user_id, ctx->arena, &worker)) == TK_ERR_NOT_FOUND)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "user_id");
            if (rc == TK_OK && (strcmp(worker.status, "active") != 0 || !(worker.roles & entry->bit)))
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "case.worker_role", "user_id");
            if (rc == TK_OK)
                rc = store_case_assign(ctx->db, id, user_id, role, access_acting_user(ctx));
            if (rc == TK_OK)
                rc = case_record(ctx, id, "case.assign", arena_printf(ctx->arena, "%s %s", role, worker.full_name));
            if (rc == TK_OK)
                rc = store_case_assignments(ctx->db, id, ctx->arena, &out->assignments, &out->assignment_count);
            if (rc == TK_OK)
                rc = case_refresh_tasks(ctx, out);
        }
    });
    return rc;
}

int domain_case_assignable(Ctx *ctx, int64_t id, const char *role, User **users, int *count)
{
    *users = NULL;
    *count = 0;
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    if (!role)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "role");
    const CodeEntry *entry = codes_find(&codes_assignment_roles, role);
    if (!entry)
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "role");
    CaseView view;
    if ((rc = case_load(ctx, id, &view)) != TK_OK)
        return rc;
    if (!view.rights.supervise)
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
    /* Social workers come from the case's own unit; behaviour monitors and officers from the units of its
     * governorate too (the court's monitors, the police offices), where they sit. */
    int64_t unit_ids[64];
    int unit_count = 0;
    unit_ids[unit_count++] = view.c.unit_id;
    Unit own;
    if (strcmp(role, "caseworker") != 0 && store_unit_get(ctx->db, view.c.unit_id, ctx->arena, &own) == TK_OK &&
        own.governorate) {
        UnitFilter units = {.governorate = own.governorate, .status = "active", .limit = 60};
        Unit *found;
        int found_count = 0;
        int64_t next = 0;
        if ((rc = store_unit_list(ctx->db, &units, ctx->arena, &found, &found_count, &next)) != TK_OK)
            return rc;
        for (int i = 0; i < found_count && unit_count < 64; i++)
            if (found[i].id != view.c.unit_id)
                unit_ids[unit_count++] = found[i].id;
    }
    int capacity = 0;
    for (int u = 0; u < unit_count; u++) {
        /* page through a unit's users; a unit has tens of them, so this is one page in practice */
        UserFilter filter = {.unit_id = unit_ids[u], .role = entry->bit, .status = "active", .limit = 500};
        do {
            User *page;
            int page_count;
            int64_t next = 0;
            if ((rc = store_user_list(ctx->db, &filter, ctx->arena, &page, &page_count, &next)) != TK_OK)
                return rc;
            if (*count + page_count > capacity) {
                capacity = (*count + page_count) * 2;
                User *grown = arena_calloc(ctx->arena, (size_t)capacity + 1, sizeof(User));
                if (!grown)
                    return TK_ERR_NOMEM;
                if (*count)
                    memcpy(grown, *users, sizeof(User) * (size_t)*count);
                *users = grown;
            }
            memcpy(*users + *count, page, sizeof(User) * (size_t)page_count);
            *count += page_count;
            filter.after_id = next;
        } while (filter.after_id);
    }
    return domain_audit_read(ctx, "case.assignable.read", "case", id, role);
}

int domain_case_unassign(Ctx *ctx, int64_t id, int64_t assignment_id, CaseView *out)
{
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = case_load(ctx, id, out);
        bool had_worker = rc == TK_OK && case_worker_assigned(&out->c, out->assignments, out->assignment_count);
        if (rc == TK_OK && !out->rights.supervise)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
        if (rc == TK_OK &&
            (rc = store_case_unassign(ctx->db, id, assignment_id, access_acting_user(ctx))) == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK)
            rc = case_record(ctx, id, "case.unassign", NULL);
        if (rc == TK_OK)
            rc = store_case_assignments(ctx->db, id, ctx->arena, &out->assignments, &out->assignment_count);
        /* left without its worker, the case is to be assigned again within hours of now */
        if (rc == TK_OK && had_worker && !case_worker_assigned(&out->c, out->assignments, out->assignment_count)) {
            out->c.clock_started_at = clock_now();
            rc = store_case_update(ctx->db, &out->c, access_acting_user(ctx));
        }
        if (rc == TK_OK)
            rc = case_refresh_tasks(ctx, out);
    });
    return rc;
}
