/* The audit log in the database: appending chained rows, reading them, verifying the chain,
 * and the group-commit writer for rows that record reads. */
#ifndef TAKAMUL_STORE_AUDIT_H
#define TAKAMUL_STORE_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "audit/chain.h"
#include "base/arena.h"
#include "model/audit.h"
#include "store/store.h"

/* Appends a row, chained to the last one, inside the caller's open transaction (store_begin).
 * Sets row->id. 0 or a TkErr. */
int store_audit_append(Db *db, AuditRow *row);

/* Rows matching the filter, newest first, into an arena array; *next_cursor is 0 on the last page. */
int store_audit_list(Db *db, const AuditFilter *filter, Arena *arena, AuditRow **rows, int *count,
                     int64_t *next_cursor);

/* Files up to max_rows of the newest unfiled rows into the index by record, in a transaction of its own (the
 * server's audit writer does this by itself). *remaining: rows still unfiled. */
int store_audit_file(Db *db, int max_rows, int64_t *remaining);
/* Rebuilds the index by record from the log; *filed: the last row filed. */
int store_audit_reindex(Db *db, int64_t *filed);

/* Called once for each problem found by store_audit_verify. */
typedef void (*AuditProblem)(void *context, int64_t id, const char *problem);
/* Recomputes the chain over every row, and checks the index by record against the log. Returns 0 when both hold,
 * TK_ERR_INVALID when any row was edited, deleted or reordered or the index differs from the log (each reported),
 * or another TkErr when it could not be read. */
/* expected_id (0: none) and expected_hash are a head recorded earlier outside the database (takamul audit head):
 * the chain must still hold that row with that hash, which finds newest rows deleted or an older copy restored. */
int store_audit_verify(Db *db, const uint8_t key[32], int64_t expected_id, const uint8_t *expected_hash,
                       AuditProblem report, void *context, int64_t *rows_checked);
/* The newest row's id and hash (zeros when empty), for recording outside the database. */
int store_audit_head(Db *db, int64_t *id, uint8_t hash[AUDIT_HASH_SIZE]);

/* Starts the writer thread that commits read-audit rows of all workers together, on its own connection. */
int store_audit_writer_start(const char *db_path, char error[256]);
/* Commits what is queued and stops the writer. */
void store_audit_writer_stop(void);
/* Told, on the writer's thread, whether the rows were committed (0) or not (a TkErr). */
typedef void (*AuditDone)(void *argument, int rc);
/* Queues rows (copied) for the next group commit and returns at once; done is called when they are committed.
 * TK_ERR_BUSY when the writer is not running, and then done is never called. */
int store_audit_submit(const AuditRow *rows, int count, AuditDone done, void *argument);
/* Commits rows at once, on the caller's connection db (not in a transaction), when the writer is idle and nothing
 * is queued (and no gathering window is set): no hand-off to the writer's thread and back, and a connection's own
 * commit leaves its page cache valid where another's would empty it. Returns false, having done nothing, when the
 * rows must be queued instead (store_audit_submit); otherwise *rc tells whether they were committed (0) or not (a
 * TkErr). Only one caller at a time commits this way; the others queue. */
bool store_audit_commit_now(Db *db, AuditRow *rows, int count, int *rc);
/* As store_audit_commit_now, but the commit does not wait for the disk: the rows are in the write-ahead log and the
 * syncer thread makes them durable, for every such commit at once, while the caller goes on. *ticket is what
 * store_audit_wait_synced waits for before the data may leave. db may hold a read snapshot: it ends before the
 * commit and begins anew after it. False, having committed nothing, when the engine has no such log (PostgreSQL), db is writing, the rows must be
 * queued (as store_audit_commit_now), a sync of the log has failed once (from then on, never), or the commit failed:
 * the rows must then go the usual way (store_audit_record, or deferred). */
bool store_audit_commit_early(Db *db, AuditRow *rows, int count, int64_t *ticket);
/* Waits until the rows of an early commit are on disk: 0, or TK_ERR_IO when a sync of the log has failed (the caller
 * must then not answer with the data). A ticket of 0 is already done. */
int store_audit_wait_synced(int64_t ticket);
/* Rows queued and not yet taken by the writer (for /metrics). */
int store_audit_queue_rows(void);
bool store_audit_writer_running(void);
/* Commits a row before returning: a read is audited before its response leaves. On db itself when the writer is
 * idle and db is in no transaction (store_audit_commit_now), otherwise queued for the writer and waited for.
 * Without a running writer (command-line tools) the row is written at once on db.
 * 0, or a TkErr when the row could not be written (the caller must then not answer with the data). */
int store_audit_record(Db *db, const AuditRow *row);

#endif
