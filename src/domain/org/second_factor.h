/* The second factor (RFC 6238 codes from an authenticator app): whether a user needs one (the setting
 * second_factor_roles), enrolment with a QR code and ten one-time recovery codes, the check at login (each code taken
 * once), and an administrator's reset. */
#ifndef TAKAMUL_DOMAIN_SECOND_FACTOR_H
#define TAKAMUL_DOMAIN_SECOND_FACTOR_H

#include "auth/totp.h"
#include "domain/core/context.h"

/* True when the user's roles need a second factor (the setting second_factor_roles). */
bool second_factor_required(const User *user);

typedef struct {
    bool required, enrolled, pending;
    int recovery_left;
} SecondFactorState;

/* The acting user's second factor. */
int domain_second_factor_state(Ctx *ctx, SecondFactorState *out);
/* True when the user has a confirmed second factor (out of the database; errors are false). */
bool domain_second_factor_enrolled(Ctx *ctx, int64_t user_id);

typedef struct {
    char secret[TOTP_SECRET_TEXT];
    char *uri; /* in ctx->arena */
} SecondFactorEnrolment;

/* Starts the acting user's enrolment: a new secret, not in use until a first code confirms it. 409
 * second_factor.enrolled when one is in use (an administrator resets it first). */
int domain_second_factor_begin(Ctx *ctx, SecondFactorEnrolment *out);
/* Confirms the enrolment with a first code; the ten recovery codes (shown once) into codes. 400
 * second_factor.invalid_code; 409 second_factor.not_begun. */
int domain_second_factor_confirm(Ctx *ctx, const char *code, char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_TEXT]);
/* Checks a code (of the app, or a recovery code) for a signing-in user with a confirmed factor: *taken true when it
 * is right and not taken before, and then it is taken (in the caller's transaction); how: "code" or "recovery". */
int domain_second_factor_take(Ctx *ctx, int64_t user_id, const char *code, bool *taken, const char **how);
/* An administrator takes a user's second factor away: the user enrols again; their sessions end and their tokens are
 * revoked. Audited. */
int domain_second_factor_reset(Ctx *ctx, int64_t user_id);

#endif
