#include "base/settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    int64_t fallback;
    int64_t min;
    int64_t max;
    const char *describe;
} SettingSpec;

static const SettingSpec specs[SET_COUNT] = {
    [SET_THREADS] = {"threads", 4, 1, 256, "HTTP worker threads, each with its own database connection"},
    [SET_MAX_CONNECTIONS] = {"max_connections", 512, 1, 100000, "open connections in all"},
    [SET_MAX_CONNECTIONS_PER_IP] = {"max_connections_per_ip", 64, 1, 100000, "open connections from one address"},
    [SET_MAX_BODY_BYTES] = {"max_body_bytes", 65536, 256, 64 * 1024 * 1024, "largest request body (413 above)"},
    [SET_MAX_HEADER_BYTES] = {"max_header_bytes", 16384, 8192, 1024 * 1024,
                              "largest request line and headers together (431 above)"},
    [SET_IDLE_TIMEOUT_SECONDS] = {"idle_timeout_seconds", 30, 1, 3600, "an idle connection is closed after this"},
    [SET_MAX_URI_BYTES] = {"max_uri_bytes", 8192, 1024, 65536,
                           "longest request address, path and query (414 above, as above 100 query parameters)"},
    [SET_HEADER_TIMEOUT_SECONDS] =
        {"header_timeout_seconds", 10, 1, 3600,
         "a request's line and headers must arrive within this of the connection's start or the previous answer"},
    [SET_BODY_TIMEOUT_SECONDS] = {"body_timeout_seconds", 30, 1, 3600,
                                  "a request's body must arrive within this of its headers"},
    [SET_SESSION_IDLE_SECONDS] = {"session_idle_seconds", 30 * 60, 1, 24 * 3600,
                                  "a session ends after this long without a request"},
    [SET_SESSION_MAX_SECONDS] = {"session_max_seconds", 12 * 3600, 60, 7 * 24 * 3600,
                                 "a session ends this long after login"},
    [SET_LOGIN_MAX_FAILURES] = {"login_max_failures", 10, 3, 100, "failed logins allowed per account in the window"},
    [SET_LOGIN_WINDOW_SECONDS] = {"login_window_seconds", 15 * 60, 60, 24 * 3600,
                                  "window in which failed logins are counted"},
    [SET_LOGIN_LOCK_SECONDS] = {"login_lock_seconds", 15 * 60, 1, 24 * 3600, "how long an account name stays locked"},
    [SET_PASSWORD_MIN_LENGTH] = {"password_min_length", 10, 10, 64, "shortest password accepted"},
    [SET_PASSWORD_MAX_LENGTH] = {"password_max_length", 256, 64, 4096, "longest password accepted"},
    [SET_TOKEN_DAYS] = {"token_days", 365, 1, 3650, "lifetime of API tokens"},
    /* supervisors (8), managers (16) and auditors (64), who read case content across a unit or more,
     * administrators (128), who set every user's password and second factor, and records officers (512), who open
     * sealed juvenile records and anonymise or erase records */
    [SET_SECOND_FACTOR_ROLES] = {"second_factor_roles", 728, 0, 1023,
                                 "the roles that must sign in with a second factor: a sum of role bits (caseworker 1,"
                                 " monitor 2, officer 4, supervisor 8, manager 16, committee 32, auditor 64, admin 128,"
                                 " home staff 256, records officer 512)"},
    [SET_BREAK_GLASS_MINUTES] =
        {"break_glass_minutes", 60, 5, 24 * 60,
         "how long a worker's emergency (break-glass) access to a case she is not allowed lasts"},
    [SET_AUDIT_BATCH_MICROSECONDS] =
        {"audit_batch_microseconds", 0, 0, 100000,
         "how long audit rows of reads may wait for others to share one commit (0: none; under load they share anyway)"},
    [SET_SEARCH_WORK_LIMIT] =
        {"search_work_limit", 262144, 16, 16777216,
         "persons one person search may consider; a search that stops there says so (\"truncated\") rather than miss someone silently"},
    [SET_CASE_ASSIGN_HOURS] = {"case_assign_hours", 3, 1, 24 * 30,
                               "a new case not assigned to a social worker within this many hours is overdue"},
    [SET_CASE_ASSIGN_HIGH_RISK_HOURS] = {"case_assign_high_risk_hours", 1, 1, 24 * 30,
                                         "the same for a case of high risk"},
    [SET_FIRST_RESPONSE_HOURS] = {"first_response_hours", 24, 1, 24 * 30,
                                  "family violence: hours to the first response (the risk assessment)"},
    [SET_SETTLEMENT_DAYS] = {"settlement_days", 14, 1, 365, "days from a settlement's first session to its end"},
    [SET_SETTLEMENT_EXTENSION_DAYS] = {"settlement_extension_days", 14, 0, 365,
                                       "days the one extension of a settlement adds"},
    [SET_DETENTION_DAYS] = {"detention_days", 10, 1, 365,
                            "days of pre-trial detention of a juvenile, and of each renewal"},
    [SET_MONITOR_REPORT_MONTHS] =
        {"monitor_report_months", 3, 1, 60,
         "calendar months between a behaviour monitor's reports on a juvenile (from the last report, or the plan's start)"},
    [SET_SOCIAL_STUDY_DAYS] =
        {"social_study_days", 7, 1, 365,
         "juvenile in conflict with the law: days from registration (or reopening) to the monitor's social study, submitted for review"},
    [SET_FAMILY_NOTICE_HOURS] = {"family_notice_hours", 48, 1, 24 * 30,
                                 "hours to tell an inmate's family of a transfer"},
    [SET_CLOSURE_APPROVAL_DAYS] = {"closure_approval_days", 3, 1, 365, "days a supervisor has to decide on a closure"},
    [SET_REFERRAL_STALE_DAYS] = {"referral_stale_days", 14, 1, 365,
                                 "a referral or transfer whose status has not changed for this many days is flagged"},
    [SET_NOTIFY_TASK_HOURS] =
        {"notify_task_hours", 24, 1, 24 * 30,
         "a task of the user's falling due within this many hours is among their notifications (and an overdue one)"},
    [SET_NOTIFY_DAYS] =
        {"notify_days", 30, 1, 365,
         "notifications that ask nothing more of the user (a study approved, an assignment) are shown this many days"},
    [SET_DEMO_CASES_PER_KIND] = {"demo_cases_per_kind", 300, 0, 10000,
                                 "takamul demo: synthetic cases of each kind, across the governorates"},
    [SET_AFTERCARE_MONTHS] = {"aftercare_months", 6, 1, 36,
                              "months of aftercare follow-up of a released inmate and the family (contacts at 1, 3, "
                              "then every 3 months to the last)"},
    [SET_STATISTICS_SMALL_COUNT] =
        {"statistics_small_count", 5, 2, 100,
         "statistics: a count from 1 to one less than this is shown as \"<N\" outside the unit"},
    /* Retention after closure (docs/security.md, "Retention"): the law asks that data be kept no longer than its
     * purpose and names no number of years; these are policy choices, written down there with their reasons. */
    [SET_RETENTION_YEARS_FAMILY_VIOLENCE] = {"retention_years_family_violence", 10, 1, 100,
                                             "years a closed family-violence case is kept before it is anonymised"},
    [SET_RETENTION_YEARS_JUVENILE_CONFLICT] =
        {"retention_years_juvenile_conflict", 5, 1, 100,
         "years a closed case of a juvenile in conflict with the law is kept before it is anonymised"},
    [SET_RETENTION_YEARS_JUVENILE_PROTECTION] =
        {"retention_years_juvenile_protection", 10, 1, 100,
         "years a closed case of a juvenile in need of protection is kept before it is anonymised"},
    [SET_RETENTION_YEARS_INMATE_FAMILY] = {"retention_years_inmate_family", 5, 1, 100,
                                           "years a closed inmate and family case is kept before it is anonymised"},
    [SET_SEAL_READ_DAYS_MAX] = {"seal_read_days_max", 30, 1, 365,
                                "the longest a court order may open a sealed record to its reader, in days"},
};

static int64_t values[SET_COUNT];
static int values_ready;

static void settings_ensure(void)
{
    if (!values_ready) {
        for (int i = 0; i < SET_COUNT; i++)
            values[i] = specs[i].fallback;
        values_ready = 1;
    }
}

void settings_reset(void)
{
    values_ready = 0;
    settings_ensure();
}

int64_t settings_get(SettingId id)
{
    settings_ensure();
    return values[id];
}

const char *settings_name(SettingId id)
{
    return specs[id].name;
}

const char *settings_describe(SettingId id)
{
    return specs[id].describe;
}

int settings_set(const char *name, const char *value, char error[256])
{
    settings_ensure();
    for (int i = 0; i < SET_COUNT; i++) {
        if (strcmp(specs[i].name, name) != 0)
            continue;
        char *end = NULL;
        errno = 0;
        long long parsed = strtoll(value, &end, 10);
        if (errno || end == value || *end != '\0') {
            snprintf(error, 256, "setting %s: '%s' is not a whole number", name, value);
            return -1;
        }
        if (parsed < specs[i].min || parsed > specs[i].max) {
            snprintf(error, 256, "setting %s: %lld is outside %lld..%lld", name, parsed, (long long)specs[i].min,
                     (long long)specs[i].max);
            return -1;
        }
        values[i] = parsed;
        return 0;
    }
    snprintf(error, 256, "unknown setting '%s'", name);
    return -1;
}

static char *trim(char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen(text);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n' || text[len - 1] == '\r'))
        text[--len] = '\0';
    return text;
}

int settings_load_file(const char *path, char error[256])
{
    FILE *file = fopen(path, "r");
    if (!file) {
        snprintf(error, 256, "cannot open settings file %s", path);
        return -1;
    }
    char line[512];
    int number = 0, rc = 0;
    while (fgets(line, sizeof line, file)) {
        number++;
        char *text = trim(line);
        if (*text == '\0' || *text == '#')
            continue;
        char *equals = strchr(text, '=');
        if (!equals) {
            snprintf(error, 256, "%s:%d: expected name = value", path, number);
            rc = -1;
            break;
        }
        *equals = '\0';
        char inner[256];
        if (settings_set(trim(text), trim(equals + 1), inner) != 0) {
            snprintf(error, 256, "%s:%d: %.200s", path, number, inner);
            rc = -1;
            break;
        }
    }
    fclose(file);
    return rc;
}
