// bench/brokers — a broker's figures and the broker ranking as the deals grow (issue 15 item 1:
// "figures computed from their deals … shown on their page and in a ranking"; DEVELOPERS.md: no
// per-request work that grows with the table).
//
//   node bench/brokers/run.mjs [--deals N] [--brokers B] [--requests R]
//        (defaults N = 100,000 deals, B = 300 registered brokers, R = 40 requests per median)
//   BACKENDS="sqlite postgresql" (postgresql needs KEZHUAN_TEST_PG: run under scripts/with-pg.sh)
//
// For each backend: a fresh database with the demo data and B broker accounts of 天府技术转移服务中心,
// each with a registered entry (imported). Then, at two sizes — the demo's six deals and N more
// imported (the demo's published demands and achievements paired at random, every state, broker
// and dates at random) — it prints the median of R single requests (one at a time) of `GET /me`
// (the reference), one broker's figures (`GET /brokers/{id}/stats`), the ranking by signed deals
// (top 20) and by deals taken (top 100), and checks that the ranking's top figures equal a
// recount of the imported deals (the program fails if not); on PostgreSQL once more after a VACUUM
// ANALYZE of record_counts (the import leaves a dead row version per count update). A benchmark, not a test: it reports
// figures and exits 0 unless a step fails or a figure is wrong.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, api, login, makeUser, tempPgDb, psql, BIN } from '../../tests/api/lib.mjs';

/** kezhuan import (no time limit: 10^5 rows into PostgreSQL take minutes). */
const kz = (args, { db }) => spawnSync(BIN, [...args, '--db', db], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const DEALS = opt('deals', 100000), BROKERS = opt('brokers', 300), R = opt('requests', 40);
const BACKENDS = (process.env.BACKENDS || (process.env.KEZHUAN_TEST_PG ? 'sqlite postgresql' : 'sqlite')).split(/\s+/).filter(Boolean);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
let seed = 20261208;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const day = (d) => new Date(Date.UTC(2026, 0, 1) + d * 86400e3).toISOString().slice(0, 10);

async function timed(base, path, token) {
  const ms = [];
  for (let i = 0; i < R; i++) {
    const a = performance.now();
    const r = await api(base, 'GET', path, { token });
    ms.push(performance.now() - a);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text.slice(0, 200)}`);
  }
  return median(ms);
}

async function run(backend) {
  const pg = backend === 'postgresql' ? tempPgDb() : null;
  const s = await startServer(pg ? { db: pg.url } : {});
  const dir = mkdtempSync(join(tmpdir(), 'kz-bench-brokers-'));
  try {
    const admin = (await login(s.url, 'admin')).token;
    const officer = (await login(s.url, 'officer')).token;
    const tfjs = (await api(s.url, 'GET', `/api/v1/orgs?q=${encodeURIComponent('天府技术转移服务中心')}`)).json.items[0].id;
    const users = [];
    for (let i = 0; i < BROKERS; i++) users.push((await makeUser(s.url, admin, { roles: ['broker'], org_id: tfjs, prefix: 'bb' })).id);
    const entries = users.map((u, i) => JSON.stringify({ user_id: u, name: `基准经纪人 ${i + 1}`, kind: 'broker', level: 'junior', region: '510107', industries: ['3841'], org_id: tfjs, status: 'active' }));
    writeFileSync(join(dir, 'brokers.jsonl'), `${entries.join('\n')}\n`);
    let r = kz(['import', 'brokers', join(dir, 'brokers.jsonl')], { db: s.db });
    if (r.status !== 0) throw new Error(r.stderr);
    const one = (await api(s.url, 'GET', '/api/v1/brokers?limit=1&q=' + encodeURIComponent('基准经纪人 1'))).json.items[0].id;
    const measure = async () => ({
      me: await timed(s.url, '/api/v1/me', officer),
      stats: await timed(s.url, `/api/v1/brokers/${one}/stats`),
      top20: await timed(s.url, '/api/v1/stats/brokers?by=signed&limit=20'),
      top100: await timed(s.url, '/api/v1/stats/brokers?by=taken&limit=100'),
    });
    const small = await measure();
    // N deals between the demo's published demands and achievements of other orgs
    const dems = [], achs = [];
    for (let p = 0, cur = null; p < 20; p++) {
      const page = (await api(s.url, 'GET', `/api/v1/demands?status=published&limit=100${cur ? `&cursor=${cur}` : ''}`)).json;
      dems.push(...page.items.map((x) => [x.id, x.org_id]));
      cur = page.next_cursor;
      if (!cur) break;
    }
    for (let p = 0, cur = null; p < 20; p++) {
      const page = (await api(s.url, 'GET', `/api/v1/achievements?status=published&limit=100${cur ? `&cursor=${cur}` : ''}`)).json;
      achs.push(...page.items.map((x) => [x.id, x.org_id]));
      cur = page.next_cursor;
      if (!cur) break;
    }
    const states = ['recommended', 'contacted', 'negotiating', 'signed', 'signed', 'declined'];
    const codes = ['price', 'maturity', 'ip', 'fit', 'timing', 'other'];
    const want = new Map(); // user → {taken, signed}
    const lines = [];
    for (let i = 0; i < DEALS; i++) {
      const [dem, dorg] = dems[rnd(dems.length)];
      let a = achs[rnd(achs.length)];
      while (a[1] === dorg) a = achs[rnd(achs.length)];
      const u = users[rnd(users.length)], status = states[rnd(states.length)], from = rnd(300);
      const d = { demand_id: dem, achievement_id: a[0], broker_id: u, note: '基准测试对接', org_id: tfjs, status, recommended_on: day(from) };
      if (status !== 'recommended') d.contacted_on = day(from + 3);
      if (status === 'signed' || status === 'declined') d.closed_on = day(from + 3 + rnd(60));
      if (status === 'declined') Object.assign(d, { decline_code: codes[rnd(6)], decline_side: rnd(2) ? 'buyer' : 'seller' });
      lines.push(JSON.stringify(d));
      const w = want.get(u) ?? { taken: 0, signed: 0 };
      w.taken++;
      if (status === 'signed') w.signed++;
      want.set(u, w);
    }
    writeFileSync(join(dir, 'deals.jsonl'), `${lines.join('\n')}\n`);
    const t0 = performance.now();
    r = kz(['import', 'deals', join(dir, 'deals.jsonl')], { db: s.db });
    if (r.status !== 0) throw new Error(r.stderr);
    const importSecs = (performance.now() - t0) / 1000;
    // (a pooled keep-alive connection the server closed while the import ran fails once: renew them)
    for (let i = 0; i < 3; i++) await api(s.url, 'GET', '/healthz').catch(() => {});
    const large = await measure();
    // PostgreSQL: the same once autovacuum has caught up with the import's dead row versions
    let vacuumed = null;
    if (pg) {
      psql(pg.url, 'VACUUM ANALYZE record_counts');
      vacuumed = await measure();
    }
    // the ranking's top equals a recount of the imported deals
    const top = (await api(s.url, 'GET', '/api/v1/stats/brokers?by=signed&limit=100')).json.items;
    const best = Math.max(...[...want.values()].map((w) => w.signed));
    // (the demo's broker, with the demo's deals, is ranked too: the rows of the imported ones are checked)
    const ours = top.filter((x) => want.has(x.user_id));
    const ok = ours.length > 0 && ours[0].value === best && ours.every((x) => x.value === want.get(x.user_id).signed && x.figures.taken === want.get(x.user_id).taken);
    return { backend, small, large, vacuumed, importSecs, ok };
  } catch (err) {
    console.error(`server (exit ${s.proc.exitCode} ${s.proc.signalCode}): ${s.stderr.slice(-3000)}`);
    throw err;
  } finally {
    await s.stop();
    s.cleanup();
    pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = [];
for (const b of BACKENDS) rows.push(await run(b));
console.log(`\n${BROKERS} registered brokers; the demo's 6 deals, then ${DEALS.toLocaleString('en')} more; median of ${R} single requests, ms\n`);
console.log('| backend | request | 6 deals | +' + DEALS.toLocaleString('en') + ' deals | the same after VACUUM ANALYZE |');
console.log('|---|---|---|---|---|');
const names = { me: '/me (reference)', stats: 'a broker\'s figures', top20: 'ranking by signed, top 20', top100: 'ranking by taken, top 100' };
for (const r of rows)
  for (const k of Object.keys(names)) console.log(`| ${r.backend} | ${names[k]} | ${r.small[k].toFixed(2)} | ${r.large[k].toFixed(2)} | ${r.vacuumed ? r.vacuumed[k].toFixed(2) : '—'} |`);
for (const r of rows) console.log(`RESULT backend=${r.backend} import_s=${r.importSecs.toFixed(1)} ranking_equals_recount=${r.ok} ${Object.keys(names).map((k) => `${k}_ms=${r.small[k].toFixed(2)}/${r.large[k].toFixed(2)}`).join(' ')}`);
if (rows.some((r) => !r.ok)) process.exit(1);
