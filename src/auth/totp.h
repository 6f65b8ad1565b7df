/* The second factor: time-based one-time passwords (RFC 6238: HMAC-SHA-1, 30-second steps, six digits; liboath),
 * their secrets sealed for the database with the server's key, and one-time recovery codes kept as keyed digests. */
#ifndef TAKAMUL_AUTH_TOTP_H
#define TAKAMUL_AUTH_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    TOTP_SECRET_BYTES = 20,                          /* 160 bits, as RFC 4226 recommends */
    TOTP_SECRET_TEXT = 33,                           /* base32 of 20 bytes (32) + NUL */
    TOTP_STEP_SECONDS = 30,                          /* the time step */
    TOTP_SEALED_BYTES = 24 + 16 + TOTP_SECRET_BYTES, /* nonce, tag, secret */
    RECOVERY_CODE_COUNT = 10,                        /* given at enrolment */
    RECOVERY_CODE_TEXT = 12,                         /* xxxxx-xxxxx + NUL */
    RECOVERY_CODE_HASH = 32,                         /* the stored digest */
};

/* Initialises liboath once, before threads (0, or -1). */
int totp_init(void);
/* A new random secret. */
void totp_secret_new(uint8_t secret[TOTP_SECRET_BYTES]);
/* The secret as an authenticator app is given it: base32, upper case, no padding. */
void totp_secret_text(const uint8_t secret[TOTP_SECRET_BYTES], char out[TOTP_SECRET_TEXT]);
/* The otpauth:// address of the secret for a QR code: issuer Takamul, the account's name (percent-encoded). Caller
 * frees; NULL when out of memory. */
char *totp_uri(const uint8_t secret[TOTP_SECRET_BYTES], const char *account);
/* The six-digit code of the step that holds the moment `at` (for tests and the console). */
void totp_code_at(const uint8_t secret[TOTP_SECRET_BYTES], int64_t at, char out[7]);
/* The time step (seconds / 30) whose code `code` is, within one step either side of now; -1 when none is. Only six
 * ASCII digits are a code. */
int64_t totp_step_of(const uint8_t secret[TOTP_SECRET_BYTES], int64_t now, const char *code);

/* The secret sealed with key for the user it is (XChaCha20-Poly1305 with a random nonce, the user's id bound as
 * associated data: a row copied to another user does not open), and opened again (false when the key, the user or
 * the bytes do not fit). */
void totp_seal(const uint8_t key[32], int64_t user_id, const uint8_t secret[TOTP_SECRET_BYTES],
               uint8_t out[TOTP_SEALED_BYTES]);
bool totp_open(const uint8_t key[32], int64_t user_id, const uint8_t *sealed, size_t len,
               uint8_t secret[TOTP_SECRET_BYTES]);

/* A new recovery code, xxxxx-xxxxx from an alphabet without look-alike letters (50 bits). */
void recovery_code_new(char out[RECOVERY_CODE_TEXT]);
/* The stored digest of a code as typed (case, spaces and dashes do not count), keyed with a key derived from key for
 * this use alone; false when it cannot be a code. */
bool recovery_code_hash(const uint8_t key[32], const char *typed, uint8_t out[RECOVERY_CODE_HASH]);

#endif
