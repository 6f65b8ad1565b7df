#include "domain/studies.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/access.h"
#include "domain/cases.h"
#include "domain/codes.h"
#include "domain/validate.h"

/* True when the comma-separated list holds code. */
static bool listed(const char *list, const char *code)
{
    size_t len = strlen(code);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && strncmp(p, code, len) == 0)
            return true;
        p = end ? end + 1 : p + n;
    }
    return false;
}

bool domain_study_template(Arena *arena, const StudyTemplate *templates, int count, const char *code,
                           const char *case_kind, StudyTemplate *out)
{
    for (int i = 0; i < count; i++) {
        const StudyTemplate *t = &templates[i];
        if ((code && strcmp(t->code, code) != 0) || (!code && !listed(t->kinds, case_kind)))
            continue;
        *out = *t;
        out->section_count = 0;
        out->sections = arena_calloc(arena, (size_t)t->section_count + 1, sizeof(StudySectionSpec));
        if (!out->sections)
            return false;
        /* its sections for this kind of case, in order */
        for (int k = 0; k < t->section_count; k++)
            if (!t->sections[k].kinds || !case_kind || listed(t->sections[k].kinds, case_kind))
                out->sections[out->section_count++] = t->sections[k];
        return true;
    }
    return false;
}

int domain_study_templates(Ctx *ctx, const char *kind, StudyTemplate **items, int *count)
{
    int rc = access_require(ctx, CAP_CASES);
    if (rc != TK_OK)
        return rc;
    if (kind && !codes_find(&codes_case_kinds, kind))
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "kind");
    if ((rc = store_study_templates(ctx->db, ctx->arena, items, count)) != TK_OK || !kind)
        return rc;
    int kept = 0;
    for (int i = 0; i < *count; i++) {
        StudyTemplate t;
        if (listed((*items)[i].kinds, kind) && domain_study_template(ctx->arena, *items, *count, (*items)[i].code, kind, &t))
            (*items)[kept++] = t;
    }
    *count = kept;
    return TK_OK;
}

static void study_rights(const Ctx *ctx, const Study *s, const CaseView *view, StudyRights *rights)
{
    bool author = ctx->user && s->author_id == ctx->user->id;
    bool open = strcmp(s->status, "draft") == 0 || strcmp(s->status, "returned") == 0;
    bool case_open = strcmp(view->c.stage, "closed") != 0;
    rights->edit = author && open && case_open && view->rights.write;
    rights->submit = rights->edit;
    rights->review = view->rights.supervise && !author && strcmp(s->status, "submitted") == 0;
}

/* A study and its case, for a user who sees the case as its own unit's worker (404 otherwise). */
static int load_study(Ctx *ctx, int64_t id, Study *s, CaseView *view, StudyRights *rights)
{
    int rc = access_require(ctx, CAP_CASES);
    if (rc != TK_OK)
        return rc;
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
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "case.studies.read", "case", case_id, NULL);
    return rc;
}

int domain_study_create(Ctx *ctx, int64_t case_id, const char *template, Study *out, StudyRights *rights)
{
    int rc = access_require(ctx, CAP_CASES);
    if (rc != TK_OK)
        return rc;
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
        if (rc == TK_OK && !listed(chosen.kinds, view.c.kind))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "study.template_kind", "template");
        Study s = {.case_id = case_id, .template = rc == TK_OK ? chosen.code : NULL, .author_id = access_acting_user(ctx)};
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
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "study.read", "study", id, NULL);
    return rc;
}

int domain_study_save(Ctx *ctx, int64_t id, int64_t version, const StudyText *texts, int count, Study *out,
                      StudyRights *rights)
{
    int rc = access_require(ctx, CAP_CASES);
    if (rc != TK_OK)
        return rc;
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
        if (rc == TK_OK && !domain_study_template(ctx->arena, templates, template_count, out->template, view.c.kind, &template))
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
        if (rc == TK_OK && (rc = store_study_save(ctx->db, out, texts, count)) == TK_ERR_CONFLICT)
            rc = fault_field(ctx->fault, rc, "version.conflict", "version");
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
    int rc = access_require(ctx, CAP_CASES);
    if (rc != TK_OK)
        return rc;
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
        bool author = rc == TK_OK && out->author_id == access_acting_user(ctx);
        if (rc == TK_OK && submit) {
            if (strcmp(out->status, "draft") != 0 && strcmp(out->status, "returned") != 0)
                rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "study.bad_state");
            else if (!rights->submit)
                rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "study.author_only");
        } else if (rc == TK_OK) {
            if (strcmp(out->status, "submitted") != 0)
                rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "study.bad_state");
            else if (!view.rights.supervise)
                rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
            else if (author)
                rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "study.own_review");
        }
        if (rc == TK_OK && version != out->version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        /* a study goes to review with every section of its template written */
        StudyTemplate *templates = NULL;
        int template_count = 0;
        StudyTemplate template;
        if (rc == TK_OK && submit && (rc = store_study_templates(ctx->db, ctx->arena, &templates, &template_count)) == TK_OK &&
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
            out->status = "submitted";
            out->submissions = ++number;
            rc = store_study_version_add(ctx->db, id, number, access_acting_user(ctx));
        } else if (rc == TK_OK) {
            out->status = approve ? "approved" : "returned";
            out->review_comment = comment;
            out->reviewed_by = access_acting_user(ctx);
            out->reviewed_at = clock_now();
            rc = store_study_version_decide(ctx->db, id, number, approve ? "approved" : "returned", comment,
                                            access_acting_user(ctx));
        }
        if (rc == TK_OK && (rc = store_study_set_status(ctx->db, out)) == TK_ERR_CONFLICT)
            rc = fault_field(ctx->fault, rc, "version.conflict", "version");
        if (rc == TK_OK)
            rc = domain_case_record(ctx, out->case_id, submit ? "case.study.submit" : approve ? "case.study.approve"
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
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "study.versions.read", "study", id, NULL);
    return rc;
}

int domain_study_version(Ctx *ctx, int64_t id, int64_t number, StudyVersion *out)
{
    Study s;
    CaseView view;
    StudyRights rights;
    int rc = load_study(ctx, id, &s, &view, &rights);
    if (rc == TK_OK && (rc = store_study_version_get(ctx->db, id, number, ctx->arena, out)) == TK_ERR_NOT_FOUND)
        rc = fault_set(ctx->fault, rc, "not_found");
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "study.version.read", "study", id, NULL);
    return rc;
}
