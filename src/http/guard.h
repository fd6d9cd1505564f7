/* guard.h — the HTTP server's defence against slow and greedy clients.
 *
 * libmicrohttpd's idle timeout restarts at every byte, so a client that trickles a request
 * (one byte every few seconds: "slowloris") would hold its connection for ever, and nothing
 * caps how many connections one address opens. This module adds both:
 * - a deadline for each request head: the first head must be complete within header_timeout
 *   seconds of the connection's start; on a kept-alive connection the next one within the
 *   longer of header_timeout and the idle timeout of the end of the previous response. A body
 *   gets header_timeout seconds plus one second per KiB received (a minimum rate of 1 KiB/s
 *   after a grace period). Past the deadline a sweeper thread answers 408 and shuts the
 *   socket down (shutdown(2), never close(2): the descriptor stays libmicrohttpd's, which
 *   closes it and tells us);
 * - a cap on open connections per client address (trusted proxies exempt), checked when a
 *   connection is accepted.
 *
 * Ownership: kz_guard_open allocates one kz_guard per connection and registers it;
 * kz_guard_close unregisters and frees it (call it exactly once, when libmicrohttpd reports the
 * connection closed). The other calls only mark progress and are safe from any worker thread.
 * kz_guard_start/stop own the sweeper thread and the per-address table (static storage). */
#ifndef KZ_GUARD_H
#define KZ_GUARD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

typedef struct kz_guard kz_guard;

/* Starts the sweeper. trusted: comma-separated addresses exempt from the cap (copied). max_per_ip
 * 0: no cap. Returns 0, or -1 when the thread cannot be started. */
int kz_guard_start(int header_timeout_s, int idle_timeout_s, int max_per_ip, const char *trusted);
void kz_guard_stop(void);

/* Accept policy: false when addr already has max_per_ip connections open. */
bool kz_guard_admit(const struct sockaddr *addr, socklen_t len);

/* At the connection's start (accept); NULL when out of memory (the connection is then
 * unguarded). addr: the peer; the sweeper checks a descriptor still has that peer before it
 * touches it. */
kz_guard *kz_guard_open(int fd, const struct sockaddr *addr, socklen_t len);
/* Unregisters and frees g: call before the descriptor is closed. NULL is ignored. */
void kz_guard_close(kz_guard *g);
/* Hand-over of a guard with its connection: park it under the descriptor's number, claim it
 * (NULL if none) where the connection arrives. Claiming removes it. */
void kz_guard_park(int fd, kz_guard *g);
kz_guard *kz_guard_claim(int fd);

void kz_guard_head_done(kz_guard *g);      /* the request's head is complete */
void kz_guard_body(kz_guard *g, size_t n); /* n more bytes of its body arrived */
void kz_guard_handling(kz_guard *g);       /* the request is complete: no deadline */
void kz_guard_idle(kz_guard *g);           /* its response is sent: the next head's clock */
void kz_guard_answered(kz_guard *g);       /* answered and closing: the deadline just ends it */

/* Counters for /metrics. */
uint64_t kz_guard_slow_closed(void); /* connections shut down at a deadline */
uint64_t kz_guard_refused(void);     /* connections refused by the per-address cap */

#endif
