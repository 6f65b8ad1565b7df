#include "auth/totp.h"

#include <liboath/oath.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DIGITS = 6, WINDOW = 1 };

static const char BASE32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/* recovery codes: lower case letters and digits, without 0 o 1 l i */
static const char RECOVERY[] = "abcdefghjkmnpqrstuvwxyz23456789";

int totp_init(void)
{
    return oath_init() == OATH_OK ? 0 : -1;
}

void totp_secret_new(uint8_t secret[TOTP_SECRET_BYTES])
{
    randombytes_buf(secret, TOTP_SECRET_BYTES);
}

void totp_secret_text(const uint8_t secret[TOTP_SECRET_BYTES], char out[TOTP_SECRET_TEXT])
{
    /* 20 bytes are 160 bits: 32 groups of five, no padding */
    int n = 0;
    for (int bit = 0; bit < TOTP_SECRET_BYTES * 8; bit += 5) {
        int byte = bit / 8, shift = bit % 8;
        unsigned value = (unsigned)secret[byte] << 8 | (byte + 1 < TOTP_SECRET_BYTES ? secret[byte + 1] : 0);
        out[n++] = BASE32[(value >> (11 - shift)) & 31];
    }
    out[n] = '\0';
}

char *totp_uri(const uint8_t secret[TOTP_SECRET_BYTES], const char *account)
{
    char text[TOTP_SECRET_TEXT];
    totp_secret_text(secret, text);
    size_t len = strlen(account);
    char *label = malloc(len * 3 + 1);
    if (!label)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)account[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
            c == '-')
            label[k++] = (char)c;
        else
            k += (size_t)sprintf(label + k, "%%%02X", c);
    }
    label[k] = '\0';
    size_t size = k + sizeof text + 128;
    char *uri = malloc(size);
    if (uri)
        snprintf(uri, size, "otpauth://totp/Takamul:%s?secret=%s&issuer=Takamul&algorithm=SHA1&digits=6&period=30",
                 label, text);
    free(label);
    sodium_memzero(text, sizeof text);
    return uri;
}

void totp_code_at(const uint8_t secret[TOTP_SECRET_BYTES], int64_t at, char out[7])
{
    if (oath_totp_generate((const char *)secret, TOTP_SECRET_BYTES, (time_t)at, TOTP_STEP_SECONDS,
                           OATH_TOTP_DEFAULT_START_TIME, DIGITS, out) != OATH_OK)
        out[0] = '\0';
}

int64_t totp_step_of(const uint8_t secret[TOTP_SECRET_BYTES], int64_t now, const char *code)
{
    if (!code || strlen(code) != DIGITS || strspn(code, "0123456789") != DIGITS)
        return -1;
    int position = 0;
    int rc = oath_totp_validate2((const char *)secret, TOTP_SECRET_BYTES, (time_t)now, TOTP_STEP_SECONDS,
                                 OATH_TOTP_DEFAULT_START_TIME, WINDOW, &position, code);
    if (rc < 0)
        return -1;
    return now / TOTP_STEP_SECONDS + position;
}

/* The associated data of a sealed secret: the user's id, eight bytes big-endian. */
static void user_bytes(int64_t user_id, uint8_t out[8])
{
    for (int i = 0; i < 8; i++)
        out[i] = (uint8_t)((uint64_t)user_id >> (56 - 8 * i));
}

void totp_seal(const uint8_t key[32], int64_t user_id, const uint8_t secret[TOTP_SECRET_BYTES],
               uint8_t out[TOTP_SEALED_BYTES])
{
    enum { NONCE = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES };
    uint8_t ad[8];
    user_bytes(user_id, ad);
    randombytes_buf(out, NONCE);
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + NONCE, NULL, secret, TOTP_SECRET_BYTES, ad, sizeof ad, NULL, out,
                                               key);
}

bool totp_open(const uint8_t key[32], int64_t user_id, const uint8_t *sealed, size_t len,
               uint8_t secret[TOTP_SECRET_BYTES])
{
    enum { NONCE = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES };
    uint8_t ad[8];
    user_bytes(user_id, ad);
    return sealed && len == TOTP_SEALED_BYTES &&
           crypto_aead_xchacha20poly1305_ietf_decrypt(secret, NULL, NULL, sealed + NONCE, len - NONCE, ad, sizeof ad,
                                                      sealed, key) == 0;
}

void recovery_code_new(char out[RECOVERY_CODE_TEXT])
{
    int n = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 5)
            out[n++] = '-';
        out[n++] = RECOVERY[randombytes_uniform((uint32_t)(sizeof RECOVERY - 1))];
    }
    out[n] = '\0';
}

bool recovery_code_hash(const uint8_t key[32], const char *typed, uint8_t out[RECOVERY_CODE_HASH])
{
    char code[11];
    int n = 0;
    for (const char *p = typed; p && *p; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        if (c == '-' || c == ' ')
            continue;
        if (n == 10 || !strchr(RECOVERY, c) || !c)
            return false;
        code[n++] = c;
    }
    if (n != 10)
        return false;
    /* a key of its own, derived from the one that seals the secrets */
    uint8_t own[32];
    crypto_generichash(own, sizeof own, (const unsigned char *)"takamul recovery codes", 22, key, 32);
    crypto_generichash(out, RECOVERY_CODE_HASH, (const unsigned char *)code, 10, own, sizeof own);
    sodium_memzero(code, sizeof code);
    sodium_memzero(own, sizeof own);
    return true;
}
