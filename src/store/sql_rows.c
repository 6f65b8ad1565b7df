/* Helpers over the seam (sql.h) for shapes that many store files repeat: a write of one row, a page's size, a row
 * read into a record by the table of its fields, and its fields bound by the same table; the list, the get, the
 * insert and the versioned update of a kind of record, one call each; a statement bound from a table of its
 * parameters and run whole. */
#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"
#include "text/arabic.h"

#include <string.h>

#undef sql_list_by
#undef sql_get_by
#undef sql_get_fields_by
#undef sql_get_of_case
#undef sql_insert_fields
#undef sql_update_fields
#undef sql_update_stamped_or_missing
#undef sql_run
#undef sql_list
#undef sql_get
#undef sql_run_one
#undef sql_run_returning

int sql_exec_one(Query *q, int none)
{
    int rc = sql_exec(q);
    return rc != TK_OK ? rc : sql_changes(q->db) ? TK_OK : none;
}

int sql_page_limit(int asked, int most)
{
    return asked > 0 && asked <= most ? asked : SQL_PAGE_DEFAULT;
}

int sql_read_fields(Query *q, int col, Arena *arena, void *record, SqlFields fields)
{
    for (int i = 0; i < fields.count; i++, col++) {
        void *field = (char *)record + fields.fields[i].offset;
        switch (fields.fields[i].kind) {
        case FIELD_I64: *(int64_t *)field = sql_col_int(q, col); break;
        case FIELD_INT: *(int *)field = (int)sql_col_int(q, col); break;
        case FIELD_BOOL: *(bool *)field = sql_col_int(q, col) != 0; break;
        case FIELD_TEXT: *(char **)field = sql_col_text(q, col, arena); break;
        }
    }
    return col;
}
void sql_bind_fields(Query *q, const void *record, SqlFields fields)
{
    for (int i = 0; i < fields.count; i++) {
        const void *field = (const char *)record + fields.fields[i].offset;
        const char *name = fields.fields[i].param; /* a literal: the seam remembers names by their address */
        switch (fields.fields[i].kind) {
        case FIELD_I64: sql_int(q, name, *(const int64_t *)field); break;
        case FIELD_INT: sql_int(q, name, *(const int *)field); break;
        case FIELD_BOOL: sql_int(q, name, *(const bool *)field ? 1 : 0); break;
        case FIELD_TEXT: sql_text(q, name, *(const char *const *)field); break;
        }
    }
}

int sql_insert_by(Query *insert, int64_t by, int64_t now, int64_t *id)
{
    sql_int_or_null(insert, ":by", by);
    sql_int(insert, ":now", now);
    return sql_exec_returning(insert, id);
}

int sql_update_by(Query *update, int64_t by, int64_t id, int64_t *version)
{
    sql_int_or_null(update, ":by", by);
    sql_int(update, ":now", clock_now());
    return sql_exec_versioned_next(update, id, version);
}

/* sql_update_stamped, or sql_update_stamped_or_missing when exists is not NULL. */
static int update_stamped(Query *update, const char *exists, int64_t by, int64_t id, int64_t *version,
                          int64_t *updated_by, int64_t *updated_at)
{
    int64_t now = clock_now();
    if (updated_by)
        sql_int_or_null(update, ":by", by);
    sql_int(update, ":now", now);
    int rc = exists ? (sql_exec_versioned_or_missing)(update, id, *version, exists)
                    : sql_exec_versioned(update, id, *version);
    if (rc != TK_OK)
        return rc;
    ++*version;
    if (updated_by)
        *updated_by = by;
    *updated_at = now;
    return TK_OK;
}

int sql_update_stamped(Query *update, int64_t by, int64_t id, int64_t *version, int64_t *updated_by,
                       int64_t *updated_at)
{
    return update_stamped(update, NULL, by, id, version, updated_by, updated_at);
}

int sql_update_stamped_or_missing(Query *update, const char *exists, int64_t by, int64_t id, int64_t *version,
                                  int64_t *updated_by, int64_t *updated_at)
{
    return update_stamped(update, exists, by, id, version, updated_by, updated_at);
}

int sql_exec_versioned_next(Query *update, int64_t id, int64_t *version)
{
    int rc = sql_exec_versioned(update, id, *version);
    if (rc == TK_OK)
        ++*version;
    return rc;
}

int sql_one_record(Query *q, Arena *arena, const SqlRecord *kind, void *item)
{
    memset(item, 0, kind->size);
    bool found = sql_row(q);
    if (found)
        sql_read_record(q, arena, kind, item);
    int rc = sql_done(q);
    return rc != TK_OK ? rc : found ? TK_OK : TK_ERR_NOT_FOUND;
}

int sql_list_by(Db *db, const SqlRecord *kind, const char *select, const char *key, int64_t value, Arena *arena,
                void *items, int *count)
{
    Query q = (sql_query)(db, select);
    sql_int(&q, key, value);
    return sql_collect_records(&q, arena, kind, 0, items, count, NULL);
}

int sql_get_by(Db *db, const SqlRecord *kind, const char *select, const char *key, int64_t value, Arena *arena,
               void *item)
{
    Query q = (sql_query)(db, select);
    sql_int(&q, key, value);
    return sql_one_record(&q, arena, kind, item);
}

int sql_get_fields_by(Db *db, const char *select, const char *key, int64_t value, Arena *arena, void *record,
                      SqlFields fields)
{
    Query q = (sql_query)(db, select);
    sql_int(&q, key, value);
    if (sql_row(&q))
        sql_read_fields(&q, 0, arena, record, fields);
    return sql_done(&q);
}

int sql_get_of_case(Db *db, const SqlRecord *kind, const char *select, int64_t case_id, int64_t id, Arena *arena,
                    void *item)
{
    Query q = (sql_query)(db, select);
    sql_int(&q, ":case", case_id);
    sql_int(&q, ":id", id);
    return sql_one_record(&q, arena, kind, item);
}

int sql_insert_fields(Db *db, const char *insert, const void *record, SqlFields fields, int64_t by, int64_t now,
                      int64_t *id)
{
    Query q = (sql_query)(db, insert);
    sql_bind_fields(&q, record, fields);
    return sql_insert_by(&q, by, now, id);
}

int sql_update_fields(Db *db, const char *update, const void *record, SqlFields fields, int64_t by, int64_t id,
                      int64_t *version)
{
    Query q = (sql_query)(db, update);
    sql_bind_fields(&q, record, fields);
    return sql_update_by(&q, by, id, version);
}

void sql_bind_args(Query *q, const SqlArg *args, int count)
{
    for (int i = 0; i < count; i++)
        switch (args[i].kind) {
        case SQL_ARG_INT: sql_int(q, args[i].name, args[i].number); break;
        case SQL_ARG_ID: sql_int_or_null(q, args[i].name, args[i].number); break;
        case SQL_ARG_TEXT: sql_text(q, args[i].name, args[i].text); break;
        }
}

int sql_run(Db *db, const char *sql, const SqlArg *args, int count)
{
    Query q = (sql_query)(db, sql);
    sql_bind_args(&q, args, count);
    return sql_exec(&q);
}

int sql_run_one(Db *db, const char *sql, int none, const SqlArg *args, int count)
{
    Query q = (sql_query)(db, sql);
    sql_bind_args(&q, args, count);
    return sql_exec_one(&q, none);
}

int sql_run_returning(Db *db, const char *sql, int64_t *id, const SqlArg *args, int count)
{
    Query q = (sql_query)(db, sql);
    sql_bind_args(&q, args, count);
    return sql_exec_returning(&q, id);
}

int sql_list(Db *db, const SqlRecord *kind, const char *select, int limit, Arena *arena, void *items, int *count,
             const SqlArg *args, int arg_count)
{
    Query q = (sql_query)(db, select);
    sql_bind_args(&q, args, arg_count);
    return sql_collect_records(&q, arena, kind, limit, items, count, NULL);
}

int sql_get(Db *db, const SqlRecord *kind, const char *select, Arena *arena, void *item, const SqlArg *args,
            int arg_count)
{
    Query q = (sql_query)(db, select);
    sql_bind_args(&q, args, arg_count);
    return sql_one_record(&q, arena, kind, item);
}

char *sql_col_full_name(Query *q, int col, Arena *arena)
{
    char name[512];
    text_full_name(sql_col_text_ref(q, col), sql_col_text_ref(q, col + 1), sql_col_text_ref(q, col + 2),
                   sql_col_text_ref(q, col + 3), name, sizeof name);
    char *copy = arena_strdup(arena, name);
    if (!copy)
        q->rc = TK_ERR_NOMEM;
    return copy;
}

int64_t sql_stamp(int64_t by, int64_t *at, int64_t *who)
{
    *at = clock_now();
    if (who)
        *who = by;
    return *at;
}

int64_t sql_stamp_new(int64_t by, int64_t *at, int64_t *who, int64_t *updated_at, int64_t *version)
{
    int64_t now = sql_stamp(by, at, who);
    if (updated_at)
        *updated_at = now;
    if (version)
        *version = 1;
    return now;
}

int sql_run_each(Db *db, const char *const *statements, int count, const SqlArg *args, int arg_count)
{
    int rc = TK_OK;
    for (int i = 0; rc == TK_OK && i < count; i++)
        rc = (sql_run)(db, statements[i], args, arg_count);
    return rc;
}
