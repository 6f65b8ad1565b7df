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
