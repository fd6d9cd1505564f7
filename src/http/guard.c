#include "guard.h"
#include "../core/errors.h"
#include <stdio.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    PH_HEAD,
    PH_BODY,
    PH_BUSY,
    PH_NEXT, /* a kept-alive connection awaits a head */
    PH_DONE  /* answered, closing: the client may still be sending */
};

struct kz_guard {
    int fd;
    struct sockaddr_storage peer;
    socklen_t peer_len;
    char addr[INET6_ADDRSTRLEN];
    _Atomic int phase;
    _Atomic int64_t since_ms; /* start of the phase */
    _Atomic uint64_t bytes;   /* body bytes received (PH_BODY) */
    bool shut;                /* under mu */
    kz_guard *prev, *next;    /* the registry, under mu */
};

/* Per-address open connections: a chained hash table, under mu. */
#define NBUCKETS 1024
typedef struct addr_count {
    char addr[INET6_ADDRSTRLEN];
    int n;
    struct addr_count *next;
} addr_count;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static kz_guard *head;
static addr_count *buckets[NBUCKETS];
static int header_ms, next_ms, cap;
static char *trusted_list;
static bool running, stop_flag;
static pthread_t sweeper;
static _Atomic uint64_t slow_closed, refused;
static char timeout_reply[512]; /* the 408 written before a deadline's shutdown */
static size_t timeout_len;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void addr_text(const struct sockaddr *sa, char out[INET6_ADDRSTRLEN])
{
    out[0] = 0;
    if (!sa) return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  INET6_ADDRSTRLEN);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  INET6_ADDRSTRLEN);
}

static bool is_trusted(const char *a)
{
    size_t len = strlen(a);
    for (const char *p = trusted_list; p && *p;) {
        size_t k = strcspn(p, ", ");
        if (k && k == len && !strncmp(p, a, k)) return true;
        p += k;
        p += strspn(p, ", ");
    }
    return false;
}

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % NBUCKETS;
}

/* mu held. The count for a; create: add an entry at 0 when there is none (NULL if no memory). */
static addr_count *count_of(const char *a, bool create)
{
    unsigned h = hash(a);
    for (addr_count *c = buckets[h]; c; c = c->next)
        if (!strcmp(c->addr, a)) return c;
    if (!create) return NULL;
    addr_count *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    memcpy(c->addr, a, sizeof c->addr);
    c->next = buckets[h];
    buckets[h] = c;
    return c;
}

/* mu held. */
static void count_drop(const char *a)
{
    unsigned h = hash(a);
    for (addr_count **pp = &buckets[h]; *pp; pp = &(*pp)->next)
        if (!strcmp((*pp)->addr, a)) {
            if (--(*pp)->n <= 0) {
                addr_count *dead = *pp;
                *pp = dead->next;
                free(dead);
            }
            return;
        }
}

bool kz_guard_admit(const struct sockaddr *addr, socklen_t len)
{
    (void)len;
    if (cap <= 0) return true;
    char a[INET6_ADDRSTRLEN];
    addr_text(addr, a);
    if (!*a || is_trusted(a)) return true;
    pthread_mutex_lock(&mu);
    addr_count *c = count_of(a, false);
    bool ok = !c || c->n < cap;
    pthread_mutex_unlock(&mu);
    if (!ok) atomic_fetch_add_explicit(&refused, 1, memory_order_relaxed);
    return ok;
}

kz_guard *kz_guard_open(int fd, const struct sockaddr *addr, socklen_t len)
{
    kz_guard *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->fd = fd;
    if (addr && len <= sizeof g->peer) {
        memcpy(&g->peer, addr, len);
        g->peer_len = len;
    }
    addr_text(addr, g->addr);
    atomic_store(&g->phase, PH_HEAD);
    atomic_store(&g->since_ms, now_ms());
    pthread_mutex_lock(&mu);
    if (*g->addr) {
        addr_count *c = count_of(g->addr, true);
        if (c)
            c->n++;
        else
            g->addr[0] = 0; /* not counted */
    }
    g->next = head;
    if (head) head->prev = g;
    head = g;
    pthread_mutex_unlock(&mu);
    return g;
}

void kz_guard_close(kz_guard *g)
{
    if (!g) return;
    pthread_mutex_lock(&mu);
    if (g->prev)
        g->prev->next = g->next;
    else
        head = g->next;
    if (g->next) g->next->prev = g->prev;
    if (*g->addr) count_drop(g->addr);
    pthread_mutex_unlock(&mu);
    free(g);
}

static void set_phase(kz_guard *g, int phase)
{
    if (!g) return;
    atomic_store_explicit(&g->since_ms, now_ms(), memory_order_relaxed);
    atomic_store_explicit(&g->bytes, 0, memory_order_relaxed);
    atomic_store_explicit(&g->phase, phase, memory_order_release);
}

void kz_guard_head_done(kz_guard *g)
{
    set_phase(g, PH_BODY);
}

void kz_guard_body(kz_guard *g, size_t n)
{
    if (g) atomic_fetch_add_explicit(&g->bytes, n, memory_order_relaxed);
}

void kz_guard_handling(kz_guard *g)
{
    set_phase(g, PH_BUSY);
}

void kz_guard_idle(kz_guard *g)
{
    set_phase(g, PH_NEXT);
}

void kz_guard_answered(kz_guard *g)
{
    set_phase(g, PH_DONE);
}

/* Whether fd is still the connection g was opened for (a descriptor number is reused once
 * closed; a guard is unregistered before its close, this is a second line of defence). */
static bool same_peer(const kz_guard *g)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (!g->peer_len || getpeername(g->fd, (struct sockaddr *)&ss, &len) != 0) return false;
    return len == g->peer_len && !memcmp(&ss, &g->peer, len);
}

/* mu held. Shuts down every connection past its deadline. */
static void sweep(int64_t now)
{
    for (kz_guard *g = head; g; g = g->next) {
        if (g->shut) continue;
        int phase = atomic_load_explicit(&g->phase, memory_order_acquire);
        if (phase == PH_BUSY) continue;
        int64_t allowed = phase == PH_NEXT ? next_ms : header_ms;
        if (phase == PH_BODY)
            allowed +=
                (int64_t)(atomic_load_explicit(&g->bytes, memory_order_relaxed) / 1024) * 1000;
        if (now - atomic_load_explicit(&g->since_ms, memory_order_relaxed) <= allowed) continue;
        g->shut = true;
        if (!same_peer(g)) continue;
        /* Nothing is being written on it now (a head or body is awaited): say why, then end the
         * stream. The descriptor is libmicrohttpd's: it closes it and reports the close. */
        if (phase != PH_DONE)
            (void)!send(g->fd, timeout_reply, timeout_len, MSG_NOSIGNAL | MSG_DONTWAIT);
        shutdown(g->fd, SHUT_RDWR);
        atomic_fetch_add_explicit(&slow_closed, 1, memory_order_relaxed);
    }
}

static void *sweeper_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    while (!stop_flag) {
        sweep(now_ms());
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 250 * 1000000L; /* a deadline is kept to within a quarter second */
        if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&wake, &mu, &ts);
    }
    pthread_mutex_unlock(&mu);
    return NULL;
}

int kz_guard_start(int header_timeout_s, int idle_timeout_s, int max_per_ip, const char *trusted)
{
    header_ms = header_timeout_s * 1000;
    next_ms = (idle_timeout_s > header_timeout_s ? idle_timeout_s : header_timeout_s) * 1000;
    cap = max_per_ip;
    free(trusted_list);
    trusted_list = strdup(trusted ? trusted : "");
    char body[256];
    int n = snprintf(body, sizeof body, "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}",
                     kz_err_name(KZ_E_REQUEST_TIMEOUT), kz_err_message(KZ_E_REQUEST_TIMEOUT));
    int m =
        snprintf(timeout_reply, sizeof timeout_reply,
                 "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                 "Content-Type: application/json; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s",
                 n, body);
    timeout_len = m > 0 && (size_t)m < sizeof timeout_reply ? (size_t)m : 0;
    stop_flag = false;
    if (pthread_create(&sweeper, NULL, sweeper_main, NULL)) return -1;
    running = true;
    return 0;
}

void kz_guard_stop(void)
{
    if (!running) return;
    pthread_mutex_lock(&mu);
    stop_flag = true;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&mu);
    pthread_join(sweeper, NULL);
    running = false;
}

/* Parked guards by descriptor number, under park_mu. */
static pthread_mutex_t park_mu = PTHREAD_MUTEX_INITIALIZER;
static kz_guard **parked;
static size_t nparked;

void kz_guard_park(int fd, kz_guard *g)
{
    if (fd < 0 || !g) return;
    pthread_mutex_lock(&park_mu);
    if ((size_t)fd >= nparked) {
        size_t n = nparked ? nparked : 1024;
        while (n <= (size_t)fd)
            n *= 2;
        kz_guard **p = realloc(parked, n * sizeof *p);
        if (!p) {
            pthread_mutex_unlock(&park_mu);
            return; /* the connection then gets a fresh guard where it arrives */
        }
        memset(p + nparked, 0, (n - nparked) * sizeof *p);
        parked = p;
        nparked = n;
    }
    kz_guard *old = parked[fd];
    parked[fd] = g;
    pthread_mutex_unlock(&park_mu);
    kz_guard_close(old); /* a stale one (its connection never arrived) */
}

kz_guard *kz_guard_claim(int fd)
{
    kz_guard *g = NULL;
    pthread_mutex_lock(&park_mu);
    if (fd >= 0 && (size_t)fd < nparked) {
        g = parked[fd];
        parked[fd] = NULL;
    }
    pthread_mutex_unlock(&park_mu);
    return g;
}

uint64_t kz_guard_slow_closed(void)
{
    return atomic_load(&slow_closed);
}

uint64_t kz_guard_refused(void)
{
    return atomic_load(&refused);
}
