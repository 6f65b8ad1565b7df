/* Who is on a case: assigning and unassigning its workers, the persons in their roles. */
#include <stdio.h>
#include <string.h>

#include "api/body.h"
#include "api/case_view.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/cases/cases.h"

BODY_RECORD(Assignment, assignment_specs, (int64_t, user_id, FIELD_INTEGER, true, 0),
            (const char *, role, FIELD_STRING, true, 40));
API_BODY_CALL_HANDLER(api_cases_assign, Assignment, assignment_specs, CaseView,
                      domain_case_assign(&req->ctx, req->params[0], in.user_id, in.role, &out),
                      api_answer(req, 200, api_case_view_json(&out)))

API_RECORD_HANDLER(api_cases_unassign, CaseView, domain_case_unassign, 2, 200, api_case_view_json)

int api_cases_assignable(Request *req)
{
    const char *role = NULL;
    if (api_query_text(req, "role", &role))
        return TK_ERR_INVALID;
    User *users;
    int count;
    int rc = domain_case_assignable(&req->ctx, req->params[0], role, &users, &count);
    if (rc != TK_OK)
        return rc;
    json_t *items = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(items, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)users[i].id, "full_name",
                                               users[i].full_name ? users[i].full_name : "", "sex",
                                               api_text_or_null(users[i].sex)));
    api_respond(req, 200,
                json_pack("{s:I, s:s, s:o}", "case_id", (json_int_t)req->params[0], "role", role, "items", items));
    return TK_OK;
}

static json_t *persons_json(int64_t case_id, const CasePerson *items, int count)
{
    json_t *array = json_array();
    for (int i = 0; i < count; i++) {
        json_t *item = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)items[i].id, "role", items[i].role, "added_at",
                                 api_time(items[i].added_at));
        /* a reporter hidden from this user: the role without the person */
        json_object_set_new(item, "person", items[i].person_id ? api_person_json(&items[i].person) : json_null());
        if (items[i].band) {
            json_object_set_new(item, "age_at_act",
                                items[i].age_at_act >= 0 ? json_integer(items[i].age_at_act) : json_null());
            json_object_set_new(item, "juvenile_band", json_string(items[i].band));
        }
        json_array_append_new(array, item);
    }
    return json_pack("{s:I, s:o}", "case_id", (json_int_t)case_id, "items", array);
}

int api_cases_persons(Request *req)
{
    CasePerson *items;
    int count;
    int rc = domain_case_persons(&req->ctx, req->params[0], &items, &count);
    if (rc == TK_OK)
        api_respond(req, 200, persons_json(req->params[0], items, count));
    return rc;
}

BODY_RECORD(CasePersonBody, case_person_specs, (int64_t, person_id, FIELD_INTEGER, true, 0),
            (const char *, role, FIELD_STRING, true, 40));
typedef struct {
    CasePerson *items;
    int count;
} CasePersonList;
API_BODY_CALL_HANDLER(api_cases_person_add, CasePersonBody, case_person_specs, CasePersonList,
                      domain_case_person_add(&req->ctx, req->params[0], in.person_id, in.role, &out.items, &out.count),
                      api_answer(req, 201, persons_json(req->params[0], out.items, out.count)))

API_NO_CONTENT_HANDLER(api_cases_person_remove, domain_case_person_remove, 2)
