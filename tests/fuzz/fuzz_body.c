/* Fuzz target: request bodies through the API's strict JSON reader (UTF-8, depth, types, unknown fields). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/body.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *content_type_json(const Request *req, const char *name)
{
    (void)req;
    return strcmp(name, "Content-Type") == 0 ? "application/json" : NULL;
}

static const char *query_from_body(const Request *req, const char *name)
{
    /* Query parameters get the body's text too, so their parsers see the same inputs. */
    (void)name;
    return req->body;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const FieldSpec specs[] = {
        {"code", FIELD_STRING, true, 32},        {"name", FIELD_STRING_OR_NULL, false, 200},
        {"unit_id", FIELD_INTEGER, false, 0},    {"parent_id", FIELD_INTEGER_OR_NULL, false, 0},
        {"roles", FIELD_STRING_ARRAY, false, 0}, {0},
    };
    Request req;
    memset(&req, 0, sizeof req);
    arena_init(&req.arena, 0);
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    req.body = text;
    req.body_len = size;
    req.header = content_type_json;
    req.query = query_from_body;
    json_t *body = NULL;
    if (api_body_read(&req, specs, &body) == 0) {
        (void)api_field_text(body, "code");
        (void)api_field_int(body, "unit_id");
        json_decref(body);
    }
    memset(&req.fault, 0, sizeof req.fault);
    int64_t id, when;
    int limit;
    const char *value;
    (void)api_query_id(&req, "id", &id);
    (void)api_query_limit(&req, &limit);
    (void)api_query_time(&req, "from", &when);
    (void)api_query_text(&req, "q", &value);
    arena_free(&req.arena);
    free(text);
    return 0;
}
