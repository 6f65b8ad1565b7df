/* Search over free text in Arabic, and names withheld from it. Words are compared folded (text_fold: diacritics,
 * hamza forms of alef, ة/ه, ى/ي and the rest), with a light stem: a leading article, alone or after و ب ك ف
 * (وال، بال …) or as لل, is taken off when three letters remain; so is a joined و or ف before a word of three
 * letters or more. A query's words match as prefixes of a word or of these forms of it, so مدرسة finds المدرسة،
 * بالمدرسة and مدرستها, and امه finds وأمه. */
#ifndef TAKAMUL_TEXT_SEARCH_H
#define TAKAMUL_TEXT_SEARCH_H

#include <stdbool.h>

#include "base/arena.h"

/* The stem of a folded word (borrowed: points into it). */
const char *text_stem(const char *folded_word);

/* What to index for a text: its folded words, then their other forms (NULL when memory runs out). */
char *text_search_body(Arena *arena, const char *text);

/* The terms of a query: its folded words, stemmed, at most max (words past it are dropped); returns how many. */
int text_search_terms(Arena *arena, const char *query, char **terms, int max);

/* Whether a folded word, or one of its other forms, begins with one of the terms. */
bool text_search_matches(const char *folded_word, char *const *terms, int count);

typedef struct {
    const char *text;
    bool match;
} TextPart;

/* The words of body around its first match of the terms: up to `before` words before it and `after` after it, as
 * parts that alternate runs of words with words that match; put together they read as the text (a space where it
 * had white space, in the part that is not a match), and "…" marks a cut end. With no match, the opening words.
 * Returns the number of parts in *parts (in the arena), or -1 when memory runs out. */
int text_snippet(Arena *arena, const char *body, char *const *terms, int term_count, int before, int after,
                 TextPart **parts);

/* body with every word, or run of words, that spells one of the names (folded; a name of several words matches
 * them in a row; a و ب ل ف or ك joined before it is kept) replaced by its first letter and a dot: أحمد → أ.
 * Invisible characters inside the name go with it (but direction controls, which stay); one that joins a name to
 * the next word counts as a space. Punctuation around the name stays. NULL when memory runs out. */
char *text_redact_names(Arena *arena, const char *body, const char *const *names, int name_count);

/* A person whose name a text withholds: the parts of her name (first, father's, grandfather's, family, and further
 * words such as a Latin name's; NULL where unknown) and what the text says in its place. */
enum { TEXT_PERSON_PARTS = 8 };
typedef struct {
    const char *parts[TEXT_PERSON_PARTS];
    const char *label; /* "الأم": a mention of her (her first name and the parts of her name that follow it) becomes
                        * this, after the joined letters it had; NULL: her name parts become their initials */
} TextPerson;

/* body with the persons withheld: a mention of a person by name, beginning with her first name, becomes her label;
 * any other word that spells a part of someone's name (a family name alone, a father's name) becomes its initial,
 * as text_redact_names does. A first name two persons of different labels share, mentioned alike, names neither:
 * it becomes its initial. NULL when memory runs out. */
char *text_redact_persons(Arena *arena, const char *body, const TextPerson *persons, int person_count);

#endif
