#include "store/homes.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "store/sql.h"

/* The places of a home (room_id: an index into its rooms plus one, 0 for the home, turned into the room's id). */
static int add_places(Db *db, Home *home)
{
    int rc = TK_OK;
    for (int i = 0; rc == TK_OK && i < home->place_count; i++) {
        HomePlaces *p = &home->places[i];
        if (p->room_id > 0 && p->room_id <= home->room_count)
            p->room_id = home->rooms[p->room_id - 1].id;
        rc = sql_run(db,
                     "INSERT INTO home_places (home_id, room_id, sex, age_band, places)"
                     " VALUES (:home, :room, :sex, :band, :places)",
                     SQL_ARGS(SQL_INT(":home", home->id), SQL_ID(":room", p->room_id), SQL_TEXT(":sex", p->sex),
                              SQL_TEXT(":band", p->age_band), SQL_INT(":places", p->places)));
    }
    return rc;
}

int store_home_add(Db *db, Home *home)
{
    int64_t now = clock_now();
    Query q = sql_query(db, "INSERT INTO homes (unit_id, home_type, statuses, created_at, updated_at)"
                            " VALUES (:id, :home_type, :statuses, :now, :now)");
    sql_bind_fields(&q, home, SQL_FIELDS(Home, id, home_type, statuses));
    sql_int(&q, ":now", now);
    int rc = sql_exec(&q);
    for (int i = 0; rc == TK_OK && i < home->room_count; i++) {
        rc = sql_run_returning(db, "INSERT INTO home_rooms (home_id, name) VALUES (:home, :name) RETURNING id",
                               &home->rooms[i].id,
                               SQL_ARGS(SQL_INT(":home", home->id), SQL_TEXT(":name", home->rooms[i].name)));
    }
    return rc == TK_OK ? add_places(db, home) : rc;
}

int store_home_update(Db *db, Home *home, const int64_t *dropped_rooms, int dropped_count)
{
    Query q = sql_query(db, "UPDATE homes SET statuses = :statuses, updated_at = :now, version = version + 1"
                            " WHERE unit_id = :id AND version = :version");
    sql_bind_args(&q, SQL_ARGS(SQL_TEXT(":statuses", home->statuses), SQL_INT(":now", clock_now())));
    int rc = sql_exec_versioned(&q, home->id, home->version); /* binds :id and :version */
    if (rc != TK_OK)
        return rc;
    rc = sql_run(db, "DELETE FROM home_places WHERE home_id = :home", SQL_ARGS(SQL_INT(":home", home->id)));
    for (int i = 0; rc == TK_OK && i < dropped_count; i++) {
        rc = sql_run(db, "DELETE FROM home_rooms WHERE id = :id AND home_id = :home",
                     SQL_ARGS(SQL_INT(":id", dropped_rooms[i]), SQL_INT(":home", home->id)));
    }
    /* renamed through a name no room has, so that two rooms may swap their names */
    for (int i = 0; rc == TK_OK && i < home->room_count; i++) {
        if (!home->rooms[i].id)
            continue;
        rc = sql_run(db, "UPDATE home_rooms SET name = '#' || CAST(id AS TEXT) WHERE id = :id AND home_id = :home",
                     SQL_ARGS(SQL_INT(":id", home->rooms[i].id), SQL_INT(":home", home->id)));
    }
    for (int i = 0; rc == TK_OK && i < home->room_count; i++) {
        HomeRoom *room = &home->rooms[i];
        if (room->id) {
            rc = sql_run_one(
                db, "UPDATE home_rooms SET name = :name WHERE id = :id AND home_id = :home", TK_ERR_NOT_FOUND,
                SQL_ARGS(SQL_TEXT(":name", room->name), SQL_INT(":id", room->id), SQL_INT(":home", home->id)));
        } else {
            rc = sql_run_returning(db, "INSERT INTO home_rooms (home_id, name) VALUES (:home, :name) RETURNING id",
                                   &room->id, SQL_ARGS(SQL_INT(":home", home->id), SQL_TEXT(":name", room->name)));
        }
    }
    return rc == TK_OK ? add_places(db, home) : rc;
}

int store_room_used(Db *db, int64_t room_id, bool *used)
{
    Query q = sql_query(db, "SELECT 1 FROM placements WHERE room_id = :room LIMIT 1");
    sql_int(&q, ":room", room_id);
    *used = sql_row(&q);
    return sql_done(&q);
}

/* A resident still in the home (not discharged), as a list the index on (home_id, state) can answer. */
#define STAYING "('present', 'leave', 'absent', 'hospital', 'court')"

#define HOME_FIELDS "h.unit_id, h.home_type, h.statuses, u.name_ar, u.name_en, u.governorate, h.version"
#define HOME_COLUMNS HOME_FIELDS " FROM homes h JOIN units u ON u.id = h.unit_id"

SQL_RECORD(HOME, Home, id, home_type, statuses, name_ar, name_en, governorate, version);
/* With its counts after its columns. */
SQL_RECORD(HOME_COUNTS, Home, id, home_type, statuses, name_ar, name_en, governorate, version, residents, overstays,
           absences, capacity_overrides);

int store_homes(Db *db, const char *today, Arena *arena, Home **items, int *count)
{
    return sql_list(
        db, &HOME_COUNTS,
        "SELECT " HOME_FIELDS ","
        " (SELECT count(*) FROM placements p WHERE p.home_id = h.unit_id AND p.state IN " STAYING ") AS residents,"
        " (SELECT count(*) FROM placements p JOIN case_measures m ON m.id = p.measure_id"
        "   WHERE p.home_id = h.unit_id AND p.state IN " STAYING
        "   AND (m.released_on IS NOT NULL OR m.ends_on < :today)) AS overstays,"
        " (SELECT count(*) FROM placements p WHERE p.home_id = h.unit_id AND p.state = 'absent') AS absences,"
        " (SELECT count(*) FROM placements p WHERE p.home_id = h.unit_id AND p.capacity_override IS NOT NULL)"
        " FROM homes h JOIN units u ON u.id = h.unit_id ORDER BY u.governorate, u.name_ar, h.unit_id",
        0, arena, items, count, SQL_ARGS(SQL_TEXT(":today", today)));
}

#define ROOM_COLUMNS "id, name FROM home_rooms"
SQL_RECORD(ROOM, HomeRoom, id, name);

SQL_RECORD(PLACES, HomePlaces, room_id, sex, age_band, places, occupied);

int store_home_get(Db *db, int64_t id, Arena *arena, Home *home)
{
    int rc = sql_get_by(db, &HOME, "SELECT " HOME_COLUMNS " WHERE h.unit_id = :id", ":id", id, arena, home);
    if (rc == TK_OK)
        rc = sql_list_by(db, &ROOM, "SELECT " ROOM_COLUMNS " WHERE home_id = :home ORDER BY name, id", ":home", id,
                         arena, &home->rooms, &home->room_count);
    /* the occupants of each row of places: of its room, or of the home when the row is the home's */
    if (rc == TK_OK)
        rc = sql_list_by(db, &PLACES,
                         "SELECT hp.room_id, hp.sex, hp.age_band, hp.places, (SELECT count(*) FROM placements o"
                         "   WHERE o.home_id = hp.home_id AND o.state IN " STAYING
                         " AND o.sex = hp.sex AND o.age_band = hp.age_band"
                         "   AND (hp.room_id IS NULL OR o.room_id = hp.room_id))"
                         " FROM home_places hp WHERE hp.home_id = :home ORDER BY hp.room_id, hp.sex, hp.age_band",
                         ":home", id, arena, &home->places, &home->place_count);
    return rc;
}

#define PLACEMENT_COLUMNS                                                                                              \
    "p.id, p.case_id, p.person_id, p.home_id, p.room_id, p.measure_id, p.consent_id, p.legal_status, p.sex,"           \
    " p.age_band, p.state, p.admitted_at, p.discharged_at, p.transferred_at, p.family_notified_at,"                    \
    " p.discharge_reason, p.capacity_override, p.created_by, p.created_at, p.updated_at, p.version,"                   \
    " s.first_name, s.father_name, s.grandfather_name, s.family_name, s.birth_date, c.reference, r.name, m.kind,"      \
    " m.ends_on, m.released_on, u.name_ar FROM placements p JOIN persons s ON s.id = p.person_id"                      \
    " JOIN cases c ON c.id = p.case_id JOIN units u ON u.id = p.home_id"                                               \
    " LEFT JOIN home_rooms r ON r.id = p.room_id LEFT JOIN case_measures m ON m.id = p.measure_id"

/* One row (a SqlReadRow): item is a Placement. A measure ended early ends on its release. */
static void read_placement(Query *q, Arena *arena, void *item)
{
    Placement *p = item;
    int k = 0;
    k = sql_read_fields(q, k, arena, p,
                        SQL_FIELDS(Placement, id, case_id, person_id, home_id, room_id, measure_id, consent_id,
                                   legal_status, sex, age_band, state, admitted_at, discharged_at, transferred_at,
                                   family_notified_at, discharge_reason, capacity_override, created_by, created_at,
                                   updated_at, version));
    p->person_name = sql_col_full_name(q, k, arena);
    k += 4;
    k = sql_read_fields(q, k, arena, p,
                        SQL_FIELDS(Placement, birth_date, case_reference, room_name, measure_kind, measure_ends_on));
    char *released = sql_col_text(q, k++, arena);
    if (released && (!p->measure_ends_on || strcmp(released, p->measure_ends_on) < 0))
        p->measure_ends_on = released;
    p->home_name = sql_col_text(q, k++, arena);
}
SQL_RECORD_READ(PLACEMENT, Placement, read_placement);

int store_home_residents(Db *db, int64_t home_id, Arena *arena, Placement **items, int *count)
{
    return sql_list_by(db, &PLACEMENT,
                       "SELECT " PLACEMENT_COLUMNS " WHERE p.home_id = :home AND p.state IN " STAYING
                       " ORDER BY r.name, s.first_name, s.family_name, p.id",
                       ":home", home_id, arena, items, count);
}

int store_placement_add(Db *db, Placement *p, int64_t by)
{
    sql_stamp_new(by, &p->created_at, &p->created_by, &p->updated_at, &p->version);
    Query q = sql_query(
        db, "INSERT INTO placements (case_id, person_id, home_id, room_id, legal_status, measure_id, consent_id, sex,"
            " age_band, state, admitted_at, capacity_override, created_by, created_at, updated_by, updated_at)"
            " VALUES (:case_id, :person_id, :home_id, :room, :legal_status, :measure, :consent, :sex, :age_band,"
            " 'present', :admitted_at, :capacity_override, :by, :now, :by, :now) RETURNING id");
    sql_bind_fields(&q, p,
                    SQL_FIELDS(Placement, case_id, person_id, home_id, legal_status, sex, age_band, admitted_at,
                               capacity_override));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":room", p->room_id), SQL_ID(":measure", p->measure_id),
                               SQL_ID(":consent", p->consent_id), SQL_ID(":by", by), SQL_INT(":now", p->created_at)));
    p->state = "present";
    return sql_exec_returning(&q, &p->id);
}

int store_placements_follow(Db *db, int64_t from, int64_t to)
{
    return sql_run(db,
                   "UPDATE placements SET measure_id = :to, updated_at = :now, version = version + 1"
                   " WHERE measure_id = :from AND state IN " STAYING,
                   SQL_ARGS(SQL_INT(":to", to), SQL_INT(":now", clock_now()), SQL_INT(":from", from)));
}

int store_placement_get(Db *db, int64_t id, Arena *arena, Placement *placement)
{
    return sql_get_by(db, &PLACEMENT, "SELECT " PLACEMENT_COLUMNS " WHERE p.id = :id", ":id", id, arena, placement);
}

int store_case_placements(Db *db, int64_t case_id, Arena *arena, Placement **items, int *count)
{
    return sql_list_by(db, &PLACEMENT, "SELECT " PLACEMENT_COLUMNS " WHERE p.case_id = :case ORDER BY p.id DESC",
                       ":case", case_id, arena, items, count);
}

int store_placement_update(Db *db, Placement *p, int64_t by)
{
    Query q = sql_query(
        db, "UPDATE placements SET home_id = :home, room_id = :room, state = :state, discharged_at = :discharged,"
            " discharge_reason = :reason, transferred_at = :transferred, family_notified_at = :notified,"
            " capacity_override = :override, updated_by = :by, updated_at = :now, version = version + 1"
            " WHERE id = :id AND version = :version");
    sql_bind_args(&q, SQL_ARGS(SQL_INT(":home", p->home_id), SQL_ID(":room", p->room_id), SQL_TEXT(":state", p->state),
                               SQL_ID(":discharged", p->discharged_at), SQL_TEXT(":reason", p->discharge_reason),
                               SQL_ID(":transferred", p->transferred_at), SQL_ID(":notified", p->family_notified_at),
                               SQL_TEXT(":override", p->capacity_override)));
    return sql_update_by(&q, by, p->id, &p->version);
}

int store_movement_add(Db *db, PlacementMovement *m, int64_t by)
{
    sql_stamp(by, &m->recorded_at, &m->recorded_by);
    Query q = sql_query(
        db,
        "INSERT INTO placement_movements (placement_id, kind, at, reason, from_home_id, to_home_id,"
        " expected_return_at, override_reason, recorded_by, recorded_at) VALUES (:placement_id, :kind, :at, :reason,"
        " :from, :to, :expected, :override, :by, :now) RETURNING id");
    sql_bind_fields(&q, m, SQL_FIELDS(PlacementMovement, placement_id, kind, at, reason));
    sql_bind_args(&q, SQL_ARGS(SQL_ID(":from", m->from_home_id), SQL_ID(":to", m->to_home_id),
                               SQL_ID(":expected", m->expected_return_at), SQL_TEXT(":override", m->override_reason)));
    return sql_insert_by(&q, by, m->recorded_at, &m->id);
}

#define MOVEMENT_COLUMNS                                                                                               \
    "m.id, m.placement_id, m.kind, m.at, m.reason, m.from_home_id, m.to_home_id, m.expected_return_at,"                \
    " m.override_reason, m.recorded_by, m.recorded_at, u.full_name FROM placement_movements m"                         \
    " LEFT JOIN users u ON u.id = m.recorded_by"
SQL_RECORD(MOVEMENT, PlacementMovement, id, placement_id, kind, at, reason, from_home_id, to_home_id,
           expected_return_at, override_reason, recorded_by, recorded_at, recorded_by_name);

int store_movements(Db *db, int64_t placement_id, Arena *arena, PlacementMovement **items, int *count)
{
    return sql_list_by(db, &MOVEMENT,
                       "SELECT " MOVEMENT_COLUMNS " WHERE m.placement_id = :placement ORDER BY m.at, m.id",
                       ":placement", placement_id, arena, items, count);
}
