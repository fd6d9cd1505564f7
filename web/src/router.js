// Routes (history mode: the C server answers index.html for every app path, so deep links work
// after a reload). meta.roles: who may open a workbench page; others are sent to the workbench home.
import { createRouter, createWebHistory } from 'vue-router';
import { session } from './lib/session.js';
import { loadKinds } from './lib/kinds.js';

const OWNERS = ['researcher', 'org_admin', 'admin'];
const DEMANDERS = ['enterprise', 'org_admin', 'admin'];
const REVIEW = ['reviewer', 'officer', 'admin'];
const LENDERS = ['org_admin', 'officer', 'admin']; // the server decides whose organization may own one

// A kind's pages from its description alone (components/Kind*.vue, views/kind/): the route waits
// for the kinds' description (the pages read it as they are set up); a failed load is said by the page.
const described = () => loadKinds().then(() => true, () => true);
const FP = 'finance_product';
const fpId = (r) => ({ kind: FP, id: r.params.id });
const PL = 'platform';
const plId = (r) => ({ kind: PL, id: r.params.id });
const HOSTS = ['org_admin', 'officer', 'admin']; // a platform's host (依托单位) and who registers for one
const CT = 'contract';
const ctId = (r) => ({ kind: CT, id: r.params.id });
const SELLERS = ['researcher', 'org_admin', 'enterprise', 'officer', 'admin']; // a contract's seller's members, and who enters one for it
// 揭榜挂帅: a challenge's issuers (a bureau's officers, an enterprise), the solvers who apply and
// run the milestones; each kind's pages from its description
const ISSUERS = ['org_admin', 'enterprise', 'officer', 'admin'];
const SOLVERS = ['researcher', 'org_admin', 'enterprise', 'officer', 'admin'];
// 评审专家组: who convenes one (a bureau's officers, an agency's reviewers; admins for any) and the experts
const CONVENERS = ['officer', 'reviewer', 'admin'];
const EXPERTS = ['expert'];
// 对接活动: organised by a bureau's officers, an org's admins, a broker's agency; registered for by
// the orgs' admins, researchers, enterprises and brokers (on the event's public page)
const ORGANISERS = ['officer', 'org_admin', 'broker', 'admin'];
const REGISTRANTS = ['researcher', 'org_admin', 'enterprise', 'broker', 'admin'];
// 技术经纪人 / 科技特派员: registered by their org (the broker themself, the org's admin), put on the
// register (在册) by the bureau's officers, who verify their trainings; a broker's assignments to
// enterprises concern the enterprises too
const BROKER_ORGS = ['broker', 'org_admin', 'admin'];
/** The workbench pages of a kind served from its description: mine, new, review, manage, edit. */
function kindPages(kind, path, { mine, create, review, manage, edit, roles, intro, mineRoles = roles }) {
  const id = (r) => ({ kind, id: r.params.id });
  const at = (p) => (p ? `${path}/${p}` : path);
  return [
    { path: at(), name: `my-${path}`, component: () => import('./views/kind/KindMine.vue'), beforeEnter: described, props: { kind }, meta: { title: mine, roles: mineRoles } },
    { path: at('new'), name: `${path}-new`, component: () => import('./components/KindForm.vue'), beforeEnter: described, props: { kind, intro }, meta: { title: create, roles } },
    { path: at('review'), name: `${path}-review`, component: () => import('./views/kind/KindQueue.vue'), beforeEnter: described, props: { kind }, meta: { title: review, roles: REVIEW } },
    { path: at(':id(\\d+)'), name: `${path}-manage`, component: () => import('./components/KindDetail.vue'), beforeEnter: described, props: (r) => ({ ...id(r), workbench: true }), meta: { title: manage } },
    { path: at(':id(\\d+)/edit'), name: `${path}-edit`, component: () => import('./components/KindForm.vue'), beforeEnter: described, props: { kind }, meta: { title: edit, roles } },
  ];
}

const routes = [
  { path: '/', name: 'home', component: () => import('./views/portal/Home.vue'), meta: { title: '科技大市场' } },
  { path: '/search', name: 'search', component: () => import('./views/portal/Search.vue'), meta: { title: '检索' } },
  { path: '/market', name: 'market', component: () => import('./views/portal/Market.vue'), beforeEnter: described, meta: { title: '挂牌交易' } },
  { path: '/listings/:id(\\d+)', alias: '/market/:id(\\d+)', name: 'listing', component: () => import('./views/portal/ListingDetail.vue'), beforeEnter: described, props: true, meta: { title: '挂牌详情' } },
  { path: '/map', name: 'map', component: () => import('./views/portal/MapPage.vue'), meta: { title: '资源地图' } },
  { path: '/achievements/:id(\\d+)', name: 'achievement', component: () => import('./views/portal/AchievementDetail.vue'), meta: { title: '成果详情' } },
  { path: '/demands/:id(\\d+)', name: 'demand', component: () => import('./views/portal/DemandDetail.vue'), meta: { title: '需求详情' } },
  { path: '/finance', name: 'finance', component: () => import('./views/portal/Finance.vue'), beforeEnter: described, meta: { title: '科技金融' } },
  { path: '/finance-products/:id(\\d+)', name: 'finance-product', component: () => import('./components/KindDetail.vue'), beforeEnter: described, props: (r) => ({ ...fpId(r), crumb: { label: '科技金融', to: '/finance' } }), meta: { title: '金融产品详情' } },
  { path: '/platforms', name: 'platforms', component: () => import('./views/portal/Platforms.vue'), beforeEnter: described, meta: { title: '科技创新平台' } },
  { path: '/platforms/:id(\\d+)', name: 'platform', component: () => import('./components/KindDetail.vue'), beforeEnter: described, props: (r) => ({ ...plId(r), crumb: { label: '科技创新平台', to: '/platforms' } }), meta: { title: '平台详情' } },
  { path: '/policies', name: 'policies', component: () => import('./views/portal/Policies.vue'), beforeEnter: described, meta: { title: '政策兑现' } },
  { path: '/policies/:id(\\d+)', name: 'policy', component: () => import('./views/portal/PolicyDetail.vue'), beforeEnter: described, props: true, meta: { title: '政策详情' } },
  { path: '/resources', name: 'resources', component: () => import('./views/portal/Resources.vue'), beforeEnter: described, meta: { title: '共享仪器' } },
  { path: '/resources/:id(\\d+)', name: 'resource', component: () => import('./components/KindDetail.vue'), beforeEnter: described, props: (r) => ({ kind: 'resource', id: r.params.id, crumb: { label: '共享仪器', to: '/resources' } }), meta: { title: '共享资源详情' } },
  { path: '/challenges', name: 'challenges', component: () => import('./views/portal/Challenges.vue'), beforeEnter: described, meta: { title: '揭榜挂帅' } },
  { path: '/challenges/:id(\\d+)', name: 'challenge', component: () => import('./components/KindDetail.vue'), beforeEnter: described, props: (r) => ({ kind: 'challenge', id: r.params.id, crumb: { label: '揭榜挂帅', to: '/challenges' } }), meta: { title: '榜单详情' } },
  { path: '/events', name: 'events', component: () => import('./views/portal/Events.vue'), beforeEnter: described, meta: { title: '对接活动' } },
  { path: '/events/:id(\\d+)', name: 'event', component: () => import('./views/portal/EventDetail.vue'), beforeEnter: described, props: true, meta: { title: '活动详情' } },
  { path: '/brokers', name: 'brokers', component: () => import('./views/portal/Brokers.vue'), beforeEnter: described, meta: { title: '技术经纪人' } },
  { path: '/brokers/:id(\\d+)', name: 'broker', component: () => import('./components/KindDetail.vue'), beforeEnter: described, props: (r) => ({ kind: 'broker', id: r.params.id, crumb: { label: '技术经纪人', to: '/brokers' } }), meta: { title: '经纪人详情' } },
  { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { title: '登录' } },
  {
    path: '/workbench',
    component: () => import('./views/wb/Layout.vue'),
    meta: { auth: true },
    children: [
      { path: '', name: 'wb', component: () => import('./views/wb/WbHome.vue'), meta: { title: '工作台' } },
      { path: 'notifications', name: 'notifications', component: () => import('./views/wb/Notifications.vue'), meta: { title: '站内通知' } },
      { path: 'achievements', name: 'my-achievements', component: () => import('./views/wb/MyAchievements.vue'), meta: { title: '我的成果', roles: OWNERS } },
      { path: 'achievements/new', name: 'achievement-new', component: () => import('./views/wb/AchievementForm.vue'), meta: { title: '登记成果', roles: OWNERS } },
      { path: 'achievements/:id(\\d+)', name: 'achievement-manage', component: () => import('./views/wb/AchievementManage.vue'), meta: { title: '成果管理' } },
      { path: 'achievements/:id(\\d+)/edit', name: 'achievement-edit', component: () => import('./views/wb/AchievementForm.vue'), meta: { title: '修改成果', roles: OWNERS } },
      { path: 'access-requests', name: 'access-inbox', component: () => import('./views/wb/AccessInbox.vue'), meta: { title: '访问申请', roles: OWNERS } },
      { path: 'demands', name: 'my-demands', component: () => import('./views/wb/MyDemands.vue'), meta: { title: '我的需求', roles: DEMANDERS } },
      { path: 'demands/new', name: 'demand-new', component: () => import('./views/wb/DemandForm.vue'), meta: { title: '发布需求', roles: DEMANDERS } },
      { path: 'demands/:id(\\d+)', name: 'demand-manage', component: () => import('./views/wb/DemandManage.vue'), meta: { title: '需求与撮合' } },
      { path: 'demands/:id(\\d+)/edit', name: 'demand-edit', component: () => import('./views/wb/DemandForm.vue'), meta: { title: '修改需求', roles: DEMANDERS } },
      { path: 'finance-products', name: 'my-finance-products', component: () => import('./views/kind/KindMine.vue'), beforeEnter: described, props: { kind: FP }, meta: { title: '我的金融产品', roles: LENDERS } },
      { path: 'finance-products/new', name: 'finance-product-new', component: () => import('./components/KindForm.vue'), beforeEnter: described, props: { kind: FP, intro: '产品信息经科技局或第三方机构审核后在“科技金融”公开。额度以万元填写，利率以年化百分比填写。' }, meta: { title: '发布金融产品', roles: LENDERS } },
      { path: 'finance-products/review', name: 'finance-product-review', component: () => import('./views/kind/KindQueue.vue'), beforeEnter: described, props: { kind: FP }, meta: { title: '金融产品审核', roles: REVIEW } },
      { path: 'finance-products/:id(\\d+)', name: 'finance-product-manage', component: () => import('./components/KindDetail.vue'), beforeEnter: described, props: (r) => ({ ...fpId(r), workbench: true }), meta: { title: '金融产品管理' } },
      { path: 'finance-products/:id(\\d+)/edit', name: 'finance-product-edit', component: () => import('./components/KindForm.vue'), beforeEnter: described, props: { kind: FP }, meta: { title: '修改金融产品', roles: LENDERS } },
      { path: 'platforms', name: 'my-platforms', component: () => import('./views/kind/KindMine.vue'), beforeEnter: described, props: { kind: PL }, meta: { title: '我的科技创新平台', roles: HOSTS } },
      { path: 'platforms/new', name: 'platform-new', component: () => import('./components/KindForm.vue'), beforeEnter: described, props: { kind: PL, intro: '依托单位登记平台并申报认定，经所在地科技局认定后在“科技创新平台”公示；此前已获认定的平台请填写认定日期与认定部门。' }, meta: { title: '登记科技创新平台', roles: HOSTS } },
      { path: 'platforms/review', name: 'platform-review', component: () => import('./views/kind/KindQueue.vue'), beforeEnter: described, props: { kind: PL }, meta: { title: '平台认定', roles: REVIEW } },
      { path: 'platforms/:id(\\d+)', name: 'platform-manage', component: () => import('./components/KindDetail.vue'), beforeEnter: described, props: (r) => ({ ...plId(r), workbench: true }), meta: { title: '平台管理' } },
      { path: 'platforms/:id(\\d+)/edit', name: 'platform-edit', component: () => import('./components/KindForm.vue'), beforeEnter: described, props: { kind: PL }, meta: { title: '修改平台信息', roles: HOSTS } },
      { path: 'contracts', name: 'my-contracts', component: () => import('./views/kind/KindMine.vue'), beforeEnter: described, props: { kind: CT }, meta: { title: '我的技术合同', roles: SELLERS } },
      { path: 'contracts/new', name: 'contract-new', component: () => import('./components/KindForm.vue'), beforeEnter: described, props: { kind: CT, intro: '卖方（技术输出方）登记技术合同并提交认定登记；技术合同登记机构核定技术交易额后予以登记并编号，或说明理由不予登记。金额以万元填写。' }, meta: { title: '登记技术合同', roles: SELLERS } },
      { path: 'contracts/review', name: 'contract-review', component: () => import('./views/kind/KindQueue.vue'), beforeEnter: described, props: { kind: CT }, meta: { title: '技术合同登记', roles: REVIEW } },
      { path: 'contracts/:id(\\d+)', name: 'contract-manage', component: () => import('./components/KindDetail.vue'), beforeEnter: described, props: (r) => ({ ...ctId(r), workbench: true }), meta: { title: '技术合同' } },
      { path: 'contracts/:id(\\d+)/edit', name: 'contract-edit', component: () => import('./components/KindForm.vue'), beforeEnter: described, props: { kind: CT }, meta: { title: '修改技术合同', roles: SELLERS } },
      ...kindPages('challenge', 'challenges', {
        mine: '我的揭榜挂帅榜单', create: '发布揭榜挂帅榜单', review: '榜单审核', manage: '榜单管理', edit: '修改榜单', roles: ISSUERS,
        intro: '发榜单位提出攻关需求（攻关目标、考核指标、榜单金额、揭榜截止日期与揭榜条件）并提交；科技局受理初筛、组织专家论证后发榜。赛马方式可确定多个揭榜方。金额以万元填写。',
      }),
      ...kindPages('challenge_application', 'challenge-applications', {
        mine: '我的揭榜申请', create: '揭榜申请', review: '揭榜评审', manage: '揭榜申请', edit: '修改揭榜申请', roles: SOLVERS,
        intro: '牵头单位填写攻关方案、申请经费与团队，可联合不超过 4 家单位；揭榜截止前提交。评审后确定中榜单位与合同金额，揭榜补助按合同金额的比例计算。金额以万元填写。',
      }),
      ...kindPages('challenge_milestone', 'challenge-milestones', {
        mine: '我的揭榜项目里程碑', create: '新增里程碑', review: '中期检查', manage: '里程碑', edit: '修改里程碑', roles: SOLVERS,
        intro: '中榜单位制定攻关里程碑（计划完成日期、阶段成果与拨付金额）并提交；按期提交进展报告，科技局中期检查通过后拨付。金额以万元填写。',
      }),
      ...kindPages('policy', 'policies', {
        mine: '我的政策', create: '发布政策', review: '政策审定', manage: '政策管理', edit: '修改政策', roles: ['officer', 'admin'],
        intro: '政策以规则发布：兑现对象（技术合同、揭榜申请、机构）、兑现条件与金额算法；施行后不能修改，只能废止并发布新政策替代。金额以万元填写，比例以万分比填写（3000 即 30%）。兑现条件与分档在接口中以列表提交（见 openapi.json）。',
      }),
      ...kindPages('policy_application', 'policy-applications', {
        mine: '我的兑现申请', create: '申请兑现', review: '兑现审核', manage: '兑现申请', edit: '修改兑现申请', roles: ['org_admin', 'enterprise', 'admin'],
        mineRoles: ['org_admin', 'enterprise', 'officer', 'admin'],
        intro: '选择本单位的兑现对象（本单位登记或作为买方的技术合同、中榜的揭榜申请、本单位）并说明情况；提交时按政策规则自动测算金额并逐条说明。同一政策同一对象只能申请一次。审核通过时核定金额，拨付后记录凭证号。',
      }),
      // 科技大市场: listings (挂牌), their bids (摘牌 requests and auction bids), the bidders' deposits
      // and the objections of a 协议定价's 公示; the trading itself on the listing's page (/listings/:id)
      ...kindPages('listing', 'listings', {
        mine: '我的挂牌', create: '发布挂牌', review: '挂牌审核', manage: '挂牌管理', edit: '修改挂牌', roles: ['researcher', 'org_admin', 'enterprise', 'admin'],
        intro: '选择类别与交易方式：挂牌交易按标价成交，受让方摘牌、挂牌单位确认后成交；拍卖须填写拍卖方式、起拍价、加价幅度（公开增价）、保证金与起止时间（北京时间），可设保留价（仅本单位与管理方可见），竞买人缴纳保证金经确认后出价，结束时由平台确定结果；协议定价可填意向价，双方协商一致后公示协议价，公示期满无异议即成交。经审核后在“科技大市场”挂牌。金额以万元填写。',
      }),
      ...kindPages('bid', 'bids', {
        mine: '我的出价', create: '出价', review: '出价', manage: '出价', edit: '出价', roles: ['researcher', 'org_admin', 'enterprise', 'admin'],
        intro: '在挂牌页面摘牌或出价：挂牌交易按挂牌价提交摘牌申请；拍卖须先缴纳保证金并经确认。金额以万元填写。',
      }),
      ...kindPages('deposit', 'deposits', {
        mine: '保证金', create: '登记保证金', review: '保证金', manage: '保证金', edit: '保证金', roles: ['researcher', 'org_admin', 'enterprise', 'admin'],
        mineRoles: ['researcher', 'org_admin', 'enterprise', 'officer', 'admin'], // (the sellers, who confirm them, too)
        intro: '参与拍卖须先向挂牌单位缴纳竞买保证金并登记缴纳凭证（银行转账流水号等）；挂牌单位确认到账后方可出价。竞价结束后未竞得者的保证金退还。',
      }),
      ...kindPages('objection', 'objections', {
        mine: '公示异议', create: '提出异议', review: '公示异议', manage: '公示异议', edit: '公示异议', roles: ['researcher', 'org_admin', 'enterprise', 'broker', 'admin'],
        mineRoles: ['researcher', 'org_admin', 'enterprise', 'broker', 'reviewer', 'officer', 'admin'],
        intro: '协议定价公示期间，对协议价格或权属等有异议的，写明事实与理由；审核机构处理，异议成立的本次协议不成交。',
      }),
      ...kindPages('resource', 'resources', {
        mine: '我的共享资源', create: '登记共享资源', review: '共享资源审核', manage: '共享资源', edit: '修改共享资源', roles: ['researcher', 'org_admin', 'enterprise', 'admin'],
        intro: '登记向社会开放共享的大型科研仪器、中试线或概念验证服务：服务项目、计费单位与单价（元）、开放日与每日开放时间（北京时间）；经审核后在“共享仪器”公开，其他单位可以预约。',
      }),
      ...kindPages('booking', 'bookings', {
        mine: '我的仪器预约', create: '预约', review: '仪器预约', manage: '仪器预约', edit: '修改预约', roles: ['researcher', 'org_admin', 'enterprise', 'admin'],
        intro: '选择服务与时段（北京时间）：按机时计费的服务须在一个开放日的开放时间内。提交后由资源所属单位确认；使用完成后记录实际用量并结算。',
      }),
      ...kindPages('voucher', 'vouchers', {
        mine: '创新券', create: '发放创新券', review: '创新券', manage: '创新券', edit: '修改创新券', roles: ['officer', 'admin'],
        mineRoles: ['officer', 'admin', 'org_admin', 'enterprise', 'researcher'], // (the holders too)
        intro: '科技局向企业发放创新券：持券单位（主体库中的机构）、面额（万元）、有效期与适用范围；发放后持券单位预约共享仪器时可用于支付，结算时按余额抵扣。',
      }),
      ...kindPages('deal', 'deals', {
        mine: '撮合对接', create: '牵线对接', review: '撮合对接一览', manage: '撮合对接', edit: '修改对接', roles: ['broker', 'officer', 'admin'],
        mineRoles: ['broker', 'researcher', 'org_admin', 'enterprise', 'officer', 'admin'], // (the two sides too)
        intro: '技术经纪人在需求的“匹配成果”中选择成果牵线；推荐后需求方与成果方可以查看、洽谈、签约或说明原因放弃。',
      }),
      ...kindPages('deal_event', 'deal-events', {
        mine: '对接进展', create: '记录对接进展', review: '对接进展', manage: '对接进展', edit: '修改对接进展', roles: ['broker', 'researcher', 'org_admin', 'enterprise', 'officer', 'admin'],
        intro: '记录与需求方、成果方的电话、走访、会议与消息往来，对接的经纪机构与双方可见。',
      }),
      // 融资需求: an enterprise asks for financing; after submitting it picks one of the products that
      // fit (its page's 匹配的金融产品) and the product's lender grants or declines it — the lender (a
      // party once matched) lists it among its own, so org_admins of any org see the list
      ...kindPages('finance_request', 'finance-requests', {
        mine: '我的融资需求', create: '提出融资需求', review: '融资需求一览', manage: '融资需求', edit: '修改融资需求', roles: ['org_admin', 'enterprise', 'officer', 'admin'],
        mineRoles: ['org_admin', 'enterprise', 'officer', 'admin'],
        intro: '填写融资方式、需求金额（万元）与期限、资金用途与还款来源；提交后在本需求页面的“匹配的金融产品”中按匹配度查看适合的产品并选择一项，由该金融机构审批：获批后记录获批金额、放款日期与利率，或说明未获批的理由。科技局可为本辖区的企业代为登记。',
      }),
      // 评审专家组: a challenge's 论证 or 评审 panel, formed from the challenge's page by its
      // convener (an officer of the bureau, a reviewer of an agency); the experts review on pages of
      // their own (views/expert/)
      ...kindPages('panel', 'panels', {
        mine: '评审专家组', create: '组建专家组', review: '评审专家组', manage: '评审专家组', edit: '修改专家组', roles: CONVENERS,
        intro: '设定评分项（各项权重之和为 100，每项满分 1–100）、每个评审对象至少需要的完整评分份数（默认 3 份；五份及以上时去掉一个最高分和一个最低分）、共事回避年限与评分截止日期。保存后在专家组页面从推荐专家中邀请（与评审对象有利益冲突的专家不予推荐），邀请完成后开始评审；专家声明无利益冲突后查看材料并评分，评分齐全后结束评审，按去极值平均分排名。',
      }),
      ...kindPages('event', 'events', {
        mine: '对接活动', create: '发布对接活动', review: '对接活动一览', manage: '对接活动', edit: '修改对接活动', roles: ORGANISERS,
        intro: '填写活动名称、类型（对接会、校企双进、成果路演、论坛沙龙）、举办日期与地点、聚焦行业和报名单位上限，从已发布的科技成果与企业需求中选择路演与对接的项目。发布后在“对接活动”公开并开放报名（举办日期不能早于今天）；活动当日起可为报名单位签到、确认举办，并查看报名、到场与促成对接的成效。',
      }),
      ...kindPages('event_registration', 'event-registrations', {
        mine: '我的活动报名', create: '活动报名', review: '活动报名', manage: '活动报名', edit: '活动报名', roles: REGISTRANTS,
        mineRoles: [...REGISTRANTS, 'officer'], // (the organisers, who check them in, too)
        intro: '在活动页面报名：填写参会人数与希望对接的成果、需求或合作方向。每个单位报名一次，额满为止；主办单位在活动当日签到。',
      }),
      { path: 'broker-board', name: 'broker-board', component: () => import('./views/wb/BrokerBoard.vue'), beforeEnter: described, meta: { title: '经纪人看板', roles: ['broker'] } },
      ...kindPages('broker', 'brokers', {
        mine: '我的技术经纪人', create: '登记技术经纪人', review: '技术经纪人审核', manage: '技术经纪人', edit: '修改经纪人登记', roles: BROKER_ORGS,
        mineRoles: [...BROKER_ORGS, 'officer'],
        intro: '技术经纪人或科技特派员本人（或所在机构管理员）登记：类别、技术经纪人等级与证书、服务领域（国民经济行业分类）、所在地区、所属科技特派团与服务专长；提交后由所在地科技局登记在册，在“技术经纪人”公开。在册后可登记服务企业；培训记录经科技局核验后计入培训学时。',
      }),
      ...kindPages('broker_training', 'broker-trainings', {
        mine: '我的经纪人培训', create: '登记培训记录', review: '经纪人培训审核', manage: '经纪人培训', edit: '修改培训记录', roles: BROKER_ORGS,
        mineRoles: [...BROKER_ORGS, 'officer'],
        intro: '填写培训课程、培训机构、学时、结业日期与证书编号；科技局核验后计入经纪人的培训学时。',
      }),
      ...kindPages('broker_assignment', 'broker-assignments', {
        mine: '我的服务企业', create: '登记服务企业', review: '服务企业', manage: '服务企业', edit: '服务企业', roles: BROKER_ORGS,
        mineRoles: [...BROKER_ORGS, 'enterprise', 'officer'],
        intro: '在册经纪人登记派驻或服务的企业（主体库中的企业）、开始日期与服务内容；服务期间可查看该企业提出的需求并牵线对接。经纪人所在机构、企业或科技局可结束服务关系。',
      }),
      { path: 'reviews', name: 'my-reviews', component: () => import('./views/expert/MyReviews.vue'), meta: { title: '我的评审', roles: EXPERTS } },
      { path: 'reviews/:id(\\d+)', name: 'panel-review', component: () => import('./views/expert/PanelReview.vue'), props: true, meta: { title: '专家评审', roles: EXPERTS } },
      { path: 'expert-profile', name: 'expert-profile', component: () => import('./views/expert/ExpertProfile.vue'), meta: { title: '专家信息', roles: EXPERTS } },
      { path: 'review', name: 'review', component: () => import('./views/wb/ReviewQueue.vue'), meta: { title: '审查队列', roles: REVIEW } },
      { path: 'dashboard', name: 'dashboard', component: () => import('./views/admin/Dashboard.vue'), meta: { title: '数据看板', roles: ['officer', 'admin'] } },
      { path: 'users', name: 'users', component: () => import('./views/admin/Users.vue'), meta: { title: '账号管理', roles: ['org_admin', 'officer', 'admin'] } },
      { path: 'orgs', name: 'orgs', component: () => import('./views/admin/Orgs.vue'), meta: { title: '机构管理', roles: ['org_admin', 'officer', 'admin'] } },
      { path: 'audit', name: 'audit', component: () => import('./views/admin/Audit.vue'), meta: { title: '审计日志', roles: ['officer', 'admin'] } },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (to, from, saved) => saved || (to.path !== from.path ? { top: 0 } : undefined),
});

router.beforeEach((to) => {
  if (to.matched.some((r) => r.meta.auth) && !session.user) return { name: 'login', query: { redirect: to.fullPath } };
  const roles = to.meta.roles;
  if (roles && !session.has(...roles)) return { name: 'wb' };
  return true;
});
router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 科转` : '科转 · 科技成果转化服务平台';
});

session.onExpired(() => {
  const cur = router.currentRoute.value;
  if (cur.matched.some((r) => r.meta.auth)) router.replace({ name: 'login', query: { redirect: cur.fullPath, expired: '1' } });
});
