#include "domain/org/login.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/keys.h"
#include "auth/password.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/org/second_factor.h"
#include "store/org.h"
#include "store/session.h"

enum { NAME_KEY_MAX = 64, TOUCH_EVERY_SECONDS = 30 };

static const char SESSION_PREFIX[] = "ses_";
static const char TOKEN_PREFIX[] = "tk_";
static const char DEVICE_PREFIX[] = "dev_";

/* The lower-cased name typed, cut to a bounded length: failures are counted by it. */
void domain_login_name_key(const char *username, char out[NAME_KEY_MAX + 1])
{
    size_t i = 0;
    for (; username[i] && i < NAME_KEY_MAX; i++)
        out[i] = (char)tolower((unsigned char)username[i]);
    out[i] = '\0';
}

int domain_password_acceptable(Ctx *ctx, const char *password, const char *field)
{
    PasswordVerdict verdict = password_check(password, (size_t)settings_get(SET_PASSWORD_MIN_LENGTH),
                                             (size_t)settings_get(SET_PASSWORD_MAX_LENGTH));
    if (verdict == PASSWORD_OK)
        return TK_OK;
    return fault_field(ctx->fault, TK_ERR_INVALID, password_verdict_code(verdict), field);
}

static int load_unit_of(Ctx *ctx, User *user, Unit *unit)
{
    int rc = store_unit_get(ctx->db, user->unit_id, ctx->arena, unit);
    return rc == TK_ERR_NOT_FOUND ? TK_ERR_INTERNAL : rc;
}

int domain_login(Ctx *ctx, const char *username, const char *password, const char *code, const char *device_token,
                 LoginResult *out)
{
    memset(out, 0, sizeof *out);
    char name_key[NAME_KEY_MAX + 1];
    domain_login_name_key(username, name_key);
    int64_t now = clock_now();
    int rc;

    /* A device cookie counts only for the account it was issued to. */
    uint8_t device_hash[TOKEN_HASH_SIZE];
    const uint8_t *device = NULL;
    int64_t device_user = 0;
    User user;
    int found = store_user_get_for_login(ctx->db, username, ctx->arena, &user);
    if (found != TK_OK && found != TK_ERR_NOT_FOUND)
        return found;
    if (device_token && token_well_formed(DEVICE_PREFIX, device_token)) {
        token_hash(device_token, device_hash);
        if ((rc = store_device_user(ctx->db, device_hash, &device_user)) != TK_OK)
            return rc;
        if (found == TK_OK && device_user == user.id)
            device = device_hash;
    }

    /* The attempt is counted as a failure before the slow checks, in one write with the count: attempts sent at once
     * cannot all pass a count that none of them has added to yet. It is taken back when it was none. */
    int failures = 0;
    int64_t newest = 0, reserved = 0;
    int64_t window = settings_get(SET_LOGIN_WINDOW_SECONDS), lock = settings_get(SET_LOGIN_LOCK_SECONDS);
    bool locked = false;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_login_failures_count(ctx->db, name_key, device, now - window, &failures, &newest);
        locked = rc == TK_OK && failures >= settings_get(SET_LOGIN_MAX_FAILURES) && newest + lock > now;
        if (rc == TK_OK && !locked)
            rc = store_login_failure_reserve(ctx->db, name_key, device, now, &reserved);
    });
    if (rc != TK_OK)
        return rc;
    if (locked) {
        ctx->fault->retry_after = (int)(newest + lock - now);
        domain_audit_read_outcome(ctx, "session.locked", found == TK_OK ? "user" : NULL, found == TK_OK ? user.id : 0,
                                  "denied", device ? "device" : NULL);
        return fault_set(ctx->fault, TK_ERR_LOCKED, "auth.locked");
    }

    /* The hash is checked for unknown and disabled users too, so every failure takes the same time. */
    int verdict = password_verify_bounded(found == TK_OK ? user.password_hash : NULL, password);
    if (verdict < 0) {
        DOMAIN_TRANSACTION(ctx, rc, { rc = store_login_failure_remove(ctx->db, reserved); });
        return fault_set(ctx->fault, TK_ERR_BUSY, "unavailable");
    }
    bool password_ok = verdict == 1;
    bool ok = found == TK_OK && password_ok && strcmp(user.status, "active") == 0;
    /* the password right: a user with a second factor gives its code too (a code is taken once) */
    const char *failure = NULL, *second = NULL;
    if (ok && domain_second_factor_enrolled(ctx, user.id)) {
        if (!code || !*code) {
            /* no failure, but the account's owner and the auditors learn that its password was used */
            DOMAIN_TRANSACTION(ctx, rc, {
                rc = store_login_failure_remove(ctx->db, reserved);
                const User *actor = ctx->user;
                ctx->user = &user;
                if (rc == TK_OK)
                    rc = domain_audit_change(ctx, "session.code_asked", "user", user.id, "ok",
                                             "right password, second-factor code asked");
                ctx->user = actor;
            });
            return rc != TK_OK ? rc : fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.second_factor_required");
        }
        bool taken = false;
        DOMAIN_TRANSACTION(ctx, rc, { rc = domain_second_factor_take(ctx, user.id, code, &taken, &second); });
        if (rc != TK_OK)
            return rc;
        if (!taken) {
            ok = false;
            failure = "wrong second-factor code";
        }
    }
    if (!ok) {
        /* the attempt's failure is counted already */
        DOMAIN_TRANSACTION(ctx, rc, {
            rc = store_login_failures_prune(ctx->db, now - 2 * window - lock);
            if (rc == TK_OK) {
                /* The name typed is kept only when it is an account's: a stray password typed into the
                 * name field must not end up in the log. */
                const User *actor = ctx->user;
                ctx->user = found == TK_OK ? &user : NULL;
                const char *detail = failure                              ? failure
                                     : found != TK_OK                     ? "unknown name"
                                     : strcmp(user.status, "active") != 0 ? "disabled account"
                                                                          : "wrong password";
                rc = domain_audit_change(ctx, "session.login_failed", found == TK_OK ? "user" : NULL,
                                         found == TK_OK ? user.id : 0, "failed", detail);
                if (rc == TK_OK && failures + 1 >= settings_get(SET_LOGIN_MAX_FAILURES))
                    rc = domain_audit_change(ctx, "session.locked", found == TK_OK ? "user" : NULL,
                                             found == TK_OK ? user.id : 0, "denied", device ? "device" : "name");
                ctx->user = actor;
            }
        });
        if (rc != TK_OK)
            return rc;
        return fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, failure ? "auth.invalid_code" : "auth.invalid_credentials");
    }

    if ((rc = load_unit_of(ctx, &user, &out->unit)) != TK_OK)
        return rc;
    token_generate(SESSION_PREFIX, out->session_token);
    uint8_t session_hash[TOKEN_HASH_SIZE];
    token_hash(out->session_token, session_hash);
    if (!device) {
        token_generate(DEVICE_PREFIX, out->device_token);
        token_hash(out->device_token, device_hash);
    }
    int64_t session_id = 0;
    /* the browser, as it names itself, cut short: for the user's list of their sessions */
    const char *user_agent = ctx->user_agent ? arena_printf(ctx->arena, "%.200s", ctx->user_agent) : NULL;
    /* the session begins now, after the slow password check: its idle time counts from here */
    now = clock_now();
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_login_failures_clear(ctx->db, name_key, device);
        if (rc == TK_OK)
            rc = store_session_insert(ctx->db, session_hash, user.id, now, ctx->client_addr, user_agent, !device,
                                      &session_id);
        if (rc == TK_OK &&
            (rc = store_session_previous(ctx->db, user.id, session_id, ctx->arena, &out->previous)) == TK_ERR_NOT_FOUND)
            rc = TK_OK;
        else if (rc == TK_OK)
            out->has_previous = true;
        if (rc == TK_OK)
            rc = store_device_insert(ctx->db, device_hash, user.id, now);
        if (rc == TK_OK)
            rc = store_user_set_last_login(ctx->db, user.id, now);
        if (rc == TK_OK) {
            ctx->user = &user;
            static const char *const details[2][2] = {{NULL, "known device"},
                                                      {"one-time password", "known device, one-time password"}};
            const char *detail = details[user.must_change_password][device != NULL];
            if (second)
                detail = arena_printf(ctx->arena, "%s%s%s", detail ? detail : "", detail ? ", " : "",
                                      strcmp(second, "recovery") == 0 ? "recovery code" : "second factor");
            rc = domain_audit_change(ctx, "session.login", "user", user.id, "ok", detail);
            ctx->user = NULL;
        }
    });
    sodium_memzero(device_hash, sizeof device_hash);
    if (rc != TK_OK)
        return rc;
    user.password_hash = NULL;
    user.last_login_at = now;
    user.second_factor_missing = second_factor_required(&user) && !second;
    out->user = user;
    token_derive(keys_current()->csrf, "csrf", out->session_token, out->csrf_token);
    int64_t idle_end = now + settings_get(SET_SESSION_IDLE_SECONDS);
    int64_t hard_end = now + settings_get(SET_SESSION_MAX_SECONDS);
    out->expires_at = idle_end < hard_end ? idle_end : hard_end;
    out->absolute_expires_at = hard_end;
    return TK_OK;
}

static int finish_authentication(Ctx *ctx, int64_t user_id, Authenticated *out)
{
    int rc = store_user_get(ctx->db, user_id, ctx->arena, &out->user);
    if (rc == TK_ERR_NOT_FOUND || (rc == TK_OK && strcmp(out->user.status, "active") != 0))
        return fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required");
    if (rc != TK_OK)
        return rc;
    return load_unit_of(ctx, &out->user, &out->unit);
}

/* The credential a well-formed token with the prefix names, found by its hash (find: the store's session or API
 * token lookup); 401 auth.required for any other. */
static int find_credential(Ctx *ctx, const char *prefix, const char *token,
                           int (*find)(Db *, const uint8_t[TOKEN_HASH_SIZE], Credential *), Credential *out)
{
    if (!token_well_formed(prefix, token))
        return fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required");
    uint8_t hash[TOKEN_HASH_SIZE];
    token_hash(token, hash);
    int rc = find(ctx->db, hash, out);
    return rc == TK_ERR_NOT_FOUND ? fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required") : rc;
}

int domain_authenticate_session(Ctx *ctx, const char *session_token, Authenticated *out)
{
    memset(out, 0, sizeof *out);
    Credential session;
    int rc = find_credential(ctx, SESSION_PREFIX, session_token, store_session_find, &session);
    if (rc != TK_OK)
        return rc;
    if (session.ended_at)
        return fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required");
    int64_t now = clock_now();
    int64_t idle_end = session.last_seen_at + settings_get(SET_SESSION_IDLE_SECONDS);
    int64_t hard_end = session.created_at + settings_get(SET_SESSION_MAX_SECONDS);
    if (now >= idle_end || now >= hard_end) {
        store_session_end(ctx->db, session.id, now);
        return fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required");
    }
    if ((rc = finish_authentication(ctx, session.user_id, out)) != TK_OK)
        return rc;
    /* last_seen is written at most every half minute (or a tenth of the idle time, when that is shorter), so
     * reads do not each cost a disk sync, and the idle limit is kept to within a tenth. */
    int64_t touch_every = settings_get(SET_SESSION_IDLE_SECONDS) / 10;
    if (touch_every > TOUCH_EVERY_SECONDS)
        touch_every = TOUCH_EVERY_SECONDS;
    if (now - session.last_seen_at >= touch_every) {
        if ((rc = store_session_touch(ctx->db, session.id, now)) != TK_OK)
            return rc;
        session.last_seen_at = now;
    }
    out->session_id = session.id;
    /* a user whose roles need a second factor and who has none may only enrol (api/dispatch.c) */
    out->user.second_factor_missing = second_factor_required(&out->user) &&
                                      !domain_second_factor_enrolled(ctx, out->user.id);
    idle_end = session.last_seen_at + settings_get(SET_SESSION_IDLE_SECONDS);
    out->expires_at = idle_end < hard_end ? idle_end : hard_end;
    out->absolute_expires_at = hard_end;
    token_derive(keys_current()->csrf, "csrf", session_token, out->csrf_token);
    return TK_OK;
}

int domain_authenticate_token(Ctx *ctx, const char *token, Authenticated *out)
{
    memset(out, 0, sizeof *out);
    Credential credential;
    int rc = find_credential(ctx, TOKEN_PREFIX, token, store_token_find, &credential);
    int64_t now = clock_now();
    if (rc != TK_OK)
        return rc;
    if (credential.ended_at || credential.expires_at <= now)
        return fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required");
    if ((rc = finish_authentication(ctx, credential.user_id, out)) != TK_OK)
        return rc;
    /* a token of a user whose roles need a second factor she does not have (made before they did) opens nothing */
    out->user.second_factor_missing = second_factor_required(&out->user) &&
                                      !domain_second_factor_enrolled(ctx, out->user.id);
    if (now - credential.last_seen_at >= 60)
        rc = store_token_touch(ctx->db, credential.id, now);
    out->token_id = credential.id;
    out->expires_at = credential.expires_at;
    out->absolute_expires_at = credential.expires_at;
    return rc;
}

bool domain_csrf_valid(const char *session_token, const char *csrf_token)
{
    char expected[44];
    token_derive(keys_current()->csrf, "csrf", session_token, expected);
    size_t len = strlen(expected);
    return strlen(csrf_token) == len && sodium_memcmp(expected, csrf_token, len) == 0;
}

int domain_logout(Ctx *ctx, int64_t token_id)
{
    if (!ctx->session_id && !token_id)
        return TK_OK;
    int rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        if (token_id) {
            rc = store_token_revoke(ctx->db, token_id, clock_now());
            if (rc == TK_OK)
                rc = domain_audit_change(ctx, "token.revoke", "user", ctx->user->id, "ok", "logout");
        } else {
            rc = store_session_end(ctx->db, ctx->session_id, clock_now());
            if (rc == TK_OK)
                rc = domain_audit_change(ctx, "session.logout", "user", ctx->user->id, "ok", NULL);
        }
    });
    return rc;
}

int domain_change_own_password(Ctx *ctx, const char *current_password, const char *new_password)
{
    User user;
    int rc = store_user_get_for_login(ctx->db, ctx->user->username, ctx->arena, &user);
    if (rc != TK_OK)
        return rc;
    /* Wrong current passwords count like failed logins, so a stolen session cannot guess the password. */
    char name_key[NAME_KEY_MAX + 1];
    domain_login_name_key(user.username, name_key);
    int64_t now = clock_now(), newest = 0;
    int failures = 0;
    if ((rc = store_login_failures_count(ctx->db, name_key, NULL, now - settings_get(SET_LOGIN_WINDOW_SECONDS),
                                         &failures, &newest)) != TK_OK)
        return rc;
    if (failures >= settings_get(SET_LOGIN_MAX_FAILURES) && newest + settings_get(SET_LOGIN_LOCK_SECONDS) > now) {
        ctx->fault->retry_after = (int)(newest + settings_get(SET_LOGIN_LOCK_SECONDS) - now);
        return fault_set(ctx->fault, TK_ERR_LOCKED, "auth.locked");
    }
    int verdict = password_verify_bounded(user.password_hash, current_password);
    if (verdict < 0)
        return fault_set(ctx->fault, TK_ERR_BUSY, "unavailable");
    if (verdict == 0) {
        DOMAIN_TRANSACTION(ctx, rc, {
            rc = store_login_failure_add(ctx->db, name_key, NULL, now);
            if (rc == TK_OK)
                rc = domain_audit_change(ctx, "me.password", "user", user.id, "failed", "wrong current password");
        });
        return rc != TK_OK ? rc : fault_field(ctx->fault, TK_ERR_INVALID, "password.wrong_current", "current_password");
    }
    /* A one-time password is replaced by one only its owner knows; any other change must change something too. */
    if (strcmp(new_password, current_password) == 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "password.same_as_current", "new_password");
    if ((rc = domain_password_acceptable(ctx, new_password, "new_password")) != TK_OK)
        return rc;
    char hash[PASSWORD_HASH_SIZE];
    if (password_hash(new_password, hash) != 0)
        return TK_ERR_NOMEM;
    /* Every token is revoked, the acting one too: a password is changed when credentials may have leaked, and a
     * token must not outlive that. */
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_user_set_password(ctx->db, user.id, hash, false, now);
        if (rc == TK_OK)
            rc = store_sessions_end_for_user(ctx->db, user.id, ctx->session_id, now);
        if (rc == TK_OK)
            rc = store_tokens_revoke_for_user(ctx->db, user.id, now);
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "me.password", "user", user.id, "ok",
                                     user.must_change_password ? "one-time password replaced" : NULL);
    });
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int domain_token_create(Ctx *ctx, const char *username, const char *label, char out[TOKEN_TEXT_SIZE])
{
    User user;
    int rc = store_user_get_for_login(ctx->db, username, ctx->arena, &user);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_field(ctx->fault, rc, "not_found", "username");
    if (rc != TK_OK)
        return rc;
    if (strcmp(user.status, "active") != 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "user.disabled", "username");
    if (second_factor_required(&user) && !domain_second_factor_enrolled(ctx, user.id))
        return fault_field(ctx->fault, TK_ERR_INVALID, "second_factor.required", "username");
    token_generate(TOKEN_PREFIX, out);
    uint8_t hash[TOKEN_HASH_SIZE];
    token_hash(out, hash);
    int64_t now = clock_now();
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_token_insert(ctx->db, hash, user.id, label, now, now + settings_get(SET_TOKEN_DAYS) * 86400);
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "token.create", "user", user.id, "ok", NULL);
    });
    return rc;
}
