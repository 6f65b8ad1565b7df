/* The legal and service deadlines of a case (domain.md §2–3), computed from the case as it stands: pure functions
 * of the case, its assignments and the timeframes, so that they can be checked against fixed clocks. */
#ifndef TAKAMUL_DOMAIN_DEADLINES_H
#define TAKAMUL_DOMAIN_DEADLINES_H

#include <stdbool.h>
#include <stdint.h>

#include "model/case.h"
#include "model/case_parts.h"
#include "model/legal.h"
#include "model/task.h"

typedef struct {
    int64_t assign_hours, assign_high_risk_hours, first_response_hours;
    int64_t settlement_days, settlement_extension_days, detention_days, monitor_report_months;
    int64_t family_notice_hours, closure_approval_days, social_study_days;
} Timeframes;

enum { MAX_DEADLINES = 12 };

/* The law's fixed timeframes of a juvenile's trial (Juveniles Law 2014): a verdict within 3 months of the referral to
 * court for a misdemeanour (or a violation), 6 for a felony; hearings adjourned by at most 7 days. */
enum { VERDICT_MONTHS = 3, VERDICT_MONTHS_FELONY = 6, ADJOURNMENT_DAYS_MAX = 7 };
/* Correction centres (domain.md §2.4): the pre-release plan six months before the expected release; a child stays
 * with the inmate mother to age 3, where the child goes next decided 90 days before. A juvenile in a home: the
 * aftercare plan 30 days after turning 16 (or after the admission of one older). */
enum { PRE_RELEASE_MONTHS = 6, CHILD_PLAN_DAYS = 90, AFTERCARE_PLAN_DAYS = 30 };

/* The timeframes of the settings. */
Timeframes timeframes_current(void);

/* Whether a case has the worker its assignment task asks for: a social worker, or on a juvenile's case its behaviour
 * monitor (who is assigned and kept through all stages, domain.md §2). */
bool case_worker_assigned(const Case *c, const CaseAssignment *assignments, int count);

/* The deadlines still open on a case (none once it is closed), each a task kind of codes_task_kinds with the time
 * it falls due; returns how many (at most MAX_DEADLINES). has_worker: case_worker_assigned; legal: what the
 * settlement, detention, verdict and measure clocks and the monitor's reports run from (NULL: none). The clocks restart from the case's
 * clock_started_at (the assignment) and reopened_at (the first response, the social study, the family notice, the
 * reports, the dates of the plan and the legal clocks): none of these is overdue at the moment of a reopening. */
int case_deadlines(const Case *c, bool has_worker, const Timeframes *t, const LegalClocks *legal, CaseTask *out);

/* When an open settlement's time runs out: the end (midnight in Amman) of the last of its settlement_days, the first
 * session's day the first of them, with settlement_extension_days more when it was extended; -1 before a first
 * session (first_session_on NULL or malformed). */
int64_t settlement_due(const char *first_session_on, bool extended, const Timeframes *t);

/* Whole days from one YYYY-MM-DD date to another (negative when `to` is before); 0 when either is malformed. */
int64_t days_between(const char *from, const char *to);

/* Whole years of age on a date, from a birth date (YYYY-MM-DD) or, without one, a birth year (as of 1 July);
 * -1 when neither is known or the date is malformed. */
int age_on(const char *birth_date, int64_t birth_year, const char *date);

#endif
