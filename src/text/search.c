#include "text/search.h"

#include <string.h>

#include "base/buf.h"
#include "text/arabic.h"
#include "text/utf8.h"

/* Folded prefixes that carry the article, longest first: وال بال كال فال لل ال. */
static const char *const article_prefixes[] = {
    "\xd9\x88\xd8\xa7\xd9\x84", "\xd8\xa8\xd8\xa7\xd9\x84", "\xd9\x83\xd8\xa7\xd9\x84",
    "\xd9\x81\xd8\xa7\xd9\x84", "\xd9\x84\xd9\x84",         "\xd8\xa7\xd9\x84",
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
    int person; /* the person of text_redact_persons it is a part of; -1: a name of text_redact_names */
    bool first; /* the person's first name: a mention of the person begins with it */
} NamePart;

/* Whether the last letter of text is the letter tail (what folding drops after it left aside: marks, tatweel,
 * invisible characters). */
static bool ends_with_letter(const char *text, size_t len, uint32_t tail)
{
    uint32_t last = 0;
    for (size_t at = 0; at < len;) {
        uint32_t c = text_utf8_next(text, len, &at);
        if (!text_fold_drops(c))
            last = c;
    }
    return last == tail;
}

/* Where the letters of text from c on begin: past what folding drops (marks, tatweel, invisible characters). */
static const char *skip_dropped(const char *c, const char *end)
{
    while (c < end) {
        size_t at = 0;
        if (!text_fold_drops(text_utf8_next(c, (size_t)(end - c), &at)))
            break;
        c += at;
    }
    return c;
}

/* The length of the next letter of text as typed, with what folding drops before and after it (its marks,
 * tatweel, invisible characters): one letter of the folded text. */
static size_t letter_length(const char *c, const char *end)
{
    const char *letter = skip_dropped(c, end);
    if (letter < end)
        letter += sequence_length(letter);
    if (letter > end)
        letter = end;
    return (size_t)(skip_dropped(letter, end) - c);
}

/* Whether a code point sets the direction of the text around it (ALM, LRM, RLM, an embedding, an override, an
 * isolate, or their end): a withheld name leaves these behind, so that the text after it is laid out as before. */
static bool direction_control(uint32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Appends the text from s to end without the default-ignorable code points but the direction controls; with
 * controls_only, the direction controls alone. */
static void append_visible(Buf *out, const char *s, const char *end, bool controls_only)
{
    size_t len = (size_t)(end - s);
    for (size_t at = 0; at < len;) {
        size_t start = at;
        uint32_t c = text_utf8_next(s, len, &at);
        bool keep = direction_control(c) || (!controls_only && !text_default_ignorable(c));
        if (keep)
            buf_append(out, s + start, at - start);
    }
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
        if (part->ends_in_yeh && ends_with_letter(text + last->start, last->len, 0x0649))
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

/* Writes in place of the words from s to end, which spell a name after `joined` joined letters: those letters as
 * typed, the name's first letter after any article and a dot, and the direction controls the words held. Nothing
 * else of them is kept: neither a letter of the name nor an invisible character inside it. */
static void write_initial(Arena *arena, Buf *out, const char *s, const char *end, int joined)
{
    for (int j = 0; j < joined && s < end; j++) {
        size_t n = letter_length(s, end);
        append_visible(out, s, s + n, false);
        s += n;
    }
    char *rest = text_fold(arena, s, (size_t)(end - s));
    size_t article = rest ? letters_in(rest) - letters_in(text_stem(rest)) : 0;
    const char *letter = s;
    for (size_t a = 0; a < article && letter < end; a++)
        letter += letter_length(letter, end);
    letter = skip_dropped(letter, end);
    append_visible(out, s, letter, true);
    size_t n = letter < end ? sequence_length(letter) : 0;
    if (letter + n > end)
        n = (size_t)(end - letter);
    buf_append(out, letter, n);
    buf_append(out, ".", 1);
    append_visible(out, letter + n, end, true);
}

/* body with the words found in scan that spell one of the parts withheld (write_initial). scan is body itself, or
 * body with its invisible characters made spaces of the same length (so that a name they join to another word is
 * a word of its own); what is written comes from body. */
/* A mention of a person at word i: her first name, then as many of her other name parts as follow it. Returns how
 * many words, 0 when none; *person: whose (the one whose mention is longest; -1 when two persons of different labels
 * are mentioned as long, which is then no mention of anyone); *joined: the joined letters before it. */
static int mention(const char *text, const Word *words, int count, int i, const NamePart *parts, int part_count,
                   const TextPerson *persons, int *person, int *joined)
{
    int best = 0, best_parts = 0;
    *person = -1;
    for (int p = 0; p < part_count; p++) {
        if (!parts[p].first || parts[p].person < 0)
            continue;
        int first_joined = 0;
        int run = spells(text, words, count, i, &parts[p], &first_joined);
        if (!run)
            continue;
        /* then her other parts, each once, each after white space only: "(المجالي سابقاً)" is no more of her name */
        int named = 1;
        uint64_t used = 0;
        for (bool more = true; more && i + run < count;) {
            more = false;
            const Word *before = &words[i + run - 1], *next = &words[i + run];
            bool spaced = true;
            for (size_t at = before->start + before->len; at < next->start && spaced; at++)
                spaced = white(text[at]);
            for (int q = 0; q < part_count && !more && spaced; q++) {
                int ignored = 0, k = 0;
                uint64_t bit = q < 64 ? (uint64_t)1 << q : 0;
                if (q != p && parts[q].person == parts[p].person && !parts[q].first && !(used & bit) &&
                    (k = spells(text, words, count, i + run, &parts[q], &ignored)) && !ignored) {
                    run += k;
                    named++;
                    used |= bit;
                    more = true;
                }
            }
        }
        if (named > best_parts || (named == best_parts && run > best)) {
            best = run;
            best_parts = named;
            *person = parts[p].person;
            *joined = first_joined;
        } else if (named == best_parts && run == best && *person >= 0 &&
                   strcmp(persons[*person].label, persons[parts[p].person].label) != 0) {
            *person = -1; /* two different persons mentioned alike: neither is named by a role */
        }
    }
    return *person >= 0 ? best : 0;
}

/* Writes the role in place of a person's mention from s to end, after the joined letters it had: وفاطمة → والأم,
 * and ل before an article takes its place (لفاطمة → للأم). The direction controls of the words stay. */
static void write_label(Buf *out, const char *s, const char *end, int joined, const char *label)
{
    static const char lam[] = "\xd9\x84", article[] = "\xd8\xa7\xd9\x84";
    for (int j = 0; j < joined && s < end; j++) {
        size_t n = letter_length(s, end);
        const char *letter = skip_dropped(s, s + n);
        bool lam_before_article = j == joined - 1 && strncmp(letter, lam, 2) == 0 &&
                                  strncmp(label, article, sizeof article - 1) == 0;
        if (lam_before_article) {
            buf_append(out, lam, 2);
            buf_append_str(out, label + 2); /* ل + الأم → للأم */
            append_visible(out, s + n, end, true);
            return;
        }
        append_visible(out, s, s + n, false);
        s += n;
    }
    buf_append_str(out, label);
    append_visible(out, s, end, true);
}

static char *redact(Arena *arena, const char *body, const char *scan, const NamePart *parts, int part_count,
                    const TextPerson *persons)
{
    Word *words;
    int count = words_of(arena, scan, &words);
    if (count < 0)
        return NULL;
    Buf out;
    buf_init(&out, strlen(body) * 2 + 64);
    size_t copied = 0;
    for (int i = 0; i < count; i++) {
        int matched = 0, joined = 0, person = -1;
        if (persons)
            matched = mention(body, words, count, i, parts, part_count, persons, &person, &joined);
        if (person >= 0 && persons[person].label) {
            /* "the juvenile Yazan Tarawneh" says who he is once: "the juvenile", not "the juvenile the juvenile" */
            char *label = joined ? NULL : text_fold(arena, persons[person].label, strlen(persons[person].label));
            size_t previous_end = i > 0 ? words[i - 1].start + words[i - 1].len : 0;
            if (label && i > 0 && previous_end >= copied && strcmp(words[i - 1].folded, label) == 0) {
                buf_append(&out, body + copied, previous_end - copied);
                copied = words[i + matched - 1].start + words[i + matched - 1].len;
                i += matched - 1;
                continue;
            }
            buf_append(&out, body + copied, words[i].start - copied);
            size_t end = words[i + matched - 1].start + words[i + matched - 1].len;
            write_label(&out, body + words[i].start, body + end, joined, persons[person].label);
            copied = end;
            i += matched - 1;
            continue;
        }
        matched = 0;
        for (int p = 0; p < part_count && !matched; p++)
            matched = spells(body, words, count, i, &parts[p], &joined);
        if (!matched)
            continue;
        buf_append(&out, body + copied, words[i].start - copied);
        size_t end = words[i + matched - 1].start + words[i + matched - 1].len;
        write_initial(arena, &out, body + words[i].start, body + end, joined);
        copied = end;
        i += matched - 1;
    }
    buf_append_str(&out, body + copied);
    char *result = out.data ? arena_strndup(arena, out.data, out.len) : arena_strdup(arena, body);
    buf_free(&out);
    return result;
}

/* Sets *scan to body with every default-ignorable code point made spaces of its length, or to NULL when body has
 * none; false when memory runs out. */
static bool invisible_as_spaces(Arena *arena, const char *body, char **scan)
{
    *scan = NULL;
    size_t len = strlen(body);
    for (size_t at = 0; at < len;) {
        size_t start = at;
        if (!text_default_ignorable(text_utf8_next(body, len, &at)))
            continue;
        if (!*scan && !(*scan = arena_strdup(arena, body)))
            return false;
        memset(*scan + start, ' ', at - start);
    }
    return true;
}

/* Reads a name into a part: its words folded and put together; false when it is too short to be a name. */
static int make_part(Arena *arena, const char *name, NamePart *part)
{
    Word *name_words;
    int n = words_of(arena, name, &name_words);
    if (n <= 0)
        return n;
    part->joined = name_words[0].folded;
    for (int w = 1; w < n && part->joined; w++)
        part->joined = arena_printf(arena, "%s%s", part->joined, name_words[w].folded);
    if (!part->joined)
        return -1;
    if (letters_in(text_stem(part->joined)) < 2)
        return 0; /* too short to be a name */
    part->words = n;
    part->ends_in_yeh = ends_with_letter(name, strlen(name), 0x064A);
    return 1;
}

/* body with the parts withheld: an invisible character inside a word is dropped (أح<U+2060>مد is أحمد); then, when
 * some are left, each is taken for a space once more, so that a name it joins to another word is found too
 * (محمد<U+2060>الضمور). */
static char *redact_twice(Arena *arena, const char *body, const NamePart *parts, int part_count,
                          const TextPerson *persons)
{
    char *once = redact(arena, body, body, parts, part_count, persons), *scan;
    if (!once || !invisible_as_spaces(arena, once, &scan))
        return NULL;
    return scan ? redact(arena, once, scan, parts, part_count, persons) : once;
}

char *text_redact_names(Arena *arena, const char *body, const char *const *names, int name_count)
{
    NamePart *parts = arena_calloc(arena, (size_t)name_count + 1, sizeof(NamePart));
    if (!parts)
        return NULL;
    int part_count = 0;
    for (int k = 0; k < name_count; k++) {
        if (!names[k])
            continue;
        int made = make_part(arena, names[k], &parts[part_count]);
        if (made < 0)
            return NULL;
        if (made) {
            parts[part_count].person = -1;
            part_count++;
        }
    }
    return redact_twice(arena, body, parts, part_count, NULL);
}

char *text_redact_persons(Arena *arena, const char *body, const TextPerson *persons, int person_count)
{
    NamePart *parts = arena_calloc(arena, (size_t)person_count * TEXT_PERSON_PARTS + 1, sizeof(NamePart));
    if (!parts)
        return NULL;
    int part_count = 0;
    for (int p = 0; p < person_count; p++) {
        for (int k = 0; k < TEXT_PERSON_PARTS; k++) {
            if (!persons[p].parts[k] || !*persons[p].parts[k])
                continue;
            int made = make_part(arena, persons[p].parts[k], &parts[part_count]);
            if (made < 0)
                return NULL;
            if (made) {
                parts[part_count].person = p;
                parts[part_count].first = k == 0;
                part_count++;
            }
        }
    }
    return redact_twice(arena, body, parts, part_count, persons);
}
