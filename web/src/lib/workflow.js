// Which state-machine actions a user is offered. The machine itself — which actions a kind has,
// from which states, for which roles and whether the owner org's members may take them, the
// states in which the owner may edit, which roles own a record — is the server's own description
// (GET /api/v1/kinds, src/kinds/*.c, lib/kinds.js); here only how each action is offered: the
// button's text and style, and what its dialog asks. The server still decides; a refused action
// shows its message.
import { reactive } from 'vue';
import { session } from './session.js';
import { api } from './api.js';
import { kinds, loadKinds } from './kinds.js';
import { load, sectionOf } from './vocab.js';
import { todayIso } from './format.js';

export { loadKinds };

export const ACH_ACTIONS = {
  submit: { label: '提交审查', type: 'primary' },
  accept: { label: '通过形式审查', type: 'success' },
  publish: { label: '发布', type: 'success', date: 'if-missing' }, // a listing needs a future validity date
  return: { label: '退回修改', type: 'warning', comment: true },
  reject: { label: '不予通过', type: 'danger', comment: true },
  withdraw: { label: '撤回', type: 'default' },
  renew: { label: '续期', type: 'primary', date: true, dateLabel: '新的有效期' },
  archive: { label: '归档', type: 'info' },
};
export const DEM_ACTIONS = {
  submit: { label: '提交审核', type: 'primary' },
  publish: { label: '审核发布', type: 'success' },
  return: { label: '退回修改', type: 'warning', comment: true },
  reject: { label: '不予通过', type: 'danger', comment: true },
  match: { label: '标记已对接', type: 'success' },
  withdraw: { label: '撤回', type: 'default' },
  close: { label: '关闭', type: 'info' },
  reopen: { label: '重新打开', type: 'default' },
};

// Any other kind (one described only by the server, e.g. finance_product): the button says the
// server's own label of the action's outcome without its 已 and its second clause (已审核上架 →
// 审核上架, 已提交，等待审核 → 提交); these give the style, whether a comment is asked, the fields of
// the kind's transition body the dialog asks for (`fields`: a contract's 核定技术交易额 at registration),
// and the text where the server gives none.
export const KIND_ACTIONS = {
  submit: { label: '提交审核', type: 'primary' },
  approve: { label: '审核通过', type: 'success', fields: ['approved_fen'], optional: ['approved_fen'] },
  publish: { label: '审核发布', type: 'success' },
  return: { label: '退回修改', type: 'warning', comment: true },
  reject: { label: '不予通过', type: 'danger', comment: true },
  withdraw: { label: '撤回', type: 'default' },
  close: { label: '关闭', type: 'info' },
  reopen: { label: '重新打开', type: 'default' },
  apply: { label: '申报', type: 'primary' },
  recognize: { label: '认定', type: 'success' },
  warn: { label: '限期整改', type: 'warning', comment: true },
  restore: { label: '恢复', type: 'success' },
  delist: { label: '摘牌', type: 'danger', comment: true },
  register: { label: '登记', type: 'success', fields: ['tech_income_fen'] },
  refuse: { label: '不予登记', type: 'danger', comment: true },
  // 揭榜挂帅: a challenge, its applications and milestones
  screen: { label: '受理初筛', type: 'primary' },
  argue: { label: '论证通过', type: 'success', comment: true },
  review: { label: '进入评审', type: 'primary' },
  award: { label: '签约立项', type: 'success' },
  start: { label: '开始攻关', type: 'primary' },
  pass: { label: '通过', type: 'success', fields: ['indicator_results', 'paid_fen'] },
  fail: { label: '不予通过', type: 'danger', comment: true, fields: ['indicator_results'] },
  shortlist: { label: '入围', type: 'success' },
  win: { label: '中榜', type: 'success', fields: ['contract_amount_fen'] },
  lose: { label: '未中榜', type: 'danger', comment: true },
  report: { label: '提交进展报告', type: 'primary', comment: true },
  rectify: { label: '整改', type: 'warning', comment: true },
  // 撮合 deals and their events (a side declines for itself: the side is then the server's)
  recommend: { label: '推荐对接', type: 'primary' },
  contact: { label: '已联系双方', type: 'primary' },
  negotiate: { label: '进入洽谈', type: 'primary' },
  sign: { label: '签约', type: 'success', fields: ['contract_id'], optional: ['contract_id'] },
  decline: { label: '放弃对接', type: 'danger', fields: ['decline_code', 'decline_side'], optional: ['decline_side'] },
  log: { label: '记录', type: 'primary' },
  // 政策兑现
  enact: { label: '施行', type: 'success' },
  retire: { label: '废止', type: 'danger' },
  accept: { label: '受理', type: 'primary' },
  pay: { label: '拨付', type: 'success', fields: ['paid_on', 'voucher_no'] },
  // shared instruments and their bookings
  open: { label: '审核开放', type: 'success' },
  suspend: { label: '暂停开放', type: 'warning' },
  resume: { label: '恢复开放', type: 'success' },
  request: { label: '提交预约', type: 'primary' },
  cancel: { label: '取消预约', type: 'default' },
  complete: { label: '完成', type: 'success', fields: ['metered_qty'] },
  charge: { label: '结算', type: 'success' },
  // 科技大市场: listings, deposits, objections
  sell: { label: '接受摘牌', type: 'success', fields: ['bid_id'] },
  publicize: { label: '公示协议价', type: 'primary', fields: ['buyer_org_id', 'agreed_fen'] },
  confirm: { label: '确认到账', type: 'success' },
  release: { label: '退还', type: 'default' },
  forfeit: { label: '罚没', type: 'danger', comment: true },
  sustain: { label: '异议成立', type: 'danger', comment: true },
  dismiss: { label: '异议不成立', type: 'success', comment: true },
  // 融资需求: the owner (or an officer) matches it with a product (its page's 匹配的金融产品 offers
  // the fitting ones); the product's lender grants it — the amount (万元, the request's by default),
  // the date (today, Beijing) and the annual rate (%) — or declines it with its reason
  match: { label: '对接金融产品', type: 'success', fields: ['product_id'] },
  grant: { label: '获批放款', type: 'success', fields: ['granted_fen', 'granted_on', 'rate_bp'], optional: ['rate_bp'], defaults: { granted_fen: (rec) => rec?.amount_fen, granted_on: () => todayIso() } },
};
// where one kind's action is offered otherwise than the same action of the others
const KIND_OVERRIDES = {
  booking: { decline: { label: '婉拒', type: 'danger', comment: true, fields: [] } },
  deposit: { reject: { label: '未到账', type: 'danger', comment: false } },
  finance_request: { decline: { label: '未获批', type: 'danger', comment: true, fields: [] } },
  // an expert panel: its convener opens it once the experts are invited, closes it once the score
  // sheets are in, or cancels it with the reason
  panel: { open: { type: 'primary' }, close: { type: 'success' }, cancel: { type: 'danger', comment: true } },
  // 对接活动: its organiser publishes it (报名中), marks it held from its date on, closes it, or
  // cancels it with the reason; a registration is cancelled by the registrant (no reason asked),
  // checked in (签到) or marked absent by the organiser
  event: { publish: { type: 'success' }, hold: { type: 'primary' }, close: { type: 'info' }, cancel: { type: 'danger', comment: true } },
  event_registration: { cancel: { type: 'default' }, attend: { type: 'success' }, absent: { type: 'warning' } },
  // 技术经纪人 / 科技特派员: the bureau registers the entry (在册) or returns it, suspends and
  // reinstates it; verifies a training or rejects it; the broker's org, the enterprise or an
  // officer ends an assignment
  broker: { register: { type: 'success' }, suspend: { type: 'danger' }, reinstate: { type: 'success' } },
  broker_training: { verify: { type: 'success' } },
  broker_assignment: { end: { type: 'warning' } },
};
// where the server's label of the outcome does not make a button's text (专家组已开始评审)
const KIND_LABELS = {
  panel: { open: '开始评审', close: '结束评审', cancel: '取消专家组' },
  event: { publish: '发布活动', hold: '确认举办', close: '结束活动', cancel: '取消活动' },
  event_registration: { cancel: '取消报名', attend: '签到', absent: '未到场' },
  broker: { submit: '提交登记', register: '登记在册', return: '退回修改', suspend: '暂停服务', reinstate: '恢复在册' },
  broker_training: { verify: '核验通过', reject: '不予核验' },
  broker_assignment: { end: '结束服务' },
};

/** How an action of a kind is offered: {label, type, comment?, date?, fields, optional?, defaults?}
 * (defaults: field name → (rec) => the record's value the dialog starts with). */
export function actionMeta(kind, action) {
  if (kind === 'achievement' || kind === 'demand') return (kind === 'demand' ? DEM_ACTIONS : ACH_ACTIONS)[action];
  const row = kinds[kind]?.workflow.find((x) => x.action === action);
  const said = row?.label?.replace(/^已/, '').split('，')[0];
  const own = KIND_LABELS[kind]?.[action];
  const meta = { label: action, type: 'default', ...KIND_ACTIONS[action], ...KIND_OVERRIDES[kind]?.[action], ...(said ? { label: said } : {}), ...(own ? { label: own } : {}) };
  if (row?.comment_required) meta.comment = true; // (the server's word: a reason is asked)
  // only the fields the kind's transitions take
  const fields = (meta.fields ?? []).map((n) => kinds[kind]?.transition_fields?.find((f) => f.name === n)).filter(Boolean);
  return { ...meta, fields };
}

// date: true — the action asks for a date (dateLabel; otherwise 有效期至); 'if-missing' — only for
// records without a future validity date.

/** Whether an action needs a validity date from the dialog for these rows (publish without one). */
export function needsDate(act, rows, today) {
  if (act.date === true) return true;
  return act.date === 'if-missing' && rows.some((r) => !r.valid_until || r.valid_until <= today);
}

/** The server's message with its field reasons, for a refused action. */
export const reason = (e) => (e.fields && Object.keys(e.fields).length ? `${e.message}：${Object.values(e.fields).join('；')}` : e.message);

export function isOwner(rec, kind = 'achievement') {
  const roles = kinds[kind]?.owner_roles ?? [];
  return !!session.user && session.user.org_id === rec.org_id && roles.some((r) => session.has(r));
}

/** Whether the signed-in user acts for a party of rec (an org it concerns besides its owner). */
export function isParty(rec, kind) {
  const k = kinds[kind];
  const org = session.user?.org_id;
  return !!org && rec.status !== 'draft' && (k?.party_roles ?? []).some((r) => session.has(r))
    && (k?.parties ?? []).some((f) => rec[f] === org);
}

/** Whether state-machine row t may be taken on rec now (officers: the server checks the region). */
function applies(t, rec, kind) {
  if (t.system) return false;
  const from = t.from.includes('*') ? rec.status !== t.to : t.from.includes(rec.status);
  return from && (t.roles.some((r) => session.has(r)) || (t.owner && isOwner(rec, kind))
    || (t.party && isParty(rec, kind)));
}

/** [{action, label, type, comment, date}] offered for rec (none until the description is loaded). */
export function actionsFor(rec, kind = 'achievement') {
  const machine = kinds[kind]?.workflow ?? [];
  if (kind === 'achievement' || kind === 'demand') {
    return Object.entries(kind === 'demand' ? DEM_ACTIONS : ACH_ACTIONS)
      .filter(([action]) => machine.some((t) => t.action === action && applies(t, rec, kind)))
      .map(([action, a]) => ({ action, ...a }));
  }
  const names = [...new Set(machine.filter((t) => applies(t, rec, kind)).map((t) => t.action))];
  return names.map((action) => ({ action, ...actionMeta(kind, action) }));
}

// kinds without a review queue of their own (menu, workbench home): an event's organiser confirms
// it held and checks its registrants in on the event's page (their lists are under 我的对接活动 /
// 我的活动报名); a broker's assignment is ended on its page, not reviewed
export const NO_QUEUE = ['event', 'event_registration', 'broker_assignment'];

/**
 * The states a user reviews records of this kind in: those from which one of the user's roles
 * (not as the owner) moves a record into a public state — for finance products, submitted; for a
 * kind never public (contracts), those from which the user's roles take any action (the registrar's
 * submitted ones).
 */
export function reviewStates(kind) {
  const k = kinds[kind];
  if (!k) return [];
  const outcome = (t) => (k.public_states.length ? k.public_states.includes(t.to) : true);
  const rows = k.workflow.filter((t) => !t.system && outcome(t) && t.roles.some((r) => session.has(r)));
  return [...new Set(rows.flatMap((t) => t.from.filter((s) => s !== '*')))];
}

/** The signed-in user's organization's industry (GET /orgs/{id}), loaded by loadMyOrg() with the industries. */
export const myOrg = reactive({ id: null, industry: null });
export function loadMyOrg() {
  const id = session.user?.org_id;
  if (!id || myOrg.id === id) return;
  myOrg.id = id;
  myOrg.industry = null;
  Promise.all([api.get(`/orgs/${id}`), load('industries')])
    .then(([o]) => { if (myOrg.id === id) myOrg.industry = o.industry; })
    .catch(() => { myOrg.id = null; });
}

/**
 * Whether an organization may own records of the kind: one of the GB/T 4754 section the kind names
 * (owner_section: J 金融业 for finance products), any when it names none.
 */
export const orgMayOwn = (kind, industry) => !kinds[kind]?.owner_section || sectionOf(industry) === kinds[kind].owner_section;

/** Whether the signed-in user may own records of the kind: an owner role in an organization that may. */
export function mayOwn(kind) {
  const k = kinds[kind];
  const id = session.user?.org_id;
  if (!k || !id || !k.owner_roles.some((r) => session.has(r))) return false;
  return !k.owner_section || (myOrg.id === id && orgMayOwn(kind, myOrg.industry));
}

export function canEdit(rec, kind = 'achievement') {
  const k = kinds[kind];
  if (!k) return false;
  if (session.has('admin')) return !k.frozen.includes(rec.status);
  return isOwner(rec, kind) && k.editable.includes(rec.status);
}
