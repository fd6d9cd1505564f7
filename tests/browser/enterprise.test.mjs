// The enterprise's workbench: post a demand through the form (budget range checked in place),
// submit it, read the ranked matches with their reasons, ask for an achievement's detail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, cascade, pick, field, toast, api, login } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });
const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;

test('enterprise: posts a demand, sees ranked matches with reasons, requests access to one', async () => {
  const page = await newPage(env);
  await signIn(page, env.url, 'enterprise');
  await page.getByRole('menuitem', { name: '发布需求' }).click();
  await page.getByRole('heading', { name: '发布需求' }).waitFor();
  const title = `高速 ADC 芯片低功耗设计技术需求 ${uniq}`;
  await field(page, '需求名称').locator('input').fill(title);
  await field(page, '需求描述').locator('textarea').fill('面向工业物联网的高速高精度流水线 ADC，单通道功耗需降至 300 mW 以下，有效位数不低于 10 bit，寻求合作开发或技术许可。');
  await field(page, '技术指标').locator('textarea').fill('有效位数 ≥ 10 bit；单通道功耗 ≤ 300 mW');
  await cascade(page, field(page, '所属行业').locator('.el-cascader'), ['C 制造业', '39 ']);
  await cascade(page, field(page, '所在地区').locator('.el-cascader'), ['成都市', '武侯区']);
  await page.getByLabel('预算下限（万元）').fill('500');
  await page.getByLabel('预算上限（万元）').fill('100');
  await page.getByLabel('预算上限（万元）').blur();
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.getByText('预算上限不能低于下限').waitFor();
  await page.getByLabel('预算上限（万元）').fill('800');
  await page.getByLabel('预算上限（万元）').blur();
  await pick(page, field(page, '成熟度要求').locator('.el-select'), 'TRL 4');
  await field(page, '合作方式').getByText('合作开发').click();
  await shot(page, 'wb-demand-form');
  await page.getByRole('button', { name: '保存并提交审核' }).click();
  await toast(page, '已保存并提交审核');
  await page.waitForURL(/\/workbench\/demands\/\d+$/);
  const id = Number(page.url().match(/demands\/(\d+)/)[1]);
  await page.getByText('待审核').first().waitFor();
  await page.getByText('预算 500 万元 – 800 万元').waitFor();
  const tok = (await login(env.url, 'enterprise')).token;
  const d = (await api(env.url, 'GET', `/api/v1/demands/${id}`, { token: tok })).json;
  assert.deepEqual([d.status, d.budget_min_fen, d.budget_max_fen, d.industry, d.region, d.trl_min], ['submitted', 500000000, 800000000, '39', '510107', 4]);

  // ranked matches with reasons, the same as the API's
  const m = (await api(env.url, 'GET', `/api/v1/demands/${id}/matches?limit=20`, { token: tok })).json;
  assert.ok(m.items.length > 0, 'the API found no match');
  const list = page.getByRole('list', { name: '匹配的成果' });
  await list.waitFor();
  const first = list.locator('li').first();
  await first.getByText(m.items[0].achievement.title).waitFor();
  await first.getByText(`匹配度 ${Math.round(m.items[0].score * 100)}%`).waitFor();
  await first.getByText(/行业：/).waitFor();
  assert.equal(await list.locator('> li').count(), m.items.length);
  await shot(page, 'wb-demand-matches');

  // open one with a confidential detail and ask for it
  const target = m.items.find((x) => x.achievement.has_detail);
  await list.getByRole('link', { name: target.achievement.title, exact: true }).click();
  await page.waitForURL(new RegExp(`/achievements/${target.achievement.id}$`));
  await page.getByRole('button', { name: '申请查看详情' }).click();
  const dlg = page.getByRole('dialog', { name: '申请查看保密详情' });
  await dlg.getByRole('textbox').fill('好');
  await dlg.getByRole('button', { name: '提交申请' }).click();
  await dlg.getByText('理由为 2–500 字').waitFor();
  await dlg.getByRole('textbox').fill('我司研发工业物联网采集模组，拟评估该 ADC 技术的许可条件。');
  await dlg.getByRole('button', { name: '提交申请' }).click();
  await toast(page, '申请已提交');
  await page.getByText('我的申请：').waitFor();
  await page.getByText('待审批').waitFor();
  assert.equal(await page.getByRole('button', { name: '申请查看详情' }).count(), 0);
  await shot(page, 'portal-achievement-requested');
  const reqs = (await api(env.url, 'GET', `/api/v1/achievements/${target.achievement.id}/access-requests`, { token: tok })).json.items;
  assert.equal(reqs.length, 1);
  assert.equal(reqs[0].status, 'pending');

  await page.getByRole('link', { name: '工作台' }).click();
  await page.getByRole('menuitem', { name: '我的需求' }).click();
  await page.locator('.el-table__row', { hasText: title }).waitFor();
  await shot(page, 'wb-my-demands');
  await closePage(page);
});
