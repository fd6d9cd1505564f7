// 政策兑现 across roles in the web UI (issue 17 item 3): 四川大学's technology-transfer admin tries 成都's
// purchase subsidy on a contract the university sold to a 成都 enterprise (政策试算), applies (申请兑现)
// and submits; the reviewer takes it in and approves it (the amount frozen); 成都's officer records
// the payment with its date and voucher number. Each step checked against the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, api, login, toast } from './lib.mjs';
import { creditCodeOf } from '../api/lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });
const TITLE = '成都市企业购买高校院所科技成果补助';
const uniq = `${process.pid.toString(36)}${Date.now().toString(36)}`;
// today as the server counts days (China Standard Time), as the date picker shows it
const todayCST = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const zhDate = (iso) => iso.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日');

test('apply for a contract reward: 试算, 申请兑现 and submit; 受理 and 审核通过 by the reviewer; 拨付 by the officer', async () => {
  // a contract 四川大学 sold to a 成都 enterprise, registered: ¥300 万, 核定 ¥240 万 → 10 % = ¥24 万
  const seller = (await login(env.url, 'researcher')).token;
  const registrar = (await login(env.url, 'reviewer')).token;
  const title = `锂电池极片缺陷检测技术许可合同 ${uniq}`;
  const c = await api(env.url, 'POST', '/api/v1/contracts', {
    token: seller,
    body: {
      title, type: 'license', region: '510107', amount_fen: 300000000, signed_on: '2026-03-18',
      buyer_name: `成都某智能装备有限公司 ${uniq}`, buyer_credit_code: creditCodeOf(Number.parseInt(uniq.slice(-6), 36) % 99999999), buyer_region: '510107', buyer_kind: 'enterprise',
      attachments: [{ name: '合同文本.pdf', sha256: 'b'.repeat(64) }],
    },
  });
  assert.equal(c.status, 201, c.text);
  const contract = c.json;
  assert.equal((await api(env.url, 'POST', `/api/v1/contracts/${contract.id}/transitions`, { token: seller, body: { action: 'submit' } })).status, 200);
  const reg = await api(env.url, 'POST', `/api/v1/contracts/${contract.id}/transitions`, { token: registrar, body: { action: 'register', tech_income_fen: 240000000 } });
  assert.equal(reg.status, 200, reg.text);
  const policy = (await api(env.url, 'GET', `/api/v1/policies?q=${encodeURIComponent(TITLE)}`)).json.items[0];

  // the applicant: 政策试算 on the contract, then 申请兑现 → the application's page → 提交
  const page = await newPage(env);
  await signIn(page, env.url, 'tto_scu');
  await page.goto(`${env.url}/policies/${policy.id}`);
  await page.getByLabel('记录编号').fill(String(contract.id));
  await page.getByRole('button', { name: '试算' }).click();
  await page.getByText('符合条件，可兑现 24 万元').waitFor();
  await page.getByRole('button', { name: '申请兑现' }).click();
  await page.waitForURL(/\/workbench\/policy-applications\/\d+$/);
  const id = Number(page.url().match(/policy-applications\/(\d+)/)[1]);
  await page.getByText(title).first().waitFor(); // named after its subject
  await page.getByRole('button', { name: '提交兑现申请' }).click();
  await toast(page, '已提交兑现申请'); // (no dialog: nothing to ask)
  const admin = (await login(env.url, 'admin')).token;
  let a = (await api(env.url, 'GET', `/api/v1/policy-applications/${id}`, { token: admin })).json;
  assert.deepEqual([a.status, a.evaluated_fen, a.subject_id, a.policy_id], ['submitted', 24000000, contract.id, policy.id]);
  await page.getByText('卖方为高校院所：满足', { exact: false }).first().waitFor(); // the evaluation, line by line
  await shot(page, 'wb-policy-application-submitted');
  await closePage(page);

  // the reviewer: the queue, 受理, 审核通过 (the amount as evaluated)
  const rv = await newPage(env);
  await signIn(rv, env.url, 'reviewer');
  await rv.getByRole('menuitem', { name: '兑现申请审核' }).click();
  await rv.waitForURL(/\/workbench\/policy-applications\/review/);
  await rv.getByRole('link', { name: title }).first().click();
  await rv.waitForURL(new RegExp(`/workbench/policy-applications/${id}$`));
  await rv.getByRole('button', { name: '受理', exact: true }).click();
  await toast(rv, '已受理');
  await rv.getByRole('button', { name: '审核通过', exact: true }).click();
  const d2 = rv.getByRole('dialog'); // 核定金额（选填）: the evaluated amount when left empty
  await d2.getByText('核定金额（选填）').waitFor();
  await d2.getByRole('button', { name: /确定|确认/ }).click();
  await toast(rv, '审核通过');
  a = (await api(env.url, 'GET', `/api/v1/policy-applications/${id}`, { token: admin })).json;
  assert.deepEqual([a.status, a.approved_fen, a.approved_on], ['approved', 24000000, todayCST]);
  await closePage(rv);

  // the officer: 拨付 with the date and the voucher number
  const of = await newPage(env);
  await signIn(of, env.url, 'officer');
  await of.goto(`${env.url}/workbench/policy-applications/${id}`);
  await of.getByRole('button', { name: '拨付', exact: true }).click();
  const d3 = of.getByRole('dialog');
  const day = d3.getByPlaceholder('选择日期');
  await day.fill(zhDate(todayCST));
  await day.press('Enter');
  await d3.getByLabel('凭证号').fill(`CDKJ-${uniq}`);
  await d3.getByRole('button', { name: /确定|确认/ }).click();
  await toast(of, '已拨付');
  a = (await api(env.url, 'GET', `/api/v1/policy-applications/${id}`, { token: admin })).json;
  assert.deepEqual([a.status, a.paid_on, a.voucher_no], ['paid', todayCST, `CDKJ-${uniq}`]);
  await shot(of, 'wb-policy-application-paid');
  await closePage(of);
});

test('我能申请什么: 锐芯微 (a high-tech enterprise of 成都) finds 成都\'s 高企 reward and applies from the list; 宜宾锂能 is told what it lacks', async () => {
  const page = await newPage(env);
  await signIn(page, env.url, 'enterprise');
  await page.getByRole('link', { name: '政策兑现' }).click();
  const mine = page.getByRole('region', { name: '我能申请什么' });
  const row = mine.getByRole('row').filter({ hasText: '成都市高新技术企业认定奖励' });
  await row.getByText('20 万元').waitFor();
  await shot(page, 'portal-policies-eligible');
  await row.getByRole('button', { name: '申请兑现' }).click();
  await page.waitForURL(/\/workbench\/policy-applications\/\d+$/);
  const id = Number(page.url().match(/policy-applications\/(\d+)/)[1]);
  await page.getByRole('button', { name: '提交兑现申请' }).click();
  await toast(page, '已提交兑现申请');
  const admin = (await login(env.url, 'admin')).token;
  const a = (await api(env.url, 'GET', `/api/v1/policy-applications/${id}`, { token: admin })).json;
  assert.deepEqual([a.status, a.subject_kind, a.evaluated_fen], ['submitted', 'org', 20000000]);
  assert.equal(a.subject_id, a.org_id, 'the org itself is the subject');
  // back on the list: the application made, no second 申请兑现
  await page.goto(`${env.url}/policies`);
  await mine.getByRole('link', { name: `已申请 #${id}` }).waitFor();
  await closePage(page);

  const yb = await newPage(env);
  await signIn(yb, env.url, 'enterprise_yb');
  await yb.goto(`${env.url}/policies`);
  await yb.getByText('差一项：注册在成都').first().waitFor();
  await closePage(yb);
});
