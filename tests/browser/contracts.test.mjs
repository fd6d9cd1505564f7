// 技术合同登记 in the workbench, from the kind's description alone: the seller's researcher enters a
// contract through the generated form (the registration's own fields are not in it) and submits it;
// the registrar (a third-party agency) finds it in 技术合同登记, registers it with the 核定技术交易额
// the dialog asks for, and the contract shows its registration number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, cascade, pick, field, toast, api, login } from './lib.mjs';
import { creditCodeOf } from '../api/lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });
const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const title = `锂电池硅碳负极材料中试技术开发合同 ${uniq}`;

test('contracts: the seller enters and submits a contract, the registrar registers it with the technology income', async () => {
  const page = await newPage(env);
  await signIn(page, env.url, 'researcher');
  await page.getByRole('menuitem', { name: '发布技术合同' }).click();
  await page.getByRole('heading', { name: '发布技术合同' }).waitFor();
  assert.equal(await field(page, '登记号').count(), 0, 'the registration number is not the seller\'s to enter');
  assert.equal(await field(page, '核定技术交易额').count(), 0);
  await field(page, '合同名称').locator('input').fill(title);
  await pick(page, field(page, '合同类型').locator('.el-select'), '技术开发（委托）');
  await cascade(page, field(page, '卖方所在地区').locator('.el-cascader'), ['成都市', '武侯区']);
  await page.locator('.el-cascader__dropdown:visible').first().waitFor({ state: 'hidden' });
  await page.getByLabel('合同金额（万元）').fill('300');
  await page.getByLabel('合同金额（万元）').blur();
  const date = field(page, '签订日期').locator('.el-date-editor input');
  await date.fill('2026年3月18日');
  await date.press('Enter');
  await field(page, '买方名称').locator('input').fill(`宜宾新能源科技有限公司 ${uniq}`);
  await field(page, '买方信用代码').locator('input').fill(creditCodeOf(Number.parseInt(uniq.slice(-6), 36) % 99999999));
  await cascade(page, field(page, '买方所在地区').locator('.el-cascader'), ['宜宾市', '翠屏区']);
  await pick(page, field(page, '买方主体类型').locator('.el-select'), '企业');
  await shot(page, 'wb-contract-form');
  await page.getByRole('button', { name: '保存并提交审核' }).click();
  await toast(page, '已保存并提交审核');
  await page.waitForURL(/\/workbench\/contracts\/\d+$/);
  const id = Number(page.url().match(/contracts\/(\d+)/)[1]);
  const seller = (await login(env.url, 'researcher')).token;
  const c = (await api(env.url, 'GET', `/api/v1/contracts/${id}`, { token: seller })).json;
  assert.deepEqual([c.status, c.type, c.amount_fen, c.signed_on, c.region, c.buyer_region, c.buyer_kind], ['submitted', 'development_commissioned', 300000000, '2026-03-18', '510107', '511502', 'enterprise']);
  await closePage(page);

  // the registrar: the queue of submitted contracts, the contract, 登记 with 核定技术交易额 (240 万元)
  const reg = await newPage(env);
  await signIn(reg, env.url, 'reviewer');
  await reg.getByRole('menuitem', { name: '技术合同审核' }).click();
  await reg.waitForURL(/\/workbench\/contracts\/review/);
  await reg.getByRole('link', { name: title }).click();
  await reg.waitForURL(new RegExp(`/workbench/contracts/${id}$`));
  await reg.getByRole('button', { name: '登记', exact: true }).click();
  const dlg = reg.getByRole('dialog');
  await dlg.getByRole('button', { name: /确定|确认/ }).click();
  await dlg.getByText('请填写核定技术交易额').waitFor(); // asked for before anything is sent
  await dlg.getByLabel('核定技术交易额（万元）').fill('240');
  await dlg.getByLabel('核定技术交易额（万元）').blur();
  await dlg.getByRole('button', { name: /确定|确认/ }).click();
  await toast(reg, '已登记');
  const r = (await api(env.url, 'GET', `/api/v1/contracts/${id}`, { token: seller })).json;
  assert.equal(r.status, 'registered');
  assert.equal(r.tech_income_fen, 240000000);
  assert.match(r.registration_no, /^\d{4}510107\d{6}$/);
  await reg.getByText(r.registration_no).waitFor();
  await shot(reg, 'wb-contract-registered');
  await closePage(reg);
});
