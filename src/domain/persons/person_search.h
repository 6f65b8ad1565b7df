/* Finding a person by name however a unit spelled it: an index in memory of every person's folded name
 * tokens, typo-tolerant lookup of tokens, candidates from pairs of name parts, and a score that aligns the
 * query's words with first, father, grandfather and family names. */
#ifndef TAKAMUL_DOMAIN_PERSON_SEARCH_H
#define TAKAMUL_DOMAIN_PERSON_SEARCH_H

#include "domain/core/context.h"
#include "store/persons.h"

enum { SEARCH_MAX_RESULTS = 50, SEARCH_MAX_REASONS = 6 };
#define SEARCH_OTHER_SEX_PENALTY 0.1f

typedef enum { PART_FIRST, PART_FATHER, PART_GRANDFATHER, PART_FAMILY, PART_COUNT } NamePart;

typedef struct {
    const char *query_token; /* as folded */
    NamePart part;
    const char *how;         /* "exact", "article", "spelling" (a slip), "other_name" (a different, known name) */
    float similarity;
} MatchReason;

typedef struct {
    int64_t person_id;
    float score;             /* 0..1 */
    MatchReason reasons[SEARCH_MAX_REASONS];
    int reason_count;
    bool national_id_match;  /* the national number matched (exactly or with one slip) */
    bool national_id_exact;
    bool sex_differs;        /* of the other sex than asked (only with sex_lowers) */
    Person person;           /* the record, for the answer */
} SearchHit;

typedef struct {
    const char *text;        /* a name in any order and completeness; may be NULL with national_id */
    const char *national_id; /* ASCII or Arabic-Indic digits; NULL: none */
    int birth_year;          /* 0: none */
    const char *sex;         /* NULL: either */
    bool sex_lowers;         /* sex ranks the other sex lower (SEARCH_OTHER_SEX_PENALTY) and marks it, instead of
                              * leaving it out: the check before registering, where the sex may be a slip */
    int limit;               /* 1..50 */
} SearchQuery;

/* Builds the index from the database (run once at start-up, on its own thread); 0 or a TkErr. Call
 * person_index_begin_loading first, before any request can search: searches then wait for the load to end. */
void person_index_begin_loading(void);
int person_index_load(Db *db);
/* Adds or refreshes one person after a committed change. */
void person_index_put(const Person *person);
/* Frees the index. */
void person_index_free(void);
/* Memory the index holds, in bytes. */
size_t person_index_memory(void);

typedef struct {
    SearchHit *hits; /* best first */
    int count;
    bool truncated;  /* the search stopped at its work limit where a person could still have entered the answer */
} SearchAnswer;

/* Ranked candidates, best first, each with its score and reasons; reads are audited as one person.search row.
 * The answer is the best `limit` of every person the query's names reach: with a smaller limit, its first ones
 * (equal scores rank by id), unless truncated. */
int domain_person_search(Ctx *ctx, const SearchQuery *query, SearchAnswer *answer);
/* The same ranking without access checks or audit, for benchmarks and tests. */
int person_search_run(Db *db, Arena *arena, const SearchQuery *query, SearchAnswer *answer);
/* person_search_run without the truncation flag. */
int person_search_rank(Db *db, Arena *arena, const SearchQuery *query, SearchHit **hits, int *count);

#endif
