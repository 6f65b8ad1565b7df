/* Fuzz target: the small text parsers: UTF-8 checks, ISO dates, the password policy, token shapes, settings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/password.h"
#include "auth/token.h"
#include "base/clock.h"
#include "base/settings.h"
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
