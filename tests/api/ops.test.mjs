// Operations: liveness, readiness, Prometheus metrics, request ids, the API description,
// graceful shutdown and the per-request log line (PRODUCT.md §5 "Operations").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { startServer, api, login, sql, PG } from './lib.mjs';
import { fileURLToPath } from 'node:url';

let s;
let admin;
const extra = []; // other servers started by single tests, stopped in after()

before(async () => {
  s = await startServer();
  admin = (await login(s.url, 'admin')).token;
});
after(async () => {
  const exits = [];
  for (const x of [s, ...extra]) {
    if (!x) continue;
    exits.push({ ex: await x.stop(), stderr: x.stderr });
    x.cleanup();
  }
  // each server shuts down cleanly (under ASan, also: no leak or memory error)
  for (const { ex, stderr } of exits) assert.deepEqual(ex, { code: 0, signal: null }, `server exit ${JSON.stringify(ex)}: ${stderr.slice(-2000)}`);
});

async function until(what, fn, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One HTTP/1.1 request on a fresh connection (never a pooled one). */
function rawRequest(port, { method = 'GET', path = '/', headers = {}, body, declared, timeoutMs } = {}) {
  return new Promise((resolveP, reject) => {
    let head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    if (declared !== undefined) head += `Content-Length: ${declared}\r\n`;
    else if (body !== undefined) head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
    const got = [];
    let failure;
    const sock = net.connect({ host: '127.0.0.1', port }, () => sock.write(`${head}\r\n${declared === undefined && body !== undefined ? body : ''}`));
    let timedOut = false;
    sock.setTimeout(timeoutMs ?? 20000, () => { timedOut = true; sock.destroy(); });
    sock.on('data', (d) => got.push(d));
    sock.on('error', (e) => { failure = e; });
    sock.on('close', () => {
      if (timedOut && timeoutMs) return resolveP(null); // the caller asked to give up quietly
      if (timedOut) return reject(new Error(`no answer to ${method} ${path}`));
      const parsed = parseHttp(Buffer.concat(got));
      if (!parsed) return reject(failure || new Error('no HTTP answer'));
      resolveP(parsed);
    });
  });
}

function parseHttp(all) {
  const cut = all.indexOf('\r\n\r\n');
  if (cut < 0) return null;
  const lines = all.subarray(0, cut).toString('latin1').split('\r\n');
  const headers = {};
  for (const l of lines.slice(1)) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
  const text = all.subarray(cut + 4).toString('utf8');
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: Number(lines[0].split(' ')[1]), headers, text, json };
}

/** Parses Prometheus text into samples [{name, labels, value}], checking each line's form. */
function parseProm(text) {
  const samples = [];
  const typed = new Set();
  for (const line of text.split('\n')) {
    if (!line) continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
      assert.ok(m, `bad comment line: ${line}`);
      if (m[1] === 'TYPE') {
        assert.match(m[3], /^(counter|gauge|histogram|summary|untyped)$/);
        typed.add(m[2]);
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `bad sample line: ${line}`);
    const labels = {};
    if (m[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
      let lm;
      let consumed = 0;
      while ((lm = re.exec(m[3]))) { labels[lm[1]] = lm[2]; consumed = re.lastIndex; }
      assert.equal(consumed, m[3].length, `bad labels: ${line}`);
    }
    const value = Number(m[4] === '+Inf' ? Infinity : m[4]);
    assert.ok(!Number.isNaN(value), `bad value: ${line}`);
    const family = m[1].replace(/_(bucket|sum|count)$/, '');
    assert.ok(typed.has(m[1]) || typed.has(family), `sample without # TYPE: ${line}`);
    samples.push({ name: m[1], labels, value });
  }
  return samples;
}

async function metrics(url) {
  const r = await api(url, 'GET', '/metrics');
  assert.equal(r.status, 200);
  return { r, samples: parseProm(r.text) };
}
const count = (samples, labels) => samples
  .filter((x) => x.name === 'kezhuan_http_requests_total' && Object.entries(labels).every(([k, v]) => x.labels[k] === v))
  .reduce((a, x) => a + x.value, 0);

test('/healthz answers 200 {"status":"ok"}', async () => {
  const r = await api(s.url, 'GET', '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'ok' });
  assert.match(r.headers.get('content-type'), /^application\/json/);
});

test('/readyz answers 200 ready, and 503 while the schema is behind', async () => {
  const ok = await api(s.url, 'GET', '/readyz');
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'ready');
  const saved = sql(s.dbPath, 'SELECT version, applied_at FROM schema_migrations ORDER BY version').split('\n');
  try {
    sql(s.dbPath, 'DELETE FROM schema_migrations');
    const behind = await api(s.url, 'GET', '/readyz');
    assert.equal(behind.status, 503, behind.text);
    assert.notEqual(behind.json.status, 'ready');
    assert.match(behind.text, /[\u4e00-\u9fff]/, 'no explanation for the operator');
    // liveness is not readiness
    assert.equal((await api(s.url, 'GET', '/healthz')).status, 200);
  } finally {
    for (const row of saved) {
      const [v, at] = row.split('|');
      sql(s.dbPath, `INSERT INTO schema_migrations (version, applied_at) VALUES (${Number(v)}, '${at}') ON CONFLICT DO NOTHING`);
    }
  }
  const again = await api(s.url, 'GET', '/readyz');
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.status, 'ready');
});

test('/metrics is Prometheus text with request counts by route and status, and duration histograms', async () => {
  const org = (await api(s.url, 'GET', '/api/v1/orgs?limit=1')).json.items[0];
  const route = '/api/v1/orgs/{id}';
  const m0 = (await metrics(s.url)).samples;
  const ok0 = count(m0, { route, status: '200', method: 'GET' });
  const nf0 = count(m0, { route, status: '404', method: 'GET' });
  for (let i = 0; i < 3; i++) assert.equal((await api(s.url, 'GET', `/api/v1/orgs/${org.id}`)).status, 200);
  assert.equal((await api(s.url, 'GET', '/api/v1/orgs/987654')).status, 404);

  // the counters are updated when each answer completes: poll
  const { r, samples } = await until('the counters to move', async () => {
    const m = await metrics(s.url);
    return count(m.samples, { route, status: '200', method: 'GET' }) >= ok0 + 3 && count(m.samples, { route, status: '404', method: 'GET' }) >= nf0 + 1 ? m : null;
  });
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  assert.equal(count(samples, { route, status: '200', method: 'GET' }), ok0 + 3);
  assert.equal(count(samples, { route, status: '404', method: 'GET' }), nf0 + 1);
  assert.match(r.text, /^kezhuan_http_requests_total\{[^}]*route="\/api\/v1\/orgs\/\{id\}"[^}]*status="200"[^}]*\} \d+$/m);

  const buckets = samples.filter((x) => x.name === 'kezhuan_http_request_duration_seconds_bucket' && x.labels.route === route);
  assert.ok(buckets.length >= 2, 'no duration buckets for the route');
  const les = buckets.map((b) => (b.labels.le === '+Inf' ? Infinity : Number(b.labels.le)));
  assert.deepEqual(les, [...les].sort((a, b) => a - b), 'buckets out of order');
  assert.equal(les.at(-1), Infinity, 'no +Inf bucket');
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i].value >= buckets[i - 1].value, 'buckets are not cumulative');
  const cnt = samples.find((x) => x.name === 'kezhuan_http_request_duration_seconds_count' && x.labels.route === route);
  const sum = samples.find((x) => x.name === 'kezhuan_http_request_duration_seconds_sum' && x.labels.route === route);
  assert.ok(cnt && sum);
  assert.equal(buckets.at(-1).value, cnt.value);
  assert.ok(cnt.value >= ok0 + 4);
  assert.ok(sum.value > 0);
});

test('every response carries an X-Request-Id; a safe client id is echoed, an unsafe one is not', async () => {
  const safe = /^[A-Za-z0-9_-]{1,64}$/;
  const answers = [
    await api(s.url, 'GET', '/healthz'),
    await api(s.url, 'GET', '/api/v1/me'), // 401
    await api(s.url, 'GET', '/api/v1/nothing-here'), // 404
    await api(s.url, 'DELETE', '/api/v1/orgs'), // 405
    await api(s.url, 'POST', '/api/v1/orgs', { token: admin, raw: 'x', contentType: 'text/plain' }), // 415
    await api(s.url, 'POST', '/api/v1/orgs', { token: admin, body: {} }), // 422
    await api(s.url, 'POST', '/api/v1/orgs', { token: admin, raw: '{' }), // 400
    await api(s.url, 'GET', '/metrics'),
    await api(s.url, 'GET', '/api/v1/openapi.json'),
  ];
  const early413 = await rawRequest(s.port, { method: 'POST', path: '/api/v1/orgs', headers: { 'Content-Type': 'application/json' }, declared: 50 * 1024 * 1024 });
  assert.equal(early413.status, 413);
  const ids = answers.map((r) => r.headers.get('x-request-id'));
  ids.push(early413.headers['x-request-id']);
  for (const [i, id] of ids.entries()) assert.match(id || '', safe, `answer ${i} has no usable X-Request-Id`);
  assert.equal(new Set(ids).size, ids.length, 'request ids repeat');

  const mine = 'req-ABC_123-xyz';
  const e = await api(s.url, 'GET', '/healthz', { headers: { 'x-request-id': mine } });
  assert.equal(e.headers.get('x-request-id'), mine);
  const e2 = await api(s.url, 'GET', '/api/v1/orgs/987654', { headers: { 'x-request-id': 'trace_42' } });
  assert.equal(e2.status, 404);
  assert.equal(e2.headers.get('x-request-id'), 'trace_42');
  for (const unsafe of ['has space', 'semi;colon', '<script>', 'a"b']) {
    const u = await api(s.url, 'GET', '/healthz', { headers: { 'x-request-id': unsafe } });
    const got = u.headers.get('x-request-id');
    assert.notEqual(got, unsafe, `unsafe id ${unsafe} echoed`);
    assert.match(got || '', safe);
  }
});

test('/api/v1/openapi.json is OpenAPI 3.1.0 and every documented operation exists', async () => {
  const r = await api(s.url, 'GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.ok(r.json, 'not valid JSON');
  assert.equal(r.json.openapi, '3.1.0');
  assert.ok(r.json.info && r.json.info.title && r.json.info.version);
  const fromRepo = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../openapi.json'), 'utf8'));
  assert.deepEqual(r.json, fromRepo, 'the served description differs from openapi.json');

  const doc = r.json;
  const deref = (p) => (p && p.$ref ? p.$ref.split('/').slice(1).reduce((o, k) => o[k], doc) : p);
  const tok = (await login(s.url, 'admin')).token; // its own session: the loop calls logout too
  /** A value for a path parameter that names something that exists: the documented example or
   * first enum value; for an id, the first record of the collection (else 1). */
  let known = true; // every value in the current path names something that exists
  async function sample(name, params, prefix) {
    const p = params.map(deref).find((x) => x && x.in === 'path' && x.name === name);
    assert.ok(p, `path parameter {${name}} of ${prefix} is not documented`);
    const sch = p.schema || {};
    let v = p.example ?? sch.example ?? sch.enum?.[0];
    if (v === undefined && sch.type === 'integer') {
      const list = await api(s.url, 'GET', `${prefix}?limit=1`, { token: admin });
      v = list.json?.items?.[0]?.id;
      if (v === undefined) { known = false; v = Math.max(1, sch.minimum ?? 1); }
    }
    assert.ok(v !== undefined, `no usable value for {${name}}`);
    return encodeURIComponent(String(v));
  }
  // what the router answers for a path it does not know
  const unknown = await api(s.url, 'GET', '/api/v1/no-such-route-at-all');
  assert.equal(unknown.status, 404);
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  let ops = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of methods.filter((x) => x in item)) {
      ops++;
      const M = m.toUpperCase();
      const params = [...(item.parameters || []), ...(item[m].parameters || [])];
      let concrete = '';
      let rest = path;
      known = true;
      for (let k = rest.indexOf('{'); k >= 0; k = rest.indexOf('{')) {
        const close = rest.indexOf('}', k);
        concrete += rest.slice(0, k) + await sample(rest.slice(k + 1, close), params, (concrete + rest.slice(0, k)).replace(/\/$/, ''));
        rest = rest.slice(close + 1);
      }
      concrete += rest;
      // logging out ends the session it is called with: give it one of its own
      const adminTok = path.endsWith('/logout') ? (await login(s.url, 'admin')).token : tok;
      for (const [who, t] of [['anonymous', undefined], ['admin', adminTok]]) {
        const a = await api(s.url, M, concrete, { token: t });
        assert.notEqual(a.status, 405, `${M} ${path} (${who}) → 405 ${a.text}`);
        assert.ok(a.status < 500, `${M} ${path} (${who}) → ${a.status} ${a.text}`);
        if (a.status === 404) {
          // a missing record may answer 404, but never the router's "no such route"
          assert.notEqual(a.text, unknown.text, `${M} ${path} (${who}) is not routed: ${a.text}`);
          // and the description's own values and the demo data name existing records
          assert.ok(!known || who === 'anonymous', `${M} ${concrete} as admin → 404 ${a.text}`);
        }
        if (who === 'admin') assert.notEqual(a.status, 401, `${M} ${concrete}: the admin session was lost`);
      }
    }
  }
  assert.ok(ops >= 17, `only ${ops} operations documented`);
});

test('the per-request JSON log line has rid, method, route, status, bytes and dur_ms', async () => {
  const x = await startServer({ env: { KEZHUAN_LOG_REQUESTS: 'true' } });
  extra.push(x);
  const l = await login(x.url, 'admin');
  const org = (await api(x.url, 'GET', '/api/v1/orgs?limit=1')).json.items[0];
  const r = await api(x.url, 'GET', `/api/v1/orgs/${org.id}`, { headers: { 'x-request-id': 'logline-1' } });
  assert.equal(r.status, 200);
  const c = await api(x.url, 'POST', '/api/v1/orgs', { token: l.token, body: { name: '日志测试机构', kind: 'service' }, headers: { 'x-request-id': 'logline-2' } });
  assert.equal(c.status, 201);
  const nf = await api(x.url, 'GET', '/nowhere', { headers: { 'x-request-id': 'logline-3' } });
  assert.equal(nf.status, 404);

  const find = (rid) => x.logs.map((line) => { try { return JSON.parse(line); } catch { return null; } }).find((j) => j && j.rid === rid);
  const l1 = await until('log line 1', () => find('logline-1'));
  assert.equal(l1.method, 'GET');
  assert.equal(l1.route, '/api/v1/orgs/{id}');
  assert.equal(l1.status, 200);
  assert.equal(l1.bytes, Buffer.byteLength(r.text));
  assert.equal(typeof l1.dur_ms, 'number');
  assert.ok(l1.dur_ms >= 0 && l1.dur_ms < 10000);
  const l2 = await until('log line 2', () => find('logline-2'));
  assert.equal(l2.method, 'POST');
  assert.equal(l2.route, '/api/v1/orgs');
  assert.equal(l2.status, 201);
  assert.equal(l2.bytes, Buffer.byteLength(c.text));
  const l3 = await until('log line 3', () => find('logline-3'));
  assert.equal(l3.status, 404);
  // secrets never reach the log
  const all = x.logs.join('\n');
  assert.ok(!all.includes(l.token), 'a session token is in the log');
  assert.ok(!all.includes('Kezhuan@2026'), 'a password is in the log');
});

/** Holds the database's write lock from another process until release() is called: SQLite's
 * (BEGIN IMMEDIATE) or the PostgreSQL backend's advisory write lock (src/db/pg.c). */
async function holdWriteLock(dbPath) {
  const p = PG ? spawn('psql', ['-X', '-q', '-A', '-t', '-d', dbPath], { stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn('sqlite3', [dbPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stdin.write(PG ? "BEGIN;\nSELECT pg_advisory_xact_lock(7739017220405248001);\nSELECT 'locked';\n"
    : ".timeout 5000\nBEGIN IMMEDIATE;\nSELECT 'locked';\n");
  await until('the write lock', () => out.includes('locked'));
  const done = new Promise((r) => p.on('exit', r));
  return { release: async () => { p.stdin.end('COMMIT;\n'); await done; } };
}

test('graceful shutdown: requests in flight at SIGTERM complete with 2xx and the process exits 0', async () => {
  const x = await startServer({ args: ['--threads', '4'] });
  extra.push(x);
  const tok = (await login(x.url, 'admin')).token;
  const lock = await holdWriteLock(x.dbPath);
  // A worker blocked in a handler cannot serve /metrics; a poll that lands on one is given up
  // after a short while and the next poll (a new connection) goes to an idle worker.
  const inFlight = async () => {
    const m = await rawRequest(x.port, { path: '/metrics', timeoutMs: 300 });
    return m ? Number(/^kezhuan_http_requests_in_flight (\d+)$/m.exec(m.text)[1]) : -1;
  };
  const pending = [];
  const names = [];
  try {
    for (let i = 0; i < 3; i++) {
      const name = `停机测试机构${i}`;
      names.push(name);
      pending.push(rawRequest(x.port, {
        method: 'POST', path: '/api/v1/orgs', headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, kind: 'enterprise' }),
      }));
      // each write waits for the lock inside its handler; the /metrics request itself counts one
      await until(`request ${i + 1} in flight`, async () => (await inFlight()) >= i + 2);
    }
    x.proc.kill('SIGTERM');
    await until('the stopping log line', () => x.logs.some((l) => l.includes('"stopping"')));
    assert.equal(x.proc.exitCode, null, 'the server exited with requests in flight');
  } finally {
    await lock.release();
  }
  const answers = await Promise.all(pending);
  for (const a of answers) assert.equal(a.status, 201, `in-flight request answered ${a.status}: ${a.text}`);
  const ex = await x.exited;
  assert.deepEqual(ex, { code: 0, signal: null });
  const stored = sql(x.dbPath, "SELECT count(*) FROM orgs WHERE name LIKE '停机测试机构%'");
  assert.equal(Number(stored), 3);
});

test('a worker blocked in a handler gets no new connection while another worker is idle', async () => {
  // Two workers; one waits for the write lock inside a handler. Connections opened meanwhile,
  // several at once (so their descriptor numbers differ), must all go to the idle worker.
  const x = await startServer({ args: ['--threads', '2'] });
  extra.push(x);
  const tok = (await login(x.url, 'admin')).token;
  const lock = await holdWriteLock(x.dbPath);
  let pending;
  let answers;
  try {
    pending = rawRequest(x.port, {
      method: 'POST', path: '/api/v1/orgs', headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '阻塞时的其他连接', kind: 'enterprise' }),
    });
    await until('the write in flight', async () => {
      const m = await rawRequest(x.port, { path: '/metrics', timeoutMs: 1000 });
      return m && Number(/^kezhuan_http_requests_in_flight (\d+)$/m.exec(m.text)[1]) >= 2;
    });
    answers = await Promise.all(Array.from({ length: 6 }, () => rawRequest(x.port, { path: '/healthz', timeoutMs: 3000 })));
  } finally {
    await lock.release();
  }
  assert.deepEqual(answers.map((a) => a && a.status), [200, 200, 200, 200, 200, 200], 'a connection waited behind the blocked worker');
  assert.equal((await pending).status, 201);
});

test('graceful shutdown: a request still being received at SIGTERM is answered, not dropped', async () => {
  // One worker thread: connections are accepted in order, so once a later request has been
  // answered, the first connection (which has sent part of its request) has been accepted.
  const x = await startServer({ args: ['--threads', '1'] });
  extra.push(x);
  const tok = (await login(x.url, 'admin')).token;
  const body = JSON.stringify({ name: '停机时正在接收的请求', kind: 'service' });
  const got = [];
  let failure = null;
  const sock = net.connect({ host: '127.0.0.1', port: x.port });
  await new Promise((r, j) => { sock.once('connect', r); sock.once('error', j); });
  sock.on('data', (d) => got.push(d));
  sock.on('error', (e) => { failure = e; });
  const closed = new Promise((r) => sock.on('close', r));
  sock.write(`POST /api/v1/orgs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${tok}\r\n`);
  assert.equal((await rawRequest(x.port, { path: '/healthz' })).status, 200);

  x.proc.kill('SIGTERM');
  await until('the stopping log line', () => x.logs.some((l) => l.includes('"stopping"')));
  sock.write(`Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  await closed;
  const a = parseHttp(Buffer.concat(got));
  assert.ok(a, `the request in progress at SIGTERM was dropped without an answer${failure ? ` (${failure.code})` : ''}`);
  assert.equal(a.status, 201, a.text);
  assert.deepEqual(await x.exited, { code: 0, signal: null });
});
