/* Whether this server can serve: the health check a load balancer asks (GET /api/v1/health). */
#ifndef TAKAMUL_DOMAIN_CORE_HEALTH_H
#define TAKAMUL_DOMAIN_CORE_HEALTH_H

#include "domain/core/context.h"

/* TK_OK when the database answers with the schema this program writes; TK_ERR_BUSY (503, unavailable) when it does
 * not answer, or holds another schema (a newer program migrated it): a server that cannot serve leaves the load
 * balancer's rotation rather than answer every request with an error. */
int domain_health(Ctx *ctx);

#endif
