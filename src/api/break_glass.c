/* Break-glass (domain/cases/break_glass.h): opening a case in an emergency, the supervisor's grant to change it, its
 * end, and the auditors' review list with their verdicts. */

#include "api/body.h"
#include "api/handlers.h"
#include "base/err.h"
#include "domain/cases/break_glass.h"

/* A grant: who opened which case and why, its times, whether writing was granted, and the auditors' verdict. */
static const RenderMember grant_members[] = RENDER_TABLE(
    BreakGlass, (id, OUT_PLAIN), (case_id, OUT_PLAIN), (user_id, OUT_PLAIN), (reason, OUT_PLAIN),
    (explanation, OUT_PLAIN), (started_at, OUT_TIME), (expires_at, OUT_TIME), (ended_at, OUT_TIME));
static const RenderMember grant_review_members[] = RENDER_TABLE(
    BreakGlass, (granted_by_name, OUT_OR_NULL, RENDER_AS("write_granted_by_name")), (user_name, OUT_OR_NULL),
    (user_unit_name, OUT_OR_NULL), (case_reference, OUT_OR_NULL), (case_kind, OUT_OR_NULL), (review, OUT_OR_NULL),
    (review_note, OUT_OR_NULL), (reviewer_name, OUT_OR_NULL), (reviewed_at, OUT_TIME));

static json_t *grant_json(const BreakGlass *g)
{
    json_t *j = api_render_new(g, grant_members);
    json_object_set_new(j, "write", json_boolean(g->write_granted_at != 0));
    api_render(j, g, grant_review_members);
    return j;
}

BODY_RECORD(BreakGlassOpening, opening_specs, (const char *, reason, FIELD_STRING, true, 40),
            (const char *, explanation, FIELD_STRING, true, 1000));
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

BODY_RECORD(BreakGlassVerdict, verdict_specs, (const char *, verdict, FIELD_STRING, true, 20),
            (const char *, note, FIELD_STRING_OR_NULL, false, 1000));
API_BODY_CALL_HANDLER(api_break_glass_review, BreakGlassVerdict, verdict_specs, BreakGlass,
                      domain_break_glass_review(&req->ctx, req->params[0], in.verdict, in.note, &out),
                      api_answer(req, 200, grant_json(&out)))
