/* A case: registering, reading, changing its fields, and the lists of cases. */
#include "domain/cases/cases.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/case_internal.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "domain/persons/person_search.h"
#include "store/cases.h"

/* A change: its history row and its audit row, in the caller's transaction. */
int case_record(Ctx *ctx, int64_t id, const char *action, const char *detail)
{
    int rc = store_case_event_add(ctx->db, id, access_acting_user(ctx), action, detail);
    return rc == TK_OK ? domain_audit_change(ctx, action, "case", id, "ok", NULL) : rc;
}

int domain_case_record(Ctx *ctx, int64_t id, const char *action, const char *detail)
{
    return case_record(ctx, id, action, detail);
}

int domain_case_record_and_refresh(Ctx *ctx, int64_t id, const char *action, const char *detail)
{
    int rc = case_record(ctx, id, action, detail);
    return rc == TK_OK ? domain_case_tasks_refresh(ctx, id) : rc;
}

int domain_case_monitor_reported(Ctx *ctx, CaseView *view, const char *date)
{
    Case *c = &view->c;
    bool juvenile = strcmp(c->kind, "juvenile_conflict") == 0 || strcmp(c->kind, "juvenile_protection") == 0;
    if (!juvenile || strcmp(c->stage, "closed") == 0 ||
        (c->last_monitor_report && strcmp(c->last_monitor_report, date) >= 0))
        return TK_OK;
    c->last_monitor_report = arena_strdup(ctx->arena, date);
    int rc = store_case_update(ctx->db, c, access_acting_user(ctx));
    if (rc == TK_OK)
        rc = case_record(ctx, c->id, "case.update", "last_monitor_report");
    return rc == TK_OK ? case_refresh_tasks(ctx, view) : rc;
}

int domain_case_create(Ctx *ctx, const char *kind, const CaseInput *input, const CasePersonInput *persons,
                       int person_count, bool assign_author, CaseView *out)
{
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    if (!access_has_role(ctx, ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR) || !ctx->unit)
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    int k = case_kind_index(kind);
    if (!kind)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "kind");
    if (k < 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "kind");
    memset(out, 0, sizeof *out);
    Case *c = &out->c;
    c->kind = (char *)case_kinds[k].kind;
    c->unit_id = ctx->unit->id;
    c->governorate = ctx->unit->governorate;
    c->stage = "registration";
    c->sensitivity = "normal";
    c->settlement_eligible = -1;
    c->reported_at = clock_now();
    if ((rc = case_apply(ctx, c, input)) != TK_OK)
        return rc;
    /* restricting a case is the supervisor's decision */
    if (strcmp(c->sensitivity, "restricted") == 0 && !access_has_role(ctx, ROLE_SUPERVISOR))
        return fault_field(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only", "sensitivity");
    const char *author_role = assign_author ? case_own_assignment_role(ctx) : NULL;
    if (assign_author && !author_role)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.worker_role", "assign_me");
    char today[11];
    clock_amman_today(today);
    int year = atoi(today);
    DOMAIN_TRANSACTION(ctx, rc, {
        int64_t serial = 0;
        rc = store_case_next_serial(ctx->db, case_kinds[k].kind, year, &serial);
        if (rc == TK_OK) {
            c->reference = arena_printf(ctx->arena, "%s-%04d-%06lld", case_kinds[k].prefix, year, (long long)serial);
            rc = c->reference ? store_case_insert(ctx->db, c, access_acting_user(ctx)) : TK_ERR_NOMEM;
        }
        if (rc == TK_OK)
            rc = case_record(ctx, c->id, "case.create", c->reference);
        for (int i = 0; i < person_count && rc == TK_OK; i++)
            rc = case_add_person(ctx, c, persons[i].person_id, persons[i].role);
        if (rc == TK_OK && author_role)
            rc = case_assign_self(ctx, out, author_role);
        if (rc == TK_OK)
            rc = case_refresh_tasks(ctx, out);
    });
    if (rc == TK_OK)
        rc = case_load(ctx, c->id, out);
    return rc;
}

int domain_case_get(Ctx *ctx, int64_t id, CaseView *out)
{
    int rc = case_require(ctx);
    if (rc == TK_OK)
        rc = case_load(ctx, id, out);
    return rc == TK_OK ? domain_audit_read(ctx, "case.read", "case", id, NULL) : rc;
}

int domain_check_past_date(Ctx *ctx, const char *date, const char *field)
{
    if (!date)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", field);
    if (!validate_is_date(date))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.date", field);
    if (clock_amman_day_start(date) > clock_now())
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.in_future", field);
    return TK_OK;
}

enum { ENDING_REASON_MAX = 1000 };

int domain_check_ending(Ctx *ctx, int64_t version, const char *on, const char *on_field, const char *reason)
{
    int rc = TK_OK;
    if (!version)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if (domain_check_past_date(ctx, on, on_field) != TK_OK)
        rc = TK_ERR_INVALID;
    if (validate_required_text(ctx, reason, ENDING_REASON_MAX, true, "reason") != TK_OK)
        rc = TK_ERR_INVALID;
    return rc;
}

int domain_case_update(Ctx *ctx, int64_t id, int64_t version, const CaseInput *input, CaseView *out)
{
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    if (!version)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = case_load_for_change(ctx, id, version, out);
        if (rc == TK_OK && strcmp(out->c.stage, "closed") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closed");
        /* restricting a case, or lifting it, is the supervisor's decision */
        const char *sensitivity = (input->set & (1u << CASE_FIELD_SENSITIVITY)) ? input->text[CASE_FIELD_SENSITIVITY]
                                                                                : NULL;
        if (rc == TK_OK && !out->rights.supervise && sensitivity && strcmp(out->c.sensitivity, sensitivity) != 0)
            rc = fault_field(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only", "sensitivity");
        if (rc == TK_OK)
            rc = case_apply(ctx, &out->c, input);
        /* a new act date may make a juvenile of the case too young or too old for it */
        if (rc == TK_OK && (input->set & ((1u << CASE_FIELD_ACT_DATE) | (1u << CASE_FIELD_REPORTED_AT))))
            rc = case_recheck_juveniles(ctx, &out->c);
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_case_update(ctx->db, &out->c, access_acting_user(ctx)));
        if (rc == TK_OK)
            rc = case_record(ctx, id, "case.update", case_changed_fields(ctx, input));
        if (rc == TK_OK)
            rc = case_refresh_tasks(ctx, out);
    });
    return rc;
}

enum { CASE_QUERY_MIN_SCORE_PERCENT = 70 };

/* What a case search typed: a reference, whole or its start, in either case ("fv-2026-00012"); a national number;
 * or a person's name, searched as the registry searches (the persons scoring well enough, at most
 * CASE_FILTER_PERSONS, become the filter). */
static int case_query(Ctx *ctx, const char *q, CaseFilter *filter)
{
    size_t len = strlen(q);
    bool digit = false, reference = len >= 2 && len <= 32;
    for (size_t i = 0; i < len && reference; i++) {
        digit = digit || (q[i] >= '0' && q[i] <= '9');
        reference = (q[i] >= '0' && q[i] <= '9') || (q[i] >= 'a' && q[i] <= 'z') || (q[i] >= 'A' && q[i] <= 'Z') ||
                    q[i] == '-';
    }
    bool national = len == 10 && strspn(q, "0123456789") == 10;
    if (reference && digit && !national) {
        char *upper = arena_strdup(ctx->arena, q);
        if (!upper)
            return TK_ERR_NOMEM;
        for (char *p = upper; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        filter->reference = upper;
        return TK_OK;
    }
    SearchQuery query = {.text = national ? NULL : q, .national_id = national ? q : NULL, .limit = CASE_FILTER_PERSONS};
    SearchHit *hits = NULL;
    int found = 0;
    int rc = person_search_rank(ctx->db, ctx->arena, &query, &hits, &found);
    if (rc != TK_OK)
        return rc;
    filter->persons_given = true;
    int kept = 0;
    for (int i = 0; i < found && kept < CASE_FILTER_PERSONS; i++)
        if (hits[i].score * 100 >= CASE_QUERY_MIN_SCORE_PERCENT || hits[i].national_id_exact)
            filter->person_ids[kept++] = hits[i].person_id;
    return TK_OK;
}

int domain_case_list(Ctx *ctx, CaseFilter *filter, const char *query, Case **cases, int *count, bool *more)
{
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    if (query && *query && (rc = case_query(ctx, query, filter)) != TK_OK)
        return rc;
    const QueryParam params[] = {
        {"kind", filter->kind, &codes_case_kinds, NULL},
        {"stage", filter->stage, &codes_case_stages, NULL},
        {"risk", filter->risk_level, &codes_risk_levels, NULL},
        {"governorate", filter->governorate, &codes_governorates, NULL},
        {"opened_from", filter->opened_from, NULL, validate_is_date},
        {"opened_to", filter->opened_to, NULL, validate_is_date},
    };
    if ((rc = validate_query(ctx, params, sizeof params / sizeof params[0])) != TK_OK)
        return rc;
    CaseViewer viewer = domain_case_viewer(ctx);
    filter->now = clock_now();
    rc = store_case_list(ctx->db, &viewer, filter, ctx->arena, cases, count, more);
    if (rc == TK_OK) {
        char detail[32];
        snprintf(detail, sizeof detail, "%d results", *count);
        rc = domain_audit_read(ctx, "case.list", "case", 0, arena_strdup(ctx->arena, detail));
    }
    return rc;
}

int domain_person_cases(Ctx *ctx, int64_t person_id, PersonCase **items, int *count, int64_t *hidden)
{
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    Person person;
    if ((rc = store_person_get(ctx->db, person_id, ctx->arena, &person)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    CaseViewer viewer = domain_case_viewer(ctx);
    if (rc == TK_OK)
        rc = store_person_cases(ctx->db, person_id, &viewer, PERSON_CASES_MAX, ctx->arena, items, count, hidden);
    return rc == TK_OK ? domain_audit_read(ctx, "person.cases.read", "person", person_id, NULL) : rc;
}
