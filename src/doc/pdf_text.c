/* The text layer of a PDF line. A reader that copies or searches a PDF rebuilds its text from where each glyph is
 * drawn and which characters the glyph stands for (the font's ToUnicode map, or an /ActualText span around it),
 * putting characters in the order of their places along the line and turning a right-to-left run around. That
 * works for a glyph that stands for one character of its own place. It fails in Arabic for a glyph that stands for
 * several (the lam-alef ligature), whose characters are spread left to right over its place and so come out
 * backwards (لا as ال), and for a mark (shadda, a vowel), drawn over its letter, within the letter's place, and so
 * read before it (دّ as ّد): poppler (pdftotext, Evince) reads them so, and so do most readers that go by position.
 * Here a place of a right-to-left run that stands for several characters (a cluster of glyphs and the marks over
 * it) is drawn as ink with no text (an empty /ActualText), and each of its characters is carried by a pair of the
 * font's space glyphs, which draw nothing, over its share of the place, the first at the right: every character
 * has a place of its own and reads back in order. The runs of a line are written in the order of the text. Left
 * out of the text are the break opportunities (U+200B) the document adds to long words, and the controls of
 * direction (marks, embeddings, overrides, isolates, whether the document's own around a field's value or the
 * text's): they order the display, which the page has already drawn in that order, and a reader that copies the
 * text decides its direction itself (poppler puts a direction mark carried in a word into the middle of it). */
#include "doc/pdf_text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* An invisible glyph of a font, to carry text: its space, when it draws nothing. */
typedef struct {
    unsigned long index;
    double advance;
} CarrierGlyph;

/* A cluster of a run as Pango shaped it: glyphs first … last (in visual order) for the bytes start … end of the
 * text. */
typedef struct {
    int first, last, start, end;
    int drawn;    /* glyphs that draw something */
    bool missing; /* a glyph no font has */
} Cluster;

/* What one call to Cairo draws: glyphs, and the clusters that say which text each stands for. */
typedef struct {
    cairo_glyph_t *glyphs;
    cairo_text_cluster_t *clusters;
    char *utf8;
    int glyph_count, cluster_count, used;
} Show;

static bool left_out(gunichar c)
{
    return c == 0x200B || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

static bool carrier_glyph(cairo_scaled_font_t *font, CarrierGlyph *out)
{
    cairo_glyph_t *glyphs = NULL;
    int count = 0;
    *out = (CarrierGlyph){0};
    if (cairo_scaled_font_text_to_glyphs(font, 0, 0, " ", 1, &glyphs, &count, NULL, NULL, NULL) != CAIRO_STATUS_SUCCESS)
        return false;
    bool ok = false;
    if (count == 1 && glyphs[0].index != 0) {
        cairo_text_extents_t extents;
        cairo_scaled_font_glyph_extents(font, glyphs, 1, &extents);
        ok = extents.width == 0 && extents.height == 0 && extents.x_advance > 0;
        *out = (CarrierGlyph){.index = glyphs[0].index, .advance = extents.x_advance};
    }
    cairo_glyph_free(glyphs);
    return ok;
}

/* A glyph Pango could not find in any font: a box in its place, as Pango draws one. */
static void show_missing(cairo_t *cr, cairo_scaled_font_t *font, double left, double width, double baseline)
{
    cairo_font_extents_t extents;
    cairo_scaled_font_extents(font, &extents);
    cairo_save(cr);
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, left + width * 0.1, baseline - extents.ascent * 0.7, width * 0.8, extents.ascent * 0.7);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* The characters of text start … end that the text layer keeps. */
static int kept_chars(const char *text, int start, int end)
{
    int count = 0;
    for (const char *c = text + start; c < text + end; c = g_utf8_next_char(c))
        count += !left_out(g_utf8_get_char(c));
    return count;
}

/* Adds the drawn glyphs of clusters from … to (inclusive, in logical order) as ink; with_text: standing for their
 * characters, else for none. */
static void add_ink(Show *show, const PangoGlyphString *string, const cairo_glyph_t *placed, const Cluster *clusters,
                    int from, int to, const char *text, bool with_text, bool rtl)
{
    for (int c = from; c <= to; c++) {
        const Cluster *cl = &clusters[c];
        int start = show->used;
        if (with_text)
            for (const char *p = text + cl->start; p < text + cl->end; p = g_utf8_next_char(p)) {
                if (left_out(g_utf8_get_char(p)))
                    continue;
                int len = (int)(g_utf8_next_char(p) - p);
                memcpy(show->utf8 + show->used, p, (size_t)len);
                show->used += len;
            }
        /* a right-to-left cluster's glyphs from the right, as Cairo writes them for Pango */
        for (int k = 0; k <= cl->last - cl->first; k++) {
            int i = rtl ? cl->last - k : cl->first + k;
            PangoGlyph glyph = string->glyphs[i].glyph;
            if (glyph != PANGO_GLYPH_EMPTY && !(glyph & PANGO_GLYPH_UNKNOWN_FLAG))
                show->glyphs[show->glyph_count++] = placed[i];
        }
        cairo_text_cluster_t *previous = show->cluster_count > 0 ? &show->clusters[show->cluster_count - 1] : NULL;
        if (cl->drawn == 0)
            show->used = start; /* nothing drawn stands for it: readers cannot see it, as before */
        else if (show->used == start && previous && previous->num_bytes == 0)
            previous->num_glyphs += cl->drawn; /* ink after ink: one empty /ActualText for both */
        else
            show->clusters[show->cluster_count++] = (cairo_text_cluster_t){show->used - start, cl->drawn};
    }
}

/* Adds each character of clusters from … to on its own pair of invisible glyphs over its share of their place
 * (left … left + width), the first at the right in a right-to-left run. A reader takes a span's place from the
 * start of its first glyph to the end of its last: the second glyph of the pair ends where the share does. */
static void add_carriers(Show *show, CarrierGlyph carrier, const Cluster *clusters, int from, int to, const char *text,
                         double left, double width, double baseline, bool rtl)
{
    int chars = 0;
    for (int c = from; c <= to; c++)
        chars += kept_chars(text, clusters[c].start, clusters[c].end);
    double share = width / chars;
    int k = 0;
    for (int c = from; c <= to; c++)
        for (const char *p = text + clusters[c].start; p < text + clusters[c].end; p = g_utf8_next_char(p)) {
            if (left_out(g_utf8_get_char(p)))
                continue;
            int len = (int)(g_utf8_next_char(p) - p);
            double at = rtl ? left + width - share * (k + 1) : left + share * k;
            memcpy(show->utf8 + show->used, p, (size_t)len);
            show->used += len;
            show->glyphs[show->glyph_count++] = (cairo_glyph_t){carrier.index, at, baseline};
            show->glyphs[show->glyph_count++] = (cairo_glyph_t){carrier.index, at + share - carrier.advance, baseline};
            show->clusters[show->cluster_count++] = (cairo_text_cluster_t){len, 2};
            k++;
        }
}

static void show_run(cairo_t *cr, const char *text, PangoGlyphItem *run, double x, double baseline, bool written)
{
    PangoFont *font = run->item->analysis.font;
    cairo_scaled_font_t *scaled = font ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font)) : NULL;
    if (!scaled || cairo_scaled_font_status(scaled) != CAIRO_STATUS_SUCCESS)
        return;
    const PangoGlyphString *string = run->glyphs;
    int n = string->num_glyphs, chars = run->item->num_chars;
    bool rtl = run->item->analysis.level % 2 == 1;
    CarrierGlyph carrier;
    bool can_carry = carrier_glyph(scaled, &carrier);

    /* where each glyph's place begins (Pango units from the run's start), and where its ink goes */
    int *offset = g_new(int, n + 1);
    cairo_glyph_t *placed = g_new(cairo_glyph_t, n + 1);
    offset[0] = 0;
    for (int i = 0; i < n; i++) {
        const PangoGlyphInfo *g = &string->glyphs[i];
        offset[i + 1] = offset[i] + g->geometry.width;
        placed[i] = (cairo_glyph_t){g->glyph, x + (double)(offset[i] + g->geometry.x_offset) / PANGO_SCALE,
                                    baseline + (double)g->geometry.y_offset / PANGO_SCALE};
    }
    Cluster *clusters = g_new(Cluster, n + chars + 1);
    int cluster_count = 0;
    PangoGlyphItemIter iter;
    for (gboolean more = pango_glyph_item_iter_init_start(&iter, run, text); more;
         more = pango_glyph_item_iter_next_cluster(&iter)) {
        Cluster *cl = &clusters[cluster_count++];
        *cl = (Cluster){.first = rtl ? iter.end_glyph + 1 : iter.start_glyph,
                        .last = rtl ? iter.start_glyph : iter.end_glyph - 1,
                        .start = iter.start_index,
                        .end = iter.end_index};
        for (int i = cl->first; i <= cl->last; i++) {
            PangoGlyph glyph = string->glyphs[i].glyph;
            if (glyph & PANGO_GLYPH_UNKNOWN_FLAG)
                cl->missing = true;
            else if (glyph != PANGO_GLYPH_EMPTY)
                cl->drawn++;
        }
        if (cl->missing)
            show_missing(cr, scaled, x + (double)offset[cl->first] / PANGO_SCALE,
                         (double)(offset[cl->last + 1] - offset[cl->first]) / PANGO_SCALE, baseline);
    }

    Show show = {.glyphs = g_new(cairo_glyph_t, n + 2 * chars + 1),
                 .clusters = g_new(cairo_text_cluster_t, n + chars + 1),
                 .utf8 = g_malloc((size_t)run->item->length + 1)};
    /* A place: a cluster with width and the clusters of no width after it (the marks Pango shapes as clusters of
     * their own, drawn over their letter). A place with several characters in a right-to-left run, or with
     * characters nothing visible stands for, gets carriers. */
    for (int from = 0, to; from < cluster_count; from = to + 1) {
        to = from;
        while (to + 1 < cluster_count && offset[clusters[to + 1].last + 1] == offset[clusters[to + 1].first])
            to++;
        int kept = 0, drawn = 0, lo = n, hi = -1;
        bool missing = false;
        for (int c = from; c <= to; c++) {
            kept += kept_chars(text, clusters[c].start, clusters[c].end);
            drawn += clusters[c].drawn;
            missing |= clusters[c].missing;
            lo = clusters[c].first < lo ? clusters[c].first : lo;
            hi = clusters[c].last > hi ? clusters[c].last : hi;
        }
        bool carried = written && can_carry && kept > 0 && (missing || drawn == 0 || (rtl && kept > 1));
        add_ink(&show, string, placed, clusters, from, to, text, written && !carried, rtl);
        if (carried)
            add_carriers(&show, carrier, clusters, from, to, text, x + (double)offset[lo] / PANGO_SCALE,
                         (double)(offset[hi + 1] - offset[lo]) / PANGO_SCALE, baseline, rtl);
    }
    if (show.glyph_count > 0) {
        cairo_set_scaled_font(cr, scaled);
        cairo_show_text_glyphs(cr, show.utf8, show.used, show.glyphs, show.glyph_count, show.clusters,
                               show.cluster_count, 0);
    }
    g_free(show.utf8);
    g_free(show.clusters);
    g_free(show.glyphs);
    g_free(clusters);
    g_free(placed);
    g_free(offset);
}

typedef struct {
    PangoGlyphItem *run;
    double x;
} PlacedRun;

static int by_text_order(const void *a, const void *b)
{
    const PlacedRun *x = a, *y = b;
    return (x->run->item->offset > y->run->item->offset) - (x->run->item->offset < y->run->item->offset);
}

void doc_pdf_show_line(cairo_t *cr, PangoLayoutLine *line, double x, double baseline, bool written)
{
    const char *text = pango_layout_get_text(line->layout);
    int count = (int)g_slist_length(line->runs);
    PlacedRun *runs = g_new(PlacedRun, count + 1);
    int at = 0, i = 0; /* Pango units from the line's left edge */
    for (GSList *l = line->runs; l; l = l->next, i++) {
        runs[i] = (PlacedRun){l->data, x + (double)at / PANGO_SCALE};
        at += pango_glyph_string_get_width(runs[i].run->glyphs);
    }
    /* the runs are placed from the left; they are written in the order of the text, so that a reader going by the
     * order of the content (a tagged PDF's element) finds it as written */
    qsort(runs, (size_t)count, sizeof *runs, by_text_order);
    for (i = 0; i < count; i++)
        show_run(cr, text, runs[i].run, runs[i].x, baseline, written);
    g_free(runs);
}
