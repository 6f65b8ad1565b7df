/* A referral or transfer moved on: accepted (a transfer hands the case over; a social study assigns its monitor),
 * rejected with a reason, revoked, completed. */
#include "domain/referrals/referrals_internal.h"

#include <string.h>

#include "domain/core/access.h"
#include "domain/core/validate.h"
#include "store/cases.h"
#include "store/org.h"
#include "store/referrals.h"

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
        rc = referral_load(ctx, id, &r, rights);
        if (rc == TK_OK && referral_move(r.kind, r.status, action, &move) != TK_OK)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "referral.bad_state");
        bool transfer = rc == TK_OK && strcmp(r.kind, "transfer") == 0;
        if (rc == TK_OK && move.by_receiver && !rights->receive)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN,
                           referral_in_unit(ctx, r.to_unit_id) ? "case.supervisor_only" : "referral.receiver_only");
        if (rc == TK_OK && !move.by_receiver && !rights->revoke)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "referral.sender_only");
        if (rc == TK_OK && version && version != r.version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        bool decided = rc == TK_OK && move.by_receiver && strcmp(action, "complete") != 0;
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_referral_set_status(ctx->db, id, r.version, move.to, reason,
                                                                        decided, access_acting_user(ctx)));
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
        rc = referral_load(ctx, id, out, rights);
    return rc;
}
