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
    const unsigned char *s = (const unsigned char *)text;
    size_t longest = 0, run = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = s[i];
        size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        if (i + n > len)
            break;
        uint32_t c = n == 1 ? b
                   : n == 2 ? ((uint32_t)(b & 0x1F) << 6) | (s[i + 1] & 0x3F)
                   : n == 3 ? ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F)
                            : ((uint32_t)(b & 0x07) << 18) | ((uint32_t)(s[i + 1] & 0x3F) << 12) |
                                  ((uint32_t)(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
        run = combining(c) ? run + 1 : 0;
        if (run > longest)
            longest = run;
        i += n;
    }
    return longest;
}
