/* Inside search/ only: the index's structures (index.c) and the state of one search, shared by the files that
 * read the query (query.c), bound what each list can still bring (bounds.c) and score and keep persons (rank.c). */
#ifndef TAKAMUL_SEARCH_INTERNAL_H
#define TAKAMUL_SEARCH_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "search/search.h"
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

/* Index keys: a kind and one or two token ids. The first four kinds pair two parts (in the order of kind_left and
 * kind_right); the next two hold one. */
enum {
    KEY_FIRST_FAMILY = 1,
    KEY_FIRST_FATHER,
    KEY_FATHER_FAMILY,
    KEY_GRANDFATHER_FAMILY,
    KEY_FAMILY,
    KEY_FIRST,
    KEY_FULL,
    KEY_LINEAGE
};

/* The parts a token was seen in, as bits (1 << NamePart); a family name's form without the article counts as a
 * family name too. */
typedef struct {
    char *text;
    uint32_t count; /* how many persons carry it, in any part (a family name's form without the article: also those of
                     * its article form) */
    uint8_t parts;
    bool common;   /* a given name in common use (text_common_name) */
    uint32_t bare; /* for a family name: the token of its form without the article (itself when it has none) */
} Token;

typedef struct {
    uint32_t parts[PART_COUNT]; /* token ids; 0: none */
    uint32_t family_bare;       /* the family token without its article */
    uint16_t birth_year;
    uint8_t sex; /* 0 unknown, 1 female, 2 male */
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

typedef struct {
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
    uint64_t generation;    /* counts the index's changes (under the write lock): what a word's expansions were
                             * found at, kept across searches (query.c), holds while it is the same */
    size_t text_bytes;
} SearchIndex;

/* The one index of the process (index.c). */
extern SearchIndex search_index;

/* Hashes that spread keys over the 32 bits the maps and postings use. */
static inline uint32_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return (uint32_t)h;
}

static inline uint64_t hash_letters(const uint32_t *letters, int count)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < count; i++) {
        h ^= letters[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* The keys of a pair of parts (or one part, b 0), of a lineage, and of a complete name. */
uint32_t pair_key(int kind, uint32_t a, uint32_t b);
uint32_t lineage_key(uint32_t first, uint32_t father, uint32_t grandfather);
uint32_t full_key(uint32_t first, uint32_t father, uint32_t grandfather, uint32_t family);
/* The frozen persons of a key (count 0: none). */
const uint32_t *frozen_find(uint32_t key, uint32_t *count);
/* The id of a token's text, 0 when the index does not hold it. */
uint32_t token_find(const char *text);

/* Searching. The query's words become units: each word, and two neighbouring words written apart that the index
 * knows as one name (نور الهدى). A unit's expansions are the index tokens it may stand for, with their similarity. */
enum {
    MAX_QUERY_TOKENS = 5,
    MAX_UNITS = 2 * MAX_QUERY_TOKENS - 1,
    MAX_EXPANSIONS = 12,
    SEEN_SLOTS = 4096,   /* the set of persons considered starts with this many slots, a power of two */
    FULL_EXPANSIONS = 4, /* expansions of each unit tried in complete names */
    FULL_LOOKUPS = 1024, /* complete names looked up, at most */
    FULL_SLOTS = 2048,   /* > FULL_LOOKUPS, a power of two */
    ATTESTED = 3,
    COMPARABLE = 1000,   /* two names carried by many, the one by at most this many times more persons than the other:
                        * a slip repeated in the registry is rarer still */
    TABLE_SLOTS = 256,   /* > MAX_UNITS * MAX_EXPANSIONS, a power of two */
    CHECKED_SLOTS = 256, /* a power of two */
    PRUNE_FROM = 64,     /* lists shorter than this are read without checking their bound */
    PAIR_KINDS = 4,      /* KEY_FIRST_FAMILY, KEY_FIRST_FATHER, KEY_FATHER_FAMILY, KEY_GRANDFATHER_FAMILY */
};

/* What kind of match an expansion is, as the answer names it: one string each, compared by address in the scoring
 * of every candidate. */
extern const char HOW_EXACT[], HOW_ARTICLE[], HOW_SPELLING[], HOW_OTHER_NAME[];

typedef struct {
    uint32_t token;
    uint32_t family_key; /* the token a family name is indexed under (without the article); 0: not a family name */
    float similarity;
    const char *how;
} Expansion;

typedef struct {
    const char *text;
    int words;     /* bits: the query words it stands for */
    uint32_t own;  /* the token itself, when the index has it */
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

/* The grandfather with the family: a word that may be either is settled by a short list, not by reading every
 * person of a common first name and family (محمد … اللحام) to find the few whose grandfather it is. */
static const int kind_left[PAIR_KINDS] = {PART_FIRST, PART_FIRST, PART_FATHER, PART_GRANDFATHER};
static const int kind_right[PAIR_KINDS] = {PART_FAMILY, PART_FATHER, PART_FAMILY, PART_FAMILY};
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
    int words;                     /* query words */
    int join_at[MAX_QUERY_TOKENS]; /* the unit joining word i and i + 1, or -1 */
    int max_joins;                 /* joins that can be used together */
    QueryUnit units[MAX_UNITS];
    int unit_count;
    TableSlot table[TABLE_SLOTS];
    uint8_t *state; /* LIST_* of each pair list, by list_state_index */
    /* candidates seen: an open-addressing set that grows */
    uint32_t *seen_slots;
    uint32_t seen_mask;
    int seen, work_limit; /* persons considered, and the most that may be (search_work_limit) */
    bool truncated;       /* the work limit stopped the search where a person could still have entered */
    List *lists;          /* every list the query reaches, to be read the shortest first */
    int list_count, list_capacity;
    bool out_of_memory;
    /* complete names (four parts) whose persons were all considered, by the units and expansions that made them */
    uint32_t full_read[FULL_SLOTS][PART_COUNT];
    int full_lookups;
    /* the best hits so far, best first */
    SearchHit *top;
    int kept, limit;
    /* scoring */
    const int64_t *by_number;
    int numbers, exact_numbers;
    bool numbers_asked;
    int sex, birth_year;
    bool sex_lowers; /* the other sex is ranked lower and marked, not left out */
} Search;

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

static inline size_t list_state_index(int kind, int left, int left_expansion, int right, int right_expansion)
{
    return ((((size_t)kind * MAX_UNITS + (size_t)left) * MAX_EXPANSIONS + (size_t)left_expansion) * MAX_UNITS +
            (size_t)right) *
               MAX_EXPANSIONS +
           (size_t)right_expansion;
}

/* The token an expansion is looked up under for a part: family names without their article. 0: it is never
 * that part. */
static inline uint32_t key_token(const Expansion *e, int part)
{
    uint32_t token = part == PART_FAMILY ? e->family_key : e->token;
    return token && (search_index.tokens[token].parts & (1 << part)) ? token : 0;
}

/* query.c */
TableSlot *table_slot(Search *s, uint32_t token, bool insert);
void build_units(Search *s, char **words, int n);
bool list_find(Search *s, uint32_t key, List *list);
void list_push(Search *s, const List *list);
void collect_lists(Search *s);
/* bounds.c */
int compare_lists(const void *a, const void *b);
int best_weights(int units);
void full_mark(Search *s, const uint32_t *token);
float list_bound(const Search *s, const List *list);
void align_from(Alignment *a, int word, int used, float gained, int unassigned, int joins);

#endif
