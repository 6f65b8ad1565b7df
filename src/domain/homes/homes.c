/* Homes: their data on a unit of a home's type, the occupancy of all (no names), and the register of one. */
#include "domain/homes/homes.h"

#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "domain/cases/deadlines.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"
#include "domain/core/validate.h"
#include "store/homes.h"
#include "store/org.h"

/* The unit type each home type is a unit of, and the statuses it holds unless told otherwise. */
static const struct {
    const char *home_type, *unit_type, *statuses;
} home_types[] = {
    {"juvenile_education_home", "juvenile_education_home", "detained"},
    {"juvenile_rehabilitation_home", "juvenile_rehabilitation_home", "sentenced"},
    {"juvenile_care_home", "juvenile_care_home", "protection"},
    {"family_reconciliation_home", "shelter", "voluntary"},
    {"amna_home", "shelter", "voluntary"},
};

static const char *const statuses[] = {"detained", "sentenced", "protection", "voluntary"};
static const char *const sexes[] = {"female", "male"};
static const char *const bands[] = {"under_12", "12_15", "15_18", "18_plus", "adult"};

int domain_homes(Ctx *ctx, Home **items, int *count)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_READ_UNITS);
    char today[11];
    clock_amman_today(today);
    rc = store_homes(ctx->db, today, ctx->arena, items, count);
    for (int i = 0; rc == TK_OK && i < *count; i++) {
        Home full;
        rc = store_home_get(ctx->db, (*items)[i].id, ctx->arena, &full);
        (*items)[i].places = full.places;
        (*items)[i].place_count = full.place_count;
        (*items)[i].rooms = full.rooms;
        (*items)[i].room_count = full.room_count;
    }
    return rc == TK_OK ? domain_audit_read(ctx, "home.occupancy.read", "home", 0, NULL) : rc;
}

int domain_home_get(Ctx *ctx, int64_t id, Home *home)
{
    int rc = access_require(ctx, CAP_READ_UNITS);
    if (rc == TK_OK && (rc = store_home_get(ctx->db, id, ctx->arena, home)) == TK_ERR_NOT_FOUND)
        fault_set(ctx->fault, rc, "not_found");
    return rc;
}

/* The statuses of a home: each known, none twice. */
static bool statuses_valid(const char *list)
{
    if (!list || !*list)
        return false;
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        bool known = false;
        for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
            known = known || (strlen(statuses[i]) == len && strncmp(statuses[i], p, len) == 0);
        if (!known)
            return false;
        p = end ? end + 1 : p + len;
    }
    return true;
}

/* A home's statuses, rooms and places, checked alone: known statuses, none twice; rooms named, no name twice; places
 * of a known sex and age band, of a room of the list, not negative. */
static int check_home_data(Ctx *ctx, const Home *home)
{
    if (!statuses_valid(home->statuses))
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.code", "statuses");
    for (int i = 0; i < home->place_count; i++) {
        const HomePlaces *p = &home->places[i];
        if (!CODES_ONE_OF(p->sex, sexes) || !CODES_ONE_OF(p->age_band, bands) || p->places < 0 || p->places > 10000 ||
            p->room_id < 0 || p->room_id > home->room_count)
            return fault_field(ctx->fault, TK_ERR_INVALID, "field.invalid", "places");
        for (int j = 0; j < i; j++)
            if (home->places[j].room_id == p->room_id && strcmp(home->places[j].sex, p->sex) == 0 &&
                strcmp(home->places[j].age_band, p->age_band) == 0)
                return fault_field(ctx->fault, TK_ERR_INVALID, "home.places_twice", "places");
    }
    for (int i = 0; i < home->room_count; i++) {
        const char *name = home->rooms[i].name;
        if (validate_text(ctx, name, 100, false, "rooms") != TK_OK)
            return TK_ERR_INVALID;
        for (int j = 0; j < i; j++)
            if (strcmp(home->rooms[j].name, name) == 0)
                return fault_field(ctx->fault, TK_ERR_INVALID, "home.room_twice", "rooms");
    }
    return TK_OK;
}

/* The index (plus one) of a room among the home's rooms as changed, 0 for none or a room not kept. */
static int room_index(const Home *home, int64_t room_id)
{
    for (int i = 0; room_id && i < home->room_count; i++)
        if (home->rooms[i].id == room_id)
            return i + 1;
    return 0;
}

/* Whether the places a resident holds (of her room, else of the home, for her sex and age band) would be fewer, as
 * the home is changed, than the residents who hold them tonight. */
static bool places_short(const Home *home, const Placement *residents, int count, const Placement *r)
{
    int room = room_index(home, r->room_id);
    int64_t places = 0;
    bool room_rows = false;
    for (int pass = 0; pass < 2 && !room_rows; pass++) {
        int at = pass == 0 ? room : 0;
        if (pass == 1 && room == 0)
            break;
        for (int i = 0; i < home->place_count; i++) {
            const HomePlaces *p = &home->places[i];
            if (p->room_id != at || strcmp(p->sex, r->sex) != 0 || strcmp(p->age_band, r->age_band) != 0)
                continue;
            room_rows = true;
            places += p->places;
        }
    }
    int64_t held = 0;
    for (int i = 0; i < count; i++)
        held += room_index(home, residents[i].room_id) == room && strcmp(residents[i].sex, r->sex) == 0 &&
                strcmp(residents[i].age_band, r->age_band) == 0;
    return places < held;
}

int domain_home_update(Ctx *ctx, Home *home)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    if (!home->version)
        return fault_field(ctx->fault, TK_ERR_INVALID, "field.required", "version");
    if ((rc = check_home_data(ctx, home)) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        Home now;
        rc = domain_found(ctx, store_home_get(ctx->db, home->id, ctx->arena, &now));
        /* a room given by its id is one of this home's */
        for (int i = 0; rc == TK_OK && i < home->room_count; i++) {
            bool known = !home->rooms[i].id;
            for (int j = 0; j < now.room_count; j++)
                known = known || now.rooms[j].id == home->rooms[i].id;
            if (!known)
                rc = fault_field(ctx->fault, TK_ERR_INVALID, "home.no_room", "rooms");
        }
        /* a room left out is removed, unless anyone ever stayed in it */
        int64_t *dropped = arena_calloc(ctx->arena, (size_t)now.room_count + 1, sizeof(int64_t));
        int dropped_count = 0;
        for (int j = 0; rc == TK_OK && j < now.room_count; j++) {
            bool kept = false;
            for (int i = 0; i < home->room_count; i++)
                kept = kept || home->rooms[i].id == now.rooms[j].id;
            bool used = false;
            if (!kept && (rc = store_room_used(ctx->db, now.rooms[j].id, &used)) == TK_OK && used)
                rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "home.room_in_use", "rooms");
            if (!kept)
                dropped[dropped_count++] = now.rooms[j].id;
        }
        /* no status taken from the home while a resident holds it */
        Placement *residents = NULL;
        int count = 0;
        if (rc == TK_OK)
            rc = store_home_residents(ctx->db, home->id, ctx->arena, &residents, &count);
        for (int i = 0; rc == TK_OK && i < count; i++)
            if (!codes_listed(home->statuses, residents[i].legal_status))
                rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "home.status_in_use", "statuses");
        /* nor fewer places than the residents who hold them tonight */
        for (int i = 0; rc == TK_OK && i < count; i++)
            if (places_short(home, residents, count, &residents[i]))
                rc = fault_field(ctx->fault, TK_ERR_CONFLICT, "home.places_in_use", "places");
        if (rc == TK_OK && (rc = store_home_update(ctx->db, home, dropped, dropped_count)) == TK_ERR_EXISTS)
            fault_field(ctx->fault, TK_ERR_INVALID, "home.room_twice", "rooms");
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "home.update", "home", home->id, "ok", home->statuses);
    });
    return rc == TK_ERR_EXISTS ? TK_ERR_INVALID : rc;
}

int domain_home_add(Ctx *ctx, Home *home)
{
    DOMAIN_REQUIRE(rc, ctx, CAP_MANAGE_ORGANISATION);
    int type = -1;
    for (size_t i = 0; home->home_type && i < sizeof home_types / sizeof home_types[0]; i++)
        if (strcmp(home_types[i].home_type, home->home_type) == 0)
            type = (int)i;
    if (type < 0)
        return fault_field(ctx->fault, TK_ERR_INVALID, home->home_type ? "field.code" : "field.required", "home_type");
    if (!home->statuses)
        home->statuses = home_types[type].statuses;
    if ((rc = check_home_data(ctx, home)) != TK_OK)
        return rc;
    DOMAIN_TRANSACTION(ctx, rc, {
        Unit unit;
        if ((rc = store_unit_get(ctx->db, home->id, ctx->arena, &unit)) == TK_ERR_NOT_FOUND)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "home.unit", "unit_id");
        if (rc == TK_OK && strcmp(unit.type, home_types[type].unit_type) != 0)
            rc = fault_field(ctx->fault, TK_ERR_INVALID, "home.unit_type", "home_type");
        if (rc == TK_OK && (rc = store_home_add(ctx->db, home)) == TK_ERR_EXISTS)
            fault_field(ctx->fault, TK_ERR_CONFLICT, "home.exists", "unit_id");
        if (rc == TK_OK)
            rc = domain_audit_change(ctx, "home.add", "home", home->id, "ok", home->home_type);
    });
    return rc == TK_ERR_EXISTS ? TK_ERR_CONFLICT : rc;
}

bool placement_overstay(const Placement *p, const char *today)
{
    return strcmp(p->state, "discharged") != 0 && p->measure_ends_on && days_between(today, p->measure_ends_on) < 0;
}

bool placement_due_for_discharge(const Placement *p, const char *today)
{
    if (strcmp(p->state, "discharged") == 0 || !p->measure_ends_on)
        return false;
    int64_t left = days_between(today, p->measure_ends_on);
    return left >= 0 && left <= HOME_DUE_DAYS;
}

int domain_home_register(Ctx *ctx, int64_t id, bool printed, HomeRegister *out)
{
    memset(out, 0, sizeof *out);
    DOMAIN_REQUIRE(rc, ctx, CAP_READ_CASE_CONTENT);
    /* its own staff, or the ministry's managers; anyone else is told it does not exist */
    bool staff = access_has_role(ctx, ROLE_HOME_STAFF) && ctx->unit && ctx->unit->id == id;
    bool manager = access_has_role(ctx, ROLE_MANAGER) && ctx->unit && strcmp(ctx->unit->agency, "mosd") == 0;
    if (!staff && !manager) {
        domain_audit_read_outcome(ctx, "home.register.read", "home", id, "denied", NULL);
        return fault_set(ctx->fault, TK_ERR_NOT_FOUND, "not_found");
    }
    if ((rc = store_home_get(ctx->db, id, ctx->arena, &out->home)) == TK_ERR_NOT_FOUND)
        return fault_set(ctx->fault, rc, "not_found");
    if (rc == TK_OK)
        rc = store_home_residents(ctx->db, id, ctx->arena, &out->residents, &out->resident_count);
    char *today = arena_alloc(ctx->arena, 11);
    clock_amman_today(today);
    out->today = today;
    return rc == TK_OK ? domain_audit_read(ctx, "home.register.read", "home", id, printed ? "pdf" : NULL) : rc;
}
