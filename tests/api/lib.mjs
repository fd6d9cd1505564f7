// Test harness: runs the real kezhuan binary on a random loopback port with a temporary
// database, and small helpers to call the API and the CLI.
//
// The database is SQLite (a file in a temporary directory) unless KEZHUAN_TEST_DB=pg: then
// every tempDb() / startServer() gets a fresh PostgreSQL database on the server named by
// KEZHUAN_TEST_PG (scripts/with-pg.sh starts one), dropped again by cleanup().
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const BIN = process.env.KEZHUAN_BIN || resolve(dirname(fileURLToPath(import.meta.url)), '../../build/kezhuan');
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
  const r = spawnSync(BIN, full, { input: input ?? '', env: cleanEnv(env), encoding: 'utf8', timeout: 60000, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** True when the suite runs against PostgreSQL (KEZHUAN_TEST_DB=pg). */
export const PG = process.env.KEZHUAN_TEST_DB === 'pg';
let pgSeq = 0;

/** Runs SQL on the PostgreSQL server of the test run (admin URL) or a database URL. */
export function psql(url, statement) {
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', statement],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.replace(/\n$/, '');
}

/** A fresh, empty PostgreSQL database; returns its URL and a function dropping it. */
export function tempPgDb() {
  const admin = process.env.KEZHUAN_TEST_PG;
  if (!admin) throw new Error('KEZHUAN_TEST_DB=pg needs KEZHUAN_TEST_PG (run under scripts/with-pg.sh)');
  const name = `kz_test_${process.pid}_${++pgSeq}`;
  psql(admin, `CREATE DATABASE ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const url = u.toString();
  const drop = () => { try { psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } catch { /* already gone */ } };
  return { url, name, drop };
}

export function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'kezhuan-test-'));
  const rm = () => rmSync(dir, { recursive: true, force: true });
  if (PG) {
    const p = tempPgDb();
    return { dir, db: p.url, path: p.url, cleanup: () => { p.drop(); rm(); } };
  }
  return { dir, db: `sqlite:${join(dir, 'kezhuan.db')}`, path: join(dir, 'kezhuan.db'), cleanup: rm };
}

/**
 * Starts `kezhuan serve` on port 0 (any free port) and waits for its "listening" line.
 * Options: demo (load demo data first), env, db (reuse a database), args (extra flags).
 */
// The API suite runs without the web UI whether or not web/dist was built (make run builds it):
// unless a test names a web root, the server gets an empty one (the API alone, as in CI).
let noUiRoot;
function emptyWebRoot() {
  if (!noUiRoot) {
    noUiRoot = mkdtempSync(join(tmpdir(), 'kezhuan-noui-'));
    process.on('exit', () => rmSync(noUiRoot, { recursive: true, force: true }));
  }
  return noUiRoot;
}

export async function startServer({ demo = true, env = {}, db, args = [] } = {}) {
  if (!args.includes('--web-root') && !('KEZHUAN_WEB_ROOT' in env)) env = { ...env, KEZHUAN_WEB_ROOT: emptyWebRoot() };
  const t = db ? { db, path: db.startsWith('sqlite:') ? db.slice(7) : db, cleanup: () => {} } : tempDb();
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

/** Runs a read-only or tampering SQL statement on the test database: a SQLite file (sqlite3
 * CLI) or a PostgreSQL URL (psql); both print rows as `a|b`, one per line. */
export function sql(path, statement) {
  if (/^postgres(ql)?:\/\//.test(path)) return psql(path, statement).trim();
  const r = spawnSync('sqlite3', [path, statement], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout.trim();
}

/** Everything stored, as text: `sqlite3 .dump` of a file, `pg_dump` of a PostgreSQL database. */
export function dumpDb(path) {
  const r = /^postgres(ql)?:\/\//.test(path)
    ? spawnSync('pg_dump', ['--no-owner', '-d', path], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })
    : spawnSync('sqlite3', [path, '.dump'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`dump: ${r.stderr}`);
  return r.stdout;
}

/** The demo accounts by role (see src/cli_demo.c). */
export const DEMO_USERS = {
  admin: 'admin', officer: 'officer', reviewer: 'reviewer', org_admin: 'tto_scu',
  researcher: 'researcher', expert: 'expert', enterprise: 'enterprise_yb', broker: 'broker',
};

// ---- Achievements and demands (issue 3): shared fixtures for the API tests ----

/** Every role of PRODUCT.md §2 as the tests name them ('anonymous' = no token). */
export const ALL_ROLES = ['anonymous', 'researcher', 'org_admin', 'enterprise', 'broker', 'expert', 'reviewer', 'officer', 'admin'];
/** A validity date / deadline far in the future, and one in the past. */
/** The date d days from today as the server counts days (China Standard Time, UTC+8: kz_today),
 * "YYYY-MM-DD" — not the UTC date, which is a day behind from 16:00 UTC on. */
export const dayCST = (d = 0) => new Date(Date.now() + 8 * 3600e3 + d * 86400e3).toISOString().slice(0, 10);
export const FUTURE_DATE = '2030-12-31';
export const PAST_DATE = '2020-01-01';

/** Logs every demo account of DEMO_USERS in; returns {role: token} with anonymous: undefined. */
export async function loginAll(base) {
  const tok = { anonymous: undefined };
  for (const [role, username] of Object.entries(DEMO_USERS)) tok[role] = (await login(base, username)).token;
  return tok;
}

/** The id of the org with exactly this name (throws when absent). */
export async function orgIdByName(base, name) {
  const r = await api(base, 'GET', `/api/v1/orgs?q=${encodeURIComponent(name)}&limit=100`);
  const hit = r.json?.items?.find((o) => o.name === name);
  if (!hit) throw new Error(`org ${name} not found: ${r.status} ${r.text.slice(0, 200)}`);
  return hit.id;
}

let fixtureSeq = 0;
/** A valid achievement body (四川大学, 成都市武侯区, 锂离子电池制造); `over` replaces fields. */
export function achievementBody(over = {}) {
  const n = ++fixtureSeq;
  return {
    title: `高比能锂离子电池硅碳负极材料制备技术 ${n}`,
    summary: '以多孔硅与石墨烯复合构建稳定的硅碳负极，首次库伦效率 90% 以上，循环 1000 次容量保持率 85%。',
    detail: '保密：前驱体配比、烧结曲线与包覆工艺参数，中试线良率数据。',
    keywords: ['硅碳负极', '锂离子电池', '储能'],
    industry: '3841',
    tech_field: 'new_materials',
    region: '510107',
    trl: 6,
    ip: [{ type: 'patent_invention', number: `ZL2021101${String(n).padStart(5, '0')}.7`, status: 'granted' }],
    team: [{ name: '刘教授', share_pct: 70 }, { name: '王博士', share_pct: 20 }],
    transfer_modes: ['license', 'co_develop'],
    transaction_mode: 'negotiated',
    price_fen: 300000000,
    valid_until: FUTURE_DATE,
    competing: '较传统石墨负极比容量提高 3 倍，成本与进口产品相当。',
    ...over,
  };
}

/** A valid demand body (宜宾, 锂离子电池制造, 技术难题); `over` replaces fields. */
export function demandBody(over = {}) {
  const n = ++fixtureSeq;
  return {
    title: `动力电池低温快充性能提升 ${n}`,
    description: '零下 20 摄氏度环境下 30 分钟充电至 80%，循环寿命不低于 2000 次，需联合攻关电解液与负极界面。',
    indicators: '-20℃ 下 3C 充电，容量保持率 ≥ 80%',
    basis: '已建成 2GWh 电芯产线，具备中试条件',
    kind: 'tech_problem',
    industry: '3841',
    region: '511502',
    budget_min_fen: 100000000,
    budget_max_fen: 500000000,
    deadline: FUTURE_DATE,
    trl_min: 4,
    cooperation_modes: ['co_develop', 'commission'],
    ...over,
  };
}

/** POST /api/v1/{kind}/{id}/transitions. kind: 'achievements' | 'demands'. */
export function act(base, token, kind, id, action, extra = {}, headers = {}) {
  return api(base, 'POST', `/api/v1/${kind}/${id}/transitions`, { token, body: { action, ...extra }, headers });
}

const ACH_STEPS = {
  draft: [],
  submitted: [['owner', 'submit']],
  screening: [['owner', 'submit'], ['reviewer', 'accept']],
  published: [['owner', 'submit'], ['reviewer', 'accept'], ['reviewer', 'publish']],
  withdrawn: [['owner', 'submit'], ['reviewer', 'accept'], ['reviewer', 'publish'], ['owner', 'withdraw']],
  rejected: [['owner', 'submit'], ['reviewer', 'reject']],
  archived: [['owner', 'submit'], ['reviewer', 'accept'], ['reviewer', 'publish'], ['admin', 'archive']],
};
const DEM_STEPS = {
  draft: [],
  submitted: [['owner', 'submit']],
  published: [['owner', 'submit'], ['reviewer', 'publish']],
  matched: [['owner', 'submit'], ['reviewer', 'publish'], ['owner', 'match']],
  closed: [['owner', 'submit'], ['reviewer', 'publish'], ['owner', 'close']],
  rejected: [['owner', 'submit'], ['reviewer', 'reject']],
};

async function makeRecord(base, kind, steps, who, status, body) {
  const c = await api(base, 'POST', `/api/v1/${kind}`, { token: who.owner, body });
  if (c.status !== 201) throw new Error(`create ${kind}: ${c.status} ${c.text}`);
  let rec = c.json;
  if (!steps[status]) throw new Error(`no fixture path to ${status}`);
  for (const [actor, action] of steps[status]) {
    const r = await act(base, who[actor], kind, rec.id, action);
    if (r.status !== 200) throw new Error(`${kind} ${rec.id} ${action} by ${actor}: ${r.status} ${r.text}`);
    rec = r.json;
  }
  if (rec.status !== status) throw new Error(`${kind} ${rec.id} is ${rec.status}, wanted ${status}`);
  return rec;
}

/** Creates an achievement as who.owner and moves it to `status` (reviewer: who.reviewer, archive:
 * who.admin). Returns the record as the last actor saw it. */
export function makeAchievement(base, who, status = 'draft', over = {}) {
  return makeRecord(base, 'achievements', ACH_STEPS, who, status, achievementBody(over));
}
/** Creates a demand as who.owner and moves it to `status` (publish/reject: who.reviewer). */
export function makeDemand(base, who, status = 'draft', over = {}) {
  return makeRecord(base, 'demands', DEM_STEPS, who, status, demandBody(over));
}

/** A valid finance product (金融产品, src/kinds/finance_product.c) of the demo bank in 成都. */
export function financeBody(over = {}) {
  const n = ++fixtureSeq;
  return {
    title: `科技型企业信用贷 ${n}`,
    kind: 'loan',
    summary: '面向科技型中小企业的信用贷款，凭知识产权与研发投入授信，随借随还。',
    amount_min_fen: 10000000,
    amount_max_fen: 500000000,
    rate_min_bp: 350,
    rate_max_bp: 450,
    term_months: 36,
    eligible_tiers: ['tech_sme', 'high_tech'],
    eligible_regions: ['510100'],
    region: '510104',
    contact: '028-86618820',
    ...over,
  };
}
const FIN_STEPS = {
  draft: [],
  submitted: [['owner', 'submit']],
  active: [['owner', 'submit'], ['reviewer', 'approve']],
  closed: [['owner', 'submit'], ['reviewer', 'approve'], ['owner', 'close']],
};
/** Creates a finance product as who.owner (the demo's `lender`) and moves it to `status`. */
export function makeFinanceProduct(base, who, status = 'draft', over = {}) {
  return makeRecord(base, 'finance-products', FIN_STEPS, who, status, financeBody(over));
}

/** A valid platform (科技创新平台, src/kinds/platform.c) hosted by 四川大学 in 成都武侯 (`title`, the
 * name shared fixtures give every kind, is its `name`). */
export function platformBody({ title, ...over } = {}) {
  const n = ++fixtureSeq;
  return {
    name: title ?? `先进储能材料工程技术研究中心 ${n}`,
    kind: 'eng_center',
    level: 'provincial',
    summary: '依托四川大学建设，围绕先进储能材料开展关键技术攻关与工程化验证，面向企业开放共享。',
    industry: '38',
    region: '510107',
    recognized_on: '2021-06-18',
    recognized_by: '四川省科学技术厅',
    services: '材料表征、电芯试制与安全测试',
    contact: '028-85400001',
    ...over,
  };
}
const PL_STEPS = {
  draft: [],
  candidate: [['owner', 'apply']],
  recognized: [['owner', 'apply'], ['steward', 'recognize']],
  warned: [['owner', 'apply'], ['steward', 'recognize'], ['steward', 'warn']],
  delisted: [['owner', 'apply'], ['steward', 'recognize'], ['steward', 'delist']],
};
/** Creates a platform as who.owner (四川大学's `tto_scu`) and moves it to `status` (recognition and
 * its withdrawal: who.steward, an officer or admin). */
export function makePlatform(base, who, status = 'draft', over = {}) {
  return makeRecord(base, 'platforms', PL_STEPS, who, status, platformBody(over));
}

/** A valid 统一社会信用代码 (GB 32100 check character) numbered n after prefix (its first digits). */
export function creditCodeOf(n, prefix = '915115007') {
  const A = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `${prefix}${String(n).padStart(17 - prefix.length, '0')}`.slice(0, 17);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += A.indexOf(body[i]) * W[i];
  const c = 31 - (sum % 31);
  return body + A[c === 31 ? 0 : c];
}

/** A valid technology contract (技术合同, src/kinds/contract.c): a 技术开发（委托） contract of a
 * seller in 成都市武侯区 with a named enterprise buyer in 宜宾; `over` replaces fields. */
export function contractBody(over = {}) {
  const n = ++fixtureSeq;
  return {
    title: `动力电池硅碳负极中试工艺开发合同 ${n}`,
    type: 'development_commissioned',
    region: '510107',
    amount_fen: 150000000,
    signed_on: '2026-03-18',
    buyer_name: `宜宾某新能源科技有限公司 ${n}`,
    buyer_credit_code: creditCodeOf(n),
    buyer_region: '511502',
    buyer_kind: 'enterprise',
    attachments: [{ name: '合同文本.pdf', sha256: 'a'.repeat(64) }],
    ...over,
  };
}
/** The body of a contract's transition besides its action: what each step needs (register: the
 * 核定技术交易额; refuse and return: the reason). */
export function contractStep(action, amount = 150000000) {
  if (action === 'register') return { tech_income_fen: Math.floor(amount * 0.8) };
  if (action === 'refuse' || action === 'return') return { comment: '合同条款不属于技术合同范围，请补充技术内容' };
  return {};
}
const CT_STEPS = {
  draft: [],
  submitted: [['owner', 'submit']],
  returned: [['owner', 'submit'], ['reviewer', 'return']],
  registered: [['owner', 'submit'], ['reviewer', 'register']],
  not_registered: [['owner', 'submit'], ['reviewer', 'refuse']],
};
/** Creates a contract as who.owner and moves it to `status` (the registrar: who.reviewer). */
export async function makeContract(base, who, status = 'draft', over = {}) {
  const body = contractBody(over);
  const c = await api(base, 'POST', '/api/v1/contracts', { token: who.owner, body });
  if (c.status !== 201) throw new Error(`create contract: ${c.status} ${c.text}`);
  let rec = c.json;
  for (const [actor, action] of CT_STEPS[status]) {
    const r = await act(base, who[actor], 'contracts', rec.id, action, contractStep(action, body.amount_fen));
    if (r.status !== 200) throw new Error(`contract ${rec.id} ${action} by ${actor}: ${r.status} ${r.text}`);
    rec = r.json;
  }
  return rec;
}

/** Puts a (published) achievement past its validity date directly in the database; with
 * status, also sets the state (e.g. 'expired' — the expiry job is tested on its own). */
export function backdateAchievement(dbPath, id, { date = PAST_DATE, status } = {}) {
  const set = [`valid_until = '${date}'`, PG
    ? `data = jsonb_set(data::jsonb, '{valid_until}', to_jsonb('${date}'::text))::text`
    : `data = json_set(data, '$.valid_until', '${date}')`];
  if (status) set.push(`status = '${status}'`);
  sql(dbPath, `UPDATE achievements SET ${set.join(', ')} WHERE id = ${Number(id)}`);
}

/** Walks a list with limit=n to the end; checks the page shape; returns {items, pages, total, last}. */
export async function walkList(base, path, n, token) {
  const items = [];
  let cursor = null;
  let pages = 0;
  let total = null;
  let last = null;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await api(base, 'GET', `${path}${sep}limit=${n}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text.slice(0, 300)}`);
    if (r.json.items.length > n) throw new Error(`page larger than limit ${n}`);
    if (total === null) total = r.json.total;
    if (r.json.total !== total) throw new Error(`total changed between pages: ${total} → ${r.json.total}`);
    items.push(...r.json.items);
    last = r.json;
    if (++pages > 1000) throw new Error('pagination does not end');
    if (r.json.next_cursor === null) break;
    if (r.json.items.length !== n) throw new Error('a page before the last one is short');
    cursor = r.json.next_cursor;
  }
  return { items, pages, total, last };
}

/** The audit rows of one record, oldest first (as admin). */
export async function auditRows(base, adminToken, entity, id) {
  const r = await api(base, 'GET', `/api/v1/audit?entity=${entity}&id=${id}&limit=100`, { token: adminToken });
  if (r.status !== 200) throw new Error(`audit: ${r.status} ${r.text}`);
  return r.json.items.slice().reverse();
}

/** How many rows the whole audit chain has (as admin). */
export async function auditTotal(base, adminToken) {
  const r = await api(base, 'GET', '/api/v1/audit?limit=1', { token: adminToken });
  if (r.status !== 200) throw new Error(`audit: ${r.status} ${r.text}`);
  return r.json.total;
}

/** A user's notifications (newest first), up to 100. */
export async function notificationsOf(base, token) {
  const r = await api(base, 'GET', '/api/v1/notifications?limit=100', { token });
  if (r.status !== 200) throw new Error(`notifications: ${r.status} ${r.text}`);
  return r.json;
}

/** Creates a user as admin (password Passw0rd-xyz!) and logs in; returns {id, token, username}. */
export async function makeUser(base, adminToken, { roles, org_id, prefix = 'fx' }) {
  const username = `${prefix}_${process.pid}_${++fixtureSeq}`;
  const password = 'Passw0rd-xyz!';
  const r = await api(base, 'POST', '/api/v1/users', { token: adminToken, body: { username, display_name: `测试 ${username}`, roles, org_id, password } });
  if (r.status !== 201) throw new Error(`create user: ${r.status} ${r.text}`);
  return { id: r.json.id, username, token: (await login(base, username, password)).token };
}

/** Stops a test's server and fails unless it exited cleanly (code 0, no signal). */
export async function stopClean(s) {
  if (!s) return;
  const ex = await s.stop();
  const stderr = s.stderr;
  s.cleanup();
  assert.deepEqual(ex, { code: 0, signal: null }, `server exit ${JSON.stringify(ex)}: ${stderr.slice(-2000)}`);
}

/** A 422 validation_failed answer that names field. */
export function assert422(r, field, what) {
  assert.equal(r.status, 422, `${what}: expected 422, got ${r.status}: ${r.text}`);
  assert.equal(r.json.error.code, 'validation_failed', r.text);
  assert.ok(r.json.error.fields && field in r.json.error.fields, `${what}: field ${field} not named: ${r.text}`);
}

// ---- 揭榜挂帅 (issue 15 item 4): challenges, their applications and milestones ----

/** The two indicators every fixture challenge has (验收 bodies name them). */
export const CHALLENGE_INDICATORS = ['热失控起始温度提高 30 ℃ 以上', '1000 次循环容量保持率不低于 90%'];
export function challengeBody(over = {}) {
  const n = ++fixtureSeq;
  return {
    title: `高镍正极材料热失控抑制技术攻关 ${n}`,
    goal: '攻克高镍三元正极材料在高温循环下的热失控问题，形成可量产的包覆改性工艺。',
    indicators: [...CHALLENGE_INDICATORS],
    industry: '38',
    region: '510107',
    budget_fen: 500000000,
    deadline: FUTURE_DATE,
    eligibility: '在锂电材料领域有相关研究基础的高校、院所或企业，可组成联合体',
    ...over,
  };
}
/** What a challenge's transition carries besides its action (argue, return, reject: the
 * opinion or reason; pass: every indicator met; fail: one not met and the reason). */
export function challengeStep(action) {
  if (action === 'pass') return { indicator_results: CHALLENGE_INDICATORS.map((indicator) => ({ indicator, met: true })) };
  if (action === 'fail') return { indicator_results: CHALLENGE_INDICATORS.map((indicator, i) => ({ indicator, met: i > 0 })), comment: '热稳定性指标未达到' };
  if (['argue', 'return', 'reject'].includes(action)) return { comment: '专家论证意见：目标明确，指标可考核' };
  return {};
}
export function challengeAppBody(over = {}) {
  const n = ++fixtureSeq;
  return {
    title: `梯度包覆高镍正极热稳定性提升方案 ${n}`,
    plan: '采用原子层沉积梯度包覆与体相掺杂相结合的技术路线，分三个阶段完成中试验证。',
    budget_fen: 300000000,
    team: ['张明 教授 四川大学', '李华 高级工程师'],
    partner_org_ids: [],
    ...over,
  };
}
/** What an application's transition carries (win: the contract amount; lose: the reason). */
export function challengeAppStep(action) {
  if (action === 'win') return { contract_amount_fen: 100000000 };
  if (action === 'lose') return { comment: '技术路线成熟度不足' };
  return {};
}
export function milestoneBody(over = {}) {
  const n = ++fixtureSeq;
  return { title: `中试线搭建与工艺验证 ${n}`, due_on: FUTURE_DATE, deliverables: '建成 10 吨级中试线，完成 3 批次验证', amount_fen: 80000000, ...over };
}
/** What a milestone's transition carries (report: the report; rectify: what to rectify; pass:
 * the amount paid). */
export function milestoneStep(action) {
  if (action === 'report') return { comment: '中试线已建成，完成 3 批次验证' };
  if (action === 'rectify') return { comment: '需补充第 3 批次检测数据' };
  if (action === 'pass') return { paid_fen: 80000000 };
  return {};
}
const CH_STEPS = { draft: [], submitted: ['submit'], screening: ['submit', 'screen'], argued: ['submit', 'screen', 'argue'] };
CH_STEPS.published = [...CH_STEPS.argued, 'publish'];
CH_STEPS.closed = [...CH_STEPS.published, 'close'];
CH_STEPS.reviewing = [...CH_STEPS.closed, 'review'];
/** A challenge created by `officer` (the issuer: its bureau, org_id) and moved on by it to
 * `status` (up to reviewing). */
export async function makeChallenge(base, officer, org_id, status = 'draft', over = {}) {
  const c = await api(base, 'POST', '/api/v1/challenges', { token: officer, body: challengeBody({ org_id, ...over }) });
  if (c.status !== 201) throw new Error(`create challenge: ${c.status} ${c.text}`);
  let rec = c.json;
  for (const action of CH_STEPS[status]) {
    const r = await act(base, officer, 'challenges', rec.id, action, challengeStep(action));
    if (r.status !== 200) throw new Error(`challenge ${rec.id} ${action}: ${r.status} ${r.text}`);
    rec = r.json;
  }
  return rec;
}
/** An application of `owner`'s org to challenge id, submitted unless draft. */
export async function makeChallengeApp(base, owner, challengeId, status = 'submitted', over = {}) {
  const c = await api(base, 'POST', `/api/v1/challenges/${challengeId}/applications`, { token: owner, body: challengeAppBody(over) });
  if (c.status !== 201) throw new Error(`create application: ${c.status} ${c.text}`);
  if (status === 'draft') return c.json;
  const r = await act(base, owner, 'challenge-applications', c.json.id, 'submit');
  if (r.status !== 200) throw new Error(`submit application: ${r.status} ${r.text}`);
  return r.json;
}
/** A challenge awarded to an application of `solver`'s org (the officer steps it there). */
export async function makeAwardedChallenge(base, officer, org_id, solver) {
  const ch = await makeChallenge(base, officer, org_id, 'published');
  const a = await makeChallengeApp(base, solver, ch.id);
  for (const [kind, id, action, extra] of [
    ['challenges', ch.id, 'close'], ['challenges', ch.id, 'review'], ['challenge-applications', a.id, 'shortlist'],
    ['challenge-applications', a.id, 'win', challengeAppStep('win')], ['challenges', ch.id, 'award'],
  ]) {
    const r = await act(base, officer, kind, id, action, extra);
    if (r.status !== 200) throw new Error(`${kind} ${id} ${action}: ${r.status} ${r.text}`);
  }
  return { challenge: ch, application: a };
}

// ---- 政策兑现 policies (issue 17 items 1–2) ----

/** 成都's subsidy for an enterprise of 成都 buying a university's or institute's result: 10 % of the
 * 核定技术交易额 up to ¥1,000 万, 5 % above, at most ¥500 万 (a rule over registered contracts). */
export function policyBody(over = {}) {
  const n = ++fixtureSeq;
  return {
    title: `成都市企业购买高校院所科技成果补助 ${n}`,
    summary: '对本市企业购买高校院所科技成果并在本地转化的，按技术交易额分档给予补助。',
    region: '510100',
    subject_kind: 'contract',
    period_from: '2026-01-01',
    period_to: FUTURE_DATE,
    budget_fen: 10000000000,
    conditions: [
      { field: 'status', op: 'eq', value: 'registered', label: '技术合同已登记' },
      { field: 'seller_kind', op: 'in', value: ['university', 'institute'], label: '卖方为高校院所' },
      { field: 'buyer_kind', op: 'eq', value: 'enterprise', label: '买方为企业' },
      { field: 'buyer_region', op: 'prefix', value: '5101', label: '买方在成都' },
    ],
    base_field: 'tech_income_fen',
    tiers: [{ up_to_fen: 1000000000, percent_bp: 1000 }, { up_to_fen: null, percent_bp: 500 }],
    cap_fen: 500000000,
    ...over,
  };
}
