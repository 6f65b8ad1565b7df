#include "domain/persons/person_search.h"
#include "domain/persons/persons.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/settings.h"
#include "base/log.h"
#include "domain/core/access.h"
#include "text/arabic.h"
#include "text/match.h"

/* A multimap from 32-bit keys to 32-bit values, chained through one entry array. Keys are hashes: whatever a
 * lookup returns is checked against the real data before it counts. */
typedef struct {
    uint32_t key, value, next; /* next: entry index + 1, 0 ends the chain */
} MapEntry;

typedef struct {
    uint32_t *heads; /* entry index + 1 */
    uint32_t bucket_mask;
    MapEntry *entries;
    uint32_t count, capacity;
} MultiMap;

/* Appends an entry without chaining it: for bulk loads that end in postings_freeze, which empties the map. */
static int map_push(MultiMap *map, uint32_t key, uint32_t value)
{
    if (map->count == map->capacity) {
        uint32_t capacity = map->capacity ? map->capacity * 2 : 1024;
        MapEntry *grown = realloc(map->entries, sizeof(MapEntry) * capacity);
        if (!grown)
            return TK_ERR_NOMEM;
        map->entries = grown;
        map->capacity = capacity;
    }
    map->entries[map->count++] = (MapEntry){key, value, 0};
    return TK_OK;
}

static int map_add(MultiMap *map, uint32_t key, uint32_t value)
{
    int rc = map_push(map, key, value);
    if (rc != TK_OK)
        return rc;
    if (map->count > (map->bucket_mask + 1) * 2 || !map->heads) {
        uint32_t buckets = map->heads ? (map->bucket_mask + 1) * 4 : 1024;
        uint32_t *heads = calloc(buckets, sizeof(uint32_t));
        if (!heads) {
            map->count--;
            return TK_ERR_NOMEM;
        }
        free(map->heads);
        map->heads = heads;
        map->bucket_mask = buckets - 1;
        for (uint32_t i = 0; i + 1 < map->count; i++) {
            uint32_t bucket = map->entries[i].key & map->bucket_mask;
            map->entries[i].next = heads[bucket];
            heads[bucket] = i + 1;
        }
    }
    uint32_t bucket = key & map->bucket_mask;
    map->entries[map->count - 1].next = map->heads[bucket];
    map->heads[bucket] = map->count;
    return TK_OK;
}

/* Empties the map, keeping its memory. */
static void map_clear(MultiMap *map)
{
    map->count = 0;
    if (map->heads)
        memset(map->heads, 0, sizeof(uint32_t) * (map->bucket_mask + 1));
}

static void map_free(MultiMap *map)
{
    free(map->heads);
    free(map->entries);
    memset(map, 0, sizeof *map);
}

static uint32_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return (uint32_t)h;
}

static uint64_t hash_letters(const uint32_t *letters, int count)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < count; i++) {
        h ^= letters[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Index keys: a kind and one or two token ids. The first three kinds pair two parts; the last two hold one. */
enum { KEY_FIRST_FAMILY = 1, KEY_FIRST_FATHER, KEY_FATHER_FAMILY, KEY_FAMILY, KEY_FIRST, KEY_FULL, KEY_LINEAGE };

static uint32_t pair_key(int kind, uint32_t a, uint32_t b)
{
    return mix(((uint64_t)kind << 58) ^ ((uint64_t)a << 29) ^ b);
}

/* The key of a complete name: first, father, grandfather (0 when the record has none) and family name without
 * its article. The most selective evidence there is: a name typed whole finds its person here first, however
 * common its pairs of names are. */
/* The key of a lineage: first, father and grandfather's names, whatever the family name (محمد محمد إبراهيم in any
 * clan): the persons who match three words of four however common the first two are. */
static uint32_t lineage_key(uint32_t first, uint32_t father, uint32_t grandfather)
{
    uint64_t h = ((uint64_t)KEY_LINEAGE << 58) ^ ((uint64_t)first << 29) ^ father;
    return mix(mix(h) ^ ((uint64_t)grandfather << 21) ^ 0x5851F42D4C957F2DULL);
}

static uint32_t full_key(uint32_t first, uint32_t father, uint32_t grandfather, uint32_t family)
{
    uint64_t h = ((uint64_t)KEY_FULL << 58) ^ ((uint64_t)first << 29) ^ father;
    h = mix(h) ^ ((uint64_t)grandfather << 32) ^ ((uint64_t)family << 3);
    return mix(h * 0x9E3779B97F4A7C15ULL);
}

/* The parts a token was seen in, as bits (1 << NamePart); a family name's form without the article counts as a
 * family name too. */
typedef struct {
    char *text;
    uint32_t count; /* how many persons carry it, in any part */
    uint8_t parts;
    bool common;    /* a given name in common use (text_common_name) */
    uint32_t bare;  /* for a family name: the token of its form without the article (itself when it has none) */
} Token;

typedef struct {
    uint32_t parts[PART_COUNT]; /* token ids; 0: none */
    uint32_t family_bare;       /* the family token without its article */
    uint16_t birth_year;
    uint8_t sex;                /* 0 unknown, 1 female, 2 male */
    uint8_t active;
} Entry;

/* The postings of every key, frozen into sorted arrays: the keys in ascending order, where each key's persons
 * start in ids, and a directory from a key's top bits to where its keys start. Persons added since the last
 * freeze wait in a chained map (`recent`) until the next one. */
typedef struct {
    uint32_t *directory; /* (1 << bits) + 1 positions in keys */
    uint32_t *keys;
    uint32_t *starts; /* key_count + 1 positions in ids */
    uint32_t *ids;
    uint32_t key_count, id_count;
    int bits;
} Postings;

static struct {
    pthread_rwlock_t lock;
    Token *tokens; /* id 0 is unused */
    uint32_t token_count, token_capacity;
    uint32_t *token_slots; /* open addressing: text hash → token id */
    uint32_t slot_mask;
    MultiMap variants; /* deletion variants of tokens → token id */
    Postings frozen;   /* keys → person ids */
    MultiMap recent;   /* keys → person ids added since the freeze */
    Entry *persons;    /* by person id */
    uint32_t person_capacity;
    _Atomic int64_t max_id; /* the highest person id indexed (read before taking the lock) */
    size_t text_bytes;
} search_index = {.lock = PTHREAD_RWLOCK_INITIALIZER};

/* Persons added one by one wait in `recent` until there are this many, plus an eighth of the frozen ones. */
enum { FREEZE_AFTER = 65536 };

/* Sorts by the whole 64 bits, 16 at a time; the result ends in data. */
static int radix_sort(uint64_t *data, size_t count)
{
    uint64_t *scratch = malloc(sizeof(uint64_t) * (count ? count : 1));
    size_t *offsets = malloc(sizeof(size_t) * 65536);
    if (!scratch || !offsets) {
        free(scratch);
        free(offsets);
        return TK_ERR_NOMEM;
    }
    uint64_t *from = data, *to = scratch;
    for (int shift = 0; shift < 64; shift += 16) {
        memset(offsets, 0, sizeof(size_t) * 65536);
        for (size_t i = 0; i < count; i++)
            offsets[(from[i] >> shift) & 0xFFFF]++;
        size_t at = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t n = offsets[d];
            offsets[d] = at;
            at += n;
        }
        for (size_t i = 0; i < count; i++)
            to[offsets[(from[i] >> shift) & 0xFFFF]++] = from[i];
        uint64_t *swap = from;
        from = to;
        to = swap;
    }
    free(scratch);
    free(offsets);
    return TK_OK;
}

static void postings_free(Postings *p)
{
    free(p->directory);
    free(p->keys);
    free(p->starts);
    free(p->ids);
    memset(p, 0, sizeof *p);
}

/* Moves the recent postings into the frozen arrays (one sort of all of them, duplicates dropped). */
static int postings_freeze(void)
{
    Postings *old = &search_index.frozen;
    MultiMap *recent = &search_index.recent;
    if (recent->count == 0)
        return TK_OK;
    size_t total = (size_t)old->id_count + recent->count, n = 0;
    uint64_t *pairs = malloc(sizeof(uint64_t) * total);
    if (!pairs)
        return TK_ERR_NOMEM;
    for (uint32_t k = 0; k < old->key_count; k++)
        for (uint32_t i = old->starts[k]; i < old->starts[k + 1]; i++)
            pairs[n++] = (uint64_t)old->keys[k] << 32 | old->ids[i];
    for (uint32_t e = 0; e < recent->count; e++)
        pairs[n++] = (uint64_t)recent->entries[e].key << 32 | recent->entries[e].value;
    if (radix_sort(pairs, n) != TK_OK) {
        free(pairs);
        return TK_ERR_NOMEM;
    }
    size_t unique = 0, key_count = 0;
    for (size_t i = 0; i < n; i++) {
        if (unique && pairs[unique - 1] == pairs[i])
            continue;
        if (!unique || pairs[unique - 1] >> 32 != pairs[i] >> 32)
            key_count++;
        pairs[unique++] = pairs[i];
    }
    Postings fresh = {0};
    fresh.bits = 1;
    while ((1u << fresh.bits) < key_count / 2 && fresh.bits < 30)
        fresh.bits++;
    fresh.directory = calloc(((size_t)1 << fresh.bits) + 1, sizeof(uint32_t));
    fresh.keys = malloc(sizeof(uint32_t) * (key_count ? key_count : 1));
    fresh.starts = malloc(sizeof(uint32_t) * (key_count + 1));
    fresh.ids = malloc(sizeof(uint32_t) * (unique ? unique : 1));
    if (!fresh.directory || !fresh.keys || !fresh.starts || !fresh.ids) {
        postings_free(&fresh);
        free(pairs);
        return TK_ERR_NOMEM;
    }
    uint32_t k = 0;
    for (size_t i = 0; i < unique; i++) {
        uint32_t key = (uint32_t)(pairs[i] >> 32);
        if (i == 0 || key != fresh.keys[k - 1]) {
            fresh.keys[k] = key;
            fresh.starts[k++] = (uint32_t)i;
            fresh.directory[(key >> (32 - fresh.bits)) + 1]++;
        }
        fresh.ids[i] = (uint32_t)pairs[i];
    }
    fresh.starts[k] = (uint32_t)unique;
    for (size_t b = 1; b <= ((size_t)1 << fresh.bits); b++)
        fresh.directory[b] += fresh.directory[b - 1];
    fresh.key_count = k;
    fresh.id_count = (uint32_t)unique;
    free(pairs);
    postings_free(old);
    *old = fresh;
    if (recent->capacity > FREEZE_AFTER * 2)
        map_free(recent); /* after a bulk load: give its memory back */
    else
        map_clear(recent);
    return TK_OK;
}

/* The frozen persons of a key. */
static const uint32_t *frozen_find(uint32_t key, uint32_t *count)
{
    const Postings *p = &search_index.frozen;
    *count = 0;
    if (!p->key_count)
        return NULL;
    uint32_t bucket = key >> (32 - p->bits);
    for (uint32_t k = p->directory[bucket]; k < p->directory[bucket + 1] && p->keys[k] <= key; k++) {
        if (p->keys[k] == key) {
            *count = p->starts[k + 1] - p->starts[k];
            return p->ids + p->starts[k];
        }
    }
    return NULL;
}

static uint64_t hash_text(const char *text)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *text; text++) {
        h ^= (unsigned char)*text;
        h *= 1099511628211ULL;
    }
    return h;
}

static uint32_t token_find(const char *text)
{
    if (!search_index.token_slots || !text || !*text)
        return 0;
    uint32_t slot = mix(hash_text(text)) & search_index.slot_mask;
    for (;;) {
        uint32_t id = search_index.token_slots[slot];
        if (!id || strcmp(search_index.tokens[id].text, text) == 0)
            return id;
        slot = (slot + 1) & search_index.slot_mask;
    }
}

/* Adds every variant of the token with one or two letters dropped (one for long tokens). */
static int add_variants(uint32_t id, const char *text)
{
    uint32_t letters[MATCH_MAX_LETTERS], variant[MATCH_MAX_LETTERS];
    int count = text_code_points(text, letters, MATCH_MAX_LETTERS);
    int rc = map_add(&search_index.variants, mix(hash_letters(letters, count)), id);
    if (count < 3)
        return rc;
    for (int i = 0; i < count && rc == TK_OK; i++) {
        int n = 0;
        for (int k = 0; k < count; k++)
            if (k != i)
                variant[n++] = letters[k];
        rc = map_add(&search_index.variants, mix(hash_letters(variant, n)), id);
        if (count < 5 || count > 12)
            continue;
        for (int j = i + 1; j < count && rc == TK_OK; j++) {
            n = 0;
            for (int k = 0; k < count; k++)
                if (k != i && k != j)
                    variant[n++] = letters[k];
            rc = map_add(&search_index.variants, mix(hash_letters(variant, n)), id);
        }
    }
    return rc;
}

static uint32_t token_intern(const char *text)
{
    if (!text || !*text)
        return 0;
    uint32_t found = token_find(text);
    if (found)
        return found;
    if (search_index.token_count + 2 >= search_index.token_capacity) {
        uint32_t capacity = search_index.token_capacity ? search_index.token_capacity * 2 : 4096;
        Token *grown = realloc(search_index.tokens, sizeof(Token) * capacity);
        uint32_t *slots = calloc((size_t)capacity * 2, sizeof(uint32_t));
        if (!grown || !slots) {
            free(slots);
            if (grown)
                search_index.tokens = grown;
            return 0;
        }
        search_index.tokens = grown;
        search_index.token_capacity = capacity;
        free(search_index.token_slots);
        search_index.token_slots = slots;
        search_index.slot_mask = capacity * 2 - 1;
        for (uint32_t id = 1; id <= search_index.token_count; id++) {
            uint32_t slot = mix(hash_text(search_index.tokens[id].text)) & search_index.slot_mask;
            while (slots[slot])
                slot = (slot + 1) & search_index.slot_mask;
            slots[slot] = id;
        }
    }
    uint32_t id = ++search_index.token_count;
    search_index.tokens[id].text = strdup(text);
    search_index.tokens[id].count = 0;
    search_index.tokens[id].parts = 0;
    search_index.tokens[id].common = text_common_name(text);
    search_index.tokens[id].bare = 0;
    if (!search_index.tokens[id].text) {
        search_index.token_count--;
        return 0;
    }
    search_index.text_bytes += strlen(text) + 1;
    uint32_t slot = mix(hash_text(text)) & search_index.slot_mask;
    while (search_index.token_slots[slot])
        slot = (slot + 1) & search_index.slot_mask;
    search_index.token_slots[slot] = id;
    add_variants(id, text);
    return id;
}

/* A part's key is its tokens joined by spaces; the index keeps it as one token without them. */
static char *joined(const char *key, char *out, size_t size)
{
    size_t used = 0;
    for (; key && *key && used + 1 < size; key++)
        if (*key != ' ')
            out[used++] = *key;
    out[used] = '\0';
    return out;
}

/* Adds one posting: chained at once for a single person, or only appended during a bulk load, which ends with
 * postings_freeze. */
static int posting_add(uint32_t key, uint32_t id, bool bulk)
{
    return bulk ? map_push(&search_index.recent, key, id) : map_add(&search_index.recent, key, id);
}

static int put_keys(const PersonKeys *keys, bool bulk)
{
    if (keys->id <= 0 || keys->id >= UINT32_MAX)
        return TK_OK;
    uint32_t id = (uint32_t)keys->id;
    if (id >= search_index.person_capacity) {
        uint32_t capacity = search_index.person_capacity ? search_index.person_capacity : 1024;
        while (capacity <= id)
            capacity *= 2;
        Entry *grown = realloc(search_index.persons, sizeof(Entry) * capacity);
        if (!grown)
            return TK_ERR_NOMEM;
        memset(grown + search_index.person_capacity, 0, sizeof(Entry) * (capacity - search_index.person_capacity));
        search_index.persons = grown;
        search_index.person_capacity = capacity;
    }
    char buffer[256];
    Entry entry = {0};
    entry.parts[PART_FIRST] = token_intern(joined(keys->key_first, buffer, sizeof buffer));
    entry.parts[PART_FATHER] = token_intern(joined(keys->key_father, buffer, sizeof buffer));
    entry.parts[PART_GRANDFATHER] = token_intern(joined(keys->key_grandfather, buffer, sizeof buffer));
    entry.parts[PART_FAMILY] = token_intern(joined(keys->key_family, buffer, sizeof buffer));
    entry.family_bare = entry.parts[PART_FAMILY]
                            ? token_intern(text_without_article(search_index.tokens[entry.parts[PART_FAMILY]].text))
                            : 0;
    entry.birth_year = (uint16_t)(keys->birth_year > 0 && keys->birth_year < 65536 ? keys->birth_year : 0);
    entry.sex = keys->sex ? (keys->sex[0] == 'f' ? 1 : 2) : 0;
    entry.active = keys->active;
    for (int part = 0; part < PART_COUNT; part++) {
        if (entry.parts[part]) {
            search_index.tokens[entry.parts[part]].count++;
            search_index.tokens[entry.parts[part]].parts |= (uint8_t)(1 << part);
        }
    }
    if (entry.family_bare) {
        search_index.tokens[entry.family_bare].parts |= 1 << PART_FAMILY;
        search_index.tokens[entry.parts[PART_FAMILY]].bare = entry.family_bare;
        if (!search_index.tokens[entry.family_bare].bare)
            search_index.tokens[entry.family_bare].bare = entry.family_bare;
    }
    search_index.persons[id] = entry;
    if (keys->id > search_index.max_id)
        search_index.max_id = keys->id;
    uint32_t first = entry.parts[PART_FIRST], father = entry.parts[PART_FATHER], family = entry.family_bare;
    int rc = TK_OK;
    if (first && family)
        rc = posting_add(pair_key(KEY_FIRST_FAMILY, first, family), id, bulk);
    if (rc == TK_OK && first && father)
        rc = posting_add(pair_key(KEY_FIRST_FATHER, first, father), id, bulk);
    if (rc == TK_OK && father && family)
        rc = posting_add(pair_key(KEY_FATHER_FAMILY, father, family), id, bulk);
    if (rc == TK_OK && family)
        rc = posting_add(pair_key(KEY_FAMILY, family, 0), id, bulk);
    if (rc == TK_OK && first)
        rc = posting_add(pair_key(KEY_FIRST, first, 0), id, bulk);
    if (rc == TK_OK && first && father && family)
        rc = posting_add(full_key(first, father, entry.parts[PART_GRANDFATHER], family), id, bulk);
    if (rc == TK_OK && first && father && entry.parts[PART_GRANDFATHER])
        rc = posting_add(lineage_key(first, father, entry.parts[PART_GRANDFATHER]), id, bulk);
    return rc;
}

/* While the index fills, searches wait for it rather than see part of it. */
static pthread_mutex_t loading_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t loading_done = PTHREAD_COND_INITIALIZER;
static bool loading;

void person_index_begin_loading(void)
{
    pthread_mutex_lock(&loading_lock);
    loading = true;
    pthread_mutex_unlock(&loading_lock);
}

static void wait_until_loaded(void)
{
    pthread_mutex_lock(&loading_lock);
    while (loading)
        pthread_cond_wait(&loading_done, &loading_lock);
    pthread_mutex_unlock(&loading_lock);
}

static int load_visit(void *context, const PersonKeys *keys)
{
    (void)context;
    return put_keys(keys, true);
}

/* Indexes every person with an id above after_id, in bulk; the caller holds the write lock. */
static int load_after(Db *db, int64_t after_id)
{
    int rc = store_person_scan_keys(db, after_id, load_visit, NULL);
    int frozen = postings_freeze();
    return rc != TK_OK ? rc : frozen;
}

int person_index_load(Db *db)
{
    pthread_rwlock_wrlock(&search_index.lock);
    int rc = load_after(db, 0);
    pthread_rwlock_unlock(&search_index.lock);
    pthread_mutex_lock(&loading_lock);
    loading = false;
    pthread_cond_broadcast(&loading_done);
    pthread_mutex_unlock(&loading_lock);
    log_info("person index: %u tokens, %u postings, %zu KiB", search_index.token_count, search_index.frozen.id_count,
             person_index_memory() / 1024);
    return rc;
}

void person_index_put(const Person *person)
{
    PersonKeys keys = {.id = person->id, .key_first = person->key_first, .key_father = person->key_father,
                       .key_grandfather = person->key_grandfather, .key_family = person->key_family,
                       .birth_year = person->birth_year, .sex = person->sex,
                       .active = person->status && strcmp(person->status, "active") == 0};
    pthread_rwlock_wrlock(&search_index.lock);
    if (put_keys(&keys, false) != TK_OK)
        log_error("person index: out of memory adding person %lld", (long long)person->id);
    if (search_index.recent.count > FREEZE_AFTER + search_index.frozen.id_count / 8 && postings_freeze() != TK_OK)
        log_error("person index: out of memory freezing the postings");
    pthread_rwlock_unlock(&search_index.lock);
}

void person_index_free(void)
{
    pthread_rwlock_wrlock(&search_index.lock);
    for (uint32_t id = 1; id <= search_index.token_count; id++)
        free(search_index.tokens[id].text);
    free(search_index.tokens);
    free(search_index.token_slots);
    free(search_index.persons);
    map_free(&search_index.variants);
    map_free(&search_index.recent);
    postings_free(&search_index.frozen);
    search_index.tokens = NULL;
    search_index.token_slots = NULL;
    search_index.persons = NULL;
    search_index.token_count = search_index.token_capacity = search_index.person_capacity = 0;
    search_index.max_id = 0;
    search_index.text_bytes = 0;
    pthread_rwlock_unlock(&search_index.lock);
}

static size_t map_memory(const MultiMap *map)
{
    return sizeof(MapEntry) * map->capacity + (map->heads ? sizeof(uint32_t) * (map->bucket_mask + 1) : 0);
}

size_t person_index_memory(void)
{
    const Postings *p = &search_index.frozen;
    size_t postings = p->key_count ? sizeof(uint32_t) * ((((size_t)1 << p->bits) + 1) + p->key_count * 2 + 1 + p->id_count) : 0;
    return sizeof(Token) * search_index.token_capacity + sizeof(uint32_t) * (search_index.slot_mask + 1) +
           search_index.text_bytes + sizeof(Entry) * search_index.person_capacity + map_memory(&search_index.variants) +
           map_memory(&search_index.recent) + postings;
}

/* Searching. The query's words become units: each word, and two neighbouring words written apart that the index
 * knows as one name (نور الهدى). A unit's expansions are the index tokens it may stand for, with their similarity. */
enum {
    MAX_QUERY_TOKENS = 5,
    MAX_UNITS = 2 * MAX_QUERY_TOKENS - 1,
    MAX_EXPANSIONS = 12,
    SEEN_SLOTS = 4096,    /* the set of persons considered starts with this many slots, a power of two */
    FULL_EXPANSIONS = 4,  /* expansions of each unit tried in complete names */
    FULL_LOOKUPS = 1024,  /* complete names looked up, at most */
    FULL_SLOTS = 2048,    /* > FULL_LOOKUPS, a power of two */
    ATTESTED = 3,
    COMPARABLE = 1000, /* two names carried by many, the one by at most this many times more persons than the other:
                        * a slip repeated in the registry is rarer still */
    TABLE_SLOTS = 256,  /* > MAX_UNITS * MAX_EXPANSIONS, a power of two */
    CHECKED_SLOTS = 256, /* a power of two */
    PRUNE_FROM = 64,    /* lists shorter than this are read without checking their bound */
    PAIR_KINDS = 3,     /* KEY_FIRST_FAMILY, KEY_FIRST_FATHER, KEY_FATHER_FAMILY */
};

typedef struct {
    uint32_t token;
    uint32_t family_key; /* the token a family name is indexed under (without the article); 0: not a family name */
    float similarity;
    const char *how;
} Expansion;

typedef struct {
    const char *text;
    int words;   /* bits: the query words it stands for */
    uint32_t own; /* the token itself, when the index has it */
    bool attested; /* a name in common use: carried by several persons, or in the built-in list */
    uint32_t letters[MATCH_MAX_LETTERS];
    int letter_count;
    Expansion expansions[MAX_EXPANSIONS];
    int expansion_count;
    uint32_t checked[CHECKED_SLOTS]; /* index tokens already compared with it (most are reached from several
                                      * deletion variants) */
    int checked_count;
} QueryUnit;

/* For each index token among the expansions, its similarity to each unit. */
typedef struct {
    uint32_t token;
    float similarity[MAX_UNITS];
    const char *how[MAX_UNITS];
} TableSlot;

/* A list of persons that carry a key: the frozen ones and those added since. */
typedef struct {
    const uint32_t *frozen, *recent;
    uint32_t frozen_count, recent_count;
    uint32_t count, key;
    uint8_t kind; /* 0..PAIR_KINDS-1: a pair (left part, right part); PAIR_KINDS: one unit alone; NAMES_KIND: a
                   * complete name or a lineage, its names in `names` */
    uint8_t left, left_expansion, right, right_expansion;
    float strength;
    uint32_t names[PART_COUNT]; /* NAMES_KIND: the tokens its persons hold, by part (grandfather 0 in a complete name:
                                 * they have none; family 0: a lineage, any family) */
} List;

enum { NAMES_KIND = PAIR_KINDS + 1 };

/* A pair list's state: not looked up (nothing known of who holds the pair), looked up and held by nobody, still to
 * be read, read (or ruled out). */
enum { LIST_UNKNOWN = 0, LIST_EMPTY, LIST_OPEN, LIST_READ };

static const int kind_left[PAIR_KINDS] = {PART_FIRST, PART_FIRST, PART_FATHER};
static const int kind_right[PAIR_KINDS] = {PART_FAMILY, PART_FATHER, PART_FAMILY};
static const float part_weight[PART_COUNT] = {3.0f, 2.0f, 1.0f, 3.0f};
/* What a reading of the query loses: a word that is none of the record's names (of the words read), a word that is
 * another name in common use (محمد for محمود: a contradiction, not a slip), the parts in neither the written order
 * nor with the family name first, and a grandfather's name read where the father's was skipped. Each lowers the
 * score below what a person would have whose name has the part missing rather than different, so that kin and
 * namesakes who differ in one name stay below the strong matches. */
#define MISSING_WORD 0.5f
#define OTHER_NAME_WORD 0.5f
#define DISORDER 0.25f
#define SKIPPED_FATHER 0.1f
#define ARTICLE_OFF_FAMILY 0.85f
/* The lowest score an answer holds: below it a person shares too little of the name to be worth a look. */
#define MIN_SCORE 0.2f

typedef struct {
    Arena *arena;
    int words;                /* query words */
    int join_at[MAX_QUERY_TOKENS]; /* the unit joining word i and i + 1, or -1 */
    int max_joins;            /* joins that can be used together */
    QueryUnit units[MAX_UNITS];
    int unit_count;
    TableSlot table[TABLE_SLOTS];
    uint8_t *state;           /* LIST_* of each pair list, by list_state_index */
    /* candidates seen: an open-addressing set that grows */
    uint32_t *seen_slots;
    uint32_t seen_mask;
    int seen, work_limit;     /* persons considered, and the most that may be (search_work_limit) */
    bool truncated;           /* the work limit stopped the search where a person could still have entered */
    List *lists;              /* every list the query reaches, to be read the shortest first */
    int list_count, list_capacity;
    bool out_of_memory;
    /* complete names (four parts) whose persons were all considered, by the units and expansions that made them */
    uint32_t full_read[FULL_SLOTS][PART_COUNT];
    int full_lookups;
    /* the best hits so far, best first */
    SearchHit *top;
    int kept, limit;
    /* scoring */
    int64_t *by_number;
    int numbers, exact_numbers;
    bool numbers_asked;
    int sex, birth_year;
    bool sex_lowers; /* the other sex is ranked lower and marked, not left out */
} Search;

static void add_expansion(QueryUnit *q, uint32_t token, float similarity, const char *how)
{
    for (int i = 0; i < q->expansion_count; i++) {
        if (q->expansions[i].token == token) {
            if (similarity > q->expansions[i].similarity) {
                q->expansions[i].similarity = similarity;
                q->expansions[i].how = how;
            }
            return;
        }
    }
    int slot = q->expansion_count;
    if (slot == MAX_EXPANSIONS) {
        /* full: replace the weakest when this one is better */
        slot = 0;
        for (int i = 1; i < MAX_EXPANSIONS; i++)
            if (q->expansions[i].similarity < q->expansions[slot].similarity)
                slot = i;
        if (q->expansions[slot].similarity >= similarity)
            return;
    } else {
        q->expansion_count++;
    }
    q->expansions[slot] = (Expansion){token, 0, similarity, how};
}

/* How alike two tokens are, 0..1, with what kind of match. */
static float token_similarity(const QueryUnit *q, uint32_t token, const char **how)
{
    const char *text = search_index.tokens[token].text;
    if (token == q->own) {
        *how = "exact";
        return 1.0f;
    }
    uint32_t letters[MATCH_MAX_LETTERS];
    int count = text_code_points(text, letters, MATCH_MAX_LETTERS);
    /* a dropped letter makes the query shorter than the name: allow by the longer of the two */
    int longer = count > q->letter_count ? count : q->letter_count;
    float allowance = text_typo_allowance(longer);
    /* two letters typed of a three-letter name (حس, عل): the one dropped letter is the only reading there is */
    if (q->letter_count == 2 && count == 3)
        allowance = 0.8f;
    float distance = text_token_distance(q->letters, q->letter_count, letters, count, allowance);
    if (distance > allowance)
        return 0;
    float similarity = 1.0f - 0.3f * distance;
    *how = "spelling";
    /* Two names that are both in common use (محمد, محمود: carried by several persons, or in the built-in list)
     * are different names, not a slip of one for the other: they still match, far below the name itself. */
    /* So are two names a slip apart that are both carried by many, in numbers of the same order (السكور, السكير:
     * two clans): a slip repeated in the registry is far rarer than the name it is a slip of. */
    const Token *other = &search_index.tokens[token];
    uint32_t own_count = q->own ? search_index.tokens[q->own].count : 0;
    bool both_common = own_count >= ATTESTED && other->count >= ATTESTED &&
                       (uint64_t)(own_count < other->count ? own_count : other->count) * COMPARABLE >=
                           (own_count > other->count ? own_count : other->count);
    if (q->attested && (other->count >= ATTESTED || other->common) && (distance >= 0.8f || both_common)) {
        similarity *= 0.5f;
        *how = "other_name";
    }
    return similarity;
}

/* Marks a token as compared with the unit; false when it already was. Once the set is three-quarters full,
 * tokens are compared again rather than remembered. */
static bool first_check(QueryUnit *q, uint32_t token)
{
    uint32_t slot = mix(token) & (CHECKED_SLOTS - 1);
    while (q->checked[slot]) {
        if (q->checked[slot] == token)
            return false;
        slot = (slot + 1) & (CHECKED_SLOTS - 1);
    }
    if (q->checked_count < CHECKED_SLOTS * 3 / 4) {
        q->checked[slot] = token;
        q->checked_count++;
    }
    return true;
}

/* Every index token that shares a deletion variant with the query token is within two edits of it. */
static void lookup_variant(QueryUnit *q, const uint32_t *letters, int n)
{
    uint32_t key = mix(hash_letters(letters, n));
    const MultiMap *map = &search_index.variants;
    for (uint32_t e = map->heads ? map->heads[key & map->bucket_mask] : 0; e; e = map->entries[e - 1].next) {
        const MapEntry *entry = &map->entries[e - 1];
        if (entry->key != key || !first_check(q, entry->value))
            continue;
        const char *how = NULL;
        float similarity = token_similarity(q, entry->value, &how);
        if (similarity > 0)
            add_expansion(q, entry->value, similarity, how);
    }
}

/* Finds the index tokens a unit may stand for; `deep` also looks two dropped letters away. */
static void expand(QueryUnit *q, bool deep)
{
    q->letter_count = text_code_points(q->text, q->letters, MATCH_MAX_LETTERS);
    q->own = token_find(q->text);
    q->attested = (q->own && search_index.tokens[q->own].count >= ATTESTED) || text_common_name(q->text);
    if (q->own && first_check(q, q->own))
        add_expansion(q, q->own, 1.0f, "exact");
    const char *bare = text_without_article(q->text);
    uint32_t bare_token = bare != q->text ? token_find(bare) : 0;
    if (bare_token && first_check(q, bare_token))
        add_expansion(q, bare_token, 0.95f, "article");
    int count = q->letter_count;
    if (count == 2)
        lookup_variant(q, q->letters, count); /* the names of three letters, one of them dropped */
    if (count >= 3) {
        /* the token itself, each variant with one letter dropped, and for mid-length tokens with two */
        uint32_t variant[MATCH_MAX_LETTERS];
        lookup_variant(q, q->letters, count);
        for (int i = 0; i < count; i++) {
            int n = 0;
            for (int k = 0; k < count; k++)
                if (k != i)
                    variant[n++] = q->letters[k];
            lookup_variant(q, variant, n);
            if (!deep || count < 5 || count > 12)
                continue;
            for (int j = i + 1; j < count; j++) {
                n = 0;
                for (int k = 0; k < count; k++)
                    if (k != i && k != j)
                        variant[n++] = q->letters[k];
                lookup_variant(q, variant, n);
            }
        }
    }
    /* a family name is indexed without its article */
    for (int i = 0; i < q->expansion_count; i++) {
        Expansion *e = &q->expansions[i];
        if (!(search_index.tokens[e->token].parts & (1 << PART_FAMILY)))
            continue;
        e->family_key = search_index.tokens[e->token].bare;
    }
}

static TableSlot *table_slot(Search *s, uint32_t token, bool insert)
{
    uint32_t slot = mix(token) & (TABLE_SLOTS - 1);
    while (s->table[slot].token && s->table[slot].token != token)
        slot = (slot + 1) & (TABLE_SLOTS - 1);
    if (s->table[slot].token)
        return &s->table[slot];
    if (!insert)
        return NULL;
    s->table[slot].token = token;
    return &s->table[slot];
}

/* Splits the query into words and units, expands them, and fills the token table. */
static void build_units(Search *s, char **words, int n)
{
    s->words = n;
    s->unit_count = 0;
    for (int i = 0; i < n; i++) {
        QueryUnit *u = &s->units[s->unit_count++];
        u->text = words[i];
        u->words = 1 << i;
        expand(u, true);
    }
    s->max_joins = 0;
    int last_join = -2;
    for (int i = 0; i < n; i++) {
        s->join_at[i] = -1;
        if (i + 1 >= n)
            continue;
        QueryUnit *u = &s->units[s->unit_count];
        memset(u, 0, sizeof *u);
        u->text = arena_printf(s->arena, "%s%s", words[i], words[i + 1]);
        u->words = 3 << i;
        if (!u->text)
            continue;
        expand(u, false);
        /* only a name the index has as one part, or one slip from it */
        if (u->expansion_count == 0)
            continue;
        s->join_at[i] = s->unit_count++;
        if (i > last_join + 1) {
            s->max_joins++;
            last_join = i;
        }
    }
    for (int u = 0; u < s->unit_count; u++) {
        for (int e = 0; e < s->units[u].expansion_count; e++) {
            const Expansion *x = &s->units[u].expansions[e];
            TableSlot *slot = table_slot(s, x->token, true);
            if (x->similarity > slot->similarity[u]) {
                slot->similarity[u] = x->similarity;
                slot->how[u] = x->how;
            }
        }
    }
}

static size_t list_state_index(int kind, int left, int left_expansion, int right, int right_expansion)
{
    return ((((size_t)kind * MAX_UNITS + (size_t)left) * MAX_EXPANSIONS + (size_t)left_expansion) * MAX_UNITS +
            (size_t)right) * MAX_EXPANSIONS + (size_t)right_expansion;
}

/* The persons of one key, frozen and recent. */
static bool list_find(Search *s, uint32_t key, List *list)
{
    list->frozen = frozen_find(key, &list->frozen_count);
    list->recent = NULL;
    list->recent_count = 0;
    const MultiMap *map = &search_index.recent;
    if (map->heads && map->count) {
        uint32_t found = 0;
        for (uint32_t e = map->heads[key & map->bucket_mask]; e; e = map->entries[e - 1].next)
            found += map->entries[e - 1].key == key;
        uint32_t *ids = found ? arena_alloc(s->arena, sizeof(uint32_t) * found) : NULL;
        if (ids) {
            for (uint32_t e = map->heads[key & map->bucket_mask]; e; e = map->entries[e - 1].next)
                if (map->entries[e - 1].key == key)
                    ids[list->recent_count++] = map->entries[e - 1].value;
            list->recent = ids;
        }
    }
    list->count = list->frozen_count + list->recent_count;
    return list->count > 0;
}

/* The token an expansion is looked up under for a part: family names without their article. 0: it is never
 * that part. */
static uint32_t key_token(const Expansion *e, int part)
{
    uint32_t token = part == PART_FAMILY ? e->family_key : e->token;
    return token && (search_index.tokens[token].parts & (1 << part)) ? token : 0;
}

static bool other_name(const Expansion *e)
{
    return strcmp(e->how, "other_name") == 0;
}

/* Every list the query's units can reach: pairs of units (in either role) and, for a unit that is the whole
 * query, the persons with that first or family name. */
/* Adds a list to those to read. */
static void list_push(Search *s, const List *list)
{
    if (s->list_count == s->list_capacity) {
        int capacity = s->list_capacity ? s->list_capacity * 2 : 64;
        List *grown = arena_alloc(s->arena, sizeof(List) * (size_t)capacity);
        if (!grown) {
            s->out_of_memory = true;
            return;
        }
        if (s->list_count)
            memcpy(grown, s->lists, sizeof(List) * (size_t)s->list_count);
        s->lists = grown;
        s->list_capacity = capacity;
    }
    s->lists[s->list_count++] = *list;
}

static void collect_lists(Search *s)
{
    int all_words = (1 << s->words) - 1;
    for (int l = 0; l < s->unit_count; l++) {
        const QueryUnit *left = &s->units[l];
        for (int r = -1; r < s->unit_count; r++) {
            if (r >= 0 && (r == l || (left->words & s->units[r].words)))
                continue;
            if (r < 0 && left->words != all_words)
                continue;
            for (int kind = 0; kind < (r < 0 ? 2 : PAIR_KINDS); kind++) {
                int left_part = r < 0 ? (kind == 0 ? PART_FAMILY : PART_FIRST) : kind_left[kind];
                for (int a = 0; a < left->expansion_count; a++) {
                    uint32_t x = key_token(&left->expansions[a], left_part);
                    /* another name (محمود for محمد) makes no pair list: its persons are reached through their other
                     * names, and a pair of the two commonest names holds a tenth of the registry */
                    if (!x || (r >= 0 && other_name(&left->expansions[a])))
                        continue;
                    int b_count = r < 0 ? 1 : s->units[r].expansion_count;
                    for (int b = 0; b < b_count; b++) {
                        List list = {0};
                        uint32_t key;
                        if (r < 0) {
                            key = pair_key(kind == 0 ? KEY_FAMILY : KEY_FIRST, x, 0);
                            list.kind = PAIR_KINDS;
                            list.strength = left->expansions[a].similarity;
                        } else {
                            const Expansion *eb = &s->units[r].expansions[b];
                            uint32_t y = key_token(eb, kind_right[kind]);
                            if (!y || other_name(eb))
                                continue;
                            key = pair_key(KEY_FIRST_FAMILY + kind, x, y);
                            list.kind = (uint8_t)kind;
                            list.strength = left->expansions[a].similarity * eb->similarity;
                        }
                        bool found = list_find(s, key, &list);
                        if (r >= 0)
                            s->state[list_state_index(kind, l, a, r, b)] = found ? LIST_OPEN : LIST_EMPTY;
                        if (!found)
                            continue;
                        list.key = key;
                        list.left = (uint8_t)l;
                        list.left_expansion = (uint8_t)a;
                        list.right = (uint8_t)(r < 0 ? 0 : r);
                        list.right_expansion = (uint8_t)b;
                        list_push(s, &list);
                    }
                }
            }
        }
    }
}

/* The shortest lists first: a rare pair of names finds its person before a common one fills the candidates. */
static int compare_lists(const void *a, const void *b)
{
    const List *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? -1 : 1;
    if (x->key != y->key) /* the same persons reached from other words come together */
        return x->key < y->key ? -1 : 1;
    if (x->strength != y->strength)
        return x->strength > y->strength ? -1 : 1;
    return 0;
}

static int best_weights(int units)
{
    static const int sorted[PART_COUNT] = {3, 3, 2, 1};
    int total = 0;
    for (int i = 0; i < units && i < PART_COUNT; i++)
        total += sorted[i];
    return units > PART_COUNT ? total + units - PART_COUNT : total;
}

/* Whether a person in list (unit u, expansion a) at part p could also have unit t, expansion e at part r
 * without having been read already: the two parts are not indexed together, their list was not looked up, or it
 * is still unread. */
static bool list_unread(uint8_t state)
{
    return state == LIST_OPEN || state == LIST_UNKNOWN;
}

static bool pair_open(const Search *s, int p, int u, int a, int r, int t, int e)
{
    /* two readings of the same word are never a list: nothing is known of who holds both */
    if (s->units[u].words & s->units[t].words)
        return true;
    for (int kind = 0; kind < PAIR_KINDS; kind++) {
        if (kind_left[kind] == p && kind_right[kind] == r)
            return list_unread(s->state[list_state_index(kind, u, a, t, e)]);
        if (kind_left[kind] == r && kind_right[kind] == p)
            return list_unread(s->state[list_state_index(kind, t, e, u, a)]);
    }
    return true;
}

/* The score of one assignment of units to parts, given in word order: the weights gained over the best
 * possible for this many units, less a quarter for each word left over, 0.15 when the parts are in neither the
 * written order (first, father, grandfather, family) nor with the family name first, and 0.01 for each pair of
 * words read as one name (محمد علي ranks just below the same words read as two). A word left over where the
 * record has no grandfather's name (between the father's and the family name) is likely that name: it counts
 * half. */
static float assignment_score(const Search *s, const int *word, const int *unit, const int *part, int depth,
                              float gained, int unassigned, int joins, bool grandfather_unknown)
{
    int units = s->words - joins;
    float left_over = (float)unassigned;
    if (unassigned && grandfather_unknown) {
        int father_end = -1, family_word = -1;
        for (int k = 0; k < depth; k++) {
            if (part[k] == PART_FATHER)
                father_end = word[k] + (unit[k] >= s->words); /* a joined pair ends a word later */
            if (part[k] == PART_FAMILY)
                family_word = word[k];
        }
        bool gap_assigned = false;
        for (int k = 0; k < depth; k++)
            gap_assigned = gap_assigned || word[k] == father_end + 1;
        if (father_end >= 0 && family_word == father_end + 2 && !gap_assigned)
            left_over -= 0.5f;
    }
    float score = gained / (float)best_weights(units) - MISSING_WORD * left_over / (float)units;
    bool ordered = true, family_first = true;
    int last = -1, last_other = -1;
    for (int k = 0; k < depth; k++) {
        ordered = ordered && part[k] > last;
        last = part[k];
        if (k == 0) {
            family_first = part[k] == PART_FAMILY;
        } else {
            family_first = family_first && part[k] != PART_FAMILY && part[k] > last_other;
            last_other = part[k];
        }
    }
    if (!ordered && !family_first)
        score -= DISORDER;
    return score - 0.01f * (float)joins;
}

/* The penalties of a reading beyond assignment_score's: words read as another name in common use, and a
 * grandfather's name read where the father's was skipped. similarity[k]: of the k-th word read, at part[k]. */
static float reading_penalties(const Search *s, const float *similarity, const int *part, int depth, int joins)
{
    int other_names = 0;
    bool father = false, grandfather = false;
    for (int k = 0; k < depth; k++) {
        other_names += similarity[k] < 0.5f;
        father = father || part[k] == PART_FATHER;
        grandfather = grandfather || part[k] == PART_GRANDFATHER;
    }
    float penalty = OTHER_NAME_WORD * (float)other_names / (float)(s->words - joins);
    return grandfather && !father ? penalty + SKIPPED_FATHER : penalty;
}

/* The score of a reading with a unit (or -1) for each of four parts, as an alignment would score it: gained is
 * the weights times similarities, similarity[k] what the penalties look at. */
static float bound_score(const Search *s, const int *chosen, const int *parts, const float *similarity, float gained,
                         bool grandfather_free)
{
    int word[PART_COUNT], unit[PART_COUNT], part[PART_COUNT], depth = 0, words_assigned = 0, joins = 0;
    float read[PART_COUNT];
    for (int k = 0; k < PART_COUNT; k++) {
        if (chosen[k] < 0)
            continue;
        const QueryUnit *u = &s->units[chosen[k]];
        int at = depth++, first_word = __builtin_ctz((unsigned)u->words);
        while (at > 0 && word[at - 1] > first_word) {
            word[at] = word[at - 1];
            unit[at] = unit[at - 1];
            part[at] = part[at - 1];
            read[at] = read[at - 1];
            at--;
        }
        word[at] = first_word;
        unit[at] = chosen[k];
        part[at] = parts[k];
        read[at] = similarity[k];
        joins += chosen[k] >= s->words;
        words_assigned += __builtin_popcount((unsigned)u->words);
    }
    float score = assignment_score(s, word, unit, part, depth, gained, s->words - words_assigned, joins,
                                   grandfather_free);
    return score - reading_penalties(s, read, part, depth, joins);
}

/* The complete names read, by their four tokens, and the lineages read (first, father and grandfather's names, the
 * family 0): every person holding them was considered. */
static uint32_t full_hash(const uint32_t *token)
{
    return mix(((uint64_t)token[0] << 32 | token[1]) ^ ((uint64_t)mix((uint64_t)token[2] << 32 | token[3]) << 17));
}

static bool full_is_read(const Search *s, const uint32_t *token)
{
    for (uint32_t slot = full_hash(token) & (FULL_SLOTS - 1); s->full_read[slot][0];
         slot = (slot + 1) & (FULL_SLOTS - 1))
        if (memcmp(s->full_read[slot], token, sizeof s->full_read[slot]) == 0)
            return true;
    return false;
}

/* Whether a person holding these names is in a lineage read (whatever her family name). */
static bool lineage_is_read(const Search *s, const uint32_t *token)
{
    uint32_t lineage[PART_COUNT] = {token[PART_FIRST], token[PART_FATHER], token[PART_GRANDFATHER], 0};
    return lineage[0] && lineage[1] && lineage[2] && full_is_read(s, lineage);
}

static void full_mark(Search *s, const uint32_t *token)
{
    uint32_t slot = full_hash(token) & (FULL_SLOTS - 1);
    while (s->full_read[slot][0] && memcmp(s->full_read[slot], token, sizeof s->full_read[slot]) != 0)
        slot = (slot + 1) & (FULL_SLOTS - 1);
    memcpy(s->full_read[slot], token, sizeof s->full_read[slot]);
}

/* What a list's persons are known to hold, and what the query's units can be in the parts left free. */
typedef struct {
    const List *list;
    uint32_t token[PART_COUNT];                     /* the names they hold, by part; 0: not known */
    bool fixed[PART_COUNT], none[PART_COUNT];       /* a part known, or known to be empty (no grandfather) */
    int free_part[2], free_count;
    float fixed_sim[MAX_UNITS][PART_COUNT];         /* similarity of each unit to each known name */
    float gains[MAX_UNITS][2][MAX_EXPANSIONS];      /* weight × similarity of each expansion in a free part, where a
                                                     * person holding it could still be unread */
    float gain[MAX_UNITS][2];                       /* the best of each unit's */
} ListReach;

/* The most units a and b can add in the two free parts together, each with one of its expansions, where a person
 * holding the four names could still be unread: not when that complete name or that lineage was read. 0: no such
 * pair. */
static float free_pair_gain(const Search *s, const ListReach *reach, int a, int b)
{
    uint32_t token[PART_COUNT];
    memcpy(token, reach->token, sizeof token);
    float best = 0;
    for (int ea = 0; ea < s->units[a].expansion_count; ea++) {
        float ga = reach->gains[a][0][ea];
        if (ga <= 0 || ga + reach->gain[b][1] <= best)
            continue;
        token[reach->free_part[0]] = key_token(&s->units[a].expansions[ea], reach->free_part[0]);
        for (int eb = 0; eb < s->units[b].expansion_count; eb++) {
            float gb = reach->gains[b][1][eb];
            if (gb <= 0 || ga + gb <= best)
                continue;
            token[reach->free_part[1]] = key_token(&s->units[b].expansions[eb], reach->free_part[1]);
            if (!full_is_read(s, token) && !lineage_is_read(s, token))
                best = ga + gb;
        }
    }
    return best;
}

/* An expansion's similarity in a part, as score_person counts it: ال off a given name is no article. */
static float similarity_in(const Expansion *x, int part)
{
    return part != PART_FAMILY && strcmp(x->how, "article") == 0 ? x->similarity * ARTICLE_OFF_FAMILY
                                                                  : x->similarity;
}

/* Whether every person holding `token` at part p and unit t's expansion e at part r was considered: the pair list of
 * the two was read (or is known to be empty), under whichever unit and expansion of the query it was reached. */
static bool pair_read(const Search *s, int p, uint32_t token, int r, int t, int e)
{
    for (int kind = 0; kind < PAIR_KINDS; kind++) {
        bool forward = kind_left[kind] == p && kind_right[kind] == r;
        if (!forward && !(kind_left[kind] == r && kind_right[kind] == p))
            continue;
        for (int u = 0; u < s->unit_count; u++) {
            if (s->units[u].words & s->units[t].words)
                continue;
            for (int a = 0; a < s->units[u].expansion_count; a++) {
                if (key_token(&s->units[u].expansions[a], p) != token)
                    continue;
                uint8_t state = forward ? s->state[list_state_index(kind, u, a, t, e)]
                                        : s->state[list_state_index(kind, t, e, u, a)];
                if (!list_unread(state))
                    return true;
            }
        }
    }
    return false;
}

static void reach_of(const Search *s, const List *list, ListReach *reach)
{
    memset(reach, 0, sizeof *reach);
    reach->list = list;
    bool pair = list->kind < PAIR_KINDS;
    int p = 0, q = 0;
    if (pair) {
        p = kind_left[list->kind];
        q = kind_right[list->kind];
        reach->token[p] = key_token(&s->units[list->left].expansions[list->left_expansion], p);
        reach->token[q] = key_token(&s->units[list->right].expansions[list->right_expansion], q);
    } else {
        memcpy(reach->token, list->names, sizeof reach->token);
    }
    for (int r = 0; r < PART_COUNT; r++) {
        reach->fixed[r] = reach->token[r] != 0;
        reach->none[r] = !pair && r == PART_GRANDFATHER && !reach->token[r] && reach->token[PART_FAMILY];
        if (!reach->fixed[r] && !reach->none[r])
            reach->free_part[reach->free_count++] = r;
    }
    for (int t = 0; t < s->unit_count; t++) {
        const QueryUnit *unit = &s->units[t];
        for (int e = 0; e < unit->expansion_count; e++) {
            const Expansion *x = &unit->expansions[e];
            for (int r = 0; r < PART_COUNT; r++)
                if (reach->fixed[r] && key_token(x, r) == reach->token[r])
                    reach->fixed_sim[t][r] = fmaxf(reach->fixed_sim[t][r], similarity_in(x, r));
            for (int f = 0; f < reach->free_count; f++) {
                int r = reach->free_part[f];
                if (!key_token(x, r) ||
                    (pair && (!pair_open(s, p, list->left, list->left_expansion, r, t, e) ||
                              !pair_open(s, q, list->right, list->right_expansion, r, t, e))))
                    continue;
                bool read = false;
                for (int k = 0; k < PART_COUNT && !read; k++)
                    read = reach->fixed[k] && pair_read(s, k, reach->token[k], r, t, e);
                if (read)
                    continue; /* a pair of a known name and this one was read */
                uint32_t held[PART_COUNT];
                memcpy(held, reach->token, sizeof held);
                held[r] = key_token(x, r);
                if (lineage_is_read(s, held) || (held[0] && held[1] && held[2] && held[3] && full_is_read(s, held)))
                    continue; /* every person holding these was considered */
                reach->gains[t][f][e] = part_weight[r] * similarity_in(x, r);
                reach->gain[t][f] = fmaxf(reach->gain[t][f], reach->gains[t][f][e]);
            }
        }
    }
}

/* One unit (or none) for each part in `order` (the known parts, then the free ones, then the empty ones), the best
 * score over every such reading. */
static void bound_from(const Search *s, const ListReach *reach, const int *order, int k, int *chosen, int words,
                       float *best)
{
    if (k == PART_COUNT) {
        int parts[PART_COUNT];
        float similarity[PART_COUNT], gained = 0;
        int free_chosen[2] = {-1, -1};
        bool grandfather_free = false;
        for (int i = 0; i < PART_COUNT; i++) {
            int r = parts[i] = order[i], u = chosen[i];
            similarity[i] = 0;
            if (reach->none[r] || (u < 0 && !reach->fixed[r]))
                grandfather_free = grandfather_free || r == PART_GRANDFATHER;
            if (u < 0)
                continue;
            if (reach->fixed[r]) {
                similarity[i] = reach->fixed_sim[u][r];
                gained += part_weight[r] * similarity[i];
            } else {
                int f = r == reach->free_part[0] ? 0 : 1;
                free_chosen[f] = u;
                similarity[i] = reach->gain[u][f] / part_weight[r];
            }
        }
        if (free_chosen[0] >= 0 && free_chosen[1] >= 0 && s->full_lookups) {
            /* the two together, where that complete name or lineage was not read */
            float both = free_pair_gain(s, reach, free_chosen[0], free_chosen[1]);
            if (both <= 0)
                return;
            gained += both;
        } else {
            for (int f = 0; f < 2; f++)
                gained += free_chosen[f] >= 0 ? reach->gain[free_chosen[f]][f] : 0;
        }
        float score = bound_score(s, chosen, parts, similarity, gained, grandfather_free);
        if (score > *best)
            *best = score;
        return;
    }
    int r = order[k];
    chosen[k] = -1;
    bound_from(s, reach, order, k + 1, chosen, words, best);
    if (reach->none[r])
        return;
    int f = reach->fixed[r] ? -1 : r == reach->free_part[0] ? 0 : 1;
    for (int u = 0; u < s->unit_count; u++) {
        if ((s->units[u].words & words) || (f < 0 ? reach->fixed_sim[u][r] : reach->gain[u][f]) <= 0)
            continue;
        chosen[k] = u;
        bound_from(s, reach, order, k + 1, chosen, words | s->units[u].words, best);
    }
    chosen[k] = -1;
}

/* The highest name score a person of this list can have who was not considered yet: every alignment of the units
 * with the names the list's persons hold (as similar as each unit is to them) and the parts left (as similar as the
 * unit's expansions that such a person could still hold), with the penalties any such alignment certainly has. */
static float list_bound(const Search *s, const List *list)
{
    if (list->kind == PAIR_KINDS)
        return 1.0f;
    ListReach reach;
    reach_of(s, list, &reach);
    int order[PART_COUNT], n = 0, chosen[PART_COUNT];
    for (int r = 0; r < PART_COUNT; r++)
        if (reach.fixed[r])
            order[n++] = r;
    for (int f = 0; f < reach.free_count; f++)
        order[n++] = reach.free_part[f];
    for (int r = 0; r < PART_COUNT; r++)
        if (reach.none[r])
            order[n++] = r;
    float best = -1;
    bound_from(s, &reach, order, 0, chosen, 0, &best);
    return best;
}

/* Aligning the query's units with a person's parts: each word to a different part or to none (a joined pair
 * of words as one), in the written order (first, father, grandfather, family) or with the family name first. */
typedef struct {
    const Search *s;
    float (*similarity)[PART_COUNT];
    bool grandfather_unknown; /* the person's record has no grandfather's name */
    int seq_unit[MAX_QUERY_TOKENS], seq_part[MAX_QUERY_TOKENS], seq_word[MAX_QUERY_TOKENS], depth;
    float best;
    int best_unit[MAX_QUERY_TOKENS], best_part[MAX_QUERY_TOKENS], best_depth;
} Alignment;

static void align_end(Alignment *a, float gained, int unassigned, int joins)
{
    float score = assignment_score(a->s, a->seq_word, a->seq_unit, a->seq_part, a->depth, gained, unassigned, joins,
                                   a->grandfather_unknown);
    float read[MAX_QUERY_TOKENS];
    for (int k = 0; k < a->depth; k++)
        read[k] = a->similarity[a->seq_unit[k]][a->seq_part[k]];
    score -= reading_penalties(a->s, read, a->seq_part, a->depth, joins);
    if (score > a->best) {
        a->best = score;
        a->best_depth = a->depth;
        memcpy(a->best_unit, a->seq_unit, sizeof a->seq_unit);
        memcpy(a->best_part, a->seq_part, sizeof a->seq_part);
    }
}

static void align_from(Alignment *a, int word, int used, float gained, int unassigned, int joins)
{
    const Search *s = a->s;
    if (word == s->words) {
        align_end(a, gained, unassigned, joins);
        return;
    }
    align_from(a, word + 1, used, gained, unassigned + 1, joins);
    for (int joined = 0; joined < 2; joined++) {
        int unit = joined ? s->join_at[word] : word;
        if (unit < 0)
            continue;
        for (int p = 0; p < PART_COUNT; p++) {
            float similarity = a->similarity[unit][p];
            if (similarity <= 0 || (used & (1 << p)))
                continue;
            a->seq_unit[a->depth] = unit;
            a->seq_part[a->depth] = p;
            a->seq_word[a->depth] = word;
            a->depth++;
            align_from(a, word + 1 + joined, used | (1 << p), gained + part_weight[p] * similarity, unassigned,
                       joins + joined);
            a->depth--;
        }
    }
}

/* Scores a person: the best alignment, or a value below floor (without aligning) when even the best part for
 * every unit could not reach it: most candidates of a common name are dropped that way. */
static float score_person(const Search *s, const Entry *person, SearchHit *hit, float floor)
{
    float similarity[MAX_UNITS][PART_COUNT];
    const char *hows[MAX_UNITS][PART_COUNT];
    memset(similarity, 0, sizeof similarity);
    for (int p = 0; p < PART_COUNT; p++) {
        for (int form = 0; form < 2; form++) {
            /* family names match with or without the article */
            uint32_t token = form == 0 ? person->parts[p] : p == PART_FAMILY ? person->family_bare : 0;
            if (!token || (form == 1 && token == person->parts[p]))
                continue;
            const TableSlot *slot = table_slot((Search *)s, token, false);
            if (!slot)
                continue;
            for (int u = 0; u < s->unit_count; u++) {
                /* ال belongs to a given name (نور الهدى): only a family name is the same with it or without */
                float found = slot->similarity[u];
                if (found <= similarity[u][p])
                    continue;
                if (p != PART_FAMILY && strcmp(slot->how[u], "article") == 0)
                    found *= ARTICLE_OFF_FAMILY;
                if (found <= similarity[u][p])
                    continue;
                similarity[u][p] = found;
                hows[u][p] = form == 1 && strcmp(slot->how[u], "exact") == 0 ? "article" : slot->how[u];
            }
        }
    }
    float bound = 0;
    for (int u = 0; u < s->unit_count; u++) {
        float top = 0;
        for (int p = 0; p < PART_COUNT; p++)
            if (part_weight[p] * similarity[u][p] > top)
                top = part_weight[p] * similarity[u][p];
        bound += top;
    }
    if (bound / (float)best_weights(s->words - s->max_joins) < floor)
        return -1;
    Alignment a = {.s = s, .similarity = similarity, .grandfather_unknown = !person->parts[PART_GRANDFATHER],
                   .best = -1};
    align_from(&a, 0, 0, 0, 0, 0);
    hit->reason_count = 0;
    int unmatched = 0; /* parts of the record no word stands for */
    for (int p = 0; p < PART_COUNT; p++)
        unmatched += person->parts[p] != 0;
    for (int k = 0; k < a.best_depth && hit->reason_count < SEARCH_MAX_REASONS; k++) {
        int u = a.best_unit[k], p = a.best_part[k];
        hit->reasons[hit->reason_count++] = (MatchReason){s->units[u].text, (NamePart)p, hows[u][p], similarity[u][p]};
        unmatched--;
    }
    /* the record that is the query whole ranks just above one that also has a name the query does not */
    return a.best - 0.01f * (float)unmatched;
}

/* Hits in rank order: the higher score first, then the lower id. */
static bool ranks_before(const SearchHit *x, const SearchHit *y)
{
    return x->score != y->score ? x->score > y->score : x->person_id < y->person_id;
}

/* The score a new hit must beat to enter the best ones. */
static float entry_floor(const Search *s)
{
    return s->kept == s->limit ? s->top[s->limit - 1].score : MIN_SCORE;
}

/* Scores are kept to four decimals, so that a bound computed in another order of additions compares with them
 * exactly: equal scores rank by id. */
static float quantize(float score)
{
    return roundf(score * 10000.0f) / 10000.0f;
}

/* Adds a person to the set of those considered; false when already there (or out of memory, as if). The set
 * doubles at half full. */
static bool seen_first(Search *s, uint32_t id)
{
    if ((uint32_t)s->seen * 2 >= s->seen_mask) {
        uint32_t mask = s->seen_mask * 2 + 1;
        uint32_t *slots = arena_calloc(s->arena, (size_t)mask + 1, sizeof(uint32_t));
        if (!slots)
            return false;
        for (uint32_t i = 0; i <= s->seen_mask; i++) {
            if (!s->seen_slots[i])
                continue;
            uint32_t slot = mix(s->seen_slots[i]) & mask;
            while (slots[slot])
                slot = (slot + 1) & mask;
            slots[slot] = s->seen_slots[i];
        }
        s->seen_slots = slots;
        s->seen_mask = mask;
    }
    uint32_t slot = mix(id) & s->seen_mask;
    while (s->seen_slots[slot]) {
        if (s->seen_slots[slot] == id)
            return false;
        slot = (slot + 1) & s->seen_mask;
    }
    s->seen_slots[slot] = id;
    s->seen++;
    return true;
}

/* What a person's birth year and sex take off the score, whatever the name: years further from the one asked, a
 * record without a year, a record of the other sex (which may be the same person with a slip in the field). */
static float person_penalty(const Search *s, const Entry *person)
{
    float penalty = 0;
    if (s->birth_year && person->birth_year) {
        /* a year apart is often an estimate or a slip: it ranks just below the year itself */
        int gap = abs((int)person->birth_year - s->birth_year);
        if (gap > 1)
            penalty = fminf(0.4f, 0.08f * (float)(gap - 1));
        else if (gap == 1)
            penalty = 0.005f;
    } else if (s->birth_year) {
        penalty = 0.02f;
    }
    if (s->sex && person->sex && person->sex != s->sex)
        penalty += SEARCH_OTHER_SEX_PENALTY;
    return penalty;
}

/* Scores one candidate (once) and keeps it if it ranks among the best so far. */
static void consider(Search *s, uint32_t id)
{
    if (id >= search_index.person_capacity || !search_index.persons[id].active || !seen_first(s, id))
        return;
    const Entry *person = &search_index.persons[id];
    bool other_sex = s->sex && person->sex && person->sex != s->sex;
    if (other_sex && !s->sex_lowers)
        return;
    SearchHit *hit = &s->top[s->limit]; /* scratch, past the kept ones */
    memset(hit, 0, sizeof *hit);
    hit->person_id = id;
    for (int k = 0; k < s->numbers; k++) {
        if ((uint32_t)s->by_number[k] != id)
            continue;
        hit->national_id_match = true;
        hit->national_id_exact = hit->national_id_exact || k < s->exact_numbers;
    }
    /* When a national number was given it weighs 0.4 of the score (a near holder 0.24), the name 0.6: its holder
     * comes first among equal names, a near holder before strangers. The birth-year penalty only lowers a
     * score, so the floor on the name alone follows from the number part. */
    float number_part = hit->national_id_exact ? 1.0f : hit->national_id_match ? 0.6f : 0.0f;
    float floor = entry_floor(s);
    float name_floor = s->numbers_asked ? (floor - 0.4f * number_part) / 0.6f : floor;
    float score = s->words ? score_person(s, person, hit, name_floor - 0.0001f) : 0;
    if (s->words && score < name_floor - 0.0001f)
        return;
    if (s->numbers_asked)
        score = s->words ? 0.6f * score + 0.4f * number_part : number_part;
    score -= person_penalty(s, person);
    hit->sex_differs = other_sex;
    if (score <= MIN_SCORE)
        return;
    hit->score = quantize(score > 1 ? 1 : score);
    if (s->kept == s->limit && !ranks_before(hit, &s->top[s->limit - 1]))
        return;
    int at = s->kept < s->limit ? s->kept++ : s->limit - 1;
    SearchHit entering = *hit;
    while (at > 0 && ranks_before(&entering, &s->top[at - 1])) {
        s->top[at] = s->top[at - 1];
        at--;
    }
    s->top[at] = entering;
}

/* National numbers one slip away from the given one: each digit changed, or two neighbours swapped. */
static int national_variants(Arena *arena, const char *number, const char **out)
{
    int count = 0;
    out[count++] = number;
    for (int i = 0; i < 10; i++) {
        for (char d = '0'; d <= '9'; d++) {
            if (d == number[i])
                continue;
            char *variant = arena_strdup(arena, number);
            if (!variant)
                return count;
            variant[i] = d;
            out[count++] = variant;
        }
        if (i < 9 && number[i] != number[i + 1]) {
            char *variant = arena_strdup(arena, number);
            if (!variant)
                return count;
            variant[i] = number[i + 1];
            variant[i + 1] = number[i];
            out[count++] = variant;
        }
    }
    return count;
}

/* Whether no person of a list can rank before the last one kept: then, its ids being in ascending order, none
 * past that one's id can enter either. */
static bool past_the_last(const Search *s, float ceiling, uint32_t id)
{
    if (s->kept < s->limit)
        return false;
    const SearchHit *last = &s->top[s->limit - 1];
    return ceiling <= last->score && (int64_t)id > last->person_id;
}

/* Considers the persons of a list whose name scores are at most `bound`; false when the work limit stopped it
 * before every person of it was considered or ruled out. */
static bool read_list(Search *s, const List *list, float bound)
{
    float ceiling = quantize(bound + 0.00002f);
    for (uint32_t i = 0; i < list->frozen_count; i++) {
        uint32_t id = list->frozen[i];
        if (past_the_last(s, ceiling, id))
            break;
        if (s->seen >= s->work_limit)
            return false;
        /* a birth year far from the one asked (or the other sex) may leave a person no chance at all: passed over
         * without scoring, and considered in full if another list can still bring them in */
        if ((s->birth_year || s->sex) && id < search_index.person_capacity &&
            bound - person_penalty(s, &search_index.persons[id]) < entry_floor(s) - 0.0001f)
            continue;
        /* the persons of a long list lie all over memory: ask for them ahead */
        if (i + 8 < list->frozen_count)
            __builtin_prefetch(&search_index.persons[list->frozen[i + 8]]);
        consider(s, id);
    }
    for (uint32_t i = 0; i < list->recent_count; i++) {
        if (s->seen >= s->work_limit)
            return false;
        consider(s, list->recent[i]);
    }
    return true;
}

/* The expansions of a unit that can be a part, the most similar first, at most FULL_EXPANSIONS. */
static int part_expansions(const QueryUnit *u, int part, int *out)
{
    int n = 0;
    for (int e = 0; e < u->expansion_count; e++) {
        if (!key_token(&u->expansions[e], part))
            continue;
        int at = n;
        if (n == FULL_EXPANSIONS) {
            /* full: the new one takes the last place if it is better than the one there */
            at = FULL_EXPANSIONS - 1;
            if (u->expansions[out[at]].similarity >= u->expansions[e].similarity)
                continue;
        } else {
            n++;
        }
        while (at > 0 && u->expansions[out[at - 1]].similarity < u->expansions[e].similarity) {
            out[at] = out[at - 1];
            at--;
        }
        out[at] = e;
    }
    return n;
}

/* The complete names a sequence of units can make with its parts (three units: a record without the grandfather's
 * name; first, father and grandfather: a lineage, any family), each with the unit's best expansions, as lists to
 * read with the others. */
static void read_full_names(Search *s, const int *units, const int *parts, int count)
{
    int choices[PART_COUNT][FULL_EXPANSIONS], n[PART_COUNT], at[PART_COUNT] = {0};
    for (int k = 0; k < count; k++)
        if ((n[k] = part_expansions(&s->units[units[k]], parts[k], choices[k])) == 0)
            return;
    for (;;) {
        if (s->full_lookups++ >= FULL_LOOKUPS)
            return;
        uint32_t token[PART_COUNT] = {0};
        for (int k = 0; k < count; k++)
            token[parts[k]] = key_token(&s->units[units[k]].expansions[choices[k][at[k]]], parts[k]);
        List list = {0};
        uint32_t key = token[PART_FAMILY] ? full_key(token[PART_FIRST], token[PART_FATHER], token[PART_GRANDFATHER],
                                                     token[PART_FAMILY])
                                          : lineage_key(token[PART_FIRST], token[PART_FATHER], token[PART_GRANDFATHER]);
        if (list_find(s, key, &list)) {
            list.key = key;
            list.kind = NAMES_KIND;
            memcpy(list.names, token, sizeof list.names);
            list_push(s, &list);
        } else if (token[PART_GRANDFATHER]) {
            full_mark(s, token); /* nobody holds it: as good as read */
        }
        int k = count - 1;
        while (k >= 0 && ++at[k] == n[k])
            at[k--] = 0;
        if (k < 0)
            return;
    }
}

/* Every way of reading the query's words as three or four names in order (two words may be one name), in the
 * written order or with the family name first, through read_full_names. */
static void read_full_sequences(Search *s, int word, int *units, int depth)
{
    static const int written[2][PART_COUNT] = {{PART_FIRST, PART_FATHER, PART_FAMILY},
                                               {PART_FIRST, PART_FATHER, PART_GRANDFATHER, PART_FAMILY}};
    static const int family_first[2][PART_COUNT] = {{PART_FAMILY, PART_FIRST, PART_FATHER},
                                                    {PART_FAMILY, PART_FIRST, PART_FATHER, PART_GRANDFATHER}};
    static const int lineage[3] = {PART_FIRST, PART_FATHER, PART_GRANDFATHER};
    if (word == s->words) {
        if (depth >= 3) {
            read_full_names(s, units, written[depth - 3], depth);
            read_full_names(s, units, family_first[depth - 3], depth);
        }
        if (depth == PART_COUNT) {
            /* the lineage, whatever the family: the first three words, or the last three after the family name */
            read_full_names(s, units, lineage, 3);
            read_full_names(s, units + 1, lineage, 3);
        }
        return;
    }
    if (depth == PART_COUNT)
        return;
    units[depth] = word;
    read_full_sequences(s, word + 1, units, depth + 1);
    if (s->join_at[word] >= 0) {
        units[depth] = s->join_at[word];
        read_full_sequences(s, word + 2, units, depth + 1);
    }
}

/* Reads the pair and single-name lists, the shortest first: a long one only where a person in it could still
 * enter the best ones, and only up to the last kept one's id once none of it can rank above that one. */
static void read_lists(Search *s, List *lists, int list_count)
{
    bool previous_read = false;
    for (int l = 0; l < list_count; l++) {
        List *list = &lists[l];
        /* the same persons reached from other words come together: read once */
        bool again = l > 0 && lists[l - 1].key == list->key && previous_read;
        if (!again) {
            float bound = 1.0f;
            if (list->count >= PRUNE_FROM) {
                bound = list_bound(s, list);
                if (s->numbers_asked)
                    bound *= 0.6f;
            }
            /* a list none of whose persons can enter counts as read: the bounds of the others may leave them out */
            previous_read = bound >= entry_floor(s) - 0.0001f;
            if (previous_read && !read_list(s, list, bound)) {
                s->truncated = true;
                return;
            }
        }
        if (list->kind < PAIR_KINDS)
            s->state[list_state_index(list->kind, list->left, list->left_expansion, list->right,
                                      list->right_expansion)] = LIST_READ;
        else if (list->kind == NAMES_KIND && list->names[PART_GRANDFATHER])
            full_mark(s, list->names); /* a complete name, or a lineage (family 0): remembered for the bounds */
    }
}

int person_search_run(Db *db, Arena *arena, const SearchQuery *query, SearchAnswer *answer)
{
    *answer = (SearchAnswer){0};
    Search *s = arena_calloc(arena, 1, sizeof(Search));
    if (!s)
        return TK_ERR_NOMEM;
    s->arena = arena;
    s->limit = query->limit > 0 && query->limit <= SEARCH_MAX_RESULTS ? query->limit : 10;
    s->top = arena_calloc(arena, (size_t)s->limit + 1, sizeof(SearchHit));
    s->state = arena_calloc(arena, list_state_index(PAIR_KINDS, 0, 0, 0, 0), 1);
    s->seen_mask = SEEN_SLOTS - 1;
    s->work_limit = (int)settings_get(SET_SEARCH_WORK_LIMIT);
    s->seen_slots = arena_calloc(arena, SEEN_SLOTS, sizeof(uint32_t));
    if (!s->top || !s->state || !s->seen_slots)
        return TK_ERR_NOMEM;
    s->sex = query->sex ? (query->sex[0] == 'f' ? 1 : 2) : 0;
    s->sex_lowers = query->sex_lowers;
    s->birth_year = query->birth_year;
    char *words[MAX_QUERY_TOKENS];
    int n = 0;
    if (query->text) {
        char *folded = text_fold(arena, query->text, strlen(query->text));
        n = folded ? text_name_tokens(arena, folded, words, MAX_QUERY_TOKENS) : 0;
    }
    /* National numbers: the exact one and those one slip away, in one question to the store. */
    int64_t by_number[NATIONAL_ASKED];
    bool exact[NATIONAL_ASKED];
    char *national = query->national_id ? text_ascii_digits(arena, query->national_id) : NULL;
    s->numbers_asked = national && strlen(national) == 10;
    if (s->numbers_asked) {
        const char *variants[NATIONAL_ASKED];
        int variant_count = national_variants(arena, national, variants);
        int found = 0;
        int rc = store_persons_by_national_ids(db, variants, variant_count, by_number, exact, NATIONAL_ASKED, &found);
        if (rc != TK_OK)
            return rc;
        /* the holders of the number itself first: consider() counts the first exact_numbers as exact */
        for (int i = 0; i < found; i++) {
            if (!exact[i])
                continue;
            int64_t id = by_number[i];
            memmove(by_number + s->exact_numbers + 1, by_number + s->exact_numbers,
                    sizeof(int64_t) * (size_t)(i - s->exact_numbers));
            by_number[s->exact_numbers++] = id;
        }
        s->numbers = found;
    }
    s->by_number = by_number;
    wait_until_loaded();
    /* Persons added by another process (takamul import) join the index at the next search. */
    int64_t newest = 0;
    if (store_person_max_id(db, &newest) == TK_OK && newest > search_index.max_id) {
        pthread_rwlock_wrlock(&search_index.lock);
        if (newest > search_index.max_id && load_after(db, search_index.max_id) != TK_OK)
            log_error("person index: could not add the persons added by another process");
        pthread_rwlock_unlock(&search_index.lock);
    }
    pthread_rwlock_rdlock(&search_index.lock);
    build_units(s, words, n);
    int rc = TK_OK;
    for (int i = 0; i < s->numbers; i++)
        consider(s, (uint32_t)by_number[i]);
    int units[PART_COUNT];
    if (n >= 3)
        read_full_sequences(s, 0, units, 0);
    if (n)
        collect_lists(s);
    if (s->out_of_memory)
        rc = TK_ERR_NOMEM;
    if (s->list_count && rc == TK_OK) {
        qsort(s->lists, (size_t)s->list_count, sizeof(List), compare_lists);
        read_lists(s, s->lists, s->list_count);
    }
    pthread_rwlock_unlock(&search_index.lock);
    if (rc != TK_OK)
        return rc;
    answer->hits = s->top;
    answer->count = s->kept;
    answer->truncated = s->truncated;
    return TK_OK;
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
