/* The counts of the care homes (store/statistics.h): occupancy against places, admissions and discharges, and those
 * kept past the end of their measure. */
#include "store/stat_rows.h"

#include "base/clock.h"

#define HOME_SCOPE                                                                                                     \
    " (CAST(:gov AS TEXT) IS NULL OR u.governorate = :gov) AND (:unit = 0 OR x.home_id = :unit)"                       \
    " AND (CAST(:agency AS TEXT) IS NULL OR u.agency = :agency)"

/* The keys of a row x of a home (its unit u), each folded to NULL unless asked for: home, governorate, sex, age band. */
#define HOME_KEYS                                                                                                      \
    " CASE WHEN :by_unit = 1 THEN x.home_id END, CASE WHEN :by_gov = 1 THEN u.governorate END,"                        \
    " CASE WHEN :by_sex = 1 THEN x.sex END, CASE WHEN :by_band = 1 THEN x.age_band END,"

/* Binds the grouping and HOME_SCOPE of f, then collects the rows read by read. */
static int collect_homes(Query *q, const StatFilter *f, Arena *arena, SqlReadRow read, StatRow **rows, int *count)
{
    stat_bind_by(q, f);
    sql_int(q, ":by_band", f->by[STAT_DIM_AGE_BAND] ? 1 : 0);
    sql_text(q, ":gov", f->governorate);
    sql_int(q, ":unit", f->unit_id);
    sql_text(q, ":agency", f->agency);
    return sql_collect(q, arena, sizeof(StatRow), read, 0, rows, count, NULL);
}

/* home, governorate, sex, age band, residents, places */
static void read_home_row(Query *q, Arena *arena, void *item)
{
    stat_read_columns(q, arena, item,
                      STAT_COLUMNS(UNIT(UNIT), KEY(GOVERNORATE), KEY(SEX), KEY(AGE_BAND), COL_VALUE, COL_CAPACITY));
}

int store_stat_homes(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db, "SELECT" HOME_KEYS " CAST(sum(x.residents) AS BIGINT), CAST(sum(x.places) AS BIGINT)"
            " FROM (SELECT hp.home_id, hp.sex, hp.age_band, 0 AS residents, hp.places FROM home_places hp"
            "  UNION ALL SELECT p.home_id, p.sex, p.age_band, 1, 0 FROM placements p WHERE p.state <> 'discharged') x"
            " JOIN units u ON u.id = x.home_id WHERE" HOME_SCOPE " GROUP BY 1, 2, 3, 4");
    return collect_homes(&q, f, arena, read_home_row, rows, count);
}

/* move, home, governorate, sex, age band, day, count */
static void read_home_move_row(Query *q, Arena *arena, void *item)
{
    stat_read_columns(
        q, arena, item,
        STAT_COLUMNS(KEY(STATUS), UNIT(UNIT), KEY(GOVERNORATE), KEY(SEX), KEY(AGE_BAND), COL_DAY, COL_VALUE));
}

int store_stat_home_moves(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db,
        "SELECT x.move," HOME_KEYS " " BY_DAY(
            "x.at") ", count(*)"
                    " FROM (SELECT 'admitted' AS move, p.home_id, p.sex, p.age_band, p.admitted_at AS at FROM placements p"
                    "   WHERE p.admitted_at >= :from AND p.admitted_at < :to"
                    "  UNION ALL SELECT 'discharged', p.home_id, p.sex, p.age_band, p.discharged_at FROM placements p"
                    "   WHERE p.state = 'discharged' AND p.discharged_at >= :from AND p.discharged_at < :to) x"
                    " JOIN units u ON u.id = x.home_id WHERE" HOME_SCOPE " GROUP BY 1, 2, 3, 4, 5, 6");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":from", f->from), SQL_INT(":to", f->to)));
    return collect_homes(&q, f, arena, read_home_move_row, rows, count);
}

int store_stat_home_overstays(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count)
{
    Query q = sql_query(
        db, "SELECT" HOME_KEYS " count(*), 0"
            " FROM placements x JOIN case_measures m ON m.id = x.measure_id JOIN units u ON u.id = x.home_id"
            " WHERE x.state IN ('present', 'leave', 'absent', 'hospital', 'court')"
            " AND (m.released_on IS NOT NULL OR m.ends_on < :today) AND" HOME_SCOPE " GROUP BY 1, 2, 3, 4");
    char today[11];
    clock_amman_date(f->now, today);
    sql_text(&q, ":today", today);
    return collect_homes(&q, f, arena, read_home_row, rows, count);
}
