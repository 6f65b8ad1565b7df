/* Social studies (docs/api.md, "Social studies"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "api/document.h"
#include "domain/core/codes.h"
#include "domain/studies/studies.h"
#include "base/clock.h"

static json_t *template_json(const StudyTemplate *t)
{
    json_t *sections = json_array();
    for (int i = 0; i < t->section_count; i++)
        json_array_append_new(sections, json_pack("{s:s, s:s, s:s}", "key", t->sections[i].key, "title_ar",
                                                  t->sections[i].title_ar, "title_en", t->sections[i].title_en));
    return json_pack("{s:s, s:s, s:s, s:o}", "code", t->code, "name_ar", t->name_ar, "name_en", t->name_en, "sections",
                     sections);
}

static json_t *texts_json(const StudyText *texts, int count)
{
    json_t *object = json_object();
    for (int i = 0; i < count; i++)
        json_object_set_new(object, texts[i].key, json_string(texts[i].body));
    return object;
}

/* The role the author of a study writes it in, which titles them on the document: a caseworker's study, a behaviour
 * monitor's, or (neither) a supervisor's; NULL when none of these. */
static const char *author_role(const Study *s)
{
    return s->author_roles & ROLE_CASEWORKER   ? "caseworker"
           : s->author_roles & ROLE_MONITOR    ? "monitor"
           : s->author_roles & ROLE_SUPERVISOR ? "supervisor"
                                               : NULL;
}

/* Whether a user named on the document is a woman (the Arabic words about them then agree). */
static bool is_female(const char *sex)
{
    return sex && strcmp(sex, "female") == 0;
}

/* The title of the study's author on the Arabic document, agreeing with the author's sex. */
static const char *author_title_ar(const Study *s)
{
    const char *role = author_role(s);
    bool female = is_female(s->author_sex);
    if (role && strcmp(role, "monitor") == 0)
        return female ? "مراقبة السلوك" : "مراقب السلوك";
    if (role && strcmp(role, "supervisor") == 0)
        return female ? "المشرفة" : "المشرف";
    return female ? "الأخصائية الاجتماعية" : "الأخصائي الاجتماعي";
}

/* The author's and the reviewer's sex and the author's role, beside their names. */
static void study_people_json(json_t *j, const Study *s)
{
    json_object_set_new(j, "author_sex", api_user_sex_json(s->author_name, s->author_sex));
    json_object_set_new(j, "author_role", api_text_or_null(author_role(s)));
    json_object_set_new(j, "reviewed_by_sex", api_user_sex_json(s->reviewed_by_name, s->reviewed_by_sex));
}

static json_t *study_json(const Study *s, const StudyRights *rights, bool with_texts)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:I}", "id", (json_int_t)s->id, "case_id",
                          (json_int_t)s->case_id, "template", s->template, "status", s->status, "author_id",
                          (json_int_t)s->author_id, "submissions", (json_int_t)s->submissions, "version",
                          (json_int_t)s->version);
    api_set_texts(j, "case_reference", s->case_reference, "case_kind", s->case_kind, "template_name_ar",
                  s->template_name_ar, "template_name_en", s->template_name_en, "author_name", s->author_name,
                  "review_comment", s->review_comment, "reviewed_by_name", s->reviewed_by_name, NULL);
    json_object_set_new(j, "reviewed_at", s->reviewed_at ? api_time(s->reviewed_at) : json_null());
    study_people_json(j, s);
    json_object_set_new(j, "created_at", api_time(s->created_at));
    json_object_set_new(j, "updated_at", api_time(s->updated_at));
    if (with_texts)
        json_object_set_new(j, "sections", texts_json(s->texts, s->text_count));
    if (rights)
        json_object_set_new(
            j, "can",
            json_pack("{s:b, s:b, s:b}", "edit", rights->edit, "submit", rights->submit, "review", rights->review));
    return j;
}

static json_t *version_json(const StudyVersion *v, bool with_texts)
{
    json_t *j = json_pack("{s:I, s:s, s:o}", "number", (json_int_t)v->number, "outcome", v->outcome, "submitted_at",
                          api_time(v->submitted_at));
    api_set_texts(j, "submitted_by_name", v->submitted_by_name, "comment", v->comment, "decided_by_name",
                  v->decided_by_name, NULL);
    json_object_set_new(j, "submitted_by_sex", api_user_sex_json(v->submitted_by_name, v->submitted_by_sex));
    json_object_set_new(j, "decided_by_sex", api_user_sex_json(v->decided_by_name, v->decided_by_sex));
    json_object_set_new(j, "decided_at", v->decided_at ? api_time(v->decided_at) : json_null());
    if (with_texts)
        json_object_set_new(j, "sections", texts_json(v->texts, v->text_count));
    return j;
}

API_LIST_BY_QUERY_HANDLER(api_study_templates, StudyTemplate, domain_study_templates, "kind", template_json)

/* A study of a case's list: without its template and draft. */
static json_t *case_study_json(const Study *s)
{
    return study_json(s, NULL, false);
}

API_CASE_LIST_HANDLER(api_case_studies, Study, domain_studies_of_case, case_study_json)

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

BODY_RECORD(StudyCreation, study_create_specs, (const char *, template, FIELD_STRING_OR_NULL, false, 40));
typedef struct {
    Study study;
    StudyRights rights;
} StudyAnswer;
API_BODY_CALL_HANDLER(api_case_study_create, StudyCreation, study_create_specs, StudyAnswer,
                      domain_study_create(&req->ctx, req->params[0], in.template, &out.study, &out.rights),
                      respond_study(req, 201, out.study.id))

int api_study_get(Request *req)
{
    return respond_study(req, 200, req->params[0]);
}

int api_study_save(Request *req)
{
    static const FieldSpec specs[] = {
        BODY_CHECK("version", FIELD_INTEGER, true, 0), BODY_CHECK("sections", FIELD_OBJECT_ARRAY, true, 0), {0}};
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
        if (!texts[i].key || (json_is_string(text) && !texts[i].body)) {
            json_decref(body);
            return TK_ERR_NOMEM;
        }
    }
    json_decref(body);
    Study study;
    StudyRights rights;
    rc = domain_study_save(&req->ctx, req->params[0], version, texts, count, &study, &rights);
    return rc == TK_OK ? respond_study(req, 200, study.id) : rc;
}

BODY_RECORD(StudyTransition, study_transition_specs, (const char *, action, FIELD_STRING, true, 20),
            (int64_t, version, FIELD_INTEGER, true, 0), (const char *, comment, FIELD_STRING_OR_NULL, false, 4000));
API_BODY_CALL_HANDLER(api_study_transition, StudyTransition, study_transition_specs, StudyAnswer,
                      domain_study_act(&req->ctx, req->params[0], in.version, in.action, in.comment, &out.study,
                                       &out.rights),
                      respond_study(req, 200, out.study.id))

/* The versions of a study, without their texts. */
static int versions_answer(Request *req, const StudyVersion *items, int count)
{
    json_t *array = API_ARRAY_OF(items, count, version_json, false);
    api_respond_items(req, "study_id", req->params[0], array);
    return TK_OK;
}
API_LIST_ANSWER_HANDLER(api_study_versions, StudyVersion, domain_study_versions, 1, versions_answer)

int api_study_version(Request *req)
{
    StudyVersion version;
    int rc = domain_study_version(&req->ctx, req->params[0], req->params[1], &version);
    if (rc == TK_OK)
        api_respond(req, 200, version_json(&version, true));
    return rc;
}

int api_studies_list(Request *req)
{
    StudyQuery query = {0};
    if (api_query_flag(req, "mine", &query.mine) || api_query_flag(req, "review", &query.review) ||
        api_query_text(req, "status", &query.status) || api_query_text(req, "q", &query.query) ||
        api_query_id(req, "cursor", &query.before_id) || api_query_limit(req, &query.limit))
        return TK_ERR_INVALID;
    StudyListItem *items;
    int count;
    bool more;
    int rc = domain_studies_list(&req->ctx, &query, &items, &count, &more);
    if (rc != TK_OK)
        return rc;
    json_t *array = json_array();
    for (int i = 0; i < count; i++) {
        json_t *j = study_json(&items[i].study, NULL, false);
        json_object_set_new(j, "section", api_text_or_null(items[i].section));
        json_t *snippet = json_null();
        if (items[i].snippet_count > 0) {
            snippet = json_array();
            for (int k = 0; k < items[i].snippet_count; k++)
                json_array_append_new(snippet, json_pack("{s:s, s:b}", "text", items[i].snippet[k].text, "match",
                                                         items[i].snippet[k].match));
        }
        json_object_set_new(j, "snippet", snippet);
        json_array_append_new(array, j);
    }
    api_respond(req, 200, api_page_json(array, more && count ? items[count - 1].study.id : 0));
    return TK_OK;
}

static const char *code_name_ar(const CodeList *list, const char *code)
{
    const CodeEntry *entry = code ? codes_find(list, code) : NULL;
    return entry ? entry->name_ar : code;
}

/* A day in Amman, YYYY-MM-DD, for a time (empty for 0). */
static const char *amman_date(Request *req, int64_t seconds)
{
    if (!seconds)
        return "";
    char date[11];
    clock_amman_date(seconds, date);
    return arena_strdup(&req->arena, date);
}

static json_t *document_json(Request *req, const StudyDocument *d)
{
    json_t *parties = json_array();
    for (int i = 0; i < d->party_count; i++) {
        const StudyParty *p = &d->parties[i];
        json_t *party = json_pack("{s:s, s:s, s:b}", "role", p->role, "name", p->name, "juvenile", p->withheld);
        json_object_set_new(party, "sex", api_text_or_null(p->sex));
        json_object_set_new(party, "age", p->age >= 0 ? json_integer(p->age) : json_null());
        json_array_append_new(parties, party);
    }
    json_t *sections = json_array();
    for (int k = 0; k < d->template.section_count; k++) {
        const StudySectionSpec *spec = &d->template.sections[k];
        json_t *section = json_pack("{s:s, s:s, s:s}", "key", spec->key, "title_ar", spec->title_ar, "title_en",
                                    spec->title_en);
        json_object_set_new(section, "body", api_text_or_null(d->bodies[k]));
        json_array_append_new(sections, section);
    }
    const Study *s = &d->study;
    json_t *j = json_pack("{s:s, s:I, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:o, s:o}", "purpose",
                          d->court ? "court" : "copy", "study_id", (json_int_t)s->id, "case_reference",
                          s->case_reference, "case_kind", s->case_kind, "status", s->status, "template", "code",
                          d->template.code, "name_ar", d->template.name_ar, "name_en", d->template.name_en, "parties",
                          parties, "sections", sections);
    api_set_texts(j, "unit_name_ar", d->unit_name_ar, "unit_name_en", d->unit_name_en, "author_name", s->author_name,
                  NULL);
    json_object_set_new(j, "submitted_at", d->submitted_at ? api_time(d->submitted_at) : json_null());
    json_object_set_new(j, "reviewed_by_name", api_text_or_null(s->reviewed_by_name));
    json_object_set_new(j, "reviewed_at", s->reviewed_at ? api_time(s->reviewed_at) : json_null());
    json_object_set_new(j, "generated_at", api_time(d->generated_at));
    study_people_json(j, s);
    (void)req;
    return j;
}

/* The document as a PDF, in Arabic: the court's copy or a copy with the names of the case's persons withheld. */
static int document_pdf(Request *req, const StudyDocument *d)
{
    const Study *s = &d->study;
    Arena *arena = &req->arena;
    int capacity = 24 + d->party_count + d->template.section_count * 2;
    int n;
    DocBlock *blocks = api_document_open(
        arena, capacity, "المملكة الأردنية الهاشمية — وزارة التنمية الاجتماعية", d->unit_name_ar, d->template.name_ar,
        d->court ? "وثيقة مقدَّمة إلى المحكمة — سرية، لا يجوز نشرها" : "نسخة — أسماء الأشخاص محجوبة", &n);
    if (!blocks)
        return TK_ERR_NOMEM;
#define ADD(...) (blocks[n++] = (DocBlock){__VA_ARGS__})
    /* the study's particulars, two to a line */
    const char *fields[16];
    int field_count = 0;
#define FIELD(label, value)                                                                                            \
    (fields[field_count++] = arena_printf(arena, "%s: \u2068%s\u2069", label, (value) ? (value) : "—"))
    FIELD("رقم الحالة", s->case_reference);
    FIELD("نوع الحالة", code_name_ar(&codes_case_kinds, s->case_kind));
    FIELD("حالة الدراسة", strcmp(s->status, "approved") == 0    ? "معتمدة"
                          : strcmp(s->status, "submitted") == 0 ? "مقدَّمة للمراجعة"
                          : strcmp(s->status, "returned") == 0  ? "معادة للتعديل"
                                                                : "مسودة");
    FIELD(is_female(s->author_sex) ? "أعدّتها" : "أعدّها", s->author_name);
    if (d->submitted_at)
        FIELD("تاريخ التقديم", amman_date(req, d->submitted_at));
    if (strcmp(s->status, "approved") == 0) {
        FIELD(is_female(s->reviewed_by_sex) ? "اعتمدتها" : "اعتمدها", s->reviewed_by_name);
        FIELD("تاريخ الاعتماد", amman_date(req, s->reviewed_at));
    }
    FIELD("تاريخ الإصدار", amman_date(req, d->generated_at));
#undef FIELD
    for (int i = 0; i < field_count; i += 2)
        ADD(.kind = DOC_ROW, .plain = 1, .cell_count = 2, .widths = {50, 50},
            .cells = {fields[i], i + 1 < field_count ? fields[i + 1] : ""});
    ADD(.kind = DOC_HEADING, .text = "الأطراف");
    ADD(.kind = DOC_ROW, .bold = 1, .cell_count = 4, .widths = {46, 24, 15, 15},
        .cells = {"الاسم", "الصفة في الحالة", "الجنس", "العمر"});
    for (int i = 0; i < d->party_count; i++) {
        const StudyParty *p = &d->parties[i];
        const char *sex = !p->sex                         ? ""
                          : strcmp(p->sex, "female") == 0 ? "أنثى"
                          : strcmp(p->sex, "male") == 0   ? "ذكر"
                                                          : p->sex;
        ADD(.kind = DOC_ROW, .cell_count = 4, .widths = {46, 24, 15, 15},
            .cells = {p->name, code_name_ar(&codes_case_person_roles, p->role), sex,
                      p->age >= 0 ? arena_printf(arena, "%d", p->age) : "—"});
    }
    for (int k = 0; k < d->template.section_count; k++) {
        ADD(.kind = DOC_HEADING, .text = d->template.sections[k].title_ar);
        ADD(.kind = DOC_TEXT, .text = d->bodies[k] ? d->bodies[k] : "(لم يُكتب هذا القسم)");
    }
    ADD(.kind = DOC_SPACE);
    ADD(.kind = DOC_SPACE);
    ADD(.kind = DOC_ROW, .ruled = 1, .cell_count = 2, .widths = {50, 50},
        .cells = {
            arena_printf(arena, "%s: %s\nالتوقيع والتاريخ", author_title_ar(s), s->author_name ? s->author_name : ""),
            arena_printf(arena, "%s: %s\nالتوقيع والتاريخ", is_female(s->reviewed_by_sex) ? "المشرفة" : "المشرف",
                         strcmp(s->status, "approved") == 0 && s->reviewed_by_name ? s->reviewed_by_name : "")});
#undef ADD
    Doc doc = {.title = arena_printf(arena, "%s — %s", d->template.name_ar, s->case_reference),
               .header = arena_printf(arena, "سري — %s — %s", s->case_reference, d->court ? "للمحكمة" : "نسخة"),
               .page = "صفحة",
               .of = "من",
               .mark = strcmp(s->status, "approved") == 0 ? NULL : "مسودة غير معتمدة",
               .blocks = blocks,
               .block_count = n};
    return api_respond_pdf(req, &doc,
                           arena_printf(arena, "study-%s-%s.pdf", s->case_reference, d->court ? "court" : "copy"));
}

int api_study_document(Request *req)
{
    const char *purpose = NULL, *format = NULL;
    if (api_query_text(req, "purpose", &purpose) || api_query_text(req, "format", &format))
        return TK_ERR_INVALID;
    if (format && strcmp(format, "json") != 0 && strcmp(format, "pdf") != 0)
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", "format");
    bool pdf = format && strcmp(format, "pdf") == 0;
    StudyDocument d;
    int rc = domain_study_document(&req->ctx, req->params[0], purpose, pdf ? "pdf" : "json", &d);
    if (rc != TK_OK)
        return rc;
    if (pdf)
        return document_pdf(req, &d);
    api_respond(req, 200, document_json(req, &d));
    return TK_OK;
}
