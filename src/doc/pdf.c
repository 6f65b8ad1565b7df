#include "doc/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "doc/pdf_text.h"

/* A4 in points, margins of 2 cm. */
#define PAGE_WIDTH 595.28
#define PAGE_HEIGHT 841.89
#define MARGIN 56.7
#define HEADER_GAP 22.0
#define CELL_PAD 4.0

/* Noto Sans Arabic: the interface's own font; its text is also the one that extracts cleanly (pdftotext) */
#define FONT "Noto Sans Arabic, Noto Sans, DejaVu Sans"

/* One font map for the process, and one document at a time: fontconfig's set-up is done once, and Pango's maps
 * are not for sharing between threads. */
static pthread_mutex_t render_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int render_waiting;
enum { RENDER_WAIT_SECONDS = 3 };
static PangoFontMap *font_map;

typedef struct {
    const Doc *doc;
    cairo_t *cr;
    PangoContext *pango;
    bool draw; /* the second pass: the first only counts the pages */
    int page;  /* 1, 2, … */
    int pages; /* the count from the first pass */
    double y;  /* where the next line starts */
} Writer;

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
    return buf_append(closure, data, length) == TK_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

enum { LONGEST_RUN = 48 };

/* The text with a break opportunity (U+200B) after every LONGEST_RUN characters of a run without white space: a
 * word that long is no word, and Pango's line breaking slows down on one (g_free the result). */
static char *breakable(const char *text)
{
    size_t len = strlen(text);
    char *out = g_malloc(len + len / LONGEST_RUN * 3 + 1);
    size_t used = 0, run = 0;
    for (const char *c = text; *c;) {
        size_t n = 1;
        while (((unsigned char)c[n] & 0xC0) == 0x80)
            n++;
        bool space = *c == ' ' || *c == '\n' || *c == '\t';
        run = space ? 0 : run + 1;
        memcpy(out + used, c, n);
        used += n;
        c += n;
        if (run == LONGEST_RUN) {
            memcpy(out + used, "\xe2\x80\x8b", 3);
            used += 3;
            run = 0;
        }
    }
    out[used] = '\0';
    return out;
}

static PangoLayout *layout_new(Writer *w, const char *text, double size, bool bold, double width, PangoAlignment align)
{
    PangoLayout *layout = pango_layout_new(w->pango);
    PangoFontDescription *font = pango_font_description_from_string(FONT);
    pango_font_description_set_size(font, (int)(size * PANGO_SCALE));
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_auto_dir(layout, TRUE); /* each paragraph runs the way its text does; Arabic to the left */
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, align);    /* LEFT is flipped for a right-to-left paragraph */
    pango_layout_set_line_spacing(layout, 0.85f); /* the font's own line height is generous */
    char *safe = breakable(text ? text : "");
    pango_layout_set_text(layout, safe, -1);
    g_free(safe);
    return layout;
}

static double layout_height(PangoLayout *layout)
{
    int width, height;
    pango_layout_get_size(layout, &width, &height);
    return (double)height / PANGO_SCALE;
}

/* Draws every line of a layout whose top left corner is at (x, y); written: as text, else as ink alone. */
static void show_lines(cairo_t *cr, PangoLayout *layout, double x, double y, bool written)
{
    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(iter, NULL, &logical);
        doc_pdf_show_line(cr, pango_layout_iter_get_line_readonly(iter), x + (double)logical.x / PANGO_SCALE,
                          y + (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE, written);
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
}

static void show(Writer *w, PangoLayout *layout, double x, double y)
{
    if (w->draw)
        show_lines(w->cr, layout, x, y, true);
}

static void small_line(Writer *w, const char *text, double y)
{
    PangoLayout *layout = layout_new(w, text, 8.5, false, PAGE_WIDTH - 2 * MARGIN, PANGO_ALIGN_CENTER);
    cairo_set_source_rgb(w->cr, 0.35, 0.35, 0.35);
    show(w, layout, MARGIN, y);
    cairo_set_source_rgb(w->cr, 0, 0, 0);
    g_object_unref(layout);
}

/* The page's header, footer and mark. */
static void page_frame(Writer *w)
{
    if (!w->draw)
        return;
    if (w->doc->mark) {
        PangoLayout *layout = layout_new(w, w->doc->mark, 72, true, PAGE_HEIGHT, PANGO_ALIGN_CENTER);
        cairo_save(w->cr);
        cairo_translate(w->cr, PAGE_WIDTH / 2, PAGE_HEIGHT / 2);
        cairo_rotate(w->cr, -0.9);
        cairo_set_source_rgba(w->cr, 0.75, 0.1, 0.1, 0.12);
        /* drawn, not written: its letters lie on a slant, and readers would copy them in pieces between the
         * lines of the page; the study's state is written in its particulars */
        show_lines(w->cr, layout, -PAGE_HEIGHT / 2, -layout_height(layout) / 2, false);
        cairo_restore(w->cr);
        g_object_unref(layout);
    }
    if (w->doc->header) {
        small_line(w, w->doc->header, MARGIN - HEADER_GAP - 4);
        cairo_set_line_width(w->cr, 0.5);
        cairo_move_to(w->cr, MARGIN, MARGIN - 8);
        cairo_line_to(w->cr, PAGE_WIDTH - MARGIN, MARGIN - 8);
        cairo_stroke(w->cr);
    }
    if (w->doc->page) {
        char footer[160];
        snprintf(footer, sizeof footer, "%s %d %s %d", w->doc->page, w->page, w->doc->of ? w->doc->of : "/", w->pages);
        small_line(w, footer, PAGE_HEIGHT - MARGIN + 12);
    }
}

/* The structure of the tagged PDF, drawn in the second pass: Document, H1 (the title), H2 (a section's heading), P
 * (a paragraph; one that runs over a page is one on each page, so that the page's header, footer and mark stay
 * outside it), Table, TR, TH and TD. What no element holds (the header, the footer, the mark, the rules) is not
 * part of the document's content. */
static void tag_begin(Writer *w, const char *name)
{
    if (w->draw)
        cairo_tag_begin(w->cr, name, NULL);
}

static void tag_end(Writer *w, const char *name)
{
    if (w->draw)
        cairo_tag_end(w->cr, name);
}

static void next_page(Writer *w)
{
    if (w->draw)
        cairo_show_page(w->cr);
    w->page++;
    w->y = MARGIN;
    page_frame(w);
}

static double bottom(void)
{
    return PAGE_HEIGHT - MARGIN;
}

/* Lays a wrapped text out line by line, onto the next page when a line does not fit; each of its paragraphs is an
 * element tag (H1, H2, P). */
static void flow(Writer *w, PangoLayout *layout, double x, const char *tag)
{
    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    double top = -1; /* the layout's y of the line that began the current page's part */
    double offset = 0;
    bool open = false; /* the paragraph's element */
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
        if (open && (line->is_paragraph_start || line->length == 0)) {
            tag_end(w, tag);
            open = false;
        }
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(iter, NULL, &logical);
        double line_top = (double)logical.y / PANGO_SCALE, height = (double)logical.height / PANGO_SCALE;
        if (top < 0) {
            top = line_top;
            offset = w->y;
        }
        if (offset + (line_top - top) + height > bottom() && line_top > top) {
            w->y = offset + (line_top - top);
            if (open)
                tag_end(w, tag);
            open = false;
            next_page(w);
            top = line_top;
            offset = w->y;
        }
        if (!open && line->length > 0) {
            tag_begin(w, tag);
            open = true;
        }
        if (w->draw) {
            double baseline = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
            doc_pdf_show_line(w->cr, line, x + (double)logical.x / PANGO_SCALE, offset + (baseline - top), true);
        }
        w->y = offset + (line_top - top) + height;
    } while (pango_layout_iter_next_line(iter));
    if (open)
        tag_end(w, tag);
    pango_layout_iter_free(iter);
}

static void ensure_room(Writer *w, double height)
{
    if (w->y + height > bottom() && w->y > MARGIN)
        next_page(w);
}

static void row(Writer *w, const DocBlock *b)
{
    double width = PAGE_WIDTH - 2 * MARGIN;
    PangoLayout *cells[DOC_MAX_CELLS] = {0};
    double xs[DOC_MAX_CELLS], ws[DOC_MAX_CELLS], height = 0;
    double right = PAGE_WIDTH - MARGIN; /* columns from the right: the document is Arabic */
    for (int i = 0; i < b->cell_count && i < DOC_MAX_CELLS; i++) {
        ws[i] = width * (b->widths[i] > 0 ? b->widths[i] : 100 / b->cell_count) / 100.0;
        xs[i] = right - ws[i];
        right -= ws[i];
        cells[i] = layout_new(w, b->cells[i], b->ruled ? 10 : 10.5, b->bold, ws[i] - 2 * CELL_PAD, PANGO_ALIGN_LEFT);
        double h = layout_height(cells[i]);
        if (h > height)
            height = h;
    }
    height += 2 * CELL_PAD + (b->ruled ? 8 : 0);
    ensure_room(w, height);
    tag_begin(w, "TR");
    for (int i = 0; i < b->cell_count && i < DOC_MAX_CELLS; i++) {
        if (b->ruled && w->draw) {
            cairo_set_line_width(w->cr, 0.6);
            cairo_move_to(w->cr, xs[i] + 3 * CELL_PAD, w->y + 4);
            cairo_line_to(w->cr, xs[i] + ws[i] - 3 * CELL_PAD, w->y + 4);
            cairo_stroke(w->cr);
        }
        tag_begin(w, b->bold ? "TH" : "TD");
        show(w, cells[i], xs[i] + CELL_PAD, w->y + CELL_PAD + (b->ruled ? 8 : 0));
        tag_end(w, b->bold ? "TH" : "TD");
        g_object_unref(cells[i]);
    }
    tag_end(w, "TR");
    w->y += height;
    if (w->draw) {
        cairo_set_line_width(w->cr, b->bold ? 0.8 : 0.3);
        cairo_set_source_rgb(w->cr, b->bold ? 0 : 0.6, b->bold ? 0 : 0.6, b->bold ? 0 : 0.6);
        if (!b->ruled && !b->plain) {
            cairo_move_to(w->cr, MARGIN, w->y);
            cairo_line_to(w->cr, PAGE_WIDTH - MARGIN, w->y);
            cairo_stroke(w->cr);
        }
        cairo_set_source_rgb(w->cr, 0, 0, 0);
    }
}

/* A bar of a chart, right to left: the label in the first part of the line, then the bar, then its figure. */
static void bar(Writer *w, const DocBlock *b)
{
    double width = PAGE_WIDTH - 2 * MARGIN, label_width = width * 0.3, bar_room = width * 0.55;
    PangoLayout *label = layout_new(w, b->label ? b->label : "", 9.5, false, label_width - CELL_PAD, PANGO_ALIGN_LEFT);
    PangoLayout *figure = layout_new(w, b->text ? b->text : "", 9.5, false, width * 0.15, PANGO_ALIGN_LEFT);
    double height = layout_height(label);
    if (height < 14)
        height = 14;
    height += 4;
    ensure_room(w, height);
    double right = PAGE_WIDTH - MARGIN, start = right - label_width;
    double length = b->value > 0 && b->max > 0 ? bar_room * (b->value > b->max ? 1 : b->value / b->max) : 0;
    show(w, label, start + CELL_PAD, w->y + 2);
    if (w->draw && length > 0) {
        cairo_set_source_rgb(w->cr, 0.13, 0.42, 0.52);
        cairo_rectangle(w->cr, start - length, w->y + 4, length, height - 8);
        cairo_fill(w->cr);
        cairo_set_source_rgb(w->cr, 0, 0, 0);
    }
    int figure_width, figure_height;
    pango_layout_get_pixel_size(figure, &figure_width, &figure_height);
    show(w, figure, start - length - 4 - figure_width, w->y + 2);
    g_object_unref(label);
    g_object_unref(figure);
    w->y += height;
}

static void block(Writer *w, const DocBlock *b, const DocBlock *prev, const DocBlock *next)
{
    double width = PAGE_WIDTH - 2 * MARGIN;
    PangoLayout *layout = NULL;
    switch (b->kind) {
    case DOC_TITLE:
    case DOC_SUBTITLE:
        layout = layout_new(w, b->text, b->kind == DOC_TITLE ? 16 : 11, b->kind == DOC_TITLE, width,
                            PANGO_ALIGN_CENTER);
        flow(w, layout, MARGIN, b->kind == DOC_TITLE ? "H1" : "P");
        w->y += b->kind == DOC_TITLE ? 6 : 3;
        break;
    case DOC_HEADING: {
        layout = layout_new(w, b->text, 12.5, true, width, PANGO_ALIGN_LEFT);
        /* a heading never ends a page: it goes over with the first lines of what follows */
        double keep = layout_height(layout) + (next && next->kind == DOC_TEXT ? 60 : 0);
        w->y += 8;
        ensure_room(w, keep);
        flow(w, layout, MARGIN, "H2");
        w->y += 3;
        break;
    }
    case DOC_TEXT:
        layout = layout_new(w, b->text, 11, b->bold, width, PANGO_ALIGN_LEFT);
        flow(w, layout, MARGIN, "P");
        w->y += 4;
        break;
    case DOC_FIELD: {
        /* the value isolated (FSI … PDI), so that a date or a reference keeps its own order in an Arabic line */
        char *line = g_strdup_printf("%s: \u2068%s\u2069", b->label ? b->label : "", b->text ? b->text : "—");
        layout = layout_new(w, line, 10.5, false, width, PANGO_ALIGN_LEFT);
        g_free(line);
        flow(w, layout, MARGIN, "P");
        w->y += 1;
        break;
    }
    case DOC_ROW: /* rows one after another are a table */
        if (!prev || prev->kind != DOC_ROW)
            tag_begin(w, "Table");
        row(w, b);
        if (!next || next->kind != DOC_ROW)
            tag_end(w, "Table");
        break;
    case DOC_SPACE: w->y += 12; break;
    case DOC_BAR:
        if (!prev || prev->kind != DOC_BAR) {
            w->y += 4;
            tag_begin(w, "Figure");
        }
        bar(w, b);
        if (!next || next->kind != DOC_BAR) {
            tag_end(w, "Figure");
            w->y += 6;
        }
        break;
    }
    if (layout)
        g_object_unref(layout);
}

static void pass(Writer *w)
{
    const DocBlock *blocks = w->doc->blocks;
    int count = w->doc->block_count;
    w->page = 1;
    w->y = MARGIN;
    tag_begin(w, "Document");
    page_frame(w);
    for (int i = 0; i < count; i++)
        block(w, &blocks[i], i > 0 ? &blocks[i - 1] : NULL, i + 1 < count ? &blocks[i + 1] : NULL);
    tag_end(w, "Document");
}

int doc_pdf(const Doc *doc, Buf *out)
{
    /* one document at a time, and one request waiting for its turn, a few seconds at most: the others are told
     * the server is busy, so that documents never hold more than two of the server's workers */
    if (pthread_mutex_trylock(&render_lock) != 0) {
        if (atomic_fetch_add(&render_waiting, 1) >= 1) {
            atomic_fetch_sub(&render_waiting, 1);
            return TK_ERR_BUSY;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += RENDER_WAIT_SECONDS;
        int locked = pthread_mutex_timedlock(&render_lock, &until);
        atomic_fetch_sub(&render_waiting, 1);
        if (locked != 0)
            return TK_ERR_BUSY;
    }
    if (!font_map)
        font_map = pango_cairo_font_map_new();
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_out, out, PAGE_WIDTH, PAGE_HEIGHT);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc->title ? doc->title : "");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Takamul");
    cairo_t *cr = cairo_create(surface);
    PangoContext *pango = pango_font_map_create_context(font_map);
    pango_cairo_update_context(cr, pango);
    pango_cairo_context_set_resolution(pango, 72.0); /* font sizes in points, like the page */
    /* glyphs where the font puts them, not rounded to whole points as for a screen: rounded, the gaps between the
     * letters of a word vary by up to a point, and readers copying the text take the wide ones for spaces */
    pango_context_set_round_glyph_positions(pango, FALSE);
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango, options);
    cairo_font_options_destroy(options);
    Writer w = {.doc = doc, .cr = cr, .pango = pango};
    pass(&w); /* counts the pages */
    w.pages = w.page;
    w.draw = true;
    pass(&w);
    cairo_show_page(cr);
    g_object_unref(pango);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    pthread_mutex_unlock(&render_lock);
    if (status == CAIRO_STATUS_WRITE_ERROR || status == CAIRO_STATUS_NO_MEMORY)
        return TK_ERR_NOMEM;
    return status == CAIRO_STATUS_SUCCESS ? TK_OK : TK_ERR_INTERNAL;
}
