/* The demo's legal steps, recorded through their own rules: settlements of some family-violence cases (both
 * parties' consents first, then sessions, some extended, some ended), detention orders of some juveniles (a few
 * renewed by the prosecutor, some released), and the trial steps of some of them (a referral to court and hearings, one
 * adjourned beyond the law's seven days). Dates are counted back from today; the text is synthetic. */
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/demo/demo.h"
#include "domain/cases/legal_records.h"
#include "domain/referrals/referrals.h"

enum { DAY = 86400 };

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

static const char *days_ago(Ctx *ctx, int64_t days)
{
    char date[11];
    clock_amman_date(clock_now() - days * DAY, date);
    return arena_strdup(ctx->arena, date);
}

/* The consent of one party to the settlement, recorded on the case; its id into *id. */
static int consent(Ctx *ctx, int64_t case_id, int64_t person_id, int64_t *id)
{
    CaseConsent given = {.person_id = person_id,
                         .method = "written",
                         .given_on = days_ago(ctx, 20),
                         .scope = "الموافقة على تسوية النزاع الأسري في مكتب الخدمة الاجتماعية"};
    int rc = domain_case_consent_add(ctx, case_id, &given);
    *id = given.id;
    return rc;
}

/* A settlement: sessions from some days ago, an extension on some, an outcome on a few. */
static int settlement(Ctx *ctx, uint32_t *random, int64_t case_id, int64_t victim, int64_t perpetrator)
{
    int64_t ids[2];
    Settlement s;
    int rc = consent(ctx, case_id, victim, &ids[0]);
    if (rc == TK_OK)
        rc = consent(ctx, case_id, perpetrator, &ids[1]);
    if (rc == TK_OK)
        rc = domain_settlement_start(ctx, case_id, ids, 2, &s);
    int64_t first = 3 + next_random(random) % 18;
    SettlementSession one = {.held_on = days_ago(ctx, first),
                             .next_on = days_ago(ctx, first - 4),
                             .notes = "جلسة أولى بحضور الطرفين: عرض وجهتي النظر والاتفاق على موعد الجلسة التالية."};
    if (rc == TK_OK)
        rc = domain_settlement_session_add(ctx, case_id, s.id, s.version, &one, &s);
    if (rc != TK_OK || first < 6)
        return rc;
    SettlementSession two = {.held_on = days_ago(ctx, first - 4),
                             .notes = "جلسة ثانية: مناقشة شروط الاتفاق ومصلحة الأطفال."};
    rc = domain_settlement_session_add(ctx, case_id, s.id, s.version, &two, &s);
    if (rc == TK_OK && first >= 12)
        rc = domain_settlement_extend(ctx, case_id, s.id, s.version, "طلب الطرفان مهلة لاستشارة الأسرة", &s);
    if (rc != TK_OK || next_random(random) % 2)
        return rc;
    SettlementOutcome agreed = {.outcome = "agreed",
                                .decided_on = days_ago(ctx, first - 5),
                                .terms = "التزام الزوج بعدم التعرض للزوجة، وحضور جلسات إرشاد أسري مدة ثلاثة أشهر."};
    return domain_settlement_decide(ctx, case_id, s.id, s.version, &agreed, &s);
}

/* A detention order from some days ago: renewed by the prosecutor when its ten days ran out, some released. */
static int detention(Ctx *ctx, uint32_t *random, int64_t case_id, int64_t started)
{
    DetentionOrder order = {.authority = "prosecutor",
                            .order_date = days_ago(ctx, started),
                            .order_number = arena_printf(ctx->arena, "ت/%lld", (long long)(1000 + case_id)),
                            .starts_on = days_ago(ctx, started),
                            .ends_on = days_ago(ctx, started - 9)};
    int rc = domain_detention_order_add(ctx, case_id, &order);
    if (rc == TK_OK && started >= 10) {
        DetentionOrder renewal = {.authority = "prosecutor",
                                  .order_date = days_ago(ctx, started - 9),
                                  .order_number = arena_printf(ctx->arena, "ت/%lld/1", (long long)(1000 + case_id)),
                                  .starts_on = days_ago(ctx, started - 10),
                                  .ends_on = days_ago(ctx, started - 19),
                                  .renews_id = order.id};
        rc = domain_detention_order_add(ctx, case_id, &renewal);
        order = renewal;
    }
    if (rc != TK_OK || next_random(random) % 3)
        return rc;
    DetentionOrder released;
    return domain_detention_release(ctx, case_id, order.id, order.version, days_ago(ctx, 0),
                                    "قرار المدعي العام بتسليم الحدث لوليّه بكفالة", &released);
}

/* The trial: referred to court some weeks ago, with two hearings, the second adjourned beyond seven days on some. */
static int trial(Ctx *ctx, uint32_t *random, int64_t case_id)
{
    int64_t referred = 30 + next_random(random) % 30, gap = next_random(random) % 2 ? 7 : 12;
    TrialStep referral = {.kind = "court_referral", .held_on = days_ago(ctx, referred), .court = "محكمة صلح الأحداث"};
    TrialStep first = {.kind = "hearing",
                       .held_on = days_ago(ctx, referred - 5),
                       .next_on = days_ago(ctx, referred - 5 - gap),
                       .court = "محكمة صلح الأحداث",
                       .notes = "جلسة سرية بحضور مراقب السلوك وولي الأمر."};
    TrialStep second = {
        .kind = "hearing", .held_on = days_ago(ctx, referred - 5 - gap), .notes = "استماع إلى تقرير مراقب السلوك."};
    int rc = domain_trial_step_add(ctx, case_id, &referral);
    if (rc == TK_OK)
        rc = domain_trial_step_add(ctx, case_id, &first);
    return rc == TK_OK ? domain_trial_step_add(ctx, case_id, &second) : rc;
}

int demo_legal_records(Ctx *ctx, int64_t case_id, const char *kind, const char *legal_class, int64_t principal,
                       int64_t other)
{
    /* a stream of its own, so that the cases' own course stays as it was */
    uint32_t random = 0x85EBCA6Bu ^ (uint32_t)case_id;
    int roll = (int)(next_random(&random) % 4);
    if (strcmp(kind, "family_violence") == 0 && roll == 0 && other)
        return settlement(ctx, &random, case_id, principal, other);
    if (strcmp(kind, "juvenile_conflict") != 0 || !legal_class || strcmp(legal_class, "misdemeanour") != 0 || roll > 1)
        return TK_OK;
    int rc = detention(ctx, &random, case_id, 1 + next_random(&random) % 14);
    return rc == TK_OK && roll == 0 ? trial(ctx, &random, case_id) : rc;
}
