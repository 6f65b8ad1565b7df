/* Limits the HTTP layer puts on a request before the API sees it: the size of its address, and the time its head
 * (request line and headers) and its body may take to arrive, enforced by a watchdog thread. */
#ifndef TAKAMUL_HTTP_LIMITS_H
#define TAKAMUL_HTTP_LIMITS_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    URI_ACCEPTED,
    URI_TOO_LONG,            /* longer than the limit in bytes */
    URI_TOO_MANY_PARAMETERS, /* more query parameters than the limit */
} UriVerdict;

/* Judges a request's address (path and query, as sent) against the limits. */
UriVerdict limits_uri_check(const char *uri, size_t max_bytes, int max_parameters);

/* A connection under watch: it is closed when its deadline passes. */
typedef struct Watched Watched;

/* Starts the watchdog thread, which closes watched connections whose deadline has passed. 0 or -1. */
int limits_watchdog_start(void);
/* Stops the thread; connections still watched are left as they are. */
void limits_watchdog_stop(void);
/* Puts the socket fd under watch, without a deadline. NULL when out of memory (the connection goes unwatched).
 * The caller ends the watch with limits_unwatch before the socket is closed. */
Watched *limits_watch(int fd);
/* Ends the watch and frees w (NULL is ignored). */
void limits_unwatch(Watched *w);
/* The connection must reach its next step within seconds from now, or be closed; 0 takes the deadline away.
 * NULL is ignored. Any thread may call it. */
void limits_deadline_set(Watched *w, int64_t seconds);
/* The same, for a connection waiting for a request that has not begun (one just opened, or kept open after an
 * answer): closed at the deadline as well, but as an idle connection, not a slow client, unless bytes of a request
 * have come meanwhile (a request line trickled in). */
void limits_idle_deadline_set(Watched *w, int64_t seconds);
/* A request has begun on the connection (its request line has come): no longer idle; the deadline stays. */
void limits_request_begun(Watched *w);
/* Connections the watchdog has closed since start because a request on them was too slow (logged as a warning),
 * and those it closed idle (logged at debug level only: a browser keeps connections open that it may not use). */
int64_t limits_closed_count(void);
int64_t limits_idle_closed_count(void);

#endif
