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

/* A court measure on a case (table case_measures): pre-trial detention with its renewals, the measures of the
 * Juveniles Law art. 24 and the protection measures of art. 33–40, and on family-violence cases the court's
 * protection orders and settlement rulings. Each has its authority (a detention: prosecutor or court; the others: the
 * court), the court, the decision's number and date, a start, an end (NULL for a measure done at once: a reprimand,
 * a handover, a parental undertaking), the duration in months the court set (0: given by its end), the report
 * schedule (report_months: the monitor reports every so many months while it is in force; 0: none), its terms, and
 * the record that ended it early (released_on). A renewal names the order it renews (detention only); the newest
 * detention order of a case, not released, is the detention in force. A detention order is the measure of kind
 * "detention": one model, not two. */
typedef struct {
    int64_t id, case_id;
    const char *kind, *authority;                                /* authority: prosecutor or court */
    const char *order_number, *order_date, *starts_on, *ends_on; /* ends_on: the last day it holds */
    const char *court, *terms;
    int64_t duration_months, report_months;
    int64_t renews_id; /* 0: the first order of a detention */
    int64_t renewal;   /* 0 for the first order, 1 for the first renewal, … */
    const char *released_on, *release_reason;
    int64_t released_by, released_at, created_by, created_at, version;
    char *created_by_name, *created_by_sex;
} Measure;

/* A detention order is a measure of kind "detention". */
typedef Measure DetentionOrder;

/* A step of a juvenile's trial: the referral to court, a hearing (with the next one planned), the verdict. */
typedef struct {
    int64_t id, case_id;
    const char *kind, *held_on, *next_on, *court, *notes;
    int64_t recorded_by, recorded_at;
    char *recorded_by_name, *recorded_by_sex;
    /* filled by the domain (a hearing): the days since the hearing before (0: none before) and to the next one planned
     * (0: none planned), each flagged beyond the law's 7 days */
    int64_t adjournment_days, next_days;
    bool adjournment_over_limit, next_over_limit;
} TrialStep;

/* What the legal deadlines of a case run from (domain/cases/deadlines.h). */
typedef struct {
    const char *settlement_started; /* the open settlement's first session; NULL: none open, or none held yet */
    bool settlement_extended;
    const char *detention_ends; /* the last day of the detention order in force; NULL: none in force */
    const char *court_referral; /* referred to court, no verdict yet; NULL: not referred or decided */
    const char *measure_ends;   /* the earliest last day of the measures in force but detention; NULL: none */
    /* the monitor's reports: while a measure in force calls for them (its report_months), from the earliest start of
     * those measures to the last of their ends, at the shortest of their frequencies; reports_from NULL: none */
    const char *reports_from, *reports_until;
    int64_t report_months;
    int64_t placement_transferred_at; /* a resident moved to another home, the family not told since; 0: none */
    /* a juvenile in a home now: her birth date and the admission (the aftercare plan from 16); NULL/0: none */
    char *resident_birth_date;
    int64_t resident_admitted_at;
    /* an inmate's case (store_centre_clocks): the eldest child with the mother whose next place is not decided, and
     * whether the pre-release plan is made or the inmate released */
    char *child_birth_date;
    bool release_planned;
} LegalClocks;

#endif
