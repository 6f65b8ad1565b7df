#include "domain/cases/legal_records.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/cases.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/cases.h"
#include "store/homes.h"
#include "store/legal_records.h"
#include "store/referrals.h"

enum { NOTES_MAX = 2000, REASON_MAX = 1000, COURT_MAX = 200, ORDER_NUMBER_MAX = 60 };

static bool is_kind(const CaseView *view, const char *kind)
{
    return strcmp(view->c.kind, kind) == 0;
}

/* A date that is valid when given (NULL passes); the fault names field. */
static int check_date(Ctx *ctx, const char *date, const char *field)
{
    return !date || validate_is_date(date) ? TK_OK : fault_field(ctx->fault, TK_ERR_INVALID, "field.date", field);
}

/* A change of a legal record, inside the caller's transaction: its history and audit rows, and the case's tasks
 * computed again (the record may have started or stopped a clock). */
static int record_change(Ctx *ctx, int64_t case_id, const char *action, const char *detail)
{
    int rc = domain_case_record(ctx, case_id, action, detail);
    return rc == TK_OK ? domain_case_tasks_refresh(ctx, case_id) : rc;
}

/* Reads a part of a case that no referral shares, audited as action. */
static int load_for_reading(Ctx *ctx, int64_t case_id, const char *action)
{
    CaseView view;
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    rc = domain_case_load_section(ctx, case_id, 0, &view);
    return rc == TK_OK ? domain_audit_read(ctx, action, "case", case_id, NULL) : rc;
}

/* --- settlements --- */

int domain_settlements(Ctx *ctx, int64_t case_id, Settlement **items, int *count)
{
    int rc = load_for_reading(ctx, case_id, "case.settlements.read");
    return rc == TK_OK ? store_settlements(ctx->db, case_id, ctx->arena, items, count) : rc;
}

/* The felony that rules a settlement out: a family-violence incident classed a felony, or a juvenile's act. */
static int has_felony(Ctx *ctx, const CaseView *view, bool *felony)
{
    *felony = view->c.legal_class && strcmp(view->c.legal_class, "felony") == 0;
    CaseIncident *incidents = NULL;
    int count = 0;
    int rc = store_case_incidents(ctx->db, view->c.id, ctx->arena, &incidents, &count);
    for (int i = 0; rc == TK_OK && i < count; i++)
        *felony = *felony || (incidents[i].legal_class && strcmp(incidents[i].legal_class, "felony") == 0);
    return rc;
}

unsigned settlement_side(const char *case_kind, const char *role)
{
    bool family = strcmp(case_kind, "family_violence") == 0;
    const char *first = family ? "victim" : "juvenile", *second = family ? "alleged_perpetrator" : "victim";
    if (strcmp(role, first) == 0 || (!family && strcmp(role, "guardian") == 0))
        return SETTLEMENT_SIDE_FIRST;
    return strcmp(role, second) == 0 ? SETTLEMENT_SIDE_SECOND : 0;
}

const char *settlement_refusal(const SettlementGate *gate)
{
    if (strcmp(gate->kind, "family_violence") != 0 && strcmp(gate->kind, "juvenile_conflict") != 0)
        return "settlement.kind";
    if (gate->open)
        return "settlement.open";
    if (gate->felony)
        return "settlement.felony";
    if (gate->not_eligible)
        return "settlement.not_eligible";
    if (gate->detained)
        return "settlement.detained";
    if (gate->consent_sides != (SETTLEMENT_SIDE_FIRST | SETTLEMENT_SIDE_SECOND))
        return "settlement.consent";
    return NULL;
}

/* The sides whose consent the given consents record: each one of the case's, not withdrawn (else *valid is false).
 * *joined: the ids joined by commas. */
static int consent_sides(Ctx *ctx, const CaseView *view, const int64_t *ids, int count, unsigned *sides, bool *valid,
                         char **joined)
{
    CasePerson *persons = NULL;
    int person_count = 0, rc = store_case_persons(ctx->db, view->c.id, ctx->arena, &persons, &person_count);
    *sides = 0;
    *valid = true;
    *joined = arena_strdup(ctx->arena, "");
    for (int i = 0; rc == TK_OK && *joined && i < count; i++) {
        CaseConsent consent;
        rc = store_consent_get(ctx->db, view->c.id, ids[i], ctx->arena, &consent);
        if (rc == TK_ERR_NOT_FOUND || (rc == TK_OK && consent.withdrawn_at)) {
            *valid = false;
            return TK_OK;
        }
        for (int p = 0; rc == TK_OK && p < person_count; p++)
            if (persons[p].person_id == consent.person_id)
                *sides |= settlement_side(view->c.kind, persons[p].role);
        *joined = arena_printf(ctx->arena, "%s%s%lld", *joined, i ? "," : "", (long long)ids[i]);
    }
    return rc == TK_OK && !*joined ? TK_ERR_NOMEM : rc;
}

/* What the law asks before a settlement starts (domain.md §2). */
static int check_eligible(Ctx *ctx, const CaseView *view, const int64_t *ids, int count, char **joined)
{
    /* a juvenile's settlement follows the settlement screen: marked eligible, not merely left unmarked */
    SettlementGate gate = {.kind = view->c.kind,
                           .not_eligible = is_kind(view, "juvenile_conflict") && view->c.settlement_eligible != 1};
    bool valid = true;
    int rc = store_legal_state(ctx->db, view->c.id, &gate.detained, &gate.open);
    if (rc == TK_OK)
        rc = has_felony(ctx, view, &gate.felony);
    if (rc == TK_OK)
        rc = consent_sides(ctx, view, ids, count, &gate.consent_sides, &valid, joined);
    if (rc != TK_OK)
        return rc;
    if (!valid)
        gate.consent_sides = 0;
    const char *refusal = settlement_refusal(&gate);
    if (refusal && strcmp(refusal, "settlement.consent") == 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, refusal, "consent_ids");
    return refusal ? fault_set(ctx->fault, TK_ERR_CONFLICT, refusal) : TK_OK;
}

int domain_settlement_start(Ctx *ctx, int64_t case_id, const int64_t *consent_ids, int consent_count, Settlement *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    CaseView view;
    memset(out, 0, sizeof *out);
    DOMAIN_TRANSACTION(ctx, rc, {
        char *joined = NULL;
        rc = domain_case_load_open(ctx, case_id, &view);
        if (rc == TK_OK)
            rc = check_eligible(ctx, &view, consent_ids, consent_count, &joined);
        *out = (Settlement){.case_id = case_id, .consent_ids = joined};
        if (rc == TK_OK && (rc = store_settlement_add(ctx->db, out, access_acting_user(ctx))) == TK_ERR_EXISTS)
            fault_set(ctx->fault, TK_ERR_CONFLICT, "settlement.open");
        if (rc == TK_OK)
            rc = record_change(ctx, case_id, "case.settlement.start", joined);
        if (rc == TK_OK)
            rc = store_settlement_get(ctx->db, case_id, out->id, ctx->arena, out);
    });
    return rc == TK_ERR_EXISTS ? TK_ERR_CONFLICT : rc;
}

/* Loads an open settlement of an open case for a change at version. */
static int load_open_settlement(Ctx *ctx, int64_t case_id, int64_t settlement_id, int64_t version, Settlement *s)
{
    CaseView view;
    int rc = domain_case_load_open(ctx, case_id, &view);
    if (rc == TK_OK && (rc = store_settlement_get(ctx->db, case_id, settlement_id, ctx->arena, s)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc == TK_OK && strcmp(s->status, "open") != 0)
        return fault_set(ctx->fault, TK_ERR_CONFLICT, "settlement.ended");
    if (rc == TK_OK && s->version != version)
        return fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
    return rc;
}

/* Writes a settlement changed in the caller's transaction, with its history, and reads it back. */
static int save_settlement(Ctx *ctx, Settlement *s, const char *action, const char *detail)
{
    int rc = store_settlement_update(ctx->db, s, access_acting_user(ctx));
    if (rc == TK_ERR_CONFLICT)
        return fault_field(ctx->fault, rc, "version.conflict", "version");
    if (rc == TK_OK)
        rc = record_change(ctx, s->case_id, action, detail);
    return rc == TK_OK ? store_settlement_get(ctx->db, s->case_id, s->id, ctx->arena, s) : rc;
}

/* A date of the settlement that cannot come before its first session. */
static int check_after_first(Ctx *ctx, const Settlement *s, const char *date, const char *field)
{
    if (s->first_session_on && date && strcmp(date, s->first_session_on) < 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "settlement.before_first_session", field);
    return TK_OK;
}

int domain_settlement_session_add(Ctx *ctx, int64_t case_id, int64_t settlement_id, int64_t version,
                                  SettlementSession *session, Settlement *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!version)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if (domain_check_past_date(ctx, session->held_on, "held_on") != TK_OK)
        rc = TK_ERR_INVALID;
    if (check_date(ctx, session->next_on, "next_on") != TK_OK)
        rc = TK_ERR_INVALID;
    else if (rc == TK_OK && session->next_on && strcmp(session->next_on, session->held_on) <= 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "settlement.next_session_date", "next_on");
    if (validate_text(ctx, session->notes, NOTES_MAX, true, "notes") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_open_settlement(ctx, case_id, settlement_id, version, out);
        if (rc == TK_OK)
            rc = check_after_first(ctx, out, session->held_on, "held_on");
        /* the first session starts the clock; nothing moves it after */
        if (rc == TK_OK && !out->first_session_on)
            out->first_session_on = session->held_on;
        session->settlement_id = settlement_id;
        if (rc == TK_OK)
            rc = store_settlement_session_add(ctx->db, session, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = save_settlement(ctx, out, "case.settlement.session", session->held_on);
    });
    return rc;
}

int domain_settlement_extend(Ctx *ctx, int64_t case_id, int64_t settlement_id, int64_t version, const char *reason,
                             Settlement *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!version)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if ((rc = validate_required_text(ctx, reason, REASON_MAX, true, "reason")) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_open_settlement(ctx, case_id, settlement_id, version, out);
        if (rc == TK_OK && out->extended_on)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "settlement.extended");
        if (rc == TK_OK && !out->first_session_on)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "settlement.no_session");
        char today[11];
        clock_amman_today(today);
        out->extended_on = arena_strdup(ctx->arena, today);
        out->extension_reason = reason;
        if (rc == TK_OK)
            rc = save_settlement(ctx, out, "case.settlement.extend", reason);
    });
    return rc;
}

/* The fields of an outcome, checked alone. */
static int check_outcome(Ctx *ctx, const SettlementOutcome *in)
{
    int rc = TK_OK;
    if (validate_code(ctx, &codes_settlement_outcomes, in->outcome, "outcome") != TK_OK)
        rc = TK_ERR_INVALID;
    if (domain_check_past_date(ctx, in->decided_on, "decided_on") != TK_OK)
        rc = TK_ERR_INVALID;
    bool agreed = in->outcome && strcmp(in->outcome, "agreed") == 0;
    if (agreed && validate_required_text(ctx, in->terms, NOTES_MAX, true, "terms") != TK_OK)
        rc = TK_ERR_INVALID;
    /* the terms and the court's ratification belong to an agreement only */
    const struct {
        const char *value, *field;
    } agreement[] = {{in->terms, "terms"}, {in->court, "court"}, {in->ratified_on, "ratified_on"}};
    for (size_t i = 0; !agreed && i < sizeof agreement / sizeof agreement[0]; i++)
        if (agreement[i].value)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "settlement.agreement_only", agreement[i].field);
    if (agreed && !in->court != !in->ratified_on)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", in->court ? "ratified_on" : "court");
    if (in->ratified_on && domain_check_past_date(ctx, in->ratified_on, "ratified_on") != TK_OK)
        rc = TK_ERR_INVALID;
    else if (in->ratified_on && in->decided_on && strcmp(in->ratified_on, in->decided_on) < 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "settlement.ratified_before_agreement", "ratified_on");
    if (validate_text(ctx, in->court, COURT_MAX, false, "court") != TK_OK ||
        validate_text(ctx, in->note, NOTES_MAX, true, "note") != TK_OK)
        rc = TK_ERR_INVALID;
    return rc;
}

int domain_settlement_decide(Ctx *ctx, int64_t case_id, int64_t settlement_id, int64_t version,
                             const SettlementOutcome *in, Settlement *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!version)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if ((rc = check_outcome(ctx, in)) != TK_OK)
        return rc;
    bool withdrawn = strcmp(in->outcome, "withdrawn") == 0, failed = strcmp(in->outcome, "failed") == 0;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_open_settlement(ctx, case_id, settlement_id, version, out);
        /* an agreement, or its failure, comes of sessions held; a party may withdraw at any time */
        if (rc == TK_OK && !withdrawn && !out->first_session_on)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "settlement.no_session");
        if (rc == TK_OK)
            rc = check_after_first(ctx, out, in->decided_on, "decided_on");
        out->status = in->outcome;
        out->outcome_on = in->decided_on;
        out->terms = in->terms;
        out->court = in->court;
        out->ratified_on = in->ratified_on;
        out->prosecutor_on = failed ? in->decided_on : NULL;
        out->outcome_note = in->note;
        if (rc == TK_OK)
            rc = save_settlement(ctx, out, arena_printf(ctx->arena, "case.settlement.%s", in->outcome), in->decided_on);
    });
    return rc;
}

/* --- detention orders --- */

int domain_detention_orders(Ctx *ctx, int64_t case_id, DetentionOrder **items, int *count)
{
    int rc = load_for_reading(ctx, case_id, "case.detention.read");
    return rc == TK_OK ? store_detention_orders(ctx->db, case_id, ctx->arena, items, count) : rc;
}

const char *detention_order_refusal(const DetentionOrder *o, const DetentionOrder *newest, int64_t max_days,
                                    int64_t *renewal, const char **field)
{
    int64_t days = days_between(o->starts_on, o->ends_on) + 1;
    *field = "ends_on";
    *renewal = 0;
    if (days < 1)
        return "detention.ends_before_start";
    if (days > max_days)
        return "detention.too_long";
    bool in_force = newest && !newest->released_on;
    *field = "renews_id";
    if (!o->renews_id) /* a new detention starts afresh, with no renewals */
        return in_force ? "detention.in_force" : NULL;
    if (!in_force)
        return "detention.not_in_force";
    if (newest->id != o->renews_id)
        return "version.conflict";
    *field = "starts_on";
    if (days_between(newest->ends_on, o->starts_on) != 1)
        return "detention.renewal_start";
    *renewal = newest->renewal + 1;
    *field = "authority";
    return strcmp(o->authority, "prosecutor") == 0 && *renewal > 1 ? "detention.prosecutor_renewed" : NULL;
}

/* The fields of an order, checked alone: its authority, number and dates; a detention (recorded as a court measure
 * too) has no duration in months, its days being those from its start to its end, and no reports of the monitor. */
static int check_order(Ctx *ctx, const DetentionOrder *o)
{
    int rc = TK_OK;
    if (o->duration_months)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.unknown", "duration_months");
    if (o->report_months)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.unknown", "report_months");
    if (validate_code(ctx, &codes_detention_authorities, o->authority, "authority") != TK_OK)
        rc = TK_ERR_INVALID;
    if (validate_required_text(ctx, o->order_number, ORDER_NUMBER_MAX, false, "order_number") != TK_OK)
        rc = TK_ERR_INVALID;
    /* recorded as a court measure, it may name its court and terms */
    if (validate_text(ctx, o->court, COURT_MAX, false, "court") != TK_OK)
        rc = TK_ERR_INVALID;
    if (validate_text(ctx, o->terms, NOTES_MAX, true, "terms") != TK_OK)
        rc = TK_ERR_INVALID;
    if (domain_check_past_date(ctx, o->order_date, "order_date") != TK_OK)
        rc = TK_ERR_INVALID;
    const char *dates[] = {"starts_on", "ends_on"};
    const char *values[] = {o->starts_on, o->ends_on};
    for (int i = 0; i < 2; i++)
        if (!values[i])
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", dates[i]);
        else if (check_date(ctx, values[i], dates[i]) != TK_OK)
            rc = TK_ERR_INVALID;
    return rc;
}

int domain_detention_order_add(Ctx *ctx, int64_t case_id, DetentionOrder *order)
{
    int rc = access_require(ctx, CAP_CASES);
    if (rc != TK_OK || (rc = check_order(ctx, order)) != TK_OK)
        return rc;
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        bool detained = false, settling = false, found = false;
        DetentionOrder newest;
        rc = domain_case_load_open(ctx, case_id, &view);
        if (rc == TK_OK && !is_kind(&view, "juvenile_conflict"))
            rc = fault_set(ctx->fault, TK_ERR_INVALID, "detention.kind");
        /* no detention for a violation, nor during a settlement */
        if (rc == TK_OK && view.c.legal_class && strcmp(view.c.legal_class, "violation") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "detention.violation");
        if (rc == TK_OK)
            rc = store_legal_state(ctx->db, case_id, &detained, &settling);
        if (rc == TK_OK && settling)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "detention.settlement");
        if (rc == TK_OK && (rc = store_detention_order_newest(ctx->db, case_id, ctx->arena, &newest)) == TK_OK)
            found = true;
        else if (rc == TK_ERR_NOT_FOUND)
            rc = TK_OK;
        const char *field = NULL, *refusal = NULL;
        if (rc == TK_OK)
            refusal = detention_order_refusal(order, found ? &newest : NULL, timeframes_current().detention_days,
                                              &order->renewal, &field);
        if (refusal)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, refusal, field);
        order->case_id = case_id;
        order->kind = "detention";
        if (rc == TK_OK && (rc = store_measure_add(ctx->db, order, access_acting_user(ctx))) == TK_ERR_CONFLICT)
            fault_field(ctx->fault, rc, "version.conflict", "renews_id");
        /* a juvenile held in a home on the order renewed is held on the renewal now: the register shows its end */
        if (rc == TK_OK && order->renews_id)
            rc = store_placements_follow(ctx->db, order->renews_id, order->id);
        if (rc == TK_OK)
            rc = record_change(ctx, case_id, order->renewal ? "case.detention.renew" : "case.detention.order",
                               arena_printf(ctx->arena, "%s %s %s → %s", order->authority, order->order_number,
                                            order->starts_on, order->ends_on));
    });
    if (rc == TK_OK && ctx->user) {
        order->created_by_name = ctx->user->full_name;
        order->created_by_sex = ctx->user->sex;
    }
    return rc;
}

/* The day the detention of the order in force began: the start of the first order its renewals go back to. */
static int detention_began(Ctx *ctx, const DetentionOrder *in_force, const char **began)
{
    DetentionOrder *orders = NULL;
    int count = 0;
    int rc = store_detention_orders(ctx->db, in_force->case_id, ctx->arena, &orders, &count);
    *began = in_force->starts_on;
    int64_t back = in_force->renews_id;
    for (int i = 0; rc == TK_OK && back && i < count; i++) /* newest first: each renewal before the order it renews */
        if (orders[i].id == back) {
            *began = orders[i].starts_on;
            back = orders[i].renews_id;
        }
    return rc;
}

int domain_detention_release(Ctx *ctx, int64_t case_id, int64_t order_id, int64_t version, const char *released_on,
                             const char *reason, DetentionOrder *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    rc = domain_check_ending(ctx, version, released_on, "released_on", reason);
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        if (rc == TK_OK && (rc = store_detention_order_newest(ctx->db, case_id, ctx->arena, out)) == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK && (out->id != order_id || out->released_on))
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "detention.not_in_force");
        if (rc == TK_OK && out->version != version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        const char *began = NULL;
        if (rc == TK_OK)
            rc = detention_began(ctx, out, &began);
        if (rc == TK_OK && strcmp(released_on, began) < 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "detention.release_before_start", "released_on");
        out->released_on = released_on;
        out->release_reason = reason;
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_measure_end(ctx->db, out, access_acting_user(ctx)));
        if (rc == TK_OK)
            rc = record_change(ctx, case_id, "case.detention.release", released_on);
    });
    return rc;
}

/* --- trial steps --- */

int domain_trial_steps(Ctx *ctx, int64_t case_id, TrialStep **items, int *count)
{
    int rc = load_for_reading(ctx, case_id, "case.trial.read");
    if (rc == TK_OK)
        rc = store_trial_steps(ctx->db, case_id, ctx->arena, items, count);
    if (rc == TK_OK)
        trial_adjournments(*items, *count);
    return rc;
}

void trial_adjournments(TrialStep *steps, int count)
{
    const char *last_hearing = NULL;
    for (int i = 0; i < count; i++) {
        TrialStep *s = &steps[i];
        if (strcmp(s->kind, "hearing") != 0)
            continue;
        s->adjournment_days = last_hearing ? days_between(last_hearing, s->held_on) : 0;
        s->next_days = s->next_on ? days_between(s->held_on, s->next_on) : 0;
        s->adjournment_over_limit = s->adjournment_days > ADJOURNMENT_DAYS_MAX;
        s->next_over_limit = s->next_days > ADJOURNMENT_DAYS_MAX;
        last_hearing = s->held_on;
    }
}

int64_t detention_in_force(const DetentionOrder *orders, int count)
{
    return count > 0 && !orders[0].released_on ? orders[0].id : 0;
}

/* Where a step stands among those recorded: hearings and the verdict follow the referral to court, on or after its
 * date; nothing follows the verdict. */
static int check_step_order(Ctx *ctx, const TrialStep *step, const TrialStep *steps, int count)
{
    const char *referral = NULL;
    for (int i = 0; i < count; i++) {
        if (strcmp(steps[i].kind, "court_referral") == 0)
            referral = steps[i].held_on;
        if (strcmp(steps[i].kind, "verdict") == 0 && strcmp(step->kind, "verdict") != 0)
            return fault_set(ctx->fault, TK_ERR_CONFLICT, "trial.decided");
    }
    if (strcmp(step->kind, "court_referral") == 0)
        return TK_OK;
    if (!referral)
        return fault_set(ctx->fault, TK_ERR_CONFLICT, "trial.not_referred");
    if (strcmp(step->held_on, referral) < 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "trial.before_referral", "held_on");
    return TK_OK;
}

int domain_trial_step_add(Ctx *ctx, int64_t case_id, TrialStep *step)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (validate_code(ctx, &codes_trial_steps, step->kind, "kind") != TK_OK)
        rc = TK_ERR_INVALID;
    if (domain_check_past_date(ctx, step->held_on, "held_on") != TK_OK)
        rc = TK_ERR_INVALID;
    bool hearing = step->kind && strcmp(step->kind, "hearing") == 0;
    if (step->next_on && !hearing)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "trial.next_hearing_only", "next_on");
    else if (check_date(ctx, step->next_on, "next_on") != TK_OK)
        rc = TK_ERR_INVALID;
    else if (rc == TK_OK && step->next_on && strcmp(step->next_on, step->held_on) <= 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "trial.next_hearing_date", "next_on");
    if (validate_text(ctx, step->court, COURT_MAX, false, "court") != TK_OK ||
        validate_text(ctx, step->notes, NOTES_MAX, true, "notes") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        TrialStep *steps = NULL;
        int count = 0;
        rc = domain_case_load_open(ctx, case_id, &view);
        if (rc == TK_OK && !is_kind(&view, "juvenile_conflict"))
            rc = fault_set(ctx->fault, TK_ERR_INVALID, "trial.kind");
        if (rc == TK_OK)
            rc = store_trial_steps(ctx->db, case_id, ctx->arena, &steps, &count);
        if (rc == TK_OK)
            rc = check_step_order(ctx, step, steps, count);
        step->case_id = case_id;
        if (rc == TK_OK && (rc = store_trial_step_add(ctx->db, step, access_acting_user(ctx))) == TK_ERR_EXISTS)
            fault_field(ctx->fault, TK_ERR_CONFLICT, "trial.step_recorded", "kind");
        if (rc == TK_OK)
            rc = record_change(ctx, case_id, arena_printf(ctx->arena, "case.trial.%s", step->kind), step->held_on);
    });
    if (rc == TK_ERR_EXISTS)
        return TK_ERR_CONFLICT;
    if (rc == TK_OK && ctx->user)
        step->recorded_by_name = ctx->user->full_name;
    return rc;
}
