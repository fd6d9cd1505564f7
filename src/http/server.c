#include "server.h"
#include "../db/db.h"
#include "../domain/auth.h"
#include "metrics.h"
#include "../domain/throttle.h"
#include "req.h"
#include "router.h"
#include "handlers.h"
#include "h_static.h"
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
        if (!strcmp(m, "GET") && kz_static_serve(r)) return;
        kz_reply_code(r, KZ_E_NOT_FOUND, "接口不存在");
        return;
    case KZ_ROUTE_BAD_METHOD:
        kz_reply_code(r, KZ_E_METHOD_NOT_ALLOWED, NULL);
        kz_add_header(r, MHD_HTTP_HEADER_ALLOW, allow);
        return;
    case KZ_ROUTE_OK: break;
    }
    if (r->route->handler != h_login && !authenticate(r)) return;
    r->route->handler(r);
    if (!r->replied) kz_reply_code(r, KZ_E_INTERNAL, NULL);
}

/* Per connection (libmicrohttpd's socket context): whether it counts as busy. A new
 * connection is busy until its first request ends; an idle keep-alive one is not. */
typedef struct conn_state {
    bool busy;
} conn_state;

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)cls;
    (void)conn;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_state *cs = malloc(sizeof *cs);
        if (!cs) return;
        cs->busy = true;
        atomic_fetch_add(&busy_connections, 1);
        *socket_context = cs;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        conn_state *cs = *socket_context;
        if (cs->busy) atomic_fetch_sub(&busy_connections, 1);
        free(cs);
        *socket_context = NULL;
    }
}

static void set_busy(struct MHD_Connection *conn, bool busy)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn_state *cs = ci ? ci->socket_context : NULL;
    if (!cs || cs->busy == busy) return;
    cs->busy = busy;
    atomic_fetch_add(&busy_connections, busy ? 1 : -1);
}

static enum MHD_Result queue(kz_req *r)
{
    if (atomic_load(&stopping))
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
    (void)version;
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
        *con_cls = r;
        if (r->too_large) { /* refuse before the body is sent (the connection then closes) */
            kz_reply_code(r, KZ_E_PAYLOAD_TOO_LARGE, NULL);
            return queue(r);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
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
    if (r->too_large)
        kz_reply_code(r, KZ_E_PAYLOAD_TOO_LARGE, NULL);
    else
        dispatch(r);
    kz_db_release(r);
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
    int route = kz_route_index(r->route);
    kz_metrics_observe(route, r->status, dur);
    kz_metrics_inflight(-1);
    set_busy(conn, false);
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

    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request,
        NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)cfg->threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)KZ_CONN_MEMORY, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)4096, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "无法监听 %s:%d（端口可能已被占用） / cannot listen on %s:%d\n", cfg->host,
                cfg->port, cfg->host, cfg->port);
        return 1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int port = di ? di->port : cfg->port;
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
    MHD_quiesce_daemon(d); /* stop accepting; keep serving what is open */
    /* let requests being received or answered finish (idle keep-alive connections are not
     * waited for), for at most 15 s */
    for (int i = 0;
         i < 1500 && (kz_metrics_inflight_now() > 0 || atomic_load(&busy_connections) > 0); i++)
        usleep(10000);
    MHD_stop_daemon(d);
    return 0;
}
