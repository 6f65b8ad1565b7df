/* src/domain/core/context.h: DOMAIN_TRANSACTION commits when its body succeeds and rolls back when it fails, and
 * commits nothing once the request's arena has failed, before the body or during it: a value copied as NULL there
 * would be written as absent (a note without its text, a study section emptied). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/core/context.h"
#include "store/sql.h"
#include "temp_dir.h"

typedef struct {
    TempDir temp;
    Db *db;
    Arena arena;
    Ctx ctx;
} Fixture;

static int setup(void **state)
{
    static Fixture fixture;
    memset(&fixture, 0, sizeof fixture);
    if (temp_dir_make(&fixture.temp) != 0)
        return -1;
    char error[256];
    if (store_open(temp_path(&fixture.temp, "context.db"), STORE_OPEN_CREATE, &fixture.db, error) != TK_OK)
        return -1;
    arena_init(&fixture.arena, 0);
    fixture.ctx = (Ctx){.db = fixture.db, .arena = &fixture.arena};
    *state = &fixture;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fixture = *state;
    arena_free(&fixture->arena);
    store_close(fixture->db);
    temp_dir_remove(&fixture->temp);
    return 0;
}

static int insert(Ctx *ctx, const char *code)
{
    Query q = sql_query(
        ctx->db, "INSERT INTO governorates (code, name_ar, name_en, position) VALUES (:code, 'محافظة', 'test', 90)");
    sql_text(&q, ":code", code);
    return sql_exec(&q);
}

static bool exists(Db *db, const char *code)
{
    Query q = sql_query(db, "SELECT count(*) FROM governorates WHERE code = :code");
    sql_text(&q, ":code", code);
    bool found = sql_row(&q) && sql_col_int(&q, 0) == 1;
    sql_done(&q);
    return found;
}

static void test_commits_or_rolls_back(void **state)
{
    Fixture *f = *state;
    int rc;
    DOMAIN_TRANSACTION(&f->ctx, rc, rc = insert(&f->ctx, "t-ok"));
    assert_int_equal(rc, TK_OK);
    assert_true(exists(f->db, "t-ok"));
    DOMAIN_TRANSACTION(&f->ctx, rc, if ((rc = insert(&f->ctx, "t-undone")) == TK_OK) rc = TK_ERR_INVALID);
    assert_int_equal(rc, TK_ERR_INVALID);
    assert_false(exists(f->db, "t-undone"));
}

static void test_nothing_written_once_the_arena_failed(void **state)
{
    Fixture *f = *state;
    int rc;
    /* before the transaction: it does not begin */
    assert_null(arena_alloc(&f->arena, SIZE_MAX));
    bool ran = false;
    DOMAIN_TRANSACTION(&f->ctx, rc, ran = true; rc = insert(&f->ctx, "t-before"));
    assert_int_equal(rc, TK_ERR_NOMEM);
    assert_false(ran);
    assert_false(exists(f->db, "t-before"));
    /* during it: rolled back although the body succeeded */
    arena_reset(&f->arena);
    DOMAIN_TRANSACTION(&f->ctx, rc, if ((rc = insert(&f->ctx, "t-during")) == TK_OK) arena_alloc(&f->arena, SIZE_MAX));
    assert_int_equal(rc, TK_ERR_NOMEM);
    assert_false(exists(f->db, "t-during"));
    assert_false(store_in_transaction(f->db));
    /* a context without an arena (some command-line tools) is not refused */
    Ctx bare = {.db = f->db};
    DOMAIN_TRANSACTION(&bare, rc, rc = insert(&bare, "t-bare"));
    assert_int_equal(rc, TK_OK);
    assert_true(exists(f->db, "t-bare"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_commits_or_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_written_once_the_arena_failed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
