/* cli_port.c — `kezhuan import KIND FILE` and `kezhuan export KIND --format F`. */
#include "cli.h"
#include "domain/engine.h"
#include "domain/port.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct bar {
    bool tty;
    int last;
} bar;

static void progress(void *ctx, uint64_t done, uint64_t total)
{
    bar *b = ctx;
    if (!b->tty || !total) return;
    int pct = (int)(done * 100 / total);
    if (pct == b->last) return;
    b->last = pct;
    char line[64];
    int fill = pct * 30 / 100;
    memset(line, '#', (size_t)fill);
    memset(line + fill, '.', (size_t)(30 - fill));
    line[30] = 0;
    fprintf(stderr, "\r读取中 [%s] %3d%%", line, pct);
    if (pct >= 100) fputc('\n', stderr);
    fflush(stderr);
}

int kz_cmd_import(const kz_config *cfg, int argc, char **argv)
{
    const char *kindname = NULL, *path = NULL;
    kz_import_opts o = {.report = stderr};
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--dry-run"))
            o.dry_run = true;
        else if (!strcmp(argv[i], "--skip-invalid"))
            o.skip_invalid = true;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "import: 无法识别的参数 %s\n", argv[i]);
            return 2;
        } else if (!kindname)
            kindname = argv[i];
        else if (!path)
            path = argv[i];
        else {
            fprintf(stderr, "import: 多余的参数 %s\n", argv[i]);
            return 2;
        }
    }
    kz_kind kind = kz_kind_parse(kindname);
    const kz_kind_desc *shared = kind == KZ_KIND__COUNT ? kz_shared_kind_parse(kindname) : NULL;
    if ((kind == KZ_KIND__COUNT && !shared) || !path) {
        fprintf(stderr,
                "用法: kezhuan import achievements|demands|orgs|<记录类型，如 contracts、policies> "
                "FILE(.csv|.jsonl|.xlsx) [--dry-run] [--skip-invalid]\n");
        return 2;
    }
    db_conn *c = kz_cli_open(cfg, false);
    if (!c) return 1;
    bar b = {.tty = isatty(STDERR_FILENO), .last = -1};
    o.progress = progress;
    o.progress_ctx = &b;
    kz_actor op = kz_cli_operator();
    kz_import_result res;
    kz_error e = {0};
    kz_err rc = shared ? kz_import_shared(c, &op, shared, path, &o, &res, &e)
                       : kz_import(c, &op, kind, path, &o, &res, &e);
    db_close(c);
    if (rc != KZ_OK) {
        fprintf(stderr, "导入失败：%s（共 %ld 行，有效 %ld 行，问题 %ld 行）\n",
                e.message ? e.message : kz_err_message(e.code), res.rows, res.valid, res.rejected);
        kz_error_clear(&e);
        return 1;
    }
    if (o.dry_run)
        printf("试运行：共 %ld 行，全部有效 %ld 行，问题 %ld 行；未写入数据库\n", res.rows,
               res.valid, res.rejected);
    else
        printf("已导入 %ld 行（共 %ld 行，跳过 %ld 行）\n", res.imported, res.rows, res.rejected);
    return 0;
}

int kz_cmd_export(const kz_config *cfg, int argc, char **argv)
{
    const char *kindname = NULL, *format = "csv", *out = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc)
            format = argv[++i];
        else if ((!strcmp(argv[i], "--output") || !strcmp(argv[i], "-o")) && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] == '-') {
            fprintf(stderr, "export: 无法识别的参数 %s\n", argv[i]);
            return 2;
        } else if (!kindname)
            kindname = argv[i];
        else {
            fprintf(stderr, "export: 多余的参数 %s\n", argv[i]);
            return 2;
        }
    }
    kz_kind kind = kz_kind_parse(kindname);
    const kz_kind_desc *shared = kind == KZ_KIND__COUNT ? kz_shared_kind_parse(kindname) : NULL;
    kz_table_format fmt = kz_table_format_parse(format);
    if ((kind == KZ_KIND__COUNT && !shared) || fmt == KZ_TABLE_AUTO) {
        fprintf(stderr, "用法: kezhuan export achievements|demands|orgs|<记录类型，如 "
                        "contracts、policies> --format "
                        "csv|jsonl|xlsx [-o FILE]\n");
        return 2;
    }
    if (fmt == KZ_TABLE_XLSX && !out && isatty(STDOUT_FILENO)) {
        fprintf(stderr, "export: xlsx 是二进制文件，请用 -o FILE 指定输出文件或重定向标准输出\n");
        return 2;
    }
    db_conn *c = kz_cli_open(cfg, false);
    if (!c) return 1;
    int n;
    const char *const *cols =
        shared ? kz_kind_export_columns(shared, &n) : kz_export_columns(kind, &n);
    kz_table_write_opts wo = {0};
    kz_table_writer *w = NULL;
    kz_table_error te;
    int ws = out ? kz_table_writer_open(&w, out, fmt, cols, n, &wo, &te)
                 : kz_table_writer_open_stream(&w, stdout, fmt, cols, n, &wo, &te);
    if (ws < 0) {
        fprintf(stderr, "%s\n", te.message);
        db_close(c);
        return 1;
    }
    kz_actor op = kz_cli_operator();
    kz_error e = {0};
    long rows = 0;
    kz_kind_list_q all = {.org = -1, .money = -1};
    kz_err rc = shared ? kz_kind_export(shared, c, &op, &all, w, 0, &rows, &e)
                       : kz_export(c, &op, kind, NULL, NULL, w, 0, &rows, &e);
    db_close(c);
    if (rc != KZ_OK) {
        kz_table_writer_discard(w);
        fprintf(stderr, "导出失败：%s\n", e.message ? e.message : kz_err_message(e.code));
        kz_error_clear(&e);
        return 1;
    }
    if (kz_table_writer_close(w, &te) < 0) {
        fprintf(stderr, "%s\n", te.message);
        return 1;
    }
    fprintf(stderr, "已导出 %ld 行\n", rows);
    return 0;
}
