#include "store/org.h"

#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"

#define UNIT_COLUMNS                                                                                                   \
    "id, code, name_ar, name_en, type, agency, governorate, parent_id, status, version, created_at, updated_at"

SQL_RECORD(UNIT, Unit, id, code, name_ar, name_en, type, agency, governorate, parent_id, status, version, created_at,
           updated_at);

/* A unit's or a user's version and times after its insert at now (rc: how it went). */
static int inserted(int rc, int64_t now, int64_t *version, int64_t *created_at, int64_t *updated_at)
{
    if (rc != TK_OK)
        return rc;
    *version = 1;
    *created_at = *updated_at = now;
    return TK_OK;
}

int store_unit_insert(Db *db, Unit *unit)
{
    int64_t now = clock_now();
    Query q = sql_query(
        db, "INSERT INTO units (code, name_ar, name_en, type, agency, governorate, parent_id, status, version,"
            " created_at, updated_at) VALUES (:code, :name_ar, :name_en, :type, :agency, :governorate, :parent_id,"
            " 'active', 1, :now, :now) RETURNING id");
    sql_bind_fields(&q, unit, SQL_FIELDS(Unit, code, name_ar, name_en, type, agency, governorate));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":parent_id", unit->parent_id), SQL_INT(":now", now)));
    return inserted(sql_exec_returning(&q, &unit->id), now, &unit->version, &unit->created_at, &unit->updated_at);
}

int store_unit_get(Db *db, int64_t id, Arena *arena, Unit *unit)
{
    return sql_get_by(db, &UNIT, "SELECT " UNIT_COLUMNS " FROM units WHERE id = :id", ":id", id, arena, unit);
}

int store_unit_get_by_code(Db *db, const char *code, Arena *arena, Unit *unit)
{
    return sql_get(db, &UNIT, "SELECT " UNIT_COLUMNS " FROM units WHERE code = :code", arena, unit,
                   SQL_ARGS(SQL_TEXT(":code", code)));
}

int store_unit_update(Db *db, Unit *unit)
{
    Query q = sql_query(
        db, "UPDATE units SET name_ar = :name_ar, name_en = :name_en, type = :type, governorate = :governorate,"
            " parent_id = :parent_id, status = :status, version = version + 1, updated_at = :now"
            " WHERE id = :id AND version = :version");
    sql_bind_fields(&q, unit, SQL_FIELDS(Unit, name_ar, name_en, type, governorate, status));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":parent_id", unit->parent_id)));
    return sql_update_stamped_or_missing(&q, "SELECT 1 FROM units WHERE id = :id", 0, unit->id, &unit->version, NULL,
                                         &unit->updated_at);
}

int store_unit_list(Db *db, const UnitFilter *filter, Arena *arena, Unit **units, int *count, int64_t *next_cursor)
{
    int limit = sql_page_limit(filter->limit, 500);
    Query q = sql_query(
        db, "SELECT " UNIT_COLUMNS " FROM units WHERE id > :after"
            " AND (CAST(:type AS TEXT) IS NULL OR type = :type) AND (CAST(:agency AS TEXT) IS NULL OR agency = :agency)"
            " AND (CAST(:governorate AS TEXT) IS NULL OR governorate = :governorate)"
            " AND (CAST(:status AS TEXT) IS NULL OR status = :status)"
            " ORDER BY id LIMIT :limit");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":after", filter->after_id), SQL_TEXT(":type", filter->type),
                               SQL_TEXT(":agency", filter->agency), SQL_TEXT(":governorate", filter->governorate),
                               SQL_TEXT(":status", filter->status), SQL_INT(":limit", limit + 1)));
    bool more;
    int rc = sql_collect_records(&q, arena, &UNIT, limit, units, count, &more);
    *next_cursor = rc == TK_OK && more ? (*units)[*count - 1].id : 0;
    return rc;
}

int store_unit_is_ancestor(Db *db, int64_t ancestor, int64_t unit, int *result)
{
    Query q = sql_query(db, "WITH RECURSIVE chain(id, depth) AS (SELECT CAST(:unit AS BIGINT), 0 UNION ALL"
                            " SELECT units.parent_id, chain.depth + 1 FROM units JOIN chain ON units.id = chain.id"
                            " WHERE units.parent_id IS NOT NULL AND chain.depth < 100000)"
                            " SELECT 1 FROM chain WHERE id = :ancestor LIMIT 1");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":unit", unit), SQL_INT(":ancestor", ancestor)));
    *result = sql_row(&q);
    return sql_done(&q);
}

#define USER_COLUMNS                                                                                                   \
    "id, username, full_name, unit_id, roles, status, version, created_at, updated_at, last_login_at,"                 \
    " must_change_password, sex"

static void read_user(Query *q, Arena *arena, void *item)
{
    User *user = item;
    sql_read_fields(q, 0, arena, user, SQL_FIELDS(User, id, username, full_name, unit_id));
    user->roles = (uint32_t)sql_col_int(q, 4);
    sql_read_fields(
        q, 5, arena, user,
        SQL_FIELDS(User, status, version, created_at, updated_at, last_login_at, must_change_password, sex));
    user->password_hash = NULL;
}

static void read_user_for_login(Query *q, Arena *arena, void *item)
{
    User *user = item;
    read_user(q, arena, user);
    user->password_hash = sql_col_text(q, 12, arena);
}
SQL_RECORD_READ(USER, User, read_user);
SQL_RECORD_READ(USER_FOR_LOGIN, User, read_user_for_login);

int store_user_insert(Db *db, User *user, const char *password_hash)
{
    int64_t now = clock_now();
    Query q = sql_query(
        db, "INSERT INTO users (username, full_name, unit_id, roles, password_hash, status, version, created_at,"
            " updated_at, password_changed_at, must_change_password, sex) VALUES (:username, :full_name, :unit_id,"
            " :roles, :hash, 'active', 1, :now, :now, :now, :must_change_password, :sex) RETURNING id");
    sql_bind_fields(&q, user, SQL_FIELDS(User, username, full_name, sex, unit_id, must_change_password));
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":roles", user->roles), SQL_TEXT(":hash", password_hash), SQL_INT(":now", now)));
    return inserted(sql_exec_returning(&q, &user->id), now, &user->version, &user->created_at, &user->updated_at);
}

int store_user_get(Db *db, int64_t id, Arena *arena, User *user)
{
    return sql_get_by(db, &USER, "SELECT " USER_COLUMNS " FROM users WHERE id = :id", ":id", id, arena, user);
}

int store_user_get_for_login(Db *db, const char *username, Arena *arena, User *user)
{
    return sql_get(db, &USER_FOR_LOGIN, "SELECT " USER_COLUMNS ", password_hash FROM users WHERE username = :username",
                   arena, user, SQL_ARGS(SQL_TEXT(":username", username)));
}

int store_user_update(Db *db, User *user)
{
    Query q = sql_query(
        db, "UPDATE users SET full_name = :full_name, sex = :sex, unit_id = :unit_id, roles = :roles, status = :status,"
            " version = version + 1, updated_at = :now WHERE id = :id AND version = :version");
    sql_bind_fields(&q, user, SQL_FIELDS(User, full_name, sex, unit_id, status));
    sql_int(&q, ":roles", user->roles);
    return sql_update_stamped_or_missing(&q, "SELECT 1 FROM users WHERE id = :id", 0, user->id, &user->version, NULL,
                                         &user->updated_at);
}

int store_user_set_password(Db *db, int64_t user_id, const char *password_hash, bool one_time, int64_t now)
{
    Query q = sql_query(
        db, "UPDATE users SET password_hash = :hash, must_change_password = :one_time, password_changed_at = :now,"
            " updated_at = :now, version = version + 1 WHERE id = :id");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":hash", password_hash), SQL_INT(":one_time", one_time), SQL_INT(":now", now),
                               SQL_INT(":id", user_id)));
    return sql_exec_one(&q, TK_ERR_NOT_FOUND);
}

int store_user_set_last_login(Db *db, int64_t user_id, int64_t now)
{
    return sql_run(db, "UPDATE users SET last_login_at = :now WHERE id = :id",
                   SQL_ARGS(SQL_INT(":now", now), SQL_INT(":id", user_id)));
}

int store_user_list(Db *db, const UserFilter *filter, Arena *arena, User **users, int *count, int64_t *next_cursor)
{
    int limit = sql_page_limit(filter->limit, 500);
    Query q = sql_query(
        db,
        "SELECT " USER_COLUMNS " FROM users WHERE id > :after"
        " AND (CAST(:unit_id AS BIGINT) IS NULL OR unit_id = :unit_id)"
        " AND (CAST(:role AS BIGINT) IS NULL OR (roles & :role) != 0) AND (CAST(:status AS TEXT) IS NULL OR status = :status)"
        /* contains, as both engines say it: removing the text found changes the name */
        /* BINARY: byte for byte, as a search within a name must be (PostgreSQL's nocase compares no substrings) */
        " AND (CAST(:query AS TEXT) IS NULL OR replace(lower(username COLLATE \"binary\"), lower(:query), '')"
        "   <> lower(username COLLATE \"binary\")"
        "   OR replace(full_name, :query, '') <> full_name)"
        " ORDER BY id LIMIT :limit");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":after", filter->after_id), SQL_ID(":unit_id", filter->unit_id),
                               SQL_ID(":role", filter->role), SQL_TEXT(":status", filter->status)));
    sql_text(&q, ":query", filter->query && *filter->query ? filter->query : NULL); /* "" is in every name */
    sql_int(&q, ":limit", limit + 1);
    bool more;
    int rc = sql_collect_records(&q, arena, &USER, limit, users, count, &more);
    *next_cursor = rc == TK_OK && more ? (*users)[*count - 1].id : 0;
    return rc;
}
