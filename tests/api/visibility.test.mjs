// Visibility in tiers (issue 3 §3; PRODUCT.md §2): anonymous users and unrelated roles see
// published cards only; drafts and unpublished records of other orgs answer 404 (for GET, history,
// PATCH and transitions); the owner org sees everything of its own with the confidential detail;
// reviewers see everything past draft; officers everything past draft in their region; admin all.
// Lists show only what the actor may see and never the detail. Access requests lift a card to the
// detail for one user, decided by the owner org, audited and revocable. Demands: published, matched
// and closed ones are public. Every expectation below is a literal table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, loginAll, orgIdByName, makeAchievement, makeDemand, makeUser, act,
  auditRows, notificationsOf, ALL_ROLES,
} from './lib.mjs';

let s;
let tok; // role -> token
const org = {};
const VTAG = `VisT${process.pid}x${Date.now().toString(36)}`;
const A = {}; // name -> id
const D = {};

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  tok.researcher_uestc = (await login(s.url, 'researcher_uestc')).token; // a researcher of another university
  tok.enterprise_rxw = (await login(s.url, 'enterprise')).token; // enterprise + org_admin of 锐芯微 (成都)
  org.scu = await orgIdByName(s.url, '四川大学');
  org.swust = await orgIdByName(s.url, '西南科技大学');
  const resMy = await makeUser(s.url, tok.admin, { roles: ['researcher'], org_id: org.swust, prefix: 'vis_my' });
  tok.researcher_swust = resMy.token;

  const scu = { owner: tok.researcher, reviewer: tok.reviewer, admin: tok.admin };
  const my = { owner: resMy.token, reviewer: tok.reviewer, admin: tok.admin };
  const title = (n) => `${VTAG} ${n} 可见性测试成果`;
  const spec = [
    ['A1', scu, 'draft', {}],
    ['A2', scu, 'submitted', {}],
    ['A3', scu, 'screening', {}],
    ['A4', scu, 'published', {}],
    ['A5', scu, 'published', { detail: null }],
    ['A6', my, 'submitted', { region: '510703' }],
    ['A7', my, 'published', { region: '510703' }],
    ['A8', scu, 'rejected', {}],
    ['A9', scu, 'withdrawn', {}],
  ];
  for (const [n, who, st, over] of spec) A[n] = (await makeAchievement(s.url, who, st, { title: title(n), ...over })).id;

  const yb = { owner: tok.enterprise, reviewer: tok.reviewer };
  const rxw = { owner: tok.enterprise_rxw, reviewer: tok.reviewer };
  const dtitle = (n) => `${VTAG} ${n} 可见性测试需求`;
  const dspec = [
    ['D1', yb, 'draft', {}],
    ['D2', yb, 'submitted', {}],
    ['D3', yb, 'published', {}],
    ['D4', yb, 'matched', {}],
    ['D5', yb, 'closed', {}],
    ['D6', yb, 'rejected', {}],
    ['D7', rxw, 'submitted', { region: '510107', industry: '3973' }],
  ];
  for (const [n, who, st, over] of dspec) D[n] = (await makeDemand(s.url, who, st, { title: dtitle(n), ...over })).id;
});
after(async () => {
  if (!s) return;
  const ex = await s.stop();
  const stderr = s.stderr;
  s.cleanup();
  assert.deepEqual(ex, { code: 0, signal: null }, `server exit ${JSON.stringify(ex)}: ${stderr.slice(-2000)}`);
});

/* F: full (200 with the detail), C: card (200, no detail), N: 404.
 *              A1 draft, A2 submitted, A3 screening, A4 published, A5 published without detail,
 *              A6 submitted (绵阳), A7 published (绵阳), A8 rejected, A9 withdrawn */
const ACH = {
  anonymous:        'N N N C C N C N N',
  researcher:       'F F F F F N C F F',
  org_admin:        'F F F F F N C F F',
  researcher_uestc: 'N N N C C N C N N',
  researcher_swust: 'N N N C C F F N N',
  enterprise:       'N N N C C N C N N',
  broker:           'N N N C C N C N N',
  expert:           'N N N C C N C N N',
  reviewer:         'N F F F F F F F F',
  officer:          'N F F F F N C F F',
  admin:            'F F F F F F F F F',
};
const ANAMES = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9'];
const HAS_DETAIL = { A5: false };

test('achievements: GET /{id} per role — 404, the public card, or the full record with the detail', async () => {
  const failures = [];
  for (const [role, row] of Object.entries(ACH)) {
    const tiers = row.split(' ');
    for (const [i, n] of ANAMES.entries()) {
      const want = tiers[i];
      const r = await api(s.url, 'GET', `/api/v1/achievements/${A[n]}`, { token: tok[role] });
      const got = r.status === 404 ? 'N' : r.status !== 200 ? `status ${r.status}` : 'detail' in r.json ? 'F' : 'C';
      if (got !== want) { failures.push(`${role} GET ${n}: ${got}, want ${want}`); continue; }
      if (r.status === 404) {
        if (r.json?.error?.code !== 'not_found') failures.push(`${role} ${n}: 404 without not_found`);
        if (r.text.includes(VTAG)) failures.push(`${role} ${n}: the 404 reveals the record`);
        continue;
      }
      const hasDetail = HAS_DETAIL[n] ?? true;
      if (r.json.has_detail !== hasDetail) failures.push(`${role} ${n}: has_detail ${r.json.has_detail}`);
      if (r.json.detail_visible !== (want === 'F')) failures.push(`${role} ${n}: detail_visible ${r.json.detail_visible}`);
      if (want === 'F' && hasDetail && !/^保密：/.test(r.json.detail || '')) failures.push(`${role} ${n}: detail ${r.json.detail}`);
      if (want === 'C' && r.text.includes('保密：')) failures.push(`${role} ${n}: the detail text is in the card`);
      if (r.json.title !== `${VTAG} ${n} 可见性测试成果`) failures.push(`${role} ${n}: title`);
    }
  }
  assert.deepEqual(failures, []);
});

test('achievements: GET /{id}/history follows the same tiers; card viewers never see the detail in a revision', async () => {
  const failures = [];
  for (const [role, row] of Object.entries(ACH)) {
    const tiers = row.split(' ');
    for (const [i, n] of ANAMES.entries()) {
      const want = tiers[i];
      const r = await api(s.url, 'GET', `/api/v1/achievements/${A[n]}/history`, { token: tok[role] });
      if ((want === 'N') !== (r.status === 404) || (want !== 'N' && r.status !== 200)) { failures.push(`${role} history ${n}: ${r.status}, want ${want}`); continue; }
      if (want === 'N') continue;
      const items = r.json.items;
      if (!items.length) failures.push(`${role} history ${n}: empty`);
      const shows = items.some((it) => 'detail' in it.data || it.changed.includes('detail')) || r.text.includes('保密：');
      if (want === 'C' && shows) failures.push(`${role} history ${n}: the detail is in the history of a card`);
      if (want === 'F' && (HAS_DETAIL[n] ?? true) && !r.text.includes('保密：')) failures.push(`${role} history ${n}: the detail is missing for a full viewer`);
    }
  }
  assert.deepEqual(failures, []);
});

test('achievements: PATCH and transitions on a record the actor cannot see → 404 (anonymous → 401); nothing changes', async () => {
  const failures = [];
  for (const [role, row] of Object.entries(ACH)) {
    if (role === 'admin') continue;
    const tiers = row.split(' ');
    for (const [i, n] of ANAMES.entries()) {
      if (tiers[i] !== 'N') continue;
      const want = role === 'anonymous' ? 401 : 404;
      const before0 = (await api(s.url, 'GET', `/api/v1/achievements/${A[n]}`, { token: tok.admin })).json;
      const p = await api(s.url, 'PATCH', `/api/v1/achievements/${A[n]}`, { token: tok[role], body: { price_fen: 1 } });
      if (p.status !== want) failures.push(`${role} PATCH ${n}: ${p.status}, want ${want}`);
      for (const action of ['submit', 'accept', 'withdraw', 'frobnicate']) {
        const t = await act(s.url, tok[role], 'achievements', A[n], action);
        if (t.status !== want) failures.push(`${role} ${action} ${n}: ${t.status}, want ${want}`);
      }
      const ar = await api(s.url, 'POST', `/api/v1/achievements/${A[n]}/access-requests`, { token: tok[role], body: { reason: '希望了解技术细节' } });
      if (ar.status !== want) failures.push(`${role} access request on ${n}: ${ar.status}, want ${want}`);
      const al = await api(s.url, 'GET', `/api/v1/achievements/${A[n]}/access-requests`, { token: tok[role] });
      if (al.status !== want) failures.push(`${role} access request list of ${n}: ${al.status}, want ${want}`);
      const after0 = (await api(s.url, 'GET', `/api/v1/achievements/${A[n]}`, { token: tok.admin })).json;
      if (JSON.stringify(after0) !== JSON.stringify(before0)) failures.push(`${role} on ${n}: the record changed`);
    }
  }
  assert.deepEqual(failures, []);
});

test('achievements: the list shows each role exactly what it may see (totals per role), never the detail', async () => {
  const failures = [];
  for (const [role, row] of Object.entries(ACH)) {
    const tiers = row.split(' ');
    const want = ANAMES.filter((n, i) => tiers[i] !== 'N').map((n) => A[n]).sort((a, b) => b - a);
    const r = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(VTAG)}&limit=100`, { token: tok[role] });
    if (r.status !== 200) { failures.push(`${role}: ${r.status}`); continue; }
    if (r.json.total !== want.length) failures.push(`${role}: total ${r.json.total}, want ${want.length}`);
    if (JSON.stringify(r.json.items.map((i) => i.id)) !== JSON.stringify(want)) failures.push(`${role}: items ${r.json.items.map((i) => i.id)} want ${want}`);
    if (r.json.items.some((i) => 'detail' in i) || r.text.includes('保密：')) failures.push(`${role}: the detail in the list`);
    // facets count the same records
    const f = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(VTAG)}&facets=1`, { token: tok[role] });
    const sum = f.json.facets.city.reduce((a, x) => a + x.count, 0);
    if (sum !== want.length) failures.push(`${role}: facets.city add up to ${sum}, want ${want.length}`);
    // a status filter cannot reveal more
    const d = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(VTAG)}&status=draft`, { token: tok[role] });
    const wantDraft = tiers[0] === 'N' ? 0 : 1;
    if (d.json.total !== wantDraft) failures.push(`${role}: status=draft total ${d.json.total}, want ${wantDraft}`);
  }
  assert.deepEqual(failures, []);
  // the expected totals, spelled out
  const totals = {};
  for (const role of ALL_ROLES) totals[role] = (await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(VTAG)}`, { token: tok[role] })).json.total;
  assert.deepEqual(totals, { anonymous: 3, researcher: 8, org_admin: 8, enterprise: 3, broker: 3, expert: 3, reviewer: 8, officer: 7, admin: 9 });
});

/* ---------------- access requests ---------------- */

test('access request: a card viewer asks (201, Location), a second pending → 409, full viewers → 409, hidden → 404, bad reason → 422', async () => {
  const id = A.A7; // published, 西南科技大学
  const r = await api(s.url, 'POST', `/api/v1/achievements/${id}/access-requests`, { token: tok.broker, body: { reason: '受宜宾企业委托洽谈许可' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.headers.get('location'), `/api/v1/access-requests/${r.json.id}`);
  assert.equal(r.json.status, 'pending');
  assert.equal(r.json.achievement_id, id);
  assert.equal(r.json.reason, '受宜宾企业委托洽谈许可');
  const again = await api(s.url, 'POST', `/api/v1/achievements/${id}/access-requests`, { token: tok.broker, body: { reason: '再次申请' } });
  assert.equal(again.status, 409, again.text);
  for (const role of ['researcher_swust', 'reviewer', 'admin']) {
    const x = await api(s.url, 'POST', `/api/v1/achievements/${id}/access-requests`, { token: tok[role], body: { reason: '我已能看到详情' } });
    assert.equal(x.status, 409, `${role}: ${x.text}`);
  }
  // the 成都 officer sees only the card of a 绵阳 record: may ask
  const off = await api(s.url, 'POST', `/api/v1/achievements/${id}/access-requests`, { token: tok.officer, body: { reason: '辖区外成果，了解技术细节' } });
  assert.equal(off.status, 201, off.text);
  assert.equal((await api(s.url, 'POST', `/api/v1/achievements/${id}/access-requests`, { body: { reason: '匿名申请' } })).status, 401);
  for (const body of [{}, { reason: '' }, { reason: 'x'.repeat(501) }, { reason: 5 }]) {
    const b = await api(s.url, 'POST', `/api/v1/achievements/${A.A4}/access-requests`, { token: tok.expert, body });
    assert.equal(b.status, 422, `${JSON.stringify(body)}: ${b.text}`);
    assert.ok('reason' in b.json.error.fields);
  }
  assert.equal((await api(s.url, 'POST', `/api/v1/achievements/${A.A2}/access-requests`, { token: tok.expert, body: { reason: '未发布成果' } })).status, 404);
  assert.equal((await api(s.url, 'POST', '/api/v1/achievements/987654321/access-requests', { token: tok.expert, body: { reason: '不存在的成果' } })).status, 404);
  // who sees which requests: the owner org all, the requester its own, others none
  const list = async (t) => (await api(s.url, 'GET', `/api/v1/achievements/${id}/access-requests`, { token: t })).json.items.map((x) => x.requester.username).sort();
  assert.deepEqual(await list(tok.researcher_swust), ['broker', 'officer']);
  assert.deepEqual(await list(tok.admin), ['broker', 'officer']);
  assert.deepEqual(await list(tok.broker), ['broker']);
  assert.deepEqual(await list(tok.expert), []);
  assert.deepEqual(await list(tok.enterprise), []);
  // the owner hears of the request
  const n = (await notificationsOf(s.url, tok.researcher_swust)).items.filter((x) => x.entity_id === id && x.kind === 'access_request');
  assert.equal(n.length, 2);
});

test('access request: approve → the requester sees the detail (never in lists); revoke → no longer; decline; each decision audited', async () => {
  const id = A.A4; // published, 四川大学
  const card = async (t) => (await api(s.url, 'GET', `/api/v1/achievements/${id}`, { token: t })).json;
  assert.ok(!('detail' in await card(tok.enterprise)));
  const rq = await api(s.url, 'POST', `/api/v1/achievements/${id}/access-requests`, { token: tok.enterprise, body: { reason: '拟引进该技术用于负极产线' } });
  assert.equal(rq.status, 201, rq.text);
  const rid = rq.json.id;
  const decide = (t, action, comment) => api(s.url, 'POST', `/api/v1/access-requests/${rid}/decision`, { token: t, body: comment ? { action, comment } : { action } });

  // only the owner org (or admin) decides: the requester 403, everyone else 404
  assert.equal((await decide(tok.enterprise, 'approve')).status, 403);
  for (const role of ['broker', 'expert', 'reviewer', 'officer', 'researcher_uestc', 'researcher_swust']) {
    assert.equal((await decide(tok[role], 'approve')).status, 404, role);
  }
  assert.equal((await decide(undefined, 'approve')).status, 401);
  const bad = await decide(tok.researcher, 'grant');
  assert.equal(bad.status, 422, bad.text);
  assert.ok('action' in bad.json.error.fields);
  assert.ok(!('detail' in await card(tok.enterprise)), 'a refused decision granted access');
  // revoking a pending request is not a thing
  assert.equal((await decide(tok.researcher, 'revoke')).status, 409);

  const ap = await decide(tok.researcher, 'approve', '同意查看，请遵守保密约定');
  assert.equal(ap.status, 200, ap.text);
  assert.equal(ap.json.status, 'approved');
  let c = await card(tok.enterprise);
  assert.match(c.detail || '', /^保密：/, 'approved but no detail');
  assert.equal(c.detail_visible, true);
  // a second request now → 409 (already sees it); approving twice → 409
  assert.equal((await api(s.url, 'POST', `/api/v1/achievements/${id}/access-requests`, { token: tok.enterprise, body: { reason: '再次申请' } })).status, 409);
  assert.equal((await decide(tok.org_admin, 'approve')).status, 409);
  // lists stay cards; other users are not affected
  const l = await api(s.url, 'GET', `/api/v1/achievements?q=${encodeURIComponent(VTAG)}&limit=100`, { token: tok.enterprise });
  assert.ok(!l.json.items.some((i) => 'detail' in i));
  assert.ok(!('detail' in await card(tok.broker)));
  assert.ok(!('detail' in await card(undefined)));
  // the requester is told
  const n = (await notificationsOf(s.url, tok.enterprise)).items.filter((x) => x.entity_id === id && x.kind === 'access_decision');
  assert.equal(n.length, 1);

  const rv = await decide(tok.org_admin, 'revoke', '合作洽谈结束');
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.json.status, 'revoked');
  c = await card(tok.enterprise);
  assert.ok(!('detail' in c), 'revoked but the detail is still shown');
  assert.equal(c.detail_visible, false);
  const h = await api(s.url, 'GET', `/api/v1/achievements/${id}/history`, { token: tok.enterprise });
  assert.ok(!h.text.includes('保密：'), 'revoked but the detail is in the history');

  // audit: create → approve → revoke, with the comments
  const rows = await auditRows(s.url, tok.admin, 'access_request', rid);
  assert.deepEqual(rows.map((r) => r.action), ['create', 'approve', 'revoke']);
  assert.equal(rows[1].after.status, 'approved');
  assert.equal(rows[1].after.comment, '同意查看，请遵守保密约定');
  assert.equal(rows[2].before.status, 'approved');
  assert.equal(rows[2].after.status, 'revoked');
  assert.match(rows[1].actor, /researcher/);
  assert.match(rows[2].actor, /tto_scu/);

  // decline: no access; a new request may follow
  const rq2 = await api(s.url, 'POST', `/api/v1/achievements/${id}/access-requests`, { token: tok.expert, body: { reason: '评审需要' } });
  assert.equal(rq2.status, 201, rq2.text);
  const dc = await api(s.url, 'POST', `/api/v1/access-requests/${rq2.json.id}/decision`, { token: tok.admin, body: { action: 'decline', comment: '理由不充分' } });
  assert.equal(dc.status, 200, dc.text);
  assert.equal(dc.json.status, 'declined');
  assert.ok(!('detail' in await card(tok.expert)));
  assert.equal((await api(s.url, 'POST', `/api/v1/access-requests/${rq2.json.id}/decision`, { token: tok.admin, body: { action: 'approve' } })).status, 409);
  assert.deepEqual((await auditRows(s.url, tok.admin, 'access_request', rq2.json.id)).map((r) => r.action), ['create', 'decline']);
  assert.equal((await api(s.url, 'POST', `/api/v1/achievements/${id}/access-requests`, { token: tok.expert, body: { reason: '补充理由后再次申请' } })).status, 201);
  assert.equal((await api(s.url, 'POST', '/api/v1/access-requests/987654321/decision', { token: tok.admin, body: { action: 'approve' } })).status, 404);
});

/* ---------------- demands ---------------- */

/* Y: 200, N: 404.   D1 draft, D2 submitted, D3 published, D4 matched, D5 closed, D6 rejected (all 宜宾锂能,
 * 511502); D7 submitted (锐芯微, 成都 510107). */
const DEM = {
  anonymous:      'N N Y Y Y N N',
  researcher:     'N N Y Y Y N N',
  org_admin:      'N N Y Y Y N N',
  enterprise:     'Y Y Y Y Y Y N',
  enterprise_rxw: 'N N Y Y Y N Y',
  broker:         'N N Y Y Y N N',
  expert:         'N N Y Y Y N N',
  reviewer:       'N Y Y Y Y Y Y',
  officer:        'N N Y Y Y N Y',
  admin:          'Y Y Y Y Y Y Y',
};
const DNAMES = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7'];

test('demands: GET /{id} and /history per role — published, matched and closed are public; the rest only to the owner org, reviewers, officers of the region, admin', async () => {
  const failures = [];
  for (const [role, row] of Object.entries(DEM)) {
    const tiers = row.split(' ');
    for (const [i, n] of DNAMES.entries()) {
      const want = tiers[i] === 'Y' ? 200 : 404;
      const g = await api(s.url, 'GET', `/api/v1/demands/${D[n]}`, { token: tok[role] });
      if (g.status !== want) failures.push(`${role} GET ${n}: ${g.status}, want ${want}`);
      if (g.status === 404 && g.text.includes(VTAG)) failures.push(`${role} ${n}: the 404 reveals the record`);
      const h = await api(s.url, 'GET', `/api/v1/demands/${D[n]}/history`, { token: tok[role] });
      if (h.status !== want) failures.push(`${role} history ${n}: ${h.status}, want ${want}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('demands: PATCH and transitions on a demand the actor cannot see → 404 (anonymous → 401); the list per role', async () => {
  const failures = [];
  for (const [role, row] of Object.entries(DEM)) {
    const tiers = row.split(' ');
    for (const [i, n] of DNAMES.entries()) {
      if (tiers[i] !== 'N') continue;
      const want = role === 'anonymous' ? 401 : 404;
      const p = await api(s.url, 'PATCH', `/api/v1/demands/${D[n]}`, { token: tok[role], body: { budget_max_fen: 900000000 } });
      if (p.status !== want) failures.push(`${role} PATCH ${n}: ${p.status}, want ${want}`);
      for (const action of ['submit', 'publish', 'match', 'frobnicate']) {
        const t = await act(s.url, tok[role], 'demands', D[n], action);
        if (t.status !== want) failures.push(`${role} ${action} ${n}: ${t.status}, want ${want}`);
      }
    }
    const wantIds = DNAMES.filter((n, i) => tiers[i] === 'Y').map((n) => D[n]).sort((a, b) => b - a);
    const l = await api(s.url, 'GET', `/api/v1/demands?q=${encodeURIComponent(VTAG)}&limit=100`, { token: tok[role] });
    if (l.json.total !== wantIds.length) failures.push(`${role} list: total ${l.json.total}, want ${wantIds.length}`);
    if (JSON.stringify(l.json.items.map((x) => x.id)) !== JSON.stringify(wantIds)) failures.push(`${role} list: ${l.json.items.map((x) => x.id)}, want ${wantIds}`);
    const f = await api(s.url, 'GET', `/api/v1/demands?q=${encodeURIComponent(VTAG)}&facets=1`, { token: tok[role] });
    const sum = f.json.facets.kind.reduce((a, x) => a + x.count, 0);
    if (sum !== wantIds.length) failures.push(`${role}: facets.kind add up to ${sum}, want ${wantIds.length}`);
  }
  assert.deepEqual(failures, []);
  const totals = {};
  for (const role of ALL_ROLES) totals[role] = (await api(s.url, 'GET', `/api/v1/demands?q=${encodeURIComponent(VTAG)}`, { token: tok[role] })).json.total;
  assert.deepEqual(totals, { anonymous: 3, researcher: 3, org_admin: 3, enterprise: 6, broker: 3, expert: 3, reviewer: 6, officer: 4, admin: 7 });
});
