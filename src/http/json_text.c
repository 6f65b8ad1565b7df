/* The text of an API answer's JSON (json_text.h). jansson's own dump walks each string a code point at a time and
 * records every object and array it enters in a hash table against loops; an answer of ten persons has some eighty
 * of them, and its text was 7.9% of the server's time per search. Here a string goes out in runs of bytes that
 * need no escape (jansson has checked its UTF-8 when it was made), numbers without printf where they can. */
#include "http/json_text.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* The bytes a string needs escaped: the control characters, '"' and '\\' (jansson escapes nothing else in the
 * flags of an answer). */
static bool needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

static void put_string(Buf *out, const char *text, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    buf_append(out, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (!needs_escape(c))
            continue;
        buf_append(out, text + run, i - run);
        run = i + 1;
        char escape[6] = {'\\', 0};
        size_t size = 2;
        switch (c) {
        case '"': escape[1] = '"'; break;
        case '\\': escape[1] = '\\'; break;
        case '\b': escape[1] = 'b'; break;
        case '\f': escape[1] = 'f'; break;
        case '\n': escape[1] = 'n'; break;
        case '\r': escape[1] = 'r'; break;
        case '\t': escape[1] = 't'; break;
        default:
            memcpy(escape, "\\u00", 4);
            escape[4] = hex[c >> 4];
            escape[5] = hex[c & 15];
            size = 6;
        }
        buf_append(out, escape, size);
    }
    buf_append(out, text + run, len - run);
    buf_append(out, "\"", 1);
}

static void put_integer(Buf *out, json_int_t value)
{
    char digits[24];
    int at = sizeof digits;
    /* the magnitude as unsigned: the most negative value has none of its own sign */
    unsigned long long magnitude = value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
    do {
        digits[--at] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (value < 0)
        digits[--at] = '-';
    buf_append(out, digits + at, sizeof digits - (size_t)at);
}

/* As jansson writes a real at precision 6: "%.6g", a ".0" when that reads as an integer, the exponent without '+'
 * or leading zeros. */
static void put_real(Buf *out, double value)
{
    char text[64];
    int length = snprintf(text, sizeof text, "%.6g", value);
    if (length < 0 || (size_t)length >= sizeof text - 3) {
        out->failed = true;
        return;
    }
    for (char *comma = text; *comma; comma++) /* a locale's decimal comma, as jansson mends it */
        if (*comma == ',')
            *comma = '.';
    if (!strchr(text, '.') && !strchr(text, 'e')) {
        memcpy(text + length, ".0", 3);
        length += 2;
    }
    char *start = strchr(text, 'e');
    if (start) {
        start++;
        char *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, (size_t)length - (size_t)(end - text) + 1);
            length -= (int)(end - start);
        }
    }
    buf_append(out, text, (size_t)length);
}

static void put_value(Buf *out, const json_t *value, int depth)
{
    if (depth > JSON_TEXT_MAX_DEPTH) {
        out->failed = true;
        return;
    }
    switch (json_typeof(value)) {
    case JSON_OBJECT: {
        buf_append(out, "{", 1);
        const char *key;
        size_t key_len;
        json_t *member;
        bool first = true;
        json_object_keylen_foreach((json_t *)value, key, key_len, member)
        {
            if (!first)
                buf_append(out, ",", 1);
            first = false;
            put_string(out, key, key_len);
            buf_append(out, ":", 1);
            put_value(out, member, depth + 1);
        }
        buf_append(out, "}", 1);
        break;
    }
    case JSON_ARRAY: {
        buf_append(out, "[", 1);
        size_t count = json_array_size(value);
        for (size_t i = 0; i < count; i++) {
            if (i)
                buf_append(out, ",", 1);
            put_value(out, json_array_get(value, i), depth + 1);
        }
        buf_append(out, "]", 1);
        break;
    }
    case JSON_STRING: put_string(out, json_string_value(value), json_string_length(value)); break;
    case JSON_INTEGER: put_integer(out, json_integer_value(value)); break;
    case JSON_REAL: put_real(out, json_real_value(value)); break;
    case JSON_TRUE: buf_append(out, "true", 4); break;
    case JSON_FALSE: buf_append(out, "false", 5); break;
    case JSON_NULL: buf_append(out, "null", 4); break;
    }
}

char *json_text(const json_t *value, size_t *len)
{
    *len = 0;
    if (!json_is_object(value) && !json_is_array(value))
        return NULL;
    Buf out;
    buf_init(&out, 0);
    put_value(&out, value, 0);
    if (out.failed) {
        buf_free(&out);
        return NULL;
    }
    return buf_detach(&out, len);
}
