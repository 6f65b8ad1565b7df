/* /metrics: the scrape (the counters of metrics.c and the gauges of the running application), opened on the main port
 * by its token, or served alone on an address of its own (--metrics-listen). */
#include <string.h>

#include "app/app.h"
#include "http/http.h"
#include "http/metrics.h"

enum MHD_Result http_send_metrics(struct MHD_Connection *connection)
{
    AppGauges app;
    app_gauges(&app);
    MetricsGauges gauges = {.requests_in_flight = http_exchanges_open(),
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
bool http_metrics_authorised(struct MHD_Connection *connection, const char *method)
{
    if (!http_config.metrics_token_set || (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0))
        return false;
    const char *authorization = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Authorization");
    if (!authorization || strncasecmp(authorization, "Bearer ", 7) != 0)
        return false;
    uint8_t given[crypto_generichash_BYTES];
    crypto_generichash(given, sizeof given, (const unsigned char *)authorization + 7, strlen(authorization + 7), NULL,
                       0);
    return sodium_memcmp(given, http_config.metrics_token_hash, sizeof given) == 0;
}

/* The separate metrics address (--metrics-listen): /metrics and nothing else. */
enum MHD_Result http_handle_metrics_port(void *unused, struct MHD_Connection *connection, const char *url,
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
        return http_send_metrics(connection);
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
