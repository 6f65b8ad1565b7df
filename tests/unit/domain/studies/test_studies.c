/* src/domain/studies/studies.c, the review of a social study: draft → submitted → returned or approved, and
 * returned → submitted again. Only its author submits, while the case is open and she may change it; only a
 * supervisor of the case's unit who did not write it returns or approves it; an approved study is read only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "domain/studies/studies.h"

static const StudyActor AUTHOR = {.author = true, .write = true};
static const StudyActor SUPERVISOR = {.write = true, .supervise = true};
static const StudyActor COLLEAGUE = {.write = true}; /* a worker of the unit */
static const StudyActor AUTHOR_SUPERVISOR = {.author = true, .write = true, .supervise = true};

static const char *statuses[] = {"draft", "submitted", "returned", "approved"};
static const char *actions[] = {"submit", "return", "approve"};

/* The one allowed move from each status by each action for an actor who may make it (NULL: none). */
static const char *expected_move(const char *status, const char *action)
{
    if (strcmp(action, "submit") == 0)
        return strcmp(status, "draft") == 0 || strcmp(status, "returned") == 0 ? "submitted" : NULL;
    if (strcmp(status, "submitted") != 0)
        return NULL;
    return strcmp(action, "approve") == 0 ? "approved" : "returned";
}

static void test_the_transitions(void **state)
{
    (void)state;
    for (size_t s = 0; s < sizeof statuses / sizeof statuses[0]; s++)
        for (size_t a = 0; a < sizeof actions / sizeof actions[0]; a++) {
            const char *allowed = expected_move(statuses[s], actions[a]);
            const StudyActor *actor = strcmp(actions[a], "submit") == 0 ? &AUTHOR : &SUPERVISOR;
            const char *to = NULL, *refusal = NULL;
            int rc = study_review_move(actor, statuses[s], actions[a], &to, &refusal);
            if (allowed) {
                if (rc != TK_OK || !to || strcmp(to, allowed) != 0)
                    fail_msg("%s from %s: refused (%s)", actions[a], statuses[s], refusal ? refusal : "?");
                assert_null(refusal);
            } else {
                if (rc != TK_ERR_CONFLICT || !refusal || strcmp(refusal, "study.bad_state") != 0)
                    fail_msg("%s from %s: allowed", actions[a], statuses[s]);
                assert_null(to);
            }
        }
}

static void assert_refused(const StudyActor *actor, const char *status, const char *action, int err, const char *code)
{
    const char *to = "unchanged", *refusal = NULL;
    assert_int_equal(study_review_move(actor, status, action, &to, &refusal), err);
    assert_string_equal(refusal, code);
    assert_null(to);
}

static void test_who_submits(void **state)
{
    (void)state;
    assert_refused(&COLLEAGUE, "draft", "submit", TK_ERR_FORBIDDEN, "study.author_only");
    assert_refused(&SUPERVISOR, "returned", "submit", TK_ERR_FORBIDDEN, "study.author_only");
    /* the author who may no longer change the case, or whose case is closed */
    assert_refused(&(StudyActor){.author = true}, "draft", "submit", TK_ERR_FORBIDDEN, "study.author_only");
    assert_refused(&(StudyActor){.author = true, .write = true, .case_closed = true}, "draft", "submit",
                   TK_ERR_FORBIDDEN, "study.author_only");
    /* the wrong status is said first, whoever asks */
    assert_refused(&COLLEAGUE, "approved", "submit", TK_ERR_CONFLICT, "study.bad_state");
}

static void test_who_reviews(void **state)
{
    (void)state;
    for (size_t a = 1; a < sizeof actions / sizeof actions[0]; a++) {
        assert_refused(&COLLEAGUE, "submitted", actions[a], TK_ERR_FORBIDDEN, "case.supervisor_only");
        assert_refused(&AUTHOR, "submitted", actions[a], TK_ERR_FORBIDDEN, "case.supervisor_only");
        assert_refused(&AUTHOR_SUPERVISOR, "submitted", actions[a], TK_ERR_FORBIDDEN, "study.own_review");
        assert_refused(&AUTHOR_SUPERVISOR, "draft", actions[a], TK_ERR_CONFLICT, "study.bad_state");
    }
    /* a supervisor's own study goes to another supervisor, but she submits it like any author */
    const char *to = NULL, *refusal = NULL;
    assert_int_equal(study_review_move(&AUTHOR_SUPERVISOR, "draft", "submit", &to, &refusal), TK_OK);
    assert_string_equal(to, "submitted");
}

static void test_unknown_action(void **state)
{
    (void)state;
    assert_refused(&SUPERVISOR, "submitted", "reject", TK_ERR_INVALID, "field.code");
    assert_refused(&AUTHOR, "draft", "", TK_ERR_INVALID, "field.code");
    assert_refused(&AUTHOR, "draft", NULL, TK_ERR_INVALID, "field.code");
}

static void test_rights_shown(void **state)
{
    (void)state;
    StudyRights r;
    for (size_t s = 0; s < sizeof statuses / sizeof statuses[0]; s++) {
        bool open = strcmp(statuses[s], "draft") == 0 || strcmp(statuses[s], "returned") == 0;
        study_rights_for(&AUTHOR, statuses[s], &r);
        assert_int_equal(r.edit, open);
        assert_int_equal(r.submit, open);
        assert_false(r.review);
        study_rights_for(&SUPERVISOR, statuses[s], &r);
        assert_false(r.edit);
        assert_int_equal(r.review, strcmp(statuses[s], "submitted") == 0);
        study_rights_for(&AUTHOR_SUPERVISOR, statuses[s], &r);
        assert_false(r.review);
        study_rights_for(&COLLEAGUE, statuses[s], &r);
        assert_false(r.edit || r.submit || r.review);
    }
    /* approved: read only, even for its author */
    study_rights_for(&AUTHOR, "approved", &r);
    assert_false(r.edit || r.submit);
    study_rights_for(&(StudyActor){.author = true, .write = true, .case_closed = true}, "draft", &r);
    assert_false(r.edit || r.submit);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_transitions), cmocka_unit_test(test_who_submits),  cmocka_unit_test(test_who_reviews),
        cmocka_unit_test(test_unknown_action),  cmocka_unit_test(test_rights_shown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
