// GET /api/v1/access-requests: the access requests across achievements. The owner org's
// researchers and org admins see the requests for their org's achievements (never another
// org's), an admin all, anyone else their own; mine=1 only one's own. Filter by status,
// cursor paging newest first, bad input 422. Every expectation is a literal list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, loginAll, orgIdByName, makeAchievement, makeUser, walkList } from './lib.mjs';

let s;
let tok;
const A = {}; // name -> achievement id
const R = {}; // name -> request id
const TAG = `Inbox${process.pid}x${Date.now().toString(36)}`;

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  tok.rxw = (await login(s.url, 'enterprise')).token; // enterprise + org_admin of 锐芯微
  const swust = await orgIdByName(s.url, '西南科技大学');
  tok.swust = (await makeUser(s.url, tok.admin, { roles: ['researcher'], org_id: swust, prefix: 'inbox_my' })).token;
  const scu = { owner: tok.researcher, reviewer: tok.reviewer, admin: tok.admin };
  const my = { owner: tok.swust, reviewer: tok.reviewer, admin: tok.admin };
  for (const [n, who, over] of [['S1', scu, {}], ['S2', scu, {}], ['S3', scu, {}], ['W1', my, { region: '510703' }]])
    A[n] = (await makeAchievement(s.url, who, 'published', { title: `${TAG} ${n} 访问申请成果`, ...over })).id;
  const ask = async (name, t, a) => {
    const r = await api(s.url, 'POST', `/api/v1/achievements/${A[a]}/access-requests`, { token: tok[t], body: { reason: `${name} 希望了解技术细节` } });
    assert.equal(r.status, 201, r.text);
    R[name] = r.json.id;
  };
  await ask('yb_S1', 'enterprise', 'S1');
  await ask('yb_S2', 'enterprise', 'S2');
  await ask('yb_W1', 'enterprise', 'W1');
  await ask('br_S1', 'broker', 'S1');
  await ask('br_W1', 'broker', 'W1');
  await ask('ex_S3', 'expert', 'S3');
  await ask('rxw_S2', 'rxw', 'S2');
  const decide = async (name, action) => {
    const r = await api(s.url, 'POST', `/api/v1/access-requests/${R[name]}/decision`, { token: tok.researcher, body: { action } });
    assert.equal(r.status, 200, r.text);
  };
  await decide('yb_S1', 'approve');
  await decide('br_S1', 'decline');
  await decide('yb_S2', 'approve');
  await decide('yb_S2', 'revoke');
});
after(async () => { await s?.stop(); s?.cleanup(); });

const byId = Object.fromEntries;
const names = (items) => { const inv = byId(Object.entries(R).map(([k, v]) => [v, k])); return items.map((x) => inv[x.id] || `other#${x.id}`).sort(); };
const list = async (t, q = '') => {
  const r = await api(s.url, 'GET', `/api/v1/access-requests${q}`, { token: t });
  assert.equal(r.status, 200, r.text);
  return r.json;
};

test('inbox: each org sees the requests for its own achievements only; requesters their own; admin all', async () => {
  const SCU = ['br_S1', 'ex_S3', 'rxw_S2', 'yb_S1', 'yb_S2'];
  for (const who of ['researcher', 'org_admin']) {
    const r = await list(tok[who], '?limit=100');
    assert.deepEqual(names(r.items), SCU, who);
    assert.equal(r.total, SCU.length, who);
    assert.ok(r.items.every((x) => x.achievement.org_id === r.items[0].achievement.org_id), `${who}: another org's request`);
  }
  assert.deepEqual(names((await list(tok.swust)).items), ['br_W1', 'yb_W1'], '西南科技大学');
  assert.deepEqual(names((await list(tok.enterprise)).items), ['yb_S1', 'yb_S2', 'yb_W1'], 'enterprise_yb');
  assert.deepEqual(names((await list(tok.broker)).items), ['br_S1', 'br_W1'], 'broker');
  assert.deepEqual(names((await list(tok.expert)).items), ['ex_S3'], 'expert');
  // 锐芯微's org admin: its org's achievements got no request; its own request shows with mine=1
  assert.deepEqual(names((await list(tok.rxw)).items), [], 'enterprise (org_admin of 锐芯微)');
  assert.deepEqual(names((await list(tok.rxw, '?mine=1')).items), ['rxw_S2'], 'enterprise mine=1');
  for (const who of ['reviewer', 'officer']) assert.deepEqual(names((await list(tok[who])).items), [], who);
  assert.deepEqual(names((await list(tok.admin, '?limit=100')).items), Object.keys(R).sort(), 'admin');
  // mine=1 narrows the owner org's view to the caller's own requests (none here)
  assert.deepEqual((await list(tok.researcher, '?mine=1')).items, []);
  assert.deepEqual(names((await list(tok.enterprise, '?mine=true')).items), ['yb_S1', 'yb_S2', 'yb_W1']);
  assert.deepEqual(names((await list(tok.researcher, '?mine=0&limit=100')).items), SCU);
  assert.equal((await api(s.url, 'GET', '/api/v1/access-requests')).status, 401);
});

test('inbox: each item carries the request, a card of the achievement and the requester with the org name', async () => {
  const r = await list(tok.researcher, '?limit=100');
  const it = r.items.find((x) => x.id === R.yb_S1);
  assert.equal(it.achievement_id, A.S1);
  assert.deepEqual(Object.keys(it.achievement).sort(), ['id', 'org_id', 'status', 'title']);
  assert.equal(it.achievement.id, A.S1);
  assert.equal(it.achievement.title, `${TAG} S1 访问申请成果`);
  assert.equal(it.achievement.status, 'published');
  assert.equal(it.requester.username, 'enterprise_yb');
  assert.equal(it.requester.org_name, '宜宾锂能动力电池有限公司');
  assert.ok(it.requester.display_name && Number.isInteger(it.requester.org_id));
  assert.equal(it.status, 'approved');
  assert.equal(it.reason, 'yb_S1 希望了解技术细节');
  assert.ok(it.created_at && it.decided_at);
  assert.ok(!('detail' in it.achievement), 'the confidential detail in the inbox');
  const ids = r.items.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
});

test('inbox: status filter (pending, approved, declined, revoked), with its own total', async () => {
  const want = { pending: ['ex_S3', 'rxw_S2'], approved: ['yb_S1'], declined: ['br_S1'], revoked: ['yb_S2'] };
  for (const [st, w] of Object.entries(want)) {
    const r = await list(tok.org_admin, `?status=${st}`);
    assert.deepEqual(names(r.items), w, st);
    assert.equal(r.total, w.length, st);
    assert.ok(r.items.every((x) => x.status === st));
  }
  assert.deepEqual(names((await list(tok.enterprise, '?status=approved')).items), ['yb_S1']);
  assert.deepEqual(names((await list(tok.admin, '?status=pending&limit=100')).items), ['br_W1', 'ex_S3', 'rxw_S2', 'yb_W1']);
});

test('inbox: cursor paging walks every request once, newest first, with a steady total', async () => {
  const w = await walkList(s.url, '/api/v1/access-requests', 2, tok.researcher);
  assert.equal(w.pages, 3);
  assert.equal(w.total, 5);
  const ids = w.items.map((x) => x.id);
  assert.equal(new Set(ids).size, 5);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  const f = await walkList(s.url, '/api/v1/access-requests?status=pending', 1, tok.admin);
  assert.equal(f.items.length, 4);
  assert.equal(f.total, 4);
  assert.ok(f.items.every((x) => x.status === 'pending'));
  const d = await list(tok.admin);
  assert.equal(d.items.length, Object.keys(R).length, 'default limit 20 holds all of them');
  assert.equal(d.next_cursor, null);
});

test('inbox: bad status, cursor, limit or mine → 422 naming the field', async () => {
  for (const [q, field] of [['?status=rejected', 'status'], ['?status=PENDING', 'status'], ['?cursor=abc', 'cursor'], ['?cursor=-5', 'cursor'],
    ['?limit=0', 'limit'], ['?limit=101', 'limit'], ['?limit=x', 'limit'], ['?mine=yes', 'mine']]) {
    const r = await api(s.url, 'GET', `/api/v1/access-requests${q}`, { token: tok.researcher });
    assert.equal(r.status, 422, `${q}: ${r.status}`);
    assert.equal(r.json.error.code, 'validation_failed');
    assert.ok(r.json.error.fields?.[field], `${q}: fields ${JSON.stringify(r.json.error.fields)}`);
  }
});

test('an achievement that stops being public closes its pending requests (declined by the platform, audited, the requester told); approved ones stay', async () => {
  const who = { owner: tok.researcher, reviewer: tok.reviewer, admin: tok.admin };
  const id = (await makeAchievement(s.url, who, 'published', { title: `${TAG} 撤回后的申请` })).id;
  const ask = async (t) => {
    const r = await api(s.url, 'POST', `/api/v1/achievements/${id}/access-requests`, { token: tok[t], body: { reason: '希望了解技术细节与合作方式' } });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const pending = await ask('enterprise');
  const approved = await ask('broker');
  assert.equal((await api(s.url, 'POST', `/api/v1/access-requests/${approved}/decision`, { token: tok.researcher, body: { action: 'approve' } })).status, 200);
  const w = await api(s.url, 'POST', `/api/v1/achievements/${id}/transitions`, { token: tok.researcher, body: { action: 'withdraw' } });
  assert.equal(w.status, 200, w.text);
  const mine = async (t) => (await api(s.url, 'GET', '/api/v1/access-requests?mine=1&limit=100', { token: tok[t] })).json.items.find((x) => x.achievement.id === id);
  const p = await mine('enterprise');
  assert.equal(p.status, 'declined');
  assert.match(p.comment, /不再公开/);
  assert.ok(p.decided_at);
  assert.equal((await mine('broker')).status, 'approved');
  const notes = (await api(s.url, 'GET', '/api/v1/notifications?limit=20', { token: tok.enterprise })).json.items;
  assert.ok(notes.some((n) => n.kind === 'access_decision' && /已关闭/.test(n.message)), JSON.stringify(notes.slice(0, 3)));
  const audit = (await api(s.url, 'GET', `/api/v1/audit?entity=access_request&entity_id=${pending}`, { token: tok.admin })).json.items;
  assert.ok(audit.some((a) => a.action === 'decline'), JSON.stringify(audit));
  // asking again while it is not public: not found (the card is gone)
  const again = await api(s.url, 'POST', `/api/v1/achievements/${id}/access-requests`, { token: tok.enterprise, body: { reason: '希望了解技术细节与合作方式' } });
  assert.equal(again.status, 404);
});
