#include "doc/qr.h"

#include <errno.h>
#include <qrencode.h>

#include "base/err.h"

enum { QUIET = 4 };

int doc_qr_svg(const char *text, Buf *out)
{
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return errno == ENOMEM ? TK_ERR_NOMEM : TK_ERR_INVALID;
    int size = code->width + 2 * QUIET;
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\""
               " role=\"img\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
               size, size, size, size);
    for (int y = 0; y < code->width; y++)
        for (int x = 0; x < code->width; x++)
            if (code->data[y * code->width + x] & 1) /* the lowest bit: a dark module */
                buf_printf(out, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
    buf_printf(out, "\"/></svg>");
    QRcode_free(code);
    return out->failed ? TK_ERR_NOMEM : TK_OK;
}
