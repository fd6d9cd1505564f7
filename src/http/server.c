#include "server.h"
#include "../db/db.h"
#include "../domain/auth.h"
#include "metrics.h"
#include "../domain/throttle.h"
#include "req.h"
#include "router.h"
#include "handlers.h"
#include "h_static.h"
#include "guard.h"
#include "front.h"
#include <arpa/inet.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* Bytes MHD may use per connection for the request line, headers and buffers: enough for a
 * search URL carrying a 10,000-character Chinese query (about 90 KB percent-encoded). */
#define KZ_CONN_MEMORY (160 * 1024)

static const kz_config *config;
/* Connections between accept and the end of their current request (not idle keep-alive). */
static _Atomic long busy_connections;
static atomic_bool stopping;
static char rid_prefix[8];
static _Atomic uint64_t rid_counter;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Writes s into out as the inside of a JSON string (for log lines), truncating at n. */
static void log_escape(const char *s, char *out, size_t n)
{
    size_t j = 0;
    for (; s && *s && j + 7 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            out[j++] = '\\';
            out[j++] = (char)c;
        } else if (c < 0x20 || c == 0x7F) {
            j += (size_t)snprintf(out + j, n - j, "\\u%04x", c);
        } else {
            out[j++] = (char)c;
        }
    }
    out[j] = 0;
}

static void client_address(struct MHD_Connection *conn, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    out[0] = 0;
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)n);
}

/* Behind a trusted load balancer (--trusted-proxies), the client is the address the balancer
 * appended last to X-Forwarded-For; anyone else's X-Forwarded-For is ignored. */
static void forwarded_client(struct MHD_Connection *conn, char *out, size_t n)
{
    const char *list = config->trusted_proxies;
    if (!list || !*list || !*out) return;
    bool trusted = false;
    size_t len = strlen(out);
    for (const char *p = list; *p;) {
        size_t k = strcspn(p, ", ");
        if (k == len && !strncmp(p, out, k)) trusted = true;
        p += k;
        p += strspn(p, ", ");
    }
    const char *xff =
        trusted ? MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For") : NULL;
    if (!xff) return;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    last += strspn(last, " ");
    char addr[64];
    snprintf(addr, sizeof addr, "%.*s", (int)strcspn(last, " "), last);
    unsigned char bin[16];
    if (inet_pton(AF_INET, addr, bin) == 1 || inet_pton(AF_INET6, addr, bin) == 1)
        snprintf(out, n, "%s", addr);
}

static void set_request_id(kz_req *r)
{
    const char *in = kz_header(r, "X-Request-Id");
    if (in && *in && strlen(in) < sizeof r->request_id) {
        bool ok = true;
        for (const char *p = in; *p; p++)
            if (!(*p == '-' || *p == '_' || (*p >= '0' && *p <= '9') ||
                  ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
                ok = false;
        if (ok) {
            strcpy(r->request_id, in);
            return;
        }
    }
    snprintf(r->request_id, sizeof r->request_id, "%s-%" PRIx64, rid_prefix,
             atomic_fetch_add_explicit(&rid_counter, 1, memory_order_relaxed));
}

static bool unsafe_method(const char *m)
{
    return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

/* Finds who is asking. Returns false after answering (a bad bearer token, a missing CSRF
 * header on a cookie-authenticated write). */
static bool authenticate(kz_req *r)
{
    const char *h = kz_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
    const char *tok = NULL;
    if (h) {
        if (strncasecmp(h, "Bearer ", 7) != 0) {
            kz_reply_code(r, KZ_E_UNAUTHENTICATED, "不支持的认证方式，请使用 Bearer 令牌");
            return false;
        }
        tok = h + 7;
    } else {
        tok = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "kz_session");
        if (!tok) return true; /* anonymous */
        r->via_cookie = true;
    }
    if (strlen(tok) >= sizeof r->token) {
        if (!r->via_cookie) {
            kz_reply_code(r, KZ_E_UNAUTHENTICATED, "登录已失效，请重新登录");
            return false;
        }
        return true;
    }
    strcpy(r->token, tok);
    db_conn *c = kz_db(r);
    if (!c) return false;
    kz_error e = {0};
    kz_err rc = kz_auth_resolve(c, r->token, &r->actor, r->csrf, r->me, &e);
    if (rc != KZ_OK) {
        if (rc == KZ_E_UNAUTHENTICATED && r->via_cookie) {
            /* a stale cookie: carry on as the public */
            kz_error_clear(&e);
            r->token[0] = 0;
            r->via_cookie = false;
            return true;
        }
        kz_reply_error(r, &e);
        return false;
    }
    r->authed = true;
    if (r->via_cookie && unsafe_method(r->method)) {
        const char *x = kz_header(r, "X-CSRF-Token");
        if (!x || strlen(x) != strlen(r->csrf) || sodium_memcmp(x, r->csrf, strlen(r->csrf)) != 0) {
            kz_reply_code(r, KZ_E_FORBIDDEN, "缺少或错误的 X-CSRF-Token 请求头");
            return false;
        }
    }
    return true;
}

static void dispatch(kz_req *r)
{
    char allow[64];
    const char *m = strcmp(r->method, "HEAD") ? r->method : "GET"; /* no body is sent for HEAD */
    switch (kz_route_match_key(m, r->path, &r->route, &r->id, r->key, allow, sizeof allow)) {
    case KZ_ROUTE_NOT_FOUND:
        /* the web UI: any GET/HEAD outside /api/ (files of web/dist, else index.html) */
        if (!strcmp(m, "GET") && kz_static_serve(r)) {
            r->static_file = true;
            return;
        }
        kz_reply_code(r, KZ_E_NOT_FOUND, "接口不存在");
        return;
    case KZ_ROUTE_BAD_METHOD:
        kz_reply_code(r, KZ_E_METHOD_NOT_ALLOWED, NULL);
        kz_add_header(r, MHD_HTTP_HEADER_ALLOW, allow);
        return;
    case KZ_ROUTE_OK: break;
    }
    if (!kz_args_ok(r)) return; /* before any handler runs: nothing is done for such a request */
    if (r->route->handler != h_login && !authenticate(r)) return;
    r->route->handler(r);
    if (!r->replied) kz_reply_code(r, KZ_E_INTERNAL, NULL);
}

/* Per connection (libmicrohttpd's socket context): whether it counts as busy. A new
 * connection is busy until its first request ends; an idle keep-alive one is not. */
typedef struct conn_state {
    bool busy;
    kz_worker *w;    /* the worker (front.h) serving it: its busy and open counts */
    kz_guard *guard; /* deadlines and the per-address count (guard.h); may be NULL */
} conn_state;

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    kz_worker *w = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_state *cs = malloc(sizeof *cs);
        if (!cs) return;
        cs->busy = true;
        cs->w = w;
        atomic_fetch_add(&w->busy, 1);
        atomic_fetch_add(&w->conns, 1);
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ad =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        /* the front parked the guard it opened at accept */
        cs->guard = fd ? kz_guard_claim(fd->connect_fd) : NULL;
        if (!cs->guard && fd && ad && ad->client_addr)
            cs->guard =
                kz_guard_open(fd->connect_fd, ad->client_addr,
                              ad->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                                     : sizeof(struct sockaddr_in));
        atomic_fetch_add(&busy_connections, 1);
        *socket_context = cs;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        conn_state *cs = *socket_context;
        if (cs->busy) {
            atomic_fetch_sub(&busy_connections, 1);
            atomic_fetch_sub(&cs->w->busy, 1);
        }
        atomic_fetch_sub(&cs->w->conns, 1);
        kz_guard_close(cs->guard);
        free(cs);
        *socket_context = NULL;
    }
}

static conn_state *state_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static kz_guard *guard_of(struct MHD_Connection *conn)
{
    conn_state *cs = state_of(conn);
    return cs ? cs->guard : NULL;
}

static void set_busy(struct MHD_Connection *conn, bool busy)
{
    conn_state *cs = state_of(conn);
    if (!cs || cs->busy == busy) return;
    cs->busy = busy;
    atomic_fetch_add(&busy_connections, busy ? 1 : -1);
    atomic_fetch_add(&cs->w->busy, busy ? 1 : -1);
}

typedef struct header_census {
    int content_length, transfer_encoding, host;
    const char *te;
} header_census;

static enum MHD_Result census(void *cls, enum MHD_ValueKind kind, const char *key,
                              const char *value)
{
    (void)kind;
    header_census *c = cls;
    if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
        c->content_length++;
    else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING))
        c->transfer_encoding++, c->te = value;
    else if (!strcasecmp(key, MHD_HTTP_HEADER_HOST))
        c->host++;
    return MHD_YES;
}

static bool is_tchar(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') ||
           (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

/* Why the request's framing is unacceptable (RFC 9112), or NULL. Such a request is answered
 * 400 and its connection closed: what follows on it cannot be trusted to start a request. */
static const char *bad_framing(struct MHD_Connection *conn, const char *method, const char *url,
                               const char *version)
{
    header_census c = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, census, &c);
    if (c.content_length && c.transfer_encoding)
        return "请求不能同时带有 Content-Length 和 Transfer-Encoding 请求头";
    if (c.content_length > 1) return "请求带有多个 Content-Length 请求头";
    if (c.transfer_encoding > 1 || (c.te && strcasecmp(c.te, "chunked")))
        return "不支持的 Transfer-Encoding（只接受 chunked）";
    if (c.host > 1 || (!c.host && version && !strcmp(version, MHD_HTTP_VERSION_1_1)))
        return "HTTP/1.1 请求必须带有且只带一个 Host 请求头";
    if (!*method) return "请求行缺少方法";
    for (const char *m = method; *m; m++)
        if (!is_tchar((unsigned char)*m)) return "请求方法不合法";
    if (url[0] != '/' && !(url[0] == '*' && !url[1] && !strcmp(method, "OPTIONS")))
        return "请求目标必须以 / 开头";
    return NULL;
}

static enum MHD_Result queue(kz_req *r)
{
    if (atomic_load(&stopping) || r->close_after)
        MHD_add_response_header(r->resp, MHD_HTTP_HEADER_CONNECTION, "close");
    MHD_add_response_header(r->resp, "X-Request-Id", r->request_id);
    MHD_add_response_header(r->resp, "X-Content-Type-Options", "nosniff");
    if (!MHD_get_response_header(r->resp, MHD_HTTP_HEADER_CACHE_CONTROL))
        MHD_add_response_header(r->resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (!MHD_get_response_header(r->resp, "Content-Security-Policy"))
        MHD_add_response_header(r->resp, "Content-Security-Policy",
                                "default-src 'none'; frame-ancestors 'none'");
    return MHD_queue_response(r->conn, (unsigned)r->status, r->resp);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    kz_req *r = *con_cls;
    if (!r) {
        /* First call: headers only. Answering now would close the connection, so set up and
         * come back (libmicrohttpd's keep-alive idiom). */
        r = calloc(1, sizeof(*r));
        if (!r) return MHD_NO;
        kz_arena_init(&r->arena);
        r->conn = conn;
        r->cfg = config;
        r->method = method;
        r->path = url;
        r->start_ns = now_ns();
        set_request_id(r);
        client_address(conn, r->client, sizeof r->client);
        forwarded_client(conn, r->client, sizeof r->client);
        const char *cl = kz_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > (unsigned long long)config->max_body)
            r->too_large = true;
        kz_metrics_inflight(1);
        set_busy(conn, true);
        kz_guard_head_done(guard_of(conn));
        *con_cls = r;
        const char *framing = bad_framing(conn, method, url, version);
        if (framing) { /* before the body: the connection closes after the answer */
            r->close_after = true;
            kz_reply_code(r, KZ_E_BAD_REQUEST, framing);
            return queue(r);
        }
        if (r->too_large) { /* refuse before the body is sent (the connection then closes) */
            kz_reply_code(r, KZ_E_PAYLOAD_TOO_LARGE, NULL);
            return queue(r);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        kz_guard_body(guard_of(conn), n);
        if (!r->too_large && r->body_len + n > (size_t)config->max_body) r->too_large = true;
        if (r->too_large) { /* discard the rest; answer 413 when the upload ends */
            free(r->body);
            r->body = NULL;
            r->body_len = r->body_cap = 0;
            return MHD_YES;
        }
        if (r->body_len + n + 1 > r->body_cap) {
            size_t cap = r->body_cap ? r->body_cap : 1024;
            while (cap < r->body_len + n + 1)
                cap *= 2;
            char *b = realloc(r->body, cap);
            if (!b) return MHD_NO;
            r->body = b;
            r->body_cap = cap;
        }
        memcpy(r->body + r->body_len, upload_data, n);
        r->body_len += n;
        r->body[r->body_len] = 0;
        return MHD_YES;
    }
    kz_guard_handling(guard_of(conn));
    conn_state *cs = state_of(conn);
    /* the worker's one thread is inside a handler until it returns (front.c steers new
     * connections away from it meanwhile) */
    if (cs) atomic_store(&cs->w->handling_since, (int64_t)(now_ns() / 1000000) | 1);
    if (r->too_large)
        kz_reply_code(r, KZ_E_PAYLOAD_TOO_LARGE, NULL);
    else
        dispatch(r);
    kz_db_release(r);
    if (cs) atomic_store(&cs->w->handling_since, 0);
    return queue(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    kz_req *r = *con_cls;
    if (!r) return;
    *con_cls = NULL;
    uint64_t dur = now_ns() - r->start_ns;
    int route = r->static_file ? KZ_METRICS_STATIC : kz_route_index(r->route);
    kz_metrics_observe(route, r->status, dur);
    kz_metrics_inflight(-1);
    set_busy(conn, false);
    kz_guard_idle(guard_of(conn));
    if (config->log_requests) {
        /* one write(2) per line: no stdio lock shared by the workers, lines never interleave */
        char path[512], ts[32], line[1024];
        log_escape(r->path, path, sizeof path);
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
        int n = snprintf(line, sizeof line,
                         "{\"ts\":\"%s\",\"level\":\"info\",\"rid\":\"%s\",\"method\":\"%s\","
                         "\"route\":\"%s\",\"path\":\"%s\",\"status\":%d,\"bytes\":%zu,"
                         "\"dur_ms\":%.3f,\"user\":%" PRId64 ",\"client\":\"%s\"%s}\n",
                         ts, r->request_id, r->route ? r->route->method : "",
                         r->route ? r->route->pattern : "", path, r->status, r->bytes,
                         (double)dur / 1e6, r->actor.user_id, r->client,
                         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : ",\"aborted\":true");
        if (n > 0) {
            if ((size_t)n >= sizeof line) {
                n = (int)sizeof line - 1;
                line[n - 1] = '\n';
            }
            ssize_t w = write(STDOUT_FILENO, line, (size_t)n);
            (void)w;
        }
    }
    if (r->resp) MHD_destroy_response(r->resp);
    free(r->body);
    kz_arena_free(&r->arena);
    free(r);
}

int kz_serve(const kz_config *cfg)
{
    config = cfg;
    unsigned char rb[3];
    randombytes_buf(rb, sizeof rb);
    sodium_bin2hex(rid_prefix, sizeof rid_prefix, rb, sizeof rb);
    kz_throttle_setup(cfg->login_limit, cfg->login_window);
    bool ui = kz_static_init(cfg->web_root);
    if (!ui && cfg->web_root && *cfg->web_root) {
        fprintf(stderr, "Web 界面目录不存在: %s / no such web root\n", cfg->web_root);
        return 2;
    }

    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port)};
    if (inet_pton(AF_INET, cfg->host, &sin.sin_addr) != 1) {
        fprintf(stderr, "无效的监听地址: %s（需要 IPv4 地址）\n", cfg->host);
        return 2;
    }
    /* Signals go to the main thread only: block them before the workers start. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (kz_guard_start(cfg->header_timeout, cfg->timeout, cfg->max_conns_per_ip,
                       cfg->trusted_proxies)) {
        fprintf(stderr, "无法启动连接守护线程 / cannot start the connection guard\n");
        return 1;
    }
    /* the front (front.c) owns the listening socket and hands each connection to the least
     * busy worker: one libmicrohttpd daemon with one thread each */
    int nw = cfg->threads;
    kz_worker *workers = calloc((size_t)nw, sizeof *workers);
    bool started = workers != NULL;
    for (int i = 0; started && i < nw; i++) {
        workers[i].d = MHD_start_daemon(
            MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                MHD_USE_NO_LISTEN_SOCKET,
            0, NULL, NULL, on_request, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout,
            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)KZ_CONN_MEMORY, MHD_OPTION_CONNECTION_LIMIT,
            (unsigned)4096, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
            MHD_OPTION_NOTIFY_CONNECTION, on_connection, &workers[i], MHD_OPTION_END);
        started = workers[i].d != NULL;
    }
    int port = 0;
    if (!started || kz_front_start(workers, nw, &sin, &port) != 0) {
        for (int i = 0; workers && i < nw; i++)
            if (workers[i].d) MHD_stop_daemon(workers[i].d);
        free(workers);
        kz_guard_stop();
        fprintf(stderr, "无法监听 %s:%d（端口可能已被占用） / cannot listen on %s:%d\n", cfg->host,
                cfg->port, cfg->host, cfg->port);
        return 1;
    }
    char webroot[PATH_MAX + 8] = "null";
    if (ui) {
        char esc[PATH_MAX];
        log_escape(kz_static_root(), esc, sizeof esc);
        snprintf(webroot, sizeof webroot, "\"%s\"", esc);
    }
    printf("{\"level\":\"info\",\"msg\":\"listening\",\"host\":\"%s\",\"port\":%d,\"threads\":%d,"
           "\"pid\":%d,\"web_root\":%s}\n",
           cfg->host, port, cfg->threads, (int)getpid(), webroot);
    fflush(stdout);

    int sig = 0;
    sigwait(&set, &sig);
    printf("{\"level\":\"info\",\"msg\":\"stopping\",\"signal\":%d}\n", sig);
    fflush(stdout);
    atomic_store(&stopping, true);
    kz_front_stop(); /* stop accepting; keep serving what is open */
    /* let requests being received or answered finish (idle keep-alive connections are not
     * waited for), for at most 15 s */
    for (int i = 0;
         i < 1500 && (kz_metrics_inflight_now() > 0 || atomic_load(&busy_connections) > 0); i++)
        usleep(10000);
    for (int i = 0; i < nw; i++)
        MHD_stop_daemon(workers[i].d);
    free(workers);
    kz_guard_stop();
    return 0;
}
