/* cli.h — the commands of the kezhuan binary (main.c dispatches; each lives in cli_*.c). */
#ifndef KZ_CLI_H
#define KZ_CLI_H
#include "core/config.h"
#include "db/db.h"
#include "domain/actor.h"

/* Opens cfg->db, checks (or, with migrate, applies) the schema. NULL after printing why. */
db_conn *kz_cli_open(const kz_config *cfg, bool migrate);
/* The operator running the command, as recorded in the audit chain. */
kz_actor kz_cli_operator(void);

int kz_cmd_demo(const kz_config *cfg, int argc, char **argv);
int kz_cmd_import(const kz_config *cfg, int argc, char **argv);
int kz_cmd_export(const kz_config *cfg, int argc, char **argv);
int kz_cmd_backup(const kz_config *cfg, int argc, char **argv);
int kz_cmd_restore(const kz_config *cfg, int argc, char **argv);
/* migrate --from URL --to URL: moves an installation to another database (cli_backup.c). */
int kz_cmd_move(const kz_config *cfg, int argc, char **argv);

#endif
