#include <stdio.h>

#include "domain/context.h"
#include "store/audit.h"

static void fill_row(Ctx *ctx, AuditRow *row, const char *action, const char *object_type, int64_t object_id,
                     const char *outcome, const char *detail, char id_text[24])
{
    if (object_id)
        snprintf(id_text, 24, "%lld", (long long)object_id);
    *row = (AuditRow){
        .user_id = ctx->user ? ctx->user->id : 0,
        .username = ctx->user ? ctx->user->username : ctx->command_line ? "(console)" : NULL,
        .unit_id = ctx->user ? ctx->user->unit_id : 0,
        .action = action,
        .object_type = object_type,
        .object_id = object_id ? id_text : NULL,
        .outcome = outcome,
        .client_addr = ctx->command_line ? "console" : ctx->client_addr,
        .detail = detail,
    };
}

int domain_audit_change(Ctx *ctx, const char *action, const char *object_type, int64_t object_id,
                        const char *outcome, const char *detail)
{
    AuditRow row;
    char id_text[24];
    fill_row(ctx, &row, action, object_type, object_id, outcome, detail, id_text);
    return store_audit_append(ctx->db, &row);
}

int domain_audit_read_outcome(Ctx *ctx, const char *action, const char *object_type, int64_t object_id,
                              const char *outcome, const char *detail)
{
    AuditRow row;
    char id_text[24];
    fill_row(ctx, &row, action, object_type, object_id, outcome, detail, id_text);
    return store_audit_record(ctx->db, &row);
}

int domain_audit_read(Ctx *ctx, const char *action, const char *object_type, int64_t object_id,
                      const char *detail)
{
    return domain_audit_read_outcome(ctx, action, object_type, object_id, "ok", detail);
}
