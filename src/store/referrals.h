/* The joint work between units in the database: consents recorded on a case, referrals and transfers, the services
 * of a case plan, and the data-sharing log. Strings of returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_REFERRALS_H
#define TAKAMUL_STORE_REFERRALS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "store/store.h"

typedef struct {
    int64_t id, case_id, person_id;
    const char *method, *given_on, *scope;
    int64_t recorded_by, recorded_at, withdrawn_by, withdrawn_at; /* 0: not withdrawn */
    char *person_name, *recorded_by_name;
    char *person_sex, *recorded_by_sex; /* for the grammar of sentences naming them; NULL: not recorded */
} CaseConsent;

int store_consent_add(Db *db, CaseConsent *consent, int64_t by);
int store_consents(Db *db, int64_t case_id, Arena *arena, CaseConsent **items, int *count);
/* A consent of that case; TK_ERR_NOT_FOUND when the case has none of that id. */
int store_consent_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseConsent *consent);
/* TK_ERR_CONFLICT when it was withdrawn already. */
int store_consent_withdraw(Db *db, int64_t id, int64_t by);

typedef struct {
    int64_t id, case_id;
    const char *kind, *reason, *urgency, *sections, *status, *status_reason;
    const char *consent_basis, *consent_ids, *override_reason;
    int64_t from_unit_id, to_unit_id, sent_by, sent_at, decided_by, decided_at, status_changed_at, version;
    /* filled by the reads */
    char *case_reference, *case_kind, *case_sensitivity;
    char *from_unit_ar, *from_unit_en, *to_unit_ar, *to_unit_en, *sent_by_name, *decided_by_name;
    char *sent_by_sex, *decided_by_sex;
} Referral;

int store_referral_add(Db *db, Referral *referral);
int store_referral_get(Db *db, int64_t id, Arena *arena, Referral *referral);
/* The referrals and transfers of a case, newest first. */
int store_referrals_of_case(Db *db, int64_t case_id, Arena *arena, Referral **items, int *count);

typedef struct {
    int64_t unit_id;    /* the unit whose box it is */
    bool outgoing;      /* sent by the unit; else addressed to it */
    bool waiting;       /* only pending ones, and accepted referrals not yet completed */
    const char *status; /* NULL: any */
    int64_t sent_by;    /* 0: anyone's; else only those this user sent */
    int64_t viewer_id;  /* outgoing: a restricted case's referrals only for its assigned workers … */
    bool viewer_supervisor; /* … and the unit's supervisors */
    int64_t before_id;  /* cursor */
    int limit;
} ReferralFilter;

/* A unit's referrals and transfers, newest first; *more when another page follows. */
int store_referral_list(Db *db, const ReferralFilter *filter, Arena *arena, Referral **items, int *count, bool *more);
/* Moves a referral to status at version (TK_ERR_CONFLICT when it changed meanwhile); decided: sets who decided. */
int store_referral_set_status(Db *db, int64_t id, int64_t version, const char *status, const char *reason,
                              bool decided, int64_t by);
/* The sections (comma-separated, repeated) that the active referrals of a case share with a unit (referrals pending
 * or accepted, transfers pending: once accepted, the case is the unit's own), NULL when none;
 * *referral_id: the newest of them. */
int store_referral_shared(Db *db, int64_t case_id, int64_t unit_id, Arena *arena, char **sections,
                          int64_t *referral_id);

typedef struct {
    int64_t id, case_id, unit_id, referral_id; /* unit_id 0: an external provider */
    const char *type, *provider, *due_on, *status, *notes;
    int64_t created_by, created_at, updated_by, updated_at, version;
    char *unit_ar, *unit_en, *updated_by_name, *updated_by_sex;
} CaseService;

int store_service_add(Db *db, CaseService *service, int64_t by);
int store_services(Db *db, int64_t case_id, Arena *arena, CaseService **items, int *count);
int store_service_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseService *service);
/* Writes status, due_on and notes at service->version; TK_ERR_CONFLICT when it changed meanwhile. */
int store_service_update(Db *db, CaseService *service, int64_t by);

typedef struct {
    int64_t id, at, case_id, referral_id, from_unit_id, to_unit_id, user_id;
    const char *event, *sections, *persons, *basis;
    char *case_reference, *username, *from_unit_ar, *from_unit_en, *to_unit_ar, *to_unit_en;
} SharingEntry;

int store_sharing_add(Db *db, SharingEntry *entry);

typedef struct {
    int64_t case_id, unit_id; /* 0: any; unit_id matches either side */
    const char *case_reference; /* NULL: any; else the case's reference, letters in either case */
    int64_t from, to;         /* seconds; 0: open */
    int64_t before_id;
    int limit;
} SharingFilter;

int store_sharing_list(Db *db, const SharingFilter *filter, Arena *arena, SharingEntry **items, int *count,
                       bool *more);

/* A transfer accepted: the case belongs to the unit (and its governorate) and the workers of the old unit are no longer
 * assigned. */
int store_case_move_to_unit(Db *db, int64_t case_id, int64_t unit_id, const char *governorate, int64_t by);

#endif
