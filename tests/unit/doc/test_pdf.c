/* src/doc/pdf.c, src/doc/pdf_text.c: a document flows over the pages it needs, each numbered; a long Arabic text
 * is laid out and embedded with its fonts; the text reads back with pdftotext (poppler-utils) as written, ligatures
 * and marks in their places; the PDF is tagged, its header and footer outside its paragraphs. (The study's own
 * document is read back through the server in tests/api/study_documents.test.js.) */
#include <setjmp.h>
#include <stdarg.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "doc/pdf.h"
#include "temp_dir.h"

static int count_of(const Buf *pdf, const char *needle)
{
    int n = 0;
    size_t len = strlen(needle);
    for (size_t i = 0; i + len <= pdf->len; i++)
        n += memcmp(pdf->data + i, needle, len) == 0;
    return n;
}

static int render(const DocBlock *blocks, int count, const char *mark, Buf *pdf)
{
    Doc doc = {.title = "دراسة",
               .header = "سري",
               .page = "صفحة",
               .of = "من",
               .mark = mark,
               .blocks = blocks,
               .block_count = count};
    buf_init(pdf, 64u << 20);
    return doc_pdf(&doc, pdf);
}

/* What a poppler tool (pdftotext, pdfinfo) prints for the PDF, the arguments before the file and tail after it,
 * into out (buf_free it); without the marks pdftotext puts around each run to say its direction (U+202A…U+202C). */
static void poppler(const Buf *pdf, const char *tool, const char *arguments, const char *tail, Buf *out)
{
    TempDir temp;
    assert_int_equal(temp_dir_make(&temp), 0);
    const char *path = temp_path(&temp, "doc.pdf");
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(pdf->data, 1, pdf->len, file), pdf->len);
    fclose(file);
    char command[1400];
    snprintf(command, sizeof command, "%s %s '%s' %s", tool, arguments, path, tail);
    FILE *pipe = popen(command, "r");
    assert_non_null(pipe);
    Buf all;
    buf_init(&all, 0);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, pipe)) > 0)
        assert_int_equal(buf_append(&all, chunk, got), TK_OK);
    assert_int_equal(pclose(pipe), 0);
    buf_init(out, 0);
    for (size_t i = 0; i < all.len; i++) {
        const unsigned char *c = (const unsigned char *)all.data + i;
        if (i + 2 < all.len && c[0] == 0xE2 && c[1] == 0x80 && c[2] >= 0xAA && c[2] <= 0xAC)
            i += 2; /* U+202A…U+202C */
        else
            assert_int_equal(buf_append(out, c, 1), TK_OK);
    }
    assert_int_equal(buf_append(out, "", 1), TK_OK); /* a string, even when empty */
    buf_free(&all);
    temp_dir_remove(&temp);
}

static void one_page(void **state)
{
    (void)state;
    DocBlock blocks[] = {
        {.kind = DOC_TITLE, .text = "دراسة اجتماعية لحدث"},
        {.kind = DOC_FIELD, .label = "رقم الحالة", .text = "JC-2026-000048"},
        {.kind = DOC_ROW, .bold = 1, .cell_count = 2, .widths = {70, 30}, .cells = {"الاسم", "العمر"}},
        {.kind = DOC_ROW, .cell_count = 2, .widths = {70, 30}, .cells = {"م. ع.", "14"}},
        {.kind = DOC_HEADING, .text = "الحدث وأسرته"},
        {.kind = DOC_TEXT, .text = "يعيش الحدث مع والدته وإخوته الثلاثة.\nEnglish in the middle, and 2026-11-29."},
        {.kind = DOC_ROW, .ruled = 1, .cell_count = 2, .cells = {"معدّ الدراسة", "المشرف"}},
    };
    Buf pdf;
    assert_int_equal(render(blocks, 7, NULL, &pdf), TK_OK);
    assert_true(pdf.len > 1000);
    assert_memory_equal(pdf.data, "%PDF-", 5);
    assert_int_equal(count_of(&pdf, "/Type /Page\n") + count_of(&pdf, "/Type /Page %"), 1);
    assert_true(count_of(&pdf, "NotoSansArabic") > 0); /* the Arabic font, embedded */
    buf_free(&pdf);
}

static void long_text_flows_over_pages(void **state)
{
    (void)state;
    /* forty paragraphs of some twelve lines each cannot fit on one A4 page */
    static char text[40 * 1300];
    size_t used = 0;
    for (int p = 0; p < 40; p++) {
        for (int s = 0; s < 12; s++)
            used += (size_t)snprintf(text + used, sizeof text - used, "%s",
                                     "تابع الأخصائي الحالة بزيارات منزلية منتظمة. ");
        text[used++] = '\n';
    }
    text[used] = '\0';
    DocBlock blocks[] = {{.kind = DOC_HEADING, .text = "المتابعة"}, {.kind = DOC_TEXT, .text = text}};
    Buf pdf;
    assert_int_equal(render(blocks, 2, "مسودة", &pdf), TK_OK);
    int pages = count_of(&pdf, "/Type /Page %");
    assert_true(pages >= 5);
    char count[32];
    snprintf(count, sizeof count, "/Count %d", pages);
    assert_int_equal(count_of(&pdf, count), 1);
    buf_free(&pdf);
}

static void an_empty_document_is_one_page(void **state)
{
    (void)state;
    Buf pdf;
    assert_int_equal(render(NULL, 0, NULL, &pdf), TK_OK);
    assert_int_equal(count_of(&pdf, "/Count 1"), 1);
    buf_free(&pdf);
}

/* Documents drawn at once: one draws, one waits for its turn, the others are told the server is busy at once. */
static const DocBlock *long_blocks;
static int long_count;

static void *render_one(void *result)
{
    Buf pdf;
    Doc doc = {.title = "t", .blocks = long_blocks, .block_count = long_count};
    buf_init(&pdf, 64u << 20);
    *(int *)result = doc_pdf(&doc, &pdf);
    buf_free(&pdf);
    return NULL;
}

static void one_at_a_time(void **state)
{
    (void)state;
    static char text[7 * 40000];
    size_t used = 0;
    while (used + 200 < sizeof text)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s", "تابع الأخصائي الحالة بزيارات منزلية منتظمة. ");
    DocBlock blocks[] = {{.kind = DOC_TEXT, .text = text}};
    long_blocks = blocks;
    long_count = 1;
    enum { THREADS = 6 };
    pthread_t threads[THREADS];
    int results[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, render_one, &results[i]), 0);
    int ok = 0, busy = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        ok += results[i] == TK_OK;
        busy += results[i] == TK_ERR_BUSY;
    }
    assert_int_equal(ok + busy, THREADS);
    assert_true(ok >= 1);
    assert_true(busy >= 1);
}

/* Every Arabic line reads back letter for letter: the lam-alef ligatures (لا لأ لإ لآ, and لى), Allah's, a letter
 * with its shadda or tanween, a zero-width non-joiner, a word longer than a line may hold; neither the break
 * opportunities the layout adds (U+200B) nor the controls of direction (the isolates around a field's value, those
 * of the text) come out. */
static void arabic_reads_back_as_written(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "المملكة الأردنية الهاشمية",
        "لا يوجد تهديد بالسلاح ولأن الأسرة تحتاج إلى دعم",
        "ذهب إلى المدرسة على قدميه لإصلاح الآلة",
        "معدّ الدراسة يتغيّب أحياناً وعلاقته بأمّه جيدةٌ",
        "عبد الله الحسن",
        "يزن خالد محمود الطراونة",
        "مي\u200cسون الحسن",
    };
    char long_word[80 * 2 + 1] = "";
    for (int i = 0; i < 80; i++)
        strcat(long_word, "ب"); /* past the 48 letters after which the layout may break a word */
    DocBlock blocks[] = {
        {.kind = DOC_TITLE, .text = lines[0]},
        {.kind = DOC_HEADING, .text = lines[1]},
        {.kind = DOC_TEXT, .text = lines[2]},
        {.kind = DOC_TEXT, .text = lines[3]},
        {.kind = DOC_FIELD, .label = "المشرف", .text = lines[4]},
        {.kind = DOC_ROW, .cell_count = 2, .cells = {lines[5], "حدث"}},
        {.kind = DOC_TEXT, .text = long_word},
        {.kind = DOC_TEXT, .text = "\u2067مي\u200cسون الحسن\u2069 \u200f"},
    };
    Buf pdf;
    assert_int_equal(render(blocks, 8, "مسودة غير معتمدة", &pdf), TK_OK);
    Buf read;
    poppler(&pdf, "pdftotext", "-enc UTF-8", "-", &read);
    const char *text = read.data;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (!strstr(text, lines[i]))
            fail_msg("does not read back: %s\n%s", lines[i], text);
    assert_non_null(strstr(text, long_word));
    assert_null(strstr(text, "\u200b"));
    assert_null(strstr(text, "\u2068"));
    assert_null(strstr(text, "\u2069"));
    assert_null(strstr(text, "\u2067"));
    assert_null(strstr(text, "\u200f"));
    /* the mark across the page is drawn, not written: the text is the same without it */
    Buf unmarked, unmarked_read;
    assert_int_equal(render(blocks, 8, NULL, &unmarked), TK_OK);
    poppler(&unmarked, "pdftotext", "-enc UTF-8", "-", &unmarked_read);
    assert_string_equal(unmarked_read.data, text);
    buf_free(&unmarked_read);
    buf_free(&unmarked);
    buf_free(&read);
    buf_free(&pdf);
}

/* Text that no font here draws, or that is no more than marks and controls, is drawn and still read back. */
static void odd_text_is_drawn_and_read(void **state)
{
    (void)state;
    DocBlock blocks[] = {
        {.kind = DOC_TEXT, .text = "رمز \xf0\x9f\x98\x80 وخط \xe4\xb8\xad\xe6\x96\x87"},
        {.kind = DOC_TEXT, .text = "\u064e\u0651 علامات وحدها"},
        {.kind = DOC_TEXT, .text = "\u202eمعكوس\u202c و\u200dصل و\u200cفصل وتطويـــل"},
        {.kind = DOC_TEXT, .text = "Café naïve e\u0301 — 12/3"},
        {.kind = DOC_TEXT, .text = ""},
        {.kind = DOC_ROW, .cell_count = 3, .cells = {"", "\n\n", "ـ"}},
    };
    Buf pdf;
    assert_int_equal(render(blocks, 6, NULL, &pdf), TK_OK);
    Buf read;
    poppler(&pdf, "pdftotext", "-enc UTF-8", "-", &read);
    const char *text = read.data;
    assert_non_null(strstr(text, "\xf0\x9f\x98\x80")); /* drawn as a box, read as itself */
    assert_non_null(strstr(text, "علامات وحدها"));
    assert_non_null(strstr(text, "وتطويـــل"));
    assert_non_null(strstr(text, "Café naïve"));
    buf_free(&read);
    buf_free(&pdf);
}

/* Text made at random of the pieces that make shaping and the text layer work hardest draws without fault (the
 * sanitizers watch the arithmetic of places and carriers). */
static void random_text_draws(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "ل",
        "ا",
        "أ",
        "إ",
        "آ",
        "ى",
        "ة",
        "ه",
        "\u0651",
        "\u064b",
        "\u064e",
        "\u0670",
        "ـ",
        "الله",
        " ",
        "  ",
        "\n",
        "\u200b",
        "\u200c",
        "\u200d",
        "\u200e",
        "\u200f",
        "\u2068",
        "\u2069",
        "\u202e",
        "\u202c",
        "a",
        "fi",
        "e\u0301",
        "12",
        "٣٤",
        "،",
        ".",
        ":",
        "(",
        "«",
        "\xf0\x9f\x98\x80",
        "\xe4\xb8\xad",
        "\xee\x80\x80",
        "\xef\xbb\xbb",
        "\xef\xb7\xb2",
    };
    enum { PIECES = sizeof pieces / sizeof pieces[0], BLOCKS = 6 };
    static char texts[BLOCKS][600];
    unsigned seed = 12345;
    for (int round = 0; round < 30; round++) {
        DocBlock blocks[BLOCKS];
        for (int b = 0; b < BLOCKS; b++) {
            size_t used = 0;
            seed = seed * 1103515245u + 12345u;
            int count = 1 + (int)(seed >> 16) % 60;
            for (int i = 0; i < count; i++) {
                seed = seed * 1103515245u + 12345u;
                used += (size_t)snprintf(texts[b] + used, sizeof texts[b] - used, "%s", pieces[(seed >> 16) % PIECES]);
            }
            blocks[b] = b % 3 == 2 ? (DocBlock){.kind = DOC_ROW, .cell_count = 2, .cells = {texts[b], texts[b - 1]}}
                                   : (DocBlock){.kind = b % 3 ? DOC_TEXT : DOC_HEADING, .text = texts[b]};
        }
        Buf pdf;
        assert_int_equal(render(blocks, BLOCKS, round % 2 ? "مسودة" : NULL, &pdf), TK_OK);
        assert_memory_equal(pdf.data, "%PDF-", 5);
        buf_free(&pdf);
    }
}

/* Tagged: the title, headings, paragraphs and table are elements; a paragraph that runs over a page is one on each
 * page, and the page's header and footer are in none of them. */
/* A chart's bars: each drawn as a filled rectangle of the bars' colour, as long as its value out of the largest
 * (none for a value of 0, a hidden figure), its label and figure written as text; the bars are one figure. */
static void bars(void **state)
{
    (void)state;
    DocBlock blocks[] = {
        {.kind = DOC_HEADING, .text = "الحالات الجديدة حسب المحافظة"},
        {.kind = DOC_BAR, .label = "عمّان", .text = "120", .value = 120, .max = 120},
        {.kind = DOC_BAR, .label = "إربد", .text = "30", .value = 30, .max = 120},
        {.kind = DOC_BAR, .label = "الطفيلة", .text = "<5", .value = 0, .max = 120},
        {.kind = DOC_TEXT, .text = "نهاية"},
    };
    Buf pdf;
    assert_int_equal(render(blocks, 5, NULL, &pdf), TK_OK);
    assert_int_equal(count_of(&pdf, "/S /Figure\n"), 1);
    Buf text;
    poppler(&pdf, "pdftotext", "-layout", "-", &text);
    for (const char *const *word = (const char *const[]){"عمّان", "إربد", "الطفيلة", "120", "30", "<5", NULL}; *word;
         word++)
        assert_non_null(strstr((const char *)text.data, *word));
    buf_free(&text);
    /* the page as SVG: a filled path of the bars' colour for each bar drawn, the longer one four times as wide */
    Buf svg;
    poppler(&pdf, "pdftocairo", "-svg -f 1 -l 1", "-", &svg);
    const char *at = (const char *)svg.data;
    double widths[4];
    int n = 0;
    while ((at = strstr(at, "fill:rgb(12.99")) != NULL && n < 4) {
        const char *d = strstr(at, " d=\"M ");
        assert_non_null(d);
        double x0, y0, x1, y1;
        assert_int_equal(sscanf(d, " d=\"M %lf %lf L %lf %lf", &x0, &y0, &x1, &y1), 4);
        widths[n++] = x1 > x0 ? x1 - x0 : x0 - x1;
        at = d;
    }
    assert_int_equal(n, 2);
    assert_true(widths[0] > 3.9 * widths[1] && widths[0] < 4.1 * widths[1]);
    buf_free(&svg);
    buf_free(&pdf);
}

static void tagged(void **state)
{
    (void)state;
    /* some two pages of letters with no ligature or mark, which poppler's -struct-text reads (it stops at the
     * first /ActualText span of an element) */
    static char text[40000];
    size_t used = 0;
    while (used + 100 < sizeof text)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s", "يعيش الحدث مع والدته في منزل مستأجر. ");
    DocBlock blocks[] = {
        {.kind = DOC_TITLE, .text = "دراسة"},
        {.kind = DOC_ROW, .bold = 1, .cell_count = 2, .cells = {"الاسم", "العمر"}},
        {.kind = DOC_ROW, .cell_count = 2, .cells = {"م. ع.", "14"}},
        {.kind = DOC_HEADING, .text = "المتابعة"},
        {.kind = DOC_TEXT, .text = text},
    };
    Buf pdf;
    Doc doc = {.title = "دراسة",
               .header = "رأس الصفحة",
               .page = "صفحة",
               .of = "من",
               .mark = "مسودة",
               .blocks = blocks,
               .block_count = 5};
    buf_init(&pdf, 64u << 20);
    assert_int_equal(doc_pdf(&doc, &pdf), TK_OK);
    assert_int_equal(count_of(&pdf, "/MarkInfo << /Marked true >>"), 1);
    for (const char *const *name = (const char *const[]){"Document", "H1", "Table", "TR", "TH", "TD", "H2", "P", NULL};
         *name; name++) {
        char element[32];
        snprintf(element, sizeof element, "/S /%s\n", *name);
        if (count_of(&pdf, element) < 1)
            fail_msg("no %s element", *name);
    }
    int pages = count_of(&pdf, "/Type /Page %");
    assert_true(pages >= 2);
    assert_true(count_of(&pdf, "/S /P\n") >= pages);
    Buf read;
    poppler(&pdf, "pdfinfo", "-struct-text", "", &read);
    const char *structure = read.data;
    assert_non_null(strstr(structure, "يعيش الحدث مع والدته"));
    assert_null(strstr(structure, "رأس الصفحة"));
    assert_null(strstr(structure, "صفحة 1"));
    buf_free(&read);
    buf_free(&pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_page),
        cmocka_unit_test(long_text_flows_over_pages),
        cmocka_unit_test(an_empty_document_is_one_page),
        cmocka_unit_test(one_at_a_time),
        cmocka_unit_test(arabic_reads_back_as_written),
        cmocka_unit_test(odd_text_is_drawn_and_read),
        cmocka_unit_test(random_text_draws),
        cmocka_unit_test(tagged),
        cmocka_unit_test(bars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
