/* src/auth/totp.c and src/doc/qr.c: the codes of RFC 6238's test vectors (SHA-1), a code accepted one step either side
 * and not two, only six digits are a code, the base32 key and its otpauth address, a sealed secret opened only with
 * its key, for its user, and unaltered, recovery codes of their shape whose digest ignores case and dashes, and the QR code's SVG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "auth/totp.h"
#include "base/err.h"
#include "doc/qr.h"

static const uint8_t RFC_SECRET[TOTP_SECRET_BYTES] = "12345678901234567890";

static int init(void **state)
{
    (void)state;
    return sodium_init() < 0 || totp_init() != 0 ? -1 : 0;
}

static void test_rfc6238_vectors(void **state)
{
    (void)state;
    /* appendix B, SHA-1, the last six of its eight digits */
    static const struct {
        int64_t at;
        const char *code;
    } vectors[] = {{59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
                   {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"}};
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        char code[7];
        totp_code_at(RFC_SECRET, vectors[i].at, code);
        assert_string_equal(code, vectors[i].code);
        assert_int_equal(totp_step_of(RFC_SECRET, vectors[i].at, vectors[i].code), vectors[i].at / 30);
    }
}

static void test_window_is_one_step(void **state)
{
    (void)state;
    int64_t now = 1111111111; /* step 37037037 */
    char before[7], after[7], far[7];
    totp_code_at(RFC_SECRET, now - 30, before);
    totp_code_at(RFC_SECRET, now + 30, after);
    totp_code_at(RFC_SECRET, now - 60, far);
    assert_int_equal(totp_step_of(RFC_SECRET, now, before), now / 30 - 1);
    assert_int_equal(totp_step_of(RFC_SECRET, now, after), now / 30 + 1);
    assert_int_equal(totp_step_of(RFC_SECRET, now, far), -1);
    assert_int_equal(totp_step_of(RFC_SECRET, now, "05047"), -1);
    assert_int_equal(totp_step_of(RFC_SECRET, now, "0504711"), -1);
    assert_int_equal(totp_step_of(RFC_SECRET, now, "05047a"), -1);
    assert_int_equal(totp_step_of(RFC_SECRET, now, ""), -1);
    assert_int_equal(totp_step_of(RFC_SECRET, now, NULL), -1);
}

static void test_secret_text_and_uri(void **state)
{
    (void)state;
    char text[TOTP_SECRET_TEXT];
    totp_secret_text(RFC_SECRET, text);
    assert_string_equal(text, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    char *uri = totp_uri(RFC_SECRET, "ريم.h");
    assert_non_null(uri);
    assert_string_equal(uri, "otpauth://totp/Takamul:%D8%B1%D9%8A%D9%85.h?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                             "&issuer=Takamul&algorithm=SHA1&digits=6&period=30");
    free(uri);
    uint8_t a[TOTP_SECRET_BYTES], b[TOTP_SECRET_BYTES];
    totp_secret_new(a);
    totp_secret_new(b);
    assert_memory_not_equal(a, b, sizeof a);
}

static void test_sealed_secret(void **state)
{
    (void)state;
    uint8_t key[32], other[32], sealed[TOTP_SEALED_BYTES], again[TOTP_SEALED_BYTES], opened[TOTP_SECRET_BYTES];
    randombytes_buf(key, sizeof key);
    randombytes_buf(other, sizeof other);
    totp_seal(key, 7, RFC_SECRET, sealed);
    totp_seal(key, 7, RFC_SECRET, again);
    assert_memory_not_equal(sealed, again, sizeof sealed); /* a fresh nonce each time */
    for (size_t i = 0; i + 8 <= sizeof sealed; i++)        /* the secret is not there in clear */
        assert_memory_not_equal(sealed + i, RFC_SECRET, 8);
    assert_true(totp_open(key, 7, sealed, sizeof sealed, opened));
    assert_memory_equal(opened, RFC_SECRET, sizeof opened);
    assert_false(totp_open(other, 7, sealed, sizeof sealed, opened));
    assert_false(totp_open(key, 8, sealed, sizeof sealed, opened)); /* another user's row */
    sealed[30] ^= 1;
    assert_false(totp_open(key, 7, sealed, sizeof sealed, opened));
    assert_false(totp_open(key, 7, sealed, sizeof sealed - 1, opened));
    assert_false(totp_open(key, 7, NULL, 0, opened));
}

static void test_recovery_codes(void **state)
{
    (void)state;
    uint8_t key[32], one[32], two[32];
    randombytes_buf(key, sizeof key);
    char code[RECOVERY_CODE_TEXT], next[RECOVERY_CODE_TEXT];
    recovery_code_new(code);
    recovery_code_new(next);
    assert_int_equal(strlen(code), 11);
    assert_int_equal(code[5], '-');
    assert_string_not_equal(code, next);
    assert_true(recovery_code_hash(key, code, one));
    /* typed in capitals, without the dash, with spaces: the same code */
    char typed[32] = " ";
    for (int i = 0, n = 1; code[i]; i++)
        if (code[i] != '-')
            typed[n++] = (char)(code[i] >= 'a' && code[i] <= 'z' ? code[i] - 'a' + 'A' : code[i]);
    assert_true(recovery_code_hash(key, typed, two));
    assert_memory_equal(one, two, sizeof one);
    assert_true(recovery_code_hash(key, next, two));
    assert_memory_not_equal(one, two, sizeof one);
    assert_false(recovery_code_hash(key, "abcde-fghi", two));   /* nine letters */
    assert_false(recovery_code_hash(key, "abcde-fghio", two));  /* o is not of the alphabet */
    assert_false(recovery_code_hash(key, "123456", two));       /* an app's code is not a recovery code */
    assert_false(recovery_code_hash(key, "abcde-fghjkm", two)); /* eleven */
}

static void test_qr_svg(void **state)
{
    (void)state;
    Buf svg;
    buf_init(&svg, 1u << 20);
    assert_int_equal(doc_qr_svg("otpauth://totp/Takamul:x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", &svg), TK_OK);
    assert_non_null(strstr(svg.data, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    assert_non_null(strstr(svg.data, "M4 4h1v1h-1z")); /* the top-left finder pattern begins after the quiet zone */
    assert_null(strstr(svg.data, "<script"));
    buf_free(&svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc6238_vectors),     cmocka_unit_test(test_window_is_one_step),
        cmocka_unit_test(test_secret_text_and_uri), cmocka_unit_test(test_sealed_secret),
        cmocka_unit_test(test_recovery_codes),      cmocka_unit_test(test_qr_svg),
    };
    return cmocka_run_group_tests(tests, init, NULL);
}
