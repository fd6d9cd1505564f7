// 科技金融, a kind whose pages come from its description alone (GET /api/v1/kinds → KindForm,
// KindTable, KindDetail): the lender publishes a product through the generated form (a field
// error first), submits it; the officer approves it from the workbench; the portal lists it with
// its filters and shows its page; an enterprise finds it by its tier and the amount it needs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, cascade, pick, field, toast, api, login } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });
const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const title = `科创研发贷 ${uniq}`;
/** A list's filter (an Element Plus select) by its aria-label. */
const select = (page, label) => page.locator('.el-select', { has: page.getByRole('combobox', { name: label }) });

test('finance: the lender publishes a product, the officer approves it, the portal and an enterprise find it', async () => {
  // the lender: the generated form, a too-short name refused in place, then saved and submitted
  const page = await newPage(env);
  await signIn(page, env.url, 'lender');
  await page.getByRole('menuitem', { name: '发布金融产品' }).click();
  await page.getByRole('heading', { name: '发布金融产品' }).waitFor();
  await field(page, '产品名称').locator('input').fill('贷');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await field(page, '产品名称').getByText('产品名称至少 2 个字').waitFor();
  await field(page, '产品名称').locator('input').fill(title);
  await pick(page, field(page, '产品类型').locator('.el-select'), '贷款');
  await field(page, '产品介绍').locator('textarea').fill('面向高新技术企业和科技型中小企业的信用贷款，用于研发投入与成果转化，无需抵押，最快 5 个工作日放款。');
  await page.getByLabel('额度下限（万元）').fill('100');
  await page.getByLabel('额度上限（万元）').fill('1000');
  await page.getByLabel('利率下限（%）').fill('3.5');
  await page.getByLabel('利率上限（%）').fill('6');
  await page.getByLabel('最长期限（个月）').fill('36');
  await page.getByLabel('最长期限（个月）').blur();
  await pick(page, field(page, '适用企业').locator('.el-select'), '高新技术企业');
  await page.keyboard.press('Escape');
  // 适用地区: many regions (a cascader with checkboxes)
  await field(page, '适用地区').locator('.el-cascader').click();
  await page.locator('.el-cascader__dropdown:visible .el-cascader-node', { hasText: '成都市' }).first().locator('.el-checkbox').click();
  await page.getByRole('heading', { name: '发布金融产品' }).click(); // closes the dropdown
  await page.locator('.el-cascader__dropdown:visible').first().waitFor({ state: 'hidden' });
  await cascade(page, field(page, '所在地区').locator('.el-cascader'), ['成都市', '武侯区']);
  await field(page, '联系方式').locator('input').fill('028-86001234 科技金融部');
  await shot(page, 'wb-finance-form');
  await page.getByRole('button', { name: '保存并提交审核' }).click();
  await toast(page, '已保存并提交审核');
  await page.waitForURL(/\/workbench\/finance-products\/\d+$/);
  const id = Number(page.url().match(/finance-products\/(\d+)/)[1]);
  await page.getByText('待审核').first().waitFor();
  await page.getByText('100 万元 – 1,000 万元').waitFor();
  const lender = (await login(env.url, 'lender')).token;
  const p = (await api(env.url, 'GET', `/api/v1/finance-products/${id}`, { token: lender })).json;
  assert.deepEqual(
    [p.status, p.kind, p.amount_min_fen, p.amount_max_fen, p.rate_min_bp, p.rate_max_bp, p.term_months, p.eligible_tiers, p.eligible_regions, p.region],
    ['submitted', 'loan', 100000000, 1000000000, 350, 600, 36, ['high_tech'], ['510100'], '510107'],
  );
  await shot(page, 'wb-finance-submitted');
  await page.getByRole('menuitem', { name: '我的金融产品' }).click();
  await page.locator('.el-table__row', { hasText: title }).waitFor();
  await closePage(page);

  // the officer: the workbench's queue, the product's page, 审核上架
  const off = await newPage(env);
  await signIn(off, env.url, 'officer');
  await off.getByRole('menuitem', { name: '金融产品审核' }).click();
  await off.waitForURL(/\/workbench\/finance-products\/review/);
  await off.getByRole('link', { name: title }).click();
  await off.waitForURL(new RegExp(`/workbench/finance-products/${id}$`));
  await off.getByRole('button', { name: '审核上架' }).click();
  await toast(off, '已审核上架');
  await off.getByText('在售').first().waitFor();
  assert.equal((await api(env.url, 'GET', `/api/v1/finance-products/${id}`, { token: lender })).json.status, 'active');
  await off.getByRole('tab', { name: '状态与修订历史' }).click();
  await off.getByText('审核上架').first().waitFor();
  await shot(off, 'wb-finance-approved');
  await closePage(off);

  // the public portal: 科技金融 from the navigation, filtered by type, then the product's page
  const pub = await newPage(env);
  await pub.goto(env.url);
  await pub.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '科技金融' }).click();
  await pub.getByRole('heading', { name: '科技金融', exact: true }).waitFor();
  await pick(pub, select(pub, '产品类型'), '贷款');
  await pub.waitForURL(/kind=loan/);
  await pub.getByRole('link', { name: title }).waitFor();
  await shot(pub, 'portal-finance');
  await pub.getByRole('link', { name: title }).click();
  await pub.waitForURL(new RegExp(`/finance-products/${id}$`));
  await pub.getByRole('heading', { name: title }).waitFor();
  await pub.getByText('100 万元 – 1,000 万元').waitFor();
  await pub.getByText('3.5% – 6%').waitFor();
  await pub.getByText('高新技术企业', { exact: true }).waitFor();
  await pub.getByText('成都市', { exact: true }).waitFor(); // 适用地区
  await pub.getByText('028-86001234 科技金融部').waitFor();
  await shot(pub, 'portal-finance-product');
  await closePage(pub);

  // an enterprise (高新技术企业) looking for 500 万元: the product is among those that fit
  const ent = await newPage(env);
  await signIn(ent, env.url, 'enterprise');
  await ent.getByRole('menuitem', { name: '我的需求' }).waitFor();
  await ent.waitForLoadState('networkidle'); // the organization (its industry) has been asked for
  assert.equal(await ent.getByRole('menuitem', { name: '发布金融产品' }).count(), 0, 'only organizations of 金融业 publish finance products');
  assert.equal(await ent.getByRole('menuitem', { name: '金融产品审核' }).count(), 0, 'an enterprise reviews no finance products');
  await ent.goto(`${env.url}/finance`);
  await pick(ent, select(ent, '适用企业'), '高新技术企业');
  await ent.getByLabel('融资金额（万元）').fill('500');
  await ent.getByLabel('融资金额（万元）').blur();
  await ent.waitForURL(/amount=500000000/);
  await ent.getByRole('link', { name: title }).waitFor();
  await shot(ent, 'portal-finance-enterprise');
  await ent.getByRole('link', { name: title }).click();
  await ent.getByRole('heading', { name: title }).waitFor();
  await closePage(ent);
});
