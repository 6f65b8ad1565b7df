/* What the files of http/ share (server.c, exchange.c, answer.c, listen.c, metrics_port.c); nothing outside http/
 * includes this. */
#ifndef TAKAMUL_HTTP_HTTP_H
#define TAKAMUL_HTTP_HTTP_H

#include <microhttpd.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

#include "api/request.h"
#include "http/proxy.h"

/* What the server was started with: set by http_start before the daemons start, only read after. */
typedef struct {
    const char *web_dir; /* NULL: the embedded files */
    bool tls;
    ProxyList proxies; /* --trusted-proxy */
    /* The hash of the token that opens /metrics on the main port (--metrics-token-file); none: 404 there. */
    uint8_t metrics_token_hash[crypto_generichash_BYTES];
    bool metrics_token_set;
} HttpConfig;
extern HttpConfig http_config;

/* --- the request's life (exchange.c): libmicrohttpd's callbacks of the main daemon --- */
enum MHD_Result http_handle(void *unused, struct MHD_Connection *connection, const char *url, const char *method,
                            const char *version, const char *upload_data, size_t *upload_size, void **context);
void http_completed(void *unused, struct MHD_Connection *connection, void **context,
                    enum MHD_RequestTerminationCode code);
void *http_check_uri(void *unused, const char *uri, struct MHD_Connection *connection);
void http_connection_event(void *unused, struct MHD_Connection *connection, void **socket_context,
                           enum MHD_ConnectionNotificationCode code);
/* Requests begun and not yet completely answered. */
int http_exchanges_open(void);
/* Waits until every request begun has been answered, or the time runs out. */
void http_wait_for_requests(int milliseconds);
/* Waits until no connection is parked for its read-audit rows. */
void http_wait_for_audits(void);

/* --- the answer (answer.c) --- */
/* The request's answer (its JSON, or the file the API made) with the headers every answer carries. */
enum MHD_Result http_send_json(struct MHD_Connection *connection, Request *req);
/* An error before the API runs (body too large): in the same format, Arabic unless English was asked. */
enum MHD_Result http_send_early_error(struct MHD_Connection *connection, Request *req, int err, const char *code);
/* A file of the web interface (req may be NULL), or 404 (405 to a method other than GET and HEAD). */
enum MHD_Result http_send_asset(struct MHD_Connection *connection, Request *req, const char *path, const char *method);

/* --- /metrics (metrics_port.c) --- */
enum MHD_Result http_send_metrics(struct MHD_Connection *connection);
/* On the main port, /metrics opens only to "Authorization: Bearer TOKEN" with the token of --metrics-token-file
 * (compared by hash, in constant time); anything else finds nothing there. */
bool http_metrics_authorised(struct MHD_Connection *connection, const char *method);
/* The separate metrics address (--metrics-listen): /metrics and nothing else. */
enum MHD_Result http_handle_metrics_port(void *unused, struct MHD_Connection *connection, const char *url,
                                         const char *method, const char *version, const char *upload_data,
                                         size_t *upload_size, void **context);

#endif
