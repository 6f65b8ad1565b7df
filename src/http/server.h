/* The HTTP server: libmicrohttpd with a thread pool; the running application under it is app/ (a database
 * connection per worker thread, the request snapshot, the audit writer, the person index). It serves
 * the API under /api/v1 and the embedded web interface elsewhere. */
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
/* Serves (after http_prepare) until SIGINT or SIGTERM, then stops taking connections, finishes what is under way and
 * returns 0; non-zero (with a message on stderr) when it cannot start. */
int http_serve(ServeOptions *options);

#endif
