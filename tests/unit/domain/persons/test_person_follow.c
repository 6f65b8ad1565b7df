/* Following the person change feed (person_follow_step, src/domain/persons/person_search.c) on an SQLite file whose
 * feed is written by hand as another server's transactions would leave it: a change is replayed into the index, a
 * change id missing below one replayed is a gap asked for again until it comes (a transaction that commits late) or
 * its wait is over (one that never commits: given up, counted), never skipped silently; a change replayed twice adds
 * nothing; a change that stands for the persons of an import's chunk puts them all; a read of the feed stops near a
 * bound of persons and the step reads on; a search during which the follower adds the person sought runs again; a
 * word's expansions kept from an earlier search do not hide a name added since. Every name here is synthetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/core/codes.h"
#include "domain/persons/person_search.h"
#include "store/sqlite/sqlite.h"
#include "store/org.h"
#include "store/store.h"
#include "index_db.h"

static int setup(void **state)
{
    (void)state;
    return index_db_open("follow.db");
}

/* A person as another server registers her, with no row of the feed (the test writes it). */
static int64_t registered(const char *first, const char *family)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO persons (first_name, father_name, family_name, sex, key_first, key_father, key_family,"
             " created_at, updated_at) VALUES ('%s', 'كمال', '%s', 'female', '%s', 'كمال', '%s', 1, 1)",
             first, family, first, family);
    index_db_exec(sql);
    return sqlite3_last_insert_rowid(store_sqlite_conn(db));
}

static void change(int64_t id, int64_t person_id, const char *kind)
{
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO person_changes (id, person_id, kind, at) VALUES (%lld, %lld, '%s', 1)",
             (long long)id, (long long)person_id, kind);
    index_db_exec(sql);
}

/* One change for the persons low to high, as a chunk of an import writes it. */
static void change_range(int64_t id, int64_t low, int64_t high)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO person_changes (id, person_id, last_person_id, kind, at) VALUES (%lld, %lld, %lld,"
             " 'create', 1)",
             (long long)id, (long long)low, (long long)high);
    index_db_exec(sql);
}

/* Whether a search for the name finds the person. */
static bool found(const char *name, int64_t person_id)
{
    Arena arena;
    arena_init(&arena, 0);
    SearchQuery query = {.text = name, .limit = 50};
    SearchAnswer answer;
    assert_int_equal(person_search_run(db, &arena, &query, &answer), TK_OK);
    bool hit = false;
    for (int i = 0; i < answer.count; i++)
        hit = hit || answer.hits[i].person_id == person_id;
    arena_free(&arena);
    return hit;
}

static void step(PersonFollow *follow, int64_t now_ms, int expected)
{
    int replayed = -1;
    assert_int_equal(person_follow_step(db, follow, now_ms, 30000, &replayed), TK_OK);
    assert_int_equal(replayed, expected);
}

static void test_gaps_are_awaited_then_given_up(void **state)
{
    (void)state;
    static PersonFollow follow;
    assert_int_equal(person_follow_start(db, &follow), TK_OK);
    assert_int_equal(follow.last, 0);

    /* change 1 comes in order */
    int64_t samar = registered("سمر", "درويش");
    change(1, samar, "create");
    step(&follow, 0, 1);
    assert_int_equal(follow.last, 1);
    assert_int_equal(follow.gap_count, 0);

    /* change 3 commits before change 2: 2 is a gap */
    int64_t huda = registered("هند", "درويش");
    int64_t rana = registered("رنا", "درويش");
    change(3, huda, "create");
    step(&follow, 100, 1);
    assert_int_equal(follow.last, 3);
    assert_int_equal(follow.gap_count, 1);
    assert_int_equal(follow.gaps[0].id, 2);
    assert_true(found("هند كمال درويش", huda));

    /* change 2 commits late, 20 s on: replayed from the gap */
    step(&follow, 10000, 0);
    assert_int_equal(follow.gap_count, 1);
    change(2, rana, "create");
    step(&follow, 20000, 1);
    assert_int_equal(follow.gap_count, 0);
    assert_int_equal(follow.replayed, 3);
    assert_true(found("رنا كمال درويش", rana));

    /* change 4 never commits (rolled back): awaited 30 s, then given up, aloud */
    change(5, samar, "update");
    step(&follow, 30000, 1);
    assert_int_equal(follow.gap_count, 1);
    assert_int_equal(follow.gaps[0].id, 4);
    step(&follow, 59000, 0);
    assert_int_equal(follow.gap_count, 1);
    assert_int_equal(follow.given_up, 0);
    step(&follow, 61000, 0);
    assert_int_equal(follow.gap_count, 0);
    assert_int_equal(follow.given_up, 1);
    assert_int_equal(follow.last, 5);
}

static void test_a_merge_and_an_edit_replayed(void **state)
{
    (void)state;
    static PersonFollow follow;
    assert_int_equal(person_follow_start(db, &follow), TK_OK);
    int64_t first = follow.last;
    int64_t lama = registered("لمى", "صوان");
    change(first + 1, lama, "create");
    step(&follow, 0, 1);
    assert_true(found("لمى كمال صوان", lama));
    /* another server renames her: her new family name is found */
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE persons SET family_name = 'شحادة', key_family = 'شحادة' WHERE id = %lld",
             (long long)lama);
    index_db_exec(sql);
    change(first + 2, lama, "update");
    step(&follow, 0, 1);
    assert_true(found("شحادة", lama));
    /* and merges her away: found no more */
    snprintf(sql, sizeof sql, "UPDATE persons SET status = 'merged' WHERE id = %lld", (long long)lama);
    index_db_exec(sql);
    change(first + 3, lama, "merge");
    step(&follow, 0, 1);
    assert_false(found("لمى كمال شحادة", lama));
    /* the same changes read again (a restart of the follower from an older point) change nothing */
    follow.last = first;
    step(&follow, 0, 3);
    assert_false(found("لمى كمال شحادة", lama));
    assert_int_equal(follow.gap_count, 0);
}

static void test_a_chunk_of_an_import_in_one_change(void **state)
{
    (void)state;
    static PersonFollow follow;
    assert_int_equal(person_follow_start(db, &follow), TK_OK);
    int64_t first = follow.last;
    /* three persons of one chunk, one change for them all, then one registered alone */
    int64_t nour = registered("نور", "العزام");
    int64_t dima = registered("ديمة", "العزام");
    int64_t reem = registered("ريم", "العزام");
    change_range(first + 1, nour, reem);
    int64_t alaa = registered("آلاء", "العزام");
    change(first + 2, alaa, "create");
    step(&follow, 0, 2);
    assert_int_equal(follow.last, first + 2);
    assert_int_equal(follow.gap_count, 0);
    assert_true(found("نور كمال العزام", nour));
    assert_true(found("ديمة كمال العزام", dima));
    assert_true(found("ريم كمال العزام", reem));
    assert_true(found("آلاء كمال العزام", alaa));
    /* a chunk whose change commits late is a gap, and all its persons come with it */
    int64_t suha = registered("سهى", "الطراونة");
    int64_t lina = registered("لينا", "الطراونة");
    int64_t ola = registered("علا", "الطراونة");
    change(first + 4, ola, "create");
    step(&follow, 0, 1);
    assert_int_equal(follow.gap_count, 1);
    change_range(first + 3, suha, lina);
    step(&follow, 1000, 1);
    assert_int_equal(follow.gap_count, 0);
    assert_true(found("سهى كمال الطراونة", suha));
    assert_true(found("لينا كمال الطراونة", lina));
}

/* `count` persons of one name as one statement of another server inserts them; the id of the last. */
static int64_t registered_many(int count)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
             " INSERT INTO persons (first_name, father_name, family_name, sex, key_first, key_father, key_family,"
             " created_at, updated_at) SELECT 'جود', 'كمال', 'النسور', 'female', 'جود', 'كمال', 'النسور', 1, 1 FROM n",
             count);
    index_db_exec(sql);
    return sqlite3_last_insert_rowid(store_sqlite_conn(db));
}

static int count_visit(void *context, int64_t change_id, const PersonKeys *keys)
{
    (void)change_id;
    (void)keys;
    ++*(int *)context;
    return TK_OK;
}

static void test_a_read_stops_near_its_bound_of_persons(void **state)
{
    (void)state;
    static PersonFollow follow;
    assert_int_equal(person_follow_start(db, &follow), TK_OK);
    int64_t first = follow.last;
    /* two chunks of 1,500 persons each (more together than a read's bound), then one person alone */
    int64_t many = registered_many(PERSON_FOLLOW_PERSONS + 999);
    int64_t tala = registered("تالا", "الحياري");
    int64_t low = many - (PERSON_FOLLOW_PERSONS + 999) + 1;
    int64_t half = low + PERSON_FOLLOW_PERSONS * 3 / 4 - 1;
    change_range(first + 1, low, half);
    change_range(first + 2, half + 1, tala);
    int64_t maha = registered("مها", "الحياري");
    change(first + 3, maha, "create");

    /* the store: the first read stops after the second chunk (never within one), and says more may follow */
    int visited = 0;
    bool more = false;
    assert_int_equal(store_person_changes_read(db, first, INT64_MAX, PERSON_FOLLOW_BATCH, PERSON_FOLLOW_PERSONS,
                                               count_visit, &visited, &more),
                     TK_OK);
    assert_int_equal(visited, 2 * (PERSON_FOLLOW_PERSONS * 3 / 4));
    assert_true(more);
    visited = 0;
    assert_int_equal(store_person_changes_read(db, first + 2, INT64_MAX, PERSON_FOLLOW_BATCH, PERSON_FOLLOW_PERSONS,
                                               count_visit, &visited, &more),
                     TK_OK);
    assert_int_equal(visited, 1);
    assert_false(more);
    /* a read that stops at its bound of changes says so too */
    visited = 0;
    assert_int_equal(
        store_person_changes_read(db, first, INT64_MAX, 1, PERSON_FOLLOW_PERSONS, count_visit, &visited, &more), TK_OK);
    assert_int_equal(visited, PERSON_FOLLOW_PERSONS * 3 / 4);
    assert_true(more);

    /* the follower reads on within the same step: all three changes replayed, the last chunk's persons found */
    step(&follow, 0, 3);
    assert_int_equal(follow.last, first + 3);
    assert_int_equal(follow.gap_count, 0);
    assert_true(found("تالا كمال الحياري", tala));
    assert_true(found("مها كمال الحياري", maha));
}

/* The follower's put, made while a search runs: just as the store is asked for the hits' records (traced). */
static const Person *put_during_search;

static int put_when_hits_read(unsigned type, void *context, void *statement, void *text)
{
    (void)type;
    (void)context;
    (void)statement;
    if (put_during_search && strstr(text, "AS newest FROM persons")) {
        person_index_put(put_during_search);
        put_during_search = NULL;
    }
    return 0;
}

/* A word's spelling variants are kept from one search to the next (src/search/query.c) until the index changes: a
 * name that no one carried at the first search, registered since, is found at the next, typed right or with a slip. */
static void test_a_word_kept_from_a_search_sees_names_added_since(void **state)
{
    (void)state;
    /* the words' expansions are kept by these searches, when no one is called ميسون or شعلان */
    (void)found("ميسون كمال شعلان", 0);
    (void)found("ميسوم كمال شعلان", 0);
    int64_t maysoon = registered("ميسون", "شعلان");
    assert_true(found("ميسون كمال شعلان", maysoon)); /* the search reads the person added by another process */
    assert_true(found("ميسوم كمال شعلان", maysoon));
}

static void test_a_search_while_the_follower_adds_the_person(void **state)
{
    (void)state;
    static const uint8_t key[32] = {7};
    store_set_audit_key(key);
    Unit unit = {.code = "FPD-T",
                 .name_ar = "وحدة",
                 .name_en = "unit",
                 .type = "family_protection",
                 .agency = "psd",
                 .governorate = "amman",
                 .status = "active"};
    assert_int_equal(store_unit_insert(db, &unit), TK_OK);
    User user = {.username = "follower_test",
                 .full_name = "باحثة",
                 .unit_id = unit.id,
                 .roles = ROLE_CASEWORKER,
                 .status = "active"};
    assert_int_equal(store_user_insert(db, &user, "synthetic-hash"), TK_OK);
    Person raghad = {.first_name = "رغد",
                     .father_name = "كمال",
                     .family_name = "الزيود",
                     .key_first = "رغد",
                     .key_father = "كمال",
                     .key_family = "الزيود",
                     .sex = "female",
                     .status = "active"};
    raghad.id = registered(raghad.first_name, raghad.family_name);
    /* registered by another server; this one's follower puts her while the search below runs, after the index was
     * searched and before the store says which persons are the newest */
    put_during_search = &raghad;
    sqlite3_trace_v2(store_sqlite_conn(db), SQLITE_TRACE_STMT, put_when_hits_read, NULL);
    Arena arena;
    arena_init(&arena, 0);
    Fault fault = {0};
    Ctx ctx = {.db = db, .arena = &arena, .fault = &fault, .client_addr = "test", .user = &user, .unit = &unit};
    SearchQuery query = {.text = "رغد كمال الزيود", .limit = 10};
    SearchAnswer answer;
    assert_int_equal(domain_person_search(&ctx, &query, &answer), TK_OK);
    sqlite3_trace_v2(store_sqlite_conn(db), 0, NULL, NULL);
    assert_null(put_during_search);
    /* the search ran on the index as it was before her: it must run again, not answer without her */
    assert_true(answer.count > 0);
    assert_int_equal(answer.hits[0].person_id, raghad.id);
    arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gaps_are_awaited_then_given_up),
        cmocka_unit_test(test_a_merge_and_an_edit_replayed),
        cmocka_unit_test(test_a_chunk_of_an_import_in_one_change),
        cmocka_unit_test(test_a_read_stops_near_its_bound_of_persons),
        cmocka_unit_test(test_a_search_while_the_follower_adds_the_person),
        cmocka_unit_test(test_a_word_kept_from_a_search_sees_names_added_since),
    };
    return cmocka_run_group_tests(tests, setup, index_db_close);
}
