/* Inside store/ only: the audit chain as the log (store/audit.c) and its writer (store/audit_writer.c) share it. */
#ifndef TAKAMUL_STORE_AUDIT_CHAIN_H
#define TAKAMUL_STORE_AUDIT_CHAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "store/audit.h"

/* Where the chain stands inside one transaction: read once, then carried from row to row (the transaction holds
 * the write lock, so no other row can come between). Starts zeroed. */
typedef struct {
    bool loaded;
    int64_t next_id;
    uint8_t previous[AUDIT_HASH_SIZE];
} AuditChain;

/* Appends a row chained to the last (from chain, loaded at the first row), inside the caller's transaction; sets
 * row->id and its times. 0 or a TkErr (and then chain is loaded again at the next row). */
int store_audit_append_chained(Db *db, AuditRow *row, AuditChain *chain);
/* Files up to max_rows rows after audit_filed.upto into the index by record, inside the caller's transaction.
 * *remaining: rows still unfiled after this batch. */
int store_audit_file_batch(Db *db, int64_t max_rows, int64_t *remaining);

#endif
