/* src/base/settings.c: defaults, settings_set (bounds, unknown names, text that is not a whole number),
 * settings_load_file (comments, spacing, errors naming the line) and settings_reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/settings.h"

static int reset(void **state)
{
    (void)state;
    settings_reset();
    return 0;
}

/* Writes text to a new temporary file whose name goes into path; the caller unlinks it. */
static void write_temp(char path[512], const char *text)
{
    const char *dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(path, 512, "%s/takamul-settings-XXXXXX", dir);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static void test_defaults(void **state)
{
    (void)state;
    assert_int_equal(settings_get(SET_THREADS), 4);
    assert_int_equal(settings_get(SET_MAX_BODY_BYTES), 65536);
    assert_int_equal(settings_get(SET_SESSION_IDLE_SECONDS), 1800);
    assert_int_equal(settings_get(SET_PASSWORD_MIN_LENGTH), 10);
    assert_int_equal(settings_get(SET_LOGIN_MAX_FAILURES), 10);
    for (int id = 0; id < SET_COUNT; id++) {
        assert_non_null(settings_name((SettingId)id));
        assert_non_null(settings_describe((SettingId)id));
    }
    assert_string_equal(settings_name(SET_THREADS), "threads");
}

static void test_set_within_bounds(void **state)
{
    (void)state;
    char error[256] = "";
    assert_int_equal(settings_set("threads", "16", error), 0);
    assert_int_equal(settings_get(SET_THREADS), 16);
    assert_int_equal(settings_set("threads", "1", error), 0); /* the minimum */
    assert_int_equal(settings_get(SET_THREADS), 1);
    assert_int_equal(settings_set("threads", "256", error), 0); /* the maximum */
    assert_int_equal(settings_get(SET_THREADS), 256);
    assert_int_equal(settings_set("audit_batch_microseconds", "0", error), 0);
    assert_int_equal(settings_get(SET_AUDIT_BATCH_MICROSECONDS), 0);
}

static void test_set_out_of_bounds(void **state)
{
    (void)state;
    char error[256] = "";
    assert_int_equal(settings_set("threads", "0", error), -1);
    assert_non_null(strstr(error, "threads"));
    assert_non_null(strstr(error, "1..256"));
    assert_int_equal(settings_set("threads", "257", error), -1);
    assert_int_equal(settings_set("password_min_length", "9", error), -1);
    assert_int_equal(settings_set("threads", "-4", error), -1);
    assert_int_equal(settings_set("threads", "99999999999999999999", error), -1);
    assert_int_equal(settings_get(SET_THREADS), 4);
    assert_int_equal(settings_get(SET_PASSWORD_MIN_LENGTH), 10);
}

static void test_set_unknown_name_and_non_numbers(void **state)
{
    (void)state;
    char error[256] = "";
    assert_int_equal(settings_set("thread", "8", error), -1);
    assert_non_null(strstr(error, "unknown setting 'thread'"));
    assert_int_equal(settings_set("THREADS", "8", error), -1);
    const char *bad[] = {"", "eight", "8x", "8.5", "0x10", "8 ", "1e2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        error[0] = '\0';
        if (settings_set("threads", bad[i], error) != -1)
            fail_msg("'%s' was accepted", bad[i]);
        assert_non_null(strstr(error, "not a whole number"));
    }
    assert_int_equal(settings_get(SET_THREADS), 4);
}

static void test_load_good_file(void **state)
{
    (void)state;
    char path[512];
    write_temp(path, "# Takamul settings\n"
                     "\n"
                     "threads = 8\n"
                     "  max_body_bytes=1048576  \r\n"
                     "\t# an indented comment\n"
                     "session_idle_seconds\t=\t600\n"
                     "token_days = 30");
    char error[256] = "";
    assert_int_equal(settings_load_file(path, error), 0);
    assert_int_equal(settings_get(SET_THREADS), 8);
    assert_int_equal(settings_get(SET_MAX_BODY_BYTES), 1048576);
    assert_int_equal(settings_get(SET_SESSION_IDLE_SECONDS), 600);
    assert_int_equal(settings_get(SET_TOKEN_DAYS), 30);
    unlink(path);
}

static void assert_load_fails_at(const char *text, const char *line_tag, const char *reason)
{
    char path[512];
    write_temp(path, text);
    char error[256] = "";
    assert_int_equal(settings_load_file(path, error), -1);
    char expected[600];
    snprintf(expected, sizeof expected, "%s%s", path, line_tag);
    if (!strstr(error, expected) || !strstr(error, reason))
        fail_msg("message '%s' lacks '%s' or '%s'", error, expected, reason);
    unlink(path);
}

static void test_load_bad_files_name_the_line(void **state)
{
    (void)state;
    assert_load_fails_at("threads = 8\n# fine\nthreads 9\n", ":3:", "expected name = value");
    assert_load_fails_at("\n\nthreads = 8\nno_such_thing = 1\n", ":4:", "unknown setting");
    assert_load_fails_at("threads = lots\n", ":1:", "not a whole number");
    assert_load_fails_at("# ok\nthreads = 1000\n", ":2:", "outside");
}

static void test_load_missing_file(void **state)
{
    (void)state;
    char error[256] = "";
    assert_int_equal(settings_load_file("/nonexistent-dir/takamul.conf", error), -1);
    assert_non_null(strstr(error, "cannot open"));
}

static void test_reset_returns_to_defaults(void **state)
{
    (void)state;
    char error[256];
    assert_int_equal(settings_set("threads", "32", error), 0);
    assert_int_equal(settings_set("login_lock_seconds", "60", error), 0);
    settings_reset();
    assert_int_equal(settings_get(SET_THREADS), 4);
    assert_int_equal(settings_get(SET_LOGIN_LOCK_SECONDS), 900);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_defaults, reset),
        cmocka_unit_test_setup(test_set_within_bounds, reset),
        cmocka_unit_test_setup(test_set_out_of_bounds, reset),
        cmocka_unit_test_setup(test_set_unknown_name_and_non_numbers, reset),
        cmocka_unit_test_setup(test_load_good_file, reset),
        cmocka_unit_test_setup(test_load_bad_files_name_the_line, reset),
        cmocka_unit_test_setup(test_load_missing_file, reset),
        cmocka_unit_test_setup(test_reset_returns_to_defaults, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
