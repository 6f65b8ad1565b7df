/* The rules of what a social worker plans that need no database: the risk level the factors suggest, and the codes
 * a unit type receives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/cases/case_plans.h"
#include "domain/core/codes.h"

static const char *suggest(int count, ...)
{
    const char *present[16];
    va_list args;
    va_start(args, count);
    for (int i = 0; i < count; i++)
        present[i] = va_arg(args, const char *);
    va_end(args);
    return risk_level_suggested(present, count);
}

static void test_factors_that_are_high_by_themselves(void **state)
{
    (void)state;
    assert_string_equal(suggest(1, "weapon"), "high");
    assert_string_equal(suggest(1, "death_threats"), "high");
    assert_string_equal(suggest(1, "fears_for_life"), "high");
    assert_string_equal(suggest(1, "strangulation"), "high");
    assert_string_equal(suggest(2, "isolation", "strangulation"), "high");
}

static void test_counts_of_factors(void **state)
{
    (void)state;
    assert_string_equal(suggest(0), "low");
    assert_string_equal(suggest(1, "isolation"), "low");
    assert_string_equal(suggest(2, "isolation", "controlling"), "medium");
    assert_string_equal(suggest(4, "isolation", "controlling", "pregnancy", "separation"), "medium");
    assert_string_equal(suggest(5, "isolation", "controlling", "pregnancy", "separation", "escalation"), "high");
    /* an unknown code counts as a factor but is never high by itself (the domain refuses it before) */
    assert_string_equal(suggest(1, "unknown_factor"), "low");
}

static void test_every_critical_factor_is_a_known_code(void **state)
{
    (void)state;
    int critical = 0;
    for (int i = 0; i < codes_risk_factors.count; i++)
        if (codes_risk_factors.entries[i].bit & RISK_FACTOR_CRITICAL) {
            critical++;
            const char *one[] = {codes_risk_factors.entries[i].code};
            assert_string_equal(risk_level_suggested(one, 1), "high");
        }
    assert_int_equal(critical, 4);
}

static void test_units_receive_the_kinds_they_work(void **state)
{
    (void)state;
    assert_true(codes_unit_receives("shelter", "family_violence"));
    assert_false(codes_unit_receives("shelter", "juvenile_conflict"));
    assert_true(codes_unit_receives("monitor_office", "juvenile_protection"));
    assert_false(codes_unit_receives("monitor_office", "inmate_family"));
    assert_false(codes_unit_receives("committee", "family_violence"));
    assert_false(codes_unit_receives("headquarters", "family_violence"));
    assert_false(codes_unit_receives("no_such_type", "family_violence"));
    assert_true(codes_listed("a,bb,c", "bb"));
    assert_false(codes_listed("a,bb,c", "b"));
    assert_false(codes_listed(NULL, "a"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_factors_that_are_high_by_themselves),
        cmocka_unit_test(test_counts_of_factors),
        cmocka_unit_test(test_every_critical_factor_is_a_known_code),
        cmocka_unit_test(test_units_receive_the_kinds_they_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
