/* Inside store/ only: a thin statement helper over SQLite. Statements are literal SQL, cached per
 * connection by the address of their text; parameters are bound by name, and an unknown name is an
 * error, never a silent NULL. */
#ifndef TAKAMUL_STORE_SQL_H
#define TAKAMUL_STORE_SQL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "store/store.h"

struct Db {
    sqlite3 *conn;
    char *path;
    struct { const char *sql; sqlite3_stmt *stmt; } cache[256]; /* above the number of statements the program has */
    int cached;
    /* bind names already looked up, by statement and name (names are string literals, compared by address) */
    struct { const sqlite3_stmt *stmt; const char *name; int index; } names[4096];
    bool writing;          /* holds the process's write turn (store_begin) */
    int reading;           /* depth of store_read_begin */
    int64_t busy_since_us; /* when the current wait for SQLite's lock began */
};

typedef struct {
    Db *db;
    sqlite3_stmt *stmt;
    int rc; /* first error, a TkErr; TK_OK while all is well */
} Query;

/* Prepares (or takes from the cache) a statement. */
Query sql_query(Db *db, const char *sql);
/* Text and blobs are bound without a copy: they must stay alive until sql_done (or sql_exec) returns. */
void sql_text(Query *q, const char *name, const char *value); /* NULL binds NULL */
void sql_int(Query *q, const char *name, int64_t value);
void sql_int_or_null(Query *q, const char *name, int64_t value); /* 0 binds NULL */
void sql_blob(Query *q, const char *name, const void *data, size_t len);
/* Steps: true while there is a row. */
bool sql_row(Query *q);
/* Steps a statement that returns no rows; then resets. Returns q->rc (TK_ERR_EXISTS on a unique clash). */
int sql_exec(Query *q);
/* Resets the statement and returns the first error, or 0. */
int sql_done(Query *q);
/* Column readers. Text is copied into the arena (NULL stays NULL). */
int64_t sql_col_int(Query *q, int col);
char *sql_col_text(Query *q, int col, Arena *arena);
const void *sql_col_blob(Query *q, int col, size_t *len);
/* Reads the rows of q into a new array of items of size bytes in the arena, each zeroed and then filled by read;
 * with limit > 0, stops after limit rows and sets *more (when not NULL) if another follows. Ends q (sql_done). */
typedef void (*SqlReadRow)(Query *q, Arena *arena, void *item);
int sql_collect(Query *q, Arena *arena, size_t size, SqlReadRow read, int limit, void *items, int *count, bool *more);
/* Rows changed by the last write on this connection. */
int64_t sql_changes(Db *db);
int64_t sql_last_id(Db *db);

#endif
