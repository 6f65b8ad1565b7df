/* Homes and placements: a home (a unit of a home's type) with its places by sex and age band and its rooms; a
 * resident's placement in it on a court measure or her consent, with its movements; the register of a home and the
 * occupancy of all homes. */
#ifndef TAKAMUL_MODEL_HOME_H
#define TAKAMUL_MODEL_HOME_H

#include <stdbool.h>
#include <stdint.h>

/* Places of a home (room_id 0) or of one of its rooms, for one sex and age band; occupied: residents not discharged. */
typedef struct {
    int64_t room_id;
    const char *sex, *age_band;
    int64_t places, occupied;
} HomePlaces;

typedef struct {
    int64_t id;
    char *name;
} HomeRoom;

typedef struct {
    int64_t id;                       /* the unit's id */
    const char *home_type, *statuses; /* statuses: the legal statuses it holds, comma-separated */
    char *name_ar, *name_en, *governorate;
    int64_t version;
    HomeRoom *rooms;
    int room_count;
    HomePlaces *places;
    int place_count;
    int64_t residents, overstays, absences, capacity_overrides; /* filled for lists and the register */
} Home;

typedef struct {
    int64_t id, case_id, person_id, home_id, room_id, measure_id, consent_id;
    const char *legal_status, *sex, *age_band, *state; /* state: present, leave, absent, hospital, court, discharged */
    int64_t admitted_at, discharged_at, transferred_at, family_notified_at;
    const char *discharge_reason, *capacity_override;
    int64_t created_by, created_at, updated_at, version;
    /* read with the placement for the register and the case */
    char *person_name, *case_reference, *room_name, *measure_kind, *measure_ends_on, *home_name;
    char *birth_date;
} Placement;

typedef struct {
    int64_t id, placement_id;
    const char *kind, *reason, *override_reason;
    int64_t at, from_home_id, to_home_id, expected_return_at;
    int64_t recorded_by, recorded_at;
    char *recorded_by_name;
} PlacementMovement;

#endif
