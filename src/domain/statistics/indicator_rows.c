/* The rows of an indicator: read from the store and made final, their keys turned into months, bands and the first act
 * of violence; the deadlines of settlements, the monitor's reports against the court's frequency and the
 * recommendations due, judged met or missed. */
#include "domain/statistics/statistics_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/settings.h"
#include "domain/cases/deadlines.h"
#include "domain/committee/committee.h"

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

int stat_indicator_rows(Ctx *ctx, const StatIndicator *ind, const StatFilter *f, StatRow **rows, int *count)
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
        /* a row of the counts kept by band has its band already (store/stat_cases.c) */
        if (age && strncmp(id, "cases_", 6) == 0 && strcmp(id, "cases_per_worker") != 0 && !r->key[STAT_DIM_AGE_BAND])
            r->key[STAT_DIM_AGE_BAND] = stat_age_band(r->number < 0 || r->number > 150 ? -1 : (int)r->number);
        if (strcmp(id, "days_open_to_close") == 0)
            r->key[STAT_DIM_BUCKET] = stat_band_open_close(r->number < 0 ? 0 : r->number);
        if (f->by[STAT_DIM_VIOLENCE_TYPE])
            r->key[STAT_DIM_VIOLENCE_TYPE] = first_act(ctx->arena, r->key[STAT_DIM_VIOLENCE_TYPE]);
    }
    return rc;
}
