#include "api/document.h"

#include <string.h>

#include "base/buf.h"
#include "base/err.h"

int api_respond_table(Request *req, const DocTable *sheets, int sheet_count, const char *format, const char *name)
{
    if (strcmp(format, "csv") == 0) {
        Buf csv;
        buf_init(&csv, 64u << 20);
        if (doc_csv(&sheets[0], &csv) != TK_OK) {
            buf_free(&csv);
            return TK_ERR_NOMEM;
        }
        size_t len;
        char *data = buf_detach(&csv, &len);
        api_respond_file(req, data, len, "text/csv; charset=utf-8", name);
        return TK_OK;
    }
    char *data;
    size_t len;
    int rc = doc_xlsx(sheets, sheet_count, !req->english, &data, &len);
    if (rc == TK_OK)
        api_respond_file(req, data, len, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    return rc;
}

DocBlock *api_document_open(Arena *arena, int capacity, const char *authority, const char *issuer, const char *title,
                            const char *subtitle, int *count)
{
    DocBlock *blocks = arena_calloc(arena, (size_t)capacity, sizeof(DocBlock));
    int n = 0;
    if (!blocks)
        return NULL;
    blocks[n++] = (DocBlock){.kind = DOC_SUBTITLE, .text = authority};
    blocks[n++] = (DocBlock){.kind = DOC_SUBTITLE, .text = issuer};
    blocks[n++] = (DocBlock){.kind = DOC_SPACE};
    blocks[n++] = (DocBlock){.kind = DOC_TITLE, .text = title};
    if (subtitle)
        blocks[n++] = (DocBlock){.kind = DOC_SUBTITLE, .text = subtitle};
    blocks[n++] = (DocBlock){.kind = DOC_SPACE};
    *count = n;
    return blocks;
}

int api_respond_pdf(Request *req, const Doc *doc, const char *name)
{
    Buf pdf;
    buf_init(&pdf, 64u << 20);
    int rc = doc_pdf(doc, &pdf);
    if (rc != TK_OK) {
        buf_free(&pdf);
        if (rc == TK_ERR_BUSY)
            req->fault.retry_after = 2; /* another document is being drawn */
        return rc;
    }
    size_t len;
    char *data = buf_detach(&pdf, &len);
    api_respond_file(req, data, len, "application/pdf", name);
    return TK_OK;
}
