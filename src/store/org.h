/* Units and users in the database. Strings of returned records live in the caller's arena. */
#ifndef TAKAMUL_STORE_ORG_H
#define TAKAMUL_STORE_ORG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/org.h"
#include "store/store.h"

/* Inserts unit (id, version and times are set). 0, TK_ERR_EXISTS for a taken code, or a TkErr. */
int store_unit_insert(Db *db, Unit *unit);
/* 0, TK_ERR_NOT_FOUND, or a TkErr. */
int store_unit_get(Db *db, int64_t id, Arena *arena, Unit *unit);
int store_unit_get_by_code(Db *db, const char *code, Arena *arena, Unit *unit);
/* Writes the editable fields when unit->version is current, and bumps it.
 * 0, TK_ERR_CONFLICT (stale version), TK_ERR_NOT_FOUND, or a TkErr. */
int store_unit_update(Db *db, Unit *unit);
int store_unit_list(Db *db, const UnitFilter *filter, Arena *arena, Unit **units, int *count, int64_t *next_cursor);
/* Whether ancestor is unit itself or one of its parents. */
int store_unit_is_ancestor(Db *db, int64_t ancestor, int64_t unit, int *result);

/* Inserts user (id, version and times are set), with user->must_change_password as given. */
int store_user_insert(Db *db, User *user, const char *password_hash);
int store_user_get(Db *db, int64_t id, Arena *arena, User *user);
/* Looks a user up by name, case-insensitively, with the password hash. */
int store_user_get_for_login(Db *db, const char *username, Arena *arena, User *user);
/* Writes full_name, sex, unit_id, roles and status when user->version is current, and bumps it. */
int store_user_update(Db *db, User *user);
/* Sets a new password hash, one-time (must be changed at the next sign-in) or not, and bumps the version. */
int store_user_set_password(Db *db, int64_t user_id, const char *password_hash, bool one_time, int64_t now);
int store_user_set_last_login(Db *db, int64_t user_id, int64_t now);
int store_user_list(Db *db, const UserFilter *filter, Arena *arena, User **users, int *count, int64_t *next_cursor);

#endif
