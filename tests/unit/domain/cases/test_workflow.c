/* The stage workflow of a case (src/domain/cases/cases.c, domain.md §2), through domain_case_transition on a real
 * temporary database with the demo organisation: a case advances one stage at a time, only forward, and leaves each
 * stage with what it needs (the principal person and a worker, then a risk level); any open stage may ask for
 * closure, which a supervisor of the unit who did not ask approves or returns; a pending closure holds the case where
 * it is; only a supervisor reopens a closed case, back to assessment; a stale version changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "auth/keys.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/settings.h"
#include "domain/cases/cases.h"
#include "domain/demo/demo.h"
#include "store/org.h"
#include "store/store.h"
#include "temp_dir.h"

typedef struct {
    User user;
    Unit unit;
    Fault fault;
    Ctx ctx;
} Actor;

typedef struct {
    TempDir temp;
    Db *db;
    Arena arena;
    Actor worker, supervisor, other_supervisor;
} Fixture;

static int actor_load(Fixture *f, Actor *a, const char *username)
{
    if (store_user_get_for_login(f->db, username, &f->arena, &a->user) != TK_OK ||
        store_unit_get(f->db, a->user.unit_id, &f->arena, &a->unit) != TK_OK)
        return -1;
    a->ctx = (Ctx){.db = f->db,
                   .arena = &f->arena,
                   .fault = &a->fault,
                   .client_addr = "unit-test",
                   .user = &a->user,
                   .unit = &a->unit};
    return 0;
}

static int setup(void **state)
{
    static Fixture f;
    memset(&f, 0, sizeof f);
    char error[256];
    if (temp_dir_make(&f.temp) != 0)
        return -1;
    const char *path = temp_path(&f.temp, "workflow.db");
    if (store_open(path, STORE_OPEN_CREATE, &f.db, error) != TK_OK)
        return -1;
    char *key_path = keys_path_for(path);
    Keys keys;
    int rc = keys_load(key_path, true, &keys, error);
    free(key_path);
    if (rc != 0)
        return -1;
    keys_install(&keys);
    store_set_audit_key(keys.audit);
    keys_wipe(&keys);
    if (settings_set("demo_cases_per_kind", "0", error) != 0)
        return -1;
    arena_init(&f.arena, 0);
    Fault fault = {0};
    Ctx console = {.db = f.db, .arena = &f.arena, .fault = &fault, .client_addr = "console", .command_line = true};
    FILE *logins = tmpfile(); /* the demo prints its logins */
    if (!logins)
        return -1;
    rc = domain_demo_fill(&console, logins);
    fclose(logins);
    if (rc != TK_OK)
        return -1;
    if (actor_load(&f, &f.worker, "caseworker") != 0 || actor_load(&f, &f.supervisor, "supervisor") != 0)
        return -1;
    /* a second supervisor of the same unit */
    User second = {.username = "second-supervisor",
                   .full_name = "مشرفة ثانية",
                   .sex = "female",
                   .unit_id = f.supervisor.user.unit_id,
                   .roles = f.supervisor.user.roles};
    if (store_user_insert(f.db, &second, "not-a-password-hash") != TK_OK ||
        actor_load(&f, &f.other_supervisor, "second-supervisor") != 0)
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    arena_free(&f->arena);
    store_close(f->db);
    temp_dir_remove(&f->temp);
    return 0;
}

/* A new family-violence case of the worker's unit, with its victim (a demo person) unless without_victim. */
static CaseView new_case(Fixture *f, bool without_victim)
{
    CaseInput input = {0};
    CasePersonInput victim = {.person_id = 1, .role = "victim"};
    CaseView view;
    memset(&f->worker.fault, 0, sizeof f->worker.fault);
    assert_int_equal(
        domain_case_create(&f->worker.ctx, "family_violence", &input, &victim, without_victim ? 0 : 1, false, &view),
        TK_OK);
    assert_string_equal(view.c.stage, "registration");
    return view;
}

/* Moves the case as actor; returns the error, and the fault's code in *code. The view is updated on success. */
static int move(Actor *actor, CaseView *view, const char *action, const char *to, const char *text, const char **code)
{
    memset(&actor->fault, 0, sizeof actor->fault);
    CaseView out;
    int rc = domain_case_transition(&actor->ctx, view->c.id, view->c.version, action, to, text, &out);
    *code = actor->fault.code;
    if (rc == TK_OK)
        *view = out;
    return rc;
}

static void assert_refused(Actor *actor, CaseView *view, const char *action, const char *to, const char *text, int err,
                           const char *expected_code)
{
    const char *code = NULL;
    int64_t version = view->c.version;
    const char *stage = view->c.stage;
    assert_int_equal(move(actor, view, action, to, text, &code), err);
    assert_non_null(code);
    assert_string_equal(code, expected_code);
    assert_int_equal(view->c.version, version);
    assert_string_equal(view->c.stage, stage);
}

static void assert_moves(Actor *actor, CaseView *view, const char *action, const char *to, const char *text,
                         const char *stage)
{
    const char *code = NULL;
    int64_t version = view->c.version;
    if (move(actor, view, action, to, text, &code) != TK_OK)
        fail_msg("%s %s refused: %s", action, to ? to : "", code ? code : "?");
    assert_string_equal(view->c.stage, stage);
    assert_true(view->c.version > version);
}

static void assign_worker(Fixture *f, CaseView *view)
{
    memset(&f->supervisor.fault, 0, sizeof f->supervisor.fault);
    assert_int_equal(domain_case_assign(&f->supervisor.ctx, view->c.id, f->worker.user.id, "caseworker", view), TK_OK);
}

static void test_advances_one_stage_forward_with_what_each_needs(void **state)
{
    Fixture *f = *state;
    CaseView c = new_case(f, false);
    /* one stage at a time, forward only, and only to a stage that exists */
    assert_refused(&f->worker, &c, "advance", "case_plan", NULL, TK_ERR_INVALID, "case.bad_transition");
    assert_refused(&f->worker, &c, "advance", "closed", NULL, TK_ERR_INVALID, "case.bad_transition");
    assert_refused(&f->worker, &c, "advance", "registration", NULL, TK_ERR_INVALID, "case.bad_transition");
    assert_refused(&f->worker, &c, "advance", "anywhere", NULL, TK_ERR_INVALID, "case.bad_transition");
    assert_refused(&f->worker, &c, "advance", NULL, NULL, TK_ERR_INVALID, "field.required");
    assert_refused(&f->worker, &c, "jump", "assessment", NULL, TK_ERR_INVALID, "field.code");
    /* registration is left with a worker assigned */
    assert_refused(&f->worker, &c, "advance", "assessment", NULL, TK_ERR_INVALID, "case.needs_assignment");
    assign_worker(f, &c);
    assert_moves(&f->worker, &c, "advance", "assessment", NULL, "assessment");
    /* assessment is left with a risk level */
    assert_refused(&f->worker, &c, "advance", "case_plan", NULL, TK_ERR_INVALID, "case.needs_risk_level");
    assert_refused(&f->worker, &c, "advance", "registration", NULL, TK_ERR_INVALID, "case.bad_transition");
    assert_refused(&f->worker, &c, "advance", "implementation", NULL, TK_ERR_INVALID, "case.bad_transition");

    /* registration is left with the principal person: a family-violence case's victim */
    CaseView bare = new_case(f, true);
    assign_worker(f, &bare);
    assert_refused(&f->worker, &bare, "advance", "assessment", NULL, TK_ERR_INVALID, "case.needs_person");
}

static void test_closure_is_asked_then_decided_by_another_supervisor(void **state)
{
    Fixture *f = *state;
    CaseView c = new_case(f, false);
    assign_worker(f, &c);
    assert_refused(&f->worker, &c, "request_closure", NULL, NULL, TK_ERR_INVALID, "field.required");
    assert_refused(&f->worker, &c, "approve_closure", NULL, NULL, TK_ERR_FORBIDDEN, "case.supervisor_only");
    assert_refused(&f->supervisor, &c, "approve_closure", NULL, NULL, TK_ERR_CONFLICT, "case.no_closure_request");
    assert_moves(&f->worker, &c, "request_closure", NULL, "لم تعد الخدمة لازمة", "registration");
    assert_true(c.c.closure_requested);
    /* a pending closure holds the case where it is */
    assert_refused(&f->worker, &c, "advance", "assessment", NULL, TK_ERR_CONFLICT, "case.closure_pending");
    assert_refused(&f->worker, &c, "request_closure", NULL, "مرة ثانية", TK_ERR_CONFLICT, "case.closure_pending");
    /* the worker does not decide; the supervisor returns it with a comment */
    assert_refused(&f->worker, &c, "return_closure", NULL, "لا", TK_ERR_FORBIDDEN, "case.supervisor_only");
    assert_refused(&f->supervisor, &c, "return_closure", NULL, NULL, TK_ERR_INVALID, "field.required");
    assert_moves(&f->supervisor, &c, "return_closure", NULL, "أكملي التقييم أولاً", "registration");
    assert_false(c.c.closure_requested);
    /* asked again and approved: closed */
    assert_moves(&f->worker, &c, "request_closure", NULL, "انتهت الخدمة", "registration");
    assert_moves(&f->supervisor, &c, "approve_closure", NULL, NULL, "closed");
    assert_int_equal(c.c.closed_by, f->supervisor.user.id);

    /* a supervisor does not approve her own request: another one does */
    CaseView own = new_case(f, false);
    assert_moves(&f->supervisor, &own, "request_closure", NULL, "طلب المشرفة", "registration");
    assert_refused(&f->supervisor, &own, "approve_closure", NULL, NULL, TK_ERR_FORBIDDEN, "case.closure_own_request");
    assert_moves(&f->other_supervisor, &own, "approve_closure", NULL, NULL, "closed");
}

static void test_closed_case_is_reopened_by_a_supervisor_only(void **state)
{
    Fixture *f = *state;
    CaseView c = new_case(f, false);
    assert_refused(&f->supervisor, &c, "reopen", NULL, "سبب", TK_ERR_CONFLICT, "case.not_closed");
    assert_moves(&f->worker, &c, "request_closure", NULL, "انتهت", "registration");
    assert_moves(&f->supervisor, &c, "approve_closure", NULL, NULL, "closed");
    /* nothing moves a closed case on but a reopening */
    assert_refused(&f->worker, &c, "advance", "assessment", NULL, TK_ERR_INVALID, "case.bad_transition");
    assert_refused(&f->worker, &c, "request_closure", NULL, "ثانية", TK_ERR_CONFLICT, "case.closed");
    assert_refused(&f->worker, &c, "reopen", NULL, "عادت", TK_ERR_FORBIDDEN, "case.supervisor_only");
    assert_refused(&f->supervisor, &c, "reopen", NULL, NULL, TK_ERR_INVALID, "field.required");
    assert_moves(&f->supervisor, &c, "reopen", NULL, "بلاغ جديد", "assessment");
    assert_true(c.c.reopened_at > 0);
    assert_int_equal(c.c.closed_by, 0);
}

static void test_stale_version_changes_nothing(void **state)
{
    Fixture *f = *state;
    CaseView c = new_case(f, false);
    CaseView stale = c;
    assert_moves(&f->worker, &c, "request_closure", NULL, "انتهت", "registration");
    assert_refused(&f->supervisor, &stale, "approve_closure", NULL, NULL, TK_ERR_CONFLICT, "version.conflict");
    CaseView now;
    memset(&f->worker.fault, 0, sizeof f->worker.fault);
    assert_int_equal(domain_case_get(&f->worker.ctx, c.c.id, &now), TK_OK);
    assert_string_equal(now.c.stage, "registration");
    assert_int_equal(now.c.version, c.c.version);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_advances_one_stage_forward_with_what_each_needs),
        cmocka_unit_test(test_closure_is_asked_then_decided_by_another_supervisor),
        cmocka_unit_test(test_closed_case_is_reopened_by_a_supervisor_only),
        cmocka_unit_test(test_stale_version_changes_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
