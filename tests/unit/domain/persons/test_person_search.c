/* The person search (src/search/, through src/domain/persons/person_search.c), by its invariants, over a registry
 * whose names are as concentrated as Jordan's:
 * محمد the first name of a third of the men (and so the father's name of a third of everyone), clans of a few
 * percent each, and a block of namesakes "محمد محمد … المجالي". Thousands of queries made from the registry's own
 * persons, written with the slips and habits clerks have, check that
 *  - the answer with a limit is the first part of the answer with any larger limit;
 *  - a complete name typed as registered (any spacing, any of the spellings that fold alike) with the birth year
 *    finds that person first, and without it within the top 10 while fewer than 10 carry the name;
 *  - giving the right birth year or sex never ranks the person lower. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "domain/persons/person_import.h"
#include "domain/persons/person_search.h"
#include "domain/persons/persons.h"
#include "store/persons.h"
#include "store/store.h"
#include "text/arabic.h"
#include "temp_dir.h"

enum { PERSONS = 24000, NAMESAKES = 1500, QUERIES = 1500, MOATAZ = 48 /* معتز in men[] */ };

static const char *const men[] = {
    "محمد",       "أحمد",  "عبد الله", "محمود", "علي",    "خالد",       "عمر",        "يوسف",      "إبراهيم",  "حسن",
    "عبد الرحمن", "مصطفى", "حسين",     "سامي",  "سليمان", "زيد",        "فارس",       "معاذ",      "أنس",      "بلال",
    "حمزة",       "طارق",  "عماد",     "عادل",  "جمال",   "رامي",       "سامر",       "باسم",      "وليد",     "نبيل",
    "هاني",       "ماهر",  "فادي",     "رائد",  "إياد",   "أيمن",       "أسامة",      "منذر",      "مهند",     "قاسم",
    "سعيد",       "ناصر",  "منصور",    "فيصل",  "ياسين",  "عبد الكريم", "عبد العزيز", "إسحاق",     "معتز",     "لؤي",
    "مؤمن",       "علاء",  "صالح",     "موسى",  "عيسى",   "يحيى",       "إسماعيل",    "نور الدين", "عز الدين", "هشام"};
static const char *const women[] = {"فاطمة", "مريم", "نور",  "سارة", "عائشة", "زينب",  "آمنة", "خديجة",     "هدى",
                                    "رنا",   "ريم",  "لينا", "دانا", "رهف",   "جنى",   "سلمى", "ليلى",      "هبة",
                                    "منى",   "سناء", "رجاء", "وفاء", "دعاء",  "إسراء", "آلاء", "أسماء",     "أمل",
                                    "إيمان", "حنان", "رحمة", "روان", "رزان",  "شيماء", "صفاء", "نور الهدى", "علا"};
/* the four large clans first: each about four percent of the registry */
static const char *const families[] = {
    "المجالي", "العبادي", "الخطيب", "الزعبي", "الحياري", "العدوان", "الطراونة", "الشوبكي", "النجار", "الحداد",
    "البطاينة", "الرواشدة", "العمري", "المومني", "الشرع", "الربضي", "أبو زيد", "أبو هنية", "بني هاني", "بني عطية",
    "الفايز", "الحمود", "القضاة", "الصمادي", "الخوالدة", "العزام", "الكيلاني", "النسور", "العتوم", "الدويري", "السعودي",
    "الجراح", "المصري", "الخصاونة", "الرفاعي", "العجارمة", "الزيود", "الحسبان", "الشديفات", "المعايطة", "الهباهبة",
    "السرحان", "العموش", "الخلايلة", "الشياب", "أبو رمان", "أبو حماد", "الغرايبة", "الحوامدة", "القيسي",
    /* two pairs of clans a letter apart, the one written with the article and the other without: never drawn */
    "العبيثات", "عبيسات", "الخريسات", "هليسات"};
enum { APART = 4, APART_MEMBERS = 40 };

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

typedef struct {
    int first, father, grand, family; /* indexes; grand -1: none recorded */
    int sex;                          /* 0 female, 1 male */
    int year;
} Synthetic;

static Synthetic registry[PERSONS + 1]; /* by id: ids follow the order of the file */
static int registry_count;
static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

static uint32_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

static int below(int n)
{
    return (int)(next_random() % (uint32_t)n);
}

/* A rank drawn with weights 1/(rank+1): the head of the list far more often than its tail. */
static int zipf(int n)
{
    static double weights[128];
    double total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i] = 1.0 / (i + 1);
    double pick = (double)next_random() / 2097152.0 / 1024.0 * total;
    for (int i = 0; i < n; i++)
        if ((pick -= weights[i]) < 0)
            return i;
    return n - 1;
}

/* A man's name: محمد for a third of the men, the rest by rank. */
static int man(void)
{
    return below(3) == 0 ? 0 : 1 + zipf(COUNT(men) - 1);
}

static int family(void)
{
    return below(100) < 16 ? below(4) : 4 + zipf(COUNT(families) - 4 - APART);
}

static const char *part_text(int part, const Synthetic *p)
{
    switch (part) {
    case 0: return p->sex ? men[p->first] : women[p->first];
    case 1: return men[p->father];
    case 2: return p->grand >= 0 ? men[p->grand] : NULL;
    default: return families[p->family];
    }
}

/* The habits of a clerk: hamza left off the alef, ة written ه. Fold alike, so any of them is the name. */
static void append_habit(Buf *out, const char *name, int habit)
{
    for (const char *c = name; *c;) {
        if (habit & 1 && (strncmp(c, "أ", 2) == 0 || strncmp(c, "إ", 2) == 0 || strncmp(c, "آ", 2) == 0)) {
            buf_append(out, "ا", 2);
            c += 2;
        } else if (habit & 2 && strncmp(c, "ة", 2) == 0) {
            buf_append(out, "ه", 2);
            c += 2;
        } else if (habit & 4 && *c == ' ') {
            c++; /* a compound name joined */
        } else {
            buf_append(out, c, 1);
            c++;
        }
    }
}

static void add_person(Buf *csv, Synthetic p, int national)
{
    registry[++registry_count] = p;
    int habit = below(4);
    for (int part = 0; part < 4; part++) {
        const char *text = part_text(part, &p);
        if (text)
            append_habit(csv, text, habit);
        buf_append(csv, ",", 1);
    }
    char tail[96];
    int n = national ? snprintf(tail, sizeof tail, "%s,%d,9%09d\n", p.sex ? "male" : "female", p.year, registry_count)
                     : snprintf(tail, sizeof tail, "%s,%d,\n", p.sex ? "male" : "female", p.year);
    buf_append(csv, tail, (size_t)n);
}

static Db *db;
static Arena arena;
static TempDir temp;
static int moataz_id;

/* The names of the tables as the search folds them, made once (setup_registry). */
static const char *folded_men[COUNT(men)], *folded_women[COUNT(women)], *folded_families[COUNT(families)];
static Arena names_arena; /* theirs: the searches reset the other */

static void fold_table(const char *const *names, const char **folded, int count)
{
    for (int i = 0; i < count; i++)
        folded[i] = text_fold(&names_arena, names[i], strlen(names[i]));
}

static const char *part_folded(int part, const Synthetic *p)
{
    switch (part) {
    case 0: return p->sex ? folded_men[p->first] : folded_women[p->first];
    case 1: return folded_men[p->father];
    case 2: return p->grand >= 0 ? folded_men[p->grand] : "";
    default: return folded_families[p->family];
    }
}

/* The registry: families of brothers and cousins, the block of namesakes, and one محمد محمد معتز المجالي. */
static Buf make_registry(void)
{
    Buf csv;
    buf_init(&csv, 0);
    const char *header = "first_name,father_name,grandfather_name,family_name,sex,birth_year,national_id\n";
    buf_append(&csv, header, strlen(header));
    for (int i = 0; i < NAMESAKES; i++) {
        int grand = man();
        while (grand == MOATAZ)
            grand = man();
        add_person(&csv, (Synthetic){0, 0, grand, 0, 1, 1950 + below(75)}, below(10) < 9);
    }
    add_person(&csv, (Synthetic){0, 0, MOATAZ, 0, 1, 2021}, 1); /* the only one of his name among them */
    moataz_id = registry_count;
    for (int clan = COUNT(families) - APART; clan < COUNT(families); clan++)
        for (int i = 0; i < APART_MEMBERS; i++)
            add_person(&csv, (Synthetic){man(), man(), man(), clan, 1, 1950 + below(70)}, 1);
    while (registry_count < PERSONS) {
        /* a father and his children: brothers and sisters share father, grandfather and family */
        int father = man(), grand = below(30) ? man() : -1, fam = family(), year = 1940 + below(45);
        int children = 1 + below(6);
        for (int c = 0; c < children && registry_count < PERSONS; c++) {
            int sex = below(2);
            Synthetic p = {sex ? man() : zipf(COUNT(women)), father, grand, fam, sex, year + 18 + below(20)};
            add_person(&csv, p, below(10) < 9);
        }
    }
    return csv;
}

static void print_rejected(void *context, int line, const char *field, const char *code)
{
    int *shown = context;
    if ((*shown)++ < 5)
        fprintf(stderr, "line %d: %s: %s\n", line, field, code);
}

static int setup_registry(void **state)
{
    (void)state;
    if (temp_dir_make(&temp) != 0)
        return -1;
    char error[256];
    if (store_open(temp_path(&temp, "search.db"), STORE_OPEN_CREATE, &db, error) != TK_OK)
        return -1;
    arena_init(&arena, 0);
    arena_init(&names_arena, 0);
    fold_table(men, folded_men, COUNT(men));
    fold_table(women, folded_women, COUNT(women));
    fold_table(families, folded_families, COUNT(families));
    Buf csv = make_registry();
    Fault fault = {0};
    Ctx ctx = {.db = db, .arena = &arena, .fault = &fault, .client_addr = "test", .command_line = true};
    ImportResult result;
    int shown = 0;
    int rc = domain_person_import(&ctx, csv.data, csv.len, print_rejected, &shown, &result);
    buf_free(&csv);
    if (rc != TK_OK || result.imported != PERSONS) {
        fprintf(stderr, "import: %s, %lld imported, %lld rejected\n", tk_err_name(rc), (long long)result.imported,
                (long long)result.rejected);
        return -1;
    }
    person_index_begin_loading();
    return person_index_load(db) == TK_OK ? 0 : -1;
}

static int teardown_registry(void **state)
{
    (void)state;
    person_index_free();
    arena_free(&arena);
    arena_free(&names_arena);
    store_close(db);
    temp_dir_remove(&temp);
    return 0;
}

static SearchAnswer search(const char *text, int year, const char *sex, int limit)
{
    SearchQuery query = {.text = text, .birth_year = year, .sex = sex, .limit = limit};
    SearchAnswer answer;
    assert_int_equal(person_search_run(db, &arena, &query, &answer), TK_OK);
    return answer;
}

static int rank_of(const SearchAnswer *answer, int id)
{
    for (int i = 0; i < answer->count; i++)
        if (answer->hits[i].person_id == id)
            return i;
    return -1;
}

static void debug_query(const char *text, int year, int limit)
{
    SearchAnswer a = search(text, year, NULL, limit);
    fprintf(stderr, "query %s year %d limit %d: %d hits%s\n", text, year, limit, a.count,
            a.truncated ? " truncated" : "");
    for (int i = 0; i < a.count && i < 12; i++) {
        const Synthetic *p = &registry[a.hits[i].person_id];
        fprintf(stderr, "  %lld %.4f %s %s %s %s %d\n", (long long)a.hits[i].person_id, (double)a.hits[i].score,
                part_text(0, p), part_text(1, p), part_text(2, p) ? part_text(2, p) : "-", part_text(3, p), p->year);
    }
}

/* A query made from a person: the name as registered or with the slips of a clerk, whole or in part. */
static char *query_for(int id, char *out, size_t size)
{
    const Synthetic *p = &registry[id];
    Buf text;
    buf_init(&text, 0);
    int shape = below(6);
    int order[4] = {0, 1, 2, 3}, parts = 4;
    if (shape == 1) { /* no grandfather */
        order[2] = 3;
        parts = 3;
    } else if (shape == 2) { /* the family name first */
        order[0] = 3, order[1] = 0, order[2] = 1, order[3] = 2;
    } else if (shape == 3) { /* first and family name */
        order[1] = 3;
        parts = 2;
    }
    for (int k = 0; k < parts; k++) {
        const char *name = part_text(order[k], p);
        if (!name)
            continue;
        if (text.len)
            buf_append_str(&text, below(5) ? " " : "  ");
        if (shape == 4 && k == 0 && strlen(name) > 4) {
            /* a slip: the last letter dropped */
            const char *end = name + strlen(name);
            do
                end--;
            while (end > name && ((unsigned char)*end & 0xC0) == 0x80);
            buf_append(&text, name, (size_t)(end - name));
        } else {
            append_habit(&text, name, below(8));
        }
    }
    snprintf(out, size, "%.*s", (int)text.len, text.data ? text.data : "");
    buf_free(&text);
    return out;
}

static void assert_prefix(const SearchAnswer *small, const SearchAnswer *large, int limit, const char *text)
{
    if (large->truncated)
        return;
    int expected = large->count < limit ? large->count : limit;
    if (small->count != expected ||
        (small->count && small->hits[small->count - 1].person_id != large->hits[small->count - 1].person_id))
        fail_msg("%s: %d results with limit %d, %d with the larger one", text, small->count, limit, large->count);
    for (int i = 0; i < small->count; i++)
        if (small->hits[i].person_id != large->hits[i].person_id || small->hits[i].score != large->hits[i].score)
            fail_msg("%s: with limit %d, result %d is person %lld (%.4f), with the larger limit %lld (%.4f)", text,
                     limit, i, (long long)small->hits[i].person_id, (double)small->hits[i].score,
                     (long long)large->hits[i].person_id, (double)large->hits[i].score);
}

/* The answer with a limit is the first part of the answer with any larger limit. */
static void a_larger_limit_never_gives_a_worse_answer(void **state)
{
    (void)state;
    static const int limits[] = {1, 3, 5, 10, 20};
    int truncated = 0;
    for (int q = 0; q < QUERIES; q++) {
        char text[256];
        int id = 1 + below(registry_count);
        query_for(id, text, sizeof text);
        int year = below(4) == 0 ? registry[id].year : 0;
        SearchAnswer large = search(text, year, NULL, SEARCH_MAX_RESULTS);
        truncated += large.truncated;
        for (int l = 0; l < COUNT(limits); l++) {
            SearchAnswer small = search(text, year, NULL, limits[l]);
            assert_prefix(&small, &large, limits[l], text);
        }
        arena_reset(&arena);
    }
    /* truncation is for the pathological: none of these queries comes near it */
    assert_int_equal(truncated, 0);
}

/* The example: one محمد محمد معتز المجالي among 1,500 محمد محمد … المجالي, at every limit. */
static void the_exact_name_among_namesakes_comes_first_at_every_limit(void **state)
{
    (void)state;
    for (int limit = 1; limit <= SEARCH_MAX_RESULTS; limit++) {
        SearchAnswer with_year = search("محمد محمد معتز المجالي", 2021, "male", limit);
        assert_true(with_year.count >= 1);
        assert_int_equal(with_year.hits[0].person_id, moataz_id);
        /* written otherwise, without the year: still the only one of that complete name */
        SearchAnswer without = search("محمد  محمد معتز  المجالى", 0, NULL, limit);
        assert_int_equal(rank_of(&without, moataz_id), 0);
        arena_reset(&arena);
    }
}

/* Whether two persons carry names that fold alike (علاء and علا are one name to the search). */
static bool same_name(const Synthetic *a, const Synthetic *b)
{
    for (int part = 0; part < 4; part++)
        if (strcmp(part_folded(part, a), part_folded(part, b)) != 0)
            return false;
    return true;
}

/* A complete name as registered, written with any of the habits, finds the person first with the birth year (when
 * nobody else of that name was born that year), and within the top 10 without it while fewer than 10 carry it. */
static void a_complete_name_finds_its_person(void **state)
{
    (void)state;
    for (int q = 0; q < QUERIES; q++) {
        int id = 1 + below(registry_count);
        const Synthetic *p = &registry[id];
        Buf text;
        buf_init(&text, 0);
        for (int part = 0; part < 4; part++) {
            const char *name = part_text(part, p);
            if (!name)
                continue;
            if (text.len)
                buf_append_str(&text, below(3) ? " " : "   ");
            append_habit(&text, name, below(8));
        }
        buf_append(&text, "", 1);
        int namesakes = 0, same_year = 0;
        for (int other = 1; other <= registry_count; other++) {
            if (other == id || !same_name(p, &registry[other]))
                continue;
            namesakes++;
            same_year += abs(registry[other].year - p->year) <= 1;
        }
        SearchAnswer with_year = search(text.data, p->year, NULL, 10);
        if (same_year == 0 && (with_year.count == 0 || with_year.hits[0].person_id != id)) {
            debug_query(text.data, p->year, 10);
            fail_msg("%s (%d), person %d: not first", text.data, p->year, id);
        }
        SearchAnswer without = search(text.data, 0, NULL, 10);
        if (namesakes < 9 && rank_of(&without, id) < 0)
            fail_msg("%s, person %d with %d namesakes: not in the top 10", text.data, id, namesakes);
        buf_free(&text);
        arena_reset(&arena);
    }
}

/* Giving the right birth year or the right sex never ranks the person lower. */
static void the_right_year_or_sex_never_ranks_lower(void **state)
{
    (void)state;
    for (int q = 0; q < QUERIES; q++) {
        char text[256];
        int id = 1 + below(registry_count);
        query_for(id, text, sizeof text);
        SearchAnswer plain = search(text, 0, NULL, 10);
        int rank = rank_of(&plain, id);
        if (rank < 0)
            continue;
        SearchAnswer dated = search(text, registry[id].year, NULL, 10);
        SearchAnswer sexed = search(text, 0, registry[id].sex ? "male" : "female", 10);
        int dated_rank = rank_of(&dated, id), sexed_rank = rank_of(&sexed, id);
        if (dated_rank < 0 || dated_rank > rank)
            fail_msg("%s: rank %d, with the birth year %d", text, rank, dated_rank);
        if (sexed_rank < 0 || sexed_rank > rank)
            fail_msg("%s: rank %d, with the sex %d", text, rank, sexed_rank);
        arena_reset(&arena);
    }
}

/* Slips clerks make in short names and on first letters still find the name. */
static void short_names_and_first_letters_survive_slips(void **state)
{
    (void)state;
    static const struct {
        const char *query, *expected_first, *or_first;
    } cases[] = {
        {"حس", "حسن", NULL},      /* a dropped letter in a name of three */
        {"عل", "علي", "علا"},     /* either reading of the two letters: equal scores rank by id */
        {"ىسحاق", "إسحاق", NULL}, /* ى typed for آ: the same key, without shift */
        {"ؤنا", "رنا", NULL},     /* ؤ and ر: neighbouring keys */
    };
    for (int i = 0; i < COUNT(cases); i++) {
        SearchQuery query = {.text = cases[i].query, .limit = 10};
        SearchAnswer answer;
        assert_int_equal(person_search_run(db, &arena, &query, &answer), TK_OK);
        bool found = false;
        for (int h = 0; h < answer.count && !found; h++) {
            const Synthetic *p = &registry[answer.hits[h].person_id];
            found = strcmp(part_text(0, p), cases[i].expected_first) == 0 ||
                    (cases[i].or_first && strcmp(part_text(0, p), cases[i].or_first) == 0);
        }
        if (!found)
            fail_msg("%s: nothing found for %s", cases[i].query, cases[i].expected_first);
        arena_reset(&arena);
    }
}

/* The name of a registered person with another family name. */
static char *name_with_family(const Synthetic *p, const char *family, char *out, size_t size)
{
    snprintf(out, size, "%s %s %s %s", part_text(0, p), part_text(1, p), part_text(2, p), family);
    return out;
}

/* A newcomer of a clan whose name is a letter from another's (عبيسات and العبيثات, both carried by many) is not
 * taken for his namesake of the other clan: that is another family, not a slip, whichever of the two is written
 * with the article. A slip that nobody carries (العبيتات) still finds the person. */
static void a_clan_a_letter_away_is_no_strong_match(void **state)
{
    (void)state;
    static const char *const slips[APART] = {"العبيتات", "عبيشات", "الخريصات", "هليشات"};
    int first_apart = COUNT(families) - APART;
    for (int id = 1; id <= registry_count; id++) {
        const Synthetic *p = &registry[id];
        if (p->family < first_apart)
            continue;
        int clan = p->family - first_apart, other = clan ^ 1;
        char text[256];
        SearchAnswer answer = search(name_with_family(p, families[first_apart + other], text, sizeof text), 0, NULL,
                                     10);
        for (int h = 0; h < answer.count; h++) {
            const Synthetic *hit = &registry[answer.hits[h].person_id];
            if (answer.hits[h].score >= 0.85f && hit->family != first_apart + other)
                fail_msg("%s: %s %s %s %s of the other clan scores %.3f", text, part_text(0, hit), part_text(1, hit),
                         part_text(2, hit), part_text(3, hit), (double)answer.hits[h].score);
        }
        answer = search(name_with_family(p, slips[clan], text, sizeof text), 0, NULL, 10);
        int rank = rank_of(&answer, id);
        if (rank < 0 || answer.hits[rank].score < 0.85f)
            fail_msg("%s: the person with the slip is not found as a strong match (rank %d)", text, rank);
        arena_reset(&arena);
    }
}

/* The one rule the single reads and the search share: a person seen through one of her cases is shown whole; else a
 * juvenile sealed by another unit is not shown at all, and a person of a restricted case only by her identity. */
static void the_sight_decides_what_is_shown(void **state)
{
    (void)state;
    for (int bits = 0; bits < 8; bits++) {
        PersonSight sight = {.restricted = bits & 1, .sees = bits & 2, .sealed_elsewhere = bits & 4};
        PersonShown expected = sight.sees               ? PERSON_FULL
                               : sight.sealed_elsewhere ? PERSON_SEALED
                               : sight.restricted       ? PERSON_WITHHELD
                                                        : PERSON_FULL;
        assert_int_equal(person_shown(&sight), expected);
        Person p = {.id = 7, .first_name = "سارة", .notes = "ملاحظة", .birth_date = "2001-01-01", .version = 3};
        person_show(&p, person_shown(&sight));
        assert_int_equal(p.id, 7);
        assert_int_equal(p.withheld, expected != PERSON_FULL);
        assert_int_equal(p.sealed, expected == PERSON_SEALED);
        assert_true((p.notes != NULL) == (expected == PERSON_FULL));
        assert_true((p.first_name != NULL) == (expected != PERSON_SEALED));
    }
}

/* The search's batch read answers each id asked at its place (the ranking's order), past one statement's
 * PERSONS_ASKED, an id asked twice at both places, each person as store_person_get reads her, and the highest person
 * id even when no id is asked. */
static void the_batch_read_answers_in_the_order_asked(void **state)
{
    (void)state;
    enum { ASKED = 2 * PERSONS_ASKED + 17 };
    int64_t ids[ASKED];
    for (int i = 0; i < ASKED; i++)
        ids[i] = 1 + (int64_t)((i * 7919L + 13) % registry_count);
    ids[ASKED - 1] = ids[3]; /* in another statement */
    ids[5] = ids[4];         /* in the same one */
    Person persons[ASKED];
    PersonSight sights[ASKED];
    CaseViewer viewer = {0};
    int64_t newest = 0;
    assert_int_equal(store_persons_sighted(db, ids, ASKED, &viewer, &arena, persons, sights, &newest), TK_OK);
    assert_int_equal(newest, registry_count);
    for (int i = 0; i < ASKED; i++) {
        Person one;
        assert_int_equal(store_person_get(db, ids[i], &arena, &one), TK_OK);
        assert_int_equal(persons[i].id, ids[i]);
        assert_string_equal(persons[i].first_name, one.first_name);
        assert_string_equal(persons[i].family_name, one.family_name);
        assert_int_equal(persons[i].birth_year, one.birth_year);
        assert_int_equal(persons[i].version, one.version);
        assert_int_equal(persons[i].created_at, one.created_at);
        assert_false(sights[i].restricted || sights[i].sees || sights[i].sealed_elsewhere); /* no cases here */
    }
    ids[PERSONS_ASKED + 2] = registry_count + 100; /* no person's */
    assert_int_equal(store_persons_sighted(db, ids, ASKED, &viewer, &arena, persons, sights, &newest),
                     TK_ERR_NOT_FOUND);
    newest = 0; /* none asked: the highest id still comes */
    assert_int_equal(store_persons_sighted(db, ids, 0, &viewer, &arena, persons, sights, &newest), TK_OK);
    assert_int_equal(newest, registry_count);
    arena_reset(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_sight_decides_what_is_shown),
        cmocka_unit_test(the_batch_read_answers_in_the_order_asked),
        cmocka_unit_test(the_exact_name_among_namesakes_comes_first_at_every_limit),
        cmocka_unit_test(a_larger_limit_never_gives_a_worse_answer),
        cmocka_unit_test(a_complete_name_finds_its_person),
        cmocka_unit_test(the_right_year_or_sex_never_ranks_lower),
        cmocka_unit_test(short_names_and_first_letters_survive_slips),
        cmocka_unit_test(a_clan_a_letter_away_is_no_strong_match),
    };
    return cmocka_run_group_tests(tests, setup_registry, teardown_registry);
}
