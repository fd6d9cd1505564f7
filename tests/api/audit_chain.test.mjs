// The hash-chained audit log (痕迹): `kezhuan audit verify` accepts the real chain written by the
// demo loader and the API, and names the first bad row for every kind of tampering, each done
// with the sqlite3 CLI on a separate copy of that database file (with psql on a copy of the
// database under KEZHUAN_TEST_DB=pg). GET /api/v1/audit is checked too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login, kz, sql, PG, psql, tempPgDb } from './lib.mjs';

const GENESIS = '0'.repeat(64);
const COLS = ['seq', 'at', 'actor', 'entity', 'entity_id', 'action', 'before', 'after', 'prev_hash', 'hash'];

let s, admin, copies, orgId, srcPath, rowCount, headHash;

/** The canonical encoding of src/domain/audit.c kz_audit_hash: each field as
 * "<utf-8 byte length>:<bytes>\n", NULL as "~\n", over a fixed tag, seq, the fields and prev_hash. */
function auditHash(r) {
  const h = createHash('sha256');
  const feed = (v) => {
    if (v === null || v === undefined) { h.update('~\n'); return; }
    const b = Buffer.from(String(v), 'utf8');
    h.update(`${b.length}:`); h.update(b); h.update('\n');
  };
  feed('kezhuan-audit-v1');
  feed(String(r.seq));
  for (const k of ['at', 'actor', 'entity', 'entity_id', 'action', 'before', 'after', 'prev_hash']) feed(r[k]);
  return h.digest('hex');
}

function rows(path, where = '1 = 1') {
  const obj = COLS.map((c) => `'${c}', ${c}`).join(', ');
  const out = sql(path, PG
    ? `SELECT coalesce(json_agg(json_build_object(${obj}) ORDER BY seq), '[]') FROM audit WHERE ${where}`
    : `SELECT json_group_array(json_object(${obj})) FROM (SELECT * FROM audit WHERE ${where} ORDER BY seq)`);
  return JSON.parse(out);
}

const q = (v) => (v === null ? 'NULL' : `'${String(v).replaceAll("'", "''")}'`);
function insertSql(r) {
  return `INSERT INTO audit (${COLS.join(', ')}) VALUES (${COLS.map((c) => (c === 'seq' ? r.seq : q(r[c]))).join(', ')});`;
}

const pgCopies = [];
/** A copy of the stopped server's database to tamper with: a file copy, or on PostgreSQL a new
 * database made from it as a template. Returns what sql() and verify() take. */
function copyDb(name) {
  if (PG) {
    const db = `${new URL(srcPath).pathname.slice(1)}_${name.replaceAll('-', '_')}`;
    psql(process.env.KEZHUAN_TEST_PG, `CREATE DATABASE ${db} TEMPLATE ${new URL(srcPath).pathname.slice(1)}`);
    pgCopies.push(db);
    const u = new URL(srcPath);
    u.pathname = `/${db}`;
    return u.toString();
  }
  const p = join(copies, `${name}.db`);
  copyFileSync(srcPath, p);
  if (existsSync(`${srcPath}-wal`)) copyFileSync(`${srcPath}-wal`, `${p}-wal`);
  return p;
}

function verify(path, extra = []) {
  return kz(['audit', 'verify', ...extra], { db: PG ? path : `sqlite:${path}` });
}

function badSeq(stderr) {
  const m = stderr.match(/seq (\d+)/) || stderr.match(/第 (\d+) 行/);
  assert.ok(m, `stderr does not name a seq: ${stderr}`);
  return Number(m[1]);
}

function assertBroken(path, seq, extra = []) {
  const r = verify(path, extra);
  assert.equal(r.status, 1, `verify should fail: ${r.stdout}${r.stderr}`);
  assert.equal(badSeq(r.stderr), seq, r.stderr);
}

before(async () => {
  copies = mkdtempSync(join(tmpdir(), 'kezhuan-audit-copies-'));
  s = await startServer();
  admin = await login(s.url, 'admin');
  const officer = await login(s.url, 'officer');
  // Some API writes on top of the demo data: creates, patches, an account.
  for (let i = 0; i < 4; i++) {
    const r = await api(s.url, 'POST', '/api/v1/orgs', { token: i % 2 ? officer.token : admin.token,
      body: { name: `审计测试机构${i}-${process.pid}`, kind: 'enterprise', region: '510104', address: `地址 "${i}" \\ 测试` } });
    assert.equal(r.status, 201, r.text);
    orgId = r.json.id;
  }
  for (let i = 0; i < 2; i++) {
    const r = await api(s.url, 'PATCH', `/api/v1/orgs/${orgId}`, { token: admin.token, body: { contact: `028-1234 000${i}` } });
    assert.equal(r.status, 200, r.text);
  }
  const u = await api(s.url, 'POST', '/api/v1/users', { token: admin.token,
    body: { username: `audit_u${process.pid}`, display_name: '审计测试用户', roles: ['researcher'], org_id: orgId, password: 'Passw0rd-xyz' } });
  assert.equal(u.status, 201, u.text);
});

after(async () => {
  await s?.stop();
  s?.cleanup();
  if (copies) rmSync(copies, { recursive: true, force: true });
  for (const db of pgCopies) psql(process.env.KEZHUAN_TEST_PG, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
});

test('GET /api/v1/audit lists the whole chain newest first, each prev_hash linking to the next older row', async () => {
  const items = [];
  let cursor = null, total = null;
  do {
    const r = await api(s.url, 'GET', `/api/v1/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`, { token: admin.token });
    assert.equal(r.status, 200, r.text);
    total = r.json.total;
    items.push(...r.json.items);
    cursor = r.json.next_cursor;
  } while (cursor);
  assert.ok(items.length > 30, `expected demo + API rows, got ${items.length}`);
  assert.equal(items.length, total);
  for (let i = 0; i + 1 < items.length; i++) {
    assert.ok(items[i].seq > items[i + 1].seq, `not newest first at ${i}`);
    assert.equal(items[i].seq, items[i + 1].seq + 1, `gap between ${items[i + 1].seq} and ${items[i].seq}`);
    assert.equal(items[i].prev_hash, items[i + 1].hash, `row ${items[i].seq} does not link to ${items[i + 1].seq}`);
  }
  const oldest = items.at(-1);
  assert.equal(oldest.seq, 1);
  assert.equal(oldest.prev_hash, GENESIS);
});

test('GET /api/v1/audit?entity=org&id=N returns only that org\'s rows, newest first', async () => {
  const r = await api(s.url, 'GET', `/api/v1/audit?entity=org&id=${orgId}`, { token: admin.token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, 3);
  assert.deepEqual(r.json.items.map((x) => [x.entity, x.entity_id, x.action]),
    [['org', String(orgId), 'update'], ['org', String(orgId), 'update'], ['org', String(orgId), 'create']]);
  assert.equal(r.json.items[2].after.id, orgId);
  assert.equal(r.json.items[0].after.contact, '028-1234 0001');
  assert.equal(r.json.items[0].before.contact, '028-1234 0000');
  const other = await api(s.url, 'GET', `/api/v1/audit?entity=org&id=${orgId - 1}`, { token: admin.token });
  assert.equal(other.status, 200);
  assert.ok(other.json.items.length >= 1);
  for (const x of other.json.items) assert.deepEqual([x.entity, x.entity_id], ['org', String(orgId - 1)]);
});

test('GET /api/v1/audit/verify: the intact chain verifies; an edited row, then a wrong head, are reported (ok false, bad_seq)', async () => {
  const r = await api(s.url, 'GET', '/api/v1/audit/verify', { token: admin.token });
  assert.equal(r.status, 200, r.text);
  const total = (await api(s.url, 'GET', '/api/v1/audit?limit=1', { token: admin.token })).json;
  assert.deepEqual({ ok: r.json.ok, rows: r.json.rows, head: r.json.head, bad_seq: r.json.bad_seq, reason: r.json.reason },
    { ok: true, rows: total.total, head: total.items[0].hash, bad_seq: null, reason: null });
  assert.match(r.json.checked_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const pinned = await api(s.url, 'GET', `/api/v1/audit/verify?head=${r.json.head}`, { token: admin.token });
  assert.equal(pinned.json.ok, true);
  const wrong = await api(s.url, 'GET', `/api/v1/audit/verify?head=${'f'.repeat(64)}`, { token: admin.token });
  assert.equal(wrong.status, 200);
  assert.equal(wrong.json.ok, false);
  assert.equal(wrong.json.bad_seq, total.total + 1);
  assert.match(wrong.json.reason, /链尾/);
  for (const bad of ['abc', 'F'.repeat(64), `${'0'.repeat(63)}g`]) {
    const v = await api(s.url, 'GET', `/api/v1/audit/verify?head=${bad}`, { token: admin.token });
    assert.equal(v.status, 422, bad);
    assert.ok(v.json.error.fields.head, bad);
  }
  // tamper with a copy of the database and serve it: the report names the edited row
  let p, copyDb;
  if (PG) { // a live database cannot be a template: copy it with kezhuan backup / restore
    const c = tempPgDb();
    pgCopies.push(c.name);
    const file = join(copies, 'api-verify.jsonl');
    assert.equal(kz(['backup', file], { db: s.db }).status, 0);
    assert.equal(kz(['migrate'], { db: c.url }).status, 0);
    assert.equal(kz(['restore', file], { db: c.url }).status, 0);
    p = copyDb = c.url;
  } else {
    p = join(copies, 'api-verify.db');
    sql(s.dbPath, `VACUUM INTO '${p}'`);
    copyDb = `sqlite:${p}`;
  }
  sql(p, "UPDATE audit SET actor = 'user:1:mallory' WHERE seq = 7");
  const t = await startServer({ demo: false, db: copyDb });
  try {
    const tok = (await login(t.url, 'admin')).token;
    const b = await api(t.url, 'GET', '/api/v1/audit/verify', { token: tok });
    assert.equal(b.status, 200, b.text);
    assert.equal(b.json.ok, false);
    assert.equal(b.json.bad_seq, 7);
    assert.ok(b.json.reason.length > 0);
  } finally { await t.stop(); }
});

test('audit verify passes on the intact chain and prints the row count and head', async () => {
  const { code, signal } = await s.stop();
  assert.equal(code, 0, `server stop: ${code} ${signal}`);
  srcPath = s.dbPath;
  rowCount = Number(sql(srcPath, 'SELECT count(*) FROM audit'));
  headHash = sql(srcPath, 'SELECT hash FROM audit ORDER BY seq DESC LIMIT 1');
  assert.ok(rowCount > 35, `rows: ${rowCount}`);
  const p = copyDb('intact');
  const r = verify(p);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`\\b${rowCount} rows\\b`));
  assert.ok(r.stdout.includes(headHash), r.stdout);
  const h = verify(p, ['--head', headHash]);
  assert.equal(h.status, 0, h.stderr);
  // and the hash encoding this test reimplements matches every stored row
  let prev = GENESIS;
  for (const row of rows(p)) {
    assert.equal(row.prev_hash, prev, `row ${row.seq}`);
    assert.equal(auditHash(row), row.hash, `row ${row.seq}`);
    prev = row.hash;
  }
});

test('(a) an edited actor is caught at that row', () => {
  const p = copyDb('edit-actor');
  sql(p, "UPDATE audit SET actor='user:999:mallory' WHERE seq=5");
  assert.equal(sql(p, 'SELECT actor FROM audit WHERE seq=5'), 'user:999:mallory');
  assertBroken(p, 5);
});

test('(b) an edited JSON `after` is caught at that row', () => {
  const p = copyDb('edit-after');
  const was = sql(p, 'SELECT after FROM audit WHERE seq=7');
  assert.ok(JSON.parse(was).name, was);
  sql(p, PG ? "UPDATE audit SET after = jsonb_set(after::jsonb, '{name}', to_jsonb('篡改后的名称'::text))::text WHERE seq=7"
    : "UPDATE audit SET after=json_set(after, '$.name', '篡改后的名称') WHERE seq=7");
  const now = sql(p, 'SELECT after FROM audit WHERE seq=7');
  assert.notEqual(now, was);
  assert.equal(JSON.parse(now).name, '篡改后的名称');
  assertBroken(p, 7);
});

test('(c) a deleted row is caught at the first row after the gap', () => {
  const p = copyDb('delete');
  sql(p, 'DELETE FROM audit WHERE seq=6');
  assert.equal(Number(sql(p, 'SELECT count(*) FROM audit')), rowCount - 1);
  assertBroken(p, 7);
});

test('(d) an inserted, correctly hashed row verifies itself but breaks the next one', () => {
  const p = copyDb('insert');
  const prev = rows(p, 'seq=4')[0];
  const forged = { seq: 5, at: '2026-01-01T00:00:00Z', actor: 'user:999:mallory', entity: 'org', entity_id: '999',
    action: 'delete', before: '{"id":999,"name":"伪造"}', after: null, prev_hash: prev.hash };
  forged.hash = auditHash(forged);
  sql(p, `BEGIN;
    CREATE TEMP TABLE shifted AS SELECT * FROM audit WHERE seq >= 5;
    DELETE FROM audit WHERE seq >= 5;
    INSERT INTO audit SELECT seq + 1, at, actor, entity, entity_id, action, before, after, prev_hash, hash FROM shifted;
    ${insertSql(forged)}
    COMMIT;`);
  assert.equal(Number(sql(p, 'SELECT count(*) FROM audit')), rowCount + 1);
  assert.equal(sql(p, 'SELECT hash FROM audit WHERE seq=5'), forged.hash);
  assertBroken(p, 6);
});

test('(e) two swapped rows are caught at the first of them', () => {
  const p = copyDb('reorder');
  const [r8, r9] = rows(p, 'seq IN (8, 9)');
  const rest = COLS.filter((c) => c !== 'seq');
  sql(p, `BEGIN;
    CREATE TEMP TABLE pair AS SELECT * FROM audit WHERE seq IN (8, 9);
    UPDATE audit SET (${rest.join(', ')}) = (SELECT ${rest.join(', ')} FROM pair WHERE pair.seq = 17 - audit.seq) WHERE seq IN (8, 9);
    COMMIT;`);
  const [n8, n9] = rows(p, 'seq IN (8, 9)');
  assert.equal(n8.hash, r9.hash);
  assert.equal(n9.hash, r8.hash);
  assertBroken(p, 8);
});

test('(f) a correctly forged row appended at the end passes plain verify but not --head', () => {
  const p = copyDb('append');
  const last = rows(p, `seq=${rowCount}`)[0];
  const forged = { seq: rowCount + 1, at: '2026-12-31T23:59:59Z', actor: 'user:1:admin', entity: 'org', entity_id: '1',
    action: 'update', before: null, after: '{"id":1,"name":"伪造"}', prev_hash: last.hash };
  forged.hash = auditHash(forged);
  sql(p, insertSql(forged));
  const plain = verify(p);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, new RegExp(`\\b${rowCount + 1} rows\\b`));
  const r = verify(p, ['--head', headHash]);
  assert.equal(r.status, 1, r.stdout);
  assert.ok(r.stderr.trim().length > 0);
});
