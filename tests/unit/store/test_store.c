/* src/store/db.c and migrations.c: creating a database at the latest schema, the connection settings,
 * migrating an older file (atomically), refusing a newer file, a file that is no database, a missing file,
 * the search index of studies made again by schema 16, and transactions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>

#include "base/err.h"
#include "store/sql.h"
#include "store/sqlite/sqlite.h" /* white box: the connection, to read its PRAGMAs */
#include "store/store.h"
#include "temp_dir.h"

static int setup(void **state)
{
    static TempDir temp;
    *state = &temp;
    return temp_dir_make(&temp);
}

static int teardown(void **state)
{
    temp_dir_remove(*state);
    return 0;
}

/* Runs SQL on a raw connection of its own, outside the store. */
static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *conn = NULL;
    assert_int_equal(sqlite3_open_v2(path, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
    char *message = NULL;
    if (sqlite3_exec(conn, sql, NULL, NULL, &message) != SQLITE_OK)
        fail_msg("%s: %s", sql, message);
    sqlite3_close(conn);
}

/* The first column of the first row of a query on the store's connection, as an integer. */
static int64_t query_int(Db *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_sqlite_conn(db), sql, -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    int64_t value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

static bool has_table(Db *db, const char *name)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'", name);
    return query_int(db, sql) == 1;
}

static void test_create_makes_latest_schema(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "new.db");
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_CREATE, &db, error), TK_OK);
    assert_non_null(db);
    assert_true(store_schema_latest() >= 2);
    assert_int_equal(store_schema_version(db), store_schema_latest());
    const char *tables[] = {"agencies", "governorates", "units",          "users",          "audit",
                            "sessions", "api_tokens",   "login_failures", "trusted_devices"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        assert_true(has_table(db, tables[i]));
    assert_int_equal(query_int(db, "SELECT count(*) FROM governorates"), 12);
    assert_int_equal(store_check(db, error), TK_OK);
    store_close(db);

    struct stat info;
    assert_int_equal(stat(path, &info), 0);
    assert_int_equal(info.st_mode & 0777, 0600); /* it holds people's data: owner only */

    /* opening it again changes nothing */
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &db, error), TK_OK);
    assert_int_equal(store_schema_version(db), store_schema_latest());
    assert_int_equal(query_int(db, "SELECT count(*) FROM governorates"), 12);
    store_close(db);
}

static void test_connection_settings(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "pragmas.db");
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_CREATE, &db, error), TK_OK);
    assert_int_equal(query_int(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(query_int(db, "PRAGMA synchronous"), 2); /* FULL */
    assert_int_equal(query_int(db, "PRAGMA temp_store"), 2);  /* MEMORY */
    int defensive = -1, trusted_schema = -1, load_extension = -1;
    sqlite3_db_config(store_sqlite_conn(db), SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
    sqlite3_db_config(store_sqlite_conn(db), SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &trusted_schema);
    sqlite3_db_config(store_sqlite_conn(db), SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &load_extension);
    assert_int_equal(defensive, 1);
    assert_int_equal(trusted_schema, 0);
    assert_int_equal(load_extension, 0);
    assert_int_equal(sqlite3_limit(store_sqlite_conn(db), SQLITE_LIMIT_ATTACHED, -1), 0);

    /* WAL is a property of the file: a second, raw connection sees it */
    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
    sqlite3_finalize(stmt);
    sqlite3_close(raw);

    /* foreign keys are enforced: a user in a unit that does not exist is refused */
    char *message = NULL;
    assert_int_not_equal(sqlite3_exec(store_sqlite_conn(db),
                                      "INSERT INTO users (username, full_name, unit_id, roles, password_hash,"
                                      " created_at, updated_at, password_changed_at)"
                                      " VALUES ('x', 'X', 999, 1, 'h', 0, 0, 0)",
                                      NULL, NULL, &message),
                         SQLITE_OK);
    sqlite3_free(message);
    assert_int_equal(query_int(db, "SELECT count(*) FROM users"), 0);
    store_close(db);
}

static void test_older_database_is_migrated(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "old.db");
    FILE *file = fopen(path, "w"); /* an empty file: a database of version 0 */
    assert_non_null(file);
    fclose(file);
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_OK);
    assert_int_equal(store_schema_version(db), 0);
    assert_int_equal(store_migrate_to(db, 1, error), TK_OK);
    assert_int_equal(store_schema_version(db), 1);
    assert_true(has_table(db, "units"));
    assert_false(has_table(db, "sessions"));
    assert_int_equal(sqlite3_exec(store_sqlite_conn(db),
                                  "INSERT INTO units (code, name_ar, name_en, type, agency, created_at, updated_at)"
                                  " VALUES ('u1', 'وحدة', 'Unit', 'office', 'mosd', 1, 1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    store_close(db);

    /* NO_MIGRATE leaves it at version 1 */
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_OK);
    assert_int_equal(store_schema_version(db), 1);
    store_close(db);

    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &db, error), TK_OK);
    assert_int_equal(store_schema_version(db), store_schema_latest());
    assert_true(has_table(db, "sessions"));
    assert_int_equal(query_int(db, "SELECT count(*) FROM units WHERE code = 'u1'"), 1);
    assert_int_equal(store_check(db, error), TK_OK);
    store_close(db);
}

/* Schema 16 makes the search index of studies again with the folding of today: a word stored with a word joiner
 * inside, indexed with it by the folding before, is indexed and found without it. */
static void test_study_index_made_again(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "index.db");
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fclose(file);
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_OK);
    assert_int_equal(store_migrate_to(db, 15, error), TK_OK);
    store_close(db);
    raw_exec(path, "INSERT INTO studies (id, case_id, template, author_id, created_at, updated_at)"
                   "  VALUES (1, 1, 'juvenile', 1, 1, 1);"
                   "INSERT INTO study_sections VALUES (1, 'family', 'يمارس الجو\u2060دو');"
                   "INSERT INTO study_search (rowid, body) VALUES (1, 'يمارس الجو\u2060دو');");
    const char *found = "SELECT count(*) FROM study_search WHERE study_search MATCH '\"الجودو\"'";
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_OK);
    assert_int_equal(query_int(db, found), 0); /* the check can fail */
    store_close(db);
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &db, error), TK_OK);
    assert_int_equal(query_int(db, found), 1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM pending_work"), 0);
    store_close(db);
}

/* Schema 18 fills where each case's clocks restart from out of its history: the latest reopening, transfer acceptance
 * or unassignment (else the registration), the latest reopening, and the latest entry into the case plan. */
static void test_clock_bases_filled(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "clocks.db");
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fclose(file);
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_OK);
    assert_int_equal(store_migrate_to(db, 16, error), TK_OK);
    store_close(db);
    raw_exec(path, "INSERT INTO cases (id, reference, kind, unit_id, reported_at, created_at, updated_at) VALUES"
                   "  (1, 'FV-2026-000001', 'family_violence', 1, 100, 100, 100),"
                   "  (2, 'JC-2026-000001', 'juvenile_conflict', 1, 100, 200, 200);"
                   "INSERT INTO case_events (case_id, at, action, detail) VALUES"
                   "  (1, 300, 'case.advance', 'assessment → case_plan'), (1, 400, 'case.reopen', 'بلاغ جديد'),"
                   "  (1, 500, 'case.transfer.accept', NULL), (1, 450, 'case.reopen', 'ثانية'),"
                   "  (1, 600, 'case.update', 'summary'), (1, 700, 'case.advance', 'assessment → case_plan'),"
                   "  (1, 800, 'case.advance', 'case_plan → implementation');");
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &db, error), TK_OK);
    assert_int_equal(query_int(db, "SELECT clock_started_at FROM cases WHERE id = 1"), 500);
    assert_int_equal(query_int(db, "SELECT reopened_at FROM cases WHERE id = 1"), 450);
    assert_int_equal(query_int(db, "SELECT plan_started_at FROM cases WHERE id = 1"), 700);
    assert_int_equal(query_int(db, "SELECT clock_started_at FROM cases WHERE id = 2"), 200);
    assert_int_equal(query_int(db, "SELECT count(*) FROM cases WHERE id = 2 AND reopened_at IS NULL"
                                   " AND plan_started_at IS NULL"),
                     1);
    store_close(db);
}

/* A migration runs with the foreign keys off (schema 20 rebuilds the users table): it is undone when it leaves a
 * reference broken that was not before; one broken before (a file once written with the foreign keys off) does not
 * stop it. */
static void test_migration_and_broken_references(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "dangling.db");
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fclose(file);
    Db *db = NULL;
    char error[256] = "", first[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_OK);
    assert_int_equal(store_migrate_to(db, 19, error), TK_OK);
    assert_int_equal(store_sqlite_broken_references(db, first), 0);
    store_close(db);
    /* a user of a unit that is not there */
    raw_exec(path, "INSERT INTO users (id, username, full_name, unit_id, roles, password_hash, created_at, updated_at,"
                   "  password_changed_at) VALUES (7, 'ghost', 'مستخدم', 999, 1, 'x', 1, 1, 1);");
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_OK);
    assert_int_equal(store_sqlite_broken_references(db, first), 1);
    assert_non_null(strstr(first, "a row of users (rowid 7) refers to a row of units"));
    assert_int_equal(store_migrate_to(db, 20, error), TK_OK);
    assert_int_equal(store_schema_version(db), 20);
    assert_int_equal(store_sqlite_broken_references(db, first), 1);
    store_close(db);
}

static void test_other_programs_database_refused(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "foreign.db");
    /* version 0 with tables of its own: another program's database, refused before anything is written */
    raw_exec(path, "CREATE TABLE units (id INTEGER PRIMARY KEY);");
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &db, error), TK_ERR_DB);
    assert_null(db);
    assert_non_null(strstr(error, "another program"));
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_ERR_DB);
    assert_null(db);
}

static void test_failed_migration_changes_nothing(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "clash.db");
    raw_exec(path, "PRAGMA user_version = 0;");
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_OK);
    /* a table that migration 1 wants to create appears: migration 1 fails part-way */
    raw_exec(path, "CREATE TABLE units (id INTEGER PRIMARY KEY);");
    assert_int_equal(store_migrate_to(db, store_schema_latest(), error), TK_ERR_DB);
    assert_non_null(strstr(error, "migration 1 failed"));
    assert_int_equal(store_schema_version(db), 0);
    assert_false(has_table(db, "agencies")); /* created before the failing statement, rolled back */
    assert_false(has_table(db, "governorates"));
    /* nothing half-done, no transaction left behind */
    assert_int_equal(store_begin(db), TK_OK);
    store_rollback(db);
    store_close(db);
}

static void test_newer_database_refused(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "newer.db");
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_CREATE, &db, error), TK_OK);
    store_close(db);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_latest() + 1);
    raw_exec(path, sql);

    const StoreOpenMode modes[] = {STORE_OPEN_EXISTING, STORE_OPEN_CREATE, STORE_OPEN_NO_MIGRATE};
    for (size_t i = 0; i < 3; i++) {
        db = (Db *)1;
        error[0] = '\0';
        assert_int_equal(store_open(path, modes[i], &db, error), TK_ERR_VERSION);
        assert_null(db);
        assert_non_null(strstr(error, "newer"));
    }
}

static void test_file_that_is_no_database_refused(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "notes.txt");
    char text[4096];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = "These are notes, not a database.\n"[i % 33];
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(text, 1, sizeof text, file), sizeof text);
    fclose(file);

    Db *db = NULL;
    char error[256] = "";
    int rc = store_open(path, STORE_OPEN_EXISTING, &db, error);
    assert_int_not_equal(rc, TK_OK);
    assert_null(db);
    assert_true(error[0] != '\0');

    /* and it was left as it was */
    char back[sizeof text + 1];
    file = fopen(path, "rb");
    assert_non_null(file);
    assert_int_equal(fread(back, 1, sizeof back, file), sizeof text);
    fclose(file);
    assert_memory_equal(back, text, sizeof text);
}

static void test_missing_file(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "missing.db");
    Db *db = (Db *)1;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &db, error), TK_ERR_NOT_FOUND);
    assert_null(db);
    assert_non_null(strstr(error, path));
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_ERR_NOT_FOUND);
    struct stat info;
    assert_int_not_equal(stat(path, &info), 0); /* not created by the attempts */
}

static void test_transactions(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "tx.db");
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_CREATE, &db, error), TK_OK);
    const char *insert = "INSERT INTO governorates VALUES ('test', 'اختبار', 'Test', 99)";

    assert_int_equal(store_begin(db), TK_OK);
    assert_int_equal(sqlite3_exec(store_sqlite_conn(db), insert, NULL, NULL, NULL), SQLITE_OK);
    store_rollback(db);
    assert_int_equal(query_int(db, "SELECT count(*) FROM governorates"), 12);
    store_rollback(db); /* with no transaction open: harmless */

    assert_int_equal(store_begin(db), TK_OK);
    assert_int_equal(store_begin(db), TK_ERR_INTERNAL); /* no nesting */
    assert_int_equal(sqlite3_exec(store_sqlite_conn(db), insert, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_commit(db), TK_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM governorates"), 13);
    assert_int_equal(store_commit(db), TK_ERR_DB); /* nothing to commit */
    store_close(db);

    /* committed means on disk: another connection sees it */
    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(raw, "SELECT count(*) FROM governorates", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(stmt, 0), 13);
    sqlite3_finalize(stmt);
    sqlite3_close(raw);
}

static void test_read_snapshot(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "snapshot.db");
    Db *reader = NULL, *writer = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_CREATE, &reader, error), TK_OK);
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &writer, error), TK_OK);
    const char *count = "SELECT count(*) FROM governorates";

    assert_false(store_in_transaction(reader));
    assert_int_equal(store_read_begin(reader), TK_OK);
    assert_int_equal(store_read_begin(reader), TK_OK); /* nests */
    assert_true(store_in_transaction(reader));
    assert_int_equal(query_int(reader, count), 12);
    /* another connection commits: the reader keeps its snapshot until the outermost end */
    assert_int_equal(sqlite3_exec(store_sqlite_conn(writer), "INSERT INTO governorates VALUES ('a', 'أ', 'A', 90)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(query_int(reader, count), 12);
    store_read_end(reader);
    assert_int_equal(query_int(reader, count), 12);
    store_read_end(reader);
    assert_false(store_in_transaction(reader));
    assert_int_equal(query_int(reader, count), 13);

    /* a write outside a transaction, on a connection holding a snapshot older than another's commit, ends the
     * snapshot instead of failing busy */
    assert_int_equal(store_read_begin(reader), TK_OK);
    assert_int_equal(query_int(reader, count), 13);
    assert_int_equal(sqlite3_exec(store_sqlite_conn(writer), "INSERT INTO governorates VALUES ('w', 'و', 'W', 93)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    Query touch = sql_query(reader, "UPDATE governorates SET name_en = 'W2' WHERE code = 'w'");
    assert_int_equal(sql_exec(&touch), TK_OK);
    store_read_end(reader);
    assert_false(store_in_transaction(reader));
    assert_int_equal(query_int(writer, "SELECT count(*) FROM governorates WHERE name_en = 'W2'"), 1);
    assert_int_equal(
        sqlite3_exec(store_sqlite_conn(writer), "DELETE FROM governorates WHERE code = 'w'", NULL, NULL, NULL),
        SQLITE_OK);

    /* a write inside a read ends the snapshot first, and sees the latest rows */
    assert_int_equal(store_read_begin(reader), TK_OK);
    assert_int_equal(query_int(reader, count), 13);
    assert_int_equal(sqlite3_exec(store_sqlite_conn(writer), "INSERT INTO governorates VALUES ('b', 'ب', 'B', 91)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(store_begin(reader), TK_OK);
    assert_int_equal(query_int(reader, count), 14);
    assert_int_equal(sqlite3_exec(store_sqlite_conn(reader), "INSERT INTO governorates VALUES ('c', 'ج', 'C', 92)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(store_commit(reader), TK_OK);
    store_read_end(reader);
    assert_false(store_in_transaction(reader));
    assert_int_equal(query_int(writer, count), 15);
    store_close(writer);
    store_close(reader);
}

/* Writers on connections of their own, all in this process: each waits its turn, none fails busy. */
enum { WRITERS = 4, WRITES_EACH = 150 };

typedef struct {
    const char *path;
    int number;
    int failures;
} WriterThread;

static void *write_rows(void *argument)
{
    WriterThread *thread = argument;
    Db *db = NULL;
    char error[256];
    if (store_open(thread->path, STORE_OPEN_EXISTING, &db, error) != TK_OK) {
        thread->failures = WRITES_EACH;
        return NULL;
    }
    for (int i = 0; i < WRITES_EACH; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "INSERT INTO governorates VALUES ('t%d-%d', 'ن', 'N', %d)", thread->number, i,
                 1000 + thread->number * WRITES_EACH + i);
        if (store_begin(db) != TK_OK) {
            thread->failures++;
            continue;
        }
        if (sqlite3_exec(store_sqlite_conn(db), sql, NULL, NULL, NULL) != SQLITE_OK || store_commit(db) != TK_OK) {
            store_rollback(db);
            thread->failures++;
        }
    }
    store_close(db);
    return NULL;
}

static void test_writers_take_turns(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "turns.db");
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_CREATE, &db, error), TK_OK);
    pthread_t threads[WRITERS];
    WriterThread writers[WRITERS];
    for (int t = 0; t < WRITERS; t++) {
        writers[t] = (WriterThread){.path = path, .number = t};
        assert_int_equal(pthread_create(&threads[t], NULL, write_rows, &writers[t]), 0);
    }
    for (int t = 0; t < WRITERS; t++) {
        assert_int_equal(pthread_join(threads[t], NULL), 0);
        assert_int_equal(writers[t].failures, 0);
    }
    assert_int_equal(query_int(db, "SELECT count(*) FROM governorates"), 12 + WRITERS * WRITES_EACH);

    /* one thread writing on two connections at once would wait on itself: refused instead */
    Db *other = NULL;
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &other, error), TK_OK);
    assert_int_equal(store_begin(db), TK_OK);
    assert_int_equal(store_begin(other), TK_ERR_INTERNAL);
    assert_false(store_in_transaction(other));
    store_rollback(db);
    assert_int_equal(store_begin(other), TK_OK); /* the turn was given back */
    store_rollback(other);
    store_close(other);
    store_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_makes_latest_schema),
        cmocka_unit_test(test_connection_settings),
        cmocka_unit_test(test_older_database_is_migrated),
        cmocka_unit_test(test_study_index_made_again),
        cmocka_unit_test(test_clock_bases_filled),
        cmocka_unit_test(test_other_programs_database_refused),
        cmocka_unit_test(test_failed_migration_changes_nothing),
        cmocka_unit_test(test_migration_and_broken_references),
        cmocka_unit_test(test_newer_database_refused),
        cmocka_unit_test(test_file_that_is_no_database_refused),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_read_snapshot),
        cmocka_unit_test(test_writers_take_turns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
