// 科技大市场 (src/kinds/listing.c, domain/market.c, issue 16 item 1): listings in the seven
// categories, reviewed before they open, sold by each of the three modes — 挂牌 (a 摘牌 request at
// the price, the seller's acceptance), 拍卖 (deposits confirmed before bidding; English with a
// minimum increment, a reserve and anti-sniping, or sealed; decided at the end by the platform) and
// 协议定价 (the agreed price published for the 公示 period, objections) — each sale drafting its
// technology contract. Bids stay totally ordered under simultaneous bidding. Expectations are
// written from the issue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, loginAll, orgIdByName, act, auditRows, stopClean, assert422, dayCST, makeUser, kz, makeAchievement,
} from './lib.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let s;
let tok;
const org = {};
const bidders = []; // {token, org_id}: enterprise users of distinct orgs (not the seller's)

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  org.scu = await orgIdByName(s.url, '四川大学');
  const me = await api(s.url, 'GET', '/api/v1/me', { token: tok.enterprise });
  org.yb = me.json.org_id ?? me.json.user?.org_id;
  const orgs = await api(s.url, 'GET', '/api/v1/orgs?limit=100');
  const others = orgs.json.items.filter((o) => o.id !== org.scu && o.id !== org.yb).slice(0, 8);
  assert.ok(others.length >= 8, 'the demo has orgs enough for the bidders');
  bidders.push({ token: tok.enterprise, org_id: org.yb });
  for (const o of others) bidders.push({ ...(await makeUser(s.url, tok.admin, { roles: ['enterprise'], org_id: o.id, prefix: 'bid' })), org_id: o.id });
});
after(() => stopClean(s));

// China Standard Time "YYYY-MM-DDTHH:MM:SS", sec seconds from now
const cst = (sec) => new Date(Date.now() + 8 * 3600e3 + sec * 1000).toISOString().slice(0, 19);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let seq = 0;
const listingBody = (over = {}) => ({
  title: `高比能硅碳负极材料制备技术转让 ${++seq}`, category: 'transaction', mode: 'listed',
  summary: '硅碳负极材料的制备工艺与中试数据，含两项授权发明专利，可整体转让。',
  region: '510107', industry: '3841', price_fen: 50000000, contact: '王老师 028-85412345', ...over,
});
async function openListing(over = {}, token = tok.researcher) {
  const c = await api(s.url, 'POST', '/api/v1/listings', { token, body: listingBody(over) });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.status, 'draft');
  const sub = await act(s.url, token, 'listings', c.json.id, 'submit');
  assert.equal(sub.status, 200, sub.text);
  const o = await act(s.url, tok.reviewer, 'listings', c.json.id, 'approve');
  assert.equal(o.status, 200, o.text);
  return o.json;
}
const auctionTerms = (over = {}) => ({
  mode: 'auction', price_fen: null, auction_kind: 'english', start_fen: 1000000, increment_fen: 100000,
  deposit_fen: 200000, starts_at: cst(-60), ends_at: cst(3600), extend_s: 0, ...over,
});
async function waitFor(fn, what, ms = 15000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}
const getListing = async (id, token = tok.researcher) => (await api(s.url, 'GET', `/api/v1/listings/${id}`, { token })).json;
const waitStatus = (id, status) => waitFor(async () => ((await getListing(id)).status === status ? true : null), `listing ${id} ${status}`);
const bid = (id, b, amount_fen) => api(s.url, 'POST', `/api/v1/listings/${id}/bids`, { token: b.token, body: { amount_fen } });
async function deposit(id, b) {
  const d = await api(s.url, 'POST', `/api/v1/listings/${id}/deposits`, { token: b.token, body: { reference: `ICBC-${id}-${b.org_id}` } });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.status, 'pending');
  const ok = await act(s.url, tok.researcher, 'deposits', d.json.id, 'confirm');
  assert.equal(ok.status, 200, ok.text);
  return ok.json;
}
const bidding = (id, token, headers = {}) => api(s.url, 'GET', `/api/v1/listings/${id}/bidding`, { token, headers });

test('挂牌: reviewed before it opens, a 摘牌 request at the price, the seller sells, the contract is drafted', async () => {
  const c = await api(s.url, 'POST', '/api/v1/listings', { token: tok.researcher, body: listingBody() });
  assert.equal(c.status, 201, c.text);
  assert.equal((await api(s.url, 'GET', `/api/v1/listings/${c.json.id}`)).status, 404, 'a draft is not public');
  assert.equal((await act(s.url, tok.researcher, 'listings', c.json.id, 'submit')).json.status, 'review');
  assert.equal((await act(s.url, tok.researcher, 'listings', c.json.id, 'approve')).status, 403, 'the seller does not approve itself');
  const l = (await act(s.url, tok.reviewer, 'listings', c.json.id, 'approve')).json;
  assert.equal(l.status, 'open');
  assert.equal((await api(s.url, 'GET', `/api/v1/listings/${l.id}`)).status, 200, 'public once open');
  // a request below the price, the seller's own, a deposit on a fixed-price listing
  assert422(await bid(l.id, bidders[0], 49999999), 'amount_fen', 'not the price');
  assert.equal((await api(s.url, 'POST', `/api/v1/listings/${l.id}/bids`, { token: tok.org_admin, body: { amount_fen: 50000000 } })).status, 409);
  assert.equal((await api(s.url, 'POST', `/api/v1/listings/${l.id}/deposits`, { token: bidders[0].token, body: { reference: 'x-1' } })).status, 409);
  const r1 = await bid(l.id, bidders[0], 50000000);
  assert.equal(r1.status, 201, r1.text);
  assert.deepEqual([r1.json.status, r1.json.mode, r1.json.title], ['placed', 'listed', l.title]);
  assert.equal((await bid(l.id, bidders[0], 50000000)).status, 409, 'one request per org');
  const r2 = await bid(l.id, bidders[1], 50000000);
  assert.equal(r2.status, 201);
  // the seller sees both requests with their names; a requester only its own
  const seen = await bidding(l.id, tok.researcher);
  assert.deepEqual(seen.json.bids.map((b) => b.id).sort(), [r1.json.id, r2.json.id].sort());
  assert.ok(seen.json.bids.every((b) => typeof b.org_name === 'string'));
  const own = await bidding(l.id, bidders[1].token);
  assert.deepEqual(own.json.bids.map((b) => [b.id, b.mine, 'org_name' in b]), [[r2.json.id, true, false]]);
  // the requester withdraws and files again; the seller sells to the first
  assert.equal((await act(s.url, bidders[1].token, 'bids', r2.json.id, 'withdraw')).json.status, 'withdrawn');
  assert422(await act(s.url, tok.researcher, 'listings', l.id, 'sell'), 'bid_id', 'no bid named');
  assert422(await act(s.url, tok.researcher, 'listings', l.id, 'sell', { bid_id: r2.json.id }), 'bid_id', 'a withdrawn request');
  const sold = await act(s.url, tok.researcher, 'listings', l.id, 'sell', { bid_id: r1.json.id });
  assert.equal(sold.status, 200, sold.text);
  assert.deepEqual([sold.json.status, sold.json.buyer_org_id, sold.json.sold_fen, sold.json.sold_on, sold.json.winning_bid_id],
    ['sold', bidders[0].org_id, 50000000, dayCST(), r1.json.id]);
  // the contract drafted: the seller's, to the buyer, at the price; the buyer reads the listing (a party)
  const ct = await api(s.url, 'GET', `/api/v1/contracts/${sold.json.contract_id}`, { token: tok.researcher });
  assert.equal(ct.status, 200, ct.text);
  assert.deepEqual([ct.json.status, ct.json.org_id, ct.json.buyer_org_id, ct.json.amount_fen, ct.json.listing_id, ct.json.type],
    ['draft', org.scu, bidders[0].org_id, 50000000, l.id, 'transfer']);
  assert.equal((await api(s.url, 'GET', `/api/v1/listings/${l.id}`, { token: bidders[0].token })).json.buyer_name !== undefined, true);
  // registered, it counts in the 成交额 statistics
  assert.equal((await act(s.url, tok.researcher, 'contracts', ct.json.id, 'submit')).json.status, 'submitted');
  const reg = await act(s.url, tok.reviewer, 'contracts', ct.json.id, 'register', { tech_income_fen: 45000000 });
  assert.equal(reg.status, 200, reg.text);
  const audit = await auditRows(s.url, tok.admin, 'listing', l.id);
  assert.deepEqual(audit.map((x) => x.action), ['create', 'submit', 'approve', 'sell']);
  assert.equal((await act(s.url, tok.researcher, 'listings', l.id, 'withdraw')).status, 409, 'a sale is final');
});

test('bad terms: an auction without its terms, a price on an auction, auction terms elsewhere; nothing changes', async () => {
  const before = (await api(s.url, 'GET', '/api/v1/listings?limit=1', { token: tok.admin })).json.total;
  const post = (over) => api(s.url, 'POST', '/api/v1/listings', { token: tok.researcher, body: listingBody(over) });
  assert422(await post({ mode: 'auction', price_fen: null }), 'start_fen', 'no start price');
  assert422(await post(auctionTerms({ price_fen: 100 })), 'price_fen', 'a price on an auction');
  assert422(await post(auctionTerms({ increment_fen: null })), 'increment_fen', 'an English auction without increment');
  assert422(await post(auctionTerms({ reserve_fen: 500 })), 'reserve_fen', 'a reserve below the start');
  assert422(await post(auctionTerms({ ends_at: cst(-120) })), 'ends_at', 'an end before the start');
  assert422(await post(auctionTerms({ starts_at: '2026-13-01T10:00' })), 'starts_at', 'a bad time');
  assert422(await post({ deposit_fen: 100 }), 'deposit_fen', 'a deposit on a fixed price');
  assert422(await post({ price_fen: null }), 'price_fen', 'a fixed price without a price');
  assert422(await post({ category: 'lottery' }), 'category', 'an unknown category');
  const past = await api(s.url, 'POST', '/api/v1/listings', { token: tok.researcher, body: listingBody(auctionTerms({ starts_at: cst(-7200), ends_at: cst(-3600) })) });
  assert.equal(past.status, 201);
  assert422(await act(s.url, tok.researcher, 'listings', past.json.id, 'submit'), 'ends_at', 'an auction already over');
  assert.equal((await api(s.url, 'GET', '/api/v1/listings?limit=1', { token: tok.admin })).json.total, before + 1);
});

test('the reserve is the seller\'s in every read: not in a list, a search of the list or an export', async () => {
  const l = await openListing(auctionTerms({ reserve_fen: 1300000 }));
  for (const [token, who] of [[undefined, 'anonymous'], [tok.enterprise, 'a bidder']]) {
    const pages = [`/api/v1/listings?limit=100&org=${l.org_id}`, `/api/v1/listings?limit=100&q=${encodeURIComponent(l.title)}`];
    for (const p of pages) {
      const it = (await api(s.url, 'GET', p, { token })).json.items.find((x) => x.id === l.id);
      assert.ok(it, `${who}: ${p} lists the auction`);
      assert.equal(it.reserve_fen, undefined, `${who}: ${p} shows the reserve`);
      assert.equal(it.has_reserve_fen, true, `${who}: ${p} says there is one`);
    }
    const ex = await api(s.url, 'GET', `/api/v1/listings/export?format=jsonl&org=${l.org_id}`, { token });
    const row = ex.text.split('\n').filter(Boolean).map((x) => JSON.parse(x)).find((x) => x.id === l.id);
    assert.ok(row, `${who}: exported`);
    assert.ok(row.reserve_fen === undefined || row.reserve_fen === null || row.reserve_fen === '', `${who}: the export shows the reserve ${row.reserve_fen}`);
  }
  const mine = (await api(s.url, 'GET', `/api/v1/listings?limit=100&org=${l.org_id}`, { token: tok.researcher })).json.items.find((x) => x.id === l.id);
  assert.equal(mine.reserve_fen, 1300000, 'the seller reads its reserve in its list');
});

test('English auction: deposit first, increments, the reserve hidden, anti-sniping, decided at the end once; losers released', async () => {
  const l = await openListing(auctionTerms({ reserve_fen: 1300000, ends_at: cst(8), extend_s: 6 }));
  assert.equal((await api(s.url, 'GET', `/api/v1/listings/${l.id}`)).json.reserve_fen, undefined, 'the reserve is the seller\'s');
  await waitStatus(l.id, 'live');
  const [a, b, c] = bidders;
  assert.equal((await bid(l.id, a, 1000000)).status, 409, 'no deposit yet');
  const da = await deposit(l.id, a);
  const db = await deposit(l.id, b);
  const dc = await api(s.url, 'POST', `/api/v1/listings/${l.id}/deposits`, { token: c.token, body: { reference: 'never-paid' } });
  assert.equal(dc.status, 201);
  assert.equal((await api(s.url, 'POST', `/api/v1/listings/${l.id}/deposits`, { token: a.token, body: { reference: 'twice' } })).status, 409);
  assert422(await bid(l.id, a, 999999), 'amount_fen', 'below the start');
  const b1 = await bid(l.id, a, 1000000);
  assert.equal(b1.status, 201, b1.text);
  assert.deepEqual([b1.json.seq, b1.json.paddle], [1, da.id]);
  assert.equal((await bid(l.id, a, 1200000)).status, 409, 'the leader does not outbid itself');
  const low = await bid(l.id, b, 1099999);
  assert422(low, 'amount_fen', 'below the best plus the increment');
  assert.match(low.json.error.fields.amount_fen, /¥11,000\.00/);
  assert.equal((await bid(l.id, c, 1100000)).status, 409, 'a deposit not confirmed');
  // the page's poll: 304 until something changes, names hidden from the bidders
  const p1 = await bidding(l.id, b.token);
  assert.equal(p1.status, 200);
  assert.deepEqual([p1.json.current_fen, p1.json.next_min_fen, p1.json.leading, p1.json.reserve_met, p1.json.my_deposit.status], [1000000, 1100000, false, false, 'held']);
  assert.ok(p1.json.bids.every((x) => !('org_name' in x)));
  const etag = p1.headers.get('etag');
  assert.equal((await bidding(l.id, b.token, { 'if-none-match': etag })).status, 304);
  // a bid in the last seconds moves the end
  const end0 = Date.parse(p1.json.ends_at);
  await waitFor(async () => (end0 - Date.now() < 5000 ? true : null), 'the last seconds');
  const b2 = await bid(l.id, b, 1400000);
  assert.equal(b2.status, 201, b2.text);
  assert.ok(Date.parse(b2.json.ends_after) > end0, `extended: ${b2.json.ends_after} after ${p1.json.ends_at}`);
  const p2 = await bidding(l.id, b.token, { 'if-none-match': etag });
  assert.equal(p2.status, 200, 'a new bid changes the answer');
  assert.deepEqual([p2.json.current_fen, p2.json.leading, p2.json.reserve_met, p2.json.ends_at], [1400000, true, true, b2.json.ends_after]);
  // the platform ends it at the effective end and sells to the best bid
  await waitStatus(l.id, 'sold');
  const sold = await getListing(l.id);
  assert.deepEqual([sold.buyer_org_id, sold.sold_fen, sold.winning_bid_id], [b.org_id, 1400000, b2.json.id]);
  assert.ok(Date.parse(sold.ended_at) >= Date.parse(b2.json.ends_after));
  const actions = (await auditRows(s.url, tok.admin, 'listing', l.id)).map((x) => x.action);
  assert.deepEqual(actions, ['create', 'submit', 'approve', 'start', 'end', 'award']);
  // too late: a bid after the end
  assert.equal((await bid(l.id, a, 2000000)).status, 409);
  // the loser's deposit and the unconfirmed one released; the winner's kept until its contract
  const dep = async (id, token) => (await api(s.url, 'GET', `/api/v1/deposits/${id}`, { token })).json.status;
  assert.equal(await dep(da.id, a.token), 'released');
  assert.equal(await dep(dc.json.id, c.token), 'released');
  assert.equal(await dep(db.id, b.token), 'held');
  const ct = sold.contract_id;
  assert.equal((await act(s.url, tok.researcher, 'contracts', ct, 'submit')).status, 200);
  assert.equal((await act(s.url, tok.reviewer, 'contracts', ct, 'register', { tech_income_fen: 1400000 })).status, 200);
  assert.equal(await dep(db.id, b.token), 'released');
  // the bidders' names once over, to the seller
  const after = await bidding(l.id, tok.researcher);
  assert.ok(after.json.bids.every((x) => typeof x.org_name === 'string'));
  assert.deepEqual([after.json.result.sold_fen, typeof after.json.result.buyer_name], [1400000, 'string']);
});

test('an auction whose best bid misses the reserve ends unsold, every deposit released', async () => {
  const l = await openListing(auctionTerms({ reserve_fen: 5000000, ends_at: cst(5) }));
  await waitStatus(l.id, 'live');
  const d = await deposit(l.id, bidders[0]);
  assert.equal((await bid(l.id, bidders[0], 1000000)).status, 201);
  await waitStatus(l.id, 'unsold');
  const u = await getListing(l.id);
  assert.deepEqual([u.buyer_org_id ?? null, u.contract_id ?? null], [null, null]);
  assert.equal((await api(s.url, 'GET', `/api/v1/deposits/${d.id}`, { token: bidders[0].token })).json.status, 'released');
});

test('sealed bids: one each, amounts hidden until the end, the highest wins', async () => {
  const l = await openListing(auctionTerms({ auction_kind: 'sealed', increment_fen: null, ends_at: cst(6) }));
  await waitStatus(l.id, 'live');
  const [a, b] = bidders;
  await deposit(l.id, a);
  await deposit(l.id, b);
  assert.equal((await bid(l.id, a, 1500000)).status, 201);
  assert.equal((await bid(l.id, a, 1600000)).status, 409, 'one sealed bid per bidder');
  const bb = await bid(l.id, b, 1200000);
  assert.equal(bb.status, 201);
  const seen = await bidding(l.id, b.token);
  assert.equal(seen.json.current_fen, null);
  assert.deepEqual(seen.json.bids.map((x) => [x.mine, x.amount_fen]).sort(), [[false, null], [true, 1200000]].sort());
  const seller = await bidding(l.id, tok.researcher);
  assert.ok(seller.json.bids.every((x) => x.amount_fen === null), 'the seller sees no amount before the end either');
  await waitStatus(l.id, 'sold');
  const s1 = await getListing(l.id);
  assert.deepEqual([s1.buyer_org_id, s1.sold_fen], [a.org_id, 1500000]);
});

test('simultaneous bids are totally ordered: strictly increasing, none lost, one winner', async () => {
  const l = await openListing(auctionTerms({ ends_at: cst(3600) }));
  await waitStatus(l.id, 'live');
  const group = bidders.slice(0, 8);
  for (const b of group) await deposit(l.id, b);
  // eight bidders, four rounds each, all at once: every bid asks for the next price it saw
  const accepted = [];
  for (let round = 0; round < 4; round++) {
    const rs = await Promise.all(group.map(async (b) => {
      const p = (await bidding(l.id, b.token)).json;
      const r = await bid(l.id, b, p.next_min_fen);
      return r;
    }));
    for (const r of rs) {
      assert.ok([201, 409, 422].includes(r.status), r.text);
      if (r.status === 201) accepted.push(r.json);
    }
  }
  assert.ok(accepted.length >= 4, `accepted ${accepted.length}`);
  accepted.sort((x, y) => x.seq - y.seq);
  assert.deepEqual(accepted.map((x) => x.seq), accepted.map((_, i) => i + 1), 'no sequence number lost or doubled');
  for (let i = 1; i < accepted.length; i++) {
    assert.ok(accepted[i].amount_fen >= accepted[i - 1].amount_fen + 100000, 'each bid beats the one before by the increment');
    assert.notEqual(accepted[i].org_id, accepted[i - 1].org_id, 'nobody outbids itself');
  }
  const p = (await bidding(l.id, tok.admin)).json;
  assert.deepEqual([p.nbids, p.current_fen], [accepted.length, accepted.at(-1).amount_fen]);
  // the kept state equals a recount
  const v = kz(['stats', 'verify'], { db: s.db });
  assert.equal(v.status, 0, v.stdout + v.stderr);
});

test('协议定价: the agreed price published, an objection sustained ends it, reopened and concluded after the period', async () => {
  const l = await openListing({ mode: 'negotiated', price_fen: null, category: 'ip' });
  assert.equal((await bid(l.id, bidders[0], 100)).status, 409, 'no bids on a negotiated listing');
  assert422(await act(s.url, tok.researcher, 'listings', l.id, 'publicize', { buyer_org_id: bidders[0].org_id }), 'agreed_fen', 'no price');
  assert422(await act(s.url, tok.researcher, 'listings', l.id, 'publicize', { buyer_org_id: org.scu, agreed_fen: 3000000 }), 'buyer_org_id', 'itself');
  const pub = await act(s.url, tok.researcher, 'listings', l.id, 'publicize', { buyer_org_id: bidders[0].org_id, agreed_fen: 3000000 });
  assert.equal(pub.status, 200, pub.text);
  const until = new Date(Date.parse(`${dayCST()}T00:00:00Z`) + 14 * 86400e3).toISOString().slice(0, 10);
  assert.deepEqual([pub.json.status, pub.json.sold_fen, pub.json.publicity_from, pub.json.publicity_until], ['publicity', 3000000, dayCST(), until]);
  // anyone objects while it lasts (not the seller); a reviewer sustains it
  assert.equal((await api(s.url, 'POST', `/api/v1/listings/${l.id}/objections`, { token: tok.org_admin, body: { reason: '本单位对该专利的权属有异议，请核查。' } })).status, 409);
  assert422(await api(s.url, 'POST', `/api/v1/listings/${l.id}/objections`, { token: tok.broker, body: { reason: '太短' } }), 'reason', 'too short');
  const ob = await api(s.url, 'POST', `/api/v1/listings/${l.id}/objections`, { token: tok.broker, body: { reason: '协议价格明显低于同类专利的评估价值，请核查。' } });
  assert.equal(ob.status, 201, ob.text);
  assert.equal(ob.json.status, 'filed');
  assert.equal((await api(s.url, 'GET', `/api/v1/objections/${ob.json.id}`, { token: tok.researcher })).status, 200, 'the seller reads it');
  assert422(await act(s.url, tok.reviewer, 'objections', ob.json.id, 'sustain'), 'comment', 'no decision');
  const sus = await act(s.url, tok.reviewer, 'objections', ob.json.id, 'sustain', { comment: '经核查，评估价值与协议价差距较大。' });
  assert.equal(sus.status, 200, sus.text);
  assert.equal((await getListing(l.id)).status, 'objected');
  // reopened and published again; its period run out (an operator's import dates it back) → sold
  assert.equal((await act(s.url, tok.researcher, 'listings', l.id, 'reopen')).json.status, 'open');
  assert.equal((await act(s.url, tok.researcher, 'listings', l.id, 'publicize', { buyer_org_id: bidders[0].org_id, agreed_fen: 4200000 })).status, 200);
  const ob2 = await api(s.url, 'POST', `/api/v1/listings/${l.id}/objections`, { token: tok.broker, body: { reason: '再次提出：协议价格偏低，请核查。' } });
  assert.equal(ob2.status, 201);
  const dis = await act(s.url, tok.reviewer, 'objections', ob2.json.id, 'dismiss', { comment: '协议价已按评估报告调整，异议不成立。' });
  assert.equal(dis.json.status, 'dismissed');
  assert.equal((await getListing(l.id)).status, 'publicity', 'the period still runs');
});

test('a 公示 period past its last day without an objection ends in a sale; an objection after it is refused', async () => {
  // listings imported by the operator in their 公示 period: one ended yesterday, one ends today
  const dir = mkdtempSync(join(tmpdir(), 'kz-market-'));
  try {
    const file = join(dir, 'l.jsonl');
    const row = (title, until) => JSON.stringify(listingBody({
      title, mode: 'negotiated', price_fen: null, org_id: org.scu, status: 'publicity',
      buyer_org_id: bidders[1].org_id, sold_fen: 2500000, publicity_from: dayCST(-15), publicity_until: until,
    }));
    writeFileSync(file, `${row('公示期满的协议定价挂牌', dayCST(-1))}\n${row('公示期内的协议定价挂牌', dayCST())}\n`);
    const im = kz(['import', 'listings', file], { db: s.db });
    assert.equal(im.status, 0, im.stdout + im.stderr);
  } finally { rmSync(dir, { recursive: true, force: true }); }
  const find = async (title) => (await api(s.url, 'GET', `/api/v1/listings?q=${encodeURIComponent(title)}&limit=5`, { token: tok.admin })).json.items.find((x) => x.title === title);
  const over = await waitFor(() => find('公示期满的协议定价挂牌'), 'the imported listing');
  await waitStatus(over.id, 'sold');
  const sold = await getListing(over.id);
  assert.deepEqual([sold.sold_fen, sold.sold_on, typeof sold.contract_id], [2500000, dayCST(), 'number']);
  assert.equal((await api(s.url, 'POST', `/api/v1/listings/${over.id}/objections`, { token: tok.broker, body: { reason: '公示结束之后才提出的异议。' } })).status, 409);
  const running = await find('公示期内的协议定价挂牌');
  await sleep(1500);
  assert.equal((await getListing(running.id)).status, 'publicity', 'the last day still runs');
  assert.equal((await api(s.url, 'POST', `/api/v1/listings/${running.id}/objections`, { token: tok.broker, body: { reason: '公示最后一天提出的异议，理由充分。' } })).status, 201);
});

test('a listing from an achievement: the org\'s own only (checked at submission)', async () => {
  const own = await makeAchievement(s.url, { owner: tok.researcher, reviewer: tok.reviewer }, 'published');
  const others = (await api(s.url, 'GET', '/api/v1/achievements?status=published&limit=100')).json.items.find((a) => a.org_id !== org.scu);
  const bad = await api(s.url, 'POST', '/api/v1/listings', { token: tok.researcher, body: listingBody({ achievement_id: others.id }) });
  assert.equal(bad.status, 201);
  assert422(await act(s.url, tok.researcher, 'listings', bad.json.id, 'submit'), 'achievement_id', 'another org\'s achievement');
  assert.equal((await api(s.url, 'GET', `/api/v1/listings/${bad.json.id}`, { token: tok.researcher })).json.status, 'draft', 'nothing changed');
  const l = await openListing({ achievement_id: own.id, title: `${own.title}（挂牌）`.slice(0, 100) });
  assert.deepEqual([l.status, l.achievement_id], ['open', own.id]);
});
