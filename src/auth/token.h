/* Random tokens (sessions, API tokens, devices) and their stored hashes. */
#ifndef TAKAMUL_AUTH_TOKEN_H
#define TAKAMUL_AUTH_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOKEN_RANDOM_BYTES 32 /* 256 bits */
#define TOKEN_TEXT_SIZE 64    /* prefix + 43 base64url characters + NUL fits */
#define TOKEN_HASH_SIZE 32

/* Makes prefix + base64url(32 random bytes) into out. */
void token_generate(const char *prefix, char out[TOKEN_TEXT_SIZE]);
/* SHA-256 of the token text: what is stored. */
void token_hash(const char *token, uint8_t out[TOKEN_HASH_SIZE]);
/* True when text has the shape of a token with this prefix (length and alphabet). */
bool token_well_formed(const char *prefix, const char *text);
/* A keyed digest of a token for a given purpose, base64url into out (44 bytes),
 * e.g. the CSRF token derived from a session token. */
void token_derive(const uint8_t key[32], const char *purpose, const char *token, char out[44]);

#endif
