/* What the statistics' store files share (stat_*.c): the scope of a case and the days in Amman in SQL, and the
 * binding and reading of rows of counts. Nothing outside store/ includes this. */
#ifndef TAKAMUL_STORE_STAT_ROWS_H
#define TAKAMUL_STORE_STAT_ROWS_H

#include "store/sql.h"
#include "store/statistics.h"

/* The scope of a case c of unit u: the filters of the request and the access rule's narrowing. */
#define CASE_SCOPE                                                                                                     \
    " (CAST(:kind AS TEXT) IS NULL OR c.kind = :kind) AND (CAST(:gov AS TEXT) IS NULL OR c.governorate = :gov)"        \
    " AND (:unit = 0 OR c.unit_id = :unit) AND (CAST(:agency AS TEXT) IS NULL OR u.agency = :agency)"

#define AMMAN_DAY(at) "((" at " + 10800) / 86400)"
/* The day in Amman of the time at when the grouping asks for days (:by_day), else NULL. */
#define BY_DAY(at) "CASE WHEN :by_day = 1 THEN " AMMAN_DAY(at) " END"

/* Binds the filters of the request (:kind, :gov, :unit, :agency) to CASE_SCOPE. */
void stat_bind_scope(Query *q, const StatFilter *f);
/* Binds each :by_… parameter the statement has: 1 when its dimension is asked for. */
void stat_bind_by(Query *q, const StatFilter *f);
/* A unit's id in column col as a key (text in the arena), NULL for none. */
const char *stat_unit_key(Query *q, int col, Arena *arena);

/* What each column of a row of counts holds, in order: a dimension's key as text (KEY), a unit's id as the key of
 * its dimension (UNIT), the day (NULL: -1), the number (NULL: -1), the count (VALUE), the places (CAPACITY), or
 * nothing read (SKIP). A row without a column of its day or number has -1 there; one without a count counts 1. */
enum { COL_DAY = -1, COL_NUMBER = -2, COL_VALUE = -3, COL_CAPACITY = -4, COL_SKIP = -5, COL_UNIT = 1000 };
#define KEY(dim) STAT_DIM_##dim
#define UNIT(dim) (COL_UNIT + STAT_DIM_##dim)
#define STAT_COLUMNS(...) (const int[]){__VA_ARGS__}, (int)(sizeof((const int[]){__VA_ARGS__}) / sizeof(int))
/* Reads a row of counts into r, each column as columns says. */
void stat_read_columns(Query *q, Arena *arena, StatRow *r, const int *columns, int count);
/* Binds the grouping, the scope and the period (:from, :to) of f, then collects the rows read by read. */
int stat_collect_in_period(Query *q, const StatFilter *f, Arena *arena, SqlReadRow read, StatRow **rows, int *count);

#endif
