#include "auth/password.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "text/utf8.h"

/* The common-password list, lower-cased and sorted, for binary search. */
static char **common_words;
static size_t common_count;
static char dummy_hash[PASSWORD_HASH_SIZE];

static int compare_words(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int password_init(void)
{
    if (common_words)
        return 0;
    if (sodium_init() < 0)
        return -1;
    const EmbeddedFile *list = &wordlist_files[0];
    size_t lines = 0;
    for (size_t i = 0; i < list->size; i++)
        lines += list->data[i] == '\n';
    common_words = calloc(lines + 1, sizeof(char *));
    if (!common_words)
        return -1;
    const char *at = (const char *)list->data, *end = at + list->size;
    while (at < end) {
        const char *eol = memchr(at, '\n', (size_t)(end - at));
        if (!eol)
            eol = end;
        size_t len = (size_t)(eol - at);
        if (len && at[len - 1] == '\r')
            len--;
        /* "#!comment:" lines are the list's header */
        if (len && !(len >= 2 && at[0] == '#' && at[1] == '!')) {
            char *word = malloc(len + 1);
            if (!word)
                return -1;
            for (size_t k = 0; k < len; k++)
                word[k] = (char)tolower((unsigned char)at[k]);
            word[len] = '\0';
            common_words[common_count++] = word;
        }
        at = eol + 1;
    }
    qsort(common_words, common_count, sizeof(char *), compare_words);
    return 0;
}

/* Made on first use, not at start-up: one hash costs about as long as the whole rest of start-up. */
static void make_dummy_hash(void)
{
    unsigned char random_password[32];
    char encoded[sizeof random_password * 2 + 1];
    randombytes_buf(random_password, sizeof random_password);
    sodium_bin2hex(encoded, sizeof encoded, random_password, sizeof random_password);
    if (password_hash(encoded, dummy_hash) != 0)
        dummy_hash[0] = '\0';
    sodium_memzero(encoded, sizeof encoded);
}

int password_hash(const char *password, char out[PASSWORD_HASH_SIZE])
{
    return crypto_pwhash_str(out, password, strlen(password), PASSWORD_OPSLIMIT, (size_t)PASSWORD_MEMLIMIT) == 0
               ? 0
               : -1;
}

bool password_verify(const char *stored_hash, const char *password)
{
    if (!stored_hash || !*stored_hash)
        stored_hash = password_dummy_hash();
    return crypto_pwhash_str_verify(stored_hash, password, strlen(password)) == 0;
}

const char *password_dummy_hash(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_dummy_hash);
    return dummy_hash;
}

static bool is_common(const char *lowered)
{
    const char *key = lowered;
    return bsearch(&key, common_words, common_count, sizeof(char *), compare_words) != NULL;
}

/* A run like "1234567890", "abcdefghij", "0987654321" or one repeated character. */
static bool is_trivial(const char *lowered, size_t len)
{
    bool same = true, up = true, down = true;
    for (size_t i = 1; i < len; i++) {
        int step = (unsigned char)lowered[i] - (unsigned char)lowered[i - 1];
        same = same && step == 0;
        up = up && (step == 1 || (lowered[i - 1] == '9' && lowered[i] == '0'));
        down = down && (step == -1 || (lowered[i - 1] == '0' && lowered[i] == '9'));
    }
    return same || up || down;
}

PasswordVerdict password_check(const char *password, size_t min_chars, size_t max_chars)
{
    size_t len = strlen(password);
    if (!text_utf8_valid(password, len) || text_has_control(password, len, false))
        return PASSWORD_MALFORMED;
    size_t chars = text_utf8_length(password, len);
    if (chars < min_chars)
        return PASSWORD_TOO_SHORT;
    if (chars > max_chars)
        return PASSWORD_TOO_LONG;
    char *lowered = malloc(len + 1);
    if (!lowered)
        return PASSWORD_MALFORMED;
    for (size_t i = 0; i <= len; i++)
        lowered[i] = (char)tolower((unsigned char)password[i]);
    PasswordVerdict verdict = PASSWORD_OK;
    if (is_trivial(lowered, len)) {
        verdict = PASSWORD_TRIVIAL;
    } else if (is_common(lowered)) {
        verdict = PASSWORD_COMMON;
    } else {
        /* A common word with digits or punctuation added ("password2026!") is as weak. */
        size_t stem = len;
        while (stem > 0 && (isdigit((unsigned char)lowered[stem - 1]) || ispunct((unsigned char)lowered[stem - 1])))
            stem--;
        size_t start = 0;
        while (start < stem && (isdigit((unsigned char)lowered[start]) || ispunct((unsigned char)lowered[start])))
            start++;
        if ((stem < len || start > 0) && stem - start >= 4) {
            lowered[stem] = '\0';
            if (is_common(lowered + start) || is_trivial(lowered + start, stem - start))
                verdict = PASSWORD_COMMON;
        }
    }
    sodium_memzero(lowered, len);
    free(lowered);
    return verdict;
}

const char *password_verdict_code(PasswordVerdict verdict)
{
    switch (verdict) {
    case PASSWORD_OK: return "ok";
    case PASSWORD_TOO_SHORT: return "password.too_short";
    case PASSWORD_TOO_LONG: return "password.too_long";
    case PASSWORD_COMMON: return "password.common";
    case PASSWORD_TRIVIAL: return "password.trivial";
    case PASSWORD_MALFORMED: return "password.malformed";
    }
    return "password.weak";
}
