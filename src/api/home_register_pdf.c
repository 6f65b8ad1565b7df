/* A home's register (سجل الدار) as a PDF in Arabic, made by the server like the studies: who is in tonight by room,
 * each resident's legal status, measure and its end, and where they are; the places by sex and age band against what
 * is occupied; those due for discharge, the overstays and the absences; a place for the director to sign. */
#include <string.h>

#include "api/home_register.h"
#include "base/clock.h"
#include "base/err.h"
#include "api/document.h"
#include "domain/core/codes.h"

static const char *code_ar(const CodeList *list, const char *code)
{
    const CodeEntry *entry = code ? codes_find(list, code) : NULL;
    return entry ? entry->name_ar : code ? code : "";
}

static const char *room_of(const Home *home, int64_t room_id)
{
    for (int i = 0; room_id && i < home->room_count; i++)
        if (home->rooms[i].id == room_id)
            return home->rooms[i].name;
    return "بلا جناح";
}

/* A day in Amman, YYYY-MM-DD, and the hour, for a time. */
static const char *amman_time(Arena *arena, int64_t seconds)
{
    char date[11];
    clock_amman_date(seconds, date);
    int64_t local = seconds + CLOCK_AMMAN_OFFSET;
    return arena_printf(arena, "\u2066%s %02d:%02d\u2069", date, (int)(local % 86400 / 3600), (int)(local % 3600 / 60));
}

/* A list of the residents the predicate picks, by name, with what is said of each. */
typedef bool (*Picks)(const Placement *p, const char *today);

static bool absent(const Placement *p, const char *today)
{
    (void)today;
    return strcmp(p->state, "absent") == 0;
}

int api_home_register_pdf(Request *req, const HomeRegister *reg)
{
    Arena *arena = &req->arena;
    const Home *home = &reg->home;
    int capacity = 40 + reg->resident_count * 4 + home->place_count;
    int n;
    DocBlock *blocks = api_document_open(arena, capacity, "المملكة الأردنية الهاشمية — وزارة التنمية الاجتماعية",
                                         home->name_ar, "سجل الدار",
                                         arena_printf(arena, "المقيمون ليلة \u2066%s\u2069 — سري", reg->today), &n);
    if (!blocks)
        return TK_ERR_NOMEM;
#define ADD(...) (blocks[n++] = (DocBlock){__VA_ARGS__})

    int64_t places = 0;
    for (int i = 0; i < home->place_count; i++)
        places += home->places[i].places;
    const char *counts = "";
    for (int k = 0; k < codes_home_statuses.count; k++) {
        int c = 0;
        for (int i = 0; i < reg->resident_count; i++)
            c += strcmp(reg->residents[i].legal_status, codes_home_statuses.entries[k].code) == 0;
        if (c)
            counts = arena_printf(arena, "%s%s%s: %d", counts, *counts ? "، " : "",
                                  codes_home_statuses.entries[k].name_ar, c);
    }
    ADD(.kind = DOC_ROW, .plain = 1, .cell_count = 2, .widths = {50, 50},
        .cells = {arena_printf(arena, "المقيمون: %d من %lld مكانًا", reg->resident_count, (long long)places),
                  *counts ? counts : "لا مقيمين"});

    ADD(.kind = DOC_HEADING, .text = "المقيمون الليلة");
    static const int widths[] = {13, 28, 15, 22, 10, 12};
#define RESIDENT_ROW(...)                                                                                              \
    ADD(.kind = DOC_ROW, .cell_count = 6,                                                                              \
        .widths = {widths[0], widths[1], widths[2], widths[3], widths[4], widths[5]}, __VA_ARGS__)
    RESIDENT_ROW(.bold = 1,
                 .cells = {"الجناح", "الاسم ورقم الحالة", "الوضع القانوني", "التدبير وانتهاؤه", "أين هو", "الإيداع"});
    for (int i = 0; i < reg->resident_count; i++) {
        const Placement *p = &reg->residents[i];
        const char *measure = p->measure_kind ? code_ar(&codes_measure_kinds, p->measure_kind) : "موافقة على الإيواء";
        const char *ends = p->measure_ends_on ? arena_printf(arena, "\nينتهي \u2066%s\u2069", p->measure_ends_on) : "";
        const char *flag = placement_overstay(p, reg->today)            ? "\nتجاوز مدة التدبير"
                           : placement_due_for_discharge(p, reg->today) ? "\nيستحق الإخلاء قريبًا"
                                                                        : "";
        RESIDENT_ROW(.cells = {room_of(home, p->room_id),
                               arena_printf(arena, "%s\n\u2066%s\u2069", p->person_name ? p->person_name : "",
                                            p->case_reference ? p->case_reference : ""),
                               code_ar(&codes_home_statuses, p->legal_status),
                               arena_printf(arena, "%s%s%s", measure, ends, flag),
                               code_ar(&codes_placement_states, p->state), amman_time(arena, p->admitted_at)});
    }
#undef RESIDENT_ROW
    if (!reg->resident_count)
        ADD(.kind = DOC_TEXT, .text = "لا مقيمين في الدار الليلة.");

    ADD(.kind = DOC_HEADING, .text = "الطاقة الاستيعابية والإشغال");
    ADD(.kind = DOC_ROW, .bold = 1, .cell_count = 6, .widths = {22, 12, 30, 12, 12, 12},
        .cells = {"الجناح", "الجنس", "الفئة العمرية", "الأماكن", "المشغول", "الشاغر"});
    for (int i = 0; i < home->place_count; i++) {
        const HomePlaces *hp = &home->places[i];
        ADD(.kind = DOC_ROW, .cell_count = 6, .widths = {22, 12, 30, 12, 12, 12},
            .cells = {
                room_of(home, hp->room_id), strcmp(hp->sex, "female") == 0 ? "إناث" : "ذكور",
                code_ar(&codes_age_bands, hp->age_band), arena_printf(arena, "%lld", (long long)hp->places),
                arena_printf(arena, "%lld", (long long)hp->occupied),
                arena_printf(arena, "%lld", (long long)(hp->places > hp->occupied ? hp->places - hp->occupied : 0))});
    }

    static const struct {
        const char *title, *none;
        Picks picks;
    } lists[] = {
        {"يستحقون الإخلاء خلال ١٤ يومًا", "لا أحد.", placement_due_for_discharge},
        {"تجاوزوا مدة التدبير وما زالوا في الدار", "لا أحد.", placement_overstay},
        {"الغائبون دون إذن", "لا أحد.", absent},
    };
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
        ADD(.kind = DOC_HEADING, .text = lists[k].title);
        const char *names = "";
        for (int i = 0; i < reg->resident_count; i++) {
            const Placement *p = &reg->residents[i];
            if (lists[k].picks(p, reg->today))
                names = arena_printf(
                    arena, "%s%s%s (\u2066%s\u2069)", names, *names ? "\n" : "", p->person_name ? p->person_name : "",
                    p->measure_ends_on ? p->measure_ends_on : code_ar(&codes_placement_states, p->state));
        }
        ADD(.kind = DOC_TEXT, .text = *names ? names : lists[k].none);
    }
    ADD(.kind = DOC_SPACE);
    ADD(.kind = DOC_ROW, .ruled = 1, .cell_count = 2, .widths = {50, 50},
        .cells = {"مدير الدار\nالتوقيع والتاريخ", "الموظف المناوب\nالتوقيع والتاريخ"});
#undef ADD
    Doc doc = {.title = arena_printf(arena, "سجل الدار — %s — %s", home->name_ar, reg->today),
               .header = arena_printf(arena, "سري — سجل الدار — %s", home->name_ar),
               .page = "صفحة",
               .of = "من",
               .blocks = blocks,
               .block_count = n};
    return api_respond_pdf(req, &doc, arena_printf(arena, "register-%lld-%s.pdf", (long long)home->id, reg->today));
}
