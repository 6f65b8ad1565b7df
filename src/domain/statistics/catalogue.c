/* The catalogue of indicators, defined once: the API's list, the dashboard and docs/statistics.md follow it. */
#include <stddef.h>
#include <string.h>

#include "domain/statistics/statistics.h"

#define D(dim) (1u << (STAT_DIM_##dim))
#define CASE_DIMS (D(KIND) | D(GOVERNORATE) | D(UNIT) | D(MONTH) | D(SEX) | D(AGE_BAND) | D(VIOLENCE_TYPE))

static const StatIndicator indicators[] = {
    {"cases_new", "الحالات الجديدة", "New cases", CASE_DIMS, D(MONTH), true, NULL},
    {"cases_open", "الحالات المفتوحة", "Open cases", CASE_DIMS & ~D(MONTH), D(KIND), true, NULL},
    {"cases_closed", "الحالات المغلقة", "Closed cases", CASE_DIMS, D(MONTH), true, NULL},
    {"cases_per_worker", "الحالات لكل أخصائي", "Cases per worker", D(BUCKET) | D(UNIT) | D(GOVERNORATE), D(BUCKET),
     true, NULL},
    {"days_open_to_close", "الأيام من فتح الحالة إلى إغلاقها", "Days from opening to closing",
     D(BUCKET) | D(KIND) | D(GOVERNORATE) | D(UNIT) | D(MONTH), D(BUCKET), true, NULL},
    {"days_incident_to_report", "الأيام من الواقعة إلى التبليغ", "Days from incident to report",
     D(BUCKET) | D(KIND) | D(GOVERNORATE) | D(UNIT) | D(MONTH), D(BUCKET), true, NULL},
    {"deadlines", "المدد القانونية والخدمية: الملتزم بها والمتجاوزة", "Legal and service deadlines met and missed",
     D(DEADLINE) | D(OUTCOME) | D(UNIT) | D(MONTH) | D(KIND) | D(GOVERNORATE), D(DEADLINE) | D(OUTCOME), true, NULL},
    {"referrals", "الإحالات", "Referrals", D(STATUS) | D(UNIT) | D(TO_UNIT) | D(KIND) | D(MONTH), D(STATUS), true,
     NULL},
    {"services", "الخدمات", "Services", D(STATUS) | D(SERVICE_TYPE) | D(UNIT) | D(KIND) | D(MONTH), D(STATUS), true,
     NULL},
    {"studies", "الدراسات الاجتماعية", "Social studies", D(STATUS) | D(UNIT) | D(KIND) | D(MONTH), D(STATUS), true,
     NULL},
    {"homes_occupancy", "إشغال الدور مقابل سعتها", "Homes: residents against places",
     D(UNIT) | D(GOVERNORATE) | D(SEX) | D(AGE_BAND), D(SEX) | D(AGE_BAND), true, NULL},
    {"homes_moves", "الإيداع في الدور والخروج منها", "Homes: admissions and discharges",
     D(STATUS) | D(UNIT) | D(GOVERNORATE) | D(SEX) | D(AGE_BAND) | D(MONTH), D(STATUS), true, NULL},
    {"homes_overstays", "المقيمون في الدور بعد انتهاء قرار إيداعهم", "Homes: residents past their placing order",
     D(UNIT) | D(GOVERNORATE) | D(SEX) | D(AGE_BAND), D(UNIT), true, NULL},
    {"programme_completion", "إتمام البرامج التأهيلية", "Programme completion", D(STATUS) | D(UNIT) | D(MONTH),
     D(STATUS), true, NULL},
    /* the next capabilities add theirs here (and their rows in store/stat_*.c) */
    {"recommendations", "توصيات اللجنة المشتركة", "Joint committee recommendations", D(STATUS) | D(UNIT) | D(MONTH),
     D(STATUS), true, NULL},
    {"recommendations_on_time", "توصيات اللجنة المنفذة في موعدها",
     "Joint committee recommendations implemented on time", D(OUTCOME) | D(AGENCY) | D(MONTH), D(MONTH) | D(OUTCOME),
     true, NULL},
};

static const char *const dim_names[STAT_DIM_COUNT] = {
    [STAT_DIM_KIND] = "kind",
    [STAT_DIM_GOVERNORATE] = "governorate",
    [STAT_DIM_UNIT] = "unit",
    [STAT_DIM_MONTH] = "month",
    [STAT_DIM_SEX] = "sex",
    [STAT_DIM_AGE_BAND] = "age_band",
    [STAT_DIM_VIOLENCE_TYPE] = "violence_type",
    [STAT_DIM_BUCKET] = "bucket",
    [STAT_DIM_DEADLINE] = "deadline",
    [STAT_DIM_OUTCOME] = "outcome",
    [STAT_DIM_STATUS] = "status",
    [STAT_DIM_TO_UNIT] = "to_unit",
    [STAT_DIM_SERVICE_TYPE] = "service_type",
    [STAT_DIM_AGENCY] = "agency",
};

/* Primero's bands (domain.md §7). */
static const char *const open_close_bands[] = {"0_30", "31_90", "91_180", "181_plus", NULL};
static const char *const incident_report_bands[] = {"0_3", "4_5", "6_14", "15_30", "31_90", "91_plus", NULL};
static const char *const workload_bands[] = {"0_9", "10_19", "20_29", "30_plus", NULL};
static const char *const age_bands[] = {"under_12", "12_14", "15_17", "18_29", "30_49", "50_plus", "unknown", NULL};
static const char *const outcomes[] = {"met", "missed", NULL};
static const char *const deadlines[] = {"assignment",    "first_response", "settlement", "detention_renewal",
                                        "family_notice", "monitor_report", NULL};
static const char *const referral_statuses[] = {"pending", "stale",     "accepted", "rejected",
                                                "revoked", "completed", NULL};
static const char *const service_statuses[] = {"planned",  "referred",    "provided", "received_elsewhere",
                                               "declined", "unavailable", NULL};
static const char *const study_statuses[] = {"draft", "submitted", "returned", "approved", NULL};
static const char *const recommendation_statuses[] = {"implemented",     "in_progress",    "past_due",
                                                      "not_implemented", "not_applicable", NULL};
static const char *const home_moves[] = {"admitted", "discharged", NULL};
static const char *const enrolment_statuses[] = {"waiting",     "enrolled", "completed", "dropped",
                                                 "transferred", "released", NULL};

const StatIndicator *stat_indicators(int *count)
{
    *count = (int)(sizeof indicators / sizeof indicators[0]);
    return indicators;
}

const StatIndicator *stat_indicator_find(const char *id)
{
    for (size_t i = 0; id && i < sizeof indicators / sizeof indicators[0]; i++)
        if (strcmp(indicators[i].id, id) == 0)
            return &indicators[i];
    return NULL;
}

const char *stat_dim_name(int dim)
{
    return dim >= 0 && dim < STAT_DIM_COUNT ? dim_names[dim] : NULL;
}

int stat_dim_parse(const char *name, size_t len)
{
    for (int i = 0; i < STAT_DIM_COUNT; i++)
        if (strlen(dim_names[i]) == len && strncmp(dim_names[i], name, len) == 0)
            return i;
    return -1;
}

/* The order of the statuses of each indicator that has them. */
static const struct {
    const char *id;
    const char *const *order;
} status_orders[] = {
    {"referrals", referral_statuses},
    {"services", service_statuses},
    {"studies", study_statuses},
    {"programme_completion", enrolment_statuses},
    {"recommendations", recommendation_statuses},
    {"homes_moves", home_moves},
};

const char *const *stat_dim_order(const StatIndicator *indicator, int dim)
{
    switch (dim) {
    case STAT_DIM_BUCKET:
        if (strcmp(indicator->id, "days_open_to_close") == 0)
            return open_close_bands;
        if (strcmp(indicator->id, "days_incident_to_report") == 0)
            return incident_report_bands;
        return workload_bands;
    case STAT_DIM_AGE_BAND: return strncmp(indicator->id, "homes_", 6) == 0 ? NULL : age_bands;
    case STAT_DIM_OUTCOME: return outcomes;
    case STAT_DIM_DEADLINE: return deadlines;
    case STAT_DIM_STATUS:
        for (size_t i = 0; i < sizeof status_orders / sizeof status_orders[0]; i++)
            if (strcmp(indicator->id, status_orders[i].id) == 0)
                return status_orders[i].order;
        return NULL;
    default: return NULL;
    }
}

const char *stat_band_open_close(int64_t days)
{
    return days <= 30 ? "0_30" : days <= 90 ? "31_90" : days <= 180 ? "91_180" : "181_plus";
}

const char *stat_band_incident_report(int64_t days)
{
    return days <= 3    ? "0_3"
           : days <= 5  ? "4_5"
           : days <= 14 ? "6_14"
           : days <= 30 ? "15_30"
           : days <= 90 ? "31_90"
                        : "91_plus";
}

const char *stat_band_workload(int64_t cases)
{
    return cases <= 9 ? "0_9" : cases <= 19 ? "10_19" : cases <= 29 ? "20_29" : "30_plus";
}

const char *stat_age_band(int age)
{
    return age < 0    ? "unknown"
           : age < 12 ? "under_12"
           : age < 15 ? "12_14"
           : age < 18 ? "15_17"
           : age < 30 ? "18_29"
           : age < 50 ? "30_49"
                      : "50_plus";
}

/* The names of the keys the catalogue defines itself (the bands, outcomes, deadlines); the others are code lists. */
static const struct {
    const char *key, *name_ar, *name_en;
} own_labels[] = {
    {"0_30", "٣٠ يوماً أو أقل", "30 days or less"},
    {"31_90", "٣١–٩٠ يوماً", "31–90 days"},
    {"91_180", "٩١–١٨٠ يوماً", "91–180 days"},
    {"181_plus", "١٨١ يوماً فأكثر", "181 days or more"},
    {"0_3", "٠–٣ أيام", "0–3 days"},
    {"4_5", "٤–٥ أيام", "4–5 days"},
    {"6_14", "٦–١٤ يوماً", "6–14 days"},
    {"15_30", "١٥–٣٠ يوماً", "15–30 days"},
    {"91_plus", "٩١ يوماً فأكثر", "91 days or more"},
    {"0_9", "٠–٩ حالات", "0–9 cases"},
    {"10_19", "١٠–١٩ حالة", "10–19 cases"},
    {"20_29", "٢٠–٢٩ حالة", "20–29 cases"},
    {"30_plus", "٣٠ حالة فأكثر", "30 cases or more"},
    {"under_12", "دون ١٢ سنة", "Under 12"},
    {"12_14", "١٢–١٤ سنة", "12–14"},
    {"15_17", "١٥–١٧ سنة", "15–17"},
    {"18_29", "١٨–٢٩ سنة", "18–29"},
    {"30_49", "٣٠–٤٩ سنة", "30–49"},
    {"50_plus", "٥٠ سنة فأكثر", "50 and over"},
    {"12_15", "١٢–١٥ سنة", "12–15"},
    {"15_18", "١٥–١٨ سنة", "15–18"},
    {"18_plus", "١٨ سنة فأكثر", "18 and over"},
    {"adult", "بالغات", "Adults"},
    {"female", "إناث", "Female"},
    {"male", "ذكور", "Male"},
    {"met", "ضمن المدة", "Met"},
    {"missed", "متجاوزة", "Missed"},
    {"assignment", "تعيين الحالة خلال ٣ ساعات (ساعة للخطورة المرتفعة)", "Assignment within 3 h (1 h high risk)"},
    {"first_response", "الاستجابة الأولى للعنف الأسري خلال ٢٤ ساعة", "First response to family violence in 24 h"},
    {"settlement", "التسوية خلال ١٤ يوماً وتمديدها", "Settlement within 14 days and its extension"},
    {"detention_renewal", "تجديد التوقيف في موعده", "Detention renewed on time"},
    {"family_notice", "إبلاغ الأسرة خلال ٤٨ ساعة", "Family notified within 48 h"},
    {"monitor_report", "تقرير مراقب السلوك في موعده (كل ٣ أشهر)", "Monitor's report on time (every 3 months)"},
    {"stale", "معلّقة دون تغيير", "Stale"},
    {"draft", "مسودة", "Draft"},
    {"submitted", "مقدمة للمراجعة", "Submitted"},
    {"returned", "معادة للتعديل", "Returned"},
    {"approved", "معتمدة", "Approved"},
    {"waiting", "على قائمة الانتظار", "On the waiting list"},
    {"admitted", "أودعوا", "Admitted"},
    {"discharged", "خرجوا", "Discharged"},
    {"implemented", "نُفذت", "Implemented"},
    {"in_progress", "قيد التنفيذ ولم يحن موعدها", "In progress, not yet due"},
    {"past_due", "قيد التنفيذ وتجاوزت موعدها", "In progress, past due"},
    {"not_implemented", "لن تُنفذ", "Will not be implemented"},
    {"not_applicable", "لم تعد قائمة", "No longer applicable"},
    {"enrolled", "ملتحق", "Enrolled"},
    {"dropped", "انسحب", "Dropped out"},
    {"transferred", "نُقل إلى مركز آخر", "Transferred"},
    {"released", "أُفرج عنه قبل النهاية", "Released before the end"},
    {"unknown", "غير معروف", "Unknown"},
    {"all", "الكل", "All"},
};

bool stat_own_label(const char *key, const char **name_ar, const char **name_en)
{
    for (size_t i = 0; key && i < sizeof own_labels / sizeof own_labels[0]; i++)
        if (strcmp(own_labels[i].key, key) == 0) {
            *name_ar = own_labels[i].name_ar;
            *name_en = own_labels[i].name_en;
            return true;
        }
    return false;
}
