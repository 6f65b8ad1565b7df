/* The demo organisation: synthetic units across the 12 governorates and one user per role. */
#ifndef TAKAMUL_DOMAIN_DEMO_H
#define TAKAMUL_DOMAIN_DEMO_H

#include <stdio.h>

#include "domain/context.h"

/* Fills an empty database; the demo logins are printed to out. TK_ERR_EXISTS when units already exist. */
int domain_demo_fill(Ctx *ctx, FILE *out);

#endif
