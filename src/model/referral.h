/* The joint work between units: consents on a case, referrals and transfers, the services of a case plan, and the
 * data-sharing log. */
#ifndef TAKAMUL_MODEL_REFERRAL_H
#define TAKAMUL_MODEL_REFERRAL_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t id, case_id, person_id;
    const char *method, *given_on, *scope;
    int64_t recorded_by, recorded_at, withdrawn_by, withdrawn_at; /* 0: not withdrawn */
    char *person_name, *recorded_by_name;
    char *person_sex, *recorded_by_sex; /* for the grammar of sentences naming them; NULL: not recorded */
} CaseConsent;

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

typedef struct {
    int64_t unit_id;        /* the unit whose box it is */
    bool outgoing;          /* sent by the unit; else addressed to it */
    bool waiting;           /* only pending ones, and accepted referrals not yet completed */
    const char *status;     /* NULL: any */
    int64_t sent_by;        /* 0: anyone's; else only those this user sent */
    int64_t viewer_id;      /* who asks: the box holds what the viewer sees of it (store_referral_seen's rule) */
    bool viewer_supervisor; /* the viewer is one of the unit's supervisors */
    int64_t before_id;      /* cursor */
    int limit;
} ReferralFilter;

typedef struct {
    int64_t id, case_id, unit_id, referral_id; /* unit_id 0: an external provider */
    const char *type, *provider, *due_on, *status, *notes;
    int64_t created_by, created_at, updated_by, updated_at, version;
    char *unit_ar, *unit_en, *updated_by_name, *updated_by_sex;
} CaseService;

typedef struct {
    int64_t id, at, case_id, referral_id, from_unit_id, to_unit_id, user_id;
    const char *event, *sections, *persons, *basis;
    char *case_reference, *username, *from_unit_ar, *from_unit_en, *to_unit_ar, *to_unit_en;
} SharingEntry;

typedef struct {
    int64_t case_id, unit_id;   /* 0: any; unit_id matches either side */
    const char *case_reference; /* NULL: any; else the case's reference, letters in either case */
    int64_t from, to;           /* seconds; 0: open */
    int64_t before_id;
    int limit;
} SharingFilter;

#endif
