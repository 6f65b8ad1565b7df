/* Homes and placements (domain.md §1, §3, §7; Havana Rules 19–21, 28–29): the ministry's juvenile homes and women's
 * shelters with their places by sex and age band and the legal statuses each holds; a resident admitted only on a
 * court measure or detention order in force (juveniles) or her recorded consent (shelters), every separation rule
 * checked when admitting and when moving; the movements of a stay; the register of a home (every read audited) and
 * the occupancy of all homes, with no names. Care-home staff see the residents of their own home only: the case
 * visibility predicate (store/case_visible.h) has their branch. */
#ifndef TAKAMUL_DOMAIN_HOMES_H
#define TAKAMUL_DOMAIN_HOMES_H

#include <stdbool.h>

#include "domain/core/context.h"
#include "model/home.h"

/* --- the rules, as pure functions --- */

/* The age band of a resident of age years: under_12, 12_15, 15_18, 18_plus (a juvenile staying on, to 20), or adult
 * (a woman of a shelter). */
const char *home_age_band(int age, bool juvenile_case);

/* Where an admission (or a transfer) stands against a home. */
typedef struct {
    const char *home_type, *home_statuses; /* the home's type and the statuses it holds (comma-separated) */
    const char *legal_status, *sex, *age_band;
    bool authority;             /* a measure in force of its kind, or a consent not withdrawn */
    const Placement *occupants; /* the residents of the room (or the home) it goes into */
    int occupant_count;
    bool sex_held, band_held; /* the home has places for the sex, and for the age band with it */
    int64_t places, occupied; /* of the room (or home) for the sex and age band */
    bool override;            /* a supervisor overrides capacity, with a reason */
} PlacementGate;

/* The refusal's error code (each names its rule), or NULL when allowed; *over_capacity when allowed only by the
 * override. */
const char *placement_refusal(const PlacementGate *gate, bool *over_capacity);

/* A resident still present whose measure has ended (an overstay), or whose measure ends within the next
 * HOME_DUE_DAYS days (due for discharge); today: YYYY-MM-DD in Amman. */
enum { HOME_DUE_DAYS = 14 };
bool placement_overstay(const Placement *p, const char *today);
bool placement_due_for_discharge(const Placement *p, const char *today);

/* --- homes --- */

/* Every home with its occupancy (residents, places by sex and age band, overstays, absences), with no names: for
 * the organisation's working roles, managers and the committee. */
int domain_homes(Ctx *ctx, Home **items, int *count);
/* A home with its rooms and places, each with its occupants now. */
int domain_home_get(Ctx *ctx, int64_t id, Home *home);
/* Makes a unit of a home's type a home (administrators): its type, statuses, rooms and places. */
int domain_home_add(Ctx *ctx, Home *home);
/* Changes a home's data (administrators) at home->version: its statuses, its rooms (those of an id renamed, those
 * without added, those left out removed unless anyone ever stayed there) and its places (as for domain_home_add,
 * replaced whole). A status a resident holds stays. */
int domain_home_update(Ctx *ctx, Home *home);

typedef struct {
    Home home;
    Placement *residents; /* not discharged, by room */
    int resident_count;
    const char *today;
} HomeRegister;

/* The register of a home: its own staff, or managers; every read audited (printed: as the PDF it is made into). */
int domain_home_register(Ctx *ctx, int64_t id, bool printed, HomeRegister *out);

/* --- placements --- */

typedef struct {
    int64_t person_id; /* 0: the case's one juvenile (or victim) */
    int64_t home_id, room_id, measure_id, consent_id;
    const char *order_number; /* without a measure or consent: the case's measure of that decision number, the order a
                                 home is shown */
    int64_t admitted_at;
    const char *override_reason; /* a supervisor's, to exceed capacity */
} AdmissionRequest;

/* The placements of a case, newest first. */
int domain_case_placements(Ctx *ctx, int64_t case_id, Placement **items, int *count);
/* Admits a person of the case to a home: on a measure in force (juveniles) or a consent (women), every rule. */
int domain_placement_admit(Ctx *ctx, int64_t case_id, const AdmissionRequest *in, Placement *out);
/* Admits to the home the person of the case of that reference (as the order names it): the home's staff on the
 * decision number they are shown; an unknown reference is refused as an order that does not match (their staff) or
 * a case not found (others). */
int domain_home_admit(Ctx *ctx, int64_t home_id, const char *case_reference, const AdmissionRequest *in,
                      Placement *out);

typedef struct {
    const char *kind; /* transfer, leave, absence, hospital, court, return, family_notice, discharge */
    int64_t at, expected_return_at, to_home_id, room_id, version;
    const char *reason, *discharge_reason, *override_reason;
} MovementRequest;

/* The movements of a placement, oldest first (for whoever sees its case). */
int domain_placement_movements(Ctx *ctx, int64_t placement_id, Placement *placement, PlacementMovement **items,
                               int *count);
/* Records a movement of a placement at its version; the placement as it is after it in *out. */
int domain_placement_move(Ctx *ctx, int64_t placement_id, const MovementRequest *in, Placement *out,
                          PlacementMovement *movement);

#endif
