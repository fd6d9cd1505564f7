// 科技金融 requests (src/kinds/finance_request.c, domain/finance.c, issue 16 item 4): an
// enterprise's finance demand is matched to the lenders' products by eligibility and fit with the
// reasons (and what a product one condition short misses); matched to a product it is its
// lender's to grant (amount, date, rate) or decline (a reason); granted requests are counted by
// product, region and month. Expectations are written from the issue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, loginAll, login, act, auditRows, stopClean, assert422, dayCST, kz, financeBody, makeFinanceProduct, notificationsOf,
} from './lib.mjs';

let s;
let tok;
const prod = {};

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  tok.lender = (await login(s.url, 'lender')).token;
  const who = { owner: tok.lender, reviewer: tok.reviewer };
  // 成都's 科创贷 for 高新 and 领军 enterprises; 宜宾's for any; a guarantee (another kind)
  prod.cd = await makeFinanceProduct(s.url, who, 'active', { title: '天府科创贷（测试）', eligible_tiers: ['high_tech', 'leader'], eligible_regions: ['510100'], amount_min_fen: 100000000, amount_max_fen: 1000000000, rate_min_bp: 365, term_months: 36 });
  prod.yb = await makeFinanceProduct(s.url, who, 'active', { title: '宜宾科创贷（测试）', eligible_tiers: [], eligible_regions: ['511500'], amount_min_fen: 50000000, amount_max_fen: 500000000, rate_min_bp: 420, term_months: 36 });
  prod.sc = await makeFinanceProduct(s.url, who, 'active', { title: '四川科技贷（测试）', eligible_tiers: [], eligible_regions: [], amount_min_fen: 10000000, amount_max_fen: 2000000000, rate_min_bp: 480, rate_max_bp: 600, term_months: 24 });
  prod.gu = await makeFinanceProduct(s.url, who, 'active', { title: '科技担保（测试）', kind: 'guarantee', eligible_regions: [] });
});
after(() => stopClean(s));

let seq = 0;
const requestBody = (over = {}) => ({
  title: `硅碳负极中试线建设贷款 ${++seq}`, kind: 'loan', amount_fen: 300000000, term_months: 24,
  purpose: '建设年产 500 吨硅碳负极中试线，以销售回款还款。', region: '511502', industry: '3841', contact: '李经理 0831-8612205', ...over,
});
async function submitted(over = {}, token = tok.enterprise) {
  const c = await api(s.url, 'POST', '/api/v1/finance-requests', { token, body: requestBody(over) });
  assert.equal(c.status, 201, c.text);
  const r = await act(s.url, token, 'finance-requests', c.json.id, 'submit');
  assert.equal(r.status, 200, r.text);
  return r.json;
}

test('a request is matched to the products that fit it, with the reasons; one short by a condition says which', async () => {
  const r = await submitted();
  const m = await api(s.url, 'GET', `/api/v1/finance-requests/${r.id}/matches`, { token: tok.enterprise });
  assert.equal(m.status, 200, m.text);
  const ids = m.json.items.map((x) => x.product.id);
  assert.ok(ids.includes(prod.yb.id) && ids.includes(prod.sc.id), `eligible: ${ids}`);
  assert.ok(!ids.includes(prod.cd.id) && !ids.includes(prod.gu.id));
  assert.ok(ids.indexOf(prod.yb.id) < ids.indexOf(prod.sc.id), '宜宾\'s own product (lower rate, narrower region, longer term) first');
  const yb = m.json.items.find((x) => x.product.id === prod.yb.id);
  assert.ok(yb.score > 0 && yb.reasons.some((x) => x.includes('宜宾')), JSON.stringify(yb.reasons));
  const near = m.json.nearly.find((x) => x.product.id === prod.cd.id);
  assert.ok(near, '成都\'s product is one condition short');
  assert.equal(near.missing.length, 1);
  assert.match(near.missing[0], /地区/);
  // another org's request is not the broker's to see
  assert.equal((await api(s.url, 'GET', `/api/v1/finance-requests/${r.id}/matches`, { token: tok.broker })).status, 404);
});

test('matched to a product, granted by its lender within its ceiling; counted by product, region and month', async () => {
  const r = await submitted();
  assert422(await act(s.url, tok.enterprise, 'finance-requests', r.id, 'match'), 'product_id', 'no product');
  const bad = await act(s.url, tok.enterprise, 'finance-requests', r.id, 'match', { product_id: prod.cd.id });
  assert422(bad, 'product_id', 'a product whose region does not serve it');
  assert.match(bad.json.error.fields.product_id, /地区/);
  assert.equal((await api(s.url, 'GET', `/api/v1/finance-requests/${r.id}`, { token: tok.lender })).status, 404, 'not the lender\'s before the match');
  const m = await act(s.url, tok.enterprise, 'finance-requests', r.id, 'match', { product_id: prod.yb.id });
  assert.equal(m.status, 200, m.text);
  assert.deepEqual([m.json.status, m.json.product_id, m.json.product_title, m.json.lender_org_id], ['matched', prod.yb.id, prod.yb.title, prod.yb.org_id]);
  // the lender reads it now (a party) and was told; the enterprise does not grant itself
  assert.equal((await api(s.url, 'GET', `/api/v1/finance-requests/${r.id}`, { token: tok.lender })).status, 200);
  assert.ok((await notificationsOf(s.url, tok.lender)).items.some((n) => n.entity_id === r.id || n.record_id === r.id || JSON.stringify(n).includes(r.title)));
  assert.equal((await act(s.url, tok.enterprise, 'finance-requests', r.id, 'grant', { granted_fen: 1, granted_on: dayCST() })).status, 403);
  assert422(await act(s.url, tok.lender, 'finance-requests', r.id, 'grant', { granted_fen: 300000001, granted_on: dayCST() }), 'granted_fen', 'above the amount asked');
  assert422(await act(s.url, tok.lender, 'finance-requests', r.id, 'grant', { granted_fen: 250000000, granted_on: dayCST(1) }), 'granted_on', 'a date ahead');
  assert422(await act(s.url, tok.lender, 'finance-requests', r.id, 'grant', { granted_fen: 250000000 }), 'granted_on', 'no date');
  const before = (await api(s.url, 'GET', '/api/v1/stats/finance')).json;
  const g = await act(s.url, tok.lender, 'finance-requests', r.id, 'grant', { granted_fen: 250000000, granted_on: dayCST(), rate_bp: 395 });
  assert.equal(g.status, 200, g.text);
  assert.deepEqual([g.json.status, g.json.granted_fen, g.json.granted_on, g.json.rate_bp], ['granted', 250000000, dayCST(), 395]);
  const after = (await api(s.url, 'GET', '/api/v1/stats/finance?level=city')).json;
  assert.equal(after.total.count, before.total.count + 1);
  assert.equal(after.total.granted_fen, before.total.granted_fen + 250000000);
  const byP = after.by_product.find((x) => x.product_id === prod.yb.id);
  assert.deepEqual([byP.count, byP.granted_fen], [1, 250000000]);
  const yb = after.by_region.find((x) => x.code === '511500');
  assert.ok(yb && yb.granted_fen >= 250000000 && yb.name.includes('宜宾'), JSON.stringify(after.by_region));
  assert.ok(after.by_month.some((x) => x.month === dayCST().slice(0, 7) && x.granted_fen >= 250000000));
  assert.equal((await api(s.url, 'GET', '/api/v1/stats/finance?level=district&parent=5115')).json.by_region.every((x) => x.code.startsWith('5115')), true);
  assert422(await api(s.url, 'GET', '/api/v1/stats/finance?level=street'), 'level', 'a bad level');
  const audit = await auditRows(s.url, tok.admin, 'finance_request', r.id);
  assert.deepEqual(audit.map((x) => x.action), ['create', 'submit', 'match', 'grant']);
  const v = kz(['stats', 'verify'], { db: s.db });
  assert.equal(v.status, 0, v.stdout + v.stderr);
});

test('a lender declines with a reason; the owner withdraws; nothing changes on bad input', async () => {
  const r = await submitted({ amount_fen: 80000000 });
  assert.equal((await act(s.url, tok.enterprise, 'finance-requests', r.id, 'match', { product_id: prod.sc.id })).status, 200);
  assert422(await act(s.url, tok.lender, 'finance-requests', r.id, 'decline'), 'comment', 'no reason');
  const d = await act(s.url, tok.lender, 'finance-requests', r.id, 'decline', { comment: '近两年经营性现金流为负，暂不符合授信条件。' });
  assert.deepEqual([d.json.status, d.json.reason], ['declined', '近两年经营性现金流为负，暂不符合授信条件。']);
  const w = await submitted();
  assert.equal((await act(s.url, tok.enterprise, 'finance-requests', w.id, 'withdraw')).json.status, 'withdrawn');
  // bad bodies: fields of another step, a product of another kind, an amount of zero
  const x = await submitted();
  assert422(await act(s.url, tok.enterprise, 'finance-requests', x.id, 'withdraw', { product_id: prod.yb.id }), 'product_id', 'a product on withdraw');
  assert422(await act(s.url, tok.enterprise, 'finance-requests', x.id, 'match', { product_id: prod.gu.id }), 'product_id', 'a guarantee for a loan');
  assert422(await api(s.url, 'POST', '/api/v1/finance-requests', { token: tok.enterprise, body: requestBody({ amount_fen: 0 }) }), 'amount_fen', 'zero');
  assert.equal((await api(s.url, 'GET', `/api/v1/finance-requests/${x.id}`, { token: tok.enterprise })).json.status, 'submitted');
  // never public
  assert.equal((await api(s.url, 'GET', `/api/v1/finance-requests/${x.id}`)).status, 404);
});
