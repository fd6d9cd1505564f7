// Technology brokers and 科技特派员 (src/kinds/broker.c, src/domain/broker.c; issue 15 item 1),
// against the real binary: the registry (certificate, level, fields, 特派团) submitted by the
// broker's org and registered by an officer, one entry per account (also under simultaneous
// requests); trainings verified by an officer; enterprises assigned (one assignment per enterprise
// and broker, also under simultaneous requests), whose demands the broker reads; each broker's
// figures computed from their deals — taken, contacted, signed, signed rate, the exact median of
// the days from recommendation to signature, decline reasons — and the ranking; `stats verify`
// recounts them. Expectations are written from the issue, not read from the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, loginAll, orgIdByName, act, auditRows, stopClean, assert422, makeAchievement, makeDemand, makeUser, dayCST, sql, kz, PG,
} from './lib.mjs';

let s;
let tok;
const org = {};
const TAG = `Br${process.pid}x${Date.now().toString(36)}`;
const LIST = '/api/v1/brokers';
let tfjsAdmin; // the org admin of 天府技术转移服务中心 (a broker's org)
let seq = 0;

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  org.tfjs = await orgIdByName(s.url, '天府技术转移服务中心有限公司');
  org.scu = await orgIdByName(s.url, '四川大学');
  org.ybln = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  org.rxw = await orgIdByName(s.url, '成都锐芯微电子科技有限公司');
  tfjsAdmin = await makeUser(s.url, tok.admin, { roles: ['org_admin'], org_id: org.tfjs, prefix: 'tfa' });
});
after(() => stopClean(s));

const entry = (user_id, over = {}) => ({
  user_id, name: `${TAG} 经纪人 ${++seq}`, kind: 'broker', level: 'intermediate', certificate_no: `JSJJ-${seq}`,
  certificate_issuer: '四川省科学技术厅', certified_on: '2023-06-18', industries: ['3841', '26'], region: '510107',
  team: '成都高新区科技特派团', team_lead: false, services: '新能源材料成果评价与交易撮合', ...over,
});

/** A new broker account of 天府技术转移服务中心, registered by the officer; returns {user, entry}. */
async function registered() {
  const user = await makeUser(s.url, tok.admin, { roles: ['broker'], org_id: org.tfjs, prefix: 'brk' });
  const c = await api(s.url, 'POST', LIST, { token: user.token, body: entry(user.id) });
  assert.equal(c.status, 201, c.text);
  assert.equal((await act(s.url, user.token, 'brokers', c.json.id, 'submit')).status, 200);
  const r = await act(s.url, tok.officer, 'brokers', c.json.id, 'register');
  assert.equal(r.status, 200, r.text);
  return { user, entry: r.json };
}

const stats = async (id, token) => (await api(s.url, 'GET', `${LIST}/${id}/stats`, { token })).json.figures;

function setData(id, field, value) {
  const set = PG ? `jsonb_set(data::jsonb, '{${field}}', '"${value}"')::text` : `json_set(data, '$.${field}', '${value}')`;
  sql(s.dbPath, `UPDATE kind_records SET data = ${set} WHERE id = ${id}`);
}

test('the registry: the broker\'s org enters and submits, an officer returns with a reason or registers; registered brokers are public', async () => {
  const user = await makeUser(s.url, tok.admin, { roles: ['broker'], org_id: org.tfjs, prefix: 'brk' });
  // a technology broker names a level; a team lead names the team
  assert422(await api(s.url, 'POST', LIST, { token: user.token, body: entry(user.id, { level: null }) }), 'level', 'a broker without a level');
  assert422(await api(s.url, 'POST', LIST, { token: user.token, body: entry(user.id, { team: null, team_lead: true }) }), 'team', 'a lead without a team');
  assert422(await api(s.url, 'POST', LIST, { token: user.token, body: entry(user.id, { level: 'master' }) }), 'level', 'an unknown level');
  assert422(await api(s.url, 'POST', LIST, { token: user.token, body: entry(user.id, { certified_on: dayCST(3) }) }), 'certified_on', 'a certificate from the future');
  // a researcher of another org registers nobody here; the org admin and the broker do
  assert.equal((await api(s.url, 'POST', LIST, { token: tok.researcher, body: entry(user.id) })).status, 403);
  const c = await api(s.url, 'POST', LIST, { token: tfjsAdmin.token, body: entry(user.id) });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.status, 'draft');
  assert.equal(c.json.org_id, org.tfjs);
  // not public before it is registered
  assert.equal((await api(s.url, 'GET', `${LIST}/${c.json.id}`)).status, 404);
  assert.equal((await act(s.url, user.token, 'brokers', c.json.id, 'register')).status, 403, 'a broker does not register themself');
  assert.equal((await act(s.url, user.token, 'brokers', c.json.id, 'submit')).status, 200);
  // returned with its reason, corrected, submitted again
  assert422(await act(s.url, tok.officer, 'brokers', c.json.id, 'return'), 'comment', 'return without a reason');
  let r = await act(s.url, tok.officer, 'brokers', c.json.id, 'return', { comment: '证书编号与发证机构不一致' });
  assert.equal(r.status, 200, r.text);
  r = await api(s.url, 'GET', `${LIST}/${c.json.id}`, { token: user.token });
  assert.equal(r.json.status, 'draft');
  assert.equal(r.json.reason, '证书编号与发证机构不一致');
  const p = await api(s.url, 'PATCH', `${LIST}/${c.json.id}`, { token: user.token, body: { certificate_no: 'JSJJ-5101-2024-0001' }, headers: { 'If-Match': r.headers.get('etag') } });
  assert.equal(p.status, 200, p.text);
  assert.equal((await act(s.url, user.token, 'brokers', c.json.id, 'submit')).status, 200);
  // an officer of another city neither sees nor registers it
  const my = await api(s.url, 'POST', '/api/v1/auth/login', { body: { username: 'officer_my', password: 'Kezhuan@2026' } });
  assert.equal((await act(s.url, my.json.token, 'brokers', c.json.id, 'register')).status, 404);
  r = await act(s.url, tok.officer, 'brokers', c.json.id, 'register');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'active');
  const pub = await api(s.url, 'GET', `${LIST}/${c.json.id}`);
  assert.equal(pub.status, 200);
  assert.equal(pub.json.certificate_no, 'JSJJ-5101-2024-0001');
  assert.ok((await api(s.url, 'GET', `${LIST}?q=${encodeURIComponent(c.json.name)}`)).json.items.some((x) => x.id === c.json.id));
  // suspended with a reason (no longer public), reinstated
  assert422(await act(s.url, tok.officer, 'brokers', c.json.id, 'suspend'), 'comment');
  assert.equal((await act(s.url, tok.officer, 'brokers', c.json.id, 'suspend', { comment: '年度考核未报送' })).status, 200);
  assert.equal((await api(s.url, 'GET', `${LIST}/${c.json.id}`)).status, 404);
  assert.equal((await act(s.url, tok.officer, 'brokers', c.json.id, 'reinstate')).status, 200);
  const trail = await auditRows(s.url, tok.admin, 'broker', c.json.id);
  assert.deepEqual(trail.map((x) => x.action), ['create', 'submit', 'return', 'update', 'submit', 'register', 'suspend', 'reinstate']);
});

test('one entry per account, of the entry\'s org: another org\'s account or a second entry is refused, also when submitted at once', async () => {
  // the account must be a member of the org
  const c = await api(s.url, 'POST', LIST, { token: tfjsAdmin.token, body: entry((await api(s.url, 'GET', '/api/v1/me', { token: tok.researcher })).json.id) });
  assert.equal(c.status, 201, c.text);
  assert422(await act(s.url, tfjsAdmin.token, 'brokers', c.json.id, 'submit'), 'user_id', 'an account of another org');
  // two entries of one account submitted at once: one passes
  const user = await makeUser(s.url, tok.admin, { roles: ['broker'], org_id: org.tfjs, prefix: 'brk' });
  const ids = [];
  for (let i = 0; i < 4; i++) ids.push((await api(s.url, 'POST', LIST, { token: user.token, body: entry(user.id) })).json.id);
  const all = await Promise.all(ids.map((id) => act(s.url, user.token, 'brokers', id, 'submit')));
  assert.deepEqual(all.map((r) => r.status).sort(), [200, 409, 409, 409], all.map((r) => r.text).join('\n'));
  // once its entry is back in draft, another may be submitted
  const won = ids[all.findIndex((r) => r.status === 200)];
  assert.equal((await act(s.url, tok.officer, 'brokers', won, 'return', { comment: '重复登记' })).status, 200);
  assert.equal((await act(s.url, user.token, 'brokers', ids.find((id) => id !== won), 'submit')).status, 200);
});

test('trainings: entered by the broker\'s org, verified or rejected with a reason by an officer; verified hours count', async () => {
  const { user, entry: br } = await registered();
  const T = `${LIST}/${br.id}/trainings`;
  const body = (hours) => ({ course: '技术经纪人（中级）培训', provider: '四川省技术转移中心', hours, held_on: dayCST(-30), certificate_no: 'PX-2026-018' });
  assert422(await api(s.url, 'POST', T, { token: user.token, body: body(0) }), 'hours');
  assert422(await api(s.url, 'POST', T, { token: user.token, body: { ...body(8), held_on: dayCST(2) } }), 'held_on', 'a training not yet held');
  assert.equal((await api(s.url, 'POST', T, { token: tok.org_admin, body: body(8) })).status, 403, 'another org');
  const a = await api(s.url, 'POST', T, { token: user.token, body: body(64) });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.status, 'submitted');
  assert.equal(a.json.broker_name, br.name);
  const b = await api(s.url, 'POST', T, { token: tfjsAdmin.token, body: body(16) });
  assert.equal(b.status, 201, b.text);
  assert.equal((await act(s.url, user.token, 'broker-trainings', a.json.id, 'verify')).status, 403);
  assert.equal((await act(s.url, tok.officer, 'broker-trainings', a.json.id, 'verify')).status, 200);
  assert422(await act(s.url, tok.officer, 'broker-trainings', b.json.id, 'reject'), 'comment');
  assert.equal((await act(s.url, tok.officer, 'broker-trainings', b.json.id, 'reject', { comment: '缺少结业证书' })).status, 200);
  const f = await stats(br.id);
  assert.equal(f.trainings, 1);
  assert.equal(f.training_hours, 64);
  // the broker's org lists them
  const list = await api(s.url, 'GET', T, { token: user.token });
  assert.deepEqual(list.json.items.map((x) => x.status).sort(), ['rejected', 'verified']);
});

test('assignments: enterprises assigned to a registered broker (one at a time, also at once); the enterprise reads and may end it; the broker reads its demands', async () => {
  const { user, entry: br } = await registered();
  const A = `${LIST}/${br.id}/assignments`;
  assert422(await api(s.url, 'POST', A, { token: user.token, body: { enterprise_org_id: org.scu, since: dayCST(-7) } }), 'enterprise_org_id', 'a university is not an enterprise');
  assert422(await api(s.url, 'POST', A, { token: user.token, body: { enterprise_org_id: org.ybln, since: dayCST(), until: dayCST(-1) } }), 'until');
  // the same enterprise assigned by four requests at once: one assignment
  const all = await Promise.all([0, 1, 2, 3].map(() => api(s.url, 'POST', A, { token: user.token, body: { enterprise_org_id: org.ybln, since: dayCST(-7), note: '驻企服务' } })));
  assert.deepEqual(all.map((r) => r.status).sort(), [201, 409, 409, 409], all.map((r) => r.text).join('\n'));
  const asg = all.find((r) => r.status === 201).json;
  assert.equal(asg.status, 'active');
  assert.equal(asg.enterprise_name, '宜宾锂能动力电池有限公司');
  // an officer of the region assigns another
  const rx = await api(s.url, 'POST', A, { token: tok.officer, body: { enterprise_org_id: org.rxw, since: dayCST(-7), org_id: org.tfjs } });
  assert.equal(rx.status, 201, rx.text);
  assert.equal((await stats(br.id)).assigned, 2);
  // the enterprise (a party) reads its assignment; others do not
  assert.equal((await api(s.url, 'GET', `/api/v1/broker-assignments/${asg.id}`, { token: tok.enterprise })).status, 200);
  assert.equal((await api(s.url, 'GET', `/api/v1/broker-assignments/${asg.id}`, { token: tok.researcher })).status, 404);
  // the broker reads the demands of the enterprises assigned, also those not yet public
  const sub = await makeDemand(s.url, { owner: tok.enterprise, reviewer: tok.reviewer }, 'submitted', { title: `${TAG} 待审核的电解液需求` });
  const draft = await makeDemand(s.url, { owner: tok.enterprise, reviewer: tok.reviewer }, 'draft', { title: `${TAG} 草稿需求` });
  const d = await api(s.url, 'GET', `${LIST}/${br.id}/demands`, { token: user.token });
  assert.equal(d.status, 200, d.text);
  assert.ok(d.json.items.some((x) => x.id === sub.id), 'a submitted demand of an assigned enterprise');
  assert.ok(!d.json.items.some((x) => x.id === draft.id), 'never a draft');
  assert.ok(d.json.items.every((x) => x.org_id === org.ybln || x.org_id === org.rxw));
  assert.deepEqual(d.json.enterprises.map((x) => x.org_id).sort(), [org.ybln, org.rxw].sort());
  // an officer of the region and the broker's org admin read them; other brokers and orgs do not
  assert.equal((await api(s.url, 'GET', `${LIST}/${br.id}/demands`, { token: tok.officer })).status, 200);
  assert.equal((await api(s.url, 'GET', `${LIST}/${br.id}/demands`, { token: tfjsAdmin.token })).status, 200);
  for (const who of ['broker', 'enterprise', 'researcher']) assert.equal((await api(s.url, 'GET', `${LIST}/${br.id}/demands`, { token: tok[who] })).status, 403, who);
  assert.equal((await api(s.url, 'GET', `${LIST}/${br.id}/demands`)).status, 401);
  // the enterprise ends it: its demands leave the broker's view
  const end = await act(s.url, tok.enterprise, 'broker-assignments', asg.id, 'end');
  assert.equal(end.status, 200, end.text);
  assert.equal(end.json.ended_on, dayCST());
  const after1 = await api(s.url, 'GET', `${LIST}/${br.id}/demands`, { token: user.token });
  assert.ok(!after1.json.items.some((x) => x.id === sub.id));
  assert.equal((await stats(br.id)).assigned, 1);
  // and it may be assigned again
  assert.equal((await api(s.url, 'POST', A, { token: user.token, body: { enterprise_org_id: org.ybln, since: dayCST() } })).status, 201);
  // a suspended broker takes no new enterprise
  await act(s.url, tok.officer, 'brokers', br.id, 'suspend', { comment: '暂停' });
  assert.equal((await api(s.url, 'POST', A, { token: user.token, body: { enterprise_org_id: org.rxw, since: dayCST() } })).status, 409);
});

test('a broker\'s figures come from their deals: taken, contacted, signed, rate, exact median days to sign, decline reasons; the ranking; stats verify agrees', async () => {
  const { user, entry: br } = await registered();
  const dem = await makeDemand(s.url, { owner: tok.enterprise, reviewer: tok.reviewer }, 'published', { title: `${TAG} 硅碳负极首效提升` });
  const achs = [];
  for (let i = 0; i < 7; i++) achs.push(await makeAchievement(s.url, { owner: tok.researcher, reviewer: tok.reviewer }, 'published', { title: `${TAG} 预锂化技术 ${i}` }));
  const deal = async (i) => {
    const c = await api(s.url, 'POST', '/api/v1/deals', { token: user.token, body: { demand_id: dem.id, achievement_id: achs[i].id } });
    assert.equal(c.status, 201, c.text);
    const r = await act(s.url, user.token, 'deals', c.json.id, 'recommend');
    assert.equal(r.json.recommended_on, dayCST());
    return c.json.id;
  };
  const signAfter = async (id, days) => {
    assert.equal((await act(s.url, user.token, 'deals', id, 'contact')).status, 200);
    assert.equal((await act(s.url, tok.enterprise, 'deals', id, 'negotiate')).status, 200);
    setData(id, 'recommended_on', dayCST(-days)); // as if recommended `days` ago
    assert.equal((await act(s.url, tok.enterprise, 'deals', id, 'sign')).status, 200);
  };
  let f = await stats(br.id);
  assert.equal(f.taken, 0);
  assert.equal(f.signed_rate, null);
  assert.equal(f.median_days_to_sign, null);
  const ids = [];
  for (let i = 0; i < 6; i++) ids.push(await deal(i));
  await signAfter(ids[0], 10);
  await signAfter(ids[1], 4);
  f = await stats(br.id);
  assert.equal(f.signed, 2);
  assert.equal(f.median_days_to_sign, 7, 'the mean of the two middle values');
  await signAfter(ids[2], 20);
  // one declined by the buyer for price after contact, one declined by the seller for ip before contact
  assert.equal((await act(s.url, user.token, 'deals', ids[3], 'contact')).status, 200);
  assert.equal((await act(s.url, tok.enterprise, 'deals', ids[3], 'decline', { decline_code: 'price' })).status, 200);
  assert.equal((await act(s.url, tok.researcher, 'deals', ids[4], 'decline', { decline_code: 'ip' })).status, 200);
  f = await stats(br.id);
  assert.equal(f.taken, 6);
  assert.equal(f.open, 1);
  assert.equal(f.contacted, 4, 'the three signed and the one declined after contact');
  assert.equal(f.signed, 3);
  assert.equal(f.declined, 2);
  assert.equal(f.signed_rate, 50);
  assert.equal(f.median_days_to_sign, 10);
  assert.deepEqual(f.decline_reasons, { price: 1, maturity: 0, ip: 1, fit: 0, timing: 0, other: 0 });
  // the ranking: registered brokers by signed deals, the demo's broker (one signed) below
  const rank = await api(s.url, 'GET', '/api/v1/stats/brokers?by=signed&limit=10');
  assert.equal(rank.status, 200, rank.text);
  const mine = rank.json.items.find((x) => x.user_id === user.id);
  assert.ok(mine, rank.text);
  assert.equal(mine.broker_id, br.id);
  assert.equal(mine.value, 3);
  assert.equal(mine.figures.signed_rate, 50);
  const values = rank.json.items.map((x) => x.value);
  assert.deepEqual(values, [...values].sort((a, b) => b - a));
  const demo = rank.json.items.find((x) => x.name?.startsWith('孙经纪'));
  assert.ok(demo && demo.rank > mine.rank, rank.text);
  assert.equal((await api(s.url, 'GET', '/api/v1/stats/brokers?by=taken&limit=1')).json.items.length, 1);
  assert422(await api(s.url, 'GET', '/api/v1/stats/brokers?by=luck'), 'by');
  assert422(await api(s.url, 'GET', '/api/v1/stats/brokers?limit=0'), 'limit');
  // an account with deals but no registry entry is not ranked
  const stranger = await makeUser(s.url, tok.admin, { roles: ['broker'], org_id: org.tfjs, prefix: 'brx' });
  const c = await api(s.url, 'POST', '/api/v1/deals', { token: stranger.token, body: { demand_id: dem.id, achievement_id: achs[6].id } });
  assert.equal(c.status, 201, c.text);
  await act(s.url, stranger.token, 'deals', c.json.id, 'recommend');
  assert.ok(!(await api(s.url, 'GET', '/api/v1/stats/brokers?by=taken&limit=100')).json.items.some((x) => x.user_id === stranger.id));
  // a suspended broker leaves the ranking
  await act(s.url, tok.officer, 'brokers', br.id, 'suspend', { comment: '暂停' });
  assert.ok(!(await api(s.url, 'GET', '/api/v1/stats/brokers?limit=100')).json.items.some((x) => x.user_id === user.id));
  // the counts equal a recount
  const v = kz(['stats', 'verify'], { db: s.db });
  assert.equal(v.status, 0, v.stdout + v.stderr);
});

test('成都\'s broker training and broker title subsidies are rules over the registry: evaluated with the reasons, and found for the broker\'s org (政策找企业)', async () => {
  const policy = async (title) => (await api(s.url, 'GET', `/api/v1/policies?q=${encodeURIComponent(title)}&status=in_force`)).json.items.find((p) => p.title === title);
  const training = await policy('成都市技术经纪人培训补贴');
  const title = await policy('成都市技术经纪人职称奖励');
  assert.ok(training && title, 'the demo\'s two broker policies are in force');
  assert.deepEqual([training.subject_kind, title.subject_kind], ['broker_training', 'broker']);
  const evaluate = (p, id, token) => api(s.url, 'POST', `/api/v1/policies/${p.id}/evaluate`, { token, body: { subject_id: id } });
  // the demo broker 孙经纪: two verified trainings (48 and 64 hours) and one waiting (16 hours)
  const sun = (await api(s.url, 'GET', `${LIST}?q=${encodeURIComponent('孙经纪')}`)).json.items.find((x) => x.name === '孙经纪');
  const trs = (await api(s.url, 'GET', `${LIST}/${sun.id}/trainings`, { token: tok.broker })).json.items;
  const t64 = trs.find((t) => t.hours === 64), t16 = trs.find((t) => t.hours === 16);
  let r = await evaluate(training, t64.id, tok.broker);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.eligible, r.json.amount_fen], [true, 200000]);
  r = await evaluate(training, t16.id, tok.broker);
  assert.equal(r.json.eligible, false);
  const unmet = r.json.explanation.filter((x) => x.step === 'condition' && !x.met).map((x) => x.text);
  assert.ok(unmet.some((t) => t.startsWith('培训记录已核验：不满足')) && unmet.some((t) => t.startsWith('不少于 40 学时：不满足')), unmet.join('\n'));
  // a registered intermediate broker qualifies for the title award; a junior one does not, and is told why
  r = await evaluate(title, sun.id, tok.broker);
  assert.deepEqual([r.json.eligible, r.json.amount_fen], [true, 500000], r.text);
  const junior = await makeUser(s.url, tok.admin, { roles: ['broker'], org_id: org.tfjs, prefix: 'brj' });
  const c = await api(s.url, 'POST', LIST, { token: junior.token, body: entry(junior.id, { level: 'junior' }) });
  await act(s.url, junior.token, 'brokers', c.json.id, 'submit');
  await act(s.url, tok.officer, 'brokers', c.json.id, 'register');
  r = await evaluate(title, c.json.id, junior.token);
  assert.equal(r.json.eligible, false);
  assert.ok(r.json.explanation.some((x) => x.text.startsWith('中级及以上技术经纪人：不满足')), r.text);
  // 政策找企业: the broker's org qualifies for both, and is one condition short for the junior
  const e = await api(s.url, 'GET', `/api/v1/orgs/${org.tfjs}/eligible-policies`, { token: tfjsAdmin.token });
  assert.equal(e.status, 200, e.text);
  assert.ok(e.json.eligible.some((x) => x.policy_id === title.id && x.subject_id === sun.id && x.amount_fen === 500000), e.text);
  assert.ok(e.json.eligible.some((x) => x.policy_id === training.id && x.subject_id === t64.id), e.text);
  assert.equal(e.json.nearly.find((x) => x.policy_id === title.id && x.subject_id === c.json.id)?.missing, '中级及以上技术经纪人', e.text);
});
