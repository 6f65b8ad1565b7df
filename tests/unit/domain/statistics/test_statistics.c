/* src/domain/statistics (table.c, catalogue.c) as pure rules: the table built from rows, the small-number rule with
 * its complementary suppression (no hidden count can be worked out from a total and the numbers shown), the bands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "domain/statistics/statistics.h"

static const StatIndicator *cases_new(void)
{
    return stat_indicator_find("cases_new");
}

/* A rows × columns table of the given counts (row-major), rows by governorate and columns by kind. */
static void make_table(Arena *arena, int rows, int columns, const int64_t *counts, StatTable *t)
{
    static const char *governorates[] = {"amman", "irbid", "zarqa", "balqa", "karak", "aqaba"};
    static const char *kinds[] = {"family_violence", "inmate_family", "juvenile_conflict", "juvenile_protection"};
    StatRow *r = arena_calloc(arena, (size_t)(rows * columns), sizeof(StatRow));
    for (int i = 0; i < rows; i++)
        for (int c = 0; c < columns; c++) {
            StatRow *row = &r[i * columns + c];
            row->key[STAT_DIM_GOVERNORATE] = governorates[i];
            row->key[STAT_DIM_KIND] = kinds[c];
            row->value = counts[i * columns + c];
        }
    int dims[2] = {STAT_DIM_GOVERNORATE, columns > 1 ? STAT_DIM_KIND : -1};
    assert_int_equal(stat_table_build(arena, cases_new(), r, rows * columns, dims, NULL, NULL, t), TK_OK);
}

/* Every line of the grid (each row with its total, each column with its total, the margins) hides none of its
 * numbers or at least two: one hidden number alone is the total less the others. */
static void assert_protected(const StatTable *t)
{
    for (int r = 0; r <= t->row_count; r++) {
        int hidden = 0;
        for (int c = 0; c <= t->column_count; c++)
            hidden += stat_table_hidden(t, r, c) != STAT_SHOWN;
        assert_true(hidden == 0 || hidden >= 2);
    }
    for (int c = 0; c <= t->column_count; c++) {
        int hidden = 0;
        for (int r = 0; r <= t->row_count; r++)
            hidden += stat_table_hidden(t, r, c) != STAT_SHOWN;
        assert_true(hidden == 0 || hidden >= 2);
    }
}

static void test_table_from_rows(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 4096);
    StatTable t;
    const int64_t counts[] = {10, 20, 30, 40, 5, 6, 7, 8};
    make_table(&arena, 2, 4, counts, &t);
    assert_int_equal(t.row_count, 2);
    assert_int_equal(t.column_count, 4);
    /* keys sorted as text */
    assert_string_equal(t.row_keys[0], "amman");
    assert_string_equal(t.row_keys[1], "irbid");
    assert_int_equal(t.row_totals[0], 100);
    assert_int_equal(t.row_totals[1], 26);
    assert_int_equal(t.column_totals[3], 48);
    assert_int_equal(t.total, 126);
    assert_true(t.exact);
    arena_free(&arena);
}

/* The complementary case: one small cell in a row whose total is shown. */
static void test_one_small_cell_in_a_row_with_its_total(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 4096);
    StatTable t;
    const int64_t counts[] = {
        12, 3,  40, 25, /* amman: 3 is small; its row total 80 is shown */
        30, 22, 50, 61, /* irbid */
        18, 35, 27, 44, /* zarqa */
    };
    make_table(&arena, 3, 4, counts, &t);
    stat_table_suppress(&t, 5);
    assert_false(t.exact);
    assert_int_equal(stat_table_hidden(&t, 0, 1), STAT_SMALL);
    /* the row's total stays shown, so a second cell of the row is hidden: the smallest, 12 */
    assert_int_equal(stat_table_hidden(&t, 0, 4), STAT_SHOWN);
    assert_int_equal(stat_table_hidden(&t, 0, 0), STAT_COMPLEMENTARY);
    /* and the columns of both then hide a second cell each */
    int hidden_in_column_1 = 0, hidden_in_column_0 = 0;
    for (int r = 0; r < 3; r++) {
        hidden_in_column_1 += stat_table_hidden(&t, r, 1) != STAT_SHOWN;
        hidden_in_column_0 += stat_table_hidden(&t, r, 0) != STAT_SHOWN;
    }
    assert_true(hidden_in_column_1 >= 2);
    assert_true(hidden_in_column_0 >= 2);
    assert_protected(&t);
    /* the grand total is no small number: it stays shown */
    assert_int_equal(stat_table_hidden(&t, 3, 4), STAT_SHOWN);
    arena_free(&arena);
}

static void test_one_dimension(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 4096);
    StatTable t;
    const int64_t counts[] = {2, 20, 30, 0};
    make_table(&arena, 4, 1, counts, &t);
    stat_table_suppress(&t, 5);
    /* rows sorted: amman 2, balqa 0, irbid 20, zarqa 30 */
    assert_string_equal(t.row_keys[1], "balqa");
    assert_int_equal(stat_table_hidden(&t, 0, 0), STAT_SMALL);
    /* the total 52 shown: the smallest other count above zero is hidden with it, never the zero */
    assert_int_equal(stat_table_hidden(&t, 2, 0), STAT_COMPLEMENTARY);
    assert_int_equal(stat_table_hidden(&t, 1, 0), STAT_SHOWN);
    assert_int_equal(stat_table_hidden(&t, 3, 0), STAT_SHOWN);
    assert_int_equal(stat_table_hidden(&t, 4, 0), STAT_SHOWN);
    assert_protected(&t);
    arena_free(&arena);
}

static void test_small_total_and_zeros(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 4096);
    StatTable t;
    /* a total that is itself small is hidden; zeros are not small */
    const int64_t counts[] = {0, 3, 0, 0};
    make_table(&arena, 1, 4, counts, &t);
    stat_table_suppress(&t, 5);
    assert_int_equal(stat_table_hidden(&t, 0, 1), STAT_SMALL);
    assert_int_equal(stat_table_hidden(&t, 0, 4), STAT_SMALL);
    assert_int_equal(stat_table_hidden(&t, 0, 0), STAT_SHOWN);
    assert_protected(&t);
    arena_free(&arena);
}

static void test_threshold_is_a_setting(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena, 4096);
    StatTable t;
    const int64_t counts[] = {7, 20, 30, 40, 50, 60, 70, 80};
    make_table(&arena, 2, 4, counts, &t);
    stat_table_suppress(&t, 5);
    assert_int_equal(stat_table_hidden(&t, 0, 0), STAT_SHOWN);
    stat_table_suppress(&t, 11);
    assert_int_equal(stat_table_hidden(&t, 0, 0), STAT_SMALL);
    assert_protected(&t);
    arena_free(&arena);
}

/* Many tables of small and large counts: every one protected, every small count hidden, no count above zero shown
 * when it is small. */
static void test_many_tables_protected(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    for (int round = 0; round < 500; round++) {
        Arena arena;
        arena_init(&arena, 8192);
        int rows = 1 + (int)(seed % 6), columns = 1 + (int)((seed / 7) % 4);
        int64_t counts[24];
        for (int i = 0; i < rows * columns; i++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t pick = (seed >> 16) % 10;
            counts[i] = pick < 3 ? 0 : pick < 6 ? (int64_t)(1 + (seed >> 8) % 4) : (int64_t)(5 + (seed >> 4) % 60);
        }
        StatTable t;
        make_table(&arena, rows, columns, counts, &t);
        stat_table_suppress(&t, 5);
        assert_protected(&t);
        for (int r = 0; r < t.row_count; r++)
            for (int c = 0; c < t.column_count; c++) {
                int64_t v = t.cells[r * t.column_count + c];
                if (v > 0 && v < 5)
                    assert_int_equal(stat_table_hidden(&t, r, c), STAT_SMALL);
            }
        arena_free(&arena);
    }
}

static void test_bands_and_catalogue(void **state)
{
    (void)state;
    assert_string_equal(stat_band_open_close(30), "0_30");
    assert_string_equal(stat_band_open_close(31), "31_90");
    assert_string_equal(stat_band_open_close(181), "181_plus");
    assert_string_equal(stat_band_incident_report(3), "0_3");
    assert_string_equal(stat_band_incident_report(4), "4_5");
    assert_string_equal(stat_band_incident_report(91), "91_plus");
    assert_string_equal(stat_band_workload(9), "0_9");
    assert_string_equal(stat_band_workload(30), "30_plus");
    assert_string_equal(stat_age_band(11), "under_12");
    assert_string_equal(stat_age_band(14), "12_14");
    assert_string_equal(stat_age_band(-1), "unknown");
    int count;
    const StatIndicator *all = stat_indicators(&count);
    for (int i = 0; i < count; i++) {
        assert_ptr_equal(stat_indicator_find(all[i].id), &all[i]);
        assert_true((all[i].default_dims & all[i].dims) == all[i].default_dims);
        assert_true(all[i].available || all[i].pending_issue);
    }
    assert_non_null(stat_indicator_find("deadlines"));
    assert_true(stat_indicator_find("programme_completion")->available);
    assert_true(stat_indicator_find("recommendations")->available);
    assert_int_equal(stat_dim_parse("governorate", 11), STAT_DIM_GOVERNORATE);
    assert_int_equal(stat_dim_parse("governorates", 12), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_from_rows),        cmocka_unit_test(test_one_small_cell_in_a_row_with_its_total),
        cmocka_unit_test(test_one_dimension),          cmocka_unit_test(test_small_total_and_zeros),
        cmocka_unit_test(test_threshold_is_a_setting), cmocka_unit_test(test_many_tables_protected),
        cmocka_unit_test(test_bands_and_catalogue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
