/* src/base/failpoint.c: in a build with -Dfailpoints=true, the Nth counted call fails once (or every call from it
 * on), only the kinds asked for are counted, and a failure leaves each module usable: the arena gives memory again,
 * a buffer keeps its data and tells out of memory from the limit, a statement runs again after its injected failure.
 * In a normal build FAILPOINT() is the constant false. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/failpoint.h"
#include "store/sql.h"
#include "temp_dir.h"

#ifdef TAKAMUL_FAILPOINTS

static void test_nth_arena_call_fails_once(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 0);
    failpoint_set(3, FAILPOINT_ARENA, false);
    assert_non_null(arena_alloc(&arena, 16));
    assert_non_null(arena_strdup(&arena, "x"));
    assert_null(arena_alloc(&arena, 16));
    assert_non_null(arena_alloc(&arena, 16));
    assert_int_equal(failpoint_count(), 4);
    assert_int_equal(failpoint_failures(), 1);
    failpoint_set(0, 0, false);
    arena_free(&arena);
}

static void test_persistent_failure_and_kinds(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 0);
    failpoint_set(2, FAILPOINT_ARENA, true);
    assert_non_null(arena_alloc(&arena, 1));
    for (int i = 0; i < 5; i++)
        assert_null(arena_alloc(&arena, 1));
    assert_int_equal(failpoint_failures(), 5);
    /* buffers are not counted when only the arena is */
    Buf buf;
    buf_init(&buf, 0);
    assert_int_equal(buf_append_str(&buf, "kept"), 0);
    assert_int_equal(failpoint_count(), 6);
    /* and counted when asked for */
    failpoint_set(1, FAILPOINT_BUF, false);
    assert_non_null(arena_alloc(&arena, 1));
    assert_int_equal(buf_append_str(&buf, " more"), -1);
    assert_int_equal(failpoint_count(), 1);
    failpoint_set(0, 0, false);
    buf_free(&buf);
    arena_free(&arena);
}

static void test_buffer_out_of_memory_is_not_over_limit(void **state)
{
    (void)state;
    Buf buf;
    buf_init(&buf, 100);
    failpoint_set(2, FAILPOINT_BUF, false);
    assert_int_equal(buf_append_str(&buf, "abc"), 0);
    assert_int_equal(buf_printf(&buf, "%d", 42), -1);
    assert_true(buf.failed);
    assert_false(buf.over_limit); /* a body that met this is not "too large" (413) but a server error */
    assert_string_equal(buf.data, "abc");
    failpoint_set(0, 0, false);
    buf_free(&buf);
}

/* One statement, always the same text (the seam caches statements by their text's address). */
static Query count_query(Db *db)
{
    return sql_query(db, "SELECT count(*) FROM governorates WHERE code <> :code");
}

static void test_statement_fails_then_runs_again(void **state)
{
    (void)state;
    TempDir temp;
    assert_int_equal(temp_dir_make(&temp), 0);
    char error[256];
    Db *db = NULL;
    assert_int_equal(store_open(temp_path(&temp, "failpoint.db"), STORE_OPEN_CREATE, &db, error), TK_OK);
    /* the prepare fails */
    failpoint_set(1, FAILPOINT_SQL, false);
    Query q = count_query(db);
    assert_int_equal(q.rc, TK_ERR_DB);
    sql_text(&q, ":code", "x");
    assert_false(sql_row(&q));
    assert_int_equal(sql_done(&q), TK_ERR_DB);
    /* the step fails: no row, the error kept, the statement reset for the next use */
    failpoint_set(2, FAILPOINT_SQL, false);
    q = count_query(db);
    sql_text(&q, ":code", "x");
    assert_false(sql_row(&q));
    assert_int_equal(sql_done(&q), TK_ERR_DB);
    q = count_query(db);
    sql_text(&q, ":code", "x");
    assert_true(sql_row(&q));
    assert_true(sql_col_int(&q, 0) > 0);
    assert_int_equal(sql_done(&q), TK_OK);
    /* a write that fails writes nothing */
    failpoint_set(1, FAILPOINT_SQL, false);
    Query w = sql_query(db, "INSERT INTO governorates (code, name_ar, name_en, position) VALUES (:code, 'أ', 'a', 99)");
    sql_text(&w, ":code", "fp-test");
    assert_int_equal(sql_exec(&w), TK_ERR_DB);
    failpoint_set(0, 0, false);
    Query check = sql_query(db, "SELECT count(*) FROM governorates WHERE code = 'fp-test'");
    assert_true(sql_row(&check));
    assert_int_equal(sql_col_int(&check, 0), 0);
    sql_done(&check);
    store_close(db);
    temp_dir_remove(&temp);
}

#else

static void test_normal_build_never_fails(void **state)
{
    (void)state;
    assert_false(FAILPOINT(FAILPOINT_ALL));
    Arena arena;
    arena_init(&arena, 0);
    for (int i = 0; i < 1000; i++)
        assert_non_null(arena_alloc(&arena, 8));
    arena_free(&arena);
}

#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
#ifdef TAKAMUL_FAILPOINTS
        cmocka_unit_test(test_nth_arena_call_fails_once),
        cmocka_unit_test(test_persistent_failure_and_kinds),
        cmocka_unit_test(test_buffer_out_of_memory_is_not_over_limit),
        cmocka_unit_test(test_statement_fails_then_runs_again),
#else
        cmocka_unit_test(test_normal_build_never_fails),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
