/* src/base/clock.c: ISO-8601 parsing (dates, times, leap years, impossible dates, malformed text),
 * formatting and the round trip between the two, and the fixed clock for tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "base/clock.h"

static void assert_parses(const char *text, int64_t expected)
{
    int64_t seconds = -1;
    if (!clock_parse_iso(text, &seconds))
        fail_msg("'%s' was refused", text);
    assert_int_equal(seconds, expected);
}

static void assert_refused(const char *text)
{
    int64_t seconds = 12345;
    if (clock_parse_iso(text, &seconds))
        fail_msg("'%s' was accepted", text);
}

static void test_accepts_offsets(void **state)
{
    (void)state;
    /* 23:30 in Amman on 1 December is 20:30 UTC */
    assert_parses("2026-12-01T23:30:00+03:00", 1796157000);
    assert_parses("2026-12-01T20:30:00Z", 1796157000);
    assert_parses("2026-12-01T23:30+0300", 1796157000);
    assert_parses("2026-12-01T15:30:00-05:00", 1796157000);
    assert_parses("2026-12-02T02:00:00+05:30", 1796157000);
    assert_parses("2026-12-01T23:30:00.123+03:00", 1796157000);
    assert_parses("2026-12-01T20:30:00.5Z", 1796157000);
    assert_refused("2026-12-01T20:30:00.Z");
    assert_refused("2026-12-01T20:30:00.1234567890Z");
    assert_refused("2026-12-01T23:30:00+3:00");
    assert_refused("2026-12-01T23:30:00+03:");
    assert_refused("2026-12-01T23:30:00+03:00Z");
    assert_refused("2026-12-01T23:30:00+15:00");
    assert_refused("2026-12-01T23:30:00+03:60");
    assert_refused("2026-12-01T23:30:00+");
}

static void test_accepts_dates_and_times(void **state)
{
    (void)state;
    /* expected values from `date -u -d ... +%s` */
    assert_parses("2026-02-28", 1772236800);
    assert_parses("2024-02-29T10:00Z", 1709200800);
    assert_parses("2026-11-29T04:33:10Z", 1795926790);
    assert_parses("2000-02-29", 951782400); /* divisible by 400: a leap year */
    assert_parses("1970-01-01T00:00:00Z", 0);
    assert_parses("2026-12-31T23:59:59Z", 1798761599);
}

static void test_refuses_impossible_dates(void **state)
{
    (void)state;
    assert_refused("2026-02-29"); /* not a leap year */
    assert_refused("1900-02-29"); /* divisible by 100 but not 400 */
    assert_refused("2026-13-01");
    assert_refused("2026-00-10");
    assert_refused("2026-04-31");
    assert_refused("2026-06-00");
    assert_refused("2026-01-32");
    assert_refused("2026-01-01T24:00Z");
    assert_refused("2026-01-01T23:60Z");
    assert_refused("2026-01-01T23:59:60Z");
    /* years outside 1900..2999 are taken as typing mistakes */
    assert_refused("0000-01-01");
    assert_refused("1899-12-31");
    assert_refused("3000-01-01");
}

static void test_refuses_malformed_text(void **state)
{
    (void)state;
    assert_refused("");
    assert_refused("2026-1-01");
    assert_refused("2026-01-1");
    assert_refused("26-01-01");
    assert_refused("2026/01/01");
    assert_refused("2026-01-01 ");
    assert_refused("2026-01-01x");
    assert_refused("2026-02-28junk");
    assert_refused("2026-01-01T10:00");       /* missing Z */
    assert_refused("2026-01-01T10:00:00");    /* missing Z */
    assert_refused("2026-01-01T10:00:00+03"); /* an offset without its minutes */
    assert_refused("2026-01-01T10:00Zjunk");
    assert_refused("2026-01-01T10:00:00Z ");
    assert_refused("2026-01-01T10Z");
    assert_refused("2026-01-01T1:00Z");
    assert_refused("2026-01-01T10:00:0Z");
    assert_refused("2026-01-01 10:00Z");
    assert_refused("+026-01-01");
    assert_refused("-026-01-01");
}

static void test_format_and_round_trip(void **state)
{
    (void)state;
    char text[21];
    clock_format_iso(0, text);
    assert_string_equal(text, "1970-01-01T00:00:00Z");
    clock_format_iso(1795926790, text);
    assert_string_equal(text, "2026-11-29T04:33:10Z");
    const int64_t samples[] = {0, 951782400, 1709200800, 1772236799, 1795926790, 4102444799};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        clock_format_iso(samples[i], text);
        int64_t back = -1;
        assert_true(clock_parse_iso(text, &back));
        assert_int_equal(back, samples[i]);
    }
}

static void test_month_days(void **state)
{
    (void)state;
    assert_int_equal(clock_month_days(2026, 1), 31);
    assert_int_equal(clock_month_days(2026, 2), 28);
    assert_int_equal(clock_month_days(2028, 2), 29);
    assert_int_equal(clock_month_days(2100, 2), 28);
    assert_int_equal(clock_month_days(2000, 2), 29);
    assert_int_equal(clock_month_days(2026, 6), 30);
    assert_int_equal(clock_month_days(2026, 0), 0);
    assert_int_equal(clock_month_days(2026, 13), 0);
}

static void test_fixed_clock(void **state)
{
    (void)state;
    clock_set_fixed(1709200800);
    assert_int_equal(clock_now(), 1709200800);
    assert_int_equal(clock_now(), 1709200800);
    clock_set_fixed(0);
    int64_t now = clock_now();
    int64_t real = (int64_t)time(NULL);
    assert_true(now >= real - 2 && now <= real + 2);
}

/* Days in Amman (UTC+3): 23:30 in Amman is still that day, 21:00 UTC is already the next; a date's day starts at
 * 21:00 UTC the day before and a deadline at that midnight belongs to the day that ends. */
/* The second clock_now gives is never before the second a precise clock gave just before it: time() reads a coarse
 * clock that lags at each second's turn, so that a record stamped by it could be older than the moment a client (or
 * the audit's microseconds) saw before asking. Reads across at least two turns of the second. */
static void test_now_never_behind_the_precise_clock(void **state)
{
    (void)state;
    struct timespec start, before;
    clock_gettime(CLOCK_REALTIME, &start);
    long behind = 0;
    do {
        clock_gettime(CLOCK_REALTIME, &before);
        behind += clock_now() < (int64_t)before.tv_sec;
    } while (before.tv_sec < start.tv_sec + 2);
    assert_int_equal(behind, 0);
}

static void test_amman_days(void **state)
{
    (void)state;
    char date[11];
    int64_t t;
    assert_true(clock_parse_iso("2028-02-28T20:30:00Z", &t));
    clock_amman_date(t, date);
    assert_string_equal(date, "2028-02-28");
    assert_true(clock_parse_iso("2028-02-28T21:00:00Z", &t));
    clock_amman_date(t, date);
    assert_string_equal(date, "2028-02-29");
    assert_int_equal(clock_amman_day_start("2028-02-29"), t);
    assert_int_equal(clock_amman_day_start("2028-02-30"), -1);
    assert_int_equal(clock_amman_day_start("2028-2-3"), -1);
    assert_true(clock_amman_day_ending(t, date));
    assert_string_equal(date, "2028-02-28");
    assert_false(clock_amman_day_ending(t + 1, date));
    clock_set_fixed(t);
    clock_amman_today(date);
    assert_string_equal(date, "2028-02-29");
    clock_set_fixed(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_dates_and_times),
        cmocka_unit_test(test_month_days),
        cmocka_unit_test(test_accepts_offsets),
        cmocka_unit_test(test_refuses_impossible_dates),
        cmocka_unit_test(test_refuses_malformed_text),
        cmocka_unit_test(test_format_and_round_trip),
        cmocka_unit_test(test_fixed_clock),
        cmocka_unit_test(test_amman_days),
        cmocka_unit_test(test_now_never_behind_the_precise_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
