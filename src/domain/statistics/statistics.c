/* Reading an indicator: who may (supervisors their unit, managers their agency, the committee national figures),
 * the period and filters, the store's rows turned into keys (months, bands, the first act of violence), the table,
 * the small-number rule, the names of rows and columns, the audit row, and the log entry of an export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/committee/committee.h"
#include "domain/statistics/statistics.h"
#include "store/org.h"
#include "store/statistics.h"

enum { DAY = 86400, MAX_YEARS = 10 };

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

/* YYYY-MM-DD of an Amman day number. */
static void day_date(int64_t day, char date[11])
{
    clock_amman_date(day * DAY - CLOCK_AMMAN_OFFSET, date);
}

static int64_t date_day(const char *date)
{
    int64_t start = clock_amman_day_start(date);
    return start < 0 ? -1 : (start + CLOCK_AMMAN_OFFSET) / DAY;
}

/* The first act of a list of violence types (comma-separated codes). */
static const char *first_act(Arena *arena, const char *list)
{
    if (!list)
        return NULL;
    const char *comma = strchr(list, ',');
    return comma ? arena_strndup(arena, list, (size_t)(comma - list)) : list;
}

/* The settlement rows as deadlines met or missed: the end within the days of the settings from the first session,
 * and as many again when it was extended. Rows still open and not yet due are dropped (value 0). */
static void judge_settlements(StatRow *rows, int count, const char *today)
{
    int64_t days = settings_get(SET_SETTLEMENT_DAYS), extension = settings_get(SET_SETTLEMENT_EXTENSION_DAYS);
    for (int i = 0; i < count; i++) {
        StatRow *r = &rows[i];
        const char *first = r->key[STAT_DIM_DEADLINE], *end = r->key[STAT_DIM_OUTCOME];
        int64_t allowed = days + (r->key[STAT_DIM_STATUS] ? extension : 0);
        int64_t taken = days_between(first, end ? end : today);
        r->key[STAT_DIM_DEADLINE] = "settlement";
        r->key[STAT_DIM_STATUS] = NULL;
        if (taken > allowed)
            r->key[STAT_DIM_OUTCOME] = "missed";
        else if (end)
            r->key[STAT_DIM_OUTCOME] = "met";
        else
            r->value = 0;
    }
}

/* Adds a row to rows (count of them, in the arena). */
static int append_row(Arena *arena, StatRow **rows, int *count, int *capacity, const StatRow *row)
{
    StatRow *grown = arena_grow(arena, *rows, *count, capacity, sizeof(StatRow));
    if (!grown)
        return TK_ERR_NOMEM;
    (*rows = grown)[(*count)++] = *row;
    return TK_OK;
}

/* One window of the monitor's reports, opened on the day anchor (the reporting measures' first day, or the last
 * report): met when the next report (on the day reported, NULL when none since) came by the court's frequency on,
 * missed when it came later or has not come and the window is over, within the measures' time in force. Counted in
 * the period of the day it opened. */
static int judge_report_window(Arena *arena, const StatFilter *f, const StatReportEvent *measure, const char *anchor,
                               const char *until, int months, const char *reported, StatRow **rows, int *count,
                               int *capacity)
{
    int64_t opened = clock_amman_day_start(anchor), due = clock_amman_months_after(anchor, months);
    int64_t last = clock_amman_day_start(until);
    if (opened < f->from || opened >= f->to || due < 0 || last < 0)
        return TK_OK;
    bool met = reported && clock_amman_day_start(reported) < due;
    if (!met && (due - DAY > last || (!reported && due > f->now)))
        return TK_OK; /* falls due after the measures end, or not due yet */
    StatRow row = {.day = f->by[STAT_DIM_MONTH] ? (opened + CLOCK_AMMAN_OFFSET) / DAY : -1, .number = -1, .value = 1};
    row.key[STAT_DIM_DEADLINE] = "monitor_report";
    row.key[STAT_DIM_OUTCOME] = met ? "met" : "missed";
    row.key[STAT_DIM_UNIT] = measure->unit;
    row.key[STAT_DIM_GOVERNORATE] = measure->governorate;
    row.key[STAT_DIM_KIND] = measure->kind;
    return append_row(arena, rows, count, capacity, &row);
}

static int compare_days(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* The monitor's reports laid against the court's frequency (domain.md §2.3: every 3 months while a care-home or
 * supervision measure is in force), case by case: the measures of a case report from the first one's start to the
 * last one's end, at the shortest frequency among them, as the case's own deadlines count them
 * (domain/cases/deadlines.c). */
static int judge_monitor_reports(Arena *arena, const StatFilter *f, const StatReportEvent *events, int n,
                                 StatRow **rows, int *count)
{
    int capacity = *count, rc = TK_OK;
    for (int i = 0; i < n && rc == TK_OK;) {
        const StatReportEvent *first = &events[i];
        const char *from = NULL, *until = NULL;
        int months = 0, end = i;
        for (; i < n && events[i].case_id == first->case_id && events[i].starts_on; i++) {
            const StatReportEvent *m = &events[i];
            from = !from || strcmp(m->starts_on, from) < 0 ? m->starts_on : from;
            until = !until || strcmp(m->ends_on, until) > 0 ? m->ends_on : until;
            months = !months || m->report_months < months ? m->report_months : months;
        }
        while (end < n && events[end].case_id == first->case_id)
            end++;
        if (!from) { /* reports of a case without a measure in scope */
            i = end;
            continue;
        }
        /* the days of its reports, in order */
        char(*days)[11] = arena_alloc(arena, sizeof *days * (size_t)(end - i + 1));
        if (!days)
            return TK_ERR_NOMEM;
        int day_count = 0;
        for (; i < end; i++) {
            if (events[i].reported_on)
                snprintf(days[day_count++], sizeof days[0], "%s", events[i].reported_on);
            else
                clock_amman_date(events[i].reported_at, days[day_count++]);
        }
        qsort(days, (size_t)day_count, sizeof days[0], compare_days);
        const char *anchor = from;
        for (int d = 0; d < day_count && rc == TK_OK; d++) {
            if (strcmp(days[d], anchor) <= 0 || strcmp(days[d], until) > 0)
                continue; /* before the window (or the same day again), or after the measures */
            rc = judge_report_window(arena, f, first, anchor, until, months, days[d], rows, count, &capacity);
            anchor = days[d];
        }
        if (rc == TK_OK)
            rc = judge_report_window(arena, f, first, anchor, until, months, NULL, rows, count, &capacity);
    }
    return rc;
}

/* A recommendation due in the period as met or missed (docs/statistics.md): implemented by its due date is met;
 * implemented later, not to be implemented, or open past its date is missed; one open and not yet due, or no longer
 * applicable, is not counted (value 0). The month is that of the due date. */
static void judge_recommendation(StatRow *r, const StatFilter *f, const char *today)
{
    const char *state = r->key[STAT_DIM_STATUS], *due = r->key[STAT_DIM_BUCKET], *closed = r->key[STAT_DIM_OUTCOME];
    int64_t due_day = date_day(due);
    r->key[STAT_DIM_STATUS] = r->key[STAT_DIM_BUCKET] = r->key[STAT_DIM_OUTCOME] = NULL;
    r->day = f->by[STAT_DIM_MONTH] ? due_day : -1;
    r->key[STAT_DIM_OUTCOME] = committee_recommendation_on_time(state, due, closed, today);
    if (due_day < (f->from + CLOCK_AMMAN_OFFSET) / DAY || due_day >= (f->to + CLOCK_AMMAN_OFFSET) / DAY ||
        !r->key[STAT_DIM_OUTCOME])
        r->value = 0;
}

typedef int (*StatRowsRead)(Db *db, const StatFilter *filter, Arena *arena, StatRow **rows, int *count);

/* The reader of an indicator whose rows the store gives as they are, or NULL. */
static StatRowsRead plain_rows(const char *id)
{
    static const struct {
        const char *id;
        StatRowsRead read;
    } plain[] = {
        {"referrals", store_stat_referrals},
        {"services", store_stat_services},
        {"studies", store_stat_studies},
        {"homes_occupancy", store_stat_homes},
        {"homes_moves", store_stat_home_moves},
        {"homes_overstays", store_stat_home_overstays},
        {"programme_completion", store_stat_programmes},
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (strcmp(id, plain[i].id) == 0)
            return plain[i].read;
    return NULL;
}

/* The rows of an indicator from the store, their keys made final (months, bands, acts). */
static int indicator_rows(Ctx *ctx, const StatIndicator *ind, const StatFilter *f, StatRow **rows, int *count)
{
    const char *id = ind->id;
    bool age = f->by[STAT_DIM_AGE_BAND];
    int rc;
    *rows = NULL;
    *count = 0;
    StatRowsRead plain = plain_rows(id);
    if (plain) {
        rc = plain(ctx->db, f, ctx->arena, rows, count);
    } else if (strcmp(id, "cases_new") == 0 || strcmp(id, "cases_open") == 0 || strcmp(id, "cases_closed") == 0) {
        StatCaseMeasure m = id[6] == 'n' ? STAT_CASES_NEW : id[6] == 'o' ? STAT_CASES_OPEN : STAT_CASES_CLOSED;
        rc = store_stat_cases(ctx->db, f, m, age ? STAT_NUMBER_AGE : STAT_NUMBER_NONE, false, ctx->arena, rows, count);
    } else if (strcmp(id, "days_open_to_close") == 0) {
        rc = store_stat_cases(ctx->db, f, STAT_CASES_CLOSED, STAT_NUMBER_DAYS_OPEN, false, ctx->arena, rows, count);
    } else if (strcmp(id, "days_incident_to_report") == 0) {
        StatFilter by_day = *f;
        by_day.by[STAT_DIM_MONTH] = true; /* the day of the report, from which the days are counted */
        rc = store_stat_cases(ctx->db, &by_day, STAT_CASES_NEW, STAT_NUMBER_NONE, true, ctx->arena, rows, count);
        for (int i = 0; rc == TK_OK && i < *count; i++) {
            StatRow *r = &(*rows)[i];
            int64_t incident = date_day(r->key[STAT_DIM_BUCKET]);
            int64_t days = incident < 0 || r->day < incident ? 0 : r->day - incident;
            r->key[STAT_DIM_BUCKET] = stat_band_incident_report(days);
            if (!f->by[STAT_DIM_VIOLENCE_TYPE])
                r->key[STAT_DIM_VIOLENCE_TYPE] = NULL;
            if (!f->by[STAT_DIM_MONTH])
                r->day = -1;
        }
    } else if (strcmp(id, "cases_per_worker") == 0) {
        rc = store_stat_workers(ctx->db, f, ctx->arena, rows, count);
        for (int i = 0; rc == TK_OK && i < *count; i++)
            (*rows)[i].key[STAT_DIM_BUCKET] = stat_band_workload((*rows)[i].number);
    } else if (strcmp(id, "deadlines") == 0) {
        Timeframes t = timeframes_current();
        StatRow *settlements = NULL;
        int settlement_count = 0;
        rc = store_stat_deadlines(ctx->db, f, t.assign_hours, t.assign_high_risk_hours, t.first_response_hours,
                                  t.family_notice_hours, ctx->arena, rows, count);
        if (rc == TK_OK)
            rc = store_stat_settlements(ctx->db, f, ctx->arena, &settlements, &settlement_count);
        if (rc == TK_OK && settlement_count) {
            char today[11];
            clock_amman_date(f->now, today);
            judge_settlements(settlements, settlement_count, today);
            int capacity = *count;
            /* one still open and not yet due counts nowhere: not a row, so that it adds no key (no "unknown") */
            for (int i = 0; i < settlement_count && rc == TK_OK; i++)
                if (settlements[i].value)
                    rc = append_row(ctx->arena, rows, count, &capacity, &settlements[i]);
        }
        StatReportEvent *reports = NULL;
        int report_count = 0;
        if (rc == TK_OK)
            rc = store_stat_monitor_reports(ctx->db, f, ctx->arena, &reports, &report_count);
        if (rc == TK_OK)
            rc = judge_monitor_reports(ctx->arena, f, reports, report_count, rows, count);
    } else if (strcmp(id, "recommendations") == 0) {
        /* the register's status on the last day of the period: implemented, in progress, past due, … */
        char today[11];
        clock_amman_date(f->to - 1, today);
        rc = store_stat_recommendations(ctx->db, f, ctx->arena, rows, count);
        for (int i = 0; rc == TK_OK && i < *count; i++) {
            StatRow *r = &(*rows)[i];
            r->key[STAT_DIM_STATUS] = committee_recommendation_status(r->key[STAT_DIM_STATUS], r->key[STAT_DIM_BUCKET],
                                                                      today);
            r->key[STAT_DIM_BUCKET] = NULL;
        }
    } else if (strcmp(id, "recommendations_on_time") == 0) {
        char today[11];
        clock_amman_date(f->now, today);
        rc = store_stat_recommendations_due(ctx->db, f, ctx->arena, rows, count);
        /* only the recommendations judged and due in the period are rows: no key of another month, no unknown */
        int kept = 0;
        for (int i = 0; rc == TK_OK && i < *count; i++) {
            judge_recommendation(&(*rows)[i], f, today);
            if ((*rows)[i].value)
                (*rows)[kept++] = (*rows)[i];
        }
        *count = kept;
    } else {
        return fault_set(ctx->fault, TK_ERR_NOT_FOUND, "statistics.not_available");
    }
    for (int i = 0; rc == TK_OK && i < *count; i++) {
        StatRow *r = &(*rows)[i];
        if (f->by[STAT_DIM_MONTH] && r->day >= 0) {
            char date[11];
            day_date(r->day, date);
            r->key[STAT_DIM_MONTH] = arena_strndup(ctx->arena, date, 7);
        }
        /* a row of the counts kept by band has its band already (store/statistics.c) */
        if (age && strncmp(id, "cases_", 6) == 0 && strcmp(id, "cases_per_worker") != 0 && !r->key[STAT_DIM_AGE_BAND])
            r->key[STAT_DIM_AGE_BAND] = stat_age_band(r->number < 0 || r->number > 150 ? -1 : (int)r->number);
        if (strcmp(id, "days_open_to_close") == 0)
            r->key[STAT_DIM_BUCKET] = stat_band_open_close(r->number < 0 ? 0 : r->number);
        if (f->by[STAT_DIM_VIOLENCE_TYPE])
            r->key[STAT_DIM_VIOLENCE_TYPE] = first_act(ctx->arena, r->key[STAT_DIM_VIOLENCE_TYPE]);
    }
    return rc;
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
    rc = indicator_rows(ctx, ind, &f, &rows, &count);
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
