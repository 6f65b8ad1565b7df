/* Social studies (docs/api.md, "Social studies"). */
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/studies.h"

static json_t *template_json(const StudyTemplate *t)
{
    json_t *sections = json_array();
    for (int i = 0; i < t->section_count; i++)
        json_array_append_new(sections, json_pack("{s:s, s:s, s:s}", "key", t->sections[i].key, "title_ar",
                                                  t->sections[i].title_ar, "title_en", t->sections[i].title_en));
    return json_pack("{s:s, s:s, s:s, s:o}", "code", t->code, "name_ar", t->name_ar, "name_en", t->name_en,
                     "sections", sections);
}

static json_t *texts_json(const StudyText *texts, int count)
{
    json_t *object = json_object();
    for (int i = 0; i < count; i++)
        json_object_set_new(object, texts[i].key, json_string(texts[i].body));
    return object;
}

static json_t *study_json(const Study *s, const StudyRights *rights, bool with_texts)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:I}", "id", (json_int_t)s->id, "case_id",
                          (json_int_t)s->case_id, "template", s->template, "status", s->status, "author_id",
                          (json_int_t)s->author_id, "submissions", (json_int_t)s->submissions, "version",
                          (json_int_t)s->version);
    json_object_set_new(j, "case_reference", api_text_or_null(s->case_reference));
    json_object_set_new(j, "author_name", api_text_or_null(s->author_name));
    json_object_set_new(j, "review_comment", api_text_or_null(s->review_comment));
    json_object_set_new(j, "reviewed_by_name", api_text_or_null(s->reviewed_by_name));
    json_object_set_new(j, "reviewed_at", s->reviewed_at ? api_time(s->reviewed_at) : json_null());
    json_object_set_new(j, "created_at", api_time(s->created_at));
    json_object_set_new(j, "updated_at", api_time(s->updated_at));
    if (with_texts)
        json_object_set_new(j, "sections", texts_json(s->texts, s->text_count));
    if (rights)
        json_object_set_new(j, "can", json_pack("{s:b, s:b, s:b}", "edit", rights->edit, "submit", rights->submit,
                                                 "review", rights->review));
    return j;
}

static json_t *version_json(const StudyVersion *v, bool with_texts)
{
    json_t *j = json_pack("{s:I, s:s, s:o}", "number", (json_int_t)v->number, "outcome", v->outcome,
                          "submitted_at", api_time(v->submitted_at));
    json_object_set_new(j, "submitted_by_name", api_text_or_null(v->submitted_by_name));
    json_object_set_new(j, "comment", api_text_or_null(v->comment));
    json_object_set_new(j, "decided_by_name", api_text_or_null(v->decided_by_name));
    json_object_set_new(j, "decided_at", v->decided_at ? api_time(v->decided_at) : json_null());
    if (with_texts)
        json_object_set_new(j, "sections", texts_json(v->texts, v->text_count));
    return j;
}

int api_study_templates(Request *req)
{
    const char *kind = NULL;
    if (api_query_text(req, "kind", &kind))
        return TK_ERR_INVALID;
    StudyTemplate *items;
    int count;
    int rc = domain_study_templates(&req->ctx, kind, &items, &count);
    if (rc != TK_OK)
        return rc;
    json_t *array = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(array, template_json(&items[i]));
    api_respond(req, 200, json_pack("{s:o}", "items", array));
    return TK_OK;
}

int api_case_studies(Request *req)
{
    Study *items;
    int count;
    int rc = domain_studies_of_case(&req->ctx, req->params[0], &items, &count);
    if (rc != TK_OK)
        return rc;
    json_t *array = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(array, study_json(&items[i], NULL, false));
    api_respond(req, 200, json_pack("{s:I, s:o}", "case_id", (json_int_t)req->params[0], "items", array));
    return TK_OK;
}

/* A study with its template, as GET /studies/{id} answers (after a change too). */
static int respond_study(Request *req, int status, int64_t id)
{
    Study study;
    StudyRights rights;
    StudyTemplate template;
    int rc = domain_study_get(&req->ctx, id, &study, &rights, &template);
    if (rc != TK_OK)
        return rc;
    json_t *j = study_json(&study, &rights, true);
    json_t *template_object = template_json(&template);
    json_object_set(j, "template_name_ar", json_object_get(template_object, "name_ar"));
    json_object_set(j, "template_name_en", json_object_get(template_object, "name_en"));
    json_object_set(j, "template_sections", json_object_get(template_object, "sections"));
    json_decref(template_object);
    api_respond(req, status, j);
    return TK_OK;
}

int api_case_study_create(Request *req)
{
    static const FieldSpec specs[] = {
        {"template", FIELD_STRING_OR_NULL, false, 40},
        {0},
    };
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    const char *template = arena_strdup(&req->arena, api_field_text(body, "template"));
    json_decref(body);
    Study study;
    StudyRights rights;
    rc = domain_study_create(&req->ctx, req->params[0], template, &study, &rights);
    return rc == TK_OK ? respond_study(req, 201, study.id) : rc;
}

int api_study_get(Request *req)
{
    return respond_study(req, 200, req->params[0]);
}

int api_study_save(Request *req)
{
    static const FieldSpec specs[] = {
        {"version", FIELD_INTEGER, true, 0},
        {"sections", FIELD_OBJECT_ARRAY, true, 0},
        {0},
    };
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    int64_t version = api_field_int(body, "version");
    json_t *sections = json_object_get(body, "sections");
    int count = (int)json_array_size(sections);
    StudyText *texts = arena_calloc(&req->arena, (size_t)count + 1, sizeof(StudyText));
    if (!texts) {
        json_decref(body);
        return TK_ERR_NOMEM;
    }
    for (int i = 0; i < count; i++) {
        json_t *item = json_array_get(sections, (size_t)i);
        json_t *key = json_object_get(item, "key"), *text = json_object_get(item, "body");
        if (!json_is_string(key) || !(json_is_string(text) || json_is_null(text)) || json_object_size(item) != 2) {
            json_decref(body);
            return fault_field(&req->fault, TK_ERR_INVALID, "field.invalid", "sections");
        }
        texts[i].key = arena_strdup(&req->arena, json_string_value(key));
        texts[i].body = json_is_string(text) ? arena_strdup(&req->arena, json_string_value(text)) : NULL;
    }
    json_decref(body);
    Study study;
    StudyRights rights;
    rc = domain_study_save(&req->ctx, req->params[0], version, texts, count, &study, &rights);
    return rc == TK_OK ? respond_study(req, 200, study.id) : rc;
}

int api_study_transition(Request *req)
{
    static const FieldSpec specs[] = {
        {"action", FIELD_STRING, true, 20},
        {"version", FIELD_INTEGER, true, 0},
        {"comment", FIELD_STRING_OR_NULL, false, 4000},
        {0},
    };
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    const char *action = arena_strdup(&req->arena, api_field_text(body, "action"));
    const char *comment = arena_strdup(&req->arena, api_field_text(body, "comment"));
    int64_t version = api_field_int(body, "version");
    json_decref(body);
    Study study;
    StudyRights rights;
    rc = domain_study_act(&req->ctx, req->params[0], version, action, comment, &study, &rights);
    return rc == TK_OK ? respond_study(req, 200, study.id) : rc;
}

int api_study_versions(Request *req)
{
    StudyVersion *items;
    int count;
    int rc = domain_study_versions(&req->ctx, req->params[0], &items, &count);
    if (rc != TK_OK)
        return rc;
    json_t *array = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(array, version_json(&items[i], false));
    api_respond(req, 200, json_pack("{s:I, s:o}", "study_id", (json_int_t)req->params[0], "items", array));
    return TK_OK;
}

int api_study_version(Request *req)
{
    StudyVersion version;
    int rc = domain_study_version(&req->ctx, req->params[0], req->params[1], &version);
    if (rc == TK_OK)
        api_respond(req, 200, version_json(&version, true));
    return rc;
}
