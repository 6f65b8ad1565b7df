#include "domain/codes.h"

#include <string.h>

static const CodeEntry roles[] = {
    {"caseworker", "أخصائي اجتماعي", "Social worker", ROLE_CASEWORKER, NULL},
    {"monitor", "مراقب سلوك", "Behaviour monitor", ROLE_MONITOR, NULL},
    {"officer", "ضابط شرطة", "Police officer", ROLE_OFFICER, NULL},
    {"supervisor", "مشرف", "Supervisor", ROLE_SUPERVISOR, NULL},
    {"manager", "مدير", "Manager", ROLE_MANAGER, NULL},
    {"committee", "عضو اللجنة المشتركة", "Joint committee member", ROLE_COMMITTEE, NULL},
    {"auditor", "مدقق", "Auditor", ROLE_AUDITOR, NULL},
    {"admin", "مسؤول النظام", "Administrator", ROLE_ADMIN, NULL},
};

static const CodeEntry unit_types[] = {
    {"headquarters", "إدارة مركزية", "Headquarters", 0, NULL},
    {"directorate", "مديرية تنمية اجتماعية", "Social development directorate", 0, "mosd"},
    {"fjpd_office", "قسم حماية الأسرة والأحداث", "Family and Juvenile Protection office", 0, "psd"},
    {"social_service_office", "مكتب الخدمة الاجتماعية", "Social service office", 0, "mosd"},
    {"juvenile_police_office", "شرطة الأحداث", "Juvenile police office", 0, "psd"},
    {"monitor_office", "مكتب مراقبي السلوك", "Behaviour monitors' office", 0, "mosd"},
    {"correction_centre", "مركز إصلاح وتأهيل", "Correction and rehabilitation centre", 0, "psd"},
    {"juvenile_education_home", "دار تربية الأحداث", "Juvenile education home (pre-trial)", 0, "mosd"},
    {"juvenile_rehabilitation_home", "دار تأهيل الأحداث", "Juvenile rehabilitation home (sentenced)", 0, "mosd"},
    {"juvenile_care_home", "دار رعاية الأحداث", "Juvenile care home (protection)", 0, "mosd"},
    {"shelter", "دار إيواء", "Shelter", 0, "mosd"},
    {"committee", "اللجنة المشتركة", "Joint committee", 0, NULL},
};

static const CodeEntry agencies[] = {
    {"mosd", "وزارة التنمية الاجتماعية", "Ministry of Social Development", 0, NULL},
    {"psd", "مديرية الأمن العام", "Public Security Directorate", 0, NULL},
};

/* Must match the governorates table of migration 1. */
static const CodeEntry governorates[] = {
    {"amman", "عمان", "Amman", 0, NULL},       {"irbid", "إربد", "Irbid", 0, NULL},
    {"zarqa", "الزرقاء", "Zarqa", 0, NULL},    {"balqa", "البلقاء", "Balqa", 0, NULL},
    {"mafraq", "المفرق", "Mafraq", 0, NULL},   {"karak", "الكرك", "Karak", 0, NULL},
    {"jerash", "جرش", "Jerash", 0, NULL},      {"madaba", "مادبا", "Madaba", 0, NULL},
    {"ajloun", "عجلون", "Ajloun", 0, NULL},    {"aqaba", "العقبة", "Aqaba", 0, NULL},
    {"tafilah", "الطفيلة", "Tafilah", 0, NULL}, {"maan", "معان", "Ma'an", 0, NULL},
};

#define LIST(array) {array, (int)(sizeof array / sizeof array[0])}
const CodeList codes_roles = LIST(roles);
const CodeList codes_unit_types = LIST(unit_types);
const CodeList codes_agencies = LIST(agencies);
const CodeList codes_governorates = LIST(governorates);

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
