/* Reading the audit log: auditors only, and the reading is itself audited. */
#ifndef TAKAMUL_DOMAIN_AUDIT_QUERY_H
#define TAKAMUL_DOMAIN_AUDIT_QUERY_H

#include "domain/core/context.h"
#include "model/audit.h"

int domain_audit_list(Ctx *ctx, const AuditFilter *filter, AuditRow **rows, int *count, int64_t *next_cursor);

#endif
