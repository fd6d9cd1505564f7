// The search index snapshot (issue 14, item 3): a server writes its index to a file, a restart
// loads it ("source": "snapshot" in /readyz) and answers searches and lists exactly as before;
// what was written while it was stopped (kezhuan import) is caught up from the change feed
// before it says ready; a corrupt file, another database's file and a file the feed no longer
// covers are rebuilt from the records, never trusted. Both backends (PostgreSQL has no default
// file: the tests name one).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, loginAll, makeAchievement, makeDemand, kz, sql, tempDb, PG, FUTURE_DATE, financeBody } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'kezhuan-snap-'));
const snap = join(dir, 'index.snap');
const args = ['--index-snapshot', snap];
let s, db, tok, dropDb;
const WORD = `钒钛磁铁矿尾渣快照${process.pid.toString(36)}`;

/** /readyz once the index is ready (a loaded machine or a sanitizer build may take seconds to
 * load or rebuild it; 503 until then is the behaviour under test elsewhere). */
async function ready(server) {
  let r;
  for (let i = 0; i < 600; i++) {
    r = await api(server.url, 'GET', '/readyz');
    if (r.status === 200) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(r.status, 200, r.text);
  return r;
}

async function start() {
  s = await startServer({ db, demo: false, args });
  const r = await ready(s);
  tok = await loginAll(s.url);
  return r.json.index;
}
async function stop() {
  const e = await s.stop();
  assert.equal(e.code, 0, s.stderr);
}

// What a restart must answer the same: searches (items, order, scores) and lists (pages,
// totals, facets), anonymous and for an administrator.
async function answers() {
  const out = {};
  const paths = [
    `/api/v1/search?q=${encodeURIComponent(WORD)}`,
    `/api/v1/search?q=${encodeURIComponent('电池 材料')}&limit=20&facets=1`,
    `/api/v1/search?q=${encodeURIComponent('智能 检测')}&kind=demand&limit=20`,
    '/api/v1/achievements?limit=50&facets=1',
    '/api/v1/achievements?limit=20&sort=-price',
    '/api/v1/demands?limit=50&facets=1',
    '/api/v1/finance-products?limit=50&facets=1', // a kind the engine serves alone
    '/api/v1/finance-products?limit=3&sort=-amount_max&tier=tech_sme',
  ];
  for (const p of paths)
    for (const who of ['anonymous', 'admin']) {
      const r = await api(s.url, 'GET', p, { token: who === 'admin' ? tok.admin : undefined });
      assert.equal(r.status, 200, `${p}: ${r.text}`);
      delete r.json.took_ms;
      out[`${who} ${p}`] = r.json;
    }
  return out;
}

function importAchievements(titles) {
  const org = Number(sql(s.dbPath, 'SELECT min(id) FROM orgs'));
  const cols = ['title', 'summary', 'keywords', 'industry', 'region', 'trl', 'org_id', 'status', 'valid_until', 'transfer_modes', 'transaction_mode'];
  const rows = titles.map((t) => [t, '停机期间导入的成果，用于验证索引快照追赶变更流。', '快照;变更流', '4620', '511102', '6', String(org), 'published', FUTURE_DATE, 'license', 'negotiated']);
  const csv = [cols, ...rows].map((r) => r.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(',')).join('\n') + '\n';
  const file = join(dir, `import-${Date.now()}.csv`);
  writeFileSync(file, csv);
  const r = kz(['import', 'achievements', file], { db });
  assert.equal(r.status, 0, r.stderr);
}

async function found(title) {
  const r = await api(s.url, 'GET', `/api/v1/search?q=${encodeURIComponent(title)}&kind=achievement`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.some((x) => x.achievement.title === title);
}

let baseline;

before(async () => {
  const t = await startServer({ args }); // the demo data, migrated
  s = t;
  db = t.db;
  dropDb = t.cleanup;
  tok = await loginAll(s.url);
});
after(async () => {
  await s?.stop();
  dropDb?.();
  rmSync(dir, { recursive: true, force: true });
});

test('the first start rebuilds (no file yet) and writes the snapshot; /readyz says so', async () => {
  const r = await ready(s);
  assert.equal(r.json.index.ready, true);
  assert.equal(r.json.index.source, 'rebuild');
  assert.equal(r.json.index.snapshot.path, snap);
  assert.match(r.json.index.snapshot.rejected, /没有索引快照文件/);
  for (let i = 0; i < 50 && !existsSync(snap); i++) await new Promise((res) => setTimeout(res, 100));
  assert.ok(existsSync(snap), 'snapshot written after the rebuild');
  // writes after the snapshot: they reach the file at the clean stop
  const SCU = { owner: tok.researcher, reviewer: tok.reviewer, admin: tok.admin };
  const YB = { owner: tok.enterprise, reviewer: tok.reviewer, admin: tok.admin };
  await makeAchievement(s.url, SCU, 'published', { title: `${WORD}高值化利用技术`, keywords: ['钒钛', '尾渣利用'] });
  await makeAchievement(s.url, SCU, 'draft', { title: `${WORD}草稿` });
  await makeDemand(s.url, YB, 'published', { title: `${WORD}需求` });
  baseline = await answers();
  assert.ok(baseline[`anonymous /api/v1/search?q=${encodeURIComponent(WORD)}`].items.length >= 2);
  const seq = (await api(s.url, 'GET', '/readyz')).json.index.seq;
  await stop();
  const st = statSync(snap);
  assert.ok(st.size > 128);
  assert.ok(!existsSync(`${snap}.tmp.${s.proc.pid}`), 'no temporary file left');
  // the file covers the last write
  const again = await start();
  assert.equal(again.snapshot.seq, seq);
});

test('a restart loads the snapshot and answers searches and lists exactly as before', async () => {
  const r = await api(s.url, 'GET', '/readyz');
  assert.equal(r.json.index.source, 'snapshot', r.text);
  assert.equal(r.json.index.snapshot.caught_up, 0);
  assert.equal(r.json.index.snapshot.rejected, undefined);
  assert.deepEqual(await answers(), baseline);
  await stop();
});

test('what was written while the server was stopped is caught up from the feed before ready', async () => {
  const t1 = `${WORD}停机导入甲`, t2 = `${WORD}停机导入乙`;
  importAchievements([t1, t2]);
  const bank = Number(sql(s.dbPath, "SELECT id FROM orgs WHERE name = '成都蜀汇银行股份有限公司'"));
  const fin = join(dir, `fin-${Date.now()}.jsonl`);
  writeFileSync(fin, `${JSON.stringify({ ...financeBody({ title: `${WORD}停机导入贷` }), org_id: bank, status: 'active' })}\n`);
  const fr = kz(['import', 'finance-products', fin], { db });
  assert.equal(fr.status, 0, fr.stderr);
  const ix = await start();
  assert.equal(ix.source, 'snapshot');
  assert.ok(ix.snapshot.caught_up >= 3, JSON.stringify(ix));
  assert.ok(await found(t1));
  assert.ok(await found(t2));
  const l = await api(s.url, 'GET', '/api/v1/finance-products?limit=100');
  assert.ok(l.json.items.some((x) => x.title === `${WORD}停机导入贷`), 'the finance product written while stopped is listed');
  baseline = await answers();
  await stop();
});

test('a corrupt snapshot is rebuilt, never trusted, and the answers stay the same', async () => {
  const b = readFileSync(snap);
  b[Math.floor(b.length / 2)] ^= 0x5a;
  writeFileSync(snap, b);
  const ix = await start();
  assert.equal(ix.source, 'rebuild');
  assert.match(ix.snapshot.rejected, /校验和/);
  assert.deepEqual(await answers(), baseline);
  await stop();
  // the stop (or the rebuild) wrote a good one again
  assert.equal((await start()).source, 'snapshot');
  await stop();
  // cut short
  const whole = readFileSync(snap);
  writeFileSync(snap, whole.subarray(0, whole.length - 1000));
  const cut = await start();
  assert.equal(cut.source, 'rebuild');
  assert.match(cut.snapshot.rejected, /截断|长度/);
  assert.deepEqual(await answers(), baseline);
  await stop();
});

test('another database\'s snapshot is rebuilt', async () => {
  const other = tempDb();
  const otherSnap = join(dir, 'other.snap');
  try {
    const o = await startServer({ db: other.db, args: ['--index-snapshot', otherSnap] });
    for (let i = 0; i < 50 && !existsSync(otherSnap); i++) await new Promise((res) => setTimeout(res, 100));
    await o.stop();
    copyFileSync(otherSnap, snap);
    const ix = await start();
    assert.equal(ix.source, 'rebuild');
    assert.match(ix.snapshot.rejected, /另一个数据库/);
    assert.deepEqual(await answers(), baseline);
    await stop();
  } finally {
    other.cleanup();
  }
});

test('a snapshot the feed no longer covers (changes after it are gone) is rebuilt', async () => {
  assert.equal((await start()).source, 'snapshot');
  const head = Number(sql(s.dbPath, 'SELECT max(seq) FROM changes'));
  await stop();
  const t1 = `${WORD}变更流缺口甲`, t2 = `${WORD}变更流缺口乙`;
  importAchievements([t1, t2]);
  sql(s.dbPath, `DELETE FROM changes WHERE seq <= ${head + 1}`);
  const ix = await start();
  assert.equal(ix.source, 'rebuild');
  assert.match(ix.snapshot.rejected, /变更流已不含/);
  assert.ok(await found(t1));
  assert.ok(await found(t2));
  await stop();
  // and a database restored to before the snapshot (its feed behind the file's position)
  sql(s.dbPath, `DELETE FROM changes WHERE seq > ${head}`);
  const behind = await start();
  assert.equal(behind.source, 'rebuild');
  assert.match(behind.snapshot.rejected, /超过/);
  await stop();
});

test('a restored database is another database: its snapshot is not the original\'s', async () => {
  const file = join(dir, 'backup.jsonl');
  assert.equal(kz(['backup', file], { db }).status, 0);
  const t = tempDb();
  try {
    assert.equal(kz(['migrate'], { db: t.db }).status, 0);
    const r = kz(['restore', file], { db: t.db });
    assert.equal(r.status, 0, r.stderr);
    const a = sql(s.dbPath, 'SELECT value FROM db_identity');
    const b = sql(t.path, 'SELECT value FROM db_identity');
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.match(b, /^[0-9a-f]{32}$/);
    assert.notEqual(a, b);
    // the original's snapshot, put beside the restored database, is rebuilt
    copyFileSync(snap, join(dir, 'restored.snap'));
    const o = await startServer({ db: t.db, demo: false, args: ['--index-snapshot', join(dir, 'restored.snap')] });
    const ix = (await ready(o)).json.index;
    assert.equal(ix.source, 'rebuild');
    assert.match(ix.snapshot.rejected, /另一个数据库/);
    await o.stop();
  } finally {
    t.cleanup();
  }
});

test('SQLite: the default file is the database path + ".index"; "off" turns it off', { skip: PG && 'PostgreSQL has no default file' }, async () => {
  const t = tempDb();
  try {
    const o = await startServer({ db: t.db, demo: false });
    const r = await ready(o);
    assert.equal(r.json.index.snapshot.path, `${t.path}.index`);
    await o.stop();
    assert.ok(existsSync(`${t.path}.index`));
    const off = await startServer({ db: t.db, demo: false, args: ['--index-snapshot', 'off'] });
    const r2 = await ready(off);
    assert.equal(r2.json.index.snapshot, null);
    assert.equal(r2.json.index.source, 'rebuild');
    await off.stop();
  } finally {
    t.cleanup();
  }
});

test('help lists the options', () => {
  const h = kz(['help']);
  assert.match(h.stdout + h.stderr, /--index-snapshot/);
  assert.match(h.stdout + h.stderr, /KEZHUAN_INDEX_SNAPSHOT_INTERVAL/);
});
