/* The inmate's family: the needs assessment in structured fields, the family's visits, and the children staying
 * with their mother to age 3. */
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/deadlines.h"
#include "domain/centres/centres_internal.h"
#include "domain/core/access.h"
#include "domain/core/validate.h"
#include "store/cases.h"
#include "store/centres.h"
#include "store/persons.h"

enum { TEXT_MAX_CHARS = 2000, PEOPLE_MAX = 50, INCOME_MAX = 100000, CHILD_AGE_MAX = 3 };

static const char *const income_sources[] = {"work", "aid_fund", "relatives", "pension", "charity", "none", NULL};
static const char *const housings[] = {"owned", "rented", "with_relatives", "unstable", "homeless", NULL};
static const char *const health_needs[] = {"chronic_illness", "disability",   "mental_health",
                                           "pregnancy",       "no_insurance", NULL};
static const char *const family_risks[] = {"no_income", "eviction",     "school_dropout", "child_labour", "violence",
                                           "neglect",   "exploitation", "early_marriage", "stigma",       NULL};
static const char *const arrangements[] = {"arranged", "facilitated", NULL};
static const char *const next_places[] = {"family", "care_home", NULL};

int domain_family_assessment(Ctx *ctx, int64_t case_id, FamilyAssessment *out)
{
    CaseView view;
    int rc = centre_case_load(ctx, case_id, false, &view);
    if (rc == TK_OK && (rc = store_family_assessment_get(ctx->db, case_id, ctx->arena, out)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "centre.no_assessment");
    return rc == TK_OK ? domain_audit_read(ctx, "case.family_assessment.read", "case", case_id, NULL) : rc;
}

/* The fields of an assessment, checked alone. */
static int check_assessment(Ctx *ctx, const FamilyAssessment *a)
{
    int rc = TK_OK;
    if (a->dependants < 0 || a->dependants > PEOPLE_MAX)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.range", "dependants");
    if (a->children < 0 || a->children > a->dependants)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.children_dependants", "children");
    if (a->children_in_school < 0 || a->children_in_school > a->children)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.children_in_school", "children_in_school");
    if (a->monthly_income < -1 || a->monthly_income > INCOME_MAX)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.range", "monthly_income");
    if (!centre_codes(a->income_sources, income_sources))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "income_sources");
    if (centre_check_code(ctx, a->housing, housings, "housing") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!centre_codes(a->health, health_needs))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "health");
    if (!centre_codes(a->risks, family_risks))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "risks");
    if (validate_text(ctx, a->notes, TEXT_MAX_CHARS, true, "notes") != TK_OK)
        rc = TK_ERR_INVALID;
    return rc;
}

int domain_family_assessment_save(Ctx *ctx, int64_t case_id, FamilyAssessment *in)
{
    int rc = check_assessment(ctx, in);
    in->case_id = case_id;
    DOMAIN_CASE_CHANGE_BY(ctx, rc, view, centre_case_load(ctx, case_id, true, &view), {
        if (rc == TK_OK)
            rc = domain_put_at_version(ctx, store_family_assessment_put(ctx->db, in, access_acting_user(ctx)));
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.family_assessment.save",
                                    arena_printf(ctx->arena, "%lld/%lld %s", (long long)in->children,
                                                 (long long)in->dependants, in->housing));
    });
    return rc == TK_OK ? store_family_assessment_get(ctx->db, case_id, ctx->arena, in) : rc;
}

DOMAIN_CASE_PART_LIST(domain_family_visits, FamilyVisit, centre_case_load(ctx, case_id, false, &view),
                      store_family_visits, domain_case_part_whole, "case.family_visits.read")

int domain_family_visit_add(Ctx *ctx, int64_t case_id, FamilyVisit *v)
{
    int rc = domain_check_past_date(ctx, v->visited_on, "visited_on");
    if (centre_check_code(ctx, v->arrangement, arrangements, "arrangement") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!v->visitors || !*v->visitors)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "visitors");
    if (validate_text(ctx, v->visitors, 500, false, "visitors") != TK_OK ||
        validate_text(ctx, v->notes, TEXT_MAX_CHARS, true, "notes") != TK_OK)
        rc = TK_ERR_INVALID;
    v->case_id = case_id;
    DOMAIN_CASE_CHANGE_BY(ctx, rc, view, centre_case_load(ctx, case_id, true, &view), {
        if (rc == TK_OK)
            rc = store_family_visit_add(ctx->db, v, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.family_visit.add", v->visited_on);
    });
    if (rc == TK_OK && ctx->user)
        v->created_by_name = ctx->user->full_name;
    return rc;
}

DOMAIN_CASE_PART_LIST(domain_centre_children, CentreChild, centre_case_load(ctx, case_id, false, &view),
                      store_centre_children, domain_case_part_whole, "case.children.read")

int domain_centre_child_add(Ctx *ctx, int64_t case_id, CentreChild *child)
{
    int rc = TK_OK;
    if (!child->person_id)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "person_id");
    char today[11];
    clock_amman_today(today);
    if (!child->entered_on)
        child->entered_on = arena_strdup(ctx->arena, today);
    else if (domain_check_past_date(ctx, child->entered_on, "entered_on") != TK_OK)
        rc = TK_ERR_INVALID;
    if (validate_text(ctx, child->notes, TEXT_MAX_CHARS, true, "notes") != TK_OK)
        rc = TK_ERR_INVALID;
    child->case_id = case_id;
    child->next_place = NULL;
    DOMAIN_CASE_CHANGE_BY(ctx, rc, view, centre_case_load(ctx, case_id, true, &view), {
        /* the mother: the case's inmate (the one named), a woman */
        CasePerson *persons = NULL;
        int count = 0;
        int64_t mother = 0;
        if (rc == TK_OK)
            rc = store_case_persons(ctx->db, case_id, ctx->arena, &persons, &count);
        for (int i = 0; rc == TK_OK && i < count; i++)
            if (strcmp(persons[i].role, "inmate") == 0 &&
                (!child->mother_id || persons[i].person_id == child->mother_id))
                mother = mother ? -1 : persons[i].person_id;
        Person mum;
        if (rc == TK_OK && mother > 0 && (rc = store_person_get(ctx->db, mother, ctx->arena, &mum)) == TK_OK &&
            (!mum.sex || strcmp(mum.sex, "female") != 0))
            mother = -1;
        if (rc == TK_OK && mother <= 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.mother", "mother_id");
        child->mother_id = mother;
        /* the child: born, and younger than 3 on entering with the mother */
        Person person;
        if (rc == TK_OK && (rc = store_person_get(ctx->db, child->person_id, ctx->arena, &person)) == TK_ERR_NOT_FOUND)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "not_found", "person_id");
        if (rc == TK_OK && child->person_id == mother)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.child_is_mother", "person_id");
        if (rc == TK_OK && !person.birth_date)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.child_birth_date", "birth_date");
        int age = rc == TK_OK ? age_on(person.birth_date, 0, child->entered_on) : -1;
        if (rc == TK_OK && strcmp(child->entered_on, person.birth_date) < 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.child_not_born", "entered_on");
        else if (rc == TK_OK && (age < 0 || age >= CHILD_AGE_MAX))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.child_too_old", "birth_date");
        if (rc == TK_OK && (rc = store_centre_child_add(ctx->db, child, access_acting_user(ctx))) == TK_ERR_EXISTS)
            fault_field(ctx->fault, TK_ERR_CONFLICT, "centre.child_recorded", "person_id");
        if (rc == TK_OK)
            rc = domain_case_record_and_refresh(ctx, case_id, "case.child.add", child->entered_on);
    });
    if (rc == TK_ERR_EXISTS)
        return TK_ERR_CONFLICT;
    return rc == TK_OK ? store_centre_child_get(ctx->db, case_id, child->id, ctx->arena, child) : rc;
}

/* The protection case a child at risk was referred to: a case of a child in need of protection whose juvenile is the
 * child (the centre's workers need not see it: they learn its reference, never its content); 400
 * centre.protection_case otherwise. */
static int protection_case(Ctx *ctx, int64_t id, int64_t child_id, Case *out)
{
    int rc = store_case_get(ctx->db, id, ctx->arena, out);
    bool fits = rc == TK_OK && strcmp(out->kind, "juvenile_protection") == 0;
    CasePerson *persons = NULL;
    int count = 0;
    if (fits && (rc = store_case_persons(ctx->db, id, ctx->arena, &persons, &count)) != TK_OK)
        return rc;
    bool juvenile = false;
    for (int i = 0; fits && i < count; i++)
        juvenile = juvenile || (persons[i].person_id == child_id && strcmp(persons[i].role, "juvenile") == 0);
    if (rc == TK_ERR_NOT_FOUND || (rc == TK_OK && !juvenile))
        return fault_field(ctx->fault, TK_ERR_INVALID, "centre.protection_case", "protection_case_id");
    return rc;
}

int domain_centre_child_update(Ctx *ctx, int64_t case_id, int64_t child_id, CentreChild *in)
{
    int rc = TK_OK;
    if (!in->version)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if (in->next_place && !centre_code(in->next_place, next_places))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "next_place");
    if (in->left_on && domain_check_past_date(ctx, in->left_on, "left_on") != TK_OK)
        rc = TK_ERR_INVALID;
    if (validate_text(ctx, in->notes, TEXT_MAX_CHARS, true, "notes") != TK_OK)
        rc = TK_ERR_INVALID;
    CentreChild child;
    DOMAIN_CASE_CHANGE_BY(ctx, rc, view, centre_case_load(ctx, case_id, true, &view), {
        if (rc == TK_OK &&
            (rc = store_centre_child_get(ctx->db, case_id, child_id, ctx->arena, &child)) == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK && in->left_on && strcmp(in->left_on, child.entered_on) < 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.left_before_entry", "left_on");
        Case protection;
        if (rc == TK_OK && in->protection_case_id && in->protection_case_id != child.protection_case_id)
            rc = protection_case(ctx, in->protection_case_id, child.person_id, &protection);
        if (rc == TK_OK) {
            child.version = in->version;
            child.next_place = in->next_place ? in->next_place : child.next_place;
            child.left_on = in->left_on ? in->left_on : child.left_on;
            child.notes = in->notes ? in->notes : child.notes;
            bool linking = in->protection_case_id && in->protection_case_id != child.protection_case_id;
            child.protection_case_id = in->protection_case_id ? in->protection_case_id : child.protection_case_id;
            /* the two cases linked: each one's history names the other */
            if (linking)
                rc = domain_case_record(ctx, case_id, "case.child.protection_link", protection.reference);
            if (rc == TK_OK && linking)
                rc = domain_case_record(ctx, protection.id, "case.linked_inmate_case", view.c.reference);
            if (rc == TK_OK &&
                (rc = store_centre_child_update(ctx->db, &child, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                fault_field(ctx->fault, rc, "version.conflict", "version");
        }
        if (rc == TK_OK)
            rc = domain_case_record_and_refresh(ctx, case_id, "case.child.update", child.next_place);
    });
    if (rc == TK_OK)
        rc = store_centre_child_get(ctx->db, case_id, child_id, ctx->arena, in);
    return rc;
}
