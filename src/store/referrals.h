/* The joint work between units in the database: consents recorded on a case, referrals and transfers, the services
 * of a case plan, and the data-sharing log. Strings of returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_REFERRALS_H
#define TAKAMUL_STORE_REFERRALS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/referral.h"
#include "store/store.h"

int store_consent_add(Db *db, CaseConsent *consent, int64_t by);
int store_consents(Db *db, int64_t case_id, Arena *arena, CaseConsent **items, int *count);
/* A consent of that case; TK_ERR_NOT_FOUND when the case has none of that id. */
int store_consent_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseConsent *consent);
/* TK_ERR_CONFLICT when it was withdrawn already. */
int store_consent_withdraw(Db *db, int64_t id, int64_t by);

int store_referral_add(Db *db, Referral *referral);
int store_referral_get(Db *db, int64_t id, Arena *arena, Referral *referral);
/* The referrals and transfers of a case, newest first. */
int store_referrals_of_case(Db *db, int64_t case_id, Arena *arena, Referral **items, int *count);

/* Whether the viewer (a user of unit_id, a supervisor or not) sees the referral: its one rule, REFERRAL_SEEN in
 * store/referrals.c, that the boxes below filter by as well. */
int store_referral_seen(Db *db, int64_t id, int64_t viewer, int64_t unit_id, bool supervisor, bool *seen);
/* A unit's referrals and transfers that the viewer sees, newest first; *more when another page follows. */
int store_referral_list(Db *db, const ReferralFilter *filter, Arena *arena, Referral **items, int *count, bool *more);
/* Moves a referral to status at version (TK_ERR_CONFLICT when it changed meanwhile); decided: sets who decided. */
int store_referral_set_status(Db *db, int64_t id, int64_t version, const char *status, const char *reason, bool decided,
                              int64_t by);
/* The sections (comma-separated, repeated) that the active referrals of a case share with a unit (referrals pending
 * or accepted, transfers pending: once accepted, the case is the unit's own), NULL when none;
 * *referral_id: the newest of them. */
int store_referral_shared(Db *db, int64_t case_id, int64_t unit_id, Arena *arena, char **sections,
                          int64_t *referral_id);

int store_service_add(Db *db, CaseService *service, int64_t by);
int store_services(Db *db, int64_t case_id, Arena *arena, CaseService **items, int *count);
int store_service_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseService *service);
/* Writes status, due_on and notes at service->version; TK_ERR_CONFLICT when it changed meanwhile. */
int store_service_update(Db *db, CaseService *service, int64_t by);

int store_sharing_add(Db *db, SharingEntry *entry);

int store_sharing_list(Db *db, const SharingFilter *filter, Arena *arena, SharingEntry **items, int *count, bool *more);

/* A transfer accepted: the case belongs to the unit (and its governorate) and the workers of the old unit are no longer
 * assigned. */
int store_case_move_to_unit(Db *db, int64_t case_id, int64_t unit_id, const char *governorate, int64_t by);

#endif
