/* The health check: one question to the database, the schema's version. */
#include "domain/core/health.h"

#include "base/err.h"
#include "base/log.h"
#include "store/store.h"

int domain_health(Ctx *ctx)
{
    int version = store_schema_version(ctx->db);
    if (version == store_schema_latest())
        return TK_OK;
    if (version < 0)
        log_warn("health: the database does not answer");
    else
        log_warn("health: the database holds schema %d, this program writes %d", version, store_schema_latest());
    return TK_ERR_BUSY;
}
