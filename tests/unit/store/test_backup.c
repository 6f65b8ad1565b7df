/* src/store/backup.c: the copy (a private, self-contained file with the same content), the connection's limits
 * given back, publishing under a name without ever replacing a file, discarding a copy; and opening a copy
 * read-only (store_open with STORE_OPEN_READ_ONLY). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/err.h"
#include "store/backup.h"
#include "store/sql.h"
#include "store/sqlite/sqlite.h" /* white box: the connection, to read its limits and run SQL */
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

static int64_t query_int(Db *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_sqlite_conn(db), sql, -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    int64_t value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

/* The journal mode a file's header records: byte 18, 1 for a rollback journal, 2 for WAL. */
static int header_journal(const char *path)
{
    unsigned char header[20] = {0};
    FILE *file = fopen(path, "rb");
    assert_non_null(file);
    assert_int_equal(fread(header, 1, sizeof header, file), sizeof header);
    fclose(file);
    return header[18];
}

static void test_copy_publish_and_refusal(void **state)
{
    TempDir *temp = *state;
    char live_path[600], out_path[600], temp_copy[700], error[256] = "";
    snprintf(live_path, sizeof live_path, "%s", temp_path(temp, "live.db"));
    snprintf(out_path, sizeof out_path, "%s", temp_path(temp, "copy.db"));
    Db *live = NULL;
    assert_int_equal(store_open(live_path, STORE_OPEN_CREATE, &live, error), TK_OK);
    assert_int_equal(header_journal(live_path), 2);

    assert_int_equal(store_backup_take(live, out_path, temp_copy, sizeof temp_copy, error), TK_OK);
    assert_non_null(strstr(temp_copy, "copy.db.partial-"));
    /* the hardening limit of the live connection is back: no database may be attached */
    assert_int_equal(sqlite3_limit(store_sqlite_conn(live), SQLITE_LIMIT_ATTACHED, -1), 0);
    struct stat info;
    assert_int_equal(stat(temp_copy, &info), 0);
    assert_int_equal(info.st_mode & 0777, 0600);
    assert_int_equal(header_journal(temp_copy), 1);  /* a file of its own, no -wal needed to read it */
    assert_int_not_equal(access(out_path, F_OK), 0); /* not published yet */

    /* read-only: the same content, nothing written, writes refused */
    Db *copy = NULL;
    assert_int_equal(store_open(temp_copy, STORE_OPEN_READ_ONLY, &copy, error), TK_OK);
    assert_int_equal(query_int(copy, "SELECT count(*) FROM governorates"), 12);
    assert_int_equal(store_schema_version(copy), store_schema_latest());
    assert_int_equal(store_check(copy, error), TK_OK);
    assert_int_not_equal(sqlite3_exec(store_sqlite_conn(copy), "DELETE FROM governorates", NULL, NULL, NULL),
                         SQLITE_OK);
    store_close(copy);
    assert_int_equal(header_journal(temp_copy), 1);
    assert_int_not_equal(access(temp_path(temp, "copy.db.partial-x-wal"), F_OK), 0);

    assert_int_equal(store_backup_publish(temp_copy, out_path, error), TK_OK);
    assert_int_equal(access(out_path, F_OK), 0);
    assert_int_not_equal(access(temp_copy, F_OK), 0);

    /* a second copy under the same name is refused, and the first is left as it was */
    char second[700];
    assert_int_equal(sqlite3_exec(store_sqlite_conn(live), "CREATE TABLE later_change (x)", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(store_backup_take(live, out_path, second, sizeof second, error), TK_OK);
    assert_int_equal(store_backup_publish(second, out_path, error), TK_ERR_EXISTS);
    assert_int_equal(access(second, F_OK), 0); /* the caller decides what becomes of it */
    store_backup_discard(second);
    assert_int_not_equal(access(second, F_OK), 0);
    assert_int_equal(store_open(out_path, STORE_OPEN_READ_ONLY, &copy, error), TK_OK);
    assert_int_equal(query_int(copy, "SELECT count(*) FROM sqlite_master WHERE name = 'later_change'"), 0);
    store_close(copy);
    store_close(live);
}

static void test_copy_where_no_file_can_be_made(void **state)
{
    TempDir *temp = *state;
    char error[256] = "", temp_copy[700] = "x";
    Db *live = NULL;
    assert_int_equal(store_open(temp_path(temp, "live2.db"), STORE_OPEN_CREATE, &live, error), TK_OK);
    assert_int_equal(store_backup_take(live, temp_path(temp, "missing/copy.db"), temp_copy, sizeof temp_copy, error),
                     TK_ERR_IO);
    assert_string_equal(temp_copy, "");
    assert_non_null(strstr(error, "cannot create"));
    store_close(live);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_publish_and_refusal),
        cmocka_unit_test(test_copy_where_no_file_can_be_made),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
