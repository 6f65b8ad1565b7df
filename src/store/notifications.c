#include "store/notifications.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/case_visible.h"
#include "store/sql.h"

/* One row of a study query: id, case, time, reference, case kind, the template's names, status (a SqlReadRow). */
static void read_study_row(Query *q, Arena *arena, void *item)
{
    Notification *n = item;
    n->object_type = "study";
    int c = sql_read_fields(
        q, 0, arena, n,
        SQL_FIELDS(Notification, object_id, case_id, at, reference, case_kind, template_name_ar, template_name_en));
    const char *status = sql_col_text_ref(q, c);
    n->kind = status && strcmp(status, "approved") == 0   ? "study_approved"
              : status && strcmp(status, "returned") == 0 ? "study_returned"
                                                          : "study_submitted";
}

/* A statement of the rows read_study_row reads: a study s at the time at, with its case c and its template t, then
 * the rest of the statement. */
#define STUDY_ROWS(at, rest)                                                                                           \
    "SELECT s.id, s.case_id, " at ", c.reference, c.kind, t.name_ar, t.name_en, s.status FROM studies s"               \
    " JOIN cases c ON c.id = s.case_id JOIN study_templates t ON t.code = s.template" rest

int store_notifications_studies_reviewed(Db *db, const CaseViewer *viewer, const NotificationWindow *window,
                                         Arena *arena, Notification **items, int *count)
{
    Query q = sql_query(db,
                        STUDY_ROWS("s.reviewed_at",
                                   " WHERE s.author_id = :viewer AND s.reviewed_at IS NOT NULL"
                                   " AND (s.status = 'returned' OR (s.status = 'approved' AND s.reviewed_at >= :since))"
                                   " AND " CASE_VISIBLE " ORDER BY s.reviewed_at DESC, s.id DESC LIMIT :limit"));
    store_bind_case_viewer(&q, viewer);
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":since", window->since), SQL_INT(":limit", window->limit)));
    return sql_collect(&q, arena, sizeof(Notification), read_study_row, 0, items, count, NULL);
}

int store_notifications_studies_submitted(Db *db, const CaseViewer *viewer, const NotificationWindow *window,
                                          Arena *arena, Notification **items, int *count)
{
    /* the same queue as the studies list's review=true (store/studies.c), at the time of the latest submission */
    Query q = sql_query(
        db, STUDY_ROWS("coalesce(v.submitted_at, s.updated_at)",
                       " LEFT JOIN study_versions v ON v.study_id = s.id AND v.number = s.submissions"
                       " WHERE :viewer_supervisor <> 0 AND s.status = 'submitted' AND s.author_id <> :viewer"
                       " AND c.unit_id = :viewer_unit AND " CASE_VISIBLE " ORDER BY 3 DESC, s.id DESC LIMIT :limit"));
    store_bind_case_viewer(&q, viewer);
    sql_int(&q, ":limit", window->limit);
    return sql_collect(&q, arena, sizeof(Notification), read_study_row, 0, items, count, NULL);
}

static void read_referral_row(Query *q, Arena *arena, void *item)
{
    Notification *n = item;
    n->object_type = "referral";
    int c = sql_read_fields(
        q, 0, arena, n,
        SQL_FIELDS(Notification, object_id, case_id, at, reference, case_kind, unit_name_ar, unit_name_en, urgency));
    n->kind = sql_col_int(q, c) ? "transfer_received" : "referral_received";
}

int store_notifications_referrals(Db *db, const CaseViewer *viewer, bool with_transfers,
                                  const NotificationWindow *window, Arena *arena, Notification **items, int *count)
{
    /* the receiving unit's inbox (store_referral_list), pending ones only: they wait for an answer */
    Query q = sql_query(
        db,
        "SELECT r.id, r.case_id, r.sent_at, c.reference, c.kind, u.name_ar, u.name_en, r.urgency,"
        " CASE WHEN r.kind = 'transfer' THEN 1 ELSE 0 END FROM referrals r JOIN cases c ON c.id = r.case_id JOIN units u ON u.id = r.from_unit_id"
        " WHERE r.to_unit_id = :unit AND r.status = 'pending' AND (r.kind = 'referral' OR :transfers <> 0)"
        " AND (r.sent_by IS NULL OR r.sent_by <> :viewer)"
        " ORDER BY r.sent_at DESC, r.id DESC LIMIT :limit");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":unit", viewer->unit_id), SQL_INT(":transfers", with_transfers),
                               SQL_INT(":viewer", viewer->user_id), SQL_INT(":limit", window->limit)));
    return sql_collect(&q, arena, sizeof(Notification), read_referral_row, 0, items, count, NULL);
}

static void read_assignment_row(Query *q, Arena *arena, void *item)
{
    Notification *n = item;
    n->kind = "case_assigned";
    n->object_type = "case";
    sql_read_fields(q, 0, arena, n, SQL_FIELDS(Notification, case_id, at, reference, case_kind, role));
    n->object_id = n->case_id;
}

int store_notifications_assignments(Db *db, const CaseViewer *viewer, const NotificationWindow *window, Arena *arena,
                                    Notification **items, int *count)
{
    Query q = sql_query(
        db, "SELECT c.id, a.assigned_at, c.reference, c.kind, a.role FROM case_assignments a"
            " JOIN cases c ON c.id = a.case_id"
            " WHERE a.user_id = :viewer AND a.ended_at IS NULL AND (a.assigned_by IS NULL OR a.assigned_by <> :viewer)"
            " AND a.assigned_at >= :since AND c.stage <> 'closed' AND " CASE_VISIBLE
            " ORDER BY a.assigned_at DESC, a.id DESC LIMIT :limit");
    store_bind_case_viewer(&q, viewer);
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":since", window->since), SQL_INT(":limit", window->limit)));
    return sql_collect(&q, arena, sizeof(Notification), read_assignment_row, 0, items, count, NULL);
}

int store_notifications_read_flags(Db *db, int64_t user_id, Notification *items, int count)
{
    int rc = TK_OK;
    for (int i = 0; rc == TK_OK && i < count; i++) {
        Query q = sql_query(db, "SELECT 1 FROM notification_reads WHERE user_id = :user AND kind = :kind"
                                " AND object_id = :object AND event_at = :at");
        sql_bind_args(&q, SQL_ARGS(SQL_INT(":user", user_id), SQL_TEXT(":kind", items[i].kind),
                                   SQL_INT(":object", items[i].object_id), SQL_INT(":at", items[i].at)));
        items[i].read = sql_row(&q);
        rc = sql_done(&q);
    }
    return rc;
}

int store_notification_mark_read(Db *db, int64_t user_id, const char *kind, int64_t object_id, int64_t at,
                                 bool forget_older)
{
    int rc = sql_run(db,
                     "INSERT INTO notification_reads (user_id, kind, object_id, event_at, read_at)"
                     " VALUES (:user, :kind, :object, :at, :now)"
                     " ON CONFLICT (user_id, kind, object_id, event_at) DO NOTHING",
                     SQL_ARGS(SQL_INT(":user", user_id), SQL_TEXT(":kind", kind), SQL_INT(":object", object_id),
                              SQL_INT(":at", at), SQL_INT(":now", clock_now())));
    if (rc != TK_OK || !forget_older)
        return rc;
    return sql_run(db,
                   "DELETE FROM notification_reads WHERE user_id = :user AND kind = :kind"
                   " AND object_id = :object AND event_at < :at",
                   SQL_ARGS(SQL_INT(":user", user_id), SQL_TEXT(":kind", kind), SQL_INT(":object", object_id),
                            SQL_INT(":at", at)));
}
