/* Inside store/pg/ (and store/db.c, which opens connections) only: the PostgreSQL driver's own functions. */
#ifndef TAKAMUL_STORE_PG_PG_H
#define TAKAMUL_STORE_PG_PG_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "store/driver.h"
#include "store/store.h"

/* The key of the advisory lock a writing transaction takes at its start: one writer at a time, as SQLite's
 * BEGIN IMMEDIATE (docs/store.md). */
#define PG_WRITER_LOCK "SELECT pg_advisory_xact_lock(5419738427)"

/* Connects db (its driver set to PostgreSQL's) to the database conninfo names (a libpq URI or keyword string); 0 or
 * a TkErr with a message in error. */
int store_pg_connect(Db *db, const char *conninfo, StoreOpenMode mode, char error[256]);
/* The connection's libpq handle. */
PGconn *store_pg_conn(Db *db);
/* Runs SQL of PostgreSQL's own (any number of statements, no parameters); 0 or a TkErr with the server's message in
 * error when not NULL. */
int store_pg_exec(Db *db, const char *sql, char error[256]);
/* Runs sql, with param as its $1 when not NULL, for one row: its first value as text in out (size bytes). TK_OK, or
 * the TkErr of a failure or of a result that is not one row. */
int store_pg_value(Db *db, const char *sql, const char *param, char *out, size_t size);
/* The TkErr of a failed result (NULL: out of memory), by its SQLSTATE; logged with sql when unexpected. */
int store_pg_error(Db *db, const PGresult *result, const char *sql);
/* The TkErr of a SQLSTATE (NULL: none given). */
int store_pg_sqlstate_error(const char *sqlstate);
/* Whether the database already holds tables without a Takamul schema version (another program's). */
bool store_pg_foreign_tables(Db *db);
/* conninfo without its password, for messages: postgresql://user@host:port/dbname. */
void store_pg_display_name(const char *conninfo, char *out, size_t size);
/* Decodes a bytea in PostgreSQL's text output (hex "\x…", or the old escape format) into out (at least
 * strlen(text) bytes); the number of bytes, or -1 when text is not a bytea's text. */
long store_pg_bytea_decode(const char *text, unsigned char *out);
/* Whether a statement writes nothing (a SELECT, or a WITH without INSERT, UPDATE or DELETE; no FOR UPDATE/SHARE). */
bool store_pg_read_only(const char *sql);

/* PostgreSQL's side of the engine's functions (SqlEngine, store/driver.h): store/pg/schema.c and the text search of
 * studies (store/pg/study_search.c). */
extern const SqlEngine pg_engine;
int pg_study_index_get(Db *db, int64_t study_id, Arena *arena, char **body);
int pg_study_index_put(Db *db, int64_t study_id, const char *body);
int pg_study_index_has(Db *db, const char *word, bool *found);
int pg_study_search(Db *db, const CaseViewer *viewer, const StudyFilter *f, char **const *words, const int *word_counts,
                    const bool *prefix, Arena *arena, Study **items, int *count, bool *more);
int pg_person_insert_many(Db *db, Person *persons, int count, int64_t user_id, int *results);
/* Appends a person's row of the import's COPY (text format: tab-separated, \N for NULL, backslash, tab, newline and
 * carriage return escaped), its columns in the order store/pg/person_copy.c names them. */
void store_pg_copy_row(Buf *b, const Person *p, int64_t user_id, int64_t now);
/* Several servers on one database (store/pg/servers.c): the person change feed's announcements and the locks of
 * background jobs. */
int pg_changes_listen(Db *db);
int pg_changes_wait(Db *db, int timeout_ms);
int pg_job_try_lock(Db *db, int64_t key, bool *held);
int pg_job_unlock(Db *db, int64_t key);

#endif
