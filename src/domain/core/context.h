/* Who is acting, on which connection, and where faults are recorded: passed to every domain call. */
#ifndef TAKAMUL_DOMAIN_CONTEXT_H
#define TAKAMUL_DOMAIN_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "audit/chain.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/fault.h"
#include "model/org.h"
#include "store/store.h"

typedef struct {
    Db *db;
    Arena *arena; /* the request's arena: records returned by domain calls live here */
    Fault *fault;
    const char *client_addr;
    const char *user_agent; /* the browser's User-Agent, cut short; NULL at the console */
    /* Set once the request is authenticated; NULL/0 before. */
    const User *user;
    const Unit *unit;
    int64_t session_id; /* 0 for bearer tokens and command-line tools */
    bool via_token;
    bool command_line; /* an administrator at the console: takamul user … */
    /* When set (the HTTP server sets it), rows of reads are collected here instead of being committed one by
     * one, and the server commits them (with other requests' rows) before the response leaves. */
    bool refusal_audited; /* a row with outcome "denied" was written for this request */
    bool defer_read_audits;
    AuditRow *deferred_reads;
    int deferred_count;
    int deferred_capacity;
    /* A read-audit row committed early (domain_audit_read_early) whose disk sync the server waits for before the
     * response leaves; 0 when none. */
    int64_t audit_ticket;
} Ctx;

/* Writes an audit row for an action in the caller's open transaction. */
int domain_audit_change(Ctx *ctx, const char *action, const char *object_type, int64_t object_id, const char *outcome,
                        const char *detail);
/* Writes an audit row for a read of protected data; it is committed (with those of other workers)
 * before this returns, so the data may then be sent. */
int domain_audit_read(Ctx *ctx, const char *action, const char *object_type, int64_t object_id, const char *detail);
/* The same, for a read whose row is known before the data is gathered: with the server deferring read audits, the
 * row is committed now without waiting for the disk, and the disk's sync runs while the request gathers its answer
 * (the server waits for it before the response leaves). Otherwise as domain_audit_read. A row committed so is kept
 * even when the request then fails: a read attempted is audited. */
int domain_audit_read_early(Ctx *ctx, const char *action, const char *object_type, int64_t object_id,
                            const char *detail);
/* The same with another outcome ("denied", "failed"). */
int domain_audit_read_outcome(Ctx *ctx, const char *action, const char *object_type, int64_t object_id,
                              const char *outcome, const char *detail);

/* rc, with a record the store did not find recorded as the answer's fault (not_found). */
static inline int domain_found(Ctx *ctx, int rc)
{
    return rc == TK_ERR_NOT_FOUND ? fault_set(ctx->fault, rc, "not_found") : rc;
}

/* rc of reading a record for a change at version: not_found recorded, or 409 version.conflict on the field version
 * when the record read (its version at *stored) is at another. */
static inline int domain_at_version(Ctx *ctx, int rc, const int64_t *stored, int64_t version)
{
    if (rc == TK_OK && *stored != version)
        return fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
    return domain_found(ctx, rc);
}

/* rc of a write at a version (a store's update of a record read for it): TK_ERR_CONFLICT, the record changed since,
 * recorded as 409 version.conflict on the field version. */
static inline int domain_write_at_version(Ctx *ctx, int rc)
{
    return rc == TK_ERR_CONFLICT ? fault_field(ctx->fault, rc, "version.conflict", "version") : rc;
}

/* rc of putting a case's one record of a kind at a version (0: the first): a version moved on (TK_ERR_CONFLICT) or a
 * first already put by another (TK_ERR_EXISTS), both recorded and returned as 409 version.conflict on the field
 * version. */
static inline int domain_put_at_version(Ctx *ctx, int rc)
{
    if (rc == TK_ERR_CONFLICT || rc == TK_ERR_EXISTS)
        return fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
    return rc;
}

/* The end of a single read: a record the store did not find (rc) recorded as not_found, a record found audited as
 * read (object_id is read only then). */
#define DOMAIN_READ_FOUND(ctx, rc, action, object_type, object_id)                                                     \
    ((rc) == TK_OK ? domain_audit_read((ctx), (action), (object_type), (object_id), NULL) : domain_found((ctx), (rc)))

/* True when memory ran out in the request's arena: a value copied there may have been lost on the way. */
#define DOMAIN_ARENA_FAILED(ctx) ((ctx)->arena && (ctx)->arena->failed)

/* Runs body inside one transaction: commits when it returns 0, rolls back otherwise. Nothing is written once the
 * request's arena has failed (before or during the body): a field copied as NULL would be written as absent. */
#define DOMAIN_TRANSACTION(ctx, rc, ...)                                                                               \
    do {                                                                                                               \
        (rc) = DOMAIN_ARENA_FAILED(ctx) ? TK_ERR_NOMEM : store_begin((ctx)->db);                                       \
        if ((rc) == 0) {                                                                                               \
            __VA_ARGS__;                                                                                               \
            if ((rc) == 0 && DOMAIN_ARENA_FAILED(ctx))                                                                 \
                (rc) = TK_ERR_NOMEM;                                                                                   \
            if ((rc) == 0)                                                                                             \
                (rc) = store_commit((ctx)->db);                                                                        \
            else                                                                                                       \
                store_rollback((ctx)->db);                                                                             \
        }                                                                                                              \
    } while (0)

#endif
