/* What a social worker plans on a case, in the database: structured risk assessments, safety plans (each save a new
 * version), the goals of the case plan, and the corrections of incidents with the values they replaced. Strings of
 * returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_CASE_PLANS_H
#define TAKAMUL_STORE_CASE_PLANS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/case_plan.h"
#include "store/cases.h"
#include "store/store.h"

int store_risk_assessment_add(Db *db, RiskAssessment *assessment);
/* The assessments of a case, newest first. */
int store_risk_assessments(Db *db, int64_t case_id, Arena *arena, RiskAssessment **items, int *count);

/* Saves a new version of the case's safety plan when *version (the current one, 0 for none) is still current:
 * TK_ERR_CONFLICT otherwise. */
int store_safety_plan_add(Db *db, SafetyPlan *plan);
/* The versions of a case's safety plan, newest first. */
int store_safety_plans(Db *db, int64_t case_id, Arena *arena, SafetyPlan **items, int *count);

int store_goal_add(Db *db, CaseGoal *goal, int64_t by);
/* The goals of a case, open ones first, each by review date. */
int store_goals(Db *db, int64_t case_id, Arena *arena, CaseGoal **items, int *count);
int store_goal_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseGoal *goal);
/* Writes every field at goal->version: TK_ERR_CONFLICT when it changed meanwhile. */
int store_goal_update(Db *db, CaseGoal *goal, int64_t by);
/* How many goals of the case are open or achieved (the plan the case may act on). */
int store_goal_count(Db *db, int64_t case_id, int64_t *count);

int store_incident_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseIncident *incident);
/* Corrects an incident at its version, keeping the values it replaces as a revision with the reason:
 * TK_ERR_CONFLICT when it changed meanwhile. */
int store_incident_correct(Db *db, const CaseIncident *before, const CaseIncident *after, const char *reason,
                           int64_t by);
/* The corrections of an incident, oldest first. */
int store_incident_revisions(Db *db, int64_t incident_id, Arena *arena, IncidentRevision **items, int *count);

#endif
