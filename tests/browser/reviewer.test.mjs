// The reviewer's screening queue: bulk 形式审查, a return that needs a comment, publishing from
// 筛选评估, and publishing a submitted demand. States are checked through the API afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, toast, api, login } from './lib.mjs';
import { makeAchievement, makeDemand } from '../api/lib.mjs';

let env, tok;
before(async () => {
  env = await setup();
  tok = {};
  for (const u of ['researcher', 'reviewer', 'enterprise_yb', 'admin']) tok[u] = (await login(env.url, u)).token;
});
after(async () => { await env?.teardown(); });

const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const status = async (kind, id) => (await api(env.url, 'GET', `/api/v1/${kind}/${id}`, { token: tok.admin })).json.status;

test('reviewer: bulk accept, return with a required comment, publish; a demand published from its tab', async () => {
  const who = { owner: tok.researcher, reviewer: tok.reviewer, admin: tok.admin };
  const subs = [];
  for (let i = 0; i < 3; i++) subs.push(await makeAchievement(env.url, who, 'submitted', { title: `审查队列测试成果${uniq} 第${i + 1}项` }));
  const dem = await makeDemand(env.url, { owner: tok.enterprise_yb, reviewer: tok.reviewer }, 'submitted', { title: `审查队列测试需求${uniq}` });

  const page = await newPage(env);
  await signIn(page, env.url, 'reviewer');
  await page.getByRole('menuitem', { name: '审查队列' }).click();
  await page.waitForURL(/\/workbench\/review/);
  await page.getByLabel('检索').fill(uniq);
  const rows = page.locator('.el-table__body-wrapper .el-table__row');
  await page.waitForFunction(() => document.querySelectorAll('.el-table__body-wrapper .el-table__row').length === 3);
  await shot(page, 'wb-review-queue');

  // bulk: the first two
  for (const i of [0, 1]) await rows.nth(i).locator('.el-checkbox').click();
  await page.getByText('已选 2 条').waitFor();
  await page.getByRole('button', { name: '批量通过形式审查' }).click();
  const dlg = page.getByRole('dialog', { name: '批量通过形式审查' });
  await dlg.getByText('将对选中的 2 条记录执行此操作').waitFor();
  await dlg.getByRole('button', { name: '确定' }).click();
  await toast(page, '已通过形式审查 2 条');
  await page.waitForFunction(() => document.querySelectorAll('.el-table__body-wrapper .el-table__row').length === 1);
  assert.deepEqual([await status('achievements', subs[0].id), await status('achievements', subs[1].id)], ['screening', 'screening']);

  // return the third: a comment is required
  await rows.first().getByRole('button', { name: '退回修改' }).click();
  const ret = page.getByRole('dialog', { name: '退回修改' });
  await ret.getByRole('button', { name: '确定' }).click();
  await ret.getByText('请填写意见，说明退回或不予通过的原因').waitFor();
  assert.equal(await status('achievements', subs[2].id), 'submitted', 'returned without a comment');
  await ret.getByRole('textbox').fill('请补充中试数据与知识产权证明材料。');
  await ret.getByRole('button', { name: '确定' }).click();
  await toast(page, '已退回修改 1 条');
  assert.equal(await status('achievements', subs[2].id), 'draft');
  const hist = (await api(env.url, 'GET', `/api/v1/achievements/${subs[2].id}/history`, { token: tok.researcher })).json.items;
  assert.equal(hist.at(-1).comment, '请补充中试数据与知识产权证明材料。');

  // 筛选评估 → 发布 (one row, with a confirmation)
  await page.getByRole('tab', { name: '成果 · 筛选评估' }).click();
  await page.waitForURL(/tab=screening/);
  await page.getByLabel('检索').fill(uniq);
  await page.waitForFunction(() => document.querySelectorAll('.el-table__body-wrapper .el-table__row').length === 2);
  await rows.first().getByRole('button', { name: '发布' }).click();
  await page.getByRole('dialog', { name: '发布' }).getByRole('button', { name: '确定' }).click();
  await toast(page, '已发布 1 条');
  const after = [await status('achievements', subs[0].id), await status('achievements', subs[1].id)].sort();
  assert.deepEqual(after, ['published', 'screening']);

  // the demand
  await page.getByRole('tab', { name: '需求 · 待审核' }).click();
  await page.getByLabel('检索').fill(uniq);
  await page.waitForFunction(() => document.querySelectorAll('.el-table__body-wrapper .el-table__row').length === 1);
  await rows.first().getByRole('button', { name: '审核发布' }).click();
  await page.getByRole('dialog', { name: '审核发布' }).getByRole('button', { name: '确定' }).click();
  await toast(page, '已审核发布 1 条');
  assert.equal(await status('demands', dem.id), 'published');
  await shot(page, 'wb-review-demands');
  await closePage(page);
});
