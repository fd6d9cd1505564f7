/* main.c — the kezhuan command line: serve, migrate, user add, demo, audit verify, backup,
 * restore. */
#include "cli.h"
#include "core/jsonx.h"
#include "core/vocab.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/authz.h"
#include "domain/engine.h"
#include "domain/follow.h"
#include "domain/search.h"
#include "domain/stats.h"
#include "domain/user.h"
#include "http/server.h"
#include "maint.h"
#include "domain/contract.h"
#include "domain/market.h"
#include <pthread.h>
#include <signal.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define KZ_VERSION "0.1.0"

static void usage(FILE *out)
{
    fprintf(
        out,
        "kezhuan %s — 科技成果转化服务平台 / technology-transfer platform\n\n"
        "Usage: kezhuan COMMAND [options]\n\n"
        "Commands:\n"
        "  serve                      serve the web UI and the API (default 127.0.0.1:8080);\n"
        "                             the UI is the built web/dist (make web), see --web-root\n"
        "  migrate                    apply pending database migrations\n"
        "  migrate --from URL --to URL\n"
        "                             move an installation to another database (e.g. from\n"
        "                             sqlite:var/kezhuan.db to postgresql://…): migrates the\n"
        "                             empty target, copies every row in one transaction, then\n"
        "                             checks row counts and the audit chain on the target\n"
        "  backup FILE                write a logical backup (JSON Lines, both backends) of one\n"
        "                             consistent snapshot; FILE - writes to stdout\n"
        "  restore FILE               load a backup into a migrated, empty database (one\n"
        "                             transaction), then verify its audit chain\n"
        "  user add --username U --role R[,R…] [--org ID] [--display-name NAME]\n"
        "                             add an account; the password is read from stdin\n"
        "  demo [--if-empty]          load demo organizations and accounts (prints logins)\n"
        "  import KIND FILE [--dry-run] [--skip-invalid]\n"
        "                             import .csv/.jsonl/.xlsx rows as the operator, all or\n"
        "                             nothing; KIND: achievements, demands, orgs, or a kind the\n"
        "                             engine serves alone (finance-products, platforms,\n"
        "                             contracts, challenges, challenge-applications,\n"
        "                             challenge-milestones, deals, deal-events, policies,\n"
        "                             policy-applications, resources, bookings, vouchers,\n"
        "                             listings, bids, deposits, objections,\n"
        "                             finance-requests, panels, events,\n"
        "                             event-registrations, brokers, broker-trainings,\n"
        "                             broker-assignments)\n"
        "  export KIND --format csv|jsonl|xlsx [-o FILE]\n"
        "                             write every record of KIND (to stdout without -o)\n"
        "  stats verify [--repair]    recount the statistics (the policies' claims and ledger,\n"
        "                             the bookings' slots, the vouchers' redemptions, the\n"
        "                             market's state, the finance statistics) from the\n"
        "                             rows; exits 1 on a\n"
        "                             difference; --repair keeps the recount\n"
        "  audit verify [--head HASH] check the audit hash chain; exits 1 at the first bad row\n"
        "  permissions                print who may write each field of each resource (JSON)\n"
        "  kinds                      print the record kinds: fields, checks, states, actions "
        "(JSON)\n"
        "  reindex                    build the search index from the database and report it\n"
        "                             (a server builds its own at start and follows the changes)\n"
        "  version                    print the version\n"
        "  help                       this text\n\n"
        "Roles: researcher org_admin enterprise broker expert reviewer officer admin\n\n",
        KZ_VERSION);
    kz_config_usage(out);
}

/* Builds the search index from the records, as a server does at start, writes the snapshot
 * (when one is configured: the next start loads it) and reports it. */
static int cmd_reindex(const kz_config *cfg)
{
    char err[200];
    if (kz_search_set_snapshot(cfg->index_snapshot, cfg->db, 0, err, sizeof err)) {
        fprintf(stderr, "reindex: %s\n", err);
        return 1;
    }
    db_conn *c = kz_cli_open(cfg, false);
    if (!c) return 1;
    long n = kz_search_rebuild(c);
    db_close(c);
    if (n < 0) return 1;
    json_t *st = kz_search_status();
    char *dump = json_dumps(st, JSON_SORT_KEYS);
    printf("已索引 %ld 条记录 (indexed %ld records): %s\n", n, n, dump ? dump : "{}");
    free(dump);
    json_decref(st);
    kz_search_stop();
    return 0;
}

static int cmd_migrate(const kz_config *cfg)
{
    char err[512];
    db_conn *c = NULL;
    if (db_open(cfg->db, cfg->synchronous, &c, err, sizeof err) != DB_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    int from, to;
    db_status st = c->backend->migrate(c, &from, &to, err, sizeof err);
    db_close(c);
    if (st != DB_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    if (from == to)
        printf("数据库已是最新版本 %d (schema up to date: %d)\n", to, to);
    else
        printf("数据库已从版本 %d 迁移到 %d (migrated %d → %d)\n", from, to, from, to);
    return 0;
}

static int read_password(char *buf, size_t n)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fprintf(stderr, "密码 / password: ");
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    char *ok = fgets(buf, (int)n, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fprintf(stderr, "\n");
    }
    if (!ok) return -1;
    buf[strcspn(buf, "\r\n")] = 0;
    return 0;
}

static int cmd_user_add(const kz_config *cfg, int argc, char **argv)
{
    const char *username = NULL, *display = NULL, *org = NULL;
    json_t *roles = json_array();
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--username") && v)
            username = argv[++i];
        else if (!strcmp(a, "--display-name") && v)
            display = argv[++i];
        else if (!strcmp(a, "--org") && v)
            org = argv[++i];
        else if (!strcmp(a, "--role") && v) {
            char buf[256];
            snprintf(buf, sizeof buf, "%s", argv[++i]);
            char *save = NULL;
            for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
                json_array_append_new(roles, json_string(t));
        } else {
            fprintf(stderr, "user add: 无法识别的参数 %s\n", a);
            json_decref(roles);
            return 2;
        }
    }
    if (!username || !json_array_size(roles)) {
        fprintf(stderr,
                "用法: kezhuan user add --username U --role R [--org ID] (密码从标准输入读取)\n");
        json_decref(roles);
        return 2;
    }
    char pw[256];
    if (read_password(pw, sizeof pw) != 0 || !*pw) {
        fprintf(stderr, "未从标准输入读到密码 / no password on stdin\n");
        json_decref(roles);
        return 2;
    }
    json_t *in = json_pack("{s:s, s:s, s:o, s:s}", "username", username, "display_name",
                           display ? display : username, "roles", roles, "password", pw);
    if (org) {
        char *end;
        long long id = strtoll(org, &end, 10);
        json_object_set_new(in, "org_id", *end ? json_string(org) : json_integer(id));
    }
    db_conn *c = kz_cli_open(cfg, false);
    if (!c) {
        json_decref(in);
        return 1;
    }
    kz_actor op = kz_cli_operator();
    kz_error e = {0};
    json_t *out = NULL;
    int rc = 0;
    if (kz_user_create(c, &op, in, &out, &e) != KZ_OK) {
        fprintf(stderr, "无法创建账号: %s\n", e.message ? e.message : kz_err_message(e.code));
        if (e.fields) {
            const char *k;
            json_t *v;
            json_object_foreach(e.fields, k, v)
                fprintf(stderr, "  %s: %s\n", k, json_string_value(v));
        }
        kz_error_clear(&e);
        rc = 1;
    } else {
        printf("已创建账号 %s (id %" JSON_INTEGER_FORMAT ")\n", username,
               json_integer_value(json_object_get(out, "id")));
        json_decref(out);
    }
    json_decref(in);
    db_close(c);
    return rc;
}

static int cmd_stats_verify(const kz_config *cfg, int argc, char **argv)
{
    bool repair = false;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--repair"))
            repair = true;
        else {
            fprintf(stderr, "stats verify: 无法识别的参数 %s\n", argv[i]);
            return 2;
        }
    }
    db_conn *c = kz_cli_open(cfg, false);
    if (!c) return 1;
    json_t *diffs = NULL;
    db_status st = kz_stats_verify(c, repair, &diffs);
    if (st != DB_OK) {
        fprintf(stderr, "无法重算统计计数 / cannot recount: %s\n", c->backend->errmsg(c));
        db_close(c);
        return 1;
    }
    db_close(c);
    size_t n = json_array_size(diffs), i;
    json_t *d;
    json_array_foreach(diffs, i, d)
    {
        fprintf(stderr,
                "%s %s %s %s: 计数 kept %" JSON_INTEGER_FORMAT
                ", 重算 recount %" JSON_INTEGER_FORMAT "\n",
                kz_json_str(d, "kind"), kz_json_str(d, "dim"), kz_json_str(d, "key"),
                kz_json_str(d, "status"), json_integer_value(json_object_get(d, "kept")),
                json_integer_value(json_object_get(d, "recount")));
    }
    json_decref(diffs);
    if (!n) {
        printf("统计计数与逐行重算一致 / the statistics' counts equal a recount\n");
        return 0;
    }
    if (repair) {
        printf("已按重算修正 %zu 个计数 / %zu counts repaired from the recount\n", n, n);
        return 0;
    }
    fprintf(stderr,
            "%zu 个计数与重算不一致（--repair 按重算修正） / %zu counts differ from a recount\n", n,
            n);
    return 1;
}

static int cmd_audit_verify(const kz_config *cfg, int argc, char **argv)
{
    const char *head = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--head") && i + 1 < argc)
            head = argv[++i];
        else {
            fprintf(stderr, "audit verify: 无法识别的参数 %s\n", argv[i]);
            return 2;
        }
    }
    db_conn *c = kz_cli_open(cfg, false);
    if (!c) return 1;
    int64_t rows = 0;
    char tail[65], why[256];
    int64_t bad = kz_audit_verify(c, head, &rows, tail, why, sizeof why);
    db_close(c);
    if (bad == 0) {
        printf("审计链完整：%" PRId64 " 行，链尾 hash %s\naudit chain ok: %" PRId64
               " rows, head %s\n",
               rows, tail, rows, tail);
        return 0;
    }
    if (bad < 0) {
        fprintf(stderr, "%s\n", why);
        return 1;
    }
    fprintf(stderr,
            "审计链校验失败：第 %" PRId64 " 行：%s\naudit chain broken at seq %" PRId64 "\n", bad,
            why, bad);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "-h")) {
        usage(stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "kinds")) { /* the record kinds' descriptors (engine.h), as JSON */
        json_t *all = json_array();
        for (int i = 0; kz_kinds[i]; i++)
            json_array_append_new(all, kz_kind_describe(kz_kinds[i]));
        json_dumpf(all, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(all);
        return 0;
    }
    if (!strcmp(argv[1], "permissions")) {
        kz_authz_dump_fields(stdout); /* the field-level write rules, as JSON */
        return 0;
    }
    if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
        printf("kezhuan %s\n", KZ_VERSION);
        return 0;
    }
    kz_config cfg;
    kz_config_defaults(&cfg);
    char **rest = calloc((size_t)argc + 1, sizeof(char *));
    int nrest = 0;
    if (!rest || kz_config_load(&cfg, argc - 2, argv + 2, rest, &nrest, stderr) != 0) {
        kz_config_free(&cfg);
        free(rest);
        return 2;
    }
    kz_vocab_init();
    if (kz_auth_init(cfg.pwhash_ops, cfg.pwhash_mem_kib) != 0) {
        fprintf(stderr, "libsodium 初始化失败\n");
        return 1;
    }
    int rc;
    const char *cmd = argv[1];
    if (!strcmp(cmd, "serve")) {
        if (nrest) {
            fprintf(stderr, "serve: 未知选项 %s（kezhuan help 查看选项）\n", rest[0]);
            rc = 2;
        } else {
            db_conn *c = kz_cli_open(&cfg, false);
            if (!c)
                rc = 1;
            else {
                kz_auth_purge(c);
                db_close(c);
                setvbuf(stdout, NULL, _IOLBF, 0);
                db_setup(cfg.db, cfg.synchronous);
                db_pool_setup(cfg.db_pool > 0 ? cfg.db_pool : cfg.threads);
                kz_auth_cache_setup(cfg.session_cache_ms);
                /* signals belong to the serving thread: block them before any thread starts */
                sigset_t set;
                sigemptyset(&set);
                sigaddset(&set, SIGINT);
                sigaddset(&set, SIGTERM);
                pthread_sigmask(SIG_BLOCK, &set, NULL);
                kz_market_set_publicity_days(cfg.publicity_days);
                kz_contract_set_registration_days(cfg.registration_days);
                kz_maint_start(60);
                char serr[200];
                if (kz_match_set_weights(cfg.match_weights, serr, sizeof serr) ||
                    kz_search_set_snapshot(cfg.index_snapshot, cfg.db, cfg.index_snapshot_interval,
                                           serr, sizeof serr) ||
                    kz_search_start(true, serr, sizeof serr)) {
                    fprintf(stderr, "%s\n", serr);
                    rc = 1;
                } else {
                    if (kz_follow_start(cfg.db, cfg.feed_poll_ms) != 0)
                        fprintf(stderr, "无法启动变更流跟随线程 / follower did not start\n");
                    rc = kz_serve(&cfg);
                    kz_follow_stop();
                    kz_search_stop();
                }
                kz_maint_stop();
                db_shutdown();
                printf("{\"level\":\"info\",\"msg\":\"stopped\"}\n");
            }
        }
    } else if (!strcmp(cmd, "reindex")) {
        rc = nrest ? (fprintf(stderr, "reindex: 未知选项 %s\n", rest[0]), 2) : cmd_reindex(&cfg);
    } else if (!strcmp(cmd, "migrate")) {
        rc = nrest ? kz_cmd_move(&cfg, nrest, rest) : cmd_migrate(&cfg);
    } else if (!strcmp(cmd, "backup")) {
        rc = kz_cmd_backup(&cfg, nrest, rest);
    } else if (!strcmp(cmd, "restore")) {
        rc = kz_cmd_restore(&cfg, nrest, rest);
    } else if (!strcmp(cmd, "user") && nrest >= 1 && !strcmp(rest[0], "add")) {
        rc = cmd_user_add(&cfg, nrest - 1, rest + 1);
    } else if (!strcmp(cmd, "import")) {
        rc = kz_cmd_import(&cfg, nrest, rest);
    } else if (!strcmp(cmd, "export")) {
        rc = kz_cmd_export(&cfg, nrest, rest);
    } else if (!strcmp(cmd, "demo")) {
        rc = kz_cmd_demo(&cfg, nrest, rest);
    } else if (!strcmp(cmd, "audit") && nrest >= 1 && !strcmp(rest[0], "verify")) {
        rc = cmd_audit_verify(&cfg, nrest - 1, rest + 1);
    } else if (!strcmp(cmd, "stats") && nrest >= 1 && !strcmp(rest[0], "verify")) {
        rc = cmd_stats_verify(&cfg, nrest - 1, rest + 1);
    } else {
        fprintf(stderr, "未知命令: %s\n\n", cmd);
        usage(stderr);
        rc = 2;
    }
    free(rest);
    kz_config_free(&cfg);
    return rc;
}
