/* The check of the counts kept of the case load (migration 32) against the cases and assignments themselves, and
 * their rebuilding from them (store/statistics.h). Portable: the months are folded here from the days of report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/case_counts.h"
#include "store/sql.h"
#include "store/statistics.h"

/* One count: of the month table (month set), of the open cases (month -1) or of a worker (user set). */
typedef struct {
    char *key; /* what the count is of, for sorting and for the message */
    int table; /* 0: case_month_counts, 1: case_open_counts, 2: worker_open_counts, 3: deadline_month_counts */
    int64_t month, unit_or_user;
    char *kind, *governorate, *sex, *age_band, *violence;
    int64_t cases;
} Count;

typedef struct {
    Count *items;
    int count, capacity;
} Counts;

static Count *counts_add(Arena *arena, Counts *c)
{
    if (c->count == c->capacity) {
        int capacity = c->capacity ? c->capacity * 2 : 1024;
        Count *items = arena_alloc(arena, sizeof(Count) * (size_t)capacity);
        if (!items)
            return NULL;
        if (c->count)
            memcpy(items, c->items, sizeof(Count) * (size_t)c->count);
        c->items = items;
        c->capacity = capacity;
    }
    Count *item = &c->items[c->count++];
    memset(item, 0, sizeof *item);
    return item;
}

static int compare_counts(const void *a, const void *b)
{
    return strcmp(((const Count *)a)->key, ((const Count *)b)->key);
}

/* Sorted by key, the counts of one key summed into one, those of 0 left out. */
static void counts_settle(Counts *c)
{
    if (c->count)
        qsort(c->items, (size_t)c->count, sizeof(Count), compare_counts);
    int kept = 0;
    for (int i = 0; i < c->count; i++) {
        if (kept && strcmp(c->items[kept - 1].key, c->items[i].key) == 0)
            c->items[kept - 1].cases += c->items[i].cases;
        else
            c->items[kept++] = c->items[i];
    }
    int nonzero = 0;
    for (int i = 0; i < kept; i++)
        if (c->items[i].cases != 0)
            c->items[nonzero++] = c->items[i];
    c->count = nonzero;
}

/* The Amman day number of the first day of the month of an Amman day number (days from the civil date, H. Hinnant). */
static int64_t month_first_day(int64_t day)
{
    int64_t z = day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    return day - (d - 1);
}

static int read_case_keys(Query *q, int col, Arena *arena, Count *item)
{
    item->unit_or_user = sql_col_int(q, col);
    item->kind = sql_col_text(q, col + 1, arena);
    item->governorate = sql_col_text(q, col + 2, arena);
    item->sex = sql_col_text(q, col + 3, arena);
    item->age_band = sql_col_text(q, col + 4, arena);
    item->violence = sql_col_text(q, col + 5, arena);
    item->key = item->table == 0
                    ? arena_printf(arena, "month %lld unit %lld %s %s %s %s %s", (long long)item->month,
                                   (long long)item->unit_or_user, item->kind, item->governorate, item->sex,
                                   item->age_band, item->violence)
                    : arena_printf(arena, "open unit %lld %s %s %s %s %s", (long long)item->unit_or_user, item->kind,
                                   item->governorate, item->sex, item->age_band, item->violence);
    return item->kind && item->governorate && item->sex && item->age_band && item->violence && item->key ? TK_OK
                                                                                                         : TK_ERR_NOMEM;
}

/* Reads a row of counts into a new count (a CountRead). */
typedef int (*CountRead)(Query *q, Arena *arena, Count *item);

/* Reads each row of q into a new count of c with read, until one fails; ends q. */
static int read_counts(Query q, Arena *arena, Counts *c, CountRead read)
{
    int rc = TK_OK;
    while (rc == TK_OK && sql_row(&q)) {
        Count *item = counts_add(arena, c);
        rc = item ? read(&q, arena, item) : TK_ERR_NOMEM;
    }
    int done = sql_done(&q);
    return rc != TK_OK ? rc : done;
}

/* month, the keys, cases */
static int month_count(Query *q, Arena *arena, Count *item)
{
    item->month = sql_col_int(q, 0);
    item->cases = sql_col_int(q, 7);
    return read_case_keys(q, 1, arena, item);
}

/* the keys, cases */
static int open_count(Query *q, Arena *arena, Count *item)
{
    item->table = 1;
    item->month = -1;
    item->cases = sql_col_int(q, 6);
    return read_case_keys(q, 0, arena, item);
}

/* user, cases */
static int worker_count(Query *q, Arena *arena, Count *item)
{
    item->table = 2;
    item->unit_or_user = sql_col_int(q, 0);
    item->cases = sql_col_int(q, 1);
    item->key = arena_printf(arena, "worker %lld", (long long)item->unit_or_user);
    return item->key ? TK_OK : TK_ERR_NOMEM;
}

/* day (or month), deadline, unit, kind, governorate, high, hours, count */
static int deadline_count(Query *q, Arena *arena, bool by_day, Count *item)
{
    item->table = 3;
    item->month = by_day ? month_first_day(sql_col_int(q, 0)) : sql_col_int(q, 0);
    item->kind = sql_col_text(q, 1, arena); /* the deadline, in the kind's place of the message */
    item->unit_or_user = sql_col_int(q, 2);
    item->sex = sql_col_text(q, 3, arena); /* the case's kind */
    item->governorate = sql_col_text(q, 4, arena);
    item->age_band = arena_printf(arena, "%lld", (long long)sql_col_int(q, 5)); /* high */
    item->violence = arena_printf(arena, "%lld", (long long)sql_col_int(q, 6)); /* hours */
    item->cases = sql_col_int(q, 7);
    item->key = arena_printf(arena, "deadline %lld %s unit %lld %s %s high %s hours %s", (long long)item->month,
                             item->kind, (long long)item->unit_or_user, item->sex, item->governorate, item->age_band,
                             item->violence);
    return item->key && item->kind && item->sex && item->governorate ? TK_OK : TK_ERR_NOMEM;
}

/* A deadline's count of a day, counted in its month. */
static int deadline_day_count(Query *q, Arena *arena, Count *item)
{
    return deadline_count(q, arena, true, item);
}

/* A deadline's count of a month. */
static int deadline_month_count(Query *q, Arena *arena, Count *item)
{
    return deadline_count(q, arena, false, item);
}

/* The deadlines of assignment and first response as the cases give them: by day, folded into months here. */
#define LIVE_DEADLINES(deadline, at, high, done, where)                                                                \
    "SELECT (c." at " + 10800) / 86400, '" deadline "', c.unit_id, c.kind, COALESCE(c.governorate, ''), " high         \
    ", " DEADLINE_HOURS(done, "c." at) ", count(*) FROM cases c" where " GROUP BY 1, 2, 3, 4, 5, 6, 7"

static int live_deadlines(Db *db, Arena *arena, Counts *c)
{
    int rc = read_counts(
        sql_query(db, LIVE_DEADLINES("assignment", "created_at", "CASE WHEN c.risk_level = 'high' THEN 1 ELSE 0 END",
                                     "c.first_assigned_at", "")),
        arena, c, deadline_day_count);
    if (rc != TK_OK)
        return rc;
    return read_counts(sql_query(db, LIVE_DEADLINES("first_response", "reported_at", "0",
                                                    "COALESCE(c.first_assessed_at, c.risk_assessed_at)",
                                                    " WHERE c.kind = 'family_violence'")),
                       arena, c, deadline_day_count);
}

/* The counts as the cases and assignments give them now. */
static int live_counts(Db *db, Arena *arena, Counts *c)
{
    int rc = TK_OK;
    Query q = sql_query(db, "SELECT (c.reported_at + 10800) / 86400, " CASE_COUNT_KEYS(
                                "c") ", CASE WHEN c.stage <> 'closed' THEN 1 ELSE 0 END, count(*)"
                                     " FROM cases c GROUP BY 1, 2, 3, 4, 5, 6, 7, 8");
    while (rc == TK_OK && sql_row(&q)) {
        Count *item = counts_add(arena, c);
        if (!item) {
            rc = TK_ERR_NOMEM;
            break;
        }
        item->month = month_first_day(sql_col_int(&q, 0));
        item->cases = sql_col_int(&q, 8);
        rc = read_case_keys(&q, 1, arena, item);
        if (rc == TK_OK && sql_col_int(&q, 7)) {
            Count *open = counts_add(arena, c);
            if (!open) {
                rc = TK_ERR_NOMEM;
                break;
            }
            item = &c->items[c->count - 2]; /* the array may have moved */
            *open = *item;
            open->table = 1;
            open->month = -1;
            open->key = arena_printf(arena, "open unit %lld %s %s %s %s %s", (long long)open->unit_or_user, open->kind,
                                     open->governorate, open->sex, open->age_band, open->violence);
            if (!open->key)
                rc = TK_ERR_NOMEM;
        }
    }
    int done = sql_done(&q);
    if (rc != TK_OK)
        return rc;
    if (done != TK_OK)
        return done;
    rc = read_counts(sql_query(db, "SELECT a.user_id, count(*) FROM case_assignments a JOIN cases c ON c.id = a.case_id"
                                   " WHERE a.ended_at IS NULL AND c.stage <> 'closed' GROUP BY a.user_id"),
                     arena, c, worker_count);
    return rc != TK_OK ? rc : live_deadlines(db, arena, c);
}

/* The counts as kept. */
static int kept_counts(Db *db, Arena *arena, Counts *c)
{
    int rc = read_counts(sql_query(db, "SELECT month, " CASE_COUNT_COLUMNS ", cases FROM case_month_counts"), arena, c,
                         month_count);
    if (rc == TK_OK)
        rc = read_counts(sql_query(db, "SELECT " CASE_COUNT_COLUMNS ", cases FROM case_open_counts"), arena, c,
                         open_count);
    if (rc == TK_OK)
        rc = read_counts(sql_query(db, "SELECT user_id, cases FROM worker_open_counts"), arena, c, worker_count);
    if (rc == TK_OK)
        rc = read_counts(sql_query(db, "SELECT " DEADLINE_COUNT_COLUMNS ", cases FROM deadline_month_counts"), arena, c,
                         deadline_month_count);
    return rc;
}

static int write_count(Db *db, const Count *item)
{
    if (item->table == 3) {
        return sql_run(db,
                       "INSERT INTO deadline_month_counts (" DEADLINE_COUNT_COLUMNS ", cases)"
                       " VALUES (:month, :deadline, :unit, :kind, :gov, :high, :hours, :cases)",
                       SQL_ARGS(SQL_INT(":month", item->month), SQL_TEXT(":deadline", item->kind),
                                SQL_INT(":unit", item->unit_or_user), SQL_TEXT(":kind", item->sex),
                                SQL_TEXT(":gov", item->governorate), SQL_INT(":high", atoll(item->age_band)),
                                SQL_INT(":hours", atoll(item->violence)), SQL_INT(":cases", item->cases)));
    }
    if (item->table == 2) {
        return sql_run(db, "INSERT INTO worker_open_counts (user_id, cases) VALUES (:user, :cases)",
                       SQL_ARGS(SQL_INT(":user", item->unit_or_user), SQL_INT(":cases", item->cases)));
    }
    Query q = item->table == 0 ? sql_query(db, "INSERT INTO case_month_counts (month, " CASE_COUNT_COLUMNS ", cases)"
                                               " VALUES (:month, :unit, :kind, :gov, :sex, :band, :violence, :cases)")
                               : sql_query(db, "INSERT INTO case_open_counts (" CASE_COUNT_COLUMNS ", cases)"
                                               " VALUES (:unit, :kind, :gov, :sex, :band, :violence, :cases)");
    if (item->table == 0)
        sql_int(&q, ":month", item->month);
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":unit", item->unit_or_user), SQL_TEXT(":kind", item->kind),
                               SQL_TEXT(":gov", item->governorate), SQL_TEXT(":sex", item->sex),
                               SQL_TEXT(":band", item->age_band), SQL_TEXT(":violence", item->violence),
                               SQL_INT(":cases", item->cases)));
    return sql_exec(&q);
}

static int rebuild(Db *db, const Counts *live)
{
    int rc = store_begin(db);
    if (rc != TK_OK)
        return rc;
    Query a = sql_query(db, "DELETE FROM case_month_counts");
    rc = sql_exec(&a);
    if (rc == TK_OK) {
        Query b = sql_query(db, "DELETE FROM case_open_counts");
        rc = sql_exec(&b);
    }
    if (rc == TK_OK) {
        Query c = sql_query(db, "DELETE FROM worker_open_counts");
        rc = sql_exec(&c);
    }
    if (rc == TK_OK) {
        Query d = sql_query(db, "DELETE FROM deadline_month_counts");
        rc = sql_exec(&d);
    }
    for (int i = 0; rc == TK_OK && i < live->count; i++)
        rc = write_count(db, &live->items[i]);
    if (rc != TK_OK) {
        store_rollback(db);
        return rc;
    }
    return store_commit(db);
}

int store_stat_counts_check(Db *db, bool repair, int *differences, char message[256])
{
    Arena arena;
    arena_init(&arena, 0);
    Counts live = {0}, kept = {0};
    *differences = 0;
    message[0] = '\0';
    int rc = store_read_begin(db);
    if (rc == TK_OK) {
        rc = live_counts(db, &arena, &live);
        if (rc == TK_OK)
            rc = kept_counts(db, &arena, &kept);
        store_read_end(db);
    }
    if (rc == TK_OK) {
        counts_settle(&live);
        counts_settle(&kept);
        int i = 0, j = 0;
        while (i < live.count || j < kept.count) {
            int order = i == live.count ? 1 : j == kept.count ? -1 : strcmp(live.items[i].key, kept.items[j].key);
            int64_t want = order <= 0 ? live.items[i].cases : 0, have = order >= 0 ? kept.items[j].cases : 0;
            if (want != have && (*differences)++ == 0)
                snprintf(message, 256, "%s: %lld kept, %lld counted",
                         order <= 0 ? live.items[i].key : kept.items[j].key, (long long)have, (long long)want);
            i += order <= 0;
            j += order >= 0;
        }
    }
    if (rc == TK_OK && repair && *differences)
        rc = rebuild(db, &live);
    arena_free(&arena);
    return rc;
}
