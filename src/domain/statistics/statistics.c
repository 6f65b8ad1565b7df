/* Reading an indicator: who may (supervisors their unit, managers their agency, the committee national figures),
 * the period and filters, the rows (indicator_rows.c), the table, the small-number rule, the names of rows and
 * columns, the audit row, and the log entry of an export. */
#include "domain/statistics/statistics_internal.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/settings.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "store/org.h"

enum { MAX_YEARS = 10 };

typedef enum { SCOPE_NONE, SCOPE_UNIT, SCOPE_AGENCY, SCOPE_NATIONAL } Scope;

/* The widest scope the user's roles give: managers their agency, supervisors their unit, the committee the nation.
 * Auditors, administrators and the other roles see no statistics. */
static Scope scope_of(const Ctx *ctx)
{
    if (!ctx->user || !ctx->unit)
        return SCOPE_NONE;
    if (access_has_role(ctx, ROLE_MANAGER))
        return SCOPE_AGENCY;
    if (access_has_role(ctx, ROLE_SUPERVISOR))
        return SCOPE_UNIT;
    if (access_has_role(ctx, ROLE_COMMITTEE))
        return SCOPE_NATIONAL;
    return SCOPE_NONE;
}

int domain_statistics_catalogue(Ctx *ctx, const StatIndicator **items, int *count)
{
    if (!ctx->user)
        return fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required");
    if (scope_of(ctx) == SCOPE_NONE)
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    *items = stat_indicators(count);
    return TK_OK;
}

/* The dimensions asked for (at most two, each of the indicator's), or its default. */
static int parse_by(Ctx *ctx, const StatIndicator *ind, const char *by, int dims[2])
{
    dims[0] = dims[1] = -1;
    int n = 0;
    if (!by || !*by) {
        for (int d = 0; d < STAT_DIM_COUNT && n < 2; d++)
            if (ind->default_dims & (1u << d))
                dims[n++] = d;
        return TK_OK;
    }
    for (const char *p = by; *p;) {
        size_t len = strcspn(p, ",");
        int d = stat_dim_parse(p, len);
        if (d < 0 || !(ind->dims & (1u << d)) || n == 2 || (n == 1 && dims[0] == d))
            return fault_field(ctx->fault, TK_ERR_INVALID, "statistics.by", "by");
        dims[n++] = d;
        p += len + (p[len] == ',');
    }
    return TK_OK;
}

/* The name of a key of a dimension, in both languages. */
static void key_names(Ctx *ctx, int dim, const char *key, const char **ar, const char **en)
{
    *ar = *en = key;
    const CodeList *list = NULL;
    switch (dim) {
    case STAT_DIM_KIND: list = &codes_case_kinds; break;
    case STAT_DIM_GOVERNORATE: list = &codes_governorates; break;
    case STAT_DIM_VIOLENCE_TYPE: list = &codes_violence_types; break;
    case STAT_DIM_SERVICE_TYPE: list = &codes_service_types; break;
    case STAT_DIM_AGENCY: list = &codes_agencies; break;
    case STAT_DIM_STATUS:
        list = codes_find(&codes_referral_statuses, key) ? &codes_referral_statuses : &codes_service_statuses;
        break;
    case STAT_DIM_UNIT:
    case STAT_DIM_TO_UNIT: {
        int64_t id = 0;
        Unit unit;
        if (key && sscanf(key, "%lld", (long long *)&id) == 1 &&
            store_unit_get(ctx->db, id, ctx->arena, &unit) == TK_OK) {
            *ar = unit.name_ar;
            *en = unit.name_en;
            return;
        }
        break;
    }
    default: break;
    }
    if (stat_own_label(key, ar, en))
        return;
    const CodeEntry *entry = list ? codes_find(list, key) : NULL;
    if (entry) {
        *ar = entry->name_ar;
        *en = entry->name_en;
    }
}

static int name_keys(Ctx *ctx, int dim, const char **keys, int count, const char ***ar, const char ***en)
{
    *ar = arena_calloc(ctx->arena, (size_t)count + 1, sizeof(char *));
    *en = arena_calloc(ctx->arena, (size_t)count + 1, sizeof(char *));
    if (!*ar || !*en)
        return TK_ERR_NOMEM;
    for (int i = 0; i < count; i++)
        key_names(ctx, dim, keys[i], &(*ar)[i], &(*en)[i]);
    return TK_OK;
}

/* The period: from and to (YYYY-MM-DD, both included), by default the twelve months to today. */
static int parse_period(Ctx *ctx, const StatRequest *req, StatResult *out, StatFilter *f)
{
    char today[11];
    clock_amman_date(f->now, today);
    const char *to = req->to && *req->to ? req->to : arena_strdup(ctx->arena, today);
    const char *from = req->from && *req->from ? req->from : NULL;
    int64_t to_start = clock_amman_day_start(to);
    if (to_start < 0 || strlen(to) != 10)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "to");
    if (!from) {
        int y, m;
        sscanf(to, "%4d-%2d", &y, &m);
        m -= 11;
        if (m < 1)
            m += 12, y--;
        from = arena_printf(ctx->arena, "%04d-%02d-01", y, m);
    }
    int64_t from_start = clock_amman_day_start(from);
    if (!from || from_start < 0 || strlen(from) != 10)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "from");
    if (from_start > to_start || to_start - from_start > (int64_t)MAX_YEARS * 366 * DAY)
        return fault_field(ctx->fault, TK_ERR_INVALID, "statistics.period", "from");
    f->from = from_start;
    f->to = to_start + DAY;
    out->from = from;
    out->to = to;
    return TK_OK;
}

/* The filters, for the audit row and the log of exports: codes and dates only. */
static const char *filters_text(Ctx *ctx, const StatResult *out, const StatFilter *f, const int dims[2])
{
    return arena_printf(ctx->arena, "from=%s to=%s by=%s%s%s kind=%s governorate=%s unit_id=%lld scope=%s", out->from,
                        out->to, dims[0] >= 0 ? stat_dim_name(dims[0]) : "", dims[1] >= 0 ? "," : "",
                        dims[1] >= 0 ? stat_dim_name(dims[1]) : "", f->kind ? f->kind : "",
                        f->governorate ? f->governorate : "", (long long)f->unit_id, out->scope);
}

/* The table of an indicator; with log, an export is written to the log of data exports and the audit log, and a read
 * to the audit log. */
static int compute(Ctx *ctx, const char *id, const StatRequest *req, StatResult *out, bool log)
{
    memset(out, 0, sizeof *out);
    if (!ctx->user)
        return fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required");
    Scope scope = scope_of(ctx);
    if (scope == SCOPE_NONE) {
        domain_audit_read_outcome(ctx, "statistics.read", "statistics", 0, "denied", id);
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    }
    const StatIndicator *ind = stat_indicator_find(id);
    if (!ind)
        return fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
    if (!ind->available)
        return fault_set(ctx->fault, TK_ERR_NOT_FOUND, "statistics.not_available");
    out->indicator = ind;
    StatFilter f = {.now = clock_now(), .stale_seconds = settings_get(SET_REFERRAL_STALE_DAYS) * DAY};
    int dims[2];
    int rc = parse_by(ctx, ind, req->by, dims);
    if (rc == TK_OK)
        rc = parse_period(ctx, req, out, &f);
    if (rc != TK_OK)
        return rc;
    if (req->kind && *req->kind && !codes_find(&codes_case_kinds, req->kind))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "kind");
    if (req->governorate && *req->governorate && !codes_find(&codes_governorates, req->governorate))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "governorate");
    f.kind = req->kind && *req->kind ? req->kind : NULL;
    f.governorate = req->governorate && *req->governorate ? req->governorate : NULL;
    f.unit_id = req->unit_id;
    /* the access rule narrows the filters: a unit outside the user's scope is refused, never widened */
    bool unit_dims = dims[0] == STAT_DIM_UNIT || dims[1] == STAT_DIM_UNIT || dims[0] == STAT_DIM_TO_UNIT ||
                     dims[1] == STAT_DIM_TO_UNIT;
    if (scope == SCOPE_UNIT) {
        if (f.unit_id && f.unit_id != ctx->unit->id)
            rc = fault_field(ctx->fault, TK_ERR_FORBIDDEN, "statistics.scope", "unit_id");
        f.unit_id = ctx->unit->id;
        out->scope = "unit";
    } else if (scope == SCOPE_AGENCY) {
        f.agency = ctx->unit->agency;
        out->scope = "agency";
    } else {
        /* the committee: national figures, no unit named */
        if (f.unit_id || unit_dims)
            rc = fault_field(ctx->fault, TK_ERR_FORBIDDEN, "statistics.scope", f.unit_id ? "unit_id" : "by");
        out->scope = "national";
    }
    if (rc != TK_OK) {
        domain_audit_read_outcome(ctx, "statistics.read", "statistics", 0, "denied", id);
        return rc;
    }
    for (int i = 0; i < 2; i++)
        if (dims[i] >= 0)
            f.by[dims[i]] = true;

    StatRow *rows;
    int count;
    rc = stat_indicator_rows(ctx, ind, &f, &rows, &count);
    char months_from[8], months_to[8];
    snprintf(months_from, sizeof months_from, "%.7s", out->from);
    snprintf(months_to, sizeof months_to, "%.7s", out->to);
    bool over_time = strcmp(id, "cases_open") != 0 && strcmp(id, "cases_per_worker") != 0 &&
                     strcmp(id, "homes_occupancy") != 0 && strcmp(id, "homes_overstays") != 0;
    if (rc == TK_OK)
        rc = stat_table_build(ctx->arena, ind, rows, count, dims, over_time ? months_from : NULL,
                              over_time ? months_to : NULL, &out->table);
    /* a supervisor's working table of her own unit is exact; anything that leaves the unit is not */
    out->threshold = settings_get(SET_STATISTICS_SMALL_COUNT);
    if (rc == TK_OK && (scope != SCOPE_UNIT || req->for_export))
        stat_table_suppress(&out->table, out->threshold);
    if (rc == TK_OK)
        rc = name_keys(ctx, dims[0], out->table.row_keys, out->table.row_count, &out->row_ar, &out->row_en);
    if (rc == TK_OK)
        rc = name_keys(ctx, dims[1], out->table.column_keys, out->table.column_count, &out->column_ar, &out->column_en);
    if (rc != TK_OK)
        return rc;
    const char *filters = filters_text(ctx, out, &f, dims);
    out->filters = filters;
    if (!log)
        return TK_OK;
    if (req->for_export) {
        const char *what = arena_printf(ctx->arena, "statistics.%s", id);
        DOMAIN_TRANSACTION(ctx, rc, {
            rc = store_data_export_add(ctx->db, access_acting_user(ctx), ctx->unit->id, what, req->format, filters,
                                       &out->export_id);
            if (rc == TK_OK)
                rc = domain_audit_change(ctx, "statistics.export", "data_export", out->export_id, "ok",
                                         arena_printf(ctx->arena, "%s %s %s", id, req->format, filters));
        });
        return rc;
    }
    return domain_audit_read(ctx, "statistics.read", "statistics", 0, arena_printf(ctx->arena, "%s %s", id, filters));
}

int domain_statistics(Ctx *ctx, const char *id, const StatRequest *req, StatResult *out)
{
    return compute(ctx, id, req, out, true);
}

int domain_statistics_evidence(Ctx *ctx, const char *id, const StatRequest *request, StatResult *out)
{
    StatRequest req = *request;
    req.for_export = true;
    return compute(ctx, id, &req, out, false);
}

/* The tables of the monthly report, in its order, with the breakdown of each. */
static const struct {
    const char *id, *by;
} report_tables[] = {
    {"deadlines", "deadline,outcome"},
    {"cases_new", "kind"},
    {"cases_closed", "kind"},
    {"cases_open", "kind"},
    {"cases_new", "governorate"},
    {"days_open_to_close", "bucket"},
    {"days_incident_to_report", "bucket"},
    {"cases_per_worker", "bucket"},
    {"referrals", "status"},
    {"services", "status"},
    {"studies", "status"},
    {"homes_occupancy", "age_band,sex"},
    {"homes_moves", "status,sex"},
    {"homes_overstays", "sex,age_band"},
};

int domain_statistics_monthly(Ctx *ctx, const char *month, StatResult **tables, int *count)
{
    *tables = NULL;
    *count = 0;
    int y, m;
    char end;
    if (!month || strlen(month) != 7 || sscanf(month, "%4d-%2d%c", &y, &m, &end) != 2 || m < 1 || m > 12 || y < 2000 ||
        y > 2100)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.month", "month");
    int n = (int)(sizeof report_tables / sizeof report_tables[0]);
    StatResult *out = arena_calloc(ctx->arena, (size_t)n, sizeof(StatResult));
    if (!out)
        return TK_ERR_NOMEM;
    StatRequest req = {.from = arena_printf(ctx->arena, "%04d-%02d-01", y, m),
                       .to = arena_printf(ctx->arena, "%04d-%02d-%02d", y, m, clock_month_days(y, m)),
                       .for_export = true,
                       .format = "pdf"};
    int rc = TK_OK;
    for (int i = 0; i < n && rc == TK_OK; i++) {
        req.by = report_tables[i].by;
        /* the committee names no unit; every table of the report breaks down by none */
        rc = compute(ctx, report_tables[i].id, &req, &out[i], false);
    }
    if (rc != TK_OK) {
        if (rc == TK_ERR_FORBIDDEN)
            domain_audit_read_outcome(ctx, "statistics.read", "statistics", 0, "denied", "report.monthly");
        return rc;
    }
    int64_t export_id = 0;
    const char *filters = arena_printf(ctx->arena, "month=%s scope=%s", month, out[0].scope);
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_data_export_add(ctx->db, access_acting_user(ctx), ctx->unit->id, "report.monthly", "pdf", filters,
                                   &export_id);
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "statistics.export", "data_export", export_id, "ok",
                                     arena_printf(ctx->arena, "report.monthly pdf %s", filters));
    });
    if (rc == TK_OK) {
        *tables = out;
        *count = n;
    }
    return rc;
}

int domain_data_exports(Ctx *ctx, int64_t before_id, int limit, DataExport **items, int *count, bool *more)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_READ_AUDIT);
    rc = store_data_exports(ctx->db, before_id, limit, ctx->arena, items, count, more);
    return rc == TK_OK ? domain_audit_read(ctx, "data_export.read", "data_export", 0, NULL) : rc;
}
