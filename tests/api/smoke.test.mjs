import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from './lib.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s.stop(); s.cleanup(); });

test('healthz answers ok and me needs a login', async () => {
  const h = await api(s.url, 'GET', '/healthz');
  assert.equal(h.status, 200);
  assert.deepEqual(h.json, { status: 'ok' });
  const me = await api(s.url, 'GET', '/api/v1/me');
  assert.equal(me.status, 401);
  assert.equal(me.json.error.code, 'unauthenticated');
  const a = await login(s.url, 'admin');
  const me2 = await api(s.url, 'GET', '/api/v1/me', { token: a.token });
  assert.equal(me2.status, 200);
  assert.equal(me2.json.username, 'admin');
  assert.deepEqual(me2.json.roles, ['admin']);
});

test('GET /me reflects a change to the account at once (the session cache is dropped)', async () => {
  const r = await login(s.url, 'researcher');
  const before = await api(s.url, 'GET', '/api/v1/me', { token: r.token });
  assert.equal(before.status, 200);
  const name = `刘教授（已改名 ${Date.now()}）`;
  const p = await api(s.url, 'PATCH', `/api/v1/users/${before.json.id}`, { token: r.token, body: { display_name: name } });
  assert.equal(p.status, 200, p.text);
  const after = await api(s.url, 'GET', '/api/v1/me', { token: r.token });
  assert.equal(after.json.display_name, name);
  assert.equal(after.json.version, before.json.version + 1);
  // an admin disabling the account ends the session at once, cached or not
  const a = await login(s.url, 'admin');
  const d = await api(s.url, 'PATCH', `/api/v1/users/${before.json.id}`, { token: a.token, body: { disabled: true } });
  assert.equal(d.status, 200, d.text);
  assert.equal((await api(s.url, 'GET', '/api/v1/me', { token: r.token })).status, 401);
});
