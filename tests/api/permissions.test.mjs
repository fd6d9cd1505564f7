// Permission matrix: every route × every role (and anonymous) against the expected status.
// The expectations are a literal table written from the product spec (PRODUCT.md §2, §5 and
// the team's permission brief) — never derived from src/domain/authz.c. Every write request
// is valid, so only the permission decides the answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, DEMO_USERS, dayCST } from './lib.mjs';
import { makeAchievement, makeDemand, makeUser, achievementBody, demandBody, backdateAchievement, orgIdByName, FUTURE_DATE, makeFinanceProduct, financeBody, makePlatform, platformBody, makeContract, contractBody, contractStep } from './lib.mjs';
import { policyBody, act, challengeBody, challengeAppBody, challengeAppStep, milestoneBody, milestoneStep, makeChallenge, makeChallengeApp, makeAwardedChallenge } from './lib.mjs';

const ROLES = ['anonymous', 'researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer', 'admin'];
const ACCOUNT_ROLES = ROLES.filter((r) => r !== 'anonymous');
const ORG_NAMES = { scu: '四川大学', ybln: '宜宾锂能动力电池有限公司' };
const DEMO_USER_COUNT = 15; // src/cli_demo.c creates 15 accounts

let s;
const tok = {}; // role -> bearer token (anonymous: undefined)
const me = {}; // role -> user record from login
const org = {}; // key -> id
const uid = {}; // role -> user id
let usersCreated = 0; // every 201 on POST /users in this file
let seq = 0;
const uniq = (p) => `${p}${process.pid}x${Date.now().toString(36)}x${++seq}`;

function all(status) { return Object.fromEntries(ROLES.map((r) => [r, status])); }
function roles(status) { return Object.fromEntries(ACCOUNT_ROLES.map((r) => [r, status])); }

before(async () => {
  s = await startServer();
  for (const r of ACCOUNT_ROLES) {
    const l = await login(s.url, DEMO_USERS[r]);
    tok[r] = l.token;
    me[r] = l.user;
  }
  for (const [k, name] of Object.entries(ORG_NAMES)) {
    const r = await api(s.url, 'GET', `/api/v1/orgs?q=${encodeURIComponent(name)}`);
    const hit = r.json.items.find((o) => o.name === name);
    assert.ok(hit, `demo org ${name} not found`);
    org[k] = hit.id;
  }
  for (const r of ACCOUNT_ROLES) {
    const name = DEMO_USERS[r];
    const l = await api(s.url, 'GET', `/api/v1/users?q=${encodeURIComponent(name)}&limit=100`, { token: tok.admin });
    assert.equal(l.status, 200);
    const hit = l.json.items.find((u) => u.username === name);
    assert.ok(hit, `demo user ${name} not found`);
    uid[r] = hit.id;
  }
});
after(async () => { await s?.stop(); s?.cleanup(); });

/* Fixtures for the achievement / demand / notification rows (issue 3): records of 四川大学 created
 * by `researcher` and moved on by `reviewer`; demands of 宜宾锂能 by `enterprise_yb`; 成都 demands
 * of 锐芯微 by `enterprise`; a 绵阳 record of 西南科技大学 by a researcher created here. Rows whose
 * write changes state build a fresh record for every role (in req). */
const fx = {};
let fxReady; // node 20 runs root-level before() hooks concurrently: build the fixtures on first use
const fixtures = () => (fxReady ??= buildFixtures());
async function buildFixtures() {
  org.rxw = await orgIdByName(s.url, '成都锐芯微电子科技有限公司');
  org.swust = await orgIdByName(s.url, '西南科技大学');
  fx.rxw = (await login(s.url, 'enterprise')).token;
  fx.swust = (await makeUser(s.url, tok.admin, { roles: ['researcher'], org_id: org.swust, prefix: 'perm_my' })).token;
  usersCreated++;
  fx.achPub = (await makeAchievement(s.url, SCU(), 'published')).id;
  fx.achDraft = (await makeAchievement(s.url, SCU(), 'draft')).id;
  fx.achAsk = (await makeAchievement(s.url, SCU(), 'published')).id; // access requests
  fx.demPub = (await makeDemand(s.url, YB(), 'published')).id;
  fx.demDraft = (await makeDemand(s.url, YB(), 'draft')).id;
  const sub = await makeAchievement(s.url, SCU(), 'submitted');
  const acc = await api(s.url, 'POST', `/api/v1/achievements/${sub.id}/transitions`, { token: tok.reviewer, body: { action: 'accept' } });
  assert.equal(acc.status, 200, acc.text);
  org.shyh = await orgIdByName(s.url, '成都蜀汇银行股份有限公司');
  fx.lender = (await login(s.url, 'lender')).token;
  fx.finActive = (await makeFinanceProduct(s.url, FIN(), 'active')).id;
  fx.finDraft = (await makeFinanceProduct(s.url, FIN(), 'draft')).id;
  fx.plRecognized = (await makePlatform(s.url, PL(), 'recognized')).id;
  fx.plDraft = (await makePlatform(s.url, PL(), 'draft')).id;
  fx.ctDraft = (await makeContract(s.url, SCU(), 'draft')).id;
  fx.ctSub = (await makeContract(s.url, SCU(), 'submitted')).id;
  fx.ctReg = (await makeContract(s.url, SCU(), 'registered')).id;
  org.cdkj = await orgIdByName(s.url, '成都市科学技术局');
  fx.chDraft = (await makeChallenge(s.url, tok.officer, org.cdkj, 'draft')).id;
  fx.chSub = (await makeChallenge(s.url, tok.officer, org.cdkj, 'submitted')).id;
  fx.chPub = (await makeChallenge(s.url, tok.officer, org.cdkj, 'published')).id;
  fx.appSub = (await makeChallengeApp(s.url, tok.researcher, fx.chPub)).id;
  fx.appDraft = (await makeChallengeApp(s.url, tok.researcher, fx.chPub, 'draft')).id;
  fx.chAward = (await makeAwardedChallenge(s.url, tok.officer, org.cdkj, tok.researcher)).challenge.id;
  fx.msDraft = (await makeMilestone('draft')).id;
  fx.msPlanned = (await makeMilestone('planned')).id;
  fx.polDraft = await makePolicy(false);
  fx.polInForce = await makePolicy(true);
  org.scu = await orgIdByName(s.url, '四川大学');
  fx.polOrg = await makeOrgPolicy(); // drafts only: its SCU subject stays unclaimed
  fx.paDraft = (await makePolicyApp(fx.polOrg, 'draft')).id;
  fx.polOrgSub = await makeOrgPolicy();
  fx.paSub = (await makePolicyApp(fx.polOrgSub, 'submitted')).id;
  fx.resOpen = (await makeResource('open')).id;
  fx.resDraft = (await makeResource('draft')).id;
  fx.bkReq = (await makeBooking('requested')).id;
  fx.bkDraft = (await makeBooking('draft')).id;
  org.ybln = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  fx.vcIssued = await makeVoucher(true);
  fx.vcDraft = await makeVoucher(false);
  fx.finOpen = (await makeFinanceProduct(s.url, FIN(), 'active', { eligible_tiers: [], eligible_regions: [] })).id;
  fx.frDraft = (await makeFinanceRequest('draft')).id;
  fx.frSub = (await makeFinanceRequest('submitted')).id;
  fx.frMatched = (await makeFinanceRequest('matched')).id;
  fx.lsOpen = (await makeListing('open')).id;
  fx.lsOpen2 = (await makeListing('open')).id;
  fx.lsOpen3 = (await makeListing('open')).id;
  fx.lsDraft = (await makeListing('draft')).id;
  fx.lsAuction = (await makeListing('open', AUCTION)).id;
  fx.lsAuction2 = (await makeListing('open', AUCTION)).id;
  fx.lsAuction3 = (await makeListing('open', AUCTION)).id;
  fx.lsPub = (await makeListing('publicity', { mode: 'negotiated', price_fen: null })).id;
  fx.bdReq = (await makeBid(fx.lsOpen)).id;
  fx.dpHeld = (await makeDeposit(fx.lsAuction, true)).id;
  fx.obFiled = (await makeObjection()).id;
  fx.dealDraft = await makeDeal('draft');
  fx.dealRec = await makeDeal('recommended');
  fx.eventLogged = (await makeEvent('logged')).id;
  fx.eventDraft = (await makeEvent()).id;
  // expert panels: 成都市科学技术局's challenge in 初筛 (officer), a draft panel and an open one on
  // which the demo expert (西南交通大学) has declared no conflict and scored
  fx.pnCh = (await makeChallenge(s.url, tok.officer, org.cdkj, 'screening')).id;
  assert.equal((await api(s.url, 'PUT', '/api/v1/me/expert-profile', { token: tok.expert, body: { title: '教授', fields: ['38'], availability: 'available' } })).status, 200);
  fx.pnDraft = await makePanel();
  fx.pnOpen = await makePanel(true);
  // matchmaking events: 成都市科学技术局's (officer), one published and one draft; 宜宾锂能's registration
  fx.evPub = await makeMeeting(true);
  fx.evDraft = await makeMeeting(false);
  fx.evReg = (await makeRegistration(fx.evPub, tok.enterprise)).id;
  // brokers: the demo's registered broker (天府技术转移服务中心, `broker`) and its assignment of 宜宾锂能;
  // the demo's 科技特派员 of 电子科技大学 waiting for registration; a draft entry and a training of
  // the demo broker; a second registered broker of 天府 (whose assignments the rows end)
  const brokers = (await api(s.url, 'GET', '/api/v1/brokers?limit=100', { token: tok.admin })).json.items;
  fx.brActive = brokers.find((x) => x.user_id === uid.broker).id;
  fx.brSub = brokers.find((x) => x.status === 'submitted' && x.kind === 'commissioner').id;
  org.tfjs = await orgIdByName(s.url, '天府技术转移服务中心有限公司');
  fx.brDraft = (await api(s.url, 'POST', '/api/v1/brokers', { token: tok.broker, body: BROKER_BODY(uid.broker) })).json.id;
  fx.trSub = (await makeTraining(fx.brActive)).id;
  fx.asYb = (await api(s.url, 'GET', `/api/v1/brokers/${fx.brActive}/assignments`, { token: tok.broker })).json.items.find((x) => x.enterprise_org_id === org.ybln).id;
  fx.brFresh = await makeBroker(true);
  org.enterprises = (await api(s.url, 'GET', '/api/v1/orgs?kind=enterprise&limit=100')).json.items.map((o) => o.id).filter((id) => id !== org.ybln && id !== org.rxw);
  const notes = await api(s.url, 'GET', '/api/v1/notifications', { token: tok.researcher });
  fx.note = notes.json.items.find((n) => n.entity_id === sub.id)?.id;
  assert.ok(fx.note, 'researcher got no notification');
}
/** A milestone of 四川大学 (the winner) of the awarded fixture challenge, stepped to status by its
 * researcher (reported) and 成都's officer. */
async function makeMilestone(status) {
  const m = await api(s.url, 'POST', `/api/v1/challenges/${fx.chAward}/milestones`, { token: tok.researcher, body: milestoneBody() });
  assert.equal(m.status, 201, m.text);
  let rec = m.json;
  for (const action of { draft: [], planned: ['submit'], reported: ['submit', 'report'] }[status]) {
    const r = await act(s.url, tok.researcher, 'challenge-milestones', rec.id, action, milestoneStep(action));
    assert.equal(r.status, 200, r.text);
    rec = r.json;
  }
  return rec;
}
/** A deal the broker opens between 宜宾锂能's published demand and 四川大学's published achievement,
 * recommended unless draft; its id. */
async function makeDeal(status) {
  // (one open deal per demand and achievement: each deal with an achievement of its own)
  const d = await api(s.url, 'POST', '/api/v1/deals', { token: tok.broker, body: { demand_id: fx.demPub, achievement_id: await freshAchievement() } });
  assert.equal(d.status, 201, d.text);
  if (status === 'recommended') assert.equal((await act(s.url, tok.broker, 'deals', d.json.id, 'recommend')).status, 200);
  return d.json.id;
}
/** The broker's call on the recommended fixture deal, logged unless draft. */
async function makeEvent(status = 'draft') {
  const e = await api(s.url, 'POST', `/api/v1/deals/${fx.dealRec}/events`, { token: tok.broker, body: { kind: 'call', at: TODAY, note: uniq('电话沟通 ') } });
  assert.equal(e.status, 201, e.text);
  if (status === 'logged') return (await act(s.url, tok.broker, 'deal-events', e.json.id, 'log')).json;
  return e.json;
}
/** A policy of 成都市科学技术局 drafted by its officer, in force when asked; its id. */
async function makePolicy(enact) {
  const p = await api(s.url, 'POST', '/api/v1/policies', { token: tok.officer, body: policyBody({ title: uniq('权限测试政策') }) });
  assert.equal(p.status, 201, p.text);
  if (enact) assert.equal((await act(s.url, tok.officer, 'policies', p.json.id, 'enact')).status, 200);
  return p.json.id;
}
/** A policy of 成都市科学技术局 in force over orgs: ¥1,000 to any org (no condition); its id. */
async function makeOrgPolicy() {
  const body = policyBody({ title: uniq('权限测试机构政策'), subject_kind: 'org', conditions: [], base_field: null, tiers: [], fixed_fen: 100000, cap_fen: null });
  const p = await api(s.url, 'POST', '/api/v1/policies', { token: tok.officer, body });
  assert.equal(p.status, 201, p.text);
  assert.equal((await act(s.url, tok.officer, 'policies', p.json.id, 'enact')).status, 200);
  return p.json.id;
}
/** 四川大学's application (its org admin) for policy id on itself, submitted unless draft. */
async function makePolicyApp(id, status = 'draft') {
  const a = await api(s.url, 'POST', `/api/v1/policies/${id}/applications`, { token: tok.org_admin, body: { subject_id: org.scu } });
  assert.equal(a.status, 201, a.text);
  if (status === 'submitted') assert.equal((await act(s.url, tok.org_admin, 'policy-applications', a.json.id, 'submit')).status, 200);
  return a.json;
}
/** An instrument of 四川大学 (its researcher), open every day and hour unless draft; the record. */
async function makeResource(status) {
  const body = {
    title: uniq('权限测试仪器'), kind: 'instrument', summary: '分辨率 0.8 nm，配备能谱仪，可进行形貌观察。', region: '510107', industry: '7320',
    location: '分析测试中心 105 室', services: [{ name: '形貌观察', unit: 'hour', price_fen: 30000 }],
    open_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open_from: '00:00', open_to: '24:00',
  };
  const r = await api(s.url, 'POST', '/api/v1/resources', { token: tok.researcher, body });
  assert.equal(r.status, 201, r.text);
  if (status === 'open') {
    assert.equal((await act(s.url, tok.researcher, 'resources', r.json.id, 'submit')).status, 200);
    return (await act(s.url, tok.reviewer, 'resources', r.json.id, 'open')).json;
  }
  return r.json;
}
let bookingHour = 0;
/** A booking body of the open fixture instrument, each in an hour of its own. */
function bookingBody(over = {}) {
  const h = bookingHour++;
  const day = dayCST(20 + Math.floor(h / 20));
  const at = (x) => `${day}T${String(x).padStart(2, '0')}:00`;
  return { service: '形貌观察', start_at: at(h % 20), end_at: at((h % 20) + 1), purpose: uniq('材料形貌观察 '), planned_qty: 1, ...over };
}
/** 宜宾锂能's booking (enterprise_yb) of the open fixture instrument, requested unless draft. */
async function makeBooking(status) {
  const b = await api(s.url, 'POST', `/api/v1/resources/${fx.resOpen}/bookings`, { token: tok.enterprise, body: bookingBody() });
  assert.equal(b.status, 201, b.text);
  if (status === 'requested') assert.equal((await act(s.url, tok.enterprise, 'bookings', b.json.id, 'request')).status, 200);
  return b.json;
}
/** A 创新券 of 成都市科学技术局 (its officer) to 宜宾锂能, issued when asked; its id. */
async function makeVoucher(issue) {
  const v = await api(s.url, 'POST', '/api/v1/vouchers', { token: tok.officer, body: voucherBody() });
  assert.equal(v.status, 201, v.text);
  if (issue) assert.equal((await act(s.url, tok.officer, 'vouchers', v.json.id, 'issue')).status, 200);
  return v.json.id;
}
const voucherBody = (over = {}) => ({ title: uniq('权限测试创新券'), holder_org_id: org.ybln, amount_fen: 100000, valid_until: '2030-12-31', region: '510100', ...over });
/** 宜宾锂能's loan request (enterprise_yb): draft, submitted, or matched to the open fixture product. */
async function makeFinanceRequest(status) {
  const body = { title: uniq('权限测试融资需求'), kind: 'loan', amount_fen: 300000000, term_months: 24, purpose: '建设硅碳负极中试线，以销售回款还款。', region: '511502', industry: '3841' };
  const r = await api(s.url, 'POST', '/api/v1/finance-requests', { token: tok.enterprise, body });
  assert.equal(r.status, 201, r.text);
  if (status === 'draft') return r.json;
  assert.equal((await act(s.url, tok.enterprise, 'finance-requests', r.json.id, 'submit')).status, 200);
  if (status === 'submitted') return r.json;
  const m = await act(s.url, tok.enterprise, 'finance-requests', r.json.id, 'match', { product_id: fx.finOpen });
  assert.equal(m.status, 200, m.text);
  return m.json;
}
const FR_READERS = ['enterprise', 'reviewer', 'admin'];
const PANEL_BODY = () => ({ title: uniq('权限测试专家组'), purpose: 'challenge_argue', criteria: [{ key: 'tech', name: '技术先进性', weight: 100, max: 10 }], quorum: 1 });
/** A panel of 成都市科学技术局 (its officer) on the fixture challenge; open with the demo expert
 * invited, declared and scored when asked. Its id. */
async function makePanel(open) {
  const p = await api(s.url, 'POST', `/api/v1/challenges/${fx.pnCh}/panels`, { token: tok.officer, body: PANEL_BODY() });
  assert.equal(p.status, 201, p.text);
  if (!open) return p.json.id;
  assert.equal((await api(s.url, 'POST', `/api/v1/panels/${p.json.id}/members`, { token: tok.officer, body: { action: 'invite', user_id: uid.expert } })).status, 200);
  assert.equal((await act(s.url, tok.officer, 'panels', p.json.id, 'open')).status, 200);
  assert.equal((await api(s.url, 'POST', `/api/v1/panels/${p.json.id}/members`, { token: tok.expert, body: { action: 'declare' } })).status, 200);
  const sc = await api(s.url, 'POST', `/api/v1/panels/${p.json.id}/scores`, { token: tok.expert, body: { item_id: fx.pnCh, scores: { tech: 8 }, comment: '目标明确' } });
  assert.equal(sc.status, 200, sc.text);
  return p.json.id;
}
const BROKER_BODY = (user_id) => ({ user_id, name: uniq('权限测试经纪人'), kind: 'broker', level: 'junior', region: '510107', industries: ['3841'] });
/** An entry of 天府技术转移服务中心 (by `broker`) for a fresh broker account of it, submitted, and
 * registered by the officer when asked; its id. */
async function makeBroker(register) {
  const u = await makeUser(s.url, tok.admin, { roles: ['broker'], org_id: org.tfjs, prefix: 'perm_brk' });
  usersCreated++;
  const e = await api(s.url, 'POST', '/api/v1/brokers', { token: tok.broker, body: BROKER_BODY(u.id) });
  assert.equal(e.status, 201, e.text);
  assert.equal((await act(s.url, tok.broker, 'brokers', e.json.id, 'submit')).status, 200);
  if (register) assert.equal((await act(s.url, tok.officer, 'brokers', e.json.id, 'register')).status, 200);
  return e.json.id;
}
async function makeTraining(brokerId) {
  const t = await api(s.url, 'POST', `/api/v1/brokers/${brokerId}/trainings`, { token: tok.broker, body: { course: uniq('权限测试培训'), provider: '四川省技术转移中心', hours: 8, held_on: '2026-01-05' } });
  assert.equal(t.status, 201, t.text);
  return t.json;
}
/** 宜宾锂能 assigned afresh to the second broker (its assignment before, if active, ended by the admin). */
async function makeAssignment() {
  const held = (await api(s.url, 'GET', `/api/v1/brokers/${fx.brFresh}/assignments`, { token: tok.admin })).json.items.filter((x) => x.status === 'active');
  for (const h of held) assert.equal((await act(s.url, tok.admin, 'broker-assignments', h.id, 'end')).status, 200);
  const a = await api(s.url, 'POST', `/api/v1/brokers/${fx.brFresh}/assignments`, { token: tok.broker, body: { enterprise_org_id: org.ybln, since: '2026-01-05' } });
  assert.equal(a.status, 201, a.text);
  return a.json.id;
}
// a submitted entry is read by its org, reviewers, officers of its region and admins; a training by
// the broker's org too; an assignment also by its enterprise (a party)
const BR_READERS = ['reviewer', 'officer', 'admin'];
const TR_READERS = ['broker', 'reviewer', 'officer', 'admin'];
const AS_READERS = ['broker', 'enterprise', 'reviewer', 'officer', 'admin'];
const EVENT_BODY = () => ({ title: uniq('权限测试对接会'), kind: 'matchmaking', held_on: '2030-06-01', place: '成都市高新区菁蓉汇', region: '510107', industries: ['3841'] });
/** A matchmaking event of 成都市科学技术局 (its officer), published when asked; its id. */
async function makeMeeting(publish) {
  const e = await api(s.url, 'POST', '/api/v1/events', { token: tok.officer, body: EVENT_BODY() });
  assert.equal(e.status, 201, e.text);
  if (publish) assert.equal((await act(s.url, tok.officer, 'events', e.json.id, 'publish')).status, 200);
  return e.json.id;
}
async function makeRegistration(eventId, token) {
  const r = await api(s.url, 'POST', `/api/v1/events/${eventId}/registrations`, { token, body: { attendees: 2, interests: '硅碳负极' } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
// a registration is read by its org, the organiser (a party), officers of the region and admins
const REG_READERS = ['enterprise', 'reviewer', 'officer', 'admin'];
// a panel is read by its organiser (the bureau's officer), the reviewers and admins; its members
// (experts) work through /me/reviews, …/material and …/scores
const PANEL_READERS = ['reviewer', 'officer', 'admin'];
/** A listing of 四川大学 (its researcher): a fixed price unless over says otherwise; opened by the
 * reviewer, published for 公示 when asked. */
const AUCTION = { mode: 'auction', price_fen: null, auction_kind: 'english', start_fen: 1000000, increment_fen: 100000, deposit_fen: 200000, starts_at: `${dayCST(300)}T10:00`, ends_at: `${dayCST(301)}T10:00` };
async function makeListing(status, over = {}) {
  const body = { title: uniq('权限测试挂牌'), category: 'transaction', mode: 'listed', summary: '硅碳负极材料的制备工艺与中试数据，可整体转让。', region: '510107', industry: '3841', price_fen: 50000000, ...over };
  const r = await api(s.url, 'POST', '/api/v1/listings', { token: tok.researcher, body });
  assert.equal(r.status, 201, r.text);
  if (status === 'draft') return r.json;
  assert.equal((await act(s.url, tok.researcher, 'listings', r.json.id, 'submit')).status, 200);
  const o = await act(s.url, tok.reviewer, 'listings', r.json.id, 'approve');
  assert.equal(o.status, 200, o.text);
  if (status !== 'publicity') return o.json;
  const p = await act(s.url, tok.researcher, 'listings', r.json.id, 'publicize', { buyer_org_id: org.ybln, agreed_fen: 3000000 });
  assert.equal(p.status, 200, p.text);
  return p.json;
}
/** 宜宾锂能's 摘牌 request (enterprise_yb) on a listed listing. */
async function makeBid(listing) {
  const b = await api(s.url, 'POST', `/api/v1/listings/${listing}/bids`, { token: tok.enterprise, body: { amount_fen: 50000000 } });
  assert.equal(b.status, 201, b.text);
  return b.json;
}
/** 宜宾锂能's deposit on an auction, confirmed by the seller when asked. */
async function makeDeposit(listing, confirm) {
  const d = await api(s.url, 'POST', `/api/v1/listings/${listing}/deposits`, { token: tok.enterprise, body: { reference: uniq('ICBC-') } });
  assert.equal(d.status, 201, d.text);
  if (confirm) assert.equal((await act(s.url, tok.researcher, 'deposits', d.json.id, 'confirm')).status, 200);
  return d.json;
}
/** 天府技术经纪's objection (broker) to the listing in its 公示 period. */
async function makeObjection() {
  const o = await api(s.url, 'POST', `/api/v1/listings/${fx.lsPub}/objections`, { token: tok.broker, body: { reason: uniq('协议价格明显偏低，请核查 ') } });
  assert.equal(o.status, 201, o.text);
  return o.json;
}
const BID_READERS = ['enterprise', 'reviewer', 'officer', 'admin'];
const DEPOSIT_READERS = ['enterprise', 'researcher', 'org_admin', 'reviewer', 'officer', 'admin'];
const OBJECTION_READERS = ['broker', 'researcher', 'org_admin', 'reviewer', 'officer', 'admin'];
const readers = (list) => ({ ...Object.fromEntries(list.map((x) => [x, 200])), ...NO(...ROLES.filter((x) => !list.includes(x))) });
const BOOKING_READERS = ['enterprise', 'researcher', 'org_admin', 'reviewer', 'officer', 'admin'];
const freshAchievement = () => makeAchievement(s.url, SCU(), 'published').then((a) => a.id);
const DEAL_READERS = ['broker', 'enterprise', 'researcher', 'org_admin', 'reviewer', 'admin'];
const TODAY = dayCST();
const SCU = () => ({ owner: tok.researcher, reviewer: tok.reviewer, admin: tok.admin });
const FIN = () => ({ owner: fx.lender, reviewer: tok.reviewer, admin: tok.admin });
/* platforms of 四川大学 (成都武侯): hosted by its org_admin `tto_scu`, recognized by 成都's officer */
const PL = () => ({ owner: tok.org_admin, steward: tok.officer, admin: tok.admin });
const MY = () => ({ owner: fx.swust, reviewer: tok.reviewer, admin: tok.admin });
const YB = () => ({ owner: tok.enterprise, reviewer: tok.reviewer, admin: tok.admin });
const CD = () => ({ owner: fx.rxw, reviewer: tok.reviewer, admin: tok.admin });
const CD_DEMAND = { region: '510107', industry: '3973' };
const DETAIL_ROLES = ['researcher', 'org_admin', 'reviewer', 'officer', 'admin'];
const NO = (...r) => Object.fromEntries(r.map((x) => [x, 404]));
const FORBID = (...r) => Object.fromEntries(r.map((x) => [x, 403]));

/** A transition row: a fresh record in its starting state per role (make), then POST the action;
 * allowed → the target state, refused → the state it had. */
function transition(kind, name, make, action, expect, target, extra = {}) {
  return {
    name, route: `POST /api/v1/${kind}/{id}/transitions`, expect,
    req: async () => {
      await fixtures();
      const id = await make();
      const from = (await api(s.url, 'GET', `/api/v1/${kind}/${id}`, { token: tok.admin })).json.status;
      return { path: `/api/v1/${kind}/${id}/transitions`, body: { action, ...extra }, id, from };
    },
    check: async (r, res, rq) => {
      const g = await api(s.url, 'GET', `/api/v1/${kind}/${rq.id}`, { token: tok.admin });
      assert.equal(g.json.status, res.status === 200 ? target : rq.from, `${r}: ${action} → ${res.status}, record now ${g.json.status}`);
    },
  };
}

/* Each case: route (method + OpenAPI path), and per role the expected status. A role missing
 * from `expect` is not part of that case; every route must cover all roles over its cases.
 * `req(role)` returns {path, body?, token?} — token defaults to the role's own. */
const CASES = [
  { name: 'healthz', route: 'GET /healthz', expect: all(200), req: () => ({ path: '/healthz' }) },
  { name: 'readyz', route: 'GET /readyz', expect: all(200), req: () => ({ path: '/readyz' }) },
  { name: 'metrics', route: 'GET /metrics', expect: all(200), req: () => ({ path: '/metrics' }) },
  { name: 'openapi', route: 'GET /api/v1/openapi.json', expect: all(200), req: () => ({ path: '/api/v1/openapi.json' }) },
  { name: 'record kinds', route: 'GET /api/v1/kinds', expect: all(200), req: () => ({ path: '/api/v1/kinds' }) },
  { name: 'vocabulary index', route: 'GET /api/v1/vocab', expect: all(200), req: () => ({ path: '/api/v1/vocab' }) },
  { name: 'a vocabulary', route: 'GET /api/v1/vocab/{key}', expect: all(200), req: () => ({ path: '/api/v1/vocab/regions?parent=510100' }) },
  {
    name: 'login with the right password', route: 'POST /api/v1/auth/login', expect: all(200),
    // anonymous: a client without a session logs in to another demo account
    req: (r) => ({ path: '/api/v1/auth/login', body: { username: r === 'anonymous' ? 'researcher_uestc' : DEMO_USERS[r], password: 'Kezhuan@2026' } }),
  },
  {
    name: 'logout (a fresh session per role)', route: 'POST /api/v1/auth/logout',
    expect: { anonymous: 401, ...roles(204) },
    req: async (r) => ({ path: '/api/v1/auth/logout', token: r === 'anonymous' ? undefined : (await login(s.url, DEMO_USERS[r])).token }),
    check: async (r, res, req) => {
      if (r !== 'anonymous') assert.equal((await api(s.url, 'GET', '/api/v1/me', { token: req.token })).status, 401, `${r}: token still valid after logout`);
    },
  },
  {
    name: 'me', route: 'GET /api/v1/me', expect: { anonymous: 401, ...roles(200) },
    req: () => ({ path: '/api/v1/me' }),
    check: (r, res) => { if (r !== 'anonymous') assert.equal(res.json.username, DEMO_USERS[r]); },
  },
  {
    name: 'change password with a wrong current password', route: 'POST /api/v1/me/password',
    expect: { anonymous: 401, ...roles(422) },
    req: () => ({ path: '/api/v1/me/password', body: { current_password: 'Wrong-Passw0rd-1', new_password: 'N3w-Passw0rd-xyz!' } }),
  },
  { name: 'list orgs', route: 'GET /api/v1/orgs', expect: all(200), req: () => ({ path: '/api/v1/orgs' }) },
  { name: 'read an org', route: 'GET /api/v1/orgs/{id}', expect: all(200), req: () => ({ path: `/api/v1/orgs/${org.scu}` }) },
  {
    name: 'create an org in 成都 (510104)', route: 'POST /api/v1/orgs',
    expect: { anonymous: 401, researcher: 403, org_admin: 403, enterprise: 403, broker: 403, expert: 403, reviewer: 403, officer: 201, admin: 201 },
    req: () => ({ path: '/api/v1/orgs', body: { name: uniq('权限测试企业'), kind: 'enterprise', region: '510104' } }),
    check: async (r, res, rq) => {
      if (res.status === 201) assert.match(res.headers.get('location') || '', /\/api\/v1\/orgs\/\d+$/);
      else await assertNoOrg(rq.body.name);
    },
  },
  {
    name: 'create an org in 宜宾 (511502), outside the officer region', route: 'POST /api/v1/orgs',
    expect: { officer: 403 },
    req: () => ({ path: '/api/v1/orgs', body: { name: uniq('权限测试宜宾企业'), kind: 'enterprise', region: '511502' } }),
    check: (r, res, rq) => assertNoOrg(rq.body.name),
  },
  {
    name: 'patch 四川大学', route: 'PATCH /api/v1/orgs/{id}',
    expect: { anonymous: 401, researcher: 403, org_admin: 200, enterprise: 403, broker: 403, expert: 403, reviewer: 403, officer: 200, admin: 200 },
    req: () => ({ path: `/api/v1/orgs/${org.scu}`, body: { address: uniq('成都市武侯区一环路南一段 24 号 #') } }),
  },
  {
    name: 'patch 宜宾锂能 (other org, other region)', route: 'PATCH /api/v1/orgs/{id}',
    expect: { org_admin: 403, officer: 403, admin: 200 },
    req: () => ({ path: `/api/v1/orgs/${org.ybln}`, body: { address: uniq('宜宾市翠屏区临港经开区 #') } }),
  },
  {
    name: 'list users', route: 'GET /api/v1/users',
    expect: { anonymous: 401, researcher: 403, org_admin: 200, enterprise: 403, broker: 403, expert: 403, reviewer: 403, officer: 200, admin: 200 },
    req: () => ({ path: '/api/v1/users?limit=100' }),
    check: async (r, res) => {
      if (res.status !== 200) return;
      const items = res.json.items;
      if (r === 'org_admin') {
        assert.ok(items.length >= 2, 'org_admin sees at least 四川大学 accounts');
        for (const u of items) assert.equal(u.org_id, org.scu, `org_admin sees ${u.username} of org ${u.org_id}`);
      }
      if (r === 'officer') {
        assert.ok(items.length >= 1);
        for (const u of items) {
          assert.ok(u.org_id, `officer sees ${u.username} without an org`);
          const o = await api(s.url, 'GET', `/api/v1/orgs/${u.org_id}`);
          assert.match(o.json.region, /^5101/, `officer sees ${u.username} of org ${o.json.name} (${o.json.region})`);
        }
      }
      if (r === 'admin') {
        assert.equal(res.json.total, DEMO_USER_COUNT + usersCreated);
        assert.ok(items.some((u) => u.username === 'admin') && items.some((u) => u.username === 'enterprise_yb'));
      }
    },
  },
  {
    name: 'read own account', route: 'GET /api/v1/users/{id}', expect: roles(200),
    req: (r) => ({ path: `/api/v1/users/${uid[r]}` }),
    check: (r, res) => assert.equal(res.json.username, DEMO_USERS[r]),
  },
  {
    name: "read admin's account", route: 'GET /api/v1/users/{id}',
    expect: { anonymous: 401, researcher: 404, org_admin: 404, enterprise: 404, broker: 404, expert: 404, reviewer: 404, officer: 404 },
    req: () => ({ path: `/api/v1/users/${uid.admin}` }),
  },
  {
    name: "read researcher's account", route: 'GET /api/v1/users/{id}',
    expect: { org_admin: 200, officer: 200, admin: 200, enterprise: 404, broker: 404, expert: 404, reviewer: 404 },
    req: () => ({ path: `/api/v1/users/${uid.researcher}` }),
  },
  {
    name: 'create a researcher in 四川大学', route: 'POST /api/v1/users',
    expect: { anonymous: 401, researcher: 403, org_admin: 201, enterprise: 403, broker: 403, expert: 403, reviewer: 403, officer: 201, admin: 201 },
    req: () => ({ path: '/api/v1/users', body: newUser(org.scu, ['researcher']) }),
    check: async (r, res, rq) => {
      if (res.status === 201) assert.equal(res.json.org_id, org.scu);
      else await assertNoUser(rq.body.username);
    },
  },
  {
    name: 'org_admin creates a user in another org', route: 'POST /api/v1/users', expect: { org_admin: 403 },
    req: () => ({ path: '/api/v1/users', body: newUser(org.ybln, ['researcher']) }),
    check: (r, res, rq) => assertNoUser(rq.body.username),
  },
  {
    name: 'org_admin grants officer', route: 'POST /api/v1/users', expect: { org_admin: 403 },
    req: () => ({ path: '/api/v1/users', body: newUser(org.scu, ['officer']) }),
    check: (r, res, rq) => assertNoUser(rq.body.username),
  },
  {
    name: 'officer grants admin', route: 'POST /api/v1/users', expect: { officer: 403 },
    req: () => ({ path: '/api/v1/users', body: newUser(org.scu, ['admin']) }),
    check: (r, res, rq) => assertNoUser(rq.body.username),
  },
  {
    name: 'officer creates a user in 宜宾锂能 (outside region)', route: 'POST /api/v1/users', expect: { officer: 403 },
    req: () => ({ path: '/api/v1/users', body: newUser(org.ybln, ['researcher']) }),
    check: (r, res, rq) => assertNoUser(rq.body.username),
  },
  {
    name: 'patch own display name', route: 'PATCH /api/v1/users/{id}', expect: roles(200),
    req: (r) => ({ path: `/api/v1/users/${uid[r]}`, body: { display_name: `改名 ${r} ${++seq}` } }),
  },
  {
    name: 'researcher grants itself admin', route: 'PATCH /api/v1/users/{id}', expect: { researcher: 403 },
    req: () => ({ path: `/api/v1/users/${uid.researcher}`, body: { roles: ['admin'] } }),
    check: async () => {
      const u = await api(s.url, 'GET', `/api/v1/users/${uid.researcher}`, { token: tok.admin });
      assert.deepEqual(u.json.roles, ['researcher']);
    },
  },
  {
    name: "patch researcher's display name", route: 'PATCH /api/v1/users/{id}',
    expect: { anonymous: 401, org_admin: 200, officer: 200, admin: 200, enterprise: 404, broker: 404, expert: 404, reviewer: 404 },
    req: (r) => ({ path: `/api/v1/users/${uid.researcher}`, body: { display_name: `刘教授 by ${r} ${++seq}` } }),
  },
  {
    name: 'admin disables itself', route: 'PATCH /api/v1/users/{id}', expect: { admin: 409 },
    req: () => ({ path: `/api/v1/users/${uid.admin}`, body: { disabled: true } }),
    check: async () => {
      const u = await api(s.url, 'GET', '/api/v1/me', { token: tok.admin });
      assert.equal(u.status, 200);
      assert.equal(u.json.disabled, false);
    },
  },
  {
    name: 'list users again after the creates', route: 'GET /api/v1/users', expect: { admin: 200 },
    req: () => ({ path: '/api/v1/users?limit=100' }),
    check: (r, res) => {
      assert.ok(usersCreated >= 3, 'the creates above answered 201');
      assert.equal(res.json.total, DEMO_USER_COUNT + usersCreated);
      assert.equal(res.json.items.length, DEMO_USER_COUNT + usersCreated);
    },
  },
  {
    name: 'read the audit trail', route: 'GET /api/v1/audit',
    expect: { anonymous: 401, researcher: 403, org_admin: 403, enterprise: 403, broker: 403, expert: 403, reviewer: 403, officer: 200, admin: 200 },
    req: () => ({ path: '/api/v1/audit' }),
  },
  {
    name: 'verify the audit chain', route: 'GET /api/v1/audit/verify',
    expect: { anonymous: 401, researcher: 403, org_admin: 403, enterprise: 403, broker: 403, expert: 403, reviewer: 403, officer: 200, admin: 200 },
    req: () => ({ path: '/api/v1/audit/verify' }),
    check: (r, res) => { if (res.status === 200) assert.equal(res.json.ok, true, `${r}: ${res.text}`); },
  },

  // ---- 成果库 achievements (issue 3) ----
  {
    name: 'list achievements: cards only, never the detail', route: 'GET /api/v1/achievements', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/achievements?limit=100' }),
    check: (r, res) => {
      assert.ok(res.json.items.length >= 1);
      for (const it of res.json.items) {
        assert.ok(!('detail' in it), `${r}: detail in the list`);
        // unrelated roles list published cards, and their own org's records
        if (['anonymous', 'enterprise', 'broker', 'expert'].includes(r) && it.status !== 'published') {
          assert.ok(r !== 'anonymous' && it.org_id === me[r].org_id, `${r} lists a ${it.status} record of org ${it.org_id}`);
        }
      }
    },
  },
  {
    name: 'export achievements (same visibility as the list; the detail only to who may see it)', route: 'GET /api/v1/achievements/export', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/achievements/export?format=jsonl' }),
    check: (r, res) => {
      const rows = res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.ok(rows.length >= 2, `${r}: ${rows.length} rows`);
      assert.ok(rows.some((x) => x.id === fx.achPub), `${r}: the published fixture is not exported`);
      assert.equal(rows.some((x) => x.id === fx.achDraft), ['researcher', 'org_admin', 'admin'].includes(r), `${r}: the draft fixture exported?`);
      if (['anonymous', 'enterprise', 'broker', 'expert'].includes(r)) assert.ok(!res.text.includes('保密：'), `${r}: the confidential detail is exported`);
    },
  },
  {
    name: 'register an achievement for one\'s own org', route: 'POST /api/v1/achievements',
    expect: { anonymous: 401, researcher: 201, org_admin: 201, ...FORBID('enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/achievements', body: achievementBody({ title: uniq('权限测试成果') }) }),
    check: async (r, res, rq) => {
      if (res.status === 201) {
        assert.equal(res.json.status, 'draft');
        assert.equal(res.json.org_id, org.scu);
        assert.match(res.headers.get('location') || '', /\/api\/v1\/achievements\/\d+$/);
      } else await assertNoAchievement(rq.body.title);
    },
  },
  {
    name: 'register an achievement for 四川大学 (org_id given; 成都 officer, admin)', route: 'POST /api/v1/achievements',
    expect: { officer: 201, admin: 201 },
    req: async () => (await fixtures(), { path: '/api/v1/achievements', body: achievementBody({ title: uniq('代登记成果'), org_id: org.scu }) }),
    check: (r, res) => { assert.equal(res.json.org_id, org.scu); assert.equal(res.json.status, 'draft'); },
  },
  {
    name: 'the 成都 officer registers for 西南科技大学 (绵阳)', route: 'POST /api/v1/achievements', expect: { officer: 403 },
    req: async () => (await fixtures(), { path: '/api/v1/achievements', body: achievementBody({ title: uniq('辖区外代登记成果'), org_id: org.swust }) }),
    check: (r, res, rq) => assertNoAchievement(rq.body.title),
  },
  {
    name: 'read a published achievement (the detail: owner org, reviewer, officer of the region, admin)', route: 'GET /api/v1/achievements/{id}', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/achievements/${fx.achPub}` }),
    check: (r, res) => {
      assert.equal('detail' in res.json, DETAIL_ROLES.includes(r), `${r}: detail shown ${'detail' in res.json}`);
      assert.equal(res.json.detail_visible, DETAIL_ROLES.includes(r));
      assert.equal(res.json.has_detail, true);
    },
  },
  {
    name: 'read a draft achievement', route: 'GET /api/v1/achievements/{id}',
    expect: { researcher: 200, org_admin: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/achievements/${fx.achDraft}` }),
  },
  {
    name: 'edit a draft achievement', route: 'PATCH /api/v1/achievements/{id}',
    expect: { anonymous: 401, researcher: 200, org_admin: 200, admin: 200, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/achievements/${fx.achDraft}`, body: { price_fen: 100000 + ++seq } }),
    check: async (r, res, rq) => {
      const g = await api(s.url, 'GET', `/api/v1/achievements/${fx.achDraft}`, { token: tok.admin });
      if (res.status === 200) assert.equal(g.json.price_fen, rq.body.price_fen);
      else assert.notEqual(g.json.price_fen, rq.body.price_fen);
    },
  },
  {
    name: 'edit a published achievement (owners: 409 until withdrawn)', route: 'PATCH /api/v1/achievements/{id}',
    expect: { anonymous: 401, researcher: 409, org_admin: 409, admin: 200, ...FORBID('enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/achievements/${fx.achPub}`, body: { competing: uniq('竞品比较 #') } }),
  },
  transition('achievements', 'submit a fresh draft', () => makeAchievement(s.url, SCU(), 'draft').then((a) => a.id), 'submit',
    { anonymous: 401, researcher: 200, org_admin: 200, admin: 403, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') }, 'submitted'),
  transition('achievements', 'accept (形式审查) a fresh submitted record', () => makeAchievement(s.url, SCU(), 'submitted').then((a) => a.id), 'accept',
    { anonymous: 401, ...FORBID('researcher', 'org_admin'), ...NO('enterprise', 'broker', 'expert'), reviewer: 200, officer: 200, admin: 200 }, 'screening'),
  transition('achievements', 'accept a 绵阳 record (outside the 成都 officer\'s region)', () => makeAchievement(s.url, MY(), 'submitted', { region: '510703' }).then((a) => a.id), 'accept',
    { officer: 404 }, 'screening'),
  transition('achievements', 'return a fresh screening record', () => makeAchievement(s.url, SCU(), 'screening').then((a) => a.id), 'return',
    { anonymous: 401, ...FORBID('researcher', 'org_admin'), ...NO('enterprise', 'broker', 'expert'), reviewer: 200, officer: 200, admin: 200 }, 'draft'),
  transition('achievements', 'reject a fresh submitted record', () => makeAchievement(s.url, SCU(), 'submitted').then((a) => a.id), 'reject',
    { anonymous: 401, ...FORBID('researcher', 'org_admin'), ...NO('enterprise', 'broker', 'expert'), reviewer: 200, officer: 200, admin: 200 }, 'rejected'),
  transition('achievements', 'publish a fresh screening record', () => makeAchievement(s.url, SCU(), 'screening').then((a) => a.id), 'publish',
    { anonymous: 401, ...FORBID('researcher', 'org_admin'), ...NO('enterprise', 'broker', 'expert'), reviewer: 200, officer: 200, admin: 200 }, 'published'),
  transition('achievements', 'withdraw a fresh published record', () => makeAchievement(s.url, SCU(), 'published').then((a) => a.id), 'withdraw',
    { anonymous: 401, researcher: 200, org_admin: 200, admin: 200, ...FORBID('enterprise', 'broker', 'expert', 'reviewer', 'officer') }, 'withdrawn'),
  transition('achievements', 'renew a fresh expired record (owners; admin)', async () => {
    const a = await makeAchievement(s.url, SCU(), 'published');
    backdateAchievement(s.dbPath, a.id, { status: 'expired' });
    return a.id;
  }, 'renew', { anonymous: 401, researcher: 200, org_admin: 200, admin: 200, ...NO('enterprise', 'broker', 'expert'), ...FORBID('reviewer', 'officer') }, 'published', { valid_until: FUTURE_DATE }),
  transition('achievements', 'archive a fresh published record', () => makeAchievement(s.url, SCU(), 'published').then((a) => a.id), 'archive',
    { anonymous: 401, admin: 200, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') }, 'archived'),
  {
    name: 'history of a published achievement', route: 'GET /api/v1/achievements/{id}/history', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/achievements/${fx.achPub}/history` }),
    check: (r, res) => {
      assert.ok(res.json.items.length >= 4);
      assert.equal(res.text.includes('保密：'), DETAIL_ROLES.includes(r), `${r}: detail in the history`);
    },
  },
  {
    name: 'history of a draft achievement', route: 'GET /api/v1/achievements/{id}/history',
    expect: { researcher: 200, org_admin: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/achievements/${fx.achDraft}/history` }),
  },
  {
    name: 'ask to see the detail of a published achievement (who already sees it: 409)', route: 'POST /api/v1/achievements/{id}/access-requests',
    expect: { anonymous: 401, researcher: 409, org_admin: 409, enterprise: 201, broker: 201, expert: 201, reviewer: 409, officer: 409, admin: 409 },
    req: async (r) => (await fixtures(), { path: `/api/v1/achievements/${fx.achAsk}/access-requests`, body: { reason: `${r} 希望洽谈技术许可` } }),
    check: (r, res) => {
      if (res.status === 201) {
        assert.equal(res.json.status, 'pending');
        assert.match(res.headers.get('location') || '', /\/api\/v1\/access-requests\/\d+$/);
      }
    },
  },
  {
    name: 'ask to see the detail of a draft', route: 'POST /api/v1/achievements/{id}/access-requests', expect: { enterprise: 404, broker: 404 },
    req: async () => (await fixtures(), { path: `/api/v1/achievements/${fx.achDraft}/access-requests`, body: { reason: '草稿不可见' } }),
  },
  {
    name: 'list the access requests of an achievement (owner org all, others their own)', route: 'GET /api/v1/achievements/{id}/access-requests',
    expect: { anonymous: 401, ...roles(200) },
    req: async () => (await fixtures(), { path: `/api/v1/achievements/${fx.achAsk}/access-requests` }),
    check: (r, res) => {
      if (r === 'anonymous') return;
      const who = res.json.items.map((x) => x.requester.username).sort();
      const want = ['researcher', 'org_admin', 'admin'].includes(r) ? ['broker', 'enterprise_yb', 'expert']
        : ['enterprise', 'broker', 'expert'].includes(r) ? [DEMO_USERS[r]] : [];
      assert.deepEqual(who, want, r);
    },
  },
  {
    name: 'list access requests across achievements (owner org: its achievements\', admin: all, others: their own)', route: 'GET /api/v1/access-requests',
    expect: { anonymous: 401, ...roles(200) },
    req: async () => (await fixtures(), { path: '/api/v1/access-requests?limit=100' }),
    check: (r, res) => {
      if (r === 'anonymous') return;
      const who = res.json.items.filter((x) => x.achievement.id === fx.achAsk).map((x) => x.requester.username).sort();
      const want = ['researcher', 'org_admin', 'admin'].includes(r) ? ['broker', 'enterprise_yb', 'expert']
        : ['enterprise', 'broker', 'expert'].includes(r) ? [DEMO_USERS[r]] : [];
      assert.deepEqual(who, want, r);
      for (const x of res.json.items) {
        if (['researcher', 'org_admin'].includes(r)) assert.equal(x.achievement.org_id, org.scu, `${r} sees a request for org ${x.achievement.org_id}`);
        else if (r !== 'admin') assert.equal(x.requester.username, DEMO_USERS[r], `${r} sees ${x.requester.username}'s request`);
      }
    },
  },
  {
    name: 'list one\'s own access requests (mine=1)', route: 'GET /api/v1/access-requests',
    expect: { anonymous: 401, ...roles(200) },
    req: async () => (await fixtures(), { path: '/api/v1/access-requests?mine=1&limit=100' }),
    check: (r, res) => {
      if (r === 'anonymous') return;
      const who = res.json.items.map((x) => x.requester.username);
      assert.deepEqual([...new Set(who)], ['enterprise', 'broker', 'expert'].includes(r) ? [DEMO_USERS[r]] : [], r);
    },
  },
  {
    name: 'decide a fresh access request of `expert` (owner org or admin; the requester 403)', route: 'POST /api/v1/access-requests/{id}/decision',
    expect: { anonymous: 401, researcher: 200, org_admin: 200, admin: 200, expert: 403, ...NO('enterprise', 'broker', 'reviewer', 'officer') },
    req: async () => {
      const a = await makeAchievement(s.url, SCU(), 'published');
      const q = await api(s.url, 'POST', `/api/v1/achievements/${a.id}/access-requests`, { token: tok.expert, body: { reason: '评审需要了解细节' } });
      assert.equal(q.status, 201, q.text);
      return { path: `/api/v1/access-requests/${q.json.id}/decision`, body: { action: 'approve', comment: '同意' }, ach: a.id };
    },
    check: async (r, res, rq) => {
      const g = await api(s.url, 'GET', `/api/v1/achievements/${rq.ach}`, { token: tok.expert });
      assert.equal('detail' in g.json, res.status === 200, `${r}: expert sees the detail: ${'detail' in g.json}`);
    },
  },
  // ---- 需求库 demands (issue 3) ----
  {
    name: 'list demands', route: 'GET /api/v1/demands', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/demands?limit=100' }),
    check: (r, res) => {
      assert.ok(res.json.items.length >= 1);
      if (['anonymous', 'researcher', 'org_admin', 'broker', 'expert'].includes(r)) {
        for (const it of res.json.items) {
          if (['published', 'matched', 'closed'].includes(it.status)) continue;
          assert.ok(r !== 'anonymous' && it.org_id === me[r].org_id, `${r} lists a ${it.status} demand of org ${it.org_id}`);
        }
      }
    },
  },
  {
    name: 'export demands (same visibility as the list)', route: 'GET /api/v1/demands/export', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/demands/export?format=jsonl' }),
    check: (r, res) => {
      const rows = res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.ok(rows.some((x) => x.id === fx.demPub), `${r}: the published fixture is not exported`);
      assert.equal(rows.some((x) => x.id === fx.demDraft), ['enterprise', 'admin'].includes(r), `${r}: the draft fixture exported?`);
    },
  },
  {
    name: 'post a demand for one\'s own org', route: 'POST /api/v1/demands',
    expect: { anonymous: 401, org_admin: 201, enterprise: 201, ...FORBID('researcher', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/demands', body: demandBody({ title: uniq('权限测试需求') }) }),
    check: async (r, res, rq) => {
      if (res.status === 201) {
        assert.equal(res.json.status, 'draft');
        assert.equal(res.json.org_id, r === 'enterprise' ? org.ybln : org.scu);
      } else await assertNoDemand(rq.body.title);
    },
  },
  {
    name: 'post a demand for 锐芯微 (成都; org_id given)', route: 'POST /api/v1/demands', expect: { officer: 201, admin: 201 },
    req: async () => (await fixtures(), { path: '/api/v1/demands', body: demandBody({ title: uniq('代发布需求'), org_id: org.rxw, ...CD_DEMAND }) }),
    check: (r, res) => assert.equal(res.json.org_id, org.rxw),
  },
  { name: 'read a published demand', route: 'GET /api/v1/demands/{id}', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/demands/${fx.demPub}` }) },
  {
    name: 'read a draft demand', route: 'GET /api/v1/demands/{id}',
    expect: { enterprise: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/demands/${fx.demDraft}` }),
  },
  {
    name: 'edit a draft demand', route: 'PATCH /api/v1/demands/{id}',
    expect: { anonymous: 401, enterprise: 200, admin: 200, ...NO('researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/demands/${fx.demDraft}`, body: { indicators: uniq('指标 #') } }),
  },
  {
    name: 'edit a published demand', route: 'PATCH /api/v1/demands/{id}',
    expect: { anonymous: 401, enterprise: 409, admin: 200, ...FORBID('researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/demands/${fx.demPub}`, body: { basis: uniq('现有基础 #') } }),
  },
  transition('demands', 'submit a fresh draft demand', () => makeDemand(s.url, YB(), 'draft').then((d) => d.id), 'submit',
    { anonymous: 401, enterprise: 200, admin: 403, ...NO('researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') }, 'submitted'),
  transition('demands', 'publish a fresh submitted 宜宾 demand', () => makeDemand(s.url, YB(), 'submitted').then((d) => d.id), 'publish',
    { anonymous: 401, enterprise: 403, reviewer: 200, admin: 200, ...NO('researcher', 'org_admin', 'broker', 'expert', 'officer') }, 'published'),
  transition('demands', 'publish a fresh submitted 成都 demand', () => makeDemand(s.url, CD(), 'submitted', CD_DEMAND).then((d) => d.id), 'publish',
    { officer: 200 }, 'published'),
  transition('demands', 'return a fresh submitted 宜宾 demand', () => makeDemand(s.url, YB(), 'submitted').then((d) => d.id), 'return',
    { anonymous: 401, enterprise: 403, reviewer: 200, admin: 200, ...NO('researcher', 'org_admin', 'broker', 'expert', 'officer') }, 'draft'),
  transition('demands', 'reject a fresh submitted 宜宾 demand', () => makeDemand(s.url, YB(), 'submitted').then((d) => d.id), 'reject',
    { anonymous: 401, enterprise: 403, reviewer: 200, admin: 200, ...NO('researcher', 'org_admin', 'broker', 'expert', 'officer') }, 'rejected'),
  transition('demands', 'match a fresh published 宜宾 demand', () => makeDemand(s.url, YB(), 'published').then((d) => d.id), 'match',
    { anonymous: 401, enterprise: 200, broker: 200, admin: 200, ...FORBID('researcher', 'org_admin', 'expert', 'reviewer', 'officer') }, 'matched'),
  transition('demands', 'match a fresh published 成都 demand', () => makeDemand(s.url, CD(), 'published', CD_DEMAND).then((d) => d.id), 'match',
    { officer: 200 }, 'matched'),
  transition('demands', 'withdraw a fresh published 宜宾 demand', () => makeDemand(s.url, YB(), 'published').then((d) => d.id), 'withdraw',
    { anonymous: 401, enterprise: 200, admin: 200, ...FORBID('researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') }, 'draft'),
  transition('demands', 'close a fresh published 宜宾 demand', () => makeDemand(s.url, YB(), 'published').then((d) => d.id), 'close',
    { anonymous: 401, enterprise: 200, admin: 200, ...FORBID('researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') }, 'closed'),
  transition('demands', 'close a fresh published 成都 demand', () => makeDemand(s.url, CD(), 'published', CD_DEMAND).then((d) => d.id), 'close',
    { officer: 200 }, 'closed'),
  transition('demands', 'reopen a fresh closed 宜宾 demand', () => makeDemand(s.url, YB(), 'closed').then((d) => d.id), 'reopen',
    { anonymous: 401, enterprise: 200, admin: 200, ...FORBID('researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') }, 'draft'),
  { name: 'history of a published demand', route: 'GET /api/v1/demands/{id}/history', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/demands/${fx.demPub}/history` }) },
  {
    name: 'history of a draft demand', route: 'GET /api/v1/demands/{id}/history',
    expect: { enterprise: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/demands/${fx.demDraft}/history` }),
  },
  // ---- 金融产品 finance products (issue 13: a kind served by the engine alone) ----
  {
    name: 'list finance products', route: 'GET /api/v1/finance-products', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/finance-products?limit=100' }),
    check: (r, res) => {
      assert.ok(res.json.items.some((x) => x.id === fx.finActive), `${r}: the active fixture is listed`);
      const ids = res.json.items.map((x) => x.id);
      assert.equal(ids.includes(fx.finDraft), r === 'admin', `${r}: the draft fixture listed?`);
      if (!['admin', 'reviewer', 'officer'].includes(r)) assert.ok(res.json.items.every((x) => x.status === 'active'), `${r}: only active products`);
    },
  },
  {
    name: 'export finance products (same visibility as the list)', route: 'GET /api/v1/finance-products/export', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/finance-products/export?format=jsonl' }),
    check: (r, res) => {
      const rows = res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.ok(rows.some((x) => x.id === fx.finActive), `${r}: the active fixture is not exported`);
      assert.equal(rows.some((x) => x.id === fx.finDraft), r === 'admin', `${r}: the draft fixture exported?`);
    },
  },
  {
    name: 'post a finance product for one\'s own org (only a 金融业 org may own one)', route: 'POST /api/v1/finance-products',
    expect: { anonymous: 401, officer: 422, admin: 422, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/finance-products', body: financeBody({ title: uniq('权限测试贷') }) }),
    check: async (r, res, rq) => {
      const l = await api(s.url, 'GET', `/api/v1/finance-products?q=${encodeURIComponent(rq.body.title)}`, { token: tok.admin });
      assert.equal(l.json.total, 0, `${r}: a refused create stored a product`);
    },
  },
  {
    name: 'post a finance product for 蜀汇银行 (成都; org_id given)', route: 'POST /api/v1/finance-products', expect: { officer: 201, admin: 201 },
    req: async () => (await fixtures(), { path: '/api/v1/finance-products', body: financeBody({ title: uniq('代发布贷'), org_id: org.shyh }) }),
    check: (r, res) => { assert.equal(res.json.org_id, org.shyh); assert.equal(res.json.status, 'draft'); },
  },
  { name: 'read an active finance product', route: 'GET /api/v1/finance-products/{id}', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/finance-products/${fx.finActive}` }) },
  {
    name: 'read a draft finance product', route: 'GET /api/v1/finance-products/{id}',
    expect: { admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/finance-products/${fx.finDraft}` }),
  },
  {
    name: 'edit a draft finance product', route: 'PATCH /api/v1/finance-products/{id}',
    expect: { anonymous: 401, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/finance-products/${fx.finDraft}`, body: { contact: uniq('028-') } }),
  },
  {
    name: 'edit an active finance product', route: 'PATCH /api/v1/finance-products/{id}',
    expect: { anonymous: 401, admin: 200, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/finance-products/${fx.finActive}`, body: { contact: uniq('028-') } }),
  },
  transition('finance-products', 'submit a fresh draft finance product', () => makeFinanceProduct(s.url, FIN(), 'draft').then((d) => d.id), 'submit',
    { anonymous: 401, admin: 403, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') }, 'submitted'),
  transition('finance-products', 'approve a fresh submitted finance product', () => makeFinanceProduct(s.url, FIN(), 'submitted').then((d) => d.id), 'approve',
    { anonymous: 401, reviewer: 200, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert') }, 'active'),
  transition('finance-products', 'return a fresh submitted finance product', () => makeFinanceProduct(s.url, FIN(), 'submitted').then((d) => d.id), 'return',
    { anonymous: 401, reviewer: 200, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert') }, 'draft'),
  transition('finance-products', 'close a fresh active finance product', () => makeFinanceProduct(s.url, FIN(), 'active').then((d) => d.id), 'close',
    { anonymous: 401, officer: 200, admin: 200, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') }, 'closed'),
  transition('finance-products', 'reopen a fresh closed finance product', () => makeFinanceProduct(s.url, FIN(), 'closed').then((d) => d.id), 'reopen',
    { anonymous: 401, admin: 200, reviewer: 403, officer: 403, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert') }, 'draft'),
  { name: 'history of an active finance product', route: 'GET /api/v1/finance-products/{id}/history', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/finance-products/${fx.finActive}/history` }) },
  {
    name: 'history of a draft finance product', route: 'GET /api/v1/finance-products/{id}/history',
    expect: { admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/finance-products/${fx.finDraft}/history` }),
  },
  // ---- 科技创新平台 platforms (issue 18: the registry; a kind served by the engine alone) ----
  {
    name: 'list platforms', route: 'GET /api/v1/platforms', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/platforms?limit=100&org=' + org.scu }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.ok(ids.includes(fx.plRecognized), `${r}: the recognized fixture is listed`);
      assert.equal(ids.includes(fx.plDraft), ['org_admin', 'researcher', 'admin'].includes(r), `${r}: the draft fixture listed?`);
    },
  },
  {
    name: 'export platforms (same visibility as the list)', route: 'GET /api/v1/platforms/export', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/platforms/export?format=jsonl&org=' + org.scu }),
    check: (r, res) => {
      const rows = res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.ok(rows.some((x) => x.id === fx.plRecognized), `${r}: the recognized fixture is not exported`);
      assert.equal(rows.some((x) => x.id === fx.plDraft), ['org_admin', 'researcher', 'admin'].includes(r), `${r}: the draft fixture exported?`);
    },
  },
  {
    name: 'register a platform for one\'s own org (its org_admin)', route: 'POST /api/v1/platforms',
    expect: { anonymous: 401, org_admin: 201, officer: 422, admin: 422, ...FORBID('researcher', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/platforms', body: platformBody({ title: uniq('权限测试平台') }) }),
    check: async (r, res, rq) => {
      const l = await api(s.url, 'GET', `/api/v1/platforms?q=${encodeURIComponent(rq.body.name)}`, { token: tok.admin });
      assert.equal(l.json.total, res.status === 201 ? 1 : 0, `${r}: stored?`);
    },
  },
  {
    name: 'register a platform for 四川大学 (成都; org_id given)', route: 'POST /api/v1/platforms', expect: { officer: 201, admin: 201 },
    req: async () => (await fixtures(), { path: '/api/v1/platforms', body: platformBody({ title: uniq('代登记平台'), org_id: org.scu }) }),
    check: (r, res) => { assert.equal(res.json.org_id, org.scu); assert.equal(res.json.status, 'draft'); },
  },
  { name: 'read a recognized platform', route: 'GET /api/v1/platforms/{id}', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/platforms/${fx.plRecognized}` }) },
  {
    name: 'read a draft platform', route: 'GET /api/v1/platforms/{id}',
    expect: { org_admin: 200, researcher: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/platforms/${fx.plDraft}` }),
  },
  {
    name: 'edit a draft platform', route: 'PATCH /api/v1/platforms/{id}',
    expect: { anonymous: 401, org_admin: 200, admin: 200, researcher: 403, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/platforms/${fx.plDraft}`, body: { contact: uniq('028-') } }),
  },
  {
    name: 'edit a recognized platform', route: 'PATCH /api/v1/platforms/{id}',
    expect: { anonymous: 401, org_admin: 409, admin: 200, ...FORBID('researcher', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/platforms/${fx.plRecognized}`, body: { contact: uniq('028-') } }),
  },
  transition('platforms', 'apply for recognition of a fresh draft platform', () => makePlatform(s.url, PL(), 'draft').then((d) => d.id), 'apply',
    { anonymous: 401, org_admin: 200, researcher: 403, admin: 403, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') }, 'candidate'),
  transition('platforms', 'recognize a fresh candidate platform', () => makePlatform(s.url, PL(), 'candidate').then((d) => d.id), 'recognize',
    { anonymous: 401, officer: 200, admin: 200, ...FORBID('org_admin', 'researcher', 'reviewer'), ...NO('enterprise', 'broker', 'expert') }, 'recognized'),
  transition('platforms', 'return a fresh candidate platform', () => makePlatform(s.url, PL(), 'candidate').then((d) => d.id), 'return',
    { anonymous: 401, officer: 200, admin: 200, ...FORBID('org_admin', 'researcher', 'reviewer'), ...NO('enterprise', 'broker', 'expert') }, 'draft'),
  transition('platforms', 'withdraw the application of a fresh candidate platform', () => makePlatform(s.url, PL(), 'candidate').then((d) => d.id), 'withdraw',
    { anonymous: 401, org_admin: 200, ...FORBID('researcher', 'reviewer', 'officer', 'admin'), ...NO('enterprise', 'broker', 'expert') }, 'draft'),
  transition('platforms', 'warn a fresh recognized platform', () => makePlatform(s.url, PL(), 'recognized').then((d) => d.id), 'warn',
    { anonymous: 401, officer: 200, admin: 200, ...FORBID('org_admin', 'researcher', 'enterprise', 'broker', 'expert', 'reviewer') }, 'warned'),
  transition('platforms', 'restore a fresh warned platform', () => makePlatform(s.url, PL(), 'warned').then((d) => d.id), 'restore',
    { anonymous: 401, officer: 200, admin: 200, ...FORBID('org_admin', 'researcher', 'enterprise', 'broker', 'expert', 'reviewer') }, 'recognized'),
  transition('platforms', 'delist a fresh recognized platform', () => makePlatform(s.url, PL(), 'recognized').then((d) => d.id), 'delist',
    { anonymous: 401, officer: 200, admin: 200, ...FORBID('org_admin', 'researcher', 'enterprise', 'broker', 'expert', 'reviewer') }, 'delisted'),
  { name: 'history of a recognized platform', route: 'GET /api/v1/platforms/{id}/history', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/platforms/${fx.plRecognized}/history` }) },
  {
    name: 'history of a draft platform', route: 'GET /api/v1/platforms/{id}/history',
    expect: { org_admin: 200, researcher: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/platforms/${fx.plDraft}/history` }),
  },
  // ---- 技术合同登记 contracts (issue 16): never public; the seller's members (researcher,
  // org_admin, enterprise users) enter and submit; the registrar (reviewer, officer in region,
  // admin) registers, refuses or returns; fixtures are contracts of 四川大学 (成都市武侯区) ----
  {
    name: 'list contracts', route: 'GET /api/v1/contracts', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/contracts?limit=100' }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      const seesSubmitted = ['researcher', 'org_admin', 'reviewer', 'officer', 'admin'].includes(r);
      assert.equal(ids.includes(fx.ctSub), seesSubmitted, `${r}: the submitted fixture listed?`);
      assert.equal(ids.includes(fx.ctReg), seesSubmitted, `${r}: the registered fixture listed?`);
      assert.equal(ids.includes(fx.ctDraft), ['researcher', 'org_admin', 'admin'].includes(r), `${r}: the draft fixture listed?`);
      if (r === 'anonymous') assert.equal(res.json.total, 0, 'contracts are not public');
    },
  },
  {
    name: 'export contracts (same visibility as the list)', route: 'GET /api/v1/contracts/export', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/contracts/export?format=jsonl' }),
    check: (r, res) => {
      const rows = res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.equal(rows.some((x) => x.id === fx.ctSub), ['researcher', 'org_admin', 'reviewer', 'officer', 'admin'].includes(r), `${r}: the submitted fixture exported?`);
      assert.equal(rows.some((x) => x.id === fx.ctDraft), ['researcher', 'org_admin', 'admin'].includes(r), `${r}: the draft fixture exported?`);
    },
  },
  {
    name: 'post a contract for one\'s own org (the seller)', route: 'POST /api/v1/contracts',
    expect: { anonymous: 401, researcher: 201, org_admin: 201, enterprise: 201, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/contracts', body: contractBody({ title: uniq('权限测试合同') }) }),
    check: async (r, res, rq) => {
      const l = await api(s.url, 'GET', `/api/v1/contracts?q=${encodeURIComponent(rq.body.title)}`, { token: tok.admin });
      assert.equal(l.json.total, res.status === 201 ? 1 : 0, `${r}: stored?`);
      if (res.status === 201) assert.equal(res.json.org_id, me[r].org_id, `${r}: the seller is the poster's org`);
    },
  },
  {
    name: 'post a contract for 四川大学 (成都; org_id given)', route: 'POST /api/v1/contracts', expect: { officer: 201, admin: 201 },
    req: async () => (await fixtures(), { path: '/api/v1/contracts', body: contractBody({ title: uniq('代登记合同'), org_id: org.scu }) }),
    check: (r, res) => { assert.equal(res.json.org_id, org.scu); assert.equal(res.json.status, 'draft'); },
  },
  {
    name: 'read a submitted contract', route: 'GET /api/v1/contracts/{id}',
    expect: { researcher: 200, org_admin: 200, reviewer: 200, officer: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/contracts/${fx.ctSub}` }),
  },
  {
    name: 'read a draft contract', route: 'GET /api/v1/contracts/{id}',
    expect: { researcher: 200, org_admin: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/contracts/${fx.ctDraft}` }),
  },
  {
    name: 'edit a draft contract', route: 'PATCH /api/v1/contracts/{id}',
    expect: { anonymous: 401, researcher: 200, org_admin: 200, admin: 200, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/contracts/${fx.ctDraft}`, body: { title: uniq('改名合同') } }),
  },
  {
    name: 'edit a registered contract (the registry\'s record: nobody)', route: 'PATCH /api/v1/contracts/{id}',
    expect: { anonymous: 401, researcher: 409, org_admin: 409, admin: 409, reviewer: 403, officer: 403, ...NO('enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/contracts/${fx.ctReg}`, body: { title: uniq('改名合同') } }),
  },
  transition('contracts', 'submit a fresh draft contract', () => makeContract(s.url, SCU(), 'draft').then((d) => d.id), 'submit',
    { anonymous: 401, researcher: 200, org_admin: 200, admin: 403, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') }, 'submitted'),
  transition('contracts', 'register a fresh submitted contract', () => makeContract(s.url, SCU(), 'submitted').then((d) => d.id), 'register',
    { anonymous: 401, reviewer: 200, officer: 200, admin: 200, researcher: 403, org_admin: 403, ...NO('enterprise', 'broker', 'expert') }, 'registered', contractStep('register')),
  transition('contracts', 'refuse (未予登记) a fresh submitted contract', () => makeContract(s.url, SCU(), 'submitted').then((d) => d.id), 'refuse',
    { anonymous: 401, reviewer: 200, officer: 200, admin: 200, researcher: 403, org_admin: 403, ...NO('enterprise', 'broker', 'expert') }, 'not_registered', contractStep('refuse')),
  transition('contracts', 'return a fresh submitted contract', () => makeContract(s.url, SCU(), 'submitted').then((d) => d.id), 'return',
    { anonymous: 401, reviewer: 200, officer: 200, admin: 200, researcher: 403, org_admin: 403, ...NO('enterprise', 'broker', 'expert') }, 'returned', contractStep('return')),
  {
    name: 'history of a submitted contract', route: 'GET /api/v1/contracts/{id}/history',
    expect: { researcher: 200, org_admin: 200, reviewer: 200, officer: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/contracts/${fx.ctSub}/history` }),
  },
  // ---- 揭榜挂帅 challenges (issue 15 item 4): 成都市科学技术局's challenges (its officer issues and
  // steps them; region 成都市武侯区), public from 发榜 on; applications of 四川大学 (researcher,
  // org_admin) to them, read by the issuer (a party) and the region's officer, reviewers and
  // admins; the milestones of 四川大学 as the winner of an awarded challenge ----
  {
    name: 'list challenges', route: 'GET /api/v1/challenges', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/challenges?limit=100&org=${org.cdkj}` }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.ok(ids.includes(fx.chPub), `${r}: a published challenge is public`);
      assert.equal(ids.includes(fx.chSub), ['reviewer', 'officer', 'admin'].includes(r), `${r}: the submitted fixture listed?`);
      assert.equal(ids.includes(fx.chDraft), ['officer', 'admin'].includes(r), `${r}: the draft fixture listed?`);
    },
  },
  {
    name: 'export challenges (same visibility as the list)', route: 'GET /api/v1/challenges/export', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/challenges/export?format=jsonl&org=${org.cdkj}` }),
    check: (r, res) => {
      const rows = res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.equal(rows.some((x) => x.id === fx.chSub), ['reviewer', 'officer', 'admin'].includes(r), `${r}: the submitted fixture exported?`);
      assert.ok(rows.some((x) => x.id === fx.chPub), `${r}: the published fixture exported`);
    },
  },
  {
    name: 'post a challenge for one\'s own org (the issuer)', route: 'POST /api/v1/challenges',
    // an officer issues for its own bureau (政府发榜); an admin names the org
    expect: { anonymous: 401, org_admin: 201, enterprise: 201, officer: 201, admin: 422, ...FORBID('researcher', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/challenges', body: challengeBody({ title: uniq('权限测试榜单') }) }),
    check: async (r, res, rq) => {
      const l = await api(s.url, 'GET', `/api/v1/challenges?q=${encodeURIComponent(rq.body.title)}`, { token: tok.admin });
      assert.equal(l.json.total, res.status === 201 ? 1 : 0, `${r}: stored?`);
      if (res.status === 201) assert.equal(res.json.org_id, me[r].org_id, `${r}: the issuer is the poster's org`);
    },
  },
  {
    name: 'post a challenge for 成都市科学技术局 (org_id given)', route: 'POST /api/v1/challenges', expect: { officer: 201, admin: 201 },
    req: async () => (await fixtures(), { path: '/api/v1/challenges', body: challengeBody({ title: uniq('政府发榜'), org_id: org.cdkj }) }),
    check: (r, res) => { assert.equal(res.json.org_id, org.cdkj); assert.equal(res.json.status, 'draft'); },
  },
  { name: 'read a published challenge', route: 'GET /api/v1/challenges/{id}', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.chPub}` }) },
  {
    name: 'read a draft challenge', route: 'GET /api/v1/challenges/{id}',
    expect: { officer: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.chDraft}` }),
  },
  {
    name: 'edit a draft challenge', route: 'PATCH /api/v1/challenges/{id}',
    expect: { anonymous: 401, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.chDraft}`, body: { contact: uniq('028-') } }),
  },
  {
    name: 'edit a published challenge (only an admin corrects it)', route: 'PATCH /api/v1/challenges/{id}',
    expect: { anonymous: 401, officer: 409, admin: 200, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.chPub}`, body: { contact: uniq('028-') } }),
  },
  transition('challenges', 'submit a fresh draft challenge', () => makeChallenge(s.url, tok.officer, org.cdkj, 'draft').then((d) => d.id), 'submit',
    { anonymous: 401, officer: 200, admin: 403, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') }, 'submitted'),
  transition('challenges', 'screen (初筛) a fresh submitted challenge', () => makeChallenge(s.url, tok.officer, org.cdkj, 'submitted').then((d) => d.id), 'screen',
    { anonymous: 401, officer: 200, admin: 200, reviewer: 403, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert') }, 'screening'),
  transition('challenges', 'close a fresh published challenge', () => makeChallenge(s.url, tok.officer, org.cdkj, 'published').then((d) => d.id), 'close',
    { anonymous: 401, officer: 200, admin: 200, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') }, 'closed'),
  { name: 'history of a published challenge', route: 'GET /api/v1/challenges/{id}/history', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.chPub}/history` }) },
  {
    name: 'history of a draft challenge', route: 'GET /api/v1/challenges/{id}/history',
    expect: { officer: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.chDraft}/history` }),
  },
  {
    name: 'the applications to a published challenge', route: 'GET /api/v1/challenges/{id}/applications', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.chPub}/applications` }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.equal(ids.includes(fx.appSub), DETAIL_ROLES.includes(r), `${r}: the submitted application listed?`);
      assert.equal(ids.includes(fx.appDraft), ['researcher', 'org_admin', 'admin'].includes(r), `${r}: the draft application listed?`);
    },
  },
  {
    name: 'the applications to a draft challenge', route: 'GET /api/v1/challenges/{id}/applications',
    expect: { officer: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.chDraft}/applications` }),
  },
  {
    name: 'apply (揭榜) to a published challenge for one\'s own org', route: 'POST /api/v1/challenges/{id}/applications',
    expect: { anonymous: 401, researcher: 201, org_admin: 201, enterprise: 201, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.chPub}/applications`, body: challengeAppBody({ title: uniq('权限测试揭榜') }) }),
    check: async (r, res, rq) => {
      const l = await api(s.url, 'GET', `/api/v1/challenge-applications?q=${encodeURIComponent(rq.body.title)}`, { token: tok.admin });
      assert.equal(l.json.total, res.status === 201 ? 1 : 0, `${r}: stored?`);
      if (res.status === 201) assert.equal(res.json.challenge_id, fx.chPub);
    },
  },
  {
    name: 'list challenge applications', route: 'GET /api/v1/challenge-applications', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/challenge-applications?challenge_id=${fx.chPub}` }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.equal(ids.includes(fx.appSub), DETAIL_ROLES.includes(r), `${r}: the submitted application listed?`);
      if (r === 'anonymous') assert.equal(res.json.total, 0, 'applications are not public');
    },
  },
  {
    name: 'export challenge applications (same visibility as the list)', route: 'GET /api/v1/challenge-applications/export', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/challenge-applications/export?format=jsonl&challenge_id=${fx.chPub}` }),
    check: (r, res) => {
      const rows = res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.equal(rows.some((x) => x.id === fx.appSub), DETAIL_ROLES.includes(r), `${r}: the submitted application exported?`);
    },
  },
  {
    name: 'apply (揭榜) naming the challenge in the body', route: 'POST /api/v1/challenge-applications',
    expect: { anonymous: 401, researcher: 201, org_admin: 201, enterprise: 201, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/challenge-applications', body: challengeAppBody({ title: uniq('权限测试揭榜'), challenge_id: fx.chPub }) }),
  },
  {
    name: 'read a submitted application', route: 'GET /api/v1/challenge-applications/{id}',
    expect: { researcher: 200, org_admin: 200, reviewer: 200, officer: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/challenge-applications/${fx.appSub}` }),
  },
  {
    name: 'edit a draft application', route: 'PATCH /api/v1/challenge-applications/{id}',
    expect: { anonymous: 401, researcher: 200, org_admin: 200, admin: 200, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/challenge-applications/${fx.appDraft}`, body: { title: uniq('改名方案') } }),
  },
  transition('challenge-applications', 'submit a fresh draft application', () => makeChallengeApp(s.url, tok.researcher, fx.chPub, 'draft').then((d) => d.id), 'submit',
    { anonymous: 401, researcher: 200, org_admin: 200, admin: 403, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') }, 'submitted'),
  transition('challenge-applications', 'decline (未中榜) a fresh submitted application', () => makeChallengeApp(s.url, tok.researcher, fx.chPub).then((d) => d.id), 'lose',
    { anonymous: 401, officer: 200, admin: 200, ...FORBID('researcher', 'org_admin', 'reviewer'), ...NO('enterprise', 'broker', 'expert') }, 'lost', challengeAppStep('lose')),
  {
    name: 'history of a submitted application', route: 'GET /api/v1/challenge-applications/{id}/history',
    expect: { researcher: 200, org_admin: 200, reviewer: 200, officer: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/challenge-applications/${fx.appSub}/history` }),
  },
  {
    name: 'the milestones of an awarded challenge', route: 'GET /api/v1/challenges/{id}/milestones', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.chAward}/milestones` }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.equal(ids.includes(fx.msPlanned), DETAIL_ROLES.includes(r), `${r}: the planned milestone listed?`);
    },
  },
  {
    name: 'plan a milestone of an awarded challenge (the winner\'s members)', route: 'POST /api/v1/challenges/{id}/milestones',
    expect: { anonymous: 401, researcher: 201, org_admin: 201, enterprise: 409, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.chAward}/milestones`, body: milestoneBody({ title: uniq('权限测试里程碑') }) }),
  },
  {
    name: 'list milestones', route: 'GET /api/v1/challenge-milestones', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/challenge-milestones?challenge_id=${fx.chAward}` }),
    check: (r, res) => assert.equal(res.json.items.some((x) => x.id === fx.msPlanned), DETAIL_ROLES.includes(r), `${r}: the planned milestone listed?`),
  },
  {
    name: 'export milestones (same visibility as the list)', route: 'GET /api/v1/challenge-milestones/export', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/challenge-milestones/export?format=jsonl&challenge_id=${fx.chAward}` }),
  },
  {
    name: 'plan a milestone naming the challenge in the body', route: 'POST /api/v1/challenge-milestones',
    expect: { anonymous: 401, researcher: 201, org_admin: 201, enterprise: 409, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/challenge-milestones', body: milestoneBody({ title: uniq('权限测试里程碑'), challenge_id: fx.chAward }) }),
  },
  {
    name: 'read a planned milestone', route: 'GET /api/v1/challenge-milestones/{id}',
    expect: { researcher: 200, org_admin: 200, reviewer: 200, officer: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/challenge-milestones/${fx.msPlanned}` }),
  },
  {
    name: 'edit a draft milestone', route: 'PATCH /api/v1/challenge-milestones/{id}',
    expect: { anonymous: 401, researcher: 200, org_admin: 200, admin: 200, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/challenge-milestones/${fx.msDraft}`, body: { deliverables: uniq('阶段成果 ') } }),
  },
  transition('challenge-milestones', 'report on a fresh planned milestone', () => makeMilestone('planned').then((d) => d.id), 'report',
    { anonymous: 401, researcher: 200, org_admin: 200, ...FORBID('admin', 'reviewer', 'officer'), ...NO('enterprise', 'broker', 'expert') }, 'reported', milestoneStep('report')),
  transition('challenge-milestones', 'pass (中期检查, 拨付) a fresh reported milestone', () => makeMilestone('reported').then((d) => d.id), 'pass',
    { anonymous: 401, officer: 200, admin: 200, ...FORBID('researcher', 'org_admin', 'reviewer'), ...NO('enterprise', 'broker', 'expert') }, 'passed', milestoneStep('pass')),
  {
    name: 'history of a planned milestone', route: 'GET /api/v1/challenge-milestones/{id}/history',
    expect: { researcher: 200, org_admin: 200, reviewer: 200, officer: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/challenge-milestones/${fx.msPlanned}/history` }),
  },
  // ---- 撮合 deals (issue 15 item 2): the broker (天府技术转移服务中心) between 宜宾锂能's published
  // demand and 四川大学's published achievement — both sides are its parties (past draft: read,
  // negotiate, sign, decline); never public; 宜宾 is outside 成都's officer's region ----
  {
    name: 'list deals', route: 'GET /api/v1/deals', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/deals?demand_id=${fx.demPub}&limit=100` }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.equal(ids.includes(fx.dealRec), DEAL_READERS.includes(r), `${r}: the recommended deal listed?`);
      assert.equal(ids.includes(fx.dealDraft), ['broker', 'admin'].includes(r), `${r}: the draft deal listed?`);
    },
  },
  {
    name: 'export deals (same visibility as the list)', route: 'GET /api/v1/deals/export', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/deals/export?format=jsonl&demand_id=${fx.demPub}` }),
    check: (r, res) => {
      const rows = res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.equal(rows.some((x) => x.id === fx.dealRec), DEAL_READERS.includes(r), `${r}: the recommended deal exported?`);
    },
  },
  {
    name: 'open a deal (牵线) between a published demand and a published achievement', route: 'POST /api/v1/deals',
    expect: { anonymous: 401, broker: 201, officer: 422, admin: 422, ...FORBID('researcher', 'org_admin', 'enterprise', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/deals', body: { demand_id: fx.demPub, achievement_id: await freshAchievement(), note: uniq('权限测试牵线') } }),
    check: (r, res) => { if (res.status === 201) assert.equal(res.json.status, 'draft'); },
  },
  {
    name: 'the deals of a published demand', route: 'GET /api/v1/demands/{id}/deals', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/demands/${fx.demPub}/deals` }),
    check: (r, res) => assert.equal(res.json.items.some((x) => x.id === fx.dealRec), DEAL_READERS.includes(r), `${r}: the recommended deal listed?`),
  },
  {
    name: 'open a deal under the demand', route: 'POST /api/v1/demands/{id}/deals',
    expect: { anonymous: 401, broker: 201, officer: 422, admin: 422, ...FORBID('researcher', 'org_admin', 'enterprise', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/demands/${fx.demPub}/deals`, body: { achievement_id: await freshAchievement(), note: uniq('权限测试牵线') } }),
  },
  {
    name: 'read a recommended deal', route: 'GET /api/v1/deals/{id}',
    expect: { ...Object.fromEntries(DEAL_READERS.map((x) => [x, 200])), ...NO('anonymous', 'expert', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/deals/${fx.dealRec}` }),
  },
  {
    name: 'read a draft deal', route: 'GET /api/v1/deals/{id}',
    expect: { broker: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'enterprise', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/deals/${fx.dealDraft}` }),
  },
  {
    name: 'edit a draft deal', route: 'PATCH /api/v1/deals/{id}',
    expect: { anonymous: 401, broker: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/deals/${fx.dealDraft}`, body: { note: uniq('推荐理由 ') } }),
  },
  transition('deals', 'recommend a fresh draft deal', () => makeDeal('draft'), 'recommend',
    { anonymous: 401, broker: 200, admin: 403, ...NO('researcher', 'org_admin', 'enterprise', 'expert', 'reviewer', 'officer') }, 'recommended'),
  transition('deals', 'decline a fresh recommended deal (a side for itself, the broker naming the side)', () => makeDeal('recommended'), 'decline',
    { anonymous: 401, broker: 200, enterprise: 200, researcher: 200, org_admin: 200, ...FORBID('admin', 'reviewer'), ...NO('expert', 'officer') }, 'declined', { decline_code: 'price', decline_side: 'buyer' }),
  {
    name: 'history of a recommended deal', route: 'GET /api/v1/deals/{id}/history',
    expect: { ...Object.fromEntries(DEAL_READERS.map((x) => [x, 200])), ...NO('anonymous', 'expert', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/deals/${fx.dealRec}/history` }),
  },
  {
    name: 'the events of a recommended deal', route: 'GET /api/v1/deals/{id}/events',
    expect: { ...Object.fromEntries(DEAL_READERS.map((x) => [x, 200])), ...NO('anonymous', 'expert', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/deals/${fx.dealRec}/events` }),
    check: (r, res) => { if (res.status === 200) assert.ok(res.json.items.some((x) => x.id === fx.eventLogged), `${r}: the logged event listed`); },
  },
  {
    name: 'log an event of a deal (its broker or a side)', route: 'POST /api/v1/deals/{id}/events',
    expect: { anonymous: 401, broker: 201, enterprise: 201, researcher: 201, org_admin: 201, officer: 422, admin: 422, ...FORBID('expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/deals/${fx.dealRec}/events`, body: { kind: 'call', at: TODAY, note: uniq('电话沟通 ') } }),
  },
  {
    // (a deal the actor may not read: 404, as under the deal's own path)
    name: 'list the events of a deal', route: 'GET /api/v1/deal-events',
    expect: { ...Object.fromEntries(DEAL_READERS.map((x) => [x, 200])), ...NO('anonymous', 'expert', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/deal-events?deal_id=${fx.dealRec}` }),
    check: (r, res) => { if (res.status === 200) assert.ok(res.json.items.some((x) => x.id === fx.eventLogged), r); },
  },
  {
    name: 'list deal events (all one may see)', route: 'GET /api/v1/deal-events', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/deal-events?limit=100' }),
    check: (r, res) => assert.equal(res.json.items.some((x) => x.id === fx.eventLogged), DEAL_READERS.includes(r), `${r}: the logged event listed?`),
  },
  {
    name: 'export deal events', route: 'GET /api/v1/deal-events/export', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/deal-events/export?format=jsonl' }),
  },
  {
    name: 'log an event naming the deal in the body', route: 'POST /api/v1/deal-events',
    expect: { anonymous: 401, broker: 201, enterprise: 201, researcher: 201, org_admin: 201, officer: 422, admin: 422, ...FORBID('expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/deal-events', body: { deal_id: fx.dealRec, kind: 'visit', at: TODAY, note: uniq('上门走访 ') } }),
  },
  {
    name: 'read a logged event', route: 'GET /api/v1/deal-events/{id}',
    expect: { ...Object.fromEntries(DEAL_READERS.map((x) => [x, 200])), ...NO('anonymous', 'expert', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/deal-events/${fx.eventLogged}` }),
  },
  {
    name: 'edit a draft event (the broker\'s)', route: 'PATCH /api/v1/deal-events/{id}',
    expect: { anonymous: 401, broker: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/deal-events/${fx.eventDraft}`, body: { note: uniq('改记录 ') } }),
  },
  transition('deal-events', 'log a fresh draft event', () => makeEvent().then((d) => d.id), 'log',
    { anonymous: 401, broker: 200, admin: 403, ...NO('researcher', 'org_admin', 'enterprise', 'expert', 'reviewer', 'officer') }, 'logged'),
  {
    name: 'history of a logged event', route: 'GET /api/v1/deal-events/{id}/history',
    expect: { ...Object.fromEntries(DEAL_READERS.map((x) => [x, 200])), ...NO('anonymous', 'expert', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/deal-events/${fx.eventLogged}/history` }),
  },
  // ---- 政策兑现 policies (issue 17): 成都市科学技术局's (its officer drafts and enacts), public in force;
  // evaluate reads the subject as the caller may (四川大学's registered contract) ----
  {
    name: 'list policies', route: 'GET /api/v1/policies', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/policies?org=${org.cdkj}&limit=100` }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.ok(ids.includes(fx.polInForce), `${r}: a policy in force is public`);
      assert.equal(ids.includes(fx.polDraft), ['officer', 'admin'].includes(r), `${r}: the draft listed?`);
    },
  },
  {
    name: 'export policies', route: 'GET /api/v1/policies/export', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/policies/export?format=jsonl&org=${org.cdkj}` }),
  },
  {
    name: 'draft a policy for one\'s own org (a bureau only)', route: 'POST /api/v1/policies',
    // (a university's admin: only orgs of 公共管理 — the bureaus — issue policies)
    expect: { anonymous: 401, officer: 201, admin: 422, ...FORBID('org_admin', 'researcher', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/policies', body: policyBody({ title: uniq('权限测试政策') }) }),
  },
  {
    name: 'draft a policy for 成都市科学技术局 (org_id given)', route: 'POST /api/v1/policies', expect: { officer: 201, admin: 201 },
    req: async () => (await fixtures(), { path: '/api/v1/policies', body: policyBody({ title: uniq('代发政策'), org_id: org.cdkj }) }),
  },
  { name: 'read a policy in force', route: 'GET /api/v1/policies/{id}', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/policies/${fx.polInForce}` }) },
  {
    name: 'read a draft policy', route: 'GET /api/v1/policies/{id}',
    expect: { officer: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/policies/${fx.polDraft}` }),
  },
  {
    name: 'edit a draft policy', route: 'PATCH /api/v1/policies/{id}',
    expect: { anonymous: 401, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/policies/${fx.polDraft}`, body: { summary: uniq('政策内容修改说明 ') } }),
  },
  {
    name: 'edit a policy in force (nobody: retire and supersede it)', route: 'PATCH /api/v1/policies/{id}',
    expect: { anonymous: 401, officer: 409, admin: 409, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/policies/${fx.polInForce}`, body: { summary: uniq('政策内容修改说明 ') } }),
  },
  transition('policies', 'enact a fresh draft policy', () => makePolicy(false), 'enact',
    { anonymous: 401, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') }, 'in_force'),
  { name: 'history of a policy in force', route: 'GET /api/v1/policies/{id}/history', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/policies/${fx.polInForce}/history` }) },
  {
    name: 'evaluate a policy against a registered contract (who may read the contract)', route: 'POST /api/v1/policies/{id}/evaluate',
    expect: { anonymous: 404, researcher: 200, org_admin: 200, reviewer: 200, officer: 200, admin: 200, ...NO('enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/policies/${fx.polInForce}/evaluate`, body: { subject_id: fx.ctReg } }),
    check: (r, res) => { if (res.status === 200) assert.equal(typeof res.json.eligible, 'boolean', r); },
  },
  // ---- 政策兑现 applications (issue 17 item 3): 四川大学's (its org admin applies) for a policy of
  // 成都市科学技术局 over orgs; never public; reviewers, 成都's officers (the policy's region) and
  // the issuer read them once submitted ----
  {
    name: 'the applications to a policy in force', route: 'GET /api/v1/policies/{id}/applications', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/policies/${fx.polOrgSub}/applications` }),
    check: (r, res) => {
      assert.equal(res.json.items.map((x) => x.id).includes(fx.paSub), DETAIL_ROLES.includes(r), `${r}: the submitted application listed?`);
    },
  },
  {
    name: 'the applications to a draft policy', route: 'GET /api/v1/policies/{id}/applications',
    expect: { officer: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/policies/${fx.polDraft}/applications` }),
  },
  {
    name: 'apply for a policy on one\'s own org', route: 'POST /api/v1/policies/{id}/applications',
    // (宜宾锂能 names 四川大学: not its own subject; officers and admins must name the org)
    expect: { anonymous: 401, org_admin: 201, enterprise: 422, officer: 422, admin: 422, ...FORBID('researcher', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/policies/${fx.polOrg}/applications`, body: { subject_id: org.scu, statement: uniq('申请说明 ') } }),
    check: async (r, res, rq) => {
      const l = await api(s.url, 'GET', `/api/v1/policy-applications?policy_id=${fx.polOrg}&limit=100`, { token: tok.admin });
      assert.equal(l.json.items.filter((x) => x.id === res.json?.id).length, res.status === 201 ? 1 : 0, `${r}: stored?`);
      if (res.status === 201) assert.equal(res.json.policy_id, fx.polOrg, rq.path);
    },
  },
  {
    name: 'list policy applications', route: 'GET /api/v1/policy-applications', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/policy-applications?policy_id=${fx.polOrgSub}` }),
    check: (r, res) => {
      assert.equal(res.json.items.map((x) => x.id).includes(fx.paSub), DETAIL_ROLES.includes(r), `${r}: the submitted application listed?`);
      if (r === 'anonymous') assert.equal(res.json.total, 0, 'applications are not public');
    },
  },
  {
    name: 'export policy applications (same visibility as the list)', route: 'GET /api/v1/policy-applications/export', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/policy-applications/export?format=jsonl&policy_id=${fx.polOrgSub}` }),
    check: (r, res) => {
      const rows = res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.equal(rows.some((x) => x.id === fx.paSub), DETAIL_ROLES.includes(r), `${r}: the submitted application exported?`);
    },
  },
  {
    name: 'apply naming the policy in the body', route: 'POST /api/v1/policy-applications',
    expect: { anonymous: 401, org_admin: 201, enterprise: 422, officer: 422, admin: 422, ...FORBID('researcher', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/policy-applications', body: { policy_id: fx.polOrg, subject_id: org.scu } }),
  },
  {
    name: 'read a submitted policy application', route: 'GET /api/v1/policy-applications/{id}',
    expect: { researcher: 200, org_admin: 200, reviewer: 200, officer: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/policy-applications/${fx.paSub}` }),
  },
  {
    name: 'edit a draft policy application (the applicant\'s org admin)', route: 'PATCH /api/v1/policy-applications/{id}',
    expect: { anonymous: 401, org_admin: 200, admin: 200, researcher: 403, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/policy-applications/${fx.paDraft}`, body: { statement: uniq('申请说明修改 ') } }),
  },
  transition('policy-applications', 'submit a fresh draft application (a policy of its own each)', () => makeOrgPolicy().then((p) => makePolicyApp(p)).then((d) => d.id), 'submit',
    { anonymous: 401, org_admin: 200, researcher: 403, admin: 403, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') }, 'submitted'),
  transition('policy-applications', 'accept (受理) a fresh submitted application', () => makeOrgPolicy().then((p) => makePolicyApp(p, 'submitted')).then((d) => d.id), 'accept',
    { anonymous: 401, reviewer: 200, officer: 200, admin: 200, ...FORBID('researcher', 'org_admin'), ...NO('enterprise', 'broker', 'expert') }, 'reviewing'),
  {
    name: 'history of a submitted policy application', route: 'GET /api/v1/policy-applications/{id}/history',
    expect: { researcher: 200, org_admin: 200, reviewer: 200, officer: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/policy-applications/${fx.paSub}/history` }),
  },
  {
    name: '政策找企业: the policies 四川大学 qualifies for (its members, 成都\'s officers, admins)', route: 'GET /api/v1/orgs/{id}/eligible-policies',
    expect: { anonymous: 401, researcher: 200, org_admin: 200, officer: 200, admin: 200, ...FORBID('enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/orgs/${org.scu}/eligible-policies` }),
    check: (r, res) => {
      if (res.status === 200) assert.ok(res.json.eligible.some((x) => x.policy_id === fx.polOrg && x.subject_id === org.scu), `${r}: the policy over orgs`);
    },
  },
  {
    name: '政策找企业: the orgs a policy over orgs grants (成都\'s officers, the issuer, admins)', route: 'GET /api/v1/policies/{id}/eligible-orgs',
    expect: { anonymous: 401, officer: 200, admin: 200, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/policies/${fx.polOrg}/eligible-orgs?limit=5` }),
  },
  // ---- shared instruments (issue 17 item 5): 四川大学's instrument (its researcher), public once open;
  // 宜宾锂能's bookings of it (the university is their party) ----
  {
    name: 'list resources', route: 'GET /api/v1/resources', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/resources?org=${org.scu}&limit=100` }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.ok(ids.includes(fx.resOpen), `${r}: an open resource is public`);
      assert.equal(ids.includes(fx.resDraft), ['researcher', 'org_admin', 'admin'].includes(r), `${r}: the draft listed?`);
    },
  },
  { name: 'export resources', route: 'GET /api/v1/resources/export', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/resources/export?format=jsonl&org=${org.scu}` }) },
  {
    name: 'register a resource of one\'s own org', route: 'POST /api/v1/resources',
    expect: { anonymous: 401, researcher: 201, org_admin: 201, enterprise: 201, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/resources', body: { title: uniq('权限测试仪器'), kind: 'pilot_line', summary: '锂电池极片涂布中试线，幅宽 600 mm。', region: '510107', industry: '3841', location: '中试基地 2 号厂房', services: [{ name: '涂布中试', unit: 'batch', price_fen: 5000000 }], open_days: ['mon'], open_from: '08:00', open_to: '18:00' } }),
  },
  { name: 'read an open resource', route: 'GET /api/v1/resources/{id}', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/resources/${fx.resOpen}` }) },
  {
    name: 'read a draft resource', route: 'GET /api/v1/resources/{id}',
    expect: { researcher: 200, org_admin: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/resources/${fx.resDraft}` }),
  },
  {
    name: 'edit a draft resource', route: 'PATCH /api/v1/resources/{id}',
    expect: { anonymous: 401, researcher: 200, org_admin: 200, admin: 200, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/resources/${fx.resDraft}`, body: { contact: uniq('王老师 ') } }),
  },
  transition('resources', 'submit a fresh draft resource', () => makeResource('draft').then((d) => d.id), 'submit',
    { anonymous: 401, researcher: 200, org_admin: 200, admin: 403, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') }, 'submitted'),
  { name: 'history of an open resource', route: 'GET /api/v1/resources/{id}/history', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/resources/${fx.resOpen}/history` }) },
  {
    name: 'utilisation of an open resource', route: 'GET /api/v1/resources/{id}/utilisation', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/resources/${fx.resOpen}/utilisation` }),
    check: (r, res) => assert.equal(res.json.open_minutes, 7 * 24 * 60, r),
  },
  {
    name: 'the bookings of an open resource', route: 'GET /api/v1/resources/{id}/bookings', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/resources/${fx.resOpen}/bookings?limit=100` }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.equal(ids.includes(fx.bkReq), BOOKING_READERS.includes(r), `${r}: the requested booking listed?`);
      assert.equal(ids.includes(fx.bkDraft), ['enterprise', 'admin'].includes(r), `${r}: the draft listed?`);
    },
  },
  {
    name: 'book an open resource for one\'s own org', route: 'POST /api/v1/resources/{id}/bookings',
    // (四川大学's members: their own instrument; officers and admins must name the org)
    expect: { anonymous: 401, enterprise: 201, researcher: 409, org_admin: 409, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/resources/${fx.resOpen}/bookings`, body: bookingBody() }),
  },
  {
    name: 'list bookings', route: 'GET /api/v1/bookings', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/bookings?resource_id=${fx.resOpen}&limit=100` }),
    check: (r, res) => assert.equal(res.json.items.map((x) => x.id).includes(fx.bkReq), BOOKING_READERS.includes(r), `${r}: listed?`),
  },
  { name: 'export bookings', route: 'GET /api/v1/bookings/export', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/bookings/export?format=jsonl&resource_id=${fx.resOpen}` }) },
  {
    name: 'book naming the resource in the body', route: 'POST /api/v1/bookings',
    expect: { anonymous: 401, enterprise: 201, researcher: 409, org_admin: 409, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/bookings', body: bookingBody({ resource_id: fx.resOpen }) }),
  },
  {
    name: 'read a requested booking', route: 'GET /api/v1/bookings/{id}',
    expect: { ...Object.fromEntries(BOOKING_READERS.map((x) => [x, 200])), ...NO('anonymous', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/bookings/${fx.bkReq}` }),
  },
  {
    name: 'edit a draft booking', route: 'PATCH /api/v1/bookings/{id}',
    expect: { anonymous: 401, enterprise: 200, admin: 200, ...NO('researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/bookings/${fx.bkDraft}`, body: { purpose: uniq('正极材料截面观察 ') } }),
  },
  transition('bookings', 'approve a fresh requested booking (the instrument\'s org)', () => makeBooking('requested').then((d) => d.id), 'approve',
    { anonymous: 401, researcher: 200, org_admin: 200, admin: 200, ...FORBID('enterprise', 'reviewer', 'officer'), ...NO('broker', 'expert') }, 'approved'),
  {
    name: 'history of a requested booking', route: 'GET /api/v1/bookings/{id}/history',
    expect: { ...Object.fromEntries(BOOKING_READERS.map((x) => [x, 200])), ...NO('anonymous', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/bookings/${fx.bkReq}/history` }),
  },
  // ---- 创新券 (issue 17 item 5): 成都市科学技术局's (its officer), to 宜宾锂能 (the holder, a party); never public ----
  {
    name: 'list vouchers', route: 'GET /api/v1/vouchers', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/vouchers?org=${org.cdkj}&limit=100` }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.equal(ids.includes(fx.vcIssued), ['enterprise', 'reviewer', 'officer', 'admin'].includes(r), `${r}: the issued voucher listed?`);
      assert.equal(ids.includes(fx.vcDraft), ['officer', 'admin'].includes(r), `${r}: the draft listed?`);
    },
  },
  { name: 'export vouchers', route: 'GET /api/v1/vouchers/export', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/vouchers/export?format=jsonl&org=${org.cdkj}` }) },
  {
    name: 'draft a voucher for one\'s own bureau', route: 'POST /api/v1/vouchers',
    expect: { anonymous: 401, officer: 201, admin: 422, ...FORBID('org_admin', 'researcher', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/vouchers', body: voucherBody() }),
  },
  {
    name: 'read an issued voucher', route: 'GET /api/v1/vouchers/{id}',
    expect: { enterprise: 200, reviewer: 200, officer: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/vouchers/${fx.vcIssued}` }),
  },
  {
    name: 'edit a draft voucher', route: 'PATCH /api/v1/vouchers/{id}',
    expect: { anonymous: 401, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/vouchers/${fx.vcDraft}`, body: { scope: uniq('检验检测 ') } }),
  },
  transition('vouchers', 'issue a fresh draft voucher', () => makeVoucher(false), 'issue',
    { anonymous: 401, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') }, 'issued'),
  {
    name: 'history of an issued voucher', route: 'GET /api/v1/vouchers/{id}/history',
    expect: { enterprise: 200, reviewer: 200, officer: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/vouchers/${fx.vcIssued}/history` }),
  },
  {
    name: 'the balance of an issued voucher', route: 'GET /api/v1/vouchers/{id}/balance',
    expect: { enterprise: 200, reviewer: 200, officer: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/vouchers/${fx.vcIssued}/balance` }),
    check: (r, res) => { if (res.status === 200) assert.equal(res.json.balance_fen, 100000, r); },
  },
  // ---- 科技金融 requests (issue 16 item 4): 宜宾锂能's (enterprise_yb), never public; its lender a party once matched ----
  {
    name: 'list finance requests', route: 'GET /api/v1/finance-requests', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/finance-requests?org=${org.ybln}&limit=100` }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.equal(ids.includes(fx.frSub), FR_READERS.includes(r), `${r}: the submitted request listed?`);
      assert.equal(ids.includes(fx.frDraft), ['enterprise', 'admin'].includes(r), `${r}: the draft listed?`);
    },
  },
  { name: 'export finance requests', route: 'GET /api/v1/finance-requests/export', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/finance-requests/export?format=jsonl&org=${org.ybln}` }) },
  {
    name: 'a finance request of one\'s own org', route: 'POST /api/v1/finance-requests',
    expect: { anonymous: 401, enterprise: 201, org_admin: 201, officer: 422, admin: 422, ...FORBID('researcher', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/finance-requests', body: { title: uniq('权限测试融资需求'), kind: 'loan', amount_fen: 50000000, purpose: '购置检测设备，以服务收入还款。', region: '510107', industry: '7320' } }),
  },
  { name: 'read a submitted finance request', route: 'GET /api/v1/finance-requests/{id}', expect: readers(FR_READERS), req: async () => (await fixtures(), { path: `/api/v1/finance-requests/${fx.frSub}` }) },
  {
    name: 'edit a draft finance request', route: 'PATCH /api/v1/finance-requests/{id}',
    expect: { anonymous: 401, enterprise: 200, admin: 200, ...NO('researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/finance-requests/${fx.frDraft}`, body: { contact: uniq('李经理 ') } }),
  },
  transition('finance-requests', 'submit a fresh draft finance request', () => makeFinanceRequest('draft').then((d) => d.id), 'submit',
    { anonymous: 401, enterprise: 200, admin: 403, ...NO('researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') }, 'submitted'),
  { name: 'history of a submitted finance request', route: 'GET /api/v1/finance-requests/{id}/history', expect: readers(FR_READERS), req: async () => (await fixtures(), { path: `/api/v1/finance-requests/${fx.frSub}/history` }) },
  {
    name: 'the products a finance request fits', route: 'GET /api/v1/finance-requests/{id}/matches', expect: readers(FR_READERS),
    req: async () => (await fixtures(), { path: `/api/v1/finance-requests/${fx.frSub}/matches` }),
    check: (r, res) => { if (res.status === 200) assert.ok(res.json.items.some((x) => x.product.id === fx.finOpen), `${r}: the open product matches`); },
  },
  {
    name: 'the lender reads a request matched to its product', route: 'GET /api/v1/finance-requests/{id}',
    expect: readers(FR_READERS),
    req: async () => (await fixtures(), { path: `/api/v1/finance-requests/${fx.frMatched}` }),
    check: async (r) => { if (r === 'admin') assert.equal((await api(s.url, 'GET', `/api/v1/finance-requests/${fx.frMatched}`, { token: fx.lender })).status, 200); },
  },
  { name: 'finance statistics', route: 'GET /api/v1/stats/finance', expect: all(200), req: () => ({ path: '/api/v1/stats/finance' }) },
  // ---- 科技大市场 (issue 16 item 1): 四川大学's listings (its researcher), public once open;
  // 宜宾锂能's 摘牌 request and deposit (theirs; a deposit's seller reads it), 天府技术经纪's objection ----
  {
    name: 'list listings', route: 'GET /api/v1/listings', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/listings?org=${org.scu}&limit=100` }),
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.id);
      assert.ok(ids.includes(fx.lsOpen), `${r}: an open listing is public`);
      assert.equal(ids.includes(fx.lsDraft), ['researcher', 'org_admin', 'admin'].includes(r), `${r}: the draft listed?`);
    },
  },
  { name: 'export listings', route: 'GET /api/v1/listings/export', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/listings/export?format=jsonl&org=${org.scu}` }) },
  {
    name: 'list for one\'s own org', route: 'POST /api/v1/listings',
    expect: { anonymous: 401, researcher: 201, org_admin: 201, enterprise: 201, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/listings', body: { title: uniq('权限测试挂牌'), category: 'service', mode: 'listed', summary: '锂电池极片涂布中试服务，按批次计费。', region: '510107', industry: '3841', price_fen: 5000000 } }),
  },
  {
    name: 'read an open listing (the reserve only to the seller and the registry)', route: 'GET /api/v1/listings/{id}', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/listings/${fx.lsAuction}` }),
    check: (r, res) => assert.equal('reserve_fen' in res.json, ['researcher', 'org_admin', 'reviewer', 'officer', 'admin'].includes(r), `${r}: the reserve shown?`),
  },
  {
    name: 'read a draft listing', route: 'GET /api/v1/listings/{id}',
    expect: { researcher: 200, org_admin: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/listings/${fx.lsDraft}` }),
  },
  {
    name: 'edit a draft listing', route: 'PATCH /api/v1/listings/{id}',
    expect: { anonymous: 401, researcher: 200, org_admin: 200, admin: 200, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/listings/${fx.lsDraft}`, body: { contact: uniq('王老师 ') } }),
  },
  transition('listings', 'submit a fresh draft listing', () => makeListing('draft').then((d) => d.id), 'submit',
    { anonymous: 401, researcher: 200, org_admin: 200, admin: 403, ...NO('enterprise', 'broker', 'expert', 'reviewer', 'officer') }, 'review'),
  { name: 'history of an open listing', route: 'GET /api/v1/listings/{id}/history', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/listings/${fx.lsOpen}/history` }) },
  {
    name: 'the bidding of a listing (names only to the seller and the registry)', route: 'GET /api/v1/listings/{id}/bidding', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/listings/${fx.lsOpen}/bidding` }),
    check: (r, res) => {
      const mine = res.json.bids.find((x) => x.id === fx.bdReq);
      assert.equal(Boolean(mine), ['enterprise', 'researcher', 'org_admin', 'reviewer', 'officer', 'admin'].includes(r), `${r}: the request shown?`);
      if (mine) assert.equal('org_name' in mine, ['researcher', 'org_admin', 'reviewer', 'officer', 'admin'].includes(r), `${r}: its name shown?`);
    },
  },
  {
    name: 'the bids of a listing', route: 'GET /api/v1/listings/{id}/bids', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/listings/${fx.lsOpen}/bids?limit=100` }),
    check: (r, res) => assert.equal(res.json.items.map((x) => x.id).includes(fx.bdReq), BID_READERS.includes(r), `${r}: listed?`),
  },
  {
    name: 'file a 摘牌 request for one\'s own org', route: 'POST /api/v1/listings/{id}/bids',
    expect: { anonymous: 401, enterprise: 201, researcher: 409, org_admin: 409, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/listings/${fx.lsOpen2}/bids`, body: { amount_fen: 50000000 } }),
  },
  {
    name: 'the deposits of an auction', route: 'GET /api/v1/listings/{id}/deposits', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/listings/${fx.lsAuction}/deposits?limit=100` }),
    check: (r, res) => assert.equal(res.json.items.map((x) => x.id).includes(fx.dpHeld), DEPOSIT_READERS.includes(r), `${r}: listed?`),
  },
  {
    name: 'record a deposit for one\'s own org', route: 'POST /api/v1/listings/{id}/deposits',
    expect: { anonymous: 401, enterprise: 201, researcher: 409, org_admin: 409, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/listings/${fx.lsAuction2}/deposits`, body: { reference: uniq('ICBC-') } }),
  },
  {
    name: 'the objections to a listing in 公示', route: 'GET /api/v1/listings/{id}/objections', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/listings/${fx.lsPub}/objections?limit=100` }),
    check: (r, res) => assert.equal(res.json.items.map((x) => x.id).includes(fx.obFiled), OBJECTION_READERS.includes(r), `${r}: listed?`),
  },
  {
    name: 'object for one\'s own org', route: 'POST /api/v1/listings/{id}/objections',
    expect: { anonymous: 401, enterprise: 201, broker: 201, researcher: 409, org_admin: 409, officer: 422, admin: 422, ...FORBID('expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/listings/${fx.lsPub}/objections`, body: { reason: uniq('协议价格明显偏低，请核查 ') } }),
  },
  {
    name: 'list bids', route: 'GET /api/v1/bids', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/bids?listing_id=${fx.lsOpen}&limit=100` }),
    check: (r, res) => assert.equal(res.json.items.map((x) => x.id).includes(fx.bdReq), BID_READERS.includes(r), `${r}: listed?`),
  },
  { name: 'export bids', route: 'GET /api/v1/bids/export', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/bids/export?format=jsonl&listing_id=${fx.lsOpen}` }) },
  {
    name: 'bid naming the listing in the body', route: 'POST /api/v1/bids',
    expect: { anonymous: 401, enterprise: 201, researcher: 409, org_admin: 409, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/bids', body: { listing_id: fx.lsOpen3, amount_fen: 50000000 } }),
  },
  { name: 'read a 摘牌 request', route: 'GET /api/v1/bids/{id}', expect: readers(BID_READERS), req: async () => (await fixtures(), { path: `/api/v1/bids/${fx.bdReq}` }) },
  {
    name: 'edit a bid (nobody: it stands as placed)', route: 'PATCH /api/v1/bids/{id}',
    expect: { anonymous: 401, enterprise: 409, admin: 409, reviewer: 403, officer: 403, ...NO('researcher', 'org_admin', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/bids/${fx.bdReq}`, body: { note: uniq('意向 ') } }),
  },
  transition('bids', 'withdraw a fresh 摘牌 request', () => makeListing('open').then((l) => makeBid(l.id)).then((b) => b.id), 'withdraw',
    { anonymous: 401, enterprise: 200, reviewer: 403, officer: 403, admin: 403, ...NO('researcher', 'org_admin', 'broker', 'expert') }, 'withdrawn'),
  { name: 'history of a 摘牌 request', route: 'GET /api/v1/bids/{id}/history', expect: readers(BID_READERS), req: async () => (await fixtures(), { path: `/api/v1/bids/${fx.bdReq}/history` }) },
  {
    name: 'list deposits', route: 'GET /api/v1/deposits', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/deposits?listing_id=${fx.lsAuction}&limit=100` }),
    check: (r, res) => assert.equal(res.json.items.map((x) => x.id).includes(fx.dpHeld), DEPOSIT_READERS.includes(r), `${r}: listed?`),
  },
  { name: 'export deposits', route: 'GET /api/v1/deposits/export', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/deposits/export?format=jsonl&listing_id=${fx.lsAuction}` }) },
  {
    name: 'record a deposit naming the listing in the body', route: 'POST /api/v1/deposits',
    expect: { anonymous: 401, enterprise: 201, researcher: 409, org_admin: 409, officer: 422, admin: 422, ...FORBID('broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/deposits', body: { listing_id: fx.lsAuction3, reference: uniq('ICBC-') } }),
  },
  { name: 'read a deposit', route: 'GET /api/v1/deposits/{id}', expect: readers(DEPOSIT_READERS), req: async () => (await fixtures(), { path: `/api/v1/deposits/${fx.dpHeld}` }) },
  {
    name: 'edit a deposit (nobody)', route: 'PATCH /api/v1/deposits/{id}',
    expect: { anonymous: 401, enterprise: 409, admin: 409, researcher: 403, org_admin: 403, reviewer: 403, officer: 403, ...NO('broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/deposits/${fx.dpHeld}`, body: { reference: uniq('ICBC-') } }),
  },
  transition('deposits', 'confirm a fresh deposit (the seller, or an officer)', () => makeListing('open', AUCTION).then((l) => makeDeposit(l.id, false)).then((d) => d.id), 'confirm',
    { anonymous: 401, researcher: 200, org_admin: 200, officer: 200, admin: 200, ...FORBID('enterprise', 'reviewer'), ...NO('broker', 'expert') }, 'held'),
  { name: 'history of a deposit', route: 'GET /api/v1/deposits/{id}/history', expect: readers(DEPOSIT_READERS), req: async () => (await fixtures(), { path: `/api/v1/deposits/${fx.dpHeld}/history` }) },
  {
    name: 'list objections', route: 'GET /api/v1/objections', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/objections?listing_id=${fx.lsPub}&limit=100` }),
    check: (r, res) => assert.equal(res.json.items.map((x) => x.id).includes(fx.obFiled), OBJECTION_READERS.includes(r), `${r}: listed?`),
  },
  { name: 'export objections', route: 'GET /api/v1/objections/export', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/objections/export?format=jsonl&listing_id=${fx.lsPub}` }) },
  {
    name: 'object naming the listing in the body', route: 'POST /api/v1/objections',
    expect: { anonymous: 401, enterprise: 201, broker: 201, researcher: 409, org_admin: 409, officer: 422, admin: 422, ...FORBID('expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/objections', body: { listing_id: fx.lsPub, reason: uniq('协议价格明显偏低，请核查 ') } }),
  },
  { name: 'read an objection', route: 'GET /api/v1/objections/{id}', expect: readers(OBJECTION_READERS), req: async () => (await fixtures(), { path: `/api/v1/objections/${fx.obFiled}` }) },
  {
    name: 'edit an objection (nobody)', route: 'PATCH /api/v1/objections/{id}',
    expect: { anonymous: 401, broker: 409, admin: 409, researcher: 403, org_admin: 403, reviewer: 403, officer: 403, ...NO('enterprise', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/objections/${fx.obFiled}`, body: { contact: uniq('张先生 ') } }),
  },
  transition('objections', 'dismiss a fresh objection (the registry)', () => makeObjection().then((o) => o.id), 'dismiss',
    { anonymous: 401, reviewer: 200, officer: 200, admin: 200, ...FORBID('broker', 'researcher', 'org_admin'), ...NO('enterprise', 'expert') }, 'dismissed', { comment: '协议价依评估报告确定，异议不成立。' }),
  { name: 'history of an objection', route: 'GET /api/v1/objections/{id}/history', expect: readers(OBJECTION_READERS), req: async () => (await fixtures(), { path: `/api/v1/objections/${fx.obFiled}/history` }) },
  // ---- search and matching (issue 4) ----
  {
    name: 'search finds a draft only for who may read it', route: 'GET /api/v1/search', expect: all(200),
    req: async () => {
      await fixtures();
      const a = await api(s.url, 'GET', `/api/v1/achievements/${fx.achDraft}`, { token: tok.admin });
      return { path: `/api/v1/search?kind=achievement&limit=50&q=${encodeURIComponent(a.json.ip[0].number)}` };
    },
    check: (r, res) => {
      const ids = res.json.items.map((x) => x.achievement.id);
      assert.equal(ids.includes(fx.achDraft), ['researcher', 'org_admin', 'admin'].includes(r), `${r}: the draft in the results`);
      assert.ok(!res.text.includes('保密：'), `${r}: confidential detail in search results`);
    },
  },
  {
    name: 'matches of a published demand', route: 'GET /api/v1/demands/{id}/matches', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/demands/${fx.demPub}/matches` }),
    check: (r, res) => {
      assert.ok(Array.isArray(res.json.items) && Array.isArray(res.json.experts) && Array.isArray(res.json.agencies), r);
      assert.ok(!res.text.includes('保密：'), `${r}: confidential detail in matches`);
      assert.ok(res.json.items.every((x) => x.achievement.status === 'published'), `${r}: only published achievements`);
    },
  },
  {
    name: 'matches of a draft demand', route: 'GET /api/v1/demands/{id}/matches',
    expect: { enterprise: 200, admin: 200, ...NO('anonymous', 'researcher', 'org_admin', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/demands/${fx.demDraft}/matches` }),
  },
  {
    name: 'matches of a published achievement', route: 'GET /api/v1/achievements/{id}/matches', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/achievements/${fx.achPub}/matches` }),
    check: (r, res) => {
      assert.ok(Array.isArray(res.json.items) && Array.isArray(res.json.enterprises), r);
      assert.ok(res.json.items.every((x) => x.demand.status === 'published'), `${r}: only published demands`);
    },
  },
  {
    name: 'matches of a draft achievement', route: 'GET /api/v1/achievements/{id}/matches',
    expect: { researcher: 200, org_admin: 200, admin: 200, ...NO('anonymous', 'enterprise', 'broker', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/achievements/${fx.achDraft}/matches` }),
  },
  // ---- notifications, statistics ----
  {
    name: 'my notifications', route: 'GET /api/v1/notifications', expect: { anonymous: 401, ...roles(200) },
    req: async () => (await fixtures(), { path: '/api/v1/notifications?limit=100' }),
    check: (r, res) => {
      if (r === 'anonymous') return;
      assert.ok(Number.isInteger(res.json.total) && Number.isInteger(res.json.unread), r);
      if (r === 'researcher') assert.ok(res.json.total >= 1 && res.json.items.length >= 1, 'researcher has no notification');
    },
  },
  {
    name: "mark researcher's notification read", route: 'POST /api/v1/notifications/{id}/read',
    expect: { anonymous: 401, researcher: 204, ...NO('org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer', 'admin') },
    req: async () => (await fixtures(), { path: `/api/v1/notifications/${fx.note}/read` }),
  },
  // ---- matchmaking events (issue 15 item 5): 成都市科学技术局's events, public once published;
  // 宜宾锂能's registration (enterprise_yb) for the published one ----
  {
    name: 'list events', route: 'GET /api/v1/events', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/events?limit=100' }),
    check: (r, res) => { assert.ok(res.json.items.some((x) => x.id === fx.evPub), `${r}: a published event is public`); },
  },
  { name: 'export events', route: 'GET /api/v1/events/export', expect: all(200), req: async () => (await fixtures(), { path: '/api/v1/events/export?format=jsonl' }) },
  {
    name: 'organise an event', route: 'POST /api/v1/events',
    expect: { anonymous: 401, officer: 201, org_admin: 201, broker: 201, admin: 422, ...FORBID('researcher', 'enterprise', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/events', body: EVENT_BODY() }),
  },
  { name: 'read a published event', route: 'GET /api/v1/events/{id}', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/events/${fx.evPub}` }) },
  {
    name: 'edit a draft event', route: 'PATCH /api/v1/events/{id}',
    expect: { anonymous: 401, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/events/${fx.evDraft}`, body: { contact: uniq('张老师 ') } }),
  },
  transition('events', 'publish a fresh draft event', () => makeMeeting(false), 'publish',
    { anonymous: 401, officer: 200, admin: 403, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') }, 'published'),
  { name: 'history of a published event', route: 'GET /api/v1/events/{id}/history', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/events/${fx.evPub}/history` }) },
  {
    name: 'what a published event produced', route: 'GET /api/v1/events/{id}/results', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/events/${fx.evPub}/results` }),
    check: (r, res) => { assert.equal(res.json.registered, 1, r); },
  },
  {
    name: 'the registrations for a published event', route: 'GET /api/v1/events/{id}/registrations', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/events/${fx.evPub}/registrations` }),
    check: (r, res) => { assert.equal(res.json.items.some((x) => x.id === fx.evReg), REG_READERS.includes(r), `${r}: 宜宾锂能's registration listed?`); },
  },
  {
    name: 'register for a fresh published event', route: 'POST /api/v1/events/{id}/registrations',
    expect: { anonymous: 401, researcher: 201, org_admin: 201, enterprise: 201, broker: 201, officer: 422, admin: 422, ...FORBID('expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/events/${await makeMeeting(true)}/registrations`, body: { attendees: 1 } }),
  },
  {
    name: 'register naming the event in the body', route: 'POST /api/v1/event-registrations',
    expect: { anonymous: 401, researcher: 201, org_admin: 201, enterprise: 201, broker: 201, officer: 422, admin: 422, ...FORBID('expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/event-registrations', body: { event_id: await makeMeeting(true), attendees: 1 } }),
  },
  {
    name: 'list registrations', route: 'GET /api/v1/event-registrations', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/event-registrations?limit=100' }),
    check: (r, res) => { assert.equal(res.json.items.some((x) => x.id === fx.evReg), REG_READERS.includes(r), `${r}: 宜宾锂能's registration listed?`); },
  },
  { name: 'export registrations', route: 'GET /api/v1/event-registrations/export', expect: all(200), req: async () => (await fixtures(), { path: '/api/v1/event-registrations/export?format=jsonl' }) },
  { name: 'read a registration', route: 'GET /api/v1/event-registrations/{id}', expect: readers(REG_READERS), req: async () => (await fixtures(), { path: `/api/v1/event-registrations/${fx.evReg}` }) },
  {
    name: 'edit a registration (the act itself: only an admin corrects it)', route: 'PATCH /api/v1/event-registrations/{id}',
    expect: { anonymous: 401, enterprise: 409, admin: 200, officer: 403, reviewer: 403, ...NO('researcher', 'org_admin', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/event-registrations/${fx.evReg}`, body: { contact: uniq('吴经理 ') } }),
  },
  transition('event-registrations', 'cancel a fresh registration', async () => (await makeRegistration(await makeMeeting(true), tok.enterprise)).id, 'cancel',
    { anonymous: 401, enterprise: 200, admin: 403, officer: 403, reviewer: 403, ...NO('researcher', 'org_admin', 'broker', 'expert') }, 'cancelled'),
  { name: 'history of a registration', route: 'GET /api/v1/event-registrations/{id}/history', expect: readers(REG_READERS), req: async () => (await fixtures(), { path: `/api/v1/event-registrations/${fx.evReg}/history` }) },
  // ---- brokers and 科技特派员 (issue 15 item 1): 天府技术转移服务中心's registered broker (`broker`),
  // public; the 科技特派员 of 电子科技大学 waiting for registration; trainings and assignments ----
  {
    name: 'list brokers', route: 'GET /api/v1/brokers', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/brokers?limit=100' }),
    check: (r, res) => {
      assert.ok(res.json.items.some((x) => x.id === fx.brActive), `${r}: a registered broker is public`);
      assert.equal(res.json.items.some((x) => x.id === fx.brSub), BR_READERS.includes(r), `${r}: the submitted 特派员 listed?`);
    },
  },
  { name: 'export brokers', route: 'GET /api/v1/brokers/export', expect: all(200), req: async () => (await fixtures(), { path: '/api/v1/brokers/export?format=jsonl' }) },
  {
    name: 'enter a broker of one\'s org', route: 'POST /api/v1/brokers',
    expect: { anonymous: 401, broker: 201, org_admin: 201, officer: 422, admin: 422, ...FORBID('researcher', 'enterprise', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/brokers', body: BROKER_BODY(uid.broker) }),
  },
  { name: 'read a registered broker', route: 'GET /api/v1/brokers/{id}', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/brokers/${fx.brActive}` }) },
  { name: 'read a submitted 特派员', route: 'GET /api/v1/brokers/{id}', expect: readers(BR_READERS), req: async () => (await fixtures(), { path: `/api/v1/brokers/${fx.brSub}` }) },
  {
    name: 'edit a draft entry (its org\'s)', route: 'PATCH /api/v1/brokers/{id}',
    expect: { anonymous: 401, broker: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'expert', 'reviewer', 'officer') },
    req: async () => (await fixtures(), { path: `/api/v1/brokers/${fx.brDraft}`, body: { services: uniq('成果评价 ') } }),
  },
  transition('brokers', 'register a fresh submitted entry', () => makeBroker(false), 'register',
    { anonymous: 401, officer: 200, admin: 200, broker: 403, reviewer: 403, ...NO('researcher', 'org_admin', 'enterprise', 'expert') }, 'active'),
  { name: 'history of a registered broker', route: 'GET /api/v1/brokers/{id}/history', expect: all(200), req: async () => (await fixtures(), { path: `/api/v1/brokers/${fx.brActive}/history` }) },
  {
    name: 'a registered broker\'s figures', route: 'GET /api/v1/brokers/{id}/stats', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/brokers/${fx.brActive}/stats` }),
    check: (r, res) => { assert.ok(res.json.figures.taken >= 1, r); },
  },
  {
    name: 'the demands of the enterprises assigned to a broker', route: 'GET /api/v1/brokers/{id}/demands',
    expect: { anonymous: 401, broker: 200, officer: 200, admin: 200, ...FORBID('researcher', 'org_admin', 'enterprise', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/brokers/${fx.brActive}/demands` }),
    check: (r, res) => { if (res.status === 200) assert.ok(res.json.enterprises.some((x) => x.org_id === org.ybln), r); },
  },
  { name: 'broker ranking', route: 'GET /api/v1/stats/brokers', expect: all(200), req: () => ({ path: '/api/v1/stats/brokers?by=taken' }) },
  {
    name: 'a broker\'s trainings', route: 'GET /api/v1/brokers/{id}/trainings', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/brokers/${fx.brActive}/trainings` }),
    check: (r, res) => { assert.equal(res.json.items.some((x) => x.id === fx.trSub), TR_READERS.includes(r), `${r}: the submitted training listed?`); },
  },
  {
    name: 'enter a training of one\'s broker', route: 'POST /api/v1/brokers/{id}/trainings',
    expect: { anonymous: 401, broker: 201, org_admin: 403, officer: 422, admin: 422, ...FORBID('researcher', 'enterprise', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/brokers/${fx.brActive}/trainings`, body: { course: uniq('权限测试培训'), provider: '四川省技术转移中心', hours: 8, held_on: '2026-01-05' } }),
  },
  {
    name: 'enter a training naming the broker in the body', route: 'POST /api/v1/broker-trainings',
    expect: { anonymous: 401, broker: 201, org_admin: 403, officer: 422, admin: 422, ...FORBID('researcher', 'enterprise', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/broker-trainings', body: { broker_id: fx.brActive, course: uniq('权限测试培训'), provider: '四川省技术转移中心', hours: 8, held_on: '2026-01-05' } }),
  },
  {
    name: 'list trainings', route: 'GET /api/v1/broker-trainings', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/broker-trainings?limit=100' }),
    check: (r, res) => { assert.equal(res.json.items.some((x) => x.id === fx.trSub), TR_READERS.includes(r), `${r}: the submitted training listed?`); },
  },
  { name: 'export trainings', route: 'GET /api/v1/broker-trainings/export', expect: all(200), req: async () => (await fixtures(), { path: '/api/v1/broker-trainings/export?format=jsonl' }) },
  { name: 'read a submitted training', route: 'GET /api/v1/broker-trainings/{id}', expect: readers(TR_READERS), req: async () => (await fixtures(), { path: `/api/v1/broker-trainings/${fx.trSub}` }) },
  {
    name: 'edit a submitted training (its org\'s)', route: 'PATCH /api/v1/broker-trainings/{id}',
    expect: { anonymous: 401, broker: 200, admin: 200, officer: 403, reviewer: 403, ...NO('researcher', 'org_admin', 'enterprise', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/broker-trainings/${fx.trSub}`, body: { certificate_no: uniq('PX-') } }),
  },
  transition('broker-trainings', 'verify a fresh training', async () => (await makeTraining(fx.brActive)).id, 'verify',
    { anonymous: 401, officer: 200, admin: 200, broker: 403, reviewer: 403, ...NO('researcher', 'org_admin', 'enterprise', 'expert') }, 'verified'),
  { name: 'history of a submitted training', route: 'GET /api/v1/broker-trainings/{id}/history', expect: readers(TR_READERS), req: async () => (await fixtures(), { path: `/api/v1/broker-trainings/${fx.trSub}/history` }) },
  {
    name: 'a broker\'s assignments', route: 'GET /api/v1/brokers/{id}/assignments', expect: all(200),
    req: async () => (await fixtures(), { path: `/api/v1/brokers/${fx.brActive}/assignments` }),
    check: (r, res) => { assert.equal(res.json.items.some((x) => x.id === fx.asYb), AS_READERS.includes(r), `${r}: 宜宾锂能's assignment listed?`); },
  },
  {
    name: 'assign an enterprise to one\'s broker', route: 'POST /api/v1/brokers/{id}/assignments',
    expect: { anonymous: 401, broker: 201, org_admin: 403, officer: 422, admin: 422, ...FORBID('researcher', 'enterprise', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/brokers/${fx.brActive}/assignments`, body: { enterprise_org_id: org.enterprises[0], since: '2026-01-05' } }),
  },
  {
    name: 'assign an enterprise naming the broker in the body', route: 'POST /api/v1/broker-assignments',
    expect: { anonymous: 401, broker: 201, org_admin: 403, officer: 422, admin: 422, ...FORBID('researcher', 'enterprise', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: '/api/v1/broker-assignments', body: { broker_id: fx.brActive, enterprise_org_id: org.enterprises[1], since: '2026-01-05' } }),
  },
  {
    name: 'list assignments', route: 'GET /api/v1/broker-assignments', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/broker-assignments?limit=100' }),
    check: (r, res) => { assert.equal(res.json.items.some((x) => x.id === fx.asYb), AS_READERS.includes(r), `${r}: 宜宾锂能's assignment listed?`); },
  },
  { name: 'export assignments', route: 'GET /api/v1/broker-assignments/export', expect: all(200), req: async () => (await fixtures(), { path: '/api/v1/broker-assignments/export?format=jsonl' }) },
  { name: 'read an assignment', route: 'GET /api/v1/broker-assignments/{id}', expect: readers(AS_READERS), req: async () => (await fixtures(), { path: `/api/v1/broker-assignments/${fx.asYb}` }) },
  {
    name: 'edit an assignment (only an admin corrects it)', route: 'PATCH /api/v1/broker-assignments/{id}',
    expect: { anonymous: 401, broker: 409, admin: 200, officer: 403, reviewer: 403, enterprise: 403, ...NO('researcher', 'org_admin', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/broker-assignments/${fx.asYb}`, body: { note: uniq('驻企服务 ') } }),
  },
  transition('broker-assignments', 'end a fresh assignment', makeAssignment, 'end',
    { anonymous: 401, broker: 200, enterprise: 200, officer: 200, admin: 200, reviewer: 403, ...NO('researcher', 'org_admin', 'expert') }, 'ended'),
  { name: 'history of an assignment', route: 'GET /api/v1/broker-assignments/{id}/history', expect: readers(AS_READERS), req: async () => (await fixtures(), { path: `/api/v1/broker-assignments/${fx.asYb}/history` }) },
  // ---- expert panels (issue 15 item 3): 成都市科学技术局's panels on its challenge in 初筛; the demo
  // expert a declared member of the open one ----
  {
    name: 'list panels', route: 'GET /api/v1/panels', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/panels?limit=100' }),
    check: (r, res) => { assert.equal(res.json.items.some((x) => x.id === fx.pnOpen), PANEL_READERS.includes(r), `${r}: the open panel listed?`); },
  },
  { name: 'export panels', route: 'GET /api/v1/panels/export', expect: all(200), req: async () => (await fixtures(), { path: '/api/v1/panels/export?format=jsonl' }) },
  {
    name: 'form a panel naming the challenge in the body', route: 'POST /api/v1/panels',
    expect: { anonymous: 401, officer: 201, reviewer: 201, admin: 422, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: '/api/v1/panels', body: { ...PANEL_BODY(), target_id: fx.pnCh } }),
  },
  {
    name: 'form a panel under the challenge', route: 'POST /api/v1/challenges/{id}/panels',
    expect: { anonymous: 401, officer: 201, reviewer: 201, admin: 422, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'expert') },
    req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.pnCh}/panels`, body: PANEL_BODY() }),
  },
  {
    name: 'a challenge\'s panels', route: 'GET /api/v1/challenges/{id}/panels', expect: { ...readers(PANEL_READERS) },
    req: async () => (await fixtures(), { path: `/api/v1/challenges/${fx.pnCh}/panels` }),
    check: (r, res) => { if (res.status === 200) assert.equal(res.json.items.some((x) => x.id === fx.pnDraft), r !== 'reviewer', `${r}: a draft panel is its organiser's`); },
  },
  { name: 'read an open panel', route: 'GET /api/v1/panels/{id}', expect: readers(PANEL_READERS), req: async () => (await fixtures(), { path: `/api/v1/panels/${fx.pnOpen}` }) },
  {
    name: 'edit a draft panel', route: 'PATCH /api/v1/panels/{id}',
    expect: { anonymous: 401, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/panels/${fx.pnDraft}`, body: { due_on: '2030-06-30' } }),
  },
  transition('panels', 'open a fresh draft panel', () => makePanel(false), 'open',
    { anonymous: 401, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') }, 'open'),
  { name: 'history of an open panel', route: 'GET /api/v1/panels/{id}/history', expect: readers(PANEL_READERS), req: async () => (await fixtures(), { path: `/api/v1/panels/${fx.pnOpen}/history` }) },
  {
    name: 'the members of a panel', route: 'GET /api/v1/panels/{id}/members', expect: { ...readers(PANEL_READERS), anonymous: 401 },
    req: async () => (await fixtures(), { path: `/api/v1/panels/${fx.pnOpen}/members` }),
    check: (r, res) => { if (res.status === 200) assert.deepEqual(res.json.items.map((x) => [x.user_id, x.status]), [[uid.expert, 'scored']]); },
  },
  {
    name: 'invite the demo expert to a fresh draft panel', route: 'POST /api/v1/panels/{id}/members',
    expect: { anonymous: 401, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/panels/${await makePanel(false)}/members`, body: { action: 'invite', user_id: uid.expert } }),
  },
  {
    name: 'the experts proposed for a panel', route: 'GET /api/v1/panels/{id}/candidates',
    expect: { anonymous: 401, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/panels/${fx.pnDraft}/candidates` }),
  },
  {
    name: 'the material of an open panel (its declared expert, its organiser)', route: 'GET /api/v1/panels/{id}/material',
    expect: { anonymous: 401, expert: 200, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'reviewer') },
    req: async () => (await fixtures(), { path: `/api/v1/panels/${fx.pnOpen}/material` }),
  },
  {
    name: 'the score sheets of an open panel (sealed)', route: 'GET /api/v1/panels/{id}/scores',
    expect: { anonymous: 401, expert: 200, reviewer: 200, officer: 200, admin: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker') },
    req: async () => (await fixtures(), { path: `/api/v1/panels/${fx.pnOpen}/scores` }),
    check: (r, res) => { if (res.status === 200) assert.equal(res.json.sheets.length, r === 'expert' ? 1 : 0, `${r}: sealed`); },
  },
  {
    name: 'score an item of an open panel (its declared expert only)', route: 'POST /api/v1/panels/{id}/scores',
    expect: { anonymous: 401, expert: 200, ...NO('researcher', 'org_admin', 'enterprise', 'broker', 'reviewer', 'officer', 'admin') },
    req: async () => (await fixtures(), { path: `/api/v1/panels/${fx.pnOpen}/scores`, body: { item_id: fx.pnCh, scores: { tech: 9 }, comment: '复核后调整' } }),
  },
  {
    name: 'my reviews', route: 'GET /api/v1/me/reviews', expect: { anonymous: 401, ...roles(200) },
    req: async () => (await fixtures(), { path: '/api/v1/me/reviews' }),
    check: (r, res) => { if (res.status === 200) assert.equal(res.json.items.some((x) => x.panel_id === fx.pnOpen), r === 'expert', r); },
  },
  {
    name: 'my expert profile', route: 'GET /api/v1/me/expert-profile',
    expect: { anonymous: 401, expert: 200, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'reviewer', 'officer', 'admin') },
    req: async () => (await fixtures(), { path: '/api/v1/me/expert-profile' }),
  },
  {
    name: 'set my expert profile', route: 'PUT /api/v1/me/expert-profile',
    expect: { anonymous: 401, expert: 200, ...FORBID('researcher', 'org_admin', 'enterprise', 'broker', 'reviewer', 'officer', 'admin') },
    req: async () => (await fixtures(), { path: '/api/v1/me/expert-profile', body: { title: '教授', fields: ['38', '3841'], specialty: '储能材料', availability: 'available' } }),
  },
  { name: 'statistics overview', route: 'GET /api/v1/stats/overview', expect: all(200), req: async () => (await fixtures(), { path: '/api/v1/stats/overview' }) },
  {
    name: '技术合同成交额 (registered contracts; public headline figures)', route: 'GET /api/v1/stats/contracts', expect: all(200),
    req: async () => (await fixtures(), { path: '/api/v1/stats/contracts?level=city&parent=51' }),
    check: (r, res) => { assert.ok(res.json.total.count >= 1, `${r}: the registered fixture is counted`); },
  },
  { name: 'resource map counts', route: 'GET /api/v1/stats/map', expect: all(200), req: async () => (await fixtures(), { path: '/api/v1/stats/map?level=city&kind=achievement&parent=51' }) },
];

// A denied write changes nothing.
async function assertNoOrg(name) {
  const r = await api(s.url, 'GET', `/api/v1/orgs?q=${encodeURIComponent(name)}`);
  assert.equal(r.json.total, 0, `denied create stored org ${name}`);
}
async function assertNoUser(username) {
  const r = await api(s.url, 'GET', `/api/v1/users?q=${encodeURIComponent(username)}`, { token: tok.admin });
  assert.equal(r.json.total, 0, `denied create stored user ${username}`);
}

async function assertNoAchievement(title) {
  const r = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(title)}`, { token: tok.admin });
  assert.equal(r.json.total, 0, `denied create stored achievement ${title}`);
}
async function assertNoDemand(title) {
  const r = await api(s.url, 'GET', `/api/v1/demands?q=${encodeURIComponent(title)}`, { token: tok.admin });
  assert.equal(r.json.total, 0, `denied create stored demand ${title}`);
}

function newUser(orgId, roleList) {
  const u = uniq('perm_');
  return { username: u, display_name: `测试 ${u}`, roles: roleList, org_id: orgId, password: 'Passw0rd-xyz' };
}

test('the route list equals the paths × methods of openapi.json, and every route covers every role', async () => {
  const r = await api(s.url, 'GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const documented = [];
  for (const [p, item] of Object.entries(r.json.paths)) {
    for (const m of Object.keys(item)) if (METHODS.includes(m)) documented.push(`${m.toUpperCase()} ${p}`);
  }
  const tested = [...new Set(CASES.map((c) => c.route))];
  assert.deepEqual(tested.sort(), documented.sort());
  for (const route of tested) {
    const covered = new Set(CASES.filter((c) => c.route === route).flatMap((c) => Object.keys(c.expect)));
    assert.deepEqual([...covered].sort(), [...ROLES].sort(), `${route} does not cover every role`);
  }
});

for (const c of CASES) {
  test(`${c.route} — ${c.name}`, async () => {
    const got = {}, failures = [];
    for (const role of ROLES) {
      if (!(role in c.expect)) continue;
      const rq = await c.req(role);
      const token = 'token' in rq ? rq.token : tok[role];
      const [method] = c.route.split(' ');
      const res = await api(s.url, method, rq.path, { token, body: rq.body });
      got[role] = res.status;
      if (res.status === 201 && c.route === 'POST /api/v1/users') usersCreated++;
      if (res.status === c.expect[role] && c.check) {
        try { await c.check(role, res, { ...rq, token }); } catch (e) { failures.push(`${role}: ${e.message}`); }
      }
      if (res.status !== c.expect[role]) failures.push(`${role}: ${method} ${rq.path} → ${res.status} ${res.text.slice(0, 200)}`);
    }
    assert.deepEqual(got, c.expect, failures.join('\n'));
    assert.deepEqual(failures, []);
  });
}
