/* Several Takamul servers on one PostgreSQL database (docs/store.md, "Several servers"): the announcements of the
 * person change feed (LISTEN, and the trigger of engine.sql that NOTIFYs in the writing transaction) and the locks of
 * the background jobs (session advisory locks, of keys apart from the writer lock's). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "store/pg/pg.h"

/* A job's advisory lock: this base plus the job's number (StoreJob), never the writer lock's key. */
#define PG_JOB_LOCK_BASE 5419738500LL

int pg_changes_listen(Db *db)
{
    return store_pg_exec(db, "LISTEN takamul_person_changes", NULL);
}

/* Drops the notifications received; whether there was one. */
static bool drain(PGconn *conn)
{
    bool any = false;
    PGnotify *notice;
    while ((notice = PQnotifies(conn)) != NULL) {
        any = true;
        PQfreemem(notice);
    }
    return any;
}

int pg_changes_wait(Db *db, int timeout_ms)
{
    PGconn *conn = store_pg_conn(db);
    if (PQstatus(conn) != CONNECTION_OK || !PQconsumeInput(conn))
        return TK_ERR_DB;
    if (drain(conn))
        return TK_OK;
    struct pollfd waiting = {.fd = PQsocket(conn), .events = POLLIN};
    if (waiting.fd < 0)
        return TK_ERR_DB;
    int ready = poll(&waiting, 1, timeout_ms);
    if (ready > 0 && !PQconsumeInput(conn))
        return TK_ERR_DB;
    drain(conn);
    return TK_OK;
}

/* Runs a query of one boolean with the lock's key; its value in *value. */
static int lock_query(Db *db, const char *sql, int64_t key, bool *value)
{
    char text[24], answer[8];
    snprintf(text, sizeof text, "%lld", (long long)(PG_JOB_LOCK_BASE + key));
    int rc = store_pg_value(db, sql, text, answer, sizeof answer);
    if (rc == TK_OK)
        *value = strcmp(answer, "t") == 0;
    return rc;
}

int pg_job_try_lock(Db *db, int64_t key, bool *held)
{
    *held = false;
    return lock_query(db, "SELECT pg_try_advisory_lock($1::bigint)", key, held);
}

int pg_job_unlock(Db *db, int64_t key)
{
    bool released = false;
    int rc = lock_query(db, "SELECT pg_advisory_unlock($1::bigint)", key, &released);
    if (rc == TK_OK && !released)
        log_warn("the lock of background job %lld was not held", (long long)key);
    return rc;
}
