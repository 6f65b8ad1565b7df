/* The joint work between units: consents recorded on a case, referrals and transfers from one unit to another, the
 * services of a case plan, and the data-sharing log. A referral shows the receiving unit the sections of the case it
 * names while it is pending or accepted; a transfer hands the case over on acceptance. A referral or transfer about
 * an adult survivor needs her recorded consent, or a supervisor's override with a reason; every sharing of personal
 * data with another unit is logged (domain.md §3). */
#ifndef TAKAMUL_DOMAIN_REFERRALS_H
#define TAKAMUL_DOMAIN_REFERRALS_H

#include "domain/core/context.h"
#include "model/referral.h"

int domain_case_consents(Ctx *ctx, int64_t case_id, CaseConsent **items, int *count);
/* Records a consent of a person of the case (method, given_on, scope and person_id set by the caller). */
int domain_case_consent_add(Ctx *ctx, int64_t case_id, CaseConsent *consent);
int domain_case_consent_withdraw(Ctx *ctx, int64_t case_id, int64_t consent_id, CaseConsent *out);

enum { REFERRAL_SERVICES_MAX = 12 };

typedef struct {
    const char *kind, *reason, *urgency;
    int64_t to_unit_id;
    const char *sections;                        /* codes joined by commas; a transfer shares everything */
    const char *services[REFERRAL_SERVICES_MAX]; /* service types asked of the receiving unit */
    int service_count;
    const char *override_reason; /* a supervisor referring without a consent that is needed */
} ReferralInput;

/* The service a behaviour monitor is asked for: accepting it assigns him to the case. */
#define SERVICE_SOCIAL_STUDY "social_study"

/* What the user may do with a referral they see. */
typedef struct {
    bool receive;  /* accept, reject, complete: the receiving unit (a transfer: its supervisors) */
    bool revoke;   /* the sending side: who may change the case */
    bool received; /* seen as its receiving unit only: never the sender's workers; once it is over, no free text */
    /* pending and asking for a social study, for one who may accept it: the active monitors of the receiving unit,
     * one of whom accepting assigns (arena) */
    User *study_monitors;
    int study_monitor_count;
} ReferralRights;

/* The rules of referrals as pure functions, for one source and for tests. */

/* A victim of a case, for the consent rule: her age today (-1: unknown) and whether a consent of hers is recorded on
 * the case and not withdrawn. */
typedef struct {
    int age;
    bool consented;
} ConsentVictim;
/* Why a case's data may be shared with another unit (domain.md §3): "child" for the juvenile kinds and for family
 * violence against children only, "not_required" where there is no survivor (inmate cases, or no victim recorded),
 * else "consent": every adult victim, or one of unknown age, must have given hers. *missing: the index of the first
 * victim whose consent is needed and missing, -1 for none (then a supervisor may override, with a reason). */
const char *referral_consent_basis(const char *kind, const ConsentVictim *victims, int count, int *missing);

/* A move of a referral: the status it leads to, and which side makes it. */
typedef struct {
    const char *to;
    bool by_receiver; /* the receiving unit (accept, reject, complete); else the sending side (revoke) */
} ReferralMove;
/* The move action makes on a referral of kind ("referral" or "transfer") in status: pending → accepted or rejected,
 * accepted → completed (never a transfer), pending or accepted → revoked (a transfer only while pending). TK_OK with
 * *move, TK_ERR_INVALID for an unknown action, TK_ERR_CONFLICT (referral.bad_state) for a move not allowed. */
int referral_move(const char *kind, const char *status, const char *action, ReferralMove *move);

/* Who the user is to a referral and its case. */
typedef struct {
    bool working; /* signed in with a working role (not a manager) and a unit */
    bool transfer;
    bool in_receiving_unit;
    bool in_sending_unit;
    bool case_in_sending_unit; /* the case still belongs to the sending unit */
    bool restricted;           /* the case is restricted */
    bool supervisor;
    bool assigned; /* assigned to the case */
} ReferralParty;
/* What party may do with the referral (study_monitors left empty). Whether it is shown to them at all is the
 * store's one rule (store_referral_seen), which the units' boxes filter by too. */
void referral_rights_for(const ReferralParty *party, ReferralRights *rights);

int domain_referral_send(Ctx *ctx, int64_t case_id, const ReferralInput *input, Referral *out);
/* The referral with the services it asked for; 404 for a user of neither side. */
int domain_referral_get(Ctx *ctx, int64_t id, Referral *out, ReferralRights *rights, CaseService **services,
                        int *service_count);
/* action: accept, reject (reason required), revoke or complete, at version. Accepting a referral that asks for a
 * social study assigns a monitor of the receiving unit to the case: assignee_id, or (0) the monitor accepting. */
int domain_referral_act(Ctx *ctx, int64_t id, int64_t version, const char *action, const char *reason,
                        int64_t assignee_id, Referral *out, ReferralRights *rights);
int domain_referrals_of_case(Ctx *ctx, int64_t case_id, Referral **items, int *count);
/* The user's unit's box (filter->unit_id is set here). */
int domain_referral_list(Ctx *ctx, ReferralFilter *filter, Referral **items, int *count, bool *more);

/* The services of a case; a unit that sees the case through a referral that does not share them sees its own. */
int domain_case_services(Ctx *ctx, int64_t case_id, CaseService **items, int *count);
int domain_case_service_add(Ctx *ctx, int64_t case_id, CaseService *service);
/* Changes status, due_on and notes (those set in changes; the version is changes->version). Marking a service
 * provided is for its implementing unit (or the case's workers for an outside provider). */
int domain_case_service_update(Ctx *ctx, int64_t case_id, int64_t service_id, const CaseService *changes,
                               uint32_t fields, CaseService *out);
enum { SERVICE_SET_STATUS = 1u, SERVICE_SET_DUE_ON = 2u, SERVICE_SET_NOTES = 4u }; /* bit i: the i-th field */

/* The data-sharing log, for auditors. */
int domain_sharing_list(Ctx *ctx, const SharingFilter *filter, SharingEntry **items, int *count, bool *more);

#endif
