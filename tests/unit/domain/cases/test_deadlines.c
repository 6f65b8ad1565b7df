/* The deadlines of cases against fixed times: each rule of domain.md §2–3 and its timeframe. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/clock.h"
#include "domain/cases/deadlines.h"

static const Timeframes T = {.assign_hours = 3,
                             .assign_high_risk_hours = 1,
                             .first_response_hours = 24,
                             .settlement_days = 14,
                             .settlement_extension_days = 14,
                             .detention_days = 10,
                             .monitor_report_months = 3,
                             .family_notice_hours = 48,
                             .closure_approval_days = 3,
                             .social_study_days = 7};

static int64_t at(const char *iso)
{
    int64_t seconds = 0;
    assert_true(clock_parse_iso(iso, &seconds));
    return seconds;
}

static Case base(const char *kind, const char *stage)
{
    Case c;
    memset(&c, 0, sizeof c);
    c.kind = (char *)kind;
    c.stage = (char *)stage;
    c.created_at = c.reported_at = at("2026-03-01T09:00:00Z");
    c.settlement_eligible = -1;
    return c;
}

/* What the legal clocks of the case under test run from (none by default). */
static LegalClocks legal;

/* The due time of a task kind, or -1 when the case has no such task. */
static int64_t due(const Case *c, bool caseworker, const char *kind)
{
    CaseTask tasks[MAX_DEADLINES];
    int n = case_deadlines(c, caseworker, &T, &legal, tasks);
    for (int i = 0; i < n; i++)
        if (strcmp(tasks[i].kind, kind) == 0)
            return tasks[i].due_at;
    return -1;
}

static void test_assignment(void **state)
{
    (void)state;
    Case c = base("inmate_family", "registration");
    assert_int_equal(due(&c, false, "assignment"), at("2026-03-01T12:00:00Z"));
    c.risk_level = "high";
    assert_int_equal(due(&c, false, "assignment"), at("2026-03-01T10:00:00Z"));
    assert_int_equal(due(&c, true, "assignment"), -1);
}

static void test_first_response(void **state)
{
    (void)state;
    Case c = base("family_violence", "registration");
    c.reported_at = at("2026-03-01T06:30:00Z"); /* reported before it was registered */
    assert_int_equal(due(&c, true, "first_response"), at("2026-03-02T06:30:00Z"));
    c.risk_level = "medium"; /* the risk assessment is the first response */
    assert_int_equal(due(&c, true, "first_response"), -1);
    Case other = base("inmate_family", "registration");
    assert_int_equal(due(&other, true, "first_response"), -1);
}

static int reset_legal(void **state)
{
    (void)state;
    memset(&legal, 0, sizeof legal);
    return 0;
}

static void test_settlement(void **state)
{
    (void)state;
    Case c = base("family_violence", "implementation");
    assert_int_equal(due(&c, true, "settlement"), -1);
    legal.settlement_started = "2026-03-10";
    /* 14 days from the first session, from midnight in Amman (21:00 UTC the day before) */
    assert_int_equal(due(&c, true, "settlement"), at("2026-03-23T21:00:00Z"));
    legal.settlement_extended = true; /* the one extension: 14 more */
    assert_int_equal(due(&c, true, "settlement"), at("2026-04-06T21:00:00Z"));
    /* the outcome stops the clock: no open settlement, nothing to run from */
    legal.settlement_started = NULL;
    assert_int_equal(due(&c, true, "settlement"), -1);
    /* a settlement of a closed case has no task */
    legal.settlement_started = "2026-03-10";
    c.stage = "closed";
    assert_int_equal(due(&c, true, "settlement"), -1);
    /* the one rule the task and the settlement's last day shown (its ends_on) both follow: the session's day the
     * first of the 14, across the end of February of a leap year */
    Timeframes t = {.settlement_days = 14, .settlement_extension_days = 14};
    assert_int_equal(settlement_due("2028-02-16", false, &t), at("2028-02-29T21:00:00Z"));
    assert_int_equal(settlement_due("2028-02-16", true, &t), at("2028-03-14T21:00:00Z"));
    assert_int_equal(settlement_due(NULL, false, &t), -1);
    assert_int_equal(settlement_due("2028-02-30", false, &t), -1);
}

static void test_detention(void **state)
{
    (void)state;
    Case c = base("juvenile_conflict", "assessment");
    assert_int_equal(due(&c, true, "detention"), -1);
    /* due by the end of the last day of the order in force: 25 February + 9 days, across the end of February */
    legal.detention_ends = "2026-03-06";
    assert_int_equal(due(&c, true, "detention"), at("2026-03-06T21:00:00Z"));
    /* a renewal: the order in force is the renewal, its end is the deadline */
    legal.detention_ends = "2026-03-16";
    assert_int_equal(due(&c, true, "detention"), at("2026-03-16T21:00:00Z"));
    /* released: no order in force */
    legal.detention_ends = NULL;
    assert_int_equal(due(&c, true, "detention"), -1);
    Case fv = base("family_violence", "assessment");
    legal.detention_ends = "2026-03-06";
    assert_int_equal(due(&fv, true, "detention"), -1);
}

static void test_verdict(void **state)
{
    (void)state;
    Case c = base("juvenile_conflict", "implementation");
    assert_int_equal(due(&c, true, "verdict"), -1);
    legal.court_referral = "2026-03-10";
    /* a misdemeanour (or a class not recorded): 3 calendar months, due by the end of 10 June in Amman */
    c.legal_class = "misdemeanour";
    assert_int_equal(due(&c, true, "verdict"), at("2026-06-10T21:00:00Z"));
    c.legal_class = NULL;
    assert_int_equal(due(&c, true, "verdict"), at("2026-06-10T21:00:00Z"));
    /* a felony: 6 months */
    c.legal_class = "felony";
    assert_int_equal(due(&c, true, "verdict"), at("2026-09-10T21:00:00Z"));
    /* from 31 August, 6 months is the last day of February (29 in a leap year) */
    legal.court_referral = "2027-08-31";
    assert_int_equal(due(&c, true, "verdict"), at("2028-02-29T21:00:00Z"));
    /* the verdict stops the clock */
    legal.court_referral = NULL;
    assert_int_equal(due(&c, true, "verdict"), -1);
    Case fv = base("family_violence", "implementation");
    legal.court_referral = "2026-03-10";
    assert_int_equal(due(&fv, true, "verdict"), -1);
}

static void test_days_between(void **state)
{
    (void)state;
    /* the end of the day in Amman, so many calendar months on */
    assert_int_equal(clock_amman_months_after("2026-07-01", 3), at("2026-10-01T21:00:00Z"));
    assert_int_equal(clock_amman_months_after("2026-11-30", 3), at("2027-02-28T21:00:00Z"));
    assert_int_equal(clock_amman_months_after("2027-11-30", 3), at("2028-02-29T21:00:00Z"));
    assert_int_equal(clock_amman_months_after("2026-12-31", 6), at("2027-06-30T21:00:00Z"));
    assert_int_equal(clock_amman_months_after("2026-13-01", 3), -1);
    assert_int_equal(clock_amman_months_after(NULL, 3), -1);
    assert_int_equal(days_between("2026-02-25", "2026-03-06"), 9);
    assert_int_equal(days_between("2028-02-28", "2028-03-01"), 2);
    assert_int_equal(days_between("2026-03-06", "2026-02-25"), -9);
    assert_int_equal(days_between("garbage", "2026-02-25"), 0);
}

/* The monitor reports only while a measure that calls for reports is in force, at the court's frequency, from the
 * measures' start or the last report; none falls due after they end. */
static void test_monitor_report(void **state)
{
    (void)state;
    Case c = base("juvenile_protection", "implementation");
    assert_int_equal(due(&c, true, "monitor_report"), -1); /* no measure: no report, plan or not */
    legal.reports_from = "2026-03-01";
    legal.reports_until = "2028-02-28";
    legal.report_months = 3;
    /* three calendar months from the measure's start, by the end of 1 June */
    assert_int_equal(due(&c, true, "monitor_report"), at("2026-06-01T21:00:00Z"));
    c.last_monitor_report = "2026-05-20";
    assert_int_equal(due(&c, true, "monitor_report"), at("2026-08-20T21:00:00Z"));
    c.last_monitor_report = "2026-07-01"; /* not 91 days (29 September): 1 October */
    char day[11];
    assert_true(clock_amman_day_ending(due(&c, true, "monitor_report"), day));
    assert_string_equal(day, "2026-10-01");
    legal.report_months = 1; /* the court's own frequency */
    assert_int_equal(due(&c, true, "monitor_report"), at("2026-08-01T21:00:00Z"));
    legal.report_months = 3;
    legal.reports_until = "2026-09-15"; /* the measure ends before the next report would fall due */
    assert_int_equal(due(&c, true, "monitor_report"), -1);
    legal.reports_until = "2026-10-01"; /* due on its last day */
    assert_int_equal(due(&c, true, "monitor_report"), at("2026-10-01T21:00:00Z"));
    legal.reports_until = "2028-02-28";
    c.last_monitor_report = "2026-02-01"; /* a report before the measure does not count */
    assert_int_equal(due(&c, true, "monitor_report"), at("2026-06-01T21:00:00Z"));
    c.last_monitor_report = "garbage";
    assert_int_equal(due(&c, true, "monitor_report"), at("2026-06-01T21:00:00Z"));
    Case conflict = base("juvenile_conflict", "registration"); /* judicial supervision, whatever the stage */
    assert_int_equal(due(&conflict, true, "monitor_report"), at("2026-06-01T21:00:00Z"));
    Case inmate = base("inmate_family", "implementation");
    assert_int_equal(due(&inmate, true, "monitor_report"), -1);
    legal.reports_from = NULL; /* ended early */
    assert_int_equal(due(&c, true, "monitor_report"), -1);
}

/* A resident moved to another home: her family is told within 48 hours of the transfer. */
static void test_placement_transfer_notice(void **state)
{
    (void)state;
    Case c = base("juvenile_conflict", "implementation");
    assert_int_equal(due(&c, true, "family_notice"), -1);
    legal.placement_transferred_at = at("2026-04-01T08:00:00Z");
    assert_int_equal(due(&c, true, "family_notice"), at("2026-04-03T08:00:00Z"));
}

/* A measure in force falls due with its last day: a care home's 2 years, a supervision, a protection order. */
static void test_measure_end(void **state)
{
    (void)state;
    Case c = base("juvenile_protection", "implementation");
    assert_int_equal(due(&c, true, "measure_end"), -1);
    legal.measure_ends = "2028-02-28";
    assert_int_equal(due(&c, true, "measure_end"), at("2028-02-28T21:00:00Z"));
    Case fv = base("family_violence", "implementation");
    legal.measure_ends = "2026-09-01";
    assert_int_equal(due(&fv, true, "measure_end"), at("2026-09-01T21:00:00Z"));
    fv.stage = "closed";
    assert_int_equal(due(&fv, true, "measure_end"), -1);
}

/* Calendar months: the same day of the month, or the month's last day when it has none. */
static void test_calendar_months(void **state)
{
    (void)state;
    assert_int_equal(clock_amman_months_after("2026-07-01", 3), at("2026-10-01T21:00:00Z"));
    assert_int_equal(clock_amman_months_after("2026-05-31", 3), at("2026-08-31T21:00:00Z"));
    assert_int_equal(clock_amman_months_after("2026-03-31", 3), at("2026-06-30T21:00:00Z")); /* no 31 June */
    assert_int_equal(clock_amman_months_after("2026-11-30", 3), at("2027-02-28T21:00:00Z")); /* across the year */
    assert_int_equal(clock_amman_months_after("2027-11-30", 3), at("2028-02-29T21:00:00Z")); /* a leap year */
    assert_int_equal(clock_amman_months_after("2028-02-29", 3), at("2028-05-29T21:00:00Z"));
    assert_int_equal(clock_amman_months_after("2028-02-29", 12), at("2029-02-28T21:00:00Z"));
    assert_int_equal(clock_amman_months_after("2099-11-30", 3), at("2100-02-28T21:00:00Z")); /* 2100 is not leap */
    assert_int_equal(clock_amman_months_after("2026-10-15", 0), at("2026-10-15T21:00:00Z"));
    assert_int_equal(clock_amman_months_after("2026-02-30", 3), -1);
    assert_int_equal(clock_amman_months_after(NULL, 3), -1);
    assert_int_equal(clock_amman_months_after("2026-10-15", -1), -1);
}

/* A behaviour monitor satisfies the assignment of a juvenile's case; on other kinds only a social worker does. */
static void test_monitor_assignment(void **state)
{
    (void)state;
    CaseAssignment monitor = {.role = "monitor"}, caseworker = {.role = "caseworker"}, officer = {.role = "officer"};
    Case jc = base("juvenile_conflict", "registration"), jp = base("juvenile_protection", "registration");
    Case fv = base("family_violence", "registration");
    assert_true(case_worker_assigned(&jc, &monitor, 1));
    assert_true(case_worker_assigned(&jp, &monitor, 1));
    assert_false(case_worker_assigned(&fv, &monitor, 1));
    assert_true(case_worker_assigned(&fv, &caseworker, 1));
    assert_false(case_worker_assigned(&jc, &officer, 1));
    assert_false(case_worker_assigned(&jc, NULL, 0));
    assert_int_equal(due(&jc, case_worker_assigned(&jc, &monitor, 1), "assignment"), -1);
    assert_int_equal(due(&jc, case_worker_assigned(&jc, &officer, 1), "assignment"), at("2026-03-01T12:00:00Z"));
}

/* The assignment clock restarts from a transfer's acceptance and from an unassignment, never earlier. */
static void test_assignment_restarts(void **state)
{
    (void)state;
    Case c = base("family_violence", "assessment");
    c.risk_level = "medium";
    c.risk_assessed_at = at("2026-03-01T10:00:00Z");
    c.clock_started_at = c.created_at;
    assert_int_equal(due(&c, false, "assignment"), at("2026-03-01T12:00:00Z"));
    c.clock_started_at = at("2026-03-20T14:15:00Z"); /* the receiving unit accepted the transfer */
    assert_int_equal(due(&c, false, "assignment"), at("2026-03-20T17:15:00Z"));
    c.risk_level = "high";
    assert_int_equal(due(&c, false, "assignment"), at("2026-03-20T15:15:00Z"));
    c.clock_started_at = at("2026-04-02T08:00:00Z"); /* its worker unassigned */
    assert_int_equal(due(&c, false, "assignment"), at("2026-04-02T09:00:00Z"));
    assert_int_equal(due(&c, false, "first_response"), -1); /* a transfer or an unassignment is no new report */
}

/* A case reopened long after its deadlines has nothing overdue at the moment of its reopening. */
static void test_reopening(void **state)
{
    (void)state;
    int64_t reopened = at("2026-09-10T20:30:00Z"); /* 23:30 in Amman */
    const char *kinds[] = {"family_violence", "juvenile_conflict", "juvenile_protection", "inmate_family"};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        Case c = base(kinds[k], "assessment");
        c.risk_level = "medium";
        c.risk_assessed_at = at("2026-03-01T10:00:00Z");
        c.last_monitor_report = "2026-03-15";
        c.plan_started_at = at("2026-03-10T10:00:00Z");
        c.transferred_at = at("2026-04-01T08:00:00Z");
        c.next_goal_review = "2026-05-01";
        c.reopened_at = c.clock_started_at = reopened;
        CaseTask tasks[MAX_DEADLINES];
        int n = case_deadlines(&c, false, &T, NULL, tasks);
        assert_true(n >= 2);
        for (int i = 0; i < n; i++)
            assert_true(tasks[i].due_at > reopened);
        assert_int_equal(due(&c, false, "assignment"), reopened + 3 * 3600);
        /* the plan's review that passed while it was closed: by the end of the day after the reopening */
        assert_int_equal(due(&c, false, "plan_review"), at("2026-09-11T21:00:00Z"));
        c.stage = "case_plan"; /* the plan made again: the reports count from it */
        c.plan_started_at = reopened + 86400;
        assert_true(due(&c, true, "monitor_report") == -1 || due(&c, true, "monitor_report") > reopened);
    }
    Case fv = base("family_violence", "assessment");
    fv.risk_level = "medium";
    fv.risk_assessed_at = at("2026-03-01T10:00:00Z");
    fv.reopened_at = reopened;
    /* a new first response within 24 hours of the reopening, until the risk is assessed again */
    assert_int_equal(due(&fv, true, "first_response"), reopened + 24 * 3600);
    fv.risk_assessed_at = reopened + 3600;
    assert_int_equal(due(&fv, true, "first_response"), -1);
    Case inmate = base("inmate_family", "implementation");
    inmate.transferred_at = at("2026-04-01T08:00:00Z");
    inmate.reopened_at = reopened;
    assert_int_equal(due(&inmate, true, "family_notice"), reopened + 48 * 3600);
    /* a report made before the reopening does not count: the reopening does; one made since, does */
    Case juvenile = base("juvenile_protection", "implementation");
    juvenile.last_monitor_report = "2026-03-15";
    juvenile.reopened_at = reopened;
    LegalClocks care = {.reports_from = "2026-03-01", .reports_until = "2027-12-31", .report_months = 3};
    legal = care;
    assert_int_equal(due(&juvenile, true, "monitor_report"), at("2026-12-10T21:00:00Z"));
    juvenile.last_monitor_report = "2026-09-20";
    assert_int_equal(due(&juvenile, true, "monitor_report"), at("2026-12-20T21:00:00Z"));
    memset(&legal, 0, sizeof legal);
    /* a settlement, a detention and a referral to court left running while it was closed: none is overdue at the
     * reopening, each due by the end of the day after it */
    Case conflict = base("juvenile_conflict", "implementation");
    conflict.reopened_at = reopened;
    LegalClocks running = {
        .settlement_started = "2026-04-01", .detention_ends = "2026-04-05", .court_referral = "2026-04-02"};
    CaseTask tasks[MAX_DEADLINES];
    int n = case_deadlines(&conflict, true, &T, &running, tasks);
    int legal_tasks = 0;
    for (int i = 0; i < n; i++) {
        assert_true(tasks[i].due_at > reopened);
        if (strcmp(tasks[i].kind, "settlement") == 0 || strcmp(tasks[i].kind, "detention") == 0 ||
            strcmp(tasks[i].kind, "verdict") == 0) {
            assert_int_equal(tasks[i].due_at, at("2026-09-11T21:00:00Z"));
            legal_tasks++;
        }
    }
    assert_int_equal(legal_tasks, 3);
}

/* The juvenile's social study at the start of the investigation, until one is submitted. */
static void test_social_study(void **state)
{
    (void)state;
    Case c = base("juvenile_conflict", "registration");
    assert_int_equal(due(&c, true, "social_study"), at("2026-03-08T09:00:00Z"));
    c.social_study_submitted = true;
    assert_int_equal(due(&c, true, "social_study"), -1);
    c.social_study_submitted = false;
    c.reopened_at = at("2026-06-01T09:00:00Z");
    assert_int_equal(due(&c, true, "social_study"), at("2026-06-08T09:00:00Z"));
    Case protection = base("juvenile_protection", "registration");
    assert_int_equal(due(&protection, true, "social_study"), -1);
}

static void test_family_notice(void **state)
{
    (void)state;
    Case c = base("inmate_family", "implementation");
    c.transferred_at = at("2026-03-05T08:00:00Z");
    assert_int_equal(due(&c, true, "family_notice"), at("2026-03-07T08:00:00Z"));
    c.family_notified_at = at("2026-03-05T10:00:00Z");
    assert_int_equal(due(&c, true, "family_notice"), -1);
    c.transferred_at = at("2026-04-01T08:00:00Z"); /* a later transfer needs a new notice */
    assert_int_equal(due(&c, true, "family_notice"), at("2026-04-03T08:00:00Z"));
}

/* An inmate (domain.md §2.4): the pre-release plan six months before the expected release (the month's last day when
 * it has no such day), or by the end of the admission's day when less remains; none once planned or released, nor
 * without an expected release. */
static void test_pre_release_plan(void **state)
{
    (void)state;
    Case c = base("inmate_family", "implementation");
    assert_int_equal(due(&c, true, "pre_release_plan"), -1);
    c.admission_date = "2026-01-10";
    c.expected_release = "2027-08-31";
    assert_int_equal(due(&c, true, "pre_release_plan"), at("2027-02-28T21:00:00Z")); /* the end of 28 February */
    c.expected_release = "2026-05-01"; /* shorter than six months from admission */
    assert_int_equal(due(&c, true, "pre_release_plan"), at("2026-01-10T21:00:00Z"));
    legal.release_planned = true;
    assert_int_equal(due(&c, true, "pre_release_plan"), -1);
    Case juvenile = base("juvenile_conflict", "implementation");
    juvenile.expected_release = "2027-08-31";
    legal.release_planned = false;
    assert_int_equal(due(&juvenile, true, "pre_release_plan"), -1);
}

/* A child staying with the inmate mother: where the child goes next is decided 90 days before the third birthday. */
static void test_child_plan(void **state)
{
    (void)state;
    Case c = base("inmate_family", "implementation");
    assert_int_equal(due(&c, true, "child_plan"), -1);
    legal.child_birth_date = "2024-06-15";
    /* 15 June 2027 less 90 days: 17 March 2027, due by its end */
    assert_int_equal(due(&c, true, "child_plan"), at("2027-03-17T21:00:00Z"));
    legal.child_birth_date = "2024-02-29"; /* no 29 February in 2027: the 28th, less 90 days */
    assert_int_equal(due(&c, true, "child_plan"), at("2026-11-30T21:00:00Z"));
}

static void test_follow_up_and_closure(void **state)
{
    (void)state;
    Case c = base("family_violence", "follow_up");
    c.risk_level = "low";
    /* no contact planned: no follow-up task */
    assert_int_equal(due(&c, true, "follow_up"), -1);
    /* the schedule's next contact is the follow-up, due by the end of its day */
    c.next_planned_follow_up = "2026-03-12";
    assert_int_equal(due(&c, true, "follow_up"), at("2026-03-12T21:00:00Z"));
    c.next_planned_follow_up = "2026-04-01";
    assert_int_equal(due(&c, true, "follow_up"), at("2026-04-01T21:00:00Z"));
    c.next_planned_follow_up = NULL;
    c.closure_requested = true;
    c.closure_requested_at = at("2026-03-21T10:00:00Z");
    assert_int_equal(due(&c, true, "closure_approval"), at("2026-03-24T10:00:00Z"));
    c.stage = "closed";
    CaseTask tasks[MAX_DEADLINES];
    assert_int_equal(case_deadlines(&c, false, &T, &legal, tasks), 0);
}

static void test_dates_and_ages(void **state)
{
    (void)state;
    assert_int_equal(clock_amman_day_start("2026-01-01"), at("2025-12-31T21:00:00Z"));
    assert_int_equal(clock_amman_day_start("2026-02-30"), -1);
    assert_int_equal(clock_amman_day_start("2026-1-1"), -1);
    assert_int_equal(clock_amman_day_start(NULL), -1);
    assert_int_equal(age_on("2014-05-10", 0, "2026-05-09"), 11);
    assert_int_equal(age_on("2014-05-10", 0, "2026-05-10"), 12);
    assert_int_equal(age_on(NULL, 2010, "2026-06-30"), 15); /* a birth year alone counts from 1 July */
    assert_int_equal(age_on(NULL, 2010, "2026-07-01"), 16);
    assert_int_equal(age_on(NULL, 0, "2026-07-01"), -1);
    assert_int_equal(age_on("2014-05-10", 0, "garbage"), -1);
}

/* A deadline at midnight in Amman is the end of the day before: shown as that date alone. */
static void test_day_ending(void **state)
{
    (void)state;
    char day[11] = "";
    assert_true(clock_amman_day_ending(at("2026-12-09T21:00:00Z"), day));
    assert_string_equal(day, "2026-12-09");
    Case c = base("family_violence", "follow_up");
    c.risk_level = "low";
    c.next_planned_follow_up = "2026-03-20";
    assert_true(clock_amman_day_ending(due(&c, true, "follow_up"), day));
    assert_string_equal(day, "2026-03-20");
    c.next_goal_review = "2026-04-02";
    assert_true(clock_amman_day_ending(due(&c, true, "plan_review"), day));
    assert_string_equal(day, "2026-04-02");
    Case fresh = base("family_violence", "registration");
    assert_false(clock_amman_day_ending(due(&fresh, true, "first_response"), day)); /* due at a time of day */
    assert_false(clock_amman_day_ending(at("2026-12-09T21:00:01Z"), day));
    assert_false(clock_amman_day_ending(at("2026-12-09T00:00:00Z"), day)); /* midnight in UTC is 3 a.m. in Amman */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assignment),
        cmocka_unit_test(test_first_response),
        cmocka_unit_test_setup(test_settlement, reset_legal),
        cmocka_unit_test_setup(test_detention, reset_legal),
        cmocka_unit_test_setup(test_verdict, reset_legal),
        cmocka_unit_test(test_days_between),
        cmocka_unit_test_setup_teardown(test_monitor_report, reset_legal, reset_legal),
        cmocka_unit_test_setup_teardown(test_measure_end, reset_legal, reset_legal),
        cmocka_unit_test_setup_teardown(test_placement_transfer_notice, reset_legal, reset_legal),
        cmocka_unit_test(test_family_notice),
        cmocka_unit_test_setup_teardown(test_pre_release_plan, reset_legal, reset_legal),
        cmocka_unit_test_setup_teardown(test_child_plan, reset_legal, reset_legal),
        cmocka_unit_test(test_follow_up_and_closure),
        cmocka_unit_test(test_dates_and_ages),
        cmocka_unit_test(test_day_ending),
        cmocka_unit_test(test_calendar_months),
        cmocka_unit_test(test_monitor_assignment),
        cmocka_unit_test(test_assignment_restarts),
        cmocka_unit_test(test_reopening),
        cmocka_unit_test(test_social_study),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
