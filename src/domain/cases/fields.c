/* The case fields of each kind: the table the API reads bodies by, and their checks as a case is written. */
#include "domain/cases/cases.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/case_internal.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/org.h"

#define ALL 0u
#define FV CASE_KIND_FV
#define JC CASE_KIND_JC
#define JP CASE_KIND_JP
#define IN CASE_KIND_IN

/* The order here is the order of CaseInput's arrays; case_apply below reads them by the same index. */
const CaseField case_fields[] = {
    {"summary", CF_TEXT, 4000, ALL},
    {"sensitivity", CF_CODE, 0, ALL},
    {"governorate", CF_CODE, 0, ALL},
    {"reported_at", CF_TIME, 0, ALL},
    {"act_date", CF_DATE, 0, ALL},
    {"risk_level", CF_CODE, 0, ALL},
    {"risk_assessment", CF_TEXT, 4000, ALL},
    {"offence", CF_TEXT, 300, JC},
    {"legal_class", CF_CODE, 0, JC},
    {"complaint_date", CF_DATE, 0, JC},
    {"arrest_date", CF_DATE, 0, JC},
    {"settlement_eligible", CF_TRISTATE, 0, JC},
    {"protection_grounds", CF_CODES, 0, JP},
    {"centre_unit_id", CF_UNIT, 0, IN},
    {"admission_date", CF_DATE, 0, IN},
    {"sentence", CF_TEXT, 200, IN},
    {"expected_release", CF_DATE, 0, IN},
    {"transferred_at", CF_TIME, 0, IN},
    {"family_notified_at", CF_TIME, 0, IN},
    {"last_monitor_report", CF_DATE, 0, JC | JP},
};

const int case_field_count = (int)(sizeof case_fields / sizeof case_fields[0]);

/* Where each text field lives in a Case (the others are handled one by one). */
static char **text_slot(Case *c, int field)
{
    switch (field) {
    case F_SUMMARY: return &c->summary;
    case F_SENSITIVITY: return &c->sensitivity;
    case F_GOVERNORATE: return &c->governorate;
    case F_ACT_DATE: return &c->act_date;
    case F_RISK_LEVEL: return &c->risk_level;
    case F_RISK_ASSESSMENT: return &c->risk_assessment;
    case F_OFFENCE: return &c->offence;
    case F_LEGAL_CLASS: return &c->legal_class;
    case F_COMPLAINT_DATE: return &c->complaint_date;
    case F_ARREST_DATE: return &c->arrest_date;
    case F_PROTECTION_GROUNDS: return &c->protection_grounds;
    case F_ADMISSION_DATE: return &c->admission_date;
    case F_SENTENCE: return &c->sentence;
    case F_EXPECTED_RELEASE: return &c->expected_release;
    case F_LAST_MONITOR_REPORT: return &c->last_monitor_report;
    default: return NULL;
    }
}

static const CodeList *field_codes(int field)
{
    switch (field) {
    case F_SENSITIVITY: return &codes_sensitivities;
    case F_GOVERNORATE: return &codes_governorates;
    case F_RISK_LEVEL: return &codes_risk_levels;
    case F_LEGAL_CLASS: return &codes_legal_classes;
    case F_PROTECTION_GROUNDS: return &codes_protection_grounds;
    default: return NULL;
    }
}

const CaseKind case_kinds[] = {
    {"family_violence", "FV", "victim", FV},
    {"juvenile_conflict", "JC", "juvenile", JC},
    {"juvenile_protection", "JP", "juvenile", JP},
    {"inmate_family", "IN", "inmate", IN},
};

int case_kind_index(const char *kind)
{
    for (int i = 0; kind && i < (int)(sizeof case_kinds / sizeof case_kinds[0]); i++)
        if (strcmp(case_kinds[i].kind, kind) == 0)
            return i;
    return -1;
}

enum { CLOCK_SKEW_SECONDS = 300 };

/* The fields that record what has happened: a date after today in Amman, or a time after now (with a few minutes'
 * grace for the clock of the device that typed it), is refused. */
static bool field_happened(int field)
{
    switch (field) {
    case F_REPORTED_AT: case F_ACT_DATE: case F_COMPLAINT_DATE: case F_ARREST_DATE: case F_ADMISSION_DATE:
    case F_TRANSFERRED_AT: case F_FAMILY_NOTIFIED_AT: case F_LAST_MONITOR_REPORT:
        return true;
    default:
        return false;
    }
}

static int64_t time_value(const Case *c, int field)
{
    return field == F_REPORTED_AT ? c->reported_at : field == F_TRANSFERRED_AT ? c->transferred_at
                                                                               : c->family_notified_at;
}

/* Refuses (case.in_future) each field of what has happened that the body set after now. */
static int check_happened(Ctx *ctx, const Case *c, const CaseInput *in)
{
    int64_t now = clock_now();
    int rc = TK_OK;
    for (int f = 0; f < case_field_count; f++) {
        if (!(in->set & (1u << f)) || !in->text[f] || !field_happened(f))
            continue;
        bool future = case_fields[f].type == CF_TIME ? time_value(c, f) > now + CLOCK_SKEW_SECONDS
                                                      : amman_day_start(in->text[f]) > now;
        if (future)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "case.in_future", case_fields[f].name);
    }
    return rc;
}

/* An inmate moved from one centre to another is transferred: at the moment of the change unless the body says
 * when, and the family's notice is due from then. */
static void centre_transfer(Case *c, const CaseInput *in, int64_t old_centre)
{
    bool moved = old_centre && c->centre_unit_id && c->centre_unit_id != old_centre;
    bool given = (in->set & (1u << F_TRANSFERRED_AT)) && in->text[F_TRANSFERRED_AT];
    if (moved && !given)
        c->transferred_at = clock_now();
}

/* Applies the given fields to a case, checking each; every fault is recorded. risk_level and risk_assessment
 * record who assessed, and when. */
int case_apply(Ctx *ctx, Case *c, const CaseInput *in)
{
    int kind = case_kind_index(c->kind);
    int rc = TK_OK;
    int64_t old_centre = c->centre_unit_id;
#define FAIL(code, field) (rc = fault_field(ctx->fault, TK_ERR_INVALID, code, field))
    for (int f = 0; f < case_field_count; f++) {
        if (!(in->set & (1u << f)))
            continue;
        const CaseField *spec = &case_fields[f];
        if (spec->kinds && kind >= 0 && !(spec->kinds & case_kinds[kind].bit)) {
            FAIL("case.field_not_for_kind", spec->name);
            continue;
        }
        const char *text = in->text[f];
        switch (spec->type) {
        case CF_TEXT:
            if (validate_text(ctx, text, (size_t)spec->max_chars, true, spec->name) != TK_OK)
                rc = TK_ERR_INVALID;
            else
                *text_slot(c, f) = text && *text ? (char *)text : NULL;
            break;
        case CF_DATE:
            if (text && !validate_is_date(text))
                FAIL("field.date", spec->name);
            else
                *text_slot(c, f) = (char *)text;
            break;
        case CF_CODE:
            if (f == F_SENSITIVITY && !text)
                FAIL("field.required", spec->name);
            else if (text && !codes_find(field_codes(f), text))
                FAIL("field.code", spec->name);
            else
                *text_slot(c, f) = (char *)text;
            break;
        case CF_CODES:
            if (text && !codes_valid(field_codes(f), text, ctx->arena))
                FAIL("field.code", spec->name);
            else
                *text_slot(c, f) = (char *)text;
            break;
        case CF_TIME: {
            int64_t seconds = 0;
            if (text && !clock_parse_iso(text, &seconds)) {
                FAIL("field.time", spec->name);
                break;
            }
            if (f == F_REPORTED_AT) {
                if (!text)
                    FAIL("field.required", spec->name);
                else
                    c->reported_at = seconds;
            } else if (f == F_TRANSFERRED_AT) {
                c->transferred_at = seconds;
            } else {
                c->family_notified_at = seconds;
            }
            break;
        }
        case CF_TRISTATE:
            c->settlement_eligible = in->flag[f];
            break;
        case CF_UNIT: {
            Unit unit;
            if (!in->number[f]) {
                c->centre_unit_id = 0;
            } else if (store_unit_get(ctx->db, in->number[f], ctx->arena, &unit) != TK_OK ||
                       strcmp(unit.type, "correction_centre") != 0) {
                FAIL("case.not_a_centre", spec->name);
            } else {
                c->centre_unit_id = unit.id;
            }
            break;
        }
        }
    }
#undef FAIL
    int64_t now = clock_now();
    if (rc == TK_OK)
        rc = check_happened(ctx, c, in);
    if (rc == TK_OK)
        centre_transfer(c, in, old_centre);
    if (rc == TK_OK && (in->set & ((1u << F_RISK_LEVEL) | (1u << F_RISK_ASSESSMENT)))) {
        if (c->risk_level && !c->risk_assessment)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "case.risk_needs_assessment", "risk_assessment");
        c->risk_assessed_by = c->risk_level ? access_acting_user(ctx) : 0;
        c->risk_assessed_at = c->risk_level ? now : 0;
    }
    return rc;
}

/* Names the fields a change set, for the history. */
char *case_changed_fields(Ctx *ctx, const CaseInput *input)
{
    char *text = "";
    for (int f = 0; f < case_field_count; f++)
        if (input->set & (1u << f))
            text = arena_printf(ctx->arena, "%s%s%s", text, *text ? ", " : "", case_fields[f].name);
    return text;
}
