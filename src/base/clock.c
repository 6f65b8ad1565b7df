#include "base/clock.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int64_t clock_fixed;

int64_t clock_now(void)
{
    int64_t fixed = atomic_load(&clock_fixed);
    return fixed ? fixed : (int64_t)time(NULL);
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
    if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 ||
        second > 59)
        return false;
    if (day > clock_month_days(year, month))
        return false;
    struct tm tm = {.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day,
                    .tm_hour = hour, .tm_min = minute, .tm_sec = second};
    *seconds = (int64_t)timegm(&tm) - offset;
    return true;
}
