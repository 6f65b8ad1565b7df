/* Notifications: the events that concern a user, derived when read. */
#ifndef TAKAMUL_MODEL_NOTIFICATION_H
#define TAKAMUL_MODEL_NOTIFICATION_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    const char *kind;        /* study_returned, study_approved, study_submitted, referral_received, … */
    const char *object_type; /* study, referral or case: the record it links to */
    int64_t object_id, case_id;
    int64_t at; /* when it happened (a task: when it falls due) */
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

#endif
