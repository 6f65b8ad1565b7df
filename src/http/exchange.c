/* The request's life: the address checked on the request line, the head and the body read within their limits and
 * deadlines, the request handed to app/ and its answer sent, parked while its read-audit rows are committed, and
 * everything freed when libmicrohttpd reports the request complete. */
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "base/log.h"
#include "base/settings.h"
#include "http/http.h"
#include "http/limits.h"
#include "http/metrics.h"

typedef enum { EXCHANGE_READING, EXCHANGE_AUDITING, EXCHANGE_AUDITED } ExchangeState;

typedef struct {
    Buf body;
    bool too_large;
    ExchangeState state;
    int audit_rc;
    struct MHD_Connection *connection;
    struct timespec began; /* when the head had arrived */
    bool unmetered;        /* a scrape of /metrics: not counted */
    Request request;
} Exchange;

/* The most query parameters a request may carry (414 above). The API's longest list takes about a dozen; the bound
 * keeps libmicrohttpd's record of them (some 48 bytes each) well inside the half of a connection's memory pool that
 * the request's head does not take (see MHD_OPTION_CONNECTION_MEMORY_LIMIT in server.c). */
enum { QUERY_PARAMETERS_MAX = 100 };

/* What the address check found, handed from the request line to the request's first call as its context. */
static char refused_uri_too_long, refused_too_many_parameters;

/* Connections suspended while their read-audit rows are being committed. */
static atomic_int audits_outstanding;
/* Requests begun and not yet completely answered: shutdown waits for them. */
static atomic_int exchanges_open;

/* Whether a malformed X-Forwarded-For from a trusted proxy has been logged yet (once is enough). */
static atomic_bool forwarded_malformed_logged;

static const char *lookup(const Request *req, enum MHD_ValueKind kind, const char *name)
{
    return MHD_lookup_connection_value(req->transport, kind, name);
}

static const char *lookup_header(const Request *req, const char *name)
{
    return lookup(req, MHD_HEADER_KIND, name);
}

static const char *lookup_query(const Request *req, const char *name)
{
    return lookup(req, MHD_GET_ARGUMENT_KIND, name);
}

static const char *lookup_cookie(const Request *req, const char *name)
{
    return lookup(req, MHD_COOKIE_KIND, name);
}

typedef struct {
    const char **names;
    int max, count;
} QueryNames;

static enum MHD_Result collect_query_name(void *argument, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    (void)value;
    QueryNames *collected = argument;
    if (collected->count < collected->max)
        collected->names[collected->count] = key;
    collected->count++;
    return MHD_YES;
}

static int lookup_query_names(const Request *req, const char **names, int max)
{
    QueryNames collected = {names, max, 0};
    MHD_get_connection_values(req->transport, MHD_GET_ARGUMENT_KIND, collect_query_name, &collected);
    return collected.count;
}

/* Every X-Forwarded-For header of the request, joined by commas in the order received. */
static enum MHD_Result join_forwarded(void *argument, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    Buf *joined = argument;
    if (value && strcasecmp(key, "X-Forwarded-For") == 0) {
        if (joined->len)
            buf_append_str(joined, ",");
        buf_append_str(joined, value);
    }
    return MHD_YES;
}

/* The client's address: the peer's, or from a trusted proxy the one it forwarded (proxy.h). */
static void client_address(struct MHD_Connection *connection, Request *req)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char text[INET6_ADDRSTRLEN] = "unknown";
    if (info && info->client_addr) {
        const struct sockaddr *address = info->client_addr;
        if (address->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)address)->sin_addr, text, sizeof text);
        else if (address->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)address)->sin6_addr, text, sizeof text);
    }
    if (http_config.proxies.count && proxy_trusted(&http_config.proxies, text)) {
        Buf forwarded;
        buf_init(&forwarded, (size_t)settings_get(SET_MAX_HEADER_BYTES));
        MHD_get_connection_values(connection, MHD_HEADER_KIND, join_forwarded, &forwarded);
        char client[PROXY_ADDRESS_SIZE];
        ProxyVerdict verdict = forwarded.failed ? PROXY_MALFORMED
                                                : proxy_client(&http_config.proxies, text,
                                                               forwarded.len ? forwarded.data : NULL, client);
        if (verdict == PROXY_FORWARDED)
            snprintf(text, sizeof text, "%s", client);
        else if (verdict == PROXY_MALFORMED && !atomic_exchange(&forwarded_malformed_logged, true))
            log_warn("http: a trusted proxy (%s) sent an X-Forwarded-For that is not a list of addresses: its own "
                     "address is recorded (logged once)",
                     text);
        buf_free(&forwarded);
    }
    req->client_addr = arena_strdup(&req->arena, text);
}

static void prepare_request(struct MHD_Connection *connection, Exchange *exchange, const char *url, const char *method)
{
    Request *req = &exchange->request;
    req->transport = connection;
    req->method = arena_strdup(&req->arena, method);
    req->path = arena_strdup(&req->arena, url);
    req->header = lookup_header;
    req->query = lookup_query;
    req->cookie = lookup_cookie;
    req->query_names = lookup_query_names;
    req->tls = http_config.tls;
    const char *language = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Accept-Language");
    req->english = language && strncasecmp(language, "en", 2) == 0;
    client_address(connection, req);
}

/* The watch on a connection's time limits (limits.h), set up when it opened; NULL when it has none. */
static Watched *connection_watch(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

/* Called by libmicrohttpd as soon as a request line has arrived, before it files the query parameters. It files each
 * one in the connection's memory pool, and when the pool runs out there it neither answers nor closes: the client
 * waits until the idle timeout. So an address over the limits has its query cut here, in the request line itself
 * (this call is meant for processing the address before it is parsed), and the request is answered 414 on its
 * first call. Returns the request's first context: NULL, or the reason for refusing it. */
void *http_check_uri(void *unused, const char *uri, struct MHD_Connection *connection)
{
    (void)unused;
    limits_request_begun(connection_watch(connection));
    UriVerdict verdict = limits_uri_check(uri, (size_t)settings_get(SET_MAX_URI_BYTES), QUERY_PARAMETERS_MAX);
    if (verdict == URI_ACCEPTED)
        return NULL;
    char *query = strchr((char *)uri, '?');
    if (query)
        query[1] = '\0';
    return verdict == URI_TOO_LONG ? &refused_uri_too_long : &refused_too_many_parameters;
}

/* The error code of the refusal a request's first context holds (check_uri), or NULL. */
static const char *refusal(const void *context)
{
    return context == &refused_uri_too_long          ? "uri.too_long"
           : context == &refused_too_many_parameters ? "query.too_many_parameters"
                                                     : NULL;
}

/* A connection opens (its request head must arrive in time) or closes (the watch ends before its socket does). */
void http_connection_event(void *unused, struct MHD_Connection *connection, void **socket_context,
                           enum MHD_ConnectionNotificationCode code)
{
    (void)unused;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        Watched *watch = info ? limits_watch(info->connect_fd) : NULL;
        limits_idle_deadline_set(watch, settings_get(SET_HEADER_TIMEOUT_SECONDS),
                                 http_config.tls ? BYTES_UNTOLD : BYTES_FROM_OPENING);
        *socket_context = watch;
    } else {
        limits_unwatch(*socket_context);
        *socket_context = NULL;
    }
}

/* On the audit writer's thread: the rows are committed (or not); the answer may go. */
static void audit_committed(void *argument, int rc)
{
    Exchange *exchange = argument;
    exchange->audit_rc = rc;
    exchange->state = EXCHANGE_AUDITED;
    MHD_resume_connection(exchange->connection);
    atomic_fetch_sub(&audits_outstanding, 1);
}

/* Sends the answer once its audit rows are committed; if they could not be, the data is withheld. */
static enum MHD_Result send_after_audit(struct MHD_Connection *connection, Exchange *exchange)
{
    Request *req = &exchange->request;
    if (exchange->audit_rc != TK_OK) {
        req->cookie_count = 0;
        memset(&req->fault, 0, sizeof req->fault);
        return http_send_early_error(connection, req, exchange->audit_rc, "internal");
    }
    return http_send_json(connection, req);
}

enum MHD_Result http_handle(void *unused, struct MHD_Connection *connection, const char *url, const char *method,
                            const char *version, const char *upload_data, size_t *upload_size, void **context)
{
    (void)unused;
    (void)version;
    Exchange *exchange = *context;
    const char *refused = refusal(exchange);
    if (!exchange || refused) {
        /* The head has arrived: the body, if any, must follow in time. */
        limits_deadline_set(connection_watch(connection), settings_get(SET_BODY_TIMEOUT_SECONDS));
        exchange = calloc(1, sizeof *exchange);
        if (!exchange)
            return MHD_NO;
        arena_init(&exchange->request.arena, 0);
        buf_init(&exchange->body, (size_t)settings_get(SET_MAX_BODY_BYTES));
        *context = exchange;
        atomic_fetch_add(&exchanges_open, 1);
        clock_gettime(CLOCK_MONOTONIC, &exchange->began);
        exchange->request.route = METRICS_ROUTE_OTHER;
        prepare_request(connection, exchange, url, method);
        if (refused)
            return http_send_early_error(connection, &exchange->request, TK_ERR_TOO_LARGE, refused);
        const union MHD_ConnectionInfo *head = MHD_get_connection_info(connection,
                                                                       MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
        if (head && head->header_size > (size_t)settings_get(SET_MAX_HEADER_BYTES))
            return http_send_early_error(connection, &exchange->request, TK_ERR_TOO_LARGE, "headers.too_large");
        const char *length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Length");
        if (length && strtoull(length, NULL, 10) > (unsigned long long)settings_get(SET_MAX_BODY_BYTES))
            return http_send_early_error(connection, &exchange->request, TK_ERR_TOO_LARGE, "body.too_large");
        return MHD_YES;
    }
    if (exchange->state == EXCHANGE_AUDITED)
        return send_after_audit(connection, exchange);
    if (exchange->state == EXCHANGE_AUDITING)
        return MHD_YES;
    if (*upload_size) {
        if (!exchange->too_large && buf_append(&exchange->body, upload_data, *upload_size) != 0)
            exchange->too_large = true;
        *upload_size = 0;
        return MHD_YES;
    }
    Request *req = &exchange->request;
    limits_deadline_set(connection_watch(connection), 0); /* the request is all here: no limit while it is answered */
    if (exchange->too_large) /* past the limit, or memory ran out while the body was read */
        return exchange->body.over_limit ? http_send_early_error(connection, req, TK_ERR_TOO_LARGE, "body.too_large")
                                         : http_send_early_error(connection, req, TK_ERR_NOMEM, NULL);
    if (strcmp(url, "/metrics") == 0 && http_metrics_authorised(connection, method)) {
        exchange->unmetered = true;
        return http_send_metrics(connection);
    }
    if (strncmp(url, "/api/", 5) != 0)
        return http_send_asset(connection, req, url, method);
    req->body = exchange->body.data;
    req->body_len = exchange->body.len;
    AppOutcome outcome = app_handle(req);
    if (outcome == APP_UNAVAILABLE)
        return http_send_early_error(connection, req, TK_ERR_BUSY, "unavailable");
    if (outcome == APP_ANSWERED)
        return http_send_json(connection, req);
    if (outcome == APP_AUDIT_FAILED) {
        exchange->audit_rc = TK_ERR_IO;
        return send_after_audit(connection, exchange);
    }
    /* With no commit of audit rows under way, this request commits its own, here: no hand-off to the writer's
     * thread and no parked connection. */
    if (app_commit_audits_now(req, &exchange->audit_rc))
        return send_after_audit(connection, exchange);
    /* Park the connection (freeing this thread for others) until the writer has committed the rows,
     * together with those of every other request waiting at the same moment. */
    exchange->connection = connection;
    exchange->state = EXCHANGE_AUDITING;
    atomic_fetch_add(&audits_outstanding, 1);
    MHD_suspend_connection(connection);
    app_submit_audits(req, audit_committed, exchange);
    return MHD_YES;
}

void http_completed(void *unused, struct MHD_Connection *connection, void **context,
                    enum MHD_RequestTerminationCode code)
{
    (void)unused;
    /* The next request on a connection kept open must arrive in time too (closed quietly if none begins). */
    limits_idle_deadline_set(connection_watch(connection), settings_get(SET_HEADER_TIMEOUT_SECONDS), BYTES_FROM_NOW);
    Exchange *exchange = *context;
    if (!exchange || refusal(exchange))
        return;
    atomic_fetch_sub(&exchanges_open, 1);
    if (!exchange->unmetered && code == MHD_REQUEST_TERMINATED_COMPLETED_OK) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        int64_t micros = (int64_t)(now.tv_sec - exchange->began.tv_sec) * 1000000 +
                         (now.tv_nsec - exchange->began.tv_nsec) / 1000;
        metrics_record(exchange->request.route, exchange->request.status, micros);
    }
    /* The body may hold a password. */
    if (exchange->body.data)
        sodium_memzero(exchange->body.data, exchange->body.cap);
    json_decref(exchange->request.response);
    free(exchange->request.file);
    arena_free(&exchange->request.arena);
    buf_free(&exchange->body);
    free(exchange);
    *context = NULL;
}

int http_exchanges_open(void)
{
    return atomic_load(&exchanges_open);
}

/* Waits until every request begun has been answered, or the time runs out. */
void http_wait_for_requests(int milliseconds)
{
    for (int waited = 0; waited < milliseconds; waited++) {
        if (atomic_load(&exchanges_open) == 0 && atomic_load(&audits_outstanding) == 0)
            return;
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
}

void http_wait_for_audits(void)
{
    while (atomic_load(&audits_outstanding) > 0) {
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
}
