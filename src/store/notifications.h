/* Notifications in the database: the events that concern a user, read from the records they are about (studies,
 * referrals and transfers, assignments; tasks come from store_task_list), and the events each user has marked read.
 * Nothing is written when an event happens: a notification is derived when it is read. Strings of returned records
 * live in the caller's arena. */
#ifndef TAKAMUL_STORE_NOTIFICATIONS_H
#define TAKAMUL_STORE_NOTIFICATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/case.h"
#include "model/notification.h"
#include "store/store.h"

/* The user's own studies returned (while they stay returned) or approved (since). */
int store_notifications_studies_reviewed(Db *db, const CaseViewer *viewer, const NotificationWindow *window,
                                         Arena *arena, Notification **items, int *count);
/* The studies waiting for the viewer's review (their unit's, not their own; for supervisors), at their submission. */
int store_notifications_studies_submitted(Db *db, const CaseViewer *viewer, const NotificationWindow *window,
                                          Arena *arena, Notification **items, int *count);
/* The referrals pending at the viewer's unit, and its transfers when with_transfers, not sent by the viewer. */
int store_notifications_referrals(Db *db, const CaseViewer *viewer, bool with_transfers,
                                  const NotificationWindow *window, Arena *arena, Notification **items, int *count);
/* The viewer's current assignments to open cases made by someone else since window->since. */
int store_notifications_assignments(Db *db, const CaseViewer *viewer, const NotificationWindow *window, Arena *arena,
                                    Notification **items, int *count);

/* Sets read on each item the user has marked read, as it is now (same kind, record and time). */
int store_notifications_read_flags(Db *db, int64_t user_id, Notification *items, int count);
/* Records that the user has read the event; with forget_older, the user's older events of the same kind and record
 * are forgotten (they can never come back). */
int store_notification_mark_read(Db *db, int64_t user_id, const char *kind, int64_t object_id, int64_t at,
                                 bool forget_older);

#endif
