/* The daemons: libmicrohttpd's thread pool on the listening socket (its limits, TLS, the callbacks of exchange.c)
 * and the metrics' own address; started over the running application and stopped in order. */
#include "http/server.h"

#include <errno.h>
#include <string.h>

#include "base/log.h"
#include "base/settings.h"
#include "http/http.h"
#include "http/limits.h"
#include "http/metrics.h"

HttpConfig http_config;

/* The server started by http_start, stopped by http_stop. */
static struct {
    struct MHD_Daemon *daemon, *metrics_daemon;
    MHD_socket listener; /* given back by the daemon when it stops taking connections */
    int metrics_fd;
    char *cert, *key;
} running;

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

int http_start(ServeOptions *options)
{
    http_config.web_dir = options->web_dir;
    http_config.proxies = options->proxies;
    http_config.metrics_token_set = options->metrics_token != NULL;
    if (http_config.metrics_token_set) {
        crypto_generichash(http_config.metrics_token_hash, sizeof http_config.metrics_token_hash,
                           (const unsigned char *)options->metrics_token, strlen(options->metrics_token), NULL, 0);
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
    http_config.tls = cert && key;
    if (limits_watchdog_start() != 0) {
        fprintf(stderr, "takamul: cannot start the connection watchdog\n");
        return 1;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME | (http_config.tls ? MHD_USE_TLS : 0);
    struct MHD_OptionItem tls_options[] = {
        {http_config.tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, http_handle, NULL, MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL, MHD_OPTION_LISTEN_SOCKET,
        (MHD_socket)options->listen_fd, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)settings_get(SET_THREADS),
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)settings_get(SET_MAX_CONNECTIONS), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)settings_get(SET_MAX_CONNECTIONS_PER_IP), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)settings_get(SET_IDLE_TIMEOUT_SECONDS),
        /* The pool holds the request's head as received (libmicrohttpd gives it half of the pool at first) and a
         * record of each header and query parameter, then the answer's headers: twice the head's limit, so that a
         * head within it is always parsed and one above it reaches the 431 of http_handle(). A head too large even
         * for the pool is answered 431 or 414 by libmicrohttpd itself. */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)settings_get(SET_MAX_HEADER_BYTES) * 2, MHD_OPTION_URI_LOG_CALLBACK,
        http_check_uri, NULL, MHD_OPTION_NOTIFY_CONNECTION, http_connection_event, NULL, MHD_OPTION_NOTIFY_COMPLETED,
        http_completed, NULL, MHD_OPTION_ARRAY, tls_options, MHD_OPTION_END);
    if (!daemon) {
        fprintf(stderr, "takamul: cannot serve on %s: %s\n", options->listen, strerror(errno));
        close(options->listen_fd);
        limits_watchdog_stop();
        free(cert);
        free(key);
        return 1;
    }
    running.daemon = daemon;
    running.cert = cert;
    running.key = key;
    running.metrics_fd = options->metrics_fd;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    char db_name[256];
    store_db_name(options->db_path, db_name, sizeof db_name);
    log_info("serving %s on %s://%s (port %u), %lld worker threads", db_name, http_config.tls ? "https" : "http",
             options->listen, info ? info->port : 0, (long long)settings_get(SET_THREADS));
    /* The metrics' own address: one thread, a few connections, plain HTTP (a loopback or private address). */
    if (options->metrics_fd >= 0) {
        running.metrics_daemon = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, http_handle_metrics_port, NULL,
            MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL, MHD_OPTION_LISTEN_SOCKET, (MHD_socket)options->metrics_fd,
            MHD_OPTION_CONNECTION_LIMIT, 16u, MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
        if (running.metrics_daemon)
            log_info("metrics on http://%s/metrics", options->metrics_listen);
        else
            log_error("cannot serve the metrics on %s: %s", options->metrics_listen, strerror(errno));
    }
    return 0;
}

void http_quiesce(void)
{
    /* The listening socket is closed only after the daemon stops: its worker threads still hold it in their epoll
     * sets until then, and libmicrohttpd aborts if it vanishes under them. */
    running.listener = MHD_quiesce_daemon(running.daemon);
    http_wait_for_requests(10000);
}

void http_stop(void)
{
    /* No connection may still be parked when the daemon stops: libmicrohttpd refuses that. */
    http_wait_for_requests(5000);
    http_wait_for_audits();
    if (running.metrics_daemon)
        MHD_stop_daemon(running.metrics_daemon);
    if (running.metrics_fd >= 0)
        close(running.metrics_fd);
    MHD_stop_daemon(running.daemon);
    limits_watchdog_stop();
    if (running.listener != MHD_INVALID_SOCKET)
        close(running.listener);
    metrics_free();
    free(running.cert);
    if (running.key)
        sodium_memzero(running.key, strlen(running.key));
    free(running.key);
    running.cert = running.key = NULL;
}
