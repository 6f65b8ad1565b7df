/* src/http/limits.c: the address check (length, query parameters as libmicrohttpd counts them) and the watchdog,
 * which shuts down a watched socket once its deadline has passed, and only then, counting it as a slow client or an
 * idle connection. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
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
    ssize_t got = recv(fd, &byte, 1, MSG_DONTWAIT);
    return got == 0 || (got < 0 && errno == ECONNRESET); /* a socket shut down with bytes unread may be reset */
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
    limits_idle_deadline_set(watch_idle, 1, BYTES_UNTOLD); /* not TCP: the request line alone tells */
    limits_idle_deadline_set(watch_begun, 1, BYTES_FROM_OPENING);
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

/* A loopback TCP connection: fds[0] the server's side (accepted), fds[1] the client's. */
static void tcp_pair(int listener, int fds[2])
{
    struct sockaddr_in address;
    socklen_t size = sizeof address;
    assert_int_equal(getsockname(listener, (struct sockaddr *)&address, &size), 0);
    fds[1] = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fds[1] >= 0);
    assert_int_equal(connect(fds[1], (struct sockaddr *)&address, sizeof address), 0);
    fds[0] = accept(listener, NULL, NULL);
    assert_true(fds[0] >= 0);
}

/* Over TCP the bytes received tell a request begun before its line has come: bytes that came before the watch began
 * (a loaded server accepts late), or after an answer, make a slow client; none, an idle connection. */
static void test_idle_told_by_bytes(void **state)
{
    (void)state;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(listener, (struct sockaddr *)&address, sizeof address), 0);
    assert_int_equal(listen(listener, 8), 0);
    enum { SILENT, EARLY_BYTES, KEPT_SILENT, KEPT_THEN_BYTES, UNTOLD, PAIRS };
    static const bool slow[PAIRS] = {[EARLY_BYTES] = true, [KEPT_THEN_BYTES] = true};
    int fds[PAIRS][2];
    Watched *watch[PAIRS];
    for (int i = 0; i < PAIRS; i++)
        tcp_pair(listener, fds[i]);
    assert_int_equal(write(fds[EARLY_BYTES][1], "GET /a", 6), 6); /* before the watch: part of a request line */
    assert_int_equal(write(fds[KEPT_SILENT][1], "GET / HTTP/1.1\r\n\r\n", 18), 18); /* an answered request */
    assert_int_equal(write(fds[KEPT_THEN_BYTES][1], "GET / HTTP/1.1\r\n\r\n", 18), 18);
    assert_int_equal(write(fds[UNTOLD][1], "\x16\x03\x01", 3), 3); /* a TLS handshake's first bytes */
    pause_ms(100);
    int64_t closed_before = limits_closed_count(), idle_before = limits_idle_closed_count();
    assert_int_equal(limits_watchdog_start(), 0);
    for (int i = 0; i < PAIRS; i++) {
        watch[i] = limits_watch(fds[i][0]);
        limits_idle_deadline_set(watch[i], 1,
                                 i == SILENT || i == EARLY_BYTES ? BYTES_FROM_OPENING
                                 : i == UNTOLD                   ? BYTES_UNTOLD
                                                                 : BYTES_FROM_NOW);
    }
    assert_int_equal(write(fds[KEPT_THEN_BYTES][1], "G", 1), 1); /* the next request begins, its line not whole */
    bool all = false;
    for (int waited = 0; waited < 4000 && !all; waited += 50) {
        pause_ms(50);
        all = true;
        for (int i = 0; i < PAIRS; i++)
            all = all && ended(fds[i][1]);
    }
    assert_true(all);
    int slow_count = 0;
    for (int i = 0; i < PAIRS; i++)
        slow_count += slow[i];
    assert_int_equal(limits_closed_count(), closed_before + slow_count);
    assert_int_equal(limits_idle_closed_count(), idle_before + (PAIRS - slow_count));
    for (int i = 0; i < PAIRS; i++) {
        limits_unwatch(watch[i]);
        close(fds[i][0]);
        close(fds[i][1]);
    }
    limits_watchdog_stop();
    close(listener);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uri_check),
        cmocka_unit_test(test_watchdog),
        cmocka_unit_test(test_idle_told_by_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
