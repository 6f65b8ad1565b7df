/* src/text/match.c: decoding into code points, the weighted edit distance between folded name tokens (dot slips,
 * keyboard neighbours, doubled and dropped letters, other insertions, swapped neighbours, the early stop), and the
 * typo allowance by length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "text/match.h"

enum { NO_LIMIT = 100 };

/* The distance between two UTF-8 words, with a limit high enough never to stop early. */
static float distance_limited(const char *a, const char *b, float limit)
{
    uint32_t x[MATCH_MAX_LETTERS], y[MATCH_MAX_LETTERS];
    int x_len = text_code_points(a, x, MATCH_MAX_LETTERS);
    int y_len = text_code_points(b, y, MATCH_MAX_LETTERS);
    return text_token_distance(x, x_len, y, y_len, limit);
}

static float distance(const char *a, const char *b)
{
    return distance_limited(a, b, NO_LIMIT);
}

/* Both directions cost the same. */
static void assert_distance(const char *a, const char *b, float expected)
{
    assert_float_equal(distance(a, b), expected, 0.001f);
    assert_float_equal(distance(b, a), expected, 0.001f);
}

static void test_code_points(void **state)
{
    (void)state;
    uint32_t out[MATCH_MAX_LETTERS];
    assert_int_equal(text_code_points("محمد", out, MATCH_MAX_LETTERS), 4);
    assert_int_equal(out[0], 0x0645);
    assert_int_equal(out[1], 0x062D);
    assert_int_equal(out[2], 0x0645);
    assert_int_equal(out[3], 0x062F);
    assert_int_equal(text_code_points("abc", out, MATCH_MAX_LETTERS), 3);
    assert_int_equal(out[0], 'a');
    assert_int_equal(out[2], 'c');
    assert_int_equal(text_code_points("", out, MATCH_MAX_LETTERS), 0);
    /* one of each length: ASCII, two, three and four bytes */
    assert_int_equal(text_code_points("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", out, MATCH_MAX_LETTERS), 4);
    assert_int_equal(out[0], 'a');
    assert_int_equal(out[1], 0x00E9);
    assert_int_equal(out[2], 0x20AC);
    assert_int_equal(out[3], 0x1F600);
    /* at most max, and nothing written beyond */
    out[2] = 0xFFFFFFFFu;
    assert_int_equal(text_code_points("عبدالله", out, 2), 2);
    assert_int_equal(out[0], 0x0639);
    assert_int_equal(out[1], 0x0628);
    assert_int_equal(out[2], 0xFFFFFFFFu);
}

static void test_identical(void **state)
{
    (void)state;
    assert_distance("محمد", "محمد", 0);
    assert_distance("عبدالرحمن", "عبدالرحمن", 0);
    assert_distance("", "", 0);
}

static void test_dot_slips(void **state)
{
    (void)state;
    assert_distance("خالد", "حالد", 0.4f); /* خ/ح */
    assert_distance("ثامر", "تامر", 0.4f); /* ث/ت */
    assert_distance("بشير", "بسير", 0.4f); /* ش/س */
    assert_distance("فيصل", "فيضل", 0.4f); /* ص/ض */
    assert_distance("رامي", "زامي", 0.4f); /* ر/ز */
    assert_distance("فارس", "قارس", 0.4f); /* ف/ق */
    assert_distance("خالد", "خالذ", 0.4f); /* د/ذ */
    assert_distance("طاهر", "ظاهر", 0.4f); /* ط/ظ */
    assert_distance("عادل", "غادل", 0.4f); /* ع/غ */
    assert_distance("حمزه", "حمزة", 0.4f); /* ه/ة */
    assert_distance("نبيل", "يبيل", 0.4f); /* ن/ي */
    assert_distance("جميل", "خميل", 0.4f); /* ج/خ */
    /* letters of two groups, and a letter of none, are not a dot slip */
    assert_distance("باسم", "جاسم", 1.0f);
    assert_distance("مازن", "نازن", 0.6f); /* م/ن: only keyboard neighbours */
    /* two dot slips add up */
    assert_distance("خالد", "حالذ", 0.8f);
}

static void test_keyboard_neighbours(void **state)
{
    (void)state;
    /* م and ك sit side by side on the Arabic keyboard; م and ع do not, nor do they share a skeleton */
    float neighbour = distance("سالم", "سالك");
    float unrelated = distance("سالم", "سالع");
    assert_float_equal(neighbour, 0.6f, 0.001f);
    assert_float_equal(unrelated, 1.0f, 0.001f);
    assert_true(neighbour < unrelated);
    /* ق and ف are neighbours and also differ only in dots: the cheaper rule wins */
    assert_distance("فارس", "قارس", 0.4f);
    /* a dot slip is cheaper than a neighbour */
    assert_true(distance("خالد", "حالد") < neighbour);
}

static void test_doubled_letter(void **state)
{
    (void)state;
    assert_distance("محمد", "محممد", 0.4f);
    assert_distance("سامي", "ساامي", 0.4f);
    assert_distance("حسن", "حسسن", 0.4f);
}

static void test_other_insertions(void **state)
{
    (void)state;
    assert_distance("سعد", "سعيد", 0.8f);
    assert_distance("خالد", "خاليد", 0.8f);
    assert_distance("احمد", "احمدي", 0.8f);
    /* a doubled letter costs less than another letter added */
    assert_true(distance("محمد", "محممد") < distance("سعد", "سعيد"));
}

static void test_swapped_neighbours(void **state)
{
    (void)state;
    assert_distance("احمد", "امحد", 0.6f);
    assert_distance("سمير", "سيمر", 0.6f);
    /* cheaper than the two substitutions it replaces */
    assert_true(distance("سمير", "سيمر") < 2 * distance("سالم", "سالع"));
}

static void test_early_stop(void **state)
{
    (void)state;
    /* nothing in common: stops above the limit */
    assert_true(distance_limited("محمد", "علي", 0.5f) > 0.5f);
    assert_true(distance_limited("عبدالرحمن", "مصطفى", 1.0f) > 1.0f);
    /* lengths far apart: stops before comparing letters */
    assert_true(distance_limited("سعد", "عبدالرحمن", 1.0f) > 1.0f);
    /* a cost at or under the limit is returned exactly */
    assert_float_equal(distance_limited("خالد", "حالد", 0.4f), 0.4f, 0.001f);
    assert_float_equal(distance_limited("خالد", "حالد", 1.8f), 0.4f, 0.001f);
    /* a cost just over the limit is reported as over it */
    assert_true(distance_limited("سعد", "سعيد", 0.6f) > 0.6f);
    assert_true(distance_limited("سالم", "سالع", 0.6f) > 0.6f);
}

static void test_typo_allowance(void **state)
{
    (void)state;
    assert_float_equal(text_typo_allowance(2), 0.0f, 0.001f);
    assert_float_equal(text_typo_allowance(1), 0.0f, 0.001f);
    assert_float_equal(text_typo_allowance(0), 0.0f, 0.001f);
    assert_true(text_typo_allowance(3) > 0);
    assert_true(text_typo_allowance(4) > text_typo_allowance(3));
    assert_true(text_typo_allowance(6) > text_typo_allowance(5));
    for (int letters = 1; letters < MATCH_MAX_LETTERS; letters++)
        assert_true(text_typo_allowance(letters + 1) >= text_typo_allowance(letters));
    /* a three-letter name takes a dot slip but not an added letter; a four-letter one takes either */
    assert_true(distance("سعد", "سعذ") <= text_typo_allowance(3));
    assert_false(distance("سعد", "سعيد") <= text_typo_allowance(3));
    assert_true(distance("خالد", "خاليد") <= text_typo_allowance(4));
    /* a long name takes two slips */
    assert_true(distance("عبدالرحمن", "عبدالرخمان") <= text_typo_allowance(9));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_points),        cmocka_unit_test(test_identical),
        cmocka_unit_test(test_dot_slips),          cmocka_unit_test(test_keyboard_neighbours),
        cmocka_unit_test(test_doubled_letter),     cmocka_unit_test(test_other_insertions),
        cmocka_unit_test(test_swapped_neighbours), cmocka_unit_test(test_early_stop),
        cmocka_unit_test(test_typo_allowance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
