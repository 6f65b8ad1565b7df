/* The person-search benchmark against SQLite FTS5 with the trigram tokenizer: the persons of the Takamul database,
 * their names pre-normalised by Takamul (the search keys it stores), in a contentless FTS5 table in a file of its
 * own; each query is the OR of the trigrams of its normalised text, ranked by bm25 (FTS5's rank), the birth year
 * breaking ties, and the holder of a national number typed exactly put first.
 *
 * usage: bench_search_fts5 --db TAKAMUL_DB --queries queries.tsv --folded folded.tsv --index FTS_DB
 *                          [--answers OUT] [--summary FILE] [--warmup N] [--sample K]
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "labels.h"

enum { CANDIDATES = 50 };

static const char *option(int argc, char **argv, const char *name, const char *fallback)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return fallback;
}

static void check(sqlite3 *db, int rc, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static void exec(sqlite3 *db, const char *sql)
{
    char *message = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, message ? message : "?");
        exit(1);
    }
}

/* The FTS5 query: every trigram (three code points, spaces included, as the tokenizer indexes them) of the
 * normalised text, quoted, joined by OR. Empty when the text has fewer than three letters. */
static void trigram_query(const char *text, char *out, size_t size)
{
    const char *starts[256];
    int n = 0;
    for (const char *c = text; *c && n < 255; c++)
        if (((unsigned char)*c & 0xC0) != 0x80)
            starts[n++] = c;
    starts[n] = text + strlen(text);
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i + 3 <= n; i++) {
        size_t len = (size_t)(starts[i + 3] - starts[i]);
        /* skip a trigram already in the query */
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = (size_t)(starts[j + 3] - starts[j]) == len && memcmp(starts[j], starts[i], len) == 0;
        if (seen)
            continue;
        if (used + len + 8 >= size)
            break;
        used += (size_t)snprintf(out + used, size - used, "%s\"%.*s\"", used ? " OR " : "", (int)len, starts[i]);
    }
}

/* Every query is bounded: one that runs longer than this is interrupted and counts as answered with nothing. */
static const double QUERY_LIMIT_MICROS = 10e6;
static double query_deadline;

static int past_deadline(void *context)
{
    (void)context;
    return labels_now_micros() > query_deadline;
}

typedef struct {
    int64_t id;
    double rank;
    int gap;
} Candidate;

static int compare_candidates(const void *a, const void *b)
{
    const Candidate *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1; /* bm25: lower is better */
    if (x->gap != y->gap)
        return x->gap < y->gap ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

int main(int argc, char **argv)
{
    const char *db_path = option(argc, argv, "--db", NULL), *queries_path = option(argc, argv, "--queries", NULL);
    const char *folded_path = option(argc, argv, "--folded", NULL), *index_path = option(argc, argv, "--index", NULL);
    if (!db_path || !queries_path || !folded_path || !index_path) {
        fprintf(stderr, "usage: bench_search_fts5 --db TAKAMUL_DB --queries queries.tsv --folded folded.tsv "
                        "--index FTS_DB [--answers OUT] [--summary FILE] [--warmup N] [--sample K]\n");
        return 2;
    }
    const char *answers_path = option(argc, argv, "--answers", NULL);
    const char *summary_path = option(argc, argv, "--summary", NULL);
    int warmup = atoi(option(argc, argv, "--warmup", "5"));
    int count = 0;
    LabelledQuery *queries = labels_load(queries_path, &count);
    labels_load_folded(folded_path, queries, count);
    count = labels_sample(queries, count, atoi(option(argc, argv, "--sample", "0")));

    sqlite3 *source, *fts;
    check(NULL, sqlite3_open_v2(db_path, &source, SQLITE_OPEN_READONLY, NULL), db_path);
    unlink(index_path);
    check(NULL, sqlite3_open(index_path, &fts), index_path);
    exec(fts, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144");
    exec(fts, "CREATE VIRTUAL TABLE names USING fts5(name, tokenize='trigram', content='')");

    /* Build: every active person's normalised name. Birth years are kept in memory to break ties. */
    double start = labels_now_micros();
    int64_t max_id = 0;
    sqlite3_stmt *read, *insert;
    check(source, sqlite3_prepare_v2(source, "SELECT max(id) FROM persons", -1, &read, NULL), "max");
    if (sqlite3_step(read) == SQLITE_ROW)
        max_id = sqlite3_column_int64(read, 0);
    sqlite3_finalize(read);
    int *birth_years = calloc((size_t)max_id + 1, sizeof(int));
    if (!birth_years)
        return 2;
    check(source,
          sqlite3_prepare_v2(
              source,
              "SELECT id, key_first || ' ' || key_father || ' ' || coalesce(key_grandfather || ' ', '') || key_family,"
              " coalesce(birth_year, 0) FROM persons WHERE status = 'active' ORDER BY id",
              -1, &read, NULL),
          "read");
    check(fts, sqlite3_prepare_v2(fts, "INSERT INTO names(rowid, name) VALUES (?, ?)", -1, &insert, NULL), "insert");
    exec(fts, "BEGIN");
    int64_t persons = 0;
    while (sqlite3_step(read) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(read, 0);
        sqlite3_bind_int64(insert, 1, id);
        sqlite3_bind_text(insert, 2, (const char *)sqlite3_column_text(read, 1), -1, SQLITE_STATIC);
        check(fts, sqlite3_step(insert), "insert");
        sqlite3_reset(insert);
        if (id <= max_id)
            birth_years[id] = sqlite3_column_int(read, 2);
        persons++;
    }
    exec(fts, "COMMIT");
    exec(fts, "INSERT INTO names(names) VALUES ('optimize')");
    sqlite3_finalize(read);
    sqlite3_finalize(insert);
    double build_seconds = (labels_now_micros() - start) / 1e6;
    double index_bytes = 0;
    {
        sqlite3_stmt *size;
        check(fts,
              sqlite3_prepare_v2(fts, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size", -1,
                                 &size, NULL),
              "size");
        if (sqlite3_step(size) == SQLITE_ROW)
            index_bytes = sqlite3_column_double(size, 0);
        sqlite3_finalize(size);
    }

    sqlite3_stmt *match, *by_number;
    check(fts,
          sqlite3_prepare_v2(fts, "SELECT rowid, rank FROM names WHERE names MATCH ? ORDER BY rank LIMIT 50", -1,
                             &match, NULL),
          "match");
    check(source,
          sqlite3_prepare_v2(source, "SELECT id FROM persons WHERE national_id = ? AND status = 'active'", -1,
                             &by_number, NULL),
          "number");
    sqlite3_progress_handler(fts, 10000, past_deadline, NULL);
    Answer *answers = calloc((size_t)count + 1, sizeof(Answer));
    if (!answers)
        return 2;
    char *fts_query = malloc(65536);
    if (!fts_query)
        return 2;
    double run_start = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            run_start = labels_now_micros();
        for (int i = 0; i < (pass ? count : (warmup < count ? warmup : count)); i++) {
            const LabelledQuery *q = &queries[i];
            Answer *a = &answers[i];
            double t0 = labels_now_micros();
            query_deadline = t0 + QUERY_LIMIT_MICROS;
            a->count = 0;
            if (q->national_id[0]) {
                char number[32];
                labels_ascii_digits(q->national_id, number);
                sqlite3_bind_text(by_number, 1, number, -1, SQLITE_TRANSIENT);
                if (sqlite3_step(by_number) == SQLITE_ROW)
                    a->ids[a->count++] = sqlite3_column_int64(by_number, 0);
                sqlite3_reset(by_number);
            }
            trigram_query(q->folded, fts_query, 65536);
            if (fts_query[0]) {
                Candidate found[CANDIDATES];
                int n = 0;
                sqlite3_bind_text(match, 1, fts_query, -1, SQLITE_STATIC);
                while (n < CANDIDATES && sqlite3_step(match) == SQLITE_ROW) {
                    int64_t id = sqlite3_column_int64(match, 0);
                    int year = id <= max_id ? birth_years[id] : 0;
                    found[n++] = (Candidate){id, sqlite3_column_double(match, 1),
                                             q->birth_year && year ? abs(year - q->birth_year) : 0};
                }
                sqlite3_reset(match);
                qsort(found, (size_t)n, sizeof(Candidate), compare_candidates);
                for (int k = 0; k < n && a->count < BENCH_TOP; k++)
                    if (!(a->count == 1 && q->national_id[0] && a->ids[0] == found[k].id))
                        a->ids[a->count++] = found[k].id;
            }
            a->micros = labels_now_micros() - t0;
        }
    }
    double run_seconds = (labels_now_micros() - run_start) / 1e6;
    printf("SQLite %s FTS5 trigram over %lld persons (normalised names; OR of the query's trigrams, bm25)\n",
           sqlite3_libversion(), (long long)persons);
    printf("  index: built in %.1f s, %.1f MiB on disk; %d queries in %.1f s\n", build_seconds,
           index_bytes / 1024 / 1024, count, run_seconds);
    labels_report(stdout, "FTS5 trigram", queries, answers, count, index_bytes, summary_path);
    if (answers_path)
        labels_write_answers(answers_path, queries, answers, count);
    sqlite3_finalize(match);
    sqlite3_finalize(by_number);
    sqlite3_close(fts);
    sqlite3_close(source);
    free(fts_query);
    free(answers);
    labels_free(queries);
    free(birth_years);
    return 0;
}
