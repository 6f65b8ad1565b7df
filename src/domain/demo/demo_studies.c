/* The demo's social studies: written on the cases in implementation by their social worker, from phrases of each
 * section, then submitted and mostly approved by the office's supervisor, a few returned with a comment or still
 * waiting; juveniles' cases with an approved study have a follow-up report in hand. Synthetic text. */
#include <string.h>

#include "base/err.h"
#include "domain/demo/demo.h"
#include "domain/studies/studies.h"

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

typedef struct {
    const char *key;
    const char *phrases[4];
} SectionPhrases;

static const SectionPhrases phrases[] = {
    {"family",
     {"يعيش الحدث مع والدته وإخوته في منزل مستأجر من غرفتين.",
      "الأب يعمل سائقاً بأجر يومي ويغيب معظم اليوم، والأم ربة منزل.",
      "العلاقة بين الوالدين متوترة، وسبق أن انفصلا مدة قصيرة.", "للأسرة أقارب في المحافظة نفسها يقدمون دعماً محدوداً."}},
    {"circumstances",
     {"دخل الأسرة محدود ويعتمد جزئياً على المعونة الوطنية.", "تتراكم على الأسرة أجور منزل متأخرة لعدة أشهر.",
      "يعمل الأخ الأكبر في ورشة ويساهم في مصروف البيت.", "السكن يفتقر إلى التدفئة والتهوية الكافية."}},
    {"upbringing",
     {"نشأ الحدث في حي مكتظ تكثر فيه المشاجرات بين الشباب.",
      "تأثر برفاق أكبر منه سناً يقضي معهم ساعات طويلة خارج المنزل.", "الرقابة الأسرية ضعيفة بسبب انشغال الوالدين.",
      "لا تتوفر في الحي مرافق رياضية أو ثقافية للأطفال."}},
    {"school",
     {"ملتحق بالمدرسة في الصف التاسع، وتحصيله الدراسي متوسط.",
      "يتغيب عن المدرسة أحياناً، وتلقت الأسرة إنذارين من الإدارة.", "يرغب في الالتحاق بالتدريب المهني بعد الصف العاشر.",
      "علاقته بالمعلمين جيدة بحسب المرشد التربوي."}},
    {"health",
     {"لا يعاني من أمراض مزمنة، ولقاحاته مكتملة.", "يحتاج إلى متابعة نفسية بعد ما تعرض له من إهمال.",
      "أُحيل إلى المركز الصحي لفحص شامل وكانت النتائج سليمة.", "يعاني من اضطراب في النوم منذ فقدان والده."}},
    {"act",
     {"شارك في مشاجرة قرب المدرسة بعد استفزاز من زملائه.", "ضُبط مع مجموعة من رفاقه، ولم تكن له سوابق.",
      "أبدى ندمه على الفعل وتعاوناً مع مراقب السلوك.", "الواقعة قابلة للتسوية بموافقة المشتكي."}},
    {"assessment",
     {"يوصي مراقب السلوك بتدبير التسليم إلى الوالدين مع تعهد بحسن الرعاية.",
      "يوصي بإلحاق الحدث ببرنامج تأهيلي لمدة ستة أشهر.",
      "يوصي بالإشراف القضائي لمدة سنة مع تقارير دورية كل ثلاثة أشهر.",
      "الأسرة قادرة على الرعاية إذا تلقت الدعم اللازم."}},
    {"parties",
     {"الطرفان زوجان منذ عشر سنوات ولهما ثلاثة أطفال.", "المشتكية زوجة المشتكى عليه، وتقيم حالياً لدى أهلها.",
      "أبدى الطرفان رغبتهما في التسوية وحضرا الجلسة الأولى.", "المشتكى عليه يقر بالخلافات وينكر الإيذاء المتكرر."}},
    {"risk",
     {"عوامل الخطر محدودة ولا يوجد تهديد بالسلاح.", "سبق تكرار الإيذاء النفسي، ولا إصابات جسدية موثقة.",
      "الضحية لا تخشى على حياتها وتطلب الصلح بشروط.", "يُنصح بمتابعة لصيقة خلال مدة التسوية."}},
    {"recommendation",
     {"يوصى بإتمام التسوية مع جلسات إرشاد أسري لمدة ثلاثة أشهر.",
      "يوصى بتعهد المشتكى عليه بعدم التعرض ومتابعة الأسرة بزيارات منزلية.",
      "يوصى بإحالة الأسرة إلى صندوق المعونة الوطنية.", "يوصى بإعادة التقييم بعد شهر من الجلسة الأخيرة."}},
    {"needs",
     {"تحتاج الأسرة إلى دعم مالي شهري لتغطية الإيجار.", "يحتاج الأطفال إلى لوازم مدرسية ورسوم مواصلات.",
      "تطلب الزوجة تنظيم زيارات منتظمة لزوجها النزيل.", "تحتاج الأم إلى تدريب مهني لتأمين دخل ثابت."}},
    {"income",
     {"فقدت الأسرة معيلها الوحيد بعد دخوله مركز الإصلاح.", "تعتمد الأسرة على مساعدة شهرية من الأقارب.",
      "الدخل الحالي لا يغطي الحاجات الأساسية.", "تستحق الأسرة معونة متكررة وفق معايير الصندوق."}},
    {"children",
     {"للنزيل ثلاثة أطفال ملتحقون بالمدارس الحكومية.", "الابن الأكبر معرض للتسرب من المدرسة للعمل.",
      "الطفلة الصغرى تحتاج إلى متابعة صحية منتظمة.", "يتأثر الأطفال نفسياً بغياب والدهم."}},
    {"services",
     {"الإحالة إلى صندوق المعونة الوطنية.", "الإحالة إلى برنامج دعم نفسي للأطفال.",
      "ترتيب زيارات عائلية شهرية في المركز.", "التدريب المهني للأم عبر مركز التنمية المحلي."}},
    {"period",
     {"يغطي التقرير الأشهر الثلاثة الماضية من تنفيذ التدبير.", "التدبير المتخذ إشراف قضائي لمدة سنة.",
      "الحدث مودع في دار رعاية منذ أربعة أشهر.", "التزم الحدث بمواعيد المراجعة كلها خلال الفترة."}},
    {"progress",
     {"تحسن سلوك الحدث وقلّت المشاجرات مع أقرانه.", "التزم الحدث بالبرنامج التأهيلي بانتظام.",
      "سُجلت مخالفة واحدة بسيطة تمت معالجتها بالحوار.", "يبدي الحدث اهتماماً بالأنشطة الرياضية في الدار."}},
    {"education",
     {"عاد الحدث إلى المدرسة وتحسنت علاماته.", "التحق بدورة تدريب مهني في النجارة.",
      "حالته الصحية جيدة ولا يحتاج إلى علاج.", "يتابع جلسات الدعم النفسي مرة كل أسبوعين."}},
};

/* Two or three sentences of the section's phrases. */
static const char *section_text(Ctx *ctx, uint32_t *random, const char *key)
{
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        if (strcmp(phrases[i].key, key) != 0)
            continue;
        unsigned first = next_random(random) % 4, second = (first + 1 + next_random(random) % 3) % 4;
        if (next_random(random) % 2)
            return arena_printf(ctx->arena, "%s %s", phrases[i].phrases[first], phrases[i].phrases[second]);
        return arena_printf(ctx->arena, "%s %s\n%s", phrases[i].phrases[first], phrases[i].phrases[second],
                            phrases[i].phrases[(second + 1) % 4 == first ? (second + 2) % 4 : (second + 1) % 4]);
    }
    return "لا ملاحظات إضافية في هذا القسم.";
}

/* A study of template (NULL: the kind's) written in full by the author; submitted and decided by outcome:
 * 0 draft, 1 submitted, 2 returned, 3 approved. */
static int one_study(Ctx *ctx, uint32_t *random, int64_t case_id, const char *template, int outcome, User *author,
                     User *supervisor)
{
    const User *acting = ctx->user;
    ctx->user = author;
    Study study;
    StudyRights rights;
    StudyTemplate spec;
    int rc = domain_study_create(ctx, case_id, template, &study, &rights);
    if (rc == TK_OK)
        rc = domain_study_get(ctx, study.id, &study, &rights, &spec);
    StudyText *texts = rc == TK_OK ? arena_calloc(ctx->arena, (size_t)spec.section_count + 1, sizeof(StudyText)) : NULL;
    if (rc == TK_OK && !texts)
        rc = TK_ERR_NOMEM;
    /* a draft is left half written */
    int written = outcome == 0 ? (spec.section_count + 1) / 2 : spec.section_count;
    for (int k = 0; rc == TK_OK && k < written; k++)
        texts[k] = (StudyText){.key = spec.sections[k].key, .body = section_text(ctx, random, spec.sections[k].key)};
    if (rc == TK_OK)
        rc = domain_study_save(ctx, study.id, study.version, texts, written, &study, &rights);
    if (rc == TK_OK && outcome > 0)
        rc = domain_study_act(ctx, study.id, study.version, "submit", NULL, &study, &rights);
    if (rc == TK_OK && outcome > 1) {
        ctx->user = supervisor;
        rc = domain_study_act(ctx, study.id, study.version, outcome == 3 ? "approve" : "return",
                              outcome == 3 ? NULL : "يرجى توضيح مصادر دخل الأسرة وتاريخ آخر زيارة منزلية.", &study,
                              &rights);
    }
    ctx->user = acting;
    return rc;
}

int demo_case_studies(Ctx *ctx, int64_t case_id, const char *kind, User *author, User *supervisor)
{
    uint32_t random = 0x85EBCA6Bu ^ (uint32_t)case_id;
    unsigned roll = next_random(&random) % 12;
    bool juvenile = strcmp(kind, "juvenile_conflict") == 0 || strcmp(kind, "juvenile_protection") == 0;
    /* a juvenile always has the study of art. 11; other kinds one case in two */
    if (!juvenile && roll >= 6)
        return TK_OK;
    unsigned pick = next_random(&random) % 12;
    int outcome = pick < 7 ? 3 : pick < 9 ? 1 : pick < 11 ? 2 : 0;
    int rc = one_study(ctx, &random, case_id, NULL, outcome, author, supervisor);
    /* three months on, a follow-up report on half of the juveniles whose study was approved */
    if (rc == TK_OK && juvenile && outcome == 3 && next_random(&random) % 2)
        rc = one_study(ctx, &random, case_id, "followup_report", (int)(next_random(&random) % 2) * 3, author,
                       supervisor);
    return rc;
}
