/* A document the server draws (src/doc/pdf.h) sent as the answer: one place for the rendering, its refusal while
 * another document is drawn (503 with Retry-After), and the file's name. */
#ifndef TAKAMUL_API_DOCUMENT_H
#define TAKAMUL_API_DOCUMENT_H

#include "api/request.h"
#include "doc/pdf.h"
#include "doc/table.h"

/* The opening of a printed document, in a new array of capacity blocks in the arena: who issues it (authority, then
 * issuer: the ministry, the home, the committee), a space, the title, and the subtitle when there is one, then a
 * space. *count: the blocks written. NULL when memory runs out. */
DocBlock *api_document_open(Arena *arena, int capacity, const char *authority, const char *issuer, const char *title,
                            const char *subtitle, int *count);
/* Renders doc as a PDF and answers it as the file name; TK_ERR_BUSY (retry after 2 s), TK_ERR_NOMEM or
 * TK_ERR_INTERNAL when it cannot be drawn. */
int api_respond_pdf(Request *req, const Doc *doc, const char *name);
/* Answers tables as a spreadsheet file: format "csv" (the first sheet alone, UTF-8 with a byte order mark) or "xlsx"
 * (every sheet, right to left unless the request is in English). TK_ERR_NOMEM or TK_ERR_INTERNAL when it cannot be
 * made. */
int api_respond_table(Request *req, const DocTable *sheets, int sheet_count, const char *format, const char *name);

#endif
