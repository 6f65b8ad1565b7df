/* Notifications in the database: the events that concern a user, read from the records they are about (studies,
 * referrals and transfers, assignments; tasks come from store_task_list), and the events each user has marked read.
 * Nothing is written when an event happens: a notification is derived when it is read. Strings of returned records
 * live in the caller's arena. */
#ifndef TAKAMUL_STORE_NOTIFICATIONS_H
#define TAKAMUL_STORE_NOTIFICATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "store/cases.h"
#include "store/store.h"

typedef struct {
    const char *kind;        /* study_returned, study_approved, study_submitted, referral_received, … */
    const char *object_type; /* study, referral or case: the record it links to */
    int64_t object_id, case_id;
    int64_t at;              /* when it happened (a task: when it falls due) */
    char *reference, *case_kind;
    char *template_name_ar, *template_name_en; /* a study's template */
    char *unit_name_ar, *unit_name_en;         /* a referral's sending unit */
    char *urgency;                             /* a referral's */
    char *role;                                /* an assignment's */
    char *task;                                /* a task's kind */
    bool read;
} Notification;

/* What the queries keep: events no older than since (for those that ask nothing more of the user), at most limit of
 * each query, newest first. */
typedef struct {
    int64_t since;
    int limit;
} NotificationWindow;

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
