/* Programmes: a centre's catalogue, enrolments with the places enforced and the waiting list in its order, the
 * attendance of sessions within the programme's dates, outcomes and certificates. */
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/centres/centres_internal.h"
#include "domain/core/access.h"
#include "domain/core/validate.h"
#include "store/cases.h"
#include "store/centres.h"

enum { NAME_MAX_CHARS = 200, TEXT_MAX_CHARS = 1000, PLACES_MAX = 1000, SESSIONS_MAX = 50 };

static const char *const programme_kinds[] = {
    "vocational",         "education",   "psychological", "religious", "family_relations",
    "addiction_recovery", "life_skills", "work",          NULL};
static const char *const providers[] = {"ministry", "police", "organisation", NULL};
static const char *const outcomes[] = {"completed", "dropped", "transferred", "released", NULL};

bool centre_code(const char *value, const char *const *list)
{
    for (int i = 0; value && list[i]; i++)
        if (strcmp(value, list[i]) == 0)
            return true;
    return false;
}

int centre_check_code(Ctx *ctx, const char *value, const char *const *list, const char *field)
{
    if (!value)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", field);
    return centre_code(value, list) ? TK_OK : fault_field(ctx->fault, TK_ERR_INVALID, "field.code", field);
}

bool centre_codes(const char *joined, const char *const *list)
{
    for (const char *p = joined; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        bool known = false;
        for (int i = 0; list[i] && !known; i++)
            known = strlen(list[i]) == len && strncmp(list[i], p, len) == 0;
        if (!known)
            return false;
        p = end ? end + 1 : p + len;
    }
    return true;
}

bool centre_worker_of(const Ctx *ctx, int64_t centre_id)
{
    return ctx->unit && ctx->unit->id == centre_id && strcmp(ctx->unit->type, "correction_centre") == 0 &&
           access_has_role(ctx, ROLE_CASEWORKER | ROLE_SUPERVISOR);
}

int centre_case_load(Ctx *ctx, int64_t case_id, bool change, CaseView *view)
{
    int rc = change ? domain_case_load_open(ctx, case_id, view) : domain_case_load_section(ctx, case_id, 0, view);
    if (rc != TK_OK)
        return rc;
    if (strcmp(view->c.kind, "inmate_family") != 0)
        return fault_set(ctx->fault, TK_ERR_INVALID, "centre.kind");
    if (change && !centre_worker_of(ctx, view->c.unit_id) && !centre_worker_of(ctx, view->c.centre_unit_id))
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "centre.own_workers");
    return TK_OK;
}

/* Who reads a programme: its centre's workers, or the ministry's managers (counts, never names). */
static bool reads_programme(const Ctx *ctx, int64_t centre_id)
{
    return centre_worker_of(ctx, centre_id) ||
           (access_has_role(ctx, ROLE_MANAGER) && ctx->unit && strcmp(ctx->unit->agency, "mosd") == 0);
}

int domain_programmes(Ctx *ctx, int64_t centre_id, Programme **items, int *count)
{
    *items = NULL;
    *count = 0;
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!centre_id && ctx->unit && centre_worker_of(ctx, ctx->unit->id))
        centre_id = ctx->unit->id;
    bool manager = access_has_role(ctx, ROLE_MANAGER) && ctx->unit && strcmp(ctx->unit->agency, "mosd") == 0;
    if (!manager && (!centre_id || !centre_worker_of(ctx, centre_id)))
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "centre.own_workers");
    rc = store_programmes(ctx->db, centre_id, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "programme.list", "unit", centre_id, NULL) : rc;
}

/* A programme the user may read; anyone else is told it does not exist. */
static int load_programme(Ctx *ctx, int64_t id, Programme *p)
{
    int rc = access_require(ctx, CAP_CASES);
    if (rc == TK_OK && (rc = store_programme_get(ctx->db, id, ctx->arena, p)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc == TK_OK && !reads_programme(ctx, p->centre_id)) {
        domain_audit_read_outcome(ctx, "programme.read", "programme", id, "denied", NULL);
        return fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
    }
    return rc;
}

int domain_programme_get(Ctx *ctx, int64_t id, Programme *out)
{
    return load_programme(ctx, id, out);
}

/* The fields of a programme, checked alone. */
static int check_programme(Ctx *ctx, const Programme *p)
{
    int rc = TK_OK;
    if (centre_check_code(ctx, p->kind, programme_kinds, "kind") != TK_OK)
        rc = TK_ERR_INVALID;
    if (validate_required_text(ctx, p->name, NAME_MAX_CHARS, false, "name") != TK_OK)
        rc = TK_ERR_INVALID;
    if (centre_check_code(ctx, p->provider, providers, "provider") != TK_OK)
        rc = TK_ERR_INVALID;
    else if (strcmp(p->provider, "organisation") == 0 && (!p->provider_name || !*p->provider_name))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "provider_name");
    if (validate_text(ctx, p->provider_name, NAME_MAX_CHARS, false, "provider_name") != TK_OK ||
        validate_text(ctx, p->schedule, TEXT_MAX_CHARS, true, "schedule") != TK_OK)
        rc = TK_ERR_INVALID;
    if (p->places < 1 || p->places > PLACES_MAX)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.range", "places");
    bool starts = p->starts_on && validate_is_date(p->starts_on), ends = p->ends_on && validate_is_date(p->ends_on);
    if (!starts)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, p->starts_on ? "field.date" : "field.required", "starts_on");
    if (!ends)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, p->ends_on ? "field.date" : "field.required", "ends_on");
    if (starts && ends && strcmp(p->ends_on, p->starts_on) < 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "programme.ends_before_start", "ends_on");
    return rc;
}

/* Inside the caller's transaction: while the programme has places free, the first of its waiting list is enrolled
 * (today), with a history row on that inmate's case. */
static int fill_places(Ctx *ctx, int64_t programme_id)
{
    Programme p;
    int rc = store_programme_get(ctx->db, programme_id, ctx->arena, &p);
    char today[11];
    clock_amman_today(today);
    for (int64_t free = rc == TK_OK ? p.places - p.enrolled : 0; rc == TK_OK && free > 0; free--) {
        Enrolment next;
        if ((rc = store_programme_first_waiting(ctx->db, programme_id, ctx->arena, &next)) == TK_ERR_NOT_FOUND)
            return TK_OK;
        next.status = "enrolled";
        next.enrolled_on = strcmp(today, p.starts_on) < 0 ? p.starts_on : today;
        if (rc == TK_OK)
            rc = store_enrolment_update(ctx->db, &next, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = domain_case_record(ctx, next.case_id, "case.programme.from_waiting_list", p.name);
    }
    return rc;
}

int domain_programme_add(Ctx *ctx, Programme *p)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!ctx->unit || !centre_worker_of(ctx, ctx->unit->id))
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "centre.own_workers");
    p->centre_id = ctx->unit->id;
    if ((rc = check_programme(ctx, p)) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = store_programme_add(ctx->db, p, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "programme.add", "programme", p->id, "ok", p->kind);
    });
    return rc == TK_OK ? store_programme_get(ctx->db, p->id, ctx->arena, p) : rc;
}

int domain_programme_update(Ctx *ctx, int64_t id, Programme *in)
{
    if (!in->version)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    int rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        Programme p;
        rc = load_programme(ctx, id, &p);
        if (rc == TK_OK && !centre_worker_of(ctx, p.centre_id))
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "centre.own_workers");
        /* what the body leaves out stays as it is */
        if (rc == TK_OK) {
            in->id = id;
            in->centre_id = p.centre_id;
            in->kind = in->kind ? in->kind : p.kind;
            in->name = in->name ? in->name : p.name;
            in->provider = in->provider ? in->provider : p.provider;
            in->provider_name = in->provider_name ? in->provider_name : p.provider_name;
            in->schedule = in->schedule ? in->schedule : p.schedule;
            in->starts_on = in->starts_on ? in->starts_on : p.starts_on;
            in->ends_on = in->ends_on ? in->ends_on : p.ends_on;
            in->places = in->places ? in->places : p.places;
            rc = check_programme(ctx, in);
        }
        if (rc == TK_OK)
            rc = domain_write_at_version(ctx, store_programme_update(ctx->db, in, access_acting_user(ctx)));
        if (rc == TK_OK)
            rc = fill_places(ctx, id);
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "programme.update", "programme", id, "ok", NULL);
    });
    return rc == TK_OK ? store_programme_get(ctx->db, id, ctx->arena, in) : rc;
}

int domain_programme_enrolments(Ctx *ctx, int64_t programme_id, Programme *programme, Enrolment **items, int *count)
{
    *items = NULL;
    *count = 0;
    int rc = load_programme(ctx, programme_id, programme);
    if (rc != TK_OK)
        return rc;
    /* names: the centre's own workers only */
    if (!centre_worker_of(ctx, programme->centre_id)) {
        domain_audit_read_outcome(ctx, "programme.enrolments.read", "programme", programme_id, "denied", NULL);
        return fault_set(ctx->fault, TK_ERR_FORBIDDEN, "centre.own_workers");
    }
    rc = store_programme_enrolments(ctx->db, programme_id, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "programme.enrolments.read", "programme", programme_id, NULL) : rc;
}

/* A date of the programme: a real date, not in the future, within the programme's start and end. */
static int check_programme_date(Ctx *ctx, const Programme *p, const char *date, const char *field)
{
    int rc = domain_check_past_date(ctx, date, field);
    if (rc == TK_OK && (strcmp(date, p->starts_on) < 0 || strcmp(date, p->ends_on) > 0))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "programme.date_outside", field);
    return rc;
}

int domain_programme_enrol(Ctx *ctx, int64_t programme_id, const EnrolmentRequest *in, Enrolment *out)
{
    memset(out, 0, sizeof *out);
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!in->case_id)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "case_id");
    char today[11];
    clock_amman_today(today);
    DOMAIN_TRANSACTION(ctx, rc, {
        Programme p;
        CaseView view;
        rc = load_programme(ctx, programme_id, &p);
        if (rc == TK_OK && !centre_worker_of(ctx, p.centre_id))
            rc = fault_set(ctx->fault, TK_ERR_FORBIDDEN, "centre.own_workers");
        if (rc == TK_OK)
            rc = centre_case_load(ctx, in->case_id, true, &view);
        if (rc == TK_OK && view.c.unit_id != p.centre_id && view.c.centre_unit_id != p.centre_id)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "programme.other_centre", "case_id");
        if (rc == TK_OK && strcmp(p.ends_on, today) < 0)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "programme.ended", "programme_id");
        /* the inmate: the person named, or the case's one inmate */
        CasePerson *persons = NULL;
        int person_count = 0;
        int64_t person = in->person_id, found = 0;
        if (rc == TK_OK)
            rc = store_case_persons(ctx->db, in->case_id, ctx->arena, &persons, &person_count);
        for (int i = 0; rc == TK_OK && i < person_count; i++)
            if (strcmp(persons[i].role, "inmate") == 0 && (!person || persons[i].person_id == person))
                found = found ? -1 : persons[i].person_id;
        if (rc == TK_OK && found <= 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "programme.inmate", "person_id");
        const char *enrolled_on = in->enrolled_on ? in->enrolled_on : today;
        if (rc == TK_OK && in->enrolled_on)
            rc = check_programme_date(ctx, &p, enrolled_on, "enrolled_on");
        else if (rc == TK_OK && strcmp(enrolled_on, p.starts_on) < 0)
            enrolled_on = p.starts_on; /* enrolled before it starts: from its first day */
        bool full = rc == TK_OK && p.enrolled >= p.places;
        if (full && !in->waiting_list)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "programme.full", "waiting_list");
        *out = (Enrolment){.programme_id = programme_id,
                           .case_id = in->case_id,
                           .person_id = found,
                           .status = full ? "waiting" : "enrolled",
                           .enrolled_on = full ? NULL : enrolled_on};
        if (rc == TK_OK && (rc = store_enrolment_add(ctx->db, out, access_acting_user(ctx))) == TK_ERR_EXISTS)
            fault_field(ctx->fault, TK_ERR_CONFLICT, "programme.already_enrolled", "person_id");
        if (rc == TK_OK)
            rc = domain_case_record(ctx, in->case_id, full ? "case.programme.waiting_list" : "case.programme.enrol",
                                    p.name);
    });
    if (rc == TK_ERR_EXISTS)
        return TK_ERR_CONFLICT;
    return rc == TK_OK ? store_enrolment_get(ctx->db, out->id, ctx->arena, out) : rc;
}

/* An enrolment and its programme, for the programme's centre's workers (404 for anyone else). */
static int load_enrolment(Ctx *ctx, int64_t id, Enrolment *e, Programme *p)
{
    int rc = access_require(ctx, CAP_CASES);
    if (rc == TK_OK && (rc = store_enrolment_get(ctx->db, id, ctx->arena, e)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc == TK_OK)
        rc = store_programme_get(ctx->db, e->programme_id, ctx->arena, p);
    if (rc == TK_OK && !centre_worker_of(ctx, p->centre_id)) {
        domain_audit_read_outcome(ctx, "enrolment.read", "case", e->case_id, "denied", NULL);
        return fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
    }
    return rc;
}

/* An enrolment and its programme for a change by the centre's workers to the inmate's case (open). */
static int load_enrolment_for_change(Ctx *ctx, int64_t id, Enrolment *e, Programme *p)
{
    CaseView view;
    int rc = load_enrolment(ctx, id, e, p);
    return rc == TK_OK ? centre_case_load(ctx, e->case_id, true, &view) : rc;
}

int domain_enrolment_outcome(Ctx *ctx, int64_t id, const OutcomeRequest *in, Enrolment *out)
{
    int rc = TK_OK;
    if (!in->version)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if (centre_check_code(ctx, in->outcome, outcomes, "outcome") != TK_OK)
        rc = TK_ERR_INVALID;
    else if (strcmp(in->outcome, "dropped") == 0 && (!in->reason || !*in->reason))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "reason");
    else if (in->certificate && strcmp(in->outcome, "completed") != 0)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "programme.certificate_completed", "certificate");
    if (validate_text(ctx, in->reason, TEXT_MAX_CHARS, true, "reason") != TK_OK ||
        validate_text(ctx, in->certificate, NAME_MAX_CHARS, false, "certificate") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        Programme p;
        rc = load_enrolment_for_change(ctx, id, out, &p);
        if (rc == TK_OK && out->version != in->version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        bool waiting = rc == TK_OK && strcmp(out->status, "waiting") == 0;
        if (rc == TK_OK && !waiting && strcmp(out->status, "enrolled") != 0)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "programme.ended_already", "outcome");
        if (rc == TK_OK && waiting && strcmp(in->outcome, "completed") == 0)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "programme.not_enrolled", "outcome");
        char today[11];
        clock_amman_today(today);
        const char *on = in->outcome_on ? in->outcome_on : today;
        if (rc == TK_OK && in->outcome_on)
            rc = domain_check_past_date(ctx, on, "outcome_on");
        if (rc == TK_OK && out->enrolled_on && strcmp(on, out->enrolled_on) < 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "programme.before_enrolment", "outcome_on");
        if (rc == TK_OK) {
            out->status = in->outcome;
            out->outcome_on = on;
            out->outcome_reason = in->reason;
            out->certificate = in->certificate;
            if ((rc = store_enrolment_update(ctx->db, out, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                fault_field(ctx->fault, rc, "version.conflict", "version");
        }
        if (rc == TK_OK)
            rc = domain_case_record(ctx, out->case_id, arena_printf(ctx->arena, "case.programme.%s", in->outcome),
                                    p.name);
        if (rc == TK_OK && !waiting)
            rc = fill_places(ctx, p.id);
    });
    return rc == TK_OK ? store_enrolment_get(ctx->db, id, ctx->arena, out) : rc;
}

int centre_enrolments_end(Ctx *ctx, int64_t case_id, const char *status, const char *date)
{
    Enrolment *items = NULL;
    int count = 0;
    int rc = store_case_enrolments(ctx->db, case_id, ctx->arena, &items, &count);
    for (int i = 0; rc == TK_OK && i < count; i++) {
        Enrolment *e = &items[i];
        bool enrolled = strcmp(e->status, "enrolled") == 0;
        if (!enrolled && strcmp(e->status, "waiting") != 0)
            continue;
        e->status = status;
        e->outcome_on = e->enrolled_on && strcmp(date, e->enrolled_on) < 0 ? e->enrolled_on : date;
        rc = store_enrolment_update(ctx->db, e, access_acting_user(ctx));
        if (rc == TK_OK && enrolled)
            rc = fill_places(ctx, e->programme_id);
    }
    return rc;
}

int domain_enrolment_attendance(Ctx *ctx, int64_t id, Enrolment *enrolment, Attendance **items, int *count)
{
    *items = NULL;
    *count = 0;
    Programme p;
    int rc = load_enrolment(ctx, id, enrolment, &p);
    if (rc == TK_OK)
        rc = store_attendance(ctx->db, id, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "enrolment.attendance.read", "case", enrolment->case_id, NULL) : rc;
}

int domain_enrolment_attend(Ctx *ctx, int64_t id, const Attendance *sessions, int count, Enrolment *out)
{
    if (count < 1 || count > SESSIONS_MAX)
        return fault_field(ctx->fault, TK_ERR_INVALID, count < 1 ? "field.required" : "field.range", "sessions");
    int rc = TK_OK;
    for (int i = 0; i < count; i++) {
        if (validate_text(ctx, sessions[i].note, TEXT_MAX_CHARS, true, "note") != TK_OK)
            rc = TK_ERR_INVALID;
        for (int j = 0; j < i; j++)
            if (sessions[i].session_on && sessions[j].session_on &&
                strcmp(sessions[i].session_on, sessions[j].session_on) == 0)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "programme.date_twice", "date");
    }
    if (rc != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        Programme p;
        rc = load_enrolment_for_change(ctx, id, out, &p);
        if (rc == TK_OK && strcmp(out->status, "waiting") == 0)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "programme.not_enrolled", "sessions");
        for (int i = 0; rc == TK_OK && i < count; i++) {
            const char *on = sessions[i].session_on;
            rc = check_programme_date(ctx, &p, on, "date");
            /* within the enrolment: from its start to its outcome */
            if (rc == TK_OK && ((out->enrolled_on && strcmp(on, out->enrolled_on) < 0) ||
                                (out->outcome_on && strcmp(on, out->outcome_on) > 0)))
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "programme.date_outside_enrolment", "date");
            Attendance a = sessions[i];
            a.enrolment_id = id;
            if (rc == TK_OK)
                rc = store_attendance_put(ctx->db, &a, access_acting_user(ctx));
        }
        if (rc == TK_OK)
            rc = domain_case_record(ctx, out->case_id, "case.programme.attendance",
                                    arena_printf(ctx->arena, "%s: %d", p.name, count));
    });
    return rc == TK_OK ? store_enrolment_get(ctx->db, id, ctx->arena, out) : rc;
}

DOMAIN_CASE_PART_LIST(domain_case_programmes, Enrolment, centre_case_load(ctx, case_id, false, &view),
                      store_case_enrolments, domain_case_part_whole, "case.programmes.read")
