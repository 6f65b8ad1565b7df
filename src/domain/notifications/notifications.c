#include "domain/notifications/notifications.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/cases/cases.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "store/break_glass.h"
#include "store/cases.h"
#include "store/notifications.h"

/* The kinds of notification: a task's, whose record is its case, which may have several tasks (its older events are
 * kept when one is marked read, since they may be another task's), and news. */
static const char *const task_kinds[] = {"task_due", "task_overdue"};
static const char *const news_kinds[] = {"study_returned",    "study_approved", "study_submitted", "referral_received",
                                         "transfer_received", "case_assigned",  "break_glass"};

static bool kind_known(const char *kind)
{
    return CODES_ONE_OF(kind, task_kinds) || CODES_ONE_OF(kind, news_kinds);
}

/* Who has notifications: the working roles; and the auditors, who are told of every break-glass use. */
static int require_notified(Ctx *ctx)
{
    return access_has(ctx, CAP_READ_AUDIT) ? TK_OK : access_require(ctx, CAP_CASES);
}

/* Appends count items to the list (arena). */
static int append(Arena *arena, Notification **list, int *count, int *capacity, const Notification *items, int n)
{
    for (int i = 0; i < n; i++) {
        Notification *grown = arena_grow(arena, *list, *count, capacity, sizeof(Notification));
        if (!grown)
            return TK_ERR_NOMEM;
        *list = grown;
        (*list)[(*count)++] = items[i];
    }
    return TK_OK;
}

/* The user's tasks (store_task_list's "mine": of the cases assigned to them, and a supervisor's assignments and
 * closures to decide) due within notify_task_hours (a case's first response, due 24 hours on, is news as soon as it
 * is registered), or overdue. */
static int collect_tasks(Ctx *ctx, const CaseViewer *viewer, int64_t now, Notification **items, int *count)
{
    TaskFilter filter = {.mine = true,
                         .now = now,
                         .due_before = now + settings_get(SET_NOTIFY_TASK_HOURS) * 3600 + 1,
                         .after_urgency = -1,
                         .limit = NOTIFICATIONS_PER_KIND};
    CaseTask *tasks = NULL;
    int found = 0;
    bool more = false;
    int rc = store_task_list(ctx->db, viewer, &filter, ctx->arena, &tasks, &found, &more);
    *items = rc == TK_OK ? arena_calloc(ctx->arena, (size_t)found + 1, sizeof(Notification)) : NULL;
    if (rc == TK_OK && !*items)
        rc = TK_ERR_NOMEM;
    for (int i = 0; rc == TK_OK && i < found; i++) {
        Notification *n = &(*items)[i];
        n->kind = tasks[i].due_at < now ? "task_overdue" : "task_due";
        n->object_type = "case";
        n->object_id = n->case_id = tasks[i].case_id;
        n->at = tasks[i].due_at;
        n->reference = tasks[i].reference;
        n->case_kind = tasks[i].case_kind;
        n->task = (char *)tasks[i].kind;
    }
    *count = rc == TK_OK ? found : 0;
    return rc;
}

static int newest_first(const void *a, const void *b)
{
    const Notification *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? 1 : -1;
    int kind = strcmp(x->kind, y->kind);
    if (kind)
        return kind;
    return x->object_id < y->object_id ? 1 : x->object_id > y->object_id ? -1 : 0;
}

/* Every current notification of the user with its read flag, newest first (arena). */
static int collect(Ctx *ctx, Notification **list, int *count)
{
    *list = NULL;
    *count = 0;
    int capacity = 0;
    CaseViewer viewer = domain_case_viewer(ctx);
    int64_t now = clock_now();
    NotificationWindow window = {.since = now - settings_get(SET_NOTIFY_DAYS) * 86400, .limit = NOTIFICATIONS_PER_KIND};
    bool supervisor = access_has_role(ctx, ROLE_SUPERVISOR);
    bool worker = access_has_role(ctx, ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR);
    Notification *items = NULL;
    int found = 0;
    int rc = store_read_begin(ctx->db);
    if (rc != TK_OK)
        return rc;
    rc = store_notifications_studies_reviewed(ctx->db, &viewer, &window, ctx->arena, &items, &found);
    if (rc == TK_OK)
        rc = append(ctx->arena, list, count, &capacity, items, found);
    if (rc == TK_OK && supervisor &&
        (rc = store_notifications_studies_submitted(ctx->db, &viewer, &window, ctx->arena, &items, &found)) == TK_OK)
        rc = append(ctx->arena, list, count, &capacity, items, found);
    /* the unit's inbox: its working users (a transfer: its supervisors), as domain/referrals/referrals.c lets them receive */
    if (rc == TK_OK && worker && ctx->unit &&
        (rc = store_notifications_referrals(ctx->db, &viewer, supervisor, &window, ctx->arena, &items, &found)) ==
            TK_OK)
        rc = append(ctx->arena, list, count, &capacity, items, found);
    if (rc == TK_OK &&
        (rc = store_notifications_assignments(ctx->db, &viewer, &window, ctx->arena, &items, &found)) == TK_OK)
        rc = append(ctx->arena, list, count, &capacity, items, found);
    if (rc == TK_OK && (rc = collect_tasks(ctx, &viewer, now, &items, &found)) == TK_OK)
        rc = append(ctx->arena, list, count, &capacity, items, found);
    /* a break-glass use: to the auditors, every one; to a supervisor, those on her unit's cases */
    bool auditor = access_has(ctx, CAP_READ_AUDIT);
    if (rc == TK_OK && (auditor || (supervisor && ctx->unit)) &&
        (rc = store_notifications_break_glass(ctx->db, auditor ? 0 : ctx->unit->id, window.since, window.limit,
                                              ctx->arena, &items, &found)) == TK_OK) {
        for (int i = 0; auditor && i < found; i++)
            items[i].object_type = "break_glass"; /* the auditor's review list, not the case, which she does not see */
        rc = append(ctx->arena, list, count, &capacity, items, found);
    }
    if (rc == TK_OK)
        rc = store_notifications_read_flags(ctx->db, viewer.user_id, *list, *count);
    store_read_end(ctx->db);
    if (rc == TK_OK && *count > 1)
        qsort(*list, (size_t)*count, sizeof(Notification), newest_first);
    return rc;
}

int domain_notifications_list(Ctx *ctx, const NotificationQuery *query, Notification **items, int *count, int *unread)
{
    *items = NULL;
    *count = *unread = 0;
    Notification *all;
    int total;
    int rc = require_notified(ctx);
    if (rc != TK_OK || (rc = collect(ctx, &all, &total)) != TK_OK)
        return rc;
    int kept = 0;
    for (int i = 0; i < total; i++) {
        *unread += !all[i].read;
        if ((!query->unread_only || !all[i].read) && kept < query->limit)
            all[kept++] = all[i];
    }
    *items = all;
    *count = kept;
    return domain_audit_read(ctx, "notification.list", "user", ctx->user->id,
                             arena_printf(ctx->arena, "%d shown, %d unread", kept, *unread));
}

int domain_notifications_mark_read(Ctx *ctx, const NotificationKey *keys, int count, bool all)
{
    int rc = require_notified(ctx);
    if (rc != TK_OK)
        return rc;
    for (int i = 0; !all && i < count; i++)
        if (!kind_known(keys[i].kind))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", arena_printf(ctx->arena, "items[%d].kind", i));
    if (rc != TK_OK)
        return rc;
    /* only events that are the user's notifications now: one that has gone meanwhile (a colleague accepted the
     * referral) is nothing to keep */
    Notification *current;
    int total;
    if ((rc = collect(ctx, &current, &total)) != TK_OK)
        return rc;
    int marked = 0;
    DOMAIN_TRANSACTION(ctx, rc, {
        for (int i = 0; rc == TK_OK && i < total; i++) {
            const Notification *n = &current[i];
            bool chosen = all && !n->read;
            for (int k = 0; !all && !chosen && k < count; k++)
                chosen = keys[k].object_id == n->object_id && keys[k].at == n->at && strcmp(keys[k].kind, n->kind) == 0;
            if (!chosen)
                continue;
            rc = store_notification_mark_read(ctx->db, ctx->user->id, n->kind, n->object_id, n->at,
                                              !CODES_ONE_OF(n->kind, task_kinds));
            marked++;
        }
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "notification.read", "user", ctx->user->id, "ok",
                                     all ? arena_printf(ctx->arena, "%d marked read (all)", marked)
                                         : arena_printf(ctx->arena, "%d marked read", marked));
    });
    return rc;
}
