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
