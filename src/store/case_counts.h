/* The counts of the case load kept as they change (migration 32, docs/statistics.md): the SQL both the triggers
 * that keep them and the statements that read and check them share. Store-internal. */
#ifndef TAKAMUL_STORE_CASE_COUNTS_H
#define TAKAMUL_STORE_CASE_COUNTS_H

/* The principal person's age in the year of the report of the case row r: the year of the Amman day of the report
 * less the year of birth (NULL without one), as the statistics' live statements count it. */
#define CASE_COUNT_AGE(r) "(1970 + (4 * ((" r ".reported_at + 10800) / 86400) + 2) / 1461 - " r ".principal_birth_year)"
/* Its age band: stat_age_band's (domain/statistics/catalogue.c), which a test compares with. */
#define CASE_COUNT_AGE_BAND(r)                                                                                                                 \
    "CASE WHEN " CASE_COUNT_AGE(r) " IS NULL OR " CASE_COUNT_AGE(r) " < 0 OR " CASE_COUNT_AGE(r) " > 150 THEN 'unknown' WHEN " CASE_COUNT_AGE( \
        r) " < 12 THEN 'under_12' WHEN " CASE_COUNT_AGE(r) " < 15"                                                                             \
                                                           " THEN '12_14' WHEN " CASE_COUNT_AGE(r) " < 18 THEN '15_17' WHEN " CASE_COUNT_AGE(  \
                                                               r) " < 30"                                                                      \
                                                                  " THEN '18_29' WHEN " CASE_COUNT_AGE(                                        \
                                                                      r) " < 50 THEN '30_49' ELSE '50_plus' END"
/* The keys of a case row r in the counts, in the order of CASE_COUNT_COLUMNS; a key the case lacks is ''. */
#define CASE_COUNT_COLUMNS "unit_id, kind, governorate, sex, age_band, violence"
#define CASE_COUNT_KEYS(r)                                                                                             \
    r ".unit_id, " r ".kind, COALESCE(" r ".governorate, ''), COALESCE(" r                                             \
      ".principal_sex, ''), " CASE_COUNT_AGE_BAND(r) ", COALESCE(" r ".first_violence, '')"

/* The hours a deadline took from start to done, whole hours rounded up (so that it was met within H hours when this is
 * at most H); 0 when done before it started, -1 while not done, 721 for anything longer than the longest setting
 * allows (30 days: base/settings.c), which is therefore never met. */
#define DEADLINE_HOURS(done, start)                                                                                    \
    "CASE WHEN " done " IS NULL THEN -1 WHEN " done " <= " start " THEN 0 WHEN (" done " - " start " + 3599) / 3600"   \
    " > 721 THEN 721 ELSE (" done " - " start " + 3599) / 3600 END"
#define DEADLINE_MAX_HOURS 721
#define DEADLINE_COUNT_COLUMNS "month, deadline, unit_id, kind, governorate, high, hours"

#endif
