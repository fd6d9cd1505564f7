// Attacker suite (security issue 12): per role, scripted attempts against ANOTHER org's records
// and accounts. Each attempt must be refused with one exact status (403 for a resource the
// attacker may know of but not touch, 404 where its existence must not leak) and the error code
// of that status, and must leave the audit chain head and the targeted record unchanged.
// Table: attempt × role → status, literal below. Reads (GET, history, lists, search, matches,
// export) are checked for what they must not show: another org's draft, the confidential detail.
//
// Victims: 西南科技大学 (绵阳 510703: outside the 成都 officer's region) owns the achievements,
// 绵阳数控精密机械有限公司 (510703) the demands; both get an account created here, so no demo
// account below belongs to either org. Every attacker logs in once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import {
  startServer, api, login, orgIdByName, makeAchievement, makeDemand, makeUser, act,
} from './lib.mjs';

// role -> demo account (see src/cli_demo.c): two org_admins of different orgs, a researcher of a
// second university, the 成都 officer. 绵阳's officer (officer_my) manages the victims' region by
// design and is not an attacker here.
const LOGINS = {
  researcher: 'researcher', org_admin: 'tto_scu', researcher_uestc: 'researcher_uestc',
  enterprise: 'enterprise_yb', enterprise_rxw: 'enterprise', broker: 'broker', expert: 'expert',
  reviewer: 'reviewer', officer: 'officer',
};
const ROLES = Object.keys(LOGINS);
const CODE = { 400: 'bad_json', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 412: 'precondition_failed', 422: 'validation_failed' };
const TAG = `Atk${process.pid}x${Date.now().toString(36)}`;

let s; let admin; const tok = {}; const me = {}; const org = {}; const cookie = {};
const A = {}; const D = {}; // draft / pub -> id
const HIGH = {}; // role -> a 四川大学 account holding it (made by admin; see "beyond the grant")
const HIGH_ROLES = ['admin', 'officer', 'reviewer', 'expert'];
let victim; let victimEnt; let note; let areq; let granted; // victim accounts, a victim notification, an access request

const all = (status, except = {}) => ({ ...Object.fromEntries(ROLES.map((r) => [r, status])), ...except });
const only = (status, ...roles) => Object.fromEntries(roles.map((r) => [r, status]));

async function head() {
  const r = await api(s.url, 'GET', '/api/v1/audit?limit=1', { token: admin });
  assert.equal(r.status, 200);
  return JSON.stringify([r.json.total, r.json.items?.[0] ?? null]);
}
const asAdmin = async (path) => {
  const r = await api(s.url, 'GET', path, { token: admin });
  return JSON.stringify([r.status, r.json]);
};
async function userCount() { return (await api(s.url, 'GET', '/api/v1/users?limit=1', { token: admin })).json.total; }

before(async () => {
  s = await startServer();
  admin = (await login(s.url, 'admin')).token;
  for (const [r, u] of Object.entries(LOGINS)) { const l = await login(s.url, u); tok[r] = l.token; me[r] = l.user; cookie[r] = l.cookie; }
  org.scu = await orgIdByName(s.url, '四川大学');
  org.swust = await orgIdByName(s.url, '西南科技大学');
  org.mysk = await orgIdByName(s.url, '绵阳数控精密机械有限公司');
  org.ybln = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
  victim = await makeUser(s.url, admin, { roles: ['researcher'], org_id: org.swust, prefix: 'atk_my' });
  victimEnt = await makeUser(s.url, admin, { roles: ['enterprise'], org_id: org.mysk, prefix: 'atk_mysk' });
  const my = { owner: victim.token, reviewer: admin, admin };
  const mysk = { owner: victimEnt.token, reviewer: admin, admin };
  A.draft = (await makeAchievement(s.url, my, 'draft', { title: `${TAG}草稿 钒钛储能催化剂`, region: '510703' })).id;
  A.pub = (await makeAchievement(s.url, my, 'published', { title: `${TAG}发布 钒钛储能催化剂`, region: '510703' })).id;
  D.draft = (await makeDemand(s.url, mysk, 'draft', { title: `${TAG}草稿 钒钛储能催化剂需求`, region: '510703' })).id;
  D.pub = (await makeDemand(s.url, mysk, 'published', { title: `${TAG}发布 钒钛储能催化剂需求`, region: '510703' })).id;
  note = (await api(s.url, 'GET', '/api/v1/notifications?limit=100', { token: victim.token })).json.items.find((n) => n.entity_id === A.pub)?.id;
  assert.ok(note, 'the victim got no notification');
  // a pending access request of `broker` on the victim's published achievement
  const rq = await api(s.url, 'POST', `/api/v1/achievements/${A.pub}/access-requests`, { token: tok.broker, body: { reason: `${TAG} 受托洽谈许可` } });
  assert.equal(rq.status, 201, rq.text);
  areq = rq.json.id;
  // an approved one of `expert`, decided by the victim (the owner org)
  const g = await api(s.url, 'POST', `/api/v1/achievements/${A.pub}/access-requests`, { token: tok.expert, body: { reason: `${TAG} 评审需要` } });
  assert.equal(g.status, 201, g.text);
  granted = g.json.id;
  const ok = await api(s.url, 'POST', `/api/v1/access-requests/${granted}/decision`, { token: victim.token, body: { action: 'approve' } });
  assert.equal(ok.status, 200, ok.text);
  for (const r of HIGH_ROLES) HIGH[r] = await makeUser(s.url, admin, { roles: [r], org_id: org.scu, prefix: `atk_hi_${r}` });
});
after(async () => { await s?.stop?.(); s?.cleanup?.(); });

/** The text of every file in a zip (an .xlsx), read through its central directory. */
function unzipText(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'not a zip');
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  let out = '';
  for (let i = 0; i < n; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'bad central directory');
    const method = buf.readUInt16LE(p + 10); const size = buf.readUInt32LE(p + 20);
    const nl = buf.readUInt16LE(p + 28); const xl = buf.readUInt16LE(p + 30); const cl = buf.readUInt16LE(p + 32);
    const lh = buf.readUInt32LE(p + 42);
    const start = lh + 30 + buf.readUInt16LE(lh + 26) + buf.readUInt16LE(lh + 28);
    const data = buf.subarray(start, start + size);
    out += (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    p += 46 + nl + xl + cl;
  }
  return out;
}

/** One refused attempt per role: status and error code exact; audit head and target unchanged. */
function attempt(name, expect, run, snapshot, check) {
  for (const [role, want] of Object.entries(expect)) {
    test(`${name} × ${role} → ${want}`, async () => {
      const h0 = await head(); const t0 = await snapshot(role);
      const r = await run(role);
      assert.equal(r.status, want, `${name} by ${role}: got ${r.status} ${r.text.slice(0, 300)}`);
      if (CODE[want]) assert.equal(r.json?.error?.code, CODE[want], `${name} by ${role}: ${r.text.slice(0, 300)}`);
      if (r.status === 404) assert.ok(!r.text.includes(TAG), `${name} by ${role}: the 404 reveals the record`);
      assert.equal(await snapshot(role), t0, `${name} by ${role}: the target changed`);
      assert.equal(await head(), h0, `${name} by ${role}: the audit chain head moved`);
      if (check) await check(role, r);
    });
  }
}

/* ---------------- the first cut: self-PATCH of one's own roles / org ---------------- */

const SELF = {
  'self PATCH roles +admin': { roles: ['admin'] },
  'self PATCH roles +officer': { roles: ['officer'] },
  'self PATCH roles +reviewer': { roles: ['reviewer'] },
  'self PATCH org_id other org': null, // org.ybln, known after before()
};
for (const [name, body] of Object.entries(SELF)) {
  attempt(name, all(403), (role) => api(s.url, 'PATCH', `/api/v1/users/${me[role].id}`, { token: tok[role], body: body ?? { org_id: org.ybln } }),
    (role) => asAdmin(`/api/v1/users/${me[role].id}`));
}

// a cross-site request rides the session cookie without the X-CSRF-Token (or with a guessed one)
for (const [what, headers] of Object.entries({ 'no X-CSRF-Token': () => ({}), 'a wrong X-CSRF-Token': () => ({ 'x-csrf-token': 'guessed' }) })) {
  attempt(`cookie session, ${what}: PATCH another org's user`, all(403), (role) => api(s.url, 'PATCH', `/api/v1/users/${victim.id}`, { headers: { cookie: cookie[role], ...headers() }, body: { password: 'Hijacked-Passw0rd!' } }),
    () => asAdmin(`/api/v1/users/${victim.id}`));
  attempt(`cookie session, ${what}: PATCH one's own display name`, all(403), (role) => api(s.url, 'PATCH', `/api/v1/users/${me[role].id}`, { headers: { cookie: cookie[role], ...headers() }, body: { display_name: 'csrf' } }),
    (role) => asAdmin(`/api/v1/users/${me[role].id}`));
}

/* ---------------- another org's achievements and demands ---------------- */

const REC = (kind, st) => (kind === 'achievements' ? A : D)[st];
const ACTIONS = {
  achievements: ['submit', 'accept', 'return', 'reject', 'publish', 'withdraw', 'renew', 'archive', 'expire'],
  demands: ['submit', 'publish', 'return', 'reject', 'match', 'withdraw', 'close', 'reopen'],
};
// The reviewer sees every achievement past draft with its detail (PRODUCT.md §2); the expert the
// victim's published one, by an approved access request; nobody else here.
const FULL_VIEWERS = ['reviewer', 'expert']; // expert: through the access request approved in before()

/* Expected status of a transition on the victim's PUBLISHED record, per role. Reviewer-side
 * actions (accept, return, reject, publish) by the reviewer or the 成都 officer on a published
 * record: they hold the role, the state forbids it → 409; actions of roles the actor lacks → 403;
 * the 成都 officer's reach stops at 成都: a 绵阳 record it can see as a card only → 403. */
const PUB_TRANSITION = {
  achievements: {
    submit: all(403), accept: all(403, { reviewer: 409 }), return: all(403, { reviewer: 409 }), reject: all(403, { reviewer: 409 }),
    publish: all(403, { reviewer: 409 }), withdraw: all(403), renew: all(403), archive: all(403), expire: all(403), // expire: system only, refused before the lookup
  },
  demands: {
    submit: all(403), publish: all(403, { reviewer: 409 }), return: all(403, { reviewer: 409 }), reject: all(403, { reviewer: 409 }),
    // brokers mark published demands as matched by design (demand.c): not an attack, left out
    match: (({ broker, ...rest }) => rest)(all(403)), withdraw: all(403), close: all(403), reopen: all(403),
  },
};

for (const kind of ['achievements', 'demands']) {
  const one = kind === 'achievements' ? 'achievement' : 'demand';
  const snap = (st) => () => asAdmin(`/api/v1/${kind}/${REC(kind, st)}`);
  for (const st of ['draft', 'pub']) {
    const label = `another org's ${st === 'draft' ? 'draft' : 'published'} ${one}`;
    attempt(`GET ${label}`, all(st === 'draft' ? 404 : 200), (role) => api(s.url, 'GET', `/api/v1/${kind}/${REC(kind, st)}`, { token: tok[role] }), snap(st),
      (role, r) => {
        if (r.status !== 200 || kind !== 'achievements') return;
        const full = FULL_VIEWERS.includes(role);
        assert.equal('detail' in r.json, full, `${role}: detail shown ${'detail' in r.json}`);
        assert.equal(r.json.detail_visible, full);
        if (!full) assert.ok(!r.text.includes('保密：'), `${role}: the confidential text is in the card`);
      });
    attempt(`history of ${label}`, all(st === 'draft' ? 404 : 200), (role) => api(s.url, 'GET', `/api/v1/${kind}/${REC(kind, st)}/history`, { token: tok[role] }), snap(st),
      (role, r) => { if (r.status === 200 && !FULL_VIEWERS.includes(role)) assert.ok(!r.text.includes('保密：'), `${role}: the detail in the history`); });
    attempt(`PATCH ${label} with a correct If-Match`, all(st === 'draft' ? 404 : 403), async (role) => {
      const g = await api(s.url, 'GET', `/api/v1/${kind}/${REC(kind, st)}`, { token: admin });
      const etag = g.headers.get('etag');
      assert.ok(etag, 'no ETag');
      const body = kind === 'achievements' ? { price_fen: 1, title: `${TAG} 被篡改` } : { budget_max_fen: 900000000, title: `${TAG} 被篡改` };
      return api(s.url, 'PATCH', `/api/v1/${kind}/${REC(kind, st)}`, { token: tok[role], body, headers: { 'if-match': etag } });
    }, snap(st));
    for (const action of ACTIONS[kind]) {
      // `expire` is the system's: refused (403) before any lookup, the same for a missing id (below)
      const expect = st === 'draft' && action !== 'expire' ? all(404) : PUB_TRANSITION[kind][action];
      attempt(`${action} on ${label}`, expect, (role) => act(s.url, tok[role], kind, REC(kind, st), action), snap(st));
    }
    attempt(`matches of ${label}`, all(st === 'draft' ? 404 : 200), (role) => api(s.url, 'GET', `/api/v1/${kind}/${REC(kind, st)}/matches`, { token: tok[role] }), snap(st));
  }

  // the draft is absent from everything listing records; the published card never carries the detail
  const ids = (text, fmt) => {
    if (fmt === 'jsonl') return text.split('\n').filter(Boolean).map((l) => JSON.parse(l).id);
    return text.split(/\r?\n/).slice(1).filter(Boolean).map((l) => Number(l.split(',')[0]));
  };
  test(`${kind}: another org's draft is absent from list, search, matches and export (csv, jsonl, xlsx) for every role`, async () => {
    const failures = [];
    const q = encodeURIComponent(TAG);
    for (const role of ROLES) {
      const t = tok[role];
      const l = await api(s.url, 'GET', `/api/v1/${kind}?q=${q}&limit=100`, { token: t });
      const lids = l.json.items.map((x) => x.id);
      if (lids.includes(REC(kind, 'draft'))) failures.push(`${role}: draft in the list`);
      if (!lids.includes(REC(kind, 'pub'))) failures.push(`${role}: the published record missing from the list`);
      if (l.text.includes('保密：')) failures.push(`${role}: detail in the list`);
      const sd = await api(s.url, 'GET', `/api/v1/${kind}?q=${q}&status=draft`, { token: t });
      if (sd.json.total !== 0) failures.push(`${role}: status=draft shows ${sd.json.total}`);
      for (const words of [TAG, `${TAG}草稿`, '钒钛储能催化剂', '钒钛储能催化剂需求']) {
        const sr = await api(s.url, 'GET', `/api/v1/search?q=${encodeURIComponent(words)}&limit=50`, { token: t });
        if (sr.status !== 200) { failures.push(`${role}: search ${sr.status}`); continue; }
        if (sr.text.includes(`${TAG}草稿`)) failures.push(`${role}: search "${words}" shows the draft`);
        if (!sr.json.items.some((x) => x.kind === kind.slice(0, -1) && x[x.kind]?.id === REC(kind, 'pub'))) failures.push(`${role}: search "${words}" misses the published record`);
        if (sr.text.includes('保密：')) failures.push(`${role}: search "${words}" shows the detail`);
      }
      for (const fmt of ['csv', 'jsonl']) {
        const e = await api(s.url, 'GET', `/api/v1/${kind}/export?format=${fmt}&q=${q}`, { token: t });
        if (e.status !== 200) { failures.push(`${role}: export ${fmt} ${e.status}`); continue; }
        const eids = ids(e.text, fmt);
        if (eids.includes(REC(kind, 'draft')) || e.text.includes(`${TAG}草稿`)) failures.push(`${role}: draft in the ${fmt} export`);
        if (!eids.includes(REC(kind, 'pub'))) failures.push(`${role}: the published record missing from the ${fmt} export`);
        if (!FULL_VIEWERS.includes(role) && e.text.includes('保密：')) failures.push(`${role}: the detail in the ${fmt} export`);
      }
      // xlsx: the cells are in the zipped sheet XML (ids as numbers, titles as shared strings)
      const x = await fetch(`${s.url}/api/v1/${kind}/export?format=xlsx&q=${q}`, { headers: t ? { authorization: `Bearer ${t}` } : {} });
      if (x.status !== 200) failures.push(`${role}: export xlsx ${x.status}`);
      else {
        const xml = unzipText(Buffer.from(await x.arrayBuffer()));
        if (xml.includes(`${TAG}草稿`)) failures.push(`${role}: draft in the xlsx export`);
        if (!xml.includes(`${TAG}发布`)) failures.push(`${role}: the published record missing from the xlsx export`);
        if (!FULL_VIEWERS.includes(role) && xml.includes('保密：')) failures.push(`${role}: the detail in the xlsx export`);
        if (role === 'reviewer' && kind === 'achievements' && !xml.includes('保密：')) failures.push('reviewer: no detail in the xlsx export (the check is blind)');
      }
      // matches seen from the other side: the published record of the other kind
      const other = kind === 'achievements' ? `/api/v1/demands/${D.pub}/matches` : `/api/v1/achievements/${A.pub}/matches`;
      // (the victim's demand and achievement share their topic: each ranks the other's published one)
      const m = await api(s.url, 'GET', `${other}?limit=50`, { token: t });
      const one = kind === 'achievements' ? 'achievement' : 'demand';
      if (m.status !== 200) failures.push(`${role}: matches ${m.status}`);
      else {
        const mids = m.json.items.map((x) => x[one]?.id);
        if (mids.includes(REC(kind, 'draft')) || m.text.includes(`${TAG}草稿`) || m.text.includes('保密：')) failures.push(`${role}: matches show the draft or the detail`);
        if (!mids.includes(REC(kind, 'pub'))) failures.push(`${role}: matches miss the published ${one}`);
      }
    }
    assert.deepEqual(failures, []);
  });
}

// a refused attempt on another org's draft answers exactly what a missing id answers: no oracle
test("another org's draft answers like a missing id (status and body), for every route and role", async () => {
  const failures = [];
  const MISSING = 987654321;
  for (const role of ROLES) {
    for (const kind of ['achievements', 'demands']) {
      const calls = [
        ['GET', ''], ['GET', '/history'], ['GET', '/matches'],
        ['PATCH', '', kind === 'achievements' ? { price_fen: 1 } : { budget_max_fen: 900000000 }],
        ...ACTIONS[kind].map((a) => ['POST', '/transitions', { action: a }]),
        ...(kind === 'achievements' ? [['POST', '/access-requests', { reason: '希望了解技术细节' }], ['GET', '/access-requests']] : []),
      ];
      for (const [m, sub, body] of calls) {
        const a = await api(s.url, m, `/api/v1/${kind}/${REC(kind, 'draft')}${sub}`, { token: tok[role], body });
        const b = await api(s.url, m, `/api/v1/${kind}/${MISSING}${sub}`, { token: tok[role], body });
        if (a.status !== b.status || a.text !== b.text) failures.push(`${role} ${m} ${kind}/{draft}${sub} ${JSON.stringify(body ?? '')}: ${a.status} ${a.text.slice(0, 80)} vs missing ${b.status} ${b.text.slice(0, 80)}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

// the audit trail (officers and admins read it, policy scope "all"): the confidential detail of an
// achievement is the owner's asset and never leaves through the before/after of its audit rows,
// not even to the 成都 officer for a 绵阳 record it sees only as a card (nor for a draft it
// cannot see at all). Admin keeps the full rows.
test("the audit log does not carry another org's confidential detail to an officer", async () => {
  for (const id of [A.draft, A.pub]) {
    const r = await api(s.url, 'GET', `/api/v1/audit?entity=achievement&id=${id}&limit=100`, { token: tok.officer });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length >= 1);
    assert.ok(!r.text.includes('保密：'), `officer: the detail of achievement ${id} in the audit log`);
    const full = await api(s.url, 'GET', `/api/v1/audit?entity=achievement&id=${id}&limit=100`, { token: admin });
    assert.ok(full.text.includes('保密：'), 'admin: the audit rows lost the detail');
  }
  const all = await api(s.url, 'GET', '/api/v1/audit?limit=100', { token: tok.officer });
  assert.ok(!all.text.includes('保密：'), 'officer: a detail in the audit log');
  for (const role of ROLES.filter((r) => r !== 'officer')) {
    const r = await api(s.url, 'GET', '/api/v1/audit?limit=1', { token: tok[role] });
    assert.equal(r.status, 403, role);
    assert.equal(r.json.error.code, 'forbidden');
  }
});

/* ---------------- notifications of another user ---------------- */

const noteSnap = async () => {
  const r = await api(s.url, 'GET', '/api/v1/notifications?limit=100', { token: victim.token });
  return JSON.stringify(r.json.items.find((n) => n.id === note));
};
attempt("mark another user's notification read", all(404), (role) => api(s.url, 'POST', `/api/v1/notifications/${note}/read`, { token: tok[role] }), noteSnap);
attempt("read another user's notification by id", all(404), (role) => api(s.url, 'GET', `/api/v1/notifications/${note}`, { token: tok[role] }), noteSnap);
test("another user's notification is in no attacker's list", async () => {
  for (const role of ROLES) {
    const r = await api(s.url, 'GET', '/api/v1/notifications?limit=100', { token: tok[role] });
    assert.equal(r.status, 200);
    assert.ok(!r.json.items.some((n) => n.id === note || n.user_id === victim.id), role);
  }
});

/* ---------------- access requests ---------------- */

const reqSnap = () => asAdmin(`/api/v1/access-requests?limit=100&status=pending`);
for (const action of ['approve', 'decline']) {
  // only the owner org (and admin) decides; the requester knows its request → 403, others → 404
  attempt(`${action} an access request on another org's achievement`, all(404, { broker: 403 }),
    (role) => api(s.url, 'POST', `/api/v1/access-requests/${areq}/decision`, { token: tok[role], body: { action, comment: '越权审批' } }), reqSnap,
    async (role) => {
      const g = await api(s.url, 'GET', `/api/v1/achievements/${A.pub}`, { token: tok[role] });
      assert.equal('detail' in g.json, FULL_VIEWERS.includes(role), `${role}: a refused decision granted the detail`);
    });
}
// revoking someone's granted access (the requester itself: 403 — it knows its request)
attempt("revoke another's approved access request on another org's achievement", all(404, { expert: 403 }),
  (role) => api(s.url, 'POST', `/api/v1/access-requests/${granted}/decision`, { token: tok[role], body: { action: 'revoke' } }),
  () => asAdmin('/api/v1/access-requests?limit=100&status=approved'),
  async () => {
    const g = await api(s.url, 'GET', `/api/v1/achievements/${A.pub}`, { token: tok.expert });
    assert.match(g.json.detail || '', /^保密：/, 'the granted access was lost');
  });
attempt("read another's access request by id", all(404), (role) => api(s.url, 'GET', `/api/v1/access-requests/${areq}`, { token: tok[role] }), reqSnap);
test("another's access request is in no attacker's list (per achievement and the inbox)", async () => {
  for (const role of ROLES.filter((r) => r !== 'broker')) {
    for (const path of [`/api/v1/achievements/${A.pub}/access-requests`, '/api/v1/access-requests?limit=100', '/api/v1/access-requests?limit=100&status=pending']) {
      const r = await api(s.url, 'GET', path, { token: tok[role] });
      assert.equal(r.status, 200, `${role} ${path}`);
      assert.ok(!r.json.items.some((x) => x.id === areq) && !r.text.includes('受托洽谈许可'), `${role} ${path}: sees the broker's request`);
    }
  }
  const own = await api(s.url, 'GET', '/api/v1/access-requests?mine=1', { token: tok.broker });
  assert.ok(own.json.items.some((x) => x.id === areq), 'the broker does not see its own request');
});

/* ---------------- users and orgs ---------------- */

// the victim researcher of 西南科技大学: out of every attacker's reach (another org, another region)
const victimSnap = () => asAdmin(`/api/v1/users/${victim.id}`);
for (const [what, body] of Object.entries({
  'roles +admin': { roles: ['admin'] }, 'roles −researcher': { roles: ['expert'] }, password: { password: 'Hijacked-Passw0rd!' },
  org_id: null, disabled: { disabled: true }, display_name: { display_name: '被篡改' },
})) {
  attempt(`PATCH another org's user: ${what}`, all(404), (role) => api(s.url, 'PATCH', `/api/v1/users/${victim.id}`, { token: tok[role], body: body ?? { org_id: org.scu } }), victimSnap);
}
test("the victim's password still works", async () => { await login(s.url, victim.username, 'Passw0rd-xyz!'); });

// in reach but beyond the actor's grant: 四川大学's org admin and the 成都 officer on `researcher`
const resSnap = () => asAdmin(`/api/v1/users/${me.researcher.id}`);
// (grantable, `kezhuan permissions`: org_admin → researcher, org_admin, enterprise, broker; officer →
// those and expert, reviewer; only admin grants officer or admin; only admin moves accounts)
const BEYOND = {
  'roles +admin': [{ roles: ['researcher', 'admin'] }, only(403, 'org_admin', 'officer')],
  'roles +officer': [{ roles: ['researcher', 'officer'] }, only(403, 'org_admin', 'officer')],
  'roles +reviewer': [{ roles: ['researcher', 'reviewer'] }, only(403, 'org_admin')],
  'roles +expert': [{ roles: ['researcher', 'expert'] }, only(403, 'org_admin')],
  org_id: [null, only(403, 'org_admin', 'officer')],
};
for (const [what, [body, expect]] of Object.entries(BEYOND)) {
  attempt(`PATCH a managed user beyond the grant: ${what}`, expect,
    (role) => api(s.url, 'PATCH', `/api/v1/users/${me.researcher.id}`, { token: tok[role], body: body ?? { org_id: org.ybln } }), resSnap);
}

// accounts in reach (四川大学, in 成都) holding roles the actor cannot grant are beyond its management:
// no password reset (an account takeover), no disabling, no renaming. The org admin grants
// researcher, org_admin, enterprise, broker; the officer also expert and reviewer.
for (const target of HIGH_ROLES) {
  for (const [what, body] of Object.entries({ password: { password: 'Hijacked-Passw0rd!' }, disabled: { disabled: true }, display_name: { display_name: '被篡改' } })) {
    const expect = { org_admin: 403, enterprise_rxw: 404, ...(['admin', 'officer'].includes(target) ? { officer: 403 } : {}) };
    attempt(`PATCH the ${what} of a 四川大学 account holding ${target}`, expect,
      (role) => api(s.url, 'PATCH', `/api/v1/users/${HIGH[target].id}`, { token: tok[role], body }), () => asAdmin(`/api/v1/users/${HIGH[target].id}`));
  }
}
test('the accounts beyond the attackers\' grant still log in with their own password, their sessions intact', async () => {
  for (const r of HIGH_ROLES) {
    assert.equal((await api(s.url, 'GET', '/api/v1/me', { token: HIGH[r].token })).status, 200, `${r}: session revoked`);
    await login(s.url, HIGH[r].username, 'Passw0rd-xyz!');
  }
});

// another org's fields (西南科技大学): known to everyone (orgs are public) → 403
const swustSnap = () => asAdmin(`/api/v1/orgs/${org.swust}`);
for (const [f, v] of Object.entries({ name: `${TAG} 改名大学`, kind: 'enterprise', credit_code: '91510000MA0000000C', region: '510107', tier: 'leader', industry: '34', address: '绵阳市 篡改地址', contact: '0816-0000000' })) {
  attempt(`PATCH another org's ${f}`, all(403), (role) => api(s.url, 'PATCH', `/api/v1/orgs/${org.swust}`, { token: tok[role], body: { [f]: v } }), swustSnap);
}
// identity fields of one's own org: officer/admin only, even for the org's own org admin
for (const [f, v] of Object.entries({ name: `${TAG} 四川大学改名`, kind: 'enterprise', credit_code: '91510000MA0000001F', region: '510703', tier: 'leader' })) {
  attempt(`org_admin PATCHes its own org's ${f}`, only(403, 'org_admin'), (role) => api(s.url, 'PATCH', `/api/v1/orgs/${org.scu}`, { token: tok[role], body: { [f]: v } }),
    () => asAdmin(`/api/v1/orgs/${org.scu}`));
}

// an org admin creating accounts: in another org, or with roles it may not grant
let useq = 0;
const newUser = (orgId, roles) => ({ username: `${TAG}_u${++useq}`.toLowerCase(), display_name: '越权账号', roles, org_id: orgId, password: 'Passw0rd-xyz!' });
const NOT_OFFICER = (({ officer, ...rest }) => rest)(all(403)); // the officer grants expert and reviewer
const CREATE = {
  'in another org (宜宾锂能)': [(role) => newUser(org.ybln, ['researcher']), all(403)],
  'in the victim org (西南科技大学)': [() => newUser(org.swust, ['org_admin']), all(403)],
  'granting admin': [(role) => newUser(me[role].org_id, ['admin']), all(403)],
  'granting officer': [(role) => newUser(me[role].org_id, ['officer']), all(403)],
  'granting reviewer': [(role) => newUser(me[role].org_id, ['reviewer']), NOT_OFFICER],
  'granting expert': [(role) => newUser(me[role].org_id, ['expert']), NOT_OFFICER],
};
for (const [what, [make, expect]] of Object.entries(CREATE)) {
  let name;
  attempt(`create a user ${what}`, expect, (role) => { const b = make(role); name = b.username; return api(s.url, 'POST', '/api/v1/users', { token: tok[role], body: b }); },
    async () => String(await userCount()),
    async () => {
      const l = await api(s.url, 'GET', `/api/v1/users?q=${encodeURIComponent(name)}`, { token: admin });
      assert.equal(l.json.total, 0, `${name} was created`);
    });
}
