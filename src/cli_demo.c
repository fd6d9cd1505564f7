/* cli_demo.c — `kezhuan demo`: realistic demo organizations across Sichuan and one account
 * per role, written through the domain layer (validated and audited like any other write).
 * Content comes from src/demo/ (invented enterprises, people and texts; universities,
 * institutes and bureaus are public bodies). Records are loaded in one transaction. */
#include "cli.h"
#include "core/jsonx.h"
#include "core/validate.h"
#include "demo/content.h"
#include "domain/achievement.h"
#include "domain/demand.h"
#include "domain/engine.h"
#include "domain/panel.h"
#include "domain/org.h"
#include "domain/policy.h"
#include "domain/user.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEMO_PASSWORD "Kezhuan@2026"

static const struct demo_user {
    const char *username, *display, *roles, *org;
} users[] = {
    {"admin", "平台管理员", "admin", NULL},
    {"officer", "王科长（成都市科技局）", "officer", "cdkj"},
    {"officer_my", "李科员（绵阳市科技局）", "officer", "mykj"},
    {"reviewer", "赵审查（四川知识产权运营服务）", "reviewer", "sczc"},
    {"tto_scu", "陈老师（四川大学技术转移中心）", "org_admin", "scu"},
    {"researcher", "刘教授（四川大学）", "researcher", "scu"},
    {"researcher_uestc", "张研究员（电子科技大学）", "researcher,expert", "uestc"},
    {"enterprise", "周工（锐芯微电子）", "enterprise,org_admin", "rxw"},
    {"enterprise_yb", "吴经理（宜宾锂能）", "enterprise", "ybln"},
    {"broker", "孙经纪（天府技术转移服务中心）", "broker", "tfjs"},
    {"expert", "郑专家（西南交通大学）", "expert", "swjtu"},
    {"lender", "钱经理（蜀汇银行科技金融部）", "org_admin", "shyh"},
    {"expert_scu", "冯教授（四川大学）", "expert", "scu"},
    {"expert_cuit", "唐教授（成都信息工程大学）", "expert", "cuit"},
    {"expert_xhu", "韩高工（西华大学）", "expert", "xhu"},
};
#define NUSERS ((int)(sizeof(users) / sizeof(users[0])))

/* A valid 统一社会信用代码 for demo org number i (region-coded, with its check character). */
static void credit_code(int i, const char *region, char out[19])
{
    char body[32];
    snprintf(body, sizeof body, "91%.6sMA%07u", region, (unsigned)(6100000 + i * 7919) % 10000000u);
    memcpy(out, body, 17);
    out[17] = kz_credit_code_check_char(out);
    out[18] = 0;
}

static int64_t org_id_of(const char *key, const kz_demo_org *orgs, int n, const int64_t *ids)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(orgs[i].key, key)) return ids[i];
    return 0;
}

static void print_error(const char *what, kz_error *e)
{
    fprintf(stderr, "demo: %s: %s\n", what, e->message ? e->message : kz_err_message(e->code));
    if (e->fields) {
        const char *k;
        json_t *v;
        json_object_foreach(e->fields, k, v) fprintf(stderr, "  %s: %s\n", k, json_string_value(v));
    }
    kz_error_clear(e);
}

typedef struct records_ctx {
    const kz_actor *op;
    const kz_demo_org *orgs;
    int norgs;
    const int64_t *ids;
    const int64_t *user_ids; /* of users[], in order */
    int64_t event_id;        /* the demo's past matchmaking event (its deals name it) */
    kz_error *e;
    const char *what;
} records_ctx;

/* Replaces rec's demo-only key member (an org's key) by the id member it names. */
static void resolve(const records_ctx *x, json_t *rec, const char *key, const char *id)
{
    const char *k = json_string_value(json_object_get(rec, key));
    if (!k) return;
    json_object_set_new(rec, id, json_integer(org_id_of(k, x->orgs, x->norgs, x->ids)));
    json_object_del(rec, key);
}

/* Imports one demo record of kind k with its final status (its org keys resolved into ids) as
 * the operator; takes rec's reference. On a refusal, what names the records and the row is
 * printed. */
static db_status import_one(db_conn *c, records_ctx *x, const kz_kind_desc *k, json_t *rec,
                            const char *what)
{
    resolve(x, rec, "org_key", "org_id");
    resolve(x, rec, "buyer_org_key", "buyer_org_id");
    json_t *out = NULL;
    kz_err rc = kz_kind_import(k, c, x->op, rec, &out, x->e);
    json_decref(out);
    if (rc != KZ_OK) {
        x->what = what;
        char *dump = json_dumps(rec, JSON_COMPACT);
        fprintf(stderr, "demo: %s\n", dump ? dump : "");
        free(dump);
    }
    json_decref(rec);
    return rc == KZ_OK ? DB_OK : rc == KZ_E_UNAVAILABLE ? DB_SOFT : DB_HARD;
}

/* The org ids of the demo org keys in keys (an array of strings), as a new array. */
static json_t *org_ids(const records_ctx *x, const json_t *keys)
{
    json_t *ids = json_array();
    for (size_t i = 0; i < json_array_size(keys); i++)
        json_array_append_new(ids,
                              json_integer(org_id_of(json_string_value(json_array_get(keys, i)),
                                                     x->orgs, x->norgs, x->ids)));
    return ids;
}

/* One demo challenge (content.h kz_demo_challenges): the challenge, its applications and
 * milestones under it, then the operator's steps on it (award, start, pass | fail), so that its
 * winners and results are what the engine makes of its children. Takes rec's reference. */
static db_status import_challenge(db_conn *c, records_ctx *x, json_t *rec)
{
    json_t *apps = json_incref(json_object_get(rec, "applications"));
    json_t *ms = json_incref(json_object_get(rec, "milestones"));
    json_t *steps = json_incref(json_object_get(rec, "steps"));
    json_object_del(rec, "applications");
    json_object_del(rec, "milestones");
    json_object_del(rec, "steps");
    resolve(x, rec, "org_key", "org_id");
    json_t *out = NULL;
    kz_err rc = kz_kind_import(&kz_kind_challenge, c, x->op, rec, &out, x->e);
    int64_t id = rc == KZ_OK ? json_integer_value(json_object_get(out, "id")) : 0;
    json_decref(out);
    json_decref(rec);
    db_status st = rc == KZ_OK ? DB_OK : rc == KZ_E_UNAVAILABLE ? DB_SOFT : DB_HARD;
    if (st != DB_OK) x->what = "演示揭榜挂帅榜单";
    for (size_t i = 0; st == DB_OK && i < json_array_size(apps); i++) {
        json_t *a = json_copy(json_array_get(apps, i));
        json_object_set_new(a, "partner_org_ids", org_ids(x, json_object_get(a, "partner_keys")));
        json_object_del(a, "partner_keys");
        json_object_set_new(a, "challenge_id", json_integer(id));
        st = import_one(c, x, &kz_kind_challenge_application, a, "演示揭榜申请");
    }
    for (size_t i = 0; st == DB_OK && i < json_array_size(ms); i++) {
        json_t *m = json_copy(json_array_get(ms, i));
        json_object_set_new(m, "challenge_id", json_integer(id));
        st = import_one(c, x, &kz_kind_challenge_milestone, m, "演示揭榜项目里程碑");
    }
    for (size_t i = 0; st == DB_OK && i < json_array_size(steps); i++) {
        rc = kz_kind_transition(&kz_kind_challenge, c, x->op, id, json_array_get(steps, i), -1,
                                &out, x->e);
        json_decref(out);
        out = NULL;
        if (rc != KZ_OK) {
            x->what = "演示揭榜挂帅榜单的状态流转";
            st = rc == KZ_E_UNAVAILABLE ? DB_SOFT : DB_HARD;
        }
    }
    json_decref(apps);
    json_decref(ms);
    json_decref(steps);
    return st;
}

/* ---- demo deals (kinds/deal.c): the broker's pipeline between demo demands and achievements ----
 */

typedef struct arg2 {
    const char *org, *status;
} arg2;

static const char *arg2_get(void *ctx, const char *name)
{
    const arg2 *a = ctx;
    return !strcmp(name, "org") ? a->org : !strcmp(name, "status") ? a->status : NULL;
}

/* The id of the first published record of kind k owned by org (0: none). */
static int64_t first_published(db_conn *c, records_ctx *x, const kz_kind_desc *k, int64_t org)
{
    char os[24];
    snprintf(os, sizeof os, "%lld", (long long)org);
    arg2 a = {os, "published"};
    kz_kind_list_q q;
    kz_error e = {0};
    json_t *out = NULL;
    int64_t id = 0;
    if (kz_kind_list_args(k, arg2_get, &a, &q, &e)) {
        q.limit = 1;
        q.sort = "id";
        if (kz_kind_list(k, c, x->op, &q, &out, &e) == KZ_OK)
            id = json_integer_value(
                json_object_get(json_array_get(json_object_get(out, "items"), 0), "id"));
    }
    json_decref(out);
    kz_error_clear(&e);
    return id;
}

/* ---- demo matchmaking events (kinds/event.c): a 菁蓉汇-style 对接会 held three weeks ago by
 * 天府技术转移服务中心, its registrations checked in and the two deals it started (import_deals
 * names it), and a 校企双进 of 成都市科学技术局 open for registration ---- */

static int64_t import_id(db_conn *c, records_ctx *x, const kz_kind_desc *k, json_t *rec,
                         const char *what, db_status *st);
static int64_t demo_user(const records_ctx *x, const char *username);

static db_status import_events(db_conn *c, records_ctx *x, const char *today)
{
    char past[11], coming[11];
    kz_demo_day(today, -21, past);
    kz_demo_day(today, 12, coming);
    int64_t ach[2] = {
        first_published(c, x, &kz_kind_achievement, org_id_of("scu", x->orgs, x->norgs, x->ids)),
        first_published(c, x, &kz_kind_achievement, org_id_of("sicau", x->orgs, x->norgs, x->ids))};
    int64_t dem =
        first_published(c, x, &kz_kind_demand, org_id_of("ybln", x->orgs, x->norgs, x->ids));
    json_t *achs = json_array(), *dems = json_array();
    for (int i = 0; i < 2; i++)
        if (ach[i]) json_array_append_new(achs, json_integer(ach[i]));
    if (dem) json_array_append_new(dems, json_integer(dem));
    db_status st = DB_OK;
    x->event_id = import_id(
        c, x, &kz_kind_event,
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[s, s, s], s:s, s:i, s:O, s:O, s:s, s:s}",
                  "title", "2026 菁蓉汇·新能源与新材料专场成果对接会", "kind", "matchmaking",
                  "held_on", past, "place", "成都市高新区菁蓉汇 3 号馆", "region", "510107",
                  "summary", "高校院所成果路演、企业技术需求发布与一对一洽谈，现场达成对接意向。",
                  "industries", "3841", "26", "15", "contact", "孙经纪 028-85123456", "capacity",
                  60, "achievement_ids", achs, "demand_ids", dems, "org_key", "tfjs", "status",
                  "closed"),
        "演示对接活动", &st);
    static const struct {
        const char *org, *status;
        int attendees;
    } regs[] = {{"ybln", "attended", 3},
                {"scu", "attended", 2},
                {"lzjy", "attended", 2},
                {"sicau", "attended", 2},
                {"rxw", "absent", 1}};
    for (size_t i = 0; i < sizeof regs / sizeof regs[0] && st == DB_OK && x->event_id; i++)
        import_id(c, x, &kz_kind_event_registration,
                  json_pack("{s:I, s:i, s:s, s:s, s:s}", "event_id", (json_int_t)x->event_id,
                            "attendees", regs[i].attendees, "interests",
                            "希望对接锂电材料与酿造装备方向的成果", "org_key", regs[i].org,
                            "status", regs[i].status),
                  "演示活动报名", &st);
    int64_t open = 0;
    if (st == DB_OK)
        open = import_id(
            c, x, &kz_kind_event,
            json_pack(
                "{s:s, s:s, s:s, s:s, s:s, s:s, s:[s, s], s:s, s:i, s:O, s:[], s:s, s:s}", "title",
                "校企双进·电子科技大学走进成都高新区企业", "kind", "campus", "held_on", coming,
                "place", "成都高新区天府软件园 C 区会议中心", "region", "510107", "summary",
                "电子科技大学集成电路与人工智能团队走进园区企业，现场对接技术需求。", "industries",
                "39", "65", "contact", "王科长 028-61234567", "capacity", 30, "achievement_ids",
                achs, "demand_ids", "org_key", "cdkj", "status", "published"),
            "演示对接活动", &st);
    for (int i = 0; i < 2 && st == DB_OK && open; i++)
        import_id(c, x, &kz_kind_event_registration,
                  json_pack("{s:I, s:i, s:s, s:s, s:s}", "event_id", (json_int_t)open, "attendees",
                            2, "interests", "芯片封装测试与视觉检测方向", "org_key",
                            i ? "sjzl" : "rxw", "status", "registered"),
                  "演示活动报名", &st);
    json_decref(achs);
    json_decref(dems);
    return st;
}

/* demand's org, achievement's org, the state the deal is in, the decline (code, side), events */
static const struct demo_deal {
    const char *demand_org, *ach_org, *status, *code, *side, *note;
    int events; /* calls and visits logged */
} demo_deals[] = {
    {"ybln", "scu", "negotiating", NULL, NULL, "硅碳负极方向一致，成果已完成中试，企业有产线", 2},
    {"lzjy", "sicau", "signed", NULL, NULL, "酿酒微生物成果适合窖池改造，双方已有合作基础", 3},
    {"rxw", "uestc", "recommended", NULL, NULL, "芯片封装需求与电子科大成果高度相关", 0},
    {"ybln", "swjtu", "declined", "price", "buyer", "成果对口，但报价超出企业预算", 1},
    {"dyzz", "cdut", "declined", "fit", "buyer", "企业需求为重型装备，成果偏向地质勘探", 1},
    {"mysk", "swust", "contacted", NULL, NULL, "数控系统国产化需求，西南科大有相关成果", 1},
};

/* The demo's deals by the broker's org (天府技术转移服务中心), imported in their states with the
 * events logged under them (one with no published demand or achievement of its orgs is left
 * out). */
static db_status import_deals(db_conn *c, records_ctx *x, const char *today)
{
    static const char *const kinds_of_event[] = {"call", "visit", "meeting"};
    db_status st = DB_OK;
    for (size_t i = 0; st == DB_OK && i < sizeof demo_deals / sizeof demo_deals[0]; i++) {
        const struct demo_deal *d = &demo_deals[i];
        int64_t dem = first_published(c, x, &kz_kind_demand,
                                      org_id_of(d->demand_org, x->orgs, x->norgs, x->ids));
        int64_t ach = first_published(c, x, &kz_kind_achievement,
                                      org_id_of(d->ach_org, x->orgs, x->norgs, x->ids));
        if (!dem || !ach) continue;
        json_t *rec =
            json_pack("{s:I, s:I, s:s, s:s, s:s}", "demand_id", (json_int_t)dem, "achievement_id",
                      (json_int_t)ach, "note", d->note, "org_key", "tfjs", "status", d->status);
        if (d->code) {
            json_object_set_new(rec, "decline_code", json_string(d->code));
            json_object_set_new(rec, "decline_side", json_string(d->side));
        }
        if (d->code || !strcmp(d->status, "signed"))
            json_object_set_new(rec, "closed_on", json_string(today));
        /* recommended 20, 30, … days ago by the demo's broker; contacted a week later */
        char on[11];
        kz_demo_day(today, -20 - 10 * (int)i, on);
        json_object_set_new(rec, "recommended_on", json_string(on));
        if (strcmp(d->status, "recommended") != 0) {
            kz_demo_day(today, -13 - 10 * (int)i, on);
            json_object_set_new(rec, "contacted_on", json_string(on));
        }
        json_object_set_new(rec, "broker_id", json_integer(demo_user(x, "broker")));
        if (i < 2 && x->event_id) /* started at the demo's past 对接会 */
            json_object_set_new(rec, "event_id", json_integer(x->event_id));
        resolve(x, rec, "org_key", "org_id");
        json_t *out = NULL;
        kz_err rc = kz_kind_import(&kz_kind_deal, c, x->op, rec, &out, x->e);
        int64_t id = rc == KZ_OK ? json_integer_value(json_object_get(out, "id")) : 0;
        json_decref(out);
        json_decref(rec);
        if (rc != KZ_OK) {
            x->what = "演示撮合对接";
            return rc == KZ_E_UNAVAILABLE ? DB_SOFT : DB_HARD;
        }
        for (int j = 0; st == DB_OK && j < d->events; j++) {
            char at[11];
            kz_demo_day(today, -14 * (d->events - j), at);
            json_t *ev = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "deal_id", (json_int_t)id,
                                   "kind", kinds_of_event[j % 3], "at", at, "note",
                                   j == 0 ? "与需求方、成果方分别电话沟通，确认对接意向"
                                          : "组织双方到实验室与生产线现场交流",
                                   "org_key", "tfjs", "status", "logged");
            st = import_one(c, x, &kz_kind_deal_event, ev, "演示对接进展");
        }
    }
    return st;
}

/* ---- demo brokers (kinds/broker.c): the demo's broker registered, with two verified trainings
 * and one waiting, serving two enterprises; a 科技特派员 of 电子科技大学 waiting for registration
 * ---- */

static db_status import_brokers(db_conn *c, records_ctx *x, const char *today)
{
    char since[11];
    kz_demo_day(today, -90, since);
    db_status st = DB_OK;
    int64_t br = import_id(
        c, x, &kz_kind_broker,
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:[s, s, s], s:s, s:s, s:b, s:s, s:s, s:s, "
                  "s:s}",
                  "user_id", (json_int_t)demo_user(x, "broker"), "name", "孙经纪", "kind", "broker",
                  "level", "intermediate", "certificate_no", "JSJJ-5101-2023-0158",
                  "certificate_issuer", "四川省科学技术厅", "certified_on", "2023-06-18",
                  "industries", "3841", "26", "15", "region", "510107", "team",
                  "成都高新区科技特派团", "team_lead", 1, "services",
                  "新能源材料、酿造与精细化工方向的成果评价、需求挖掘与交易撮合", "contact",
                  "028-85123456", "org_key", "tfjs", "status", "active"),
        "演示技术经纪人", &st);
    static const struct {
        const char *course, *provider, *on, *status;
        int hours;
    } trainings[] = {
        {"技术经纪人（初级）培训", "四川省技术转移中心", "2022-11-20", "verified", 48},
        {"技术经纪人（中级）培训", "四川省技术转移中心", "2023-05-28", "verified", 64},
        {"知识产权运营与成果评价专题", "四川知识产权运营服务中心", "2026-03-15", "submitted", 16},
    };
    for (size_t i = 0; i < sizeof trainings / sizeof trainings[0] && st == DB_OK && br; i++)
        import_id(c, x, &kz_kind_broker_training,
                  json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s}", "broker_id", (json_int_t)br,
                            "course", trainings[i].course, "provider", trainings[i].provider,
                            "hours", trainings[i].hours, "held_on", trainings[i].on, "org_key",
                            "tfjs", "status", trainings[i].status),
                  "演示经纪人培训", &st);
    static const char *const served[] = {"rxw", "ybln"};
    for (size_t i = 0; i < 2 && st == DB_OK && br; i++)
        import_id(c, x, &kz_kind_broker_assignment,
                  json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "broker_id", (json_int_t)br,
                            "enterprise_org_id",
                            (json_int_t)org_id_of(served[i], x->orgs, x->norgs, x->ids), "since",
                            since, "note", "驻企服务：梳理技术需求、对接高校院所成果", "org_key",
                            "tfjs", "status", "active"),
                  "演示服务企业", &st);
    if (st == DB_OK)
        import_id(c, x, &kz_kind_broker,
                  json_pack("{s:I, s:s, s:s, s:[s, s], s:s, s:s, s:b, s:s, s:s, s:s}", "user_id",
                            (json_int_t)demo_user(x, "researcher_uestc"), "name", "张研究员",
                            "kind", "commissioner", "industries", "39", "65", "region", "510107",
                            "team", "成都高新区科技特派团", "team_lead", 0, "services",
                            "集成电路封装测试、嵌入式系统方向的企业技术诊断", "org_key", "uestc",
                            "status", "submitted"),
                  "演示科技特派员", &st);
    return st;
}

/* ---- demo policies (kinds/policy.c): the seeds' policies as rules ---- */

static const char *const demo_policies[] = {
    /* 泸州: technology-contract trade reward, 3 % of the 核定技术交易额, at most ¥100 万 */
    "{\"org_key\": \"lzkj\", \"status\": \"in_force\", \"title\": \"泸州市技术合同交易奖补\","
    " \"summary\": \"对在泸州登记的技术合同，按核定技术交易额的 3% 给予卖方奖补，单个合同最高 100 "
    "万元。\","
    " \"region\": \"510500\", \"subject_kind\": \"contract\", \"budget_fen\": 5000000000,"
    " \"conditions\": [{\"field\": \"status\", \"op\": \"eq\", \"value\": \"registered\","
    " \"label\": \"技术合同已登记\"}, {\"field\": \"region\", \"op\": \"prefix\", \"value\": "
    "\"5105\","
    " \"label\": \"卖方在泸州\"}], \"base_field\": \"tech_income_fen\", \"percent_bp\": 300,"
    " \"cap_fen\": 100000000}",
    /* 泸州: 30 % of a 揭榜挂帅 contract amount to the solver */
    "{\"org_key\": \"lzkj\", \"status\": \"in_force\", \"title\": \"揭榜挂帅项目揭榜方补助\","
    " \"summary\": \"对中榜的揭榜挂帅项目，按合同金额的 30% 给予揭榜方补助。\", \"region\": "
    "\"510500\","
    " \"subject_kind\": \"challenge_application\", \"conditions\": [{\"field\": \"status\", \"op\":"
    " \"eq\", \"value\": \"won\", \"label\": \"已中榜\"}], \"base_field\": \"contract_amount_fen\","
    " \"percent_bp\": 3000}",
    /* 成都: an enterprise of 成都 buying a university's or institute's result, in bands */
    "{\"org_key\": \"cdkj\", \"status\": \"in_force\", \"title\": "
    "\"成都市企业购买高校院所科技成果补助\","
    " \"summary\": \"对本市企业购买高校院所科技成果并在本地转化的，按技术交易额分档补助：1000 "
    "万元以内 10%，"
    "以上部分 5%，最高 500 万元。\", \"region\": \"510100\", \"subject_kind\": \"contract\","
    " \"budget_fen\": 10000000000, \"conditions\": [{\"field\": \"status\", \"op\": \"eq\","
    " \"value\": \"registered\", \"label\": \"技术合同已登记\"}, {\"field\": \"seller_kind\", "
    "\"op\":"
    " \"in\", \"value\": [\"university\", \"institute\"], \"label\": \"卖方为高校院所\"},"
    " {\"field\": \"buyer_kind\", \"op\": \"eq\", \"value\": \"enterprise\", \"label\": "
    "\"买方为企业\"},"
    " {\"field\": \"buyer_region\", \"op\": \"prefix\", \"value\": \"5101\", \"label\": "
    "\"买方在成都\"}],"
    " \"base_field\": \"tech_income_fen\", \"tiers\": [{\"up_to_fen\": 1000000000, \"percent_bp\": "
    "1000},"
    " {\"up_to_fen\": null, \"percent_bp\": 500}], \"cap_fen\": 500000000}",
    /* 成都: a reward to high-tech enterprises of 成都 (政策找企业: orgs that qualify, and one
     * condition short) */
    "{\"org_key\": \"cdkj\", \"status\": \"in_force\", \"title\": \"成都市高新技术企业认定奖励\","
    " \"summary\": \"对注册在成都、通过高新技术企业认定的企业，给予一次性奖励 20 "
    "万元；每家企业每年最多一次。\","
    " \"region\": \"510100\", \"subject_kind\": \"org\", \"budget_fen\": 2000000000,"
    " \"org_year_cap_fen\": 20000000, \"conditions\": [{\"field\": \"tier\", \"op\": \"in\","
    " \"value\": [\"high_tech\", \"gazelle\", \"leader\"], \"label\": \"高新技术企业认定\"},"
    " {\"field\": \"region\", \"op\": \"prefix\", \"value\": \"5101\", \"label\": \"注册在成都\"}],"
    " \"fixed_fen\": 20000000}",
    /* 成都: broker training (a verified training of 40 hours or more) and broker titles (a
     * registered intermediate or senior technology broker), fixed sums */
    "{\"org_key\": \"cdkj\", \"status\": \"in_force\", \"title\": \"成都市技术经纪人培训补贴\","
    " \"summary\": \"对本市技术经纪人参加经核验、不少于 40 学时的技术经纪人培训，每次补贴 2000 "
    "元。\","
    " \"region\": \"510100\", \"subject_kind\": \"broker_training\", \"budget_fen\": 50000000,"
    " \"conditions\": [{\"field\": \"status\", \"op\": \"eq\", \"value\": \"verified\", \"label\":"
    " \"培训记录已核验\"}, {\"field\": \"hours\", \"op\": \"gte\", \"value\": 40, \"label\":"
    " \"不少于 40 学时\"}, {\"field\": \"region\", \"op\": \"prefix\", \"value\": \"5101\","
    " \"label\": \"经纪人在成都\"}], \"fixed_fen\": 200000}",
    "{\"org_key\": \"cdkj\", \"status\": \"in_force\", \"title\": \"成都市技术经纪人职称奖励\","
    " \"summary\": \"对在册的中级、高级技术经纪人，给予所在机构一次性奖励 5000 元。\","
    " \"region\": \"510100\", \"subject_kind\": \"broker\", \"budget_fen\": 100000000,"
    " \"conditions\": [{\"field\": \"status\", \"op\": \"eq\", \"value\": \"active\", \"label\":"
    " \"经纪人已登记在册\"}, {\"field\": \"kind\", \"op\": \"eq\", \"value\": \"broker\","
    " \"label\": \"技术经纪人\"}, {\"field\": \"level\", \"op\": \"in\", \"value\": "
    "[\"intermediate\","
    " \"senior\"], \"label\": \"中级及以上技术经纪人\"}, {\"field\": \"region\", \"op\": "
    "\"prefix\","
    " \"value\": \"5101\", \"label\": \"经纪人在成都\"}], \"fixed_fen\": 500000}",
    /* 成都: a draft — a high-tech enterprise's first purchase, a fixed sum */
    "{\"org_key\": \"cdkj\", \"status\": \"draft\", \"title\": "
    "\"高新技术企业首购首用奖励（征求意见稿）\","
    " \"summary\": \"对本市高新技术企业首次购买应用示范推荐目录中的创新产品，给予固定金额奖励。\","
    " \"region\": \"510100\", \"subject_kind\": \"org\", \"conditions\": [{\"field\": \"tier\","
    " \"op\": \"in\", \"value\": [\"high_tech\", \"gazelle\", \"leader\"], \"label\":"
    " \"高新技术企业及以上\"}, {\"field\": \"region\", \"op\": \"prefix\", \"value\": \"5101\","
    " \"label\": \"注册在成都\"}], \"fixed_fen\": 20000000}",
};

/* The demo's policies, in force this year (the draft's period too). */
static db_status import_policies(db_conn *c, records_ctx *x, const char *today)
{
    char from[11], to[11];
    snprintf(from, sizeof from, "%.4s-01-01", today);
    snprintf(to, sizeof to, "%.4s-12-31", today);
    db_status st = DB_OK;
    for (size_t i = 0; st == DB_OK && i < sizeof demo_policies / sizeof demo_policies[0]; i++) {
        json_t *rec = json_loads(demo_policies[i], 0, NULL);
        if (!rec) return DB_HARD;
        json_object_set_new(rec, "period_from", json_string(from));
        json_object_set_new(rec, "period_to", json_string(to));
        st = import_one(c, x, &kz_kind_policy, rec, "演示政策");
    }
    return st;
}

/* The ids of kind k's records in state status as the operator lists them (oldest first, at
 * most max), as a new array. */
static json_t *ids_in_state(db_conn *c, records_ctx *x, const kz_kind_desc *k, const char *status,
                            int max)
{
    arg2 a = {NULL, status};
    kz_kind_list_q q;
    kz_error e = {0};
    json_t *out = NULL, *ids = json_array();
    if (kz_kind_list_args(k, arg2_get, &a, &q, &e)) {
        q.limit = max;
        q.sort = "id";
        if (kz_kind_list(k, c, x->op, &q, &out, &e) == KZ_OK)
            for (size_t i = 0; i < json_array_size(json_object_get(out, "items")); i++)
                json_array_append(
                    ids, json_object_get(json_array_get(json_object_get(out, "items"), i), "id"));
    }
    json_decref(out);
    kz_error_clear(&e);
    return ids;
}

/* The states the demo's applications are in, in turn. */
static const char *const demo_app_states[] = {"paid",      "approved", "reviewing",
                                              "submitted", "rejected", "draft"};

/* Applications for the demo's policies in force: on the first subjects each policy grants
 * something to (at most 3 a policy), in every state in turn, evaluated as submission would. */
static db_status import_policy_applications(db_conn *c, records_ctx *x, const char *today)
{
    static const char *const subject_states[][2] = {{"contract", "registered"},
                                                    {"challenge_application", "won"}};
    json_t *pols = ids_in_state(c, x, &kz_kind_policy, "in_force", 20);
    db_status st = DB_OK;
    int n = 0, voucher = 0;
    for (size_t i = 0; st == DB_OK && i < json_array_size(pols); i++) {
        json_t *p = NULL, *subjects = NULL;
        int64_t pid = json_integer_value(json_array_get(pols, i));
        if (kz_kind_get(&kz_kind_policy, c, x->op, pid, &p, x->e) != KZ_OK) break;
        const kz_kind_desc *k = kz_policy_subject_kind(kz_json_str(p, "subject_kind"));
        for (size_t j = 0; j < 2 && !subjects; j++)
            if (k && !strcmp(k->name, subject_states[j][0]))
                subjects = ids_in_state(c, x, k, subject_states[j][1], 100);
        int taken = 0;
        for (size_t j = 0; st == DB_OK && taken < 3 && j < json_array_size(subjects); j++) {
            json_t *s = NULL;
            int64_t sid = json_integer_value(json_array_get(subjects, j));
            if (kz_kind_get(k, c, x->op, sid, &s, x->e) != KZ_OK) {
                kz_error_clear(x->e);
                continue;
            }
            int64_t org = json_integer_value(json_object_get(s, "org_id"));
            kz_policy_eval ev;
            bool bad;
            st = kz_policy_assess(c, p, s, org, NULL, &ev, &bad);
            json_decref(s);
            if (st != DB_OK || bad || !ev.eligible) {
                json_decref(ev.explanation);
                continue;
            }
            const char *state = demo_app_states[n++ % 6];
            json_t *rec =
                json_pack("{s:I, s:I, s:s, s:I, s:s}", "policy_id", (json_int_t)pid, "subject_id",
                          (json_int_t)sid, "statement", "本单位符合政策条件，申请兑现。", "org_id",
                          (json_int_t)org, "status", state);
            if (strcmp(state, "draft") != 0) {
                json_object_set_new(rec, "submitted_on", json_string(today));
                json_object_set_new(rec, "evaluated_fen", json_integer(ev.amount_fen));
                json_object_set(rec, "evaluation", ev.explanation);
                json_object_set(rec, "policy_version", json_object_get(p, "version"));
            }
            if (!strcmp(state, "approved") || !strcmp(state, "paid")) {
                json_object_set_new(rec, "approved_fen", json_integer(ev.amount_fen));
                json_object_set_new(rec, "approved_on", json_string(today));
            }
            if (!strcmp(state, "paid")) {
                char no[32];
                snprintf(no, sizeof no, "CZ-%.4s-%04d", today, ++voucher);
                json_object_set_new(rec, "paid_on", json_string(today));
                json_object_set_new(rec, "voucher_no", json_string(no));
            }
            if (!strcmp(state, "rejected"))
                json_object_set_new(rec, "reason",
                                    json_string("合同技术内容与在本地转化的证明材料不足"));
            json_decref(ev.explanation);
            st = import_one(c, x, &kz_kind_policy_application, rec, "演示兑现申请");
            taken++;
        }
        json_decref(subjects);
        json_decref(p);
    }
    json_decref(pols);
    return st;
}

/* ---- demo shared instruments (kinds/resource.c) and a month of their bookings ---- */

static const char *const demo_resources[] = {
    "{\"org_key\": \"scu\", \"status\": \"open\", \"title\": \"场发射扫描电子显微镜（SEM）\","
    " \"kind\": \"instrument\", \"summary\": \"分辨率 0.8 nm（15 "
    "kV），配备能谱仪（EDS），可进行材料表面形貌"
    "观察与微区成分分析。\", \"region\": \"510107\", \"industry\": \"7320\", \"location\": "
    "\"四川大学望江校区分析测试中心 105 室\", \"services\": [{\"name\": \"形貌观察\", \"unit\": "
    "\"hour\", \"price_fen\": 30000}, {\"name\": \"能谱分析\", \"unit\": \"sample\", \"price_fen\":"
    " 20000}], \"open_days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], \"open_from\": "
    "\"09:00\", \"open_to\": \"17:00\", \"contact\": \"王老师 028-85412345\"}",
    "{\"org_key\": \"uestc\", \"status\": \"open\", \"title\": \"集成电路可靠性测试平台\","
    " \"kind\": \"instrument\", \"summary\": "
    "\"高低温循环、高加速应力（HAST）与老化测试，面向芯片封装"
    "可靠性验证。\", \"region\": \"510117\", \"industry\": \"7320\", \"location\": "
    "\"电子科技大学清水河校区 科研楼 C 区\", \"services\": [{\"name\": \"高低温循环试验\", "
    "\"unit\":"
    " \"hour\", \"price_fen\": 15000}, {\"name\": \"HAST 试验\", \"unit\": \"batch\", "
    "\"price_fen\": 800000}], \"open_days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", "
    "\"sat\"], \"open_from\": \"08:30\", \"open_to\": \"20:30\"}",
    "{\"org_key\": \"ybln\", \"status\": \"open\", \"title\": \"动力电池极片涂布中试线\","
    " \"kind\": \"pilot_line\", \"summary\": \"幅宽 600 mm 双面挤压涂布、辊压与分切，支持硅碳负极等"
    "新材料的工艺放大验证。\", \"region\": \"511502\", \"industry\": \"3841\", \"location\": "
    "\"宜宾市翠屏区临港经开区 中试基地 2 号厂房\", \"services\": [{\"name\": \"涂布中试\", "
    "\"unit\":"
    " \"batch\", \"price_fen\": 5000000}], \"open_days\": [\"mon\", \"tue\", \"wed\", \"thu\", "
    "\"fri\"], \"open_from\": \"08:00\", \"open_to\": \"18:00\"}",
    "{\"org_key\": \"swjtu\", \"status\": \"submitted\", \"title\": "
    "\"轨道交通振动噪声概念验证中心\","
    " \"kind\": \"concept_verification\", \"summary\": \"为减振降噪新技术提供样机测试与线路试验的"
    "概念验证服务。\", \"region\": \"510106\", \"industry\": \"7320\", \"location\": "
    "\"西南交通大学九里校区\", \"services\": [{\"name\": \"样机振动测试\", \"unit\": \"sample\","
    " \"price_fen\": 150000}], \"open_days\": [\"mon\", \"wed\", \"fri\"], \"open_from\": "
    "\"09:00\", \"open_to\": \"16:00\"}",
};

/* Whether "YYYY-MM-DD" falls on a Saturday or a Sunday. */
static bool weekend(const char *day)
{
    struct tm tm = {
        .tm_year = atoi(day) - 1900, .tm_mon = atoi(day + 5) - 1, .tm_mday = atoi(day + 8)};
    long long d = (long long)timegm(&tm) / 86400;
    return (d + 3) % 7 >= 5; /* 1970-01-01 was a Thursday */
}

/* A month of bookings of the two open instruments: past ones charged, completed, declined or
 * cancelled, coming ones approved or requested; every second working day, none overlapping. */
static db_status import_resources(db_conn *c, records_ctx *x, const char *today)
{
    /* 成都's 创新券 to two enterprises, valid to the end of next year; 锐芯微's pays its coming
     * bookings */
    char until[16];
    snprintf(until, sizeof until, "%04d-12-31", (atoi(today) + 1) % 10000);
    static const struct {
        const char *holder;
        json_int_t fen;
    } vouchers[] = {{"rxw", 5000000}, {"ybln", 2000000}};
    int64_t rxw_voucher = 0;
    db_status st = DB_OK;
    for (size_t i = 0; st == DB_OK && i < sizeof vouchers / sizeof vouchers[0]; i++) {
        json_t *v = json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "title",
                              "成都市科技创新券（大型科研仪器共享）", "holder_org_id",
                              (json_int_t)org_id_of(vouchers[i].holder, x->orgs, x->norgs, x->ids),
                              "amount_fen", vouchers[i].fen, "valid_until", until, "scope",
                              "大型科研仪器共享、检验检测与中试服务", "region", "510100", "org_key",
                              "cdkj", "status", "issued");
        resolve(x, v, "org_key", "org_id");
        json_t *out = NULL;
        kz_err rc = kz_kind_import(&kz_kind_voucher, c, x->op, v, &out, x->e);
        if (rc == KZ_OK && !strcmp(vouchers[i].holder, "rxw"))
            rxw_voucher = json_integer_value(json_object_get(out, "id"));
        json_decref(out);
        json_decref(v);
        if (rc != KZ_OK) {
            x->what = "演示创新券";
            return rc == KZ_E_UNAVAILABLE ? DB_SOFT : DB_HARD;
        }
    }
    for (size_t i = 0; st == DB_OK && i < sizeof demo_resources / sizeof demo_resources[0]; i++)
        st = import_one(c, x, &kz_kind_resource, json_loads(demo_resources[i], 0, NULL),
                        "演示共享资源");
    json_t *open = st == DB_OK ? ids_in_state(c, x, &kz_kind_resource, "open", 10) : json_array();
    static const char *const bookers[] = {"rxw", "lzjy", "mysk", "dyzz", "ybln"};
    static const char *const past[] = {"charged", "charged", "completed", "declined", "cancelled"};
    static const char *const coming[] = {"approved", "requested", "approved"};
    for (size_t r = 0; st == DB_OK && r < json_array_size(open) && r < 2; r++) {
        json_t *res = NULL;
        int64_t rid = json_integer_value(json_array_get(open, r));
        if (kz_kind_get(&kz_kind_resource, c, x->op, rid, &res, x->e) != KZ_OK) break;
        const char *svc = kz_json_str(json_array_get(json_object_get(res, "services"), 0), "name");
        int64_t owner = json_integer_value(json_object_get(res, "org_id"));
        for (int i = 0; st == DB_OK && i < 12; i++) {
            int offset = -14 + 2 * i; /* -14 … 8 days: past, then coming */
            char day[11], start[17], end[17];
            int d = offset <= 0 ? offset - 1 : offset;
            kz_demo_day(today, d, day);
            while (weekend(day)) /* (the instruments open on working days) */
                kz_demo_day(today, d += offset <= 0 ? -1 : 1, day);
            snprintf(start, sizeof start, "%sT%02d:00", day, 9 + (i % 3) * 2);
            snprintf(end, sizeof end, "%sT%02d:00", day, 11 + (i % 3) * 2);
            const char *state = offset < 0 ? past[i % 5] : coming[i % 3];
            const char *who = bookers[(i + r) % 5];
            if (org_id_of(who, x->orgs, x->norgs, x->ids) == owner) who = "rxw";
            json_t *b = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:s}", "resource_id",
                                  (json_int_t)rid, "service", svc, "start_at", start, "end_at", end,
                                  "purpose", "样品测试与工艺验证（演示）", "planned_qty", 2,
                                  "org_key", who, "status", state);
            if (!strcmp(state, "charged") || !strcmp(state, "completed")) {
                json_object_set_new(b, "metered_qty", json_integer(2 + i % 2));
                if (!strcmp(state, "charged")) {
                    json_int_t price = json_integer_value(json_object_get(
                        json_array_get(json_object_get(res, "services"), 0), "price_fen"));
                    json_object_set_new(b, "charge_fen", json_integer((2 + i % 2) * price));
                    json_object_set_new(b, "charged_on", json_string(day));
                }
            }
            if (offset > 0 && !strcmp(who, "rxw") && rxw_voucher)
                json_object_set_new(b, "voucher_id", json_integer(rxw_voucher));
            if (!strcmp(state, "declined"))
                json_object_set_new(b, "reason", json_string("设备当日检修，请改约其他时间"));
            st = import_one(c, x, &kz_kind_booking, b, "演示仪器预约");
        }
        json_decref(res);
    }
    json_decref(open);
    return st;
}

/* ---- demo 科技大市场 (kinds/listing.c): listings in every mode, a live auction with its bids ----
 */

/* day + n days as "YYYY-MM-DD" and that day at hh:mm China Standard Time. */
static void demo_day(const char *today, int n, char out[11])
{
    struct tm tm = {.tm_year = atoi(today) - 1900,
                    .tm_mon = atoi(today + 5) - 1,
                    .tm_mday = atoi(today + 8) + n};
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int64_t import_id(db_conn *c, records_ctx *x, const kz_kind_desc *k, json_t *rec,
                         const char *what, db_status *st)
{
    resolve(x, rec, "org_key", "org_id");
    resolve(x, rec, "buyer_org_key", "buyer_org_id");
    json_t *out = NULL;
    kz_err rc = kz_kind_import(k, c, x->op, rec, &out, x->e);
    int64_t id = rc == KZ_OK ? json_integer_value(json_object_get(out, "id")) : 0;
    json_decref(out);
    json_decref(rec);
    if (rc != KZ_OK) {
        x->what = what;
        *st = rc == KZ_E_UNAVAILABLE ? DB_SOFT : DB_HARD;
    }
    return id;
}

static db_status import_listings(db_conn *c, records_ctx *x, const char *today)
{
    char d3[11], d2[11], dm5[11], d10[11], start[20], end[20], s2[20], e2[20];
    demo_day(today, 3, d3), demo_day(today, 2, d2);
    demo_day(today, -5, dm5), demo_day(today, 10, d10);
    snprintf(start, sizeof start, "%sT09:00", dm5);
    snprintf(end, sizeof end, "%sT16:00", d3);
    snprintf(s2, sizeof s2, "%sT10:00", d2);
    snprintf(e2, sizeof e2, "%sT10:00", d10);
    const char *sum = "成果已完成中试，技术资料与专利证书齐全，可现场考察。";
    db_status st = DB_OK;
    json_t *recs[] = {
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "org_key", "scu", "status",
                  "open", "title", "高比能硅碳负极材料制备技术（专利转让）", "category",
                  "transaction", "mode", "listed", "summary", sum, "region", "510107", "industry",
                  "3841", "price_fen", (json_int_t)80000000, "contact", "王老师 028-85412345"),
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "org_key", "uestc", "status",
                  "open", "title", "芯片封装可靠性失效分析服务包", "category", "service", "mode",
                  "listed", "summary", "提供失效定位、切片与电镜分析，出具分析报告。", "region",
                  "510117", "industry", "7320", "price_fen", (json_int_t)5000000),
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:s, s:s, "
                  "s:i}",
                  "org_key", "scu", "status", "live", "title",
                  "固态电解质界面改性技术（独占许可）拍卖", "category", "ip", "mode", "auction",
                  "summary", sum, "region", "510107", "industry", "3841", "auction_kind", "english",
                  "start_fen", (json_int_t)50000000, "increment_fen", (json_int_t)2000000,
                  "reserve_fen", (json_int_t)55000000, "deposit_fen", (json_int_t)2000000,
                  "starts_at", start, "ends_at", end, "extend_s", 300),
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "org_key",
                  "swjtu", "status", "open", "title", "轨道减振扣件技术成果转让（密封报价）",
                  "category", "transaction", "mode", "auction", "summary", sum, "region", "510106",
                  "industry", "3716", "auction_kind", "sealed", "start_fen", (json_int_t)30000000,
                  "deposit_fen", (json_int_t)1000000, "starts_at", s2, "ends_at", e2),
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "org_key",
                  "uestc", "status", "publicity", "title", "低功耗射频前端芯片设计技术协议转让",
                  "category", "transaction", "mode", "negotiated", "summary", sum, "region",
                  "510117", "industry", "3973", "buyer_org_key", "rxw", "sold_fen",
                  (json_int_t)12000000, "publicity_from", dm5, "publicity_until", d10, "buyer_name",
                  "成都锐芯微电子科技有限公司"),
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "org_key", "scu", "status",
                  "review", "title", "锂电池极片缺陷视觉检测技术咨询", "category", "consulting",
                  "mode", "listed", "summary", sum, "region", "510107", "industry", "7320",
                  "price_fen", (json_int_t)3000000),
        /* the closed ones: sold at the listed price, an auction unsold, a withdrawn listing, a
         * negotiated price objected to in its 公示, and a draft */
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:s, s:s}", "org_key",
                  "uestc", "status", "sold", "title", "毫米波雷达信号处理算法许可（已成交）",
                  "category", "ip", "mode", "listed", "summary", sum, "region", "510117",
                  "industry", "3973", "price_fen", (json_int_t)6000000, "buyer_org_key", "rxw",
                  "sold_fen", (json_int_t)6000000, "sold_on", dm5, "buyer_name",
                  "成都锐芯微电子科技有限公司"),
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s}",
                  "org_key", "swjtu", "status", "unsold", "title", "桥梁健康监测传感技术（流拍）",
                  "category", "transaction", "mode", "auction", "summary", sum, "region", "510106",
                  "industry", "3716", "auction_kind", "english", "start_fen", (json_int_t)20000000,
                  "increment_fen", (json_int_t)500000, "deposit_fen", (json_int_t)500000,
                  "starts_at", "2026-10-12T09:00", "ends_at", "2026-10-14T17:00"),
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "org_key", "scu", "status",
                  "withdrawn", "title", "高镍正极材料包覆技术转让（已撤牌）", "category",
                  "transaction", "mode", "listed", "summary", sum, "region", "510107", "industry",
                  "3841", "price_fen", (json_int_t)40000000),
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "org_key",
                  "uestc", "status", "objected", "title", "北斗高精度定位模块技术协议转让",
                  "category", "transaction", "mode", "negotiated", "summary", sum, "region",
                  "510117", "industry", "3973", "buyer_org_key", "rxw", "sold_fen",
                  (json_int_t)1500000, "publicity_from", dm5, "publicity_until", d10),
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "org_key", "scu", "status",
                  "draft", "title", "钙钛矿叠层电池中试技术服务", "category", "service", "mode",
                  "listed", "summary", sum, "region", "510107", "industry", "7320", "price_fen",
                  (json_int_t)8000000),
    };
    int64_t auction = 0;
    for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
        if (st != DB_OK || !recs[i]) {
            json_decref(recs[i]);
            continue;
        }
        int64_t id = import_id(c, x, &kz_kind_listing, recs[i], "演示挂牌", &st);
        if (i == 2) auction = id;
    }
    /* the English auction: two bidders' deposits confirmed, three bids */
    static const struct {
        const char *who;
        long long fen;
    } bids[] = {{"rxw", 50000000}, {"ybln", 52000000}, {"rxw", 56000000}};
    int64_t paddle[2] = {0, 0};
    for (int i = 0; i < 2 && st == DB_OK && auction; i++)
        paddle[i] = import_id(c, x, &kz_kind_deposit,
                              json_pack("{s:I, s:s, s:s, s:s}", "listing_id", (json_int_t)auction,
                                        "org_key", i ? "ybln" : "rxw", "status", "held",
                                        "reference", i ? "ICBC-YB-0412" : "CMB-RX-0388"),
                              "演示保证金", &st);
    for (size_t i = 0; i < sizeof bids / sizeof bids[0] && st == DB_OK && auction; i++)
        import_id(c, x, &kz_kind_bid,
                  json_pack("{s:I, s:s, s:s, s:I, s:I, s:I}", "listing_id", (json_int_t)auction,
                            "org_key", bids[i].who, "status", "placed", "amount_fen",
                            (json_int_t)bids[i].fen, "paddle",
                            (json_int_t)paddle[strcmp(bids[i].who, "rxw") ? 1 : 0], "seq",
                            (json_int_t)(i + 1)),
                  "演示出价", &st);
    return st;
}

/* ---- demo 科技金融 requests (kinds/finance_request.c): two granted by 天府科创贷, two waiting
 * ---- */

static db_status import_finance_requests(db_conn *c, records_ctx *x, const char *today)
{
    json_t *active = ids_in_state(c, x, &kz_kind_finance_product, "active", 10);
    int64_t tfkcd = json_integer_value(json_array_get(active, 0)); /* 天府科创贷, the first */
    json_decref(active);
    json_t *p = NULL;
    kz_err rc =
        tfkcd ? kz_kind_get(&kz_kind_finance_product, c, x->op, tfkcd, &p, x->e) : KZ_E_NOT_FOUND;
    if (rc != KZ_OK) {
        x->what = "演示融资需求";
        return DB_HARD;
    }
    char m1[11], m2[11];
    demo_day(today, -40, m1), demo_day(today, -12, m2);
    static const struct {
        const char *org, *status, *title, *region, *industry;
        long long fen, granted;
        int term;
    } reqs[] = {
        {"rxw", "granted", "射频前端芯片流片周转贷款", "510107", "3973", 500000000, 450000000, 12},
        {"sdxc", "granted", "新材料中试线设备购置贷款", "510116", "3091", 300000000, 300000000, 36},
        {"ybln", "submitted", "硅碳负极扩产项目贷款", "511502", "3841", 2000000000, 0, 60},
        {"lzjz", "submitted", "酿造装备智能化改造贷款", "510502", "3531", 80000000, 0, 24},
    };
    db_status st = DB_OK;
    for (size_t i = 0; st == DB_OK && i < sizeof reqs / sizeof reqs[0]; i++) {
        json_t *r =
            json_pack("{s:s, s:s, s:s, s:s, s:I, s:i, s:s, s:s, s:s}", "org_key", reqs[i].org,
                      "status", reqs[i].status, "title", reqs[i].title, "kind", "loan",
                      "amount_fen", (json_int_t)reqs[i].fen, "term_months", reqs[i].term, "purpose",
                      "用于研发与生产周转，以销售回款和成果转化收入还款。", "region",
                      reqs[i].region, "industry", reqs[i].industry);
        if (reqs[i].granted) {
            json_object_set_new(r, "product_id", json_integer(tfkcd));
            json_object_set(r, "product_title", json_object_get(p, "title"));
            json_object_set(r, "lender_org_id", json_object_get(p, "org_id"));
            json_object_set_new(r, "granted_fen", json_integer(reqs[i].granted));
            json_object_set_new(r, "granted_on", json_string(i ? m2 : m1));
            json_object_set_new(r, "rate_bp", json_integer(i ? 365 : 385));
        }
        st = import_one(c, x, &kz_kind_finance_request, r, "演示融资需求");
    }
    json_decref(p);
    return st;
}

/* Every demo record of every kind, in one transaction. */
/* ---- demo expert panels (kinds/panel.c, domain/panel.c): the five demo experts' profiles;
 * 攀枝花's challenge in 评审 scored by five experts and closed (trimmed means, ranks); 绵阳's
 * challenge in 初筛 with its 论证 panel under way (one expert scored, one declared, one invited)
 * ---- */

static const struct demo_profile {
    const char *user, *title, *fields[3], *specialty;
} demo_profiles[] = {
    {"expert", "教授", {"3716", "48"}, "轨道交通结构减振、桥梁健康监测与工程材料"},
    {"researcher_uestc", "研究员", {"39", "3973", "34"}, "射频集成电路、功率半导体封装与数控系统"},
    {"expert_scu", "教授", {"3841", "32", "26"}, "电化学储能材料、冶金与资源综合利用"},
    {"expert_cuit", "教授", {"65", "34", "7320"}, "工业软件、智能控制与检测技术"},
    {"expert_xhu", "正高级工程师", {"34", "32", "3716"}, "智能制造装备、选矿冶金装备与可靠性工程"},
};

static int64_t demo_user(const records_ctx *x, const char *username)
{
    for (int i = 0; i < NUSERS; i++)
        if (!strcmp(users[i].username, username)) return x->user_ids[i];
    return 0;
}

/* The demo user as an actor (an expert signed in). */
static kz_actor demo_actor(const records_ctx *x, const char *username)
{
    kz_actor a = {.user_id = demo_user(x, username)};
    for (int i = 0; i < NUSERS; i++)
        if (!strcmp(users[i].username, username)) {
            kz_roles_parse(users[i].roles, &a.roles);
            a.org_id = users[i].org ? org_id_of(users[i].org, x->orgs, x->norgs, x->ids) : 0;
        }
    snprintf(a.name, sizeof a.name, "%s", username);
    return a;
}

static db_status demo_fail(records_ctx *x, kz_err rc)
{
    x->what = "演示专家组";
    return rc == KZ_E_UNAVAILABLE ? DB_SOFT : DB_HARD;
}

/* POST /panels/{id}/members and /scores, and the panel's transitions, as a demo user would. */
static db_status panel_step(db_conn *c, records_ctx *x, const kz_actor *a, int64_t id, json_t *in,
                            int what)
{
    json_t *out = NULL;
    kz_err rc = what == 0   ? kz_panel_member_act(c, a, id, in, &out, x->e)
                : what == 1 ? kz_panel_score(c, a, id, in, &out, x->e)
                            : kz_kind_transition(&kz_kind_panel, c, a, id, in, -1, &out, x->e);
    json_decref(in);
    json_decref(out);
    return rc == KZ_OK ? DB_OK : demo_fail(x, rc);
}

static db_status import_panels(db_conn *c, records_ctx *x, const char *today)
{
    db_status st = DB_OK;
    for (size_t i = 0; i < sizeof demo_profiles / sizeof demo_profiles[0] && st == DB_OK; i++) {
        const struct demo_profile *p = &demo_profiles[i];
        kz_actor a = demo_actor(x, p->user);
        json_t *fields = json_array(), *out = NULL;
        for (int j = 0; j < 3 && p->fields[j]; j++)
            json_array_append_new(fields, json_string(p->fields[j]));
        json_t *in =
            json_pack("{s:s, s:o, s:s, s:s}", "title", p->title, "fields", fields, "specialty",
                      p->specialty, "availability", i == 3 ? "busy" : "available");
        kz_err rc = kz_expert_profile_put(c, &a, in, &out, x->e);
        json_decref(in);
        json_decref(out);
        if (rc != KZ_OK) st = demo_fail(x, rc);
    }
    json_t *reviewing = ids_in_state(c, x, &kz_kind_challenge, "reviewing", 1);
    json_t *screening = ids_in_state(c, x, &kz_kind_challenge, "screening", 1);
    int64_t ch_review = json_integer_value(json_array_get(reviewing, 0));
    int64_t ch_argue = json_integer_value(json_array_get(screening, 0));
    json_decref(reviewing);
    json_decref(screening);
    char due[11];
    demo_day(today, 7, due);
    static const char *const criteria =
        "[{\"key\": \"tech\", \"name\": \"技术路线先进性\", \"weight\": 40, \"max\": 10}, "
        "{\"key\": \"feas\", \"name\": \"实施方案可行性\", \"weight\": 30, \"max\": 10}, "
        "{\"key\": \"team\", \"name\": \"团队与基础条件\", \"weight\": 20, \"max\": 10}, "
        "{\"key\": \"budget\", \"name\": \"经费合理性\", \"weight\": 10, \"max\": 10}]";
    const char *convener[2] = {"pzhkj", "mykj"};
    int64_t target[2] = {ch_review, ch_argue};
    for (int k = 0; k < 2 && st == DB_OK && target[k]; k++) {
        json_t *in = json_pack("{s:s, s:s, s:I, s:o, s:i, s:i, s:s, s:I}", "title",
                               k ? "数控系统国产化榜单论证专家组" : "尾矿综合利用揭榜评审专家组",
                               "purpose", k ? "challenge_argue" : "challenge_review", "target_id",
                               (json_int_t)target[k], "criteria", json_loads(criteria, 0, NULL),
                               "quorum", 3, "conflict_years", 3, "due_on", due, "org_id",
                               (json_int_t)org_id_of(convener[k], x->orgs, x->norgs, x->ids));
        json_t *out = NULL;
        kz_err rc = kz_kind_create(&kz_kind_panel, c, x->op, in, &out, x->e);
        json_decref(in);
        int64_t id = rc == KZ_OK ? json_integer_value(json_object_get(out, "id")) : 0;
        json_decref(out);
        if (rc != KZ_OK) {
            st = demo_fail(x, rc);
            break;
        }
        int members = k ? 3 : 5;
        for (int i = 0; i < members && st == DB_OK; i++)
            st = panel_step(c, x, x->op, id,
                            json_pack("{s:s, s:I}", "action", "invite", "user_id",
                                      (json_int_t)demo_user(x, demo_profiles[i].user)),
                            0);
        if (st == DB_OK) st = panel_step(c, x, x->op, id, json_pack("{s:s}", "action", "open"), 2);
        json_t *panel = NULL;
        kz_err rr;
        if (st == DB_OK && !(panel = kz_kind_read(&kz_kind_panel, c, id, &rr, x->e)))
            st = demo_fail(x, rr);
        json_t *items = json_object_get(panel, "items");
        /* the review: all five declare and score every application, then it closes; the 论证: the
         * first scores, the second has declared, the third is still to answer */
        int declaring = k ? 2 : 5, scoring = k ? 1 : 5;
        for (int i = 0; i < declaring && st == DB_OK; i++) {
            kz_actor a = demo_actor(x, demo_profiles[i].user);
            st = panel_step(c, x, &a, id, json_pack("{s:s}", "action", "declare"), 0);
            for (size_t j = 0; i < scoring && j < json_array_size(items) && st == DB_OK; j++) {
                int base = 9 - (int)j * 2 - (int)((i * 3 + j) % 3); /* the first item leads */
                if (base < 3) base = 3;
                json_t *sc = json_pack("{s:i, s:i, s:i, s:i}", "tech", base, "feas",
                                       base > 3 ? base - 1 : base, "team", (base + i) % 10,
                                       "budget", 6 + (int)(i % 4));
                st = panel_step(
                    c, x, &a, id,
                    json_pack("{s:I, s:o, s:s}", "item_id",
                              json_integer_value(json_object_get(json_array_get(items, j), "id")),
                              "scores", sc, "comment",
                              j == 0 ? "技术路线清晰，前期基础扎实，建议优先支持"
                                     : "方案总体可行，需补充中试验证安排"),
                    1);
            }
        }
        json_decref(panel);
        if (st == DB_OK && !k)
            st = panel_step(c, x, x->op, id, json_pack("{s:s}", "action", "close"), 2);
    }
    return st;
}

static db_status records_tx(db_conn *c, void *vctx)
{
    records_ctx *x = vctx;
    db_status st = DB_OK;
    for (int i = 0; i < KZ_DEMO_ACHIEVEMENTS && st == DB_OK; i++)
        st = import_one(c, x, &kz_kind_achievement, kz_demo_achievement(i), "演示成果");
    for (int i = 0; i < KZ_DEMO_DEMANDS && st == DB_OK; i++)
        st = import_one(c, x, &kz_kind_demand, kz_demo_demand(i), "演示需求");
    char today[11];
    kz_today(today);
    int seq[2] = {0, 0};
    for (int i = 0; i < KZ_DEMO_CONTRACTS && st == DB_OK; i++)
        st = import_one(c, x, &kz_kind_contract, kz_demo_contract(i, today, seq), "演示技术合同");
    for (int i = 0; i < KZ_DEMO_FINANCE_PRODUCTS && st == DB_OK; i++)
        st = import_one(c, x, &kz_kind_finance_product, kz_demo_finance_product(i), "演示金融产品");
    json_t *platforms = kz_demo_platforms();
    for (size_t i = 0; i < json_array_size(platforms) && st == DB_OK; i++)
        st = import_one(c, x, &kz_kind_platform, json_incref(json_array_get(platforms, i)),
                        "演示科技创新平台");
    json_decref(platforms);
    json_t *challenges = kz_demo_challenges(today);
    for (size_t i = 0; i < json_array_size(challenges) && st == DB_OK; i++)
        st = import_challenge(c, x, json_incref(json_array_get(challenges, i)));
    json_decref(challenges);
    if (st == DB_OK) st = import_events(c, x, today);
    if (st == DB_OK) st = import_deals(c, x, today);
    if (st == DB_OK) st = import_brokers(c, x, today);
    if (st == DB_OK) st = import_policies(c, x, today);
    if (st == DB_OK) st = import_policy_applications(c, x, today);
    if (st == DB_OK) st = import_resources(c, x, today);
    if (st == DB_OK) st = import_listings(c, x, today);
    if (st == DB_OK) st = import_finance_requests(c, x, today);
    if (st == DB_OK) st = import_panels(c, x, today);
    return st;
}

int kz_cmd_demo(const kz_config *cfg, int argc, char **argv)
{
    bool if_empty = false;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--if-empty"))
            if_empty = true;
        else {
            fprintf(stderr, "demo: 无法识别的参数 %s\n", argv[i]);
            return 2;
        }
    }
    db_conn *c = kz_cli_open(cfg, true);
    if (!c) return 1;
    int64_t n = 0;
    if (kz_user_total(c, &n) != DB_OK) {
        fprintf(stderr, "demo: 无法读取数据库\n");
        db_close(c);
        return 1;
    }
    if (n > 0 && if_empty) {
        printf("数据库已有数据，跳过演示数据 (database not empty, demo skipped)\n");
        db_close(c);
        return 0;
    }
    kz_actor op = kz_cli_operator();
    int norgs;
    const kz_demo_org *orgs = kz_demo_orgs(&norgs);
    int64_t *ids = calloc((size_t)norgs, sizeof *ids);
    if (!ids) abort();
    kz_error e = {0};
    int64_t user_ids[NUSERS] = {0};
    for (int i = 0; i < norgs; i++) {
        char cc[19];
        credit_code(i, orgs[i].region, cc);
        json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name", orgs[i].name,
                               "kind", orgs[i].kind, "region", orgs[i].region, "industry",
                               orgs[i].industry, "tier", orgs[i].tier, "address", orgs[i].address,
                               "credit_code", cc, "contact", orgs[i].contact);
        json_t *out = NULL;
        if (kz_org_create(c, &op, in, &out, &e) != KZ_OK) {
            print_error(orgs[i].name, &e);
            json_decref(in);
            free(ids);
            db_close(c);
            return 1;
        }
        ids[i] = json_integer_value(json_object_get(out, "id"));
        json_decref(in);
        json_decref(out);
    }
    printf("演示账号（密码均为 %s） / demo accounts (password %s):\n", DEMO_PASSWORD,
           DEMO_PASSWORD);
    for (int i = 0; i < NUSERS; i++) {
        json_t *roles = json_array();
        char buf[128];
        snprintf(buf, sizeof buf, "%s", users[i].roles);
        char *save = NULL;
        for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
            json_array_append_new(roles, json_string(t));
        json_t *in =
            json_pack("{s:s, s:s, s:o, s:s}", "username", users[i].username, "display_name",
                      users[i].display, "roles", roles, "password", DEMO_PASSWORD);
        if (users[i].org)
            json_object_set_new(in, "org_id",
                                json_integer(org_id_of(users[i].org, orgs, norgs, ids)));
        json_t *out = NULL;
        if (kz_user_create(c, &op, in, &out, &e) != KZ_OK) {
            print_error(users[i].username, &e);
            json_decref(in);
            free(ids);
            db_close(c);
            return 1;
        }
        user_ids[i] = json_integer_value(json_object_get(out, "id"));
        printf("  %-18s %-20s %s\n", users[i].username, users[i].roles, users[i].display);
        json_decref(in);
        json_decref(out);
    }
    records_ctx rx = {
        .op = &op, .orgs = orgs, .norgs = norgs, .ids = ids, .user_ids = user_ids, .e = &e};
    db_status st = db_tx(c, true, records_tx, &rx);
    free(ids);
    db_close(c);
    if (st != DB_OK) {
        print_error(rx.what, &e);
        return 1;
    }
    json_t *platforms = kz_demo_platforms(), *challenges = kz_demo_challenges("2000-01-01");
    printf("演示数据：%d 个机构、%d 项成果、%d 项需求、%d 个金融产品、%zu 个科技创新平台、%d "
           "份技术合同、%zu 个揭榜挂帅榜单、%zu 项撮合对接、%zu 项政策（及其兑现申请）、%zu "
           "项共享资源（及一个月的预约）、11 项科技大市场挂牌（各方式、各状态，含进行中的拍卖）、4 "
           "项融资需求、2 个评审专家组（一个已结束评分，一个评审中）、2 场对接活动\n",
           norgs, KZ_DEMO_ACHIEVEMENTS, KZ_DEMO_DEMANDS, KZ_DEMO_FINANCE_PRODUCTS,
           json_array_size(platforms), KZ_DEMO_CONTRACTS, json_array_size(challenges),
           sizeof demo_deals / sizeof demo_deals[0], sizeof demo_policies / sizeof demo_policies[0],
           sizeof demo_resources / sizeof demo_resources[0]);
    json_decref(platforms);
    json_decref(challenges);
    return 0;
}
