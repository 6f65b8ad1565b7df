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
/* Where the bytes a connection has received start to tell of a request begun: from its opening (a plain connection
 * just opened: any byte is a request's), from now (kept open after an answer: the bytes until now were the requests
 * answered), or nowhere (a connection just opened under TLS, whose handshake comes first: only the request line
 * tells, so a request line trickled in over TLS counts as idle). */
typedef enum { BYTES_FROM_OPENING, BYTES_FROM_NOW, BYTES_UNTOLD } BytesFrom;

/* The same as limits_deadline_set, for a connection on which no request has begun yet: closed at the deadline as
 * well, but as an idle connection, not a slow client, unless bytes of a request have come (counted as `from` says). */
void limits_idle_deadline_set(Watched *w, int64_t seconds, BytesFrom from);
/* A request has begun on the connection (its request line has come): no longer idle; the deadline stays. */
void limits_request_begun(Watched *w);
/* Connections the watchdog has closed since start because a request on them was too slow (a warning in the log),
 * and those it closed idle (an info line when no request was ever answered on them, a debug line for a connection
 * kept open after answers: a browser keeps connections it may not use). Both are counters of /metrics. The counts
 * are made before the connections are shut down. */
int64_t limits_closed_count(void);
int64_t limits_idle_closed_count(void);

#endif
