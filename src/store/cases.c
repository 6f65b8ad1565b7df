/* Cases in the database: the case row, and the lists of the cases a viewer sees. */
#include "store/cases.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/case_visible.h"
#include "store/sql.h"

/* The columns of the case fields (model/case_fields.h): the SELECT list ", c.summary, …", the INSERT columns and
 * values, and the UPDATE assignments ", summary = :summary, …"; each binds by the field's name. */
#define FIELD_SELECT(ID, name, ...) ", c." #name
#define FIELD_INSERT_COLUMN(ID, name, ...) ", " #name
#define FIELD_INSERT_VALUE(ID, name, ...) ", :" #name
#define FIELD_UPDATE(ID, name, ...) ", " #name " = :" #name

#define CASE_COLUMNS                                                                                                   \
    "c.id, c.reference, c.kind, c.unit_id, c.stage, c.closure_requested, c.closure_reason,"                            \
    " c.closure_requested_by, c.closure_requested_at, c.closed_by, c.closed_at,"                                       \
    " c.risk_assessed_by, c.risk_assessed_at, c.created_by, c.updated_by, c.created_at,"                               \
    " c.updated_at, c.version,"                                                                                        \
    " (SELECT min(f.due_on) FROM case_followups f WHERE f.case_id = c.id AND f.status = 'planned'),"                   \
    " (SELECT min(g.review_on) FROM case_goals g WHERE g.case_id = c.id AND g.status = 'open'),"                       \
    " c.clock_started_at, c.reopened_at, c.plan_started_at,"                                                           \
    " EXISTS (SELECT 1 FROM studies s WHERE s.case_id = c.id AND s.template = 'juvenile'"                              \
    "   AND s.status IN ('submitted', 'approved')), c.sealed_at" CASE_FIELDS(FIELD_SELECT)

/* How a column of each field type is read and bound (by FIELD_READ and FIELD_BIND). */
static void read_text(Query *q, int col, Arena *arena, char **out)
{
    *out = sql_col_text(q, col, arena);
}

static void read_int(Query *q, int col, Arena *arena, int64_t *out)
{
    (void)arena;
    *out = sql_col_int(q, col);
}

/* A flag kept as text: '1', '0' or NULL (unknown, -1). */
static void read_tristate(Query *q, int col, Arena *arena, int *out)
{
    char *value = sql_col_text(q, col, arena);
    *out = value ? (value[0] == '1') : -1;
}

static void bind_text(Query *q, const char *name, const char *value, unsigned flags)
{
    (void)flags;
    sql_text(q, name, value);
}

/* A time binds NULL for 0, unless the field is required. */
static void bind_time(Query *q, const char *name, int64_t value, unsigned flags)
{
    if (flags & CF_REQUIRED)
        sql_int(q, name, value);
    else
        sql_int_or_null(q, name, value);
}

static void bind_unit(Query *q, const char *name, int64_t value, unsigned flags)
{
    (void)flags;
    sql_int_or_null(q, name, value);
}

static void bind_tristate(Query *q, const char *name, int value, unsigned flags)
{
    (void)flags;
    if (value < 0)
        sql_null(q, name);
    else
        sql_int(q, name, value != 0);
}

#define READ_CF_TEXT read_text
#define READ_CF_DATE read_text
#define READ_CF_CODE read_text
#define READ_CF_CODES read_text
#define READ_CF_TIME read_int
#define READ_CF_UNIT read_int
#define READ_CF_TRISTATE read_tristate
#define BIND_CF_TEXT bind_text
#define BIND_CF_DATE bind_text
#define BIND_CF_CODE bind_text
#define BIND_CF_CODES bind_text
#define BIND_CF_TIME bind_time
#define BIND_CF_UNIT bind_unit
#define BIND_CF_TRISTATE bind_tristate
#define FIELD_READ(ID, name, type, ...) READ_##type(q, k++, arena, &c->name);
#define FIELD_BIND(ID, name, type, flags, ...) BIND_##type(q, ":" #name, c->name, flags);

/* Reads the CASE_COLUMNS of a row; returns the index of the column after them. */
static int read_case(Query *q, Arena *arena, Case *c)
{
    int k = 0;
    k = sql_read_fields(q, k, arena, c,
                        SQL_FIELDS(Case, id, reference, kind, unit_id, stage, closure_requested, closure_reason,
                                   closure_requested_by, closure_requested_at, closed_by, closed_at, risk_assessed_by,
                                   risk_assessed_at, created_by, updated_by, created_at, updated_at, version,
                                   next_planned_follow_up, next_goal_review, clock_started_at, reopened_at,
                                   plan_started_at, social_study_submitted, sealed_at));
    CASE_FIELDS(FIELD_READ)
    return k;
}

/* The columns a write sets (all but id, reference, kind, unit and the times). */
static void bind_case(Query *q, const Case *c)
{
    sql_bind_args(
        q, SQL_ARGS(SQL_TEXT(":stage", c->stage), SQL_INT(":closure_requested", c->closure_requested),
                    SQL_TEXT(":closure_reason", c->closure_reason),
                    SQL_ID(":closure_requested_by", c->closure_requested_by),
                    SQL_ID(":closure_requested_at", c->closure_requested_at), SQL_ID(":closed_by", c->closed_by),
                    SQL_ID(":closed_at", c->closed_at), SQL_ID(":risk_assessed_by", c->risk_assessed_by),
                    SQL_ID(":risk_assessed_at", c->risk_assessed_at), SQL_ID(":clock_started_at", c->clock_started_at),
                    SQL_ID(":reopened_at", c->reopened_at), SQL_ID(":plan_started_at", c->plan_started_at)));
    CASE_FIELDS(FIELD_BIND)
}

int store_case_next_serial(Db *db, const char *kind, int year, int64_t *serial)
{
    Query q = sql_query(db, "INSERT INTO case_counters (kind, year, last) VALUES (:kind, :year, 1)"
                            " ON CONFLICT (kind, year) DO UPDATE SET last = case_counters.last + 1 RETURNING last");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":kind", kind), SQL_INT(":year", year)));
    *serial = sql_row(&q) ? sql_col_int(&q, 0) : 0;
    return sql_done(&q);
}

/* The columns of a new case and their values (the fields' from CASE_FIELDS). */
#define CASE_INSERT_COLUMNS                                                                                            \
    "reference, kind, unit_id, stage, closure_requested, closure_reason, closure_requested_by, closure_requested_at,"  \
    " closed_by, closed_at, risk_assessed_by, risk_assessed_at, clock_started_at, reopened_at, plan_started_at,"       \
    " created_by, updated_by, created_at, updated_at" CASE_FIELDS(FIELD_INSERT_COLUMN)
#define CASE_INSERT_VALUES                                                                                             \
    ":reference, :kind, :unit_id, :stage, :closure_requested, :closure_reason, :closure_requested_by,"                 \
    " :closure_requested_at, :closed_by, :closed_at, :risk_assessed_by, :risk_assessed_at,"                            \
    " coalesce(CAST(:clock_started_at AS BIGINT), :now), :reopened_at, :plan_started_at,"                              \
    " :user, :user, :now, :now" CASE_FIELDS(FIELD_INSERT_VALUE)

int store_case_insert(Db *db, Case *c, int64_t user_id)
{
    int64_t now = clock_now();
    Query q = sql_query(db, "INSERT INTO cases (" CASE_INSERT_COLUMNS ") VALUES (" CASE_INSERT_VALUES ") RETURNING id");
    sql_bind_fields(&q, c, SQL_FIELDS(Case, reference, kind, unit_id));
    bind_case(&q, c);
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":user", user_id), SQL_INT(":now", now)));
    int rc = sql_exec_returning(&q, &c->id);
    if (rc == TK_OK) {
        c->version = 1;
        c->clock_started_at = c->clock_started_at ? c->clock_started_at : now;
        c->created_by = c->updated_by = user_id;
        c->created_at = c->updated_at = now;
    }
    return rc;
}

/* Reads a case and its unit's names; returns the index of the column after them. */
static int read_case_and_unit(Query *q, Arena *arena, Case *c)
{
    int k = read_case(q, arena, c);
    c->unit_name_ar = sql_col_text(q, k++, arena);
    c->unit_name_en = sql_col_text(q, k++, arena);
    return k;
}

/* One row of store_case_get (a SqlReadRow): item is a Case. */
static void read_case_row(Query *q, Arena *arena, void *item)
{
    read_case_and_unit(q, arena, item);
}

int store_case_get(Db *db, int64_t id, Arena *arena, Case *c)
{
    Query q = sql_query(db, "SELECT " CASE_COLUMNS ", u.name_ar, u.name_en FROM cases c"
                            " LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = :id");
    sql_int(&q, ":id", id);
    return sql_one(&q, arena, read_case_row, c);
}

int store_case_id_by_reference(Db *db, const char *reference, int64_t *id)
{
    Query q = sql_query(db, "SELECT id FROM cases WHERE reference = upper(:reference)");
    sql_text(&q, ":reference", reference);
    *id = sql_row(&q) ? sql_col_int(&q, 0) : 0;
    return sql_done(&q);
}

int store_case_update(Db *db, Case *c, int64_t user_id)
{
    Query q = sql_query(
        db,
        "UPDATE cases SET stage = :stage, closure_requested = :closure_requested,"
        " closure_reason = :closure_reason, closure_requested_by = :closure_requested_by,"
        " closure_requested_at = :closure_requested_at, closed_by = :closed_by, closed_at = :closed_at,"
        " risk_assessed_by = :risk_assessed_by, risk_assessed_at = :risk_assessed_at,"
        " clock_started_at = coalesce(:clock_started_at, clock_started_at),"
        " reopened_at = :reopened_at, plan_started_at = :plan_started_at, updated_by = :by,"
        " updated_at = :now, version = version + 1" CASE_FIELDS(FIELD_UPDATE) " WHERE id = :id AND version = :version");
    bind_case(&q, c);
    return sql_update_stamped_or_missing(&q, "SELECT 1 FROM cases WHERE id = :id", user_id, c->id, &c->version,
                                         &c->updated_by, &c->updated_at);
}

void store_bind_case_viewer(Query *q, const CaseViewer *viewer)
{
    sql_bind_args(q, SQL_ARGS(SQL_INT(":viewer", viewer->user_id), SQL_INT(":viewer_unit", viewer->unit_id),
                              SQL_INT(":viewer_supervisor", viewer->supervisor),
                              SQL_INT(":viewer_manager", viewer->manager),
                              SQL_INT(":viewer_home_staff", viewer->home_staff),
                              SQL_INT(":viewer_break_glass", viewer->break_glass),
                              SQL_INT(":viewer_now", viewer->now ? viewer->now : clock_now()),
                              SQL_TEXT(":viewer_agency", viewer->agency ? viewer->agency : "")));
}

int store_case_visible(Db *db, int64_t case_id, const CaseViewer *viewer, bool *visible)
{
    *visible = false;
    Query q = sql_query(db, "SELECT EXISTS (SELECT 1 FROM cases c WHERE c.id = :id AND " CASE_VISIBLE ")");
    sql_int(&q, ":id", case_id);
    store_bind_case_viewer(&q, viewer);
    if (sql_row(&q))
        *visible = sql_col_int(&q, 0) != 0;
    return sql_done(&q);
}

/* What a list shows beside the case: its unit's names, its principal person's names, its worker's (LISTED_SELECT
 * after CASE_COLUMNS, LISTED_JOINS after the FROM of cases c). */
#define LISTED_SELECT                                                                                                  \
    ", u.name_ar, u.name_en, pr.id, pr.first_name, pr.father_name, pr.grandfather_name, pr.family_name, wu.full_name," \
    " wu.sex"
#define LISTED_JOINS                                                                                                   \
    " LEFT JOIN units u ON u.id = c.unit_id"                                                                           \
    " LEFT JOIN persons pr ON pr.id = (SELECT cp.person_id FROM case_persons cp WHERE cp.case_id = c.id"               \
    "   AND cp.role IN ('victim', 'juvenile', 'inmate') ORDER BY cp.id LIMIT 1)"                                       \
    " LEFT JOIN users wu ON wu.id = (SELECT wa.user_id FROM case_assignments wa WHERE wa.case_id = c.id"               \
    "   AND wa.ended_at IS NULL ORDER BY CASE wa.role WHEN 'caseworker' THEN 0 WHEN 'monitor' THEN 1 ELSE 2 END,"      \
    "   wa.id LIMIT 1)"

/* Reads a case and the LISTED_SELECT columns; returns the index of the column after them. */
static int read_listed_columns(Query *q, Arena *arena, Case *c)
{
    int k = read_case_and_unit(q, arena, c);
    memset(&c->principal, 0, sizeof c->principal);
    k = sql_read_fields(q, k, arena, c,
                        SQL_FIELDS(Case, principal.id, principal.first_name, principal.father_name,
                                   principal.grandfather_name, principal.family_name, worker_name, worker_sex));
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
    Query q = sql_query(
        db,
        "SELECT " CASE_COLUMNS LISTED_SELECT " FROM cases c" LISTED_JOINS " WHERE " CASE_VISIBLE
        " AND (CAST(:reference AS TEXT) IS NULL OR c.reference LIKE :reference || '%')"
        " AND (:persons = 0 OR EXISTS (SELECT 1 FROM case_persons m WHERE m.case_id = c.id AND m.role <> 'reporter'"
        "   AND m.person_id IN (:p0, :p1, :p2, :p3, :p4, :p5, :p6, :p7, :p8, :p9, :p10, :p11, :p12, :p13, :p14,"
        "   :p15, :p16, :p17, :p18, :p19)))"
        " AND (CAST(:kind AS TEXT) IS NULL OR c.kind = :kind) AND (CAST(:stage AS TEXT) IS NULL OR c.stage = :stage)"
        " AND (CAST(:risk_level AS TEXT) IS NULL OR c.risk_level = :risk_level)"
        " AND (CAST(:governorate AS TEXT) IS NULL OR c.governorate = :governorate)"
        " AND (:unit_id = 0 OR c.unit_id = :unit_id)"
        " AND (:worker_id = 0 OR EXISTS (SELECT 1 FROM case_assignments w WHERE w.case_id = c.id"
        "   AND w.user_id = :worker_id AND w.ended_at IS NULL))"
        " AND (:overdue = 0 OR EXISTS (SELECT 1 FROM case_tasks t WHERE t.case_id = c.id AND t.due_at < :now))"
        " AND (CAST(:from AS BIGINT) IS NULL OR c.reported_at >= :from)"
        " AND (CAST(:to AS BIGINT) IS NULL OR c.reported_at < :to)"
        " AND (:before = 0 OR c.id < :before)"
        " ORDER BY c.id DESC LIMIT :limit");
    store_bind_case_viewer(&q, viewer);
    sql_bind_fields(&q, f,
                    SQL_FIELDS(CaseFilter, kind, stage, risk_level, governorate, unit_id, worker_id, overdue, now));
    /* the days are Amman's: from the start of the first to the end of the last (a malformed day matches nothing) */
    int64_t from = f->opened_from ? clock_amman_day_start(f->opened_from) : 0;
    int64_t to = f->opened_to ? clock_amman_day_start(f->opened_to) : 0;
    from = from < 0 ? INT64_MAX : from;
    to = to < 0 ? INT64_MIN : to + 86400;
    if (f->opened_from)
        sql_int(&q, ":from", from);
    else
        sql_null(&q, ":from");
    if (f->opened_to)
        sql_int(&q, ":to", to);
    else
        sql_null(&q, ":to");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":before", f->before_id), SQL_INT(":limit", f->limit + 1),
                               SQL_TEXT(":reference", f->reference), SQL_INT(":persons", f->persons_given)));
    static const char *const person_names[CASE_FILTER_PERSONS] = {
        ":p0",  ":p1",  ":p2",  ":p3",  ":p4",  ":p5",  ":p6",  ":p7",  ":p8",  ":p9",
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

int store_person_cases(Db *db, int64_t person_id, const CaseViewer *viewer, int limit, Arena *arena, PersonCase **items,
                       int *count, int64_t *hidden)
{
    bool more = false;
    Query q = sql_query(db, "SELECT " CASE_COLUMNS LISTED_SELECT
                            ", m.role FROM cases c JOIN case_persons m ON m.case_id = c.id" LISTED_JOINS
                            " WHERE m.person_id = :person AND m.role <> 'reporter' AND " CASE_VISIBLE
                            " ORDER BY c.id DESC, m.id LIMIT :limit");
    sql_int(&q, ":person", person_id);
    store_bind_case_viewer(&q, viewer);
    sql_int(&q, ":limit", limit + 1);
    int rc = sql_collect(&q, arena, sizeof(PersonCase), read_person_case, limit, items, count, &more);
    if (rc != TK_OK)
        return rc;
    Query others = sql_query(db, "SELECT count(DISTINCT c.id) FROM case_persons m JOIN cases c ON c.id = m.case_id"
                                 " WHERE m.person_id = :person AND m.role <> 'reporter' AND c.sealed_at IS NULL"
                                 " AND c.anonymised_at IS NULL AND NOT " CASE_VISIBLE);
    sql_int(&others, ":person", person_id);
    store_bind_case_viewer(&others, viewer);
    *hidden = sql_row(&others) ? sql_col_int(&others, 0) : 0;
    return sql_done(&others);
}
