/* The case load's indicators computed both ways on a database, and compared: from the counts kept by the triggers
 * (migration 32, what the server answers) and from the cases themselves (StatFilter.live). Every indicator the counts
 * serve (cases_new, cases_open, cases_per_worker, deadlines with several settings of their hours), every breakdown of one or two of its dimensions, without a filter
 * and with each filter (kind, governorate, unit, agency), over periods of whole months, of parts of months, of one
 * day, of ten years and in the future. The rows are made into the tables the API gives (bands, months, the first
 * act), which must be equal cell by cell, keys included. tests/api/statistics_counts.test.js runs it after its writes.
 * usage: stat_counts_compare DB   Prints the comparisons made; exit 1 on the first difference, naming it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "domain/statistics/statistics.h"
#include "store/statistics.h"
#include "store/store.h"

enum { DAY = 86400 };

static const char *first_act(Arena *arena, const char *list)
{
    if (!list)
        return NULL;
    const char *comma = strchr(list, ',');
    return comma ? arena_strndup(arena, list, (size_t)(comma - list)) : list;
}

/* The rows as the domain makes them final (domain/statistics/indicator_rows.c, stat_indicator_rows). */
static void finish(Arena *arena, const StatFilter *f, bool age, StatRow *rows, int count)
{
    for (int i = 0; i < count; i++) {
        StatRow *r = &rows[i];
        if (f->by[STAT_DIM_MONTH] && r->day >= 0) {
            char date[11];
            clock_amman_date(r->day * DAY, date);
            r->key[STAT_DIM_MONTH] = arena_strndup(arena, date, 7);
        }
        if (age && !r->key[STAT_DIM_AGE_BAND])
            r->key[STAT_DIM_AGE_BAND] = stat_age_band(r->number < 0 || r->number > 150 ? -1 : (int)r->number);
        if (f->by[STAT_DIM_VIOLENCE_TYPE])
            r->key[STAT_DIM_VIOLENCE_TYPE] = first_act(arena, r->key[STAT_DIM_VIOLENCE_TYPE]);
        if (f->by[STAT_DIM_BUCKET])
            r->key[STAT_DIM_BUCKET] = stat_band_workload(r->number);
    }
}

/* The hours of the deadlines: the default settings, and others (the longest a setting allows among them). */
static const int64_t hours[][3] = {{3, 1, 24}, {720, 5, 1}, {2, 720, 719}};

static int rows_of(Db *db, const char *id, StatFilter *f, int variant, Arena *arena, StatRow **rows, int *count)
{
    bool age = f->by[STAT_DIM_AGE_BAND];
    if (strcmp(id, "deadlines") == 0) {
        const int64_t *h = hours[variant % 3];
        f->by[STAT_DIM_BUCKET] = false;
        int rc = store_stat_deadlines(db, f, h[0], h[1], h[2], 48, arena, rows, count);
        if (rc == TK_OK)
            finish(arena, f, false, *rows, *count);
        return rc;
    }
    int rc = strcmp(id, "cases_per_worker") == 0
                 ? store_stat_workers(db, f, arena, rows, count)
                 : store_stat_cases(db, f, strcmp(id, "cases_new") == 0 ? STAT_CASES_NEW : STAT_CASES_OPEN,
                                    age ? STAT_NUMBER_AGE : STAT_NUMBER_NONE, false, arena, rows, count);
    if (rc == TK_OK)
        finish(arena, f, age, *rows, *count);
    return rc;
}

/* 00:00 in Amman of the first day of a month (months before January go back into the years before). */
static int64_t month_start(int year, int month)
{
    while (month < 1) {
        month += 12;
        year--;
    }
    char date[16];
    snprintf(date, sizeof date, "%04d-%02d-01", year % 10000, month % 100);
    return clock_amman_day_start(date);
}

static const char *text(const char *s)
{
    return s ? s : "(none)";
}

/* Whether the two tables are the same: keys in the same order, cells, totals. */
static bool same(const StatTable *a, const StatTable *b, char *why, size_t size)
{
    if (a->row_count != b->row_count || a->column_count != b->column_count) {
        snprintf(why, size, "%d×%d cells from the counts, %d×%d from the cases", a->row_count, a->column_count,
                 b->row_count, b->column_count);
        return false;
    }
    for (int i = 0; i < a->row_count; i++)
        if (strcmp(text(a->row_keys[i]), text(b->row_keys[i])) != 0) {
            snprintf(why, size, "row %s from the counts, %s from the cases", text(a->row_keys[i]),
                     text(b->row_keys[i]));
            return false;
        }
    for (int i = 0; i < a->column_count; i++)
        if (strcmp(text(a->column_keys[i]), text(b->column_keys[i])) != 0) {
            snprintf(why, size, "column %s from the counts, %s from the cases", text(a->column_keys[i]),
                     text(b->column_keys[i]));
            return false;
        }
    for (int i = 0; i < a->row_count * a->column_count; i++)
        if (a->cells[i] != b->cells[i]) {
            snprintf(why, size, "cell %s/%s: %lld from the counts, %lld from the cases",
                     text(a->row_keys[i / a->column_count]), text(a->column_keys[i % a->column_count]),
                     (long long)a->cells[i], (long long)b->cells[i]);
            return false;
        }
    if (a->total != b->total) {
        snprintf(why, size, "total %lld from the counts, %lld from the cases", (long long)a->total,
                 (long long)b->total);
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: stat_counts_compare DB\n");
        return 2;
    }
    char error[256];
    Db *db;
    if (store_open(argv[1], STORE_OPEN_EXISTING, &db, error) != TK_OK) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    int64_t now = clock_now();
    char today[11];
    clock_amman_date(now, today);
    int64_t midnight = clock_amman_day_start(today);
    int year = atoi(today), mon = atoi(today + 5);
    /* from and to (exclusive): the dashboard's twelve months, ten years, whole months before this one, a part of a
     * month to a part of another, one day, today alone, the days to come, a part of last year */
    const int64_t starts[][2] = {
        {month_start(year, mon - 11), midnight + DAY},
        {midnight - 3653 * DAY, midnight + DAY},
        {month_start(year, mon - 7), month_start(year, mon)},
        {midnight - 45 * DAY, midnight - 3 * DAY},
        {midnight - 20 * DAY, midnight - 19 * DAY},
        {midnight, midnight + DAY},
        {midnight + DAY, midnight + 40 * DAY},
        {midnight - 400 * DAY, midnight - 380 * DAY},
    };
    static const char *const ids[] = {"cases_new", "cases_open", "cases_per_worker", "deadlines"};
    const char *kinds[] = {NULL, "family_violence", "juvenile_conflict"};
    const char *agencies[] = {NULL, "mosd", "psd"};
    int compared = 0, status = 0;
    /* a unit and a governorate that hold cases */
    Arena setup;
    arena_init(&setup, 0);
    StatFilter all = {.from = starts[1][0], .to = starts[1][1], .now = now};
    all.by[STAT_DIM_UNIT] = all.by[STAT_DIM_GOVERNORATE] = true;
    StatRow *found;
    int found_count = 0;
    all.live = true;
    if (store_stat_cases(db, &all, STAT_CASES_NEW, STAT_NUMBER_NONE, false, &setup, &found, &found_count) != TK_OK) {
        fprintf(stderr, "cannot read the cases\n");
        return 1;
    }
    int64_t unit = found_count ? atoll(found[0].key[STAT_DIM_UNIT]) : 0;
    const char *governorate = found_count ? found[found_count - 1].key[STAT_DIM_GOVERNORATE] : NULL;
    for (size_t i = 0; i < sizeof ids / sizeof ids[0] && !status; i++) {
        const StatIndicator *ind = stat_indicator_find(ids[i]);
        for (int d0 = -1; d0 < STAT_DIM_COUNT && !status; d0++)
            for (int d1 = -1; d1 < STAT_DIM_COUNT && !status; d1++) {
                if ((d0 >= 0 && !(ind->dims & (1u << d0))) || (d1 >= 0 && !(ind->dims & (1u << d1))) ||
                    (d0 >= 0 && d0 == d1) || (d0 < 0 && d1 >= 0))
                    continue;
                for (size_t p = 0; p < sizeof starts / sizeof starts[0] && !status; p++)
                    for (int filter = 0; filter < 6 && !status; filter++) {
                        Arena arena;
                        arena_init(&arena, 0);
                        StatFilter f = {.from = starts[p][0], .to = starts[p][1], .now = now};
                        if (filter == 1 || filter == 2)
                            f.kind = kinds[filter];
                        if (filter == 3)
                            f.unit_id = unit;
                        if (filter == 4)
                            f.governorate = governorate;
                        if (filter == 5)
                            f.agency = agencies[1 + p % 2];
                        if (d0 >= 0)
                            f.by[d0] = true;
                        if (d1 >= 0)
                            f.by[d1] = true;
                        StatFilter live = f;
                        live.live = true;
                        StatRow *a, *b;
                        int na = 0, nb = 0;
                        StatTable ta, tb;
                        int dims[2] = {d0, d1};
                        if (rows_of(db, ids[i], &f, filter + (int)p, &arena, &a, &na) != TK_OK ||
                            rows_of(db, ids[i], &live, filter + (int)p, &arena, &b, &nb) != TK_OK ||
                            stat_table_build(&arena, ind, a, na, dims, NULL, NULL, &ta) != TK_OK ||
                            stat_table_build(&arena, ind, b, nb, dims, NULL, NULL, &tb) != TK_OK) {
                            fprintf(stderr, "%s: cannot be computed\n", ids[i]);
                            status = 1;
                        } else {
                            char why[300];
                            if (!same(&ta, &tb, why, sizeof why)) {
                                char from[11], to[11];
                                clock_amman_date(f.from, from);
                                clock_amman_date(f.to - 1, to);
                                fprintf(stderr, "%s by %d,%d from %s to %s (filter %d): %s\n", ids[i], d0, d1, from, to,
                                        filter, why);
                                status = 1;
                            }
                            compared++;
                        }
                        arena_free(&arena);
                    }
            }
    }
    arena_free(&setup);
    store_close(db);
    printf("%d tables compared%s\n", compared, status ? ", a difference found" : ", all the same");
    return status;
}
