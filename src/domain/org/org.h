/* Managing the organisation: units and users, by administrators (and the console). Every change is
 * validated here and written with its audit row in one transaction; reads are audited too. */
#ifndef TAKAMUL_DOMAIN_ORG_H
#define TAKAMUL_DOMAIN_ORG_H

#include <stdbool.h>

#include "domain/core/context.h"
#include "model/org.h"

/* Fields of a unit to change; NULL (or has_* false) leaves a field as it is. */
typedef struct {
    const char *name_ar, *name_en, *type, *status;
    bool has_governorate;
    const char *governorate; /* NULL with has_governorate: none */
    bool has_parent;
    int64_t parent_id; /* 0 with has_parent: none */
} UnitChanges;

typedef struct {
    const char *full_name, *status;
    bool has_sex;
    const char *sex; /* NULL with has_sex: not recorded */
    bool has_unit;
    int64_t unit_id;
    bool has_roles;
    uint32_t roles;
} UserChanges;

int domain_unit_create(Ctx *ctx, Unit *unit);
int domain_unit_get(Ctx *ctx, int64_t id, Unit *unit);
int domain_unit_get_by_code(Ctx *ctx, const char *code, Unit *unit);
int domain_unit_update(Ctx *ctx, int64_t id, int64_t version, const UnitChanges *changes, Unit *result);
int domain_units_list(Ctx *ctx, const UnitFilter *filter, Unit **units, int *count, int64_t *next_cursor);

/* Creates a user with a password that passes the policy. Made by an administrator through the API, the password is
 * one-time (user->must_change_password): it opens a session that can only change it. */
int domain_user_create(Ctx *ctx, User *user, const char *password);
int domain_user_get(Ctx *ctx, int64_t id, User *user);
int domain_user_get_by_name(Ctx *ctx, const char *username, User *user);
/* Disabling a user ends their sessions and revokes their tokens in the same transaction. */
int domain_user_update(Ctx *ctx, int64_t id, int64_t version, const UserChanges *changes, User *result);
/* Sets a new password, ends the user's sessions, revokes their tokens and clears a lockout of the name. Set by an
 * administrator for someone else through the API, the password is one-time, like a new account's. */
int domain_user_set_password(Ctx *ctx, int64_t id, const char *password);
int domain_users_list(Ctx *ctx, const UserFilter *filter, User **users, int *count, int64_t *next_cursor);

#endif
