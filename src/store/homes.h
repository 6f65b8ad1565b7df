/* Homes, their rooms and places, placements and their movements in the database. Strings of returned records live in
 * the caller's arena. */
#ifndef TAKAMUL_STORE_HOMES_H
#define TAKAMUL_STORE_HOMES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/home.h"
#include "store/store.h"

/* Records the home's data on its unit (home->id), its rooms (ids set) and places (room_id: an index into its rooms
 * plus one, 0 for the home, turned into the room's id); TK_ERR_EXISTS when the unit is a home already. */
int store_home_add(Db *db, Home *home);
/* Writes a home's statuses at home->version (TK_ERR_CONFLICT when it changed meanwhile) and bumps it; renames its
 * rooms of an id and adds those without one (ids set), removes the dropped rooms, and replaces its places (room_id as
 * for store_home_add). TK_ERR_EXISTS when two rooms would have one name. */
int store_home_update(Db *db, Home *home, const int64_t *dropped_rooms, int dropped_count);
/* Whether any placement, past or present, was in the room. */
int store_room_used(Db *db, int64_t room_id, bool *used);
/* Every home with its unit's names and its counts (residents, overstays on date today, absences, overrides). */
int store_homes(Db *db, const char *today, Arena *arena, Home **items, int *count);
/* A home with its rooms and places (each with its occupants now); TK_ERR_NOT_FOUND when the unit is no home. */
int store_home_get(Db *db, int64_t id, Arena *arena, Home *home);

/* The residents of a home not discharged (with names, rooms, measures), by room and name. */
int store_home_residents(Db *db, int64_t home_id, Arena *arena, Placement **items, int *count);

int store_placement_add(Db *db, Placement *placement, int64_t by);
/* The placements not discharged that rest on measure `from` rest on measure `to` (a detention order's renewal), at a
 * new version: a change made on the one before is refused. */
int store_placements_follow(Db *db, int64_t from, int64_t to);
/* A placement (with its case's reference, the person's name and birth date); TK_ERR_NOT_FOUND when there is none. */
int store_placement_get(Db *db, int64_t id, Arena *arena, Placement *placement);
/* The placements of a case, newest first. */
int store_case_placements(Db *db, int64_t case_id, Arena *arena, Placement **items, int *count);
/* Writes the placement's home, room, state, discharge, transfer and notice at placement->version and bumps it:
 * TK_ERR_CONFLICT when it changed meanwhile. */
int store_placement_update(Db *db, Placement *placement, int64_t by);

int store_movement_add(Db *db, PlacementMovement *movement, int64_t by);
/* The movements of a placement, oldest first. */
int store_movements(Db *db, int64_t placement_id, Arena *arena, PlacementMovement **items, int *count);

#endif
