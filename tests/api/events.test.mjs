// Matchmaking events (src/kinds/event.c, src/domain/event.c; issue 15 item 5), against the real
// binary: an event with date, place, industries, the achievements and demands on its programme,
// registrations (one per org, within the capacity — also under simultaneous requests), the
// organiser's check-in once the day has come, and the deals it started — so an officer sees what
// an event produced; `stats verify` recounts the event's counts. Expectations are written from the
// issue, not read from the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, loginAll, orgIdByName, act, auditRows, stopClean, assert422, makeAchievement, makeDemand, makeUser, dayCST, sql, kz, PG,
} from './lib.mjs';

let s;
let tok;
const org = {};
let ach;
let dem;
const TAG = `Ev${process.pid}x${Date.now().toString(36)}`;
let seq = 0;

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  org.cdkj = await orgIdByName(s.url, '成都市科学技术局');
  org.scu = await orgIdByName(s.url, '四川大学');
  org.ybln = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  ach = await makeAchievement(s.url, { owner: tok.researcher, reviewer: tok.reviewer }, 'published', { title: `${TAG} 硅碳负极预锂化技术` });
  dem = await makeDemand(s.url, { owner: tok.enterprise, reviewer: tok.reviewer }, 'published', { title: `${TAG} 低温快充电解液` });
});
after(() => stopClean(s));

const body = (over = {}) => ({
  title: `${TAG} 新能源材料专场对接会 ${++seq}`, kind: 'matchmaking', held_on: dayCST(10), place: '成都市高新区菁蓉汇 3 号馆',
  region: '510107', industries: ['3841', 'C'], summary: '成果路演、需求发布与一对一洽谈', capacity: 3,
  achievement_ids: [ach.id], demand_ids: [dem.id], ...over,
});
const LIST = '/api/v1/events';
const regs = (id) => `${LIST}/${id}/registrations`;

async function published(over = {}) {
  const c = await api(s.url, 'POST', LIST, { token: tok.officer, body: body(over) });
  assert.equal(c.status, 201, c.text);
  const p = await act(s.url, tok.officer, 'events', c.json.id, 'publish');
  assert.equal(p.status, 200, p.text);
  return p.json;
}

/** Moves an event's date to today (an operator's correction, as if the day had come). */
function today(id) {
  const set = PG ? `jsonb_set(data::jsonb, '{held_on}', '"${dayCST()}"')::text` : `json_set(data, '$.held_on', '${dayCST()}')`;
  sql(s.dbPath, `UPDATE kind_records SET data = ${set} WHERE id = ${id} OR parent_id = ${id}`);
}

test('an event is published with its programme; a past date or an unpublished record is refused', async () => {
  const ev = await published();
  assert.equal(ev.status, 'published');
  // public once published
  assert.equal((await api(s.url, 'GET', `${LIST}/${ev.id}`)).status, 200);
  const draftAch = await makeAchievement(s.url, { owner: tok.researcher, reviewer: tok.reviewer }, 'draft');
  for (const [over, field] of [[{ held_on: dayCST(-1) }, 'held_on'], [{ achievement_ids: [draftAch.id] }, 'achievement_ids'], [{ demand_ids: [999999999] }, 'demand_ids']]) {
    const c = await api(s.url, 'POST', LIST, { token: tok.officer, body: body(over) });
    assert.equal(c.status, 201, c.text);
    assert422(await act(s.url, tok.officer, 'events', c.json.id, 'publish'), field, JSON.stringify(over));
    assert.equal((await api(s.url, 'GET', `${LIST}/${c.json.id}`, { token: tok.officer })).json.status, 'draft');
  }
  assert422(await api(s.url, 'POST', LIST, { token: tok.officer, body: body({ industries: ['ZZ'] }) }), 'industries', 'an unknown industry');
  assert422(await api(s.url, 'POST', LIST, { token: tok.officer, body: body({ kind: 'party' }) }), 'kind', 'an unknown kind');
  assert.equal((await api(s.url, 'POST', LIST, { token: tok.researcher, body: body() })).status, 403);
  // cancel needs the reason
  assert422(await act(s.url, tok.officer, 'events', ev.id, 'cancel'), 'comment', 'cancel without a reason');
  // not yet held before its day
  assert.equal((await act(s.url, tok.officer, 'events', ev.id, 'hold')).status, 409);
});

test('registrations: one per org, within the capacity even when all come at once; the organiser reads them', async () => {
  const ev = await published({ capacity: 3 });
  const orgs = [];
  for (const name of ['电子科技大学', '西南交通大学', '成都锐芯微电子科技有限公司', '西南科技大学', '四川大学', '宜宾锂能动力电池有限公司']) orgs.push(await orgIdByName(s.url, name));
  const users = [];
  for (const o of orgs) users.push(await makeUser(s.url, tok.admin, { roles: ['org_admin'], org_id: o, prefix: 'evr' }));
  const all = await Promise.all(users.map((u) => api(s.url, 'POST', regs(ev.id), { token: u.token, body: { attendees: 2, interests: '硅碳负极中试合作' } })));
  const codes = all.map((r) => r.status).sort();
  assert.deepEqual(codes, [201, 201, 201, 409, 409, 409], all.map((r) => r.text).join('\n'));
  assert.ok(all.filter((r) => r.status === 409).every((r) => /报名已满/.test(r.text)));
  const ok = all.filter((r) => r.status === 201).map((r) => r.json);
  assert.ok(ok.every((r) => r.status === 'registered' && r.event_title === ev.title && r.organiser_org_id === org.cdkj));
  // the organiser reads them; another registrant does not read the others'
  const list = await api(s.url, 'GET', regs(ev.id), { token: tok.officer });
  assert.equal(list.json.items.length, 3);
  // one per org: a second registration of an org refused; after a cancellation a place frees
  const winner = users[all.findIndex((r) => r.status === 201)];
  const again = await api(s.url, 'POST', regs(ev.id), { token: winner.token, body: { attendees: 1 } });
  assert.equal(again.status, 409, again.text);
  assert.equal((await act(s.url, winner.token, 'event-registrations', ok[0].id, 'cancel')).status, 200);
  const loser = users[all.findIndex((r) => r.status === 409)];
  assert.equal((await api(s.url, 'POST', regs(ev.id), { token: loser.token, body: { attendees: 1 } })).status, 201);
  // the organiser does not register for its own event; bad input changes nothing
  assert.equal((await api(s.url, 'POST', regs(ev.id), { token: tok.officer, body: { attendees: 1, org_id: org.cdkj } })).status, 409);
  assert422(await api(s.url, 'POST', regs(ev.id), { token: tok.org_admin, body: { attendees: 21 } }), 'attendees', 'too many attendees');
  // no registration for a draft event
  const d = await api(s.url, 'POST', LIST, { token: tok.officer, body: body() });
  assert.equal((await api(s.url, 'POST', regs(d.json.id), { token: tok.org_admin, body: { attendees: 1 } })).status, 404);
});

test('what an event produced: check-ins on the day, the deals it started, the officer\'s results; stats verify agrees', async () => {
  const ev = await published({ capacity: 10 });
  const r1 = await api(s.url, 'POST', regs(ev.id), { token: tok.org_admin, body: { attendees: 3 } });
  const r2 = await api(s.url, 'POST', regs(ev.id), { token: tok.enterprise, body: { attendees: 2 } });
  assert.equal(r1.status, 201, r1.text);
  assert.equal(r2.status, 201, r2.text);
  // not before the day
  assert.equal((await act(s.url, tok.officer, 'event-registrations', r1.json.id, 'attend')).status, 409);
  today(ev.id);
  assert.equal((await act(s.url, tok.officer, 'event-registrations', r1.json.id, 'attend')).status, 200);
  assert.equal((await act(s.url, tok.officer, 'event-registrations', r2.json.id, 'absent')).status, 200);
  // a registrant does not check itself in
  const r3 = await api(s.url, 'POST', regs(ev.id), { token: tok.researcher, body: { attendees: 1 } });
  assert.equal(r3.status, 409, 'one per org: 四川大学 is registered already');
  assert.equal((await act(s.url, tok.enterprise, 'event-registrations', r2.json.id, 'attend')).status, 403);

  // a broker's deal started at the event, recommended and signed; another only recommended
  const mk = async (achId) => {
    const d = await api(s.url, 'POST', `/api/v1/demands/${dem.id}/deals`, { token: tok.broker, body: { achievement_id: achId, event_id: ev.id, note: '对接会上双方初步达成意向' } });
    assert.equal(d.status, 201, d.text);
    assert.equal((await act(s.url, tok.broker, 'deals', d.json.id, 'recommend')).status, 200);
    return d.json;
  };
  const d1 = await mk(ach.id);
  for (const a of ['contact', 'negotiate', 'sign']) assert.equal((await act(s.url, tok.broker, 'deals', d1.id, a)).status, 200);
  const ach2 = await makeAchievement(s.url, { owner: tok.researcher, reviewer: tok.reviewer }, 'published');
  await mk(ach2.id);
  // a deal naming an event that does not exist is refused
  assert422(await api(s.url, 'POST', `/api/v1/demands/${dem.id}/deals`, { token: tok.broker, body: { achievement_id: ach2.id, event_id: 999999999 } }), 'event_id', 'unknown event');

  assert.equal((await act(s.url, tok.officer, 'events', ev.id, 'hold')).status, 200);
  const res = await api(s.url, 'GET', `${LIST}/${ev.id}/results`, { token: tok.officer });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.registered, 2);
  assert.equal(res.json.attended, 1);
  assert.equal(res.json.attendees_came, 3);
  assert.equal(res.json.registrations.absent, 1);
  assert.equal(res.json.deals_started, 2);
  assert.equal(res.json.deals_signed, 1);
  assert.equal(res.json.deals.recommended, 1);
  assert.deepEqual(res.json.achievements.map((x) => x.id), [ach.id]);
  assert.deepEqual(res.json.demands.map((x) => x.id), [dem.id]);
  // public results for a public event
  assert.equal((await api(s.url, 'GET', `${LIST}/${ev.id}/results`)).status, 200);
  assert.equal((await act(s.url, tok.officer, 'events', ev.id, 'close')).status, 200);
  // the counts equal a recount
  const v = kz(['stats', 'verify'], { db: s.db });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  // every step is in the audit chain
  const trail = await auditRows(s.url, tok.admin, 'event_registration', r1.json.id);
  assert.deepEqual(trail.map((r) => r.action), ['create', 'attend']);
});
