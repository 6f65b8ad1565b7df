/* The parts of a case: its workers, its persons in their roles, incidents, notes, the history and the follow-up
 * schedule. */
#ifndef TAKAMUL_MODEL_CASE_PARTS_H
#define TAKAMUL_MODEL_CASE_PARTS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/person.h"

typedef struct {
    int64_t id, case_id, user_id;
    char *role;
    int64_t assigned_by, assigned_at;
    char *user_name; /* the user's full name */
    char *user_sex;
} CaseAssignment;

typedef struct {
    int64_t id, case_id, person_id;
    char *role;
    int64_t added_by, added_at;
    Person person;
    /* a juvenile of a juvenile case (filled by domain_case_persons): age at the act, -1 unknown, and the band */
    int age_at_act;
    const char *band;
} CasePerson;

typedef struct {
    int64_t id, case_id;
    char *occurred_on, *place, *violence_types, *perpetrator_relationship, *legal_class, *identified_by;
    char *description;
    int64_t created_by, created_at;
    int64_t version, updated_by, updated_at; /* a correction makes a new version (store/case_plans.h) */
    int64_t corrections;                     /* how many times it was corrected */
} CaseIncident;

typedef struct {
    int64_t id, case_id;
    char *kind, *occurred_on, *participants, *body;
    int64_t author_id, created_at;
    char *author_name, *author_sex;
    int64_t followup_id; /* on adding: the planned follow-up this note records (0: none) */
} CaseNote;

typedef struct {
    int64_t id, case_id, at, user_id;
    char *action, *detail;
    char *user_name, *user_sex;
} CaseEvent;

/* A contact planned on the follow-up schedule. */
typedef struct {
    int64_t id, case_id;
    const char *kind, *due_on, *participants, *status, *reason;
    int64_t note_id; /* the note that recorded it; 0: none */
    int64_t created_by, created_at, closed_by, closed_at;
    char *created_by_name, *closed_by_name, *created_by_sex, *closed_by_sex;
} CaseFollowup;

#endif
