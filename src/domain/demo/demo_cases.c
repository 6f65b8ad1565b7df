/* Synthetic cases for the demo database: of each kind, across the governorates, at every stage, worked by a
 * social worker and a supervisor of each governorate's social service office through the cases' own rules (so the
 * history, the tasks and the audit log are the real ones). Names, places and stories are made up. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/cases/case_plans.h"
#include "domain/cases/cases.h"
#include "domain/referrals/referrals.h"
#include "domain/core/codes.h"
#include "domain/demo/demo.h"
#include "domain/persons/persons.h"
#include "store/org.h"

static const char *const men[] = {
    "محمد",       "أحمد", "خالد", "عمر",  "يوسف", "إبراهيم", "حسن",  "مصطفى", "سامي",     "زيد",
    "فارس",       "معاذ", "أنس",  "بلال", "حمزة", "طارق",    "عماد", "وليد",  "ماهر",     "رائد",
    "إياد",       "أيمن", "منذر", "مهند", "سعيد", "ناصر",    "فيصل", "ياسين", "عبد الله", "عبد الرحمن",
    "عبد الكريم", "صالح", "موسى", "عيسى", "يحيى", "هشام",    "هيثم", "ليث",   "قيس",      "غيث",
};
static const char *const women[] = {
    "فاطمة", "مريم",  "نور",  "سارة",  "عائشة", "زينب", "آمنة",   "خديجة", "هدى",   "رنا",
    "ريم",   "لينا",  "دانا", "رهف",   "سلمى",  "ليلى", "هبة",    "منى",   "سناء",  "وفاء",
    "إسراء", "أسماء", "أمل",  "إيمان", "حنان",  "رحمة", "رقية",   "روان",  "شيماء", "عبير",
    "غدير",  "لمى",   "مرام", "ميس",   "نادية", "هالة", "ياسمين", "بتول",  "تسنيم", "نور الهدى",
};
static const char *const families[] = {
    "العبادي",  "الزعبي",   "المجالي",  "الخوالدة", "العمري",   "الشوبكي",  "الطراونة", "الحياري",
    "القضاة",   "الرواشدة", "بني هاني", "بني عطية", "أبو زيد",  "أبو رمان", "العزام",   "المومني",
    "الصمادي",  "الخطيب",   "النسور",   "الحمود",   "الشرع",    "الدعجة",   "الرفاعي",  "الكردي",
    "الحوراني", "البطاينة", "الجراح",   "العتوم",   "الفايز",   "السرحان",  "المعايطة", "الضمور",
    "الحباشنة", "النعيمات", "الشمايلة", "الرقاد",   "العواملة", "الخرابشة", "الدويري",  "الكساسبة",
};

static const char *const fv_summaries[] = {
    "بلاغ إلزامي من مركز صحي عن إصابات متكررة لدى سيدة، وتذكر تعرضها للضرب من زوجها.",
    "اتصلت الضحية بالخط الساخن تطلب المساعدة بعد تهديدها من أخيها.",
    "أبلغت مدرسة عن علامات إهمال وإيذاء لدى طالبة في الصف السابع.",
    "حضرت سيدة مع أطفالها إلى القسم بعد طردها من المنزل وحرمانها من النفقة.",
    "بلاغ من مستشفى عن طفل بحروق، والرواية لا تتفق مع الإصابة.",
    "شكوى من فتاة ترفض زواجاً يفرضه والدها عليها.",
};
static const char *const jc_summaries[] = {
    "حدث أحيل من شرطة الأحداث بعد مشاجرة في محيط المدرسة.",
    "حدث ضُبط مع مجموعة بتهمة سرقة محل تجاري.",
    "حدث متهم بإتلاف ممتلكات عامة، وأسرته متعاونة.",
    "حدث أوقف بعد شكوى جار، والواقعة قابلة للتسوية.",
};
static const char *const jc_offences[] = {"إيذاء بسيط", "سرقة", "إتلاف مال الغير", "مشاجرة", "تهديد"};
static const char *const jp_summaries[] = {
    "طفل يعمل في بيع العلكة عند الإشارات الضوئية ويتغيب عن المدرسة.",
    "طفلة توفي والدها ووالدتها نزيلة في مركز إصلاح، ولا معيل لها.",
    "حدث دون الثانية عشرة أحيل بعد فعل مخالف للقانون.",
    "أطفال في رعاية قريب غير مؤهل، مع مؤشرات إهمال.",
};
static const char *const jp_grounds[] = {"street_work", "no_carer", "under_12_offence",
                                         "unfit_carer", "begging",  "beyond_control"};
static const char *const in_summaries[] = {
    "نزيل يقضي حكماً طويلاً، وأسرته بحاجة إلى دعم مالي وتعليمي للأبناء.",
    "نزيلة أم لطفلين، تطلب ترتيب زيارات منتظمة لأطفالها.",
    "نزيل قبل الإفراج بستة أشهر، يحتاج خطة رعاية لاحقة وتأهيلاً مهنياً.",
    "أسرة نزيل فقدت معيلها وتحتاج إحالة إلى صندوق المعونة الوطنية.",
};
static const char *const sentences[] = {"سنة", "سنتان", "ثلاث سنوات", "خمس سنوات", "سبع سنوات"};
static const char *const places[] = {"المنزل", "منزل العائلة الممتدة", "الشارع", "مكان العمل", "المدرسة"};
static const char *const goals[] = {
    "سكن آمن للناجية وأطفالها بعيدًا عن المعتدي", "انتظام الأطفال في المدرسة",   "دخل ثابت للأسرة من المعونة أو العمل",
    "خفض التوتر في الأسرة بجلسات إرشاد أسري",    "متابعة العلاج النفسي للضحية",
};
static const char *const visits[] = {
    "زيارة منزلية: الوضع مستقر، والأطفال ملتحقون بالمدرسة.",
    "اتصال هاتفي للاطمئنان ومتابعة المواعيد الطبية.",
    "جلسة إرشاد فردية حول إدارة الغضب وحل الخلافات.",
    "تمت متابعة الإحالة إلى الخدمة المطلوبة، وبانتظار الرد.",
};

/* A small deterministic generator, so that every demo database is the same. */
static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

#define PICK(state, array) (array[next_random(state) % (sizeof array / sizeof array[0])])

typedef struct {
    User caseworker, supervisor, officer, monitor;
    Unit office, monitors, directorate; /* the governorate's social service office, monitor office, directorate */
    bool has_officer, has_monitor;
} Staff;

/* A social worker and a supervisor for a governorate's office: the demo users in Amman, elsewhere records of staff
 * who cannot sign in (no password). */
static int staff_for(Ctx *ctx, const CodeEntry *gov, Staff *staff)
{
    memset(staff, 0, sizeof *staff);
    char code[40];
    char upper[16];
    size_t n = 0;
    for (; gov->code[n] && n + 1 < sizeof upper; n++)
        upper[n] = (char)(gov->code[n] >= 'a' && gov->code[n] <= 'z' ? gov->code[n] - 32 : gov->code[n]);
    upper[n] = '\0';
    const char *suffix = strcmp(gov->code, "maan") == 0 ? "MAN" : upper;
    snprintf(code, sizeof code, "SSO-%.3s", suffix);
    int rc = store_unit_get_by_code(ctx->db, code, ctx->arena, &staff->office);
    snprintf(code, sizeof code, "MON-%.3s", suffix);
    if (rc == TK_OK)
        rc = store_unit_get_by_code(ctx->db, code, ctx->arena, &staff->monitors);
    snprintf(code, sizeof code, "DIR-%.3s", suffix);
    if (rc == TK_OK)
        rc = store_unit_get_by_code(ctx->db, code, ctx->arena, &staff->directorate);
    if (rc != TK_OK)
        return rc;
    if (strcmp(gov->code, "amman") == 0)
        staff->has_monitor = store_user_get_for_login(ctx->db, "monitor", ctx->arena, &staff->monitor) == TK_OK;
    if (strcmp(gov->code, "amman") == 0) {
        const char *names[] = {"caseworker", "supervisor", "officer"};
        User *slots[] = {&staff->caseworker, &staff->supervisor, &staff->officer};
        for (int i = 0; i < 3 && rc == TK_OK; i++)
            rc = store_user_get_for_login(ctx->db, names[i], ctx->arena, slots[i]);
        staff->has_officer = rc == TK_OK;
        return rc;
    }
    const char *roles[] = {"caseworker", "supervisor"};
    User *slots[] = {&staff->caseworker, &staff->supervisor};
    for (int i = 0; i < 2 && rc == TK_OK; i++) {
        User *u = slots[i];
        *u = (User){.username = arena_printf(ctx->arena, "%s.%s", gov->code, roles[i]),
                    .full_name = arena_printf(ctx->arena, "%s %s %s", i ? "هالة" : "رامي", i ? "سالم" : "خليل",
                                              families[(n + (size_t)i * 7) % (sizeof families / sizeof families[0])]),
                    .sex = i ? "female" : "male",
                    .unit_id = staff->office.id,
                    .roles = codes_role_bit(roles[i]),
                    .status = "active"};
        /* "!" is no argon2 hash: nobody can sign in as these */
        rc = store_user_insert(ctx->db, u, "!");
    }
    return rc;
}

static void act(Ctx *ctx, User *user, Unit *unit)
{
    ctx->user = user;
    ctx->unit = unit;
    ctx->command_line = false;
}

static int64_t new_person(Ctx *ctx, uint32_t *random, const char *sex, const char *family, int birth_year,
                          const char *governorate)
{
    Person p = {0};
    p.first_name = (char *)(strcmp(sex, "female") == 0 ? PICK(random, women) : PICK(random, men));
    p.father_name = (char *)PICK(random, men);
    p.grandfather_name = next_random(random) % 10 ? (char *)PICK(random, men) : NULL;
    p.family_name = (char *)family;
    p.sex = (char *)sex;
    p.birth_year = birth_year;
    p.birth_year_estimated = next_random(random) % 5 == 0;
    if (!p.birth_year_estimated)
        p.birth_date = arena_printf(ctx->arena, "%04d-%02u-%02u", birth_year, 1 + next_random(random) % 12,
                                    1 + next_random(random) % 28);
    p.nationality = "JO";
    p.governorate = (char *)governorate;
    PhoneList phones = {0};
    return domain_person_create(ctx, &p, &phones) == TK_OK ? p.id : 0;
}

/* A case input with the given fields set by name. */
static void set_text(CaseInput *in, const char *name, const char *value)
{
    for (int f = 0; f < case_field_count; f++) {
        if (strcmp(case_fields[f].name, name) == 0) {
            in->set |= 1u << f;
            in->text[f] = value;
        }
    }
}

static void set_number(CaseInput *in, const char *name, int64_t value)
{
    for (int f = 0; f < case_field_count; f++) {
        if (strcmp(case_fields[f].name, name) == 0) {
            in->set |= 1u << f;
            in->number[f] = value;
            in->flag[f] = (int)value;
        }
    }
}

static char *iso_date(Ctx *ctx, int64_t seconds)
{
    char date[11];
    clock_amman_date(seconds, date);
    return arena_strdup(ctx->arena, date);
}

static char *iso_time(Ctx *ctx, int64_t seconds)
{
    char text[21];
    clock_format_iso(seconds, text);
    return arena_strdup(ctx->arena, text);
}

/* A referral of a case in implementation: a juvenile's to the governorate's behaviour monitors, a survivor's (with
 * her consent) or an inmate family's to the directorate, asking for services; in Amman the monitor accepts some. */
static int demo_referral(Ctx *ctx, uint32_t *random, const char *kind, Staff *staff, int64_t case_id, int64_t principal)
{
    bool juvenile = strncmp(kind, "juvenile", 8) == 0;
    ReferralInput in = {.kind = "referral", .urgency = next_random(random) % 4 ? "routine" : "urgent"};
    if (juvenile) {
        in.to_unit_id = staff->monitors.id;
        in.reason = "دراسة اجتماعية عن الحدث وأسرته ومتابعته ببرنامج تأهيلي مناسب";
        in.sections = "summary,persons,notes";
        in.services[in.service_count++] = "social_study";
        in.services[in.service_count++] = "rehabilitation";
    } else if (strcmp(kind, "family_violence") == 0) {
        CaseConsent consent = {.person_id = principal,
                               .method = "written",
                               .given_on = iso_date(ctx, clock_now()),
                               .scope = "إحالة إلى مديرية التنمية الاجتماعية لتقديم الدعم والمساعدة"};
        int rc = domain_case_consent_add(ctx, case_id, &consent);
        if (rc != TK_OK)
            return rc;
        in.to_unit_id = staff->directorate.id;
        in.reason = "دعم نفسي اجتماعي ومساعدة مالية للناجية وأطفالها";
        in.sections = "summary,risk,persons";
        in.services[in.service_count++] = "psychosocial";
        in.services[in.service_count++] = "financial";
    } else {
        in.to_unit_id = staff->directorate.id;
        in.reason = "أسرة النزيل بلا معيل: دراسة وضعها وربطها بالمعونة";
        in.sections = "summary,persons";
        in.services[in.service_count++] = "financial";
    }
    Referral referral;
    int rc = domain_referral_send(ctx, case_id, &in, &referral);
    if (rc != TK_OK || !juvenile || !staff->has_monitor || next_random(random) % 2)
        return rc;
    act(ctx, &staff->monitor, &staff->monitors);
    rc = domain_referral_act(ctx, referral.id, referral.version, "accept", NULL, 0, &referral, &(ReferralRights){0});
    act(ctx, &staff->caseworker, &staff->office);
    return rc;
}

/* One case of a kind, taken to a stage chosen at random through the workflow's own steps. */
/* One synthetic case; *candidate is filled for an open juvenile case of the Amman office that the demo may place in a
 * home (case_id 0 otherwise). */
static int one_case(Ctx *ctx, uint32_t *random, const char *kind, Staff *staff, int64_t centre_id,
                    DemoResident *candidate)
{
    memset(candidate, 0, sizeof *candidate);
    int64_t now = clock_now();
    /* how far it has come: a tenth still waiting to be assigned, a quarter closed; the newer the case, the less
     * far (cases still being registered came in during the last three days) */
    int stage = (int)(next_random(random) % 20);
    /* cases still being registered or assessed (no risk level yet) came in during the last days */
    int64_t reported = stage < 4   ? now - (int64_t)(next_random(random) % (3 * 86400u)) - 600
                       : stage < 7 ? now - 86400 - (int64_t)(next_random(random) % (8 * 86400u))
                                   : now - 20 * 86400 - (int64_t)(next_random(random) % (680 * 86400u));
    const char *family = PICK(random, families);
    const char *gov = staff->office.governorate;
    CaseInput in = {0};
    const char *legal_class = NULL;
    set_text(&in, "reported_at", iso_time(ctx, reported));
    CasePersonInput persons[3];
    int person_count = 0;
    const char *juvenile_sex = NULL;
    act(ctx, &staff->caseworker, &staff->office);
    if (strcmp(kind, "family_violence") == 0) {
        set_text(&in, "summary", PICK(random, fv_summaries));
        int64_t victim = new_person(ctx, random, "female", family, 1975 + (int)(next_random(random) % 35), gov);
        int64_t perpetrator = new_person(ctx, random, "male", family, 1960 + (int)(next_random(random) % 35), gov);
        persons[person_count++] = (CasePersonInput){victim, "victim"};
        persons[person_count++] = (CasePersonInput){perpetrator, "alleged_perpetrator"};
        if (next_random(random) % 3 == 0)
            set_text(&in, "sensitivity", "normal");
    } else if (strcmp(kind, "juvenile_conflict") == 0) {
        set_text(&in, "summary", PICK(random, jc_summaries));
        set_text(&in, "offence", PICK(random, jc_offences));
        legal_class = next_random(random) % 4 ? "misdemeanour" : "violation";
        set_text(&in, "legal_class", legal_class);
        set_number(&in, "settlement_eligible", next_random(random) % 2);
        set_text(&in, "act_date", iso_date(ctx, reported - 86400));
        char *year = iso_date(ctx, reported);
        int juvenile_year = (year[0] - '0') * 1000 + (year[1] - '0') * 100 + (year[2] - '0') * 10 + (year[3] - '0') -
                            13 - (int)(next_random(random) % 4);
        juvenile_sex = next_random(random) % 5 ? "male" : "female";
        int64_t juvenile = new_person(ctx, random, juvenile_sex, family, juvenile_year, gov);
        persons[person_count++] = (CasePersonInput){juvenile, "juvenile"};
        /* the draws that once dated a detention (now a record: demo_legal.c), kept so that the other cases stay as
         * they were */
        if (next_random(random) % 4 == 0)
            next_random(random);
    } else if (strcmp(kind, "juvenile_protection") == 0) {
        set_text(&in, "summary", PICK(random, jp_summaries));
        set_text(&in, "protection_grounds", PICK(random, jp_grounds));
        char *year = iso_date(ctx, reported);
        int child_year = (year[0] - '0') * 1000 + (year[1] - '0') * 100 + (year[2] - '0') * 10 + (year[3] - '0') - 8 -
                         (int)(next_random(random) % 8);
        juvenile_sex = next_random(random) % 2 ? "male" : "female";
        int64_t child = new_person(ctx, random, juvenile_sex, family, child_year, gov);
        persons[person_count++] = (CasePersonInput){child, "juvenile"};
        int64_t guardian = new_person(ctx, random, "female", family, 1965 + (int)(next_random(random) % 25), gov);
        persons[person_count++] = (CasePersonInput){guardian, "guardian"};
    } else {
        set_text(&in, "summary", PICK(random, in_summaries));
        set_text(&in, "sentence", PICK(random, sentences));
        set_text(&in, "admission_date", iso_date(ctx, reported - 30 * 86400));
        if (centre_id)
            set_number(&in, "centre_unit_id", centre_id);
        int64_t inmate = new_person(ctx, random, next_random(random) % 6 ? "male" : "female", family,
                                    1965 + (int)(next_random(random) % 35), gov);
        persons[person_count++] = (CasePersonInput){inmate, "inmate"};
        int64_t relative = new_person(ctx, random, "female", family, 1970 + (int)(next_random(random) % 30), gov);
        persons[person_count++] = (CasePersonInput){relative, "family_member"};
        if (next_random(random) % 5 == 0)
            set_text(&in, "transferred_at", iso_time(ctx, now - (int64_t)(next_random(random) % 4) * 86400));
    }
    for (int i = 0; i < person_count; i++)
        if (!persons[i].person_id)
            return TK_ERR_INTERNAL;
    CaseView view;
    int rc = domain_case_create(ctx, kind, &in, persons, person_count, false, &view);
    if (rc != TK_OK)
        return rc;
    int64_t id = view.c.id;
    if (strcmp(kind, "family_violence") == 0) {
        CaseIncident incident = {.occurred_on = iso_date(ctx, reported - 86400),
                                 .place = (char *)PICK(random, places),
                                 .violence_types = next_random(random) % 2 ? "physical_assault,psychological_abuse"
                                                                           : "psychological_abuse",
                                 .perpetrator_relationship = next_random(random) % 3 ? "intimate_partner" : "sibling",
                                 .legal_class = "misdemeanour",
                                 .identified_by = next_random(random) % 2 ? "health" : "self"};
        if ((rc = domain_case_incident_add(ctx, id, &incident)) != TK_OK)
            return rc;
    }
    if (stage < 2)
        return TK_OK;
    act(ctx, &staff->supervisor, &staff->office);
    if ((rc = domain_case_assign(ctx, id, staff->caseworker.id, "caseworker", &view)) != TK_OK)
        return rc;
    if (staff->has_officer && strcmp(kind, "family_violence") == 0 && next_random(random) % 3 == 0 &&
        (rc = domain_case_assign(ctx, id, staff->officer.id, "officer", &view)) != TK_OK)
        return rc;
    act(ctx, &staff->caseworker, &staff->office);
    if (stage < 4)
        return TK_OK;
    if ((rc = domain_case_transition(ctx, id, view.c.version, "advance", "assessment", NULL, &view)) != TK_OK)
        return rc;
    CaseInput risk = {0};
    int level = (int)(next_random(random) % 3);
    set_text(&risk, "risk_level", level == 0 ? "high" : level == 1 ? "medium" : "low");
    set_text(&risk, "risk_assessment",
             level == 0 ? "تهديد متكرر وخوف الضحية على حياتها" : "عوامل خطر محدودة، والأسرة متعاونة");
    if (stage < 7)
        return TK_OK;
    if (juvenile_sex && stage < 15 && strcmp(gov, "amman") == 0)
        *candidate = (DemoResident){
            .case_id = id, .person_id = persons[0].person_id, .kind = kind, .sex = juvenile_sex};
    if ((rc = demo_legal_records(ctx, id, kind, legal_class, persons[0].person_id,
                                 person_count > 1 ? persons[1].person_id : 0)) != TK_OK)
        return rc;
    if (strcmp(kind, "family_violence") == 0) {
        /* the structured assessment: the factors answered, the level they suggest */
        static const char *const high[] = {"death_threats", "escalation", "children_harmed"};
        static const char *const medium[] = {"controlling", "financial_dependence"};
        static const char *const low[] = {"prior_violence"};
        static const char *const absent[] = {"weapon", "strangulation", "pregnancy", "substance_abuse"};
        RiskInput assessment = {.present = level == 0   ? (const char **)high
                                           : level == 1 ? (const char **)medium
                                                        : (const char **)low,
                                .present_count = level == 0   ? 3
                                                 : level == 1 ? 2
                                                              : 1,
                                .absent = (const char **)absent,
                                .absent_count = 4};
        RiskAssessment recorded;
        if ((rc = domain_risk_assess(ctx, id, &assessment, &recorded)) != TK_OK ||
            (rc = domain_case_get(ctx, id, &view)) != TK_OK)
            return rc;
    } else if ((rc = domain_case_update(ctx, id, view.c.version, &risk, &view)) != TK_OK)
        return rc;
    if ((rc = domain_case_transition(ctx, id, view.c.version, "advance", "case_plan", NULL, &view)) != TK_OK)
        return rc;
    CaseNote plan = {.kind = "conference",
                     .occurred_on = iso_date(ctx, now - 86400),
                     .participants = "الأخصائي، المشرف",
                     .body = "اجتماع حالة: الاتفاق على خطة الحالة والخدمات والإحالات اللازمة."};
    if (stage < 9)
        return TK_OK;
    /* the goals the conference set: each with its services, who answers for it and when it is reviewed */
    CaseGoal goal = {.goal = (char *)PICK(random, goals),
                     .services = next_random(random) % 2 ? "psychosocial" : "financial",
                     .responsible = "الأخصائي الاجتماعي والأسرة",
                     .review_on = iso_date(ctx, now + (int64_t)(14 + next_random(random) % 60) * 86400)};
    if ((rc = domain_case_note_add(ctx, id, &plan)) != TK_OK || (rc = domain_goal_add(ctx, id, &goal)) != TK_OK ||
        (rc = domain_case_get(ctx, id, &view)) != TK_OK ||
        (rc = domain_case_transition(ctx, id, view.c.version, "advance", "implementation", NULL, &view)) != TK_OK)
        return rc;
    CaseNote visit = {.kind = next_random(random) % 2 ? "home_visit" : "call",
                      .occurred_on = iso_date(ctx, now),
                      .body = (char *)PICK(random, visits)};
    if ((rc = domain_case_note_add(ctx, id, &visit)) != TK_OK)
        return rc;
    /* a stream of its own, so that referring leaves the cases' own course as it was */
    uint32_t referral_random = 0x9E3779B9u ^ (uint32_t)id;
    if (next_random(&referral_random) % 3 == 0 &&
        (rc = demo_referral(ctx, &referral_random, kind, staff, id, persons[0].person_id)) != TK_OK)
        return rc;
    /* the social study; its approval may move the case on (a juvenile's next monitor report) */
    if ((rc = demo_case_studies(ctx, id, kind, &staff->caseworker, &staff->supervisor)) != TK_OK ||
        (rc = domain_case_get(ctx, id, &view)) != TK_OK)
        return rc;
    /* the next contact of the follow-up schedule, planned some days ago for some days from then (some are now
     * overdue): the plan is made on the day it was, by the clock of that day */
    int64_t planned_on = now - (int64_t)(next_random(random) % 10) * 86400;
    FollowupPlan contact = {.kind = next_random(random) % 2 ? "home_visit" : "call",
                            .first_on = iso_date(ctx, planned_on + (int64_t)(next_random(random) % 30) * 86400)};
    CaseFollowup *planned = NULL;
    int planned_count = 0;
    clock_set_fixed(planned_on);
    rc = domain_case_followups_plan(ctx, id, &contact, &planned, &planned_count);
    clock_set_fixed(0);
    if (rc != TK_OK || (rc = domain_case_get(ctx, id, &view)) != TK_OK || stage < 12)
        return rc;
    if ((rc = domain_case_transition(ctx, id, view.c.version, "advance", "follow_up", NULL, &view)) != TK_OK ||
        stage < 15)
        return rc;
    if ((rc = domain_case_transition(ctx, id, view.c.version, "request_closure", NULL,
                                     "تحققت أهداف الخطة وزالت عوامل الخطر", &view)) != TK_OK ||
        stage < 16)
        return rc;
    act(ctx, &staff->supervisor, &staff->office);
    return domain_case_transition(ctx, id, view.c.version, "approve_closure", NULL, NULL, &view);
}

int demo_fill_cases(Ctx *ctx, FILE *out)
{
    int per_kind = (int)settings_get(SET_DEMO_CASES_PER_KIND);
    if (per_kind <= 0)
        return TK_OK;
    Arena *outer = ctx->arena;
    Staff *staff = arena_calloc(outer, (size_t)codes_governorates.count, sizeof(Staff));
    if (!staff)
        return TK_ERR_NOMEM;
    int rc = TK_OK;
    for (int g = 0; g < codes_governorates.count && rc == TK_OK; g++)
        rc = staff_for(ctx, &codes_governorates.entries[g], &staff[g]);
    Unit centre;
    int64_t centre_id = 0;
    UnitFilter filter = {.type = "correction_centre", .limit = 1};
    Unit *centres;
    int count = 0;
    int64_t next = 0;
    if (rc == TK_OK && store_unit_list(ctx->db, &filter, outer, &centres, &count, &next) == TK_OK && count > 0) {
        centre = centres[0];
        centre_id = centre.id;
    }
    /* synthetic data that can be made again: no wait for the disk at each of thousands of commits */
    store_set_durable(ctx->db, false);
    Arena scratch;
    arena_init(&scratch, 0);
    ctx->arena = &scratch;
    uint32_t random = 20261129u;
    int made = 0, candidate_count = 0;
    enum { CANDIDATES_MAX = 60 };
    DemoResident *candidates = arena_calloc(outer, CANDIDATES_MAX, sizeof(DemoResident));
    if (!candidates)
        return TK_ERR_NOMEM;
    for (int k = 0; k < codes_case_kinds.count && rc == TK_OK; k++) {
        for (int i = 0; i < per_kind && rc == TK_OK; i++) {
            Staff *s = &staff[(i + k) % codes_governorates.count];
            DemoResident candidate;
            rc = one_case(ctx, &random, codes_case_kinds.entries[k].code, s, centre_id, &candidate);
            made += rc == TK_OK;
            if (rc == TK_OK && candidate.case_id && candidate_count < CANDIDATES_MAX)
                candidates[candidate_count++] = candidate;
            arena_reset(&scratch);
        }
    }
    if (rc == TK_OK && candidate_count) {
        /* placed by the Amman office's caseworker, who works its cases */
        act(ctx, &staff[0].caseworker, &staff[0].office);
        rc = demo_place_residents(ctx, candidates, candidate_count, out);
        arena_reset(&scratch);
    }
    ctx->arena = outer;
    arena_free(&scratch);
    store_set_durable(ctx->db, true);
    demo_act_as_console(ctx);
    if (rc == TK_OK)
        fprintf(out,
                "Demo cases: %d synthetic cases (%d of each kind) across the 12 governorates, at every stage; "
                "the staff of offices outside Amman cannot sign in.\n",
                made, per_kind);
    return rc;
}
