/* src/domain/core/validate.c and the small helpers of context.h and codes.h that the domain's calls share: a code a
 * field must hold, a text that must be given, a list's query parameters from a table, a value among strings, and a
 * record read for a change (not found, or at another version). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "domain/core/codes.h"
#include "domain/core/context.h"
#include "domain/core/validate.h"

typedef struct {
    Fault fault;
    Ctx ctx;
} Fixture;

static int setup(void **state)
{
    static Fixture f;
    memset(&f, 0, sizeof f);
    f.ctx.fault = &f.fault;
    *state = &f;
    return 0;
}

/* The code of the last field fault recorded on field, or NULL. */
static const char *fault_of(const Fault *fault, const char *field)
{
    const char *code = NULL;
    for (int i = 0; i < fault->field_count; i++)
        if (strcmp(fault->fields[i].field, field) == 0)
            code = fault->fields[i].code;
    return code;
}

static void test_validate_code(void **state)
{
    Fixture *f = *state;
    assert_int_equal(validate_code(&f->ctx, &codes_case_kinds, "family_violence", "kind"), TK_OK);
    assert_int_equal(f->fault.field_count, 0);
    assert_int_equal(validate_code(&f->ctx, &codes_case_kinds, NULL, "kind"), TK_ERR_INVALID);
    assert_string_equal(fault_of(&f->fault, "kind"), "field.required");
    assert_int_equal(validate_code(&f->ctx, &codes_case_kinds, "burglary", "type"), TK_ERR_INVALID);
    assert_string_equal(fault_of(&f->fault, "type"), "field.code");
}

static void test_validate_required_text(void **state)
{
    Fixture *f = *state;
    assert_int_equal(validate_required_text(&f->ctx, "سبب كاف", 20, false, "reason"), TK_OK);
    assert_int_equal(validate_required_text(&f->ctx, "", 20, false, "reason"), TK_ERR_INVALID);
    assert_string_equal(fault_of(&f->fault, "reason"), "field.required");
    assert_int_equal(validate_required_text(&f->ctx, NULL, 20, false, "notes"), TK_ERR_INVALID);
    assert_string_equal(fault_of(&f->fault, "notes"), "field.required");
    assert_int_equal(validate_required_text(&f->ctx, "abcdef", 5, false, "court"), TK_ERR_INVALID);
    assert_string_equal(fault_of(&f->fault, "court"), "field.too_long");
    assert_int_equal(validate_required_text(&f->ctx, "a\nb", 5, false, "place"), TK_ERR_INVALID);
    assert_string_equal(fault_of(&f->fault, "place"), "field.invalid");
    assert_int_equal(validate_required_text(&f->ctx, "a\nb", 5, true, "text"), TK_OK);
}

static bool even_length(const char *value)
{
    return strlen(value) % 2 == 0;
}

static void test_validate_query(void **state)
{
    Fixture *f = *state;
    const QueryParam fine[] = {
        {"kind", "juvenile_conflict", &codes_case_kinds, NULL},
        {"from", "2026-02-28", NULL, validate_is_date},
        {"stage", NULL, &codes_case_stages, NULL}, /* not given: not checked */
    };
    assert_int_equal(validate_query(&f->ctx, fine, 3), TK_OK);
    assert_int_equal(f->fault.field_count, 0);
    /* the first parameter that is not what it must be is named, and only it */
    const QueryParam wrong[] = {
        {"kind", "family_violence", &codes_case_kinds, NULL},
        {"to", "2026-02-30", NULL, validate_is_date},
        {"word", "odd", NULL, even_length},
    };
    assert_int_equal(validate_query(&f->ctx, wrong, 3), TK_ERR_INVALID);
    assert_int_equal(f->fault.field_count, 1);
    assert_string_equal(fault_of(&f->fault, "to"), "query.invalid");
    memset(&f->fault, 0, sizeof f->fault);
    assert_int_equal(validate_query(&f->ctx, wrong + 2, 1), TK_ERR_INVALID);
    assert_string_equal(fault_of(&f->fault, "word"), "query.invalid");
}

static void test_codes_one_of(void **state)
{
    (void)state;
    static const char *const states[] = {"pending", "erased", "refused"};
    assert_true(CODES_ONE_OF("erased", states));
    assert_false(CODES_ONE_OF("erase", states));
    assert_false(CODES_ONE_OF(NULL, states));
    assert_false(codes_one_of("pending", states, 0));
}

static void test_found_and_version(void **state)
{
    Fixture *f = *state;
    assert_int_equal(domain_found(&f->ctx, TK_OK), TK_OK);
    assert_int_equal(domain_found(&f->ctx, TK_ERR_NOMEM), TK_ERR_NOMEM);
    assert_null(f->fault.code);
    assert_int_equal(domain_found(&f->ctx, TK_ERR_NOT_FOUND), TK_ERR_NOT_FOUND);
    assert_string_equal(f->fault.code, "not_found");
    memset(&f->fault, 0, sizeof f->fault);
    int64_t stored = 3;
    assert_int_equal(domain_at_version(&f->ctx, TK_OK, &stored, 3), TK_OK);
    assert_int_equal(domain_at_version(&f->ctx, TK_OK, &stored, 2), TK_ERR_CONFLICT);
    assert_string_equal(fault_of(&f->fault, "version"), "version.conflict");
    memset(&f->fault, 0, sizeof f->fault);
    /* a record not read has no version to compare: only not_found */
    assert_int_equal(domain_at_version(&f->ctx, TK_ERR_NOT_FOUND, NULL, 2), TK_ERR_NOT_FOUND);
    assert_string_equal(f->fault.code, "not_found");
    assert_int_equal(f->fault.field_count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_validate_code, setup),
        cmocka_unit_test_setup(test_validate_required_text, setup),
        cmocka_unit_test_setup(test_validate_query, setup),
        cmocka_unit_test_setup(test_codes_one_of, setup),
        cmocka_unit_test_setup(test_found_and_version, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
