/* src/base/fields.c: a record's fields copied by its field table, those a change names (by their bits) and those an
 * edit gives (text, numbers and flags that are set). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/fields.h"

typedef struct {
    int64_t id;
    int places;
    bool open;
    const char *name;
    char *notes;
} Sample;

static void test_copy_chosen(void **state)
{
    (void)state;
    Sample out = {.id = 1, .places = 2, .open = true, .name = "old", .notes = NULL};
    char notes[] = "new notes";
    Sample changes = {.id = 9, .places = 0, .open = false, .name = NULL, .notes = notes};
    Fields fields = FIELDS(Sample, id, places, open, name, notes);
    /* bits 1 (places), 3 (name) and 4 (notes): a field named is copied even when it is empty */
    fields_copy_chosen(&out, &changes, fields, 1u << 1 | 1u << 3 | 1u << 4);
    assert_int_equal(out.id, 1);
    assert_int_equal(out.places, 0);
    assert_true(out.open);
    assert_null(out.name);
    assert_ptr_equal(out.notes, notes);
    fields_copy_chosen(&out, &changes, fields, 0);
    assert_int_equal(out.id, 1);
}

static void test_copy_given(void **state)
{
    (void)state;
    Sample out = {.id = 1, .places = 2, .open = true, .name = "old", .notes = NULL};
    Sample edit = {.id = 0, .places = 7, .open = false, .name = "new", .notes = NULL};
    fields_copy_given(&out, &edit, FIELDS(Sample, id, places, open, name, notes));
    assert_int_equal(out.id, 1);
    assert_int_equal(out.places, 7);
    assert_true(out.open);
    assert_string_equal(out.name, "new");
    assert_null(out.notes);
    /* a field not in the table is never copied */
    Sample other = {.id = 5, .places = 3, .open = true, .name = "other"};
    fields_copy_given(&out, &other, FIELDS(Sample, places));
    assert_int_equal(out.id, 1);
    assert_int_equal(out.places, 3);
    assert_string_equal(out.name, "new");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_chosen),
        cmocka_unit_test(test_copy_given),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
