/* The minutes of a meeting (محضر): an A4 PDF in Arabic made by the server from the meeting as recorded, with its
 * members present and absent, its agenda with each item's outcome and the recommendations it made, the reports of
 * fact-finding groups it heard and the groups it set up. */
#include <string.h>

#include "api/document.h"
#include "api/handlers.h"
#include "base/buf.h"
#include "base/err.h"
#include "doc/pdf.h"
#include "domain/committee/committee.h"
#include "domain/core/codes.h"

static const char *agency_ar(const char *agency)
{
    const CodeEntry *e = agency ? codes_find(&codes_agencies, agency) : NULL;
    return e ? e->name_ar : "";
}

/* YYYY-MM-DD as day/month/year, as dates are read in Jordan. */
static const char *date_ar(Arena *arena, const char *date)
{
    if (!date || strlen(date) != 10)
        return "—";
    return arena_printf(arena, "%.2s/%.2s/%.4s", date + 8, date + 5, date);
}

static const char *outcome_ar(const char *outcome)
{
    if (!outcome)
        return "لم يُبتّ فيه: يُرحَّل إلى الاجتماع التالي";
    if (strcmp(outcome, "information") == 0)
        return "للعلم";
    if (strcmp(outcome, "decision") == 0)
        return "قرار";
    return "توصيات";
}

static const char *priority_ar(const char *priority)
{
    return strcmp(priority, "high") == 0 ? "عالية" : strcmp(priority, "medium") == 0 ? "متوسطة" : "منخفضة";
}

/* A fact-finding group's members, each with her agency, on one line. */
static const char *group_members_ar(Arena *arena, const FactFindingGroup *g)
{
    const char *text = "";
    for (int i = 0; i < g->member_count; i++)
        text = arena_printf(arena, "%s%s%s (%s)", text, i ? "، " : "", g->members[i].name,
                            agency_ar(g->members[i].agency));
    return text;
}

int api_meeting_minutes(Request *req)
{
    Meeting m;
    Recommendation *recs = NULL;
    FactFindingGroup *groups = NULL;
    int rec_count = 0, group_count = 0;
    int rc = domain_meeting_minutes(&req->ctx, req->params[0], &m, &recs, &rec_count);
    if (rc == TK_OK)
        rc = domain_fact_findings(&req->ctx, 0, &groups, &group_count);
    if (rc != TK_OK)
        return rc;
    Arena *arena = &req->arena;
    int capacity = 32 + m.member_count + m.item_count * 6 + rec_count * 2 + group_count * 3;
    int n;
    DocBlock *blocks = api_document_open(
        arena, capacity, "المملكة الأردنية الهاشمية",
        "اللجنة المشتركة بين وزارة التنمية الاجتماعية ومديرية الأمن العام",
        arena_printf(arena, "محضر الاجتماع رقم \u2068%lld/%lld\u2069", (long long)m.number, (long long)m.year), NULL,
        &n);
    if (!blocks)
        return TK_ERR_NOMEM;
#define ADD(...) (blocks[n++] = (DocBlock){__VA_ARGS__})
    ADD(.kind = DOC_ROW, .plain = 1, .cell_count = 2, .widths = {50, 50},
        .cells = {arena_printf(arena, "التاريخ: \u2068%s\u2069", date_ar(arena, m.held_on)),
                  arena_printf(arena, "المكان: %s", m.place)});
    const char *approval = "لم يُعتمد المحضر بعد";
    if (m.minutes_approved_at)
        approval = arena_printf(arena, "اعتُمد المحضر في الاجتماع رقم \u2068%lld/%lld\u2069",
                                (long long)m.minutes_approved_in_number, (long long)m.minutes_approved_in_year);
    ADD(.kind = DOC_FIELD, .label = "حالة المحضر", .text = approval);
    ADD(.kind = DOC_HEADING, .text = "الحضور");
    ADD(.kind = DOC_ROW, .bold = 1, .cell_count = 3, .widths = {40, 30, 30}, .cells = {"العضو", "الجهة", "الحضور"});
    for (int i = 0; i < m.member_count; i++) {
        const MeetingMember *p = &m.members[i];
        ADD(.kind = DOC_ROW, .cell_count = 3, .widths = {40, 30, 30},
            .cells = {arena_printf(arena, "%s%s", p->name ? p->name : "", p->secretary ? " (أمين السر)" : ""),
                      agency_ar(p->agency), p->present ? "حاضر" : "غائب"});
    }
    ADD(.kind = DOC_HEADING, .text = "جدول الأعمال وما تقرر فيه");
    for (int i = 0; i < m.item_count; i++) {
        const MeetingItem *it = &m.items[i];
        const char *mark = it->carried_from ? arena_printf(arena, " (مرحَّل من الاجتماع \u2068%lld/%lld\u2069)",
                                                           (long long)it->carried_from_meeting_number,
                                                           (long long)it->carried_from_meeting_year)
                                            : "";
        const char *kind = strcmp(it->kind, "observation") == 0    ? "ملاحظة"
                           : strcmp(it->kind, "review") == 0       ? "مراجعة توصية"
                           : strcmp(it->kind, "fact_finding") == 0 ? "تقرير لجنة تقصي حقائق"
                                                                   : "بند آخر";
        ADD(.kind = DOC_TEXT, .bold = 1,
            .text = arena_printf(arena, "البند \u2068%lld\u2069 — %s%s", (long long)it->position, kind, mark));
        ADD(.kind = DOC_TEXT, .text = it->title);
        for (int k = 0; k < group_count; k++)
            if (it->fact_finding_id == groups[k].id && groups[k].report)
                ADD(.kind = DOC_FIELD, .label = "تقرير اللجنة",
                    .text = arena_printf(arena, "%s (⁨%s⁩)", groups[k].report,
                                         date_ar(arena, groups[k].reported_on)));
        ADD(.kind = DOC_FIELD, .label = "النتيجة", .text = outcome_ar(it->outcome));
        if (it->outcome_text)
            ADD(.kind = DOC_TEXT, .text = it->outcome_text);
        for (int k = 0; k < rec_count; k++)
            if (recs[k].item_id == it->id)
                ADD(.kind = DOC_TEXT,
                    .text = arena_printf(
                        arena, "توصية: %s\nالجهة المعنية: %s%s%s — الأولوية: %s — تاريخ الإنجاز: \u2068%s\u2069",
                        recs[k].text, agency_ar(recs[k].target_agency), recs[k].target_unit_name_ar ? " / " : "",
                        recs[k].target_unit_name_ar ? recs[k].target_unit_name_ar : "", priority_ar(recs[k].priority),
                        date_ar(arena, recs[k].due_on)));
    }
    bool set_up = false;
    for (int k = 0; k < group_count; k++) {
        const FactFindingGroup *g = &groups[k];
        if (g->meeting_id != m.id)
            continue;
        if (!set_up)
            ADD(.kind = DOC_HEADING, .text = "لجان تقصي الحقائق المشكّلة");
        set_up = true;
        ADD(.kind = DOC_TEXT, .bold = 1,
            .text = arena_printf(arena, "%s — موعد التقرير: ⁨%s⁩", g->task,
                                 date_ar(arena, g->due_on)));
        ADD(.kind = DOC_FIELD, .label = "أعضاؤها", .text = group_members_ar(arena, g));
    }
    if (m.notes) {
        ADD(.kind = DOC_HEADING, .text = "ملاحظات المحضر");
        ADD(.kind = DOC_TEXT, .text = m.notes);
    }
    ADD(.kind = DOC_SPACE);
    ADD(.kind = DOC_ROW, .ruled = 1, .cell_count = 2, .widths = {50, 50},
        .cells = {"أمين سر اللجنة\nالتوقيع والتاريخ", "رئيس اللجنة\nالتوقيع والتاريخ"});
#undef ADD
    Doc doc = {.title = arena_printf(arena, "محضر الاجتماع %lld/%lld", (long long)m.number, (long long)m.year),
               .header = arena_printf(arena, "سري — اللجنة المشتركة — محضر \u2068%lld/%lld\u2069", (long long)m.number,
                                      (long long)m.year),
               .page = "صفحة",
               .of = "من",
               .mark = m.minutes_approved_at ? NULL : "مسودة غير معتمدة",
               .blocks = blocks,
               .block_count = n};
    return api_respond_pdf(req, &doc,
                           arena_printf(arena, "minutes-%lld-%lld.pdf", (long long)m.year, (long long)m.number));
}
