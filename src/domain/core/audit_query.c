#include "domain/core/audit_query.h"

#include "base/err.h"
#include "domain/core/access.h"
#include "store/audit.h"

int domain_audit_list(Ctx *ctx, const AuditFilter *filter, AuditRow **rows, int *count, int64_t *next_cursor)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_READ_AUDIT);
    rc = store_audit_list(ctx->db, filter, ctx->arena, rows, count, next_cursor);
    return rc == TK_OK ? domain_audit_read(ctx, "audit.read", "audit", 0, NULL) : rc;
}
