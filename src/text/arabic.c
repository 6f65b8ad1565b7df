#include "text/arabic.h"

#include <stdint.h>
#include <string.h>

#include "text/utf8.h"

static size_t put_code_point(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Arabic Presentation Forms-B, U+FE80..U+FEFC: each base letter's forms in order (isolated, final, and for
 * joining letters initial and medial). */
static const struct {
    uint16_t base;
    uint8_t forms;
} forms_b[] = {
    {0x0621, 1}, {0x0622, 2}, {0x0623, 2}, {0x0624, 2}, {0x0625, 2}, {0x0626, 4}, {0x0627, 2}, {0x0628, 4}, {0x0629, 2},
    {0x062A, 4}, {0x062B, 4}, {0x062C, 4}, {0x062D, 4}, {0x062E, 4}, {0x062F, 2}, {0x0630, 2}, {0x0631, 2}, {0x0632, 2},
    {0x0633, 4}, {0x0634, 4}, {0x0635, 4}, {0x0636, 4}, {0x0637, 4}, {0x0638, 4}, {0x0639, 4}, {0x063A, 4}, {0x0641, 4},
    {0x0642, 4}, {0x0643, 4}, {0x0644, 4}, {0x0645, 4}, {0x0646, 4}, {0x0647, 4}, {0x0648, 2}, {0x0649, 2}, {0x064A, 4},
};

/* The letters of a presentation form into out; returns how many (0: c is no presentation form). */
static int presentation_letters(uint32_t c, uint32_t out[4])
{
    if (c >= 0xFEF5 && c <= 0xFEFC) { /* lam with alef (and its hamza and madda forms) */
        out[0] = 0x0644;
        out[1] = 0x0627;
        return 2;
    }
    if (c == 0xFDF2) { /* the ligature of the word Allah */
        out[0] = 0x0627, out[1] = 0x0644, out[2] = 0x0644, out[3] = 0x0647;
        return 4;
    }
    if (c >= 0xFE80 && c <= 0xFEF4) {
        uint32_t at = 0xFE80;
        for (size_t i = 0; i < sizeof forms_b / sizeof forms_b[0]; i++) {
            if (c < at + forms_b[i].forms) {
                out[0] = forms_b[i].base;
                return 1;
            }
            at += forms_b[i].forms;
        }
    }
    switch (c) {
    case 0xFB8E:
    case 0xFB8F:
    case 0xFB90:
    case 0xFB91: out[0] = 0x0643; return 1; /* keheh */
    case 0xFBFC:
    case 0xFBFD:
    case 0xFBFE:
    case 0xFBFF: out[0] = 0x064A; return 1; /* Farsi yeh */
    case 0xFBE8:
    case 0xFBE9: out[0] = 0x0649; return 1;
    }
    return 0;
}

/* What a code point folds to: 0 drops it, ' ' separates, anything else is kept as that code point. */
static uint32_t fold_code_point(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return c;
    if (c >= 0x0660 && c <= 0x0669)
        return '0' + (c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9)
        return '0' + (c - 0x06F0);
    switch (c) {
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:
    case 0x0672:
    case 0x0673: return 0x0627;
    case 0x0649:
    case 0x0626:
    case 0x06CC:
    case 0x06D0: return 0x064A;
    case 0x0629:
    case 0x06C1:
    case 0x06D5: return 0x0647;
    case 0x0624: return 0x0648;
    case 0x06A9: return 0x0643;
    case 0x0621: return 0; /* a lone hamza is written or left out at will: علاء / علا */
    case 0x0640: return 0; /* tatweel */
    }
    if (text_default_ignorable(c))
        return 0; /* drawn as nothing: joiners, direction controls, fillers, variation selectors, tags */
    if (c >= 0xFE70 && c <= 0xFE7F)
        return 0; /* presentation forms of the diacritics */
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED) || (c >= 0x0610 && c <= 0x061A))
        return 0; /* diacritics and Quranic marks */
    if (c < 0x80)
        return ' '; /* ASCII space, punctuation and controls separate words */
    if (c == 0x060C || c == 0x061B || c == 0x061F || c == 0x066A || c == 0x066B || c == 0x066C || c == 0x066D ||
        c == 0x06D4 || (c >= 0x00A0 && c <= 0x00BF) || c == 0x00D7 || c == 0x00F7 || (c >= 0x2000 && c <= 0x200A) ||
        (c >= 0x2010 && c <= 0x2029) || (c >= 0x202F && c <= 0x205F) || c == 0x3000 || c == 0xFD3E || c == 0xFD3F)
        return ' '; /* spaces and punctuation: Arabic, Latin-1 (« » ¿ …), general (“ ” … ‹ ›), ornate parentheses */
    return c;
}

bool text_fold_drops(uint32_t c)
{
    uint32_t letters[4];
    return presentation_letters(c, letters) == 0 && fold_code_point(c) == 0;
}

bool text_next_word(const char *text, size_t len, size_t *at, size_t *start, size_t *word_len)
{
    /* a code point separates words when folding turns it into a space (and it is no presentation form) */
    size_t begin = *at;
    bool in_word = false;
    while (*at < len) {
        size_t here = *at;
        uint32_t c = text_utf8_next(text, len, at);
        uint32_t letters[4];
        bool separator = presentation_letters(c, letters) == 0 && fold_code_point(c) == ' ';
        if (!in_word && !separator) {
            in_word = true;
            begin = here;
        } else if (in_word && separator) {
            *at = here;
            break;
        }
    }
    if (!in_word)
        return false;
    *start = begin;
    *word_len = *at - begin;
    return true;
}

char *text_fold(Arena *arena, const char *text, size_t len)
{
    /* Folding never makes text longer than three times its size (a ligature of 3 bytes becomes 8). */
    char *out = arena_alloc(arena, len * 3 + 1);
    if (!out)
        return NULL;
    size_t at = 0, used = 0;
    bool pending_space = false;
    while (at < len) {
        uint32_t c = text_utf8_next(text, len, &at);
        uint32_t letters[4];
        int count = presentation_letters(c, letters);
        if (count == 0)
            letters[count++] = c;
        for (int i = 0; i < count; i++) {
            uint32_t folded = fold_code_point(letters[i]);
            if (folded == 0)
                continue;
            if (folded == ' ') {
                pending_space = used > 0;
                continue;
            }
            if (pending_space) {
                out[used++] = ' ';
                pending_space = false;
            }
            used += put_code_point(out + used, folded);
        }
    }
    out[used] = '\0';
    return out;
}

/* UTF-8 of the folded Arabic words the compound rules look for. */
#define AR_ABD "\xd8\xb9\xd8\xa8\xd8\xaf"                 /* عبد */
#define AR_ABU "\xd8\xa7\xd8\xa8\xd9\x88"                 /* ابو */
#define AR_UMM "\xd8\xa7\xd9\x85"                         /* ام */
#define AR_DIN "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x8a\xd9\x86" /* الدين */
#define AR_ALLAH "\xd8\xa7\xd9\x84\xd9\x84\xd9\x87"       /* الله */
#define AR_BIN "\xd8\xa8\xd9\x86"                         /* بن */
#define AR_BINT "\xd8\xa8\xd9\x86\xd8\xaa"                /* بنت */
#define AR_IBN "\xd8\xa7\xd8\xa8\xd9\x86"                 /* ابن */
#define AR_ARTICLE "\xd8\xa7\xd9\x84"                     /* ال */
#define AR_BANI "\xd8\xa8\xd9\x86\xd9\x8a"                /* بني (folded بنى) */
#define AR_BANU "\xd8\xa8\xd9\x86\xd9\x88"                /* بنو */

int text_name_tokens(Arena *arena, const char *folded, char **tokens, int max)
{
    char *words[64];
    int count = 0;
    char *copy = arena_strdup(arena, folded);
    if (!copy)
        return 0;
    for (char *save = NULL, *word = strtok_r(copy, " ", &save); word && count < 64; word = strtok_r(NULL, " ", &save))
        words[count++] = word;
    int out = 0;
    for (int i = 0; i < count && out < max; i++) {
        const char *word = words[i];
        if (strcmp(word, AR_BIN) == 0 || strcmp(word, AR_BINT) == 0 || strcmp(word, AR_IBN) == 0)
            continue;
        /* عبد, ابو and ام begin a compound name; بني, بنو and آل (folded ال) a family name: بني حسن */
        bool prefix = strcmp(word, AR_ABD) == 0 || strcmp(word, AR_ABU) == 0 || strcmp(word, AR_UMM) == 0 ||
                      strcmp(word, AR_BANI) == 0 || strcmp(word, AR_BANU) == 0 || strcmp(word, AR_ARTICLE) == 0;
        if (prefix && i + 1 < count) {
            tokens[out++] = arena_printf(arena, "%s%s", word, words[++i]);
            continue;
        }
        bool suffix = strcmp(word, AR_DIN) == 0 || strcmp(word, AR_ALLAH) == 0;
        if (suffix && out > 0) {
            tokens[out - 1] = arena_printf(arena, "%s%s", tokens[out - 1], word);
            continue;
        }
        tokens[out++] = (char *)word;
    }
    return out;
}

const char *text_without_article(const char *token)
{
    size_t article = sizeof AR_ARTICLE - 1;
    if (strncmp(token, AR_ARTICLE, article) != 0)
        return token;
    const char *rest = token + article;
    /* at least three letters left: الحمود → حمود, but الي stays */
    size_t letters = 0;
    for (const char *c = rest; *c; c++)
        letters += ((unsigned char)*c & 0xC0) != 0x80;
    return letters >= 3 ? rest : token;
}

char *text_ascii_digits(Arena *arena, const char *text)
{
    size_t len = strlen(text);
    char *out = arena_alloc(arena, len + 1);
    if (!out)
        return NULL;
    size_t at = 0, used = 0;
    while (at < len) {
        size_t start = at;
        uint32_t c = text_utf8_next(text, len, &at);
        if (c >= 0x0660 && c <= 0x0669)
            out[used++] = (char)('0' + (c - 0x0660));
        else if (c >= 0x06F0 && c <= 0x06F9)
            out[used++] = (char)('0' + (c - 0x06F0));
        else {
            memcpy(out + used, text + start, at - start);
            used += at - start;
        }
    }
    out[used] = '\0';
    return out;
}

static bool is_letter(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
           (c >= 0x0621 && c <= 0x064A) || (c >= 0x0671 && c <= 0x06D3) || c == 0x06D5 ||
           (c >= 0x06FA && c <= 0x06FC) || (c >= 0x0750 && c <= 0x077F) || (c >= 0xFB50 && c <= 0xFDFB) ||
           (c >= 0xFE70 && c <= 0xFEFC);
}

static bool is_mark(uint32_t c)
{
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 || (c >= 0x0300 && c <= 0x036F);
}

bool text_name_valid(const char *text, size_t len)
{
    size_t at = 0;
    bool letter = false;
    while (at < len) {
        uint32_t c = text_utf8_next(text, len, &at);
        if (text_default_ignorable(c) && c != 0x200C && c != 0x200D)
            return false; /* drawn as nothing (U+034F would otherwise pass as a mark) */
        if (is_letter(c)) {
            letter = true;
            continue;
        }
        if (is_mark(c) || c == ' ' || c == '-' || c == '\'' || c == 0x2019 || c == '.' || c == 0x200C || c == 0x200D)
            continue;
        return false;
    }
    return letter;
}
