/* Arabic-aware text for matching. Names are stored exactly as typed; these make the separate keys that
 * search compares: folded letters, ASCII digits, compound names joined. */
#ifndef TAKAMUL_TEXT_ARABIC_H
#define TAKAMUL_TEXT_ARABIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

/* Folds valid UTF-8 for comparison: drops tatweel, diacritics and every default-ignorable code point (joiners,
 * direction controls, fillers, variation selectors, tags: text_default_ignorable); maps presentation forms to
 * letters, hamza forms of alef to alef, ى to ي, ة to ه, ؤ to و, ئ to ي, Persian ک/ی to ك/ي; drops a lone hamza;
 * turns Arabic-Indic digits into ASCII, Latin to lower case, and every run of spaces and punctuation into one
 * space, trimmed. Returns the folded text in the arena (NULL when memory runs out). */
char *text_fold(Arena *arena, const char *text, size_t len);

/* Whether text_fold drops a code point inside a word: a diacritic, tatweel, a lone hamza, a default-ignorable. */
bool text_fold_drops(uint32_t c);

/* The next word of valid UTF-8 text from *at on: a run of what text_fold keeps or drops inside a word (letters,
 * digits, marks), past what it turns into a space (white space, punctuation). Sets *start and *word_len (bytes) and
 * moves *at past the word; false when no word is left. */
bool text_next_word(const char *text, size_t len, size_t *at, size_t *start, size_t *word_len);

/* Splits folded text into name tokens, joining what is one name written apart: عبد + next (عبد الله →
 * عبدالله), ابو/ام + next (ابو بكر → ابوبكر), بني/بنو/آل + next (بني هاني → بنيهاني), and a following الدين or
 * الله onto the previous token (عز الدين → عزالدين); the connectors بن, بنت and ابن are dropped. Tokens are in the arena;
 * returns how many (at most max). */
int text_name_tokens(Arena *arena, const char *folded, char **tokens, int max);

/* The token without a leading article ال, when what remains has at least 3 letters; else the token itself
 * (borrowed: points into it). */
const char *text_without_article(const char *token);

/* Whether a folded name token (compounds joined: عبدالله) is a given name in common use, from a built-in list:
 * two such names a letter apart (محمد, محمود) are different names, not a slip, even in a registry too small to
 * show that both are common. */
bool text_common_name(const char *token);

/* A person's full name as it is written, first, father, grandfather, family, the parts there are joined by one space
 * (any may be NULL or empty); cut to fit size. The one composer of full names. */
void text_full_name(const char *first, const char *father, const char *grandfather, const char *family, char *out,
                    size_t size);

/* Copies text with Arabic-Indic and Persian digits turned into ASCII ones (into the arena). */
char *text_ascii_digits(Arena *arena, const char *text);

/* Whether valid UTF-8 text is a name part: letters of any script with their marks, spaces, and the usual
 * joiners (- ' ’ . and the zero-width joiners); at least one letter. */
bool text_name_valid(const char *text, size_t len);

#endif
