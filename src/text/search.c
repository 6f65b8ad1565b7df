#include "text/search.h"

#include <string.h>

#include "text/arabic.h"

/* Folded prefixes that carry the article, longest first: وال بال كال فال لل ال. */
static const char *const article_prefixes[] = {
    "\xd9\x88\xd8\xa7\xd9\x84", "\xd8\xa8\xd8\xa7\xd9\x84", "\xd9\x83\xd8\xa7\xd9\x84", "\xd9\x81\xd8\xa7\xd9\x84",
    "\xd9\x84\xd9\x84",         "\xd8\xa7\xd9\x84",
};

/* Letters a word may be joined to in front: و ب ل ف ك. */
static bool joined_letter(const char *word)
{
    static const char *const letters[] = {"\xd9\x88", "\xd8\xa8", "\xd9\x84", "\xd9\x81", "\xd9\x83"};
    for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
        if (strncmp(word, letters[i], 2) == 0)
            return true;
    return false;
}

static size_t letters_in(const char *text)
{
    size_t n = 0;
    for (const char *c = text; *c; c++)
        n += ((unsigned char)*c & 0xC0) != 0x80;
    return n;
}

/* The length of the UTF-8 sequence that starts at c. */
static size_t sequence_length(const char *c)
{
    unsigned char b = (unsigned char)*c;
    size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    for (size_t i = 1; i < n; i++)
        if (!c[i])
            return i;
    return n;
}

const char *text_stem(const char *word)
{
    for (size_t i = 0; i < sizeof article_prefixes / sizeof article_prefixes[0]; i++) {
        size_t n = strlen(article_prefixes[i]);
        if (strncmp(word, article_prefixes[i], n) == 0 && letters_in(word + n) >= 3)
            return word + n;
    }
    return word;
}

/* The forms a folded word is found by: itself, its stem, and after a joined و or ف (وأمه → امه) the rest and its
 * stem. Returns how many (1 to 4), without repeats. */
static int word_forms(const char *word, const char *forms[4])
{
    int n = 0;
    forms[n++] = word;
    const char *stem = text_stem(word);
    if (stem != word)
        forms[n++] = stem;
    bool conjunction = strncmp(word, "\xd9\x88", 2) == 0 || strncmp(word, "\xd9\x81", 2) == 0;
    if (stem == word && conjunction && letters_in(word + 2) >= 3) {
        forms[n++] = word + 2;
        const char *inner = text_stem(word + 2);
        if (inner != word + 2)
            forms[n++] = inner;
    }
    return n;
}

char *text_search_body(Arena *arena, const char *text)
{
    char *folded = text_fold(arena, text, strlen(text));
    if (!folded)
        return NULL;
    size_t len = strlen(folded);
    char *out = arena_alloc(arena, len * 4 + 2);
    if (!out)
        return NULL;
    memcpy(out, folded, len);
    size_t used = len;
    for (char *word = folded; *word;) {
        char *end = strchr(word, ' ');
        size_t n = end ? (size_t)(end - word) : strlen(word);
        char saved = word[n];
        word[n] = '\0';
        const char *forms[4];
        int count = word_forms(word, forms);
        for (int i = 1; i < count; i++) {
            out[used++] = ' ';
            memcpy(out + used, forms[i], strlen(forms[i]));
            used += strlen(forms[i]);
        }
        word[n] = saved;
        word += n + (saved ? 1 : 0);
    }
    out[used] = '\0';
    return out;
}

int text_search_terms(Arena *arena, const char *query, char **terms, int max)
{
    char *folded = text_fold(arena, query, strlen(query));
    if (!folded)
        return 0;
    int count = 0;
    for (char *word = folded; *word && count < max;) {
        char *end = strchr(word, ' ');
        if (end)
            *end = '\0';
        terms[count++] = (char *)text_stem(word);
        word = end ? end + 1 : word + strlen(word);
    }
    return count;
}

bool text_search_matches(const char *word, char *const *terms, int count)
{
    const char *forms[4];
    int form_count = word_forms(word, forms);
    for (int i = 0; i < count; i++)
        for (int k = 0; k < form_count; k++)
            if (strncmp(forms[k], terms[i], strlen(terms[i])) == 0)
                return true;
    return false;
}

/* A word of a text as typed: where it starts and how long it is (runs of anything but white space). */
typedef struct {
    const char *start;
    size_t len;
} Span;

static bool white(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
}

static int split_words(Arena *arena, const char *text, Span **spans)
{
    int count = 0, capacity = 0;
    *spans = NULL;
    for (const char *c = text; *c;) {
        while (*c && white(*c))
            c++;
        if (!*c)
            break;
        const char *start = c;
        while (*c && !white(*c))
            c++;
        Span *grown = arena_grow(arena, *spans, count, &capacity, sizeof(Span));
        if (!grown)
            return -1;
        *spans = grown;
        (*spans)[count++] = (Span){start, (size_t)(c - start)};
    }
    return count;
}

/* Whether some folded piece of a word as typed matches (a word with punctuation inside folds to several). */
static bool span_matches(Arena *arena, Span span, char *const *terms, int count)
{
    char *folded = text_fold(arena, span.start, span.len);
    if (!folded)
        return false;
    for (char *piece = folded; *piece;) {
        char *end = strchr(piece, ' ');
        if (end)
            *end = '\0';
        if (*piece && text_search_matches(piece, terms, count))
            return true;
        piece = end ? end + 1 : piece + strlen(piece);
    }
    return false;
}

int text_snippet(Arena *arena, const char *body, char *const *terms, int term_count, int before, int after,
                 TextPart **parts)
{
    Span *spans;
    int n = split_words(arena, body, &spans);
    if (n < 0)
        return -1;
    int first = -1;
    for (int i = 0; i < n && first < 0; i++)
        if (term_count > 0 && span_matches(arena, spans[i], terms, term_count))
            first = i;
    int from = first < 0 ? 0 : first > before ? first - before : 0;
    int to = first < 0 ? (n < before + after ? n : before + after) : (first + after + 1 < n ? first + after + 1 : n);
    *parts = arena_calloc(arena, (size_t)(to - from) * 2 + 1, sizeof(TextPart));
    if (!*parts)
        return -1;
    int count = 0;
    bool previous_match = false;
    for (int i = from; i < to;) {
        bool match = first >= 0 && i >= first && span_matches(arena, spans[i], terms, term_count);
        int j = i + 1;
        while (!match && j < to && !(j >= first && first >= 0 && span_matches(arena, spans[j], terms, term_count)))
            j++;
        /* the space between two parts goes with the one that is not a match (its own part between two matches), so
         * that the parts put together read as the text */
        if (match && previous_match)
            (*parts)[count++] = (TextPart){" ", false};
        const char *start = spans[i].start;
        const char *end = spans[j - 1].start + spans[j - 1].len;
        bool cut_before = i == from && from > 0, cut_after = j == to && to < n;
        bool space_before = !match && i > from, space_after = !match && j < to;
        char *text = arena_printf(arena, "%s%s%.*s%s%s", cut_before ? "… " : "", space_before ? " " : "",
                                  (int)(end - start), start, space_after ? " " : "", cut_after ? " …" : "");
        if (!text)
            return -1;
        (*parts)[count++] = (TextPart){text, match};
        previous_match = match;
        i = j;
    }
    return count;
}

/* Punctuation that may stand around a name: ASCII, the Arabic comma, semicolon and question mark, guillemets. */
static bool punctuation(const char *c, size_t *len)
{
    static const char *const marks[] = {"\xd8\x8c", "\xd8\x9b", "\xd8\x9f", "\xc2\xab", "\xc2\xbb"};
    if (strchr(".,;:!?()[]\"'-", *c) && *c) {
        *len = 1;
        return true;
    }
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (strncmp(c, marks[i], 2) == 0) {
            *len = 2;
            return true;
        }
    return false;
}

/* A word as typed without the punctuation around it: [*start, *end). */
static void trim_punctuation(Span span, const char **start, const char **end)
{
    *start = span.start;
    *end = span.start + span.len;
    size_t n;
    while (*start < *end && punctuation(*start, &n))
        *start += n;
    /* from the back: step over marks of one or two bytes */
    for (bool more = true; more && *end > *start;) {
        more = false;
        if (*end - *start >= 2 && punctuation(*end - 2, &n) && n == 2) {
            *end -= 2;
            more = true;
        } else if (punctuation(*end - 1, &n) && n == 1) {
            *end -= 1;
            more = true;
        }
    }
}

/* Whether the folded word is the folded name part, alone or with one or two letters joined in front (ومحمد،
 * ولمحمد); *joined: how many bytes those letters take. */
static bool word_is(const char *word, const char *part, size_t *joined)
{
    *joined = 0;
    for (size_t k = 0; k <= 4; k += 2) {
        if (k && !joined_letter(word + k - 2))
            return false;
        if (strcmp(word + k, part) == 0) {
            *joined = k;
            return true;
        }
    }
    return false;
}

char *text_redact_names(Arena *arena, const char *body, const char *const *names, int name_count)
{
    size_t len = strlen(body);
    Span *spans;
    int n = split_words(arena, body, &spans);
    char *out = arena_alloc(arena, len + 1);
    if (n < 0 || !out)
        return NULL;
    /* each word folded, without its punctuation */
    char **folded = arena_calloc(arena, (size_t)n + 1, sizeof(char *));
    if (!folded)
        return NULL;
    for (int i = 0; i < n; i++) {
        const char *s, *e;
        trim_punctuation(spans[i], &s, &e);
        if (!(folded[i] = text_fold(arena, s, (size_t)(e - s))))
            return NULL;
    }
    /* the names' words, folded */
    char *parts[64][4];
    int part_words[64];
    int part_count = 0;
    for (int k = 0; k < name_count && part_count < 64; k++) {
        if (!names[k])
            continue;
        char *name = text_fold(arena, names[k], strlen(names[k]));
        if (!name || letters_in(name) < 2)
            continue;
        int words = 0;
        for (char *w = name; *w && words < 4;) {
            char *end = strchr(w, ' ');
            if (end)
                *end = '\0';
            parts[part_count][words++] = w;
            w = end ? end + 1 : w + strlen(w);
        }
        part_words[part_count++] = words;
    }
    size_t used = 0;
    const char *copied = body; /* what is written up to */
    for (int i = 0; i < n; i++) {
        int matched = 0;
        size_t joined = 0;
        for (int p = 0; p < part_count && !matched; p++) {
            int words = part_words[p];
            if (i + words > n)
                continue;
            bool ok = word_is(folded[i], parts[p][0], &joined);
            for (int w = 1; ok && w < words; w++)
                ok = strcmp(folded[i + w], parts[p][w]) == 0;
            if (ok)
                matched = words;
        }
        if (!matched)
            continue;
        const char *s, *e, *last_s, *last_e;
        trim_punctuation(spans[i], &s, &e);
        trim_punctuation(spans[i + matched - 1], &last_s, &last_e);
        /* everything before the name as typed, the joined letter, the initial (after an article), a dot */
        memcpy(out + used, copied, (size_t)(s - copied));
        used += (size_t)(s - copied);
        /* the joined letters as typed (each one letter, with any mark it carries) */
        for (size_t letters = joined / 2; letters > 0 && s < e; letters--) {
            size_t k = sequence_length(s);
            while (s + k < e && ((unsigned char)s[k] == 0xD9 && (unsigned char)s[k + 1] >= 0x8B &&
                                 (unsigned char)s[k + 1] <= 0x92))
                k += 2; /* a diacritic after the letter */
            memcpy(out + used, s, k);
            used += k;
            s += k;
        }
        if (e - s > 4 && strncmp(s, "\xd8\xa7\xd9\x84", 4) == 0 && letters_in(folded[i]) > 4)
            s += 4;
        size_t k = sequence_length(s);
        memcpy(out + used, s, k);
        used += k;
        out[used++] = '.';
        copied = last_e;
        i += matched - 1;
    }
    memcpy(out + used, copied, strlen(copied));
    used += strlen(copied);
    out[used] = '\0';
    return out;
}
