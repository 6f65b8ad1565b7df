#include "domain/org/second_factor.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "auth/keys.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/core/access.h"
#include "domain/org/sessions.h"
#include "store/org.h"
#include "store/second_factor.h"
#include "store/session.h"

bool second_factor_required(const User *user)
{
    return (user->roles & (uint32_t)settings_get(SET_SECOND_FACTOR_ROLES)) != 0;
}

bool domain_second_factor_enrolled(Ctx *ctx, int64_t user_id)
{
    SecondFactor f;
    return store_second_factor_get(ctx->db, user_id, &f) == TK_OK && f.confirmed_at;
}

static int require_user(Ctx *ctx)
{
    return ctx->user ? TK_OK : fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required");
}

int domain_second_factor_state(Ctx *ctx, SecondFactorState *out)
{
    memset(out, 0, sizeof *out);
    int rc = require_user(ctx);
    if (rc != TK_OK)
        return rc;
    out->required = second_factor_required(ctx->user);
    SecondFactor f;
    rc = store_second_factor_get(ctx->db, ctx->user->id, &f);
    if (rc == TK_ERR_NOT_FOUND)
        return TK_OK;
    out->enrolled = rc == TK_OK && f.confirmed_at;
    out->pending = rc == TK_OK && !f.confirmed_at;
    out->recovery_left = f.recovery_left;
    return rc;
}

int domain_second_factor_begin(Ctx *ctx, SecondFactorEnrolment *out)
{
    memset(out, 0, sizeof *out);
    int rc = require_user(ctx);
    if (rc != TK_OK)
        return rc;
    uint8_t secret[TOTP_SECRET_BYTES], sealed[TOTP_SEALED_BYTES];
    totp_secret_new(secret);
    totp_seal(keys_current()->sealed, ctx->user->id, secret, sealed);
    DOMAIN_TRANSACTION(ctx, rc, {
        if (domain_second_factor_enrolled(ctx, ctx->user->id))
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "second_factor.enrolled");
        if (rc == TK_OK)
            rc = store_second_factor_begin(ctx->db, ctx->user->id, sealed, sizeof sealed, clock_now());
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "second_factor.begin", "user", ctx->user->id, "ok", NULL);
    });
    if (rc == TK_OK) {
        totp_secret_text(secret, out->secret);
        char *uri = totp_uri(secret, ctx->user->username);
        out->uri = uri ? arena_strdup(ctx->arena, uri) : NULL;
        if (uri)
            sodium_memzero(uri, strlen(uri)); /* it holds the secret */
        free(uri);
        if (!out->uri)
            rc = TK_ERR_NOMEM;
    }
    sodium_memzero(secret, sizeof secret);
    return rc;
}

int domain_second_factor_confirm(Ctx *ctx, const char *code, char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_TEXT])
{
    int rc = require_user(ctx);
    if (rc != TK_OK)
        return rc;
    uint8_t hashes[RECOVERY_CODE_COUNT * RECOVERY_CODE_HASH];
    for (int i = 0; i < RECOVERY_CODE_COUNT; i++) {
        recovery_code_new(codes[i]);
        recovery_code_hash(keys_current()->sealed, codes[i], hashes + i * RECOVERY_CODE_HASH);
    }
    DOMAIN_TRANSACTION(ctx, rc, {
        SecondFactor f;
        uint8_t secret[TOTP_SECRET_BYTES];
        rc = store_second_factor_get(ctx->db, ctx->user->id, &f);
        if (rc == TK_ERR_NOT_FOUND || (rc == TK_OK && f.confirmed_at))
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "second_factor.not_begun");
        if (rc == TK_OK && !totp_open(keys_current()->sealed, ctx->user->id, f.secret, f.secret_len, secret))
            rc = TK_ERR_INTERNAL;
        int64_t step = rc == TK_OK ? totp_step_of(secret, clock_now(), code) : -1;
        sodium_memzero(secret, sizeof secret);
        if (rc == TK_OK && step < 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "second_factor.invalid_code", "code");
        if (rc == TK_OK)
            rc = store_second_factor_confirm(ctx->db, ctx->user->id, step, hashes, RECOVERY_CODE_COUNT, clock_now());
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "second_factor.enrol", "user", ctx->user->id, "ok", NULL);
    });
    sodium_memzero(hashes, sizeof hashes);
    if (rc != TK_OK)
        sodium_memzero(codes, sizeof(char) * RECOVERY_CODE_COUNT * RECOVERY_CODE_TEXT);
    return rc;
}

int domain_second_factor_take(Ctx *ctx, int64_t user_id, const char *code, bool *taken, const char **how)
{
    *taken = false;
    *how = NULL;
    SecondFactor f;
    int rc = store_second_factor_get(ctx->db, user_id, &f);
    if (rc != TK_OK)
        return rc;
    uint8_t secret[TOTP_SECRET_BYTES];
    if (!totp_open(keys_current()->sealed, user_id, f.secret, f.secret_len, secret))
        return TK_ERR_INTERNAL;
    int64_t step = totp_step_of(secret, clock_now(), code);
    sodium_memzero(secret, sizeof secret);
    if (step >= 0) {
        /* a code is taken once: one of its step or an earlier one after it, a replay, is refused */
        rc = step > f.last_step ? store_second_factor_take_step(ctx->db, user_id, step) : TK_ERR_CONFLICT;
        *taken = rc == TK_OK;
        *how = "code";
        return rc == TK_ERR_CONFLICT ? TK_OK : rc;
    }
    uint8_t hash[RECOVERY_CODE_HASH];
    if (!recovery_code_hash(keys_current()->sealed, code, hash))
        return TK_OK;
    rc = store_recovery_code_use(ctx->db, user_id, hash, clock_now());
    *taken = rc == TK_OK;
    *how = "recovery";
    return rc == TK_ERR_NOT_FOUND ? TK_OK : rc;
}

int domain_second_factor_reset(Ctx *ctx, int64_t user_id)
{
    /* a lost factor may be a stolen one: the tokens made under it go too */
    return domain_user_sessions_end_after(ctx, user_id, store_second_factor_remove, true, "second_factor.reset");
}
