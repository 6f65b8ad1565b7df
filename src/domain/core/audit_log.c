#include <stdio.h>
#include <string.h>

#include "base/err.h"

#include "domain/core/context.h"
#include "store/audit.h"

static void fill_row(Ctx *ctx, AuditRow *row, const char *action, const char *object_type, int64_t object_id,
                     const char *outcome, const char *detail, char id_text[24])
{
    if (object_id)
        snprintf(id_text, 24, "%lld", (long long)object_id);
    *row = (AuditRow){
        .user_id = ctx->user ? ctx->user->id : 0,
        .username = ctx->user           ? ctx->user->username
                    : ctx->command_line ? "(console)"
                                        : NULL,
        .unit_id = ctx->user ? ctx->user->unit_id : 0,
        .action = action,
        .object_type = object_type,
        .object_id = object_id ? id_text : NULL,
        .outcome = outcome,
        .client_addr = ctx->command_line ? "console" : ctx->client_addr,
        .detail = detail,
    };
}

int domain_audit_change(Ctx *ctx, const char *action, const char *object_type, int64_t object_id, const char *outcome,
                        const char *detail)
{
    AuditRow row;
    char id_text[24];
    fill_row(ctx, &row, action, object_type, object_id, outcome, detail, id_text);
    return store_audit_append(ctx->db, &row);
}

/* Keeps a copy of the row in the request's arena for the server to commit before it answers. */
static int defer_row(Ctx *ctx, const AuditRow *row)
{
    AuditRow *grown = arena_grow(ctx->arena, ctx->deferred_reads, ctx->deferred_count, &ctx->deferred_capacity,
                                 sizeof(AuditRow));
    if (!grown)
        return TK_ERR_NOMEM;
    ctx->deferred_reads = grown;
    AuditRow *copy = &ctx->deferred_reads[ctx->deferred_count];
    *copy = *row;
    copy->object_id = arena_strdup(ctx->arena, row->object_id);
    if (row->object_id && !copy->object_id)
        return TK_ERR_NOMEM;
    ctx->deferred_count++;
    return TK_OK;
}

int domain_audit_read_outcome(Ctx *ctx, const char *action, const char *object_type, int64_t object_id,
                              const char *outcome, const char *detail)
{
    AuditRow row;
    char id_text[24];
    fill_row(ctx, &row, action, object_type, object_id, outcome, detail, id_text);
    if (outcome && strcmp(outcome, "denied") == 0)
        ctx->refusal_audited = true;
    if (ctx->defer_read_audits)
        return defer_row(ctx, &row);
    return store_audit_record(ctx->db, &row);
}

int domain_audit_read(Ctx *ctx, const char *action, const char *object_type, int64_t object_id, const char *detail)
{
    return domain_audit_read_outcome(ctx, action, object_type, object_id, "ok", detail);
}

int domain_audit_read_early(Ctx *ctx, const char *action, const char *object_type, int64_t object_id,
                            const char *detail)
{
    if (!ctx->defer_read_audits || ctx->audit_ticket)
        return domain_audit_read(ctx, action, object_type, object_id, detail);
    AuditRow row;
    char id_text[24];
    fill_row(ctx, &row, action, object_type, object_id, "ok", detail, id_text);
    if (store_audit_commit_early(ctx->db, &row, 1, &ctx->audit_ticket))
        return TK_OK;
    return defer_row(ctx, &row); /* committed with the request's other rows, before the response leaves */
}
