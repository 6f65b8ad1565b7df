/* What a list can still bring: the exact upper bound on the score of a person in it not yet considered, over every
 * reading of the query such a person allows, ruling out what lists already read have covered. */
#include "search/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "text/arabic.h"
#include "text/match.h"

/* The shortest lists first: a rare pair of names finds its person before a common one fills the candidates. */
int compare_lists(const void *a, const void *b)
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

int best_weights(int units)
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

void full_mark(Search *s, const uint32_t *token)
{
    uint32_t slot = full_hash(token) & (FULL_SLOTS - 1);
    while (s->full_read[slot][0] && memcmp(s->full_read[slot], token, sizeof s->full_read[slot]) != 0)
        slot = (slot + 1) & (FULL_SLOTS - 1);
    memcpy(s->full_read[slot], token, sizeof s->full_read[slot]);
}

/* What a list's persons are known to hold, and what the query's units can be in the parts left free. */
typedef struct {
    const List *list;
    uint32_t token[PART_COUNT];               /* the names they hold, by part; 0: not known */
    bool fixed[PART_COUNT], none[PART_COUNT]; /* a part known, or known to be empty (no grandfather) */
    int free_part[2], free_count;
    float fixed_sim[MAX_UNITS][PART_COUNT];    /* similarity of each unit to each known name */
    float gains[MAX_UNITS][2][MAX_EXPANSIONS]; /* weight × similarity of each expansion in a free part, where a
                                                     * person holding it could still be unread */
    float gain[MAX_UNITS][2];                  /* the best of each unit's */
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
    return part != PART_FAMILY && x->how == HOW_ARTICLE ? x->similarity * ARTICLE_OFF_FAMILY : x->similarity;
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
                if (!key_token(x, r) || (pair && (!pair_open(s, p, list->left, list->left_expansion, r, t, e) ||
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
float list_bound(const Search *s, const List *list)
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

void align_from(Alignment *a, int word, int used, float gained, int unassigned, int joins)
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
