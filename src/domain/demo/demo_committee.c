/* The demo's joint committee: a secretary from the police beside the ministry's member, observations from both sides
 * about the homes, two past meetings whose minutes are approved (the second at a third, whose own wait), the
 * recommendations they made broken into actions (one overdue, one due, one done, one later), and the owners'
 * reports. Everything goes through the committee's own rules, each step by the user who would take it. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/committee/committee.h"
#include "domain/core/codes.h"
#include "domain/demo/demo.h"
#include "domain/org/org.h"
#include "store/org.h"

typedef struct {
    User user;
    Unit unit;
} DemoActor;

/* Makes the demo user named the acting user; the caller keeps actor alive while it acts. */
static int act_as(Ctx *ctx, const char *username, DemoActor *actor)
{
    int rc = store_user_get_for_login(ctx->db, username, ctx->arena, &actor->user);
    if (rc == TK_OK)
        rc = store_unit_get(ctx->db, actor->user.unit_id, ctx->arena, &actor->unit);
    if (rc == TK_OK) {
        ctx->user = &actor->user;
        ctx->unit = &actor->unit;
        ctx->command_line = false;
    }
    return rc;
}

/* A date days from today in Amman, in the arena. */
static const char *day(Ctx *ctx, int days)
{
    char *out = arena_alloc(ctx->arena, 11);
    if (out)
        clock_amman_date(clock_now() + (int64_t)days * 86400, out);
    return out;
}

static int64_t unit_id(Ctx *ctx, const char *code)
{
    Unit unit;
    return store_unit_get_by_code(ctx->db, code, ctx->arena, &unit) == TK_OK ? unit.id : 0;
}

static int observe(Ctx *ctx, const char *username, const char *category, const char *governorate, const char *concerned,
                   const char *description, const char *evidence, int64_t *id)
{
    DemoActor actor;
    int rc = act_as(ctx, username, &actor);
    int64_t units[1] = {concerned ? unit_id(ctx, concerned) : 0};
    Observation o = {.category = category,
                     .governorate = governorate,
                     .description = description,
                     .evidence = evidence,
                     .units = units,
                     .unit_count = units[0] ? 1 : 0};
    if (rc == TK_OK)
        rc = domain_observation_add(ctx, &o);
    *id = o.id;
    return rc;
}

/* Opens, minds and closes a meeting as its secretary; the members' outcomes are written between by the caller. */
static int meeting_step(Ctx *ctx, Meeting *m, const char *action, int64_t at)
{
    DemoActor actor;
    int rc = act_as(ctx, "secretary", &actor);
    if (rc == TK_OK)
        rc = domain_meeting_transition(ctx, m->id, m->version, action, at, m);
    return rc;
}

static int plan(Ctx *ctx, const char *held_on, const char *place, Meeting *m, const int64_t *present, int count)
{
    DemoActor actor;
    int rc = act_as(ctx, "secretary", &actor);
    *m = (Meeting){.held_on = held_on, .place = place};
    if (rc == TK_OK)
        rc = domain_meeting_add(ctx, m);
    if (rc == TK_OK)
        rc = domain_meeting_update(ctx, m->id, m->version, &(MeetingEdit){.present = present, .present_count = count},
                                   m);
    return rc;
}

static int agenda(Ctx *ctx, Meeting *m, const char *kind, int64_t observation_id, const char *title, MeetingItem *item)
{
    DemoActor actor;
    int rc = act_as(ctx, "secretary", &actor);
    *item = (MeetingItem){.kind = kind, .observation_id = observation_id, .title = title};
    if (rc == TK_OK)
        rc = domain_meeting_item_add(ctx, m->id, item);
    return rc;
}

/* A meeting of both sides on held_on at place, with an observation and another item on its agenda, opened. */
static int meeting_opened(Ctx *ctx, const char *held_on, const char *place, const int64_t both[2], int64_t observation,
                          const char *other_title, Meeting *m, MeetingItem *item, MeetingItem *other)
{
    int rc = plan(ctx, held_on, place, m, both, 2);
    if (rc == TK_OK)
        rc = agenda(ctx, m, "observation", observation, NULL, item);
    if (rc == TK_OK)
        rc = agenda(ctx, m, "other", 0, other_title, other);
    return rc == TK_OK ? meeting_step(ctx, m, "open", 0) : rc;
}

static int recommend(Ctx *ctx, const MeetingItem *item, const char *text, const char *agency, const char *unit,
                     const char *priority, const char *due_on, Recommendation *r)
{
    DemoActor actor;
    int rc = act_as(ctx, "committee", &actor);
    *r = (Recommendation){.item_id = item->id,
                          .text = text,
                          .target_agency = agency,
                          .target_unit_id = unit ? unit_id(ctx, unit) : 0,
                          .priority = priority,
                          .due_on = due_on};
    if (rc == TK_OK)
        rc = domain_recommendation_add(ctx, r);
    return rc;
}

static int action(Ctx *ctx, const Recommendation *r, const char *text, const char *owner, const char *responsible,
                  const char *due_on, CommitteeAction *a)
{
    DemoActor actor;
    int rc = act_as(ctx, "committee", &actor);
    *a = (CommitteeAction){
        .text = text, .owner_unit_id = unit_id(ctx, owner), .responsible = responsible, .due_on = due_on};
    if (rc == TK_OK)
        rc = domain_action_add(ctx, r->id, a);
    return rc;
}

static int report(Ctx *ctx, const char *username, const CommitteeAction *a, const char *text, bool completed)
{
    DemoActor actor;
    ActionReport out;
    int rc = act_as(ctx, username, &actor);
    if (rc == TK_OK)
        rc = domain_action_report_add(ctx, a->id, text, completed, &out);
    return rc;
}

/* A fact-finding group set up by the open meeting m, from both sides. */
static int fact_finding(Ctx *ctx, const Meeting *m, const char *task, const char *due_on, FactFindingGroup *g)
{
    static FactFindingMember members[] = {{"المقدم سامي عبد الله الخوالدة", "psd"}, {"ريم خليل البطاينة", "mosd"}};
    DemoActor actor;
    int rc = act_as(ctx, "committee", &actor);
    *g = (FactFindingGroup){.meeting_id = m->id, .task = task, .due_on = due_on, .members = members, .member_count = 2};
    if (rc == TK_OK)
        rc = domain_fact_finding_add(ctx, g);
    return rc;
}

static int outcome(Ctx *ctx, Meeting *m, const MeetingItem *item, const char *kind, const char *text)
{
    DemoActor actor;
    MeetingItem out;
    int rc = act_as(ctx, "committee", &actor);
    if (rc == TK_OK)
        rc = domain_meeting_item_outcome(ctx, m->id, item->id, item->version, kind, text, &out);
    return rc;
}

int demo_fill_committee(Ctx *ctx, FILE *out)
{
    /* the secretary: a member from the police side, flagged at the console */
    Unit hq;
    int rc = store_unit_get_by_code(ctx->db, "FJPD-HQ", ctx->arena, &hq);
    User secretary = {.username = "secretary",
                      .full_name = "رائد حسين الطراونة",
                      .sex = "male",
                      .unit_id = hq.id,
                      .roles = ROLE_COMMITTEE};
    if (rc == TK_OK)
        rc = domain_user_create(ctx, &secretary, "takamul-demo-secretary");
    if (rc == TK_OK)
        rc = domain_committee_secretary_set(ctx, secretary.id, true);
    if (rc != TK_OK)
        return rc;
    fprintf(out, "  %-11s password %-26s %s (the committee's secretary)\n", "secretary", "takamul-demo-secretary",
            hq.name_en);
    User member;
    if ((rc = store_user_get_for_login(ctx->db, "committee", ctx->arena, &member)) != TK_OK)
        return rc;
    int64_t both[2] = {member.id, secretary.id}, one[1] = {secretary.id};

    /* observations from both sides about the homes, and one about referrals */
    int64_t transport, crowding, notice, referrals;
    rc = observe(ctx, "officer", "homes", "amman", "HOME-EDU-AMM",
                 "لا تتوفر مركبة لنقل الأحداث الموقوفين من دار تربية الأحداث إلى محكمة الأحداث في مواعيد الجلسات، "
                 "فتؤجَّل الجلسات.",
                 "تأجلت أربع جلسات خلال شهر واحد لعدم وصول الأحداث في موعدهم.", &transport);
    if (rc == TK_OK)
        rc = observe(ctx, "homestaff", "homes", "amman", "HOME-EDU-AMM",
                     "يتجاوز عدد الموقوفين من الفتيان (15–18) في دار تربية الأحداث - عمان الأماكن المخصصة لهم في "
                     "أيام الذروة.",
                     "سجل الدار: تجاوز الطاقة الاستيعابية ثلاث مرات بقرار المشرف خلال الربع الأخير.", &crowding);
    if (rc == TK_OK)
        rc = observe(ctx, "officer", "homes", "amman", "HOME-REH-AMM",
                     "لا يُبلَّغ قسم الأحداث عند نقل الحدث من دار إلى أخرى، فيُطلب الحدث من الدار السابقة.", NULL, &notice);
    if (rc == TK_OK)
        rc = observe(ctx, "caseworker", "referrals", "amman", "FJPD-AMM",
                     "تصل بعض الإحالات من المراكز الأمنية بعد أيام من تسجيل البلاغ.",
                     "متوسط الانتظار في صندوق الوارد يزيد على ثلاثة أيام لعدد من الإحالات.", &referrals);
    (void)notice;
    (void)referrals;

    /* the first meeting, some three months ago */
    Meeting first, second, third;
    MeetingItem item, other;
    Recommendation r1, r2;
    CommitteeAction a1, a2, a3, a4;
    if (rc == TK_OK)
        rc = meeting_opened(ctx, day(ctx, -90), "مبنى وزارة التنمية الاجتماعية - عمان", both, transport,
                            "متابعة إنشاء غرفة المراقبة المركزية لدور الرعاية والإيواء", &first, &item, &other);
    if (rc == TK_OK)
        rc = recommend(ctx, &item,
                       "تخصيص مركبة لنقل الأحداث الموقوفين إلى المحاكم بمرافقة من شرطة الأحداث في مواعيد الجلسات.",
                       "mosd", "HOME-EDU-AMM", "high", day(ctx, -10), &r1);
    if (rc == TK_OK)
        rc = action(ctx, &r1, "وضع جدول أسبوعي لمرافقة الأحداث إلى المحاكم.", "FJPD-AMM", "رئيس قسم الأحداث",
                    day(ctx, -40), &a1);
    if (rc == TK_OK)
        rc = action(ctx, &r1, "تخصيص مركبة للدار وتعيين سائق لها.", "HOME-EDU-AMM", "مدير الدار", day(ctx, -10), &a2);
    if (rc == TK_OK)
        rc = outcome(ctx, &first, &other, "information",
                     "عرضت الوزارة مراحل إنشاء الغرفة المركزية، وتُعرض في اجتماع قادم.");
    if (rc == TK_OK)
        rc = meeting_step(ctx, &first, "close", 0);
    if (rc == TK_OK)
        rc = report(ctx, "officer", &a1, "اعتُمد جدول المرافقة وعُمّم على المراكز الأمنية.", true);

    /* the second, a month ago: it approves the first's minutes */
    if (rc == TK_OK)
        rc = meeting_opened(ctx, day(ctx, -30), "مديرية الأمن العام - إدارة حماية الأسرة والأحداث", both, crowding,
                            "مراجعة تعليمات الإجازات المنزلية للأحداث المحكومين", &second, &item, &other);
    if (rc == TK_OK)
        rc = meeting_step(ctx, &first, "approve_minutes", second.id);
    if (rc == TK_OK)
        rc = recommend(ctx, &item, "زيادة الأماكن المخصصة للفتيان من 15 إلى 18 سنة في دار تربية الأحداث - عمان.",
                       "mosd", "MOSD-HQ", "medium", day(ctx, 60), &r2);
    if (rc == TK_OK)
        rc = action(ctx, &r2, "تجهيز غرفة إضافية في الجناح الشرقي.", "HOME-EDU-AMM", "مدير الدار", day(ctx, 20), &a3);
    if (rc == TK_OK)
        rc = action(ctx, &r2, "اعتماد موازنة الأسرّة الإضافية.", "MOSD-HQ", "مدير مديرية الأسرة والطفولة", day(ctx, 75),
                    &a4);
    /* it sets up a fact-finding group on the transfers the juvenile police is not told of; it reports back */
    FactFindingGroup group;
    if (rc == TK_OK)
        rc = fact_finding(ctx, &second,
                          "تقصي أسباب عدم إبلاغ قسم الأحداث بنقل الحدث من دار إلى أخرى، واقتراح إجراء موحد للإبلاغ.",
                          day(ctx, -12), &group);
    if (rc == TK_OK)
        rc = meeting_step(ctx, &second, "close", 0);
    if (rc == TK_OK)
        rc = report(ctx, "homestaff", &a3, "بدأت أعمال الصيانة في الغرفة، وتنتهي خلال أسبوعين.", false);
    if (rc == TK_OK) {
        FactFindingGroup edit = {.report = "زارت اللجنة الدارين وقسم الأحداث: يُنقل الحدث بكتاب من الدار دون نسخة إلى "
                                           "القسم. تقترح اللجنة نسخة إلكترونية من كتاب النقل إلى القسم في اليوم نفسه.",
                                 .reported_on = day(ctx, -14)};
        DemoActor actor;
        if ((rc = act_as(ctx, "committee", &actor)) == TK_OK)
            rc = domain_fact_finding_update(ctx, group.id, group.version, &edit, NULL, 0, &group);
    }

    /* the third, last week: the open item comes back marked as carried, and it approves the second's minutes */
    if (rc == TK_OK)
        rc = plan(ctx, day(ctx, -7), "مبنى وزارة التنمية الاجتماعية - عمان", &third, one, 1);
    if (rc == TK_OK)
        rc = meeting_step(ctx, &third, "open", 0);
    if (rc == TK_OK)
        rc = meeting_step(ctx, &second, "approve_minutes", third.id);
    /* the group's report, on its agenda since it was planned, is heard */
    for (int i = 0; rc == TK_OK && i < third.item_count; i++)
        if (third.items[i].fact_finding_id)
            rc = outcome(ctx, &third, &third.items[i], "information",
                         "استمعت اللجنة إلى تقرير لجنة تقصي الحقائق، وتعرض وزارة التنمية الاجتماعية مقترح الإبلاغ "
                         "الموحد في الاجتماع القادم.");
    if (rc == TK_OK)
        rc = meeting_step(ctx, &third, "close", 0);
    demo_act_as_console(ctx);
    if (rc == TK_OK)
        fprintf(out, "Demo committee: 4 observations, 3 meetings (two with approved minutes), 2 recommendations, 4 "
                     "actions (one overdue, one due), a fact-finding group that reported.\n");
    return rc;
}
