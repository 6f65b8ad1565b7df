/* The committee's rules as pure functions, who the user is to its records, its members, and observations. */
#include "domain/committee/committee.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/fields.h"
#include "domain/cases/cases.h"
#include "domain/cases/deadlines.h"
#include "domain/committee/committee_internal.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/committee.h"
#include "store/org.h"

enum { TEXT_MAX = 4000, REASON_MAX = 1000, LINKS_MAX = 20 };

static const char *const categories[] = {"homes",      "referrals", "deadlines", "staffing",
                                         "facilities", "legal",     "training",  "data"};
static const char *const priorities[] = {"high", "medium", "low"};
static const char *const statuses[] = {"implemented", "in_progress", "past_due", "not_implemented", "not_applicable"};

bool committee_category_valid(const char *code)
{
    return CODES_ONE_OF(code, categories);
}

bool committee_priority_valid(const char *code)
{
    return CODES_ONE_OF(code, priorities);
}

bool committee_status_valid(const char *code)
{
    return CODES_ONE_OF(code, statuses);
}

const char *committee_action_state(const char *due_on, const char *completed_on, const char *today)
{
    if (completed_on)
        return "completed";
    int64_t left = days_between(today, due_on);
    if (left < 0)
        return "overdue";
    return left <= ACTION_DUE_DAYS ? "due" : "upcoming";
}

const char *committee_recommendation_status(const char *state, const char *due_on, const char *today)
{
    if (strcmp(state, "open") != 0)
        return state;
    return days_between(today, due_on) < 0 ? "past_due" : "in_progress";
}

const char *committee_recommendation_on_time(const char *state, const char *due_on, const char *closed_on,
                                             const char *today)
{
    if (strcmp(state, "implemented") == 0)
        return closed_on && strcmp(closed_on, due_on) <= 0 ? "met" : "missed";
    if (strcmp(state, "not_implemented") == 0)
        return "missed";
    if (strcmp(state, "open") == 0 && strcmp(due_on, today) < 0)
        return "missed";
    return NULL;
}

/* --- who the user is --- */

bool committee_member(const Ctx *ctx)
{
    return access_has(ctx, CAP_COMMITTEE);
}

bool committee_reader(const Ctx *ctx)
{
    return access_has(ctx, CAP_COMMITTEE_READ);
}

bool committee_unit_user(const Ctx *ctx)
{
    return ctx->unit && access_has(ctx, CAP_OBSERVE);
}

int committee_require_any(Ctx *ctx)
{
    if (committee_reader(ctx) || committee_unit_user(ctx))
        return TK_OK;
    return access_require(ctx, CAP_COMMITTEE_READ);
}

bool domain_committee_is_secretary(Ctx *ctx)
{
    bool secretary = false;
    return committee_member(ctx) && store_committee_is_secretary(ctx->db, ctx->user->id, &secretary) == TK_OK &&
           secretary;
}

int committee_require_secretary(Ctx *ctx)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE);
    if (!domain_committee_is_secretary(ctx))
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "committee.secretary_only");
    return TK_OK;
}

int committee_record(Ctx *ctx, const char *object_type, int64_t object_id, const char *event, const char *detail)
{
    int rc = store_committee_event(ctx->db, object_type, object_id, event, detail, access_acting_user(ctx));
    if (rc == TK_OK)
        rc = domain_audit_change(ctx, arena_printf(ctx->arena, "%s.%s", object_type, event), object_type, object_id,
                                 "ok", detail);
    return rc;
}

int committee_record_at_meeting(Ctx *ctx, const Meeting *m, const char *object_type, int64_t object_id,
                                const char *event, const char *meeting_event)
{
    int rc = committee_record(ctx, object_type, object_id, event,
                              arena_printf(ctx->arena, "%lld/%lld", (long long)m->number, (long long)m->year));
    if (rc == TK_OK)
        rc = committee_record(ctx, "meeting", m->id, meeting_event,
                              arena_printf(ctx->arena, "%lld", (long long)object_id));
    return rc;
}

int committee_read(Ctx *ctx, int rc, const char *object_type, int64_t id, const char *action, CommitteeEvent **history,
                   int *history_count)
{
    if (rc == TK_OK)
        rc = store_committee_history(ctx->db, object_type, id, ctx->arena, history, history_count);
    return rc == TK_OK ? domain_audit_read(ctx, action, object_type, id, NULL) : rc;
}

const char *committee_today(Ctx *ctx)
{
    char *today = arena_alloc(ctx->arena, 11);
    if (today)
        clock_amman_today(today);
    return today ? today : "";
}

const char *committee_date_after(Ctx *ctx, const char *date, int days)
{
    char *out = arena_alloc(ctx->arena, 11);
    if (!out)
        return date;
    clock_amman_date(clock_amman_day_start(date) + (int64_t)days * 86400 + 43200, out);
    return out;
}

/* --- members --- */

int domain_committee_members(Ctx *ctx, MeetingMember **items, int *count)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_COMMITTEE_READ);
    rc = store_committee_members(ctx->db, ROLE_COMMITTEE, ctx->arena, items, count);
    return rc;
}

int domain_committee_secretary_set(Ctx *ctx, int64_t user_id, bool secretary)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    DOMAIN_TRANSACTION(ctx, rc, {
        User user;
        rc = store_user_get(ctx->db, user_id, ctx->arena, &user);
        if (rc == TK_ERR_NOT_FOUND)
            rc = fault_set(ctx->fault, rc, "not_found");
        else if (rc == TK_OK && !(user.roles & ROLE_COMMITTEE))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "committee.not_member", "user_id");
        if (rc == TK_OK)
            rc = store_committee_secretary_set(ctx->db, user_id, secretary, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "committee.secretary", "user", user_id, "ok", secretary ? "set" : "cleared");
    });
    return rc;
}

int domain_committee_secretary_get(Ctx *ctx, int64_t user_id, bool *secretary)
{
    *secretary = false;
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    User user;
    rc = store_user_get(ctx->db, user_id, ctx->arena, &user);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc == TK_OK && !(user.roles & ROLE_COMMITTEE))
        return fault_field(ctx->fault, TK_ERR_INVALID, "committee.not_member", "user_id");
    if (rc == TK_OK)
        rc = store_committee_is_secretary(ctx->db, user_id, secretary);
    return rc == TK_OK ? domain_audit_read(ctx, "committee.secretary.read", "user", user_id, NULL) : rc;
}

/* --- observations --- */

/* Whether the user reads the observation, and whether she is of its raising unit (who alone is given its cases). */
static bool observation_readable(const Ctx *ctx, const Observation *o, bool *own)
{
    *own = committee_unit_user(ctx) && ctx->unit->id == o->unit_id;
    return *own || committee_reader(ctx);
}

int domain_observations(Ctx *ctx, ObservationFilter *filter, Observation **items, int *count)
{
    int rc = committee_require_any(ctx);
    if (rc != TK_OK)
        return rc;
    if (!committee_reader(ctx))
        filter->unit_id = ctx->unit->id;
    if ((filter->category && !committee_category_valid(filter->category)))
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "category");
    rc = store_observations(ctx->db, filter, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "observation.list", "observation", 0, NULL) : rc;
}

int domain_observation_get(Ctx *ctx, int64_t id, Observation *out, CommitteeEvent **history, int *history_count)
{
    int rc = committee_require_any(ctx);
    if (rc != TK_OK)
        return rc;
    bool own = false;
    rc = store_observation_get(ctx->db, id, ctx->arena, out);
    if (rc == TK_OK && !observation_readable(ctx, out, &own))
        rc = TK_ERR_NOT_FOUND;
    if (rc == TK_ERR_NOT_FOUND) {
        domain_audit_read_outcome(ctx, "observation.read", "observation", id, "denied", NULL);
        return fault_set(ctx->fault, rc, "not_found");
    }
    if (rc == TK_OK && !own) {
        /* the committee sees the unit's summary (its evidence), never the cases */
        out->cases = NULL;
        out->cases_withheld = true;
    }
    if (rc == TK_OK)
        rc = store_observation_figures(ctx->db, id, ctx->arena, &out->figures, &out->figure_count);
    return committee_read(ctx, rc, "observation", id, "observation.read", history, history_count);
}

static int observation_check(Ctx *ctx, const Observation *o)
{
    if (!o->category)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "category");
    if (!committee_category_valid(o->category))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "category");
    if (o->governorate && !codes_find(&codes_governorates, o->governorate))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "governorate");
    if (!o->description || !*o->description)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "description");
    int rc = validate_text(ctx, o->description, TEXT_MAX, true, "description");
    if (rc == TK_OK)
        rc = validate_text(ctx, o->evidence, TEXT_MAX, true, "evidence");
    return rc;
}

int domain_observation_add(Ctx *ctx, Observation *in)
{
    if (!committee_unit_user(ctx))
        return access_require(ctx, CAP_OBSERVE) ?: fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    int rc = observation_check(ctx, in);
    if (rc != TK_OK)
        return rc;
    if (in->unit_count > LINKS_MAX)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.too_long", "units");
    if (in->case_count > LINKS_MAX)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.too_long", "case_ids");
    in->unit_id = ctx->unit->id;
    DOMAIN_TRANSACTION(ctx, rc, {
        for (int i = 0; rc == TK_OK && i < in->unit_count; i++) {
            Unit unit;
            if ((rc = store_unit_get(ctx->db, in->units[i], ctx->arena, &unit)) == TK_ERR_NOT_FOUND)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "committee.unit", "units");
        }
        /* a case is pointed to only by someone who sees it, and the reading is audited as any */
        for (int i = 0; rc == TK_OK && i < in->case_count; i++) {
            CaseView view;
            if ((rc = domain_case_load(ctx, in->cases[i].case_id, &view)) == TK_ERR_NOT_FOUND ||
                rc == TK_ERR_FORBIDDEN) {
                *ctx->fault = (Fault){0};
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "committee.case", "case_ids");
            }
        }
        if (rc == TK_OK)
            rc = store_observation_add(ctx->db, in, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = committee_record(ctx, "observation", in->id, "raise", in->category);
    });
    return rc;
}

int domain_observation_update(Ctx *ctx, int64_t id, int64_t version, const Observation *edit, Observation *out)
{
    int rc = committee_require_any(ctx);
    if (rc != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        bool own = false;
        rc = store_observation_get(ctx->db, id, ctx->arena, out);
        if (rc == TK_OK && !observation_readable(ctx, out, &own))
            rc = TK_ERR_NOT_FOUND;
        if (rc == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        const char *event = "edit";
        if (rc == TK_OK && edit->status) {
            /* the committee dismisses an observation with a reason, or takes it up again */
            if (!committee_member(ctx))
                rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
            else if (strcmp(edit->status, "dismissed") == 0) {
                if (!edit->dismissed_reason || !*edit->dismissed_reason)
                    rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "dismissed_reason");
                else if (strcmp(out->status, "new") != 0 && strcmp(out->status, "on_agenda") != 0 &&
                         strcmp(out->status, "discussed") != 0)
                    rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "observation.status");
                else if ((rc = validate_text(ctx, edit->dismissed_reason, REASON_MAX, true, "dismissed_reason")) ==
                         TK_OK) {
                    out->status = "dismissed";
                    out->dismissed_reason = edit->dismissed_reason;
                    event = "dismiss";
                }
            } else if (strcmp(edit->status, "new") == 0) {
                if (strcmp(out->status, "dismissed") != 0)
                    rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "observation.status");
                out->status = "new";
                out->dismissed_reason = NULL;
                event = "reopen";
            } else
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "status");
        } else if (rc == TK_OK) {
            /* its unit edits it while the committee has not taken it up */
            if (!own)
                rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
            else if (strcmp(out->status, "new") != 0)
                rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "observation.taken_up");
            else {
                Observation next = *out;
                fields_copy_given(&next, edit, FIELDS(Observation, category, governorate, description, evidence));
                if ((rc = observation_check(ctx, &next)) == TK_OK)
                    *out = next;
            }
        }
        if (rc == TK_OK) {
            out->version = version;
            if ((rc = store_observation_update(ctx->db, out, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                fault_set(ctx->fault, rc, "version.conflict");
        }
        if (rc == TK_OK)
            rc = committee_record(ctx, "observation", id, event, out->dismissed_reason);
    });
    if (rc == TK_OK)
        rc = domain_observation_get(ctx, id, out, &(CommitteeEvent *){NULL}, &(int){0});
    return rc;
}
