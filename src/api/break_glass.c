/* Break-glass (domain/cases/break_glass.h): opening a case in an emergency, the supervisor's grant to change it, its
 * end, and the auditors' review list with their verdicts. */

#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/cases/break_glass.h"

static json_t *grant_json(const BreakGlass *g)
{
    json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)g->id, "case_id",
                          (json_int_t)g->case_id, "user_id", (json_int_t)g->user_id, "reason", g->reason, "explanation",
                          g->explanation, "started_at", api_time(g->started_at), "expires_at", api_time(g->expires_at));
    json_object_set_new(j, "ended_at", g->ended_at ? api_time(g->ended_at) : json_null());
    json_object_set_new(j, "write", json_boolean(g->write_granted_at != 0));
    api_set_texts(j, "write_granted_by_name", g->granted_by_name, "user_name", g->user_name, "user_unit_name",
                  g->user_unit_name, "case_reference", g->case_reference, "case_kind", g->case_kind, "review",
                  g->review, "review_note", g->review_note, "reviewer_name", g->reviewer_name, NULL);
    json_object_set_new(j, "reviewed_at", g->reviewed_at ? api_time(g->reviewed_at) : json_null());
    return j;
}

typedef struct {
    const char *reason, *explanation;
} BreakGlassOpening;
static const FieldSpec opening_specs[] = BODY_TABLE(BreakGlassOpening, (reason, FIELD_STRING, true, 40),
                                                    (explanation, FIELD_STRING, true, 1000));
API_BODY_CALL_HANDLER(api_case_break_glass, BreakGlassOpening, opening_specs, BreakGlass,
                      domain_break_glass_open(&req->ctx, req->params[0], in.reason, in.explanation, &out),
                      api_answer(req, 201, grant_json(&out)))

int api_break_glass_list(Request *req)
{
    bool pending;
    if (api_query_flag(req, "pending", &pending))
        return TK_ERR_INVALID;
    BreakGlass *items = NULL;
    int count = 0;
    int rc = domain_break_glass_list(&req->ctx, pending, &items, &count);
    if (rc == TK_OK)
        api_respond_items(req, NULL, 0, API_ARRAY_OF(items, count, grant_json));
    return rc;
}

API_GET_HANDLER(api_break_glass_write, BreakGlass, domain_break_glass_grant_write, grant_json)

API_NO_CONTENT_HANDLER(api_break_glass_end, domain_break_glass_end, 1)

typedef struct {
    const char *verdict, *note;
} BreakGlassVerdict;
static const FieldSpec verdict_specs[] = BODY_TABLE(BreakGlassVerdict, (verdict, FIELD_STRING, true, 20),
                                                    (note, FIELD_STRING_OR_NULL, false, 1000));
API_BODY_CALL_HANDLER(api_break_glass_review, BreakGlassVerdict, verdict_specs, BreakGlass,
                      domain_break_glass_review(&req->ctx, req->params[0], in.verdict, in.note, &out),
                      api_answer(req, 200, grant_json(&out)))
