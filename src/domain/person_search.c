#include "domain/person_search.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "domain/access.h"
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

static int map_add(MultiMap *map, uint32_t key, uint32_t value)
{
    if (map->count == map->capacity) {
        uint32_t capacity = map->capacity ? map->capacity * 2 : 1024;
        MapEntry *grown = realloc(map->entries, sizeof(MapEntry) * capacity);
        if (!grown)
            return TK_ERR_NOMEM;
        map->entries = grown;
        map->capacity = capacity;
    }
    if (map->count >= (map->bucket_mask + 1) * 2 || !map->heads) {
        uint32_t buckets = map->heads ? (map->bucket_mask + 1) * 4 : 1024;
        uint32_t *heads = calloc(buckets, sizeof(uint32_t));
        if (!heads)
            return TK_ERR_NOMEM;
        free(map->heads);
        map->heads = heads;
        map->bucket_mask = buckets - 1;
        for (uint32_t i = 0; i < map->count; i++) {
            uint32_t bucket = map->entries[i].key & map->bucket_mask;
            map->entries[i].next = heads[bucket];
            heads[bucket] = i + 1;
        }
    }
    uint32_t bucket = key & map->bucket_mask;
    map->entries[map->count] = (MapEntry){key, value, map->heads[bucket]};
    map->heads[bucket] = ++map->count;
    return TK_OK;
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

/* Index keys: a kind and one or two token ids. */
enum { KEY_FIRST_FAMILY = 1, KEY_FIRST_FATHER, KEY_FATHER_FAMILY, KEY_FAMILY };

static uint32_t pair_key(int kind, uint32_t a, uint32_t b)
{
    return mix(((uint64_t)kind << 58) ^ ((uint64_t)a << 29) ^ b);
}

typedef struct {
    char *text;
    uint32_t count; /* how many persons carry it, in any part */
} Token;

typedef struct {
    uint32_t parts[PART_COUNT]; /* token ids; 0: none */
    uint32_t family_bare;       /* the family token without its article */
    uint16_t birth_year;
    uint8_t sex;                /* 0 unknown, 1 female, 2 male */
    uint8_t active;
} Entry;

static struct {
    pthread_rwlock_t lock;
    Token *tokens; /* id 0 is unused */
    uint32_t token_count, token_capacity;
    uint32_t *token_slots; /* open addressing: text hash → token id */
    uint32_t slot_mask;
    MultiMap variants; /* deletion variants of tokens → token id */
    MultiMap postings; /* pair keys → person id */
    Entry *persons;    /* by person id */
    uint32_t person_capacity;
    _Atomic int64_t max_id; /* the highest person id indexed (read before taking the lock) */
    size_t text_bytes;
} search_index = {.lock = PTHREAD_RWLOCK_INITIALIZER};

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

static int put_keys(const PersonKeys *keys)
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
    for (int part = 0; part < PART_COUNT; part++)
        if (entry.parts[part])
            search_index.tokens[entry.parts[part]].count++;
    search_index.persons[id] = entry;
    if (keys->id > search_index.max_id)
        search_index.max_id = keys->id;
    uint32_t first = entry.parts[PART_FIRST], father = entry.parts[PART_FATHER], family = entry.family_bare;
    int rc = TK_OK;
    if (first && family)
        rc = map_add(&search_index.postings, pair_key(KEY_FIRST_FAMILY, first, family), id);
    if (rc == TK_OK && first && father)
        rc = map_add(&search_index.postings, pair_key(KEY_FIRST_FATHER, first, father), id);
    if (rc == TK_OK && father && family)
        rc = map_add(&search_index.postings, pair_key(KEY_FATHER_FAMILY, father, family), id);
    if (rc == TK_OK && family)
        rc = map_add(&search_index.postings, pair_key(KEY_FAMILY, family, 0), id);
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
    return put_keys(keys);
}

int person_index_load(Db *db)
{
    pthread_rwlock_wrlock(&search_index.lock);
    int rc = store_person_scan_keys(db, 0, load_visit, NULL);
    pthread_rwlock_unlock(&search_index.lock);
    pthread_mutex_lock(&loading_lock);
    loading = false;
    pthread_cond_broadcast(&loading_done);
    pthread_mutex_unlock(&loading_lock);
    log_info("person index: %u tokens, %u postings, %zu KiB", search_index.token_count, search_index.postings.count,
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
    if (put_keys(&keys) != TK_OK)
        log_error("person index: out of memory adding person %lld", (long long)person->id);
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
    map_free(&search_index.postings);
    search_index.tokens = NULL;
    search_index.token_slots = NULL;
    search_index.persons = NULL;
    search_index.token_count = search_index.token_capacity = search_index.person_capacity = 0;
    search_index.max_id = 0;
    search_index.text_bytes = 0;
    pthread_rwlock_unlock(&search_index.lock);
}

size_t person_index_memory(void)
{
    return sizeof(Token) * search_index.token_capacity + sizeof(uint32_t) * (search_index.slot_mask + 1) + search_index.text_bytes +
           sizeof(Entry) * search_index.person_capacity +
           (sizeof(MapEntry) * search_index.variants.capacity + sizeof(uint32_t) * (search_index.variants.bucket_mask + 1)) +
           (sizeof(MapEntry) * search_index.postings.capacity + sizeof(uint32_t) * (search_index.postings.bucket_mask + 1));
}

/* Searching. A query token's expansions: the index tokens it may stand for, with their similarity. */
enum { MAX_QUERY_TOKENS = 5, MAX_EXPANSIONS = 12, MAX_CANDIDATES = 4096, ATTESTED = 3 };

typedef struct {
    uint32_t token;
    float similarity;
    const char *how;
} Expansion;

typedef struct {
    const char *text;
    uint32_t letters[MATCH_MAX_LETTERS];
    int letter_count;
    Expansion expansions[MAX_EXPANSIONS];
    int expansion_count;
} QueryToken;

static void add_expansion(QueryToken *q, uint32_t token, float similarity, const char *how)
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
    q->expansions[slot] = (Expansion){token, similarity, how};
}

/* How alike two tokens are, 0..1, with what kind of match. */
static float token_similarity(const QueryToken *q, uint32_t token, const char **how)
{
    const char *text = search_index.tokens[token].text;
    if (strcmp(text, q->text) == 0) {
        *how = "exact";
        return 1.0f;
    }
    uint32_t letters[MATCH_MAX_LETTERS];
    int count = text_code_points(text, letters, MATCH_MAX_LETTERS);
    /* a dropped letter makes the query shorter than the name: allow by the longer of the two */
    int longer = count > q->letter_count ? count : q->letter_count;
    float allowance = text_typo_allowance(longer);
    float distance = text_token_distance(q->letters, q->letter_count, letters, count, allowance);
    if (distance > allowance)
        return 0;
    float similarity = 1.0f - 0.3f * distance;
    *how = "spelling";
    /* Two names that are both in common use (محمد, محمود) are different names, not a slip of one for the
     * other: they still match, far below the name itself. */
    uint32_t own = token_find(q->text);
    if (own && search_index.tokens[own].count >= ATTESTED && search_index.tokens[token].count >= ATTESTED && distance >= 0.8f) {
        similarity *= 0.5f;
        *how = "other_name";
    }
    return similarity;
}

/* Every index token that shares a deletion variant with the query token is within two edits of it. */
static void lookup_variant(QueryToken *q, const uint32_t *letters, int n)
{
    uint32_t key = mix(hash_letters(letters, n));
    const MultiMap *map = &search_index.variants;
    for (uint32_t e = map->heads ? map->heads[key & map->bucket_mask] : 0; e; e = map->entries[e - 1].next) {
        const MapEntry *entry = &map->entries[e - 1];
        if (entry->key != key)
            continue;
        const char *how = NULL;
        float similarity = token_similarity(q, entry->value, &how);
        if (similarity > 0)
            add_expansion(q, entry->value, similarity, how);
    }
}

static void expand(QueryToken *q)
{
    q->letter_count = text_code_points(q->text, q->letters, MATCH_MAX_LETTERS);
    uint32_t exact = token_find(q->text);
    if (exact)
        add_expansion(q, exact, 1.0f, "exact");
    const char *bare = text_without_article(q->text);
    uint32_t bare_token = bare != q->text ? token_find(bare) : 0;
    if (bare_token)
        add_expansion(q, bare_token, 0.95f, "article");
    int count = q->letter_count;
    if (count < 3)
        return;
    /* the token itself, each variant with one letter dropped, and for mid-length tokens with two */
    uint32_t variant[MATCH_MAX_LETTERS];
    lookup_variant(q, q->letters, count);
    for (int i = 0; i < count; i++) {
        int n = 0;
        for (int k = 0; k < count; k++)
            if (k != i)
                variant[n++] = q->letters[k];
        lookup_variant(q, variant, n);
        if (count < 5 || count > 12)
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

typedef struct {
    uint32_t *ids;
    int count;
    uint32_t slots[MAX_CANDIDATES * 2];
} CandidateSet;

static void candidate_add(CandidateSet *set, uint32_t id)
{
    if (set->count >= MAX_CANDIDATES || id >= search_index.person_capacity || !search_index.persons[id].active)
        return;
    uint32_t slot = mix(id) & (MAX_CANDIDATES * 2 - 1);
    while (set->slots[slot]) {
        if (set->slots[slot] == id)
            return;
        slot = (slot + 1) & (MAX_CANDIDATES * 2 - 1);
    }
    set->slots[slot] = id;
    set->ids[set->count++] = id;
}

static void probe(CandidateSet *set, int kind, uint32_t a, uint32_t b)
{
    uint32_t key = pair_key(kind, a, b);
    for (uint32_t e = search_index.postings.heads ? search_index.postings.heads[key & search_index.postings.bucket_mask] : 0;
         e && set->count < MAX_CANDIDATES; e = search_index.postings.entries[e - 1].next)
        if (search_index.postings.entries[e - 1].key == key)
            candidate_add(set, search_index.postings.entries[e - 1].value);
}

static const float part_weight[PART_COUNT] = {3.0f, 2.0f, 1.0f, 3.0f};

/* The best similarity of a query token to one part of a person (family names also without the article). */
static float part_similarity(const QueryToken *q, const Entry *person, int part, const char **how)
{
    uint32_t token = person->parts[part];
    if (!token)
        return 0;
    float best = 0;
    for (int i = 0; i < q->expansion_count; i++) {
        uint32_t t = q->expansions[i].token;
        if (t == token || (part == PART_FAMILY && t == person->family_bare)) {
            if (q->expansions[i].similarity > best) {
                best = q->expansions[i].similarity;
                *how = q->expansions[i].how;
                if (part == PART_FAMILY && t != token && strcmp(*how, "exact") == 0)
                    *how = "article";
            }
        }
    }
    return best;
}

/* Aligns the query's tokens with a person's parts: each token to a different part or to none, in the
 * written order (first, father, grandfather, family) or with the family name first. */
/* Returns the alignment score, or a value below floor (without aligning) when even the best part for every word
 * could not reach it: most candidates of a common name are dropped that way. */
static float score_person(const QueryToken *query, int n, const Entry *person, SearchHit *hit, float floor)
{
    float similarity[MAX_QUERY_TOKENS][PART_COUNT];
    const char *hows[MAX_QUERY_TOKENS][PART_COUNT];
    for (int i = 0; i < n; i++)
        for (int p = 0; p < PART_COUNT; p++) {
            hows[i][p] = NULL;
            similarity[i][p] = part_similarity(&query[i], person, p, &hows[i][p]);
        }
    float best_weights = 0;
    float sorted[PART_COUNT] = {3, 3, 2, 1};
    for (int i = 0; i < n && i < PART_COUNT; i++)
        best_weights += sorted[i];
    if (n > PART_COUNT)
        best_weights += n - PART_COUNT;
    float bound = 0;
    for (int i = 0; i < n; i++) {
        float top = 0;
        for (int p = 0; p < PART_COUNT; p++)
            if (part_weight[p] * similarity[i][p] > top)
                top = part_weight[p] * similarity[i][p];
        bound += top;
    }
    if (bound / best_weights < floor)
        return -1;
    float best = -1;
    int best_choice[MAX_QUERY_TOKENS] = {0};
    int choice[MAX_QUERY_TOKENS];
    int combinations = 1;
    for (int i = 0; i < n; i++)
        combinations *= PART_COUNT + 1;
    for (int code = 0; code < combinations; code++) {
        int rest = code, used = 0;
        bool valid = true;
        float gained = 0;
        int unassigned = 0;
        for (int i = 0; i < n; i++) {
            choice[i] = rest % (PART_COUNT + 1) - 1; /* -1: none */
            rest /= PART_COUNT + 1;
            if (choice[i] >= 0) {
                if ((used & (1 << choice[i])) || similarity[i][choice[i]] <= 0) {
                    valid = false;
                    break;
                }
                used |= 1 << choice[i];
                gained += part_weight[choice[i]] * similarity[i][choice[i]];
            } else {
                unassigned++;
            }
        }
        if (!valid)
            continue;
        /* written order (first, father, grandfather, family), or the family name first and the rest in order */
        bool ordered = true, family_first = true;
        int last = -1, last_other = -1, position = 0;
        for (int i = 0; i < n; i++) {
            if (choice[i] < 0)
                continue;
            ordered = ordered && choice[i] > last;
            last = choice[i];
            if (position++ == 0) {
                family_first = choice[i] == PART_FAMILY;
            } else {
                family_first = family_first && choice[i] != PART_FAMILY && choice[i] > last_other;
                last_other = choice[i];
            }
        }
        float score = gained / best_weights - 0.25f * (float)unassigned / (float)n;
        if (!ordered && !family_first)
            score -= 0.15f;
        if (score > best) {
            best = score;
            memcpy(best_choice, choice, sizeof choice);
        }
    }
    hit->reason_count = 0;
    for (int i = 0; i < n && hit->reason_count < SEARCH_MAX_REASONS; i++) {
        if (best_choice[i] < 0)
            continue;
        hit->reasons[hit->reason_count++] = (MatchReason){query[i].text, (NamePart)best_choice[i],
                                                          hows[i][best_choice[i]], similarity[i][best_choice[i]]};
    }
    return best;
}

static int compare_hits(const void *a, const void *b)
{
    const SearchHit *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->person_id < y->person_id ? -1 : x->person_id > y->person_id;
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

int person_search_rank(Db *db, Arena *arena, const SearchQuery *query, SearchHit **hits, int *count)
{
    *hits = NULL;
    *count = 0;
    int limit = query->limit > 0 && query->limit <= SEARCH_MAX_RESULTS ? query->limit : 10;
    QueryToken *tokens = arena_calloc(arena, MAX_QUERY_TOKENS, sizeof(QueryToken));
    CandidateSet *set = arena_calloc(arena, 1, sizeof(CandidateSet));
    if (!tokens || !set || !(set->ids = arena_calloc(arena, MAX_CANDIDATES, sizeof(uint32_t))))
        return TK_ERR_NOMEM;
    int n = 0;
    if (query->text) {
        char *folded = text_fold(arena, query->text, strlen(query->text));
        char *words[MAX_QUERY_TOKENS];
        n = folded ? text_name_tokens(arena, folded, words, MAX_QUERY_TOKENS) : 0;
        for (int i = 0; i < n; i++)
            tokens[i].text = words[i];
    }
    /* National numbers: the exact one, and those one slip away. */
    int64_t by_number[128];
    int numbers = 0, exact_numbers = 0;
    char *national = query->national_id ? text_ascii_digits(arena, query->national_id) : NULL;
    if (national && strlen(national) == 10) {
        const char *variants[128];
        int variant_count = national_variants(arena, national, variants);
        int rc = store_person_ids_by_national_ids(db, variants, 1, by_number, 128, &exact_numbers);
        if (rc == TK_OK)
            rc = store_person_ids_by_national_ids(db, variants + 1, variant_count - 1, by_number + exact_numbers,
                                                  128 - exact_numbers, &numbers);
        if (rc != TK_OK)
            return rc;
        numbers += exact_numbers;
    }
    wait_until_loaded();
    /* Persons added by another process (takamul import) join the index at the next search. */
    int64_t newest = 0;
    if (store_person_max_id(db, &newest) == TK_OK && newest > search_index.max_id) {
        pthread_rwlock_wrlock(&search_index.lock);
        if (newest > search_index.max_id)
            store_person_scan_keys(db, search_index.max_id, load_visit, NULL);
        pthread_rwlock_unlock(&search_index.lock);
    }
    pthread_rwlock_rdlock(&search_index.lock);
    for (int i = 0; i < n; i++)
        expand(&tokens[i]);
    for (int i = 0; i < numbers; i++)
        candidate_add(set, (uint32_t)by_number[i]);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            if (i == j)
                continue;
            for (int a = 0; a < tokens[i].expansion_count; a++)
                for (int b = 0; b < tokens[j].expansion_count; b++) {
                    uint32_t x = tokens[i].expansions[a].token, y = tokens[j].expansions[b].token;
                    probe(set, KEY_FIRST_FAMILY, x, y);
                    probe(set, KEY_FIRST_FATHER, x, y);
                    probe(set, KEY_FATHER_FAMILY, x, y);
                }
        }
    }
    if (n == 1)
        for (int a = 0; a < tokens[0].expansion_count; a++)
            probe(set, KEY_FAMILY, tokens[0].expansions[a].token, 0);
    SearchHit *ranked = arena_calloc(arena, (size_t)set->count + 1, sizeof(SearchHit));
    if (!ranked) {
        pthread_rwlock_unlock(&search_index.lock);
        return TK_ERR_NOMEM;
    }
    int ranked_count = 0;
    int sex = query->sex ? (query->sex[0] == 'f' ? 1 : 2) : 0;
    bool numbers_asked = national && strlen(national) == 10;
    float top_scores[SEARCH_MAX_RESULTS];
    int kept = 0;
    for (int c = 0; c < set->count; c++) {
        uint32_t id = set->ids[c];
        const Entry *person = &search_index.persons[id];
        if (sex && person->sex && person->sex != sex)
            continue;
        SearchHit *hit = &ranked[ranked_count];
        memset(hit, 0, sizeof *hit);
        hit->person_id = id;
        for (int k = 0; k < numbers; k++) {
            if ((uint32_t)by_number[k] != id)
                continue;
            hit->national_id_match = true;
            hit->national_id_exact = hit->national_id_exact || k < exact_numbers;
        }
        /* When a national number was given it weighs 0.4 of the score (a near holder 0.24), the name 0.6: its
         * holder comes first among equal names, a near holder before strangers. */
        float number_part = hit->national_id_exact ? 1.0f : hit->national_id_match ? 0.6f : 0.0f;
        /* Once `limit` hits are held, a candidate must beat the weakest of them; the birth-year penalty only
         * lowers a score, so the floor on the name alone follows from the number part. */
        float floor = kept == limit ? top_scores[limit - 1] : 0.2f;
        float name_floor = numbers_asked ? (floor - 0.4f * number_part) / 0.6f : floor;
        float score = n ? score_person(tokens, n, person, hit, name_floor - 0.0001f) : 0;
        if (n && score < name_floor - 0.0001f)
            continue;
        if (numbers_asked)
            score = n ? 0.6f * score + 0.4f * number_part : number_part;
        if (query->birth_year && person->birth_year) {
            int gap = abs((int)person->birth_year - query->birth_year);
            if (gap > 1)
                score -= fminf(0.3f, 0.05f * (float)(gap - 1));
        } else if (query->birth_year) {
            score -= 0.02f;
        }
        if (score <= 0.2f)
            continue;
        hit->score = score > 1 ? 1 : score;
        ranked_count++;
        /* keep the best `limit` scores, highest first */
        int at = kept < limit ? kept++ : limit - 1;
        if (at == limit - 1 && kept == limit && top_scores[at] >= hit->score && ranked_count > limit)
            continue;
        top_scores[at] = hit->score;
        while (at > 0 && top_scores[at - 1] < top_scores[at]) {
            float swap = top_scores[at - 1];
            top_scores[at - 1] = top_scores[at];
            top_scores[at] = swap;
            at--;
        }
    }
    pthread_rwlock_unlock(&search_index.lock);
    qsort(ranked, (size_t)ranked_count, sizeof(SearchHit), compare_hits);
    *hits = ranked;
    *count = ranked_count < limit ? ranked_count : limit;
    return TK_OK;
}

int domain_person_search(Ctx *ctx, const SearchQuery *query, SearchHit **hits, int *count)
{
    int rc = access_require(ctx, CAP_PERSONS);
    if (rc != TK_OK)
        return rc;
    if ((!query->text || !*query->text) && (!query->national_id || !*query->national_id))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "q");
    if ((rc = person_search_rank(ctx->db, ctx->arena, query, hits, count)) != TK_OK)
        return rc;
    for (int i = 0; i < *count && rc == TK_OK; i++)
        rc = store_person_get(ctx->db, (*hits)[i].person_id, ctx->arena, &(*hits)[i].person);
    if (rc == TK_OK) {
        char detail[32];
        snprintf(detail, sizeof detail, "%d results", *count);
        rc = domain_audit_read(ctx, "person.search", "person", 0, arena_strdup(ctx->arena, detail));
    }
    return rc;
}
