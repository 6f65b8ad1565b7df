/* UTF-8 checks. Text is stored exactly as typed; these only judge it. */
#ifndef TAKAMUL_TEXT_UTF8_H
#define TAKAMUL_TEXT_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when the len bytes are well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
bool text_utf8_valid(const char *text, size_t len);
/* Number of code points in valid UTF-8 text. */
size_t text_utf8_length(const char *text, size_t len);
/* True when the text holds a control character (C0, DEL or C1) other than the ones allowed:
 * allow_newlines permits tab, CR and LF. */
bool text_has_control(const char *text, size_t len, bool allow_newlines);

/* The longest run of combining marks (diacritics and the like, joiners, variation selectors) in valid UTF-8 text:
 * a letter carries a few (شدّة with a فتحة), never dozens. */
size_t text_longest_mark_run(const char *text, size_t len);

#endif
