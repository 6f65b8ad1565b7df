/* The HTTP server: libmicrohttpd with a thread pool; the running application under it is app/ (a database
 * connection per worker thread, the request snapshot, the audit writer, the person index), started and stopped around
 * it by the serve command. It serves the API under /api/v1 and the embedded web interface elsewhere. */
#ifndef TAKAMUL_HTTP_SERVER_H
#define TAKAMUL_HTTP_SERVER_H

#include "http/proxy.h"

typedef struct {
    const char *db_path;
    const char *listen;   /* "127.0.0.1:8080" or "[::1]:8080" */
    const char *web_dir;  /* NULL: the embedded files; else serve web/ from this folder (development) */
    const char *tls_cert; /* PEM files; both or neither */
    const char *tls_key;
    /* --trusted-proxy: addresses or networks (ADDR[/BITS], comma lists) whose X-Forwarded-For is believed */
    const char *const *trusted_proxies;
    int trusted_proxy_count;
    const char *metrics_listen;     /* host:port serving /metrics alone, or NULL */
    const char *metrics_token_file; /* a file holding the token that opens /metrics on the main port, or NULL */
    /* filled by http_prepare */
    int listen_fd, metrics_fd;
    char *cert_pem, *key_pem;
    char *metrics_token;
    ProxyList proxies;
} ServeOptions;

/* What needs the privileges the process starts with (a port below 1024, a TLS key only root reads): reads the TLS
 * files and binds the listening socket, so that the process may drop to its own user before anything else. 0, or an
 * exit code with a message on stderr. */
int http_prepare(ServeOptions *options);
/* Starts serving (after http_prepare, over the running application: app_start) on the socket http_prepare bound, and
 * the metrics' own address if one was given. 0, or non-zero with a message on stderr. */
int http_start(ServeOptions *options);
/* Stops taking connections and waits (10 s at most) for the requests under way to be answered in full, so that a
 * client is told the outcome of every write that was made. */
void http_quiesce(void);
/* After the application's writers have stopped (app_stop_writers, which resumes every parked request): waits for the
 * last requests, stops the daemons and lets go of what http_start held. */
void http_stop(void);

#endif
