/* src/store/sql_rows.c: a write of one row answers the caller's error when it changed none; a page's size is the
 * one asked when it is in range, else the default. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/err.h"
#include "store/sql.h"
#include "temp_dir.h"

typedef struct {
    TempDir temp;
    Db *db;
} Fixture;

static int setup(void **state)
{
    static Fixture fixture;
    if (temp_dir_make(&fixture.temp) != 0)
        return -1;
    char error[256];
    if (store_open(temp_path(&fixture.temp, "sql_rows.db"), STORE_OPEN_CREATE, &fixture.db, error) != TK_OK)
        return -1;
    *state = &fixture;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fixture = *state;
    store_close(fixture->db);
    temp_dir_remove(&fixture->temp);
    return 0;
}

/* Each statement has one call site: the cache knows a statement by the address of its text. */
static int rename_governorate(Db *db, const char *code, const char *name, int none)
{
    Query q = sql_query(db, "UPDATE governorates SET name_en = :name WHERE code = :code");
    sql_text(&q, ":name", name);
    sql_text(&q, ":code", code);
    return sql_exec_one(&q, none);
}

static void test_exec_one_changed_a_row(void **state)
{
    Fixture *fixture = *state;
    Query insert = sql_query(fixture->db, "INSERT INTO governorates (code, name_ar, name_en, position)"
                                          " VALUES ('test', 'اختبار', 'Test', 99)");
    assert_int_equal(sql_exec(&insert), TK_OK);
    assert_int_equal(rename_governorate(fixture->db, "test", "Tested", TK_ERR_NOT_FOUND), TK_OK);
}

static void test_exec_one_changed_none(void **state)
{
    Fixture *fixture = *state;
    assert_int_equal(rename_governorate(fixture->db, "none", "x", TK_ERR_NOT_FOUND), TK_ERR_NOT_FOUND);
    assert_int_equal(rename_governorate(fixture->db, "none", "x", TK_ERR_CONFLICT), TK_ERR_CONFLICT);
}

static void test_exec_one_passes_errors_on(void **state)
{
    Fixture *fixture = *state;
    Query q = sql_query(fixture->db, "UPDATE governorates SET name_en = :name WHERE code = :code");
    sql_text(&q, ":name", "x");
    sql_text(&q, ":no_such_name", "x"); /* an unknown bind name is an error, not a missing row */
    assert_int_equal(sql_exec_one(&q, TK_ERR_NOT_FOUND), TK_ERR_INTERNAL);
}

static void test_page_limit(void **state)
{
    (void)state;
    assert_int_equal(sql_page_limit(0, 500), SQL_PAGE_DEFAULT);
    assert_int_equal(sql_page_limit(-3, 500), SQL_PAGE_DEFAULT);
    assert_int_equal(sql_page_limit(1, 500), 1);
    assert_int_equal(sql_page_limit(200, 200), 200);
    assert_int_equal(sql_page_limit(201, 200), SQL_PAGE_DEFAULT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_exec_one_changed_a_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_one_changed_none, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_one_passes_errors_on, setup, teardown),
        cmocka_unit_test(test_page_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
