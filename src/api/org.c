/* /units and /users: the organisation, for administrators. */
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/core/codes.h"
#include "domain/org/org.h"

json_t *api_unit_json(const Unit *unit)
{
    json_t *json = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "id", (json_int_t)unit->id, "code",
                             unit->code, "name_ar", unit->name_ar, "name_en", unit->name_en, "type", unit->type,
                             "agency", unit->agency, "status", unit->status, "version", (json_int_t)unit->version,
                             "created_at", api_time(unit->created_at), "updated_at", api_time(unit->updated_at));
    json_object_set_new(json, "governorate", unit->governorate ? json_string(unit->governorate) : json_null());
    json_object_set_new(json, "parent_id", unit->parent_id ? json_integer(unit->parent_id) : json_null());
    return json;
}

json_t *api_roles_json(uint32_t roles)
{
    json_t *list = json_array();
    for (int i = 0; i < codes_roles.count; i++)
        if (roles & codes_roles.entries[i].bit)
            json_array_append_new(list, json_string(codes_roles.entries[i].code));
    return list;
}

json_t *api_user_json(const User *user, const Unit *unit)
{
    json_t *json = json_pack("{s:I, s:s, s:s, s:I, s:o, s:s, s:I, s:o, s:o, s:o}", "id", (json_int_t)user->id,
                             "username", user->username, "full_name", user->full_name, "unit_id",
                             (json_int_t)user->unit_id, "roles", api_roles_json(user->roles), "status", user->status,
                             "version", (json_int_t)user->version, "created_at", api_time(user->created_at),
                             "updated_at", api_time(user->updated_at), "last_login_at", api_time(user->last_login_at));
    json_object_set_new(json, "must_change_password", json_boolean(user->must_change_password));
    json_object_set_new(json, "sex", api_text_or_null(user->sex));
    if (unit)
        json_object_set_new(json, "unit", api_unit_json(unit));
    return json;
}

json_t *api_user_sex_json(const char *name, const char *sex)
{
    return api_text_or_null(name ? sex : NULL);
}

json_t *api_page_json(json_t *items, int64_t next_cursor)
{
    json_t *cursor = next_cursor ? json_sprintf("%lld", (long long)next_cursor) : json_null();
    return json_pack("{s:o, s:o}", "items", items, "next_cursor", cursor);
}

int api_units_list(Request *req)
{
    UnitFilter filter = {0};
    int rc = TK_OK;
    if (api_query_text(req, "type", &filter.type) || api_query_text(req, "agency", &filter.agency) ||
        api_query_text(req, "governorate", &filter.governorate) || api_query_text(req, "status", &filter.status) ||
        api_query_id(req, "cursor", &filter.after_id) || api_query_limit(req, &filter.limit))
        return TK_ERR_INVALID;
    Unit *units;
    int count;
    int64_t next;
    if ((rc = domain_units_list(&req->ctx, &filter, &units, &count, &next)) != TK_OK)
        return rc;
    json_t *items = API_ARRAY_OF(units, count, api_unit_json);
    api_respond(req, 200, api_page_json(items, next));
    return TK_OK;
}

static const FieldSpec unit_create_specs[] = BODY_TABLE(
    Unit, (code, FIELD_STRING, true, 32), (name_ar, FIELD_STRING, true, 200), (name_en, FIELD_STRING, true, 200),
    (type, FIELD_STRING, true, 64), (agency, FIELD_STRING, true, 16), (governorate, FIELD_STRING_OR_NULL, false, 32),
    (parent_id, FIELD_INTEGER_OR_NULL, false, 0));
API_BODY_HANDLER(api_units_create, Unit, unit_create_specs, domain_unit_create, 0, 201, api_unit_json)

API_GET_HANDLER(api_units_get, Unit, domain_unit_get, api_unit_json)

/* A change of a unit at its version. */
BODY_AT_VERSION(UnitChangesBody, UnitChanges, changes);
static const FieldSpec unit_update_specs[] = BODY_TABLE(
    UnitChangesBody, (version, FIELD_INTEGER, true, 0), (changes.name_ar, FIELD_STRING, false, 200),
    (changes.name_en, FIELD_STRING, false, 200), (changes.type, FIELD_STRING, false, 64),
    (changes.governorate, FIELD_STRING_OR_NULL, false, 32, BODY_SENT(UnitChangesBody, changes.has_governorate)),
    (changes.parent_id, FIELD_INTEGER_OR_NULL, false, 0, BODY_SENT(UnitChangesBody, changes.has_parent)),
    (changes.status, FIELD_STRING, false, 16));

API_BODY_CALL_HANDLER(api_units_update, UnitChangesBody, unit_update_specs, Unit,
                      domain_unit_update(&req->ctx, req->params[0], in.version, &in.changes, &out),
                      api_answer(req, 200, api_unit_json(&out)))

/* Reads a roles array into a bit set; every code must be known and the list not empty. */
static int roles_field(Request *req, json_t *body, uint32_t *roles)
{
    *roles = 0;
    json_t *list = json_object_get(body, "roles");
    size_t index;
    json_t *item;
    json_array_foreach(list, index, item)
    {
        uint32_t bit = codes_role_bit(json_string_value(item));
        if (!bit)
            return fault_field(&req->fault, TK_ERR_INVALID, "field.invalid", "roles");
        *roles |= bit;
    }
    if (list && !*roles)
        return fault_field(&req->fault, TK_ERR_INVALID, "field.required", "roles");
    return TK_OK;
}

/* A user without the unit's names. */
static json_t *user_json(const User *user)
{
    return api_user_json(user, NULL);
}

int api_users_list(Request *req)
{
    UserFilter filter = {0};
    const char *role = NULL;
    if (api_query_id(req, "unit_id", &filter.unit_id) || api_query_text(req, "role", &role) ||
        api_query_text(req, "status", &filter.status) || api_query_text(req, "q", &filter.query) ||
        api_query_id(req, "cursor", &filter.after_id) || api_query_limit(req, &filter.limit))
        return TK_ERR_INVALID;
    if (role && !(filter.role = codes_role_bit(role)))
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", "role");
    User *users;
    int count;
    int64_t next;
    int rc = domain_users_list(&req->ctx, &filter, &users, &count, &next);
    if (rc == TK_OK)
        api_respond(req, 200, api_page_json(API_ARRAY_OF(users, count, user_json), next));
    return rc;
}

static const FieldSpec user_create_specs[] = {
    BODY_ROWS(User, (username, FIELD_STRING, true, 32), (full_name, FIELD_STRING, true, 120),
              (sex, FIELD_STRING_OR_NULL, false, 16), (unit_id, FIELD_INTEGER, true, 0)),
    BODY_CHECK("roles", FIELD_STRING_ARRAY, true, 0),
    BODY_CHECK("password", FIELD_STRING, true, 4096), /* read from the body, never copied */
    {0}};

int api_users_create(Request *req)
{
    User user = {0};
    json_t *body;
    int rc = api_body_keep(req, user_create_specs, &user, &body);
    if (rc == TK_OK && (rc = roles_field(req, body, &user.roles)) == TK_OK)
        rc = domain_user_create(&req->ctx, &user, api_field_text(body, "password"));
    if (rc == TK_OK)
        api_respond(req, 201, api_user_json(&user, NULL));
    json_decref(body);
    return rc;
}

API_GET_HANDLER(api_users_get, User, domain_user_get, user_json)

/* A change of a user at its version. */
BODY_AT_VERSION(UserChangesBody, UserChanges, changes);
static const FieldSpec user_update_specs[] = {
    BODY_ROWS(UserChangesBody, (version, FIELD_INTEGER, true, 0), (changes.full_name, FIELD_STRING, false, 120),
              (changes.sex, FIELD_STRING_OR_NULL, false, 16, BODY_SENT(UserChangesBody, changes.has_sex)),
              (changes.unit_id, FIELD_INTEGER, false, 0, BODY_SENT(UserChangesBody, changes.has_unit))),
    BODY_CHECK("roles", FIELD_STRING_ARRAY, false, 0, BODY_SENT(UserChangesBody, changes.has_roles)),
    BODY_ROWS(UserChangesBody, (changes.status, FIELD_STRING, false, 16)),
    {0}};

int api_users_update(Request *req)
{
    UserChangesBody in = {0};
    json_t *body;
    int rc = api_body_keep(req, user_update_specs, &in, &body);
    if (rc == TK_OK)
        rc = roles_field(req, body, &in.changes.roles);
    json_decref(body);
    User user;
    if (rc == TK_OK)
        rc = domain_user_update(&req->ctx, req->params[0], in.version, &in.changes, &user);
    if (rc == TK_OK)
        api_respond(req, 200, api_user_json(&user, NULL));
    return rc;
}

int api_users_password(Request *req)
{
    static const FieldSpec specs[] = {BODY_CHECK("password", FIELD_STRING, true, 4096), {0}};
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    rc = domain_user_set_password(&req->ctx, req->params[0], api_field_text(body, "password"));
    if (rc == TK_OK)
        api_respond(req, 204, NULL);
    json_decref(body);
    return rc;
}
