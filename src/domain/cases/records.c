/* What is recorded on a case: incidents, notes and visits, the follow-up schedule, the history. */
#include "domain/cases/cases.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/case_internal.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/cases.h"

/* A unit the case was referred to is not shown who recorded an incident. */
static void incident_shown(const CaseView *view, CaseIncident *incident)
{
    if (view->rights.referred)
        incident->created_by = 0;
}

DOMAIN_CASE_PART_LIST(domain_case_incidents, CaseIncident,
                      case_load_section(ctx, case_id, CASE_SECTION_INCIDENTS, &view), store_case_incidents,
                      incident_shown, "case.incidents.read")

int domain_incident_check(Ctx *ctx, const CaseIncident *incident)
{
    int rc = domain_check_past_date(ctx, incident->occurred_on, "occurred_on");
    if (!incident->violence_types)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "violence_types");
    else if (!codes_valid(&codes_violence_types, incident->violence_types, ctx->arena))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "violence_types");
    if (incident->perpetrator_relationship &&
        !codes_find(&codes_perpetrator_relationships, incident->perpetrator_relationship))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "perpetrator_relationship");
    if (incident->legal_class && !codes_find(&codes_legal_classes, incident->legal_class))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "legal_class");
    if (incident->identified_by && !codes_find(&codes_identified_by, incident->identified_by))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "identified_by");
    if (validate_text(ctx, incident->place, 300, false, "place") != TK_OK ||
        validate_text(ctx, incident->description, 4000, true, "description") != TK_OK)
        rc = TK_ERR_INVALID;
    return rc;
}

int domain_case_incident_add(Ctx *ctx, int64_t id, CaseIncident *incident)
{
    int rc = case_require(ctx);
    if (rc != TK_OK || (rc = domain_incident_check(ctx, incident)) != TK_OK)
        return rc;
    DOMAIN_CASE_CHANGE(ctx, rc, id, view, {
        if (rc == TK_OK && strcmp(view.c.kind, "family_violence") != 0)
            rc = fault_set(ctx->fault, TK_ERR_INVALID, "case.incidents_family_violence");
        DOMAIN_CASE_PART_ADD(ctx, rc, id, incident, store_case_incident_add, "case.incident.add",
                             incident->occurred_on);
    });
    return rc;
}

/* A unit the case was referred to is not shown a note's author. */
static void note_shown(const CaseView *view, CaseNote *note)
{
    case_worker_hidden(view, &note->author_id, &note->author_name);
}

DOMAIN_CASE_PART_LIST(domain_case_notes, CaseNote, case_load_section(ctx, case_id, CASE_SECTION_NOTES, &view),
                      store_case_notes, note_shown, "case.notes.read")

enum { FOLLOWUPS_MAX = 52, FOLLOWUP_EVERY_MAX = 365, DAY_SECONDS = 86400 };

/* A follow-up of the case that is still planned: 404 when the case has none of that id, 409 when it was recorded or
 * cancelled already. */
static int planned_followup(Ctx *ctx, int64_t case_id, int64_t followup_id, CaseFollowup *f, const char *field)
{
    int rc = store_case_followup_get(ctx->db, case_id, followup_id, ctx->arena, f);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_field(ctx->fault, rc, "not_found", field);
    if (rc == TK_OK && strcmp(f->status, "planned") != 0)
        return fault_field(ctx->fault, TK_ERR_CONFLICT, "case.followup_closed", field);
    return rc;
}

/* After a change to what the tasks are computed from (the schedule): the case as it now is, and its tasks. */
static int reload_and_refresh(Ctx *ctx, int64_t id, CaseView *view)
{
    int rc = case_load(ctx, id, view);
    return rc == TK_OK ? case_refresh_tasks(ctx, view) : rc;
}

/* A unit the case was referred to is not shown who planned or closed a follow-up. */
static void followup_shown(const CaseView *view, CaseFollowup *followup)
{
    case_worker_hidden(view, &followup->created_by, &followup->created_by_name);
    case_worker_hidden(view, &followup->closed_by, &followup->closed_by_name);
}

DOMAIN_CASE_PART_LIST(domain_case_followups, CaseFollowup, case_load_section(ctx, case_id, CASE_SECTION_NOTES, &view),
                      store_case_followups, followup_shown, "case.followups.read")

int domain_case_followups_plan(Ctx *ctx, int64_t id, const FollowupPlan *plan, CaseFollowup **items, int *count)
{
    *items = NULL;
    *count = 0;
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    int64_t contacts = plan->count ? plan->count : 1;
    if (validate_code(ctx, &codes_followup_kinds, plan->kind, "kind") != TK_OK)
        rc = TK_ERR_INVALID;
    int64_t first = -1;
    if (!plan->first_on)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "first_on");
    else if (!validate_is_date(plan->first_on))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "first_on");
    else if ((first = clock_amman_day_start(plan->first_on)) + DAY_SECONDS <= clock_now())
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "case.date_past", "first_on");
    if (contacts < 1 || contacts > FOLLOWUPS_MAX)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.range", "count");
    if (plan->every_days < 0 || plan->every_days > FOLLOWUP_EVERY_MAX)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.range", "every_days");
    else if (contacts > 1 && plan->every_days == 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "every_days");
    if (validate_text(ctx, plan->participants, 500, false, "participants") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    CaseFollowup *made = arena_calloc(ctx->arena, (size_t)contacts, sizeof *made);
    if (!made)
        return TK_ERR_NOMEM;
    DOMAIN_CASE_CHANGE(ctx, rc, id, view, {
        for (int64_t i = 0; i < contacts && rc == TK_OK; i++) {
            char date[32];
            /* noon of the day, so that the date printed in Amman is that day */
            clock_format_iso(first + i * plan->every_days * DAY_SECONDS + 12 * 3600, date);
            date[10] = '\0';
            made[i] = (CaseFollowup){.case_id = id,
                                     .kind = plan->kind,
                                     .participants = plan->participants,
                                     .due_on = arena_strdup(ctx->arena, date)};
            rc = made[i].due_on ? store_case_followup_add(ctx->db, &made[i], access_acting_user(ctx)) : TK_ERR_NOMEM;
            if (rc == TK_OK && ctx->user)
                made[i].created_by_name = ctx->user->full_name;
        }
        if (rc == TK_OK) {
            const char *detail = arena_printf(ctx->arena, "%s %lld %s", plan->kind, (long long)contacts,
                                              made[0].due_on);
            rc = detail ? case_record(ctx, id, "case.followups.plan", detail) : TK_ERR_NOMEM;
        }
        if (rc == TK_OK)
            rc = reload_and_refresh(ctx, id, &view);
    });
    if (rc == TK_OK) {
        *items = made;
        *count = (int)contacts;
    }
    return rc;
}

int domain_case_followup_cancel(Ctx *ctx, int64_t id, int64_t followup_id, const char *reason, CaseFollowup *out)
{
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    if (validate_required_text(ctx, reason, 1000, true, "reason") != TK_OK)
        return TK_ERR_INVALID;
    DOMAIN_CASE_CHANGE(ctx, rc, id, view, {
        CaseFollowup planned;
        if (rc == TK_OK)
            rc = planned_followup(ctx, id, followup_id, &planned, NULL);
        if (rc == TK_OK)
            rc = store_case_followup_close(ctx->db, followup_id, "cancelled", 0, reason, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = case_record(ctx, id, "case.followup.cancel",
                             arena_printf(ctx->arena, "%s: %s", planned.due_on, reason));
        if (rc == TK_OK)
            rc = reload_and_refresh(ctx, id, &view);
    });
    if (rc == TK_OK)
        rc = store_case_followup_get(ctx->db, id, followup_id, ctx->arena, out);
    return rc;
}

/* The earliest contact of the schedule still planned, of that kind, due on or before date (0 when none). */
static int due_followup_of_kind(Ctx *ctx, int64_t case_id, const char *kind, const char *date, int64_t *followup_id)
{
    CaseFollowup *items = NULL;
    int count = 0;
    *followup_id = 0;
    int rc = store_case_followups(ctx->db, case_id, ctx->arena, &items, &count);
    for (int i = 0; rc == TK_OK && i < count && !*followup_id; i++) /* soonest first */
        if (strcmp(items[i].status, "planned") == 0 && strcmp(items[i].kind, kind) == 0 &&
            strcmp(items[i].due_on, date) <= 0)
            *followup_id = items[i].id;
    return rc;
}

int domain_case_note_add(Ctx *ctx, int64_t id, CaseNote *note)
{
    int rc = case_require(ctx);
    if (rc != TK_OK)
        return rc;
    if (validate_code(ctx, &codes_note_kinds, note->kind, "kind") != TK_OK)
        rc = TK_ERR_INVALID;
    if (domain_check_past_date(ctx, note->occurred_on, "occurred_on") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!note->body || !*note->body)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "body");
    if (validate_text(ctx, note->body, 8000, true, "body") != TK_OK ||
        validate_text(ctx, note->participants, 500, false, "participants") != TK_OK)
        rc = TK_ERR_INVALID;
    DOMAIN_CASE_CHANGE(ctx, rc, id, view, {
        CaseFollowup planned = {0};
        /* a contact recorded without naming the planned one it is: the earliest of its kind due by its day */
        if (rc == TK_OK && !note->followup_id && strcmp(note->kind, "note") != 0)
            rc = due_followup_of_kind(ctx, id, note->kind, note->occurred_on, &note->followup_id);
        if (rc == TK_OK && note->followup_id)
            rc = planned_followup(ctx, id, note->followup_id, &planned, "followup_id");
        if (rc == TK_OK && note->followup_id && strcmp(planned.kind, note->kind) != 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "case.followup_kind", "followup_id");
        DOMAIN_CASE_PART_ADD(ctx, rc, id, note, store_case_note_add, "case.note.add", note->kind);
        if (rc == TK_OK && note->followup_id) {
            rc = store_case_followup_close(ctx->db, planned.id, "done", note->id, NULL, access_acting_user(ctx));
            if (rc == TK_OK)
                rc = case_record(ctx, id, "case.followup.done", planned.due_on);
            if (rc == TK_OK)
                rc = reload_and_refresh(ctx, id, &view);
        }
    });
    if (rc == TK_OK && ctx->user)
        note->author_name = ctx->user->full_name;
    return rc;
}

DOMAIN_CASE_PART_LIST(domain_case_history, CaseEvent, case_load_section(ctx, case_id, 0, &view), store_case_events,
                      domain_case_part_whole, "case.history.read")
