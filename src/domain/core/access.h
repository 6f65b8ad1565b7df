/* Access policy: deny by default; each capability names the roles that hold it. */
#ifndef TAKAMUL_DOMAIN_ACCESS_H
#define TAKAMUL_DOMAIN_ACCESS_H

#include "domain/core/context.h"

typedef enum {
    CAP_MANAGE_ORGANISATION, /* units and users: administrators */
    CAP_READ_AUDIT,          /* the audit log: auditors */
    CAP_READ_CASE_CONTENT,   /* case content: the working roles, never administrators or auditors alone */
    CAP_PERSONS,             /* the person registry: read, register, edit, link family */
    CAP_MERGE_PERSONS,       /* merging duplicate person records: supervisors */
    CAP_IMPORT_PERSONS,      /* bulk import of persons: the console only (a data migration, run by the operators) */
    CAP_CASES,               /* cases: the working roles and managers; which cases, domain/cases/visibility.c decides */
    CAP_READ_UNITS,          /* the units of the organisation (names, types, places): every role but the auditor */
    CAP_COMMITTEE,           /* the joint committee's records, read and write: its members */
    CAP_COMMITTEE_READ,      /* the joint committee's records, read only: its members and auditors */
    CAP_OBSERVE,             /* raising observations for the committee, and owning its actions: any working unit */
} Capability;

/* True when the acting user holds the capability. The console (takamul user …) holds organisation management. */
bool access_has(const Ctx *ctx, Capability capability);
/* 0, or TK_ERR_UNAUTHORIZED when nobody is signed in, or TK_ERR_FORBIDDEN (fault auth.forbidden). */
int access_require(Ctx *ctx, Capability capability);
/* The signed-in user's id (0 at the console without one), for the "by" of a change. */
int64_t access_acting_user(const Ctx *ctx);
/* The opening line of a domain call: declares rc, and returns from the calling function with access_require's error
 * unless the acting user holds the capability. */
#define DOMAIN_REQUIRE(rc, ctx, capability)                                                                            \
    int rc = access_require((ctx), (capability));                                                                      \
    if (rc != TK_OK)                                                                                                   \
    return rc

/* True when the signed-in user holds any of the role bits. */
bool access_has_role(const Ctx *ctx, uint32_t roles);

#endif
