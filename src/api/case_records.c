/* What is recorded on a case: incidents, notes and visits, the follow-up schedule, the history. */
#include <stdio.h>
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/case_plans.h"
#include "domain/cases/cases.h"
#include "domain/cases/deadlines.h"

static const RenderMember incident_members[] = RENDER_TABLE(
    CaseIncident, (id, OUT_PLAIN), (occurred_on, OUT_PLAIN), (violence_types, OUT_CODES), (place, OUT_OR_NULL),
    (perpetrator_relationship, OUT_OR_NULL), (legal_class, OUT_OR_NULL), (identified_by, OUT_OR_NULL),
    (description, OUT_OR_NULL), (created_by, OUT_OR_NULL), (created_at, OUT_TIME), (version, OUT_PLAIN),
    (corrections, OUT_PLAIN), (updated_at, OUT_TIME));

static json_t *incident_json(const CaseIncident *i)
{
    json_t *j = api_render_new(i, incident_members);
    if (!i->version) /* just recorded: its first version */
        json_object_set_new(j, "version", json_integer(1));
    return j;
}

API_CASE_LIST_HANDLER(api_cases_incidents, CaseIncident, domain_case_incidents, incident_json)

/* An incident's body, as recorded or corrected (then with the version and the reason). */
typedef struct {
    CaseIncident incident;
    int64_t version;
    const char *reason;
} IncidentBody;
#define INCIDENT_FIELDS                                                                                                \
    BODY_FIELD(IncidentBody, incident.occurred_on, FIELD_STRING, true, 10),                                            \
        BODY_FIELD(IncidentBody, incident.place, FIELD_STRING_OR_NULL, false, 300),                                    \
        BODY_FIELD(IncidentBody, incident.violence_types, FIELD_STRING_ARRAY, true, 40),                               \
        BODY_FIELD(IncidentBody, incident.perpetrator_relationship, FIELD_STRING_OR_NULL, false, 40),                  \
        BODY_FIELD(IncidentBody, incident.legal_class, FIELD_STRING_OR_NULL, false, 40),                               \
        BODY_FIELD(IncidentBody, incident.identified_by, FIELD_STRING_OR_NULL, false, 40),                             \
        BODY_FIELD(IncidentBody, incident.description, FIELD_STRING_OR_NULL, false, 4000)
static const FieldSpec incident_add_specs[] = {INCIDENT_FIELDS, {0}};
static const FieldSpec incident_correct_specs[] = {INCIDENT_FIELDS,
                                                   BODY_FIELD(IncidentBody, version, FIELD_INTEGER, true, 0),
                                                   BODY_FIELD(IncidentBody, reason, FIELD_STRING, true, 1000),
                                                   {0}};

int api_cases_incident_add(Request *req)
{
    IncidentBody in = {0};
    int rc = api_body_record(req, incident_add_specs, &in);
    if (rc == TK_OK)
        rc = domain_case_incident_add(&req->ctx, req->params[0], &in.incident);
    if (rc == TK_OK)
        api_respond(req, 201, incident_json(&in.incident));
    return rc;
}

int api_case_incident_correct(Request *req)
{
    IncidentBody in = {0};
    int rc = api_body_record(req, incident_correct_specs, &in);
    if (rc == TK_OK)
        rc = domain_incident_correct(&req->ctx, req->params[0], req->params[1], in.version, &in.incident, in.reason);
    if (rc == TK_OK)
        api_respond(req, 200, incident_json(&in.incident));
    return rc;
}

API_RENDERER(note_json, CaseNote, (id, OUT_PLAIN), (kind, OUT_PLAIN), (occurred_on, OUT_PLAIN), (body, OUT_PLAIN),
             (participants, OUT_OR_NULL), (author_id, OUT_OR_NULL), (author_name, OUT_OR_NULL),
             (author_sex, OUT_SEX_OF), (created_at, OUT_TIME))

API_CASE_LIST_HANDLER(api_cases_notes, CaseNote, domain_case_notes, note_json)

static const FieldSpec cases_note_add_specs[] = BODY_TABLE(
    CaseNote, (kind, FIELD_STRING, true, 40), (occurred_on, FIELD_STRING, true, 10),
    (participants, FIELD_STRING_OR_NULL, false, 500), (body, FIELD_STRING, true, 8000),
    (followup_id, FIELD_INTEGER_OR_NULL, false, 0));
API_BODY_HANDLER(api_cases_note_add, CaseNote, cases_note_add_specs, domain_case_note_add, 1, 201, note_json)

/* YYYY-MM-DD of today in Amman (UTC+3). */
/* A follow-up: what is planned, whether it is overdue (today's date given), then who planned and closed it. */
static const RenderMember followup_members[] = RENDER_TABLE(
    CaseFollowup, (id, OUT_PLAIN), (case_id, OUT_PLAIN), (kind, OUT_PLAIN), (due_on, OUT_PLAIN), (status, OUT_PLAIN));
static const RenderMember followup_record_members[] = RENDER_TABLE(
    CaseFollowup, (participants, OUT_OR_NULL), (note_id, OUT_OR_NULL), (reason, OUT_OR_NULL),
    (created_by_name, OUT_OR_NULL), (created_by_sex, OUT_SEX_OF), (created_at, OUT_TIME), (closed_by_name, OUT_OR_NULL),
    (closed_by_sex, OUT_SEX_OF), (closed_at, OUT_TIME));

static json_t *followup_json(const CaseFollowup *f, const char *today)
{
    json_t *j = api_render_new(f, followup_members);
    json_object_set_new(j, "overdue", json_boolean(strcmp(f->status, "planned") == 0 && strcmp(f->due_on, today) < 0));
    api_render(j, f, followup_record_members);
    return j;
}

static void respond_followups(Request *req, int status, const CaseFollowup *items, int count)
{
    char today[11];
    clock_amman_today(today);
    json_t *array = API_ARRAY_OF(items, count, followup_json, today);
    if (status == 200)
        api_respond_case_items(req, 200, array);
    else
        api_respond(req, status, json_pack("{s:o}", "items", array));
}

int api_cases_followups(Request *req)
{
    CaseFollowup *items;
    int count;
    int rc = domain_case_followups(&req->ctx, req->params[0], &items, &count);
    if (rc == TK_OK)
        respond_followups(req, 200, items, count);
    return rc;
}

int api_cases_followups_plan(Request *req)
{
    static const FieldSpec specs[] = BODY_TABLE(
        FollowupPlan, (kind, FIELD_STRING, true, 40), (first_on, FIELD_STRING, true, 10),
        (every_days, FIELD_INTEGER_OR_NULL, false, 0), (count, FIELD_INTEGER_OR_NULL, false, 0),
        (participants, FIELD_STRING_OR_NULL, false, 500));
    FollowupPlan plan = {0};
    int rc = api_body_record(req, specs, &plan);
    CaseFollowup *items;
    int count;
    if (rc == TK_OK)
        rc = domain_case_followups_plan(&req->ctx, req->params[0], &plan, &items, &count);
    if (rc == TK_OK)
        respond_followups(req, 201, items, count);
    return rc;
}

int api_cases_followup_cancel(Request *req)
{
    struct {
        const char *reason;
    } in = {0};
    static const FieldSpec specs[] = {BODY_FIELD(__typeof__(in), reason, FIELD_STRING, true, 1000), {0}};
    int rc = api_body_record(req, specs, &in);
    CaseFollowup f;
    if (rc == TK_OK)
        rc = domain_case_followup_cancel(&req->ctx, req->params[0], req->params[1], in.reason, &f);
    if (rc == TK_OK) {
        char today[11];
        clock_amman_today(today);
        api_respond(req, 200, followup_json(&f, today));
    }
    return rc;
}

API_RENDERER(event_json, CaseEvent, (id, OUT_PLAIN), (at, OUT_TIME), (action, OUT_PLAIN), (detail, OUT_OR_NULL),
             (user_id, OUT_OR_NULL), (user_name, OUT_OR_NULL), (user_sex, OUT_SEX_OF))

API_CASE_LIST_HANDLER(api_cases_history, CaseEvent, domain_case_history, event_json)
