/* Inside store/ only: the seam between the store and its database engine. Statements are literal SQL that runs the
 * same on every engine the store supports (SQLite now, PostgreSQL to come), cached per connection by the address of
 * their text; parameters are named (:name) and bound by name, and an unknown name is an error, never a silent NULL.
 * Each engine's driver (store/driver.h) maps the names to its own placeholders and its errors to TkErr codes.
 * What an engine does its own way (schema, text search, backup, checkpoints) is in its folder (store/sqlite/). */
#ifndef TAKAMUL_STORE_SQL_H
#define TAKAMUL_STORE_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/fields.h"
#include "store/store.h"

typedef struct SqlStmt SqlStmt; /* a driver's prepared statement */

typedef struct {
    Db *db;
    SqlStmt *stmt;
    int rc; /* first error, a TkErr; TK_OK while all is well */
} Query;

/* Prepares (or takes from the cache) a statement. The text must be a string literal: the macro below records each
 * one in the section sql_statements of the program, where the PostgreSQL test (tests/pg) finds every statement the
 * store prepares. Statements of one engine only are prepared by that engine's files with (sql_query)(db, text). */
Query sql_query(Db *db, const char *sql);
#define SQL_STATEMENT(text)                                                                                            \
    __extension__({                                                                                                    \
        static const char *sql_statement_ __attribute__((used, section("sql_statements"))) = "" text "";               \
        sql_statement_;                                                                                                \
    })
#define sql_query(db, text) (sql_query)((db), SQL_STATEMENT(text))

/* Text and blobs are bound without a copy: they must stay alive until sql_done (or sql_exec) returns. */
void sql_text(Query *q, const char *name, const char *value); /* NULL binds NULL */
void sql_int(Query *q, const char *name, int64_t value);
void sql_int_or_null(Query *q, const char *name, int64_t value); /* 0 binds NULL */
void sql_null(Query *q, const char *name);
void sql_blob(Query *q, const char *name, const void *data, size_t len);
/* Begins the text of a statement that PostgreSQL is to plan once for its connection, whatever its parameters'
 * values (plan_cache_mode = force_generic_plan for its run, store/pg/driver.c), rather than at every run: for a
 * statement run often whose best plan does not depend on the values, where PostgreSQL would plan anew each time
 * (the person search's hits, whose viewer parameters of CASE_VISIBLE fold away only in a custom plan). A comment:
 * SQLite does not see it. */
#define SQL_GENERIC_PLAN "/* generic plan */ "

/* An IN list of a fixed number of named parameters, ten at a time: SQL_PARAMS_TEN(":p", 1) is the text
 * ":p10, :p11, … :p19" for the statement, SQL_PARAM_NAMES_TEN(":p", 1) the same names as ten strings for an array
 * to bind them by (a name is remembered by its address: each needs one of its own). Unused ones are bound to a value
 * that matches nothing, or to the first. */
#define SQL_PARAMS_TEN(p, d)                                                                                           \
    p #d "0, " p #d "1, " p #d "2, " p #d "3, " p #d "4, " p #d "5, " p #d "6, " p #d "7, " p #d "8, " p #d "9"
#define SQL_PARAM_NAMES_TEN(p, d)                                                                                      \
    p #d "0", p #d "1", p #d "2", p #d "3", p #d "4", p #d "5", p #d "6", p #d "7", p #d "8", p #d "9"
#define SQL_PARAMS_50(p)                                                                                               \
    SQL_PARAMS_TEN(p, )                                                                                                \
    ", " SQL_PARAMS_TEN(p, 1) ", " SQL_PARAMS_TEN(p, 2) ", " SQL_PARAMS_TEN(p, 3) ", " SQL_PARAMS_TEN(p, 4)
#define SQL_PARAMS_100(p)                                                                                              \
    SQL_PARAMS_50(p)                                                                                                   \
    ", " SQL_PARAMS_TEN(p, 5) ", " SQL_PARAMS_TEN(p, 6) ", " SQL_PARAMS_TEN(p, 7) ", " SQL_PARAMS_TEN(                 \
        p, 8) ", " SQL_PARAMS_TEN(p, 9)
#define SQL_PARAM_NAMES_50(p)                                                                                          \
    SQL_PARAM_NAMES_TEN(p, ), SQL_PARAM_NAMES_TEN(p, 1), SQL_PARAM_NAMES_TEN(p, 2), SQL_PARAM_NAMES_TEN(p, 3),         \
        SQL_PARAM_NAMES_TEN(p, 4)
#define SQL_PARAM_NAMES_100(p)                                                                                         \
    SQL_PARAM_NAMES_50(p), SQL_PARAM_NAMES_TEN(p, 5), SQL_PARAM_NAMES_TEN(p, 6), SQL_PARAM_NAMES_TEN(p, 7),            \
        SQL_PARAM_NAMES_TEN(p, 8), SQL_PARAM_NAMES_TEN(p, 9)
/* A parameter with its value, so that a statement's parameters are bound from one table (SQL_ARGS) rather than a line
 * each: sql_bind_args(&q, SQL_ARGS(SQL_INT(":case", case_id), SQL_TEXT(":role", role), SQL_ID(":by", by))). */
typedef enum { SQL_ARG_INT, SQL_ARG_ID, SQL_ARG_TEXT } SqlArgKind;
typedef struct {
    const char *name; /* a literal: the seam remembers names by their address */
    SqlArgKind kind;
    int64_t number;
    const char *text;
} SqlArg;
#define SQL_INT(name, value) ((SqlArg){(name), SQL_ARG_INT, (int64_t)(value), NULL})
#define SQL_ID(name, value) ((SqlArg){(name), SQL_ARG_ID, (value), NULL})  /* 0 binds NULL, as sql_int_or_null */
#define SQL_TEXT(name, value) ((SqlArg){(name), SQL_ARG_TEXT, 0, (value)}) /* NULL binds NULL */
#define SQL_ARGS(...) (const SqlArg[]){__VA_ARGS__}, (int)(sizeof((const SqlArg[]){__VA_ARGS__}) / sizeof(SqlArg))
void sql_bind_args(Query *q, const SqlArg *args, int count);
/* Whether the statement has the parameter name (for helpers shared by statements that name different ones). */
bool sql_names(Query *q, const char *name);
/* Steps: true while there is a row. */
bool sql_row(Query *q);
/* Steps a statement that returns no rows; then resets. Returns q->rc (TK_ERR_EXISTS on a unique clash). */
int sql_exec(Query *q);
/* Resets the statement and returns the first error, or 0. */
int sql_done(Query *q);
/* Column readers. Text is copied into the arena (NULL stays NULL). */
int64_t sql_col_int(Query *q, int col);
char *sql_col_text(Query *q, int col, Arena *arena);
/* The column's text without a copy: valid until the next sql_row or sql_done on q (NULL stays NULL). */
const char *sql_col_text_ref(Query *q, int col);
bool sql_col_is_null(Query *q, int col);
const void *sql_col_blob(Query *q, int col, size_t *len);
/* Reads the rows of q into a new array of items of size bytes in the arena, each zeroed and then filled by read;
 * with limit > 0, stops after limit rows and sets *more (when not NULL) if another follows. Ends q (sql_done). */
typedef void (*SqlReadRow)(Query *q, Arena *arena, void *item);
int sql_collect(Query *q, Arena *arena, size_t size, SqlReadRow read, int limit, void *items, int *count, bool *more);
/* Reading a row into a record by a table of its fields (base/fields.h), rather than a line per column: int64_t, int
 * and bool (non-zero) from an integer column, char * (copied into the arena, NULL stays NULL) from a text column. */
typedef Field SqlField;
typedef Fields SqlFields;
#define SQL_FIELDS(T, ...) FIELDS(T, __VA_ARGS__)
/* Reads the columns from col on into the fields of record; the column after the last. */
int sql_read_fields(Query *q, int col, Arena *arena, void *record, SqlFields fields);
/* Binds each of fields of record to the parameter of its name (:name): text as text (NULL binds NULL), int64_t and
 * int as numbers, bool as 1 or 0; the INSERT and the UPDATE of a record bind from the same table. */
void sql_bind_fields(Query *q, const void *record, SqlFields fields);
/* Steps q once and reads its row into item with read (when read is not NULL); ends q. TK_ERR_NOT_FOUND when there is
 * no row. */
int sql_one(Query *q, Arena *arena, SqlReadRow read, void *item);
/* A kind of record the store reads (its descriptor): the size of one and how a row becomes one, by the table of its
 * fields (the SELECT's columns from the first, in the table's order) or, for a row that is more than its fields, by a
 * reader of its own. A store file declares each kind once, at file scope, and hands it to the generic reads below,
 * so that its lists and gets are one call each:
 *     SQL_RECORD(GOAL, CaseGoal, id, case_id, goal, …);             read by its fields
 *     SQL_RECORD_READ(PLACEMENT, Placement, read_placement);       read by its own reader */
typedef struct {
    size_t size;
    SqlReadRow read; /* NULL: by fields */
    SqlFields fields;
    size_t name;     /* a person's full name after fields, from the four name columns: its field's offset + 1 (or 0) */
    SqlFields after; /* the fields after the name's columns */
} SqlRecord;
#define SQL_RECORD(name, T, ...)                                                                                       \
    static const Field name##_fields_[] = {FIELD_LIST(T, __VA_ARGS__)};                                                \
    static const SqlRecord name = {                                                                                    \
        sizeof(T), NULL, {name##_fields_, (int)(sizeof name##_fields_ / sizeof name##_fields_[0])}}
#define SQL_RECORD_READ(name, T, reader) static const SqlRecord name = {sizeof(T), (reader), {NULL, 0}, 0, {NULL, 0}}
/* A record with a person's full name among its fields: SQL_RECORD_NAMED(CHILD, CentreChild, (id, case_id, …),
 * person_name, (birth_date, …)) reads the fields before, the name composed of the four name columns (first, father,
 * grandfather, family: text/arabic.h), then the fields after. */
#define SQL_RECORD_NAMED(name, T, before, person, after)                                                               \
    static const Field name##_fields_[] = {FIELD_LIST(T, SQL_UNWRAP_ before)};                                         \
    static const Field name##_after_[] = {FIELD_LIST(T, SQL_UNWRAP_ after)};                                           \
    static const SqlRecord name = {sizeof(T),                                                                          \
                                   NULL,                                                                               \
                                   {name##_fields_, (int)(sizeof name##_fields_ / sizeof name##_fields_[0])},          \
                                   offsetof(T, person) + 1,                                                            \
                                   {name##_after_, (int)(sizeof name##_after_ / sizeof name##_after_[0])}}
#define SQL_UNWRAP_(...) __VA_ARGS__
/* The full name of the four name columns from col on (first, father, grandfather, family), copied into the arena. */
char *sql_col_full_name(Query *q, int col, Arena *arena);
/* Reads the row of q into item (a record of kind). */
void sql_read_record(Query *q, Arena *arena, const SqlRecord *kind, void *item);
/* sql_collect for records of kind. */
int sql_collect_records(Query *q, Arena *arena, const SqlRecord *kind, int limit, void *items, int *count, bool *more);
/* sql_one for a record of kind: item is zeroed first. */
int sql_one_record(Query *q, Arena *arena, const SqlRecord *kind, void *item);
/* The rows of select, whose one parameter key (":case", ":programme", …) is bound to value, as a new array of records
 * of kind in the arena: the list of a case, of a programme, … */
int sql_list_by(Db *db, const SqlRecord *kind, const char *select, const char *key, int64_t value, Arena *arena,
                void *items, int *count);
#define sql_list_by(db, kind, select, ...) (sql_list_by)((db), (kind), SQL_STATEMENT(select), __VA_ARGS__)
/* The one row of select, whose one parameter key is bound to value, into item (zeroed first); TK_ERR_NOT_FOUND when
 * there is none. */
int sql_get_by(Db *db, const SqlRecord *kind, const char *select, const char *key, int64_t value, Arena *arena,
               void *item);
#define sql_get_by(db, kind, select, ...) (sql_get_by)((db), (kind), SQL_STATEMENT(select), __VA_ARGS__)
/* The row of select, whose one parameter key is bound to value, read into fields of record (from the first column,
 * in their order); when there is no row, record is left as it is (not an error): the few fields one statement of
 * several fills. */
int sql_get_fields_by(Db *db, const char *select, const char *key, int64_t value, Arena *arena, void *record,
                      SqlFields fields);
#define sql_get_fields_by(db, select, ...) (sql_get_fields_by)((db), SQL_STATEMENT(select), __VA_ARGS__)
/* The rows of select, its parameters bound from args (SQL_ARGS), as a new array of records of kind in the arena; with
 * limit > 0, limit rows at the most. */
int sql_list(Db *db, const SqlRecord *kind, const char *select, int limit, Arena *arena, void *items, int *count,
             const SqlArg *args, int arg_count);
#define sql_list(db, kind, select, ...) (sql_list)((db), (kind), SQL_STATEMENT(select), __VA_ARGS__)
/* The one row of select, its parameters bound from args, into item (zeroed first); TK_ERR_NOT_FOUND when none. */
int sql_get(Db *db, const SqlRecord *kind, const char *select, Arena *arena, void *item, const SqlArg *args,
            int arg_count);
#define sql_get(db, kind, select, ...) (sql_get)((db), (kind), SQL_STATEMENT(select), __VA_ARGS__)
/* The same for a record of a case, select naming :case and :id: one that is of another case is not found. */
int sql_get_of_case(Db *db, const SqlRecord *kind, const char *select, int64_t case_id, int64_t id, Arena *arena,
                    void *item);
#define sql_get_of_case(db, kind, select, ...) (sql_get_of_case)((db), (kind), SQL_STATEMENT(select), __VA_ARGS__)
/* Runs an update of one record that names :id and :version (… WHERE id = :id AND version = :version), binding both;
 * TK_ERR_CONFLICT when it changed no row (a stale version). */
int sql_exec_versioned(Query *update, int64_t id, int64_t version);
/* The same at *version, which moves on when it succeeds. */
int sql_exec_versioned_next(Query *update, int64_t id, int64_t *version);
/* The same, TK_ERR_NOT_FOUND rather than TK_ERR_CONFLICT when the statement exists (SELECT 1 FROM … WHERE id = :id)
 * finds no record. */
int sql_exec_versioned_or_missing(Query *update, int64_t id, int64_t version, const char *exists);
#define sql_exec_versioned_or_missing(update, id, version, exists)                                                     \
    (sql_exec_versioned_or_missing)((update), (id), (version), SQL_STATEMENT(exists))
/* Writes a record kept once per key (a case's family assessment, its release plan): inserted by insert when *version
 * is 0, else updated by update (… WHERE key = :id AND version = :version) at *version, TK_ERR_CONFLICT when stale.
 * bind binds the other parameters of either from record. *version becomes the record's new one. */
typedef void (*SqlBindRecord)(Query *q, const void *record);
int sql_put_versioned(Db *db, const char *insert, const char *update, int64_t id, int64_t *version, SqlBindRecord bind,
                      const void *record);
#define sql_put_versioned(db, insert, update, id, version, bind, record)                                               \
    (sql_put_versioned)((db), SQL_STATEMENT(insert), SQL_STATEMENT(update), (id), (version), (bind), (record))
/* The stamps of a record written now by the user by: *at becomes the clock's now and *who (when not NULL) by; returns
 * now. A record made (sql_stamp_new) has its *updated_at (when not NULL) now as well and its *version (when not
 * NULL) 1. */
int64_t sql_stamp(int64_t by, int64_t *at, int64_t *who);
int64_t sql_stamp_new(int64_t by, int64_t *at, int64_t *who, int64_t *updated_at, int64_t *version);
/* The end of an INSERT … RETURNING id that names :by (the user who writes, NULL for 0) and :now: binds both, runs it
 * (sql_exec_returning) and sets *id. */
int sql_insert_by(Query *insert, int64_t by, int64_t now, int64_t *id);
/* The end of an update of one record that names :by (NULL for 0), :now (the clock's), :id and :version: binds them,
 * runs it (sql_exec_versioned: TK_ERR_CONFLICT at a stale *version) and moves *version on. */
int sql_update_by(Query *update, int64_t by, int64_t id, int64_t *version);
/* The same for a record that keeps when it was written last (… updated_at = :now) and, when updated_by is not NULL,
 * by whom (… updated_by = :by; a statement of a record that does not keep it names no :by): when it succeeds,
 * *updated_at becomes the time bound to :now and *updated_by by, as well. */
int sql_update_stamped(Query *update, int64_t by, int64_t id, int64_t *version, int64_t *updated_by,
                       int64_t *updated_at);
/* The same, TK_ERR_NOT_FOUND rather than TK_ERR_CONFLICT when exists (SELECT 1 FROM … WHERE id = :id) finds no
 * record. */
int sql_update_stamped_or_missing(Query *update, const char *exists, int64_t by, int64_t id, int64_t *version,
                                  int64_t *updated_by, int64_t *updated_at);
#define sql_update_stamped_or_missing(update, exists, ...)                                                             \
    (sql_update_stamped_or_missing)((update), SQL_STATEMENT(exists), __VA_ARGS__)
/* A whole insert of a record whose parameters are all its fields (bound by name, sql_bind_fields) but :by and :now:
 * prepares insert (an INSERT … RETURNING id), binds and runs it as sql_insert_by. */
int sql_insert_fields(Db *db, const char *insert, const void *record, SqlFields fields, int64_t by, int64_t now,
                      int64_t *id);
#define sql_insert_fields(db, insert, ...) (sql_insert_fields)((db), SQL_STATEMENT(insert), __VA_ARGS__)
/* A whole versioned update of a record whose parameters are all its fields but :by, :now, :id and :version: prepares
 * update, binds and runs it as sql_update_by (TK_ERR_CONFLICT at a stale *version, else *version moves on). */
int sql_update_fields(Db *db, const char *update, const void *record, SqlFields fields, int64_t by, int64_t id,
                      int64_t *version);
#define sql_update_fields(db, update, ...) (sql_update_fields)((db), SQL_STATEMENT(update), __VA_ARGS__)
/* Runs an INSERT … RETURNING id: sets *id (when not NULL) to the new row's id; then as sql_exec. The only way to run
 * such a statement: a driver may prepare it without the clause (see SqlDriver.inserted_id). */
int sql_exec_returning(Query *q, int64_t *id);
/* Runs a write of one row (as sql_exec); none (TK_ERR_NOT_FOUND or TK_ERR_CONFLICT) when it changed no row. */
int sql_exec_one(Query *q, int none);
/* The rows of one page of a list: asked when it is 1 to most, else SQL_PAGE_DEFAULT. */
#define SQL_PAGE_DEFAULT 50
int sql_page_limit(int asked, int most);
/* A statement run whole: prepared, its parameters bound from args (SQL_ARGS), run as sql_exec. */
int sql_run(Db *db, const char *sql, const SqlArg *args, int count);
#define sql_run(db, text, ...) (sql_run)((db), SQL_STATEMENT(text), __VA_ARGS__)
/* The same for a write of one row, as sql_exec_one: none when it changed no row. */
int sql_run_one(Db *db, const char *sql, int none, const SqlArg *args, int count);
#define sql_run_one(db, text, ...) (sql_run_one)((db), SQL_STATEMENT(text), __VA_ARGS__)
/* The same for an INSERT … RETURNING id, as sql_exec_returning: sets *id (when not NULL). */
int sql_run_returning(Db *db, const char *sql, int64_t *id, const SqlArg *args, int count);
#define sql_run_returning(db, text, ...) (sql_run_returning)((db), SQL_STATEMENT(text), __VA_ARGS__)
/* Runs each of statements (texts recorded by SQL_STATEMENT) with the same parameters in turn, until one fails. */
int sql_run_each(Db *db, const char *const *statements, int count, const SqlArg *args, int arg_count);
/* Rows changed by the last write on this connection. */
int64_t sql_changes(Db *db);

#endif
