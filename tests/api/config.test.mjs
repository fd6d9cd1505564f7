// The command line and configuration: precedence flag > environment > config file > default,
// refusal of unknown keys and invalid values, serve on an un-migrated database, `user add`
// with the password on stdin, and `help` (PRODUCT.md §5 "Command line").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BIN, FAST_ENV, kz, tempDb, startServer, api, login } from './lib.mjs';

let t; // a migrated database and a directory for config files
const servers = [];
let nfile = 0;

before(() => {
  t = tempDb();
  const r = kz(['migrate'], { db: t.db });
  assert.equal(r.status, 0, r.stderr);
});
after(async () => {
  for (const x of servers) { await x.stop(); x.cleanup(); }
  t?.cleanup();
});

/** The environment for a child: no KEZHUAN_* from outside except the fast hashing, plus extra. */
function childEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('KEZHUAN_')) delete env[k];
  return { ...env, ...FAST_ENV, ...extra };
}

function configFile(text) {
  const p = join(t.dir, `kezhuan-${++nfile}.conf`);
  writeFileSync(p, text);
  return p;
}

/** Runs `kezhuan serve ARGS` until its listening line (then SIGTERM) or its exit.
 * Resolves {listening: {...}|null, code, stderr}; `probe(listening)` runs while it serves. */
function serve(args, { env = {}, probe } = {}) {
  return new Promise((resolveP, reject) => {
    const p = spawn(BIN, ['serve', ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let listening = null;
    let probeResult;
    p.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`serve hung: ${stderr}`)); }, 20000);
    createInterface({ input: p.stdout }).on('line', async (line) => {
      let j;
      try { j = JSON.parse(line); } catch { return; }
      if (j.msg !== 'listening' || listening) return;
      listening = j;
      try { if (probe) probeResult = await probe(j); } catch (e) { probeResult = e; }
      p.kill('SIGTERM');
    });
    p.on('exit', (code) => {
      clearTimeout(timer);
      if (probeResult instanceof Error) return reject(probeResult);
      resolveP({ listening, code, stderr, probe: probeResult });
    });
  });
}

/** A TCP port that is free right now. */
function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  });
}

/** Runs `serve` with the given sources and returns the thread count it reports. */
async function threadsWith({ file, env = {}, flags = [] }) {
  const args = ['--db', t.db, ...(file ? ['--config', file] : []), ...flags];
  const r = await serve(args, { env: { KEZHUAN_PORT: '0', ...env } });
  assert.ok(r.listening, `did not start: ${r.stderr}`);
  assert.equal(r.code, 0, 'serve did not exit cleanly on SIGTERM');
  return r.listening.threads;
}

test('precedence: flag > environment > config file > default (threads)', async () => {
  const file = configFile('# kezhuan test config\n\nthreads = 3\n');
  assert.equal(await threadsWith({}), 4, 'the default');
  assert.equal(await threadsWith({ file }), 3, 'the config file over the default');
  assert.equal(await threadsWith({ file, env: { KEZHUAN_THREADS: '5' } }), 5, 'the environment over the config file');
  assert.equal(await threadsWith({ file, env: { KEZHUAN_THREADS: '5' }, flags: ['--threads', '7'] }), 7, 'the flag over the environment');
  assert.equal(await threadsWith({ file, flags: ['--threads=6'] }), 6, 'the --name=value form');
  assert.equal(await threadsWith({ env: { KEZHUAN_CONFIG: file } }), 3, 'KEZHUAN_CONFIG names the config file');
  const other = configFile('threads = 2\n');
  assert.equal(await threadsWith({ file: other, env: { KEZHUAN_CONFIG: file } }), 2, '--config over KEZHUAN_CONFIG');
});

test('precedence: flag > environment > config file for the listening port, which is really used', async () => {
  const [p1, p2, p3] = [await freePort(), await freePort(), await freePort()];
  const file = configFile(`port = ${p1}\n`);
  const probe = async (j) => (await api(`http://127.0.0.1:${j.port}`, 'GET', '/healthz')).status;
  const a = await serve(['--db', t.db, '--config', file], { probe });
  assert.equal(a.listening?.port, p1, a.stderr);
  assert.equal(a.probe, 200);
  const b = await serve(['--db', t.db, '--config', file], { env: { KEZHUAN_PORT: String(p2) }, probe });
  assert.equal(b.listening?.port, p2, b.stderr);
  assert.equal(b.probe, 200);
  const c = await serve(['--db', t.db, '--config', file, '--port', String(p3)], { env: { KEZHUAN_PORT: String(p2) }, probe });
  assert.equal(c.listening?.port, p3, c.stderr);
  assert.equal(c.probe, 200);
});

test('precedence observed in behaviour: the session lifetime (config key spelled with _)', async () => {
  const file = configFile('port = 0\nsession_ttl = 3600\n');
  const db = tempDb();
  try {
    assert.equal(kz(['migrate'], { db: db.db }).status, 0);
    assert.equal(kz(['demo'], { db: db.db }).status, 0);
    const maxAge = async (j) => {
      const r = await api(`http://127.0.0.1:${j.port}`, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'Kezhuan@2026' } });
      assert.equal(r.status, 200, r.text);
      const lifetime = (Date.parse(r.json.expires_at) - Date.now()) / 1000;
      return { cookie: /Max-Age=(\d+)/.exec(r.headers.get('set-cookie'))?.[1], lifetime };
    };
    const a = await serve(['--db', db.db, '--config', file], { probe: maxAge });
    assert.equal(a.probe.cookie, '3600', a.stderr);
    assert.ok(Math.abs(a.probe.lifetime - 3600) < 120, `expires_at ${a.probe.lifetime}s away`);
    const b = await serve(['--db', db.db, '--config', file], { env: { KEZHUAN_SESSION_TTL: '7200' }, probe: maxAge });
    assert.equal(b.probe.cookie, '7200');
    const c = await serve(['--db', db.db, '--config', file, '--session-ttl', '900'], { env: { KEZHUAN_SESSION_TTL: '7200' }, probe: maxAge });
    assert.equal(c.probe.cookie, '900');
  } finally {
    db.cleanup();
  }
});

/** Runs serve expecting a refusal to start: non-zero exit, no listening line, a message. */
async function refuses(args, env, pattern) {
  const r = await serve(args, { env });
  assert.equal(r.listening, null, `serve started although it should have refused (${args.join(' ')})`);
  assert.notEqual(r.code, 0, 'exit code 0 on a refusal');
  assert.ok(r.stderr.trim().length > 0, 'no message');
  if (pattern) assert.match(r.stderr, pattern);
  return r;
}

test('an unknown key in the config file: non-zero exit with a message naming it', async () => {
  const file = configFile('port = 0\nthreadz = 4\n');
  const r = await refuses(['--db', t.db, '--config', file], {}, /threadz/);
  assert.ok(r.stderr.includes(file) || r.stderr.includes(':2'), `the message should say where: ${r.stderr}`);
  await refuses(['--db', t.db, '--config', configFile('just some words\n')], {}, /key = value/);
});

test('an invalid value: non-zero exit with a message, from any source', async () => {
  await refuses(['--db', t.db, '--config', configFile('port = abc\n')], {}, /port[\s\S]*abc|abc[\s\S]*port/);
  await refuses(['--db', t.db], { KEZHUAN_PORT: 'abc' }, /port/);
  await refuses(['--db', t.db, '--port', '70000'], {}, /port/);
  await refuses(['--db', t.db, '--port', '0', '--threads', '0'], {}, /threads/);
  await refuses(['--db', t.db, '--port', '0', '--cookie-secure=maybe'], {}, /cookie-secure/);
  await refuses(['--db', t.db, '--port', '0', '--config', join(t.dir, 'missing.conf')], {}, /missing\.conf/);
  await refuses(['--db', t.db, '--port', '0', '--no-such-flag'], {}, /no-such-flag/);
  // a bad value in the file is refused even when the environment would override it
  await refuses(['--db', t.db, '--config', configFile('port = abc\n')], { KEZHUAN_PORT: '0' }, /abc/);
});

test('serve against an un-migrated database exits non-zero and says to run migrate', async () => {
  const fresh = tempDb();
  try {
    await refuses(['--db', fresh.db, '--port', '0'], {}, /kezhuan migrate/);
    // after migrate it serves
    assert.equal(kz(['migrate'], { db: fresh.db }).status, 0);
    const r = await serve(['--db', fresh.db, '--port', '0'], { probe: async (j) => (await api(`http://127.0.0.1:${j.port}`, 'GET', '/readyz')).status });
    assert.equal(r.probe, 200, r.stderr);
  } finally {
    fresh.cleanup();
  }
});

test('`kezhuan user add` reads the password from stdin; the account can then log in', async () => {
  const d = tempDb();
  try {
    assert.equal(kz(['migrate'], { db: d.db }).status, 0);
    const ok = kz(['user', 'add', '--username', 'cli_officer', '--role', 'officer,reviewer', '--display-name', '命令行账号'], { db: d.db, input: 'Cli-Passw0rd-2026\n' });
    assert.equal(ok.status, 0, ok.stderr);
    // no password on stdin, or a weak one: refused, nothing created
    const none = kz(['user', 'add', '--username', 'cli_nopw', '--role', 'researcher'], { db: d.db, input: '' });
    assert.notEqual(none.status, 0);
    assert.ok(none.stderr.length > 0);
    const weak = kz(['user', 'add', '--username', 'cli_weak', '--role', 'researcher'], { db: d.db, input: 'abc\n' });
    assert.notEqual(weak.status, 0);
    assert.match(weak.stderr, /password|密码/);
    const dup = kz(['user', 'add', '--username', 'cli_officer', '--role', 'researcher'], { db: d.db, input: 'Other-Passw0rd-1\n' });
    assert.notEqual(dup.status, 0, 'a duplicate username was accepted');

    const x = await startServer({ db: d.db, demo: false });
    servers.push(x);
    const l = await login(x.url, 'cli_officer', 'Cli-Passw0rd-2026');
    assert.deepEqual([...l.user.roles].sort(), ['officer', 'reviewer']);
    assert.equal(l.user.display_name, '命令行账号');
    assert.ok(!('password' in l.user));
    // the trailing newline is not part of the password
    assert.equal((await api(x.url, 'POST', '/api/v1/auth/login', { body: { username: 'cli_officer', password: 'Cli-Passw0rd-2026\n' } })).status, 401);
    for (const u of ['cli_nopw', 'cli_weak']) {
      assert.equal((await api(x.url, 'POST', '/api/v1/auth/login', { body: { username: u, password: 'abc' } })).status, 401);
    }
    const dupLogin = await api(x.url, 'POST', '/api/v1/auth/login', { body: { username: 'cli_officer', password: 'Other-Passw0rd-1' } });
    assert.equal(dupLogin.status, 401, 'a refused duplicate changed the password');
  } finally {
    d.cleanup();
  }
});

test('`kezhuan help` exits 0 and lists the commands', () => {
  const r = kz(['help']);
  assert.equal(r.status, 0, r.stderr);
  for (const cmd of ['serve', 'migrate', 'user add', 'demo', 'audit verify', 'help']) {
    assert.match(r.stdout, new RegExp(`^\\s+${cmd}\\b`, 'm'), `help does not list ${cmd}`);
  }
  for (const opt of ['--db', '--port', '--config', 'KEZHUAN_PORT']) assert.ok(r.stdout.includes(opt), `help does not list ${opt}`);
  const unknown = kz(['frobnicate']);
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /frobnicate/);
});
