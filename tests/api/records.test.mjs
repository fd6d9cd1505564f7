// Core records: orgs and users — create, read, update with ETag / If-Match, list pagination and
// filters — and every write traced in the audit chain and the change feed (PRODUCT.md §3.13, §5).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, sql } from './lib.mjs';

let s;
let admin;
let seq = 0;
const uniq = (p) => `${p}${process.pid % 10000}x${++seq}`;

before(async () => {
  s = await startServer();
  admin = (await login(s.url, 'admin')).token;
});
after(async () => {
  if (!s) return;
  const ex = await s.stop();
  const stderr = s.stderr;
  s.cleanup();
  // a clean exit after all of this (under ASan, also: no leak or memory error)
  assert.deepEqual(ex, { code: 0, signal: null }, `server exit ${JSON.stringify(ex)}: ${stderr.slice(-2000)}`);
});

/** A valid 统一社会信用代码 (GB 32100 check character) built from a number. */
function creditCode(n) {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const first = `91510100MA${String(n).padStart(7, '0')}`.slice(0, 17);
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) { sum += alphabet.indexOf(first[i]) * w; w = (w * 3) % 31; }
  const c = (31 - (sum % 31)) % 31;
  return first + alphabet[c];
}

/** The audit rows of one record, oldest first. */
async function auditOf(entity, id) {
  const r = await api(s.url, 'GET', `/api/v1/audit?entity=${entity}&id=${id}&limit=100`, { token: admin });
  assert.equal(r.status, 200, r.text);
  return r.json.items.slice().reverse();
}
const changesOf = (entity, id) => sql(s.dbPath, `SELECT op FROM changes WHERE entity = '${entity}' AND entity_id = ${Number(id)} ORDER BY seq`)
  .split('\n').filter(Boolean);

/** Walks a list with limit=n to the end; returns every item and the pages seen. */
async function walk(path, n, token) {
  const items = [];
  let cursor = null;
  let pages = 0;
  let total = null;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await api(s.url, 'GET', `${path}${sep}limit=${n}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['items', 'next_cursor', 'total']);
    assert.ok(r.json.items.length <= n, `page larger than limit ${n}`);
    if (total === null) total = r.json.total;
    assert.equal(r.json.total, total, 'total changed between pages');
    items.push(...r.json.items);
    pages++;
    assert.ok(pages <= 1000, 'pagination does not end');
    if (r.json.next_cursor === null) break;
    assert.equal(typeof r.json.next_cursor, 'string');
    assert.ok(r.json.items.length === n, 'a page before the last one is short');
    cursor = r.json.next_cursor;
  }
  return { items, pages, total };
}

test('org: create → 201 with Location and ETag, GET → ETag "v1"', async () => {
  const body = { name: uniq('成都记录测试科技有限公司'), kind: 'enterprise', credit_code: creditCode(4242001), region: '510107', industry: '39', tier: 'tech_sme', address: '成都市武侯区', contact: '028-12345678' };
  const c = await api(s.url, 'POST', '/api/v1/orgs', { token: admin, body });
  assert.equal(c.status, 201, c.text);
  const id = c.json.id;
  assert.ok(Number.isInteger(id) && id > 0);
  assert.equal(c.headers.get('location'), `/api/v1/orgs/${id}`);
  assert.equal(c.headers.get('etag'), '"v1"');
  for (const [k, v] of Object.entries(body)) assert.equal(c.json[k], v, k);
  assert.equal(c.json.version, 1);
  assert.match(c.json.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const g = await api(s.url, 'GET', c.headers.get('location'));
  assert.equal(g.status, 200);
  assert.equal(g.headers.get('etag'), '"v1"');
  assert.deepEqual(g.json, c.json);
  // the tier defaults to none
  const d = await api(s.url, 'POST', '/api/v1/orgs', { token: admin, body: { name: uniq('默认梯次机构'), kind: 'institute' } });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.tier, 'none');
  assert.equal(d.json.credit_code, null);
});

test('org: names at the length limits are accepted (2 and 100 characters)', async () => {
  for (const name of ['甲乙', '科'.repeat(100)]) {
    const r = await api(s.url, 'POST', '/api/v1/orgs', { token: admin, body: { name, kind: 'service' } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.name, name);
  }
});

test('org: PATCH with If-Match, stale If-Match → 412 and unchanged, malformed If-Match → 412', async () => {
  const c = await api(s.url, 'POST', '/api/v1/orgs', { token: admin, body: { name: uniq('乐观锁测试机构'), kind: 'university', region: '510100' } });
  assert.equal(c.status, 201, c.text);
  const path = `/api/v1/orgs/${c.json.id}`;

  const p1 = await api(s.url, 'PATCH', path, { token: admin, body: { address: '成都市高新区', tier: 'none' }, headers: { 'if-match': '"v1"' } });
  assert.equal(p1.status, 200, p1.text);
  assert.equal(p1.headers.get('etag'), '"v2"');
  assert.equal(p1.json.version, 2);
  assert.equal(p1.json.address, '成都市高新区');
  assert.equal(p1.json.name, c.json.name, 'PATCH changed a field it was not given');
  assert.equal(p1.json.region, '510100');

  const stale = await api(s.url, 'PATCH', path, { token: admin, body: { address: '覆盖他人的修改' }, headers: { 'if-match': '"v1"' } });
  assert.equal(stale.status, 412, stale.text);
  assert.equal(stale.json.error.code, 'precondition_failed');
  const g = await api(s.url, 'GET', path);
  assert.equal(g.json.address, '成都市高新区', 'a stale write changed the record');
  assert.equal(g.json.version, 2);
  assert.equal(g.headers.get('etag'), '"v2"');

  for (const bad of ['v2', '"2"', '"v2"x', 'abc', '"v-1"']) {
    const r = await api(s.url, 'PATCH', path, { token: admin, body: { address: '格式错误' }, headers: { 'if-match': bad } });
    assert.equal(r.status, 412, `If-Match ${bad}: ${r.text}`);
    assert.equal(r.json.error.code, 'precondition_failed');
  }
  const g2 = await api(s.url, 'GET', path);
  assert.deepEqual(g2.json, g.json, 'a malformed If-Match changed the record');

  // the current ETag works, and without If-Match the write is unconditional
  const p2 = await api(s.url, 'PATCH', path, { token: admin, body: { contact: '张老师' }, headers: { 'if-match': g.headers.get('etag') } });
  assert.equal(p2.status, 200, p2.text);
  assert.equal(p2.headers.get('etag'), '"v3"');
  const p3 = await api(s.url, 'PATCH', path, { token: admin, body: { contact: null } });
  assert.equal(p3.status, 200, p3.text);
  assert.equal(p3.json.contact, null);
  assert.equal(p3.headers.get('etag'), '"v4"');
});

test('org: create and updates are in the audit chain (before → after) and in the change feed', async () => {
  const c = await api(s.url, 'POST', '/api/v1/orgs', { token: admin, body: { name: uniq('审计测试机构'), kind: 'incubator', region: '510117' } });
  assert.equal(c.status, 201, c.text);
  const id = c.json.id;
  const u = await api(s.url, 'PATCH', `/api/v1/orgs/${id}`, { token: admin, body: { tier: 'gazelle', kind: 'enterprise' } });
  assert.equal(u.status, 200, u.text);

  const rows = await auditOf('org', id);
  assert.deepEqual(rows.map((r) => r.action), ['create', 'update']);
  const [cr, up] = rows;
  for (const r of rows) {
    assert.equal(r.entity, 'org');
    assert.equal(r.entity_id, String(id));
    assert.match(r.actor, /admin/);
    assert.match(r.hash, /^[0-9a-f]{64}$/);
  }
  assert.equal(cr.before, null);
  assert.deepEqual(cr.after, c.json);
  assert.deepEqual(up.before, c.json);
  assert.deepEqual(up.after, u.json);
  assert.equal(up.before.tier, 'none');
  assert.equal(up.after.tier, 'gazelle');
  assert.ok(up.seq > cr.seq);
  assert.deepEqual(changesOf('org', id), ['insert', 'update']);
  // a refused write leaves no trace
  const stale = await api(s.url, 'PATCH', `/api/v1/orgs/${id}`, { token: admin, body: { tier: 'leader' }, headers: { 'if-match': '"v1"' } });
  assert.equal(stale.status, 412);
  assert.equal((await auditOf('org', id)).length, 2);
  assert.deepEqual(changesOf('org', id), ['insert', 'update']);
});

test('orgs list: limit=2 walks every page with next_cursor; the union is the total, without duplicates', async () => {
  const { items, pages, total } = await walk('/api/v1/orgs', 2);
  assert.ok(total >= 18, `demo data has 18 orgs, total ${total}`);
  assert.equal(items.length, total);
  const ids = items.map((o) => o.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicates across pages');
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'pages are not in a stable order');
  assert.equal(pages, Math.ceil(total / 2));
  const all = await api(s.url, 'GET', '/api/v1/orgs?limit=100');
  assert.deepEqual(all.json.items.map((o) => o.id), ids.slice(0, 100));
  // the default page size is 20
  const def = await api(s.url, 'GET', '/api/v1/orgs');
  assert.equal(def.json.items.length, Math.min(20, total));
});

test('orgs list: limit=0 and limit=101 → 422', async () => {
  for (const l of ['0', '101']) {
    const r = await api(s.url, 'GET', `/api/v1/orgs?limit=${l}`);
    assert.equal(r.status, 422, `limit=${l}: ${r.text}`);
    assert.ok(r.json.error.fields.limit);
  }
  for (const l of ['1', '100']) assert.equal((await api(s.url, 'GET', `/api/v1/orgs?limit=${l}`)).status, 200);
});

test('orgs list: filters kind, region (prefix) and q', async () => {
  const every = (await walk('/api/v1/orgs', 100)).items;
  const cases = [
    ['kind=university', (o) => o.kind === 'university'],
    ['region=5101', (o) => (o.region || '').startsWith('5101')],
    ['region=510107', (o) => o.region === '510107'],
    [`q=${encodeURIComponent('大学')}`, (o) => o.name.includes('大学')],
    [`kind=university&region=5107`, (o) => o.kind === 'university' && (o.region || '').startsWith('5107')],
  ];
  for (const [qs, pred] of cases) {
    const want = every.filter(pred).map((o) => o.id);
    assert.ok(want.length > 0, `${qs}: the demo data should match something`);
    assert.ok(want.length < every.length, `${qs}: the filter should exclude something`);
    const got = await walk(`/api/v1/orgs?${qs}`, 3);
    assert.equal(got.total, want.length, `${qs}: total`);
    assert.deepEqual(got.items.map((o) => o.id), want, qs);
  }
  const none = await api(s.url, 'GET', `/api/v1/orgs?q=${encodeURIComponent('不存在的机构名称')}`);
  assert.equal(none.status, 200);
  assert.deepEqual(none.json, { items: [], next_cursor: null, total: 0 });
});

test('users: create → 201 without the password, Location, ETag; audited and in the change feed', async () => {
  const orgs = await api(s.url, 'GET', `/api/v1/orgs?q=${encodeURIComponent('四川大学')}`);
  const scu = orgs.json.items.find((o) => o.name === '四川大学');
  assert.ok(scu);
  const username = uniq('rec_user');
  const c = await api(s.url, 'POST', '/api/v1/users', {
    token: admin, body: { username, display_name: '记录测试', roles: ['researcher', 'expert'], org_id: scu.id, password: 'Rec-Passw0rd-1' },
  });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.headers.get('location'), `/api/v1/users/${c.json.id}`);
  assert.equal(c.headers.get('etag'), '"v1"');
  assert.equal(c.json.username, username);
  assert.equal(c.json.display_name, '记录测试');
  assert.deepEqual([...c.json.roles].sort(), ['expert', 'researcher']);
  assert.equal(c.json.org_id, scu.id);
  assert.ok(!('password' in c.json) && !('password_hash' in c.json), c.text);
  assert.ok(!/Rec-Passw0rd-1|argon2/.test(c.text), 'the password or its hash is in the answer');

  const g = await api(s.url, 'GET', `/api/v1/users/${c.json.id}`, { token: admin });
  assert.equal(g.status, 200);
  assert.equal(g.headers.get('etag'), '"v1"');
  assert.ok(!/argon2/.test(g.text));
  // the new account can log in
  assert.equal((await api(s.url, 'POST', '/api/v1/auth/login', { body: { username, password: 'Rec-Passw0rd-1' } })).status, 200);

  const p = await api(s.url, 'PATCH', `/api/v1/users/${c.json.id}`, { token: admin, body: { display_name: '记录测试（改）' }, headers: { 'if-match': '"v1"' } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.headers.get('etag'), '"v2"');
  const stale = await api(s.url, 'PATCH', `/api/v1/users/${c.json.id}`, { token: admin, body: { display_name: '过期' }, headers: { 'if-match': '"v1"' } });
  assert.equal(stale.status, 412, stale.text);

  const rows = (await auditOf('user', c.json.id)).filter((r) => r.action !== 'login');
  assert.deepEqual(rows.map((r) => r.action), ['create', 'update']);
  assert.equal(rows[0].before, null);
  assert.deepEqual(rows[0].after, c.json);
  assert.deepEqual(rows[1].before, c.json);
  assert.equal(rows[1].after.display_name, '记录测试（改）');
  const auditText = JSON.stringify(rows);
  assert.ok(!/argon2|Rec-Passw0rd-1|password/.test(auditText), 'secrets in the audit trail');
  assert.deepEqual(changesOf('user', c.json.id), ['insert', 'update']);
});

test('users list: filters role and org; pagination covers everyone once', async () => {
  const everyone = await walk('/api/v1/users', 2, admin);
  assert.equal(everyone.items.length, everyone.total);
  assert.equal(new Set(everyone.items.map((u) => u.id)).size, everyone.total);
  assert.ok(!/argon2|password/.test(JSON.stringify(everyone.items)), 'secrets in the user list');

  const researchers = await walk('/api/v1/users?role=researcher', 100, admin);
  const wantR = everyone.items.filter((u) => u.roles.includes('researcher')).map((u) => u.id);
  assert.ok(wantR.length >= 2);
  assert.deepEqual(researchers.items.map((u) => u.id), wantR);
  assert.equal(researchers.total, wantR.length);
  assert.ok(researchers.items.some((u) => u.username === 'researcher_uestc'), 'a user with several roles is missing from the role filter');

  const orgId = everyone.items.find((u) => u.username === 'tto_scu').org_id;
  const inOrg = await walk(`/api/v1/users?org=${orgId}`, 100, admin);
  const wantO = everyone.items.filter((u) => u.org_id === orgId).map((u) => u.id);
  assert.ok(wantO.length >= 2);
  assert.deepEqual(inOrg.items.map((u) => u.id), wantO);
  assert.equal(inOrg.total, wantO.length);

  const both = await api(s.url, 'GET', `/api/v1/users?org=${orgId}&role=org_admin&limit=100`, { token: admin });
  assert.deepEqual(both.json.items.map((u) => u.username), ['tto_scu']);
});
