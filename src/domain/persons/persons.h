/* The person registry: registering, reading and editing persons, and their family links. Every unit shares
 * one registry; names are kept as typed, with folded keys beside them for search. */
#ifndef TAKAMUL_DOMAIN_PERSONS_H
#define TAKAMUL_DOMAIN_PERSONS_H

#include "domain/core/context.h"
#include "model/person.h"

/* Which fields a change carries (a field present with NULL clears it). */
typedef enum {
    PERSON_FIRST_NAME = 1u << 0,
    PERSON_FATHER_NAME = 1u << 1,
    PERSON_GRANDFATHER_NAME = 1u << 2,
    PERSON_FAMILY_NAME = 1u << 3,
    PERSON_LATIN_NAME = 1u << 4,
    PERSON_NATIONAL_ID = 1u << 5,
    PERSON_DOCUMENT_TYPE = 1u << 6,
    PERSON_BIRTH_DATE = 1u << 7,
    PERSON_BIRTH_YEAR = 1u << 8,
    PERSON_SEX = 1u << 9,
    PERSON_NATIONALITY = 1u << 10,
    PERSON_GOVERNORATE = 1u << 11,
    PERSON_ADDRESS = 1u << 12,
    PERSON_PHONES = 1u << 13,
    PERSON_DISABILITY = 1u << 14,
    PERSON_NOTES = 1u << 15,
    PERSON_DOCUMENT_NUMBER = 1u << 16,
    PERSON_BIRTH_ESTIMATED = 1u << 17,
} PersonField;

/* The phones of a person as the API gives them. */
typedef struct {
    const char **items;
    int count;
} PhoneList;

/* Registers a person. A taken national or document number is TK_ERR_EXISTS, with the existing person in
 * fault->related_id. Arabic-Indic digits are stored as ASCII. */
int domain_person_create(Ctx *ctx, Person *person, const PhoneList *phones);
int domain_person_get(Ctx *ctx, int64_t id, Person *person);
/* What a viewer may be shown of a person, the one rule of every read, change and search (from her sight, as
 * store_person_sight and store_persons_sighted read it): all of her when the viewer sees one of her cases, or when
 * she appears in no restricted case; nothing, not even that she is here, when she is the juvenile of a sealed record
 * of another unit (domain/records/) and the viewer sees none of her cases; else only her identity (withheld). */
typedef enum { PERSON_FULL, PERSON_WITHHELD, PERSON_SEALED } PersonShown;
PersonShown person_shown(const PersonSight *sight);
/* Withholds from p what shown does not show: withheld leaves only the identity fields (names, numbers, sex, birth
 * year; withheld set), sealed leaves nothing but the id (withheld and sealed set). */
void person_show(Person *p, PersonShown shown);
/* Reads the user's sight of p and withholds what it does not show: for every read that returns a person. */
int domain_person_protect(Ctx *ctx, Person *p);
/* Checks a new record and fills its keys and phones, as registering does (no access check, nothing written). */
int domain_person_prepare(Ctx *ctx, Person *person, const PhoneList *phones);
/* Applies the fields named in set from changes, when version is current. */
int domain_person_update(Ctx *ctx, int64_t id, int64_t version, uint32_t set, const Person *changes,
                         const PhoneList *phones, Person *result);
int domain_person_family(Ctx *ctx, int64_t id, PersonLink **links, int *count);
/* Links relative to person as relation ("the relative is the person's parent"); the inverse is written too.
 * Answers with the person's family as it now stands, read in the same transaction (the change's audit row
 * covers it). */
int domain_person_link_add(Ctx *ctx, int64_t id, int64_t relative_id, const char *relation, int64_t degree,
                           PersonLink **links, int *count);
int domain_person_link_remove(Ctx *ctx, int64_t id, int64_t link_id);

/* Merges a duplicate into the record kept (supervisors): both must be active and at the versions given; the reason
 * is required. The family links move to the kept record; the merged one stays, marked, pointing at it. */
int domain_person_merge(Ctx *ctx, int64_t kept_id, int64_t kept_version, int64_t merged_id, int64_t merged_version,
                        const char *reason, PersonMerge *merge, Person *kept);
/* Undoes a merge (supervisors): the links and the merged record come back as they were. */
int domain_person_merge_undo(Ctx *ctx, int64_t merge_id, const char *reason, PersonMerge *merge, Person *restored);
int domain_person_merge_get(Ctx *ctx, int64_t merge_id, PersonMerge *merge);
/* The merges in which the person is the kept or the merged record, undone ones too, newest first (anyone who
 * reads persons; audited as a read). The array lives in the request's arena. */
int domain_person_merges(Ctx *ctx, int64_t id, PersonMerge **merges, int *count);

/* Code lists of the registry. */
extern const char *const person_relations[];
extern const char *const person_document_types[];
extern const char *const person_disabilities[];

/* A person's name in full: the first, father's, grandfather's (when known) and family names, into out (cut at
 * size: names are limited far below PERSON_FULL_NAME_SIZE). */
enum { PERSON_FULL_NAME_SIZE = 1024 };
void person_full_name(const Person *p, char *out, size_t size);

#endif
