#include "front.h"
#include "guard.h"
#include "../core/errors.h"
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

/* Bytes peeked to judge the start of a request line: far more than any method needs. */
#define PEEK 64

typedef struct pending {
    int fd;
    struct sockaddr_storage addr;
    socklen_t alen;
    kz_guard *g;   /* parked for libmicrohttpd at the hand-over */
    bool answered; /* a 400 was sent: draining until the client closes or the deadline */
    struct pending *prev, *next;
} pending;

static kz_worker *workers;
static int nworkers;
static unsigned next_worker; /* where ties start: taken in turn */
static int listen_fd = -1, ep = -1, stop_fd = -1;
static pthread_t thread;
static pending *waiting; /* connections not yet handed over, owned by the front thread */
static char bad_reply[512];
static size_t bad_len;
/* epoll tags for the two descriptors that are not connections */
static char tag_listen, tag_stop;

static bool tchar(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') ||
           (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

enum verdict { MORE, GOOD, BAD };

/* A request line starts with a method (a token) and a space; empty lines before it are
 * allowed (RFC 9112 §2.2). What follows the space is libmicrohttpd's and the server's to judge. */
static enum verdict judge(const unsigned char *b, size_t n)
{
    size_t i = 0;
    while (i < n && (b[i] == '\r' || b[i] == '\n'))
        i++;
    size_t start = i;
    while (i < n && tchar(b[i]))
        i++;
    if (i == n) return n >= PEEK ? BAD : MORE;
    return b[i] == ' ' && i > start ? GOOD : BAD;
}

static void unlink_pending(pending *p)
{
    if (p->prev)
        p->prev->next = p->next;
    else
        waiting = p->next;
    if (p->next) p->next->prev = p->prev;
}

/* Closes a connection that was never handed over. */
static void finish(pending *p)
{
    epoll_ctl(ep, EPOLL_CTL_DEL, p->fd, NULL);
    kz_guard_close(p->g); /* before close(2): the number may be reused */
    close(p->fd);
    unlink_pending(p);
    free(p);
}

/* A worker not inside a handler: the fewest busy, then open, connections; ties in turn. When
 * every worker is inside one: the one whose handler started last. */
static kz_worker *pick_worker(void)
{
    kz_worker *best = NULL, *latest = NULL;
    int best_busy = 0, best_conns = 0;
    int64_t latest_since = 0;
    for (int k = 0; k < nworkers; k++) {
        kz_worker *w = &workers[(next_worker + (unsigned)k) % (unsigned)nworkers];
        int64_t since = atomic_load(&w->handling_since);
        if (since) {
            if (!latest || since > latest_since) latest = w, latest_since = since;
            continue;
        }
        int b = atomic_load(&w->busy), c = atomic_load(&w->conns);
        if (!best || b < best_busy || (b == best_busy && c < best_conns))
            best = w, best_busy = b, best_conns = c;
    }
    if (!best) best = latest;
    next_worker = (unsigned)(best - workers + 1) % (unsigned)nworkers;
    return best;
}

static void hand_over(pending *p)
{
    epoll_ctl(ep, EPOLL_CTL_DEL, p->fd, NULL);
    unlink_pending(p);
    int fd = p->fd;
    kz_guard_park(fd, p->g);
    /* libmicrohttpd claims the parked guard when it reports the connection started; on failure
     * it has closed the socket: release the guard */
    if (MHD_add_connection(pick_worker()->d, fd, (const struct sockaddr *)&p->addr, p->alen) !=
        MHD_YES)
        kz_guard_close(kz_guard_claim(fd));
    free(p);
}

static void serve_pending(pending *p)
{
    unsigned char b[PEEK];
    if (p->answered) { /* read and drop what the client still sends, until it closes */
        char sink[4096];
        for (;;) {
            ssize_t n = recv(p->fd, sink, sizeof sink, 0);
            if (n > 0) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
            if (n < 0 && errno == EINTR) continue;
            finish(p);
            return;
        }
    }
    ssize_t n = recv(p->fd, b, sizeof b, MSG_PEEK);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    if (n <= 0) {
        finish(p);
        return;
    }
    switch (judge(b, (size_t)n)) {
    case MORE: return; /* the next bytes wake us (edge-triggered) */
    case GOOD: hand_over(p); return;
    case BAD:
        (void)!send(p->fd, bad_reply, bad_len, MSG_NOSIGNAL);
        shutdown(p->fd, SHUT_WR);
        kz_guard_answered(p->g);
        p->answered = true;
        serve_pending(p);
        return;
    }
}

static void accept_all(void)
{
    for (;;) {
        pending *p = calloc(1, sizeof *p);
        if (!p) return;
        p->alen = sizeof p->addr;
        p->fd =
            accept4(listen_fd, (struct sockaddr *)&p->addr, &p->alen, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (p->fd < 0) {
            int err = errno;
            free(p);
            if (err == EINTR || err == ECONNABORTED) continue;
            if (err != EAGAIN && err != EWOULDBLOCK) usleep(10000); /* EMFILE and the like */
            return;
        }
        if (!kz_guard_admit((const struct sockaddr *)&p->addr, p->alen)) {
            close(p->fd);
            free(p);
            continue;
        }
        p->g = kz_guard_open(p->fd, (const struct sockaddr *)&p->addr, p->alen);
        p->next = waiting;
        if (waiting) waiting->prev = p;
        waiting = p;
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = p};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, p->fd, &ev) != 0) {
            finish(p);
            continue;
        }
        serve_pending(p); /* the request may be there already */
    }
}

static void *front_main(void *arg)
{
    (void)arg;
    struct epoll_event evs[64];
    for (;;) {
        int n = epoll_wait(ep, evs, 64, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < n; i++) {
            if (evs[i].data.ptr == &tag_stop) goto out;
            if (evs[i].data.ptr == &tag_listen)
                accept_all();
            else
                serve_pending(evs[i].data.ptr);
        }
    }
out:
    while (waiting)
        finish(waiting);
    return NULL;
}

int kz_front_start(kz_worker *w, int n, const struct sockaddr_in *addr, int *port)
{
    workers = w;
    nworkers = n;
    char body[256];
    int bn = snprintf(body, sizeof body, "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}",
                      kz_err_name(KZ_E_BAD_REQUEST), "请求行格式不正确，这里只接受 HTTP/1.x 请求");
    int m =
        snprintf(bad_reply, sizeof bad_reply,
                 "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n"
                 "Content-Type: application/json; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s",
                 bn, body);
    bad_len = m > 0 && (size_t)m < sizeof bad_reply ? (size_t)m : 0;

    listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (listen_fd < 0) return -1;
    int one = 1;
    setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(listen_fd, (const struct sockaddr *)addr, sizeof *addr) != 0 ||
        listen(listen_fd, 1024) != 0)
        goto fail;
    struct sockaddr_in bound;
    socklen_t blen = sizeof bound;
    if (getsockname(listen_fd, (struct sockaddr *)&bound, &blen) != 0) goto fail;
    *port = ntohs(bound.sin_port);
    ep = epoll_create1(EPOLL_CLOEXEC);
    stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (ep < 0 || stop_fd < 0) goto fail;
    struct epoll_event le = {.events = EPOLLIN, .data.ptr = &tag_listen};
    struct epoll_event se = {.events = EPOLLIN, .data.ptr = &tag_stop};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, listen_fd, &le) || epoll_ctl(ep, EPOLL_CTL_ADD, stop_fd, &se))
        goto fail;
    if (pthread_create(&thread, NULL, front_main, NULL)) goto fail;
    return 0;
fail:;
    int err = errno;
    if (listen_fd >= 0) close(listen_fd);
    if (ep >= 0) close(ep);
    if (stop_fd >= 0) close(stop_fd);
    listen_fd = ep = stop_fd = -1;
    errno = err;
    return -1;
}

void kz_front_stop(void)
{
    if (stop_fd < 0) return;
    uint64_t one = 1;
    (void)!write(stop_fd, &one, sizeof one);
    pthread_join(thread, NULL);
    close(listen_fd);
    close(ep);
    close(stop_fd);
    listen_fd = ep = stop_fd = -1;
}
