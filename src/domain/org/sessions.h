/* One's own sessions and tokens (where and when each was used), ended one by one; an administrator ends all of a
 * user's sessions. */
#ifndef TAKAMUL_DOMAIN_SESSIONS_H
#define TAKAMUL_DOMAIN_SESSIONS_H

#include <stdbool.h>

#include "domain/core/context.h"
#include "model/session.h"

/* The acting user's open sessions (newest use first) and tokens. */
int domain_my_sessions(Ctx *ctx, CredentialEntry **sessions, int *session_count, CredentialEntry **tokens,
                       int *token_count);
/* Ends one of the acting user's sessions (the acting one too: a sign-out) or revokes one of their tokens; 404 for one
 * not theirs or ended. Audited. */
int domain_my_session_end(Ctx *ctx, int64_t id);
int domain_my_token_revoke(Ctx *ctx, int64_t id);
/* Administrators: ends every session of a user (their tokens stay). Audited. */
int domain_user_sessions_end(Ctx *ctx, int64_t user_id);
/* The same after first (NULL: nothing) in the same transaction, revoking the user's tokens too when asked, audited
 * as action: a reset that ends the sessions. */
int domain_user_sessions_end_after(Ctx *ctx, int64_t user_id, int (*first)(Db *, int64_t), bool tokens,
                                   const char *action);

#endif
