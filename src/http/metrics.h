/* The server's measurements in Prometheus text format (0.0.4), served at /metrics: requests by route pattern and
 * status code, a latency histogram per route, and the gauges the caller reads when it is scraped. Counting a request
 * is three relaxed atomic additions, with no lock. */
#ifndef TAKAMUL_HTTP_METRICS_H
#define TAKAMUL_HTTP_METRICS_H

#include <stdint.h>

#include "base/buf.h"

/* The routes besides the API's own (api_route_count): a web file, and a request that matched no route. */
enum { METRICS_ROUTE_OTHER = -1, METRICS_ROUTE_WEB = -2 };

/* What is read at the moment of the scrape. */
typedef struct {
    int64_t requests_in_flight;
    int64_t audit_queue_rows;
    int64_t db_connections_open, db_connections_in_use;
    int64_t index_persons, index_bytes;
} MetricsGauges;

/* Allocates the counters for the API's routes and notes the start time. 0, or -1 when out of memory. */
int metrics_init(void);
/* Counts one answered request: route (the API's index, or METRICS_ROUTE_*), its status and how long it took. Any
 * thread; nothing before metrics_init. */
void metrics_record(int route, int status, int64_t micros);
/* Appends the exposition to out; -1 when memory ran out. */
int metrics_render(Buf *out, const MetricsGauges *gauges);
/* Frees the counters. */
void metrics_free(void);

#endif
