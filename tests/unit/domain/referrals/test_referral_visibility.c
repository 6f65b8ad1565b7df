/* Who sees a referral has one definition (REFERRAL_SEEN in store/referrals.c): the single read (domain_referral_get)
 * and the units' boxes (domain_referral_list) must agree on every viewer and referral. A grid of viewers (a worker and
 * the supervisor of the sending unit, a worker of the receiving unit, a worker of a third unit assigned to the
 * restricted case, a manager, a worker of the unit that holds a case now) by referrals (of a normal case, of a
 * restricted one, of a restricted one since moved to another unit, of a sealed one); what each viewer sees is
 * written out, so that a rule that drifts, or one that changes in both places at once, fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "domain/core/codes.h"
#include "domain/referrals/referrals.h"
#include "store/cases.h"
#include "store/org.h"
#include "store/records.h"
#include "store/referrals.h"
#include "store/store.h"
#include "domain/world.h"
#include "temp_dir.h"

enum { UNIT_A, UNIT_B, UNIT_C, UNIT_COUNT };
enum { REF_NORMAL, REF_RESTRICTED, REF_MOVED, REF_SEALED, REF_COUNT };
enum { VIEWER_COUNT = 6 };

typedef struct {
    TempDir temp;
    Db *db;
    Unit units[UNIT_COUNT];
    User users[VIEWER_COUNT];
    int64_t cases[REF_COUNT];
    int64_t referrals[REF_COUNT];
} World;

static const struct {
    const char *name;
    int unit;
    uint32_t roles;
    /* by referral: 0 not seen, 1 read and in the viewer's unit's boxes, 2 read only (not a box of her unit) */
    int sees[REF_COUNT];
} viewers[VIEWER_COUNT] = {
    {"worker of the sending unit A", UNIT_A, ROLE_CASEWORKER, {1, 0, 0, 0}},
    {"supervisor of the sending unit A", UNIT_A, ROLE_SUPERVISOR, {1, 1, 0, 0}},
    {"worker of the receiving unit C", UNIT_C, ROLE_CASEWORKER, {1, 1, 1, 0}},
    {"worker of unit B assigned to the restricted case", UNIT_B, ROLE_CASEWORKER, {0, 2, 0, 0}},
    {"manager of the ministry (in unit A)", UNIT_A, ROLE_MANAGER, {0, 0, 0, 0}},
    {"supervisor of unit B, which holds the moved case now", UNIT_B, ROLE_SUPERVISOR, {0, 0, 0, 0}},
};

static void add_case_and_referral(World *w, int index, int unit, const char *sensitivity)
{
    char reference[32];
    snprintf(reference, sizeof reference, "FV-2026-00000%d", index + 1);
    w->cases[index] = world_case_add(w->db, w->units[unit].id, reference, sensitivity);
    w->referrals[index] = world_referral_add(w->db, w->cases[index], w->units[UNIT_A].id, w->units[UNIT_C].id,
                                             w->users[0].id);
}

static int setup(void **state)
{
    static World world;
    World *w = &world;
    memset(w, 0, sizeof *w);
    world_open(&w->temp, "referrals.db", &w->db);
    world_unit_add(w->db, &w->units[UNIT_A], "unit-a", "directorate", "mosd");
    world_unit_add(w->db, &w->units[UNIT_B], "unit-b", "directorate", "mosd");
    world_unit_add(w->db, &w->units[UNIT_C], "unit-c", "directorate", "mosd");
    for (int v = 0; v < VIEWER_COUNT; v++)
        world_user_add(w->db, &w->users[v], v, viewers[v].name, w->units[viewers[v].unit].id, viewers[v].roles);
    add_case_and_referral(w, REF_NORMAL, UNIT_A, "normal");
    add_case_and_referral(w, REF_RESTRICTED, UNIT_A, "restricted");
    add_case_and_referral(w, REF_MOVED, UNIT_B, "restricted"); /* sent by A, the case since moved to B */
    add_case_and_referral(w, REF_SEALED, UNIT_A, "normal");
    assert_int_equal(store_case_assign(w->db, w->cases[REF_RESTRICTED], w->users[3].id, "caseworker", 0), TK_OK);
    assert_int_equal(store_case_seal(w->db, w->cases[REF_SEALED], clock_now()), TK_OK);
    assert_int_equal(store_commit(w->db), TK_OK);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    World *w = *state;
    world_close(&w->temp, w->db, w->users, VIEWER_COUNT);
    return 0;
}

/* Whether the referral is in one of the boxes (outgoing or incoming) of the viewer's unit. */
static bool boxed(Ctx *ctx, int64_t referral_id)
{
    for (int outgoing = 0; outgoing < 2; outgoing++) {
        ReferralFilter filter = {.outgoing = outgoing, .limit = 100};
        Referral *items = NULL;
        int count = 0;
        bool more = false;
        int rc = domain_referral_list(ctx, &filter, &items, &count, &more);
        if (rc == TK_ERR_FORBIDDEN)
            return false; /* no working role: no box at all */
        assert_int_equal(rc, TK_OK);
        assert_false(more);
        for (int i = 0; i < count; i++)
            if (items[i].id == referral_id)
                return true;
    }
    return false;
}

static void test_single_read_and_boxes_agree(void **state)
{
    World *w = *state;
    for (int v = 0; v < VIEWER_COUNT; v++) {
        for (int k = 0; k < REF_COUNT; k++) {
            Arena arena;
            arena_init(&arena, 0);
            Fault fault = {0};
            Ctx ctx = world_ctx(w->db, &arena, &fault, &w->users[v], &w->units[viewers[v].unit]);
            Referral r;
            ReferralRights rights;
            CaseService *services = NULL;
            int service_count = 0;
            int rc = domain_referral_get(&ctx, w->referrals[k], &r, &rights, &services, &service_count);
            bool read = rc == TK_OK;
            fault = (Fault){0};
            bool in_box = boxed(&ctx, w->referrals[k]);
            int expected = viewers[v].sees[k];
            if (read != (expected != 0) || in_box != (expected == 1))
                fail_msg("%s, referral %d: read %d, in a box %d; expected %d", viewers[v].name, k, read, in_box,
                         expected);
            if (!read)
                assert_int_equal(rc, TK_ERR_NOT_FOUND);
            /* the one rule: a box of her unit holds exactly the referrals the single read shows that are her unit's */
            bool units = w->units[viewers[v].unit].id == w->units[UNIT_A].id ||
                         w->units[viewers[v].unit].id == w->units[UNIT_C].id;
            if (in_box != (read && units))
                fail_msg("%s, referral %d: the box and the single read differ", viewers[v].name, k);
            arena_free(&arena);
        }
    }
}

/* The rule the single read asks, asked directly: the supervisor of A sees the restricted case's referral while A
 * holds the case, and not once the case has moved to B (the box she read it in follows). */
static void test_supervisor_loses_a_moved_restricted_case(void **state)
{
    World *w = *state;
    bool seen = false;
    assert_int_equal(
        store_referral_seen(w->db, w->referrals[REF_RESTRICTED], w->users[1].id, w->units[UNIT_A].id, true, &seen),
        TK_OK);
    assert_true(seen);
    assert_int_equal(
        store_referral_seen(w->db, w->referrals[REF_MOVED], w->users[1].id, w->units[UNIT_A].id, true, &seen), TK_OK);
    assert_false(seen);
    /* the same supervisor, not a supervisor: not the restricted one either */
    assert_int_equal(
        store_referral_seen(w->db, w->referrals[REF_RESTRICTED], w->users[1].id, w->units[UNIT_A].id, false, &seen),
        TK_OK);
    assert_false(seen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_read_and_boxes_agree),
        cmocka_unit_test(test_supervisor_loses_a_moved_restricted_case),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
