/* A request as the API layer sees it: no HTTP library types, only what handlers need. The HTTP layer
 * fills it, calls api_dispatch, and sends what it leaves in the response fields. */
#ifndef TAKAMUL_API_REQUEST_H
#define TAKAMUL_API_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/fault.h"
#include "domain/core/context.h"
#include "domain/org/login.h"

typedef struct Request Request;

/* Reads a request header, query parameter or cookie by name; NULL when absent. Borrowed. */
typedef const char *(*RequestLookup)(const Request *req, const char *name);

enum { REQUEST_MAX_COOKIES = 4, REQUEST_MAX_PARAMS = 4 };

struct Request {
    Arena arena;
    const char *method;
    const char *path;
    const char *body;
    size_t body_len;
    const char *client_addr;
    bool tls;
    bool english; /* Accept-Language asks for English; Arabic otherwise */
    RequestLookup header;
    RequestLookup query;
    RequestLookup cookie;
    /* The names of the query parameters, in order: up to max into names (borrowed); returns how many there are. */
    int (*query_names)(const Request *req, const char **names, int max);
    void *transport;                    /* the HTTP layer's connection */
    int64_t params[REQUEST_MAX_PARAMS]; /* the {id} parts of the route, in order */
    int param_count;
    int route; /* the index of the route that matched (api_route_describe), or -1: set by api_dispatch */

    Fault fault;
    Ctx ctx;
    Authenticated auth;
    const char *session_token; /* the cookie's token when authenticated by session */

    /* The response. */
    int status;
    json_t *response; /* owned: the HTTP layer releases it */
    const char *set_cookies[REQUEST_MAX_COOKIES];
    int cookie_count;
    int retry_after;
    /* Seconds until the cookie session of the request ends unless it is used again (Takamul-Session-Expires-In);
     * 0 when there is none. */
    int64_t session_expires_in;
    /* A file instead of JSON (a PDF): owned (malloc), sent as an attachment with its type and name. */
    char *file;
    size_t file_len;
    const char *file_type, *file_name;
};

/* Routes the request under /api/v1 and leaves the response in req. Never fails: errors become responses. */
void api_dispatch(Request *req);

/* The routes, for the counters of /metrics: how many there are, and route i's method and pattern (static). */
int api_route_count(void);
void api_route_describe(int i, const char **method, const char **pattern);

/* Sets a JSON response (takes the reference). */
void api_respond(Request *req, int status, json_t *body);
/* Sets a file response (takes data, from malloc); name is copied into the arena. */
void api_respond_file(Request *req, char *data, size_t len, const char *type, const char *name);
/* Adds a Set-Cookie header value (copied into the arena). Returns TK_ERR_NOMEM when cookie is NULL (the caller's
 * arena_printf ran out of memory) or the copy fails: an answer must not lose its cookie silently. */
int api_add_cookie(Request *req, const char *cookie);
/* Renders an error from err and req->fault into the response. */
void api_respond_error(Request *req, int err);

#endif
