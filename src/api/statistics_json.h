/* An indicator's table as the statistics API gives it (api/statistics.c), shared with the figures an observation
 * keeps as evidence (api/committee_groups.c). */
#ifndef TAKAMUL_API_STATISTICS_JSON_H
#define TAKAMUL_API_STATISTICS_JSON_H

#include <jansson.h>

#include "base/arena.h"
#include "domain/statistics/statistics.h"
#include "model/committee.h"

/* The table with its rows, columns, cells and totals, hidden numbers marked; a new reference. */
json_t *api_statistics_result_json(const StatResult *r, Arena *arena);

/* Figures an observation keeps as evidence: what was asked and the table as it was then; a new reference. */
json_t *api_observation_figures_json(const ObservationFigures *f);

#endif
