#include "store/case_plans.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"
#include "store/statistics.h"

/* --- risk assessments --- */

int store_risk_assessment_add(Db *db, RiskAssessment *a)
{
    a->assessed_at = clock_now();
    int rc = sql_insert_fields(
        db,
        "INSERT INTO case_risk_assessments (case_id, present, absent, suggested, level, override_reason, notes,"
        " assessed_by, assessed_at) VALUES (:case_id, :present, :absent, :suggested, :level, :override_reason,"
        " :notes, :by, :now) RETURNING id",
        a, SQL_FIELDS(RiskAssessment, case_id, present, absent, suggested, level, override_reason, notes),
        a->assessed_by, a->assessed_at, &a->id);
    return rc == TK_OK ? store_case_stat_refresh(db, a->case_id) : rc; /* its first assessment */
}

#define ASSESSMENT_COLUMNS                                                                                             \
    "a.id, a.case_id, a.present, a.absent, a.suggested, a.level, a.override_reason, a.notes, a.assessed_by,"           \
    " a.assessed_at, u.full_name, u.sex FROM case_risk_assessments a"                                                  \
    " LEFT JOIN users u ON u.id = a.assessed_by"
SQL_RECORD(ASSESSMENT, RiskAssessment, id, case_id, present, absent, suggested, level, override_reason, notes,
           assessed_by, assessed_at, assessed_by_name, assessed_by_sex);

int store_risk_assessments(Db *db, int64_t case_id, Arena *arena, RiskAssessment **items, int *count)
{
    return sql_list_by(db, &ASSESSMENT, "SELECT " ASSESSMENT_COLUMNS " WHERE a.case_id = :case ORDER BY a.id DESC",
                       ":case", case_id, arena, items, count);
}

/* --- safety plans --- */

int store_safety_plan_add(Db *db, SafetyPlan *p)
{
    /* the newest version must be the one the change was made on; then this one follows it */
    Query current = sql_query(db, "SELECT coalesce(max(version), 0) FROM case_safety_plans WHERE case_id = :case_id");
    sql_int(&current, ":case_id", p->case_id);
    int64_t newest = sql_row(&current) ? sql_col_int(&current, 0) : 0;
    int rc = sql_done(&current);
    if (rc != TK_OK)
        return rc;
    if (newest != p->version)
        return TK_ERR_CONFLICT;
    p->version = newest + 1;
    p->saved_at = clock_now();
    Query q = sql_query(
        db, "INSERT INTO case_safety_plans (case_id, version, safe_place, contacts, warning_signs, actions, children,"
            " review_on, saved_by, saved_at) VALUES (:case_id, :version, :safe_place, :contacts, :warning_signs,"
            " :actions, :children, :review_on, :by, :at) RETURNING id");
    sql_bind_fields(
        &q, p,
        SQL_FIELDS(SafetyPlan, case_id, version, safe_place, contacts, warning_signs, actions, children, review_on));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":by", p->saved_by), SQL_INT(":at", p->saved_at)));
    rc = sql_exec_returning(&q, &p->id);
    return rc == TK_ERR_EXISTS ? TK_ERR_CONFLICT : rc;
}

#define SAFETY_PLAN_COLUMNS                                                                                            \
    "p.id, p.case_id, p.version, p.safe_place, p.contacts, p.warning_signs, p.actions, p.children,"                    \
    " p.review_on, p.saved_by, p.saved_at, u.full_name, u.sex FROM case_safety_plans p"                                \
    " LEFT JOIN users u ON u.id = p.saved_by"
SQL_RECORD(SAFETY_PLAN, SafetyPlan, id, case_id, version, safe_place, contacts, warning_signs, actions, children,
           review_on, saved_by, saved_at, saved_by_name, saved_by_sex);

int store_safety_plans(Db *db, int64_t case_id, Arena *arena, SafetyPlan **items, int *count)
{
    return sql_list_by(db, &SAFETY_PLAN,
                       "SELECT " SAFETY_PLAN_COLUMNS " WHERE p.case_id = :case ORDER BY p.version DESC", ":case",
                       case_id, arena, items, count);
}

/* --- goals of the case plan --- */

int store_goal_add(Db *db, CaseGoal *g, int64_t by)
{
    return sql_insert_fields(
        db,
        "INSERT INTO case_goals (case_id, goal, services, responsible, review_on, status, outcome, created_by,"
        " created_at, updated_by, updated_at) VALUES (:case_id, :goal, :services, :responsible, :review_on, 'open',"
        " NULL, :by, :now, :by, :now) RETURNING id",
        g, SQL_FIELDS(CaseGoal, case_id, goal, services, responsible, review_on), by, clock_now(), &g->id);
}

#define GOAL_COLUMNS                                                                                                   \
    "g.id, g.case_id, g.goal, g.services, g.responsible, g.review_on, g.status, g.outcome, g.created_by,"              \
    " g.created_at, g.updated_by, g.updated_at, g.version, u.full_name, u.sex FROM case_goals g"                       \
    " LEFT JOIN users u ON u.id = g.updated_by"

SQL_RECORD(GOAL, CaseGoal, id, case_id, goal, services, responsible, review_on, status, outcome, created_by, created_at,
           updated_by, updated_at, version, updated_by_name, updated_by_sex);

int store_goals(Db *db, int64_t case_id, Arena *arena, CaseGoal **items, int *count)
{
    return sql_list_by(db, &GOAL,
                       "SELECT " GOAL_COLUMNS " WHERE g.case_id = :case"
                       " ORDER BY CASE g.status WHEN 'open' THEN 0 ELSE 1 END, g.review_on, g.id",
                       ":case", case_id, arena, items, count);
}

int store_goal_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseGoal *goal)
{
    return sql_get_of_case(db, &GOAL, "SELECT " GOAL_COLUMNS " WHERE g.case_id = :case AND g.id = :id", case_id, id,
                           arena, goal);
}

int store_goal_update(Db *db, CaseGoal *g, int64_t by)
{
    return sql_update_fields(
        db,
        "UPDATE case_goals SET goal = :goal, services = :services, responsible = :responsible,"
        " review_on = :review_on, status = :status, outcome = :outcome, updated_by = :by, updated_at = :now,"
        " version = version + 1 WHERE id = :id AND version = :version",
        g, SQL_FIELDS(CaseGoal, goal, services, responsible, review_on, status, outcome), by, g->id, &g->version);
}

int store_goal_count(Db *db, int64_t case_id, int64_t *count)
{
    Query q = sql_query(db, "SELECT count(*) FROM case_goals WHERE case_id = :case AND status <> 'dropped'");
    sql_int(&q, ":case", case_id);
    *count = sql_row(&q) ? sql_col_int(&q, 0) : 0;
    return sql_done(&q);
}

/* --- corrections of incidents --- */

int store_incident_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseIncident *incident)
{
    CaseIncident *items = NULL;
    int count = 0;
    int rc = store_case_incidents(db, case_id, arena, &items, &count);
    for (int i = 0; rc == TK_OK && i < count; i++)
        if (items[i].id == id) {
            *incident = items[i];
            return TK_OK;
        }
    return rc != TK_OK ? rc : TK_ERR_NOT_FOUND;
}

int store_incident_correct(Db *db, const CaseIncident *before, const CaseIncident *after, const char *reason,
                           int64_t by)
{
    int64_t now = clock_now();
    Query keep = sql_query(
        db, "INSERT INTO case_incident_revisions (incident_id, number, occurred_on, place, violence_types,"
            " perpetrator_relationship, legal_class, identified_by, description, reason, corrected_by, corrected_at)"
            " VALUES (:id, :version, :occurred_on, :place, :violence_types, :perpetrator_relationship, :legal_class,"
            " :identified_by, :description, :reason, :by, :now)");
    sql_bind_fields(&keep, before,
                    SQL_FIELDS(CaseIncident, id, version, occurred_on, place, violence_types, perpetrator_relationship,
                               legal_class, identified_by, description));
    sql_bind_args(&keep, SQL_ARGS(SQL_TEXT(":reason", reason), SQL_ID(":by", by), SQL_INT(":now", now)));
    int rc = sql_exec(&keep);
    if (rc == TK_ERR_EXISTS)
        return TK_ERR_CONFLICT;
    if (rc != TK_OK)
        return rc;
    Query q = sql_query(
        db,
        "UPDATE case_incidents SET occurred_on = :occurred_on, place = :place, violence_types = :violence_types,"
        " perpetrator_relationship = :perpetrator_relationship, legal_class = :legal_class,"
        " identified_by = :identified_by, description = :description, updated_by = :by, updated_at = :now, version = version + 1"
        " WHERE id = :id AND version = :version");
    sql_bind_fields(&q, after,
                    SQL_FIELDS(CaseIncident, occurred_on, place, violence_types, perpetrator_relationship, legal_class,
                               identified_by, description));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":by", by), SQL_INT(":now", now)));
    rc = sql_exec_versioned(&q, before->id, before->version);
    return rc == TK_OK ? store_case_stat_refresh(db, before->case_id) : rc;
}

/* One row (a SqlReadRow): item is an IncidentRevision. */
static void read_revision(Query *q, Arena *arena, void *item)
{
    IncidentRevision *r = item;
    int k = 0;
    r->id = sql_col_int(q, k++);
    r->incident_id = sql_col_int(q, k++);
    r->number = sql_col_int(q, k++);
    r->before.id = r->incident_id;
    sql_read_fields(q, k, arena, r,
                    SQL_FIELDS(IncidentRevision, before.occurred_on, before.place, before.violence_types,
                               before.perpetrator_relationship, before.legal_class, before.identified_by,
                               before.description, reason, corrected_by, corrected_at, corrected_by_name,
                               corrected_by_sex));
}
#define REVISION_COLUMNS                                                                                               \
    "r.id, r.incident_id, r.number, r.occurred_on, r.place, r.violence_types, r.perpetrator_relationship,"             \
    " r.legal_class, r.identified_by, r.description, r.reason, r.corrected_by, r.corrected_at, u.full_name,"           \
    " u.sex FROM case_incident_revisions r LEFT JOIN users u ON u.id = r.corrected_by"
SQL_RECORD_READ(REVISION, IncidentRevision, read_revision);

int store_incident_revisions(Db *db, int64_t incident_id, Arena *arena, IncidentRevision **items, int *count)
{
    return sql_list_by(db, &REVISION, "SELECT " REVISION_COLUMNS " WHERE r.incident_id = :incident ORDER BY r.number",
                       ":incident", incident_id, arena, items, count);
}
