/* front.h — the listening socket and the first bytes of every connection.
 *
 * A front thread accepts connections and peeks at the start of each one's first request line
 * before it hands the connection to libmicrohttpd (MHD_add_connection). A line that cannot
 * begin a request — no method token followed by a space: "GARBAGE", a lone "GET", binary bytes,
 * a TLS handshake sent to the plain-HTTP port — is answered 400 here and the connection closed
 * (libmicrohttpd 0.9.75 would close such a connection without a word). The front also applies
 * the per-address cap at accept and opens each connection's guard (guard.h), so the head
 * deadline runs from accept, including while the front is still waiting for the first bytes.
 *
 * Workers: each worker is a libmicrohttpd daemon with one thread of its own, which serves all
 * its connections by events but is held up while it runs a handler (a database write waiting
 * for the lock, say). The front hands a connection to a worker that is not inside a handler —
 * the fewest busy connections, then the fewest open, ties in turn —, and when every worker is
 * inside one, to the worker whose handler started last (the one least likely to be stuck).
 * libmicrohttpd's own thread pool would place an added connection by its descriptor number,
 * fd % threads, whatever that worker is doing.
 *
 * Ownership: kz_front_start creates the listening socket and the thread; kz_front_stop stops
 * accepting, closes every connection not yet handed over and joins the thread. A connection
 * handed over belongs to libmicrohttpd, and its guard is parked for kz_guard_claim(fd). The
 * caller owns the workers array and keeps busy/conns current (server.c, per connection). */
#ifndef KZ_FRONT_H
#define KZ_FRONT_H
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>

typedef struct kz_worker {
    struct MHD_Daemon *d; /* started with MHD_USE_NO_LISTEN_SOCKET and one internal thread */
    _Atomic int busy;     /* its connections between accept and the end of a request */
    _Atomic int conns;    /* its open connections */
    /* when its thread entered the handler it is in (monotonic ms, odd), or 0: not in one */
    _Atomic int64_t handling_since;
} kz_worker;

/* Binds and listens on addr, then serves connections to the n workers. *port: the bound port.
 * Returns 0, or -1 (errno set) when the socket cannot be bound or the thread started. */
int kz_front_start(kz_worker *workers, int n, const struct sockaddr_in *addr, int *port);
void kz_front_stop(void);

#endif
