/* Statistics (docs/statistics.md): the catalogue of indicators, defined once; the table of counts built from the
 * store's rows; the small-number rule with complementary suppression; and who sees what (supervisors their unit,
 * managers their agency, the committee national figures; auditors and administrators nothing). Every read is
 * audited, every export is written to the log of data exports. */
#ifndef TAKAMUL_DOMAIN_STATISTICS_H
#define TAKAMUL_DOMAIN_STATISTICS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "domain/core/context.h"
#include "model/statistics.h"

/* --- the catalogue (catalogue.c) --- */

/* The indicators, in the order of the dashboard; *count set. Borrowed (static). */
const StatIndicator *stat_indicators(int *count);
/* The indicator of an id, or NULL. */
const StatIndicator *stat_indicator_find(const char *id);
/* The API name of a dimension (kind, governorate, unit, month, …), and the dimension of a name (-1 when unknown). */
const char *stat_dim_name(int dim);
int stat_dim_parse(const char *name, size_t len);
/* The keys of a dimension that has a fixed order (the bands of an indicator, the outcomes), NULL-terminated, or
 * NULL when the keys are sorted as text. */
const char *const *stat_dim_order(const StatIndicator *indicator, int dim);
/* The band of a number of days from opening to closing, of days from incident to report, of open cases of a worker. */
const char *stat_band_open_close(int64_t days);
const char *stat_band_incident_report(int64_t days);
const char *stat_band_workload(int64_t cases);
/* The age band of the principal person of a case from her age in whole years (-1: unknown). */
const char *stat_age_band(int age);
/* The Arabic and English names of a key the catalogue defines (a band, an outcome, a deadline); false for others. */
bool stat_own_label(const char *key, const char **name_ar, const char **name_en);

/* --- the table and the small-number rule (table.c) --- */

/* Builds the table of rows grouped by dims[0] (rows) and dims[1] (columns; -1 for a single column), in the arena.
 * months_from/months_to (YYYY-MM, or NULL): every month between is a row or column even when empty. Returns 0 or
 * TK_ERR_NOMEM. */
int stat_table_build(Arena *arena, const StatIndicator *indicator, const StatRow *rows, int count, const int dims[2],
                     const char *months_from, const char *months_to, StatTable *table);
/* Hides the counts from 1 to threshold-1 (STAT_SMALL), then as many others (STAT_COMPLEMENTARY) as it takes for
 * every row and column of the table, margins included, to hide none or at least two of its numbers, so that no
 * hidden count can be worked out from a total and the numbers shown. */
void stat_table_suppress(StatTable *table, int64_t threshold);
/* The hidden mark of a cell (row, column), of a row's total (column = column_count), a column's total (row =
 * row_count) or the grand total (both). */
StatSuppression stat_table_hidden(const StatTable *table, int row, int column);

/* --- reading the statistics (statistics.c) --- */

typedef struct {
    const char *from, *to; /* YYYY-MM-DD (to included), NULL: the last twelve months */
    const char *kind, *governorate;
    int64_t unit_id;
    const char *by;     /* comma-separated dimension names, at most two; NULL: the indicator's default */
    bool for_export;    /* anything that leaves the unit is suppressed, even a supervisor's own */
    const char *format; /* the export's format (csv, xlsx), for the log */
} StatRequest;

typedef struct {
    const StatIndicator *indicator;
    StatTable table;
    const char *from, *to; /* the period, YYYY-MM-DD both included */
    const char *scope;     /* unit, agency or national */
    int64_t threshold;
    /* the names of the rows and columns, Arabic and English (the units' names, the codes' labels) */
    const char **row_ar, **row_en, **column_ar, **column_en;
    int64_t export_id;   /* the export's entry in the log of data exports (0 for a read on screen) */
    const char *filters; /* the filters as the audit log and the log of data exports write them */
} StatResult;

/* The table of an indicator for the acting user: TK_ERR_FORBIDDEN for a role that sees no statistics (or a unit
 * outside its scope), TK_ERR_NOT_FOUND for an unknown indicator or one not computed yet, TK_ERR_INVALID naming
 * the field for a bad filter. The read is audited; an export is also written to the log of data exports. */
int domain_statistics(Ctx *ctx, const char *indicator, const StatRequest *request, StatResult *out);
/* The table of an indicator computed to leave the unit as evidence (suppressed as any export, whoever reads it),
 * for the acting user's scope as domain_statistics decides it; neither audited nor logged: the caller writes both in
 * the transaction that keeps the figures. */
int domain_statistics_evidence(Ctx *ctx, const char *indicator, const StatRequest *request, StatResult *out);
/* The tables of the monthly report of a month (YYYY-MM), each suppressed as anything that leaves the unit is: the
 * deadlines, the case load, the durations, the workload, referrals, services, studies and the homes; n tables in
 * the arena. One entry on the log of data exports (report.monthly, pdf) and the audit log. */
int domain_statistics_monthly(Ctx *ctx, const char *month, StatResult **tables, int *count);
/* The log of data exports, newest first (auditors); the read is audited. */
int domain_data_exports(Ctx *ctx, int64_t before_id, int limit, DataExport **items, int *count, bool *more);
/* The catalogue, for whoever may see statistics. */
int domain_statistics_catalogue(Ctx *ctx, const StatIndicator **items, int *count);

#endif
