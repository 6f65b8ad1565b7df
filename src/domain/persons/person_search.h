/* Finding a person by name however a unit spelled it, as the domain offers it: the index of search/ loaded from the
 * store and kept up to date, national numbers read from the store, access checked and the search audited. */
#ifndef TAKAMUL_DOMAIN_PERSON_SEARCH_H
#define TAKAMUL_DOMAIN_PERSON_SEARCH_H

#include "domain/core/context.h"
#include "search/search.h"
#include "store/persons.h"

/* Builds the index from the database (run once at start-up, on its own thread); 0 or a TkErr. Call
 * person_index_begin_loading first, before any request can search: searches then wait for the load to end. */
void person_index_begin_loading(void);
int person_index_load(Db *db);
/* Adds or refreshes one person after a committed change. */
void person_index_put(const Person *person);
/* Frees the index. */
void person_index_free(void);

/* Following the change feed of the index (store_person_changed), so that a change written by another server reaches
 * this one's index (docs/store.md, "Several servers"). A change id found missing below one replayed (a transaction
 * that took its id and commits late, or never) is a gap: asked for again at each step until it comes or `gap_wait_ms`
 * have passed, then given up with a warning; never skipped silently. */
/* A read of the feed gives at most PERSON_FOLLOW_BATCH changes and about PERSON_FOLLOW_PERSONS persons (an import's
 * change stands for a thousand); a step reads on until the feed is read. */
enum { PERSON_FOLLOW_GAPS = 4096, PERSON_FOLLOW_BATCH = 1000, PERSON_FOLLOW_PERSONS = 2000 };
typedef struct {
    int64_t last; /* the highest change id replayed */
    struct {
        int64_t id, since_ms;
    } gaps[PERSON_FOLLOW_GAPS]; /* in the order of their ids */
    int gap_count;
    int64_t replayed, given_up; /* changes replayed and gaps given up, since the start */
} PersonFollow;
/* Starts after the newest change: call before the index is loaded (the load holds every change before it). */
int person_follow_start(Db *db, PersonFollow *follow);
/* Replays into the index the changes after the last one replayed and those of the gaps still awaited (now_ms: a
 * monotonic clock); *replayed: how many. 0 or a TkErr (the caller steps again, on a new connection if lost). */
int person_follow_step(Db *db, PersonFollow *follow, int64_t now_ms, int64_t gap_wait_ms, int *replayed);
/* Memory the index holds, in bytes. */
size_t person_index_memory(void);

/* Ranked candidates, best first, each with its score and reasons; reads are audited as one person.search row.
 * The answer is the best `limit` of every person the query's names reach: with a smaller limit, its first ones
 * (equal scores rank by id), unless truncated. */
int domain_person_search(Ctx *ctx, const SearchQuery *query, SearchAnswer *answer);
/* The same ranking without access checks or audit, for benchmarks and tests. */
int person_search_run(Db *db, Arena *arena, const SearchQuery *query, SearchAnswer *answer);
/* person_search_run without the truncation flag. */
int person_search_rank(Db *db, Arena *arena, const SearchQuery *query, SearchHit **hits, int *count);

#endif
