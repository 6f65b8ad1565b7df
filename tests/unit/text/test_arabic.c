/* src/text/arabic.c: folding of the spelling variants units write (hamza forms, ى/ي, ة/ه, ؤ, ئ, tatweel,
 * diacritics, every default-ignorable code point, presentation forms, Arabic-Indic digits), compound names, the article,
 * and which text is a valid name part. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "text/arabic.h"

static Arena arena;

static int setup(void **state)
{
    (void)state;
    arena_init(&arena, 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(&arena);
    return 0;
}

static const char *fold(const char *text)
{
    return text_fold(&arena, text, strlen(text));
}

static void assert_same_key(const char *a, const char *b)
{
    assert_string_equal(fold(a), fold(b));
}

static void assert_other_key(const char *a, const char *b)
{
    assert_string_not_equal(fold(a), fold(b));
}

static void test_letter_variants(void **state)
{
    (void)state;
    assert_same_key("أحمد", "احمد");
    assert_same_key("إبراهيم", "ابراهيم");
    assert_same_key("آمنة", "امنه");
    assert_same_key("مصطفى", "مصطفي");
    assert_same_key("فاطمة", "فاطمه");
    assert_same_key("مؤمن", "مومن");
    assert_same_key("هائل", "هايل");
    assert_same_key("علاء", "علا");
    assert_same_key("ٱلحسن", "الحسن"); /* alef wasla */
    assert_same_key("یوسف", "يوسف");   /* Persian yeh */
    assert_same_key("کمال", "كمال");   /* keheh */
    assert_string_equal(fold("أحمد"), "احمد");
}

static void test_marks_dropped(void **state)
{
    (void)state;
    assert_same_key("مُحَمَّد", "محمد");             /* diacritics */
    assert_same_key("محـــمد", "محمد");          /* tatweel */
    assert_same_key("مح\u200cمد", "محمد");       /* zero-width non-joiner */
    assert_same_key("\u200fمحمد\u200e", "محمد"); /* direction marks */
    assert_same_key("\ufeffمحمد", "محمد");       /* byte-order mark */
    assert_same_key("عبدُ الله", "عبد الله");
}

/* Default-ignorable code points drawn as nothing inside a name, a sample of each kind: the word joiner and the
 * invisible operators, the combining grapheme joiner, the Mongolian vowel separator, tags, the byte-order mark, a
 * soft hyphen, the Hangul fillers, variation selectors, deprecated format controls, direction controls. */
static const char *const invisible[] = {
    "\u2060",     "\u2061",     "\u2062",     "\u2063",     "\u2064", "\u034f", "\u180e", "\U000E0020",
    "\U000E0041", "\U000E007F", "\U000E0001", "\ufeff",     "\u00ad", "\u3164", "\u115f", "\u1160",
    "\uffa0",     "\ufe0f",     "\ufe00",     "\u180b",     "\u17b4", "\u2065", "\u206a", "\u206f",
    "\ufff0",     "\U0001BCA0", "\U0001D173", "\U000E0100", "\u200b", "\u061c", "\u202e", "\u2066",
};

static void test_default_ignorables_dropped(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++) {
        const char *c = invisible[i];
        char text[64];
        snprintf(text, sizeof text, "مح%sمد", c);
        assert_string_equal(fold(text), "محمد");
        snprintf(text, sizeof text, "%sMo%shammad%s", c, c, c);
        assert_string_equal(fold(text), "mohammad");
        /* the name key of the person search: a compound name with one inside stays one name */
        snprintf(text, sizeof text, "عب%sد ال%sله الخ%sطيب", c, c, c);
        char *tokens[4];
        assert_int_equal(text_name_tokens(&arena, fold(text), tokens, 4), 2);
        assert_string_equal(tokens[0], "عبدالله");
        assert_string_equal(tokens[1], "الخطيب");
        /* inside a word, never a separator */
        size_t at = 0, start, len;
        snprintf(text, sizeof text, "أح%sمد", c);
        assert_true(text_next_word(text, strlen(text), &at, &start, &len));
        assert_int_equal(len, strlen(text));
    }
    assert_true(text_fold_drops(0x2060));
    assert_true(text_fold_drops(0x064E)); /* fatha */
    assert_false(text_fold_drops(0x0627));
    assert_false(text_fold_drops(' '));
}

static void test_presentation_forms(void **state)
{
    (void)state;
    /* محمد in presentation forms: meem initial, hah medial, meem medial, dal final */
    assert_same_key("\ufee3\ufea4\ufee4\ufeaa", "محمد");
    assert_same_key("\ufefb", "لا"); /* lam-alef ligature */
    assert_same_key("\ufef7", "لا"); /* lam with alef with hamza above */
    assert_same_key("\ufdf2", "الله");
    assert_same_key("\ufe8d\ufedf\ufea4\ufeb4\ufee6", "الحسن");
}

static void test_digits_case_and_spaces(void **state)
{
    (void)state;
    assert_string_equal(fold("٠١٢٣٤٥٦٧٨٩"), "0123456789");
    assert_string_equal(fold("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
    assert_string_equal(fold("  Mohammad   AL-Khatib "), "mohammad al khatib");
    assert_string_equal(fold("محمد،  احمد"), "محمد احمد");
    assert_string_equal(fold("\u00a0"), "");
    assert_string_equal(fold(""), "");
}

static void test_different_names_stay_different(void **state)
{
    (void)state;
    assert_other_key("محمد", "محمود");
    assert_other_key("عبدالله", "عبدالاله");
    assert_other_key("خالد", "حالد"); /* folding does not forgive dots: that is the matcher's job */
    assert_other_key("سعيد", "سعد");
}

static int tokens_of(const char *text, char **tokens)
{
    return text_name_tokens(&arena, fold(text), tokens, 16);
}

static void test_compound_names(void **state)
{
    (void)state;
    char *tokens[16];
    assert_int_equal(tokens_of("عبد الله محمد", tokens), 2);
    assert_string_equal(tokens[0], "عبدالله");
    assert_string_equal(tokens[1], "محمد");
    char *joined[16];
    assert_int_equal(tokens_of("عبدالله محمد", joined), 2);
    assert_string_equal(joined[0], tokens[0]);
    assert_int_equal(tokens_of("أبو بكر", tokens), 1);
    assert_string_equal(tokens[0], "ابوبكر");
    assert_int_equal(tokens_of("عز الدين خالد", tokens), 2);
    assert_string_equal(tokens[0], "عزالدين");
    assert_int_equal(tokens_of("نور الدين", tokens), 1);
    assert_string_equal(tokens[0], "نورالدين");
    assert_int_equal(tokens_of("عبد الرحمن", tokens), 1);
    assert_string_equal(tokens[0], "عبدالرحمن");
    assert_int_equal(tokens_of("محمد بن احمد بن علي", tokens), 3);
    assert_string_equal(tokens[1], "احمد");
    /* family names of the form بني X / بنى X / آل X are one name, as the index keeps them */
    assert_int_equal(tokens_of("خالد أحمد بني حسن", tokens), 3);
    assert_string_equal(tokens[2], "بنيحسن");
    assert_int_equal(tokens_of("خالد بنى حسن", tokens), 2);
    assert_string_equal(tokens[1], "بنيحسن");
    assert_int_equal(tokens_of("سعد آل خليفة", tokens), 2);
    assert_string_equal(tokens[1], "الخليفه");
    /* عبد at the end has nothing to join: kept */
    assert_int_equal(tokens_of("محمد عبد", tokens), 2);
    assert_string_equal(tokens[1], "عبد");
    /* الله alone at the start has nothing to join to: kept */
    assert_int_equal(tokens_of("الله", tokens), 1);
    /* the limit is respected */
    char *few[2];
    assert_int_equal(text_name_tokens(&arena, fold("ا ب ج د ه"), few, 2), 2);
}

static void test_common_names(void **state)
{
    (void)state;
    /* the list is folded: any spelling of a listed name is found, compounds joined */
    assert_true(text_common_name(fold("محمد")));
    assert_true(text_common_name(fold("محمود")));
    assert_true(text_common_name(fold("أسامة")));
    assert_true(text_common_name(fold("اسامه")));
    assert_true(text_common_name("عبدالله"));
    assert_true(text_common_name("عبدالاله"));
    assert_true(text_common_name("نورالهدي"));
    /* a slip of a name is not a name; family names and empty text are not listed */
    assert_false(text_common_name(fold("مححمد")));
    assert_false(text_common_name(fold("الخطيب")));
    assert_false(text_common_name(""));
    assert_false(text_common_name(NULL));
}

static void test_article(void **state)
{
    (void)state;
    assert_string_equal(text_without_article("الحمود"), "حمود");
    assert_string_equal(text_without_article("الخطيب"), "خطيب");
    assert_string_equal(text_without_article("حمود"), "حمود");
    assert_string_equal(text_without_article("الي"), "الي"); /* too short to be article + name */
    assert_string_equal(text_without_article("ال"), "ال");
}

/* The one composer of full names: the parts there are, in order, one space apart, cut to fit. */
static void test_full_name(void **state)
{
    (void)state;
    char out[64];
    text_full_name("سارة", "محمد", "إبراهيم", "العبادي", out, sizeof out);
    assert_string_equal(out, "سارة محمد إبراهيم العبادي");
    text_full_name("سارة", "محمد", NULL, "العبادي", out, sizeof out);
    assert_string_equal(out, "سارة محمد العبادي");
    text_full_name("سارة", "", "", "العبادي", out, sizeof out);
    assert_string_equal(out, "سارة العبادي");
    text_full_name(NULL, NULL, NULL, NULL, out, sizeof out);
    assert_string_equal(out, "");
    char small[8];
    text_full_name("abcd", "efgh", NULL, NULL, small, sizeof small);
    assert_true(strlen(small) < sizeof small);
}

static void test_ascii_digits(void **state)
{
    (void)state;
    assert_string_equal(text_ascii_digits(&arena, "٩٨٧٦٥٤٣٢١٠"), "9876543210");
    assert_string_equal(text_ascii_digits(&arena, "12٣4"), "1234");
    assert_string_equal(text_ascii_digits(&arena, "A-١"), "A-1");
}

static bool name_valid(const char *text)
{
    return text_name_valid(text, strlen(text));
}

static void test_name_validity(void **state)
{
    (void)state;
    assert_true(name_valid("محمد"));
    assert_true(name_valid("عبد الله"));
    assert_true(name_valid("مُحَمَّد"));
    assert_true(name_valid("محـمد"));
    assert_true(name_valid("O'Brien"));
    assert_true(name_valid("Al-Khatib"));
    assert_true(name_valid("José"));
    assert_true(name_valid("مح\u200cمد"));
    assert_true(name_valid("مح\u200dمد"));
    /* no other invisible character, not even one that reads as a mark (the combining grapheme joiner) */
    for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "مح%sمد", invisible[i]);
        assert_false(name_valid(text));
    }
    assert_false(name_valid(""));
    assert_false(name_valid("   "));
    assert_false(name_valid("محمد1"));
    assert_false(name_valid("محمد٣"));
    assert_false(name_valid("<script>"));
    assert_false(name_valid("محمد\n"));
    assert_false(name_valid("a@b"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_letter_variants),
        cmocka_unit_test(test_marks_dropped),
        cmocka_unit_test(test_default_ignorables_dropped),
        cmocka_unit_test(test_presentation_forms),
        cmocka_unit_test(test_digits_case_and_spaces),
        cmocka_unit_test(test_different_names_stay_different),
        cmocka_unit_test(test_compound_names),
        cmocka_unit_test(test_common_names),
        cmocka_unit_test(test_article),
        cmocka_unit_test(test_ascii_digits),
        cmocka_unit_test(test_full_name),
        cmocka_unit_test(test_name_validity),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
