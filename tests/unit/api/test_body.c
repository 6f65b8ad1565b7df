/* src/api/body.c: reading JSON request bodies (content type, UTF-8, depth, syntax, duplicate keys, unknown
 * fields, types, required fields, lengths, every fault recorded) and query parameters (ids, limits, times,
 * text). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "api/body.h"
#include "base/err.h"

/* What the fake HTTP layer answers: one header and a few query parameters. */
typedef struct {
    const char *content_type;
    const char *names[4];
    const char *values[4];
} Inputs;

static const char *lookup_header(const Request *req, const char *name)
{
    const Inputs *inputs = req->transport;
    return strcasecmp(name, "Content-Type") == 0 ? inputs->content_type : NULL;
}

static const char *lookup_query(const Request *req, const char *name)
{
    const Inputs *inputs = req->transport;
    for (int i = 0; i < 4 && inputs->names[i]; i++)
        if (strcmp(inputs->names[i], name) == 0)
            return inputs->values[i];
    return NULL;
}

static void request_init(Request *req, Inputs *inputs, const char *body)
{
    memset(req, 0, sizeof *req);
    arena_init(&req->arena, 0);
    req->method = "POST";
    req->path = "/api/v1/test";
    req->body = body;
    req->body_len = body ? strlen(body) : 0;
    req->header = lookup_header;
    req->query = lookup_query;
    req->transport = inputs;
}

static const FieldSpec specs[] = {
    {"name", FIELD_STRING, true, 5},
    {"note", FIELD_STRING_OR_NULL, false, 0},
    {"unit_id", FIELD_INTEGER, false, 0},
    {"parent_id", FIELD_INTEGER_OR_NULL, false, 0},
    {"tags", FIELD_STRING_ARRAY, false, 0},
    {"ids", FIELD_ID_ARRAY, false, 0},
    {0},
};

/* Reads body (length given, so it may hold any bytes) with content type; returns the error and leaves the
 * fault in req. A body that was accepted is released. */
static int read_body_len(Request *req, const char *content_type, const char *body, size_t len)
{
    static Inputs inputs;
    inputs = (Inputs){.content_type = content_type};
    request_init(req, &inputs, body);
    req->body_len = len;
    json_t *out = (json_t *)1;
    int rc = api_body_read(req, specs, &out);
    if (rc == TK_OK)
        assert_non_null(out);
    else
        assert_null(out);
    json_decref(out);
    return rc;
}

static int read_body(Request *req, const char *body)
{
    return read_body_len(req, "application/json", body, strlen(body));
}

/* Expects body to be refused with code, on field (NULL: no field). */
static void assert_refused(const char *body, const char *code, const char *field)
{
    Request req;
    int rc = read_body(&req, body);
    if (rc != TK_ERR_INVALID || !req.fault.code || strcmp(req.fault.code, code) != 0)
        fail_msg("%s: expected %s, got rc %d code %s", body, code, rc, req.fault.code ? req.fault.code : "none");
    if (field) {
        assert_int_equal(req.fault.field_count, 1);
        assert_string_equal(req.fault.fields[0].field, field);
        assert_string_equal(req.fault.fields[0].code, code);
    } else {
        assert_int_equal(req.fault.field_count, 0);
    }
    arena_free(&req.arena);
}

static void assert_accepted(const char *body)
{
    Request req;
    int rc = read_body(&req, body);
    if (rc != TK_OK)
        fail_msg("%s: refused with %s", body, req.fault.code ? req.fault.code : "no code");
    assert_null(req.fault.code);
    arena_free(&req.arena);
}

static void test_content_type(void **state)
{
    (void)state;
    const char *body = "{\"name\":\"a\"}";
    const char *good[] = {"application/json",
                          "application/json; charset=utf-8",
                          "Application/JSON",
                          "application/json;charset=UTF-8",
                          "application/json; charset=\"utf-8\"",
                          "application/json ; CharSet=Utf-8 ",
                          "application/json; charset=\"utf\\-8\"",
                          "application/json;",
                          "application/json; profile=x; charset=utf-8"};
    const char *bad[] = {NULL,
                         "",
                         "text/plain",
                         "application/jsonp",
                         "application/json-seq",
                         "application/x-www-form-urlencoded",
                         "multipart/form-data",
                         "application/jso",
                         "application/json charset=utf-8",
                         "application/json; charset",
                         "application/json; =utf-8",
                         "application/json; charset=",
                         "application/json; charset=\"utf-8",
                         "application/json; charset=utf-8 x"};
    /* Any charset but UTF-8: the body would be read as other text than the client meant. */
    const char *other_charset[] = {"application/json; charset=latin1",
                                   "application/json; charset=\"ISO-8859-1\"",
                                   "application/json; charset=utf-16",
                                   "application/json; charset=utf8",
                                   "application/json; charset=\"\"",
                                   "application/json; charset=utf-8-and-more",
                                   "application/json; charset=utf-8; charset=latin1"};
    Request req;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(read_body_len(&req, good[i], body, strlen(body)), TK_OK);
        arena_free(&req.arena);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(read_body_len(&req, bad[i], body, strlen(body)), TK_ERR_INVALID);
        assert_string_equal(req.fault.code, "body.content_type");
        arena_free(&req.arena);
    }
    for (size_t i = 0; i < sizeof other_charset / sizeof other_charset[0]; i++) {
        assert_int_equal(read_body_len(&req, other_charset[i], body, strlen(body)), TK_ERR_INVALID);
        assert_string_equal(req.fault.code, "body.charset");
        arena_free(&req.arena);
    }
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    assert_refused("{\"name\":\"\xC0\xAF\"}", "body.invalid_utf8", NULL);
    assert_refused("{\"name\":\"\xED\xA0\x80\"}", "body.invalid_utf8", NULL);
    assert_refused("{\"name\":\"ab\xD9\"}", "body.invalid_utf8", NULL);
    /* a NUL byte inside the length is judged too, not taken as the end */
    Request req;
    const char with_nul[] = "{\"name\":\"a\"}\0\xFF";
    assert_int_equal(read_body_len(&req, "application/json", with_nul, sizeof with_nul - 1), TK_ERR_INVALID);
    assert_string_equal(req.fault.code, "body.invalid_utf8");
    arena_free(&req.arena);
    assert_accepted("{\"name\":\"ليلى\"}");
}

/* depth nested arrays around "1" */
static char *nested(char *out, int depth)
{
    int at = 0;
    for (int i = 0; i < depth; i++)
        out[at++] = '[';
    out[at++] = '1';
    for (int i = 0; i < depth; i++)
        out[at++] = ']';
    out[at] = '\0';
    return out;
}

static void test_depth(void **state)
{
    (void)state;
    char arrays[64], body[128];
    assert_refused(nested(arrays, 17), "body.too_deep", NULL);
    assert_refused(nested(arrays, 16), "body.invalid_json", NULL); /* deep enough to parse, but no object */
    snprintf(body, sizeof body, "{\"tags\":%s}", nested(arrays, 16));
    assert_refused(body, "body.too_deep", NULL);
    snprintf(body, sizeof body, "{\"name\":\"a\",\"tags\":%s}", nested(arrays, 15)); /* 16 levels in all */
    assert_refused(body, "field.type", "tags");
    snprintf(body, sizeof body, "{\"name\":\"a\",\"x\":{\"a\":{\"b\":%s}}}", nested(arrays, 14));
    assert_refused(body, "body.too_deep", NULL);
    /* brackets inside strings are text, escaped quotes do not end a string */
    assert_accepted("{\"name\":\"[[[[\",\"note\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}");
    /* were the escaped quote taken as the end, the brackets of note would count as nesting */
    assert_accepted("{\"name\":\"\\\"\",\"note\":\"[[[[[[[[[[[[[[[[[[[[[[[[\"}");
    assert_accepted("{\"name\":\"\\\\\",\"note\":\"[[[[[[[[[[[[[[[[[[[[[[[[\"}"); /* an escaped backslash */
}

static void test_invalid_json(void **state)
{
    (void)state;
    const char *bodies[] = {"[1]",
                            "",
                            "{",
                            "null",
                            "\"text\"",
                            "42",
                            "{\"name\":\"a\",}",
                            "{'name':'a'}",
                            "{\"name\":\"a\"} {}",
                            "{\"name\":\"a\\u0000b\"}",
                            "{\"name\":NaN}"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
        assert_refused(bodies[i], "body.invalid_json", NULL);
    Request req;
    assert_int_equal(read_body_len(&req, "application/json", NULL, 0), TK_ERR_INVALID);
    assert_string_equal(req.fault.code, "body.invalid_json");
    arena_free(&req.arena);
}

static void test_duplicate_keys_refused(void **state)
{
    (void)state;
    assert_refused("{\"name\":\"a\",\"name\":\"b\"}", "body.invalid_json", NULL);
    assert_refused("{\"name\":\"a\",\"tags\":[],\"note\":null,\"tags\":[]}", "body.invalid_json", NULL);
}

static void test_unknown_field_named(void **state)
{
    (void)state;
    assert_refused("{\"name\":\"a\",\"nickname\":\"b\"}", "field.unknown", "nickname");
    assert_refused("{\"name\":\"a\",\"Name\":\"b\"}", "field.unknown", "Name"); /* names are exact */
    assert_refused("{\"name\":\"a\",\"الاسم\":\"b\"}", "field.unknown", "الاسم");
}

static void test_types(void **state)
{
    (void)state;
    assert_refused("{\"name\":5}", "field.type", "name");
    assert_refused("{\"name\":[\"a\"]}", "field.type", "name");
    assert_refused("{\"name\":true}", "field.type", "name");
    assert_refused("{\"name\":\"a\",\"note\":7}", "field.type", "note");
    assert_refused("{\"name\":\"a\",\"unit_id\":\"7\"}", "field.type", "unit_id");
    assert_refused("{\"name\":\"a\",\"unit_id\":1.5}", "field.type", "unit_id");
    assert_refused("{\"name\":\"a\",\"unit_id\":null}", "field.type", "unit_id");
    assert_refused("{\"name\":\"a\",\"unit_id\":0}", "field.invalid", "unit_id");
    assert_refused("{\"name\":\"a\",\"unit_id\":-3}", "field.invalid", "unit_id");
    assert_refused("{\"name\":\"a\",\"parent_id\":0}", "field.invalid", "parent_id");
    assert_refused("{\"name\":\"a\",\"parent_id\":\"1\"}", "field.type", "parent_id");
    assert_refused("{\"name\":\"a\",\"tags\":\"x\"}", "field.type", "tags");
    assert_refused("{\"name\":\"a\",\"tags\":[\"x\",1]}", "field.type", "tags");
    assert_refused("{\"name\":\"a\",\"tags\":[null]}", "field.type", "tags");
    assert_refused("{\"name\":\"a\",\"ids\":7}", "field.type", "ids");
    assert_refused("{\"name\":\"a\",\"ids\":[7,\"8\"]}", "field.type", "ids");
    assert_refused("{\"name\":\"a\",\"ids\":[7,1.5]}", "field.type", "ids");
    assert_refused("{\"name\":\"a\",\"ids\":[7,0]}", "field.invalid", "ids");
    assert_refused("{\"name\":\"a\",\"ids\":[-1]}", "field.invalid", "ids");
    assert_accepted("{\"name\":\"a\",\"ids\":[]}");
    assert_accepted("{\"name\":\"a\",\"ids\":[4,5]}");
    assert_accepted("{\"name\":\"a\",\"note\":null,\"unit_id\":7,\"parent_id\":null,\"tags\":[]}");
    assert_accepted(
        "{\"name\":\"a\",\"note\":\"n\",\"unit_id\":9007199254740993,\"parent_id\":2,\"tags\":[\"x\",\"y\"]}");
}

static void test_required(void **state)
{
    (void)state;
    assert_refused("{}", "field.required", "name");
    assert_refused("{\"note\":\"n\"}", "field.required", "name");
    /* null is no string, and does not count as given */
    Request req;
    assert_int_equal(read_body(&req, "{\"name\":null}"), TK_ERR_INVALID);
    assert_string_equal(req.fault.code, "field.type");
    assert_int_equal(req.fault.field_count, 2);
    assert_string_equal(req.fault.fields[1].field, "name");
    assert_string_equal(req.fault.fields[1].code, "field.required");
    arena_free(&req.arena);
}

static void test_lengths_in_characters(void **state)
{
    (void)state;
    assert_accepted("{\"name\":\"abcde\"}");
    assert_refused("{\"name\":\"abcdef\"}", "field.too_long", "name");
    assert_accepted("{\"name\":\"ليلىع\"}");                               /* five letters, ten bytes */
    assert_refused("{\"name\":\"ليلى ع\"}", "field.too_long", "name");     /* six characters */
    assert_accepted("{\"name\":\"\\u0644\\u064A\\u0644\\u0649\\u0639\"}"); /* escapes count as characters */
    /* no max_chars: 1000 */
    char body[1100];
    int at = snprintf(body, sizeof body, "{\"name\":\"a\",\"note\":\"");
    for (int i = 0; i < 1000; i++)
        body[at++] = 'x';
    strcpy(body + at, "\"}");
    assert_accepted(body);
    body[at++] = 'x';
    strcpy(body + at, "\"}");
    assert_refused(body, "field.too_long", "note");
    /* the strings of an array are held to the same limit, and an array to 64 items */
    at = snprintf(body, sizeof body, "{\"name\":\"a\",\"tags\":[\"");
    for (int i = 0; i < 1001; i++)
        body[at++] = 'x';
    strcpy(body + at, "\"]}");
    assert_refused(body, "field.too_long", "tags");
    char many[600];
    at = snprintf(many, sizeof many, "{\"name\":\"a\",\"tags\":[");
    for (int i = 0; i < 65; i++)
        at += snprintf(many + at, sizeof many - (size_t)at, "%s\"t\"", i ? "," : "");
    strcpy(many + at, "]}");
    assert_refused(many, "field.too_long", "tags");
}

static void test_every_fault_recorded(void **state)
{
    (void)state;
    Request req;
    assert_int_equal(read_body(&req, "{\"bogus\":1,\"unit_id\":\"x\",\"tags\":[2]}"), TK_ERR_INVALID);
    assert_string_equal(req.fault.code, "field.unknown");
    assert_int_equal(req.fault.field_count, 4);
    assert_string_equal(req.fault.fields[0].field, "bogus");
    assert_string_equal(req.fault.fields[1].field, "unit_id");
    assert_string_equal(req.fault.fields[1].code, "field.type");
    assert_string_equal(req.fault.fields[2].field, "tags");
    assert_string_equal(req.fault.fields[3].field, "name");
    assert_string_equal(req.fault.fields[3].code, "field.required");
    arena_free(&req.arena);
}

static void test_accepted_body_readable(void **state)
{
    (void)state;
    static Inputs inputs = {.content_type = "application/json"};
    Request req;
    request_init(&req, &inputs, "{\"name\":\"ليلى\",\"note\":null,\"unit_id\":12}");
    json_t *body = NULL;
    assert_int_equal(api_body_read(&req, specs, &body), TK_OK);
    assert_string_equal(api_field_text(body, "name"), "ليلى");
    assert_null(api_field_text(body, "note"));
    assert_true(api_field_present(body, "note"));
    assert_false(api_field_present(body, "parent_id"));
    assert_int_equal(api_field_int(body, "unit_id"), 12);
    assert_int_equal(api_field_int(body, "parent_id"), 0);
    assert_int_equal(api_field_int(body, "name"), 0);
    json_decref(body);
    arena_free(&req.arena);
}

/* A request whose query holds name=value (value NULL: absent). */
static void query_request(Request *req, Inputs *inputs, const char *name, const char *value)
{
    *inputs = (Inputs){.names = {value ? name : NULL}, .values = {value}};
    request_init(req, inputs, NULL);
}

static void assert_query_invalid(Request *req, int rc, const char *name)
{
    assert_int_equal(rc, TK_ERR_INVALID);
    assert_string_equal(req->fault.code, "query.invalid");
    assert_int_equal(req->fault.field_count, 1);
    assert_string_equal(req->fault.fields[0].field, name);
}

static void test_query_id(void **state)
{
    (void)state;
    Inputs inputs;
    Request req;
    int64_t id = -1;
    query_request(&req, &inputs, "unit_id", NULL);
    assert_int_equal(api_query_id(&req, "unit_id", &id), TK_OK);
    assert_int_equal(id, 0);
    query_request(&req, &inputs, "unit_id", "");
    assert_int_equal(api_query_id(&req, "unit_id", &id), TK_OK);
    assert_int_equal(id, 0);
    query_request(&req, &inputs, "unit_id", "42");
    assert_int_equal(api_query_id(&req, "unit_id", &id), TK_OK);
    assert_int_equal(id, 42);
    query_request(&req, &inputs, "unit_id", "9223372036854775807");
    assert_int_equal(api_query_id(&req, "unit_id", &id), TK_OK);
    assert_int_equal(id, INT64_MAX);
    const char *bad[] = {"0",  "-1",  "+1",  " 1",  "1 ",  "1x", "0x10", "1.0", "9223372036854775808",
                         "١٢", "\t5", "\n5", "\v5", "\f5", "\r5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        query_request(&req, &inputs, "unit_id", bad[i]);
        id = -1;
        assert_query_invalid(&req, api_query_id(&req, "unit_id", &id), "unit_id");
        assert_int_equal(id, 0);
    }
}

static void test_query_limit(void **state)
{
    (void)state;
    Inputs inputs;
    Request req;
    int limit = -1;
    query_request(&req, &inputs, "limit", NULL);
    assert_int_equal(api_query_limit(&req, &limit), TK_OK);
    assert_int_equal(limit, 50);
    query_request(&req, &inputs, "limit", "1");
    assert_int_equal(api_query_limit(&req, &limit), TK_OK);
    assert_int_equal(limit, 1);
    query_request(&req, &inputs, "limit", "200");
    assert_int_equal(api_query_limit(&req, &limit), TK_OK);
    assert_int_equal(limit, 200);
    const char *bad[] = {"201", "0", "-5", "4294967346", "lots"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        query_request(&req, &inputs, "limit", bad[i]);
        assert_query_invalid(&req, api_query_limit(&req, &limit), "limit");
    }
}

static void test_query_time(void **state)
{
    (void)state;
    Inputs inputs;
    Request req;
    int64_t at = -1;
    query_request(&req, &inputs, "from", NULL);
    assert_int_equal(api_query_time(&req, "from", &at), TK_OK);
    assert_int_equal(at, 0);
    query_request(&req, &inputs, "from", "2026-02-28");
    assert_int_equal(api_query_time(&req, "from", &at), TK_OK);
    assert_int_equal(at, 1772236800);
    query_request(&req, &inputs, "to", "2026-11-29T04:33:10Z");
    assert_int_equal(api_query_time(&req, "to", &at), TK_OK);
    assert_int_equal(at, 1795926790);
    const char *bad[] = {"2026-02-29", "yesterday", "2026-11-29T04:33:10", "1772236800"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        query_request(&req, &inputs, "from", bad[i]);
        assert_query_invalid(&req, api_query_time(&req, "from", &at), "from");
    }
}

static void test_query_text(void **state)
{
    (void)state;
    Inputs inputs;
    Request req;
    const char *text = "unset";
    query_request(&req, &inputs, "q", NULL);
    assert_int_equal(api_query_text(&req, "q", &text), TK_OK);
    assert_null(text);
    query_request(&req, &inputs, "q", "ليلى");
    assert_int_equal(api_query_text(&req, "q", &text), TK_OK);
    assert_string_equal(text, "ليلى");
    char long_text[202];
    memset(long_text, 'a', 200);
    long_text[200] = '\0';
    query_request(&req, &inputs, "q", long_text);
    assert_int_equal(api_query_text(&req, "q", &text), TK_OK);
    long_text[200] = 'a';
    long_text[201] = '\0';
    const char *bad[] = {long_text, "a\xC0\xAF", "tab\there", "nel\xC2\x85"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        query_request(&req, &inputs, "q", bad[i]);
        assert_query_invalid(&req, api_query_text(&req, "q", &text), "q");
        assert_null(text);
    }
}

static void test_api_time(void **state)
{
    (void)state;
    json_t *none = api_time(0);
    assert_true(json_is_null(none));
    json_decref(none);
    json_t *when = api_time(1795926790);
    assert_string_equal(json_string_value(when), "2026-11-29T04:33:10Z");
    json_decref(when);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_type),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_invalid_json),
        cmocka_unit_test(test_duplicate_keys_refused),
        cmocka_unit_test(test_unknown_field_named),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_required),
        cmocka_unit_test(test_lengths_in_characters),
        cmocka_unit_test(test_every_fault_recorded),
        cmocka_unit_test(test_accepted_body_readable),
        cmocka_unit_test(test_query_id),
        cmocka_unit_test(test_query_limit),
        cmocka_unit_test(test_query_time),
        cmocka_unit_test(test_query_text),
        cmocka_unit_test(test_api_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
