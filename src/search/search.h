/* Finding a person by name however a unit spelled it: an index in memory of every person's folded name tokens,
 * typo-tolerant lookup of tokens, candidates from pairs of name parts, complete names and lineages, and a score that
 * aligns the query's words with first, father, grandfather and family names. It knows no database: the domain feeds
 * it (search_index_load, search_index_put) and asks it (search_run). */
#ifndef TAKAMUL_SEARCH_SEARCH_H
#define TAKAMUL_SEARCH_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/person.h" /* Person and PersonKeys, the records it indexes and answers with */

enum { SEARCH_MAX_RESULTS = 50, SEARCH_MAX_REASONS = 6 };
#define SEARCH_OTHER_SEX_PENALTY 0.1f

typedef enum { PART_FIRST, PART_FATHER, PART_GRANDFATHER, PART_FAMILY, PART_COUNT } NamePart;

typedef struct {
    const char *query_token; /* as folded */
    NamePart part;
    const char *how; /* "exact", "article", "spelling" (a slip), "other_name" (a different, known name) */
    float similarity;
} MatchReason;

typedef struct {
    int64_t person_id;
    float score; /* 0..1 */
    MatchReason reasons[SEARCH_MAX_REASONS];
    int reason_count;
    bool national_id_match; /* the national number matched (exactly or with one slip) */
    bool national_id_exact;
    bool sex_differs; /* of the other sex than asked (only with sex_lowers) */
    Person person;    /* the record, for the answer */
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

typedef struct {
    SearchHit *hits; /* best first */
    int count;
    bool truncated; /* the search stopped at its work limit where a person could still have entered the answer */
    int considered; /* persons the search looked at (scored, or passed over on their year or sex): its work */
} SearchAnswer;

/* Gives every person with an id above after_id to visit (which returns 0 or a TkErr to stop); 0 or a TkErr. */
typedef int (*SearchScan)(void *source, int64_t after_id, int (*visit)(void *context, const PersonKeys *keys),
                          void *context);

/* Marks the index as loading: searches wait until search_index_load ends. Call before any search can run. */
void search_index_begin_loading(void);
/* Fills the index from the scan (once, at start-up, on its own thread) and lets waiting searches go; 0 or a TkErr. */
int search_index_load(SearchScan scan, void *source);
/* Waits until a load under way has ended. */
void search_index_wait_loaded(void);
/* The highest person id indexed. */
int64_t search_index_max_id(void);
/* Indexes the persons above the highest id indexed when newest is above it (added by another process). */
int search_index_catch_up(int64_t newest, SearchScan scan, void *source);
/* Adds or refreshes one person after a committed change. */
void search_index_put(const PersonKeys *keys);
/* Frees the index. */
void search_index_free(void);
/* The persons in the index. */
int64_t search_index_person_count(void);
/* Memory the index holds, in bytes, the cache of words' expansions included (search_word_cache_memory). */
size_t search_index_memory(void);
/* The cache of words' expansions (search/query.c): a fixed size, whatever the number of persons, allocated at the
 * first search. */
size_t search_word_cache_memory(void);

/* The holders of a national number and of those one slip away (at most NATIONAL_ASKED), found by the caller. */
typedef struct {
    bool asked;         /* a ten-digit number was given */
    const int64_t *ids; /* the holders of the number itself first, then of its variants */
    int count, exact;   /* how many in all, and how many of the first hold the number itself */
} SearchNumbers;

/* The number and those one slip away (each digit changed, two neighbours swapped), the number first: at most
 * NATIONAL_ASKED, in the arena; returns how many. */
int search_national_variants(Arena *arena, const char *number, const char **out);

/* The best `limit` of every person the query's names (and numbers) reach, best first, each with its score and
 * reasons; with a smaller limit, its first ones (equal scores rank by id), unless truncated. The hits' person
 * records are left for the caller to read. In the arena; 0 or a TkErr. */
int search_run(Arena *arena, const SearchQuery *query, const SearchNumbers *numbers, SearchAnswer *answer);

#endif
