// Shared instruments in the web UI (issue 17 item 5): 锐芯微 finds 四川大学's electron microscope under
// 共享仪器, books an hour of 形貌观察 (date and time pickers, China Standard Time) paying with its 创新券 and
// submits; the university's researcher confirms it, starts it, completes it with the metered hours (the
// dialog asks) and charges it — the voucher pays. Each step checked against the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, api, login, toast, field } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });
const SEM = '场发射扫描电子显微镜（SEM）';
// a Tuesday three weeks ahead (China Standard Time), clear of the demo's bookings
function tuesday() {
  for (let d = 21; ; d++) {
    const day = new Date(Date.now() + 8 * 3600e3 + d * 86400e3).toISOString().slice(0, 10);
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 2) return day;
  }
}
const zh = (iso) => iso.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日');

test('book an instrument with a voucher: 共享仪器 → the instrument → 预约 (创新券) → 提交; the instrument\'s org confirms, uses, meters and charges', async () => {
  const day = tuesday();
  const me = await login(env.url, 'enterprise');
  const voucher = (await api(env.url, 'GET', '/api/v1/vouchers?status=issued&limit=10', { token: me.token })).json.items
    .find((v) => v.holder_org_id === me.user.org_id);
  assert.ok(voucher, '锐芯微 holds a 创新券 in the demo');
  const before_ = (await api(env.url, 'GET', `/api/v1/vouchers/${voucher.id}/balance`, { token: me.token })).json.balance_fen;
  const page = await newPage(env);
  await signIn(page, env.url, 'enterprise');
  await page.getByRole('link', { name: '共享仪器' }).click();
  await page.getByRole('heading', { name: '共享仪器', exact: true }).waitFor();
  await page.getByRole('link', { name: SEM }).first().click();
  await page.waitForURL(/\/resources\/\d+$/);
  const rid = Number(page.url().match(/resources\/(\d+)/)[1]);
  await page.getByText('形貌观察').first().waitFor(); // the services and prices, as a table
  await page.getByRole('button', { name: '新增仪器预约' }).click();
  await page.waitForURL(/\/workbench\/bookings\/new/);
  await field(page, '服务').locator('input').fill('形貌观察');
  const start = page.getByLabel('开始时间');
  await start.fill(`${zh(day)} 14:00`);
  await start.press('Enter');
  const end = page.getByLabel('结束时间');
  await end.fill(`${zh(day)} 15:00`);
  await end.press('Enter');
  await field(page, '用途').locator('textarea, input').first().fill('芯片封装截面形貌观察（测试）');
  await page.getByLabel('预计用量').fill('1');
  await page.getByLabel('创新券').fill(String(voucher.id));
  await shot(page, 'wb-booking-form');
  await page.getByRole('button', { name: /保存并提交/ }).click();
  await page.waitForURL(/\/workbench\/bookings\/\d+$/);
  const id = Number(page.url().match(/bookings\/(\d+)/)[1]);
  const admin = (await login(env.url, 'admin')).token;
  let b = (await api(env.url, 'GET', `/api/v1/bookings/${id}`, { token: admin })).json;
  assert.deepEqual([b.status, b.resource_id, b.start_at, b.end_at, b.unit, b.price_fen], ['requested', rid, `${day}T14:00`, `${day}T15:00`, 'hour', 30000]);
  await closePage(page);

  // the university: its bookings, 确认 → 开始使用 → 完成 (the metered hours) → 结算
  const lab = await newPage(env);
  await signIn(lab, env.url, 'researcher');
  await lab.goto(`${env.url}/workbench/bookings/${id}`);
  await lab.getByRole('button', { name: '确认预约', exact: true }).click();
  await toast(lab, '已确认预约');
  await lab.getByRole('button', { name: '开始使用', exact: true }).click();
  await toast(lab, '已开始使用');
  await lab.getByRole('button', { name: '完成', exact: true }).click();
  const dlg = lab.getByRole('dialog');
  await dlg.getByLabel('实际用量').fill('2');
  await dlg.getByLabel('实际用量').blur();
  await dlg.getByRole('button', { name: /确定|确认/ }).click();
  await toast(lab, '已完成');
  await lab.getByRole('button', { name: '结算', exact: true }).click();
  await toast(lab, '已结算');
  b = (await api(env.url, 'GET', `/api/v1/bookings/${id}`, { token: admin })).json;
  assert.deepEqual([b.status, b.metered_qty, b.charge_fen, b.voucher_id], ['charged', 2, 60000, voucher.id]);
  assert.equal(b.voucher_fen, Math.min(60000, before_), 'the voucher pays what it has, at most the charge');
  assert.equal(b.paid_fen, 60000 - b.voucher_fen);
  const after_ = (await api(env.url, 'GET', `/api/v1/vouchers/${voucher.id}/balance`, { token: me.token })).json.balance_fen;
  assert.equal(after_, before_ - b.voucher_fen);
  await shot(lab, 'wb-booking-charged');
  await closePage(lab);
});
