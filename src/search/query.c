/* Reading the query: its words become units (a word, or two written apart that the index knows as one name),
 * each with the index tokens it may stand for; then the lists of persons that carry their pairs. */
#include "search/internal.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "text/arabic.h"
#include "text/match.h"

const char HOW_EXACT[] = "exact", HOW_ARTICLE[] = "article", HOW_SPELLING[] = "spelling",
           HOW_OTHER_NAME[] = "other_name";

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
        *how = HOW_EXACT;
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
    *how = HOW_SPELLING;
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
        *how = HOW_OTHER_NAME;
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

/* A word's expansions, kept for the next searches until the index changes: the words of names recur (محمد, عبد الله,
 * the clans), and finding a word's spelling variants is a good part of a search's work. One cache for the process, of
 * CACHE_SLOTS words in sets of two (the one used last stays), each set behind a lock of its stripe, held only to
 * copy a word in or out: a search never waits for another's search. */
enum { CACHE_SLOTS = 16384, CACHE_WAYS = 2, CACHE_STRIPES = 256, CACHE_TEXT_BYTES = 64 };

typedef struct {
    uint64_t generation; /* the index's generation + 1 when it was found; 0: an empty slot */
    uint64_t used;       /* when it was last found or kept, by the cache's clock */
    bool deep;
    char text[CACHE_TEXT_BYTES];
    uint32_t own;
    bool attested;
    int expansion_count;
    Expansion expansions[MAX_EXPANSIONS];
} CachedUnit;

static struct {
    pthread_once_t once;
    CachedUnit *slots;
    pthread_mutex_t stripes[CACHE_STRIPES];
    _Atomic uint64_t clock;
} cache = {.once = PTHREAD_ONCE_INIT};

static void cache_make(void)
{
    for (int i = 0; i < CACHE_STRIPES; i++)
        pthread_mutex_init(&cache.stripes[i], NULL);
    cache.slots = calloc(CACHE_SLOTS, sizeof(CachedUnit));
}

size_t search_word_cache_memory(void)
{
    return sizeof(CachedUnit) * CACHE_SLOTS;
}

/* The first slot of the set a unit's text falls in; -1 when it cannot be kept (a long text, no memory). */
static int cache_set(const char *text, bool deep)
{
    size_t length = strlen(text);
    if (length >= CACHE_TEXT_BYTES || pthread_once(&cache.once, cache_make) != 0 || !cache.slots)
        return -1;
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)deep;
    for (size_t i = 0; i < length; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211ULL;
    return (int)(mix(h) & (CACHE_SLOTS / CACHE_WAYS - 1)) * CACHE_WAYS;
}

static pthread_mutex_t *cache_stripe(int set)
{
    return &cache.stripes[(set / CACHE_WAYS) % CACHE_STRIPES];
}

/* Copies the unit's expansions from the cache; false when it does not hold them for the index as it is. The caller
 * holds the index's lock, so its generation cannot change meanwhile. */
static bool cache_get(QueryUnit *q, bool deep)
{
    int set = cache_set(q->text, deep);
    if (set < 0)
        return false;
    bool found = false;
    pthread_mutex_lock(cache_stripe(set));
    for (int way = 0; way < CACHE_WAYS && !found; way++) {
        CachedUnit *slot = &cache.slots[set + way];
        if (slot->generation != search_index.generation + 1 || slot->deep != deep || strcmp(slot->text, q->text) != 0)
            continue;
        found = true;
        slot->used = ++cache.clock;
        q->own = slot->own;
        q->attested = slot->attested;
        q->expansion_count = slot->expansion_count;
        memcpy(q->expansions, slot->expansions, sizeof q->expansions);
    }
    pthread_mutex_unlock(cache_stripe(set));
    if (found)
        q->letter_count = text_code_points(q->text, q->letters, MATCH_MAX_LETTERS);
    return found;
}

/* Keeps the unit's expansions in the slot of its set used least recently (or holding a stale generation). */
static void cache_put(const QueryUnit *q, bool deep)
{
    int set = cache_set(q->text, deep);
    if (set < 0)
        return;
    pthread_mutex_lock(cache_stripe(set));
    CachedUnit *slot = &cache.slots[set];
    for (int way = 1; way < CACHE_WAYS; way++) {
        CachedUnit *other = &cache.slots[set + way];
        bool stale = other->generation != search_index.generation + 1;
        if (stale || other->used < slot->used)
            slot = other;
        if (stale)
            break;
    }
    *slot = (CachedUnit){.generation = search_index.generation + 1,
                         .used = ++cache.clock,
                         .deep = deep,
                         .own = q->own,
                         .attested = q->attested,
                         .expansion_count = q->expansion_count};
    snprintf(slot->text, sizeof slot->text, "%s", q->text);
    memcpy(slot->expansions, q->expansions, sizeof slot->expansions);
    pthread_mutex_unlock(cache_stripe(set));
}

/* Finds the index tokens a unit may stand for; `deep` also looks two dropped letters away. */
static void expand_afresh(QueryUnit *q, bool deep);

static void expand(QueryUnit *q, bool deep)
{
    if (cache_get(q, deep))
        return;
    expand_afresh(q, deep);
    cache_put(q, deep);
}

static void expand_afresh(QueryUnit *q, bool deep)
{
    q->letter_count = text_code_points(q->text, q->letters, MATCH_MAX_LETTERS);
    q->own = token_find(q->text);
    q->attested = (q->own && search_index.tokens[q->own].count >= ATTESTED) || text_common_name(q->text);
    if (q->own && first_check(q, q->own))
        add_expansion(q, q->own, 1.0f, HOW_EXACT);
    const char *bare = text_without_article(q->text);
    uint32_t bare_token = bare != q->text ? token_find(bare) : 0;
    if (bare_token && first_check(q, bare_token))
        add_expansion(q, bare_token, 0.95f, HOW_ARTICLE);
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

TableSlot *table_slot(Search *s, uint32_t token, bool insert)
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
void build_units(Search *s, char **words, int n)
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

/* The persons of one key, frozen and recent. */
bool list_find(Search *s, uint32_t key, List *list)
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

static bool other_name(const Expansion *e)
{
    return e->how == HOW_OTHER_NAME;
}

/* Every list the query's units can reach: pairs of units (in either role) and, for a unit that is the whole
 * query, the persons with that first or family name. */
/* Adds a list to those to read. */
void list_push(Search *s, const List *list)
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

void collect_lists(Search *s)
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
