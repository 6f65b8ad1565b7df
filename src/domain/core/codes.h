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

/* The roles: X(ID, bit, code, Arabic label, English label); ROLE_<ID> is 1 << bit. The bits are stored (users' roles,
 * the second_factor_roles setting): a role keeps its bit, and a new one takes the next. */
#define CODES_ROLES(X)                                                                                                 \
    X(CASEWORKER, 0, "caseworker", "أخصائي اجتماعي", "Social worker")                                                  \
    X(MONITOR, 1, "monitor", "مراقب سلوك", "Behaviour monitor")                                                        \
    X(OFFICER, 2, "officer", "ضابط شرطة", "Police officer")                                                            \
    X(SUPERVISOR, 3, "supervisor", "مشرف", "Supervisor")                                                               \
    X(MANAGER, 4, "manager", "مدير", "Manager")                                                                        \
    X(COMMITTEE, 5, "committee", "عضو اللجنة المشتركة", "Joint committee member")                                      \
    X(AUDITOR, 6, "auditor", "مدقق", "Auditor")                                                                        \
    X(ADMIN, 7, "admin", "مسؤول النظام", "Administrator")                                                              \
    /* care-home staff: the residents of their own home only */                                                        \
    X(HOME_STAFF, 8, "home_staff", "موظف دار", "Care-home staff")                                                      \
    /* sealed juvenile records, retention and erasure: no case work */                                                 \
    X(RECORDS_OFFICER, 9, "records_officer", "مسؤول السجلات", "Records officer")

#define CODES_ROLE_BIT(ID, bit, ...) ROLE_##ID = 1u << (bit),
enum { CODES_ROLES(CODES_ROLE_BIT) ROLE_ALL = (1u << 10) - 1 };
#undef CODES_ROLE_BIT

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
