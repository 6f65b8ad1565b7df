/* The case fields of each kind: the table the API reads bodies by, and their checks as a case is written. */
#include "domain/cases/cases.h"

#include <stddef.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/case_internal.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/org.h"

/* The table of case_fields, from CASE_FIELDS. */
#define CASE_FIELD_SPEC(ID, name, type, flags, max_chars, kinds, codes)                                                \
    {#name, type, flags, max_chars, kinds, codes, offsetof(Case, name)},
const CaseField case_fields[] = {CASE_FIELDS(CASE_FIELD_SPEC)};
#undef CASE_FIELD_SPEC

const int case_field_count = (int)(sizeof case_fields / sizeof case_fields[0]);

/* Where a field lives in a Case. */
static void *field_slot(Case *c, int field)
{
    return (char *)c + case_fields[field].offset;
}

#define CASE_KIND_ENTRY(ID, code, prefix, principal) {code, prefix, principal, CASE_KIND_##ID},
const CaseKind case_kinds[] = {CASE_KINDS(CASE_KIND_ENTRY)};
#undef CASE_KIND_ENTRY

unsigned case_kind_bit(const char *kind)
{
    int k = case_kind_index(kind);
    return k < 0 ? 0 : case_kinds[k].bit;
}

int case_kind_index(const char *kind)
{
    for (int i = 0; kind && i < (int)(sizeof case_kinds / sizeof case_kinds[0]); i++)
        if (strcmp(case_kinds[i].kind, kind) == 0)
            return i;
    return -1;
}

enum { CLOCK_SKEW_SECONDS = 300 };

/* Refuses (case.in_future) each field of what has happened (CF_PAST) that the body set after now: a date after today
 * in Amman, or a time after now with a few minutes' grace for the clock of the device that typed it. */
static int check_happened(Ctx *ctx, const Case *c, const CaseInput *in)
{
    int64_t now = clock_now();
    int rc = TK_OK;
    for (int f = 0; f < case_field_count; f++) {
        if (!(in->set & (1u << f)) || !in->text[f] || !(case_fields[f].flags & CF_PAST))
            continue;
        const int64_t *seconds = (const int64_t *)((const char *)c + case_fields[f].offset);
        bool future = case_fields[f].type == CF_TIME ? *seconds > now + CLOCK_SKEW_SECONDS
                                                     : clock_amman_day_start(in->text[f]) > now;
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
    bool given = (in->set & (1u << CASE_FIELD_TRANSFERRED_AT)) && in->text[CASE_FIELD_TRANSFERRED_AT];
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
                *(char **)field_slot(c, f) = text && *text ? (char *)text : NULL;
            break;
        case CF_DATE:
            if (text && !validate_is_date(text))
                FAIL("field.date", spec->name);
            else
                *(char **)field_slot(c, f) = (char *)text;
            break;
        case CF_CODE:
            if ((spec->flags & CF_REQUIRED) && !text)
                FAIL("field.required", spec->name);
            else if (text && !codes_find(spec->codes, text))
                FAIL("field.code", spec->name);
            else
                *(char **)field_slot(c, f) = (char *)text;
            break;
        case CF_CODES:
            if (text && !codes_valid(spec->codes, text, ctx->arena))
                FAIL("field.code", spec->name);
            else
                *(char **)field_slot(c, f) = (char *)text;
            break;
        case CF_TIME: {
            int64_t seconds = 0;
            if (text && !clock_parse_iso(text, &seconds)) {
                FAIL("field.time", spec->name);
                break;
            }
            if ((spec->flags & CF_REQUIRED) && !text)
                FAIL("field.required", spec->name);
            else
                *(int64_t *)field_slot(c, f) = seconds;
            break;
        }
        case CF_TRISTATE: *(int *)field_slot(c, f) = in->flag[f]; break;
        case CF_UNIT: {
            Unit unit;
            if (!in->number[f]) {
                *(int64_t *)field_slot(c, f) = 0;
            } else if (store_unit_get(ctx->db, in->number[f], ctx->arena, &unit) != TK_OK ||
                       strcmp(unit.type, "correction_centre") != 0) {
                FAIL("case.not_a_centre", spec->name);
            } else {
                *(int64_t *)field_slot(c, f) = unit.id;
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
    if (rc == TK_OK && (in->set & ((1u << CASE_FIELD_RISK_LEVEL) | (1u << CASE_FIELD_RISK_ASSESSMENT)))) {
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
