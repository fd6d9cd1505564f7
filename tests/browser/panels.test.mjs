// 评审专家组 across roles: the bureau's officer forms a 论证 panel from a challenge in 初筛 (组建专家组
// under the challenge: the criteria entered row by row, their weights adding up to 100), invites
// three experts from 推荐专家 and opens it; each expert finds it in 我的评审, declares no conflict of
// interest, reads the challenge and scores it (the total previewed as the server computes it);
// the officer sees the sealed progress, closes the panel and reads the result — ranked by the
// trimmed mean — and every score sheet; an expert then sees the result too. Set up by API: the
// experts (of universities other than the issuing bureau) with their profiles, and the challenge.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, field, toast, api, login } from './lib.mjs';
import { orgIdByName, makeChallenge } from '../api/lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });

const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const PASSWORD = 'Panel-Expert-2026';
// [name, org, score of 技术先进性 (of 10, weight 60), score of 目标可考核性 (of 10, weight 40)]
const EXPERTS = [
  ['赵立新', '西南交通大学', 7, 6], // 42 + 24 = 66.00
  ['钱卫东', '电子科技大学', 8, 7], // 48 + 28 = 76.00
  ['孙海峰', '四川大学', 9, 9], // 54 + 36 = 90.00
];
const TOTALS = ['66.00', '76.00', '90.00'];

test('panels: an officer forms a 论证 panel and invites three experts; they declare and score; the result is ranked by the trimmed mean', async () => {
  const admin = (await login(env.url, 'admin')).token;
  const officer = (await login(env.url, 'officer')).token;
  const experts = [];
  for (const [i, [name, org]] of EXPERTS.entries()) {
    const username = `pe${i}_${uniq}`.slice(0, 32);
    const u = await api(env.url, 'POST', '/api/v1/users', { token: admin, body: { username, display_name: name, roles: ['expert'], org_id: await orgIdByName(env.url, org), password: PASSWORD } });
    assert.equal(u.status, 201, u.text);
    const t = (await login(env.url, username, PASSWORD)).token;
    const p = await api(env.url, 'PUT', '/api/v1/me/expert-profile', { token: t, body: { title: '教授', fields: ['38'], specialty: '锂离子电池材料', availability: 'available', conflict_org_ids: [] } });
    assert.equal(p.status, 200, p.text);
    experts.push({ username, name });
  }
  const cd = await orgIdByName(env.url, '成都市科学技术局');
  const ch = await makeChallenge(env.url, officer, cd, 'screening', { title: `固态电解质界面稳定性攻关 ${uniq}` });
  assert.equal(ch.status, 'screening');
  const panelTitle = `固态电解质榜单论证专家组 ${uniq}`;

  // the officer: 组建专家组 from the challenge's page
  const off = await newPage(env);
  await signIn(off, env.url, 'officer');
  await off.goto(`${env.url}/workbench/challenges/${ch.id}`);
  await off.getByRole('tab', { name: '评审专家组' }).click();
  await off.getByRole('link', { name: '组建专家组' }).click();
  await off.waitForURL(/\/workbench\/panels\/new\?/);
  assert.match(off.url(), new RegExp(`target_id=${ch.id}`));
  await off.getByRole('link', { name: ch.title }).waitFor(); // the challenge it reviews
  assert.match(await field(off, '评审事项').innerText(), /榜单论证/); // the stage of the challenge
  await field(off, '专家组名称').locator('input').fill(panelTitle);
  const add = off.getByRole('button', { name: '添加评分项' });
  await add.click();
  await add.click();
  for (const [i, [name, weight, max]] of [['技术先进性', 60, 10], ['目标可考核性', 30, 10]].entries()) {
    await off.getByLabel(`评分项名称 ${i + 1}`).fill(name);
    await off.getByLabel(`权重 ${i + 1}`).fill(String(weight));
    await off.getByLabel(`权重 ${i + 1}`).blur();
    await off.getByLabel(`满分 ${i + 1}`).fill(String(max));
    await off.getByLabel(`满分 ${i + 1}`).blur();
  }
  await off.getByText('权重合计 90 / 100').waitFor();
  await off.getByRole('button', { name: '保存草稿' }).click();
  await field(off, '评分项').getByText('各评分项权重之和应为 100（现为 90）').waitFor(); // held before it is sent
  await off.getByLabel('权重 2').fill('40');
  await off.getByLabel('权重 2').blur();
  await off.getByText('权重合计 100 / 100').waitFor();
  assert.equal(await off.getByRole('button', { name: /^保存并/ }).count(), 0, 'opened on its page, once the experts are invited');
  await shot(off, 'wb-panel-form');
  await off.getByRole('button', { name: '保存草稿' }).click();
  await toast(off, '已保存');
  await off.waitForURL(/\/workbench\/panels\/\d+$/);
  const panelId = Number(off.url().match(/panels\/(\d+)$/)[1]);
  const rec = (await api(env.url, 'GET', `/api/v1/panels/${panelId}`, { token: officer })).json;
  assert.deepEqual([rec.status, rec.purpose, rec.target_id, rec.quorum], ['draft', 'challenge_argue', ch.id, 3]);
  assert.deepEqual(rec.criteria, [{ key: 'c1', name: '技术先进性', weight: 60, max: 10 }, { key: 'c2', name: '目标可考核性', weight: 40, max: 10 }]);

  // 推荐专家: the three, fit by field; invited one by one
  await off.getByRole('heading', { name: panelTitle }).waitFor();
  const proposed = off.locator('section[aria-label="推荐专家"]');
  for (const { name } of experts) await proposed.getByText(name).waitFor();
  for (const { name } of experts) {
    await proposed.getByRole('button', { name: `邀请${name}` }).click();
    await toast(off, `已邀请${name}`);
  }
  const memberRows = off.locator('section[aria-label="专家组成员"] .el-table__body-wrapper .el-table__row');
  for (const { name } of experts) await memberRows.filter({ hasText: name }).filter({ hasText: '已邀请' }).waitFor();
  await off.locator('section[aria-label="专家组成员"]').getByText('西南交通大学').waitFor();
  await shot(off, 'wb-panel-members');
  await off.getByRole('button', { name: '开始评审' }).click();
  await toast(off, '已开始评审');
  await off.locator('.el-tag', { hasText: '评审中' }).first().waitFor();
  await off.getByRole('heading', { name: '评分进度' }).waitFor();
  await off.getByText('评分密封').waitFor();
  await closePage(off);

  // each expert: 我的评审 → declare → the material → score
  for (const [i, { username, name }] of experts.entries()) {
    const [, , tech, goal] = EXPERTS[i];
    const ex = await newPage(env);
    await signIn(ex, env.url, username, PASSWORD);
    await ex.getByRole('menuitem', { name: '我的评审' }).click();
    await ex.waitForURL(/\/workbench\/reviews$/);
    const row = ex.locator('.el-table__row', { hasText: panelTitle });
    await row.getByText('已邀请').waitFor();
    await row.getByText('0 / 1').waitFor();
    await row.getByRole('link', { name: panelTitle }).click();
    await ex.waitForURL(new RegExp(`/workbench/reviews/${panelId}$`));
    await ex.getByRole('heading', { name: panelTitle }).waitFor();
    await ex.getByText('目标可考核性').first().waitFor(); // the criteria, before anything else
    assert.equal(await ex.getByText('攻克高镍三元正极材料').count(), 0, 'the material only after the declaration');
    await ex.getByRole('button', { name: '声明无利益冲突' }).click();
    await ex.getByRole('dialog', { name: '声明无利益冲突' }).getByRole('button', { name: '确认声明' }).click();
    await toast(ex, '已声明无利益冲突');
    const item = ex.locator(`section[aria-label="${ch.title}"]`);
    await item.getByText('攻克高镍三元正极材料').waitFor(); // the challenge's goal
    await item.getByText('热失控起始温度提高 30 ℃ 以上').waitFor(); // its indicators
    await item.getByLabel('技术先进性得分').fill(String(tech));
    await item.getByLabel('技术先进性得分').blur();
    await item.getByLabel('目标可考核性得分').fill(String(goal));
    await item.getByLabel('目标可考核性得分').blur();
    await item.getByLabel('折算总分').getByText(TOTALS[i]).waitFor(); // previewed as the server will count it
    await item.getByLabel('评审意见').fill(`${name}：攻关目标明确，考核指标可量化，建议发榜。`);
    if (i === 0) await shot(ex, 'wb-panel-review');
    await item.getByRole('button', { name: '提交评分' }).click();
    await toast(ex, `已提交评分：${ch.title}，总分 ${TOTALS[i]}`);
    await item.getByText(`已提交评分：总分 ${TOTALS[i]}`).waitFor();
    await item.getByRole('button', { name: '修改评分' }).waitFor(); // may be sent again until the close
    await ex.locator('.el-tag', { hasText: '已评分' }).first().waitFor();
    await closePage(ex);
  }

  // the officer: the progress (sealed), then 结束评审 and the result
  const off2 = await newPage(env);
  await signIn(off2, env.url, 'officer');
  await off2.goto(`${env.url}/workbench/panels/${panelId}`);
  const progress = off2.locator('section[aria-label="评分进度"]');
  for (const { name } of experts) await progress.locator('.el-table__row', { hasText: name }).getByText('1 / 1').waitFor();
  assert.equal(await progress.getByText('66.00').count(), 0, 'no scores while sealed');
  await off2.getByRole('button', { name: '结束评审' }).click();
  await toast(off2, '已结束评审');
  const result = off2.locator('section[aria-label="评审结果"]');
  const top = result.locator('.el-table__row').first();
  await top.waitFor();
  // 名次, 评审对象, 去极值平均分, 平均分, 最低分, 最高分, 极差, 评分份数: (66 + 76 + 90) / 3 = 77.33
  const cells = (await top.locator('td').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(cells.slice(0, 8), ['1', ch.title, '77.33', '77.33', '66.00', '90.00', '24.00', '3']);
  const sheets = result.locator('table').last();
  for (const [i, { name }] of experts.entries()) await result.locator('.el-table__row', { hasText: name }).getByText(TOTALS[i]).waitFor();
  await sheets.getByText('孙海峰：攻关目标明确').waitFor();
  await shot(off2, 'wb-panel-result');
  const closed = (await api(env.url, 'GET', `/api/v1/panels/${panelId}`, { token: officer })).json;
  assert.equal(closed.status, 'closed');
  assert.equal(closed.result[0].trimmed_mean_c, 7733);
  await closePage(off2);

  // an expert sees the result, and the profile as entered
  const ex = await newPage(env);
  await signIn(ex, env.url, experts[1].username, PASSWORD);
  await ex.goto(`${env.url}/workbench/reviews/${panelId}`);
  await ex.locator('section[aria-label="评审结果"] .el-table__row').first().getByText('77.33').first().waitFor();
  await ex.locator('section[aria-label="我的评分"]').getByText('76.00').waitFor();
  await ex.getByRole('menuitem', { name: '专家信息' }).click();
  await ex.waitForURL(/\/workbench\/expert-profile$/);
  assert.equal(await field(ex, '职称').locator('input').inputValue(), '教授');
  await field(ex, '评审档期').getByText('可参加评审').waitFor();
  await field(ex, '专业领域').getByText('38').first().waitFor();
  await shot(ex, 'wb-expert-profile');
  await closePage(ex);
});
