/* Inside api/ only: the handlers the route table points at. Each parses, calls the domain, renders. */
#ifndef TAKAMUL_API_HANDLERS_H
#define TAKAMUL_API_HANDLERS_H

#include "api/request.h"
#include "store/org.h"

int api_health(Request *req);
int api_session_create(Request *req);
int api_session_delete(Request *req);
int api_me_get(Request *req);
int api_me_password(Request *req);
int api_codes_get(Request *req);
int api_units_list(Request *req);
int api_units_create(Request *req);
int api_units_get(Request *req);
int api_units_update(Request *req);
int api_users_list(Request *req);
int api_users_create(Request *req);
int api_users_get(Request *req);
int api_users_update(Request *req);
int api_users_password(Request *req);
int api_audit_list(Request *req);
int api_persons_create(Request *req);
int api_persons_get(Request *req);
int api_persons_update(Request *req);
int api_persons_family(Request *req);
int api_persons_link_add(Request *req);
int api_persons_link_remove(Request *req);
int api_persons_search(Request *req);
int api_persons_check(Request *req);
int api_persons_merge(Request *req);
int api_persons_merge_get(Request *req);
int api_persons_merges(Request *req);
int api_persons_merge_undo(Request *req);

/* JSON of records, shared by handlers. */
json_t *api_unit_json(const Unit *unit);
json_t *api_user_json(const User *user, const Unit *unit);
json_t *api_roles_json(uint32_t roles);
/* {"items": [...], "next_cursor": "…" | null} */
json_t *api_page_json(json_t *items, int64_t next_cursor);

#endif
