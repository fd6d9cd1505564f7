/* challenges.c — the demo's 揭榜挂帅 (content.h kz_demo_challenges): challenges of Sichuan's
 * science bureaus (政府发榜) and enterprises (企业发榜) at every stage — one waiting for 初筛, one
 * in 论证, open for 揭榜 with applications coming in, closed and in 评审, awarded (one winner, and
 * a 赛马 with two), in progress with milestones passed and reported, accepted and failed at 验收,
 * a draft. Dates follow from the day the demo is loaded; every figure is invented. */
#include "content.h"
#include "../domain/challenge.h"
#include <stdio.h>
#include <string.h>

typedef struct demo_app {
    const char *org, *partners[4], *status;
    const char *title, *plan;
    long long budget_fen, contract_fen; /* contract_fen: a winner's (0: none) */
    const char *reason;                 /* a loser's */
} demo_app;

typedef struct demo_ms {
    const char *org, *title, *deliverables, *status, *report;
    int due; /* days from today */
    long long amount_fen, paid_fen;
} demo_ms;

/* status: the state the challenge ends in (one with steps is imported in 评审, then stepped) */
typedef struct demo_ch {
    const char *org, *issuer_kind, *status, *title, *goal, *indicators[4], *industry, *region,
        *eligibility, *mode, *opinion;
    long long budget_fen;
    int deadline;         /* days from today */
    const char *steps[4]; /* then taken by the operator: award, start, pass, fail */
    bool unmet;           /* fail: the first indicator not met */
    demo_app apps[4];
    demo_ms ms[3];
} demo_ch;

static const demo_ch chs[] = {
    {.org = "cdkj",
     .issuer_kind = "government",
     .status = "published",
     .title = "车规级碳化硅功率模块封装与可靠性关键技术",
     .goal = "面向新能源汽车电驱系统，突破车规级 SiC 功率模块的银烧结封装、低感互连与高温可靠性"
             "技术，形成自主可控的模块产品并在本地整车企业装车验证。",
     .indicators = {"模块结温耐受 ≥ 200 ℃", "寄生电感 ≤ 5 nH", "通过 AQG 324 可靠性考核"},
     .industry = "39",
     .region = "510107",
     .eligibility =
         "在功率半导体领域具有研发基础的高校院所或企业，可牵头组建不超过 5 家单位的联合体",
     .mode = "single",
     .opinion = "专家论证：需求真实迫切，指标先进可考核，建议发榜",
     .budget_fen = 800000000,
     .deadline = 45,
     .apps =
         {{.org = "uestc",
           .partners = {"rxw"},
           .status = "submitted",
           .title = "SiC 模块银烧结封装与低感互连技术",
           .plan =
               "以纳米银烧结替代焊料层，采用叠层母排低感互连，联合锐芯微完成模块流片与封装中试。",
           .budget_fen = 600000000},
          {.org = "ioe",
           .status = "submitted",
           .title = "高温 SiC 模块封装材料与可靠性评价",
           .plan = "研制耐 250 ℃ 的封装灌封材料，建立功率循环与温度冲击的可靠性评价平台。",
           .budget_fen = 500000000}}},
    {.org = "lzkj",
     .issuer_kind = "government",
     .status = "in_progress",
     .title = "浓香型白酒固态发酵过程智能感知与控制",
     .goal = "针对浓香型白酒固态发酵过程温度、水分、酸度难以在线感知的问题，研制窖池多参数在线监测"
             "与智能调控系统，在泸州重点酒企开展示范应用。",
     .indicators = {"窖池温度在线监测误差 ≤ 0.5 ℃", "优质酒率提高 5 个百分点"},
     .industry = "15",
     .region = "510502",
     .eligibility = "在酿酒工程或智能传感领域具有研发基础的单位",
     .mode = "single",
     .opinion = "专家论证：对泸州白酒产业提质增效意义重大，同意发榜",
     .budget_fen = 500000000,
     .deadline = -120,
     .steps = {"award", "start"},
     .apps = {{.org = "sicau",
               .partners = {"lzjy"},
               .status = "won",
               .title = "窖池多参数在线感知与发酵智能调控系统",
               .plan =
                   "布设无线温湿度与酸度传感阵列，构建发酵过程数字孪生模型，在窖韵酒业开展示范。",
               .budget_fen = 450000000,
               .contract_fen = 420000000},
              {.org = "cdut",
               .status = "lost",
               .title = "基于近红外光谱的发酵过程监测",
               .plan = "以近红外光谱在线检测糟醅成分，建立发酵过程质量预测模型。",
               .budget_fen = 300000000,
               .reason = "在线测量方案尚未在生产窖池验证"}},
     .ms = {{.org = "sicau",
             .title = "传感阵列研制与窖池布设",
             .deliverables = "完成 20 口窖池传感阵列布设，数据稳定上传",
             .status = "passed",
             .report = "已完成 24 口窖池布设，连续运行 60 天数据完整率 99.2%",
             .due = -30,
             .amount_fen = 150000000,
             .paid_fen = 150000000},
            {.org = "sicau",
             .title = "发酵过程数字孪生模型",
             .deliverables = "建立发酵温度与酸度预测模型，预测误差 ≤ 5%",
             .status = "reported",
             .report = "模型已完成两个发酵周期的训练与验证，预测误差 4.1%",
             .due = 20,
             .amount_fen = 150000000}}},
    {.org = "ybln",
     .issuer_kind = "enterprise",
     .status = "accepted",
     .title = "动力电池包热失控早期预警技术",
     .goal = "研发基于多源信号融合的动力电池包热失控早期预警技术，实现热失控前 10 分钟以上预警，"
             "在宜宾锂能储能与动力电池产品上应用。",
     .indicators = {"预警提前量 ≥ 10 分钟", "误报率 ≤ 0.1%"},
     .industry = "38",
     .region = "511502",
     .eligibility = "高校、科研院所或企业均可揭榜",
     .mode = "single",
     .opinion = "专家论证：企业出题、需求明确，建议发榜",
     .budget_fen = 300000000,
     .deadline = -200,
     .steps = {"award", "start", "pass"},
     .apps = {{.org = "scu",
               .status = "won",
               .title = "多源信号融合的电池热失控预警",
               .plan = "融合气体、温度、电压与声发射信号，建立热失控演化模型与边缘预警算法。",
               .budget_fen = 300000000,
               .contract_fen = 280000000},
              {.org = "swjtu",
               .status = "lost",
               .title = "基于声发射的电池内部缺陷监测",
               .plan = "以声发射传感识别电池内部析锂与微短路。",
               .budget_fen = 200000000,
               .reason = "单一信号源，误报率指标难以达到"}},
     .ms = {{.org = "scu",
             .title = "预警算法与样机",
             .deliverables = "完成预警算法与 BMS 样机",
             .status = "passed",
             .report = "样机在 30 组热失控试验中平均提前 13 分钟预警",
             .due = -60,
             .amount_fen = 140000000,
             .paid_fen = 140000000},
            {.org = "scu",
             .title = "产品装车与储能示范",
             .deliverables = "在 2 个储能电站与 100 辆车上示范运行",
             .status = "passed",
             .report = "示范运行 6 个月，误报率 0.06%",
             .due = -10,
             .amount_fen = 140000000,
             .paid_fen = 140000000}}},
    {.org = "dykj",
     .issuer_kind = "government",
     .status = "awarded",
     .title = "重型燃气轮机叶片增材修复技术",
     .goal = "针对重型燃机高温叶片修复依赖进口的问题，突破激光增材修复与热处理一体化技术，形成叶片"
             "再制造能力。",
     .indicators = {"修复区高温持久强度不低于基体 90%", "单片修复周期 ≤ 15 天"},
     .industry = "34",
     .region = "510603",
     .eligibility = "具备增材制造或高温合金研究基础的单位；本榜采用赛马制，可确定多个揭榜方",
     .mode = "race",
     .opinion = "专家论证：技术路线多样，建议赛马",
     .budget_fen = 1000000000,
     .deadline = -15,
     .steps = {"award"},
     .apps = {{.org = "swjtu",
               .partners = {"dyzz"},
               .status = "won",
               .title = "激光定向能量沉积叶片修复",
               .plan = "采用激光定向能量沉积修复叶尖与叶缘，配套热等静压与固溶时效处理。",
               .budget_fen = 500000000,
               .contract_fen = 450000000},
              {.org = "dyqn",
               .status = "won",
               .title = "冷喷涂与激光重熔复合修复",
               .plan = "冷喷涂沉积高温合金后激光重熔致密化，降低热输入与变形。",
               .budget_fen = 500000000,
               .contract_fen = 400000000},
              {.org = "mysk",
               .status = "lost",
               .title = "电弧增材修复",
               .plan = "以电弧增材完成叶片大尺寸缺陷修复。",
               .budget_fen = 300000000,
               .reason = "电弧增材热输入大，叶片变形风险高"}}},
    {.org = "pzhkj",
     .issuer_kind = "government",
     .status = "reviewing",
     .title = "钒钛磁铁矿尾矿综合利用技术",
     .goal = "提高攀西钒钛磁铁矿尾矿中钛、钪等有价元素回收率，形成尾矿制备建材的规模化利用路径。",
     .indicators = {"钛回收率提高 10 个百分点", "尾矿综合利用率 ≥ 60%"},
     .industry = "32",
     .region = "510411",
     .eligibility = "在选矿冶金或资源综合利用领域有研发基础的单位",
     .mode = "single",
     .opinion = "专家论证：对攀西战略资源创新开发试验区意义重大，同意发榜",
     .budget_fen = 600000000,
     .deadline = -5,
     .apps = {{.org = "cdut",
               .partners = {"pxft"},
               .status = "shortlisted",
               .title = "尾矿钛钪协同回收与建材化利用",
               .plan = "强磁-浮选联合回收钛精矿，浸出回收钪，残渣制备蒸压砖。",
               .budget_fen = 550000000},
              {.org = "swust",
               .status = "shortlisted",
               .title = "尾矿微波焙烧提钛",
               .plan = "微波焙烧强化钛铁分离，提高钛回收率。",
               .budget_fen = 400000000},
              {.org = "swpu",
               .status = "submitted",
               .title = "尾矿充填与生态修复",
               .plan = "尾矿制备充填材料用于采空区治理。",
               .budget_fen = 200000000}}},
    {.org = "cdkj",
     .issuer_kind = "government",
     .status = "failed",
     .title = "城市轨道交通减振降噪新材料",
     .goal = "研制用于地铁轨道的高阻尼减振材料与扣件系统，降低沿线建筑振动与噪声。",
     .indicators = {"振动加速度级降低 ≥ 15 dB", "材料服役寿命 ≥ 20 年"},
     .industry = "29",
     .region = "510106",
     .eligibility = "在轨道交通或高分子材料领域有研发基础的单位",
     .mode = "single",
     .opinion = "专家论证：同意发榜",
     .budget_fen = 400000000,
     .deadline = -300,
     .steps = {"award", "start", "fail"},
     .unmet = true,
     .apps = {{.org = "swjtu",
               .status = "won",
               .title = "高阻尼聚氨酯减振扣件系统",
               .plan = "研制高阻尼聚氨酯弹性垫板与扣件，开展线路试验。",
               .budget_fen = 400000000,
               .contract_fen = 350000000}},
     .ms = {{.org = "swjtu",
             .title = "材料研制与线路试验",
             .deliverables = "完成材料研制与 1 公里线路试验",
             .status = "passed",
             .report = "线路试验振动加速度级降低 11 dB",
             .due = -40,
             .amount_fen = 175000000,
             .paid_fen = 120000000}}},
    {.org = "mykj",
     .issuer_kind = "government",
     .status = "screening",
     .title = "高精度数控系统国产化替代",
     .goal = "研发五轴联动高精度数控系统，替代进口数控系统在绵阳精密加工企业应用。",
     .indicators = {"定位精度 ≤ 2 μm", "连续无故障运行 ≥ 2000 小时"},
     .industry = "34",
     .region = "510703",
     .mode = "single",
     .budget_fen = 700000000,
     .deadline = 90},
    {.org = "lzjy",
     .issuer_kind = "enterprise",
     .status = "submitted",
     .title = "酿酒丢糟高值化利用技术",
     .goal = "将酿酒丢糟转化为饲料蛋白与生物质燃料，解决丢糟堆存与环保问题。",
     .indicators = {"丢糟利用率 ≥ 95%", "饲料蛋白含量 ≥ 25%"},
     .industry = "15",
     .region = "510504",
     .mode = "single",
     .budget_fen = 150000000,
     .deadline = 60},
    {.org = "rxw",
     .issuer_kind = "enterprise",
     .status = "draft",
     .title = "车载毫米波雷达芯片低成本封装",
     .goal = "研发车载毫米波雷达芯片的天线封装一体化（AiP）工艺，降低封装成本。",
     .indicators = {"封装成本降低 30%"},
     .industry = "39",
     .region = "510107",
     .budget_fen = 200000000,
     .deadline = 75},
};

#define NCH (int)(sizeof chs / sizeof chs[0])

static json_t *strings(const char *const *v, int max)
{
    json_t *a = json_array();
    for (int i = 0; i < max && v[i]; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *app_json(const demo_app *a)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:[s, s], s:s}", "title", a->title, "plan", a->plan,
                          "org_key", a->org, "budget_fen", (json_int_t)a->budget_fen, "team",
                          "项目负责人 教授", "核心成员 高级工程师", "status", a->status);
    json_object_set_new(o, "partner_keys", strings(a->partners, 4));
    if (a->contract_fen) {
        json_object_set_new(o, "contract_amount_fen", json_integer(a->contract_fen));
        json_object_set_new(
            o, "solver_subsidy_fen",
            json_integer(kz_challenge_subsidy(a->contract_fen, KZ_CHALLENGE_SUBSIDY_PCT)));
    }
    if (a->reason) json_object_set_new(o, "reason", json_string(a->reason));
    return o;
}

static json_t *ms_json(const demo_ms *m, const char *today)
{
    char due[11];
    kz_demo_day(today, m->due, due);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "title", m->title, "deliverables",
                          m->deliverables, "org_key", m->org, "due_on", due, "amount_fen",
                          (json_int_t)m->amount_fen, "status", m->status);
    if (m->report) json_object_set_new(o, "report", json_string(m->report));
    if (!strcmp(m->status, "passed")) {
        char paid[11];
        kz_demo_day(today, m->due + 3, paid);
        if (strcmp(paid, today) > 0) snprintf(paid, sizeof paid, "%s", today);
        json_object_set_new(o, "paid_fen", json_integer(m->paid_fen));
        json_object_set_new(o, "paid_on", json_string(paid));
    }
    return o;
}

/* the 验收 body: every indicator, met unless the challenge fails on its first */
static json_t *verdict(const demo_ch *c, const char *action)
{
    json_t *res = json_array();
    for (int i = 0; i < 4 && c->indicators[i]; i++)
        json_array_append_new(
            res, json_pack("{s:s, s:b, s:s}", "indicator", c->indicators[i], "met",
                           !(c->unmet && i == 0), "note",
                           c->unmet && i == 0 ? "第三方检测未达到" : "第三方检测达到"));
    json_t *b = json_pack("{s:s, s:o}", "action", action, "indicator_results", res);
    if (!strcmp(action, "fail"))
        json_object_set_new(b, "comment", json_string("减振指标未达到考核要求，不予通过验收"));
    return b;
}

json_t *kz_demo_challenges(const char *today)
{
    json_t *out = json_array();
    for (int i = 0; i < NCH; i++) {
        const demo_ch *c = &chs[i];
        char deadline[11];
        kz_demo_day(today, c->deadline, deadline);
        /* an awarded challenge is imported in 评审 and awarded by its step */
        const char *status = c->steps[0] ? "reviewing" : c->status;
        json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "title",
                              c->title, "goal", c->goal, "indicators", strings(c->indicators, 4),
                              "industry", c->industry, "region", c->region, "budget_fen",
                              (json_int_t)c->budget_fen, "deadline", deadline, "org_key", c->org,
                              "status", status, "contact", "028-6000 0000");
        if (c->mode) json_object_set_new(o, "mode", json_string(c->mode));
        if (c->eligibility) json_object_set_new(o, "eligibility", json_string(c->eligibility));
        if (strcmp(status, "draft") != 0)
            json_object_set_new(o, "issuer_kind", json_string(c->issuer_kind));
        if (c->opinion) json_object_set_new(o, "opinion", json_string(c->opinion));
        json_t *apps = json_array(), *ms = json_array(), *steps = json_array();
        for (int j = 0; j < 4 && c->apps[j].org; j++)
            json_array_append_new(apps, app_json(&c->apps[j]));
        for (int j = 0; j < 3 && c->ms[j].org; j++)
            json_array_append_new(ms, ms_json(&c->ms[j], today));
        for (int j = 0; j < 4 && c->steps[j]; j++) {
            const char *a = c->steps[j];
            json_array_append_new(steps, !strcmp(a, "pass") || !strcmp(a, "fail")
                                             ? verdict(c, a)
                                             : json_pack("{s:s}", "action", a));
        }
        json_object_set_new(o, "applications", apps);
        json_object_set_new(o, "milestones", ms);
        json_object_set_new(o, "steps", steps);
        json_array_append_new(out, o);
    }
    return out;
}
