#include "auth.h"
#include "audit.h"
#include "clock.h"
#include "common.h"
#include "user.h"
#include <inttypes.h>
#include <pthread.h>
#include <time.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* ---- resolved-session cache ----
 * Resolving a token costs a database read on every request. Resolved sessions are kept for
 * a short time (cache_ms) in a direct-mapped table with striped locks. Logout, password
 * change and account updates on this node drop the affected entries at once; on other
 * nodes of a cluster they are dropped when the database's notice arrives (follow.c), and a
 * revocation takes effect within cache_ms even when the notice is lost. */
#define CACHE_SLOTS   4096
#define CACHE_STRIPES 64

typedef struct cache_entry {
    char th[KZ_HASH_HEX];
    kz_actor actor;
    char csrf[KZ_TOKEN_LEN];
    char me[KZ_ME_MAX]; /* the user record as JSON text, "" when too long */
    int64_t expires;    /* session expiry, unix seconds */
    int64_t fetched;    /* monotonic ms */
} cache_entry;

static cache_entry cache[CACHE_SLOTS];
static pthread_mutex_t stripes[CACHE_STRIPES];
static int cache_ms = 1000;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned slot_of(const char *th)
{
    unsigned h = 0;
    for (int i = 0; i < 8; i++)
        h = h * 16 + (unsigned)(th[i] <= '9' ? th[i] - '0' : th[i] - 'a' + 10);
    return h % CACHE_SLOTS;
}

static bool cache_get(const char *th, kz_actor *a, char *csrf, char *me)
{
    if (cache_ms <= 0) return false;
    unsigned s = slot_of(th);
    bool hit = false;
    pthread_mutex_lock(&stripes[s % CACHE_STRIPES]);
    cache_entry *e = &cache[s];
    if (strcmp(e->th, th) == 0 && mono_ms() - e->fetched < cache_ms && e->expires > kz_now()) {
        *a = e->actor;
        if (csrf) memcpy(csrf, e->csrf, KZ_TOKEN_LEN);
        if (me) memcpy(me, e->me, strlen(e->me) + 1);
        hit = true;
    }
    pthread_mutex_unlock(&stripes[s % CACHE_STRIPES]);
    return hit;
}

static void cache_put(const char *th, const kz_actor *a, const char *csrf, const char *me,
                      int64_t expires)
{
    if (cache_ms <= 0) return;
    unsigned s = slot_of(th);
    pthread_mutex_lock(&stripes[s % CACHE_STRIPES]);
    cache_entry *e = &cache[s];
    memcpy(e->th, th, KZ_HASH_HEX);
    e->actor = *a;
    memcpy(e->csrf, csrf, KZ_TOKEN_LEN);
    memcpy(e->me, me, strlen(me) + 1);
    e->expires = expires;
    e->fetched = mono_ms();
    pthread_mutex_unlock(&stripes[s % CACHE_STRIPES]);
}

static void cache_drop(const char *th)
{
    unsigned s = slot_of(th);
    pthread_mutex_lock(&stripes[s % CACHE_STRIPES]);
    if (strcmp(cache[s].th, th) == 0) cache[s].th[0] = 0;
    pthread_mutex_unlock(&stripes[s % CACHE_STRIPES]);
}

void kz_auth_forget_user(int64_t user_id)
{
    for (unsigned s = 0; s < CACHE_SLOTS; s++) {
        pthread_mutex_lock(&stripes[s % CACHE_STRIPES]);
        if (cache[s].th[0] && cache[s].actor.user_id == user_id) cache[s].th[0] = 0;
        pthread_mutex_unlock(&stripes[s % CACHE_STRIPES]);
    }
}

void kz_auth_forget_all(void)
{
    for (unsigned s = 0; s < CACHE_SLOTS; s++) {
        pthread_mutex_lock(&stripes[s % CACHE_STRIPES]);
        cache[s].th[0] = 0;
        pthread_mutex_unlock(&stripes[s % CACHE_STRIPES]);
    }
}

static void init_stripes(void)
{
    for (int i = 0; i < CACHE_STRIPES; i++)
        pthread_mutex_init(&stripes[i], NULL);
}

void kz_auth_cache_setup(int ms)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_stripes);
    cache_ms = ms;
}

static unsigned long long pw_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t pw_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
static char decoy[KZ_PWHASH_MAX];

int kz_auth_init(int ops, int mem_kib)
{
    if (sodium_init() < 0) return -1;
    pw_ops = (unsigned long long)ops;
    pw_mem = (size_t)mem_kib * 1024u;
    if (pw_mem < crypto_pwhash_MEMLIMIT_MIN) pw_mem = crypto_pwhash_MEMLIMIT_MIN;
    if (pw_ops < crypto_pwhash_OPSLIMIT_MIN) pw_ops = crypto_pwhash_OPSLIMIT_MIN;
    unsigned char rnd[24];
    char pw[49];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(pw, sizeof pw, rnd, sizeof rnd);
    return kz_password_hash(pw, decoy);
}

int kz_password_hash(const char *pw, char out[KZ_PWHASH_MAX])
{
    return crypto_pwhash_str_alg(out, pw, strlen(pw), pw_ops, pw_mem, crypto_pwhash_ALG_ARGON2ID13);
}

const char *kz_password_weak(const char *pw)
{
    size_t n = 0;
    bool digit = false, alpha = false, other = false;
    for (const unsigned char *p = (const unsigned char *)pw; *p; p++) {
        if ((*p & 0xC0) != 0x80) n++;
        if (*p >= '0' && *p <= '9')
            digit = true;
        else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
            alpha = true;
        else
            other = true;
    }
    if (n < 8) return "密码至少 8 个字符";
    if (n > 128) return "密码不能超过 128 个字符";
    if (digit + alpha + other < 2) return "密码需包含字母、数字、符号中的至少两类";
    return NULL;
}

void kz_token_hash(const char *token, char out[KZ_HASH_HEX])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, KZ_HASH_HEX, h, sizeof h);
}

static void random_token(char out[KZ_TOKEN_LEN])
{
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    sodium_bin2base64(out, KZ_TOKEN_LEN, b, sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

typedef struct cred {
    int64_t id;
    int disabled;
    char hash[KZ_PWHASH_MAX];
} cred;

static db_status cred_cb(void *ctx, const db_row *r)
{
    cred *c = ctx;
    c->id = db_col_int(r, 0);
    snprintf(c->hash, sizeof c->hash, "%s", db_col_text(r, 1) ? db_col_text(r, 1) : "");
    c->disabled = (int)db_col_int(r, 2);
    return DB_OK;
}

typedef struct login_ctx {
    cred cr;
    const char *username;
    const char *rehash; /* new hash to store, or NULL */
    kz_login *out;
    int ttl;
} login_ctx;

static db_status login_tx(db_conn *c, void *vctx)
{
    login_ctx *x = vctx;
    int64_t now = kz_now();
    char th[KZ_HASH_HEX], at[24];
    kz_token_hash(x->out->token, th);
    kz_rfc3339((time_t)now, at);
    db_status st;
    if (x->rehash) {
        int64_t got;
        st = DB_EXEC(c, Q_USER_SET_HASH, db_cb_int, &got, db_int(x->cr.id), db_text(x->rehash),
                     db_text(at));
        if (st != DB_OK) return st;
    }
    x->out->expires = now + x->ttl;
    st = DB_EXEC(c, Q_SESSION_INSERT, NULL, NULL, db_text(th), db_int(x->cr.id),
                 db_text(x->out->csrf), db_int(now), db_int(x->out->expires));
    if (st != DB_OK) return st;
    kz_actor a = {.user_id = x->cr.id};
    snprintf(a.name, sizeof a.name, "%s", x->username);
    char ids[24];
    snprintf(ids, sizeof ids, "%" PRId64, x->cr.id);
    /* the session itself is not logged (its hash would be a credential's fingerprint) */
    return kz_audit_append(c, &a, "user", ids, "login", NULL, NULL);
}

kz_err kz_auth_login(db_conn *c, const char *username, const char *password, int ttl, kz_login *out,
                     kz_error *e)
{
    memset(out, 0, sizeof(*out));
    login_ctx x = {.username = username, .out = out, .ttl = ttl};
    db_status st = DB_EXEC(c, Q_USER_AUTH, cred_cb, &x.cr, db_text(username));
    if (st != DB_OK && st != DB_NOROW) return kz_db_fail(e, st);
    bool found = st == DB_OK;
    /* the same work whether or not the user exists */
    const char *h = found ? x.cr.hash : decoy;
    bool ok = crypto_pwhash_str_verify(h, password, strlen(password)) == 0;
    if (!found || !ok || x.cr.disabled) return kz_fail(e, KZ_E_UNAUTHENTICATED, "用户名或密码错误");
    char fresh[KZ_PWHASH_MAX];
    if (crypto_pwhash_str_needs_rehash(x.cr.hash, pw_ops, pw_mem) != 0 &&
        kz_password_hash(password, fresh) == 0)
        x.rehash = fresh;
    random_token(out->token);
    random_token(out->csrf);
    st = db_tx(c, true, login_tx, &x);
    if (st != DB_OK) return kz_db_fail(e, st);
    if ((st = kz_user_load(c, x.cr.id, &out->user)) != DB_OK) return kz_db_fail(e, st);
    return KZ_OK;
}

typedef struct resolve_ctx {
    kz_actor *a;
    char *csrf, *me;
    int64_t expires;
} resolve_ctx;

static db_status resolve_cb(void *vctx, const db_row *r)
{
    resolve_ctx *x = vctx;
    kz_actor *a = x->a;
    a->user_id = db_col_int(r, 0);
    snprintf(a->name, sizeof a->name, "%s", db_col_text(r, 1) ? db_col_text(r, 1) : "");
    if (!kz_roles_parse(db_col_text(r, 3), &a->roles)) a->roles = 0;
    a->org_id = db_col_null(r, 4) ? 0 : db_col_int(r, 4);
    snprintf(x->csrf, KZ_TOKEN_LEN, "%s", db_col_text(r, 9) ? db_col_text(r, 9) : "");
    snprintf(a->region, sizeof a->region, "%s", db_col_text(r, 10) ? db_col_text(r, 10) : "");
    x->expires = db_col_int(r, 11);
    json_t *u = kz_user_row_json(r);
    char *text = json_dumps(u, JSON_COMPACT);
    json_decref(u);
    x->me[0] = 0;
    if (text && strlen(text) < KZ_ME_MAX) strcpy(x->me, text);
    free(text);
    return DB_OK;
}

kz_err kz_auth_resolve(db_conn *c, const char *token, kz_actor *a, char csrf[KZ_TOKEN_LEN],
                       char me[KZ_ME_MAX], kz_error *e)
{
    memset(a, 0, sizeof(*a));
    if (!token || strlen(token) != KZ_TOKEN_LEN - 1)
        return kz_fail(e, KZ_E_UNAUTHENTICATED, "登录已失效，请重新登录");
    char th[KZ_HASH_HEX];
    kz_token_hash(token, th);
    if (cache_get(th, a, csrf, me)) return KZ_OK;
    char own_csrf[KZ_TOKEN_LEN], own_me[KZ_ME_MAX];
    if (!csrf) csrf = own_csrf;
    if (!me) me = own_me;
    resolve_ctx x = {.a = a, .csrf = csrf, .me = me};
    db_status st = DB_EXEC(c, Q_SESSION_GET, resolve_cb, &x, db_text(th), db_int(kz_now()));
    if (st == DB_NOROW) {
        memset(a, 0, sizeof(*a));
        return kz_fail(e, KZ_E_UNAUTHENTICATED, "登录已失效，请重新登录");
    }
    if (st != DB_OK) return kz_db_fail(e, st);
    cache_put(th, a, csrf, me, x.expires);
    return KZ_OK;
}

typedef struct logout_ctx {
    const kz_actor *a;
    const char *th;
} logout_ctx;

static db_status logout_tx(db_conn *c, void *vctx)
{
    logout_ctx *x = vctx;
    int64_t uid = 0;
    db_status st = DB_EXEC(c, Q_SESSION_REVOKE, db_cb_int, &uid, db_text(x->th));
    if (st == DB_NOROW) return DB_OK; /* already gone: logout is idempotent */
    if (st != DB_OK) return st;
    char ids[24];
    snprintf(ids, sizeof ids, "%" PRId64, uid);
    return kz_audit_append(c, x->a, "user", ids, "logout", NULL, NULL);
}

kz_err kz_auth_logout(db_conn *c, const kz_actor *a, const char *token, kz_error *e)
{
    char th[KZ_HASH_HEX];
    kz_token_hash(token, th);
    logout_ctx x = {.a = a, .th = th};
    cache_drop(th);
    db_status st = db_tx(c, true, logout_tx, &x);
    return st == DB_OK ? KZ_OK : kz_db_fail(e, st);
}

typedef struct pw_ctx {
    const kz_actor *a;
    const char *hash, *keep;
} pw_ctx;

static db_status pw_tx(db_conn *c, void *vctx)
{
    pw_ctx *x = vctx;
    char at[24], ids[24];
    kz_rfc3339((time_t)kz_now(), at);
    int64_t got;
    db_status st = DB_EXEC(c, Q_USER_SET_HASH, db_cb_int, &got, db_int(x->a->user_id),
                           db_text(x->hash), db_text(at));
    if (st != DB_OK) return st;
    st = DB_EXEC(c, Q_SESSION_REVOKE_USER, NULL, NULL, db_int(x->a->user_id), db_text(x->keep));
    if (st != DB_OK) return st;
    snprintf(ids, sizeof ids, "%" PRId64, x->a->user_id);
    return kz_audit_append(c, x->a, "user", ids, "change_password", NULL, NULL);
}

kz_err kz_auth_change_password(db_conn *c, const kz_actor *a, const char *current, const char *next,
                               const char *keep_token, kz_error *e)
{
    if (!a->user_id) return kz_fail(e, KZ_E_UNAUTHENTICATED, NULL);
    const char *weak = kz_password_weak(next);
    if (weak) {
        kz_field_error(e, "new_password", weak);
        return KZ_E_VALIDATION;
    }
    cred cr = {0};
    db_status st = DB_EXEC(c, Q_USER_AUTH, cred_cb, &cr, db_text(a->name));
    if (st != DB_OK) return kz_db_fail(e, st);
    if (crypto_pwhash_str_verify(cr.hash, current, strlen(current)) != 0) {
        kz_field_error(e, "current_password", "当前密码不正确");
        return KZ_E_VALIDATION;
    }
    char h[KZ_PWHASH_MAX], keep[KZ_HASH_HEX];
    if (kz_password_hash(next, h) != 0) return kz_fail(e, KZ_E_INTERNAL, NULL);
    if (keep_token) kz_token_hash(keep_token, keep);
    pw_ctx x = {.a = a, .hash = h, .keep = keep_token ? keep : NULL};
    st = db_tx(c, true, pw_tx, &x);
    kz_auth_forget_user(a->user_id);
    return st == DB_OK ? KZ_OK : kz_db_fail(e, st);
}

db_status kz_auth_purge(db_conn *c)
{
    return DB_EXEC(c, Q_SESSION_PURGE, NULL, NULL, db_int(kz_now()));
}
