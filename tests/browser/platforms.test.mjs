// 科技创新平台, the registry of issue 18, a kind whose pages come from its description alone: the host
// university's admin registers a platform through the generated form and applies for recognition
// in the same step; the officer of 成都 recognizes it from the workbench's queue, then puts it under
// rectification with a reason; the portal's 创新平台 lists it by type and level with its page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, cascade, pick, field, toast, api, login } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });
const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const name = `四川大学柔性电子工程技术研究中心 ${uniq}`;
const select = (page, label) => page.locator('.el-select', { has: page.getByRole('combobox', { name: label }) });

test('platforms: the host registers and applies, the officer recognizes and warns it, the portal lists it', async () => {
  const page = await newPage(env);
  await signIn(page, env.url, 'tto_scu');
  await page.getByRole('menuitem', { name: '发布科技创新平台' }).click();
  await page.getByRole('heading', { name: '发布科技创新平台' }).waitFor();
  await field(page, '平台名称').locator('input').fill(name);
  await pick(page, field(page, '平台类型').locator('.el-select'), '工程技术研究中心');
  await pick(page, field(page, '平台级别').locator('.el-select'), '省级');
  await field(page, '平台简介').locator('textarea').fill('依托四川大学建设，围绕柔性电子材料与器件开展工程化研究，面向企业开放中试线与检测服务。');
  await cascade(page, field(page, '所属行业').locator('.el-cascader'), ['C 制造业', '39 ']);
  await cascade(page, field(page, '所在地区').locator('.el-cascader'), ['成都市', '武侯区']);
  await field(page, '认定部门').locator('input').fill('四川省科学技术厅');
  await field(page, '联系方式').locator('input').fill('028-85400099');
  await shot(page, 'wb-platform-form');
  await page.getByRole('button', { name: '保存并申报认定' }).click();
  await toast(page, '已保存并申报认定');
  await page.waitForURL(/\/workbench\/platforms\/\d+$/);
  const id = Number(page.url().match(/platforms\/(\d+)/)[1]);
  await page.getByText('申报认定中').first().waitFor();
  const host = (await login(env.url, 'tto_scu')).token;
  const p = (await api(env.url, 'GET', `/api/v1/platforms/${id}`, { token: host })).json;
  assert.deepEqual([p.status, p.kind, p.level, p.industry, p.region, p.recognized_by], ['candidate', 'eng_center', 'provincial', '39', '510107', '四川省科学技术厅']);
  await closePage(page);

  // the officer: the queue of applications, the platform's page, 认定 and then 限期整改 with a reason
  const off = await newPage(env);
  await signIn(off, env.url, 'officer');
  await off.getByRole('menuitem', { name: '科技创新平台审核' }).click();
  await off.waitForURL(/\/workbench\/platforms\/review/);
  await off.getByRole('link', { name }).click();
  await off.waitForURL(new RegExp(`/workbench/platforms/${id}$`));
  await off.getByRole('button', { name: '认定', exact: true }).click();
  await toast(off, '已认定');
  await off.getByText('已认定').first().waitFor();
  await off.getByRole('button', { name: '列入限期整改' }).click();
  const dlg = off.getByRole('dialog');
  await dlg.locator('textarea').fill('年度报告未按期提交');
  await dlg.getByRole('button', { name: /确定|确认/ }).click();
  await toast(off, '已列入限期整改');
  await off.getByText('限期整改').first().waitFor();
  const w = (await api(env.url, 'GET', `/api/v1/platforms/${id}`, { token: host })).json;
  assert.equal(w.status, 'warned');
  await shot(off, 'wb-platform-warned');
  await closePage(off);

  // the public portal: 创新平台 from the navigation, by type and level, then the platform's page
  const pub = await newPage(env);
  await pub.goto(env.url);
  await pub.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '创新平台' }).click();
  await pub.getByRole('heading', { name: '科技创新平台', exact: true }).waitFor();
  await pick(pub, select(pub, '平台类型'), '工程技术研究中心');
  await pub.waitForURL(/kind=eng_center/);
  await pick(pub, select(pub, '平台级别'), '省级');
  await pub.waitForURL(/level=provincial/);
  await pub.getByRole('link', { name }).waitFor();
  await shot(pub, 'portal-platforms');
  await pub.getByRole('link', { name }).click();
  await pub.waitForURL(new RegExp(`/platforms/${id}$`));
  await pub.getByRole('heading', { name }).waitFor();
  await pub.getByText('限期整改').first().waitFor();
  await pub.getByText('四川省科学技术厅').waitFor();
  await closePage(pub);
});
