// Attacker suite: per role, scripted escalation attempts; each must be refused and leave
// the audit chain head and the targeted record unchanged. Table: attempt × role → status.
// (First cut, written under deadline: own roles / own org_id self-PATCH. Grow per module.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, DEMO_USERS, orgIdByName } from './lib.mjs';

const ROLES = ['researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer'];
let s; let admin; const tok = {}; const me = {}; let otherOrg;

async function head() {
  const r = await api(s.url, 'GET', '/api/v1/audit?limit=1', { token: admin });
  assert.equal(r.status, 200);
  return JSON.stringify(r.json.items?.[0] ?? null);
}
async function userAsAdmin(id) {
  const r = await api(s.url, 'GET', `/api/v1/users/${id}`, { token: admin });
  return JSON.stringify(r.json);
}

// attempt name -> (role) -> { body, expect: allowed statuses }
const ATTEMPTS = {
  'self PATCH roles +admin': () => ({ body: { roles: ['admin'] }, expect: [403, 422] }),
  'self PATCH roles +officer': () => ({ body: { roles: ['officer'] }, expect: [403, 422] }),
  'self PATCH roles +reviewer': () => ({ body: { roles: ['reviewer'] }, expect: [403, 422] }),
  'self PATCH org_id other org': () => ({ body: { org_id: otherOrg }, expect: [403, 422] }),
};

before(async () => {
  s = await startServer();
  admin = (await login(s.url, DEMO_USERS.admin)).token;
  for (const r of ROLES) { const l = await login(s.url, DEMO_USERS[r]); tok[r] = l.token; me[r] = l.user; }
  otherOrg = await orgIdByName(s.url, '宜宾锂能动力电池有限公司');
});
after(async () => { await s?.stop?.(); });

for (const [name, make] of Object.entries(ATTEMPTS)) {
  for (const role of ROLES) {
    test(`${name} × ${role}`, async () => {
      const { body, expect } = make(role);
      const id = me[role].id;
      const h0 = await head(); const u0 = await userAsAdmin(id);
      const r = await api(s.url, 'PATCH', `/api/v1/users/${id}`, { token: tok[role], body });
      assert.ok(expect.includes(r.status), `${name} by ${role}: got ${r.status} ${JSON.stringify(r.json)}`);
      assert.equal(await head(), h0, 'audit chain head changed');
      assert.equal(await userAsAdmin(id), u0, 'user record changed');
    });
  }
}
