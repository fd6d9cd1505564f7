// 技术合同登记 contracts (src/kinds/contract.c, a kind of the shared table served by the engine
// alone; PRODUCT.md §7, issue 16 items 2–3): create with every field, the bad input of issue 16
// (a technology income above the amount, parties that are the same org, a duplicate registration
// number) and the field checks (422 naming the field, nothing stored), who owns one (the seller's
// researchers, org admins and enterprise users), ETag / If-Match, edits while draft or returned
// only, the workflow draft → submitted → registered | not_registered (reason) | returned →
// submitted with audit rows and notifications, registration numbers (format, unique, assigned
// under concurrent registrations), contracts never public, and the CLI export / import round
// trip. Expectations are written from PRODUCT.md §7 and issue 16, not read from the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startServer, api, loginAll, orgIdByName, contractBody, contractStep, makeContract, act, walkList,
  auditRows, notificationsOf, kz, stopClean, assert422, login, makeUser, dayCST,
} from './lib.mjs';

let s;
let tok;
const org = {};
const TAG = `CtT${process.pid}x${Date.now().toString(36)}`;
const path = (id) => `/api/v1/contracts/${id}`;
const LIST = '/api/v1/contracts';
const YEAR = dayCST().slice(0, 4);

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  org.scu = await orgIdByName(s.url, '四川大学');
  org.ybln = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  org.rxw = await orgIdByName(s.url, '成都锐芯微电子科技有限公司');
});
after(() => stopClean(s));

const SCU = () => ({ owner: tok.researcher, reviewer: tok.reviewer, admin: tok.admin });
const countTitled = async (title) =>
  (await api(s.url, 'GET', `${LIST}?q=${encodeURIComponent(title)}`, { token: tok.admin })).json.total;

test('create: a researcher of 四川大学 enters a draft → 201, Location, ETag "v1", every field kept; the seller is the org', async () => {
  const body = contractBody({ title: `${TAG} 硅碳负极技术开发合同` });
  const c = await api(s.url, 'POST', LIST, { token: tok.researcher, body });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.headers.get('location'), path(c.json.id));
  assert.equal(c.headers.get('etag'), '"v1"');
  for (const [k, v] of Object.entries(body)) assert.deepEqual(c.json[k], v, `field ${k}`);
  assert.equal(c.json.status, 'draft');
  assert.equal(c.json.org_id, org.scu);
  assert.equal(c.json.org_name, '四川大学');
  for (const f of ['registration_no', 'tech_income_fen', 'registered_on', 'reason']) assert.equal(c.json[f], null, f);
  const g = await api(s.url, 'GET', path(c.json.id), { token: tok.org_admin });
  assert.deepEqual(g.json, c.json);
  const audit = await auditRows(s.url, tok.admin, 'contract', c.json.id);
  assert.deepEqual(audit.map((x) => x.action), ['create']);
});

test('bad input: 422 naming the field, nothing stored', async () => {
  const future = dayCST(3);
  const cases = [
    [{ title: 'x' }, 'title'],
    [{ type: 'purchase' }, 'type'],
    [{ amount_fen: 0 }, 'amount_fen'],
    [{ amount_fen: -5 }, 'amount_fen'],
    [{ amount_fen: 12.5 }, 'amount_fen'],
    [{ signed_on: future }, 'signed_on'],
    [{ signed_on: '2026-02-30' }, 'signed_on'],
    [{ region: '519999' }, 'region'],
    [{ buyer_credit_code: '91510100MA6CGUGA1X' }, 'buyer_credit_code'],
    [{ buyer_region: '12' }, 'buyer_region'],
    [{ buyer_kind: 'person' }, 'buyer_kind'],
    [{ buyer_name: null }, 'buyer_name'],
    [{ attachments: [{ name: 'a.pdf', sha256: 'xyz' }] }, 'attachments'],
    [{ attachments: [{ name: '', sha256: 'a'.repeat(64) }] }, 'attachments'],
    // what the registry writes, nobody enters
    [{ tech_income_fen: 100 }, 'tech_income_fen'],
    [{ registration_no: `${YEAR}510107000001` }, 'registration_no'],
    [{ reason: '想写理由' }, 'reason'],
    [{ colour: 'red' }, 'colour'],
  ];
  for (const [over, field] of cases) {
    const title = `${TAG} 坏输入 ${field} ${JSON.stringify(over).length}`;
    const r = await api(s.url, 'POST', LIST, { token: tok.researcher, body: contractBody({ title, ...over }) });
    assert422(r, field, JSON.stringify(over));
    if (field !== 'title') assert.equal(await countTitled(title), 0, `${field}: nothing stored`);
  }
});

test('parties: the same org on both sides is refused at submit (422 naming the field), nothing changes; a registry buyer is filled in', async () => {
  // buyer_org_id = the seller's own org
  const a = await makeContract(s.url, SCU(), 'draft', { title: `${TAG} 同一机构`, buyer_org_id: org.scu });
  const r = await act(s.url, tok.researcher, 'contracts', a.id, 'submit');
  assert422(r, 'buyer_org_id', 'buyer = seller');
  const g = await api(s.url, 'GET', path(a.id), { token: tok.researcher });
  assert.deepEqual(g.json, a, 'nothing changed');
  // a named buyer whose credit code is the seller's
  const scu = (await api(s.url, 'GET', `/api/v1/orgs/${org.scu}`, { token: tok.admin })).json;
  assert.ok(scu.credit_code, 'the demo university has a credit code');
  const b = await makeContract(s.url, SCU(), 'draft', { title: `${TAG} 同一信用代码`, buyer_credit_code: scu.credit_code });
  assert422(await act(s.url, tok.researcher, 'contracts', b.id, 'submit'), 'buyer_credit_code', 'same credit code');
  assert.equal((await api(s.url, 'GET', path(b.id), { token: tok.researcher })).json.status, 'draft');
  // an unknown registry org
  const c = await makeContract(s.url, SCU(), 'draft', { title: `${TAG} 不存在的买方`, buyer_org_id: 987654321 });
  assert422(await act(s.url, tok.researcher, 'contracts', c.id, 'submit'), 'buyer_org_id', 'unknown buyer org');
  // a registry buyer: its name, credit code, region and kind are taken from the registry
  const d = await makeContract(s.url, SCU(), 'draft', {
    title: `${TAG} 主体库买方`, buyer_org_id: org.ybln, buyer_name: null, buyer_credit_code: null, buyer_region: null, buyer_kind: null,
  });
  const sub = await act(s.url, tok.researcher, 'contracts', d.id, 'submit');
  assert.equal(sub.status, 200, sub.text);
  const yb = (await api(s.url, 'GET', `/api/v1/orgs/${org.ybln}`, { token: tok.admin })).json;
  assert.equal(sub.json.buyer_name, yb.name);
  assert.equal(sub.json.buyer_credit_code, yb.credit_code);
  assert.equal(sub.json.buyer_region, yb.region);
  assert.equal(sub.json.buyer_kind, 'enterprise');
  assert.equal(sub.json.seller_kind, 'university');
  assert.equal(sub.json.seller_industry, scu.industry);
  // neither a registry buyer nor a named one
  assert422(await api(s.url, 'POST', LIST, { token: tok.researcher, body: contractBody({ buyer_credit_code: null }) }), 'buyer_credit_code', 'no buyer');
});

test('parties: a registry buyer reads the contract once it is submitted — in full, in its lists — never a draft; it never edits it; its org admins are told of each step; other orgs see nothing', async () => {
  const t = `${TAG} 买方可见`;
  const rxw = { token: (await login(s.url, 'enterprise')).token }; // 锐芯微: neither seller nor buyer
  const ybAdmin = await makeUser(s.url, tok.admin, { roles: ['org_admin'], org_id: org.ybln, prefix: 'ctyb' });
  const a = await makeContract(s.url, SCU(), 'draft', {
    title: t, buyer_org_id: org.ybln, buyer_name: null, buyer_credit_code: null, buyer_region: null, buyer_kind: null,
  });
  const q = `${LIST}?q=${encodeURIComponent(t)}`;
  // a draft is the seller's own
  assert.equal((await api(s.url, 'GET', path(a.id), { token: tok.enterprise })).status, 404, 'the buyer: not the draft');
  assert.equal((await api(s.url, 'GET', q, { token: tok.enterprise })).json.total, 0);
  const sub = await act(s.url, tok.researcher, 'contracts', a.id, 'submit');
  assert.equal(sub.status, 200, sub.text);
  // submitted: the buyer's members read it in full and list it; another enterprise does not
  const g = await api(s.url, 'GET', path(a.id), { token: tok.enterprise });
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json, sub.json, 'the whole record');
  const l = await api(s.url, 'GET', q, { token: tok.enterprise });
  assert.deepEqual(l.json.items.map((x) => x.id), [a.id]);
  assert.equal(l.json.total, 1);
  assert.equal((await api(s.url, 'GET', path(a.id), { token: rxw.token })).status, 404, 'a third org');
  assert.equal((await api(s.url, 'GET', q, { token: rxw.token })).json.total, 0);
  assert.equal((await api(s.url, 'GET', `${path(a.id)}/history`, { token: tok.enterprise })).status, 200, 'its history too');
  // it is the seller's to change: the buyer neither edits nor takes the seller's or the registrar's steps
  const p = await api(s.url, 'PATCH', path(a.id), { token: tok.enterprise, body: { title: `${t} 改` }, headers: { 'if-match': `"v${sub.json.version}"` } });
  assert.equal(p.status, 403, p.text);
  assert.equal((await act(s.url, tok.enterprise, 'contracts', a.id, 'register', contractStep('register', a.amount_fen))).status, 403);
  assert.deepEqual((await api(s.url, 'GET', path(a.id), { token: tok.researcher })).json, sub.json, 'nothing changed');
  // registered: the buyer's org admin is told
  const reg = await act(s.url, tok.reviewer, 'contracts', a.id, 'register', contractStep('register', a.amount_fen));
  assert.equal(reg.status, 200, reg.text);
  const told = (await notificationsOf(s.url, ybAdmin.token)).items.filter((n) => n.entity === 'contract' && n.entity_id === a.id);
  assert.ok(told.length >= 2, `submit and register told to the buyer's admin: ${JSON.stringify(told)}`);
  assert.equal((await api(s.url, 'GET', path(a.id), { token: tok.enterprise })).json.status, 'registered');
});

test('owners: the seller\'s researchers, org admins and enterprise users; brokers, experts and reviewers are not sellers; officers name the org', async () => {
  const e = await api(s.url, 'POST', LIST, { token: tok.enterprise, body: contractBody({ title: `${TAG} 企业卖方`, region: '511502' }) });
  assert.equal(e.status, 201, e.text);
  assert.equal(e.json.org_id, org.ybln);
  for (const who of ['broker', 'expert', 'reviewer']) {
    const r = await api(s.url, 'POST', LIST, { token: tok[who], body: contractBody({ title: `${TAG} ${who}` }) });
    assert.equal(r.status, 403, `${who}: ${r.text}`);
  }
  const o = await api(s.url, 'POST', LIST, { token: tok.officer, body: contractBody({ title: `${TAG} 代登记`, org_id: org.rxw }) });
  assert.equal(o.status, 201, o.text);
  assert.equal(o.json.org_id, org.rxw);
  // another org's researcher neither sees nor edits it
  assert.equal((await api(s.url, 'GET', path(e.json.id), { token: tok.researcher })).status, 404);
  assert.equal((await api(s.url, 'PATCH', path(e.json.id), { token: tok.researcher, body: { title: `${TAG} 改` } })).status, 404);
});

test('If-Match: a stale version is 412 and changes nothing; edits in draft and returned only; org_id fixed', async () => {
  const c = await makeContract(s.url, SCU(), 'draft', { title: `${TAG} 版本` });
  const a = await api(s.url, 'PATCH', path(c.id), { token: tok.researcher, body: { amount_fen: 200000000 }, headers: { 'If-Match': '"v1"' } });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.headers.get('etag'), '"v2"');
  const b = await api(s.url, 'PATCH', path(c.id), { token: tok.researcher, body: { amount_fen: 1 }, headers: { 'If-Match': '"v1"' } });
  assert.equal(b.status, 412, b.text);
  assert.equal((await api(s.url, 'GET', path(c.id), { token: tok.researcher })).json.amount_fen, 200000000);
  assert422(await api(s.url, 'PATCH', path(c.id), { token: tok.researcher, body: { org_id: org.rxw } }), 'org_id', 'org_id');
  assert422(await api(s.url, 'PATCH', path(c.id), { token: tok.researcher, body: { registration_no: `${YEAR}510107000009` } }), 'registration_no', 'read-only');
  assert.equal((await act(s.url, tok.researcher, 'contracts', c.id, 'submit')).status, 200);
  assert.equal((await api(s.url, 'PATCH', path(c.id), { token: tok.researcher, body: { amount_fen: 5 } })).status, 409, 'edit while submitted');
  const ret = await act(s.url, tok.reviewer, 'contracts', c.id, 'return', { comment: '请补充技术内容' });
  assert.equal(ret.status, 200, ret.text);
  const ed = await api(s.url, 'PATCH', path(c.id), { token: tok.researcher, body: { title: `${TAG} 版本 已补充` } });
  assert.equal(ed.status, 200, `edit while returned: ${ed.text}`);
  // the registrar's step with a stale If-Match
  assert.equal((await act(s.url, tok.researcher, 'contracts', c.id, 'submit')).status, 200);
  const stale = await act(s.url, tok.reviewer, 'contracts', c.id, 'register', contractStep('register', 200000000), { 'If-Match': '"v1"' });
  assert.equal(stale.status, 412, stale.text);
  assert.equal((await api(s.url, 'GET', path(c.id), { token: tok.admin })).json.status, 'submitted');
});

test('workflow: submit → return (reason) → submit → register (核定技术交易额, number) — audited, the seller notified; refuse needs a reason', async () => {
  const c = await makeContract(s.url, SCU(), 'draft', { title: `${TAG} 全流程`, amount_fen: 300000000 });
  assert.equal((await api(s.url, 'GET', path(c.id))).status, 404, 'contracts are never public');
  assert.equal((await act(s.url, tok.researcher, 'contracts', c.id, 'submit')).json.status, 'submitted');
  assert.equal((await api(s.url, 'GET', path(c.id), { token: tok.reviewer })).status, 200, 'the registrar sees it');
  assert.equal((await act(s.url, tok.researcher, 'contracts', c.id, 'register', contractStep('register'))).status, 403, 'the seller may not register');
  assert.equal((await act(s.url, tok.enterprise, 'contracts', c.id, 'register', contractStep('register'))).status, 404);
  assert422(await act(s.url, tok.reviewer, 'contracts', c.id, 'return'), 'comment', 'return without a reason');
  const ret = await act(s.url, tok.reviewer, 'contracts', c.id, 'return', { comment: '缺少技术指标附件' });
  assert.equal(ret.status, 200, ret.text);
  assert.equal(ret.json.status, 'returned');
  assert.equal(ret.json.reason, '缺少技术指标附件');
  const sub = await act(s.url, tok.org_admin, 'contracts', c.id, 'submit');
  assert.equal(sub.json.status, 'submitted');
  assert.equal(sub.json.reason, null, 'a new submission clears the old reason');
  // the 核定技术交易额: required, not above the amount
  assert422(await act(s.url, tok.reviewer, 'contracts', c.id, 'register'), 'tech_income_fen', 'register without tech income');
  assert422(await act(s.url, tok.reviewer, 'contracts', c.id, 'register', { tech_income_fen: 300000001 }), 'tech_income_fen', 'tech income above the amount');
  assert.equal((await api(s.url, 'GET', path(c.id), { token: tok.admin })).json.status, 'submitted', 'nothing changed');
  const reg = await act(s.url, tok.officer, 'contracts', c.id, 'register', { tech_income_fen: 250000000, comment: '认定为技术开发合同' });
  assert.equal(reg.status, 200, reg.text);
  assert.equal(reg.json.status, 'registered');
  assert.equal(reg.json.tech_income_fen, 250000000);
  assert.match(reg.json.registration_no, new RegExp(`^${YEAR}510107\\d{6}$`));
  assert.equal(reg.json.registered_on, dayCST());
  assert.ok(reg.json.published_at, 'the registration time');
  assert.equal((await act(s.url, tok.reviewer, 'contracts', c.id, 'refuse', { comment: '重复' })).status, 409, 'a registered contract stays registered');
  assert.equal((await api(s.url, 'PATCH', path(c.id), { token: tok.admin, body: { title: `${TAG} 改` } })).status, 409, 'frozen, admins included');
  const audit = await auditRows(s.url, tok.admin, 'contract', c.id);
  assert.deepEqual(audit.map((x) => x.action), ['create', 'submit', 'return', 'submit', 'register']);
  assert.equal(audit[2].after.comment, '缺少技术指标附件');
  assert.equal(audit[4].after.registration_no, reg.json.registration_no);
  const hist = await api(s.url, 'GET', `${path(c.id)}/history`, { token: tok.researcher });
  assert.equal(hist.status, 200);
  assert.equal(hist.json.items.at(-1).status, 'registered');
  const notes = await notificationsOf(s.url, tok.researcher);
  assert.ok(notes.items.some((n) => n.entity === 'contract' && n.entity_id === c.id && /已登记/.test(n.message)), 'the seller is told of the registration');
  assert.ok(notes.items.some((n) => n.entity === 'contract' && n.entity_id === c.id && /缺少技术指标附件/.test(n.message)), 'and of the return with its reason');
  // 未予登记 with its reason
  const r = await makeContract(s.url, SCU(), 'submitted', { title: `${TAG} 未予登记` });
  assert422(await act(s.url, tok.reviewer, 'contracts', r.id, 'refuse'), 'comment', 'refuse without a reason');
  const ref = await act(s.url, tok.reviewer, 'contracts', r.id, 'refuse', { comment: '不属于技术合同' });
  assert.equal(ref.status, 200, ref.text);
  assert.equal(ref.json.status, 'not_registered');
  assert.equal(ref.json.reason, '不属于技术合同');
  assert.equal(ref.json.registration_no, null);
  assert.equal((await act(s.url, tok.researcher, 'contracts', r.id, 'submit')).status, 409, 'not registered is final');
});

test('registration numbers: YYYY + the seller\'s region + a 6-digit sequence, unique, consecutive; concurrent registrations never share one', async () => {
  const subs = [];
  for (let i = 0; i < 12; i++)
    subs.push(await makeContract(s.url, SCU(), 'submitted', { title: `${TAG} 并发 ${i}`, region: i % 2 ? '510107' : '510104' }));
  // the registrar's requests at once, from three accounts
  const who = [tok.reviewer, tok.officer, tok.admin];
  const res = await Promise.all(subs.map((c, i) => act(s.url, who[i % 3], 'contracts', c.id, 'register', contractStep('register'))));
  for (const r of res) assert.equal(r.status, 200, r.text);
  const nos = res.map((r) => r.json.registration_no);
  assert.equal(new Set(nos).size, nos.length, `numbers repeat: ${nos}`);
  nos.forEach((no, i) => assert.equal(no.slice(0, 10), `${YEAR}${i % 2 ? '510107' : '510104'}`, no));
  const seqs = nos.map((n) => Number(n.slice(10))).sort((a, b) => a - b);
  for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `a gap or a repeat in ${seqs}`);
  // every registered contract, whoever registered it: no two share a number
  const all = (await walkList(s.url, `${LIST}?status=registered`, 100, tok.admin)).items.map((x) => x.registration_no);
  assert.equal(new Set(all).size, all.length);
});

test('list: the registrar\'s queue (submitted), filters by type, region and status; the public sees nothing', async () => {
  const t = `${TAG} 列表`;
  await makeContract(s.url, SCU(), 'submitted', { title: `${t} 许可`, type: 'license' });
  await makeContract(s.url, SCU(), 'submitted', { title: `${t} 咨询`, type: 'consulting', region: '510104' });
  await makeContract(s.url, SCU(), 'draft', { title: `${t} 草稿`, type: 'license' });
  const q = `q=${encodeURIComponent(t)}`;
  assert.equal((await api(s.url, 'GET', `${LIST}?${q}`)).json.total, 0, 'the public');
  assert.equal((await api(s.url, 'GET', `${LIST}?${q}`, { token: tok.reviewer })).json.total, 2, 'a reviewer: not the draft');
  assert.equal((await api(s.url, 'GET', `${LIST}?${q}`, { token: tok.researcher })).json.total, 3, 'the seller: all three');
  assert.equal((await api(s.url, 'GET', `${LIST}?${q}&type=license`, { token: tok.researcher })).json.total, 2);
  assert.equal((await api(s.url, 'GET', `${LIST}?${q}&region=510104`, { token: tok.researcher })).json.total, 1);
  assert.equal((await api(s.url, 'GET', `${LIST}?${q}&status=submitted`, { token: tok.officer })).json.total, 2);
  assert422(await api(s.url, 'GET', `${LIST}?type=purchase`, { token: tok.admin }), 'type', 'unknown type');
});

test('CLI: kezhuan export contracts (jsonl, csv) then import of the file round-trips every field but the registration number, which an import may not repeat; a bad row imports nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kz-ct-'));
  try {
    const file = join(dir, 'ct.jsonl');
    const ex = kz(['export', 'contracts', '--format', 'jsonl', '-o', file], { db: s.db });
    assert.equal(ex.status, 0, ex.stderr);
    const rows = (await walkList(s.url, `${LIST}?sort=id`, 100, tok.admin)).items;
    const before = rows.length;
    assert.ok(rows.some((x) => x.registration_no), 'registered contracts are exported');
    // importing the same register again: its registration numbers are taken → refused, nothing imported
    const dup = kz(['import', 'contracts', file], { db: s.db });
    assert.notEqual(dup.status, 0, 'a duplicate registration number is refused');
    assert.equal((await api(s.url, 'GET', `${LIST}?limit=1`, { token: tok.admin })).json.total, before, 'all or nothing');
    // without the numbers it round-trips every other field
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const file2 = join(dir, 'ct2.jsonl');
    writeFileSync(file2, lines.map(({ id, created_at, updated_at, published_at, registration_no, ...r }) => JSON.stringify(r)).join('\n') + '\n');
    const im = kz(['import', 'contract', file2], { db: s.db });
    assert.equal(im.status, 0, im.stderr);
    const after = (await walkList(s.url, `${LIST}?sort=id`, 100, tok.admin)).items;
    assert.equal(after.length, before * 2);
    const strip = ({ id, created_at, updated_at, published_at, version, registration_no, ...rest }) => rest;
    for (let i = 0; i < before; i++) assert.deepEqual(strip(after[before + i]), strip(after[i]), `row ${i + 1}`);
    // the same through CSV (attachments, a list of objects, travel as a JSON cell)
    const csvFile = join(dir, 'ct.csv');
    assert.equal(kz(['export', 'contracts', '--format', 'csv', '-o', csvFile], { db: s.db }).status, 0);
    const table = parseCsv(readFileSync(csvFile, 'utf8').replace(/^\uFEFF/, ''));
    const head = table[0];
    const firstRows = table.slice(1, before + 1).map((r) => r.map((v, i) => (['id', 'registration_no'].includes(head[i]) ? '' : v)));
    const csv2 = join(dir, 'ct2.csv');
    writeFileSync(csv2, [head, ...firstRows].map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n');
    const imc = kz(['import', 'contracts', csv2], { db: s.db });
    assert.equal(imc.status, 0, imc.stderr);
    const after3 = (await walkList(s.url, `${LIST}?sort=id`, 100, tok.admin)).items;
    assert.equal(after3.length, before * 3);
    for (let i = 0; i < before; i++) assert.deepEqual(strip(after3[2 * before + i]), strip(after3[i]), `csv row ${i + 1}`);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ ...contractBody(), org_id: org.scu })}\n${JSON.stringify({ ...contractBody(), org_id: org.scu, status: 'registered', amount_fen: 10, tech_income_fen: 11 })}\n`);
    const b = kz(['import', 'contracts', bad], { db: s.db });
    assert.equal(b.status, 1);
    assert.match(b.stderr, /第 2 行，列 tech_income_fen/);
    assert.equal((await api(s.url, 'GET', `${LIST}?limit=1`, { token: tok.admin })).json.total, before * 3, 'all or nothing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** RFC 4180 rows of a CSV text (quoted cells with "" escapes, CRLF or LF). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** The 成交额 statistics summed by brute force over the registered contracts as listed. */
function bruteForce(rows, len, parent) {
  const z = () => ({ count: 0, amount_fen: 0, tech_income_fen: 0 });
  const add = (m, k, r) => {
    const t = m.get(k) ?? z();
    t.count += 1; t.amount_fen += r.amount_fen; t.tech_income_fen += r.tech_income_fen;
    m.set(k, t);
  };
  const pad = (code) => (code && code.length >= len ? code.slice(0, len).padEnd(6, '0') : null);
  const out = { total: z(), output: new Map(), absorb: new Map(), type: new Map(), kinds: new Map(), month: new Map(), year: new Map(), a2e: z() };
  for (const r of rows) {
    add(new Map([[0, out.total]]), 0, r);
    for (const [side, code] of [['output', r.region], ['absorb', r.buyer_region]]) {
      const c = pad(code);
      if (parent && !(c && c.startsWith(parent))) continue;
      add(out[side], c, r);
    }
    add(out.type, r.type, r);
    add(out.kinds, `${r.seller_kind ?? ''}>${r.buyer_kind ?? ''}`, r);
    add(out.month, r.signed_on.slice(0, 7), r);
    add(out.year, r.signed_on.slice(0, 4), r);
    if (['university', 'institute'].includes(r.seller_kind) && r.buyer_kind === 'enterprise') add(new Map([[0, out.a2e]]), 0, r);
  }
  return out;
}
const triple = (x) => ({ count: x.count, amount_fen: x.amount_fen, tech_income_fen: x.tech_income_fen });
const asMap = (items, key) => new Map(items.map((x) => [x[key], triple(x)]));

test('stats/contracts: public; equal to a brute-force sum over the registered contracts at every level — 输出 and 吸纳, type, kinds (高校院所 → 企业), month, year; kept by the registration itself; stats verify agrees', async () => {
  // a few more registered contracts: a registry buyer (宜宾锂能, an enterprise), another seller kind
  const d = await makeContract(s.url, SCU(), 'registered', {
    title: `${TAG} 统计 主体库买方`, buyer_org_id: org.ybln, buyer_name: null, buyer_credit_code: null, buyer_region: null, buyer_kind: null, amount_fen: 123456789, signed_on: '2025-11-30',
  });
  assert.equal(d.status, 'registered');
  await makeContract(s.url, { owner: tok.enterprise, reviewer: tok.officer }, 'submitted', { title: `${TAG} 统计 未登记`, region: '511502' });
  const before = (await api(s.url, 'GET', '/api/v1/stats/contracts')).json;
  const e = await makeContract(s.url, { owner: tok.enterprise, reviewer: tok.reviewer }, 'registered', {
    title: `${TAG} 统计 企业卖方`, region: '511502', buyer_kind: 'institute', buyer_region: '510107', amount_fen: 7777, type: 'service',
  });
  const afterOne = (await api(s.url, 'GET', '/api/v1/stats/contracts')).json;
  assert.deepEqual(afterOne.total, {
    count: before.total.count + 1, amount_fen: before.total.amount_fen + 7777, tech_income_fen: before.total.tech_income_fen + e.tech_income_fen,
  }, 'one registration adds its amounts at once');
  const rows = (await walkList(s.url, `${LIST}?status=registered`, 100, tok.admin)).items;
  for (const [level, len, parent] of [['province', 2, null], ['city', 4, null], ['city', 4, '51'], ['district', 6, '5101']]) {
    const q = `level=${level}${parent ? `&parent=${parent}` : ''}`;
    const r = await api(s.url, 'GET', `/api/v1/stats/contracts?${q}`); // anonymous: public
    assert.equal(r.status, 200, r.text);
    const want = bruteForce(rows, len, parent);
    assert.deepEqual(r.json.total, want.total, `${q}: total`);
    assert.deepEqual(asMap(r.json.output, 'code'), want.output, `${q}: 输出 by the seller's region`);
    assert.deepEqual(asMap(r.json.absorb, 'code'), want.absorb, `${q}: 吸纳 by the buyer's region`);
    assert.deepEqual(asMap(r.json.by_type, 'type'), want.type, `${q}: by type`);
    assert.deepEqual(new Map(r.json.by_kinds.map((x) => [`${x.seller_kind ?? ''}>${x.buyer_kind ?? ''}`, triple(x)])), want.kinds, `${q}: seller kind × buyer kind`);
    assert.deepEqual(r.json.academia_to_enterprise, want.a2e, `${q}: 高校院所 → 企业`);
    assert.deepEqual(asMap(r.json.by_month, 'month'), want.month, `${q}: by month`);
    assert.deepEqual(asMap(r.json.by_year, 'year'), want.year, `${q}: by year`);
    if (level === 'city' && parent === '51') assert.ok(r.json.output.some((x) => x.code === '510100' && x.name === '成都市'), 'names from GB/T 2260');
  }
  assert.ok(rows.some((x) => x.seller_kind === 'university' && x.buyer_kind === 'enterprise'), 'a 高校院所 → 企业 contract is among them');
  const sec = (await api(s.url, 'GET', '/api/v1/stats/contracts')).json.by_industry;
  assert.equal(sec.reduce((n, x) => n + x.count, 0), rows.length, 'every registered contract in one 门类 row');
  assert422(await api(s.url, 'GET', '/api/v1/stats/contracts?level=street'), 'level', 'bad level');
  assert422(await api(s.url, 'GET', '/api/v1/stats/contracts?level=city&parent=5101'), 'parent', 'parent below the level');
  const v = kz(['stats', 'verify'], { db: s.db });
  assert.equal(v.status, 0, v.stdout + v.stderr);
});

test('the registrar\'s deadline: a submission starts it (10 working days by default, holidays and 调休 counted); a contract past it and still undecided is overdue', async () => {
  const c = await makeContract(s.url, SCU(), 'draft', { title: `${TAG} 期限` });
  assert.equal(c.due_on ?? null, null);
  const sub = await act(s.url, tok.researcher, 'contracts', c.id, 'submit');
  assert.equal(sub.json.submitted_on, dayCST());
  assert.ok(sub.json.due_on > dayCST(11) && sub.json.due_on <= dayCST(30), `due ${sub.json.due_on}`);
  const wd = new Date(`${sub.json.due_on}T00:00:00Z`).getUTCDay();
  assert.ok(wd >= 1 && wd <= 5 || ['2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'].includes(sub.json.due_on), 'a working day');
  assert.equal(sub.json.overdue, false);
  // an existing register's contract submitted long ago and not yet decided (the operator's import)
  const dir = mkdtempSync(join(tmpdir(), 'kz-ct-due-'));
  try {
    const file = join(dir, 'due.jsonl');
    writeFileSync(file, `${JSON.stringify({ ...contractBody({ title: `${TAG} 逾期` }), org_id: org.scu, status: 'submitted', submitted_on: '2026-01-05', due_on: '2026-01-19' })}\n`);
    const im = kz(['import', 'contracts', file], { db: s.db });
    assert.equal(im.status, 0, im.stdout + im.stderr);
  } finally { rmSync(dir, { recursive: true, force: true }); }
  const late = (await api(s.url, 'GET', `${LIST}?q=${encodeURIComponent(`${TAG} 逾期`)}`, { token: tok.reviewer })).json.items[0];
  assert.ok(late, 'imported');
  const g = await api(s.url, 'GET', path(late.id), { token: tok.reviewer });
  assert.equal(g.json.overdue, true);
  // decided, it is no longer overdue
  const reg = await act(s.url, tok.reviewer, 'contracts', late.id, 'register', contractStep('register'));
  assert.equal(reg.status, 200, reg.text);
  assert.equal(reg.json.overdue, false);
});
