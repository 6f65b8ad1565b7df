/* src/store/sql.c: the statement helper. An unknown bind name is an error and nothing runs; 0 binds NULL
 * where asked; a unique clash is TK_ERR_EXISTS; statements are cached and come back with no bindings;
 * NULL text stays NULL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
    if (store_open(temp_path(&fixture.temp, "sql.db"), STORE_OPEN_CREATE, &fixture.db, error) != TK_OK)
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
static Query insert_query(Db *db)
{
    return sql_query(db, "INSERT INTO governorates (code, name_ar, name_en, position)"
                         " VALUES (:code, :name_ar, :name_en, :position)");
}

static Query null_query(Db *db)
{
    return sql_query(db, "SELECT :value IS NULL, :text");
}

static int64_t count_code(Db *db, const char *code)
{
    Query q = sql_query(db, "SELECT count(*) FROM governorates WHERE code = :code");
    sql_text(&q, ":code", code);
    int64_t count = sql_row(&q) ? sql_col_int(&q, 0) : -1;
    assert_int_equal(sql_done(&q), TK_OK);
    return count;
}

static void test_unknown_bind_name_is_an_error(void **state)
{
    Fixture *fixture = *state;
    Query q = insert_query(fixture->db);
    sql_text(&q, ":code", "test");
    sql_text(&q, ":name_ar", "اختبار");
    sql_text(&q, ":name_english", "Test"); /* misspelt */
    sql_int(&q, ":position", 99);
    assert_int_equal(sql_exec(&q), TK_ERR_INTERNAL);
    assert_int_equal(count_code(fixture->db, "test"), 0);
}

/* CHECK, NOT NULL and foreign-key failures are bad input, not database faults (extended codes are on). */
static void test_constraint_failures_are_invalid_input(void **state)
{
    Fixture *fixture = *state;
    Query check = sql_query(fixture->db, "INSERT INTO agencies VALUES ('xyz', 'a', 'b')");
    assert_int_equal(sql_exec(&check), TK_ERR_INVALID);
    Query not_null = sql_query(fixture->db, "INSERT INTO agencies VALUES ('mosd2', NULL, 'b')");
    assert_int_equal(sql_exec(&not_null), TK_ERR_INVALID);
    Query foreign = sql_query(fixture->db,
                              "INSERT INTO units (code, name_ar, name_en, type, agency, created_at, updated_at)"
                              " VALUES ('X1', 'a', 'b', 'shelter', 'nowhere', 0, 0)");
    assert_int_equal(sql_exec(&foreign), TK_ERR_INVALID);
}

static void test_insert_and_unique_clash(void **state)
{
    Fixture *fixture = *state;
    for (int round = 0; round < 2; round++) {
        Query q = insert_query(fixture->db);
        sql_text(&q, ":code", "test");
        sql_text(&q, ":name_ar", "اختبار");
        sql_text(&q, ":name_en", "Test");
        sql_int(&q, ":position", 99);
        assert_int_equal(sql_exec(&q), round == 0 ? TK_OK : TK_ERR_EXISTS);
        if (round == 0)
            assert_int_equal(sql_changes(fixture->db), 1);
    }
    assert_int_equal(count_code(fixture->db, "test"), 1);
}

static void test_statements_cached_without_old_bindings(void **state)
{
    Fixture *fixture = *state;
    Query first = null_query(fixture->db);
    sql_int(&first, ":value", 5);
    sql_text(&first, ":text", "kept?");
    assert_true(sql_row(&first));
    assert_int_equal(sql_col_int(&first, 0), 0);
    sql_done(&first);

    Query again = null_query(fixture->db);
    assert_ptr_equal(again.stmt, first.stmt); /* the same prepared statement */
    assert_true(sql_row(&again));             /* nothing bound this time: both NULL */
    assert_int_equal(sql_col_int(&again, 0), 1);
    Arena arena;
    arena_init(&arena, 0);
    assert_null(sql_col_text(&again, 1, &arena));
    sql_done(&again);
    arena_free(&arena);
}

static void test_int_or_null(void **state)
{
    Fixture *fixture = *state;
    const int64_t values[] = {0, 7, -1};
    const int64_t is_null[] = {1, 0, 0};
    for (int i = 0; i < 3; i++) {
        Query q = null_query(fixture->db);
        sql_int_or_null(&q, ":value", values[i]);
        sql_text(&q, ":text", NULL);
        assert_true(sql_row(&q));
        assert_int_equal(sql_col_int(&q, 0), is_null[i]);
        assert_int_equal(sql_done(&q), TK_OK);
    }
}

static void test_text_copied_into_arena(void **state)
{
    Fixture *fixture = *state;
    Query q = sql_query(fixture->db, "SELECT name_ar FROM governorates WHERE code = :code");
    sql_text(&q, ":code", "zarqa");
    Arena arena;
    arena_init(&arena, 0);
    assert_true(sql_row(&q));
    char *name = sql_col_text(&q, 0, &arena);
    assert_false(sql_row(&q));
    assert_int_equal(sql_done(&q), TK_OK);
    assert_string_equal(name, "الزرقاء"); /* still readable after the statement moved on */
    arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unknown_bind_name_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_constraint_failures_are_invalid_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_and_unique_clash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statements_cached_without_old_bindings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_int_or_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_copied_into_arena, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
