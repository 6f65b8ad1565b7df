#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "base/err.h"
#include "base/log.h"
#include "store/driver.h"
#include "store/pg/pg.h"
#include "store/sqlite/sqlite.h"

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

bool store_names_postgres(const char *db)
{
    return strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0 || strstr(db, "host=") ||
           strstr(db, "dbname=");
}

void store_db_name(const char *db, char *out, size_t size)
{
    if (store_names_postgres(db))
        store_pg_display_name(db, out, size);
    else
        snprintf(out, size, "%s", db);
}

int store_open(const char *path, StoreOpenMode mode, Db **out, char error[256])
{
    *out = NULL;
    bool pg = store_names_postgres(path);
    struct stat info;
    if (!pg && mode != STORE_OPEN_CREATE && stat(path, &info) != 0) {
        if (errno == EACCES)
            snprintf(error, 256, "the database at %s is out of reach of uid %u (permission denied): chown its folder",
                     path, (unsigned)geteuid());
        else
            snprintf(error, 256, "no database at %s (create one with: takamul init --db %s)", path, path);
        return errno == EACCES ? TK_ERR_DB : TK_ERR_NOT_FOUND;
    }
    /* a PostgreSQL database is named in messages without its password */
    char name[256];
    store_db_name(path, name, sizeof name);
    Db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(name))) {
        free(db);
        snprintf(error, 256, "out of memory");
        return TK_ERR_NOMEM;
    }
    int rc = pg ? store_pg_connect(db, path, mode, error) : store_sqlite_connect(db, path, mode, error);
    if (rc != TK_OK)
        goto done;
    /* A database that is not ours, or from a newer program, is refused before anything is written to it. */
    int version = store_schema_version(db);
    if (version < 0) {
        snprintf(error, 256, "%.120s is not a Takamul database: %.100s", name, db->driver->error(db));
        rc = TK_ERR_DB;
        goto done;
    }
    if (version > store_schema_latest()) {
        snprintf(error, 256, "the database has schema version %d, newer than this program's %d: use a newer takamul",
                 version, store_schema_latest());
        rc = TK_ERR_VERSION;
        goto done;
    }
    if (version == 0 && (pg ? store_pg_foreign_tables(db) : store_sqlite_foreign_tables(db))) {
        snprintf(error, 256, "%.150s is %s database of another program, not a Takamul database", name,
                 pg ? "a PostgreSQL" : "an SQLite");
        rc = TK_ERR_DB;
        goto done;
    }
    /* a PostgreSQL database is made by its administrator: takamul init gives it its schema (and the key file) */
    if (pg && version == 0 && mode != STORE_OPEN_CREATE) {
        snprintf(error, 256, "%.150s holds no Takamul schema yet (create it with: takamul init --db URI --key FILE)",
                 name);
        rc = TK_ERR_NOT_FOUND;
        goto done;
    }
    if (mode == STORE_OPEN_READ_ONLY)
        goto done;
    if (!pg && (rc = store_sqlite_configure(db, error)) != TK_OK)
        goto done;
    if (mode != STORE_OPEN_NO_MIGRATE)
        rc = store_migrate_to(db, store_schema_latest(), error);
done:
    if (rc != TK_OK) {
        store_close(db);
        return rc;
    }
    if (!pg && mode != STORE_OPEN_READ_ONLY && chmod(path, 0600) != 0)
        log_warn("cannot make %s private: %s", path, strerror(errno));
    *out = db;
    return TK_OK;
}

void store_close(Db *db)
{
    if (!db)
        return;
    sql_cache_clear(db);
    if (db->driver)
        db->driver->close(db); /* rolls back a transaction left open */
    release_write_turn(db);
    free(db->path);
    free(db);
}

bool store_in_transaction(Db *db)
{
    return db->writing || db->reading || db->driver->in_transaction(db);
}

/* Back to commits that wait for the disk, outside a transaction; a connection that cannot be set back writes no more
 * (store_begin refuses) until it can. */
static void commits_wait_again(Db *db)
{
    if (db->commits_unsynced && db->driver->engine->set_commit_waits(db, true) == TK_OK)
        db->commits_unsynced = false;
    else if (db->commits_unsynced)
        log_error("a connection's commits could not be made to wait for the disk again");
}

int store_begin(Db *db)
{
    if (db->writing)
        return TK_ERR_INTERNAL; /* a transaction inside a transaction */
    if (db->commits_unsynced && !db->unsynced_begun) {
        commits_wait_again(db);
        if (db->commits_unsynced)
            return TK_ERR_DB;
    }
    if (db->reading && db->driver->in_transaction(db)) {
        /* a write ends the snapshot read so far; reads after it see the database as it then is */
        int rc = db->driver->commit(db);
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
    int rc = db->driver->begin(db, true);
    if (rc != TK_OK)
        release_write_turn(db);
    return rc;
}

bool store_can_begin_unsynced(Db *db)
{
    return !db->writing && db->driver->engine->set_commit_waits;
}

bool store_begin_unsynced(Db *db, int *rc)
{
    if (!store_can_begin_unsynced(db))
        return false;
    /* the setting cannot change inside a transaction: a read snapshot ends here, as a write would end it */
    if (db->reading && db->driver->in_transaction(db) && (*rc = db->driver->commit(db)) != TK_OK)
        return true;
    if ((*rc = db->driver->engine->set_commit_waits(db, false)) != TK_OK)
        return true;
    db->commits_unsynced = true;
    db->unsynced_begun = true;
    *rc = store_begin(db);
    db->unsynced_begun = false;
    if (*rc != TK_OK)
        commits_wait_again(db);
    return true;
}

void store_read_resume(Db *db)
{
    if (db->reading > 0 && !db->writing && !db->driver->in_transaction(db) && db->driver->begin(db, false) != TK_OK)
        log_warn("a read snapshot could not begin again after a write: statements read one by one");
}

int store_read_begin(Db *db)
{
    if (db->reading++ > 0 || db->writing)
        return TK_OK; /* inside an outer read, or a write that reads its own snapshot */
    int rc = db->driver->begin(db, false);
    if (rc != TK_OK)
        db->reading--;
    return rc;
}

/* Ends a read transaction, or one level of them; a write begun inside it has already ended it. */
void store_read_end(Db *db)
{
    if (db->reading > 0 && --db->reading == 0 && !db->writing && db->driver->in_transaction(db))
        db->driver->commit(db);
}

int store_commit(Db *db)
{
    int rc = db->driver->commit(db);
    if (rc != TK_OK)
        store_rollback(db);
    release_write_turn(db);
    commits_wait_again(db);
    return rc;
}

void store_rollback(Db *db)
{
    db->driver->rollback(db);
    release_write_turn(db);
    commits_wait_again(db);
}
