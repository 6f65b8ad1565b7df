/* What a social worker plans on a case: the structured risk assessment of a family-violence case (its factors, the
 * level they suggest, the level decided and why), the safety plan (versions kept), the goals of the case plan (each
 * with its services, who is responsible and a review date), and corrections of incidents with their history. The
 * case's access rules apply (domain/cases/cases.h): its workers write, a receiving unit reads the shared sections only. */
#ifndef TAKAMUL_DOMAIN_CASE_PLANS_H
#define TAKAMUL_DOMAIN_CASE_PLANS_H

#include "domain/core/context.h"
#include "model/case_plan.h"

/* The level the factors answered yes suggest: high with a factor that is high by itself or five factors or more;
 * medium with two to four; low otherwise. Returns "high", "medium" or "low" (static). */
const char *risk_level_suggested(const char *const *present, int count);

/* present and absent: the factor codes answered yes and no (each code at most once, in one of them); level: NULL
 * takes the suggested one, another level needs override_reason. Records the assessment and sets the case's risk
 * level, its assessment (notes, or the factors in words) and who assessed it. Family violence only. */
typedef struct {
    const char **present, **absent;
    int present_count, absent_count;
    const char *level, *override_reason, *notes;
} RiskInput;

int domain_risk_assess(Ctx *ctx, int64_t case_id, const RiskInput *input, RiskAssessment *out);
int domain_risk_assessments(Ctx *ctx, int64_t case_id, RiskAssessment **items, int *count);

/* Saves the safety plan as a new version, when version is the current one (0: none yet; else 409). */
int domain_safety_plan_save(Ctx *ctx, int64_t case_id, int64_t version, SafetyPlan *plan);
/* The versions of the safety plan, newest first (the first is the plan in force). */
int domain_safety_plans(Ctx *ctx, int64_t case_id, SafetyPlan **items, int *count);

int domain_goal_add(Ctx *ctx, int64_t case_id, CaseGoal *goal);
/* Changes the fields of changes named in set (GOAL_SET_…) at changes->version; achieving or dropping a goal needs
 * its outcome. */
enum {
    /* in the order of the fields they name, bit i the i-th (fields_copy_chosen) */
    GOAL_SET_GOAL = 1u << 0,
    GOAL_SET_SERVICES = 1u << 1,
    GOAL_SET_RESPONSIBLE = 1u << 2,
    GOAL_SET_REVIEW_ON = 1u << 3,
    GOAL_SET_STATUS = 1u << 4,
    GOAL_SET_OUTCOME = 1u << 5,
};
int domain_goal_update(Ctx *ctx, int64_t case_id, int64_t goal_id, uint32_t set, const CaseGoal *changes,
                       CaseGoal *out);
int domain_goals(Ctx *ctx, int64_t case_id, CaseGoal **items, int *count);

/* Corrects an incident at version with the reason; the values it replaces are kept as a revision. */
int domain_incident_correct(Ctx *ctx, int64_t case_id, int64_t incident_id, int64_t version, CaseIncident *changed,
                            const char *reason);
int domain_incident_revisions(Ctx *ctx, int64_t case_id, int64_t incident_id, IncidentRevision **items, int *count);

#endif
