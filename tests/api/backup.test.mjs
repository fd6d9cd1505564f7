// kezhuan backup / restore / migrate --from --to: a backup of a live server restores into an
// empty database with nothing lost (the backups of both compare equal line by line, the audit
// chain verifies, the restored server works and numbers new records after the restored ones);
// bad restores write nothing; an embedded SQLite installation moves to PostgreSQL with equal
// backups and exports and a verified chain (when a PostgreSQL server is at hand).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login, kz, sql, tempDb, tempPgDb, makeAchievement, loginAll } from './lib.mjs';

let s, tok, dir;
const dbs = [];

function fresh() {
  const t = tempDb();
  dbs.push(t);
  const r = kz(['migrate'], { db: t.db });
  assert.equal(r.status, 0, r.stderr);
  return t;
}

/** The backup of db as lines, without the header (which names the source and the time). */
function backupLines(db, file) {
  const r = kz(['backup', file], { db });
  assert.equal(r.status, 0, r.stderr);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const head = JSON.parse(lines[0]);
  assert.equal(head.format, 'kezhuan-backup');
  assert.ok(Number.isInteger(head.schema) && head.schema >= 3);
  assert.ok(JSON.parse(lines.at(-1)).complete, 'the last line closes the backup');
  return lines.slice(1);
}

const count = (db, table) => Number(sql(db.startsWith('sqlite:') ? db.slice(7) : db, `SELECT count(*) FROM ${table}`));

before(async () => {
  s = await startServer();
  const who = await loginAll(s.url);
  tok = who;
  // some history beyond the demo data: a record through its workflow, a login, a logout
  await makeAchievement(s.url, { owner: who.researcher, reviewer: who.reviewer, admin: who.admin }, 'published');
  const l = await login(s.url, 'broker');
  assert.equal((await api(s.url, 'POST', '/api/v1/auth/logout', { token: l.token })).status, 204);
  dir = mkdtempSync(join(tmpdir(), 'kezhuan-backup-'));
});

after(async () => {
  await s?.stop();
  s?.cleanup();
  for (const t of dbs) t.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a backup of a running server restores with nothing lost', async () => {
  const file = join(dir, 'live.jsonl');
  const orig = backupLines(s.db, file);
  assert.ok(orig.length > 3000, `${orig.length} lines`);
  const t = fresh();
  const r = kz(['restore', file], { db: t.db });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /审计链 \d+ 行校验通过/);
  assert.deepEqual(backupLines(t.db, join(dir, 'restored.jsonl')), orig);
  const v = kz(['audit', 'verify'], { db: t.db });
  assert.equal(v.status, 0, v.stderr);

  // the restored installation serves: old passwords and sessions work, new ids come after
  const x = await startServer({ db: t.db, demo: false });
  try {
    assert.equal((await api(x.url, 'GET', '/api/v1/me', { token: tok.admin })).status, 200, 'a session from before the backup');
    const a = await login(x.url, 'admin');
    const maxOrg = Number(sql(x.dbPath, 'SELECT max(id) FROM orgs'));
    const c = await api(x.url, 'POST', '/api/v1/orgs', { token: a.token, body: { name: '恢复后新建的机构', kind: 'enterprise', region: '510107' } });
    assert.equal(c.status, 201, c.text);
    assert.ok(c.json.id > maxOrg, `new id ${c.json.id} after ${maxOrg}`);
    const maxAch = Number(sql(x.dbPath, 'SELECT max(id) FROM achievements'));
    const res = await login(x.url, 'researcher');
    const ach = await makeAchievement(x.url, { owner: res.token }, 'draft');
    assert.ok(ach.id > maxAch, `new achievement ${ach.id} after ${maxAch}`);
    const found = await api(x.url, 'GET', `/api/v1/achievements/${ach.id}`, { token: a.token });
    assert.equal(found.status, 200, found.text);
  } finally {
    await x.stop();
  }
  assert.equal(kz(['audit', 'verify'], { db: t.db }).status, 0);
});

test('a restore into a database that has data, or of a damaged file, writes nothing', () => {
  const file = join(dir, 'live2.jsonl');
  backupLines(s.db, file);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  // not empty: refused
  const busy = kz(['restore', file], { db: s.db });
  assert.equal(busy.status, 1);
  assert.match(busy.stderr, /空数据库|not empty/);
  // cut short: nothing written
  const t = fresh();
  const cut = join(dir, 'cut.jsonl');
  writeFileSync(cut, `${lines.slice(0, Math.floor(lines.length / 2)).join('\n')}\n`);
  const r = kz(['restore', cut], { db: t.db });
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /不完整|中断/);
  for (const table of ['orgs', 'users', 'audit', 'achievements']) assert.equal(count(t.db, table), 0, table);
  // a row that breaks a constraint (a user of an org that is not there): nothing written
  const bad = lines.map((l) => l);
  const userTable = bad.findIndex((l) => l.startsWith('{"table":"users"'));
  const row = JSON.parse(bad[userTable + 1]);
  row[4] = 999999; // org_id
  bad[userTable + 1] = JSON.stringify(row);
  const badFile = join(dir, 'bad.jsonl');
  writeFileSync(badFile, `${bad.join('\n')}\n`);
  const r2 = kz(['restore', badFile], { db: t.db });
  assert.equal(r2.status, 1, r2.stdout);
  assert.equal(count(t.db, 'orgs'), 0);
  // not a backup at all
  const junk = join(dir, 'junk.jsonl');
  writeFileSync(junk, '{"hello":"world"}\n');
  const r3 = kz(['restore', junk], { db: t.db });
  assert.equal(r3.status, 1);
  assert.match(r3.stderr, /不是 kezhuan 备份文件/);
  // and the good file still restores there afterwards
  assert.equal(kz(['restore', file], { db: t.db }).status, 0);
});

test('help describes backup, restore and migrate --from --to', () => {
  const h = kz(['help']);
  assert.equal(h.status, 0);
  for (const w of ['backup FILE', 'restore FILE', 'migrate --from URL --to URL']) assert.ok(h.stdout.includes(w), w);
  assert.equal(kz(['backup']).status, 2);
  assert.equal(kz(['restore']).status, 2);
  assert.equal(kz(['migrate', '--from', 'sqlite:x.db']).status, 2);
});

test('migrate --from sqlite:… --to postgresql://… moves an embedded installation with nothing lost', { skip: !process.env.KEZHUAN_TEST_PG && 'no PostgreSQL server (KEZHUAN_TEST_PG)' }, async () => {
  // an embedded installation (always SQLite, whichever backend the suite runs on)
  const src = `sqlite:${join(dir, 'embedded.db')}`;
  assert.equal(kz(['migrate'], { db: src }).status, 0);
  assert.equal(kz(['demo'], { db: src }).status, 0);
  const e = await startServer({ db: src, demo: false });
  try {
    const who = await loginAll(e.url);
    await makeAchievement(e.url, { owner: who.researcher, reviewer: who.reviewer, admin: who.admin }, 'published');
  } finally {
    await e.stop();
  }
  const target = tempPgDb();
  dbs.push({ cleanup: target.drop });
  const m = kz(['migrate', '--from', src, '--to', target.url]);
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stdout, /审计链 \d+ 行校验通过/);
  // full exports compare equal: the backups, and the records' own exports
  assert.deepEqual(backupLines(target.url, join(dir, 'moved.jsonl')), backupLines(src, join(dir, 'embedded.jsonl')));
  for (const kind of ['orgs', 'achievements', 'demands']) {
    const a = kz(['export', kind, '--format', 'jsonl'], { db: src });
    const b = kz(['export', kind, '--format', 'jsonl'], { db: target.url });
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    assert.ok(a.stdout.length > 1000);
    assert.equal(b.stdout, a.stdout, `${kind} export`);
  }
  const v = kz(['audit', 'verify'], { db: target.url });
  assert.equal(v.status, 0, v.stderr);
  const head = sql(join(dir, 'embedded.db'), 'SELECT hash FROM audit ORDER BY seq DESC LIMIT 1');
  assert.ok(v.stdout.includes(head), 'the same chain head');
  // the moved installation serves, and a second move onto it is refused
  const p = await startServer({ db: target.url, demo: false });
  try {
    const r = await api(p.url, 'GET', '/api/v1/search?q=锂电池&kind=achievement');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length > 0);
  } finally {
    await p.stop();
  }
  const again = kz(['migrate', '--from', src, '--to', target.url]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /空数据库|not empty/);
});
