/* The person-search benchmark, Takamul's side: loads the search index of a database filled by
 * `takamul import persons`, runs every labelled query through person_search_run (the ranking the API uses,
 * without access checks or audit), and prints recall, the false-match rate, the outsider rate (a hard non-match's
 * kin scored 0.85 or more), latency and the index's memory.
 *
 * usage: bench_search --db PATH --queries queries.tsv [--folded OUT] [--answers OUT] [--summary FILE]
 *                     [--examples N] [--warmup N] [--sample K] [--repeat N]
 *   --folded   writes each query's text as Takamul folds it (for the PostgreSQL run on normalised names)
 *   --answers  writes every query's answer (ids in rank order) and latency
 *   --summary  appends machine-readable figures for bench/search/run.sh's table
 *   --examples prints up to N queries per class whose person was not in the top 10 (default 3)
 *   --sample   also reports the first K queries of each class alone, the ones the other engines run
 *   --repeat   runs all the queries N times over and keeps each one's fastest (default 1): on a machine busy with other work,
 *              a query's own time rather than the time it waited for the processor
 *   --explain  prints the answer to one query (by qid) with every hit's score and reasons, and exits
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/log.h"
#include "domain/persons/person_search.h"
#include "labels.h"
#include "search/search.h"
#include "store/persons.h"
#include "store/store.h"
#include "text/arabic.h"

static const double TARGET_MEMORY_AT_10M = 1024.0 * 1024 * 1024;
static const double MIB = 1024.0 * 1024;

/* Resident memory of this process, in bytes (from /proc). */
static double resident_bytes(void)
{
    FILE *status = fopen("/proc/self/status", "r");
    if (!status)
        return 0;
    char line[256];
    double kib = 0;
    while (fgets(line, sizeof line, status))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kib = atof(line + 6);
    fclose(status);
    return kib * 1024;
}

static const char *option(int argc, char **argv, const char *name, const char *fallback)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return fallback;
}

static int run_query(Db *db, Arena *arena, const LabelledQuery *q, Answer *answer, SearchHit **hits_out)
{
    SearchQuery query = {
        .text = q->text[0] ? q->text : NULL,
        .national_id = q->national_id[0] ? q->national_id : NULL,
        .birth_year = q->birth_year,
        .sex = NULL,
        .limit = BENCH_TOP,
    };
    SearchAnswer found;
    double start = labels_now_micros();
    int rc = person_search_run(db, arena, &query, &found);
    answer->micros = labels_now_micros() - start;
    answer->considered = found.considered;
    SearchHit *hits = found.hits;
    int count = found.count;
    answer->count = 0;
    answer->scored = 1;
    if (rc != TK_OK)
        return rc;
    for (int k = 0; k < count && k < BENCH_TOP; k++) {
        answer->scores[answer->count] = hits[k].score;
        answer->ids[answer->count++] = hits[k].person_id;
    }
    if (hits_out)
        *hits_out = hits;
    return TK_OK;
}

static const char *full_name(Db *db, Arena *arena, int64_t id)
{
    Person person;
    if (id <= 0 || store_person_get(db, id, arena, &person) != TK_OK)
        return "(none)";
    return arena_printf(arena, "%s %s %s %s (%lld, born %lld)", person.first_name, person.father_name,
                        person.grandfather_name ? person.grandfather_name : "-", person.family_name, (long long)id,
                        (long long)person.birth_year);
}

/* Up to `per_class` queries of each class whose person was not in the top 10, or (hard non-matches) whose first
 * answer was someone else: the query, the person it was meant to find, and who came first. */
static void print_examples(Db *db, const LabelledQuery *queries, const Answer *answers, int count, int per_class)
{
    if (per_class <= 0)
        return;
    Arena arena;
    arena_init(&arena, 0);
    printf("\nExamples: queries whose person is not in the top %d (hard non-matches: whose first answer is another "
           "person, or where another scores %.2f or more), up to %d per class\n",
           BENCH_TOP, BENCH_STRONG_SCORE, per_class);
    const char *shown_kind[64];
    int shown[64], kinds = 0, total = 0;
    for (int i = 0; i < count; i++) {
        const LabelledQuery *q = &queries[i];
        const Answer *a = &answers[i];
        bool within = false;
        for (int k = 0; k < a->count; k++)
            within = within || a->ids[k] == q->target;
        /* a hard non-match is also shown when someone else scores as a strong match (the outsider rate) */
        int strong = -1;
        for (int k = 0; q->hard && k < a->count && strong < 0; k++)
            if (a->ids[k] != q->target && a->scores[k] >= BENCH_STRONG_SCORE)
                strong = k;
        bool wrong = q->hard ? (a->count > 0 && a->ids[0] != q->target) || strong >= 0 : !within;
        if (!wrong)
            continue;
        int c = 0;
        while (c < kinds && strcmp(shown_kind[c], q->kind) != 0)
            c++;
        if (c == kinds) {
            if (kinds == 64)
                continue;
            shown_kind[kinds] = q->kind;
            shown[kinds++] = 0;
        }
        if (shown[c]++ >= per_class)
            continue;
        total++;
        arena_reset(&arena);
        printf("  [%s] q%d \"%s\"", q->kind, q->qid, q->text);
        if (q->national_id[0])
            printf(" national_id=%s", q->national_id);
        if (q->birth_year)
            printf(" birth_year=%d", q->birth_year);
        printf("\n      meant: %s\n      first: %s\n", full_name(db, &arena, q->target),
               a->count ? full_name(db, &arena, a->ids[0]) : "(no answer)");
        if (strong >= 0)
            printf("      strong: %s, %.3f\n", full_name(db, &arena, a->ids[strong]), a->scores[strong]);
    }
    if (!total)
        printf("  none\n");
    arena_free(&arena);
}

static const char *part_names[PART_COUNT] = {"first", "father", "grandfather", "family"};

/* One query's answer in full: each hit's name, score and reasons. */
static int explain(Db *db, const LabelledQuery *q)
{
    Arena arena;
    arena_init(&arena, 0);
    Answer answer;
    SearchHit *hits = NULL;
    int rc = run_query(db, &arena, q, &answer, &hits);
    printf("q%d [%s] \"%s\" birth_year=%d national_id=%s: %.3f ms\n  meant: %s\n", q->qid, q->kind, q->text,
           q->birth_year, q->national_id, answer.micros / 1000, full_name(db, &arena, q->target));
    for (int k = 0; rc == TK_OK && k < answer.count; k++) {
        printf("  %2d %.3f %s%s\n     ", k + 1, hits[k].score, full_name(db, &arena, hits[k].person_id),
               hits[k].person_id == q->target ? "  <= meant" : "");
        for (int r = 0; r < hits[k].reason_count; r++)
            printf(" %s→%s(%s %.2f)", hits[k].reasons[r].query_token, part_names[hits[k].reasons[r].part],
                   hits[k].reasons[r].how, hits[k].reasons[r].similarity);
        printf("\n");
    }
    arena_free(&arena);
    return rc == TK_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *db_path = option(argc, argv, "--db", NULL);
    const char *queries_path = option(argc, argv, "--queries", NULL);
    if (!db_path || !queries_path) {
        fprintf(stderr, "usage: bench_search --db PATH --queries queries.tsv [--folded OUT] [--answers OUT] "
                        "[--summary FILE] [--examples N] [--warmup N] [--sample K] [--repeat N] [--explain QID]\n");
        return 2;
    }
    const char *folded_path = option(argc, argv, "--folded", NULL);
    const char *answers_path = option(argc, argv, "--answers", NULL);
    const char *summary_path = option(argc, argv, "--summary", NULL);
    int examples = atoi(option(argc, argv, "--examples", "3"));
    int warmup = atoi(option(argc, argv, "--warmup", "20"));
    int repeat = atoi(option(argc, argv, "--repeat", "1"));
    log_set_level(LOG_WARN);

    int count = 0;
    LabelledQuery *queries = labels_load(queries_path, &count);
    Db *db = NULL;
    char error[256];
    if (store_open(db_path, STORE_OPEN_EXISTING, &db, error) != TK_OK) {
        fprintf(stderr, "%s\n", error);
        return 2;
    }
    int64_t persons = 0;
    store_person_max_id(db, &persons);
    for (int i = 0; i < count; i++) {
        if (queries[i].target < 1 || queries[i].target > persons) {
            fprintf(stderr,
                    "query %d names person %lld, but the database holds persons 1 to %lld: import the "
                    "population into an empty database\n",
                    queries[i].qid, (long long)queries[i].target, (long long)persons);
            return 2;
        }
    }

    double before = resident_bytes();
    double start = labels_now_micros();
    person_index_begin_loading();
    if (person_index_load(db) != TK_OK) {
        fprintf(stderr, "cannot load the search index\n");
        return 1;
    }
    double load_seconds = (labels_now_micros() - start) / 1e6;
    double growth = resident_bytes() - before;
    double memory = (double)person_index_memory();
    /* linear in the persons, but for the cache of words' expansions, whose size is fixed */
    double fixed = (double)search_word_cache_memory();
    double at_10m = persons > 0 ? (memory - fixed) * 10e6 / (double)persons + fixed : 0;

    /* The folded texts, for the baselines that search pre-normalised names. */
    Arena arena;
    arena_init(&arena, 0);
    if (folded_path) {
        FILE *folded = fopen(folded_path, "w");
        if (!folded) {
            fprintf(stderr, "cannot write %s\n", folded_path);
            return 2;
        }
        for (int i = 0; i < count; i++) {
            arena_reset(&arena);
            const char *text = queries[i].text;
            char *f = text_fold(&arena, text, strlen(text));
            char *tokens[16];
            int n = f ? text_name_tokens(&arena, f, tokens, 16) : 0;
            fprintf(folded, "%d\t", queries[i].qid);
            for (int k = 0; k < n; k++)
                fprintf(folded, "%s%s", k ? " " : "", tokens[k]);
            fprintf(folded, "\n");
        }
        fclose(folded);
    }

    const char *explained = option(argc, argv, "--explain", NULL);
    if (explained) {
        for (int i = 0; i < count; i++)
            if (queries[i].qid == atoi(explained))
                return explain(db, &queries[i]);
        fprintf(stderr, "no query %s\n", explained);
        return 2;
    }
    Answer *answers = calloc((size_t)count + 1, sizeof(Answer));
    if (!answers)
        return 2;
    for (int i = 0; i < count && i < warmup; i++) {
        arena_reset(&arena);
        run_query(db, &arena, &queries[i], &answers[i], NULL);
    }
    int failures = 0;
    double run_start = labels_now_micros();
    for (int i = 0; i < count; i++) {
        arena_reset(&arena);
        if (run_query(db, &arena, &queries[i], &answers[i], NULL) != TK_OK)
            failures++;
    }
    /* later passes over every query, not each query again at once: a word's expansions kept from the search before
     * (search/query.c) would otherwise make every repeat find its own words ready */
    for (int r = 1; r < repeat; r++) {
        for (int i = 0; i < count; i++) {
            Answer again;
            arena_reset(&arena);
            if (run_query(db, &arena, &queries[i], &again, NULL) == TK_OK && again.micros < answers[i].micros)
                answers[i].micros = again.micros;
        }
    }
    double run_seconds = (labels_now_micros() - run_start) / 1e6;

    printf("Takamul person search (person_search_run, limit %d) over %lld persons\n", BENCH_TOP, (long long)persons);
    printf("  index: loaded in %.2f s; person_index_memory %.1f MiB; resident memory grew by %.1f MiB\n", load_seconds,
           memory / MIB, growth / MIB);
    printf("  index memory estimated at 10 M persons (linear, the word cache once): %.0f MiB (target < %.0f MiB): %s\n",
           at_10m / MIB, TARGET_MEMORY_AT_10M / MIB, at_10m < TARGET_MEMORY_AT_10M ? "met" : "NOT MET");
    printf("  %d queries in %.2f s, one thread%s%s\n", count, run_seconds, failures ? " (some failed!)" : "",
           repeat > 1 ? arena_printf(&arena, ", each %d times, the fastest kept", repeat) : "");
    int per_class = atoi(option(argc, argv, "--sample", "0"));
    labels_report(stdout, per_class > 0 ? "Takamul, all queries" : "Takamul", queries, answers, count, memory,
                  summary_path);
    if (per_class > 0) {
        /* the same queries the other engines run, for the table side by side */
        LabelledQuery *sampled = malloc(sizeof(LabelledQuery) * (size_t)count);
        Answer *sampled_answers = malloc(sizeof(Answer) * (size_t)count);
        if (!sampled || !sampled_answers)
            return 2;
        memcpy(sampled, queries, sizeof(LabelledQuery) * (size_t)count);
        int kept = labels_sample(sampled, count, per_class);
        for (int i = 0, j = 0; i < kept; i++) { /* the sample keeps the file's order */
            while (queries[j].qid != sampled[i].qid)
                j++;
            sampled_answers[i] = answers[j];
        }
        printf("\n");
        labels_report(stdout, "Takamul", sampled, sampled_answers, kept, memory, summary_path);
        free(sampled);
        free(sampled_answers);
    }
    if (summary_path) {
        FILE *summary = fopen(summary_path, "a");
        if (summary) {
            fprintf(summary,
                    "memory\tTakamul\tindex_bytes=%.0f\trss_growth_bytes=%.0f\tat_10m_bytes=%.0f"
                    "\tload_seconds=%.2f\tpersons=%lld\n",
                    memory, growth, at_10m, load_seconds, (long long)persons);
            fclose(summary);
        }
    }
    if (answers_path)
        labels_write_answers(answers_path, queries, answers, count);
    print_examples(db, queries, answers, count, examples);
    arena_free(&arena);
    person_index_free();
    store_close(db);
    free(answers);
    labels_free(queries);
    return failures ? 1 : 0;
}
