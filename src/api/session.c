/* /session, /me, /health and /codes. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/core/codes.h"
#include "domain/core/health.h"
#include "domain/org/login.h"
#include "domain/org/sessions.h"

#ifndef TAKAMUL_VERSION
#define TAKAMUL_VERSION "dev"
#endif

int api_health(Request *req)
{
    int rc = domain_health(&req->ctx);
    if (rc == TK_OK)
        api_respond(req, 200, json_pack("{s:s, s:s}", "status", "ok", "version", TAKAMUL_VERSION));
    return rc;
}

static json_t *me_json(Request *req, const User *user, const Unit *unit, const char *csrf, int64_t expires_at,
                       int64_t absolute_expires_at)
{
    json_t *body = json_pack("{s:o, s:o, s:o}", "user", api_user_json(user, unit), "session_expires_at",
                             api_time(expires_at), "session_absolute_expires_at", api_time(absolute_expires_at));
    if (csrf && *csrf)
        json_object_set_new(body, "csrf_token", json_string(csrf));
    /* the session may only enrol a second factor until there is one (api/second_factor.c) */
    json_object_set_new(body, "second_factor_missing", json_boolean(user->second_factor_missing));
    (void)req;
    return body;
}

/* A session or a token in the user's list. */
static json_t *entry_json(const CredentialEntry *e, bool token)
{
    json_t *j = json_pack("{s:I, s:o, s:o}", "id", (json_int_t)e->id, "created_at", api_time(e->created_at),
                          "last_used_at", e->last_seen_at ? api_time(e->last_seen_at) : json_null());
    if (token) {
        json_object_set_new(j, "label", api_text_or_null(e->label));
        json_object_set_new(j, "expires_at", api_time(e->expires_at));
    } else {
        api_set_texts(j, "client_addr", e->client_addr, "user_agent", e->user_agent, NULL);
        json_object_set_new(j, "new_device", json_boolean(e->new_device));
    }
    return j;
}

int api_session_create(Request *req)
{
    static const FieldSpec specs[] = {BODY_CHECK("username", FIELD_STRING, true, 64),
                                      BODY_CHECK("password", FIELD_STRING, true, 4096),
                                      BODY_CHECK("code", FIELD_STRING_OR_NULL, false, 32),
                                      {0}};
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    LoginResult result;
    rc = domain_login(&req->ctx, api_field_text(body, "username"), api_field_text(body, "password"),
                      api_field_text(body, "code"), req->cookie(req, "takamul_device"), &result);
    json_decref(body);
    if (rc != TK_OK)
        return rc;
    const char *secure = req->tls ? "; Secure" : "";
    /* A login answered without its session cookie would look like success to the browser: out of memory is an
     * error (the session made stays unused and expires). */
    rc = api_add_cookie(req, arena_printf(&req->arena, "takamul_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
                                          result.session_token, secure));
    if (rc == TK_OK && result.device_token[0])
        rc = api_add_cookie(req, arena_printf(&req->arena,
                                              "takamul_device=%s; Path=/api/v1/session; Max-Age=31536000; HttpOnly; "
                                              "SameSite=Strict%s",
                                              result.device_token, secure));
    if (rc == TK_OK) {
        json_t *answer = me_json(req, &result.user, &result.unit, result.csrf_token, result.expires_at,
                                 result.absolute_expires_at);
        /* the sign-in before this one, for the user to see whether it was theirs */
        json_object_set_new(answer, "previous_login",
                            result.has_previous ? entry_json(&result.previous, false) : json_null());
        api_respond(req, 200, answer);
        req->session_expires_in = result.expires_at - clock_now();
    }
    sodium_memzero(result.session_token, sizeof result.session_token);
    sodium_memzero(result.device_token, sizeof result.device_token);
    return rc;
}

int api_session_delete(Request *req)
{
    int rc = domain_logout(&req->ctx, req->auth.token_id);
    if (rc != TK_OK)
        return rc;
    req->session_expires_in = 0;
    if (!req->auth.token_id)
        rc = api_add_cookie(req, arena_printf(&req->arena,
                                              "takamul_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
                                              req->tls ? "; Secure" : ""));
    if (rc == TK_OK)
        api_respond(req, 204, NULL);
    return rc;
}

int api_me_get(Request *req)
{
    api_respond(req, 200,
                me_json(req, &req->auth.user, &req->auth.unit, req->auth.csrf_token, req->auth.expires_at,
                        req->auth.absolute_expires_at));
    return TK_OK;
}

int api_me_password(Request *req)
{
    static const FieldSpec specs[] = {BODY_CHECK("current_password", FIELD_STRING, true, 4096),
                                      BODY_CHECK("new_password", FIELD_STRING, true, 4096),
                                      {0}};
    json_t *body;
    int rc = api_body_read(req, specs, &body);
    if (rc != TK_OK)
        return rc;
    rc = domain_change_own_password(&req->ctx, api_field_text(body, "current_password"),
                                    api_field_text(body, "new_password"));
    json_decref(body);
    if (rc == TK_OK)
        api_respond(req, 204, NULL);
    return rc;
}

int api_me_sessions(Request *req)
{
    CredentialEntry *sessions = NULL, *tokens = NULL;
    int session_count = 0, token_count = 0;
    int rc = domain_my_sessions(&req->ctx, &sessions, &session_count, &tokens, &token_count);
    if (rc != TK_OK)
        return rc;
    json_t *s = json_array(), *t = json_array();
    for (int i = 0; i < session_count; i++) {
        json_t *j = entry_json(&sessions[i], false);
        json_object_set_new(j, "current", json_boolean(sessions[i].id == req->ctx.session_id));
        json_array_append_new(s, j);
    }
    for (int i = 0; i < token_count; i++) {
        json_t *j = entry_json(&tokens[i], true);
        json_object_set_new(j, "current", json_boolean(tokens[i].id == req->auth.token_id));
        json_array_append_new(t, j);
    }
    api_respond(req, 200, json_pack("{s:o, s:o}", "sessions", s, "tokens", t));
    return TK_OK;
}

API_NO_CONTENT_HANDLER(api_me_session_end, domain_my_session_end, 1)

API_NO_CONTENT_HANDLER(api_me_token_revoke, domain_my_token_revoke, 1)

API_NO_CONTENT_HANDLER(api_user_sessions_end, domain_user_sessions_end, 1)

static json_t *code_list_json(const CodeList *list)
{
    json_t *items = json_array();
    for (int i = 0; i < list->count; i++) {
        const CodeEntry *entry = &list->entries[i];
        json_t *item = json_pack("{s:s, s:s, s:s}", "code", entry->code, "name_ar", entry->name_ar, "name_en",
                                 entry->name_en);
        if (entry->agency)
            json_object_set_new(item, "agency", json_string(entry->agency));
        if (entry->case_kinds) /* unit types: the kinds of case such units receive */
            json_object_set_new(item, "case_kinds", api_codes_array(entry->case_kinds));
        json_array_append_new(items, item);
    }
    return items;
}

int api_codes_get(Request *req)
{
    static const struct {
        const char *name;
        const CodeList *list;
    } lists[] = {
        {"roles", &codes_roles},
        {"unit_types", &codes_unit_types},
        {"agencies", &codes_agencies},
        {"governorates", &codes_governorates},
        {"case_kinds", &codes_case_kinds},
        {"case_stages", &codes_case_stages},
        {"risk_levels", &codes_risk_levels},
        {"sensitivities", &codes_sensitivities},
        {"case_person_roles", &codes_case_person_roles},
        {"assignment_roles", &codes_assignment_roles},
        {"violence_types", &codes_violence_types},
        {"perpetrator_relationships", &codes_perpetrator_relationships},
        {"legal_classes", &codes_legal_classes},
        {"protection_grounds", &codes_protection_grounds},
        {"identified_by", &codes_identified_by},
        {"note_kinds", &codes_note_kinds},
        {"followup_kinds", &codes_followup_kinds},
        {"service_types", &codes_service_types},
        {"service_statuses", &codes_service_statuses},
        {"referral_kinds", &codes_referral_kinds},
        {"referral_urgencies", &codes_referral_urgencies},
        {"referral_statuses", &codes_referral_statuses},
        {"case_sections", &codes_case_sections},
        {"consent_methods", &codes_consent_methods},
        {"task_kinds", &codes_task_kinds},
        {"risk_factors", &codes_risk_factors},
        {"goal_statuses", &codes_goal_statuses},
        {"settlement_statuses", &codes_settlement_statuses},
        {"detention_authorities", &codes_detention_authorities},
        {"trial_steps", &codes_trial_steps},
        {"measure_kinds", &codes_measure_kinds},
        {"home_statuses", &codes_home_statuses},
        {"placement_states", &codes_placement_states},
        {"age_bands", &codes_age_bands},
        {"break_glass_reasons", &codes_break_glass_reasons},
        {"courts", &codes_courts},
        {"erasure_refusals", &codes_erasure_refusals},
    };
    json_t *json = json_object();
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        json_object_set_new(json, lists[i].name, code_list_json(lists[i].list));
    api_respond(req, 200, json);
    return TK_OK;
}
