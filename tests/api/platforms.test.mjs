// 科技创新平台 platforms — the registry of issue 18 (平台考核: "有进有出、优胜劣汰"), a kind the
// record-kind engine serves from its descriptor alone (src/kinds/platform.c): a host org (依托单位)
// registers its platform and applies for recognition; the officer of its region recognizes or
// returns it; a recognized platform may be warned (限期整改), restored or delisted (摘牌), and from
// recognition on it is public with its warnings and delisting. Fields and bad input (422 naming the
// field, nothing stored), the workflow with its audit rows, notifications and published_at, the
// list's filters (kind, level, status, region, industry, org, q) and facets, export, and the demo's
// registry (every kind, level and state). Expectations are written from PRODUCT.md §7 and issue 18.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, loginAll, orgIdByName, platformBody, makePlatform, act, walkList, auditRows,
  notificationsOf, stopClean, assert422,
} from './lib.mjs';

let s;
let tok;
const org = {};
const TAG = `PlT${process.pid}x${Date.now().toString(36)}`;
const LIST = '/api/v1/platforms';
const path = (id) => `${LIST}/${id}`;
const PL = () => ({ owner: tok.org_admin, steward: tok.officer, admin: tok.admin });

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  tok.officer_my = (await login(s.url, 'officer_my')).token; // 绵阳: outside the fixtures' region
  org.scu = await orgIdByName(s.url, '四川大学');
  org.swust = await orgIdByName(s.url, '西南科技大学');
});
after(() => stopClean(s));

const countNamed = async (name) =>
  (await api(s.url, 'GET', `${LIST}?q=${encodeURIComponent(name)}`, { token: tok.admin })).json.total;

test('register: the host org admin keeps every field → 201, a draft of 四川大学 that only its org sees', async () => {
  const body = platformBody({ title: `${TAG} 新能源材料工程技术研究中心` });
  const c = await api(s.url, 'POST', LIST, { token: tok.org_admin, body });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.headers.get('location'), path(c.json.id));
  for (const [k, v] of Object.entries(body)) assert.deepEqual(c.json[k], v, `field ${k}`);
  assert.equal(c.json.status, 'draft');
  assert.equal(c.json.org_id, org.scu);
  assert.equal(c.json.published_at, null);
  assert.equal((await api(s.url, 'GET', path(c.json.id))).status, 404, 'a draft is not public');
  assert.equal((await api(s.url, 'GET', path(c.json.id), { token: tok.officer })).status, 404, 'nor the officer\'s before it applies');
  assert.equal((await api(s.url, 'GET', path(c.json.id), { token: tok.researcher })).status, 200, 'a member of the host org reads it');
  assert.deepEqual((await auditRows(s.url, tok.admin, 'platform', c.json.id)).map((x) => x.action), ['create']);
});

test('bad input: 422 naming the field, nothing stored', async () => {
  const cases = [
    [{ title: 'x' }, 'name'],
    [{ kind: 'lab' }, 'kind'],
    [{ level: 'county' }, 'level'],
    [{ level: null }, 'level'],
    [{ summary: '太短' }, 'summary'],
    [{ recognized_on: '2099-01-01' }, 'recognized_on'],
    [{ recognized_on: '2021-06-18T00:00:00Z' }, 'recognized_on'],
    [{ recognized_on: '2021-02-30' }, 'recognized_on'],
    [{ region: '999999' }, 'region'],
    [{ industry: '99999' }, 'industry'],
    [{ family: '科技研发平台' }, 'family'],
  ];
  for (const [over, field] of cases) {
    const name = `${TAG} 坏输入 ${field} ${Object.values(over)[0]}`;
    const r = await api(s.url, 'POST', LIST, { token: tok.org_admin, body: platformBody({ title: name, ...over }) });
    assert422(r, field, JSON.stringify(over));
    if (field !== 'name') assert.equal(await countNamed(name), 0, `${field}: nothing stored`);
  }
  const dt = await api(s.url, 'POST', LIST, { token: tok.org_admin, body: platformBody({ recognized_on: '2021-06-18T00:00:00Z' }) });
  assert.match(dt.json.error.fields.recognized_on, /YYYY-MM-DD/, 'a date-time hears the format expected');
  const future = await api(s.url, 'POST', LIST, { token: tok.org_admin, body: platformBody({ recognized_on: '2099-01-01' }) });
  assert.match(future.json.error.fields.recognized_on, /不能晚于今天/);
});

test('workflow: apply → recognize (public, published_at) → warn → restore → delist, audited, the host told at each step', async () => {
  const p = await makePlatform(s.url, PL(), 'draft', { title: `${TAG} 全流程 中试熟化平台`, kind: 'pilot_platform' });
  const ap = await act(s.url, tok.org_admin, 'platforms', p.id, 'apply');
  assert.equal(ap.json.status, 'candidate');
  assert.equal((await api(s.url, 'GET', path(p.id), { token: tok.officer })).status, 200, 'the officer of the region sees an application');
  assert.equal((await api(s.url, 'GET', path(p.id), { token: tok.officer_my })).status, 404, 'an officer of another city does not');
  assert.equal((await api(s.url, 'GET', path(p.id))).status, 404, 'an application is not public');
  assert.equal((await act(s.url, tok.reviewer, 'platforms', p.id, 'recognize')).status, 403, 'a third-party agency does not recognize platforms');
  assert.equal((await act(s.url, tok.org_admin, 'platforms', p.id, 'recognize')).status, 403, 'nor does the host');
  const rec = await act(s.url, tok.officer, 'platforms', p.id, 'recognize', { comment: '材料齐全，认定为市级平台' });
  assert.equal(rec.status, 200, rec.text);
  assert.equal(rec.json.status, 'recognized');
  assert.ok(rec.json.published_at, 'published_at set on recognition');
  assert.equal((await api(s.url, 'GET', path(p.id))).status, 200, 'a recognized platform is public');
  assert.equal((await api(s.url, 'PATCH', path(p.id), { token: tok.org_admin, body: { contact: '028-1' } })).status, 409, 'no edits once recognized');
  assert.equal((await act(s.url, tok.officer, 'platforms', p.id, 'recognize')).status, 409, 'recognize twice');
  assert.equal((await act(s.url, tok.officer, 'platforms', p.id, 'warn', { comment: '年度考核不合格' })).json.status, 'warned');
  assert.equal((await api(s.url, 'GET', path(p.id))).status, 200, 'a warning is published');
  assert.equal((await act(s.url, tok.officer, 'platforms', p.id, 'restore')).json.status, 'recognized');
  assert.equal((await act(s.url, tok.admin, 'platforms', p.id, 'delist', { comment: '连续两年考核不合格' })).json.status, 'delisted');
  assert.equal((await api(s.url, 'GET', path(p.id))).status, 200, 'a delisting is published');
  assert.equal((await act(s.url, tok.officer, 'platforms', p.id, 'restore')).status, 409, 'a delisted platform stays delisted');
  const audit = await auditRows(s.url, tok.admin, 'platform', p.id);
  assert.deepEqual(audit.map((x) => x.action), ['create', 'apply', 'recognize', 'warn', 'restore', 'delist']);
  assert.equal(audit[2].after.comment, '材料齐全，认定为市级平台');
  const hist = await api(s.url, 'GET', `${path(p.id)}/history`, { token: tok.org_admin });
  assert.deepEqual(hist.json.items.map((x) => x.status), ['draft', 'candidate', 'recognized', 'warned', 'recognized', 'delisted']);
  const notes = (await notificationsOf(s.url, tok.org_admin)).items.filter((n) => n.entity === 'platform' && n.entity_id === p.id);
  for (const m of [/已认定/, /限期整改/, /恢复认定/, /摘牌/]) assert.ok(notes.some((n) => m.test(n.message)), `the host is told: ${m}`);
});

test('returned and withdrawn applications go back to draft and may be edited and applied for again', async () => {
  const p = await makePlatform(s.url, PL(), 'candidate', { title: `${TAG} 退回` });
  assert.equal((await act(s.url, tok.officer_my, 'platforms', p.id, 'return')).status, 404, 'an officer of another city does not see it');
  assert.equal((await act(s.url, tok.officer, 'platforms', p.id, 'return', { comment: '请补充认定文件' })).json.status, 'draft');
  const e = await api(s.url, 'PATCH', path(p.id), { token: tok.org_admin, body: { recognized_by: '成都市科学技术局' } });
  assert.equal(e.status, 200, e.text);
  assert.equal((await act(s.url, tok.org_admin, 'platforms', p.id, 'apply')).json.status, 'candidate');
  assert.equal((await act(s.url, tok.org_admin, 'platforms', p.id, 'withdraw')).json.status, 'draft');
});

test('list: filters by kind, level, status, region, industry and org; facets add up; bad filters are 422', async () => {
  const made = [];
  for (const [kind, level, region] of [['key_lab', 'national', '510107'], ['tto', 'municipal', '510104'], ['key_lab', 'provincial', '510703']])
    made.push(await makePlatform(s.url, { ...PL(), steward: tok.admin }, 'recognized', { title: `${TAG} 筛选 ${kind} ${level}`, kind, level, region }));
  const swust = await makePlatform(s.url, { ...PL(), owner: tok.admin }, 'draft', { title: `${TAG} 筛选 代登记`, org_id: org.swust, region: '510703' });
  const mine = new Set(made.map((x) => x.id));
  const ids = async (qs, token) => (await api(s.url, 'GET', `${LIST}?limit=100&q=${encodeURIComponent(`${TAG} 筛选`)}&${qs}`, { token })).json.items.map((x) => x.id);
  const idsMem = async (qs, token) => (await walkList(s.url, `${LIST}?${qs}`, 100, token)).items.map((x) => x.id).filter((id) => mine.has(id) || id === swust.id);
  const sorted = (a) => [...a].sort((x, y) => x - y);
  for (const get of [ids, idsMem]) { // with q (SQL) and without (the list attributes in memory)
    assert.deepEqual(sorted(await get('kind=key_lab')), sorted([made[0].id, made[2].id]));
    assert.deepEqual(await get('level=national'), [made[0].id]);
    assert.deepEqual(await get('kind=key_lab&level=provincial'), [made[2].id]);
    assert.deepEqual(sorted(await get('region=5101')), sorted([made[0].id, made[1].id]));
    assert.deepEqual(await get('region=510703'), [made[2].id], 'the public does not see the draft');
    assert.deepEqual(sorted(await get('region=510703', tok.admin)), sorted([made[2].id, swust.id]));
    assert.deepEqual(await get(`org=${org.swust}&status=draft`, tok.admin), [swust.id]);
    assert.deepEqual(sorted(await get('industry=C')), sorted(made.map((x) => x.id)), 'industry 38 is in 制造业');
  }
  const f = await api(s.url, 'GET', `${LIST}?facets=1&limit=1`);
  assert.equal(f.status, 200);
  for (const facet of ['kind', 'city', 'industry'])
    assert.equal(f.json.facets[facet].reduce((a, x) => a + x.count, 0), f.json.total, `${facet} facet counts add up`);
  assert.equal(f.json.facets.kind.find((x) => x.code === 'key_lab')?.name, '重点实验室');
  for (const [qs, field] of [['kind=lab', 'kind'], ['level=county', 'level'], ['status=gone', 'status'], ['sort=name', 'sort'], ['region=51a', 'region'], ['industry=ZZ', 'industry']])
    assert422(await api(s.url, 'GET', `${LIST}?${qs}`), field, qs);
});

test('export: the registry as csv with its columns, the list filters and visibility', async () => {
  const c = await api(s.url, 'GET', `${LIST}/export?format=csv&level=national`);
  assert.equal(c.status, 200);
  const lines = c.text.replace(/^\uFEFF/, '').trim().split('\n');
  assert.match(lines[0], /^id,name,kind,level,summary,industry,region,recognized_on,recognized_by/);
  assert.ok(lines.length > 1 && lines.slice(1).every((l) => l.includes(',national,')));
  const j = await api(s.url, 'GET', `${LIST}/export?format=jsonl`);
  const rows = j.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.ok(rows.every((x) => ['recognized', 'warned', 'delisted'].includes(x.status)), 'the public exports public records only');
});

test('demo: a registry of every kind, level and state, across Sichuan', async () => {
  const all = (await walkList(s.url, `${LIST}?sort=id`, 100, tok.admin)).items.filter((x) => !x.name.includes(TAG) && !x.name.startsWith('先进储能'));
  assert.ok(all.length >= 150, `demo platforms: ${all.length}`);
  const kinds = (await api(s.url, 'GET', '/api/v1/vocab/platform_kinds')).json.items.map((x) => x.code);
  assert.equal(kinds.length, 11);
  for (const k of kinds) assert.ok(all.some((x) => x.kind === k), `a demo ${k}`);
  for (const l of ['national', 'provincial', 'municipal', 'district']) assert.ok(all.some((x) => x.level === l), `a demo ${l} platform`);
  for (const st of ['draft', 'candidate', 'recognized', 'warned', 'delisted']) assert.ok(all.some((x) => x.status === st), `a demo platform ${st}`);
  assert.ok(new Set(all.map((x) => x.region.slice(0, 4))).size >= 5, 'in several cities');
  assert.ok(all.filter((x) => x.status === 'recognized').every((x) => x.recognized_on && x.recognized_by), 'recognized ones say when and by whom');
});
