// 成果库: achievements — create with every field of PRODUCT.md §3.2, bad input (422 naming the
// field, nothing stored), ETag / If-Match, edits by state, the 征集 → 形式审查 → 筛选评估 → 发布
// state machine (every action from every state), comments in the audit chain, revisions, in-app
// notifications, expiry and renewal, and the list: filters, sorts, cursor pagination, facets.
// Expectations are written from PRODUCT.md §3.2/§5 and issue 3, not read from the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, sql, loginAll, orgIdByName, achievementBody, makeAchievement, makeUser, act,
  backdateAchievement, walkList, auditRows, auditTotal, notificationsOf, FUTURE_DATE, PAST_DATE,
} from './lib.mjs';

let s;
let tok; // role -> token
let officerMy; // 绵阳市科技局 (region 510700)
let resMy; // a researcher of 西南科技大学 (绵阳), created in before()
const org = {};
const TAG = `AchT${process.pid}x${Date.now().toString(36)}`;

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  officerMy = (await login(s.url, 'officer_my')).token;
  org.scu = await orgIdByName(s.url, '四川大学');
  org.swust = await orgIdByName(s.url, '西南科技大学');
  org.ybln = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  resMy = await makeUser(s.url, tok.admin, { roles: ['researcher'], org_id: org.swust, prefix: 'res_my' });
});
after(async () => {
  if (!s) return;
  const ex = await s.stop();
  const stderr = s.stderr;
  s.cleanup();
  assert.deepEqual(ex, { code: 0, signal: null }, `server exit ${JSON.stringify(ex)}: ${stderr.slice(-2000)}`);
});

const SCU = () => ({ owner: tok.researcher, reviewer: tok.reviewer, admin: tok.admin });
const path = (id) => `/api/v1/achievements/${id}`;
const asAdmin = async (id) => (await api(s.url, 'GET', path(id), { token: tok.admin })).json;
const adminTotal = async () => (await api(s.url, 'GET', '/api/v1/achievements?limit=1', { token: tok.admin })).json.total;

function assert422(r, field, what) {
  assert.equal(r.status, 422, `${what}: expected 422, got ${r.status}: ${r.text}`);
  assert.equal(r.json.error.code, 'validation_failed', r.text);
  assert.ok(r.json.error.fields && field in r.json.error.fields, `${what}: field ${field} not named: ${r.text}`);
}

/* ---------------- create ---------------- */

test('create: a researcher registers a draft of 四川大学 → 201, Location, ETag "v1", every field kept', async () => {
  const body = achievementBody({ title: `${TAG} 面向储能的固态电解质薄膜技术`, keywords: ['固态电解质', '储能', '薄膜'] });
  const c = await api(s.url, 'POST', '/api/v1/achievements', { token: tok.researcher, body });
  assert.equal(c.status, 201, c.text);
  const id = c.json.id;
  assert.ok(Number.isInteger(id) && id > 0);
  assert.equal(c.headers.get('location'), `/api/v1/achievements/${id}`);
  assert.equal(c.headers.get('etag'), '"v1"');
  for (const [k, v] of Object.entries(body)) assert.deepEqual(c.json[k], v, `field ${k}`);
  assert.equal(c.json.status, 'draft');
  assert.equal(c.json.org_id, org.scu);
  assert.equal(c.json.version, 1);
  assert.equal(c.json.published_at, null);
  assert.match(c.json.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(c.json.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  const g = await api(s.url, 'GET', path(id), { token: tok.researcher });
  assert.equal(g.status, 200, g.text);
  assert.equal(g.headers.get('etag'), '"v1"');
  for (const [k, v] of Object.entries(body)) assert.deepEqual(g.json[k], v, `GET field ${k}`);
  assert.equal(g.json.detail_visible, true);
  assert.equal(g.json.has_detail, true);

  // the org admin of 四川大学 registers too; the org is theirs
  const o = await api(s.url, 'POST', '/api/v1/achievements', { token: tok.org_admin, body: achievementBody() });
  assert.equal(o.status, 201, o.text);
  assert.equal(o.json.org_id, org.scu);
  assert.equal(o.json.status, 'draft');

  // the audit chain has the create
  const rows = await auditRows(s.url, tok.admin, 'achievement', id);
  assert.deepEqual(rows.map((r) => r.action), ['create']);
  assert.equal(rows[0].after.title, body.title);
});

test('create: the limits themselves are accepted (title of 4 and 100 characters, shares adding up to exactly 100%, price 0)', async () => {
  for (const over of [
    { title: '硅碳负极' },
    { title: '成'.repeat(100) },
    { team: [{ name: '刘教授', share_pct: 70 }, { name: '王博士', share_pct: 30 }] },
    { team: [] },
    { price_fen: 0 },
    { trl: 1 },
    { trl: 9 },
    { transfer_modes: ['transfer', 'license', 'equity', 'co_develop'], transaction_mode: 'auction' },
  ]) {
    const r = await api(s.url, 'POST', '/api/v1/achievements', { token: tok.researcher, body: achievementBody(over) });
    assert.equal(r.status, 201, `${JSON.stringify(over)}: ${r.text}`);
    for (const [k, v] of Object.entries(over)) assert.deepEqual(r.json[k], v, k);
  }
});

test('create: anonymous → 401; enterprise, broker, expert, reviewer → 403; another org\'s id → 403; nothing stored', async () => {
  const total0 = await adminTotal();
  const audit0 = await auditTotal(s.url, tok.admin);
  const body = achievementBody({ title: `${TAG} 不应存储的成果` });
  assert.equal((await api(s.url, 'POST', '/api/v1/achievements', { body })).status, 401);
  for (const role of ['enterprise', 'broker', 'expert', 'reviewer']) {
    const r = await api(s.url, 'POST', '/api/v1/achievements', { token: tok[role], body });
    assert.equal(r.status, 403, `${role}: ${r.text}`);
    assert.equal(r.json.error.code, 'forbidden');
  }
  const other = await api(s.url, 'POST', '/api/v1/achievements', { token: tok.researcher, body: { ...body, org_id: org.ybln } });
  assert.equal(other.status, 403, `researcher registering for 宜宾锂能: ${other.text}`);
  const officerOut = await api(s.url, 'POST', '/api/v1/achievements', { token: tok.officer, body: { ...body, org_id: org.swust } });
  assert.equal(officerOut.status, 403, `成都 officer registering for 西南科技大学 (绵阳): ${officerOut.text}`);
  assert.equal(await adminTotal(), total0, 'a refused create stored a record');
  assert.equal(await auditTotal(s.url, tok.admin), audit0, 'a refused create was audited as a change');
  const q = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent('不应存储的成果')}`, { token: tok.admin });
  assert.equal(q.json.total, 0);
});

/* ---------------- bad input ---------------- */

const BAD = [
  ['team', { team: [{ name: '刘教授', share_pct: 60 }, { name: '王博士', share_pct: 41 }] }, 'shares adding up to 101%'],
  ['team', { team: [{ name: '刘教授', share_pct: 101 }] }, 'one share over 100%'],
  ['team', { team: [{ name: '刘教授', share_pct: -5 }] }, 'a negative share'],
  ['price_fen', { price_fen: -1 }, 'a negative price'],
  ['price_fen', { price_fen: 1.5 }, 'a fractional price in 分'],
  ['valid_until', { valid_until: PAST_DATE }, 'validity in the past'],
  ['valid_until', { valid_until: '2030-13-01' }, 'month 13'],
  ['valid_until', { valid_until: '2030-02-30' }, '30 February'],
  ['valid_until', { valid_until: '2030/12/31' }, 'slashes'],
  ['valid_until', { valid_until: '明年' }, 'not a date'],
  ['title', { title: '成'.repeat(101) }, 'title of 101 characters'],
  ['title', { title: '硅碳' }, 'title of 2 characters'],
  ['title', { title: '硅碳负' }, 'title of 3 characters'],
  ['transfer_modes', { transfer_modes: ['sell'] }, 'unknown transfer mode'],
  ['transfer_modes', { transfer_modes: [] }, 'no transfer mode'],
  ['transaction_mode', { transaction_mode: 'barter' }, 'unknown transaction mode'],
  ['tech_field', { tech_field: 'magic' }, 'unknown 技术领域'],
  ['industry', { industry: 'Z' }, 'unknown 门类'],
  ['industry', { industry: '9999' }, 'unknown industry code'],
  ['region', { region: '519999' }, 'unknown region code'],
  ['region', { region: '51010' }, 'a five-digit region'],
  ['trl', { trl: 0 }, 'TRL 0'],
  ['trl', { trl: 10 }, 'TRL 10'],
  ['ip', { ip: [{ type: 'trademark', number: 'TM-001', status: 'granted' }] }, 'unknown IP type'],
  ['ip', { ip: [{ type: 'patent_invention', number: 'ZL1', status: 'lost' }] }, 'unknown IP status'],
];

test('create: bad input → 422 naming the field, nothing stored and nothing audited', async () => {
  const total0 = await adminTotal();
  const audit0 = await auditTotal(s.url, tok.admin);
  for (const [field, over, what] of BAD) {
    const r = await api(s.url, 'POST', '/api/v1/achievements', { token: tok.researcher, body: achievementBody({ title: `${TAG} 坏输入 ${field}`, ...over }) });
    assert422(r, field, what);
  }
  for (const field of ['title', 'summary', 'industry', 'region', 'trl', 'transfer_modes', 'transaction_mode']) {
    const body = achievementBody();
    delete body[field];
    assert422(await api(s.url, 'POST', '/api/v1/achievements', { token: tok.researcher, body }), field, `missing ${field}`);
  }
  assert.equal(await adminTotal(), total0, 'bad input stored a record');
  assert.equal(await auditTotal(s.url, tok.admin), audit0, 'bad input was audited');
});

test('PATCH: bad input → 422 naming the field; the record, its version and the audit chain unchanged', async () => {
  const a = await makeAchievement(s.url, SCU(), 'draft');
  const before0 = await asAdmin(a.id);
  const audit0 = await auditTotal(s.url, tok.admin);
  for (const [field, over, what] of BAD) {
    assert422(await api(s.url, 'PATCH', path(a.id), { token: tok.researcher, body: over }), field, `PATCH ${what}`);
  }
  for (const field of ['title', 'summary', 'industry', 'region', 'trl', 'transfer_modes', 'transaction_mode']) {
    assert422(await api(s.url, 'PATCH', path(a.id), { token: tok.researcher, body: { [field]: null } }), field, `PATCH ${field}: null`);
  }
  assert.deepEqual(await asAdmin(a.id), before0, 'bad input changed the record');
  assert.equal(await auditTotal(s.url, tok.admin), audit0, 'bad input was audited');
});

/* ---------------- ETag / If-Match ---------------- */

test('ETag / If-Match: a stale If-Match on PATCH or on a transition → 412, nothing changes', async () => {
  const a = await makeAchievement(s.url, SCU(), 'draft');
  const p1 = await api(s.url, 'PATCH', path(a.id), { token: tok.researcher, body: { price_fen: 123400 }, headers: { 'if-match': '"v1"' } });
  assert.equal(p1.status, 200, p1.text);
  assert.equal(p1.headers.get('etag'), '"v2"');
  assert.equal(p1.json.price_fen, 123400);
  const audit0 = await auditTotal(s.url, tok.admin);

  const stale = await api(s.url, 'PATCH', path(a.id), { token: tok.researcher, body: { price_fen: 999 }, headers: { 'if-match': '"v1"' } });
  assert.equal(stale.status, 412, stale.text);
  assert.equal(stale.json.error.code, 'precondition_failed');
  const staleT = await act(s.url, tok.researcher, 'achievements', a.id, 'submit', {}, { 'if-match': '"v1"' });
  assert.equal(staleT.status, 412, staleT.text);
  let g = await api(s.url, 'GET', path(a.id), { token: tok.researcher });
  assert.equal(g.headers.get('etag'), '"v2"');
  assert.equal(g.json.price_fen, 123400);
  assert.equal(g.json.status, 'draft');
  assert.equal(await auditTotal(s.url, tok.admin), audit0, 'a 412 was audited');

  const ok = await act(s.url, tok.researcher, 'achievements', a.id, 'submit', {}, { 'if-match': '"v2"' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.headers.get('etag'), '"v3"');
  assert.equal(ok.json.status, 'submitted');
  // the reviewer read version 2 and acts on it: refused
  const rv = await act(s.url, tok.reviewer, 'achievements', a.id, 'accept', {}, { 'if-match': '"v2"' });
  assert.equal(rv.status, 412, rv.text);
  g = await api(s.url, 'GET', path(a.id), { token: tok.reviewer });
  assert.equal(g.json.status, 'submitted');
  assert.equal(g.json.version, 3);
  const rv2 = await act(s.url, tok.reviewer, 'achievements', a.id, 'accept', {}, { 'if-match': '"v3"' });
  assert.equal(rv2.status, 200, rv2.text);
  assert.equal(rv2.json.status, 'screening');
});

/* ---------------- edits by state ---------------- */

test('PATCH: the owner edits in draft, withdrawn and expired; in submitted, screening, published, rejected → 409 and unchanged', async () => {
  const expired = await makeAchievement(s.url, SCU(), 'published');
  backdateAchievement(s.dbPath, expired.id, { status: 'expired' });
  const cases = {
    draft: (await makeAchievement(s.url, SCU(), 'draft')).id,
    withdrawn: (await makeAchievement(s.url, SCU(), 'withdrawn')).id,
    expired: expired.id,
    submitted: (await makeAchievement(s.url, SCU(), 'submitted')).id,
    screening: (await makeAchievement(s.url, SCU(), 'screening')).id,
    published: (await makeAchievement(s.url, SCU(), 'published')).id,
    rejected: (await makeAchievement(s.url, SCU(), 'rejected')).id,
  };
  const want = { draft: 200, withdrawn: 200, expired: 200, submitted: 409, screening: 409, published: 409, rejected: 409 };
  for (const [state, id] of Object.entries(cases)) {
    for (const role of ['researcher', 'org_admin']) {
      const before0 = await asAdmin(id);
      const r = await api(s.url, 'PATCH', path(id), { token: tok[role], body: { summary: `修改后的公开摘要：${state} 状态下由 ${role} 修改。`, valid_until: '2031-06-30' } });
      assert.equal(r.status, want[state], `${role} PATCH in ${state}: ${r.text}`);
      const after0 = await asAdmin(id);
      if (r.status === 200) {
        assert.equal(after0.summary, `修改后的公开摘要：${state} 状态下由 ${role} 修改。`);
        assert.equal(after0.status, state, 'an edit changed the state');
        assert.equal(after0.version, before0.version + 1);
      } else {
        assert.equal(r.json.error.code, 'conflict');
        assert.deepEqual(after0, before0, `a refused edit in ${state} changed the record`);
      }
    }
  }
});

test('PATCH: a revision per edit; GET …/history names the changed fields and who changed them', async () => {
  const a = await makeAchievement(s.url, SCU(), 'draft');
  const p = await api(s.url, 'PATCH', path(a.id), { token: tok.researcher, body: { price_fen: 450000000, keywords: ['硅碳负极', '快充'] } });
  assert.equal(p.status, 200, p.text);
  const p2 = await api(s.url, 'PATCH', path(a.id), { token: tok.org_admin, body: { trl: 7 } });
  assert.equal(p2.status, 200, p2.text);
  const h = await api(s.url, 'GET', `${path(a.id)}/history`, { token: tok.researcher });
  assert.equal(h.status, 200, h.text);
  const items = h.json.items;
  assert.deepEqual(items.map((i) => i.version), [1, 2, 3]);
  assert.deepEqual(items.map((i) => i.action), ['create', 'update', 'update']);
  assert.deepEqual([...items[1].changed].sort(), ['keywords', 'price_fen']);
  assert.deepEqual(items[2].changed, ['trl']);
  assert.match(items[1].actor, /researcher/);
  assert.match(items[2].actor, /tto_scu/);
  assert.equal(items[1].data.price_fen, 450000000);
  assert.equal(items[2].data.trl, 7);
  assert.equal(items[0].data.trl, 6);
  for (const i of items) assert.match(i.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

/* ---------------- the workflow ---------------- */

test('workflow: a full path with comments — history, audit chain (after.comment) and notifications to the owners', async () => {
  const c = await api(s.url, 'POST', '/api/v1/achievements', { token: tok.researcher, body: achievementBody({ title: `${TAG} 全流程成果` }) });
  assert.equal(c.status, 201, c.text);
  const id = c.json.id;
  const steps = [
    ['researcher', 'PATCH', { price_fen: 280000000 }, 'draft'],
    ['researcher', 'submit', '请予审查', 'submitted'],
    ['reviewer', 'return', '请补充知识产权信息', 'draft'],
    ['researcher', 'PATCH', { ip: [{ type: 'patent_invention', number: 'ZL202210000001.1', status: 'applied' }] }, 'draft'],
    ['researcher', 'submit', null, 'submitted'],
    ['reviewer', 'accept', '形式审查通过', 'screening'],
    ['reviewer', 'publish', '筛选评估通过，予以发布', 'published'],
    ['researcher', 'withdraw', '技术方案调整，暂缓转化', 'withdrawn'],
    ['researcher', 'PATCH', { summary: '调整后的公开摘要：硅碳负极材料与干法电极工艺结合。' }, 'withdrawn'],
    ['researcher', 'submit', '重新提交', 'submitted'],
    ['admin', 'archive', '与其他成果重复登记', 'archived'],
  ];
  let version = 1;
  for (const [role, action, arg, want] of steps) {
    const r = action === 'PATCH'
      ? await api(s.url, 'PATCH', path(id), { token: tok[role], body: arg })
      : await act(s.url, tok[role], 'achievements', id, action, arg === null ? {} : { comment: arg });
    assert.equal(r.status, 200, `${role} ${action}: ${r.text}`);
    version++;
    const g = await asAdmin(id);
    assert.equal(g.status, want, `${role} ${action}`);
    assert.equal(g.version, version, `${role} ${action}: version`);
    if (action === 'publish') assert.match(g.published_at, /^\d{4}-\d\d-\d\dT/);
  }
  // history: one revision per step, with action, state and comment
  const h = await api(s.url, 'GET', `${path(id)}/history`, { token: tok.admin });
  assert.equal(h.status, 200, h.text);
  assert.deepEqual(h.json.items.map((i) => i.version), Array.from({ length: steps.length + 1 }, (_, i) => i + 1));
  assert.deepEqual(h.json.items.map((i) => i.action), ['create', ...steps.map(([, a]) => (a === 'PATCH' ? 'update' : a))]);
  assert.deepEqual(h.json.items.map((i) => i.status), ['draft', ...steps.map(([, , , w]) => w)]);
  assert.deepEqual(h.json.items.map((i) => i.comment), [null, ...steps.map(([, a, arg]) => (a === 'PATCH' ? null : arg))]);
  assert.deepEqual(h.json.items[1].changed, ['price_fen']);
  assert.deepEqual(h.json.items[4].changed, ['ip']);
  assert.deepEqual(h.json.items[9].changed, ['summary']);
  assert.match(h.json.items[3].actor, /reviewer/);
  // audit: the same actions; a transition's comment in after.comment; before → after states
  const rows = await auditRows(s.url, tok.admin, 'achievement', id);
  assert.deepEqual(rows.map((r) => r.action), ['create', ...steps.map(([, a]) => (a === 'PATCH' ? 'update' : a))]);
  steps.forEach(([, action, arg, want], i) => {
    const row = rows[i + 1];
    assert.equal(row.after.status, want, `audit ${action}: after.status`);
    if (action !== 'PATCH' && arg !== null) assert.equal(row.after.comment, arg, `audit ${action}: after.comment`);
    if (action !== 'PATCH' && arg === null) assert.ok(!row.after.comment, `audit ${action}: a comment nobody gave`);
  });
  assert.equal(rows[3].before.status, 'submitted');
  assert.match(rows[3].actor, /reviewer/);
  // notifications: the creator hears of every move made by someone else, with the comment
  const mine = (await notificationsOf(s.url, tok.researcher)).items.filter((n) => n.entity === 'achievement' && n.entity_id === id);
  assert.equal(mine.length, 4, `researcher: ${JSON.stringify(mine)}`); // return, accept, publish, archive
  for (const n of mine) {
    assert.equal(n.read, false);
    assert.match(n.message, /全流程成果/);
  }
  assert.ok(mine.some((n) => n.message.includes('请补充知识产权信息')), 'the return comment is not in the notification');
  assert.ok(mine.some((n) => n.message.includes('与其他成果重复登记')), 'the archive comment is not in the notification');
  // the org admin of 四川大学 hears of every state change (eight transitions)
  const tto = (await notificationsOf(s.url, tok.org_admin)).items.filter((n) => n.entity === 'achievement' && n.entity_id === id);
  assert.equal(tto.length, 8, `tto_scu: ${JSON.stringify(tto)}`);
  // the reviewer, a stranger to the record, hears nothing of it
  const rev = (await notificationsOf(s.url, tok.reviewer)).items.filter((n) => n.entity === 'achievement' && n.entity_id === id);
  assert.equal(rev.length, 0);
  // archived: nothing moves it and nobody edits it any more
  for (const [role, action] of [['researcher', 'submit'], ['researcher', 'withdraw'], ['reviewer', 'accept'], ['admin', 'archive'], ['researcher', 'renew']]) {
    const r = await act(s.url, tok[role], 'achievements', id, action, action === 'renew' ? { valid_until: FUTURE_DATE } : {});
    assert.equal(r.status, 409, `${role} ${action} on archived: ${r.text}`);
  }
  for (const role of ['researcher', 'admin']) {
    const r = await api(s.url, 'PATCH', path(id), { token: tok[role], body: { price_fen: 1 } });
    assert.equal(r.status, 409, `${role} PATCH on archived: ${r.text}`);
  }
  assert.equal((await asAdmin(id)).version, version);
});

/* Every action from every state, by an actor who may take it (owner: researcher; review: reviewer;
 * archive: admin). Allowed → the new state and a new version; otherwise 409 and nothing changes;
 * the reviewer cannot see drafts → 404. */
const ACTOR = { submit: 'researcher', withdraw: 'researcher', renew: 'researcher', accept: 'reviewer', return: 'reviewer', reject: 'reviewer', publish: 'reviewer', archive: 'admin' };
const STATES = ['draft', 'submitted', 'screening', 'published', 'withdrawn', 'rejected', 'expired', 'archived'];
const NEXT = {
  submit: { draft: 'submitted', withdrawn: 'submitted' },
  accept: { submitted: 'screening' },
  return: { submitted: 'draft', screening: 'draft' },
  reject: { submitted: 'rejected', screening: 'rejected' },
  publish: { screening: 'published' },
  withdraw: { submitted: 'withdrawn', screening: 'withdrawn', published: 'withdrawn' },
  renew: { expired: 'published' },
  archive: { draft: 'archived', submitted: 'archived', screening: 'archived', published: 'archived', withdrawn: 'archived', rejected: 'archived', expired: 'archived' },
};

async function inState(state) {
  if (state === 'expired') {
    const a = await makeAchievement(s.url, SCU(), 'published');
    backdateAchievement(s.dbPath, a.id, { status: 'expired' });
    return a.id;
  }
  return (await makeAchievement(s.url, SCU(), state)).id;
}

test('workflow: every action × every state → the next state, 409 (nothing changes) or 404 (reviewer and a draft)', async () => {
  const shared = {};
  for (const st of STATES) shared[st] = await inState(st);
  const failures = [];
  for (const [action, next] of Object.entries(NEXT)) {
    for (const st of STATES) {
      const role = ACTOR[action];
      const allowed = st in next;
      const id = allowed ? await inState(st) : shared[st];
      const before0 = await asAdmin(id);
      const extra = action === 'renew' ? { valid_until: FUTURE_DATE } : {};
      const r = await act(s.url, tok[role], 'achievements', id, action, extra);
      const want = allowed ? 200 : role === 'reviewer' && st === 'draft' ? 404 : 409;
      const after0 = await asAdmin(id);
      if (r.status !== want) { failures.push(`${role} ${action} from ${st}: ${r.status} (want ${want}) ${r.text.slice(0, 160)}`); continue; }
      if (allowed) {
        if (after0.status !== next[st]) failures.push(`${action} from ${st}: now ${after0.status}, want ${next[st]}`);
        if (!(after0.version > before0.version)) failures.push(`${action} from ${st}: version ${before0.version} → ${after0.version}`);
      } else if (JSON.stringify(after0) !== JSON.stringify(before0)) {
        failures.push(`${role} ${action} from ${st}: refused but the record changed`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test('workflow: an unknown or missing action → 422 on action; expire is the platform\'s own → 403; nothing changes', async () => {
  const a = await makeAchievement(s.url, SCU(), 'submitted');
  const before0 = await asAdmin(a.id);
  for (const body of [{ action: 'approve' }, { action: 'PUBLISH' }, { action: '' }, {}]) {
    const r = await api(s.url, 'POST', `${path(a.id)}/transitions`, { token: tok.reviewer, body });
    assert422(r, 'action', JSON.stringify(body));
  }
  const e = await act(s.url, tok.admin, 'achievements', a.id, 'expire');
  assert.equal(e.status, 403, e.text);
  assert.deepEqual(await asAdmin(a.id), before0);
});

test('workflow: a role that may never take the action → 403 and nothing changes; on a record it cannot see → 404', async () => {
  const sub = await makeAchievement(s.url, SCU(), 'submitted');
  const pub = await makeAchievement(s.url, SCU(), 'published');
  const draft = await makeAchievement(s.url, SCU(), 'draft');
  const cases = [
    ['researcher', sub.id, 'accept', 403], // the owner does not screen its own record
    ['org_admin', sub.id, 'reject', 403],
    ['researcher', pub.id, 'archive', 403],
    ['enterprise', pub.id, 'archive', 403], // sees the card, may not act
    ['broker', pub.id, 'withdraw', 403],
    ['expert', pub.id, 'publish', 403],
    ['reviewer', pub.id, 'withdraw', 403],
    ['officer', pub.id, 'withdraw', 403],
    ['enterprise', sub.id, 'accept', 404], // cannot see a submitted record of another org
    ['broker', draft.id, 'submit', 404],
    ['reviewer', draft.id, 'submit', 404],
    ['officer', draft.id, 'submit', 404],
    ['researcher', 987654321, 'submit', 404],
  ];
  for (const [role, id, action, want] of cases) {
    const before0 = id === 987654321 ? null : await asAdmin(id);
    const r = await act(s.url, tok[role], 'achievements', id, action);
    assert.equal(r.status, want, `${role} ${action} on #${id}: ${r.text}`);
    if (before0) assert.deepEqual(await asAdmin(id), before0, `${role} ${action}: refused but changed`);
  }
  assert.equal((await act(s.url, undefined, 'achievements', pub.id, 'withdraw')).status, 401);
});

test('workflow: officers act only in their region (成都 officer: 510107 yes, 510703 no; 绵阳 officer: the reverse)', async () => {
  const my = { owner: resMy.token, reviewer: tok.reviewer, admin: tok.admin };
  const cdSub = await makeAchievement(s.url, SCU(), 'submitted');
  const mySub = await makeAchievement(s.url, my, 'submitted', { region: '510703' });
  const myPub = await makeAchievement(s.url, my, 'published', { region: '510703' });
  // outside the region, a submitted record is not visible: 404
  assert.equal((await act(s.url, tok.officer, 'achievements', mySub.id, 'accept')).status, 404);
  assert.equal((await act(s.url, officerMy, 'achievements', cdSub.id, 'accept')).status, 404);
  // outside the region, a published card is visible, but the officer may not act on it: 403
  assert.equal((await act(s.url, tok.officer, 'achievements', myPub.id, 'withdraw')).status, 403);
  assert.equal((await asAdmin(mySub.id)).status, 'submitted');
  assert.equal((await asAdmin(cdSub.id)).status, 'submitted');
  // inside: accept and publish
  for (const [t, id] of [[tok.officer, cdSub.id], [officerMy, mySub.id]]) {
    const r1 = await act(s.url, t, 'achievements', id, 'accept', { comment: '辖区科技局审查' });
    assert.equal(r1.status, 200, r1.text);
    const r2 = await act(s.url, t, 'achievements', id, 'publish');
    assert.equal(r2.status, 200, r2.text);
    assert.equal((await asAdmin(id)).status, 'published');
  }
  // the owner of the 绵阳 record is told
  const n = (await notificationsOf(s.url, resMy.token)).items.filter((x) => x.entity_id === mySub.id);
  assert.equal(n.length, 2);
});

test('publish needs a validity date in the future: past or missing → 422 on valid_until; a new date in the request is stored', async () => {
  const a = await makeAchievement(s.url, SCU(), 'screening');
  // a past date in the request
  const r1 = await act(s.url, tok.reviewer, 'achievements', a.id, 'publish', { valid_until: PAST_DATE });
  assert422(r1, 'valid_until', 'publish with a past date');
  // the stored date has passed meanwhile
  backdateAchievement(s.dbPath, a.id);
  const v0 = await asAdmin(a.id);
  const r2 = await act(s.url, tok.reviewer, 'achievements', a.id, 'publish');
  assert422(r2, 'valid_until', 'publish with the stored date in the past');
  assert.deepEqual(await asAdmin(a.id), v0, 'a refused publish changed the record');
  // with a new date in the request
  const r3 = await act(s.url, tok.reviewer, 'achievements', a.id, 'publish', { valid_until: '2032-03-31', comment: '更新有效期后发布' });
  assert.equal(r3.status, 200, r3.text);
  const g = await asAdmin(a.id);
  assert.equal(g.status, 'published');
  assert.equal(g.valid_until, '2032-03-31');
  // no validity date at all: a listing without one would never expire
  const b = await makeAchievement(s.url, SCU(), 'screening', { valid_until: null });
  const r4 = await act(s.url, tok.reviewer, 'achievements', b.id, 'publish');
  assert422(r4, 'valid_until', 'publish without any validity date');
  assert.equal((await asAdmin(b.id)).status, 'screening');
});

test('valid_until sent with accept: refused or ignored, never half-applied (the stored expiry date agrees with the record)', async () => {
  const col = (id) => sql(s.dbPath, `SELECT valid_until FROM achievements WHERE id = ${Number(id)}`);
  const a = await makeAchievement(s.url, SCU(), 'submitted');
  const r = await act(s.url, tok.reviewer, 'achievements', a.id, 'accept', { valid_until: '2035-01-01' });
  assert.ok([200, 422].includes(r.status), r.text);
  const g = await asAdmin(a.id);
  assert.equal(g.valid_until, FUTURE_DATE, 'accept changed the validity date');
  assert.equal(col(a.id), FUTURE_DATE, 'the expiry date the platform acts on disagrees with the record');
});

test('publish with a new valid_until: every version is a revision (the last one: publish, changed valid_until); record and expiry date agree', async () => {
  const col = (id) => sql(s.dbPath, `SELECT valid_until FROM achievements WHERE id = ${Number(id)}`);
  const a = await makeAchievement(s.url, SCU(), 'screening');
  const p = await act(s.url, tok.reviewer, 'achievements', a.id, 'publish', { valid_until: '2033-06-30' });
  assert.equal(p.status, 200, p.text);
  const g = await asAdmin(a.id);
  assert.equal(g.valid_until, '2033-06-30');
  assert.equal(col(a.id), '2033-06-30');
  const h = await api(s.url, 'GET', `${path(a.id)}/history`, { token: tok.admin });
  const versions = h.json.items.map((i) => i.version);
  assert.deepEqual(versions, versions.map((_, i) => i + 1), `every version is a revision (PRODUCT.md §3.2 "every change kept as a revision"): ${versions}`);
  assert.equal(versions.at(-1), g.version, 'the record has a version without a revision');
  // the new date is its own revision (an update by the publisher), then the publish
  assert.equal(h.json.items.at(-1).action, 'publish');
  assert.equal(h.json.items.at(-1).status, 'published');
  assert.equal(h.json.items.at(-2).action, 'update');
  assert.deepEqual(h.json.items.at(-2).changed, ['valid_until']);
  assert.equal(h.json.items.at(-2).actor.split(':')[2], 'reviewer');
});

test('renew: an expired record is published again with a new validity date; without one → 422', async () => {
  const a = await makeAchievement(s.url, SCU(), 'published');
  backdateAchievement(s.dbPath, a.id, { status: 'expired' });
  const r1 = await act(s.url, tok.researcher, 'achievements', a.id, 'renew');
  assert422(r1, 'valid_until', 'renew keeping the past date');
  assert.equal((await asAdmin(a.id)).status, 'expired');
  const r2 = await act(s.url, tok.researcher, 'achievements', a.id, 'renew', { valid_until: '2031-12-31', comment: '续期一年' });
  assert.equal(r2.status, 200, r2.text);
  const g = await asAdmin(a.id);
  assert.equal(g.status, 'published');
  assert.equal(g.valid_until, '2031-12-31');
  const rows = await auditRows(s.url, tok.admin, 'achievement', a.id);
  assert.equal(rows.at(-1).action, 'renew');
  assert.equal(rows.at(-1).after.comment, '续期一年');
  // the public sees it again
  assert.equal((await api(s.url, 'GET', path(a.id))).status, 200);
});

test('expiry: a published record past its validity date becomes expired (at the latest after a restart) and leaves the public list', async () => {
  const s2 = await startServer();
  let s3;
  try {
    const t2 = await loginAll(s2.url);
    const a = await makeAchievement(s2.url, { owner: t2.researcher, reviewer: t2.reviewer }, 'published', { title: `${TAG} 到期成果` });
    const keep = await makeAchievement(s2.url, { owner: t2.researcher, reviewer: t2.reviewer }, 'published', { title: `${TAG} 未到期成果` });
    backdateAchievement(s2.dbPath, a.id, { date: '2026-01-01' });
    await s2.stop();
    s3 = await startServer({ db: s2.db, demo: false });
    let status;
    for (let i = 0; i < 30; i++) {
      status = (await api(s3.url, 'GET', path(a.id), { token: t2.admin })).json.status;
      if (status === 'expired') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 'expired', 'a published record past its validity date is still published');
    assert.equal((await api(s3.url, 'GET', path(keep.id), { token: t2.admin })).json.status, 'published');
    const pub = await api(s3.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(TAG)}`);
    assert.deepEqual(pub.json.items.map((i) => i.id), [keep.id]);
    const rows = await auditRows(s3.url, t2.admin, 'achievement', a.id);
    assert.equal(rows.at(-1).action, 'expire');
    const n = (await notificationsOf(s3.url, t2.researcher)).items.filter((x) => x.entity_id === a.id);
    assert.ok(n.some((x) => /过期|到期/.test(x.message)), 'the owner is not told of the expiry');
  } finally {
    if (s3) await s3.stop();
    else await s2.stop();
    s2.cleanup();
  }
});

/* ---------------- notifications ---------------- */

test('notifications: unread filter, mark read → 204, someone else\'s → 404, anonymous → 401', async () => {
  const a = await makeAchievement(s.url, SCU(), 'submitted');
  const r = await act(s.url, tok.reviewer, 'achievements', a.id, 'accept', { comment: '材料齐全' });
  assert.equal(r.status, 200, r.text);
  const all0 = await notificationsOf(s.url, tok.researcher);
  const n = all0.items.find((x) => x.entity === 'achievement' && x.entity_id === a.id);
  assert.ok(n, 'no notification for the accept');
  assert.equal(n.kind, 'achievement_status');
  assert.match(n.message, /材料齐全/);
  assert.equal(n.read, false);
  const unread0 = all0.unread;
  assert.ok(unread0 >= 1);

  assert.equal((await api(s.url, 'POST', `/api/v1/notifications/${n.id}/read`, { token: tok.broker })).status, 404);
  assert.equal((await api(s.url, 'POST', `/api/v1/notifications/${n.id}/read`)).status, 401);
  const rd = await api(s.url, 'POST', `/api/v1/notifications/${n.id}/read`, { token: tok.researcher });
  assert.equal(rd.status, 204, rd.text);
  const all1 = await notificationsOf(s.url, tok.researcher);
  assert.equal(all1.unread, unread0 - 1);
  assert.equal(all1.items.find((x) => x.id === n.id).read, true);
  const un = await api(s.url, 'GET', '/api/v1/notifications?unread=1&limit=100', { token: tok.researcher });
  assert.equal(un.status, 200);
  assert.ok(!un.json.items.some((x) => x.id === n.id), 'a read notification in ?unread=1');
  assert.equal(un.json.total, unread0 - 1);
  assert.equal((await api(s.url, 'GET', '/api/v1/notifications')).status, 401);
});

/* ---------------- the list ---------------- */

const L = {}; // name -> id
const LTAG = `${TAG}L`;
const QS = `QSum${process.pid}z`;
const QK = `QKey${process.pid}z`;

async function listFixtures() {
  if (L.L1) return;
  const my = { owner: resMy.token, reviewer: tok.reviewer, admin: tok.admin };
  const spec = [
    ['L1', SCU(), 'published', { industry: '3841', region: '510107', trl: 3, price_fen: 10000000, transfer_modes: ['license'] }],
    ['L2', SCU(), 'published', { industry: '3911', region: '510117', trl: 5, price_fen: 50000000, transfer_modes: ['transfer'] }],
    ['L3', SCU(), 'published', { industry: '6513', region: '510107', trl: 7, price_fen: 200000000, transfer_modes: ['license', 'equity'] }],
    ['L4', my, 'published', { industry: '7320', region: '510703', trl: 9, price_fen: 800000000, transfer_modes: ['co_develop'] }],
    ['L5', SCU(), 'published', { industry: '2710', region: '510104', trl: 4, price_fen: 30000000, transfer_modes: ['equity'], summary: `原料药连续流合成工艺，收率提高 20%。${QS}` }],
    ['L6', SCU(), 'published', { industry: '3963', region: '510108', trl: 8, price_fen: 150000000, transfer_modes: ['transfer', 'license'], keywords: ['无人机', QK] }],
    ['L7', SCU(), 'draft', { industry: '3841', region: '510107', trl: 6, price_fen: 60000000, transfer_modes: ['license', 'co_develop'] }],
    ['L8', SCU(), 'submitted', { industry: '6513', region: '510107', trl: 2, price_fen: 40000000, transfer_modes: ['license', 'co_develop'] }],
    ['L9', SCU(), 'published', { industry: '3841', region: '510107', trl: 3, price_fen: 10000000, transfer_modes: ['license'] }],
  ];
  for (const [name, who, status, over] of spec) {
    L[name] = (await makeAchievement(s.url, who, status, { title: `${LTAG} ${name} 列表测试成果`, ...over })).id;
  }
}
const ids = (...names) => names.map((n) => L[n]);
const desc = (arr) => [...arr].sort((a, b) => b - a);
const PUBLISHED = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L9'];

test('list: filters q, status, industry (门类 and code prefix), region prefix, TRL and price ranges, org, transfer mode', async () => {
  await listFixtures();
  const q = `q=${encodeURIComponent(LTAG)}`;
  const cases = [
    [q, ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8', 'L9']],
    [`q=${QS}`, ['L5']], // in the summary only
    [`q=${QK}`, ['L6']], // in the keywords only
    [`${q}&status=published`, PUBLISHED],
    [`${q}&status=draft`, ['L7']],
    [`${q}&status=submitted`, ['L8']],
    [`${q}&industry=C`, ['L1', 'L2', 'L5', 'L6', 'L7', 'L9']],
    [`${q}&industry=I`, ['L3', 'L8']],
    [`${q}&industry=38`, ['L1', 'L7', 'L9']],
    [`${q}&industry=39`, ['L2', 'L6']],
    [`${q}&industry=3841`, ['L1', 'L7', 'L9']],
    [`${q}&industry=73`, ['L4']],
    [`${q}&region=5101`, ['L1', 'L2', 'L3', 'L5', 'L6', 'L7', 'L8', 'L9']],
    [`${q}&region=510107`, ['L1', 'L3', 'L7', 'L8', 'L9']],
    [`${q}&region=51`, ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8', 'L9']],
    [`${q}&region=5107`, ['L4']],
    [`${q}&trl_min=5`, ['L2', 'L3', 'L4', 'L6', 'L7']],
    [`${q}&trl_max=4`, ['L1', 'L5', 'L8', 'L9']],
    [`${q}&trl_min=4&trl_max=7`, ['L2', 'L3', 'L5', 'L7']],
    [`${q}&price_min=100000000`, ['L3', 'L4', 'L6']],
    [`${q}&price_max=30000000`, ['L1', 'L5', 'L9']],
    [`${q}&price_min=30000000&price_max=60000000`, ['L2', 'L5', 'L7', 'L8']],
    [`${q}&org=${org.swust}`, ['L4']],
    [`${q}&org=${org.scu}`, ['L1', 'L2', 'L3', 'L5', 'L6', 'L7', 'L8', 'L9']],
    [`${q}&transfer_mode=license`, ['L1', 'L3', 'L6', 'L7', 'L8', 'L9']],
    [`${q}&transfer_mode=equity`, ['L3', 'L5']],
    [`${q}&transfer_mode=co_develop`, ['L4', 'L7', 'L8']],
    [`${q}&industry=C&trl_min=4&transfer_mode=license`, ['L6', 'L7']],
    [`${q}&region=5101&price_max=10000000&trl_max=3`, ['L1', 'L9']],
    [`q=${encodeURIComponent('不存在的关键词组合')}`, []],
  ];
  for (const [qs, want] of cases) {
    for (const [who, t] of [['admin', tok.admin], ['anonymous', undefined]]) {
      const expect = who === 'admin' ? want : want.filter((n) => PUBLISHED.includes(n));
      const r = await api(s.url, 'GET', `/api/v1/achievements?${qs}&limit=100`, { token: t });
      assert.equal(r.status, 200, `${qs}: ${r.text}`);
      assert.deepEqual(r.json.items.map((i) => i.id), desc(ids(...expect)), `${who} ${qs}`);
      assert.equal(r.json.total, expect.length, `${who} ${qs}: total`);
    }
  }
});

test('list: sorts -id (default), id, price, -price, trl, -trl; ties broken by id in the same direction', async () => {
  await listFixtures();
  const base = `/api/v1/achievements?q=${encodeURIComponent(LTAG)}&limit=100`;
  const all = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8', 'L9'];
  const cases = [
    ['', desc(ids(...all))],
    ['&sort=-id', desc(ids(...all))],
    ['&sort=id', [...desc(ids(...all))].reverse()],
    ['&sort=price', ids('L1', 'L9', 'L5', 'L8', 'L2', 'L7', 'L6', 'L3', 'L4')],
    ['&sort=-price', ids('L4', 'L3', 'L6', 'L7', 'L2', 'L8', 'L5', 'L9', 'L1')],
    ['&sort=trl', ids('L8', 'L1', 'L9', 'L5', 'L2', 'L7', 'L3', 'L6', 'L4')],
    ['&sort=-trl', ids('L4', 'L6', 'L3', 'L7', 'L2', 'L5', 'L9', 'L1', 'L8')],
  ];
  for (const [qs, want] of cases) {
    const r = await api(s.url, 'GET', base + qs, { token: tok.admin });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((i) => i.id), want, `sort${qs}`);
  }
});

test('list: sort=-updated_at puts the record edited last first', async () => {
  await listFixtures();
  await new Promise((r) => setTimeout(r, 1100)); // timestamps have second precision
  const p = await api(s.url, 'PATCH', path(L.L7), { token: tok.researcher, body: { price_fen: 60000001 } });
  assert.equal(p.status, 200, p.text);
  const r = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(LTAG)}&sort=-updated_at&limit=100`, { token: tok.admin });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items[0].id, L.L7);
  const times = r.json.items.map((i) => Date.parse(i.updated_at));
  for (let i = 1; i < times.length; i++) {
    assert.ok(times[i - 1] >= times[i], 'not newest first');
    if (times[i - 1] === times[i]) assert.ok(r.json.items[i - 1].id > r.json.items[i].id, 'a tie not broken by id');
  }
  await api(s.url, 'PATCH', path(L.L7), { token: tok.researcher, body: { price_fen: 60000000 } });
});

test('list: keyset cursor pagination with limit=2 and 3 for every sort — no duplicates, union = total, order kept', async () => {
  await listFixtures();
  const base = `/api/v1/achievements?q=${encodeURIComponent(LTAG)}`;
  for (const sort of ['-id', 'id', 'price', '-price', 'trl', '-trl', '-updated_at']) {
    const one = await api(s.url, 'GET', `${base}&sort=${sort}&limit=100`, { token: tok.admin });
    for (const n of [2, 3]) {
      const w = await walkList(s.url, `${base}&sort=${encodeURIComponent(sort)}`, n, tok.admin);
      const got = w.items.map((i) => i.id);
      assert.equal(w.total, 9, `sort ${sort}`);
      assert.equal(new Set(got).size, got.length, `sort ${sort} limit ${n}: duplicates`);
      assert.equal(got.length, 9, `sort ${sort} limit ${n}: union ≠ total`);
      assert.deepEqual(got, one.json.items.map((i) => i.id), `sort ${sort} limit ${n}: order`);
      assert.equal(w.pages, Math.ceil(9 / n));
    }
  }
  // anonymous pages over the published ones only
  const pub = await walkList(s.url, `${base}&sort=price`, 2, undefined);
  assert.deepEqual(pub.items.map((i) => i.id), ids('L1', 'L9', 'L5', 'L2', 'L6', 'L3', 'L4'));
});

test('list: facets=1 adds counts by industry 门类, city and TRL that add up to the total', async () => {
  await listFixtures();
  const sum = (arr) => arr.reduce((n, f) => n + f.count, 0);
  const byCode = (arr, key = 'code') => Object.fromEntries(arr.map((f) => [f[key], f.count]));
  const r = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(LTAG)}&facets=1&limit=1`, { token: tok.admin });
  assert.equal(r.status, 200, r.text);
  const f = r.json.facets;
  assert.ok(f && f.industry && f.city && f.trl, r.text);
  assert.equal(r.json.total, 9);
  for (const k of ['industry', 'city', 'trl']) assert.equal(sum(f[k]), 9, `facets.${k} do not add up`);
  assert.deepEqual(byCode(f.industry), { C: 6, I: 2, M: 1 });
  assert.equal(f.industry.find((x) => x.code === 'C').name, '制造业');
  assert.deepEqual(byCode(f.city), { 510100: 8, 510700: 1 });
  assert.equal(f.city.find((x) => x.code === '510100').name, '成都市');
  assert.equal(f.city.find((x) => x.code === '510700').name, '绵阳市');
  assert.deepEqual(byCode(f.trl, 'trl'), { 2: 1, 3: 2, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1 });
  // anonymous: published only
  const a = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(LTAG)}&facets=1`);
  assert.equal(a.json.total, 7);
  assert.deepEqual(byCode(a.json.facets.industry), { C: 5, I: 1, M: 1 });
  for (const k of ['industry', 'city', 'trl']) assert.equal(sum(a.json.facets[k]), 7);
  // with a filter, the counts follow it
  const c = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(LTAG)}&facets=1&region=510107`, { token: tok.admin });
  assert.equal(c.json.total, 5);
  assert.deepEqual(byCode(c.json.facets.city), { 510100: 5 });
  assert.deepEqual(byCode(c.json.facets.industry), { C: 3, I: 2 });
  // without facets=1 there are none
  const n = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(LTAG)}`, { token: tok.admin });
  assert.ok(!('facets' in n.json));
});

test('list: items never carry the confidential detail — for anyone, the owner and admin included', async () => {
  await listFixtures();
  for (const role of ['anonymous', 'researcher', 'org_admin', 'reviewer', 'officer', 'admin']) {
    const r = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(LTAG)}&limit=100`, { token: tok[role] });
    assert.equal(r.status, 200);
    assert.ok(r.json.items.length > 0);
    for (const it of r.json.items) {
      assert.ok(!('detail' in it), `${role}: detail of #${it.id} in the list`);
      assert.equal(it.has_detail, true, `${role}: has_detail of #${it.id}`);
    }
    assert.ok(!r.text.includes('保密：前驱体配比'), `${role}: the detail text is in the list`);
  }
});

test('list: bad parameters → 422 naming the parameter', async () => {
  const cases = [
    ['sort=price_asc', 'sort'], ['status=approved', 'status'], ['industry=ZZ', 'industry'], ['industry=38a', 'industry'],
    ['region=51AB', 'region'], ['trl_min=0', 'trl_min'], ['trl_max=10', 'trl_max'], ['price_min=-1', 'price_min'],
    ['price_max=abc', 'price_max'], ['limit=0', 'limit'], ['limit=101', 'limit'], ['cursor=garbage', 'cursor'],
    ['transfer_mode=sell', 'transfer_mode'], ['org=x', 'org'],
  ];
  for (const [qs, field] of cases) assert422(await api(s.url, 'GET', `/api/v1/achievements?${qs}`), field, qs);
});

test('create: a researcher may name its own org_id (accepted); another org is refused with 403 and nothing is stored', async () => {
  const own = await api(s.url, 'POST', '/api/v1/achievements', { token: resMy.token, body: achievementBody({ org_id: org.swust, title: `${TAG} 本机构编号成果` }) });
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.org_id, org.swust);
  const title = `${TAG} 他机构编号成果`;
  const other = await api(s.url, 'POST', '/api/v1/achievements', { token: resMy.token, body: achievementBody({ org_id: org.scu, title }) });
  assert.equal(other.status, 403, other.text);
  const l = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(title)}`, { token: tok.admin });
  assert.equal(l.json.total, 0);
});

test('valid_until given a date-time says the format expected, on create and on publish', async () => {
  const r = await api(s.url, 'POST', '/api/v1/achievements', { token: resMy.token, body: achievementBody({ valid_until: '2027-06-30T00:00:00Z' }) });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.fields.valid_until, '日期格式应为 YYYY-MM-DD', r.text);
});
