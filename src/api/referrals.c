/* Consents, referrals and transfers, services of a case, and the data-sharing log (docs/api.md, "Referrals"). */
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/referrals/referrals.h"

/* --- consents --- */

/* A consent; recorded_by_sex goes with recorded_by_name, though person_sex stands between them. */
static const RenderMember consent_members[] = RENDER_TABLE(
    CaseConsent, (id, OUT_PLAIN), (case_id, OUT_PLAIN), (person_id, OUT_PLAIN), (method, OUT_PLAIN),
    (given_on, OUT_PLAIN), (scope, OUT_PLAIN), (person_name, OUT_OR_NULL), (recorded_by_name, OUT_OR_NULL),
    (person_sex, OUT_OR_NULL));

static json_t *consent_json(const CaseConsent *k)
{
    json_t *j = api_render_new(k, consent_members);
    json_object_set_new(j, "recorded_by_sex", api_user_sex_json(k->recorded_by_name, k->recorded_by_sex));
    json_object_set_new(j, "recorded_at", api_time(k->recorded_at));
    json_object_set_new(j, "withdrawn", json_boolean(k->withdrawn_at != 0));
    json_object_set_new(j, "withdrawn_at", api_time(k->withdrawn_at));
    return j;
}

API_CASE_LIST_HANDLER(api_case_consents, CaseConsent, domain_case_consents, consent_json)

static const FieldSpec case_consent_add_specs[] = BODY_TABLE(
    CaseConsent, (person_id, FIELD_INTEGER, true, 0), (method, FIELD_STRING, true, 40),
    (given_on, FIELD_STRING, true, 10), (scope, FIELD_STRING, true, 1000));
API_BODY_HANDLER(api_case_consent_add, CaseConsent, case_consent_add_specs, domain_case_consent_add, 1, 201,
                 consent_json)

API_RECORD_HANDLER(api_case_consent_withdraw, CaseConsent, domain_case_consent_withdraw, 2, 200, consent_json)

/* --- referrals --- */

static const RenderMember referral_members[] = RENDER_TABLE(
    Referral, (id, OUT_PLAIN), (case_id, OUT_PLAIN), (kind, OUT_PLAIN), (status, OUT_PLAIN), (urgency, OUT_PLAIN),
    (reason, OUT_OR_NULL), (case_reference, OUT_OR_NULL), (case_kind, OUT_OR_NULL), (sections, OUT_CODES),
    (status_reason, OUT_OR_NULL), (consent_basis, OUT_PLAIN), (override_reason, OUT_OR_NULL), (from_unit_id, OUT_PLAIN),
    (from_unit_ar, OUT_OR_NULL, RENDER_AS("from_unit_name_ar")),
    (from_unit_en, OUT_OR_NULL, RENDER_AS("from_unit_name_en")), (to_unit_id, OUT_PLAIN),
    (to_unit_ar, OUT_OR_NULL, RENDER_AS("to_unit_name_ar")), (to_unit_en, OUT_OR_NULL, RENDER_AS("to_unit_name_en")),
    (sent_by_name, OUT_OR_NULL), (sent_by_sex, OUT_SEX_OF), (sent_at, OUT_TIME), (decided_by_name, OUT_OR_NULL),
    (decided_by_sex, OUT_SEX_OF), (decided_at, OUT_TIME), (status_changed_at, OUT_TIME));

/* A referral, how long it has waited in its state, and with rights what the reader may do with it. */
static json_t *referral_json(const Referral *r, const ReferralRights *rights)
{
    int64_t now = clock_now();
    bool open = strcmp(r->status, "pending") == 0 ||
                (strcmp(r->status, "accepted") == 0 && strcmp(r->kind, "referral") == 0);
    int64_t waited = now - r->status_changed_at;
    json_t *j = api_render_new(r, referral_members);
    /* how long it has waited in its state, and whether that is past the setting */
    json_object_set_new(j, "waiting_seconds", json_integer(open ? waited : 0));
    json_object_set_new(j, "stale", json_boolean(open && waited >= settings_get(SET_REFERRAL_STALE_DAYS) * 86400));
    json_object_set_new(j, "version", json_integer(r->version));
    if (rights)
        json_object_set_new(j, "can", json_pack("{s:b, s:b}", "receive", rights->receive, "revoke", rights->revoke));
    if (rights && rights->study_monitors) {
        json_t *monitors = json_array();
        for (int i = 0; i < rights->study_monitor_count; i++)
            json_array_append_new(monitors, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)rights->study_monitors[i].id,
                                                      "full_name", rights->study_monitors[i].full_name, "sex",
                                                      api_text_or_null(rights->study_monitors[i].sex)));
        json_object_set_new(j, "study_monitors", monitors);
    }
    return j;
}

API_RENDERER(service_json, CaseService, (id, OUT_PLAIN), (case_id, OUT_PLAIN), (type, OUT_PLAIN), (status, OUT_PLAIN),
             (unit_id, OUT_OR_NULL), (unit_ar, OUT_OR_NULL, RENDER_AS("unit_name_ar")),
             (unit_en, OUT_OR_NULL, RENDER_AS("unit_name_en")), (provider, OUT_OR_NULL), (due_on, OUT_OR_NULL),
             (notes, OUT_OR_NULL), (referral_id, OUT_OR_NULL), (updated_by_name, OUT_OR_NULL),
             (updated_by_sex, OUT_SEX_OF), (updated_at, OUT_TIME), (version, OUT_PLAIN))

/* A referral of a case's list: without its rights. */
static json_t *case_referral_json(const Referral *r)
{
    return referral_json(r, NULL);
}

API_CASE_LIST_HANDLER(api_case_referrals, Referral, domain_referrals_of_case, case_referral_json)

int api_case_referral_send(Request *req)
{
    static const FieldSpec specs[] = {BODY_ROWS(ReferralInput, (kind, FIELD_STRING, true, 20),
                                                (to_unit_id, FIELD_INTEGER, true, 0),
                                                (reason, FIELD_STRING, true, 2000), (urgency, FIELD_STRING, true, 20)),
                                      BODY_CHECK("sections", FIELD_STRING_ARRAY_OR_NULL, false, 20),
                                      BODY_CHECK("services", FIELD_STRING_ARRAY_OR_NULL, false, 40),
                                      BODY_ROWS(ReferralInput, (override_reason, FIELD_STRING_OR_NULL, false, 1000)),
                                      {0}};
    ReferralInput in = {0};
    json_t *body;
    int rc = api_body_keep(req, specs, &in, &body);
    if (rc != TK_OK)
        return rc;
    json_t *sections = json_object_get(body, "sections");
    if (json_is_array(sections)) {
        char *joined = arena_strdup(&req->arena, "");
        size_t i;
        json_t *code;
        json_array_foreach(sections, i, code)
            joined = joined ? arena_printf(&req->arena, "%s%s%s", joined, i ? "," : "", json_string_value(code)) : NULL;
        if (!joined) {
            json_decref(body);
            return TK_ERR_NOMEM;
        }
        in.sections = joined;
    }
    json_t *services = json_object_get(body, "services");
    if (json_is_array(services)) {
        if (json_array_size(services) > REFERRAL_SERVICES_MAX) {
            json_decref(body);
            return fault_field(&req->fault, TK_ERR_INVALID, "field.too_long", "services");
        }
        size_t i;
        json_t *code;
        json_array_foreach(services, i, code)
            in.services[in.service_count++] = arena_strdup(&req->arena, json_string_value(code));
    }
    json_decref(body);
    Referral referral;
    rc = domain_referral_send(&req->ctx, req->params[0], &in, &referral);
    if (rc == TK_OK)
        api_respond(req, 201, referral_json(&referral, NULL));
    return rc;
}

int api_referrals_list(Request *req)
{
    ReferralFilter filter = {0};
    const char *box = NULL;
    bool mine = false;
    if (api_query_text(req, "box", &box) || api_query_flag(req, "waiting", &filter.waiting) ||
        api_query_flag(req, "mine", &mine) || api_query_text(req, "status", &filter.status) ||
        api_query_id(req, "cursor", &filter.before_id) || api_query_limit(req, &filter.limit))
        return TK_ERR_INVALID;
    if (box && strcmp(box, "incoming") != 0 && strcmp(box, "outgoing") != 0)
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", "box");
    filter.outgoing = box && strcmp(box, "outgoing") == 0;
    filter.sent_by = mine && req->ctx.user ? req->ctx.user->id : 0;
    Referral *items;
    int count;
    bool more;
    int rc = domain_referral_list(&req->ctx, &filter, &items, &count, &more);
    if (rc != TK_OK)
        return rc;
    json_t *array = API_ARRAY_OF(items, count, referral_json, NULL);
    api_respond(req, 200, api_page_json(array, more && count ? items[count - 1].id : 0));
    return TK_OK;
}

int api_referral_get(Request *req)
{
    Referral referral;
    ReferralRights rights;
    CaseService *services;
    int count;
    int rc = domain_referral_get(&req->ctx, req->params[0], &referral, &rights, &services, &count);
    if (rc != TK_OK)
        return rc;
    json_t *j = referral_json(&referral, &rights);
    json_t *array = API_ARRAY_OF(services, count, service_json);
    json_object_set_new(j, "services", array);
    api_respond(req, 200, j);
    return TK_OK;
}

BODY_RECORD(ReferralTransition, referral_transition_specs, (const char *, action, FIELD_STRING, true, 20),
            (int64_t, version, FIELD_INTEGER, true, 0), (const char *, reason, FIELD_STRING_OR_NULL, false, 2000),
            (int64_t, assignee_id, FIELD_INTEGER_OR_NULL, false, 0));
typedef struct {
    Referral referral;
    ReferralRights rights;
} ReferralAnswer;
API_BODY_CALL_HANDLER(api_referral_transition, ReferralTransition, referral_transition_specs, ReferralAnswer,
                      domain_referral_act(&req->ctx, req->params[0], in.version, in.action, in.reason, in.assignee_id,
                                          &out.referral, &out.rights),
                      api_answer(req, 200, referral_json(&out.referral, &out.rights)))

/* --- services --- */

API_CASE_LIST_HANDLER(api_case_services, CaseService, domain_case_services, service_json)

static const FieldSpec case_service_add_specs[] = BODY_TABLE(
    CaseService, (type, FIELD_STRING, true, 40), (unit_id, FIELD_INTEGER_OR_NULL, false, 0),
    (provider, FIELD_STRING_OR_NULL, false, 200), (due_on, FIELD_STRING_OR_NULL, false, 10),
    (status, FIELD_STRING_OR_NULL, false, 40), (notes, FIELD_STRING_OR_NULL, false, 4000));
API_BODY_HANDLER(api_case_service_add, CaseService, case_service_add_specs, domain_case_service_add, 1, 201,
                 service_json)

/* A change of a service: the fields sent, as SERVICE_SET_… bits. */
BODY_CHANGES(ServiceChangesBody, CaseService);
static const FieldSpec case_service_update_specs[] = BODY_TABLE(
    ServiceChangesBody, (changes.version, FIELD_INTEGER, true, 0),
    (changes.status, FIELD_STRING, false, 40, BODY_SENT_BIT(ServiceChangesBody, sent, SERVICE_SET_STATUS)),
    (changes.due_on, FIELD_STRING_OR_NULL, false, 10, BODY_SENT_BIT(ServiceChangesBody, sent, SERVICE_SET_DUE_ON)),
    (changes.notes, FIELD_STRING_OR_NULL, false, 4000, BODY_SENT_BIT(ServiceChangesBody, sent, SERVICE_SET_NOTES)));

API_BODY_CALL_HANDLER(api_case_service_update, ServiceChangesBody, case_service_update_specs, CaseService,
                      domain_case_service_update(&req->ctx, req->params[0], req->params[1], &in.changes, in.sent, &out),
                      api_answer(req, 200, service_json(&out)))

/* --- the data-sharing log --- */

int api_sharing_list(Request *req)
{
    SharingFilter filter = {0};
    if (api_query_id(req, "case_id", &filter.case_id) || api_query_id(req, "unit_id", &filter.unit_id) ||
        api_query_text(req, "case_reference", &filter.case_reference) || api_query_time(req, "from", &filter.from) ||
        api_query_time(req, "to", &filter.to) || api_query_id(req, "cursor", &filter.before_id) ||
        api_query_limit(req, &filter.limit))
        return TK_ERR_INVALID;
    SharingEntry *items;
    int count;
    bool more;
    int rc = domain_sharing_list(&req->ctx, &filter, &items, &count, &more);
    if (rc != TK_OK)
        return rc;
    json_t *array = json_array();
    for (int i = 0; i < count; i++) {
        const SharingEntry *e = &items[i];
        json_t *j = json_pack("{s:I, s:o, s:I, s:s, s:s, s:s}", "id", (json_int_t)e->id, "at", api_time(e->at),
                              "case_id", (json_int_t)e->case_id, "event", e->event, "basis", e->basis, "case_reference",
                              e->case_reference ? e->case_reference : "");
        json_object_set_new(j, "referral_id", api_id_or_null(e->referral_id));
        json_object_set_new(j, "from_unit_id", json_integer(e->from_unit_id));
        api_set_texts(j, "from_unit_name_ar", e->from_unit_ar, "from_unit_name_en", e->from_unit_en, NULL);
        json_object_set_new(j, "to_unit_id", json_integer(e->to_unit_id));
        api_set_texts(j, "to_unit_name_ar", e->to_unit_ar, "to_unit_name_en", e->to_unit_en, NULL);
        json_object_set_new(j, "sections", api_codes_array(e->sections));
        json_t *persons = json_array();
        for (const char *p = e->persons; p && *p;) {
            json_array_append_new(persons, json_integer(strtoll(p, NULL, 10)));
            const char *comma = strchr(p, ',');
            p = comma ? comma + 1 : p + strlen(p);
        }
        json_object_set_new(j, "person_ids", persons);
        json_object_set_new(j, "user_id", api_id_or_null(e->user_id));
        json_object_set_new(j, "username", api_text_or_null(e->username));
        json_array_append_new(array, j);
    }
    api_respond(req, 200, api_page_json(array, more && count ? items[count - 1].id : 0));
    return TK_OK;
}
