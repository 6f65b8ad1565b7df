/* The counts behind the indicators of statistics (domain/statistics), grouped in SQL by the dimensions asked for,
 * computed from the live tables. Rows carry codes, unit ids, day numbers and counts only: never a name, a number of a
 * person, a case reference or free text. Strings of returned rows live in the caller's arena. */
#ifndef TAKAMUL_STORE_STATISTICS_H
#define TAKAMUL_STORE_STATISTICS_H

#include "base/arena.h"
#include "model/statistics.h"
#include "store/store.h"

/* Which rows a case indicator counts. */
typedef enum { STAT_CASES_NEW = 1, STAT_CASES_OPEN, STAT_CASES_CLOSED } StatCaseMeasure;
/* What a case row's number is: nothing, the principal person's age in the year of the report, the days from report
 * to closing. */
typedef enum { STAT_NUMBER_NONE = 0, STAT_NUMBER_AGE, STAT_NUMBER_DAYS_OPEN } StatCaseNumber;

/* Cases counted by measure: keys kind, governorate, unit, sex, violence_type (the first incident's list of acts),
 * bucket (the first incident's date, when by_incident); day (of the report, or of the closing for closed cases) when
 * filter->by[STAT_DIM_MONTH] or by_incident; number as asked. */
int store_stat_cases(Db *db, const StatFilter *filter, StatCaseMeasure measure, StatCaseNumber number, bool by_incident,
                     Arena *arena, StatRow **rows, int *count);
/* Workers (users with the caseworker or monitor role) of the units in scope, counted by their open cases (number),
 * with their unit and governorate. */
int store_stat_workers(Db *db, const StatFilter *filter, Arena *arena, StatRow **rows, int *count);
/* The deadlines of domain.md §2–3 met and missed (keys deadline and outcome; a deadline not yet due is not
 * counted), with the case's unit, governorate and kind, the day it fell due. Hours from the timeframe settings. */
int store_stat_deadlines(Db *db, const StatFilter *filter, int64_t assign_hours, int64_t assign_high_risk_hours,
                         int64_t first_response_hours, int64_t family_notice_hours, Arena *arena, StatRow **rows,
                         int *count);
/* Settlements begun in the period, for the domain to judge against the 14 days and their extension: key deadline
 * holds the first session's date, outcome the end's date (NULL while open), status the extension's date. */
int store_stat_settlements(Db *db, const StatFilter *filter, Arena *arena, StatRow **rows, int *count);
/* A juvenile's measure that calls for the monitor's reports (care home, supervision: report_months > 0), in force at
 * some time of the period; or, on the same cases, one of the monitor's reports: a juvenile study or a follow-up report
 * approved, and the date of the last report recorded on the case (an earlier one recorded there and replaced is not
 * kept). For the domain to lay the reports against the court's frequency. Ordered by case, measures first. */
typedef struct {
    int64_t case_id;
    char *starts_on;     /* the measure's first day; NULL on a report's row */
    char *ends_on;       /* the measure's last day in force (its end, or its release) */
    int report_months;   /* the measure's frequency of reports */
    int64_t reported_at; /* a study's approval; 0 on a measure's row and on the case's own date */
    char *reported_on;   /* the last report's date recorded on the case (last_monitor_report); else NULL */
    const char *unit, *governorate, *kind; /* the case's, as asked for by the breakdown (NULL otherwise) */
} StatReportEvent;
int store_stat_monitor_reports(Db *db, const StatFilter *filter, Arena *arena, StatReportEvent **events, int *count);
/* Referrals sent in the period: status (pending ones unchanged for longer than filter->stale_seconds are "stale"),
 * the sending unit, the receiving unit, the case's kind, the day sent. */
int store_stat_referrals(Db *db, const StatFilter *filter, Arena *arena, StatRow **rows, int *count);
/* Services of case plans made in the period by status and type, with the case's unit and kind. */
int store_stat_services(Db *db, const StatFilter *filter, Arena *arena, StatRow **rows, int *count);
/* Social studies begun in the period by status, with the case's unit and kind. */
int store_stat_studies(Db *db, const StatFilter *filter, Arena *arena, StatRow **rows, int *count);
/* The enrolments in the correction centres' programmes started in the period, by their status now (waiting, enrolled,
 * completed, dropped, transferred, released), the centre as the unit. */
int store_stat_programmes(Db *db, const StatFilter *filter, Arena *arena, StatRow **rows, int *count);
/* The joint committee's recommendations made in the period, a row each (value 1): its state, target unit, due date (in
 * the bucket key, for the domain to work out its status on the day) and day made. */
int store_stat_recommendations(Db *db, const StatFilter *filter, Arena *arena, StatRow **rows, int *count);
/* The residents of the homes now (value) against their places (capacity), by home, governorate, sex, age band. */
int store_stat_homes(Db *db, const StatFilter *filter, Arena *arena, StatRow **rows, int *count);

/* The admissions to the homes and the discharges from them in the period (status admitted or discharged), by home,
 * governorate, sex, age band and day. */
int store_stat_home_moves(Db *db, const StatFilter *filter, Arena *arena, StatRow **rows, int *count);
/* The residents staying now past the measure that placed them (ended, or ended early by the court), by home,
 * governorate, sex and age band. */
int store_stat_home_overstays(Db *db, const StatFilter *filter, Arena *arena, StatRow **rows, int *count);
/* The committee's recommendations due in the period: state, target agency (when by agency), due date and closing
 * date, the last two in the keys of bucket and outcome until the domain judges them met or missed. */
int store_stat_recommendations_due(Db *db, const StatFilter *f, Arena *arena, StatRow **rows, int *count);

/* Writes an export of statistics to the log of data exports: who, from which unit, what, in which format, with which
 * filters (codes and dates only). */
int store_data_export_add(Db *db, int64_t user_id, int64_t unit_id, const char *what, const char *format,
                          const char *filters, int64_t *id);

/* The log of data exports, newest first: a page of at most limit entries before the id before_id (0: from the newest);
 * *more when another follows. */
int store_data_exports(Db *db, int64_t before_id, int limit, Arena *arena, DataExport **items, int *count, bool *more);

/* Inside the store, in the transaction of a write that changes them: recomputes the keys a case is counted by (its
 * principal person's sex and year of birth, its first incident; migration 30), of one case or of every case a person
 * is in. */
int store_case_stat_refresh(Db *db, int64_t case_id);
int store_case_stat_refresh_person(Db *db, int64_t person_id);

/* The counts of the case load kept by triggers (migration 32: cases reported by month, cases open, each worker's open
 * cases) against the cases and assignments themselves: *differences is the number of counts that differ, message
 * names the first. With repair, counts that differ are made again from the cases in one transaction. */
int store_stat_counts_check(Db *db, bool repair, int *differences, char message[256]);

#endif
