/* Inside store/ only: what the seam (store/sql.c) asks of a database engine's driver, and the connection it keeps.
 * Two drivers: SQLite's (store/sqlite/driver.c) and PostgreSQL's (store/pg/driver.c). A driver:
 * - maps the named parameters of a statement (:name) to its own placeholders: SQLite takes :name as it is;
 *   PostgreSQL's driver rewrites the text once at prepare, each distinct name becoming $1, $2, … in the order of its
 *   first appearance (a name used twice is the same $n), skipping string literals, quoted identifiers and comments,
 *   and keeps the name-to-number table for param_index (sql_placeholders_numbered shows the mapping);
 * - maps its errors to TkErr: a unique or primary key clash TK_ERR_EXISTS, another constraint TK_ERR_INVALID, a lock
 *   or serialization failure TK_ERR_BUSY, out of memory TK_ERR_NOMEM, anything else TK_ERR_DB (logged). */
#ifndef TAKAMUL_STORE_DRIVER_H
#define TAKAMUL_STORE_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/person.h"
#include "store/case_visible.h"
#include "store/sql.h"
#include "store/studies.h"

/* What an engine does its own way (store/engine.h and the engine's parts of store/store.h), as its folder implements
 * it: store/engine.c calls these through the connection's driver. Where an engine has nothing to do (a setting or a
 * checkpoint its server keeps itself, the change feed and the jobs' locks of one server alone), it leaves the
 * function NULL: store/engine.c then answers TK_OK (no frames tracked, the lock taken). */
typedef struct {
    int (*schema_version)(Db *db);
    int (*migrate_to)(Db *db, int target, char error[256]);
    int (*check)(Db *db, char error[256]);
    int (*set_bulk)(Db *db, bool bulk);
    int (*set_autocheckpoint)(Db *db, int pages);
    void (*track_wal_frames)(Db *db, int *frames);
    int (*checkpoint)(Db *db);
    int (*set_durable)(Db *db, bool durable);
    /* Whether a commit waits for the disk (store_begin_unsynced); NULL: commits always wait. */
    int (*set_commit_waits)(Db *db, bool waits);
    /* A file descriptor (read-only) of the log the commits write, for the audit writer's syncer (store_log_open);
     * -1 when there is none. */
    int (*log_open)(Db *db);
    int (*set_cache_mib)(Db *db, int mib);
    int (*copy_into)(Db *db, const char *path, char error[256]);
    int (*audit_last_id)(Db *db, int64_t *id);
    int (*study_index_get)(Db *db, int64_t study_id, Arena *arena, char **body);
    int (*study_index_put)(Db *db, int64_t study_id, const char *body);
    int (*study_index_has)(Db *db, const char *word, bool *found);
    int (*study_search)(Db *db, const CaseViewer *viewer, const StudyFilter *f, char **const *words,
                        const int *word_counts, const bool *prefix, Arena *arena, Study **items, int *count,
                        bool *more);
    /* store_person_insert_many loaded in one go; NULL: one store_person_insert after the other. */
    int (*person_insert_many)(Db *db, Person *persons, int count, int64_t user_id, int *results);
    int (*changes_listen)(Db *db);
    int (*changes_wait)(Db *db, int timeout_ms);
    int (*job_try_lock)(Db *db, int64_t key, bool *held);
    int (*job_unlock)(Db *db, int64_t key);
} SqlEngine;

/* Sets what an insert of a person sets besides its id (for an engine's store_person_insert_many). */
void store_person_inserted(Person *person, int64_t user_id, int64_t now);

enum { SQL_STEP_ROW = 1, SQL_STEP_DONE = 2 }; /* what step returns besides a TkErr */

typedef struct {
    const char *name;
    const SqlEngine *engine;
    /* Prepares sql (TK_OK, or a TkErr, logged). The statement lives until finalize. */
    int (*prepare)(Db *db, const char *sql, SqlStmt **stmt);
    void (*finalize)(SqlStmt *stmt);
    /* The 1-based number of a named parameter; 0 when the statement has none of that name. */
    int (*param_index)(SqlStmt *stmt, const char *name);
    /* Binds: TK_OK or a TkErr. Text and blobs are not copied. */
    int (*bind_int)(SqlStmt *stmt, int index, int64_t value);
    int (*bind_text)(SqlStmt *stmt, int index, const char *value);
    int (*bind_blob)(SqlStmt *stmt, int index, const void *data, size_t len);
    int (*bind_null)(SqlStmt *stmt, int index);
    /* SQL_STEP_ROW, SQL_STEP_DONE, or a TkErr (mapped as above, logged when unexpected). */
    int (*step)(Db *db, SqlStmt *stmt);
    /* Back to the start, bindings cleared. */
    void (*reset)(SqlStmt *stmt);
    int64_t (*col_int)(SqlStmt *stmt, int col);
    const char *(*col_text)(SqlStmt *stmt, int col, size_t *len); /* NULL for NULL */
    const void *(*col_blob)(SqlStmt *stmt, int col, size_t *len);
    bool (*col_is_null)(SqlStmt *stmt, int col);
    const char *(*text)(SqlStmt *stmt); /* the statement's SQL, for messages */
    bool (*busy)(SqlStmt *stmt);        /* stepped and not yet reset */
    bool (*read_only)(SqlStmt *stmt);   /* writes nothing */
    int64_t (*changes)(Db *db);         /* rows changed by the last write */
    /* The id of the row the last INSERT added, for a driver that prepares "… RETURNING id" without the clause (its
     * statements then give no row: they run through sql_exec_returning only); NULL when the clause is kept. */
    int64_t (*inserted_id)(Db *db);
    const char *(*error)(Db *db); /* the connection's last error message */
    /* Transactions: begin a write (taking the engine's write lock at once) or a read (one snapshot); commit;
     * roll back (nothing when none is open); whether one is open on the engine's side. */
    int (*begin)(Db *db, bool write);
    int (*commit)(Db *db);
    void (*rollback)(Db *db);
    bool (*in_transaction)(Db *db);
    void (*close)(Db *db);
} SqlDriver;

/* The functions of a driver, each a static function of the driver's file named as its field (prepare, finalize, …),
 * with inserted_id given: const SqlDriver x = {.name = "…", .engine = &…, SQL_DRIVER_FUNCTIONS(inserted_id)}. */
#define SQL_DRIVER_FUNCTIONS(inserted)                                                                                 \
    .prepare = prepare, .finalize = finalize, .param_index = param_index, .bind_int = bind_int,                        \
    .bind_text = bind_text, .bind_blob = bind_blob, .bind_null = bind_null, .step = step, .reset = reset,              \
    .col_int = col_int, .col_text = col_text, .col_blob = col_blob, .col_is_null = col_is_null, .text = text,          \
    .busy = busy, .read_only = read_only, .changes = changes, .inserted_id = inserted, .error = error, .begin = begin, \
    .commit = commit, .rollback = rollback, .in_transaction = in_transaction, .close = close_connection

/* A connection: the driver, its handle, and the seam's caches. */
struct Db {
    const SqlDriver *driver;
    void *conn; /* the driver's connection */
    char *path;
    struct {
        const char *sql;
        SqlStmt *stmt;
    } cache[256]; /* above the number of statements the program has */
    int cached;
    /* bind names already looked up, by statement and name (names are string literals, compared by address) */
    struct {
        const SqlStmt *stmt;
        const char *name;
        int index;
    } names[4096];
    bool writing;          /* holds the process's write turn (store_begin) */
    int reading;           /* depth of store_read_begin */
    bool commits_unsynced; /* store_begin_unsynced set the connection's commits not to wait for the disk */
    bool unsynced_begun;   /* inside store_begin_unsynced, which begins the transaction */
    int64_t busy_since_us; /* when the current wait for the engine's lock began */
};

/* Finalizes every cached statement of db (before its driver closes the connection). */
void sql_cache_clear(Db *db);

/* The statements of the program's store, as recorded by sql_query (sql.h): *count pointers to their texts. The
 * same text may be recorded more than once (one entry per call site). */
const char *const *sql_statements(size_t *count);
/* Rewrites the named parameters of sql as PostgreSQL's $1, $2, … (see above) into out (size bytes); the number of
 * parameters, or -1 when out is too small. */
int sql_placeholders_numbered(const char *sql, char *out, size_t size);
/* The same, also giving the distinct names (with their colon) in the order of their numbers: names[i] points into
 * sql, lengths[i] is its length; at most max of them (-1 beyond). */
int sql_placeholders_named(const char *sql, char *out, size_t size, const char **names, size_t *lengths, int max);

#endif
