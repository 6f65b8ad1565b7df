/* What the files of domain/referrals/ share; nothing outside the folder includes this. */
#ifndef TAKAMUL_DOMAIN_REFERRALS_INTERNAL_H
#define TAKAMUL_DOMAIN_REFERRALS_INTERNAL_H

#include "domain/cases/cases.h"
#include "domain/referrals/referrals.h"

/* Whether the user works cases (caseworker, monitor, officer, supervisor). */
bool referral_working_role(const Ctx *ctx);
/* Whether the user belongs to the unit. */
bool referral_in_unit(const Ctx *ctx, int64_t unit_id);
/* A case the user sees as one of its own unit's (or assigned) workers: a unit that sees it only through a referral
 * is refused these parts. */
int referral_load_own_case(Ctx *ctx, int64_t case_id, CaseView *view);
/* A referral the user sees, with what she may do with it; what the receiving unit may not read is left out. */
int referral_load(Ctx *ctx, int64_t id, Referral *r, ReferralRights *rights);
/* The basis for sharing the case's data (referral_consent_basis), the consents it rests on, *missing: the first
 * victim whose consent is needed and not on the case (0: none), and the persons of the case shared (consents.c). */
int referral_sharing_basis(Ctx *ctx, const Case *c, const char **basis, char **consent_ids, int64_t *missing,
                           char **persons);

#endif
