/* Reading request bodies and query strings: strict JSON, declared fields only, each of its type. */
#ifndef TAKAMUL_API_BODY_H
#define TAKAMUL_API_BODY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/request.h"
#include "base/fields.h"

enum { BODY_MAX_DEPTH = 16 };

typedef enum {
    FIELD_STRING,
    FIELD_STRING_OR_NULL,
    FIELD_INTEGER, /* a positive whole number */
    FIELD_INTEGER_OR_NULL,
    FIELD_STRING_ARRAY,
    FIELD_STRING_ARRAY_OR_NULL,
    FIELD_BOOLEAN,
    FIELD_OBJECT_ARRAY,  /* an array of objects (at most 50), whose members the handler checks */
    FIELD_ID_ARRAY,      /* an array of record ids: positive whole numbers (at most 64) */
    FIELD_COUNT_OR_NULL, /* a whole number, 0 or more (how many: people, dinars), or null */
} FieldType;

/* One member of a request body: its rule (type, required, longest text) and where its value goes in the record the
 * body is read into. A body's table is a list of these ended by {0}, written with the macros below, and is all that
 * api_body_read and api_body_record need. */
typedef struct {
    const char *name; /* the member of the body (of a field of a member, outcome.terms: the last name, terms) */
    FieldType type;
    bool required;
    int max_chars; /* strings: longest allowed, in characters; 0: 1000 */
    Field to;      /* the record's field its value goes into (base/fields.h); .name NULL: none, the handler reads it */
    size_t sent;   /* 1 + the offset of the record's member that tells it was sent (even as null); 0: none */
    uint32_t sent_bit; /* 0: that member is a bool set true; else the bit set in that uint32_t member */
} FieldSpec;

/* A member of the body read into the field of T of the same name: BODY_FIELD(Meeting, place, FIELD_STRING, true,
 * 200). A field of a member of T (outcome.terms) is read from the body's member of its last name (terms). More
 * designators may follow: BODY_SENT or BODY_SENT_BIT. */
#define BODY_FIELD(T, member, field_type, is_required, max, ...)                                                       \
    {                                                                                                                  \
        .name = #member, .type = field_type, .required = is_required, .max_chars = max, .to = FIELD_OF(T, member),     \
        ##__VA_ARGS__                                                                                                  \
    }
/* A member of the body that is checked but read by the handler (an array of objects or of ids, roles, a
 * password); BODY_SENT or BODY_SENT_BIT may follow. */
#define BODY_CHECK(json_name, field_type, is_required, max, ...)                                                       \
    {                                                                                                                  \
        .name = json_name, .type = field_type, .required = is_required, .max_chars = max, ##__VA_ARGS__                \
    }
/* The bool flag of T set when the member is in the body, even as null (a partial update: has_governorate). */
#define BODY_SENT(T, flag) .sent = offsetof(T, flag) + _Generic(((T *)0)->flag, bool : 1)
/* The bit set in the uint32_t mask of T when the member is in the body, even as null. */
#define BODY_SENT_BIT(T, mask, bit)                                                                                    \
    .sent = offsetof(T, mask) + _Generic(((T *)0)->mask, uint32_t : 1), .sent_bit = (bit)

/* A body's table of members all read into T, each row (member, type, required, max, designators…) as BODY_FIELD
 * takes it, ended by {0}: static const FieldSpec visit_specs[] = BODY_TABLE(FamilyVisit, (visited_on, FIELD_STRING,
 * true, 10), (notes, FIELD_STRING_OR_NULL, false, 2000)); at most 32 rows. */
#define BODY_TABLE(T, ...)                                                                                             \
    {                                                                                                                  \
        BODY_ROWS(T, __VA_ARGS__),                                                                                     \
        {                                                                                                              \
            0                                                                                                          \
        }                                                                                                              \
    }
/* The same rows without the end, for a table that mixes them with BODY_CHECK rows, in the body's order:
 * {BODY_ROWS(Home, (home_type, FIELD_STRING, true, 40)), BODY_CHECK("rooms", FIELD_OBJECT_ARRAY, true, 0), {0}}. */
#define BODY_ROWS(T, ...) API_ROWS_(BODY_ROW_, API_COMMA_, T, __VA_ARGS__)
#define BODY_ROW_(T, row) BODY_FIELD_OF_(T, API_UNPACK_ row)
#define BODY_FIELD_OF_(T, ...) BODY_FIELD(T, __VA_ARGS__)

/* The rows of a table of T (at most 32), each row a parenthesised list that ROW(T, row) turns into one entry, the
 * entries parted by what SEP() gives (API_COMMA_: the rows of an array; API_SEMICOLON_: the members of a struct). */
#define API_ROWS_(ROW, SEP, T, ...)                                                                                    \
    API_PICK_(__VA_ARGS__, API_ROWS_32_, API_ROWS_31_, API_ROWS_30_, API_ROWS_29_, API_ROWS_28_, API_ROWS_27_,         \
              API_ROWS_26_, API_ROWS_25_, API_ROWS_24_, API_ROWS_23_, API_ROWS_22_, API_ROWS_21_, API_ROWS_20_,        \
              API_ROWS_19_, API_ROWS_18_, API_ROWS_17_, API_ROWS_16_, API_ROWS_15_, API_ROWS_14_, API_ROWS_13_,        \
              API_ROWS_12_, API_ROWS_11_, API_ROWS_10_, API_ROWS_9_, API_ROWS_8_, API_ROWS_7_, API_ROWS_6_,            \
              API_ROWS_5_, API_ROWS_4_, API_ROWS_3_, API_ROWS_2_, API_ROWS_1_)                                         \
    (ROW, SEP, T, __VA_ARGS__)
#define API_PICK_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21, _22, \
                  _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, name, ...)                                         \
    name
#define API_UNPACK_(...) __VA_ARGS__
#define API_COMMA_() ,
#define API_SEMICOLON_() ;
#define API_ROWS_1_(ROW, SEP, T, row) ROW(T, row)
#define API_ROWS_2_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_1_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_3_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_2_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_4_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_3_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_5_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_4_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_6_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_5_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_7_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_6_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_8_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_7_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_9_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_8_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_10_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_9_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_11_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_10_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_12_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_11_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_13_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_12_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_14_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_13_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_15_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_14_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_16_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_15_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_17_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_16_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_18_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_17_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_19_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_18_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_20_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_19_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_21_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_20_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_22_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_21_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_23_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_22_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_24_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_23_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_25_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_24_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_26_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_25_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_27_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_26_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_28_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_27_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_29_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_28_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_30_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_29_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_31_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_30_(ROW, SEP, T, __VA_ARGS__)
#define API_ROWS_32_(ROW, SEP, T, row, ...) ROW(T, row) SEP() API_ROWS_31_(ROW, SEP, T, __VA_ARGS__)

/* Declares Name, the record of a body of plain members, and specs, its table (as BODY_TABLE), from one row a member:
 * (its C type, member, type, required, max, designators…): BODY_RECORD(Assignment, assignment_specs, (int64_t,
 * user_id, FIELD_INTEGER, true, 0), (const char *, role, FIELD_STRING, true, 40)); */
#define BODY_RECORD(Name, specs, ...)                                                                                  \
    typedef struct {                                                                                                   \
        API_ROWS_(BODY_MEMBER_, API_SEMICOLON_, Name, __VA_ARGS__);                                                    \
    } Name;                                                                                                            \
    static const FieldSpec specs[] = {API_ROWS_(BODY_TYPED_ROW_, API_COMMA_, Name, __VA_ARGS__), {0}}
#define BODY_MEMBER_(T, row) BODY_MEMBER_OF_(API_UNPACK_ row)
#define BODY_MEMBER_OF_(...) BODY_MEMBER_DECLARE_(__VA_ARGS__)
#define BODY_MEMBER_DECLARE_(c_type, member, ...) c_type member
#define BODY_TYPED_ROW_(T, row) BODY_TYPED_OF_(T, API_UNPACK_ row)
#define BODY_TYPED_OF_(T, ...) BODY_TYPED_FIELD_(T, __VA_ARGS__)
#define BODY_TYPED_FIELD_(T, c_type, ...) BODY_FIELD(T, __VA_ARGS__)

/* The record of a change of a T that names the members sent as bits (a partial update): Name holds the T as changes,
 * and sent. */
#define BODY_CHANGES(Name, T)                                                                                          \
    typedef struct {                                                                                                   \
        T changes;                                                                                                     \
        uint32_t sent;                                                                                                 \
    } Name

/* The record of a body that changes a T at its version: Name holds the T as member, and the version. */
#define BODY_AT_VERSION(Name, T, member)                                                                               \
    typedef struct {                                                                                                   \
        T member;                                                                                                      \
        int64_t version;                                                                                               \
    } Name

/* Parses the body as a JSON object, checking content type, UTF-8 and depth, then checks it against specs
 * (a list ended by {0}): unknown fields, types, required fields and lengths. Every fault is recorded.
 * 0 with *out (owned by the caller: json_decref), or a TkErr. */
int api_body_read(Request *req, const FieldSpec *specs, json_t **out);

/* Reads the body as api_body_read with specs, then each member its table places (BODY_FIELD) into record: int64_t
 * and int from a whole number, bool from a boolean, text copied into the request's arena (an array of strings joined
 * by commas, NULL when empty); a member absent or null leaves the field as it was; a member sent, even as null, sets
 * its BODY_SENT flag or bit. The body is then let go; the same errors as api_body_read. */
int api_body_record(Request *req, const FieldSpec *specs, void *record);
/* The same, but the body is kept in *body (owned by the caller: json_decref) for the members the handler reads itself
 * (BODY_CHECK); *body is NULL on an error. */
int api_body_keep(Request *req, const FieldSpec *specs, void *record, json_t **body);
/* The same reading into record from a body already read by api_body_read with specs (the caller still holds it). */
void api_body_fields(Request *req, const FieldSpec *specs, json_t *body, void *record);

/* Field readers for an object already checked by api_body_read. NULL / 0 when absent or null. */
const char *api_field_text(json_t *body, const char *name);
int64_t api_field_int(json_t *body, const char *name);
bool api_field_bool(json_t *body, const char *name);
bool api_field_present(json_t *body, const char *name);

/* Query parameters: a positive whole number (0 when absent), a limit 1..200, an ISO time.
 * A malformed value records query.invalid on the parameter and returns TK_ERR_INVALID. */
int api_query_id(Request *req, const char *name, int64_t *out);
int api_query_limit(Request *req, int *out);
int api_query_time(Request *req, const char *name, int64_t *out);
/* A text parameter, NULL when absent; too long or not UTF-8 records query.invalid. */
int api_query_text(Request *req, const char *name, const char **out);

/* A flag parameter: true, false, or absent (false); anything else records query.invalid. */
int api_query_flag(Request *req, const char *name, bool *out);

/* A record id, or JSON null for 0. */
json_t *api_id_or_null(int64_t id);
/* The codes of a comma-separated list as a JSON array of strings ([] for NULL). */
json_t *api_codes_array(const char *joined);

/* How a field of a record is drawn as a member of its JSON (a row of a RENDER_TABLE). */
typedef enum {
    OUT_PLAIN,   /* as its C type: a whole number, true or false, or a string (the member left out for NULL text) */
    OUT_OR_NULL, /* text, or a whole number: null for NULL text or for 0 */
    OUT_TIME,    /* seconds (int64_t): ISO-8601 text, null for 0 (api_time) */
    OUT_CODES,   /* comma-separated codes: an array of strings, [] for NULL (api_codes_array) */
    OUT_SEX_OF,  /* the sex of the user named by the row before: null when that name is NULL (api_user_sex_json) */
} OutKind;

/* One member of a record's JSON: the record's field it is drawn from, how, and its name when it is not the field's
 * last name (admission.home_id: home_id). A table of these is ended by {0}. */
typedef struct {
    OutKind kind;
    Field from;     /* base/fields.h; .name NULL ends the table */
    const char *as; /* the member's name; NULL: the last name of the field */
} RenderMember;

/* A member drawn from the field of T of the same name; RENDER_AS("on") may follow for another name. */
#define RENDER_FIELD(T, member, out_kind, ...)                                                                         \
    {                                                                                                                  \
        .from = FIELD_OF(T, member), .kind = out_kind, ##__VA_ARGS__                                                   \
    }
#define RENDER_AS(json_name) .as = json_name
/* A record's members in the order its JSON gives them, each row (member, kind, designators…) as RENDER_FIELD takes
 * it, ended by {0}: static const RenderMember goal_members[] = RENDER_TABLE(CaseGoal, (id, OUT_PLAIN), (services,
 * OUT_CODES), (updated_at, OUT_TIME)); at most 32 rows. */
#define RENDER_TABLE(T, ...)                                                                                           \
    {                                                                                                                  \
        API_ROWS_(RENDER_ROW_, API_COMMA_, T, __VA_ARGS__),                                                            \
        {                                                                                                              \
            0                                                                                                          \
        }                                                                                                              \
    }
#define RENDER_ROW_(T, row) RENDER_FIELD_OF_(T, API_UNPACK_ row)
#define RENDER_FIELD_OF_(T, ...) RENDER_FIELD(T, __VA_ARGS__)

/* Defines static json_t *name(const T *record), the new object of the record's members drawn by the table of the
 * rows given (as RENDER_TABLE takes them): API_RENDERER(visit_json, FamilyVisit, (id, OUT_PLAIN), (notes,
 * OUT_OR_NULL)). */
#define API_RENDERER(name, T, ...)                                                                                     \
    static json_t *name(const T *record)                                                                               \
    {                                                                                                                  \
        static const RenderMember members_[] = RENDER_TABLE(T, __VA_ARGS__);                                           \
        return api_render_new(record, members_);                                                                       \
    }
/* Sets into object, in the table's order, each member of members (ended by {0}) drawn from record, a record of the
 * table's type; a member already there is replaced. */
void api_render(json_t *object, const void *record, const RenderMember *members);
/* A new object of the members of record (api_render into an empty object); the caller owns the reference. */
json_t *api_render_new(const void *record, const RenderMember *members);

/* A JSON array of render(&items[i], the arguments given after render) for each of the count items (render takes a
 * pointer to one item, then those arguments, and returns a new reference): API_ARRAY_OF(items, count, action_json,
 * today). */
#define API_ARRAY_OF(items, count, render, ...)                                                                        \
    __extension__({                                                                                                    \
        json_t *array_ = json_array();                                                                                 \
        for (int i_ = 0; i_ < (count); i_++)                                                                           \
            json_array_append_new(array_, render(&(items)[i_], ##__VA_ARGS__));                                        \
        array_;                                                                                                        \
    })
/* Answers {"case_id": the case of the path, "items": items} with status; takes the reference to items. */
void api_respond_case_items(Request *req, int status, json_t *items);
/* Answers {key: id, "items": items}, or {"items": items} when key is NULL; takes the reference to items. */
void api_respond_items(Request *req, const char *key, int64_t id, json_t *items);

/* The first n ids of the path, then the arguments given: what the domain function of a handler is called with
 * after its context (API_PATH_IDS_1(&record) is req->params[0], &record). */
#define API_PATH_IDS_0(...) __VA_ARGS__
#define API_PATH_IDS_1(...) req->params[0], ##__VA_ARGS__
#define API_PATH_IDS_2(...) req->params[0], req->params[1], ##__VA_ARGS__

/* Defines the handler that answers a list: list(ctx, the first ids ids of the path, &items, &count) gives the
 * records, each drawn by render, as {"items": […]}; with a key, the last of those ids is answered under it
 * ({"case_id": 12, "items": […]}). The list's error otherwise. */
#define API_LIST_HANDLER(handler, Type, list, ids, key, render)                                                        \
    int handler(Request *req)                                                                                          \
    {                                                                                                                  \
        Type *items = NULL;                                                                                            \
        int count = 0;                                                                                                 \
        int rc = list(&req->ctx, API_PATH_IDS_##ids(&items, &count));                                                  \
        if (rc == TK_OK)                                                                                               \
            api_respond_items(req, key, req->params[ids > 0 ? ids - 1 : 0], API_ARRAY_OF(items, count, render));       \
        return rc;                                                                                                     \
    }
/* The records of the case of the path: {"case_id", "items"}. */
#define API_CASE_LIST_HANDLER(handler, Type, list, render) API_LIST_HANDLER(handler, Type, list, 1, "case_id", render)
/* A list filtered by the text of one query parameter (NULL when absent): list(ctx, text, &items, &count), answered
 * as {"items": […]}. */
#define API_LIST_BY_QUERY_HANDLER(handler, Type, list, parameter, render)                                              \
    int handler(Request *req)                                                                                          \
    {                                                                                                                  \
        const char *value = NULL;                                                                                      \
        if (api_query_text(req, parameter, &value))                                                                    \
            return TK_ERR_INVALID;                                                                                     \
        Type *items = NULL;                                                                                            \
        int count = 0;                                                                                                 \
        int rc = list(&req->ctx, value, &items, &count);                                                               \
        if (rc == TK_OK)                                                                                               \
            api_respond_items(req, NULL, 0, API_ARRAY_OF(items, count, render));                                       \
        return rc;                                                                                                     \
    }
/* Defines the handler that gets a list as API_LIST_HANDLER does and, when it succeeds, gives answer(req, items,
 * count), a TkErr, for a list answered with more than its records (a function static int answer(Request *, const
 * Type *, int)); the list's error otherwise. */
#define API_LIST_ANSWER_HANDLER(handler, Type, list, ids, answer)                                                      \
    int handler(Request *req)                                                                                          \
    {                                                                                                                  \
        Type *items = NULL;                                                                                            \
        int count = 0;                                                                                                 \
        int rc = list(&req->ctx, API_PATH_IDS_##ids(&items, &count));                                                  \
        return rc == TK_OK ? answer(req, items, count) : rc;                                                           \
    }
/* The same for the records under one record, both read by list(ctx, the id of the path, &parent, &items, &count)
 * (a programme and its enrolments): answer(req, &parent, items, count). */
#define API_PARENT_LIST_HANDLER(handler, Parent, Type, list, answer)                                                   \
    int handler(Request *req)                                                                                          \
    {                                                                                                                  \
        Parent parent;                                                                                                 \
        Type *items = NULL;                                                                                            \
        int count = 0;                                                                                                 \
        int rc = list(&req->ctx, req->params[0], &parent, &items, &count);                                             \
        return rc == TK_OK ? answer(req, &parent, items, count) : rc;                                                  \
    }
/* A handler that does act(ctx, the first ids ids of the path) and answers 204 with no body; act's error otherwise. */
#define API_NO_CONTENT_HANDLER(handler, act, ids)                                                                      \
    int handler(Request *req)                                                                                          \
    {                                                                                                                  \
        int rc = act(&req->ctx, API_PATH_IDS_##ids());                                                                 \
        if (rc == TK_OK)                                                                                               \
            api_respond(req, 204, NULL);                                                                               \
        return rc;                                                                                                     \
    }

/* A handler that reads one record by the id in its path and answers it, rendered (a json_t *render(const Type *)). */
#define API_GET_HANDLER(handler, Type, get, render) API_RECORD_HANDLER(handler, Type, get, 1, 200, render)
/* A handler that does act(ctx, the first ids ids of the path, &record), which gives the record it read or changed,
 * and answers that record drawn by render with status; act's error otherwise. */
#define API_RECORD_HANDLER(handler, Type, act, ids, status, render)                                                    \
    int handler(Request *req)                                                                                          \
    {                                                                                                                  \
        Type record;                                                                                                   \
        int rc = act(&req->ctx, API_PATH_IDS_##ids(&record));                                                          \
        if (rc == TK_OK)                                                                                               \
            api_respond(req, status, render(&record));                                                                 \
        return rc;                                                                                                     \
    }

/* Defines the handler that reads a Type from the body (by its table, specs) into a record of zeros, hands it to write(ctx, the first ids ids of the path, &record), which completes it, and answers it drawn by
 * render with status; the error of the body or of write otherwise. ids: 0, 1 (the case of /cases/{id}/…) or 2. */
#define API_BODY_HANDLER(handler, Type, specs, write, ids, status, render)                                             \
    int handler(Request *req)                                                                                          \
    {                                                                                                                  \
        Type record = {0};                                                                                             \
        int rc = api_body_record(req, specs, &record);                                                                 \
        if (rc == TK_OK)                                                                                               \
            rc = write(&req->ctx, API_PATH_IDS_##ids(&record));                                                        \
        if (rc == TK_OK)                                                                                               \
            api_respond(req, status, render(&record));                                                                 \
        return rc;                                                                                                     \
    }

/* Defines the handler that reads an In from the body by its table (specs) into a record of zeros, in, then does
 * call, an expression of req, in and out (an Out) that gives a TkErr, and when it succeeds answer, an expression of
 * the same that answers and gives a TkErr; the error of the body or of call otherwise:
 * API_BODY_CALL_HANDLER(api_x, XBody, x_specs, X, domain_x(&req->ctx, req->params[0], in.reason, &out),
 *                       api_answer(req, 200, x_json(&out))) */
#define API_BODY_CALL_HANDLER(handler, In, specs, Out, call, answer)                                                   \
    int handler(Request *req)                                                                                          \
    {                                                                                                                  \
        In in = {0};                                                                                                   \
        Out out;                                                                                                       \
        (void)out; /* an answer may draw in alone */                                                                   \
        int rc = api_body_record(req, specs, &in);                                                                     \
        if (rc == TK_OK)                                                                                               \
            rc = (call);                                                                                               \
        return rc == TK_OK ? (answer) : rc;                                                                            \
    }
/* Answers body with status (api_respond) and gives TK_OK: the answer of a handler that succeeded. */
int api_answer(Request *req, int status, json_t *body);

/* ISO-8601 text for a time in the arena, or JSON null for 0. */
json_t *api_time(int64_t seconds);

#endif
