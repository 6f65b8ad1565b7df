#include "http/server.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/request.h"
#include "app/app.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "base/settings.h"
#include "http/assets.h"
#include "http/limits.h"
#include "http/metrics.h"
#include "http/proxy.h"
#include "store/store.h"

static const char CSP[] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
                          "frame-ancestors 'none'";

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
 * the request's head does not take (see MHD_OPTION_CONNECTION_MEMORY_LIMIT below). */
enum { QUERY_PARAMETERS_MAX = 100 };

/* What the address check found, handed from the request line to the request's first call as its context. */
static char refused_uri_too_long, refused_too_many_parameters;

/* Connections suspended while their read-audit rows are being committed. */
static atomic_int audits_outstanding;
/* Requests begun and not yet completely answered: shutdown waits for them. */
static atomic_int exchanges_open;

static const char *web_dir; /* NULL: the embedded files */
static bool serving_tls;

/* --trusted-proxy; whether a malformed X-Forwarded-For from one of them has been logged yet (once is enough). */
static ProxyList proxies;
static atomic_bool forwarded_malformed_logged;
/* The hash of the token that opens /metrics on the main port (--metrics-token-file); none: 404 there. */
static uint8_t metrics_token_hash[crypto_generichash_BYTES];
static bool metrics_token_set;

static void add_common_headers(struct MHD_Response *response, bool api)
{
    MHD_add_response_header(response, "Content-Security-Policy", CSP);
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(response, "X-Frame-Options", "DENY");
    MHD_add_response_header(response, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(response, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(response, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    MHD_add_response_header(response, "Cache-Control", api ? "no-store" : "no-cache");
    if (serving_tls)
        MHD_add_response_header(response, "Strict-Transport-Security", "max-age=31536000");
}

static enum MHD_Result send_json(struct MHD_Connection *connection, Request *req)
{
    char *text = NULL;
    size_t len = 0;
    if (req->file) {
        /* a file made by the API (a PDF): the connection frees it once sent */
        text = req->file;
        len = req->file_len;
        req->file = NULL;
    } else if (req->response) {
        text = json_dumps(req->response, JSON_COMPACT | JSON_REAL_PRECISION(6));
        len = text ? strlen(text) : 0;
    }
    struct MHD_Response *response = text ? MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE)
                                         : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!response) {
        free(text);
        return MHD_NO;
    }
    add_common_headers(response, true);
    if (text && req->file_type) {
        char disposition[300];
        snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"",
                 req->file_name ? req->file_name : "document");
        MHD_add_response_header(response, "Content-Type", req->file_type);
        MHD_add_response_header(response, "Content-Disposition", disposition);
    } else if (text)
        MHD_add_response_header(response, "Content-Type", "application/json; charset=utf-8");
    for (int i = 0; i < req->cookie_count; i++)
        MHD_add_response_header(response, "Set-Cookie", req->set_cookies[i]);
    if (req->retry_after > 0) {
        char seconds[16];
        snprintf(seconds, sizeof seconds, "%d", req->retry_after);
        MHD_add_response_header(response, "Retry-After", seconds);
    }
    if (req->session_expires_in > 0) {
        char seconds[24];
        snprintf(seconds, sizeof seconds, "%lld", (long long)req->session_expires_in);
        MHD_add_response_header(response, "Takamul-Session-Expires-In", seconds);
    }
    enum MHD_Result result = MHD_queue_response(connection, (unsigned)req->status, response);
    MHD_destroy_response(response);
    return result;
}

/* An error before the API runs (body too large): in the same format, Arabic unless English was asked. */
static enum MHD_Result send_early_error(struct MHD_Connection *connection, Request *req, int err, const char *code)
{
    fault_set(&req->fault, err, code);
    api_respond_error(req, err);
    return send_json(connection, req);
}

static enum MHD_Result send_asset(struct MHD_Connection *connection, Request *req, const char *path, const char *method)
{
    Asset asset;
    struct MHD_Response *response;
    unsigned status = MHD_HTTP_OK;
    bool readable = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    if (readable && assets_find(web_dir, path, &asset)) {
        response = MHD_create_response_from_buffer(asset.size, (void *)asset.data,
                                                   asset.owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        if (response)
            MHD_add_response_header(response, "Content-Type", asset.content_type);
    } else {
        static const char not_found[] = "Not found / غير موجود\n";
        status = readable ? MHD_HTTP_NOT_FOUND : MHD_HTTP_METHOD_NOT_ALLOWED;
        response = MHD_create_response_from_buffer(sizeof not_found - 1, (void *)not_found, MHD_RESPMEM_PERSISTENT);
        if (response)
            MHD_add_response_header(response, "Content-Type", "text/plain; charset=utf-8");
    }
    if (!response)
        return MHD_NO;
    add_common_headers(response, false);
    if (req) {
        req->route = METRICS_ROUTE_WEB;
        req->status = (int)status;
    }
    enum MHD_Result result = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return result;
}

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
    if (proxies.count && proxy_trusted(&proxies, text)) {
        Buf forwarded;
        buf_init(&forwarded, (size_t)settings_get(SET_MAX_HEADER_BYTES));
        MHD_get_connection_values(connection, MHD_HEADER_KIND, join_forwarded, &forwarded);
        char client[PROXY_ADDRESS_SIZE];
        ProxyVerdict verdict = forwarded.failed
                                   ? PROXY_MALFORMED
                                   : proxy_client(&proxies, text, forwarded.len ? forwarded.data : NULL, client);
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
    req->tls = serving_tls;
    const char *language = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Accept-Language");
    req->english = language && strncasecmp(language, "en", 2) == 0;
    client_address(connection, req);
}

/* Called by libmicrohttpd as soon as a request line has arrived, before it files the query parameters. It files each
 * one in the connection's memory pool, and when the pool runs out there it neither answers nor closes: the client
 * waits until the idle timeout. So an address over the limits has its query cut here, in the request line itself
 * (this call is meant for processing the address before it is parsed), and the request is answered 414 on its
 * first call. Returns the request's first context: NULL, or the reason for refusing it. */
static void *check_uri(void *unused, const char *uri, struct MHD_Connection *connection)
{
    (void)unused;
    (void)connection;
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

/* The watch on a connection's time limits (limits.h), set up when it opened; NULL when it has none. */
static Watched *connection_watch(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

/* A connection opens (its request head must arrive in time) or closes (the watch ends before its socket does). */
static void connection_event(void *unused, struct MHD_Connection *connection, void **socket_context,
                             enum MHD_ConnectionNotificationCode code)
{
    (void)unused;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        Watched *watch = info ? limits_watch(info->connect_fd) : NULL;
        limits_deadline_set(watch, settings_get(SET_HEADER_TIMEOUT_SECONDS));
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
        return send_early_error(connection, req, exchange->audit_rc, "internal");
    }
    return send_json(connection, req);
}

static enum MHD_Result send_metrics(struct MHD_Connection *connection)
{
    AppGauges app;
    app_gauges(&app);
    MetricsGauges gauges = {.requests_in_flight = atomic_load(&exchanges_open),
                            .audit_queue_rows = app.audit_queue_rows,
                            .db_connections_open = app.db_connections_open,
                            .db_connections_in_use = app.db_connections_in_use,
                            .index_persons = app.index_persons,
                            .index_bytes = app.index_bytes};
    Buf text;
    buf_init(&text, 0);
    if (metrics_render(&text, &gauges) != 0) {
        buf_free(&text);
        return MHD_NO;
    }
    size_t len = 0;
    char *data = buf_detach(&text, &len);
    struct MHD_Response *response = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (!response) {
        free(data);
        return MHD_NO;
    }
    MHD_add_response_header(response, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    MHD_add_response_header(response, "Cache-Control", "no-store");
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    enum MHD_Result result = MHD_queue_response(connection, MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return result;
}

/* On the main port, /metrics opens only to "Authorization: Bearer TOKEN" with the token of --metrics-token-file
 * (compared by hash, in constant time); anything else finds nothing there. */
static bool metrics_authorised(struct MHD_Connection *connection, const char *method)
{
    if (!metrics_token_set || (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0))
        return false;
    const char *authorization = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Authorization");
    if (!authorization || strncasecmp(authorization, "Bearer ", 7) != 0)
        return false;
    uint8_t given[crypto_generichash_BYTES];
    crypto_generichash(given, sizeof given, (const unsigned char *)authorization + 7, strlen(authorization + 7), NULL,
                       0);
    return sodium_memcmp(given, metrics_token_hash, sizeof given) == 0;
}

/* The separate metrics address (--metrics-listen): /metrics and nothing else. */
static enum MHD_Result handle_metrics_port(void *unused, struct MHD_Connection *connection, const char *url,
                                           const char *method, const char *version, const char *upload_data,
                                           size_t *upload_size, void **context)
{
    (void)unused;
    (void)version;
    (void)upload_data;
    static int begun;
    if (!*context) {
        *context = &begun;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0;
        return MHD_YES;
    }
    if (strcmp(url, "/metrics") == 0 && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
        return send_metrics(connection);
    static const char not_found[] = "Not found\n";
    struct MHD_Response *response = MHD_create_response_from_buffer(sizeof not_found - 1, (void *)not_found,
                                                                    MHD_RESPMEM_PERSISTENT);
    if (!response)
        return MHD_NO;
    MHD_add_response_header(response, "Content-Type", "text/plain; charset=utf-8");
    enum MHD_Result result = MHD_queue_response(connection, MHD_HTTP_NOT_FOUND, response);
    MHD_destroy_response(response);
    return result;
}

static enum MHD_Result handle(void *unused, struct MHD_Connection *connection, const char *url, const char *method,
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
            return send_early_error(connection, &exchange->request, TK_ERR_TOO_LARGE, refused);
        const union MHD_ConnectionInfo *head = MHD_get_connection_info(connection,
                                                                       MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
        if (head && head->header_size > (size_t)settings_get(SET_MAX_HEADER_BYTES))
            return send_early_error(connection, &exchange->request, TK_ERR_TOO_LARGE, "headers.too_large");
        const char *length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Length");
        if (length && strtoull(length, NULL, 10) > (unsigned long long)settings_get(SET_MAX_BODY_BYTES))
            return send_early_error(connection, &exchange->request, TK_ERR_TOO_LARGE, "body.too_large");
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
        return exchange->body.over_limit ? send_early_error(connection, req, TK_ERR_TOO_LARGE, "body.too_large")
                                         : send_early_error(connection, req, TK_ERR_NOMEM, NULL);
    if (strcmp(url, "/metrics") == 0 && metrics_authorised(connection, method)) {
        exchange->unmetered = true;
        return send_metrics(connection);
    }
    if (strncmp(url, "/api/", 5) != 0)
        return send_asset(connection, req, url, method);
    req->body = exchange->body.data;
    req->body_len = exchange->body.len;
    AppOutcome outcome = app_handle(req);
    if (outcome == APP_UNAVAILABLE)
        return send_early_error(connection, req, TK_ERR_BUSY, "unavailable");
    if (outcome == APP_ANSWERED)
        return send_json(connection, req);
    /* Park the connection (freeing this thread for others) until the writer has committed the rows,
     * together with those of every other request waiting at the same moment. */
    exchange->connection = connection;
    exchange->state = EXCHANGE_AUDITING;
    atomic_fetch_add(&audits_outstanding, 1);
    MHD_suspend_connection(connection);
    app_submit_audits(req, audit_committed, exchange);
    return MHD_YES;
}

static void completed(void *unused, struct MHD_Connection *connection, void **context,
                      enum MHD_RequestTerminationCode code)
{
    (void)unused;
    /* The next request on a connection kept open must arrive in time too. */
    limits_deadline_set(connection_watch(connection), settings_get(SET_HEADER_TIMEOUT_SECONDS));
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

__attribute__((format(printf, 2, 0))) static void log_mhd(void *unused, const char *format, va_list args)
{
    (void)unused;
    char line[512];
    vsnprintf(line, sizeof line, format, args);
    size_t len = strlen(line);
    while (len && line[len - 1] == '\n')
        line[--len] = '\0';
    log_warn("http: %s", line);
}

/* Waits until every request begun has been answered, or the time runs out. */
static void wait_for_requests(int milliseconds)
{
    for (int waited = 0; waited < milliseconds; waited++) {
        if (atomic_load(&exchanges_open) == 0 && atomic_load(&audits_outstanding) == 0)
            return;
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
}

/* Parses "host:port" or "[v6]:port". */
static int parse_listen(const char *listen, struct sockaddr_storage *address, socklen_t *len)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
        return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return -1;
    memset(address, 0, sizeof *address);
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        host[strlen(host) - 1] = '\0';
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)address;
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &v6->sin6_addr) != 1)
            return -1;
        *len = sizeof *v6;
        return 0;
    }
    struct sockaddr_in *v4 = (struct sockaddr_in *)address;
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host, &v4->sin_addr) != 1)
        return -1;
    *len = sizeof *v4;
    return 0;
}

static char *read_text_file(const char *path)
{
    Buf buf;
    buf_init(&buf, 1024 * 1024);
    if (buf_read_file(&buf, path) != 0) {
        buf_free(&buf);
        return NULL;
    }
    return buf_detach(&buf, NULL);
}

/* A socket listening on host:port (option names the setting, for the message): 0 with *fd, or an exit code. */
static int open_listener(const char *listen_on, const char *option, int *fd_out)
{
    struct sockaddr_storage address;
    socklen_t address_len;
    if (parse_listen(listen_on, &address, &address_len) != 0) {
        fprintf(stderr, "takamul: %s wants host:port, e.g. 127.0.0.1:8080 (got %s)\n", option, listen_on);
        return 2;
    }
    int fd = socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (fd >= 0 && address.ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    if (fd < 0 || bind(fd, (struct sockaddr *)&address, address_len) != 0 || listen(fd, 128) != 0) {
        fprintf(stderr, "takamul: cannot listen on %s: %s\n", listen_on, strerror(errno));
        if (fd >= 0)
            close(fd);
        return 1;
    }
    *fd_out = fd;
    return 0;
}

/* The metrics settings: the token file read (a line of at least 16 characters), the separate address bound. */
static int prepare_metrics(ServeOptions *options)
{
    if (options->metrics_token_file) {
        char *token = read_text_file(options->metrics_token_file);
        size_t len = token ? strlen(token) : 0;
        while (len && (token[len - 1] == '\n' || token[len - 1] == '\r' || token[len - 1] == ' '))
            token[--len] = '\0';
        if (len < 16 || strpbrk(token, "\r\n")) {
            fprintf(stderr,
                    "takamul: --metrics-token-file wants a readable file holding one token of at least 16 "
                    "characters (%s)\n",
                    options->metrics_token_file);
            if (token)
                sodium_memzero(token, strlen(token));
            free(token);
            return 2;
        }
        options->metrics_token = token;
    }
    if (options->metrics_listen)
        return open_listener(options->metrics_listen, "--metrics-listen", &options->metrics_fd);
    return 0;
}

int http_prepare(ServeOptions *options)
{
    options->listen_fd = options->metrics_fd = -1;
    memset(&options->proxies, 0, sizeof options->proxies);
    for (int i = 0; i < options->trusted_proxy_count; i++)
        if (proxy_list_add(&options->proxies, options->trusted_proxies[i]) != 0) {
            fprintf(stderr,
                    "takamul: --trusted-proxy wants IPv4 or IPv6 addresses or networks (ADDR[/BITS], comma lists, "
                    "at most %d in all), got %s\n",
                    PROXY_MAX, options->trusted_proxies[i]);
            return 2;
        }
    struct sockaddr_storage address;
    socklen_t address_len;
    if (parse_listen(options->listen, &address, &address_len) != 0) {
        fprintf(stderr, "takamul: --listen wants host:port, e.g. 127.0.0.1:8080 (got %s)\n", options->listen);
        return 2;
    }
    if (options->tls_cert || options->tls_key) {
        options->cert_pem = options->tls_cert ? read_text_file(options->tls_cert) : NULL;
        options->key_pem = options->tls_key ? read_text_file(options->tls_key) : NULL;
        if (!options->cert_pem || !options->key_pem) {
            fprintf(stderr, "takamul: TLS needs both --tls-cert and --tls-key as readable PEM files\n");
            free(options->cert_pem);
            free(options->key_pem);
            options->cert_pem = options->key_pem = NULL;
            return 2;
        }
    }
    int rc = prepare_metrics(options);
    if (rc == 0)
        rc = open_listener(options->listen, "--listen", &options->listen_fd);
    if (rc != 0) {
        free(options->cert_pem);
        free(options->key_pem);
        options->cert_pem = options->key_pem = NULL;
        if (options->metrics_fd >= 0)
            close(options->metrics_fd);
        options->metrics_fd = -1;
    }
    return rc;
}

int http_serve(ServeOptions *options)
{
    web_dir = options->web_dir;
    proxies = options->proxies;
    metrics_token_set = options->metrics_token != NULL;
    if (metrics_token_set) {
        crypto_generichash(metrics_token_hash, sizeof metrics_token_hash, (const unsigned char *)options->metrics_token,
                           strlen(options->metrics_token), NULL, 0);
        sodium_memzero(options->metrics_token, strlen(options->metrics_token));
        free(options->metrics_token);
        options->metrics_token = NULL;
    }
    if (metrics_init() != 0) {
        fprintf(stderr, "takamul: out of memory for the metrics\n");
        return 1;
    }
    char *cert = options->cert_pem, *key = options->key_pem;
    options->cert_pem = options->key_pem = NULL;
    serving_tls = cert && key;
    /* Signals are taken by sigwait below, never by a worker thread. */
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    char error[256];
    if (app_start(options->db_path, error, sizeof error) != 0) {
        fprintf(stderr, "takamul: %s\n", error);
        return 1;
    }
    if (limits_watchdog_start() != 0) {
        fprintf(stderr, "takamul: cannot start the connection watchdog\n");
        app_stop_writers();
        app_close();
        return 1;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME | (serving_tls ? MHD_USE_TLS : 0);
    struct MHD_OptionItem tls_options[] = {
        {serving_tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, handle, NULL, MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL, MHD_OPTION_LISTEN_SOCKET,
        (MHD_socket)options->listen_fd, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)settings_get(SET_THREADS),
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)settings_get(SET_MAX_CONNECTIONS), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)settings_get(SET_MAX_CONNECTIONS_PER_IP), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)settings_get(SET_IDLE_TIMEOUT_SECONDS),
        /* The pool holds the request's head as received (libmicrohttpd gives it half of the pool at first) and a
         * record of each header and query parameter, then the answer's headers: twice the head's limit, so that a
         * head within it is always parsed and one above it reaches the 431 of handle(). A head too large even for
         * the pool is answered 431 or 414 by libmicrohttpd itself. */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)settings_get(SET_MAX_HEADER_BYTES) * 2, MHD_OPTION_URI_LOG_CALLBACK,
        check_uri, NULL, MHD_OPTION_NOTIFY_CONNECTION, connection_event, NULL, MHD_OPTION_NOTIFY_COMPLETED, completed,
        NULL, MHD_OPTION_ARRAY, tls_options, MHD_OPTION_END);
    if (!daemon) {
        fprintf(stderr, "takamul: cannot serve on %s: %s\n", options->listen, strerror(errno));
        close(options->listen_fd);
        limits_watchdog_stop();
        app_stop_writers();
        app_close();
        free(cert);
        free(key);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    char db_name[256];
    store_db_name(options->db_path, db_name, sizeof db_name);
    log_info("serving %s on %s://%s (port %u), %lld worker threads", db_name, serving_tls ? "https" : "http",
             options->listen, info ? info->port : 0, (long long)settings_get(SET_THREADS));
    /* The metrics' own address: one thread, a few connections, plain HTTP (a loopback or private address). */
    struct MHD_Daemon *metrics_daemon = NULL;
    if (options->metrics_fd >= 0) {
        metrics_daemon = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle_metrics_port, NULL,
            MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL, MHD_OPTION_LISTEN_SOCKET, (MHD_socket)options->metrics_fd,
            MHD_OPTION_CONNECTION_LIMIT, 16u, MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
        if (metrics_daemon)
            log_info("metrics on http://%s/metrics", options->metrics_listen);
        else
            log_error("cannot serve the metrics on %s: %s", options->metrics_listen, strerror(errno));
    }
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    log_info("signal %d: finishing the requests under way and stopping", signal_number);
    /* Stop taking connections, then let every request under way be answered in full (bounded at 10 s), so a
     * client is told the outcome of every write that was made. */
    /* The listening socket is closed only after the daemon stops: its worker threads still hold it in their epoll
     * sets until then, and libmicrohttpd aborts if it vanishes under them. */
    MHD_socket listener = MHD_quiesce_daemon(daemon);
    wait_for_requests(10000);
    /* Stopping the writer commits what is queued and resumes every parked request; from then on a read that
     * asks for its audit row is refused (and resumed at once). No connection may still be parked when the
     * daemon stops: libmicrohttpd refuses that. */
    app_stop_writers();
    wait_for_requests(5000);
    while (atomic_load(&audits_outstanding) > 0) {
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
    if (metrics_daemon)
        MHD_stop_daemon(metrics_daemon);
    if (options->metrics_fd >= 0)
        close(options->metrics_fd);
    MHD_stop_daemon(daemon);
    limits_watchdog_stop();
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    metrics_free();
    app_close();
    free(cert);
    if (key)
        sodium_memzero(key, strlen(key));
    free(key);
    log_info("stopped");
    return 0;
}
