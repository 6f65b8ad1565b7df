/* UTF-8 checks. Text is stored exactly as typed; these only judge it. */
#ifndef TAKAMUL_TEXT_UTF8_H
#define TAKAMUL_TEXT_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when the len bytes are well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
bool text_utf8_valid(const char *text, size_t len);
/* Number of code points in valid UTF-8 text. */
size_t text_utf8_length(const char *text, size_t len);
/* True when the text holds a control character (C0, DEL or C1) other than the ones allowed:
 * allow_newlines permits tab, CR and LF. */
bool text_has_control(const char *text, size_t len, bool allow_newlines);

/* Reads the code point of valid UTF-8 text at *at and moves *at past it (never past len). */
uint32_t text_utf8_next(const char *text, size_t len, size_t *at);

/* Whether a code point is default-ignorable (Unicode's Default_Ignorable_Code_Point, as of Unicode 17): the joiners,
 * direction controls, fillers, variation selectors and tags that text layout draws as nothing. The one list that
 * folding drops (text_fold) and that input is checked against (text_has_stray_invisible). */
bool text_default_ignorable(uint32_t c);

/* Whether a default-ignorable code point has a use in Arabic or mixed-direction text: ZWNJ and ZWJ (how letters
 * join), LRM, RLM and ALM (the direction of what is next to them), and the direction isolates U+2066–U+2069. */
bool text_invisible_has_use(uint32_t c);

/* Whether valid UTF-8 text holds a default-ignorable code point without such a use. */
bool text_has_stray_invisible(const char *text, size_t len);

/* The longest run of combining marks (diacritics and the like, joiners, variation selectors) in valid UTF-8 text:
 * a letter carries a few (شدّة with a فتحة), never dozens. */
size_t text_longest_mark_run(const char *text, size_t len);

#endif
