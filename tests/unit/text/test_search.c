/* src/text/search.c: the forms a word of a study is found by (article, joined و and ف), the terms of a query, the
 * snippet around a match, and a juvenile's name withheld from a text (invisible characters in it or not). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "text/search.h"

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

/* Whether a query finds the text: every term a prefix of some word of the indexed body. */
static bool finds(const char *query, const char *text)
{
    char *terms[8];
    int count = text_search_terms(&arena, query, terms, 8);
    char *body = text_search_body(&arena, text);
    assert_non_null(body);
    for (int i = 0; i < count; i++) {
        bool found = false;
        for (char *word = body; *word && !found;) {
            char *end = strchr(word, ' ');
            size_t n = end ? (size_t)(end - word) : strlen(word);
            found = n >= strlen(terms[i]) && strncmp(word, terms[i], strlen(terms[i])) == 0;
            word += n + (end ? 1 : 0);
        }
        if (!found)
            return false;
    }
    return count > 0;
}

static void stems_take_the_article_off(void **state)
{
    (void)state;
    assert_string_equal(text_stem("المدرسه"), "مدرسه");
    assert_string_equal(text_stem("بالمدرسه"), "مدرسه");
    assert_string_equal(text_stem("والمدرسه"), "مدرسه");
    assert_string_equal(text_stem("للمدرسه"), "مدرسه");
    /* three letters must remain */
    assert_string_equal(text_stem("الي"), "الي");
    assert_string_equal(text_stem("مدرسه"), "مدرسه");
}

static void queries_find_spelling_variants(void **state)
{
    (void)state;
    const char *text = "ملتحق بالمدرسة في الصف التاسع، ويتغيّب أحياناً. العلاقة بين الحدث وأمّه جيدة.";
    assert_true(finds("مدرسة", text));
    assert_true(finds("المدرسه", text));
    assert_true(finds("مدرس", text));          /* a prefix */
    assert_true(finds("امه", text));           /* joined و, hamza and shadda folded */
    assert_true(finds("احيانا", text));        /* tanween and hamza */
    assert_true(finds("علاقة مدرسة", text));   /* every word */
    assert_false(finds("علاقة مستشفى", text)); /* not when one word is missing */
    assert_false(finds("جامعة", text));
    assert_false(finds("", text));
}

static void terms_are_capped(void **state)
{
    (void)state;
    char *terms[3];
    assert_int_equal(text_search_terms(&arena, "واحد اثنان ثلاثة اربعة خمسة", terms, 3), 3);
    assert_string_equal(terms[2], "ثلاثه");
    assert_int_equal(text_search_terms(&arena, " ، . ", terms, 3), 0);
}

static void snippets_mark_the_match(void **state)
{
    (void)state;
    char *terms[2];
    int count = text_search_terms(&arena, "مدرسة", terms, 2);
    TextPart *parts;
    const char *text = "كلمة1 كلمة2 كلمة3 كلمة4 ملتحق بالمدرسة في الصف التاسع ويتغيب عن المدرسة أحياناً";
    int n = text_snippet(&arena, text, terms, count, 2, 4, &parts);
    assert_int_equal(n, 3);
    assert_string_equal(parts[0].text, "… كلمة4 ملتحق ");
    assert_false(parts[0].match);
    assert_string_equal(parts[1].text, "بالمدرسة");
    assert_true(parts[1].match);
    assert_string_equal(parts[2].text, " في الصف التاسع ويتغيب …");
    assert_false(parts[2].match);
    /* a wider window: every match in it is marked, and the end is not cut */
    n = text_snippet(&arena, text, terms, count, 2, 7, &parts);
    assert_int_equal(n, 5);
    assert_string_equal(parts[2].text, " في الصف التاسع ويتغيب عن ");
    assert_string_equal(parts[3].text, "المدرسة");
    assert_true(parts[3].match);
    assert_string_equal(parts[4].text, " أحياناً");
    /* two matches in a row: a space of its own between them */
    n = text_snippet(&arena, "إلى المدرسة المدرسة الثانية", terms, count, 2, 4, &parts);
    assert_int_equal(n, 5);
    assert_string_equal(parts[0].text, "إلى ");
    assert_string_equal(parts[1].text, "المدرسة");
    assert_string_equal(parts[2].text, " ");
    assert_false(parts[2].match);
    assert_string_equal(parts[3].text, "المدرسة");
    assert_string_equal(parts[4].text, " الثانية");
    /* no match: the opening words */
    n = text_snippet(&arena, "لا شيء هنا", terms, count, 2, 4, &parts);
    assert_int_equal(n, 1);
    assert_string_equal(parts[0].text, "لا شيء هنا");
    assert_false(parts[0].match);
}

static void persons_are_written_by_role(void **state)
{
    (void)state;
    const TextPerson persons[] = {
        {{"مالك", "حسن", NULL, "العدوان"}, "الحدث"},
        {{"نهى", "سعيد", NULL, "القيسي"}, "الأم"},
        {{"لمى", "حسن", NULL, "العدوان"}, "الأخت"},
        {{"هشام", NULL, NULL, "الزعبي"}, NULL},
    };
    /* a mention (first name, then her other parts) becomes the role, after its joined letters (ل before an article
     * joins it: للأم); "the juvenile <name>" says it once; a family name alone becomes its initial; the name parts
     * after a parenthesis are not the mention's; a person without a label keeps the initials */
    assert_string_equal(text_redact_persons(&arena,
                                            "يعيش الحدث مالك العدوان مع أمه نهى القيسي وأخته لمى. ولنهى وبمالك"
                                            " (العدوان) وهشام الزعبي.",
                                            persons, 4),
                        "يعيش الحدث مع أمه الأم وأخته الأخت. وللأم وبالحدث (ع.) وه. ز..");
    /* two persons of different labels sharing a first name, mentioned alike: neither is named by a role */
    const TextPerson twins[] = {{{"سارة", NULL, NULL, "علي"}, "الأم"}, {{"سارة", NULL, NULL, "عمر"}, "الأخت"}};
    assert_string_equal(text_redact_persons(&arena, "قالت سارة إن سارة عمر غابت", twins, 2), "قالت س. إن الأخت غابت");
}

static void names_are_withheld(void **state)
{
    (void)state;
    const char *names[] = {"محمد", "عبد الله", "الضمور", "محمد عبد الله الضمور"};
    char *out = text_redact_names(&arena,
                                  "يعيش الحدث محمد الضمور مع والدته، ووالد محمّد متوفى. العلاقة بين محمد وأمه"
                                  " جيدة، وقال (محمد): «عبد الله» غائب. ولمحمد أخ.",
                                  names, 4);
    assert_string_equal(out, "يعيش الحدث م. ض. مع والدته، ووالد م. متوفى. العلاقة بين م. وأمه جيدة، وقال (م.):"
                             " «ع.» غائب. ولم. أخ.");
    /* spelt otherwise: the hamza of a name, no article */
    const char *other[] = {"أحمد"};
    assert_string_equal(text_redact_names(&arena, "احمد وأحمد وإحمد", other, 1), "ا. وأ. وإ.");
    /* a part too short to be a name is left alone, and so is a word that only begins like the name */
    const char *short_names[] = {"م", "سعد"};
    assert_string_equal(text_redact_names(&arena, "م سعدية سعد", short_names, 2), "م سعدية س.");
}

static void names_are_withheld_however_written(void **state)
{
    (void)state;
    /* the article written or not, joined letters (two of them), an alef of tanween, words run together or apart */
    const char *names[] = {"هشام", "عبد الله", "المجالي"};
    assert_string_equal(text_redact_names(&arena, "مجالي وللمجالي هشاماً بهشام عبدالله وعبد الله", names, 3),
                        "م. وم. ه. به. ع. وع.");
    const char *joined[] = {"عبدالله"};
    assert_string_equal(text_redact_names(&arena, "قال عبد الله ذلك", joined, 1), "قال ع. ذلك");
    /* punctuation inside or around a word stays: a slash, an ellipsis, guillemets, a hyphen */
    const char *two[] = {"هشام", "يوسف"};
    assert_string_equal(text_redact_names(&arena, "هشام/يوسف… «هشام» -يوسف-", two, 2), "ه./ي.… «ه.» -ي.-");
    /* Latin words, each its own name (the caller splits a Latin name) */
    const char *latin[] = {"hisham", "yousef", "majali"};
    assert_string_equal(text_redact_names(&arena, "Hisham told us; Hisham Yousef Al-Majali.", latin, 3),
                        "H. told us; H. Y. Al-M..");
    /* علي is not على */
    const char *ali[] = {"علي"};
    assert_string_equal(text_redact_names(&arena, "جلس علي على الكرسي وقال علىّ", ali, 1), "جلس ع. على الكرسي وقال علىّ");
    /* one letter that folds to a whole name (ﷲ is الله): the text grows, and is written whole */
    const char *god[] = {"الله"};
    static char many[4 * 4000 + 1];
    for (int i = 0; i < 4000; i++)
        memcpy(many + i * 4, "\xef\xb7\xb2 ", 4);
    char *out = text_redact_names(&arena, many, god, 1);
    assert_non_null(out);
    assert_int_equal(strlen(out), 4000 * 5);
    assert_memory_equal(out, "\xef\xb7\xb2. ", 5);
}

/* Default-ignorable code points drawn as nothing, a sample of each kind (direction controls apart: below). */
static const char *const invisible[] = {
    "\u2060",     "\u2061",     "\u2062",     "\u2063", "\u2064", "\u034f", "\u180e", "\U000E0020",
    "\U000E0041", "\U000E007F", "\U000E0001", "\ufeff", "\u00ad", "\u3164", "\u115f", "\u1160",
    "\uffa0",     "\ufe0f",     "\ufe00",     "\u180b", "\u17b4", "\u2065", "\u206f", "\ufff0",
    "\U0001BCA0", "\U0001D173", "\U000E0100", "\u200b", "\u200c", "\u200d",
};

/* The pattern with each | made the character c. */
static const char *with(const char *pattern, const char *c)
{
    char *out = arena_alloc(&arena, strlen(pattern) * (strlen(c) + 1) + 1);
    assert_non_null(out);
    size_t used = 0;
    for (const char *p = pattern; *p; p++) {
        size_t n = *p == '|' ? strlen(c) : 1;
        memcpy(out + used, *p == '|' ? c : p, n);
        used += n;
    }
    out[used] = '\0';
    return out;
}

/* A name with an invisible character inside (or around) it is withheld, the character with it; so is a name the
 * character joins to the next word, and a name stored with one. */
static void names_are_withheld_through_invisible_characters(void **state)
{
    (void)state;
    const char *names[] = {"أحمد", "محمد", "الضمور"};
    for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++) {
        const char *c = invisible[i];
        assert_string_equal(text_redact_names(&arena, with("قال أح|مد ذلك", c), names, 3), "قال أ. ذلك");
        assert_string_equal(text_redact_names(&arena, with("|أحمد|، و|أحمد وال|ضمور", c), names, 3),
                            "أ.، وأ. ض."); /* وال is taken off as the article is */
        assert_string_equal(text_redact_names(&arena, with("م|ح|م|د", c), names, 3), "م.");
        assert_string_equal(text_redact_names(&arena, with("محمد|الضمور", c), names, 3), with("م.|ض.", c));
        const char *stored[] = {with("أح|مد", c)};
        assert_string_equal(text_redact_names(&arena, "رأى أحمد", stored, 1), "رأى أ.");
        /* على is still not علي */
        const char *ali[] = {with("علي|", c)};
        assert_string_equal(text_redact_names(&arena, with("على| الكرسي", c), ali, 1), with("على| الكرسي", c));
        /* and found by a search */
        assert_true(finds("محمد", with("قال مح|مد", c)));
        assert_true(finds(with("مح|مد", c), "قال محمد"));
    }
    /* direction controls stay, so that the text after the name reads as it did; the name's letters go */
    assert_string_equal(text_redact_names(&arena, "\u2068أحمد\u2069 و\u2068محمد الضمور\u2069 هنا", names, 3),
                        "\u2068أ.\u2069 و\u2068م. ض.\u2069 هنا");
    assert_string_equal(text_redact_names(&arena, "\u202eأح\u202cمد\u061c\u200f!", names, 3),
                        "\u202eأ.\u202c\u061c\u200f!");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stems_take_the_article_off, setup, teardown),
        cmocka_unit_test_setup_teardown(queries_find_spelling_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(terms_are_capped, setup, teardown),
        cmocka_unit_test_setup_teardown(snippets_mark_the_match, setup, teardown),
        cmocka_unit_test_setup_teardown(names_are_withheld, setup, teardown),
        cmocka_unit_test_setup_teardown(persons_are_written_by_role, setup, teardown),
        cmocka_unit_test_setup_teardown(names_are_withheld_however_written, setup, teardown),
        cmocka_unit_test_setup_teardown(names_are_withheld_through_invisible_characters, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
