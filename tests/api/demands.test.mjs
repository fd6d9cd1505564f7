// 需求库: demands — create with every field of PRODUCT.md §3.3, bad input (422 naming the field,
// nothing stored), ETag / If-Match, edits only in draft, the demand workflow (draft → submitted →
// published → matched → closed, with review, withdraw and reopen) for every action from every
// state, who may take which action (officers only in their region), comments in the audit chain,
// revisions, notifications, and the list: filters, sorts, cursor pagination and facets.
// Expectations are written from PRODUCT.md §3.3/§5 and issue 3, not read from the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, loginAll, orgIdByName, demandBody, makeDemand, act, walkList,
  auditRows, auditTotal, notificationsOf, FUTURE_DATE, PAST_DATE,
} from './lib.mjs';

let s;
let tok;
const org = {};
const TAG = `DemT${process.pid}x${Date.now().toString(36)}`;

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  tok.enterprise_rxw = (await login(s.url, 'enterprise')).token; // enterprise + org_admin of 锐芯微 (成都 510107)
  org.scu = await orgIdByName(s.url, '四川大学');
  org.ybln = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  org.rxw = await orgIdByName(s.url, '成都锐芯微电子科技有限公司');
});
after(async () => {
  if (!s) return;
  const ex = await s.stop();
  const stderr = s.stderr;
  s.cleanup();
  assert.deepEqual(ex, { code: 0, signal: null }, `server exit ${JSON.stringify(ex)}: ${stderr.slice(-2000)}`);
});

const YB = () => ({ owner: tok.enterprise, reviewer: tok.reviewer, admin: tok.admin });
const RXW = () => ({ owner: tok.enterprise_rxw, reviewer: tok.reviewer, admin: tok.admin });
const CD = { region: '510107', industry: '3973' }; // a 成都 demand of 锐芯微
const path = (id) => `/api/v1/demands/${id}`;
const asAdmin = async (id) => (await api(s.url, 'GET', path(id), { token: tok.admin })).json;
const adminTotal = async () => (await api(s.url, 'GET', '/api/v1/demands?limit=1', { token: tok.admin })).json.total;

function assert422(r, field, what) {
  assert.equal(r.status, 422, `${what}: expected 422, got ${r.status}: ${r.text}`);
  assert.equal(r.json.error.code, 'validation_failed', r.text);
  assert.ok(r.json.error.fields && field in r.json.error.fields, `${what}: field ${field} not named: ${r.text}`);
}

/* ---------------- create ---------------- */

test('create: an enterprise user posts a draft of its company → 201, Location, ETag "v1", every field kept', async () => {
  const body = demandBody({ title: `${TAG} 高镍正极材料包覆改性` });
  const c = await api(s.url, 'POST', '/api/v1/demands', { token: tok.enterprise, body });
  assert.equal(c.status, 201, c.text);
  const id = c.json.id;
  assert.equal(c.headers.get('location'), `/api/v1/demands/${id}`);
  assert.equal(c.headers.get('etag'), '"v1"');
  for (const [k, v] of Object.entries(body)) assert.deepEqual(c.json[k], v, `field ${k}`);
  assert.equal(c.json.status, 'draft');
  assert.equal(c.json.org_id, org.ybln);
  assert.equal(c.json.version, 1);
  const g = await api(s.url, 'GET', path(id), { token: tok.enterprise });
  assert.equal(g.status, 200);
  assert.equal(g.headers.get('etag'), '"v1"');
  for (const [k, v] of Object.entries(body)) assert.deepEqual(g.json[k], v, `GET field ${k}`);
  // every kind, and the optional fields left out
  for (const kind of ['tech_problem', 'achievement_wanted', 'talent', 'equipment', 'finance']) {
    const r = await api(s.url, 'POST', '/api/v1/demands', { token: tok.enterprise, body: { title: `${TAG} 类型 ${kind}`, description: '需求描述：至少十个字的说明文字。', kind, industry: '38', region: '511502' } });
    assert.equal(r.status, 201, `${kind}: ${r.text}`);
    assert.equal(r.json.kind, kind);
  }
  // an org admin posts for its own org (四川大学 needs equipment, too)
  const o = await api(s.url, 'POST', '/api/v1/demands', { token: tok.org_admin, body: demandBody({ kind: 'equipment', region: '510107' }) });
  assert.equal(o.status, 201, o.text);
  assert.equal(o.json.org_id, org.scu);
  assert.deepEqual((await auditRows(s.url, tok.admin, 'demand', id)).map((r) => r.action), ['create']);
});

test('create: anonymous → 401; researcher, broker, expert, reviewer → 403; another org → 403; nothing stored', async () => {
  const total0 = await adminTotal();
  const audit0 = await auditTotal(s.url, tok.admin);
  const body = demandBody({ title: `${TAG} 不应存储的需求` });
  assert.equal((await api(s.url, 'POST', '/api/v1/demands', { body })).status, 401);
  for (const role of ['researcher', 'broker', 'expert', 'reviewer']) {
    const r = await api(s.url, 'POST', '/api/v1/demands', { token: tok[role], body });
    assert.equal(r.status, 403, `${role}: ${r.text}`);
  }
  assert.equal((await api(s.url, 'POST', '/api/v1/demands', { token: tok.enterprise, body: { ...body, org_id: org.rxw } })).status, 403);
  assert.equal((await api(s.url, 'POST', '/api/v1/demands', { token: tok.officer, body: { ...body, org_id: org.ybln } })).status, 403, '成都 officer posting for a 宜宾 company');
  assert.equal(await adminTotal(), total0);
  assert.equal(await auditTotal(s.url, tok.admin), audit0);
});

const BAD = [
  ['budget_max_fen', { budget_min_fen: 500000001, budget_max_fen: 500000000 }, 'budget_min above budget_max'],
  ['budget_min_fen', { budget_min_fen: -1 }, 'a negative budget'],
  ['budget_max_fen', { budget_max_fen: -100 }, 'a negative budget_max'],
  ['kind', { kind: 'wish' }, 'unknown kind'],
  ['kind', { kind: '技术难题' }, 'the name instead of the code'],
  ['deadline', { deadline: PAST_DATE }, 'a deadline in the past'],
  ['deadline', { deadline: '2030-02-30' }, '30 February'],
  ['deadline', { deadline: '下个月' }, 'not a date'],
  ['industry', { industry: 'Z' }, 'unknown 门类'],
  ['industry', { industry: '3999' }, 'unknown industry code'],
  ['region', { region: '519999' }, 'unknown region'],
  ['trl_min', { trl_min: 0 }, 'TRL 0'],
  ['trl_min', { trl_min: 10 }, 'TRL 10'],
  ['cooperation_modes', { cooperation_modes: ['partnership'] }, 'unknown cooperation mode'],
  ['title', { title: '成'.repeat(101) }, 'title of 101 characters'],
  ['title', { title: '快充' }, 'title of 2 characters'],
  ['description', { description: '太短' }, 'description too short'],
];

test('create: bad input → 422 naming the field; nothing stored or audited', async () => {
  const total0 = await adminTotal();
  const audit0 = await auditTotal(s.url, tok.admin);
  for (const [field, over, what] of BAD) {
    assert422(await api(s.url, 'POST', '/api/v1/demands', { token: tok.enterprise, body: demandBody(over) }), field, what);
  }
  for (const field of ['title', 'description', 'kind', 'industry', 'region']) {
    const body = demandBody();
    delete body[field];
    assert422(await api(s.url, 'POST', '/api/v1/demands', { token: tok.enterprise, body }), field, `missing ${field}`);
  }
  assert.equal(await adminTotal(), total0, 'bad input stored a demand');
  assert.equal(await auditTotal(s.url, tok.admin), audit0, 'bad input was audited');
});

test('PATCH: bad input → 422 naming the field (also a budget_min above the stored budget_max); nothing changes', async () => {
  const d = await makeDemand(s.url, YB(), 'draft');
  const before0 = await asAdmin(d.id);
  const audit0 = await auditTotal(s.url, tok.admin);
  for (const [field, over, what] of BAD) assert422(await api(s.url, 'PATCH', path(d.id), { token: tok.enterprise, body: over }), field, `PATCH ${what}`);
  // stored budget 1–5 亿分; raising only the minimum past the maximum
  assert422(await api(s.url, 'PATCH', path(d.id), { token: tok.enterprise, body: { budget_min_fen: 600000000 } }), 'budget_max_fen', 'PATCH budget_min above the stored max');
  assert422(await api(s.url, 'PATCH', path(d.id), { token: tok.enterprise, body: { budget_max_fen: 50000000 } }), 'budget_max_fen', 'PATCH budget_max below the stored min');
  assert.deepEqual(await asAdmin(d.id), before0);
  assert.equal(await auditTotal(s.url, tok.admin), audit0);
});

test('ETag / If-Match: a stale If-Match on PATCH or on a transition → 412, nothing changes', async () => {
  const d = await makeDemand(s.url, YB(), 'draft');
  const p = await api(s.url, 'PATCH', path(d.id), { token: tok.enterprise, body: { indicators: '能量密度 ≥ 300Wh/kg' }, headers: { 'if-match': '"v1"' } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.headers.get('etag'), '"v2"');
  const stale = await api(s.url, 'PATCH', path(d.id), { token: tok.enterprise, body: { indicators: '覆盖' }, headers: { 'if-match': '"v1"' } });
  assert.equal(stale.status, 412, stale.text);
  const staleT = await act(s.url, tok.enterprise, 'demands', d.id, 'submit', {}, { 'if-match': '"v1"' });
  assert.equal(staleT.status, 412, staleT.text);
  const g = await api(s.url, 'GET', path(d.id), { token: tok.enterprise });
  assert.equal(g.headers.get('etag'), '"v2"');
  assert.equal(g.json.indicators, '能量密度 ≥ 300Wh/kg');
  assert.equal(g.json.status, 'draft');
  const ok = await act(s.url, tok.enterprise, 'demands', d.id, 'submit', {}, { 'if-match': '"v2"' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.headers.get('etag'), '"v3"');
  const rv = await act(s.url, tok.reviewer, 'demands', d.id, 'publish', {}, { 'if-match': '"v2"' });
  assert.equal(rv.status, 412, rv.text);
  assert.equal((await asAdmin(d.id)).status, 'submitted');
});

test('PATCH: the owner edits only a draft; submitted, published, matched, closed, rejected → 409 and unchanged', async () => {
  const want = { draft: 200, submitted: 409, published: 409, matched: 409, closed: 409, rejected: 409 };
  for (const [state, code] of Object.entries(want)) {
    const d = await makeDemand(s.url, YB(), state);
    const before0 = await asAdmin(d.id);
    const r = await api(s.url, 'PATCH', path(d.id), { token: tok.enterprise, body: { basis: `现有基础：${state}` } });
    assert.equal(r.status, code, `PATCH in ${state}: ${r.text}`);
    if (code === 200) assert.equal((await asAdmin(d.id)).basis, `现有基础：${state}`);
    else assert.deepEqual(await asAdmin(d.id), before0);
  }
});

/* ---------------- the workflow ---------------- */

test('workflow: a full path with comments — history, audit chain (after.comment), notifications to the owner', async () => {
  const c = await api(s.url, 'POST', '/api/v1/demands', { token: tok.enterprise, body: demandBody({ title: `${TAG} 全流程需求` }) });
  assert.equal(c.status, 201, c.text);
  const id = c.json.id;
  const steps = [
    ['enterprise', 'submit', '请审核', 'submitted'],
    ['reviewer', 'return', '预算说明不清', 'draft'],
    ['enterprise', 'PATCH', { budget_min_fen: 200000000 }, 'draft'],
    ['enterprise', 'submit', null, 'submitted'],
    ['reviewer', 'publish', '审核通过', 'published'],
    ['broker', 'match', '已对接四川大学硅碳负极团队', 'matched'],
    ['enterprise', 'close', '合作已签约', 'closed'],
    ['enterprise', 'reopen', '新一轮需求', 'draft'],
  ];
  for (const [role, action, arg, want] of steps) {
    const r = action === 'PATCH'
      ? await api(s.url, 'PATCH', path(id), { token: tok[role], body: arg })
      : await act(s.url, tok[role], 'demands', id, action, arg === null ? {} : { comment: arg });
    assert.equal(r.status, 200, `${role} ${action}: ${r.text}`);
    assert.equal((await asAdmin(id)).status, want, `${role} ${action}`);
  }
  const actions = ['create', ...steps.map(([, a]) => (a === 'PATCH' ? 'update' : a))];
  const h = await api(s.url, 'GET', `${path(id)}/history`, { token: tok.enterprise });
  assert.equal(h.status, 200, h.text);
  assert.deepEqual(h.json.items.map((i) => i.action), actions);
  assert.deepEqual(h.json.items.map((i) => i.version), actions.map((_, i) => i + 1));
  assert.deepEqual(h.json.items.map((i) => i.status), ['draft', ...steps.map(([, , , w]) => w)]);
  assert.deepEqual(h.json.items.map((i) => i.comment), [null, ...steps.map(([, a, arg]) => (a === 'PATCH' ? null : arg))]);
  assert.deepEqual(h.json.items[3].changed, ['budget_min_fen']);
  assert.match(h.json.items[6].actor, /broker/);
  const rows = await auditRows(s.url, tok.admin, 'demand', id);
  assert.deepEqual(rows.map((r) => r.action), actions);
  steps.forEach(([, action, arg, want], i) => {
    assert.equal(rows[i + 1].after.status, want);
    if (action !== 'PATCH' && arg !== null) assert.equal(rows[i + 1].after.comment, arg, `audit ${action}: after.comment`);
  });
  const mine = (await notificationsOf(s.url, tok.enterprise)).items.filter((n) => n.entity === 'demand' && n.entity_id === id);
  assert.equal(mine.length, 3, JSON.stringify(mine)); // return, publish, match
  assert.ok(mine.every((n) => n.kind === 'demand_status' && n.message.includes('全流程需求')));
  assert.ok(mine.some((n) => n.message.includes('预算说明不清')));
  assert.ok(mine.some((n) => n.message.includes('已对接四川大学硅碳负极团队')));
});

const ACTOR = { submit: 'enterprise', match: 'enterprise', withdraw: 'enterprise', close: 'enterprise', reopen: 'enterprise', publish: 'reviewer', return: 'reviewer', reject: 'reviewer' };
const STATES = ['draft', 'submitted', 'published', 'matched', 'closed', 'rejected'];
const NEXT = {
  submit: { draft: 'submitted' },
  publish: { submitted: 'published' },
  return: { submitted: 'draft' },
  reject: { submitted: 'rejected' },
  match: { published: 'matched' },
  withdraw: { submitted: 'draft', published: 'draft' },
  close: { published: 'closed', matched: 'closed' },
  reopen: { closed: 'draft' },
};

test('workflow: every action × every state → the next state, 409 (nothing changes) or 404 (reviewer and a draft)', async () => {
  const shared = {};
  for (const st of STATES) shared[st] = (await makeDemand(s.url, YB(), st)).id;
  const failures = [];
  for (const [action, next] of Object.entries(NEXT)) {
    for (const st of STATES) {
      const role = ACTOR[action];
      const allowed = st in next;
      const id = allowed ? (await makeDemand(s.url, YB(), st)).id : shared[st];
      const before0 = await asAdmin(id);
      const r = await act(s.url, tok[role], 'demands', id, action);
      const want = allowed ? 200 : role === 'reviewer' && st === 'draft' ? 404 : 409;
      const after0 = await asAdmin(id);
      if (r.status !== want) { failures.push(`${role} ${action} from ${st}: ${r.status} (want ${want}) ${r.text.slice(0, 160)}`); continue; }
      if (allowed && after0.status !== next[st]) failures.push(`${action} from ${st}: now ${after0.status}, want ${next[st]}`);
      if (allowed && after0.version !== before0.version + 1) failures.push(`${action} from ${st}: version ${before0.version} → ${after0.version}`);
      if (!allowed && JSON.stringify(after0) !== JSON.stringify(before0)) failures.push(`${role} ${action} from ${st}: refused but changed`);
    }
  }
  assert.deepEqual(failures, []);
});

test('workflow: who may act — brokers match, officers only in their region, others 403; unknown action → 422', async () => {
  // a 宜宾 demand: the 成都 officer sees it once public, but may not act on it
  const ybSub = await makeDemand(s.url, YB(), 'submitted');
  assert.equal((await act(s.url, tok.officer, 'demands', ybSub.id, 'publish')).status, 404);
  const ybPub = await makeDemand(s.url, YB(), 'published');
  for (const action of ['match', 'close']) assert.equal((await act(s.url, tok.officer, 'demands', ybPub.id, action)).status, 403, `officer ${action} outside the region`);
  for (const [role, action] of [['expert', 'match'], ['researcher', 'match'], ['broker', 'close'], ['broker', 'withdraw'], ['reviewer', 'match'], ['org_admin', 'close'], ['enterprise', 'publish']]) {
    const r = await act(s.url, tok[role], 'demands', ybPub.id, action);
    assert.equal(r.status, 403, `${role} ${action}: ${r.text}`);
  }
  assert.equal((await asAdmin(ybPub.id)).status, 'published');
  assert.equal((await act(s.url, tok.broker, 'demands', ybPub.id, 'match', { comment: '经纪人撮合成功' })).status, 200);
  // a 成都 demand: the 成都 officer publishes, matches and closes it
  const cd = await makeDemand(s.url, RXW(), 'submitted', CD);
  for (const [action, want] of [['publish', 'published'], ['match', 'matched'], ['close', 'closed']]) {
    const r = await act(s.url, tok.officer, 'demands', cd.id, action, { comment: `科技局：${action}` });
    assert.equal(r.status, 200, `officer ${action}: ${r.text}`);
    assert.equal(r.json.status, want);
  }
  // the owner (锐芯微 enterprise + org_admin) reopens it; admin may withdraw and reopen anything
  assert.equal((await act(s.url, tok.enterprise_rxw, 'demands', cd.id, 'reopen')).status, 200);
  const adm = await makeDemand(s.url, YB(), 'published');
  assert.equal((await act(s.url, tok.admin, 'demands', adm.id, 'withdraw')).status, 200);
  // unknown or missing action
  for (const body of [{ action: 'approve' }, { action: 'expire' }, {}]) {
    assert422(await api(s.url, 'POST', `${path(adm.id)}/transitions`, { token: tok.admin, body }), 'action', JSON.stringify(body));
  }
  assert.equal((await act(s.url, undefined, 'demands', adm.id, 'submit')).status, 401);
});

/* ---------------- the list ---------------- */

const M = {};
const LTAG = `${TAG}L`;
const QD = `QDesc${process.pid}z`;

async function listFixtures() {
  if (M.M1) return;
  const spec = [
    ['M1', YB(), 'published', { kind: 'tech_problem', industry: '3841', region: '511502', budget_min_fen: 100000000, budget_max_fen: 500000000, deadline: '2030-06-30', trl_min: 4, cooperation_modes: ['co_develop', 'commission'] }],
    ['M2', YB(), 'published', { kind: 'achievement_wanted', industry: '3841', region: '511502', budget_min_fen: 200000000, budget_max_fen: 800000000, deadline: '2029-12-31', trl_min: 7, cooperation_modes: ['transfer', 'license'] }],
    ['M3', RXW(), 'published', { kind: 'talent', industry: '3973', region: '510107', budget_min_fen: 50000000, budget_max_fen: 100000000, deadline: '2031-03-31', trl_min: 3, cooperation_modes: ['consulting'] }],
    ['M4', RXW(), 'published', { kind: 'equipment', industry: '6513', region: '510117', budget_min_fen: 30000000, budget_max_fen: 60000000, deadline: '2030-01-31', trl_min: 6, cooperation_modes: ['commission'], description: `需要芯片可靠性测试平台和高低温试验箱等设备共享服务。${QD}` }],
    ['M5', YB(), 'published', { kind: 'finance', industry: '7320', region: '511502', budget_min_fen: 1000000000, budget_max_fen: 2000000000, deadline: '2032-12-31', trl_min: 8, cooperation_modes: ['equity'] }],
    ['M6', YB(), 'draft', { kind: 'tech_problem', industry: '3841', region: '511502', budget_min_fen: 100000000, budget_max_fen: 300000000, deadline: '2030-09-30', trl_min: 5, cooperation_modes: ['co_develop'] }],
    ['M7', RXW(), 'submitted', { kind: 'tech_problem', industry: '3973', region: '510107', budget_min_fen: 400000000, budget_max_fen: 600000000, deadline: '2029-06-30', trl_min: 2, cooperation_modes: ['co_develop', 'consulting'] }],
    ['M8', YB(), 'matched', { kind: 'achievement_wanted', industry: '3841', region: '511502', budget_min_fen: 600000000, budget_max_fen: 900000000, deadline: '2031-12-31', trl_min: 9, cooperation_modes: ['license'] }],
  ];
  for (const [name, who, st, over] of spec) M[name] = (await makeDemand(s.url, who, st, { title: `${LTAG} ${name} 列表测试需求`, ...over })).id;
}
const ids = (...names) => names.map((n) => M[n]);
const desc = (arr) => [...arr].sort((a, b) => b - a);
const PUBLIC = ['M1', 'M2', 'M3', 'M4', 'M5', 'M8'];

test('list: filters kind, budget range (overlap), cooperation mode, TRL, industry, region, status, org, q', async () => {
  await listFixtures();
  const q = `q=${encodeURIComponent(LTAG)}`;
  const all = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'];
  const cases = [
    [q, all],
    [`q=${QD}`, ['M4']], // in the description only
    [`${q}&kind=tech_problem`, ['M1', 'M6', 'M7']],
    [`${q}&kind=achievement_wanted`, ['M2', 'M8']],
    [`${q}&kind=finance`, ['M5']],
    [`${q}&budget_min=500000000`, ['M1', 'M2', 'M5', 'M7', 'M8']], // budget_max_fen ≥ 5 亿分
    [`${q}&budget_max=100000000`, ['M1', 'M3', 'M4', 'M6']], // budget_min_fen ≤ 1 亿分
    [`${q}&budget_min=200000000&budget_max=400000000`, ['M1', 'M2', 'M6', 'M7']],
    [`${q}&cooperation_mode=co_develop`, ['M1', 'M6', 'M7']],
    [`${q}&cooperation_mode=license`, ['M2', 'M8']],
    [`${q}&cooperation_mode=consulting`, ['M3', 'M7']],
    [`${q}&trl=5`, ['M1', 'M3', 'M6', 'M7']], // demands that accept a TRL 5 result
    [`${q}&trl=9`, all],
    [`${q}&trl=1`, []],
    [`${q}&industry=C`, ['M1', 'M2', 'M3', 'M6', 'M7', 'M8']],
    [`${q}&industry=38`, ['M1', 'M2', 'M6', 'M8']],
    [`${q}&industry=I`, ['M4']],
    [`${q}&region=5101`, ['M3', 'M4', 'M7']],
    [`${q}&region=5115`, ['M1', 'M2', 'M5', 'M6', 'M8']],
    [`${q}&region=510107`, ['M3', 'M7']],
    [`${q}&status=published`, ['M1', 'M2', 'M3', 'M4', 'M5']],
    [`${q}&status=matched`, ['M8']],
    [`${q}&org=${org.rxw}`, ['M3', 'M4', 'M7']],
    [`${q}&org=${org.ybln}`, ['M1', 'M2', 'M5', 'M6', 'M8']],
    [`${q}&kind=tech_problem&region=5115`, ['M1', 'M6']],
  ];
  for (const [qs, want] of cases) {
    for (const [who, t] of [['admin', tok.admin], ['anonymous', undefined]]) {
      const expect = who === 'admin' ? want : want.filter((n) => PUBLIC.includes(n));
      const r = await api(s.url, 'GET', `/api/v1/demands?${qs}&limit=100`, { token: t });
      assert.equal(r.status, 200, `${qs}: ${r.text}`);
      assert.deepEqual(r.json.items.map((i) => i.id), desc(ids(...expect)), `${who} ${qs}`);
      assert.equal(r.json.total, expect.length, `${who} ${qs}: total`);
    }
  }
});

test('list: sorts -id (default), id, -budget, deadline, -updated_at; cursor pages of 3 keep the order', async () => {
  await listFixtures();
  const base = `/api/v1/demands?q=${encodeURIComponent(LTAG)}`;
  const all = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'];
  const cases = [
    ['-id', desc(ids(...all))],
    ['id', desc(ids(...all)).reverse()],
    ['-budget', ids('M5', 'M8', 'M2', 'M7', 'M1', 'M6', 'M3', 'M4')],
    ['deadline', ids('M7', 'M2', 'M4', 'M1', 'M6', 'M3', 'M8', 'M5')],
  ];
  for (const [sort, want] of cases) {
    const r = await api(s.url, 'GET', `${base}&sort=${sort}&limit=100`, { token: tok.admin });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((i) => i.id), want, `sort=${sort}`);
    for (const n of [2, 3]) {
      const w = await walkList(s.url, `${base}&sort=${sort}`, n, tok.admin);
      const got = w.items.map((i) => i.id);
      assert.equal(new Set(got).size, got.length, `sort=${sort} limit=${n}: duplicates`);
      assert.deepEqual(got, want, `sort=${sort} limit=${n}`);
      assert.equal(w.total, 8);
    }
  }
  // -updated_at: the last edited first
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal((await api(s.url, 'PATCH', path(M.M6), { token: tok.enterprise, body: { basis: '更新后的现有基础' } })).status, 200);
  const u = await walkList(s.url, `${base}&sort=-updated_at`, 3, tok.admin);
  assert.equal(u.items[0].id, M.M6);
  assert.equal(u.items.length, 8);
  assert.equal(new Set(u.items.map((i) => i.id)).size, 8);
  for (let i = 1; i < u.items.length; i++) assert.ok(Date.parse(u.items[i - 1].updated_at) >= Date.parse(u.items[i].updated_at));
  // the default is -id
  const d = await api(s.url, `GET`, `${base}&limit=100`, { token: tok.admin });
  assert.deepEqual(d.json.items.map((i) => i.id), desc(ids(...all)));
});

test('list: facets=1 counts by industry 门类, city and kind (full codes, Chinese names) adding up to the total', async () => {
  await listFixtures();
  const sum = (arr) => arr.reduce((n, f) => n + f.count, 0);
  const byCode = (arr) => Object.fromEntries(arr.map((f) => [f.code, f.count]));
  const r = await api(s.url, 'GET', `/api/v1/demands?q=${encodeURIComponent(LTAG)}&facets=1`, { token: tok.admin });
  assert.equal(r.status, 200, r.text);
  const f = r.json.facets;
  assert.ok(f && f.industry && f.city && f.kind, r.text);
  for (const k of ['industry', 'city', 'kind']) assert.equal(sum(f[k]), 8, `facets.${k}`);
  assert.deepEqual(byCode(f.industry), { C: 6, I: 1, M: 1 });
  assert.deepEqual(byCode(f.city), { 511500: 5, 510100: 3 });
  assert.equal(f.city.find((x) => x.code === '511500').name, '宜宾市');
  assert.deepEqual(byCode(f.kind), { tech_problem: 3, achievement_wanted: 2, talent: 1, equipment: 1, finance: 1 });
  const names = Object.fromEntries(f.kind.map((x) => [x.code, x.name]));
  assert.deepEqual(names, { tech_problem: '技术难题', achievement_wanted: '成果引进', talent: '人才需求', equipment: '设备需求', finance: '投融资' });
  const a = await api(s.url, 'GET', `/api/v1/demands?q=${encodeURIComponent(LTAG)}&facets=1`);
  assert.equal(a.json.total, 6);
  for (const k of ['industry', 'city', 'kind']) assert.equal(sum(a.json.facets[k]), 6, `anonymous facets.${k}`);
});

test('list: bad parameters → 422 naming the parameter', async () => {
  const cases = [
    ['sort=budget', 'sort'], ['sort=price', 'sort'], ['kind=wish', 'kind'], ['status=open', 'status'],
    ['budget_min=-1', 'budget_min'], ['budget_max=x', 'budget_max'], ['trl=0', 'trl'], ['trl=10', 'trl'],
    ['cooperation_mode=partnership', 'cooperation_mode'], ['industry=ZZ', 'industry'], ['region=abc', 'region'],
    ['cursor=bad', 'cursor'], ['limit=0', 'limit'], ['limit=101', 'limit'],
  ];
  for (const [qs, field] of cases) assert422(await api(s.url, 'GET', `/api/v1/demands?${qs}`), field, qs);
});

test('deadline and budgets: a future deadline is kept; clearing optional fields with null is allowed in draft', async () => {
  const d = await makeDemand(s.url, YB(), 'draft');
  const p = await api(s.url, 'PATCH', path(d.id), { token: tok.enterprise, body: { deadline: FUTURE_DATE, budget_min_fen: null, budget_max_fen: null, trl_min: null } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.deadline, FUTURE_DATE);
  assert.equal(p.json.budget_min_fen, null);
  assert.equal(p.json.budget_max_fen, null);
  assert.equal(p.json.trl_min, null);
});

test('create: an enterprise user may name its own org_id (accepted); another org is refused with 403', async () => {
  const own = await api(s.url, 'POST', '/api/v1/demands', { token: tok.enterprise, body: demandBody({ org_id: org.ybln, title: `${TAG} 本企业编号需求` }) });
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.org_id, org.ybln);
  const other = await api(s.url, 'POST', '/api/v1/demands', { token: tok.enterprise, body: demandBody({ org_id: org.rxw, title: `${TAG} 他企业编号需求` }) });
  assert.equal(other.status, 403, other.text);
});

test('a date field given a date-time says the format expected (日期格式应为 YYYY-MM-DD), not a length error; nothing stored', async () => {
  for (const deadline of ['2027-06-30T00:00:00Z', '2027-06-30 08:00']) {
    const title = `${TAG} 日期格式需求 ${deadline.length}`;
    const r = await api(s.url, 'POST', '/api/v1/demands', { token: tok.enterprise, body: demandBody({ title, deadline }) });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.fields.deadline, '日期格式应为 YYYY-MM-DD', r.text);
    const l = await api(s.url, 'GET', `/api/v1/demands?q=${encodeURIComponent(title)}`, { token: tok.admin });
    assert.equal(l.json.total, 0);
  }
});
