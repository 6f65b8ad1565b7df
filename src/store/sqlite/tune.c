/* SQLite's own settings and upkeep: the page cache, bulk loading, checkpoints of the write-ahead log, durability,
 * and the integrity check. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "store/driver.h"
#include "store/sqlite/sqlite.h"

int sqlite_check(Db *db, char error[256])
{
    sqlite3_stmt *stmt = NULL;
    int rc = TK_OK;
    if (sqlite3_prepare_v2(db->conn, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK) {
        snprintf(error, 256, "integrity check could not run");
        return TK_ERR_DB;
    }
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(stmt, 0);
        if (line && strcmp(line, "ok") != 0 && rc == TK_OK) {
            snprintf(error, 256, "integrity check: %.200s", line);
            rc = TK_ERR_DB;
        }
    }
    sqlite3_finalize(stmt);
    if (step != SQLITE_DONE && rc == TK_OK) {
        snprintf(error, 256, "integrity check could not run");
        rc = TK_ERR_DB;
    }
    stmt = NULL;
    if (sqlite3_prepare_v2(db->conn, "PRAGMA foreign_key_check", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW && rc == TK_OK) {
        snprintf(error, 256, "foreign key check: table %.100s row %lld points nowhere",
                 (const char *)sqlite3_column_text(stmt, 0), (long long)sqlite3_column_int64(stmt, 1));
        rc = TK_ERR_DB;
    }
    sqlite3_finalize(stmt);
    return rc;
}

int sqlite_set_bulk(Db *db, bool bulk)
{
    char error[256];
    /* A bulk load checkpoints the write-ahead log every 256 MiB instead of every 4: pages changed by many
     * transactions (the national number index) are copied into the database once rather than each time. */
    int rc = store_sqlite_exec(db, bulk ? "PRAGMA wal_autocheckpoint = 65536" : "PRAGMA wal_autocheckpoint = 1000",
                               error);
    if (rc == TK_OK && !bulk)
        rc = store_sqlite_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", error);
    return rc;
}

int sqlite_set_autocheckpoint(Db *db, int pages)
{
    sqlite3_wal_autocheckpoint(db->conn, pages);
    return TK_OK;
}

static int remember_frames(void *frames, sqlite3 *conn, const char *name, int count)
{
    (void)conn;
    (void)name;
    *(int *)frames = count;
    return SQLITE_OK;
}

void sqlite_track_wal_frames(Db *db, int *frames)
{
    sqlite3_wal_hook(db->conn, remember_frames, frames);
}

int sqlite_checkpoint(Db *db)
{
    int rc = sqlite3_wal_checkpoint_v2(db->conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? TK_OK : TK_ERR_DB;
}

int sqlite_set_durable(Db *db, bool durable)
{
    char error[256];
    return store_sqlite_exec(db, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF", error);
}

/* NORMAL in WAL mode: a commit writes its frames to the log without waiting for the disk (checkpoints still do). */
int sqlite_set_commit_waits(Db *db, bool waits)
{
    char error[256];
    return store_sqlite_exec(db, waits ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", error);
}

int sqlite_log_open(Db *db)
{
    const char *wal = sqlite3_filename_wal(sqlite3_db_filename(db->conn, "main"));
    return wal && *wal ? open(wal, O_RDONLY | O_CLOEXEC) : -1;
}

int sqlite_set_cache_mib(Db *db, int mib)
{
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%d", mib * 1024);
    char error[256];
    return store_sqlite_exec(db, pragma, error);
}
