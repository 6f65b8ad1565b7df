#include "store/legal_records.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"

/* --- settlements --- */

int store_settlement_add(Db *db, Settlement *s, int64_t by)
{
    int64_t now = clock_now();
    Query q = sql_query(
        db,
        "INSERT INTO case_settlements (case_id, status, consent_ids, created_by, created_at, updated_by, updated_at)"
        " VALUES (:case, 'open', :consents, :by, :now, :by, :now) RETURNING id");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":case", s->case_id), SQL_TEXT(":consents", s->consent_ids)));
    return sql_insert_by(&q, by, now, &s->id);
}

#define SETTLEMENT_COLUMNS                                                                                             \
    "s.id, s.case_id, s.status, s.consent_ids, s.first_session_on, s.extended_on, s.extension_reason,"                 \
    " s.outcome_on, s.terms, s.court, s.ratified_on, s.prosecutor_on, s.outcome_note, s.created_by,"                   \
    " s.created_at, s.updated_by, s.updated_at, s.version, u.full_name, u.sex FROM case_settlements s"                 \
    " LEFT JOIN users u ON u.id = s.updated_by"

SQL_RECORD(SETTLEMENT, Settlement, id, case_id, status, consent_ids, first_session_on, extended_on, extension_reason,
           outcome_on, terms, court, ratified_on, prosecutor_on, outcome_note, created_by, created_at, updated_by,
           updated_at, version, updated_by_name, updated_by_sex);

#define SESSION_COLUMNS                                                                                                \
    "s.id, s.settlement_id, s.held_on, s.next_on, s.notes, s.recorded_by, s.recorded_at, u.full_name, u.sex"           \
    " FROM case_settlement_sessions s LEFT JOIN users u ON u.id = s.recorded_by"
SQL_RECORD(SESSION, SettlementSession, id, settlement_id, held_on, next_on, notes, recorded_by, recorded_at,
           recorded_by_name, recorded_by_sex);

static int read_sessions(Db *db, Arena *arena, Settlement *s)
{
    return sql_list_by(db, &SESSION,
                       "SELECT " SESSION_COLUMNS " WHERE s.settlement_id = :settlement ORDER BY s.held_on, s.id",
                       ":settlement", s->id, arena, &s->sessions, &s->session_count);
}

int store_settlements(Db *db, int64_t case_id, Arena *arena, Settlement **items, int *count)
{
    int rc = sql_list_by(db, &SETTLEMENT, "SELECT " SETTLEMENT_COLUMNS " WHERE s.case_id = :case ORDER BY s.id DESC",
                         ":case", case_id, arena, items, count);
    for (int i = 0; rc == TK_OK && i < *count; i++)
        rc = read_sessions(db, arena, &(*items)[i]);
    return rc;
}

int store_settlement_get(Db *db, int64_t case_id, int64_t id, Arena *arena, Settlement *s)
{
    int rc = sql_get_of_case(db, &SETTLEMENT, "SELECT " SETTLEMENT_COLUMNS " WHERE s.case_id = :case AND s.id = :id",
                             case_id, id, arena, s);
    return rc != TK_OK ? rc : read_sessions(db, arena, s);
}

int store_settlement_update(Db *db, Settlement *s, int64_t by)
{
    return sql_update_fields(
        db,
        "UPDATE case_settlements SET status = :status, first_session_on = :first_session_on,"
        " extended_on = :extended_on, extension_reason = :extension_reason, outcome_on = :outcome_on, terms = :terms,"
        " court = :court, ratified_on = :ratified_on, prosecutor_on = :prosecutor_on, outcome_note = :outcome_note,"
        " updated_by = :by, updated_at = :now, version = version + 1 WHERE id = :id AND version = :version",
        s,
        SQL_FIELDS(Settlement, status, first_session_on, extended_on, extension_reason, outcome_on, terms, court,
                   ratified_on, prosecutor_on, outcome_note),
        by, s->id, &s->version);
}

int store_settlement_session_add(Db *db, SettlementSession *session, int64_t by)
{
    sql_stamp(by, &session->recorded_at, &session->recorded_by);
    return sql_insert_fields(
        db,
        "INSERT INTO case_settlement_sessions (settlement_id, held_on, next_on, notes, recorded_by, recorded_at)"
        " VALUES (:settlement_id, :held_on, :next_on, :notes, :by, :now) RETURNING id",
        session, SQL_FIELDS(SettlementSession, settlement_id, held_on, next_on, notes), by, session->recorded_at,
        &session->id);
}

/* --- detention orders --- */

int store_measure_add(Db *db, Measure *o, int64_t by)
{
    sql_stamp_new(by, &o->created_at, &o->created_by, NULL, &o->version);
    Query q = sql_query(
        db,
        "INSERT INTO case_measures (case_id, kind, authority, court, order_number, order_date, starts_on, ends_on,"
        " duration_months, report_months, terms, renews_id, renewal, created_by, created_at) VALUES (:case_id, :kind,"
        " :authority, :court, :order_number, :order_date, :starts_on, :ends_on, :duration, :reports, :terms, :renews,"
        " :renewal, :by, :now) RETURNING id");
    sql_bind_fields(&q, o,
                    SQL_FIELDS(Measure, case_id, kind, authority, court, order_number, order_date, starts_on, ends_on));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":duration", o->duration_months), SQL_ID(":reports", o->report_months),
                               SQL_TEXT(":terms", o->terms), SQL_ID(":renews", o->renews_id),
                               SQL_INT(":renewal", o->renewal), SQL_ID(":by", by), SQL_INT(":now", o->created_at)));
    int rc = sql_exec_returning(&q, &o->id);
    return rc == TK_ERR_EXISTS ? TK_ERR_CONFLICT : rc; /* another renewal of the same order came first */
}

#define ORDER_COLUMNS                                                                                                  \
    "o.id, o.case_id, o.kind, o.authority, o.order_number, o.order_date, o.starts_on, o.ends_on, o.renews_id,"         \
    " o.court, o.terms, o.duration_months, o.report_months,"                                                           \
    " o.renewal, o.released_on, o.release_reason, o.released_by, o.released_at, o.created_by, o.created_at,"           \
    " o.version, u.full_name, u.sex FROM case_measures o LEFT JOIN users u ON u.id = o.created_by"

/* A detention order and any other measure alike (a Measure is a DetentionOrder). */
SQL_RECORD(ORDER, DetentionOrder, id, case_id, kind, authority, order_number, order_date, starts_on, ends_on, renews_id,
           court, terms, duration_months, report_months, renewal, released_on, release_reason, released_by, released_at,
           created_by, created_at, version, created_by_name, created_by_sex);

int store_detention_orders(Db *db, int64_t case_id, Arena *arena, DetentionOrder **items, int *count)
{
    return sql_list_by(db, &ORDER,
                       "SELECT " ORDER_COLUMNS " WHERE o.case_id = :case AND o.kind = 'detention' ORDER BY o.id DESC",
                       ":case", case_id, arena, items, count);
}

int store_detention_order_newest(Db *db, int64_t case_id, Arena *arena, DetentionOrder *order)
{
    return sql_get_by(db, &ORDER,
                      "SELECT " ORDER_COLUMNS " WHERE o.case_id = :case AND o.kind = 'detention'"
                      " ORDER BY o.id DESC LIMIT 1",
                      ":case", case_id, arena, order);
}

int store_measures(Db *db, int64_t case_id, Arena *arena, Measure **items, int *count)
{
    return sql_list_by(db, &ORDER, "SELECT " ORDER_COLUMNS " WHERE o.case_id = :case ORDER BY o.id DESC", ":case",
                       case_id, arena, items, count);
}

int store_measure_get(Db *db, int64_t case_id, int64_t id, Arena *arena, Measure *measure)
{
    return sql_get_of_case(db, &ORDER, "SELECT " ORDER_COLUMNS " WHERE o.case_id = :case AND o.id = :id", case_id, id,
                           arena, measure);
}

int store_measure_end(Db *db, Measure *o, int64_t by)
{
    sql_stamp(by, &o->released_at, &o->released_by);
    Query q = sql_query(
        db, "UPDATE case_measures SET released_on = :on, release_reason = :reason, released_by = :by,"
            " released_at = :now, version = version + 1 WHERE id = :id AND version = :version AND released_on IS NULL");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":on", o->released_on), SQL_TEXT(":reason", o->release_reason),
                               SQL_ID(":by", by), SQL_INT(":now", o->released_at)));
    return sql_exec_versioned_next(&q, o->id, &o->version);
}

/* --- trial steps --- */

int store_trial_step_add(Db *db, TrialStep *step, int64_t by)
{
    sql_stamp(by, &step->recorded_at, &step->recorded_by);
    return sql_insert_fields(
        db,
        "INSERT INTO case_trial_steps (case_id, kind, held_on, next_on, court, notes, recorded_by, recorded_at)"
        " VALUES (:case_id, :kind, :held_on, :next_on, :court, :notes, :by, :now) RETURNING id",
        step, SQL_FIELDS(TrialStep, case_id, kind, held_on, next_on, court, notes), by, step->recorded_at, &step->id);
}

#define STEP_COLUMNS                                                                                                   \
    "s.id, s.case_id, s.kind, s.held_on, s.next_on, s.court, s.notes, s.recorded_by, s.recorded_at,"                   \
    " u.full_name, u.sex FROM case_trial_steps s LEFT JOIN users u ON u.id = s.recorded_by"
SQL_RECORD(STEP, TrialStep, id, case_id, kind, held_on, next_on, court, notes, recorded_by, recorded_at,
           recorded_by_name, recorded_by_sex);

int store_trial_steps(Db *db, int64_t case_id, Arena *arena, TrialStep **items, int *count)
{
    return sql_list_by(db, &STEP, "SELECT " STEP_COLUMNS " WHERE s.case_id = :case ORDER BY s.held_on, s.id", ":case",
                       case_id, arena, items, count);
}

/* --- what the clocks run from --- */

/* The detention order o of case :case in force: the newest, not released. */
#define DETENTION_IN_FORCE                                                                                             \
    "o.case_id = :case AND o.kind = 'detention' AND o.released_on IS NULL AND NOT EXISTS (SELECT 1"                    \
    " FROM case_measures n WHERE n.case_id = o.case_id AND n.kind = o.kind AND n.id > o.id)"

/* A measure m of case :case in force, detention apart: one with an end, not ended early. */
#define MEASURE_IN_FORCE                                                                                               \
    "m.case_id = :case AND m.kind <> 'detention' AND m.ends_on IS NOT NULL AND m.released_on IS NULL"

int store_legal_clocks(Db *db, int64_t case_id, Arena *arena, LegalClocks *clocks)
{
    memset(clocks, 0, sizeof *clocks);
    int rc = sql_get_fields_by(
        db,
        "SELECT s.first_session_on, CASE WHEN s.extended_on IS NOT NULL THEN 1 ELSE 0 END,"
        " (SELECT o.ends_on FROM case_measures o WHERE " DETENTION_IN_FORCE "),"
        " (SELECT r.held_on FROM case_trial_steps r WHERE r.case_id = :case AND r.kind = 'court_referral'"
        "   AND NOT EXISTS (SELECT 1 FROM case_trial_steps v WHERE v.case_id = :case AND v.kind = 'verdict')),"
        " (SELECT min(m.ends_on) FROM case_measures m WHERE " MEASURE_IN_FORCE "),"
        " (SELECT min(m.starts_on) FROM case_measures m WHERE " MEASURE_IN_FORCE " AND m.report_months > 0),"
        " (SELECT max(m.ends_on) FROM case_measures m WHERE " MEASURE_IN_FORCE " AND m.report_months > 0),"
        " (SELECT min(m.report_months) FROM case_measures m WHERE " MEASURE_IN_FORCE " AND m.report_months > 0),"
        " (SELECT max(p.transferred_at) FROM placements p WHERE p.case_id = :case AND p.state <> 'discharged'"
        "   AND p.transferred_at IS NOT NULL"
        "   AND (p.family_notified_at IS NULL OR p.family_notified_at < p.transferred_at))"
        " FROM (SELECT 1) AS one LEFT JOIN case_settlements s ON s.case_id = :case AND s.status = 'open'",
        ":case", case_id, arena, clocks,
        SQL_FIELDS(LegalClocks, settlement_started, settlement_extended, detention_ends, court_referral, measure_ends,
                   reports_from, reports_until, report_months, placement_transferred_at));
    if (rc != TK_OK)
        return rc;
    /* a resident of a home now: the aftercare plan from 16 (domain/cases/deadlines.c) */
    return sql_get_fields_by(
        db,
        "SELECT s.birth_date, p.admitted_at FROM placements p JOIN persons s ON s.id = p.person_id"
        " WHERE p.case_id = :case AND p.state IN ('present', 'leave', 'absent', 'hospital', 'court')"
        " ORDER BY p.id DESC LIMIT 1",
        ":case", case_id, arena, clocks, SQL_FIELDS(LegalClocks, resident_birth_date, resident_admitted_at));
}

int store_legal_state(Db *db, int64_t case_id, bool *detained, bool *settling)
{
    Query q = sql_query(
        db, "SELECT CASE WHEN EXISTS (SELECT 1 FROM case_measures o WHERE " DETENTION_IN_FORCE ") THEN 1 ELSE 0 END,"
            " CASE WHEN EXISTS (SELECT 1 FROM case_settlements s WHERE s.case_id = :case AND s.status = 'open') THEN 1"
            " ELSE 0 END");
    sql_int(&q, ":case", case_id);
    *detained = *settling = false;
    if (sql_row(&q)) {
        *detained = sql_col_int(&q, 0) != 0;
        *settling = sql_col_int(&q, 1) != 0;
    }
    return sql_done(&q);
}
