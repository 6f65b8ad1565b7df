/* src/api/body.c: reading a body into a record by its table alone (api_body_record): the rules of each member
 * (required, type, unknown members, length) and where each value goes, with the flags and bits that tell which
 * members a partial update sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "api/body.h"
#include "base/err.h"

enum { SENT_NAME = 1u << 0, SENT_COUNT = 1u << 1 };

/* A record as a handler reads it: a version, texts, a count, a flag, codes, a member of a member, and what was sent. */
typedef struct {
    int64_t version;
    const char *name, *note, *tags;
    int count;
    bool active;
    struct {
        const char *place;
    } where;
    uint32_t sent;  /* SENT_… */
    bool note_sent; /* note is in the body, even as null */
} Thing;

static const FieldSpec thing_specs[] = {
    BODY_FIELD(Thing, version, FIELD_INTEGER, true, 0),
    BODY_FIELD(Thing, name, FIELD_STRING, false, 5, BODY_SENT_BIT(Thing, sent, SENT_NAME)),
    BODY_FIELD(Thing, note, FIELD_STRING_OR_NULL, false, 0, BODY_SENT(Thing, note_sent)),
    BODY_FIELD(Thing, count, FIELD_COUNT_OR_NULL, false, 0, BODY_SENT_BIT(Thing, sent, SENT_COUNT)),
    BODY_FIELD(Thing, active, FIELD_BOOLEAN, false, 0),
    BODY_FIELD(Thing, tags, FIELD_STRING_ARRAY, false, 10),
    BODY_FIELD(Thing, where.place, FIELD_STRING_OR_NULL, false, 0),
    BODY_CHECK("ids", FIELD_ID_ARRAY, false, 0),
    {0},
};

static const char *lookup_header(const Request *req, const char *name)
{
    (void)req;
    return strcasecmp(name, "Content-Type") == 0 ? "application/json" : NULL;
}

/* Reads body into thing (as the caller left it) by thing_specs; the fault stays in req (arena_free it). */
static int read_thing(Request *req, const char *body, Thing *thing)
{
    memset(req, 0, sizeof *req);
    arena_init(&req->arena, 0);
    req->body = body;
    req->body_len = strlen(body);
    req->header = lookup_header;
    return api_body_record(req, thing_specs, thing);
}

/* Expects body refused with code on field, and the record left as it was (all zeros). */
static void assert_refused(const char *body, const char *code, const char *field)
{
    Request req;
    Thing thing = {0}, untouched = {0};
    int rc = read_thing(&req, body, &thing);
    if (rc != TK_ERR_INVALID || req.fault.field_count != 1)
        fail_msg("%s: expected %s on %s, got rc %d with %d fields", body, code, field, rc, req.fault.field_count);
    assert_string_equal(req.fault.fields[0].code, code);
    assert_string_equal(req.fault.fields[0].field, field);
    assert_memory_equal(&thing, &untouched, sizeof thing);
    arena_free(&req.arena);
}

static void test_missing_required_field(void **state)
{
    (void)state;
    assert_refused("{}", "field.required", "version");
    assert_refused("{\"name\": \"a\"}", "field.required", "version");
}

static void test_wrong_type(void **state)
{
    (void)state;
    assert_refused("{\"version\": 1, \"name\": 3}", "field.type", "name");
    assert_refused("{\"version\": \"1\"}", "field.type", "version");
    assert_refused("{\"version\": 1, \"active\": \"yes\"}", "field.type", "active");
    assert_refused("{\"version\": 1, \"count\": -1}", "field.invalid", "count");
    /* a member of a member is named in the body by its last name */
    assert_refused("{\"version\": 1, \"place\": 4}", "field.type", "place");
}

static void test_unknown_field(void **state)
{
    (void)state;
    assert_refused("{\"version\": 1, \"colour\": \"red\"}", "field.unknown", "colour");
    /* the C path of a member of a member is not a member of the body */
    assert_refused("{\"version\": 1, \"where.place\": \"x\"}", "field.unknown", "where.place");
    assert_refused("{\"version\": 1, \"sent\": 1}", "field.unknown", "sent");
}

static void test_too_long_text(void **state)
{
    (void)state;
    assert_refused("{\"version\": 1, \"name\": \"abcdef\"}", "field.too_long", "name");
    assert_refused("{\"version\": 1, \"tags\": [\"a\", \"abcdefghijk\"]}", "field.too_long", "tags");
    /* five Arabic letters are five characters, though ten bytes */
    Request req;
    Thing thing = {0};
    assert_int_equal(
        read_thing(&req, "{\"version\": 1, \"name\": \"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85\xd9\x8b\"}", &thing), TK_OK);
    assert_string_equal(thing.name, "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85\xd9\x8b");
    arena_free(&req.arena);
}

static void test_values_go_where_the_table_says(void **state)
{
    (void)state;
    Request req;
    Thing thing = {0};
    assert_int_equal(read_thing(&req,
                                "{\"version\": 7, \"name\": \"Huda\", \"note\": \"n\", \"count\": 0, \"active\": true, "
                                "\"tags\": [\"a\", \"b\"], \"place\": \"Irbid\", \"ids\": [3]}",
                                &thing),
                     TK_OK);
    assert_int_equal(thing.version, 7);
    assert_string_equal(thing.name, "Huda");
    assert_string_equal(thing.note, "n");
    assert_int_equal(thing.count, 0);
    assert_true(thing.active);
    assert_string_equal(thing.tags, "a,b");
    assert_string_equal(thing.where.place, "Irbid");
    assert_int_equal(thing.sent, SENT_NAME | SENT_COUNT);
    assert_true(thing.note_sent);
    arena_free(&req.arena);
}

/* A partial update: a member not sent leaves its field and its flag as they were; one sent as null clears nothing
 * but says it was sent. */
static void test_field_not_sent_in_partial_update(void **state)
{
    (void)state;
    Request req;
    Thing thing = {.name = "kept", .count = 4};
    assert_int_equal(read_thing(&req, "{\"version\": 2, \"note\": null}", &thing), TK_OK);
    assert_int_equal(thing.version, 2);
    assert_string_equal(thing.name, "kept");
    assert_int_equal(thing.count, 4);
    assert_int_equal(thing.sent, 0);
    assert_true(thing.note_sent);
    assert_null(thing.note);
    arena_free(&req.arena);

    thing = (Thing){.count = 4};
    assert_int_equal(read_thing(&req, "{\"version\": 2, \"count\": null}", &thing), TK_OK);
    assert_int_equal(thing.sent, SENT_COUNT);
    assert_int_equal(thing.count, 4);
    assert_false(thing.note_sent);
    arena_free(&req.arena);
}

/* BODY_TABLE gives the table of BODY_FIELD rows, ended by {0}. */
static void test_table_macro(void **state)
{
    (void)state;
    static const FieldSpec table[] = BODY_TABLE(Thing, (version, FIELD_INTEGER, true, 0),
                                                (where.place, FIELD_STRING_OR_NULL, false, 40),
                                                (note, FIELD_STRING_OR_NULL, false, 0, BODY_SENT(Thing, note_sent)));
    static const FieldSpec rows[] = {
        BODY_FIELD(Thing, version, FIELD_INTEGER, true, 0),
        BODY_FIELD(Thing, where.place, FIELD_STRING_OR_NULL, false, 40),
        BODY_FIELD(Thing, note, FIELD_STRING_OR_NULL, false, 0, BODY_SENT(Thing, note_sent)),
        {0},
    };
    assert_int_equal(sizeof table, sizeof rows);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (!rows[i].name) {
            assert_null(table[i].name);
            continue;
        }
        assert_string_equal(table[i].name, rows[i].name);
        assert_int_equal(table[i].type, rows[i].type);
        assert_int_equal(table[i].required, rows[i].required);
        assert_int_equal(table[i].max_chars, rows[i].max_chars);
        assert_int_equal(table[i].to.offset, rows[i].to.offset);
        assert_int_equal(table[i].to.kind, rows[i].to.kind);
        assert_int_equal(table[i].sent, rows[i].sent);
    }
}

/* BODY_RECORD declares the record and its table from the same rows: each member of its C type, read by its rule. */
BODY_RECORD(Pair, pair_specs, (int64_t, id, FIELD_INTEGER, true, 0),
            (const char *, label, FIELD_STRING_OR_NULL, false, 3), (bool, done, FIELD_BOOLEAN, false, 0));

static void test_record_macro(void **state)
{
    (void)state;
    assert_int_equal(sizeof pair_specs / sizeof pair_specs[0], 4);
    assert_null(pair_specs[3].name);
    Request req;
    memset(&req, 0, sizeof req);
    arena_init(&req.arena, 0);
    req.body = "{\"id\": 5, \"label\": \"ab\", \"done\": true}";
    req.body_len = strlen(req.body);
    req.header = lookup_header;
    Pair pair = {0};
    assert_int_equal(api_body_record(&req, pair_specs, &pair), TK_OK);
    assert_int_equal(pair.id, 5);
    assert_string_equal(pair.label, "ab");
    assert_true(pair.done);
    /* the rule of a row holds: label is at most 3 characters */
    req.body = "{\"id\": 5, \"label\": \"abcd\"}";
    req.body_len = strlen(req.body);
    assert_int_equal(api_body_record(&req, pair_specs, &pair), TK_ERR_INVALID);
    assert_string_equal(req.fault.fields[0].field, "label");
    arena_free(&req.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_required_field),
        cmocka_unit_test(test_wrong_type),
        cmocka_unit_test(test_unknown_field),
        cmocka_unit_test(test_too_long_text),
        cmocka_unit_test(test_values_go_where_the_table_says),
        cmocka_unit_test(test_field_not_sent_in_partial_update),
        cmocka_unit_test(test_table_macro),
        cmocka_unit_test(test_record_macro),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
