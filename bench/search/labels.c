#include "labels.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The files read, which the queries point into, until labels_free. */
static char *buffers[4];
static int buffer_count;

static char *read_all(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    size_t capacity = 1 << 20, used = 0;
    char *data = malloc(capacity);
    size_t n;
    while (data && (n = fread(data + used, 1, capacity - used - 1, file)) > 0) {
        used += n;
        if (capacity - used < 2) {
            capacity *= 2;
            char *grown = realloc(data, capacity);
            if (!grown)
                free(data);
            data = grown;
        }
    }
    fclose(file);
    if (!data) {
        fprintf(stderr, "out of memory reading %s\n", path);
        exit(2);
    }
    data[used] = '\0';
    *size = used;
    if (buffer_count < 4)
        buffers[buffer_count++] = data;
    return data;
}

/* Splits a line in place at tabs; returns how many fields. */
static int split_fields(char *line, char **fields, int max)
{
    int count = 0;
    fields[count++] = line;
    for (char *c = line; *c && count < max; c++) {
        if (*c == '\t') {
            *c = '\0';
            fields[count++] = c + 1;
        }
    }
    return count;
}

LabelledQuery *labels_load(const char *path, int *count)
{
    size_t size;
    char *data = read_all(path, &size);
    int lines = 0;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    LabelledQuery *queries = calloc((size_t)lines + 1, sizeof(LabelledQuery));
    if (!queries) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    int n = 0;
    bool header = true;
    for (char *save = NULL, *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (header) {
            header = false;
            continue;
        }
        char *fields[9];
        if (split_fields(line, fields, 9) != 9) {
            fprintf(stderr, "%s: a line without its 9 fields\n", path);
            exit(2);
        }
        LabelledQuery *q = &queries[n++];
        q->qid = atoi(fields[0]);
        q->kind = fields[1];
        q->hard = atoi(fields[2]);
        q->target = atoll(fields[3]);
        q->distractor = atoll(fields[4]);
        q->birth_year = atoi(fields[5]);
        q->national_id = fields[6];
        q->structure = fields[7];
        q->text = fields[8];
        q->folded = NULL;
    }
    *count = n;
    return queries;
}

void labels_free(LabelledQuery *queries)
{
    free(queries);
    while (buffer_count > 0)
        free(buffers[--buffer_count]);
}

void labels_load_folded(const char *path, LabelledQuery *queries, int count)
{
    size_t size;
    char *data = read_all(path, &size);
    int at = 0;
    for (char *save = NULL, *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *fields[2];
        if (split_fields(line, fields, 2) != 2)
            fields[1] = line + strlen(line);
        int qid = atoi(fields[0]);
        while (at < count && queries[at].qid < qid)
            at++;
        if (at < count && queries[at].qid == qid)
            queries[at].folded = fields[1];
    }
    for (int i = 0; i < count; i++)
        if (!queries[i].folded)
            queries[i].folded = "";
}

int labels_sample(LabelledQuery *queries, int count, int per_class)
{
    if (per_class <= 0)
        return count;
    int kept = 0;
    for (int i = 0; i < count; i++) {
        int seen = 0;
        for (int k = 0; k < kept; k++)
            seen += strcmp(queries[k].kind, queries[i].kind) == 0;
        if (seen < per_class)
            queries[kept++] = queries[i];
    }
    return kept;
}

void labels_ascii_digits(const char *number, char out[32])
{
    const unsigned char *s = (const unsigned char *)number;
    int used = 0;
    while (*s && used < 31) {
        if (s[0] < 0x80) {
            out[used++] = (char)*s++;
            continue;
        }
        /* U+0660..U+0669 are D9 A0..D9 A9; U+06F0..U+06F9 are DB B0..DB B9 */
        if (s[1] && s[0] == 0xD9 && s[1] >= 0xA0 && s[1] <= 0xA9)
            out[used++] = (char)('0' + (s[1] - 0xA0));
        else if (s[1] && s[0] == 0xDB && s[1] >= 0xB0 && s[1] <= 0xB9)
            out[used++] = (char)('0' + (s[1] - 0xB0));
        s++;
        while ((*s & 0xC0) == 0x80)
            s++;
    }
    out[used] = '\0';
}

double labels_now_micros(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The value below which a fraction p of the sorted values lie (nearest rank). */
static double percentile(const double *sorted, int n, double p)
{
    if (n == 0)
        return 0;
    int rank = (int)(p * n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

typedef struct {
    const char *kind;
    int n, top1, top10, hard, false_matches;
    int scored_hard, outsiders; /* hard non-matches answered with scores; of them, with a strong outsider */
} ClassFigures;

/* Whether an answer other than the person meant scores BENCH_STRONG_SCORE or more: were the person not registered
 * (a newcomer whose sibling, father or namesake is), the search would offer that kin as a strong match, and a
 * clerk might take the newcomer for someone already registered. */
static bool strong_outsider(const LabelledQuery *q, const Answer *a)
{
    for (int k = 0; k < a->count && k < BENCH_TOP; k++)
        if (a->ids[k] != q->target && a->scores[k] >= BENCH_STRONG_SCORE)
            return true;
    return false;
}

static void count_answer(ClassFigures *c, const LabelledQuery *q, const Answer *a)
{
    c->n++;
    bool first = a->count > 0 && a->ids[0] == q->target;
    bool within = false;
    for (int k = 0; k < a->count && k < BENCH_TOP; k++)
        within = within || a->ids[k] == q->target;
    c->top1 += first;
    c->top10 += within;
    if (q->hard) {
        c->hard++;
        c->false_matches += a->count > 0 && !first;
        if (a->scored) {
            c->scored_hard++;
            c->outsiders += strong_outsider(q, a);
        }
    }
}

/* The class of a query in the table of classes, added when new; NULL when the table is full. */
static ClassFigures *class_of(ClassFigures *classes, int *class_count, int max, const char *kind)
{
    for (int c = 0; c < *class_count; c++)
        if (strcmp(classes[c].kind, kind) == 0)
            return &classes[c];
    if (*class_count == max)
        return NULL;
    classes[*class_count] = (ClassFigures){kind, 0, 0, 0, 0, 0, 0, 0};
    return &classes[(*class_count)++];
}

static double ratio(int a, int b)
{
    return b ? (double)a / b : 0;
}

/* The persons an engine looked at to answer, when it says (Takamul): a measure of work that, unlike latency, does
 * not depend on what else the machine is doing. */
static void report_work(FILE *out, const Answer *answers, int count)
{
    double *work = malloc(sizeof(double) * (size_t)(count + 1));
    if (!work)
        return;
    int known = 0;
    double total = 0;
    for (int i = 0; i < count; i++)
        if (answers[i].considered > 0) {
            work[known++] = answers[i].considered;
            total += answers[i].considered;
        }
    if (known) {
        qsort(work, (size_t)known, sizeof(double), compare_doubles);
        fprintf(out, "  persons looked at mean %.0f, p50 %.0f, p95 %.0f, p99 %.0f, max %.0f\n", total / known,
                percentile(work, known, 0.50), percentile(work, known, 0.95), percentile(work, known, 0.99),
                work[known - 1]);
    }
    free(work);
}

void labels_report(FILE *out, const char *engine, const LabelledQuery *queries, const Answer *answers, int count,
                   double memory_bytes, const char *summary_path)
{
    double *micros = malloc(sizeof(double) * (size_t)(count ? count : 1));
    if (!micros) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    ClassFigures all = {"all", 0, 0, 0, 0, 0, 0, 0}, variants = {"variants", 0, 0, 0, 0, 0, 0, 0};
    ClassFigures classes[64];
    int class_count = 0;
    for (int i = 0; i < count; i++) {
        micros[i] = answers[i].micros;
        ClassFigures *c = class_of(classes, &class_count, 64, queries[i].kind);
        if (c)
            count_answer(c, &queries[i], &answers[i]);
        count_answer(&all, &queries[i], &answers[i]);
        if (!queries[i].hard)
            count_answer(&variants, &queries[i], &answers[i]);
    }
    qsort(micros, (size_t)count, sizeof(double), compare_doubles);
    double p50 = percentile(micros, count, 0.50), p95 = percentile(micros, count, 0.95);
    double p99 = percentile(micros, count, 0.99), max = count ? micros[count - 1] : 0;
    double r1 = ratio(all.top1, all.n), r10 = ratio(all.top10, all.n), fm = ratio(all.false_matches, all.hard);
    double outsider = all.scored_hard ? ratio(all.outsiders, all.scored_hard) : -1;
    fprintf(out, "%s: %d queries (%d spelling variants, %d hard non-matches), top %d\n", engine, all.n, variants.n,
            all.hard, BENCH_TOP);
    fprintf(out, "  recall@1          %.3f   (spelling variants %.3f; target >= 0.95)\n", r1,
            ratio(variants.top1, variants.n));
    fprintf(out, "  recall@10         %.3f   (spelling variants %.3f; target >= 0.99)\n", r10,
            ratio(variants.top10, variants.n));
    fprintf(out, "  false-match rate  %.3f   (hard non-matches whose first answer is another person: %d of %d)\n", fm,
            all.false_matches, all.hard);
    if (outsider >= 0)
        fprintf(out,
                "  outsider >= %.2f   %.3f   (hard non-matches where another person scores %.2f or more, as if "
                "the person meant were not registered: %d of %d; target <= 0.01)\n",
                BENCH_STRONG_SCORE, outsider, BENCH_STRONG_SCORE, all.outsiders, all.scored_hard);
    fprintf(out, "  latency           p50 %.3f ms, p95 %.3f ms (target < 2 ms), p99 %.3f ms, max %.3f ms\n", p50 / 1000,
            p95 / 1000, p99 / 1000, max / 1000);
    report_work(out, answers, count);
    fprintf(out, "  by class                     queries  recall@1  recall@10  false-match  outsider\n");
    for (int c = 0; c < class_count; c++) {
        const ClassFigures *k = &classes[c];
        char rate[16] = "", outsiders[16] = "";
        if (k->hard)
            snprintf(rate, sizeof rate, "%.3f", ratio(k->false_matches, k->hard));
        if (k->scored_hard)
            snprintf(outsiders, sizeof outsiders, "%.3f", ratio(k->outsiders, k->scored_hard));
        fprintf(out, "    %-26s %7d    %.3f     %.3f      %-11s  %s\n", k->kind, k->n, ratio(k->top1, k->n),
                ratio(k->top10, k->n), rate, outsiders);
    }
    if (summary_path) {
        FILE *summary = fopen(summary_path, "a");
        if (!summary) {
            fprintf(stderr, "cannot write %s\n", summary_path);
        } else {
            fprintf(summary,
                    "summary\t%s\tqueries=%d\trecall1=%.4f\trecall10=%.4f\tfalse_match=%.4f\tp50_ms=%.4f"
                    "\tp95_ms=%.4f\tp99_ms=%.4f\tmemory_bytes=%.0f\toutsider=%.4f\n",
                    engine, all.n, r1, r10, fm, p50 / 1000, p95 / 1000, p99 / 1000, memory_bytes, outsider);
            for (int c = 0; c < class_count; c++) {
                const ClassFigures *k = &classes[c];
                fprintf(summary, "class\t%s\t%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\n", engine, k->kind, k->n,
                        ratio(k->top1, k->n), ratio(k->top10, k->n), k->hard ? ratio(k->false_matches, k->hard) : -1.0,
                        k->scored_hard ? ratio(k->outsiders, k->scored_hard) : -1.0);
            }
            fclose(summary);
        }
    }
    free(micros);
}

void labels_write_answers(const char *path, const LabelledQuery *queries, const Answer *answers, int count)
{
    FILE *file = fopen(path, "w");
    if (!file) {
        fprintf(stderr, "cannot write %s\n", path);
        return;
    }
    for (int i = 0; i < count; i++) {
        fprintf(file, "%d\t%.1f\t", queries[i].qid, answers[i].micros);
        for (int k = 0; k < answers[i].count; k++)
            fprintf(file, "%s%lld", k ? "," : "", (long long)answers[i].ids[k]);
        fprintf(file, "\t%d\n", answers[i].considered);
    }
    fclose(file);
}
