/* The store: the only code that speaks SQL. Connection set-up, migrations and transactions here;
 * queries per resource in the other store/ headers. */
#ifndef TAKAMUL_STORE_STORE_H
#define TAKAMUL_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Db Db;

typedef enum {
    STORE_OPEN_EXISTING,   /* the file must exist; an older schema is migrated */
    STORE_OPEN_CREATE,     /* create the file when missing, then migrate */
    STORE_OPEN_NO_MIGRATE, /* the file must exist; its schema is left as it is (checks) */
    STORE_OPEN_READ_ONLY,  /* the file must exist and is only read, nothing set in it (a backup being checked) */
} StoreOpenMode;

/* Whether db names a PostgreSQL database (a postgresql:// or postgres:// URI, or a libpq keyword string with host=
 * or dbname=) rather than an SQLite file. */
bool store_names_postgres(const char *db);
/* db as messages name it: a PostgreSQL database without its password. */
void store_db_name(const char *db, char *out, size_t size);
/* Opens a connection to the SQLite file at path, or to the PostgreSQL database it names (store_names_postgres).
 * SQLite: with WAL, foreign keys, synchronous=FULL and the hardening settings.
 * 0, or a TkErr with a message in error (size 256). The caller closes it with store_close. */
int store_open(const char *path, StoreOpenMode mode, Db **out, char error[256]);
void store_close(Db *db);
/* The schema version this program writes, and the one a connection's file has. */
int store_schema_latest(void);
int store_schema_version(Db *db);
/* Migrates up to version target (tests use it to build older files); 0 or a TkErr. */
int store_migrate_to(Db *db, int target, char error[256]);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Begin and commit return 0 or TK_ERR_DB. */
int store_begin(Db *db);
/* A read transaction: the statements until store_read_end see one snapshot of the database (and the connection
 * keeps its page cache between them). Nests; store_begin inside it ends the snapshot before writing. */
int store_read_begin(Db *db);
void store_read_end(Db *db);
/* Inside store_read_begin, after a write ended its snapshot: begins a new snapshot for the reads that follow. */
void store_read_resume(Db *db);
/* True while db has a transaction open (a request must never end with one). */
bool store_in_transaction(Db *db);
int store_commit(Db *db);
void store_rollback(Db *db);
/* Begins a write transaction (as store_begin) whose commit writes the engine's log without waiting for the disk: the
 * commit is durable only once a sync of the log (store_log_open) has succeeded after it. The connection's commits
 * wait again once this transaction ends. False, having done nothing, when the engine's commits always wait
 * (PostgreSQL); otherwise *rc is 0 or a TkErr (nothing begun). */
bool store_begin_unsynced(Db *db, int *rc);
/* Whether store_begin_unsynced would begin: the engine can, and db is in no write transaction. */
bool store_can_begin_unsynced(Db *db);

/* Gives the connection a page cache of this many MiB (bulk work: imports, index loads). */
int store_set_cache_mib(Db *db, int mib);
/* Bulk loading on (fewer checkpoints of the write-ahead log) or off (back to the default, log checkpointed). */
int store_set_bulk(Db *db, bool bulk);
/* Checkpoints of the write-ahead log after this many pages of commits (0: never; the server checkpoints on a thread
 * of its own instead, so that no request waits for one). */
int store_set_autocheckpoint(Db *db, int pages);
/* Copies what it can of the write-ahead log into the database without waiting for readers or writers. */
int store_checkpoint(Db *db);
/* After each commit on db, *frames is set to the number of frames in the write-ahead log (replaces automatic
 * checkpoints on that connection). */
void store_track_wal_frames(Db *db, int *frames);
/* A file descriptor, read-only, of the log db's commits write (SQLite's write-ahead log), whose sync makes the commits
 * of store_begin_unsynced durable; -1 when the engine has none (PostgreSQL). The caller closes it. */
int store_log_open(Db *db);
/* Commits wait for the disk (the default) or not: only for synthetic data that can be made again (the demo). */
int store_set_durable(Db *db, bool durable);
/* Runs PRAGMA integrity_check and foreign_key_check; 0 when clean, else a message in error. */
int store_check(Db *db, char error[256]);
/* The background jobs that run once across the servers of one database (docs/store.md, "Several servers"). */
typedef enum { STORE_JOB_DAILY = 1 } StoreJob;
/* Takes the job's lock for db's connection if no other connection (of this server or another) holds it: *held says
 * whether it was taken; a server that does not get it skips the job. Released by store_job_unlock or by closing db.
 * 0 or a TkErr. */
int store_job_try_lock(Db *db, StoreJob job, bool *held);
void store_job_unlock(Db *db, StoreJob job);
/* The audit-chain key used for every audit row written from now on (copied). */
void store_set_audit_key(const uint8_t key[32]);

#endif
