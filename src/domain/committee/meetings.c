/* Meetings: numbered per year, their members present and absent, the agenda with items carried over, outcomes only
 * while open, and the minutes approved at a later meeting, read-only after. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/committee/committee_internal.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/committee.h"

enum { PLACE_MAX = 200, NOTES_MAX = 8000, TITLE_MAX = 1000, OUTCOME_MAX = 4000 };

int domain_meetings(Ctx *ctx, Meeting **items, int *count)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE_READ);
    rc = store_meetings(ctx->db, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "meeting.list", "meeting", 0, NULL) : rc;
}

/* Loads a meeting for a reader: 404 when there is none. */
static int meeting_load(Ctx *ctx, int64_t id, Meeting *m)
{
    return domain_found(ctx, store_meeting_get(ctx->db, id, ctx->arena, m));
}

int domain_meeting_get(Ctx *ctx, int64_t id, Meeting *out, CommitteeEvent **history, int *history_count)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE_READ);
    return committee_read(ctx, meeting_load(ctx, id, out), "meeting", id, "meeting.read", history, history_count);
}

int domain_meeting_minutes(Ctx *ctx, int64_t id, Meeting *out, Recommendation **recommendations, int *count)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE_READ);
    rc = meeting_load(ctx, id, out);
    if (rc == TK_OK)
        rc = store_meeting_recommendations(ctx->db, id, ctx->arena, recommendations, count);
    return rc == TK_OK ? domain_audit_read(ctx, "meeting.minutes.read", "meeting", id, NULL) : rc;
}

static int meeting_check(Ctx *ctx, const char *held_on, const char *place)
{
    if (!held_on)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "held_on");
    if (!validate_is_date(held_on))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "held_on");
    return validate_required_text(ctx, place, PLACE_MAX, false, "place");
}

int domain_meeting_add(Ctx *ctx, Meeting *in)
{
    int rc = committee_require_secretary(ctx);
    if (rc == TK_OK)
        rc = meeting_check(ctx, in->held_on, in->place);
    if (rc == TK_OK)
        rc = validate_text(ctx, in->notes, NOTES_MAX, true, "notes");
    if (rc != TK_OK)
        return rc;
    in->year = strtol(in->held_on, NULL, 10);
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_committee_members(ctx->db, ROLE_COMMITTEE, ctx->arena, &in->members, &in->member_count);
        if (rc == TK_OK)
            rc = store_meeting_add(ctx->db, in, access_acting_user(ctx));
        /* what earlier meetings left open comes onto this agenda, marked as carried */
        MeetingItem *carry = NULL;
        int carry_count = 0;
        if (rc == TK_OK)
            rc = store_meeting_items_to_carry(ctx->db, ctx->arena, &carry, &carry_count);
        for (int i = 0; rc == TK_OK && i < carry_count; i++) {
            MeetingItem item = {.meeting_id = in->id,
                                .kind = carry[i].kind,
                                .observation_id = carry[i].observation_id,
                                .recommendation_id = carry[i].recommendation_id,
                                .title = carry[i].title,
                                .carried_from = carry[i].id,
                                .fact_finding_id = carry[i].fact_finding_id};
            rc = store_meeting_item_add(ctx->db, &item);
        }
        /* and the open recommendations that fall due by then, for review */
        Recommendation *due = NULL;
        int due_count = 0;
        if (rc == TK_OK)
            rc = store_recommendations_for_review(
                ctx->db, in->id, committee_date_after(ctx, in->held_on, ACTION_DUE_DAYS), ctx->arena, &due, &due_count);
        for (int i = 0; rc == TK_OK && i < due_count; i++) {
            MeetingItem item = {
                .meeting_id = in->id, .kind = "review", .recommendation_id = due[i].id, .title = due[i].text};
            rc = store_meeting_item_add(ctx->db, &item);
        }
        /* and the reports of the fact-finding groups that no agenda has heard yet */
        FactFindingGroup *reports = NULL;
        int report_count = 0;
        if (rc == TK_OK)
            rc = store_fact_findings_to_hear(ctx->db, ctx->arena, &reports, &report_count);
        for (int i = 0; rc == TK_OK && i < report_count; i++) {
            MeetingItem item = {.meeting_id = in->id,
                                .kind = "fact_finding",
                                .fact_finding_id = reports[i].id,
                                .title = reports[i].task};
            rc = store_meeting_item_add(ctx->db, &item);
        }
        if (rc == TK_OK)
            rc = committee_record(ctx, "meeting", in->id, "plan",
                                  arena_printf(ctx->arena, "%lld/%lld", (long long)in->number, (long long)in->year));
    });
    return rc;
}

/* Refuses a change to a meeting whose minutes are approved. */
static int minutes_open(Ctx *ctx, const Meeting *m)
{
    return m->minutes_approved_at ? fault_set(ctx->fault, TK_ERR_CONFLICT, "meeting.minutes_approved") : TK_OK;
}

int domain_meeting_update(Ctx *ctx, int64_t id, int64_t version, const MeetingEdit *edit, Meeting *out)
{
    int rc = committee_require_secretary(ctx);
    if (rc != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = meeting_load(ctx, id, out);
        if (rc == TK_OK)
            rc = minutes_open(ctx, out);
        if (rc == TK_OK && edit->held_on && strcmp(edit->held_on, out->held_on) != 0) {
            if (strcmp(out->status, "planned") != 0)
                rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "meeting.date_fixed", "held_on");
            else if (strncmp(edit->held_on, out->held_on, 4) != 0)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "meeting.same_year", "held_on");
            else
                out->held_on = edit->held_on;
        }
        if (rc == TK_OK && edit->place)
            out->place = edit->place;
        if (rc == TK_OK && edit->notes_set)
            out->notes = edit->notes;
        if (rc == TK_OK)
            rc = meeting_check(ctx, out->held_on, out->place);
        if (rc == TK_OK)
            rc = validate_text(ctx, out->notes, NOTES_MAX, true, "notes");
        if (rc == TK_OK && edit->present) {
            for (int i = 0; rc == TK_OK && i < edit->present_count; i++) {
                bool member = false;
                for (int k = 0; k < out->member_count; k++)
                    member = member || out->members[k].user_id == edit->present[i];
                if (!member)
                    rc = fault_field(ctx->fault, TK_ERR_INVALID, "committee.not_member", "present");
            }
            for (int k = 0; rc == TK_OK && k < out->member_count; k++) {
                bool present = false;
                for (int i = 0; i < edit->present_count; i++)
                    present = present || out->members[k].user_id == edit->present[i];
                rc = store_meeting_presence(ctx->db, id, out->members[k].user_id, present);
            }
        }
        if (rc == TK_OK) {
            out->version = version;
            if ((rc = store_meeting_update(ctx->db, out, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                fault_set(ctx->fault, rc, "version.conflict");
        }
        if (rc == TK_OK)
            rc = committee_record(ctx, "meeting", id, "edit", NULL);
    });
    if (rc == TK_OK)
        rc = meeting_load(ctx, id, out);
    return rc;
}

int domain_meeting_transition(Ctx *ctx, int64_t id, int64_t version, const char *action, int64_t at_meeting_id,
                              Meeting *out)
{
    int rc = committee_require_secretary(ctx);
    if (rc != TK_OK)
        return rc;
    if (!action ||
        (strcmp(action, "open") != 0 && strcmp(action, "close") != 0 && strcmp(action, "approve_minutes") != 0))
        return fault_field(ctx->fault, TK_ERR_INVALID, action ? "field.code" : "field.required", "action");
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = meeting_load(ctx, id, out);
        const char *detail = NULL;
        if (rc == TK_OK && strcmp(action, "open") == 0) {
            if (strcmp(out->status, "planned") != 0)
                rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "meeting.status");
            out->status = "open";
            out->opened_at = clock_now();
        } else if (rc == TK_OK && strcmp(action, "close") == 0) {
            if (strcmp(out->status, "open") != 0)
                rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "meeting.status");
            out->status = "closed";
            out->closed_at = clock_now();
        } else if (rc == TK_OK) {
            /* the minutes are approved at a later meeting, while it sits */
            Meeting at;
            if (strcmp(out->status, "closed") != 0)
                rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "meeting.not_closed");
            else if ((rc = minutes_open(ctx, out)) != TK_OK)
                ;
            else if (!at_meeting_id)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "at_meeting_id");
            else if ((rc = store_meeting_get(ctx->db, at_meeting_id, ctx->arena, &at)) == TK_ERR_NOT_FOUND)
                rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "meeting.approval_meeting", "at_meeting_id");
            else if (rc == TK_OK &&
                     (at.id == out->id || strcmp(at.status, "open") != 0 || strcmp(at.held_on, out->held_on) < 0))
                rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "meeting.approval_meeting", "at_meeting_id");
            if (rc == TK_OK) {
                out->minutes_approved_at = clock_now();
                out->minutes_approved_by = access_acting_user(ctx);
                out->minutes_approved_in = at.id;
                detail = arena_printf(ctx->arena, "%lld/%lld", (long long)at.number, (long long)at.year);
                rc = committee_record(ctx, "meeting", at.id, "approve_previous_minutes",
                                      arena_printf(ctx->arena, "%lld", (long long)out->id));
            }
        }
        if (rc == TK_OK) {
            out->version = version;
            if ((rc = store_meeting_update(ctx->db, out, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                fault_set(ctx->fault, rc, "version.conflict");
        }
        if (rc == TK_OK)
            rc = committee_record(ctx, "meeting", id, action, detail);
    });
    if (rc == TK_OK)
        rc = meeting_load(ctx, id, out);
    return rc;
}

int domain_meeting_item_add(Ctx *ctx, int64_t meeting_id, MeetingItem *item)
{
    int rc = committee_require_secretary(ctx);
    if (rc != TK_OK)
        return rc;
    if (!item->kind || (strcmp(item->kind, "observation") != 0 && strcmp(item->kind, "review") != 0 &&
                        strcmp(item->kind, "other") != 0 && strcmp(item->kind, "fact_finding") != 0))
        return fault_field(ctx->fault, TK_ERR_INVALID, item->kind ? "field.code" : "field.required", "kind");
    if ((rc = validate_text(ctx, item->title, TITLE_MAX, true, "title")) != TK_OK)
        return rc;
    item->meeting_id = meeting_id;
    DOMAIN_TRANSACTION(ctx, rc, {
        Meeting m;
        rc = meeting_load(ctx, meeting_id, &m);
        if (rc == TK_OK && strcmp(m.status, "closed") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "meeting.closed");
        if (rc == TK_OK && strcmp(item->kind, "observation") == 0) {
            Observation o;
            item->recommendation_id = item->fact_finding_id = 0;
            if (!item->observation_id)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "observation_id");
            else if ((rc = store_observation_get(ctx->db, item->observation_id, ctx->arena, &o)) == TK_ERR_NOT_FOUND)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "committee.observation", "observation_id");
            else if (rc == TK_OK && strcmp(o.status, "new") != 0 && strcmp(o.status, "discussed") != 0)
                rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "observation.status", "observation_id");
            if (rc == TK_OK) {
                if (!item->title || !*item->title)
                    item->title = o.description;
                o.status = "on_agenda";
                rc = store_observation_update(ctx->db, &o, access_acting_user(ctx));
            }
            if (rc == TK_OK)
                rc = committee_record(ctx, "observation", o.id, "agenda",
                                      arena_printf(ctx->arena, "%lld/%lld", (long long)m.number, (long long)m.year));
        } else if (rc == TK_OK && strcmp(item->kind, "review") == 0) {
            Recommendation r;
            item->observation_id = item->fact_finding_id = 0;
            if (!item->recommendation_id)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "recommendation_id");
            else if ((rc = store_recommendation_get(ctx->db, item->recommendation_id, ctx->arena, &r)) ==
                     TK_ERR_NOT_FOUND)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "committee.recommendation", "recommendation_id");
            if (rc == TK_OK && (!item->title || !*item->title))
                item->title = r.text;
        } else if (rc == TK_OK && strcmp(item->kind, "fact_finding") == 0) {
            rc = committee_fact_finding_item_check(ctx, &m, item);
        } else if (rc == TK_OK) {
            item->observation_id = item->recommendation_id = item->fact_finding_id = 0;
            if (!item->title || !*item->title)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "title");
        }
        item->carried_from = 0;
        if (rc == TK_OK)
            rc = store_meeting_item_add(ctx->db, item);
        if (rc == TK_OK)
            rc = committee_record(ctx, "meeting", meeting_id, "agenda_add",
                                  arena_printf(ctx->arena, "%lld", (long long)item->id));
    });
    if (rc == TK_OK)
        rc = store_meeting_item_get(ctx->db, item->id, ctx->arena, item);
    return rc;
}

int domain_meeting_item_outcome(Ctx *ctx, int64_t meeting_id, int64_t item_id, int64_t version, const char *outcome,
                                const char *text, MeetingItem *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE);
    if (!outcome || (strcmp(outcome, "information") != 0 && strcmp(outcome, "decision") != 0))
        return fault_field(ctx->fault, TK_ERR_INVALID, outcome ? "field.code" : "field.required", "outcome");
    if ((rc = validate_required_text(ctx, text, OUTCOME_MAX, true, "text")) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        Meeting m;
        rc = meeting_load(ctx, meeting_id, &m);
        if (rc == TK_OK && (rc = store_meeting_item_get(ctx->db, item_id, ctx->arena, out)) == TK_OK &&
            out->meeting_id != meeting_id)
            rc = TK_ERR_NOT_FOUND;
        if (rc == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        /* outcomes are written only while the meeting sits */
        if (rc == TK_OK && strcmp(m.status, "open") != 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "meeting.not_open");
        if (rc == TK_OK && out->outcome && strcmp(out->outcome, "recommendations") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "meeting.item_recommended");
        if (rc == TK_OK) {
            out->outcome = outcome;
            out->outcome_text = text;
            out->version = version;
            if ((rc = store_meeting_item_outcome(ctx->db, out, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                fault_set(ctx->fault, rc, "version.conflict");
        }
        if (rc == TK_OK && out->observation_id) {
            Observation o;
            rc = store_observation_get(ctx->db, out->observation_id, ctx->arena, &o);
            if (rc == TK_OK && strcmp(o.status, "on_agenda") == 0) {
                o.status = "discussed";
                rc = store_observation_update(ctx->db, &o, access_acting_user(ctx));
                if (rc == TK_OK)
                    rc = committee_record(ctx, "observation", o.id, "discuss", outcome);
            }
        }
        if (rc == TK_OK)
            rc = committee_record(ctx, "meeting", meeting_id, "outcome",
                                  arena_printf(ctx->arena, "%lld:%s", (long long)item_id, outcome));
    });
    if (rc == TK_OK)
        rc = store_meeting_item_get(ctx->db, item_id, ctx->arena, out);
    return rc;
}
