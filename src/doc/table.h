/* A table of text for export (CSV, XLSX): a title, a header row and rows of cells, written the same way by every
 * capability that exports one (statistics, the committee's register). Cells are text: a cell holding a whole number
 * is written to a spreadsheet as a number. */
#ifndef TAKAMUL_DOC_TABLE_H
#define TAKAMUL_DOC_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

typedef struct {
    const char *name; /* the sheet's name (at most 31 characters) */
    int column_count, row_count;
    const char *const *header; /* column_count cells */
    const char *const *cells;  /* row_count × column_count, row by row; NULL is an empty cell */
} DocTable;

/* Appends the table as CSV (RFC 4180) after a UTF-8 byte order mark, so that spreadsheets open Arabic as UTF-8. A
 * cell that starts with = + - @, a tab or a carriage return is written with a ' before it, so that no spreadsheet
 * takes it for a formula. Returns 0 or TK_ERR_NOMEM. */
int doc_csv(const DocTable *table, Buf *out);
/* The text of a cell as doc_csv writes it (quoted when needed, a formula's lead neutralised), appended to out. */
int doc_csv_cell(const char *text, Buf *out);

/* An XLSX workbook of the sheets (the first one active), right to left when rtl; malloc'd into *data (the caller
 * frees). Returns 0, TK_ERR_NOMEM, or TK_ERR_INTERNAL when the library fails. */
int doc_xlsx(const DocTable *sheets, int sheet_count, bool rtl, char **data, size_t *len);

#endif
