/* A small world for the domain's unit tests, in a scratch database: units, users in them, cases and referrals,
 * each with the fields the store requires and synthetic values otherwise, and the context a user acts in. The tests
 * of who sees what (cases/test_visibility.c, referrals/test_referral_visibility.c) build their grids with it. */
#ifndef TAKAMUL_TESTS_DOMAIN_WORLD_H
#define TAKAMUL_TESTS_DOMAIN_WORLD_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/fault.h"
#include "domain/core/context.h"
#include "store/cases.h"
#include "store/org.h"
#include "store/referrals.h"
#include "store/store.h"
#include "temp_dir.h"

/* Opens a new database named file in a new scratch directory, with a fixed audit key, and begins a transaction. */
static inline void world_open(TempDir *temp, const char *file, Db **db)
{
    static const uint8_t key[32] = {7};
    store_set_audit_key(key);
    char error[256];
    assert_int_equal(temp_dir_make(temp), 0);
    assert_int_equal(store_open(temp_path(temp, file), STORE_OPEN_CREATE, db, error), TK_OK);
    assert_int_equal(store_begin(*db), TK_OK);
}

/* Closes the database, lets the users' names go (world_user_add) and removes the scratch directory. */
static inline void world_close(TempDir *temp, Db *db, User *users, int user_count)
{
    store_close(db);
    for (int i = 0; i < user_count; i++)
        free(users[i].username);
    temp_dir_remove(temp);
}

/* An active unit in Amman named by its code. */
static inline void world_unit_add(Db *db, Unit *u, const char *code, const char *type, const char *agency)
{
    *u = (Unit){.code = (char *)code,
                .name_ar = (char *)code,
                .name_en = (char *)code,
                .type = (char *)type,
                .agency = (char *)agency,
                .governorate = "amman",
                .status = "active"};
    assert_int_equal(store_unit_insert(db, u), TK_OK);
}

/* An active user "viewer<index>" of the unit with roles; name is her full name (kept, not copied). */
static inline void world_user_add(Db *db, User *u, int index, const char *name, int64_t unit_id, uint32_t roles)
{
    char username[32];
    snprintf(username, sizeof username, "viewer%d", index);
    *u = (User){.username = strdup(username),
                .full_name = (char *)name,
                .unit_id = unit_id,
                .roles = roles,
                .status = "active"};
    assert_int_equal(store_user_insert(db, u, "synthetic-hash"), TK_OK);
}

/* A family-violence case of the unit at registration; its id. */
static inline int64_t world_case_add(Db *db, int64_t unit_id, const char *reference, const char *sensitivity)
{
    Case c = {.reference = (char *)reference,
              .kind = "family_violence",
              .unit_id = unit_id,
              .stage = "registration",
              .sensitivity = (char *)sensitivity,
              .governorate = "amman",
              .reported_at = 1767225600,
              .settlement_eligible = -1};
    assert_int_equal(store_case_insert(db, &c, 0), TK_OK);
    return c.id;
}

/* A pending referral of the case from one unit to another, sent by the user; its id. */
static inline int64_t world_referral_add(Db *db, int64_t case_id, int64_t from_unit_id, int64_t to_unit_id,
                                         int64_t sent_by)
{
    Referral r = {.case_id = case_id,
                  .kind = "referral",
                  .reason = "synthetic",
                  .urgency = "routine",
                  .sections = "summary",
                  .status = "pending",
                  .consent_basis = "not_required",
                  .from_unit_id = from_unit_id,
                  .to_unit_id = to_unit_id,
                  .sent_by = sent_by};
    assert_int_equal(store_referral_add(db, &r), TK_OK);
    return r.id;
}

/* The context in which user, of unit, acts. */
static inline Ctx world_ctx(Db *db, Arena *arena, Fault *fault, User *user, Unit *unit)
{
    return (Ctx){.db = db, .arena = arena, .fault = fault, .client_addr = "test", .user = user, .unit = unit};
}

#endif
