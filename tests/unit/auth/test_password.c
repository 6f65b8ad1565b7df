/* src/auth/password.c: argon2id hashing and verification (cost encoded in the hash, the dummy hash for
 * unknown users) and the acceptance policy: length in characters, common and trivial passwords,
 * malformed text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "auth/password.h"

static int init(void **state)
{
    (void)state;
    return password_init();
}

static PasswordVerdict check(const char *password)
{
    return password_check(password, 10, 256);
}

static void assert_verdict(const char *password, PasswordVerdict expected)
{
    PasswordVerdict got = check(password);
    if (got != expected)
        fail_msg("'%s': expected %s, got %s", password, password_verdict_code(expected), password_verdict_code(got));
}

static void test_hash_then_verify(void **state)
{
    (void)state;
    char hash[PASSWORD_HASH_SIZE];
    assert_int_equal(password_hash("kestrel-orbit", hash), 0);
    assert_true(password_verify(hash, "kestrel-orbit"));
    assert_false(password_verify(hash, "kestrel-orbiT"));
    assert_false(password_verify(hash, "kestrel-orbit "));
    assert_false(password_verify(hash, ""));

    char again[PASSWORD_HASH_SIZE];
    assert_int_equal(password_hash("kestrel-orbit", again), 0);
    assert_string_not_equal(hash, again); /* a fresh salt each time */
    assert_true(password_verify(again, "kestrel-orbit"));
}

static void test_arabic_password_round_trip(void **state)
{
    (void)state;
    char hash[PASSWORD_HASH_SIZE];
    assert_int_equal(password_hash("كلمة سر طويلة جدا", hash), 0);
    assert_true(password_verify(hash, "كلمة سر طويلة جدا"));
    assert_false(password_verify(hash, "كلمة سر طويلة جداً"));
}

static void test_hash_encodes_argon2id_and_its_cost(void **state)
{
    (void)state;
    char hash[PASSWORD_HASH_SIZE];
    assert_int_equal(password_hash("kestrel-orbit", hash), 0);
    assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
    const char *params = strstr(hash, "$m=");
    assert_non_null(params);
    unsigned long memory_kib = 0, passes = 0, lanes = 0;
    assert_int_equal(sscanf(params, "$m=%lu,t=%lu,p=%lu$", &memory_kib, &passes, &lanes), 3);
    assert_true(memory_kib >= 19456); /* OWASP's minimum: 19 MiB */
    assert_true(passes >= 2);
    assert_true(lanes >= 1);
    assert_int_equal(memory_kib, PASSWORD_MEMLIMIT / 1024);
    assert_int_equal(passes, PASSWORD_OPSLIMIT);
}

static void test_unknown_user_uses_dummy_hash(void **state)
{
    (void)state;
    const char *dummy = password_dummy_hash();
    assert_int_equal(strncmp(dummy, "$argon2id$", 10), 0);
    assert_false(password_verify(NULL, "kestrel-orbit"));
    assert_false(password_verify("", "kestrel-orbit"));
    assert_false(password_verify(NULL, ""));
    assert_false(password_verify(dummy, "kestrel-orbit"));
}

static double seconds_to_verify(const char *stored_hash)
{
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_false(password_verify(stored_hash, "not-the-password"));
    clock_gettime(CLOCK_MONOTONIC, &end);
    return (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
}

static void test_unknown_user_takes_as_long(void **state)
{
    (void)state;
    char hash[PASSWORD_HASH_SIZE];
    assert_int_equal(password_hash("kestrel-orbit", hash), 0);
    seconds_to_verify(NULL); /* the dummy hash may be made on first use */
    double known = seconds_to_verify(hash);
    double unknown = seconds_to_verify(NULL);
    /* the same argon2id work, so the same order of time; a shortcut would be thousands of times faster */
    if (unknown < known / 4)
        fail_msg("unknown user answered in %.4fs, known in %.4fs", unknown, known);
}

static void test_length_counted_in_characters(void **state)
{
    (void)state;
    assert_verdict("kestrel-o", PASSWORD_TOO_SHORT); /* 9 */
    assert_verdict("kestrel-or", PASSWORD_OK);       /* 10 */
    assert_verdict("kestrel-orbit", PASSWORD_OK);
    assert_verdict("", PASSWORD_TOO_SHORT);
    const char *passphrase = "correct horse battery staple, violet kestrel orbit 42 over the dune";
    assert_verdict(passphrase, PASSWORD_OK);
    char sixty_four[65];
    for (int i = 0; i < 64; i++)
        sixty_four[i] = "kestrel orbit "[i % 14];
    sixty_four[64] = '\0';
    assert_int_equal(password_check(sixty_four, 10, 64), PASSWORD_OK);
    assert_int_equal(password_check(passphrase, 10, 64), PASSWORD_TOO_LONG);
    /* Arabic: 9 letters are 18 bytes, still too short; 17 characters are fine */
    assert_verdict("قصيرةجداً", PASSWORD_TOO_SHORT);
    assert_int_equal(strlen("قصيرةجداً"), 18);
    assert_verdict("كلمة سر طويلة جدا", PASSWORD_OK);
    assert_verdict("سماء زرقاء فوق عمان", PASSWORD_OK);
    /* the maximum is in characters too: 40 Arabic letters are 80 bytes */
    char arabic[81] = "";
    for (int i = 0; i < 8; i++)
        strcat(arabic, "نجمةب");
    assert_int_equal(strlen(arabic), 80);
    assert_int_equal(password_check(arabic, 10, 40), PASSWORD_OK);
    assert_int_equal(password_check(arabic, 10, 39), PASSWORD_TOO_LONG);
}

static void test_common_passwords_refused(void **state)
{
    (void)state;
    /* entries of ten or more characters from the embedded list (john-data's password.lst) */
    assert_verdict("basketball", PASSWORD_COMMON);
    assert_verdict("thunderbird", PASSWORD_COMMON);
    assert_verdict("california", PASSWORD_COMMON);
    assert_verdict("winniethepooh", PASSWORD_COMMON);
    assert_verdict("qwertyuiop", PASSWORD_COMMON);
    /* case does not help */
    assert_verdict("BasketBall", PASSWORD_COMMON);
    assert_verdict("HARRYPOTTER", PASSWORD_COMMON);
    /* a common word with digits or punctuation added */
    assert_verdict("Password2026!", PASSWORD_COMMON);
    assert_verdict("password12", PASSWORD_COMMON);
    assert_verdict("2026password", PASSWORD_COMMON);
    assert_verdict("!!dragon2026", PASSWORD_COMMON);
    assert_verdict("basketball1", PASSWORD_COMMON);
    /* a trivial run with digits added */
    assert_verdict("abcdefgh12", PASSWORD_COMMON);
}

static void test_trivial_passwords_refused(void **state)
{
    (void)state;
    assert_verdict("aaaaaaaaaaaa", PASSWORD_TRIVIAL);
    assert_verdict("AAAAAAAAAAAA", PASSWORD_TRIVIAL);
    assert_verdict("1234567890", PASSWORD_TRIVIAL);
    assert_verdict("0987654321", PASSWORD_TRIVIAL);
    assert_verdict("abcdefghijk", PASSWORD_TRIVIAL);
    assert_verdict("zyxwvutsrqp", PASSWORD_TRIVIAL);
    assert_verdict("34567890123", PASSWORD_TRIVIAL);
    assert_verdict("          ", PASSWORD_TRIVIAL);
    /* signs around a run do not save it */
    assert_verdict("1234567890!", PASSWORD_TRIVIAL);
    assert_verdict("!1234567890", PASSWORD_TRIVIAL);
    assert_verdict("1111111111!", PASSWORD_TRIVIAL);
    assert_verdict("0000000000-", PASSWORD_TRIVIAL);
    /* runs are judged by characters, in any script */
    assert_verdict("ااااااااااا", PASSWORD_TRIVIAL);
    assert_verdict("ابتثجحخدذرز", PASSWORD_OK); /* letters in alphabet order are not consecutive code points */
}

static void test_malformed_refused(void **state)
{
    (void)state;
    assert_verdict("kestrel\torbit", PASSWORD_MALFORMED);
    assert_verdict("kestrel\norbit", PASSWORD_MALFORMED);
    assert_verdict("kestrel-orbit\x7F", PASSWORD_MALFORMED);
    assert_verdict("kestrel\xC2\x85orbit", PASSWORD_MALFORMED); /* C1 NEL */
    assert_verdict("kestrel-orbit\xC3", PASSWORD_MALFORMED);    /* truncated UTF-8 */
    assert_verdict("kestrel\xC0\xAForbit", PASSWORD_MALFORMED); /* overlong '/' */
    /* malformed is judged before length */
    assert_verdict("\x01", PASSWORD_MALFORMED);
}

static void test_verdict_codes(void **state)
{
    (void)state;
    assert_string_equal(password_verdict_code(PASSWORD_TOO_SHORT), "password.too_short");
    assert_string_equal(password_verdict_code(PASSWORD_TOO_LONG), "password.too_long");
    assert_string_equal(password_verdict_code(PASSWORD_COMMON), "password.common");
    assert_string_equal(password_verdict_code(PASSWORD_TRIVIAL), "password.trivial");
    assert_string_equal(password_verdict_code(PASSWORD_MALFORMED), "password.malformed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_then_verify),
        cmocka_unit_test(test_arabic_password_round_trip),
        cmocka_unit_test(test_hash_encodes_argon2id_and_its_cost),
        cmocka_unit_test(test_unknown_user_uses_dummy_hash),
        cmocka_unit_test(test_unknown_user_takes_as_long),
        cmocka_unit_test(test_length_counted_in_characters),
        cmocka_unit_test(test_common_passwords_refused),
        cmocka_unit_test(test_trivial_passwords_refused),
        cmocka_unit_test(test_malformed_refused),
        cmocka_unit_test(test_verdict_codes),
    };
    return cmocka_run_group_tests(tests, init, NULL);
}
