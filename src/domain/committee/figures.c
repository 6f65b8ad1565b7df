/* Statistics figures as an observation's evidence: the indicator's table computed for the user's own statistics
 * scope, suppressed as any export is (the committee reads it), kept as it was when attached. */
#include <string.h>

#include "base/err.h"
#include "domain/committee/committee_internal.h"
#include "domain/core/access.h"
#include "store/committee.h"
#include "store/statistics.h"

int domain_observation_figures_add(Ctx *ctx, int64_t observation_id, const char *indicator, const StatRequest *request,
                                   FiguresRender render, ObservationFigures *out)
{
    memset(out, 0, sizeof *out);
    int rc = committee_require_any(ctx);
    if (rc != TK_OK)
        return rc;
    Observation o;
    rc = store_observation_get(ctx->db, observation_id, ctx->arena, &o);
    bool own = rc == TK_OK && committee_unit_user(ctx) && ctx->unit->id == o.unit_id;
    if (rc == TK_OK && !own && !committee_reader(ctx))
        rc = TK_ERR_NOT_FOUND;
    if (rc == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc != TK_OK)
        return rc;
    /* the raising unit adds evidence while the observation is its own to edit; a member while the committee has it */
    bool open = strcmp(o.status, "recommended") != 0 && strcmp(o.status, "dismissed") != 0;
    if (!own && !committee_member(ctx))
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    if ((own && !committee_member(ctx) && strcmp(o.status, "new") != 0) || !open)
        return fault_set(ctx->fault, TK_ERR_CONFLICT, "observation.taken_up");
    if (!indicator || !*indicator)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "indicator");
    StatResult result;
    rc = domain_statistics_evidence(ctx, indicator, request, &result);
    if (rc == TK_ERR_NOT_FOUND) {
        *ctx->fault = (Fault){0};
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "indicator");
    }
    if (rc != TK_OK)
        return rc;
    out->observation_id = observation_id;
    out->indicator = result.indicator->id;
    out->breakdown = "";
    for (int i = 0; i < 2; i++)
        if (result.table.dims[i] >= 0)
            out->breakdown = arena_printf(ctx->arena, "%s%s%s", out->breakdown, i ? "," : "",
                                          stat_dim_name(result.table.dims[i]));
    out->period_from = result.from;
    out->period_to = result.to;
    out->threshold = result.threshold;
    out->figures = render(&result, ctx->arena);
    out->attached_by = access_acting_user(ctx);
    if (!out->figures)
        return TK_ERR_NOMEM;
    DOMAIN_TRANSACTION(ctx, rc, {
        ObservationFigures *existing = NULL;
        int count = 0;
        rc = store_observation_figures(ctx->db, observation_id, ctx->arena, &existing, &count);
        if (rc == TK_OK && count >= OBSERVATION_FIGURES_MAX)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.too_long", "indicator");
        /* the figures leave the unit for the committee: on the log of data exports as any export */
        if (rc == TK_OK)
            rc = store_data_export_add(
                ctx->db, out->attached_by, ctx->unit->id, arena_printf(ctx->arena, "statistics.%s", indicator),
                "evidence", arena_printf(ctx->arena, "%s observation=%lld", result.filters, (long long)observation_id),
                &out->export_id);
        if (rc == TK_OK)
            rc = store_observation_figures_add(ctx->db, out);
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "statistics.export", "data_export", out->export_id, "ok",
                                     arena_printf(ctx->arena, "%s evidence %s", indicator, result.filters));
        if (rc == TK_OK)
            rc = committee_record(ctx, "observation", observation_id, "figures", indicator);
    });
    return rc;
}
