#include "store/records.h"

#include <string.h>

#include "base/err.h"
#include "store/engine.h"
#include "store/persons.h"
#include "store/sql.h"

const char *const store_retention_kinds[RETENTION_KINDS] = {"family_violence", "juvenile_conflict",
                                                            "juvenile_protection", "inmate_family"};

/* One id of a row (a SqlReadRow): item is an int64_t. */
static void read_id(Query *q, Arena *arena, void *item)
{
    (void)arena;
    *(int64_t *)item = sql_col_int(q, 0);
}
SQL_RECORD_READ(ID, int64_t, read_id);

int store_seal_due(Db *db, const char *born_by, Arena *arena, int64_t **ids, int *count)
{
    return sql_list(
        db, &ID,
        "SELECT c.id FROM cases c WHERE c.kind IN ('juvenile_conflict', 'juvenile_protection')"
        " AND c.stage = 'closed' AND c.sealed_at IS NULL AND c.anonymised_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM seal_orders o WHERE o.case_id = c.id AND o.kind = 'unseal')"
        " AND EXISTS (SELECT 1 FROM case_persons m JOIN persons p ON p.id = m.person_id"
        "   WHERE m.case_id = c.id AND m.role = 'juvenile' AND coalesce(p.birth_date,"
        "   CASE WHEN p.birth_year IS NOT NULL THEN CAST(p.birth_year AS TEXT) || '-12-31' END) <= :born_by)"
        " ORDER BY c.id",
        0, arena, ids, count, SQL_ARGS(SQL_TEXT(":born_by", born_by)));
}

int store_case_seal(Db *db, int64_t case_id, int64_t at)
{
    return sql_run_one(db, "UPDATE cases SET sealed_at = :at WHERE id = :id", TK_ERR_NOT_FOUND,
                       SQL_ARGS(SQL_ID(":at", at), SQL_INT(":id", case_id)));
}

#define SEALED_COLUMNS                                                                                                 \
    "c.id, c.reference, c.kind, c.unit_id, u.name_ar, u.name_en, c.sealed_at,"                                         \
    " (SELECT count(*) FROM seal_orders o WHERE o.case_id = c.id)"                                                     \
    " FROM cases c JOIN units u ON u.id = c.unit_id"

SQL_RECORD(SEALED, SealedCase, case_id, reference, kind, unit_id, unit_name_ar, unit_name_en, sealed_at, orders);

int store_sealed_list(Db *db, Arena *arena, SealedCase **items, int *count)
{
    Query q = sql_query(db, "SELECT " SEALED_COLUMNS " WHERE c.sealed_at IS NOT NULL AND c.anonymised_at IS NULL"
                            " ORDER BY c.sealed_at DESC, c.id DESC LIMIT 1000");
    return sql_collect_records(&q, arena, &SEALED, 0, items, count, NULL);
}

int store_sealed_get(Db *db, int64_t case_id, Arena *arena, SealedCase *out)
{
    return sql_get_by(db, &SEALED,
                      "SELECT " SEALED_COLUMNS
                      " WHERE c.id = :id AND c.sealed_at IS NOT NULL AND c.anonymised_at IS NULL",
                      ":id", case_id, arena, out);
}

int store_seal_order_add(Db *db, SealOrder *o)
{
    return sql_run_returning(db,
                             "INSERT INTO seal_orders (case_id, kind, court, order_number, order_year, purpose,"
                             " reader_id, expires_at, recorded_by, recorded_at) VALUES (:case, :kind, :court, :number,"
                             " :year, :purpose, :reader, :expires, :by, :at) RETURNING id",
                             &o->id,
                             SQL_ARGS(SQL_INT(":case", o->case_id), SQL_TEXT(":kind", o->kind),
                                      SQL_TEXT(":court", o->court), SQL_INT(":number", o->order_number),
                                      SQL_INT(":year", o->order_year), SQL_TEXT(":purpose", o->purpose),
                                      SQL_ID(":reader", o->reader_id), SQL_ID(":expires", o->expires_at),
                                      SQL_ID(":by", o->recorded_by), SQL_INT(":at", o->recorded_at)));
}

SQL_RECORD(ORDER, SealOrder, id, case_id, kind, court, order_number, order_year, purpose, reader_id, expires_at,
           recorded_by, recorded_at, case_reference, reader_name, recorded_by_name);

/* The orders as ORDER reads them, and their WHERE to follow. */
#define SEAL_ORDER_SELECT                                                                                              \
    "SELECT o.id, o.case_id, o.kind, o.court, o.order_number, o.order_year, o.purpose, o.reader_id, o.expires_at,"     \
    " o.recorded_by, o.recorded_at, c.reference, r.full_name, b.full_name FROM seal_orders o"                          \
    " JOIN cases c ON c.id = o.case_id LEFT JOIN users r ON r.id = o.reader_id"                                        \
    " LEFT JOIN users b ON b.id = o.recorded_by"

int store_seal_orders(Db *db, int64_t case_id, Arena *arena, SealOrder **items, int *count)
{
    return sql_list_by(db, &ORDER,
                       SEAL_ORDER_SELECT " WHERE (:case = 0 OR o.case_id = :case) ORDER BY o.id DESC LIMIT 1000",
                       ":case", case_id, arena, items, count);
}

int store_seal_order_active(Db *db, int64_t case_id, int64_t user_id, int64_t now, Arena *arena, SealOrder *order)
{
    return sql_get(db, &ORDER,
                   SEAL_ORDER_SELECT
                   " WHERE o.case_id = :case AND o.kind = 'read' AND o.reader_id = :user AND o.expires_at > :now"
                   " ORDER BY o.id DESC LIMIT 1",
                   arena, order, SQL_ARGS(SQL_INT(":case", case_id), SQL_INT(":user", user_id), SQL_INT(":now", now)));
}

#define CANDIDATE_COLUMNS "c.id, c.kind, c.closed_at FROM cases c"
SQL_RECORD(CANDIDATE, RetentionReview, case_id, kind, closed_at);

int store_retention_candidates(Db *db, const int64_t cutoffs[RETENTION_KINDS], Arena *arena, RetentionReview **items,
                               int *count)
{
    return sql_list(
        db, &CANDIDATE,
        "SELECT " CANDIDATE_COLUMNS
        " WHERE c.stage = 'closed' AND c.anonymised_at IS NULL AND c.closed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM retention_reviews r WHERE r.case_id = c.id) AND ((c.kind = 'family_violence' AND c.closed_at < :fv) OR (c.kind = 'juvenile_conflict' AND c.closed_at < :jc) OR (c.kind = 'juvenile_protection' AND c.closed_at < :jp) OR (c.kind = 'inmate_family' AND c.closed_at < :inmate)) ORDER BY c.id LIMIT 10000",
        0, arena, items, count,
        SQL_ARGS(SQL_INT(":fv", cutoffs[0]), SQL_INT(":jc", cutoffs[1]), SQL_INT(":jp", cutoffs[2]),
                 SQL_INT(":inmate", cutoffs[3])));
}

int store_retention_review_add(Db *db, int64_t case_id, const char *due_on, int64_t now)
{
    return sql_run(db, "INSERT INTO retention_reviews (case_id, due_on, listed_at) VALUES (:case, :due, :now)",
                   SQL_ARGS(SQL_INT(":case", case_id), SQL_TEXT(":due", due_on), SQL_INT(":now", now)));
}

#define REVIEW_COLUMNS                                                                                                 \
    "r.case_id, c.reference, c.kind, c.unit_id, u.name_ar, u.name_en, c.closed_at, r.due_on, r.state,"                 \
    " r.keep_reason, r.decided_by, r.decided_at, r.listed_at, r.version"                                               \
    " FROM retention_reviews r JOIN cases c ON c.id = r.case_id JOIN units u ON u.id = c.unit_id"

SQL_RECORD(REVIEW, RetentionReview, case_id, reference, kind, unit_id, unit_name_ar, unit_name_en, closed_at, due_on,
           state, keep_reason, decided_by, decided_at, listed_at, version);

int store_retention_reviews(Db *db, const char *state, Arena *arena, RetentionReview **items, int *count)
{
    return sql_list(db, &REVIEW,
                    "SELECT " REVIEW_COLUMNS " WHERE r.state = :state ORDER BY c.closed_at, r.case_id"
                    " LIMIT 1000",
                    0, arena, items, count, SQL_ARGS(SQL_TEXT(":state", state ? state : "pending")));
}

int store_retention_review_get(Db *db, int64_t case_id, Arena *arena, RetentionReview *out)
{
    return sql_get_by(db, &REVIEW, "SELECT " REVIEW_COLUMNS " WHERE r.case_id = :case", ":case", case_id, arena, out);
}

int store_retention_review_decide(Db *db, int64_t case_id, int64_t version, const char *state, const char *keep_reason,
                                  int64_t by, int64_t now)
{
    Query q = sql_query(db, "UPDATE retention_reviews SET state = :state, keep_reason = :reason, decided_by = :by,"
                            " decided_at = :now, version = version + 1"
                            " WHERE case_id = :id AND version = :version AND state = 'pending'");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":state", state), SQL_TEXT(":reason", keep_reason), SQL_ID(":by", by),
                               SQL_INT(":now", now)));
    return sql_exec_versioned(&q, case_id, version);
}

int store_case_anonymise(Db *db, int64_t case_id, int64_t now, Arena *arena, Anonymised *out)
{
    memset(out, 0, sizeof *out);
    /* the persons of the case who are in no other case still kept lose their identity */
    Query persons = sql_query(db, "SELECT DISTINCT m.person_id FROM case_persons m WHERE m.case_id = :case"
                                  " AND NOT EXISTS (SELECT 1 FROM case_persons o JOIN cases oc ON oc.id = o.case_id"
                                  "   WHERE o.person_id = m.person_id AND o.case_id <> :case"
                                  "   AND oc.anonymised_at IS NULL) ORDER BY m.person_id");
    sql_int(&persons, ":case", case_id);
    int rc = sql_collect_records(&persons, arena, &ID, 0, &out->person_ids, &out->person_count, NULL);
    for (int i = 0; rc == TK_OK && i < out->person_count; i++)
        rc = store_person_anonymise(db, out->person_ids[i], now);
    if (rc != TK_OK)
        return rc;
    Query studies = sql_query(db, "SELECT id FROM studies WHERE case_id = :case ORDER BY id LIMIT 64");
    sql_int(&studies, ":case", case_id);
    int64_t *study_ids = NULL;
    rc = sql_collect_records(&studies, arena, &ID, 0, &study_ids, &out->study_count, NULL);
    for (int i = 0; rc == TK_OK && i < out->study_count; i++) {
        out->study_ids[i] = study_ids[i];
        rc = engine_study_index_put(db, study_ids[i], NULL);
    }
    if (rc != TK_OK)
        return rc;
    /* Free text goes; codes, dates and counts stay. substr(x, 1, 0) is '' for text and NULL for NULL, which fits
     * the columns that must hold text and those that may be empty alike. */
    rc = sql_run(db,
                 "UPDATE cases SET summary = substr(summary, 1, 0), risk_assessment = substr(risk_assessment,"
                 " 1, 0), closure_reason = substr(closure_reason, 1, 0), offence = substr(offence, 1, 0),"
                 " sentence = substr(sentence, 1, 0), anonymised_at = :now, version = version + 1"
                 " WHERE id = :case",
                 SQL_ARGS(SQL_INT(":now", now), SQL_INT(":case", case_id)));
    /* the case's records, each of its own table */
    const char *const records[] = {
        SQL_STATEMENT("UPDATE case_incidents SET place = substr(place, 1, 0), description = substr(description, 1,"
                      " 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_notes SET participants = substr(participants, 1, 0), body = substr(body, 1, 0)"
                      " WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_events SET detail = substr(detail, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_tasks SET detail = substr(detail, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_followups SET participants = substr(participants, 1, 0),"
                      " reason = substr(reason, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_consents SET scope = substr(scope, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE referrals SET reason = substr(reason, 1, 0), status_reason = substr(status_reason, 1,"
                      " 0), override_reason = substr(override_reason, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_services SET provider = substr(provider, 1, 0), notes = substr(notes, 1, 0)"
                      " WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE studies SET review_comment = substr(review_comment, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE study_sections SET body = '' WHERE study_id IN (SELECT id FROM studies"
                      " WHERE case_id = :case)"),
        SQL_STATEMENT("UPDATE study_versions SET comment = substr(comment, 1, 0) WHERE study_id IN (SELECT id FROM"
                      " studies WHERE case_id = :case)"),
        SQL_STATEMENT("UPDATE study_version_sections SET body = '' WHERE study_id IN (SELECT id FROM studies"
                      " WHERE case_id = :case)"),
        SQL_STATEMENT("UPDATE case_risk_assessments SET override_reason = substr(override_reason, 1, 0),"
                      " notes = substr(notes, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_safety_plans SET safe_place = substr(safe_place, 1, 0), contacts ="
                      " substr(contacts, 1, 0), warning_signs = substr(warning_signs, 1, 0), actions ="
                      " substr(actions, 1, 0), children = substr(children, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_goals SET goal = substr(goal, 1, 0), services = substr(services, 1, 0),"
                      " responsible = substr(responsible, 1, 0), outcome = substr(outcome, 1, 0)"
                      " WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_settlements SET extension_reason = substr(extension_reason, 1, 0),"
                      " terms = substr(terms, 1, 0), outcome_note = substr(outcome_note, 1, 0)"
                      " WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_measures SET terms = substr(terms, 1, 0), release_reason ="
                      " substr(release_reason, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_trial_steps SET notes = substr(notes, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE placements SET discharge_reason = substr(discharge_reason, 1, 0),"
                      " capacity_override = substr(capacity_override, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE break_glass SET explanation = '', review_note = substr(review_note, 1, 0)"
                      " WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_family_assessments SET income_sources = substr(income_sources, 1, 0),"
                      " health = substr(health, 1, 0), risks = substr(risks, 1, 0), notes = substr(notes, 1, 0)"
                      " WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_family_visits SET visitors = '', notes = substr(notes, 1, 0)"
                      " WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_centre_children SET notes = substr(notes, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_release_plans SET housing = '', work = '', family_readiness = '',"
                      " documents = '', referrals = substr(referrals, 1, 0) WHERE case_id = :case"),
        SQL_STATEMENT("UPDATE case_releases SET notes = substr(notes, 1, 0) WHERE case_id = :case"),
    };
    return rc != TK_OK ? rc
                       : sql_run_each(db, records, (int)(sizeof records / sizeof records[0]),
                                      SQL_ARGS(SQL_INT(":case", case_id)));
}

int store_daily_run_seen(Db *db, const char *day, bool *seen)
{
    Query q = sql_query(db, "SELECT 1 FROM daily_runs WHERE day = :day");
    sql_text(&q, ":day", day);
    *seen = sql_row(&q);
    return sql_done(&q);
}

int store_daily_run_add(Db *db, const char *day, int sealed, int listed, int64_t now)
{
    return sql_run(
        db, "INSERT INTO daily_runs (day, sealed, listed, at) VALUES (:day, :sealed, :listed, :now)",
        SQL_ARGS(SQL_TEXT(":day", day), SQL_INT(":sealed", sealed), SQL_INT(":listed", listed), SQL_INT(":now", now)));
}

int store_person_anonymise(Db *db, int64_t person_id, int64_t now)
{
    int rc = sql_run_one(db,
                         "UPDATE persons SET first_name = '', father_name = '', grandfather_name = NULL,"
                         " family_name = '', latin_name = NULL, national_id = NULL, document_type = NULL,"
                         " document_number = NULL, birth_date = NULL, address = NULL, phones = NULL,"
                         " disability = NULL, notes = NULL, key_first = '', key_father = '', key_grandfather = NULL,"
                         " key_family = '', anonymised_at = :now, updated_at = :now, version = version + 1"
                         " WHERE id = :id",
                         TK_ERR_NOT_FOUND, SQL_ARGS(SQL_INT(":now", now), SQL_INT(":id", person_id)));
    if (rc == TK_OK)
        rc = store_person_changed(db, person_id, "anonymise", now);
    if (rc != TK_OK)
        return rc;
    /* family links name the person: they go with her identity */
    return sql_run(db, "DELETE FROM person_links WHERE person_id = :id OR relative_id = :id",
                   SQL_ARGS(SQL_INT(":id", person_id)));
}

int store_person_kept_cases(Db *db, int64_t person_id, Arena *arena, int64_t **ids, int *count)
{
    return sql_list(db, &ID,
                    "SELECT DISTINCT c.id FROM case_persons m JOIN cases c ON c.id = m.case_id"
                    " WHERE m.person_id = :person AND c.anonymised_at IS NULL ORDER BY c.id",
                    0, arena, ids, count, SQL_ARGS(SQL_INT(":person", person_id)));
}

int store_erasure_blockers(Db *db, int64_t person_id, const int64_t cutoffs[RETENTION_KINDS], int64_t now,
                           bool *open_case, bool *within_retention, bool *court_order)
{
    Query q = sql_query(
        db, "SELECT"
            " EXISTS (SELECT 1 FROM case_persons m JOIN cases c ON c.id = m.case_id WHERE m.person_id = :person"
            "   AND c.stage <> 'closed'),"
            " EXISTS (SELECT 1 FROM case_persons m JOIN cases c ON c.id = m.case_id WHERE m.person_id = :person"
            "   AND c.stage = 'closed' AND c.anonymised_at IS NULL"
            "   AND ((c.kind = 'family_violence' AND c.closed_at >= :fv)"
            "   OR (c.kind = 'juvenile_conflict' AND c.closed_at >= :jc)"
            "   OR (c.kind = 'juvenile_protection' AND c.closed_at >= :jp)"
            "   OR (c.kind = 'inmate_family' AND c.closed_at >= :inmate))),"
            " EXISTS (SELECT 1 FROM case_persons m JOIN seal_orders o ON o.case_id = m.case_id"
            "   WHERE m.person_id = :person AND o.kind = 'read' AND o.expires_at > :now)");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":person", person_id), SQL_INT(":fv", cutoffs[0]), SQL_INT(":jc", cutoffs[1]),
                               SQL_INT(":jp", cutoffs[2]), SQL_INT(":inmate", cutoffs[3]), SQL_INT(":now", now)));
    *open_case = *within_retention = *court_order = false;
    if (sql_row(&q)) {
        *open_case = sql_col_int(&q, 0) != 0;
        *within_retention = sql_col_int(&q, 1) != 0;
        *court_order = sql_col_int(&q, 2) != 0;
    }
    return sql_done(&q);
}

int store_erasure_add(Db *db, ErasureRequest *r)
{
    return sql_run_returning(db,
                             "INSERT INTO erasure_requests (person_id, basis, requested_by, requested_at)"
                             " VALUES (:person, :basis, :by, :at) RETURNING id",
                             &r->id,
                             SQL_ARGS(SQL_INT(":person", r->person_id), SQL_TEXT(":basis", r->basis),
                                      SQL_ID(":by", r->requested_by), SQL_INT(":at", r->requested_at)));
}

#define ERASURE_COLUMNS                                                                                                \
    "e.id, e.person_id, e.basis, e.state, e.refusal, e.decision_note, e.requested_by, e.requested_at,"                 \
    " e.decided_by, e.decided_at, e.version, u.full_name, un.name_ar, un.name_en"                                      \
    " FROM erasure_requests e LEFT JOIN users u ON u.id = e.requested_by LEFT JOIN units un ON un.id = u.unit_id"

SQL_RECORD(ERASURE, ErasureRequest, id, person_id, basis, state, refusal, decision_note, requested_by, requested_at,
           decided_by, decided_at, version, requested_by_name, unit_name_ar, unit_name_en);

int store_erasure_get(Db *db, int64_t id, Arena *arena, ErasureRequest *out)
{
    return sql_get_by(db, &ERASURE, "SELECT " ERASURE_COLUMNS " WHERE e.id = :id", ":id", id, arena, out);
}

int store_erasure_list(Db *db, const char *state, Arena *arena, ErasureRequest **items, int *count)
{
    return sql_list(db, &ERASURE,
                    "SELECT " ERASURE_COLUMNS " WHERE (CAST(:state AS TEXT) IS NULL OR e.state = :state)"
                    " ORDER BY e.id DESC LIMIT 1000",
                    0, arena, items, count, SQL_ARGS(SQL_TEXT(":state", state)));
}

int store_erasure_decide(Db *db, int64_t id, int64_t version, const char *state, const char *refusal, const char *note,
                         int64_t by, int64_t now)
{
    Query q = sql_query(db, "UPDATE erasure_requests SET state = :state, refusal = :refusal, decision_note = :note,"
                            " decided_by = :by, decided_at = :now, version = version + 1"
                            " WHERE id = :id AND version = :version AND state = 'pending'");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":state", state), SQL_TEXT(":refusal", refusal), SQL_TEXT(":note", note),
                               SQL_ID(":by", by), SQL_INT(":now", now)));
    return sql_exec_versioned(&q, id, version);
}
