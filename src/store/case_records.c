/* What is recorded on a case: incidents, notes, the history and the follow-up schedule. */
#include "store/cases.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"
#include "store/statistics.h"

int store_case_incident_add(Db *db, CaseIncident *incident, int64_t by)
{
    int64_t now = clock_now();
    Query q = sql_query(
        db, "INSERT INTO case_incidents (case_id, occurred_on, place, violence_types, perpetrator_relationship,"
            " legal_class, identified_by, description, created_by, created_at) VALUES (:case_id, :occurred_on, :place,"
            " :violence_types, :perpetrator_relationship, :legal_class, :identified_by, :description, :by, :now)"
            " RETURNING id");
    sql_bind_fields(&q, incident,
                    SQL_FIELDS(CaseIncident, case_id, occurred_on, place, violence_types, perpetrator_relationship,
                               legal_class, identified_by, description));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":by", by), SQL_INT(":now", now)));
    int rc = sql_exec_returning(&q, &incident->id);
    if (rc == TK_OK) {
        incident->created_by = by;
        incident->created_at = now;
        rc = store_case_stat_refresh(db, incident->case_id); /* the first incident, or none changed */
    }
    return rc;
}

#define INCIDENT_COLUMNS                                                                                               \
    "id, case_id, occurred_on, place, violence_types, perpetrator_relationship, legal_class, identified_by,"           \
    " description, created_by, created_at, version, updated_by, updated_at,"                                           \
    " (SELECT count(*) FROM case_incident_revisions r WHERE r.incident_id = case_incidents.id) FROM case_incidents"
SQL_RECORD(INCIDENT, CaseIncident, id, case_id, occurred_on, place, violence_types, perpetrator_relationship,
           legal_class, identified_by, description, created_by, created_at, version, updated_by, updated_at,
           corrections);

int store_case_incidents(Db *db, int64_t case_id, Arena *arena, CaseIncident **items, int *count)
{
    return sql_list_by(db, &INCIDENT, "SELECT " INCIDENT_COLUMNS " WHERE case_id = :case ORDER BY occurred_on, id",
                       ":case", case_id, arena, items, count);
}

int store_case_note_add(Db *db, CaseNote *note, int64_t by)
{
    int64_t now = clock_now();
    Query q = sql_query(db,
                        "INSERT INTO case_notes (case_id, kind, occurred_on, participants, body, author_id, created_at)"
                        " VALUES (:case_id, :kind, :occurred_on, :participants, :body, :by, :now) RETURNING id");
    sql_bind_fields(&q, note, SQL_FIELDS(CaseNote, case_id, kind, occurred_on, participants, body));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":by", by), SQL_INT(":now", now)));
    int rc = sql_exec_returning(&q, &note->id);
    if (rc == TK_OK) {
        note->author_id = by;
        note->created_at = now;
    }
    return rc;
}

#define NOTE_COLUMNS                                                                                                   \
    "n.id, n.case_id, n.kind, n.occurred_on, n.participants, n.body, n.author_id, n.created_at, u.full_name,"          \
    " u.sex FROM case_notes n LEFT JOIN users u ON u.id = n.author_id"
SQL_RECORD(NOTE, CaseNote, id, case_id, kind, occurred_on, participants, body, author_id, created_at, author_name,
           author_sex);

int store_case_notes(Db *db, int64_t case_id, Arena *arena, CaseNote **items, int *count)
{
    return sql_list_by(db, &NOTE,
                       "SELECT " NOTE_COLUMNS " WHERE n.case_id = :case ORDER BY n.occurred_on DESC, n.id DESC",
                       ":case", case_id, arena, items, count);
}

int store_case_event_add(Db *db, int64_t case_id, int64_t user_id, const char *action, const char *detail)
{
    Query q = sql_query(
        db,
        "INSERT INTO case_events (case_id, at, user_id, action, detail) VALUES (:case, :now, :user, :action, :detail)");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":case", case_id), SQL_INT(":now", clock_now()), SQL_ID(":user", user_id),
                               SQL_TEXT(":action", action), SQL_TEXT(":detail", detail)));
    return sql_exec(&q);
}

#define EVENT_COLUMNS                                                                                                  \
    "e.id, e.case_id, e.at, e.user_id, e.action, e.detail, u.full_name, u.sex FROM case_events e"                      \
    " LEFT JOIN users u ON u.id = e.user_id"
SQL_RECORD(EVENT, CaseEvent, id, case_id, at, user_id, action, detail, user_name, user_sex);

int store_case_events(Db *db, int64_t case_id, Arena *arena, CaseEvent **items, int *count)
{
    return sql_list_by(db, &EVENT, "SELECT " EVENT_COLUMNS " WHERE e.case_id = :case ORDER BY e.id DESC", ":case",
                       case_id, arena, items, count);
}

#define FOLLOWUP_COLUMNS                                                                                               \
    "f.id, f.case_id, f.kind, f.due_on, f.participants, f.status, f.note_id, f.reason, f.created_by,"                  \
    " f.created_at, f.closed_by, f.closed_at, cu.full_name, xu.full_name, cu.sex, xu.sex FROM case_followups f"        \
    " LEFT JOIN users cu ON cu.id = f.created_by LEFT JOIN users xu ON xu.id = f.closed_by"

SQL_RECORD(FOLLOWUP, CaseFollowup, id, case_id, kind, due_on, participants, status, note_id, reason, created_by,
           created_at, closed_by, closed_at, created_by_name, closed_by_name, created_by_sex, closed_by_sex);

int store_case_followup_add(Db *db, CaseFollowup *f, int64_t by)
{
    int64_t now = clock_now();
    Query q = sql_query(db, "INSERT INTO case_followups (case_id, kind, due_on, participants, created_by, created_at)"
                            " VALUES (:case_id, :kind, :due_on, :participants, :by, :now) RETURNING id");
    sql_bind_fields(&q, f, SQL_FIELDS(CaseFollowup, case_id, kind, due_on, participants));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":by", by), SQL_INT(":now", now)));
    int rc = sql_exec_returning(&q, &f->id);
    if (rc == TK_OK) {
        f->status = "planned";
        f->created_by = by;
        f->created_at = now;
    }
    return rc;
}

int store_case_followups(Db *db, int64_t case_id, Arena *arena, CaseFollowup **items, int *count)
{
    return sql_list_by(db, &FOLLOWUP, "SELECT " FOLLOWUP_COLUMNS " WHERE f.case_id = :case ORDER BY f.due_on, f.id",
                       ":case", case_id, arena, items, count);
}

int store_case_followup_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseFollowup *f)
{
    return sql_get_of_case(db, &FOLLOWUP, "SELECT " FOLLOWUP_COLUMNS " WHERE f.id = :id AND f.case_id = :case", case_id,
                           id, arena, f);
}

int store_case_followup_close(Db *db, int64_t id, const char *status, int64_t note_id, const char *reason, int64_t by)
{
    Query q = sql_query(
        db, "UPDATE case_followups SET status = :status, note_id = :note, reason = :reason, closed_by = :by,"
            " closed_at = :now WHERE id = :id AND status = 'planned'");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":status", status), SQL_ID(":note", note_id), SQL_TEXT(":reason", reason),
                               SQL_ID(":by", by), SQL_INT(":now", clock_now()), SQL_INT(":id", id)));
    return sql_exec_one(&q, TK_ERR_CONFLICT);
}

int store_case_followups_cancel_open(Db *db, int64_t case_id, const char *reason, int64_t by)
{
    Query q = sql_query(
        db, "UPDATE case_followups SET status = 'cancelled', reason = :reason, closed_by = :by, closed_at = :now"
            " WHERE case_id = :case AND status = 'planned'");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":reason", reason), SQL_ID(":by", by), SQL_INT(":now", clock_now()),
                               SQL_INT(":case", case_id)));
    return sql_exec(&q);
}
