/* Notifications (docs/api.md, "Notifications"). */
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/clock.h"
#include "base/err.h"
#include "domain/notifications/notifications.h"

/* The interface's address of the record a notification is about. */
static json_t *href_json(const Notification *n)
{
    const char *path = strcmp(n->object_type, "study") == 0         ? "studies"
                       : strcmp(n->object_type, "referral") == 0    ? "referrals"
                       : strcmp(n->object_type, "break_glass") == 0 ? "emergency"
                                                                    : "cases";
    return json_sprintf("#/%s/%lld", path, (long long)n->object_id);
}

static json_t *notification_json(const Notification *n)
{
    json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:o, s:o, s:b}", "kind", n->kind, "object_type", n->object_type,
                          "object_id", (json_int_t)n->object_id, "case_id", (json_int_t)n->case_id, "at",
                          api_time(n->at), "href", href_json(n), "read", n->read);
    api_set_texts(j, "reference", n->reference, "case_kind", n->case_kind, NULL);
    if (n->template_name_ar || n->template_name_en) {
        api_set_texts(j, "template_name_ar", n->template_name_ar, "template_name_en", n->template_name_en, NULL);
    }
    if (n->unit_name_ar || n->unit_name_en) {
        api_set_texts(j, "from_unit_name_ar", n->unit_name_ar, "from_unit_name_en", n->unit_name_en, NULL);
    }
    if (n->urgency)
        json_object_set_new(j, "urgency", json_string(n->urgency));
    if (n->role)
        json_object_set_new(j, "role", json_string(n->role));
    if (n->task)
        json_object_set_new(j, "task", json_string(n->task));
    return j;
}

int api_notifications_list(Request *req)
{
    NotificationQuery query = {0};
    if (api_query_flag(req, "unread", &query.unread_only) || api_query_limit(req, &query.limit))
        return TK_ERR_INVALID;
    Notification *items;
    int count, unread;
    int rc = domain_notifications_list(&req->ctx, &query, &items, &count, &unread);
    if (rc != TK_OK)
        return rc;
    json_t *array = API_ARRAY_OF(items, count, notification_json);
    api_respond(req, 200, json_pack("{s:o, s:i}", "items", array, "unread_count", unread));
    return TK_OK;
}

/* Reads one item of the body's items, {"kind", "object_id", "at"} and nothing else; faults name it (items[2].at). */
static int read_key(Request *req, json_t *item, int index, NotificationKey *key)
{
    static const char *const members[] = {"kind", "object_id", "at"};
    const char *name;
    json_t *value;
    json_object_foreach(item, name, value)
    {
        bool known = false;
        for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
            known = known || strcmp(name, members[i]) == 0;
        if (!known)
            return fault_field(&req->fault, TK_ERR_INVALID, "field.unknown",
                               arena_printf(&req->arena, "items[%d]", index));
    }
    json_t *kind = json_object_get(item, "kind"), *id = json_object_get(item, "object_id"),
           *at = json_object_get(item, "at");
    const char *field = NULL, *code = NULL;
    if (!kind || !id || !at) {
        field = !kind ? "kind" : !id ? "object_id" : "at";
        code = "field.required";
    } else if (!json_is_string(kind) || json_string_length(kind) > 40) {
        field = "kind";
        code = json_is_string(kind) ? "field.code" : "field.type";
    } else if (!json_is_integer(id) || json_integer_value(id) <= 0) {
        field = "object_id";
        code = json_is_integer(id) ? "field.invalid" : "field.type";
    } else if (!json_is_string(at) || !clock_parse_iso(json_string_value(at), &key->at)) {
        field = "at";
        code = json_is_string(at) ? "field.time" : "field.type";
    }
    if (field)
        return fault_field(&req->fault, TK_ERR_INVALID, code, arena_printf(&req->arena, "items[%d].%s", index, field));
    key->kind = arena_strdup(&req->arena, json_string_value(kind));
    key->object_id = json_integer_value(id);
    return key->kind ? TK_OK : TK_ERR_NOMEM;
}

int api_notifications_read(Request *req)
{
    static const FieldSpec specs[] = {
        BODY_CHECK("items", FIELD_OBJECT_ARRAY, false, 0), BODY_CHECK("all", FIELD_BOOLEAN, false, 0), {0}};
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    json_t *items = json_object_get(body, "items");
    bool all = api_field_bool(body, "all");
    int count = (int)json_array_size(items);
    NotificationKey *keys = arena_calloc(&req->arena, (size_t)count + 1, sizeof(NotificationKey));
    if (!keys)
        rc = TK_ERR_NOMEM;
    /* one or the other: the events named, or every one */
    else if (api_field_present(body, "all") && (!all || items))
        rc = fault_field(&req->fault, TK_ERR_INVALID, "field.invalid", "all");
    else if (!all && !count)
        rc = fault_field(&req->fault, TK_ERR_INVALID, "field.required", "items");
    for (int i = 0; rc == TK_OK && i < count; i++)
        rc = read_key(req, json_array_get(items, (size_t)i), i, &keys[i]);
    json_decref(body);
    if (rc == TK_OK)
        rc = domain_notifications_mark_read(&req->ctx, keys, count, all);
    if (rc == TK_OK)
        api_respond(req, 204, NULL);
    return rc;
}
