/* h_export.c — GET /api/v1/achievements/export and /api/v1/demands/export: the list filters,
 * ?format=csv|jsonl|xlsx, what the caller may see, at most KZ_EXPORT_MAX rows. */
#include "../domain/port.h"
#include "handlers.h"
#include <stdio.h>
#include <stdlib.h>

static const char *arg(void *ctx, const char *name)
{
    return kz_arg(ctx, name);
}

void kz_reply_export(kz_req *r, kz_table_format fmt, const char *const *cols, int n,
                     const char *name, kz_export_fill fill, const void *ctx)
{
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_table_writer *w = NULL;
    kz_table_error te;
    kz_table_write_opts wo = {0};
    if (kz_table_writer_open_mem(&w, fmt, cols, n, &wo, &te) < 0) {
        kz_reply_code(r, KZ_E_INTERNAL, "无法创建导出文件");
        return;
    }
    kz_error e = {0};
    long rows = 0;
    if (fill(r, c, ctx, w, KZ_EXPORT_MAX, &rows, &e) != KZ_OK) {
        kz_table_writer_discard(w);
        kz_reply_error(r, &e);
        return;
    }
    char *data = NULL;
    size_t len = 0;
    if (kz_table_writer_close_mem(w, &data, &len, &te) < 0) {
        kz_reply_code(r, KZ_E_INTERNAL, "无法生成导出文件");
        return;
    }
    kz_reply_raw(r, 200, kz_table_format_mime(fmt), data, len);
    free(data);
    char disp[128], count[24];
    snprintf(disp, sizeof disp, "attachment; filename=\"%s%s\"", name, kz_table_format_ext(fmt));
    snprintf(count, sizeof count, "%ld", rows);
    kz_add_header(r, "Content-Disposition", disp);
    kz_add_header(r, "X-Total-Rows", count);
}

static kz_err fill_kind(kz_req *r, db_conn *c, const void *ctx, kz_table_writer *w, long max,
                        long *rows, kz_error *e)
{
    return kz_export(c, &r->actor, *(const kz_kind *)ctx, arg, r, w, max, rows, e);
}

static void export_kind(kz_req *r, kz_kind kind, const char *name)
{
    const char *f = kz_arg(r, "format");
    kz_table_format fmt = f ? kz_table_format_parse(f) : KZ_TABLE_CSV;
    if (fmt == KZ_TABLE_AUTO) {
        kz_error e = {0};
        kz_field_error(&e, "format", "应为 csv、jsonl 或 xlsx");
        kz_reply_error(r, &e);
        return;
    }
    int n;
    const char *const *cols = kz_export_columns(kind, &n);
    kz_reply_export(r, fmt, cols, n, name, fill_kind, &kind);
}

void h_ach_export(kz_req *r)
{
    export_kind(r, KZ_KIND_ACHIEVEMENT, "achievements");
}

void h_dem_export(kz_req *r)
{
    export_kind(r, KZ_KIND_DEMAND, "demands");
}
