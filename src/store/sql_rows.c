/* Helpers over the seam (sql.h) for shapes that many store files repeat: a write of one row, a page's size, a row
 * read into a record by the table of its fields, and its fields bound by the same table. */
#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"

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
    int rc = sql_exec_versioned(update, id, *version);
    if (rc == TK_OK)
        ++*version;
    return rc;
}
