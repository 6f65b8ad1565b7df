/* The table of counts of an indicator and the small-number rule (docs/statistics.md, "Small numbers"). Pure: no
 * database, no access; the unit tests drive it directly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "domain/statistics/statistics.h"

enum { MAX_MONTHS = 240 };

typedef struct {
    const char **keys;
    int count, capacity;
} KeyList;

static int key_index(const KeyList *list, const char *key)
{
    for (int i = 0; i < list->count; i++)
        if (strcmp(list->keys[i], key) == 0)
            return i;
    return -1;
}

static int key_add(Arena *arena, KeyList *list, const char *key)
{
    if (key_index(list, key) >= 0)
        return TK_OK;
    const char **grown = arena_grow(arena, list->keys, list->count, &list->capacity, sizeof(char *));
    if (!grown)
        return TK_ERR_NOMEM;
    list->keys = grown;
    list->keys[list->count++] = key;
    return TK_OK;
}

static int compare_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *row_key(const StatRow *row, int dim)
{
    return row->key[dim] ? row->key[dim] : "unknown";
}

/* The keys of one dimension: its fixed order first (so that empty bands show as 0), every month of the period, then
 * what the rows hold besides, sorted. */
static int collect_keys(Arena *arena, const StatIndicator *indicator, const StatRow *rows, int count, int dim,
                        const char *months_from, const char *months_to, KeyList *out)
{
    memset(out, 0, sizeof *out);
    if (dim < 0)
        return key_add(arena, out, "all");
    int rc = TK_OK;
    const char *const *order = stat_dim_order(indicator, dim);
    for (int i = 0; order && order[i] && rc == TK_OK; i++)
        rc = key_add(arena, out, order[i]);
    int fixed = out->count;
    int y, m, ty, tm;
    if (dim == STAT_DIM_MONTH && months_from && months_to && sscanf(months_from, "%4d-%2d", &y, &m) == 2 &&
        sscanf(months_to, "%4d-%2d", &ty, &tm) == 2) {
        for (int n = 0; rc == TK_OK && (y < ty || (y == ty && m <= tm)) && n < MAX_MONTHS; n++) {
            rc = key_add(arena, out, arena_printf(arena, "%04d-%02d", y, m));
            if (++m > 12)
                m = 1, y++;
        }
        fixed = 0; /* months sort as text */
    }
    for (int i = 0; i < count && rc == TK_OK; i++)
        rc = key_add(arena, out, row_key(&rows[i], dim));
    if (rc == TK_OK && out->count > fixed)
        qsort(out->keys + fixed, (size_t)(out->count - fixed), sizeof(char *), compare_text);
    return rc;
}

int stat_table_build(Arena *arena, const StatIndicator *indicator, const StatRow *rows, int count, const int dims[2],
                     const char *months_from, const char *months_to, StatTable *t)
{
    memset(t, 0, sizeof *t);
    t->dims[0] = dims[0];
    t->dims[1] = dims[1];
    KeyList r, c;
    int rc = collect_keys(arena, indicator, rows, count, dims[0], months_from, months_to, &r);
    if (rc == TK_OK)
        rc = collect_keys(arena, indicator, rows, count, dims[1], months_from, months_to, &c);
    if (rc != TK_OK)
        return rc;
    t->row_keys = r.keys;
    t->row_count = r.count;
    t->column_keys = c.keys;
    t->column_count = c.count;
    size_t cells = (size_t)t->row_count * (size_t)t->column_count;
    t->cells = arena_calloc(arena, cells + 1, sizeof(int64_t));
    t->row_totals = arena_calloc(arena, (size_t)t->row_count + 1, sizeof(int64_t));
    t->column_totals = arena_calloc(arena, (size_t)t->column_count + 1, sizeof(int64_t));
    t->hidden = arena_calloc(arena, (size_t)(t->row_count + 1) * (size_t)(t->column_count + 1),
                             sizeof(StatSuppression));
    bool capacity = false;
    for (int i = 0; i < count; i++)
        capacity = capacity || rows[i].capacity > 0;
    if (capacity)
        t->capacity = arena_calloc(arena, cells + 1, sizeof(int64_t));
    if (!t->cells || !t->row_totals || !t->column_totals || !t->hidden || (capacity && !t->capacity))
        return TK_ERR_NOMEM;
    for (int i = 0; i < count; i++) {
        int ri = dims[0] < 0 ? 0 : key_index(&r, row_key(&rows[i], dims[0]));
        int ci = dims[1] < 0 ? 0 : key_index(&c, row_key(&rows[i], dims[1]));
        size_t at = (size_t)ri * (size_t)t->column_count + (size_t)ci;
        t->cells[at] += rows[i].value;
        if (t->capacity)
            t->capacity[at] += rows[i].capacity;
        t->row_totals[ri] += rows[i].value;
        t->column_totals[ci] += rows[i].value;
        t->total += rows[i].value;
    }
    t->exact = true;
    return TK_OK;
}

/* The extended grid: (row_count + 1) × (column_count + 1), the last row and column the margins. */
static int64_t grid_value(const StatTable *t, int row, int column)
{
    if (row == t->row_count && column == t->column_count)
        return t->total;
    if (row == t->row_count)
        return t->column_totals[column];
    if (column == t->column_count)
        return t->row_totals[row];
    return t->cells[(size_t)row * (size_t)t->column_count + (size_t)column];
}

static StatSuppression *grid_mark(StatTable *t, int row, int column)
{
    return &t->hidden[(size_t)row * (size_t)(t->column_count + 1) + (size_t)column];
}

StatSuppression stat_table_hidden(const StatTable *t, int row, int column)
{
    return t->hidden[(size_t)row * (size_t)(t->column_count + 1) + (size_t)column];
}

/* One line of the grid (a row when along_row, else a column): its members and, last, its total. When exactly one
 * of its numbers is hidden, hides one more: the smallest count above zero among the members, else the total, else a
 * zero. Returns true when it hid one. */
static bool protect_line(StatTable *t, bool along_row, int line)
{
    int length = along_row ? t->column_count : t->row_count; /* members; the total is at index length */
    int hidden = 0;
    for (int k = 0; k <= length; k++)
        hidden += *(along_row ? grid_mark(t, line, k) : grid_mark(t, k, line)) != STAT_SHOWN;
    if (hidden != 1)
        return false;
    int pick = -1;
    int64_t smallest = 0;
    for (int k = 0; k < length; k++) {
        int64_t v = along_row ? grid_value(t, line, k) : grid_value(t, k, line);
        StatSuppression mark = *(along_row ? grid_mark(t, line, k) : grid_mark(t, k, line));
        if (mark == STAT_SHOWN && v > 0 && (pick < 0 || v < smallest))
            pick = k, smallest = v;
    }
    if (pick < 0 && *(along_row ? grid_mark(t, line, length) : grid_mark(t, length, line)) == STAT_SHOWN)
        pick = length;
    for (int k = 0; pick < 0 && k < length; k++)
        if (*(along_row ? grid_mark(t, line, k) : grid_mark(t, k, line)) == STAT_SHOWN)
            pick = k;
    if (pick < 0)
        return false;
    *(along_row ? grid_mark(t, line, pick) : grid_mark(t, pick, line)) = STAT_COMPLEMENTARY;
    return true;
}

void stat_table_suppress(StatTable *t, int64_t threshold)
{
    t->exact = false;
    for (int r = 0; r <= t->row_count; r++)
        for (int c = 0; c <= t->column_count; c++) {
            int64_t v = grid_value(t, r, c);
            *grid_mark(t, r, c) = v > 0 && v < threshold ? STAT_SMALL : STAT_SHOWN;
        }
    /* each pass only hides more, so it ends; a line with two hidden numbers stays protected */
    for (bool changed = true; changed;) {
        changed = false;
        for (int r = 0; r <= t->row_count; r++)
            changed = protect_line(t, true, r) || changed;
        for (int c = 0; c <= t->column_count; c++)
            changed = protect_line(t, false, c) || changed;
    }
}
