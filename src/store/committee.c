#include "store/committee.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"

/* --- members --- */

/* A member of the committee: MEMBER_COLUMNS. */
SQL_RECORD(MEMBER, MeetingMember, user_id, name, agency, unit_name_ar, present, secretary);

int store_committee_members(Db *db, int64_t role_bit, Arena *arena, MeetingMember **items, int *count)
{
    return sql_list_by(db, &MEMBER,
                       "SELECT u.id, u.full_name, n.agency, n.name_ar, 0, COALESCE(c.secretary, 0)"
                       " FROM users u JOIN units n ON n.id = u.unit_id"
                       " LEFT JOIN committee_members c ON c.user_id = u.id"
                       " WHERE (u.roles & :bit) <> 0 AND u.status = 'active' ORDER BY n.agency, u.full_name, u.id",
                       ":bit", role_bit, arena, items, count);
}

int store_committee_is_secretary(Db *db, int64_t user_id, bool *secretary)
{
    Query q = sql_query(db, "SELECT secretary FROM committee_members WHERE user_id = :user");
    sql_int(&q, ":user", user_id);
    *secretary = sql_row(&q) && sql_col_int(&q, 0) != 0;
    return sql_done(&q);
}

int store_committee_secretary_set(Db *db, int64_t user_id, bool secretary, int64_t by)
{
    return sql_run(db,
                   "INSERT INTO committee_members (user_id, secretary, updated_by, updated_at)"
                   " VALUES (:user, :secretary, :by, :now) ON CONFLICT (user_id) DO UPDATE"
                   " SET secretary = excluded.secretary, updated_by = excluded.updated_by,"
                   " updated_at = excluded.updated_at",
                   SQL_ARGS(SQL_INT(":user", user_id), SQL_INT(":secretary", secretary ? 1 : 0), SQL_ID(":by", by),
                            SQL_INT(":now", clock_now())));
}

/* --- observations --- */

int store_observation_add(Db *db, Observation *o, int64_t by)
{
    sql_stamp_new(by, &o->created_at, &o->created_by, &o->updated_at, &o->version);
    o->status = "new";
    Query q = sql_query(db,
                        "INSERT INTO observations (unit_id, category, governorate, description, evidence, status,"
                        " created_by, created_at, updated_by, updated_at) VALUES (:unit_id, :category, :governorate,"
                        " :description, :evidence, 'new', :by, :now, :by, :now) RETURNING id");
    sql_bind_fields(&q, o, SQL_FIELDS(Observation, unit_id, category, governorate, description, evidence));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":by", by), SQL_INT(":now", o->created_at)));
    int rc = sql_exec_returning(&q, &o->id);
    for (int i = 0; rc == TK_OK && i < o->unit_count; i++) {
        rc = sql_run(db,
                     "INSERT INTO observation_units (observation_id, unit_id) VALUES (:observation, :unit_id)"
                     " ON CONFLICT DO NOTHING",
                     SQL_ARGS(SQL_INT(":observation", o->id), SQL_INT(":unit_id", o->units[i])));
    }
    for (int i = 0; rc == TK_OK && i < o->case_count; i++) {
        rc = sql_run(db,
                     "INSERT INTO observation_cases (observation_id, case_id) VALUES (:observation, :case)"
                     " ON CONFLICT DO NOTHING",
                     SQL_ARGS(SQL_INT(":observation", o->id), SQL_INT(":case", o->cases[i].case_id)));
    }
    return rc;
}

#define OBSERVATION_COLUMNS                                                                                            \
    "o.id, o.unit_id, o.category, o.governorate, o.description, o.evidence, o.status, o.dismissed_reason,"             \
    " o.created_by, o.created_at, o.updated_at, o.version, n.name_ar, n.name_en, n.agency, u.full_name"                \
    " FROM observations o JOIN units n ON n.id = o.unit_id LEFT JOIN users u ON u.id = o.created_by"

SQL_RECORD(OBSERVATION, Observation, id, unit_id, category, governorate, description, evidence, status,
           dismissed_reason, created_by, created_at, updated_at, version, unit_name_ar, unit_name_en, unit_agency,
           created_by_name);

/* One row (a SqlReadRow): item is an int64_t. */
static void read_id(Query *q, Arena *arena, void *item)
{
    (void)arena;
    *(int64_t *)item = sql_col_int(q, 0);
}
#define ID_COLUMNS "unit_id FROM observation_units"
SQL_RECORD_READ(ID, int64_t, read_id);

#define OBSERVATION_CASE_COLUMNS "c.id, c.reference FROM observation_cases oc JOIN cases c ON c.id = oc.case_id"
SQL_RECORD(OBSERVATION_CASE, ObservationCase, case_id, reference);

int store_observation_get(Db *db, int64_t id, Arena *arena, Observation *o)
{
    int rc = sql_get_by(db, &OBSERVATION, "SELECT " OBSERVATION_COLUMNS " WHERE o.id = :id", ":id", id, arena, o);
    if (rc == TK_OK)
        rc = sql_list_by(db, &ID, "SELECT " ID_COLUMNS " WHERE observation_id = :id ORDER BY unit_id", ":id", id, arena,
                         &o->units, &o->unit_count);
    if (rc == TK_OK)
        rc = sql_list_by(db, &OBSERVATION_CASE,
                         "SELECT " OBSERVATION_CASE_COLUMNS " WHERE oc.observation_id = :id ORDER BY c.reference",
                         ":id", id, arena, &o->cases, &o->case_count);
    return rc;
}

int store_observations(Db *db, const ObservationFilter *f, Arena *arena, Observation **items, int *count)
{
    Query q = sql_query(db, "SELECT " OBSERVATION_COLUMNS " WHERE (CAST(:unit AS BIGINT) IS NULL OR o.unit_id = :unit)"
                            " AND (CAST(:category AS TEXT) IS NULL OR o.category = :category)"
                            " AND (CAST(:governorate AS TEXT) IS NULL OR o.governorate = :governorate)"
                            " AND (CAST(:status AS TEXT) IS NULL OR o.status = :status)"
                            " ORDER BY o.id DESC");
    sql_int_or_null(&q, ":unit", f->unit_id);
    sql_bind_fields(&q, f, SQL_FIELDS(ObservationFilter, category, governorate, status));
    return sql_collect_records(&q, arena, &OBSERVATION, 500, items, count, NULL);
}

int store_observation_update(Db *db, Observation *o, int64_t by)
{
    return sql_update_fields(
        db,
        "UPDATE observations SET category = :category, governorate = :governorate,"
        " description = :description, evidence = :evidence, status = :status,"
        " dismissed_reason = :dismissed_reason, updated_by = :by, updated_at = :now, version = version + 1"
        " WHERE id = :id AND version = :version",
        o, SQL_FIELDS(Observation, category, governorate, description, evidence, status, dismissed_reason), by, o->id,
        &o->version);
}

/* --- meetings --- */

int store_meeting_add(Db *db, Meeting *m, int64_t by)
{
    sql_stamp_new(by, &m->created_at, &m->created_by, &m->updated_at, &m->version);
    m->status = "planned";
    Query n = sql_query(db, "SELECT COALESCE(max(number), 0) + 1 FROM meetings WHERE year = :year");
    sql_int(&n, ":year", m->year);
    m->number = sql_row(&n) ? sql_col_int(&n, 0) : 1;
    int rc = sql_done(&n);
    if (rc != TK_OK)
        return rc;
    Query q = sql_query(db, "INSERT INTO meetings (year, number, held_on, place, status, notes, created_by, created_at,"
                            " updated_by, updated_at) VALUES (:year, :number, :held_on, :place, 'planned', :notes, :by,"
                            " :now, :by, :now) RETURNING id");
    sql_bind_fields(&q, m, SQL_FIELDS(Meeting, year, number, held_on, place, notes));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":by", by), SQL_INT(":now", m->created_at)));
    rc = sql_exec_returning(&q, &m->id);
    for (int i = 0; rc == TK_OK && i < m->member_count; i++) {
        rc = sql_run(db,
                     "INSERT INTO meeting_members (meeting_id, user_id, agency, present)"
                     " VALUES (:meeting, :user, :agency, :present)",
                     SQL_ARGS(SQL_INT(":meeting", m->id), SQL_INT(":user", m->members[i].user_id),
                              SQL_TEXT(":agency", m->members[i].agency),
                              SQL_INT(":present", m->members[i].present ? 1 : 0)));
    }
    return rc;
}

#define MEETING_COLUMNS                                                                                                \
    "m.id, m.year, m.number, m.held_on, m.place, m.status, m.notes, m.opened_at, m.closed_at,"                         \
    " m.minutes_approved_at, m.minutes_approved_by, m.minutes_approved_in, m.created_by, m.created_at,"                \
    " m.updated_at, m.version, u.full_name, a.number, a.year FROM meetings m"                                          \
    " LEFT JOIN users u ON u.id = m.minutes_approved_by LEFT JOIN meetings a ON a.id = m.minutes_approved_in"

SQL_RECORD(MEETING, Meeting, id, year, number, held_on, place, status, notes, opened_at, closed_at, minutes_approved_at,
           minutes_approved_by, minutes_approved_in, created_by, created_at, updated_at, version,
           minutes_approved_by_name, minutes_approved_in_number, minutes_approved_in_year);

#define ITEM_COLUMNS                                                                                                   \
    "i.id, i.meeting_id, i.position, i.kind, i.observation_id, i.recommendation_id, i.title, i.carried_from,"          \
    " i.outcome, i.outcome_text, i.decided_by, i.decided_at, i.version, fm.number, fm.year, o.status,"                 \
    " i.fact_finding_id"                                                                                               \
    " FROM meeting_items i LEFT JOIN meeting_items f ON f.id = i.carried_from"                                         \
    " LEFT JOIN meetings fm ON fm.id = f.meeting_id LEFT JOIN observations o ON o.id = i.observation_id"

SQL_RECORD(ITEM, MeetingItem, id, meeting_id, position, kind, observation_id, recommendation_id, title, carried_from,
           outcome, outcome_text, decided_by, decided_at, version, carried_from_meeting_number,
           carried_from_meeting_year, observation_status, fact_finding_id);

int store_meeting_get(Db *db, int64_t id, Arena *arena, Meeting *m)
{
    int rc = sql_get_by(db, &MEETING, "SELECT " MEETING_COLUMNS " WHERE m.id = :id", ":id", id, arena, m);
    if (rc == TK_OK)
        rc = sql_list_by(db, &MEMBER,
                         "SELECT u.id, u.full_name, mm.agency, n.name_ar, mm.present, COALESCE(c.secretary, 0)"
                         " FROM meeting_members mm JOIN users u ON u.id = mm.user_id JOIN units n ON n.id = u.unit_id"
                         " LEFT JOIN committee_members c ON c.user_id = u.id WHERE mm.meeting_id = :id"
                         " ORDER BY mm.agency, u.full_name, u.id",
                         ":id", id, arena, &m->members, &m->member_count);
    if (rc == TK_OK)
        rc = sql_list_by(db, &ITEM, "SELECT " ITEM_COLUMNS " WHERE i.meeting_id = :id ORDER BY i.position, i.id", ":id",
                         id, arena, &m->items, &m->item_count);
    return rc;
}

int store_meetings(Db *db, Arena *arena, Meeting **items, int *count)
{
    Query q = sql_query(db, "SELECT " MEETING_COLUMNS " ORDER BY m.held_on DESC, m.year DESC, m.number DESC");
    return sql_collect_records(&q, arena, &MEETING, 500, items, count, NULL);
}

int store_meeting_update(Db *db, Meeting *m, int64_t by)
{
    Query q = sql_query(db, "UPDATE meetings SET held_on = :held_on, place = :place, notes = :notes, status = :status,"
                            " opened_at = :opened, closed_at = :closed, minutes_approved_at = :approved_at,"
                            " minutes_approved_by = :approved_by, minutes_approved_in = :approved_in,"
                            " updated_by = :by, updated_at = :now, version = version + 1"
                            " WHERE id = :id AND version = :version");
    sql_bind_fields(&q, m, SQL_FIELDS(Meeting, held_on, place, notes, status));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":opened", m->opened_at), SQL_ID(":closed", m->closed_at),
                               SQL_ID(":approved_at", m->minutes_approved_at),
                               SQL_ID(":approved_by", m->minutes_approved_by),
                               SQL_ID(":approved_in", m->minutes_approved_in)));
    return sql_update_by(&q, by, m->id, &m->version);
}

int store_meeting_presence(Db *db, int64_t meeting_id, int64_t user_id, bool present)
{
    Query q = sql_query(
        db, "UPDATE meeting_members SET present = :present WHERE meeting_id = :meeting AND user_id = :user");
    sql_bind_args(
        &q, SQL_ARGS(SQL_INT(":present", present ? 1 : 0), SQL_INT(":meeting", meeting_id), SQL_INT(":user", user_id)));
    return sql_exec_one(&q, TK_ERR_NOT_FOUND);
}

int store_meeting_item_add(Db *db, MeetingItem *item)
{
    item->version = 1;
    Query q = sql_query(
        db, "INSERT INTO meeting_items (meeting_id, position, kind, observation_id, recommendation_id,"
            " title, carried_from, fact_finding_id) VALUES (:meeting, (SELECT COALESCE(max(position), 0) + 1"
            " FROM meeting_items WHERE meeting_id = :meeting), :kind, :observation, :recommendation,"
            " :title, :carried, :fact_finding) RETURNING id");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":meeting", item->meeting_id), SQL_TEXT(":kind", item->kind),
                               SQL_ID(":observation", item->observation_id),
                               SQL_ID(":recommendation", item->recommendation_id), SQL_TEXT(":title", item->title),
                               SQL_ID(":carried", item->carried_from), SQL_ID(":fact_finding", item->fact_finding_id)));
    return sql_exec_returning(&q, &item->id);
}

int store_meeting_item_get(Db *db, int64_t id, Arena *arena, MeetingItem *item)
{
    return sql_get_by(db, &ITEM, "SELECT " ITEM_COLUMNS " WHERE i.id = :id", ":id", id, arena, item);
}

int store_meeting_item_outcome(Db *db, MeetingItem *item, int64_t by)
{
    sql_stamp(by, &item->decided_at, &item->decided_by);
    Query q = sql_query(db, "UPDATE meeting_items SET outcome = :outcome, outcome_text = :text, decided_by = :by,"
                            " decided_at = :now, version = version + 1 WHERE id = :id AND version = :version");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":outcome", item->outcome), SQL_TEXT(":text", item->outcome_text),
                               SQL_ID(":by", by), SQL_INT(":now", item->decided_at)));
    return sql_exec_versioned_next(&q, item->id, &item->version);
}

int store_meeting_items_to_carry(Db *db, Arena *arena, MeetingItem **items, int *count)
{
    Query q = sql_query(db, "SELECT " ITEM_COLUMNS " JOIN meetings m ON m.id = i.meeting_id"
                            " WHERE m.status = 'closed' AND i.outcome IS NULL"
                            " AND NOT EXISTS (SELECT 1 FROM meeting_items later WHERE later.carried_from = i.id)"
                            " ORDER BY m.held_on, i.position, i.id");
    return sql_collect_records(&q, arena, &ITEM, 200, items, count, NULL);
}

/* --- recommendations --- */

#define RECOMMENDATION_COLUMNS                                                                                         \
    "r.id, r.meeting_id, r.item_id, r.observation_id, r.target_unit_id, r.text, r.target_agency, r.priority,"          \
    " r.due_on, r.state, r.state_reason, r.closed_on, r.created_at, r.updated_at, r.version, m.number, m.year,"        \
    " n.name_ar, n.name_en, o.category, o.governorate,"                                                                \
    " (SELECT count(*) FROM committee_actions a WHERE a.recommendation_id = r.id),"                                    \
    " (SELECT count(*) FROM committee_actions a WHERE a.recommendation_id = r.id AND a.completed_on IS NOT NULL)"      \
    " FROM recommendations r JOIN meetings m ON m.id = r.meeting_id LEFT JOIN units n ON n.id = r.target_unit_id"      \
    " LEFT JOIN observations o ON o.id = r.observation_id"

SQL_RECORD(RECOMMENDATION, Recommendation, id, meeting_id, item_id, observation_id, target_unit_id, text, target_agency,
           priority, due_on, state, state_reason, closed_on, created_at, updated_at, version, meeting_number,
           meeting_year, target_unit_name_ar, target_unit_name_en, category, governorate, action_count,
           actions_completed);

int store_recommendations_for_review(Db *db, int64_t meeting_id, const char *date, Arena *arena, Recommendation **items,
                                     int *count)
{
    return sql_list(db, &RECOMMENDATION,
                    "SELECT " RECOMMENDATION_COLUMNS " WHERE r.state = 'open' AND r.due_on <= :date"
                    " AND NOT EXISTS (SELECT 1 FROM meeting_items i WHERE i.meeting_id = :meeting"
                    " AND i.recommendation_id = r.id) ORDER BY r.due_on, r.id",
                    100, arena, items, count, SQL_ARGS(SQL_TEXT(":date", date), SQL_INT(":meeting", meeting_id)));
}

int store_recommendation_add(Db *db, Recommendation *r, int64_t by)
{
    sql_stamp_new(by, &r->created_at, NULL, &r->updated_at, &r->version);
    r->state = "open";
    Query q = sql_query(db,
                        "INSERT INTO recommendations (meeting_id, item_id, observation_id, text, target_agency,"
                        " target_unit_id, priority, due_on, state, created_by, created_at, updated_by, updated_at)"
                        " VALUES (:meeting, :item, :observation, :text, :agency, :unit, :priority, :due, 'open', :by,"
                        " :now, :by, :now) RETURNING id");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":meeting", r->meeting_id), SQL_ID(":item", r->item_id),
                               SQL_ID(":observation", r->observation_id), SQL_TEXT(":text", r->text),
                               SQL_TEXT(":agency", r->target_agency), SQL_ID(":unit", r->target_unit_id),
                               SQL_TEXT(":priority", r->priority), SQL_TEXT(":due", r->due_on)));
    return sql_insert_by(&q, by, r->created_at, &r->id);
}

int store_recommendation_get(Db *db, int64_t id, Arena *arena, Recommendation *r)
{
    return sql_get_by(db, &RECOMMENDATION, "SELECT " RECOMMENDATION_COLUMNS " WHERE r.id = :id", ":id", id, arena, r);
}

int store_recommendations(Db *db, const RecommendationFilter *f, Arena *arena, Recommendation **items, int *count)
{
    /* the status as audit practice follows it: an open one is in progress until its date, past due after */
    Query q = sql_query(db,
                        "SELECT " RECOMMENDATION_COLUMNS " WHERE (CAST(:status AS TEXT) IS NULL"
                        "   OR (:status = 'in_progress' AND r.state = 'open' AND r.due_on >= :today)"
                        "   OR (:status = 'past_due' AND r.state = 'open' AND r.due_on < :today)"
                        "   OR (:status IN ('implemented', 'not_implemented', 'not_applicable') AND r.state = :status))"
                        " AND (CAST(:agency AS TEXT) IS NULL OR r.target_agency = :agency)"
                        " AND (CAST(:governorate AS TEXT) IS NULL OR o.governorate = :governorate)"
                        " AND (CAST(:category AS TEXT) IS NULL OR o.category = :category)"
                        " AND (CAST(:due_from AS TEXT) IS NULL OR r.due_on >= :due_from)"
                        " AND (CAST(:due_to AS TEXT) IS NULL OR r.due_on <= :due_to)"
                        " ORDER BY r.due_on, r.id");
    sql_bind_fields(&q, f,
                    SQL_FIELDS(RecommendationFilter, status, today, agency, governorate, category, due_from, due_to));
    return sql_collect_records(&q, arena, &RECOMMENDATION, 1000, items, count, NULL);
}

int store_meeting_recommendations(Db *db, int64_t meeting_id, Arena *arena, Recommendation **items, int *count)
{
    return sql_list_by(db, &RECOMMENDATION,
                       "SELECT " RECOMMENDATION_COLUMNS " WHERE r.meeting_id = :meeting ORDER BY r.id", ":meeting",
                       meeting_id, arena, items, count);
}

int store_recommendation_update(Db *db, Recommendation *r, int64_t by)
{
    Query q = sql_query(db, "UPDATE recommendations SET text = :text, target_agency = :agency, target_unit_id = :unit,"
                            " priority = :priority, due_on = :due_on, state = :state, state_reason = :state_reason,"
                            " closed_on = :closed_on, updated_by = :by, updated_at = :now, version = version + 1"
                            " WHERE id = :id AND version = :version");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":text", r->text), SQL_TEXT(":agency", r->target_agency),
                               SQL_ID(":unit", r->target_unit_id)));
    sql_bind_fields(&q, r, SQL_FIELDS(Recommendation, priority, due_on, state, state_reason, closed_on));
    return sql_update_by(&q, by, r->id, &r->version);
}

/* --- actions --- */

int store_action_add(Db *db, CommitteeAction *a, int64_t by)
{
    sql_stamp_new(by, &a->created_at, NULL, NULL, &a->version);
    return sql_insert_fields(
        db,
        "INSERT INTO committee_actions (recommendation_id, text, owner_unit_id, responsible, due_on,"
        " created_by, created_at, updated_by, updated_at) VALUES (:recommendation_id, :text, :owner_unit_id,"
        " :responsible, :due_on, :by, :now, :by, :now) RETURNING id",
        a, SQL_FIELDS(CommitteeAction, recommendation_id, text, owner_unit_id, responsible, due_on), by, a->created_at,
        &a->id);
}

#define ACTION_COLUMNS                                                                                                 \
    "a.id, a.recommendation_id, a.owner_unit_id, a.text, a.responsible, a.due_on, a.completed_on, a.last_report_at,"   \
    " a.created_at, a.version, n.name_ar, n.name_en, r.text,"                                                          \
    " (SELECT count(*) FROM action_reports p WHERE p.action_id = a.id) FROM committee_actions a"                       \
    " JOIN units n ON n.id = a.owner_unit_id JOIN recommendations r ON r.id = a.recommendation_id"

SQL_RECORD(ACTION, CommitteeAction, id, recommendation_id, owner_unit_id, text, responsible, due_on, completed_on,
           last_report_at, created_at, version, owner_unit_name_ar, owner_unit_name_en, recommendation_text,
           report_count);

int store_action_get(Db *db, int64_t id, Arena *arena, CommitteeAction *a)
{
    return sql_get_by(db, &ACTION, "SELECT " ACTION_COLUMNS " WHERE a.id = :id", ":id", id, arena, a);
}

int store_recommendation_actions(Db *db, int64_t recommendation_id, Arena *arena, CommitteeAction **items, int *count)
{
    return sql_list_by(db, &ACTION,
                       "SELECT " ACTION_COLUMNS " WHERE a.recommendation_id = :recommendation ORDER BY a.id",
                       ":recommendation", recommendation_id, arena, items, count);
}

int store_actions_due(Db *db, int64_t owner_unit_id, const char *date, Arena *arena, CommitteeAction **items,
                      int *count)
{
    return sql_list(db, &ACTION,
                    "SELECT " ACTION_COLUMNS " WHERE a.completed_on IS NULL AND r.state = 'open'"
                    " AND a.due_on <= :date AND (CAST(:unit AS BIGINT) IS NULL OR a.owner_unit_id = :unit)"
                    " ORDER BY a.due_on, a.id",
                    500, arena, items, count, SQL_ARGS(SQL_TEXT(":date", date), SQL_ID(":unit", owner_unit_id)));
}

int store_action_update(Db *db, CommitteeAction *a, int64_t by)
{
    Query q = sql_query(db, "UPDATE committee_actions SET text = :text, responsible = :responsible, due_on = :due_on,"
                            " completed_on = :completed_on, last_report_at = :reported, updated_by = :by,"
                            " updated_at = :now, version = version + 1 WHERE id = :id AND version = :version");
    sql_bind_fields(&q, a, SQL_FIELDS(CommitteeAction, text, responsible, due_on, completed_on));
    sql_int_or_null(&q, ":reported", a->last_report_at);
    return sql_update_by(&q, by, a->id, &a->version);
}

int store_action_report_add(Db *db, ActionReport *p)
{
    p->reported_at = clock_now();
    return sql_run_returning(db,
                             "INSERT INTO action_reports (action_id, text, completed, reported_by, reported_at)"
                             " VALUES (:action, :text, :completed, :by, :now) RETURNING id",
                             &p->id,
                             SQL_ARGS(SQL_INT(":action", p->action_id), SQL_TEXT(":text", p->text),
                                      SQL_INT(":completed", p->completed ? 1 : 0), SQL_ID(":by", p->reported_by),
                                      SQL_INT(":now", p->reported_at)));
}

#define REPORT_COLUMNS                                                                                                 \
    "p.id, p.action_id, p.text, p.completed, p.reported_by, p.reported_at, u.full_name FROM action_reports p"          \
    " LEFT JOIN users u ON u.id = p.reported_by"
SQL_RECORD(REPORT, ActionReport, id, action_id, text, completed, reported_by, reported_at, reported_by_name);

int store_action_reports(Db *db, int64_t action_id, Arena *arena, ActionReport **items, int *count)
{
    return sql_list_by(db, &REPORT, "SELECT " REPORT_COLUMNS " WHERE p.action_id = :action ORDER BY p.id", ":action",
                       action_id, arena, items, count);
}

/* --- history --- */

int store_committee_event(Db *db, const char *object_type, int64_t object_id, const char *event, const char *detail,
                          int64_t by)
{
    return sql_run(db,
                   "INSERT INTO committee_history (object_type, object_id, event, detail, by_user, at)"
                   " VALUES (:type, :id, :event, :detail, :by, :now)",
                   SQL_ARGS(SQL_TEXT(":type", object_type), SQL_INT(":id", object_id), SQL_TEXT(":event", event),
                            SQL_TEXT(":detail", detail), SQL_ID(":by", by), SQL_INT(":now", clock_now())));
}

#define EVENT_COLUMNS                                                                                                  \
    "h.id, h.object_type, h.object_id, h.event, h.detail, h.by_user, h.at, u.full_name"                                \
    " FROM committee_history h LEFT JOIN users u ON u.id = h.by_user"
SQL_RECORD(EVENT, CommitteeEvent, id, object_type, object_id, event, detail, by, at, by_name);

int store_committee_history(Db *db, const char *object_type, int64_t object_id, Arena *arena, CommitteeEvent **items,
                            int *count)
{
    return sql_list(db, &EVENT,
                    "SELECT " EVENT_COLUMNS " WHERE h.object_type = :type AND h.object_id = :id ORDER BY h.id", 0,
                    arena, items, count, SQL_ARGS(SQL_TEXT(":type", object_type), SQL_INT(":id", object_id)));
}
