#include "base/clock.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int64_t clock_fixed;

int64_t clock_now(void)
{
    int64_t fixed = atomic_load(&clock_fixed);
    if (fixed)
        return fixed;
    /* not time(): it reads the kernel's coarse clock, which may still give the second before for a few
     * milliseconds after a client's clock (and the audit's microseconds) has passed into the next */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec;
}

void clock_set_fixed(int64_t seconds)
{
    atomic_store(&clock_fixed, seconds);
}

void clock_format_iso(int64_t seconds, char out[21])
{
    time_t t = (time_t)seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int clock_month_days(int year, int month)
{
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month_days[month - 1] + (month == 2 && leap);
}

static bool read_digits(const char *text, int count, int *value)
{
    int result = 0;
    for (int i = 0; i < count; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        result = result * 10 + (text[i] - '0');
    }
    *value = result;
    return true;
}

bool clock_parse_iso(const char *text, int64_t *seconds)
{
    int year, month, day, hour = 0, minute = 0, second = 0;
    int64_t offset = 0;
    size_t len = strlen(text);
    if (len < 10 || !read_digits(text, 4, &year) || text[4] != '-' || !read_digits(text + 5, 2, &month) ||
        text[7] != '-' || !read_digits(text + 8, 2, &day))
        return false;
    if (len > 10) {
        if (text[10] != 'T' || len < 17 || !read_digits(text + 11, 2, &hour) || text[13] != ':' ||
            !read_digits(text + 14, 2, &minute))
            return false;
        size_t pos = 16;
        if (text[pos] == ':') {
            if (!read_digits(text + pos + 1, 2, &second))
                return false;
            pos += 3;
            /* a fraction of a second (what JavaScript's toISOString writes) is read and dropped */
            if (text[pos] == '.') {
                size_t digits = 0;
                while (text[pos + 1 + digits] >= '0' && text[pos + 1 + digits] <= '9' && digits < 9)
                    digits++;
                if (!digits)
                    return false;
                pos += 1 + digits;
            }
        }
        /* Z, or an offset from UTC (+03:00, -0500): the time is then that much ahead of or behind UTC */
        int offset_hours = 0, offset_minutes = 0, sign = 0;
        if (text[pos] == 'Z' && text[pos + 1] == '\0')
            sign = 0;
        else if ((text[pos] == '+' || text[pos] == '-') && read_digits(text + pos + 1, 2, &offset_hours) &&
                 ((text[pos + 3] == ':' && read_digits(text + pos + 4, 2, &offset_minutes) && text[pos + 6] == '\0') ||
                  (text[pos + 3] != ':' && read_digits(text + pos + 3, 2, &offset_minutes) && text[pos + 5] == '\0')) &&
                 offset_hours <= 14 && offset_minutes <= 59)
            sign = text[pos] == '+' ? 1 : -1;
        else
            return false;
        offset = sign * (offset_hours * 3600 + offset_minutes * 60);
    }
    if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
        return false;
    if (day > clock_month_days(year, month))
        return false;
    struct tm tm = {.tm_year = year - 1900,
                    .tm_mon = month - 1,
                    .tm_mday = day,
                    .tm_hour = hour,
                    .tm_min = minute,
                    .tm_sec = second};
    *seconds = (int64_t)timegm(&tm) - offset;
    return true;
}

int64_t clock_amman_day_start(const char *date)
{
    int64_t utc;
    if (!date || strlen(date) != 10 || !clock_parse_iso(date, &utc))
        return -1;
    return utc - CLOCK_AMMAN_OFFSET;
}

bool clock_amman_day_ending(int64_t at, char date[11])
{
    int64_t local = at + CLOCK_AMMAN_OFFSET;
    if (local % 86400 != 0)
        return false;
    char text[21];
    clock_format_iso(local - 86400, text);
    memcpy(date, text, 10);
    date[10] = '\0';
    return true;
}

int64_t clock_amman_months_after(const char *date, int64_t months)
{
    int year, month, day;
    if (clock_amman_day_start(date) < 0 || sscanf(date, "%4d-%2d-%2d", &year, &month, &day) != 3 || months < 0 ||
        months > 12 * 1000)
        return -1;
    int index = (month - 1) + (int)months;
    year += index / 12;
    month = index % 12 + 1;
    int last = clock_month_days(year, month);
    char text[16];
    snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day < last ? day : last);
    int64_t start = clock_amman_day_start(text);
    return start < 0 ? -1 : start + 86400;
}

/* The Amman date (YYYY-MM-DD) of a moment. */
void clock_amman_date(int64_t at, char date[11])
{
    char text[21];
    clock_format_iso(at + CLOCK_AMMAN_OFFSET, text);
    memcpy(date, text, 10);
    date[10] = '\0';
}

void clock_amman_today(char date[11])
{
    clock_amman_date(clock_now(), date);
}
