/* The case load's counts (store/statistics.h): the cases reported, open and closed, from the counts kept (migration 32)
 * or from the cases themselves; each worker's open cases; the deadlines met and missed; and the keys a case is counted
 * by (migration 30). Days in Amman are (seconds + 3 h) / 86400, the same on SQLite and PostgreSQL. */
#include "store/stat_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/case_counts.h"

/* A row of cases. */
static void read_case_row(Query *q, Arena *arena, void *item)
{
    stat_read_columns(q, arena, item,
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
    " CASE WHEN :by_unit = 1 THEN c.unit_id END, " BY_DAY(day) ","
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
    stat_bind_by(&q, f);
    stat_bind_scope(&q, f);
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
    stat_read_columns(q, arena, item,
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
    stat_bind_by(&q, f);
    sql_int(&q, ":by_band", number == STAT_NUMBER_AGE ? 1 : 0);
    stat_bind_scope(&q, f);
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
    stat_bind_by(&q, f);
    sql_int(&q, ":by_band", number == STAT_NUMBER_AGE ? 1 : 0);
    stat_bind_scope(&q, f);
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
    stat_read_columns(q, arena, item, STAT_COLUMNS(UNIT(UNIT), KEY(GOVERNORATE), COL_NUMBER, COL_VALUE));
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
    stat_bind_by(&q, f);
    sql_bind_args(
        &q, SQL_ARGS(SQL_TEXT(":gov", f->governorate), SQL_INT(":unit", f->unit_id), SQL_TEXT(":agency", f->agency)));
    return sql_collect(&q, arena, sizeof(StatRow), read_worker_row, 0, rows, count, NULL);
}

static void read_deadline_row(Query *q, Arena *arena, void *item)
{
    stat_read_columns(
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
        " CASE WHEN :by_kind = 1 THEN d.kind END, " BY_DAY(
            "d.start") ", count(*)"
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
    stat_bind_by(&q, f);
    stat_bind_scope(&q, f);
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
    stat_bind_by(&k, f);
    stat_bind_scope(&k, f);
    sql_bind_args(&k, SQL_ARGS(SQL_INT(":assign", assign_hours), SQL_INT(":assign_high", assign_high_risk_hours),
                               SQL_INT(":response", first_response_hours),
                               SQL_INT(":first", (first + CLOCK_AMMAN_OFFSET) / 86400),
                               SQL_INT(":last", (last + CLOCK_AMMAN_OFFSET) / 86400)));
    StatRow *more = NULL;
    int more_count = 0;
    rc = sql_collect(&k, arena, sizeof(StatRow), read_deadline_row, 0, &more, &more_count, NULL);
    return rc == TK_OK ? append_rows(arena, rows, count, more, more_count) : rc;
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
