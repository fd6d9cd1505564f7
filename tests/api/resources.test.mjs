// Shared instruments and 中试 (src/kinds/resource.c, issue 17 item 5): an org opens an instrument
// with its services, prices and opening calendar (reviewed before it is public); another org books a
// service over a time inside that calendar; the instrument's org approves, starts, completes it with
// the metered quantity and charges it (quantity × price, in 分). No two approved bookings of one
// resource overlap, also when approved at the same moment. Expectations are written from the issue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, loginAll, orgIdByName, act, auditRows, stopClean, assert422, kz, dayCST, sql, PG } from './lib.mjs';

let s;
let tok;
const org = {};

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  org.scu = await orgIdByName(s.url, '四川大学');
});
after(() => stopClean(s));

// a weekday d weeks ahead (China Standard Time): 0 = Monday … 6 = Sunday
function weekday(weeks, dow) {
  for (let d = 7 * weeks; ; d++) {
    const day = dayCST(d);
    if ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7 === dow) return day;
  }
}
const plus = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);
let seq = 0;
const SERVICES = [
  { name: '形貌观察', unit: 'hour', price_fen: 30000 },
  { name: '能谱分析', unit: 'sample', price_fen: 20000 },
];
const resourceBody = (over = {}) => ({
  title: `场发射扫描电子显微镜 ${++seq}`, kind: 'instrument',
  summary: '分辨率 0.8 nm，配备能谱仪，可进行材料表面形貌观察与微区成分分析。',
  region: '510107', industry: '7320', location: '四川大学望江校区分析测试中心 105 室',
  services: SERVICES, open_days: ['mon', 'tue', 'wed', 'thu', 'fri'], open_from: '09:00', open_to: '17:00',
  contact: '王老师 028-85412345', ...over,
});
async function openResource(over = {}) {
  const c = await api(s.url, 'POST', '/api/v1/resources', { token: tok.researcher, body: resourceBody(over) });
  assert.equal(c.status, 201, c.text);
  assert.equal((await act(s.url, tok.researcher, 'resources', c.json.id, 'submit')).status, 200);
  const o = await act(s.url, tok.reviewer, 'resources', c.json.id, 'open');
  assert.equal(o.status, 200, o.text);
  return o.json;
}
const book = (rid, body, token = tok.enterprise) => api(s.url, 'POST', `/api/v1/resources/${rid}/bookings`, {
  token, body: { service: '形貌观察', purpose: '硅碳负极极片截面形貌观察', planned_qty: 2, ...body },
});
const step = (token, id, action, extra) => act(s.url, token, 'bookings', id, action, extra);
const MON = weekday(1, 0);

test('an instrument opened to others, booked, approved, used, metered and charged; every step audited', async () => {
  const r = await openResource();
  assert.equal(r.status, 'open');
  assert.equal((await api(s.url, 'GET', `/api/v1/resources/${r.id}`)).status, 200, 'public once open');
  const b = await book(r.id, { start_at: `${MON}T10:00`, end_at: `${MON}T12:00` });
  assert.equal(b.status, 201, b.text);
  assert.deepEqual([b.json.status, b.json.unit, b.json.price_fen, b.json.title, b.json.provider_org_id], ['draft', 'hour', 30000, r.title, org.scu]);
  assert.equal((await step(tok.enterprise, b.json.id, 'request')).json.status, 'requested');
  // the instrument's org sees it (a party) and decides; the requester does not approve its own
  assert.equal((await api(s.url, 'GET', `/api/v1/bookings/${b.json.id}`, { token: tok.researcher })).status, 200);
  assert.equal((await step(tok.enterprise, b.json.id, 'approve')).status, 403);
  assert.equal((await step(tok.researcher, b.json.id, 'approve')).json.status, 'approved');
  assert422(await step(tok.researcher, b.json.id, 'start', { metered_qty: 1 }), 'metered_qty', 'a quantity elsewhere');
  assert.equal((await step(tok.researcher, b.json.id, 'start')).json.status, 'in_use');
  assert422(await step(tok.researcher, b.json.id, 'complete'), 'metered_qty', 'no quantity');
  const done = await step(tok.researcher, b.json.id, 'complete', { metered_qty: 3 });
  assert.deepEqual([done.json.status, done.json.metered_qty], ['completed', 3]);
  const paid = await step(tok.researcher, b.json.id, 'charge');
  assert.deepEqual([paid.json.status, paid.json.charge_fen, paid.json.charged_on], ['charged', 90000, dayCST()]);
  const audit = await auditRows(s.url, tok.admin, 'booking', b.json.id);
  assert.deepEqual(audit.map((x) => x.action), ['create', 'request', 'approve', 'start', 'complete', 'charge']);
  // others' bookings are not theirs to read; the resource's list of bookings
  assert.equal((await api(s.url, 'GET', `/api/v1/bookings/${b.json.id}`, { token: tok.broker })).status, 404);
  const list = await api(s.url, 'GET', `/api/v1/resources/${r.id}/bookings`, { token: tok.researcher });
  assert.deepEqual(list.json.items.map((x) => x.id), [b.json.id]);
});

test('no two approved bookings of a resource overlap: simultaneous approvals, one wins; a request over an approved slot is refused', async () => {
  const r = await openResource();
  const ids = [];
  for (const [from, to] of [['09:00', '11:00'], ['10:00', '12:00'], ['10:30', '11:30'], ['11:00', '13:00']]) {
    const b = await book(r.id, { start_at: `${MON}T${from}`, end_at: `${MON}T${to}` });
    assert.equal(b.status, 201, b.text);
    assert.equal((await step(tok.enterprise, b.json.id, 'request')).status, 200);
    ids.push(b.json.id);
  }
  // 09–11 and 11–13 do not overlap each other; 10–12 and 10:30–11:30 overlap both
  const res = await Promise.all(ids.map((id) => step(tok.researcher, id, 'approve')));
  const ok = ids.filter((_, i) => res[i].status === 200);
  assert.ok(res.every((x) => x.status === 200 || x.status === 409), res.map((x) => x.text).join('\n'));
  const slot = (id) => ({ [ids[0]]: [9, 11], [ids[1]]: [10, 12], [ids[2]]: [10.5, 11.5], [ids[3]]: [11, 13] })[id];
  for (const a of ok) for (const b of ok) if (a < b) assert.ok(slot(a)[1] <= slot(b)[0] || slot(b)[1] <= slot(a)[0], `approved ${a} and ${b} overlap`);
  assert.ok(ok.length >= 1 && ok.length <= 2);
  // utilisation of that week: 5 opening days × 8 h; the approved slots booked
  const u = await api(s.url, 'GET', `/api/v1/resources/${r.id}/utilisation?from=${MON}&to=${plus(MON, 6)}`);
  assert.equal(u.status, 200, u.text);
  const booked = ok.reduce((n, id) => n + (slot(id)[1] - slot(id)[0]) * 60, 0);
  assert.deepEqual([u.json.open_minutes, u.json.booked_minutes, u.json.free_minutes, u.json.utilisation_bp],
    [2400, booked, 2400 - booked, Math.floor(booked * 10000 / 2400)]);
  assert.equal((await api(s.url, 'GET', `/api/v1/resources/${r.id}/utilisation`)).json.open_minutes, 2400, 'this week by default');
  assert422(await api(s.url, 'GET', `/api/v1/resources/${r.id}/utilisation?from=${MON}&to=2020-01-01`), 'to', 'backwards');
  assert422(await api(s.url, 'GET', `/api/v1/resources/${r.id}/utilisation?from=x`), 'from', 'not a date');
  assert.equal((await api(s.url, 'GET', '/api/v1/resources/987654321/utilisation')).status, 404);
  // a new request over an approved slot: 409, nothing changes
  const late = await book(r.id, { start_at: `${MON}T${String(slot(ok[0])[0]).padStart(2, '0')}:00`.replace('10.5', '10'), end_at: `${MON}T16:00` });
  assert.equal(late.status, 201);
  const lr = await step(tok.enterprise, late.json.id, 'request');
  assert.equal(lr.status, 409, lr.text);
  assert.equal((await api(s.url, 'GET', `/api/v1/bookings/${late.json.id}`, { token: tok.enterprise })).json.status, 'draft');
  // a cancelled booking frees its slot
  assert.equal((await step(tok.enterprise, ok[0], 'cancel')).json.status, 'cancelled');
  assert.equal((await step(tok.enterprise, late.json.id, 'request')).status, ok.length === 1 ? 200 : 409);
  const v = kz(['stats', 'verify'], { db: s.db });
  assert.equal(v.status, 0, v.stdout + v.stderr);
});

test('bad bookings: outside the calendar, backwards, in the past, an unknown service, one\'s own instrument, a resource not open → refused, nothing stored', async () => {
  const r = await openResource();
  const SAT = plus(MON, 5);
  const cases = [
    [{ start_at: `${MON}T08:00`, end_at: `${MON}T10:00` }, 'start_at', 'before opening'],
    [{ start_at: `${MON}T16:00`, end_at: `${MON}T18:00` }, 'start_at', 'after closing'],
    [{ start_at: `${SAT}T10:00`, end_at: `${SAT}T11:00` }, 'start_at', 'a Saturday'],
    [{ start_at: `${MON}T11:00`, end_at: `${MON}T10:00` }, 'end_at', 'backwards'],
    [{ start_at: `${MON}T10:00`, end_at: `${plus(MON, 35)}T10:00` }, 'end_at', 'over 31 days'],
    [{ start_at: '2020-01-06T10:00', end_at: '2020-01-06T11:00' }, 'start_at', 'in the past'],
    [{ start_at: `${MON} 10:00`, end_at: `${MON}T11:00` }, 'start_at', 'not a time'],
    [{ service: 'X 射线衍射', start_at: `${MON}T10:00`, end_at: `${MON}T11:00` }, 'service', 'no such service'],
    [{ start_at: `${MON}T10:00`, end_at: `${MON}T11:00`, charge_fen: 1 }, 'charge_fen', 'a read-only field'],
  ];
  for (const [body, field, what] of cases) assert422(await book(r.id, body), field, what);
  // a sample service starts on an opening day, at any hour
  const sample = await book(r.id, { service: '能谱分析', start_at: `${MON}T19:00`, end_at: `${plus(MON, 2)}T12:00` });
  assert.equal(sample.status, 201, sample.text);
  assert.equal((await book(r.id, { start_at: `${MON}T10:00`, end_at: `${MON}T11:00` }, tok.org_admin)).status, 409, 'one\'s own instrument');
  const draft = await api(s.url, 'POST', '/api/v1/resources', { token: tok.researcher, body: resourceBody() });
  assert.equal((await book(draft.json.id, { start_at: `${MON}T10:00`, end_at: `${MON}T11:00` })).status, 404, 'a draft is its org\'s');
  await act(s.url, tok.researcher, 'resources', r.id, 'suspend');
  assert.equal((await book(r.id, { start_at: `${MON}T10:00`, end_at: `${MON}T11:00` })).status, 409, 'suspended');
  // a resource's own bad input
  assert422(await api(s.url, 'POST', '/api/v1/resources', { token: tok.researcher, body: resourceBody({ open_from: '18:00' }) }), 'open_to', 'closing before opening');
  assert422(await api(s.url, 'POST', '/api/v1/resources', { token: tok.researcher, body: resourceBody({ services: [] }) }), 'services', 'no service');
  assert422(await api(s.url, 'POST', '/api/v1/resources', { token: tok.researcher, body: resourceBody({ services: [{ name: 'a', unit: 'day', price_fen: 1 }] }) }), 'services', 'a unit');
  assert422(await api(s.url, 'POST', '/api/v1/resources', { token: tok.researcher, body: resourceBody({ open_days: ['mon', 'xyz'] }) }), 'open_days', 'a weekday');
});

test('the provider declines with a reason; a requester cancels before use', async () => {
  const r = await openResource();
  const b = (await book(r.id, { start_at: `${MON}T14:00`, end_at: `${MON}T15:00` })).json;
  await step(tok.enterprise, b.id, 'request');
  assert422(await step(tok.researcher, b.id, 'decline'), 'comment', 'no reason');
  const d = await step(tok.researcher, b.id, 'decline', { comment: '设备当日检修' });
  assert.deepEqual([d.json.status, d.json.reason], ['declined', '设备当日检修']);
  const c = (await book(r.id, { start_at: `${MON}T14:00`, end_at: `${MON}T15:00` })).json;
  await step(tok.enterprise, c.id, 'request');
  await step(tok.researcher, c.id, 'approve');
  assert.equal((await step(tok.enterprise, c.id, 'cancel')).json.status, 'cancelled');
  assert.equal((await step(tok.researcher, c.id, 'start')).status, 409);
});

// ---- 创新券 (vouchers) ----
const voucherBody = (holder, over = {}) => ({
  title: '2026 年度成都市科技创新券', holder_org_id: holder, amount_fen: 50000, valid_until: '2030-12-31',
  scope: '大型科研仪器共享、检验检测', region: '510100', ...over,
});
async function issue(holder, over = {}) {
  const v = await api(s.url, 'POST', '/api/v1/vouchers', { token: tok.officer, body: voucherBody(holder, over) });
  assert.equal(v.status, 201, v.text);
  const r = await act(s.url, tok.officer, 'vouchers', v.json.id, 'issue');
  assert.equal(r.status, 200, r.text);
  return r.json;
}
/** A booking of instrument r by 宜宾锂能 (with voucher vid), driven to `to` (completed, charged). */
async function used(r, hour, vid, to = 'charged', metered = 2) {
  const b = await book(r.id, { start_at: `${MON}T${hour}:00`, end_at: `${MON}T${Number(hour) + 1}:00`, voucher_id: vid });
  assert.equal(b.status, 201, b.text);
  for (const [who, action, extra] of [[tok.enterprise, 'request'], [tok.researcher, 'approve'], [tok.researcher, 'start'], [tok.researcher, 'complete', { metered_qty: metered }], [tok.researcher, 'charge']]) {
    if (action === 'charge' && to !== 'charged') break;
    const x = await step(who, b.json.id, action, extra);
    assert.equal(x.status, 200, `${action}: ${x.text}`);
  }
  return (await api(s.url, 'GET', `/api/v1/bookings/${b.json.id}`, { token: tok.enterprise })).json;
}

test('创新券: a bureau issues one to an enterprise; a booking pays with it up to its balance, the rest by the enterprise; the balance is kept and checked', async () => {
  const yb = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  const v = await issue(yb);
  assert.deepEqual([v.status, v.holder_org_id, v.amount_fen], ['issued', yb, 50000]);
  assert.equal((await api(s.url, 'GET', `/api/v1/vouchers/${v.id}`, { token: tok.enterprise })).status, 200, 'the holder reads it');
  assert.equal((await api(s.url, 'GET', `/api/v1/vouchers/${v.id}`, { token: tok.researcher })).status, 404, 'others do not');
  const bal = (id) => api(s.url, 'GET', `/api/v1/vouchers/${id}/balance`, { token: tok.enterprise });
  assert.deepEqual((await bal(v.id)).json, { voucher_id: v.id, status: 'issued', amount_fen: 50000, redeemed_fen: 0, balance_fen: 50000, valid_until: '2030-12-31', usable: true });
  const r = await openResource();
  // 2 hours × ¥300 = ¥600: the voucher pays its ¥500, the enterprise ¥100
  const b = await used(r, '10', v.id);
  assert.deepEqual([b.status, b.charge_fen, b.voucher_fen, b.paid_fen], ['charged', 60000, 50000, 10000]);
  assert.deepEqual([(await bal(v.id)).json.balance_fen, (await bal(v.id)).json.redeemed_fen, (await bal(v.id)).json.usable], [0, 50000, false]);
  // spent: a new booking naming it is refused at request, at the field
  const again = await book(r.id, { start_at: `${MON}T14:00`, end_at: `${MON}T15:00`, voucher_id: v.id });
  assert.equal(again.status, 201);
  assert422(await step(tok.enterprise, again.json.id, 'request'), 'voucher_id', 'no balance left');
  // another org's voucher, a revoked one, none at all
  const rxw = await orgIdByName(s.url, '成都锐芯微电子科技有限公司');
  const theirs = await issue(rxw);
  const mine = await issue(yb);
  assert.equal((await act(s.url, tok.officer, 'vouchers', mine.id, 'revoke', { comment: '企业申请注销' })).json.status, 'revoked');
  for (const [vid, what] of [[theirs.id, 'another org\'s'], [mine.id, 'revoked'], [987654321, 'no such voucher']]) {
    const x = await book(r.id, { start_at: `${MON}T15:00`, end_at: `${MON}T16:00`, voucher_id: vid });
    assert422(await step(tok.enterprise, x.json.id, 'request'), 'voucher_id', what);
  }
  // bad vouchers: a holder that does not exist, the bureau itself, a past validity; a university admin does not issue
  const bad = await api(s.url, 'POST', '/api/v1/vouchers', { token: tok.officer, body: voucherBody(987654321) });
  assert422(await act(s.url, tok.officer, 'vouchers', bad.json.id, 'issue'), 'holder_org_id', 'no such holder');
  assert422(await api(s.url, 'POST', '/api/v1/vouchers', { token: tok.officer, body: voucherBody(yb, { valid_until: '2020-01-01' }) }), 'valid_until', 'past');
  assert.equal((await api(s.url, 'POST', '/api/v1/vouchers', { token: tok.org_admin, body: voucherBody(yb) })).status, 403);
  const v2 = kz(['stats', 'verify'], { db: s.db });
  assert.equal(v2.status, 0, v2.stdout + v2.stderr);
});

test('创新券 under simultaneous charges: two bookings charged at once never spend more than its balance', async () => {
  const yb = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  const v = await issue(yb, { amount_fen: 80000 });
  const r = await openResource();
  const a = await used(r, '09', v.id, 'completed');
  const b = await used(r, '11', v.id, 'completed');
  const res = await Promise.all([a, b].map((x) => step(tok.researcher, x.id, 'charge')));
  assert.ok(res.every((x) => x.status === 200), res.map((x) => x.text).join('\n'));
  const paid = res.map((x) => x.json.voucher_fen).sort((x, y) => x - y);
  assert.deepEqual(paid, [20000, 60000], 'the first takes ¥600, the second the ¥200 left');
  assert.ok(res.every((x) => x.json.voucher_fen + x.json.paid_fen === x.json.charge_fen));
  assert.equal((await api(s.url, 'GET', `/api/v1/vouchers/${v.id}/balance`, { token: tok.officer })).json.balance_fen, 0);
});

test('创新券 expire the day after their validity, by the platform; an expired one pays nothing', async () => {
  const yb = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  const v = await issue(yb);
  const r = await openResource();
  const b = await used(r, '13', v.id, 'completed');
  // its validity passes (written directly: the platform's own step is what is tested)
  sql(s.dbPath, PG ? `UPDATE kind_records SET data = jsonb_set(data::jsonb, '{valid_until}', '"2021-01-01"')::text WHERE id = ${v.id}`
    : `UPDATE kind_records SET data = json_set(data, '$.valid_until', '2021-01-01') WHERE id = ${v.id}`);
  const s2 = await startServer({ demo: false, db: s.db }); // its maintenance runs at start
  let status;
  for (let i = 0; i < 100 && status !== 'expired'; i++) {
    status = (await api(s2.url, 'GET', `/api/v1/vouchers/${v.id}`, { token: tok.officer })).json?.status;
    if (status !== 'expired') await new Promise((ok) => setTimeout(ok, 100));
  }
  await stopClean(s2);
  assert.equal(status, 'expired');
  const audit = await auditRows(s.url, tok.admin, 'voucher', v.id);
  assert.deepEqual(audit.map((x) => x.action), ['create', 'issue', 'expire']);
  assert.equal((await act(s.url, tok.officer, 'vouchers', v.id, 'revoke', { comment: 'x' })).status, 409);
  const c = await step(tok.researcher, b.id, 'charge');
  assert.deepEqual([c.json.charge_fen, c.json.voucher_fen, c.json.paid_fen], [60000, 0, 60000]);
});
