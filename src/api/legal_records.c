/* The legal steps of a case: settlements and their sessions, extension and outcome; detention orders, renewals and
 * release; the steps of a juvenile's trial (domain/cases/legal_records.h). */
#include <stdlib.h>
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/deadlines.h"
#include "domain/cases/legal_records.h"
#include "domain/cases/measures.h"

enum { CONSENTS_MAX = 16 };

/* The ids of a comma-separated list as a JSON array of numbers ([] for NULL). */
static json_t *ids_array(const char *joined)
{
    json_t *array = json_array();
    for (const char *p = joined; p && *p;) {
        char *end;
        long long id = strtoll(p, &end, 10);
        if (end == p)
            break;
        json_array_append_new(array, json_integer(id));
        p = *end == ',' ? end + 1 : end;
    }
    return array;
}

/* --- settlements --- */

API_RENDERER(session_json, SettlementSession, (id, OUT_PLAIN), (held_on, OUT_PLAIN), (next_on, OUT_OR_NULL),
             (notes, OUT_OR_NULL), (recorded_by_name, OUT_OR_NULL), (recorded_by_sex, OUT_SEX_OF),
             (recorded_at, OUT_TIME))

/* The day a settlement's time runs out (the last day of its 14 days, or 28 when extended); null before a session. */
static json_t *settlement_ends(const Settlement *s)
{
    Timeframes t = timeframes_current();
    char date[11];
    if (!clock_amman_day_ending(settlement_due(s->first_session_on, s->extended_on != NULL, &t), date))
        return json_null();
    return json_string(date);
}

/* A settlement: its consents and first session, when its time ends, its extension and outcome, its sessions and who
 * changed it last. */
static const RenderMember settlement_members[] = RENDER_TABLE(Settlement, (id, OUT_PLAIN), (case_id, OUT_PLAIN),
                                                              (status, OUT_PLAIN));
static const RenderMember settlement_outcome_members[] = RENDER_TABLE(
    Settlement, (extended_on, OUT_OR_NULL), (extension_reason, OUT_OR_NULL), (outcome_on, OUT_OR_NULL),
    (terms, OUT_OR_NULL), (court, OUT_OR_NULL), (ratified_on, OUT_OR_NULL), (prosecutor_on, OUT_OR_NULL),
    (outcome_note, OUT_OR_NULL));
static const RenderMember settlement_change_members[] = RENDER_TABLE(
    Settlement, (updated_by_name, OUT_OR_NULL), (updated_by_sex, OUT_SEX_OF), (created_at, OUT_TIME),
    (updated_at, OUT_TIME), (version, OUT_PLAIN));

static json_t *settlement_json(const Settlement *s)
{
    json_t *j = api_render_new(s, settlement_members);
    json_object_set_new(j, "consent_ids", ids_array(s->consent_ids));
    json_object_set_new(j, "first_session_on", api_text_or_null(s->first_session_on));
    json_object_set_new(j, "ends_on", strcmp(s->status, "open") == 0 ? settlement_ends(s) : json_null());
    json_object_set_new(j, "extended", json_boolean(s->extended_on != NULL));
    api_render(j, s, settlement_outcome_members);
    json_object_set_new(j, "sessions", API_ARRAY_OF(s->sessions, s->session_count, session_json));
    api_render(j, s, settlement_change_members);
    return j;
}

API_CASE_LIST_HANDLER(api_case_settlements, Settlement, domain_settlements, settlement_json)

int api_case_settlement_start(Request *req)
{
    static const FieldSpec specs[] = {BODY_CHECK("consent_ids", FIELD_ID_ARRAY, true, 0), {0}};
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    json_t *array = json_object_get(body, "consent_ids");
    int count = (int)json_array_size(array);
    int64_t ids[CONSENTS_MAX];
    if (count > CONSENTS_MAX)
        rc = fault_field(&req->fault, TK_ERR_INVALID, "field.too_long", "consent_ids");
    for (int i = 0; rc == TK_OK && i < count; i++)
        ids[i] = json_integer_value(json_array_get(array, (size_t)i));
    json_decref(body);
    Settlement out;
    if (rc == TK_OK)
        rc = domain_settlement_start(&req->ctx, req->params[0], ids, count, &out);
    if (rc == TK_OK)
        api_respond(req, 201, settlement_json(&out));
    return rc;
}

BODY_AT_VERSION(SessionBody, SettlementSession, session);
static const FieldSpec session_specs[] = BODY_TABLE(
    SessionBody, (version, FIELD_INTEGER, true, 0), (session.held_on, FIELD_STRING, true, 10),
    (session.next_on, FIELD_STRING_OR_NULL, false, 10), (session.notes, FIELD_STRING_OR_NULL, false, 2000));
API_BODY_CALL_HANDLER(api_case_settlement_session_add, SessionBody, session_specs, Settlement,
                      domain_settlement_session_add(&req->ctx, req->params[0], req->params[1], in.version, &in.session,
                                                    &out),
                      api_answer(req, 201, settlement_json(&out)))

BODY_RECORD(ExtensionBody, extension_specs, (int64_t, version, FIELD_INTEGER, true, 0),
            (const char *, reason, FIELD_STRING, true, 1000));
API_BODY_CALL_HANDLER(api_case_settlement_extend, ExtensionBody, extension_specs, Settlement,
                      domain_settlement_extend(&req->ctx, req->params[0], req->params[1], in.version, in.reason, &out),
                      api_answer(req, 200, settlement_json(&out)))

BODY_AT_VERSION(OutcomeBody, SettlementOutcome, outcome);
static const FieldSpec outcome_specs[] = BODY_TABLE(
    OutcomeBody, (version, FIELD_INTEGER, true, 0), (outcome.outcome, FIELD_STRING, true, 20),
    (outcome.decided_on, FIELD_STRING, true, 10), (outcome.terms, FIELD_STRING_OR_NULL, false, 2000),
    (outcome.court, FIELD_STRING_OR_NULL, false, 200), (outcome.ratified_on, FIELD_STRING_OR_NULL, false, 10),
    (outcome.note, FIELD_STRING_OR_NULL, false, 2000));
API_BODY_CALL_HANDLER(api_case_settlement_outcome, OutcomeBody, outcome_specs, Settlement,
                      domain_settlement_decide(&req->ctx, req->params[0], req->params[1], in.version, &in.outcome,
                                               &out),
                      api_answer(req, 200, settlement_json(&out)))

/* --- detention orders --- */

/* A detention order or measure: its term, then how many days it runs (null while open-ended), then its order. */
static const RenderMember order_members[] = RENDER_TABLE(DetentionOrder, (id, OUT_PLAIN), (case_id, OUT_PLAIN),
                                                         (kind, OUT_PLAIN), (authority, OUT_PLAIN),
                                                         (starts_on, OUT_PLAIN), (ends_on, OUT_OR_NULL));
static const RenderMember order_record_members[] = RENDER_TABLE(
    DetentionOrder, (court, OUT_OR_NULL), (terms, OUT_OR_NULL), (duration_months, OUT_OR_NULL),
    (report_months, OUT_OR_NULL), (order_number, OUT_OR_NULL), (order_date, OUT_OR_NULL), (renews_id, OUT_OR_NULL),
    (renewal, OUT_PLAIN), (released_on, OUT_OR_NULL), (release_reason, OUT_OR_NULL), (created_by_name, OUT_OR_NULL),
    (created_by_sex, OUT_SEX_OF), (created_at, OUT_TIME), (released_at, OUT_TIME), (version, OUT_PLAIN));

static json_t *order_json(const DetentionOrder *o)
{
    json_t *j = api_render_new(o, order_members);
    json_object_set_new(j, "days", o->ends_on ? json_integer(days_between(o->starts_on, o->ends_on) + 1) : json_null());
    api_render(j, o, order_record_members);
    return j;
}

/* The detention orders of a case, and the one in force. */
static int orders_answer(Request *req, const DetentionOrder *items, int count)
{
    api_respond_case_items(req, 200, API_ARRAY_OF(items, count, order_json));
    json_object_set_new(req->response, "in_force", api_id_or_null(detention_in_force(items, count)));
    return TK_OK;
}
API_LIST_ANSWER_HANDLER(api_case_detention_orders, DetentionOrder, domain_detention_orders, 1, orders_answer)

static const FieldSpec case_detention_order_add_specs[] = BODY_TABLE(
    DetentionOrder, (authority, FIELD_STRING, true, 20), (order_number, FIELD_STRING, true, 60),
    (order_date, FIELD_STRING, true, 10), (starts_on, FIELD_STRING, true, 10), (ends_on, FIELD_STRING, true, 10),
    (renews_id, FIELD_INTEGER_OR_NULL, false, 0));
API_BODY_HANDLER(api_case_detention_order_add, DetentionOrder, case_detention_order_add_specs,
                 domain_detention_order_add, 1, 201, order_json)

/* Ends a measure (a detention: its release) on the date given in date_field, with a reason: shared by both routes. */
static int end_measure(Request *req, const char *date_field,
                       int (*end)(Ctx *, int64_t, int64_t, int64_t, const char *, const char *, Measure *))
{
    struct {
        int64_t version;
        const char *on, *reason;
    } in = {0};
    const FieldSpec specs[] = {
        BODY_FIELD(__typeof__(in), version, FIELD_INTEGER, true, 0),
        {.name = date_field,
         .type = FIELD_STRING,
         .required = true,
         .max_chars = 10,
         .to = FIELD_OF(__typeof__(in), on)},
        BODY_FIELD(__typeof__(in), reason, FIELD_STRING, true, 1000),
        {0},
    };
    int rc = api_body_record(req, specs, &in);
    if (rc != TK_OK)
        return rc;
    Measure out;
    rc = end(&req->ctx, req->params[0], req->params[1], in.version, in.on, in.reason, &out);
    if (rc == TK_OK)
        api_respond(req, 200, order_json(&out));
    return rc;
}

int api_case_detention_release(Request *req)
{
    return end_measure(req, "released_on", domain_detention_release);
}

/* --- court measures (a detention order among them) --- */

/* The measures of a case, each with whether it is in force today. */
static int measures_answer(Request *req, const Measure *items, int count)
{
    char today[11];
    clock_amman_today(today);
    bool *in_force = arena_alloc(&req->arena, sizeof(bool) * (size_t)(count ? count : 1));
    if (!in_force)
        return TK_ERR_NOMEM;
    measures_in_force(items, count, today, in_force);
    api_respond_case_items(req, 200, API_ARRAY_OF(items, count, order_json));
    json_t *list = json_object_get(req->response, "items");
    for (int i = 0; i < count; i++)
        json_object_set_new(json_array_get(list, (size_t)i), "in_force", json_boolean(in_force[i]));
    return TK_OK;
}
API_LIST_ANSWER_HANDLER(api_case_measures, Measure, domain_measures, 1, measures_answer)

static const FieldSpec case_measure_add_specs[] = BODY_TABLE(
    Measure, (kind, FIELD_STRING, true, 40), (authority, FIELD_STRING_OR_NULL, false, 20),
    (court, FIELD_STRING_OR_NULL, false, 200), (order_number, FIELD_STRING, true, 60),
    (order_date, FIELD_STRING, true, 10), (starts_on, FIELD_STRING, true, 10),
    (ends_on, FIELD_STRING_OR_NULL, false, 10), (duration_months, FIELD_INTEGER_OR_NULL, false, 0),
    (report_months, FIELD_INTEGER_OR_NULL, false, 0), (terms, FIELD_STRING_OR_NULL, false, 2000),
    (renews_id, FIELD_INTEGER_OR_NULL, false, 0));
API_BODY_HANDLER(api_case_measure_add, Measure, case_measure_add_specs, domain_measure_add, 1, 201, order_json)

int api_case_measure_end(Request *req)
{
    return end_measure(req, "ended_on", domain_measure_end);
}

/* --- trial steps --- */

/* A step of a trial; a hearing also tells its adjournments against the limit. */
static const RenderMember step_members[] = RENDER_TABLE(TrialStep, (id, OUT_PLAIN), (case_id, OUT_PLAIN),
                                                        (kind, OUT_PLAIN), (held_on, OUT_PLAIN), (next_on, OUT_OR_NULL),
                                                        (court, OUT_OR_NULL), (notes, OUT_OR_NULL));
static const RenderMember hearing_members[] = RENDER_TABLE(TrialStep, (adjournment_days, OUT_OR_NULL),
                                                           (adjournment_over_limit, OUT_PLAIN),
                                                           (next_days, OUT_OR_NULL), (next_over_limit, OUT_PLAIN));
static const RenderMember step_record_members[] = RENDER_TABLE(TrialStep, (recorded_by_name, OUT_OR_NULL),
                                                               (recorded_by_sex, OUT_SEX_OF), (recorded_at, OUT_TIME));

static json_t *step_json(const TrialStep *s)
{
    json_t *j = api_render_new(s, step_members);
    if (strcmp(s->kind, "hearing") == 0)
        api_render(j, s, hearing_members);
    api_render(j, s, step_record_members);
    return j;
}

API_CASE_LIST_HANDLER(api_case_trial_steps, TrialStep, domain_trial_steps, step_json)

int api_case_trial_step_add(Request *req)
{
    static const FieldSpec specs[] = BODY_TABLE(
        TrialStep, (kind, FIELD_STRING, true, 20), (held_on, FIELD_STRING, true, 10),
        (next_on, FIELD_STRING_OR_NULL, false, 10), (court, FIELD_STRING_OR_NULL, false, 200),
        (notes, FIELD_STRING_OR_NULL, false, 2000));
    TrialStep step = {0};
    int rc = api_body_record(req, specs, &step);
    if (rc == TK_OK)
        rc = domain_trial_step_add(&req->ctx, req->params[0], &step);
    if (rc != TK_OK)
        return rc;
    /* the adjournment of the new hearing, as the list would show it */
    TrialStep *items = NULL;
    int count = 0;
    if (domain_trial_steps(&req->ctx, req->params[0], &items, &count) == TK_OK)
        for (int i = 0; i < count; i++)
            if (items[i].id == step.id)
                step = items[i];
    api_respond(req, 201, step_json(&step));
    return TK_OK;
}
