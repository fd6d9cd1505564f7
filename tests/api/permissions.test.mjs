// Permission matrix: every route × every role (and anonymous) against the expected status.
// The expectations are a literal table written from the product spec (PRODUCT.md §2, §5 and
// the team's permission brief) — never derived from src/domain/authz.c. Every write request
// is valid, so only the permission decides the answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, DEMO_USERS } from './lib.mjs';

const ROLES = ['anonymous', 'researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer', 'admin'];
const ACCOUNT_ROLES = ROLES.filter((r) => r !== 'anonymous');
const ORG_NAMES = { scu: '四川大学', ybln: '宜宾锂能动力电池有限公司' };
const DEMO_USER_COUNT = 11; // src/cli_demo.c creates 11 accounts

let s;
const tok = {}; // role -> bearer token (anonymous: undefined)
const me = {}; // role -> user record from login
const org = {}; // key -> id
const uid = {}; // role -> user id
let usersCreated = 0; // every 201 on POST /users in this file
let seq = 0;
const uniq = (p) => `${p}${process.pid}x${Date.now().toString(36)}x${++seq}`;

function all(status) { return Object.fromEntries(ROLES.map((r) => [r, status])); }
function roles(status) { return Object.fromEntries(ACCOUNT_ROLES.map((r) => [r, status])); }

before(async () => {
  s = await startServer();
  for (const r of ACCOUNT_ROLES) {
    const l = await login(s.url, DEMO_USERS[r]);
    tok[r] = l.token;
    me[r] = l.user;
  }
  for (const [k, name] of Object.entries(ORG_NAMES)) {
    const r = await api(s.url, 'GET', `/api/v1/orgs?q=${encodeURIComponent(name)}`);
    const hit = r.json.items.find((o) => o.name === name);
    assert.ok(hit, `demo org ${name} not found`);
    org[k] = hit.id;
  }
  for (const r of ACCOUNT_ROLES) {
    const name = DEMO_USERS[r];
    const l = await api(s.url, 'GET', `/api/v1/users?q=${encodeURIComponent(name)}&limit=100`, { token: tok.admin });
    assert.equal(l.status, 200);
    const hit = l.json.items.find((u) => u.username === name);
    assert.ok(hit, `demo user ${name} not found`);
    uid[r] = hit.id;
  }
});
after(async () => { await s?.stop(); s?.cleanup(); });

/* Each case: route (method + OpenAPI path), and per role the expected status. A role missing
 * from `expect` is not part of that case; every route must cover all roles over its cases.
 * `req(role)` returns {path, body?, token?} — token defaults to the role's own. */
const CASES = [
  { name: 'healthz', route: 'GET /healthz', expect: all(200), req: () => ({ path: '/healthz' }) },
  { name: 'readyz', route: 'GET /readyz', expect: all(200), req: () => ({ path: '/readyz' }) },
  { name: 'metrics', route: 'GET /metrics', expect: all(200), req: () => ({ path: '/metrics' }) },
  { name: 'openapi', route: 'GET /api/v1/openapi.json', expect: all(200), req: () => ({ path: '/api/v1/openapi.json' }) },
  { name: 'vocabulary index', route: 'GET /api/v1/vocab', expect: all(200), req: () => ({ path: '/api/v1/vocab' }) },
  { name: 'a vocabulary', route: 'GET /api/v1/vocab/{key}', expect: all(200), req: () => ({ path: '/api/v1/vocab/regions?parent=510100' }) },
  {
    name: 'login with the right password', route: 'POST /api/v1/auth/login', expect: all(200),
    // anonymous: a client without a session logs in to another demo account
    req: (r) => ({ path: '/api/v1/auth/login', body: { username: r === 'anonymous' ? 'researcher_uestc' : DEMO_USERS[r], password: 'Kezhuan@2026' } }),
  },
  {
    name: 'logout (a fresh session per role)', route: 'POST /api/v1/auth/logout',
    expect: { anonymous: 401, ...roles(204) },
    req: async (r) => ({ path: '/api/v1/auth/logout', token: r === 'anonymous' ? undefined : (await login(s.url, DEMO_USERS[r])).token }),
    check: async (r, res, req) => {
      if (r !== 'anonymous') assert.equal((await api(s.url, 'GET', '/api/v1/me', { token: req.token })).status, 401, `${r}: token still valid after logout`);
    },
  },
  {
    name: 'me', route: 'GET /api/v1/me', expect: { anonymous: 401, ...roles(200) },
    req: () => ({ path: '/api/v1/me' }),
    check: (r, res) => { if (r !== 'anonymous') assert.equal(res.json.username, DEMO_USERS[r]); },
  },
  {
    name: 'change password with a wrong current password', route: 'POST /api/v1/me/password',
    expect: { anonymous: 401, ...roles(422) },
    req: () => ({ path: '/api/v1/me/password', body: { current_password: 'Wrong-Passw0rd-1', new_password: 'N3w-Passw0rd-xyz!' } }),
  },
  { name: 'list orgs', route: 'GET /api/v1/orgs', expect: all(200), req: () => ({ path: '/api/v1/orgs' }) },
  { name: 'read an org', route: 'GET /api/v1/orgs/{id}', expect: all(200), req: () => ({ path: `/api/v1/orgs/${org.scu}` }) },
  {
    name: 'create an org in 成都 (510104)', route: 'POST /api/v1/orgs',
    expect: { anonymous: 401, researcher: 403, org_admin: 403, enterprise: 403, broker: 403, expert: 403, reviewer: 403, officer: 201, admin: 201 },
    req: () => ({ path: '/api/v1/orgs', body: { name: uniq('权限测试企业'), kind: 'enterprise', region: '510104' } }),
    check: async (r, res, rq) => {
      if (res.status === 201) assert.match(res.headers.get('location') || '', /\/api\/v1\/orgs\/\d+$/);
      else await assertNoOrg(rq.body.name);
    },
  },
  {
    name: 'create an org in 宜宾 (511502), outside the officer region', route: 'POST /api/v1/orgs',
    expect: { officer: 403 },
    req: () => ({ path: '/api/v1/orgs', body: { name: uniq('权限测试宜宾企业'), kind: 'enterprise', region: '511502' } }),
    check: (r, res, rq) => assertNoOrg(rq.body.name),
  },
  {
    name: 'patch 四川大学', route: 'PATCH /api/v1/orgs/{id}',
    expect: { anonymous: 401, researcher: 403, org_admin: 200, enterprise: 403, broker: 403, expert: 403, reviewer: 403, officer: 200, admin: 200 },
    req: () => ({ path: `/api/v1/orgs/${org.scu}`, body: { address: uniq('成都市武侯区一环路南一段 24 号 #') } }),
  },
  {
    name: 'patch 宜宾锂能 (other org, other region)', route: 'PATCH /api/v1/orgs/{id}',
    expect: { org_admin: 403, officer: 403, admin: 200 },
    req: () => ({ path: `/api/v1/orgs/${org.ybln}`, body: { address: uniq('宜宾市翠屏区临港经开区 #') } }),
  },
  {
    name: 'list users', route: 'GET /api/v1/users',
    expect: { anonymous: 401, researcher: 403, org_admin: 200, enterprise: 403, broker: 403, expert: 403, reviewer: 403, officer: 200, admin: 200 },
    req: () => ({ path: '/api/v1/users?limit=100' }),
    check: async (r, res) => {
      if (res.status !== 200) return;
      const items = res.json.items;
      if (r === 'org_admin') {
        assert.ok(items.length >= 2, 'org_admin sees at least 四川大学 accounts');
        for (const u of items) assert.equal(u.org_id, org.scu, `org_admin sees ${u.username} of org ${u.org_id}`);
      }
      if (r === 'officer') {
        assert.ok(items.length >= 1);
        for (const u of items) {
          assert.ok(u.org_id, `officer sees ${u.username} without an org`);
          const o = await api(s.url, 'GET', `/api/v1/orgs/${u.org_id}`);
          assert.match(o.json.region, /^5101/, `officer sees ${u.username} of org ${o.json.name} (${o.json.region})`);
        }
      }
      if (r === 'admin') {
        assert.equal(res.json.total, DEMO_USER_COUNT + usersCreated);
        assert.ok(items.some((u) => u.username === 'admin') && items.some((u) => u.username === 'enterprise_yb'));
      }
    },
  },
  {
    name: 'read own account', route: 'GET /api/v1/users/{id}', expect: roles(200),
    req: (r) => ({ path: `/api/v1/users/${uid[r]}` }),
    check: (r, res) => assert.equal(res.json.username, DEMO_USERS[r]),
  },
  {
    name: "read admin's account", route: 'GET /api/v1/users/{id}',
    expect: { anonymous: 401, researcher: 404, org_admin: 404, enterprise: 404, broker: 404, expert: 404, reviewer: 404, officer: 404 },
    req: () => ({ path: `/api/v1/users/${uid.admin}` }),
  },
  {
    name: "read researcher's account", route: 'GET /api/v1/users/{id}',
    expect: { org_admin: 200, officer: 200, admin: 200, enterprise: 404, broker: 404, expert: 404, reviewer: 404 },
    req: () => ({ path: `/api/v1/users/${uid.researcher}` }),
  },
  {
    name: 'create a researcher in 四川大学', route: 'POST /api/v1/users',
    expect: { anonymous: 401, researcher: 403, org_admin: 201, enterprise: 403, broker: 403, expert: 403, reviewer: 403, officer: 201, admin: 201 },
    req: () => ({ path: '/api/v1/users', body: newUser(org.scu, ['researcher']) }),
    check: async (r, res, rq) => {
      if (res.status === 201) assert.equal(res.json.org_id, org.scu);
      else await assertNoUser(rq.body.username);
    },
  },
  {
    name: 'org_admin creates a user in another org', route: 'POST /api/v1/users', expect: { org_admin: 403 },
    req: () => ({ path: '/api/v1/users', body: newUser(org.ybln, ['researcher']) }),
    check: (r, res, rq) => assertNoUser(rq.body.username),
  },
  {
    name: 'org_admin grants officer', route: 'POST /api/v1/users', expect: { org_admin: 403 },
    req: () => ({ path: '/api/v1/users', body: newUser(org.scu, ['officer']) }),
    check: (r, res, rq) => assertNoUser(rq.body.username),
  },
  {
    name: 'officer grants admin', route: 'POST /api/v1/users', expect: { officer: 403 },
    req: () => ({ path: '/api/v1/users', body: newUser(org.scu, ['admin']) }),
    check: (r, res, rq) => assertNoUser(rq.body.username),
  },
  {
    name: 'officer creates a user in 宜宾锂能 (outside region)', route: 'POST /api/v1/users', expect: { officer: 403 },
    req: () => ({ path: '/api/v1/users', body: newUser(org.ybln, ['researcher']) }),
    check: (r, res, rq) => assertNoUser(rq.body.username),
  },
  {
    name: 'patch own display name', route: 'PATCH /api/v1/users/{id}', expect: roles(200),
    req: (r) => ({ path: `/api/v1/users/${uid[r]}`, body: { display_name: `改名 ${r} ${++seq}` } }),
  },
  {
    name: 'researcher grants itself admin', route: 'PATCH /api/v1/users/{id}', expect: { researcher: 403 },
    req: () => ({ path: `/api/v1/users/${uid.researcher}`, body: { roles: ['admin'] } }),
    check: async () => {
      const u = await api(s.url, 'GET', `/api/v1/users/${uid.researcher}`, { token: tok.admin });
      assert.deepEqual(u.json.roles, ['researcher']);
    },
  },
  {
    name: "patch researcher's display name", route: 'PATCH /api/v1/users/{id}',
    expect: { anonymous: 401, org_admin: 200, officer: 200, admin: 200, enterprise: 404, broker: 404, expert: 404, reviewer: 404 },
    req: (r) => ({ path: `/api/v1/users/${uid.researcher}`, body: { display_name: `刘教授 by ${r} ${++seq}` } }),
  },
  {
    name: 'admin disables itself', route: 'PATCH /api/v1/users/{id}', expect: { admin: 409 },
    req: () => ({ path: `/api/v1/users/${uid.admin}`, body: { disabled: true } }),
    check: async () => {
      const u = await api(s.url, 'GET', '/api/v1/me', { token: tok.admin });
      assert.equal(u.status, 200);
      assert.equal(u.json.disabled, false);
    },
  },
  {
    name: 'list users again after the creates', route: 'GET /api/v1/users', expect: { admin: 200 },
    req: () => ({ path: '/api/v1/users?limit=100' }),
    check: (r, res) => {
      assert.ok(usersCreated >= 3, 'the creates above answered 201');
      assert.equal(res.json.total, DEMO_USER_COUNT + usersCreated);
      assert.equal(res.json.items.length, DEMO_USER_COUNT + usersCreated);
    },
  },
  {
    name: 'read the audit trail', route: 'GET /api/v1/audit',
    expect: { anonymous: 401, researcher: 403, org_admin: 403, enterprise: 403, broker: 403, expert: 403, reviewer: 403, officer: 200, admin: 200 },
    req: () => ({ path: '/api/v1/audit' }),
  },
];

// A denied write changes nothing.
async function assertNoOrg(name) {
  const r = await api(s.url, 'GET', `/api/v1/orgs?q=${encodeURIComponent(name)}`);
  assert.equal(r.json.total, 0, `denied create stored org ${name}`);
}
async function assertNoUser(username) {
  const r = await api(s.url, 'GET', `/api/v1/users?q=${encodeURIComponent(username)}`, { token: tok.admin });
  assert.equal(r.json.total, 0, `denied create stored user ${username}`);
}

function newUser(orgId, roleList) {
  const u = uniq('perm_');
  return { username: u, display_name: `测试 ${u}`, roles: roleList, org_id: orgId, password: 'Passw0rd-xyz' };
}

test('the route list equals the paths × methods of openapi.json, and every route covers every role', async () => {
  const r = await api(s.url, 'GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const documented = [];
  for (const [p, item] of Object.entries(r.json.paths)) {
    for (const m of Object.keys(item)) if (METHODS.includes(m)) documented.push(`${m.toUpperCase()} ${p}`);
  }
  const tested = [...new Set(CASES.map((c) => c.route))];
  assert.deepEqual(tested.sort(), documented.sort());
  for (const route of tested) {
    const covered = new Set(CASES.filter((c) => c.route === route).flatMap((c) => Object.keys(c.expect)));
    assert.deepEqual([...covered].sort(), [...ROLES].sort(), `${route} does not cover every role`);
  }
});

for (const c of CASES) {
  test(`${c.route} — ${c.name}`, async () => {
    const got = {}, failures = [];
    for (const role of ROLES) {
      if (!(role in c.expect)) continue;
      const rq = await c.req(role);
      const token = 'token' in rq ? rq.token : tok[role];
      const [method] = c.route.split(' ');
      const res = await api(s.url, method, rq.path, { token, body: rq.body });
      got[role] = res.status;
      if (res.status === 201 && c.route === 'POST /api/v1/users') usersCreated++;
      if (res.status === c.expect[role] && c.check) {
        try { await c.check(role, res, { ...rq, token }); } catch (e) { failures.push(`${role}: ${e.message}`); }
      }
      if (res.status !== c.expect[role]) failures.push(`${role}: ${method} ${rq.path} → ${res.status} ${res.text.slice(0, 200)}`);
    }
    assert.deepEqual(got, c.expect, failures.join('\n'));
    assert.deepEqual(failures, []);
  });
}
