#include "domain/cases/deadlines.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/settings.h"

enum { HOUR = 3600, DAY = 86400 };

Timeframes timeframes_current(void)
{
    return (Timeframes){
        .assign_hours = settings_get(SET_CASE_ASSIGN_HOURS),
        .assign_high_risk_hours = settings_get(SET_CASE_ASSIGN_HIGH_RISK_HOURS),
        .first_response_hours = settings_get(SET_FIRST_RESPONSE_HOURS),
        .settlement_days = settings_get(SET_SETTLEMENT_DAYS),
        .settlement_extension_days = settings_get(SET_SETTLEMENT_EXTENSION_DAYS),
        .detention_days = settings_get(SET_DETENTION_DAYS),
        .monitor_report_months = settings_get(SET_MONITOR_REPORT_MONTHS),
        .family_notice_hours = settings_get(SET_FAMILY_NOTICE_HOURS),
        .closure_approval_days = settings_get(SET_CLOSURE_APPROVAL_DAYS),
        .social_study_days = settings_get(SET_SOCIAL_STUDY_DAYS),
    };
}

static int64_t later(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static bool is_kind(const Case *c, const char *kind)
{
    return c->kind && strcmp(c->kind, kind) == 0;
}

static bool is_juvenile(const Case *c)
{
    return is_kind(c, "juvenile_conflict") || is_kind(c, "juvenile_protection");
}

bool case_worker_assigned(const Case *c, const CaseAssignment *assignments, int count)
{
    for (int i = 0; i < count; i++)
        if (strcmp(assignments[i].role, "caseworker") == 0 ||
            (is_juvenile(c) && strcmp(assignments[i].role, "monitor") == 0))
            return true;
    return false;
}

/* The monitor's next report while a measure that calls for reports is in force: the court's frequency (calendar
 * months) after the last report, or after the start of those measures when there is none since; a report made
 * before a reopening does not count. -1 when none falls due before the measures end. */
static int64_t monitor_report_due(const Case *c, const LegalClocks *legal)
{
    if (!legal->reports_from || legal->report_months <= 0)
        return -1;
    char start[11], reopened[11] = "";
    snprintf(start, sizeof start, "%s", legal->reports_from);
    if (c->reopened_at) {
        clock_amman_date(c->reopened_at, reopened);
        if (strcmp(reopened, start) > 0)
            memcpy(start, reopened, sizeof start);
    }
    bool reported = c->last_monitor_report && clock_amman_day_start(c->last_monitor_report) >= 0 &&
                    strcmp(c->last_monitor_report, start) >= 0;
    int64_t due = clock_amman_months_after(reported ? c->last_monitor_report : start, legal->report_months);
    int64_t until = clock_amman_day_start(legal->reports_until);
    return due < 0 || (until >= 0 && due - DAY > until) ? -1 : due;
}

/* A date's deadline on a reopened case: a day that ended before the reopening is due by the end of the day after
 * it, so that nothing is overdue at the moment of reopening. */
static int64_t after_reopening(const Case *c, int64_t due)
{
    if (!c->reopened_at)
        return due;
    char day[11];
    clock_amman_date(c->reopened_at, day);
    return later(due, clock_amman_day_start(day) + 2 * DAY);
}

static void add(CaseTask *out, int *n, const char *kind, int64_t due_at)
{
    if (*n < MAX_DEADLINES)
        out[(*n)++] = (CaseTask){.kind = kind, .due_at = due_at};
}

int64_t days_between(const char *from, const char *to)
{
    int64_t a = clock_amman_day_start(from), b = clock_amman_day_start(to);
    return a < 0 || b < 0 ? 0 : (b - a) / DAY;
}

int64_t settlement_due(const char *first_session_on, bool extended, const Timeframes *t)
{
    int64_t start = clock_amman_day_start(first_session_on);
    return start < 0 ? -1 : start + (t->settlement_days + (extended ? t->settlement_extension_days : 0)) * DAY;
}

/* The legal clocks: a settlement ends 14 days after its first session, or 28 with its one extension, and stops at its
 * outcome; a juvenile's detention ends with the last day of the order in force, and stops at the release; a verdict
 * falls due by the end of the day 3 calendar months (6 for a felony) after the referral to court, and stops at the
 * verdict. After a reopening, none is due before the end of the day after it. */
static void add_legal(const Case *c, const Timeframes *t, const LegalClocks *legal, CaseTask *out, int *n)
{
    int64_t settlement = settlement_due(legal->settlement_started, legal->settlement_extended, t);
    if (settlement >= 0)
        add(out, n, "settlement", after_reopening(c, settlement));
    int64_t start = clock_amman_day_start(legal->detention_ends);
    if (start >= 0 && is_kind(c, "juvenile_conflict"))
        add(out, n, "detention", after_reopening(c, start + DAY));
    bool felony = c->legal_class && strcmp(c->legal_class, "felony") == 0;
    int64_t verdict = clock_amman_months_after(legal->court_referral, felony ? VERDICT_MONTHS_FELONY : VERDICT_MONTHS);
    if (verdict >= 0 && is_kind(c, "juvenile_conflict"))
        add(out, n, "verdict", after_reopening(c, verdict));
    /* a court measure ends with its last day: a placement, a supervision, an order (the earliest in force) */
    start = clock_amman_day_start(legal->measure_ends);
    if (start >= 0)
        add(out, n, "measure_end", after_reopening(c, start + DAY));
    /* juveniles: the behaviour monitor reports at the court's frequency while a measure that calls for it holds */
    int64_t report = is_juvenile(c) ? monitor_report_due(c, legal) : -1;
    if (report >= 0)
        add(out, n, "monitor_report", report);
    /* a resident moved to another home: the family is told within 48 hours, as for inmates */
    if (legal->placement_transferred_at > 0)
        add(out, n, "family_notice", legal->placement_transferred_at + t->family_notice_hours * HOUR);
}

/* The end (midnight in Amman) of the day `months` calendar months before a YYYY-MM-DD date (the month's last day
 * when it has no such day); -1 when the date is malformed. */
static int64_t months_before(const char *date, int months)
{
    int year, month, day;
    if (clock_amman_day_start(date) < 0 || sscanf(date, "%4d-%2d-%2d", &year, &month, &day) != 3)
        return -1;
    int index = year * 12 + (month - 1) - months;
    year = index / 12;
    month = index % 12 + 1;
    int last = clock_month_days(year, month);
    char text[16];
    snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day < last ? day : last);
    int64_t start = clock_amman_day_start(text);
    return start < 0 ? -1 : start + DAY;
}

/* An inmate's case (domain.md §2.4): the pre-release plan is due six months before the expected release, or by the
 * end of the day of admission when the sentence is shorter, until it is made (or the inmate released); a child
 * staying with the mother needs a decision on where the child goes next 90 days before turning 3. */
static void add_centre(const Case *c, const LegalClocks *legal, CaseTask *out, int *n)
{
    int64_t release = c->expected_release ? months_before(c->expected_release, PRE_RELEASE_MONTHS) : -1;
    if (release >= 0 && !legal->release_planned) {
        int64_t admission = clock_amman_day_start(c->admission_date);
        add(out, n, "pre_release_plan", after_reopening(c, later(release, admission >= 0 ? admission + DAY : -1)));
    }
    int64_t third = legal->child_birth_date ? clock_amman_months_after(legal->child_birth_date, 36) : -1;
    if (third >= 0)
        add(out, n, "child_plan", after_reopening(c, third - CHILD_PLAN_DAYS * DAY));
}

/* A juvenile in a home is prepared to leave care from 16 (Jordan's aftercare regulation): the aftercare plan is due
 * AFTERCARE_PLAN_DAYS after the 16th birthday, or after the admission of one older, until it is made. */
static void add_aftercare(const Case *c, const LegalClocks *legal, CaseTask *out, int *n)
{
    if (!is_juvenile(c) || !legal->resident_birth_date || legal->release_planned)
        return;
    int64_t sixteen = clock_amman_months_after(legal->resident_birth_date, 16 * 12);
    if (sixteen < 0)
        return;
    int64_t from = later(sixteen - DAY, legal->resident_admitted_at);
    add(out, n, "aftercare_plan", after_reopening(c, from + AFTERCARE_PLAN_DAYS * DAY));
}

int case_deadlines(const Case *c, bool has_worker, const Timeframes *t, const LegalClocks *legal, CaseTask *out)
{
    int n = 0;
    if (!c->stage || strcmp(c->stage, "closed") == 0)
        return 0;
    bool high = c->risk_level && strcmp(c->risk_level, "high") == 0;
    /* a new case is assigned to a social worker within hours (one when its risk is high); the clock starts again at
     * a transfer's acceptance, a reopening, or the unassignment that left the case without its worker */
    if (!has_worker)
        add(out, &n, "assignment",
            later(c->created_at, c->clock_started_at) + (high ? t->assign_high_risk_hours : t->assign_hours) * HOUR);
    /* family violence: the first response, a risk assessment, within 24 hours of the report; a reopened case needs
     * a new one within 24 hours of its reopening */
    if (is_kind(c, "family_violence") && (!c->risk_level || c->risk_assessed_at < c->reopened_at))
        add(out, &n, "first_response", later(c->reported_at, c->reopened_at) + t->first_response_hours * HOUR);
    /* a juvenile in conflict with the law: the monitor's social study at the start of the investigation, until one
     * is submitted */
    if (is_kind(c, "juvenile_conflict") && !c->social_study_submitted)
        add(out, &n, "social_study", later(c->created_at, c->reopened_at) + t->social_study_days * DAY);
    if (legal)
        add_legal(c, t, legal, out, &n);
    if (legal)
        add_aftercare(c, legal, out, &n);
    /* inmates: the family is told of a transfer within 48 hours (of the reopening, for a case closed meanwhile) */
    if (is_kind(c, "inmate_family") && c->transferred_at && c->family_notified_at < c->transferred_at)
        add(out, &n, "family_notice", later(c->transferred_at, c->reopened_at) + t->family_notice_hours * HOUR);
    if (is_kind(c, "inmate_family") && legal)
        add_centre(c, legal, out, &n);
    /* the follow-up: due by the end of the day of the schedule's next contact */
    int64_t start = clock_amman_day_start(c->next_planned_follow_up);
    if (start >= 0)
        add(out, &n, "follow_up", after_reopening(c, start + DAY));
    /* the case plan: its open goals are reviewed by the end of the earliest review date */
    start = clock_amman_day_start(c->next_goal_review);
    if (start >= 0)
        add(out, &n, "plan_review", after_reopening(c, start + DAY));
    if (c->closure_requested)
        add(out, &n, "closure_approval", c->closure_requested_at + t->closure_approval_days * DAY);
    return n;
}

int age_on(const char *birth_date, int64_t birth_year, const char *date)
{
    int y, m, d;
    if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return -1;
    int by, bm, bd;
    if (birth_date && sscanf(birth_date, "%4d-%2d-%2d", &by, &bm, &bd) == 3) {
        int age = y - by;
        if (m < bm || (m == bm && d < bd))
            age--;
        return age;
    }
    if (birth_year > 0) {
        int age = y - (int)birth_year;
        if (m < 7)
            age--;
        return age;
    }
    return -1;
}
