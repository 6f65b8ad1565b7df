/* Time: the current time (replaceable in tests) and ISO-8601 formatting. */
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

#endif
