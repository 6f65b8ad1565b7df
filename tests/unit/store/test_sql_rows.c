/* src/store/sql_rows.c: a write of one row answers the caller's error when it changed none; a page's size is the
 * one asked when it is in range, else the default; a kind of record (SqlRecord) is read by its field table, with a
 * person's full name composed, listed and got one call each; parameters bound from one table (SQL_ARGS), 0 of an id
 * as NULL; a record's stamps; some fields of a record filled from one row, left as they were when there is none; a
 * versioned update that stamps its record, told apart when stale or missing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "base/clock.h"
#include "store/sql.h"
#include "text/arabic.h"
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

typedef struct {
    char *code, *name_en;
    int64_t position;
    bool high;
} Governorate;
SQL_RECORD(GOVERNORATE, Governorate, code, name_en, position, high);

static void test_list_and_get_by_fields(void **state)
{
    Fixture *fixture = *state;
    Arena arena;
    arena_init(&arena, 0);
    Governorate *items = NULL;
    int count = -1;
    assert_int_equal(sql_list(fixture->db, &GOVERNORATE,
                              "SELECT code, name_en, position, CASE WHEN position > :from THEN 1 ELSE 0 END"
                              " FROM governorates WHERE position >= :from ORDER BY position",
                              2, &arena, &items, &count, SQL_ARGS(SQL_INT(":from", 10))),
                     TK_OK);
    assert_int_equal(count, 2); /* three from the tenth on, two at the most */
    assert_int_equal(items[0].position, 10);
    assert_false(items[0].high);
    assert_true(items[1].high);
    assert_non_null(items[1].code);
    Governorate one = {.position = -1};
    assert_int_equal(sql_get_by(fixture->db, &GOVERNORATE,
                                "SELECT code, name_en, position, 0 FROM governorates WHERE position = :position",
                                ":position", 1, &arena, &one),
                     TK_OK);
    assert_int_equal(one.position, 1);
    assert_non_null(one.name_en);
    assert_int_equal(sql_get(fixture->db, &GOVERNORATE,
                             "SELECT code, name_en, position, 0 FROM governorates WHERE code = :code", &arena, &one,
                             SQL_ARGS(SQL_TEXT(":code", "nowhere"))),
                     TK_ERR_NOT_FOUND);
    assert_null(one.code); /* zeroed, not left as it was */
    assert_int_equal(one.position, 0);
    arena_free(&arena);
}

static void test_get_fields_by(void **state)
{
    Fixture *fixture = *state;
    Arena arena;
    arena_init(&arena, 0);
    Governorate g = {.code = "kept", .position = -1};
    assert_int_equal(sql_get_fields_by(fixture->db, "SELECT name_en, position FROM governorates WHERE position = :at",
                                       ":at", 1, &arena, &g, SQL_FIELDS(Governorate, name_en, position)),
                     TK_OK);
    assert_int_equal(g.position, 1);
    assert_non_null(g.name_en);
    assert_string_equal(g.code, "kept"); /* a field not asked for is not touched */
    char *name = g.name_en;
    assert_int_equal(sql_get_fields_by(fixture->db, "SELECT name_en, position FROM governorates WHERE position = :at",
                                       ":at", 1000, &arena, &g, SQL_FIELDS(Governorate, name_en, position)),
                     TK_OK); /* no row: not an error, and nothing changed */
    assert_ptr_equal(g.name_en, name);
    assert_int_equal(g.position, 1);
    arena_free(&arena);
}

typedef struct {
    int64_t id, version, updated_by, updated_at;
} Stamped;

/* One call site per statement (the cache knows a statement by the address of its text). */
static int update_stamped(Db *db, Stamped *s, int64_t by)
{
    Query q = sql_query(db, "UPDATE stamped SET updated_by = :by, updated_at = :now, version = version + 1"
                            " WHERE id = :id AND version = :version");
    return sql_update_stamped_or_missing(&q, "SELECT 1 FROM stamped WHERE id = :id", by, s->id, &s->version,
                                         &s->updated_by, &s->updated_at);
}

/* A record that keeps when it was written but not by whom. */
static int update_time_only(Db *db, Stamped *s)
{
    Query q = sql_query(db, "UPDATE stamped SET updated_at = :now, version = version + 1"
                            " WHERE id = :id AND version = :version");
    return sql_update_stamped(&q, 42, s->id, &s->version, NULL, &s->updated_at);
}

static void test_update_stamped(void **state)
{
    Fixture *fixture = *state;
    Query create = sql_query(fixture->db, "CREATE TEMP TABLE stamped (id INTEGER PRIMARY KEY, version INTEGER NOT NULL,"
                                          " updated_by INTEGER, updated_at INTEGER)");
    assert_int_equal(sql_exec(&create), TK_OK);
    Query insert = sql_query(fixture->db, "INSERT INTO stamped (id, version) VALUES (1, 1)");
    assert_int_equal(sql_exec(&insert), TK_OK);
    int64_t before = clock_now();
    Stamped s = {.id = 1, .version = 1};
    assert_int_equal(update_stamped(fixture->db, &s, 42), TK_OK);
    assert_int_equal(s.version, 2);
    assert_int_equal(s.updated_by, 42);
    assert_true(s.updated_at >= before);
    Query row = sql_query(fixture->db, "SELECT version, updated_by, updated_at FROM stamped WHERE id = 1");
    assert_true(sql_row(&row));
    assert_int_equal(sql_col_int(&row, 0), 2);
    assert_int_equal(sql_col_int(&row, 1), 42);
    assert_int_equal(sql_col_int(&row, 2), s.updated_at); /* the record holds the time written */
    assert_int_equal(sql_done(&row), TK_OK);
    Stamped stale = {.id = 1, .version = 1, .updated_by = 5, .updated_at = 6};
    assert_int_equal(update_stamped(fixture->db, &stale, 43), TK_ERR_CONFLICT);
    assert_int_equal(stale.version, 1); /* nothing moves when it fails */
    assert_int_equal(stale.updated_by, 5);
    assert_int_equal(stale.updated_at, 6);
    Stamped missing = {.id = 2, .version = 1};
    assert_int_equal(update_stamped(fixture->db, &missing, 43), TK_ERR_NOT_FOUND);
    assert_int_equal(missing.version, 1);
    Stamped nobody = {.id = 1, .version = 2};
    assert_int_equal(update_stamped(fixture->db, &nobody, 0), TK_OK);
    Query by = sql_query(fixture->db, "SELECT updated_by IS NULL FROM stamped WHERE id = 1");
    assert_true(sql_row(&by));
    assert_int_equal(sql_col_int(&by, 0), 1); /* 0 binds NULL */
    assert_int_equal(sql_done(&by), TK_OK);
    Stamped timed = {.id = 1, .version = 3, .updated_by = 5};
    assert_int_equal(update_time_only(fixture->db, &timed), TK_OK); /* no :by bound: the statement names none */
    assert_int_equal(timed.version, 4);
    assert_int_equal(timed.updated_by, 5);
    assert_true(timed.updated_at >= before);
    Stamped absent = {.id = 2, .version = 1};
    assert_int_equal(update_time_only(fixture->db, &absent), TK_ERR_CONFLICT); /* missing or stale, told alike */
}

typedef struct {
    int64_t id;
    char *person_name, *sex;
} Named;
SQL_RECORD_NAMED(NAMED, Named, (id), person_name, (sex));

static void test_record_with_a_full_name(void **state)
{
    Fixture *fixture = *state;
    Arena arena;
    arena_init(&arena, 0);
    Named named;
    assert_int_equal(sql_get(fixture->db, &NAMED, "SELECT :id, 'سارة', 'محمد', NULL, 'العبادي', 'female' WHERE :id > 0",
                             &arena, &named, SQL_ARGS(SQL_INT(":id", 7))),
                     TK_OK);
    assert_int_equal(named.id, 7);
    assert_string_equal(named.person_name, "سارة محمد العبادي");
    assert_string_equal(named.sex, "female");
    arena_free(&arena);
}

static void test_args_and_runs(void **state)
{
    Fixture *fixture = *state;
    /* an id of 0 binds NULL, a number 0 binds 0, text NULL binds NULL */
    Query q = sql_query(fixture->db, "SELECT :none IS NULL, :zero IS NULL, :text IS NULL, :name");
    sql_bind_args(&q,
                  SQL_ARGS(SQL_ID(":none", 0), SQL_INT(":zero", 0), SQL_TEXT(":text", NULL), SQL_TEXT(":name", "x")));
    assert_true(sql_row(&q));
    assert_int_equal(sql_col_int(&q, 0), 1);
    assert_int_equal(sql_col_int(&q, 1), 0);
    assert_int_equal(sql_col_int(&q, 2), 1);
    assert_string_equal(sql_col_text_ref(&q, 3), "x");
    assert_int_equal(sql_done(&q), TK_OK);
    assert_int_equal(sql_run(fixture->db,
                             "INSERT INTO governorates (code, name_ar, name_en, position)"
                             " VALUES (:code, :code, :code, :position)",
                             SQL_ARGS(SQL_TEXT(":code", "run"), SQL_INT(":position", 98))),
                     TK_OK);
    assert_int_equal(sql_run_one(fixture->db, "UPDATE governorates SET position = :position WHERE code = :code",
                                 TK_ERR_NOT_FOUND, SQL_ARGS(SQL_INT(":position", 97), SQL_TEXT(":code", "none"))),
                     TK_ERR_NOT_FOUND);
    assert_int_equal(sql_run_one(fixture->db, "UPDATE governorates SET position = :position WHERE code = :code",
                                 TK_ERR_NOT_FOUND, SQL_ARGS(SQL_INT(":position", 97), SQL_TEXT(":code", "run"))),
                     TK_OK);
    /* an unknown parameter is an error, whichever way it is bound */
    assert_int_equal(sql_run(fixture->db, "DELETE FROM governorates WHERE code = :code",
                             SQL_ARGS(SQL_TEXT(":code", "run"), SQL_INT(":no_such_name", 1))),
                     TK_ERR_INTERNAL);
}

static void test_stamps(void **state)
{
    (void)state;
    int64_t at = 0, who = 0, updated_at = 0, version = 0;
    int64_t before = clock_now();
    int64_t now = sql_stamp_new(42, &at, &who, &updated_at, &version);
    assert_true(now >= before);
    assert_int_equal(at, now);
    assert_int_equal(updated_at, now);
    assert_int_equal(who, 42);
    assert_int_equal(version, 1);
    at = who = 0;
    int64_t stamped = sql_stamp(7, &at, NULL);
    assert_int_equal(stamped, at);
    assert_true(at >= now);
    assert_int_equal(who, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_exec_one_changed_a_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_one_changed_none, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_one_passes_errors_on, setup, teardown),
        cmocka_unit_test(test_page_limit),
        cmocka_unit_test_setup_teardown(test_list_and_get_by_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_with_a_full_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_args_and_runs, setup, teardown),
        cmocka_unit_test(test_stamps),
        cmocka_unit_test_setup_teardown(test_get_fields_by, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_stamped, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
