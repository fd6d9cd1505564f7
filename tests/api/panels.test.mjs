// Expert panels (src/kinds/panel.c, src/domain/panel.c; PRODUCT.md §7 "expert panels", issue 15
// item 3), against the real binary: a panel formed for a challenge's 论证 or 评审, experts
// proposed by field and excluded for each rule of conflict of interest (same org, team member,
// co-worker by shared records, declared), the material shown only after the declaration, sealed
// weighted score sheets, the trimmed mean at close, the challenge waiting for its panel, the
// audit chain. Expectations are written from PRODUCT.md and the issue, not read from the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, loginAll, login, orgIdByName, act, auditRows, notificationsOf, stopClean, assert422,
  makeChallenge, makeChallengeApp, achievementBody,
} from './lib.mjs';

let s;
let tok;
const org = {};
const TAG = `Pn${process.pid}x${Date.now().toString(36)}`;
let seq = 0;

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  org.cdkj = await orgIdByName(s.url, '成都市科学技术局');
  org.scu = await orgIdByName(s.url, '四川大学');
  org.uestc = await orgIdByName(s.url, '电子科技大学');
  org.swjtu = await orgIdByName(s.url, '西南交通大学');
  org.rxw = await orgIdByName(s.url, '成都锐芯微电子科技有限公司');
  org.ybln = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
});
after(() => stopClean(s));

/** An expert user of org_id named name (display name "name（…）"), with a profile. */
async function expert(org_id, { name, fields = ['38'], availability = 'available', conflict_org_ids = [], roles = ['expert'] } = {}) {
  const username = `${TAG}_e${++seq}`.toLowerCase();
  const display_name = `${name ?? `专家${seq}`}（测试）`;
  const c = await api(s.url, 'POST', '/api/v1/users', { token: tok.admin, body: { username, display_name, roles, org_id, password: 'Passw0rd-xyz!' } });
  assert.equal(c.status, 201, c.text);
  const t = (await login(s.url, username, 'Passw0rd-xyz!')).token;
  const p = await api(s.url, 'PUT', '/api/v1/me/expert-profile', { token: t, body: { title: '教授', fields, specialty: '锂电材料', availability, conflict_org_ids } });
  assert.equal(p.status, 200, p.text);
  return { id: c.json.id, token: t, username };
}

const CRITERIA = [
  { key: 'tech', name: '技术先进性', weight: 50, max: 10 },
  { key: 'feas', name: '方案可行性', weight: 30, max: 100 },
  { key: 'team', name: '团队能力', weight: 20, max: 3 },
];
/** Σ weight × score ÷ max in hundredths, rounded half up (exact rational arithmetic). */
function total(scores) {
  // common denominator 300 (lcm of 10, 100, 3)
  const num = CRITERIA.reduce((n, c) => n + BigInt(c.weight) * BigInt(scores[c.key]) * 100n * (300n / BigInt(c.max)), 0n);
  return Number((2n * num + 300n) / 600n);
}

const panelBody = (over = {}) => ({ title: `${TAG} 论证专家组 ${++seq}`, purpose: 'challenge_argue', criteria: CRITERIA, quorum: 3, ...over });
const members = (id, body, token = tok.officer) => api(s.url, 'POST', `/api/v1/panels/${id}/members`, { token, body });
const score = (id, token, body) => api(s.url, 'POST', `/api/v1/panels/${id}/scores`, { token, body });

async function newPanel(status = 'screening', over = {}) {
  const ch = await makeChallenge(s.url, tok.officer, org.cdkj, status);
  const p = await api(s.url, 'POST', `/api/v1/challenges/${ch.id}/panels`, { token: tok.officer, body: panelBody(over) });
  assert.equal(p.status, 201, p.text);
  return { ch, panel: p.json };
}

test('an expert keeps a profile: 职称, fields, availability, declared conflicts; others may not', async () => {
  const e = await expert(org.swjtu, { fields: ['38', '3841'], conflict_org_ids: [org.rxw] });
  const g = await api(s.url, 'GET', '/api/v1/me/expert-profile', { token: e.token });
  assert.equal(g.status, 200);
  assert.deepEqual(g.json.fields, ['38', '3841']);
  assert.deepEqual(g.json.conflict_org_ids, [org.rxw]);
  assert.equal(g.json.availability, 'available');
  assert.equal((await api(s.url, 'PUT', '/api/v1/me/expert-profile', { token: tok.enterprise, body: { title: '工程师', fields: ['38'], availability: 'available' } })).status, 403);
  assert422(await api(s.url, 'PUT', '/api/v1/me/expert-profile', { token: e.token, body: { title: '教授', fields: ['ZZ9'], availability: 'available' } }), 'fields', 'unknown industry code');
  assert422(await api(s.url, 'PUT', '/api/v1/me/expert-profile', { token: e.token, body: { title: '教授', fields: ['38'], availability: 'sometimes' } }), 'availability', 'unknown availability');
  const still = await api(s.url, 'GET', '/api/v1/me/expert-profile', { token: e.token });
  assert.deepEqual(still.json, g.json, 'a refused PUT changes nothing');
  const audit = await auditRows(s.url, tok.admin, 'expert_profile', e.id);
  assert.equal(audit.length, 1);
});

test('a panel is formed for a challenge at its stage, with weights summing to 100, and copies its region', async () => {
  const { ch, panel } = await newPanel('screening');
  assert.equal(panel.status, 'draft');
  assert.equal(panel.target_id, ch.id);
  assert.equal(panel.target_title, ch.title);
  assert.equal(panel.region, ch.region);
  assert.equal(panel.quorum, 3);
  assert.equal(panel.conflict_years, 3);
  // 论证 only in 初筛, 评审 only once closed
  const draftCh = await makeChallenge(s.url, tok.officer, org.cdkj, 'draft');
  assert.equal((await api(s.url, 'POST', `/api/v1/challenges/${draftCh.id}/panels`, { token: tok.officer, body: panelBody() })).status, 409);
  assert.equal((await api(s.url, 'POST', `/api/v1/challenges/${ch.id}/panels`, { token: tok.officer, body: panelBody({ purpose: 'challenge_review' }) })).status, 409);
  assert422(await api(s.url, 'POST', `/api/v1/challenges/${ch.id}/panels`, { token: tok.officer, body: panelBody({ criteria: [{ key: 'a', name: '甲', weight: 60, max: 10 }, { key: 'b', name: '乙', weight: 30, max: 10 }] }) }), 'criteria', 'weights 90');
  assert422(await api(s.url, 'POST', `/api/v1/challenges/${ch.id}/panels`, { token: tok.officer, body: panelBody({ criteria: [{ key: 'a', name: '甲', weight: 50, max: 10 }, { key: 'a', name: '乙', weight: 50, max: 10 }] }) }), 'criteria', 'duplicate key');
  assert422(await api(s.url, 'POST', `/api/v1/challenges/${ch.id}/panels`, { token: tok.officer, body: panelBody({ items: [] }) }), 'items', 'items are the panel\'s own');
  // an enterprise does not form panels
  assert.equal((await api(s.url, 'POST', `/api/v1/challenges/${ch.id}/panels`, { token: tok.enterprise, body: panelBody() })).status, 403);
  const list = await api(s.url, 'GET', `/api/v1/challenges/${ch.id}/panels`, { token: tok.officer });
  assert.deepEqual(list.json.items.map((p) => p.id), [panel.id]);
});

test('conflicts of interest: same org, team member, co-worker by shared records, declared — each excludes', async () => {
  const ch = await makeChallenge(s.url, tok.officer, org.cdkj, 'published');
  // 四川大学 leads with 锐芯微 as partner; its team has 张明
  const app = await makeChallengeApp(s.url, tok.org_admin, ch.id, 'submitted', { partner_org_ids: [org.rxw], team: ['张明 教授 四川大学', '李华 高级工程师'] });
  for (const a of ['close', 'review']) assert.equal((await act(s.url, tok.officer, 'challenges', ch.id, a)).status, 200);
  const p = await api(s.url, 'POST', `/api/v1/challenges/${ch.id}/panels`, { token: tok.officer, body: panelBody({ purpose: 'challenge_review', title: `${TAG} 评审专家组` }) });
  assert.equal(p.status, 201, p.text);
  const id = p.json.id;

  const sameOrg = await expert(org.scu, { name: '同单位' });
  const partnerOrg = await expert(org.rxw, { name: '合作方' });
  const team = await expert(org.swjtu, { name: '张明' });
  const declared = await expert(org.uestc, { name: '自报', conflict_org_ids: [org.scu] });
  // a co-worker: entered an achievement for 四川大学 as its researcher, then moved to 西南交大
  const mover = await expert(org.scu, { name: '调动', roles: ['expert', 'researcher'] });
  const ach = await api(s.url, 'POST', '/api/v1/achievements', { token: mover.token, body: achievementBody({ title: `${TAG} 固态电解质界面修饰技术` }) });
  assert.equal(ach.status, 201, ach.text);
  const cur = await api(s.url, 'GET', `/api/v1/users/${mover.id}`, { token: tok.admin });
  const mv = await api(s.url, 'PATCH', `/api/v1/users/${mover.id}`, { token: tok.admin, body: { org_id: org.swjtu }, headers: { 'If-Match': `"v${cur.json.version}"` } });
  assert.equal(mv.status, 200, mv.text);
  const clean = await expert(org.swjtu, { name: '无关' });

  const rules = {};
  for (const [who, rule] of [[sameOrg, 'same_org'], [partnerOrg, 'same_org'], [team, 'team'], [declared, 'declared'], [mover, 'coworker']]) {
    const r = await members(id, { action: 'invite', user_id: who.id });
    assert.equal(r.status, 409, `${rule}: ${r.text}`);
    assert.ok(r.json.error.fields?.user_id, r.text);
    rules[rule] = r.json.error.fields.user_id;
  }
  assert.match(rules.same_org, /同属一单位/);
  assert.match(rules.team, /团队成员/);
  assert.match(rules.declared, /本人声明/);
  assert.match(rules.coworker, /共事/);
  // with conflict_years 0 the co-worker rule is off (a new panel: this one is no longer a draft? it is — edit it)
  const ok = await members(id, { action: 'invite', user_id: clean.id });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'invited');
  const m = await api(s.url, 'GET', `/api/v1/panels/${id}/members`, { token: tok.officer });
  assert.deepEqual(m.json.items.map((x) => x.user_id), [clean.id], 'refused invitations change nothing');

  // the proposals list the clean expert and exclude the conflicted ones with their reasons
  const cand = await api(s.url, 'GET', `/api/v1/panels/${id}/candidates`, { token: tok.officer });
  assert.equal(cand.status, 200, cand.text);
  const proposed = cand.json.items.map((x) => x.user_id);
  const excluded = Object.fromEntries(cand.json.excluded.map((x) => [x.user_id, x.conflicts.map((c) => c.rule)]));
  assert.ok(!proposed.includes(clean.id), 'already on the panel');
  for (const who of [sameOrg, partnerOrg, team, declared, mover]) assert.ok(!proposed.includes(who.id), `${who.username} proposed`);
  assert.ok(excluded[team.id]?.includes('team'));
  assert.ok(excluded[mover.id]?.includes('coworker'));
  assert.ok(excluded[declared.id]?.includes('declared'));
  assert.equal((await api(s.url, 'GET', `/api/v1/panels/${id}/candidates`, { token: tok.enterprise })).status, 404);

  // a panel with conflict_years 0 does not look for co-workers
  const p0 = await api(s.url, 'PATCH', `/api/v1/panels/${id}`, { token: tok.officer, body: { conflict_years: 0 }, headers: { 'If-Match': `"v${p.json.version}"` } });
  assert.equal(p0.status, 200, p0.text);
  assert.equal((await members(id, { action: 'invite', user_id: mover.id })).status, 200);
});

test('the whole panel: invite, open, declare before material, sealed sheets, quorum, trimmed mean, the challenge waits', async () => {
  const { ch, panel } = await newPanel('screening', { quorum: 3 });
  const id = panel.id;
  const ex = [];
  for (let i = 0; i < 6; i++) ex.push(await expert([org.swjtu, org.uestc, org.scu][i % 3], { name: `评审${i}` }));
  // an expert who is not an expert cannot be invited; nobody else invites
  assert422(await members(id, { action: 'invite', user_id: (await api(s.url, 'GET', '/api/v1/me', { token: tok.enterprise })).json.id }), 'user_id', 'not an expert');
  assert.equal((await members(id, { action: 'invite', user_id: ex[0].id }, tok.enterprise)).status, 404);
  assert.equal((await members(id, { action: 'invite', user_id: ex[0].id }, ex[1].token)).status, 404);
  // six invited at once: one each, none twice
  const inv = await Promise.all(ex.map((e) => members(id, { action: 'invite', user_id: e.id })));
  assert.deepEqual(inv.map((r) => r.status), [200, 200, 200, 200, 200, 200]);
  const twice = await Promise.all([members(id, { action: 'invite', user_id: ex[0].id }), members(id, { action: 'invite', user_id: ex[0].id })]);
  assert.deepEqual(twice.map((r) => r.status), [409, 409]);

  // before it opens the experts do not see it
  assert.equal((await api(s.url, 'GET', '/api/v1/me/reviews', { token: ex[0].token })).json.items.length, 0);
  // the challenge's 论证 waits for the panel
  const early = await act(s.url, tok.officer, 'challenges', ch.id, 'argue', { comment: '同意发榜' });
  assert.equal(early.status, 409, early.text);

  const opened = await act(s.url, tok.officer, 'panels', id, 'open');
  assert.equal(opened.status, 200, opened.text);
  assert.equal(opened.json.items.length, 1);
  assert.equal(opened.json.items[0].id, ch.id);
  // told, and listed in 我的评审
  const notes = await notificationsOf(s.url, ex[0].token);
  assert.ok(notes.items.some((n) => n.entity === 'panel' && n.entity_id === id), JSON.stringify(notes.items.slice(0, 3)));
  const mine = await api(s.url, 'GET', '/api/v1/me/reviews', { token: ex[0].token });
  assert.equal(mine.json.items[0].panel_id, id);
  assert.equal(mine.json.items[0].status, 'invited');
  assert.equal(mine.json.items[0].items, 1);

  // no material, no score before the declaration; not a member: 404
  const noMat = await api(s.url, 'GET', `/api/v1/panels/${id}/material`, { token: ex[0].token });
  assert.equal(noMat.status, 409, noMat.text);
  const sheet = { item_id: ch.id, scores: { tech: 7, feas: 65, team: 2 }, comment: '目标明确，指标可考核' };
  assert.equal((await score(id, ex[0].token, sheet)).status, 409);
  assert.equal((await api(s.url, 'GET', `/api/v1/panels/${id}/material`, { token: tok.enterprise })).status, 404);
  const outsider = await expert(org.swjtu, { name: '局外' });
  assert.equal((await api(s.url, 'GET', `/api/v1/panels/${id}/material`, { token: outsider.token })).status, 404);
  assert.equal((await score(id, outsider.token, sheet)).status, 404);
  // nobody declares for another
  assert.equal((await members(id, { action: 'declare', user_id: ex[1].id }, ex[0].token)).status, 403);

  for (const e of ex) assert.equal((await members(id, { action: 'declare' }, e.token)).status, 200);
  const mat = await api(s.url, 'GET', `/api/v1/panels/${id}/material`, { token: ex[0].token });
  assert.equal(mat.status, 200, mat.text);
  assert.equal(mat.json.items[0].record.goal, ch.goal);
  assert.deepEqual(mat.json.criteria, CRITERIA);

  // bad sheets change nothing
  assert422(await score(id, ex[0].token, { ...sheet, scores: { tech: 7, feas: 65 } }), 'scores', 'a criterion missing');
  assert422(await score(id, ex[0].token, { ...sheet, scores: { tech: 11, feas: 65, team: 2 } }), 'scores', 'above the top score');
  assert422(await score(id, ex[0].token, { ...sheet, scores: { tech: 7, feas: 65, team: 2, extra: 1 } }), 'scores', 'an unknown criterion');
  assert422(await score(id, ex[0].token, { ...sheet, item_id: ch.id + 100000 }), 'item_id', 'not an item');
  assert422(await score(id, ex[0].token, { ...sheet, comment: '' }), 'comment', 'no comment');

  // one expert recuses (the reason is required) and its sheet is dropped
  assert422(await members(id, { action: 'recuse' }, ex[5].token), 'comment', 'recusal without reason');
  assert.equal((await score(id, ex[5].token, { ...sheet, scores: { tech: 0, feas: 0, team: 0 } })).status, 200);
  const rec = await members(id, { action: 'recuse', comment: '与发榜单位有合作项目' }, ex[5].token);
  assert.equal(rec.status, 200);
  assert.equal(rec.json.status, 'recused');
  assert.equal((await api(s.url, 'GET', `/api/v1/panels/${id}/material`, { token: ex[5].token })).status, 409);

  // five sheets at once; each total is Σ weight × score ÷ top, half up
  const sheets = [
    { tech: 7, feas: 65, team: 2 }, { tech: 9, feas: 80, team: 3 }, { tech: 4, feas: 30, team: 1 },
    { tech: 8, feas: 71, team: 2 }, { tech: 10, feas: 99, team: 3 },
  ];
  const put = await Promise.all(sheets.map((sc, i) => score(id, ex[i].token, { item_id: ch.id, scores: sc, comment: `评审意见 ${i}` })));
  put.forEach((r, i) => {
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total_c, total(sheets[i]));
    assert.equal(r.json.member_status, 'scored');
  });
  assert.equal(put[0].json.total_c, 6783, '35 + 19.5 + 13.33… = 67.83');

  // sealed: the convener sees who has scored, not the scores; an expert sees its own only
  const conv = await api(s.url, 'GET', `/api/v1/panels/${id}/scores`, { token: tok.officer });
  assert.equal(conv.json.sealed, true);
  assert.equal(conv.json.sheets.length, 0);
  assert.equal(conv.json.result, null);
  assert.equal(conv.json.progress.filter((p) => p.scored_items === 1).length, 5);
  const own = await api(s.url, 'GET', `/api/v1/panels/${id}/scores`, { token: ex[1].token });
  assert.deepEqual(own.json.sheets.map((x) => x.user_id), [ex[1].id]);
  assert.equal(own.json.sheets[0].total_c, total(sheets[1]));
  // the audit row seals the sheet: a hash, no scores
  const arow = (await auditRows(s.url, tok.admin, 'panel_score', `${id}:${ex[0].id}:${ch.id}`))[0];
  assert.ok(arow, 'a sheet is in the audit chain');
  const after = typeof arow.after === 'string' ? JSON.parse(arow.after) : arow.after;
  assert.match(after.sheet_sha256, /^[0-9a-f]{64}$/);
  assert.ok(!JSON.stringify(after).includes('"tech"'));
  // no changes once open
  assert.equal((await api(s.url, 'PATCH', `/api/v1/panels/${id}`, { token: tok.officer, body: { quorum: 1 }, headers: { 'If-Match': `"v${opened.json.version}"` } })).status, 409);

  const closed = await act(s.url, tok.officer, 'panels', id, 'close');
  assert.equal(closed.status, 200, closed.text);
  const totals = sheets.map(total).sort((a, b) => a - b);
  const kept = totals.slice(1, -1);
  const want = Number((2n * BigInt(kept.reduce((a, b) => a + b, 0)) + 3n) / 6n);
  const [res] = closed.json.result;
  assert.equal(res.n, 5);
  assert.equal(res.trimmed, true);
  assert.equal(res.trimmed_mean_c, want);
  assert.equal(res.min_c, totals[0]);
  assert.equal(res.max_c, totals[4]);
  assert.equal(res.spread_c, totals[4] - totals[0]);
  assert.equal(res.rank, 1);
  // unsealed for the panel's readers and its members
  const open = await api(s.url, 'GET', `/api/v1/panels/${id}/scores`, { token: ex[2].token });
  assert.equal(open.json.sealed, false);
  assert.equal(open.json.sheets.length, 5);
  assert.equal(open.json.result[0].trimmed_mean_c, want);
  // no sheet after the close; now the challenge may be argued
  assert.equal((await score(id, ex[0].token, { ...sheet })).status, 409);
  assert.equal((await act(s.url, tok.officer, 'challenges', ch.id, 'argue', { comment: '专家组论证通过' })).status, 200);

  // every invitation, declaration, completion and recusal is in the audit chain (it had scored)
  const trail = await auditRows(s.url, tok.admin, 'panel_member', `${id}:${ex[5].id}`);
  assert.deepEqual(trail.map((r) => r.action), ['invite', 'declare', 'scored', 'recuse']);
});

test('the quorum: a panel with too few complete sheets does not close; withdrawn and recused do not count', async () => {
  const { panel } = await newPanel('screening', { quorum: 2 });
  const id = panel.id;
  const a = await expert(org.swjtu, { name: '甲' });
  const b = await expert(org.uestc, { name: '乙' });
  for (const e of [a, b]) assert.equal((await members(id, { action: 'invite', user_id: e.id })).status, 200);
  assert422(await members(id, { action: 'withdraw', user_id: b.id }), 'comment', 'a withdrawal without reason');
  assert.equal((await members(id, { action: 'withdraw', user_id: b.id, comment: '档期冲突' })).status, 200);
  assert.equal((await act(s.url, tok.officer, 'panels', id, 'open')).status, 200);
  assert.equal((await members(id, { action: 'declare' }, b.token)).status, 404, 'a withdrawn expert is no member');
  assert.equal((await members(id, { action: 'declare' }, a.token)).status, 200);
  const p = await api(s.url, 'GET', `/api/v1/panels/${id}`, { token: tok.officer });
  assert.equal((await score(id, a.token, { item_id: p.json.target_id, scores: { tech: 5, feas: 50, team: 1 }, comment: '一般' })).status, 200);
  // a sheet may be replaced before the close: one sheet, the new scores
  const again = await score(id, a.token, { item_id: p.json.target_id, scores: { tech: 6, feas: 50, team: 1 }, comment: '复核后调整' });
  assert.equal(again.status, 200, again.text);
  const own = (await api(s.url, 'GET', `/api/v1/panels/${id}/scores`, { token: a.token })).json.sheets;
  assert.deepEqual(own.map((x) => [x.total_c, x.comment]), [[total({ tech: 6, feas: 50, team: 1 }), '复核后调整']]);
  // a member who has scored is not withdrawn (it may recuse itself)
  const w = await members(id, { action: 'withdraw', user_id: a.id, comment: '调整专家' });
  assert.equal(w.status, 409, w.text);
  const r = await act(s.url, tok.officer, 'panels', id, 'close');
  assert.equal(r.status, 409, r.text);
  assert.match(r.text, /少于最少 2 份/);
  const still = await api(s.url, 'GET', `/api/v1/panels/${id}`, { token: tok.officer });
  assert.equal(still.json.status, 'open');
  // cancel needs a reason
  assert422(await act(s.url, tok.officer, 'panels', id, 'cancel'), 'comment', 'cancel without reason');
  assert.equal((await act(s.url, tok.officer, 'panels', id, 'cancel', { comment: '榜单撤回' })).status, 200);
});

test('a 评审 panel scores each application and ranks them', async () => {
  const ch = await makeChallenge(s.url, tok.officer, org.cdkj, 'published', { mode: 'race' });
  const a1 = await makeChallengeApp(s.url, tok.org_admin, ch.id, 'submitted', { team: ['王五 教授'] });
  const a2 = await makeChallengeApp(s.url, tok.enterprise, ch.id, 'submitted', { team: ['赵六 工程师'] });
  for (const a of ['close', 'review']) assert.equal((await act(s.url, tok.officer, 'challenges', ch.id, a)).status, 200);
  const p = await api(s.url, 'POST', `/api/v1/challenges/${ch.id}/panels`, { token: tok.officer, body: panelBody({ purpose: 'challenge_review', quorum: 1 }) });
  assert.equal(p.status, 201, p.text);
  const e = await expert(org.swjtu, { name: '评审甲' });
  assert.equal((await members(p.json.id, { action: 'invite', user_id: e.id })).status, 200);
  const o = await act(s.url, tok.officer, 'panels', p.json.id, 'open');
  assert.equal(o.status, 200, o.text);
  assert.deepEqual(o.json.items.map((x) => x.id).sort(), [a1.id, a2.id].sort());
  assert.equal((await members(p.json.id, { action: 'declare' }, e.token)).status, 200);
  const mat = await api(s.url, 'GET', `/api/v1/panels/${p.json.id}/material`, { token: e.token });
  assert.deepEqual(mat.json.items.map((x) => x.kind), ['challenge_application', 'challenge_application']);
  assert.ok(mat.json.items.every((x) => x.record.plan), 'the applications are the material');
  const s1 = await score(p.json.id, e.token, { item_id: a1.id, scores: { tech: 6, feas: 60, team: 2 }, comment: '可行' });
  assert.equal(s1.json.member_status, 'declared', 'one of two items scored');
  const s2 = await score(p.json.id, e.token, { item_id: a2.id, scores: { tech: 9, feas: 90, team: 3 }, comment: '优秀' });
  assert.equal(s2.json.member_status, 'scored');
  // the award waits for the panel
  assert.equal((await act(s.url, tok.officer, 'challenges', ch.id, 'award')).status, 409);
  const c = await act(s.url, tok.officer, 'panels', p.json.id, 'close');
  assert.equal(c.status, 200, c.text);
  const rank = Object.fromEntries(c.json.result.map((r) => [r.id, r.rank]));
  assert.equal(rank[a2.id], 1);
  assert.equal(rank[a1.id], 2);
  assert.equal(c.json.result.find((r) => r.id === a1.id).trimmed, false);
});
