/* The address check is run by the server as soon as the request line has arrived, before libmicrohttpd files the
 * query parameters (see exchange.c). The deadlines are a watchdog's: libmicrohttpd's own timeout is an idle timeout,
 * started again by every byte, so a client sending one byte a second holds a connection (and one of the few an
 * address may have) for ever. The watchdog closes a connection whose deadline has passed with shutdown(): the
 * worker thread that owns it sees the end of the stream and closes it the usual way. */
#include "http/limits.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include "base/log.h"

UriVerdict limits_uri_check(const char *uri, size_t max_bytes, int max_parameters)
{
    size_t len = strlen(uri);
    if (len > max_bytes)
        return URI_TOO_LONG;
    const char *query = strchr(uri, '?');
    if (!query || !query[1])
        return URI_ACCEPTED;
    /* libmicrohttpd files one parameter per '&'-separated part, empty parts too */
    int parameters = 1;
    for (const char *at = query + 1; *at; at++)
        if (*at == '&' && ++parameters > max_parameters)
            return URI_TOO_MANY_PARAMETERS;
    return parameters > max_parameters ? URI_TOO_MANY_PARAMETERS : URI_ACCEPTED;
}

struct Watched {
    Watched *prev, *next;
    int fd;
    bool closed;                   /* shut down by the watchdog (under the lock) */
    atomic_int_fast64_t due_ms;    /* monotonic milliseconds; 0: no deadline */
    atomic_bool idle;              /* no request has begun since the deadline was set (limits_idle_deadline_set) */
    atomic_bool served;            /* a request has been answered on it */
    atomic_uint_fast64_t received; /* the bytes received before any that would tell of a request; UINT64_MAX: none
                                    * tell (limits.h, BytesFrom) */
};

enum { SWEEP_MS = 100 };

static struct {
    pthread_mutex_t lock; /* the list, and the sockets while it is held: a socket is closed only after its
                           * limits_unwatch, which takes the lock, so the watchdog never shuts down a reused fd */
    pthread_cond_t wake;
    Watched *head;
    pthread_t thread;
    bool running, stopping;
    atomic_int_fast64_t closed_count, idle_closed_count;
} watchdog = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static int64_t monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* The bytes a TCP socket has received so far, or UINT64_MAX (another kind of socket, an older kernel). */
static uint64_t bytes_received(int fd)
{
    struct tcp_info info;
    socklen_t size = sizeof info;
    memset(&info, 0, sizeof info);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0 ||
        size < offsetof(struct tcp_info, tcpi_bytes_received) + sizeof info.tcpi_bytes_received)
        return UINT64_MAX;
    return info.tcpi_bytes_received;
}

/* Whether a connection marked idle is: no request line has come, and (where the kernel tells) no byte either, so
 * that a client trickling its request line is a slow client too. */
static bool still_idle(Watched *w)
{
    if (!atomic_load(&w->idle))
        return false;
    uint64_t then = atomic_load(&w->received);
    if (then == UINT64_MAX)
        return true;
    uint64_t now = bytes_received(w->fd);
    return now == UINT64_MAX || now <= then;
}

/* What the watchdog closed in one sweep. */
typedef struct {
    int slow;        /* a request begun on them took too long */
    int idle_unused; /* no request ever came on them */
    int idle_kept;   /* kept open after answers, no request since */
} Swept;

/* Closes the connections whose deadline has passed, counted (in the totals too) before they are shut down. Called
 * with the lock held. */
static Swept sweep(int64_t now)
{
    Swept swept = {0};
    for (Watched *w = watchdog.head; w; w = w->next) {
        int64_t due = atomic_load(&w->due_ms);
        if (w->closed || !due || now < due)
            continue;
        if (!still_idle(w)) {
            swept.slow++;
            atomic_fetch_add(&watchdog.closed_count, 1);
        } else {
            if (atomic_load(&w->served))
                swept.idle_kept++;
            else
                swept.idle_unused++;
            atomic_fetch_add(&watchdog.idle_closed_count, 1);
        }
        shutdown(w->fd, SHUT_RDWR);
        w->closed = true;
    }
    return swept;
}

static void *watchdog_main(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&watchdog.lock);
    while (!watchdog.stopping) {
        Swept swept = sweep(monotonic_ms());
        if (swept.slow)
            log_warn("closed %d connection(s) whose request head or body took longer than allowed", swept.slow);
        if (swept.idle_unused)
            log_info("closed %d connection(s) opened without a request in time", swept.idle_unused);
        if (swept.idle_kept)
            log_debug("closed %d connection(s) kept open after an answer without a new request in time",
                      swept.idle_kept);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += SWEEP_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&watchdog.wake, &watchdog.lock, &until);
    }
    pthread_mutex_unlock(&watchdog.lock);
    return NULL;
}

int limits_watchdog_start(void)
{
    pthread_mutex_lock(&watchdog.lock);
    watchdog.stopping = false;
    int rc = watchdog.running ? 0 : pthread_create(&watchdog.thread, NULL, watchdog_main, NULL);
    if (rc == 0)
        watchdog.running = true;
    pthread_mutex_unlock(&watchdog.lock);
    if (rc != 0) {
        log_error("cannot start the connection watchdog: %s", strerror(rc));
        return -1;
    }
    return 0;
}

void limits_watchdog_stop(void)
{
    pthread_mutex_lock(&watchdog.lock);
    bool running = watchdog.running;
    watchdog.stopping = true;
    watchdog.running = false;
    pthread_cond_signal(&watchdog.wake);
    pthread_mutex_unlock(&watchdog.lock);
    if (running)
        pthread_join(watchdog.thread, NULL);
}

Watched *limits_watch(int fd)
{
    Watched *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->fd = fd;
    pthread_mutex_lock(&watchdog.lock);
    w->next = watchdog.head;
    if (watchdog.head)
        watchdog.head->prev = w;
    watchdog.head = w;
    pthread_mutex_unlock(&watchdog.lock);
    return w;
}

void limits_unwatch(Watched *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&watchdog.lock);
    if (w->prev)
        w->prev->next = w->next;
    else
        watchdog.head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    pthread_mutex_unlock(&watchdog.lock);
    free(w);
}

void limits_deadline_set(Watched *w, int64_t seconds)
{
    if (!w)
        return;
    atomic_store(&w->idle, false);
    atomic_store(&w->due_ms, seconds > 0 ? monotonic_ms() + seconds * 1000 : 0);
}

void limits_idle_deadline_set(Watched *w, int64_t seconds, BytesFrom from)
{
    if (!w)
        return;
    atomic_store(&w->received, from == BYTES_FROM_OPENING ? 0
                               : from == BYTES_FROM_NOW   ? bytes_received(w->fd)
                                                          : UINT64_MAX);
    atomic_store(&w->served, from == BYTES_FROM_NOW);
    atomic_store(&w->idle, true);
    atomic_store(&w->due_ms, seconds > 0 ? monotonic_ms() + seconds * 1000 : 0);
}

void limits_request_begun(Watched *w)
{
    if (w)
        atomic_store(&w->idle, false);
}

int64_t limits_closed_count(void)
{
    return atomic_load(&watchdog.closed_count);
}

int64_t limits_idle_closed_count(void)
{
    return atomic_load(&watchdog.idle_closed_count);
}
