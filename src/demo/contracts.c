/* contracts.c — the demo's 技术合同登记 (content.h kz_demo_contract): a year of technology
 * contracts of Sichuan's universities, institutes and enterprises — most registered (with their
 * 核定技术交易额 and registration numbers, as an imported register), a few waiting for the
 * registrar, returned or refused (未予登记) with the reason, one draft. Buyers are enterprises of
 * the registry or named parties inside and outside Sichuan. Amounts, dates and parties follow
 * from the index and the day the demo is loaded (signed in the twelve months before it); every
 * figure is invented. */
#include "content.h"
#include "../core/validate.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* sellers: 高校院所 mostly, some enterprises */
static const char *const sellers[] = {"scu",  "uestc", "swjtu", "swust", "cdut", "cib",  "ioe",
                                      "saas", "swri",  "swpu",  "sicau", "swmu", "rxw",  "sdxc",
                                      "dyzz", "mysk",  "scu",   "uestc", "cib",  "swjtu"};
/* registry buyers: the demo's enterprises */
static const char *const buyers[] = {"ybln", "lzjz", "dyzz", "mysk", "pxft",
                                     "lzjy", "ybmj", "yamd", "rxw",  "sdxc"};
/* named buyers (not in the registry): name, region, kind */
static const struct named {
    const char *name, *region, *kind;
} named[] = {
    {"重庆渝新智能装备有限公司", "500112", "enterprise"},
    {"广州粤芯半导体材料有限公司", "440112", "enterprise"},
    {"乐山峨眉新材料科技有限公司", "511102", "enterprise"},
    {"南充嘉陵农业科技有限公司", "511302", "enterprise"},
    {"西安秦岭检测技术研究院", "610113", "institute"},
    {"遂宁川中锂电材料有限公司", "510903", "enterprise"},
};
static const struct topic {
    const char *type, *title;
} topics[] = {
    {"development_commissioned", "动力电池硅碳负极材料中试工艺开发"},
    {"development_commissioned", "白酒酿造智能化勾调系统开发"},
    {"development_cooperative", "钒钛磁铁矿综合利用关键技术合作开发"},
    {"transfer", "一种高强韧钛合金制备方法专利权转让"},
    {"license", "高效低毒水稻除草剂配方专利实施许可"},
    {"consulting", "重型数控机床产线智能化改造技术咨询"},
    {"service", "轨道交通减振降噪检测技术服务"},
    {"development_commissioned", "茶叶加工近红外品质在线检测系统开发"},
    {"transfer", "锂电池电解液添加剂技术秘密转让"},
    {"license", "工业互联网边缘网关软件著作权许可"},
    {"service", "中药材有效成分分析与质量标准技术服务"},
    {"development_cooperative", "页岩气压裂返排液处理技术合作开发"},
};

#define NSELLERS (int)(sizeof sellers / sizeof sellers[0])
#define NBUYERS  (int)(sizeof buyers / sizeof buyers[0])
#define NNAMED   (int)(sizeof named / sizeof named[0])
#define NTOPICS  (int)(sizeof topics / sizeof topics[0])

/* the states of the last few: waiting, returned, refused, a draft; the rest registered */
static const char *status_of(int i)
{
    static const char *const tail[] = {"submitted", "submitted",      "submitted",      "returned",
                                       "returned",  "not_registered", "not_registered", "draft"};
    int from = KZ_DEMO_CONTRACTS - (int)(sizeof tail / sizeof tail[0]);
    return i < from ? "registered" : tail[i - from];
}

json_t *kz_demo_contract(int i, const char *today, int seq_of_year[2])
{
    if (i < 0 || i >= KZ_DEMO_CONTRACTS) return NULL;
    const char *status = status_of(i);
    bool reg = !strcmp(status, "registered");
    const char *seller_key = sellers[(i * 7) % NSELLERS];
    const kz_demo_org *seller = kz_demo_org_find(seller_key);
    const struct topic *tp = &topics[(i * 5 + i / 7) % NTOPICS];
    /* spread over the last year, the registered ones first (signed before the others) */
    int back = reg ? 20 + (i * 113) % 340 : 3 + i % 15;
    char signed_on[11];
    kz_demo_day(today, -back, signed_on);
    long long yuan = 200000LL + (long long)((i * 7919) % 97) * 150000LL;
    if (i % 9 == 0) yuan *= 6; /* a few large ones */
    char title[160];
    snprintf(title, sizeof title, "%s合同（%s）", tp->title, seller->name);
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:[]}", "org_key", seller_key, "status",
                  status, "title", title, "type", tp->type, "region", seller->region, "amount_fen",
                  (json_int_t)(yuan * 100), "signed_on", signed_on, "attachments");
    char sha[65];
    for (int k = 0; k < 64; k++)
        sha[k] = "0123456789abcdef"[(i * 31 + k * 17 + k * k) % 16];
    sha[64] = 0;
    json_array_append_new(json_object_get(o, "attachments"),
                          json_pack("{s:s, s:s}", "name", "合同文本（签章版）.pdf", "sha256", sha));
    if (i % 4 == 3) { /* a named party */
        const struct named *b = &named[(i / 4) % NNAMED];
        char code[19];
        snprintf(code, sizeof code, "91%.6sMA%07d", b->region, 3100000 + i * 37);
        code[17] = kz_credit_code_check_char(code);
        code[18] = 0;
        json_object_set_new(o, "buyer_name", json_string(b->name));
        json_object_set_new(o, "buyer_credit_code", json_string(code));
        json_object_set_new(o, "buyer_region", json_string(b->region));
        json_object_set_new(o, "buyer_kind", json_string(b->kind));
    } else { /* a registry enterprise (not the seller itself) */
        const char *bk = buyers[(i * 3) % NBUYERS];
        if (!strcmp(bk, seller_key)) bk = buyers[(i * 3 + 1) % NBUYERS];
        const kz_demo_org *b = kz_demo_org_find(bk);
        json_object_set_new(o, "buyer_org_key", json_string(bk));
        json_object_set_new(o, "buyer_name", json_string(b->name));
        json_object_set_new(o, "buyer_region", json_string(b->region));
        json_object_set_new(o, "buyer_kind", json_string(b->kind));
    }
    if (strcmp(status, "draft") != 0) {
        json_object_set_new(o, "seller_kind", json_string(seller->kind));
        json_object_set_new(o, "seller_industry", json_string(seller->industry));
    }
    if (reg) {
        char on[11];
        kz_demo_day(today, -(back - 7 > 0 ? back - 7 : 0), on);
        int year = atoi(on);
        int seq = ++seq_of_year[year == atoi(today) ? 0 : 1]; /* this year's, last year's */
        char no[32];
        snprintf(no, sizeof no, "%04d%s%06d", year, seller->region, seq);
        json_object_set_new(o, "registration_no", json_string(no));
        json_object_set_new(o, "registered_on", json_string(on));
        json_object_set_new(o, "tech_income_fen", json_integer(yuan * 100 * (70 + i % 31) / 100));
    }
    if (!strcmp(status, "returned"))
        json_object_set_new(o, "reason",
                            json_string("合同未载明技术指标与验收标准，请补充后重新提交"));
    if (!strcmp(status, "not_registered"))
        json_object_set_new(o, "reason",
                            json_string("合同标的为设备购销，不属于技术合同，未予登记"));
    return o;
}
