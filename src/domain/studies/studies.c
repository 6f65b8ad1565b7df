#include "domain/studies/studies.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/cases.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "domain/persons/persons.h"
#include "store/cases.h"
#include "store/persons.h"
#include "store/studies.h"
#include "text/arabic.h"
#include "text/utf8.h"

/* True when the comma-separated list holds code. */
bool domain_study_template(Arena *arena, const StudyTemplate *templates, int count, const char *code,
                           const char *case_kind, StudyTemplate *out)
{
    for (int i = 0; i < count; i++) {
        const StudyTemplate *t = &templates[i];
        if ((code && strcmp(t->code, code) != 0) || (!code && !codes_listed(t->kinds, case_kind)))
            continue;
        *out = *t;
        out->section_count = 0;
        out->sections = arena_calloc(arena, (size_t)t->section_count + 1, sizeof(StudySectionSpec));
        if (!out->sections)
            return false;
        /* its sections for this kind of case, in order */
        for (int k = 0; k < t->section_count; k++)
            if (!t->sections[k].kinds || !case_kind || codes_listed(t->sections[k].kinds, case_kind))
                out->sections[out->section_count++] = t->sections[k];
        return true;
    }
    return false;
}

int domain_study_templates(Ctx *ctx, const char *kind, StudyTemplate **items, int *count)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (kind && !codes_find(&codes_case_kinds, kind))
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "kind");
    if ((rc = store_study_templates(ctx->db, ctx->arena, items, count)) != TK_OK || !kind)
        return rc;
    int kept = 0;
    for (int i = 0; i < *count; i++) {
        StudyTemplate t;
        if (codes_listed((*items)[i].kinds, kind) &&
            domain_study_template(ctx->arena, *items, *count, (*items)[i].code, kind, &t))
            (*items)[kept++] = t;
    }
    *count = kept;
    return TK_OK;
}

void study_rights_for(const StudyActor *actor, const char *status, StudyRights *rights)
{
    bool open = strcmp(status, "draft") == 0 || strcmp(status, "returned") == 0;
    rights->edit = actor->author && open && !actor->case_closed && actor->write;
    rights->submit = rights->edit;
    rights->review = actor->supervise && !actor->author && strcmp(status, "submitted") == 0;
}

int study_review_move(const StudyActor *actor, const char *status, const char *action, const char **to,
                      const char **refusal)
{
    *to = NULL;
    *refusal = NULL;
    bool submit = action && strcmp(action, "submit") == 0, give_back = action && strcmp(action, "return") == 0,
         approve = action && strcmp(action, "approve") == 0;
    if (!submit && !give_back && !approve) {
        *refusal = "field.code";
        return TK_ERR_INVALID;
    }
    if (submit) {
        StudyRights rights;
        study_rights_for(actor, status, &rights);
        if (strcmp(status, "draft") != 0 && strcmp(status, "returned") != 0)
            *refusal = "study.bad_state";
        else if (!rights.submit)
            *refusal = "study.author_only";
    } else if (strcmp(status, "submitted") != 0)
        *refusal = "study.bad_state";
    else if (!actor->supervise)
        *refusal = "case.supervisor_only";
    else if (actor->author)
        *refusal = "study.own_review";
    if (*refusal)
        return strcmp(*refusal, "study.bad_state") == 0 ? TK_ERR_CONFLICT : TK_ERR_FORBIDDEN;
    *to = submit ? "submitted" : approve ? "approved" : "returned";
    return TK_OK;
}

static StudyActor study_actor(const Ctx *ctx, const Study *s, const CaseView *view)
{
    return (StudyActor){.author = ctx->user && s->author_id == ctx->user->id,
                        .write = view->rights.write,
                        .supervise = view->rights.supervise,
                        .case_closed = strcmp(view->c.stage, "closed") == 0};
}

static void study_rights(const Ctx *ctx, const Study *s, const CaseView *view, StudyRights *rights)
{
    StudyActor actor = study_actor(ctx, s, view);
    study_rights_for(&actor, s->status, rights);
}

/* A study and its case, for a user who sees the case as its own unit's worker (404 otherwise). */
static int load_study(Ctx *ctx, int64_t id, Study *s, CaseView *view, StudyRights *rights)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if ((rc = store_study_get(ctx->db, id, ctx->arena, s)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc == TK_OK && (rc = domain_case_load(ctx, s->case_id, view)) == TK_OK && view->rights.referred) {
        domain_audit_read_outcome(ctx, "study.read", "study", id, "denied", NULL);
        rc = fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
    }
    if (rc == TK_OK)
        study_rights(ctx, s, view, rights);
    return rc;
}

int domain_studies_of_case(Ctx *ctx, int64_t case_id, Study **items, int *count)
{
    CaseView view;
    int rc = domain_case_load(ctx, case_id, &view);
    if (rc == TK_OK && view.rights.referred)
        rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "referral.not_shared");
    if (rc == TK_OK)
        rc = store_studies_of_case(ctx->db, case_id, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "case.studies.read", "case", case_id, NULL) : rc;
}

int domain_study_create(Ctx *ctx, int64_t case_id, const char *template, Study *out, StudyRights *rights)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    CaseView view;
    int64_t id = 0;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = domain_case_load_open(ctx, case_id, &view);
        StudyTemplate *templates = NULL;
        int count = 0;
        StudyTemplate chosen;
        if (rc == TK_OK)
            rc = store_study_templates(ctx->db, ctx->arena, &templates, &count);
        if (rc == TK_OK && !domain_study_template(ctx->arena, templates, count, template, view.c.kind, &chosen))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "template");
        if (rc == TK_OK && !codes_listed(chosen.kinds, view.c.kind))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "study.template_kind", "template");
        Study s = {
            .case_id = case_id, .template = rc == TK_OK ? chosen.code : NULL, .author_id = access_acting_user(ctx)};
        if (rc == TK_OK)
            rc = store_study_insert(ctx->db, &s);
        id = s.id;
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.study.create", chosen.code);
    });
    if (rc == TK_OK)
        rc = load_study(ctx, id, out, &view, rights);
    return rc;
}

int domain_study_get(Ctx *ctx, int64_t id, Study *out, StudyRights *rights, StudyTemplate *template)
{
    CaseView view;
    int rc = load_study(ctx, id, out, &view, rights);
    StudyTemplate *templates = NULL;
    int count = 0;
    if (rc == TK_OK)
        rc = store_study_templates(ctx->db, ctx->arena, &templates, &count);
    if (rc == TK_OK && !domain_study_template(ctx->arena, templates, count, out->template, view.c.kind, template))
        rc = TK_ERR_INTERNAL;
    return rc == TK_OK ? domain_audit_read(ctx, "study.read", "study", id, NULL) : rc;
}

int domain_study_save(Ctx *ctx, int64_t id, int64_t version, const StudyText *texts, int count, Study *out,
                      StudyRights *rights)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!version)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    for (int i = 0; i < count; i++)
        if (validate_text(ctx, texts[i].body, STUDY_SECTION_CHARS, true, texts[i].key) != TK_OK)
            rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_study(ctx, id, out, &view, rights);
        StudyTemplate *templates = NULL;
        int template_count = 0;
        StudyTemplate template;
        if (rc == TK_OK)
            rc = store_study_templates(ctx->db, ctx->arena, &templates, &template_count);
        if (rc == TK_OK &&
            !domain_study_template(ctx->arena, templates, template_count, out->template, view.c.kind, &template))
            rc = TK_ERR_INTERNAL;
        for (int i = 0; rc == TK_OK && i < count; i++) {
            bool known = false;
            for (int k = 0; k < template.section_count; k++)
                known = known || strcmp(template.sections[k].key, texts[i].key) == 0;
            if (!known)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "study.unknown_section", texts[i].key);
        }
        if (rc == TK_OK && strcmp(out->status, "approved") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "study.read_only");
        else if (rc == TK_OK && strcmp(out->status, "submitted") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "study.under_review");
        else if (rc == TK_OK && !rights->edit)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "study.author_only");
        if (rc == TK_OK && version != out->version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_study_save(ctx->db, out, texts, count));
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "study.save", "study", id, "ok", NULL);
    });
    if (rc == TK_OK)
        rc = load_study(ctx, id, out, &view, rights);
    return rc;
}

int domain_study_act(Ctx *ctx, int64_t id, int64_t version, const char *action, const char *comment, Study *out,
                     StudyRights *rights)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!action)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "action");
    bool submit = strcmp(action, "submit") == 0, give_back = strcmp(action, "return") == 0,
         approve = strcmp(action, "approve") == 0;
    if (!submit && !give_back && !approve)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "action");
    if (!version)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if (give_back && (!comment || !*comment))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "comment");
    if (validate_text(ctx, comment, 4000, true, "comment") != TK_OK)
        return TK_ERR_INVALID;
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_study(ctx, id, out, &view, rights);
        const char *to = NULL, *refusal = NULL;
        if (rc == TK_OK) {
            StudyActor actor = study_actor(ctx, out, &view);
            if ((rc = study_review_move(&actor, out->status, action, &to, &refusal)) != TK_OK)
                rc = fault_set(ctx->fault, rc, refusal);
        }
        if (rc == TK_OK && version != out->version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        /* a study goes to review with every section of its template written */
        StudyTemplate *templates = NULL;
        int template_count = 0;
        StudyTemplate template;
        if (rc == TK_OK && submit &&
            (rc = store_study_templates(ctx->db, ctx->arena, &templates, &template_count)) == TK_OK &&
            !domain_study_template(ctx->arena, templates, template_count, out->template, view.c.kind, &template))
            rc = TK_ERR_INTERNAL;
        for (int k = 0; rc == TK_OK && submit && k < template.section_count; k++) {
            bool written = false;
            for (int i = 0; i < out->text_count; i++)
                written = written || strcmp(out->texts[i].key, template.sections[k].key) == 0;
            if (!written)
                fault_field(ctx->fault, TK_ERR_INVALID, "study.section_empty", template.sections[k].key);
        }
        if (rc == TK_OK && submit && ctx->fault->field_count)
            rc = TK_ERR_INVALID;
        int64_t number = out->submissions;
        if (rc == TK_OK && submit) {
            out->status = to;
            out->submissions = ++number;
            rc = store_study_version_add(ctx->db, id, number, access_acting_user(ctx));
        } else if (rc == TK_OK) {
            out->status = to;
            out->review_comment = comment;
            out->reviewed_by = access_acting_user(ctx);
            out->reviewed_at = clock_now();
            rc = store_study_version_decide(ctx->db, id, number, to, comment, access_acting_user(ctx));
        }
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_study_set_status(ctx->db, out));
        /* an approved study of a juvenile is the monitor's report: the next is due three months on */
        if (rc == TK_OK && approve &&
            (strcmp(out->template, "juvenile") == 0 || strcmp(out->template, "followup_report") == 0)) {
            char today[11];
            clock_amman_today(today);
            rc = domain_case_monitor_reported(ctx, &view, today);
        }
        /* the juvenile's social study, submitted, ends its task; returned, opens it again */
        if (rc == TK_OK && strcmp(out->template, "juvenile") == 0)
            rc = domain_case_tasks_refresh(ctx, out->case_id);
        if (rc == TK_OK)
            rc = domain_case_record(ctx, out->case_id,
                                    submit    ? "case.study.submit"
                                    : approve ? "case.study.approve"
                                              : "case.study.return",
                                    arena_printf(ctx->arena, "%lld", (long long)number));
    });
    if (rc == TK_OK)
        rc = load_study(ctx, id, out, &view, rights);
    return rc;
}

int domain_study_versions(Ctx *ctx, int64_t id, StudyVersion **items, int *count)
{
    Study s;
    CaseView view;
    StudyRights rights;
    int rc = load_study(ctx, id, &s, &view, &rights);
    if (rc == TK_OK)
        rc = store_study_versions(ctx->db, id, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "study.versions.read", "study", id, NULL) : rc;
}

int domain_study_version(Ctx *ctx, int64_t id, int64_t number, StudyVersion *out)
{
    Study s;
    CaseView view;
    StudyRights rights;
    int rc = load_study(ctx, id, &s, &view, &rights);
    if (rc == TK_OK && (rc = store_study_version_get(ctx->db, id, number, ctx->arena, out)) == TK_ERR_NOT_FOUND)
        rc = fault_set(ctx->fault, rc, "not_found");
    return rc == TK_OK ? domain_audit_read(ctx, "study.version.read", "study", id, NULL) : rc;
}

int domain_studies_list(Ctx *ctx, const StudyQuery *query, StudyListItem **items, int *count, bool *more)
{
    *items = NULL;
    *count = 0;
    *more = false;
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    static const char *const statuses[] = {"draft", "submitted", "returned", "approved"};
    bool known = !query->status;
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0] && !known; i++)
        known = strcmp(query->status, statuses[i]) == 0;
    if (!known)
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "status");
    char *terms[STUDY_SEARCH_TERMS + 1];
    int term_count = 0;
    if (query->query) {
        if (validate_text(ctx, query->query, 200, false, "q") != TK_OK)
            return TK_ERR_INVALID;
        term_count = text_search_terms(ctx->arena, query->query, terms, STUDY_SEARCH_TERMS + 1);
        if (term_count > STUDY_SEARCH_TERMS)
            return fault_field(ctx->fault, TK_ERR_INVALID, "search.too_many_words", "q");
        size_t letters = 0;
        for (int i = 0; i < term_count; i++)
            letters += text_utf8_length(terms[i], strlen(terms[i]));
        if (letters < 2)
            return fault_field(ctx->fault, TK_ERR_INVALID, "search.too_short", "q");
    }
    CaseViewer viewer = domain_case_viewer(ctx);
    StudyFilter filter = {.author_id = query->mine ? viewer.user_id : 0,
                          .review = query->review,
                          .status = query->status,
                          .terms = terms,
                          .term_count = term_count,
                          .before_id = query->before_id,
                          .limit = query->limit};
    Study *studies;
    int found;
    if ((rc = store_study_list(ctx->db, &viewer, &filter, ctx->arena, &studies, &found, more)) != TK_OK)
        return rc;
    if (!(*items = arena_calloc(ctx->arena, (size_t)found + 1, sizeof(StudyListItem))))
        return TK_ERR_NOMEM;
    StudyTemplate *templates = NULL;
    int template_count = 0;
    if (term_count && (rc = store_study_templates(ctx->db, ctx->arena, &templates, &template_count)) != TK_OK)
        return rc;
    for (int i = 0; i < found; i++) {
        StudyListItem *item = &(*items)[i];
        item->study = studies[i];
        if (!term_count)
            continue;
        /* where it was found: the first section of its template, in order, whose words as typed match */
        Study full;
        StudyTemplate template;
        if ((rc = store_study_get(ctx->db, studies[i].id, ctx->arena, &full)) != TK_OK)
            return rc;
        if (!domain_study_template(ctx->arena, templates, template_count, full.template, full.case_kind, &template))
            return TK_ERR_INTERNAL;
        for (int k = 0; k < template.section_count && !item->section; k++) {
            for (int t = 0; t < full.text_count; t++) {
                if (strcmp(full.texts[t].key, template.sections[k].key) != 0)
                    continue;
                TextPart *parts;
                int n = text_snippet(ctx->arena, full.texts[t].body, terms, term_count, 8, 16, &parts);
                if (n < 0)
                    return TK_ERR_NOMEM;
                for (int p = 0; p < n && !item->section; p++)
                    if (parts[p].match) {
                        item->section = template.sections[k].key;
                        item->snippet = parts;
                        item->snippet_count = n;
                    }
            }
        }
    }
    *count = found;
    return domain_audit_read(ctx, term_count ? "study.search" : "study.list", "study", 0,
                             arena_printf(ctx->arena, "%d results", found));
}

/* What a copy writes in place of a person of the juvenile's family: the relation, as the relative is to the
 * juvenile, in the relative's gender (PersonLink's relation). */
static const char *relation_label(const char *relation, const char *sex)
{
    static const struct {
        const char *relation, *female, *male;
    } labels[] = {
        {"parent", "الأم", "الأب"},      {"sibling", "الأخت", "الأخ"},        {"grandparent", "الجدة", "الجد"},
        {"child", "الابنة", "الابن"},    {"spouse", "الزوجة", "الزوج"},       {"guardian", "ولية الأمر", "ولي الأمر"},
        {"ward", "المكفولة", "المكفول"}, {"grandchild", "الحفيدة", "الحفيد"}, {"relative", "القريبة", "القريب"},
    };
    bool female = sex && strcmp(sex, "female") == 0;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].relation, relation) == 0)
            return female ? labels[i].female : labels[i].male;
    return female ? "القريبة" : "القريب";
}

/* The same for a person of the case by her role there. */
static const char *role_label(const char *role, const char *sex)
{
    static const struct {
        const char *role, *female, *male;
    } labels[] = {
        {"juvenile", "الحدث", "الحدث"},
        {"victim", "الضحية", "الضحية"},
        {"alleged_perpetrator", "المشتكى عليها", "المشتكى عليه"},
        {"inmate", "النزيلة", "النزيل"},
        {"family_member", "إحدى أفراد الأسرة", "أحد أفراد الأسرة"},
        {"guardian", "ولية الأمر", "ولي الأمر"},
        {"witness", "الشاهدة", "الشاهد"},
        {"reporter", "المبلّغة", "المبلّغ"},
    };
    bool female = sex && strcmp(sex, "female") == 0;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].role, role) == 0)
            return female ? labels[i].female : labels[i].male;
    return female ? "إحدى أطراف الحالة" : "أحد أطراف الحالة";
}

/* Adds a person to the copy's list (once: the first label given stays). */
static int add_withheld(Ctx *ctx, const Person *person, const char *label, int64_t *ids, TextPerson *out, int *count)
{
    for (int i = 0; i < *count; i++)
        if (ids[i] == person->id)
            return TK_OK;
    TextPerson *t = &out[*count];
    memset(t, 0, sizeof *t);
    t->parts[0] = person->first_name;
    t->parts[1] = person->father_name;
    t->parts[2] = person->grandfather_name;
    t->parts[3] = person->family_name;
    /* a Latin name, word by word (Al-Majali: majali), words of three letters or more */
    char *latin = person->latin_name ? text_fold(ctx->arena, person->latin_name, strlen(person->latin_name)) : NULL;
    int k = 4;
    for (char *word = latin; word && *word && k < TEXT_PERSON_PARTS;) {
        char *end = strchr(word, ' ');
        if (end)
            *end = '\0';
        if (text_utf8_length(word, strlen(word)) >= 3)
            t->parts[k++] = word;
        word = end ? end + 1 : word + strlen(word);
    }
    t->label = label;
    ids[(*count)++] = person->id;
    return TK_OK;
}

/* A small number in Arabic-Indic digits (the document's own), into the arena. */
static const char *arabic_digits(Arena *arena, int number)
{
    char ascii[16];
    snprintf(ascii, sizeof ascii, "%d", number);
    char *out = arena_printf(arena, "%s", "");
    for (const char *d = ascii; out && *d; d++)
        out = arena_printf(arena, "%s\xd9%c", out, (char)(0xa0 + (*d - '0')));
    return out;
}

/* The persons a copy withholds, each with what it writes in her place: the case's juveniles (الحدث), the persons of
 * their families by relation (الأم، الأخت), then every other person of the case by role (الشاهد). Two alike are
 * numbered (الأخت (١)، الأخت (٢)). */
static int copy_persons(Ctx *ctx, const CasePerson *persons, int person_count, TextPerson **out, int64_t **ids_out,
                        int *count)
{
    int capacity = person_count + 1;
    PersonLink **families = arena_calloc(ctx->arena, (size_t)person_count + 1, sizeof(PersonLink *));
    int *family_counts = arena_calloc(ctx->arena, (size_t)person_count + 1, sizeof(int));
    if (!families || !family_counts)
        return TK_ERR_NOMEM;
    for (int i = 0; i < person_count; i++) {
        if (!persons[i].person_id || strcmp(persons[i].role, "juvenile") != 0)
            continue;
        int rc = store_person_family(ctx->db, persons[i].person_id, ctx->arena, &families[i], &family_counts[i]);
        if (rc != TK_OK)
            return rc;
        capacity += family_counts[i];
    }
    *out = arena_calloc(ctx->arena, (size_t)capacity, sizeof(TextPerson));
    int64_t *ids = arena_calloc(ctx->arena, (size_t)capacity, sizeof(int64_t));
    if (!*out || !ids)
        return TK_ERR_NOMEM;
    *ids_out = ids;
    *count = 0;
    for (int i = 0; i < person_count; i++)
        if (persons[i].person_id && strcmp(persons[i].role, "juvenile") == 0)
            add_withheld(ctx, &persons[i].person, "الحدث", ids, *out, count);
    for (int i = 0; i < person_count; i++)
        for (int l = 0; l < family_counts[i]; l++)
            add_withheld(ctx, &families[i][l].relative,
                         relation_label(families[i][l].relation, families[i][l].relative.sex), ids, *out, count);
    for (int i = 0; i < person_count; i++)
        if (persons[i].person_id)
            add_withheld(ctx, &persons[i].person, role_label(persons[i].role, persons[i].person.sex), ids, *out, count);
    /* the same words for two persons are numbered, so that the text still tells them apart */
    for (int i = 0; i < *count; i++) {
        int same = 0;
        for (int j = 0; j < *count; j++)
            same += strcmp((*out)[j].label, (*out)[i].label) == 0;
        if (same < 2)
            continue;
        const char *label = (*out)[i].label;
        int number = 0;
        for (int j = 0; j < *count; j++)
            if (strcmp((*out)[j].label, label) == 0)
                (*out)[j].label = arena_printf(ctx->arena, "%s (%s)", label, arabic_digits(ctx->arena, ++number));
    }
    return TK_OK;
}

int domain_study_document(Ctx *ctx, int64_t id, const char *purpose, const char *format, StudyDocument *out)
{
    memset(out, 0, sizeof *out);
    if (purpose && strcmp(purpose, "court") != 0 && strcmp(purpose, "copy") != 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "purpose");
    out->court = purpose && strcmp(purpose, "court") == 0;
    CaseView view;
    StudyRights rights;
    int rc = load_study(ctx, id, &out->study, &view, &rights);
    if (rc != TK_OK)
        return rc;
    /* what goes to a court is what a supervisor approved */
    if (out->court && strcmp(out->study.status, "approved") != 0)
        return fault_set(ctx->fault, TK_ERR_CONFLICT, "study.not_approved");
    StudyTemplate *templates = NULL;
    int template_count = 0;
    if ((rc = store_study_templates(ctx->db, ctx->arena, &templates, &template_count)) != TK_OK)
        return rc;
    if (!domain_study_template(ctx->arena, templates, template_count, out->study.template, view.c.kind, &out->template))
        return TK_ERR_INTERNAL;
    CasePerson *persons;
    int person_count;
    if ((rc = store_case_persons(ctx->db, out->study.case_id, ctx->arena, &persons, &person_count)) != TK_OK)
        return rc;
    StudyVersion *versions;
    int version_count;
    if ((rc = store_study_versions(ctx->db, id, ctx->arena, &versions, &version_count)) != TK_OK)
        return rc;
    out->submitted_at = version_count ? versions[0].submitted_at : 0;
    out->generated_at = clock_now();
    out->unit_name_ar = view.unit_name_ar;
    out->unit_name_en = view.unit_name_en;
    char today[11];
    clock_amman_today(today);
    /* a copy withholds everyone of the case and of its juveniles' families, and writes each by role (الأم، الأخت);
     * the court's document names what the study names */
    out->parties = arena_calloc(ctx->arena, (size_t)person_count + 1, sizeof(StudyParty));
    out->bodies = arena_calloc(ctx->arena, (size_t)out->template.section_count + 1, sizeof(char *));
    if (!out->parties || !out->bodies)
        return TK_ERR_NOMEM;
    TextPerson *withheld_persons = NULL;
    int64_t *withheld_ids = NULL;
    int withheld_count = 0;
    if (!out->court &&
        (rc = copy_persons(ctx, persons, person_count, &withheld_persons, &withheld_ids, &withheld_count)) != TK_OK)
        return rc;
    for (int i = 0; i < person_count; i++) {
        const CasePerson *p = &persons[i];
        if (!p->person_id || strcmp(p->role, "reporter") == 0)
            continue; /* never a party of the document */
        StudyParty *party = &out->parties[out->party_count++];
        party->role = p->role;
        party->sex = p->person.sex;
        party->age = age_on(p->person.birth_date, p->person.birth_year, today);
        char name[PERSON_FULL_NAME_SIZE];
        person_full_name(&p->person, name, sizeof name);
        party->name = arena_strdup(ctx->arena, name);
        party->withheld = !out->court;
        for (int w = 0; party->withheld && w < withheld_count; w++)
            if (withheld_ids[w] == p->person_id)
                party->name = withheld_persons[w].label;
    }
    for (int k = 0; k < out->template.section_count; k++) {
        for (int i = 0; i < out->study.text_count; i++) {
            if (strcmp(out->study.texts[i].key, out->template.sections[k].key) != 0)
                continue;
            const char *body = out->study.texts[i].body;
            out->bodies[k] = withheld_count ? text_redact_persons(ctx->arena, body, withheld_persons, withheld_count)
                                            : body;
            if (!out->bodies[k])
                return TK_ERR_NOMEM;
        }
    }
    return domain_audit_read(ctx, out->court ? "study.document.court" : "study.document.copy", "study", id, format);
}
