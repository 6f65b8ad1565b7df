/* The legal steps of a case (domain.md §2), each a record with its own rules and clock:
 * - settlements of family-violence and juvenile cases: checked at the start (no felony, a juvenile marked eligible,
 *   no detention in force, both parties' consent recorded), their sessions (the first one starts the
 *   14-day clock and is never moved), one extension of 14 days with its reason, and the outcome that stops the clock
 *   (agreed with its terms and the court's ratification, failed and so on to the prosecutor, or withdrawn);
 * - detention orders of a juvenile in conflict with the law: ≤ 10 days an order, the prosecutor renews once and the
 *   court after, none for a violation nor during a settlement, a release that ends it;
 * - the steps of a juvenile's trial: the referral to court, hearings (an adjournment of more than 7 days flagged),
 *   the verdict that stops its 3- or 6-month clock.
 * The case's access rules apply (domain/cases/cases.h): its workers write; these parts are shared by no referral. */
#ifndef TAKAMUL_DOMAIN_LEGAL_RECORDS_H
#define TAKAMUL_DOMAIN_LEGAL_RECORDS_H

#include "domain/core/context.h"
#include "model/legal.h"

/* --- the rules, as pure functions of what the records say (the refusal's error code, NULL when allowed) --- */

/* Where a case stands when a settlement would start. */
typedef struct {
    const char *kind;       /* the case's kind */
    bool open;              /* a settlement is open already */
    bool felony;            /* its incident (family violence) or the juvenile's act is a felony */
    bool not_eligible;      /* the juvenile is not marked eligible (marked not eligible, or not marked) */
    bool detained;          /* a detention order is in force */
    unsigned consent_sides; /* SETTLEMENT_SIDE_… bits: the parties whose consent is recorded */
} SettlementGate;

enum { SETTLEMENT_SIDE_FIRST = 1u << 0, SETTLEMENT_SIDE_SECOND = 1u << 1 };

/* The side of a settlement a person's role in a case of that kind is on: the victim's (family violence) or the
 * juvenile's and guardian's is the first; the alleged perpetrator's, or a juvenile's victim's, the second; 0 neither. */
unsigned settlement_side(const char *case_kind, const char *role);
const char *settlement_refusal(const SettlementGate *gate);

/* A detention order against the newest order of the case (NULL: none): at most max_days days; a new detention only
 * when none is in force (renews_id 0), a renewal of the order in force only, from the day after it ends, the
 * prosecutor's as the first renewal only. *renewal: the order's place (0 for a new detention, which starts afresh);
 * *field: the field the refusal names. */
const char *detention_order_refusal(const DetentionOrder *order, const DetentionOrder *newest, int64_t max_days,
                                    int64_t *renewal, const char **field);

/* The detention in force among a case's orders (newest first, as domain_detention_orders gives them): the newest
 * order's id unless it was released; 0 when none. */
int64_t detention_in_force(const DetentionOrder *orders, int count);

/* The adjournments of each hearing of steps (in the order they happened): the days since the hearing before and to
 * the next one planned, each flagged beyond the law's ADJOURNMENT_DAYS_MAX. */
void trial_adjournments(TrialStep *steps, int count);

/* --- the records --- */

int domain_settlements(Ctx *ctx, int64_t case_id, Settlement **items, int *count);
/* Opens a settlement with the consents (ids of the case's consents) of both parties: for family violence the victim
 * and the alleged perpetrator, for a juvenile the juvenile or the guardian and the victim. */
int domain_settlement_start(Ctx *ctx, int64_t case_id, const int64_t *consent_ids, int consent_count, Settlement *out);
/* Records a session held (not in the future; never before the first) of an open settlement at version. */
int domain_settlement_session_add(Ctx *ctx, int64_t case_id, int64_t settlement_id, int64_t version,
                                  SettlementSession *session, Settlement *out);
/* The one extension of an open settlement whose first session was held, with its reason. */
int domain_settlement_extend(Ctx *ctx, int64_t case_id, int64_t settlement_id, int64_t version, const char *reason,
                             Settlement *out);

typedef struct {
    const char *outcome; /* agreed, failed or withdrawn */
    const char *decided_on, *terms, *court, *ratified_on, *note;
} SettlementOutcome;

/* How an open settlement ended: agreed needs its terms (and the court with the date of its ratification, both or
 * neither); failed sends the case on to the prosecutor on that date. */
int domain_settlement_decide(Ctx *ctx, int64_t case_id, int64_t settlement_id, int64_t version,
                             const SettlementOutcome *in, Settlement *out);

int domain_detention_orders(Ctx *ctx, int64_t case_id, DetentionOrder **items, int *count);
/* Records a detention order (authority, order_number, order_date, starts_on, ends_on set by the caller): a new
 * detention when none is in force (renews_id 0), else a renewal of the order in force, named by renews_id. */
int domain_detention_order_add(Ctx *ctx, int64_t case_id, DetentionOrder *order);
/* The release from the detention in force (its newest order, at version), with its date and reason. */
int domain_detention_release(Ctx *ctx, int64_t case_id, int64_t order_id, int64_t version, const char *released_on,
                             const char *reason, DetentionOrder *out);

/* The trial steps in the order they happened, each hearing with the days since the one before. */
int domain_trial_steps(Ctx *ctx, int64_t case_id, TrialStep **items, int *count);
/* Records a step (kind, held_on, and next_on, court, notes as given) of a juvenile-in-conflict case. */
int domain_trial_step_add(Ctx *ctx, int64_t case_id, TrialStep *step);

#endif
