/* src/domain/committee/committee.c: the rules as pure functions. An action comes due 30 days before its date and is
 * overdue once the date passes without a report completing it; a recommendation's status follows audit practice
 * (in progress until its date, past due after, or the state the committee set); the code lists of observations and
 * recommendations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/committee/committee.h"

static void test_action_state(void **state)
{
    (void)state;
    const char *today = "2026-12-06";
    assert_string_equal(committee_action_state("2027-03-01", NULL, today), "upcoming");
    assert_string_equal(committee_action_state("2027-01-06", NULL, today), "upcoming"); /* 31 days */
    assert_string_equal(committee_action_state("2027-01-05", NULL, today), "due");      /* 30 days: due */
    assert_string_equal(committee_action_state("2026-12-06", NULL, today), "due");      /* its day: not yet late */
    assert_string_equal(committee_action_state("2026-12-05", NULL, today), "overdue");
    assert_string_equal(committee_action_state("2026-12-05", "2026-12-06", today), "completed");
    assert_string_equal(committee_action_state("2027-03-01", "2026-12-01", today), "completed");
    assert_int_equal(ACTION_DUE_DAYS, 30);
}

static void test_recommendation_status(void **state)
{
    (void)state;
    const char *today = "2026-12-06";
    assert_string_equal(committee_recommendation_status("open", "2026-12-06", today), "in_progress");
    assert_string_equal(committee_recommendation_status("open", "2026-12-05", today), "past_due");
    assert_string_equal(committee_recommendation_status("implemented", "2026-01-01", today), "implemented");
    assert_string_equal(committee_recommendation_status("not_implemented", "2027-01-01", today), "not_implemented");
    assert_string_equal(committee_recommendation_status("not_applicable", "2027-01-01", today), "not_applicable");
}

/* Implemented on time: met by its date, missed after it or refused or open past it; not yet told, never told. */
static void test_recommendation_on_time(void **state)
{
    (void)state;
    const char *today = "2026-12-06";
    assert_string_equal(committee_recommendation_on_time("implemented", "2026-12-01", "2026-12-01", today), "met");
    assert_string_equal(committee_recommendation_on_time("implemented", "2026-12-01", "2026-11-20", today), "met");
    assert_string_equal(committee_recommendation_on_time("implemented", "2026-12-01", "2026-12-02", today), "missed");
    assert_string_equal(committee_recommendation_on_time("implemented", "2026-12-01", NULL, today), "missed");
    assert_string_equal(committee_recommendation_on_time("not_implemented", "2027-03-01", "2026-12-01", today),
                        "missed");
    assert_string_equal(committee_recommendation_on_time("open", "2026-12-05", NULL, today), "missed");
    assert_null(committee_recommendation_on_time("open", "2026-12-06", NULL, today));
    assert_null(committee_recommendation_on_time("open", "2027-01-01", NULL, today));
    assert_null(committee_recommendation_on_time("not_applicable", "2026-01-01", "2026-02-01", today));
}

static void test_codes(void **state)
{
    (void)state;
    const char *categories[] = {"homes",      "referrals", "deadlines", "staffing",
                                "facilities", "legal",     "training",  "data"};
    for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++)
        assert_true(committee_category_valid(categories[i]));
    assert_false(committee_category_valid("weather"));
    assert_false(committee_category_valid(NULL));
    assert_false(committee_category_valid("Homes"));
    assert_true(committee_priority_valid("high"));
    assert_false(committee_priority_valid("urgent"));
    assert_true(committee_status_valid("past_due"));
    assert_false(committee_status_valid("open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_action_state),
        cmocka_unit_test(test_recommendation_status),
        cmocka_unit_test(test_recommendation_on_time),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
