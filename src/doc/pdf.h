/* Printable documents made by the server: a PDF in A4 with Arabic shaped and laid out right to left by Pango, drawn
 * by Cairo, in the Noto Sans Arabic font of Debian's fonts-noto-core. A document is a list of blocks that flow
 * over as many pages as they need; each page has a header line, a footer with its number, and, when asked, a mark
 * across it (a draft). The PDF is tagged (its title, headings, paragraphs and tables are its structure) and its
 * text reads back in reading order when copied or searched (src/doc/pdf_text.c). */
#ifndef TAKAMUL_DOC_PDF_H
#define TAKAMUL_DOC_PDF_H

#include <stddef.h>

#include "base/buf.h"

typedef enum {
    DOC_TITLE,    /* centred, large */
    DOC_SUBTITLE, /* centred */
    DOC_HEADING,  /* a section's heading, bold, kept with what follows */
    DOC_TEXT,     /* paragraphs (lines split at newlines), wrapped */
    DOC_FIELD,    /* "label: value" on one line */
    DOC_ROW,      /* a row of cells in columns, the first at the start of the line (the right in Arabic) */
    DOC_SPACE,    /* a gap */
    DOC_BAR,      /* a bar of a chart: its label, its length value out of max, the figure written beside it; bars one
                   * after another are a chart (a figure) */
} DocBlockKind;

enum { DOC_MAX_CELLS = 6 };

typedef struct {
    DocBlockKind kind;
    const char *text;                 /* TITLE, SUBTITLE, HEADING, TEXT; FIELD: the value; BAR: the figure */
    const char *label;                /* FIELD, BAR */
    const char *cells[DOC_MAX_CELLS]; /* ROW: each may hold several lines */
    int widths[DOC_MAX_CELLS];        /* ROW: each cell's share of the line, in per cent */
    int cell_count;
    int bold;          /* ROW: a header row (bold, ruled below); TEXT: bold */
    int ruled;         /* ROW: a rule above each cell (a place to sign) */
    int plain;         /* ROW: no rule below it */
    double value, max; /* BAR: the bar's length is value / max of the chart's width; none when value <= 0 */
} DocBlock;

typedef struct {
    const char *title;     /* the file's title (its metadata) */
    const char *header;    /* at the top of every page */
    const char *page, *of; /* the footer: "<page> 2 <of> 5" (صفحة ٢ من ٥); none without page */
    const char *mark;      /* NULL, or across every page (مسودة) */
    const DocBlock *blocks;
    int block_count;
} Doc;

/* Renders the document as a PDF into out. One document is drawn at a time and one caller may wait for its turn, 3
 * seconds at most: TK_ERR_BUSY for another caller meanwhile, or after the wait. TK_ERR_NOMEM; TK_ERR_INTERNAL when
 * Cairo fails. */
int doc_pdf(const Doc *doc, Buf *out);

#endif
