/* Signing in and out: password login with lockout, sessions with idle and absolute expiry,
 * bearer tokens, and changing one's own password. */
#ifndef TAKAMUL_DOMAIN_LOGIN_H
#define TAKAMUL_DOMAIN_LOGIN_H

#include "auth/token.h"
#include "model/session.h"
#include "domain/core/context.h"

typedef struct {
    char session_token[TOKEN_TEXT_SIZE];
    char csrf_token[44];
    char device_token[TOKEN_TEXT_SIZE]; /* empty when the browser's device cookie is still good */
    int64_t expires_at;
    int64_t absolute_expires_at; /* the end however much it is used: session_max_seconds after login */
    User user;
    Unit unit;
    bool has_previous;        /* the user signed in before */
    CredentialEntry previous; /* that sign-in: when, from where, in which browser, and whether from a new device */
} LoginResult;

/* Checks the password, and the second factor's code when the user has one (code: of the app, or a recovery code;
 * NULL when none was typed), and opens a session. device_token is the browser's device cookie or NULL. With a
 * one-time password (out->user.must_change_password) the session may only change it, and without the second factor
 * the user's roles need (out->user.second_factor_missing) it may only enrol (api/dispatch.c).
 * 0; TK_ERR_UNAUTHORIZED: auth.invalid_credentials for a wrong name or password, alike in answer and time,
 * auth.second_factor_required when the password is right and the code is missing, auth.invalid_code for a wrong or
 * replayed code (counted as a failed login); TK_ERR_LOCKED (auth.locked, fault->retry_after set) while the name is
 * locked for this browser. */
int domain_login(Ctx *ctx, const char *username, const char *password, const char *code, const char *device_token,
                 LoginResult *out);

typedef struct {
    User user;
    Unit unit;
    int64_t session_id;          /* 0 for tokens */
    int64_t token_id;            /* 0 for sessions */
    int64_t expires_at;          /* the idle end or the absolute end, whichever comes first */
    int64_t absolute_expires_at; /* sessions: the end however much it is used; tokens: expires_at */
    char csrf_token[44];         /* sessions only */
} Authenticated;

/* Finds the open session of a cookie, ending it when idle or too old. 0 or TK_ERR_UNAUTHORIZED. */
int domain_authenticate_session(Ctx *ctx, const char *session_token, Authenticated *out);
/* Finds the user of a bearer token. 0 or TK_ERR_UNAUTHORIZED. */
int domain_authenticate_token(Ctx *ctx, const char *token, Authenticated *out);
/* True when csrf_token is the one of this session token (constant time). */
bool domain_csrf_valid(const char *session_token, const char *csrf_token);
/* Ends the acting session, or revokes the acting bearer token (token_id; 0 for a session). */
int domain_logout(Ctx *ctx, int64_t token_id);
/* Changes the acting user's password after checking the current one; the new one must differ from it. Ends their
 * other sessions, revokes all their tokens, and ends a one-time password's restriction. */
int domain_change_own_password(Ctx *ctx, const char *current_password, const char *new_password);
/* Makes an API token for a user (console only); the token text is written to out. */
int domain_token_create(Ctx *ctx, const char *username, const char *label, char out[TOKEN_TEXT_SIZE]);
/* The lower-cased name (at most 64 bytes) by which failed logins are counted. */
void domain_login_name_key(const char *username, char out[65]);
/* Checks a new password against the policy; records the fault on field. */
int domain_password_acceptable(Ctx *ctx, const char *password, const char *field);

#endif
