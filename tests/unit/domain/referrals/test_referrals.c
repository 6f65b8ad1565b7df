/* src/domain/referrals/ as pure rules: the states of a referral and of a transfer (which move from which
 * status, and which side makes it), who may receive or revoke one (who sees it is the store's rule:
 * test_referral_visibility.c), and the consent a sharing rests
 * on (domain.md §3): a child's case is shared on the child's interest, an adult survivor's only with her consent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "domain/referrals/referrals.h"

static const char *statuses[] = {"pending", "accepted", "rejected", "revoked", "completed"};
static const char *actions[] = {"accept", "reject", "revoke", "complete"};

/* The whole table: the status each action leads to from each status (NULL: refused), for a referral and for a
 * transfer. */
static const char *expected(bool transfer, const char *status, const char *action)
{
    static const struct {
        const char *action, *from, *to;
    } referral[] = {
        {"accept", "pending", "accepted"}, {"reject", "pending", "rejected"},     {"revoke", "pending", "revoked"},
        {"revoke", "accepted", "revoked"}, {"complete", "accepted", "completed"},
    };
    for (size_t i = 0; i < sizeof referral / sizeof referral[0]; i++)
        if (strcmp(referral[i].action, action) == 0 && strcmp(referral[i].from, status) == 0) {
            if (transfer && (strcmp(action, "complete") == 0 || strcmp(referral[i].from, "accepted") == 0))
                return NULL; /* a transfer is over once accepted: the case has moved */
            return referral[i].to;
        }
    return NULL;
}

static void test_the_states(void **state)
{
    (void)state;
    for (int transfer = 0; transfer < 2; transfer++)
        for (size_t s = 0; s < sizeof statuses / sizeof statuses[0]; s++)
            for (size_t a = 0; a < sizeof actions / sizeof actions[0]; a++) {
                const char *kind = transfer ? "transfer" : "referral";
                const char *to = expected(transfer, statuses[s], actions[a]);
                ReferralMove move;
                int rc = referral_move(kind, statuses[s], actions[a], &move);
                if (to && (rc != TK_OK || !move.to || strcmp(move.to, to) != 0))
                    fail_msg("%s: %s from %s is refused", kind, actions[a], statuses[s]);
                if (!to && rc != TK_ERR_CONFLICT)
                    fail_msg("%s: %s from %s is allowed", kind, actions[a], statuses[s]);
                if (rc == TK_OK)
                    assert_int_equal(move.by_receiver, strcmp(actions[a], "revoke") != 0);
            }
}

static void test_final_states_are_final(void **state)
{
    (void)state;
    ReferralMove move;
    for (size_t s = 2; s < sizeof statuses / sizeof statuses[0]; s++)
        for (size_t a = 0; a < sizeof actions / sizeof actions[0]; a++) {
            assert_int_equal(referral_move("referral", statuses[s], actions[a], &move), TK_ERR_CONFLICT);
            assert_null(move.to);
        }
}

static void test_unknown_action(void **state)
{
    (void)state;
    ReferralMove move;
    assert_int_equal(referral_move("referral", "pending", "approve", &move), TK_ERR_INVALID);
    assert_int_equal(referral_move("transfer", "pending", "", &move), TK_ERR_INVALID);
    assert_int_equal(referral_move("referral", "pending", NULL, &move), TK_ERR_INVALID);
}

static ReferralRights rights_of(ReferralParty party)
{
    ReferralRights rights;
    referral_rights_for(&party, &rights);
    return rights;
}

static void test_who_receives_and_revokes(void **state)
{
    (void)state;
    /* a worker of the receiving unit receives a referral; a transfer only its supervisors */
    ReferralRights r = rights_of((ReferralParty){.working = true, .in_receiving_unit = true});
    assert_true(r.receive && r.received);
    assert_false(r.revoke);
    r = rights_of((ReferralParty){.working = true, .transfer = true, .in_receiving_unit = true});
    assert_false(r.receive);
    r = rights_of((ReferralParty){.working = true, .transfer = true, .in_receiving_unit = true, .supervisor = true});
    assert_true(r.receive);
    /* the sending unit's workers revoke while the case is still theirs */
    r = rights_of((ReferralParty){.working = true, .in_sending_unit = true, .case_in_sending_unit = true});
    assert_true(r.revoke);
    assert_false(r.receive || r.received);
    r = rights_of((ReferralParty){.working = true, .in_sending_unit = true});
    assert_false(r.revoke || r.received);
    /* a restricted case: only the unit's supervisors and the assigned workers */
    ReferralParty restricted = {
        .working = true, .in_sending_unit = true, .case_in_sending_unit = true, .restricted = true};
    r = rights_of(restricted);
    assert_false(r.revoke);
    restricted.supervisor = true;
    r = rights_of(restricted);
    assert_true(r.revoke);
    r = rights_of((ReferralParty){.working = true, .assigned = true, .restricted = true});
    assert_true(r.revoke);
    /* an assigned worker in the receiving unit is a sender too: not limited to what the referral shares */
    r = rights_of((ReferralParty){.working = true, .in_receiving_unit = true, .assigned = true});
    assert_true(r.receive && r.revoke);
    assert_false(r.received);
}

static void test_nobody_else(void **state)
{
    (void)state;
    /* a unit of neither side, and anyone without a working role, may do nothing */
    ReferralRights r = rights_of((ReferralParty){.working = true});
    assert_false(r.receive || r.revoke || r.received);
    r = rights_of((ReferralParty){.in_receiving_unit = true,
                                  .in_sending_unit = true,
                                  .case_in_sending_unit = true,
                                  .supervisor = true,
                                  .assigned = true});
    assert_false(r.receive || r.revoke || r.received);
}

static const char *basis(const char *kind, const ConsentVictim *victims, int count, int *missing)
{
    return referral_consent_basis(kind, victims, count, missing);
}

static void test_consent(void **state)
{
    (void)state;
    int missing = 99;
    const ConsentVictim adult_without = {.age = 30}, adult_with = {.age = 30, .consented = true}, child = {.age = 9},
                        unknown_age = {.age = -1}, eighteen = {.age = 18};
    /* the juvenile kinds: the child's interest, whatever is recorded */
    assert_string_equal(basis("juvenile_conflict", &adult_without, 1, &missing), "child");
    assert_int_equal(missing, -1);
    assert_string_equal(basis("juvenile_protection", NULL, 0, &missing), "child");
    /* no survivor to ask */
    assert_string_equal(basis("inmate_family", &adult_without, 1, &missing), "not_required");
    assert_int_equal(missing, -1);
    assert_string_equal(basis("family_violence", NULL, 0, &missing), "not_required");
    /* family violence against children only */
    ConsentVictim children[] = {child, {.age = 17}};
    assert_string_equal(basis("family_violence", children, 2, &missing), "child");
    assert_int_equal(missing, -1);
    /* an adult survivor: her consent, needed even when a child is a victim too */
    assert_string_equal(basis("family_violence", &adult_with, 1, &missing), "consent");
    assert_int_equal(missing, -1);
    ConsentVictim mixed[] = {child, adult_with, adult_without, unknown_age};
    assert_string_equal(basis("family_violence", mixed, 4, &missing), "consent");
    assert_int_equal(missing, 2);
    /* unknown age counts as an adult; eighteen is an adult */
    assert_string_equal(basis("family_violence", &unknown_age, 1, &missing), "consent");
    assert_int_equal(missing, 0);
    assert_string_equal(basis("family_violence", &eighteen, 1, &missing), "consent");
    assert_int_equal(missing, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_states),     cmocka_unit_test(test_final_states_are_final),
        cmocka_unit_test(test_unknown_action), cmocka_unit_test(test_who_receives_and_revokes),
        cmocka_unit_test(test_nobody_else),    cmocka_unit_test(test_consent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
