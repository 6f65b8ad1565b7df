/* The persons of a case in their roles: the juveniles' ages, the reporter kept from those who may not know. */
#include "domain/cases/cases.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/case_internal.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "store/cases.h"
#include "store/persons.h"

/* A child under 12 at the time of the act cannot be in conflict with the law (the protection kind is the one);
 * a person of 18 or more is not a juvenile. */
static int check_juvenile(Ctx *ctx, const Case *c, const Person *person, const char *role)
{
    if (strcmp(role, "juvenile") != 0 ||
        (strcmp(c->kind, "juvenile_conflict") != 0 && strcmp(c->kind, "juvenile_protection") != 0))
        return TK_OK;
    char today[21];
    clock_format_iso(c->reported_at, today);
    today[10] = '\0';
    int age = age_on(person->birth_date, person->birth_year, c->act_date ? c->act_date : today);
    if (age < 0)
        return TK_OK;
    if (strcmp(c->kind, "juvenile_conflict") == 0 && age < 12)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.juvenile_under_12", "person_id");
    if (age >= 18)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.not_a_juvenile", "person_id");
    return TK_OK;
}

/* Checks the case's juveniles again (after its act date changed); the fault names act_date. */
int case_recheck_juveniles(Ctx *ctx, const Case *c)
{
    CasePerson *items;
    int count = 0;
    int rc = store_case_persons(ctx->db, c->id, ctx->arena, &items, &count);
    for (int i = 0; i < count && rc == TK_OK; i++) {
        Fault quiet = {0};
        Fault *kept = ctx->fault;
        ctx->fault = &quiet;
        rc = check_juvenile(ctx, c, &items[i].person, items[i].role);
        ctx->fault = kept;
        if (rc != TK_OK)
            return fault_field(ctx->fault, rc, quiet.code, "act_date");
    }
    return rc;
}

/* The bands of the Juveniles Law by age at the act: under 12 (not prosecuted), مراهق 12 to 15, فتى 15 to 18. */
static const char *juvenile_band(int age)
{
    return age < 0 ? NULL : age < 12 ? "child" : age < 15 ? "adolescent" : age < 18 ? "youth" : "adult";
}

/* The age at the act and the band of each juvenile of a juvenile case. */
static void fill_bands(const Case *c, CasePerson *items, int count)
{
    bool juvenile_case = strcmp(c->kind, "juvenile_conflict") == 0 || strcmp(c->kind, "juvenile_protection") == 0;
    char reported[11];
    clock_amman_date(c->reported_at, reported);
    for (int i = 0; i < count; i++) {
        items[i].age_at_act = -1;
        items[i].band = NULL;
        if (!juvenile_case || strcmp(items[i].role, "juvenile") != 0 || !items[i].person_id)
            continue;
        items[i].age_at_act = age_on(items[i].person.birth_date, items[i].person.birth_year,
                                     c->act_date ? c->act_date : reported);
        items[i].band = juvenile_band(items[i].age_at_act);
    }
}

int case_add_person(Ctx *ctx, const Case *c, int64_t person_id, const char *role)
{
    if (!codes_find(&codes_case_person_roles, role))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "role");
    Person person;
    int rc = store_person_get(ctx->db, person_id, ctx->arena, &person);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "person_id");
    if (rc == TK_OK && strcmp(person.status, "active") != 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "person.merged", "person_id");
    if (rc == TK_OK)
        rc = check_juvenile(ctx, c, &person, role);
    if (rc == TK_OK &&
        (rc = store_case_person_add(ctx->db, c->id, person_id, role, access_acting_user(ctx), NULL)) == TK_ERR_EXISTS)
        fault_field(ctx->fault, rc, "conflict.exists", "person_id");
    if (rc == TK_OK) {
        /* the history is read by everyone who sees the case: a reporter is named there by role only */
        char detail[64];
        snprintf(detail, sizeof detail, "%s %lld", role, (long long)person_id);
        rc = case_record(ctx, c->id, "case.person.add",
                         strcmp(role, "reporter") == 0 ? "reporter" : arena_strdup(ctx->arena, detail));
    }
    return rc;
}

/* Hides the reporter's record from those who may not know who reported. */
static void hide_reporters(const CaseView *view, CasePerson *items, int count)
{
    if (view->rights.sees_reporter)
        return;
    for (int i = 0; i < count; i++) {
        if (strcmp(items[i].role, "reporter") == 0) {
            items[i].person_id = 0;
            memset(&items[i].person, 0, sizeof items[i].person);
        }
    }
}

int domain_case_persons(Ctx *ctx, int64_t id, CasePerson **items, int *count)
{
    CaseView view;
    int rc = case_load_section(ctx, id, CASE_SECTION_PERSONS, &view);
    if (rc == TK_OK)
        rc = store_case_persons(ctx->db, id, ctx->arena, items, count);
    if (rc == TK_OK) {
        hide_reporters(&view, *items, *count);
        fill_bands(&view.c, *items, *count);
        for (int i = 0; view.rights.referred && i < *count; i++) {
            (*items)[i].added_by = 0;
            (*items)[i].person.created_by = (*items)[i].person.updated_by = 0;
        }
        rc = domain_audit_read(ctx, "case.persons.read", "case", id, NULL);
    }
    return rc;
}

int domain_case_person_add(Ctx *ctx, int64_t id, int64_t person_id, const char *role, CasePerson **items, int *count)
{
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    if (!role)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "role");
    DOMAIN_CASE_CHANGE(ctx, rc, id, view, {
        /* who reported is known only to the case's workers and supervisors: anyone else is refused before anything
         * about the person is looked at, so the answer never tells whether they are the reporter */
        if (rc == TK_OK && strcmp(role, "reporter") == 0 && !view.rights.sees_reporter)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.reporter_restricted");
        if (rc == TK_OK)
            rc = case_add_person(ctx, &view.c, person_id, role);
        if (rc == TK_OK)
            rc = store_case_persons(ctx->db, id, ctx->arena, items, count);
    });
    if (rc == TK_OK) {
        hide_reporters(&view, *items, *count);
        fill_bands(&view.c, *items, *count);
    }
    return rc;
}

int domain_case_person_remove(Ctx *ctx, int64_t id, int64_t link_id)
{
    int rc = case_require(ctx);
    DOMAIN_CASE_CHANGE(ctx, rc, id, view, {
        CasePerson *links = NULL;
        int count = 0;
        if (rc == TK_OK && !view.rights.sees_reporter)
            rc = store_case_persons(ctx->db, id, ctx->arena, &links, &count);
        /* the persons list shows every link's role, the reporter's too: refusing by role tells nothing new */
        for (int i = 0; rc == TK_OK && i < count; i++)
            if (links[i].id == link_id && strcmp(links[i].role, "reporter") == 0)
                rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.reporter_restricted");
        if (rc == TK_OK && (rc = store_case_person_remove(ctx->db, id, link_id)) == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK)
            rc = case_record(ctx, id, "case.person.remove", NULL);
    });
    return rc;
}
