#include "audit/chain.h"

#include <sodium.h>
#include <string.h>

/* Each field goes in with its length first, so no two different rows serialise alike. */
static void add_text(crypto_auth_hmacsha256_state *state, const char *text)
{
    uint8_t header[9];
    uint64_t len = text ? strlen(text) : 0;
    header[0] = text ? 1 : 0;
    for (int i = 0; i < 8; i++)
        header[1 + i] = (uint8_t)(len >> (8 * i));
    crypto_auth_hmacsha256_update(state, header, sizeof header);
    if (len)
        crypto_auth_hmacsha256_update(state, (const unsigned char *)text, len);
}

static void add_number(crypto_auth_hmacsha256_state *state, int64_t value)
{
    uint8_t bytes[8];
    for (int i = 0; i < 8; i++)
        bytes[i] = (uint8_t)((uint64_t)value >> (8 * i));
    crypto_auth_hmacsha256_update(state, bytes, sizeof bytes);
}

void audit_chain_hash(const uint8_t key[32], const uint8_t previous[AUDIT_HASH_SIZE], const AuditRow *row,
                      uint8_t out[AUDIT_HASH_SIZE])
{
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, key, 32);
    crypto_auth_hmacsha256_update(&state, previous, AUDIT_HASH_SIZE);
    add_number(&state, row->id);
    add_number(&state, row->at);
    add_number(&state, row->at_micros);
    add_number(&state, row->user_id);
    add_text(&state, row->username);
    add_number(&state, row->unit_id);
    add_text(&state, row->action);
    add_text(&state, row->object_type);
    add_text(&state, row->object_id);
    add_text(&state, row->outcome);
    add_text(&state, row->client_addr);
    add_text(&state, row->detail);
    crypto_auth_hmacsha256_final(&state, out);
}
