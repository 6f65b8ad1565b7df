/* Fact-finding groups (لجان تقصي الحقائق): set up at an open meeting with their members, task and due date; they
 * report back, and the report is heard at a later meeting. */
#include <string.h>

#include "base/err.h"
#include "domain/committee/committee_internal.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/committee.h"

enum { TASK_MAX = 4000, REPORT_MAX = 8000, NAME_MAX = 200 };

int domain_fact_findings(Ctx *ctx, int64_t meeting_id, FactFindingGroup **items, int *count)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE_READ);
    rc = store_fact_findings(ctx->db, meeting_id, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "fact_finding.list", "fact_finding", 0, NULL) : rc;
}

static int group_load(Ctx *ctx, int64_t id, FactFindingGroup *g)
{
    return domain_found(ctx, store_fact_finding_get(ctx->db, id, ctx->arena, g));
}

int domain_fact_finding_get(Ctx *ctx, int64_t id, FactFindingGroup *out, CommitteeEvent **history, int *history_count)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE_READ);
    return committee_read(ctx, group_load(ctx, id, out), "fact_finding", id, "fact_finding.read", history,
                          history_count);
}

/* The task, the due date (not before the meeting that set the group up) and the members. */
static int group_check(Ctx *ctx, const FactFindingGroup *g, const char *meeting_held_on)
{
    if (!g->task || !*g->task)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "task");
    int rc = validate_text(ctx, g->task, TASK_MAX, true, "task");
    if (rc != TK_OK)
        return rc;
    if (!g->due_on)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "due_on");
    if (!validate_is_date(g->due_on))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "due_on");
    if (strcmp(g->due_on, meeting_held_on) < 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "fact_finding.due_before_meeting", "due_on");
    if (g->member_count < 1)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "members");
    if (g->member_count > FACT_FINDING_MEMBERS_MAX)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.too_long", "members");
    for (int i = 0; i < g->member_count; i++) {
        const FactFindingMember *m = &g->members[i];
        if (!m->name || !*m->name)
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "members.name");
        if ((rc = validate_text(ctx, m->name, NAME_MAX, false, "members.name")) != TK_OK)
            return rc;
        if ((rc = validate_code(ctx, &codes_agencies, m->agency, "members.agency")) != TK_OK)
            return rc;
    }
    return TK_OK;
}

int domain_fact_finding_add(Ctx *ctx, FactFindingGroup *in)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE);
    DOMAIN_TRANSACTION(ctx, rc, {
        Meeting m;
        rc = store_meeting_get(ctx->db, in->meeting_id, ctx->arena, &m);
        if (rc == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        /* a group is set up by the meeting while it sits, as its other outcomes are */
        if (rc == TK_OK && strcmp(m.status, "open") != 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "meeting.not_open");
        if (rc == TK_OK && in->item_id) {
            bool found = false;
            for (int i = 0; i < m.item_count; i++)
                found = found || m.items[i].id == in->item_id;
            if (!found)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "fact_finding.item", "item_id");
        }
        if (rc == TK_OK)
            rc = group_check(ctx, in, m.held_on);
        if (rc == TK_OK)
            rc = store_fact_finding_add(ctx->db, in, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = committee_record_at_meeting(ctx, &m, "fact_finding", in->id, "set_up", "fact_finding");
    });
    if (rc == TK_OK)
        rc = store_fact_finding_get(ctx->db, in->id, ctx->arena, in);
    return rc;
}

int domain_fact_finding_update(Ctx *ctx, int64_t id, int64_t version, const FactFindingGroup *edit,
                               const FactFindingMember *members, int member_count, FactFindingGroup *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE);
    DOMAIN_TRANSACTION(ctx, rc, {
        Meeting m;
        rc = group_load(ctx, id, out);
        if (rc == TK_OK)
            rc = store_meeting_get(ctx->db, out->meeting_id, ctx->arena, &m);
        if (rc == TK_OK && strcmp(out->state, "reported") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "fact_finding.reported");
        const char *event = "edit";
        /* the task and the members are in the minutes of the meeting that set the group up: once those are approved,
         * they no longer change */
        if (rc == TK_OK && (edit->task || edit->due_on || members) && m.minutes_approved_at)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "meeting.minutes_approved");
        if (rc == TK_OK) {
            if (edit->task)
                out->task = edit->task;
            if (edit->due_on)
                out->due_on = edit->due_on;
            if (members) {
                out->members = (FactFindingMember *)members;
                out->member_count = member_count;
            }
            rc = group_check(ctx, out, m.held_on);
        }
        if (rc == TK_OK && (edit->report || edit->reported_on)) {
            /* the group reports back: its text and the day it was given, not before it was set up nor to come */
            const char *today = committee_today(ctx);
            if (!edit->report || !*edit->report)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "report");
            else if ((rc = validate_text(ctx, edit->report, REPORT_MAX, true, "report")) != TK_OK)
                ;
            else if (!edit->reported_on)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "reported_on");
            else if (!validate_is_date(edit->reported_on))
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "reported_on");
            else if (strcmp(edit->reported_on, today) > 0 || strcmp(edit->reported_on, m.held_on) < 0)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "fact_finding.reported_on", "reported_on");
            if (rc == TK_OK) {
                out->report = edit->report;
                out->reported_on = edit->reported_on;
                out->state = "reported";
                event = "findings";
            }
        }
        if (rc == TK_OK) {
            out->version = version;
            if ((rc = store_fact_finding_update(ctx->db, out, members != NULL, access_acting_user(ctx))) ==
                TK_ERR_CONFLICT)
                fault_set(ctx->fault, rc, "version.conflict");
        }
        if (rc == TK_OK)
            rc = committee_record(ctx, "fact_finding", id, event, out->reported_on);
    });
    if (rc == TK_OK)
        rc = group_load(ctx, id, out);
    return rc;
}

int committee_fact_finding_item_check(Ctx *ctx, const Meeting *m, MeetingItem *item)
{
    FactFindingGroup g;
    item->observation_id = item->recommendation_id = 0;
    if (!item->fact_finding_id)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "fact_finding_id");
    int rc = store_fact_finding_get(ctx->db, item->fact_finding_id, ctx->arena, &g);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_field(ctx->fault, TK_ERR_INVALID, "fact_finding.unknown", "fact_finding_id");
    if (rc != TK_OK)
        return rc;
    if (strcmp(g.state, "reported") != 0 || g.report_item_id || g.meeting_id == m->id)
        return fault_field(ctx->fault, TK_ERR_CONFLICT, "fact_finding.not_to_hear", "fact_finding_id");
    if (!item->title || !*item->title)
        item->title = g.task;
    return TK_OK;
}
