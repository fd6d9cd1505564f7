/* panel.c — see panel.h. */
#include "panel.h"
#include "../core/jsonx.h"
#include "../core/sha256.h"
#include "../core/validate.h"
#include "audit.h"
#include "clock.h"
#include "engine.h"
#include "user.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONVENERS      (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_REVIEWER))
#define CANDIDATES_MAX 50
#define PROFILES_SCAN  1000 /* the profiles of one section a proposal reads */

bool kz_panel_purpose_fits(const char *purpose, const char *st)
{
    if (!purpose || !st) return false;
    if (!strcmp(purpose, "challenge_argue")) return !strcmp(st, "screening");
    if (!strcmp(purpose, "challenge_review"))
        return !strcmp(st, "closed") || !strcmp(st, "reviewing");
    return false;
}

/* A look-up that found no row is no failure here. */
static db_status rows(db_status st)
{
    return st == DB_NOROW ? DB_OK : st;
}

static const char *str(const json_t *o, const char *k)
{
    const char *s = kz_json_str(o, k);
    return s ? s : "";
}

static int64_t num(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* ---------------------------------- arithmetic ---------------------------------- */

static unsigned __int128 gcd128(unsigned __int128 a, unsigned __int128 b)
{
    while (b) {
        unsigned __int128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

int64_t kz_panel_sheet_total(const json_t *criteria, const json_t *scores)
{
    size_t n = json_array_size(criteria);
    if (!n || n > KZ_PANEL_CRITERIA_MAX) return -1;
    unsigned __int128 d = 1; /* the lcm of the top scores (≤ 100^10: fits) */
    for (size_t i = 0; i < n; i++) {
        int64_t m = num(json_array_get(criteria, i), "max");
        if (m < 1) return -1;
        d = d / gcd128(d, (unsigned __int128)m) * (unsigned __int128)m;
    }
    unsigned __int128 sum = 0; /* Σ weight × score × 100 × d / top */
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_array_get(criteria, i);
        json_t *v = json_object_get(scores, str(c, "key"));
        int64_t w = num(c, "weight"), m = num(c, "max");
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > m)
            return -1;
        sum += (unsigned __int128)w * (unsigned __int128)json_integer_value(v) * 100u *
               (d / (unsigned __int128)m);
    }
    return (int64_t)((2 * sum + d) / (2 * d)); /* rounded half up, once */
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static int64_t mean_half_up(int64_t sum, int64_t n)
{
    return (2 * sum + n) / (2 * n); /* sum, n > 0 */
}

void kz_panel_aggregate(int64_t *v, int n, kz_panel_agg *out)
{
    memset(out, 0, sizeof *out);
    if (n < 1) return;
    qsort(v, (size_t)n, sizeof *v, cmp_i64);
    int64_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += v[i];
    out->n = n;
    out->min_c = v[0];
    out->max_c = v[n - 1];
    out->mean_c = mean_half_up(sum, n);
    out->trimmed = n >= 5;
    out->trimmed_c = out->trimmed ? mean_half_up(sum - v[0] - v[n - 1], n - 2) : out->mean_c;
}

/* ------------------------------------ items ------------------------------------ */

static json_t *org_ref(db_conn *c, int64_t id)
{
    kz_err rc;
    kz_error e = {0};
    json_t *o = kz_kind_read(&kz_kind_org, c, id, &rc, &e);
    kz_error_clear(&e);
    json_t *ref = json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", o ? str(o, "name") : "");
    json_decref(o);
    return ref;
}

/* A team entry's name: its first word ("王五 教授 四川大学" → "王五"). */
static json_t *team_names(const json_t *team)
{
    json_t *names = json_array();
    for (size_t i = 0; i < json_array_size(team); i++) {
        const char *s = json_string_value(json_array_get(team, i));
        if (!s) continue;
        size_t n = strcspn(s, " \t");
        if (n) json_array_append_new(names, json_stringn(s, n));
    }
    return names;
}

/* The records a panel of purpose reviews, from challenge ch as it is now: [{id, kind, title,
 * org_id, orgs: [{id, name}], team: [names]}]. */
static db_status items_of(db_conn *c, const char *purpose, const json_t *ch, json_t **out)
{
    *out = json_array();
    int64_t issuer = num(ch, "org_id");
    if (!strcmp(purpose, "challenge_argue")) {
        json_t *orgs = json_array();
        json_array_append_new(orgs, org_ref(c, issuer));
        json_array_append_new(*out, json_pack("{s:I, s:s, s:s, s:I, s:o, s:[]}", "id",
                                              (json_int_t)num(ch, "id"), "kind", "challenge",
                                              "title", str(ch, "title"), "org_id",
                                              (json_int_t)issuer, "orgs", orgs, "team"));
        return DB_OK;
    }
    json_t *apps;
    db_status st = kz_kind_children(&kz_kind_challenge_application, c, num(ch, "id"), NULL,
                                    KZ_PANEL_ITEMS_MAX * 2, &apps);
    size_t i;
    json_t *ap;
    json_array_foreach(apps, i, ap)
    {
        const char *s = str(ap, "status");
        if (st != DB_OK || (strcmp(s, "submitted") != 0 && strcmp(s, "shortlisted") != 0)) continue;
        if (json_array_size(*out) >= KZ_PANEL_ITEMS_MAX) break;
        json_t *orgs = json_array();
        json_array_append_new(orgs, org_ref(c, num(ap, "org_id")));
        json_t *partners = json_object_get(ap, "partner_org_ids");
        for (size_t j = 0; j < json_array_size(partners); j++)
            json_array_append_new(orgs,
                                  org_ref(c, json_integer_value(json_array_get(partners, j))));
        json_array_append_new(orgs, org_ref(c, issuer));
        char title[400];
        snprintf(title, sizeof title, "%s（%s）", str(ap, "title"), str(ap, "org_name"));
        json_array_append_new(*out, json_pack("{s:I, s:s, s:s, s:I, s:o, s:o}", "id",
                                              (json_int_t)num(ap, "id"), "kind",
                                              "challenge_application", "title", title, "org_id",
                                              (json_int_t)num(ap, "org_id"), "orgs", orgs, "team",
                                              team_names(json_object_get(ap, "team"))));
    }
    json_decref(apps);
    return st;
}

/* The panel's items: fixed once open, else as the challenge has them now. */
static db_status panel_items(db_conn *c, const json_t *panel, json_t **out)
{
    *out = NULL;
    if (strcmp(str(panel, "status"), "draft") != 0) {
        *out = json_incref(json_object_get(panel, "items"));
        if (!*out) *out = json_array();
        return DB_OK;
    }
    kz_err rc;
    kz_error e = {0};
    json_t *ch = kz_kind_read(&kz_kind_challenge, c, num(panel, "target_id"), &rc, &e);
    kz_error_clear(&e);
    if (!ch) {
        *out = json_array();
        return rc == KZ_E_NOT_FOUND ? DB_OK : DB_HARD;
    }
    db_status st = items_of(c, str(panel, "purpose"), ch, out);
    json_decref(ch);
    return st;
}

db_status kz_panel_open_step(db_conn *c, const kz_rec_row *r, json_t *data, bool *edited,
                             kz_err *refused, kz_error *e)
{
    kz_err rc;
    json_t *ch = kz_kind_read(&kz_kind_challenge, c, num(data, "target_id"), &rc, e);
    if (!ch) {
        *refused = rc;
        return DB_HARD;
    }
    const char *purpose = str(data, "purpose");
    db_status st = DB_OK;
    if (!kz_panel_purpose_fits(purpose, str(ch, "status")))
        st = kz_refuse(refused, e, KZ_E_CONFLICT, NULL,
                       !strcmp(purpose, "challenge_argue")
                           ? "榜单已不在初筛阶段，论证专家组不能开始评审"
                           : "榜单不在揭榜截止或评审阶段，评审专家组不能开始评审");
    json_t *items = NULL;
    if (st == DB_OK) st = items_of(c, purpose, ch, &items);
    if (st == DB_OK && !json_array_size(items))
        st = kz_refuse(refused, e, KZ_E_CONFLICT, NULL, "没有待评审的揭榜申请");
    if (st == DB_OK) {
        json_object_set(data, "items", items);
        *edited = true;
    }
    (void)r;
    json_decref(items);
    json_decref(ch);
    return st;
}

/* ------------------------------- members and sheets ------------------------------- */

typedef struct member {
    int64_t user_id, org_id;
    char status[16], name[128], org_name[256];
    int sheets;
} member;

typedef struct members {
    member *m;
    int n, cap;
} members;

static db_status member_cb(void *ctx, const db_row *r)
{
    members *ms = ctx;
    if (ms->n == ms->cap) {
        int cap = ms->cap ? ms->cap * 2 : 16;
        member *m = realloc(ms->m, (size_t)cap * sizeof *m);
        if (!m) return DB_HARD;
        ms->m = m;
        ms->cap = cap;
    }
    member *x = &ms->m[ms->n++];
    memset(x, 0, sizeof *x);
    x->user_id = db_col_int(r, 1);
    snprintf(x->status, sizeof x->status, "%s", db_col_text(r, 2) ? db_col_text(r, 2) : "");
    snprintf(x->name, sizeof x->name, "%s", db_col_text(r, 7) ? db_col_text(r, 7) : "");
    x->org_id = db_col_null(r, 8) ? 0 : db_col_int(r, 8);
    snprintf(x->org_name, sizeof x->org_name, "%s", db_col_text(r, 9) ? db_col_text(r, 9) : "");
    return DB_OK;
}

static db_status load_members(db_conn *c, int64_t panel, members *ms)
{
    memset(ms, 0, sizeof *ms);
    return rows(DB_EXEC(c, Q_PM_LIST, member_cb, ms, db_int(panel)));
}

typedef struct sheet {
    int64_t user_id, item_id, total_c;
} sheet;
typedef struct sheets {
    sheet *s;
    int n, cap;
    json_t *rows; /* when wanted: every column as JSON */
} sheets;

static db_status sheet_cb(void *ctx, const db_row *r)
{
    sheets *ss = ctx;
    if (ss->n == ss->cap) {
        int cap = ss->cap ? ss->cap * 2 : 64;
        sheet *s = realloc(ss->s, (size_t)cap * sizeof *s);
        if (!s) return DB_HARD;
        ss->s = s;
        ss->cap = cap;
    }
    ss->s[ss->n++] = (sheet){db_col_int(r, 0), db_col_int(r, 1), db_col_int(r, 3)};
    if (ss->rows) {
        json_t *sc = json_loads(db_col_text(r, 2) ? db_col_text(r, 2) : "{}", 0, NULL);
        json_array_append_new(ss->rows, json_pack("{s:I, s:I, s:o, s:I, s:o, s:o}", "user_id",
                                                  (json_int_t)db_col_int(r, 0), "item_id",
                                                  (json_int_t)db_col_int(r, 1), "scores",
                                                  sc ? sc : json_object(), "total_c",
                                                  (json_int_t)db_col_int(r, 3), "comment",
                                                  kz_col_str(r, 4), "at", kz_col_str(r, 5)));
    }
    return DB_OK;
}

static const member *find_member(const members *ms, int64_t uid)
{
    for (int i = 0; i < ms->n; i++)
        if (ms->m[i].user_id == uid) return &ms->m[i];
    return NULL;
}

db_status kz_panel_close_step(db_conn *c, const kz_rec_row *r, json_t *data, bool *edited,
                              kz_err *refused, kz_error *e)
{
    members ms;
    sheets ss = {0};
    db_status st = load_members(c, r->id, &ms);
    if (st == DB_OK) st = rows(DB_EXEC(c, Q_PS_LIST, sheet_cb, &ss, db_int(r->id)));
    json_t *items = json_object_get(data, "items"), *result = json_array();
    int64_t quorum = num(data, "quorum");
    if (st == DB_OK && !json_array_size(items)) {
        kz_fail(e, KZ_E_CONFLICT, "专家组没有评审对象，不能结束评审");
        *refused = KZ_E_CONFLICT;
        st = DB_HARD;
    }
    int64_t *v = malloc(sizeof *v * (size_t)(ss.n + 1));
    if (!v && st == DB_OK) st = DB_HARD;
    for (size_t i = 0; st == DB_OK && i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        int64_t item = num(it, "id");
        int n = 0;
        for (int k = 0; k < ss.n; k++) {
            const member *m = find_member(&ms, ss.s[k].user_id);
            if (ss.s[k].item_id == item && m && !strcmp(m->status, "scored"))
                v[n++] = ss.s[k].total_c;
        }
        if (n < quorum) {
            char why[600];
            snprintf(why, sizeof why, "评审对象“%s”只有 %d 份完整评分，少于最少 %" PRId64 " 份",
                     str(it, "title"), n, quorum);
            kz_fail(e, KZ_E_CONFLICT, "评分份数不足，不能结束评审");
            kz_field_error(e, "quorum", why);
            *refused = e->code = KZ_E_CONFLICT;
            st = DB_HARD;
            break;
        }
        kz_panel_agg g;
        kz_panel_aggregate(v, n, &g);
        json_array_append_new(
            result, json_pack("{s:I, s:s, s:i, s:I, s:I, s:I, s:I, s:I, s:b}", "id",
                              (json_int_t)item, "title", str(it, "title"), "n", g.n, "mean_c",
                              (json_int_t)g.mean_c, "trimmed_mean_c", (json_int_t)g.trimmed_c,
                              "min_c", (json_int_t)g.min_c, "max_c", (json_int_t)g.max_c,
                              "spread_c", (json_int_t)(g.max_c - g.min_c), "trimmed", g.trimmed));
    }
    /* ranks: by the trimmed mean, highest first; equal means share a rank */
    for (size_t i = 0; st == DB_OK && i < json_array_size(result); i++) {
        json_t *x = json_array_get(result, i);
        int rank = 1;
        for (size_t j = 0; j < json_array_size(result); j++)
            if (num(json_array_get(result, j), "trimmed_mean_c") > num(x, "trimmed_mean_c")) rank++;
        json_object_set_new(x, "rank", json_integer(rank));
    }
    if (st == DB_OK) {
        json_object_set(data, "result", result);
        *edited = true;
    }
    json_decref(result);
    free(v);
    free(ss.s);
    free(ms.m);
    return st;
}

/* An invitation as the expert is told of it (when the panel opens, or on invitation once open). */
static db_status tell_invited(db_conn *c, const kz_actor *a, int64_t panel, int64_t uid,
                              const char *title)
{
    char msg[400];
    snprintf(msg, sizeof msg,
             "您受邀参加评审：%s。请先声明有无利益冲突，声明无冲突后查看材料并评分", title);
    return kz_notify(c, a, uid, "panel_invite", "panel", panel, msg);
}

db_status kz_panel_after_transition(db_conn *c, const kz_actor *a, const kz_rec_row *after)
{
    if (strcmp(after->status, "open") != 0) return DB_OK;
    members ms;
    db_status st = load_members(c, after->id, &ms);
    for (int i = 0; st == DB_OK && i < ms.n; i++)
        if (!strcmp(ms.m[i].status, "invited"))
            st = tell_invited(c, a, after->id, ms.m[i].user_id, str(after->rec, "title"));
    free(ms.m);
    return st;
}

db_status kz_panel_pending(db_conn *c, int64_t challenge_id, const char *purpose, bool *pending)
{
    json_t *ps;
    *pending = false;
    db_status st = kz_kind_children(&kz_kind_panel, c, challenge_id, NULL, KZ_CHILDREN_MAX, &ps);
    size_t i;
    json_t *p;
    json_array_foreach(ps, i, p)
    {
        const char *s = str(p, "status");
        if (!strcmp(str(p, "purpose"), purpose) && (!strcmp(s, "draft") || !strcmp(s, "open")))
            *pending = true;
    }
    json_decref(ps);
    return st;
}

/* ------------------------------ conflicts of interest ------------------------------ */

typedef struct expert {
    int64_t id, org_id;
    char name[128];          /* the display name up to a bracket */
    char conflict_orgs[512]; /* ",id,id," declared in the profile */
    bool is_expert, disabled;
} expert;

/* The display name without what follows a bracket ("郑专家（西南交通大学）" → "郑专家"). */
static void bare_name(const char *s, char *out, size_t n)
{
    snprintf(out, n, "%s", s ? s : "");
    char *b = strstr(out, "（");
    if (b) *b = 0;
    b = strchr(out, '(');
    if (b) *b = 0;
    size_t l = strlen(out);
    while (l && out[l - 1] == ' ')
        out[--l] = 0;
}

static db_status profile_conflicts_cb(void *ctx, const db_row *r)
{
    expert *x = ctx;
    snprintf(x->conflict_orgs, sizeof x->conflict_orgs, "%s",
             db_col_text(r, 6) ? db_col_text(r, 6) : ",");
    return DB_OK;
}

/* The expert user uid as the conflict check needs it; KZ_E_NOT_FOUND when there is none. */
static db_status load_expert(db_conn *c, int64_t uid, expert *x, bool *found)
{
    memset(x, 0, sizeof *x);
    snprintf(x->conflict_orgs, sizeof x->conflict_orgs, ",");
    json_t *u = NULL;
    db_status st = rows(kz_user_load(c, uid, &u));
    *found = st == DB_OK && u;
    if (!*found) {
        json_decref(u);
        return st;
    }
    x->id = uid;
    x->org_id = num(u, "org_id");
    x->disabled = json_is_true(json_object_get(u, "disabled"));
    bare_name(str(u, "display_name"), x->name, sizeof x->name);
    json_t *roles = json_object_get(u, "roles");
    for (size_t i = 0; i < json_array_size(roles); i++)
        if (!strcmp(json_string_value(json_array_get(roles, i)), "expert")) x->is_expert = true;
    json_decref(u);
    return rows(DB_EXEC(c, Q_EXP_GET, profile_conflicts_cb, x, db_int(uid)));
}

/* The orgs an expert entered records of (the co-worker rule), as {"<org id>": true}. */
static db_status cowork_cb(void *ctx, const db_row *r)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, db_col_int(r, 0));
    json_object_set_new(ctx, key, json_true());
    return DB_OK;
}

/* The date conflict_years years ago (the co-worker rule's start), "YYYY-MM-DD". */
static void years_ago(int64_t years, char out[11])
{
    char today[11];
    kz_today(today);
    int y = atoi(today);
    snprintf(out, 11, "%04d%s", y - (int)years, today + 4);
}

/* The conflicts of expert x with the items: [{rule, item_id, org_id, text}] (empty: none). The
 * co-worker rule reads the orgs the expert entered records of in the period once (by the indexes
 * on created_by: what the expert entered, not what the items' orgs hold). */
static db_status conflicts_of(db_conn *c, const expert *x, const json_t *items, int64_t years,
                              json_t **out)
{
    *out = json_array();
    char since[11];
    years_ago(years, since);
    json_t *cowork = json_object();
    db_status st =
        years > 0 ? rows(DB_EXEC(c, Q_COWORK, cowork_cb, cowork, db_int(x->id), db_text(since)))
                  : DB_OK;
    for (size_t i = 0; st == DB_OK && i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i), *orgs = json_object_get(it, "orgs");
        int64_t item = num(it, "id");
        for (size_t j = 0; j < json_array_size(orgs); j++) {
            json_t *o = json_array_get(orgs, j);
            int64_t oid = num(o, "id");
            char text[600], key[32];
            if (x->org_id && oid == x->org_id) {
                snprintf(text, sizeof text, "与申报或发榜单位同属一单位（%s）", str(o, "name"));
                json_array_append_new(*out, json_pack("{s:s, s:I, s:I, s:s}", "rule", "same_org",
                                                      "item_id", (json_int_t)item, "org_id",
                                                      (json_int_t)oid, "text", text));
            }
            snprintf(key, sizeof key, ",%" PRId64 ",", oid);
            if (strstr(x->conflict_orgs, key)) {
                snprintf(text, sizeof text, "本人声明与%s存在利益冲突", str(o, "name"));
                json_array_append_new(*out, json_pack("{s:s, s:I, s:I, s:s}", "rule", "declared",
                                                      "item_id", (json_int_t)item, "org_id",
                                                      (json_int_t)oid, "text", text));
            }
            snprintf(key, sizeof key, "%" PRId64, oid);
            if (oid != x->org_id && json_object_get(cowork, key)) {
                snprintf(text, sizeof text,
                         "近 %" PRId64 " 年曾为%s登记成果、需求或其他记录（共事关系）", years,
                         str(o, "name"));
                json_array_append_new(*out, json_pack("{s:s, s:I, s:I, s:s}", "rule", "coworker",
                                                      "item_id", (json_int_t)item, "org_id",
                                                      (json_int_t)oid, "text", text));
            }
        }
        json_t *team = json_object_get(it, "team");
        for (size_t j = 0; *x->name && j < json_array_size(team); j++)
            if (!strcmp(json_string_value(json_array_get(team, j)), x->name)) {
                char text[600];
                snprintf(text, sizeof text, "是“%s”的团队成员", str(it, "title"));
                json_array_append_new(*out,
                                      json_pack("{s:s, s:I, s:n, s:s}", "rule", "team", "item_id",
                                                (json_int_t)item, "org_id", "text", text));
            }
    }
    json_decref(cowork);
    return st;
}

/* "存在利益冲突：a；b" of a conflicts list, into buf. */
static void conflicts_text(const json_t *cs, const char *lead, char *buf, size_t n)
{
    size_t o = (size_t)snprintf(buf, n, "%s", lead);
    for (size_t i = 0; i < json_array_size(cs) && o < n; i++)
        o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? "；" : "",
                              str(json_array_get(cs, i), "text"));
}

/* ------------------------------------ access ------------------------------------ */

/* Panels are for signed-in users: the anonymous are told to sign in (401). */
static bool signed_in(const kz_actor *a, kz_error *e)
{
    if (a->user_id || a->operator_) return true;
    kz_fail(e, KZ_E_UNAUTHENTICATED, NULL);
    return false;
}

static bool convenes(const kz_actor *a, const json_t *panel)
{
    if (a->operator_ || (a->roles & KZ_ROLE_BIT(KZ_ROLE_ADMIN))) return true;
    return a->org_id && a->org_id == num(panel, "org_id") && (a->roles & CONVENERS);
}

/* The panel as the platform reads it (every field), or NULL with the error in e. */
static json_t *read_panel(db_conn *c, int64_t id, kz_err *rc, kz_error *e)
{
    return kz_kind_read(&kz_kind_panel, c, id, rc, e);
}

typedef struct pm_row {
    bool found;
    char status[16];
    char note[1024];
} pm_row;

static db_status pm_cb(void *ctx, const db_row *r)
{
    pm_row *m = ctx;
    m->found = true;
    snprintf(m->status, sizeof m->status, "%s", db_col_text(r, 2) ? db_col_text(r, 2) : "");
    snprintf(m->note, sizeof m->note, "%s", db_col_text(r, 3) ? db_col_text(r, 3) : "");
    return DB_OK;
}

static db_status member_of(db_conn *c, int64_t panel, int64_t uid, pm_row *m)
{
    memset(m, 0, sizeof *m);
    return rows(DB_EXEC(c, Q_PM_GET, pm_cb, m, db_int(panel), db_int(uid)));
}

/* A member who may read: declared or scored (not withdrawn, recused or only invited). */
static bool reads_material(const pm_row *m)
{
    return m->found && (!strcmp(m->status, "declared") || !strcmp(m->status, "scored"));
}

/* Who reads a panel's members, material and scores as its convener or steward: whoever the
 * engine lets read the panel (its org's conveners, officers of its region, admins). */
static kz_err panel_for_reader(db_conn *c, const kz_actor *a, int64_t id, json_t **panel,
                               kz_error *e)
{
    return kz_kind_get(&kz_kind_panel, c, a, id, panel, e);
}

/* ------------------------------------ members ------------------------------------ */

static json_t *member_json(const member *m)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:s}", "user_id", (json_int_t)m->user_id, "display_name",
                     m->name, "status", m->status, "org_id",
                     m->org_id ? json_integer(m->org_id) : json_null(), "org_name", m->org_name);
}

static db_status pm_full_cb(void *ctx, const db_row *r)
{
    json_t *arr = ctx;
    member m;
    members one = {&m, 0, 1};
    member_cb(&one, r);
    json_t *o = member_json(&m);
    json_object_set_new(o, "note", kz_col_str(r, 3));
    json_object_set_new(o, "invited_at", kz_col_str(r, 5));
    json_object_set_new(o, "updated_at", kz_col_str(r, 6));
    json_array_append_new(arr, o);
    return DB_OK;
}

kz_err kz_panel_members(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!signed_in(a, e)) return KZ_E_UNAUTHENTICATED;
    json_t *panel = NULL;
    kz_err rc = panel_for_reader(c, a, id, &panel, e);
    if (rc != KZ_OK) return rc;
    json_decref(panel);
    json_t *items = json_array();
    db_status st = rows(DB_EXEC(c, Q_PM_LIST, pm_full_cb, items, db_int(id)));
    if (st != DB_OK) {
        json_decref(items);
        return kz_db_fail(e, st);
    }
    *out = json_pack("{s:o}", "items", items);
    return KZ_OK;
}

static const kz_field member_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "user_id", .type = KZ_F_INT, .nullable = true, .min = 1, .max = KZ_ID_MAX},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

typedef struct act_ctx {
    const kz_actor *a;
    int64_t id, uid;
    const char *action, *comment;
    json_t *out;
    kz_err err;
    kz_error *e;
} act_ctx;

static db_status audit_member(db_conn *c, const kz_actor *a, int64_t panel, int64_t uid,
                              const char *action, const char *status, const char *note)
{
    char eid[48];
    snprintf(eid, sizeof eid, "%" PRId64 ":%" PRId64, panel, uid);
    json_t *after =
        json_pack("{s:I, s:I, s:s, s:o}", "panel_id", (json_int_t)panel, "user_id", (json_int_t)uid,
                  "status", status, "note", note ? json_string(note) : json_null());
    db_status st = kz_audit_append(c, a, "panel_member", eid, action, NULL, after);
    json_decref(after);
    return st;
}

static db_status put_member(db_conn *c, const kz_actor *a, int64_t panel, int64_t uid,
                            const char *status, const char *note)
{
    char now[24];
    kz_rfc3339((time_t)kz_now(), now);
    return DB_EXEC(c, Q_PM_PUT, NULL, NULL, db_int(panel), db_int(uid), db_text(status),
                   db_text(note), a->user_id ? db_int(a->user_id) : db_null(), db_text(now));
}

static db_status count_cb(void *ctx, const db_row *r)
{
    (void)r;
    (*(int *)ctx)++;
    return DB_OK;
}

static db_status act_tx(db_conn *c, void *ctx)
{
    act_ctx *x = ctx;
    kz_error_clear(x->e);
    x->err = KZ_OK;
    json_decref(x->out);
    x->out = NULL;
    kz_err rc;
    json_t *panel = read_panel(c, x->id, &rc, x->e);
    if (!panel) {
        x->err = rc;
        return DB_HARD;
    }
    const char *ps = str(panel, "status");
    bool manager = strcmp(x->action, "invite") == 0 || strcmp(x->action, "withdraw") == 0;
    db_status st = DB_OK;
    pm_row m;
    if (manager) {
        if (!convenes(x->a, panel)) {
            json_t *seen = NULL;
            kz_error e2 = {0};
            kz_err vis = panel_for_reader(c, x->a, x->id, &seen, &e2);
            json_decref(seen);
            kz_error_clear(&e2);
            st = vis == KZ_OK ? kz_refuse(&x->err, x->e, KZ_E_FORBIDDEN, NULL,
                                          "只有组织评审的单位可以邀请或撤销专家")
                              : kz_refuse(&x->err, x->e, KZ_E_NOT_FOUND, NULL, "专家组不存在");
        } else if (strcmp(ps, "draft") != 0 && strcmp(ps, "open") != 0) {
            st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, NULL,
                           "专家组已结束或已取消，不能再调整成员");
        } else if (!x->uid) {
            st = kz_refuse(&x->err, x->e, KZ_E_VALIDATION, "user_id", "必填：专家的用户 id");
        }
    } else {
        x->uid = x->uid ? x->uid : x->a->user_id;
        if (!x->a->user_id || x->uid != x->a->user_id)
            st = kz_refuse(&x->err, x->e, KZ_E_FORBIDDEN, "user_id",
                           "只能为本人声明利益冲突或申请回避");
    }
    if (st == DB_OK) st = member_of(c, x->id, x->uid, &m);
    if (st == DB_OK && !manager &&
        (!m.found || !strcmp(m.status, "withdrawn") || !strcmp(ps, "draft")))
        st = kz_refuse(&x->err, x->e, KZ_E_NOT_FOUND, NULL, "专家组不存在");
    const char *to = NULL, *note = NULL;
    char text[1400];
    json_t *items = NULL, *cs = NULL;
    expert ex;
    bool found = false;
    if (st == DB_OK && (!strcmp(x->action, "invite") || !strcmp(x->action, "declare"))) {
        st = load_expert(c, x->uid, &ex, &found);
        if (st == DB_OK && (!found || !ex.is_expert || ex.disabled))
            st = kz_refuse(&x->err, x->e, KZ_E_VALIDATION, "user_id", "该用户不是可用的评审专家");
        if (st == DB_OK) st = panel_items(c, panel, &items);
        if (st == DB_OK) st = conflicts_of(c, &ex, items, num(panel, "conflict_years"), &cs);
    }
    if (st != DB_OK) {
        /* refused above, or the database's */
    } else if (!strcmp(x->action, "invite")) {
        int active = 0;
        members ms;
        st = load_members(c, x->id, &ms);
        for (int i = 0; st == DB_OK && i < ms.n; i++)
            if (strcmp(ms.m[i].status, "withdrawn") != 0 && strcmp(ms.m[i].status, "recused") != 0)
                active++;
        free(ms.m);
        if (st != DB_OK) {
        } else if (m.found && strcmp(m.status, "withdrawn") != 0) {
            st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, "user_id",
                           !strcmp(m.status, "recused") ? "该专家已回避本专家组"
                                                        : "该专家已在专家组中");
        } else if (active >= KZ_PANEL_MEMBERS_MAX) {
            st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, NULL, "专家组成员已达上限（30 人）");
        } else if (json_array_size(cs)) {
            conflicts_text(cs, "存在利益冲突，不能邀请：", text, sizeof text);
            st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, "user_id", text);
        } else {
            to = "invited";
        }
    } else if (!strcmp(x->action, "withdraw")) {
        if (!m.found || (strcmp(m.status, "invited") != 0 && strcmp(m.status, "declared") != 0))
            st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, "user_id", "只能撤销尚未评分的专家的邀请");
        else if (!x->comment || !*x->comment)
            st = kz_refuse(&x->err, x->e, KZ_E_VALIDATION, "comment", "必填：撤销邀请的理由");
        else
            to = "withdrawn", note = x->comment;
    } else if (!strcmp(x->action, "declare")) {
        if (strcmp(ps, "open") != 0)
            st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, NULL, "专家组不在评审中");
        else if (strcmp(m.status, "invited") != 0)
            st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, NULL, "已声明过，不能重复声明");
        else if (json_array_size(cs)) {
            conflicts_text(cs, "系统发现利益冲突，请申请回避：", text, sizeof text);
            st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, "user_id", text);
        } else
            to = "declared";
    } else if (!strcmp(x->action, "recuse")) {
        if (strcmp(ps, "open") != 0)
            st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, NULL, "专家组不在评审中");
        else if (!strcmp(m.status, "recused"))
            st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, NULL, "已回避");
        else if (!x->comment || !*x->comment)
            st = kz_refuse(&x->err, x->e, KZ_E_VALIDATION, "comment", "必填：利益冲突的情况");
        else
            to = "recused", note = x->comment;
    } else {
        st = kz_refuse(&x->err, x->e, KZ_E_VALIDATION, "action",
                       "可选：invite, withdraw, declare, recuse");
    }
    if (st == DB_OK && !strcmp(to, "recused"))
        st = DB_EXEC(c, Q_PS_CLEAR, NULL, NULL, db_int(x->id), db_int(x->uid));
    if (st == DB_OK) st = put_member(c, x->a, x->id, x->uid, to, note);
    if (st == DB_OK) st = audit_member(c, x->a, x->id, x->uid, x->action, to, note);
    if (st == DB_OK) {
        char msg[400];
        const char *title = str(panel, "title");
        if (!strcmp(to, "invited") && !strcmp(ps, "open")) {
            st = tell_invited(c, x->a, x->id, x->uid, title);
        } else if (!strcmp(to, "withdrawn") && !strcmp(ps, "open")) {
            snprintf(msg, sizeof msg, "已撤销对您参加评审“%s”的邀请：%s", title, note);
            st = kz_notify(c, x->a, x->uid, "panel_invite", "panel", x->id, msg);
        } else if (!strcmp(to, "recused")) {
            snprintf(msg, sizeof msg, "评审专家已申请回避：%s", title);
            st = kz_notify_org(c, x->a, num(panel, "org_id"), KZ_ROLE_OFFICER, "panel_member",
                               "panel", x->id, msg);
            if (st == DB_OK)
                st = kz_notify_org(c, x->a, num(panel, "org_id"), KZ_ROLE_REVIEWER, "panel_member",
                                   "panel", x->id, msg);
        }
    }
    if (st == DB_OK)
        x->out = json_pack("{s:I, s:I, s:s, s:o}", "panel_id", (json_int_t)x->id, "user_id",
                           (json_int_t)x->uid, "status", to, "note",
                           note ? json_string(note) : json_null());
    json_decref(cs);
    json_decref(items);
    json_decref(panel);
    return st;
}

kz_err kz_panel_member_act(db_conn *c, const kz_actor *a, int64_t id, const json_t *in,
                           json_t **out, kz_error *e)
{
    *out = NULL;
    if (!signed_in(a, e)) return KZ_E_UNAUTHENTICATED;
    if (!kz_validate_object(in, member_fields, false, e)) return KZ_E_VALIDATION;
    act_ctx x = {.a = a,
                 .id = id,
                 .uid = num(in, "user_id"),
                 .action = kz_json_str(in, "action"),
                 .comment = kz_json_str(in, "comment"),
                 .e = e};
    db_status st = db_tx(c, true, act_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out);
        return x.err != KZ_OK ? x.err : kz_db_fail(e, st);
    }
    *out = x.out;
    return KZ_OK;
}

/* ----------------------------------- proposals ----------------------------------- */

typedef struct cand {
    int64_t user_id, org_id;
    int fit;
    bool busy;
    expert ex; /* as the conflict check reads it, from the same row */
    json_t *o;
} cand;

typedef struct cands {
    cand *c;
    int n, cap;
    const char *industry;
} cands;

/* How closely a profile's fields match the industry code: the same code 100; one inside the
 * other 60 + 10 per shared character; the same section 30. */
static int fit_of(const char *fields, const char *industry)
{
    const char *sec = kz_industry_section(industry);
    int best = 0;
    const char *p = fields;
    while (p && *p) {
        while (*p == ',')
            p++;
        size_t n = strcspn(p, ",");
        if (!n) break;
        char code[8] = {0};
        if (n < sizeof code) memcpy(code, p, n);
        int f = 0;
        size_t il = strlen(industry);
        if (!strcmp(code, industry))
            f = 100;
        else if (n <= il ? !strncmp(code, industry, n) : !strncmp(code, industry, il))
            f = 60 + 10 * (int)(n < il ? n : il);
        else if (sec && kz_industry_section(code) && !strcmp(kz_industry_section(code), sec))
            f = 30;
        if (f > best) best = f;
        p += n;
    }
    return best > 99 ? 100 : best;
}

static json_t *codes_json(const char *s)
{
    json_t *a = json_array();
    const char *p = s ? s : "";
    while (*p) {
        while (*p == ',')
            p++;
        size_t n = strcspn(p, ",");
        if (!n) break;
        json_array_append_new(a, json_stringn(p, n));
        p += n;
    }
    return a;
}

static db_status cand_cb(void *ctx, const db_row *r)
{
    cands *cs = ctx;
    const char *roles = db_col_text(r, 10);
    if (db_col_int(r, 11) || !roles || !strstr(roles, "expert")) return DB_OK;
    const char *avail = db_col_text(r, 5);
    if (avail && !strcmp(avail, "unavailable")) return DB_OK;
    if (cs->n == cs->cap) {
        int cap = cs->cap ? cs->cap * 2 : 64;
        cand *c = realloc(cs->c, (size_t)cap * sizeof *c);
        if (!c) return DB_HARD;
        cs->c = c;
        cs->cap = cap;
    }
    cand *x = &cs->c[cs->n++];
    x->user_id = db_col_int(r, 0);
    x->org_id = db_col_null(r, 9) ? 0 : db_col_int(r, 9);
    x->busy = avail && !strcmp(avail, "busy");
    x->fit = fit_of(db_col_text(r, 2), cs->industry);
    memset(&x->ex, 0, sizeof x->ex);
    x->ex.id = x->user_id;
    x->ex.org_id = x->org_id;
    x->ex.is_expert = true;
    bare_name(db_col_text(r, 8), x->ex.name, sizeof x->ex.name);
    snprintf(x->ex.conflict_orgs, sizeof x->ex.conflict_orgs, "%s",
             db_col_text(r, 6) ? db_col_text(r, 6) : ",");
    x->o =
        json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i}", "user_id",
                  (json_int_t)x->user_id, "display_name", kz_col_str(r, 8), "org_id",
                  x->org_id ? json_integer(x->org_id) : json_null(), "org_name", kz_col_str(r, 12),
                  "title", kz_col_str(r, 1), "fields", codes_json(db_col_text(r, 2)), "specialty",
                  kz_col_str(r, 4), "availability", kz_col_str(r, 5), "fit", x->fit);
    return DB_OK;
}

static int cmp_cand(const void *p, const void *q)
{
    const cand *a = p, *b = q;
    if (a->busy != b->busy) return a->busy ? 1 : -1;
    if (a->fit != b->fit) return b->fit - a->fit;
    return (a->user_id > b->user_id) - (a->user_id < b->user_id);
}

kz_err kz_panel_candidates(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!signed_in(a, e)) return KZ_E_UNAUTHENTICATED;
    json_t *panel = NULL;
    kz_err rc = panel_for_reader(c, a, id, &panel, e);
    if (rc != KZ_OK) return rc;
    if (!convenes(a, panel)) {
        json_decref(panel);
        return kz_fail(e, KZ_E_FORBIDDEN, "只有组织评审的单位可以查看推荐专家");
    }
    const char *industry = str(panel, "industry");
    const char *sec = kz_industry_section(industry);
    cands cs = {.industry = industry};
    json_t *items = NULL, *good = json_array(), *excluded = json_array();
    members ms = {0};
    char key[8];
    snprintf(key, sizeof key, ",%s,", sec ? sec : "?");
    db_status st =
        rows(DB_EXEC(c, Q_EXP_MATCHING, cand_cb, &cs, db_text(key), db_int(PROFILES_SCAN)));
    if (st == DB_OK) st = panel_items(c, panel, &items);
    if (st == DB_OK) st = load_members(c, id, &ms);
    if (st == DB_OK) qsort(cs.c, (size_t)cs.n, sizeof *cs.c, cmp_cand);
    for (int i = 0; st == DB_OK && i < cs.n && json_array_size(good) < CANDIDATES_MAX; i++) {
        const member *m = find_member(&ms, cs.c[i].user_id);
        if (m && strcmp(m->status, "withdrawn") != 0) continue; /* on the panel already */
        json_t *conf = NULL;
        st = conflicts_of(c, &cs.c[i].ex, items, num(panel, "conflict_years"), &conf);
        if (st == DB_OK && json_array_size(conf)) {
            json_object_set(cs.c[i].o, "conflicts", conf);
            json_array_append(excluded, cs.c[i].o);
        } else if (st == DB_OK) {
            json_array_append(good, cs.c[i].o);
        }
        json_decref(conf);
    }
    for (int i = 0; i < cs.n; i++)
        json_decref(cs.c[i].o);
    free(cs.c);
    free(ms.m);
    json_decref(items);
    json_decref(panel);
    if (st != DB_OK) {
        json_decref(good);
        json_decref(excluded);
        return kz_db_fail(e, st);
    }
    *out = json_pack("{s:o, s:o}", "items", good, "excluded", excluded);
    return KZ_OK;
}

/* ----------------------------------- material ----------------------------------- */

/* The panel for an expert who is a member (not withdrawn) of it past draft; NULL and 404
 * otherwise. m: the membership. */
static json_t *panel_for_member(db_conn *c, const kz_actor *a, int64_t id, pm_row *m, kz_err *rc,
                                kz_error *e)
{
    json_t *panel = read_panel(c, id, rc, e);
    if (!panel) return NULL;
    db_status st = a->user_id ? member_of(c, id, a->user_id, m) : DB_OK;
    if (st != DB_OK) {
        *rc = kz_db_fail(e, st);
    } else if (!a->user_id || !m->found || !strcmp(m->status, "withdrawn") ||
               !strcmp(str(panel, "status"), "draft")) {
        *rc = kz_fail(e, KZ_E_NOT_FOUND, "专家组不存在");
    } else {
        return panel;
    }
    json_decref(panel);
    return NULL;
}

kz_err kz_panel_material(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!signed_in(a, e)) return KZ_E_UNAUTHENTICATED;
    json_t *panel = NULL;
    kz_err rc = panel_for_reader(c, a, id, &panel, e);
    bool convener = rc == KZ_OK && convenes(a, panel);
    if (rc == KZ_OK && !convener) {
        json_decref(panel);
        panel = NULL;
    }
    if (!convener) {
        kz_error_clear(e);
        pm_row m;
        panel = panel_for_member(c, a, id, &m, &rc, e);
        if (!panel) return rc;
        if (!reads_material(&m)) {
            json_decref(panel);
            return kz_fail(e, KZ_E_CONFLICT,
                           !strcmp(m.status, "recused") ? "已回避，不能查看评审材料"
                                                        : "请先声明无利益冲突，再查看评审材料");
        }
    }
    json_t *items = NULL, *records = json_array();
    db_status st = panel_items(c, panel, &items);
    for (size_t i = 0; st == DB_OK && i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        const kz_kind_desc *k = kz_kind_find(str(it, "kind"));
        kz_err r2 = KZ_E_NOT_FOUND;
        kz_error e2 = {0};
        json_t *rec = k ? kz_kind_read(k, c, num(it, "id"), &r2, &e2) : NULL;
        kz_error_clear(&e2);
        json_array_append_new(records,
                              json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)num(it, "id"),
                                        "kind", str(it, "kind"), "title", str(it, "title"),
                                        "record", rec ? rec : json_null()));
    }
    json_decref(items);
    if (st != DB_OK) {
        json_decref(records);
        json_decref(panel);
        return kz_db_fail(e, st);
    }
    *out = json_pack(
        "{s:I, s:s, s:s, s:O, s:O, s:o}", "panel_id", (json_int_t)id, "title", str(panel, "title"),
        "purpose", str(panel, "purpose"), "criteria", json_object_get(panel, "criteria"), "due_on",
        json_object_get(panel, "due_on") ? json_object_get(panel, "due_on") : json_null(), "items",
        records);
    json_decref(panel);
    return KZ_OK;
}

/* ------------------------------------- sheets ------------------------------------- */

static const kz_field score_fields[] = {
    {.name = "item_id", .type = KZ_F_INT, .required = true, .min = 1, .max = KZ_ID_MAX},
    {.name = "scores", .type = KZ_F_ARRAY, .max_items = 0}, /* replaced: an object, checked below */
    {.name = "comment", .type = KZ_F_STRING, .required = true, .min_len = 2, .max_len = 2000},
    {0},
};

typedef struct score_ctx {
    const kz_actor *a;
    int64_t id, item;
    const json_t *scores;
    const char *comment;
    json_t *out;
    kz_err err;
    kz_error *e;
} score_ctx;

static db_status score_tx(db_conn *c, void *ctx)
{
    score_ctx *x = ctx;
    kz_error_clear(x->e);
    x->err = KZ_OK;
    json_decref(x->out);
    x->out = NULL;
    pm_row m;
    kz_err rc;
    json_t *panel = panel_for_member(c, x->a, x->id, &m, &rc, x->e);
    if (!panel) {
        x->err = rc;
        return DB_HARD;
    }
    db_status st = DB_OK;
    json_t *criteria = json_object_get(panel, "criteria"), *items = json_object_get(panel, "items");
    if (strcmp(str(panel, "status"), "open") != 0)
        st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, NULL, "专家组不在评审中，不能评分");
    else if (!reads_material(&m))
        st = kz_refuse(&x->err, x->e, KZ_E_CONFLICT, NULL,
                       !strcmp(m.status, "recused") ? "已回避，不能评分"
                                                    : "请先声明无利益冲突，再评分");
    bool known = false;
    for (size_t i = 0; i < json_array_size(items); i++)
        known = known || num(json_array_get(items, i), "id") == x->item;
    if (st == DB_OK && !known)
        st = kz_refuse(&x->err, x->e, KZ_E_VALIDATION, "item_id", "不是本专家组的评审对象");
    /* every criterion once, an integer within its range, nothing else */
    for (size_t i = 0; st == DB_OK && i < json_array_size(criteria); i++) {
        json_t *cr = json_array_get(criteria, i), *v = json_object_get(x->scores, str(cr, "key"));
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > num(cr, "max")) {
            char why[200];
            snprintf(why, sizeof why, "“%s”的得分应为 0 至 %" PRId64 " 的整数", str(cr, "name"),
                     num(cr, "max"));
            st = kz_refuse(&x->err, x->e, KZ_E_VALIDATION, "scores", why);
        }
    }
    if (st == DB_OK && json_object_size(x->scores) != json_array_size(criteria))
        st = kz_refuse(&x->err, x->e, KZ_E_VALIDATION, "scores", "得分应逐项对应评分项，不能多填");
    int64_t total = st == DB_OK ? kz_panel_sheet_total(criteria, x->scores) : -1;
    if (st == DB_OK && total < 0)
        st = kz_refuse(&x->err, x->e, KZ_E_VALIDATION, "scores", "得分无效");
    char now[24], *sc = NULL;
    kz_rfc3339((time_t)kz_now(), now);
    if (st == DB_OK) {
        sc = json_dumps(x->scores, JSON_SORT_KEYS | JSON_COMPACT);
        st = sc ? DB_EXEC(c, Q_PS_PUT, NULL, NULL, db_int(x->id), db_int(x->a->user_id),
                          db_int(x->item), db_text(sc), db_int(total), db_text(x->comment),
                          db_text(now))
                : DB_HARD;
    }
    int mine = 0;
    if (st == DB_OK)
        st = rows(DB_EXEC(c, Q_PS_OF_USER, count_cb, &mine, db_int(x->id), db_int(x->a->user_id)));
    const char *status = m.status;
    if (st == DB_OK && !strcmp(m.status, "declared") && (size_t)mine == json_array_size(items)) {
        status = "scored";
        st = put_member(c, x->a, x->id, x->a->user_id, status, NULL);
        if (st == DB_OK) st = audit_member(c, x->a, x->id, x->a->user_id, "scored", status, NULL);
    }
    if (st == DB_OK) {
        /* the audit row seals the sheet: its SHA-256, not its scores */
        char canon[2600], eid[72], hex[65];
        unsigned char d[32];
        snprintf(canon, sizeof canon, "%" PRId64 "|%" PRId64 "|%" PRId64 "|%s|%" PRId64 "|%s",
                 x->id, x->a->user_id, x->item, sc, total, x->comment);
        kz_sha256 h;
        kz_sha256_init(&h);
        kz_sha256_update(&h, canon, strlen(canon));
        kz_sha256_final(&h, d);
        for (int i = 0; i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", d[i]);
        snprintf(eid, sizeof eid, "%" PRId64 ":%" PRId64 ":%" PRId64, x->id, x->a->user_id,
                 x->item);
        json_t *after = json_pack("{s:I, s:I, s:s}", "panel_id", (json_int_t)x->id, "item_id",
                                  (json_int_t)x->item, "sheet_sha256", hex);
        st = kz_audit_append(c, x->a, "panel_score", eid, "score", NULL, after);
        json_decref(after);
    }
    if (st == DB_OK)
        x->out = json_pack("{s:I, s:I, s:O, s:I, s:s, s:s, s:s, s:i, s:i}", "panel_id",
                           (json_int_t)x->id, "item_id", (json_int_t)x->item, "scores", x->scores,
                           "total_c", (json_int_t)total, "comment", x->comment, "at", now,
                           "member_status", status, "scored_items", mine, "items",
                           (int)json_array_size(items));
    free(sc);
    json_decref(panel);
    return st;
}

kz_err kz_panel_score(db_conn *c, const kz_actor *a, int64_t id, const json_t *in, json_t **out,
                      kz_error *e)
{
    *out = NULL;
    if (!signed_in(a, e)) return KZ_E_UNAUTHENTICATED;
    json_t *scores = json_object_get(in, "scores");
    if (!kz_validate_object_except(in, score_fields, false, "scores", e)) return KZ_E_VALIDATION;
    if (!json_is_object(scores)) {
        kz_field_error(e, "scores", "必填：各评分项的得分 {key: 分数}");
        return KZ_E_VALIDATION;
    }
    score_ctx x = {.a = a,
                   .id = id,
                   .item = num(in, "item_id"),
                   .scores = scores,
                   .comment = kz_json_str(in, "comment"),
                   .e = e};
    db_status st = db_tx(c, true, score_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out);
        return x.err != KZ_OK ? x.err : kz_db_fail(e, st);
    }
    *out = x.out;
    return KZ_OK;
}

kz_err kz_panel_scores(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!signed_in(a, e)) return KZ_E_UNAUTHENTICATED;
    json_t *panel = NULL;
    kz_err rc = panel_for_reader(c, a, id, &panel, e);
    bool steward = rc == KZ_OK;
    pm_row m = {0};
    if (!steward) {
        kz_error_clear(e);
        panel = panel_for_member(c, a, id, &m, &rc, e);
        if (!panel) return rc;
    }
    bool closed = !strcmp(str(panel, "status"), "closed");
    sheets ss = {.rows = json_array()};
    members ms = {0};
    db_status st = rows(DB_EXEC(c, Q_PS_LIST, sheet_cb, &ss, db_int(id)));
    if (st == DB_OK) st = load_members(c, id, &ms);
    json_t *sheets_out = json_array(), *progress = json_array();
    size_t i;
    json_t *r;
    /* closed: every sheet; open: a member its own, a steward none (sealed) */
    json_array_foreach(ss.rows, i, r)
    {
        if (st != DB_OK) break;
        const member *mm = find_member(&ms, num(r, "user_id"));
        if (closed) {
            json_object_set_new(r, "display_name", json_string(mm ? mm->name : ""));
            json_object_set_new(r, "counted", json_boolean(mm && !strcmp(mm->status, "scored")));
            json_array_append(sheets_out, r);
        } else if (!steward && num(r, "user_id") == a->user_id) {
            json_array_append(sheets_out, r);
        }
    }
    for (int k = 0; st == DB_OK && steward && k < ms.n; k++) {
        int n = 0;
        for (int j = 0; j < ss.n; j++)
            n += ss.s[j].user_id == ms.m[k].user_id;
        json_t *p = member_json(&ms.m[k]);
        json_object_set_new(p, "scored_items", json_integer(n));
        json_array_append_new(progress, p);
    }
    json_t *items = json_object_get(panel, "items"), *result = json_object_get(panel, "result");
    if (st == DB_OK)
        *out = json_pack("{s:I, s:s, s:b, s:o, s:o, s:i, s:O}", "panel_id", (json_int_t)id,
                         "status", str(panel, "status"), "sealed", !closed, "sheets", sheets_out,
                         "progress", progress, "items", (int)json_array_size(items), "result",
                         closed && result ? result : json_null());
    else {
        json_decref(sheets_out);
        json_decref(progress);
    }
    json_decref(ss.rows);
    free(ss.s);
    free(ms.m);
    json_decref(panel);
    return st == DB_OK ? KZ_OK : kz_db_fail(e, st);
}

/* ----------------------------------- my reviews ----------------------------------- */

static db_status mine_cb(void *ctx, const db_row *r)
{
    json_t *arr = ctx;
    json_t *d = json_loads(db_col_text(r, 8) ? db_col_text(r, 8) : "{}", 0, NULL);
    if (!d) d = json_object();
    json_t *it = json_pack(
        "{s:I, s:s, s:s, s:o, s:o, s:O, s:O, s:O, s:O, s:o, s:I, s:i, s:o}", "panel_id",
        (json_int_t)db_col_int(r, 0), "title", str(d, "title"), "purpose", str(d, "purpose"),
        "panel_status", kz_col_str(r, 7), "status", kz_col_str(r, 2), "target_id",
        json_object_get(d, "target_id") ? json_object_get(d, "target_id") : json_null(),
        "target_title",
        json_object_get(d, "target_title") ? json_object_get(d, "target_title") : json_null(),
        "due_on", json_object_get(d, "due_on") ? json_object_get(d, "due_on") : json_null(),
        "criteria", json_object_get(d, "criteria") ? json_object_get(d, "criteria") : json_null(),
        "invited_at", kz_col_str(r, 5), "org_id", (json_int_t)db_col_int(r, 9), "items",
        (int)json_array_size(json_object_get(d, "items")), "scored_items",
        json_integer(db_col_int(r, 10)));
    json_array_append_new(arr, it);
    json_decref(d);
    return DB_OK;
}

kz_err kz_me_reviews(db_conn *c, const kz_actor *a, const kz_page *p, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!signed_in(a, e)) return KZ_E_UNAUTHENTICATED;
    json_t *items = json_array();
    db_status st = rows(DB_EXEC(c, Q_PM_MINE, mine_cb, items, db_int(a->user_id),
                                db_int(p->after > 0 ? p->after : KZ_ID_MAX), db_int(p->limit + 1)));
    if (st != DB_OK) {
        json_decref(items);
        return kz_db_fail(e, st);
    }
    json_t *page = kz_page_result(items, p, -1, "panel_id");
    json_object_del(page, "total");
    *out = page;
    return KZ_OK;
}

/* ------------------------------------ profiles ------------------------------------ */

static const char *check_codes(const json_t *v)
{
    for (size_t i = 0; i < json_array_size(v); i++) {
        const char *why = kz_check_industry(json_array_get(v, i));
        if (why) return why;
    }
    return NULL;
}

static const char *check_org_ids(const json_t *v)
{
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *it = json_array_get(v, i);
        if (!json_is_integer(it) || json_integer_value(it) < 1 ||
            json_integer_value(it) > KZ_ID_MAX)
            return "应为机构 id 列表";
    }
    return NULL;
}

static const kz_field profile_fields[] = {
    {.name = "title", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 50},
    {.name = "fields",
     .type = KZ_F_STRING_LIST,
     .required = true,
     .min_len = 1,
     .max_len = 4,
     .max_items = 10,
     .check = check_codes},
    {.name = "specialty", .type = KZ_F_STRING, .nullable = true, .max_len = 500},
    {.name = "availability",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .vocab = &kz_enum_expert_availability},
    {.name = "conflict_org_ids", .type = KZ_F_ARRAY, .max_items = 20, .check = check_org_ids},
    {0},
};

static db_status profile_cb(void *ctx, const db_row *r)
{
    json_t **o = ctx;
    json_t *orgs = json_array();
    const char *p = db_col_text(r, 6) ? db_col_text(r, 6) : "";
    while (*p) {
        while (*p == ',')
            p++;
        if (!*p) break;
        json_array_append_new(orgs, json_integer(strtoll(p, NULL, 10)));
        p += strcspn(p, ",");
    }
    *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "user_id", (json_int_t)db_col_int(r, 0),
                   "title", kz_col_str(r, 1), "fields", codes_json(db_col_text(r, 2)), "specialty",
                   kz_col_str(r, 4), "availability", kz_col_str(r, 5), "conflict_org_ids", orgs,
                   "updated_at", kz_col_str(r, 7));
    return DB_OK;
}

kz_err kz_expert_profile_get(db_conn *c, const kz_actor *a, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!signed_in(a, e)) return KZ_E_UNAUTHENTICATED;
    if (!(a->roles & KZ_ROLE_BIT(KZ_ROLE_EXPERT)))
        return kz_fail(e, KZ_E_FORBIDDEN, "只有评审专家有专家信息");
    db_status st = rows(DB_EXEC(c, Q_EXP_GET, profile_cb, out, db_int(a->user_id)));
    if (st != DB_OK) return kz_db_fail(e, st);
    if (!*out) return kz_fail(e, KZ_E_NOT_FOUND, "尚未填写专家信息");
    return KZ_OK;
}

typedef struct profile_ctx {
    const kz_actor *a;
    const json_t *in;
    json_t *out;
} profile_ctx;

static db_status profile_tx(db_conn *c, void *ctx)
{
    profile_ctx *x = ctx;
    json_decref(x->out);
    x->out = NULL;
    char fields[128] = ",", sections[64] = ",", orgs[512] = ",", now[24];
    json_t *fs = json_object_get(x->in, "fields"), *os = json_object_get(x->in, "conflict_org_ids");
    for (size_t i = 0; i < json_array_size(fs); i++) {
        const char *code = json_string_value(json_array_get(fs, i));
        char key[8];
        snprintf(key, sizeof key, ",%s,", code);
        if (strstr(fields, key)) continue;
        snprintf(fields + strlen(fields), sizeof fields - strlen(fields), "%s,", code);
        const char *sec = kz_industry_section(code);
        snprintf(key, sizeof key, ",%s,", sec ? sec : "?");
        if (sec && !strstr(sections, key))
            snprintf(sections + strlen(sections), sizeof sections - strlen(sections), "%s,", sec);
    }
    for (size_t i = 0; i < json_array_size(os); i++)
        snprintf(orgs + strlen(orgs), sizeof orgs - strlen(orgs), "%" PRId64 ",",
                 (int64_t)json_integer_value(json_array_get(os, i)));
    kz_rfc3339((time_t)kz_now(), now);
    db_status st = DB_EXEC(
        c, Q_EXP_PUT, NULL, NULL, db_int(x->a->user_id), db_text(kz_json_str(x->in, "title")),
        db_text(fields), db_text(sections), db_text(kz_json_str(x->in, "specialty")),
        db_text(kz_json_str(x->in, "availability")), db_text(orgs), db_text(now));
    if (st == DB_OK) st = rows(DB_EXEC(c, Q_EXP_GET, profile_cb, &x->out, db_int(x->a->user_id)));
    if (st == DB_OK) {
        char eid[24];
        snprintf(eid, sizeof eid, "%" PRId64, x->a->user_id);
        st = kz_audit_append(c, x->a, "expert_profile", eid, "update", NULL, x->out);
    }
    return st;
}

kz_err kz_expert_profile_put(db_conn *c, const kz_actor *a, const json_t *in, json_t **out,
                             kz_error *e)
{
    *out = NULL;
    if (!signed_in(a, e)) return KZ_E_UNAUTHENTICATED;
    if (!(a->roles & KZ_ROLE_BIT(KZ_ROLE_EXPERT)))
        return kz_fail(e, KZ_E_FORBIDDEN, "只有评审专家可以填写专家信息");
    if (!kz_validate_object(in, profile_fields, false, e)) return KZ_E_VALIDATION;
    if (!kz_enum_has(&kz_enum_expert_availability, kz_json_str(in, "availability"))) {
        kz_field_error(e, "availability", "可选：available, busy, unavailable");
        return KZ_E_VALIDATION;
    }
    profile_ctx x = {.a = a, .in = in};
    db_status st = db_tx(c, true, profile_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out);
        return kz_db_fail(e, st);
    }
    *out = x.out;
    return KZ_OK;
}
