/* Placements: admission on a court measure or a consent with every separation rule, and the movements of a stay. */
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/cases.h"
#include "domain/cases/deadlines.h"
#include "domain/cases/measures.h"
#include "domain/centres/centres.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "domain/homes/homes.h"
#include "store/cases.h"
#include "store/homes.h"
#include "store/legal_records.h"
#include "store/persons.h"
#include "store/referrals.h"

enum { HOUR = 3600, DAY = 86400, LEAVE_DAYS_MAX = 7, REASON_MAX = 1000, CLOCK_SKEW = 300 };

const char *home_age_band(int age, bool juvenile_case)
{
    if (!juvenile_case)
        return "adult";
    if (age < 12)
        return "under_12";
    if (age < 15)
        return "12_15";
    return age < 18 ? "15_18" : "18_plus";
}

static bool is_conflict(const char *status)
{
    return strcmp(status, "detained") == 0 || strcmp(status, "sentenced") == 0;
}

const char *placement_refusal(const PlacementGate *g, bool *over_capacity)
{
    *over_capacity = false;
    bool adult = strcmp(g->age_band, "adult") == 0;
    /* Havana Rule 20: no admission without a valid commitment order; a shelter's resident by her own consent */
    if (!g->authority)
        return strcmp(g->legal_status, "voluntary") == 0 ? "placement.no_consent" : "placement.no_order";
    if (!codes_listed(g->home_statuses, g->legal_status))
        return "placement.status_not_held";
    bool shelter = strcmp(g->home_type, "family_reconciliation_home") == 0 || strcmp(g->home_type, "amna_home") == 0;
    if (adult != shelter)
        return "placement.juvenile_with_adults";
    for (int i = 0; i < g->occupant_count; i++)
        if ((strcmp(g->occupants[i].age_band, "adult") == 0) != adult)
            return "placement.juvenile_with_adults";
    for (int i = 0; i < g->occupant_count; i++)
        if (strcmp(g->occupants[i].sex, g->sex) != 0)
            return "placement.girls_with_girls";
    if (!g->sex_held)
        return "placement.girls_with_girls";
    for (int i = 0; i < g->occupant_count; i++) {
        const char *other = g->occupants[i].legal_status;
        if (is_conflict(g->legal_status) && is_conflict(other) && strcmp(other, g->legal_status) != 0)
            return "placement.detained_with_sentenced";
        if ((strcmp(g->legal_status, "protection") == 0 && is_conflict(other)) ||
            (is_conflict(g->legal_status) && strcmp(other, "protection") == 0))
            return "placement.protection_with_conflict";
    }
    if (!g->band_held)
        return "placement.age_band";
    if (g->occupied >= g->places) {
        if (!g->override)
            return "placement.capacity";
        *over_capacity = true;
    }
    return NULL;
}

/* The legal status a measure gives its resident, and the home type it sends her to; NULL for a measure that places
 * no one. */
static const char *measure_status(const char *kind)
{
    if (strcmp(kind, "detention") == 0)
        return "detained";
    if (strcmp(kind, "rehabilitation_home") == 0)
        return "sentenced";
    return strcmp(kind, "care_home") == 0 ? "protection" : NULL;
}

/* Whether the user is the staff of that home. */
static bool home_staff_of(const Ctx *ctx, int64_t home_id)
{
    return access_has_role(ctx, ROLE_HOME_STAFF) && ctx->unit && ctx->unit->id == home_id;
}

/* The case a placement changes: the home's own staff change it by the placement (they see it through it; a home
 * admits on the order it is shown, checked by the caller), the case's workers as any change of the case. */
static int load_case(Ctx *ctx, int64_t case_id, int64_t home_id, CaseView *view)
{
    if (!home_staff_of(ctx, home_id))
        return domain_case_load_open(ctx, case_id, view);
    memset(view, 0, sizeof *view);
    int rc = store_case_get(ctx->db, case_id, ctx->arena, &view->c);
    if (rc == TK_ERR_NOT_FOUND) /* as an order that does not match: nothing learnt of which cases exist */
        return fault_field(ctx->fault, TK_ERR_CONFLICT, "placement.no_order", "order_number");
    return rc;
}

/* Fills the gate of a resident going into a home (and room): its data, the occupants of the room (or the home), its
 * places. exclude: the placement itself, on a transfer. */
static int fill_gate(Ctx *ctx, const Placement *p, int64_t home_id, int64_t room_id, int64_t exclude, PlacementGate *g,
                     Home *home)
{
    int rc = store_home_get(ctx->db, home_id, ctx->arena, home);
    if (rc == TK_ERR_NOT_FOUND)
        return fault_field(ctx->fault, TK_ERR_INVALID, "placement.no_home", "home_id");
    if (rc != TK_OK)
        return rc;
    bool room_known = room_id == 0;
    for (int i = 0; i < home->room_count; i++)
        room_known = room_known || home->rooms[i].id == room_id;
    if (!room_known)
        return fault_field(ctx->fault, TK_ERR_INVALID, "placement.no_room", "room_id");
    Placement *residents = NULL;
    int count = 0;
    if ((rc = store_home_residents(ctx->db, home_id, ctx->arena, &residents, &count)) != TK_OK)
        return rc;
    Placement *occupants = arena_alloc(ctx->arena, sizeof(Placement) * (size_t)(count + 1));
    int n = 0;
    for (int i = 0; i < count; i++)
        if (residents[i].id != exclude && (!room_id || residents[i].room_id == room_id))
            occupants[n++] = residents[i];
    g->home_type = home->home_type;
    g->home_statuses = home->statuses;
    g->legal_status = p->legal_status;
    g->sex = p->sex;
    g->age_band = p->age_band;
    g->occupants = occupants;
    g->occupant_count = n;
    /* the places of the room when it has its own, else of the home */
    bool room_rows = false, home_rows = false;
    for (int i = 0; i < home->place_count; i++) {
        room_rows = room_rows || (room_id && home->places[i].room_id == room_id);
        home_rows = home_rows || home->places[i].room_id == 0;
    }
    bool all_rows = !room_rows && !home_rows; /* no room named in a home of rooms: the places of all its rooms */
    for (int i = 0; i < home->place_count; i++) {
        const HomePlaces *hp = &home->places[i];
        if (strcmp(hp->sex, p->sex) != 0)
            continue;
        g->sex_held = true;
        if (strcmp(hp->age_band, p->age_band) != 0 ||
            (!all_rows && (room_rows ? hp->room_id != room_id : hp->room_id != 0)))
            continue;
        g->band_held = true;
        g->places += hp->places;
        g->occupied += hp->occupied;
    }
    if (exclude && home_id == p->home_id && (!room_rows || room_id == p->room_id) && g->occupied > 0)
        g->occupied--; /* a move within the same places does not take another */
    return TK_OK;
}

/* Checks a gate: the refusal named, or an override counted when the capacity is exceeded by a supervisor. */
static int check_gate(Ctx *ctx, PlacementGate *g, const char *override_reason, const char **override_used)
{
    *override_used = NULL;
    g->override = override_reason && *override_reason && access_has_role(ctx, ROLE_SUPERVISOR);
    bool over = false;
    const char *refusal = placement_refusal(g, &over);
    if (refusal) {
        bool capacity = strcmp(refusal, "placement.capacity") == 0;
        if (capacity && override_reason && !access_has_role(ctx, ROLE_SUPERVISOR))
            return fault_field(ctx->fault, TK_ERR_FORBIDDEN, "placement.override_supervisor", "override_reason");
        const char *field = strcmp(refusal, "placement.no_order") == 0     ? "measure_id"
                            : strcmp(refusal, "placement.no_consent") == 0 ? "consent_id"
                                                                           : "home_id";
        return fault_field(ctx->fault, TK_ERR_CONFLICT, refusal, field);
    }
    if (over)
        *override_used = override_reason;
    return TK_OK;
}

DOMAIN_CASE_PART_LIST(domain_case_placements, Placement, domain_case_load_section(ctx, case_id, 0, &view),
                      store_case_placements, domain_case_part_whole, "case.placements.read")

/* The event at: given, not in the future, and not before since (when given). */
static int check_time(Ctx *ctx, int64_t at, int64_t since, const char *field)
{
    if (at <= 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", field);
    if (at > clock_now() + CLOCK_SKEW)
        return fault_field(ctx->fault, TK_ERR_INVALID, "case.in_future", field);
    if (since && at < since)
        return fault_field(ctx->fault, TK_ERR_INVALID, "placement.before_admission", field);
    return TK_OK;
}

/* The authority to hold the resident: a measure of the case in force that places (its status), or her consent not
 * withdrawn; *status the legal status it gives. */
static int find_authority(Ctx *ctx, const CaseView *view, const AdmissionRequest *in, const char *today,
                          const char **status, bool *authority)
{
    *authority = false;
    bool shelter_case = strcmp(view->c.kind, "family_violence") == 0;
    *status = shelter_case ? "voluntary" : strcmp(view->c.kind, "juvenile_protection") == 0 ? "protection" : "detained";
    int rc = TK_OK;
    if (in->measure_id) {
        /* in force as the case's measures say (a detention order: while its detention is not released) */
        Measure *measures = NULL;
        int count = 0;
        rc = store_measures(ctx->db, view->c.id, ctx->arena, &measures, &count);
        bool *in_force = rc == TK_OK ? arena_calloc(ctx->arena, (size_t)count + 1, sizeof(bool)) : NULL;
        if (rc == TK_OK && !in_force)
            rc = TK_ERR_NOMEM;
        if (rc == TK_OK)
            measures_in_force(measures, count, today, in_force);
        int found = -1;
        for (int i = 0; rc == TK_OK && i < count; i++)
            if (measures[i].id == in->measure_id)
                found = i;
        if (rc == TK_OK && found < 0)
            return fault_field(ctx->fault, TK_ERR_INVALID, "placement.no_order", "measure_id");
        const char *given = rc == TK_OK ? measure_status(measures[found].kind) : NULL;
        if (given) {
            *status = given;
            *authority = in_force[found];
        }
    } else if (in->consent_id && shelter_case) {
        CaseConsent consent;
        rc = store_consent_get(ctx->db, view->c.id, in->consent_id, ctx->arena, &consent);
        if (rc == TK_ERR_NOT_FOUND)
            return fault_field(ctx->fault, TK_ERR_INVALID, "placement.no_consent", "consent_id");
        *authority = rc == TK_OK && !consent.withdrawn_at && consent.person_id == in->person_id;
    }
    return rc;
}

/* The measure of the case with the decision number the home is shown (the newest of that number); 0 when none. */
static int64_t measure_by_number(Ctx *ctx, int64_t case_id, const char *order_number)
{
    Measure *measures = NULL;
    int count = 0;
    if (store_measures(ctx->db, case_id, ctx->arena, &measures, &count) != TK_OK)
        return 0;
    for (int i = 0; i < count; i++)
        if (measures[i].order_number && strcmp(measures[i].order_number, order_number) == 0)
            return measures[i].id;
    return 0;
}

int domain_home_admit(Ctx *ctx, int64_t home_id, const char *case_reference, const AdmissionRequest *request,
                      Placement *out)
{
    memset(out, 0, sizeof *out);
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!case_reference || !*case_reference)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "case_reference");
    int64_t case_id = 0;
    if ((rc = store_case_id_by_reference(ctx->db, case_reference, &case_id)) != TK_OK)
        return rc;
    AdmissionRequest in = *request;
    in.home_id = home_id;
    if (!case_id)
        return home_staff_of(ctx, home_id)
                   ? fault_field(ctx->fault, TK_ERR_CONFLICT, "placement.no_order", "order_number")
                   : fault_field(ctx->fault, TK_ERR_NOT_FOUND, "not_found", "case_reference");
    return domain_placement_admit(ctx, case_id, &in, out);
}

int domain_placement_admit(Ctx *ctx, int64_t case_id, const AdmissionRequest *request, Placement *out)
{
    memset(out, 0, sizeof *out);
    AdmissionRequest resolved = *request;
    const AdmissionRequest *in = &resolved;
    DOMAIN_REQUIRE(rc, ctx, CAP_CASES);
    if (!in->home_id)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "home_id");
    if (in->measure_id && in->consent_id)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "placement.order_or_consent", "consent_id");
    if (check_time(ctx, in->admitted_at, 0, "admitted_at") != TK_OK)
        rc = TK_ERR_INVALID;
    if (in->override_reason && validate_text(ctx, in->override_reason, REASON_MAX, true, "override_reason") != TK_OK)
        rc = TK_ERR_INVALID;
    if (rc != TK_OK)
        return rc;
    CaseView view;
    const char *override_used = NULL;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_case(ctx, case_id, in->home_id, &view);
        /* the home's staff admit on the order they are shown, and learn nothing of a case before it matches */
        if (rc == TK_OK && home_staff_of(ctx, in->home_id) &&
            (in->measure_id || in->consent_id || !in->order_number ||
             !(resolved.measure_id = measure_by_number(ctx, case_id, in->order_number))))
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "placement.no_order", "order_number");
        if (rc == TK_OK && strcmp(view.c.stage, "closed") == 0)
            rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "case.closed");
        bool juvenile = rc == TK_OK && strcmp(view.c.kind, "inmate_family") != 0 &&
                        strcmp(view.c.kind, "family_violence") != 0;
        if (rc == TK_OK && strcmp(view.c.kind, "inmate_family") == 0)
            rc = fault_set(ctx->fault, TK_ERR_INVALID, "placement.kind");
        /* the resident: a juvenile of the case, or the victim of a family-violence case */
        CasePerson *persons = NULL;
        int person_count = 0;
        const CasePerson *resident = NULL;
        if (rc == TK_OK)
            rc = store_case_persons(ctx->db, case_id, ctx->arena, &persons, &person_count);
        const char *role = juvenile ? "juvenile" : "victim";
        /* no person named: the case's one juvenile (or victim) */
        for (int i = 0; rc == TK_OK && !request->person_id && i < person_count; i++)
            if (strcmp(persons[i].role, role) == 0)
                resolved.person_id = resolved.person_id ? -1 : persons[i].person_id;
        for (int i = 0; rc == TK_OK && i < person_count; i++)
            if (persons[i].person_id == in->person_id && strcmp(persons[i].role, role) == 0)
                resident = &persons[i];
        if (rc == TK_OK && !resident)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "placement.person", "person_id");
        Placement *before = NULL;
        int before_count = 0;
        if (rc == TK_OK)
            rc = store_case_placements(ctx->db, case_id, ctx->arena, &before, &before_count);
        for (int i = 0; rc == TK_OK && i < before_count; i++)
            if (strcmp(before[i].state, "discharged") != 0)
                rc = fault_set(ctx->fault, TK_ERR_CONFLICT, "placement.open");
        char today[11];
        clock_amman_today(today);
        const char *status = NULL;
        bool authority = false;
        if (rc == TK_OK && !in->measure_id && !in->consent_id && in->order_number &&
            !(resolved.measure_id = measure_by_number(ctx, case_id, in->order_number)))
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "placement.no_order", "order_number");
        if (rc == TK_OK)
            rc = find_authority(ctx, &view, in, today, &status, &authority);
        Person person;
        if (rc == TK_OK)
            rc = store_person_get(ctx->db, in->person_id, ctx->arena, &person);
        int age = rc == TK_OK ? age_on(person.birth_date, person.birth_year, today) : -1;
        if (rc == TK_OK && juvenile && (age < 0 || age >= 20))
            rc = fault_field(ctx->fault, TK_ERR_INVALID, age < 0 ? "placement.age_unknown" : "placement.too_old",
                             "person_id");
        out->case_id = case_id;
        out->person_id = in->person_id;
        out->home_id = in->home_id;
        out->room_id = in->room_id;
        out->measure_id = in->measure_id;
        out->consent_id = in->consent_id;
        out->legal_status = status;
        out->sex = rc == TK_OK ? person.sex : NULL;
        out->age_band = home_age_band(age, juvenile);
        out->admitted_at = in->admitted_at;
        PlacementGate gate = {.authority = authority};
        Home home;
        if (rc == TK_OK)
            rc = fill_gate(ctx, out, in->home_id, in->room_id, 0, &gate, &home);
        if (rc == TK_OK)
            rc = check_gate(ctx, &gate, in->override_reason, &override_used);
        out->capacity_override = override_used;
        if (rc == TK_OK && (rc = store_placement_add(ctx->db, out, access_acting_user(ctx))) == TK_ERR_EXISTS)
            fault_set(ctx->fault, TK_ERR_CONFLICT, "placement.open");
        PlacementMovement m = {.placement_id = out->id,
                               .kind = "admission",
                               .at = in->admitted_at,
                               .to_home_id = in->home_id,
                               .override_reason = override_used};
        if (rc == TK_OK)
            rc = store_movement_add(ctx->db, &m, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = domain_case_record(ctx, case_id, "case.placement.admit",
                                    arena_printf(ctx->arena, "%lld %s", (long long)in->home_id, status));
        if (rc == TK_OK && override_used)
            rc = domain_audit_change(ctx, "home.capacity.override", "home", in->home_id, "ok", override_used);
        if (rc == TK_OK)
            rc = domain_case_tasks_refresh(ctx, case_id);
    });
    if (rc == TK_ERR_EXISTS)
        return TK_ERR_CONFLICT;
    if (rc == TK_OK)
        rc = store_placement_get(ctx->db, out->id, ctx->arena, out);
    return rc;
}

/* A placement and the case it belongs to, for whoever may see it: the home's staff, or the case's readers. */
static int load_placement(Ctx *ctx, int64_t id, Placement *p)
{
    int rc = access_require(ctx, CAP_CASES);
    if (rc == TK_OK && (rc = store_placement_get(ctx->db, id, ctx->arena, p)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc != TK_OK || home_staff_of(ctx, p->home_id))
        return rc;
    CaseView view;
    return domain_case_load_section(ctx, p->case_id, 0, &view);
}

int domain_placement_movements(Ctx *ctx, int64_t placement_id, Placement *placement, PlacementMovement **items,
                               int *count)
{
    int rc = load_placement(ctx, placement_id, placement);
    if (rc == TK_OK)
        rc = store_movements(ctx->db, placement_id, ctx->arena, items, count);
    return rc == TK_OK ? domain_audit_read(ctx, "placement.movements.read", "case", placement->case_id, NULL) : rc;
}

static const char *const movement_kinds[] = {"transfer", "leave",  "absence",       "hospital",
                                             "court",    "return", "family_notice", "discharge"};
static const char *const discharge_reasons[] = {"end_of_measure",     "court_release",  "conditional_release",
                                                "age_18_transfer",    "education_done", "consent_withdrawn",
                                                "transfer_to_family", "other"};

static bool listed(const char *value, const char *const *list, size_t count)
{
    for (size_t i = 0; value && i < count; i++)
        if (strcmp(list[i], value) == 0)
            return true;
    return false;
}

/* The fields of a movement, checked alone. */
static int check_movement(Ctx *ctx, const MovementRequest *in)
{
    int rc = TK_OK;
    if (!in->version)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if (!in->kind)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "kind");
    if (!listed(in->kind, movement_kinds, sizeof movement_kinds / sizeof movement_kinds[0]))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "kind");
    bool discharge = strcmp(in->kind, "discharge") == 0;
    if (discharge && !in->discharge_reason)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "discharge_reason");
    else if (discharge &&
             !listed(in->discharge_reason, discharge_reasons, sizeof discharge_reasons / sizeof discharge_reasons[0]))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "discharge_reason");
    bool needs_reason = strcmp(in->kind, "return") != 0 && strcmp(in->kind, "family_notice") != 0;
    if (needs_reason && (!in->reason || !*in->reason))
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "reason");
    else if (validate_text(ctx, in->reason, REASON_MAX, true, "reason") != TK_OK)
        rc = TK_ERR_INVALID;
    if (strcmp(in->kind, "transfer") == 0 && !in->to_home_id)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "to_home_id");
    if (strcmp(in->kind, "leave") == 0 && !in->expected_return_at)
        rc = fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "expected_return_at");
    if (in->override_reason && validate_text(ctx, in->override_reason, REASON_MAX, true, "override_reason") != TK_OK)
        rc = TK_ERR_INVALID;
    return rc;
}

/* The state a movement takes a placement to from its state now; NULL with *refusal when it cannot. */
static const char *next_state(const Placement *p, const MovementRequest *in, const char **refusal)
{
    bool present = strcmp(p->state, "present") == 0;
    *refusal = NULL;
    if (strcmp(p->state, "discharged") == 0) {
        *refusal = "placement.discharged";
        return NULL;
    }
    if (strcmp(in->kind, "return") == 0) {
        *refusal = present ? "placement.not_away" : NULL;
        return "present";
    }
    if (strcmp(in->kind, "family_notice") == 0) {
        *refusal = p->transferred_at && p->family_notified_at < p->transferred_at ? NULL : "placement.no_transfer";
        return p->state;
    }
    if (strcmp(in->kind, "discharge") == 0)
        return "discharged";
    if (!present) {
        *refusal = "placement.not_present";
        return NULL;
    }
    if (strcmp(in->kind, "transfer") == 0)
        return "present";
    if (strcmp(in->kind, "leave") == 0) {
        /* home leave: a sentenced juvenile's, a week at most */
        if (strcmp(p->legal_status, "sentenced") != 0)
            *refusal = "placement.leave_sentenced_only";
        else if (in->expected_return_at <= in->at || in->expected_return_at - in->at > LEAVE_DAYS_MAX * DAY)
            *refusal = "placement.leave_too_long";
        return "leave";
    }
    return strcmp(in->kind, "absence") == 0 ? "absent" : in->kind; /* hospital, court */
}

int domain_placement_move(Ctx *ctx, int64_t placement_id, const MovementRequest *in, Placement *out,
                          PlacementMovement *movement)
{
    memset(movement, 0, sizeof *movement);
    int rc = check_movement(ctx, in);
    if (rc != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        rc = load_placement(ctx, placement_id, out);
        CaseView view;
        if (rc == TK_OK)
            rc = load_case(ctx, out->case_id, out->home_id, &view);
        if (rc == TK_OK)
            rc = check_time(ctx, in->at, out->admitted_at, "at");
        if (rc == TK_OK && out->version != in->version)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "version.conflict", "version");
        const char *refusal = NULL, *state = rc == TK_OK ? next_state(out, in, &refusal) : NULL;
        if (rc == TK_OK && refusal)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, refusal, "kind");
        if (rc == TK_OK && strcmp(in->kind, "discharge") == 0 &&
            strcmp(in->discharge_reason, "consent_withdrawn") == 0 && strcmp(out->legal_status, "voluntary") != 0)
            rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "placement.not_voluntary", "discharge_reason");
        const char *override_used = NULL;
        bool transfer = strcmp(in->kind, "transfer") == 0;
        if (rc == TK_OK && transfer && in->to_home_id == out->home_id && in->room_id == out->room_id)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "placement.same_home", "to_home_id");
        if (rc == TK_OK && transfer) {
            /* the separation rules and the places of the home it goes to */
            PlacementGate gate = {.authority = true};
            Home home;
            rc = fill_gate(ctx, out, in->to_home_id, in->room_id, out->id, &gate, &home);
            if (rc == TK_OK)
                rc = check_gate(ctx, &gate, in->override_reason, &override_used);
        }
        movement->placement_id = out->id;
        movement->kind = in->kind;
        movement->at = in->at;
        movement->reason = in->reason ? in->reason : in->discharge_reason;
        movement->from_home_id = out->home_id;
        movement->to_home_id = transfer ? in->to_home_id : 0;
        movement->expected_return_at = in->expected_return_at;
        movement->override_reason = override_used;
        if (rc == TK_OK) {
            out->state = state;
            if (transfer) {
                out->home_id = in->to_home_id;
                out->room_id = in->room_id;
                out->transferred_at = in->at; /* the family is told within 48 hours */
                out->capacity_override = override_used;
            }
            if (strcmp(in->kind, "family_notice") == 0)
                out->family_notified_at = in->at;
            if (strcmp(in->kind, "discharge") == 0) {
                out->discharged_at = in->at;
                out->discharge_reason = in->discharge_reason;
            }
            if ((rc = store_placement_update(ctx->db, out, access_acting_user(ctx))) == TK_ERR_CONFLICT)
                fault_field(ctx->fault, rc, "version.conflict", "version");
        }
        if (rc == TK_OK)
            rc = store_movement_add(ctx->db, movement, access_acting_user(ctx));
        if (rc == TK_OK)
            rc = domain_case_record(ctx, out->case_id, arena_printf(ctx->arena, "case.placement.%s", in->kind),
                                    movement->reason);
        if (rc == TK_OK && override_used)
            rc = domain_audit_change(ctx, "home.capacity.override", "home", in->to_home_id, "ok", override_used);
        /* a juvenile leaving care (not moved on to a correction centre at 18) is followed up after it: the case's
         * aftercare contacts, and it closes only after them */
        if (rc == TK_OK && strcmp(in->kind, "discharge") == 0 && strcmp(out->legal_status, "voluntary") != 0 &&
            strcmp(in->discharge_reason, "age_18_transfer") != 0) {
            char day[11];
            clock_amman_date(in->at, day);
            rc = domain_aftercare_begin(ctx, out->case_id, arena_strdup(ctx->arena, day),
                                        arena_printf(ctx->arena, "discharge from a home: %s", in->discharge_reason));
        }
        if (rc == TK_OK)
            rc = domain_case_tasks_refresh(ctx, out->case_id);
    });
    if (rc == TK_OK)
        rc = store_placement_get(ctx->db, placement_id, ctx->arena, out);
    return rc;
}
