#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/err.h"
#include "base/log.h"
#include "store/migrations.h"
#include "store/sql.h"

int store_schema_latest(void)
{
    return store_migrations[store_migrations_count - 1].version;
}

/* One write transaction at a time in this process. SQLite's own lock admits one writer too, but a connection that
 * finds it taken polls it with sleeps of up to 100 ms, and under constant load (the audit writer commits
 * back-to-back) a polling writer can miss every free moment for seconds. Waiting on a mutex instead, a writer
 * wakes as soon as the one before it commits. Other processes (the command line beside a running server) still
 * meet at SQLite's lock, polled finely by busy_wait. */
static pthread_mutex_t write_turn;
static pthread_once_t write_turn_once = PTHREAD_ONCE_INIT;

static void write_turn_init(void)
{
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_ERRORCHECK); /* a second lock by its holder fails */
    pthread_mutex_init(&write_turn, &attributes);
    pthread_mutexattr_destroy(&attributes);
}

enum { BUSY_TIMEOUT_US = 10 * 1000 * 1000 };

static void release_write_turn(Db *db)
{
    if (db->writing) {
        db->writing = false;
        pthread_mutex_unlock(&write_turn);
    }
}

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

static int exec_simple(Db *db, const char *sql, char error[256])
{
    char *message = NULL;
    if (sqlite3_exec(db->conn, sql, NULL, NULL, &message) != SQLITE_OK) {
        snprintf(error, 256, "%s", message ? message : sqlite3_errmsg(db->conn));
        sqlite3_free(message);
        return TK_ERR_DB;
    }
    return TK_OK;
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
        if (exec_simple(db, "BEGIN IMMEDIATE", inner) != TK_OK || work->run(db) != TK_OK ||
            exec_simple(db, done, inner) != TK_OK || exec_simple(db, "COMMIT", inner) != TK_OK) {
            if (!*inner)
                snprintf(inner, sizeof inner, "%s", sqlite3_errmsg(db->conn));
            exec_simple(db, "ROLLBACK", (char[256]){0});
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
        snprintf(error, 256,
                 "the database has schema version %d, newer than this program's %d: use a newer takamul",
                 current, store_schema_latest());
        return TK_ERR_VERSION;
    }
    for (int i = 0; i < store_migrations_count; i++) {
        const Migration *migration = &store_migrations[i];
        if (migration->version <= current || migration->version > target)
            continue;
        char inner[256] = "";
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", migration->version);
        if (exec_simple(db, "BEGIN IMMEDIATE", inner) != TK_OK || exec_simple(db, migration->sql, inner) != TK_OK ||
            exec_simple(db, pragma, inner) != TK_OK || exec_simple(db, "COMMIT", inner) != TK_OK) {
            exec_simple(db, "ROLLBACK", (char[256]){0});
            snprintf(error, 256, "migration %d failed: %.200s", migration->version, inner);
            return TK_ERR_DB;
        }
        log_info("migrated %s to schema %d (%s)", db->path, migration->version, migration->summary);
    }
    return run_pending_work(db, error);
}

/* Whether a file without a schema version already holds tables (another program's database). */
static bool foreign_tables(Db *db)
{
    sqlite3_stmt *stmt = NULL;
    bool found = true;
    if (sqlite3_prepare_v2(db->conn, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        found = sqlite3_column_int(stmt, 0) > 0;
    sqlite3_finalize(stmt);
    return found;
}

int store_open(const char *path, StoreOpenMode mode, Db **out, char error[256])
{
    *out = NULL;
    struct stat info;
    if (mode != STORE_OPEN_CREATE && stat(path, &info) != 0) {
        snprintf(error, 256, "no database at %s (create one with: takamul init --db %s)", path, path);
        return TK_ERR_NOT_FOUND;
    }
    Db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        snprintf(error, 256, "out of memory");
        return TK_ERR_NOMEM;
    }
    int flags = (mode == STORE_OPEN_READ_ONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX |
                (mode == STORE_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
    int rc = TK_OK;
    if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
        snprintf(error, 256, "cannot open %s: %s", path, db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
        rc = TK_ERR_DB;
        goto done;
    }
    sqlite3_extended_result_codes(db->conn, 1);
    sqlite3_busy_handler(db->conn, busy_wait, db);
    /* Hardening, as SQLite's own guidance for databases an attacker may have touched. */
    sqlite3_db_config(db->conn, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db->conn, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_db_config(db->conn, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_limit(db->conn, SQLITE_LIMIT_LENGTH, 16 * 1024 * 1024);
    sqlite3_limit(db->conn, SQLITE_LIMIT_SQL_LENGTH, 100000);
    sqlite3_limit(db->conn, SQLITE_LIMIT_ATTACHED, 0);
    /* A database that is not ours, or from a newer program, is refused before anything is written to it. */
    int version = store_schema_version(db);
    if (version < 0) {
        snprintf(error, 256, "%s is not a Takamul database: %s", path, sqlite3_errmsg(db->conn));
        rc = TK_ERR_DB;
        goto done;
    }
    if (version > store_schema_latest()) {
        snprintf(error, 256,
                 "the database has schema version %d, newer than this program's %d: use a newer takamul",
                 version, store_schema_latest());
        rc = TK_ERR_VERSION;
        goto done;
    }
    if (version == 0 && foreign_tables(db)) {
        snprintf(error, 256, "%s is an SQLite database of another program, not a Takamul database", path);
        rc = TK_ERR_DB;
        goto done;
    }
    if (mode == STORE_OPEN_READ_ONLY)
        goto done;
    if ((rc = exec_simple(db, "PRAGMA journal_mode = WAL", error)) != TK_OK ||
        (rc = exec_simple(db, "PRAGMA synchronous = FULL", error)) != TK_OK ||
        (rc = exec_simple(db, "PRAGMA foreign_keys = ON", error)) != TK_OK ||
        (rc = exec_simple(db, "PRAGMA temp_store = MEMORY", error)) != TK_OK ||
        /* a log that grew under load is cut back to 64 MiB when it starts over */
        (rc = exec_simple(db, "PRAGMA journal_size_limit = 67108864", error)) != TK_OK)
        goto done;
    if (mode != STORE_OPEN_NO_MIGRATE)
        rc = store_migrate_to(db, store_schema_latest(), error);
done:
    if (rc != TK_OK) {
        store_close(db);
        return rc;
    }
    if (mode != STORE_OPEN_READ_ONLY && chmod(path, 0600) != 0)
        log_warn("cannot make %s private: %s", path, strerror(errno));
    *out = db;
    return TK_OK;
}

void store_close(Db *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->cached; i++)
        sqlite3_finalize(db->cache[i].stmt);
    sqlite3_close_v2(db->conn); /* rolls back a transaction left open */
    release_write_turn(db);
    free(db->path);
    free(db);
}

bool store_in_transaction(Db *db)
{
    return db->writing || db->reading || !sqlite3_get_autocommit(db->conn);
}

int store_begin(Db *db)
{
    if (db->writing)
        return TK_ERR_INTERNAL; /* a transaction inside a transaction */
    if (db->reading && !sqlite3_get_autocommit(db->conn)) {
        /* a write ends the snapshot read so far; reads after it see the database as it then is */
        Query end = sql_query(db, "COMMIT");
        int rc = sql_exec(&end);
        if (rc != TK_OK)
            return rc;
    }
    pthread_once(&write_turn_once, write_turn_init);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += BUSY_TIMEOUT_US / 1000000;
    int locked = pthread_mutex_timedlock(&write_turn, &until);
    if (locked == ETIMEDOUT)
        return TK_ERR_BUSY;
    if (locked != 0) { /* EDEADLK: this thread already writes on another connection */
        log_error("a write transaction was begun inside another on the same thread");
        return TK_ERR_INTERNAL;
    }
    db->writing = true;
    Query q = sql_query(db, "BEGIN IMMEDIATE");
    int rc = sql_exec(&q);
    if (rc != TK_OK)
        release_write_turn(db);
    return rc;
}

int store_read_begin(Db *db)
{
    if (db->reading++ > 0 || db->writing)
        return TK_OK; /* inside an outer read, or a write that reads its own snapshot */
    Query q = sql_query(db, "BEGIN DEFERRED");
    int rc = sql_exec(&q);
    if (rc != TK_OK)
        db->reading--;
    return rc;
}

/* Ends a read transaction, or one level of them; a write begun inside it has already ended it. */
void store_read_end(Db *db)
{
    if (db->reading > 0 && --db->reading == 0 && !db->writing && !sqlite3_get_autocommit(db->conn)) {
        Query q = sql_query(db, "COMMIT");
        sql_exec(&q);
    }
}

int store_commit(Db *db)
{
    Query q = sql_query(db, "COMMIT");
    int rc = sql_exec(&q);
    if (rc != TK_OK)
        store_rollback(db);
    release_write_turn(db);
    return rc;
}

void store_rollback(Db *db)
{
    if (!sqlite3_get_autocommit(db->conn)) {
        Query q = sql_query(db, "ROLLBACK");
        sql_exec(&q);
    }
    release_write_turn(db);
}

int store_check(Db *db, char error[256])
{
    Query q = sql_query(db, "PRAGMA integrity_check");
    Arena arena;
    arena_init(&arena, 0);
    int rc = TK_OK;
    while (sql_row(&q)) {
        char *line = sql_col_text(&q, 0, &arena);
        if (line && strcmp(line, "ok") != 0 && rc == TK_OK) {
            snprintf(error, 256, "integrity check: %.200s", line);
            rc = TK_ERR_DB;
        }
    }
    if (sql_done(&q) != TK_OK && rc == TK_OK) {
        snprintf(error, 256, "integrity check could not run");
        rc = TK_ERR_DB;
    }
    Query fk = sql_query(db, "PRAGMA foreign_key_check");
    if (sql_row(&fk) && rc == TK_OK) {
        snprintf(error, 256, "foreign key check: table %.100s row %lld points nowhere",
                 (const char *)sqlite3_column_text(fk.stmt, 0), (long long)sql_col_int(&fk, 1));
        rc = TK_ERR_DB;
    }
    sql_done(&fk);
    arena_free(&arena);
    return rc;
}

int store_set_bulk(Db *db, bool bulk)
{
    char error[256];
    /* A bulk load checkpoints the write-ahead log every 256 MiB instead of every 4: pages changed by many
     * transactions (the national number index) are copied into the database once rather than each time. */
    int rc = exec_simple(db, bulk ? "PRAGMA wal_autocheckpoint = 65536" : "PRAGMA wal_autocheckpoint = 1000", error);
    if (rc == TK_OK && !bulk)
        rc = exec_simple(db, "PRAGMA wal_checkpoint(TRUNCATE)", error);
    return rc;
}

int store_set_autocheckpoint(Db *db, int pages)
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

void store_track_wal_frames(Db *db, int *frames)
{
    sqlite3_wal_hook(db->conn, remember_frames, frames);
}

int store_checkpoint(Db *db)
{
    int rc = sqlite3_wal_checkpoint_v2(db->conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? TK_OK : TK_ERR_DB;
}

int store_set_durable(Db *db, bool durable)
{
    char error[256];
    return exec_simple(db, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF", error);
}

int store_set_cache_mib(Db *db, int mib)
{
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%d", mib * 1024);
    char error[256];
    return exec_simple(db, pragma, error);
}
