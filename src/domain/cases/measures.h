/* The court measures of a case (domain.md §2 and §4): pre-trial detention (its own rules: legal_records.h), the
 * measures of the Juveniles Law art. 24 on a juvenile in conflict with the law, the protection measures of art. 33–40
 * on a juvenile in need of protection, and the court's protection orders and settlement rulings on a family-violence
 * case. Each drives the deadlines (domain/cases/deadlines.h): its end, and the monitor's reports while it is in force
 * when it calls for them. */
#ifndef TAKAMUL_DOMAIN_MEASURES_H
#define TAKAMUL_DOMAIN_MEASURES_H

#include <stdbool.h>

#include "domain/core/context.h"
#include "model/legal.h"

/* What the law says of a kind of measure. */
typedef struct {
    const char *kind;
    const char *case_kind;      /* the kind of case it is ordered on */
    int min_months, max_months; /* its duration's bounds (0: none) */
    bool lasting;               /* it has a start and an end (a reprimand, a handover, an undertaking do not) */
    bool reports;               /* the monitor reports while it is in force (every 3 months unless the court says) */
    const char *home_type;      /* the unit type of the home it places the juvenile in; NULL: none */
} MeasureRule;

/* The rule of a kind of measure; NULL for an unknown kind. Borrowed (static). */
const MeasureRule *measure_rule(const char *kind);

/* A measure (other than a detention) against its kind's rule on a case of case_kind: the refusal's error code and
 * *field, or NULL when allowed. */
const char *measure_refusal(const Measure *measure, const char *case_kind, const char **field);

/* Which of a case's measures (items, newest first, as domain_measures gives them) are in force on today (YYYY-MM-DD):
 * started, not past its last day, not ended early; a detention order, besides, while the detention it belongs to
 * (the newest order and the orders its renewals go back to) is not released. A measure without a duration is never
 * in force. Fills in_force[0..count). */
void measures_in_force(const Measure *items, int count, const char *today, bool *in_force);

/* The measures of a case, every kind, newest first (audited as a read of the case). */
int domain_measures(Ctx *ctx, int64_t case_id, Measure **items, int *count);
/* Records a measure: a detention goes by domain_detention_order_add; the others need the court, the decision's
 * number and date, the start, and an end or a duration in months when they last; report_months defaults to the
 * setting for the kinds that call for reports. */
int domain_measure_add(Ctx *ctx, int64_t case_id, Measure *measure);
/* Ends a measure in force early (a detention: its release), at version, on ended_on for reason: not before its
 * start nor after its last day (a measure that ran to its end is ended on that day at the latest). */
int domain_measure_end(Ctx *ctx, int64_t case_id, int64_t measure_id, int64_t version, const char *ended_on,
                       const char *reason, Measure *out);

#endif
