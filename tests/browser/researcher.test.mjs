// The researcher's workbench: register an achievement through the form (the server's limits
// checked in the page first), edit it, submit it, follow its status and history, list it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, cascade, pick, field, toast, api, login } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });

const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;

test('researcher: the form refuses bad input in place, saves a draft, edits it, submits it; history and list follow', async () => {
  const page = await newPage(env);
  await signIn(page, env.url, 'researcher');
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  await shot(page, 'wb-researcher-home');

  await page.getByRole('menuitem', { name: '登记成果' }).click();
  await page.waitForURL(/\/workbench\/achievements\/new/);
  await page.getByRole('heading', { name: '登记成果' }).waitFor();
  // nothing filled in: every required field says so, and nothing is sent
  await page.getByRole('button', { name: '保存草稿' }).click();
  await field(page, '成果名称').getByText('请填写成果名称').waitFor();
  await field(page, '公开摘要').getByText('请填写公开摘要').waitFor();
  await field(page, '所属行业').getByText('请选择所属行业').waitFor();
  await field(page, '转化方式').getByText('至少选择一种转化方式').waitFor();
  // the server's limits: 4–100 characters for the title, 10 for the summary
  await field(page, '成果名称').locator('input').fill('锂电');
  await field(page, '成果名称').locator('input').blur();
  await field(page, '成果名称').getByText('成果名称至少 4 个字').waitFor();
  const title = `钠离子电池层状氧化物正极材料 ${uniq}`;
  await field(page, '成果名称').locator('input').fill(title);
  await field(page, '公开摘要').locator('textarea').fill('层状氧化物正极，比容量 160 mAh/g，循环 3000 次容量保持率 90%，适用于储能电站。');
  const kw = field(page, '关键词').locator('input');
  for (const k of ['钠离子电池', '正极材料', '储能']) { await kw.fill(k); await kw.press('Enter'); }
  await page.keyboard.press('Escape');
  await cascade(page, field(page, '所属行业').locator('.el-cascader'), ['C 制造业', '38 ', '384 ', '3841 ']);
  await cascade(page, field(page, '所在地区').locator('.el-cascader'), ['成都市', '武侯区']);
  await pick(page, field(page, '技术成熟度').locator('.el-select'), 'TRL 6');
  await pick(page, field(page, '技术领域').locator('.el-select'), '新能源与节能');
  await field(page, '转化方式').getByText('许可').click();
  await field(page, '转化方式').getByText('合作开发').click();
  await field(page, '意向价格').locator('input').fill('350');
  // team shares add up to more than 100%: refused in place
  await page.getByRole('button', { name: '添加成员' }).click();
  await page.getByRole('button', { name: '添加成员' }).click();
  const names = page.getByLabel('姓名');
  const shares = page.getByLabel('权益比例');
  await names.nth(0).fill('刘教授');
  await shares.nth(0).fill('70');
  await names.nth(1).fill('王博士');
  await shares.nth(1).fill('40');
  await shares.nth(1).blur();
  await page.getByRole('button', { name: '保存草稿' }).click();
  await field(page, '团队与权益').getByText('团队权益比例合计 110%，不能超过 100%').waitFor();
  await shares.nth(1).fill('20');
  await shares.nth(1).blur();
  await page.getByRole('button', { name: '添加知识产权' }).click();
  await page.getByLabel('编号').fill(`ZL2023${uniq.slice(0, 6)}.1`);
  await field(page, '保密详情').locator('textarea').fill('保密：烧结温度曲线与掺杂比例。');
  await shot(page, 'wb-achievement-form');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await toast(page, '已保存');
  await page.waitForURL(/\/workbench\/achievements\/\d+$/);
  const id = Number(page.url().match(/achievements\/(\d+)/)[1]);
  await page.getByRole('heading', { name: title }).waitFor();
  await page.getByText('草稿').first().waitFor();

  const tok = (await login(env.url, 'researcher')).token;
  const rec = (await api(env.url, 'GET', `/api/v1/achievements/${id}`, { token: tok })).json;
  assert.equal(rec.status, 'draft');
  assert.equal(rec.industry, '3841');
  assert.equal(rec.region, '510107');
  assert.equal(rec.trl, 6);
  assert.equal(rec.price_fen, 350 * 1000000, '350 万元 = 3.5 亿分');
  assert.deepEqual(rec.keywords, ['钠离子电池', '正极材料', '储能']);
  assert.deepEqual(rec.team, [{ name: '刘教授', share_pct: 70 }, { name: '王博士', share_pct: 20 }]);
  assert.deepEqual(rec.transfer_modes.slice().sort(), ['co_develop', 'license']);
  assert.equal(rec.detail, '保密：烧结温度曲线与掺杂比例。');
  await page.getByText('350 万元').waitFor();
  await shot(page, 'wb-achievement-manage');

  // edit: a new version
  await page.getByRole('button', { name: '修改' }).click();
  await page.waitForURL(/\/edit$/);
  await field(page, '竞争优势').locator('textarea').fill('较磷酸铁锂成本低 30%，低温性能更好。');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.waitForURL(new RegExp(`/workbench/achievements/${id}$`));
  await page.getByText('第 2 版').first().waitFor();

  // submit for 形式审查
  await page.getByRole('button', { name: '提交审查' }).click();
  await toast(page, '已提交审查');
  await page.getByText('已提交（待形式审查）').first().waitFor();
  assert.equal(await page.getByRole('button', { name: '修改' }).count(), 0, 'a submitted record cannot be edited by its owner');
  await page.getByRole('tab', { name: '状态与修订历史' }).click();
  const tl = page.locator('.el-timeline');
  await tl.getByText('提交').first().waitFor();
  assert.match(await tl.innerText(), /提交[\s\S]*修改[\s\S]*创建/, "newest first: submit, edit, create");
  await shot(page, 'wb-achievement-history');
  // a reload keeps the page (history mode, the session restored from the cookie)
  await page.reload();
  await page.getByRole('tab', { name: '状态与修订历史' }).waitFor();
  await page.getByRole('heading', { name: title }).waitFor();

  await page.getByRole('menuitem', { name: '我的成果' }).click();
  await page.getByLabel('检索').fill(uniq);
  const row = page.locator('.el-table__row', { hasText: title });
  await row.waitFor();
  assert.match(await row.innerText(), /已提交/);
  await shot(page, 'wb-my-achievements');
  // the reviewer's decisions arrive as notifications; the inbox of access requests is there too
  await page.getByRole('menuitem', { name: '站内通知' }).click();
  await page.getByRole('heading', { name: '站内通知' }).waitFor();
  await shot(page, 'wb-notifications');
  await page.getByRole('menuitem', { name: '访问申请审批' }).click();
  await page.getByRole('heading', { name: '访问申请审批' }).waitFor();
  await page.locator('.el-skeleton').waitFor({ state: 'detached' });
  await shot(page, 'wb-access-requests');
  await closePage(page);
});

test('researcher: pages of other roles send back to the workbench; signing out ends the session', async () => {
  const page = await newPage(env);
  await signIn(page, env.url, 'researcher');
  for (const p of ['/workbench/review', '/workbench/users', '/workbench/audit', '/workbench/dashboard', '/workbench/demands/new']) {
    await page.goto(`${env.url}${p}`);
    await page.waitForURL(new RegExp(`${env.url}/workbench$`));
  }
  assert.equal(await page.getByRole('menuitem', { name: '审查队列' }).count(), 0);
  // the sign-out request must be answered before the next navigation (which would cancel it)
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout')),
    page.getByRole('button', { name: '退出' }).click(),
  ]);
  await page.waitForURL(`${env.url}/`);
  await page.goto(`${env.url}/workbench/achievements`);
  await page.waitForURL(/\/login\?redirect=/);
  await closePage(page);
});
