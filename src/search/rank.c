/* Scoring a person against the query (the best alignment of its words with the record's parts), keeping the best
 * answers, and reading the lists the shortest first until none can bring a better one; search_run. */
#include "search/internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "base/err.h"
#include "base/settings.h"
#include "text/arabic.h"
#include "text/match.h"

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
                if (p != PART_FAMILY && slot->how[u] == HOW_ARTICLE)
                    found *= ARTICLE_OFF_FAMILY;
                if (found <= similarity[u][p])
                    continue;
                similarity[u][p] = found;
                hows[u][p] = form == 1 && slot->how[u] == HOW_EXACT ? HOW_ARTICLE : slot->how[u];
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
    Alignment a = {
        .s = s, .similarity = similarity, .grandfather_unknown = !person->parts[PART_GRANDFATHER], .best = -1};
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
    SearchHit *hit = &s->top[s->limit];          /* scratch, past the kept ones */
    memset(hit, 0, offsetof(SearchHit, person)); /* the record is filled after the search: zero until then */
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
int search_national_variants(Arena *arena, const char *number, const char **out)
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
        /* the persons of a long list lie all over memory: ask for them ahead, those passed over below too */
        if (i + 8 < list->frozen_count)
            __builtin_prefetch(&search_index.persons[list->frozen[i + 8]]);
        /* a birth year far from the one asked (or the other sex) may leave a person no chance at all: passed over
         * without scoring, and considered in full if another list can still bring them in */
        if ((s->birth_year || s->sex) && id < search_index.person_capacity &&
            bound - person_penalty(s, &search_index.persons[id]) < entry_floor(s) - 0.0001f)
            continue;
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

/* The bound of a list's persons not yet considered (1 for a short list, read whole without one). */
static float bound_of(const Search *s, const List *list)
{
    if (list->count < PRUNE_FROM)
        return 1.0f;
    float bound = list_bound(s, list);
    return s->numbers_asked ? bound * 0.6f : bound;
}

/* Reads a list (with its bound) unless none of its persons can enter; false when the work limit stopped it. *read:
 * whether it was. */
static bool read_within(Search *s, const List *list, float bound, bool *read)
{
    /* a list none of whose persons can enter counts as read: the bounds of the others may leave them out */
    *read = bound >= entry_floor(s) - 0.0001f;
    return !*read || read_list(s, list, bound);
}

/* A long pair list's bound can stay above the last kept score only because its persons could also hold a word read
 * as another name (النبيه for النبوه), whose pair lists are not looked up with the others: a pair of two common
 * names holds a tenth of the registry. Before such a list is read whole, the pair lists of its two names with those
 * readings are looked up and read while, together, they hold at most a quarter of its persons: its bound then
 * counts them as read, and often falls below the last kept score. False when the work limit stopped a reading;
 * *changed: whether a list's state changed (the bound is then worth computing again). */
static bool settle_other_names(Search *s, const List *list, bool *changed)
{
    int unit[2] = {list->left, list->right}, expansion[2] = {list->left_expansion, list->right_expansion};
    int part[2] = {kind_left[list->kind], kind_right[list->kind]};
    int words = s->units[unit[0]].words | s->units[unit[1]].words;
    uint32_t budget = list->count / 4;
    for (int side = 0; side < 2; side++) {
        uint32_t held = key_token(&s->units[unit[side]].expansions[expansion[side]], part[side]);
        for (int kind = 0; kind < PAIR_KINDS; kind++) {
            bool left = kind_left[kind] == part[side];
            int other = left ? kind_right[kind] : kind_left[kind];
            if ((!left && kind_right[kind] != part[side]) || other == part[1 - side])
                continue;
            for (int t = 0; t < s->unit_count; t++) {
                if (s->units[t].words & words)
                    continue;
                for (int e = 0; e < s->units[t].expansion_count; e++) {
                    size_t at = left ? list_state_index(kind, unit[side], expansion[side], t, e)
                                     : list_state_index(kind, t, e, unit[side], expansion[side]);
                    uint32_t token = key_token(&s->units[t].expansions[e], other);
                    if (s->state[at] != LIST_UNKNOWN || !token)
                        continue;
                    uint32_t key = pair_key(KEY_FIRST_FAMILY + kind, left ? held : token, left ? token : held);
                    List pair = {.key = key, .kind = (uint8_t)kind};
                    *changed = true;
                    if (!list_find(s, key, &pair)) {
                        s->state[at] = LIST_EMPTY;
                        continue;
                    }
                    if (pair.count > budget)
                        continue;
                    budget -= pair.count;
                    pair.left = (uint8_t)(left ? unit[side] : t);
                    pair.left_expansion = (uint8_t)(left ? expansion[side] : e);
                    pair.right = (uint8_t)(left ? t : unit[side]);
                    pair.right_expansion = (uint8_t)(left ? e : expansion[side]);
                    bool read;
                    if (!read_within(s, &pair, bound_of(s, &pair), &read))
                        return false;
                    s->state[at] = LIST_READ;
                }
            }
        }
    }
    return true;
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
            float bound = bound_of(s, list);
            bool changed = false;
            if (list->kind < PAIR_KINDS && list->count >= PRUNE_FROM * 4 && bound >= entry_floor(s) - 0.0001f) {
                if (!settle_other_names(s, list, &changed)) {
                    s->truncated = true;
                    return;
                }
                if (changed)
                    bound = bound_of(s, list);
            }
            if (!read_within(s, list, bound, &previous_read)) {
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

int search_run(Arena *arena, const SearchQuery *query, const SearchNumbers *numbers, SearchAnswer *answer)
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
    s->numbers_asked = numbers && numbers->asked;
    s->by_number = numbers ? numbers->ids : NULL;
    s->numbers = numbers ? numbers->count : 0;
    s->exact_numbers = numbers ? numbers->exact : 0;
    search_index_wait_loaded();
    pthread_rwlock_rdlock(&search_index.lock);
    build_units(s, words, n);
    int rc = TK_OK;
    for (int i = 0; i < s->numbers; i++)
        consider(s, (uint32_t)s->by_number[i]);
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
    answer->considered = s->seen;
    return TK_OK;
}
