/* The case fields come from one table (model/case_fields.h): the table the API and the checks read is whole and
 * consistent, and every field goes into the store and comes back out of it, on insert and on update, through the
 * columns derived from the same table. A field added to the table without its column, or bound under another name,
 * fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/cases/cases.h"
#include "domain/core/codes.h"
#include "store/cases.h"
#include "store/org.h"
#include "store/store.h"
#include "temp_dir.h"

static void test_table(void **state)
{
    (void)state;
    assert_int_equal(case_field_count, CASE_FIELD_COUNT);
    assert_string_equal(case_fields[CASE_FIELD_SENSITIVITY].name, "sensitivity");
    assert_string_equal(case_fields[CASE_FIELD_CENTRE_UNIT].name, "centre_unit_id");
    for (int f = 0; f < case_field_count; f++) {
        const CaseField *field = &case_fields[f];
        bool coded = field->type == CF_CODE || field->type == CF_CODES;
        assert_true(coded == (field->codes != NULL));
        assert_true(field->offset < sizeof(Case));
        assert_true((field->max_chars > 0) == (field->type == CF_TEXT));
        assert_true((field->flags & CF_PAST) == 0 || field->type == CF_DATE || field->type == CF_TIME);
        assert_int_equal(field->kinds & ~(unsigned)((1u << CASE_KIND_COUNT) - 1), 0);
        for (int g = 0; g < f; g++)
            assert_string_not_equal(case_fields[g].name, field->name);
    }
    assert_int_equal(case_kind_bit("juvenile_conflict"), CASE_KIND_JC);
    assert_int_equal(case_kind_bit("inmate_family"), CASE_KIND_IN);
    assert_int_equal(case_kind_bit("no_such_kind"), 0);
}

/* Gives every field of c a value of its type that differs with round (1 or 2). */
static void fill(Case *c, Arena *arena, int round, int64_t centre)
{
    for (int f = 0; f < case_field_count; f++) {
        const CaseField *field = &case_fields[f];
        void *slot = (char *)c + field->offset;
        switch (field->type) {
        case CF_TEXT: *(char **)slot = arena_printf(arena, "%s, round %d", field->name, round); break;
        case CF_DATE: *(char **)slot = arena_printf(arena, "2026-0%d-%02d", round, f + 1); break;
        case CF_CODE:
        case CF_CODES: *(char **)slot = (char *)field->codes->entries[field->codes->count - round].code; break;
        case CF_TIME: *(int64_t *)slot = 1767225600 + round * 1000 + f; break;
        case CF_TRISTATE: *(int *)slot = round == 1; break;
        case CF_UNIT: *(int64_t *)slot = round == 1 ? centre : 0; break;
        }
    }
}

/* Every field of got equals the one of want. */
static void assert_fields_equal(const Case *want, const Case *got)
{
    for (int f = 0; f < case_field_count; f++) {
        const CaseField *field = &case_fields[f];
        const void *a = (const char *)want + field->offset, *b = (const char *)got + field->offset;
        switch (field->type) {
        case CF_TEXT:
        case CF_DATE:
        case CF_CODE:
        case CF_CODES:
            if (!*(char *const *)b || strcmp(*(char *const *)a, *(char *const *)b) != 0)
                fail_msg("%s: %s, not %s", field->name, *(char *const *)b, *(char *const *)a);
            break;
        case CF_TIME:
        case CF_UNIT:
            if (*(const int64_t *)a != *(const int64_t *)b)
                fail_msg("%s: %lld, not %lld", field->name, (long long)*(const int64_t *)b,
                         (long long)*(const int64_t *)a);
            break;
        case CF_TRISTATE:
            if (*(const int *)a != *(const int *)b)
                fail_msg("%s: %d, not %d", field->name, *(const int *)b, *(const int *)a);
            break;
        }
    }
}

static void test_store_round_trip(void **state)
{
    (void)state;
    TempDir temp;
    Db *db = NULL;
    char error[256];
    Arena arena;
    arena_init(&arena, 0);
    assert_int_equal(temp_dir_make(&temp), 0);
    assert_int_equal(store_open(temp_path(&temp, "fields.db"), STORE_OPEN_CREATE, &db, error), TK_OK);
    Unit unit = {.code = "unit",
                 .name_ar = "unit",
                 .name_en = "unit",
                 .type = "directorate",
                 .agency = "mosd",
                 .governorate = "amman",
                 .status = "active"};
    Unit centre = {.code = "centre",
                   .name_ar = "centre",
                   .name_en = "centre",
                   .type = "correction_centre",
                   .agency = "psd",
                   .governorate = "amman",
                   .status = "active"};
    assert_int_equal(store_unit_insert(db, &unit), TK_OK);
    assert_int_equal(store_unit_insert(db, &centre), TK_OK);

    Case c = {.reference = "JC-2026-000001", .kind = "juvenile_conflict", .unit_id = unit.id, .stage = "registration"};
    fill(&c, &arena, 1, centre.id);
    assert_int_equal(store_case_insert(db, &c, 0), TK_OK);
    Case got;
    assert_int_equal(store_case_get(db, c.id, &arena, &got), TK_OK);
    assert_fields_equal(&c, &got);

    fill(&got, &arena, 2, centre.id);
    assert_int_equal(store_case_update(db, &got, 0), TK_OK);
    Case again;
    assert_int_equal(store_case_get(db, c.id, &arena, &again), TK_OK);
    assert_fields_equal(&got, &again);
    assert_int_equal(again.centre_unit_id, 0);
    assert_int_equal(again.settlement_eligible, 0);

    /* unknown stays unknown */
    again.settlement_eligible = -1;
    assert_int_equal(store_case_update(db, &again, 0), TK_OK);
    assert_int_equal(store_case_get(db, c.id, &arena, &got), TK_OK);
    assert_int_equal(got.settlement_eligible, -1);

    store_close(db);
    temp_dir_remove(&temp);
    arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_store_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
