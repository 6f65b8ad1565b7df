/* Case visibility has one definition (store/case_visible.h): the single read of a case (domain_case_get) and the list
 * (domain_case_list) must agree on every viewer and case. A grid of viewers (a worker of the case's unit, a worker of
 * another unit assigned to one of its cases, its supervisor, a manager of its agency, a manager of the other agency,
 * a unit a referral was sent to) by cases (normal and restricted, in three units of two agencies); what each viewer
 * sees is written out, so that a rule that drifts, or one that changes in both places at once, fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/cases/cases.h"
#include "domain/core/codes.h"
#include "base/clock.h"
#include "store/break_glass.h"
#include "store/cases.h"
#include "store/org.h"
#include "store/records.h"
#include "store/referrals.h"
#include "store/store.h"
#include "domain/world.h"
#include "temp_dir.h"

enum { UNIT_A, UNIT_B, UNIT_C, UNIT_POLICE, UNIT_COUNT };
enum { CASE_A_NORMAL, CASE_A_RESTRICTED, CASE_B_NORMAL, CASE_B_RESTRICTED, CASE_POLICE, CASE_COUNT };
enum { VIEWER_COUNT = 6 };

typedef struct {
    TempDir temp;
    Db *db;
    Unit units[UNIT_COUNT];
    User users[VIEWER_COUNT];
    int user_unit[VIEWER_COUNT];
    int64_t cases[CASE_COUNT];
} World;

static const struct {
    const char *name;
    int unit;
    uint32_t roles;
    /* what the viewer sees by case: 0 nothing, 1 in the list and on reading it, 2 on reading it only (referred) */
    int sees[CASE_COUNT];
} viewers[VIEWER_COUNT] = {
    {"worker of unit A", UNIT_A, ROLE_CASEWORKER, {1, 0, 0, 0, 0}},
    {"worker of unit B, assigned to a restricted case of A", UNIT_B, ROLE_CASEWORKER, {0, 1, 1, 0, 0}},
    {"supervisor of unit A", UNIT_A, ROLE_SUPERVISOR, {1, 1, 0, 0, 0}},
    {"manager of the ministry (in unit B)", UNIT_B, ROLE_MANAGER, {1, 0, 1, 0, 0}},
    {"manager of the police", UNIT_POLICE, ROLE_MANAGER, {0, 0, 0, 0, 1}},
    {"worker of unit C, sent referrals of both cases of A", UNIT_C, ROLE_CASEWORKER, {2, 2, 0, 0, 0}},
};

static void add_unit(World *w, int index, const char *code, const char *type, const char *agency)
{
    world_unit_add(w->db, &w->units[index], code, type, agency);
}

static int64_t add_case(World *w, int unit, const char *reference, const char *sensitivity)
{
    return world_case_add(w->db, w->units[unit].id, reference, sensitivity);
}

static void add_referral(World *w, int64_t case_id, int from, int to)
{
    world_referral_add(w->db, case_id, w->units[from].id, w->units[to].id, w->users[0].id);
}

static int setup(void **state)
{
    static World world;
    World *w = &world;
    memset(w, 0, sizeof *w);
    world_open(&w->temp, "visibility.db", &w->db);
    add_unit(w, UNIT_A, "unit-a", "directorate", "mosd");
    add_unit(w, UNIT_B, "unit-b", "directorate", "mosd");
    add_unit(w, UNIT_C, "unit-c", "shelter", "mosd");
    add_unit(w, UNIT_POLICE, "unit-police", "fjpd_office", "psd");
    for (int v = 0; v < VIEWER_COUNT; v++)
        world_user_add(w->db, &w->users[v], v, viewers[v].name, w->units[viewers[v].unit].id, viewers[v].roles);
    w->cases[CASE_A_NORMAL] = add_case(w, UNIT_A, "FV-2026-000001", "normal");
    w->cases[CASE_A_RESTRICTED] = add_case(w, UNIT_A, "FV-2026-000002", "restricted");
    w->cases[CASE_B_NORMAL] = add_case(w, UNIT_B, "FV-2026-000003", "normal");
    w->cases[CASE_B_RESTRICTED] = add_case(w, UNIT_B, "FV-2026-000004", "restricted");
    w->cases[CASE_POLICE] = add_case(w, UNIT_POLICE, "FV-2026-000005", "normal");
    assert_int_equal(store_case_assign(w->db, w->cases[CASE_A_RESTRICTED], w->users[1].id, "caseworker", 0), TK_OK);
    add_referral(w, w->cases[CASE_A_NORMAL], UNIT_A, UNIT_C);
    add_referral(w, w->cases[CASE_A_RESTRICTED], UNIT_A, UNIT_C);
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

/* Whether the case is in the viewer's list of cases. */
static bool listed(Ctx *ctx, int64_t case_id)
{
    CaseFilter filter = {.limit = 100};
    Case *cases = NULL;
    int count = 0;
    bool more = false;
    assert_int_equal(domain_case_list(ctx, &filter, NULL, &cases, &count, &more), TK_OK);
    assert_false(more);
    for (int i = 0; i < count; i++)
        if (cases[i].id == case_id)
            return true;
    return false;
}

static void test_single_read_and_list_agree(void **state)
{
    World *w = *state;
    for (int v = 0; v < VIEWER_COUNT; v++) {
        for (int k = 0; k < CASE_COUNT; k++) {
            Arena arena;
            arena_init(&arena, 0);
            Fault fault = {0};
            Ctx ctx = world_ctx(w->db, &arena, &fault, &w->users[v], &w->units[viewers[v].unit]);
            CaseView view;
            int rc = domain_case_get(&ctx, w->cases[k], &view);
            bool read = rc == TK_OK;
            bool referred = read && view.rights.referred;
            bool in_list = listed(&ctx, w->cases[k]);
            int expected = viewers[v].sees[k];
            if (read != (expected != 0) || in_list != (expected == 1) || referred != (expected == 2))
                fail_msg("%s, case %d: read %d (referred %d), listed %d; expected %d", viewers[v].name, k, read,
                         referred, in_list, expected);
            if (!read)
                assert_int_equal(rc, TK_ERR_NOT_FOUND);
            /* the one rule: the list holds exactly the cases the single read shows other than through a referral */
            assert_int_equal(in_list, read && !referred);
            arena_free(&arena);
        }
    }
}

/* A break-glass grant is a branch of the same rule, asked by the single read: the worker of unit A reads the
 * restricted case of unit B, read only, never in a list, until the grant expires or is ended; then not at all. */
static void test_break_glass_until_it_expires(void **state)
{
    World *w = *state;
    int64_t now = clock_now();
    BreakGlass grant = {.case_id = w->cases[CASE_B_RESTRICTED],
                        .user_id = w->users[0].id,
                        .reason = "danger_to_life",
                        .explanation = "synthetic emergency",
                        .started_at = now - 60,
                        .expires_at = now + 3600};
    assert_int_equal(store_break_glass_add(w->db, &grant), TK_OK);
    Arena arena;
    arena_init(&arena, 0);
    Fault fault = {0};
    Ctx ctx = world_ctx(w->db, &arena, &fault, &w->users[0], &w->units[viewers[0].unit]);
    CaseView view;
    assert_int_equal(domain_case_get(&ctx, grant.case_id, &view), TK_OK);
    assert_int_equal(view.rights.break_glass, grant.id);
    assert_false(view.rights.write);
    assert_false(listed(&ctx, grant.case_id));
    /* the rule asked at a time past the grant's end: not visible */
    CaseViewer viewer = domain_case_viewer(&ctx);
    viewer.break_glass = true;
    bool visible = true;
    viewer.now = now + 3601;
    assert_int_equal(store_case_visible(w->db, grant.case_id, &viewer, &visible), TK_OK);
    assert_false(visible);
    viewer.now = now + 3599;
    assert_int_equal(store_case_visible(w->db, grant.case_id, &viewer, &visible), TK_OK);
    assert_true(visible);
    /* ended: neither read nor listed; and another worker never saw it */
    assert_int_equal(store_break_glass_end(w->db, grant.id, w->users[0].id, now), TK_OK);
    fault = (Fault){0};
    assert_int_equal(domain_case_get(&ctx, grant.case_id, &view), TK_ERR_NOT_FOUND);
    assert_false(listed(&ctx, grant.case_id));
    arena_free(&arena);
}

/* A juvenile record sealed at 18 is another branch of the same rule: nobody reads it or lists it, not its unit's
 * supervisor, not a unit it was referred to; a court order opens it to its reader alone, on the single read, read
 * only, never in a list; the seal lifted, everything is as before. */
static void test_sealed_case_opens_by_court_order_only(void **state)
{
    World *w = *state;
    int64_t id = w->cases[CASE_A_NORMAL], now = clock_now();
    assert_int_equal(store_case_seal(w->db, id, now), TK_OK);
    for (int v = 0; v < VIEWER_COUNT; v++) {
        Arena arena;
        arena_init(&arena, 0);
        Fault fault = {0};
        Ctx ctx = world_ctx(w->db, &arena, &fault, &w->users[v], &w->units[viewers[v].unit]);
        CaseView view;
        if (domain_case_get(&ctx, id, &view) != TK_ERR_NOT_FOUND || listed(&ctx, id))
            fail_msg("%s sees the sealed case", viewers[v].name);
        arena_free(&arena);
    }
    SealOrder order = {.case_id = id,
                       .kind = "read",
                       .court = "juvenile_amman",
                       .order_number = 12,
                       .order_year = 2026,
                       .purpose = "synthetic purpose",
                       .reader_id = w->users[2].id,
                       .expires_at = now + 3600,
                       .recorded_at = now};
    assert_int_equal(store_seal_order_add(w->db, &order), TK_OK);
    Arena arena;
    arena_init(&arena, 0);
    Fault fault = {0};
    Ctx ctx = world_ctx(w->db, &arena, &fault, &w->users[2], &w->units[viewers[2].unit]);
    CaseView view;
    assert_int_equal(domain_case_get(&ctx, id, &view), TK_OK);
    assert_non_null(view.rights.seal_order);
    assert_int_equal(view.rights.seal_order->id, order.id);
    assert_false(view.rights.write);
    assert_false(view.rights.supervise);
    assert_false(listed(&ctx, id));
    /* past the order's time: not visible */
    CaseViewer viewer = domain_case_viewer(&ctx);
    viewer.break_glass = true;
    viewer.now = now + 3601;
    bool visible = true;
    assert_int_equal(store_case_visible(w->db, id, &viewer, &visible), TK_OK);
    assert_false(visible);
    /* another viewer of the same unit: still nothing */
    ctx.user = &w->users[0];
    fault = (Fault){0};
    assert_int_equal(domain_case_get(&ctx, id, &view), TK_ERR_NOT_FOUND);
    /* the seal lifted: the unit's worker reads and lists it again */
    assert_int_equal(store_case_seal(w->db, id, 0), TK_OK);
    fault = (Fault){0};
    assert_int_equal(domain_case_get(&ctx, id, &view), TK_OK);
    assert_true(listed(&ctx, id));
    arena_free(&arena);
}

/* The sections a referral shares, from their codes: each its own bit, unknown codes and empty parts ignored. */
static void test_sections_parse(void **state)
{
    (void)state;
    assert_int_equal(case_sections_parse("summary"), CASE_SECTION_SUMMARY);
    assert_int_equal(case_sections_parse("services,risk"), CASE_SECTION_SERVICES | CASE_SECTION_RISK);
    assert_int_equal(case_sections_parse("summary,risk,persons,incidents,notes,services"), CASE_SECTIONS_ALL);
    assert_int_equal(case_sections_parse("notes,,unknown,note,incidents"), CASE_SECTION_NOTES | CASE_SECTION_INCIDENTS);
    assert_int_equal(case_sections_parse("persons,persons"), CASE_SECTION_PERSONS);
    assert_int_equal(case_sections_parse(""), 0);
    assert_int_equal(case_sections_parse(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_read_and_list_agree),
        cmocka_unit_test(test_break_glass_until_it_expires),
        cmocka_unit_test(test_sealed_case_opens_by_court_order_only),
        cmocka_unit_test(test_sections_parse),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
