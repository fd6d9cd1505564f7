// The org registry as the record-kind engine serves it (src/kinds/org.c, a kind without a state
// machine): what POST /orgs, GET and PATCH /orgs/{id} answered before the port, pinned — the
// members and their order, the tier's default, the registry's own messages, who is refused
// before the body is read, the credit code's uniqueness, no revisions, the statistics' counts
// (issue 13: "no change to the API's behaviour").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, loginAll, orgIdByName, sql, stopClean, creditCodeOf } from './lib.mjs';

let s;
let tok;
let seq = 0;
const uniq = (p) => `${p}${process.pid % 10000}y${++seq}`;
const KEYS = ['id', 'name', 'kind', 'credit_code', 'region', 'industry', 'tier', 'address', 'contact', 'version', 'created_at', 'updated_at'];

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
});
after(() => stopClean(s));

const creditCode = (n) => creditCodeOf(n, '91510100MB');

const create = (body, token = tok.admin) => api(s.url, 'POST', '/api/v1/orgs', { token, body });
const patch = (id, body, token = tok.admin, headers = {}) => api(s.url, 'PATCH', `/api/v1/orgs/${id}`, { token, body, headers });
const traces = (id) => ({
  audit: sql(s.dbPath, `SELECT count(*) FROM audit WHERE entity = 'org' AND entity_id = '${Number(id)}'`),
  changes: sql(s.dbPath, `SELECT count(*) FROM changes WHERE entity = 'org' AND entity_id = ${Number(id)}`),
});

test('org: every answer has the same members in the same order, and the tier is none when not given', async () => {
  const c = await create({ name: uniq('成员顺序测试机构'), kind: 'service', region: '510104' });
  assert.equal(c.status, 201, c.text);
  assert.deepEqual(Object.keys(c.json), KEYS);
  assert.equal(c.json.tier, 'none');
  assert.equal(c.json.version, 1);
  for (const k of ['credit_code', 'industry', 'address', 'contact']) assert.equal(c.json[k], null, k);
  assert.equal(c.headers.get('etag'), '"v1"');
  assert.equal(c.headers.get('location'), `/api/v1/orgs/${c.json.id}`);
  const g = await api(s.url, 'GET', `/api/v1/orgs/${c.json.id}`);
  assert.equal(g.status, 200);
  assert.equal(g.text, c.text, 'GET answers what POST did');
  const u = await patch(c.json.id, { address: '成都市锦江区红星路 1 号', industry: null });
  assert.equal(u.status, 200, u.text);
  assert.deepEqual(Object.keys(u.json), KEYS);
  assert.equal(u.json.version, 2);
  assert.equal(u.headers.get('etag'), '"v2"');
  const l = await api(s.url, 'GET', `/api/v1/orgs?q=${encodeURIComponent(c.json.name)}`);
  assert.equal(l.status, 200);
  assert.deepEqual(Object.keys(l.json.items[0]), KEYS);
  assert.deepEqual(l.json.items[0], u.json);
});

test('org: a credit code is registered once — 409 on create and on PATCH, without a trace', async () => {
  const code = creditCode(1000 + (process.pid % 100000));
  const a = await create({ name: uniq('信用代码甲'), kind: 'enterprise', credit_code: code, region: '510104' });
  assert.equal(a.status, 201, a.text);
  const b = await create({ name: uniq('信用代码乙'), kind: 'enterprise', credit_code: code, region: '510104' });
  assert.equal(b.status, 409, b.text);
  assert.equal(b.json.error.message, '该统一社会信用代码已登记');
  const c = await create({ name: uniq('信用代码丙'), kind: 'enterprise', region: '510104' });
  assert.equal(c.status, 201, c.text);
  const before = traces(c.json.id);
  const p = await patch(c.json.id, { credit_code: code });
  assert.equal(p.status, 409, p.text);
  assert.equal(p.json.error.message, '该统一社会信用代码已登记');
  assert.deepEqual(traces(c.json.id), before);
  assert.equal((await api(s.url, 'GET', `/api/v1/orgs/${c.json.id}`)).json.version, 1);
});

test('org: who is refused, and how — before the body is read, out of the region, the registry\'s fields', async () => {
  // no right to create or update at all: refused before the body is checked
  for (const [role, status] of [['anonymous', 401], ['researcher', 403], ['expert', 403]]) {
    // (called directly: the helpers' default token would stand in for the anonymous undefined)
    const c = await api(s.url, 'POST', '/api/v1/orgs', { token: tok[role], body: { name: 'x' } });
    assert.equal(c.status, status, `${role} create: ${c.text}`);
    const p = await api(s.url, 'PATCH', '/api/v1/orgs/1', { token: tok[role], body: { bogus: true } });
    assert.equal(p.status, status, `${role} patch: ${p.text}`);
  }
  // an officer: the body first, then the region
  const bad = await create({ name: 'x', kind: 'enterprise', region: '511502' }, tok.officer);
  assert.equal(bad.status, 422, bad.text);
  const out = await create({ name: uniq('辖区外机构'), kind: 'enterprise', region: '511502' }, tok.officer);
  assert.equal(out.status, 403, out.text);
  assert.equal(out.json.error.message, '只能在本辖区内登记机构');
  const mine = await create({ name: uniq('辖区内机构'), kind: 'enterprise', region: '510104' }, tok.officer);
  assert.equal(mine.status, 201, mine.text);
  const before = traces(mine.json.id);
  const moved = await patch(mine.json.id, { region: '511502' }, tok.officer);
  assert.equal(moved.status, 403, moved.text);
  assert.equal(moved.json.error.message, '不能把机构移出本辖区');
  assert.deepEqual(traces(mine.json.id), before);
  // an org admin: its own org's industry, address and contact; not its name
  const scu = await orgIdByName(s.url, '四川大学');
  const name = await patch(scu, { name: '四川大学（改）' }, tok.org_admin);
  assert.equal(name.status, 403, name.text);
  assert.equal(name.json.error.message, '机构名称、类型、信用代码、地区与企业梯度由科技局或平台管理员维护');
  const own = await patch(scu, { contact: '028-8541 2233' }, tok.org_admin);
  assert.equal(own.status, 200, own.text);
  // another org: 403 for who may read it (everyone may), 404 for none that exists
  const yb = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  assert.equal((await patch(yb, { contact: '0831-1' }, tok.org_admin)).status, 403);
  assert.equal((await patch(999999999, { contact: '1' })).status, 404);
  assert.equal((await api(s.url, 'GET', '/api/v1/orgs/999999999')).status, 404);
});

test('org: If-Match is optional; a stale one is 412; a bad field is 422 with its message', async () => {
  const c = await create({ name: uniq('版本测试机构'), kind: 'institute', region: '510104' });
  const free = await patch(c.json.id, { contact: 'a' });
  assert.equal(free.status, 200, free.text);
  const stale = await patch(c.json.id, { contact: 'b' }, tok.admin, { 'if-match': '"v1"' });
  assert.equal(stale.status, 412, stale.text);
  const right = await patch(c.json.id, { contact: 'b' }, tok.admin, { 'if-match': '"v2"' });
  assert.equal(right.status, 200, right.text);
  const k = await patch(c.json.id, { kind: 'spaceship' });
  assert.equal(k.status, 422);
  assert.equal(k.json.error.fields.kind, '无效的机构类型');
  const t = await patch(c.json.id, { tier: 'unicorn' });
  assert.equal(t.json.error.fields.tier, '无效的企业梯次');
  const n = await patch(c.json.id, { name: null });
  assert.equal(n.status, 422);
  const cc = await create({ name: uniq('信用代码错'), kind: 'enterprise', credit_code: '915101000000000000' });
  assert.equal(cc.status, 422);
  assert.equal(cc.json.error.fields.credit_code, '统一社会信用代码无效（应为 18 位且校验位正确）');
  const extra = await patch(c.json.id, { org_id: 1 });
  assert.equal(extra.status, 422);
});

test('org: no revisions are kept (the audit chain is its history); the map counts follow kind and region', async () => {
  assert.equal(sql(s.dbPath, "SELECT count(*) FROM revisions WHERE entity = 'org'"), '0');
  const map = async (parent) => {
    const r = await api(s.url, 'GET', `/api/v1/stats/map?level=district&kind=org&parent=${parent}`);
    assert.equal(r.status, 200, r.text);
    return Object.fromEntries(r.json.items.map((x) => [x.code, x.count]));
  };
  const m0 = await map('5101');
  const c = await create({ name: uniq('统计测试机构'), kind: 'incubator', region: '510105' });
  assert.equal(c.status, 201, c.text);
  const m1 = await map('5101');
  assert.equal((m1['510105'] || 0) - (m0['510105'] || 0), 1);
  assert.equal((await patch(c.json.id, { region: '510106' })).status, 200);
  const m2 = await map('5101');
  assert.equal(m2['510105'] || 0, m0['510105'] || 0);
  assert.equal((m2['510106'] || 0) - (m0['510106'] || 0), 1);
  assert.equal(sql(s.dbPath, "SELECT count(*) FROM revisions WHERE entity = 'org'"), '0');
});
