/* Drawing a laid-out line into a PDF so that its text reads back in reading order (src/doc/pdf_text.c): used by
 * pdf.c only. */
#ifndef TAKAMUL_DOC_PDF_TEXT_H
#define TAKAMUL_DOC_PDF_TEXT_H

#include <cairo.h>
#include <stdbool.h>
#include <pango/pangocairo.h>

/* Draws a line of a Pango layout with the left edge of its logical extents at x and its baseline at baseline: the
 * glyphs as Pango shaped them and, when written, each character of the text where a reader copying or searching
 * looks for it (else the line is ink that readers take for no text). */
void doc_pdf_show_line(cairo_t *cr, PangoLayoutLine *line, double x, double baseline, bool written);

#endif
