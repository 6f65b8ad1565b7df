/* The log of data exports (store/statistics.h): each export of statistics recorded, and the log read. */
#include "store/statistics.h"

#include "base/clock.h"
#include "store/sql.h"

int store_data_export_add(Db *db, int64_t user_id, int64_t unit_id, const char *what, const char *format,
                          const char *filters, int64_t *id)
{
    return sql_run_returning(db,
                             "INSERT INTO data_exports (at, user_id, unit_id, what, format, filters)"
                             " VALUES (:at, :user, :unit, :what, :format, :filters) RETURNING id",
                             id,
                             SQL_ARGS(SQL_INT(":at", clock_now()), SQL_ID(":user", user_id), SQL_ID(":unit", unit_id),
                                      SQL_TEXT(":what", what), SQL_TEXT(":format", format),
                                      SQL_TEXT(":filters", filters)));
}

/* One row (a SqlReadRow): item is a DataExport. */
static void read_export(Query *q, Arena *arena, void *item)
{
    DataExport *e = item;
    sql_read_fields(q, 0, arena, e,
                    SQL_FIELDS(DataExport, id, at, user_id, unit_id, username, what, format, filters, user_name,
                               unit_name_ar, unit_name_en));
}

int store_data_exports(Db *db, int64_t before_id, int limit, Arena *arena, DataExport **items, int *count, bool *more)
{
    int page = sql_page_limit(limit, 500);
    Query q = sql_query(db, "SELECT e.id, e.at, e.user_id, e.unit_id, u.username, e.what, e.format, e.filters,"
                            " u.full_name, n.name_ar, n.name_en"
                            " FROM data_exports e LEFT JOIN users u ON u.id = e.user_id"
                            " LEFT JOIN units n ON n.id = e.unit_id"
                            " WHERE (:before = 0 OR e.id < :before) ORDER BY e.id DESC LIMIT :limit");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":before", before_id), SQL_INT(":limit", page + 1)));
    return sql_collect(&q, arena, sizeof(DataExport), read_export, page, items, count, more);
}
