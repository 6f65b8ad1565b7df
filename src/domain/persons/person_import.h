/* Bulk import of persons from CSV (takamul import persons): every row validated as a registration is, rejected rows
 * reported with their line and reason, the rest written in large transactions with their audit rows. */
#ifndef TAKAMUL_DOMAIN_PERSON_IMPORT_H
#define TAKAMUL_DOMAIN_PERSON_IMPORT_H

#include "domain/core/context.h"

typedef struct {
    int64_t imported;
    int64_t rejected;
} ImportResult;

/* Told of each rejected row: its first line in the file, the field (or column) at fault, and the error code. */
typedef void (*ImportRejected)(void *context, int line, const char *field, const char *code);

/* Imports the CSV text. A header row names the columns (see docs/import.md); an unknown or missing required
 * column, or a quote left open, stops the import with TK_ERR_INVALID before anything is written. */
int domain_person_import(Ctx *ctx, const char *data, size_t len, ImportRejected rejected, void *context,
                         ImportResult *result);

#endif
