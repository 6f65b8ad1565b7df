/* Fuzz target: the small text parsers: UTF-8 checks, folding, names withheld from a text, ISO dates, the password
 * policy, token shapes, settings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/password.h"
#include "auth/token.h"
#include "base/clock.h"
#include "base/settings.h"
#include "text/arabic.h"
#include "text/search.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        if (password_init() != 0)
            abort();
        ready = 1;
    }
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    size_t len = strlen(text);
    bool valid = text_utf8_valid(text, len);
    if (valid && text_utf8_length(text, len) > len)
        abort();
    (void)text_has_control(text, len, true);
    if (valid) {
        /* Folding keeps text valid, is idempotent, and never grows past its bound. */
        Arena arena;
        arena_init(&arena, 0);
        char *folded = text_fold(&arena, text, len);
        if (!folded || !text_utf8_valid(folded, strlen(folded)) || strlen(folded) > 3 * len)
            abort();
        char *again = text_fold(&arena, folded, strlen(folded));
        if (strcmp(again, folded) != 0)
            abort();
        char *tokens[16];
        int count = text_name_tokens(&arena, folded, tokens, 16);
        for (int i = 0; i < count; i++)
            (void)text_without_article(tokens[i]);
        (void)text_name_valid(text, len);
        (void)text_has_stray_invisible(text, len);
        (void)text_ascii_digits(&arena, text);
        /* Withholding the text's own first word, and the text as a name, leaves valid text: every cut falls
         * between two code points. */
        size_t at = 0, start = 0, word_len = 0;
        const char *names[2] = {text, NULL};
        if (text_next_word(text, len, &at, &start, &word_len))
            names[1] = arena_strndup(&arena, text + start, word_len);
        char *withheld = text_redact_names(&arena, text, names, 2);
        if (!withheld || !text_utf8_valid(withheld, strlen(withheld)))
            abort();
        arena_free(&arena);
    }
    int64_t seconds;
    if (clock_parse_iso(text, &seconds)) {
        char back[21];
        clock_format_iso(seconds, back);
        if (strncmp(back, text, 10) != 0)
            abort(); /* a date that parses must print back as the same day */
    }
    (void)password_check(text, 10, 256);
    (void)token_well_formed("tk_", text);
    char error[256];
    char *equals = strchr(text, '=');
    if (equals) {
        *equals = '\0';
        (void)settings_set(text, equals + 1, error);
        settings_reset();
    }
    free(text);
    return 0;
}
