// 揭榜挂帅 challenges (src/kinds/challenge.c; PRODUCT.md §7, issue 15 item 4): a challenge
// through 征集 → 初筛 → 论证 → 发榜 → 揭榜 → 评审 → 签约立项 → milestones with 中期检查 and 拨付 →
// 验收, against the real binary. Applications and milestones are children of their challenge
// (/challenges/{id}/applications, /challenges/{id}/milestones): created under a challenge the
// actor may read, in the states that take them, with the challenge's issuer as their party.
// The bad input of the issue: an application after the deadline, a fifth partner, a second
// winner of a single-winner challenge (also under concurrent requests), contract amounts above
// the budget, 验收 passed with an indicator not met. The solver subsidy is 30 % of the contract
// amount by default, in 分, rounded half up. Expectations are written from PRODUCT.md and the
// issue, not read from the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, loginAll, orgIdByName, act, auditRows, notificationsOf, stopClean, assert422,
  makeUser, sql, challengeBody, challengeAppBody, makeChallenge as makeChallengeIn, dayCST,
} from './lib.mjs';

let s;
let tok;
const org = {};
const TAG = `ChT${process.pid}x${Date.now().toString(36)}`;
const LIST = '/api/v1/challenges';
const path = (id) => `${LIST}/${id}`;
const apps = (id) => `${LIST}/${id}/applications`;
const miles = (id) => `${LIST}/${id}/milestones`;
const day = (d) => dayCST(d);

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  org.cdkj = await orgIdByName(s.url, '成都市科学技术局');
  org.scu = await orgIdByName(s.url, '四川大学');
  org.ybln = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  org.rxw = await orgIdByName(s.url, '成都锐芯微电子科技有限公司');
  org.sdxc = await orgIdByName(s.url, '四川蜀道新材料科技有限公司');
  org.dyzz = await orgIdByName(s.url, '德阳重型智造装备有限公司');
  org.mysk = await orgIdByName(s.url, '绵阳数控精密机械有限公司');
  org.pxft = await orgIdByName(s.url, '攀西钒钛新材料科技有限公司');
  // a user of a partner org, to see what a partner reads
  tok.bureau = (await makeUser(s.url, tok.admin, { roles: ['org_admin'], org_id: org.cdkj, prefix: 'chb' })).token;
  tok.partner = (await makeUser(s.url, tok.admin, { roles: ['enterprise'], org_id: org.rxw, prefix: 'chp' })).token;
});
after(() => stopClean(s));

const body = (over = {}) => challengeBody({ title: `${TAG} 高镍正极材料热失控抑制技术攻关`, deadline: day(30), org_id: org.cdkj, ...over });
const appBody = (over = {}) => challengeAppBody({ title: `${TAG} 梯度包覆高镍正极热稳定性提升方案`, partner_org_ids: [org.rxw], ...over });

/** A challenge the officer issues for the bureau, stepped by it to `status`. */
async function makeChallenge(status = 'draft', over = {}) {
  const rec = await makeChallengeIn(s.url, tok.officer, org.cdkj, status, body(over));
  assert.equal(rec.status, status);
  return rec;
}

async function apply(ch, token, over = {}) {
  const c = await api(s.url, 'POST', apps(ch.id), { token, body: appBody(over) });
  assert.equal(c.status, 201, c.text);
  const r = await act(s.url, token, 'challenge-applications', c.json.id, 'submit');
  assert.equal(r.status, 200, r.text);
  return r.json;
}

test('a government challenge from 征集 to 发榜: defaults, issuer kind, the 论证 opinion, public from 发榜 on, audited', async () => {
  const c = await makeChallenge('draft');
  assert.equal(c.mode, 'single');
  assert.equal(c.solver_subsidy_pct, 30);
  assert.equal(c.org_id, org.cdkj);
  assert.equal((await api(s.url, 'GET', path(c.id))).status, 404, 'a draft is not public');
  assert.equal((await api(s.url, 'GET', path(c.id), { token: tok.enterprise })).status, 404);
  let r = await act(s.url, tok.officer, 'challenges', c.id, 'submit');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.issuer_kind, 'government');
  r = await act(s.url, tok.researcher, 'challenges', c.id, 'screen');
  assert.equal(r.status, 404, 'a researcher does not even see a submitted challenge of another org');
  r = await act(s.url, tok.officer, 'challenges', c.id, 'screen');
  assert.equal(r.json.status, 'screening');
  r = await act(s.url, tok.officer, 'challenges', c.id, 'argue');
  assert422(r, 'comment');
  r = await act(s.url, tok.officer, 'challenges', c.id, 'argue', { comment: '论证通过' });
  assert.equal(r.json.opinion, '论证通过');
  assert.equal((await api(s.url, 'GET', path(c.id))).status, 404, 'not public before 发榜');
  r = await act(s.url, tok.officer, 'challenges', c.id, 'publish');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'published');
  const pub = await api(s.url, 'GET', path(c.id));
  assert.equal(pub.status, 200);
  assert.equal(pub.json.title, c.title);
  const l = await api(s.url, 'GET', `${LIST}?q=${encodeURIComponent(TAG)}&status=published`);
  assert.ok(l.json.items.some((x) => x.id === c.id));
  const audit = await auditRows(s.url, tok.admin, 'challenge', c.id);
  assert.deepEqual(audit.map((x) => x.action), ['create', 'submit', 'screen', 'argue', 'publish']);
});

test('an enterprise issues its own challenge (issuer_kind enterprise); bad input → 422 naming the field, nothing stored', async () => {
  const own = body({ region: '511502', title: `${TAG} 企业发榜 电池回收` });
  delete own.org_id;
  const c = await api(s.url, 'POST', LIST, { token: tok.enterprise, body: own });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.org_id, org.ybln);
  const r = await act(s.url, tok.enterprise, 'challenges', c.json.id, 'submit');
  assert.equal(r.json.issuer_kind, 'enterprise');
  const cases = [
    [{ title: 'x' }, 'title'],
    [{ indicators: [] }, 'indicators'],
    [{ indicators: ['同一指标', '同一指标'] }, 'indicators'],
    [{ budget_fen: 0 }, 'budget_fen'],
    [{ budget_fen: 1.5 }, 'budget_fen'],
    [{ deadline: '2026-02-30' }, 'deadline'],
    [{ mode: 'lottery' }, 'mode'],
    [{ solver_subsidy_pct: 101 }, 'solver_subsidy_pct'],
    [{ winners: [] }, 'winners'],
    [{ issuer_kind: 'government' }, 'issuer_kind'],
    [{ awarded_fen: 1 }, 'awarded_fen'],
  ];
  const before = (await api(s.url, 'GET', `${LIST}?q=${encodeURIComponent(TAG)}`, { token: tok.admin })).json.total;
  for (const [over, field] of cases) {
    const b = { ...own, ...over };
    const x = await api(s.url, 'POST', LIST, { token: tok.enterprise, body: b });
    assert422(x, field, JSON.stringify(over));
  }
  const after = (await api(s.url, 'GET', `${LIST}?q=${encodeURIComponent(TAG)}`, { token: tok.admin })).json.total;
  assert.equal(after, before);
  // 发榜 needs a deadline ahead
  const late = await makeChallenge('argued', { deadline: day(-1) });
  const p = await act(s.url, tok.officer, 'challenges', late.id, 'publish');
  assert422(p, 'deadline');
  assert.equal((await api(s.url, 'GET', path(late.id), { token: tok.officer })).json.status, 'argued');
});

test('揭榜: the lead org applies with partners under the challenge; the issuer and the partners read it once submitted, others do not', async () => {
  const ch = await makeChallenge('published');
  const draft = await api(s.url, 'POST', apps(ch.id), { token: tok.researcher, body: appBody() });
  assert.equal(draft.status, 201, draft.text);
  const a = draft.json;
  assert.equal(draft.headers.get('location'), `/api/v1/challenge-applications/${a.id}`);
  assert.equal(a.challenge_id, ch.id);
  assert.equal(a.org_id, org.scu);
  assert.equal(a.issuer_org_id, org.cdkj);
  assert.equal(a.challenge_title, ch.title);
  assert.equal(a.region, ch.region);
  // a draft is the lead's alone
  assert.equal((await api(s.url, 'GET', `/api/v1/challenge-applications/${a.id}`, { token: tok.partner })).status, 404);
  const sub = await act(s.url, tok.researcher, 'challenge-applications', a.id, 'submit');
  assert.equal(sub.status, 200, sub.text);
  for (const who of ['officer', 'partner', 'org_admin']) {
    const g = await api(s.url, 'GET', `/api/v1/challenge-applications/${a.id}`, { token: tok[who] });
    assert.equal(g.status, 200, `${who} reads it`);
    assert.equal(g.json.plan, appBody().plan);
  }
  for (const who of ['anonymous', 'enterprise', 'broker', 'expert']) {
    const g = await api(s.url, 'GET', `/api/v1/challenge-applications/${a.id}`, { token: tok[who] });
    assert.equal(g.status, 404, `${who} does not`);
  }
  // the challenge's applications: the issuer sees them, an outsider sees none of them
  const mine = await api(s.url, 'GET', apps(ch.id), { token: tok.officer });
  assert.deepEqual(mine.json.items.map((x) => x.id), [a.id]);
  assert.equal(mine.json.total, 1);
  const other = await api(s.url, 'GET', apps(ch.id), { token: tok.enterprise });
  assert.equal(other.status, 200);
  assert.equal(other.json.total, 0);
  // the partner finds it in its own list
  const pl = await api(s.url, 'GET', `/api/v1/challenge-applications?challenge_id=${ch.id}`, { token: tok.partner });
  assert.deepEqual(pl.json.items.map((x) => x.id), [a.id]);
  // the partner does not submit or withdraw it
  const w = await act(s.url, tok.partner, 'challenge-applications', a.id, 'withdraw');
  assert.equal(w.status, 403);
  const audit = await auditRows(s.url, tok.admin, 'challenge_application', a.id);
  assert.deepEqual(audit.map((x) => x.action), ['create', 'submit']);
  for (const who of ['bureau']) { // the issuer's org admins (a partner's too; its enterprise user is not one)
    const notes = (await notificationsOf(s.url, tok[who])).items;
    assert.ok(notes.some((n) => n.entity === 'challenge_application' && n.entity_id === a.id), `${who} is told`);
  }
});

test('揭榜 bad input: a fifth partner, the lead as its own partner, an unknown partner, a challenge named in the body, a challenge not open, after the deadline, the issuer itself', async () => {
  const ch = await makeChallenge('published');
  const five = [org.rxw, org.sdxc, org.dyzz, org.mysk, org.pxft];
  assert422(await api(s.url, 'POST', apps(ch.id), { token: tok.researcher, body: appBody({ partner_org_ids: five }) }), 'partner_org_ids');
  assert422(await api(s.url, 'POST', apps(ch.id), { token: tok.researcher, body: appBody({ partner_org_ids: [org.rxw, org.rxw] }) }), 'partner_org_ids');
  assert422(await api(s.url, 'POST', apps(ch.id), { token: tok.researcher, body: appBody({ challenge_id: ch.id }) }), 'challenge_id');
  assert422(await api(s.url, 'POST', apps(ch.id), { token: tok.researcher, body: appBody({ contract_amount_fen: 5 }) }), 'contract_amount_fen');
  const four = await api(s.url, 'POST', apps(ch.id), { token: tok.researcher, body: appBody({ partner_org_ids: five.slice(0, 4) }) });
  assert.equal(four.status, 201, 'four partners are fine');
  const self = await api(s.url, 'POST', apps(ch.id), { token: tok.researcher, body: appBody({ partner_org_ids: [org.scu] }) });
  assert.equal(self.status, 201);
  assert422(await act(s.url, tok.researcher, 'challenge-applications', self.json.id, 'submit'), 'partner_org_ids');
  const ghost = await api(s.url, 'POST', apps(ch.id), { token: tok.researcher, body: appBody({ partner_org_ids: [987654321] }) });
  assert422(await act(s.url, tok.researcher, 'challenge-applications', ghost.json.id, 'submit'), 'partner_org_ids');
  // a challenge not yet published, or unknown
  const arg = await makeChallenge('argued');
  assert.equal((await api(s.url, 'POST', apps(arg.id), { token: tok.researcher, body: appBody() })).status, 404, 'not readable yet');
  assert.equal((await api(s.url, 'POST', apps(987654321), { token: tok.researcher, body: appBody() })).status, 404);
  assert.equal((await api(s.url, 'GET', apps(arg.id), { token: tok.researcher })).status, 404);
  const closed = await makeChallenge('closed');
  const cl = await api(s.url, 'POST', apps(closed.id), { token: tok.researcher, body: appBody() });
  assert.equal(cl.status, 409, cl.text);
  // the deadline passed while a draft waited: submit is refused, nothing changes
  const d = await api(s.url, 'POST', apps(ch.id), { token: tok.researcher, body: appBody() });
  const data = `json_set(data, '$.deadline', '${day(-1)}')`;
  sql(s.dbPath, s.db.startsWith('postgres')
    ? `UPDATE kind_records SET data = jsonb_set(data::jsonb, '{deadline}', to_jsonb('${day(-1)}'::text))::text WHERE id = ${ch.id}`
    : `UPDATE kind_records SET data = ${data} WHERE id = ${ch.id}`);
  const late = await act(s.url, tok.researcher, 'challenge-applications', d.json.id, 'submit');
  assert.equal(late.status, 409, late.text);
  assert.match(late.json.error.message, /截止/);
  assert.equal((await api(s.url, 'GET', `/api/v1/challenge-applications/${d.json.id}`, { token: tok.researcher })).json.status, 'draft');
  // the issuer does not take up its own challenge
  const own = await api(s.url, 'POST', apps(ch.id), { token: tok.officer, body: appBody({ org_id: org.cdkj }) });
  assert.ok([403, 409].includes(own.status), own.text);
});

test('评审 and 签约立项 (single): one winner, the contract amount required and within the budget, 30 % subsidy rounded half up; the result is public', async () => {
  const ch = await makeChallenge('published');
  const a = await apply(ch, tok.researcher);
  const b = await apply(ch, tok.enterprise, { partner_org_ids: [], title: `${TAG} 宜宾方案` });
  let r = await act(s.url, tok.officer, 'challenge-applications', a.id, 'shortlist');
  assert.equal(r.status, 409, 'not before the deadline closes it');
  await act(s.url, tok.officer, 'challenges', ch.id, 'close');
  r = await act(s.url, tok.officer, 'challenge-applications', a.id, 'shortlist');
  assert.equal(r.json.status, 'shortlisted');
  r = await act(s.url, tok.officer, 'challenge-applications', b.id, 'shortlist');
  r = await act(s.url, tok.officer, 'challenge-applications', a.id, 'win', { contract_amount_fen: 123456789 });
  assert.equal(r.status, 409, 'the challenge is not in 评审 yet');
  r = await act(s.url, tok.officer, 'challenges', ch.id, 'award');
  assert.equal(r.status, 409, 'award needs 评审 first');
  await act(s.url, tok.officer, 'challenges', ch.id, 'review');
  r = await act(s.url, tok.officer, 'challenges', ch.id, 'award');
  assert.equal(r.status, 409, 'no winner yet');
  assert422(await act(s.url, tok.officer, 'challenge-applications', a.id, 'win'), 'contract_amount_fen');
  assert422(await act(s.url, tok.officer, 'challenge-applications', a.id, 'win', { contract_amount_fen: 500000001 }), 'contract_amount_fen');
  r = await act(s.url, tok.researcher, 'challenge-applications', a.id, 'win', { contract_amount_fen: 123456789 });
  assert.equal(r.status, 403, 'the applicant does not award itself');
  r = await act(s.url, tok.officer, 'challenge-applications', a.id, 'win', { contract_amount_fen: 123456789 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.contract_amount_fen, 123456789);
  assert.equal(r.json.solver_subsidy_fen, 37037037); // 123456789 × 30 % = 37037036.7
  r = await act(s.url, tok.officer, 'challenge-applications', b.id, 'win', { contract_amount_fen: 100 });
  assert.equal(r.status, 409, 'one winner in single mode');
  assert422(await act(s.url, tok.officer, 'challenge-applications', b.id, 'lose'), 'comment');
  r = await act(s.url, tok.officer, 'challenge-applications', b.id, 'lose', { comment: '技术路线成熟度不足' });
  assert.equal(r.json.status, 'lost');
  assert.equal(r.json.reason, '技术路线成熟度不足');
  r = await act(s.url, tok.officer, 'challenges', ch.id, 'award');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'awarded');
  assert.equal(r.json.awarded_fen, 123456789);
  assert.equal(r.json.subsidy_fen, 37037037);
  assert.deepEqual(r.json.winners, [{
    application_id: a.id, org_id: org.scu, org_name: '四川大学', title: a.title,
    contract_amount_fen: 123456789, solver_subsidy_fen: 37037037,
  }]);
  const pub = await api(s.url, 'GET', path(ch.id));
  assert.equal(pub.status, 200);
  assert.equal(pub.json.winners.length, 1, 'the result is published');
  // the won application itself stays with those it concerns
  assert.equal((await api(s.url, 'GET', `/api/v1/challenge-applications/${a.id}`)).status, 404);
});

test('赛马: several winners, each with its contract amount, their sum within the budget', async () => {
  const ch = await makeChallenge('published', { mode: 'race', solver_subsidy_pct: 25, budget_fen: 1000 });
  const a = await apply(ch, tok.researcher, { budget_fen: 600 });
  const b = await apply(ch, tok.enterprise, { budget_fen: 600, partner_org_ids: [] });
  await act(s.url, tok.officer, 'challenges', ch.id, 'close');
  await act(s.url, tok.officer, 'challenges', ch.id, 'review');
  for (const x of [a, b]) await act(s.url, tok.officer, 'challenge-applications', x.id, 'shortlist');
  let r = await act(s.url, tok.officer, 'challenge-applications', a.id, 'win', { contract_amount_fen: 600 });
  assert.equal(r.json.solver_subsidy_fen, 150);
  assert422(await act(s.url, tok.officer, 'challenge-applications', b.id, 'win', { contract_amount_fen: 401 }), 'contract_amount_fen');
  r = await act(s.url, tok.officer, 'challenge-applications', b.id, 'win', { contract_amount_fen: 399 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.solver_subsidy_fen, 100); // 99.75 → 100
  r = await act(s.url, tok.officer, 'challenges', ch.id, 'award');
  assert.equal(r.json.awarded_fen, 999);
  assert.equal(r.json.subsidy_fen, 250);
  assert.deepEqual(r.json.winners.map((w) => w.application_id), [a.id, b.id]);
});

test('concurrent 中榜 of two applications to a single-winner challenge: exactly one wins', async () => {
  const ch = await makeChallenge('published');
  const xs = [];
  for (let i = 0; i < 4; i++) xs.push(await apply(ch, tok.researcher, { title: `${TAG} 并发方案 ${i}`, partner_org_ids: [] }));
  await act(s.url, tok.officer, 'challenges', ch.id, 'close');
  await act(s.url, tok.officer, 'challenges', ch.id, 'review');
  for (const x of xs) await act(s.url, tok.officer, 'challenge-applications', x.id, 'shortlist');
  const rs = await Promise.all(xs.map((x) => act(s.url, tok.officer, 'challenge-applications', x.id, 'win', { contract_amount_fen: 1000 })));
  assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409, 409, 409]);
  const won = await api(s.url, 'GET', `${apps(ch.id)}?status=won`, { token: tok.officer });
  assert.equal(won.json.total, 1);
});

test('milestones: only a winner plans them; 中期检查 with rectification and 拨付; 验收 against every indicator', async () => {
  const ch = await makeChallenge('published');
  const a = await apply(ch, tok.researcher);
  const b = await apply(ch, tok.enterprise, { partner_org_ids: [] });
  let r = await api(s.url, 'POST', miles(ch.id), { token: tok.researcher, body: { title: '中试线搭建', due_on: day(90), deliverables: '建成中试线', amount_fen: 100 } });
  assert.equal(r.status, 409, 'not before 签约立项');
  await act(s.url, tok.officer, 'challenges', ch.id, 'close');
  await act(s.url, tok.officer, 'challenges', ch.id, 'review');
  await act(s.url, tok.officer, 'challenge-applications', a.id, 'shortlist');
  await act(s.url, tok.officer, 'challenge-applications', a.id, 'win', { contract_amount_fen: 200000000 });
  await act(s.url, tok.officer, 'challenges', ch.id, 'award');
  r = await api(s.url, 'POST', miles(ch.id), { token: tok.enterprise, body: { title: '中试线搭建', due_on: day(90), deliverables: '建成中试线', amount_fen: 100 } });
  assert.equal(r.status, 409, 'the loser plans nothing');
  assert.equal(b.status, 'submitted');
  const m = await api(s.url, 'POST', miles(ch.id), { token: tok.researcher, body: { title: '中试线搭建与工艺验证', due_on: day(90), deliverables: '建成 10 吨级中试线，完成 3 批次验证', amount_fen: 80000000 } });
  assert.equal(m.status, 201, m.text);
  assert.equal(m.json.issuer_org_id, org.cdkj);
  let x = await act(s.url, tok.researcher, 'challenge-milestones', m.json.id, 'submit');
  assert.equal(x.json.status, 'planned');
  r = await act(s.url, tok.officer, 'challenges', ch.id, 'start');
  assert.equal(r.json.status, 'in_progress');
  const results = ch.indicators.map((indicator) => ({ indicator, met: true, note: '第三方检测报告' }));
  r = await act(s.url, tok.officer, 'challenges', ch.id, 'pass', { indicator_results: results });
  assert.equal(r.status, 409, 'a milestone is not passed yet');
  assert422(await act(s.url, tok.researcher, 'challenge-milestones', m.json.id, 'report'), 'comment');
  x = await act(s.url, tok.researcher, 'challenge-milestones', m.json.id, 'report', { comment: '中试线已建成，完成 2 批次' });
  assert.equal(x.json.report, '中试线已建成，完成 2 批次');
  x = await act(s.url, tok.officer, 'challenge-milestones', m.json.id, 'rectify', { comment: '需补充第 3 批次数据' });
  assert.equal(x.json.status, 'rectify');
  x = await act(s.url, tok.researcher, 'challenge-milestones', m.json.id, 'report', { comment: '已完成 3 批次' });
  assert422(await act(s.url, tok.officer, 'challenge-milestones', m.json.id, 'pass', { paid_fen: 80000001 }), 'paid_fen');
  x = await act(s.url, tok.researcher, 'challenge-milestones', m.json.id, 'pass', { paid_fen: 80000000 });
  assert.equal(x.status, 403, 'the solver does not pass its own check');
  x = await act(s.url, tok.officer, 'challenge-milestones', m.json.id, 'pass', { paid_fen: 80000000 });
  assert.equal(x.status, 200, x.text);
  assert.equal(x.json.paid_fen, 80000000);
  assert.equal(x.json.paid_on, dayCST());
  // 验收: every indicator once; pass needs all met, fail at least one not met and the reason
  assert422(await act(s.url, tok.officer, 'challenges', ch.id, 'pass'), 'indicator_results');
  assert422(await act(s.url, tok.officer, 'challenges', ch.id, 'pass', { indicator_results: results.slice(1) }), 'indicator_results');
  const oneMissed = [{ ...results[0], met: false }, results[1]];
  assert422(await act(s.url, tok.officer, 'challenges', ch.id, 'pass', { indicator_results: oneMissed }), 'indicator_results');
  assert422(await act(s.url, tok.officer, 'challenges', ch.id, 'fail', { indicator_results: results, comment: 'x' }), 'indicator_results');
  r = await act(s.url, tok.officer, 'challenges', ch.id, 'pass', { indicator_results: results });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'accepted');
  assert.deepEqual(r.json.indicator_results, results);
  const audit = await auditRows(s.url, tok.admin, 'challenge_milestone', m.json.id);
  assert.deepEqual(audit.map((y) => y.action), ['create', 'submit', 'report', 'rectify', 'report', 'pass']);
  const list = await api(s.url, 'GET', miles(ch.id), { token: tok.officer });
  assert.deepEqual(list.json.items.map((y) => y.id), [m.json.id]);
});

test('the issuer withdraws before 发榜; an officer returns (reason) and rejects; no edits once published', async () => {
  const a = await makeChallenge('submitted');
  let r = await act(s.url, tok.officer, 'challenges', a.id, 'return');
  assert422(r, 'comment');
  r = await act(s.url, tok.officer, 'challenges', a.id, 'return', { comment: '请细化考核指标' });
  assert.equal(r.json.status, 'returned');
  assert.equal(r.json.reason, '请细化考核指标');
  const p = await api(s.url, 'PATCH', path(a.id), { token: tok.officer, body: { budget_fen: 600000000 }, headers: { 'If-Match': `"v${r.json.version}"` } });
  assert.equal(p.status, 200, p.text);
  r = await act(s.url, tok.officer, 'challenges', a.id, 'submit');
  assert.equal(r.json.reason, null);
  r = await act(s.url, tok.officer, 'challenges', a.id, 'withdraw');
  assert.equal(r.json.status, 'withdrawn');
  const b = await makeChallenge('published');
  const e = await api(s.url, 'PATCH', path(b.id), { token: tok.officer, body: { budget_fen: 1 }, headers: { 'If-Match': `"v${b.version}"` } });
  assert.equal(e.status, 409);
  r = await act(s.url, tok.officer, 'challenges', b.id, 'withdraw');
  assert.equal(r.status, 409, 'a published challenge is not withdrawn');
  r = await act(s.url, tok.officer, 'challenges', b.id, 'expire');
  assert.equal(r.status, 403, 'the platform closes at the deadline');
});

test('the platform closes a published challenge once its deadline has passed (a restart runs the round at once)', async () => {
  const ch = await makeChallenge('published');
  sql(s.dbPath, s.db.startsWith('postgres')
    ? `UPDATE kind_records SET data = jsonb_set(data::jsonb, '{deadline}', to_jsonb('${day(-2)}'::text))::text WHERE id = ${ch.id}`
    : `UPDATE kind_records SET data = json_set(data, '$.deadline', '${day(-2)}') WHERE id = ${ch.id}`);
  await s.stop();
  s = await startServer({ db: s.db });
  tok = await loginAll(s.url);
  let st;
  for (let i = 0; i < 100; i++) {
    st = (await api(s.url, 'GET', path(ch.id))).json.status;
    if (st === 'closed') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(st, 'closed');
  const audit = await auditRows(s.url, tok.admin, 'challenge', ch.id);
  assert.equal(audit.at(-1).action, 'expire');
});
