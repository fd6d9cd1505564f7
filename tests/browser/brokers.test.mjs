// 技术经纪人 across roles: an anonymous visitor finds the registered brokers (孙经纪's card) and
// 经纪人排行 (the chart, 孙经纪 first by 签约数 with 16.7% and 30 天, by 培训学时 112) and opens
// 孙经纪's page with the figures (承接 6, 签约 1, the funnel and the declines by reason) but not the
// demands of the enterprises served; the broker finds the deals on 经纪人看板 in their columns, takes
// the recommended one through 已联系 and 洽谈中 to 已签约 with its cards' buttons (the figures
// follow: a deal from recommendation to signature in the web UI), reads the demands of
// 锐芯微 and 宜宾锂能 on the entry's page and adds a third enterprise picked by name; the bureau's
// officer registers the submitted 科技特派员 张研究员 from 技术经纪人审核 — then public — and verifies
// 孙经纪's submitted training from its row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, field, toast, api, login } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });

// today in Beijing, as the server and the date picker count it
const TODAY = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const typed = (iso) => iso.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日');
const kpi = (root, name) => root.getByRole('group', { name, exact: true }).locator('strong');

async function demoBroker(token) {
  const r = await api(env.url, 'GET', '/api/v1/brokers?status=active&limit=100', { token });
  const b = r.json.items.find((x) => x.name === '孙经纪');
  assert.ok(b, 'the demo broker 孙经纪 is registered');
  return b;
}

test('brokers: an anonymous visitor sees the registered brokers, the ranking and a broker’s figures', async () => {
  const sun = await demoBroker();
  const page = await newPage(env);
  await page.goto(env.url);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '技术经纪人' }).click();
  await page.waitForURL(/\/brokers$/);
  await page.getByRole('heading', { name: '技术经纪人', exact: true }).waitFor();
  const card = page.getByRole('article', { name: '孙经纪' });
  await card.getByText('中级技术经纪人').waitFor();
  await card.getByText('成都高新区科技特派团（团长）').waitFor();
  await card.getByText('天府技术转移服务中心有限公司').waitFor();
  await card.getByText('锂离子电池制造').waitFor();
  // 经纪人排行: a chart and the table, by 签约数 and then by 培训学时
  const rank = page.locator('section[aria-label="经纪人排行"]');
  await rank.getByRole('heading', { name: '经纪人排行', exact: true }).waitFor();
  await rank.locator('canvas').first().waitFor();
  const row = rank.locator('.el-table__row', { hasText: '孙经纪' });
  await row.getByText('16.7%').waitFor();
  await row.getByText('30 天').waitFor();
  assert.equal((await row.locator('td').first().innerText()).trim(), '1');
  await rank.locator('.el-radio-button', { hasText: '培训学时' }).click();
  await rank.locator('.el-table__header th', { hasText: '培训学时' }).waitFor();
  await row.getByText('112', { exact: true }).waitFor();
  await shot(page, 'portal-brokers');

  await card.getByRole('link', { name: '孙经纪' }).click();
  await page.waitForURL(new RegExp(`/brokers/${sun.id}$`));
  await page.getByRole('heading', { name: '孙经纪', exact: true }).waitFor();
  const figs = page.locator('section[aria-label="经纪人业绩"]');
  await kpi(figs, '承接').filter({ hasText: /^6$/ }).waitFor();
  await kpi(figs, '已联系').filter({ hasText: /^5$/ }).waitFor();
  await kpi(figs, '签约').filter({ hasText: /^1$/ }).waitFor();
  await kpi(figs, '签约率').filter({ hasText: '16.7%' }).waitFor();
  await kpi(figs, '培训学时').filter({ hasText: /^112$/ }).waitFor();
  await kpi(figs, '服务企业').filter({ hasText: /^2$/ }).waitFor();
  await figs.locator('canvas').nth(1).waitFor(); // the funnel and the declines by reason
  await page.getByText('成都市 · 武侯区').waitFor();
  assert.equal(await page.locator('section[aria-label="服务企业的需求"]').count(), 0, 'the demands are not for visitors');
  await shot(page, 'portal-broker');
  await closePage(page);
});

test('brokers: the broker works the deals on the kanban, reads the served enterprises’ demands and adds an enterprise', async () => {
  const me = await login(env.url, 'broker');
  const sun = await demoBroker(me.token);
  const byStatus = {};
  for (const s of ['recommended', 'contacted', 'negotiating', 'signed', 'declined']) {
    byStatus[s] = (await api(env.url, 'GET', `/api/v1/deals?status=${s}&limit=50`, { token: me.token })).json.items.filter((d) => d.broker_id === me.user.id);
  }
  assert.deepEqual(Object.values(byStatus).map((x) => x.length), [1, 1, 1, 1, 2], 'the demo deals of 孙经纪');

  const page = await newPage(env);
  await signIn(page, env.url, 'broker');
  await page.getByRole('menuitem', { name: '经纪人看板' }).click();
  await page.waitForURL(/\/workbench\/broker-board$/);
  await page.getByRole('heading', { name: '经纪人看板', exact: true }).waitFor();
  const col = (name) => page.getByRole('region', { name, exact: true });
  const cardIn = (name, d) => col(name).getByRole('article', { name: d.title });
  await cardIn('已推荐', byStatus.recommended[0]).waitFor();
  await cardIn('已联系', byStatus.contacted[0]).waitFor();
  await cardIn('洽谈中', byStatus.negotiating[0]).getByRole('button', { name: '签约' }).waitFor();
  await cardIn('已签约', byStatus.signed[0]).waitFor();
  for (const d of byStatus.declined) await cardIn('已放弃', d).getByText(/^放弃原因：/).waitFor();
  assert.equal(await col('已签约').getByRole('button').count(), 0, 'nothing more to do with a signed deal');
  // 我的经纪人登记 and its figures
  await page.locator('[aria-label="我的经纪人登记"]').getByRole('link', { name: '孙经纪' }).waitFor();
  const figs = page.locator('section[aria-label="经纪人业绩"]');
  await kpi(figs, '承接').filter({ hasText: /^6$/ }).waitFor();
  await kpi(figs, '已联系').filter({ hasText: /^5$/ }).waitFor();
  await shot(page, 'wb-broker-board');

  // the recommended deal: 联系双方 from its card; it moves to 已联系 and the figures follow
  const rec = byStatus.recommended[0];
  await cardIn('已推荐', rec).getByRole('button', { name: '联系双方' }).click();
  await toast(page, '已联系双方');
  await cardIn('已联系', rec).getByRole('button', { name: '进入洽谈' }).waitFor();
  assert.equal(await col('已推荐').getByRole('article').count(), 0);
  await kpi(figs, '已联系').filter({ hasText: /^6$/ }).waitFor();
  const d = (await api(env.url, 'GET', `/api/v1/deals/${rec.id}`, { token: me.token })).json;
  assert.deepEqual([d.status, d.contacted_on], ['contacted', TODAY]);
  // … on to the talks and the signature (the dialog asks for the contract, which may come later)
  await cardIn('已联系', rec).getByRole('button', { name: '进入洽谈' }).click();
  await toast(page, '已进入洽谈');
  await cardIn('洽谈中', rec).getByRole('button', { name: '签约' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByRole('button', { name: /确定|确认/ }).click();
  await toast(page, '已签约');
  await cardIn('已签约', rec).waitFor();
  await kpi(figs, '签约').filter({ hasText: /^2$/ }).waitFor();
  const signed = (await api(env.url, 'GET', `/api/v1/deals/${rec.id}`, { token: me.token })).json;
  assert.deepEqual([signed.status, signed.recommended_on !== null, signed.closed_on], ['signed', true, TODAY]);

  // the entry's page: the demands of the enterprises served; a third enterprise, picked by name
  await page.locator('[aria-label="我的经纪人登记"]').getByRole('link', { name: '孙经纪' }).click();
  await page.waitForURL(new RegExp(`/workbench/brokers/${sun.id}$`));
  await page.getByRole('heading', { name: '孙经纪', exact: true }).waitFor();
  const dem = page.locator('section[aria-label="服务企业的需求"]');
  await dem.locator('.el-tag', { hasText: '成都锐芯微电子科技有限公司' }).waitFor();
  await dem.locator('.el-tag', { hasText: '宜宾锂能动力电池有限公司' }).waitFor();
  const mine = (await api(env.url, 'GET', `/api/v1/brokers/${sun.id}/demands`, { token: me.token })).json;
  assert.ok(mine.items.length > 0);
  await dem.getByRole('link', { name: mine.items[0].title, exact: true }).waitFor();
  await page.getByRole('tab', { name: '服务企业' }).click();
  await page.getByRole('link', { name: '新增服务企业' }).click();
  await page.waitForURL(new RegExp(`/workbench/broker-assignments/new\\?broker_id=${sun.id}$`));
  await page.getByRole('heading', { name: '登记服务企业', exact: true }).waitFor();
  const ent = field(page, '服务企业');
  await ent.locator('.el-select').click();
  await ent.locator('input').fill('蜀道新材料');
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '四川蜀道新材料科技有限公司' }).first().click();
  await ent.locator('.el-select__selected-item', { hasText: '四川蜀道新材料科技有限公司' }).first().waitFor();
  const since = field(page, '开始日期').locator('.el-date-editor input');
  await since.fill(typed(TODAY));
  await since.press('Enter');
  await field(page, '服务内容').locator('textarea').fill('驻企服务：新材料中试需求梳理');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await toast(page, '已保存');
  await page.waitForURL(/\/workbench\/broker-assignments\/\d+$/);
  await page.getByRole('heading', { name: '四川蜀道新材料科技有限公司', exact: true }).waitFor();
  await page.getByRole('button', { name: '结束服务' }).waitFor();
  const id = Number(page.url().match(/broker-assignments\/(\d+)$/)[1]);
  const a = (await api(env.url, 'GET', `/api/v1/broker-assignments/${id}`, { token: me.token })).json;
  assert.deepEqual([a.status, a.broker_id, a.enterprise_name, a.since], ['active', sun.id, '四川蜀道新材料科技有限公司', TODAY]);
  await closePage(page);
});

test('brokers: the officer registers the submitted 科技特派员 from the queue and verifies a training', async () => {
  const officer = (await login(env.url, 'officer')).token;
  const sun = await demoBroker(officer);
  const page = await newPage(env);
  await signIn(page, env.url, 'officer');
  await page.getByRole('menuitem', { name: '技术经纪人审核' }).click();
  await page.getByRole('heading', { name: '技术经纪人审核', exact: true }).waitFor();
  const row = page.locator('.el-table__row', { hasText: '张研究员' });
  await row.getByText('科技特派员').waitFor();
  await row.getByRole('link', { name: '张研究员' }).click();
  await page.waitForURL(/\/workbench\/brokers\/\d+$/);
  const id = Number(page.url().match(/brokers\/(\d+)$/)[1]);
  await page.getByRole('heading', { name: '张研究员', exact: true }).waitFor();
  await page.locator('.el-tag', { hasText: '待审核' }).first().waitFor();
  await page.getByRole('button', { name: '退回修改' }).waitFor();
  await page.getByRole('button', { name: '登记在册' }).click();
  await toast(page, '已登记在册');
  await page.locator('.el-tag', { hasText: '在册' }).first().waitFor();
  await page.getByRole('button', { name: '暂停服务' }).waitFor();
  const b = (await api(env.url, 'GET', `/api/v1/brokers/${id}`, { token: officer })).json;
  assert.deepEqual([b.status, b.kind, b.name], ['active', 'commissioner', '张研究员']);
  await shot(page, 'wb-broker-registered');

  // 孙经纪's submitted training, verified from its row
  const course = '知识产权运营与成果评价专题';
  await page.goto(`${env.url}/workbench/brokers/${sun.id}`);
  await page.getByRole('heading', { name: '孙经纪', exact: true }).waitFor();
  await page.getByRole('tab', { name: '经纪人培训' }).click();
  const tr = page.locator('section[aria-label="经纪人培训"] .el-table__row', { hasText: course });
  await tr.getByText('待核验').waitFor();
  await tr.getByRole('button', { name: '核验通过' }).click();
  await toast(page, `培训记录已核验：${course}`);
  await tr.getByText('已核验').waitFor();
  const t = (await api(env.url, 'GET', `/api/v1/brokers/${sun.id}/stats`)).json;
  assert.deepEqual([t.figures.trainings, t.figures.training_hours], [3, 128]);
  await closePage(page);

  // public now: 张研究员 among the registered brokers
  const pub = await newPage(env);
  await pub.goto(`${env.url}/brokers`);
  await pub.getByRole('heading', { name: '技术经纪人', exact: true }).waitFor();
  await pub.getByRole('article', { name: '张研究员' }).getByText('科技特派员').waitFor();
  await closePage(pub);
});
