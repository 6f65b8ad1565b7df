/* src/api/body.c: drawing a record's JSON from its table (api_render): each kind of member as the hand-written
 * renderers drew it, null members, a time of 0, the member order of the table, and a name given instead of the
 * field's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/body.h"

/* A record with a field of every C type and kind a renderer draws, and a member of a member. */
typedef struct {
    int64_t id, ref, at;
    int count;
    bool active;
    const char *name, *note, *codes;
    char *by_name, *by_sex;
    struct {
        const char *place;
    } where;
} Thing;

static const RenderMember thing_members[] = RENDER_TABLE(
    Thing, (id, OUT_PLAIN), (name, OUT_PLAIN), (count, OUT_PLAIN), (active, OUT_PLAIN), (note, OUT_OR_NULL),
    (ref, OUT_OR_NULL), (count, OUT_OR_NULL, RENDER_AS("position")), (codes, OUT_CODES), (at, OUT_TIME),
    (by_name, OUT_OR_NULL), (by_sex, OUT_SEX_OF), (where.place, OUT_OR_NULL));

/* The JSON text of thing drawn by thing_members (compact, in the table's order). */
static char *render(const Thing *thing)
{
    json_t *j = api_render_new(thing, thing_members);
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return text;
}

static void expect_render(const Thing *thing, const char *expected)
{
    char *text = render(thing);
    assert_non_null(text);
    assert_string_equal(text, expected);
    free(text);
}

/* Every member given: numbers, a boolean, texts, codes as an array, a time as ISO-8601, the user's sex beside the
 * name, a member of a member under its last name. */
static void test_each_kind(void **state)
{
    (void)state;
    Thing thing = {.id = 7,
                   .ref = 12,
                   .at = 86400,
                   .count = 3,
                   .active = true,
                   .name = "سارة",
                   .note = "note",
                   .codes = "a,b",
                   .by_name = "Worker",
                   .by_sex = "female",
                   .where.place = "Amman"};
    expect_render(&thing, "{\"id\":7,\"name\":\"سارة\",\"count\":3,\"active\":true,\"note\":\"note\",\"ref\":12,"
                          "\"position\":3,\"codes\":[\"a\",\"b\"],\"at\":\"1970-01-02T00:00:00Z\","
                          "\"by_name\":\"Worker\",\"by_sex\":\"female\",\"place\":\"Amman\"}");
}

/* Nothing given: a plain text is left out, text and ids are null, codes are [], a time of 0 is null, and the sex
 * of a user not named is null even when it is recorded. */
static void test_nulls_and_time_zero(void **state)
{
    (void)state;
    Thing thing = {.by_sex = "male"};
    expect_render(&thing, "{\"id\":0,\"count\":0,\"active\":false,\"note\":null,\"ref\":null,\"position\":null,"
                          "\"codes\":[],\"at\":null,\"by_name\":null,\"by_sex\":null,\"place\":null}");
}

/* api_render adds to an object that has members already, after them, and replaces one of the same name in place. */
static void test_render_into_object(void **state)
{
    (void)state;
    static const RenderMember tail[] = RENDER_TABLE(Thing, (note, OUT_OR_NULL), (id, OUT_PLAIN));
    Thing thing = {.id = 9};
    json_t *j = json_pack("{s:i, s:b}", "id", 1, "first", 1);
    api_render(j, &thing, tail);
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    assert_string_equal(text, "{\"id\":9,\"first\":true,\"note\":null}");
    free(text);
}

/* A renderer of one table (API_RENDERER), and a list of records drawn with an argument after each record. */
API_RENDERER(thing_json, Thing, (id, OUT_PLAIN), (at, OUT_TIME))

static json_t *thing_with(const Thing *thing, const char *extra)
{
    json_t *j = thing_json(thing);
    json_object_set_new(j, "extra", json_string(extra));
    return j;
}

static void test_renderer_and_list(void **state)
{
    (void)state;
    Thing things[] = {{.id = 1}, {.id = 2, .at = 60}};
    json_t *list = API_ARRAY_OF(things, 2, thing_with, "x");
    char *text = json_dumps(list, JSON_COMPACT);
    json_decref(list);
    assert_string_equal(
        text, "[{\"id\":1,\"at\":null,\"extra\":\"x\"},{\"id\":2,\"at\":\"1970-01-01T00:01:00Z\",\"extra\":\"x\"}]");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_kind),
        cmocka_unit_test(test_nulls_and_time_zero),
        cmocka_unit_test(test_render_into_object),
        cmocka_unit_test(test_renderer_and_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
