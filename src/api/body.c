#include "api/body.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "base/clock.h"
#include "base/err.h"
#include "text/utf8.h"

/* Nesting depth of JSON text, counted outside strings; stops early past the limit. */
static int json_depth(const char *text, size_t len, int limit)
{
    int depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest && (deepest = depth) > limit)
                return deepest;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return deepest;
}

/* An array of items all of item_type, at most max of them (0: any number): NULL, or the fault's code. */
static const char *array_check(json_t *value, json_type item_type, size_t max)
{
    if (!json_is_array(value))
        return "field.type";
    if (max && json_array_size(value) > max)
        return "field.too_long";
    size_t index;
    json_t *item;
    json_array_foreach(value, index, item) if (json_typeof(item) != item_type) return "field.type";
    return NULL;
}

static const char *type_code_check(json_t *value, FieldType type)
{
    switch (type) {
    case FIELD_STRING: return json_is_string(value) ? NULL : "field.type";
    case FIELD_STRING_OR_NULL: return json_is_string(value) || json_is_null(value) ? NULL : "field.type";
    case FIELD_INTEGER:
        if (!json_is_integer(value))
            return "field.type";
        return json_integer_value(value) > 0 ? NULL : "field.invalid";
    case FIELD_INTEGER_OR_NULL:
        if (json_is_null(value))
            return NULL;
        if (!json_is_integer(value))
            return "field.type";
        return json_integer_value(value) > 0 ? NULL : "field.invalid";
    case FIELD_BOOLEAN: return json_is_boolean(value) ? NULL : "field.type";
    case FIELD_COUNT_OR_NULL:
        if (json_is_null(value))
            return NULL;
        if (!json_is_integer(value))
            return "field.type";
        return json_integer_value(value) >= 0 ? NULL : "field.invalid";
    case FIELD_STRING_ARRAY_OR_NULL:
        if (json_is_null(value))
            return NULL;
        return type_code_check(value, FIELD_STRING_ARRAY);
    case FIELD_OBJECT_ARRAY: return array_check(value, JSON_OBJECT, 50);
    case FIELD_ID_ARRAY: {
        const char *problem = array_check(value, JSON_INTEGER, 0);
        size_t index;
        json_t *item;
        if (!problem)
            json_array_foreach(value, index, item) if (json_integer_value(item) <= 0) return "field.invalid";
        return problem;
    }
    case FIELD_STRING_ARRAY: return array_check(value, JSON_STRING, 0);
    }
    return "field.type";
}

static const char *string_length_check(json_t *value, size_t max)
{
    const char *text = json_string_value(value);
    size_t len = json_string_length(value);
    if (strlen(text) != len)
        return "field.invalid"; /* an embedded NUL */
    return text_utf8_length(text, len) > max ? "field.too_long" : NULL;
}

/* Strings, and the strings of string arrays, within the field's limit; arrays of at most 64 items. */
static const char *length_check(json_t *value, const FieldSpec *spec)
{
    size_t max = spec->max_chars ? (size_t)spec->max_chars : 1000;
    if (json_is_string(value))
        return string_length_check(value, max);
    if (!json_is_array(value))
        return NULL;
    if (json_array_size(value) > 64)
        return "field.too_long";
    size_t index;
    json_t *item;
    json_array_foreach(value, index, item)
    {
        const char *problem = json_is_string(item) ? string_length_check(item, max) : NULL;
        if (problem)
            return problem;
    }
    return NULL;
}

static bool is_token_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Checks a Content-Type (RFC 9110 §8.3): application/json, then parameters name=token or name="quoted"; a charset
 * parameter, when given, must name UTF-8 (the only encoding of JSON, RFC 8259 §8.1). NULL when it is good, else the
 * error code. */
static const char *content_type_problem(const char *type)
{
    if (!type || strncasecmp(type, "application/json", 16) != 0)
        return "body.content_type";
    const char *p = skip_blanks(type + 16);
    while (*p) {
        if (*p++ != ';')
            return "body.content_type";
        p = skip_blanks(p);
        if (!*p)
            break; /* a trailing ";" */
        const char *name = p;
        while (is_token_char(*p))
            p++;
        size_t name_len = (size_t)(p - name);
        if (!name_len || *p++ != '=')
            return "body.content_type";
        char value[16];
        size_t value_len = 0;
        bool too_long = false;
        if (*p == '"') {
            for (p++; *p != '"'; p++) {
                if (*p == '\\' && p[1])
                    p++;
                if (!*p || ((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7f)
                    return "body.content_type";
                if (value_len < sizeof value - 1)
                    value[value_len++] = *p;
                else
                    too_long = true;
            }
            p++;
        } else {
            for (; is_token_char(*p); p++) {
                if (value_len < sizeof value - 1)
                    value[value_len++] = *p;
                else
                    too_long = true;
            }
            if (!value_len)
                return "body.content_type";
        }
        value[value_len] = '\0';
        if (name_len == 7 && strncasecmp(name, "charset", 7) == 0 && (too_long || strcasecmp(value, "utf-8") != 0))
            return "body.charset";
        p = skip_blanks(p);
    }
    return NULL;
}

/* The member of the body a row reads: the last name of its field (outcome.terms: terms). */
static const char *member_name(const FieldSpec *spec)
{
    const char *dot = strrchr(spec->name, '.');
    return dot ? dot + 1 : spec->name;
}

int api_body_read(Request *req, const FieldSpec *specs, json_t **out)
{
    *out = NULL;
    const char *type_problem = content_type_problem(req->header(req, "Content-Type"));
    if (type_problem)
        return fault_set(&req->fault, TK_ERR_INVALID, type_problem);
    if (!text_utf8_valid(req->body ? req->body : "", req->body_len))
        return fault_set(&req->fault, TK_ERR_INVALID, "body.invalid_utf8");
    if (json_depth(req->body ? req->body : "", req->body_len, BODY_MAX_DEPTH) > BODY_MAX_DEPTH)
        return fault_set(&req->fault, TK_ERR_INVALID, "body.too_deep");
    json_error_t error;
    json_t *body = json_loadb(req->body ? req->body : "", req->body_len, JSON_REJECT_DUPLICATES, &error);
    if (!body || !json_is_object(body)) {
        json_decref(body);
        return fault_set(&req->fault, TK_ERR_INVALID, "body.invalid_json");
    }
    int rc = TK_OK;
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value)
    {
        const FieldSpec *spec = specs;
        while (spec->name && strcmp(member_name(spec), key) != 0)
            spec++;
        if (!spec->name) {
            rc = fault_field(&req->fault, TK_ERR_INVALID, "field.unknown", arena_strdup(&req->arena, key));
            continue;
        }
        const char *problem = type_code_check(value, spec->type);
        if (!problem)
            problem = length_check(value, spec);
        if (problem)
            rc = fault_field(&req->fault, TK_ERR_INVALID, problem, member_name(spec));
    }
    for (const FieldSpec *spec = specs; spec->name; spec++) {
        json_t *present = json_object_get(body, member_name(spec));
        if (spec->required && (!present || json_is_null(present)))
            rc = fault_field(&req->fault, TK_ERR_INVALID, "field.required", member_name(spec));
    }
    if (rc != TK_OK) {
        json_decref(body);
        return rc;
    }
    *out = body;
    return TK_OK;
}

/* The strings of an array joined by commas, in the arena; NULL when empty (or when the arena fails). */
static const char *joined_codes(Arena *arena, json_t *array)
{
    if (!json_array_size(array))
        return NULL;
    const char *joined = "";
    for (size_t i = 0; joined && i < json_array_size(array); i++)
        joined = arena_printf(arena, "%s%s%s", joined, i ? "," : "", json_string_value(json_array_get(array, i)));
    return joined;
}

void api_body_fields(Request *req, const FieldSpec *specs, json_t *body, void *record)
{
    for (const FieldSpec *spec = specs; spec->name; spec++) {
        json_t *value = json_object_get(body, member_name(spec));
        if (!value)
            continue;
        if (spec->sent && spec->sent_bit)
            *(uint32_t *)((char *)record + spec->sent - 1) |= spec->sent_bit;
        else if (spec->sent)
            *(bool *)((char *)record + spec->sent - 1) = true;
        void *field = (char *)record + spec->to.offset;
        if (!spec->to.name || json_is_null(value))
            continue;
        switch (spec->to.kind) {
        case FIELD_I64: *(int64_t *)field = json_is_integer(value) ? (int64_t)json_integer_value(value) : 0; break;
        case FIELD_INT: *(int *)field = json_is_integer(value) ? (int)json_integer_value(value) : 0; break;
        case FIELD_BOOL: *(bool *)field = json_is_true(value); break;
        case FIELD_TEXT:
            *(const char **)field = json_is_array(value) ? joined_codes(&req->arena, value)
                                                         : arena_strdup(&req->arena, json_string_value(value));
            break;
        }
    }
}

int api_body_keep(Request *req, const FieldSpec *specs, void *record, json_t **body)
{
    int rc = api_body_read(req, specs, body);
    if (rc == TK_OK)
        api_body_fields(req, specs, *body, record);
    return rc;
}

int api_body_record(Request *req, const FieldSpec *specs, void *record)
{
    json_t *body;
    int rc = api_body_keep(req, specs, record, &body);
    json_decref(body);
    return rc;
}

const char *api_field_text(json_t *body, const char *name)
{
    return json_string_value(json_object_get(body, name));
}

int64_t api_field_int(json_t *body, const char *name)
{
    json_t *value = json_object_get(body, name);
    return json_is_integer(value) ? (int64_t)json_integer_value(value) : 0;
}

bool api_field_bool(json_t *body, const char *name)
{
    return json_is_true(json_object_get(body, name));
}

bool api_field_present(json_t *body, const char *name)
{
    return json_object_get(body, name) != NULL;
}

int api_query_id(Request *req, const char *name, int64_t *out)
{
    *out = 0;
    const char *text = req->query(req, name);
    if (!text || !*text)
        return TK_OK;
    char *end = NULL;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno || *end || value <= 0 || text[0] < '0' || text[0] > '9')
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", name);
    *out = value;
    return TK_OK;
}

int api_query_limit(Request *req, int *out)
{
    int64_t value = 0;
    *out = 50;
    int rc = api_query_id(req, "limit", &value);
    if (rc != TK_OK)
        return rc;
    if (value > 200)
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", "limit");
    if (value)
        *out = (int)value;
    return TK_OK;
}

int api_query_time(Request *req, const char *name, int64_t *out)
{
    *out = 0;
    const char *text = req->query(req, name);
    if (!text || !*text)
        return TK_OK;
    if (!clock_parse_iso(text, out))
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", name);
    return TK_OK;
}

int api_query_text(Request *req, const char *name, const char **out)
{
    *out = NULL;
    const char *text = req->query(req, name);
    if (!text || !*text)
        return TK_OK;
    size_t len = strlen(text);
    if (len > 200 || !text_utf8_valid(text, len) || text_has_control(text, len, false))
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", name);
    *out = text;
    return TK_OK;
}

int api_query_flag(Request *req, const char *name, bool *out)
{
    const char *value = NULL;
    *out = false;
    if (api_query_text(req, name, &value))
        return TK_ERR_INVALID;
    if (value && strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", name);
    *out = value && strcmp(value, "true") == 0;
    return TK_OK;
}

json_t *api_time(int64_t seconds)
{
    if (!seconds)
        return json_null();
    char text[21];
    clock_format_iso(seconds, text);
    return json_string(text);
}

json_t *api_id_or_null(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

int api_answer(Request *req, int status, json_t *body)
{
    api_respond(req, status, body);
    return TK_OK;
}

void api_respond_case_items(Request *req, int status, json_t *items)
{
    api_respond(req, status, json_pack("{s:I, s:o}", "case_id", (json_int_t)req->params[0], "items", items));
}

void api_respond_items(Request *req, const char *key, int64_t id, json_t *items)
{
    api_respond(req, 200,
                key ? json_pack("{s:I, s:o}", key, (json_int_t)id, "items", items)
                    : json_pack("{s:o}", "items", items));
}

json_t *api_codes_array(const char *joined)
{
    json_t *array = json_array();
    for (const char *p = joined; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len)
            json_array_append_new(array, json_stringn(p, len));
        p = end ? end + 1 : p + len;
    }
    return array;
}

/* The value of one member of a record's JSON (a new reference), drawn from record; name: the row before's text (the
 * name an OUT_SEX_OF row goes with). */
static json_t *render_value(const void *record, const RenderMember *member, const char *name)
{
    const void *slot = (const char *)record + member->from.offset;
    int64_t number = 0;
    switch (member->from.kind) {
    case FIELD_I64: number = *(const int64_t *)slot; break;
    case FIELD_INT: number = *(const int *)slot; break;
    case FIELD_BOOL: return json_boolean(*(const bool *)slot);
    case FIELD_TEXT: {
        const char *text = *(const char *const *)slot;
        switch (member->kind) {
        case OUT_PLAIN: return text ? json_string(text) : NULL;
        case OUT_CODES: return api_codes_array(text);
        case OUT_SEX_OF: return api_user_sex_json(name, text);
        default: return api_text_or_null(text);
        }
    }
    }
    switch (member->kind) {
    case OUT_TIME: return api_time(number);
    case OUT_OR_NULL: return api_id_or_null(number);
    default: return json_integer(number);
    }
}

void api_render(json_t *object, const void *record, const RenderMember *members)
{
    const char *name = NULL; /* the text of the row before */
    for (const RenderMember *m = members; m->from.name; m++) {
        const char *dot = strrchr(m->from.name, '.');
        json_object_set_new(object, m->as ? m->as : dot ? dot + 1 : m->from.name, render_value(record, m, name));
        name = m->from.kind == FIELD_TEXT ? *(const char *const *)((const char *)record + m->from.offset) : NULL;
    }
}

json_t *api_render_new(const void *record, const RenderMember *members)
{
    json_t *object = json_object();
    api_render(object, record, members);
    return object;
}
