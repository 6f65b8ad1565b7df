#include "text/match.h"

#include <pthread.h>
#include <stdbool.h>

int text_code_points(const char *text, uint32_t *out, int max)
{
    const unsigned char *s = (const unsigned char *)text;
    int count = 0;
    size_t i = 0;
    while (s[i] && count < max) {
        uint32_t c = s[i];
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
        for (int k = 1; k <= extra && s[i + (size_t)k]; k++)
            c = (c << 6) | (s[i + (size_t)k] & 0x3F);
        out[count++] = c;
        for (int k = 0; k <= extra && s[i]; k++)
            i++;
    }
    return count;
}

/* Letters that share a skeleton and differ only in dots, as folded text writes them: a group a string. */
static const char *const dot_groups[] = {"بتثني", "جحخ", "دذ", "رز", "سش", "صض", "طظ", "عغ", "فق", "هة"};

/* The Arabic (101) keyboard by rows, for neighbouring keys. */
static const uint32_t keyboard_rows[3][12] = {
    {0x0636, 0x0635, 0x062B, 0x0642, 0x0641, 0x063A, 0x0639, 0x0647, 0x062E, 0x062D, 0x062C, 0x062F},
    {0x0634, 0x0633, 0x064A, 0x0628, 0x0644, 0x0627, 0x062A, 0x0646, 0x0645, 0x0643, 0x0637, 0},
    {0x0626, 0x0621, 0x0624, 0x0631, 0x0644, 0x0649, 0x0629, 0x0648, 0x0632, 0x0638, 0, 0},
};

/* Folded text has lost which key a letter was typed with: ا may have been أ (shift and the key of ا), إ (shift
 * and the key of غ) or آ (shift and the key of ى); ي may have been ى or ئ; و may have been ؤ; ه may have been ة.
 * Each letter's keys, as (row, column), at most four. */
static int letter_keys(uint32_t c, int keys[4][2])
{
    static const struct {
        uint32_t letter;
        int row, col;
    } folded[] = {
        {0x0627, 0, 5}, {0x0627, 2, 5}, /* ا: إ on غ's key, آ on ى's key */
        {0x064A, 2, 5}, {0x064A, 2, 0}, /* ي: ى, ئ */
        {0x0648, 2, 2},                 /* و: ؤ */
        {0x0647, 2, 6},                 /* ه: ة */
    };
    int n = 0;
    for (int row = 0; row < 3; row++)
        for (int col = 0; col < 12; col++)
            if (keyboard_rows[row][col] == c && n < 4) {
                keys[n][0] = row;
                keys[n++][1] = col;
            }
    for (size_t i = 0; i < sizeof folded / sizeof folded[0]; i++)
        if (folded[i].letter == c && n < 4) {
            keys[n][0] = folded[i].row;
            keys[n++][1] = folded[i].col;
        }
    return n;
}

/* Two letters typed on neighbouring keys, or on the same key with and without shift. */
static bool keys_touch(uint32_t a, uint32_t b)
{
    int ka[4][2], kb[4][2];
    int na = letter_keys(a, ka), nb = letter_keys(b, kb);
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++) {
            int dr = ka[i][0] - kb[j][0], dc = ka[i][1] - kb[j][1];
            if (dr >= -1 && dr <= 1 && dc >= -1 && dc <= 1)
                return true;
        }
    return false;
}

/* For the Arabic letters U+0621..U+064A, worked out once: keys_touch as a bit for each pair, and the dot group of
 * each letter (its place in dot_groups plus one; 0 for none). */
enum { LETTER_FIRST = 0x0621, LETTER_COUNT = 0x064A - 0x0621 + 1 };
static uint64_t touching[LETTER_COUNT];
static uint8_t dot_group_of[LETTER_COUNT];
static pthread_once_t letters_once = PTHREAD_ONCE_INIT;

static void letters_build(void)
{
    for (int i = 0; i < LETTER_COUNT; i++)
        for (int j = 0; j < LETTER_COUNT; j++)
            if (keys_touch(LETTER_FIRST + (uint32_t)i, LETTER_FIRST + (uint32_t)j))
                touching[i] |= (uint64_t)1 << j;
    for (size_t g = 0; g < sizeof dot_groups / sizeof dot_groups[0]; g++) {
        uint32_t letters[8];
        int count = text_code_points(dot_groups[g], letters, 8);
        for (int k = 0; k < count; k++)
            dot_group_of[letters[k] - LETTER_FIRST] = (uint8_t)(g + 1);
    }
}

/* The letter's place in the tables above, or -1 for a code point that is not one of those letters. */
static int letter_index(uint32_t c)
{
    if (c < LETTER_FIRST || c >= LETTER_FIRST + LETTER_COUNT)
        return -1;
    pthread_once(&letters_once, letters_build);
    return (int)(c - LETTER_FIRST);
}

static bool keyboard_neighbours(uint32_t a, uint32_t b)
{
    int i = letter_index(a), j = letter_index(b);
    return i >= 0 && j >= 0 && ((touching[i] >> j) & 1);
}

static int dot_group(uint32_t c)
{
    int i = letter_index(c);
    return i >= 0 ? dot_group_of[i] : 0;
}

static float substitution_cost(uint32_t a, uint32_t b)
{
    if (a == b)
        return 0;
    int group = dot_group(a);
    if (group && group == dot_group(b))
        return 0.4f;
    if (keyboard_neighbours(a, b))
        return 0.6f;
    return 1.0f;
}

/* Dropping or adding letter at position i of s costs less when it doubles a neighbour. */
static float indel_cost(const uint32_t *s, int len, int i)
{
    if ((i > 0 && s[i - 1] == s[i]) || (i + 1 < len && s[i + 1] == s[i]))
        return 0.4f;
    return 0.8f;
}

static float min3(float a, float b, float c)
{
    float m = a < b ? a : b;
    return m < c ? m : c;
}

float text_token_distance(const uint32_t *a, int a_len, const uint32_t *b, int b_len, float limit)
{
    if (a_len > MATCH_MAX_LETTERS)
        a_len = MATCH_MAX_LETTERS;
    if (b_len > MATCH_MAX_LETTERS)
        b_len = MATCH_MAX_LETTERS;
    int gap = a_len > b_len ? a_len - b_len : b_len - a_len;
    if (gap * 0.4f > limit)
        return limit + 1;
    float rows[3][MATCH_MAX_LETTERS + 1];
    float *before = rows[0], *previous = rows[1], *current = rows[2];
    previous[0] = 0;
    for (int j = 1; j <= b_len; j++)
        previous[j] = previous[j - 1] + indel_cost(b, b_len, j - 1);
    for (int i = 1; i <= a_len; i++) {
        current[0] = previous[0] + indel_cost(a, a_len, i - 1);
        float best = current[0];
        for (int j = 1; j <= b_len; j++) {
            float cost = min3(previous[j] + indel_cost(a, a_len, i - 1), current[j - 1] + indel_cost(b, b_len, j - 1),
                              previous[j - 1] + substitution_cost(a[i - 1], b[j - 1]));
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && a[i - 1] != a[i - 2] &&
                before[j - 2] + 0.6f < cost)
                cost = before[j - 2] + 0.6f;
            current[j] = cost;
            if (cost < best)
                best = cost;
        }
        if (best > limit)
            return limit + 1;
        float *spare = before;
        before = previous;
        previous = current;
        current = spare;
    }
    return previous[b_len];
}

float text_typo_allowance(int letters)
{
    if (letters <= 2)
        return 0.0f;
    if (letters <= 3)
        return 0.6f;
    if (letters <= 5)
        return 0.8f; /* one dropped or added letter, or a slip of dots or keys; not a different letter */
    return 1.8f;
}
