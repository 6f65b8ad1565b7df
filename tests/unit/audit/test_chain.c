/* src/audit/chain.c: the row hash is deterministic (a known one for a sample row) and changes with every field
 * (NULL and "" differ), with the previous row's hash and with the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "audit/chain.h"

static const uint8_t key[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
static const uint8_t previous[AUDIT_HASH_SIZE] = {0xAA, 0xBB};

static AuditRow sample(void)
{
    return (AuditRow){.id = 7,
                      .at = 1795926790,
                      .at_micros = 123456,
                      .user_id = 3,
                      .username = "layla",
                      .unit_id = 2,
                      .action = "case.read",
                      .object_type = "case",
                      .object_id = "41",
                      .outcome = "ok",
                      .client_addr = "192.0.2.1",
                      .detail = "fields=name"};
}

static void hash_of(const AuditRow *row, uint8_t out[AUDIT_HASH_SIZE])
{
    audit_chain_hash(key, previous, row, out);
}

static void assert_differs(const AuditRow *changed, const char *what)
{
    AuditRow base = sample();
    uint8_t expected[AUDIT_HASH_SIZE], got[AUDIT_HASH_SIZE];
    hash_of(&base, expected);
    hash_of(changed, got);
    if (memcmp(expected, got, AUDIT_HASH_SIZE) == 0)
        fail_msg("changing %s did not change the hash", what);
}

static void test_deterministic(void **state)
{
    (void)state;
    AuditRow row = sample();
    uint8_t first[AUDIT_HASH_SIZE], second[AUDIT_HASH_SIZE];
    hash_of(&row, first);
    /* the same content in other storage hashes alike: only the text counts, not the pointer */
    char username[] = "layla";
    row.username = username;
    hash_of(&row, second);
    assert_memory_equal(first, second, AUDIT_HASH_SIZE);
    uint8_t zeros[AUDIT_HASH_SIZE] = {0};
    assert_memory_not_equal(first, zeros, AUDIT_HASH_SIZE);
}

/* The hash of the sample row is fixed: a change in how a row is serialised (the fields' order, the length header)
 * would break every chain already recorded. */
static void test_known_hash(void **state)
{
    (void)state;
    static const uint8_t known[AUDIT_HASH_SIZE] = {0xd8, 0x50, 0xfb, 0x91, 0xfa, 0xc5, 0x88, 0xa4, 0x28, 0x30, 0x18,
                                                   0x1c, 0x7c, 0x48, 0x09, 0xab, 0x59, 0xdf, 0xe7, 0xbf, 0x9f, 0xf5,
                                                   0x2f, 0x7c, 0x8c, 0x6b, 0x1c, 0xd2, 0x64, 0xef, 0xc5, 0x73};
    AuditRow row = sample();
    uint8_t got[AUDIT_HASH_SIZE];
    hash_of(&row, got);
    assert_memory_equal(known, got, AUDIT_HASH_SIZE);
}

static void test_every_number_counts(void **state)
{
    (void)state;
    AuditRow row;
    row = sample(), row.id = 8, assert_differs(&row, "id");
    row = sample(), row.at = 1795926791, assert_differs(&row, "at");
    row = sample(), row.at_micros = 123457, assert_differs(&row, "at_micros");
    row = sample(), row.user_id = 0, assert_differs(&row, "user_id");
    row = sample(), row.unit_id = 0, assert_differs(&row, "unit_id");
    row = sample(), row.id = 7 + ((int64_t)1 << 40), assert_differs(&row, "id's high bytes");
    row = sample(), row.at = -1795926790, assert_differs(&row, "at's sign");
}

static void test_every_text_counts(void **state)
{
    (void)state;
    AuditRow row;
    row = sample(), row.username = "laylb", assert_differs(&row, "username");
    row = sample(), row.action = "case.edit", assert_differs(&row, "action");
    row = sample(), row.object_type = "person", assert_differs(&row, "object_type");
    row = sample(), row.object_id = "42", assert_differs(&row, "object_id");
    row = sample(), row.outcome = "denied", assert_differs(&row, "outcome");
    row = sample(), row.client_addr = "192.0.2.2", assert_differs(&row, "client_addr");
    row = sample(), row.detail = "fields=names", assert_differs(&row, "detail");
}

static void test_null_and_empty_differ(void **state)
{
    (void)state;
    AuditRow with_null = sample(), with_empty = sample();
    uint8_t a[AUDIT_HASH_SIZE], b[AUDIT_HASH_SIZE];
    with_null.detail = NULL;
    with_empty.detail = "";
    hash_of(&with_null, a);
    hash_of(&with_empty, b);
    assert_memory_not_equal(a, b, AUDIT_HASH_SIZE);
    with_null = sample(), with_empty = sample();
    with_null.username = NULL;
    with_empty.username = "";
    hash_of(&with_null, a);
    hash_of(&with_empty, b);
    assert_memory_not_equal(a, b, AUDIT_HASH_SIZE);
    AuditRow row = sample();
    row.object_id = NULL, assert_differs(&row, "object_id to NULL");
    row = sample(), row.client_addr = "", assert_differs(&row, "client_addr to empty");
}

static void test_field_boundaries_count(void **state)
{
    (void)state;
    /* moving text from one field to the next must not give the same hash */
    AuditRow one = sample(), two = sample();
    one.object_type = "case4", one.object_id = "1";
    two.object_type = "case", two.object_id = "41";
    uint8_t a[AUDIT_HASH_SIZE], b[AUDIT_HASH_SIZE];
    hash_of(&one, a);
    hash_of(&two, b);
    assert_memory_not_equal(a, b, AUDIT_HASH_SIZE);
}

static void test_previous_hash_and_key_count(void **state)
{
    (void)state;
    AuditRow row = sample();
    uint8_t base[AUDIT_HASH_SIZE], other[AUDIT_HASH_SIZE];
    hash_of(&row, base);
    for (int byte = 0; byte < AUDIT_HASH_SIZE; byte += 31) {
        uint8_t changed_previous[AUDIT_HASH_SIZE];
        memcpy(changed_previous, previous, sizeof changed_previous);
        changed_previous[byte] ^= 0x01;
        audit_chain_hash(key, changed_previous, &row, other);
        assert_memory_not_equal(base, other, AUDIT_HASH_SIZE);
    }
    uint8_t other_key[32];
    memcpy(other_key, key, sizeof other_key);
    other_key[0] ^= 0x80;
    audit_chain_hash(other_key, previous, &row, other);
    assert_memory_not_equal(base, other, AUDIT_HASH_SIZE);
    other_key[0] ^= 0x80;
    other_key[31] ^= 0x01;
    audit_chain_hash(other_key, previous, &row, other);
    assert_memory_not_equal(base, other, AUDIT_HASH_SIZE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_known_hash),
        cmocka_unit_test(test_every_number_counts),
        cmocka_unit_test(test_every_text_counts),
        cmocka_unit_test(test_null_and_empty_differ),
        cmocka_unit_test(test_field_boundaries_count),
        cmocka_unit_test(test_previous_hash_and_key_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
