#include "audit.h"
#include "../core/arena.h"
#include "../core/jsonx.h"
#include "../core/sha256.h"
#include "authz.h"
#include "clock.h"
#include "common.h"
#include <inttypes.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void feed(kz_sha256 *st, const char *s)
{
    char len[24];
    if (!s) {
        kz_sha256_update(st, "~\n", 2);
        return;
    }
    size_t n = strlen(s);
    int w = snprintf(len, sizeof len, "%zu:", n);
    kz_sha256_update(st, len, (size_t)w);
    kz_sha256_update(st, s, n);
    kz_sha256_update(st, "\n", 1);
}

void kz_audit_hash(const kz_audit_row *r, char out[65])
{
    kz_sha256 st;
    unsigned char h[crypto_hash_sha256_BYTES];
    char seq[24];
    snprintf(seq, sizeof seq, "%" PRId64, r->seq);
    kz_sha256_init(&st);
    feed(&st, "kezhuan-audit-v1");
    feed(&st, seq);
    feed(&st, r->at);
    feed(&st, r->actor);
    feed(&st, r->entity);
    feed(&st, r->entity_id);
    feed(&st, r->action);
    feed(&st, r->before);
    feed(&st, r->after);
    feed(&st, r->prev_hash);
    kz_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

void kz_actor_label(const kz_actor *a, char *buf, size_t n)
{
    if (a->operator_)
        snprintf(buf, n, "cli:%s", a->name);
    else if (a->user_id)
        snprintf(buf, n, "user:%" PRId64 ":%s", a->user_id, a->name);
    else
        snprintf(buf, n, "anonymous");
}

static db_status head_cb(void *ctx, const db_row *row)
{
    kz_audit_head *h = ctx;
    h->seq = db_col_int(row, 0);
    const char *s = db_col_text(row, 1);
    snprintf(h->hash, sizeof h->hash, "%s", s ? s : "");
    return DB_OK;
}

static char *canonical(const json_t *v)
{
    return kz_json_dump(v, true);
}

db_status kz_audit_head_read(db_conn *c, kz_audit_head *h)
{
    h->seq = 0;
    snprintf(h->hash, sizeof h->hash, "%s", KZ_AUDIT_GENESIS);
    db_status st = db_exec(c, Q_AUDIT_HEAD, NULL, 0, head_cb, h);
    return st == DB_NOROW ? DB_OK : st;
}

db_status kz_audit_append_after(db_conn *c, kz_audit_head *h, const kz_actor *a, const char *entity,
                                const char *entity_id, const char *action, const json_t *before,
                                const json_t *after)
{
    char at[24], actor[128], hash[65];
    kz_rfc3339((time_t)kz_now(), at);
    kz_actor_label(a, actor, sizeof actor);
    char *b = canonical(before), *af = canonical(after);
    kz_audit_row r = {.seq = h->seq + 1,
                      .at = at,
                      .actor = actor,
                      .entity = entity,
                      .entity_id = entity_id,
                      .action = action,
                      .before = b,
                      .after = af,
                      .prev_hash = h->hash};
    kz_audit_hash(&r, hash);
    db_status st = DB_EXEC(c, Q_AUDIT_INSERT, NULL, NULL, db_int(r.seq), db_text(at),
                           db_text(actor), db_text(entity), db_text(entity_id), db_text(action),
                           db_text(b), db_text(af), db_text(h->hash), db_text(hash));
    free(b);
    free(af);
    if (st == DB_OK) {
        h->seq = r.seq;
        memcpy(h->hash, hash, sizeof hash);
    }
    return st;
}

db_status kz_audit_append(db_conn *c, const kz_actor *a, const char *entity, const char *entity_id,
                          const char *action, const json_t *before, const json_t *after)
{
    kz_audit_head h;
    db_status st = kz_audit_head_read(c, &h);
    if (st != DB_OK) return st;
    return kz_audit_append_after(c, &h, a, entity, entity_id, action, before, after);
}

db_status kz_change_append(db_conn *c, const char *entity, int64_t id, const char *op)
{
    char at[24];
    kz_rfc3339((time_t)kz_now(), at);
    return DB_EXEC(c, Q_CHANGE_INSERT, NULL, NULL, db_text(entity), db_int(id), db_text(op),
                   db_text(at));
}

static void set_text_or_null(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

static json_t *parse_or_null(const char *s)
{
    if (!s) return json_null();
    json_t *v = json_loads(s, 0, NULL);
    return v ? v : json_string(s);
}

static json_t *audit_json(const db_row *row)
{
    json_t *o = json_object();
    json_object_set_new(o, "seq", json_integer(db_col_int(row, 0)));
    set_text_or_null(o, "at", db_col_text(row, 1));
    set_text_or_null(o, "actor", db_col_text(row, 2));
    set_text_or_null(o, "entity", db_col_text(row, 3));
    set_text_or_null(o, "entity_id", db_col_text(row, 4));
    set_text_or_null(o, "action", db_col_text(row, 5));
    json_object_set_new(o, "before", parse_or_null(db_col_text(row, 6)));
    json_object_set_new(o, "after", parse_or_null(db_col_text(row, 7)));
    set_text_or_null(o, "prev_hash", db_col_text(row, 8));
    set_text_or_null(o, "hash", db_col_text(row, 9));
    return o;
}

typedef struct list_ctx {
    json_t *items;
    bool redact; /* hide the confidential detail of achievements (everyone but admin) */
} list_ctx;

/* The detail of an achievement is its owner's asset: officers read the whole trail, but the
 * detail only through the record (which knows the region and the access grants). */
static void redact_detail(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    if (json_is_object(v) && json_object_get(v, "detail") &&
        !json_is_null(json_object_get(v, "detail")))
        json_object_set_new(v, "detail", json_string("（保密内容，已隐去）"));
}

static db_status list_cb(void *vctx, const db_row *row)
{
    list_ctx *ctx = vctx;
    json_t *o = audit_json(row);
    const char *entity = db_col_text(row, 3);
    if (ctx->redact && entity && !strcmp(entity, "achievement")) {
        redact_detail(o, "before");
        redact_detail(o, "after");
    }
    json_array_append_new(ctx->items, o);
    return DB_OK;
}

kz_err kz_audit_list(db_conn *c, const kz_actor *a, const char *entity, const char *entity_id,
                     int64_t before_seq, int limit, json_t **out, kz_error *e)
{
    *out = NULL;
    if (kz_authz_scope(a, KZ_RES_AUDIT, KZ_ACT_LIST) == KZ_SCOPE_NONE)
        return kz_fail(e, a->user_id ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED, NULL);
    json_t *items = json_array();
    list_ctx lc = {.items = items,
                   .redact = !a->operator_ && !(a->roles & KZ_ROLE_BIT(KZ_ROLE_ADMIN))};
    int64_t total = 0;
    db_status st = DB_EXEC(c, Q_AUDIT_LIST, list_cb, &lc, db_text(entity), db_text(entity_id),
                           db_int(before_seq), db_int(limit + 1));
    if (st == DB_OK || st == DB_NOROW)
        st = DB_EXEC(c, Q_AUDIT_COUNT, db_cb_int, &total, db_text(entity), db_text(entity_id));
    if (st != DB_OK) {
        json_decref(items);
        return kz_db_fail(e, st);
    }
    kz_page p = {.limit = limit};
    *out = kz_page_result(items, &p, total, "seq");
    return KZ_OK;
}

typedef struct verify_ctx {
    int64_t expect_seq, bad, last_seq, count;
    char prev[65];
    char *why;
    size_t whylen;
} verify_ctx;

static db_status verify_cb(void *ctx, const db_row *row)
{
    verify_ctx *v = ctx;
    kz_audit_row r = {.seq = db_col_int(row, 0),
                      .at = db_col_text(row, 1),
                      .actor = db_col_text(row, 2),
                      .entity = db_col_text(row, 3),
                      .entity_id = db_col_text(row, 4),
                      .action = db_col_text(row, 5),
                      .before = db_col_text(row, 6),
                      .after = db_col_text(row, 7),
                      .prev_hash = db_col_text(row, 8),
                      .hash = db_col_text(row, 9)};
    char h[65];
    v->last_seq = r.seq;
    v->count++;
    if (r.seq != v->expect_seq) {
        snprintf(v->why, v->whylen,
                 "序号不连续：期望 %" PRId64 "，实际 %" PRId64 "（有行被删除或插入）",
                 v->expect_seq, r.seq);
        v->bad = r.seq;
        return DB_HARD;
    }
    if (!r.prev_hash || strcmp(r.prev_hash, v->prev) != 0) {
        snprintf(v->why, v->whylen, "prev_hash 与上一行的 hash 不一致（行被删除、插入或调换）");
        v->bad = r.seq;
        return DB_HARD;
    }
    kz_audit_hash(&r, h);
    if (!r.hash || strcmp(r.hash, h) != 0) {
        snprintf(v->why, v->whylen, "hash 与内容不符（该行被修改）");
        v->bad = r.seq;
        return DB_HARD;
    }
    snprintf(v->prev, sizeof v->prev, "%s", r.hash);
    v->expect_seq++;
    return DB_OK;
}

int64_t kz_audit_verify(db_conn *c, const char *expect_head, int64_t *rows, char head_out[65],
                        char *why, size_t whylen)
{
    verify_ctx v = {.expect_seq = 1, .prev = KZ_AUDIT_GENESIS, .why = why, .whylen = whylen};
    why[0] = 0;
    for (;;) {
        int64_t before = v.count;
        db_status st = DB_EXEC(c, Q_AUDIT_SCAN, verify_cb, &v, db_int(v.last_seq), db_int(10000));
        if (v.bad) break;
        if (st != DB_OK && st != DB_NOROW) {
            snprintf(why, whylen, "无法读取审计日志: %s", c->backend->errmsg(c));
            *rows = v.count;
            return -1;
        }
        if (v.count == before) break;
    }
    *rows = v.count;
    snprintf(head_out, 65, "%s", v.prev);
    if (v.bad) return v.bad;
    if (expect_head && *expect_head && strcmp(expect_head, v.prev) != 0) {
        snprintf(why, whylen, "链尾 hash 与预期不符（末尾的行被删除或追加）");
        return v.last_seq + 1;
    }
    return 0;
}

kz_err kz_audit_check(db_conn *c, const kz_actor *a, const char *expect_head, json_t **out,
                      kz_error *e)
{
    *out = NULL;
    if (kz_authz_scope(a, KZ_RES_AUDIT, KZ_ACT_READ) == KZ_SCOPE_NONE)
        return kz_fail(e, a->user_id ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED, NULL);
    if (expect_head &&
        (strlen(expect_head) != 64 || strspn(expect_head, "0123456789abcdef") != 64)) {
        kz_field_error(e, "head", "应为 64 位小写十六进制的 hash");
        return KZ_E_VALIDATION;
    }
    int64_t rows = 0;
    char tail[65] = "", why[256], now[24];
    int64_t bad = kz_audit_verify(c, expect_head, &rows, tail, why, sizeof why);
    if (bad < 0) return kz_fail(e, KZ_E_INTERNAL, NULL);
    kz_rfc3339((time_t)kz_now(), now);
    *out = json_pack("{s:b, s:I, s:s, s:o, s:o, s:s}", "ok", bad == 0, "rows", (json_int_t)rows,
                     "head", tail, "bad_seq", bad ? json_integer(bad) : json_null(), "reason",
                     bad ? json_string(why) : json_null(), "checked_at", now);
    return KZ_OK;
}
