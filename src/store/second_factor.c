#include "store/second_factor.h"

#include <string.h>

#include "base/err.h"
#include "store/sql.h"

int store_second_factor_get(Db *db, int64_t user_id, SecondFactor *out)
{
    memset(out, 0, sizeof *out);
    Query q = sql_query(db, "SELECT f.secret, f.confirmed_at, f.last_step,"
                            " (SELECT count(*) FROM recovery_codes r WHERE r.user_id = f.user_id AND r.used_at IS NULL)"
                            " FROM second_factors f WHERE f.user_id = :user");
    sql_int(&q, ":user", user_id);
    if (!sql_row(&q)) {
        int rc = sql_done(&q);
        return rc == TK_OK ? TK_ERR_NOT_FOUND : rc;
    }
    size_t len = 0;
    const void *secret = sql_col_blob(&q, 0, &len);
    if (secret && len <= sizeof out->secret) {
        memcpy(out->secret, secret, len);
        out->secret_len = len;
    }
    out->confirmed_at = sql_col_int(&q, 1);
    out->last_step = sql_col_int(&q, 2);
    out->recovery_left = (int)sql_col_int(&q, 3);
    return sql_done(&q);
}

int store_second_factor_begin(Db *db, int64_t user_id, const uint8_t *sealed, size_t len, int64_t now)
{
    int rc = store_second_factor_remove(db, user_id);
    if (rc != TK_OK)
        return rc;
    Query q = sql_query(db, "INSERT INTO second_factors (user_id, secret, created_at) VALUES (:user, :secret, :now)");
    sql_int(&q, ":user", user_id);
    sql_blob(&q, ":secret", sealed, len);
    sql_int(&q, ":now", now);
    return sql_exec(&q);
}

int store_second_factor_confirm(Db *db, int64_t user_id, int64_t step, const uint8_t *hashes, int count, int64_t now)
{
    int rc = sql_run_one(db,
                         "UPDATE second_factors SET confirmed_at = :now, last_step = :step"
                         " WHERE user_id = :user AND confirmed_at IS NULL",
                         TK_ERR_CONFLICT,
                         SQL_ARGS(SQL_INT(":now", now), SQL_INT(":step", step), SQL_INT(":user", user_id)));
    for (int i = 0; rc == TK_OK && i < count; i++) {
        Query r = sql_query(db, "INSERT INTO recovery_codes (user_id, code_hash) VALUES (:user, :hash)");
        sql_int(&r, ":user", user_id);
        sql_blob(&r, ":hash", hashes + 32 * i, 32);
        rc = sql_exec(&r);
    }
    return rc;
}

int store_second_factor_take_step(Db *db, int64_t user_id, int64_t step)
{
    return sql_run_one(db,
                       "UPDATE second_factors SET last_step = :step"
                       " WHERE user_id = :user AND confirmed_at IS NOT NULL AND last_step < :step",
                       TK_ERR_CONFLICT, SQL_ARGS(SQL_INT(":step", step), SQL_INT(":user", user_id)));
}

int store_recovery_code_use(Db *db, int64_t user_id, const uint8_t hash[32], int64_t now)
{
    Query q = sql_query(db, "UPDATE recovery_codes SET used_at = :now"
                            " WHERE user_id = :user AND code_hash = :hash AND used_at IS NULL");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":now", now), SQL_INT(":user", user_id)));
    sql_blob(&q, ":hash", hash, 32);
    return sql_exec_one(&q, TK_ERR_NOT_FOUND);
}

int store_second_factor_remove(Db *db, int64_t user_id)
{
    int rc = sql_run(db, "DELETE FROM recovery_codes WHERE user_id = :user", SQL_ARGS(SQL_INT(":user", user_id)));
    if (rc != TK_OK)
        return rc;
    return sql_run(db, "DELETE FROM second_factors WHERE user_id = :user", SQL_ARGS(SQL_INT(":user", user_id)));
}
