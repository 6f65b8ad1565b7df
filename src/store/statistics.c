/* The counts of the statistics (store/statistics.h). Each statement groups by every dimension it knows, each one
 * folded to NULL by its :by_… parameter unless asked for, so that one literal statement serves every breakdown.
 * Days in Amman are (seconds + 3 h) / 86400, the same on SQLite and PostgreSQL. */
#include "store/statistics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/case_counts.h"
#include "store/sql.h"

/* The scope of a case c of unit u: the filters of the request and the access rule's narrowing. */
#define CASE_SCOPE                                                                                                     \
    " (CAST(:kind AS TEXT) IS NULL OR c.kind = :kind) AND (CAST(:gov AS TEXT) IS NULL OR c.governorate = :gov)"        \
    " AND (:unit = 0 OR c.unit_id = :unit) AND (CAST(:agency AS TEXT) IS NULL OR u.agency = :agency)"

#define AMMAN_DAY(at) "((" at " + 10800) / 86400)"

static void bind_scope(Query *q, const StatFilter *f)
{
    sql_text(q, ":kind", f->kind);
    sql_text(q, ":gov", f->governorate);
    sql_int(q, ":unit", f->unit_id);
    sql_text(q, ":agency", f->agency);
}

static void bind_by(Query *q, const StatFilter *f)
{
    static const struct {
        const char *name;
        int dim;
    } names[] = {
        {":by_kind", STAT_DIM_KIND},  {":by_gov", STAT_DIM_GOVERNORATE},   {":by_unit", STAT_DIM_UNIT},
        {":by_day", STAT_DIM_MONTH},  {":by_sex", STAT_DIM_SEX},           {":by_violence", STAT_DIM_VIOLENCE_TYPE},
        {":by_to", STAT_DIM_TO_UNIT}, {":by_type", STAT_DIM_SERVICE_TYPE},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (sql_names(q, names[i].name))
            sql_int(q, names[i].name, f->by[names[i].dim] ? 1 : 0);
}

static const char *unit_key(Query *q, int col, Arena *arena)
{
    return sql_col_is_null(q, col) ? NULL : arena_printf(arena, "%lld", (long long)sql_col_int(q, col));
}

/* What each column of a row of counts holds, in order: a dimension's key as text (KEY), a unit's id as the key of
 * its dimension (UNIT), the day (NULL: -1), the number (NULL: -1), the count (VALUE), the places (CAPACITY), or
 * nothing read (SKIP). A row without a column of its day or number has -1 there; one without a count counts 1. */
enum { COL_DAY = -1, COL_NUMBER = -2, COL_VALUE = -3, COL_CAPACITY = -4, COL_SKIP = -5, COL_UNIT = 1000 };
#define KEY(dim) STAT_DIM_##dim
#define UNIT(dim) (COL_UNIT + STAT_DIM_##dim)
#define STAT_COLUMNS(...) (const int[]){__VA_ARGS__}, (int)(sizeof((const int[]){__VA_ARGS__}) / sizeof(int))

static void read_columns(Query *q, Arena *arena, StatRow *r, const int *columns, int count)
{
    r->day = r->number = -1;
    r->value = 1;
    for (int col = 0; col < count; col++) {
        int what = columns[col];
        if (what >= COL_UNIT)
            r->key[what - COL_UNIT] = unit_key(q, col, arena);
        else if (what >= 0)
            r->key[what] = sql_col_text(q, col, arena);
        else if (what == COL_DAY || what == COL_NUMBER)
            *(what == COL_DAY ? &r->day : &r->number) = sql_col_is_null(q, col) ? -1 : sql_col_int(q, col);
        else if (what == COL_VALUE || what == COL_CAPACITY)
            *(what == COL_VALUE ? &r->value : &r->capacity) = sql_col_int(q, col);
    }
}

/* Binds the grouping, the scope and the period (:from, :to) of f, then collects the rows read by read. */
static int collect_in_period(Query *q, const StatFilter *f, Arena *arena, SqlReadRow read, StatRow **rows, int *count)
{
    bind_by(q, f);
    bind_scope(q, f);
    sql_int(q, ":from", f->from);
    sql_int(q, ":to", f->to);
    return sql_collect(q, arena, sizeof(StatRow), read, 0, rows, count, NULL);
}

/* A row of cases. */
static void read_case_row(Query *q, Arena *arena, void *item)
{
    read_columns(q, arena, item,
                 STAT_COLUMNS(KEY(KIND), KEY(GOVERNORATE), UNIT(UNIT), COL_DAY, KEY(SEX), COL_NUMBER,
                              KEY(VIOLENCE_TYPE), KEY(BUCKET) /* the incident's date */, COL_VALUE));
}

/* The cases a measure counts, as a table c, each selection by an index: reported in the period (cases_reported),
 * open at its end (cases_kind: open now, with cases_closed: closed since), closed in it (cases_closed). */
#define CASE_FIELDS                                                                                                    \
    "id, kind, governorate, unit_id, stage, reported_at, closed_at, principal_sex, principal_birth_year,"              \
    " first_violence, first_incident_on"
#define CASES_NEW_SELECTION                                                                                            \
    " FROM (SELECT " CASE_FIELDS " FROM cases WHERE reported_at >= :from AND reported_at < :to) c"
/* A case c not closed, read from the index of the open cases (cases_open, migration 30; the last term lets the
 * engine see that the index holds every case asked for). A join that starts from these cases says so with CROSS JOIN,
 * which SQLite takes as the order to join in (its statistics cannot tell that few cases are open, and it would read
 * every assignment of ten years instead) and PostgreSQL as a plain join. */
#define OPEN_CASE                                                                                                      \
    " c.kind IN ('family_violence', 'juvenile_conflict', 'juvenile_protection', 'inmate_family')"                      \
    " AND c.stage IN ('registration', 'assessment', 'case_plan', 'implementation', 'follow_up')"                       \
    " AND c.stage <> 'closed'"
/* the open ones by kind and stage, never by the day of their report (+: no index on it), which would read ten years */
#define CASES_OPEN_SELECTION                                                                                           \
    " FROM (SELECT " CASE_FIELDS " FROM cases c WHERE" OPEN_CASE " AND +c.reported_at < :to"                           \
    " UNION ALL SELECT " CASE_FIELDS                                                                                   \
    " FROM cases WHERE closed_at >= :to AND stage = 'closed' AND reported_at < :to) c"
#define CASES_CLOSED_SELECTION                                                                                         \
    " FROM (SELECT " CASE_FIELDS " FROM cases WHERE closed_at >= :from AND closed_at < :to AND stage = 'closed') c"
/* The keys of the case itself; the day of the report, or of the closing. */
#define CASE_KEYS(day)                                                                                                 \
    "SELECT CASE WHEN :by_kind = 1 THEN c.kind END, CASE WHEN :by_gov = 1 THEN c.governorate END,"                     \
    " CASE WHEN :by_unit = 1 THEN c.unit_id END, CASE WHEN :by_day = 1 THEN " AMMAN_DAY(day) " END,"
/* Without the principal person and the first incident: only the days from report to closing. */
#define CASE_PLAIN_COLUMNS                                                                                             \
    " NULL, CASE WHEN :number = 2 THEN (c.closed_at - c.reported_at) / 86400 END, NULL, NULL, count(*)"
#define CASE_PLAIN_JOIN " JOIN units u ON u.id = c.unit_id WHERE" CASE_SCOPE " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
/* With the principal person (the first added as victim, juvenile or inmate) and the first incident, as kept on the
 * case (migration 30). */
#define CASE_PERSON_COLUMNS                                                                                                             \
    " CASE WHEN :by_sex = 1 THEN c.principal_sex END,"                                                                                  \
    " CASE WHEN :number = 1 THEN 1970 + (4 * " AMMAN_DAY(                                                                               \
        "c.reported_at") " + 2) / 1461 - c.principal_birth_year"                                                                        \
                         " WHEN :number = 2 THEN (c.closed_at - c.reported_at) / 86400 END,"                                            \
                         " CASE WHEN :by_violence = 1 THEN c.first_violence END, CASE WHEN :incident = 1 THEN c.first_incident_on END," \
                         " count(*)"
#define CASE_PERSON_JOIN                                                                                               \
    " JOIN units u ON u.id = c.unit_id WHERE (:incident = 0 OR c.first_incident_on IS NOT NULL) AND" CASE_SCOPE        \
    " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"

/* The statement of a measure, with or without the principal person and the first incident. */
static Query cases_query(Db *db, StatCaseMeasure measure, bool person)
{
    if (measure == STAT_CASES_OPEN)
        return person
                   ? sql_query(db, CASE_KEYS("c.reported_at") CASE_PERSON_COLUMNS CASES_OPEN_SELECTION CASE_PERSON_JOIN)
                   : sql_query(db, CASE_KEYS("c.reported_at") CASE_PLAIN_COLUMNS CASES_OPEN_SELECTION CASE_PLAIN_JOIN);
    if (measure == STAT_CASES_CLOSED)
        return person
                   ? sql_query(db, CASE_KEYS("c.closed_at") CASE_PERSON_COLUMNS CASES_CLOSED_SELECTION CASE_PERSON_JOIN)
                   : sql_query(db, CASE_KEYS("c.closed_at") CASE_PLAIN_COLUMNS CASES_CLOSED_SELECTION CASE_PLAIN_JOIN);
    return person ? sql_query(db, CASE_KEYS("c.reported_at") CASE_PERSON_COLUMNS CASES_NEW_SELECTION CASE_PERSON_JOIN)
                  : sql_query(db, CASE_KEYS("c.reported_at") CASE_PLAIN_COLUMNS CASES_NEW_SELECTION CASE_PLAIN_JOIN);
}

/* The live count of one part of a period (the cases reported in [from, to)). */
static int cases_live(Db *db, const StatFilter *f, StatCaseMeasure measure, StatCaseNumber number, bool by_incident,
                      Arena *arena, StatRow **rows, int *count)
{
    bool person = by_incident || number == STAT_NUMBER_AGE || f->by[STAT_DIM_SEX] || f->by[STAT_DIM_VIOLENCE_TYPE];
    Query q = cases_query(db, measure, person);
    bind_by(&q, f);
    bind_scope(&q, f);
    sql_int(&q, ":number", number);
    if (person)
        sql_int(&q, ":incident", by_incident ? 1 : 0);
    if (sql_names(&q, ":from"))
        sql_int(&q, ":from", f->from);
    sql_int(&q, ":to", f->to);
    return sql_collect(&q, arena, sizeof(StatRow), read_case_row, 0, rows, count, NULL);
}

/* A row of the kept counts (migration 32), the age already in its band. */
static void read_count_row(Query *q, Arena *arena, void *item)
{
    read_columns(q, arena, item,
                 STAT_COLUMNS(KEY(KIND), KEY(GOVERNORATE), UNIT(UNIT), COL_DAY, KEY(SEX), KEY(AGE_BAND),
                              KEY(VIOLENCE_TYPE), COL_VALUE));
}

/* The keys of a row x of the kept counts, each folded to NULL unless asked for; '' is a key the case lacks. */
#define COUNT_KEYS                                                                                                     \
    "SELECT CASE WHEN :by_kind = 1 THEN x.kind END, CASE WHEN :by_gov = 1 THEN NULLIF(x.governorate, '') END,"         \
    " CASE WHEN :by_unit = 1 THEN x.unit_id END, CASE WHEN :by_day = 1 THEN x.month END,"                              \
    " CASE WHEN :by_sex = 1 THEN NULLIF(x.sex, '') END, CASE WHEN :by_band = 1 THEN x.age_band END,"                   \
    " CASE WHEN :by_violence = 1 THEN NULLIF(x.violence, '') END, CAST(sum(x.cases) AS BIGINT)"
#define COUNT_SCOPE                                                                                                    \
    " JOIN units u ON u.id = x.unit_id WHERE (CAST(:kind AS TEXT) IS NULL OR x.kind = :kind)"                          \
    " AND (CAST(:gov AS TEXT) IS NULL OR x.governorate = :gov) AND (:unit = 0 OR x.unit_id = :unit)"                   \
    " AND (CAST(:agency AS TEXT) IS NULL OR u.agency = :agency)"
#define COUNT_GROUP " GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(x.cases) > 0"

/* 00:00 in Amman of the first day of the month `at` falls in, or of the next month (next). */
static int64_t month_start(int64_t at, bool next)
{
    char date[11];
    clock_amman_date(at, date);
    int year = atoi(date), month = atoi(date + 5);
    if (next) {
        char first[16];
        snprintf(first, sizeof first, "%04d-%02d-01", year, month);
        if (clock_amman_day_start(first) == at)
            return at;
        if (++month > 12) {
            month = 1;
            year++;
        }
    }
    char first[16];
    snprintf(first, sizeof first, "%04d-%02d-01", year % 10000, month);
    return clock_amman_day_start(first);
}

static int append_rows(Arena *arena, StatRow **rows, int *count, const StatRow *more, int more_count)
{
    if (!more_count)
        return TK_OK;
    StatRow *all = arena_alloc(arena, sizeof(StatRow) * (size_t)(*count + more_count));
    if (!all)
        return TK_ERR_NOMEM;
    if (*count)
        memcpy(all, *rows, sizeof(StatRow) * (size_t)*count);
    memcpy(all + *count, more, sizeof(StatRow) * (size_t)more_count);
    *rows = all;
    *count += more_count;
    return TK_OK;
}

/* The cases reported in the period: its whole months from the counts kept by month, the days before the first and
 * after the last whole month from the cases themselves. */
static int cases_new_counted(Db *db, const StatFilter *f, StatCaseNumber number, Arena *arena, StatRow **rows,
                             int *count)
{
    int64_t first = month_start(f->from, true), last = month_start(f->to, false);
    if (first < 0 || last < 0 || first >= last)
        return cases_live(db, f, STAT_CASES_NEW, number, false, arena, rows, count);
    Query q = sql_query(db, COUNT_KEYS " FROM case_month_counts x" COUNT_SCOPE
                                       " AND x.month >= :first AND x.month < :last" COUNT_GROUP);
    bind_by(&q, f);
    sql_int(&q, ":by_band", number == STAT_NUMBER_AGE ? 1 : 0);
    bind_scope(&q, f);
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":first", (first + CLOCK_AMMAN_OFFSET) / 86400),
                               SQL_INT(":last", (last + CLOCK_AMMAN_OFFSET) / 86400)));
    int rc = sql_collect(&q, arena, sizeof(StatRow), read_count_row, 0, rows, count, NULL);
    StatFilter edge = *f;
    StatRow *more = NULL;
    int more_count = 0;
    edge.to = first;
    if (rc == TK_OK && f->from < first)
        rc = cases_live(db, &edge, STAT_CASES_NEW, number, false, arena, &more, &more_count);
    if (rc == TK_OK)
        rc = append_rows(arena, rows, count, more, more_count);
    edge.from = last;
    edge.to = f->to;
    more_count = 0;
    if (rc == TK_OK && last < f->to)
        rc = cases_live(db, &edge, STAT_CASES_NEW, number, false, arena, &more, &more_count);
    if (rc == TK_OK)
        rc = append_rows(arena, rows, count, more, more_count);
    return rc;
}

/* The cases open at the end of the period: those open now as counted (migration 32), less those open now reported
 * after it (few: by the index of report), plus those reported before it and closed since (by the index of closing).
 */
static int cases_open_counted(Db *db, const StatFilter *f, StatCaseNumber number, Arena *arena, StatRow **rows,
                              int *count)
{
    Query q = sql_query(
        db,
        COUNT_KEYS " FROM (SELECT 0 AS month, unit_id, kind, governorate, sex, age_band, violence, cases"
                   " FROM case_open_counts"
                   " UNION ALL SELECT 0, " CASE_COUNT_KEYS(
                       "c") ", -1 FROM cases c WHERE c.reported_at >= :to"
                            " AND c.stage IN ('registration', 'assessment', 'case_plan', 'implementation', 'follow_up')"
                            " UNION ALL SELECT 0, " CASE_COUNT_KEYS(
                                "c") ", 1 FROM cases c WHERE c.closed_at >= :to"
                                     " AND c.stage = 'closed' AND c.reported_at < :to) x" COUNT_SCOPE COUNT_GROUP);
    bind_by(&q, f);
    sql_int(&q, ":by_band", number == STAT_NUMBER_AGE ? 1 : 0);
    bind_scope(&q, f);
    sql_int(&q, ":to", f->to);
    return sql_collect(&q, arena, sizeof(StatRow), read_count_row, 0, rows, count, NULL);
}

int store_stat_cases(Db *db, const StatFilter *f, StatCaseMeasure measure, StatCaseNumber number, bool by_incident,
                     Arena *arena, StatRow **rows, int *count)
{
    *rows = NULL;
    *count = 0;
    /* the kept counts answer the cases reported and open by their keys; the days a case took, its incident's date
     * and the month of an open case (none) are the cases' own */
    bool counted = !by_incident && (number == STAT_NUMBER_NONE || number == STAT_NUMBER_AGE) && !f->live;
    if (counted && measure == STAT_CASES_NEW)
        return cases_new_counted(db, f, number, arena, rows, count);
    if (counted && measure == STAT_CASES_OPEN && !f->by[STAT_DIM_MONTH])
        return cases_open_counted(db, f, number, arena, rows, count);
    return cases_live(db, f, measure, number, by_incident, arena, rows, count);
}

/* A row of workers: how many have the number of open cases. */
static void read_worker_row(Query *q, Arena *arena, void *item)
{
    read_columns(q, arena, item, STAT_COLUMNS(UNIT(UNIT), KEY(GOVERNORATE), COL_NUMBER, COL_VALUE));
}

/* Each worker's open cases: as counted (migration 32), or from the assignments of the open cases themselves. */
#define WORKERS(open)                                                                                                  \
    "SELECT CASE WHEN :by_unit = 1 THEN w.unit_id END, CASE WHEN :by_gov = 1 THEN w.governorate END, w.open,"          \
    " count(*) FROM (SELECT s.unit_id, u.governorate, COALESCE(o.open, 0) AS open"                                     \
    "  FROM users s JOIN units u ON u.id = s.unit_id LEFT JOIN " open " o ON o.user_id = s.id"                         \
    "  WHERE s.status = 'active' AND (s.roles & 3) <> 0"                                                               \
    "  AND (CAST(:gov AS TEXT) IS NULL OR u.governorate = :gov) AND (:unit = 0 OR s.unit_id = :unit)"                  \
    "  AND (CAST(:agency AS TEXT) IS NULL OR u.agency = :agency)) w GROUP BY 1, 2, 3"

int store_stat_workers(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = f->live ? sql_query(db, WORKERS("(SELECT a.user_id, count(*) AS open FROM cases c"
                                              " CROSS JOIN case_assignments a WHERE a.case_id = c.id"
                                              " AND a.ended_at IS NULL AND" OPEN_CASE " GROUP BY a.user_id)"))
                      : sql_query(db, WORKERS("(SELECT user_id, cases AS open FROM worker_open_counts)"));
    bind_by(&q, f);
    sql_bind_args(
        &q, SQL_ARGS(SQL_TEXT(":gov", f->governorate), SQL_INT(":unit", f->unit_id), SQL_TEXT(":agency", f->agency)));
    return sql_collect(&q, arena, sizeof(StatRow), read_worker_row, 0, rows, count, NULL);
}

static void read_deadline_row(Query *q, Arena *arena, void *item)
{
    read_columns(
        q, arena, item,
        STAT_COLUMNS(KEY(DEADLINE), KEY(OUTCOME), UNIT(UNIT), KEY(GOVERNORATE), KEY(KIND), COL_DAY, COL_VALUE));
}

/* The deadlines of assignment and of first response whose clocks started in [lo, hi). */
#define ASSIGNMENT_PART(lo, hi)                                                                                        \
    " SELECT 'assignment' AS deadline, c.unit_id, c.governorate, c.kind, c.created_at AS start, c.created_at + 3600 *" \
    " CASE WHEN c.risk_level = 'high' THEN CAST(:assign_high AS BIGINT) ELSE CAST(:assign AS BIGINT) END AS due,"      \
    " c.first_assigned_at AS done FROM cases c JOIN units u ON u.id = c.unit_id"                                       \
    " WHERE c.created_at >= " lo " AND c.created_at < " hi " AND" CASE_SCOPE
#define RESPONSE_PART(lo, hi)                                                                                          \
    " SELECT 'first_response', c.unit_id, c.governorate, c.kind, c.reported_at,"                                       \
    " c.reported_at + 3600 * CAST(:response AS BIGINT), COALESCE(c.first_assessed_at, c.risk_assessed_at)"             \
    " FROM cases c JOIN units u ON u.id = c.unit_id WHERE c.reported_at >= " lo " AND c.reported_at < " hi             \
    " AND c.kind = 'family_violence' AND" CASE_SCOPE

int store_stat_deadlines(Db *db, const StatFilter *f, int64_t assign_hours, int64_t assign_high_risk_hours,
                         int64_t first_response_hours, int64_t family_notice_hours, Arena *arena, StatRow **rows,
                         int *count)
{
    /* The deadlines of assignment and first response of whole months are counted (migration 32) when every one not
     * done of them is past due whatever the settings (30 days at most): the months ended more than 721 hours ago;
     * those of the days before and after, and the other deadlines, from the cases. */
    int64_t first = month_start(f->from, true), edge = f->now - DEADLINE_MAX_HOURS * 3600;
    int64_t last = month_start(f->to < edge ? f->to : edge, false);
    bool counted = !f->live && first >= 0 && last > first;
    /* each deadline: when its clock started (start: the period and the month), when it fell due (due), when it was
     * done (done, NULL while not) */
    Query q = sql_query(
        db,
        "SELECT d.deadline, CASE WHEN d.done IS NOT NULL AND d.done <= d.due THEN 'met' ELSE 'missed' END,"
        " CASE WHEN :by_unit = 1 THEN d.unit_id END, CASE WHEN :by_gov = 1 THEN d.governorate END,"
        " CASE WHEN :by_kind = 1 THEN d.kind END, CASE WHEN :by_day = 1 THEN " AMMAN_DAY(
            "d.start") " END, count(*)"
                       " FROM (" ASSIGNMENT_PART(":from", ":first") " UNION ALL" ASSIGNMENT_PART(":last", ":to") " UNION ALL" RESPONSE_PART(":from", ":first") " UNION ALL" RESPONSE_PART(
                           ":last",
                           ":to") " UNION ALL SELECT 'family_notice', c.unit_id, c.governorate, c.kind, c.transferred_at,"
                                  "   c.transferred_at + 3600 * CAST(:notice AS BIGINT),"
                                  "   CASE WHEN c.family_notified_at >= c.transferred_at THEN c.family_notified_at END"
                                  "   FROM cases c JOIN units u ON u.id = c.unit_id WHERE c.transferred_at >= :from AND c.transferred_at < :to"
                                  "   AND" CASE_SCOPE
                                  " UNION ALL SELECT 'family_notice', c.unit_id, c.governorate, c.kind, p.transferred_at,"
                                  "   p.transferred_at + 3600 * CAST(:notice AS BIGINT),"
                                  "   CASE WHEN p.family_notified_at >= p.transferred_at THEN p.family_notified_at END"
                                  "   FROM placements p JOIN cases c ON c.id = p.case_id JOIN units u ON u.id = c.unit_id"
                                  "   WHERE p.transferred_at >= :from AND p.transferred_at < :to AND" CASE_SCOPE
                                  " UNION ALL SELECT 'detention_renewal', c.unit_id, c.governorate, c.kind, m.created_at, m.created_at,"
                                  "   CASE WHEN COALESCE(m.order_date, m.starts_on) <= o.ends_on THEN m.created_at END"
                                  "   FROM case_measures m JOIN case_measures o ON o.id = m.renews_id JOIN cases c ON c.id = m.case_id"
                                  "   JOIN units u ON u.id = c.unit_id WHERE m.created_at >= :from AND m.created_at < :to AND m.kind = 'detention'"
                                  "   AND" CASE_SCOPE
                                  ") d WHERE d.start >= :from AND d.start < :to AND (d.done IS NOT NULL OR d.due < :now)"
                                  " GROUP BY 1, 2, 3, 4, 5, 6");
    bind_by(&q, f);
    bind_scope(&q, f);
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":assign", assign_hours), SQL_INT(":assign_high", assign_high_risk_hours),
                               SQL_INT(":response", first_response_hours), SQL_INT(":notice", family_notice_hours),
                               SQL_INT(":from", f->from), SQL_INT(":to", f->to), SQL_INT(":now", f->now),
                               SQL_INT(":first", counted ? first : f->to), SQL_INT(":last", counted ? last : f->to)));
    int rc = sql_collect(&q, arena, sizeof(StatRow), read_deadline_row, 0, rows, count, NULL);
    if (rc != TK_OK || !counted)
        return rc;
    /* the whole months between, from the counts */
    Query k = sql_query(
        db, "SELECT x.deadline, CASE WHEN x.hours >= 0 AND x.hours <= CASE WHEN x.deadline = 'first_response'"
            " THEN CAST(:response AS BIGINT) WHEN x.high = 1 THEN CAST(:assign_high AS BIGINT)"
            " ELSE CAST(:assign AS BIGINT) END THEN 'met' ELSE 'missed' END,"
            " CASE WHEN :by_unit = 1 THEN x.unit_id END, CASE WHEN :by_gov = 1 THEN NULLIF(x.governorate, '') END,"
            " CASE WHEN :by_kind = 1 THEN x.kind END, CASE WHEN :by_day = 1 THEN x.month END,"
            " CAST(sum(x.cases) AS BIGINT) FROM deadline_month_counts x" COUNT_SCOPE
            " AND x.month >= :first AND x.month < :last GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.cases) > 0");
    bind_by(&k, f);
    bind_scope(&k, f);
    sql_bind_args(&k, SQL_ARGS(SQL_INT(":assign", assign_hours), SQL_INT(":assign_high", assign_high_risk_hours),
                               SQL_INT(":response", first_response_hours),
                               SQL_INT(":first", (first + CLOCK_AMMAN_OFFSET) / 86400),
                               SQL_INT(":last", (last + CLOCK_AMMAN_OFFSET) / 86400)));
    StatRow *more = NULL;
    int more_count = 0;
    rc = sql_collect(&k, arena, sizeof(StatRow), read_deadline_row, 0, &more, &more_count, NULL);
    return rc == TK_OK ? append_rows(arena, rows, count, more, more_count) : rc;
}

/* first session, end, extension, …, the day begun */
static void read_settlement_row(Query *q, Arena *arena, void *item)
{
    read_columns(q, arena, item,
                 STAT_COLUMNS(KEY(DEADLINE), KEY(OUTCOME), KEY(STATUS), UNIT(UNIT), KEY(GOVERNORATE), KEY(KIND),
                              COL_DAY, COL_VALUE));
}

int store_stat_settlements(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db,
        "SELECT s.first_session_on, s.outcome_on, s.extended_on,"
        " CASE WHEN :by_unit = 1 THEN c.unit_id END, CASE WHEN :by_gov = 1 THEN c.governorate END,"
        " CASE WHEN :by_kind = 1 THEN c.kind END,"
        " CASE WHEN :by_day = 1 THEN " AMMAN_DAY(
            "s.created_at") " END, count(*)"
                            " FROM case_settlements s JOIN cases c ON c.id = s.case_id JOIN units u ON u.id = c.unit_id"
                            " WHERE s.first_session_on IS NOT NULL AND s.created_at >= :from AND s.created_at < :to"
                            " AND" CASE_SCOPE " GROUP BY 1, 2, 3, 4, 5, 6, 7");
    return collect_in_period(&q, f, arena, read_settlement_row, rows, count);
}

/* case, first day, last day, months, approved at, reported on, unit, governorate, kind */
static void read_report_event(Query *q, Arena *arena, void *item)
{
    StatReportEvent *e = item;
    sql_read_fields(q, 0, arena, e,
                    SQL_FIELDS(StatReportEvent, case_id, starts_on, ends_on, report_months, reported_at, reported_on));
    e->unit = unit_key(q, 6, arena);
    sql_read_fields(q, 7, arena, e, SQL_FIELDS(StatReportEvent, governorate, kind));
}

/* The measures of the period that call for reports: first day before the period's end, last day in force on or after
 * its first day (dates in Amman). */
#define REPORTING_MEASURE(m)                                                                                           \
    " " m ".report_months > 0 AND " m ".kind <> 'detention' AND " m ".starts_on < :to_date"                            \
    " AND COALESCE(" m ".released_on, " m ".ends_on) >= :from_date"
#define REPORTING_CASE(id)                                                                                             \
    " EXISTS (SELECT 1 FROM case_measures m WHERE m.case_id = " id " AND" REPORTING_MEASURE("m") ")"

int store_stat_monitor_reports(Db *db, const StatFilter *f, Arena *arena, StatReportEvent **events, int *count)
{
    Query q = sql_query(
        db,
        "SELECT m.case_id, m.starts_on, COALESCE(m.released_on, m.ends_on), m.report_months, 0, NULL,"
        " CASE WHEN :by_unit = 1 THEN c.unit_id END, CASE WHEN :by_gov = 1 THEN c.governorate END,"
        " CASE WHEN :by_kind = 1 THEN c.kind END, 0"
        " FROM case_measures m JOIN cases c ON c.id = m.case_id JOIN units u ON u.id = c.unit_id"
        " WHERE" REPORTING_MEASURE(
            "m") " AND" CASE_SCOPE
                 " UNION ALL SELECT s.case_id, NULL, NULL, 0, s.reviewed_at, NULL, NULL, NULL, NULL, 1"
                 " FROM studies s JOIN cases c ON c.id = s.case_id JOIN units u ON u.id = c.unit_id"
                 " WHERE s.status = 'approved' AND s.template IN ('juvenile', 'followup_report') AND" REPORTING_CASE(
                     "s.case_id") " AND" CASE_SCOPE
                                  " UNION ALL SELECT c.id, NULL, NULL, 0, 0, c.last_monitor_report, NULL, NULL, NULL, 1"
                                  " FROM cases c JOIN units u ON u.id = c.unit_id"
                                  " WHERE c.last_monitor_report IS NOT NULL AND" REPORTING_CASE(
                                      "c.id") " AND" CASE_SCOPE " ORDER BY 1, 10");
    char from[11], to[11];
    clock_amman_date(f->from, from);
    clock_amman_date(f->to, to);
    bind_by(&q, f);
    bind_scope(&q, f);
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":from_date", from), SQL_TEXT(":to_date", to)));
    return sql_collect(&q, arena, sizeof(StatReportEvent), read_report_event, 0, events, count, NULL);
}

/* status, unit, nothing, kind, day, count; and the same with the unit referred to or the type of service */
static void read_status_row(Query *q, Arena *arena, void *item)
{
    read_columns(q, arena, item, STAT_COLUMNS(KEY(STATUS), UNIT(UNIT), COL_SKIP, KEY(KIND), COL_DAY, COL_VALUE));
}

static void read_referral_row(Query *q, Arena *arena, void *item)
{
    read_columns(q, arena, item, STAT_COLUMNS(KEY(STATUS), UNIT(UNIT), UNIT(TO_UNIT), KEY(KIND), COL_DAY, COL_VALUE));
}

static void read_service_row(Query *q, Arena *arena, void *item)
{
    read_columns(q, arena, item,
                 STAT_COLUMNS(KEY(STATUS), UNIT(UNIT), KEY(SERVICE_TYPE), KEY(KIND), COL_DAY, COL_VALUE));
}

int store_stat_referrals(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db,
        "SELECT CASE WHEN r.status = 'pending' AND r.status_changed_at < :stale THEN 'stale' ELSE r.status END,"
        " CASE WHEN :by_unit = 1 THEN r.from_unit_id END, CASE WHEN :by_to = 1 THEN r.to_unit_id END,"
        " CASE WHEN :by_kind = 1 THEN c.kind END, CASE WHEN :by_day = 1 THEN " AMMAN_DAY(
            "r.sent_at") " END,"
                         " count(*) FROM referrals r JOIN cases c ON c.id = r.case_id JOIN units u ON u.id = r.from_unit_id"
                         " JOIN units t ON t.id = r.to_unit_id WHERE r.sent_at >= :from AND r.sent_at < :to"
                         " AND (CAST(:kind AS TEXT) IS NULL OR c.kind = :kind) AND (CAST(:gov AS TEXT) IS NULL OR c.governorate = :gov)"
                         " AND (:unit = 0 OR r.from_unit_id = :unit OR r.to_unit_id = :unit)"
                         " AND (CAST(:agency AS TEXT) IS NULL OR u.agency = :agency OR t.agency = :agency)"
                         " GROUP BY 1, 2, 3, 4, 5");
    sql_int(&q, ":stale", f->now - f->stale_seconds);
    return collect_in_period(&q, f, arena, read_referral_row, rows, count);
}

int store_stat_services(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db,
        "SELECT s.status, CASE WHEN :by_unit = 1 THEN c.unit_id END,"
        " CASE WHEN :by_type = 1 THEN s.type END, CASE WHEN :by_kind = 1 THEN c.kind END,"
        " CASE WHEN :by_day = 1 THEN " AMMAN_DAY(
            "s.created_at") " END, count(*)"
                            " FROM case_services s JOIN cases c ON c.id = s.case_id JOIN units u ON u.id = c.unit_id"
                            " WHERE s.created_at >= :from AND s.created_at < :to AND" CASE_SCOPE
                            " GROUP BY 1, 2, 3, 4, 5");
    return collect_in_period(&q, f, arena, read_service_row, rows, count);
}

int store_stat_studies(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db, "SELECT s.status, CASE WHEN :by_unit = 1 THEN c.unit_id END, NULL,"
            " CASE WHEN :by_kind = 1 THEN c.kind END,"
            " CASE WHEN :by_day = 1 THEN " AMMAN_DAY(
                "s.created_at") " END, count(*)"
                                " FROM studies s JOIN cases c ON c.id = s.case_id JOIN units u ON u.id = c.unit_id"
                                " WHERE s.created_at >= :from AND s.created_at < :to AND" CASE_SCOPE
                                " GROUP BY 1, 2, 3, 4, 5");
    return collect_in_period(&q, f, arena, read_status_row, rows, count);
}

int store_stat_programmes(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    /* the enrolments started in the period, by their status now: the centre as the unit */
    Query q = sql_query(db,
                        "SELECT e.status, CASE WHEN :by_unit = 1 THEN p.centre_id END, NULL,"
                        " CASE WHEN :by_kind = 1 THEN c.kind END,"
                        " CASE WHEN :by_day = 1 THEN " AMMAN_DAY(
                            "e.created_at") " END, count(*)"
                                            " FROM programme_enrolments e JOIN programmes p ON p.id = e.programme_id"
                                            " JOIN cases c ON c.id = e.case_id JOIN units u ON u.id = p.centre_id"
                                            " WHERE e.created_at >= :from AND e.created_at < :to AND"
                                            " (CAST(:kind AS TEXT) IS NULL OR c.kind = :kind)"
                                            " AND (CAST(:gov AS TEXT) IS NULL OR u.governorate = :gov)"
                                            " AND (:unit = 0 OR p.centre_id = :unit)"
                                            " AND (CAST(:agency AS TEXT) IS NULL OR u.agency = :agency)"
                                            " GROUP BY 1, 2, 3, 4, 5");
    return collect_in_period(&q, f, arena, read_status_row, rows, count);
}

/* state, target unit, due date (until the status is worked out: it depends on today, the domain's), day made: a row
 * per recommendation */
static void read_recommendation_row(Query *q, Arena *arena, void *item)
{
    read_columns(q, arena, item, STAT_COLUMNS(KEY(STATUS), UNIT(UNIT), KEY(BUCKET), COL_DAY));
}

int store_stat_recommendations(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db, "SELECT r.state, CASE WHEN :by_unit = 1 THEN r.target_unit_id END, r.due_on,"
            " CASE WHEN :by_day = 1 THEN " AMMAN_DAY(
                "r.created_at") " END"
                                " FROM recommendations r LEFT JOIN observations o ON o.id = r.observation_id"
                                " WHERE r.created_at >= :from AND r.created_at < :to"
                                " AND (CAST(:gov AS TEXT) IS NULL OR o.governorate = :gov)"
                                " AND (:unit = 0 OR r.target_unit_id = :unit)"
                                " AND (CAST(:agency AS TEXT) IS NULL OR r.target_agency = :agency)"
                                " AND (CAST(:kind AS TEXT) IS NULL OR :kind = '')");
    return collect_in_period(&q, f, arena, read_recommendation_row, rows, count);
}

/* state, target agency, due date, closing date: a row per recommendation (the domain judges it met or missed) */
static void read_recommendation_due_row(Query *q, Arena *arena, void *item)
{
    read_columns(q, arena, item, STAT_COLUMNS(KEY(STATUS), KEY(AGENCY), KEY(BUCKET), KEY(OUTCOME)));
}

int store_stat_recommendations_due(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(db, "SELECT r.state, CASE WHEN :by_agency = 1 THEN r.target_agency END, r.due_on, r.closed_on"
                            " FROM recommendations r LEFT JOIN observations o ON o.id = r.observation_id"
                            " WHERE r.due_on >= :from_date AND r.due_on <= :to_date"
                            " AND (CAST(:gov AS TEXT) IS NULL OR o.governorate = :gov)"
                            " AND (:unit = 0 OR r.target_unit_id = :unit)"
                            " AND (CAST(:agency AS TEXT) IS NULL OR r.target_agency = :agency)"
                            " AND (CAST(:kind AS TEXT) IS NULL OR :kind = '')");
    char from[11], to[11];
    clock_amman_date(f->from, from);
    clock_amman_date(f->to - 1, to);
    sql_int(&q, ":by_agency", f->by[STAT_DIM_AGENCY] ? 1 : 0);
    bind_scope(&q, f);
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":from_date", from), SQL_TEXT(":to_date", to)));
    return sql_collect(&q, arena, sizeof(StatRow), read_recommendation_due_row, 0, rows, count, NULL);
}

#define HOME_SCOPE                                                                                                     \
    " (CAST(:gov AS TEXT) IS NULL OR u.governorate = :gov) AND (:unit = 0 OR x.home_id = :unit)"                       \
    " AND (CAST(:agency AS TEXT) IS NULL OR u.agency = :agency)"

static void bind_home_scope(Query *q, const StatFilter *f)
{
    bind_by(q, f);
    sql_int(q, ":by_band", f->by[STAT_DIM_AGE_BAND] ? 1 : 0);
    sql_text(q, ":gov", f->governorate);
    sql_int(q, ":unit", f->unit_id);
    sql_text(q, ":agency", f->agency);
}

/* home, governorate, sex, age band, residents, places */
static void read_home_row(Query *q, Arena *arena, void *item)
{
    read_columns(q, arena, item,
                 STAT_COLUMNS(UNIT(UNIT), KEY(GOVERNORATE), KEY(SEX), KEY(AGE_BAND), COL_VALUE, COL_CAPACITY));
}

int store_stat_homes(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db, "SELECT CASE WHEN :by_unit = 1 THEN x.home_id END, CASE WHEN :by_gov = 1 THEN u.governorate END,"
            " CASE WHEN :by_sex = 1 THEN x.sex END, CASE WHEN :by_band = 1 THEN x.age_band END,"
            " CAST(sum(x.residents) AS BIGINT), CAST(sum(x.places) AS BIGINT)"
            " FROM (SELECT hp.home_id, hp.sex, hp.age_band, 0 AS residents, hp.places FROM home_places hp"
            "  UNION ALL SELECT p.home_id, p.sex, p.age_band, 1, 0 FROM placements p WHERE p.state <> 'discharged') x"
            " JOIN units u ON u.id = x.home_id WHERE" HOME_SCOPE " GROUP BY 1, 2, 3, 4");
    bind_home_scope(&q, f);
    return sql_collect(&q, arena, sizeof(StatRow), read_home_row, 0, rows, count, NULL);
}

/* move, home, governorate, sex, age band, day, count */
static void read_home_move_row(Query *q, Arena *arena, void *item)
{
    read_columns(q, arena, item,
                 STAT_COLUMNS(KEY(STATUS), UNIT(UNIT), KEY(GOVERNORATE), KEY(SEX), KEY(AGE_BAND), COL_DAY, COL_VALUE));
}

int store_stat_home_moves(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db,
        "SELECT x.move, CASE WHEN :by_unit = 1 THEN x.home_id END, CASE WHEN :by_gov = 1 THEN u.governorate END,"
        " CASE WHEN :by_sex = 1 THEN x.sex END, CASE WHEN :by_band = 1 THEN x.age_band END,"
        " CASE WHEN :by_day = 1 THEN " AMMAN_DAY(
            "x.at") " END, count(*)"
                    " FROM (SELECT 'admitted' AS move, p.home_id, p.sex, p.age_band, p.admitted_at AS at FROM placements p"
                    "   WHERE p.admitted_at >= :from AND p.admitted_at < :to"
                    "  UNION ALL SELECT 'discharged', p.home_id, p.sex, p.age_band, p.discharged_at FROM placements p"
                    "   WHERE p.state = 'discharged' AND p.discharged_at >= :from AND p.discharged_at < :to) x"
                    " JOIN units u ON u.id = x.home_id WHERE" HOME_SCOPE " GROUP BY 1, 2, 3, 4, 5, 6");
    bind_home_scope(&q, f);
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":from", f->from), SQL_INT(":to", f->to)));
    return sql_collect(&q, arena, sizeof(StatRow), read_home_move_row, 0, rows, count, NULL);
}

int store_stat_home_overstays(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db, "SELECT CASE WHEN :by_unit = 1 THEN x.home_id END, CASE WHEN :by_gov = 1 THEN u.governorate END,"
            " CASE WHEN :by_sex = 1 THEN x.sex END, CASE WHEN :by_band = 1 THEN x.age_band END, count(*), 0"
            " FROM placements x JOIN case_measures m ON m.id = x.measure_id JOIN units u ON u.id = x.home_id"
            " WHERE x.state IN ('present', 'leave', 'absent', 'hospital', 'court')"
            " AND (m.released_on IS NOT NULL OR m.ends_on < :today) AND" HOME_SCOPE " GROUP BY 1, 2, 3, 4");
    char today[11];
    clock_amman_date(f->now, today);
    bind_home_scope(&q, f);
    sql_text(&q, ":today", today);
    return sql_collect(&q, arena, sizeof(StatRow), read_home_row, 0, rows, count, NULL);
}

int store_data_export_add(Db *db, int64_t user_id, int64_t unit_id, const char *what, const char *format,
                          const char *filters, int64_t *id)
{
    return sql_run_returning(db,
                             "INSERT INTO data_exports (at, user_id, unit_id, what, format, filters)"
                             " VALUES (:at, :user, :unit, :what, :format, :filters) RETURNING id",
                             id,
                             SQL_ARGS(SQL_INT(":at", clock_now()), SQL_ID(":user", user_id), SQL_ID(":unit", unit_id),
                                      SQL_TEXT(":what", what), SQL_TEXT(":format", format),
                                      SQL_TEXT(":filters", filters)));
}

/* One row (a SqlReadRow): item is a DataExport. */
static void read_export(Query *q, Arena *arena, void *item)
{
    DataExport *e = item;
    sql_read_fields(q, 0, arena, e,
                    SQL_FIELDS(DataExport, id, at, user_id, unit_id, username, what, format, filters, user_name,
                               unit_name_ar, unit_name_en));
}

int store_data_exports(Db *db, int64_t before_id, int limit, Arena *arena, DataExport **items, int *count, bool *more)
{
    int page = sql_page_limit(limit, 500);
    Query q = sql_query(db, "SELECT e.id, e.at, e.user_id, e.unit_id, u.username, e.what, e.format, e.filters,"
                            " u.full_name, n.name_ar, n.name_en"
                            " FROM data_exports e LEFT JOIN users u ON u.id = e.user_id"
                            " LEFT JOIN units n ON n.id = e.unit_id"
                            " WHERE (:before = 0 OR e.id < :before) ORDER BY e.id DESC LIMIT :limit");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":before", before_id), SQL_INT(":limit", page + 1)));
    return sql_collect(&q, arena, sizeof(DataExport), read_export, page, items, count, more);
}

/* The keys of a case the statistics count it by (migration 30), from its persons and incidents as they now are. */
#define CASE_STAT_KEYS                                                                                                 \
    "UPDATE cases SET"                                                                                                 \
    " principal_sex = (SELECT p.sex FROM case_persons x JOIN persons p ON p.id = x.person_id"                          \
    "   WHERE x.case_id = cases.id AND x.role IN ('victim', 'juvenile', 'inmate') ORDER BY x.id LIMIT 1),"             \
    " principal_birth_year = (SELECT p.birth_year FROM case_persons x JOIN persons p ON p.id = x.person_id"            \
    "   WHERE x.case_id = cases.id AND x.role IN ('victim', 'juvenile', 'inmate') ORDER BY x.id LIMIT 1),"             \
    " first_violence = (SELECT i.violence_types FROM case_incidents i WHERE i.case_id = cases.id"                      \
    "   ORDER BY i.id LIMIT 1),"                                                                                       \
    " first_incident_on = (SELECT i.occurred_on FROM case_incidents i WHERE i.case_id = cases.id"                      \
    "   ORDER BY i.id LIMIT 1),"                                                                                       \
    " first_assigned_at = (SELECT min(a.assigned_at) FROM case_assignments a WHERE a.case_id = cases.id"               \
    "   AND a.role IN ('caseworker', 'monitor')),"                                                                     \
    " first_assessed_at = (SELECT min(r.assessed_at) FROM case_risk_assessments r WHERE r.case_id = cases.id)"

int store_case_stat_refresh(Db *db, int64_t case_id)
{
    return sql_run(db, CASE_STAT_KEYS " WHERE id = :case", SQL_ARGS(SQL_INT(":case", case_id)));
}

int store_case_stat_refresh_person(Db *db, int64_t person_id)
{
    return sql_run(db, CASE_STAT_KEYS " WHERE id IN (SELECT x.case_id FROM case_persons x WHERE x.person_id = :person)",
                   SQL_ARGS(SQL_INT(":person", person_id)));
}
