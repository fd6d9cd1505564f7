// 政策兑现 policies (src/kinds/policy.c, src/domain/rule.c; PRODUCT.md §7, issue 17 items 1–2): a
// science bureau's policy as a rule over a kind of subject record, checked when written (it parses;
// it reads only the subject's fields), put in force and then only retired; POST …/evaluate answers
// eligible, the amount and a line per condition and step, for a subject the caller may read. The
// seeds' policies: 成都's banded purchase subsidy over a registered contract, the 30 % 揭榜 subsidy
// over a won application. Expectations are written from the issue, not read from the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, loginAll, orgIdByName, act, auditRows, stopClean, assert422, policyBody, makeContract, dayCST } from './lib.mjs';

let s;
let tok;
const org = {};
const LIST = '/api/v1/policies';

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  org.cdkj = await orgIdByName(s.url, '成都市科学技术局');
});
after(() => stopClean(s));

const make = async (over = {}, enact = true) => {
  const c = await api(s.url, 'POST', LIST, { token: tok.officer, body: policyBody(over) });
  assert.equal(c.status, 201, c.text);
  if (!enact) return c.json;
  const r = await act(s.url, tok.officer, 'policies', c.json.id, 'enact');
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const evaluate = (id, subject_id, token) => api(s.url, 'POST', `${LIST}/${id}/evaluate`, { token, body: { subject_id } });

test('a bureau drafts a policy and enacts it: public from then on, frozen (only retired), audited', async () => {
  const d = await make({}, false);
  assert.equal(d.status, 'draft');
  assert.equal(d.org_id, org.cdkj);
  assert.equal((await api(s.url, 'GET', `${LIST}/${d.id}`)).status, 404, 'a draft is the bureau\'s');
  const p = await act(s.url, tok.officer, 'policies', d.id, 'enact');
  assert.equal(p.json.status, 'in_force');
  assert.equal((await api(s.url, 'GET', `${LIST}/${d.id}`)).status, 200, 'public in force');
  const e = await api(s.url, 'PATCH', `${LIST}/${d.id}`, { token: tok.officer, body: { cap_fen: 1 }, headers: { 'If-Match': `"v${p.json.version}"` } });
  assert.equal(e.status, 409, 'a policy in force is not edited');
  const r = await act(s.url, tok.officer, 'policies', d.id, 'retire');
  assert.equal(r.json.status, 'retired');
  assert.equal(r.json.retired_on, dayCST());
  const audit = await auditRows(s.url, tok.admin, 'policy', d.id);
  assert.deepEqual(audit.map((x) => x.action), ['create', 'enact', 'retire']);
  // a successor names what it supersedes
  const next = await make({ supersedes: d.id });
  assert.equal(next.supersedes, d.id);
});

test('bad rules → 422 at the field, nothing stored; only a bureau issues policies', async () => {
  const cases = [
    [{ conditions: [{ field: 'colour', op: 'eq', value: 'red' }] }, 'conditions'],
    [{ conditions: [{ field: 'status', op: 'like', value: 'a' }] }, 'conditions'],
    [{ conditions: [{ field: 'status', op: 'between', value: [3] }] }, 'conditions'],
    [{ base_field: 'price_fen' }, 'base_field'],
    [{ tiers: [{ up_to_fen: 5, percent_bp: 1 }, { up_to_fen: 5, percent_bp: 1 }] }, 'tiers'],
    [{ percent_bp: 300 }, 'base_field'], // a percent and bands both
    [{ percent_bp: 10001, tiers: [] }, 'percent_bp'],
    [{ cap_fen: 1, floor_fen: 2 }, 'base_field'],
    [{ subject_kind: 'booking' }, 'subject_kind'],
    [{ period_to: '2025-01-01' }, 'period_to'],
    [{ retired_on: '2026-01-01' }, 'retired_on'],
  ];
  const before_ = (await api(s.url, 'GET', `${LIST}?limit=100`, { token: tok.admin })).json.total;
  for (const [over, field] of cases) {
    const r = await api(s.url, 'POST', LIST, { token: tok.officer, body: policyBody(over) });
    assert422(r, field, JSON.stringify(over));
  }
  assert.equal((await api(s.url, 'GET', `${LIST}?limit=100`, { token: tok.admin })).json.total, before_);
  const uni = await api(s.url, 'POST', LIST, { token: tok.org_admin, body: policyBody() });
  assert.equal(uni.status, 403, 'a university\'s admin: only bureaus (公共管理) issue policies');
  const res = await api(s.url, 'POST', LIST, { token: tok.researcher, body: policyBody() });
  assert.equal(res.status, 403);
});

test('evaluate: a registered contract of a university sold to a 成都 enterprise — the bands, the explanation; a subject one may not read is 404', async () => {
  const p = await make();
  // 四川大学's contract to a 成都 enterprise: 核定技术交易额 = 80 % of ¥1,500 万 = ¥1,200 万
  const ct = await makeContract(s.url, { owner: tok.researcher, reviewer: tok.reviewer }, 'registered', {
    amount_fen: 1500000000, buyer_region: '510107', buyer_kind: 'enterprise',
  });
  assert.equal(ct.tech_income_fen, 1200000000);
  const r = await evaluate(p.id, ct.id, tok.researcher);
  assert.equal(r.status, 200, r.text);
  // 10 % of 1,000 万 + 5 % of 200 万 = ¥110 万
  assert.equal(r.json.eligible, true);
  assert.equal(r.json.amount_fen, 110000000);
  assert.equal(r.json.policy_id, p.id);
  assert.equal(r.json.policy_version, p.version);
  const texts = r.json.explanation.map((x) => x.text);
  assert.ok(texts.some((t) => t.startsWith('卖方为高校院所：满足')), texts.join('\n'));
  assert.ok(texts.some((t) => t.includes('至 10000000.00 元 部分按 10.00%')), texts.join('\n'));
  assert.ok(texts.includes('可兑现金额：1100000.00 元'), texts.join('\n'));
  assert.match(texts.at(-1), /^政策资金总额 100000000.00 元，已核定 0.00 元，余额 100000000.00 元：满足/, 'the budget left, last');
  assert.ok(r.json.explanation.filter((x) => x.step === 'condition').every((x) => x.met));
  // a buyer outside 成都: not eligible, the condition says so
  const far = await makeContract(s.url, { owner: tok.researcher, reviewer: tok.reviewer }, 'registered', { buyer_kind: 'enterprise' });
  const n = await evaluate(p.id, far.id, tok.researcher);
  assert.equal(n.json.eligible, false);
  assert.equal(n.json.amount_fen, 0);
  assert.ok(n.json.explanation.some((x) => x.met === false && x.text.startsWith('买方在成都：不满足')));
  // the contract is not the enterprise's to read; an unknown policy or subject
  assert.equal((await evaluate(p.id, ct.id, tok.broker)).status, 404);
  assert.equal((await evaluate(987654321, ct.id, tok.researcher)).status, 404);
  assert.equal((await evaluate(p.id, 987654321, tok.researcher)).status, 404);
  assert422(await api(s.url, 'POST', `${LIST}/${p.id}/evaluate`, { token: tok.researcher, body: {} }), 'subject_id');
  assert422(await api(s.url, 'POST', `${LIST}/${p.id}/evaluate`, { token: tok.researcher, body: { subject_id: 'x' } }), 'subject_id');
  // a draft or retired policy grants nothing, and says why
  const draft = await make({}, false);
  const dr = await evaluate(draft.id, ct.id, tok.officer);
  assert.equal(dr.json.eligible, false);
  assert.match(dr.json.explanation[0].text, /政策施行中：不满足/);
  await act(s.url, tok.officer, 'policies', p.id, 'retire');
  assert.equal((await evaluate(p.id, ct.id, tok.researcher)).json.eligible, false);
});

test('evaluate: 30 % of a won 揭榜 contract amount to the solver (the demo\'s accepted challenge)', async () => {
  const p = await make({
    title: '揭榜挂帅项目揭榜方补助',
    subject_kind: 'challenge_application',
    conditions: [{ field: 'status', op: 'eq', value: 'won', label: '已中榜' }],
    base_field: 'contract_amount_fen', percent_bp: 3000, tiers: [], cap_fen: null,
  });
  const won = (await api(s.url, 'GET', '/api/v1/challenge-applications?status=won&limit=100', { token: tok.researcher })).json.items
    .find((x) => x.org_name === '四川大学');
  assert.ok(won, 'a won application of 四川大学 in the demo');
  const r = await evaluate(p.id, won.id, tok.researcher);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.amount_fen, Math.floor((won.contract_amount_fen * 3000 + 5000) / 10000));
  assert.equal(r.json.amount_fen, won.solver_subsidy_fen, 'the rule and the challenge agree');
});

test('evaluate: a fixed sum over an org (its tier and region), the registry being public', async () => {
  const p = await make({
    title: '宜宾市领军企业奖励', subject_kind: 'org',
    conditions: [
      { field: 'tier', op: 'in', value: ['gazelle', 'leader'], label: '瞪羚或领军企业' },
      { field: 'region', op: 'prefix', value: '5115', label: '注册在宜宾' },
    ],
    base_field: null, tiers: [], fixed_fen: 20000000, cap_fen: null,
  });
  const yb = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  const r = await evaluate(p.id, yb, tok.enterprise);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.eligible, r.json.amount_fen, r.json.subject_kind], [true, 20000000, 'org']);
  const cd = await evaluate(p.id, org.cdkj, tok.enterprise);
  assert.equal(cd.json.eligible, false);
  assert422(await api(s.url, 'POST', LIST, { token: tok.officer, body: policyBody({ subject_kind: 'org', conditions: [{ field: 'tech_income_fen', op: 'gt', value: 1 }], base_field: null, tiers: [], fixed_fen: 1, cap_fen: null }) }), 'conditions');
});
