/* Code lists: roles, unit types, agencies, governorates, and those of cases. Keys are stable English
 * identifiers; labels are Arabic and English. */
#ifndef TAKAMUL_DOMAIN_CODES_H
#define TAKAMUL_DOMAIN_CODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum { RISK_FACTOR_CRITICAL = 1 };

typedef struct {
    const char *code;
    const char *name_ar;
    const char *name_en;
    uint32_t bit;           /* roles: the role's bit; risk factors: RISK_FACTOR_CRITICAL */
    const char *agency;     /* unit types only: the agency such units belong to, NULL when either */
    const char *case_kinds; /* unit types only: the kinds of case such units work, and so receive (comma-separated) */
} CodeEntry;

typedef struct {
    const CodeEntry *entries;
    int count;
} CodeList;

enum {
    ROLE_CASEWORKER = 1u << 0,
    ROLE_MONITOR = 1u << 1,
    ROLE_OFFICER = 1u << 2,
    ROLE_SUPERVISOR = 1u << 3,
    ROLE_MANAGER = 1u << 4,
    ROLE_COMMITTEE = 1u << 5,
    ROLE_AUDITOR = 1u << 6,
    ROLE_ADMIN = 1u << 7,
    ROLE_HOME_STAFF = 1u << 8,      /* care-home staff: the residents of their own home only */
    ROLE_RECORDS_OFFICER = 1u << 9, /* sealed juvenile records, retention and erasure: no case work */
    ROLE_ALL = (1u << 10) - 1,
};

extern const CodeList codes_roles;
extern const CodeList codes_unit_types;
extern const CodeList codes_agencies;
extern const CodeList codes_governorates;
extern const CodeList codes_case_kinds;
extern const CodeList codes_risk_factors; /* bit: RISK_FACTOR_CRITICAL */
extern const CodeList codes_goal_statuses;
extern const CodeList codes_case_stages;
extern const CodeList codes_risk_levels;
extern const CodeList codes_sensitivities;
extern const CodeList codes_case_person_roles;
extern const CodeList codes_assignment_roles;
extern const CodeList codes_violence_types;
extern const CodeList codes_perpetrator_relationships;
extern const CodeList codes_legal_classes;
extern const CodeList codes_protection_grounds;
extern const CodeList codes_identified_by;
extern const CodeList codes_note_kinds;
extern const CodeList codes_followup_kinds;
extern const CodeList codes_task_kinds;
extern const CodeList codes_service_types;
extern const CodeList codes_service_statuses;
extern const CodeList codes_referral_kinds;
extern const CodeList codes_referral_urgencies;
extern const CodeList codes_referral_statuses;
extern const CodeList codes_case_sections;
extern const CodeList codes_consent_methods;
extern const CodeList codes_settlement_statuses;
extern const CodeList codes_settlement_outcomes;
extern const CodeList codes_detention_authorities;
extern const CodeList codes_measure_kinds;
extern const CodeList codes_trial_steps;
extern const CodeList codes_home_statuses;
extern const CodeList codes_break_glass_reasons;
extern const CodeList codes_placement_states;
extern const CodeList codes_age_bands;
extern const CodeList codes_courts;
extern const CodeList codes_erasure_refusals;

/* The entry with this code, or NULL. */
const CodeEntry *codes_find(const CodeList *list, const char *code);
/* Whether every code of a comma-separated list (not empty) is in list; the copy it splits lives in arena. */
bool codes_valid(const CodeList *list, const char *text, Arena *arena);
/* Whether code is one of a comma-separated list of codes. */
bool codes_listed(const char *list, const char *code);
/* Whether value (NULL: no) is one of the count strings of list; CODES_ONE_OF for an array. */
bool codes_one_of(const char *value, const char *const *list, size_t count);
#define CODES_ONE_OF(value, list) codes_one_of((value), (list), sizeof(list) / sizeof((list)[0]))
/* Whether units of a type work, and so may receive, cases of a kind (the unit type's case_kinds). */
bool codes_unit_receives(const char *unit_type, const char *case_kind);
/* The role bit of a code, or 0. */
uint32_t codes_role_bit(const char *code);

#endif
