#include "auth/password.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
    return crypto_pwhash_str(out, password, strlen(password), PASSWORD_OPSLIMIT, (size_t)PASSWORD_MEMLIMIT) == 0 ? 0
                                                                                                                 : -1;
}

bool password_verify(const char *stored_hash, const char *password)
{
    if (!stored_hash || !*stored_hash)
        stored_hash = password_dummy_hash();
    return crypto_pwhash_str_verify(stored_hash, password, strlen(password)) == 0;
}

/* At most this many password hashes at once, so a flood of logins (which need no account) cannot take every worker
 * thread and all memory: the rest of the server keeps answering. */
enum { PASSWORD_CONCURRENT_HASHES = 2, PASSWORD_WAIT_SECONDS = 2 };
static pthread_mutex_t turns_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_free = PTHREAD_COND_INITIALIZER;
static int turns_taken;

int password_verify_bounded(const char *stored_hash, const char *password)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += PASSWORD_WAIT_SECONDS;
    pthread_mutex_lock(&turns_lock);
    while (turns_taken >= PASSWORD_CONCURRENT_HASHES) {
        if (pthread_cond_timedwait(&turn_free, &turns_lock, &deadline) != 0 &&
            turns_taken >= PASSWORD_CONCURRENT_HASHES) {
            pthread_mutex_unlock(&turns_lock);
            return -1;
        }
    }
    turns_taken++;
    pthread_mutex_unlock(&turns_lock);
    bool ok = password_verify(stored_hash, password);
    pthread_mutex_lock(&turns_lock);
    turns_taken--;
    pthread_cond_signal(&turn_free);
    pthread_mutex_unlock(&turns_lock);
    return ok ? 1 : 0;
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

/* Decodes valid UTF-8 into code points; returns how many (at most max). */
static size_t code_points(const char *text, size_t len, uint32_t *out, size_t max)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t count = 0;
    for (size_t i = 0; i < len && count < max;) {
        uint32_t cp = s[i];
        size_t extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
        cp &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
        for (size_t k = 1; k <= extra && i + k < len; k++)
            cp = (cp << 6) | (s[i + k] & 0x3F);
        out[count++] = cp;
        i += extra + 1;
    }
    return count;
}

/* A run like "1234567890", "abcdefghij", "0987654321" or one repeated character, in any script. */
static bool is_trivial(const char *lowered, size_t len)
{
    uint32_t points[512];
    size_t count = code_points(lowered, len, points, 512);
    bool same = true, up = true, down = true;
    for (size_t i = 1; i < count; i++) {
        int64_t step = (int64_t)points[i] - (int64_t)points[i - 1];
        same = same && step == 0;
        up = up && (step == 1 || (points[i - 1] == '9' && points[i] == '0'));
        down = down && (step == -1 || (points[i - 1] == '0' && points[i] == '9'));
    }
    return count > 0 && (same || up || down);
}

/* Whether a piece of the password, from start to end, is common or trivial. */
static bool weak_piece(char *lowered, size_t start, size_t end)
{
    if (end - start < 4)
        return false;
    char saved = lowered[end];
    lowered[end] = '\0';
    bool weak = is_common(lowered + start) || is_trivial(lowered + start, end - start);
    lowered[end] = saved;
    return weak;
}

static bool is_digit_or_sign(char c)
{
    return isdigit((unsigned char)c) || ispunct((unsigned char)c) || c == ' ';
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
    /* Signs around the password do not make it stronger ("1234567890!"), nor do digits and signs around a
     * common word ("password2026!"). */
    size_t start = 0, end = len;
    while (start < end && (ispunct((unsigned char)lowered[start]) || lowered[start] == ' '))
        start++;
    while (end > start && (ispunct((unsigned char)lowered[end - 1]) || lowered[end - 1] == ' '))
        end--;
    size_t word_start = start, word_end = end;
    while (word_start < word_end && is_digit_or_sign(lowered[word_start]))
        word_start++;
    while (word_end > word_start && is_digit_or_sign(lowered[word_end - 1]))
        word_end--;
    if (is_trivial(lowered, len) || (end - start >= 4 && is_trivial(lowered + start, end - start)))
        verdict = PASSWORD_TRIVIAL;
    else if (is_common(lowered) || weak_piece(lowered, start, end) || weak_piece(lowered, word_start, word_end))
        verdict = PASSWORD_COMMON;
    sodium_memzero(lowered, len);
    free(lowered);
    return verdict;
}

const char *password_verdict_code(PasswordVerdict verdict)
{
    static const char *const codes[] = {[PASSWORD_OK] = "ok",
                                        [PASSWORD_TOO_SHORT] = "password.too_short",
                                        [PASSWORD_TOO_LONG] = "password.too_long",
                                        [PASSWORD_COMMON] = "password.common",
                                        [PASSWORD_TRIVIAL] = "password.trivial",
                                        [PASSWORD_MALFORMED] = "password.malformed"};
    return (size_t)verdict < sizeof codes / sizeof codes[0] ? codes[verdict] : "password.weak";
}
