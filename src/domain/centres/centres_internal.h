/* Inside domain/centres/ only: who works a centre's records, and loading an inmate's case for them. */
#ifndef TAKAMUL_DOMAIN_CENTRES_INTERNAL_H
#define TAKAMUL_DOMAIN_CENTRES_INTERNAL_H

#include <stdbool.h>

#include "domain/cases/cases.h"
#include "domain/centres/centres.h"

/* Whether the user is a social worker or supervisor of that centre (their unit is it). */
bool centre_worker_of(const Ctx *ctx, int64_t centre_id);
/* Loads an inmate's case: for reading, whoever sees the case; for a change (change true), the case open and
 * changeable by the user, who works at its centre (its unit or the centre it names). 400 centre.kind for a case of
 * another kind. */
int centre_case_load(Ctx *ctx, int64_t case_id, bool change, CaseView *view);
/* Inside the caller's transaction: ends the enrolments of a case still enrolled or waiting with status (released,
 * transferred) on date, each place freed going to the first of its waiting list. */
int centre_enrolments_end(Ctx *ctx, int64_t case_id, const char *status, const char *date);
/* Whether value is one of a NULL-ended list of codes. */
bool centre_code(const char *value, const char *const *list);
/* A field that must hold one of a NULL-ended list of codes: 0, or TK_ERR_INVALID with field.required or field.code. */
int centre_check_code(Ctx *ctx, const char *value, const char *const *list, const char *field);
/* Whether every code of a comma-separated list is one of list (NULL and "" pass). */
bool centre_codes(const char *joined, const char *const *list);

#endif
