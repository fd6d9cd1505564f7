/* backup.c — see backup.h. */
#include "backup.h"
#include "stats.h"
#include "../db/tables.h"
#include "audit.h"
#include "clock.h"
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FORMAT         "kezhuan-backup"
#define FORMAT_VERSION 1
#define MAX_COLS       24

/* The tables in dependency order, with the type of each column ('i' integer, 't' text) in the
 * order of tables.h. A table added after the first format (later: true) may be absent from an
 * older backup, which restores with it empty. */
static const struct table {
    const char *name, *cols, *types;
    db_stmt dump, load;
    bool later;
} tables[] = {
    {"orgs", KZ_T_ORGS, "ittttttttitt", Q_DUMP_ORGS, Q_LOAD_ORGS, false},
    {"users", KZ_T_USERS, "itttitiitt", Q_DUMP_USERS, Q_LOAD_USERS, false},
    {"sessions", KZ_T_SESSIONS, "titiii", Q_DUMP_SESSIONS, Q_LOAD_SESSIONS, false},
    {"achievements", KZ_T_ACHIEVEMENTS, "iiitttttiitttittt", Q_DUMP_ACHIEVEMENTS,
     Q_LOAD_ACHIEVEMENTS, false},
    {"demands", KZ_T_DEMANDS, "iiittttttiiitttittt", Q_DUMP_DEMANDS, Q_LOAD_DEMANDS, false},
    {"kind_records", KZ_T_KIND_RECORDS, "itiitttttttiititttti", Q_DUMP_KIND_RECORDS,
     Q_LOAD_KIND_RECORDS, true},
    {"revisions", KZ_T_REVISIONS, "tiitttttt", Q_DUMP_REVISIONS, Q_LOAD_REVISIONS, false},
    {"access_requests", KZ_T_ACCESS_REQUESTS, "iiitttitt", Q_DUMP_ACCESS_REQUESTS,
     Q_LOAD_ACCESS_REQUESTS, false},
    {"notifications", KZ_T_NOTIFICATIONS, "iitttitt", Q_DUMP_NOTIFICATIONS, Q_LOAD_NOTIFICATIONS,
     false},
    {"audit", KZ_T_AUDIT, "ittttttttt", Q_DUMP_AUDIT, Q_LOAD_AUDIT, false},
    {"changes", KZ_T_CHANGES, "ititt", Q_DUMP_CHANGES, Q_LOAD_CHANGES, false},
    {"expert_profiles", KZ_T_EXPERT_PROFILES, "ittttttt", Q_DUMP_EXPERT_PROFILES,
     Q_LOAD_EXPERT_PROFILES, true},
    {"panel_members", KZ_T_PANEL_MEMBERS, "iittitt", Q_DUMP_PANEL_MEMBERS, Q_LOAD_PANEL_MEMBERS,
     true},
    {"panel_scores", KZ_T_PANEL_SCORES, "iiititt", Q_DUMP_PANEL_SCORES, Q_LOAD_PANEL_SCORES, true},
};
#define NTABLES ((int)(sizeof tables / sizeof tables[0]))

/* The column names of t as a JSON array. */
static json_t *column_names(const struct table *t)
{
    json_t *a = json_array();
    const char *p = t->cols;
    while (*p) {
        size_t n = strcspn(p, ",");
        json_array_append_new(a, json_stringn(p, n));
        p += n;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return a;
}

/* A row of t as a JSON array (NULL when a text value is not UTF-8). */
static json_t *row_json(const struct table *t, const db_row *r)
{
    json_t *a = json_array();
    for (int i = 0; t->types[i]; i++) {
        json_t *v;
        if (db_col_null(r, i))
            v = json_null();
        else if (t->types[i] == 'i')
            v = json_integer(db_col_int(r, i));
        else
            v = json_string(db_col_text(r, i));
        if (!v) {
            json_decref(a);
            return NULL;
        }
        json_array_append_new(a, v);
    }
    return a;
}

static bool put_line(FILE *out, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(v);
    if (!s) return false;
    bool ok = fputs(s, out) >= 0 && fputc('\n', out) != EOF;
    free(s);
    return ok;
}

typedef struct head {
    char hash[65];
} head;

static db_status head_cb(void *ctx, const db_row *r)
{
    head *h = ctx;
    snprintf(h->hash, sizeof h->hash, "%s", db_col_text(r, 1) ? db_col_text(r, 1) : "");
    return DB_OK;
}

static db_status read_head(db_conn *c, char out[65])
{
    head h = {""};
    db_status st = db_exec(c, Q_AUDIT_HEAD, NULL, 0, head_cb, &h);
    memcpy(out, h.hash, 65);
    return st == DB_NOROW ? DB_OK : st;
}

static int check_schema(db_conn *c, const char *what, char *err, size_t errlen)
{
    int cur = -1, latest = -1;
    if (c->backend->schema_version(c, &cur, &latest) != DB_OK) {
        snprintf(err, errlen, "%s: 无法读取数据库版本: %s", what, c->backend->errmsg(c));
        return -1;
    }
    if (cur != latest) {
        snprintf(err, errlen,
                 "%s: 数据库版本为 %d，程序需要 %d：请先运行 kezhuan migrate (schema %d, need %d)",
                 what, cur, latest, cur, latest);
        return -1;
    }
    return latest;
}

static int check_empty(db_conn *c, char *err, size_t errlen)
{
    int64_t n = -1;
    if (db_exec(c, Q_LOAD_ROWS, NULL, 0, db_cb_int, &n) != DB_OK) {
        snprintf(err, errlen, "目标数据库无法读取: %s", c->backend->errmsg(c));
        return -1;
    }
    if (n != 0) {
        snprintf(err, errlen,
                 "目标数据库已有 %lld 行数据；只能恢复到刚迁移的空数据库 (target is not empty)",
                 (long long)n);
        return -1;
    }
    return 0;
}

/* ---- writing ---- */

typedef struct wctx {
    FILE *out;
    int schema, attempts;
    const struct table *t;
    long long rows, total;
    kz_backup_progress progress;
    void *pctx;
    kz_backup_stats *st;
    char *err;
    size_t errlen;
} wctx;

static db_status dump_cb(void *vctx, const db_row *r)
{
    wctx *x = vctx;
    json_t *a = row_json(x->t, r);
    if (!a) {
        snprintf(x->err, x->errlen, "表 %s 第 %lld 行含有非 UTF-8 文本", x->t->name, x->rows + 1);
        return DB_HARD;
    }
    if (!put_line(x->out, a)) {
        snprintf(x->err, x->errlen, "写入失败");
        return DB_HARD;
    }
    x->rows++;
    return DB_OK;
}

static db_status write_tx(db_conn *c, void *vctx)
{
    wctx *x = vctx;
    /* a retried transaction starts the file again (a pipe cannot: then it fails) */
    if (x->attempts++ > 0 &&
        (fseek(x->out, 0, SEEK_SET) != 0 || ftruncate(fileno(x->out), 0) != 0)) {
        snprintf(x->err, x->errlen, "备份重试时无法重写输出");
        return DB_HARD;
    }
    char at[24];
    kz_rfc3339((time_t)kz_now(), at);
    json_t *names = json_array();
    for (int i = 0; i < NTABLES; i++)
        json_array_append_new(names, json_string(tables[i].name));
    if (!put_line(x->out, json_pack("{s:s, s:i, s:i, s:s, s:s, s:o}", "format", FORMAT, "version",
                                    FORMAT_VERSION, "schema", x->schema, "source", c->backend->name,
                                    "created_at", at, "tables", names)))
        return DB_HARD;
    json_t *counts = json_object();
    x->total = 0;
    for (int i = 0; i < NTABLES; i++) {
        x->t = &tables[i];
        x->rows = 0;
        if (!put_line(x->out, json_pack("{s:s, s:o}", "table", x->t->name, "columns",
                                        column_names(x->t)))) {
            json_decref(counts);
            return DB_HARD;
        }
        db_status st = db_exec(c, x->t->dump, NULL, 0, dump_cb, x);
        if (st != DB_OK && st != DB_NOROW) {
            if (!x->err[0])
                snprintf(x->err, x->errlen, "读取表 %s 失败: %s", x->t->name,
                         c->backend->errmsg(c));
            json_decref(counts);
            return st;
        }
        json_object_set_new(counts, x->t->name, json_integer(x->rows));
        if (!put_line(x->out,
                      json_pack("{s:s, s:I}", "end", x->t->name, "rows", (json_int_t)x->rows))) {
            json_decref(counts);
            return DB_HARD;
        }
        x->total += x->rows;
        if (x->t->dump == Q_DUMP_AUDIT) x->st->audit_rows = x->rows;
        if (x->progress) x->progress(x->pctx, x->t->name, x->rows);
    }
    db_status st = read_head(c, x->st->audit_head);
    if (st != DB_OK) {
        json_decref(counts);
        return st;
    }
    if (!put_line(x->out, json_pack("{s:b, s:o, s:s}", "complete", 1, "rows", counts, "audit_head",
                                    x->st->audit_head)))
        return DB_HARD;
    return fflush(x->out) == 0 ? DB_OK : DB_HARD;
}

int kz_backup_write(db_conn *c, FILE *out, kz_backup_progress progress, void *pctx,
                    kz_backup_stats *st, char *err, size_t errlen)
{
    kz_backup_stats local;
    if (!st) st = &local;
    memset(st, 0, sizeof *st);
    err[0] = 0;
    int schema = check_schema(c, "备份", err, errlen);
    if (schema < 0) return -1;
    wctx x = {.out = out,
              .schema = schema,
              .progress = progress,
              .pctx = pctx,
              .st = st,
              .err = err,
              .errlen = errlen};
    /* one read transaction: every table from the same snapshot */
    db_status s = db_tx(c, false, write_tx, &x);
    if (s != DB_OK) {
        if (!err[0]) snprintf(err, errlen, "备份失败: %s", c->backend->errmsg(c));
        return -1;
    }
    st->rows = x.total;
    return 0;
}

/* ---- loading ---- */

/* Inserts one row (a JSON array) into t on c. */
static db_status load_row(db_conn *c, const struct table *t, const json_t *a, char *err,
                          size_t errlen, long long line)
{
    size_t n = strlen(t->types);
    if (!json_is_array(a) || json_array_size(a) != n) {
        snprintf(err, errlen, "第 %lld 行：表 %s 应有 %zu 列", line, t->name, n);
        return DB_HARD;
    }
    db_val v[MAX_COLS];
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(a, i);
        if (json_is_null(e))
            v[i] = db_null();
        else if (t->types[i] == 'i' && json_is_integer(e))
            v[i] = db_int(json_integer_value(e));
        else if (t->types[i] == 't' && json_is_string(e))
            v[i] = db_text(json_string_value(e));
        else {
            snprintf(err, errlen, "第 %lld 行：表 %s 第 %zu 列类型不符", line, t->name, i + 1);
            return DB_HARD;
        }
    }
    db_status st = db_exec(c, t->load, v, (int)n, NULL, NULL);
    if (st != DB_OK)
        snprintf(err, errlen, "第 %lld 行：写入表 %s 失败: %s", line, t->name,
                 c->backend->errmsg(c));
    return st;
}

typedef struct rctx {
    FILE *in;
    long start; /* offset after the header */
    kz_backup_progress progress;
    void *pctx;
    kz_backup_stats *st;
    char *err;
    size_t errlen;
} rctx;

static db_status restore_tx(db_conn *c, void *vctx)
{
    rctx *x = vctx;
    if (fseek(x->in, x->start, SEEK_SET) != 0) {
        snprintf(x->err, x->errlen, "无法重新读取备份文件");
        return DB_HARD;
    }
    char *line = NULL;
    size_t cap = 0;
    long long no = 1, rows = 0, total = 0;
    const struct table *t = NULL;
    bool complete = false;
    int next = 0; /* the index of the table expected next */
    db_status st = DB_OK;
    while (st == DB_OK && !complete && getline(&line, &cap, x->in) > 0) {
        no++;
        json_error_t je;
        json_t *v = json_loads(line, JSON_REJECT_DUPLICATES, &je);
        if (!v) {
            snprintf(x->err, x->errlen, "第 %lld 行不是有效的 JSON: %s", no, je.text);
            st = DB_HARD;
        } else if (json_is_array(v)) {
            if (!t) {
                snprintf(x->err, x->errlen, "第 %lld 行：数据行不在任何表内", no);
                st = DB_HARD;
            } else if ((st = load_row(c, t, v, x->err, x->errlen, no)) == DB_OK) {
                rows++;
            }
        } else if (json_object_get(v, "table")) {
            const char *name = json_string_value(json_object_get(v, "table"));
            while (!t && name && next < NTABLES && tables[next].later &&
                   strcmp(name, tables[next].name) != 0)
                next++; /* an older backup, without this table */
            json_t *cols = column_names(&tables[next < NTABLES ? next : 0]);
            if (t || next >= NTABLES || !name || strcmp(name, tables[next].name) != 0) {
                snprintf(x->err, x->errlen, "第 %lld 行：表 %s 不在预期的位置", no,
                         name ? name : "?");
                st = DB_HARD;
            } else if (!json_equal(cols, json_object_get(v, "columns"))) {
                snprintf(x->err, x->errlen, "第 %lld 行：表 %s 的列与本程序不符", no, name);
                st = DB_HARD;
            } else {
                t = &tables[next++];
                rows = 0;
            }
            json_decref(cols);
        } else if (json_object_get(v, "end")) {
            json_int_t want = json_integer_value(json_object_get(v, "rows"));
            if (!t || want != rows) {
                snprintf(x->err, x->errlen, "第 %lld 行：表 %s 应有 %lld 行，读到 %lld 行", no,
                         t ? t->name : "?", (long long)want, rows);
                st = DB_HARD;
            } else {
                if (x->progress) x->progress(x->pctx, t->name, rows);
                if (t->load == Q_LOAD_AUDIT) x->st->audit_rows = rows;
                total += rows;
                t = NULL;
            }
        } else if (json_is_true(json_object_get(v, "complete"))) {
            complete = true;
            if (t || next != NTABLES) {
                snprintf(x->err, x->errlen, "备份文件不完整（缺少表）");
                st = DB_HARD;
            }
        } else {
            snprintf(x->err, x->errlen, "第 %lld 行无法识别", no);
            st = DB_HARD;
        }
        json_decref(v);
    }
    free(line);
    if (st == DB_OK && !complete) {
        snprintf(x->err, x->errlen, "备份文件在第 %lld 行后中断（不完整）", no);
        st = DB_HARD;
    }
    if (st == DB_OK && (st = db_exec(c, Q_LOAD_RESEQ, NULL, 0, NULL, NULL)) != DB_OK)
        snprintf(x->err, x->errlen, "无法更新编号序列: %s", c->backend->errmsg(c));
    if (st == DB_OK && (st = kz_stats_rebuild(c)) != DB_OK) /* the counts of the rows restored */
        snprintf(x->err, x->errlen, "无法重建统计计数: %s", c->backend->errmsg(c));
    x->st->rows = total;
    return st;
}

int kz_backup_restore(db_conn *c, FILE *in, kz_backup_progress progress, void *pctx,
                      kz_backup_stats *st, char *err, size_t errlen)
{
    kz_backup_stats local;
    if (!st) st = &local;
    memset(st, 0, sizeof *st);
    err[0] = 0;
    int schema = check_schema(c, "恢复目标", err, errlen);
    if (schema < 0 || check_empty(c, err, errlen) < 0) return -1;
    char *line = NULL;
    size_t cap = 0;
    if (getline(&line, &cap, in) <= 0) {
        free(line);
        snprintf(err, errlen, "备份文件为空");
        return -1;
    }
    json_t *h = json_loads(line, 0, NULL);
    free(line);
    const char *fmt = json_string_value(json_object_get(h, "format"));
    json_int_t ver = json_integer_value(json_object_get(h, "version"));
    json_int_t sch = json_integer_value(json_object_get(h, "schema"));
    int rc = 0;
    if (!fmt || strcmp(fmt, FORMAT) != 0 || ver != FORMAT_VERSION) {
        snprintf(err, errlen, "不是 kezhuan 备份文件（或格式版本不支持）");
        rc = -1;
    } else if (sch != schema) {
        snprintf(err, errlen,
                 "备份的数据库版本为 %lld，本程序为 %d：请用与备份相同版本的程序恢复，再运行 "
                 "kezhuan migrate",
                 (long long)sch, schema);
        rc = -1;
    }
    json_decref(h);
    if (rc) return -1;
    rctx x = {.in = in,
              .start = ftell(in),
              .progress = progress,
              .pctx = pctx,
              .st = st,
              .err = err,
              .errlen = errlen};
    if (x.start < 0) {
        snprintf(err, errlen, "备份文件必须是可重新读取的普通文件");
        return -1;
    }
    if (db_tx(c, true, restore_tx, &x) != DB_OK) {
        if (!err[0]) snprintf(err, errlen, "恢复失败: %s", c->backend->errmsg(c));
        return -1;
    }
    char why[256];
    int64_t rows = 0;
    if (kz_audit_verify(c, NULL, &rows, st->audit_head, why, sizeof why) != 0) {
        snprintf(err, errlen, "恢复后审计链校验失败: %s", why);
        return -1;
    }
    return 0;
}

/* ---- moving ---- */

typedef struct cctx {
    db_conn *from, *to;
    const struct table *t;
    long long rows, total;
    kz_backup_progress progress;
    void *pctx;
    kz_backup_stats *st;
    char *err;
    size_t errlen;
} cctx;

static db_status copy_cb(void *vctx, const db_row *r)
{
    cctx *x = vctx;
    json_t *a = row_json(x->t, r);
    if (!a) {
        snprintf(x->err, x->errlen, "表 %s 第 %lld 行含有非 UTF-8 文本", x->t->name, x->rows + 1);
        return DB_HARD;
    }
    db_status st = load_row(x->to, x->t, a, x->err, x->errlen, x->rows + 1);
    json_decref(a);
    if (st == DB_OK) x->rows++;
    return st;
}

static db_status copy_write_tx(db_conn *to, void *vctx)
{
    cctx *x = vctx;
    x->total = 0;
    for (int i = 0; i < NTABLES; i++) {
        x->t = &tables[i];
        x->rows = 0;
        db_status st = db_exec(x->from, x->t->dump, NULL, 0, copy_cb, x);
        if (st != DB_OK && st != DB_NOROW) {
            if (!x->err[0])
                snprintf(x->err, x->errlen, "读取表 %s 失败: %s", x->t->name,
                         x->from->backend->errmsg(x->from));
            return st;
        }
        if (x->progress) x->progress(x->pctx, x->t->name, x->rows);
        if (x->t->load == Q_LOAD_AUDIT) x->st->audit_rows = x->rows;
        x->total += x->rows;
    }
    db_status st = db_exec(to, Q_LOAD_RESEQ, NULL, 0, NULL, NULL);
    if (st != DB_OK) snprintf(x->err, x->errlen, "无法更新编号序列: %s", to->backend->errmsg(to));
    if (st == DB_OK && (st = kz_stats_rebuild(to)) != DB_OK) /* the counts of the rows copied */
        snprintf(x->err, x->errlen, "无法重建统计计数: %s", to->backend->errmsg(to));
    return st;
}

static db_status copy_read_tx(db_conn *from, void *vctx)
{
    cctx *x = vctx;
    (void)from;
    db_status st = read_head(x->from, x->st->audit_head);
    if (st != DB_OK) return st;
    return db_tx(x->to, true, copy_write_tx, x);
}

int kz_backup_copy(db_conn *from, db_conn *to, kz_backup_progress progress, void *pctx,
                   kz_backup_stats *st, char *err, size_t errlen)
{
    kz_backup_stats local;
    if (!st) st = &local;
    memset(st, 0, sizeof *st);
    err[0] = 0;
    int s1 = check_schema(from, "源数据库", err, errlen);
    if (s1 < 0) return -1;
    int s2 = check_schema(to, "目标数据库", err, errlen);
    if (s2 < 0 || check_empty(to, err, errlen) < 0) return -1;
    if (s1 != s2) {
        snprintf(err, errlen, "两个数据库版本不同（%d 与 %d）", s1, s2);
        return -1;
    }
    cctx x = {.from = from,
              .to = to,
              .progress = progress,
              .pctx = pctx,
              .st = st,
              .err = err,
              .errlen = errlen};
    /* one snapshot of the source, one transaction on the target */
    if (db_tx(from, false, copy_read_tx, &x) != DB_OK) {
        if (!err[0]) snprintf(err, errlen, "复制失败");
        return -1;
    }
    st->rows = x.total;
    /* nothing lost: the same number of rows, and the chain verifies with the same head */
    int64_t a = -1, b = -2;
    if (db_exec(from, Q_LOAD_ROWS, NULL, 0, db_cb_int, &a) != DB_OK ||
        db_exec(to, Q_LOAD_ROWS, NULL, 0, db_cb_int, &b) != DB_OK || b != x.total) {
        snprintf(err, errlen, "复制后行数不一致：源 %lld，目标 %lld，复制 %lld", (long long)a,
                 (long long)b, x.total);
        return -1;
    }
    char why[256], tail[65];
    int64_t rows = 0;
    if (kz_audit_verify(to, st->audit_head[0] ? st->audit_head : NULL, &rows, tail, why,
                        sizeof why) != 0) {
        snprintf(err, errlen, "目标数据库审计链校验失败: %s", why);
        return -1;
    }
    if (rows != st->audit_rows) {
        snprintf(err, errlen, "目标数据库审计链行数不符：%lld，应为 %lld", (long long)rows,
                 st->audit_rows);
        return -1;
    }
    return 0;
}

int kz_backup_new_identity(db_conn *c, char *err, size_t errlen)
{
    unsigned char r[16];
    char hex[33];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(hex, sizeof hex, r, sizeof r);
    if (DB_EXEC(c, Q_DB_IDENTITY_SET, NULL, NULL, db_text(hex)) != DB_OK) {
        snprintf(err, errlen, "无法更新数据库标识: %s", c->backend->errmsg(c));
        return -1;
    }
    return 0;
}
