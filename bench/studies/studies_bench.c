/* Benchmark of social studies (make bench; docs/benchmarks.md): how long the server takes to make a study's PDF,
 * a typical one and the longest the limits allow, and how fast the search over the text of many studies answers a
 * social worker, through the store's own query (the access rule in SQL, the index of folded words) on a database of
 * synthetic studies spread over the twelve offices.
 * usage: bench_studies DB [STUDIES]   (DB: a demo database without cases; STUDIES: 100000 by default) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "doc/pdf.h"
#include "store/cases.h"
#include "store/org.h"
#include "store/studies.h"
#include "text/search.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static const char *const sentences[] = {
    "يعيش الحدث مع والدته وإخوته في منزل مستأجر من غرفتين.",
    "دخل الأسرة محدود ويعتمد على المعونة الوطنية.",
    "نشأ في حي مكتظ تكثر فيه المشاجرات بين الشباب.",
    "ملتحق بالمدرسة في الصف التاسع وتحصيله الدراسي متوسط.",
    "يتغيب عن المدرسة أحياناً وتلقت الأسرة إنذارين من الإدارة.",
    "يحتاج إلى متابعة نفسية بعد ما تعرض له من إهمال.",
    "شارك في مشاجرة قرب المدرسة بعد استفزاز من زملائه.",
    "يوصي مراقب السلوك بتدبير التسليم إلى الوالدين.",
    "الطرفان زوجان منذ عشر سنوات ولهما ثلاثة أطفال.",
    "عوامل الخطر محدودة ولا يوجد تهديد بالسلاح.",
    "تحتاج الأسرة إلى دعم مالي شهري لتغطية الإيجار.",
    "يتأثر الأطفال نفسياً بغياب والدهم النزيل.",
    "التحق بدورة تدريب مهني في النجارة والحدادة.",
    "تحسن سلوك الحدث وقلت المشاجرات مع أقرانه.",
    "يمارس الرياضة في نادي الحي ثلاث مرات أسبوعياً.",
    "الأم تعمل في الخياطة من المنزل بأجر زهيد.",
};
enum { SENTENCES = sizeof sentences / sizeof sentences[0] };

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/* A section of n sentences, with one rare word in a hundred studies. */
static char *section(Arena *arena, uint32_t *random, int n, int64_t serial)
{
    Buf b;
    buf_init(&b, 1u << 20);
    for (int i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i ? " " : "", sentences[next_random(random) % SENTENCES]);
    if (serial % 100 == 0)
        buf_printf(&b, " يهوى الكاراتيه %lld.", (long long)(serial / 100));
    char *text = arena_strndup(arena, b.data, b.len);
    buf_free(&b);
    return text;
}

static void pdf_bench(const char *label, int sentences_per_section, int runs)
{
    Arena arena;
    arena_init(&arena, 0);
    uint32_t random = 7;
    DocBlock blocks[32];
    int n = 0;
    blocks[n++] = (DocBlock){.kind = DOC_TITLE, .text = "دراسة اجتماعية لحدث (المادة ١١ من قانون الأحداث)"};
    blocks[n++] = (DocBlock){.kind = DOC_FIELD, .label = "رقم الحالة", .text = "JC-2026-000048"};
    blocks[n++] = (DocBlock){.kind = DOC_ROW,
                             .bold = 1,
                             .cell_count = 4,
                             .widths = {46, 24, 15, 15},
                             .cells = {"الاسم", "الصفة في الحالة", "الجنس", "العمر"}};
    for (int i = 0; i < 3; i++)
        blocks[n++] = (DocBlock){
            .kind = DOC_ROW, .cell_count = 4, .widths = {46, 24, 15, 15}, .cells = {"م. ع. ي. ض.", "حدث", "ذكر", "14"}};
    for (int k = 0; k < 7; k++) {
        blocks[n++] = (DocBlock){.kind = DOC_HEADING, .text = "الظروف المادية والاجتماعية"};
        blocks[n++] = (DocBlock){.kind = DOC_TEXT, .text = section(&arena, &random, sentences_per_section, 1)};
    }
    blocks[n++] = (DocBlock){.kind = DOC_ROW, .ruled = 1, .cell_count = 2, .cells = {"معدّ الدراسة", "المشرف"}};
    Doc doc = {.title = "bench",
               .header = "سري",
               .page = "صفحة",
               .of = "من",
               .mark = "مسودة",
               .blocks = blocks,
               .block_count = n};
    double *times = calloc((size_t)runs, sizeof(double));
    size_t bytes = 0;
    double first = 0;
    for (int r = 0; r < runs; r++) {
        Buf out;
        buf_init(&out, 256u << 20);
        double t0 = now_ms();
        if (doc_pdf(&doc, &out) != TK_OK) {
            fprintf(stderr, "pdf failed\n");
            exit(1);
        }
        times[r] = now_ms() - t0;
        if (r == 0)
            first = times[r];
        bytes = out.len;
        buf_free(&out);
    }
    qsort(times, (size_t)runs, sizeof(double), compare);
    int pages = 0;
    (void)pages;
    printf("| PDF, %s | %.1f ms | %.1f ms | %.1f ms | %zu kB |\n", label, first, times[runs / 2],
           times[runs * 95 / 100], bytes / 1024);
    free(times);
    arena_free(&arena);
}

/* Synthetic cases and studies: each study with seven sections of two to four sentences, spread over the units. */
static int fill(Db *db, int studies, const int64_t *units, int unit_count, int64_t author)
{
    Arena arena;
    arena_init(&arena, 0);
    uint32_t random = 20261129u;
    int rc = TK_OK;
    int64_t reported = 1767225600; /* 2026-01-01 */
    static const char *const keys[] = {"family", "circumstances", "upbringing", "school", "act", "assessment"};
    for (int i = 0; i < studies && rc == TK_OK; i += 1000) {
        if ((rc = store_begin(db)) != TK_OK)
            break;
        for (int k = i; k < i + 1000 && k < studies && rc == TK_OK; k++) {
            Case c = {.kind = "juvenile_conflict",
                      .reference = arena_printf(&arena, "JC-2026-B%07d", k),
                      .unit_id = units[k % unit_count],
                      .stage = "implementation",
                      .sensitivity = "normal",
                      .governorate = "amman",
                      .reported_at = reported + k};
            if ((rc = store_case_insert(db, &c, author)) != TK_OK)
                break;
            Study s = {.case_id = c.id, .template = "juvenile", .author_id = author};
            if ((rc = store_study_insert(db, &s)) != TK_OK)
                break;
            s.status = "draft";
            s.version = 1;
            StudyText texts[6];
            for (int t = 0; t < 6; t++)
                texts[t] = (StudyText){.key = keys[t],
                                       .body = section(&arena, &random, 2 + (int)(next_random(&random) % 3), k)};
            rc = store_study_save(db, &s, texts, 6);
            arena_reset(&arena);
        }
        if (rc == TK_OK)
            rc = store_commit(db);
        else
            store_rollback(db);
    }
    arena_free(&arena);
    return rc;
}

static void search_bench(Db *db, const CaseViewer *viewer, const char *label, const char *query, int runs)
{
    Arena arena;
    arena_init(&arena, 0);
    double *times = calloc((size_t)runs, sizeof(double));
    int found = 0;
    for (int r = 0; r < runs; r++) {
        char *terms[8];
        int count = text_search_terms(&arena, query, terms, 8);
        StudyFilter filter = {.terms = terms, .term_count = count, .limit = 50};
        Study *items;
        bool more;
        double t0 = now_ms();
        if (store_study_list(db, viewer, &filter, &arena, &items, &found, &more) != TK_OK) {
            fprintf(stderr, "search failed\n");
            exit(1);
        }
        times[r] = now_ms() - t0;
        arena_reset(&arena);
    }
    qsort(times, (size_t)runs, sizeof(double), compare);
    printf("| search %s (`%s`) | %d | %.2f ms | %.2f ms |\n", label, query, found, times[runs / 2],
           times[runs * 95 / 100]);
    free(times);
    arena_free(&arena);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_studies DB [STUDIES]\n");
        return 2;
    }
    int studies = argc > 2 ? atoi(argv[2]) : 100000;
    printf("| document | first | median | p95 | size |\n|---|---|---|---|---|\n");
    pdf_bench("a typical study (7 sections of 4 sentences)", 4, 30);
    pdf_bench("the longest (7 sections of 20,000 characters)", 360, 5);

    char error[256];
    Db *db;
    if (store_open(argv[1], STORE_OPEN_EXISTING, &db, error) != TK_OK) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    store_set_durable(db, false);
    Arena arena;
    arena_init(&arena, 0);
    UnitFilter unit_filter = {.type = "social_service_office", .limit = 50};
    Unit *units;
    int unit_count = 0;
    int64_t next = 0;
    User worker;
    if (store_unit_list(db, &unit_filter, &arena, &units, &unit_count, &next) != TK_OK || unit_count == 0 ||
        store_user_get_for_login(db, "caseworker", &arena, &worker) != TK_OK) {
        fprintf(stderr, "the database has no demo offices or no caseworker\n");
        return 1;
    }
    int64_t *unit_ids = calloc((size_t)unit_count, sizeof(int64_t));
    for (int i = 0; i < unit_count; i++)
        unit_ids[i] = units[i].id;
    double t0 = now_ms();
    if (fill(db, studies, unit_ids, unit_count, worker.id) != TK_OK) {
        fprintf(stderr, "filling failed\n");
        return 1;
    }
    double filled = now_ms() - t0;
    printf("\n%d studies (7 sections each) over %d offices, indexed in %.1f s (%.2f ms a study)\n\n", studies,
           unit_count, filled / 1e3, filled / studies);
    printf("| query | found | median | p95 |\n|---|---|---|---|\n");
    CaseViewer viewer = {.user_id = worker.id, .unit_id = worker.unit_id, .agency = "mosd"};
    search_bench(db, &viewer, "a rare word, one study in a hundred", "كاراتيه", 200);
    search_bench(db, &viewer, "two common words", "المدرسة مشاجرة", 50);
    search_bench(db, &viewer, "a word in every study", "الحدث", 20);
    CaseViewer manager = {.user_id = worker.id, .unit_id = worker.unit_id, .agency = "mosd", .manager = true};
    search_bench(db, &manager, "a rare word, as a manager of every office", "كاراتيه", 200);
    /* the worst: a user who sees none of the studies (an officer of another unit) walks every match */
    CaseViewer outsider = {.user_id = worker.id, .unit_id = -1, .agency = "psd"};
    search_bench(db, &outsider, "a word in every study, as a user who sees none", "الحدث", 10);
    search_bench(db, &outsider, "a rare word, as a user who sees none", "كاراتيه", 50);
    free(unit_ids);
    arena_free(&arena);
    store_close(db);
    return 0;
}
