// Field-level authorization (issue 12), derived from the declarations: `kezhuan permissions`
// prints who may write each field of each resource (src/domain/authz.c). For every declared
// field × every role × own / same-org / in-region / other record, this file sends a valid PATCH
// of that one field and asserts the answer the declaration implies — and, when refused, that
// the record is unchanged. It also checks that the declarations cover every writable property
// of the PATCH schemas in openapi.json, so a new field without a rule fails here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, kz, DEMO_USERS, orgIdByName, makeAchievement, makeDemand, FUTURE_DATE } from './lib.mjs';

const ROLES = ['researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer', 'admin'];
let s, rules, admin;
const actor = {}; // role -> {token, id, org_id, region}
const orgs = {}; // key -> {id, region}
let seq = 0;
const uniq = (p) => `${p}${process.pid}x${Date.now().toString(36)}x${++seq}`;

before(async () => {
  const r = kz(['permissions']);
  assert.equal(r.status, 0, r.stderr);
  rules = JSON.parse(r.stdout);
  s = await startServer();
  admin = (await login(s.url, 'admin')).token;
  for (const [k, name] of [['scu', '四川大学'], ['ybln', '宜宾锂能动力电池有限公司'], ['swust', '西南科技大学'], ['rxw', '成都锐芯微电子科技有限公司']]) {
    const id = await orgIdByName(s.url, name);
    orgs[k] = { id, region: (await api(s.url, 'GET', `/api/v1/orgs/${id}`)).json.region };
  }
  for (const role of ROLES) {
    const l = await login(s.url, DEMO_USERS[role]);
    const o = l.user.org_id ? (await api(s.url, 'GET', `/api/v1/orgs/${l.user.org_id}`)).json : null;
    actor[role] = { token: l.token, id: l.user.id, org_id: l.user.org_id, region: o?.region ?? '', roles: l.user.roles };
  }
});
after(async () => { await s?.stop(); s?.cleanup(); });

/* What the declarations say: does some row of `field` reach the target for the actor? */
function prefix(region) {
  let p = (region || '').slice(0, 6);
  while (p.length >= 2 && p.endsWith('00')) p = p.slice(0, -2);
  return p;
}
function reaches(a, scope, t) {
  switch (scope) {
    case 'all': return true;
    case 'region': return a.roles.includes('officer') && prefix(a.region) !== '' && (t.region || '').startsWith(prefix(a.region));
    case 'org': return !!a.org_id && t.org_id === a.org_id;
    case 'self': return t.user_id === a.id;
    default: return false;
  }
}
function declared(res, field, a, t) {
  return (rules.fields[res][field] || []).some((row) => row.roles.some((r) => a.roles.includes(r)) &&
    !(row.others && t.user_id === a.id) && reaches(a, row.scope, t));
}

test('declarations cover every writable property of the PATCH schemas (and nothing else)', async () => {
  const spec = (await api(s.url, 'GET', '/api/v1/openapi.json')).json;
  const props = (name) => Object.keys(spec.components.schemas[name].properties || {});
  const want = {
    users: props('UserPatch'),
    achievements: props('AchievementInput').filter((f) => f !== 'org_id'), // org_id: on create only
    demands: props('DemandInput').filter((f) => f !== 'org_id'),
    orgs: props('OrgInput'),
  };
  for (const [res, fields] of Object.entries(want)) {
    assert.ok(fields.length > 0, `${res}: no schema properties`);
    assert.deepEqual(Object.keys(rules.fields[res]).sort(), [...fields].sort(), `${res}: declared fields ≠ schema`);
  }
});

/* ---- users ---- */

async function freshUser(org_id, roles = ['enterprise']) {
  const username = uniq('fld_');
  const r = await api(s.url, 'POST', '/api/v1/users', { token: admin, body: { username, display_name: `字段测试 ${username}`, roles, org_id, password: 'Passw0rd-xyz!' } });
  assert.equal(r.status, 201, r.text);
  return { ...r.json, username };
}
const adminGet = async (path) => (await api(s.url, 'GET', path, { token: admin })).json;
const strip = (o) => { const c = { ...o }; delete c.version; delete c.updated_at; return c; };

function userValue(field, t) {
  switch (field) {
    case 'display_name': return uniq('改名');
    case 'password': return 'New-Passw0rd-9!';
    case 'roles': return ['researcher'];
    case 'disabled': return true;
    case 'org_id': return t.org_id === orgs.ybln.id ? orgs.scu.id : orgs.ybln.id;
    default: throw new Error(`no sample value for users.${field}`);
  }
}

test('users: every field × role × self / same org / in-region / other region', async () => {
  for (const role of ROLES) {
    const a = actor[role];
    // self: a fresh account with the actor's roles and org, acting on its own record
    const targets = [['same org', a.org_id], ['四川大学 (成都)', orgs.scu.id], ['宜宾锂能 (宜宾)', orgs.ybln.id]];
    for (const field of Object.keys(rules.fields.users)) {
      const cases = [];
      const self = await freshUser(a.org_id, a.roles);
      const selfTok = (await login(s.url, self.username, 'Passw0rd-xyz!')).token;
      cases.push({ name: 'self', user: self, token: selfTok, as: { ...a, id: self.id } });
      for (const [name, org_id] of targets) {
        if (!org_id) continue;
        cases.push({ name, user: await freshUser(org_id), token: a.token, as: a });
      }
      for (const c of cases) {
        const region = c.user.org_id ? (await adminGet(`/api/v1/orgs/${c.user.org_id}`)).region : '';
        const t = { user_id: c.user.id, org_id: c.user.org_id, region };
        const value = userValue(field, t);
        let ok = declared('users', field, c.as, t);
        if (ok && field === 'roles') ok = rules.grantable[role] !== undefined && ['researcher', 'enterprise'].every((r) => a.roles.some((ar) => rules.grantable[ar].includes(r)));
        const selfDisable = field === 'disabled' && c.name === 'self';
        const before = await adminGet(`/api/v1/users/${c.user.id}`);
        const r = await api(s.url, 'PATCH', `/api/v1/users/${c.user.id}`, { token: c.token, body: { [field]: value } });
        const what = `${role} → ${c.name} users.${field}: ${r.status} ${r.text}`;
        if (ok && !selfDisable) {
          assert.equal(r.status, 200, what);
          if (field !== 'password') assert.deepEqual(r.json[field], value, what);
        } else {
          // a manager disabling itself: 409 (the account rules); everyone else refused
          assert.ok(ok ? r.status === 409 : [403, 404].includes(r.status), what);
          assert.deepEqual(strip(await adminGet(`/api/v1/users/${c.user.id}`)), strip(before), `${what}: changed`);
          assert.deepEqual(await adminGet(`/api/v1/users/${c.user.id}`), before, `${what}: version moved`);
        }
      }
    }
  }
});

test('an org admin cannot move itself (or anyone) into another organisation — the org-hopping finding', async () => {
  const a = actor.org_admin;
  const me = await adminGet(`/api/v1/users/${a.id}`);
  const r = await api(s.url, 'PATCH', `/api/v1/users/${a.id}`, { token: a.token, body: { org_id: orgs.ybln.id }, headers: { 'if-match': `"v${me.version}"` } });
  assert.equal(r.status, 403, r.text);
  assert.equal((await adminGet(`/api/v1/users/${a.id}`)).org_id, a.org_id);
  // the other org's confidential detail stays hidden
  const yb = await freshUser(orgs.ybln.id, ['researcher']);
  const ybTok = (await login(s.url, yb.username, 'Passw0rd-xyz!')).token;
  const ach = await makeAchievement(s.url, { admin, reviewer: admin, owner: ybTok }, 'published', { region: '511502', detail: '保密：宜宾的工艺参数' });
  const g = await api(s.url, 'GET', `/api/v1/achievements/${ach.id}`, { token: a.token });
  assert.equal(g.status, 200);
  assert.ok(!('detail' in g.json), 'detail of another org visible');
  // an admin moving an account revokes its sessions and is in the audit chain with before/after
  const u = await freshUser(orgs.scu.id, ['researcher']);
  const ut = (await login(s.url, u.username, 'Passw0rd-xyz!')).token;
  const m = await api(s.url, 'PATCH', `/api/v1/users/${u.id}`, { token: admin, body: { org_id: orgs.swust.id } });
  assert.equal(m.status, 200, m.text);
  assert.equal((await api(s.url, 'GET', '/api/v1/me', { token: ut })).status, 401, 'session kept after a move between orgs');
  const au = await api(s.url, 'GET', `/api/v1/audit?entity=user&id=${u.id}&limit=1`, { token: admin });
  const row = au.json.items[0];
  assert.equal(row.action, 'update');
  assert.equal(row.before.org_id, orgs.scu.id);
  assert.equal(row.after.org_id, orgs.swust.id);
});

/* ---- orgs ---- */

function orgValue(field, cur) {
  switch (field) {
    case 'name': return uniq('字段测试机构');
    case 'kind': return cur.kind === 'service' ? 'incubator' : 'service';
    case 'tier': return cur.tier === 'gazelle' ? 'leader' : 'gazelle';
    case 'industry': return cur.industry === '6513' ? '7320' : '6513';
    case 'region': return cur.region.startsWith('5101') ? (cur.region === '510104' ? '510105' : '510104') : (cur.region === '511502' ? '511503' : '511502');
    case 'address': return uniq('地址 ');
    case 'contact': return uniq('028-');
    case 'credit_code': return null; // cleared: a value every role may send
    default: throw new Error(`no sample value for orgs.${field}`);
  }
}

test('orgs: every field × role × own org / in-region / other region', async () => {
  for (const role of ROLES) {
    const a = actor[role];
    const targets = [...new Set([a.org_id, orgs.scu.id, orgs.ybln.id].filter(Boolean))];
    for (const field of Object.keys(rules.fields.orgs)) {
      for (const id of targets) {
        const before = await adminGet(`/api/v1/orgs/${id}`);
        const t = { org_id: id, region: before.region };
        const value = orgValue(field, before);
        const ok = declared('orgs', field, a, t);
        const r = await api(s.url, 'PATCH', `/api/v1/orgs/${id}`, { token: a.token, body: { [field]: value } });
        const what = `${role} → org ${before.name} orgs.${field}: ${r.status} ${r.text}`;
        if (ok) {
          assert.equal(r.status, 200, what);
          // put it back as it was
          const back = await api(s.url, 'PATCH', `/api/v1/orgs/${id}`, { token: admin, body: { [field]: before[field] } });
          assert.equal(back.status, 200, back.text);
        } else {
          assert.ok([403, 404].includes(r.status), what);
          assert.deepEqual(await adminGet(`/api/v1/orgs/${id}`), before, `${what}: changed`);
        }
      }
    }
  }
});

/* ---- achievements and demands (drafts: editable by their owners) ---- */

const SAMPLE = {
  achievements: {
    title: () => uniq('字段测试成果 '), summary: () => `字段测试摘要，描述足够长的公开内容 ${uniq('')}`, detail: () => uniq('保密：字段测试 '),
    keywords: () => ['字段', uniq('k')], industry: () => '6513', tech_field: () => 'electronic_info', region: () => '510104', trl: () => 8,
    ip: () => [], team: () => [{ name: '赵工', share_pct: 50 }], transfer_modes: () => ['transfer'], transaction_mode: () => 'listed',
    price_fen: () => 123400, valid_until: () => '2031-01-31', competing: () => uniq('对比 '),
  },
  demands: {
    title: () => uniq('字段测试需求 '), description: () => `字段测试需求描述，足够长的问题说明 ${uniq('')}`, indicators: () => uniq('指标 '),
    basis: () => uniq('基础 '), kind: () => 'equipment', industry: () => '6513', region: () => '510104', budget_min_fen: () => 200000000,
    budget_max_fen: () => 600000000, deadline: () => '2031-01-31', trl_min: () => 6, cooperation_modes: () => ['commission'],
  },
};

for (const res of ['achievements', 'demands']) {
  test(`${res}: every field × role × own org's draft / another org's draft`, async () => {
    const ownerOf = res === 'achievements' ? [orgs.scu.id, orgs.swust.id] : [orgs.ybln.id, orgs.rxw.id];
    const make = res === 'achievements' ? makeAchievement : makeDemand;
    for (const field of Object.keys(rules.fields[res])) {
      assert.ok(SAMPLE[res][field], `no sample value for ${res}.${field}`);
      for (const role of ROLES) {
        const a = actor[role];
        for (const org_id of ownerOf) {
          const rec = await make(s.url, { owner: admin, admin, reviewer: admin }, 'draft', { org_id, ...(res === 'achievements' ? { valid_until: FUTURE_DATE } : {}) });
          const before = await adminGet(`/api/v1/${res}/${rec.id}`);
          const t = { org_id, region: before.region };
          const value = SAMPLE[res][field]();
          const ok = declared(res, field, a, t);
          const r = await api(s.url, 'PATCH', `/api/v1/${res}/${rec.id}`, { token: a.token, body: { [field]: value } });
          const what = `${role} → ${res} #${rec.id} of org ${org_id}.${field}: ${r.status} ${r.text}`;
          if (ok) {
            assert.equal(r.status, 200, what);
            assert.deepEqual(r.json[field], value, what);
          } else {
            assert.ok([403, 404].includes(r.status), what);
            assert.deepEqual(await adminGet(`/api/v1/${res}/${rec.id}`), before, `${what}: changed`);
          }
        }
      }
    }
  });
}

test('an officer needs an org with a region: creating or saving one without → 422 naming org_id, nothing stored', async () => {
  const username = uniq('off_');
  const c = await api(s.url, 'POST', '/api/v1/users', { token: admin, body: { username, display_name: '无辖区科员', roles: ['officer'], password: 'Passw0rd-xyz!' } });
  assert.equal(c.status, 422, c.text);
  assert.ok(c.json.error.fields.org_id, c.text);
  const l = await api(s.url, 'GET', `/api/v1/users?q=${username}`, { token: admin });
  assert.equal(l.json.total, 0);
  const o = await freshUser(orgs.scu.id, ['officer']);
  const before = await adminGet(`/api/v1/users/${o.id}`);
  const p = await api(s.url, 'PATCH', `/api/v1/users/${o.id}`, { token: admin, body: { org_id: null } });
  assert.equal(p.status, 422, p.text);
  assert.ok(p.json.error.fields.org_id, p.text);
  assert.deepEqual(await adminGet(`/api/v1/users/${o.id}`), before);
  const u = await freshUser(null, ['researcher']);
  const g = await api(s.url, 'PATCH', `/api/v1/users/${u.id}`, { token: admin, body: { roles: ['officer'] } });
  assert.equal(g.status, 422, g.text);
});
