#include "port.h"
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../core/vocab.h"
#include "achievement.h"
#include "demand.h"
#include "engine.h"
#include "org.h"
#include "record.h"
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kz_kind kz_kind_parse(const char *name)
{
    if (!name) return KZ_KIND__COUNT;
    if (!strcmp(name, "achievements") || !strcmp(name, "achievement")) return KZ_KIND_ACHIEVEMENT;
    if (!strcmp(name, "demands") || !strcmp(name, "demand")) return KZ_KIND_DEMAND;
    if (!strcmp(name, "orgs") || !strcmp(name, "org")) return KZ_KIND_ORG;
    return KZ_KIND__COUNT;
}

/* How a cell of each column becomes a JSON value. */
typedef enum { C_STR, C_INT, C_LIST, C_IP, C_TEAM, C_SKIP } ctype;
typedef struct col {
    const char *name;
    ctype type;
} col;

/* System columns an export writes and an import ignores. */
static const char *const system_cols[] = {
    "id",      "created_at",     "updated_at", "published_at",   "org_name",
    "version", "maturity_stage", "has_detail", "detail_visible", NULL};

static const col ach_cols[] = {
    {"title", C_STR},
    {"summary", C_STR},
    {"detail", C_STR},
    {"keywords", C_LIST},
    {"industry", C_STR},
    {"tech_field", C_STR},
    {"region", C_STR},
    {"trl", C_INT},
    {"ip", C_IP},
    {"team", C_TEAM},
    {"transfer_modes", C_LIST},
    {"transaction_mode", C_STR},
    {"price_fen", C_INT},
    {"valid_until", C_STR},
    {"competing", C_STR},
    {"org_id", C_INT},
    {"status", C_STR},
    {0},
};
static const col dem_cols[] = {
    {"title", C_STR},    {"description", C_STR},    {"indicators", C_STR},
    {"basis", C_STR},    {"kind", C_STR},           {"industry", C_STR},
    {"region", C_STR},   {"budget_min_fen", C_INT}, {"budget_max_fen", C_INT},
    {"deadline", C_STR}, {"trl_min", C_INT},        {"cooperation_modes", C_LIST},
    {"org_id", C_INT},   {"status", C_STR},         {0},
};
static const col org_cols[] = {
    {"name", C_STR},    {"kind", C_STR},     {"credit_code", C_STR},
    {"region", C_STR},  {"industry", C_STR}, {"tier", C_STR},
    {"address", C_STR}, {"contact", C_STR},  {0},
};
static const col *const kind_cols[] = {ach_cols, dem_cols, org_cols};

static const char *const org_export[] = {"id",      "name",       "kind",       "credit_code",
                                         "region",  "industry",   "tier",       "address",
                                         "contact", "created_at", "updated_at", NULL};

const char *const *kz_export_columns(kz_kind kind, int *n)
{
    const char *const *cols = kind == KZ_KIND_ACHIEVEMENT ? kz_ach_columns
                              : kind == KZ_KIND_DEMAND    ? kz_dem_columns
                                                          : org_export;
    for (*n = 0; cols[*n]; (*n)++) {
    }
    return cols;
}

static bool is_system(const char *k)
{
    for (int i = 0; system_cols[i]; i++)
        if (!strcmp(system_cols[i], k)) return true;
    return false;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        *--e = 0;
    return s;
}

/* Splits "a;b；c,d，e、f" (ASCII or full-width separators) into trimmed non-empty parts. */
static json_t *split_list(const char *s)
{
    json_t *out = json_array();
    char *buf = strdup(s), *p = buf, *start = buf;
    if (!buf) abort();
    for (;;) {
        size_t sep = 0;
        if (*p == ';' || *p == ',' || *p == '|')
            sep = 1;
        else if (!strncmp(p, "；", 3) || !strncmp(p, "，", 3) || !strncmp(p, "、", 3))
            sep = 3;
        if (sep || !*p) {
            char end = *p;
            *p = 0;
            char *t = trim(start);
            if (*t) json_array_append_new(out, json_string(t));
            if (!end) break;
            p += sep;
            start = p;
            continue;
        }
        p++;
    }
    free(buf);
    return out;
}

static bool parse_int(const char *s, json_int_t *v)
{
    char *copy = strdup(s), *t = trim(copy), *end;
    errno = 0;
    long long x = strtoll(t, &end, 10);
    bool ok = *t && !*end && !errno;
    free(copy);
    *v = x;
    return ok;
}

static json_t *convert(ctype t, const char *s, const char **why)
{
    *why = NULL;
    if ((t == C_LIST || t == C_IP || t == C_TEAM) && s[0] == '[') {
        json_t *v = json_loads(s, JSON_REJECT_DUPLICATES, NULL);
        if (!v) *why = "JSON 列表格式无效";
        return v;
    }
    switch (t) {
    case C_STR: return json_string(s);
    case C_INT: {
        json_int_t v;
        if (!parse_int(s, &v)) {
            *why = "应为整数";
            return NULL;
        }
        return json_integer(v);
    }
    case C_LIST: return split_list(s);
    case C_IP: { /* type:number:status; … */
        json_t *parts = split_list(s), *out = json_array(), *it;
        size_t i;
        json_array_foreach(parts, i, it)
        {
            char *b = strdup(json_string_value(it)), *c1 = strchr(b, ':'),
                 *c2 = c1 ? strrchr(b, ':') : NULL;
            if (!c1 || c2 == c1) {
                *why = "知识产权应写作 类型:编号:状态，多项用分号分隔";
                free(b);
                break;
            }
            *c1 = *c2 = 0;
            json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "type", trim(b), "number",
                                                 trim(c1 + 1), "status", trim(c2 + 1)));
            free(b);
        }
        json_decref(parts);
        if (*why) {
            json_decref(out);
            return NULL;
        }
        return out;
    }
    case C_TEAM: { /* name:share; … */
        json_t *parts = split_list(s), *out = json_array(), *it;
        size_t i;
        json_array_foreach(parts, i, it)
        {
            char *b = strdup(json_string_value(it)), *c = strrchr(b, ':');
            json_int_t share;
            if (!c || !parse_int(c + 1, &share)) {
                *why = "团队成员应写作 姓名:权益比例，多人用分号分隔";
                free(b);
                break;
            }
            *c = 0;
            json_array_append_new(out,
                                  json_pack("{s:s, s:I}", "name", trim(b), "share_pct", share));
            free(b);
        }
        json_decref(parts);
        if (*why) {
            json_decref(out);
            return NULL;
        }
        return out;
    }
    default: return NULL;
    }
}

/* A descriptor field's column (status, which an import may set, is text). NULL: no such. */
static const kz_field *desc_field(const kz_kind_desc *k, const char *name, ctype *t)
{
    static const kz_field status = {.name = "status", .type = KZ_F_STRING};
    const kz_field *f = k->fields;
    while (f->name && strcmp(f->name, name))
        f++;
    if (!f->name) f = !strcmp(name, "status") ? &status : NULL;
    /* a list of objects (a contract's attachments) is a JSON cell, as export writes it */
    if (f)
        *t = f->type == KZ_F_INT                                    ? C_INT
             : f->type == KZ_F_STRING_LIST || f->type == KZ_F_ARRAY ? C_LIST
                                                                    : C_STR;
    return f;
}

/* kz_import_row for a shared kind: its fields' types say how a cell becomes a value. */
static json_t *import_row_desc(const kz_kind_desc *k, const json_t *row, kz_error *e)
{
    json_t *out = json_object();
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)row, name, v)
    {
        ctype t;
        if (is_system(name)) continue;
        if (!desc_field(k, name, &t)) {
            kz_field_error(e, name, "未知的列");
            continue;
        }
        if (!json_is_string(v) || t == C_STR) {
            json_object_set(out, name, v);
            continue;
        }
        const char *why;
        json_t *x = convert(t, json_string_value(v), &why);
        if (!x)
            kz_field_error(e, name, why ? why : "无效的值");
        else
            json_object_set_new(out, name, x);
    }
    return out;
}

json_t *kz_import_row(kz_kind kind, const json_t *row, kz_error *e)
{
    json_t *out = json_object();
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)row, k, v)
    {
        if (is_system(k)) continue;
        const col *c = kind_cols[kind];
        while (c->name && strcmp(c->name, k))
            c++;
        if (!c->name) {
            kz_field_error(e, k, "未知的列");
            continue;
        }
        if (!json_is_string(v) || c->type == C_STR) { /* JSONL: typed already; text as is */
            json_object_set(out, k, v);
            continue;
        }
        const char *why;
        json_t *x = convert(c->type, json_string_value(v), &why);
        if (!x)
            kz_field_error(e, k, why ? why : "无效的值");
        else
            json_object_set_new(out, k, x);
    }
    return out;
}

/* ---- import ---- */

/* A row of a bulk import (achievements, demands, shared kinds), from the file to the write. */
typedef struct bulk_item {
    int number;  /* its row number in the file */
    json_t *row; /* as read, until it is checked */
    json_t *in;  /* converted, when it passed the checks (NULL: rejected) */
    kz_error e;  /* why it did not */
} bulk_item;

/* The check pass of a bulk import on two threads: the reader (the caller's thread) parses the
 * rows and queues them; a checker thread takes them in turn, converts and checks each row
 * (kz_kind_bulk_check_fields: no database); when the file is read, the reader's thread checks
 * the rest too. The owner orgs (the database) are then looked up by the caller's thread, row by
 * row in file order, and the rejected rows reported in that order — as one thread would. */
typedef struct bulk_queue {
    pthread_mutex_t mu;
    pthread_cond_t more;
    bulk_item **items;   /* in file order */
    size_t n, cap, next; /* next: the first not yet taken */
    bool done;           /* the file is read */
} bulk_queue;

typedef struct import_ctx {
    db_conn *c;
    const kz_actor *a;
    kz_kind kind;
    const kz_import_opts *o;
    kz_import_result *res;
    json_t *rows;             /* [[row number, object]] of valid rows */
    json_t *seen;             /* credit codes seen (orgs), to catch duplicates within the file */
    kz_kind_bulk *bulk;       /* achievements and demands: the engine's bulk import */
    const kz_kind_desc *desc; /* a shared kind (kz_import_shared): columns from its fields */
    bulk_queue q;             /* bulk: the rows */
} import_ctx;

static void report(import_ctx *x, int row, const kz_error *e)
{
    if (!x->o->report) return;
    if (e->fields) {
        const char *k;
        json_t *v;
        json_object_foreach(e->fields, k, v)
            fprintf(x->o->report, "第 %d 行，列 %s：%s\n", row, k, json_string_value(v));
    } else {
        fprintf(x->o->report, "第 %d 行：%s\n", row,
                e->message ? e->message : kz_err_message(e->code));
    }
}

/* Converts and checks one queued row, without the database (either thread). */
static void bulk_check(const import_ctx *x, bulk_item *it)
{
    json_t *in = x->desc ? import_row_desc(x->desc, it->row, &it->e)
                         : kz_import_row(x->kind, it->row, &it->e);
    json_decref(it->row);
    it->row = NULL;
    if (!it->e.code) kz_kind_bulk_check_fields(x->bulk, in, &it->e);
    if (it->e.code)
        json_decref(in);
    else
        it->in = in;
}

/* Takes the next queued row; NULL when there is none (wait: until one comes or the file is
 * read). */
static bulk_item *bulk_take(bulk_queue *q, bool wait)
{
    pthread_mutex_lock(&q->mu);
    while (wait && q->next == q->n && !q->done)
        pthread_cond_wait(&q->more, &q->mu);
    bulk_item *it = q->next < q->n ? q->items[q->next++] : NULL;
    pthread_mutex_unlock(&q->mu);
    return it;
}

static void *bulk_checker(void *vctx)
{
    import_ctx *x = vctx;
    bulk_item *it;
    while ((it = bulk_take(&x->q, true)))
        bulk_check(x, it);
    return NULL;
}

static void bulk_push(bulk_queue *q, int number, json_t *row)
{
    bulk_item *it = calloc(1, sizeof *it);
    if (!it) abort();
    it->number = number;
    it->row = json_incref(row);
    pthread_mutex_lock(&q->mu);
    if (q->n == q->cap) {
        q->cap = q->cap ? q->cap * 2 : 1024;
        q->items = realloc(q->items, q->cap * sizeof *q->items);
        if (!q->items) abort();
    }
    q->items[q->n++] = it;
    pthread_cond_signal(&q->more);
    pthread_mutex_unlock(&q->mu);
}

/* After the file is read: the rest of the rows checked, then, in file order, each row's owner
 * org, reported as the rows come. */
static void bulk_finish(import_ctx *x, const pthread_t *checker)
{
    bulk_queue *q = &x->q;
    pthread_mutex_lock(&q->mu);
    q->done = true;
    pthread_cond_broadcast(&q->more);
    pthread_mutex_unlock(&q->mu);
    bulk_item *it;
    while ((it = bulk_take(q, false)))
        bulk_check(x, it);
    if (checker) pthread_join(*checker, NULL);
    for (size_t i = 0; i < q->n; i++) {
        it = q->items[i];
        if (!it->e.code) kz_kind_bulk_check_owner(x->bulk, x->c, it->in, &it->e);
        if (it->e.code) {
            x->res->rejected++;
            report(x, it->number, &it->e);
            kz_error_clear(&it->e);
            json_decref(it->in);
            it->in = NULL;
            continue;
        }
        x->res->valid++;
    }
}

static void bulk_clear(bulk_queue *q)
{
    for (size_t i = 0; i < q->n; i++) {
        json_decref(q->items[i]->row);
        json_decref(q->items[i]->in);
        kz_error_clear(&q->items[i]->e);
        free(q->items[i]);
    }
    free(q->items);
}

/* Unknown header names are reported even when all their cells are empty. */
static int on_header(void *vctx, const char *const *names, int n)
{
    import_ctx *x = vctx;
    for (int i = 0; i < n; i++) {
        if (is_system(names[i])) continue;
        ctype t;
        if (x->desc) {
            if (desc_field(x->desc, names[i], &t)) continue;
            x->res->rejected++;
            if (x->o->report) fprintf(x->o->report, "第 1 行，列 %s：未知的列\n", names[i]);
            continue;
        }
        const col *c = kind_cols[x->kind];
        while (c->name && strcmp(c->name, names[i]))
            c++;
        if (c->name) continue;
        x->res->rejected++;
        if (x->o->report) fprintf(x->o->report, "第 1 行，列 %s：未知的列\n", names[i]);
    }
    return 0;
}

static int on_row(void *vctx, int number, json_t *row)
{
    import_ctx *x = vctx;
    x->res->rows++;
    if (x->bulk) {
        bulk_push(&x->q, number, row);
        return 0;
    }
    kz_error e = {0};
    json_t *in = kz_import_row(x->kind, row, &e);
    if (!e.code) kz_org_check(x->c, x->a, in, &e);
    if (!e.code && x->kind == KZ_KIND_ORG) {
        const char *cc = kz_json_str(in, "credit_code");
        int64_t existing;
        if (cc && json_object_get(x->seen, cc))
            kz_field_error(&e, "credit_code", "与本文件中前面的行重复");
        else if (cc && kz_org_by_credit_code(x->c, cc, &existing) == DB_OK)
            kz_field_error(&e, "credit_code", "该统一社会信用代码已登记");
        else if (cc)
            json_object_set_new(x->seen, cc, json_integer(number));
    }
    if (e.code) {
        x->res->rejected++;
        report(x, number, &e);
        kz_error_clear(&e);
        json_decref(in);
        return 0;
    }
    x->res->valid++;
    json_array_append_new(x->rows, json_pack("[i, o]", number, in));
    return 0;
}

static void import_progress(void *vctx, uint64_t done, uint64_t total)
{
    import_ctx *x = vctx;
    x->o->progress(x->o->progress_ctx, done, total);
}

typedef struct write_ctx {
    import_ctx *x;
    int bad_row;
    kz_error *e;
} write_ctx;

static db_status write_tx(db_conn *c, void *vctx)
{
    write_ctx *w = vctx;
    import_ctx *x = w->x;
    size_t i;
    json_t *it;
    x->res->imported = 0;
    if (x->bulk) {
        db_status st = kz_kind_bulk_begin(x->bulk, c);
        for (size_t j = 0; st == DB_OK && j < x->q.n; j++) {
            const bulk_item *b = x->q.items[j];
            if (!b->in) continue;
            kz_error_clear(w->e);
            kz_err rc = kz_kind_bulk_write(x->bulk, c, b->in, w->e);
            if (rc != KZ_OK) {
                w->bad_row = b->number;
                return rc == KZ_E_UNAVAILABLE ? DB_SOFT : DB_HARD;
            }
            x->res->imported++;
        }
        return st == DB_OK ? kz_kind_bulk_end(x->bulk, c) : st;
    }
    json_array_foreach(x->rows, i, it)
    {
        json_t *in = json_array_get(it, 1), *out = NULL;
        kz_error_clear(w->e);
        kz_err rc = kz_org_create(c, x->a, in, &out, w->e);
        json_decref(out);
        if (rc != KZ_OK) {
            w->bad_row = (int)json_integer_value(json_array_get(it, 0));
            return rc == KZ_E_UNAVAILABLE ? DB_SOFT : DB_HARD;
        }
        x->res->imported++;
    }
    return DB_OK;
}

static kz_err import_file(db_conn *c, const kz_actor *a, kz_kind kind, const kz_kind_desc *desc,
                          const char *path, const kz_import_opts *o, kz_import_result *res,
                          kz_error *e)
{
    memset(res, 0, sizeof(*res));
    import_ctx x = {.c = c,
                    .a = a,
                    .kind = kind,
                    .o = o,
                    .res = res,
                    .rows = json_array(),
                    .seen = json_object(),
                    .desc = desc};
    if (desc)
        x.bulk = kz_kind_bulk_new(desc, a);
    else if (kind == KZ_KIND_ACHIEVEMENT || kind == KZ_KIND_DEMAND)
        x.bulk = kz_kind_bulk_new(
            kind == KZ_KIND_ACHIEVEMENT ? &kz_kind_achievement : &kz_kind_demand, a);
    kz_table_read_opts opts = {.format = KZ_TABLE_AUTO,
                               .header = on_header,
                               .progress = o->progress ? import_progress : NULL};
    pthread_t checker;
    bool threaded = false;
    if (x.bulk) {
        kz_vocab_init(); /* (once, before a second thread reads the vocabularies) */
        pthread_mutex_init(&x.q.mu, NULL);
        pthread_cond_init(&x.q.more, NULL);
        /* without the thread, the caller's checks every row once the file is read */
        threaded = pthread_create(&checker, NULL, bulk_checker, &x) == 0;
    }
    res->file_status = kz_table_read_ex(path, &opts, on_row, &x, &res->file_error);
    if (x.bulk) bulk_finish(&x, threaded ? &checker : NULL);
    kz_err rc = KZ_OK;
    if (res->file_status < 0) {
        if (o->report) fprintf(o->report, "%s\n", res->file_error.message);
        rc = kz_fail(e, KZ_E_VALIDATION, "文件无法读取，未导入任何数据");
    } else if (res->rejected && !o->skip_invalid) {
        rc = kz_fail(e, KZ_E_VALIDATION, "有数据行未通过校验，未导入任何数据");
    } else if (!o->dry_run && (x.bulk ? res->valid > 0 : json_array_size(x.rows) > 0)) {
        write_ctx w = {.x = &x, .e = e};
        db_status st = db_tx(c, true, write_tx, &w);
        if (st != DB_OK) {
            res->imported = 0;
            if (w.bad_row) {
                res->rejected++;
                if (o->report) report(&x, w.bad_row, e);
                kz_error_clear(e);
                rc = kz_fail(e, KZ_E_CONFLICT, "写入时出错，已全部回滚，未导入任何数据");
            } else {
                rc = kz_db_fail(e, st);
            }
        }
    }
    json_decref(x.rows);
    json_decref(x.seen);
    if (x.bulk) {
        bulk_clear(&x.q);
        pthread_mutex_destroy(&x.q.mu);
        pthread_cond_destroy(&x.q.more);
    }
    kz_kind_bulk_free(x.bulk);
    return rc;
}

kz_err kz_import(db_conn *c, const kz_actor *a, kz_kind kind, const char *path,
                 const kz_import_opts *o, kz_import_result *res, kz_error *e)
{
    return import_file(c, a, kind, NULL, path, o, res, e);
}

kz_err kz_import_shared(db_conn *c, const kz_actor *a, const kz_kind_desc *k, const char *path,
                        const kz_import_opts *o, kz_import_result *res, kz_error *e)
{
    return import_file(c, a, KZ_KIND__COUNT, k, path, o, res, e);
}

const kz_kind_desc *kz_shared_kind_parse(const char *name)
{
    for (int i = 0; name && kz_shared_kinds[i]; i++) {
        const kz_kind_desc *k = kz_shared_kinds[i];
        char plural[64];
        snprintf(plural, sizeof plural, "%ss", k->name);
        if (!strcmp(name, k->name) || !strcmp(name, k->path) || !strcmp(name, plural)) return k;
    }
    return NULL;
}

/* ---- export ---- */

/* no filters (kz_export's get may be NULL) */
static const char *no_arg(void *ctx, const char *name)
{
    (void)ctx, (void)name;
    return NULL;
}

kz_err kz_export(db_conn *c, const kz_actor *a, kz_kind kind, kz_arg_fn get, void *get_ctx,
                 kz_table_writer *w, long max, long *rows, kz_error *e)
{
    *rows = 0;
    char cursor[64] = "";
    int64_t org_after = 0;
    kz_table_error te;
#define ARG(n) (get ? get(get_ctx, n) : NULL)
    for (;;) {
        json_t *page = NULL;
        kz_err rc;
        if (kind == KZ_KIND_ACHIEVEMENT || kind == KZ_KIND_DEMAND) {
            const kz_kind_desc *k =
                kind == KZ_KIND_ACHIEVEMENT ? &kz_kind_achievement : &kz_kind_demand;
            kz_kind_list_q q;
            if (!kz_kind_list_args(k, get ? get : no_arg, get_ctx, &q, e)) return KZ_E_VALIDATION;
            q.sort = "id";
            q.cursor = cursor[0] ? cursor : NULL;
            q.limit = 100;
            q.facets = false;
            rc = kz_kind_list(k, c, a, &q, &page, e);
        } else {
            kz_org_filter f = {.kind = ARG("kind"), .region = ARG("region"), .q = ARG("q")};
            kz_page p = {.limit = 100, .after = org_after};
            rc = kz_org_list(c, a, &f, &p, &page, e);
        }
        if (rc != KZ_OK) return rc;
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(page, "items"), i, it)
        {
            if (max && *rows >= max) break;
            json_t *full = NULL;
            int64_t id = json_integer_value(json_object_get(it, "id"));
            kz_error ig = {0};
            /* the full record, shaped by what the actor may see (detail for owners …) */
            if (kind == KZ_KIND_ACHIEVEMENT)
                kz_ach_get(c, a, id, &full, &ig);
            else if (kind == KZ_KIND_DEMAND)
                kz_dem_get(c, a, id, &full, &ig);
            kz_error_clear(&ig);
            int ws = kz_table_writer_write_row(w, full ? full : it, &te);
            json_decref(full);
            if (ws < 0) {
                json_decref(page);
                return kz_fail(e, KZ_E_INTERNAL, "导出文件写入失败");
            }
            (*rows)++;
            org_after = id;
        }
        const char *next = json_string_value(json_object_get(page, "next_cursor"));
        bool more = next && !(max && *rows >= max);
        if (more) snprintf(cursor, sizeof cursor, "%s", next);
        json_decref(page);
        if (!more) break;
    }
#undef ARG
    return KZ_OK;
}
