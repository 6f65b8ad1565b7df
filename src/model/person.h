/* Persons of the registry, their family links, their merges, and what the search index keeps of them. */
#ifndef TAKAMUL_MODEL_PERSON_H
#define TAKAMUL_MODEL_PERSON_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t id;
    char *first_name, *father_name, *grandfather_name, *family_name, *latin_name;
    char *national_id, *document_type, *document_number;
    char *birth_date;   /* YYYY-MM-DD or NULL */
    int64_t birth_year; /* 0: unknown */
    bool birth_year_estimated;
    char *sex, *nationality, *governorate, *address, *phones, *disability, *notes;
    char *key_first, *key_father, *key_grandfather, *key_family;
    char *status;
    int64_t merged_into;
    int64_t created_by, updated_by;
    int64_t version, created_at, updated_at;
    bool withheld; /* set by the domain: only the identity fields are filled for this reader */
    bool sealed;   /* set by the domain: a sealed juvenile record of another unit; nothing of her is shown */
} Person;

typedef struct {
    int64_t id;
    int64_t person_id;
    int64_t relative_id;
    char *relation;
    int64_t degree; /* 0: none */
    int64_t created_by, created_at;
    Person relative; /* filled by store_person_family */
} PersonLink;

typedef struct {
    int64_t id;
    int64_t kept_id, merged_id;
    char *reason;
    int64_t merged_by, merged_at;
    int64_t undone_by, undone_at; /* 0: in force */
    char *undo_reason;
    /* The full names of merged_by and undone_by (NULL when unknown): filled by store_person_merges_of and
     * store_person_merge_names only. */
    char *merged_by_name, *undone_by_name;
    char *merged_by_sex, *undone_by_sex; /* filled with the names */
} PersonMerge;

/* What the search index keeps of a person. Strings are borrowed for the duration of the callback. */
typedef struct {
    int64_t id;
    const char *key_first, *key_father, *key_grandfather, *key_family;
    int64_t birth_year;
    const char *sex;
    bool active;
} PersonKeys;

/* What a viewer's sight of a person rests on (domain/persons/ decides from it what she may be shown): she appears in
 * a restricted case; the viewer sees one of her cases; she is the juvenile of a sealed record of a unit other than the
 * viewer's. */
typedef struct {
    bool restricted, sees, sealed_elsewhere;
} PersonSight;

/* The most national numbers asked of the store at once: a number and those one slip away (search_national_variants). */
enum { NATIONAL_ASKED = 100 };

#endif
