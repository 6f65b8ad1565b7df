/* The one settings table: every tunable of the program, its default, its bounds. */
#ifndef TAKAMUL_BASE_SETTINGS_H
#define TAKAMUL_BASE_SETTINGS_H

#include <stdint.h>

typedef enum {
    SET_THREADS,                /* HTTP worker threads */
    SET_MAX_CONNECTIONS,        /* open connections in all */
    SET_MAX_CONNECTIONS_PER_IP, /* open connections from one address */
    SET_MAX_BODY_BYTES,         /* request body; larger gets 413 */
    SET_MAX_HEADER_BYTES,       /* memory for one connection's headers */
    SET_IDLE_TIMEOUT_SECONDS,   /* an idle connection is closed after this */
    SET_MAX_URI_BYTES,          /* a request's address (path and query); longer gets 414 */
    SET_HEADER_TIMEOUT_SECONDS, /* a request's line and headers arrive within this, or the connection is closed */
    SET_BODY_TIMEOUT_SECONDS,   /* a request's body arrives within this after its headers, or the same */
    SET_SESSION_IDLE_SECONDS,   /* a session ends after this long without a request */
    SET_SESSION_MAX_SECONDS,    /* a session ends this long after login */
    SET_LOGIN_MAX_FAILURES,     /* failed logins allowed in the window */
    SET_LOGIN_WINDOW_SECONDS,   /* window over which failures are counted */
    SET_LOGIN_LOCK_SECONDS,     /* how long a name stays locked */
    SET_PASSWORD_MIN_LENGTH,
    SET_PASSWORD_MAX_LENGTH,
    SET_TOKEN_DAYS,               /* lifetime of API tokens */
    SET_SECOND_FACTOR_ROLES,      /* the roles (bits of domain/core/codes.h) that must sign in with a second factor */
    SET_BREAK_GLASS_MINUTES,      /* how long a worker's emergency access to a case she is not allowed lasts */
    SET_AUDIT_BATCH_MICROSECONDS, /* how long read-audit rows wait to be committed together */
    SET_SEARCH_WORK_LIMIT,        /* persons one person search may consider before it stops and says so */
    /* Case timeframes (domain.md §2–3); Jordan's own service figures are not published, hence settings. */
    SET_CASE_ASSIGN_HOURS,           /* a new case is assigned within this */
    SET_CASE_ASSIGN_HIGH_RISK_HOURS, /* … or this when its risk is high */
    SET_FIRST_RESPONSE_HOURS,        /* family violence: the first response (risk assessment) */
    SET_SETTLEMENT_DAYS,             /* a settlement ends within this of its first session */
    SET_SETTLEMENT_EXTENSION_DAYS,   /* the one extension */
    SET_DETENTION_DAYS,              /* pre-trial detention, and each renewal */
    SET_MONITOR_REPORT_MONTHS,       /* a behaviour monitor's report on a juvenile, every … calendar months */
    SET_SOCIAL_STUDY_DAYS,           /* a juvenile in conflict with the law: the monitor's social study within this */
    SET_FAMILY_NOTICE_HOURS,         /* an inmate's family is told of a transfer within this */
    SET_CLOSURE_APPROVAL_DAYS,       /* a supervisor decides on a closure within this */
    SET_REFERRAL_STALE_DAYS,         /* a referral whose status has not changed for this long is flagged */
    SET_NOTIFY_TASK_HOURS,           /* a task falling due within this is a notification */
    SET_NOTIFY_DAYS,                 /* news that asks nothing more (a study approved, an assignment) stays this long */
    SET_DEMO_CASES_PER_KIND,         /* takamul demo: synthetic cases of each kind */
    SET_AFTERCARE_MONTHS,            /* a released inmate and the family are followed up this many months */
    SET_STATISTICS_SMALL_COUNT,      /* statistics: counts below this are hidden outside the unit */
    /* Retention: a closed case of each kind is kept this many years, then listed for anonymisation. */
    SET_RETENTION_YEARS_FAMILY_VIOLENCE,
    SET_RETENTION_YEARS_JUVENILE_CONFLICT,
    SET_RETENTION_YEARS_JUVENILE_PROTECTION,
    SET_RETENTION_YEARS_INMATE_FAMILY,
    SET_SEAL_READ_DAYS_MAX, /* the longest a court order opens a sealed record to its reader */
    SET_COUNT
} SettingId;

/* Current value of an integer setting. */
int64_t settings_get(SettingId id);
/* Sets "name=value" or name and value from text; returns 0, or -1 with a message in error (size 256). */
int settings_set(const char *name, const char *value, char error[256]);
/* Reads "name = value" lines (# comments) from a file; -1 with a message naming the line on failure. */
int settings_load_file(const char *path, char error[256]);
/* Returns to the defaults (tests). */
void settings_reset(void);
/* Name of a setting, for listing. */
const char *settings_name(SettingId id);
const char *settings_describe(SettingId id);

#endif
