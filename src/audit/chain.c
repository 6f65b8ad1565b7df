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
    /* The order of the fields is part of every hash recorded: it never changes. */
    const int64_t who_when[] = {row->id, row->at, row->at_micros, row->user_id};
    for (size_t i = 0; i < sizeof who_when / sizeof who_when[0]; i++)
        add_number(&state, who_when[i]);
    add_text(&state, row->username);
    add_number(&state, row->unit_id);
    const char *const what[] = {row->action,  row->object_type, row->object_id,
                                row->outcome, row->client_addr, row->detail};
    for (size_t i = 0; i < sizeof what / sizeof what[0]; i++)
        add_text(&state, what[i]);
    crypto_auth_hmacsha256_final(&state, out);
}
