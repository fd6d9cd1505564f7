/* cli.c — helpers shared by the command-line commands (main.c, cli_*.c). */
#include "cli.h"
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

kz_actor kz_cli_operator(void)
{
    kz_actor a = {.operator_ = true};
    const char *u = getenv("SUDO_USER");
    if (!u) {
        struct passwd *pw = getpwuid(getuid());
        u = pw ? pw->pw_name : "operator";
    }
    snprintf(a.name, sizeof a.name, "%s", u);
    return a;
}

db_conn *kz_cli_open(const kz_config *cfg, bool migrate)
{
    char err[512];
    db_conn *c = NULL;
    if (db_open(cfg->db, cfg->synchronous, &c, err, sizeof err) != DB_OK) {
        fprintf(stderr, "%s\n", err);
        return NULL;
    }
    int from, to, latest;
    if (migrate) {
        if (c->backend->migrate(c, &from, &to, err, sizeof err) != DB_OK) {
            fprintf(stderr, "%s\n", err);
            db_close(c);
            return NULL;
        }
        return c;
    }
    from = -1;
    latest = 0;
    if (!db_schema_servable(c, &from, &latest)) {
        char red[256];
        db_redact_url(cfg->db, red, sizeof red);
        if (from > latest)
            fprintf(stderr,
                    "数据库版本为 %d，比本程序（%d）新，且不再兼容本程序：请使用新版本程序\n"
                    "database schema is %d, newer than this binary's %d and not compatible\n",
                    from, latest, from, latest);
        else
            fprintf(stderr,
                    "数据库版本为 %d，程序需要 %d：请先运行 kezhuan migrate --db %s\n"
                    "database schema is %d, this binary needs %d: run `kezhuan migrate` first\n",
                    from, latest, red, from, latest);
        db_close(c);
        return NULL;
    }
    if (c->backend->prepare_all(c, err, sizeof err) != DB_OK) {
        fprintf(stderr, "%s\n", err);
        db_close(c);
        return NULL;
    }
    return c;
}
