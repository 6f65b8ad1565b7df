/* The case plan: risk assessments, safety plans, goals, and the revisions of corrected incidents. */
#ifndef TAKAMUL_MODEL_CASE_PLAN_H
#define TAKAMUL_MODEL_CASE_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "model/case_parts.h"

typedef struct {
    int64_t id, case_id;
    const char *present;   /* the risk factors answered yes (codes joined by commas; "" for none) */
    const char *absent;    /* those answered no */
    const char *suggested; /* the level the factors suggest */
    const char *level;     /* the level decided */
    const char *override_reason, *notes;
    int64_t assessed_by, assessed_at;
    char *assessed_by_name, *assessed_by_sex;
} RiskAssessment;

typedef struct {
    int64_t id, case_id, version; /* version: 1, 2, … a new row each save */
    const char *safe_place, *contacts, *warning_signs, *actions, *children, *review_on;
    int64_t saved_by, saved_at;
    char *saved_by_name, *saved_by_sex;
} SafetyPlan;

typedef struct {
    int64_t id, case_id;
    const char *goal, *services, *responsible, *review_on, *status, *outcome;
    int64_t created_by, created_at, updated_by, updated_at, version;
    char *updated_by_name, *updated_by_sex;
} CaseGoal;

typedef struct {
    int64_t id, incident_id, number; /* number: 1 for the first correction */
    CaseIncident before;             /* the values it replaced */
    const char *reason;
    int64_t corrected_by, corrected_at;
    char *corrected_by_name, *corrected_by_sex;
} IncidentRevision;

#endif
