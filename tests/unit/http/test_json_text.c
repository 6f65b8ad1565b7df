/* src/http/json_text.c: an answer's JSON text is byte for byte what json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(6))
 * gives, over thousands of random trees (Arabic and control characters, NULs in strings, keys that need escaping,
 * reals of every size, the integers at the ends of their range); neither a bare value nor a tree nested too deep
 * is written. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/json_text.h"

static uint64_t seed = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

/* A random string: Arabic words, ASCII, every control character, quotes, backslashes, NULs. */
static json_t *random_string(size_t *len_out, char *into, size_t room)
{
    static const char *const pieces[] = {"محمد", "المجالي", " ",  "a",  "Z",  "\"",   "\\",   "/",
                                         "\n",   "\t",      "\r", "\b", "\f", "\x01", "\x1f", "\x7f",
                                         "é",    "😀",       "ـ",  "0",  "{",  "}",    ",",    ":"};
    size_t len = 0;
    int count = (int)(next() % 12);
    for (int i = 0; i < count; i++) {
        if (next() % 10 == 0 && len + 1 < room) {
            into[len++] = '\0';
            continue;
        }
        const char *piece = pieces[next() % (sizeof pieces / sizeof *pieces)];
        size_t n = strlen(piece);
        if (len + n >= room)
            break;
        memcpy(into + len, piece, n);
        len += n;
    }
    into[len] = '\0';
    *len_out = len;
    return json_stringn(into, len);
}

static json_t *random_real(void)
{
    static const double fixed[] = {0.0,  -0.0,     1.0,       -1.0,  0.5,       0.99, 0.985, 1e-7,
                                   1e21, 123456.7, 1234567.0, 1e300, -2.5e-300, 0.1,  100.0, 3.14159265358979};
    if (next() % 2)
        return json_real(fixed[next() % (sizeof fixed / sizeof *fixed)]);
    double mantissa = (double)(next() % 2000000) / 1000.0 - 1000.0;
    int exponent = (int)(next() % 80) - 40;
    return json_real(mantissa * pow(10.0, exponent));
}

static json_t *random_value(int depth)
{
    char text[256];
    size_t len;
    int kind = (int)(next() % (depth > 5 ? 6 : 8));
    switch (kind) {
    case 0: return json_null();
    case 1: return json_boolean(next() % 2);
    case 2: {
        static const json_int_t ends[] = {0, 1, -1, 9, 10, -10, INT64_MAX, INT64_MIN, 1000000007};
        return json_integer(next() % 2 ? ends[next() % 9] : (json_int_t)next());
    }
    case 3: return random_real();
    case 4:
    case 5: return random_string(&len, text, sizeof text);
    case 6: {
        json_t *array = json_array();
        int count = (int)(next() % 6);
        for (int i = 0; i < count; i++)
            json_array_append_new(array, random_value(depth + 1));
        return array;
    }
    default: {
        json_t *object = json_object();
        int count = (int)(next() % 7);
        for (int i = 0; i < count; i++) {
            json_t *key = random_string(&len, text, sizeof text);
            if (!memchr(text, '\0', len)) /* a key is a C string */
                json_object_set_new(object, text, random_value(depth + 1));
            json_decref(key);
        }
        return object;
    }
    }
}

static void assert_same_as_jansson(const json_t *value)
{
    char *expected = json_dumps(value, JSON_COMPACT | JSON_REAL_PRECISION(6));
    assert_non_null(expected);
    size_t len = 0;
    char *text = json_text(value, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(expected));
    assert_string_equal(text, expected);
    free(text);
    free(expected);
}

static void test_random_trees_as_jansson_writes_them(void **state)
{
    (void)state;
    for (int round = 0; round < 5000; round++) {
        json_t *tree = next() % 2 ? json_object() : json_array();
        int count = (int)(next() % 8);
        for (int i = 0; i < count; i++) {
            json_t *member = random_value(1);
            if (json_is_object(tree)) {
                char key[16];
                snprintf(key, sizeof key, "k%d", i);
                json_object_set_new(tree, key, member);
            } else {
                json_array_append_new(tree, member);
            }
        }
        assert_same_as_jansson(tree);
        json_decref(tree);
    }
}

static void test_an_answer_as_jansson_writes_it(void **state)
{
    (void)state;
    json_t *answer = json_pack("{s:[{s:f, s:[{s:s, s:s, s:f}], s:{s:I, s:s, s:n, s:b, s:[]}}], s:b}", "items", "score",
                               0.985, "reasons", "query", "محمد", "match", "exact", "similarity", 1.0, "person", "id",
                               (json_int_t)23331, "first_name", "محمد\n\"ا\\ل\"", "notes", "birth_year_estimated", 0,
                               "phones", "truncated", 1);
    assert_non_null(answer);
    assert_same_as_jansson(answer);
    size_t len;
    char *text = json_text(answer, &len);
    assert_non_null(strstr(text, "\"score\":0.985,"));
    assert_non_null(strstr(text, "\"similarity\":1.0}"));
    assert_non_null(strstr(text, "\\n\\\"ا\\\\ل\\\""));
    free(text);
    json_decref(answer);
}

static void test_what_is_not_written(void **state)
{
    (void)state;
    size_t len = 7;
    json_t *bare = json_string("x");
    assert_null(json_text(bare, &len));
    assert_int_equal(len, 0);
    json_decref(bare);
    json_t *top = json_array(), *at = top;
    for (int i = 0; i < JSON_TEXT_MAX_DEPTH + 5; i++) {
        json_t *inner = json_array();
        json_array_append_new(at, inner);
        at = inner;
    }
    assert_null(json_text(top, &len));
    json_decref(top);
    json_t *shallow = json_pack("[[[]]]");
    char *text = json_text(shallow, &len);
    assert_string_equal(text, "[[[]]]");
    assert_int_equal(len, 6);
    free(text);
    json_decref(shallow);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_trees_as_jansson_writes_them),
        cmocka_unit_test(test_an_answer_as_jansson_writes_it),
        cmocka_unit_test(test_what_is_not_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
