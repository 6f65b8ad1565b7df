/* Recommendations, the actions they are broken into, and the owners' progress reports. */
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/fields.h"
#include "domain/committee/committee_internal.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/committee.h"
#include "store/statistics.h"
#include "store/org.h"

enum { TEXT_MAX = 4000, NAME_MAX = 200, REASON_MAX = 1000 };

/* Whether the user's unit owns one of the actions. */
static bool owns_one(const Ctx *ctx, const CommitteeAction *actions, int count)
{
    for (int i = 0; committee_unit_user(ctx) && i < count; i++)
        if (actions[i].owner_unit_id == ctx->unit->id)
            return true;
    return false;
}

int domain_recommendations(Ctx *ctx, RecommendationFilter *f, Recommendation **items, int *count)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE_READ);
    const QueryParam params[] = {
        {"status", f->status, NULL, committee_status_valid},
        {"agency", f->agency, &codes_agencies, NULL},
        {"governorate", f->governorate, &codes_governorates, NULL},
        {"category", f->category, NULL, committee_category_valid},
        {"due_from", f->due_from, NULL, validate_is_date},
        {"due_to", f->due_to, NULL, validate_is_date},
    };
    if ((rc = validate_query(ctx, params, sizeof params / sizeof params[0])) != TK_OK)
        return rc;
    f->today = committee_today(ctx);
    rc = store_recommendations(ctx->db, f, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "recommendation.list", "recommendation", 0, NULL) : rc;
}

int domain_recommendations_export(Ctx *ctx, RecommendationFilter *f, const char *format, Recommendation **items,
                                  int *count)
{
    int rc = domain_recommendations(ctx, f, items, count);
    if (rc != TK_OK)
        return rc;
    /* on the log of data exports, with its filters (codes and dates only) */
    const char *filters = arena_printf(ctx->arena, "status=%s agency=%s governorate=%s category=%s due=%s..%s",
                                       f->status ? f->status : "", f->agency ? f->agency : "",
                                       f->governorate ? f->governorate : "", f->category ? f->category : "",
                                       f->due_from ? f->due_from : "", f->due_to ? f->due_to : "");
    int64_t id = 0;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_data_export_add(ctx->db, access_acting_user(ctx), ctx->unit ? ctx->unit->id : 0, "recommendations",
                                   format, filters, &id);
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "recommendation.export", "recommendation", 0, "ok",
                                     arena_printf(ctx->arena, "%s: %d recommendations", format, *count));
    });
    return rc;
}

/* Loads a recommendation and its actions for a reader or an owner of one of its actions: 404 for anyone else. */
static int recommendation_load(Ctx *ctx, int64_t id, Recommendation *r)
{
    int rc = committee_require_any(ctx);
    if (rc != TK_OK)
        return rc;
    CommitteeAction *actions = NULL;
    int count = 0;
    rc = store_recommendation_get(ctx->db, id, ctx->arena, r);
    if (rc == TK_OK)
        rc = store_recommendation_actions(ctx->db, id, ctx->arena, &actions, &count);
    if (rc == TK_OK && !committee_reader(ctx) && !owns_one(ctx, actions, count))
        rc = TK_ERR_NOT_FOUND;
    if (rc == TK_ERR_NOT_FOUND) {
        domain_audit_read_outcome(ctx, "recommendation.read", "recommendation", id, "denied", NULL);
        return fault_set(ctx->fault, rc, "not_found");
    }
    r->actions = actions;
    r->action_count_loaded = count;
    return rc;
}

int domain_recommendation_get(Ctx *ctx, int64_t id, Recommendation *out, CommitteeEvent **history, int *history_count)
{
    return committee_read(ctx, recommendation_load(ctx, id, out), "recommendation", id, "recommendation.read", history,
                          history_count);
}

int domain_recommendation_actions(Ctx *ctx, int64_t id, CommitteeAction **items, int *count)
{
    Recommendation r;
    int rc = recommendation_load(ctx, id, &r);
    if (rc != TK_OK)
        return rc;
    *items = r.actions;
    *count = r.action_count_loaded;
    return domain_audit_read(ctx, "action.list", "recommendation", id, NULL);
}

/* The fields of a recommendation as recorded or edited. */
static int recommendation_check(Ctx *ctx, const Recommendation *r)
{
    if (!r->text || !*r->text)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "text");
    int rc = validate_text(ctx, r->text, TEXT_MAX, true, "text");
    if (rc != TK_OK)
        return rc;
    if ((rc = validate_code(ctx, &codes_agencies, r->target_agency, "target_agency")) != TK_OK)
        return rc;
    if (!r->priority)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "priority");
    if (!committee_priority_valid(r->priority))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "priority");
    if (!r->due_on)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "due_on");
    if (!validate_is_date(r->due_on))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "due_on");
    if (r->target_unit_id) {
        Unit unit;
        if ((rc = store_unit_get(ctx->db, r->target_unit_id, ctx->arena, &unit)) == TK_ERR_NOT_FOUND)
            return fault_field(ctx->fault, TK_ERR_INVALID, "committee.unit", "target_unit_id");
        if (rc == TK_OK && strcmp(unit.agency, r->target_agency) != 0)
            return fault_field(ctx->fault, TK_ERR_INVALID, "committee.unit_agency", "target_unit_id");
    }
    return rc;
}

int domain_recommendation_add(Ctx *ctx, Recommendation *r)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE);
    if (!r->item_id)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "item_id");
    DOMAIN_TRANSACTION(ctx, rc, {
        MeetingItem item;
        Meeting m;
        rc = recommendation_check(ctx, r);
        if (rc == TK_OK && (rc = store_meeting_item_get(ctx->db, r->item_id, ctx->arena, &item)) == TK_ERR_NOT_FOUND)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "committee.item", "item_id");
        if (rc == TK_OK)
            rc = store_meeting_get(ctx->db, item.meeting_id, ctx->arena, &m);
        /* a recommendation is an outcome, written while its meeting sits */
        if (rc == TK_OK && strcmp(m.status, "open") != 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "meeting.not_open");
        if (rc == TK_OK) {
            r->meeting_id = m.id;
            r->observation_id = item.observation_id;
            rc = store_recommendation_add(ctx->db, r, access_acting_user(ctx));
        }
        if (rc == TK_OK && (!item.outcome || strcmp(item.outcome, "recommendations") != 0)) {
            item.outcome = "recommendations";
            rc = store_meeting_item_outcome(ctx->db, &item, access_acting_user(ctx));
        }
        if (rc == TK_OK && item.observation_id) {
            Observation o;
            rc = store_observation_get(ctx->db, item.observation_id, ctx->arena, &o);
            if (rc == TK_OK && strcmp(o.status, "recommended") != 0) {
                o.status = "recommended";
                rc = store_observation_update(ctx->db, &o, access_acting_user(ctx));
                if (rc == TK_OK)
                    rc = committee_record(ctx, "observation", o.id, "recommend",
                                          arena_printf(ctx->arena, "%lld", (long long)r->id));
            }
        }
        if (rc == TK_OK)
            rc = committee_record_at_meeting(ctx, &m, "recommendation", r->id, "add", "recommendation");
    });
    if (rc == TK_OK)
        rc = store_recommendation_get(ctx->db, r->id, ctx->arena, r);
    return rc;
}

int domain_recommendation_update(Ctx *ctx, int64_t id, int64_t version, const Recommendation *edit, Recommendation *out)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE);
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_recommendation_get(ctx->db, id, ctx->arena, out);
        if (rc == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        const char *event = "edit";
        Recommendation next = rc == TK_OK ? *out : (Recommendation){0};
        if (rc == TK_OK &&
            (edit->text || edit->target_agency || edit->target_unit_id || edit->priority || edit->due_on)) {
            if (strcmp(out->state, "open") != 0)
                rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "recommendation.closed");
            fields_copy_given(&next, edit,
                              FIELDS(Recommendation, text, target_agency, target_unit_id, priority, due_on));
            if (rc == TK_OK)
                rc = recommendation_check(ctx, &next);
        }
        if (rc == TK_OK && edit->state) {
            const char *s = edit->state;
            bool needs_reason = strcmp(s, "not_implemented") == 0 || strcmp(s, "not_applicable") == 0;
            if (strcmp(s, "open") != 0 && strcmp(s, "implemented") != 0 && !needs_reason)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "state");
            else if (strcmp(s, out->state) == 0)
                rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "recommendation.state", "state");
            else if (needs_reason && (!edit->state_reason || !*edit->state_reason))
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "state_reason");
            else if ((rc = validate_text(ctx, edit->state_reason, REASON_MAX, true, "state_reason")) == TK_OK) {
                next.state = s;
                next.state_reason = strcmp(s, "open") == 0 ? NULL : edit->state_reason;
                next.closed_on = strcmp(s, "open") == 0 ? NULL : committee_today(ctx);
                event = s;
            }
        }
        if (rc == TK_OK) {
            next.version = version;
            if ((rc = store_recommendation_update(ctx->db, &next, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                fault_set(ctx->fault, rc, "version.conflict");
        }
        if (rc == TK_OK)
            rc = committee_record(ctx, "recommendation", id, event, next.state_reason);
    });
    if (rc == TK_OK)
        rc = store_recommendation_get(ctx->db, id, ctx->arena, out);
    return rc;
}

/* --- actions --- */

int domain_action_add(Ctx *ctx, int64_t recommendation_id, CommitteeAction *a)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE);
    if ((rc = validate_required_text(ctx, a->text, TEXT_MAX, true, "text")) != TK_OK)
        return rc;
    if (!a->owner_unit_id)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "owner_unit_id");
    if ((rc = validate_required_text(ctx, a->responsible, NAME_MAX, false, "responsible")) != TK_OK)
        return rc;
    if (!a->due_on)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "due_on");
    if (!validate_is_date(a->due_on))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "due_on");
    a->recommendation_id = recommendation_id;
    DOMAIN_TRANSACTION(ctx, rc, {
        Recommendation r;
        Unit unit;
        rc = domain_found(ctx, store_recommendation_get(ctx->db, recommendation_id, ctx->arena, &r));
        if (rc == TK_OK && strcmp(r.state, "open") != 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "recommendation.closed");
        if (rc == TK_OK && (rc = store_unit_get(ctx->db, a->owner_unit_id, ctx->arena, &unit)) == TK_ERR_NOT_FOUND)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "committee.unit", "owner_unit_id");
        if (rc == TK_OK)
            rc = store_action_add(ctx->db, a, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = committee_record(ctx, "action", a->id, "add", arena_printf(ctx->arena, "%lld", (long long)r.id));
        if (rc == TK_OK)
            rc = committee_record(ctx, "recommendation", r.id, "action_add",
                                  arena_printf(ctx->arena, "%lld", (long long)a->id));
    });
    if (rc == TK_OK)
        rc = store_action_get(ctx->db, a->id, ctx->arena, a);
    return rc;
}

/* Loads an action for a reader or its owner unit; 404 for anyone else. *owner: the user's unit owns it. */
static int action_load(Ctx *ctx, int64_t id, CommitteeAction *a, bool *owner)
{
    int rc = committee_require_any(ctx);
    if (rc != TK_OK)
        return rc;
    rc = store_action_get(ctx->db, id, ctx->arena, a);
    *owner = rc == TK_OK && committee_unit_user(ctx) && ctx->unit->id == a->owner_unit_id;
    if (rc == TK_OK && !*owner && !committee_reader(ctx))
        rc = TK_ERR_NOT_FOUND;
    if (rc == TK_ERR_NOT_FOUND) {
        domain_audit_read_outcome(ctx, "action.read", "action", id, "denied", NULL);
        return fault_set(ctx->fault, rc, "not_found");
    }
    return rc;
}

int domain_action_get(Ctx *ctx, int64_t id, CommitteeAction *out, ActionReport **reports, int *report_count)
{
    bool owner;
    int rc = action_load(ctx, id, out, &owner);
    if (rc == TK_OK)
        rc = store_action_reports(ctx->db, id, ctx->arena, reports, report_count);
    return rc == TK_OK ? domain_audit_read(ctx, "action.read", "action", id, NULL) : rc;
}

int domain_actions_due(Ctx *ctx, bool mine, CommitteeAction **items, int *count, const char **today)
{
    int rc = mine ? (committee_unit_user(ctx) ? TK_OK : access_require(ctx, CAP_OBSERVE))
                  : access_require(ctx, CAP_COMMITTEE_READ);
    if (rc == TK_OK && mine && !committee_unit_user(ctx))
        rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    if (rc != TK_OK)
        return rc;
    *today = committee_today(ctx);
    rc = store_actions_due(ctx->db, mine ? ctx->unit->id : 0, committee_date_after(ctx, *today, ACTION_DUE_DAYS),
                           ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "action.due.list", "action", 0, mine ? "mine" : "all") : rc;
}

int domain_action_report_add(Ctx *ctx, int64_t action_id, const char *text, bool completed, ActionReport *out)
{
    int rc = committee_require_any(ctx);
    if (rc != TK_OK)
        return rc;
    if ((rc = validate_required_text(ctx, text, TEXT_MAX, true, "text")) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        CommitteeAction a;
        Recommendation r;
        bool owner = false;
        rc = action_load(ctx, action_id, &a, &owner);
        /* the owners report on their actions; the committee reads the reports */
        if (rc == TK_OK && !owner)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "committee.owner_only");
        if (rc == TK_OK && a.completed_on)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "action.completed");
        if (rc == TK_OK)
            rc = store_recommendation_get(ctx->db, a.recommendation_id, ctx->arena, &r);
        if (rc == TK_OK && strcmp(r.state, "open") != 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "recommendation.closed");
        if (rc == TK_OK) {
            *out = (ActionReport){
                .action_id = action_id, .text = text, .completed = completed, .reported_by = access_acting_user(ctx)};
            rc = store_action_report_add(ctx->db, out);
        }
        if (rc == TK_OK) {
            a.last_report_at = out->reported_at;
            if (completed)
                a.completed_on = committee_today(ctx);
            rc = store_action_update(ctx->db, &a, access_acting_user(ctx));
        }
        if (rc == TK_OK)
            rc = committee_record(ctx, "action", action_id, completed ? "complete" : "report",
                                  arena_printf(ctx->arena, "%lld", (long long)out->id));
    });
    if (rc == TK_OK)
        out->reported_by_name = ctx->user ? arena_strdup(ctx->arena, ctx->user->full_name) : NULL;
    return rc;
}
