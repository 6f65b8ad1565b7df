/* The person index: every person's folded name tokens, interned; deletion variants of each token for typo-tolerant
 * lookup; and postings from keys (pairs of name parts, a part alone, complete names and lineages) to person ids,
 * frozen into sorted arrays with the persons added since kept in a chained map until the next freeze. */
#include "search/internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/err.h"
#include "base/log.h"
#include "text/arabic.h"
#include "text/match.h"

/* The arrays a search reads at random (a person's entry for each candidate, the start of each list) are asked for on
 * huge pages where the system gives them on request: at 10 M persons the entries alone span 384 MiB, and on small
 * pages nearly every candidate costs a page walk beside its cache miss. Freed with free(). */
enum { HUGE_PAGE = 2 << 20 };

static void *huge_alloc(size_t bytes)
{
    if (bytes < HUGE_PAGE)
        return malloc(bytes ? bytes : 1);
    size_t rounded = (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
    void *memory = NULL;
    if (posix_memalign(&memory, HUGE_PAGE, rounded) != 0)
        return NULL;
    (void)madvise(memory, rounded, MADV_HUGEPAGE); /* a request: without it, small pages serve as before */
    return memory;
}

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

uint32_t pair_key(int kind, uint32_t a, uint32_t b)
{
    return mix(((uint64_t)kind << 58) ^ ((uint64_t)a << 29) ^ b);
}

/* The key of a complete name: first, father, grandfather (0 when the record has none) and family name without
 * its article. The most selective evidence there is: a name typed whole finds its person here first, however
 * common its pairs of names are. */
/* The key of a lineage: first, father and grandfather's names, whatever the family name (محمد محمد إبراهيم in any
 * clan): the persons who match three words of four however common the first two are. */
uint32_t lineage_key(uint32_t first, uint32_t father, uint32_t grandfather)
{
    uint64_t h = ((uint64_t)KEY_LINEAGE << 58) ^ ((uint64_t)first << 29) ^ father;
    return mix(mix(h) ^ ((uint64_t)grandfather << 21) ^ 0x5851F42D4C957F2DULL);
}

uint32_t full_key(uint32_t first, uint32_t father, uint32_t grandfather, uint32_t family)
{
    uint64_t h = ((uint64_t)KEY_FULL << 58) ^ ((uint64_t)first << 29) ^ father;
    h = mix(h) ^ ((uint64_t)grandfather << 32) ^ ((uint64_t)family << 3);
    return mix(h * 0x9E3779B97F4A7C15ULL);
}

SearchIndex search_index = {.lock = PTHREAD_RWLOCK_INITIALIZER};
/* The persons indexed (a slot with a name), read without the lock by /metrics. */
static atomic_int_fast64_t persons_indexed;

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
    size_t directory_bytes = sizeof(uint32_t) * (((size_t)1 << fresh.bits) + 1);
    fresh.directory = huge_alloc(directory_bytes);
    fresh.keys = huge_alloc(sizeof(uint32_t) * key_count);
    fresh.starts = huge_alloc(sizeof(uint32_t) * (key_count + 1));
    fresh.ids = huge_alloc(sizeof(uint32_t) * unique);
    if (!fresh.directory || !fresh.keys || !fresh.starts || !fresh.ids) {
        postings_free(&fresh);
        free(pairs);
        return TK_ERR_NOMEM;
    }
    memset(fresh.directory, 0, directory_bytes);
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
const uint32_t *frozen_find(uint32_t key, uint32_t *count)
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

uint32_t token_find(const char *text)
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
    search_index.generation++; /* tokens, their counts and parts may change: expansions found before are stale */
    uint32_t id = (uint32_t)keys->id;
    if (id >= search_index.person_capacity) {
        uint32_t capacity = search_index.person_capacity ? search_index.person_capacity : 1024;
        while (capacity <= id)
            capacity *= 2;
        Entry *grown = huge_alloc(sizeof(Entry) * capacity);
        if (!grown)
            return TK_ERR_NOMEM;
        if (search_index.person_capacity)
            memcpy(grown, search_index.persons, sizeof(Entry) * search_index.person_capacity);
        memset(grown + search_index.person_capacity, 0, sizeof(Entry) * (capacity - search_index.person_capacity));
        free(search_index.persons);
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
        /* the form without the article is carried by the persons of either form (خريسات by those of الخريسات):
         * how common a family name is, whichever way it is written, tells a slip from another clan */
        if (entry.family_bare != entry.parts[PART_FAMILY])
            search_index.tokens[entry.family_bare].count++;
        search_index.tokens[entry.family_bare].parts |= 1 << PART_FAMILY;
        search_index.tokens[entry.parts[PART_FAMILY]].bare = entry.family_bare;
        if (!search_index.tokens[entry.family_bare].bare)
            search_index.tokens[entry.family_bare].bare = entry.family_bare;
    }
    bool fresh = true, named = false;
    for (int part = 0; part < PART_COUNT; part++) {
        fresh = fresh && !search_index.persons[id].parts[part];
        named = named || entry.parts[part];
    }
    if (fresh != !named)
        atomic_fetch_add_explicit(&persons_indexed, fresh ? 1 : -1, memory_order_relaxed);
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
    if (rc == TK_OK && entry.parts[PART_GRANDFATHER] && family)
        rc = posting_add(pair_key(KEY_GRANDFATHER_FAMILY, entry.parts[PART_GRANDFATHER], family), id, bulk);
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

void search_index_begin_loading(void)
{
    pthread_mutex_lock(&loading_lock);
    loading = true;
    pthread_mutex_unlock(&loading_lock);
}

void search_index_wait_loaded(void)
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

/* Indexes every person the scan gives with an id above after_id, in bulk; the caller holds the write lock. */
static int load_after(SearchScan scan, void *source, int64_t after_id)
{
    int rc = scan(source, after_id, load_visit, NULL);
    int frozen = postings_freeze();
    return rc != TK_OK ? rc : frozen;
}

int search_index_load(SearchScan scan, void *source)
{
    pthread_rwlock_wrlock(&search_index.lock);
    int rc = load_after(scan, source, 0);
    pthread_rwlock_unlock(&search_index.lock);
    pthread_mutex_lock(&loading_lock);
    loading = false;
    pthread_cond_broadcast(&loading_done);
    pthread_mutex_unlock(&loading_lock);
    log_info("person index: %u tokens, %u postings, %zu KiB", search_index.token_count, search_index.frozen.id_count,
             search_index_memory() / 1024);
    return rc;
}

int64_t search_index_max_id(void)
{
    return search_index.max_id;
}

int search_index_catch_up(int64_t newest, SearchScan scan, void *source)
{
    int rc = TK_OK;
    if (newest <= search_index.max_id)
        return TK_OK;
    pthread_rwlock_wrlock(&search_index.lock);
    if (newest > search_index.max_id)
        rc = load_after(scan, source, search_index.max_id);
    pthread_rwlock_unlock(&search_index.lock);
    return rc;
}

/* Whether the index holds the person as the keys have her already: a change it has seen, given again (a server
 * replays the change feed, its own writes included), adds nothing and counts her names no second time. */
static bool holds_already(const PersonKeys *keys)
{
    if (keys->id <= 0 || keys->id >= search_index.person_capacity)
        return false;
    const Entry *entry = &search_index.persons[keys->id];
    const char *parts[PART_COUNT] = {keys->key_first, keys->key_father, keys->key_grandfather, keys->key_family};
    char buffer[256];
    for (int part = 0; part < PART_COUNT; part++) {
        const char *text = joined(parts[part], buffer, sizeof buffer);
        uint32_t token = *text ? token_find(text) : 0;
        if (token != entry->parts[part] || (*text && !token))
            return false;
    }
    uint16_t birth_year = (uint16_t)(keys->birth_year > 0 && keys->birth_year < 65536 ? keys->birth_year : 0);
    uint8_t sex = keys->sex ? (keys->sex[0] == 'f' ? 1 : 2) : 0;
    return entry->birth_year == birth_year && entry->sex == sex && entry->active == keys->active;
}

void search_index_put(const PersonKeys *keys)
{
    pthread_rwlock_wrlock(&search_index.lock);
    if (holds_already(keys)) {
        pthread_rwlock_unlock(&search_index.lock);
        return;
    }
    if (put_keys(keys, false) != TK_OK)
        log_error("person index: out of memory adding person %lld", (long long)keys->id);
    if (search_index.recent.count > FREEZE_AFTER + search_index.frozen.id_count / 8 && postings_freeze() != TK_OK)
        log_error("person index: out of memory freezing the postings");
    pthread_rwlock_unlock(&search_index.lock);
}

void search_index_free(void)
{
    pthread_rwlock_wrlock(&search_index.lock);
    atomic_store(&persons_indexed, 0);
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
    search_index.generation++;
    pthread_rwlock_unlock(&search_index.lock);
}

static size_t map_memory(const MultiMap *map)
{
    return sizeof(MapEntry) * map->capacity + (map->heads ? sizeof(uint32_t) * (map->bucket_mask + 1) : 0);
}

int64_t search_index_person_count(void)
{
    return atomic_load_explicit(&persons_indexed, memory_order_relaxed);
}

/* The last size measured: what a reader is told while a writer holds the index (a load takes seconds). */
static atomic_size_t memory_measured;

size_t search_index_memory(void)
{
    if (pthread_rwlock_tryrdlock(&search_index.lock) != 0)
        return atomic_load(&memory_measured);
    const Postings *p = &search_index.frozen;
    size_t postings = p->key_count
                          ? sizeof(uint32_t) * ((((size_t)1 << p->bits) + 1) + p->key_count * 2 + 1 + p->id_count)
                          : 0;
    size_t bytes = sizeof(Token) * search_index.token_capacity + sizeof(uint32_t) * (search_index.slot_mask + 1) +
                   search_index.text_bytes + sizeof(Entry) * search_index.person_capacity +
                   map_memory(&search_index.variants) + map_memory(&search_index.recent) + postings +
                   search_word_cache_memory();
    pthread_rwlock_unlock(&search_index.lock);
    atomic_store(&memory_measured, bytes);
    return bytes;
}
