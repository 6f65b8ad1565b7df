/* Referrals and transfers: sent (with the consent check), who sees one and what she may do with it, read, listed; and
 * the data-sharing log. */
#include "domain/referrals/referrals_internal.h"

#include <string.h>

#include "domain/core/access.h"
#include "domain/core/validate.h"
#include "store/cases.h"
#include "store/org.h"
#include "store/referrals.h"

bool referral_working_role(const Ctx *ctx)
{
    return access_has_role(ctx, ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR);
}

bool referral_in_unit(const Ctx *ctx, int64_t unit_id)
{
    return ctx->unit && ctx->unit->id == unit_id;
}

/* --- consents --- */

/* A case the user sees as one of its own unit's (or assigned) workers: a unit that sees it only through a referral
 * is refused these parts. */
int referral_load_own_case(Ctx *ctx, int64_t case_id, CaseView *view)
{
    int rc = domain_case_load(ctx, case_id, view);
    if (rc == TK_OK && view->rights.referred)
        rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "referral.not_shared");
    return rc;
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
            rc = referral_sharing_basis(ctx, &view.c, &basis, &consent_ids, &missing, &persons);
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
    ReferralParty party = {.working = ctx->user && ctx->unit && referral_working_role(ctx)};
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
        party.in_receiving_unit = referral_in_unit(ctx, r->to_unit_id);
        party.in_sending_unit = referral_in_unit(ctx, r->from_unit_id);
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

int referral_load(Ctx *ctx, int64_t id, Referral *r, ReferralRights *rights)
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
    int rc = referral_load(ctx, id, out, rights);
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
            if (all[i].referral_id != id || (rights->received && over && !referral_in_unit(ctx, all[i].unit_id)))
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

DOMAIN_CASE_PART_LIST(domain_referrals_of_case, Referral, referral_load_own_case(ctx, case_id, &view),
                      store_referrals_of_case, domain_case_part_whole, "case.referrals.read")

int domain_referral_list(Ctx *ctx, ReferralFilter *filter, Referral **items, int *count, bool *more)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!referral_working_role(ctx) || !ctx->unit)
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    if (filter->status && !codes_find(&codes_referral_statuses, filter->status))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "status");
    filter->unit_id = ctx->unit->id;
    filter->viewer_id = ctx->user->id;
    filter->viewer_supervisor = access_has_role(ctx, ROLE_SUPERVISOR);
    rc = store_referral_list(ctx->db, filter, ctx->arena, items, count, more);
    for (int i = 0; rc == TK_OK && !filter->outgoing && i < *count; i++)
        if (!referral_in_unit(ctx, (*items)[i].from_unit_id))
            limit_for_receiver(&(*items)[i]);
    return rc == TK_OK ? domain_audit_read(ctx, "referral.list", "unit", ctx->unit->id,
                                           filter->outgoing ? "outgoing" : "incoming")
                       : rc;
}

/* --- the data-sharing log --- */

int domain_sharing_list(Ctx *ctx, const SharingFilter *filter, SharingEntry **items, int *count, bool *more)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_READ_AUDIT);
    rc = store_sharing_list(ctx->db, filter, ctx->arena, items, count, more);
    return rc == TK_OK ? domain_audit_read(ctx, "sharing.read", "data_sharing", 0, NULL) : rc;
}
