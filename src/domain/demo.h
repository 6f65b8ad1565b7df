/* The demo organisation: synthetic units across the 12 governorates, one user per role, a registry of synthetic
 * persons in twelve families with their family links, and synthetic cases of every kind. */
#ifndef TAKAMUL_DOMAIN_DEMO_H
#define TAKAMUL_DOMAIN_DEMO_H

#include <stdio.h>

#include "domain/context.h"
#include "store/org.h"

/* Fills an empty database; the demo logins are printed to out. TK_ERR_EXISTS (demo.not_empty) when units already
 * exist: nothing is then added. */
int domain_demo_fill(Ctx *ctx, FILE *out);
/* The demo's synthetic cases (setting demo_cases_per_kind of each kind), after the units, users and persons. */
int demo_fill_cases(Ctx *ctx, FILE *out);

/* The demo's social studies on a case in implementation, written by author and reviewed by supervisor. */
int demo_case_studies(Ctx *ctx, int64_t case_id, const char *kind, User *author, User *supervisor);

#endif
