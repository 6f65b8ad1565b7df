/* src/doc/pdf.c: a document flows over the pages it needs, each numbered; a long Arabic text is laid out and
 * embedded with its fonts. (That the text reads back as written is checked through the server with pdftotext, in
 * tests/api/study_documents.test.js.) */
#include <setjmp.h>
#include <stdarg.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "doc/pdf.h"

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
    Doc doc = {.title = "دراسة", .header = "سري", .page = "صفحة", .of = "من", .mark = mark, .blocks = blocks,
               .block_count = count};
    buf_init(pdf, 64u << 20);
    return doc_pdf(&doc, pdf);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_page),
        cmocka_unit_test(long_text_flows_over_pages),
        cmocka_unit_test(an_empty_document_is_one_page),
        cmocka_unit_test(one_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
