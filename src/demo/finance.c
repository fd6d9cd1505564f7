/* finance.c — the demo's 科技金融 products (content.h kz_demo_finance_product): loans such as
 * 天府科创贷 and 知识产权质押融资, a performance guarantee, an angel fund, in every state of their
 * workflow. The lenders and every figure are invented. */
#include "content.h"

static const struct product {
    const char *org_key, *status, *title, *kind, *summary;
    long long amount_min_yuan, amount_max_yuan; /* -1: not stated */
    int rate_min_bp, rate_max_bp;               /* -1: not stated */
    int term_months;                            /* -1: not stated */
    const char *tiers[4], *regions[4];
    const char *region, *contact;
} products[KZ_DEMO_FINANCE_PRODUCTS] = {
    {"shyh",
     "active",
     "天府科创贷",
     "loan",
     "面向成都市科技型中小企业、高新技术企业的信用贷款，以知识产权、研发投入和成果转化合同为主要"
     "授信依据，纳入科创贷风险资金池，单户最高一千万元。",
     1000000,
     10000000,
     345,
     435,
     36,
     {"tech_sme", "high_tech", "gazelle"},
     {"510100"},
     "510104",
     "028-86618821"},
    {"shyh",
     "active",
     "知识产权质押融资",
     "loan",
     "以已授权的发明专利、实用新型专利和注册商标质押，经评估后按评估值的三至五成授信，"
     "可叠加贴息政策。",
     500000,
     30000000,
     380,
     480,
     36,
     {0},
     {"510000"},
     "510104",
     "028-86618822"},
    {"shyh",
     "active",
     "科创微贷",
     "loan",
     "为初创期科技型中小企业提供的小额信用贷款，线上申请，三个工作日内审批，随借随还。",
     100000,
     3000000,
     395,
     550,
     12,
     {"tech_sme"},
     {"510100", "510700"},
     "510104",
     "028-86618823"},
    {"shyh",
     "submitted",
     "科技履约保函",
     "guarantee",
     "为承接技术开发、技术服务合同的企业开具履约保函，替代现金保证金，年费率一至二个百分点。",
     50000,
     5000000,
     100,
     200,
     24,
     {"tech_sme", "high_tech"},
     {"510000"},
     "510104",
     "028-86618824"},
    {"shyh",
     "draft",
     "高校成果转化项目贷",
     "loan",
     "支持企业受让高校院所科技成果并在川落地转化，以技术合同登记为依据，按合同金额的五成授信。",
     2000000,
     20000000,
     360,
     420,
     60,
     {0},
     {"510000"},
     "510104",
     "028-86618825"},
    {"kctz",
     "active",
     "科技成果转化天使基金",
     "equity",
     "投资种子期、初创期科技成果转化项目，单个项目投资二百万元至二千万元，可与市区两级引导基金"
     "联合投资。",
     2000000,
     20000000,
     -1,
     -1,
     84,
     {"tech_sme", "high_tech"},
     {"510000"},
     "510107",
     "028-85336618"},
    {"kctz",
     "closed",
     "揭榜挂帅项目跟投计划",
     "equity",
     "对成功揭榜的攻关项目按合同金额跟投，已完成本期募集，暂停受理。",
     1000000,
     10000000,
     -1,
     -1,
     60,
     {0},
     {"510500"},
     "510107",
     "028-85336619"},
};

static json_t *names(const char *const *list, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n && list[i]; i++)
        json_array_append_new(a, json_string(list[i]));
    return a;
}

json_t *kz_demo_finance_product(int i)
{
    if (i < 0 || i >= KZ_DEMO_FINANCE_PRODUCTS) return NULL;
    const struct product *p = &products[i];
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "org_key", p->org_key, "status",
                          p->status, "title", p->title, "kind", p->kind, "summary", p->summary,
                          "region", p->region, "contact", p->contact);
    json_object_set_new(o, "amount_min_fen",
                        p->amount_min_yuan < 0 ? json_null()
                                               : json_integer(p->amount_min_yuan * 100));
    json_object_set_new(o, "amount_max_fen",
                        p->amount_max_yuan < 0 ? json_null()
                                               : json_integer(p->amount_max_yuan * 100));
    json_object_set_new(o, "rate_min_bp",
                        p->rate_min_bp < 0 ? json_null() : json_integer(p->rate_min_bp));
    json_object_set_new(o, "rate_max_bp",
                        p->rate_max_bp < 0 ? json_null() : json_integer(p->rate_max_bp));
    json_object_set_new(o, "term_months",
                        p->term_months < 0 ? json_null() : json_integer(p->term_months));
    json_object_set_new(o, "eligible_tiers", names(p->tiers, 4));
    json_object_set_new(o, "eligible_regions", names(p->regions, 4));
    return o;
}
