// Across roles, all through the UI: a researcher registers an achievement → a reviewer accepts
// and publishes it → an enterprise posts a demand → sees the achievement among its matches →
// requests access → the owner approves → the enterprise sees the confidential detail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, cascade, pick, field, toast, api, login } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });
const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;

test('researcher → reviewer → enterprise → owner → enterprise: from registration to the approved detail', async () => {
  const title = `钙钛矿量子点柔性 X 射线探测器 ${uniq}`;
  const secret = `保密：量子点配体交换工艺与封装参数 ${uniq}`;

  // 1. the researcher registers and submits
  const r = await newPage(env);
  await signIn(r, env.url, 'researcher');
  await r.goto(`${env.url}/workbench/achievements/new`);
  await field(r, '成果名称').locator('input').fill(title);
  await field(r, '公开摘要').locator('textarea').fill('以钙钛矿量子点闪烁体构建柔性 X 射线探测器，检测限 13 nGy/s，可弯折成像，适用于医疗与工业无损检测。');
  const kw = field(r, '关键词').locator('input');
  for (const k of ['钙钛矿', '量子点', 'X射线探测']) { await kw.fill(k); await kw.press('Enter'); }
  await cascade(r, field(r, '所属行业').locator('.el-cascader'), ['C 制造业', '39 ']);
  await cascade(r, field(r, '所在地区').locator('.el-cascader'), ['成都市', '武侯区']);
  await pick(r, field(r, '技术成熟度').locator('.el-select'), 'TRL 5');
  await field(r, '转化方式').getByText('许可').click();
  await field(r, '保密详情').locator('textarea').fill(secret);
  await r.getByRole('button', { name: '保存并提交审查' }).click();
  await toast(r, '已保存并提交形式审查');
  await r.waitForURL(/\/workbench\/achievements\/\d+$/);
  const achId = Number(r.url().match(/achievements\/(\d+)/)[1]);
  await r.getByText('已提交（待形式审查）').first().waitFor();

  // 2. the reviewer accepts, then publishes
  const v = await newPage(env);
  await signIn(v, env.url, 'reviewer');
  await v.goto(`${env.url}/workbench/review`);
  await v.getByLabel('检索').fill(uniq);
  const row = v.locator('.el-table__body-wrapper .el-table__row', { hasText: title });
  await row.getByRole('button', { name: '通过形式审查' }).click();
  await v.getByRole('dialog', { name: '通过形式审查' }).getByRole('button', { name: '确定' }).click();
  await toast(v, '已通过形式审查 1 条');
  await v.getByRole('tab', { name: '成果 · 筛选评估' }).click();
  await v.getByLabel('检索').fill(uniq);
  await row.getByRole('button', { name: '发布' }).click();
  // no validity date yet: publishing asks for one
  const pub = v.getByRole('dialog', { name: '发布' });
  await pub.getByRole('button', { name: '确定' }).click();
  await pub.getByText('请选择有效期').waitFor();
  const date = pub.locator('.el-date-editor input');
  await date.fill('2030年6月30日');
  await date.press('Enter');
  await pub.getByRole('button', { name: '确定' }).click();
  await toast(v, '已发布 1 条');
  await closePage(v);

  // 3. the enterprise posts a demand and finds the achievement among its matches
  const e = await newPage(env);
  await signIn(e, env.url, 'enterprise');
  await e.goto(`${env.url}/workbench/demands/new`);
  await field(e, '需求名称').locator('input').fill(`寻求钙钛矿量子点柔性 X 射线探测器技术 ${uniq}`);
  await field(e, '需求描述').locator('textarea').fill('我司生产工业无损检测设备，希望引进钙钛矿量子点柔性 X 射线探测器技术，要求可弯折成像、检测限低。');
  await e.getByRole('radio', { name: '成果引进' }).check({ force: true });
  await cascade(e, field(e, '所属行业').locator('.el-cascader'), ['C 制造业', '39 ']);
  await cascade(e, field(e, '所在地区').locator('.el-cascader'), ['成都市', '武侯区']);
  await e.getByRole('button', { name: '保存草稿' }).click();
  await toast(e, '已保存');
  await e.waitForURL(/\/workbench\/demands\/\d+$/);
  const list = e.getByRole('list', { name: '匹配的成果' });
  const hit = list.locator('> li', { hasText: title });
  await hit.waitFor();
  await hit.getByText(/匹配度 \d+%/).waitFor();
  await shot(e, 'flow-matches');
  await hit.getByRole('link', { name: title }).click();
  await e.waitForURL(new RegExp(`/achievements/${achId}$`));
  await e.getByRole('button', { name: '申请查看详情' }).click();
  const dlg = e.getByRole('dialog', { name: '申请查看保密详情' });
  await dlg.getByRole('textbox').fill('拟引进用于工业无损检测设备，需评估工艺可行性。');
  await dlg.getByRole('button', { name: '提交申请' }).click();
  await toast(e, '申请已提交');
  await e.getByText('待审批').waitFor();
  assert.ok(!(await e.content()).includes(secret), 'the detail is shown before approval');

  // 4. the owner approves (from the 访问申请审批 page)
  await r.goto(`${env.url}/workbench/access-requests`);
  const block = r.locator('.block', { hasText: title });
  await block.getByRole('button', { name: '批准' }).click();
  const box = r.getByRole('dialog', { name: '批准' });
  await box.getByRole('textbox').fill('同意，请签署保密协议后洽谈。');
  await box.getByRole('button', { name: '确定' }).click();
  await toast(r, '已批准');
  await shot(r, 'flow-approved');
  await closePage(r);

  // 5. the enterprise sees the detail
  await e.reload();
  await e.getByText(secret).waitFor();
  assert.equal(await e.getByRole('button', { name: '申请查看详情' }).count(), 0);
  await shot(e, 'flow-detail-visible');
  const tok = (await login(env.url, 'enterprise')).token;
  const a = (await api(env.url, 'GET', `/api/v1/achievements/${achId}`, { token: tok })).json;
  assert.equal(a.detail, secret);
  assert.equal(a.valid_until, '2030-06-30', 'the validity date set when publishing');
  assert.equal(a.status, 'published');
  await closePage(e);
});
