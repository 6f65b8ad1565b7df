/* Inside store/sqlite/ (and white-box tests) only: the SQLite driver's own functions. */
#ifndef TAKAMUL_STORE_SQLITE_SQLITE_H
#define TAKAMUL_STORE_SQLITE_SQLITE_H

#include <sqlite3.h>

#include "store/driver.h"
#include "store/store.h"

/* The references that find no row (PRAGMA foreign_key_check), up to a million; -1 when it cannot be asked. The first
 * is described in first. */
int64_t store_sqlite_broken_references(Db *db, char first[256]);
/* The connection's SQLite handle. */
sqlite3 *store_sqlite_conn(Db *db);
/* Opens the file at path for db (its driver set to SQLite's), with the hardening settings; 0 or a TkErr with a
 * message in error. */
int store_sqlite_connect(Db *db, const char *path, StoreOpenMode mode, char error[256]);
/* WAL, synchronous=FULL, foreign keys and the other settings of a connection that writes. */
int store_sqlite_configure(Db *db, char error[256]);
/* Runs SQL of SQLite's own (transactions, PRAGMAs, DDL), any number of statements; 0 or a TkErr (TK_ERR_BUSY,
 * TK_ERR_NOMEM, else TK_ERR_DB) with SQLite's message in error when not NULL. */
int store_sqlite_exec(Db *db, const char *sql, char error[256]);
/* The TkErr of a failed step (rc), logged with sql when unexpected. */
int store_sqlite_error(Db *db, int rc, const char *sql);
/* Whether a file without a schema version already holds tables (another program's database). */
bool store_sqlite_foreign_tables(Db *db);

/* SQLite's side of the engine's functions (SqlEngine, store/driver.h). */
int sqlite_schema_version(Db *db);
int sqlite_migrate_to(Db *db, int target, char error[256]);
int sqlite_check(Db *db, char error[256]);
int sqlite_set_bulk(Db *db, bool bulk);
int sqlite_set_autocheckpoint(Db *db, int pages);
void sqlite_track_wal_frames(Db *db, int *frames);
int sqlite_checkpoint(Db *db);
int sqlite_set_durable(Db *db, bool durable);
int sqlite_set_commit_waits(Db *db, bool waits);
int sqlite_log_open(Db *db);
int sqlite_set_cache_mib(Db *db, int mib);
int sqlite_copy_into(Db *db, const char *path, char error[256]);
int sqlite_audit_last_id(Db *db, int64_t *id);
int sqlite_study_index_get(Db *db, int64_t study_id, Arena *arena, char **body);
int sqlite_study_index_put(Db *db, int64_t study_id, const char *body);
int sqlite_study_index_has(Db *db, const char *word, bool *found);
int sqlite_study_search(Db *db, const CaseViewer *viewer, const StudyFilter *f, char **const *words,
                        const int *word_counts, const bool *prefix, Arena *arena, Study **items, int *count,
                        bool *more);

/* The rows the migrations leave in a new database (agencies, governorates, study templates, …), for another engine's
 * new database to start with the same: migrates an in-memory database to this program's schema and calls row for
 * each row of each table that has rows, parents before the tables that refer to them. values[i] is NULL for NULL,
 * else the value's text (an integer or real written out) or bytes (a blob: is_blob[i], lengths[i] bytes). 0 or a
 * TkErr (the first row's non-zero answer) with a message in error. */
typedef int (*SqliteRowSink)(void *context, const char *table, int columns, const char *const *names,
                             const char *const *values, const int *lengths, const bool *is_blob);
int store_sqlite_reference_rows(SqliteRowSink row, void *context, char error[256]);

#endif
