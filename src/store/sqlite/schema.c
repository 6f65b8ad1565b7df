/* The schema of an SQLite database: its version (PRAGMA user_version), the migrations up to this program's, and the
 * work they leave for the program (store/sqlite/migrations.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "store/driver.h"
#include "store/engine.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite.h"

int64_t store_sqlite_broken_references(Db *db, char inner[256])
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->conn, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK) {
        snprintf(inner, 256, "%s", sqlite3_errmsg(db->conn));
        return -1;
    }
    int64_t count = 0;
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW && count < 1000000)
        if (count++ == 0)
            snprintf(inner, 256, "a row of %s (rowid %lld) refers to a row of %s that is not there",
                     (const char *)sqlite3_column_text(stmt, 0), (long long)sqlite3_column_int64(stmt, 1),
                     (const char *)sqlite3_column_text(stmt, 2));
    if (step != SQLITE_DONE && step != SQLITE_ROW) {
        snprintf(inner, 256, "%s", sqlite3_errmsg(db->conn));
        count = -1;
    }
    sqlite3_finalize(stmt);
    return count;
}

/* With the foreign keys off while a migration runs, SQLite checks none of its references: it may leave none broken
 * that was not broken before (a file written once with the foreign keys off may hold some), else it is undone. */
static bool references_kept(Db *db, int64_t before, char inner[256])
{
    char first[256] = "";
    int64_t after = store_sqlite_broken_references(db, first);
    if (after < 0 || after > before) {
        snprintf(inner, 256, "%s", first);
        return false;
    }
    return true;
}

int store_schema_latest(void)
{
    return store_migrations[store_migrations_count - 1].version;
}

int sqlite_schema_version(Db *db)
{
    sqlite3_stmt *stmt = NULL;
    int version = -1;
    if (sqlite3_prepare_v2(db->conn, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return version;
}

bool store_sqlite_foreign_tables(Db *db)
{
    sqlite3_stmt *stmt = NULL;
    bool found = true;
    if (sqlite3_prepare_v2(db->conn, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        found = sqlite3_column_int(stmt, 0) > 0;
    sqlite3_finalize(stmt);
    return found;
}

/* The work the migrations left (store_pending_work), once the schema has its table. */
static int run_pending_work(Db *db, char error[256])
{
    if (sqlite_schema_version(db) < 10)
        return TK_OK;
    for (int i = 0; i < store_pending_work_count; i++) {
        const PendingWork *work = &store_pending_work[i];
        char inner[256] = "";
        sqlite3_stmt *stmt = NULL;
        bool pending = false;
        if (sqlite3_prepare_v2(db->conn, "SELECT 1 FROM pending_work WHERE name = ?", -1, &stmt, NULL) == SQLITE_OK &&
            sqlite3_bind_text(stmt, 1, work->name, -1, SQLITE_STATIC) == SQLITE_OK)
            pending = sqlite3_step(stmt) == SQLITE_ROW;
        sqlite3_finalize(stmt);
        if (!pending)
            continue;
        char done[128];
        snprintf(done, sizeof done, "DELETE FROM pending_work WHERE name = '%s'", work->name);
        if (store_sqlite_exec(db, "BEGIN IMMEDIATE", inner) != TK_OK || work->run(db) != TK_OK ||
            store_sqlite_exec(db, done, inner) != TK_OK || store_sqlite_exec(db, "COMMIT", inner) != TK_OK) {
            if (!*inner)
                snprintf(inner, sizeof inner, "%s", sqlite3_errmsg(db->conn));
            store_sqlite_exec(db, "ROLLBACK", NULL);
            snprintf(error, 256, "%s after the migrations failed: %.200s", work->name, inner);
            return TK_ERR_DB;
        }
        if (strcmp(db->path, ":memory:") != 0)
            log_info("%s: %s done", db->path, work->name);
    }
    return TK_OK;
}

int sqlite_migrate_to(Db *db, int target, char error[256])
{
    int current = sqlite_schema_version(db);
    if (current < 0) {
        snprintf(error, 256, "cannot read the schema version: %s", sqlite3_errmsg(db->conn));
        return TK_ERR_DB;
    }
    if (current > store_schema_latest()) {
        snprintf(error, 256, "the database has schema version %d, newer than this program's %d: use a newer takamul",
                 current, store_schema_latest());
        return TK_ERR_VERSION;
    }
    /* a migration that rebuilds a table others refer to (users, for its CHECK) runs with the foreign keys off, as
     * SQLite's procedure for such changes has it: the rebuilt table keeps every id, so no reference breaks */
    if (current < target && store_sqlite_exec(db, "PRAGMA foreign_keys = OFF", error) != TK_OK)
        return TK_ERR_DB;
    for (int i = 0; i < store_migrations_count; i++) {
        const Migration *migration = &store_migrations[i];
        if (migration->version <= current || migration->version > target)
            continue;
        char inner[256] = "";
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", migration->version);
        int64_t broken = 0;
        if (store_sqlite_exec(db, "BEGIN IMMEDIATE", inner) != TK_OK ||
            (broken = store_sqlite_broken_references(db, inner)) < 0 ||
            store_sqlite_exec(db, migration->sql, inner) != TK_OK || !references_kept(db, broken, inner) ||
            store_sqlite_exec(db, pragma, inner) != TK_OK || store_sqlite_exec(db, "COMMIT", inner) != TK_OK) {
            store_sqlite_exec(db, "ROLLBACK", NULL);
            store_sqlite_exec(db, "PRAGMA foreign_keys = ON", NULL);
            snprintf(error, 256, "migration %d failed: %.200s", migration->version, inner);
            return TK_ERR_DB;
        }
        if (strcmp(db->path, ":memory:") != 0) /* the reference rows of another engine's new database */
            log_info("migrated %s to schema %d (%s)", db->path, migration->version, migration->summary);
    }
    if (store_sqlite_exec(db, "PRAGMA foreign_keys = ON", error) != TK_OK)
        return TK_ERR_DB;
    return run_pending_work(db, error);
}

int sqlite_audit_last_id(Db *db, int64_t *id)
{
    /* AUTOINCREMENT keeps the highest id it gave in sqlite_sequence, even once its row is deleted */
    *id = 0;
    Query q = (sql_query)(db, "SELECT seq FROM sqlite_sequence WHERE name = 'audit'");
    if (sql_row(&q))
        *id = sql_col_int(&q, 0);
    return sql_done(&q);
}

/* Whether table refers (by a foreign key) to another table that still has rows to copy. */
static bool waits_for_parent(sqlite3 *conn, const char *table, char (*pending)[64], int pending_count)
{
    sqlite3_stmt *stmt = NULL;
    bool waits = false;
    if (sqlite3_prepare_v2(conn, "SELECT \"table\" FROM pragma_foreign_key_list(?)", -1, &stmt, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    while (!waits && sqlite3_step(stmt) == SQLITE_ROW) {
        const char *parent = (const char *)sqlite3_column_text(stmt, 0);
        for (int i = 0; i < pending_count && !waits; i++)
            waits = parent && strcmp(parent, pending[i]) == 0 && strcmp(parent, table) != 0;
    }
    sqlite3_finalize(stmt);
    return waits;
}

static int copy_table(sqlite3 *conn, const char *table, SqliteRowSink row, void *context, char error[256])
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", table);
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(conn, sql, -1, &stmt, NULL) != SQLITE_OK) {
        snprintf(error, 256, "%s: %s", table, sqlite3_errmsg(conn));
        return TK_ERR_DB;
    }
    enum { MAX_COLUMNS = 128 };
    int columns = sqlite3_column_count(stmt), rc = TK_OK, step;
    if (columns > MAX_COLUMNS) {
        sqlite3_finalize(stmt);
        snprintf(error, 256, "%s has too many columns", table);
        return TK_ERR_DB;
    }
    const char *names[MAX_COLUMNS], *values[MAX_COLUMNS];
    int lengths[MAX_COLUMNS];
    bool is_blob[MAX_COLUMNS];
    for (int i = 0; i < columns; i++)
        names[i] = sqlite3_column_name(stmt, i);
    while (rc == TK_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (int i = 0; i < columns; i++) {
            int type = sqlite3_column_type(stmt, i);
            is_blob[i] = type == SQLITE_BLOB;
            values[i] = type == SQLITE_NULL ? NULL
                        : is_blob[i]        ? sqlite3_column_blob(stmt, i)
                                            : (const char *)sqlite3_column_text(stmt, i);
            lengths[i] = sqlite3_column_bytes(stmt, i);
            if (is_blob[i] && !values[i])
                values[i] = "";
        }
        rc = row(context, table, columns, names, values, lengths, is_blob);
    }
    if (rc == TK_OK && step != SQLITE_DONE) {
        snprintf(error, 256, "%s: %s", table, sqlite3_errmsg(conn));
        rc = TK_ERR_DB;
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_sqlite_reference_rows(SqliteRowSink row, void *context, char error[256])
{
    Db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(":memory:"))) {
        free(db);
        snprintf(error, 256, "out of memory");
        return TK_ERR_NOMEM;
    }
    int rc = store_sqlite_connect(db, ":memory:", STORE_OPEN_CREATE, error);
    if (rc == TK_OK)
        rc = store_sqlite_exec(db, "PRAGMA foreign_keys = ON", error);
    if (rc == TK_OK)
        rc = sqlite_migrate_to(db, store_schema_latest(), error);
    /* the tables with rows, copied parents first */
    enum { MAX_TABLES = 64 };
    char pending[MAX_TABLES][64];
    int pending_count = 0;
    sqlite3_stmt *stmt = NULL;
    if (rc == TK_OK && sqlite3_prepare_v2(db->conn,
                                          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                          "'sqlite_%' AND name NOT LIKE 'study_search%' ORDER BY rowid",
                                          -1, &stmt, NULL) != SQLITE_OK)
        rc = TK_ERR_DB;
    while (rc == TK_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        char count_sql[128];
        snprintf(count_sql, sizeof count_sql, "SELECT 1 FROM \"%s\" LIMIT 1", name);
        sqlite3_stmt *count = NULL;
        bool has_rows = sqlite3_prepare_v2(db->conn, count_sql, -1, &count, NULL) == SQLITE_OK &&
                        sqlite3_step(count) == SQLITE_ROW;
        sqlite3_finalize(count);
        if (has_rows && pending_count < MAX_TABLES && strlen(name) < sizeof pending[0])
            snprintf(pending[pending_count++], sizeof pending[0], "%s", name);
        else if (has_rows)
            rc = TK_ERR_DB;
    }
    sqlite3_finalize(stmt);
    while (rc == TK_OK && pending_count > 0) {
        int next = 0;
        while (next < pending_count && waits_for_parent(db->conn, pending[next], pending, pending_count))
            next++;
        if (next == pending_count) {
            snprintf(error, 256, "the reference rows' tables refer to each other in a cycle");
            rc = TK_ERR_DB;
            break;
        }
        rc = copy_table(db->conn, pending[next], row, context, error);
        memmove(pending[next], pending[next + 1], sizeof pending[0] * (size_t)(pending_count - next - 1));
        pending_count--;
    }
    if (rc != TK_OK && !*error)
        snprintf(error, 256, "the reference rows could not be read: %s", sqlite3_errmsg(db->conn));
    store_close(db);
    return rc;
}
