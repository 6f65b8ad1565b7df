/* Consents recorded on a case and withdrawn, and the basis they give for sharing the case's data with another unit. */
#include "domain/referrals/referrals_internal.h"

#include <string.h>

#include "base/clock.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/validate.h"
#include "store/cases.h"
#include "store/referrals.h"

DOMAIN_CASE_PART_LIST(domain_case_consents, CaseConsent, referral_load_own_case(ctx, case_id, &view), store_consents,
                      domain_case_part_whole, "case.consents.read")

int domain_case_consent_add(Ctx *ctx, int64_t case_id, CaseConsent *consent)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    char today[11];
    clock_amman_today(today);
    if (!consent->person_id)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "person_id");
    if (validate_code(ctx, &codes_consent_methods, consent->method, "method") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!consent->given_on)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "given_on");
    else if (!validate_is_date(consent->given_on))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "given_on");
    else if (strcmp(consent->given_on, today) > 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "case.in_future", "given_on");
    if (validate_required_text(ctx, consent->scope, 1000, true, "scope") != TK_OK)
        rc = TK_ERR_INVALID;
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        CasePerson *persons = NULL;
        int count = 0;
        if (rc == TK_OK)
            rc = store_case_persons(ctx->db, case_id, ctx->arena, &persons, &count);
        bool of_case = false;
        for (int i = 0; rc == TK_OK && i < count; i++)
            of_case = of_case ||
                      (persons[i].person_id == consent->person_id && strcmp(persons[i].role, "reporter") != 0);
        if (rc == TK_OK && !of_case)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "consent.not_in_case", "person_id");
        DOMAIN_CASE_PART_ADD(ctx, rc, case_id, consent, store_consent_add, "case.consent.add", consent->method);
    });
    if (rc == TK_OK)
        rc = store_consent_get(ctx->db, case_id, consent->id, ctx->arena, consent);
    return rc;
}

int domain_case_consent_withdraw(Ctx *ctx, int64_t case_id, int64_t consent_id, CaseConsent *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    DOMAIN_CASE_CHANGE(ctx, rc, case_id, view, {
        if (rc == TK_OK && (rc = store_consent_get(ctx->db, case_id, consent_id, ctx->arena, out)) == TK_ERR_NOT_FOUND)
            rc = fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK &&
            (rc = store_consent_withdraw(ctx->db, consent_id, access_acting_user(ctx))) == TK_ERR_CONFLICT)
            rc = fault_set(ctx->fault, rc, "consent.withdrawn");
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.consent.withdraw", out->method);
    });
    if (rc == TK_OK)
        rc = store_consent_get(ctx->db, case_id, consent_id, ctx->arena, out);
    return rc;
}

const char *referral_consent_basis(const char *kind, const ConsentVictim *victims, int count, int *missing)
{
    *missing = -1;
    if (strcmp(kind, "juvenile_conflict") == 0 || strcmp(kind, "juvenile_protection") == 0)
        return "child";
    if (strcmp(kind, "family_violence") != 0)
        return "not_required";
    bool adult = false, child = false;
    for (int i = 0; i < count; i++) {
        if (victims[i].age >= 0 && victims[i].age < 18) {
            child = true;
            continue;
        }
        adult = true; /* of unknown age: treated as an adult, whose consent is needed */
        if (!victims[i].consented && *missing < 0)
            *missing = i;
    }
    return adult ? "consent" : child ? "child" : "not_required";
}

/* The basis for sharing the case's data (referral_consent_basis), the consents it rests on, *missing: the first
 * victim whose consent is needed and not on the case (0: none), and the persons of the case shared. */
int referral_sharing_basis(Ctx *ctx, const Case *c, const char **basis, char **consent_ids, int64_t *missing,
                           char **persons)
{
    *basis = "not_required";
    *consent_ids = NULL;
    *missing = 0;
    *persons = NULL;
    CasePerson *people = NULL;
    int count = 0;
    int rc = store_case_persons(ctx->db, c->id, ctx->arena, &people, &count);
    CaseConsent *consents = NULL;
    int consent_count = 0;
    if (rc == TK_OK)
        rc = store_consents(ctx->db, c->id, ctx->arena, &consents, &consent_count);
    if (rc != TK_OK)
        return rc;
    char *ids = arena_strdup(ctx->arena, "");
    for (int i = 0; i < count && ids; i++)
        if (strcmp(people[i].role, "reporter") != 0)
            ids = arena_printf(ctx->arena, "%s%s%lld", ids, *ids ? "," : "", (long long)people[i].person_id);
    *persons = ids && *ids ? ids : NULL;
    char today[11];
    clock_amman_today(today);
    ConsentVictim *victims = arena_calloc(ctx->arena, (size_t)count + 1, sizeof *victims);
    int64_t *victim_ids = arena_calloc(ctx->arena, (size_t)count + 1, sizeof *victim_ids);
    char *used = arena_strdup(ctx->arena, "");
    int victim_count = 0;
    for (int i = 0; i < count && victims && victim_ids && used; i++) {
        if (strcmp(people[i].role, "victim") != 0)
            continue;
        int age = age_on(people[i].person.birth_date, people[i].person.birth_year, today);
        int64_t found = 0;
        for (int k = 0; k < consent_count && !found; k++)
            if (consents[k].person_id == people[i].person_id && !consents[k].withdrawn_at)
                found = consents[k].id;
        victims[victim_count] = (ConsentVictim){.age = age, .consented = found != 0};
        victim_ids[victim_count++] = people[i].person_id;
        if (found && !(age >= 0 && age < 18))
            used = arena_printf(ctx->arena, "%s%s%lld", used, *used ? "," : "", (long long)found);
    }
    if (!victims || !victim_ids || !used)
        return TK_ERR_NOMEM;
    int first_missing;
    *basis = referral_consent_basis(c->kind, victims, victim_count, &first_missing);
    *missing = first_missing >= 0 ? victim_ids[first_missing] : 0;
    *consent_ids = strcmp(*basis, "consent") == 0 && *used ? used : NULL;
    return TK_OK;
}
