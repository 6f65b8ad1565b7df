/* src/base/buf.c: appends and printf growing the buffer, the size limit (a failed append leaves the data as
 * it was and marks the buffer failed), detaching the storage, and reuse after buf_free. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"

static void test_append_grows_and_keeps_content(void **state)
{
    (void)state;
    Buf buf;
    buf_init(&buf, 0);
    assert_int_equal(buf_append_str(&buf, ""), 0);
    assert_non_null(buf.data);
    assert_string_equal(buf.data, "");
    for (int i = 0; i < 1000; i++)
        assert_int_equal(buf_append(&buf, "0123456789", 10), 0);
    assert_int_equal(buf.len, 10000);
    assert_true(buf.cap > buf.len);
    assert_int_equal(buf.data[buf.len], '\0');
    for (size_t i = 0; i < buf.len; i++)
        assert_int_equal(buf.data[i], '0' + (int)(i % 10));
    assert_false(buf.failed);
    buf_free(&buf);
    assert_null(buf.data);
    assert_int_equal(buf.len, 0);
}

static void test_append_binary_with_nul(void **state)
{
    (void)state;
    Buf buf;
    buf_init(&buf, 0);
    assert_int_equal(buf_append(&buf, "a\0b", 3), 0);
    assert_int_equal(buf.len, 3);
    assert_memory_equal(buf.data, "a\0b", 4);
    buf_free(&buf);
}

static void test_printf_grows(void **state)
{
    (void)state;
    Buf buf;
    buf_init(&buf, 0);
    assert_int_equal(buf_printf(&buf, "%s=%d;", "count", 12), 0);
    assert_string_equal(buf.data, "count=12;");
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(buf_printf(&buf, "[%s]", big), 0);
    assert_int_equal(buf.len, 9 + 2 + sizeof big - 1);
    assert_int_equal(strncmp(buf.data, "count=12;[xxx", 13), 0);
    assert_int_equal(buf.data[buf.len - 1], ']');
    assert_int_equal(buf.data[buf.len], '\0');
    buf_free(&buf);
}

static void test_limit_enforced(void **state)
{
    (void)state;
    Buf buf;
    buf_init(&buf, 10);
    assert_int_equal(buf_append_str(&buf, "12345"), 0);
    assert_int_equal(buf_append_str(&buf, "67890"), 0); /* exactly at the limit */
    assert_int_equal(buf.len, 10);
    assert_false(buf.failed);
    assert_int_equal(buf_append_str(&buf, "X"), -1);
    assert_true(buf.failed);
    assert_true(buf.over_limit); /* the limit, not memory: the server answers 413, not 500 */
    assert_int_equal(buf.len, 10);
    assert_string_equal(buf.data, "1234567890");
    /* once failed, later appends fail too, even empty ones */
    assert_int_equal(buf_append(&buf, "", 0), -1);
    assert_string_equal(buf.data, "1234567890");
    buf_free(&buf);
    assert_int_equal(buf.limit, 10);
    assert_false(buf.failed);
    assert_false(buf.over_limit);
}

static void test_limit_enforced_for_printf(void **state)
{
    (void)state;
    Buf buf;
    buf_init(&buf, 8);
    assert_int_equal(buf_printf(&buf, "%d", 1234), 0);
    assert_int_equal(buf_printf(&buf, "%s", "56789"), -1);
    assert_true(buf.failed);
    assert_int_equal(buf.len, 4);
    assert_string_equal(buf.data, "1234");
    buf_free(&buf);
}

static void test_detach_hands_over_storage(void **state)
{
    (void)state;
    Buf buf;
    buf_init(&buf, 100);
    buf_printf(&buf, "hello %s", "world");
    size_t len = 0;
    char *data = buf_detach(&buf, &len);
    assert_int_equal(len, 11);
    assert_string_equal(data, "hello world");
    assert_null(buf.data);
    assert_int_equal(buf.len, 0);
    assert_int_equal(buf.cap, 0);
    assert_int_equal(buf.limit, 100);
    /* the buffer is empty and usable; the detached storage is ours */
    assert_int_equal(buf_append_str(&buf, "again"), 0);
    assert_string_equal(buf.data, "again");
    assert_string_equal(data, "hello world");
    free(data);
    buf_free(&buf);

    Buf empty;
    buf_init(&empty, 0);
    assert_null(buf_detach(&empty, NULL));
}

static void test_read_file(void **state)
{
    (void)state;
    char path[] = "/tmp/takamul-buf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] = "سطر أول\nsecond line\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (int)(sizeof text - 1));
    close(fd);
    Buf buf;
    buf_init(&buf, 0);
    assert_int_equal(buf_read_file(&buf, path), 0);
    assert_int_equal(buf.len, sizeof text - 1);
    assert_memory_equal(buf.data, text, sizeof text - 1);
    buf_free(&buf);
    buf_init(&buf, 8); /* a file past the limit is refused */
    assert_int_equal(buf_read_file(&buf, path), -1);
    buf_free(&buf);
    unlink(path);
    buf_init(&buf, 0);
    assert_int_equal(buf_read_file(&buf, path), -1); /* missing */
    buf_free(&buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_grows_and_keeps_content),
        cmocka_unit_test(test_append_binary_with_nul),
        cmocka_unit_test(test_printf_grows),
        cmocka_unit_test(test_limit_enforced),
        cmocka_unit_test(test_limit_enforced_for_printf),
        cmocka_unit_test(test_detach_hands_over_storage),
        cmocka_unit_test(test_read_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
