// Bad input, each case on its own: the right status and error code, the offending field named,
// the error body in the documented shape with a Chinese message — and nothing stored changed
// (PRODUCT.md §5: "Bad input never changes stored data").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, api, login, sql, PG } from './lib.mjs';

let s;
let admin; // {token, csrf, user, cookie}
let probeOrg; // an org the PATCH cases aim at
let otherOrg; // another org, whose credit code is taken
let probeUser; // an account the PATCH cases aim at
const MiB = 1024 * 1024;

before(async () => {
  s = await startServer();
  admin = await login(s.url, 'admin');
  const list = await api(s.url, 'GET', '/api/v1/orgs?limit=100');
  assert.equal(list.status, 200);
  const withCode = list.json.items.filter((o) => o.credit_code);
  assert.ok(withCode.length >= 2, 'the demo data should have orgs with credit codes');
  [probeOrg, otherOrg] = withCode;
  const u = await api(s.url, 'POST', '/api/v1/users', {
    token: admin.token,
    body: { username: `probe_${process.pid}`, display_name: '探针账号', roles: ['researcher'], org_id: probeOrg.id, password: 'Probe-Passw0rd' },
  });
  assert.equal(u.status, 201, u.text);
  probeUser = u.json;
});
after(async () => {
  if (!s) return;
  const ex = await s.stop();
  const stderr = s.stderr;
  s.cleanup();
  // a clean exit after all of this (under ASan, also: no leak or memory error)
  assert.deepEqual(ex, { code: 0, signal: null }, `server exit ${JSON.stringify(ex)}: ${stderr.slice(-2000)}`);
});

/** Everything a bad request could have touched. */
async function snapshot() {
  const orgs = await api(s.url, 'GET', '/api/v1/orgs?limit=1');
  const users = await api(s.url, 'GET', '/api/v1/users?limit=1', { token: admin.token });
  const audit = await api(s.url, 'GET', '/api/v1/audit?limit=1', { token: admin.token });
  const org = await api(s.url, 'GET', `/api/v1/orgs/${probeOrg.id}`);
  const user = await api(s.url, 'GET', `/api/v1/users/${probeUser.id}`, { token: admin.token });
  for (const r of [orgs, users, audit, org, user]) assert.equal(r.status, 200, r.text);
  return {
    orgs: orgs.json.total, users: users.json.total, audit: audit.json.total,
    auditHead: audit.json.items[0]?.hash,
    changes: sql(s.dbPath, 'SELECT count(*) FROM changes'),
    org: org.json, user: user.json,
    hashes: sql(s.dbPath, PG ? "SELECT string_agg(password_hash, ',' ORDER BY id) FROM users" : 'SELECT group_concat(password_hash) FROM users'),
  };
}

/** The documented error shape: {"error":{"code","message"[, "fields"]}} with a Chinese message. */
function assertError(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.json && typeof r.json === 'object', `error body is not JSON: ${r.text}`);
  assert.deepEqual(Object.keys(r.json), ['error'], r.text);
  assert.equal(r.json.error.code, code, r.text);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0, 'empty message');
  assert.match(r.json.error.message, /[\u4e00-\u9fff]/, `message is not Chinese: ${r.json.error.message}`);
  const ct = typeof r.headers.get === 'function' ? r.headers.get('content-type') : r.headers['content-type'];
  assert.match(ct || '', /^application\/json/);
  if (code === 'validation_failed') {
    assert.equal(typeof r.json.error.fields, 'object', `422 without fields: ${r.text}`);
    for (const [k, v] of Object.entries(r.json.error.fields)) {
      assert.equal(typeof v, 'string', `fields.${k}`);
      assert.match(v, /[\u4e00-\u9fff]/, `fields.${k} is not Chinese: ${v}`);
    }
  }
}

/** Runs a bad request; asserts its answer and that nothing changed. */
async function bad(send, status, code, fields = []) {
  const s0 = await snapshot();
  const r = await send();
  assertError(r, status, code);
  for (const f of fields) assert.ok(r.json.error.fields && f in r.json.error.fields, `fields.${f} missing: ${r.text}`);
  const s1 = await snapshot();
  assert.deepEqual(s1, s0, 'a bad request changed stored data');
  return r;
}

/** One HTTP/1.1 request on its own connection. `chunks` sends the body chunked; `declared`
 * announces a Content-Length and sends no body (the server should refuse before reading). */
function rawRequest({ method = 'POST', path, headers = {}, body, chunks, declared }) {
  return new Promise((resolve, reject) => {
    let head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nConnection: close\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    if (chunks) head += 'Transfer-Encoding: chunked\r\n';
    else if (declared !== undefined) head += `Content-Length: ${declared}\r\n`;
    else if (body !== undefined) head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
    const got = [];
    const sock = net.connect({ host: '127.0.0.1', port: s.port }, () => {
      sock.write(`${head}\r\n`);
      if (chunks) {
        for (const c of chunks) sock.write(`${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`);
        sock.write('0\r\n\r\n');
      } else if (body !== undefined && declared === undefined) sock.write(body);
    });
    sock.setTimeout(20000, () => sock.destroy(new Error('timeout')));
    sock.on('data', (d) => got.push(d));
    let failure;
    sock.on('error', (e) => { failure = e; }); // a reset after the answer is fine
    sock.on('close', () => {
      const all = Buffer.concat(got);
      const cut = all.indexOf('\r\n\r\n');
      if (cut < 0) return reject(failure || new Error(`no HTTP answer: ${all}`));
      const lines = all.subarray(0, cut).toString('latin1').split('\r\n');
      const hdrs = {};
      for (const l of lines.slice(1)) hdrs[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
      const text = all.subarray(cut + 4).toString('utf8');
      let json = null;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      resolve({ status: Number(lines[0].split(' ')[1]), headers: hdrs, json, text });
    });
  });
}

const post = (path, body) => () => api(s.url, 'POST', path, { token: admin.token, body });
const postRaw = (path, raw, contentType) => () => api(s.url, 'POST', path, { token: admin.token, raw, contentType });
const patch = (path, body) => () => api(s.url, 'PATCH', path, { token: admin.token, body });
const patchRaw = (path, raw) => () => api(s.url, 'PATCH', path, { token: admin.token, raw });
const ORGS = '/api/v1/orgs';
const USERS = '/api/v1/users';
const okOrg = (extra = {}) => ({ name: '成都某某科技有限公司', kind: 'enterprise', ...extra });
const okUser = (extra = {}) => ({ username: `newbie_${process.pid}`, display_name: '新账号', roles: ['researcher'], password: 'Good-Passw0rd', ...extra });
/** A 统一社会信用代码 with the wrong check character. */
function wrongCheck(code) {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  return code.slice(0, 17) + alphabet[(alphabet.indexOf(code[17]) + 1) % alphabet.length];
}
function nested(depth) { // an org body whose "name" holds arrays, `depth` levels in all
  return `{"kind":"enterprise","name":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
}

// ---- malformed bodies: 400 bad_json ----
test('malformed JSON → 400 bad_json', () => bad(postRaw(ORGS, '{"name": "甲乙公司", "kind": '), 400, 'bad_json'));
test('not JSON at all → 400 bad_json', () => bad(postRaw(ORGS, 'name=甲乙公司&kind=enterprise'), 400, 'bad_json'));
test('trailing garbage after the object → 400 bad_json', () => bad(postRaw(ORGS, '{"name":"甲乙公司","kind":"enterprise"} {}'), 400, 'bad_json'));
test('empty body → 400 bad_json', () => bad(postRaw(ORGS, ''), 400, 'bad_json'));
test('duplicate keys → 400 bad_json', () => bad(postRaw(ORGS, '{"name":"甲乙公司","name":"丙丁公司","kind":"enterprise"}'), 400, 'bad_json'));
test('a NUL character in a string → 400 bad_json', () => bad(postRaw(ORGS, '{"name":"甲乙\\u0000公司","kind":"enterprise"}'), 400, 'bad_json'));
test('JSON nested deeper than 16 → 400 bad_json', () => bad(postRaw(ORGS, nested(17)), 400, 'bad_json'));
test('JSON nested exactly 16 deep is parsed (then refused by validation, not as bad JSON)', () =>
  bad(postRaw(ORGS, nested(16)), 422, 'validation_failed', ['name']));
test('an integer beyond 64 bits → 400 bad_json', () => bad(postRaw(ORGS, '{"name":"甲乙公司","kind":"enterprise","tier":123456789012345678901234567890}'), 400, 'bad_json'));

// ---- the body is not an object ----
test('top-level array → 422 on body', () => bad(postRaw(ORGS, '[{"name":"甲乙公司","kind":"enterprise"}]'), 422, 'validation_failed', ['body']));
// jsonx.h: "a non-object is a 422 on \"body\"" — valid JSON of the wrong shape is not bad JSON
test('top-level string → 422 on body', () => bad(postRaw(ORGS, '"甲乙公司"'), 422, 'validation_failed', ['body']));
test('top-level number → 422 on body', () => bad(postRaw(ORGS, '42'), 422, 'validation_failed', ['body']));

// ---- validation: 422 naming the field ----
test('wrong type: name is a number', () => bad(post(ORGS, okOrg({ name: 12345 })), 422, 'validation_failed', ['name']));
test('wrong type: kind is a list', () => bad(post(ORGS, okOrg({ kind: ['enterprise'] })), 422, 'validation_failed', ['kind']));
test('wrong type: tier is a boolean', () => bad(post(ORGS, okOrg({ tier: true })), 422, 'validation_failed', ['tier']));
test('missing required field: name', () => bad(post(ORGS, { kind: 'enterprise' }), 422, 'validation_failed', ['name']));
test('empty object: every required field named', () => bad(post(ORGS, {}), 422, 'validation_failed', ['name', 'kind']));
test('null for a required field', () => bad(post(ORGS, okOrg({ name: null })), 422, 'validation_failed', ['name']));
test('overlong name (101 characters)', () => bad(post(ORGS, okOrg({ name: 'a'.repeat(101) })), 422, 'validation_failed', ['name']));
test('overlong name (101 Chinese characters)', () => bad(post(ORGS, okOrg({ name: '科'.repeat(101) })), 422, 'validation_failed', ['name']));
test('too short name (1 character)', () => bad(post(ORGS, okOrg({ name: '甲' })), 422, 'validation_failed', ['name']));
test('overlong address (201 characters)', () => bad(post(ORGS, okOrg({ address: '路'.repeat(201) })), 422, 'validation_failed', ['address']));
test('control character in a string', () => bad(post(ORGS, okOrg({ name: '甲乙\u0007公司' })), 422, 'validation_failed', ['name']));
test('unknown kind', () => bad(post(ORGS, okOrg({ kind: 'bank' })), 422, 'validation_failed', ['kind']));
test('unknown tier', () => bad(post(ORGS, okOrg({ tier: 'unicorn' })), 422, 'validation_failed', ['tier']));
test("invalid region code '999999'", () => bad(post(ORGS, okOrg({ region: '999999' })), 422, 'validation_failed', ['region']));
test('region code of the wrong length', () => bad(post(ORGS, okOrg({ region: '51010' })), 422, 'validation_failed', ['region']));
test("invalid industry code 'ZZ'", () => bad(post(ORGS, okOrg({ industry: 'ZZ' })), 422, 'validation_failed', ['industry']));
test('credit_code with a wrong check character', () => bad(post(ORGS, okOrg({ credit_code: wrongCheck(otherOrg.credit_code) })), 422, 'validation_failed', ['credit_code']));
test('credit_code of 17 characters', () => bad(post(ORGS, okOrg({ credit_code: otherOrg.credit_code.slice(0, 17) })), 422, 'validation_failed', ['credit_code']));
test('credit_code with a letter outside the GB 32100 alphabet', () => bad(post(ORGS, okOrg({ credit_code: `${otherOrg.credit_code.slice(0, 16)}I${otherOrg.credit_code[17]}` })), 422, 'validation_failed', ['credit_code']));
test('unknown field', () => bad(post(ORGS, okOrg({ website: 'https://example.cn' })), 422, 'validation_failed', ['website']));
test('unknown field: a client-chosen id', () => bad(post(ORGS, okOrg({ id: 424242 })), 422, 'validation_failed', ['id']));
test('several bad fields are all named', () => bad(post(ORGS, { name: 7, kind: 'bank', region: '999999', extra: 1 }), 422, 'validation_failed', ['name', 'kind', 'region', 'extra']));
test('invalid UTF-8 inside a string value (name)', () => bad(postRaw(ORGS,
  Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","kind":"enterprise"}')])), 422, 'validation_failed', ['name']));
test('invalid UTF-8 inside a string value (address, a truncated sequence)', () => bad(postRaw(ORGS,
  Buffer.concat([Buffer.from('{"name":"甲乙公司","kind":"enterprise","address":"成都'), Buffer.from([0xe6, 0x88]), Buffer.from('"}')])), 422, 'validation_failed', ['address']));
test('invalid UTF-8: an overlong encoding of "/"', () => bad(postRaw(ORGS,
  Buffer.concat([Buffer.from('{"name":"甲乙'), Buffer.from([0xc0, 0xaf]), Buffer.from('公司","kind":"enterprise"}')])), 422, 'validation_failed', ['name']));

// ---- conflicts: 409 ----
test('duplicate credit_code → 409', () => bad(post(ORGS, okOrg({ credit_code: otherOrg.credit_code })), 409, 'conflict'));
test('duplicate username → 409', () => bad(post(USERS, okUser({ username: 'admin' })), 409, 'conflict'));
test('duplicate username of a fresh account → 409', () => bad(post(USERS, okUser({ username: probeUser.username })), 409, 'conflict'));

// ---- account fields ----
test('user: weak password', () => bad(post(USERS, okUser({ password: 'abcdefgh' })), 422, 'validation_failed', ['password']));
test('user: short password', () => bad(post(USERS, okUser({ password: 'a1!' })), 422, 'validation_failed', ['password']));
test('user: missing password', () => bad(post(USERS, { username: 'nopass_user', display_name: '无密码', roles: ['researcher'] }), 422, 'validation_failed', ['password']));
test('user: invalid username', () => bad(post(USERS, okUser({ username: 'has space' })), 422, 'validation_failed', ['username']));
test('user: too short username', () => bad(post(USERS, okUser({ username: 'ab' })), 422, 'validation_failed', ['username']));
test('user: unknown role', () => bad(post(USERS, okUser({ roles: ['emperor'] })), 422, 'validation_failed', ['roles']));
test('user: no role', () => bad(post(USERS, okUser({ roles: [] })), 422, 'validation_failed', ['roles']));
test('user: roles as a string', () => bad(post(USERS, okUser({ roles: 'researcher' })), 422, 'validation_failed', ['roles']));
test('user: org_id as a string', () => bad(post(USERS, okUser({ org_id: String(probeOrg.id) })), 422, 'validation_failed', ['org_id']));
test('user: org_id of no org', () => bad(post(USERS, okUser({ org_id: 987654 })), 422, 'validation_failed', ['org_id']));
test('user: overlong display_name (51 characters)', () => bad(post(USERS, okUser({ display_name: '名'.repeat(51) })), 422, 'validation_failed', ['display_name']));
test('user: a client-supplied password_hash is an unknown field', () =>
  bad(post(USERS, okUser({ password_hash: '$argon2id$v=19$m=8,t=1,p=1$AAAA$BBBB' })), 422, 'validation_failed', ['password_hash']));

// ---- bad updates ----
test('PATCH org: malformed JSON', () => bad(patchRaw(`${ORGS}/${probeOrg.id}`, '{"name":'), 400, 'bad_json'));
test('PATCH org: unknown field', () => bad(patch(`${ORGS}/${probeOrg.id}`, { version: 99 }), 422, 'validation_failed', ['version']));
test('PATCH org: clearing the name', () => bad(patch(`${ORGS}/${probeOrg.id}`, { name: null }), 422, 'validation_failed', ['name']));
test('PATCH org: invalid region', () => bad(patch(`${ORGS}/${probeOrg.id}`, { region: '999999' }), 422, 'validation_failed', ['region']));
test('PATCH org: a good field with a bad one changes nothing', () => bad(patch(`${ORGS}/${probeOrg.id}`, { address: '新地址', industry: 'ZZ' }), 422, 'validation_failed', ['industry']));
test("PATCH org: taking another org's credit_code → 409", () => bad(patch(`${ORGS}/${probeOrg.id}`, { credit_code: otherOrg.credit_code }), 409, 'conflict'));
test('PATCH user: wrong type', () => bad(patch(`${USERS}/${probeUser.id}`, { disabled: 'yes' }), 422, 'validation_failed', ['disabled']));
test('PATCH user: weak password', () => bad(patch(`${USERS}/${probeUser.id}`, { password: 'password' }), 422, 'validation_failed', ['password']));
test('PATCH user: moving to an org that does not exist', () => bad(patch(`${USERS}/${probeUser.id}`, { display_name: '改名', org_id: 987654 }), 422, 'validation_failed', ['org_id']));
test('PATCH user: unknown field', () => bad(patch(`${USERS}/${probeUser.id}`, { username: 'renamed' }), 422, 'validation_failed', ['username']));

// ---- auth endpoints ----
test('login: wrong types', () => bad(() => api(s.url, 'POST', '/api/v1/auth/login', { body: { username: 5, password: ['x'] } }), 422, 'validation_failed', ['username', 'password']));
test('login: malformed JSON', () => bad(() => api(s.url, 'POST', '/api/v1/auth/login', { raw: '{"username":"admin",' }), 400, 'bad_json'));
test('password change: unknown field', () => bad(() => api(s.url, 'POST', '/api/v1/me/password', {
  token: admin.token, body: { current_password: 'Kezhuan@2026', new_password: 'Another-Passw0rd', force: true },
}), 422, 'validation_failed', ['force']));

// ---- media type ----
test('Content-Type text/plain → 415', () => bad(postRaw(ORGS, JSON.stringify(okOrg()), 'text/plain'), 415, 'unsupported_media_type'));
test('no Content-Type → 415', () => bad(() => fetchNoType(ORGS, JSON.stringify(okOrg())), 415, 'unsupported_media_type'));
test('Content-Type application/jsonx → 415', () => bad(postRaw(ORGS, JSON.stringify(okOrg()), 'application/jsonx'), 415, 'unsupported_media_type'));
test('form encoding on login → 415', () => bad(() => api(s.url, 'POST', '/api/v1/auth/login', { raw: 'username=admin&password=Kezhuan%402026', contentType: 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'));

async function fetchNoType(path, body) {
  const res = await fetch(s.url + path, { method: 'POST', headers: { authorization: `Bearer ${admin.token}` }, body: Buffer.from(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, json, text };
}

// ---- size ----
function bigOrg(total) { // a JSON body of exactly `total` bytes (the name is far too long)
  const shell = '{"kind":"enterprise","name":""}';
  return `{"kind":"enterprise","name":"${'x'.repeat(total - shell.length)}"}`;
}
test('body larger than 1 MiB with Content-Length → 413, refused before the body is read', () =>
  bad(() => rawRequest({ path: ORGS, headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' }, declared: MiB + 1 }), 413, 'payload_too_large'));
test('body larger than 1 MiB, sent chunked → 413', () => {
  const body = bigOrg(MiB + 1);
  const chunks = [];
  for (let i = 0; i < body.length; i += 60000) chunks.push(body.slice(i, i + 60000));
  return bad(() => rawRequest({ path: ORGS, headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' }, chunks }), 413, 'payload_too_large');
});
test('body of exactly 1 MiB is read (and refused by validation, not as too large)', () =>
  bad(() => rawRequest({ path: ORGS, headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' }, body: bigOrg(MiB) }), 422, 'validation_failed', ['name']));
test('body of exactly 1 MiB, chunked, is read too', () => {
  const body = bigOrg(MiB);
  const chunks = [];
  for (let i = 0; i < body.length; i += 100000) chunks.push(body.slice(i, i + 100000));
  return bad(() => rawRequest({ path: ORGS, headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' }, chunks }), 422, 'validation_failed', ['name']);
});

// ---- routing ----
function allowSet(r) { return new Set((r.headers.get('allow') || '').split(',').map((x) => x.trim()).filter(Boolean)); }
test('wrong method on a collection → 405 with Allow', async () => {
  const r = await bad(() => api(s.url, 'PUT', ORGS, { token: admin.token, body: okOrg() }), 405, 'method_not_allowed');
  assert.deepEqual(allowSet(r), new Set(['GET', 'POST']));
});
test('wrong method on a record → 405 with Allow', async () => {
  const r = await bad(() => api(s.url, 'DELETE', `${ORGS}/${probeOrg.id}`, { token: admin.token }), 405, 'method_not_allowed');
  assert.deepEqual(allowSet(r), new Set(['GET', 'PATCH']));
  const u = await bad(() => api(s.url, 'DELETE', `${USERS}/${probeUser.id}`, { token: admin.token }), 405, 'method_not_allowed');
  assert.deepEqual(allowSet(u), new Set(['GET', 'PATCH']));
});
test('GET on the login route → 405 with Allow: POST', async () => {
  const r = await bad(() => api(s.url, 'GET', '/api/v1/auth/login'), 405, 'method_not_allowed');
  assert.deepEqual(allowSet(r), new Set(['POST']));
});
test('unknown route → 404 JSON error', () => bad(() => api(s.url, 'POST', '/api/v1/organisations', { token: admin.token, body: okOrg() }), 404, 'not_found'));
test('unknown route outside /api → 404 JSON error', () => bad(() => api(s.url, 'GET', '/no/such/page'), 404, 'not_found'));
test('a non-numeric id → 404', () => bad(() => api(s.url, 'PATCH', `${ORGS}/abc`, { token: admin.token, body: { address: '某地' } }), 404, 'not_found'));
test('id 0 and a leading zero → 404', async () => {
  await bad(() => api(s.url, 'GET', `${ORGS}/0`), 404, 'not_found');
  await bad(() => api(s.url, 'GET', `${ORGS}/0${probeOrg.id}`), 404, 'not_found');
});
test('a record that does not exist → 404', () => bad(() => api(s.url, 'PATCH', `${ORGS}/987654`, { token: admin.token, body: { address: '某地' } }), 404, 'not_found'));

// ---- query parameters ----
test('list: limit=0 → 422', () => bad(() => api(s.url, 'GET', `${ORGS}?limit=0`), 422, 'validation_failed', ['limit']));
test('list: limit=101 → 422', () => bad(() => api(s.url, 'GET', `${ORGS}?limit=101`), 422, 'validation_failed', ['limit']));
test('list: limit=abc → 422', () => bad(() => api(s.url, 'GET', `${USERS}?limit=abc`, { token: admin.token }), 422, 'validation_failed', ['limit']));
test('list: a bad cursor → 422', () => bad(() => api(s.url, 'GET', `${ORGS}?cursor=-5`), 422, 'validation_failed', ['cursor']));
test('list: a region filter that is not a code prefix → 422', () => bad(() => api(s.url, 'GET', `${ORGS}?region=51ab`), 422, 'validation_failed', ['region']));
test('list: an unknown role filter → 422', () => bad(() => api(s.url, 'GET', `${USERS}?role=emperor`, { token: admin.token }), 422, 'validation_failed', ['role']));
test('list: a yes/no flag that is neither 1/true nor 0/false → 422 naming it', async () => {
  for (const path of ['/api/v1/achievements?facets=yes', '/api/v1/demands?facets=2', '/api/v1/search?q=电池&facets=on',
    '/api/v1/notifications?unread=maybe', '/api/v1/access-requests?mine=y']) {
    const field = path.match(/[?&](facets|unread|mine)=/)[1];
    await bad(() => api(s.url, 'GET', path, { token: admin.token }), 422, 'validation_failed', [field]);
  }
  for (const v of ['1', 'true', '0', 'false']) {
    const r = await api(s.url, 'GET', `/api/v1/achievements?facets=${v}`, { token: admin.token });
    assert.equal(r.status, 200, r.text);
    assert.equal('facets' in r.json, v === '1' || v === 'true');
  }
});

// ---- a good request after all of that still works ----
test('after the bad requests, the same server still accepts good ones', async () => {
  const r = await api(s.url, 'POST', ORGS, { token: admin.token, body: okOrg({ name: '坏输入之后的好机构' }) });
  assert.equal(r.status, 201, r.text);
  const l = await api(s.url, 'POST', '/api/v1/auth/login', { body: { username: probeUser.username, password: 'Probe-Passw0rd' } });
  assert.equal(l.status, 200, 'the probe account was changed by a bad request');
});

// libmicrohttpd cuts a decoded query value at an embedded NUL: the shortened value must not be
// used silently — the request layer refuses it as a 422 naming the parameter.
const get = (path) => () => api(s.url, 'GET', path, { token: admin.token });
test('query cursor with %00 → 422 on cursor', () => bad(get('/api/v1/achievements?cursor=abc%00def'), 422, 'validation_failed', ['cursor']));
test('query q with %00 → 422 on q', () => bad(get('/api/v1/search?q=a%00b'), 422, 'validation_failed', ['q']));
test('query status with %00 → 422 on status', () => bad(get('/api/v1/achievements?status=pub%00lished'), 422, 'validation_failed', ['status']));
test('query limit with %00 → 422 on limit (orgs)', () => bad(get('/api/v1/orgs?limit=1%002'), 422, 'validation_failed', ['limit']));
test('a query without NUL still answers 200', async () => {
  const r = await api(s.url, 'GET', '/api/v1/achievements?status=published', { token: admin.token });
  assert.equal(r.status, 200, r.text);
});
