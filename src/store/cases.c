#include "store/cases.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/case_visible.h"
#include "store/persons.h"
#include "store/sql.h"

#define CASE_COLUMNS                                                                                              \
    "c.id, c.reference, c.kind, c.unit_id, c.governorate, c.stage, c.closure_requested, c.closure_reason,"      \
    " c.closure_requested_by, c.closure_requested_at, c.closed_by, c.closed_at, c.risk_level, c.risk_assessment," \
    " c.risk_assessed_by, c.risk_assessed_at, c.sensitivity, c.summary, c.reported_at, c.act_date, c.offence,"  \
    " c.legal_class, c.complaint_date, c.arrest_date, c.settlement_eligible, c.protection_grounds,"             \
    " c.centre_unit_id, c.admission_date, c.sentence, c.expected_release, c.transferred_at,"                    \
    " c.family_notified_at, c.last_monitor_report, c.created_by, c.updated_by, c.created_at,"                   \
    " c.updated_at, c.version,"                                                                                  \
    " (SELECT min(f.due_on) FROM case_followups f WHERE f.case_id = c.id AND f.status = 'planned'),"              \
    " (SELECT min(g.review_on) FROM case_goals g WHERE g.case_id = c.id AND g.status = 'open'),"                 \
    " c.clock_started_at, c.reopened_at, c.plan_started_at,"                                                     \
    " EXISTS (SELECT 1 FROM studies s WHERE s.case_id = c.id AND s.template = 'juvenile'"                        \
    "   AND s.status IN ('submitted', 'approved'))"

/* Reads the CASE_COLUMNS of a row; returns the index of the column after them. */
static int read_case(Query *q, Arena *arena, Case *c)
{
    int k = 0;
    c->id = sql_col_int(q, k++);
    c->reference = sql_col_text(q, k++, arena);
    c->kind = sql_col_text(q, k++, arena);
    c->unit_id = sql_col_int(q, k++);
    c->governorate = sql_col_text(q, k++, arena);
    c->stage = sql_col_text(q, k++, arena);
    c->closure_requested = sql_col_int(q, k++) != 0;
    c->closure_reason = sql_col_text(q, k++, arena);
    c->closure_requested_by = sql_col_int(q, k++);
    c->closure_requested_at = sql_col_int(q, k++);
    c->closed_by = sql_col_int(q, k++);
    c->closed_at = sql_col_int(q, k++);
    c->risk_level = sql_col_text(q, k++, arena);
    c->risk_assessment = sql_col_text(q, k++, arena);
    c->risk_assessed_by = sql_col_int(q, k++);
    c->risk_assessed_at = sql_col_int(q, k++);
    c->sensitivity = sql_col_text(q, k++, arena);
    c->summary = sql_col_text(q, k++, arena);
    c->reported_at = sql_col_int(q, k++);
    c->act_date = sql_col_text(q, k++, arena);
    c->offence = sql_col_text(q, k++, arena);
    c->legal_class = sql_col_text(q, k++, arena);
    c->complaint_date = sql_col_text(q, k++, arena);
    c->arrest_date = sql_col_text(q, k++, arena);
    char *eligible = sql_col_text(q, k++, arena);
    c->settlement_eligible = eligible ? (eligible[0] == '1') : -1;
    c->protection_grounds = sql_col_text(q, k++, arena);
    c->centre_unit_id = sql_col_int(q, k++);
    c->admission_date = sql_col_text(q, k++, arena);
    c->sentence = sql_col_text(q, k++, arena);
    c->expected_release = sql_col_text(q, k++, arena);
    c->transferred_at = sql_col_int(q, k++);
    c->family_notified_at = sql_col_int(q, k++);
    c->last_monitor_report = sql_col_text(q, k++, arena);
    c->created_by = sql_col_int(q, k++);
    c->updated_by = sql_col_int(q, k++);
    c->created_at = sql_col_int(q, k++);
    c->updated_at = sql_col_int(q, k++);
    c->version = sql_col_int(q, k++);
    c->next_planned_follow_up = sql_col_text(q, k++, arena);
    c->next_goal_review = sql_col_text(q, k++, arena);
    c->clock_started_at = sql_col_int(q, k++);
    c->reopened_at = sql_col_int(q, k++);
    c->plan_started_at = sql_col_int(q, k++);
    c->social_study_submitted = sql_col_int(q, k++) != 0;
    return k;
}

/* The columns a write sets (all but id, reference, kind, unit and the times). */
static void bind_case(Query *q, const Case *c)
{
    sql_text(q, ":governorate", c->governorate);
    sql_text(q, ":stage", c->stage);
    sql_int(q, ":closure_requested", c->closure_requested);
    sql_text(q, ":closure_reason", c->closure_reason);
    sql_int_or_null(q, ":closure_requested_by", c->closure_requested_by);
    sql_int_or_null(q, ":closure_requested_at", c->closure_requested_at);
    sql_int_or_null(q, ":closed_by", c->closed_by);
    sql_int_or_null(q, ":closed_at", c->closed_at);
    sql_text(q, ":risk_level", c->risk_level);
    sql_text(q, ":risk_assessment", c->risk_assessment);
    sql_int_or_null(q, ":risk_assessed_by", c->risk_assessed_by);
    sql_int_or_null(q, ":risk_assessed_at", c->risk_assessed_at);
    sql_text(q, ":sensitivity", c->sensitivity);
    sql_text(q, ":summary", c->summary);
    sql_int(q, ":reported_at", c->reported_at);
    sql_text(q, ":act_date", c->act_date);
    sql_text(q, ":offence", c->offence);
    sql_text(q, ":legal_class", c->legal_class);
    sql_text(q, ":complaint_date", c->complaint_date);
    sql_text(q, ":arrest_date", c->arrest_date);
    sql_text(q, ":settlement_eligible", c->settlement_eligible < 0 ? NULL : c->settlement_eligible ? "1" : "0");
    sql_text(q, ":protection_grounds", c->protection_grounds);
    sql_int_or_null(q, ":centre_unit_id", c->centre_unit_id);
    sql_text(q, ":admission_date", c->admission_date);
    sql_text(q, ":sentence", c->sentence);
    sql_text(q, ":expected_release", c->expected_release);
    sql_int_or_null(q, ":transferred_at", c->transferred_at);
    sql_int_or_null(q, ":family_notified_at", c->family_notified_at);
    sql_text(q, ":last_monitor_report", c->last_monitor_report);
    sql_int_or_null(q, ":clock_started_at", c->clock_started_at);
    sql_int_or_null(q, ":reopened_at", c->reopened_at);
    sql_int_or_null(q, ":plan_started_at", c->plan_started_at);
}

int store_case_next_serial(Db *db, const char *kind, int year, int64_t *serial)
{
    Query q = sql_query(db,
        "INSERT INTO case_counters (kind, year, last) VALUES (:kind, :year, 1)"
        " ON CONFLICT (kind, year) DO UPDATE SET last = last + 1 RETURNING last");
    sql_text(&q, ":kind", kind);
    sql_int(&q, ":year", year);
    *serial = sql_row(&q) ? sql_col_int(&q, 0) : 0;
    return sql_done(&q);
}

int store_case_insert(Db *db, Case *c, int64_t user_id)
{
    int64_t now = clock_now();
    Query q = sql_query(db,
        "INSERT INTO cases (reference, kind, unit_id, governorate, stage, closure_requested, closure_reason,"
        " closure_requested_by, closure_requested_at, closed_by, closed_at, risk_level, risk_assessment,"
        " risk_assessed_by, risk_assessed_at, sensitivity, summary, reported_at, act_date, offence, legal_class,"
        " complaint_date, arrest_date, settlement_eligible, protection_grounds, centre_unit_id, admission_date,"
        " sentence, expected_release, transferred_at, family_notified_at, last_monitor_report, clock_started_at,"
        " reopened_at, plan_started_at, created_by, updated_by, created_at, updated_at) VALUES (:reference, :kind, :unit_id, :governorate, :stage, :closure_requested,"
        " :closure_reason, :closure_requested_by, :closure_requested_at, :closed_by, :closed_at, :risk_level,"
        " :risk_assessment, :risk_assessed_by, :risk_assessed_at, :sensitivity, :summary, :reported_at, :act_date,"
        " :offence, :legal_class, :complaint_date, :arrest_date, :settlement_eligible, :protection_grounds,"
        " :centre_unit_id, :admission_date, :sentence, :expected_release, :transferred_at, :family_notified_at,"
        " :last_monitor_report, coalesce(:clock_started_at, :now), :reopened_at, :plan_started_at, :user, :user,"
        " :now, :now)");
    sql_text(&q, ":reference", c->reference);
    sql_text(&q, ":kind", c->kind);
    sql_int(&q, ":unit_id", c->unit_id);
    bind_case(&q, c);
    sql_int_or_null(&q, ":user", user_id);
    sql_int(&q, ":now", now);
    int rc = sql_exec(&q);
    if (rc == TK_OK) {
        c->id = sql_last_id(db);
        c->version = 1;
        c->clock_started_at = c->clock_started_at ? c->clock_started_at : now;
        c->created_by = c->updated_by = user_id;
        c->created_at = c->updated_at = now;
    }
    return rc;
}

int store_case_get(Db *db, int64_t id, Arena *arena, Case *c)
{
    Query q = sql_query(db, "SELECT " CASE_COLUMNS ", u.name_ar, u.name_en FROM cases c"
                            " LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = :id");
    sql_int(&q, ":id", id);
    int found = sql_row(&q);
    if (found) {
        int k = read_case(&q, arena, c);
        c->unit_name_ar = sql_col_text(&q, k, arena);
        c->unit_name_en = sql_col_text(&q, k + 1, arena);
    }
    int rc = sql_done(&q);
    return rc != TK_OK ? rc : found ? TK_OK : TK_ERR_NOT_FOUND;
}

int store_case_update(Db *db, Case *c, int64_t user_id)
{
    int64_t now = clock_now();
    Query q = sql_query(db,
        "UPDATE cases SET governorate = :governorate, stage = :stage, closure_requested = :closure_requested,"
        " closure_reason = :closure_reason, closure_requested_by = :closure_requested_by,"
        " closure_requested_at = :closure_requested_at, closed_by = :closed_by, closed_at = :closed_at,"
        " risk_level = :risk_level, risk_assessment = :risk_assessment, risk_assessed_by = :risk_assessed_by,"
        " risk_assessed_at = :risk_assessed_at, sensitivity = :sensitivity, summary = :summary,"
        " reported_at = :reported_at, act_date = :act_date, offence = :offence, legal_class = :legal_class,"
        " complaint_date = :complaint_date, arrest_date = :arrest_date, settlement_eligible = :settlement_eligible,"
        " protection_grounds = :protection_grounds, centre_unit_id = :centre_unit_id,"
        " admission_date = :admission_date, sentence = :sentence, expected_release = :expected_release,"
        " transferred_at = :transferred_at, family_notified_at = :family_notified_at,"
        " last_monitor_report = :last_monitor_report, clock_started_at = coalesce(:clock_started_at, clock_started_at),"
        " reopened_at = :reopened_at, plan_started_at = :plan_started_at, updated_by = :user,"
        " updated_at = :now, version = version + 1 WHERE id = :id AND version = :version");
    bind_case(&q, c);
    sql_int_or_null(&q, ":user", user_id);
    sql_int(&q, ":now", now);
    sql_int(&q, ":id", c->id);
    sql_int(&q, ":version", c->version);
    int rc = sql_exec(&q);
    if (rc != TK_OK)
        return rc;
    if (sql_changes(db) == 0) {
        Query exists = sql_query(db, "SELECT 1 FROM cases WHERE id = :id");
        sql_int(&exists, ":id", c->id);
        int found = sql_row(&exists);
        rc = sql_done(&exists);
        return rc != TK_OK ? rc : found ? TK_ERR_CONFLICT : TK_ERR_NOT_FOUND;
    }
    c->version++;
    c->updated_by = user_id;
    c->updated_at = now;
    return TK_OK;
}

void store_bind_case_viewer(Query *q, const CaseViewer *viewer)
{
    sql_int(q, ":viewer", viewer->user_id);
    sql_int(q, ":viewer_unit", viewer->unit_id);
    sql_int(q, ":viewer_supervisor", viewer->supervisor);
    sql_int(q, ":viewer_manager", viewer->manager);
    sql_text(q, ":viewer_agency", viewer->agency ? viewer->agency : "");
}

int store_person_case_sight(Db *db, int64_t person_id, const CaseViewer *viewer, bool *restricted, bool *sees)
{
    *restricted = *sees = false;
    Query q = sql_query(db,
        "SELECT EXISTS (SELECT 1 FROM case_persons p JOIN cases c ON c.id = p.case_id"
        "   WHERE p.person_id = :person AND c.sensitivity = 'restricted'),"
        " EXISTS (SELECT 1 FROM case_persons p JOIN cases c ON c.id = p.case_id"
        "   WHERE p.person_id = :person AND " CASE_VISIBLE ")");
    sql_int(&q, ":person", person_id);
    store_bind_case_viewer(&q, viewer);
    if (sql_row(&q)) {
        *restricted = sql_col_int(&q, 0) != 0;
        *sees = sql_col_int(&q, 1) != 0;
    }
    return sql_done(&q);
}

/* What a list shows beside the case: its unit's names, its principal person's names, its worker's (LISTED_SELECT
 * after CASE_COLUMNS, LISTED_JOINS after the FROM of cases c). */
#define LISTED_SELECT                                                                                             \
    ", u.name_ar, u.name_en, pr.id, pr.first_name, pr.father_name, pr.grandfather_name, pr.family_name, wu.full_name," \
    " wu.sex"
#define LISTED_JOINS                                                                                              \
    " LEFT JOIN units u ON u.id = c.unit_id"                                                                      \
    " LEFT JOIN persons pr ON pr.id = (SELECT cp.person_id FROM case_persons cp WHERE cp.case_id = c.id"           \
    "   AND cp.role IN ('victim', 'juvenile', 'inmate') ORDER BY cp.id LIMIT 1)"                                  \
    " LEFT JOIN users wu ON wu.id = (SELECT wa.user_id FROM case_assignments wa WHERE wa.case_id = c.id"          \
    "   AND wa.ended_at IS NULL ORDER BY CASE wa.role WHEN 'caseworker' THEN 0 WHEN 'monitor' THEN 1 ELSE 2 END,"  \
    "   wa.id LIMIT 1)"

/* Reads a case and the LISTED_SELECT columns; returns the index of the column after them. */
static int read_listed_columns(Query *q, Arena *arena, Case *c)
{
    int k = read_case(q, arena, c);
    c->unit_name_ar = sql_col_text(q, k++, arena);
    c->unit_name_en = sql_col_text(q, k++, arena);
    memset(&c->principal, 0, sizeof c->principal);
    c->principal.id = sql_col_int(q, k++);
    c->principal.first_name = sql_col_text(q, k++, arena);
    c->principal.father_name = sql_col_text(q, k++, arena);
    c->principal.grandfather_name = sql_col_text(q, k++, arena);
    c->principal.family_name = sql_col_text(q, k++, arena);
    c->worker_name = sql_col_text(q, k++, arena);
    c->worker_sex = sql_col_text(q, k++, arena);
    return k;
}

/* A case of a list (a SqlReadRow). */
static void read_listed_case(Query *q, Arena *arena, void *item)
{
    read_listed_columns(q, arena, item);
}

int store_case_list(Db *db, const CaseViewer *viewer, const CaseFilter *f, Arena *arena, Case **cases, int *count,
                    bool *more)
{
    Query q = sql_query(db,
        "SELECT " CASE_COLUMNS LISTED_SELECT " FROM cases c" LISTED_JOINS
        " WHERE " CASE_VISIBLE
        " AND (:reference IS NULL OR c.reference LIKE :reference || '%')"
        " AND (NOT :persons OR EXISTS (SELECT 1 FROM case_persons m WHERE m.case_id = c.id AND m.role <> 'reporter'"
        "   AND m.person_id IN (:p0, :p1, :p2, :p3, :p4, :p5, :p6, :p7, :p8, :p9, :p10, :p11, :p12, :p13, :p14,"
        "   :p15, :p16, :p17, :p18, :p19)))"
        " AND (:kind IS NULL OR c.kind = :kind) AND (:stage IS NULL OR c.stage = :stage)"
        " AND (:risk IS NULL OR c.risk_level = :risk) AND (:governorate IS NULL OR c.governorate = :governorate)"
        " AND (:unit = 0 OR c.unit_id = :unit)"
        " AND (:worker = 0 OR EXISTS (SELECT 1 FROM case_assignments w WHERE w.case_id = c.id"
        "   AND w.user_id = :worker AND w.ended_at IS NULL))"
        " AND (NOT :overdue OR EXISTS (SELECT 1 FROM case_tasks t WHERE t.case_id = c.id AND t.due_at < :now))"
        " AND (:from IS NULL OR c.reported_at >= unixepoch(:from, '-3 hours'))"
        " AND (:to IS NULL OR c.reported_at < unixepoch(:to, '+1 day', '-3 hours'))"
        " AND (:before = 0 OR c.id < :before)"
        " ORDER BY c.id DESC LIMIT :limit");
    store_bind_case_viewer(&q, viewer);
    sql_text(&q, ":kind", f->kind);
    sql_text(&q, ":stage", f->stage);
    sql_text(&q, ":risk", f->risk_level);
    sql_text(&q, ":governorate", f->governorate);
    sql_int(&q, ":unit", f->unit_id);
    sql_int(&q, ":worker", f->worker_id);
    sql_int(&q, ":overdue", f->overdue);
    sql_int(&q, ":now", f->now);
    sql_text(&q, ":from", f->opened_from);
    sql_text(&q, ":to", f->opened_to);
    sql_int(&q, ":before", f->before_id);
    sql_int(&q, ":limit", f->limit + 1);
    sql_text(&q, ":reference", f->reference);
    sql_int(&q, ":persons", f->persons_given);
    static const char *const person_names[CASE_FILTER_PERSONS] = {
        ":p0", ":p1", ":p2", ":p3", ":p4", ":p5", ":p6", ":p7", ":p8", ":p9",
        ":p10", ":p11", ":p12", ":p13", ":p14", ":p15", ":p16", ":p17", ":p18", ":p19"};
    for (int i = 0; i < CASE_FILTER_PERSONS; i++)
        sql_int(&q, person_names[i], f->person_ids[i]);
    return sql_collect(&q, arena, sizeof(Case), read_listed_case, f->limit, cases, count, more);
}

/* A case of a person (a SqlReadRow): item is a PersonCase. */
static void read_person_case(Query *q, Arena *arena, void *item)
{
    PersonCase *pc = item;
    int k = read_listed_columns(q, arena, &pc->c);
    pc->role = sql_col_text(q, k, arena);
}

int store_person_cases(Db *db, int64_t person_id, const CaseViewer *viewer, int limit, Arena *arena,
                       PersonCase **items, int *count, int64_t *hidden)
{
    bool more = false;
    Query q = sql_query(db,
        "SELECT " CASE_COLUMNS LISTED_SELECT ", m.role FROM cases c JOIN case_persons m ON m.case_id = c.id" LISTED_JOINS
        " WHERE m.person_id = :person AND m.role <> 'reporter' AND " CASE_VISIBLE
        " ORDER BY c.id DESC, m.id LIMIT :limit");
    sql_int(&q, ":person", person_id);
    store_bind_case_viewer(&q, viewer);
    sql_int(&q, ":limit", limit + 1);
    int rc = sql_collect(&q, arena, sizeof(PersonCase), read_person_case, limit, items, count, &more);
    if (rc != TK_OK)
        return rc;
    Query others = sql_query(db,
        "SELECT count(DISTINCT c.id) FROM case_persons m JOIN cases c ON c.id = m.case_id"
        " WHERE m.person_id = :person AND m.role <> 'reporter' AND NOT " CASE_VISIBLE);
    sql_int(&others, ":person", person_id);
    store_bind_case_viewer(&others, viewer);
    *hidden = sql_row(&others) ? sql_col_int(&others, 0) : 0;
    return sql_done(&others);
}

int store_case_assign(Db *db, int64_t case_id, int64_t user_id, const char *role, int64_t by)
{
    int64_t now = clock_now();
    Query end = sql_query(db,
        "UPDATE case_assignments SET ended_at = :now, ended_by = :by"
        " WHERE case_id = :case AND role = :role AND ended_at IS NULL");
    sql_int(&end, ":now", now);
    sql_int_or_null(&end, ":by", by);
    sql_int(&end, ":case", case_id);
    sql_text(&end, ":role", role);
    int rc = sql_exec(&end);
    if (rc != TK_OK)
        return rc;
    Query q = sql_query(db,
        "INSERT INTO case_assignments (case_id, user_id, role, assigned_by, assigned_at)"
        " VALUES (:case, :user, :role, :by, :now)");
    sql_int(&q, ":case", case_id);
    sql_int(&q, ":user", user_id);
    sql_text(&q, ":role", role);
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":now", now);
    return sql_exec(&q);
}

int store_case_unassign(Db *db, int64_t case_id, int64_t assignment_id, int64_t by)
{
    Query q = sql_query(db,
        "UPDATE case_assignments SET ended_at = :now, ended_by = :by"
        " WHERE id = :id AND case_id = :case AND ended_at IS NULL");
    sql_int(&q, ":now", clock_now());
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":id", assignment_id);
    sql_int(&q, ":case", case_id);
    int rc = sql_exec(&q);
    return rc != TK_OK ? rc : sql_changes(db) ? TK_OK : TK_ERR_NOT_FOUND;
}

static void read_case_assignments_row(Query *q, Arena *arena, void *item)
{
    CaseAssignment *a = item;
    a->id = sql_col_int(q, 0);
    a->case_id = sql_col_int(q, 1);
    a->user_id = sql_col_int(q, 2);
    a->role = sql_col_text(q, 3, arena);
    a->assigned_by = sql_col_int(q, 4);
    a->assigned_at = sql_col_int(q, 5);
    a->user_name = sql_col_text(q, 6, arena);
    a->user_sex = sql_col_text(q, 7, arena);
}

int store_case_assignments(Db *db, int64_t case_id, Arena *arena, CaseAssignment **items, int *count)
{
    Query q = sql_query(db,
        "SELECT a.id, a.case_id, a.user_id, a.role, a.assigned_by, a.assigned_at, u.full_name, u.sex"
        " FROM case_assignments a JOIN users u ON u.id = a.user_id"
        " WHERE a.case_id = :case AND a.ended_at IS NULL ORDER BY a.id");
    sql_int(&q, ":case", case_id);
    return sql_collect(&q, arena, sizeof(CaseAssignment), read_case_assignments_row, 0, items, count, NULL);
}

int store_case_person_add(Db *db, int64_t case_id, int64_t person_id, const char *role, int64_t by, int64_t *id)
{
    Query q = sql_query(db,
        "INSERT INTO case_persons (case_id, person_id, role, added_by, added_at)"
        " VALUES (:case, :person, :role, :by, :now)");
    sql_int(&q, ":case", case_id);
    sql_int(&q, ":person", person_id);
    sql_text(&q, ":role", role);
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":now", clock_now());
    int rc = sql_exec(&q);
    if (rc == TK_OK && id)
        *id = sql_last_id(db);
    return rc;
}

int store_case_person_remove(Db *db, int64_t case_id, int64_t id)
{
    Query q = sql_query(db, "DELETE FROM case_persons WHERE id = :id AND case_id = :case");
    sql_int(&q, ":id", id);
    sql_int(&q, ":case", case_id);
    int rc = sql_exec(&q);
    return rc != TK_OK ? rc : sql_changes(db) ? TK_OK : TK_ERR_NOT_FOUND;
}

static void read_case_person_row(Query *q, Arena *arena, void *item)
{
    CasePerson *p = item;
    p->id = sql_col_int(q, 0);
    p->case_id = sql_col_int(q, 1);
    p->person_id = sql_col_int(q, 2);
    p->role = sql_col_text(q, 3, arena);
    p->added_by = sql_col_int(q, 4);
    p->added_at = sql_col_int(q, 5);
}

int store_case_persons(Db *db, int64_t case_id, Arena *arena, CasePerson **items, int *count)
{
    Query q = sql_query(db,
        "SELECT id, case_id, person_id, role, added_by, added_at FROM case_persons WHERE case_id = :case ORDER BY id");
    sql_int(&q, ":case", case_id);
    int rc = sql_collect(&q, arena, sizeof(CasePerson), read_case_person_row, 0, items, count, NULL);
    for (int i = 0; i < *count && rc == TK_OK; i++)
        rc = store_person_get(db, (*items)[i].person_id, arena, &(*items)[i].person);
    return rc;
}

int store_case_incident_add(Db *db, CaseIncident *incident, int64_t by)
{
    int64_t now = clock_now();
    Query q = sql_query(db,
        "INSERT INTO case_incidents (case_id, occurred_on, place, violence_types, perpetrator_relationship,"
        " legal_class, identified_by, description, created_by, created_at) VALUES (:case, :occurred_on, :place,"
        " :violence_types, :relationship, :legal_class, :identified_by, :description, :by, :now)");
    sql_int(&q, ":case", incident->case_id);
    sql_text(&q, ":occurred_on", incident->occurred_on);
    sql_text(&q, ":place", incident->place);
    sql_text(&q, ":violence_types", incident->violence_types);
    sql_text(&q, ":relationship", incident->perpetrator_relationship);
    sql_text(&q, ":legal_class", incident->legal_class);
    sql_text(&q, ":identified_by", incident->identified_by);
    sql_text(&q, ":description", incident->description);
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":now", now);
    int rc = sql_exec(&q);
    if (rc == TK_OK) {
        incident->id = sql_last_id(db);
        incident->created_by = by;
        incident->created_at = now;
    }
    return rc;
}

static void read_case_incidents_row(Query *q, Arena *arena, void *item)
{
    CaseIncident *i = item;
    i->id = sql_col_int(q, 0);
    i->case_id = sql_col_int(q, 1);
    i->occurred_on = sql_col_text(q, 2, arena);
    i->place = sql_col_text(q, 3, arena);
    i->violence_types = sql_col_text(q, 4, arena);
    i->perpetrator_relationship = sql_col_text(q, 5, arena);
    i->legal_class = sql_col_text(q, 6, arena);
    i->identified_by = sql_col_text(q, 7, arena);
    i->description = sql_col_text(q, 8, arena);
    i->created_by = sql_col_int(q, 9);
    i->created_at = sql_col_int(q, 10);
    i->version = sql_col_int(q, 11);
    i->updated_by = sql_col_int(q, 12);
    i->updated_at = sql_col_int(q, 13);
    i->corrections = sql_col_int(q, 14);
}

int store_case_incidents(Db *db, int64_t case_id, Arena *arena, CaseIncident **items, int *count)
{
    Query q = sql_query(db,
        "SELECT id, case_id, occurred_on, place, violence_types, perpetrator_relationship, legal_class,"
        " identified_by, description, created_by, created_at, version, updated_by, updated_at,"
        " (SELECT count(*) FROM case_incident_revisions r WHERE r.incident_id = case_incidents.id)"
        " FROM case_incidents WHERE case_id = :case"
        " ORDER BY occurred_on, id");
    sql_int(&q, ":case", case_id);
    return sql_collect(&q, arena, sizeof(CaseIncident), read_case_incidents_row, 0, items, count, NULL);
}

int store_case_note_add(Db *db, CaseNote *note, int64_t by)
{
    int64_t now = clock_now();
    Query q = sql_query(db,
        "INSERT INTO case_notes (case_id, kind, occurred_on, participants, body, author_id, created_at)"
        " VALUES (:case, :kind, :occurred_on, :participants, :body, :by, :now)");
    sql_int(&q, ":case", note->case_id);
    sql_text(&q, ":kind", note->kind);
    sql_text(&q, ":occurred_on", note->occurred_on);
    sql_text(&q, ":participants", note->participants);
    sql_text(&q, ":body", note->body);
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":now", now);
    int rc = sql_exec(&q);
    if (rc == TK_OK) {
        note->id = sql_last_id(db);
        note->author_id = by;
        note->created_at = now;
    }
    return rc;
}

static void read_case_notes_row(Query *q, Arena *arena, void *item)
{
    CaseNote *n = item;
    n->id = sql_col_int(q, 0);
    n->case_id = sql_col_int(q, 1);
    n->kind = sql_col_text(q, 2, arena);
    n->occurred_on = sql_col_text(q, 3, arena);
    n->participants = sql_col_text(q, 4, arena);
    n->body = sql_col_text(q, 5, arena);
    n->author_id = sql_col_int(q, 6);
    n->created_at = sql_col_int(q, 7);
    n->author_name = sql_col_text(q, 8, arena);
    n->author_sex = sql_col_text(q, 9, arena);
}

int store_case_notes(Db *db, int64_t case_id, Arena *arena, CaseNote **items, int *count)
{
    Query q = sql_query(db,
        "SELECT n.id, n.case_id, n.kind, n.occurred_on, n.participants, n.body, n.author_id, n.created_at,"
        " u.full_name, u.sex FROM case_notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.case_id = :case"
        " ORDER BY n.occurred_on DESC, n.id DESC");
    sql_int(&q, ":case", case_id);
    return sql_collect(&q, arena, sizeof(CaseNote), read_case_notes_row, 0, items, count, NULL);
}

int store_case_event_add(Db *db, int64_t case_id, int64_t user_id, const char *action, const char *detail)
{
    Query q = sql_query(db,
        "INSERT INTO case_events (case_id, at, user_id, action, detail) VALUES (:case, :now, :user, :action, :detail)");
    sql_int(&q, ":case", case_id);
    sql_int(&q, ":now", clock_now());
    sql_int_or_null(&q, ":user", user_id);
    sql_text(&q, ":action", action);
    sql_text(&q, ":detail", detail);
    return sql_exec(&q);
}

static void read_case_events_row(Query *q, Arena *arena, void *item)
{
    CaseEvent *e = item;
    e->id = sql_col_int(q, 0);
    e->case_id = sql_col_int(q, 1);
    e->at = sql_col_int(q, 2);
    e->user_id = sql_col_int(q, 3);
    e->action = sql_col_text(q, 4, arena);
    e->detail = sql_col_text(q, 5, arena);
    e->user_name = sql_col_text(q, 6, arena);
    e->user_sex = sql_col_text(q, 7, arena);
}

int store_case_events(Db *db, int64_t case_id, Arena *arena, CaseEvent **items, int *count)
{
    Query q = sql_query(db,
        "SELECT e.id, e.case_id, e.at, e.user_id, e.action, e.detail, u.full_name, u.sex FROM case_events e"
        " LEFT JOIN users u ON u.id = e.user_id WHERE e.case_id = :case ORDER BY e.id DESC");
    sql_int(&q, ":case", case_id);
    return sql_collect(&q, arena, sizeof(CaseEvent), read_case_events_row, 0, items, count, NULL);
}

int store_case_tasks_replace(Db *db, int64_t case_id, const CaseTask *tasks, int count)
{
    Query clear = sql_query(db, "DELETE FROM case_tasks WHERE case_id = :case");
    sql_int(&clear, ":case", case_id);
    int rc = sql_exec(&clear);
    for (int i = 0; i < count && rc == TK_OK; i++) {
        Query q = sql_query(db,
            "INSERT INTO case_tasks (case_id, kind, due_at, detail) VALUES (:case, :kind, :due, :detail)");
        sql_int(&q, ":case", case_id);
        sql_text(&q, ":kind", tasks[i].kind);
        sql_int(&q, ":due", tasks[i].due_at);
        sql_text(&q, ":detail", tasks[i].detail);
        rc = sql_exec(&q);
    }
    return rc;
}

static void read_task_row(Query *q, Arena *arena, void *item)
{
    CaseTask *t = item;
    t->id = sql_col_int(q, 0);
    t->case_id = sql_col_int(q, 1);
    t->kind = sql_col_text(q, 2, arena);
    t->due_at = sql_col_int(q, 3);
    t->detail = sql_col_text(q, 4, arena);
    t->reference = sql_col_text(q, 5, arena);
    t->case_kind = sql_col_text(q, 6, arena);
    t->unit_id = sql_col_int(q, 7);
}

static int read_tasks(Query *q, Arena *arena, CaseTask **items, int *count)
{
    return sql_collect(q, arena, sizeof(CaseTask), read_task_row, 0, items, count, NULL);
}

int store_case_tasks(Db *db, int64_t case_id, Arena *arena, CaseTask **items, int *count)
{
    *items = NULL;
    *count = 0;
    Query q = sql_query(db,
        "SELECT t.id, t.case_id, t.kind, t.due_at, t.detail, c.reference, c.kind, c.unit_id FROM case_tasks t"
        " JOIN cases c ON c.id = t.case_id WHERE t.case_id = :case ORDER BY t.due_at, t.id");
    sql_int(&q, ":case", case_id);
    return read_tasks(&q, arena, items, count);
}

/* The tasks of a task filter: FROM and WHERE, cursor aside (the viewer's and the filter's parameters bound by
 * bind_task_filter). */
#define TASKS_FILTERED                                                                                            \
    " FROM case_tasks t JOIN cases c ON c.id = t.case_id WHERE " CASE_VISIBLE                                     \
    /* mine: the tasks of my cases, and for a supervisor the assignments and closures of the unit */              \
    " AND (NOT :mine OR EXISTS (SELECT 1 FROM case_assignments m WHERE m.case_id = c.id AND m.user_id = :viewer"   \
    "   AND m.ended_at IS NULL)"                                                                                  \
    "   OR (:viewer_supervisor AND c.unit_id = :viewer_unit AND t.kind IN ('assignment', 'closure_approval')))"   \
    " AND (NOT :overdue OR t.due_at < :now) AND (:before = 0 OR t.due_at < :before)"                            \
    " AND (:kind IS NULL OR t.kind = :kind) AND (:unit = 0 OR c.unit_id = :unit) AND (:case = 0 OR c.id = :case)"

/* How urgent a task is (TaskFilter's order): 0 overdue on a high-risk case, 1 overdue, 2 not yet due. */
#define TASK_URGENCY                                                                                              \
    "CASE WHEN t.due_at < :now AND c.risk_level = 'high' THEN 0 WHEN t.due_at < :now THEN 1 ELSE 2 END"

static void bind_task_filter(Query *q, const CaseViewer *viewer, const TaskFilter *f)
{
    store_bind_case_viewer(q, viewer);
    sql_int(q, ":mine", f->mine);
    sql_int(q, ":overdue", f->overdue);
    sql_int(q, ":now", f->now);
    sql_int(q, ":before", f->due_before);
    sql_text(q, ":kind", f->kind);
    sql_int(q, ":unit", f->unit_id);
    sql_int(q, ":case", f->case_id);
}

/* A task of a list (a SqlReadRow), with its case's risk and its urgency. */
static void read_listed_task(Query *q, Arena *arena, void *item)
{
    CaseTask *t = item;
    read_task_row(q, arena, t);
    t->risk_level = sql_col_text(q, 8, arena);
    t->urgency = (int)sql_col_int(q, 9);
}

int store_task_list(Db *db, const CaseViewer *viewer, const TaskFilter *f, Arena *arena, CaseTask **items,
                    int *count, bool *more)
{
    Query q = sql_query(db,
        "SELECT t.id, t.case_id, t.kind, t.due_at, t.detail, c.reference, c.kind, c.unit_id, c.risk_level, "
        TASK_URGENCY TASKS_FILTERED
        " AND (:after_urgency < 0 OR " TASK_URGENCY " > :after_urgency OR (" TASK_URGENCY " = :after_urgency"
        "   AND (t.due_at > :after_due OR (t.due_at = :after_due AND t.id > :after_id))))"
        " ORDER BY " TASK_URGENCY ", t.due_at, t.id LIMIT :limit");
    bind_task_filter(&q, viewer, f);
    sql_int(&q, ":after_urgency", f->after_urgency);
    sql_int(&q, ":after_due", f->after_due);
    sql_int(&q, ":after_id", f->after_id);
    sql_int(&q, ":limit", f->limit + 1);
    return sql_collect(&q, arena, sizeof(CaseTask), read_listed_task, f->limit, items, count, more);
}

int store_task_counts(Db *db, const CaseViewer *viewer, const TaskFilter *f, TaskCounts *counts)
{
    memset(counts, 0, sizeof *counts);
    Query q = sql_query(db,
        "SELECT count(*), coalesce(sum(CASE WHEN t.due_at < :now THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN t.due_at < :now AND c.risk_level = 'high' THEN 1 ELSE 0 END), 0)" TASKS_FILTERED);
    bind_task_filter(&q, viewer, f);
    if (sql_row(&q)) {
        counts->total = sql_col_int(&q, 0);
        counts->overdue = sql_col_int(&q, 1);
        counts->overdue_high = sql_col_int(&q, 2);
    }
    return sql_done(&q);
}

int store_case_open_ids(Db *db, int64_t after_id, int max, int64_t *ids, int *count)
{
    *count = 0;
    Query q = sql_query(db, "SELECT id FROM cases WHERE id > :after AND stage != 'closed' ORDER BY id LIMIT :max");
    sql_int(&q, ":after", after_id);
    sql_int(&q, ":max", max);
    while (sql_row(&q))
        ids[(*count)++] = sql_col_int(&q, 0);
    return sql_done(&q);
}

#define FOLLOWUP_COLUMNS                                                                                          \
    "f.id, f.case_id, f.kind, f.due_on, f.participants, f.status, f.note_id, f.reason, f.created_by,"         \
    " f.created_at, f.closed_by, f.closed_at, cu.full_name, xu.full_name, cu.sex, xu.sex FROM case_followups f"  \
    " LEFT JOIN users cu ON cu.id = f.created_by LEFT JOIN users xu ON xu.id = f.closed_by"

/* One row (a SqlReadRow): item is a CaseFollowup. */
static void read_followup(Query *q, Arena *arena, void *item)
{
    CaseFollowup *f = item;
    int k = 0;
    f->id = sql_col_int(q, k++);
    f->case_id = sql_col_int(q, k++);
    f->kind = sql_col_text(q, k++, arena);
    f->due_on = sql_col_text(q, k++, arena);
    f->participants = sql_col_text(q, k++, arena);
    f->status = sql_col_text(q, k++, arena);
    f->note_id = sql_col_int(q, k++);
    f->reason = sql_col_text(q, k++, arena);
    f->created_by = sql_col_int(q, k++);
    f->created_at = sql_col_int(q, k++);
    f->closed_by = sql_col_int(q, k++);
    f->closed_at = sql_col_int(q, k++);
    f->created_by_name = sql_col_text(q, k++, arena);
    f->closed_by_name = sql_col_text(q, k++, arena);
    f->created_by_sex = sql_col_text(q, k++, arena);
    f->closed_by_sex = sql_col_text(q, k++, arena);
}

int store_case_followup_add(Db *db, CaseFollowup *f, int64_t by)
{
    int64_t now = clock_now();
    Query q = sql_query(db,
        "INSERT INTO case_followups (case_id, kind, due_on, participants, created_by, created_at)"
        " VALUES (:case, :kind, :due_on, :participants, :by, :now)");
    sql_int(&q, ":case", f->case_id);
    sql_text(&q, ":kind", f->kind);
    sql_text(&q, ":due_on", f->due_on);
    sql_text(&q, ":participants", f->participants);
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":now", now);
    int rc = sql_exec(&q);
    if (rc == TK_OK) {
        f->id = sql_last_id(db);
        f->status = "planned";
        f->created_by = by;
        f->created_at = now;
    }
    return rc;
}

int store_case_followups(Db *db, int64_t case_id, Arena *arena, CaseFollowup **items, int *count)
{
    Query q = sql_query(db, "SELECT " FOLLOWUP_COLUMNS " WHERE f.case_id = :case ORDER BY f.due_on, f.id");
    sql_int(&q, ":case", case_id);
    return sql_collect(&q, arena, sizeof(CaseFollowup), read_followup, 0, items, count, NULL);
}

int store_case_followup_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseFollowup *f)
{
    Query q = sql_query(db, "SELECT " FOLLOWUP_COLUMNS " WHERE f.id = :id AND f.case_id = :case");
    sql_int(&q, ":id", id);
    sql_int(&q, ":case", case_id);
    bool found = sql_row(&q);
    if (found)
        read_followup(&q, arena, f);
    int rc = sql_done(&q);
    return rc != TK_OK ? rc : found ? TK_OK : TK_ERR_NOT_FOUND;
}

int store_case_followup_close(Db *db, int64_t id, const char *status, int64_t note_id, const char *reason,
                              int64_t by)
{
    Query q = sql_query(db,
        "UPDATE case_followups SET status = :status, note_id = :note, reason = :reason, closed_by = :by,"
        " closed_at = :now WHERE id = :id AND status = 'planned'");
    sql_text(&q, ":status", status);
    sql_int_or_null(&q, ":note", note_id);
    sql_text(&q, ":reason", reason);
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":now", clock_now());
    sql_int(&q, ":id", id);
    int rc = sql_exec(&q);
    return rc != TK_OK ? rc : sql_changes(db) == 1 ? TK_OK : TK_ERR_CONFLICT;
}

int store_case_followups_cancel_open(Db *db, int64_t case_id, const char *reason, int64_t by)
{
    Query q = sql_query(db,
        "UPDATE case_followups SET status = 'cancelled', reason = :reason, closed_by = :by, closed_at = :now"
        " WHERE case_id = :case AND status = 'planned'");
    sql_text(&q, ":reason", reason);
    sql_int_or_null(&q, ":by", by);
    sql_int(&q, ":now", clock_now());
    sql_int(&q, ":case", case_id);
    return sql_exec(&q);
}
