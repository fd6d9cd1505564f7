// Shared instruments and 中试 (src/kinds/resource.c, issue 17 item 5): an org opens an instrument
// with its services, prices and opening calendar (reviewed before it is public); another org books a
// service over a time inside that calendar; the instrument's org approves, starts, completes it with
// the metered quantity and charges it (quantity × price, in 分). No two approved bookings of one
// resource overlap, also when approved at the same moment. Expectations are written from the issue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, loginAll, orgIdByName, act, auditRows, stopClean, assert422, kz, dayCST } from './lib.mjs';

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
