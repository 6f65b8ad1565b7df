/* Release and after: the pre-release plan, releases and transfers, and the aftercare contacts planned on the case's
 * follow-up schedule (the case closes only after them: domain/cases/workflow.c). */
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/centres/centres_internal.h"
#include "domain/core/access.h"
#include "domain/core/validate.h"
#include "store/cases.h"
#include "store/centres.h"
#include "store/org.h"

enum { TEXT_MAX_CHARS = 2000, DAY = 86400, AFTERCARE_CONTACTS_MAX = 16 };

static const char *const release_kinds[] = {"release", "conditional_release", "early_release", "transfer", NULL};

/* The case of a plan: an inmate's (the centre's own workers), or a juvenile's in a home (her case's workers: the
 * aftercare plan). */
static int plan_case_load(Ctx *ctx, int64_t case_id, bool change, CaseView *view)
{
    int rc = change ? domain_case_load_open(ctx, case_id, view) : domain_case_load_section(ctx, case_id, 0, view);
    if (rc == TK_OK && strcmp(view->c.kind, "inmate_family") == 0)
        return centre_case_load(ctx, case_id, change, view);
    if (rc == TK_OK && strcmp(view->c.kind, "family_violence") == 0)
        return fault_set(ctx->fault, TK_ERR_INVALID, "centre.kind");
    return rc;
}

int domain_release_plan(Ctx *ctx, int64_t case_id, ReleasePlan *out)
{
    CaseView view;
    int rc = plan_case_load(ctx, case_id, false, &view);
    if (rc == TK_OK && (rc = store_release_plan_get(ctx->db, case_id, ctx->arena, out)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "centre.no_release_plan");
    return rc == TK_OK ? domain_audit_read(ctx, "case.release_plan.read", "case", case_id, NULL) : rc;
}

/* A required text of the plan. */
static int plan_text(Ctx *ctx, const char *text, bool required, const char *field)
{
    if (required && (!text || !*text))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", field);
    return validate_text(ctx, text, TEXT_MAX_CHARS, true, field);
}

int domain_release_plan_save(Ctx *ctx, int64_t case_id, ReleasePlan *in)
{
    int rc = TK_OK;
    if (plan_text(ctx, in->housing, true, "housing") != TK_OK)
        rc = TK_ERR_INVALID;
    if (plan_text(ctx, in->work, true, "work") != TK_OK)
        rc = TK_ERR_INVALID;
    if (plan_text(ctx, in->family_readiness, true, "family_readiness") != TK_OK)
        rc = TK_ERR_INVALID;
    if (plan_text(ctx, in->documents, true, "documents") != TK_OK)
        rc = TK_ERR_INVALID;
    if (plan_text(ctx, in->referrals, false, "referrals") != TK_OK)
        rc = TK_ERR_INVALID;
    in->case_id = case_id;
    DOMAIN_CASE_CHANGE_BY(ctx, rc, view, plan_case_load(ctx, case_id, true, &view), {
        if (rc == TK_OK)
            rc = domain_put_at_version(ctx, store_release_plan_put(ctx->db, in, access_acting_user(ctx)));
        if (rc == TK_OK)
            rc = domain_case_record_and_refresh(ctx, case_id, "case.release_plan.save", NULL);
    });
    return rc == TK_OK ? store_release_plan_get(ctx->db, case_id, ctx->arena, in) : rc;
}

DOMAIN_CASE_PART_LIST(domain_releases, CentreRelease, centre_case_load(ctx, case_id, false, &view), store_releases,
                      domain_case_part_whole, "case.releases.read")

/* The months after a release at which aftercare contacts fall: 1, 3, then every three months, and the last month;
 * returns how many. */
static int aftercare_months(int64_t months, int64_t out[AFTERCARE_CONTACTS_MAX])
{
    int n = 0;
    out[n++] = 1;
    for (int64_t m = 3; m <= months && n < AFTERCARE_CONTACTS_MAX; m += 3)
        out[n++] = m;
    if (out[n - 1] != months && n < AFTERCARE_CONTACTS_MAX)
        out[n++] = months;
    return n;
}

/* Inside the caller's transaction: the aftercare contacts of a release on the case's follow-up schedule. */
static int plan_aftercare(Ctx *ctx, const CentreRelease *r)
{
    int64_t months[AFTERCARE_CONTACTS_MAX];
    int count = aftercare_months(r->aftercare_months, months);
    int rc = TK_OK;
    for (int i = 0; rc == TK_OK && i < count; i++) {
        int64_t end = clock_amman_months_after(r->on_date, months[i]);
        char *due = arena_alloc(ctx->arena, 11);
        if (end < 0 || !due)
            return end < 0 ? TK_ERR_INVALID : TK_ERR_NOMEM;
        clock_amman_date(end - DAY, due);
        CaseFollowup f = {.case_id = r->case_id,
                          .kind = "home_visit",
                          .participants = "الرعاية اللاحقة: المُفرج عنه وأسرته",
                          .due_on = due};
        rc = store_case_followup_add(ctx->db, &f, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = store_aftercare_contact_add(ctx->db, f.id, r->id, months[i]);
    }
    return rc;
}

int domain_aftercare_begin(Ctx *ctx, int64_t case_id, const char *on_date, const char *notes)
{
    CentreRelease r = {.case_id = case_id,
                       .kind = "release",
                       .on_date = on_date,
                       .notes = notes,
                       .aftercare_months = settings_get(SET_AFTERCARE_MONTHS)};
    int rc = store_release_add(ctx->db, &r, access_acting_user(ctx));
    return rc == TK_OK ? plan_aftercare(ctx, &r) : rc;
}

int domain_release_add(Ctx *ctx, int64_t case_id, CentreRelease *r)
{
    int rc = TK_OK;
    if (centre_check_code(ctx, r->kind, release_kinds, "kind") != TK_OK)
        rc = TK_ERR_INVALID;
    if (domain_check_past_date(ctx, r->on_date, "on") != TK_OK)
        rc = TK_ERR_INVALID;
    bool transfer = r->kind && strcmp(r->kind, "transfer") == 0;
    if (transfer && !r->to_centre_id)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "to_centre_id");
    else if (!transfer && r->to_centre_id)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.transfer_only", "to_centre_id");
    if (validate_text(ctx, r->notes, TEXT_MAX_CHARS, true, "notes") != TK_OK)
        rc = TK_ERR_INVALID;
    r->case_id = case_id;
    r->aftercare_months = transfer ? 0 : settings_get(SET_AFTERCARE_MONTHS);
    DOMAIN_CASE_CHANGE_BY(ctx, rc, view, centre_case_load(ctx, case_id, true, &view), {
        Case *c = &view.c;
        if (rc == TK_OK && c->admission_date && strcmp(r->on_date, c->admission_date) < 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.before_admission", "on");
        CentreRelease *before = NULL;
        int count = 0;
        if (rc == TK_OK)
            rc = store_releases(ctx->db, case_id, ctx->arena, &before, &count);
        for (int i = 0; rc == TK_OK && i < count; i++)
            if (strcmp(before[i].kind, "transfer") != 0)
                rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "centre.released", "kind");
        Unit to;
        if (rc == TK_OK && transfer &&
            ((rc = store_unit_get(ctx->db, r->to_centre_id, ctx->arena, &to)) == TK_ERR_NOT_FOUND ||
             (rc == TK_OK && strcmp(to.type, "correction_centre") != 0)))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.not_a_centre", "to_centre_id");
        int64_t from = c->centre_unit_id ? c->centre_unit_id : c->unit_id;
        if (rc == TK_OK && transfer && r->to_centre_id == from)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "centre.same_centre", "to_centre_id");
        if (rc == TK_OK)
            rc = store_release_add(ctx->db, r, access_acting_user(ctx));
        if (rc == TK_OK && transfer) {
            /* the case follows the inmate; the family is told within 48 hours (the case's family_notice task) */
            c->centre_unit_id = r->to_centre_id;
            c->transferred_at = clock_now();
            if ((rc = store_case_update(ctx->db, c, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                fault_set(ctx->fault, rc, "version.conflict");
        }
        if (rc == TK_OK && !transfer)
            rc = plan_aftercare(ctx, r);
        if (rc == TK_OK)
            rc = centre_enrolments_end(ctx, case_id, transfer ? "transferred" : "released", r->on_date);
        if (rc == TK_OK)
            rc = domain_case_record_and_refresh(ctx, case_id, arena_printf(ctx->arena, "case.release.%s", r->kind),
                                                r->on_date);
    });
    return rc;
}
