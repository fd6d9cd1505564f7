// 政策兑现 reward applications (src/kinds/policy_application.c, issue 17 item 3): an org applies for a
// policy in force on a subject of its own; submission evaluates it (the rule, the budget left, the
// org's yearly cap left) and claims the subject (one application per policy and subject); review,
// approval that freezes the amount — within what the budget has left, even when reviewers approve at
// the same moment — and payment with its date and voucher. Everything audited; the claims and the
// ledger equal a recount (kezhuan stats verify). Expectations are written from the issue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, loginAll, orgIdByName, act, auditRows, stopClean, assert422, policyBody, makeContract, kz, dayCST } from './lib.mjs';

let s;
let tok;
const org = {};
const TODAY = dayCST();

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  org.cdkj = await orgIdByName(s.url, '成都市科学技术局');
  org.scu = await orgIdByName(s.url, '四川大学');
});
after(() => stopClean(s));

const policy = async (over = {}) => {
  const c = await api(s.url, 'POST', '/api/v1/policies', { token: tok.officer, body: policyBody(over) });
  assert.equal(c.status, 201, c.text);
  const r = await act(s.url, tok.officer, 'policies', c.json.id, 'enact');
  assert.equal(r.status, 200, r.text);
  return r.json;
};
// 四川大学 sells to a 成都 enterprise: 核定技术交易额 80 % of the amount; the policy pays 10 % of it
// up to ¥1,000 万 (policyBody's bands)
const contract = (amount_fen = 150000000, over = {}) => makeContract(s.url, { owner: tok.researcher, reviewer: tok.reviewer }, 'registered', {
  amount_fen, buyer_region: '510107', buyer_kind: 'enterprise', ...over,
});
const apply = (policyId, subject_id, token = tok.org_admin, body = {}) =>
  api(s.url, 'POST', `/api/v1/policies/${policyId}/applications`, { token, body: { subject_id, statement: '本单位技术合同已登记，申请兑现。', ...body } });
const step = (token, id, action, extra) => act(s.url, token, 'policy-applications', id, action, extra);
const get = (id, token = tok.admin) => api(s.url, 'GET', `/api/v1/policy-applications/${id}`, { token });

/** An application of 四川大学 on a new contract of amount, moved to `to` (submitted, reviewing). */
async function applied(p, amount, to = 'reviewing') {
  const ct = await contract(amount);
  const c = await apply(p.id, ct.id);
  assert.equal(c.status, 201, c.text);
  const sub = await step(tok.org_admin, c.json.id, 'submit');
  assert.equal(sub.status, 200, sub.text);
  if (to === 'submitted') return sub.json;
  const acc = await step(tok.reviewer, c.json.id, 'accept');
  assert.equal(acc.status, 200, acc.text);
  return acc.json;
}

test('an org applies, is evaluated, reviewed, approved (the amount frozen) and paid; each step audited and told', async () => {
  const p = await policy();
  const ct = await contract(1500000000); // 核定 ¥1,200 万: 10 % of 1,000 万 + 5 % of 200 万 = ¥110 万
  const c = await apply(p.id, ct.id);
  assert.equal(c.status, 201, c.text);
  const a = c.json;
  assert.equal(a.status, 'draft');
  assert.equal(a.org_id, org.scu);
  assert.equal(a.policy_id, p.id);
  assert.equal(a.title, ct.title, 'named after its subject');
  assert.equal(a.policy_title, p.title);
  assert.equal(a.subject_kind, 'contract');
  assert.equal(a.issuer_org_id, org.cdkj);
  assert.equal(a.region, '510100', 'the policy\'s region: its officers review');
  assert.equal((await get(a.id, tok.officer)).status, 404, 'a draft is the applicant\'s');

  const sub = await step(tok.org_admin, a.id, 'submit');
  assert.equal(sub.status, 200, sub.text);
  assert.equal(sub.json.status, 'submitted');
  assert.equal(sub.json.evaluated_fen, 110000000);
  assert.equal(sub.json.submitted_on, TODAY);
  assert.equal(sub.json.policy_version, p.version, 'the version it was evaluated with');
  const lines = sub.json.evaluation.map((x) => x.text);
  assert.ok(lines.some((t) => t.startsWith('卖方为高校院所：满足')), lines.join('\n'));
  assert.ok(lines.some((t) => t.startsWith('政策资金总额 100000000.00 元，已核定 0.00 元')), lines.join('\n'));
  // the issuer's officer and the reviewer read it now: the evidence with the evaluation
  assert.equal((await get(a.id, tok.officer)).status, 200);
  assert.equal((await get(a.id, tok.reviewer)).json.evaluated_fen, 110000000);
  assert.equal((await get(a.id, tok.enterprise)).status, 404, 'another org does not');

  // the applicant does not review; the reviewer takes it in
  assert.equal((await step(tok.org_admin, a.id, 'accept')).status, 403);
  const acc = await step(tok.reviewer, a.id, 'accept');
  assert.equal(acc.json.status, 'reviewing');
  // more than the policy gives → 422 at approved_fen, nothing changes
  assert422(await step(tok.reviewer, a.id, 'approve', { approved_fen: 110000001 }), 'approved_fen', 'over the evaluation');
  assert422(await step(tok.reviewer, a.id, 'approve', { voucher_no: 'X1' }), 'voucher_no', 'a voucher at approval');
  assert.equal((await get(a.id)).json.status, 'reviewing');
  const ok = await step(tok.reviewer, a.id, 'approve');
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual([ok.json.status, ok.json.approved_fen, ok.json.approved_on], ['approved', 110000000, TODAY]);
  // frozen: nobody edits it, and the policy's budget shows it committed
  const patch = await api(s.url, 'PATCH', `/api/v1/policy-applications/${a.id}`, { token: tok.org_admin, body: { statement: '改' }, headers: { 'If-Match': `"v${ok.json.version}"` } });
  assert.equal(patch.status, 409);
  const other = await contract(150000000);
  const ev = await api(s.url, 'POST', `/api/v1/policies/${p.id}/evaluate`, { token: tok.org_admin, body: { subject_id: other.id } });
  assert.equal(ev.json.amount_fen, 12000000);
  assert.equal(ev.json.claimed_by, null);
  assert.ok(ev.json.explanation.some((x) => x.text.startsWith('政策资金总额 100000000.00 元，已核定 1100000.00 元，余额 98900000.00 元')), ev.text);
  const mine = await api(s.url, 'POST', `/api/v1/policies/${p.id}/evaluate`, { token: tok.org_admin, body: { subject_id: ct.id } });
  assert.equal(mine.json.claimed_by, a.id);

  // payment: an officer, with the date and the voucher number
  assert422(await step(tok.officer, a.id, 'pay', { paid_on: TODAY }), 'voucher_no', 'no voucher');
  assert422(await step(tok.officer, a.id, 'pay', { voucher_no: 'CDKJ-2026-0001' }), 'paid_on', 'no date');
  assert422(await step(tok.officer, a.id, 'pay', { paid_on: '2099-01-01', voucher_no: 'CDKJ-2026-0001' }), 'paid_on', 'a future date');
  assert.equal((await step(tok.reviewer, a.id, 'pay', { paid_on: TODAY, voucher_no: 'CDKJ-2026-0001' })).status, 403, 'the reviewer does not pay');
  const paid = await step(tok.officer, a.id, 'pay', { paid_on: TODAY, voucher_no: 'CDKJ-2026-0001' });
  assert.equal(paid.status, 200, paid.text);
  assert.deepEqual([paid.json.status, paid.json.paid_on, paid.json.voucher_no, paid.json.approved_fen], ['paid', TODAY, 'CDKJ-2026-0001', 110000000]);
  const audit = await auditRows(s.url, tok.admin, 'policy_application', a.id);
  assert.deepEqual(audit.map((x) => x.action), ['create', 'submit', 'accept', 'approve', 'pay']);
  // the policy's own list of applications, and the applicant's list
  const list = await api(s.url, 'GET', `/api/v1/policies/${p.id}/applications`, { token: tok.officer });
  assert.deepEqual(list.json.items.map((x) => x.id), [a.id]);
  const own = await api(s.url, 'GET', `/api/v1/policy-applications?policy_id=${p.id}`, { token: tok.org_admin });
  assert.deepEqual(own.json.items.map((x) => x.id), [a.id]);
});

test('one application per policy and subject: a second is refused once the first is submitted, free again when withdrawn or rejected', async () => {
  const p = await policy();
  const ct = await contract();
  const a = (await apply(p.id, ct.id)).json;
  const b = (await apply(p.id, ct.id)).json; // two drafts: nothing claimed yet
  assert.equal((await step(tok.org_admin, a.id, 'submit')).status, 200);
  const dup = await step(tok.org_admin, b.id, 'submit');
  assert.equal(dup.status, 409, dup.text);
  assert.equal((await get(b.id)).json.status, 'draft', 'nothing changed');
  assert.equal((await apply(p.id, ct.id)).status, 409, 'a new one is refused at once');
  assert.equal((await step(tok.org_admin, a.id, 'withdraw')).json.status, 'withdrawn');
  assert.equal((await step(tok.org_admin, b.id, 'submit')).status, 200, 'the subject is free again');
  // rejected with its reason (required), then a new application may be made
  assert422(await step(tok.reviewer, b.id, 'reject'), 'comment', 'no reason');
  const rej = await step(tok.reviewer, b.id, 'reject', { comment: '合同买方不在本市，不符合政策' });
  assert.deepEqual([rej.json.status, rej.json.reason], ['rejected', '合同买方不在本市，不符合政策']);
  assert.equal((await apply(p.id, ct.id)).status, 201);
});

test('bad input: another org\'s subject, an unknown one, a policy not in force, a subject the rule does not grant → refused, nothing changes', async () => {
  const p = await policy();
  const ct = await contract();
  assert422(await apply(p.id, ct.id, tok.enterprise), 'subject_id', 'another org\'s contract');
  assert422(await apply(p.id, 987654321), 'subject_id', 'no such contract');
  assert422(await apply(p.id, 'x'), 'subject_id', 'not an id');
  assert.equal((await apply(p.id, ct.id, tok.researcher)).status, 403, 'a researcher does not apply for the org');
  const draft = (await api(s.url, 'POST', '/api/v1/policies', { token: tok.officer, body: policyBody() })).json;
  assert.equal((await apply(draft.id, ct.id)).status, 404, 'a draft policy is not the applicant\'s to see');
  assert.equal((await apply(draft.id, ct.id, tok.officer, { org_id: org.scu })).status, 409, 'not in force');
  // a contract sold outside 成都: the rule grants nothing → 409 naming the condition
  const far = await contract(150000000, { buyer_region: '511502' });
  const a = (await apply(p.id, far.id)).json;
  const sub = await step(tok.org_admin, a.id, 'submit');
  assert.equal(sub.status, 409, sub.text);
  assert.match(sub.json.error.message, /买方在成都：不满足/);
  assert.equal((await get(a.id)).json.status, 'draft');
  // read-only fields are the platform's
  assert422(await apply(p.id, ct.id, tok.org_admin, { approved_fen: 1 }), 'approved_fen', 'approved_fen on create');
  // retired: no new applications
  await act(s.url, tok.officer, 'policies', p.id, 'retire');
  assert.equal((await apply(p.id, ct.id)).status, 409);
});

test('the budget: approvals take what is left, the last gets the remainder, then none; simultaneous approvals never overspend', async () => {
  // ¥15 万 of budget; each contract's reward ¥12 万
  const p = await policy({ budget_fen: 15000000 });
  const apps = [];
  for (let i = 0; i < 5; i++) apps.push(await applied(p, 150000000));
  assert.ok(apps.every((x) => x.evaluated_fen === 12000000));
  const results = await Promise.all(apps.map((x) => step(tok.reviewer, x.id, 'approve')));
  const approved = results.filter((r) => r.status === 200).map((r) => r.json);
  const refused = results.filter((r) => r.status !== 200);
  assert.equal(approved.length, 2, results.map((r) => r.status).join());
  assert.deepEqual(approved.map((x) => x.approved_fen).sort((x, y) => x - y), [3000000, 12000000], 'the remainder to the second');
  assert.ok(refused.every((r) => r.status === 409 && /政策资金总额.*不满足/.test(r.json.error.message)), refused.map((r) => r.text).join('\n'));
  const left = await api(s.url, 'POST', `/api/v1/policies/${p.id}/evaluate`, { token: tok.org_admin, body: { subject_id: (await contract()).id } });
  assert.deepEqual([left.json.eligible, left.json.amount_fen], [false, 0]);
  const v = kz(['stats', 'verify'], { db: s.db });
  assert.equal(v.status, 0, v.stdout + v.stderr);
});

test('the org\'s yearly cap: what one org is granted in a year stops at the cap; another org is not affected', async () => {
  const p = await policy({ org_year_cap_fen: 20000000 });
  const one = await applied(p, 150000000);
  const two = await applied(p, 150000000);
  const three = await applied(p, 150000000);
  assert.equal((await step(tok.reviewer, one.id, 'approve')).json.approved_fen, 12000000);
  const second = await step(tok.reviewer, two.id, 'approve');
  assert.equal(second.status, 200, second.text);
  assert.equal(second.json.approved_fen, 8000000, 'up to the cap');
  assert.ok(second.json.evaluation.some((x) => x.text.includes(`本单位 ${TODAY.slice(0, 4)} 年度兑现上限 200000.00 元，已核定 120000.00 元`)), JSON.stringify(second.json.evaluation));
  // the cap used up: an application submitted before is not approved, a new one not submitted
  const late = await step(tok.reviewer, three.id, 'approve');
  assert.equal(late.status, 409, late.text);
  assert.match(late.json.error.message, /年度兑现上限.*不满足（已用完）/);
  const four = (await apply(p.id, (await contract()).id)).json;
  assert.equal((await step(tok.org_admin, four.id, 'submit')).status, 409);
  // a reviewer may grant less than the evaluation; approved then frozen
  const p2 = await policy();
  const less = await applied(p2, 150000000);
  assert.equal((await step(tok.reviewer, less.id, 'approve', { approved_fen: 10000000 })).json.approved_fen, 10000000);
  // the org subject: another org's cap is its own (宜宾锂能's own record)
  const yb = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  const p3 = await policy({
    subject_kind: 'org', region: '510100', conditions: [{ field: 'region', op: 'prefix', value: '5115', label: '注册在宜宾' }],
    base_field: null, tiers: [], fixed_fen: 5000000, cap_fen: null, org_year_cap_fen: 5000000,
  });
  const y = await apply(p3.id, yb, tok.enterprise);
  assert.equal(y.status, 201, y.text);
  assert.equal((await step(tok.enterprise, y.json.id, 'submit')).json.evaluated_fen, 5000000);
  assert422(await apply(p3.id, org.scu, tok.enterprise), 'subject_id', 'another org as the subject');
  const v = kz(['stats', 'verify'], { db: s.db });
  assert.equal(v.status, 0, v.stdout + v.stderr);
});

test('政策找企业 for an org: what it qualifies for now (with the amount, and whether applied), what it misses by one condition; who may ask', async () => {
  // a 成都 reward for high-tech enterprises registered in 成都: ¥5 万
  const p = await policy({
    title: '成都市高新技术企业认定奖励', subject_kind: 'org',
    conditions: [
      { field: 'tier', op: 'in', value: ['high_tech', 'gazelle', 'leader'], label: '高新技术企业认定' },
      { field: 'region', op: 'prefix', value: '5101', label: '注册在成都' },
    ],
    base_field: null, tiers: [], fixed_fen: 5000000, cap_fen: null,
  });
  const ct = await contract(150000000);
  const purchase = await policy(); // over contracts: 四川大学's new contract qualifies (¥12 万)
  const r = await api(s.url, 'GET', `/api/v1/orgs/${org.scu}/eligible-policies`, { token: tok.org_admin });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.org_id, org.scu);
  const mine = r.json.eligible.find((x) => x.policy_id === purchase.id && x.subject_id === ct.id);
  assert.deepEqual(mine && [mine.amount_fen, mine.claimed_by, mine.subject_kind, mine.subject_title], [12000000, null, 'contract', ct.title], r.text);
  // a university is not a high-tech enterprise: one condition short, named
  const near = r.json.nearly.find((x) => x.policy_id === p.id);
  assert.deepEqual(near && [near.subject_id, near.missing], [org.scu, '高新技术企业认定'], r.text);
  assert.match(near.text, /^高新技术企业认定：不满足/);
  assert.ok(!r.json.eligible.some((x) => x.policy_id === p.id));
  // 锐芯微 (成都, high-tech) qualifies for it; 宜宾锂能 (a leader, in 宜宾) misses 注册在成都
  const rxw = await orgIdByName(s.url, '成都锐芯微电子科技有限公司');
  const yb = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  const a = await api(s.url, 'GET', `/api/v1/orgs/${rxw}/eligible-policies`, { token: tok.officer });
  assert.deepEqual(a.json.eligible.filter((x) => x.policy_id === p.id).map((x) => x.amount_fen), [5000000]);
  const b = await api(s.url, 'GET', `/api/v1/orgs/${yb}/eligible-policies`, { token: tok.enterprise });
  assert.equal(b.json.nearly.find((x) => x.policy_id === p.id)?.missing, '注册在成都', b.text);
  // once applied, the contract says by which application
  const app = (await apply(purchase.id, ct.id)).json;
  assert.equal((await step(tok.org_admin, app.id, 'submit')).status, 200);
  const after_ = await api(s.url, 'GET', `/api/v1/orgs/${org.scu}/eligible-policies`, { token: tok.org_admin });
  assert.equal(after_.json.eligible.find((x) => x.policy_id === purchase.id && x.subject_id === ct.id)?.claimed_by, app.id);
  // another org's members and officers elsewhere may not ask; nobody anonymous; no such org
  assert.equal((await api(s.url, 'GET', `/api/v1/orgs/${org.scu}/eligible-policies`, { token: tok.enterprise })).status, 403);
  assert.equal((await api(s.url, 'GET', `/api/v1/orgs/${org.scu}/eligible-policies`)).status, 401);
  assert.equal((await api(s.url, 'GET', '/api/v1/orgs/987654321/eligible-policies', { token: tok.admin })).status, 404);
});

test('政策找企业 for the bureau: the orgs of the policy\'s region it grants something and that have not applied, page by page', async () => {
  const p = await policy({
    title: '成都市高新技术企业培育奖励', subject_kind: 'org',
    conditions: [{ field: 'tier', op: 'in', value: ['high_tech', 'gazelle', 'leader'], label: '高新技术企业认定' }],
    base_field: null, tiers: [], fixed_fen: 3000000, cap_fen: null,
  });
  // the brute force: every org of 成都 whose tier qualifies
  const all = [];
  for (let cursor = null; ;) {
    const l = (await api(s.url, 'GET', `/api/v1/orgs?region=5101&limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json;
    all.push(...l.items);
    if (!l.next_cursor) break;
    cursor = l.next_cursor;
  }
  const want = all.filter((o) => ['high_tech', 'gazelle', 'leader'].includes(o.tier)).map((o) => o.id).sort((x, y) => x - y);
  assert.ok(want.length >= 2, 'the demo has high-tech orgs in 成都');
  const got = [];
  let pages = 0;
  for (let cursor = null; ;) {
    const r = await api(s.url, 'GET', `/api/v1/policies/${p.id}/eligible-orgs?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: tok.officer });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length <= 2);
    assert.ok(r.json.items.every((x) => x.amount_fen === 3000000 && x.region.startsWith('5101')));
    got.push(...r.json.items.map((x) => x.org_id));
    pages++;
    if (!r.json.next_cursor) break;
    cursor = r.json.next_cursor;
  }
  assert.deepEqual(got, want);
  assert.ok(pages >= 2);
  // an org that applied is no longer listed
  const rxw = await orgIdByName(s.url, '成都锐芯微电子科技有限公司');
  const enterprise = (await login(s.url, 'enterprise')).token; // (锐芯微's own account)
  const ap = await apply(p.id, rxw, enterprise);
  assert.equal(ap.status, 201, ap.text);
  assert.equal((await step(enterprise, ap.json.id, 'submit')).status, 200);
  const again = await api(s.url, 'GET', `/api/v1/policies/${p.id}/eligible-orgs?limit=100`, { token: tok.officer });
  assert.deepEqual(again.json.items.map((x) => x.org_id), want.filter((x) => x !== rxw));
  // who: 成都's officer and the issuer, admins; a policy over contracts does not list orgs
  assert.equal((await api(s.url, 'GET', `/api/v1/policies/${p.id}/eligible-orgs`, { token: tok.org_admin })).status, 403);
  assert.equal((await api(s.url, 'GET', `/api/v1/policies/${p.id}/eligible-orgs`, { token: tok.admin })).status, 200);
  assert.equal((await api(s.url, 'GET', `/api/v1/policies/${p.id}/eligible-orgs`)).status, 401);
  const overContracts = await policy();
  assert.equal((await api(s.url, 'GET', `/api/v1/policies/${overContracts.id}/eligible-orgs`, { token: tok.officer })).status, 409);
  assert422(await api(s.url, 'GET', `/api/v1/policies/${p.id}/eligible-orgs?limit=0`, { token: tok.officer }), 'limit', 'limit 0');
});

test('政策找企业 reads at most one list page of policies (100) however many are in force', async () => {
  // 105 more policies in force, imported by the operator: the answer evaluates a full page of them
  const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'kz-pol-'));
  const lines = Array.from({ length: 105 }, (_, i) => JSON.stringify({ ...policyBody({ title: `批量政策 ${i}`, subject_kind: 'org', conditions: [], base_field: null, tiers: [], fixed_fen: 100, cap_fen: null }), org_id: org.cdkj, status: 'in_force' }));
  writeFileSync(join(dir, 'p.jsonl'), `${lines.join('\n')}\n`);
  const imp = kz(['import', 'policies', join(dir, 'p.jsonl')], { db: s.db });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(imp.status, 0, imp.stderr);
  const r = await api(s.url, 'GET', `/api/v1/orgs/${org.scu}/eligible-policies`, { token: tok.org_admin });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.policies, 100);
  assert.ok(r.json.eligible.filter((x) => x.subject_kind === 'org').length >= 90, 'the policies over orgs of the page grant 四川大学 ¥1');
});
