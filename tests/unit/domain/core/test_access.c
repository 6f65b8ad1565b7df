/* src/domain/core/access.c: which role holds which capability, deny by default. The whole table is written out here
 * (DESIGN.md §4): administrators manage units and users but read no case content, auditors read the audit log and
 * nothing else, the committee reads case content but works no cases, only supervisors merge persons, and nobody
 * but the console imports them. A user who is not active holds nothing; a refusal is on the record. The roles' bits
 * keep their stored values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/core/access.h"
#include "domain/core/codes.h"

enum { CAPABILITIES = CAP_OBSERVE + 1 };

static const struct {
    uint32_t role;
    const char *name;
    bool holds[CAPABILITIES]; /* manage org, read audit, case content, persons, merge, import, cases, read units,
                                committee, committee read, observe */
} table[] = {
    {ROLE_CASEWORKER, "caseworker", {0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1}},
    {ROLE_MONITOR, "monitor", {0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1}},
    {ROLE_OFFICER, "officer", {0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1}},
    {ROLE_SUPERVISOR, "supervisor", {0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 1}},
    {ROLE_MANAGER, "manager", {0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1}},
    {ROLE_COMMITTEE, "committee", {0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0}},
    {ROLE_AUDITOR, "auditor", {0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0}},
    {ROLE_ADMIN, "admin", {1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}},
};

typedef struct {
    Arena arena;
    Fault fault;
    User user;
    Ctx ctx;
} Actor;

/* A signed-in user of roles whose refusals are kept in the arena (as the server keeps them), so no database is
 * needed. */
static void actor_init(Actor *a, uint32_t roles, const char *status)
{
    memset(a, 0, sizeof *a);
    arena_init(&a->arena, 0);
    a->user = (User){.id = 7, .username = "worker", .unit_id = 3, .roles = roles, .status = (char *)status};
    a->ctx = (Ctx){.arena = &a->arena, .fault = &a->fault, .user = &a->user, .defer_read_audits = true};
}

static void test_each_role_holds_its_capabilities_only(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof table / sizeof table[0]; r++) {
        Actor a;
        actor_init(&a, table[r].role, "active");
        for (int c = 0; c < CAPABILITIES; c++) {
            if (access_has(&a.ctx, (Capability)c) != table[r].holds[c])
                fail_msg("%s: capability %d is %s", table[r].name, c, table[r].holds[c] ? "missing" : "granted");
        }
        arena_free(&a.arena);
    }
}

static void test_roles_add_up(void **state)
{
    (void)state;
    /* a user with several roles holds what each of them holds, and nothing more */
    Actor a;
    actor_init(&a, ROLE_ADMIN | ROLE_AUDITOR, "active");
    assert_true(access_has(&a.ctx, CAP_MANAGE_ORGANISATION));
    assert_true(access_has(&a.ctx, CAP_READ_AUDIT));
    assert_false(access_has(&a.ctx, CAP_READ_CASE_CONTENT));
    assert_false(access_has(&a.ctx, CAP_CASES));
    assert_false(access_has(&a.ctx, CAP_PERSONS));
    arena_free(&a.arena);
}

static void test_deny_by_default(void **state)
{
    (void)state;
    Actor a;
    /* no role */
    actor_init(&a, 0, "active");
    for (int c = 0; c < CAPABILITIES; c++)
        assert_false(access_has(&a.ctx, (Capability)c));
    /* every role, but not active */
    static const char *inactive[] = {"disabled", "locked", "", "Active"};
    for (size_t i = 0; i < sizeof inactive / sizeof inactive[0]; i++) {
        actor_init(&a, ROLE_ALL, inactive[i]);
        for (int c = 0; c < CAPABILITIES; c++)
            assert_false(access_has(&a.ctx, (Capability)c));
    }
    /* a capability nobody was given */
    actor_init(&a, ROLE_ALL, "active");
    assert_false(access_has(&a.ctx, (Capability)CAPABILITIES));
    assert_false(access_has(&a.ctx, CAP_IMPORT_PERSONS));
    /* nobody signed in */
    a.ctx.user = NULL;
    for (int c = 0; c < CAPABILITIES; c++)
        assert_false(access_has(&a.ctx, (Capability)c));
    arena_free(&a.arena);
}

static void test_console(void **state)
{
    (void)state;
    Ctx console = {.command_line = true};
    static const bool holds[CAPABILITIES] = {1, 1, 0, 0, 0, 1, 0, 1}; /* organisation, audit, import, units */
    for (int c = 0; c < CAPABILITIES; c++)
        assert_int_equal(access_has(&console, (Capability)c), holds[c]);
}

static void test_require_answers_and_records_refusals(void **state)
{
    (void)state;
    Actor a;
    actor_init(&a, ROLE_CASEWORKER, "active");
    assert_int_equal(access_require(&a.ctx, CAP_CASES), TK_OK);
    assert_null(a.fault.code);
    assert_int_equal(a.ctx.deferred_count, 0);
    /* refused: 403 auth.forbidden, and one access.denied row naming the capability */
    assert_int_equal(access_require(&a.ctx, CAP_READ_AUDIT), TK_ERR_FORBIDDEN);
    assert_string_equal(a.fault.code, "auth.forbidden");
    assert_int_equal(a.ctx.deferred_count, 1);
    assert_string_equal(a.ctx.deferred_reads[0].action, "access.denied");
    assert_string_equal(a.ctx.deferred_reads[0].outcome, "denied");
    assert_string_equal(a.ctx.deferred_reads[0].detail, "read_audit");
    assert_int_equal(a.ctx.deferred_reads[0].user_id, 7);
    assert_true(a.ctx.refusal_audited);
    /* nobody signed in: 401, nothing to record against */
    Fault fault = {0};
    Ctx anonymous = {.arena = &a.arena, .fault = &fault, .defer_read_audits = true};
    assert_int_equal(access_require(&anonymous, CAP_READ_UNITS), TK_ERR_UNAUTHORIZED);
    assert_string_equal(fault.code, "auth.required");
    assert_int_equal(anonymous.deferred_count, 0);
    arena_free(&a.arena);
}

static void test_acting_user_and_roles(void **state)
{
    (void)state;
    Actor a;
    actor_init(&a, ROLE_SUPERVISOR | ROLE_CASEWORKER, "active");
    assert_int_equal(access_acting_user(&a.ctx), 7);
    assert_true(access_has_role(&a.ctx, ROLE_SUPERVISOR));
    assert_true(access_has_role(&a.ctx, ROLE_MONITOR | ROLE_CASEWORKER));
    assert_false(access_has_role(&a.ctx, ROLE_MANAGER | ROLE_ADMIN));
    Ctx console = {.command_line = true};
    assert_int_equal(access_acting_user(&console), 0);
    assert_false(access_has_role(&console, ROLE_ALL));
    arena_free(&a.arena);
}

/* A role's bit is stored (users' roles, the second_factor_roles setting): each keeps its value. */
static void test_role_bits_are_stored_values(void **state)
{
    (void)state;
    static const char *const in_order[] = {"caseworker", "monitor", "officer", "supervisor", "manager",
                                           "committee",  "auditor", "admin",   "home_staff", "records_officer"};
    assert_int_equal(codes_roles.count, 10);
    for (int i = 0; i < 10; i++) {
        assert_string_equal(codes_roles.entries[i].code, in_order[i]);
        assert_int_equal(codes_role_bit(in_order[i]), 1u << i);
    }
    assert_int_equal(ROLE_HOME_STAFF, 256);
    assert_int_equal(ROLE_RECORDS_OFFICER, 512);
    assert_int_equal(ROLE_ALL, 1023);
    assert_string_equal(codes_roles.entries[9].name_en, "Records officer");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_role_holds_its_capabilities_only),
        cmocka_unit_test(test_roles_add_up),
        cmocka_unit_test(test_role_bits_are_stored_values),
        cmocka_unit_test(test_deny_by_default),
        cmocka_unit_test(test_console),
        cmocka_unit_test(test_require_answers_and_records_refusals),
        cmocka_unit_test(test_acting_user_and_roles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
