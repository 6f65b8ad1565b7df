/* Helpers over the seam (sql.h) for shapes that many store files repeat: a write of one row, a page's size, a row
 * read into a record by the table of its fields. */
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
