// 金融产品 finance products — the first kind the record-kind engine serves from its descriptor
// alone (src/kinds/finance_product.c, the shared table kind_records, issue 13): create with every
// field, bad input (422 naming the field, nothing stored), who may own one (orgs of 金融业 only),
// ETag / If-Match, edits only in draft, the workflow with review, audit rows and notifications,
// the list's filters (kind, tier, an amount the range covers, region, org, status, q), sorts,
// cursor pages, facets, export in three formats, and that a write is seen by the next list (the
// list attributes in memory follow the change feed). Expectations are written from PRODUCT.md §7
// and issue 16 (finance products), not read from the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startServer, api, login, loginAll, orgIdByName, financeBody, makeFinanceProduct, act, walkList,
  auditRows, notificationsOf, kz,
} from './lib.mjs';

let s;
let tok;
const org = {};
const TAG = `FinT${process.pid}x${Date.now().toString(36)}`;
const path = (id) => `/api/v1/finance-products/${id}`;
const LIST = '/api/v1/finance-products';

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  tok.lender = (await login(s.url, 'lender')).token;
  org.shyh = await orgIdByName(s.url, '成都蜀汇银行股份有限公司');
  org.kctz = await orgIdByName(s.url, '四川科创天使投资基金管理有限公司');
});
after(async () => {
  if (!s) return;
  const ex = await s.stop();
  const stderr = s.stderr;
  s.cleanup();
  assert.deepEqual(ex, { code: 0, signal: null }, `server exit ${JSON.stringify(ex)}: ${stderr.slice(-2000)}`);
});

const FIN = () => ({ owner: tok.lender, reviewer: tok.reviewer, admin: tok.admin });

function assert422(r, field, what) {
  assert.equal(r.status, 422, `${what}: expected 422, got ${r.status}: ${r.text}`);
  assert.equal(r.json.error.code, 'validation_failed', r.text);
  assert.ok(r.json.error.fields && field in r.json.error.fields, `${what}: field ${field} not named: ${r.text}`);
}
const countTitled = async (title) =>
  (await api(s.url, 'GET', `${LIST}?q=${encodeURIComponent(title)}`, { token: tok.admin })).json.total;

test('create: the lender posts a draft of its bank → 201, Location, ETag "v1", every field kept', async () => {
  const body = financeBody({ title: `${TAG} 科技履约贷` });
  const c = await api(s.url, 'POST', LIST, { token: tok.lender, body });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.headers.get('location'), path(c.json.id));
  assert.equal(c.headers.get('etag'), '"v1"');
  for (const [k, v] of Object.entries(body)) assert.deepEqual(c.json[k], v, `field ${k}`);
  assert.equal(c.json.status, 'draft');
  assert.equal(c.json.org_id, org.shyh);
  assert.equal(c.json.org_name, '成都蜀汇银行股份有限公司');
  assert.equal(c.json.published_at, null);
  const g = await api(s.url, 'GET', path(c.json.id), { token: tok.lender });
  assert.deepEqual(g.json, c.json);
  const audit = await auditRows(s.url, tok.admin, 'finance_product', c.json.id);
  assert.deepEqual(audit.map((x) => x.action), ['create']);
});

test('bad input: 422 naming the field, nothing stored', async () => {
  const cases = [
    [{ title: 'x' }, 'title'],
    [{ kind: 'bond' }, 'kind'],
    [{ summary: '太短' }, 'summary'],
    [{ amount_min_fen: 500, amount_max_fen: 100 }, 'amount_max_fen'],
    [{ rate_min_bp: 500, rate_max_bp: 400 }, 'rate_max_bp'],
    [{ rate_min_bp: 10001 }, 'rate_min_bp'],
    [{ amount_min_fen: -1 }, 'amount_min_fen'],
    [{ term_months: 0 }, 'term_months'],
    [{ eligible_tiers: ['tech_sme', 'tech_sme'] }, 'eligible_tiers'],
    [{ eligible_tiers: ['unicorn'] }, 'eligible_tiers'],
    [{ eligible_regions: ['510100', '999999'] }, 'eligible_regions'],
    [{ region: '12' }, 'region'],
    [{ colour: 'red' }, 'colour'],
  ];
  for (const [over, field] of cases) {
    const title = `${TAG} 坏输入 ${field}`;
    const r = await api(s.url, 'POST', LIST, { token: tok.lender, body: financeBody({ title, ...over }) });
    assert422(r, field, JSON.stringify(over));
    if (field !== 'title') assert.equal(await countTitled(title), 0, `${field}: nothing stored`);
  }
});

test('owners: only an org of 金融业 may own a product — a university admin is refused, an officer names the bank', async () => {
  const title = `${TAG} 大学发布的贷款`;
  const r = await api(s.url, 'POST', LIST, { token: tok.org_admin, body: financeBody({ title }) });
  assert.equal(r.status, 403, r.text);
  assert.match(r.json.error.message, /金融/);
  assert.equal(await countTitled(title), 0);
  const scu = await orgIdByName(s.url, '四川大学');
  const o = await api(s.url, 'POST', LIST, { token: tok.admin, body: financeBody({ title, org_id: scu }) });
  assert.equal(o.status, 403, `admin naming a university: ${o.text}`);
  const ok = await api(s.url, 'POST', LIST, { token: tok.officer, body: financeBody({ title: `${TAG} 代发布`, org_id: org.shyh }) });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.org_id, org.shyh);
});

test('If-Match: a stale version is 412 and changes nothing; PATCH in draft only; org_id fixed', async () => {
  const p = await makeFinanceProduct(s.url, FIN(), 'draft', { title: `${TAG} 并发修改` });
  const a = await api(s.url, 'PATCH', path(p.id), { token: tok.lender, body: { term_months: 24 }, headers: { 'If-Match': '"v1"' } });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.headers.get('etag'), '"v2"');
  const b = await api(s.url, 'PATCH', path(p.id), { token: tok.lender, body: { term_months: 12 }, headers: { 'If-Match': '"v1"' } });
  assert.equal(b.status, 412, b.text);
  assert.equal((await api(s.url, 'GET', path(p.id), { token: tok.lender })).json.term_months, 24);
  assert422(await api(s.url, 'PATCH', path(p.id), { token: tok.lender, body: { org_id: org.kctz } }), 'org_id', 'org_id');
  assert422(await api(s.url, 'PATCH', path(p.id), { token: tok.lender, body: { title: null } }), 'title', 'clearing a required field');
  assert.equal((await act(s.url, tok.lender, 'finance-products', p.id, 'submit')).status, 200);
  const c = await api(s.url, 'PATCH', path(p.id), { token: tok.lender, body: { term_months: 6 } });
  assert.equal(c.status, 409, `edit while submitted: ${c.text}`);
});

test('workflow: submit → approve (public) → close → reopen, each audited with its comment, the lender notified', async () => {
  const p = await makeFinanceProduct(s.url, FIN(), 'draft', { title: `${TAG} 全流程` });
  assert.equal((await api(s.url, 'GET', path(p.id))).status, 404, 'a draft is not public');
  assert.equal((await act(s.url, tok.lender, 'finance-products', p.id, 'submit')).json.status, 'submitted');
  assert.equal((await act(s.url, tok.enterprise, 'finance-products', p.id, 'approve')).status, 404, 'an enterprise does not see it');
  const ap = await act(s.url, tok.officer, 'finance-products', p.id, 'approve', { comment: '材料齐全，同意上架' });
  assert.equal(ap.status, 200, ap.text);
  assert.equal(ap.json.status, 'active');
  assert.ok(ap.json.published_at, 'published_at set on approval');
  const pub = await api(s.url, 'GET', path(p.id));
  assert.equal(pub.status, 200, 'an active product is public');
  assert.equal((await act(s.url, tok.lender, 'finance-products', p.id, 'approve')).status, 403, 'the lender may not approve');
  assert.equal((await act(s.url, tok.officer, 'finance-products', p.id, 'approve')).status, 409, 'approve twice');
  assert.equal((await act(s.url, tok.lender, 'finance-products', p.id, 'close')).json.status, 'closed');
  assert.equal((await api(s.url, 'GET', path(p.id))).status, 404, 'a closed product is not public');
  assert.equal((await act(s.url, tok.lender, 'finance-products', p.id, 'reopen')).json.status, 'draft');
  const audit = await auditRows(s.url, tok.admin, 'finance_product', p.id);
  assert.deepEqual(audit.map((x) => x.action), ['create', 'submit', 'approve', 'close', 'reopen']);
  assert.equal(audit[2].after.comment, '材料齐全，同意上架');
  const hist = await api(s.url, 'GET', `${path(p.id)}/history`, { token: tok.lender });
  assert.deepEqual(hist.json.items.map((x) => x.status), ['draft', 'submitted', 'active', 'closed', 'draft']);
  const notes = await notificationsOf(s.url, tok.lender);
  assert.ok(notes.items.some((n) => n.entity === 'finance_product' && n.entity_id === p.id && /审核上架/.test(n.message)), 'the lender is told of the approval');
});

test('list: the public sees active products only; filters by kind, tier, amount, region, org; facets count them', async () => {
  const made = [];
  for (const [kind, tiers, lo, hi] of [['loan', ['tech_sme'], 100000, 900000], ['guarantee', ['high_tech'], 500000, 5000000], ['equity', [], null, null]])
    made.push(await makeFinanceProduct(s.url, FIN(), 'active', { title: `${TAG} 筛选 ${kind}`, kind, eligible_tiers: tiers, amount_min_fen: lo, amount_max_fen: hi }));
  const draft = await makeFinanceProduct(s.url, FIN(), 'draft', { title: `${TAG} 筛选 草稿` });
  const all = await walkList(s.url, `${LIST}?q=${encodeURIComponent(`${TAG} 筛选`)}`, 2);
  assert.deepEqual(all.items.map((x) => x.id).sort(), made.map((x) => x.id).sort(), 'public: the three active ones');
  assert.ok(!all.items.some((x) => x.id === draft.id));
  const ids = async (qs, token) => (await api(s.url, 'GET', `${LIST}?limit=100&${qs}`, { token })).json.items.map((x) => x.id);
  const mine = new Set(made.map((x) => x.id));
  const pick = (list) => list.filter((id) => mine.has(id));
  assert.deepEqual(pick(await ids('kind=guarantee')), [made[1].id]);
  assert.deepEqual(pick(await ids('tier=tech_sme')), [made[0].id]);
  assert.deepEqual(pick(await ids('amount=600000')).sort(), [made[0].id, made[1].id].sort(), 'ranges covering 6,000 元');
  assert.deepEqual(pick(await ids('amount=2000000')), [made[1].id]);
  assert.deepEqual(pick(await ids('amount=100')), [], 'below every range');
  assert.deepEqual(pick(await ids('region=5101')).sort(), made.map((x) => x.id).sort());
  assert.deepEqual(pick(await ids('region=5107')), []);
  assert.deepEqual(pick(await ids(`org=${org.kctz}`)), []);
  assert.ok(pick(await ids('status=draft', tok.lender)).length === 0 && (await ids('status=draft', tok.lender)).includes(draft.id), 'the lender sees its draft');
  const f = await api(s.url, 'GET', `${LIST}?facets=1&limit=1`);
  assert.equal(f.status, 200);
  const kinds = Object.fromEntries(f.json.facets.kind.map((x) => [x.code, x.count]));
  assert.equal(Object.values(kinds).reduce((a, b) => a + b, 0), f.json.total, 'kind facet counts add up to the total');
  assert.ok(kinds.guarantee >= 1 && f.json.facets.kind.find((x) => x.code === 'loan').name === '贷款');
  assert.equal(f.json.facets.city.reduce((a, x) => a + x.count, 0), f.json.total);
  for (const [qs, field] of [['kind=bond', 'kind'], ['tier=x', 'tier'], ['amount=-5', 'amount'], ['sort=price', 'sort'], ['region=51a', 'region'], ['facets=yes', 'facets'], ['cursor=%00%FF', 'cursor']])
    assert422(await api(s.url, 'GET', `${LIST}?${qs}`), field, qs);
});

test('sorts and cursors: every order pages through the same set, ties broken by id, deep pages consistent', async () => {
  for (let i = 0; i < 7; i++)
    await makeFinanceProduct(s.url, FIN(), 'active', { title: `${TAG} 排序 ${i}`, amount_min_fen: (i % 3) * 100000, amount_max_fen: 1000000 + (i % 2) * 1000000 });
  const q = `q=${encodeURIComponent(`${TAG} 排序`)}`;
  const base = (await walkList(s.url, `${LIST}?${q}`, 100)).items.map((x) => x.id).sort((a, b) => a - b);
  assert.equal(base.length, 7);
  for (const sort of ['-id', 'id', '-updated_at', '-amount_max', 'amount_min']) {
    const w = await walkList(s.url, `${LIST}?${q}&sort=${sort}`, 3);
    assert.deepEqual(w.items.map((x) => x.id).sort((a, b) => a - b), base, sort);
    assert.equal(w.total, 7);
    const key = { '-amount_max': (x) => -(x.amount_max_fen ?? -1), amount_min: (x) => x.amount_min_fen ?? -1 }[sort];
    if (key) for (let i = 1; i < w.items.length; i++) assert.ok(key(w.items[i - 1]) <= key(w.items[i]), `${sort} order at ${i}`);
  }
  // the same without q: answered from the list attributes in memory, in the same order
  const mem = (await walkList(s.url, `${LIST}?sort=amount_min`, 4)).items.filter((x) => x.title.startsWith(`${TAG} 排序`));
  const sql = (await walkList(s.url, `${LIST}?${q}&sort=amount_min`, 100)).items;
  assert.deepEqual(mem.map((x) => x.id), sql.map((x) => x.id));
});

test('a write is in the next list: an edit moves a product between filters at once', async () => {
  const p = await makeFinanceProduct(s.url, FIN(), 'active', { title: `${TAG} 即时`, kind: 'loan' });
  const has = async (qs) => (await api(s.url, 'GET', `${LIST}?limit=100&${qs}`)).json.items.some((x) => x.id === p.id);
  assert.ok(await has('kind=loan'));
  assert.equal((await act(s.url, tok.lender, 'finance-products', p.id, 'close')).status, 200);
  assert.ok(!(await has('kind=loan')), 'closed: off the public list');
  await act(s.url, tok.lender, 'finance-products', p.id, 'reopen');
  assert.equal((await api(s.url, 'PATCH', path(p.id), { token: tok.lender, body: { kind: 'insurance' } })).status, 200);
  await act(s.url, tok.lender, 'finance-products', p.id, 'submit');
  await act(s.url, tok.reviewer, 'finance-products', p.id, 'approve');
  assert.ok(await has('kind=insurance'));
  assert.ok(!(await has('kind=loan')));
});

test('export: csv, jsonl and xlsx with the list filters and visibility', async () => {
  const j = await api(s.url, 'GET', `${LIST}/export?format=jsonl&kind=equity`);
  assert.equal(j.status, 200);
  const rows = j.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.ok(rows.length >= 1 && rows.every((x) => x.kind === 'equity' && x.status === 'active'));
  assert.equal(Number(j.headers.get('x-total-rows')), rows.length);
  const c = await api(s.url, 'GET', `${LIST}/export?format=csv`);
  assert.match(c.headers.get('content-type'), /text\/csv/);
  assert.match(c.text.replace(/^\uFEFF/, '').split('\n')[0], /^id,title,kind,summary,amount_min_fen,amount_max_fen/);
  const x = await api(s.url, 'GET', `${LIST}/export?format=xlsx`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-disposition'), /finance-products\.xlsx/);
  assert422(await api(s.url, 'GET', `${LIST}/export?format=pdf`), 'format', 'format');
});

test('CLI: kezhuan export finance-products then import of the file round-trips every field; a bad row imports nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kz-fin-'));
  try {
    const file = join(dir, 'fin.csv');
    const ex = kz(['export', 'finance-products', '--format', 'csv', '-o', file], { db: s.db });
    assert.equal(ex.status, 0, ex.stderr);
    const before = (await api(s.url, 'GET', `${LIST}?limit=1`, { token: tok.admin })).json.total;
    const im = kz(['import', 'finance_product', file], { db: s.db });
    assert.equal(im.status, 0, im.stderr);
    const after = (await walkList(s.url, `${LIST}?sort=id`, 100, tok.admin)).items;
    assert.equal(after.length, before * 2);
    const strip = ({ id, created_at, updated_at, published_at, version, ...rest }) => rest;
    for (let i = 0; i < before; i++) assert.deepEqual(strip(after[before + i]), strip(after[i]), `row ${i + 1}`);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ ...financeBody(), org_id: org.shyh })}\n${JSON.stringify({ ...financeBody(), org_id: org.shyh, amount_min_fen: 9, amount_max_fen: 1 })}\n`);
    const b = kz(['import', 'finance-products', bad], { db: s.db });
    assert.equal(b.status, 1);
    assert.match(b.stderr, /第 2 行，列 amount_max_fen/);
    assert.equal((await api(s.url, 'GET', `${LIST}?limit=1`, { token: tok.admin })).json.total, before * 2, 'all or nothing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
