// 揭榜挂帅 in the portal and the workbench, from the kinds' descriptions: a visitor finds the
// challenges on the board and an accepted one's published result (its winner and the solver
// subsidy); a researcher of 四川大学 takes up a published challenge from its page (新增揭榜申请: the
// generated form under the challenge, partners picked from the registry) and submits it; the
// issuing bureau's officer finds the application under the challenge in the workbench.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, field, toast, api, login } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });
const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const title = `碳化硅模块纳米银烧结封装方案 ${uniq}`;
const OPEN = '车规级碳化硅功率模块封装与可靠性关键技术'; // the demo's challenge on the board
const DONE = '动力电池包热失控早期预警技术'; // the demo's accepted one

test('challenges: the board and a published result; a researcher applies with a partner; the issuer sees the application', async () => {
  const page = await newPage(env);
  await page.goto(`${env.url}/challenges`);
  await page.getByRole('heading', { name: '揭榜挂帅', exact: true }).waitFor();
  await page.getByRole('link', { name: OPEN }).waitFor();
  await page.getByRole('link', { name: DONE }).click();
  await page.waitForURL(/\/challenges\/\d+$/);
  await page.getByRole('heading', { name: '揭榜结果' }).waitFor();
  const result = page.locator('.records').first(); // the winners' table comes first
  await result.getByText('四川大学').waitFor();
  await result.getByText('84 万元').waitFor(); // 30 % of 280 万元
  await page.getByRole('heading', { name: '验收结论' }).waitFor();
  await shot(page, 'portal-challenge-result');
  await closePage(page);

  const anon = (await api(env.url, 'GET', `/api/v1/challenges?q=${encodeURIComponent(OPEN)}`)).json.items[0];
  const wb = await newPage(env);
  await signIn(wb, env.url, 'researcher');
  await wb.goto(`${env.url}/challenges/${anon.id}`);
  await wb.getByRole('link', { name: '新增揭榜申请' }).click();
  await wb.waitForURL(new RegExp(`/workbench/challenge-applications/new\\?challenge_id=${anon.id}$`));
  await wb.getByRole('link', { name: OPEN }).waitFor(); // the challenge it goes under
  assert.equal(await field(wb, '合同金额').count(), 0, 'what the award sets is not entered');
  await field(wb, '揭榜项目名称').locator('input').fill(title);
  await field(wb, '攻关方案').locator('textarea').fill('以纳米银烧结替代焊料层，叠层母排低感互连，联合锐芯微完成模块流片、封装与装车验证。');
  await wb.getByLabel('申请经费（万元）').fill('450');
  await wb.getByLabel('申请经费（万元）').blur();
  const team = field(wb, '攻关团队').locator('input').first();
  await team.fill('王强 教授 四川大学');
  await wb.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '王强 教授 四川大学' }).first().click();
  await field(wb, '攻关团队').locator('.el-tag', { hasText: '王强 教授 四川大学' }).waitFor();
  await wb.keyboard.press('Escape');
  const partners = field(wb, '联合体成员单位').locator('input').first();
  await partners.fill('锐芯微');
  await wb.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '成都锐芯微电子科技有限公司' }).first().click();
  await field(wb, '联合体成员单位').locator('.el-tag', { hasText: '成都锐芯微电子科技有限公司' }).waitFor();
  await wb.getByRole('heading', { name: '发布揭榜申请' }).click(); // the list closes
  await wb.locator('.el-select-dropdown:visible').first().waitFor({ state: 'hidden' });
  await shot(wb, 'wb-challenge-application-form');
  await wb.getByRole('button', { name: '保存并提交审核' }).click();
  await toast(wb, '已保存并提交审核');
  await wb.waitForURL(/\/workbench\/challenge-applications\/\d+$/);
  const id = Number(wb.url().match(/challenge-applications\/(\d+)/)[1]);
  const tok = (await login(env.url, 'researcher')).token;
  const a = (await api(env.url, 'GET', `/api/v1/challenge-applications/${id}`, { token: tok })).json;
  const rxw = (await api(env.url, 'GET', `/api/v1/orgs?q=${encodeURIComponent('成都锐芯微电子科技有限公司')}`)).json.items[0].id;
  assert.deepEqual([a.status, a.challenge_id, a.budget_fen, a.team, a.partner_org_ids], ['submitted', anon.id, 450000000, ['王强 教授 四川大学'], [rxw]]);
  await wb.getByText('成都锐芯微电子科技有限公司').first().waitFor(); // the partner by its name
  await closePage(wb);

  const off = await newPage(env);
  await signIn(off, env.url, 'officer');
  await off.goto(`${env.url}/workbench/challenges/${anon.id}`);
  await off.getByRole('tab', { name: '揭榜申请' }).click();
  await off.getByRole('link', { name: title }).waitFor();
  await shot(off, 'wb-challenge-applications');
  await closePage(off);
});
