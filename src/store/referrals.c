#include "store/referrals.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"

/* --- consents --- */

#define CONSENT_COLUMNS                                                                                                \
    "k.id, k.case_id, k.person_id, k.method, k.given_on, k.scope, k.recorded_by, k.recorded_at, k.withdrawn_by,"       \
    " k.withdrawn_at, p.first_name, p.father_name, p.grandfather_name, p.family_name,"                                 \
    " u.full_name, p.sex, u.sex FROM case_consents k JOIN persons p ON p.id = k.person_id"                             \
    " LEFT JOIN users u ON u.id = k.recorded_by"

SQL_RECORD_NAMED(CONSENT, CaseConsent,
                 (id, case_id, person_id, method, given_on, scope, recorded_by, recorded_at, withdrawn_by,
                  withdrawn_at),
                 person_name, (recorded_by_name, person_sex, recorded_by_sex));

int store_consent_add(Db *db, CaseConsent *k, int64_t by)
{
    int64_t now = clock_now();
    Query q = sql_query(
        db, "INSERT INTO case_consents (case_id, person_id, method, given_on, scope, recorded_by, recorded_at)"
            " VALUES (:case_id, :person_id, :method, :given_on, :scope, :by, :now) RETURNING id");
    sql_bind_fields(&q, k, SQL_FIELDS(CaseConsent, case_id, person_id, method, given_on, scope));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":by", by), SQL_INT(":now", now)));
    int rc = sql_exec_returning(&q, &k->id);
    if (rc == TK_OK) {
        k->recorded_by = by;
        k->recorded_at = now;
    }
    return rc;
}

int store_consents(Db *db, int64_t case_id, Arena *arena, CaseConsent **items, int *count)
{
    return sql_list_by(db, &CONSENT, "SELECT " CONSENT_COLUMNS " WHERE k.case_id = :case ORDER BY k.id DESC", ":case",
                       case_id, arena, items, count);
}

int store_consent_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseConsent *k)
{
    return sql_get_of_case(db, &CONSENT, "SELECT " CONSENT_COLUMNS " WHERE k.id = :id AND k.case_id = :case", case_id,
                           id, arena, k);
}

int store_consent_withdraw(Db *db, int64_t id, int64_t by)
{
    return sql_run_one(db,
                       "UPDATE case_consents SET withdrawn_by = :by, withdrawn_at = :now"
                       " WHERE id = :id AND withdrawn_at IS NULL",
                       TK_ERR_CONFLICT, SQL_ARGS(SQL_ID(":by", by), SQL_INT(":now", clock_now()), SQL_INT(":id", id)));
}

/* --- referrals and transfers --- */

#define REFERRAL_COLUMNS                                                                                               \
    "r.id, r.case_id, r.kind, r.reason, r.urgency, r.sections, r.status, r.status_reason, r.consent_basis,"            \
    " r.consent_ids, r.override_reason, r.from_unit_id, r.to_unit_id, r.sent_by, r.sent_at, r.decided_by,"             \
    " r.decided_at, r.status_changed_at, r.version, c.reference, c.kind, c.sensitivity, fu.name_ar, fu.name_en,"       \
    " tu.name_ar, tu.name_en, su.full_name, du.full_name, su.sex, du.sex FROM referrals r"                             \
    " JOIN cases c ON c.id = r.case_id"                                                                                \
    " JOIN units fu ON fu.id = r.from_unit_id JOIN units tu ON tu.id = r.to_unit_id"                                   \
    " LEFT JOIN users su ON su.id = r.sent_by LEFT JOIN users du ON du.id = r.decided_by"

SQL_RECORD(REFERRAL, Referral, id, case_id, kind, reason, urgency, sections, status, status_reason, consent_basis,
           consent_ids, override_reason, from_unit_id, to_unit_id, sent_by, sent_at, decided_by, decided_at,
           status_changed_at, version, case_reference, case_kind, case_sensitivity, from_unit_ar, from_unit_en,
           to_unit_ar, to_unit_en, sent_by_name, decided_by_name, sent_by_sex, decided_by_sex);

int store_referral_add(Db *db, Referral *r)
{
    int64_t now = clock_now();
    Query q = sql_query(
        db, "INSERT INTO referrals (case_id, kind, from_unit_id, to_unit_id, reason, urgency, sections, consent_basis,"
            " consent_ids, override_reason, sent_by, sent_at, status_changed_at)"
            " VALUES (:case_id, :kind, :from_unit_id, :to_unit_id, :reason, :urgency, :sections, :consent_basis,"
            " :consent_ids, :override_reason, :by, :now,"
            " :now) RETURNING id");
    sql_bind_fields(&q, r,
                    SQL_FIELDS(Referral, case_id, kind, from_unit_id, to_unit_id, reason, urgency, sections,
                               consent_basis, consent_ids, override_reason));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":by", r->sent_by), SQL_INT(":now", now)));
    int rc = sql_exec_returning(&q, &r->id);
    if (rc == TK_OK) {
        r->status = "pending";
        r->sent_at = r->status_changed_at = now;
        r->version = 1;
    }
    return rc;
}

int store_referral_get(Db *db, int64_t id, Arena *arena, Referral *r)
{
    return sql_get_by(db, &REFERRAL, "SELECT " REFERRAL_COLUMNS " WHERE r.id = :id", ":id", id, arena, r);
}

int store_referrals_of_case(Db *db, int64_t case_id, Arena *arena, Referral **items, int *count)
{
    return sql_list_by(db, &REFERRAL, "SELECT " REFERRAL_COLUMNS " WHERE r.case_id = :case ORDER BY r.id DESC", ":case",
                       case_id, arena, items, count);
}

/* Who sees a referral, defined once: the single read (store_referral_seen) and the units' boxes (store_referral_list)
 * filter by it. Its receiving unit; the case's assigned workers, wherever they are; and the sending unit's workers,
 * but a restricted case's referrals only for the supervisors of the unit that still holds the case. A sealed or
 * anonymised case's referrals are seen by nobody. A working role and a unit are the domain's to require (the
 * rights to act on a referral are domain/referrals' referral_rights_for). `r` is the referral, `c` its case. */
#define REFERRAL_SEEN                                                                                                  \
    "(c.sealed_at IS NULL AND c.anonymised_at IS NULL AND (r.to_unit_id = :viewer_unit"                                \
    " OR EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = r.case_id AND a.user_id = :viewer"                 \
    "   AND a.ended_at IS NULL)"                                                                                       \
    " OR (r.from_unit_id = :viewer_unit"                                                                               \
    "   AND (c.sensitivity = 'normal' OR (:viewer_supervisor <> 0 AND c.unit_id = r.from_unit_id)))))"

static void bind_referral_viewer(Query *q, int64_t viewer, int64_t unit_id, bool supervisor)
{
    sql_int(q, ":viewer", viewer);
    sql_int(q, ":viewer_unit", unit_id);
    sql_int(q, ":viewer_supervisor", supervisor);
}

int store_referral_seen(Db *db, int64_t id, int64_t viewer, int64_t unit_id, bool supervisor, bool *seen)
{
    Query q = sql_query(db, "SELECT 1 FROM referrals r JOIN cases c ON c.id = r.case_id WHERE r.id = :id"
                            " AND " REFERRAL_SEEN);
    sql_int(&q, ":id", id);
    bind_referral_viewer(&q, viewer, unit_id, supervisor);
    *seen = sql_row(&q);
    return sql_done(&q);
}

int store_referral_list(Db *db, const ReferralFilter *f, Arena *arena, Referral **items, int *count, bool *more)
{
    int limit = sql_page_limit(f->limit, 200);
    Query q = sql_query(
        db,
        "SELECT " REFERRAL_COLUMNS
        " WHERE CASE WHEN :outgoing <> 0 THEN r.from_unit_id ELSE r.to_unit_id END = :viewer_unit AND " REFERRAL_SEEN
        " AND (CAST(:status AS TEXT) IS NULL OR r.status = :status) AND (:sent_by = 0 OR r.sent_by = :sent_by)"
        " AND (:waiting = 0 OR r.status = 'pending' OR (r.status = 'accepted' AND r.kind = 'referral'))"
        " AND (CAST(:before AS BIGINT) IS NULL OR r.id < :before)"
        " ORDER BY r.id DESC LIMIT :limit");
    sql_int(&q, ":outgoing", f->outgoing);
    bind_referral_viewer(&q, f->viewer_id, f->unit_id, f->viewer_supervisor);
    sql_bind_fields(&q, f, SQL_FIELDS(ReferralFilter, status, waiting, sent_by));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":before", f->before_id), SQL_INT(":limit", limit + 1)));
    return sql_collect_records(&q, arena, &REFERRAL, limit, items, count, more); /* a row past limit: more */
}

int store_referral_set_status(Db *db, int64_t id, int64_t version, const char *status, const char *reason, bool decided,
                              int64_t by)
{
    int64_t now = clock_now();
    Query q = sql_query(db, "UPDATE referrals SET status = :status, status_reason = coalesce(:reason, status_reason),"
                            " decided_by = CASE WHEN :decided <> 0 THEN :by ELSE decided_by END,"
                            " decided_at = CASE WHEN :decided <> 0 THEN :now ELSE decided_at END,"
                            " status_changed_at = :now, version = version + 1 WHERE id = :id AND version = :version");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":status", status), SQL_TEXT(":reason", reason), SQL_INT(":decided", decided),
                               SQL_ID(":by", by), SQL_INT(":now", now)));
    return sql_exec_versioned(&q, id, version);
}

int store_referral_shared(Db *db, int64_t case_id, int64_t unit_id, Arena *arena, char **sections, int64_t *referral_id)
{
    *sections = NULL;
    *referral_id = 0;
    Query q = sql_query(
        db,
        "SELECT sections, id FROM referrals WHERE case_id = :case AND to_unit_id = :unit"
        " AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = :case AND (c.sealed_at IS NOT NULL"
        "   OR c.anonymised_at IS NOT NULL))"
        " AND ((kind = 'referral' AND status IN ('pending', 'accepted')) OR (kind = 'transfer' AND status = 'pending'))"
        " ORDER BY id");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":case", case_id), SQL_INT(":unit", unit_id)));
    /* the sections of all of them, joined by commas */
    char *joined = NULL;
    while (sql_row(&q)) {
        const char *part = sql_col_text_ref(&q, 0);
        joined = !joined ? arena_strdup(arena, part ? part : "")
                         : arena_printf(arena, "%s,%s", joined, part ? part : "");
        if (!joined) {
            sql_done(&q);
            return TK_ERR_NOMEM;
        }
        *referral_id = sql_col_int(&q, 1);
    }
    *sections = joined;
    return sql_done(&q);
}

/* --- services --- */

#define SERVICE_COLUMNS                                                                                                \
    "s.id, s.case_id, s.unit_id, s.referral_id, s.type, s.provider, s.due_on, s.status, s.notes, s.created_by,"        \
    " s.created_at, s.updated_by, s.updated_at, s.version, su.name_ar, su.name_en, uu.full_name, uu.sex"               \
    " FROM case_services s LEFT JOIN units su ON su.id = s.unit_id LEFT JOIN users uu ON uu.id = s.updated_by"

SQL_RECORD(SERVICE, CaseService, id, case_id, unit_id, referral_id, type, provider, due_on, status, notes, created_by,
           created_at, updated_by, updated_at, version, unit_ar, unit_en, updated_by_name, updated_by_sex);

int store_service_add(Db *db, CaseService *s, int64_t by)
{
    int64_t now = clock_now();
    Query q = sql_query(
        db,
        "INSERT INTO case_services (case_id, type, unit_id, provider, due_on, status, notes, referral_id, created_by,"
        " created_at, updated_by, updated_at) VALUES (:case, :type, :unit, :provider, :due_on, :status, :notes,"
        " :referral, :by, :now, :by, :now) RETURNING id");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":case", s->case_id), SQL_TEXT(":type", s->type), SQL_ID(":unit", s->unit_id),
                               SQL_TEXT(":provider", s->provider), SQL_TEXT(":due_on", s->due_on),
                               SQL_TEXT(":status", s->status ? s->status : "planned"), SQL_TEXT(":notes", s->notes),
                               SQL_ID(":referral", s->referral_id), SQL_ID(":by", by), SQL_INT(":now", now)));
    int rc = sql_exec_returning(&q, &s->id);
    if (rc == TK_OK) {
        s->created_by = s->updated_by = by;
        s->created_at = s->updated_at = now;
        s->version = 1;
        if (!s->status)
            s->status = "planned";
    }
    return rc;
}

int store_services(Db *db, int64_t case_id, Arena *arena, CaseService **items, int *count)
{
    return sql_list_by(db, &SERVICE, "SELECT " SERVICE_COLUMNS " WHERE s.case_id = :case ORDER BY s.id", ":case",
                       case_id, arena, items, count);
}

int store_service_get(Db *db, int64_t case_id, int64_t id, Arena *arena, CaseService *s)
{
    return sql_get_of_case(db, &SERVICE, "SELECT " SERVICE_COLUMNS " WHERE s.id = :id AND s.case_id = :case", case_id,
                           id, arena, s);
}

int store_service_update(Db *db, CaseService *s, int64_t by)
{
    Query q = sql_query(db,
                        "UPDATE case_services SET status = :status, due_on = :due_on, notes = :notes, updated_by = :by,"
                        " updated_at = :now, version = version + 1 WHERE id = :id AND version = :version");
    sql_bind_fields(&q, s, SQL_FIELDS(CaseService, status, due_on, notes));
    return sql_update_stamped(&q, by, s->id, &s->version, &s->updated_by, &s->updated_at);
}

/* --- the data-sharing log --- */

int store_sharing_add(Db *db, SharingEntry *e)
{
    e->at = clock_now();
    Query q = sql_query(
        db, "INSERT INTO data_sharing (at, case_id, referral_id, from_unit_id, to_unit_id, event, sections, persons,"
            " basis, user_id) VALUES (:at, :case, :referral, :from_unit_id, :to_unit_id, :event, :sections, :persons,"
            " :basis, :user) RETURNING id");
    sql_bind_args(&q,
                  SQL_ARGS(SQL_INT(":at", e->at), SQL_INT(":case", e->case_id), SQL_ID(":referral", e->referral_id)));
    sql_bind_fields(&q, e, SQL_FIELDS(SharingEntry, from_unit_id, to_unit_id, event, sections, persons, basis));
    sql_int_or_null(&q, ":user", e->user_id);
    int rc = sql_exec_returning(&q, &e->id);
    return rc;
}

SQL_RECORD(SHARING, SharingEntry, id, at, case_id, referral_id, from_unit_id, to_unit_id, user_id, event, sections,
           persons, basis, case_reference, username, from_unit_ar, from_unit_en, to_unit_ar, to_unit_en);

int store_sharing_list(Db *db, const SharingFilter *f, Arena *arena, SharingEntry **items, int *count, bool *more)
{
    int limit = sql_page_limit(f->limit, 500);
    Query q = sql_query(
        db, "SELECT d.id, d.at, d.case_id, d.referral_id, d.from_unit_id, d.to_unit_id, d.user_id, d.event, d.sections,"
            " d.persons, d.basis, c.reference, u.username, fu.name_ar, fu.name_en, tu.name_ar, tu.name_en"
            " FROM data_sharing d JOIN cases c ON c.id = d.case_id LEFT JOIN users u ON u.id = d.user_id"
            " JOIN units fu ON fu.id = d.from_unit_id JOIN units tu ON tu.id = d.to_unit_id"
            " WHERE (:case_id = 0 OR d.case_id = :case_id)"
            " AND (:unit_id = 0 OR d.from_unit_id = :unit_id OR d.to_unit_id = :unit_id)"
            " AND (CAST(:case_reference AS TEXT) IS NULL OR c.reference = upper(:case_reference))"
            " AND (CAST(:from AS BIGINT) IS NULL OR d.at >= :from) AND (CAST(:to AS BIGINT) IS NULL OR d.at <= :to)"
            " AND (CAST(:before AS BIGINT) IS NULL OR d.id < :before) ORDER BY d.id DESC LIMIT :limit");
    sql_bind_fields(&q, f, SQL_FIELDS(SharingFilter, case_id, unit_id, case_reference));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":from", f->from), SQL_ID(":to", f->to), SQL_ID(":before", f->before_id),
                               SQL_INT(":limit", limit + 1)));
    return sql_collect_records(&q, arena, &SHARING, limit, items, count, more);
}

int store_case_move_to_unit(Db *db, int64_t case_id, int64_t unit_id, const char *governorate, int64_t by)
{
    int64_t now = clock_now();
    Query end = sql_query(
        db, "UPDATE case_assignments SET ended_by = :by, ended_at = :now WHERE case_id = :case AND ended_at IS NULL"
            " AND user_id IN (SELECT u.id FROM users u JOIN cases c ON c.id = :case WHERE u.unit_id = c.unit_id)");
    sql_bind_args(&end, SQL_ARGS(SQL_ID(":by", by), SQL_INT(":now", now), SQL_INT(":case", case_id)));
    int rc = sql_exec(&end);
    if (rc != TK_OK)
        return rc;
    /* the receiving unit's assignment clock starts at the acceptance */
    Query move = sql_query(
        db, "UPDATE cases SET unit_id = :unit, governorate = coalesce(:governorate, governorate), updated_by = :by,"
            " updated_at = :now, clock_started_at = :now, version = version + 1 WHERE id = :case");
    sql_bind_args(&move, SQL_ARGS(SQL_INT(":unit", unit_id), SQL_TEXT(":governorate", governorate), SQL_ID(":by", by),
                                  SQL_INT(":now", now), SQL_INT(":case", case_id)));
    return sql_exec(&move);
}
