#include "domain/core/access.h"

#include <string.h>

#include "base/err.h"
#include "domain/core/codes.h"

static uint32_t roles_for(Capability capability)
{
    switch (capability) {
    case CAP_MANAGE_ORGANISATION: return ROLE_ADMIN;
    case CAP_READ_AUDIT: return ROLE_AUDITOR;
    case CAP_READ_CASE_CONTENT:
        return ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR | ROLE_MANAGER | ROLE_COMMITTEE |
               ROLE_HOME_STAFF;
    case CAP_PERSONS: return ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR | ROLE_MANAGER;
    case CAP_MERGE_PERSONS: return ROLE_SUPERVISOR;
    case CAP_IMPORT_PERSONS: return 0;
    case CAP_CASES:
        return ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR | ROLE_MANAGER | ROLE_HOME_STAFF;
    case CAP_READ_UNITS:
        return ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR | ROLE_MANAGER | ROLE_COMMITTEE |
               ROLE_ADMIN | ROLE_HOME_STAFF;
    case CAP_COMMITTEE: return ROLE_COMMITTEE;
    case CAP_COMMITTEE_READ: return ROLE_COMMITTEE | ROLE_AUDITOR;
    case CAP_OBSERVE:
        return ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR | ROLE_MANAGER | ROLE_HOME_STAFF;
    }
    return 0;
}

bool access_has(const Ctx *ctx, Capability capability)
{
    if (ctx->command_line)
        return capability == CAP_MANAGE_ORGANISATION || capability == CAP_READ_UNITS || capability == CAP_READ_AUDIT ||
               capability == CAP_IMPORT_PERSONS;
    if (!ctx->user || strcmp(ctx->user->status, "active") != 0)
        return false;
    return (ctx->user->roles & roles_for(capability)) != 0;
}

int access_require(Ctx *ctx, Capability capability)
{
    if (!ctx->user && !ctx->command_line)
        return fault_set(ctx->fault, TK_ERR_UNAUTHORIZED, "auth.required");
    if (!access_has(ctx, capability)) {
        /* Refusals are part of the record too; a failure to write this row does not change the answer. */
        static const char *names[] = {"manage_organisation",
                                      "read_audit",
                                      "read_case_content",
                                      "persons",
                                      "merge_persons",
                                      "import_persons",
                                      "cases",
                                      "read_units",
                                      "committee",
                                      "committee_read",
                                      "observe"};
        domain_audit_read_outcome(ctx, "access.denied", NULL, 0, "denied", names[capability]);
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    }
    return TK_OK;
}

int64_t access_acting_user(const Ctx *ctx)
{
    return ctx->user ? ctx->user->id : 0;
}

bool access_has_role(const Ctx *ctx, uint32_t roles)
{
    return ctx->user && (ctx->user->roles & roles) != 0;
}
