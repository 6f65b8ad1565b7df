#include "store/centres.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"

/* --- programmes --- */

/* The fields a programme's INSERT and UPDATE both write. */
#define PROGRAMME_WRITTEN                                                                                              \
    SQL_FIELDS(Programme, kind, name, provider, provider_name, places, schedule, starts_on, ends_on)

int store_programme_add(Db *db, Programme *p, int64_t by)
{
    sql_stamp_new(by, &p->created_at, &p->created_by, &p->updated_at, &p->version);
    Query q = sql_query(db, "INSERT INTO programmes (centre_id, kind, name, provider, provider_name, places, schedule,"
                            " starts_on, ends_on, created_by, created_at, updated_by, updated_at) VALUES (:centre_id,"
                            " :kind, :name, :provider, :provider_name, :places, :schedule, :starts_on, :ends_on, :by,"
                            " :now, :by, :now) RETURNING id");
    sql_int(&q, ":centre_id", p->centre_id);
    sql_bind_fields(&q, p, PROGRAMME_WRITTEN);
    return sql_insert_by(&q, by, p->created_at, &p->id);
}

int store_programme_update(Db *db, Programme *p, int64_t by)
{
    return sql_update_fields(db,
                             "UPDATE programmes SET kind = :kind, name = :name, provider = :provider,"
                             " provider_name = :provider_name, places = :places, schedule = :schedule,"
                             " starts_on = :starts_on, ends_on = :ends_on, updated_by = :by, updated_at = :now,"
                             " version = version + 1 WHERE id = :id AND version = :version",
                             p, PROGRAMME_WRITTEN, by, p->id, &p->version);
}

#define PROGRAMME_COLUMNS                                                                                              \
    "p.id, p.centre_id, p.kind, p.name, p.provider, p.provider_name, p.places, p.schedule, p.starts_on, p.ends_on,"    \
    " p.created_by, p.created_at, p.updated_at, p.version, u.name_ar, u.name_en,"                                      \
    " (SELECT count(*) FROM programme_enrolments e WHERE e.programme_id = p.id AND e.status = 'enrolled'),"            \
    " (SELECT count(*) FROM programme_enrolments e WHERE e.programme_id = p.id AND e.status = 'waiting'),"             \
    " (SELECT count(*) FROM programme_enrolments e WHERE e.programme_id = p.id AND e.status = 'completed')"            \
    " FROM programmes p JOIN units u ON u.id = p.centre_id"

SQL_RECORD(PROGRAMME, Programme, id, centre_id, kind, name, provider, provider_name, places, schedule, starts_on,
           ends_on, created_by, created_at, updated_at, version, centre_name_ar, centre_name_en, enrolled, waiting,
           completed);

int store_programme_get(Db *db, int64_t id, Arena *arena, Programme *p)
{
    return sql_get_by(db, &PROGRAMME, "SELECT " PROGRAMME_COLUMNS " WHERE p.id = :id", ":id", id, arena, p);
}

int store_programmes(Db *db, int64_t centre_id, Arena *arena, Programme **items, int *count)
{
    return sql_list_by(db, &PROGRAMME,
                       "SELECT " PROGRAMME_COLUMNS " WHERE (:centre = 0 OR p.centre_id = :centre)"
                       " ORDER BY p.starts_on DESC, p.id DESC",
                       ":centre", centre_id, arena, items, count);
}

/* --- enrolments --- */

int store_enrolment_add(Db *db, Enrolment *e, int64_t by)
{
    sql_stamp_new(by, &e->created_at, &e->created_by, &e->updated_at, &e->version);
    return sql_insert_fields(db,
                             "INSERT INTO programme_enrolments (programme_id, case_id, person_id, status, enrolled_on,"
                             " created_by, created_at, updated_by, updated_at) VALUES (:programme_id, :case_id,"
                             " :person_id, :status, :enrolled_on, :by, :now, :by, :now) RETURNING id",
                             e, SQL_FIELDS(Enrolment, programme_id, case_id, person_id, status, enrolled_on), by,
                             e->created_at, &e->id);
}

#define ENROLMENT_COLUMNS                                                                                              \
    "e.id, e.programme_id, e.case_id, e.person_id, e.status, e.enrolled_on, e.outcome_on, e.outcome_reason,"           \
    " e.certificate, e.created_by, e.created_at, e.updated_at, e.version, s.first_name, s.father_name,"                \
    " s.grandfather_name, s.family_name, c.reference, p.name, p.kind,"                                                 \
    " (SELECT count(*) FROM programme_attendance a WHERE a.enrolment_id = e.id),"                                      \
    " (SELECT count(*) FROM programme_attendance a WHERE a.enrolment_id = e.id AND a.present = 1),"                    \
    " CASE WHEN e.status = 'waiting' THEN (SELECT count(*) FROM programme_enrolments w"                                \
    "   WHERE w.programme_id = e.programme_id AND w.status = 'waiting' AND w.id <= e.id) ELSE 0 END"                   \
    " FROM programme_enrolments e JOIN persons s ON s.id = e.person_id JOIN cases c ON c.id = e.case_id"               \
    " JOIN programmes p ON p.id = e.programme_id"

SQL_RECORD_NAMED(ENROLMENT, Enrolment,
                 (id, programme_id, case_id, person_id, status, enrolled_on, outcome_on, outcome_reason, certificate,
                  created_by, created_at, updated_at, version),
                 person_name, (case_reference, programme_name, programme_kind, sessions, present, position));

int store_enrolment_get(Db *db, int64_t id, Arena *arena, Enrolment *e)
{
    return sql_get_by(db, &ENROLMENT, "SELECT " ENROLMENT_COLUMNS " WHERE e.id = :id", ":id", id, arena, e);
}

int store_programme_enrolments(Db *db, int64_t programme_id, Arena *arena, Enrolment **items, int *count)
{
    return sql_list_by(db, &ENROLMENT,
                       "SELECT " ENROLMENT_COLUMNS " WHERE e.programme_id = :programme"
                       " ORDER BY CASE e.status WHEN 'enrolled' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, e.id",
                       ":programme", programme_id, arena, items, count);
}

int store_case_enrolments(Db *db, int64_t case_id, Arena *arena, Enrolment **items, int *count)
{
    return sql_list_by(db, &ENROLMENT, "SELECT " ENROLMENT_COLUMNS " WHERE e.case_id = :case ORDER BY e.id DESC",
                       ":case", case_id, arena, items, count);
}

int store_enrolment_update(Db *db, Enrolment *e, int64_t by)
{
    return sql_update_fields(db,
                             "UPDATE programme_enrolments SET status = :status, enrolled_on = :enrolled_on,"
                             " outcome_on = :outcome_on, outcome_reason = :outcome_reason, certificate = :certificate,"
                             " updated_by = :by, updated_at = :now, version = version + 1"
                             " WHERE id = :id AND version = :version",
                             e, SQL_FIELDS(Enrolment, status, enrolled_on, outcome_on, outcome_reason, certificate), by,
                             e->id, &e->version);
}

int store_programme_first_waiting(Db *db, int64_t programme_id, Arena *arena, Enrolment *e)
{
    return sql_get_by(db, &ENROLMENT,
                      "SELECT " ENROLMENT_COLUMNS " WHERE e.programme_id = :programme AND e.status = 'waiting'"
                      " ORDER BY e.id LIMIT 1",
                      ":programme", programme_id, arena, e);
}

/* --- attendance --- */

int store_attendance_put(Db *db, const Attendance *a, int64_t by)
{
    return sql_run(db,
                   "INSERT INTO programme_attendance (enrolment_id, session_on, present, note, recorded_by,"
                   " recorded_at) VALUES (:enrolment, :on, :present, :note, :by, :now)"
                   " ON CONFLICT (enrolment_id, session_on) DO UPDATE SET present = excluded.present,"
                   " note = excluded.note, recorded_by = excluded.recorded_by,"
                   " recorded_at = excluded.recorded_at",
                   SQL_ARGS(SQL_INT(":enrolment", a->enrolment_id), SQL_TEXT(":on", a->session_on),
                            SQL_INT(":present", a->present ? 1 : 0), SQL_TEXT(":note", a->note), SQL_ID(":by", by),
                            SQL_INT(":now", clock_now())));
}

#define ATTENDANCE_COLUMNS "enrolment_id, session_on, present, note, recorded_by, recorded_at FROM programme_attendance"
SQL_RECORD(ATTENDANCE, Attendance, enrolment_id, session_on, present, note, recorded_by, recorded_at);

int store_attendance(Db *db, int64_t enrolment_id, Arena *arena, Attendance **items, int *count)
{
    return sql_list_by(db, &ATTENDANCE,
                       "SELECT " ATTENDANCE_COLUMNS " WHERE enrolment_id = :enrolment ORDER BY session_on",
                       ":enrolment", enrolment_id, arena, items, count);
}

/* --- the family --- */

/* One row (a SqlReadRow): item is a FamilyAssessment. */
static void read_assessment(Query *q, Arena *arena, void *item)
{
    FamilyAssessment *a = item;
    int k = 0;
    k = sql_read_fields(q, k, arena, a,
                        SQL_FIELDS(FamilyAssessment, case_id, dependants, children, children_in_school));
    a->monthly_income = sql_col_is_null(q, k) ? -1 : sql_col_int(q, k);
    k++;
    sql_read_fields(q, k, arena, a,
                    SQL_FIELDS(FamilyAssessment, income_sources, housing, health, risks, notes, assessed_by,
                               assessed_at, version, assessed_by_name));
}
#define ASSESSMENT_COLUMNS                                                                                             \
    "f.case_id, f.dependants, f.children, f.children_in_school, f.monthly_income, f.income_sources,"                   \
    " f.housing, f.health, f.risks, f.notes, f.assessed_by, f.assessed_at, f.version, u.full_name"                     \
    " FROM case_family_assessments f LEFT JOIN users u ON u.id = f.assessed_by"
SQL_RECORD_READ(ASSESSMENT, FamilyAssessment, read_assessment);

int store_family_assessment_get(Db *db, int64_t case_id, Arena *arena, FamilyAssessment *a)
{
    return sql_get_by(db, &ASSESSMENT, "SELECT " ASSESSMENT_COLUMNS " WHERE f.case_id = :case", ":case", case_id, arena,
                      a);
}

/* Binds the fields of an assessment (shared by the insert and the update). */
static void bind_assessment(Query *q, const void *record)
{
    const FamilyAssessment *a = record;
    if (sql_names(q, ":case"))
        sql_int(q, ":case", a->case_id);
    sql_bind_fields(q, a,
                    SQL_FIELDS(FamilyAssessment, dependants, children, children_in_school, income_sources, housing,
                               health, risks, notes));
    if (a->monthly_income < 0)
        sql_null(q, ":income");
    else
        sql_int(q, ":income", a->monthly_income);
    sql_int_or_null(q, ":by", a->assessed_by);
    sql_int(q, ":now", a->assessed_at);
}

int store_family_assessment_put(Db *db, FamilyAssessment *a, int64_t by)
{
    sql_stamp(by, &a->assessed_at, &a->assessed_by);
    /* the case is the record: :id names it for the versioned update */
    return sql_put_versioned(db,
                             "INSERT INTO case_family_assessments (case_id, dependants, children,"
                             " children_in_school, monthly_income, income_sources, housing, health, risks, notes,"
                             " assessed_by, assessed_at) VALUES (:case, :dependants, :children, :children_in_school,"
                             " :income, :income_sources, :housing, :health, :risks, :notes, :by, :now)",
                             "UPDATE case_family_assessments SET dependants = :dependants, children = :children,"
                             " children_in_school = :children_in_school, monthly_income = :income,"
                             " income_sources = :income_sources, housing = :housing, health = :health, risks = :risks,"
                             " notes = :notes, assessed_by = :by, assessed_at = :now, version = version + 1"
                             " WHERE case_id = :id AND version = :version",
                             a->case_id, &a->version, bind_assessment, a);
}

int store_family_visit_add(Db *db, FamilyVisit *v, int64_t by)
{
    sql_stamp(by, &v->created_at, &v->created_by);
    return sql_insert_fields(
        db,
        "INSERT INTO case_family_visits (case_id, visited_on, arrangement, visitors, notes, created_by, created_at)"
        " VALUES (:case_id, :visited_on, :arrangement, :visitors, :notes, :by, :now) RETURNING id",
        v, SQL_FIELDS(FamilyVisit, case_id, visited_on, arrangement, visitors, notes), by, v->created_at, &v->id);
}

#define VISIT_COLUMNS                                                                                                  \
    "v.id, v.case_id, v.visited_on, v.arrangement, v.visitors, v.notes, v.created_by, v.created_at,"                   \
    " u.full_name FROM case_family_visits v LEFT JOIN users u ON u.id = v.created_by"
SQL_RECORD(VISIT, FamilyVisit, id, case_id, visited_on, arrangement, visitors, notes, created_by, created_at,
           created_by_name);

int store_family_visits(Db *db, int64_t case_id, Arena *arena, FamilyVisit **items, int *count)
{
    return sql_list_by(db, &VISIT,
                       "SELECT " VISIT_COLUMNS " WHERE v.case_id = :case ORDER BY v.visited_on DESC, v.id DESC",
                       ":case", case_id, arena, items, count);
}

/* --- children with their mother --- */

int store_centre_child_add(Db *db, CentreChild *c, int64_t by)
{
    sql_stamp_new(by, &c->created_at, &c->created_by, &c->updated_at, &c->version);
    return sql_insert_fields(db,
                             "INSERT INTO case_centre_children (case_id, person_id, mother_id, entered_on, next_place,"
                             " notes, created_by, created_at, updated_by, updated_at) VALUES (:case_id, :person_id,"
                             " :mother_id, :entered_on, :next_place, :notes, :by, :now, :by, :now) RETURNING id",
                             c, SQL_FIELDS(CentreChild, case_id, person_id, mother_id, entered_on, next_place, notes),
                             by, c->created_at, &c->id);
}

#define CHILD_COLUMNS                                                                                                   \
    "k.id, k.case_id, k.person_id, k.mother_id, k.entered_on, k.next_place, k.left_on, k.notes, k.created_by,"          \
    " k.created_at, k.updated_at, k.version, s.first_name, s.father_name, s.grandfather_name, s.family_name,"           \
    " s.birth_date, k.protection_case_id, p.reference FROM case_centre_children k JOIN persons s ON s.id = k.person_id" \
    " LEFT JOIN cases p ON p.id = k.protection_case_id"

SQL_RECORD_NAMED(CHILD, CentreChild,
                 (id, case_id, person_id, mother_id, entered_on, next_place, left_on, notes, created_by, created_at,
                  updated_at, version),
                 person_name, (birth_date, protection_case_id, protection_case_reference));

int store_centre_child_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CentreChild *c)
{
    return sql_get_of_case(db, &CHILD, "SELECT " CHILD_COLUMNS " WHERE k.id = :id AND k.case_id = :case", case_id, id,
                           arena, c);
}

int store_centre_children(Db *db, int64_t case_id, Arena *arena, CentreChild **items, int *count)
{
    return sql_list_by(db, &CHILD, "SELECT " CHILD_COLUMNS " WHERE k.case_id = :case ORDER BY s.birth_date, k.id",
                       ":case", case_id, arena, items, count);
}

int store_centre_child_update(Db *db, CentreChild *c, int64_t by)
{
    Query q = sql_query(db, "UPDATE case_centre_children SET next_place = :next, left_on = :left, notes = :notes,"
                            " protection_case_id = :protection, updated_by = :by, updated_at = :now,"
                            " version = version + 1 WHERE id = :id AND version = :version");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":next", c->next_place), SQL_ID(":protection", c->protection_case_id),
                               SQL_TEXT(":left", c->left_on), SQL_TEXT(":notes", c->notes)));
    return sql_update_by(&q, by, c->id, &c->version);
}

/* --- release --- */

#define PLAN_COLUMNS                                                                                                   \
    "r.case_id, r.housing, r.work, r.family_readiness, r.documents, r.referrals, r.planned_by, r.planned_at,"          \
    " r.version, u.full_name FROM case_release_plans r LEFT JOIN users u ON u.id = r.planned_by"
SQL_RECORD(PLAN, ReleasePlan, case_id, housing, work, family_readiness, documents, referrals, planned_by, planned_at,
           version, planned_by_name);

int store_release_plan_get(Db *db, int64_t case_id, Arena *arena, ReleasePlan *p)
{
    return sql_get_by(db, &PLAN, "SELECT " PLAN_COLUMNS " WHERE r.case_id = :case", ":case", case_id, arena, p);
}

/* Binds the fields of a pre-release plan (shared by the insert and the update). */
static void bind_plan(Query *q, const void *record)
{
    const ReleasePlan *p = record;
    if (sql_names(q, ":case"))
        sql_int(q, ":case", p->case_id);
    sql_bind_fields(q, p, SQL_FIELDS(ReleasePlan, housing, work, family_readiness, documents, referrals));
    sql_int_or_null(q, ":by", p->planned_by);
    sql_int(q, ":now", p->planned_at);
}

int store_release_plan_put(Db *db, ReleasePlan *p, int64_t by)
{
    sql_stamp(by, &p->planned_at, &p->planned_by);
    return sql_put_versioned(db,
                             "INSERT INTO case_release_plans (case_id, housing, work, family_readiness, documents,"
                             " referrals, planned_by, planned_at) VALUES (:case, :housing, :work, :family_readiness,"
                             " :documents, :referrals, :by, :now)",
                             "UPDATE case_release_plans SET housing = :housing, work = :work,"
                             " family_readiness = :family_readiness, documents = :documents, referrals = :referrals,"
                             " planned_by = :by, planned_at = :now, version = version + 1"
                             " WHERE case_id = :id AND version = :version",
                             p->case_id, &p->version, bind_plan, p);
}

int store_release_add(Db *db, CentreRelease *r, int64_t by)
{
    sql_stamp(by, &r->created_at, &r->created_by);
    Query q = sql_query(db,
                        "INSERT INTO case_releases (case_id, kind, on_date, to_centre_id, notes, aftercare_months,"
                        " created_by, created_at) VALUES (:case_id, :kind, :on_date, :to, :notes, :months, :by, :now)"
                        " RETURNING id");
    sql_bind_fields(&q, r, SQL_FIELDS(CentreRelease, case_id, kind, on_date));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":to", r->to_centre_id), SQL_TEXT(":notes", r->notes),
                               SQL_ID(":months", r->aftercare_months)));
    return sql_insert_by(&q, by, r->created_at, &r->id);
}

#define RELEASE_COLUMNS                                                                                                \
    "r.id, r.case_id, r.kind, r.on_date, r.to_centre_id, r.notes, r.aftercare_months, r.created_by,"                   \
    " r.created_at, u.name_ar FROM case_releases r LEFT JOIN units u ON u.id = r.to_centre_id"
SQL_RECORD(RELEASE, CentreRelease, id, case_id, kind, on_date, to_centre_id, notes, aftercare_months, created_by,
           created_at, to_centre_name);

int store_releases(Db *db, int64_t case_id, Arena *arena, CentreRelease **items, int *count)
{
    return sql_list_by(db, &RELEASE, "SELECT " RELEASE_COLUMNS " WHERE r.case_id = :case ORDER BY r.id", ":case",
                       case_id, arena, items, count);
}

int store_aftercare_contact_add(Db *db, int64_t followup_id, int64_t release_id, int64_t month)
{
    return sql_run(
        db,
        "INSERT INTO case_aftercare_contacts (followup_id, release_id, month)"
        " VALUES (:followup, :release, :month)",
        SQL_ARGS(SQL_INT(":followup", followup_id), SQL_INT(":release", release_id), SQL_INT(":month", month)));
}

int store_case_aftercare_open(Db *db, int64_t case_id, bool *open)
{
    *open = false;
    Query q = sql_query(db, "SELECT count(*) FROM case_aftercare_contacts a JOIN case_followups f"
                            " ON f.id = a.followup_id WHERE f.case_id = :case AND f.status = 'planned'");
    sql_int(&q, ":case", case_id);
    if (sql_row(&q))
        *open = sql_col_int(&q, 0) > 0;
    return sql_done(&q);
}

int store_centre_clocks(Db *db, int64_t case_id, Arena *arena, LegalClocks *clocks)
{
    return sql_get_fields_by(
        db,
        "SELECT (SELECT min(s.birth_date) FROM case_centre_children k JOIN persons s ON s.id = k.person_id"
        "   WHERE k.case_id = :case AND k.next_place IS NULL AND k.left_on IS NULL),"
        " CASE WHEN EXISTS (SELECT 1 FROM case_release_plans r WHERE r.case_id = :case)"
        "   OR EXISTS (SELECT 1 FROM case_releases r WHERE r.case_id = :case AND r.kind <> 'transfer')"
        "   THEN 1 ELSE 0 END",
        ":case", case_id, arena, clocks, SQL_FIELDS(LegalClocks, child_birth_date, release_planned));
}
