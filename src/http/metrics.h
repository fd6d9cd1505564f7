/* metrics.h — request counters and latency histograms per route and status, exposed in
 * the Prometheus text format. Lock-free (relaxed atomics); static storage. */
#ifndef KZ_METRICS_H
#define KZ_METRICS_H
#include <stddef.h>
#include <stdint.h>

/* route: index into kz_routes, KZ_METRICS_STATIC for a file of the web UI, or -1 for requests
 * that matched nothing. */
#define KZ_METRICS_STATIC (-2)
void kz_metrics_observe(int route, int status, uint64_t duration_ns);
/* Appends the exposition text to a malloc'd buffer; caller frees. */
char *kz_metrics_render(size_t *len);
void kz_metrics_inflight(int delta);
long kz_metrics_inflight_now(void);

#endif
