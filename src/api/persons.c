/* /persons: the person registry and family links. */
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/persons/person_search.h"
#include "domain/persons/persons.h"

json_t *api_text_or_null(const char *text)
{
    return text ? json_string(text) : json_null();
}

void api_set_texts(json_t *object, const char *key, ...)
{
    va_list texts;
    va_start(texts, key);
    for (; key; key = va_arg(texts, const char *))
        json_object_set_new(object, key, api_text_or_null(va_arg(texts, const char *)));
    va_end(texts);
}

static json_t *phones_json(const char *phones)
{
    json_t *list = json_array();
    if (!phones)
        return list;
    const char *at = phones;
    while (*at) {
        const char *comma = strchr(at, ',');
        size_t len = comma ? (size_t)(comma - at) : strlen(at);
        json_array_append_new(list, json_stringn(at, len));
        at += len + (comma ? 1 : 0);
    }
    return list;
}

json_t *api_person_json(const Person *p)
{
    if (p->sealed) /* a sealed record exists: that alone, and that the records officer may be asked */
        return json_pack("{s:b}", "sealed", true);
    json_t *json = json_object();
    json_object_set_new(json, "id", json_integer(p->id));
    json_object_set_new(json, "first_name", json_string(p->first_name));
    json_object_set_new(json, "father_name", json_string(p->father_name));
    json_object_set_new(json, "grandfather_name", api_text_or_null(p->grandfather_name));
    json_object_set_new(json, "family_name", json_string(p->family_name));
    char full_name[PERSON_FULL_NAME_SIZE];
    person_full_name(p, full_name, sizeof full_name);
    json_object_set_new(json, "full_name", json_string(full_name));
    api_set_texts(json, "latin_name", p->latin_name, "national_id", p->national_id, "document_type", p->document_type,
                  "document_number", p->document_number, "birth_date", p->birth_date, NULL);
    json_object_set_new(json, "birth_year", p->birth_year ? json_integer(p->birth_year) : json_null());
    json_object_set_new(json, "birth_year_estimated", json_boolean(p->birth_year_estimated));
    json_object_set_new(json, "sex", json_string(p->sex));
    api_set_texts(json, "nationality", p->nationality, "governorate", p->governorate, "address", p->address, NULL);
    json_object_set_new(json, "phones", phones_json(p->phones));
    api_set_texts(json, "disability", p->disability, "notes", p->notes, NULL);
    json_object_set_new(json, "status", json_string(p->status));
    json_object_set_new(json, "merged_into", p->merged_into ? json_integer(p->merged_into) : json_null());
    json_object_set_new(json, "created_by", p->created_by ? json_integer(p->created_by) : json_null());
    json_object_set_new(json, "updated_by", p->updated_by ? json_integer(p->updated_by) : json_null());
    json_object_set_new(json, "version", json_integer(p->version));
    if (p->withheld) /* she appears in a restricted case this reader does not see: her identity only */
        json_object_set_new(json, "withheld", json_true());
    json_object_set_new(json, "created_at", api_time(p->created_at));
    json_object_set_new(json, "updated_at", api_time(p->updated_at));
    return json;
}

/* A person's body (a registration, a change or a check): the person, which fields it gives (PERSON_… bits), the
 * phones, and the version (0 when none; version_given: whether the member is there at all). */
typedef struct {
    Person person;
    PhoneList phones;
    uint32_t set;
    int64_t version;
    bool version_given;
} PersonBody;
/* A member of the person: its bit is set when it is sent. */
#define PERSON_FIELD(member, type, max, bit)                                                                           \
    BODY_FIELD(PersonBody, person.member, type, false, max, BODY_SENT_BIT(PersonBody, set, bit))
static const FieldSpec person_specs[] = {
    BODY_FIELD(PersonBody, version, FIELD_INTEGER, false, 0, BODY_SENT(PersonBody, version_given)),
    PERSON_FIELD(first_name, FIELD_STRING, 60, PERSON_FIRST_NAME),
    PERSON_FIELD(father_name, FIELD_STRING, 60, PERSON_FATHER_NAME),
    PERSON_FIELD(grandfather_name, FIELD_STRING_OR_NULL, 60, PERSON_GRANDFATHER_NAME),
    PERSON_FIELD(family_name, FIELD_STRING, 60, PERSON_FAMILY_NAME),
    PERSON_FIELD(latin_name, FIELD_STRING_OR_NULL, 120, PERSON_LATIN_NAME),
    PERSON_FIELD(national_id, FIELD_STRING_OR_NULL, 20, PERSON_NATIONAL_ID),
    PERSON_FIELD(document_type, FIELD_STRING_OR_NULL, 32, PERSON_DOCUMENT_TYPE),
    PERSON_FIELD(document_number, FIELD_STRING_OR_NULL, 40, PERSON_DOCUMENT_NUMBER),
    PERSON_FIELD(birth_date, FIELD_STRING_OR_NULL, 10, PERSON_BIRTH_DATE),
    PERSON_FIELD(birth_year, FIELD_INTEGER_OR_NULL, 0, PERSON_BIRTH_YEAR),
    PERSON_FIELD(birth_year_estimated, FIELD_BOOLEAN, 0, PERSON_BIRTH_ESTIMATED),
    PERSON_FIELD(sex, FIELD_STRING, 8, PERSON_SEX),
    PERSON_FIELD(nationality, FIELD_STRING_OR_NULL, 2, PERSON_NATIONALITY),
    PERSON_FIELD(governorate, FIELD_STRING_OR_NULL, 32, PERSON_GOVERNORATE),
    PERSON_FIELD(address, FIELD_STRING_OR_NULL, 300, PERSON_ADDRESS),
    BODY_CHECK("phones", FIELD_STRING_ARRAY_OR_NULL, false, 32, BODY_SENT_BIT(PersonBody, set, PERSON_PHONES)),
    PERSON_FIELD(disability, FIELD_STRING_OR_NULL, 32, PERSON_DISABILITY),
    PERSON_FIELD(notes, FIELD_STRING_OR_NULL, 2000, PERSON_NOTES),
    {0}};

/* The phones of a body (null or absent: none). */
static void read_phones(Request *req, json_t *body, PhoneList *phones)
{
    json_t *list = json_object_get(body, "phones");
    phones->count = json_is_array(list) ? (int)json_array_size(list) : 0;
    phones->items = NULL;
    if (!phones->count)
        return;
    phones->items = arena_calloc(&req->arena, (size_t)phones->count + 1, sizeof(char *));
    for (int i = 0; phones->items && i < phones->count; i++)
        phones->items[i] = arena_strdup(&req->arena, json_string_value(json_array_get(list, (size_t)i)));
}

static int person_body(Request *req, PersonBody *in)
{
    memset(in, 0, sizeof *in);
    json_t *body;
    int rc = api_body_keep(req, person_specs, in, &body);
    if (rc == TK_OK)
        read_phones(req, body, &in->phones);
    json_decref(body);
    return rc;
}

int api_persons_create(Request *req)
{
    PersonBody in;
    int rc = person_body(req, &in);
    if (rc == TK_OK && in.version_given)
        rc = fault_field(&req->fault, TK_ERR_INVALID, "field.unknown", "version");
    if (rc == TK_OK)
        rc = domain_person_create(&req->ctx, &in.person, &in.phones);
    if (rc == TK_OK)
        api_respond(req, 201, api_person_json(&in.person));
    return rc;
}

API_GET_HANDLER(api_persons_get, Person, domain_person_get, api_person_json)

int api_persons_update(Request *req)
{
    PersonBody in;
    int rc = person_body(req, &in);
    if (rc != TK_OK)
        return rc;
    if (!in.version)
        return fault_field(&req->fault, TK_ERR_INVALID, "field.required", "version");
    Person result;
    rc = domain_person_update(&req->ctx, req->params[0], in.version, in.set, &in.person, &in.phones, &result);
    if (rc == TK_OK)
        api_respond(req, 200, api_person_json(&result));
    return rc;
}

static json_t *link_json(const PersonLink *link)
{
    json_t *json = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)link->id, "relation", link->relation, "relative",
                             api_person_json(&link->relative));
    json_object_set_new(json, "degree", link->degree ? json_integer(link->degree) : json_null());
    json_object_set_new(json, "created_at", api_time(link->created_at));
    return json;
}

static json_t *family_json(int64_t person_id, const PersonLink *links, int count)
{
    json_t *items = API_ARRAY_OF(links, count, link_json);
    return json_pack("{s:I, s:o}", "person_id", (json_int_t)person_id, "items", items);
}

static int family_answer(Request *req, const PersonLink *links, int count)
{
    api_respond(req, 200, family_json(req->params[0], links, count));
    return TK_OK;
}
API_LIST_ANSWER_HANDLER(api_persons_family, PersonLink, domain_person_family, 1, family_answer)

BODY_RECORD(PersonLinkBody, link_specs, (int64_t, relative_id, FIELD_INTEGER, true, 0),
            (const char *, relation, FIELD_STRING, true, 16), (int64_t, degree, FIELD_INTEGER_OR_NULL, false, 0));
typedef struct {
    PersonLink *items;
    int count;
} PersonLinkList;
API_BODY_CALL_HANDLER(api_persons_link_add, PersonLinkBody, link_specs, PersonLinkList,
                      domain_person_link_add(&req->ctx, req->params[0], in.relative_id, in.relation, in.degree,
                                             &out.items, &out.count),
                      api_answer(req, 201, family_json(req->params[0], out.items, out.count)))

API_NO_CONTENT_HANDLER(api_persons_link_remove, domain_person_link_remove, 2)

static json_t *hits_json(const SearchAnswer *answer)
{
    static const char *const parts[] = {"first", "father", "grandfather", "family"};
    json_t *items = json_array();
    for (int i = 0; i < answer->count; i++) {
        const SearchHit *hit = &answer->hits[i];
        if (hit->person.sealed) { /* neither name, number, score nor why: only that a sealed record exists */
            json_array_append_new(items, json_pack("{s:b}", "sealed", true));
            continue;
        }
        json_t *reasons = json_array();
        for (int r = 0; r < hit->reason_count; r++) {
            const MatchReason *reason = &hit->reasons[r];
            json_array_append_new(reasons, json_pack("{s:s, s:s, s:s, s:f}", "query", reason->query_token, "part",
                                                     parts[reason->part], "match", reason->how, "similarity",
                                                     (double)((int)(reason->similarity * 100 + 0.5f)) / 100));
        }
        json_t *item = json_pack("{s:f, s:o, s:o}", "score", (double)((int)(hit->score * 1000 + 0.5f)) / 1000,
                                 "reasons", reasons, "person", api_person_json(&hit->person));
        json_object_set_new(item, "national_id_match",
                            hit->national_id_match ? json_string(hit->national_id_exact ? "exact" : "near")
                                                   : json_null());
        if (hit->sex_differs)
            json_object_set_new(item, "sex_differs", json_true());
        json_array_append_new(items, item);
    }
    return json_pack("{s:o, s:b}", "items", items, "truncated", answer->truncated);
}

static int run_search(Request *req, const SearchQuery *query)
{
    SearchAnswer answer;
    int rc = domain_person_search(&req->ctx, query, &answer);
    if (rc == TK_OK)
        api_respond(req, 200, hits_json(&answer));
    return rc;
}

int api_persons_search(Request *req)
{
    SearchQuery query = {0};
    int64_t birth_year = 0;
    int limit = 10;
    if (api_query_text(req, "q", &query.text) || api_query_text(req, "national_id", &query.national_id) ||
        api_query_id(req, "birth_year", &birth_year) || api_query_text(req, "sex", &query.sex) ||
        api_query_limit(req, &limit))
        return TK_ERR_INVALID;
    if (!req->query(req, "limit"))
        limit = 10;
    if (limit > SEARCH_MAX_RESULTS)
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", "limit");
    if (query.sex && strcmp(query.sex, "female") != 0 && strcmp(query.sex, "male") != 0)
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", "sex");
    if (birth_year && (birth_year < 1900 || birth_year > 2999))
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", "birth_year");
    query.birth_year = (int)birth_year;
    query.limit = limit;
    return run_search(req, &query);
}

/* Before registering: the persons the new record may already be, from the same fields a registration has. */
int api_persons_check(Request *req)
{
    PersonBody in;
    int rc = person_body(req, &in);
    if (rc != TK_OK)
        return rc;
    const Person person = in.person;
    const char *names[] = {person.first_name, person.father_name, person.grandfather_name, person.family_name};
    char *text = arena_strdup(&req->arena, "");
    for (int i = 0; text && i < 4; i++)
        if (names[i] && *names[i])
            text = arena_printf(&req->arena, "%s%s%s", text, *text ? " " : "", names[i]);
    SearchQuery query = {.text = text && *text ? text : NULL,
                         .national_id = person.national_id,
                         .sex = person.sex,
                         .sex_lowers = true,
                         .limit = 10};
    if (person.birth_date && strlen(person.birth_date) >= 4)
        query.birth_year = atoi(person.birth_date);
    else if (person.birth_year)
        query.birth_year = (int)person.birth_year;
    return run_search(req, &query);
}

static json_t *merge_json(const PersonMerge *merge)
{
    json_t *json = json_pack("{s:I, s:I, s:I, s:s, s:o}", "id", (json_int_t)merge->id, "kept_id",
                             (json_int_t)merge->kept_id, "merged_id", (json_int_t)merge->merged_id, "reason",
                             merge->reason, "merged_at", api_time(merge->merged_at));
    json_object_set_new(json, "merged_by", merge->merged_by ? json_integer(merge->merged_by) : json_null());
    json_object_set_new(json, "merged_by_name", api_text_or_null(merge->merged_by_name));
    json_object_set_new(json, "merged_by_sex", api_user_sex_json(merge->merged_by_name, merge->merged_by_sex));
    json_object_set_new(json, "undone_at", api_time(merge->undone_at));
    json_object_set_new(json, "undone_by", merge->undone_by ? json_integer(merge->undone_by) : json_null());
    json_object_set_new(json, "undone_by_name", api_text_or_null(merge->undone_by_name));
    json_object_set_new(json, "undone_by_sex", api_user_sex_json(merge->undone_by_name, merge->undone_by_sex));
    json_object_set_new(json, "undo_reason", api_text_or_null(merge->undo_reason));
    return json;
}

/* Answers a merge (or its undoing) with the person it leaves. */
static int respond_merge(Request *req, const PersonMerge *merge, const Person *person)
{
    api_respond(req, 200, json_pack("{s:o, s:o}", "merge", merge_json(merge), "person", api_person_json(person)));
    return TK_OK;
}

BODY_RECORD(PersonMergeBody, merge_specs, (int64_t, version, FIELD_INTEGER, true, 0),
            (int64_t, merge_id, FIELD_INTEGER, true, 0), (int64_t, merge_version, FIELD_INTEGER, true, 0),
            (const char *, reason, FIELD_STRING, true, 500));
/* A merge and the person it leaves (kept, or restored by its undoing). */
typedef struct {
    PersonMerge merge;
    Person person;
} MergeResult;
API_BODY_CALL_HANDLER(api_persons_merge, PersonMergeBody, merge_specs, MergeResult,
                      domain_person_merge(&req->ctx, req->params[0], in.version, in.merge_id, in.merge_version,
                                          in.reason, &out.merge, &out.person),
                      respond_merge(req, &out.merge, &out.person))

API_GET_HANDLER(api_persons_merge_get, PersonMerge, domain_person_merge_get, merge_json)

int api_persons_merges(Request *req)
{
    PersonMerge *merges;
    int count;
    int rc = domain_person_merges(&req->ctx, req->params[0], &merges, &count);
    if (rc == TK_OK)
        api_respond_items(req, "person_id", req->params[0], API_ARRAY_OF(merges, count, merge_json));
    return rc;
}

BODY_RECORD(MergeUndoBody, merge_undo_specs, (const char *, reason, FIELD_STRING, true, 500));
API_BODY_CALL_HANDLER(api_persons_merge_undo, MergeUndoBody, merge_undo_specs, MergeResult,
                      domain_person_merge_undo(&req->ctx, req->params[0], in.reason, &out.merge, &out.person),
                      respond_merge(req, &out.merge, &out.person))
