#include "text/search.h"

#include <string.h>

#include "base/buf.h"
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

/* A word of a text as typed (text_next_word) and its folded form. */
typedef struct {
    size_t start, len;
    char *folded;
} Word;

static int words_of(Arena *arena, const char *text, Word **words)
{
    size_t len = strlen(text), at = 0, start, n;
    int count = 0, capacity = 0;
    *words = NULL;
    while (text_next_word(text, len, &at, &start, &n)) {
        char *folded = text_fold(arena, text + start, n);
        if (!folded)
            return -1;
        if (!*folded)
            continue; /* marks alone */
        Word *grown = arena_grow(arena, *words, count, &capacity, sizeof(Word));
        if (!grown)
            return -1;
        *words = grown;
        (*words)[count++] = (Word){start, n, folded};
    }
    return count;
}

/* A name to withhold: its words folded and put together (عبد الله and عبدالله alike), and whether it ends in ي as
 * typed (then a word ending in ى is not it: علي is not على). */
typedef struct {
    char *joined;
    int words;
    bool ends_in_yeh;
} NamePart;

/* Whether the last letter of text (marks after it left aside) is the letter tail. */
static bool ends_with(const char *text, size_t len, const char *tail)
{
    while (len >= 2 && (unsigned char)text[len - 2] == 0xD9 &&
           (((unsigned char)text[len - 1] >= 0x8B && (unsigned char)text[len - 1] <= 0x9F) ||
            (unsigned char)text[len - 1] == 0xB0 || (unsigned char)text[len - 1] == 0x80))
        len -= 2;
    size_t n = strlen(tail);
    return len >= n && memcmp(text + len - n, tail, n) == 0;
}

/* The length of a code point with the marks after it (Arabic diacritics U+064B–U+065F and U+0670, tatweel). */
static size_t letter_length(const char *c, const char *end)
{
    size_t n = sequence_length(c);
    while (c + n + 1 < end) {
        unsigned char b0 = (unsigned char)c[n], b1 = (unsigned char)c[n + 1];
        bool mark = b0 == 0xD9 && ((b1 >= 0x8B && b1 <= 0x9F) || b1 == 0xB0 || b1 == 0x80);
        if (!mark)
            break;
        n += 2;
    }
    return n;
}

/* Whether the words at i (as many as it takes) spell the part: put together and folded, after up to two joined
 * letters (و ب ل ف ك), without an article (ال، لل …) on either side, and without an alef of tanween at the end
 * (هشاماً). Returns how many words, 0 when they do not; *joined: how many joined letters come first. */
static int spells(const char *text, const Word *words, int count, int i, const NamePart *part, int *joined)
{
    const char *target = text_stem(part->joined);
    size_t target_len = strlen(target);
    /* cheap: the name's first letter comes within the first five letters of the word (joined ones, an article) */
    size_t first = sequence_length(target), head = strlen(words[i].folded);
    if (head > 10 + first)
        head = 10 + first;
    bool found = false;
    for (size_t at = 0; at + first <= head && !found; at++)
        found = memcmp(words[i].folded + at, target, first) == 0;
    if (!found)
        return 0;
    for (int k = part->words + 1 < count - i ? part->words + 1 : count - i; k >= 1; k--) {
        char together[256];
        size_t used = 0;
        bool fits = true;
        for (int w = 0; w < k && fits; w++) {
            size_t n = strlen(words[i + w].folded);
            fits = used + n < sizeof together;
            if (fits) {
                memcpy(together + used, words[i + w].folded, n);
                used += n;
            }
        }
        if (!fits)
            continue;
        together[used] = '\0';
        const Word *last = &words[i + k - 1];
        if (part->ends_in_yeh && ends_with(text + last->start, last->len, "\xd9\x89"))
            continue; /* على is not علي */
        const char *candidate = together;
        for (int j = 0; j <= 2; j++) {
            if (j > 0) {
                if (!joined_letter(candidate))
                    break;
                candidate += 2;
            }
            const char *stem = text_stem(candidate);
            size_t n = strlen(stem);
            bool tanween = n == target_len + 2 && strncmp(stem + target_len, "\xd8\xa7", 2) == 0;
            if ((n == target_len || tanween) && strncmp(stem, target, target_len) == 0) {
                *joined = j;
                return k;
            }
        }
    }
    return 0;
}

char *text_redact_names(Arena *arena, const char *body, const char *const *names, int name_count)
{
    Word *words;
    int count = words_of(arena, body, &words);
    NamePart *parts = arena_calloc(arena, (size_t)name_count + 1, sizeof(NamePart));
    if (count < 0 || !parts)
        return NULL;
    int part_count = 0;
    for (int k = 0; k < name_count; k++) {
        if (!names[k])
            continue;
        Word *name_words;
        int n = words_of(arena, names[k], &name_words);
        if (n < 0)
            return NULL;
        if (n == 0)
            continue;
        NamePart *part = &parts[part_count];
        part->joined = name_words[0].folded;
        for (int w = 1; w < n && part->joined; w++)
            part->joined = arena_printf(arena, "%s%s", part->joined, name_words[w].folded);
        if (!part->joined)
            return NULL;
        if (letters_in(text_stem(part->joined)) < 2)
            continue; /* too short to be a name */
        part->words = n;
        part->ends_in_yeh = ends_with(names[k], strlen(names[k]), "\xd9\x8a");
        part_count++;
    }
    Buf out;
    buf_init(&out, strlen(body) * 2 + 64);
    size_t copied = 0;
    for (int i = 0; i < count; i++) {
        int matched = 0, joined = 0;
        for (int p = 0; p < part_count && !matched; p++)
            matched = spells(body, words, count, i, &parts[p], &joined);
        if (!matched)
            continue;
        const char *s = body + words[i].start, *end = body + words[i].start + words[i].len;
        buf_append(&out, body + copied, (size_t)(s - (body + copied)));
        /* the joined letters as typed, then the name's first letter after any article, and a dot */
        for (int j = 0; j < joined && s < end; j++) {
            size_t n = letter_length(s, end);
            buf_append(&out, s, n);
            s += n;
        }
        char *rest = text_fold(arena, s, (size_t)(end - s));
        size_t article = rest ? letters_in(rest) - letters_in(text_stem(rest)) : 0;
        for (size_t a = 0; a < article && s < end; a++)
            s += letter_length(s, end);
        if (s < end)
            buf_append(&out, s, sequence_length(s));
        buf_append(&out, ".", 1);
        copied = words[i + matched - 1].start + words[i + matched - 1].len;
        i += matched - 1;
    }
    buf_append_str(&out, body + copied);
    char *result = out.data ? arena_strndup(arena, out.data, out.len) : arena_strdup(arena, body);
    buf_free(&out);
    return result;
}
