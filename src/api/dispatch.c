#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "api/messages.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "text/utf8.h"

/* ROUTE_ACCOUNT: signed in, and open even while a one-time password must first be changed, or a second factor the
 * user's roles need must first be enrolled. */
typedef enum { ROUTE_PUBLIC, ROUTE_SIGNED_IN, ROUTE_ACCOUNT } RouteAccess;

typedef struct {
    const char *method;
    const char *pattern; /* {id} matches a positive whole number, {name} a lower-case name (read by the handler) */
    int (*handler)(Request *req);
    RouteAccess access;
    const char *query; /* the query parameters it reads, space-separated ("": none); any other is refused */
} Route;

/* One line a route: method, pattern, handler, access, the query parameters it reads ("" for none). */
// clang-format off
static const Route routes[] = {
    {"GET", "/api/v1/health", api_health, ROUTE_PUBLIC, ""},
    {"POST", "/api/v1/session", api_session_create, ROUTE_PUBLIC, ""},
    {"DELETE", "/api/v1/session", api_session_delete, ROUTE_ACCOUNT, ""},
    {"GET", "/api/v1/me", api_me_get, ROUTE_ACCOUNT, ""},
    {"PUT", "/api/v1/me/password", api_me_password, ROUTE_ACCOUNT, ""},
    {"GET", "/api/v1/me/sessions", api_me_sessions, ROUTE_ACCOUNT, ""},
    {"DELETE", "/api/v1/me/sessions/{id}", api_me_session_end, ROUTE_ACCOUNT, ""},
    {"DELETE", "/api/v1/me/tokens/{id}", api_me_token_revoke, ROUTE_ACCOUNT, ""},
    {"GET", "/api/v1/me/second-factor", api_me_second_factor_get, ROUTE_ACCOUNT, ""},
    {"POST", "/api/v1/me/second-factor", api_me_second_factor_begin, ROUTE_ACCOUNT, ""},
    {"POST", "/api/v1/me/second-factor/confirm", api_me_second_factor_confirm, ROUTE_ACCOUNT, ""},
    {"GET", "/api/v1/codes", api_codes_get, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/units", api_units_list, ROUTE_SIGNED_IN, "type agency governorate status cursor limit"},
    {"POST", "/api/v1/units", api_units_create, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/units/{id}", api_units_get, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/units/{id}", api_units_update, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/users", api_users_list, ROUTE_SIGNED_IN, "unit_id role status q cursor limit"},
    {"POST", "/api/v1/users", api_users_create, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/users/{id}", api_users_get, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/users/{id}", api_users_update, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/users/{id}/second-factor/reset", api_user_second_factor_reset, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/users/{id}/sessions/end", api_user_sessions_end, ROUTE_SIGNED_IN, ""},
    {"PUT", "/api/v1/users/{id}/password", api_users_password, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/audit", api_audit_list, ROUTE_SIGNED_IN, "user_id username action object_type object_id outcome from to cursor limit"},
    {"POST", "/api/v1/persons", api_persons_create, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/persons/search", api_persons_search, ROUTE_SIGNED_IN, "q national_id birth_year sex limit"},
    {"POST", "/api/v1/persons/check", api_persons_check, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/persons/{id}/merge", api_persons_merge, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/persons/merges/{id}", api_persons_merge_get, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/persons/merges/{id}/undo", api_persons_merge_undo, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/persons/{id}", api_persons_get, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/persons/{id}", api_persons_update, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/persons/{id}/family", api_persons_family, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/persons/{id}/merges", api_persons_merges, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/persons/{id}/cases", api_persons_cases, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/persons/{id}/family", api_persons_link_add, ROUTE_SIGNED_IN, ""},
    {"DELETE", "/api/v1/persons/{id}/family/{id}", api_persons_link_remove, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases", api_cases_list, ROUTE_SIGNED_IN, "q kind stage risk governorate unit_id worker_id overdue opened_from opened_to cursor limit"},
    {"POST", "/api/v1/cases", api_cases_create, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}", api_cases_get, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/cases/{id}", api_cases_update, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/transitions", api_cases_transition, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/assignments", api_cases_assign, ROUTE_SIGNED_IN, ""},
    {"DELETE", "/api/v1/cases/{id}/assignments/{id}", api_cases_unassign, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/assignable", api_cases_assignable, ROUTE_SIGNED_IN, "role"},
    {"GET", "/api/v1/cases/{id}/persons", api_cases_persons, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/persons", api_cases_person_add, ROUTE_SIGNED_IN, ""},
    {"DELETE", "/api/v1/cases/{id}/persons/{id}", api_cases_person_remove, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/incidents", api_cases_incidents, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/incidents", api_cases_incident_add, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/cases/{id}/incidents/{id}", api_case_incident_correct, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/incidents/{id}/revisions", api_case_incident_revisions, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/risk-assessments", api_case_risk_assessments, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/risk-assessments", api_case_risk_assess, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/safety-plan", api_case_safety_plan, ROUTE_SIGNED_IN, ""},
    {"PUT", "/api/v1/cases/{id}/safety-plan", api_case_safety_plan_save, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/goals", api_case_goals, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/goals", api_case_goal_add, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/cases/{id}/goals/{id}", api_case_goal_update, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/settlements", api_case_settlements, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/settlements", api_case_settlement_start, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/settlements/{id}/sessions", api_case_settlement_session_add, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/settlements/{id}/extension", api_case_settlement_extend, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/settlements/{id}/outcome", api_case_settlement_outcome, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/detention-orders", api_case_detention_orders, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/detention-orders", api_case_detention_order_add, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/detention-orders/{id}/release", api_case_detention_release, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/break-glass", api_case_break_glass, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/break-glass", api_break_glass_list, ROUTE_SIGNED_IN, "pending"},
    {"POST", "/api/v1/break-glass/{id}/write", api_break_glass_write, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/break-glass/{id}/end", api_break_glass_end, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/break-glass/{id}/review", api_break_glass_review, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/measures", api_case_measures, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/measures", api_case_measure_add, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/measures/{id}/end", api_case_measure_end, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/placements", api_case_placements, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/placements", api_case_placement_admit, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/placements/{id}/movements", api_placement_movements, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/placements/{id}/movements", api_placement_move, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/homes", api_homes, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/homes", api_home_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/homes/{id}", api_home_get, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/homes/{id}", api_home_update, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/homes/{id}/register", api_home_register, ROUTE_SIGNED_IN, "format"},
    {"POST", "/api/v1/homes/{id}/admissions", api_home_admit, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/trial-steps", api_case_trial_steps, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/trial-steps", api_case_trial_step_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/notes", api_cases_notes, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/notes", api_cases_note_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/followups", api_cases_followups, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/followups", api_cases_followups_plan, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/followups/{id}/cancel", api_cases_followup_cancel, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/consents", api_case_consents, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/consents", api_case_consent_add, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/consents/{id}/withdraw", api_case_consent_withdraw, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/referrals", api_case_referrals, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/referrals", api_case_referral_send, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/services", api_case_services, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/services", api_case_service_add, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/cases/{id}/services/{id}", api_case_service_update, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/referrals", api_referrals_list, ROUTE_SIGNED_IN, "box waiting mine status cursor limit"},
    {"GET", "/api/v1/referrals/{id}", api_referral_get, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/referrals/{id}/transitions", api_referral_transition, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/data-sharing", api_sharing_list, ROUTE_SIGNED_IN, "case_id unit_id case_reference from to cursor limit"},
    {"GET", "/api/v1/study-templates", api_study_templates, ROUTE_SIGNED_IN, "kind"},
    {"GET", "/api/v1/cases/{id}/studies", api_case_studies, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/studies", api_case_study_create, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/studies", api_studies_list, ROUTE_SIGNED_IN, "mine review status q cursor limit"},
    {"GET", "/api/v1/studies/{id}", api_study_get, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/studies/{id}/document", api_study_document, ROUTE_SIGNED_IN, "purpose format"},
    {"PUT", "/api/v1/studies/{id}", api_study_save, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/studies/{id}/transitions", api_study_transition, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/studies/{id}/versions", api_study_versions, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/studies/{id}/versions/{id}", api_study_version, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/history", api_cases_history, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/tasks", api_cases_tasks, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/tasks", api_tasks_list, ROUTE_SIGNED_IN, "scope overdue kind unit_id case_id due_before cursor limit"},
    {"GET", "/api/v1/notifications", api_notifications_list, ROUTE_SIGNED_IN, "unread limit"},
    {"POST", "/api/v1/notifications/read", api_notifications_read, ROUTE_SIGNED_IN, ""},
    /* correction centres (api/centres.c) */
    {"GET", "/api/v1/programmes", api_programmes, ROUTE_SIGNED_IN, "centre_id"},
    {"POST", "/api/v1/programmes", api_programme_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/programmes/{id}", api_programme_get, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/programmes/{id}", api_programme_update, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/programmes/{id}/enrolments", api_programme_enrolments, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/programmes/{id}/enrolments", api_programme_enrol, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/enrolments/{id}", api_enrolment_outcome, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/enrolments/{id}/attendance", api_enrolment_attendance, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/enrolments/{id}/attendance", api_enrolment_attend, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/programmes", api_case_programmes, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/family-assessment", api_case_family_assessment, ROUTE_SIGNED_IN, ""},
    {"PUT", "/api/v1/cases/{id}/family-assessment", api_case_family_assessment_save, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/visits", api_case_visits, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/visits", api_case_visit_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/children", api_case_children, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/children", api_case_child_add, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/cases/{id}/children/{id}", api_case_child_update, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/release-plan", api_case_release_plan, ROUTE_SIGNED_IN, ""},
    {"PUT", "/api/v1/cases/{id}/release-plan", api_case_release_plan_save, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/cases/{id}/releases", api_case_releases, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/cases/{id}/releases", api_case_release_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/statistics/indicators", api_statistics_indicators, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/statistics/{name}", api_statistics_get, ROUTE_SIGNED_IN, "from to by kind governorate unit_id"},
    {"GET", "/api/v1/reports/monthly", api_reports_monthly, ROUTE_SIGNED_IN, "month"},
    {"GET", "/api/v1/data-exports", api_data_exports, ROUTE_SIGNED_IN, "cursor limit"},
    {"GET", "/api/v1/committee/members", api_committee_members, ROUTE_SIGNED_IN, ""},
    {"PUT", "/api/v1/committee/members/{id}", api_committee_member_set, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/committee/members/{id}", api_committee_member_get, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/observations", api_observations, ROUTE_SIGNED_IN, "category governorate status"},
    {"POST", "/api/v1/observations", api_observation_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/observations/{id}", api_observation_get, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/observations/{id}", api_observation_update, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/meetings", api_meetings, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/meetings", api_meeting_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/meetings/{id}", api_meeting_get, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/meetings/{id}", api_meeting_update, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/meetings/{id}/transitions", api_meeting_transition, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/meetings/{id}/agenda", api_meeting_agenda, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/meetings/{id}/agenda", api_meeting_agenda_add, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/meetings/{id}/agenda/{id}/outcome", api_meeting_item_outcome, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/meetings/{id}/minutes", api_meeting_minutes, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/recommendations", api_recommendations, ROUTE_SIGNED_IN, "status agency governorate category due_from due_to"},
    {"GET", "/api/v1/recommendations/export", api_recommendations_export, ROUTE_SIGNED_IN, "status agency governorate category due_from due_to format"},
    {"POST", "/api/v1/recommendations", api_recommendation_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/recommendations/{id}", api_recommendation_get, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/recommendations/{id}", api_recommendation_update, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/recommendations/{id}/actions", api_recommendation_actions, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/recommendations/{id}/actions", api_recommendation_action_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/actions", api_actions_due, ROUTE_SIGNED_IN, "scope"},
    {"GET", "/api/v1/actions/{id}", api_action_get, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/actions/{id}/reports", api_action_reports, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/actions/{id}/reports", api_action_report_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/fact-finding-groups", api_fact_findings, ROUTE_SIGNED_IN, "meeting_id"},
    {"GET", "/api/v1/fact-finding-groups/{id}", api_fact_finding_get, ROUTE_SIGNED_IN, ""},
    {"PATCH", "/api/v1/fact-finding-groups/{id}", api_fact_finding_update, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/meetings/{id}/fact-finding-groups", api_fact_finding_add, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/observations/{id}/figures", api_observation_figures_add, ROUTE_SIGNED_IN, ""},
    /* sealed juvenile records, retention and erasure (api/records.c) */
    {"GET", "/api/v1/sealed-records", api_sealed_list, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/sealed-records/{id}/orders", api_seal_order_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/seal-orders", api_seal_orders, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/retention-reviews", api_retention_list, ROUTE_SIGNED_IN, "state"},
    {"POST", "/api/v1/retention-reviews/{id}/anonymise", api_retention_anonymise, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/retention-reviews/{id}/keep", api_retention_keep, ROUTE_SIGNED_IN, ""},
    {"POST", "/api/v1/persons/{id}/erasure-requests", api_erasure_request_add, ROUTE_SIGNED_IN, ""},
    {"GET", "/api/v1/erasure-requests", api_erasure_list, ROUTE_SIGNED_IN, "state"},
    {"POST", "/api/v1/erasure-requests/{id}/decision", api_erasure_decide, ROUTE_SIGNED_IN, ""},
};
// clang-format on

/* Matches a path against a pattern, collecting {id} numbers. */
static bool route_matches(const char *pattern, const char *path, Request *req)
{
    int params = 0;
    while (*pattern && *path) {
        if (strncmp(pattern, "{id}", 4) == 0) {
            int64_t value = 0;
            int digits = 0;
            while (*path >= '0' && *path <= '9' && digits < 18) {
                value = value * 10 + (*path++ - '0');
                digits++;
            }
            if (!digits || value <= 0 || (*path && *path != '/') || params == REQUEST_MAX_PARAMS)
                return false;
            req->params[params++] = value;
            pattern += 4;
            continue;
        }
        if (strncmp(pattern, "{name}", 6) == 0) {
            /* a name of lower-case letters, digits and underscores, with an optional .extension: the handler reads it */
            size_t len = strspn(path, "abcdefghijklmnopqrstuvwxyz0123456789_.");
            if (!len || len > 64 || (path[len] && path[len] != '/'))
                return false;
            path += len;
            pattern += 6;
            continue;
        }
        if (*pattern++ != *path++)
            return false;
    }
    if (*pattern || (*path && strcmp(path, "/") != 0))
        return false;
    req->param_count = params;
    return true;
}

static bool is_write(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static int authenticate(Request *req)
{
    const char *authorization = req->header(req, "Authorization");
    int rc;
    if (authorization) {
        if (strncasecmp(authorization, "Bearer ", 7) != 0)
            return fault_set(&req->fault, TK_ERR_UNAUTHORIZED, "auth.required");
        rc = domain_authenticate_token(&req->ctx, authorization + 7, &req->auth);
        req->ctx.via_token = true;
    } else {
        const char *token = req->cookie(req, "takamul_session");
        if (!token)
            return fault_set(&req->fault, TK_ERR_UNAUTHORIZED, "auth.required");
        rc = domain_authenticate_session(&req->ctx, token, &req->auth);
        req->session_token = token;
    }
    if (rc != TK_OK)
        return rc;
    req->ctx.user = &req->auth.user;
    req->ctx.unit = &req->auth.unit;
    req->ctx.session_id = req->auth.session_id;
    /* the page learns from every answer how long its session has left (it cannot tell when a request extended it) */
    if (req->auth.session_id)
        req->session_expires_in = req->auth.expires_at - clock_now();
    /* Cookies ride along on cross-site requests; the CSRF token, readable only by our own pages, does not. */
    if (!req->ctx.via_token && is_write(req->method)) {
        const char *csrf = req->header(req, "X-CSRF-Token");
        if (!csrf || !*csrf)
            return fault_set(&req->fault, TK_ERR_FORBIDDEN, "csrf.missing");
        if (!domain_csrf_valid(req->session_token, csrf))
            return fault_set(&req->fault, TK_ERR_FORBIDDEN, "csrf.invalid");
    }
    return TK_OK;
}

/* Refuses a query parameter the route does not read: a misspelt filter would otherwise widen the answer silently. */
static int check_query(Request *req, const Route *route)
{
    enum { MAX_NAMES = 32 };
    const char *names[MAX_NAMES];
    int count = req->query_names ? req->query_names(req, names, MAX_NAMES) : 0;
    if (count > MAX_NAMES)
        return fault_set(&req->fault, TK_ERR_INVALID, "query.too_many");
    for (int i = 0; i < count; i++) {
        size_t len = strlen(names[i]);
        const char *known = route->query;
        bool found = false;
        while (known && *known && !found) {
            size_t word = strcspn(known, " ");
            found = word == len && strncmp(known, names[i], len) == 0;
            known += word + (known[word] == ' ');
        }
        if (!found)
            return fault_field(&req->fault, TK_ERR_INVALID, "query.unknown",
                               len <= 40 && text_utf8_valid(names[i], len) && !text_has_control(names[i], len, false)
                                   ? arena_strdup(&req->arena, names[i])
                                   : "query");
    }
    return TK_OK;
}

/* The record a route is about: the resource named before its first {id} (cases/{id} → case), and that id. */
static const char *route_object(Request *req, const char *pattern, int64_t *id)
{
    const char *mark = strstr(pattern, "/{id}");
    *id = 0;
    if (!mark)
        return NULL;
    const char *start = mark;
    while (start > pattern && start[-1] != '/')
        start--;
    size_t len = (size_t)(mark - start);
    *id = req->param_count ? req->params[0] : 0;
    if (len > 3 && strncmp(mark - 3, "ies", 3) == 0)
        return arena_printf(&req->arena, "%.*sy", (int)(len - 3), start);
    if (len > 1 && mark[-1] == 's')
        len--;
    return arena_printf(&req->arena, "%.*s", (int)len, start);
}

/* Every refusal of a signed-in user is on the record, whichever layer refused (the access check, a rule of the
 * domain, the CSRF check): one access.denied row, unless the refusing code already wrote its own. */
static void audit_refusal(Request *req, const Route *route, int rc)
{
    if ((req->status != 403 && req->status != 404) || !req->ctx.user || req->ctx.refusal_audited)
        return;
    int64_t id;
    const char *type = route_object(req, route->pattern, &id);
    const char *code = req->fault.code ? req->fault.code : api_code_for_error(rc);
    const char *detail = arena_printf(&req->arena, "%s %s %s", code, route->method, route->pattern + strlen("/api/v1"));
    domain_audit_read_outcome(&req->ctx, "access.denied", type, id, "denied", detail);
}

void api_dispatch(Request *req)
{
    req->ctx.arena = &req->arena;
    req->ctx.fault = &req->fault;
    req->ctx.client_addr = req->client_addr;
    req->ctx.user_agent = req->header(req, "User-Agent");
    /* The method and the path are copies in the request's arena: when memory ran out there, nothing can be routed. */
    if (req->arena.failed || !req->method || !req->path) {
        req->method = req->method ? req->method : "?";
        req->path = req->path ? req->path : "?";
        api_respond_error(req, TK_ERR_NOMEM);
        return;
    }
    const Route *found = NULL;
    bool path_known = false;
    req->route = -1;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!route_matches(routes[i].pattern, req->path, req))
            continue;
        path_known = true;
        if (strcmp(routes[i].method, req->method) == 0 ||
            (strcmp(req->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
            found = &routes[i];
            break;
        }
    }
    if (!found) {
        fault_set(&req->fault, TK_ERR_NOT_FOUND, path_known ? "method.not_allowed" : "not_found");
        api_respond_error(req, TK_ERR_NOT_FOUND);
        return;
    }
    req->route = (int)(found - routes);
    int rc = found->access != ROUTE_PUBLIC ? authenticate(req) : TK_OK;
    if (rc == TK_OK && found->access == ROUTE_SIGNED_IN && req->auth.user.must_change_password)
        rc = fault_set(&req->fault, TK_ERR_FORBIDDEN, "auth.password_change_required");
    if (rc == TK_OK && found->access == ROUTE_SIGNED_IN && req->auth.user.second_factor_missing)
        rc = fault_set(&req->fault, TK_ERR_FORBIDDEN, "auth.second_factor_enrolment_required");
    if (rc == TK_OK)
        rc = check_query(req, found);
    if (rc == TK_OK)
        rc = found->handler(req);
    /* Memory ran out during the request: what was answered may lack a value lost on the way, and a refusal may be
     * about a field that was never missing. The client is told the request failed (nothing was committed after
     * the failure: DOMAIN_TRANSACTION). */
    if (req->arena.failed && rc != TK_ERR_NOMEM) {
        memset(&req->fault, 0, sizeof req->fault);
        rc = TK_ERR_NOMEM;
    }
    if (rc != TK_OK) {
        api_respond_error(req, rc);
        audit_refusal(req, found, rc);
    }
}

int api_route_count(void)
{
    return (int)(sizeof routes / sizeof routes[0]);
}

void api_route_describe(int i, const char **method, const char **pattern)
{
    *method = routes[i].method;
    *pattern = routes[i].pattern;
}

void api_respond(Request *req, int status, json_t *body)
{
    free(req->file);
    req->file = NULL;
    req->file_type = NULL;
    json_decref(req->response);
    req->status = status;
    req->response = body;
}

void api_respond_file(Request *req, char *data, size_t len, const char *type, const char *name)
{
    free(req->file);
    json_decref(req->response);
    req->response = NULL;
    req->status = 200;
    req->file = data;
    req->file_len = len;
    req->file_type = type;
    req->file_name = arena_strdup(&req->arena, name);
}

int api_add_cookie(Request *req, const char *cookie)
{
    const char *copy = cookie ? arena_strdup(&req->arena, cookie) : NULL;
    if (!copy)
        return TK_ERR_NOMEM;
    if (req->cookie_count < REQUEST_MAX_COOKIES)
        req->set_cookies[req->cookie_count++] = copy;
    return TK_OK;
}

void api_respond_error(Request *req, int err)
{
    const char *code = req->fault.code ? req->fault.code : api_code_for_error(err);
    const ErrorMessage *message = api_message(code);
    if (message->status >= 500)
        log_error("%s %s failed: %s", req->method, req->path, tk_err_name(err));
    json_t *error = json_object();
    json_object_set_new(error, "code", json_string(message->status >= 500 ? message->code : code));
    const char *text = req->english ? message->en : message->ar;
    if (req->fault.field_count) {
        json_t *fields = json_object();
        char *names = arena_strdup(&req->arena, "");
        for (int i = 0; i < req->fault.field_count; i++) {
            const FieldFault *fault = &req->fault.fields[i];
            const ErrorMessage *field_message = api_message(fault->code);
            json_t *entry = json_pack("{s:s, s:s}", "code", fault->code, "message",
                                      req->english ? field_message->en : field_message->ar);
            json_object_set_new(fields, fault->field, entry);
            names = arena_printf(&req->arena, "%s%s%s", names, i ? ", " : "", fault->field);
        }
        json_object_set_new(error, "fields", fields);
        /* "Message: field, field", without the message's own full stop before the colon. */
        size_t len = strlen(text);
        if (len && text[len - 1] == '.')
            len--;
        text = arena_printf(&req->arena, "%.*s: %s", (int)len, text, names);
    }
    json_object_set_new(error, "message", json_string(text));
    if (req->fault.related_type && req->fault.related_id)
        json_object_set_new(
            error, "existing",
            json_pack("{s:s, s:I, s:o}", "type", req->fault.related_type, "id", (json_int_t)req->fault.related_id,
                      "href",
                      json_sprintf("/api/v1/%ss/%lld", req->fault.related_type, (long long)req->fault.related_id)));
    req->retry_after = req->fault.retry_after;
    api_respond(req, message->status, json_pack("{s:o}", "error", error));
}
