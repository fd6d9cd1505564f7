/* cli_backup.c — `kezhuan backup FILE`, `kezhuan restore FILE` and
 * `kezhuan migrate --from URL --to URL` (domain/backup.h). */
#include "cli.h"
#include "domain/backup.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void progress(void *ctx, const char *table, long long rows)
{
    if (*(bool *)ctx) fprintf(stderr, "  %-16s %lld 行\n", table, rows);
}

int kz_cmd_backup(const kz_config *cfg, int argc, char **argv)
{
    if (argc != 1 || (argv[0][0] == '-' && argv[0][1])) {
        fprintf(stderr, "用法: kezhuan backup FILE [--db URL]（FILE 为 - 时写到标准输出）\n");
        return 2;
    }
    const char *path = argv[0];
    bool to_stdout = !strcmp(path, "-");
    if (to_stdout && isatty(STDOUT_FILENO)) {
        fprintf(stderr, "backup: 请把标准输出重定向到文件\n");
        return 2;
    }
    db_conn *c = kz_cli_open(cfg, false);
    if (!c) return 1;
    /* into FILE.part first: a backup that did not finish never looks like one that did */
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.part", path);
    FILE *out = to_stdout ? stdout : fopen(tmp, "w+");
    if (!out) {
        perror(tmp);
        db_close(c);
        return 1;
    }
    bool tty = isatty(STDERR_FILENO);
    kz_backup_stats st;
    char err[512];
    int rc = kz_backup_write(c, out, progress, &tty, &st, err, sizeof err);
    db_close(c);
    if (!to_stdout) {
        if (fsync(fileno(out)) != 0) rc = -1;
        if (fclose(out) != 0) rc = -1;
        if (rc == 0 && rename(tmp, path) != 0) {
            perror(path);
            rc = -1;
        }
        if (rc != 0) unlink(tmp);
    } else if (fflush(stdout) != 0) {
        rc = -1;
    }
    if (rc != 0) {
        fprintf(stderr, "备份失败：%s\n", err[0] ? err : "写入失败");
        return 1;
    }
    fprintf(stderr, "已备份 %lld 行（审计链 %lld 行，链尾 %s）\nbacked up %lld rows\n", st.rows,
            st.audit_rows, st.audit_head[0] ? st.audit_head : "-", st.rows);
    return 0;
}

int kz_cmd_restore(const kz_config *cfg, int argc, char **argv)
{
    if (argc != 1 || argv[0][0] == '-') {
        fprintf(stderr, "用法: kezhuan restore FILE [--db URL]（目标须为刚迁移的空数据库）\n");
        return 2;
    }
    FILE *in = fopen(argv[0], "r");
    if (!in) {
        perror(argv[0]);
        return 1;
    }
    db_conn *c = kz_cli_open(cfg, false);
    if (!c) {
        fclose(in);
        return 1;
    }
    bool tty = isatty(STDERR_FILENO);
    kz_backup_stats st;
    char err[512];
    int rc = kz_backup_restore(c, in, progress, &tty, &st, err, sizeof err);
    if (rc == 0) rc = kz_backup_new_identity(c, err, sizeof err);
    db_close(c);
    fclose(in);
    if (rc != 0) {
        fprintf(stderr, "恢复失败，未写入任何数据：%s\nrestore failed, nothing written\n", err);
        return 1;
    }
    printf("已恢复 %lld 行，审计链 %lld 行校验通过（链尾 %s）\nrestored %lld rows, audit chain "
           "verified\n",
           st.rows, st.audit_rows, st.audit_head[0] ? st.audit_head : "-", st.rows);
    return 0;
}

int kz_cmd_move(const kz_config *cfg, int argc, char **argv)
{
    const char *from = NULL, *to = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--from") && i + 1 < argc)
            from = argv[++i];
        else if (!strcmp(argv[i], "--to") && i + 1 < argc)
            to = argv[++i];
        else if (!strncmp(argv[i], "--from=", 7))
            from = argv[i] + 7;
        else if (!strncmp(argv[i], "--to=", 5))
            to = argv[i] + 5;
        else {
            fprintf(stderr, "migrate: 无法识别的参数 %s\n", argv[i]);
            return 2;
        }
    }
    if (!from || !to) {
        fprintf(stderr, "用法: kezhuan migrate --from sqlite:PATH --to postgresql://…\n");
        return 2;
    }
    kz_config src = *cfg, dst = *cfg;
    src.db = (char *)from;
    dst.db = (char *)to;
    /* the source must be current; the target gets the schema now */
    db_conn *a = kz_cli_open(&src, false);
    if (!a) return 1;
    db_conn *b = kz_cli_open(&dst, true);
    if (!b) {
        db_close(a);
        return 1;
    }
    bool tty = isatty(STDERR_FILENO);
    kz_backup_stats st;
    char err[512];
    int rc = kz_backup_copy(a, b, progress, &tty, &st, err, sizeof err);
    if (rc == 0) rc = kz_backup_new_identity(b, err, sizeof err);
    db_close(a);
    db_close(b);
    if (rc != 0) {
        fprintf(stderr, "迁移失败：%s\n", err);
        return 1;
    }
    char red[256];
    db_redact_url(to, red, sizeof red);
    printf("已把 %lld 行复制到 %s；行数一致，审计链 %lld 行校验通过（链尾 %s）\nmoved %lld rows, "
           "audit chain verified on the target\n",
           st.rows, red, st.audit_rows, st.audit_head[0] ? st.audit_head : "-", st.rows);
    return 0;
}
