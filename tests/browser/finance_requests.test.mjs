// 融资需求 (a kind whose pages come from its description, with its own 匹配的金融产品 panel): an
// enterprise of 宜宾 (宜宾锂能, a 链主 leader) asks for a loan from the portal's 科技金融 page through
// the generated form and submits it; its page lists the products that fit, with why; it chooses the
// first — one of 蜀汇银行's, which serve all Sichuan without tier limits — and the request is 已对接;
// the bank's org_admin (lender, a party once matched) grants it with an amount, a date and a rate:
// 已放款; the portal's 科技金融成效 counts it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, cascade, pick, field, toast, api, login } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });
const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const title = `硅碳负极中试线建设贷款 ${uniq}`;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

test('finance requests: an enterprise asks, chooses a matched product, the lender grants it', async () => {
  const yb = (await login(env.url, 'enterprise_yb')).token;
  const lender = await login(env.url, 'lender');
  const before = (await api(env.url, 'GET', '/api/v1/stats/finance?level=city&parent=51')).json.total;

  // the enterprise: 提出融资需求 from the portal, the generated form, saved and submitted
  const page = await newPage(env);
  await signIn(page, env.url, 'enterprise_yb');
  await page.goto(`${env.url}/finance`);
  await page.getByRole('link', { name: '提出融资需求' }).click();
  await page.waitForURL(/\/workbench\/finance-requests\/new$/);
  await field(page, '需求名称').locator('input').fill(title);
  await pick(page, field(page, '融资方式').locator('.el-select'), '贷款');
  await page.getByLabel('需求金额（万元）').fill('500');
  await page.getByLabel('期限（个月）').fill('36');
  await page.getByLabel('期限（个月）').blur();
  await field(page, '资金用途').locator('textarea').fill('建设年产 2000 吨硅碳负极中试线，采购涂布与烧结设备；以电池材料销售回款还款。');
  await cascade(page, field(page, '所在地区').locator('.el-cascader'), ['宜宾市', '翠屏区']);
  await cascade(page, field(page, '所属行业').locator('.el-cascader'), ['C 制造业', '38 ', '384 ', '3841 ']);
  await field(page, '联系人').locator('input').fill('李经理 0831-8201234');
  await shot(page, 'wb-finance-request-form');
  await page.getByRole('button', { name: '保存并提交审核' }).click();
  await toast(page, '已保存并提交审核');
  await page.waitForURL(/\/workbench\/finance-requests\/\d+$/);
  const id = Number(page.url().match(/finance-requests\/(\d+)/)[1]);
  const r = (await api(env.url, 'GET', `/api/v1/finance-requests/${id}`, { token: yb })).json;
  assert.deepEqual([r.status, r.kind, r.amount_fen, r.term_months, r.region, r.industry], ['submitted', 'loan', 500000000, 36, '511502', '3841']);

  // its page: the products that fit, best first, with why; the first is one of the bank's
  const m = (await api(env.url, 'GET', `/api/v1/finance-requests/${id}/matches`, { token: yb })).json;
  assert.ok(m.items.length, 'a 宜宾 loan of 500 万元 for 36 months fits a product');
  const first = m.items[0].product;
  assert.equal(first.org_id, lender.user.org_id, 'the best product is 蜀汇银行’s');
  const panel = page.getByRole('region', { name: '匹配的金融产品' });
  await page.getByText('待匹配', { exact: true }).first().waitFor();
  const card = panel.getByRole('article').first();
  await card.getByRole('link', { name: first.title }).waitFor();
  await card.getByText(`匹配度 ${m.items[0].score}`).waitFor();
  for (const line of m.items[0].reasons) await card.getByText(line, { exact: true }).waitFor();
  await shot(page, 'wb-finance-request-matches');
  await card.getByRole('button', { name: '选择此产品' }).click();
  await toast(page, '已对接金融产品');
  await page.getByText('已对接', { exact: true }).first().waitFor();
  const matched = page.getByRole('region', { name: '对接的金融产品' });
  await matched.getByRole('link', { name: first.title }).waitFor();
  await matched.getByText(`（${first.org_name}）`).waitFor();
  assert.equal(await page.getByRole('button', { name: '获批放款' }).count(), 0, 'the enterprise grants nothing');
  await closePage(page);

  // the lender: the request among its own, 获批放款 with an amount, today's date and a rate
  const bank = await newPage(env);
  await signIn(bank, env.url, 'lender');
  await bank.getByRole('menuitem', { name: '我的融资需求' }).click();
  await bank.getByRole('link', { name: title }).click();
  await bank.waitForURL(new RegExp(`/workbench/finance-requests/${id}$`));
  await bank.getByRole('button', { name: '未获批' }).waitFor();
  await bank.getByRole('button', { name: '获批放款' }).click();
  const dlg = bank.getByRole('dialog');
  await dlg.getByLabel('获批金额（万元）').fill('450');
  await dlg.getByLabel('获批利率（%）').fill('3.85');
  await dlg.getByLabel('获批利率（%）').blur();
  await shot(bank, 'wb-finance-request-grant');
  await dlg.getByRole('button', { name: /确定|确认/ }).click();
  await toast(bank, '已获批放款');
  await bank.getByText('已放款', { exact: true }).first().waitFor();
  await bank.getByRole('region', { name: '对接的金融产品' }).getByText(/已获批 450 万元/).waitFor();
  const g = (await api(env.url, 'GET', `/api/v1/finance-requests/${id}`, { token: yb })).json;
  assert.deepEqual([g.status, g.product_id, g.lender_org_id, g.granted_fen, g.granted_on, g.rate_bp], ['granted', first.id, lender.user.org_id, 450000000, today, 385]);
  await shot(bank, 'wb-finance-request-granted');
  await closePage(bank);

  // the portal: 科技金融成效 counts it
  const pub = await newPage(env);
  await pub.goto(`${env.url}/finance`);
  const fx = pub.getByRole('region', { name: '科技金融成效' });
  await fx.getByText(String(before.count + 1), { exact: true }).waitFor();
  await fx.getByRole('link', { name: first.title }).waitFor();
  await shot(pub, 'portal-finance-effect');
  await closePage(pub);
});
