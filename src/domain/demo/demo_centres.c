/* The demo's correction centres: each centre's social workers keep a catalogue of programmes (always), and with the
 * demo cases, inmates of Marka, Irbid and Juweideh (the women's centre) on cases of their centre: enrolled in
 * programmes with a week's attendance and a waiting list, families assessed with services asked of the National Aid
 * Fund and the schools, visits, a mother with her two-year-old child, releases due within six months (their
 * pre-release tasks) and one inmate released a few weeks ago with aftercare contacts planned. Synthetic names only. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/cases/cases.h"
#include "domain/centres/centres.h"
#include "domain/demo/demo.h"
#include "domain/persons/persons.h"
#include "domain/referrals/referrals.h"
#include "store/org.h"

enum { DAY = 86400 };

typedef struct {
    const char *centre, *kind, *name, *provider, *provider_name, *schedule;
    int places, start_days, length_days;
} DemoProgramme;

static const DemoProgramme demo_programmes[] = {
    {"CRC-MARKA", "vocational", "التدريب المهني: النجارة", "organisation", "مؤسسة التدريب المهني",
     "الأحد والثلاثاء ٩:٠٠–١٢:٠٠", 3, -30, 120},
    {"CRC-MARKA", "education", "محو الأمية والتعليم الأساسي", "ministry", NULL, "يومياً عدا الجمعة ١٠:٠٠–١٢:٠٠", 20, -60,
     180},
    {"CRC-MARKA", "addiction_recovery", "التعافي من الإدمان", "police", NULL, "الاثنين والخميس", 8, -14, 90},
    {"CRC-MARKA", "life_skills", "المهارات الحياتية", "ministry", NULL, "الأربعاء", 15, 10, 60},
    {"CRC-IRBID", "religious", "الإرشاد الديني", "ministry", NULL, "الجمعة بعد الصلاة", 25, -45, 150},
    {"CRC-IRBID", "work", "العمل داخل المركز: المخبز", "police", NULL, "يومياً ٧:٠٠–١١:٠٠", 10, -90, 365},
    {"CRC-JUWEIDEH", "family_relations", "العلاقات الأسرية والأمومة", "organisation", "جمعية تمكين الأسرة", "الثلاثاء",
     12, -20, 90},
    {"CRC-JUWEIDEH", "psychological", "الدعم النفسي الجماعي", "ministry", NULL, "الأحد", 10, -40, 120},
};

/* The demo's inmates: where, who, and the days from today to their admission and expected release. */
typedef struct {
    const char *centre, *first, *father, *grandfather, *family, *sex, *birth_date, *sentence;
    int admitted_days, release_days;
    const char *relative; /* the first name of the wife, husband or mother registered with the case */
} DemoInmate;

static const DemoInmate demo_inmates[] = {
    {"CRC-MARKA", "سامر", "عودة", "خليل", "الرواشدة", "male", "1988-04-12", "سنتان بتهمة سرقة", -400, 120, "منى"},
    {"CRC-MARKA", "أيمن", "حسين", "سالم", "القيسي", "male", "1992-09-03", "ثلاث سنوات بتهمة احتيال", -300, 800, "رنا"},
    {"CRC-MARKA", "وائل", "محمد", "عيسى", "الطراونة", "male", "1985-01-27", "ثمانية عشر شهراً بتهمة إيذاء", -200, 150,
     "سهى"},
    {"CRC-MARKA", "ليث", "ماجد", "علي", "الشرمان", "male", "1996-11-15", "سنة بتهمة مخدرات", -120, 90, "عبلة"},
    {"CRC-MARKA", "حمزة", "ناصر", "يوسف", "الخوالدة", "male", "1990-06-30", "أربع سنوات بتهمة سطو", -500, 900, "ديما"},
    {"CRC-IRBID", "معاذ", "سليمان", "أحمد", "العمري", "male", "1983-02-18", "سنتان بتهمة شيك بلا رصيد", -350, 200,
     "هبة"},
    {"CRC-IRBID", "أنس", "فواز", "محمود", "الزعبي", "male", "1994-08-08", "ثلاث سنوات بتهمة سرقة", -250, 700, "آلاء"},
    {"CRC-JUWEIDEH", "هديل", "مروان", "سعيد", "البطوش", "female", "1997-03-21", "سنتان بتهمة احتيال", -300, 160,
     "نادية"},
    {"CRC-JUWEIDEH", "سناء", "خالد", "عبد الله", "المجالي", "female", "1991-12-05", "ثلاث سنوات بتهمة تزوير", -150, 600,
     "فاطمة"},
};

typedef struct {
    User user;
    Unit unit;
} Worker;

static char *date_in(Ctx *ctx, int days)
{
    char date[11];
    clock_amman_date(clock_now() + (int64_t)days * DAY, date);
    return arena_strdup(ctx->arena, date);
}

/* The centre's demo social worker, acting. */
static int act_for(Ctx *ctx, const char *centre, Worker *workers, int count)
{
    for (int i = 0; i < count; i++)
        if (strcmp(workers[i].unit.code, centre) == 0) {
            ctx->user = &workers[i].user;
            ctx->unit = &workers[i].unit;
            ctx->command_line = false;
            return TK_OK;
        }
    return TK_ERR_NOT_FOUND;
}

static int64_t person(Ctx *ctx, const char *first, const char *father, const char *grandfather, const char *family,
                      const char *sex, const char *birth_date, int birth_year)
{
    Person p = {.first_name = (char *)first,
                .father_name = (char *)father,
                .grandfather_name = (char *)grandfather,
                .family_name = (char *)family,
                .sex = (char *)sex,
                .birth_date = (char *)birth_date,
                .birth_year = birth_year,
                .nationality = "JO",
                .governorate = "amman"};
    PhoneList phones = {0};
    return domain_person_create(ctx, &p, &phones) == TK_OK ? p.id : 0;
}

static void set_field(CaseInput *in, const char *name, const char *text, int64_t number)
{
    for (int f = 0; f < case_field_count; f++)
        if (strcmp(case_fields[f].name, name) == 0) {
            in->set |= 1u << f;
            in->text[f] = text;
            in->number[f] = number;
        }
}

/* An inmate's case in the centre, the inmate and a relative, taken by the centre's worker. */
static int inmate_case(Ctx *ctx, const DemoInmate *d, int64_t centre_id, int64_t *case_id, int64_t *inmate)
{
    *inmate = person(ctx, d->first, d->father, d->grandfather, d->family, d->sex, d->birth_date, 0);
    bool woman = strcmp(d->sex, "female") == 0;
    int64_t relative = person(ctx, d->relative, woman ? d->father : "سليم", woman ? d->grandfather : "حسن",
                              woman ? d->family : "العبادي", "female", NULL, 1966);
    if (!*inmate || !relative)
        return TK_ERR_INTERNAL;
    CaseInput in = {0};
    char reported[21];
    clock_format_iso(clock_now() + (int64_t)(d->admitted_days + 2) * DAY, reported);
    set_field(&in, "sensitivity", "normal", 0);
    set_field(&in, "reported_at", arena_strdup(ctx->arena, reported), 0);
    set_field(&in, "summary", "رعاية النزيل وأسرته أثناء تنفيذ الحكم", 0);
    set_field(&in, "sentence", d->sentence, 0);
    set_field(&in, "admission_date", date_in(ctx, d->admitted_days), 0);
    set_field(&in, "expected_release", date_in(ctx, d->release_days), 0);
    set_field(&in, "centre_unit_id", NULL, centre_id);
    CasePersonInput persons[] = {{*inmate, "inmate"}, {relative, "family_member"}};
    CaseView view;
    int rc = domain_case_create(ctx, "inmate_family", &in, persons, 2, true, &view);
    *case_id = rc == TK_OK ? view.c.id : 0;
    return rc;
}

/* A week's attendance of an enrolment: the last five days of the programme so far, one absence. */
static int week(Ctx *ctx, const Enrolment *e, const Programme *p, int skip)
{
    Attendance sessions[5];
    int n = 0;
    for (int d = -5; d < 0; d++) {
        char *on = date_in(ctx, d);
        if (strcmp(on, p->starts_on) < 0 || (e->enrolled_on && strcmp(on, e->enrolled_on) < 0))
            continue;
        sessions[n] = (Attendance){.session_on = on, .present = n != skip};
        n++;
    }
    Enrolment out;
    return n ? domain_enrolment_attend(ctx, e->id, sessions, n, &out) : TK_OK;
}

int demo_fill_centres(Ctx *ctx, FILE *out)
{
    static const char *const usernames[] = {"centreworker", "centresupervisor", "irbidcentre", "womencentre"};
    enum { WORKERS = sizeof usernames / sizeof usernames[0] };
    Worker workers[WORKERS];
    int rc = TK_OK;
    for (int i = 0; i < WORKERS && rc == TK_OK; i++) {
        rc = store_user_get_for_login(ctx->db, usernames[i], ctx->arena, &workers[i].user);
        if (rc == TK_OK)
            rc = store_unit_get(ctx->db, workers[i].user.unit_id, ctx->arena, &workers[i].unit);
    }
    if (rc != TK_OK)
        return rc;
    /* the first worker of each centre keeps its catalogue (the supervisor of Marka is second) */
    Programme made[sizeof demo_programmes / sizeof demo_programmes[0]];
    int programme_count = 0;
    for (size_t i = 0; i < sizeof demo_programmes / sizeof demo_programmes[0] && rc == TK_OK; i++) {
        const DemoProgramme *d = &demo_programmes[i];
        rc = act_for(ctx, d->centre, workers, WORKERS);
        Programme *p = &made[programme_count];
        *p = (Programme){.kind = d->kind,
                         .name = d->name,
                         .provider = d->provider,
                         .provider_name = d->provider_name,
                         .schedule = d->schedule,
                         .places = d->places,
                         .starts_on = date_in(ctx, d->start_days),
                         .ends_on = date_in(ctx, d->start_days + d->length_days)};
        if (rc == TK_OK && (rc = domain_programme_add(ctx, p)) == TK_OK)
            programme_count++;
    }
    int inmates = 0, enrolments = 0;
    if (rc == TK_OK && settings_get(SET_DEMO_CASES_PER_KIND) > 0) {
        for (size_t i = 0; i < sizeof demo_inmates / sizeof demo_inmates[0] && rc == TK_OK; i++) {
            const DemoInmate *d = &demo_inmates[i];
            int64_t case_id = 0, inmate = 0;
            rc = act_for(ctx, d->centre, workers, WORKERS);
            if (rc == TK_OK)
                rc = inmate_case(ctx, d, ctx->unit->id, &case_id, &inmate);
            inmates += rc == TK_OK;
            /* the centre's programmes that have started: the first two inmates of each take the first, the others
             * the second; the carpentry workshop of Marka fills and keeps a waiting list */
            int taken = 0;
            for (int k = 0; k < programme_count && rc == TK_OK && taken < 2; k++) {
                Programme *p = &made[k];
                if (p->centre_id != ctx->unit->id || strcmp(p->starts_on, date_in(ctx, 0)) > 0)
                    continue;
                char *fortnight = date_in(ctx, -14);
                EnrolmentRequest req = {.case_id = case_id,
                                        .enrolled_on = strcmp(fortnight, p->starts_on) < 0 ? p->starts_on : fortnight,
                                        .waiting_list = true};
                Enrolment e;
                rc = domain_programme_enrol(ctx, p->id, &req, &e);
                enrolments += rc == TK_OK;
                if (rc == TK_OK && strcmp(e.status, "enrolled") == 0)
                    rc = week(ctx, &e, p, (int)(i % 5));
                taken++;
            }
            /* the family: assessed, with services asked for the family, and a visit */
            if (rc == TK_OK && i % 3 != 2) {
                FamilyAssessment a = {.dependants = 3 + (int64_t)(i % 4),
                                      .children = 2 + (int64_t)(i % 3),
                                      .children_in_school = 1 + (int64_t)(i % 2),
                                      .monthly_income = i % 2 ? 0 : 120,
                                      .income_sources = i % 2 ? "none" : "aid_fund,relatives",
                                      .housing = i % 2 ? "rented" : "with_relatives",
                                      .health = i % 4 == 0 ? "chronic_illness" : NULL,
                                      .risks = i % 2 ? "no_income,eviction" : "school_dropout",
                                      .notes = "الأسرة بلا معيل منذ دخول النزيل المركز."};
                rc = domain_family_assessment_save(ctx, case_id, &a);
                CaseService aid = {.type = "financial", .provider = "صندوق المعونة الوطنية", .notes = "معونة شهرية"};
                if (rc == TK_OK)
                    rc = domain_case_service_add(ctx, case_id, &aid);
                CaseService school = {.type = "education",
                                      .provider = "مديرية التربية والتعليم",
                                      .notes = "إعادة الطفل الأكبر إلى المدرسة"};
                if (rc == TK_OK && i % 2)
                    rc = domain_case_service_add(ctx, case_id, &school);
                FamilyVisit v = {.visited_on = date_in(ctx, -7 - (int)i),
                                 .arrangement = i % 2 ? "facilitated" : "arranged",
                                 .visitors = "الزوجة والأطفال",
                                 .notes = "زيارة في قاعة الأسرة"};
                if (rc == TK_OK)
                    rc = domain_family_visit_add(ctx, case_id, &v);
            }
            /* the mother of Juweideh with her two-year-old */
            if (rc == TK_OK && strcmp(d->sex, "female") == 0 && d->release_days > 365) {
                char *born = date_in(ctx, -2 * 365 - 40);
                int64_t child = person(ctx, "ريم", "ماهر", d->father, "البطوش", "female", born, 0);
                CentreChild c = {.person_id = child, .entered_on = date_in(ctx, d->admitted_days)};
                rc = child ? domain_centre_child_add(ctx, case_id, &c) : TK_ERR_INTERNAL;
            }
            /* Marka's inmate with the shortest sentence: released on parole three weeks ago, aftercare planned */
            if (rc == TK_OK && strcmp(d->centre, "CRC-MARKA") == 0 && d->release_days < 100) {
                ReleasePlan plan = {.housing = "يعود إلى منزل الأسرة في ماركا",
                                    .work = "عمل في ورشة نجارة بعد التدريب",
                                    .family_readiness = "الأسرة مستعدة لاستقباله",
                                    .documents = "تجديد الهوية الشخصية",
                                    .referrals = "صندوق المعونة الوطنية، التدريب المهني"};
                rc = domain_release_plan_save(ctx, case_id, &plan);
                CentreRelease r = {.kind = "conditional_release", .on_date = date_in(ctx, -21)};
                if (rc == TK_OK)
                    rc = domain_release_add(ctx, case_id, &r);
            }
        }
    }
    demo_act_as_console(ctx);
    if (rc == TK_OK)
        fprintf(out, "Demo centres: %d programmes in 3 centres; %d inmates with %d enrolments.\n", programme_count,
                inmates, enrolments);
    return rc;
}
