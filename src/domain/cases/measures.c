/* The court measures of a case (domain.md §2 and §4): what each kind may be, on which kinds of case, for how long,
 * whether the monitor reports while it is in force; recording one and its early end. Pre-trial detention is one of
 * them, kept by its own rules (legal_records.c: 10 days an order, renewals, release). */
#include "domain/cases/measures.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/cases.h"
#include "domain/cases/deadlines.h"
#include "domain/cases/legal_records.h"
#include "domain/core/access.h"
#include "domain/core/validate.h"
#include "store/legal_records.h"

enum { DAY = 86400, TEXT_MAX = 2000, COURT_MAX = 200, NUMBER_MAX = 60, REASON_MAX = 1000 };

#define JC "juvenile_conflict"
#define JP "juvenile_protection"
#define FV "family_violence"

/* The law's limits (Juveniles Law 2014 art. 24 and 33–40; Protection from Family Violence Law 2017). */
static const MeasureRule rules[] = {
    {"detention", JC, 0, 0, true, false, "juvenile_education_home"},
    {"reprimand", JC, 0, 0, false, false, NULL},
    {"handover", JC, 0, 0, false, false, NULL},
    {"community_service", JC, 0, 12, true, false, NULL},
    {"vocational_training", JC, 0, 12, true, false, NULL},
    {"duties", JC, 0, 12, true, false, NULL},
    {"rehabilitation_programme", JC, 0, 12, true, false, NULL},
    {"judicial_supervision", JC, 0, 12, true, true, NULL},
    {"rehabilitation_home", JC, 0, 0, true, true, "juvenile_rehabilitation_home"},
    {"parental_undertaking", JP, 0, 0, false, false, NULL},
    {"care_home", JP, 0, 24, true, true, "juvenile_care_home"},
    {"foster_family", JP, 0, 24, true, true, NULL},
    {"protection_supervision", JP, 12, 60, true, true, NULL},
    {"protection_order", FV, 0, 0, true, false, NULL},
    {"settlement_ruling", FV, 0, 6, true, false, NULL},
};

const MeasureRule *measure_rule(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].kind, kind) == 0)
            return &rules[i];
    return NULL;
}

/* The last day of a measure of months calendar months from start: the day before the same day months on, or, when
 * that month has no such day (31 August and 6 months; 29 February and 2 years), that month's last day. */
static void months_last_day(const char *start, int64_t months, char day[11])
{
    int64_t same_day_ends = clock_amman_months_after(start, months); /* the end of that day, or of the month */
    char same_day[11];
    clock_amman_date(same_day_ends - DAY, same_day);
    bool kept = strcmp(same_day + 8, start + 8) == 0;
    clock_amman_date(same_day_ends - (kept ? 2 : 1) * DAY, day);
}

const char *measure_refusal(const Measure *m, const char *case_kind, const char **field)
{
    const MeasureRule *rule = measure_rule(m->kind);
    *field = "kind";
    if (!rule)
        return "field.code";
    if (strcmp(rule->case_kind, case_kind) != 0)
        return "measure.case_kind";
    *field = "ends_on";
    if (!rule->lasting)
        return m->ends_on ? "measure.no_duration" : m->report_months ? "measure.no_reports" : NULL;
    if (!m->ends_on)
        return "field.required";
    if (days_between(m->starts_on, m->ends_on) < 0)
        return "measure.ends_before_start";
    char limit[11];
    if (rule->max_months) {
        months_last_day(m->starts_on, rule->max_months, limit);
        if (strcmp(m->ends_on, limit) > 0)
            return "measure.too_long";
    }
    if (rule->min_months) {
        months_last_day(m->starts_on, rule->min_months, limit);
        if (strcmp(m->ends_on, limit) < 0)
            return "measure.too_short";
    }
    return NULL;
}

void measures_in_force(const Measure *items, int count, const char *today, bool *in_force)
{
    /* the detention: the newest order's chain of renewals, back to its first order, unless released */
    int64_t chain = -1; /* the next order of that chain (0: none); -1 before the newest order is met */
    bool detained = false;
    for (int i = 0; i < count; i++) {
        const Measure *m = &items[i];
        bool held = true;
        if (strcmp(m->kind, "detention") == 0) {
            if (chain < 0) {
                detained = !m->released_on; /* a release is recorded on the newest order and ends them all */
                chain = m->id;
            }
            held = detained && m->id == chain;
            if (m->id == chain)
                chain = m->renews_id;
        }
        in_force[i] = held && !m->released_on && m->ends_on && strcmp(m->starts_on, today) <= 0 &&
                      strcmp(m->ends_on, today) >= 0;
    }
}

int domain_measures(Ctx *ctx, int64_t case_id, Measure **items, int *count)
{
    CaseView view;
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    rc = domain_case_load_section(ctx, case_id, 0, &view);
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "case.measures.read", "case", case_id, NULL);
    return rc == TK_OK ? store_measures(ctx->db, case_id, ctx->arena, items, count) : rc;
}

/* The fields of a measure other than a detention, checked alone; fills its end from the duration and its report
 * schedule from the kind's default. */
static int check_measure(Ctx *ctx, Measure *m)
{
    int rc = TK_OK;
    const MeasureRule *rule = measure_rule(m->kind);
    if (m->authority && strcmp(m->authority, "court") != 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "measure.court_only", "authority");
    m->authority = "court";
    if (validate_required_text(ctx, m->court, COURT_MAX, false, "court") != TK_OK ||
        validate_required_text(ctx, m->order_number, NUMBER_MAX, false, "order_number") != TK_OK)
        rc = TK_ERR_INVALID;
    if (domain_check_past_date(ctx, m->order_date, "order_date") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!m->starts_on)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "starts_on");
    else if (!validate_is_date(m->starts_on))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "starts_on");
    if (m->ends_on && !validate_is_date(m->ends_on))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "ends_on");
    if (m->duration_months < 0 || m->duration_months > 120)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "duration_months");
    if (m->report_months < 0 || m->report_months > 12)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "report_months");
    if (validate_text(ctx, m->terms, TEXT_MAX, true, "terms") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rule && (strcmp(rule->kind, "protection_order") == 0 || strcmp(rule->kind, "settlement_ruling") == 0) &&
        validate_required_text(ctx, m->terms, TEXT_MAX, false, "terms") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    if (m->duration_months && m->ends_on)
        return fault_field(ctx->fault, TK_ERR_INVALID, "measure.duration_or_end", "duration_months");
    if (m->duration_months) {
        char last[11];
        months_last_day(m->starts_on, m->duration_months, last);
        m->ends_on = arena_strdup(ctx->arena, last);
    }
    if (rule && rule->reports && !m->report_months)
        m->report_months = timeframes_current().monitor_report_months;
    return TK_OK;
}

int domain_measure_add(Ctx *ctx, int64_t case_id, Measure *m)
{
    if (m->kind && strcmp(m->kind, "detention") == 0)
        return domain_detention_order_add(ctx, case_id, m);
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!m->kind)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "kind");
    if (!measure_rule(m->kind))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "kind");
    if ((rc = check_measure(ctx, m)) != TK_OK)
        return rc;
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        const char *field = NULL, *refusal = rc == TK_OK ? measure_refusal(m, view.c.kind, &field) : NULL;
        if (refusal)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, refusal, field);
        DOMAIN_CASE_PART_ADD(ctx, rc, case_id, m, store_measure_add, "case.measure.add",
                             arena_printf(ctx->arena, "%s %s %s → %s", m->kind, m->order_number, m->starts_on,
                                          m->ends_on ? m->ends_on : "—"));
        if (rc == TK_OK)
            rc = domain_case_tasks_refresh(ctx, case_id);
    });
    if (rc == TK_OK && ctx->user) {
        m->created_by_name = ctx->user->full_name;
        m->created_by_sex = ctx->user->sex;
    }
    return rc;
}

int domain_measure_end(Ctx *ctx, int64_t case_id, int64_t measure_id, int64_t version, const char *ended_on,
                       const char *reason, Measure *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    rc = domain_check_ending(ctx, version, ended_on, "ended_on", reason);
    bool detention = false;
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        if (rc == TK_OK && (rc = store_measure_get(ctx->db, case_id, measure_id, ctx->arena, out)) == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        detention = rc == TK_OK && strcmp(out->kind, "detention") == 0;
        if (rc == TK_OK && !detention && (out->released_on || !out->ends_on))
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "measure.not_in_force");
        if (rc == TK_OK && !detention && out->version != version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        if (rc == TK_OK && !detention && strcmp(ended_on, out->starts_on) < 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "measure.end_before_start", "ended_on");
        /* an end recorded after its last day would stretch the court's measure: it ended then */
        if (rc == TK_OK && !detention && strcmp(ended_on, out->ends_on) > 0)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "measure.not_in_force", "ended_on");
        out->released_on = ended_on;
        out->release_reason = reason;
        if (rc == TK_OK && !detention &&
            (rc = store_measure_end(ctx->db, out, access_acting_user(ctx))) == TK_ERR_CONFLICT)
            fault_field(ctx->fault, rc, "version.conflict", "version");
        if (rc == TK_OK && !detention)
            rc = domain_case_record(ctx, case_id, "case.measure.end",
                                    arena_printf(ctx->arena, "%s %s", out->kind, ended_on));
        if (rc == TK_OK && !detention)
            rc = domain_case_tasks_refresh(ctx, case_id);
    });
    if (rc == TK_OK && detention)
        return domain_detention_release(ctx, case_id, measure_id, version, ended_on, reason, out);
    return rc;
}
