/* The demo's homes: the units of the homes' types made homes, each with the statuses it holds and realistic places by
 * sex and age band (for scale: 20 children's homes hold about 680 children against 1,459 places; juvenile homes
 * hold about 270 at once across six centres), some with rooms or wings. Synthetic figures. */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "domain/demo/demo.h"
#include "domain/homes/homes.h"
#include "store/org.h"

typedef struct {
    const char *unit_code, *home_type, *statuses;
    const char *rooms[3];
    HomePlaces places[6]; /* room_id: a room's index plus one, 0 for the home; ended by places 0 and no sex */
} DemoHome;

static const DemoHome demo_homes[] = {
    {"HOME-EDU-AMM",
     "juvenile_education_home",
     "detained",
     {"الجناح أ", "الجناح ب", NULL},
     {{1, "male", "12_15", 10, 0}, {1, "male", "15_18", 14, 0}, {2, "male", "15_18", 16, 0}}},
    {"HOME-EDU-IRB",
     "juvenile_education_home",
     "detained",
     {NULL},
     {{0, "male", "12_15", 8, 0}, {0, "male", "15_18", 12, 0}}},
    {"HOME-REH-AMM",
     "juvenile_rehabilitation_home",
     "sentenced",
     {NULL},
     {{0, "male", "12_15", 15, 0}, {0, "male", "15_18", 40, 0}, {0, "male", "18_plus", 8, 0}}},
    {"HOME-REH-GIRLS",
     "juvenile_rehabilitation_home",
     "detained,sentenced",
     {"جناح الموقوفات", "جناح المحكومات", NULL},
     {{1, "female", "12_15", 4, 0},
      {1, "female", "15_18", 6, 0},
      {2, "female", "12_15", 4, 0},
      {2, "female", "15_18", 8, 0}}},
    {"HOME-CARE-AMM",
     "juvenile_care_home",
     "protection",
     {"جناح الفتيات", "جناح الفتيان", NULL},
     {{1, "female", "under_12", 20, 0},
      {1, "female", "12_15", 20, 0},
      {1, "female", "15_18", 15, 0},
      {2, "male", "under_12", 15, 0}}},
    {"HOME-CARE-ZRQ",
     "juvenile_care_home",
     "protection",
     {NULL},
     {{0, "male", "under_12", 25, 0}, {0, "male", "12_15", 30, 0}, {0, "male", "15_18", 25, 0}}},
    {"SHELTER-WIFAQ-AMM", "family_reconciliation_home", "voluntary", {NULL}, {{0, "female", "adult", 50, 0}}},
    {"SHELTER-WIFAQ-IRB", "family_reconciliation_home", "voluntary", {NULL}, {{0, "female", "adult", 30, 0}}},
    {"SHELTER-AMINA", "amna_home", "voluntary", {NULL}, {{0, "female", "adult", 24, 0}}},
};

int demo_fill_homes(Ctx *ctx, FILE *out)
{
    int rc = TK_OK, made = 0;
    int64_t capacity = 0;
    for (size_t i = 0; i < sizeof demo_homes / sizeof demo_homes[0] && rc == TK_OK; i++) {
        const DemoHome *d = &demo_homes[i];
        Unit unit;
        if ((rc = store_unit_get_by_code(ctx->db, d->unit_code, ctx->arena, &unit)) != TK_OK)
            break;
        HomeRoom rooms[3];
        HomePlaces places[6];
        Home home = {
            .id = unit.id, .home_type = d->home_type, .statuses = d->statuses, .rooms = rooms, .places = places};
        for (int r = 0; r < 3 && d->rooms[r]; r++)
            rooms[home.room_count++] = (HomeRoom){.name = (char *)d->rooms[r]};
        for (int p = 0; p < 6 && d->places[p].sex; p++) {
            places[home.place_count++] = d->places[p];
            capacity += d->places[p].places;
        }
        rc = domain_home_add(ctx, &home);
        made += rc == TK_OK;
    }
    if (rc == TK_OK)
        fprintf(out, "Demo homes: %d homes and shelters with %lld places.\n", made, (long long)capacity);
    return rc;
}
