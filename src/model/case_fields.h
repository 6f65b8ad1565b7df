/* The case fields of each kind, in one table: which fields a case has, of every kind or of some, and what each is.
 * Everything about them follows from CASE_FIELDS: the Case members (model/case.h), the API's body fields and their
 * rendering (api/cases.c), the checks (domain/cases/fields.c) and the store's columns, reads and binds
 * (store/cases.c). Adding a field is one line here, and a migration that adds its column. */
#ifndef TAKAMUL_MODEL_CASE_FIELDS_H
#define TAKAMUL_MODEL_CASE_FIELDS_H

#include <stdint.h>

/* What a field holds: text (free, a date YYYY-MM-DD, a code, codes joined by commas), a time (seconds; ISO 8601 in
 * JSON), a true/false/unknown flag, or the id of a correction centre's unit. */
typedef enum { CF_TEXT, CF_DATE, CF_CODE, CF_CODES, CF_TIME, CF_TRISTATE, CF_UNIT } CaseFieldType;

/* The C type of a field of each type (a Case member). */
#define CASE_FIELD_CTYPE_CF_TEXT char *
#define CASE_FIELD_CTYPE_CF_DATE char *
#define CASE_FIELD_CTYPE_CF_CODE char *
#define CASE_FIELD_CTYPE_CF_CODES char *
#define CASE_FIELD_CTYPE_CF_TIME int64_t
#define CASE_FIELD_CTYPE_CF_TRISTATE int /* -1 unknown, 0 no, 1 yes */
#define CASE_FIELD_CTYPE_CF_UNIT int64_t /* 0: none */

/* What a field's flags say. */
enum {
    CF_REQUIRED = 1u << 0, /* never null */
    CF_PAST = 1u << 1,     /* records what has happened: a date or time in the future is refused */
};

/* The kinds of case: X(ID, code, reference prefix, role of the principal person). */
#define CASE_KINDS(X)                                                                                                  \
    X(FV, "family_violence", "FV", "victim")                                                                           \
    X(JC, "juvenile_conflict", "JC", "juvenile")                                                                       \
    X(JP, "juvenile_protection", "JP", "juvenile")                                                                     \
    X(IN, "inmate_family", "IN", "inmate")

/* A bit for each kind, CASE_KIND_<ID>, for the kinds a field belongs to. */
#define CASE_KIND_BIT_INDEX(ID, ...) CASE_KIND_INDEX_##ID,
enum { CASE_KINDS(CASE_KIND_BIT_INDEX) CASE_KIND_COUNT };
#undef CASE_KIND_BIT_INDEX
#define CASE_KIND_BIT(ID, ...) CASE_KIND_##ID = 1u << CASE_KIND_INDEX_##ID,
enum { CASE_KINDS(CASE_KIND_BIT) };
#undef CASE_KIND_BIT

/* X(ID, name, type, flags, max_chars, kinds, codes), one line a field:
 *   ID         its index, CASE_FIELD_<ID> (the order of CaseInput's arrays and of the store's columns)
 *   name       the Case member, the JSON name and the column of the cases table: one name for the three
 *   type       a CaseFieldType: the C type, the JSON form, the check and the column's binding follow from it
 *   flags      CF_REQUIRED, CF_PAST
 *   max_chars  the limit of free text (0 otherwise)
 *   kinds      the kinds that have it (CASE_KIND_… bits), 0: every kind
 *   codes      the code list of a CF_CODE or CF_CODES field (domain/core/codes.h), NULL otherwise; only the domain
 *              expands it */
#define CASE_FIELDS(X)                                                                                                 \
    X(SUMMARY, summary, CF_TEXT, 0, 4000, 0, NULL)                                                                     \
    X(SENSITIVITY, sensitivity, CF_CODE, CF_REQUIRED, 0, 0, &codes_sensitivities)                                      \
    X(GOVERNORATE, governorate, CF_CODE, 0, 0, 0, &codes_governorates)                                                 \
    X(REPORTED_AT, reported_at, CF_TIME, CF_REQUIRED | CF_PAST, 0, 0, NULL)                                            \
    X(ACT_DATE, act_date, CF_DATE, CF_PAST, 0, 0, NULL)                                                                \
    X(RISK_LEVEL, risk_level, CF_CODE, 0, 0, 0, &codes_risk_levels)                                                    \
    X(RISK_ASSESSMENT, risk_assessment, CF_TEXT, 0, 4000, 0, NULL)                                                     \
    /* juvenile in conflict with the law */                                                                            \
    X(OFFENCE, offence, CF_TEXT, 0, 300, CASE_KIND_JC, NULL)                                                           \
    X(LEGAL_CLASS, legal_class, CF_CODE, 0, 0, CASE_KIND_JC, &codes_legal_classes)                                     \
    X(COMPLAINT_DATE, complaint_date, CF_DATE, CF_PAST, 0, CASE_KIND_JC, NULL)                                         \
    X(ARREST_DATE, arrest_date, CF_DATE, CF_PAST, 0, CASE_KIND_JC, NULL)                                               \
    X(SETTLEMENT_ELIGIBLE, settlement_eligible, CF_TRISTATE, 0, 0, CASE_KIND_JC, NULL)                                 \
    /* juvenile in need of protection: the grounds of art. 33 */                                                       \
    X(PROTECTION_GROUNDS, protection_grounds, CF_CODES, 0, 0, CASE_KIND_JP, &codes_protection_grounds)                 \
    /* inmate and family */                                                                                            \
    X(CENTRE_UNIT, centre_unit_id, CF_UNIT, 0, 0, CASE_KIND_IN, NULL)                                                  \
    X(ADMISSION_DATE, admission_date, CF_DATE, CF_PAST, 0, CASE_KIND_IN, NULL)                                         \
    X(SENTENCE, sentence, CF_TEXT, 0, 200, CASE_KIND_IN, NULL)                                                         \
    X(EXPECTED_RELEASE, expected_release, CF_DATE, 0, 0, CASE_KIND_IN, NULL)                                           \
    X(TRANSFERRED_AT, transferred_at, CF_TIME, CF_PAST, 0, CASE_KIND_IN, NULL)                                         \
    X(FAMILY_NOTIFIED_AT, family_notified_at, CF_TIME, CF_PAST, 0, CASE_KIND_IN, NULL)                                 \
    /* the date the monitor's reports run from (settlements, detention and trials are records: model/legal.h) */       \
    X(LAST_MONITOR_REPORT, last_monitor_report, CF_DATE, CF_PAST, 0, CASE_KIND_JC | CASE_KIND_JP, NULL)

/* The index of each field, CASE_FIELD_<ID>, and how many there are. */
#define CASE_FIELD_INDEX(ID, ...) CASE_FIELD_##ID,
enum { CASE_FIELDS(CASE_FIELD_INDEX) CASE_FIELD_COUNT };
#undef CASE_FIELD_INDEX

#endif
