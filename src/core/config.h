/* config.h — settings from flags, then KEZHUAN_* environment, then a config file
 * (`key = value` lines, `#` comments), then defaults, in that order of precedence.
 *
 * Ownership: a kz_config owns its strings; kz_config_free() releases them. */
#ifndef KZ_CONFIG_H
#define KZ_CONFIG_H
#include <stdbool.h>
#include <stdio.h>

typedef struct kz_config {
    char *db;                    /* sqlite:PATH or postgresql://… */
    char *host;                  /* listen address */
    int port;                    /* 0: any free port (printed in the start-up log line) */
    int threads;                 /* worker threads in the HTTP pool */
    int db_pool;                 /* database connections for the workers (0: as many as threads) */
    int feed_poll_ms;            /* PostgreSQL: poll the change feed this often besides LISTEN */
    int max_body;                /* bytes */
    int timeout;                 /* seconds a connection may idle */
    int header_timeout;          /* seconds to deliver a request head (and the grace of a body) */
    int max_conns_per_ip;        /* open connections per client address (0: no cap) */
    int session_ttl;             /* seconds */
    int session_cache_ms;        /* reuse a resolved session this long without a database read */
    int login_limit;             /* failed logins per window, per address and per account */
    int login_window;            /* seconds */
    int pwhash_ops;              /* argon2id opslimit */
    int pwhash_mem_kib;          /* argon2id memlimit in KiB */
    bool cookie_secure;          /* mark the session cookie Secure (behind TLS) */
    char *trusted_proxies;       /* comma-separated addresses whose X-Forwarded-For is believed */
    bool log_requests;           /* one JSON line per request on stdout */
    char *synchronous;           /* SQLite synchronous pragma: FULL (default) or NORMAL */
    char *match_weights;         /* matching fit weights: "text=0.5,industry=0.15,…" */
    char *index_snapshot;        /* search index snapshot file; "": the default; "off": none */
    int index_snapshot_interval; /* seconds between snapshots while serving (0: none) */
    int registration_days;       /* 技术合同登记: the registrar's deadline, in working days */
    int publicity_days;          /* 协议定价 公示 period of the market, in days */
    char *web_root;    /* the built web UI (web/dist); NULL: found beside the binary or cwd */
    char *config_file; /* the file read, if any */
} kz_config;

void kz_config_defaults(kz_config *c);
/* Applies the config file (from --config or KEZHUAN_CONFIG), the environment and the flags
 * in argv[0..argc), in increasing precedence. Flags are `--name value` or `--name=value`,
 * with '_' and '-' interchangeable. Unknown flags are errors unless `rest` is given: then
 * they are left in rest[0..*nrest) (borrowed from argv) for the command to read.
 * Returns 0, or -1 after writing a zh-CN/English message to err. */
int kz_config_load(kz_config *c, int argc, char **argv, char **rest, int *nrest, FILE *err);
void kz_config_free(kz_config *c);
/* Writes the option table (name, environment variable, default) for --help. */
void kz_config_usage(FILE *out);

#endif
