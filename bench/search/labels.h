/* The labelled queries of the search benchmark (queries.tsv from generate.py), the answers an engine gave to
 * them, and the figures every engine is judged by: recall@1, recall@10, the false-match rate, the outsider rate
 * (for an engine that scores its answers) and latency. */
#ifndef TAKAMUL_BENCH_SEARCH_LABELS_H
#define TAKAMUL_BENCH_SEARCH_LABELS_H

#include <stdint.h>
#include <stdio.h>

enum { BENCH_TOP = 10 };
/* A score at which an answer reads as the person sought: a hard non-match's kin scoring this much would be taken
 * for the person who is not registered. */
#define BENCH_STRONG_SCORE 0.85

typedef struct {
    int qid;
    char *kind;     /* the error class: "hamza", "dots", ..., or "hard_..." for a hard non-match */
    int hard;       /* 1: a similar person is in the registry, ranking that one first is a false match */
    int64_t target; /* the person the query must find */
    int64_t distractor;
    int birth_year;    /* 0: none */
    char *national_id; /* as typed (may be Arabic-Indic digits); "" when none */
    char *structure;
    char *text;   /* as typed; "" when the query is a number only */
    char *folded; /* the text as Takamul's normaliser folds it, when known */
} LabelledQuery;

typedef struct {
    int64_t ids[BENCH_TOP];
    double scores[BENCH_TOP]; /* the engine's score of each answer, 0..1, when scored */
    int count;
    int scored; /* 1: scores are the engine's own 0..1 scores (Takamul); 0: not comparable (the peers) */
    double micros;
    int considered; /* persons the engine looked at to answer (Takamul's work, load-independent); -1: unknown */
} Answer;

/* Reads queries.tsv; exits with a message when it cannot. */
LabelledQuery *labels_load(const char *path, int *count);
/* Frees the queries and the texts they point into. */
void labels_free(LabelledQuery *queries);
/* Reads the folded texts written by bench_search --folded into the queries (matched by qid). */
void labels_load_folded(const char *path, LabelledQuery *queries, int count);
/* Keeps the first per_class queries of each class (in file order), in place; returns how many remain.
 * per_class <= 0 keeps them all. */
int labels_sample(LabelledQuery *queries, int count, int per_class);
/* ASCII digits of a number typed with Arabic-Indic or Persian digits (into out, size 32). */
void labels_ascii_digits(const char *number, char out[32]);
double labels_now_micros(void);

/* Prints the engine's figures (summary and by class) to out, and appends machine-readable lines
 * ("summary\tENGINE\tkey=value...", "class\tENGINE\tCLASS\tn\tr1\tr10\tfm\toutsider") to the file summary_path
 * when given; the outsider rate is -1 when the engine's answers are not scored.
 * memory_bytes: the index's size as the engine reports it (0: unknown). */
void labels_report(FILE *out, const char *engine, const LabelledQuery *queries, const Answer *answers, int count,
                   double memory_bytes, const char *summary_path);
/* Writes every answer (qid, micros, ids, persons looked at) to path, for later study. */
void labels_write_answers(const char *path, const LabelledQuery *queries, const Answer *answers, int count);

#endif
