/* Notifications inside the application: what concerns the user now, derived when read from the records that exist
 * (no event writes anything): their study returned or approved, a study waiting for their review, a referral or (for
 * supervisors) a transfer waiting at their unit, a case assigned to them by someone else, a task of theirs falling due
 * or overdue. Each names its record by the case reference, the case kind and what happened, never a person or the
 * case's text, and only for records the user may open (the access rules of cases, studies and referrals). What the
 * user marks read stays read until a new event about the same record. */
#ifndef TAKAMUL_DOMAIN_NOTIFICATIONS_H
#define TAKAMUL_DOMAIN_NOTIFICATIONS_H

#include "domain/core/context.h"
#include "model/notification.h"

/* At most this many events of each kind are considered (the newest). */
enum { NOTIFICATIONS_PER_KIND = 500 };

typedef struct {
    bool unread_only;
    int limit; /* 1..200 */
} NotificationQuery;

/* The user's notifications, newest first (a task at its due time), at most query->limit of them (arena);
 * *unread: how many of all of them are unread. */
int domain_notifications_list(Ctx *ctx, const NotificationQuery *query, Notification **items, int *count, int *unread);

/* An event as the user names it to mark it read: its kind, record and time, as the list gave them. */
typedef struct {
    const char *kind;
    int64_t object_id, at;
} NotificationKey;

/* Marks the events read (field names the request's items for faults: "items[2].kind"), or with all every current
 * notification of the user. */
int domain_notifications_mark_read(Ctx *ctx, const NotificationKey *keys, int count, bool all);

#endif
