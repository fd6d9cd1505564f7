#include "enums.h"
#include <string.h>

static const kz_enum_item trl[] = {
    {"1", "TRL 1 基本原理被发现", "发现并报告了基本原理，属于初期研究"},
    {"2", "TRL 2 形成技术概念", "提出技术概念和应用设想"},
    {"3", "TRL 3 关键功能得到验证", "通过分析和实验室研究验证关键功能和特性"},
    {"4", "TRL 4 实验室环境验证", "部件或原理样机在实验室环境中得到验证"},
    {"5", "TRL 5 相关环境验证", "部件或原理样机在相关环境中得到验证"},
    {"6", "TRL 6 系统样机演示", "系统或分系统模型、样机在相关环境中演示"},
    {"7", "TRL 7 实际环境演示", "系统样机在实际使用环境中演示"},
    {"8", "TRL 8 定型并通过测试", "实际系统完成并通过测试和验证，可小批量生产"},
    {"9", "TRL 9 成功应用", "实际系统经过成功应用验证，可规模化推广"},
    {0},
};
static const kz_enum_item transfer_modes[] = {
    {"transfer", "转让", "将科技成果的所有权转移给受让方"},
    {"license", "许可", "许可他人在约定范围内使用科技成果"},
    {"equity", "作价投资", "以科技成果作价入股企业"},
    {"co_develop", "合作开发", "与企业合作进行后续开发和转化"},
    {0},
};
static const kz_enum_item transaction_modes[] = {
    {"negotiated", "协议定价", "双方协商定价，并在单位内公示（不少于 15 日）"},
    {"listed", "挂牌交易", "在技术交易市场挂牌，按标价成交"},
    {"auction", "拍卖", "在技术交易市场公开竞价"},
    {0},
};
static const kz_enum_item demand_kinds[] = {
    {"tech_problem", "技术难题", "企业在研发或生产中遇到、需要外部攻关的技术问题"},
    {"achievement_wanted", "成果引进", "希望引进可直接转化的成熟科技成果"},
    {"talent", "人才需求", "需要高层次科技人才或团队"},
    {"equipment", "设备需求", "需要大型仪器、中试线等设施或检测服务"},
    {"finance", "投融资", "科技项目的融资或投资对接需求"},
    {0},
};
static const kz_enum_item tech_fields[] = {
    {"electronic_info", "电子信息", NULL},
    {"biomedicine", "生物与新医药", NULL},
    {"aerospace", "航空航天", NULL},
    {"new_materials", "新材料", NULL},
    {"high_tech_services", "高技术服务", NULL},
    {"new_energy", "新能源与节能", NULL},
    {"resources_environment", "资源与环境", NULL},
    {"advanced_manufacturing", "先进制造与自动化", NULL},
    {0},
};
static const kz_enum_item org_kinds[] = {
    {"university", "高等院校", NULL}, {"institute", "科研院所", NULL},
    {"enterprise", "企业", NULL},     {"service", "技术转移服务机构", NULL},
    {"platform", "中试平台", NULL},   {"incubator", "孵化载体", NULL},
    {"government", "政府部门", NULL}, {0},
};
static const kz_enum_item tiers[] = {
    {"none", "未认定", NULL},
    {"tech_sme", "科技型中小企业", NULL},
    {"high_tech", "高新技术企业", NULL},
    {"gazelle", "瞪羚企业", NULL},
    {"leader", "领军企业", NULL},
    {0},
};
static const kz_enum_item ip_types[] = {
    {"patent_invention", "发明专利", NULL},
    {"patent_utility", "实用新型专利", NULL},
    {"patent_design", "外观设计专利", NULL},
    {"software_copyright", "软件著作权", NULL},
    {"ic_layout", "集成电路布图设计", NULL},
    {"plant_variety", "植物新品种权", NULL},
    {"technical_secret", "技术秘密", NULL},
    {"other", "其他", NULL},
    {0},
};
static const kz_enum_item ip_statuses[] = {
    {"applied", "已申请", NULL},
    {"granted", "已授权", NULL},
    {"expired", "已失效", NULL},
    {"transferred", "已转让", NULL},
    {0},
};
static const kz_enum_item cooperation_modes[] = {
    {"transfer", "技术转让", NULL},
    {"license", "技术许可", NULL},
    {"equity", "作价投资", NULL},
    {"co_develop", "合作开发", NULL},
    {"commission", "委托开发", NULL},
    {"consulting", "技术咨询与服务", NULL},
    {0},
};
static const kz_enum_item achievement_statuses[] = {
    {"draft", "草稿", NULL},
    {"submitted", "已提交（待形式审查）", NULL},
    {"screening", "筛选评估中", NULL},
    {"published", "已发布", NULL},
    {"rejected", "未通过", NULL},
    {"withdrawn", "已撤回", NULL},
    {"expired", "已过期", NULL},
    {"archived", "已归档", NULL},
    {0},
};
static const kz_enum_item access_statuses[] = {
    {"pending", "待审批", NULL},
    {"approved", "已批准", NULL},
    {"declined", "已拒绝", NULL},
    {"revoked", "已收回", NULL},
    {0},
};
static const kz_enum_item demand_statuses[] = {
    {"draft", "草稿", NULL},
    {"submitted", "待审核", NULL},
    {"published", "已发布", NULL},
    {"matched", "已对接", NULL},
    {"closed", "已关闭", NULL},
    {"rejected", "未通过", NULL},
    {0},
};
static const kz_enum_item finance_product_kinds[] = {
    {"loan", "贷款", "科技信贷，如天府科创贷、知识产权质押融资"},
    {"guarantee", "担保", "融资担保、履约担保"},
    {"insurance", "保险", "科技保险，如首台（套）、研发费用损失保险"},
    {"equity", "股权投资", "天使、创业投资与产业基金"},
    {0},
};
static const kz_enum_item finance_product_statuses[] = {
    {"draft", "草稿", NULL},
    {"submitted", "待审核", NULL},
    {"active", "在售", NULL},
    {"closed", "已下架", NULL},
    {0},
};
/* 科技创新平台: the kinds of PRODUCT.md §7 (the four families of the platform plan: 科技研发平台,
 * 成果转化平台, 科技服务平台, 科技人才引育平台 — kz_platform_family) */
static const kz_enum_item platform_kinds[] = {
    {"key_lab", "重点实验室", "科技研发平台"},
    {"eng_center", "工程技术研究中心", "科技研发平台"},
    {"new_rd_institute", "新型研发机构", "科技研发平台"},
    {"tech_innovation_center", "技术创新中心", "科技研发平台"},
    {"pilot_platform", "中试熟化平台", "成果转化平台"},
    {"tto", "技术转移机构", "成果转化平台"},
    {"university_park", "大学科技园", "成果转化平台"},
    {"incubator", "科技企业孵化器", "科技服务平台"},
    {"maker_space", "众创空间", "科技服务平台"},
    {"public_service", "科技公共服务平台", "科技服务平台"},
    {"academician_station", "院士（专家）工作站", "科技人才引育平台"},
    {0},
};
static const kz_enum_item platform_levels[] = {
    {"national", "国家级", NULL},
    {"provincial", "省级", NULL},
    {"municipal", "市级", NULL},
    {"district", "区（县）级", NULL},
    {0},
};
static const kz_enum_item platform_statuses[] = {
    {"draft", "草稿", NULL},      {"candidate", "申报认定中", NULL}, {"recognized", "已认定", NULL},
    {"warned", "限期整改", NULL}, {"delisted", "已摘牌", NULL},      {0},
};
/* 技术合同 categories (《技术合同认定登记管理办法》: 技术开发 委托/合作, 转让, 许可, 咨询, 服务) */
static const kz_enum_item contract_types[] = {
    {"development_commissioned", "技术开发（委托）", NULL},
    {"development_cooperative", "技术开发（合作）", NULL},
    {"transfer", "技术转让", NULL},
    {"license", "技术许可", NULL},
    {"consulting", "技术咨询", NULL},
    {"service", "技术服务", NULL},
    {0},
};
static const kz_enum_item contract_statuses[] = {
    {"draft", "草稿", NULL},
    {"submitted", "待登记", NULL},
    {"returned", "已退回", NULL},
    {"registered", "已登记", NULL},
    {"not_registered", "未予登记", NULL},
    {0},
};
static const kz_enum_item roles[] = {
    {"researcher", "科研人员", NULL},
    {"org_admin", "机构管理员", NULL},
    {"enterprise", "企业用户", NULL},
    {"broker", "技术经纪人", NULL},
    {"expert", "评审专家", NULL},
    {"reviewer", "第三方专业机构", NULL},
    {"officer", "科技局工作人员", NULL},
    {"admin", "平台管理员", NULL},
    {0},
};

const kz_enum kz_enum_trl = {"trl", "技术就绪度（TRL）", trl};
const kz_enum kz_enum_transfer_modes = {"transfer_modes", "转化方式", transfer_modes};
const kz_enum kz_enum_transaction_modes = {"transaction_modes", "交易方式", transaction_modes};
const kz_enum kz_enum_demand_kinds = {"demand_kinds", "需求类型", demand_kinds};
const kz_enum kz_enum_tech_fields = {"tech_fields", "高新技术领域", tech_fields};
const kz_enum kz_enum_org_kinds = {"org_kinds", "机构类型", org_kinds};
const kz_enum kz_enum_tiers = {"tiers", "企业梯次", tiers};
const kz_enum kz_enum_ip_types = {"ip_types", "知识产权类型", ip_types};
const kz_enum kz_enum_ip_statuses = {"ip_statuses", "知识产权状态", ip_statuses};
const kz_enum kz_enum_cooperation_modes = {"cooperation_modes", "合作方式", cooperation_modes};
const kz_enum kz_enum_achievement_statuses = {"achievement_statuses", "成果状态",
                                              achievement_statuses};
const kz_enum kz_enum_demand_statuses = {"demand_statuses", "需求状态", demand_statuses};
const kz_enum kz_enum_roles = {"roles", "角色", roles};
const kz_enum kz_enum_finance_product_kinds = {"finance_product_kinds", "金融产品类型",
                                               finance_product_kinds};
const kz_enum kz_enum_finance_product_statuses = {"finance_product_statuses", "金融产品状态",
                                                  finance_product_statuses};
const kz_enum kz_enum_platform_kinds = {"platform_kinds", "科技创新平台类型", platform_kinds};
const kz_enum kz_enum_platform_levels = {"platform_levels", "平台级别", platform_levels};
const kz_enum kz_enum_platform_statuses = {"platform_statuses", "平台状态", platform_statuses};
const kz_enum kz_enum_contract_types = {"contract_types", "技术合同类型", contract_types};
const kz_enum kz_enum_contract_statuses = {"contract_statuses", "技术合同状态", contract_statuses};
const kz_enum kz_enum_access_statuses = {"access_statuses", "访问申请状态", access_statuses};

static const kz_enum_item challenge_statuses[] = {
    {"draft", "草稿", NULL},         {"submitted", "已提交", NULL},
    {"screening", "初筛中", NULL},   {"argued", "已论证", NULL},
    {"published", "揭榜中", NULL},   {"closed", "已截止", NULL},
    {"reviewing", "评审中", NULL},   {"awarded", "已立项", NULL},
    {"in_progress", "攻关中", NULL}, {"accepted", "验收通过", NULL},
    {"failed", "验收未通过", NULL},  {"returned", "已退回", NULL},
    {"withdrawn", "已撤榜", NULL},   {0},
};
static const kz_enum_item challenge_modes[] = {
    {"single", "单一揭榜", "一个揭榜方承担攻关"},
    {"race", "赛马", "多个揭榜方并行攻关，各有合同金额，按验收择优"},
    {0},
};
static const kz_enum_item challenge_issuers[] = {
    {"government", "政府发榜", NULL},
    {"enterprise", "企业发榜", NULL},
    {0},
};
static const kz_enum_item challenge_application_statuses[] = {
    {"draft", "草稿", NULL},
    {"submitted", "已提交", NULL},
    {"shortlisted", "已入围", NULL},
    {"won", "已中榜", NULL},
    {"lost", "未中榜", NULL},
    {"withdrawn", "已撤回", NULL},
    {0},
};
static const kz_enum_item challenge_milestone_statuses[] = {
    {"draft", "草稿", NULL},     {"planned", "计划中", NULL}, {"reported", "待检查", NULL},
    {"rectify", "需整改", NULL}, {"passed", "已通过", NULL},  {0},
};
const kz_enum kz_enum_challenge_statuses = {"challenge_statuses", "榜单状态", challenge_statuses};
const kz_enum kz_enum_challenge_modes = {"challenge_modes", "揭榜方式", challenge_modes};
const kz_enum kz_enum_challenge_issuers = {"challenge_issuers", "发榜方类型", challenge_issuers};
const kz_enum kz_enum_challenge_application_statuses = {
    "challenge_application_statuses", "揭榜申请状态", challenge_application_statuses};
const kz_enum kz_enum_challenge_milestone_statuses = {"challenge_milestone_statuses", "里程碑状态",
                                                      challenge_milestone_statuses};

static const kz_enum_item deal_statuses[] = {
    {"draft", "草稿", NULL},
    {"recommended", "已推荐", NULL},
    {"contacted", "已联系", NULL},
    {"negotiating", "洽谈中", NULL},
    {"signed", "已签约", NULL},
    {"declined", "已放弃", NULL},
    {0},
};
static const kz_enum_item deal_sides[] = {
    {"buyer", "需求方", NULL},
    {"seller", "成果方", NULL},
    {0},
};
static const kz_enum_item decline_codes[] = {
    {"price", "价格不合适", NULL},
    {"maturity", "成熟度不够", NULL},
    {"ip", "知识产权问题", NULL},
    {"fit", "技术不对口", "该成果不再向该需求推荐"},
    {"timing", "时机不合适", NULL},
    {"other", "其他原因", NULL},
    {0},
};
static const kz_enum_item deal_event_kinds[] = {
    {"call", "电话沟通", NULL},
    {"visit", "上门走访", NULL},
    {"meeting", "对接会议", NULL},
    {"message", "消息往来", NULL},
    {0},
};
static const kz_enum_item deal_event_statuses[] = {
    {"draft", "草稿", NULL},
    {"logged", "已记录", NULL},
    {0},
};
const kz_enum kz_enum_deal_statuses = {"deal_statuses", "对接状态", deal_statuses};
const kz_enum kz_enum_deal_sides = {"deal_sides", "对接方", deal_sides};
const kz_enum kz_enum_decline_codes = {"decline_codes", "放弃对接原因", decline_codes};
const kz_enum kz_enum_deal_event_kinds = {"deal_event_kinds", "对接方式", deal_event_kinds};
const kz_enum kz_enum_deal_event_statuses = {"deal_event_statuses", "进展记录状态",
                                             deal_event_statuses};

static const kz_enum_item policy_statuses[] = {
    {"draft", "草稿", NULL},
    {"in_force", "施行中", NULL},
    {"retired", "已废止", NULL},
    {0},
};
static const kz_enum_item policy_subjects[] = {
    {"contract", "技术合同", "已登记的技术合同（技术交易奖补等）"},
    {"challenge_application", "揭榜申请", "中榜的揭榜申请（揭榜补助等）"},
    {"org", "机构", "机构本身（梯次、类型、地区等）"},
    {"broker", "技术经纪人", "在册的技术经纪人、科技特派员（等级、职称补贴等）"},
    {"broker_training", "经纪人培训", "已核验的技术经纪人培训（培训补贴等）"},
    {0},
};
static const kz_enum_item policy_application_statuses[] = {
    {"draft", "草稿", NULL},       {"submitted", "已提交", NULL},
    {"reviewing", "审核中", NULL}, {"approved", "已核定", NULL},
    {"rejected", "未通过", NULL},  {"paid", "已拨付", NULL},
    {"withdrawn", "已撤回", NULL}, {0},
};
static const kz_enum_item resource_kinds[] = {
    {"instrument", "大型科研仪器", "大型科学仪器设备（分析测试、加工制造、检测认证等）"},
    {"pilot_line", "中试线", "中试熟化平台与中试生产线"},
    {"concept_verification", "概念验证", "概念验证中心的验证服务"},
    {0},
};
static const kz_enum_item resource_statuses[] = {
    {"draft", "草稿", NULL},         {"submitted", "待审核", NULL},  {"open", "开放共享", NULL},
    {"suspended", "暂停开放", NULL}, {"closed", "已停止共享", NULL}, {0},
};
static const kz_enum_item service_units[] = {
    {"hour", "小时", "按机时计费"},
    {"sample", "样品", "按样品数计费"},
    {"batch", "批次", "按批次计费"},
    {0},
};
static const kz_enum_item weekdays[] = {
    {"mon", "周一", NULL}, {"tue", "周二", NULL}, {"wed", "周三", NULL}, {"thu", "周四", NULL},
    {"fri", "周五", NULL}, {"sat", "周六", NULL}, {"sun", "周日", NULL}, {0},
};
static const kz_enum_item booking_statuses[] = {
    {"draft", "草稿", NULL},      {"requested", "待确认", NULL}, {"approved", "已确认", NULL},
    {"declined", "已婉拒", NULL}, {"in_use", "使用中", NULL},    {"completed", "已完成", NULL},
    {"charged", "已结算", NULL},  {"cancelled", "已取消", NULL}, {0},
};
const kz_enum kz_enum_resource_kinds = {"resource_kinds", "共享资源类型", resource_kinds};
const kz_enum kz_enum_resource_statuses = {"resource_statuses", "共享资源状态", resource_statuses};
const kz_enum kz_enum_service_units = {"service_units", "计费单位", service_units};
const kz_enum kz_enum_weekdays = {"weekdays", "开放日", weekdays};
const kz_enum kz_enum_booking_statuses = {"booking_statuses", "预约状态", booking_statuses};
static const kz_enum_item voucher_statuses[] = {
    {"draft", "草稿", NULL},
    {"issued", "已发放", NULL},
    {"revoked", "已收回", NULL},
    {"expired", "已过期", NULL},
    {0},
};
const kz_enum kz_enum_voucher_statuses = {"voucher_statuses", "创新券状态", voucher_statuses};
const kz_enum kz_enum_policy_statuses = {"policy_statuses", "政策状态", policy_statuses};
const kz_enum kz_enum_policy_application_statuses = {"policy_application_statuses", "兑现申请状态",
                                                     policy_application_statuses};
const kz_enum kz_enum_policy_subjects = {"policy_subjects", "兑现对象", policy_subjects};

static const kz_enum_item listing_categories[] = {
    {"consulting", "科技咨询", NULL},  {"development", "技术开发", NULL},
    {"transaction", "技术交易", NULL}, {"service", "技术服务", NULL},
    {"ip", "知识产权", NULL},          {"release", "成果发布", NULL},
    {"finance", "投融资对接", NULL},   {0},
};
static const kz_enum_item listing_statuses[] = {
    {"draft", "草稿", NULL},
    {"review", "待审核", NULL},
    {"open", "挂牌中", NULL},
    {"live", "竞价中", NULL},
    {"ended", "竞价结束", NULL},
    {"publicity", "公示中", NULL},
    {"sold", "已成交", NULL},
    {"unsold", "未成交", NULL},
    {"withdrawn", "已撤牌", NULL},
    {"objected", "公示有异议", NULL},
    {0},
};
static const kz_enum_item auction_kinds[] = {
    {"english", "公开增价拍卖", "公开出价、逐次加价，最高价者得（有保留价时须达到保留价）"},
    {"sealed", "密封报价", "各竞买人一次密封报价，结束后揭晓，最高价者得（同价先报者得）"},
    {0},
};
static const kz_enum_item bid_statuses[] = {
    {"placed", "有效", NULL},
    {"withdrawn", "已撤回", NULL},
    {0},
};
static const kz_enum_item deposit_statuses[] = {
    {"pending", "待确认", NULL},
    {"held", "已缴纳", NULL},
    {"rejected", "未到账", NULL},
    {"cancelled", "已取消", NULL},
    {"released", "已退还", NULL},
    {"forfeited", "已罚没", NULL},
    {0},
};
static const kz_enum_item objection_statuses[] = {
    {"filed", "待处理", NULL},
    {"sustained", "异议成立", NULL},
    {"dismissed", "异议不成立", NULL},
    {"withdrawn", "已撤回", NULL},
    {0},
};
const kz_enum kz_enum_listing_categories = {"listing_categories", "科技大市场类别",
                                            listing_categories};
const kz_enum kz_enum_listing_statuses = {"listing_statuses", "挂牌状态", listing_statuses};
const kz_enum kz_enum_auction_kinds = {"auction_kinds", "拍卖方式", auction_kinds};
const kz_enum kz_enum_bid_statuses = {"bid_statuses", "出价状态", bid_statuses};
const kz_enum kz_enum_deposit_statuses = {"deposit_statuses", "保证金状态", deposit_statuses};
static const kz_enum_item finance_request_statuses[] = {
    {"draft", "草稿", NULL},
    {"submitted", "待匹配", NULL},
    {"matched", "已对接", NULL},
    {"granted", "已放款", NULL},
    {"declined", "未获批", NULL},
    {"withdrawn", "已撤回", NULL},
    {0},
};
const kz_enum kz_enum_finance_request_statuses = {"finance_request_statuses", "融资需求状态",
                                                  finance_request_statuses};
const kz_enum kz_enum_objection_statuses = {"objection_statuses", "异议状态", objection_statuses};

static const kz_enum_item panel_statuses[] = {
    {"draft", "组建中", NULL},
    {"open", "评审中", NULL},
    {"closed", "已结束", NULL},
    {"cancelled", "已取消", NULL},
    {0},
};
const kz_enum kz_enum_panel_statuses = {"panel_statuses", "专家组状态", panel_statuses};
static const kz_enum_item panel_purposes[] = {
    {"challenge_argue", "榜单论证", "揭榜挂帅榜单发榜前的专家论证：评审对象为榜单本身"},
    {"challenge_review", "揭榜评审", "揭榜截止后的专家评审：评审对象为榜单的各份揭榜申请"},
    {0},
};
const kz_enum kz_enum_panel_purposes = {"panel_purposes", "评审事项", panel_purposes};
static const kz_enum_item panel_member_statuses[] = {
    {"invited", "已邀请", NULL}, {"declared", "已声明无利益冲突", NULL}, {"scored", "已评分", NULL},
    {"recused", "已回避", NULL}, {"withdrawn", "已撤销邀请", NULL},      {0},
};
const kz_enum kz_enum_panel_member_statuses = {"panel_member_statuses", "评审专家状态",
                                               panel_member_statuses};
static const kz_enum_item expert_availability[] = {
    {"available", "可参加评审", NULL},
    {"busy", "近期繁忙", NULL},
    {"unavailable", "暂不参加评审", NULL},
    {0},
};
static const kz_enum_item event_kinds[] = {
    {"matchmaking", "对接会", "产学研对接会、菁蓉汇式成果与需求对接活动"},
    {"campus", "校企双进", "高校院所进企业、企业进高校院所"},
    {"roadshow", "成果路演", "科技成果路演与投融资对接"},
    {"forum", "论坛沙龙", "技术转移论坛、沙龙与培训交流"},
    {0},
};
const kz_enum kz_enum_event_kinds = {"event_kinds", "活动类型", event_kinds};
static const kz_enum_item event_statuses[] = {
    {"draft", "草稿", NULL},    {"published", "报名中", NULL}, {"held", "已举办", NULL},
    {"closed", "已结束", NULL}, {"cancelled", "已取消", NULL}, {0},
};
const kz_enum kz_enum_event_statuses = {"event_statuses", "活动状态", event_statuses};
static const kz_enum_item event_registration_statuses[] = {
    {"registered", "已报名", NULL},
    {"attended", "已签到", NULL},
    {"absent", "未到场", NULL},
    {"cancelled", "已取消", NULL},
    {0},
};
const kz_enum kz_enum_event_registration_statuses = {"event_registration_statuses", "报名状态",
                                                     event_registration_statuses};
const kz_enum kz_enum_expert_availability = {"expert_availability", "评审档期",
                                             expert_availability};
static const kz_enum_item broker_kinds[] = {
    {"broker", "技术经纪人", "持证从事技术转移、成果转化经纪服务"},
    {"commissioner", "科技特派员", "派驻企业、服务企业技术创新的科技人员"},
    {0},
};
const kz_enum kz_enum_broker_kinds = {"broker_kinds", "经纪人类别", broker_kinds};
static const kz_enum_item broker_levels[] = {
    {"junior", "初级技术经纪人", NULL},
    {"intermediate", "中级技术经纪人", NULL},
    {"senior", "高级技术经纪人", NULL},
    {0},
};
const kz_enum kz_enum_broker_levels = {"broker_levels", "技术经纪人等级", broker_levels};
static const kz_enum_item broker_statuses[] = {
    {"draft", "草稿", NULL},
    {"submitted", "待审核", NULL},
    {"active", "在册", NULL},
    {"suspended", "暂停", NULL},
    {0},
};
const kz_enum kz_enum_broker_statuses = {"broker_statuses", "经纪人登记状态", broker_statuses};
static const kz_enum_item broker_training_statuses[] = {
    {"submitted", "待核验", NULL},
    {"verified", "已核验", NULL},
    {"rejected", "未通过", NULL},
    {0},
};
const kz_enum kz_enum_broker_training_statuses = {"broker_training_statuses", "培训记录状态",
                                                  broker_training_statuses};
static const kz_enum_item broker_assignment_statuses[] = {
    {"active", "服务中", NULL},
    {"ended", "已结束", NULL},
    {0},
};
const kz_enum kz_enum_broker_assignment_statuses = {"broker_assignment_statuses", "服务企业状态",
                                                    broker_assignment_statuses};

const kz_enum *const kz_enums[] = {
    &kz_enum_trl,
    &kz_enum_transfer_modes,
    &kz_enum_transaction_modes,
    &kz_enum_demand_kinds,
    &kz_enum_tech_fields,
    &kz_enum_org_kinds,
    &kz_enum_tiers,
    &kz_enum_ip_types,
    &kz_enum_ip_statuses,
    &kz_enum_cooperation_modes,
    &kz_enum_achievement_statuses,
    &kz_enum_demand_statuses,
    &kz_enum_roles,
    &kz_enum_finance_product_kinds,
    &kz_enum_finance_product_statuses,
    &kz_enum_platform_kinds,
    &kz_enum_platform_levels,
    &kz_enum_platform_statuses,
    &kz_enum_contract_types,
    &kz_enum_contract_statuses,
    &kz_enum_challenge_statuses,
    &kz_enum_challenge_modes,
    &kz_enum_challenge_issuers,
    &kz_enum_challenge_application_statuses,
    &kz_enum_challenge_milestone_statuses,
    &kz_enum_deal_statuses,
    &kz_enum_deal_sides,
    &kz_enum_decline_codes,
    &kz_enum_deal_event_kinds,
    &kz_enum_deal_event_statuses,
    &kz_enum_policy_statuses,
    &kz_enum_policy_subjects,
    &kz_enum_policy_application_statuses,
    &kz_enum_resource_kinds,
    &kz_enum_resource_statuses,
    &kz_enum_service_units,
    &kz_enum_weekdays,
    &kz_enum_booking_statuses,
    &kz_enum_voucher_statuses,
    &kz_enum_listing_categories,
    &kz_enum_listing_statuses,
    &kz_enum_auction_kinds,
    &kz_enum_bid_statuses,
    &kz_enum_deposit_statuses,
    &kz_enum_objection_statuses,
    &kz_enum_finance_request_statuses,
    &kz_enum_panel_statuses,
    &kz_enum_panel_purposes,
    &kz_enum_panel_member_statuses,
    &kz_enum_expert_availability,
    &kz_enum_event_kinds,
    &kz_enum_event_statuses,
    &kz_enum_event_registration_statuses,
    &kz_enum_broker_kinds,
    &kz_enum_broker_levels,
    &kz_enum_broker_statuses,
    &kz_enum_broker_training_statuses,
    &kz_enum_broker_assignment_statuses,
    NULL,
};

bool kz_enum_has(const kz_enum *e, const char *code)
{
    return kz_enum_name(e, code) != NULL;
}

const char *kz_enum_name(const kz_enum *e, const char *code)
{
    if (!code) return NULL;
    for (const kz_enum_item *i = e->items; i->code; i++)
        if (strcmp(i->code, code) == 0) return i->name;
    return NULL;
}

const kz_enum *kz_enum_by_key(const char *key)
{
    for (int i = 0; kz_enums[i]; i++)
        if (strcmp(kz_enums[i]->key, key) == 0) return kz_enums[i];
    return NULL;
}
