#include "domain/cases/cases.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "domain/persons/person_search.h"
#include "store/case_plans.h"
#include "store/legal_records.h"
#include "store/org.h"
#include "store/referrals.h"

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

enum {
    F_SUMMARY, F_SENSITIVITY, F_GOVERNORATE, F_REPORTED_AT, F_ACT_DATE, F_RISK_LEVEL, F_RISK_ASSESSMENT, F_OFFENCE,
    F_LEGAL_CLASS, F_COMPLAINT_DATE, F_ARREST_DATE, F_SETTLEMENT_ELIGIBLE, F_PROTECTION_GROUNDS, F_CENTRE_UNIT,
    F_ADMISSION_DATE, F_SENTENCE, F_EXPECTED_RELEASE, F_TRANSFERRED_AT, F_FAMILY_NOTIFIED_AT, F_LAST_MONITOR_REPORT,
};

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

static const struct {
    const char *kind, *prefix, *principal;
    unsigned bit;
} kinds[] = {
    {"family_violence", "FV", "victim", FV},
    {"juvenile_conflict", "JC", "juvenile", JC},
    {"juvenile_protection", "JP", "juvenile", JP},
    {"inmate_family", "IN", "inmate", IN},
};

static int kind_index(const char *kind)
{
    for (int i = 0; kind && i < (int)(sizeof kinds / sizeof kinds[0]); i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return i;
    return -1;
}

static const char *const stage_order[] = {"registration", "assessment", "case_plan", "implementation", "follow_up"};

static const char *next_stage(const char *stage)
{
    for (int i = 0; i + 1 < (int)(sizeof stage_order / sizeof stage_order[0]); i++)
        if (strcmp(stage_order[i], stage) == 0)
            return stage_order[i + 1];
    return NULL;
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
static int case_apply(Ctx *ctx, Case *c, const CaseInput *in)
{
    int kind = kind_index(c->kind);
    int rc = TK_OK;
    int64_t old_centre = c->centre_unit_id;
#define FAIL(code, field) (rc = fault_field(ctx->fault, TK_ERR_INVALID, code, field))
    for (int f = 0; f < case_field_count; f++) {
        if (!(in->set & (1u << f)))
            continue;
        const CaseField *spec = &case_fields[f];
        if (spec->kinds && kind >= 0 && !(spec->kinds & kinds[kind].bit)) {
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

/* Who the user is to a case. */
static int case_rights(Ctx *ctx, const Case *c, const CaseAssignment *assignments, int count, bool *visible,
                       CaseRights *rights)
{
    memset(rights, 0, sizeof *rights);
    *visible = false;
    if (!ctx->user || !ctx->unit)
        return TK_OK;
    bool assigned = false;
    for (int i = 0; i < count; i++)
        assigned = assigned || assignments[i].user_id == ctx->user->id;
    bool own_unit = c->unit_id == ctx->unit->id;
    bool supervisor = own_unit && access_has_role(ctx, ROLE_SUPERVISOR);
    bool worker = access_has_role(ctx, ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR);
    bool restricted = strcmp(c->sensitivity, "restricted") == 0;
    bool manager = false;
    if (!restricted && !own_unit && !assigned && access_has_role(ctx, ROLE_MANAGER)) {
        Unit unit;
        int rc = store_unit_get(ctx->db, c->unit_id, ctx->arena, &unit);
        if (rc != TK_OK)
            return rc;
        manager = strcmp(unit.agency, ctx->unit->agency) == 0;
    }
    *visible = assigned || supervisor || (!restricted && ((own_unit && worker) || manager ||
                                                          (own_unit && access_has_role(ctx, ROLE_MANAGER))));
    rights->write = *visible && (assigned || (own_unit && worker && (!restricted || supervisor)));
    rights->supervise = supervisor;
    rights->sees_reporter = assigned || supervisor;
    rights->shared = CASE_SECTIONS_ALL;
    if (!*visible && worker) {
        /* a unit a referral was sent to sees what it shares while it is pending or accepted */
        char *sections = NULL;
        int rc = store_referral_shared(ctx->db, c->id, ctx->unit->id, ctx->arena, &sections, &rights->referral_id);
        if (rc != TK_OK)
            return rc;
        if (sections) {
            *visible = true;
            rights->referred = true;
            rights->shared = case_sections_parse(sections);
        }
    }
    return TK_OK;
}

unsigned case_sections_parse(const char *codes)
{
    static const struct { const char *code; unsigned bit; } sections[] = {
        {"summary", CASE_SECTION_SUMMARY}, {"risk", CASE_SECTION_RISK},   {"persons", CASE_SECTION_PERSONS},
        {"incidents", CASE_SECTION_INCIDENTS}, {"notes", CASE_SECTION_NOTES}, {"services", CASE_SECTION_SERVICES},
    };
    unsigned bits = 0;
    for (const char *p = codes; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
            if (strlen(sections[i].code) == len && strncmp(sections[i].code, p, len) == 0)
                bits |= sections[i].bit;
        p = end ? end + 1 : p + len;
    }
    return bits;
}

CaseViewer domain_case_viewer(const Ctx *ctx)
{
    return (CaseViewer){.user_id = ctx->user ? ctx->user->id : 0, .unit_id = ctx->unit ? ctx->unit->id : 0,
                        .agency = ctx->unit ? ctx->unit->agency : NULL,
                        .supervisor = access_has_role(ctx, ROLE_SUPERVISOR),
                        .manager = access_has_role(ctx, ROLE_MANAGER)};
}

/* Reads a case with its assignments and decides the rights; a case the user may not see is not found (and the
 * refusal audited). */
static int load(Ctx *ctx, int64_t id, CaseView *view)
{
    memset(view, 0, sizeof *view);
    int rc = store_case_get(ctx->db, id, ctx->arena, &view->c);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc == TK_OK)
        rc = store_case_assignments(ctx->db, id, ctx->arena, &view->assignments, &view->assignment_count);
    bool visible = false;
    if (rc == TK_OK)
        rc = case_rights(ctx, &view->c, view->assignments, view->assignment_count, &visible, &view->rights);
    if (rc == TK_OK && !visible) {
        domain_audit_read_outcome(ctx, "case.read", "case", id, "denied", NULL);
        return fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
    }
    view->unit_name_ar = view->c.unit_name_ar;
    view->unit_name_en = view->c.unit_name_en;
    return rc;
}

/* The case's open deadlines, written again after a change. */
static int refresh_tasks(Ctx *ctx, const CaseView *view)
{
    bool worker = case_worker_assigned(&view->c, view->assignments, view->assignment_count);
    Timeframes t = timeframes_current();
    LegalClocks legal;
    int rc = store_legal_clocks(ctx->db, view->c.id, ctx->arena, &legal);
    if (rc != TK_OK)
        return rc;
    CaseTask tasks[MAX_DEADLINES];
    int count = case_deadlines(&view->c, worker, &t, &legal, tasks);
    return store_case_tasks_replace(ctx->db, view->c.id, tasks, count);
}

/* A change: its history row and its audit row, in the caller's transaction. */
static int record(Ctx *ctx, int64_t id, const char *action, const char *detail)
{
    int rc = store_case_event_add(ctx->db, id, access_acting_user(ctx), action, detail);
    return rc == TK_OK ? domain_audit_change(ctx, action, "case", id, "ok", NULL) : rc;
}

int domain_case_monitor_reported(Ctx *ctx, CaseView *view, const char *date)
{
    Case *c = &view->c;
    bool juvenile = strcmp(c->kind, "juvenile_conflict") == 0 || strcmp(c->kind, "juvenile_protection") == 0;
    if (!juvenile || strcmp(c->stage, "closed") == 0 ||
        (c->last_monitor_report && strcmp(c->last_monitor_report, date) >= 0))
        return TK_OK;
    c->last_monitor_report = arena_strdup(ctx->arena, date);
    int rc = store_case_update(ctx->db, c, access_acting_user(ctx));
    if (rc == TK_OK)
        rc = record(ctx, c->id, "case.update", "last_monitor_report");
    return rc == TK_OK ? refresh_tasks(ctx, view) : rc;
}

static int require_cases(Ctx *ctx)
{
    return access_require(ctx, CAP_CASES);
}

/* A child under 12 at the time of the act cannot be in conflict with the law (the protection kind is the one);
 * a person of 18 or more is not a juvenile. */
static int check_juvenile(Ctx *ctx, const Case *c, const Person *person, const char *role)
{
    if (strcmp(role, "juvenile") != 0 || (strcmp(c->kind, "juvenile_conflict") != 0 &&
                                          strcmp(c->kind, "juvenile_protection") != 0))
        return TK_OK;
    char today[21];
    clock_format_iso(c->reported_at, today);
    today[10] = '\0';
    int age = age_on(person->birth_date, person->birth_year, c->act_date ? c->act_date : today);
    if (age < 0)
        return TK_OK;
    if (strcmp(c->kind, "juvenile_conflict") == 0 && age < 12)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.juvenile_under_12", "person_id");
    if (age >= 18)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.not_a_juvenile", "person_id");
    return TK_OK;
}

/* Checks the case's juveniles again (after its act date changed); the fault names act_date. */
static int recheck_juveniles(Ctx *ctx, const Case *c)
{
    CasePerson *items;
    int count = 0;
    int rc = store_case_persons(ctx->db, c->id, ctx->arena, &items, &count);
    for (int i = 0; i < count && rc == TK_OK; i++) {
        Fault quiet = {0};
        Fault *kept = ctx->fault;
        ctx->fault = &quiet;
        rc = check_juvenile(ctx, c, &items[i].person, items[i].role);
        ctx->fault = kept;
        if (rc != TK_OK)
            return fault_field(ctx->fault, rc, quiet.code, "act_date");
    }
    return rc;
}

/* The bands of the Juveniles Law by age at the act: under 12 (not prosecuted), مراهق 12 to 15, فتى 15 to 18. */
static const char *juvenile_band(int age)
{
    return age < 0 ? NULL : age < 12 ? "child" : age < 15 ? "adolescent" : age < 18 ? "youth" : "adult";
}

/* The age at the act and the band of each juvenile of a juvenile case. */
static void fill_bands(const Case *c, CasePerson *items, int count)
{
    bool juvenile_case = strcmp(c->kind, "juvenile_conflict") == 0 || strcmp(c->kind, "juvenile_protection") == 0;
    char reported[21];
    clock_format_iso(c->reported_at + 3 * 3600, reported);
    reported[10] = '\0';
    for (int i = 0; i < count; i++) {
        items[i].age_at_act = -1;
        items[i].band = NULL;
        if (!juvenile_case || strcmp(items[i].role, "juvenile") != 0 || !items[i].person_id)
            continue;
        items[i].age_at_act = age_on(items[i].person.birth_date, items[i].person.birth_year,
                                     c->act_date ? c->act_date : reported);
        items[i].band = juvenile_band(items[i].age_at_act);
    }
}

static int add_person(Ctx *ctx, const Case *c, int64_t person_id, const char *role)
{
    if (!codes_find(&codes_case_person_roles, role))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "role");
    Person person;
    int rc = store_person_get(ctx->db, person_id, ctx->arena, &person);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "person_id");
    if (rc == TK_OK && strcmp(person.status, "active") != 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "person.merged", "person_id");
    if (rc == TK_OK)
        rc = check_juvenile(ctx, c, &person, role);
    if (rc == TK_OK && (rc = store_case_person_add(ctx->db, c->id, person_id, role, access_acting_user(ctx), NULL)) ==
                           TK_ERR_EXISTS)
        fault_field(ctx->fault, rc, "conflict.exists", "person_id");
    if (rc == TK_OK) {
        /* the history is read by everyone who sees the case: a reporter is named there by role only */
        char detail[64];
        snprintf(detail, sizeof detail, "%s %lld", role, (long long)person_id);
        rc = record(ctx, c->id, "case.person.add",
                    strcmp(role, "reporter") == 0 ? "reporter" : arena_strdup(ctx->arena, detail));
    }
    return rc;
}

/* The role in which the user works a case of their own unit (caseworker, monitor or officer), NULL for none. */
static const char *own_assignment_role(const Ctx *ctx)
{
    return access_has_role(ctx, ROLE_CASEWORKER) ? "caseworker"
           : access_has_role(ctx, ROLE_MONITOR)  ? "monitor"
           : access_has_role(ctx, ROLE_OFFICER)  ? "officer"
                                                 : NULL;
}

/* The user takes the case in role, inside the caller's transaction: audited in the history as one's own. */
static int assign_self(Ctx *ctx, CaseView *view, const char *role)
{
    int rc = store_case_assign(ctx->db, view->c.id, ctx->user->id, role, ctx->user->id);
    if (rc == TK_OK)
        rc = record(ctx, view->c.id, "case.assign.self", arena_printf(ctx->arena, "%s %s", role, ctx->user->full_name));
    if (rc == TK_OK)
        rc = store_case_assignments(ctx->db, view->c.id, ctx->arena, &view->assignments, &view->assignment_count);
    return rc;
}

int domain_case_create(Ctx *ctx, const char *kind, const CaseInput *input, const CasePersonInput *persons,
                       int person_count, bool assign_author, CaseView *out)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    if (!access_has_role(ctx, ROLE_CASEWORKER | ROLE_MONITOR | ROLE_OFFICER | ROLE_SUPERVISOR) || !ctx->unit)
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    int k = kind_index(kind);
    if (!kind)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "kind");
    if (k < 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "kind");
    memset(out, 0, sizeof *out);
    Case *c = &out->c;
    c->kind = (char *)kinds[k].kind;
    c->unit_id = ctx->unit->id;
    c->governorate = ctx->unit->governorate;
    c->stage = "registration";
    c->sensitivity = "normal";
    c->settlement_eligible = -1;
    c->reported_at = clock_now();
    if ((rc = case_apply(ctx, c, input)) != TK_OK)
        return rc;
    /* restricting a case is the supervisor's decision */
    if (strcmp(c->sensitivity, "restricted") == 0 && !access_has_role(ctx, ROLE_SUPERVISOR))
        return fault_field(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only", "sensitivity");
    const char *author_role = assign_author ? own_assignment_role(ctx) : NULL;
    if (assign_author && !author_role)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.worker_role", "assign_me");
    char year_text[21];
    clock_format_iso(clock_now() + 3 * 3600, year_text);
    int year = atoi(year_text);
    DOMAIN_TRANSACTION(ctx, rc, {
        int64_t serial = 0;
        rc = store_case_next_serial(ctx->db, kinds[k].kind, year, &serial);
        if (rc == TK_OK) {
            c->reference = arena_printf(ctx->arena, "%s-%04d-%06lld", kinds[k].prefix, year, (long long)serial);
            rc = c->reference ? store_case_insert(ctx->db, c, access_acting_user(ctx)) : TK_ERR_NOMEM;
        }
        if (rc == TK_OK)
            rc = record(ctx, c->id, "case.create", c->reference);
        for (int i = 0; i < person_count && rc == TK_OK; i++)
            rc = add_person(ctx, c, persons[i].person_id, persons[i].role);
        if (rc == TK_OK && author_role)
            rc = assign_self(ctx, out, author_role);
        if (rc == TK_OK)
            rc = refresh_tasks(ctx, out);
    });
    if (rc == TK_OK)
        rc = load(ctx, c->id, out);
    return rc;
}

int domain_case_get(Ctx *ctx, int64_t id, CaseView *out)
{
    int rc = require_cases(ctx);
    if (rc == TK_OK)
        rc = load(ctx, id, out);
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "case.read", "case", id, NULL);
    return rc;
}

int domain_check_past_date(Ctx *ctx, const char *date, const char *field)
{
    if (!date)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", field);
    if (!validate_is_date(date))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.date", field);
    if (amman_day_start(date) > clock_now())
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.in_future", field);
    return TK_OK;
}

/* Loads a case for a change by a user who may write it, at the version given. */
static int load_for_change(Ctx *ctx, int64_t id, int64_t version, CaseView *view)
{
    int rc = load(ctx, id, view);
    if (rc != TK_OK)
        return rc;
    if (!view->rights.write)
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    if (version && view->c.version != version)
        return fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
    return TK_OK;
}

/* Loads a case for a change that is not to the case itself (persons, notes, incidents): it must be open. */
static int load_open(Ctx *ctx, int64_t id, CaseView *view)
{
    int rc = load_for_change(ctx, id, 0, view);
    if (rc == TK_OK && strcmp(view->c.stage, "closed") == 0)
        rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closed");
    return rc;
}

/* Loads a case its reader may see (for its parts: persons, notes, incidents, history, tasks). */
static int load_visible(Ctx *ctx, int64_t id, CaseView *view)
{
    int rc = require_cases(ctx);
    return rc == TK_OK ? load(ctx, id, view) : rc;
}

/* A part of a case the user sees: a unit that sees the case through a referral reads only the sections it shares
 * (0: a part no referral shares, such as the history and the tasks). */
static int load_section(Ctx *ctx, int64_t id, unsigned section, CaseView *view)
{
    int rc = load_visible(ctx, id, view);
    if (rc == TK_OK && view->rights.referred && !(view->rights.shared & section)) {
        domain_audit_read_outcome(ctx, "case.read", "case", id, "denied", "section not shared");
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "referral.not_shared");
    }
    return rc;
}

int domain_case_load_section(Ctx *ctx, int64_t id, unsigned section, CaseView *view)
{
    return load_section(ctx, id, section, view);
}

int domain_case_load(Ctx *ctx, int64_t id, CaseView *view)
{
    return load_visible(ctx, id, view);
}

int domain_case_load_open(Ctx *ctx, int64_t id, CaseView *view)
{
    return load_open(ctx, id, view);
}

int domain_case_record(Ctx *ctx, int64_t id, const char *action, const char *detail)
{
    return record(ctx, id, action, detail);
}

int domain_case_tasks_refresh(Ctx *ctx, int64_t id)
{
    CaseView view;
    memset(&view, 0, sizeof view);
    int rc = store_case_get(ctx->db, id, ctx->arena, &view.c);
    if (rc == TK_OK)
        rc = store_case_assignments(ctx->db, id, ctx->arena, &view.assignments, &view.assignment_count);
    return rc == TK_OK ? refresh_tasks(ctx, &view) : rc;
}

/* Names the fields a change set, for the history. */
static char *changed_fields(Ctx *ctx, const CaseInput *input)
{
    char *text = "";
    for (int f = 0; f < case_field_count; f++)
        if (input->set & (1u << f))
            text = arena_printf(ctx->arena, "%s%s%s", text, *text ? ", " : "", case_fields[f].name);
    return text;
}

int domain_case_update(Ctx *ctx, int64_t id, int64_t version, const CaseInput *input, CaseView *out)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    if (!version)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_for_change(ctx, id, version, out);
        if (rc == TK_OK && strcmp(out->c.stage, "closed") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closed");
        /* restricting a case, or lifting it, is the supervisor's decision */
        if (rc == TK_OK && (input->set & (1u << F_SENSITIVITY)) && !out->rights.supervise && input->text[F_SENSITIVITY] &&
            strcmp(out->c.sensitivity, input->text[F_SENSITIVITY]) != 0)
            rc = fault_field(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only", "sensitivity");
        if (rc == TK_OK)
            rc = case_apply(ctx, &out->c, input);
        /* a new act date may make a juvenile of the case too young or too old for it */
        if (rc == TK_OK && (input->set & ((1u << F_ACT_DATE) | (1u << F_REPORTED_AT))))
            rc = recheck_juveniles(ctx, &out->c);
        if (rc == TK_OK && (rc = store_case_update(ctx->db, &out->c, access_acting_user(ctx))) == TK_ERR_CONFLICT)
            fault_field(ctx->fault, rc, "version.conflict", "version");
        if (rc == TK_OK)
            rc = record(ctx, id, "case.update", changed_fields(ctx, input));
        if (rc == TK_OK)
            rc = refresh_tasks(ctx, out);
    });
    return rc;
}

enum { CASE_QUERY_MIN_SCORE_PERCENT = 70 };

/* What a case search typed: a reference, whole or its start, in either case ("fv-2026-00012"); a national number;
 * or a person's name, searched as the registry searches (the persons scoring well enough, at most
 * CASE_FILTER_PERSONS, become the filter). */
static int case_query(Ctx *ctx, const char *q, CaseFilter *filter)
{
    size_t len = strlen(q);
    bool digit = false, reference = len >= 2 && len <= 32;
    for (size_t i = 0; i < len && reference; i++) {
        digit = digit || (q[i] >= '0' && q[i] <= '9');
        reference = (q[i] >= '0' && q[i] <= '9') || (q[i] >= 'a' && q[i] <= 'z') || (q[i] >= 'A' && q[i] <= 'Z') ||
                    q[i] == '-';
    }
    bool national = len == 10 && strspn(q, "0123456789") == 10;
    if (reference && digit && !national) {
        char *upper = arena_strdup(ctx->arena, q);
        if (!upper)
            return TK_ERR_NOMEM;
        for (char *p = upper; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        filter->reference = upper;
        return TK_OK;
    }
    SearchQuery query = {.text = national ? NULL : q, .national_id = national ? q : NULL,
                         .limit = CASE_FILTER_PERSONS};
    SearchHit *hits = NULL;
    int found = 0;
    int rc = person_search_rank(ctx->db, ctx->arena, &query, &hits, &found);
    if (rc != TK_OK)
        return rc;
    filter->persons_given = true;
    int kept = 0;
    for (int i = 0; i < found && kept < CASE_FILTER_PERSONS; i++)
        if (hits[i].score * 100 >= CASE_QUERY_MIN_SCORE_PERCENT || hits[i].national_id_exact)
            filter->person_ids[kept++] = hits[i].person_id;
    return TK_OK;
}

int domain_case_list(Ctx *ctx, CaseFilter *filter, const char *query, Case **cases, int *count, bool *more)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    if (query && *query && (rc = case_query(ctx, query, filter)) != TK_OK)
        return rc;
    if (filter->kind && !codes_find(&codes_case_kinds, filter->kind))
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "kind");
    if (filter->stage && !codes_find(&codes_case_stages, filter->stage))
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "stage");
    if (filter->risk_level && !codes_find(&codes_risk_levels, filter->risk_level))
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "risk");
    if (filter->governorate && !codes_find(&codes_governorates, filter->governorate))
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "governorate");
    if (filter->opened_from && !validate_is_date(filter->opened_from))
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "opened_from");
    if (filter->opened_to && !validate_is_date(filter->opened_to))
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "opened_to");
    CaseViewer viewer = domain_case_viewer(ctx);
    filter->now = clock_now();
    rc = store_case_list(ctx->db, &viewer, filter, ctx->arena, cases, count, more);
    if (rc == TK_OK) {
        char detail[32];
        snprintf(detail, sizeof detail, "%d results", *count);
        rc = domain_audit_read(ctx, "case.list", "case", 0, arena_strdup(ctx->arena, detail));
    }
    return rc;
}

int domain_person_cases(Ctx *ctx, int64_t person_id, PersonCase **items, int *count, int64_t *hidden)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    Person person;
    if ((rc = store_person_get(ctx->db, person_id, ctx->arena, &person)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    CaseViewer viewer = domain_case_viewer(ctx);
    if (rc == TK_OK)
        rc = store_person_cases(ctx->db, person_id, &viewer, PERSON_CASES_MAX, ctx->arena, items, count, hidden);
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "person.cases.read", "person", person_id, NULL);
    return rc;
}

/* What a stage needs before the case may leave it (domain.md §2). */
static int check_leave(Ctx *ctx, const CaseView *view)
{
    const Case *c = &view->c;
    if (strcmp(c->stage, "registration") == 0) {
        CasePerson *persons;
        int count;
        int rc = store_case_persons(ctx->db, c->id, ctx->arena, &persons, &count);
        if (rc != TK_OK)
            return rc;
        const char *principal = kinds[kind_index(c->kind)].principal;
        bool found = false;
        for (int i = 0; i < count; i++)
            found = found || strcmp(persons[i].role, principal) == 0;
        if (!found)
            return fault_field(ctx->fault, TK_ERR_INVALID, "case.needs_person", principal);
        if (view->assignment_count == 0)
            return fault_set(ctx->fault, TK_ERR_INVALID, "case.needs_assignment");
        return TK_OK;
    }
    if (strcmp(c->stage, "assessment") == 0 && !c->risk_level)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.needs_risk_level", "risk_level");
    /* the case plan is its goals: one at least, open or achieved */
    if (strcmp(c->stage, "case_plan") == 0) {
        int64_t goals = 0;
        int rc = store_goal_count(ctx->db, c->id, &goals);
        if (rc != TK_OK)
            return rc;
        if (!goals)
            return fault_set(ctx->fault, TK_ERR_INVALID, "case.needs_plan");
    }
    /* the follow-up is the schedule: one contact planned at least */
    if (strcmp(c->stage, "implementation") == 0 && !c->next_planned_follow_up)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.needs_follow_up", "next_follow_up");
    return TK_OK;
}

static int transition(Ctx *ctx, CaseView *view, const char *action, const char *to, const char *text,
                      const char **detail)
{
    Case *c = &view->c;
    bool closed = strcmp(c->stage, "closed") == 0;
    int64_t now = clock_now();
    if (strcmp(action, "advance") == 0) {
        const char *next = closed ? NULL : next_stage(c->stage);
        if (!to)
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "to");
        if (!next || strcmp(next, to) != 0)
            return fault_field(ctx->fault, TK_ERR_INVALID, "case.bad_transition", "to");
        if (c->closure_requested)
            return fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closure_pending");
        int rc = check_leave(ctx, view);
        if (rc != TK_OK)
            return rc;
        *detail = arena_printf(ctx->arena, "%s → %s", c->stage, next);
        c->stage = (char *)next;
        if (strcmp(next, "case_plan") == 0) /* the monitor's reports count from the plan's start */
            c->plan_started_at = now;
        return TK_OK;
    }
    if (strcmp(action, "request_closure") == 0) {
        if (closed)
            return fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closed");
        if (c->closure_requested)
            return fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closure_pending");
        if (!text || !*text)
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "reason");
        c->closure_requested = true;
        c->closure_reason = (char *)text;
        c->closure_requested_by = access_acting_user(ctx);
        c->closure_requested_at = now;
        *detail = text;
        return TK_OK;
    }
    if (strcmp(action, "approve_closure") == 0 || strcmp(action, "return_closure") == 0) {
        bool approve = action[0] == 'a';
        if (!view->rights.supervise)
            return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
        if (!c->closure_requested)
            return fault_set(ctx->fault, TK_ERR_CONFLICT, "case.no_closure_request");
        if (approve && c->closure_requested_by == access_acting_user(ctx))
            return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.closure_own_request");
        if (!approve && (!text || !*text))
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "comment");
        c->closure_requested = false;
        if (approve) {
            *detail = arena_printf(ctx->arena, "%s → closed: %s", c->stage, c->closure_reason);
            c->stage = "closed";
            c->closed_by = access_acting_user(ctx);
            c->closed_at = now;
        } else {
            *detail = text;
            c->closure_reason = NULL;
            c->closure_requested_by = c->closure_requested_at = 0;
        }
        return TK_OK;
    }
    if (strcmp(action, "reopen") == 0) {
        if (!closed)
            return fault_set(ctx->fault, TK_ERR_CONFLICT, "case.not_closed");
        if (!view->rights.supervise)
            return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
        if (!text || !*text)
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "reason");
        c->stage = "assessment";
        c->closure_reason = NULL;
        c->closure_requested_by = c->closure_requested_at = c->closed_by = c->closed_at = 0;
        /* the clocks start again from the reopening: nothing is overdue at its moment */
        c->reopened_at = c->clock_started_at = now;
        *detail = text;
        return TK_OK;
    }
    return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "action");
}

int domain_case_transition(Ctx *ctx, int64_t id, int64_t version, const char *action, const char *to,
                           const char *text, CaseView *out)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    if (!action)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "action");
    if (!version)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if ((rc = validate_text(ctx, text, 1000, true, "reason")) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        const char *detail = NULL;
        rc = load_for_change(ctx, id, version, out);
        if (rc == TK_OK)
            rc = transition(ctx, out, action, to, text, &detail);
        if (rc == TK_OK && (rc = store_case_update(ctx->db, &out->c, access_acting_user(ctx))) == TK_ERR_CONFLICT)
            fault_field(ctx->fault, rc, "version.conflict", "version");
        /* a closed case has no contacts planned any more */
        if (rc == TK_OK && strcmp(out->c.stage, "closed") == 0) {
            rc = store_case_followups_cancel_open(ctx->db, id, "أُغلقت الحالة", access_acting_user(ctx));
            out->c.next_planned_follow_up = NULL;
        }
        if (rc == TK_OK)
            rc = record(ctx, id, arena_printf(ctx->arena, "case.%s", action), detail);
        if (rc == TK_OK)
            rc = refresh_tasks(ctx, out);
    });
    return rc;
}

int domain_case_assign(Ctx *ctx, int64_t id, int64_t user_id, const char *role, CaseView *out)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    const CodeEntry *entry = codes_find(&codes_assignment_roles, role);
    if (!role)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "role");
    if (!entry)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "role");
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load(ctx, id, out);
        /* a worker takes a case of her own unit herself, in her own role, when nobody holds it: the supervisor
         * may undo it (unassign); anything else is the supervisor's */
        bool self = rc == TK_OK && !out->rights.supervise && ctx->user && user_id == ctx->user->id &&
                    out->c.unit_id == ctx->unit->id && access_has_role(ctx, entry->bit);
        for (int i = 0; self && i < out->assignment_count; i++)
            if (strcmp(out->assignments[i].role, role) == 0)
                rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "case.role_taken");
        if (rc == TK_OK && !out->rights.supervise && !self)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
        if (rc == TK_OK && strcmp(out->c.stage, "closed") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closed");
        if (rc == TK_OK && self) {
            rc = assign_self(ctx, out, role);
            if (rc == TK_OK)
                rc = refresh_tasks(ctx, out);
        } else {
            User worker;
            if (rc == TK_OK && (rc = store_user_get(ctx->db, user_id, ctx->arena, &worker)) == TK_ERR_NOT_FOUND)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "user_id");
            if (rc == TK_OK && (strcmp(worker.status, "active") != 0 || !(worker.roles & entry->bit)))
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "case.worker_role", "user_id");
            if (rc == TK_OK)
                rc = store_case_assign(ctx->db, id, user_id, role, access_acting_user(ctx));
            if (rc == TK_OK)
                rc = record(ctx, id, "case.assign", arena_printf(ctx->arena, "%s %s", role, worker.full_name));
            if (rc == TK_OK)
                rc = store_case_assignments(ctx->db, id, ctx->arena, &out->assignments, &out->assignment_count);
            if (rc == TK_OK)
                rc = refresh_tasks(ctx, out);
        }
    });
    return rc;
}

int domain_case_assignable(Ctx *ctx, int64_t id, const char *role, User **users, int *count)
{
    *users = NULL;
    *count = 0;
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    if (!role)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "role");
    const CodeEntry *entry = codes_find(&codes_assignment_roles, role);
    if (!entry)
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "role");
    CaseView view;
    if ((rc = load(ctx, id, &view)) != TK_OK)
        return rc;
    if (!view.rights.supervise)
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
    /* Social workers come from the case's own unit; behaviour monitors and officers from the units of its
     * governorate too (the court's monitors, the police offices), where they sit. */
    int64_t unit_ids[64];
    int unit_count = 0;
    unit_ids[unit_count++] = view.c.unit_id;
    Unit own;
    if (strcmp(role, "caseworker") != 0 && store_unit_get(ctx->db, view.c.unit_id, ctx->arena, &own) == TK_OK &&
        own.governorate) {
        UnitFilter units = {.governorate = own.governorate, .status = "active", .limit = 60};
        Unit *found;
        int found_count = 0;
        int64_t next = 0;
        if ((rc = store_unit_list(ctx->db, &units, ctx->arena, &found, &found_count, &next)) != TK_OK)
            return rc;
        for (int i = 0; i < found_count && unit_count < 64; i++)
            if (found[i].id != view.c.unit_id)
                unit_ids[unit_count++] = found[i].id;
    }
    int capacity = 0;
    for (int u = 0; u < unit_count; u++) {
        /* page through a unit's users; a unit has tens of them, so this is one page in practice */
        UserFilter filter = {.unit_id = unit_ids[u], .role = entry->bit, .status = "active", .limit = 500};
        do {
            User *page;
            int page_count;
            int64_t next = 0;
            if ((rc = store_user_list(ctx->db, &filter, ctx->arena, &page, &page_count, &next)) != TK_OK)
                return rc;
            if (*count + page_count > capacity) {
                capacity = (*count + page_count) * 2;
                User *grown = arena_calloc(ctx->arena, (size_t)capacity + 1, sizeof(User));
                if (!grown)
                    return TK_ERR_NOMEM;
                if (*count)
                    memcpy(grown, *users, sizeof(User) * (size_t)*count);
                *users = grown;
            }
            memcpy(*users + *count, page, sizeof(User) * (size_t)page_count);
            *count += page_count;
            filter.after_id = next;
        } while (filter.after_id);
    }
    return domain_audit_read(ctx, "case.assignable.read", "case", id, role);
}

int domain_case_unassign(Ctx *ctx, int64_t id, int64_t assignment_id, CaseView *out)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load(ctx, id, out);
        bool had_worker = rc == TK_OK && case_worker_assigned(&out->c, out->assignments, out->assignment_count);
        if (rc == TK_OK && !out->rights.supervise)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.supervisor_only");
        if (rc == TK_OK && (rc = store_case_unassign(ctx->db, id, assignment_id, access_acting_user(ctx))) ==
                               TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK)
            rc = record(ctx, id, "case.unassign", NULL);
        if (rc == TK_OK)
            rc = store_case_assignments(ctx->db, id, ctx->arena, &out->assignments, &out->assignment_count);
        /* left without its worker, the case is to be assigned again within hours of now */
        if (rc == TK_OK && had_worker && !case_worker_assigned(&out->c, out->assignments, out->assignment_count)) {
            out->c.clock_started_at = clock_now();
            rc = store_case_update(ctx->db, &out->c, access_acting_user(ctx));
        }
        if (rc == TK_OK)
            rc = refresh_tasks(ctx, out);
    });
    return rc;
}

/* Hides the reporter's record from those who may not know who reported. */
static void hide_reporters(const CaseView *view, CasePerson *items, int count)
{
    if (view->rights.sees_reporter)
        return;
    for (int i = 0; i < count; i++) {
        if (strcmp(items[i].role, "reporter") == 0) {
            items[i].person_id = 0;
            memset(&items[i].person, 0, sizeof items[i].person);
        }
    }
}

int domain_case_persons(Ctx *ctx, int64_t id, CasePerson **items, int *count)
{
    CaseView view;
    int rc = load_section(ctx, id, CASE_SECTION_PERSONS, &view);
    if (rc == TK_OK)
        rc = store_case_persons(ctx->db, id, ctx->arena, items, count);
    if (rc == TK_OK) {
        hide_reporters(&view, *items, *count);
        fill_bands(&view.c, *items, *count);
        for (int i = 0; view.rights.referred && i < *count; i++) {
            (*items)[i].added_by = 0;
            (*items)[i].person.created_by = (*items)[i].person.updated_by = 0;
        }
        rc = domain_audit_read(ctx, "case.persons.read", "case", id, NULL);
    }
    return rc;
}

int domain_case_person_add(Ctx *ctx, int64_t id, int64_t person_id, const char *role, CasePerson **items,
                           int *count)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    if (!role)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "role");
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_open(ctx, id, &view);
        /* who reported is known only to the case's workers and supervisors: anyone else is refused before anything
         * about the person is looked at, so the answer never tells whether they are the reporter */
        if (rc == TK_OK && strcmp(role, "reporter") == 0 && !view.rights.sees_reporter)
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.reporter_restricted");
        if (rc == TK_OK)
            rc = add_person(ctx, &view.c, person_id, role);
        if (rc == TK_OK)
            rc = store_case_persons(ctx->db, id, ctx->arena, items, count);
    });
    if (rc == TK_OK) {
        hide_reporters(&view, *items, *count);
        fill_bands(&view.c, *items, *count);
    }
    return rc;
}

int domain_case_person_remove(Ctx *ctx, int64_t id, int64_t link_id)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_open(ctx, id, &view);
        CasePerson *links = NULL;
        int count = 0;
        if (rc == TK_OK && !view.rights.sees_reporter)
            rc = store_case_persons(ctx->db, id, ctx->arena, &links, &count);
        /* the persons list shows every link's role, the reporter's too: refusing by role tells nothing new */
        for (int i = 0; rc == TK_OK && i < count; i++)
            if (links[i].id == link_id && strcmp(links[i].role, "reporter") == 0)
                rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "case.reporter_restricted");
        if (rc == TK_OK && (rc = store_case_person_remove(ctx->db, id, link_id)) == TK_ERR_NOT_FOUND)
            fault_set(ctx->fault, rc, "not_found");
        if (rc == TK_OK)
            rc = record(ctx, id, "case.person.remove", NULL);
    });
    return rc;
}

int domain_case_incidents(Ctx *ctx, int64_t id, CaseIncident **items, int *count)
{
    CaseView view;
    int rc = load_section(ctx, id, CASE_SECTION_INCIDENTS, &view);
    if (rc == TK_OK)
        rc = store_case_incidents(ctx->db, id, ctx->arena, items, count);
    for (int i = 0; rc == TK_OK && view.rights.referred && i < *count; i++)
        (*items)[i].created_by = 0;
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "case.incidents.read", "case", id, NULL);
    return rc;
}

int domain_incident_check(Ctx *ctx, const CaseIncident *incident)
{
    int rc = domain_check_past_date(ctx, incident->occurred_on, "occurred_on");
    if (!incident->violence_types)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "violence_types");
    else if (!codes_valid(&codes_violence_types, incident->violence_types, ctx->arena))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "violence_types");
    if (incident->perpetrator_relationship &&
        !codes_find(&codes_perpetrator_relationships, incident->perpetrator_relationship))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "perpetrator_relationship");
    if (incident->legal_class && !codes_find(&codes_legal_classes, incident->legal_class))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "legal_class");
    if (incident->identified_by && !codes_find(&codes_identified_by, incident->identified_by))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "identified_by");
    if (validate_text(ctx, incident->place, 300, false, "place") != TK_OK ||
        validate_text(ctx, incident->description, 4000, true, "description") != TK_OK)
        rc = TK_ERR_INVALID;
    return rc;
}

int domain_case_incident_add(Ctx *ctx, int64_t id, CaseIncident *incident)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK || (rc = domain_incident_check(ctx, incident)) != TK_OK)
        return rc;
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_open(ctx, id, &view);
        if (rc == TK_OK && strcmp(view.c.kind, "family_violence") != 0)
            rc = fault_set(ctx->fault, TK_ERR_INVALID, "case.incidents_family_violence");
        incident->case_id = id;
        if (rc == TK_OK)
            rc = store_case_incident_add(ctx->db, incident, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = record(ctx, id, "case.incident.add", incident->occurred_on);
    });
    return rc;
}

int domain_case_notes(Ctx *ctx, int64_t id, CaseNote **items, int *count)
{
    CaseView view;
    int rc = load_section(ctx, id, CASE_SECTION_NOTES, &view);
    if (rc == TK_OK)
        rc = store_case_notes(ctx->db, id, ctx->arena, items, count);
    for (int i = 0; rc == TK_OK && view.rights.referred && i < *count; i++) {
        (*items)[i].author_id = 0;
        (*items)[i].author_name = NULL;
    }
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "case.notes.read", "case", id, NULL);
    return rc;
}

enum { FOLLOWUPS_MAX = 52, FOLLOWUP_EVERY_MAX = 365, DAY_SECONDS = 86400 };

/* A follow-up of the case that is still planned: 404 when the case has none of that id, 409 when it was recorded or
 * cancelled already. */
static int planned_followup(Ctx *ctx, int64_t case_id, int64_t followup_id, CaseFollowup *f, const char *field)
{
    int rc = store_case_followup_get(ctx->db, case_id, followup_id, ctx->arena, f);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_field(ctx->fault, rc, "not_found", field);
    if (rc == TK_OK && strcmp(f->status, "planned") != 0)
        return fault_field(ctx->fault, TK_ERR_CONFLICT, "case.followup_closed", field);
    return rc;
}

/* After a change to what the tasks are computed from (the schedule): the case as it now is, and its tasks. */
static int reload_and_refresh(Ctx *ctx, int64_t id, CaseView *view)
{
    int rc = load(ctx, id, view);
    return rc == TK_OK ? refresh_tasks(ctx, view) : rc;
}

int domain_case_followups(Ctx *ctx, int64_t id, CaseFollowup **items, int *count)
{
    CaseView view;
    int rc = load_section(ctx, id, CASE_SECTION_NOTES, &view);
    if (rc == TK_OK)
        rc = store_case_followups(ctx->db, id, ctx->arena, items, count);
    for (int i = 0; rc == TK_OK && view.rights.referred && i < *count; i++) {
        (*items)[i].created_by = (*items)[i].closed_by = 0;
        (*items)[i].created_by_name = (*items)[i].closed_by_name = NULL;
    }
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "case.followups.read", "case", id, NULL);
    return rc;
}

int domain_case_followups_plan(Ctx *ctx, int64_t id, const FollowupPlan *plan, CaseFollowup **items, int *count)
{
    *items = NULL;
    *count = 0;
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    int64_t contacts = plan->count ? plan->count : 1;
    if (!plan->kind)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "kind");
    else if (!codes_find(&codes_followup_kinds, plan->kind))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "kind");
    int64_t first = -1;
    if (!plan->first_on)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "first_on");
    else if (!validate_is_date(plan->first_on))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.date", "first_on");
    else if ((first = amman_day_start(plan->first_on)) + DAY_SECONDS <= clock_now())
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "case.date_past", "first_on");
    if (contacts < 1 || contacts > FOLLOWUPS_MAX)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.range", "count");
    if (plan->every_days < 0 || plan->every_days > FOLLOWUP_EVERY_MAX)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.range", "every_days");
    else if (contacts > 1 && plan->every_days == 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "every_days");
    if (validate_text(ctx, plan->participants, 500, false, "participants") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    CaseFollowup *made = arena_calloc(ctx->arena, (size_t)contacts, sizeof *made);
    if (!made)
        return TK_ERR_NOMEM;
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_open(ctx, id, &view);
        for (int64_t i = 0; i < contacts && rc == TK_OK; i++) {
            char date[32];
            /* noon of the day, so that the date printed in Amman is that day */
            clock_format_iso(first + i * plan->every_days * DAY_SECONDS + 12 * 3600, date);
            date[10] = '\0';
            made[i] = (CaseFollowup){.case_id = id, .kind = plan->kind, .participants = plan->participants,
                                     .due_on = arena_strdup(ctx->arena, date)};
            rc = made[i].due_on ? store_case_followup_add(ctx->db, &made[i], access_acting_user(ctx)) : TK_ERR_NOMEM;
            if (rc == TK_OK && ctx->user)
                made[i].created_by_name = ctx->user->full_name;
        }
        if (rc == TK_OK) {
            const char *detail = arena_printf(ctx->arena, "%s %lld %s", plan->kind, (long long)contacts,
                                              made[0].due_on);
            rc = detail ? record(ctx, id, "case.followups.plan", detail) : TK_ERR_NOMEM;
        }
        if (rc == TK_OK)
            rc = reload_and_refresh(ctx, id, &view);
    });
    if (rc == TK_OK) {
        *items = made;
        *count = (int)contacts;
    }
    return rc;
}

int domain_case_followup_cancel(Ctx *ctx, int64_t id, int64_t followup_id, const char *reason, CaseFollowup *out)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    if (!reason || !*reason)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "reason");
    if (validate_text(ctx, reason, 1000, true, "reason") != TK_OK)
        return TK_ERR_INVALID;
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_open(ctx, id, &view);
        CaseFollowup planned;
        if (rc == TK_OK)
            rc = planned_followup(ctx, id, followup_id, &planned, NULL);
        if (rc == TK_OK)
            rc = store_case_followup_close(ctx->db, followup_id, "cancelled", 0, reason, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = record(ctx, id, "case.followup.cancel", arena_printf(ctx->arena, "%s: %s", planned.due_on, reason));
        if (rc == TK_OK)
            rc = reload_and_refresh(ctx, id, &view);
    });
    if (rc == TK_OK)
        rc = store_case_followup_get(ctx->db, id, followup_id, ctx->arena, out);
    return rc;
}

/* The earliest contact of the schedule still planned, of that kind, due on or before date (0 when none). */
static int due_followup_of_kind(Ctx *ctx, int64_t case_id, const char *kind, const char *date, int64_t *followup_id)
{
    CaseFollowup *items = NULL;
    int count = 0;
    *followup_id = 0;
    int rc = store_case_followups(ctx->db, case_id, ctx->arena, &items, &count);
    for (int i = 0; rc == TK_OK && i < count && !*followup_id; i++) /* soonest first */
        if (strcmp(items[i].status, "planned") == 0 && strcmp(items[i].kind, kind) == 0 &&
            strcmp(items[i].due_on, date) <= 0)
            *followup_id = items[i].id;
    return rc;
}

int domain_case_note_add(Ctx *ctx, int64_t id, CaseNote *note)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    if (!note->kind)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "kind");
    else if (!codes_find(&codes_note_kinds, note->kind))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "kind");
    if (domain_check_past_date(ctx, note->occurred_on, "occurred_on") != TK_OK)
        rc = TK_ERR_INVALID;
    if (!note->body || !*note->body)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "body");
    if (validate_text(ctx, note->body, 8000, true, "body") != TK_OK ||
        validate_text(ctx, note->participants, 500, false, "participants") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    CaseView view;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_open(ctx, id, &view);
        CaseFollowup planned = {0};
        /* a contact recorded without naming the planned one it is: the earliest of its kind due by its day */
        if (rc == TK_OK && !note->followup_id && strcmp(note->kind, "note") != 0)
            rc = due_followup_of_kind(ctx, id, note->kind, note->occurred_on, &note->followup_id);
        if (rc == TK_OK && note->followup_id)
            rc = planned_followup(ctx, id, note->followup_id, &planned, "followup_id");
        if (rc == TK_OK && note->followup_id && strcmp(planned.kind, note->kind) != 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "case.followup_kind", "followup_id");
        note->case_id = id;
        if (rc == TK_OK)
            rc = store_case_note_add(ctx->db, note, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = record(ctx, id, "case.note.add", note->kind);
        if (rc == TK_OK && note->followup_id) {
            rc = store_case_followup_close(ctx->db, planned.id, "done", note->id, NULL, access_acting_user(ctx));
            if (rc == TK_OK)
                rc = record(ctx, id, "case.followup.done", planned.due_on);
            if (rc == TK_OK)
                rc = reload_and_refresh(ctx, id, &view);
        }
    });
    if (rc == TK_OK && ctx->user)
        note->author_name = ctx->user->full_name;
    return rc;
}

int domain_case_history(Ctx *ctx, int64_t id, CaseEvent **items, int *count)
{
    CaseView view;
    int rc = load_section(ctx, id, 0, &view);
    if (rc == TK_OK)
        rc = store_case_events(ctx->db, id, ctx->arena, items, count);
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "case.history.read", "case", id, NULL);
    return rc;
}

int domain_case_tasks(Ctx *ctx, int64_t id, CaseTask **items, int *count)
{
    CaseView view;
    int rc = load_section(ctx, id, 0, &view);
    if (rc == TK_OK)
        rc = store_case_tasks(ctx->db, id, ctx->arena, items, count);
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "case.tasks.read", "case", id, NULL);
    return rc;
}

int domain_tasks(Ctx *ctx, TaskFilter *filter, CaseTask **items, int *count, bool *more, TaskCounts *counts)
{
    int rc = require_cases(ctx);
    if (rc != TK_OK)
        return rc;
    if (filter->kind && !codes_find(&codes_task_kinds, filter->kind))
        return fault_field(ctx->fault, TK_ERR_INVALID, "query.invalid", "kind");
    CaseViewer viewer = domain_case_viewer(ctx);
    if (!filter->now) /* a cursor's pages keep the now of the first, so that no task moves between them */
        filter->now = clock_now();
    rc = store_task_list(ctx->db, &viewer, filter, ctx->arena, items, count, more);
    if (rc == TK_OK)
        rc = store_task_counts(ctx->db, &viewer, filter, counts);
    if (rc == TK_OK)
        rc = domain_audit_read(ctx, "task.list", "case", filter->case_id, NULL);
    return rc;
}

int domain_cases_refresh_tasks(Ctx *ctx, int64_t *count)
{
    *count = 0;
    if (!ctx->command_line)
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "auth.forbidden");
    enum { BATCH = 1000 };
    int64_t ids[BATCH], after = 0;
    int found = 0, rc = TK_OK;
    Arena *outer = ctx->arena;
    Arena scratch;
    arena_init(&scratch, 0);
    ctx->arena = &scratch;
    do {
        if ((rc = store_case_open_ids(ctx->db, after, BATCH, ids, &found)) != TK_OK)
            break;
        /* a thousand cases to a transaction */
        DOMAIN_TRANSACTION(ctx, rc, {
            for (int i = 0; i < found && rc == TK_OK; i++) {
                CaseView view;
                memset(&view, 0, sizeof view);
                rc = store_case_get(ctx->db, ids[i], ctx->arena, &view.c);
                if (rc == TK_OK)
                    rc = store_case_assignments(ctx->db, ids[i], ctx->arena, &view.assignments,
                                                &view.assignment_count);
                if (rc == TK_OK)
                    rc = refresh_tasks(ctx, &view);
            }
            if (rc == TK_OK)
                rc = domain_audit_change(ctx, "case.tasks.refresh", "case", 0, "ok",
                                         arena_printf(ctx->arena, "%d cases", found));
        });
        if (rc == TK_OK) {
            *count += found;
            after = found ? ids[found - 1] : after;
        }
        arena_reset(&scratch);
    } while (rc == TK_OK && found == BATCH);
    ctx->arena = outer;
    arena_free(&scratch);
    return rc;
}
