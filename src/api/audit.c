/* /audit: the audit log, for auditors. */
#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/core/audit_query.h"

static json_t *row_json(const AuditRow *row)
{
    json_t *item = json_pack("{s:I, s:o, s:s, s:s}", "id", (json_int_t)row->id, "at", api_time(row->at), "action",
                             row->action, "outcome", row->outcome);
    json_object_set_new(item, "user_id", row->user_id ? json_integer(row->user_id) : json_null());
    json_object_set_new(item, "username", row->username ? json_string(row->username) : json_null());
    json_object_set_new(item, "unit_id", row->unit_id ? json_integer(row->unit_id) : json_null());
    json_object_set_new(item, "object_type", row->object_type ? json_string(row->object_type) : json_null());
    json_object_set_new(item, "object_id", row->object_id ? json_string(row->object_id) : json_null());
    json_object_set_new(item, "client_addr", row->client_addr ? json_string(row->client_addr) : json_null());
    json_object_set_new(item, "detail", row->detail ? json_string(row->detail) : json_null());
    return item;
}

int api_audit_list(Request *req)
{
    AuditFilter filter = {0};
    if (api_query_id(req, "user_id", &filter.user_id) || api_query_text(req, "username", &filter.username) ||
        api_query_text(req, "action", &filter.action) || api_query_text(req, "object_type", &filter.object_type) ||
        api_query_text(req, "object_id", &filter.object_id) || api_query_text(req, "outcome", &filter.outcome) ||
        api_query_time(req, "from", &filter.from) || api_query_time(req, "to", &filter.to) ||
        api_query_id(req, "cursor", &filter.before_id) || api_query_limit(req, &filter.limit))
        return TK_ERR_INVALID;
    AuditRow *rows;
    int count;
    int64_t next;
    int rc = domain_audit_list(&req->ctx, &filter, &rows, &count, &next);
    if (rc == TK_OK)
        api_respond(req, 200, api_page_json(API_ARRAY_OF(rows, count, row_json), next));
    return rc;
}
