/* The person search's reading of long candidate lists (src/search/rank.c): a long pair list whose bound stays above
 * the last kept score only because its persons could hold a word read as another name (الحمدون for الحمدان: two
 * families a letter apart, both carried by many) is settled by reading the short pair lists of those readings first,
 * and not read whole. The persons of those short lists are found; the search looks at a few dozen persons, not the
 * four hundred of the long list. Every name here is synthetic. */
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
#include "domain/persons/person_search.h"
#include "search/search.h"
#include "store/sqlite/sqlite.h"
#include "store/store.h"
#include "index_db.h"

enum { LONG_LIST = 400, OTHER_READING = 5 };

/* A person whose names fold to themselves (no hamza, no ta marbuta), so that her keys are her names. */
static int64_t registered(const char *first, const char *father, const char *grandfather, const char *family)
{
    char sql[768];
    snprintf(sql, sizeof sql,
             "INSERT INTO persons (first_name, father_name, grandfather_name, family_name, sex, key_first, key_father,"
             " key_grandfather, key_family, created_at, updated_at) VALUES ('%s', '%s', '%s', '%s', 'female', '%s',"
             " '%s', '%s', '%s', 1, 1)",
             first, father, grandfather, family, first, father, grandfather, family);
    index_db_exec(sql);
    return sqlite3_last_insert_rowid(store_sqlite_conn(db));
}

static int setup(void **state)
{
    (void)state;
    return index_db_open("lists.db");
}

static void a_long_list_is_settled_by_the_short_lists_of_another_reading(void **state)
{
    (void)state;
    static const char *const families[] = {"العمري", "الخطيب", "الزعبي",  "المومني",  "الشرع",  "النجار",  "الحداد",
                                           "القيسي", "العتوم", "النسور",  "الكيلاني", "الفايز", "الجراح",  "المصري",
                                           "الشياب", "العزام", "الصمادي", "الدويري",  "البطوش", "الرواحنه"};
    static const char *const grandfathers[] = {"سالم", "يوسف", "عمر", "زيد", "حسن", "فارس", "ماجد", "طارق"};
    index_db_exec("BEGIN");
    /* the long list: ريم خالد of every family */
    for (int i = 0; i < LONG_LIST; i++)
        registered("ريم", "خالد", grandfathers[i % 8], families[i % 20]);
    /* two families a letter apart, each carried by many: the one is another name of the other, not a slip */
    for (int i = 0; i < 12; i++) {
        registered("سعاد", "علي", grandfathers[i % 8], "الحمدان");
        registered("منار", "علي", grandfathers[i % 8], "الحمدون");
    }
    int64_t other_reading[OTHER_READING];
    for (int i = 0; i < OTHER_READING; i++)
        other_reading[i] = registered("ريم", "خالد", "محمد", "الحمدون");
    int64_t meant = registered("ريم", "خالد", "سالم", "الحمدان");
    index_db_exec("COMMIT");

    Arena arena;
    arena_init(&arena, 0);
    SearchQuery query = {.text = "ريم خالد الحمدان", .limit = 10};
    SearchAnswer answer;
    assert_int_equal(person_search_run(db, &arena, &query, &answer), TK_OK); /* reads the persons added above */
    assert_int_equal(answer.count, 10);
    assert_int_equal(answer.hits[0].person_id, meant);
    /* the five of the other reading come next: found through their short list, not left out by the long one's bound */
    for (int i = 0; i < OTHER_READING; i++) {
        bool found = false;
        for (int k = 1; k <= OTHER_READING; k++)
            found = found || answer.hits[k].person_id == other_reading[i];
        assert_true(found);
    }
    assert_false(answer.truncated);
    /* and the long list was not read whole */
    assert_in_range(answer.considered, OTHER_READING + 1, LONG_LIST / 4);
    arena_free(&arena);
}

/* The memory told for the index counts the cache of words' expansions (about 6 MiB, whatever the persons): a few
 * hundred persons hold far less than that. */
static void the_index_memory_counts_the_word_cache(void **state)
{
    (void)state;
    size_t cache = search_word_cache_memory();
    assert_true(cache > 1024 * 1024);
    assert_in_range(person_index_memory(), cache + 1, cache + cache / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_long_list_is_settled_by_the_short_lists_of_another_reading),
        cmocka_unit_test(the_index_memory_counts_the_word_cache),
    };
    return cmocka_run_group_tests(tests, setup, index_db_close);
}
