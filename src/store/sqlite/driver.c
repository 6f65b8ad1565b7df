/* The SQLite driver of the seam (store/driver.h): statements, errors, transactions, and opening a connection with
 * WAL, foreign keys, synchronous=FULL and the hardening settings. SQLite takes the seam's :name parameters as they
 * are. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/log.h"
#include "store/driver.h"
#include "store/sqlite/sqlite.h"

/* The seam's SqlStmt is SQLite's statement. */
#define STMT(s) ((sqlite3_stmt *)(void *)(s))

sqlite3 *store_sqlite_conn(Db *db)
{
    return db->conn;
}

/* The portable clause that hands back a new row's id. SQLite runs a statement with RETURNING to its end and keeps the
 * rows returned in a temporary table before the first is read, which made a bulk import a third slower: the clause is
 * left out here, and the id comes from inserted_id (sql_exec_returning). */
static const char RETURNING_ID[] = " RETURNING id";

static int prepare(Db *db, const char *sql, SqlStmt **stmt)
{
    sqlite3_stmt *prepared = NULL;
    size_t len = strlen(sql), clause = sizeof RETURNING_ID - 1;
    if (len > clause && strcmp(sql + len - clause, RETURNING_ID) == 0)
        len -= clause;
    if (sqlite3_prepare_v3(db->conn, sql, (int)len, SQLITE_PREPARE_PERSISTENT, &prepared, NULL) != SQLITE_OK) {
        log_error("prepare failed: %s in: %.120s", sqlite3_errmsg(db->conn), sql);
        return TK_ERR_DB;
    }
    *stmt = (SqlStmt *)(void *)prepared;
    return TK_OK;
}

static void finalize(SqlStmt *stmt)
{
    sqlite3_finalize(STMT(stmt));
}

static int param_index(SqlStmt *stmt, const char *name)
{
    return sqlite3_bind_parameter_index(STMT(stmt), name);
}

static int bind_result(int rc)
{
    return rc == SQLITE_OK ? TK_OK : rc == SQLITE_NOMEM ? TK_ERR_NOMEM : TK_ERR_DB;
}

static int bind_int(SqlStmt *stmt, int index, int64_t value)
{
    return bind_result(sqlite3_bind_int64(STMT(stmt), index, value));
}

static int bind_text(SqlStmt *stmt, int index, const char *value)
{
    return bind_result(sqlite3_bind_text(STMT(stmt), index, value, -1, SQLITE_STATIC));
}

static int bind_blob(SqlStmt *stmt, int index, const void *data, size_t len)
{
    return bind_result(sqlite3_bind_blob(STMT(stmt), index, data, (int)len, SQLITE_STATIC));
}

static int bind_null(SqlStmt *stmt, int index)
{
    return bind_result(sqlite3_bind_null(STMT(stmt), index));
}

int store_sqlite_error(Db *db, int rc, const char *sql)
{
    int extended = sqlite3_extended_errcode(db->conn);
    if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY)
        return TK_ERR_EXISTS;
    /* Extended result codes are on: compare their primary part. */
    int primary = rc & 0xFF;
    if (primary == SQLITE_CONSTRAINT)
        return TK_ERR_INVALID;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return TK_ERR_BUSY;
    if (primary == SQLITE_NOMEM)
        return TK_ERR_NOMEM;
    log_error("step failed: %s in: %.120s", sqlite3_errmsg(db->conn), sql ? sql : "");
    return TK_ERR_DB;
}

static int step(Db *db, SqlStmt *stmt)
{
    int rc = sqlite3_step(STMT(stmt));
    if (rc == SQLITE_ROW)
        return SQL_STEP_ROW;
    if (rc == SQLITE_DONE)
        return SQL_STEP_DONE;
    return store_sqlite_error(db, rc, sqlite3_sql(STMT(stmt)));
}

static void reset(SqlStmt *stmt)
{
    sqlite3_reset(STMT(stmt));
    sqlite3_clear_bindings(STMT(stmt));
}

static int64_t col_int(SqlStmt *stmt, int col)
{
    return sqlite3_column_int64(STMT(stmt), col);
}

static const char *col_text(SqlStmt *stmt, int col, size_t *len)
{
    const unsigned char *text = sqlite3_column_text(STMT(stmt), col);
    *len = text ? (size_t)sqlite3_column_bytes(STMT(stmt), col) : 0;
    return (const char *)text;
}

static const void *col_blob(SqlStmt *stmt, int col, size_t *len)
{
    const void *blob = sqlite3_column_blob(STMT(stmt), col);
    *len = (size_t)sqlite3_column_bytes(STMT(stmt), col);
    return blob;
}

static bool col_is_null(SqlStmt *stmt, int col)
{
    return sqlite3_column_type(STMT(stmt), col) == SQLITE_NULL;
}

static const char *text(SqlStmt *stmt)
{
    return sqlite3_sql(STMT(stmt));
}

static bool busy(SqlStmt *stmt)
{
    return sqlite3_stmt_busy(STMT(stmt)) != 0;
}

static bool read_only(SqlStmt *stmt)
{
    return sqlite3_stmt_readonly(STMT(stmt)) != 0;
}

static int64_t inserted_id(Db *db)
{
    return sqlite3_last_insert_rowid(db->conn);
}

static int64_t changes(Db *db)
{
    return sqlite3_changes64(db->conn);
}

static const char *error(Db *db)
{
    return sqlite3_errmsg(db->conn);
}

/* Runs a statement of SQLite's own (transactions, PRAGMAs); 0 or a TkErr, with SQLite's message in error when
 * not NULL. */
int store_sqlite_exec(Db *db, const char *sql, char error_text[256])
{
    char *message = NULL;
    int rc = sqlite3_exec(db->conn, sql, NULL, NULL, &message);
    if (rc != SQLITE_OK) {
        if (error_text)
            snprintf(error_text, 256, "%s", message ? message : sqlite3_errmsg(db->conn));
        sqlite3_free(message);
        int primary = rc & 0xFF;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? TK_ERR_BUSY
               : primary == SQLITE_NOMEM                          ? TK_ERR_NOMEM
                                                                  : TK_ERR_DB;
    }
    return TK_OK;
}

static int begin(Db *db, bool write)
{
    return store_sqlite_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", NULL);
}

static int commit(Db *db)
{
    return store_sqlite_exec(db, "COMMIT", NULL);
}

static void rollback(Db *db)
{
    if (!sqlite3_get_autocommit(db->conn))
        store_sqlite_exec(db, "ROLLBACK", NULL);
}

static bool in_transaction(Db *db)
{
    return !sqlite3_get_autocommit(db->conn);
}

static void close_connection(Db *db)
{
    sqlite3_close_v2(db->conn); /* rolls back a transaction left open */
    db->conn = NULL;
}

/* One server on an SQLite file: no other server changes its persons, nor runs its background jobs. The feed is written
 * all the same (a row per change) but not followed: nothing listens (changes_listen NULL), waiting is sleeping, and a
 * job's lock is always taken (job_try_lock and job_unlock NULL: store/driver.h). */
static int sqlite_changes_wait(Db *db, int timeout_ms)
{
    (void)db;
    struct timespec pause = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
    return TK_OK;
}

static const SqlEngine sqlite_engine = {
    .schema_version = sqlite_schema_version,
    .migrate_to = sqlite_migrate_to,
    .check = sqlite_check,
    .set_bulk = sqlite_set_bulk,
    .set_autocheckpoint = sqlite_set_autocheckpoint,
    .track_wal_frames = sqlite_track_wal_frames,
    .checkpoint = sqlite_checkpoint,
    .set_durable = sqlite_set_durable,
    .set_commit_waits = sqlite_set_commit_waits,
    .log_open = sqlite_log_open,
    .set_cache_mib = sqlite_set_cache_mib,
    .copy_into = sqlite_copy_into,
    .audit_last_id = sqlite_audit_last_id,
    .study_index_get = sqlite_study_index_get,
    .study_index_put = sqlite_study_index_put,
    .study_index_has = sqlite_study_index_has,
    .study_search = sqlite_study_search,
    .changes_wait = sqlite_changes_wait,
};

static const SqlDriver sqlite_driver = {
    .name = "sqlite",
    .engine = &sqlite_engine,
    SQL_DRIVER_FUNCTIONS(inserted_id),
};

enum { BUSY_TIMEOUT_US = 10 * 1000 * 1000 };

static int64_t monotonic_us(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

/* SQLite's busy handler: waits for a lock in steps of 50 µs growing to 2 ms, for at most 10 s. */
static int busy_wait(void *context, int count)
{
    Db *db = context;
    int64_t now = monotonic_us();
    if (count == 0)
        db->busy_since_us = now;
    if (now - db->busy_since_us >= BUSY_TIMEOUT_US)
        return 0;
    long step_us = count < 20 ? 50 : count < 100 ? 500 : 2000;
    struct timespec pause = {0, step_us * 1000};
    nanosleep(&pause, NULL);
    return 1;
}

int store_sqlite_connect(Db *db, const char *path, StoreOpenMode mode, char error_text[256])
{
    db->driver = &sqlite_driver;
    int flags = (mode == STORE_OPEN_READ_ONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX |
                (mode == STORE_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
    sqlite3 *conn = NULL;
    int rc = sqlite3_open_v2(path, &conn, flags, NULL);
    db->conn = conn;
    if (rc != SQLITE_OK) {
        snprintf(error_text, 256, "cannot open %s: %s", path, conn ? sqlite3_errmsg(conn) : "out of memory");
        return TK_ERR_DB;
    }
    sqlite3_extended_result_codes(conn, 1);
    sqlite3_busy_handler(conn, busy_wait, db);
    /* Hardening, as SQLite's own guidance for databases an attacker may have touched. */
    sqlite3_db_config(conn, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(conn, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_db_config(conn, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_limit(conn, SQLITE_LIMIT_LENGTH, 16 * 1024 * 1024);
    sqlite3_limit(conn, SQLITE_LIMIT_SQL_LENGTH, 100000);
    sqlite3_limit(conn, SQLITE_LIMIT_ATTACHED, 0);
    return TK_OK;
}

int store_sqlite_configure(Db *db, char error_text[256])
{
    int rc;
    if ((rc = store_sqlite_exec(db, "PRAGMA journal_mode = WAL", error_text)) != TK_OK ||
        (rc = store_sqlite_exec(db, "PRAGMA synchronous = FULL", error_text)) != TK_OK ||
        (rc = store_sqlite_exec(db, "PRAGMA foreign_keys = ON", error_text)) != TK_OK ||
        (rc = store_sqlite_exec(db, "PRAGMA temp_store = MEMORY", error_text)) != TK_OK ||
        /* a log that grew under load is cut back to 64 MiB when it starts over */
        (rc = store_sqlite_exec(db, "PRAGMA journal_size_limit = 67108864", error_text)) != TK_OK)
        return rc;
    return TK_OK;
}
