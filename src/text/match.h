/* Comparing folded name tokens: a weighted edit distance that knows Arabic's dot and keyboard slips. */
#ifndef TAKAMUL_TEXT_MATCH_H
#define TAKAMUL_TEXT_MATCH_H

#include <stddef.h>
#include <stdint.h>

enum { MATCH_MAX_LETTERS = 32 };

/* Decodes valid UTF-8 into code points (at most max); returns how many. */
int text_code_points(const char *text, uint32_t *out, int max);

/* The cost of turning a into b: substituting a letter for one that differs only in its dots (ب/ت/ث/ن/ي,
 * ج/ح/خ, د/ذ, ر/ز, س/ش, ص/ض, ط/ظ, ع/غ, ف/ق) costs 0.4, for a neighbour on the Arabic keyboard 0.6, otherwise 1;
 * dropping or doubling a letter next to the same letter 0.4, other insertions and deletions 0.8, swapping two
 * neighbours 0.6. Stops early and returns a value above limit once the cost must exceed it. */
float text_token_distance(const uint32_t *a, int a_len, const uint32_t *b, int b_len, float limit);

/* The most a token of this many letters may differ and still be taken for a slip: shorter names allow less. */
float text_typo_allowance(int letters);

#endif
