// Test harness: runs the real kezhuan binary on a random loopback port with a temporary
// SQLite database, and small helpers to call the API and the CLI.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const BIN = process.env.KEZHUAN_BIN || resolve(import.meta.dirname, '../../build/kezhuan');
export const DEMO_PASSWORD = 'Kezhuan@2026';
// Cheap argon2id parameters keep the suite fast; production defaults are 2 passes / 64 MiB.
export const FAST_ENV = { KEZHUAN_PWHASH_OPS: '1', KEZHUAN_PWHASH_MEM_KIB: '8', KEZHUAN_LOG_REQUESTS: 'false' };

function cleanEnv(extra = {}) {
  const env = { ...process.env, ...FAST_ENV, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith('KEZHUAN_') && !(k in FAST_ENV) && !(k in extra) && k !== 'KEZHUAN_BIN') delete env[k];
  return env;
}

/** Runs the CLI synchronously. Returns {status, stdout, stderr}. */
export function kz(args, { input, env, db } = {}) {
  const full = db ? [...args, '--db', db] : args;
  const r = spawnSync(BIN, full, { input: input ?? '', env: cleanEnv(env), encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

export function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'kezhuan-test-'));
  return { dir, db: `sqlite:${join(dir, 'kezhuan.db')}`, path: join(dir, 'kezhuan.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts `kezhuan serve` on port 0 (any free port) and waits for its "listening" line.
 * Options: demo (load demo data first), env, db (reuse a database), args (extra flags).
 */
export async function startServer({ demo = true, env = {}, db, args = [] } = {}) {
  const t = db ? { db, path: db.slice(7), cleanup: () => {} } : tempDb();
  let r = kz(['migrate'], { db: t.db, env });
  if (r.status !== 0) throw new Error(`migrate failed: ${r.stderr}`);
  if (demo) {
    r = kz(['demo', '--if-empty'], { db: t.db, env });
    if (r.status !== 0) throw new Error(`demo failed: ${r.stderr}`);
  }
  const proc = spawn(BIN, ['serve', '--db', t.db, '--port', '0', '--threads', '2', ...args], {
    env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15000);
    const rl = createInterface({ input: proc.stdout });
    rl.on('line', (line) => {
      logs.push(line);
      try {
        const j = JSON.parse(line);
        if (j.msg === 'listening') { clearTimeout(timer); resolvePort(j.port); }
      } catch { /* not JSON */ }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  const server = {
    url: `http://127.0.0.1:${port}`, port, db: t.db, dbPath: t.path, proc, logs,
    get stderr() { return stderr; },
    exited,
    /** SIGTERM and wait; resolves to {code, signal}. */
    async stop() { if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM'); return exited; },
    async kill9() { proc.kill('SIGKILL'); return exited; },
    cleanup: t.cleanup,
  };
  return server;
}

/** Calls the API. Returns {status, headers, json, text}. */
export async function api(base, method, path, { token, body, headers = {}, raw, contentType } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload;
  if (raw !== undefined) { payload = raw; h['content-type'] = contentType ?? 'application/json'; }
  else if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] = contentType ?? 'application/json'; }
  const res = await fetch(base + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, json, text };
}

/** Logs in; returns {token, csrf, user, cookie}. Throws unless 200. */
export async function login(base, username, password = DEMO_PASSWORD) {
  const r = await api(base, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
  return { token: r.json.token, csrf: r.json.csrf_token, user: r.json.user, cookie };
}

/** Runs a read-only or tampering SQL statement on a database file with the sqlite3 CLI. */
export function sql(path, statement) {
  const r = spawnSync('sqlite3', [path, statement], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout.trim();
}

/** The demo accounts by role (see src/cli_demo.c). */
export const DEMO_USERS = {
  admin: 'admin', officer: 'officer', reviewer: 'reviewer', org_admin: 'tto_scu',
  researcher: 'researcher', expert: 'expert', enterprise: 'enterprise_yb', broker: 'broker',
};
