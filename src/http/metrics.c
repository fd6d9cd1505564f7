#include "metrics.h"
#include "../db/db.h"
#include "../domain/search.h"
#include "router.h"
#include "guard.h"
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ROUTES 64
static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405,
                               409, 412, 413, 415, 422, 429, 431, 500, 503};
#define NSTATUS ((int)(sizeof(statuses) / sizeof(statuses[0])))
static const double buckets_s[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define NBUCKETS ((int)(sizeof(buckets_s) / sizeof(buckets_s[0])))

/* slot 0: unmatched; slot i+1: kz_routes[i]; slot STATIC_SLOT: the web UI's files. Status slot
 * NSTATUS: any other code. */
#define STATIC_SLOT (MAX_ROUTES + 1)
#define NSLOTS      (MAX_ROUTES + 2)
static _Atomic uint64_t counts[NSLOTS][NSTATUS + 1];
static _Atomic uint64_t hist[NSLOTS][NBUCKETS + 1];
static _Atomic uint64_t sum_ns[NSLOTS];
static _Atomic long inflight;

void kz_metrics_inflight(int delta)
{
    atomic_fetch_add_explicit(&inflight, delta, memory_order_relaxed);
}

long kz_metrics_inflight_now(void)
{
    return atomic_load(&inflight);
}

void kz_metrics_observe(int route, int status, uint64_t ns)
{
    int slot = route == KZ_METRICS_STATIC         ? STATIC_SLOT
               : route >= 0 && route < MAX_ROUTES ? route + 1
                                                  : 0;
    int si = NSTATUS;
    for (int i = 0; i < NSTATUS; i++)
        if (statuses[i] == status) {
            si = i;
            break;
        }
    atomic_fetch_add_explicit(&counts[slot][si], 1, memory_order_relaxed);
    double s = (double)ns / 1e9;
    int b = 0;
    while (b < NBUCKETS && s > buckets_s[b])
        b++;
    atomic_fetch_add_explicit(&hist[slot][b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&sum_ns[slot], ns, memory_order_relaxed);
}

typedef struct sb {
    char *p;
    size_t n, cap;
} sb;

static void put(sb *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int w = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if (w >= 0 && (size_t)w < b->cap - b->n) {
            b->n += (size_t)w;
            return;
        }
        b->cap = b->cap * 2 + (size_t)(w > 0 ? w : 0);
        b->p = realloc(b->p, b->cap);
        if (!b->p) abort();
    }
}

static const char *label(int slot)
{
    return slot == 0 ? "unmatched" : slot == STATIC_SLOT ? "static" : kz_routes[slot - 1].pattern;
}

static const char *method(int slot)
{
    return slot == 0 ? "" : slot == STATIC_SLOT ? "GET" : kz_routes[slot - 1].method;
}

char *kz_metrics_render(size_t *len)
{
    sb b = {malloc(16384), 0, 16384};
    if (!b.p) abort();
    int nslots = kz_nroutes + 1 < MAX_ROUTES + 1 ? kz_nroutes + 1 : MAX_ROUTES + 1;
    int slots[NSLOTS], ns = 0;
    for (int i = 0; i < nslots; i++)
        slots[ns++] = i;
    slots[ns++] = STATIC_SLOT;
    put(&b, "# HELP kezhuan_http_requests_total HTTP requests answered, by route and status.\n"
            "# TYPE kezhuan_http_requests_total counter\n");
    for (int k = 0; k < ns; k++)
        for (int s = 0, r = slots[k]; s <= NSTATUS; s++) {
            uint64_t v = atomic_load_explicit(&counts[r][s], memory_order_relaxed);
            if (!v) continue;
            if (s < NSTATUS)
                put(&b,
                    "kezhuan_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %llu\n",
                    method(r), label(r), statuses[s], (unsigned long long)v);
            else
                put(&b,
                    "kezhuan_http_requests_total{method=\"%s\",route=\"%s\",status=\"other\"} "
                    "%llu\n",
                    method(r), label(r), (unsigned long long)v);
        }
    put(&b, "# HELP kezhuan_http_request_duration_seconds Time to answer, by route.\n"
            "# TYPE kezhuan_http_request_duration_seconds histogram\n");
    for (int k = 0; k < ns; k++) {
        int r = slots[k];
        uint64_t cum = 0, total = 0;
        for (int i = 0; i <= NBUCKETS; i++)
            total += atomic_load(&hist[r][i]);
        if (!total) continue;
        for (int i = 0; i < NBUCKETS; i++) {
            cum += atomic_load(&hist[r][i]);
            put(&b,
                "kezhuan_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"%g\"}"
                " %llu\n",
                method(r), label(r), buckets_s[i], (unsigned long long)cum);
        }
        put(&b,
            "kezhuan_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"+Inf\"} "
            "%llu\n",
            method(r), label(r), (unsigned long long)total);
        put(&b, "kezhuan_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n",
            method(r), label(r), (double)atomic_load(&sum_ns[r]) / 1e9);
        put(&b, "kezhuan_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %llu\n",
            method(r), label(r), (unsigned long long)total);
    }
    put(&b,
        "# HELP kezhuan_http_requests_in_flight Requests being answered now.\n"
        "# TYPE kezhuan_http_requests_in_flight gauge\nkezhuan_http_requests_in_flight %ld\n",
        kz_metrics_inflight_now());
    put(&b,
        "# HELP kezhuan_http_slow_closed_total Connections shut down for sending a request head or "
        "body too slowly (--header-timeout).\n"
        "# TYPE kezhuan_http_slow_closed_total counter\nkezhuan_http_slow_closed_total %llu\n"
        "# HELP kezhuan_http_refused_total Connections refused by the per-address cap "
        "(--max-conns-per-ip).\n"
        "# TYPE kezhuan_http_refused_total counter\nkezhuan_http_refused_total %llu\n",
        (unsigned long long)kz_guard_slow_closed(), (unsigned long long)kz_guard_refused());
    put(&b,
        "# HELP kezhuan_db_connections Open database connections (pool and background).\n"
        "# TYPE kezhuan_db_connections gauge\nkezhuan_db_connections %d\n",
        db_open_connections());
    put(&b,
        "# HELP kezhuan_db_pool_in_use Pooled connections lent to requests now.\n"
        "# TYPE kezhuan_db_pool_in_use gauge\nkezhuan_db_pool_in_use %d\n"
        "# HELP kezhuan_db_pool_waits_total Requests that waited for a free connection.\n"
        "# TYPE kezhuan_db_pool_waits_total counter\nkezhuan_db_pool_waits_total %llu\n",
        db_pool_in_use(), (unsigned long long)db_pool_waits());
    put(&b,
        "# HELP kezhuan_db_tx_retries_total Transactions retried after a transient error.\n"
        "# TYPE kezhuan_db_tx_retries_total counter\nkezhuan_db_tx_retries_total %llu\n",
        (unsigned long long)db_tx_retries());
    json_t *st = kz_search_status();
    json_t *ready = json_object_get(st, "ready");
    put(&b,
        "# HELP kezhuan_search_ready 1 once the search index is built.\n"
        "# TYPE kezhuan_search_ready gauge\nkezhuan_search_ready %d\n",
        json_is_true(ready) ? 1 : 0);
    put(&b,
        "# HELP kezhuan_search_documents Live records in the search index.\n"
        "# TYPE kezhuan_search_documents gauge\n"
        "kezhuan_search_documents{kind=\"achievement\"} %lld\n"
        "kezhuan_search_documents{kind=\"demand\"} %lld\n",
        (long long)json_integer_value(json_object_get(st, "achievements")),
        (long long)json_integer_value(json_object_get(st, "demands")));
    put(&b,
        "# HELP kezhuan_search_memory_bytes Memory held by the search index.\n"
        "# TYPE kezhuan_search_memory_bytes gauge\nkezhuan_search_memory_bytes %lld\n",
        (long long)json_integer_value(json_object_get(st, "memory_bytes")));
    put(&b,
        "# HELP kezhuan_search_feed_seq Newest change-feed entry applied to the index.\n"
        "# TYPE kezhuan_search_feed_seq gauge\nkezhuan_search_feed_seq %lld\n",
        (long long)json_integer_value(json_object_get(st, "seq")));
    json_decref(st);
    *len = b.n;
    return b.p;
}
