/* Sessions, API tokens, failed logins and trusted devices in the database. Tokens are stored as hashes. */
#ifndef TAKAMUL_STORE_SESSION_H
#define TAKAMUL_STORE_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/session.h"
#include "store/store.h"

int store_session_insert(Db *db, const uint8_t hash[32], int64_t user_id, int64_t now, const char *client_addr,
                         const char *user_agent, bool new_device, int64_t *id);
/* The user's sessions not ended, used since `since` (the idle limit) and opened since `opened_since` (the
 * absolute one), newest first; and their tokens not revoked nor expired at now. */
int store_sessions_open(Db *db, int64_t user_id, int64_t since, int64_t opened_since, Arena *arena,
                        CredentialEntry **items, int *count);
int store_tokens_open(Db *db, int64_t user_id, int64_t now, Arena *arena, CredentialEntry **items, int *count);
/* Ends a session, or revokes a token, of that user: TK_ERR_NOT_FOUND when it is not theirs, or ended already. */
int store_session_end_own(Db *db, int64_t user_id, int64_t id, int64_t now);
int store_token_revoke_own(Db *db, int64_t user_id, int64_t id, int64_t now);
/* The user's session opened before session `before` (the sign-in before this one); TK_ERR_NOT_FOUND for none. */
int store_session_previous(Db *db, int64_t user_id, int64_t before, Arena *arena, CredentialEntry *out);
/* Finds a session by its token hash. 0 or TK_ERR_NOT_FOUND. */
int store_session_find(Db *db, const uint8_t hash[32], Credential *session);
int store_session_touch(Db *db, int64_t id, int64_t now);
int store_session_end(Db *db, int64_t id, int64_t now);
/* Ends every open session of a user except keep_id (0: all). */
int store_sessions_end_for_user(Db *db, int64_t user_id, int64_t keep_id, int64_t now);

int store_token_insert(Db *db, const uint8_t hash[32], int64_t user_id, const char *label, int64_t now,
                       int64_t expires_at);
int store_token_find(Db *db, const uint8_t hash[32], Credential *token);
int store_token_touch(Db *db, int64_t id, int64_t now);
/* Revokes one token (a bearer client logging out); revoking a revoked token changes nothing. */
int store_token_revoke(Db *db, int64_t id, int64_t now);
/* Revokes every token of a user (disabled, or their password changed). */
int store_tokens_revoke_for_user(Db *db, int64_t user_id, int64_t now);

/* Records a failed login for a lower-cased name; device_hash NULL when no device of the account was shown. */
int store_login_failure_add(Db *db, const char *name_key, const uint8_t *device_hash, int64_t now);
/* Counts an attempt as a failure before it is checked (id set), so that attempts made at once cannot all pass the
 * count; removed again when it was no failure. */
int store_login_failure_reserve(Db *db, const char *name_key, const uint8_t *device_hash, int64_t now, int64_t *id);
int store_login_failure_remove(Db *db, int64_t id);
/* Counts failures since a time, with the time of the newest. */
int store_login_failures_count(Db *db, const char *name_key, const uint8_t *device_hash, int64_t since, int *count,
                               int64_t *newest);
int store_login_failures_clear(Db *db, const char *name_key, const uint8_t *device_hash);
/* Forgets failures older than a time. */
int store_login_failures_prune(Db *db, int64_t before);

int store_device_insert(Db *db, const uint8_t hash[32], int64_t user_id, int64_t now);
/* The user a device cookie belongs to, or 0. */
int store_device_user(Db *db, const uint8_t hash[32], int64_t *user_id);

#endif
