// bench/market — bids per second on one hot auction, on both backends (issue 16: "bench/http: bids
// per second on one hot auction on both backends (report it; no timed test)").
//
//   node bench/market/run.mjs [--bidders N] [--seconds S]       (defaults 16 bidders, 10 s)
//   BACKENDS="sqlite postgresql" (postgresql needs KEZHUAN_TEST_PG: run under scripts/with-pg.sh)
//
// For each backend: a fresh database with the demo data, `kezhuan serve --threads 2`, an English
// auction live for an hour (increment ¥100), N bidders of N orgs with confirmed deposits. Then for
// S seconds every bidder loops: read the bidding (GET …/bidding), bid the least next price it saw
// (POST …/bids). Two bids at once race: the write lock orders them, the second is judged against
// the first and refused (422: below the new least price, or 409: already leading). It prints, per
// backend, accepted bids/s, refused bids/s, the POST latency (p50, p99) and whether the accepted
// bids form one strictly increasing sequence without gap (the invariant; the program fails if not),
// and a poll's cost: GET …/bidding with the ETag of the last answer (304) per second, one client.
// A benchmark, not a test: it reports figures and exits 0 unless the invariant breaks or a step
// fails.
import { startServer, api, login, makeUser, tempPgDb } from '../../tests/api/lib.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const BIDDERS = opt('bidders', 16), SECONDS = opt('seconds', 10);
const BACKENDS = (process.env.BACKENDS || (process.env.KEZHUAN_TEST_PG ? 'sqlite postgresql' : 'sqlite')).split(/\s+/).filter(Boolean);
const cst = (sec) => new Date(Date.now() + 8 * 3600e3 + sec * 1000).toISOString().slice(0, 19);
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };

async function run(backend) {
  const pg = backend === 'postgresql' ? tempPgDb() : null;
  const s = await startServer(pg ? { db: pg.url } : {});
  try {
    const tok = Object.fromEntries(await Promise.all(['researcher', 'reviewer', 'admin'].map(async (u) => [u, (await login(s.url, u)).token])));
    const body = {
      title: '基准测试拍卖', category: 'transaction', mode: 'auction', summary: '一场热门的公开增价拍卖，用于测量每秒出价数。',
      region: '510107', industry: '3841', auction_kind: 'english', start_fen: 1000000, increment_fen: 10000, deposit_fen: 1000,
      starts_at: cst(-60), ends_at: cst(3600),
    };
    const c = await api(s.url, 'POST', '/api/v1/listings', { token: tok.researcher, body });
    const id = c.json.id;
    await api(s.url, 'POST', `/api/v1/listings/${id}/transitions`, { token: tok.researcher, body: { action: 'submit' } });
    await api(s.url, 'POST', `/api/v1/listings/${id}/transitions`, { token: tok.reviewer, body: { action: 'approve' } });
    for (let t = 0; (await api(s.url, 'GET', `/api/v1/listings/${id}`)).json.status !== 'live'; t++) {
      if (t > 100) throw new Error('the auction did not go live');
      await new Promise((r) => setTimeout(r, 100));
    }
    const orgs = (await api(s.url, 'GET', '/api/v1/orgs?limit=100')).json.items.filter((o) => o.id !== c.json.org_id).slice(0, BIDDERS);
    const bidders = [];
    for (const o of orgs) {
      const u = await makeUser(s.url, tok.admin, { roles: ['enterprise'], org_id: o.id, prefix: 'bench' });
      const d = await api(s.url, 'POST', `/api/v1/listings/${id}/deposits`, { token: u.token, body: { reference: `BENCH-${o.id}` } });
      await api(s.url, 'POST', `/api/v1/deposits/${d.json.id}/transitions`, { token: tok.researcher, body: { action: 'confirm' } });
      bidders.push(u);
    }
    const accepted = [], lat = [];
    let refused = 0, errors = 0;
    const until = Date.now() + SECONDS * 1000;
    const t0 = Date.now();
    await Promise.all(bidders.map(async (u) => {
      while (Date.now() < until) {
        const p = (await api(s.url, 'GET', `/api/v1/listings/${id}/bidding`, { token: u.token })).json;
        const a = performance.now();
        const r = await api(s.url, 'POST', `/api/v1/listings/${id}/bids`, { token: u.token, body: { amount_fen: p.next_min_fen } });
        lat.push(performance.now() - a);
        if (r.status === 201) accepted.push(r.json);
        else if (r.status === 409 || r.status === 422) refused++;
        else errors++;
      }
    }));
    const secs = (Date.now() - t0) / 1000;
    accepted.sort((x, y) => x.seq - y.seq);
    const ordered = accepted.every((x, i) => x.seq === i + 1 && (i === 0 || x.amount_fen >= accepted[i - 1].amount_fen + 10000));
    // a poll with the last answer's ETag: 304 while nothing moves
    const first = await api(s.url, 'GET', `/api/v1/listings/${id}/bidding`, { token: tok.researcher });
    const etag = first.headers.get('etag');
    let polls = 0, not304 = 0;
    const pollUntil = Date.now() + 3000;
    while (Date.now() < pollUntil) {
      const r = await api(s.url, 'GET', `/api/v1/listings/${id}/bidding`, { token: tok.researcher, headers: { 'if-none-match': etag } });
      polls++;
      if (r.status !== 304) not304++;
    }
    return { backend, accepted: accepted.length, rate: accepted.length / secs, refused: refused / secs, errors, p50: pct(lat, 0.5), p99: pct(lat, 0.99), ordered, polls: polls / 3, not304 };
  } finally {
    await s.stop();
    s.cleanup();
    pg?.drop();
  }
}

const rows = [];
for (const b of BACKENDS) rows.push(await run(b));
console.log(`\none hot English auction, ${BIDDERS} bidders bidding at once for ${SECONDS} s (server: 2 threads)\n`);
console.log('| backend | accepted bids/s | refused (raced) bids/s | POST p50 ms | POST p99 ms | errors | one strictly increasing sequence | polls/s (304) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.backend} | ${r.rate.toFixed(1)} (${r.accepted}) | ${r.refused.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${r.ordered ? 'yes' : 'NO'} | ${r.polls.toFixed(0)}${r.not304 ? ` (${r.not304} not 304)` : ''} |`);
for (const r of rows) console.log(`RESULT backend=${r.backend} bids_per_s=${r.rate.toFixed(1)} refused_per_s=${r.refused.toFixed(1)} p50_ms=${r.p50.toFixed(1)} p99_ms=${r.p99.toFixed(1)} ordered=${r.ordered} polls_304_per_s=${r.polls.toFixed(0)}`);
if (rows.some((r) => !r.ordered || r.errors)) process.exit(1);
