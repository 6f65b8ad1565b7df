#include "text/utf8.h"

#include <stdint.h>

bool text_utf8_valid(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (len - i <= need)
            return false;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += need + 1;
    }
    return true;
}

size_t text_utf8_length(const char *text, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            count++;
    return count;
}

bool text_has_control(const char *text, size_t len, bool allow_newlines)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c < 0x20 || c == 0x7F) {
            if (allow_newlines && (c == '\t' || c == '\n' || c == '\r'))
                continue;
            return true;
        }
        /* C1 controls are U+0080..U+009F: C2 80..C2 9F */
        if (c == 0xC2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
            return true;
    }
    return false;
}

uint32_t text_utf8_next(const char *text, size_t len, size_t *at)
{
    const unsigned char *s = (const unsigned char *)text;
    uint32_t c = s[*at];
    size_t extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
    for (size_t k = 1; k <= extra && *at + k < len; k++)
        c = (c << 6) | (s[*at + k] & 0x3F);
    *at += extra + 1;
    if (*at > len) /* a truncated sequence at the end: never step past the text */
        *at = len;
    return c;
}

/* Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 17), in order. */
static const struct {
    uint32_t first, last;
} default_ignorables[] = {
    {0x00AD, 0x00AD},   /* soft hyphen */
    {0x034F, 0x034F},   /* combining grapheme joiner */
    {0x061C, 0x061C},   /* Arabic letter mark */
    {0x115F, 0x1160},   /* Hangul choseong and jungseong fillers */
    {0x17B4, 0x17B5},   /* Khmer inherent vowels */
    {0x180B, 0x180F},   /* Mongolian variation selectors and vowel separator */
    {0x200B, 0x200F},   /* zero-width space, ZWNJ, ZWJ, LRM, RLM */
    {0x202A, 0x202E},   /* direction embeddings and overrides */
    {0x2060, 0x206F},   /* word joiner, invisible operators, isolates, deprecated format controls */
    {0x3164, 0x3164},   /* Hangul filler */
    {0xFE00, 0xFE0F},   /* variation selectors */
    {0xFEFF, 0xFEFF},   /* zero-width no-break space (byte-order mark) */
    {0xFFA0, 0xFFA0},   /* halfwidth Hangul filler */
    {0xFFF0, 0xFFF8},   /* unassigned specials */
    {0x1BCA0, 0x1BCA3}, /* shorthand format controls */
    {0x1D173, 0x1D17A}, /* musical formatting */
    {0xE0000, 0xE0FFF}, /* tags and variation selectors supplement */
};

bool text_default_ignorable(uint32_t c)
{
    for (size_t i = 0; i < sizeof default_ignorables / sizeof default_ignorables[0]; i++) {
        if (c < default_ignorables[i].first)
            return false;
        if (c <= default_ignorables[i].last)
            return true;
    }
    return false;
}

bool text_invisible_has_use(uint32_t c)
{
    return c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x2066 && c <= 0x2069);
}

bool text_has_stray_invisible(const char *text, size_t len)
{
    for (size_t at = 0; at < len;) {
        uint32_t c = text_utf8_next(text, len, &at);
        if (text_default_ignorable(c) && !text_invisible_has_use(c))
            return true;
    }
    return false;
}

/* Whether a code point is a combining mark of the blocks text is written in: Arabic (harakat, Quranic marks), the
 * combining diacritics of Latin and others, the marks for symbols and half marks. */
static bool combining(uint32_t c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489) || (c >= 0x0591 && c <= 0x05C7) ||
           (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
           (c >= 0x06D6 && c <= 0x06ED) || (c >= 0x08D3 && c <= 0x08FF) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) ||
           (c >= 0xFE00 && c <= 0xFE0F) || c == 0x200C || c == 0x200D;
}

size_t text_longest_mark_run(const char *text, size_t len)
{
    size_t longest = 0, run = 0;
    for (size_t at = 0; at < len;) {
        run = combining(text_utf8_next(text, len, &at)) ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    return longest;
}
