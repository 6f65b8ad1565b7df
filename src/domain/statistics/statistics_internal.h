/* What the files of domain/statistics/ share; nothing outside the folder includes this. */
#ifndef TAKAMUL_DOMAIN_STATISTICS_INTERNAL_H
#define TAKAMUL_DOMAIN_STATISTICS_INTERNAL_H

#include "domain/core/context.h"
#include "domain/statistics/statistics.h"
#include "store/statistics.h"

enum { DAY = 86400 };

/* The rows of an indicator from the store, their keys made final (months, bands, acts): the settlements, the
 * monitor's reports and the recommendations judged met or missed (indicator_rows.c). In the arena. */
int stat_indicator_rows(Ctx *ctx, const StatIndicator *ind, const StatFilter *f, StatRow **rows, int *count);

#endif
