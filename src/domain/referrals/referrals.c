#include "domain/referrals/referrals.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/fields.h"
#include "domain/cases/cases.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/cases.h"
#include "store/org.h"
#include "store/referrals.h"

static bool working_role(const Ctx *ctx)
{
    return access_has_role(ctx, ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR);
}

static bool in_unit(const Ctx *ctx, int64_t unit_id)
{
    return ctx->unit && ctx->unit->id == unit_id;
}

/* --- consents --- */

/* A case the user sees as one of its own unit's (or assigned) workers: a unit that sees it only through a referral
 * is refused these parts. */
static int load_own_case(Ctx *ctx, int64_t case_id, CaseView *view)
{
    int rc = domain_case_load(ctx, case_id, view);
    if (rc == TK_OK && view->rights.referred)
        rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "referral.not_shared");
    return rc;
}

DOMAIN_CASE_PART_LIST(domain_case_consents, CaseConsent, load_own_case(ctx, case_id, &view), store_consents,
                      domain_case_part_whole, "case.consents.read")

int domain_case_consent_add(Ctx *ctx, int64_t case_id, CaseConsent *consent)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    char today[11];
    clock_amman_today(today);
    if (!consent->person_id)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "person_id");
    if (validate_code(ctx, &codes_consent_methods, consent->method, "method") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!consent->given_on)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "given_on");
    else if (!validate_is_date(consent->given_on))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "given_on");
    else if (strcmp(consent->given_on, today) > 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "case.in_future", "given_on");
    if (validate_required_text(ctx, consent->scope, 1000, true, "scope") != TK_OK)
        rc = TK_ERR_INVALID;
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        CasePerson *persons = NULL;
        int count = 0;
        if (rc == TK_OK)
            rc = store_case_persons(ctx->db, case_id, ctx->arena, &persons, &count);
        bool of_case = false;
        for (int i = 0; rc == TK_OK && i < count; i++)
            of_case = of_case ||
                      (persons[i].person_id == consent->person_id && strcmp(persons[i].role, "reporter") != 0);
        if (rc == TK_OK && !of_case)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "consent.not_in_case", "person_id");
        consent->case_id = case_id;
        if (rc == TK_OK)
            rc = store_consent_add(ctx->db, consent, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.consent.add", consent->method);
    });
    if (rc == TK_OK)
        rc = store_consent_get(ctx->db, case_id, consent->id, ctx->arena, consent);
    return rc;
}

int domain_case_consent_withdraw(Ctx *ctx, int64_t case_id, int64_t consent_id, CaseConsent *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        if (rc == TK_OK && (rc = store_consent_get(ctx->db, case_id, consent_id, ctx->arena, out)) == TK_ERR_NOT_FOUND)
            rc = fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK &&
            (rc = store_consent_withdraw(ctx->db, consent_id, access_acting_user(ctx))) == TK_ERR_CONFLICT)
            rc = fault_set(ctx->fault, rc, "consent.withdrawn");
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.consent.withdraw", out->method);
    });
    if (rc == TK_OK)
        rc = store_consent_get(ctx->db, case_id, consent_id, ctx->arena, out);
    return rc;
}

/* --- referrals and transfers --- */

const char *referral_consent_basis(const char *kind, const ConsentVictim *victims, int count, int *missing)
{
    *missing = -1;
    if (strcmp(kind, "juvenile_conflict") == 0 || strcmp(kind, "juvenile_protection") == 0)
        return "child";
    if (strcmp(kind, "family_violence") != 0)
        return "not_required";
    bool adult = false, child = false;
    for (int i = 0; i < count; i++) {
        if (victims[i].age >= 0 && victims[i].age < 18) {
            child = true;
            continue;
        }
        adult = true; /* of unknown age: treated as an adult, whose consent is needed */
        if (!victims[i].consented && *missing < 0)
            *missing = i;
    }
    return adult ? "consent" : child ? "child" : "not_required";
}

/* The basis for sharing the case's data (referral_consent_basis), the consents it rests on, *missing: the first
 * victim whose consent is needed and not on the case (0: none), and the persons of the case shared. */
static int consent_basis(Ctx *ctx, const Case *c, const char **basis, char **consent_ids, int64_t *missing,
                         char **persons)
{
    *basis = "not_required";
    *consent_ids = NULL;
    *missing = 0;
    *persons = NULL;
    CasePerson *people = NULL;
    int count = 0;
    int rc = store_case_persons(ctx->db, c->id, ctx->arena, &people, &count);
    CaseConsent *consents = NULL;
    int consent_count = 0;
    if (rc == TK_OK)
        rc = store_consents(ctx->db, c->id, ctx->arena, &consents, &consent_count);
    if (rc != TK_OK)
        return rc;
    char *ids = arena_strdup(ctx->arena, "");
    for (int i = 0; i < count && ids; i++)
        if (strcmp(people[i].role, "reporter") != 0)
            ids = arena_printf(ctx->arena, "%s%s%lld", ids, *ids ? "," : "", (long long)people[i].person_id);
    *persons = ids && *ids ? ids : NULL;
    char today[11];
    clock_amman_today(today);
    ConsentVictim *victims = arena_calloc(ctx->arena, (size_t)count + 1, sizeof *victims);
    int64_t *victim_ids = arena_calloc(ctx->arena, (size_t)count + 1, sizeof *victim_ids);
    char *used = arena_strdup(ctx->arena, "");
    int victim_count = 0;
    for (int i = 0; i < count && victims && victim_ids && used; i++) {
        if (strcmp(people[i].role, "victim") != 0)
            continue;
        int age = age_on(people[i].person.birth_date, people[i].person.birth_year, today);
        int64_t found = 0;
        for (int k = 0; k < consent_count && !found; k++)
            if (consents[k].person_id == people[i].person_id && !consents[k].withdrawn_at)
                found = consents[k].id;
        victims[victim_count] = (ConsentVictim){.age = age, .consented = found != 0};
        victim_ids[victim_count++] = people[i].person_id;
        if (found && !(age >= 0 && age < 18))
            used = arena_printf(ctx->arena, "%s%s%lld", used, *used ? "," : "", (long long)found);
    }
    if (!victims || !victim_ids || !used)
        return TK_ERR_NOMEM;
    int first_missing;
    *basis = referral_consent_basis(c->kind, victims, victim_count, &first_missing);
    *missing = first_missing >= 0 ? victim_ids[first_missing] : 0;
    *consent_ids = strcmp(*basis, "consent") == 0 && *used ? used : NULL;
    return TK_OK;
}

static int check_referral_input(Ctx *ctx, const ReferralInput *in, const char **sections)
{
    int rc = TK_OK;
    if (validate_code(ctx, &codes_referral_kinds, in->kind, "kind") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!in->to_unit_id)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "to_unit_id");
    if (validate_required_text(ctx, in->reason, 2000, true, "reason") != TK_OK)
        rc = TK_ERR_INVALID;
    if (validate_code(ctx, &codes_referral_urgencies, in->urgency, "urgency") != TK_OK)
        rc = TK_ERR_INVALID;
    if (validate_text(ctx, in->override_reason, 1000, true, "override_reason") != TK_OK)
        rc = TK_ERR_INVALID;
    for (int i = 0; i < in->service_count; i++)
        if (!codes_find(&codes_service_types, in->services[i]))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "services");
    bool transfer = in->kind && strcmp(in->kind, "transfer") == 0;
    *sections = "summary,risk,persons,incidents,notes,services";
    if (!transfer) {
        if (!in->sections || !*in->sections)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "sections");
        else {
            /* every code known: the list is stored as given and read back by case_sections_parse */
            char *copy = arena_strdup(ctx->arena, in->sections);
            for (char *save = NULL, *code = copy ? strtok_r(copy, ",", &save) : NULL; code;
                 code = strtok_r(NULL, ",", &save))
                if (!codes_find(&codes_case_sections, code))
                    rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "sections");
            *sections = in->sections;
        }
    }
    return rc;
}

int domain_referral_send(Ctx *ctx, int64_t case_id, const ReferralInput *in, Referral *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    const char *sections;
    if ((rc = check_referral_input(ctx, in, &sections)) != TK_OK)
        return rc;
    bool transfer = strcmp(in->kind, "transfer") == 0;
    CaseView view;
    int64_t id = 0;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = domain_case_load_open(ctx, case_id, &view);
        if (rc == TK_OK && transfer && !view.rights.supervise)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
        Unit to;
        if (rc == TK_OK && (rc = store_unit_get(ctx->db, in->to_unit_id, ctx->arena, &to)) == TK_ERR_NOT_FOUND)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "to_unit_id");
        if (rc == TK_OK && strcmp(to.status, "active") != 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "to_unit_id");
        if (rc == TK_OK && to.id == view.c.unit_id)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "referral.same_unit", "to_unit_id");
        /* only a unit that works cases of this kind could ever read it (never the committee, a headquarters) */
        if (rc == TK_OK && !codes_unit_receives(to.type, view.c.kind))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "referral.unit_kind", "to_unit_id");
        /* a social study is written by a behaviour monitor, whom accepting assigns to the case */
        for (int i = 0; rc == TK_OK && i < in->service_count; i++)
            if (strcmp(in->services[i], SERVICE_SOCIAL_STUDY) == 0 && strcmp(to.type, "monitor_office") != 0)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "referral.study_unit", "services");
        if (rc == TK_OK && transfer) {
            Referral *existing = NULL;
            int count = 0;
            rc = store_referrals_of_case(ctx->db, case_id, ctx->arena, &existing, &count);
            for (int i = 0; rc == TK_OK && i < count; i++)
                if (strcmp(existing[i].kind, "transfer") == 0 && strcmp(existing[i].status, "pending") == 0)
                    rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "referral.transfer_pending");
        }
        const char *basis = NULL;
        char *consent_ids = NULL, *persons = NULL;
        int64_t missing = 0;
        if (rc == TK_OK)
            rc = consent_basis(ctx, &view.c, &basis, &consent_ids, &missing, &persons);
        const char *override = NULL;
        if (rc == TK_OK && missing) {
            if (!in->override_reason || !*in->override_reason)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "referral.consent_required", "consent");
            else if (!view.rights.supervise)
                rc = fault_field(ctx->fault, TK_ERR_FORBIDDEN, "referral.override_supervisor", "override_reason");
            else {
                basis = "override";
                override = in->override_reason;
            }
        }
        Referral r = {.case_id = case_id,
                      .kind = in->kind,
                      .from_unit_id = view.c.unit_id,
                      .to_unit_id = to.id,
                      .reason = in->reason,
                      .urgency = in->urgency,
                      .sections = sections,
                      .consent_basis = basis,
                      .consent_ids = consent_ids,
                      .override_reason = override,
                      .sent_by = access_acting_user(ctx)};
        if (rc == TK_OK)
            rc = store_referral_add(ctx->db, &r);
        id = r.id;
        for (int i = 0; rc == TK_OK && i < in->service_count; i++) {
            CaseService service = {.case_id = case_id,
                                   .type = in->services[i],
                                   .unit_id = to.id,
                                   .status = "referred",
                                   .referral_id = r.id};
            rc = store_service_add(ctx->db, &service, access_acting_user(ctx));
        }
        unsigned shared = case_sections_parse(sections);
        SharingEntry log = {.case_id = case_id,
                            .referral_id = r.id,
                            .from_unit_id = view.c.unit_id,
                            .to_unit_id = to.id,
                            .event = transfer ? "transfer_sent" : "referral_sent",
                            .sections = sections,
                            .persons = (shared & CASE_SECTION_PERSONS) ? persons : NULL,
                            .basis = basis,
                            .user_id = access_acting_user(ctx)};
        if (rc == TK_OK)
            rc = store_sharing_add(ctx->db, &log);
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, transfer ? "case.transfer.send" : "case.referral.send",
                                    arena_printf(ctx->arena, "%s %s", to.code, basis));
    });
    if (rc == TK_OK)
        rc = store_referral_get(ctx->db, id, ctx->arena, out);
    return rc;
}

void referral_rights_for(const ReferralParty *party, ReferralRights *rights)
{
    memset(rights, 0, sizeof *rights);
    if (!party->working)
        return;
    rights->receive = party->in_receiving_unit && (!party->transfer || party->supervisor);
    /* the sending side: whoever may change the case (its unit's workers, its assigned workers) */
    bool sender = (party->in_sending_unit && party->case_in_sending_unit &&
                   (!party->restricted || party->supervisor)) ||
                  party->assigned;
    rights->revoke = sender;
    rights->received = party->in_receiving_unit && !sender && !party->in_sending_unit;
}

/* Whether the user sees the referral (the store's one rule, store_referral_seen) and what she may do with it
 * (referral_rights_for), from the user and the referral's case. */
static int referral_rights(Ctx *ctx, const Referral *r, bool *seen, ReferralRights *rights)
{
    ReferralParty party = {.working = ctx->user && ctx->unit && working_role(ctx)};
    *seen = false;
    if (party.working) {
        Case c;
        int rc = store_case_get(ctx->db, r->case_id, ctx->arena, &c);
        if (rc != TK_OK)
            return rc;
        CaseAssignment *assignments = NULL;
        int count = 0;
        if ((rc = store_case_assignments(ctx->db, r->case_id, ctx->arena, &assignments, &count)) != TK_OK)
            return rc;
        for (int i = 0; i < count; i++)
            party.assigned = party.assigned || assignments[i].user_id == ctx->user->id;
        party.transfer = strcmp(r->kind, "transfer") == 0;
        party.in_receiving_unit = in_unit(ctx, r->to_unit_id);
        party.in_sending_unit = in_unit(ctx, r->from_unit_id);
        party.case_in_sending_unit = c.unit_id == r->from_unit_id;
        party.restricted = strcmp(c.sensitivity, "restricted") == 0;
        party.supervisor = access_has_role(ctx, ROLE_SUPERVISOR);
        if ((rc = store_referral_seen(ctx->db, r->id, ctx->user->id, ctx->unit->id, party.supervisor, seen)) != TK_OK)
            return rc;
    }
    referral_rights_for(&party, rights);
    return TK_OK;
}

static bool referral_over(const Referral *r)
{
    return strcmp(r->status, "pending") != 0 && strcmp(r->status, "accepted") != 0;
}

/* What the receiving unit reads of a referral: the sending unit, never its workers (who decided is always one of its
 * own); and once the referral is over (completed, rejected, revoked), only what its inbox needs: no reason, no case
 * reference, no free text. */
static void limit_for_receiver(Referral *r)
{
    r->sent_by = 0;
    r->sent_by_name = NULL;
    if (!referral_over(r))
        return;
    r->reason = r->override_reason = NULL;
    if (strcmp(r->status, "revoked") == 0) /* the sender's words; a rejection's or completion's are its own */
        r->status_reason = NULL;
    r->consent_ids = NULL;
    r->case_reference = NULL;
}

static int load_referral(Ctx *ctx, int64_t id, Referral *r, ReferralRights *rights)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    bool seen = false;
    if ((rc = store_referral_get(ctx->db, id, ctx->arena, r)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc == TK_OK)
        rc = referral_rights(ctx, r, &seen, rights);
    if (rc == TK_OK && !seen) {
        domain_audit_read_outcome(ctx, "referral.read", "referral", id, "denied", NULL);
        return fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
    }
    if (rc == TK_OK && rights->received)
        limit_for_receiver(r);
    return rc;
}

int domain_referral_get(Ctx *ctx, int64_t id, Referral *out, ReferralRights *rights, CaseService **services,
                        int *service_count)
{
    *services = NULL;
    *service_count = 0;
    int rc = load_referral(ctx, id, out, rights);
    CaseService *all = NULL;
    int count = 0;
    if (rc == TK_OK)
        rc = store_services(ctx->db, out->case_id, ctx->arena, &all, &count);
    /* the services this referral asked for, in order; a receiving unit sees its workers' names on none, and once
     * the referral is over, only the outcomes of the services asked of itself */
    bool over = rc == TK_OK && referral_over(out);
    if (rc == TK_OK && count) {
        CaseService *asked = arena_calloc(ctx->arena, (size_t)count, sizeof *asked);
        if (!asked)
            return TK_ERR_NOMEM;
        for (int i = 0; i < count; i++) {
            if (all[i].referral_id != id || (rights->received && over && !in_unit(ctx, all[i].unit_id)))
                continue;
            CaseService *s = &asked[(*service_count)++];
            *s = all[i];
            if (rights->received) {
                s->created_by = s->updated_by = 0;
                s->updated_by_name = NULL;
                if (over)
                    s->notes = s->provider = NULL;
            }
        }
        *services = asked;
    }
    bool asks_study = false;
    for (int i = 0; rc == TK_OK && i < *service_count; i++)
        asks_study = asks_study || strcmp((*services)[i].type, SERVICE_SOCIAL_STUDY) == 0;
    if (rc == TK_OK && asks_study && rights->receive && strcmp(out->status, "pending") == 0) {
        UserFilter filter = {.unit_id = out->to_unit_id, .role = ROLE_MONITOR, .status = "active", .limit = 200};
        int64_t next = 0;
        rc = store_user_list(ctx->db, &filter, ctx->arena, &rights->study_monitors, &rights->study_monitor_count,
                             &next);
    }
    return rc == TK_OK ? domain_audit_read(ctx, "referral.read", "referral", id, NULL) : rc;
}

/* Accepting a referral that asks for a social study assigns the monitor who will write it to the case (the one who
 * accepts, or the one the receiving supervisor names), so that he works on the case as its monitor and the study he
 * writes is the case's, read and reviewed by its unit. */
static int assign_study_monitor(Ctx *ctx, const Referral *r, int64_t assignee_id)
{
    CaseService *services = NULL;
    int count = 0;
    int rc = store_services(ctx->db, r->case_id, ctx->arena, &services, &count);
    bool asked = false;
    for (int i = 0; rc == TK_OK && i < count; i++)
        asked = asked || (services[i].referral_id == r->id && strcmp(services[i].type, SERVICE_SOCIAL_STUDY) == 0);
    if (rc != TK_OK || !asked) {
        if (rc == TK_OK && assignee_id)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "referral.no_study", "assignee_id");
        return rc;
    }
    if (!assignee_id && access_has_role(ctx, ROLE_MONITOR))
        assignee_id = ctx->user->id;
    if (!assignee_id)
        return fault_field(ctx->fault, TK_ERR_INVALID, "referral.study_assignee", "assignee_id");
    User monitor;
    rc = store_user_get(ctx->db, assignee_id, ctx->arena, &monitor);
    if (rc == TK_ERR_NOT_FOUND ||
        (rc == TK_OK && (strcmp(monitor.status, "active") != 0 || monitor.unit_id != r->to_unit_id ||
                         !(monitor.roles & ROLE_MONITOR))))
        return fault_field(ctx->fault, TK_ERR_INVALID, "referral.study_assignee", "assignee_id");
    if (rc == TK_OK)
        rc = store_case_assign(ctx->db, r->case_id, assignee_id, "monitor", access_acting_user(ctx));
    if (rc == TK_OK)
        rc = domain_case_record(ctx, r->case_id, "case.assign",
                                arena_printf(ctx->arena, "monitor %s", monitor.full_name));
    return rc;
}

int referral_move(const char *kind, const char *status, const char *action, ReferralMove *move)
{
    static const struct {
        const char *action, *from, *to;
        bool receiver;
    } moves[] = {
        {"accept", "pending", "accepted", true},     {"reject", "pending", "rejected", true},
        {"revoke", "pending", "revoked", false},     {"revoke", "accepted", "revoked", false},
        {"complete", "accepted", "completed", true},
    };
    *move = (ReferralMove){0};
    bool known = false;
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
        known = known || (action && strcmp(moves[i].action, action) == 0);
    if (!known)
        return TK_ERR_INVALID;
    bool transfer = strcmp(kind, "transfer") == 0;
    bool complete = strcmp(action, "complete") == 0, revoke = strcmp(action, "revoke") == 0;
    if (transfer && (complete || (revoke && strcmp(status, "pending") != 0)))
        return TK_ERR_CONFLICT;
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
        if (strcmp(moves[i].action, action) == 0 && strcmp(moves[i].from, status) == 0) {
            *move = (ReferralMove){.to = moves[i].to, .by_receiver = moves[i].receiver};
            return TK_OK;
        }
    return TK_ERR_CONFLICT;
}

int domain_referral_act(Ctx *ctx, int64_t id, int64_t version, const char *action, const char *reason,
                        int64_t assignee_id, Referral *out, ReferralRights *rights)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!action)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "action");
    ReferralMove move;
    if (referral_move("referral", "pending", action, &move) == TK_ERR_INVALID)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "action");
    if (strcmp(action, "reject") == 0 && (!reason || !*reason))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "reason");
    if (validate_text(ctx, reason, 2000, true, "reason") != TK_OK)
        return TK_ERR_INVALID;
    Referral r;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_referral(ctx, id, &r, rights);
        if (rc == TK_OK && referral_move(r.kind, r.status, action, &move) != TK_OK)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "referral.bad_state");
        bool transfer = rc == TK_OK && strcmp(r.kind, "transfer") == 0;
        if (rc == TK_OK && move.by_receiver && !rights->receive)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN,
                           in_unit(ctx, r.to_unit_id) ? "case.supervisor_only" : "referral.receiver_only");
        if (rc == TK_OK && !move.by_receiver && !rights->revoke)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "referral.sender_only");
        if (rc == TK_OK && version && version != r.version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        bool decided = rc == TK_OK && move.by_receiver && strcmp(action, "complete") != 0;
        if (rc == TK_OK && (rc = store_referral_set_status(ctx->db, id, r.version, move.to, reason, decided,
                                                           access_acting_user(ctx))) == TK_ERR_CONFLICT)
            rc = fault_field(ctx->fault, rc, "version.conflict", "version");
        if (rc == TK_OK && !transfer && strcmp(action, "accept") == 0) {
            rc = assign_study_monitor(ctx, &r, assignee_id);
            if (rc == TK_OK)
                rc = domain_case_tasks_refresh(ctx, r.case_id);
        } else if (rc == TK_OK && assignee_id)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "referral.no_study", "assignee_id");
        if (rc == TK_OK && transfer && strcmp(action, "accept") == 0) {
            /* the case is the receiving unit's from now on */
            Unit to;
            rc = store_unit_get(ctx->db, r.to_unit_id, ctx->arena, &to);
            if (rc == TK_OK)
                rc = store_case_move_to_unit(ctx->db, r.case_id, to.id, to.governorate ? to.governorate : NULL,
                                             access_acting_user(ctx));
            SharingEntry log = {.case_id = r.case_id,
                                .referral_id = id,
                                .from_unit_id = r.from_unit_id,
                                .to_unit_id = r.to_unit_id,
                                .event = "transfer_accepted",
                                .sections = r.sections,
                                .basis = r.consent_basis,
                                .user_id = access_acting_user(ctx)};
            if (rc == TK_OK)
                rc = store_sharing_add(ctx->db, &log);
            if (rc == TK_OK)
                rc = domain_case_tasks_refresh(ctx, r.case_id);
        }
        if (rc == TK_OK)
            rc = domain_case_record(ctx, r.case_id, arena_printf(ctx->arena, "case.%s.%s", r.kind, action),
                                    reason ? reason : NULL);
    });
    if (rc == TK_OK)
        rc = load_referral(ctx, id, out, rights);
    return rc;
}

DOMAIN_CASE_PART_LIST(domain_referrals_of_case, Referral, load_own_case(ctx, case_id, &view), store_referrals_of_case,
                      domain_case_part_whole, "case.referrals.read")

int domain_referral_list(Ctx *ctx, ReferralFilter *filter, Referral **items, int *count, bool *more)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!working_role(ctx) || !ctx->unit)
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    if (filter->status && !codes_find(&codes_referral_statuses, filter->status))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "status");
    filter->unit_id = ctx->unit->id;
    filter->viewer_id = ctx->user->id;
    filter->viewer_supervisor = access_has_role(ctx, ROLE_SUPERVISOR);
    rc = store_referral_list(ctx->db, filter, ctx->arena, items, count, more);
    for (int i = 0; rc == TK_OK && !filter->outgoing && i < *count; i++)
        if (!in_unit(ctx, (*items)[i].from_unit_id))
            limit_for_receiver(&(*items)[i]);
    return rc == TK_OK ? domain_audit_read(ctx, "referral.list", "unit", ctx->unit->id,
                                           filter->outgoing ? "outgoing" : "incoming")
                       : rc;
}

/* --- services --- */

int domain_case_services(Ctx *ctx, int64_t case_id, CaseService **items, int *count)
{
    CaseView view;
    int rc = domain_case_load(ctx, case_id, &view);
    if (rc == TK_OK)
        rc = store_services(ctx->db, case_id, ctx->arena, items, count);
    if (rc == TK_OK && view.rights.referred && !(view.rights.shared & CASE_SECTION_SERVICES)) {
        int kept = 0; /* a receiving unit that was not shown the plan sees the services asked of it */
        for (int i = 0; i < *count; i++)
            if (in_unit(ctx, (*items)[i].unit_id))
                (*items)[kept++] = (*items)[i];
        *count = kept;
    }
    for (int i = 0; rc == TK_OK && view.rights.referred && i < *count; i++) {
        (*items)[i].created_by = (*items)[i].updated_by = 0;
        (*items)[i].updated_by_name = NULL;
    }
    return rc == TK_OK ? domain_audit_read(ctx, "case.services.read", "case", case_id, NULL) : rc;
}

static int check_service_fields(Ctx *ctx, const CaseService *s, uint32_t fields)
{
    int rc = TK_OK;
    if ((fields & SERVICE_SET_STATUS) && (!s->status || !codes_find(&codes_service_statuses, s->status)))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, s->status ? "field.code" : "field.required", "status");
    if ((fields & SERVICE_SET_DUE_ON) && s->due_on && !validate_is_date(s->due_on))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "due_on");
    if ((fields & SERVICE_SET_NOTES) && validate_text(ctx, s->notes, 4000, true, "notes") != TK_OK)
        rc = TK_ERR_INVALID;
    return rc;
}

int domain_case_service_add(Ctx *ctx, int64_t case_id, CaseService *s)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (validate_code(ctx, &codes_service_types, s->type, "type") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!s->unit_id && (!s->provider || !*s->provider))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "service.who", "unit_id");
    if (s->unit_id && s->provider)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "service.who", "provider");
    if (validate_text(ctx, s->provider, 200, true, "provider") != TK_OK)
        rc = TK_ERR_INVALID;
    if (check_service_fields(
            ctx, s, SERVICE_SET_STATUS * (s->status != NULL) | SERVICE_SET_DUE_ON | SERVICE_SET_NOTES) != TK_OK)
        rc = TK_ERR_INVALID;
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        Unit unit;
        if (rc == TK_OK && s->unit_id &&
            (rc = store_unit_get(ctx->db, s->unit_id, ctx->arena, &unit)) == TK_ERR_NOT_FOUND)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "unit_id");
        /* provided is for the implementing side: the case's own unit, or the case's workers for a provider */
        if (rc == TK_OK && s->status && strcmp(s->status, "provided") == 0 && s->unit_id &&
            s->unit_id != view.c.unit_id)
            rc = fault_field(ctx->fault, TK_ERR_FORBIDDEN, "service.implementing_side", "status");
        s->case_id = case_id;
        if (rc == TK_OK)
            rc = store_service_add(ctx->db, s, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.service.add", s->type);
    });
    if (rc == TK_OK)
        rc = store_service_get(ctx->db, case_id, s->id, ctx->arena, s);
    return rc;
}

int domain_case_service_update(Ctx *ctx, int64_t case_id, int64_t service_id, const CaseService *changes,
                               uint32_t fields, CaseService *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!changes->version)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if (check_service_fields(ctx, changes, fields) != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = domain_case_load(ctx, case_id, &view);
        if (rc == TK_OK && strcmp(view.c.stage, "closed") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closed");
        if (rc == TK_OK && (rc = store_service_get(ctx->db, case_id, service_id, ctx->arena, out)) == TK_ERR_NOT_FOUND)
            rc = fault_set(ctx->fault, rc, "not_found");
        /* the implementing unit changes its service; the case's writers change the rest, and record an outside
         * provider's work */
        bool implementing = rc == TK_OK && out->unit_id && in_unit(ctx, out->unit_id) && working_role(ctx);
        bool writer = rc == TK_OK && view.rights.write;
        if (rc == TK_OK && !implementing && !writer)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
        if (rc == TK_OK && (fields & SERVICE_SET_STATUS) && strcmp(changes->status, "provided") == 0 &&
            strcmp(out->status, "provided") != 0 && !implementing && out->unit_id)
            rc = fault_field(ctx->fault, TK_ERR_FORBIDDEN, "service.implementing_side", "status");
        if (rc == TK_OK && changes->version != out->version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        if (rc == TK_OK) {
            /* the fields in the order of their bits, SERVICE_SET_… */
            fields_copy_chosen(out, changes, FIELDS(CaseService, status, due_on, notes), fields);
            if ((rc = store_service_update(ctx->db, out, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                rc = fault_field(ctx->fault, rc, "version.conflict", "version");
        }
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.service.update",
                                    arena_printf(ctx->arena, "%s %s", out->type, out->status));
    });
    if (rc == TK_OK)
        rc = store_service_get(ctx->db, case_id, service_id, ctx->arena, out);
    return rc;
}

/* --- the data-sharing log --- */

int domain_sharing_list(Ctx *ctx, const SharingFilter *filter, SharingEntry **items, int *count, bool *more)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_READ_AUDIT);
    rc = store_sharing_list(ctx->db, filter, ctx->arena, items, count, more);
    return rc == TK_OK ? domain_audit_read(ctx, "sharing.read", "data_sharing", 0, NULL) : rc;
}
