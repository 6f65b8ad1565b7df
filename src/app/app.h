/* The running application, under the HTTP layer: the database connection of each worker thread, the read snapshot
 * each API request runs in, the audit writer that commits the read-audit rows of many requests together, and the
 * person index, loaded on its own thread. The HTTP layer knows sockets and headers; this knows none of them. */
#ifndef TAKAMUL_APP_APP_H
#define TAKAMUL_APP_APP_H

#include <stddef.h>
#include <stdint.h>

#include "api/request.h"

/* Checks that the database opens, starts loading the person index (on its own thread: the server answers at once,
 * and searches wait for it) and starts the audit writer. Returns 0, or non-zero with a message in error. */
int app_start(const char *db_path, char *error, size_t error_size);

/* What app_handle left to do. */
typedef enum {
    APP_ANSWERED,      /* the response is in req */
    APP_AUDIT_PENDING, /* the response may leave once its read-audit rows are committed: see app_submit_audits */
    APP_UNAVAILABLE,   /* no database connection or snapshot: answer 503 */
    APP_AUDIT_FAILED,  /* a read-audit row committed early did not reach the disk: the data is withheld (500) */
} AppOutcome;

/* Runs an API request: on this thread's connection, in one read snapshot, with any transaction a handler left
 * open rolled back. */
AppOutcome app_handle(Request *req);

/* Commits the request's read-audit rows on this thread when the audit writer is idle: false when they must be
 * handed over instead (app_submit_audits); otherwise *rc tells whether they were committed (TK_OK) or not (then
 * the answer must be withheld). */
bool app_commit_audits_now(Request *req, int *rc);
/* Hands the request's read-audit rows to the audit writer; done(argument, rc) is called on the writer's thread once
 * they are committed (rc TK_OK) or cannot be (then the answer must be withheld). When the writer refuses them at
 * once, done is called here, before this returns. */
void app_submit_audits(Request *req, void (*done)(void *argument, int rc), void *argument);

/* What /metrics reads of the running application. */
typedef struct {
    int64_t db_connections_open, db_connections_in_use; /* the worker threads' connections */
    int64_t audit_queue_rows;                           /* read-audit rows waiting for the writer */
    int64_t index_persons, index_bytes;                 /* the person index */
} AppGauges;
void app_gauges(AppGauges *gauges);

/* Commits what the audit writer holds and stops it: every pending done is called; audits submitted after this are
 * refused at once. */
void app_stop_writers(void);

/* Waits for the person index to finish loading and frees it. The last call. */
void app_close(void);

#endif
