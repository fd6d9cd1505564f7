// 撮合 in the workbench: the broker opens a demand's ranked matches and 牵线 with the best
// achievement (a deal draft), recommends it with its reason; the enterprise finds it under
// 我的撮合对接, logs a visit under it, and declines it for price in the action's dialog; the
// matches then say what the deals taught (one decline for price is no pattern yet: the reason
// code is kept on the deal).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, pick, field, toast, api, login } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });

test('deals: the broker 牵线 from the matches and recommends; the enterprise logs a visit and declines for price', async () => {
  const yb = (await login(env.url, 'enterprise_yb'));
  const demand = (await api(env.url, 'GET', `/api/v1/demands?org=${yb.user.org_id}&status=published&limit=1`)).json.items[0];
  assert.ok(demand, 'a published demand of 宜宾锂能 in the demo');

  // the best match without a deal in progress with this demand (the demo has some)
  const broker = (await login(env.url, 'broker')).token;
  const busy = (await api(env.url, 'GET', `/api/v1/demands/${demand.id}/deals`, { token: broker })).json.items
    .filter((x) => !['signed', 'declined'].includes(x.status)).map((x) => x.achievement_id);
  const match = (await api(env.url, 'GET', `/api/v1/demands/${demand.id}/matches`, { token: broker })).json.items
    .find((m) => !busy.includes(m.achievement.id));
  const page = await newPage(env);
  await signIn(page, env.url, 'broker');
  await page.goto(`${env.url}/workbench/demands/${demand.id}`);
  await page.locator('li.m', { has: page.getByRole('link', { name: match.achievement.title, exact: true }) }).getByRole('button', { name: '牵线对接' }).click();
  await toast(page, '已创建对接草稿');
  await page.waitForURL(/\/workbench\/deals\/\d+$/);
  const id = Number(page.url().match(/deals\/(\d+)/)[1]);
  await page.getByRole('button', { name: '推荐对接' }).click();
  await toast(page, '已推荐对接'); // (no dialog: nothing to ask)
  const d0 = (await api(env.url, 'GET', `/api/v1/deals/${id}`, { token: broker })).json;
  assert.deepEqual([d0.status, d0.achievement_id], ['recommended', match.achievement.id]);
  await shot(page, 'wb-deal-recommended');
  await closePage(page);

  const ent = await newPage(env);
  await signIn(ent, env.url, 'enterprise_yb');
  await ent.getByRole('menuitem', { name: '我的撮合对接' }).click();
  await ent.getByRole('heading', { name: '与本机构有关的撮合对接' }).waitFor();
  await ent.locator(`a[href="/workbench/deals/${id}"]`).first().click();
  await ent.waitForURL(new RegExp(`/workbench/deals/${id}$`));
  // a visit logged under the deal
  await ent.getByRole('tab', { name: '对接进展' }).click();
  await ent.getByRole('link', { name: '新增对接进展' }).click();
  await ent.waitForURL(/\/workbench\/deal-events\/new\?deal_id=\d+$/);
  await pick(ent, field(ent, '方式').locator('.el-select'), '上门走访');
  const at = field(ent, '日期').locator('.el-date-editor input');
  await at.fill(new Date().toISOString().slice(0, 10).replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日'));
  await at.press('Enter');
  await field(ent, '记录').locator('textarea').fill('到四川大学实验室考察中试线，约定报价方案');
  await ent.getByRole('button', { name: /保存并记录/ }).click();
  await toast(ent, '已保存并记录');
  await ent.waitForURL(/\/workbench\/deal-events\/\d+$/);
  const evId = Number(ent.url().match(/deal-events\/(\d+)/)[1]);
  const tok = yb.token;
  const ev = (await api(env.url, 'GET', `/api/v1/deal-events/${evId}`, { token: tok })).json;
  assert.deepEqual([ev.status, ev.kind, ev.deal_id], ['logged', 'visit', id]);
  // the decline: the reason asked for, the side is the enterprise's own
  await ent.goto(`${env.url}/workbench/deals/${id}`);
  await ent.getByRole('button', { name: '放弃对接' }).click();
  const dlg = ent.getByRole('dialog');
  await dlg.getByRole('button', { name: /确定|确认/ }).click();
  await dlg.getByText('请填写放弃原因').waitFor();
  await pick(ent, field(dlg, '放弃原因').locator('.el-select'), '价格不合适');
  await dlg.getByRole('button', { name: /确定|确认/ }).click();
  await toast(ent, '已放弃对接');
  const d = (await api(env.url, 'GET', `/api/v1/deals/${id}`, { token: tok })).json;
  assert.deepEqual([d.status, d.decline_code, d.decline_side], ['declined', 'price', 'buyer']);
  await shot(ent, 'wb-deal-declined');
  await closePage(ent);
});
