#include "domain/org/sessions.h"

#include "base/clock.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/core/access.h"
#include "store/org.h"
#include "store/session.h"

static int require_user(Ctx *ctx)
{
    return ctx->user ? TK_OK : fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required");
}

int domain_my_sessions(Ctx *ctx, CredentialEntry **sessions, int *session_count, CredentialEntry **tokens,
                       int *token_count)
{
    int rc = require_user(ctx);
    if (rc != TK_OK)
        return rc;
    int64_t now = clock_now();
    /* a session past its idle or absolute end is over, though no request has found it so yet */
    rc = store_sessions_open(ctx->db, ctx->user->id, now - settings_get(SET_SESSION_IDLE_SECONDS),
                             now - settings_get(SET_SESSION_MAX_SECONDS), ctx->arena, sessions, session_count);
    if (rc == TK_OK)
        rc = store_tokens_open(ctx->db, ctx->user->id, now, ctx->arena, tokens, token_count);
    return rc;
}

/* Ends (revokes) one credential of the acting user with end, audited as action. */
static int end_own(Ctx *ctx, int64_t id, int (*end)(Db *, int64_t, int64_t, int64_t), const char *action)
{
    int rc = require_user(ctx);
    if (rc != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = domain_found(ctx, end(ctx->db, ctx->user->id, id, clock_now()));
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, action, "user", ctx->user->id, "ok",
                                     arena_printf(ctx->arena, "%lld", (long long)id));
    });
    return rc;
}

int domain_my_session_end(Ctx *ctx, int64_t id)
{
    return end_own(ctx, id, store_session_end_own, "session.end");
}

int domain_my_token_revoke(Ctx *ctx, int64_t id)
{
    return end_own(ctx, id, store_token_revoke_own, "token.revoke");
}

int domain_user_sessions_end_after(Ctx *ctx, int64_t user_id, int (*first)(Db *, int64_t), bool tokens,
                                   const char *action)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    DOMAIN_TRANSACTION(ctx, rc, {
        User user;
        rc = domain_found(ctx, store_user_get(ctx->db, user_id, ctx->arena, &user));
        if (rc == TK_OK && first)
            rc = first(ctx->db, user_id);
        if (rc == TK_OK)
            rc = store_sessions_end_for_user(ctx->db, user_id, 0, clock_now());
        if (rc == TK_OK && tokens)
            rc = store_tokens_revoke_for_user(ctx->db, user_id, clock_now());
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, action, "user", user_id, "ok", tokens ? "sessions and tokens" : "sessions");
    });
    return rc;
}

int domain_user_sessions_end(Ctx *ctx, int64_t user_id)
{
    return domain_user_sessions_end_after(ctx, user_id, NULL, false, "user.sessions_end");
}
