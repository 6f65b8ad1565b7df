/* takamul serve: the port opened with the privileges started with, then the server's own user, then the database; the
 * running application (app/) started under the HTTP server (http/) and both stopped in order at SIGINT or SIGTERM. */
#include <signal.h>
#include <unistd.h>

#include "console.h"
#include "app/app.h"
#include "base/log.h"
#include "base/privileges.h"
#include "http/server.h"

/* Runs the application under the HTTP server until SIGINT or SIGTERM, then stops taking connections, finishes what is
 * under way and returns 0; non-zero (with a message on stderr) when it cannot start. */
static int serve_until_signal(ServeOptions *serve)
{
    /* Signals are taken by sigwait below, never by a worker thread. */
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    char error[256];
    if (app_start(serve->db_path, error, sizeof error) != 0) {
        fprintf(stderr, "takamul: %s\n", error);
        return 1;
    }
    if (http_start(serve) != 0) {
        app_stop_writers();
        app_close();
        return 1;
    }
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    log_info("signal %d: finishing the requests under way and stopping", signal_number);
    /* Stop taking connections, then let every request under way be answered in full (bounded at 10 s), so a
     * client is told the outcome of every write that was made. */
    http_quiesce();
    /* Stopping the writer commits what is queued and resumes every parked request; from then on a read that
     * asks for its audit row is refused (and resumed at once). */
    app_stop_writers();
    http_stop();
    app_close();
    log_info("stopped");
    return 0;
}

int command_serve(const Options *options)
{
    ServeOptions serve = {.db_path = options->db,
                          .listen = options->listen,
                          .web_dir = options->web_dir,
                          .tls_cert = options->tls_cert,
                          .tls_key = options->tls_key,
                          .trusted_proxies = options->trusted_proxies,
                          .trusted_proxy_count = options->trusted_proxy_count,
                          .metrics_listen = options->metrics_listen,
                          .metrics_token_file = options->metrics_token_file};
    /* the port and the TLS files with the privileges started with; then, as root, the server's own user; only then
     * the database and its key file, owned by that user */
    int rc = http_prepare(&serve);
    if (rc != 0)
        return rc;
    char error[256];
    if (options->run_as && privileges_drop(options->run_as, error) != 0)
        return console_fail("%s", error);
    if (!options->run_as && geteuid() == 0)
        log_info("serving as root: start with --user NAME to run as that user once the port is open");
    Db *db;
    if (console_open_database(options, STORE_OPEN_EXISTING, &db) != 0)
        return 1;
    store_close(db);
    return serve_until_signal(&serve);
}
