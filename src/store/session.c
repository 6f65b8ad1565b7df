#include "store/session.h"

#include "base/err.h"
#include "store/sql.h"

int store_session_insert(Db *db, const uint8_t hash[32], int64_t user_id, int64_t now, const char *client_addr,
                         const char *user_agent, bool new_device, int64_t *id)
{
    Query q = sql_query(db, "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, client_addr,"
                            " user_agent, new_device) VALUES (:hash, :user_id, :now, :now, :client, :agent, :new)"
                            " RETURNING id");
    sql_blob(&q, ":hash", hash, 32);
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":user_id", user_id), SQL_INT(":now", now), SQL_TEXT(":client", client_addr),
                               SQL_TEXT(":agent", user_agent), SQL_INT(":new", new_device)));
    return sql_exec_returning(&q, id);
}

/* A session or token as its owner's list shows it: id, created_at, last_seen_at, expires_at, client_addr,
 * user_agent, label, new_device. */
SQL_RECORD(ENTRY, CredentialEntry, id, created_at, last_seen_at, expires_at, client_addr, user_agent, label,
           new_device);

int store_sessions_open(Db *db, int64_t user_id, int64_t since, int64_t opened_since, Arena *arena,
                        CredentialEntry **items, int *count)
{
    return sql_list(db, &ENTRY,
                    "SELECT id, created_at, last_seen_at, 0, client_addr, user_agent, NULL, new_device FROM sessions"
                    " WHERE user_id = :user AND ended_at IS NULL AND last_seen_at >= :since"
                    " AND created_at >= :opened ORDER BY last_seen_at DESC, id DESC LIMIT 100",
                    0, arena, items, count,
                    SQL_ARGS(SQL_INT(":user", user_id), SQL_INT(":since", since), SQL_INT(":opened", opened_since)));
}

int store_tokens_open(Db *db, int64_t user_id, int64_t now, Arena *arena, CredentialEntry **items, int *count)
{
    return sql_list(db, &ENTRY,
                    "SELECT id, created_at, coalesce(last_used_at, 0), expires_at, NULL, NULL, label, 0"
                    " FROM api_tokens WHERE user_id = :user AND revoked_at IS NULL AND expires_at > :now"
                    " ORDER BY id DESC LIMIT 100",
                    0, arena, items, count, SQL_ARGS(SQL_INT(":user", user_id), SQL_INT(":now", now)));
}

int store_session_end_own(Db *db, int64_t user_id, int64_t id, int64_t now)
{
    return sql_run_one(db,
                       "UPDATE sessions SET ended_at = :now WHERE id = :id AND user_id = :user AND ended_at IS NULL",
                       TK_ERR_NOT_FOUND, SQL_ARGS(SQL_INT(":now", now), SQL_INT(":id", id), SQL_INT(":user", user_id)));
}

int store_token_revoke_own(Db *db, int64_t user_id, int64_t id, int64_t now)
{
    return sql_run_one(db,
                       "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND user_id = :user"
                       " AND revoked_at IS NULL",
                       TK_ERR_NOT_FOUND, SQL_ARGS(SQL_INT(":now", now), SQL_INT(":id", id), SQL_INT(":user", user_id)));
}

int store_session_previous(Db *db, int64_t user_id, int64_t before, Arena *arena, CredentialEntry *out)
{
    return sql_get(db, &ENTRY,
                   "SELECT id, created_at, last_seen_at, 0, client_addr, user_agent, NULL, new_device FROM sessions"
                   " WHERE user_id = :user AND id < :before ORDER BY id DESC LIMIT 1",
                   arena, out, SQL_ARGS(SQL_INT(":user", user_id), SQL_INT(":before", before)));
}

SQL_RECORD(CREDENTIAL, Credential, id, user_id, created_at, last_seen_at, ended_at, expires_at);

/* Binds a device's hash, or NULL when there is none. */
static void bind_device(Query *q, const uint8_t *device_hash)
{
    if (device_hash)
        sql_blob(q, ":device", device_hash, 32);
    else
        sql_text(q, ":device", NULL);
}

int store_session_find(Db *db, const uint8_t hash[32], Credential *session)
{
    Query q = sql_query(
        db, "SELECT id, user_id, created_at, last_seen_at, ended_at, 0 FROM sessions WHERE token_hash = :hash");
    sql_blob(&q, ":hash", hash, 32);
    return sql_one_record(&q, NULL, &CREDENTIAL, session);
}

int store_session_touch(Db *db, int64_t id, int64_t now)
{
    return sql_run(db, "UPDATE sessions SET last_seen_at = :now WHERE id = :id AND ended_at IS NULL",
                   SQL_ARGS(SQL_INT(":now", now), SQL_INT(":id", id)));
}

int store_session_end(Db *db, int64_t id, int64_t now)
{
    return sql_run(db, "UPDATE sessions SET ended_at = :now WHERE id = :id AND ended_at IS NULL",
                   SQL_ARGS(SQL_INT(":now", now), SQL_INT(":id", id)));
}

int store_sessions_end_for_user(Db *db, int64_t user_id, int64_t keep_id, int64_t now)
{
    return sql_run(db,
                   "UPDATE sessions SET ended_at = :now WHERE user_id = :user_id AND id != :keep AND ended_at IS NULL",
                   SQL_ARGS(SQL_INT(":now", now), SQL_INT(":user_id", user_id), SQL_INT(":keep", keep_id)));
}

int store_token_insert(Db *db, const uint8_t hash[32], int64_t user_id, const char *label, int64_t now,
                       int64_t expires_at)
{
    Query q = sql_query(db, "INSERT INTO api_tokens (token_hash, user_id, label, created_at, expires_at)"
                            " VALUES (:hash, :user_id, :label, :now, :expires)");
    sql_blob(&q, ":hash", hash, 32);
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":user_id", user_id), SQL_TEXT(":label", label), SQL_INT(":now", now),
                               SQL_INT(":expires", expires_at)));
    return sql_exec(&q);
}

int store_token_find(Db *db, const uint8_t hash[32], Credential *token)
{
    Query q = sql_query(db, "SELECT id, user_id, created_at, coalesce(last_used_at, created_at), revoked_at, expires_at"
                            " FROM api_tokens WHERE token_hash = :hash");
    sql_blob(&q, ":hash", hash, 32);
    return sql_one_record(&q, NULL, &CREDENTIAL, token);
}

int store_token_touch(Db *db, int64_t id, int64_t now)
{
    return sql_run(db, "UPDATE api_tokens SET last_used_at = :now WHERE id = :id",
                   SQL_ARGS(SQL_INT(":now", now), SQL_INT(":id", id)));
}

int store_token_revoke(Db *db, int64_t id, int64_t now)
{
    return sql_run(db, "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL",
                   SQL_ARGS(SQL_INT(":now", now), SQL_INT(":id", id)));
}

int store_tokens_revoke_for_user(Db *db, int64_t user_id, int64_t now)
{
    return sql_run(db, "UPDATE api_tokens SET revoked_at = :now WHERE user_id = :user_id AND revoked_at IS NULL",
                   SQL_ARGS(SQL_INT(":now", now), SQL_INT(":user_id", user_id)));
}

int store_login_failure_add(Db *db, const char *name_key, const uint8_t *device_hash, int64_t now)
{
    int64_t id;
    return store_login_failure_reserve(db, name_key, device_hash, now, &id);
}

int store_login_failure_reserve(Db *db, const char *name_key, const uint8_t *device_hash, int64_t now, int64_t *id)
{
    Query q = sql_query(db, "INSERT INTO login_failures (name_key, device_hash, at) VALUES (:name, :device, :now)"
                            " RETURNING id");
    sql_text(&q, ":name", name_key);
    bind_device(&q, device_hash);
    sql_int(&q, ":now", now);
    return sql_exec_returning(&q, id);
}

int store_login_failure_remove(Db *db, int64_t id)
{
    return sql_run(db, "DELETE FROM login_failures WHERE id = :id", SQL_ARGS(SQL_INT(":id", id)));
}

int store_login_failures_count(Db *db, const char *name_key, const uint8_t *device_hash, int64_t since, int *count,
                               int64_t *newest)
{
    Query q = sql_query(
        db, "SELECT count(*), coalesce(max(at), 0) FROM login_failures WHERE name_key = :name AND at >= :since"
            " AND device_hash IS NOT DISTINCT FROM :device");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":name", name_key), SQL_INT(":since", since)));
    bind_device(&q, device_hash);
    *count = 0;
    *newest = 0;
    if (sql_row(&q)) {
        *count = (int)sql_col_int(&q, 0);
        *newest = sql_col_int(&q, 1);
    }
    return sql_done(&q);
}

int store_login_failures_clear(Db *db, const char *name_key, const uint8_t *device_hash)
{
    Query q = sql_query(
        db, "DELETE FROM login_failures WHERE name_key = :name AND device_hash IS NOT DISTINCT FROM :device");
    sql_text(&q, ":name", name_key);
    bind_device(&q, device_hash);
    return sql_exec(&q);
}

int store_login_failures_prune(Db *db, int64_t before)
{
    return sql_run(db, "DELETE FROM login_failures WHERE at < :before", SQL_ARGS(SQL_INT(":before", before)));
}

int store_device_insert(Db *db, const uint8_t hash[32], int64_t user_id, int64_t now)
{
    Query q = sql_query(
        db,
        "INSERT INTO trusted_devices (token_hash, user_id, created_at, last_used_at) VALUES (:hash, :user_id, :now, :now)"
        " ON CONFLICT (token_hash) DO UPDATE SET last_used_at = :now");
    sql_blob(&q, ":hash", hash, 32);
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":user_id", user_id), SQL_INT(":now", now)));
    return sql_exec(&q);
}

int store_device_user(Db *db, const uint8_t hash[32], int64_t *user_id)
{
    Query q = sql_query(db, "SELECT user_id FROM trusted_devices WHERE token_hash = :hash");
    sql_blob(&q, ":hash", hash, 32);
    *user_id = sql_row(&q) ? sql_col_int(&q, 0) : 0;
    return sql_done(&q);
}
