#include "api/document.h"

#include "base/buf.h"
#include "base/err.h"

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
