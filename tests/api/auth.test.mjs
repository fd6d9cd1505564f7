// Authentication: login, session cookie, CSRF, logout, password change, session revocation,
// the login rate limit, hashed session storage and the audit trail of logins.
// Expectations follow PRODUCT.md §5 "Auth" and the auth issue; they are not derived from the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync, existsSync } from 'node:fs';
import { startServer, api, login, sql, dumpDb, DEMO_PASSWORD } from './lib.mjs';

const LOGIN = '/api/v1/auth/login';
let s; // the main server
let rl; // a server with a small login rate limit
let rl2; // the same with realistic password hashing and several workers
let adminTok;
let seq = 0;
const uniq = (p) => `${p}${process.pid % 10000}x${Date.now().toString(36)}x${++seq}`;

before(async () => {
  s = await startServer();
  adminTok = (await login(s.url, 'admin')).token;
});
after(async () => {
  const exits = [];
  for (const x of [s, rl, rl2]) {
    if (!x) continue;
    exits.push({ ex: await x.stop(), stderr: x.stderr });
    x.cleanup();
  }
  // each server shuts down cleanly (under ASan, also: no leak or memory error)
  for (const { ex, stderr } of exits) assert.deepEqual(ex, { code: 0, signal: null }, `server exit ${JSON.stringify(ex)}: ${stderr.slice(-2000)}`);
});

/** Finds every key (at any depth) whose name looks like a secret. */
function secretKeys(v, path = '$', out = []) {
  if (v && typeof v === 'object') {
    for (const [k, c] of Object.entries(v)) {
      if (/pass|hash|secret|salt/i.test(k)) out.push(`${path}.${k}`);
      secretKeys(c, `${path}.${k}`, out);
    }
  }
  return out;
}

/** Creates an account through the API as admin; returns its record. */
async function createUser(password = 'Start-Passw0rd', roles = ['researcher']) {
  const username = uniq('au');
  const r = await api(s.url, 'POST', '/api/v1/users', {
    token: adminTok, body: { username, display_name: '测试账号', roles, password },
  });
  assert.equal(r.status, 201, r.text);
  return { ...r.json, password };
}

const me = (url, token, headers) => api(url, 'GET', '/api/v1/me', { token, headers });

/** One HTTP/1.1 request on a fresh connection from a chosen local address (the server sees
 * that address as the client). Returns {status, headers, json, text}. */
function rawRequest(port, { method = 'GET', path = '/', headers = {}, body, localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
    let head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    if (body !== undefined) head += `Content-Length: ${payload.length}\r\n`;
    const chunks = [];
    const sock = net.connect({ host: '127.0.0.1', port, localAddress }, () => {
      sock.write(Buffer.concat([Buffer.from(`${head}\r\n`), payload]));
    });
    sock.setTimeout(15000, () => sock.destroy(new Error('timeout')));
    let failure;
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (e) => { failure = e; }); // a reset after a complete answer is fine
    sock.on('close', () => {
      const all = Buffer.concat(chunks);
      const cut = all.indexOf('\r\n\r\n');
      if (cut < 0) return reject(failure || new Error(`no HTTP answer: ${all.toString()}`));
      const lines = all.subarray(0, cut).toString('latin1').split('\r\n');
      const status = Number(lines[0].split(' ')[1]);
      const hdrs = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        hdrs[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const text = all.subarray(cut + 4).toString('utf8');
      let json = null;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      resolve({ status, headers: hdrs, json, text });
    });
  });
}

const loginFrom = (port, addr, username, password) => rawRequest(port, {
  method: 'POST', path: LOGIN, localAddress: addr,
  headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
});

test('login answers token, csrf_token and the user without any secret, and sets the session cookie', async () => {
  const r = await api(s.url, 'POST', LOGIN, { body: { username: 'researcher', password: DEMO_PASSWORD } });
  assert.equal(r.status, 200, r.text);
  assert.equal(typeof r.json.token, 'string');
  assert.ok(r.json.token.length >= 32, 'token too short');
  assert.equal(typeof r.json.csrf_token, 'string');
  assert.ok(r.json.csrf_token.length >= 32, 'csrf token too short');
  assert.notEqual(r.json.csrf_token, r.json.token);
  assert.equal(r.json.user.username, 'researcher');
  assert.deepEqual(r.json.user.roles, ['researcher']);
  assert.equal(typeof r.json.user.id, 'number');
  assert.ok('org_id' in r.json.user && 'display_name' in r.json.user);
  assert.deepEqual(secretKeys(r.json), [], 'login answer carries secret fields');
  assert.ok(!r.text.includes('$argon2'), 'a password hash leaked');

  const cookie = r.headers.get('set-cookie');
  assert.ok(cookie, 'no Set-Cookie');
  const parts = cookie.split(';').map((p) => p.trim());
  assert.equal(parts[0], `kz_session=${r.json.token}`);
  assert.ok(parts.includes('HttpOnly'), cookie);
  assert.ok(parts.includes('SameSite=Strict'), cookie);
  assert.ok(parts.includes('Path=/'), cookie);
});

test('wrong password and unknown user answer the same 401', async () => {
  const wrong = await api(s.url, 'POST', LOGIN, { body: { username: 'expert', password: 'Not-the-passw0rd' } });
  const unknown = await api(s.url, 'POST', LOGIN, { body: { username: 'no_such_user_here', password: 'Not-the-passw0rd' } });
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  assert.equal(wrong.json.error.code, 'unauthenticated');
  assert.equal(wrong.text, unknown.text, 'the answers reveal whether the account exists');
  assert.equal(wrong.headers.get('set-cookie'), null);
  assert.equal(unknown.headers.get('set-cookie'), null);
});

test('a bearer token and the session cookie both authenticate GET /api/v1/me', async () => {
  const l = await login(s.url, 'broker');
  const viaBearer = await me(s.url, l.token);
  assert.equal(viaBearer.status, 200);
  assert.equal(viaBearer.json.username, 'broker');
  assert.deepEqual(Object.keys(viaBearer.json).filter((k) => ['id', 'username', 'display_name', 'roles', 'org_id'].includes(k)).sort(),
    ['display_name', 'id', 'org_id', 'roles', 'username']);
  assert.deepEqual(secretKeys(viaBearer.json), []);
  const viaCookie = await me(s.url, undefined, { cookie: l.cookie });
  assert.equal(viaCookie.status, 200);
  assert.equal(viaCookie.json.username, 'broker');
  // a made-up token is refused, and so is another authentication scheme
  const bogus = await me(s.url, 'A'.repeat(43));
  assert.equal(bogus.status, 401);
  assert.equal(bogus.json.error.code, 'unauthenticated');
  const basic = await me(s.url, undefined, { authorization: `Basic ${Buffer.from(`broker:${DEMO_PASSWORD}`).toString('base64')}` });
  assert.equal(basic.status, 401);
  assert.match(basic.json.error.message, /[\u4e00-\u9fff]/);
});

test('a cookie-authenticated write needs the X-CSRF-Token header; bearer writes do not', async () => {
  const l = await login(s.url, 'admin');
  const orgBody = () => ({ name: uniq('CSRF测试机构'), kind: 'service' });
  const countOrgs = async () => (await api(s.url, 'GET', '/api/v1/orgs?limit=1')).json.total;
  const n0 = await countOrgs();

  const missing = await api(s.url, 'POST', '/api/v1/orgs', { body: orgBody(), headers: { cookie: l.cookie } });
  assert.equal(missing.status, 403, missing.text);
  assert.equal(missing.json.error.code, 'forbidden');
  const wrongTok = await api(s.url, 'POST', '/api/v1/orgs', {
    body: orgBody(), headers: { cookie: l.cookie, 'x-csrf-token': l.csrf.slice(0, -1) + (l.csrf.endsWith('A') ? 'B' : 'A') },
  });
  assert.equal(wrongTok.status, 403, wrongTok.text);
  const otherSession = (await login(s.url, 'admin')).csrf; // a real CSRF token, but of another session
  const crossed = await api(s.url, 'POST', '/api/v1/orgs', { body: orgBody(), headers: { cookie: l.cookie, 'x-csrf-token': otherSession } });
  assert.equal(crossed.status, 403, crossed.text);
  assert.equal(await countOrgs(), n0, 'a refused write changed data');

  const ok = await api(s.url, 'POST', '/api/v1/orgs', { body: orgBody(), headers: { cookie: l.cookie, 'x-csrf-token': l.csrf } });
  assert.equal(ok.status, 201, ok.text);
  const bearer = await api(s.url, 'POST', '/api/v1/orgs', { token: l.token, body: orgBody() });
  assert.equal(bearer.status, 201, bearer.text);
  assert.equal(await countOrgs(), n0 + 2);

  // cookie logout without the header is refused and the session survives
  const lo = await api(s.url, 'POST', '/api/v1/auth/logout', { headers: { cookie: l.cookie } });
  assert.equal(lo.status, 403);
  assert.equal((await me(s.url, l.token)).status, 200);
  const lo2 = await api(s.url, 'POST', '/api/v1/auth/logout', { headers: { cookie: l.cookie, 'x-csrf-token': l.csrf } });
  assert.equal(lo2.status, 204);
  const cleared = lo2.headers.get('set-cookie') || '';
  assert.match(cleared, /^kz_session=;/, 'logout should clear the cookie');
  assert.match(cleared, /Max-Age=0/);
  assert.equal((await me(s.url, l.token)).status, 401);
  assert.equal((await me(s.url, undefined, { cookie: l.cookie })).status, 401);
});

test('logout answers 204 and the token then answers 401', async () => {
  const l = await login(s.url, 'officer');
  const other = await login(s.url, 'officer');
  assert.equal((await me(s.url, l.token)).status, 200);
  const r = await api(s.url, 'POST', '/api/v1/auth/logout', { token: l.token });
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  const after1 = await me(s.url, l.token);
  assert.equal(after1.status, 401);
  assert.equal(after1.json.error.code, 'unauthenticated');
  // only that session ended
  assert.equal((await me(s.url, other.token)).status, 200);
  // logging out with a dead token is refused too
  assert.equal((await api(s.url, 'POST', '/api/v1/auth/logout', { token: l.token })).status, 401);
});

test('password change: validation, then other sessions revoked, the current one kept, the new password in force', async () => {
  const u = await createUser('Start-Passw0rd');
  const current = await login(s.url, u.username, u.password);
  const other = await login(s.url, u.username, u.password);
  const path = '/api/v1/me/password';

  const wrongCur = await api(s.url, 'POST', path, { token: current.token, body: { current_password: 'Wrong-Passw0rd', new_password: 'Next-Passw0rd-1' } });
  assert.equal(wrongCur.status, 422, wrongCur.text);
  assert.equal(wrongCur.json.error.code, 'validation_failed');
  assert.ok(wrongCur.json.error.fields.current_password, wrongCur.text);

  for (const weak of ['short1', 'abcdefghijkl', '1234567890']) {
    const r = await api(s.url, 'POST', path, { token: current.token, body: { current_password: u.password, new_password: weak } });
    assert.equal(r.status, 422, `${weak}: ${r.text}`);
    assert.ok(r.json.error.fields.new_password, r.text);
  }
  // nothing changed so far: both sessions alive, the old password works
  assert.equal((await me(s.url, other.token)).status, 200);
  const stillOld = await login(s.url, u.username, u.password);

  const ok = await api(s.url, 'POST', path, { token: current.token, body: { current_password: u.password, new_password: 'Next-Passw0rd-1' } });
  assert.equal(ok.status, 204, ok.text);
  assert.equal((await me(s.url, current.token)).status, 200, 'the session that changed the password was ended');
  assert.equal((await me(s.url, other.token)).status, 401, 'another session survived the password change');
  assert.equal((await me(s.url, stillOld.token)).status, 401, 'another session survived the password change');
  const oldPw = await api(s.url, 'POST', LOGIN, { body: { username: u.username, password: u.password } });
  assert.equal(oldPw.status, 401);
  const newPw = await api(s.url, 'POST', LOGIN, { body: { username: u.username, password: 'Next-Passw0rd-1' } });
  assert.equal(newPw.status, 200);

  const audit = await api(s.url, 'GET', `/api/v1/audit?entity=user&id=${u.id}&limit=100`, { token: adminTok });
  assert.ok(audit.json.items.some((i) => i.action === 'change_password'), 'no audit row for the password change');
  assert.ok(!audit.text.includes('$argon2'), 'a password hash is in the audit trail');
});

test('admin setting a password or disabling an account revokes its sessions; a disabled account cannot log in', async () => {
  const u = await createUser('Start-Passw0rd');
  const a1 = await login(s.url, u.username, u.password);
  const adminSelf = await login(s.url, 'admin');
  const pw = await api(s.url, 'PATCH', `/api/v1/users/${u.id}`, { token: adminSelf.token, body: { password: 'Admin-Set-Passw0rd' } });
  assert.equal(pw.status, 200, pw.text);
  assert.deepEqual(secretKeys(pw.json), []);
  assert.equal((await me(s.url, a1.token)).status, 401, 'session survived an admin password reset');
  assert.equal((await me(s.url, adminSelf.token)).status, 200, "the admin's own session was ended");
  assert.equal((await api(s.url, 'POST', LOGIN, { body: { username: u.username, password: u.password } })).status, 401);
  const a2 = await login(s.url, u.username, 'Admin-Set-Passw0rd');
  const trail = await api(s.url, 'GET', `/api/v1/audit?entity=user&id=${u.id}&limit=100`, { token: adminTok });
  assert.ok(trail.json.items.some((i) => !['login', 'create'].includes(i.action) && i.actor.includes('admin')), 'the reset is not in the audit trail');
  assert.ok(!/argon2|Admin-Set-Passw0rd/.test(trail.text), 'the new password or its hash is in the audit trail');

  const dis = await api(s.url, 'PATCH', `/api/v1/users/${u.id}`, { token: adminTok, body: { disabled: true } });
  assert.equal(dis.status, 200, dis.text);
  assert.equal(dis.json.disabled, true);
  assert.equal((await me(s.url, a2.token)).status, 401, 'session survived disabling the account');
  const again = await api(s.url, 'POST', LOGIN, { body: { username: u.username, password: 'Admin-Set-Passw0rd' } });
  assert.equal(again.status, 401, again.text);
  // the same answer as for a wrong password: a disabled account is not revealed
  const wrong = await api(s.url, 'POST', LOGIN, { body: { username: u.username, password: 'Wrong-Passw0rd-9' } });
  assert.equal(again.text, wrong.text);

  const en = await api(s.url, 'PATCH', `/api/v1/users/${u.id}`, { token: adminTok, body: { disabled: false } });
  assert.equal(en.status, 200, en.text);
  assert.equal((await api(s.url, 'POST', LOGIN, { body: { username: u.username, password: 'Admin-Set-Passw0rd' } })).status, 200);
  // revoked means revoked: enabling the account again does not revive the old sessions
  assert.equal((await me(s.url, a2.token)).status, 401, 'a session of the disabled account came back');
  assert.equal((await me(s.url, a1.token)).status, 401);
});

test('session tokens are stored hashed: the raw token is nowhere in the database', async () => {
  const l = await login(s.url, 'reviewer');
  assert.equal((await me(s.url, l.token)).status, 200);
  const rows = sql(s.dbPath, 'SELECT * FROM sessions');
  assert.ok(rows.length > 0, 'no sessions stored');
  assert.ok(!rows.includes(l.token), 'the sessions table holds the raw token');
  const dump = dumpDb(s.dbPath);
  assert.ok(!dump.includes(l.token), 'the database holds the raw token');
  for (const f of [s.dbPath, `${s.dbPath}-wal`]) {
    if (existsSync(f)) assert.ok(!readFileSync(f).includes(Buffer.from(l.token)), `${f} holds the raw token`);
  }
  // what is stored is a digest (hex), one row per session
  const hashes = sql(s.dbPath, 'SELECT token_hash FROM sessions').split('\n');
  for (const h of hashes) assert.match(h, /^[0-9a-f]{64}$/);
});

test('each login is appended to the audit chain', async () => {
  const l = await login(s.url, 'expert');
  const r = await api(s.url, 'GET', `/api/v1/audit?entity=user&id=${l.user.id}&limit=100`, { token: adminTok });
  assert.equal(r.status, 200, r.text);
  const row = r.json.items.find((i) => i.action === 'login');
  assert.ok(row, `no login row: ${r.text}`);
  assert.equal(row.entity, 'user');
  assert.equal(row.entity_id, String(l.user.id));
  assert.match(row.actor, /expert/);
  assert.ok(!r.text.includes(l.token), 'the token is in the audit trail');
  const all = await api(s.url, 'GET', '/api/v1/audit?entity=user&limit=100', { token: adminTok });
  assert.ok(all.json.items.some((i) => i.action === 'login' && i.entity_id === String(l.user.id)));
  // a failed login is not recorded as a login
  const n0 = (await api(s.url, 'GET', `/api/v1/audit?entity=user&id=${l.user.id}`, { token: adminTok })).json.total;
  await api(s.url, 'POST', LOGIN, { body: { username: 'expert', password: 'Wrong-Passw0rd-2' } });
  const n1 = (await api(s.url, 'GET', `/api/v1/audit?entity=user&id=${l.user.id}`, { token: adminTok })).json.total;
  assert.equal(n1, n0);
});

test('login rate limit: per account and per address, 429 with Retry-After', async () => {
  rl = await startServer({ env: { KEZHUAN_LOGIN_LIMIT: '3', KEZHUAN_LOGIN_WINDOW: '60' } });
  const A = '127.0.0.1'; // the attacker's address
  for (let i = 0; i < 3; i++) {
    const r = await loginFrom(rl.port, A, 'researcher', `Wrong-Passw0rd-${i}`);
    assert.equal(r.status, 401, `attempt ${i + 1}: ${r.text}`);
  }
  // the account is locked: even the right password from a fresh address is refused
  const locked = await loginFrom(rl.port, '127.0.0.2', 'researcher', DEMO_PASSWORD);
  assert.equal(locked.status, 429, locked.text);
  assert.equal(locked.json.error.code, 'rate_limited');
  assert.match(locked.json.error.message, /[\u4e00-\u9fff]/);
  const ra = Number(locked.headers['retry-after']);
  assert.ok(Number.isInteger(ra) && ra >= 1 && ra <= 60, `Retry-After ${locked.headers['retry-after']}`);
  assert.equal(locked.headers['set-cookie'], undefined);
  // from the attacker's address, the right password is refused as well
  const locked2 = await loginFrom(rl.port, A, 'researcher', DEMO_PASSWORD);
  assert.equal(locked2.status, 429);

  // the address is blocked too: another account from the same address
  const viaAddr = await loginFrom(rl.port, A, 'broker', DEMO_PASSWORD);
  assert.equal(viaAddr.status, 429, viaAddr.text);
  assert.ok(Number(viaAddr.headers['retry-after']) >= 1);
  // ...while that account from another address, and another address in general, are fine
  const fine = await loginFrom(rl.port, '127.0.0.2', 'broker', DEMO_PASSWORD);
  assert.equal(fine.status, 200, fine.text);
  assert.ok(fine.json.token);

  // the address limit counts failures across accounts: 3 different unknown users from one address
  const B = '127.0.0.3';
  for (const name of ['nobody_1', 'nobody_2', 'nobody_3']) {
    assert.equal((await loginFrom(rl.port, B, name, 'Wrong-Passw0rd-x')).status, 401);
  }
  const blockedB = await loginFrom(rl.port, B, 'expert', DEMO_PASSWORD);
  assert.equal(blockedB.status, 429, blockedB.text);
  assert.ok(blockedB.headers['retry-after']);
  assert.equal((await loginFrom(rl.port, '127.0.0.4', 'expert', DEMO_PASSWORD)).status, 200);
});

test('login rate limit holds under concurrent guessing: no more than the limit of failures get through', async () => {
  // Password checks take real time here (argon2id, 16 MiB), and 8 workers answer at once: the
  // limit must be enforced atomically, not checked before and counted after the slow check.
  rl2 = await startServer({
    env: { KEZHUAN_LOGIN_LIMIT: '3', KEZHUAN_LOGIN_WINDOW: '60', KEZHUAN_PWHASH_OPS: '2', KEZHUAN_PWHASH_MEM_KIB: '16384' },
    args: ['--threads', '8'],
  });
  const guesses = await Promise.all(Array.from({ length: 24 }, (_, i) =>
    api(rl2.url, 'POST', LOGIN, { body: { username: 'enterprise_yb', password: `Guess-Passw0rd-${i}` } })));
  const by = {};
  for (const g of guesses) by[g.status] = (by[g.status] || 0) + 1;
  assert.deepEqual(Object.keys(by).sort(), ['401', '429'], JSON.stringify(by));
  assert.equal(by[401], 3, `${by[401]} password guesses were checked with a limit of 3 (${JSON.stringify(by)})`);
  // and the right password is refused now
  assert.equal((await api(rl2.url, 'POST', LOGIN, { body: { username: 'enterprise_yb', password: DEMO_PASSWORD } })).status, 429);
});

test('GET /me with a cookie session answers the session\'s CSRF token in X-CSRF-Token (for a reloaded page); never for bearer calls', async () => {
  const l = await login(s.url, 'researcher');
  for (let i = 0; i < 2; i++) { // the first call may read the database, the next one the session cache
    const viaCookie = await api(s.url, 'GET', '/api/v1/me', { headers: { cookie: l.cookie } });
    assert.equal(viaCookie.status, 200);
    assert.equal(viaCookie.headers.get('x-csrf-token'), l.csrf);
  }
  const viaBearer = await api(s.url, 'GET', '/api/v1/me', { token: l.token });
  assert.equal(viaBearer.status, 200);
  assert.equal(viaBearer.headers.get('x-csrf-token'), null);
  const anon = await api(s.url, 'GET', '/api/v1/me');
  assert.equal(anon.headers.get('x-csrf-token'), null);
  // the token it gives works for a cookie write
  const w = await api(s.url, 'POST', '/api/v1/auth/logout', { headers: { cookie: l.cookie, 'x-csrf-token': (await api(s.url, 'GET', '/api/v1/me', { headers: { cookie: l.cookie } })).headers.get('x-csrf-token') } });
  assert.equal(w.status, 204);
});
