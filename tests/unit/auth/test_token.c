/* src/auth/token.c: random tokens (prefix + 43 base64url characters, distinct), their shape check,
 * the stored SHA-256 hash, and keyed derivation (each of key, purpose and token matters). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "auth/token.h"

static int init(void **state)
{
    (void)state;
    return sodium_init() < 0 ? -1 : 0;
}

static bool base64url_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void test_generate_shape(void **state)
{
    (void)state;
    char token[TOKEN_TEXT_SIZE];
    token_generate("tks_", token);
    assert_int_equal(strncmp(token, "tks_", 4), 0);
    assert_int_equal(strlen(token), 4 + 43); /* 43 base64url characters carry 258 bits >= 256 */
    for (size_t i = 4; i < strlen(token); i++)
        assert_true(base64url_char(token[i]));
    assert_true(token_well_formed("tks_", token));
    token_generate("", token);
    assert_int_equal(strlen(token), 43);
    assert_true(token_well_formed("", token));
}

static void test_generate_distinct(void **state)
{
    (void)state;
    enum { COUNT = 200 };
    static char tokens[COUNT][TOKEN_TEXT_SIZE];
    for (int i = 0; i < COUNT; i++) {
        token_generate("tka_", tokens[i]);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(tokens[i], tokens[k]);
    }
    /* every position varies: the random part is not padded with a constant */
    for (int position = 4; position < 4 + 43; position++) {
        bool varies = false;
        for (int i = 1; i < COUNT && !varies; i++)
            varies = tokens[i][position] != tokens[0][position];
        assert_true(varies);
    }
}

static void test_well_formed_rejects(void **state)
{
    (void)state;
    char token[TOKEN_TEXT_SIZE];
    token_generate("tks_", token);
    assert_true(token_well_formed("tks_", token));
    assert_false(token_well_formed("tka_", token));     /* another prefix */
    assert_false(token_well_formed("tks_", token + 4)); /* no prefix */
    assert_false(token_well_formed("tks_", ""));
    assert_false(token_well_formed("tks_", "tks_"));

    char shorter[TOKEN_TEXT_SIZE];
    strcpy(shorter, token);
    shorter[strlen(shorter) - 1] = '\0';
    assert_false(token_well_formed("tks_", shorter));
    char longer[TOKEN_TEXT_SIZE + 1];
    snprintf(longer, sizeof longer, "%sA", token);
    assert_false(token_well_formed("tks_", longer));

    const char bad_chars[] = {'+', '/', '=', ' ', '.', '%', '\n', '\x80'};
    for (size_t i = 0; i < sizeof bad_chars; i++) {
        char altered[TOKEN_TEXT_SIZE];
        strcpy(altered, token);
        altered[10] = bad_chars[i];
        assert_false(token_well_formed("tks_", altered));
    }
    const char *all_valid = "tks_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij0123-_9";
    assert_int_equal(strlen(all_valid), 4 + 43);
    assert_true(token_well_formed("tks_", all_valid));
}

static void assert_hash_hex(const char *text, const char *hex)
{
    uint8_t hash[TOKEN_HASH_SIZE];
    char got[TOKEN_HASH_SIZE * 2 + 1];
    token_hash(text, hash);
    sodium_bin2hex(got, sizeof got, hash, sizeof hash);
    assert_string_equal(got, hex);
}

static void test_hash_is_sha256(void **state)
{
    (void)state;
    /* from `printf %s TEXT | sha256sum` */
    assert_hash_hex("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_hash_hex("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_hash_hex("tk_session_abc", "5792b27e71c439288999a31aaeef068b107a9cff7fe426d5442375bd5d7ff0a6");
    uint8_t first[TOKEN_HASH_SIZE], second[TOKEN_HASH_SIZE];
    token_hash("tks_same", first);
    token_hash("tks_same", second);
    assert_memory_equal(first, second, TOKEN_HASH_SIZE);
    token_hash("tks_samf", second);
    assert_memory_not_equal(first, second, TOKEN_HASH_SIZE);
}

static void test_derive_depends_on_everything(void **state)
{
    (void)state;
    uint8_t key[32], other_key[32];
    memset(key, 0x11, sizeof key);
    memcpy(other_key, key, sizeof key);
    other_key[31] ^= 1;
    char base[44], again[44], changed[44];
    token_derive(key, "csrf", "tks_token", base);
    assert_int_equal(strlen(base), 43);
    for (size_t i = 0; i < 43; i++)
        assert_true(base64url_char(base[i]));
    token_derive(key, "csrf", "tks_token", again);
    assert_string_equal(base, again);

    token_derive(other_key, "csrf", "tks_token", changed);
    assert_string_not_equal(base, changed);
    token_derive(key, "csrg", "tks_token", changed);
    assert_string_not_equal(base, changed);
    token_derive(key, "csrf", "tks_tokem", changed);
    assert_string_not_equal(base, changed);
    /* the boundary between purpose and token counts: ("ab", "c") differs from ("a", "bc") */
    char split_one[44], split_two[44];
    token_derive(key, "ab", "c", split_one);
    token_derive(key, "a", "bc", split_two);
    assert_string_not_equal(split_one, split_two);
    /* it is not simply the token's stored hash */
    uint8_t hash[TOKEN_HASH_SIZE];
    char hash_text[44];
    token_hash("tks_token", hash);
    sodium_bin2base64(hash_text, sizeof hash_text, hash, sizeof hash, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    assert_string_not_equal(base, hash_text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generate_shape),
        cmocka_unit_test(test_generate_distinct),
        cmocka_unit_test(test_well_formed_rejects),
        cmocka_unit_test(test_hash_is_sha256),
        cmocka_unit_test(test_derive_depends_on_everything),
    };
    return cmocka_run_group_tests(tests, init, NULL);
}
