/* Checks shared by the domain modules. */
#ifndef TAKAMUL_DOMAIN_VALIDATE_H
#define TAKAMUL_DOMAIN_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/core/codes.h"
#include "domain/core/context.h"

/* Free text: at most max characters, no control characters (but line breaks when newlines), no more than
 * VALIDATE_MAX_MARKS combining marks in a row, no invisible character without a use (validate_visible); NULL
 * passes. Records field.too_long, field.invalid, field.marks or field.invisible on the field. */
enum { VALIDATE_MAX_MARKS = 4 };

int validate_text(Ctx *ctx, const char *text, size_t max, bool newlines, const char *field);

/* Free text that must be given (not NULL, not empty: field.required), then as validate_text. */
int validate_required_text(Ctx *ctx, const char *text, size_t max, bool newlines, const char *field);

/* Text without a default-ignorable code point other than ZWNJ, ZWJ, LRM, RLM, ALM and the direction isolates
 * (text_has_stray_invisible); NULL passes. Records field.invisible on the field. */
int validate_visible(Ctx *ctx, const char *text, const char *field);

/* A code the field must hold: field.required when it is NULL, field.code when it is not in the list. */
int validate_code(Ctx *ctx, const CodeList *list, const char *code, const char *field);

/* One parameter of a list's query: its name, the value given (NULL: none), and what a value must be: a code of
 * codes, or (codes NULL) one that valid accepts. */
typedef struct {
    const char *name;
    const char *value;
    const CodeList *codes;
    bool (*valid)(const char *value);
} QueryParam;
/* 0, or 400 query.invalid naming the first parameter given whose value is not what it must be. */
int validate_query(Ctx *ctx, const QueryParam *params, size_t count);

/* True for a real calendar date written YYYY-MM-DD. */
bool validate_is_date(const char *text);

#endif
