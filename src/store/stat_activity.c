/* The counts of the work done on cases (store/statistics.h): settlements, the monitor's reports, referrals, services,
 * studies, the centres' programmes, and the committee's recommendations. */
#include "store/stat_rows.h"

#include "base/clock.h"

/* The unit, governorate and kind of a case c, each folded to NULL unless asked for. */
#define CASE_UNIT_KEYS                                                                                                 \
    " CASE WHEN :by_unit = 1 THEN c.unit_id END, CASE WHEN :by_gov = 1 THEN c.governorate END,"                        \
    " CASE WHEN :by_kind = 1 THEN c.kind END,"

/* first session, end, extension, …, the day begun */
static void read_settlement_row(Query *q, Arena *arena, void *item)
{
    stat_read_columns(q, arena, item,
                      STAT_COLUMNS(KEY(DEADLINE), KEY(OUTCOME), KEY(STATUS), UNIT(UNIT), KEY(GOVERNORATE), KEY(KIND),
                                   COL_DAY, COL_VALUE));
}

int store_stat_settlements(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db,
        "SELECT s.first_session_on, s.outcome_on, s.extended_on," CASE_UNIT_KEYS " " BY_DAY(
            "s.created_at") ", count(*)"
                            " FROM case_settlements s JOIN cases c ON c.id = s.case_id JOIN units u ON u.id = c.unit_id"
                            " WHERE s.first_session_on IS NOT NULL AND s.created_at >= :from AND s.created_at < :to"
                            " AND" CASE_SCOPE " GROUP BY 1, 2, 3, 4, 5, 6, 7");
    return stat_collect_in_period(&q, f, arena, read_settlement_row, rows, count);
}

/* case, first day, last day, months, approved at, reported on, unit, governorate, kind */
static void read_report_event(Query *q, Arena *arena, void *item)
{
    StatReportEvent *e = item;
    sql_read_fields(q, 0, arena, e,
                    SQL_FIELDS(StatReportEvent, case_id, starts_on, ends_on, report_months, reported_at, reported_on));
    e->unit = stat_unit_key(q, 6, arena);
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
        "SELECT m.case_id, m.starts_on, COALESCE(m.released_on, m.ends_on), m.report_months, 0, NULL," CASE_UNIT_KEYS
        " 0"
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
    stat_bind_by(&q, f);
    stat_bind_scope(&q, f);
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":from_date", from), SQL_TEXT(":to_date", to)));
    return sql_collect(&q, arena, sizeof(StatReportEvent), read_report_event, 0, events, count, NULL);
}

/* status, unit, nothing, kind, day, count; and the same with the unit referred to or the type of service */
static void read_status_row(Query *q, Arena *arena, void *item)
{
    stat_read_columns(q, arena, item, STAT_COLUMNS(KEY(STATUS), UNIT(UNIT), COL_SKIP, KEY(KIND), COL_DAY, COL_VALUE));
}

static void read_referral_row(Query *q, Arena *arena, void *item)
{
    stat_read_columns(q, arena, item,
                      STAT_COLUMNS(KEY(STATUS), UNIT(UNIT), UNIT(TO_UNIT), KEY(KIND), COL_DAY, COL_VALUE));
}

static void read_service_row(Query *q, Arena *arena, void *item)
{
    stat_read_columns(q, arena, item,
                      STAT_COLUMNS(KEY(STATUS), UNIT(UNIT), KEY(SERVICE_TYPE), KEY(KIND), COL_DAY, COL_VALUE));
}

int store_stat_referrals(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db,
        "SELECT CASE WHEN r.status = 'pending' AND r.status_changed_at < :stale THEN 'stale' ELSE r.status END,"
        " CASE WHEN :by_unit = 1 THEN r.from_unit_id END, CASE WHEN :by_to = 1 THEN r.to_unit_id END,"
        " CASE WHEN :by_kind = 1 THEN c.kind END, " BY_DAY(
            "r.sent_at") ","
                         " count(*) FROM referrals r JOIN cases c ON c.id = r.case_id JOIN units u ON u.id = r.from_unit_id"
                         " JOIN units t ON t.id = r.to_unit_id WHERE r.sent_at >= :from AND r.sent_at < :to"
                         " AND (CAST(:kind AS TEXT) IS NULL OR c.kind = :kind) AND (CAST(:gov AS TEXT) IS NULL OR c.governorate = :gov)"
                         " AND (:unit = 0 OR r.from_unit_id = :unit OR r.to_unit_id = :unit)"
                         " AND (CAST(:agency AS TEXT) IS NULL OR u.agency = :agency OR t.agency = :agency)"
                         " GROUP BY 1, 2, 3, 4, 5");
    sql_int(&q, ":stale", f->now - f->stale_seconds);
    return stat_collect_in_period(&q, f, arena, read_referral_row, rows, count);
}

/* The parts s of cases (services, studies) made in the period, counted by status, unit, a third key, kind and day. */
#define CASE_PART_COUNTS(table, third)                                                                                 \
    "SELECT s.status, CASE WHEN :by_unit = 1 THEN c.unit_id END, " third                                               \
    ", CASE WHEN :by_kind = 1 THEN c.kind END, " BY_DAY(                                                               \
        "s.created_at") ", count(*) FROM " table " s JOIN cases c ON c.id = s.case_id"                                 \
                        " JOIN units u ON u.id = c.unit_id WHERE s.created_at >= :from AND s.created_at < :to"         \
                        " AND" CASE_SCOPE " GROUP BY 1, 2, 3, 4, 5"

int store_stat_services(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(db, CASE_PART_COUNTS("case_services", "CASE WHEN :by_type = 1 THEN s.type END"));
    return stat_collect_in_period(&q, f, arena, read_service_row, rows, count);
}

int store_stat_studies(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(db, CASE_PART_COUNTS("studies", "NULL"));
    return stat_collect_in_period(&q, f, arena, read_status_row, rows, count);
}

int store_stat_programmes(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    /* the enrolments started in the period, by their status now: the centre as the unit */
    Query q = sql_query(
        db, "SELECT e.status, CASE WHEN :by_unit = 1 THEN p.centre_id END, NULL,"
            " CASE WHEN :by_kind = 1 THEN c.kind END,"
            " " BY_DAY("e.created_at") ", count(*)"
                                       " FROM programme_enrolments e JOIN programmes p ON p.id = e.programme_id"
                                       " JOIN cases c ON c.id = e.case_id JOIN units u ON u.id = p.centre_id"
                                       " WHERE e.created_at >= :from AND e.created_at < :to AND"
                                       " (CAST(:kind AS TEXT) IS NULL OR c.kind = :kind)"
                                       " AND (CAST(:gov AS TEXT) IS NULL OR u.governorate = :gov)"
                                       " AND (:unit = 0 OR p.centre_id = :unit)"
                                       " AND (CAST(:agency AS TEXT) IS NULL OR u.agency = :agency)"
                                       " GROUP BY 1, 2, 3, 4, 5");
    return stat_collect_in_period(&q, f, arena, read_status_row, rows, count);
}

/* The recommendations r (with the observation o each answers) made or due in the period, in the scope of the filters:
 * its governorate, the unit or agency they are addressed to; a filter by case kind finds none. */
#define RECOMMENDATIONS_IN_SCOPE(period)                                                                               \
    " FROM recommendations r LEFT JOIN observations o ON o.id = r.observation_id WHERE " period                        \
    " AND (CAST(:gov AS TEXT) IS NULL OR o.governorate = :gov) AND (:unit = 0 OR r.target_unit_id = :unit)"            \
    " AND (CAST(:agency AS TEXT) IS NULL OR r.target_agency = :agency) AND (CAST(:kind AS TEXT) IS NULL OR :kind = '')"

/* state, target unit, due date (until the status is worked out: it depends on today, the domain's), day made: a row
 * per recommendation */
static void read_recommendation_row(Query *q, Arena *arena, void *item)
{
    stat_read_columns(q, arena, item, STAT_COLUMNS(KEY(STATUS), UNIT(UNIT), KEY(BUCKET), COL_DAY));
}

int store_stat_recommendations(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(db, "SELECT r.state, CASE WHEN :by_unit = 1 THEN r.target_unit_id END, r.due_on,"
                            " " BY_DAY("r.created_at")
                                RECOMMENDATIONS_IN_SCOPE("r.created_at >= :from AND r.created_at < :to"));
    return stat_collect_in_period(&q, f, arena, read_recommendation_row, rows, count);
}

/* state, target agency, due date, closing date: a row per recommendation (the domain judges it met or missed) */
static void read_recommendation_due_row(Query *q, Arena *arena, void *item)
{
    stat_read_columns(q, arena, item, STAT_COLUMNS(KEY(STATUS), KEY(AGENCY), KEY(BUCKET), KEY(OUTCOME)));
}

int store_stat_recommendations_due(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db,
        "SELECT r.state, CASE WHEN :by_agency = 1 THEN r.target_agency END, r.due_on, r.closed_on" RECOMMENDATIONS_IN_SCOPE(
            "r.due_on >= :from_date AND r.due_on <= :to_date"));
    char from[11], to[11];
    clock_amman_date(f->from, from);
    clock_amman_date(f->to - 1, to);
    sql_int(&q, ":by_agency", f->by[STAT_DIM_AGENCY] ? 1 : 0);
    stat_bind_scope(&q, f);
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":from_date", from), SQL_TEXT(":to_date", to)));
    return sql_collect(&q, arena, sizeof(StatRow), read_recommendation_due_row, 0, rows, count, NULL);
}
