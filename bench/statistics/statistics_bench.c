/* Benchmark of statistics (make bench; docs/benchmarks.md): how long each indicator of the dashboard takes, through
 * the store's own statements, the table and the small-number rule, for a manager's agency over the last twelve
 * months, on a database filled by bench/statistics/run.sh (1 M cases over ten years, 3 M tasks by default).
 * usage: bench_statistics DB [RUNS]   Prints a Markdown table: p50 and p95 in milliseconds, of the time that passed
 * and of the processor time the query took (the second does not grow with the load of the machine). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "domain/statistics/statistics.h"
#include "store/statistics.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The processor time of this thread: what a query costs, whatever else the machine runs meanwhile. */
static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef enum { CASES_NEW, CASES_OPEN, CASES_CLOSED, OPEN_CLOSE, INCIDENT, WORKERS, DEADLINES, REFERRALS, STUDIES } Kind;

static int run(Db *db, Kind kind, StatFilter *f, Arena *arena, StatRow **out, int *count)
{
    StatRow *rows = NULL;
    int rc = TK_ERR_INTERNAL;
    switch (kind) {
    case CASES_NEW:
        rc = store_stat_cases(db, f, STAT_CASES_NEW, f->by[STAT_DIM_AGE_BAND] ? STAT_NUMBER_AGE : STAT_NUMBER_NONE,
                              false, arena, &rows, count);
        break;
    case CASES_OPEN: rc = store_stat_cases(db, f, STAT_CASES_OPEN, STAT_NUMBER_NONE, false, arena, &rows, count); break;
    case CASES_CLOSED:
        rc = store_stat_cases(db, f, STAT_CASES_CLOSED, STAT_NUMBER_NONE, false, arena, &rows, count);
        break;
    case OPEN_CLOSE:
        rc = store_stat_cases(db, f, STAT_CASES_CLOSED, STAT_NUMBER_DAYS_OPEN, false, arena, &rows, count);
        break;
    case INCIDENT:
        f->by[STAT_DIM_MONTH] = true;
        rc = store_stat_cases(db, f, STAT_CASES_NEW, STAT_NUMBER_NONE, true, arena, &rows, count);
        break;
    case WORKERS: rc = store_stat_workers(db, f, arena, &rows, count); break;
    case DEADLINES: {
        StatRow *more_rows;
        int more = 0;
        rc = store_stat_deadlines(db, f, 3, 1, 24, 48, arena, &rows, count);
        if (rc == TK_OK)
            rc = store_stat_settlements(db, f, arena, &more_rows, &more);
        break;
    }
    case REFERRALS: rc = store_stat_referrals(db, f, arena, &rows, count); break;
    case STUDIES: rc = store_stat_studies(db, f, arena, &rows, count); break;
    }
    *out = rows;
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_statistics DB [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 20;
    if (runs < 1 || runs > 1000)
        runs = 20;
    char error[256];
    Db *db;
    if (store_open(argv[1], STORE_OPEN_EXISTING, &db, error) != TK_OK) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    static const struct {
        const char *label;
        Kind kind;
        int dims[2];
    } panels[] = {
        {"deadlines by deadline, outcome", DEADLINES, {STAT_DIM_DEADLINE, STAT_DIM_OUTCOME}},
        {"cases_new by month", CASES_NEW, {STAT_DIM_MONTH, -1}},
        {"cases_closed by month", CASES_CLOSED, {STAT_DIM_MONTH, -1}},
        {"cases_new by governorate", CASES_NEW, {STAT_DIM_GOVERNORATE, -1}},
        {"cases_new by kind, sex", CASES_NEW, {STAT_DIM_KIND, STAT_DIM_SEX}},
        {"cases_new by age band", CASES_NEW, {STAT_DIM_AGE_BAND, -1}},
        {"cases_new by violence type", CASES_NEW, {STAT_DIM_VIOLENCE_TYPE, -1}},
        {"cases_open by kind", CASES_OPEN, {STAT_DIM_KIND, -1}},
        {"days_open_to_close by band", OPEN_CLOSE, {STAT_DIM_BUCKET, -1}},
        {"days_incident_to_report by band", INCIDENT, {STAT_DIM_BUCKET, -1}},
        {"cases_per_worker by band", WORKERS, {STAT_DIM_BUCKET, -1}},
        {"referrals by status", REFERRALS, {STAT_DIM_STATUS, -1}},
        {"studies by status", STUDIES, {STAT_DIM_STATUS, -1}},
    };
    int64_t now = clock_now();
    /* the dashboard's default period: the twelve months to today, from the first of the month eleven months back */
    char today[11], first[16];
    clock_amman_date(now, today);
    int year = atoi(today), month = atoi(today + 5) - 11;
    if (month < 1)
        month += 12, year--;
    snprintf(first, sizeof first, "%04d-%02d-01", year % 10000, month % 100);
    int64_t from = clock_amman_day_start(first), to = clock_amman_day_start(today) + 86400;
    printf("| indicator (an agency, the last 12 months) | rows | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms |\n"
           "|---|---:|---:|---:|---:|---:|\n");
    double *times = calloc((size_t)runs, sizeof(double)), *cpu = calloc((size_t)runs, sizeof(double));
    const StatIndicator *any = stat_indicator_find("cases_new");
    for (size_t p = 0; p < sizeof panels / sizeof panels[0]; p++) {
        int count = 0;
        for (int i = 0; i < runs; i++) {
            Arena arena;
            arena_init(&arena, 0);
            StatFilter f = {.from = from, .to = to, .agency = "mosd", .now = now, .stale_seconds = 14 * 86400};
            for (int d = 0; d < 2; d++)
                if (panels[p].dims[d] >= 0)
                    f.by[panels[p].dims[d]] = true;
            double start = now_ms(), start_cpu = cpu_ms();
            StatRow *rows;
            if (run(db, panels[p].kind, &f, &arena, &rows, &count) != TK_OK) {
                fprintf(stderr, "%s failed\n", panels[p].label);
                return 1;
            }
            StatTable table;
            stat_table_build(&arena, any, rows, count, panels[p].dims, NULL, NULL, &table);
            stat_table_suppress(&table, 5);
            times[i] = now_ms() - start;
            cpu[i] = cpu_ms() - start_cpu;
            arena_free(&arena);
        }
        qsort(times, (size_t)runs, sizeof(double), compare);
        qsort(cpu, (size_t)runs, sizeof(double), compare);
        int p95 = (int)((runs - 1) * 0.95 + 0.5);
        printf("| %s | %d | %.1f | %.1f | %.1f | %.1f |\n", panels[p].label, count, times[runs / 2], times[p95],
               cpu[runs / 2], cpu[p95]);
        fflush(stdout);
    }
    free(times);
    free(cpu);
    store_close(db);
    return 0;
}
