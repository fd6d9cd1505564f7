// Two `kezhuan serve` nodes on one PostgreSQL database behind HAProxy (deploy/haproxy.cfg, used
// as it is): sessions and the login limit hold across nodes, a record written through one node
// is found by a search on the other within one second (and the other node's follower applies it
// without being asked), and when one node is killed with SIGKILL under a write load no answered
// write is lost and the other node keeps serving. Needs KEZHUAN_TEST_PG (make cluster runs it
// under scripts/with-pg.sh) and Debian's haproxy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { resolve, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, api, login, kz, tempPgDb, makeAchievement, achievementBody, makeUser, DEMO_PASSWORD } from '../api/lib.mjs';
import { fileURLToPath } from 'node:url';

const HAPROXY_CFG = resolve(dirname(fileURLToPath(import.meta.url)), '../../deploy/haproxy.cfg');
const NODE_ENV = { KEZHUAN_LOGIN_LIMIT: '4', KEZHUAN_LOGIN_WINDOW: '120' };
// a long session cache: only the database's notice can make a revocation reach the other node in time
const NODE_ARGS = ['--threads', '4', '--trusted-proxies', '127.0.0.1', '--feed-poll-ms', '200', '--session-cache-ms', '20000'];

let db, a, b, lb, lbUrl, lbLogs = '';
let node1DownAt = null; // when HAProxy's log said it took node a (node1) out

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

/** Polls fn until it returns a truthy value or the deadline passes; returns {value, ms}. */
async function until(what, ms, fn, every = 20) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return { value: v, ms: Date.now() - t0 };
    if (Date.now() - t0 > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(every);
  }
}

async function startBalancer() {
  // both nodes ready first (their search index built): the balancer's checks time out at 500 ms,
  // and a node still building its index at start would be taken out of the rotation before the
  // tests begin
  for (const node of [a, b])
    await until(`node ${node.port} ready`, 30000, async () => (await api(node.url, 'GET', '/readyz')).status === 200, 50);
  const port = await freePort();
  const env = {
    ...process.env, KEZHUAN_LB_BIND: `127.0.0.1:${port}`,
    KEZHUAN_NODE1: `127.0.0.1:${a.port}`, KEZHUAN_NODE2: `127.0.0.1:${b.port}`,
  };
  const p = spawn('haproxy', ['-f', HAPROXY_CFG, '-db'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  p.stdout.on('data', (d) => {
    lbLogs += d;
    if (node1DownAt === null && /node1 is DOWN/.test(lbLogs)) node1DownAt = Date.now();
  });
  p.stderr.on('data', (d) => { lbLogs += d; });
  lb = p;
  lbUrl = `http://127.0.0.1:${port}`;
  await until('the balancer', 10000, async () => {
    try { return (await api(lbUrl, 'GET', '/readyz')).status === 200; } catch { return false; }
  }, 50);
}

before(async () => {
  assert.ok(process.env.KEZHUAN_TEST_PG, 'KEZHUAN_TEST_PG is not set: run under scripts/with-pg.sh (make cluster)');
  assert.equal(spawnSync('haproxy', ['-v']).status, 0, 'haproxy is not installed');
  db = tempPgDb();
  assert.equal(kz(['migrate'], { db: db.url }).status, 0);
  assert.equal(kz(['demo'], { db: db.url }).status, 0);
  a = await startServer({ db: db.url, demo: false, env: NODE_ENV, args: NODE_ARGS });
  b = await startServer({ db: db.url, demo: false, env: NODE_ENV, args: NODE_ARGS });
  await startBalancer();
});

after(async () => {
  if (lb && lb.exitCode === null) { lb.kill('SIGTERM'); await new Promise((r) => lb.once('exit', r)); }
  await a?.stop();
  await b?.stop();
  db?.drop();
});

test('the balancer spreads requests over both nodes, and either serves any request', async () => {
  const seen = new Set();
  for (let i = 0; i < 8; i++) {
    const r = await api(lbUrl, 'GET', '/healthz', { headers: { connection: 'close' } });
    assert.equal(r.status, 200);
    seen.add(r.headers.get('x-request-id').split('-')[0]); // each node has its own id prefix
  }
  assert.equal(seen.size, 2, `requests reached ${[...seen]}`);
});

test('a session opened on one node works on the other; a logout on one ends it on both', async () => {
  const l = await login(a.url, 'officer');
  assert.equal((await api(b.url, 'GET', '/api/v1/me', { token: l.token })).status, 200);
  assert.equal((await api(a.url, 'GET', '/api/v1/me', { token: l.token })).status, 200); // cached on a now
  assert.equal((await api(b.url, 'POST', '/api/v1/auth/logout', { token: l.token })).status, 204);
  assert.equal((await api(b.url, 'GET', '/api/v1/me', { token: l.token })).status, 401);
  // node a had the session cached for 20 s: the database's notice drops it at once
  const { ms } = await until('node a forgets the revoked session', 3000,
    async () => (await api(a.url, 'GET', '/api/v1/me', { token: l.token })).status === 401);
  assert.ok(ms <= 3000);
});

test('the login limit counts failures on every node together', async () => {
  // an attacker at 127.0.0.77, as the balancer would name it (the nodes trust 127.0.0.1's
  // X-Forwarded-For)
  const from = (ip) => ({ 'x-forwarded-for': ip });
  const guess = (node, i) => api(node.url, 'POST', '/api/v1/auth/login', { headers: from('127.0.0.77'), body: { username: 'broker', password: `Wrong-Passw0rd-${i}` } });
  for (const [i, node] of [a, b, a, b].entries()) assert.equal((await guess(node, i)).status, 401, `guess ${i}`);
  // the account is locked on both nodes, even with the right password from elsewhere
  for (const node of [a, b]) {
    const r = await api(node.url, 'POST', '/api/v1/auth/login', { headers: from('127.0.0.78'), body: { username: 'broker', password: DEMO_PASSWORD } });
    assert.equal(r.status, 429, r.text);
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
  }
  // and the attacker's address is locked on both nodes for every account
  for (const node of [a, b]) {
    const r = await api(node.url, 'POST', '/api/v1/auth/login', { headers: from('127.0.0.77'), body: { username: 'expert', password: DEMO_PASSWORD } });
    assert.equal(r.status, 429, r.text);
  }
  // while another client logs in as usual through the balancer
  assert.equal((await api(lbUrl, 'POST', '/api/v1/auth/login', { body: { username: 'expert', password: DEMO_PASSWORD } })).status, 200);
});

async function feedSeq(node) {
  const m = await api(node.url, 'GET', '/metrics');
  const x = /^kezhuan_search_feed_seq (\d+)$/m.exec(m.text);
  return x ? Number(x[1]) : -1;
}

test('a record written through the balancer is found by a search on the other node within one second', async () => {
  const who = {
    owner: (await login(lbUrl, 'researcher')).token,
    reviewer: (await login(lbUrl, 'reviewer')).token,
  };
  const word = `量子点显示膜${Date.now() % 100000}`;
  const rec = await makeAchievement(lbUrl, who, 'published', { title: `${word} 高色域封装技术`, keywords: [word, '显示'] });
  const written = Date.now();
  for (const node of [a, b]) {
    const { ms } = await until(`search on ${node.port}`, 1000, async () => {
      const r = await api(node.url, 'GET', `/api/v1/search?q=${encodeURIComponent(word)}&kind=achievement`);
      return r.status === 200 && r.json.items.some((i) => i.achievement.id === rec.id);
    });
    assert.ok(Date.now() - written <= 1500, `found after ${ms} ms`);
  }
  // the followers apply a change by themselves, without a search asking: write on a, watch b
  const before = await feedSeq(b);
  const c = await api(a.url, 'POST', '/api/v1/achievements', { token: who.owner, body: achievementBody({ title: `${word} 第二项` }) });
  assert.equal(c.status, 201, c.text);
  const { ms } = await until('node b follows the feed', 1000, async () => (await feedSeq(b)) > before);
  assert.ok(ms <= 1000);
});

test('an auction bid on both nodes at once stays totally ordered, and its end is taken exactly once', async () => {
  const tokOf = async (u) => (await login(lbUrl, u)).token;
  const [seller, reviewer, admin] = [await tokOf('researcher'), await tokOf('reviewer'), await tokOf('admin')];
  const cst = (sec) => new Date(Date.now() + 8 * 3600e3 + sec * 1000).toISOString().slice(0, 19);
  const body = {
    title: '集群测试拍卖', category: 'transaction', mode: 'auction', summary: '两个节点同时出价的公开增价拍卖。', region: '510107',
    industry: '3841', auction_kind: 'english', start_fen: 1000000, increment_fen: 10000, deposit_fen: 1000, starts_at: cst(-60), ends_at: cst(10),
  };
  const c = await api(lbUrl, 'POST', '/api/v1/listings', { token: seller, body });
  assert.equal(c.status, 201, c.text);
  const id = c.json.id;
  assert.equal((await api(lbUrl, 'POST', `/api/v1/listings/${id}/transitions`, { token: seller, body: { action: 'submit' } })).status, 200);
  assert.equal((await api(lbUrl, 'POST', `/api/v1/listings/${id}/transitions`, { token: reviewer, body: { action: 'approve' } })).status, 200);
  const status = async () => (await api(a.url, 'GET', `/api/v1/listings/${id}`, { token: admin })).json.status;
  await until('the auction live', 5000, async () => (await status()) === 'live', 100);
  // six bidders of six orgs, each with a confirmed deposit
  const orgs = (await api(lbUrl, 'GET', '/api/v1/orgs?kind=enterprise&limit=20')).json.items.slice(0, 6);
  const bidders = [];
  for (const o of orgs) {
    const u = await makeUser(a.url, admin, { roles: ['enterprise'], org_id: o.id, prefix: 'cl' });
    const d = await api(lbUrl, 'POST', `/api/v1/listings/${id}/deposits`, { token: u.token, body: { reference: `CL-${o.id}` } });
    assert.equal(d.status, 201, d.text);
    assert.equal((await api(lbUrl, 'POST', `/api/v1/deposits/${d.json.id}/transitions`, { token: seller, body: { action: 'confirm' } })).status, 200);
    bidders.push(u);
  }
  // rounds of simultaneous bids, half on each node, each at the least next price it saw
  const accepted = [];
  for (let round = 0; round < 3; round++) {
    const rs = await Promise.all(bidders.map(async (u, i) => {
      const node = i % 2 ? b : a;
      const p = (await api(node.url, 'GET', `/api/v1/listings/${id}/bidding`, { token: u.token })).json;
      return api(node.url, 'POST', `/api/v1/listings/${id}/bids`, { token: u.token, body: { amount_fen: p.next_min_fen } });
    }));
    for (const r of rs) {
      assert.ok([201, 409, 422].includes(r.status), r.text);
      if (r.status === 201) accepted.push(r.json);
    }
  }
  accepted.sort((x, y) => x.seq - y.seq);
  assert.ok(accepted.length >= 3, `accepted ${accepted.length}`);
  assert.deepEqual(accepted.map((x) => x.seq), accepted.map((_, i) => i + 1), 'no sequence number lost or doubled');
  for (let i = 1; i < accepted.length; i++) assert.ok(accepted[i].amount_fen >= accepted[i - 1].amount_fen + 10000);
  // both nodes run the scheduled steps: the end and the award are each taken once
  await until('the auction sold', 20000, async () => (await status()) === 'sold', 200);
  const l = (await api(b.url, 'GET', `/api/v1/listings/${id}`, { token: admin })).json;
  assert.deepEqual([l.sold_fen, l.winning_bid_id], [accepted.at(-1).amount_fen, accepted.at(-1).id]);
  await sleep(1500); // (a second node's late attempt would show by now)
  const audit = (await api(lbUrl, 'GET', `/api/v1/audit?entity=listing&id=${id}&limit=100`, { token: admin })).json.items.map((x) => x.action);
  assert.deepEqual(audit.filter((x) => ['start', 'end', 'award', 'fail'].includes(x)).sort(), ['award', 'end', 'start']);
});

test('kill -9 of one node under write load: no answered write is lost, the other node keeps serving', async (t) => {
  const admin = (await login(lbUrl, 'admin')).token;
  const acked = [];
  const failed = [];
  let stop = false;
  let n = 0;
  const writer = async (w) => {
    while (!stop && n < 2000) {
      const name = `负载测试机构 ${w}-${++n}`;
      const started = Date.now();
      try {
        const r = await api(lbUrl, 'POST', '/api/v1/orgs', { token: admin, body: { name, kind: 'enterprise', region: '510107' } });
        if (r.status === 201) acked.push({ id: r.json.id, name, started, at: Date.now() });
        else failed.push({ status: r.status, started, at: Date.now() });
      } catch (e) {
        failed.push({ status: String(e.cause?.code || e.message), started, at: Date.now() });
      }
    }
  };
  const writers = Array.from({ length: 6 }, (_, i) => writer(i));
  await until('writes before the kill', 10000, () => acked.length >= 30);
  const killedAt = Date.now();
  const gone = await a.kill9();
  assert.equal(gone.signal, 'SIGKILL');
  // HAProxy's health check notices (two failed checks) and logs it
  await until('the balancer takes node a out', 10000, () => node1DownAt !== null);
  await until('writes after that', 15000, () => acked.filter((x) => x.started > node1DownAt).length >= 30);
  stop = true;
  await Promise.all(writers);

  t.diagnostic(`${acked.length} writes answered, ${failed.length} failed around the kill; node a out of the rotation ${node1DownAt - killedAt} ms after it; failures (sent, ended ms after the kill): ${failed.map((f) => `${f.status} ${f.started - killedAt}/${f.at - killedAt}`).join(', ')}`);
  // every answered write is in the database, as answered, and readable through node b
  for (const o of acked) {
    const r = await api(b.url, 'GET', `/api/v1/orgs/${o.id}`);
    assert.equal(r.status, 200, `org ${o.id}: ${r.text}`);
    assert.equal(r.json.name, o.name);
  }
  // only requests in flight around the kill may fail: none sent after the balancer took node a out
  const late = failed.filter((f) => f.started > node1DownAt);
  assert.deepEqual(late, [], `failures after the balancer took node a out (${node1DownAt - killedAt} ms after the kill): ${JSON.stringify(late.slice(0, 5))}`);
  assert.ok(failed.length <= 12, `${failed.length} failures around the kill: ${JSON.stringify(failed.slice(0, 5))}`);
  // the chain verifies, and node b answers reads, searches and writes through the balancer
  const v = kz(['audit', 'verify'], { db: db.url });
  assert.equal(v.status, 0, v.stderr);
  assert.equal((await api(lbUrl, 'GET', '/readyz')).status, 200);
  const s = await api(lbUrl, 'GET', '/api/v1/search?q=锂电池&kind=achievement');
  assert.equal(s.status, 200, s.text);
  const last = await api(lbUrl, 'POST', '/api/v1/orgs', { token: admin, body: { name: '切换后新建的机构', kind: 'enterprise', region: '510107' } });
  assert.equal(last.status, 201, last.text);
});
