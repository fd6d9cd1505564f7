#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum { OPT_STR, OPT_INT, OPT_BOOL } opt_type;

static const struct opt {
    const char *name, *env;
    opt_type type;
    size_t off;
    long min, max;
    const char *help;
} opts[] = {
    {"db", "KEZHUAN_DB", OPT_STR, offsetof(kz_config, db), 0, 0,
     "database: sqlite:PATH (default sqlite:var/kezhuan.db) or postgresql://…"},
    {"host", "KEZHUAN_HOST", OPT_STR, offsetof(kz_config, host), 0, 0, "listen address"},
    {"port", "KEZHUAN_PORT", OPT_INT, offsetof(kz_config, port), 0, 65535, "listen port (0: any)"},
    {"threads", "KEZHUAN_THREADS", OPT_INT, offsetof(kz_config, threads), 1, 256,
     "HTTP worker threads"},
    {"db-pool", "KEZHUAN_DB_POOL", OPT_INT, offsetof(kz_config, db_pool), 0, 1024,
     "database connections shared by the HTTP workers (0: one per thread)"},
    {"feed-poll-ms", "KEZHUAN_FEED_POLL_MS", OPT_INT, offsetof(kz_config, feed_poll_ms), 50, 60000,
     "PostgreSQL: follow other nodes' writes at least this often (besides LISTEN/NOTIFY)"},
    {"max-body", "KEZHUAN_MAX_BODY", OPT_INT, offsetof(kz_config, max_body), 1024, 1 << 30,
     "largest request body in bytes"},
    {"timeout", "KEZHUAN_TIMEOUT", OPT_INT, offsetof(kz_config, timeout), 1, 3600,
     "seconds before an idle connection is closed"},
    {"header-timeout", "KEZHUAN_HEADER_TIMEOUT", OPT_INT, offsetof(kz_config, header_timeout), 1,
     3600, "seconds to send a request head (a body: as long plus 1 s per KiB), else 408"},
    {"max-conns-per-ip", "KEZHUAN_MAX_CONNS_PER_IP", OPT_INT, offsetof(kz_config, max_conns_per_ip),
     0, 100000,
     "open connections allowed per client address (0: no cap; trusted proxies are exempt)"},
    {"session-ttl", "KEZHUAN_SESSION_TTL", OPT_INT, offsetof(kz_config, session_ttl), 60,
     90 * 86400, "session lifetime in seconds"},
    {"session-cache-ms", "KEZHUAN_SESSION_CACHE_MS", OPT_INT, offsetof(kz_config, session_cache_ms),
     0, 60000,
     "reuse a resolved session for this many ms (0: off; bounds revocation lag across nodes)"},
    {"login-limit", "KEZHUAN_LOGIN_LIMIT", OPT_INT, offsetof(kz_config, login_limit), 1, 100000,
     "failed logins allowed per window, per address and per account"},
    {"login-window", "KEZHUAN_LOGIN_WINDOW", OPT_INT, offsetof(kz_config, login_window), 1, 86400,
     "login rate-limit window in seconds"},
    {"pwhash-ops", "KEZHUAN_PWHASH_OPS", OPT_INT, offsetof(kz_config, pwhash_ops), 1, 64,
     "argon2id passes"},
    {"pwhash-mem-kib", "KEZHUAN_PWHASH_MEM_KIB", OPT_INT, offsetof(kz_config, pwhash_mem_kib), 8,
     4 << 20, "argon2id memory in KiB"},
    {"trusted-proxies", "KEZHUAN_TRUSTED_PROXIES", OPT_STR, offsetof(kz_config, trusted_proxies), 0,
     0, "load balancer addresses (a,b,…) whose X-Forwarded-For names the client (default: none)"},
    {"cookie-secure", "KEZHUAN_COOKIE_SECURE", OPT_BOOL, offsetof(kz_config, cookie_secure), 0, 1,
     "send the session cookie only over HTTPS"},
    {"log-requests", "KEZHUAN_LOG_REQUESTS", OPT_BOOL, offsetof(kz_config, log_requests), 0, 1,
     "log one JSON line per request"},
    {"synchronous", "KEZHUAN_SYNCHRONOUS", OPT_STR, offsetof(kz_config, synchronous), 0, 0,
     "SQLite synchronous mode: FULL or NORMAL"},
    {"match-weights", "KEZHUAN_MATCH_WEIGHTS", OPT_STR, offsetof(kz_config, match_weights), 0, 0,
     "matching weights: text, industry, region, maturity, price, freshness (name=value,…)"},
    {"index-snapshot", "KEZHUAN_INDEX_SNAPSHOT", OPT_STR, offsetof(kz_config, index_snapshot), 0, 0,
     "search index snapshot file, loaded at start and caught up from the change feed (default: "
     "PATH.index beside a SQLite database; none for PostgreSQL; off: none)"},
    {"index-snapshot-interval", "KEZHUAN_INDEX_SNAPSHOT_INTERVAL", OPT_INT,
     offsetof(kz_config, index_snapshot_interval), 0, 7 * 86400,
     "write the snapshot again this often (seconds) when the index moved on (0: only after a "
     "rebuild and at a clean stop)"},
    {"registration-days", "KEZHUAN_REGISTRATION_DAYS", OPT_INT,
     offsetof(kz_config, registration_days), 1, 60,
     "working days the registry has to register or refuse a submitted technology contract"},
    {"publicity-days", "KEZHUAN_PUBLICITY_DAYS", OPT_INT, offsetof(kz_config, publicity_days), 1,
     365, "days a negotiated market price is published before the sale (公示期)"},
    {"web-root", "KEZHUAN_WEB_ROOT", OPT_STR, offsetof(kz_config, web_root), 0, 0,
     "the built web UI to serve (default: web/dist beside the binary's checkout, or ./web/dist)"},
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

void kz_config_defaults(kz_config *c)
{
    memset(c, 0, sizeof(*c));
    c->db = strdup("sqlite:var/kezhuan.db");
    c->host = strdup("127.0.0.1");
    c->port = 8080;
    c->threads = 4;
    c->feed_poll_ms = 500;
    c->max_body = 1 << 20;
    c->timeout = 30;
    c->header_timeout = 15;
    c->max_conns_per_ip = 128;
    c->session_ttl = 7 * 86400;
    c->session_cache_ms = 1000;
    c->login_limit = 10;
    c->login_window = 300;
    c->pwhash_ops = 2;         /* libsodium's "interactive" argon2id */
    c->pwhash_mem_kib = 65536; /* 64 MiB */
    c->log_requests = true;
    c->synchronous = strdup("FULL");
    c->trusted_proxies = strdup("");
    c->index_snapshot = strdup("");
    c->index_snapshot_interval = 600;
    c->publicity_days = 15;
    c->registration_days = 10;
    c->match_weights = strdup("text=0.5,industry=0.15,region=0.1,maturity=0.1,price=0.1,"
                              "freshness=0.05");
}

void kz_config_free(kz_config *c)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (opts[i].type == OPT_STR) {
            char **p = (char **)((char *)c + opts[i].off);
            free(*p);
            *p = NULL;
        }
    free(c->config_file);
    c->config_file = NULL;
}

static const struct opt *find_opt(const char *name, size_t n)
{
    for (size_t i = 0; i < NOPTS; i++) {
        const char *o = opts[i].name;
        if (strlen(o) != n) continue;
        size_t j = 0;
        for (; j < n; j++) {
            char a = name[j] == '_' ? '-' : name[j];
            if (a != o[j]) break;
        }
        if (j == n) return &opts[i];
    }
    return NULL;
}

static int set_opt(kz_config *c, const struct opt *o, const char *v, const char *from, FILE *err)
{
    void *p = (char *)c + o->off;
    if (o->type == OPT_STR) {
        free(*(char **)p);
        *(char **)p = strdup(v);
        return 0;
    }
    if (o->type == OPT_BOOL) {
        if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on"))
            *(bool *)p = true;
        else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off"))
            *(bool *)p = false;
        else {
            fprintf(err, "配置项 %s 的值无效 (%s): %s，应为 true/false\n", o->name, from, v);
            return -1;
        }
        return 0;
    }
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < o->min || x > o->max) {
        fprintf(err, "配置项 %s 的值无效 (%s): %s，应为 %ld–%ld 的整数\n", o->name, from, v, o->min,
                o->max);
        return -1;
    }
    *(int *)p = (int)x;
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

static int load_file(kz_config *c, const char *path, FILE *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(err, "无法读取配置文件 %s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[4096];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            fprintf(err, "%s:%d: 应为 key = value\n", path, lineno);
            rc = -1;
            break;
        }
        *eq = 0;
        char *k = trim(s), *v = trim(eq + 1);
        const struct opt *o = find_opt(k, strlen(k));
        if (!o) {
            fprintf(err, "%s:%d: 未知配置项 %s\n", path, lineno, k);
            rc = -1;
            break;
        }
        if (set_opt(c, o, v, path, err)) {
            rc = -1;
            break;
        }
    }
    fclose(f);
    if (rc == 0) {
        free(c->config_file);
        c->config_file = strdup(path);
    }
    return rc;
}

int kz_config_load(kz_config *c, int argc, char **argv, char **rest, int *nrest, FILE *err)
{
    const char *file = getenv("KEZHUAN_CONFIG");
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            file = argv[i + 1];
        else if (!strncmp(argv[i], "--config=", 9))
            file = argv[i] + 9;
    }
    if (file && *file && load_file(c, file, err)) return -1;
    for (size_t i = 0; i < NOPTS; i++) {
        const char *v = getenv(opts[i].env);
        if (v && set_opt(c, &opts[i], v, opts[i].env, err)) return -1;
    }
    if (nrest) *nrest = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--config")) {
            i++;
            continue;
        }
        if (!strncmp(a, "--config=", 9)) continue;
        const struct opt *o = NULL;
        const char *v = NULL;
        if (!strncmp(a, "--", 2)) {
            const char *eq = strchr(a + 2, '=');
            o = find_opt(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
            if (o) {
                if (eq)
                    v = eq + 1;
                else if (o->type == OPT_BOOL && (i + 1 >= argc || !strncmp(argv[i + 1], "--", 2)))
                    v = "true";
                else if (i + 1 < argc)
                    v = argv[++i];
                else {
                    fprintf(err, "选项 %s 缺少取值\n", a);
                    return -1;
                }
            }
        }
        if (o) {
            if (set_opt(c, o, v, "命令行", err)) return -1;
        } else if (rest) {
            rest[(*nrest)++] = argv[i];
        } else {
            fprintf(err, "未知选项: %s\n", a);
            return -1;
        }
    }
    return 0;
}

void kz_config_usage(FILE *out)
{
    fprintf(out, "Options (flag > environment > config file > default):\n");
    fprintf(out, "  %-24s %-26s %s\n", "--config FILE", "KEZHUAN_CONFIG",
            "config file (key = value)");
    for (size_t i = 0; i < NOPTS; i++) {
        char flag[64];
        snprintf(flag, sizeof flag, "--%s%s", opts[i].name, opts[i].type == OPT_BOOL ? "" : " V");
        fprintf(out, "  %-24s %-26s %s\n", flag, opts[i].env, opts[i].help);
    }
}
