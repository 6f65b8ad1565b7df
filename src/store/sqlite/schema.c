/* The schema of an SQLite database: its version (PRAGMA user_version), the migrations up to this program's, and the
 * work they leave for the program (store/sqlite/migrations.h). */
#include <stdbool.h>
#include <stdio.h>

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

int store_schema_version(Db *db)
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
    if (store_schema_version(db) < 10)
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
        log_info("%s: %s done", db->path, work->name);
    }
    return TK_OK;
}

int store_migrate_to(Db *db, int target, char error[256])
{
    int current = store_schema_version(db);
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
        log_info("migrated %s to schema %d (%s)", db->path, migration->version, migration->summary);
    }
    if (store_sqlite_exec(db, "PRAGMA foreign_keys = ON", error) != TK_OK)
        return TK_ERR_DB;
    return run_pending_work(db, error);
}

int engine_audit_last_id(Db *db, int64_t *id)
{
    /* AUTOINCREMENT keeps the highest id it gave in sqlite_sequence, even once its row is deleted */
    *id = 0;
    Query q = (sql_query)(db, "SELECT seq FROM sqlite_sequence WHERE name = 'audit'");
    if (sql_row(&q))
        *id = sql_col_int(&q, 0);
    return sql_done(&q);
}
