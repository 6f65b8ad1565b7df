/* Inside store/sqlite/ (and white-box tests) only: the SQLite driver's own functions. */
#ifndef TAKAMUL_STORE_SQLITE_SQLITE_H
#define TAKAMUL_STORE_SQLITE_SQLITE_H

#include <sqlite3.h>

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

#endif
