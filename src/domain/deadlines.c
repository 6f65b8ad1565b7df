#include "domain/deadlines.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/settings.h"

enum { HOUR = 3600, DAY = 86400, AMMAN_OFFSET = 3 * HOUR };

Timeframes timeframes_current(void)
{
    return (Timeframes){
        .assign_hours = settings_get(SET_CASE_ASSIGN_HOURS),
        .assign_high_risk_hours = settings_get(SET_CASE_ASSIGN_HIGH_RISK_HOURS),
        .first_response_hours = settings_get(SET_FIRST_RESPONSE_HOURS),
        .settlement_days = settings_get(SET_SETTLEMENT_DAYS),
        .settlement_extension_days = settings_get(SET_SETTLEMENT_EXTENSION_DAYS),
        .detention_days = settings_get(SET_DETENTION_DAYS),
        .monitor_report_days = settings_get(SET_MONITOR_REPORT_DAYS),
        .family_notice_hours = settings_get(SET_FAMILY_NOTICE_HOURS),
        .closure_approval_days = settings_get(SET_CLOSURE_APPROVAL_DAYS),
    };
}

int64_t amman_day_start(const char *date)
{
    int64_t utc;
    if (!date || strlen(date) != 10 || !clock_parse_iso(date, &utc))
        return -1;
    return utc - AMMAN_OFFSET;
}

bool amman_day_ending(int64_t at, char date[11])
{
    int64_t local = at + AMMAN_OFFSET;
    if (local % DAY != 0)
        return false;
    char text[21];
    clock_format_iso(local - DAY, text);
    memcpy(date, text, 10);
    date[10] = '\0';
    return true;
}

static bool is_kind(const Case *c, const char *kind)
{
    return c->kind && strcmp(c->kind, kind) == 0;
}

static void add(CaseTask *out, int *n, const char *kind, int64_t due_at)
{
    if (*n < MAX_DEADLINES)
        out[(*n)++] = (CaseTask){.kind = kind, .due_at = due_at};
}

int64_t amman_months_after(const char *date, int64_t months)
{
    int year, month, day;
    if (amman_day_start(date) < 0 || sscanf(date, "%4d-%2d-%2d", &year, &month, &day) != 3 || months < 0 ||
        months > 12 * 1000)
        return -1;
    int index = (month - 1) + (int)months;
    year += index / 12;
    month = index % 12 + 1;
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int last = month_days[month - 1] + (month == 2 && leap);
    char text[16];
    snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day < last ? day : last);
    int64_t start = amman_day_start(text);
    return start < 0 ? -1 : start + DAY;
}

int64_t days_between(const char *from, const char *to)
{
    int64_t a = amman_day_start(from), b = amman_day_start(to);
    return a < 0 || b < 0 ? 0 : (b - a) / DAY;
}

/* The legal clocks: a settlement ends 14 days after its first session, or 28 with its one extension, and stops at its
 * outcome; a juvenile's detention ends with the last day of the order in force, and stops at the release; a verdict
 * falls due by the end of the day 3 calendar months (6 for a felony) after the referral to court, and stops at the
 * verdict. */
static void add_legal(const Case *c, const Timeframes *t, const LegalClocks *legal, CaseTask *out, int *n)
{
    int64_t start = amman_day_start(legal->settlement_started);
    if (start >= 0)
        add(out, n, "settlement",
            start + (t->settlement_days + (legal->settlement_extended ? t->settlement_extension_days : 0)) * DAY);
    start = amman_day_start(legal->detention_ends);
    if (start >= 0 && is_kind(c, "juvenile_conflict"))
        add(out, n, "detention", start + DAY);
    bool felony = c->legal_class && strcmp(c->legal_class, "felony") == 0;
    int64_t verdict = amman_months_after(legal->court_referral, felony ? VERDICT_MONTHS_FELONY : VERDICT_MONTHS);
    if (verdict >= 0 && is_kind(c, "juvenile_conflict"))
        add(out, n, "verdict", verdict);
}

int case_deadlines(const Case *c, bool has_caseworker, const Timeframes *t, const LegalClocks *legal,
                   CaseTask *out)
{
    int n = 0;
    if (!c->stage || strcmp(c->stage, "closed") == 0)
        return 0;
    bool high = c->risk_level && strcmp(c->risk_level, "high") == 0;
    /* a new case is assigned to a social worker within hours (one when its risk is high) */
    if (!has_caseworker)
        add(out, &n, "assignment", c->created_at + (high ? t->assign_high_risk_hours : t->assign_hours) * HOUR);
    /* family violence: the first response, a risk assessment, within 24 hours of the report */
    if (is_kind(c, "family_violence") && !c->risk_level)
        add(out, &n, "first_response", c->reported_at + t->first_response_hours * HOUR);
    if (legal)
        add_legal(c, t, legal, out, &n);
    /* juveniles: the behaviour monitor reports every three months once there is a plan */
    bool juvenile = is_kind(c, "juvenile_conflict") || is_kind(c, "juvenile_protection");
    bool planned = strcmp(c->stage, "registration") != 0 && strcmp(c->stage, "assessment") != 0;
    if (juvenile && planned) {
        int64_t last = amman_day_start(c->last_monitor_report);
        add(out, &n, "monitor_report", (last >= 0 ? last : c->created_at) + t->monitor_report_days * DAY);
    }
    /* inmates: the family is told of a transfer within 48 hours */
    if (is_kind(c, "inmate_family") && c->transferred_at && c->family_notified_at < c->transferred_at)
        add(out, &n, "family_notice", c->transferred_at + t->family_notice_hours * HOUR);
    /* the follow-up: due by the end of the day of the schedule's next contact */
    int64_t start = amman_day_start(c->next_planned_follow_up);
    if (start >= 0)
        add(out, &n, "follow_up", start + DAY);
    /* the case plan: its open goals are reviewed by the end of the earliest review date */
    start = amman_day_start(c->next_goal_review);
    if (start >= 0)
        add(out, &n, "plan_review", start + DAY);
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

void amman_today(char date[11])
{
    char text[21];
    clock_format_iso(clock_now() + AMMAN_OFFSET, text);
    memcpy(date, text, 10);
    date[10] = '\0';
}
