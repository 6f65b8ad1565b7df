#include "domain/persons/person_search.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "domain/core/access.h"
#include "domain/persons/persons.h"
#include "text/arabic.h"

/* The store's scan of name keys, as the index asks for it. */
static int scan_store(void *db, int64_t after_id, int (*visit)(void *context, const PersonKeys *keys), void *context)
{
    return store_person_scan_keys(db, after_id, visit, context);
}

void person_index_begin_loading(void)
{
    search_index_begin_loading();
}

int person_index_load(Db *db)
{
    return search_index_load(scan_store, db);
}

void person_index_put(const Person *person)
{
    PersonKeys keys = {.id = person->id,
                       .key_first = person->key_first,
                       .key_father = person->key_father,
                       .key_grandfather = person->key_grandfather,
                       .key_family = person->key_family,
                       .birth_year = person->birth_year,
                       .sex = person->sex,
                       .active = person->status && strcmp(person->status, "active") == 0};
    search_index_put(&keys);
}

void person_index_free(void)
{
    search_index_free();
}

size_t person_index_memory(void)
{
    return search_index_memory();
}

int person_search_run(Db *db, Arena *arena, const SearchQuery *query, SearchAnswer *answer)
{
    /* National numbers: the exact one and those one slip away, in one question to the store. */
    int64_t by_number[NATIONAL_ASKED];
    bool exact[NATIONAL_ASKED];
    SearchNumbers numbers = {.ids = by_number};
    char *national = query->national_id ? text_ascii_digits(arena, query->national_id) : NULL;
    numbers.asked = national && strlen(national) == 10;
    if (numbers.asked) {
        const char *variants[NATIONAL_ASKED];
        int variant_count = search_national_variants(arena, national, variants);
        int rc = store_persons_by_national_ids(db, variants, variant_count, by_number, exact, NATIONAL_ASKED,
                                               &numbers.count);
        if (rc != TK_OK)
            return rc;
        /* the holders of the number itself first: the search counts the first `exact` as exact */
        for (int i = 0; i < numbers.count; i++) {
            if (!exact[i])
                continue;
            int64_t id = by_number[i];
            memmove(by_number + numbers.exact + 1, by_number + numbers.exact,
                    sizeof(int64_t) * (size_t)(i - numbers.exact));
            by_number[numbers.exact++] = id;
        }
    }
    /* Persons added by another process (takamul import) join the index at the next search. */
    search_index_wait_loaded();
    int64_t newest = 0;
    if (store_person_max_id(db, &newest) == TK_OK && newest > search_index_max_id() &&
        search_index_catch_up(newest, scan_store, db) != TK_OK)
        log_error("person index: could not add the persons added by another process");
    return search_run(arena, query, &numbers, answer);
}

int person_search_rank(Db *db, Arena *arena, const SearchQuery *query, SearchHit **hits, int *count)
{
    SearchAnswer answer;
    int rc = person_search_run(db, arena, query, &answer);
    *hits = answer.hits;
    *count = answer.count;
    return rc;
}

int domain_person_search(Ctx *ctx, const SearchQuery *query, SearchAnswer *answer)
{
    int rc = access_require(ctx, CAP_PERSONS);
    if (rc != TK_OK)
        return rc;
    if ((!query->text || !*query->text) && (!query->national_id || !*query->national_id))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "q");
    if ((rc = person_search_run(ctx->db, ctx->arena, query, answer)) != TK_OK)
        return rc;
    for (int i = 0; i < answer->count && rc == TK_OK; i++)
        rc = store_person_get(ctx->db, answer->hits[i].person_id, ctx->arena, &answer->hits[i].person);
    for (int i = 0; i < answer->count && rc == TK_OK; i++)
        rc = domain_person_protect(ctx, &answer->hits[i].person);
    if (rc == TK_OK) {
        char detail[48];
        snprintf(detail, sizeof detail, "%d results%s", answer->count, answer->truncated ? ", truncated" : "");
        rc = domain_audit_read(ctx, "person.search", "person", 0, arena_strdup(ctx->arena, detail));
    }
    return rc;
}
