/* src/store/pg/: the PostgreSQL driver's parts that need no server. Named parameters become $1, $2, … in the order
 * of first appearance (a name used twice is one number; quotes, comments and :: casts are left alone); SQLSTATEs map
 * to TkErr codes; bytea text is decoded from hex and from the escape format; a statement that writes is told from
 * one that only reads; the selection of the engine by --db; a connection string is named without its password; a
 * person's row of the import's COPY, in COPY's text format.
 * The driver against a real server: make test-api-pg. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/driver.h"
#include "store/pg/pg.h"

static void test_placeholders_numbered_by_first_appearance(void **state)
{
    (void)state;
    const char *sql = "SELECT ':skip' AS \"a:b\", x::text FROM t -- :comment\n"
                      "WHERE a = :a AND (b = :b OR :a = 0) /* :c */ AND c = :c_d";
    char out[512];
    const char *names[8];
    size_t lengths[8];
    assert_int_equal(sql_placeholders_named(sql, out, sizeof out, names, lengths, 8), 3);
    assert_string_equal(out, "SELECT ':skip' AS \"a:b\", x::text FROM t -- :comment\n"
                             "WHERE a = $1 AND (b = $2 OR $1 = 0) /* :c */ AND c = $3");
    assert_int_equal(lengths[0], 2);
    assert_memory_equal(names[0], ":a", 2);
    assert_memory_equal(names[1], ":b", 2);
    assert_int_equal(lengths[2], 4);
    assert_memory_equal(names[2], ":c_d", 4);
    /* too many names, or too little room: -1 */
    assert_int_equal(sql_placeholders_named(sql, out, sizeof out, names, lengths, 2), -1);
    assert_int_equal(sql_placeholders_named(sql, out, 20, names, lengths, 8), -1);
}

static void test_sqlstates_mapped(void **state)
{
    (void)state;
    assert_int_equal(store_pg_sqlstate_error("23505"), TK_ERR_EXISTS);
    assert_int_equal(store_pg_sqlstate_error("23503"), TK_ERR_INVALID); /* a foreign key */
    assert_int_equal(store_pg_sqlstate_error("23514"), TK_ERR_INVALID); /* a check */
    assert_int_equal(store_pg_sqlstate_error("23502"), TK_ERR_INVALID); /* not null */
    assert_int_equal(store_pg_sqlstate_error("40001"), TK_ERR_BUSY);
    assert_int_equal(store_pg_sqlstate_error("40P01"), TK_ERR_BUSY);
    assert_int_equal(store_pg_sqlstate_error("55P03"), TK_ERR_BUSY);
    assert_int_equal(store_pg_sqlstate_error("53200"), TK_ERR_NOMEM);
    assert_int_equal(store_pg_sqlstate_error("42P01"), TK_ERR_DB);
    assert_int_equal(store_pg_sqlstate_error(NULL), TK_ERR_DB);
}

static void test_bytea_decoded(void **state)
{
    (void)state;
    unsigned char out[64];
    assert_int_equal(store_pg_bytea_decode("\\x00ff10Ab", out), 4);
    assert_memory_equal(out, "\x00\xff\x10\xab", 4);
    assert_int_equal(store_pg_bytea_decode("\\x", out), 0);
    assert_int_equal(store_pg_bytea_decode("\\x0", out), -1);
    assert_int_equal(store_pg_bytea_decode("\\xzz", out), -1);
    /* the escape format */
    assert_int_equal(store_pg_bytea_decode("a\\\\b\\000\\377", out), 5);
    assert_memory_equal(out, "a\\b\x00\xff", 5);
    assert_int_equal(store_pg_bytea_decode("a\\9", out), -1);
}

static void test_writes_told_from_reads(void **state)
{
    (void)state;
    assert_true(store_pg_read_only("SELECT id FROM cases WHERE id = $1"));
    assert_true(store_pg_read_only(" (SELECT 1) UNION (SELECT 2)"));
    assert_true(store_pg_read_only("WITH x AS (SELECT 1) SELECT * FROM x"));
    assert_false(store_pg_read_only("SELECT id FROM cases WHERE id = $1 FOR UPDATE"));
    assert_false(store_pg_read_only("WITH x AS (DELETE FROM t RETURNING id) SELECT * FROM x"));
    assert_false(store_pg_read_only("INSERT INTO t (a) VALUES ($1) RETURNING id"));
    assert_false(store_pg_read_only("UPDATE t SET a = 1"));
    assert_false(store_pg_read_only("DELETE FROM t"));
}

static void test_engine_selected_by_db(void **state)
{
    (void)state;
    assert_true(store_names_postgres("postgresql://takamul@db.example/takamul"));
    assert_true(store_names_postgres("postgres://takamul@127.0.0.1:5432/takamul"));
    assert_true(store_names_postgres("host=/run/postgresql dbname=takamul"));
    assert_true(store_names_postgres("dbname=takamul"));
    assert_false(store_names_postgres("var/takamul.db"));
    assert_false(store_names_postgres("/srv/takamul/postgresql.db"));
}

static void test_named_without_password(void **state)
{
    (void)state;
    char name[256];
    store_pg_display_name("postgresql://takamul:secret@db.example:5433/registry", name, sizeof name);
    assert_string_equal(name, "postgresql://takamul@db.example:5433/registry");
    store_pg_display_name("host=db.example dbname=registry user=takamul password=secret", name, sizeof name);
    assert_string_equal(name, "postgresql://takamul@db.example/registry");
    assert_null(strstr(name, "secret"));
}

/* The import's COPY (store/pg/person_copy.c) sends text: a tab between columns, \N for NULL, and a backslash, tab,
 * newline or carriage return in a value escaped, so that free text holding them is stored as written. */
static void test_copy_row_escaped(void **state)
{
    (void)state;
    Person p = {.id = 42,
                .first_name = "رامي",
                .father_name = "وليد",
                .family_name = "الدباس",
                .national_id = "9912345670",
                .sex = "male",
                .governorate = "amman",
                .address = "a\tb\\c",
                .notes = "one\ntwo\r",
                .key_first = "رامي",
                .key_father = "وليد",
                .key_family = "دباس"};
    Buf b;
    buf_init(&b, 0);
    store_pg_copy_row(&b, &p, 0, 1700000000);
    const char *expected = "42\tرامي\tوليد\t\\N\tالدباس\t\\N\t9912345670\t\\N\t\\N\t\\N\t\\N\t0\tmale\t\\N\tamman\t"
                           "a\\tb\\\\c\t\\N\t\\N\tone\\ntwo\\r\tرامي\tوليد\t\\N\tدباس\t\\N\t\\N\t1700000000\t"
                           "1700000000\n";
    assert_int_equal(b.len, strlen(expected));
    assert_memory_equal(b.data, expected, b.len);
    /* a user, a birth year that is an estimate */
    b.len = 0;
    p.birth_year = 1988;
    p.birth_year_estimated = true;
    store_pg_copy_row(&b, &p, 7, 1);
    const char *tail = "\t7\t7\t1\t1\n";
    assert_true(b.len > strlen(tail));
    assert_memory_equal(b.data + b.len - strlen(tail), tail, strlen(tail));
    assert_non_null(memmem(b.data, b.len, "\t1988\t1\tmale\t", 13));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders_numbered_by_first_appearance),
        cmocka_unit_test(test_sqlstates_mapped),
        cmocka_unit_test(test_bytea_decoded),
        cmocka_unit_test(test_writes_told_from_reads),
        cmocka_unit_test(test_engine_selected_by_db),
        cmocka_unit_test(test_named_without_password),
        cmocka_unit_test(test_copy_row_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
