/* cli_demo.c — `kezhuan demo`: realistic demo organizations across Sichuan and one account
 * per role, written through the domain layer (validated and audited like any other write).
 * The enterprises and agencies are invented; universities and bureaus are public bodies. */
#include "cli.h"
#include "core/validate.h"
#include "domain/org.h"
#include "domain/user.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define DEMO_PASSWORD "Kezhuan@2026"

static const struct demo_org {
    const char *key, *name, *kind, *region, *industry, *tier, *address;
} orgs[] = {
    {"cdkj", "成都市科学技术局", "government", "510100", "S", "none",
     "成都市高新区锦城大道 366 号"},
    {"mykj", "绵阳市科学技术局", "government", "510700", "S", "none", "绵阳市涪城区"},
    {"scu", "四川大学", "university", "510107", "P", "none", "成都市武侯区一环路南一段 24 号"},
    {"uestc", "电子科技大学", "university", "510117", "P", "none", "成都市郫都区西源大道 2006 号"},
    {"swjtu", "西南交通大学", "university", "510106", "P", "none",
     "成都市金牛区二环路北一段 111 号"},
    {"swust", "西南科技大学", "university", "510703", "P", "none",
     "绵阳市涪城区青龙大道中段 59 号"},
    {"cdut", "成都理工大学", "university", "510108", "P", "none", "成都市成华区二仙桥东三路 1 号"},
    {"cib", "中国科学院成都生物研究所", "institute", "510107", "73", "none",
     "成都市武侯区人民南路四段 9 号"},
    {"rxw", "成都锐芯微电子科技有限公司", "enterprise", "510107", "39", "high_tech",
     "成都高新区天府软件园"},
    {"sdxc", "四川蜀道新材料科技有限公司", "enterprise", "510116", "30", "gazelle",
     "成都市双流区西航港"},
    {"ybln", "宜宾锂能动力电池有限公司", "enterprise", "511502", "38", "leader",
     "宜宾市翠屏区临港经开区"},
    {"lzjz", "泸州酿造智能装备有限公司", "enterprise", "510502", "35", "tech_sme",
     "泸州市江阳区酒业园区"},
    {"dyzz", "德阳重型智造装备有限公司", "enterprise", "510603", "34", "high_tech", "德阳市旌阳区"},
    {"mysk", "绵阳数控精密机械有限公司", "enterprise", "510703", "34", "tech_sme",
     "绵阳市涪城区科创园"},
    {"tfjs", "天府技术转移服务中心有限公司", "service", "510107", "75", "none",
     "成都市武侯区科华北路"},
    {"sczc", "四川知识产权运营服务有限公司", "service", "510104", "72", "none", "成都市锦江区"},
    {"tfzs", "天府中试基地", "platform", "510116", "73", "none", "成都市双流区"},
    {"jrzc", "天府菁蓉众创空间", "incubator", "510117", "75", "none", "成都市郫都区菁蓉镇"},
};
#define NORGS ((int)(sizeof(orgs) / sizeof(orgs[0])))

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
};
#define NUSERS ((int)(sizeof(users) / sizeof(users[0])))

/* A valid 统一社会信用代码 for demo org number i (region-coded, with its check character). */
static void credit_code(int i, const char *region, char out[19])
{
    snprintf(out, 19, "91%.6sMA%07d", region, 6100000 + i * 7919);
    out[17] = kz_credit_code_check_char(out);
    out[18] = 0;
}

static int64_t org_id_of(const char *key, const int64_t *ids)
{
    for (int i = 0; i < NORGS; i++)
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
    int64_t ids[NORGS];
    kz_error e = {0};
    for (int i = 0; i < NORGS; i++) {
        char cc[19];
        credit_code(i, orgs[i].region, cc);
        json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name", orgs[i].name,
                               "kind", orgs[i].kind, "region", orgs[i].region, "industry",
                               orgs[i].industry, "tier", orgs[i].tier, "address", orgs[i].address,
                               "credit_code", cc, "contact", "028-8000 0000");
        json_t *out = NULL;
        if (kz_org_create(c, &op, in, &out, &e) != KZ_OK) {
            print_error(orgs[i].name, &e);
            json_decref(in);
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
            json_object_set_new(in, "org_id", json_integer(org_id_of(users[i].org, ids)));
        json_t *out = NULL;
        if (kz_user_create(c, &op, in, &out, &e) != KZ_OK) {
            print_error(users[i].username, &e);
            json_decref(in);
            db_close(c);
            return 1;
        }
        printf("  %-18s %-20s %s\n", users[i].username, users[i].roles, users[i].display);
        json_decref(in);
        json_decref(out);
    }
    db_close(c);
    return 0;
}
