/* src/text/utf8.c: well-formed UTF-8 (Arabic, ASCII, four-byte), every kind of malformed sequence,
 * length in code points, control characters (C0, DEL, C1) with and without newlines allowed, runs of marks, and the
 * default-ignorable code points (all of them, and which of them input keeps). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "text/utf8.h"

static bool valid(const char *text)
{
    return text_utf8_valid(text, strlen(text));
}

static void test_valid_text(void **state)
{
    (void)state;
    assert_true(valid(""));
    assert_true(valid("plain ASCII, with punctuation!~"));
    assert_true(valid("مرحبا بالعالم"));
    assert_true(valid("تكامل — Takamul ١٢٣"));
    assert_true(valid("\xC2\x80"));          /* U+0080, smallest two-byte */
    assert_true(valid("\xDF\xBF"));          /* U+07FF */
    assert_true(valid("\xE0\xA0\x80"));      /* U+0800, smallest three-byte */
    assert_true(valid("\xED\x9F\xBF"));      /* U+D7FF, just below the surrogates */
    assert_true(valid("\xEE\x80\x80"));      /* U+E000, just above them */
    assert_true(valid("\xEF\xBF\xBF"));      /* U+FFFF */
    assert_true(valid("\xF0\x9F\x98\x80"));  /* U+1F600 */
    assert_true(valid("\xF4\x8F\xBF\xBF"));  /* U+10FFFF, the last code point */
    assert_true(text_utf8_valid("a\0b", 3)); /* NUL is a code point; callers check controls */
}

static void test_overlong_forms_rejected(void **state)
{
    (void)state;
    assert_false(valid("\xC0\x80"));
    assert_false(valid("\xC1\xBF"));
    assert_false(valid("\xE0\x80\x80"));
    assert_false(valid("\xE0\x9F\xBF"));
    assert_false(valid("\xF0\x80\x80\x80"));
    assert_false(valid("\xF0\x8F\xBF\xBF"));
}

static void test_surrogates_and_out_of_range_rejected(void **state)
{
    (void)state;
    assert_false(valid("\xED\xA0\x80"));             /* U+D800 */
    assert_false(valid("\xED\xBF\xBF"));             /* U+DFFF */
    assert_false(valid("\xED\xA0\xBD\xED\xB8\x80")); /* a CESU-8 pair */
    assert_false(valid("\xF4\x90\x80\x80"));         /* U+110000 */
    assert_false(valid("\xF5\x80\x80\x80"));
    assert_false(valid("\xF8\x88\x80\x80\x80"));
    assert_false(valid("\xFE"));
    assert_false(valid("\xFF"));
}

static void test_truncated_and_stray_bytes_rejected(void **state)
{
    (void)state;
    assert_false(valid("\xC3"));
    assert_false(valid("abc\xD9")); /* first byte of an Arabic letter at the end */
    assert_false(valid("\xE0\xA0"));
    assert_false(valid("\xF0\x9F\x98"));
    assert_false(valid("\xD9 ")); /* followed by something that is not a continuation */
    assert_false(valid("\xE0\xA0 x"));
    assert_false(valid("\x80")); /* lone continuation bytes */
    assert_false(valid("a\xBF"
                       "b"));
    assert_false(valid("\xD9\x85\x85")); /* one continuation too many */
    /* the length is honoured: a valid sequence cut short by len is invalid */
    assert_false(text_utf8_valid("\xD9\x85", 1));
    assert_true(text_utf8_valid("ab\xD9\x85", 2));
}

static void test_length_in_code_points(void **state)
{
    (void)state;
    assert_int_equal(text_utf8_length("", 0), 0);
    assert_int_equal(text_utf8_length("hello", 5), 5);
    const char *arabic = "مرحبا"; /* five letters, ten bytes */
    assert_int_equal(strlen(arabic), 10);
    assert_int_equal(text_utf8_length(arabic, strlen(arabic)), 5);
    const char *mixed = "a€\xF0\x9F\x98\x80z"; /* 1 + 3 + 4 + 1 bytes */
    assert_int_equal(text_utf8_length(mixed, strlen(mixed)), 4);
}

static bool control(const char *text, bool allow_newlines)
{
    return text_has_control(text, strlen(text), allow_newlines);
}

static void test_control_characters(void **state)
{
    (void)state;
    assert_false(control("ordinary text مرحبا", false));
    assert_true(control("bell\x07", false));
    assert_true(control("\x01start", false));
    assert_true(control("esc\x1B[0m", false));
    assert_true(control("del\x7F", false));
    assert_true(text_has_control("a\0b", 3, false));
    assert_true(control("line\nbreak", false));
    assert_true(control("tab\there", false));
    assert_true(control("cr\r", false));
    /* C1: U+0085 (NEL), U+0080, U+009F */
    assert_true(control("next\xC2\x85line", false));
    assert_true(control("\xC2\x80", true));
    assert_true(control("\xC2\x9F", true));
    /* just outside C1: U+00A0 and U+00BF are not controls */
    assert_false(control("\xC2\xA0\xC2\xBF", false));
    /* a lone C2 at the end is not a control (validity is judged elsewhere) */
    assert_false(control("x\xC2", false));
}

static void test_newlines_allowed_when_asked(void **state)
{
    (void)state;
    assert_false(control("line one\nline two\r\n\tindented", true));
    assert_true(control("line one\n\x07", true));
    assert_true(control("line\x0B", true)); /* vertical tab is still a control */
    assert_true(control("line\x0C", true)); /* and form feed */
    assert_true(control("line\x7F", true));
    assert_true(control("line\xC2\x85", true)); /* NEL is not one of the allowed newlines */
}

/* Marks piled on a letter: Arabic harakat, Latin combining accents, joiners; a run ends at any other character. */
static void test_mark_runs(void **state)
{
    (void)state;
    const char *plain = "\xd8\xa8\xd9\x91\xd9\x8e"; /* بَّ: a letter with shadda and fatha */
    assert_int_equal(text_longest_mark_run(plain, strlen(plain)), 2);
    const char *piled = "\xd8\xa8\xd9\x8e\xd9\x8e\xd9\x8e\xd9\x8e\xd9\x8e x";
    assert_int_equal(text_longest_mark_run(piled, strlen(piled)), 5);
    const char *latin = "e\xcc\x81\xcc\x81\xcc\x81"
                        "e\xcc\x81"; /* three acute accents, then one */
    assert_int_equal(text_longest_mark_run(latin, strlen(latin)), 3);
    assert_int_equal(text_longest_mark_run("no marks", 8), 0);
    assert_int_equal(text_longest_mark_run("", 0), 0);
}

/* Unicode's Default_Ignorable_Code_Point (Unicode 17), written out here as the standard lists it. */
static const uint32_t ignorable_ranges[][2] = {
    {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C},   {0x115F, 0x1160},   {0x17B4, 0x17B5},   {0x180B, 0x180F},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F},   {0x3164, 0x3164},   {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},
    {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
};

/* Every default-ignorable code point and nothing else: each range's ends in, the code points next to them out,
 * and as many in all as the standard has. */
static void test_default_ignorables(void **state)
{
    (void)state;
    size_t expected = 0;
    for (size_t i = 0; i < sizeof ignorable_ranges / sizeof ignorable_ranges[0]; i++) {
        uint32_t first = ignorable_ranges[i][0], last = ignorable_ranges[i][1];
        assert_true(text_default_ignorable(first));
        assert_true(text_default_ignorable(last));
        assert_false(text_default_ignorable(first - 1));
        assert_false(text_default_ignorable(last + 1));
        expected += last - first + 1;
    }
    size_t count = 0;
    for (uint32_t c = 0; c <= 0x10FFFF; c++)
        count += text_default_ignorable(c);
    assert_int_equal(count, expected);
    assert_int_equal(count, 4174);
    assert_false(text_default_ignorable(' '));
    assert_false(text_default_ignorable(0x0627)); /* alef */
    assert_false(text_default_ignorable(0x00A0)); /* a no-break space is a space */
}

static bool stray(const char *text)
{
    return text_has_stray_invisible(text, strlen(text));
}

/* Input keeps the invisible characters Arabic and mixed-direction text use, and no other. */
static void test_stray_invisible_characters(void **state)
{
    (void)state;
    assert_false(stray("محمد احمد"));
    assert_false(stray(""));
    assert_false(stray("مي\u200cسون"));              /* ZWNJ */
    assert_false(stray("\u200d\u200e\u200f\u061c")); /* ZWJ, LRM, RLM, ALM */
    assert_false(stray("\u2068أحمد\u2069 \u2066x\u2069 \u2067y\u2069"));
    static const char *const refused[] = {
        "مح\u2060مد", "مح\u2061مد", "\u2064", "مح\u034fمد", "\u180e",     "مح\U000E0020مد", "\U000E007F", "\U000E0001",
        "\ufeff",     "x\u00ady",   "\u3164", "\u115f",     "\uffa0",     "\ufe0f",         "\u200b",     "\u202a",
        "\u202e",     "\u2065",     "\u206f", "\ufff0",     "\U0001BCA0", "\U0001D173",     "\U000E0100"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        assert_true(stray(refused[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_text),
        cmocka_unit_test(test_overlong_forms_rejected),
        cmocka_unit_test(test_surrogates_and_out_of_range_rejected),
        cmocka_unit_test(test_truncated_and_stray_bytes_rejected),
        cmocka_unit_test(test_length_in_code_points),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_newlines_allowed_when_asked),
        cmocka_unit_test(test_mark_runs),
        cmocka_unit_test(test_default_ignorables),
        cmocka_unit_test(test_stray_invisible_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
