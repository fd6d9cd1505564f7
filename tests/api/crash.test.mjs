// Crash safety (PRODUCT.md §6 "no acknowledged write lost on a crash"): kill -9 the server during
// a stream of writes, restart it on the same database, and check that every write answered 2xx
// is there, that SQLite's integrity check passes, and that the audit chain verifies and has a
// 'create' row for every acknowledged org. Three rounds on one database.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, api, login, kz, sql, PG } from './lib.mjs';

const WRITERS = 8;
const ROUNDS = 3;
const RUN_MS = 1500;
const MIN_ACKED = 50;

let server;
after(async () => { if (server) { await server.stop(); server.cleanup(); } });

/** One round: writers against `s` until it is killed. Returns what was acknowledged. */
async function stormAndKill(s, round, patchIds) {
  const { token } = await login(s.url, 'admin');
  const acked = []; // {id, name}
  const answeredBad = []; // non-2xx answers before the kill
  const patch = patchIds.map(() => ({ last: null, unanswered: [] })); // per writer
  let killed = false, inflight = 0, n = 0;

  async function call(method, path, body) {
    inflight++;
    try { return await api(s.url, method, path, { token, body }); } catch { return null; } finally { inflight--; }
  }

  async function writer(w) {
    for (let i = 0; !killed; i++) {
      if (i % 4 === 3) {
        const contact = `r${round}-w${w}-${i}`;
        const r = await call('PATCH', `/api/v1/orgs/${patchIds[w]}`, { contact });
        if (r?.status === 200) { patch[w].last = contact; if (r.json?.contact !== contact) answeredBad.push(`PATCH answered ${r.text.slice(0, 200)}`); } else if (!r) patch[w].unanswered.push(contact);
        else if (!killed) answeredBad.push(`PATCH ${r.status} ${r.text.slice(0, 200)}`);
        if (!r && !killed) await sleep(1);
      } else {
        const name = `崩溃测试机构 r${round} w${w} #${i} ${++n}`;
        const r = await call('POST', '/api/v1/orgs', { name, kind: 'enterprise', region: '510104', industry: '39', address: `第 ${round} 轮` });
        if (r?.status === 201) { acked.push({ id: r.json.id, name }); if (r.json.name !== name) answeredBad.push(`POST answered ${r.text.slice(0, 200)}`); }
        else if (r && !killed) answeredBad.push(`POST ${r.status} ${r.text.slice(0, 200)}`);
        if (!r && !killed) await sleep(1);
      }
    }
  }

  const running = Array.from({ length: WRITERS }, (_, w) => writer(w));
  await sleep(RUN_MS);
  const inflightAtKill = inflight;
  const exit = await s.kill9();
  killed = true;
  await Promise.allSettled(running);
  return { acked, answeredBad, patch, inflightAtKill, exit };
}

test(`kill -9 during ${WRITERS} concurrent writers, ${ROUNDS} rounds: every acknowledged write survives`, async (t) => {
  server = await startServer(); // default synchronous=FULL
  const dbUrl = server.db, dbPath = server.dbPath;
  const orgs = await api(server.url, 'GET', '/api/v1/orgs?limit=100');
  const patchIds = orgs.json.items.slice(0, WRITERS).map((o) => o.id);
  assert.equal(patchIds.length, WRITERS);
  const allAcked = [];

  for (let round = 1; round <= ROUNDS; round++) {
    // each patched org's contact before the round: what it keeps when no PATCH of the round was
    // acknowledged and the unanswered ones did not commit
    const before = [];
    for (const id of patchIds) before.push((await api(server.url, 'GET', `/api/v1/orgs/${id}`)).json.contact);
    const res = await stormAndKill(server, round, patchIds);
    assert.equal(res.exit.signal, 'SIGKILL', `round ${round}: server exited ${JSON.stringify(res.exit)} before the kill`);
    assert.ok(res.inflightAtKill > 0, `round ${round}: no request in flight at the kill`);
    assert.ok(res.acked.length > MIN_ACKED, `round ${round}: only ${res.acked.length} writes acknowledged`);
    assert.deepEqual(res.answeredBad, [], `round ${round}: non-2xx answers during the storm`);
    allAcked.push(...res.acked);
    t.diagnostic(`round ${round}: ${res.acked.length} creates and ${res.patch.filter((p) => p.last).length} patch streams acknowledged, ${res.inflightAtKill} requests in flight at the kill`);

    // restart on the same database
    server = await startServer({ db: dbUrl, demo: false });
    const { token } = await login(server.url, 'admin');

    // every acknowledged org (this round and earlier ones) is there with its name
    const missing = [];
    for (let i = 0; i < allAcked.length; i += 16) {
      await Promise.all(allAcked.slice(i, i + 16).map(async (o) => {
        const r = await api(server.url, 'GET', `/api/v1/orgs/${o.id}`);
        if (r.status !== 200 || r.json.name !== o.name) missing.push(`${o.id} ${o.name}: ${r.status} ${r.json?.name}`);
      }));
    }
    assert.deepEqual(missing, [], `round ${round}: acknowledged orgs lost`);

    // every acknowledged PATCH is there (or a later one whose answer was lost to the kill)
    for (let w = 0; w < WRITERS; w++) {
      const { last, unanswered } = res.patch[w];
      if (last === null && unanswered.length === 0) continue;
      const r = await api(server.url, 'GET', `/api/v1/orgs/${patchIds[w]}`);
      assert.equal(r.status, 200);
      // the last acknowledged value (or, with none acknowledged, the value before the round), or
      // a later write whose answer the kill cut off
      const allowed = [last === null ? before[w] : last, ...unanswered];
      assert.ok(allowed.includes(r.json.contact),
        `round ${round} writer ${w}: contact ${r.json.contact}, acknowledged ${last}, unanswered ${JSON.stringify(unanswered)}`);
    }

    if (!PG) assert.equal(sql(dbPath, 'PRAGMA integrity_check'), 'ok'); // PostgreSQL was not crashed
    const v = kz(['audit', 'verify'], { db: dbUrl });
    assert.equal(v.status, 0, `round ${round}: audit verify: ${v.stdout}${v.stderr}`);

    // a 'create' audit row for every acknowledged org, naming it
    const created = JSON.parse(sql(dbPath,
      PG ? "SELECT coalesce(json_object_agg(entity_id, after::json ->> 'name'), '{}') FROM audit WHERE entity = 'org' AND action = 'create'"
        : "SELECT json_group_object(entity_id, json_extract(after, '$.name')) FROM audit WHERE entity = 'org' AND action = 'create'"));
    const noAudit = allAcked.filter((o) => created[String(o.id)] !== o.name).map((o) => o.id);
    assert.deepEqual(noAudit, [], `round ${round}: acknowledged orgs without a create audit row`);
    // and no org row without its trace (record and trace commit together)
    assert.equal(sql(dbPath, "SELECT count(*) FROM orgs WHERE CAST(id AS TEXT) NOT IN (SELECT entity_id FROM audit WHERE entity = 'org' AND action IN ('create', 'import'))"), '0');

    const list = await api(server.url, 'GET', '/api/v1/audit?limit=1', { token });
    assert.equal(list.status, 200);
  }
  assert.ok(allAcked.length > MIN_ACKED * ROUNDS);
});
