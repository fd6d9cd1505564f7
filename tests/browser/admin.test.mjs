// The admin's workbench: the dashboard's charts, the audit log and its "verify chain" button,
// accounts (with the server's answer shown at the field it concerns) and organizations; and the
// officer's view of the dashboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, field, toast, api, login } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });
const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;

test('admin: dashboard charts by status, month, industry, city; numbers from /stats/overview', async () => {
  const page = await newPage(env);
  await signIn(page, env.url, 'admin');
  await page.getByRole('menuitem', { name: '数据看板' }).click();
  const ov = (await api(env.url, 'GET', '/api/v1/stats/overview')).json;
  const kpis = page.getByLabel('关键指标');
  await kpis.getByText(ov.achievements.total.toLocaleString('zh-CN')).first().waitFor();
  assert.match(await kpis.innerText(), new RegExp(ov.demands.published.toLocaleString('zh-CN')));
  for (const l of ['成果与需求按状态统计图', '近 12 个月新增成果与需求折线图', '已发布成果与需求按行业统计图', '已发布成果与需求按城市统计图', '入驻机构按类型统计图']) {
    await page.getByRole('img', { name: l }).locator('canvas').waitFor();
  }
  await shot(page, 'wb-dashboard');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the dashboard scrolls sideways by ${overflow} px at 390 px`);
  await shot(page, 'wb-dashboard-390');
  await closePage(page);
});

test('admin: the audit log lists the chain and 校验审计链 verifies it', async () => {
  const page = await newPage(env);
  await signIn(page, env.url, 'admin');
  await page.getByRole('menuitem', { name: '审计日志' }).click();
  const tok = (await login(env.url, 'admin')).token;
  const first = (await api(env.url, 'GET', '/api/v1/audit?limit=1', { token: tok })).json;
  await page.locator('.el-table__row').first().waitFor();
  await page.getByRole('button', { name: '校验审计链' }).click();
  const rep = page.getByRole('status');
  await rep.getByText(/审计链完整：共 [\d,]+ 行，全部校验通过/).waitFor();
  const n = Number((await rep.innerText()).match(/共 ([\d,]+) 行/)[1].replaceAll(',', ''));
  assert.ok(n >= first.total, `verified ${n} rows, the log has ${first.total}`);
  // filter by one record and expand a row
  await page.locator('.el-select', { has: page.locator('input[aria-label="对象类型"]') }).click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '账号' }).click();
  await page.locator('.el-table__row', { hasText: '账号 #' }).first().waitFor();
  await page.locator('.el-table__expand-icon').first().click();
  await page.getByText('变更后').first().waitFor();
  await shot(page, 'wb-audit');
  await closePage(page);
});

test('admin: accounts — bad usernames refused in place, a taken one said at the field by the server; a new account listed', async () => {
  const page = await newPage(env, { allow: [409] });
  await signIn(page, env.url, 'admin');
  await page.getByRole('menuitem', { name: '账号管理' }).click();
  await page.locator('.el-table__row').first().waitFor();
  await page.getByRole('button', { name: '新建账号' }).click();
  const dlg = page.getByRole('dialog', { name: '新建账号' });
  await field(dlg, '账号').locator('input').fill('a');
  await field(dlg, '姓名').locator('input').fill('测试员');
  await field(dlg, '初始密码').locator('input').fill('short');
  await dlg.getByRole('button', { name: '保存' }).click();
  await dlg.getByText('账号为 3–32 位字母、数字或 _ . -，以字母或数字开头').waitFor();
  await dlg.getByText('密码至少 8 个字符').waitFor();
  await field(dlg, '账号').locator('input').fill('admin');
  await field(dlg, '初始密码').locator('input').fill('Passw0rd-xyz');
  await dlg.getByRole('button', { name: '保存' }).click();
  await field(dlg, '账号').getByText('用户名已被使用').waitFor();
  const name = `ui_${uniq}`;
  await field(dlg, '账号').locator('input').fill(name);
  await dlg.getByRole('button', { name: '保存' }).click();
  await toast(page, '账号已创建');
  await page.getByLabel('检索账号').fill(name);
  await page.locator('.el-table__row', { hasText: name }).waitFor();
  await shot(page, 'wb-users');
  // organizations: the credit code's check character is verified before sending
  await page.getByRole('menuitem', { name: '机构管理' }).click();
  await page.getByRole('button', { name: '登记机构' }).click();
  const od = page.getByRole('dialog', { name: '登记机构' });
  await field(od, '机构名称').locator('input').fill(`界面测试企业${uniq}`);
  await field(od, '统一社会信用代码').locator('input').fill('91510100MA61234567');
  await od.getByRole('button', { name: '保存' }).click();
  await od.getByText('统一社会信用代码无效（18 位，末位校验码不符）').waitFor();
  await field(od, '统一社会信用代码').locator('input').fill('');
  await od.getByRole('button', { name: '保存' }).click();
  await toast(page, '已保存');
  await shot(page, 'wb-orgs');
  await closePage(page);
});

test('officer: the dashboard and the audit log are there; account management is scoped', async () => {
  const page = await newPage(env);
  await signIn(page, env.url, 'officer');
  for (const m of ['数据看板', '审计日志', '审查队列', '账号管理', '机构管理']) await page.getByRole('menuitem', { name: m }).waitFor();
  await page.getByRole('menuitem', { name: '数据看板' }).click();
  await page.getByRole('img', { name: '近 12 个月新增成果与需求折线图' }).locator('canvas').waitFor();
  await closePage(page);
});
