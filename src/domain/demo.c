#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "domain/codes.h"
#include "domain/org.h"

typedef struct {
    const char *code, *name_ar, *name_en, *type, *agency, *governorate, *parent_code;
} DemoUnit;

/* Names of places are real towns; every unit and person here is synthetic. */
static const DemoUnit national_units[] = {
    {"MOSD-HQ", "وزارة التنمية الاجتماعية - المركز", "Ministry of Social Development - Headquarters", "headquarters", "mosd", "amman", NULL},
    {"FJPD-HQ", "إدارة حماية الأسرة والأحداث", "Family and Juvenile Protection Department", "headquarters", "psd", "amman", NULL},
    {"CRC-DEPT", "إدارة مراكز الإصلاح والتأهيل", "Correction and Rehabilitation Centres Department", "headquarters", "psd", "amman", NULL},
    {"JOINT-COMMITTEE", "اللجنة المشتركة بين الوزارة والأمن العام", "Joint Committee of the Ministry and the PSD", "committee", "mosd", NULL, NULL},
    {"CRC-MARKA", "مركز إصلاح وتأهيل ماركا", "Marka Correction and Rehabilitation Centre", "correction_centre", "psd", "amman", "CRC-DEPT"},
    {"CRC-JUWEIDEH", "مركز إصلاح وتأهيل الجويدة", "Juweideh Correction and Rehabilitation Centre", "correction_centre", "psd", "amman", "CRC-DEPT"},
    {"CRC-MUWAQQAR", "مركز إصلاح وتأهيل الموقر", "Muwaqqar Correction and Rehabilitation Centre", "correction_centre", "psd", "amman", "CRC-DEPT"},
    {"CRC-SALT", "مركز إصلاح وتأهيل السلط", "Salt Correction and Rehabilitation Centre", "correction_centre", "psd", "balqa", "CRC-DEPT"},
    {"CRC-IRBID", "مركز إصلاح وتأهيل إربد", "Irbid Correction and Rehabilitation Centre", "correction_centre", "psd", "irbid", "CRC-DEPT"},
    {"CRC-UMLULU", "مركز إصلاح وتأهيل أم اللولو", "Umm al-Lulu Correction and Rehabilitation Centre", "correction_centre", "psd", "mafraq", "CRC-DEPT"},
    {"CRC-AQABA", "مركز إصلاح وتأهيل العقبة", "Aqaba Correction and Rehabilitation Centre", "correction_centre", "psd", "aqaba", "CRC-DEPT"},
    {"CRC-MAAN", "مركز إصلاح وتأهيل معان", "Ma'an Correction and Rehabilitation Centre", "correction_centre", "psd", "maan", "CRC-DEPT"},
    {"HOME-EDU-AMM", "دار تربية الأحداث - عمان", "Juvenile Education Home - Amman", "juvenile_education_home", "mosd", "amman", "MOSD-HQ"},
    {"HOME-EDU-IRB", "دار تربية الأحداث - إربد", "Juvenile Education Home - Irbid", "juvenile_education_home", "mosd", "irbid", "MOSD-HQ"},
    {"HOME-REH-AMM", "دار تأهيل الأحداث - عمان", "Juvenile Rehabilitation Home - Amman", "juvenile_rehabilitation_home", "mosd", "amman", "MOSD-HQ"},
    {"HOME-REH-GIRLS", "دار تربية وتأهيل الفتيات - عمان", "Girls' Education and Rehabilitation Home - Amman", "juvenile_rehabilitation_home", "mosd", "amman", "MOSD-HQ"},
    {"HOME-CARE-AMM", "دار رعاية الأحداث - عمان", "Juvenile Care Home - Amman", "juvenile_care_home", "mosd", "amman", "MOSD-HQ"},
    {"HOME-CARE-ZRQ", "دار رعاية الأحداث - الزرقاء", "Juvenile Care Home - Zarqa", "juvenile_care_home", "mosd", "zarqa", "MOSD-HQ"},
    {"SHELTER-WIFAQ-AMM", "دار الوفاق الأسري - عمان", "Family Reconciliation House - Amman", "shelter", "mosd", "amman", "MOSD-HQ"},
    {"SHELTER-WIFAQ-IRB", "دار الوفاق الأسري - إربد", "Family Reconciliation House - Irbid", "shelter", "mosd", "irbid", "MOSD-HQ"},
    {"SHELTER-AMINA", "دار آمنة", "Amina House", "shelter", "mosd", "amman", "MOSD-HQ"},
};

typedef struct {
    const char *username, *full_name, *unit_code, *roles;
} DemoUser;

static const DemoUser demo_users[] = {
    {"caseworker", "ريم عبد الله الحسن", "SSO-AMM", "caseworker"},
    {"monitor", "سامي خالد العمري", "MON-AMM", "monitor"},
    {"officer", "محمود يوسف الزعبي", "FJPD-AMM", "officer"},
    {"supervisor", "هالة محمد النسور", "SSO-AMM", "supervisor"},
    {"manager", "عمر سليمان الخطيب", "MOSD-HQ", "manager"},
    {"committee", "لينا فؤاد الحياري", "JOINT-COMMITTEE", "committee"},
    {"auditor", "باسل نادر القضاة", "MOSD-HQ", "auditor"},
    {"admin", "نور أحمد العبادي", "MOSD-HQ", "admin"},
};

static int add_unit(Ctx *ctx, const char *code, const char *name_ar, const char *name_en, const char *type,
                    const char *agency, const char *governorate, const char *parent_code)
{
    Unit unit = {.code = (char *)code, .name_ar = (char *)name_ar, .name_en = (char *)name_en,
                 .type = (char *)type, .agency = (char *)agency, .governorate = (char *)governorate};
    if (parent_code) {
        Unit parent;
        int rc = store_unit_get_by_code(ctx->db, parent_code, ctx->arena, &parent);
        if (rc != TK_OK)
            return rc;
        unit.parent_id = parent.id;
    }
    return domain_unit_create(ctx, &unit);
}

/* Each governorate has a ministry directorate, a Family and Juvenile Protection office with the ministry's
 * social service office inside it, a juvenile police office and an office of behaviour monitors. */
static int add_governorate_units(Ctx *ctx, const CodeEntry *gov)
{
    char upper[16], code[5][40], name_ar[5][160], name_en[5][160];
    size_t i = 0;
    for (; gov->code[i] && i < 3; i++)
        upper[i] = (char)(gov->code[i] - 'a' + 'A');
    upper[i] = '\0';
    if (strcmp(gov->code, "maan") == 0)
        strcpy(upper, "MAN");
    snprintf(code[0], 40, "DIR-%s", upper);
    snprintf(name_ar[0], 160, "مديرية التنمية الاجتماعية - %s", gov->name_ar);
    snprintf(name_en[0], 160, "Social Development Directorate - %s", gov->name_en);
    snprintf(code[1], 40, "FJPD-%s", upper);
    snprintf(name_ar[1], 160, "قسم حماية الأسرة والأحداث - %s", gov->name_ar);
    snprintf(name_en[1], 160, "Family and Juvenile Protection - %s", gov->name_en);
    snprintf(code[2], 40, "SSO-%s", upper);
    snprintf(name_ar[2], 160, "مكتب الخدمة الاجتماعية - حماية الأسرة %s", gov->name_ar);
    snprintf(name_en[2], 160, "Social Service Office - Family Protection %s", gov->name_en);
    snprintf(code[3], 40, "JPO-%s", upper);
    snprintf(name_ar[3], 160, "شرطة الأحداث - %s", gov->name_ar);
    snprintf(name_en[3], 160, "Juvenile Police - %s", gov->name_en);
    snprintf(code[4], 40, "MON-%s", upper);
    snprintf(name_ar[4], 160, "مراقبو السلوك - محكمة أحداث %s", gov->name_ar);
    snprintf(name_en[4], 160, "Behaviour Monitors - %s Juvenile Court", gov->name_en);
    int rc = add_unit(ctx, code[0], name_ar[0], name_en[0], "directorate", "mosd", gov->code, "MOSD-HQ");
    if (rc == TK_OK)
        rc = add_unit(ctx, code[1], name_ar[1], name_en[1], "fjpd_office", "psd", gov->code, "FJPD-HQ");
    if (rc == TK_OK)
        rc = add_unit(ctx, code[2], name_ar[2], name_en[2], "social_service_office", "mosd", gov->code, code[1]);
    if (rc == TK_OK)
        rc = add_unit(ctx, code[3], name_ar[3], name_en[3], "juvenile_police_office", "psd", gov->code, code[1]);
    if (rc == TK_OK)
        rc = add_unit(ctx, code[4], name_ar[4], name_en[4], "monitor_office", "mosd", gov->code, code[0]);
    return rc;
}

static uint32_t roles_of(const char *list)
{
    uint32_t roles = 0;
    char copy[128];
    snprintf(copy, sizeof copy, "%s", list);
    for (char *save = NULL, *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save))
        roles |= codes_role_bit(part);
    return roles;
}

int domain_demo_fill(Ctx *ctx, FILE *out)
{
    Unit *existing;
    int count = 0;
    int64_t next = 0;
    UnitFilter filter = {.limit = 1};
    int rc = store_unit_list(ctx->db, &filter, ctx->arena, &existing, &count, &next);
    if (rc != TK_OK)
        return rc;
    if (count > 0)
        return fault_set(ctx->fault, TK_ERR_EXISTS, "demo.not_empty");
    for (size_t i = 0; i < 4 && rc == TK_OK; i++) {
        const DemoUnit *u = &national_units[i];
        rc = add_unit(ctx, u->code, u->name_ar, u->name_en, u->type, u->agency, u->governorate, u->parent_code);
    }
    for (int i = 0; i < codes_governorates.count && rc == TK_OK; i++)
        rc = add_governorate_units(ctx, &codes_governorates.entries[i]);
    for (size_t i = 4; i < sizeof national_units / sizeof national_units[0] && rc == TK_OK; i++) {
        const DemoUnit *u = &national_units[i];
        rc = add_unit(ctx, u->code, u->name_ar, u->name_en, u->type, u->agency, u->governorate, u->parent_code);
    }
    if (rc != TK_OK)
        return rc;
    fprintf(out, "Demo users (synthetic; for trying Takamul only):\n");
    for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0] && rc == TK_OK; i++) {
        const DemoUser *d = &demo_users[i];
        Unit unit;
        if ((rc = store_unit_get_by_code(ctx->db, d->unit_code, ctx->arena, &unit)) != TK_OK)
            break;
        char password[64];
        snprintf(password, sizeof password, "takamul-demo-%s", d->username);
        User user = {.username = (char *)d->username, .full_name = (char *)d->full_name, .unit_id = unit.id,
                     .roles = roles_of(d->roles)};
        rc = domain_user_create(ctx, &user, password);
        if (rc == TK_OK)
            fprintf(out, "  %-11s password %-26s %s\n", d->username, password, unit.name_en);
    }
    return rc;
}
