/* Helpers over the seam (sql.h) for shapes that many store files repeat: a write of one row, a page's size. */
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
