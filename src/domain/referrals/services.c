/* The services of a case plan: listed (a receiving unit sees those asked of it), added, updated. */
#include "domain/referrals/referrals_internal.h"

#include <string.h>

#include "base/fields.h"
#include "domain/core/access.h"
#include "domain/core/validate.h"
#include "store/org.h"
#include "store/referrals.h"

int domain_case_services(Ctx *ctx, int64_t case_id, CaseService **items, int *count)
{
    CaseView view;
    int rc = domain_case_load(ctx, case_id, &view);
    if (rc == TK_OK)
        rc = store_services(ctx->db, case_id, ctx->arena, items, count);
    if (rc == TK_OK && view.rights.referred && !(view.rights.shared & CASE_SECTION_SERVICES)) {
        int kept = 0; /* a receiving unit that was not shown the plan sees the services asked of it */
        for (int i = 0; i < *count; i++)
            if (referral_in_unit(ctx, (*items)[i].unit_id))
                (*items)[kept++] = (*items)[i];
        *count = kept;
    }
    for (int i = 0; rc == TK_OK && view.rights.referred && i < *count; i++) {
        (*items)[i].created_by = (*items)[i].updated_by = 0;
        (*items)[i].updated_by_name = NULL;
    }
    return rc == TK_OK ? domain_audit_read(ctx, "case.services.read", "case", case_id, NULL) : rc;
}

static int check_service_fields(Ctx *ctx, const CaseService *s, uint32_t fields)
{
    int rc = TK_OK;
    if ((fields & SERVICE_SET_STATUS) && (!s->status || !codes_find(&codes_service_statuses, s->status)))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, s->status ? "field.code" : "field.required", "status");
    if ((fields & SERVICE_SET_DUE_ON) && s->due_on && !validate_is_date(s->due_on))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "due_on");
    if ((fields & SERVICE_SET_NOTES) && validate_text(ctx, s->notes, 4000, true, "notes") != TK_OK)
        rc = TK_ERR_INVALID;
    return rc;
}

int domain_case_service_add(Ctx *ctx, int64_t case_id, CaseService *s)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (validate_code(ctx, &codes_service_types, s->type, "type") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!s->unit_id && (!s->provider || !*s->provider))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "service.who", "unit_id");
    if (s->unit_id && s->provider)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "service.who", "provider");
    if (validate_text(ctx, s->provider, 200, true, "provider") != TK_OK)
        rc = TK_ERR_INVALID;
    if (check_service_fields(
            ctx, s, SERVICE_SET_STATUS * (s->status != NULL) | SERVICE_SET_DUE_ON | SERVICE_SET_NOTES) != TK_OK)
        rc = TK_ERR_INVALID;
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        Unit unit;
        if (rc == TK_OK && s->unit_id &&
            (rc = store_unit_get(ctx->db, s->unit_id, ctx->arena, &unit)) == TK_ERR_NOT_FOUND)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "unit_id");
        /* provided is for the implementing side: the case's own unit, or the case's workers for a provider */
        if (rc == TK_OK && s->status && strcmp(s->status, "provided") == 0 && s->unit_id &&
            s->unit_id != view.c.unit_id)
            rc = fault_field(ctx->fault, TK_ERR_FORBIDDEN, "service.implementing_side", "status");
        DOMAIN_CASE_PART_ADD(ctx, rc, case_id, s, store_service_add, "case.service.add", s->type);
    });
    if (rc == TK_OK)
        rc = store_service_get(ctx->db, case_id, s->id, ctx->arena, s);
    return rc;
}

int domain_case_service_update(Ctx *ctx, int64_t case_id, int64_t service_id, const CaseService *changes,
                               uint32_t fields, CaseService *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!changes->version)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if (check_service_fields(ctx, changes, fields) != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = domain_case_load(ctx, case_id, &view);
        if (rc == TK_OK && strcmp(view.c.stage, "closed") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closed");
        if (rc == TK_OK && (rc = store_service_get(ctx->db, case_id, service_id, ctx->arena, out)) == TK_ERR_NOT_FOUND)
            rc = fault_set(ctx->fault, rc, "not_found");
        /* the implementing unit changes its service; the case's writers change the rest, and record an outside
         * provider's work */
        bool implementing = rc == TK_OK && out->unit_id && referral_in_unit(ctx, out->unit_id) &&
                            referral_working_role(ctx);
        bool writer = rc == TK_OK && view.rights.write;
        if (rc == TK_OK && !implementing && !writer)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
        if (rc == TK_OK && (fields & SERVICE_SET_STATUS) && strcmp(changes->status, "provided") == 0 &&
            strcmp(out->status, "provided") != 0 && !implementing && out->unit_id)
            rc = fault_field(ctx->fault, TK_ERR_FORBIDDEN, "service.implementing_side", "status");
        if (rc == TK_OK && changes->version != out->version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        if (rc == TK_OK) {
            /* the fields in the order of their bits, SERVICE_SET_… */
            fields_copy_chosen(out, changes, FIELDS(CaseService, status, due_on, notes), fields);
            if ((rc = store_service_update(ctx->db, out, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                rc = fault_field(ctx->fault, rc, "version.conflict", "version");
        }
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.service.update",
                                    arena_printf(ctx->arena, "%s %s", out->type, out->status));
    });
    if (rc == TK_OK)
        rc = store_service_get(ctx->db, case_id, service_id, ctx->arena, out);
    return rc;
}
