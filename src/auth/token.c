#include "auth/token.h"

#include <sodium.h>
#include <string.h>

void token_generate(const char *prefix, char out[TOKEN_TEXT_SIZE])
{
    unsigned char random_bytes[TOKEN_RANDOM_BYTES];
    randombytes_buf(random_bytes, sizeof random_bytes);
    size_t prefix_len = strlen(prefix);
    memcpy(out, prefix, prefix_len);
    sodium_bin2base64(out + prefix_len, TOKEN_TEXT_SIZE - prefix_len, random_bytes, sizeof random_bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(random_bytes, sizeof random_bytes);
}

void token_hash(const char *token, uint8_t out[TOKEN_HASH_SIZE])
{
    crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

bool token_well_formed(const char *prefix, const char *text)
{
    size_t prefix_len = strlen(prefix);
    if (strncmp(text, prefix, prefix_len) != 0)
        return false;
    const char *body = text + prefix_len;
    size_t len = strlen(body);
    if (len != 43)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = body[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

void token_derive(const uint8_t key[32], const char *purpose, const char *token, char out[44])
{
    unsigned char digest[32];
    crypto_generichash_state state;
    crypto_generichash_init(&state, key, 32, sizeof digest);
    crypto_generichash_update(&state, (const unsigned char *)purpose, strlen(purpose) + 1);
    crypto_generichash_update(&state, (const unsigned char *)token, strlen(token));
    crypto_generichash_final(&state, digest, sizeof digest);
    sodium_bin2base64(out, 44, digest, sizeof digest, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
