/* Passwords: argon2id hashing and the acceptance policy. */
#ifndef TAKAMUL_AUTH_PASSWORD_H
#define TAKAMUL_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

/* argon2id cost: 3 passes over 32 MiB (above the 2 passes and 19 MiB minimum). */
#define PASSWORD_OPSLIMIT 3ULL
#define PASSWORD_MEMLIMIT (32ULL * 1024 * 1024)
#define PASSWORD_HASH_SIZE 128

typedef enum {
    PASSWORD_OK = 0,
    PASSWORD_TOO_SHORT,
    PASSWORD_TOO_LONG,
    PASSWORD_COMMON,   /* in the list of common passwords, or one with a digit run added */
    PASSWORD_TRIVIAL,  /* one character repeated, or a plain run like 1234567890 */
    PASSWORD_MALFORMED /* not valid UTF-8, or holds control characters */
} PasswordVerdict;

/* Loads the embedded common-password list; call once before threads start. 0 or -1. */
int password_init(void);
/* Hashes into out (NUL-terminated encoded argon2id string). 0, or -1 when memory runs out. */
int password_hash(const char *password, char out[PASSWORD_HASH_SIZE]);
/* True when password matches the stored hash. Takes the same time for any stored hash of the
 * same cost, so a dummy hash hides unknown users. */
bool password_verify(const char *stored_hash, const char *password);
/* password_verify with a bound on how many hashes run at once (each takes 32 MiB and about a tenth of a second):
 * waits up to two seconds for a turn. 1 when it matches, 0 when not, -1 when no turn came (the server is busy). */
int password_verify_bounded(const char *stored_hash, const char *password);
/* A valid hash of a random password, for answering unknown users in the same time. Borrowed. */
const char *password_dummy_hash(void);
/* Judges a new password against the policy: length in characters between min and max,
 * not common, not trivial. */
PasswordVerdict password_check(const char *password, size_t min_chars, size_t max_chars);
/* Stable error code for a verdict, e.g. "password.too_short". */
const char *password_verdict_code(PasswordVerdict verdict);

#endif
