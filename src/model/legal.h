/* The legal records of a juvenile case: settlement sessions and settlements, detention orders, trial steps, and the
 * legal clocks they start. */
#ifndef TAKAMUL_MODEL_LEGAL_H
#define TAKAMUL_MODEL_LEGAL_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t id, settlement_id;
    const char *held_on, *next_on, *notes; /* next_on: the next session planned (NULL: none) */
    int64_t recorded_by, recorded_at;
    char *recorded_by_name, *recorded_by_sex;
} SettlementSession;

typedef struct {
    int64_t id, case_id;
    const char *status;           /* open, agreed, failed, withdrawn */
    const char *consent_ids;      /* the parties' consents (ids joined by commas); NULL: recorded before they were */
    const char *first_session_on; /* the clock's start: the first session's date, never moved; NULL: none yet */
    const char *extended_on, *extension_reason; /* the one extension */
    const char *outcome_on, *terms, *court, *ratified_on, *prosecutor_on, *outcome_note;
    int64_t created_by, created_at, updated_by, updated_at, version;
    char *updated_by_name, *updated_by_sex;
    SettlementSession *sessions; /* oldest first (filled by store_settlements and store_settlement_get) */
    int session_count;
} Settlement;

/* A detention order: one kind of court measure (kind "detention", the only one yet). The homes and placements to come
 * add their measures as further kinds of the same table (case_detention_orders: a kind, an authority, an order's
 * number and date, a start and an end, a chain of renewals, a release), not a table of their own; their queries then
 * name their kind as these name "detention". A renewal names the order it renews; the newest order of a case, not
 * released, is the detention in force. */
typedef struct {
    int64_t id, case_id;
    const char *kind, *authority;                                /* authority: prosecutor or court */
    const char *order_number, *order_date, *starts_on, *ends_on; /* ends_on: the last day it holds */
    int64_t renews_id;                                           /* 0: the first order of a detention */
    int64_t renewal; /* 0 for the first order, 1 for the first renewal, … */
    const char *released_on, *release_reason;
    int64_t released_by, released_at, created_by, created_at, version;
    char *created_by_name, *created_by_sex;
} DetentionOrder;

/* A step of a juvenile's trial: the referral to court, a hearing (with the next one planned), the verdict. */
typedef struct {
    int64_t id, case_id;
    const char *kind, *held_on, *next_on, *court, *notes;
    int64_t recorded_by, recorded_at;
    char *recorded_by_name, *recorded_by_sex;
    int64_t adjournment_days; /* filled by the domain: days since the hearing before (0: none before) */
} TrialStep;

/* What the legal deadlines of a case run from (domain/cases/deadlines.h). */
typedef struct {
    const char *settlement_started; /* the open settlement's first session; NULL: none open, or none held yet */
    bool settlement_extended;
    const char *detention_ends; /* the last day of the detention order in force; NULL: none in force */
    const char *court_referral; /* referred to court, no verdict yet; NULL: not referred or decided */
} LegalClocks;

#endif
