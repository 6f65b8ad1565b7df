#include "domain/org/org.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "auth/password.h"
#include "base/clock.h"
#include "base/err.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/org/login.h"
#include "store/org.h"
#include "store/session.h"
#include "text/utf8.h"

/* A display name: 1..max characters, not blank, no control characters. */
static int check_name(Ctx *ctx, const char *text, size_t max, const char *field)
{
    size_t len = strlen(text);
    size_t chars = text_utf8_length(text, len);
    bool blank = true;
    for (size_t i = 0; i < len && blank; i++)
        blank = isspace((unsigned char)text[i]);
    if (chars == 0 || blank)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", field);
    if (chars > max)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.too_long", field);
    if (text_has_control(text, len, false))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", field);
    return TK_OK;
}

static bool matches_charset(const char *text, size_t min, size_t max, const char *extra, bool upper)
{
    size_t len = strlen(text);
    if (len < min || len > max)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        bool letter = upper ? (c >= 'A' && c <= 'Z') : (c >= 'a' && c <= 'z');
        if (!letter && !(c >= '0' && c <= '9') && !strchr(extra, c))
            return false;
    }
    return true;
}

static int check_unit_fields(Ctx *ctx, const Unit *unit)
{
    int rc = TK_OK;
    if (check_name(ctx, unit->name_ar, 200, "name_ar") != TK_OK)
        rc = TK_ERR_INVALID;
    if (check_name(ctx, unit->name_en, 200, "name_en") != TK_OK)
        rc = TK_ERR_INVALID;
    const CodeEntry *type = codes_find(&codes_unit_types, unit->type);
    if (!type)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "type");
    if (!codes_find(&codes_agencies, unit->agency))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "agency");
    else if (type && type->agency && strcmp(type->agency, unit->agency) != 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "unit.agency_mismatch", "agency");
    if (unit->governorate && !codes_find(&codes_governorates, unit->governorate))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "governorate");
    if (strcmp(unit->status, "active") != 0 && strcmp(unit->status, "closed") != 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "status");
    if (rc != TK_OK || !unit->parent_id)
        return rc;
    Unit parent;
    rc = store_unit_get(ctx->db, unit->parent_id, ctx->arena, &parent);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "parent_id");
    if (rc != TK_OK || !unit->id)
        return rc;
    int cycle = 0;
    if ((rc = store_unit_is_ancestor(ctx->db, unit->id, unit->parent_id, &cycle)) != TK_OK)
        return rc;
    return cycle ? fault_field(ctx->fault, TK_ERR_INVALID, "unit.parent_cycle", "parent_id") : TK_OK;
}

int domain_unit_create(Ctx *ctx, Unit *unit)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    unit->id = 0;
    unit->status = "active";
    if (!matches_charset(unit->code, 2, 32, "-", true))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "code");
    DOMAIN_TRANSACTION(ctx, rc, {
        if ((rc = check_unit_fields(ctx, unit)) == TK_OK)
            rc = store_unit_insert(ctx->db, unit);
        if (rc == TK_ERR_EXISTS)
            fault_field(ctx->fault, rc, "conflict.exists", "code");
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "unit.create", "unit", unit->id, "ok", NULL);
    });
    return rc;
}

int domain_unit_get(Ctx *ctx, int64_t id, Unit *unit)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_READ_UNITS);
    rc = store_unit_get(ctx->db, id, ctx->arena, unit);
    return DOMAIN_READ_FOUND(ctx, rc, "unit.read", "unit", unit->id);
}

int domain_unit_get_by_code(Ctx *ctx, const char *code, Unit *unit)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    rc = store_unit_get_by_code(ctx->db, code, ctx->arena, unit);
    return DOMAIN_READ_FOUND(ctx, rc, "unit.read", "unit", unit->id);
}

int domain_unit_update(Ctx *ctx, int64_t id, int64_t version, const UnitChanges *changes, Unit *result)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = domain_at_version(ctx, store_unit_get(ctx->db, id, ctx->arena, result), &result->version, version);
        if (rc == TK_OK) {
            if (changes->name_ar)
                result->name_ar = (char *)changes->name_ar;
            if (changes->name_en)
                result->name_en = (char *)changes->name_en;
            if (changes->type)
                result->type = (char *)changes->type;
            if (changes->status)
                result->status = (char *)changes->status;
            if (changes->has_governorate)
                result->governorate = (char *)changes->governorate;
            if (changes->has_parent)
                result->parent_id = changes->parent_id;
            rc = check_unit_fields(ctx, result);
        }
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_unit_update(ctx->db, result));
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "unit.update", "unit", id, "ok", NULL);
    });
    return rc;
}

int domain_units_list(Ctx *ctx, const UnitFilter *filter, Unit **units, int *count, int64_t *next_cursor)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_READ_UNITS);
    rc = store_unit_list(ctx->db, filter, ctx->arena, units, count, next_cursor);
    return rc == TK_OK ? domain_audit_read(ctx, "unit.list", "unit", 0, NULL) : rc;
}

/* Checks the unit a user is placed in: it must exist and be open. */
static int check_user_unit(Ctx *ctx, int64_t unit_id)
{
    Unit unit;
    int rc = store_unit_get(ctx->db, unit_id, ctx->arena, &unit);
    if (rc == TK_ERR_NOT_FOUND || (rc == TK_OK && strcmp(unit.status, "active") != 0))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "unit_id");
    return rc;
}

static int check_user_fields(Ctx *ctx, const User *user)
{
    int rc = check_name(ctx, user->full_name, 120, "full_name");
    if (user->roles == 0 || (user->roles & ~(uint32_t)ROLE_ALL))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "roles");
    /* Administrators manage accounts and never read case content: the roles do not mix on one account. */
    else if ((user->roles & ROLE_ADMIN) && (user->roles & ~(uint32_t)(ROLE_ADMIN | ROLE_AUDITOR)))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "user.admin_exclusive", "roles");
    if (strcmp(user->status, "active") != 0 && strcmp(user->status, "disabled") != 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "status");
    if (user->sex && strcmp(user->sex, "female") != 0 && strcmp(user->sex, "male") != 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "sex");
    return rc;
}

/* Whether a password the actor sets for account user_id is one-time: set by an administrator through the API for
 * someone else's account, it only lets its owner choose their own. At the console the operator holds the database
 * and its key file, so a one-time password would protect nothing there. */
static bool password_is_one_time(const Ctx *ctx, int64_t user_id)
{
    return !ctx->command_line && ctx->user && ctx->user->id != user_id;
}

int domain_user_create(Ctx *ctx, User *user, const char *password)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    user->status = "active";
    user->must_change_password = password_is_one_time(ctx, 0);
    if (!matches_charset(user->username, 3, 32, "._-", false))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "username");
    if (check_user_fields(ctx, user) != TK_OK)
        rc = TK_ERR_INVALID;
    if (domain_password_acceptable(ctx, password, "password") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    char hash[PASSWORD_HASH_SIZE];
    if (password_hash(password, hash) != 0)
        return TK_ERR_NOMEM;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = check_user_unit(ctx, user->unit_id);
        if (rc == TK_OK && (rc = store_user_insert(ctx->db, user, hash)) == TK_ERR_EXISTS)
            fault_field(ctx->fault, rc, "conflict.exists", "username");
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "user.create", "user", user->id, "ok",
                                     user->must_change_password ? "one-time password" : NULL);
    });
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int domain_user_get(Ctx *ctx, int64_t id, User *user)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    rc = store_user_get(ctx->db, id, ctx->arena, user);
    return DOMAIN_READ_FOUND(ctx, rc, "user.read", "user", user->id);
}

int domain_user_get_by_name(Ctx *ctx, const char *username, User *user)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    rc = store_user_get_for_login(ctx->db, username, ctx->arena, user);
    if (rc == TK_OK)
        user->password_hash = NULL;
    return DOMAIN_READ_FOUND(ctx, rc, "user.read", "user", user->id);
}

int domain_user_update(Ctx *ctx, int64_t id, int64_t version, const UserChanges *changes, User *result)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    /* An administrator cannot lock themselves out: no self-disabling, no dropping one's own admin role. */
    if (ctx->user && ctx->user->id == id) {
        if (changes->status && strcmp(changes->status, "active") != 0)
            return fault_field(ctx->fault, TK_ERR_INVALID, "user.self_disable", "status");
        if (changes->has_roles && changes->roles != ctx->user->roles)
            return fault_field(ctx->fault, TK_ERR_INVALID, "user.self_roles", "roles");
    }
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = domain_at_version(ctx, store_user_get(ctx->db, id, ctx->arena, result), &result->version, version);
        bool disabling = false;
        if (rc == TK_OK) {
            disabling = changes->status && strcmp(changes->status, "disabled") == 0 &&
                        strcmp(result->status, "disabled") != 0;
            if (changes->full_name)
                result->full_name = (char *)changes->full_name;
            if (changes->has_sex)
                result->sex = (char *)changes->sex;
            if (changes->status)
                result->status = (char *)changes->status;
            if (changes->has_roles)
                result->roles = changes->roles;
            if (changes->has_unit)
                result->unit_id = changes->unit_id;
            rc = check_user_fields(ctx, result);
            if (rc == TK_OK && changes->has_unit)
                rc = check_user_unit(ctx, result->unit_id);
        }
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_user_update(ctx->db, result));
        if (rc == TK_OK && disabling) {
            int64_t now = clock_now();
            rc = store_sessions_end_for_user(ctx->db, id, 0, now);
            if (rc == TK_OK)
                rc = store_tokens_revoke_for_user(ctx->db, id, now);
        }
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, disabling ? "user.disable" : "user.update", "user", id, "ok", NULL);
    });
    return rc;
}

int domain_user_set_password(Ctx *ctx, int64_t id, const char *password)
{
    int rc = access_require(ctx, CAP_MANAGE_ORGANISATION);
    if (rc != TK_OK || (rc = domain_password_acceptable(ctx, password, "password")) != TK_OK)
        return rc;
    char hash[PASSWORD_HASH_SIZE];
    if (password_hash(password, hash) != 0)
        return TK_ERR_NOMEM;
    User user;
    int64_t now = clock_now();
    bool one_time = password_is_one_time(ctx, id);
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_user_get(ctx->db, id, ctx->arena, &user);
        if (rc == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK)
            rc = store_user_set_password(ctx->db, id, hash, one_time, now);
        if (rc == TK_OK)
            rc = store_sessions_end_for_user(ctx->db, id, 0, now);
        if (rc == TK_OK)
            rc = store_tokens_revoke_for_user(ctx->db, id, now);
        if (rc == TK_OK) {
            char name_key[65];
            domain_login_name_key(user.username, name_key);
            rc = store_login_failures_clear(ctx->db, name_key, NULL);
        }
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "user.password", "user", id, "ok", one_time ? "one-time password" : NULL);
    });
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int domain_users_list(Ctx *ctx, const UserFilter *filter, User **users, int *count, int64_t *next_cursor)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    rc = store_user_list(ctx->db, filter, ctx->arena, users, count, next_cursor);
    return rc == TK_OK ? domain_audit_read(ctx, "user.list", "user", 0, NULL) : rc;
}
