/* QR codes drawn by the server (libqrencode) as SVG, for the second factor's enrolment: nothing leaves the server to
 * be drawn elsewhere. */
#ifndef TAKAMUL_DOC_QR_H
#define TAKAMUL_DOC_QR_H

#include "base/buf.h"

/* The text as a QR code (error correction M) in an SVG document of dark squares on white with a quiet zone of four
 * modules. TK_ERR_INVALID when the text does not fit a QR code; TK_ERR_NOMEM. */
int doc_qr_svg(const char *text, Buf *out);

#endif
