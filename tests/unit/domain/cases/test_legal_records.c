/* The rules of settlements, detention orders and trial steps (domain/cases/legal_records.c) as pure functions, and the
 * migration of the old single fields of a case into the records (schema 17) with the clocks read from them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/cases/legal_records.h"
#include "domain/cases/measures.h"
#include "store/legal_records.h"
#include "store/store.h"
#include "temp_dir.h"

static const char *refusal(SettlementGate gate)
{
    return settlement_refusal(&gate);
}

static const unsigned BOTH = SETTLEMENT_SIDE_FIRST | SETTLEMENT_SIDE_SECOND;

static void test_settlement_eligibility(void **state)
{
    (void)state;
    assert_null(refusal((SettlementGate){.kind = "family_violence", .consent_sides = BOTH}));
    assert_null(refusal((SettlementGate){.kind = "juvenile_conflict", .consent_sides = BOTH}));
    assert_string_equal(refusal((SettlementGate){.kind = "inmate_family", .consent_sides = BOTH}), "settlement.kind");
    assert_string_equal(refusal((SettlementGate){.kind = "family_violence", .felony = true, .consent_sides = BOTH}),
                        "settlement.felony");
    assert_string_equal(
        refusal((SettlementGate){.kind = "juvenile_conflict", .not_eligible = true, .consent_sides = BOTH}),
        "settlement.not_eligible");
    assert_string_equal(refusal((SettlementGate){.kind = "juvenile_conflict", .detained = true, .consent_sides = BOTH}),
                        "settlement.detained");
    assert_string_equal(refusal((SettlementGate){.kind = "family_violence", .consent_sides = SETTLEMENT_SIDE_FIRST}),
                        "settlement.consent");
    assert_string_equal(refusal((SettlementGate){.kind = "family_violence"}), "settlement.consent");
    assert_string_equal(refusal((SettlementGate){.kind = "family_violence", .open = true, .consent_sides = BOTH}),
                        "settlement.open");
}

static void test_settlement_sides(void **state)
{
    (void)state;
    assert_int_equal(settlement_side("family_violence", "victim"), SETTLEMENT_SIDE_FIRST);
    assert_int_equal(settlement_side("family_violence", "alleged_perpetrator"), SETTLEMENT_SIDE_SECOND);
    assert_int_equal(settlement_side("family_violence", "guardian"), 0);
    assert_int_equal(settlement_side("family_violence", "witness"), 0);
    assert_int_equal(settlement_side("juvenile_conflict", "juvenile"), SETTLEMENT_SIDE_FIRST);
    assert_int_equal(settlement_side("juvenile_conflict", "guardian"), SETTLEMENT_SIDE_FIRST);
    assert_int_equal(settlement_side("juvenile_conflict", "victim"), SETTLEMENT_SIDE_SECOND);
    assert_int_equal(settlement_side("juvenile_conflict", "reporter"), 0);
}

/* The refusal of order against newest (NULL: none), and the renewal it would be. */
static const char *order_refusal(DetentionOrder order, const DetentionOrder *newest, int64_t *renewal,
                                 const char **field)
{
    return detention_order_refusal(&order, newest, 10, renewal, field);
}

static void test_detention_orders(void **state)
{
    (void)state;
    int64_t renewal = -1;
    const char *field = NULL;
    DetentionOrder first = {.id = 7, .authority = "prosecutor", .starts_on = "2026-02-25", .ends_on = "2026-03-06"};
    /* ten days across the end of February; eleven are refused, and an end before the start */
    assert_null(order_refusal(first, NULL, &renewal, &field));
    assert_int_equal(renewal, 0);
    assert_string_equal(
        order_refusal((DetentionOrder){.authority = "court", .starts_on = "2026-02-25", .ends_on = "2026-03-07"}, NULL,
                      &renewal, &field),
        "detention.too_long");
    assert_string_equal(field, "ends_on");
    assert_string_equal(
        order_refusal((DetentionOrder){.authority = "court", .starts_on = "2026-02-25", .ends_on = "2026-02-24"}, NULL,
                      &renewal, &field),
        "detention.ends_before_start");
    /* while the first is in force: a new detention is refused, a renewal from the next day is the first renewal */
    assert_string_equal(
        order_refusal((DetentionOrder){.authority = "court", .starts_on = "2026-03-07", .ends_on = "2026-03-16"},
                      &first, &renewal, &field),
        "detention.in_force");
    DetentionOrder second = {
        .id = 8, .authority = "prosecutor", .starts_on = "2026-03-07", .ends_on = "2026-03-16", .renews_id = 7};
    assert_null(order_refusal(second, &first, &renewal, &field));
    assert_int_equal(renewal, 1);
    /* a renewal that leaves a gap, or renews another order than the one in force */
    second.starts_on = "2026-03-08";
    second.ends_on = "2026-03-16";
    assert_string_equal(order_refusal(second, &first, &renewal, &field), "detention.renewal_start");
    assert_string_equal(field, "starts_on");
    second.starts_on = "2026-03-07";
    second.renews_id = 6;
    assert_string_equal(order_refusal(second, &first, &renewal, &field), "version.conflict");
    /* the prosecutor renewed once: a second renewal of hers is refused, the court's is the second renewal */
    DetentionOrder renewed = {.id = 8,
                              .authority = "prosecutor",
                              .starts_on = "2026-03-07",
                              .ends_on = "2026-03-16",
                              .renews_id = 7,
                              .renewal = 1};
    DetentionOrder third = {
        .authority = "prosecutor", .starts_on = "2026-03-17", .ends_on = "2026-03-26", .renews_id = 8};
    assert_string_equal(order_refusal(third, &renewed, &renewal, &field), "detention.prosecutor_renewed");
    assert_string_equal(field, "authority");
    third.authority = "court";
    assert_null(order_refusal(third, &renewed, &renewal, &field));
    assert_int_equal(renewal, 2);
    /* released: no renewal, and a new detention starts afresh */
    renewed.released_on = "2026-03-10";
    assert_string_equal(order_refusal(third, &renewed, &renewal, &field), "detention.not_in_force");
    DetentionOrder fresh = {.authority = "prosecutor", .starts_on = "2026-04-01", .ends_on = "2026-04-10"};
    assert_null(order_refusal(fresh, &renewed, &renewal, &field));
    assert_int_equal(renewal, 0);
}

static void test_adjournments(void **state)
{
    (void)state;
    TrialStep steps[] = {
        {.kind = "court_referral", .held_on = "2026-03-01"},
        {.kind = "hearing", .held_on = "2026-03-05", .next_on = "2026-03-12"},
        {.kind = "hearing", .held_on = "2026-03-12", .next_on = "2026-03-20"},
        {.kind = "hearing", .held_on = "2026-03-20"},
        {.kind = "verdict", .held_on = "2026-03-25"},
    };
    trial_adjournments(steps, 5);
    assert_int_equal(steps[1].adjournment_days, 0); /* the first hearing has none before */
    assert_int_equal(steps[2].adjournment_days, 7); /* within the law's seven days */
    assert_false(steps[2].adjournment_over_limit);
    assert_int_equal(steps[3].adjournment_days, 8); /* beyond them */
    assert_true(steps[3].adjournment_over_limit);
    assert_int_equal(steps[4].adjournment_days, 0);
    /* the next hearing planned, flagged the same way before it is held */
    assert_int_equal(steps[1].next_days, 7);
    assert_false(steps[1].next_over_limit);
    assert_int_equal(steps[2].next_days, 8);
    assert_true(steps[2].next_over_limit);
    assert_int_equal(steps[3].next_days, 0);
    assert_false(steps[3].next_over_limit);
}

/* The detention in force: the newest order unless released; none without an order. */
static void test_detention_in_force(void **state)
{
    (void)state;
    DetentionOrder orders[] = {{.id = 5, .renews_id = 4}, {.id = 4}};
    assert_int_equal(detention_in_force(orders, 2), 5);
    orders[0].released_on = "2026-03-01";
    assert_int_equal(detention_in_force(orders, 2), 0);
    assert_int_equal(detention_in_force(orders, 0), 0);
}

static int setup(void **state)
{
    static TempDir temp;
    *state = &temp;
    return temp_dir_make(&temp);
}

static int teardown(void **state)
{
    temp_dir_remove(*state);
    return 0;
}

static const char *measure_check(const char *kind, const char *case_kind, const char *starts_on, const char *ends_on)
{
    Measure m = {.kind = kind, .starts_on = starts_on, .ends_on = ends_on};
    const char *field = NULL;
    return measure_refusal(&m, case_kind, &field);
}

/* The court measures against the law's limits: each kind on its kind of case, a care home ≤ 2 years, judicial
 * supervision ≤ 1 year, supervision of a protection case 1–5 years, a reprimand without a duration. */
static void test_measures(void **state)
{
    (void)state;
    assert_null(measure_check("care_home", "juvenile_protection", "2026-03-01", "2028-02-29"));
    assert_string_equal(measure_check("care_home", "juvenile_protection", "2026-03-01", "2028-03-01"),
                        "measure.too_long");
    assert_string_equal(measure_check("care_home", "juvenile_conflict", "2026-03-01", "2027-03-01"),
                        "measure.case_kind");
    assert_null(measure_check("judicial_supervision", "juvenile_conflict", "2026-01-01", "2026-12-31"));
    assert_string_equal(measure_check("judicial_supervision", "juvenile_conflict", "2026-01-01", "2027-01-01"),
                        "measure.too_long");
    assert_string_equal(measure_check("protection_supervision", "juvenile_protection", "2026-01-01", "2026-12-30"),
                        "measure.too_short");
    assert_null(measure_check("protection_supervision", "juvenile_protection", "2026-01-01", "2026-12-31"));
    assert_null(measure_check("protection_supervision", "juvenile_protection", "2026-01-01", "2030-12-31"));
    assert_string_equal(measure_check("protection_supervision", "juvenile_protection", "2026-01-01", "2031-01-01"),
                        "measure.too_long");
    assert_null(measure_check("reprimand", "juvenile_conflict", "2026-01-01", NULL));
    assert_string_equal(measure_check("reprimand", "juvenile_conflict", "2026-01-01", "2026-02-01"),
                        "measure.no_duration");
    assert_string_equal(measure_check("care_home", "juvenile_protection", "2026-01-01", NULL), "field.required");
    assert_string_equal(measure_check("care_home", "juvenile_protection", "2026-01-01", "2025-12-31"),
                        "measure.ends_before_start");
    assert_null(measure_check("protection_order", "family_violence", "2026-01-01", "2026-06-30"));
    assert_string_equal(measure_check("settlement_ruling", "family_violence", "2026-01-01", "2026-07-01"),
                        "measure.too_long");
    assert_string_equal(measure_check("nonsense", "family_violence", "2026-01-01", NULL), "field.code");
    /* a start whose day the last month lacks: the measure runs to that month's last day, not the day before it */
    assert_null(measure_check("settlement_ruling", "family_violence", "2026-08-31", "2027-02-28"));
    assert_string_equal(measure_check("settlement_ruling", "family_violence", "2026-08-31", "2027-03-01"),
                        "measure.too_long");
    assert_null(measure_check("care_home", "juvenile_protection", "2028-02-29", "2030-02-28"));
    assert_string_equal(measure_check("care_home", "juvenile_protection", "2028-02-29", "2030-03-01"),
                        "measure.too_long");
    assert_null(measure_check("judicial_supervision", "juvenile_conflict", "2027-02-28", "2028-02-27"));
    assert_string_equal(measure_check("judicial_supervision", "juvenile_conflict", "2027-02-28", "2028-02-28"),
                        "measure.too_long");
    assert_true(measure_rule("care_home")->reports);
    assert_string_equal(measure_rule("detention")->home_type, "juvenile_education_home");
}

/* Which measures are in force on a day: a lasting measure from its start to its last day unless ended early; the
 * orders of a detention while it is not released, each on its own days (a renewal recorded ahead holds from its
 * start); an older detention, released, never. Newest first, as the store gives them. */
static void test_measures_in_force(void **state)
{
    (void)state;
    const Measure items[] = {
        {.id = 9, .kind = "detention", .renews_id = 8, .starts_on = "2026-12-11", .ends_on = "2026-12-20"},
        {.id = 8, .kind = "detention", .renews_id = 7, .starts_on = "2026-12-01", .ends_on = "2026-12-10"},
        {.id = 7, .kind = "detention", .starts_on = "2026-11-21", .ends_on = "2026-11-30"},
        {.id = 6, .kind = "care_home", .starts_on = "2026-01-01", .ends_on = "2027-12-31"},
        {.id = 5,
         .kind = "judicial_supervision",
         .starts_on = "2026-01-01",
         .ends_on = "2026-12-31",
         .released_on = "2026-06-01"},
        {.id = 4, .kind = "reprimand", .starts_on = "2026-01-01"},
        {.id = 3, .kind = "detention", .starts_on = "2026-12-01", .ends_on = "2026-12-10", .released_on = "2026-01-05"},
    };
    enum { COUNT = sizeof items / sizeof items[0] };
    bool in_force[COUNT];
    measures_in_force(items, COUNT, "2026-12-05", in_force);
    const bool on_5th[COUNT] = {false, true, false, true, false, false, false};
    for (int i = 0; i < COUNT; i++)
        assert_int_equal(in_force[i], on_5th[i]);
    measures_in_force(items, COUNT, "2026-12-20", in_force);
    assert_true(in_force[0]);
    assert_false(in_force[1]);
    measures_in_force(items, COUNT, "2026-12-21", in_force);
    assert_false(in_force[0]);
    /* released: the release, recorded on the newest order, ends the orders it renewed too */
    Measure released[] = {items[0], items[1], items[2]};
    released[0].released_on = "2026-12-04";
    measures_in_force(released, 3, "2026-12-05", in_force);
    assert_false(in_force[0]);
    assert_false(in_force[1]);
    assert_false(in_force[2]);
    measures_in_force(items, 0, "2026-12-05", in_force);
}

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *conn = NULL;
    assert_int_equal(sqlite3_open_v2(path, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
    char *message = NULL;
    if (sqlite3_exec(conn, sql, NULL, NULL, &message) != SQLITE_OK)
        fail_msg("%s: %s", sql, message);
    sqlite3_close(conn);
}

/* A database of schema 16 with the old fields of three cases migrates into records; the clocks read from them are
 * the ones the fields gave. */
static void test_old_fields_migrated(void **state)
{
    TempDir *temp = *state;
    const char *path = temp_path(temp, "legal.db");
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fclose(file);
    Db *db = NULL;
    char error[256] = "";
    assert_int_equal(store_open(path, STORE_OPEN_NO_MIGRATE, &db, error), TK_OK);
    assert_int_equal(store_migrate_to(db, 16, error), TK_OK);
    store_close(db);
    raw_exec(path,
             "INSERT INTO cases (id, reference, kind, unit_id, governorate, stage, reported_at, settlement_started,"
             "  settlement_extended, detention_started, detention_renewals, created_at, updated_at) VALUES"
             " (1, 'FV-2026-000001', 'family_violence', 1, 'amman', 'implementation', 1, '2026-03-10', 1, NULL, 0,"
             "  1, 1),"
             " (2, 'JC-2026-000001', 'juvenile_conflict', 1, 'amman', 'implementation', 1, NULL, 0, '2026-02-25', 2,"
             "  1, 1),"
             " (3, 'JC-2026-000002', 'juvenile_conflict', 1, 'amman', 'assessment', 1, '2026-04-01', 0, '2026-04-20',"
             "  0, 1, 1);");
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &db, error), TK_OK);
    Arena arena;
    arena_init(&arena, 0);
    LegalClocks clocks;
    /* the settlement: open, its first session on the old date, extended */
    assert_int_equal(store_legal_clocks(db, 1, &arena, &clocks), TK_OK);
    assert_string_equal(clocks.settlement_started, "2026-03-10");
    assert_true(clocks.settlement_extended);
    assert_null(clocks.detention_ends);
    Settlement *settlements = NULL;
    int count = 0;
    assert_int_equal(store_settlements(db, 1, &arena, &settlements, &count), TK_OK);
    assert_int_equal(count, 1);
    assert_string_equal(settlements[0].status, "open");
    assert_int_equal(settlements[0].session_count, 1);
    assert_string_equal(settlements[0].sessions[0].held_on, "2026-03-10");
    /* the detention with two renewals: three orders of ten days, the prosecutor's then the court's */
    assert_int_equal(store_legal_clocks(db, 2, &arena, &clocks), TK_OK);
    assert_string_equal(clocks.detention_ends, "2026-03-26");
    assert_null(clocks.settlement_started);
    DetentionOrder *orders = NULL;
    assert_int_equal(store_detention_orders(db, 2, &arena, &orders, &count), TK_OK);
    assert_int_equal(count, 3);
    assert_int_equal(orders[0].renewal, 2);
    assert_string_equal(orders[0].authority, "court");
    assert_string_equal(orders[0].starts_on, "2026-03-17");
    assert_int_equal(orders[0].renews_id, orders[1].id);
    assert_string_equal(orders[1].authority, "prosecutor");
    assert_string_equal(orders[2].starts_on, "2026-02-25");
    assert_string_equal(orders[2].ends_on, "2026-03-06");
    assert_int_equal(orders[2].renews_id, 0);
    /* both on the third case */
    assert_int_equal(store_legal_clocks(db, 3, &arena, &clocks), TK_OK);
    assert_string_equal(clocks.settlement_started, "2026-04-01");
    assert_false(clocks.settlement_extended);
    assert_string_equal(clocks.detention_ends, "2026-04-29");
    arena_free(&arena);
    store_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settlement_eligibility), cmocka_unit_test(test_settlement_sides),
        cmocka_unit_test(test_detention_orders),       cmocka_unit_test(test_adjournments),
        cmocka_unit_test(test_detention_in_force),     cmocka_unit_test(test_measures),
        cmocka_unit_test(test_measures_in_force),      cmocka_unit_test(test_old_fields_migrated),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
