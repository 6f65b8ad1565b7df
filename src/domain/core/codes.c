#include "domain/core/codes.h"

#include <string.h>

#define ROLE_ENTRY(ID, bit, code, name_ar, name_en) {code, name_ar, name_en, ROLE_##ID, NULL},
static const CodeEntry roles[] = {CODES_ROLES(ROLE_ENTRY)};
#undef ROLE_ENTRY

static const CodeEntry unit_types[] = {
    {"headquarters", "إدارة مركزية", "Headquarters", 0, NULL},
    {"directorate", "مديرية تنمية اجتماعية", "Social development directorate", 0, "mosd",
     "family_violence,juvenile_conflict,juvenile_protection,inmate_family"},
    {"fjpd_office", "قسم حماية الأسرة والأحداث", "Family and Juvenile Protection office", 0, "psd",
     "family_violence,juvenile_conflict,juvenile_protection"},
    {"social_service_office", "مكتب الخدمة الاجتماعية", "Social service office", 0, "mosd",
     "family_violence,juvenile_conflict,juvenile_protection,inmate_family"},
    {"juvenile_police_office", "شرطة الأحداث", "Juvenile police office", 0, "psd",
     "juvenile_conflict,juvenile_protection"},
    {"monitor_office", "مكتب مراقبي السلوك", "Behaviour monitors' office", 0, "mosd",
     "juvenile_conflict,juvenile_protection"},
    {"correction_centre", "مركز إصلاح وتأهيل", "Correction and rehabilitation centre", 0, "psd", "inmate_family"},
    {"juvenile_education_home", "دار تربية الأحداث", "Juvenile education home (pre-trial)", 0, "mosd",
     "juvenile_conflict"},
    {"juvenile_rehabilitation_home", "دار تأهيل الأحداث", "Juvenile rehabilitation home (sentenced)", 0, "mosd",
     "juvenile_conflict"},
    {"juvenile_care_home", "دار رعاية الأحداث", "Juvenile care home (protection)", 0, "mosd", "juvenile_protection"},
    {"shelter", "دار إيواء", "Shelter", 0, "mosd", "family_violence"},
    {"committee", "اللجنة المشتركة", "Joint committee", 0, NULL},
};

static const CodeEntry agencies[] = {
    {"mosd", "وزارة التنمية الاجتماعية", "Ministry of Social Development", 0, NULL},
    {"psd", "مديرية الأمن العام", "Public Security Directorate", 0, NULL},
};

/* Must match the governorates table of migration 1. */
static const CodeEntry governorates[] = {
    {"amman", "عمان", "Amman", 0, NULL},        {"irbid", "إربد", "Irbid", 0, NULL},
    {"zarqa", "الزرقاء", "Zarqa", 0, NULL},     {"balqa", "البلقاء", "Balqa", 0, NULL},
    {"mafraq", "المفرق", "Mafraq", 0, NULL},    {"karak", "الكرك", "Karak", 0, NULL},
    {"jerash", "جرش", "Jerash", 0, NULL},       {"madaba", "مادبا", "Madaba", 0, NULL},
    {"ajloun", "عجلون", "Ajloun", 0, NULL},     {"aqaba", "العقبة", "Aqaba", 0, NULL},
    {"tafilah", "الطفيلة", "Tafilah", 0, NULL}, {"maan", "معان", "Ma'an", 0, NULL},
};

/* Cases (domain.md §2 and §4). */
static const CodeEntry case_kinds[] = {
    {"family_violence", "عنف أسري", "Family violence", 0, NULL},
    {"juvenile_conflict", "حدث مخالف للقانون", "Juvenile in conflict with the law", 0, NULL},
    {"juvenile_protection", "حدث محتاج للحماية أو الرعاية", "Juvenile in need of protection or care", 0, NULL},
    {"inmate_family", "رعاية النزلاء وأسرهم", "Inmate and family care", 0, NULL},
};

static const CodeEntry case_stages[] = {
    {"registration", "التسجيل", "Registration", 0, NULL}, {"assessment", "التقييم", "Assessment", 0, NULL},
    {"case_plan", "خطة الحالة", "Case plan", 0, NULL},    {"implementation", "التنفيذ", "Implementation", 0, NULL},
    {"follow_up", "المتابعة", "Follow-up", 0, NULL},      {"closed", "مغلقة", "Closed", 0, NULL},
};

static const CodeEntry risk_levels[] = {
    {"high", "مرتفع", "High", 0, NULL},
    {"medium", "متوسط", "Medium", 0, NULL},
    {"low", "منخفض", "Low", 0, NULL},
};

static const CodeEntry sensitivities[] = {
    {"normal", "عادية", "Normal", 0, NULL},
    {"restricted", "مقيدة", "Restricted", 0, NULL},
};

static const CodeEntry case_person_roles[] = {
    {"victim", "ضحية/ناجية", "Victim or survivor", 0, NULL},
    {"alleged_perpetrator", "المعتدي المزعوم", "Alleged perpetrator", 0, NULL},
    {"juvenile", "حدث", "Juvenile", 0, NULL},
    {"inmate", "نزيل", "Inmate", 0, NULL},
    {"family_member", "فرد من الأسرة", "Family member", 0, NULL},
    {"guardian", "ولي الأمر", "Guardian", 0, NULL},
    {"reporter", "المبلّغ (هويته سرية)", "Reporter (identity confidential)", 0, NULL},
    {"witness", "شاهد", "Witness", 0, NULL},
};

static const CodeEntry assignment_roles[] = {
    {"caseworker", "الأخصائي الاجتماعي", "Social worker", ROLE_CASEWORKER, NULL},
    {"monitor", "مراقب السلوك", "Behaviour monitor", ROLE_MONITOR, NULL},
    {"officer", "الضابط", "Officer", ROLE_OFFICER, NULL},
};

static const CodeEntry violence_types[] = {
    {"rape", "اغتصاب", "Rape", 0, NULL},
    {"sexual_assault", "اعتداء جنسي", "Sexual assault", 0, NULL},
    {"physical_assault", "اعتداء جسدي", "Physical assault", 0, NULL},
    {"forced_marriage", "زواج قسري", "Forced marriage", 0, NULL},
    {"denial_of_resources", "الحرمان من الموارد أو الفرص أو الخدمات", "Denial of resources, opportunities or services",
     0, NULL},
    {"psychological_abuse", "إساءة نفسية/عاطفية", "Psychological or emotional abuse", 0, NULL},
    {"neglect", "إهمال", "Neglect", 0, NULL},
};

static const CodeEntry perpetrator_relationships[] = {
    {"intimate_partner", "شريك حالي أو سابق", "Intimate or former partner", 0, NULL},
    {"parent", "أحد الوالدين أو مقدم الرعاية", "Parent or primary caregiver", 0, NULL},
    {"sibling", "أخ أو أخت", "Sibling", 0, NULL},
    {"other_family", "قريب آخر", "Other family", 0, NULL},
    {"in_law", "من الأصهار", "In-law", 0, NULL},
    {"employer", "صاحب العمل", "Employer", 0, NULL},
    {"teacher", "معلم", "Teacher", 0, NULL},
    {"service_provider", "مقدم خدمة", "Service provider", 0, NULL},
    {"neighbour", "جار أو صديق للعائلة", "Neighbour or family friend", 0, NULL},
    {"other", "آخر", "Other", 0, NULL},
    {"unknown", "غير معروف", "Unknown", 0, NULL},
};

static const CodeEntry legal_classes[] = {
    {"violation", "مخالفة", "Violation", 0, NULL},
    {"misdemeanour", "جنحة", "Misdemeanour", 0, NULL},
    {"felony", "جناية", "Felony", 0, NULL},
};

/* Juveniles Law art. 33: the grounds on which a juvenile is in need of protection or care. */
static const CodeEntry protection_grounds[] = {
    {"unfit_carer", "في رعاية شخص غير مؤهل", "In the care of an unfit person", 0, NULL},
    {"exploited", "مستغل (بما في ذلك التسول)", "Exploited (including begging)", 0, NULL},
    {"no_stable_home", "لا مأوى مستقر له", "No stable home", 0, NULL},
    {"no_carer", "لا معيل له (الوالدان متوفيان أو مسجونان أو غائبان)", "No carer (parents dead, imprisoned or absent)",
     0, NULL},
    {"beyond_control", "خارج عن سيطرة والديه", "Beyond parental control", 0, NULL},
    {"begging", "التسول", "Begging", 0, NULL},
    {"street_work", "البيع في الطرقات أو جمع النفايات", "Street vending or waste picking", 0, NULL},
    {"harmed_by_parents", "تعرّض لإيذاء من والديه يتجاوز التأديب", "Harmed by parents beyond permitted discipline", 0,
     NULL},
    {"danger_in_family", "في خطر جسيم داخل الأسرة", "In serious danger in the family", 0, NULL},
    {"under_12_offence", "دون الثانية عشرة وارتكب فعلاً مخالفاً للقانون", "Under 12 and committed an offence", 0, NULL},
    {"unlawful_work", "يعمل خلافاً للقانون", "Working against the law", 0, NULL},
};

static const CodeEntry identified_by[] = {
    {"self", "الضحية نفسها", "The victim", 0, NULL},
    {"family", "الأسرة", "The family", 0, NULL},
    {"health", "القطاع الصحي (تبليغ إلزامي)", "Health services (mandatory report)", 0, NULL},
    {"education", "قطاع التعليم (تبليغ إلزامي)", "Education (mandatory report)", 0, NULL},
    {"social", "الخدمة الاجتماعية (تبليغ إلزامي)", "Social services (mandatory report)", 0, NULL},
    {"police", "الشرطة", "Police", 0, NULL},
    {"other", "آخر", "Other", 0, NULL},
};

static const CodeEntry note_kinds[] = {
    {"note", "ملاحظة", "Note", 0, NULL},
    {"home_visit", "زيارة منزلية", "Home visit", 0, NULL},
    {"call", "اتصال هاتفي", "Call", 0, NULL},
    {"session", "جلسة", "Session", 0, NULL},
    {"conference", "اجتماع حالة", "Case conference", 0, NULL},
};

static const CodeEntry task_kinds[] = {
    {"assignment", "تعيين الحالة لأخصائي", "Assign the case", 0, NULL},
    {"first_response", "الاستجابة الأولى خلال ٢٤ ساعة", "First response within 24 hours", 0, NULL},
    {"social_study", "الدراسة الاجتماعية للحدث في بداية التحقيق",
     "The juvenile's social study at the start of the investigation", 0, NULL},
    {"settlement", "إنهاء التسوية", "Finish the settlement", 0, NULL},
    {"detention", "انتهاء مدة التوقيف", "End of pre-trial detention", 0, NULL},
    {"verdict", "صدور الحكم خلال المدة القانونية", "The verdict within its legal time", 0, NULL},
    {"monitor_report", "تقرير مراقب السلوك الدوري", "Periodic monitor report", 0, NULL},
    {"measure_end", "انتهاء مدة التدبير", "End of the court measure", 0, NULL},
    {"family_notice", "إبلاغ الأسرة بنقل النزيل خلال ٤٨ ساعة", "Notify the family of the transfer within 48 hours", 0,
     NULL},
    {"follow_up", "موعد المتابعة", "Follow-up", 0, NULL},
    {"plan_review", "مراجعة أهداف خطة الحالة", "Review the case plan's goals", 0, NULL},
    {"closure_approval", "اعتماد إغلاق الحالة", "Approve the closure", 0, NULL},
    {"pre_release_plan", "خطة ما قبل الإفراج عن النزيل", "The inmate's pre-release plan", 0, NULL},
    {"aftercare_plan", "خطة الرعاية اللاحقة للحدث في الدار", "The aftercare plan of a juvenile in a home", 0, NULL},
    {"child_plan", "تحديد وجهة طفل النزيلة قبل بلوغه ثلاث سنوات", "Plan where the inmate's child goes before age 3", 0,
     NULL},
};

/* The factors of a family-violence risk assessment (domain.md §4: high when there is a weapon, a death threat or
 * the victim fears for her life, or five factors or more; strangling is counted with them, as risk practice
 * does). bit 1: a factor that makes the risk high by itself. */
static const CodeEntry risk_factors[] = {
    {"weapon", "استخدام سلاح أو التهديد به", "A weapon used or threatened", RISK_FACTOR_CRITICAL, NULL},
    {"death_threats", "تهديد بالقتل", "Threats to kill", RISK_FACTOR_CRITICAL, NULL},
    {"fears_for_life", "تخشى الضحية على حياتها", "The victim fears for her life", RISK_FACTOR_CRITICAL, NULL},
    {"strangulation", "خنق أو محاولة خنق", "Strangling or choking", RISK_FACTOR_CRITICAL, NULL},
    {"escalation", "تزايد العنف في تكراره أو شدته", "Violence more frequent or more severe", 0, NULL},
    {"pregnancy", "عنف أثناء الحمل", "Violence during pregnancy", 0, NULL},
    {"separation", "انفصال حديث أو وشيك", "A recent or coming separation", 0, NULL},
    {"children_harmed", "أطفال تعرضوا للعنف أو شهدوه", "Children harmed or witnessing", 0, NULL},
    {"substance_abuse", "إدمان المعتدي على الكحول أو المخدرات", "The perpetrator's alcohol or drug abuse", 0, NULL},
    {"prior_violence", "عنف سابق أو سوابق لدى المعتدي", "Earlier violence or a record", 0, NULL},
    {"controlling", "غيرة وسيطرة وملاحقة", "Jealousy, control or stalking", 0, NULL},
    {"sexual_violence", "عنف جنسي", "Sexual violence", 0, NULL},
    {"isolation", "عزل الضحية عن أهلها ومعارفها", "The victim cut off from family and friends", 0, NULL},
    {"financial_dependence", "اعتماد الضحية ماليًا على المعتدي", "Financial dependence on the perpetrator", 0, NULL},
    {"perpetrator_access", "يقيم المعتدي معها أو يصل إليها بسهولة",
     "The perpetrator lives with her or reaches her easily", 0, NULL},
};

static const CodeEntry goal_statuses[] = {
    {"open", "قيد العمل", "Open", 0, NULL},
    {"achieved", "تحقق", "Achieved", 0, NULL},
    {"dropped", "أُلغي", "Dropped", 0, NULL},
};

static const CodeEntry service_types[] = {
    {"shelter", "إيواء / مكان آمن", "Shelter or safe place", 0, NULL},
    {"health", "خدمات صحية", "Health or medical care", 0, NULL},
    {"psychosocial", "دعم نفسي اجتماعي", "Psychosocial support", 0, NULL},
    {"legal_aid", "مساعدة قانونية", "Legal aid", 0, NULL},
    {"police_protection", "حماية شرطية", "Police protection", 0, NULL},
    {"financial", "مساعدة مالية (صندوق المعونة الوطنية)", "Financial or cash assistance", 0, NULL},
    {"livelihoods", "سبل العيش والتدريب المهني", "Livelihoods or vocational training", 0, NULL},
    {"education", "التعليم", "Education", 0, NULL},
    {"family_mediation", "وساطة أسرية أو لمّ شمل", "Family mediation or reunification", 0, NULL},
    {"rehabilitation", "برنامج تأهيلي", "Rehabilitation programme", 0, NULL},
    {"aftercare", "رعاية لاحقة", "Aftercare", 0, NULL},
    {"social_study", "دراسة اجتماعية (يكتبها مراقب السلوك)", "Social study (by a behaviour monitor)", 0, NULL},
    {"other", "أخرى", "Other", 0, NULL},
};

static const CodeEntry service_statuses[] = {
    {"planned", "مخطط لها", "Planned", 0, NULL},
    {"referred", "محوّلة", "Referred", 0, NULL},
    {"provided", "قُدّمت", "Provided", 0, NULL},
    {"received_elsewhere", "تلقّاها من جهة أخرى", "Already received elsewhere", 0, NULL},
    {"declined", "رفضها الشخص", "Declined by the person", 0, NULL},
    {"unavailable", "غير متوفرة", "Unavailable", 0, NULL},
};

static const CodeEntry referral_kinds[] = {
    {"referral", "إحالة", "Referral", 0, NULL},
    {"transfer", "نقل الحالة", "Transfer of the case", 0, NULL},
};

static const CodeEntry referral_urgencies[] = {
    {"routine", "اعتيادية", "Routine", 0, NULL},
    {"urgent", "عاجلة", "Urgent", 0, NULL},
    {"emergency", "طارئة", "Emergency", 0, NULL},
};

static const CodeEntry referral_statuses[] = {
    {"pending", "بانتظار الرد", "Pending", 0, NULL}, {"accepted", "مقبولة", "Accepted", 0, NULL},
    {"rejected", "مرفوضة", "Rejected", 0, NULL},     {"revoked", "مسحوبة", "Revoked", 0, NULL},
    {"completed", "مكتملة", "Completed", 0, NULL},
};

static const CodeEntry case_sections[] = {
    {"summary", "ملخص الحالة وبياناتها", "Summary and the fields of the case", 0, NULL},
    {"risk", "تقييم الخطورة", "Risk assessment", 0, NULL},
    {"persons", "الأشخاص", "Persons", 0, NULL},
    {"incidents", "الحوادث", "Incidents", 0, NULL},
    {"notes", "الملاحظات والزيارات", "Notes and visits", 0, NULL},
    {"services", "الخدمات", "Services", 0, NULL},
};

static const CodeEntry consent_methods[] = {
    {"written", "موافقة خطية", "Written", 0, NULL},
    {"verbal", "موافقة شفهية", "Verbal", 0, NULL},
    {"electronic", "موافقة إلكترونية", "Electronic", 0, NULL},
};

/* A settlement: open, then how it ended (the first is the status of one not ended yet). */
static const CodeEntry settlement_statuses[] = {
    {"open", "جارية", "In progress", 0, NULL},
    {"agreed", "تمت التسوية", "Agreed", 0, NULL},
    {"failed", "تعذّرت التسوية (أُحيلت إلى النيابة العامة)", "Failed (on to the prosecutor)", 0, NULL},
    {"withdrawn", "انسحاب من التسوية", "Withdrawn", 0, NULL},
};

static const CodeEntry detention_authorities[] = {
    {"prosecutor", "المدعي العام", "Prosecutor", 0, NULL},
    {"court", "المحكمة", "Court", 0, NULL},
};

/* A resident's legal status in a home, her whereabouts, and the age bands of a home's places (domain/homes). */
static const CodeEntry home_statuses[] = {
    {"detained", "موقوف", "Detained", 0, NULL},
    {"sentenced", "محكوم", "Sentenced", 0, NULL},
    {"protection", "حماية ورعاية", "Protection", 0, NULL},
    {"voluntary", "إيواء طوعي", "Voluntary shelter", 0, NULL},
};
static const CodeEntry placement_states[] = {
    {"present", "في الدار", "In the home", 0, NULL},
    {"leave", "في إجازة", "On home leave", 0, NULL},
    {"absent", "غائب دون إذن", "Absent without leave", 0, NULL},
    {"hospital", "في المستشفى", "In hospital", 0, NULL},
    {"court", "في المحكمة", "At court", 0, NULL},
    {"discharged", "غادر الدار", "Discharged", 0, NULL},
};
static const CodeEntry age_bands[] = {
    {"under_12", "دون ١٢ سنة", "Under 12", 0, NULL},
    {"12_15", "١٢–١٥", "12–15", 0, NULL},
    {"15_18", "١٥–١٨", "15–18", 0, NULL},
    {"18_plus", "١٨ فأكثر (لإتمام التعليم)", "18 and over (finishing school)", 0, NULL},
    {"adult", "نساء بالغات", "Adult women", 0, NULL},
};

/* Why a worker opens, in an emergency, a case she is not allowed (domain/cases/break_glass.c). */
static const CodeEntry break_glass_reasons[] = {
    {"danger_to_life", "خطر على الحياة", "Danger to life", 0, NULL},
    {"child_at_risk", "طفل في خطر الآن", "A child at risk now", 0, NULL},
    {"court_today", "جلسة محكمة اليوم", "A court hearing today", 0, NULL},
    {"after_hours", "خارج الدوام والمختص غير متاح", "After hours, the case's worker unreachable", 0, NULL},
    {"continuity_of_care", "استمرار الرعاية عند النقل أو الإيواء", "Continuity of care at a transfer or placement", 0,
     NULL},
    {"other", "سبب آخر", "Another reason", 0, NULL},
};

/* The courts whose orders open or unseal a sealed juvenile record (domain/records/): the juvenile courts of the
 * governorates' first-instance courts, the courts of appeal and the Court of Cassation. */
static const CodeEntry courts[] = {
    {"juvenile_amman", "محكمة أحداث عمان", "Amman juvenile court", 0, NULL},
    {"juvenile_irbid", "محكمة أحداث إربد", "Irbid juvenile court", 0, NULL},
    {"juvenile_zarqa", "محكمة أحداث الزرقاء", "Zarqa juvenile court", 0, NULL},
    {"juvenile_balqa", "محكمة أحداث البلقاء", "Balqa juvenile court", 0, NULL},
    {"juvenile_mafraq", "محكمة أحداث المفرق", "Mafraq juvenile court", 0, NULL},
    {"juvenile_karak", "محكمة أحداث الكرك", "Karak juvenile court", 0, NULL},
    {"juvenile_jerash", "محكمة أحداث جرش", "Jerash juvenile court", 0, NULL},
    {"juvenile_madaba", "محكمة أحداث مادبا", "Madaba juvenile court", 0, NULL},
    {"juvenile_ajloun", "محكمة أحداث عجلون", "Ajloun juvenile court", 0, NULL},
    {"juvenile_aqaba", "محكمة أحداث العقبة", "Aqaba juvenile court", 0, NULL},
    {"juvenile_tafilah", "محكمة أحداث الطفيلة", "Tafilah juvenile court", 0, NULL},
    {"juvenile_maan", "محكمة أحداث معان", "Ma'an juvenile court", 0, NULL},
    {"appeal_amman", "محكمة استئناف عمان", "Amman court of appeal", 0, NULL},
    {"appeal_irbid", "محكمة استئناف إربد", "Irbid court of appeal", 0, NULL},
    {"appeal_maan", "محكمة استئناف معان", "Ma'an court of appeal", 0, NULL},
    {"cassation", "محكمة التمييز", "Court of Cassation", 0, NULL},
};

/* Why the law keeps a record a person asked to erase (domain/records/). */
static const CodeEntry erasure_refusals[] = {
    {"open_case", "للشخص حالة مفتوحة", "The person has an open case", 0, NULL},
    {"within_retention", "حالة مغلقة ضمن مدة الحفظ", "A closed case within its retention period", 0, NULL},
    {"court_order", "أمر محكمة نافذ على السجل", "A court order in force on the record", 0, NULL},
    {"legal_obligation", "التزام قانوني آخر بالحفظ", "Another legal obligation to keep it", 0, NULL},
};

/* The court measures (model/legal.h; their rules: domain/cases/measures.c): pre-trial detention, the Juveniles Law
 * art. 24 list, the protection measures of art. 33–40, and the family-violence court's orders. */
static const CodeEntry measure_kinds[] = {
    {"detention", "توقيف مؤقت في دار تربية الأحداث", "Pre-trial detention", 0, NULL},
    {"reprimand", "اللوم والتأنيب", "Reprimand", 0, NULL},
    {"handover", "التسليم", "Handover", 0, NULL},
    {"community_service", "الخدمة للمنفعة العامة", "Community service", 0, NULL},
    {"vocational_training", "التدريب المهني", "Vocational training", 0, NULL},
    {"duties", "واجبات أو امتناع", "Duties or prohibitions", 0, NULL},
    {"rehabilitation_programme", "برنامج تأهيلي", "Rehabilitation programme", 0, NULL},
    {"judicial_supervision", "الإشراف القضائي", "Judicial supervision", 0, NULL},
    {"rehabilitation_home", "إيداع في دار تأهيل الأحداث", "Placement in a rehabilitation home", 0, NULL},
    {"parental_undertaking", "تعهد ولي الأمر", "Parental undertaking", 0, NULL},
    {"care_home", "إيداع في دار رعاية", "Placement in a care home", 0, NULL},
    {"foster_family", "الإلحاق بأسرة بديلة مناسبة", "Placement with a suitable family", 0, NULL},
    {"protection_supervision", "الإشراف", "Supervision (protection)", 0, NULL},
    {"protection_order", "أمر حماية", "Protection order", 0, NULL},
    {"settlement_ruling", "قرار المحكمة في التسوية", "Settlement ruling", 0, NULL},
};

static const CodeEntry trial_steps[] = {
    {"court_referral", "الإحالة إلى المحكمة", "Referral to court", 0, NULL},
    {"hearing", "جلسة محاكمة", "Hearing", 0, NULL},
    {"verdict", "صدور الحكم", "Verdict", 0, NULL},
};

#define LIST(array)                                                                                                    \
    {                                                                                                                  \
        array, (int)(sizeof array / sizeof array[0])                                                                   \
    }
const CodeList codes_roles = LIST(roles);
const CodeList codes_unit_types = LIST(unit_types);
const CodeList codes_agencies = LIST(agencies);
const CodeList codes_governorates = LIST(governorates);
const CodeList codes_case_kinds = LIST(case_kinds);
const CodeList codes_case_stages = LIST(case_stages);
const CodeList codes_risk_levels = LIST(risk_levels);
const CodeList codes_sensitivities = LIST(sensitivities);
const CodeList codes_case_person_roles = LIST(case_person_roles);
const CodeList codes_assignment_roles = LIST(assignment_roles);
const CodeList codes_violence_types = LIST(violence_types);
const CodeList codes_perpetrator_relationships = LIST(perpetrator_relationships);
const CodeList codes_legal_classes = LIST(legal_classes);
const CodeList codes_protection_grounds = LIST(protection_grounds);
const CodeList codes_identified_by = LIST(identified_by);
const CodeList codes_note_kinds = LIST(note_kinds);
/* the kinds of note that are contacts, which a follow-up plans: all but the first, the plain note */
const CodeList codes_followup_kinds = {note_kinds + 1, (int)(sizeof note_kinds / sizeof note_kinds[0]) - 1};
const CodeList codes_task_kinds = LIST(task_kinds);
const CodeList codes_risk_factors = LIST(risk_factors);
const CodeList codes_goal_statuses = LIST(goal_statuses);
const CodeList codes_service_types = LIST(service_types);
const CodeList codes_service_statuses = LIST(service_statuses);
const CodeList codes_referral_kinds = LIST(referral_kinds);
const CodeList codes_referral_urgencies = LIST(referral_urgencies);
const CodeList codes_referral_statuses = LIST(referral_statuses);
const CodeList codes_case_sections = LIST(case_sections);
const CodeList codes_consent_methods = LIST(consent_methods);
const CodeList codes_settlement_statuses = LIST(settlement_statuses);
/* how a settlement ends: every status but the first, open */
const CodeList codes_settlement_outcomes = {settlement_statuses + 1,
                                            (int)(sizeof settlement_statuses / sizeof settlement_statuses[0]) - 1};
const CodeList codes_detention_authorities = LIST(detention_authorities);
const CodeList codes_trial_steps = LIST(trial_steps);
const CodeList codes_measure_kinds = LIST(measure_kinds);
const CodeList codes_home_statuses = LIST(home_statuses);
const CodeList codes_break_glass_reasons = LIST(break_glass_reasons);
const CodeList codes_courts = LIST(courts);
const CodeList codes_erasure_refusals = LIST(erasure_refusals);
const CodeList codes_placement_states = LIST(placement_states);
const CodeList codes_age_bands = LIST(age_bands);

const CodeEntry *codes_find(const CodeList *list, const char *code)
{
    if (!code)
        return NULL;
    for (int i = 0; i < list->count; i++)
        if (strcmp(list->entries[i].code, code) == 0)
            return &list->entries[i];
    return NULL;
}

uint32_t codes_role_bit(const char *code)
{
    const CodeEntry *entry = codes_find(&codes_roles, code);
    return entry ? entry->bit : 0;
}

bool codes_one_of(const char *value, const char *const *list, size_t count)
{
    for (size_t i = 0; value && i < count; i++)
        if (strcmp(value, list[i]) == 0)
            return true;
    return false;
}

bool codes_listed(const char *list, const char *code)
{
    size_t len = code ? strlen(code) : 0;
    for (const char *p = list; len && p && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && strncmp(p, code, len) == 0)
            return true;
        p = end ? end + 1 : p + n;
    }
    return false;
}

bool codes_unit_receives(const char *unit_type, const char *case_kind)
{
    const CodeEntry *type = codes_find(&codes_unit_types, unit_type);
    return type && codes_listed(type->case_kinds, case_kind);
}

bool codes_valid(const CodeList *list, const char *text, Arena *arena)
{
    char *copy = arena_strdup(arena, text);
    if (!copy || !*copy)
        return false;
    for (char *save = NULL, *code = strtok_r(copy, ",", &save); code; code = strtok_r(NULL, ",", &save))
        if (!codes_find(list, code))
            return false;
    return true;
}
