#include "domain/persons/person_search.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "domain/cases/cases.h"
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

int person_follow_start(Db *db, PersonFollow *follow)
{
    memset(follow, 0, sizeof *follow);
    return store_person_changes_newest(db, &follow->last);
}

typedef struct {
    PersonFollow *follow;
    int64_t now_ms;
    bool gaps_only; /* reading the range of the gaps: only the changes awaited are replayed */
    int64_t seen;   /* the last change id read */
    bool taken;     /* whether the change seen is being replayed (a change may stand for several persons) */
    int replayed;
} FollowRead;

static void gap_remove(PersonFollow *f, int at)
{
    memmove(&f->gaps[at], &f->gaps[at + 1], sizeof f->gaps[0] * (size_t)(f->gap_count - at - 1));
    f->gap_count--;
}

static int follow_visit(void *context, int64_t change_id, const PersonKeys *keys)
{
    FollowRead *read = context;
    PersonFollow *f = read->follow;
    if (change_id == read->seen) { /* another person of the change just read */
        if (read->taken)
            search_index_put(keys);
        return TK_OK;
    }
    read->seen = change_id;
    read->taken = false;
    if (read->gaps_only || change_id <= f->last) {
        int at = 0;
        while (at < f->gap_count && f->gaps[at].id < change_id)
            at++;
        if (at == f->gap_count || f->gaps[at].id != change_id)
            return TK_OK; /* replayed already */
        gap_remove(f, at);
    } else {
        for (int64_t id = f->last + 1; id < change_id; id++) {
            if (f->gap_count == PERSON_FOLLOW_GAPS) { /* the oldest awaited one goes, said aloud */
                log_warn("person index: change %lld not seen, too many awaited: given up", (long long)f->gaps[0].id);
                f->given_up++;
                gap_remove(f, 0);
            }
            f->gaps[f->gap_count].id = id;
            f->gaps[f->gap_count++].since_ms = read->now_ms;
        }
        f->last = change_id;
    }
    read->taken = true;
    search_index_put(keys);
    read->replayed++;
    f->replayed++;
    return TK_OK;
}

/* One read of the feed after `low` up to `high`; *more: read on, as the read stopped at its bounds and gave
 * something (a read that gives nothing cannot move on). */
static int follow_read(Db *db, FollowRead *read, int64_t low, int64_t high, bool *more)
{
    int64_t seen = read->seen;
    int rc = store_person_changes_read(db, low, high, PERSON_FOLLOW_BATCH, PERSON_FOLLOW_PERSONS, follow_visit, read,
                                       more);
    *more = *more && read->seen != seen;
    return rc;
}

int person_follow_step(Db *db, PersonFollow *follow, int64_t now_ms, int64_t gap_wait_ms, int *replayed)
{
    FollowRead read = {.follow = follow, .now_ms = now_ms};
    int rc = TK_OK;
    bool more = true;
    search_index_wait_loaded(); /* the load holds every change up to follow's start */
    while (rc == TK_OK && more)
        rc = follow_read(db, &read, follow->last, INT64_MAX, &more);
    while (rc == TK_OK && follow->gap_count > 0 && now_ms - follow->gaps[0].since_ms > gap_wait_ms) {
        log_warn("person index: change %lld not committed within %lld ms: given up", (long long)follow->gaps[0].id,
                 (long long)gap_wait_ms);
        follow->given_up++;
        gap_remove(follow, 0);
    }
    read.gaps_only = true;
    read.seen = follow->gap_count ? follow->gaps[0].id - 1 : 0;
    more = true;
    while (rc == TK_OK && follow->gap_count > 0 && more)
        rc = follow_read(db, &read, read.seen, follow->gaps[follow->gap_count - 1].id, &more);
    *replayed = read.replayed;
    return rc;
}

void person_index_free(void)
{
    search_index_free();
}

size_t person_index_memory(void)
{
    return search_index_memory();
}

/* The search over the index as it is. */
static int search_indexed(Db *db, Arena *arena, const SearchQuery *query, SearchAnswer *answer)
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
    return search_run(arena, query, &numbers, answer);
}

/* Persons added by another process (takamul import) join the index at the next search: when the highest person id
 * is above the index's, the index reads those after it. */
static void catch_up(Db *db, int64_t newest)
{
    if (newest > search_index_max_id() && search_index_catch_up(newest, scan_store, db) != TK_OK)
        log_error("person index: could not add the persons added by another process");
}

int person_search_run(Db *db, Arena *arena, const SearchQuery *query, SearchAnswer *answer)
{
    search_index_wait_loaded();
    int64_t newest = 0;
    if (store_person_max_id(db, &newest) == TK_OK)
        catch_up(db, newest);
    return search_indexed(db, arena, query, answer);
}

int person_search_rank(Db *db, Arena *arena, const SearchQuery *query, SearchHit **hits, int *count)
{
    SearchAnswer answer;
    int rc = person_search_run(db, arena, query, &answer);
    *hits = answer.hits;
    *count = answer.count;
    return rc;
}

/* The search's one audit row, written as soon as the first pass has its hits (domain_audit_read_early). When the
 * search runs again (persons added meanwhile) and the row still waits to be committed with the answer, it is told
 * the second pass's count; a row already committed keeps the first pass's. *deferred: the row's place among the
 * request's deferred rows, or -1. */
static int audit_search(Ctx *ctx, const SearchAnswer *answer, int *deferred)
{
    char detail[48];
    snprintf(detail, sizeof detail, "%d results%s", answer->count, answer->truncated ? ", truncated" : "");
    char *kept = arena_strdup(ctx->arena, detail);
    if (!kept)
        return TK_ERR_NOMEM;
    if (*deferred >= 0) {
        ctx->deferred_reads[*deferred].detail = kept;
        return TK_OK;
    }
    int before = ctx->deferred_count;
    int rc = domain_audit_read_early(ctx, "person.search", "person", 0, kept);
    *deferred = rc == TK_OK && ctx->deferred_count == before + 1 ? before : -1;
    return rc;
}

int domain_person_search(Ctx *ctx, const SearchQuery *query, SearchAnswer *answer)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_PERSONS);
    if ((!query->text || !*query->text) && (!query->national_id || !*query->national_id))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "q");
    /* The hits' records and the viewer's sight of each in one statement (per PERSONS_ASKED hits), which also says
     * whether another process added persons since the index last looked: then the index reads them and the search
     * runs again, as if it had looked first (a question to the store less on every other search). */
    search_index_wait_loaded();
    CaseViewer viewer = domain_case_viewer(ctx);
    PersonSight *sights = NULL;
    Person *persons = NULL;
    int round = 0, deferred = -1;
    for (; round < 2; round++) {
        /* the index's highest id before the search: the follower of the change feed may add persons while it runs */
        int64_t indexed = search_index_max_id();
        if ((rc = search_indexed(ctx->db, ctx->arena, query, answer)) != TK_OK)
            return rc;
        /* audited as soon as the hits are known: the row's disk sync runs while their records are read */
        if (round == 0 && (rc = audit_search(ctx, answer, &deferred)) != TK_OK)
            return rc;
        int64_t *ids = arena_calloc(ctx->arena, (size_t)answer->count + 1, sizeof *ids);
        persons = arena_calloc(ctx->arena, (size_t)answer->count + 1, sizeof *persons);
        sights = arena_calloc(ctx->arena, (size_t)answer->count + 1, sizeof *sights);
        if (!ids || !persons || !sights)
            return TK_ERR_NOMEM;
        for (int i = 0; i < answer->count; i++)
            ids[i] = answer->hits[i].person_id;
        int64_t newest = 0;
        rc = store_persons_sighted(ctx->db, ids, answer->count, &viewer, ctx->arena, persons, sights, &newest);
        if (rc != TK_OK || round == 1 || newest <= indexed)
            break;
        catch_up(ctx->db, newest); /* unless the follower has read them meanwhile */
    }
    for (int i = 0; i < answer->count && rc == TK_OK; i++) {
        answer->hits[i].person = persons[i];
        person_show(&answer->hits[i].person, person_shown(&sights[i]));
    }
    if (rc == TK_OK && round == 1 && deferred >= 0) /* searched again */
        rc = audit_search(ctx, answer, &deferred);
    return rc;
}
