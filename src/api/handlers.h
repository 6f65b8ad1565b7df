/* Inside api/ only: the handlers the route table points at. Each parses, calls the domain, renders. */
#ifndef TAKAMUL_API_HANDLERS_H
#define TAKAMUL_API_HANDLERS_H

#include "api/request.h"
#include "model/org.h"
#include "model/person.h"

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

int api_cases_list(Request *req);
int api_persons_cases(Request *req);
int api_cases_create(Request *req);
int api_cases_get(Request *req);
int api_cases_update(Request *req);
int api_cases_transition(Request *req);
int api_cases_assign(Request *req);
int api_cases_unassign(Request *req);
int api_cases_assignable(Request *req);
int api_cases_persons(Request *req);
int api_cases_person_add(Request *req);
int api_cases_person_remove(Request *req);
int api_cases_incidents(Request *req);
int api_cases_incident_add(Request *req);
int api_case_incident_correct(Request *req);
int api_case_incident_revisions(Request *req);
int api_case_risk_assessments(Request *req);
int api_case_risk_assess(Request *req);
int api_case_safety_plan(Request *req);
int api_case_safety_plan_save(Request *req);
int api_case_goals(Request *req);
int api_case_goal_add(Request *req);
int api_case_goal_update(Request *req);
int api_cases_notes(Request *req);
int api_cases_note_add(Request *req);
int api_cases_followups(Request *req);
int api_case_consents(Request *req);
int api_case_consent_add(Request *req);
int api_case_consent_withdraw(Request *req);
int api_case_referrals(Request *req);
int api_case_referral_send(Request *req);
int api_referrals_list(Request *req);
int api_referral_get(Request *req);
int api_referral_transition(Request *req);
int api_case_services(Request *req);
int api_case_service_add(Request *req);
int api_case_service_update(Request *req);
int api_sharing_list(Request *req);
int api_study_templates(Request *req);
int api_case_studies(Request *req);
int api_case_study_create(Request *req);
int api_study_get(Request *req);
int api_studies_list(Request *req);
int api_study_document(Request *req);
int api_study_save(Request *req);
int api_study_transition(Request *req);
int api_study_versions(Request *req);
int api_study_version(Request *req);
int api_cases_followups_plan(Request *req);
int api_cases_followup_cancel(Request *req);
int api_cases_history(Request *req);
int api_cases_tasks(Request *req);
int api_tasks_list(Request *req);
int api_case_settlements(Request *req);
int api_case_settlement_start(Request *req);
int api_case_settlement_session_add(Request *req);
int api_case_settlement_extend(Request *req);
int api_case_settlement_outcome(Request *req);
int api_case_detention_orders(Request *req);
int api_case_measures(Request *req);
int api_homes(Request *req);
int api_home_get(Request *req);
int api_home_add(Request *req);
int api_home_register(Request *req);
int api_case_placements(Request *req);
int api_case_break_glass(Request *req);
int api_break_glass_list(Request *req);
int api_break_glass_write(Request *req);
int api_break_glass_end(Request *req);
int api_break_glass_review(Request *req);
int api_me_sessions(Request *req);
int api_me_session_end(Request *req);
int api_me_token_revoke(Request *req);
int api_user_sessions_end(Request *req);
int api_me_second_factor_get(Request *req);
int api_me_second_factor_begin(Request *req);
int api_me_second_factor_confirm(Request *req);
int api_user_second_factor_reset(Request *req);
int api_home_update(Request *req);
int api_home_admit(Request *req);
int api_case_placement_admit(Request *req);
int api_placement_movements(Request *req);
int api_placement_move(Request *req);
/* correction centres (api/centres.c) */
int api_programmes(Request *req);
int api_programme_add(Request *req);
int api_programme_get(Request *req);
int api_programme_update(Request *req);
int api_programme_enrolments(Request *req);
int api_programme_enrol(Request *req);
int api_enrolment_outcome(Request *req);
int api_enrolment_attendance(Request *req);
int api_enrolment_attend(Request *req);
int api_case_programmes(Request *req);
int api_case_family_assessment(Request *req);
int api_case_family_assessment_save(Request *req);
int api_case_visits(Request *req);
int api_case_visit_add(Request *req);
int api_case_children(Request *req);
int api_case_child_add(Request *req);
int api_case_child_update(Request *req);
int api_case_release_plan(Request *req);
int api_case_release_plan_save(Request *req);
int api_case_releases(Request *req);
int api_case_release_add(Request *req);
int api_case_measure_add(Request *req);
int api_case_measure_end(Request *req);
int api_case_detention_order_add(Request *req);
int api_case_detention_release(Request *req);
int api_case_trial_steps(Request *req);
int api_case_trial_step_add(Request *req);
int api_notifications_list(Request *req);
int api_notifications_read(Request *req);
int api_statistics_indicators(Request *req);
int api_statistics_get(Request *req);
int api_reports_monthly(Request *req);
int api_data_exports(Request *req);

/* JSON of records, shared by handlers. */
json_t *api_person_json(const Person *p);
/* A JSON string, or null for NULL. */
json_t *api_text_or_null(const char *text);
/* Sets each member named by a key to its text, or null for NULL: the keys and texts alternate, and a NULL key ends
 * them (api_set_texts(j, "notes", r->notes, "court", r->court, NULL)). */
void api_set_texts(json_t *object, const char *key, ...) __attribute__((sentinel));
json_t *api_unit_json(const Unit *unit);
json_t *api_user_json(const User *user, const Unit *unit);
/* The sex of a user named in a record, given beside their name so that sentences naming them agree: null when the
 * name is not given (hidden from the reader, or no user) or no sex is recorded. */
json_t *api_user_sex_json(const char *name, const char *sex);
json_t *api_roles_json(uint32_t roles);
/* {"items": [...], "next_cursor": "…" | null} */
json_t *api_page_json(json_t *items, int64_t next_cursor);

/* The joint committee (api/committee.c). */
int api_committee_members(Request *req);
int api_committee_member_set(Request *req);
int api_committee_member_get(Request *req);
int api_observations(Request *req);
int api_observation_get(Request *req);
int api_observation_add(Request *req);
int api_observation_update(Request *req);
int api_meetings(Request *req);
int api_meeting_get(Request *req);
int api_meeting_add(Request *req);
int api_meeting_update(Request *req);
int api_meeting_transition(Request *req);
int api_meeting_agenda(Request *req);
int api_meeting_agenda_add(Request *req);
int api_meeting_item_outcome(Request *req);
int api_meeting_minutes(Request *req);
int api_recommendations(Request *req);
int api_recommendation_get(Request *req);
int api_recommendations_export(Request *req);
int api_recommendation_add(Request *req);
int api_recommendation_update(Request *req);
int api_recommendation_actions(Request *req);
int api_recommendation_action_add(Request *req);
int api_actions_due(Request *req);
int api_action_get(Request *req);
int api_action_reports(Request *req);
int api_action_report_add(Request *req);
/* Fact-finding groups and figures as evidence (api/committee_groups.c). */
int api_fact_findings(Request *req);
int api_fact_finding_get(Request *req);
int api_fact_finding_add(Request *req);
int api_fact_finding_update(Request *req);
int api_observation_figures_add(Request *req);

/* Sealed juvenile records, retention and erasure: the records officer (api/records.c). */
int api_sealed_list(Request *req);
int api_seal_orders(Request *req);
int api_seal_order_add(Request *req);
int api_retention_list(Request *req);
int api_retention_anonymise(Request *req);
int api_retention_keep(Request *req);
int api_erasure_request_add(Request *req);
int api_erasure_list(Request *req);
int api_erasure_decide(Request *req);

#endif
