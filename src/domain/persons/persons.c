#include "domain/persons/persons.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/cases.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "domain/persons/person_search.h"
#include "text/arabic.h"
#include "text/utf8.h"

const char *const person_relations[] = {"spouse",     "parent",   "child",    "sibling", "grandparent",
                                        "grandchild", "relative", "guardian", "ward",    NULL};
const char *const person_document_types[] = {"passport", "refugee_card", "residence_permit", "other", NULL};
const char *const person_disabilities[] = {"none",         "physical", "visual", "hearing", "intellectual",
                                           "psychosocial", "multiple", "other",  NULL};

static bool in_list(const char *const *list, const char *value)
{
    for (; value && *list; list++)
        if (strcmp(*list, value) == 0)
            return true;
    return false;
}

/* What the person is to the relative, when the relative is relation to the person. */
static const char *inverse_relation(const char *relation)
{
    static const char *const pairs[][2] = {
        {"spouse", "spouse"},     {"parent", "child"},           {"child", "parent"},
        {"sibling", "sibling"},   {"grandparent", "grandchild"}, {"grandchild", "grandparent"},
        {"relative", "relative"}, {"guardian", "ward"},          {"ward", "guardian"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (strcmp(pairs[i][0], relation) == 0)
            return pairs[i][1];
    return NULL;
}

/* The folded name tokens of one name part, joined by spaces: the part's search key. */
static char *name_key(Ctx *ctx, const char *name)
{
    if (!name)
        return NULL;
    char *folded = text_fold(ctx->arena, name, strlen(name));
    char *tokens[16];
    int count = folded ? text_name_tokens(ctx->arena, folded, tokens, 16) : 0;
    char *key = arena_strdup(ctx->arena, "");
    for (int i = 0; key && i < count; i++)
        key = arena_printf(ctx->arena, "%s%s%s", key, i ? " " : "", tokens[i]);
    return key;
}

static int check_name(Ctx *ctx, const char *name, bool required, const char *field)
{
    if (!name || !*name)
        return required ? fault_field(ctx->fault, TK_ERR_INVALID, "field.required", field) : TK_OK;
    size_t len = strlen(name);
    if (text_utf8_length(name, len) > 60)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.too_long", field);
    if (validate_visible(ctx, name, field) != TK_OK)
        return TK_ERR_INVALID;
    if (!text_name_valid(name, len))
        return fault_field(ctx->fault, TK_ERR_INVALID, "person.name_invalid", field);
    return TK_OK;
}

static int check_free_text(Ctx *ctx, const char *text, size_t max, bool newlines, const char *field)
{
    return validate_text(ctx, text, max, newlines, field);
}

/* Brings numbers to ASCII digits and checks their shape. */
static int normalise_numbers(Ctx *ctx, Person *p)
{
    int rc = TK_OK;
    if (p->national_id && !*p->national_id)
        p->national_id = NULL;
    if (p->national_id) {
        p->national_id = text_ascii_digits(ctx->arena, p->national_id);
        size_t len = p->national_id ? strlen(p->national_id) : 0;
        bool digits = len == 10;
        for (size_t i = 0; digits && i < len; i++)
            digits = isdigit((unsigned char)p->national_id[i]);
        if (!digits)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "person.national_id_format", "national_id");
    }
    if (p->document_number && !*p->document_number)
        p->document_number = NULL;
    if (!p->document_type != !p->document_number)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required",
                         p->document_type ? "document_number" : "document_type");
    if (p->document_type && !in_list(person_document_types, p->document_type))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "document_type");
    if (p->document_number) {
        p->document_number = text_ascii_digits(ctx->arena, p->document_number);
        size_t len = p->document_number ? strlen(p->document_number) : 0;
        bool shape = len >= 3 && len <= 40;
        for (size_t i = 0; shape && i < len; i++)
            shape = isalnum((unsigned char)p->document_number[i]) || p->document_number[i] == '-' ||
                    p->document_number[i] == '/';
        if (!shape)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "document_number");
    }
    return rc;
}

/* The year of a time, remembered for the day (imports check many dates). */
static int current_year(int64_t now)
{
    static _Thread_local int64_t day;
    static _Thread_local int year;
    if (now / 86400 != day) {
        char today[21];
        clock_format_iso(now, today);
        year = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 + (today[3] - '0');
        day = now / 86400;
    }
    return year;
}

static int check_birth(Ctx *ctx, Person *p)
{
    int64_t now = clock_now();
    int this_year = current_year(now);
    if (p->birth_date && *p->birth_date) {
        int64_t when;
        if (strlen(p->birth_date) != 10 || !clock_parse_iso(p->birth_date, &when))
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "birth_date");
        if (when > now)
            return fault_field(ctx->fault, TK_ERR_INVALID, "person.birth_in_future", "birth_date");
        p->birth_year = (p->birth_date[0] - '0') * 1000 + (p->birth_date[1] - '0') * 100 +
                        (p->birth_date[2] - '0') * 10 + (p->birth_date[3] - '0');
        p->birth_year_estimated = false;
        return TK_OK;
    }
    p->birth_date = NULL;
    if (p->birth_year && (p->birth_year < 1900 || p->birth_year > this_year))
        return fault_field(ctx->fault, TK_ERR_INVALID,
                           p->birth_year > this_year ? "person.birth_in_future" : "field.invalid", "birth_year");
    if (!p->birth_year)
        p->birth_year_estimated = false;
    return TK_OK;
}

/* Phones: digits (Arabic-Indic accepted), spaces, dashes and a leading +; stored comma-separated. */
static int phones_text(Ctx *ctx, const PhoneList *phones, char **out)
{
    *out = NULL;
    if (!phones || phones->count == 0)
        return TK_OK;
    if (phones->count > 5)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.too_long", "phones");
    char *joined = arena_strdup(ctx->arena, "");
    for (int i = 0; joined && i < phones->count; i++) {
        char *phone = text_ascii_digits(ctx->arena, phones->items[i]);
        char *compact = phone ? arena_alloc(ctx->arena, strlen(phone) + 1) : NULL;
        if (!compact)
            return TK_ERR_NOMEM;
        size_t digits = 0, used = 0;
        bool ok = true;
        for (size_t k = 0; phone[k] && ok; k++) {
            char c = phone[k];
            if (isdigit((unsigned char)c))
                compact[used++] = c, digits++;
            else if (c == '+' && used == 0)
                compact[used++] = c;
            else
                ok = c == ' ' || c == '-';
        }
        compact[used] = '\0';
        if (!ok || digits < 6 || digits > 15)
            return fault_field(ctx->fault, TK_ERR_INVALID, "person.phone_invalid", "phones");
        joined = arena_printf(ctx->arena, "%s%s%s", joined, i ? "," : "", compact);
    }
    *out = joined;
    return joined ? TK_OK : TK_ERR_NOMEM;
}

/* Checks a whole record and fills its keys. Every fault is recorded; returns the first error. */
static int validate(Ctx *ctx, Person *p)
{
    int rc = TK_OK;
#define KEEP(call)                                                                                                     \
    do {                                                                                                               \
        int rc_ = (call);                                                                                              \
        if (rc_ != TK_OK && rc == TK_OK)                                                                               \
            rc = rc_;                                                                                                  \
    } while (0)
    KEEP(check_name(ctx, p->first_name, true, "first_name"));
    KEEP(check_name(ctx, p->father_name, true, "father_name"));
    KEEP(check_name(ctx, p->grandfather_name, false, "grandfather_name"));
    KEEP(check_name(ctx, p->family_name, true, "family_name"));
    KEEP(check_name(ctx, p->latin_name, false, "latin_name"));
    KEEP(normalise_numbers(ctx, p));
    KEEP(check_birth(ctx, p));
    if (!p->sex || (strcmp(p->sex, "female") != 0 && strcmp(p->sex, "male") != 0))
        KEEP(fault_field(ctx->fault, TK_ERR_INVALID, p->sex ? "field.invalid" : "field.required", "sex"));
    if (p->nationality && (strlen(p->nationality) != 2 || !isupper((unsigned char)p->nationality[0]) ||
                           !isupper((unsigned char)p->nationality[1])))
        KEEP(fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "nationality"));
    if (p->governorate && !codes_find(&codes_governorates, p->governorate))
        KEEP(fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "governorate"));
    if (p->disability && !in_list(person_disabilities, p->disability))
        KEEP(fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "disability"));
    KEEP(check_free_text(ctx, p->address, 300, false, "address"));
    KEEP(check_free_text(ctx, p->notes, 2000, true, "notes"));
#undef KEEP
    if (p->grandfather_name && !*p->grandfather_name)
        p->grandfather_name = NULL;
    if (rc != TK_OK)
        return rc;
    p->key_first = name_key(ctx, p->first_name);
    p->key_father = name_key(ctx, p->father_name);
    p->key_grandfather = name_key(ctx, p->grandfather_name);
    p->key_family = name_key(ctx, p->family_name);
    return p->key_first && p->key_father && p->key_family ? TK_OK : TK_ERR_NOMEM;
}

/* The end of looking up a person by a number p gives (rc, other): refused when another active person holds it,
 * naming who; 0 when nobody else does. */
static int unique_number(Ctx *ctx, int rc, const Person *p, const Person *other, const char *key, const char *field)
{
    if (rc == TK_OK && other->id != p->id) {
        ctx->fault->related_type = "person";
        ctx->fault->related_id = other->id;
        return fault_field(ctx->fault, TK_ERR_EXISTS, key, field);
    }
    return rc == TK_ERR_NOT_FOUND ? TK_OK : rc;
}

/* A number that another active person holds: refused, naming who holds it. */
static int check_unique(Ctx *ctx, const Person *p)
{
    Person other;
    int rc = TK_OK;
    if (p->national_id) {
        rc = store_person_find_national_id(ctx->db, p->national_id, ctx->arena, &other);
        rc = unique_number(ctx, rc, p, &other, "person.duplicate_national_id", "national_id");
    }
    if (rc == TK_OK && p->document_number) {
        rc = store_person_find_document(ctx->db, p->document_type, p->document_number, ctx->arena, &other);
        rc = unique_number(ctx, rc, p, &other, "person.duplicate_document", "document_number");
    }
    return rc;
}

/* Copies the fields named in set. */
static void apply_changes(Person *record, uint32_t set, const Person *changes)
{
#define APPLY(flag, field)                                                                                             \
    if (set & (flag))                                                                                                  \
    record->field = changes->field
    APPLY(PERSON_FIRST_NAME, first_name);
    APPLY(PERSON_FATHER_NAME, father_name);
    APPLY(PERSON_GRANDFATHER_NAME, grandfather_name);
    APPLY(PERSON_FAMILY_NAME, family_name);
    APPLY(PERSON_LATIN_NAME, latin_name);
    APPLY(PERSON_NATIONAL_ID, national_id);
    APPLY(PERSON_DOCUMENT_TYPE, document_type);
    APPLY(PERSON_DOCUMENT_NUMBER, document_number);
    APPLY(PERSON_BIRTH_DATE, birth_date);
    APPLY(PERSON_BIRTH_YEAR, birth_year);
    APPLY(PERSON_BIRTH_ESTIMATED, birth_year_estimated);
    APPLY(PERSON_SEX, sex);
    APPLY(PERSON_NATIONALITY, nationality);
    APPLY(PERSON_GOVERNORATE, governorate);
    APPLY(PERSON_ADDRESS, address);
    APPLY(PERSON_DISABILITY, disability);
    APPLY(PERSON_NOTES, notes);
#undef APPLY
    /* A birth year given without a date replaces the date. */
    if ((set & PERSON_BIRTH_YEAR) && !(set & PERSON_BIRTH_DATE))
        record->birth_date = NULL;
}

int domain_person_prepare(Ctx *ctx, Person *person, const PhoneList *phones)
{
    person->id = 0;
    char *phone_text = NULL;
    int phones_rc = phones_text(ctx, phones, &phone_text);
    int rc = validate(ctx, person);
    if (rc == TK_OK)
        rc = phones_rc;
    person->phones = phone_text;
    return rc;
}

int domain_person_create(Ctx *ctx, Person *person, const PhoneList *phones)
{
    int rc = access_require(ctx, CAP_PERSONS);
    if (rc != TK_OK || (rc = domain_person_prepare(ctx, person, phones)) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = check_unique(ctx, person);
        if (rc == TK_OK)
            rc = store_person_insert(ctx->db, person, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "person.create", "person", person->id, "ok", NULL);
    });
    if (rc == TK_OK)
        person_index_put(person);
    return rc;
}

PersonShown person_shown(const PersonSight *sight)
{
    if (sight->sees)
        return PERSON_FULL;
    if (sight->sealed_elsewhere)
        return PERSON_SEALED;
    return sight->restricted ? PERSON_WITHHELD : PERSON_FULL;
}

/* The viewer's sight of one person, in one statement. */
static int person_sight(Ctx *ctx, int64_t id, PersonSight *sight)
{
    CaseViewer viewer = domain_case_viewer(ctx);
    return store_person_sight(ctx->db, id, &viewer, sight);
}

void person_show(Person *p, PersonShown shown)
{
    if (shown == PERSON_FULL)
        return;
    p->withheld = true;
    p->birth_date = NULL;
    p->governorate = p->address = p->phones = p->disability = p->notes = NULL;
    p->created_by = p->updated_by = 0;
    if (shown == PERSON_SEALED) {
        int64_t id = p->id;
        memset(p, 0, sizeof *p);
        p->id = id; /* for the caller's bookkeeping: never shown (api_person_json) */
        p->withheld = p->sealed = true;
    }
}

int domain_person_protect(Ctx *ctx, Person *p)
{
    PersonSight sight;
    int rc = person_sight(ctx, p->id, &sight);
    if (rc == TK_OK)
        person_show(p, person_shown(&sight));
    return rc;
}

/* A change to a person (an edit, a family link, a merge) needs sight of her: 403 person.restricted otherwise, and
 * 404 for a sealed record of another unit. */
static int require_in_sight(Ctx *ctx, int64_t id)
{
    PersonSight sight;
    int rc = person_sight(ctx, id, &sight);
    PersonShown shown = rc == TK_OK ? person_shown(&sight) : PERSON_FULL;
    if (shown == PERSON_SEALED)
        rc = fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
    else if (shown == PERSON_WITHHELD)
        rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "person.restricted");
    return rc;
}

int domain_person_get(Ctx *ctx, int64_t id, Person *person)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_PERSONS);
    rc = domain_found(ctx, store_person_get(ctx->db, id, ctx->arena, person));
    if (rc == TK_OK)
        rc = domain_person_protect(ctx, person);
    if (rc == TK_OK && person->sealed) {
        domain_audit_read_outcome(ctx, "person.read", "person", id, "denied", "sealed");
        return fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
    }
    return rc == TK_OK ? domain_audit_read(ctx, "person.read", "person", id, person->withheld ? "withheld" : NULL) : rc;
}

int domain_person_update(Ctx *ctx, int64_t id, int64_t version, uint32_t set, const Person *changes,
                         const PhoneList *phones, Person *result)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_PERSONS);
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = domain_at_version(ctx, store_person_get(ctx->db, id, ctx->arena, result), &result->version, version);
        if (rc == TK_OK && strcmp(result->status, "active") != 0)
            rc = fault_set(ctx->fault, TK_ERR_INVALID, "person.merged");
        if (rc == TK_OK)
            rc = require_in_sight(ctx, id);
        if (rc == TK_OK) {
            apply_changes(result, set, changes);
            /* A birth year given without a date replaces the date. */
            if ((set & PERSON_BIRTH_YEAR) && !(set & PERSON_BIRTH_DATE))
                result->birth_date = NULL;
            char *phone_text = result->phones;
            int phones_rc = (set & PERSON_PHONES) ? phones_text(ctx, phones, &phone_text) : TK_OK;
            rc = validate(ctx, result);
            if (rc == TK_OK)
                rc = phones_rc;
            result->phones = phone_text;
        }
        if (rc == TK_OK)
            rc = check_unique(ctx, result);
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_person_update(ctx->db, result, access_acting_user(ctx)));
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "person.update", "person", id, "ok", NULL);
    });
    if (rc == TK_OK)
        person_index_put(result);
    return rc;
}

/* A person the user may read, for reading one of its parts (family, merges); not_found when there is none. */
static int readable_person(Ctx *ctx, int64_t id)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_PERSONS);
    Person person;
    rc = store_person_get(ctx->db, id, ctx->arena, &person);
    return rc == TK_ERR_NOT_FOUND ? fault_set(ctx->fault, rc, "not_found") : rc;
}

int domain_person_family(Ctx *ctx, int64_t id, PersonLink **links, int *count)
{
    int rc = readable_person(ctx, id);
    if (rc == TK_OK)
        rc = store_person_family(ctx->db, id, ctx->arena, links, count);
    for (int i = 0; rc == TK_OK && i < *count; i++)
        rc = domain_person_protect(ctx, &(*links)[i].relative);
    return rc == TK_OK ? domain_audit_read(ctx, "person.family.read", "person", id, NULL) : rc;
}

int domain_person_link_add(Ctx *ctx, int64_t id, int64_t relative_id, const char *relation, int64_t degree,
                           PersonLink **links, int *count)
{
    int64_t link_id = 0;
    DOMAIN_REQUIRE(rc, ctx, CAP_PERSONS);
    const char *inverse = relation ? inverse_relation(relation) : NULL;
    if (!inverse)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "relation");
    if (degree && (strcmp(relation, "relative") != 0 || degree < 1 || degree > 6))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "degree");
    if (relative_id == id)
        return fault_field(ctx->fault, TK_ERR_INVALID, "person.link_self", "relative_id");
    DOMAIN_TRANSACTION(ctx, rc, {
        Person person, relative;
        rc = store_person_get(ctx->db, id, ctx->arena, &person);
        if (rc == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK && (rc = store_person_get(ctx->db, relative_id, ctx->arena, &relative)) == TK_ERR_NOT_FOUND)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "relative_id");
        if (rc == TK_OK && (strcmp(person.status, "active") != 0 || strcmp(relative.status, "active") != 0))
            rc = fault_set(ctx->fault, TK_ERR_INVALID, "person.merged");
        if (rc == TK_OK)
            rc = require_in_sight(ctx, id);
        if (rc == TK_OK)
            rc = require_in_sight(ctx, relative_id);
        if (rc == TK_OK)
            rc = store_person_link_insert(ctx->db, id, relative_id, relation, inverse, degree, access_acting_user(ctx),
                                          &link_id);
        if (rc == TK_ERR_EXISTS)
            fault_field(ctx->fault, rc, "conflict.exists", "relative_id");
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "person.link.add", "person", id, "ok", relation);
        if (rc == TK_OK && links)
            rc = store_person_family(ctx->db, id, ctx->arena, links, count);
        for (int i = 0; rc == TK_OK && links && i < *count; i++)
            rc = domain_person_protect(ctx, &(*links)[i].relative);
    });
    return rc;
}

int domain_person_link_remove(Ctx *ctx, int64_t id, int64_t link_id)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_PERSONS);
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = require_in_sight(ctx, id);
        if (rc == TK_OK)
            rc = store_person_link_delete(ctx->db, id, link_id);
        if (rc == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "person.link.remove", "person", id, "ok", NULL);
    });
    return rc;
}

static int check_reason(Ctx *ctx, const char *reason)
{
    if (!reason || !*reason)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "reason");
    return check_free_text(ctx, reason, 500, true, "reason");
}

int domain_person_merge(Ctx *ctx, int64_t kept_id, int64_t kept_version, int64_t merged_id, int64_t merged_version,
                        const char *reason, PersonMerge *merge, Person *kept)
{
    int rc = access_require(ctx, CAP_MERGE_PERSONS);
    if (rc != TK_OK || (rc = check_reason(ctx, reason)) != TK_OK)
        return rc;
    if (kept_id == merged_id)
        return fault_field(ctx->fault, TK_ERR_INVALID, "person.merge_self", "merge_id");
    Person merged;
    int64_t merge_id = 0;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_person_get(ctx->db, kept_id, ctx->arena, kept);
        if (rc == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK && (rc = store_person_get(ctx->db, merged_id, ctx->arena, &merged)) == TK_ERR_NOT_FOUND)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "merge_id");
        if (rc == TK_OK && (strcmp(kept->status, "active") != 0 || strcmp(merged.status, "active") != 0))
            rc = fault_set(ctx->fault, TK_ERR_INVALID, "person.merged");
        if (rc == TK_OK && kept->version != kept_version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        if (rc == TK_OK && merged.version != merged_version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "merge_version");
        /* a merge moves her roles in cases: only for one who sees her cases */
        if (rc == TK_OK)
            rc = require_in_sight(ctx, kept_id);
        if (rc == TK_OK)
            rc = require_in_sight(ctx, merged_id);
        if (rc == TK_OK)
            rc = store_person_merge(ctx->db, kept_id, merged_id, reason, access_acting_user(ctx), &merge_id);
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "person.merge", "person", kept_id, "ok", NULL);
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "person.merged_into", "person", merged_id, "ok", NULL);
        if (rc == TK_OK)
            rc = store_person_merge_get(ctx->db, merge_id, ctx->arena, merge);
        if (rc == TK_OK)
            rc = store_person_merge_names(ctx->db, merge, ctx->arena);
        if (rc == TK_OK)
            rc = store_person_get(ctx->db, merged_id, ctx->arena, &merged);
        if (rc == TK_OK)
            rc = store_person_get(ctx->db, kept_id, ctx->arena, kept);
    });
    if (rc == TK_OK)
        person_index_put(&merged);
    return rc;
}

int domain_person_merge_undo(Ctx *ctx, int64_t merge_id, const char *reason, PersonMerge *merge, Person *restored)
{
    int rc = access_require(ctx, CAP_MERGE_PERSONS);
    if (rc != TK_OK || (rc = check_reason(ctx, reason)) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_person_merge_get(ctx->db, merge_id, ctx->arena, merge);
        if (rc == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK && merge->undone_at)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "person.merge_undone");
        /* a kept record merged since into a third one holds links that moved on: that merge is undone first */
        Person kept;
        if (rc == TK_OK && (rc = store_person_get(ctx->db, merge->kept_id, ctx->arena, &kept)) == TK_OK &&
            strcmp(kept.status, "active") != 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "person.merge_kept_merged");
        if (rc == TK_OK)
            rc = require_in_sight(ctx, merge->kept_id);
        if (rc == TK_OK)
            rc = require_in_sight(ctx, merge->merged_id);
        if (rc == TK_OK &&
            (rc = store_person_merge_undo(ctx->db, merge_id, access_acting_user(ctx), reason)) == TK_ERR_EXISTS)
            fault_set(ctx->fault, rc, "person.undo_number_taken");
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "person.merge.undo", "person", merge->merged_id, "ok", NULL);
        if (rc == TK_OK)
            rc = store_person_merge_get(ctx->db, merge_id, ctx->arena, merge);
        if (rc == TK_OK)
            rc = store_person_merge_names(ctx->db, merge, ctx->arena);
        if (rc == TK_OK)
            rc = store_person_get(ctx->db, merge->merged_id, ctx->arena, restored);
    });
    if (rc == TK_OK)
        person_index_put(restored);
    return rc;
}

int domain_person_merge_get(Ctx *ctx, int64_t merge_id, PersonMerge *merge)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_PERSONS);
    rc = domain_found(ctx, store_person_merge_get(ctx->db, merge_id, ctx->arena, merge));
    if (rc == TK_OK)
        rc = store_person_merge_names(ctx->db, merge, ctx->arena);
    return rc == TK_OK ? domain_audit_read(ctx, "person.merge.read", "person", merge->kept_id, NULL) : rc;
}

int domain_person_merges(Ctx *ctx, int64_t id, PersonMerge **merges, int *count)
{
    int rc = readable_person(ctx, id);
    if (rc == TK_OK)
        rc = store_person_merges_of(ctx->db, id, ctx->arena, merges, count);
    return rc == TK_OK ? domain_audit_read(ctx, "person.merges.read", "person", id, NULL) : rc;
}

void person_full_name(const Person *p, char *out, size_t size)
{
    text_full_name(p->first_name, p->father_name, p->grandfather_name, p->family_name, out, size);
}
