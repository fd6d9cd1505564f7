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

/* A row of a bulk import (achievements, demands, shared kinds), from the reader to the
 * writer. */
typedef struct bulk_item {
    int number;       /* its row number in the file */
    kz_bulk_row *row; /* converted and made ready, when it passed the checks (NULL: rejected) */
    kz_error e;       /* why it did not */
} bulk_item;

/* A bulk import is a pipeline of two threads: a reader thread reads and parses the file,
 * converts and checks each row (kz_kind_bulk_check_fields: no database) and queues it; the
 * caller's thread takes the rows in file order, looks up each row's owner org
 * (kz_kind_bulk_check_owner: the database), reports the rejected rows and writes the others
 * in the write transaction (kz_kind_bulk_write), which it rolls back when a row was rejected
 * (unless skip_invalid) or the file could not be read to its end: nothing is written unless
 * every row passed. The queue is a ring of BULK_RING rows, filled and emptied BULK_BATCH at a
 * time: the rows in flight, not the file, are held in memory. */
#define BULK_RING  512
#define BULK_BATCH 32
#define BULK_SPENT 1024
typedef struct bulk_queue {
    pthread_mutex_t mu;
    pthread_cond_t cond; /* room for the reader, rows (or the end) for the writer */
    bulk_item ring[BULK_RING];
    size_t head, n; /* the first queued row, how many */
    bool done;      /* the reader has queued its last row */
    bool stop;      /* the writer wants no more rows (a write failed) */
    bool reader_waits, writer_waits;
    /* rows written, handed back to be freed by the reader, the thread that made them (its
     * allocator's own memory); the writer frees them itself when this is full or the reader
     * is done */
    kz_bulk_row *spent[BULK_SPENT];
    size_t nspent;
    kz_bulk_row *freeing[BULK_SPENT]; /* the reader's: spent rows taken, to free */
    bulk_item batch[BULK_BATCH];      /* the reader's rows not yet queued */
    size_t nbatch;
} bulk_queue;

typedef struct import_ctx {
    db_conn *c;
    const kz_actor *a;
    kz_kind kind;
    const char *path;
    const kz_import_opts *o;
    kz_import_result *res;
    FILE *report;             /* where this attempt reports (bulk: a buffer, o->report after) */
    json_t *rows;             /* [[row number, object]] of valid rows (orgs) */
    json_t *seen;             /* credit codes seen (orgs), to catch duplicates within the file */
    kz_kind_bulk *bulk;       /* achievements and demands: the engine's bulk import */
    const kz_kind_desc *desc; /* a shared kind (kz_import_shared): columns from its fields */
    bulk_queue q;             /* bulk: the rows between the two threads */
    bool write;               /* bulk: in the write transaction (not a dry run) */
    char *report_buf;         /* bulk: the buffer behind report */
    size_t report_len;
    int bad_row;       /* the row whose write failed (0: none) */
    kz_error *write_e; /* why */
} import_ctx;

static void report(import_ctx *x, int row, const kz_error *e)
{
    if (!x->report) return;
    if (e->fields) {
        const char *k;
        json_t *v;
        json_object_foreach(e->fields, k, v)
            fprintf(x->report, "第 %d 行，列 %s：%s\n", row, k, json_string_value(v));
    } else {
        fprintf(x->report, "第 %d 行：%s\n", row,
                e->message ? e->message : kz_err_message(e->code));
    }
}

/* Converts and checks one row, without the database (the reader thread). */
static void bulk_check(const import_ctx *x, const json_t *row, bulk_item *it)
{
    json_t *in =
        x->desc ? import_row_desc(x->desc, row, &it->e) : kz_import_row(x->kind, row, &it->e);
    if (!it->e.code) it->row = kz_kind_bulk_check_fields(x->bulk, in, &it->e);
    json_decref(in);
}

/* The reader: queues its batch of rows (waiting for room). false: the writer wants no more. */
static bool bulk_flush(bulk_queue *q)
{
    pthread_mutex_lock(&q->mu);
    size_t i = 0;
    while (i < q->nbatch && !q->stop) {
        if (q->n == BULK_RING) {
            q->reader_waits = true;
            pthread_cond_wait(&q->cond, &q->mu);
            q->reader_waits = false;
            continue;
        }
        q->ring[(q->head + q->n++) % BULK_RING] = q->batch[i++];
        if (q->writer_waits) pthread_cond_signal(&q->cond);
    }
    bool stop = q->stop;
    size_t nfree = q->nspent;
    memcpy(q->freeing, q->spent, nfree * sizeof *q->spent);
    q->nspent = 0;
    pthread_mutex_unlock(&q->mu);
    for (size_t j = 0; j < nfree; j++)
        kz_bulk_row_free(q->freeing[j]);
    for (; i < q->nbatch; i++) { /* not taken: the writer stopped */
        kz_bulk_row_free(q->batch[i].row);
        kz_error_clear(&q->batch[i].e);
    }
    q->nbatch = 0;
    return !stop;
}

/* The writer: hands back the rows it is done with (spent[0..nspent), which it no longer
 * owns), then takes up to max queued rows into out (waiting for them); 0 at the end. */
static size_t bulk_take(bulk_queue *q, kz_bulk_row **spent, size_t nspent, bulk_item *out,
                        size_t max)
{
    pthread_mutex_lock(&q->mu);
    size_t kept = 0;
    for (size_t i = 0; i < nspent; i++) {
        if (!q->done && q->nspent < BULK_SPENT)
            q->spent[q->nspent++] = spent[i];
        else
            spent[kept++] = spent[i];
    }
    while (!q->n && !q->done) {
        q->writer_waits = true;
        pthread_cond_wait(&q->cond, &q->mu);
        q->writer_waits = false;
    }
    size_t n = 0;
    for (; n < max && q->n; n++, q->n--, q->head = (q->head + 1) % BULK_RING)
        out[n] = q->ring[q->head];
    if (n && q->reader_waits) pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->mu);
    for (size_t i = 0; i < kept; i++)
        kz_bulk_row_free(spent[i]);
    return n;
}

static void import_progress(void *vctx, uint64_t done, uint64_t total)
{
    import_ctx *x = vctx;
    x->o->progress(x->o->progress_ctx, done, total);
}

/* Unknown header names are reported even when all their cells are empty. (A bulk import: on
 * the reader thread, before it queues any row.) */
static int on_header(void *vctx, const char *const *names, int n)
{
    import_ctx *x = vctx;
    for (int i = 0; i < n; i++) {
        if (is_system(names[i])) continue;
        ctype t;
        if (x->desc) {
            if (desc_field(x->desc, names[i], &t)) continue;
            x->res->rejected++;
            if (x->report) fprintf(x->report, "第 1 行，列 %s：未知的列\n", names[i]);
            continue;
        }
        const col *c = kind_cols[x->kind];
        while (c->name && strcmp(c->name, names[i]))
            c++;
        if (c->name) continue;
        x->res->rejected++;
        if (x->report) fprintf(x->report, "第 1 行，列 %s：未知的列\n", names[i]);
    }
    return 0;
}

static int on_row(void *vctx, int number, json_t *row)
{
    import_ctx *x = vctx;
    x->res->rows++;
    if (x->bulk) { /* the reader thread */
        bulk_item *it = &x->q.batch[x->q.nbatch++];
        *it = (bulk_item){.number = number};
        bulk_check(x, row, it);
        return x->q.nbatch < BULK_BATCH || bulk_flush(&x->q) ? 0 : 1;
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

static void *bulk_reader(void *vctx)
{
    import_ctx *x = vctx;
    kz_table_read_opts opts = {.format = KZ_TABLE_AUTO,
                               .header = on_header,
                               .progress = x->o->progress ? import_progress : NULL};
    x->res->file_status = kz_table_read_ex(x->path, &opts, on_row, x, &x->res->file_error);
    bulk_queue *q = &x->q;
    bulk_flush(q);
    pthread_mutex_lock(&q->mu);
    q->done = true;
    if (q->writer_waits) pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* One run of a bulk import (see bulk_queue), the write transaction's body when x->write (the
 * caller's thread): starts the reader thread, takes every row from it in file order, looks up
 * its owner org, reports it when rejected, else writes it — until a row is rejected (but with
 * skip_invalid) or a write fails; joins the reader. DB_HARD when the transaction must be
 * rolled back because of the file (a rejected row, a file not read to its end); x->bad_row
 * names the row whose write failed. A retried transaction runs it again from the start. */
static db_status bulk_run(db_conn *c, void *vctx)
{
    import_ctx *x = vctx;
    kz_import_result *res = x->res;
    bulk_queue *q = &x->q;
    res->rows = res->valid = res->rejected = res->imported = 0;
    x->bad_row = 0;
    q->head = q->n = q->nbatch = q->nspent = 0;
    q->done = q->stop = false;
    if (x->report) { /* what an earlier run reported is dropped */
        fclose(x->report);
        free(x->report_buf);
        x->report = open_memstream(&x->report_buf, &x->report_len);
    }
    db_status st = x->write ? kz_kind_bulk_begin(x->bulk, c) : DB_OK;
    pthread_t reader;
    if (pthread_create(&reader, NULL, bulk_reader, x) != 0) return DB_HARD;
    bulk_item got[BULK_BATCH];
    kz_bulk_row *spent[BULK_BATCH]; /* the batch's rows, handed back when the next is taken */
    size_t n, nspent = 0;
    while ((n = bulk_take(q, spent, nspent, got, BULK_BATCH))) {
        nspent = 0;
        for (size_t i = 0; i < n; i++) {
            bulk_item *it = &got[i];
            if (st == DB_OK && it->row) kz_kind_bulk_check_owner(x->bulk, c, it->row, &it->e);
            if (st != DB_OK) { /* a write failed: the rest is not looked at */
            } else if (it->e.code) {
                res->rejected++;
                report(x, it->number, &it->e);
            } else {
                res->valid++;
                if (x->write && (!res->rejected || x->o->skip_invalid)) {
                    kz_error_clear(x->write_e);
                    kz_err rc = kz_kind_bulk_write(x->bulk, c, it->row, x->write_e);
                    if (rc == KZ_OK) {
                        res->imported++;
                    } else {
                        x->bad_row = it->number;
                        st = rc == KZ_E_UNAVAILABLE ? DB_SOFT : DB_HARD;
                        pthread_mutex_lock(&q->mu);
                        q->stop = true;
                        if (q->reader_waits) pthread_cond_signal(&q->cond);
                        pthread_mutex_unlock(&q->mu);
                    }
                }
            }
            if (it->row) spent[nspent++] = it->row;
            kz_error_clear(&it->e);
        }
    }
    pthread_join(reader, NULL);
    for (size_t i = 0; i < q->nspent; i++) /* handed back after the reader's last batch */
        kz_bulk_row_free(q->spent[i]);
    q->nspent = 0;
    if (st != DB_OK || !x->write) return st;
    if (res->file_status < 0 || (res->rejected && !x->o->skip_invalid)) return DB_HARD;
    return kz_kind_bulk_end(x->bulk, c);
}

static db_status write_tx(db_conn *c, void *vctx)
{
    import_ctx *x = vctx;
    size_t i;
    json_t *it;
    x->res->imported = 0;
    json_array_foreach(x->rows, i, it)
    {
        json_t *in = json_array_get(it, 1), *out = NULL;
        kz_error_clear(x->write_e);
        kz_err rc = kz_org_create(c, x->a, in, &out, x->write_e);
        json_decref(out);
        if (rc != KZ_OK) {
            x->bad_row = (int)json_integer_value(json_array_get(it, 0));
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
                    .path = path,
                    .o = o,
                    .res = res,
                    .report = o->report,
                    .rows = json_array(),
                    .seen = json_object(),
                    .desc = desc,
                    .write_e = e};
    if (desc)
        x.bulk = kz_kind_bulk_new(desc, a);
    else if (kind == KZ_KIND_ACHIEVEMENT || kind == KZ_KIND_DEMAND)
        x.bulk = kz_kind_bulk_new(
            kind == KZ_KIND_ACHIEVEMENT ? &kz_kind_achievement : &kz_kind_demand, a);
    db_status st = DB_OK;
    if (x.bulk) {
        kz_vocab_init(); /* (once, before a second thread reads the vocabularies) */
        pthread_mutex_init(&x.q.mu, NULL);
        pthread_cond_init(&x.q.cond, NULL);
        if (o->report) x.report = open_memstream(&x.report_buf, &x.report_len);
        x.write = !o->dry_run;
        st = x.write ? db_tx(c, true, bulk_run, &x) : bulk_run(c, &x);
        if (x.report) {
            fclose(x.report);
            fwrite(x.report_buf, 1, x.report_len, o->report);
            free(x.report_buf);
        }
        x.report = o->report;
        pthread_mutex_destroy(&x.q.mu);
        pthread_cond_destroy(&x.q.cond);
    } else {
        kz_table_read_opts opts = {.format = KZ_TABLE_AUTO,
                                   .header = on_header,
                                   .progress = o->progress ? import_progress : NULL};
        res->file_status = kz_table_read_ex(path, &opts, on_row, &x, &res->file_error);
        if (res->file_status >= 0 && (!res->rejected || o->skip_invalid) && !o->dry_run &&
            json_array_size(x.rows) > 0)
            st = db_tx(c, true, write_tx, &x);
    }
    kz_err rc = KZ_OK;
    if (res->file_status < 0) {
        res->imported = 0;
        if (o->report) fprintf(o->report, "%s\n", res->file_error.message);
        rc = kz_fail(e, KZ_E_VALIDATION, "文件无法读取，未导入任何数据");
    } else if (res->rejected && !o->skip_invalid) {
        res->imported = 0;
        rc = kz_fail(e, KZ_E_VALIDATION, "有数据行未通过校验，未导入任何数据");
    } else if (st != DB_OK) {
        res->imported = 0;
        if (x.bad_row) {
            res->rejected++;
            if (o->report) report(&x, x.bad_row, e);
            kz_error_clear(e);
            rc = kz_fail(e, KZ_E_CONFLICT, "写入时出错，已全部回滚，未导入任何数据");
        } else {
            rc = kz_db_fail(e, st);
        }
    }
    json_decref(x.rows);
    json_decref(x.seen);
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
