// 对接活动 across roles: the bureau's officer (成都市科学技术局) publishes a matchmaking event in the
// workbench — held today, for at most two orgs, a published demo achievement on its programme picked
// by its title — and finds it on the portal; 宜宾锂能's enterprise user registers on the event's
// page (its programme linked, the count of orgs registered); a third org fills it (by API: not the
// point) and a fourth is told 报名已满 as the server says it; the officer checks 宜宾锂能 in among the
// registrations, confirms the event held and reads 活动成效 (2 orgs registered, 1 checked in, the
// people who came). Set up by API: the org admins of the third and fourth orgs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, pick, cascade, field, toast, api, login } from './lib.mjs';
import { orgIdByName } from '../api/lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });

const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const PASSWORD = 'Event-Org-2026';
// today in Beijing, as the server and the date picker count it
const TODAY = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const typed = (iso) => iso.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日');

test('events: the officer publishes an event with its programme; an enterprise registers on the portal, a fourth org finds it full; the officer checks in, confirms it held and reads its results', async () => {
  const admin = (await login(env.url, 'admin')).token;
  const officer = (await login(env.url, 'officer')).token;
  const ach = (await api(env.url, 'GET', '/api/v1/achievements?status=published&limit=1')).json.items[0];
  assert.ok(ach, 'a published achievement in the demo');
  const users = {};
  for (const [key, org] of [['third', '电子科技大学'], ['fourth', '西南交通大学']]) {
    const username = `ev${key}_${uniq}`.slice(0, 32);
    const u = await api(env.url, 'POST', '/api/v1/users', { token: admin, body: { username, display_name: `${org}管理员`, roles: ['org_admin'], org_id: await orgIdByName(env.url, org), password: PASSWORD } });
    assert.equal(u.status, 201, u.text);
    users[key] = { username, org };
  }
  const title = `新能源材料专场成果对接会 ${uniq}`;

  // the officer: 发布对接活动 in the workbench, published at once
  const off = await newPage(env);
  await signIn(off, env.url, 'officer');
  await off.getByRole('menuitem', { name: '发布对接活动' }).click();
  await off.waitForURL(/\/workbench\/events\/new$/);
  await off.getByRole('heading', { name: '发布对接活动' }).waitFor();
  await field(off, '活动名称').locator('input').fill(title);
  await pick(off, field(off, '活动类型').locator('.el-select'), '对接会');
  const day = field(off, '举办日期').locator('.el-date-editor input');
  await day.fill(typed(TODAY));
  await day.press('Enter');
  await field(off, '举办地点').locator('input').fill('成都市高新区菁蓉汇 3 号馆');
  await cascade(off, field(off, '所在地区').locator('.el-cascader'), ['成都市', '武侯区']);
  // 聚焦行业: many, any level (制造业 as a whole)
  await field(off, '聚焦行业').locator('.el-cascader').click();
  await off.locator('.el-cascader__dropdown:visible .el-cascader-node', { hasText: 'C 制造业' }).first().locator('.el-checkbox').click();
  await off.keyboard.press('Escape');
  await field(off, '聚焦行业').locator('.el-tag', { hasText: '制造业' }).first().waitFor();
  await field(off, '报名上限').locator('input').fill('2');
  await field(off, '报名上限').locator('input').blur();
  // the programme: the achievement picked by its title
  const prog = field(off, '对接成果');
  await prog.locator('.el-select').click();
  await prog.locator('input').fill(ach.title);
  await off.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: ach.title }).first().click();
  await prog.locator('.el-select__selected-item, .el-tag', { hasText: ach.title }).first().waitFor();
  await off.keyboard.press('Escape');
  await field(off, '活动介绍').locator('textarea').fill('成果路演、需求发布与一对一洽谈。');
  await shot(off, 'wb-event-form');
  await off.getByRole('button', { name: '保存并发布活动' }).click();
  await toast(off, '已保存并发布活动');
  await off.waitForURL(/\/workbench\/events\/\d+$/);
  const id = Number(off.url().match(/events\/(\d+)$/)[1]);
  await off.getByRole('heading', { name: title }).waitFor();
  await off.locator('.el-tag', { hasText: '报名中' }).first().waitFor();
  const ev = (await api(env.url, 'GET', `/api/v1/events/${id}`, { token: officer })).json;
  assert.deepEqual([ev.status, ev.held_on, ev.capacity, ev.achievement_ids, ev.org_name, ev.kind, ev.region], ['published', TODAY, 2, [ach.id], '成都市科学技术局', 'matchmaking', '510107']);
  assert.deepEqual(ev.industries, ['C']);
  // its programme by title, linked to the achievement's page
  await off.locator('section[aria-label="活动议程"]').getByRole('link', { name: ach.title }).waitFor();
  await closePage(off);

  // 宜宾锂能: finds the event on the portal and registers
  const ent = await newPage(env);
  await signIn(ent, env.url, 'enterprise_yb');
  await ent.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '对接活动' }).click();
  await ent.waitForURL(/\/events$/);
  await ent.getByRole('heading', { name: '对接活动', exact: true }).waitFor();
  const row = ent.locator('.el-table__row', { hasText: title });
  await row.getByText('报名中').waitFor();
  await row.getByText('对接会', { exact: true }).waitFor();
  await row.getByText('制造业', { exact: true }).waitFor();
  await row.getByText('成都市高新区菁蓉汇 3 号馆').waitFor();
  await shot(ent, 'portal-events');
  await row.getByRole('link', { name: title }).click();
  await ent.waitForURL(new RegExp(`/events/${id}$`));
  await ent.getByRole('heading', { name: title }).waitFor();
  await ent.locator('section[aria-label="活动议程"]').getByRole('link', { name: ach.title }).waitFor();
  await ent.getByText('已报名 0 家单位，限 2 家').waitFor();
  const reg = ent.locator('section[aria-label="活动报名"]');
  await field(reg, '参会人数').locator('input').fill('3');
  await field(reg, '参会人数').locator('input').blur();
  await field(reg, '对接意向').locator('textarea').fill('硅碳负极材料中试合作');
  await field(reg, '联系人').locator('input').fill('吴经理 13800000000');
  await reg.getByRole('button', { name: '报名', exact: true }).click();
  await toast(ent, '报名成功');
  await reg.getByText('本单位（宜宾锂能动力电池有限公司）报名状态').waitFor();
  await reg.locator('.el-tag', { hasText: '已报名' }).waitFor();
  await reg.getByText('参会 3 人').waitFor();
  await reg.getByRole('button', { name: '取消报名' }).waitFor();
  await ent.getByText('已报名 1 家单位，限 2 家').waitFor();
  await shot(ent, 'portal-event-registered');
  await closePage(ent);

  // a third org fills it
  const third = (await login(env.url, users.third.username, PASSWORD)).token;
  const r3 = await api(env.url, 'POST', `/api/v1/events/${id}/registrations`, { token: third, body: { attendees: 2 } });
  assert.equal(r3.status, 201, r3.text);

  // a fourth: 报名已满, as the server says
  const four = await newPage(env, { allow: [409] });
  await signIn(four, env.url, users.fourth.username, PASSWORD);
  await four.goto(`${env.url}/events/${id}`);
  await four.getByText('已报名 2 家单位，限 2 家（已满）').waitFor();
  const reg4 = four.locator('section[aria-label="活动报名"]');
  await reg4.getByRole('button', { name: '报名', exact: true }).click();
  await reg4.locator('.el-alert--error', { hasText: '报名已满' }).waitFor();
  assert.equal(await reg4.getByText('报名状态').count(), 0, 'not registered');
  await shot(four, 'portal-event-full');
  await closePage(four);

  // the officer: 签到 for 宜宾锂能, 确认举办, then 活动成效
  const off2 = await newPage(env);
  await signIn(off2, env.url, 'officer');
  await off2.getByRole('menuitem', { name: '我的对接活动' }).click();
  await off2.locator('.el-table__row', { hasText: title }).getByRole('link', { name: title }).click();
  await off2.waitForURL(new RegExp(`/workbench/events/${id}$`));
  await off2.getByRole('tab', { name: '活动报名' }).click();
  const regs = off2.locator('section[aria-label="活动报名"]');
  const yb = regs.locator('.el-table__row', { hasText: '宜宾锂能动力电池有限公司' });
  await yb.getByText('已报名').waitFor();
  await yb.getByText('硅碳负极材料中试合作').waitFor();
  await regs.locator('.el-table__row', { hasText: users.third.org }).getByRole('button', { name: '未到场' }).waitFor();
  await yb.getByRole('button', { name: '签到' }).click();
  await toast(off2, '已签到：宜宾锂能动力电池有限公司');
  await yb.getByText('已签到').waitFor();
  assert.equal(await yb.getByRole('button', { name: '签到' }).count(), 0, 'checked in once');
  await off2.getByRole('button', { name: '确认举办' }).click();
  await toast(off2, '已确认举办');
  await off2.locator('.el-tag', { hasText: '已举办' }).first().waitFor();
  const results = off2.locator('section[aria-label="活动成效"]');
  const kpi = (name) => results.getByRole('group', { name });
  await kpi('报名单位').locator('strong', { hasText: /^2$/ }).waitFor();
  await kpi('签到单位').locator('strong', { hasText: /^1$/ }).waitFor();
  await kpi('到场人数').locator('strong', { hasText: /^3$/ }).waitFor();
  await kpi('促成对接').locator('strong', { hasText: /^0$/ }).waitFor();
  await shot(off2, 'wb-event-results');
  const res = (await api(env.url, 'GET', `/api/v1/events/${id}/results`, { token: officer })).json;
  assert.deepEqual([res.status, res.registered, res.attended, res.attendees_came], ['held', 2, 1, 3]);
  await closePage(off2);
});
