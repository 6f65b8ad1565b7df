/* Time: the current time (replaceable in tests), ISO-8601 formatting, and days in Amman, the one place that knows
 * Jordan's offset from UTC (+3 all year since 2022). */
#ifndef TAKAMUL_BASE_CLOCK_H
#define TAKAMUL_BASE_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Seconds since the epoch, UTC. Tests may fix it with clock_set_fixed. */
int64_t clock_now(void);
/* Fixes the clock at seconds (0 returns to the real clock). */
void clock_set_fixed(int64_t seconds);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void clock_format_iso(int64_t seconds, char out[21]);
/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]" followed by Z or an offset (+03:00, +0300, -05:00) into Unix
 * seconds (UTC); false on any malformed or impossible date. */
bool clock_parse_iso(const char *text, int64_t *seconds);
/* The days of a month (1–12) of a year of the Gregorian calendar; 0 for another month number. */
int clock_month_days(int year, int month);

/* Jordan's offset from UTC, in seconds. */
enum { CLOCK_AMMAN_OFFSET = 3 * 3600 };
/* The date in Amman (YYYY-MM-DD) of a moment. */
void clock_amman_date(int64_t at, char date[11]);
/* Today's date in Amman, YYYY-MM-DD. */
void clock_amman_today(char date[11]);
/* 00:00 in Amman of a YYYY-MM-DD date, in seconds since the epoch; -1 when malformed. */
int64_t clock_amman_day_start(const char *date);
/* When `at` is midnight in Amman, the day that ends then (YYYY-MM-DD) into `date` and true: a deadline set by a date
 * is due by the end of that day. False for any other time. */
bool clock_amman_day_ending(int64_t at, char date[11]);
/* The end (midnight in Amman) of the day `months` calendar months after a YYYY-MM-DD date, on the same day of the
 * month or the month's last day when it has no such day (30 November and three months: 28 or 29 February); -1 when
 * the date is malformed. */
int64_t clock_amman_months_after(const char *date, int64_t months);

#endif
