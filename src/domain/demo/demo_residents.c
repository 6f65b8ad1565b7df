/* The demo's residents: some of the Amman office's open juvenile cases placed in the Amman homes on a court measure
 * of their own, through the rules of admission (a case they do not fit is left out), so that a register shows who
 * sleeps there tonight: pre-trial detainees in the education home (every detention ends within ten days, so each is
 * due for discharge; one has stayed past its end and one is absent without leave), sentenced boys in the
 * rehabilitation home, children in need of protection in the care homes, a few due for discharge in the next days,
 * and a few who have left already (a sentence served, a child gone back to the family). Dates are counted back from
 * today. */
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/legal_records.h"
#include "domain/cases/measures.h"
#include "domain/demo/demo.h"
#include "domain/homes/homes.h"
#include "store/homes.h"
#include "store/org.h"

enum { DAY = 86400, HOUR = 3600, DETAINED_MAX = 5, SENTENCED_MAX = 4, PROTECTED_MAX = 4, LEFT_MAX = 3 };

static const char *amman_date(Ctx *ctx, int64_t at)
{
    char date[11];
    clock_amman_date(at, date);
    return arena_strdup(ctx->arena, date);
}

/* A refusal of the rules leaves the candidate out: its fault is forgotten. */
static void forget_fault(Ctx *ctx)
{
    if (ctx->fault)
        memset(ctx->fault, 0, sizeof *ctx->fault);
}

/* Admits the juvenile into the first room of the home that takes him (or the home itself when it has no rooms), at
 * admitted (the clock set back to then, when the measure was in force). TK_OK when admitted. */
static int admit(Ctx *ctx, const DemoResident *r, int64_t home_id, int64_t measure_id, int64_t admitted, Placement *out)
{
    Home home;
    int rc = store_home_get(ctx->db, home_id, ctx->arena, &home);
    if (rc != TK_OK)
        return rc;
    clock_set_fixed(admitted + HOUR);
    rc = TK_ERR_CONFLICT;
    for (int i = 0; i <= home.room_count && rc != TK_OK; i++) {
        if (i == home.room_count && home.room_count)
            break;
        AdmissionRequest in = {.person_id = r->person_id,
                               .home_id = home_id,
                               .room_id = home.room_count ? home.rooms[i].id : 0,
                               .measure_id = measure_id,
                               .admitted_at = admitted};
        rc = domain_placement_admit(ctx, r->case_id, &in, out);
        if (rc != TK_OK)
            forget_fault(ctx);
    }
    clock_set_fixed(0);
    return rc;
}

static int64_t home_of(Ctx *ctx, const char *code)
{
    Unit unit;
    return store_unit_get_by_code(ctx->db, code, ctx->arena, &unit) == TK_OK ? unit.id : 0;
}

/* A detention of ten days from started days ago, and the detainee admitted on its first day. */
static bool detain(Ctx *ctx, const DemoResident *r, int64_t home_id, int64_t started, Placement *out)
{
    int64_t now = clock_now();
    DetentionOrder order = {.authority = "prosecutor",
                            .order_date = amman_date(ctx, now - started * DAY),
                            .order_number = arena_printf(ctx->arena, "م ع/%lld/%d", (long long)r->case_id, 2026),
                            .starts_on = amman_date(ctx, now - started * DAY),
                            .ends_on = amman_date(ctx, now - (started - 9) * DAY)};
    if (domain_detention_order_add(ctx, r->case_id, &order) != TK_OK) {
        forget_fault(ctx);
        return false;
    }
    return admit(ctx, r, home_id, order.id, now - started * DAY, out) == TK_OK;
}

/* A measure of kind for months from started days ago, and the juvenile admitted some days after it began. */
static bool commit(Ctx *ctx, const DemoResident *r, int64_t home_id, const char *kind, int64_t months, int64_t started,
                   Placement *out)
{
    int64_t now = clock_now();
    Measure m = {.kind = kind,
                 .authority = "court",
                 .court = "محكمة أحداث عمان",
                 .order_number = arena_printf(ctx->arena, "%lld/%d", (long long)(300 + r->case_id % 700), 2025),
                 .order_date = amman_date(ctx, now - (started + 2) * DAY),
                 .starts_on = amman_date(ctx, now - started * DAY),
                 .duration_months = months};
    if (domain_measure_add(ctx, r->case_id, &m) != TK_OK) {
        forget_fault(ctx);
        return false;
    }
    return admit(ctx, r, home_id, m.id, now - (started - 1) * DAY, out) == TK_OK;
}

/* Discharges a placement days ago, for reason (the clock set back to then). */
static int discharge(Ctx *ctx, Placement *placed, int64_t days, const char *reason, const char *why)
{
    int64_t at = clock_now() - days * DAY;
    MovementRequest leaving = {
        .kind = "discharge", .at = at, .version = placed->version, .discharge_reason = reason, .reason = why};
    PlacementMovement movement;
    clock_set_fixed(at + HOUR);
    int rc = domain_placement_move(ctx, placed->id, &leaving, placed, &movement);
    clock_set_fixed(0);
    return rc;
}

int demo_place_residents(Ctx *ctx, const DemoResident *candidates, int count, FILE *out)
{
    int64_t education = home_of(ctx, "HOME-EDU-AMM"), rehabilitation = home_of(ctx, "HOME-REH-AMM"),
            care = home_of(ctx, "HOME-CARE-AMM"), care_zarqa = home_of(ctx, "HOME-CARE-ZRQ");
    if (!education || !rehabilitation || !care || !care_zarqa)
        return TK_OK;
    int detained = 0, sentenced = 0, protected = 0, left = 0, rc = TK_OK;
    /* detentions began 1 to 9 days ago; the overstay's ended three days ago */
    static const int64_t detention_started[DETAINED_MAX] = {12, 8, 5, 3, 1};
    /* the measures of a year began so many days ago: two end in the next 14 days */
    static const int64_t year_started[SENTENCED_MAX] = {360, 200, 90, 30};
    static const int64_t care_started[PROTECTED_MAX] = {725, 400, 160, 45};
    int64_t now = clock_now();
    for (int i = 0; i < count && rc == TK_OK; i++) {
        const DemoResident *r = &candidates[i];
        Placement placed;
        bool made = false;
        if (strcmp(r->kind, "juvenile_conflict") == 0 && strcmp(r->sex, "male") == 0) {
            /* a detention where the case takes one (none in force, not a violation), else a sentence */
            if (detained < DETAINED_MAX && (made = detain(ctx, r, education, detention_started[detained], &placed))) {
                if (detained == 1) {
                    /* did not come back from the court's hearing: absent without leave */
                    MovementRequest away = {.kind = "absence",
                                            .at = now - 20 * HOUR,
                                            .version = placed.version,
                                            .reason = "لم يعد مع الحراسة بعد جلسة المحكمة، وأُبلغت الشرطة"};
                    PlacementMovement movement;
                    rc = domain_placement_move(ctx, placed.id, &away, &placed, &movement);
                }
                detained++;
            } else if (sentenced < SENTENCED_MAX) {
                made = commit(ctx, r, rehabilitation, "rehabilitation_home", 12, year_started[sentenced], &placed);
                sentenced += made;
            } else if (left < LEFT_MAX &&
                       (made = commit(ctx, r, rehabilitation, "rehabilitation_home", 6, 200 + 40 * left, &placed))) {
                /* six months served, left at their end */
                rc = discharge(ctx, &placed, 17 + 40 * left, "end_of_measure", "أنهى مدة التدبير");
                left++;
            }
        } else if (strcmp(r->kind, "juvenile_protection") == 0 && protected < PROTECTED_MAX) {
            made = commit(ctx, r, care, "care_home", 24, care_started[protected], &placed) ||
                   commit(ctx, r, care_zarqa, "care_home", 24, care_started[protected], &placed);
            protected += made;
        } else if (strcmp(r->kind, "juvenile_protection") == 0 && left < LEFT_MAX &&
                   (made = commit(ctx, r, care, "care_home", 24, 300, &placed))) {
            /* back to the family, the court agreeing, before the measure's end */
            rc = discharge(ctx, &placed, 30, "transfer_to_family", "عاد إلى أسرته بعد تحسن ظروفها وبموافقة المحكمة");
            left++;
        }
    }
    if (rc == TK_OK)
        fprintf(out,
                "Demo residents: %d detained, %d sentenced and %d in care in the Amman homes, some due for "
                "discharge, one absent and one overstaying; %d left already.\n",
                detained, sentenced, protected, left);
    return rc;
}
