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

static json_t *incident_json(const CaseIncident *i)
{
    json_t *j = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)i->id, "occurred_on", i->occurred_on, "violence_types",
                          api_codes_array(i->violence_types));
    api_set_texts(j, "place", i->place, "perpetrator_relationship", i->perpetrator_relationship, "legal_class",
                  i->legal_class, "identified_by", i->identified_by, "description", i->description, NULL);
    json_object_set_new(j, "created_by", api_id_or_null(i->created_by));
    json_object_set_new(j, "created_at", api_time(i->created_at));
    json_object_set_new(j, "version", json_integer(i->version ? i->version : 1));
    json_object_set_new(j, "corrections", json_integer(i->corrections));
    json_object_set_new(j, "updated_at", i->updated_at ? api_time(i->updated_at) : json_null());
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

static json_t *note_json(const CaseNote *n)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)n->id, "kind", n->kind, "occurred_on",
                          n->occurred_on, "body", n->body);
    json_object_set_new(j, "participants", api_text_or_null(n->participants));
    json_object_set_new(j, "author_id", api_id_or_null(n->author_id));
    json_object_set_new(j, "author_name", api_text_or_null(n->author_name));
    json_object_set_new(j, "author_sex", api_user_sex_json(n->author_name, n->author_sex));
    json_object_set_new(j, "created_at", api_time(n->created_at));
    return j;
}

API_CASE_LIST_HANDLER(api_cases_notes, CaseNote, domain_case_notes, note_json)

static const FieldSpec cases_note_add_specs[] = BODY_TABLE(
    CaseNote, (kind, FIELD_STRING, true, 40), (occurred_on, FIELD_STRING, true, 10),
    (participants, FIELD_STRING_OR_NULL, false, 500), (body, FIELD_STRING, true, 8000),
    (followup_id, FIELD_INTEGER_OR_NULL, false, 0));
API_BODY_HANDLER(api_cases_note_add, CaseNote, cases_note_add_specs, domain_case_note_add, 1, 201, note_json)

/* YYYY-MM-DD of today in Amman (UTC+3). */
static json_t *followup_json(const CaseFollowup *f, const char *today)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)f->id, "case_id", (json_int_t)f->case_id,
                          "kind", f->kind, "due_on", f->due_on, "status", f->status, "overdue",
                          strcmp(f->status, "planned") == 0 && strcmp(f->due_on, today) < 0);
    json_object_set_new(j, "participants", api_text_or_null(f->participants));
    json_object_set_new(j, "note_id", api_id_or_null(f->note_id));
    api_set_texts(j, "reason", f->reason, "created_by_name", f->created_by_name, NULL);
    json_object_set_new(j, "created_by_sex", api_user_sex_json(f->created_by_name, f->created_by_sex));
    json_object_set_new(j, "created_at", api_time(f->created_at));
    json_object_set_new(j, "closed_by_name", api_text_or_null(f->closed_by_name));
    json_object_set_new(j, "closed_by_sex", api_user_sex_json(f->closed_by_name, f->closed_by_sex));
    json_object_set_new(j, "closed_at", f->closed_at ? api_time(f->closed_at) : json_null());
    return j;
}

static void respond_followups(Request *req, int status, const CaseFollowup *items, int count)
{
    char today[11];
    clock_amman_today(today);
    json_t *array = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(array, followup_json(&items[i], today));
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

static json_t *event_json(const CaseEvent *e)
{
    json_t *j = json_pack("{s:I, s:o, s:s}", "id", (json_int_t)e->id, "at", api_time(e->at), "action", e->action);
    json_object_set_new(j, "detail", api_text_or_null(e->detail));
    json_object_set_new(j, "user_id", api_id_or_null(e->user_id));
    json_object_set_new(j, "user_name", api_text_or_null(e->user_name));
    json_object_set_new(j, "user_sex", api_user_sex_json(e->user_name, e->user_sex));
    return j;
}

API_CASE_LIST_HANDLER(api_cases_history, CaseEvent, domain_case_history, event_json)
