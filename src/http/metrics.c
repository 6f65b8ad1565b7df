#include "http/limits.h"
#include "http/metrics.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/request.h"

/* The histogram's upper bounds, in microseconds: 1 ms to 10 s; above the last, +Inf. */
static const int64_t bucket_micros[] = {1000,   2500,   5000,    10000,   25000,   50000,   100000,
                                        250000, 500000, 1000000, 2500000, 5000000, 10000000};
enum { BUCKETS = sizeof bucket_micros / sizeof bucket_micros[0], STATUS_MIN = 100, STATUS_COUNT = 500 };

/* One route's counters: requests by status code, requests by latency bucket (not cumulative: the sums are made when
 * rendering) and the total latency. Each on its own cache lines. */
typedef struct {
    _Alignas(64) atomic_uint_fast64_t status[STATUS_COUNT];
    atomic_uint_fast64_t buckets[BUCKETS + 1];
    atomic_uint_fast64_t micros;
} RouteCounters;

static RouteCounters *counters; /* [0] no route, [1] web files, [2 + i] the API's route i */
static int slots;
static time_t started;

int metrics_init(void)
{
    slots = api_route_count() + 2;
    counters = aligned_alloc(64, sizeof(RouteCounters) * (size_t)slots);
    if (!counters)
        return -1;
    memset(counters, 0, sizeof(RouteCounters) * (size_t)slots);
    started = time(NULL);
    return 0;
}

void metrics_free(void)
{
    free(counters);
    counters = NULL;
    slots = 0;
}

void metrics_record(int route, int status, int64_t micros)
{
    int slot = route == METRICS_ROUTE_WEB ? 1 : route >= 0 ? route + 2 : 0;
    if (!counters || slot >= slots || status < STATUS_MIN || status >= STATUS_MIN + STATUS_COUNT)
        return;
    RouteCounters *c = &counters[slot];
    int bucket = 0;
    while (bucket < BUCKETS && micros > bucket_micros[bucket])
        bucket++;
    atomic_fetch_add_explicit(&c->status[status - STATUS_MIN], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&c->buckets[bucket], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&c->micros, (uint_fast64_t)(micros > 0 ? micros : 0), memory_order_relaxed);
}

/* The labels of a slot: the route's method and pattern ({id} in place of every number), never a request's path. */
static int labels(Buf *out, int slot)
{
    if (slot == 0)
        return buf_append_str(out, "method=\"\",route=\"unmatched\"");
    if (slot == 1)
        return buf_append_str(out, "method=\"GET\",route=\"web\"");
    const char *method, *pattern;
    api_route_describe(slot - 2, &method, &pattern);
    return buf_printf(out, "method=\"%s\",route=\"%s\"", method, pattern);
}

/* One metric without labels: its help, its type ("gauge" or "counter") and its value. */
static void metric(Buf *out, const char *type, const char *name, const char *help, int64_t value)
{
    buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n%s %" PRId64 "\n", name, help, name, type, name, value);
}

static void gauge(Buf *out, const char *name, const char *help, int64_t value)
{
    metric(out, "gauge", name, help, value);
}

static void counter(Buf *out, const char *name, const char *help, int64_t value)
{
    metric(out, "counter", name, help, value);
}

int metrics_render(Buf *out, const MetricsGauges *gauges)
{
    buf_append_str(out, "# HELP takamul_http_requests_total Requests answered, by route pattern and status code.\n"
                        "# TYPE takamul_http_requests_total counter\n");
    for (int slot = 0; slot < slots; slot++)
        for (int status = 0; status < STATUS_COUNT; status++) {
            uint_fast64_t n = atomic_load_explicit(&counters[slot].status[status], memory_order_relaxed);
            if (!n)
                continue;
            buf_append_str(out, "takamul_http_requests_total{");
            labels(out, slot);
            buf_printf(out, ",code=\"%d\"} %" PRIuFAST64 "\n", status + STATUS_MIN, n);
        }
    buf_append_str(out, "# HELP takamul_http_request_duration_seconds Time from a request's head to its answer's "
                        "end, by route pattern.\n"
                        "# TYPE takamul_http_request_duration_seconds histogram\n");
    for (int slot = 0; slot < slots; slot++) {
        uint_fast64_t counts[BUCKETS + 1], total = 0;
        for (int b = 0; b <= BUCKETS; b++)
            total += counts[b] = atomic_load_explicit(&counters[slot].buckets[b], memory_order_relaxed);
        if (!total)
            continue;
        uint_fast64_t cumulative = 0;
        for (int b = 0; b <= BUCKETS; b++) {
            cumulative += counts[b];
            buf_append_str(out, "takamul_http_request_duration_seconds_bucket{");
            labels(out, slot);
            if (b < BUCKETS)
                buf_printf(out, ",le=\"%g\"} %" PRIuFAST64 "\n", (double)bucket_micros[b] / 1e6, cumulative);
            else
                buf_printf(out, ",le=\"+Inf\"} %" PRIuFAST64 "\n", cumulative);
        }
        uint_fast64_t micros = atomic_load_explicit(&counters[slot].micros, memory_order_relaxed);
        buf_append_str(out, "takamul_http_request_duration_seconds_sum{");
        labels(out, slot);
        buf_printf(out, "} %.6f\n", (double)micros / 1e6);
        buf_append_str(out, "takamul_http_request_duration_seconds_count{");
        labels(out, slot);
        buf_printf(out, "} %" PRIuFAST64 "\n", cumulative);
    }
    counter(out, "takamul_http_connections_closed_slow_total",
            "Connections closed because a request on them came slower than allowed (a slow client).",
            limits_closed_count());
    counter(out, "takamul_http_connections_closed_idle_total",
            "Connections closed because no request began on them in time (unused, or kept open after an answer).",
            limits_idle_closed_count());
    gauge(out, "takamul_http_requests_in_flight", "Requests begun and not yet answered in full.",
          gauges->requests_in_flight);
    gauge(out, "takamul_audit_queue_rows", "Read-audit rows waiting for the audit writer's next group commit.",
          gauges->audit_queue_rows);
    gauge(out, "takamul_db_connections_open", "Database connections the worker threads hold open.",
          gauges->db_connections_open);
    gauge(out, "takamul_db_connections_in_use", "Database connections answering a request now.",
          gauges->db_connections_in_use);
    gauge(out, "takamul_person_index_persons", "Persons in the in-memory search index.", gauges->index_persons);
    gauge(out, "takamul_person_index_bytes", "Memory the person search index holds, in bytes.", gauges->index_bytes);
    gauge(out, "process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.",
          (int64_t)started);
    return out->failed ? -1 : 0;
}
