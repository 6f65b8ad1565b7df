/* Checks shared by the domain modules. */
#ifndef TAKAMUL_DOMAIN_VALIDATE_H
#define TAKAMUL_DOMAIN_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/context.h"

/* Free text: at most max characters, no control characters (but line breaks when newlines), no more than
 * VALIDATE_MAX_MARKS combining marks in a row; NULL passes. Records field.too_long, field.invalid or field.marks on
 * the field. */
enum { VALIDATE_MAX_MARKS = 4 };

int validate_text(Ctx *ctx, const char *text, size_t max, bool newlines, const char *field);

/* True for a real calendar date written YYYY-MM-DD. */
bool validate_is_date(const char *text);

#endif
