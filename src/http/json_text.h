/* The text of an API answer's JSON: the same bytes as jansson's json_dumps(value, JSON_COMPACT |
 * JSON_REAL_PRECISION(6)) for any answer nested at most JSON_TEXT_MAX_DEPTH deep, written in one pass into one
 * buffer (a leaf: jansson and base/ only). */
#ifndef TAKAMUL_HTTP_JSON_TEXT_H
#define TAKAMUL_HTTP_JSON_TEXT_H

#include <jansson.h>
#include <stddef.h>

/* The text of value (an object or an array, as an answer is), malloc'd and NUL-terminated, its length in *len; NULL
 * when memory runs out, when value is neither, or when it nests deeper than JSON_TEXT_MAX_DEPTH. An answer is a
 * tree built by the API: unlike json_dumps, no value is checked for holding itself (that check cost a formatted
 * address and a hash table entry per object and array). */
char *json_text(const json_t *value, size_t *len);

enum { JSON_TEXT_MAX_DEPTH = 256 };

#endif
