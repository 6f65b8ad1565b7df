/* src/doc/csv.c: a UTF-8 byte order mark first, RFC 4180 quoting, and no cell a spreadsheet would take for a
 * formula. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "doc/table.h"

static char *cell(const char *text, char *out, size_t size)
{
    Buf buf;
    buf_init(&buf, 1024);
    assert_int_equal(doc_csv_cell(text, &buf), TK_OK);
    size_t len;
    char *data = buf_detach(&buf, &len);
    snprintf(out, size, "%.*s", (int)len, data ? data : "");
    free(data);
    return out;
}

static void test_cells(void **state)
{
    (void)state;
    char out[128];
    assert_string_equal(cell("عمان", out, sizeof out), "عمان");
    assert_string_equal(cell("12", out, sizeof out), "12");
    assert_string_equal(cell("<5", out, sizeof out), "<5");
    assert_string_equal(cell("a,b", out, sizeof out), "\"a,b\"");
    assert_string_equal(cell("say \"hi\"", out, sizeof out), "\"say \"\"hi\"\"\"");
    assert_string_equal(cell("line\nbreak", out, sizeof out), "\"line\nbreak\"");
    /* formulas and their leads: = + - @ tab carriage return */
    assert_string_equal(cell("=HYPERLINK(\"x\")", out, sizeof out), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_string_equal(cell("+1", out, sizeof out), "\"'+1\"");
    assert_string_equal(cell("-1", out, sizeof out), "\"'-1\"");
    assert_string_equal(cell("@SUM(A1)", out, sizeof out), "\"'@SUM(A1)\"");
    assert_string_equal(cell("\tx", out, sizeof out), "\"'\tx\"");
    assert_string_equal(cell("\rx", out, sizeof out), "\"'\rx\"");
    assert_string_equal(cell("", out, sizeof out), "");
    assert_string_equal(cell(NULL, out, sizeof out), "");
}

static void test_table(void **state)
{
    (void)state;
    const char *header[] = {"المحافظة", "العدد"};
    const char *cells[] = {"عمان", "12", "=1+1", "<5"};
    DocTable t = {.name = "s", .column_count = 2, .row_count = 2, .header = header, .cells = cells};
    Buf buf;
    buf_init(&buf, 4096);
    assert_int_equal(doc_csv(&t, &buf), TK_OK);
    size_t len;
    char *data = buf_detach(&buf, &len);
    const char *expected = "\xEF\xBB\xBF"
                           "المحافظة,العدد\r\nعمان,12\r\n\"'=1+1\",<5\r\n";
    assert_int_equal(len, strlen(expected));
    assert_memory_equal(data, expected, len);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
