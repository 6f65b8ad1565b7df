#include "store/break_glass.h"

#include <string.h>

#include "base/err.h"
#include "store/sql.h"

#define GRANT_COLUMNS                                                                                                  \
    "g.id, g.case_id, g.user_id, g.reason, g.explanation, g.started_at, g.expires_at, g.ended_at,"                     \
    " g.write_granted_by, g.write_granted_at, g.review, g.review_note, g.reviewed_by, g.reviewed_at,"                  \
    " u.full_name, un.name_ar, c.reference, c.kind, r.full_name, w.full_name, c.unit_id"                               \
    " FROM break_glass g JOIN users u ON u.id = g.user_id JOIN units un ON un.id = u.unit_id"                          \
    " JOIN cases c ON c.id = g.case_id LEFT JOIN users r ON r.id = g.reviewed_by"                                      \
    " LEFT JOIN users w ON w.id = g.write_granted_by"

/* A row of GRANT_COLUMNS. */
SQL_RECORD(GRANT, BreakGlass, id, case_id, user_id, reason, explanation, started_at, expires_at, ended_at,
           write_granted_by, write_granted_at, review, review_note, reviewed_by, reviewed_at, user_name, user_unit_name,
           case_reference, case_kind, reviewer_name, granted_by_name, case_unit_id);

int store_break_glass_add(Db *db, BreakGlass *g)
{
    Query q = sql_query(db,
                        "INSERT INTO break_glass (case_id, user_id, reason, explanation, started_at, expires_at)"
                        " VALUES (:case_id, :user_id, :reason, :explanation, :started_at, :expires_at) RETURNING id");
    sql_bind_fields(&q, g, SQL_FIELDS(BreakGlass, case_id, user_id, reason, explanation, started_at, expires_at));
    return sql_exec_returning(&q, &g->id);
}

int store_break_glass_active(Db *db, int64_t case_id, int64_t user_id, int64_t now, Arena *arena, BreakGlass *out)
{
    return sql_get(db, &GRANT,
                   "SELECT " GRANT_COLUMNS " WHERE g.case_id = :case AND g.user_id = :user"
                   " AND g.ended_at IS NULL AND g.expires_at > :now ORDER BY g.id DESC LIMIT 1",
                   arena, out, SQL_ARGS(SQL_INT(":case", case_id), SQL_INT(":user", user_id), SQL_INT(":now", now)));
}

int store_break_glass_get(Db *db, int64_t id, Arena *arena, BreakGlass *out)
{
    return sql_get_by(db, &GRANT, "SELECT " GRANT_COLUMNS " WHERE g.id = :id", ":id", id, arena, out);
}

int store_break_glass_grant_write(Db *db, int64_t id, int64_t by, int64_t now)
{
    return sql_run_one(db,
                       "UPDATE break_glass SET write_granted_by = :by, write_granted_at = :now WHERE id = :id"
                       " AND write_granted_at IS NULL AND ended_at IS NULL AND expires_at > :now",
                       TK_ERR_CONFLICT, SQL_ARGS(SQL_INT(":by", by), SQL_INT(":now", now), SQL_INT(":id", id)));
}

int store_break_glass_review(Db *db, int64_t id, const char *verdict, const char *note, int64_t by, int64_t now)
{
    return sql_run_one(db,
                       "UPDATE break_glass SET review = :verdict, review_note = :note, reviewed_by = :by,"
                       " reviewed_at = :now WHERE id = :id AND review IS NULL",
                       TK_ERR_CONFLICT,
                       SQL_ARGS(SQL_TEXT(":verdict", verdict), SQL_TEXT(":note", note), SQL_INT(":by", by),
                                SQL_INT(":now", now), SQL_INT(":id", id)));
}

int store_break_glass_end(Db *db, int64_t id, int64_t user_id, int64_t now)
{
    return sql_run_one(db,
                       "UPDATE break_glass SET ended_at = :now WHERE id = :id AND (:user = 0 OR user_id = :user)"
                       " AND ended_at IS NULL AND expires_at > :now",
                       TK_ERR_NOT_FOUND, SQL_ARGS(SQL_INT(":now", now), SQL_INT(":id", id), SQL_INT(":user", user_id)));
}

int store_break_glass_list(Db *db, const BreakGlassFilter *f, Arena *arena, BreakGlass **items, int *count)
{
    return sql_list(db, &GRANT,
                    "SELECT " GRANT_COLUMNS " WHERE (:unit = 0 OR c.unit_id = :unit)"
                    " AND (:pending = 0 OR g.review IS NULL) ORDER BY g.id DESC LIMIT :limit",
                    0, arena, items, count,
                    SQL_ARGS(SQL_INT(":unit", f->unit_id), SQL_INT(":pending", f->pending),
                             SQL_INT(":limit", sql_page_limit(f->limit, 200))));
}

/* One row (a SqlReadRow): item is a Notification of a grant. */
static void read_notification(Query *q, Arena *arena, void *item)
{
    Notification *n = item;
    n->kind = "break_glass";
    n->object_type = "case";
    n->object_id = n->case_id = sql_col_int(q, 0);
    n->at = sql_col_int(q, 1);
    n->reference = sql_col_text(q, 2, arena);
    n->case_kind = sql_col_text(q, 3, arena);
}

int store_notifications_break_glass(Db *db, int64_t unit_id, int64_t since, int limit, Arena *arena,
                                    Notification **items, int *count)
{
    Query q = sql_query(db, "SELECT c.id, g.started_at, c.reference, c.kind FROM break_glass g"
                            " JOIN cases c ON c.id = g.case_id WHERE g.started_at >= :since"
                            " AND (:unit = 0 OR c.unit_id = :unit) ORDER BY g.started_at DESC, g.id DESC LIMIT :limit");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":since", since), SQL_INT(":unit", unit_id), SQL_INT(":limit", limit)));
    return sql_collect(&q, arena, sizeof(Notification), read_notification, 0, items, count, NULL);
}
