/* takamul check: the settings, the database, the statistics' counts and the audit chain. */

#include "console.h"
#include "base/settings.h"
#include "store/statistics.h"

/* The counts of the case load kept for the statistics (migration 32) against the cases; fix (--repair-counts) makes
 * those that differ again (docs/operations.md). */
static int check_counts(Db *db, bool fix)
{
    int differences = 0;
    char message[256];
    if (store_stat_counts_check(db, fix, &differences, message) != TK_OK) {
        printf("statistics counts: cannot be read\n");
        return 1;
    }
    if (!differences) {
        printf("statistics counts: ok\n");
        return 0;
    }
    printf("statistics counts: %d differ from the cases (the first: %s)%s\n", differences, message,
           fix ? "; made again from the cases" : "");
    return fix ? 0 : 1;
}

int command_check(const Options *options)
{
    Db *db;
    if (console_open_database(options, STORE_OPEN_NO_MIGRATE, &db) != 0)
        return 1;
    int status = 0;
    char error[256];
    int version = store_schema_version(db);
    if (version < store_schema_latest()) {
        printf("schema: version %d, older than %d: it will be migrated when opened\n", version, store_schema_latest());
    } else {
        printf("schema: version %d (current)\n", version);
    }
    if (store_check(db, error) != TK_OK) {
        printf("database: %s\n", error);
        status = 1;
    } else {
        printf("database: integrity and foreign keys ok\n");
    }
    if (status == 0 && version >= store_schema_latest() && check_counts(db, options->repair_counts) != 0)
        status = 1;
    if (settings_get(SET_SESSION_IDLE_SECONDS) > settings_get(SET_SESSION_MAX_SECONDS)) {
        printf("settings: session_idle_seconds is longer than session_max_seconds\n");
        status = 1;
    } else if (settings_get(SET_MAX_URI_BYTES) > settings_get(SET_MAX_HEADER_BYTES)) {
        printf("settings: max_uri_bytes is larger than max_header_bytes, of which the address is a part\n");
        status = 1;
    } else {
        printf("settings: ok\n");
    }
    if (console_audit_verify(db, options->expect, stdout) != 0)
        status = 1;
    store_close(db);
    return status;
}
