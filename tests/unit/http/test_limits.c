/* src/http/limits.c: the address check (length, query parameters as libmicrohttpd counts them) and the watchdog,
 * which shuts down a watched socket once its deadline has passed, and only then. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/limits.h"

static void test_uri_check(void **state)
{
    (void)state;
    assert_int_equal(limits_uri_check("/api/v1/health", 100, 3), URI_ACCEPTED);
    assert_int_equal(limits_uri_check("/api/v1/persons?q=a&limit=5&cursor=x", 100, 3), URI_ACCEPTED);
    assert_int_equal(limits_uri_check("/api/v1/persons?q=a&limit=5&cursor=x&sex=f", 100, 3), URI_TOO_MANY_PARAMETERS);
    assert_int_equal(limits_uri_check("/x?", 100, 0), URI_ACCEPTED);                /* an empty query files nothing */
    assert_int_equal(limits_uri_check("/x?&&&", 100, 3), URI_TOO_MANY_PARAMETERS);  /* four empty parts */
    assert_int_equal(limits_uri_check("/x?a=1;b=2;c=3;d=4", 100, 1), URI_ACCEPTED); /* only '&' separates */
    char uri[200];
    memset(uri, 'a', sizeof uri - 1);
    uri[0] = '/';
    uri[sizeof uri - 1] = '\0';
    assert_int_equal(limits_uri_check(uri, sizeof uri - 1, 3), URI_ACCEPTED);
    assert_int_equal(limits_uri_check(uri, sizeof uri - 2, 3), URI_TOO_LONG);
}

/* Whether the peer of a socket pair has been shut down: a read sees the end of the stream. */
static bool ended(int fd)
{
    char byte;
    return recv(fd, &byte, 1, MSG_DONTWAIT) == 0;
}

static void pause_ms(long ms)
{
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
}

static void test_watchdog(void **state)
{
    (void)state;
    int due[2], later[2], none[2], idle[2], begun[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, idle), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, begun), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, due), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, later), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, none), 0);
    int64_t closed_before = limits_closed_count(), idle_before = limits_idle_closed_count();
    assert_int_equal(limits_watchdog_start(), 0);
    /* a connection on which no request began is closed at its deadline too, but counted apart (not a slow client);
     * one whose request began is a slow client */
    Watched *watch_idle = limits_watch(idle[0]), *watch_begun = limits_watch(begun[0]);
    limits_idle_deadline_set(watch_idle, 1);
    limits_idle_deadline_set(watch_begun, 1);
    limits_request_begun(watch_begun);
    limits_request_begun(NULL);
    Watched *watch_due = limits_watch(due[0]), *watch_later = limits_watch(later[0]);
    Watched *watch_none = limits_watch(none[0]);
    assert_non_null(watch_due);
    limits_deadline_set(watch_due, 1);
    limits_deadline_set(watch_later, 1);
    limits_deadline_set(watch_later, 60); /* a new deadline replaces the old */
    limits_deadline_set(watch_none, 1);
    limits_deadline_set(watch_none, 0); /* and 0 takes it away */
    limits_deadline_set(NULL, 1);       /* a connection without a watch is left alone */

    pause_ms(500);
    assert_false(ended(due[1]));
    for (int waited = 0; waited < 3000 && !ended(due[1]); waited += 50)
        pause_ms(50);
    assert_true(ended(due[1]));
    assert_false(ended(later[1]));
    assert_false(ended(none[1]));
    for (int waited = 0; waited < 3000 && !(ended(idle[1]) && ended(begun[1])); waited += 50)
        pause_ms(50);
    assert_true(ended(idle[1]));
    assert_true(ended(begun[1]));
    assert_int_equal(limits_closed_count(), closed_before + 2);
    assert_int_equal(limits_idle_closed_count(), idle_before + 1);
    limits_unwatch(watch_idle);
    limits_unwatch(watch_begun);

    limits_unwatch(watch_due);
    limits_unwatch(watch_later);
    limits_unwatch(watch_none);
    limits_unwatch(NULL);
    limits_watchdog_stop();
    for (int i = 0; i < 2; i++) {
        close(idle[i]);
        close(begun[i]);
        close(due[i]);
        close(later[i]);
        close(none[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uri_check),
        cmocka_unit_test(test_watchdog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
