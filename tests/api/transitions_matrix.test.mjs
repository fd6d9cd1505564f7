// Every action of every kind's state machine × every demo role × a record of the actor's own org
// and of another org, in a state the action applies to and in one it does not: the answer that
// the kind's description (`kezhuan kinds`, src/kinds/*.c) implies — 401 without a session, 404
// where the actor may not see the record, 403 where the actor may not take the action (the
// permission before the state, as the engine decides), 409 where the state does not allow it,
// and 200 with the action's new state where it does; a refused action leaves the record as it
// was. The expected answers are derived from the description, not written out, so a new kind or
// action is covered as soon as it is described (issue 13: the permission matrix from the
// descriptor). Both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startServer, api, login, kz, sql, achievementBody, demandBody, financeBody, platformBody, contractBody, contractStep, FUTURE_DATE,
  challengeBody, challengeStep, challengeAppBody, challengeAppStep, milestoneBody, milestoneStep, policyBody, dayCST, PG,
} from './lib.mjs';

const kinds = JSON.parse(kz(['kinds']).stdout);
const COLLECTION = Object.fromEntries(kinds.map((k) => [k.name, k.path]));
// a child kind's records hang under a parent (engine.h kz_parent) in the state the action needs
// (an application is submitted to a published challenge, shortlisted once it closed, won in its
// 评审); the parents are imported first, issued by an org none of the actors belongs to
const parent = {}; // state -> challenge id
const APP_PARENT = { submit: 'published', shortlist: 'closed', win: 'reviewing' };
const BODY = {
  // (held today: it may be held; published today: not a past date)
  event: ({ title, region }) => ({ title, kind: 'matchmaking', held_on: dayCST(), place: '矩阵测试会场', region }),
  // a registration for the published event, of its own org (the organiser an org none of the actors belongs to)
  event_registration: ({ title }) => ({ event_id: parent.event, attendees: 2, interests: title }),
  // a registry entry of its own org; a training and an assignment (an enterprise none of the
  // actors belongs to, its party) of the registered broker of an org none of them belongs to
  broker: ({ title }) => ({ user_id: 1, name: title, kind: 'commissioner', region: REGION, industries: ['3841'] }),
  broker_training: ({ title }) => ({ broker_id: parent.broker, course: title, provider: '矩阵测试培训机构', hours: 8, held_on: '2026-01-05' }),
  broker_assignment: ({ title }) => ({ broker_id: parent.broker, enterprise_org_id: otherOrg, since: '2026-01-05', note: title }),
  // a panel on the challenge in 初筛 (its 论证: the challenge the one item)
  panel: ({ title }) => ({ target_id: parent.screening, purpose: 'challenge_argue', title, criteria: [{ key: 'tech', name: '技术先进性', weight: 100, max: 10 }] }),
  achievement: achievementBody, demand: demandBody, finance_product: financeBody, platform: platformBody, contract: contractBody,
  challenge: challengeBody,
  challenge_application: ({ title }, action) => challengeAppBody({ title, challenge_id: parent[APP_PARENT[action] ?? 'published'] }),
  challenge_milestone: ({ title }) => milestoneBody({ title, challenge_id: parent.reviewing }),
  // a deal between a published demand and a published achievement of orgs none of the actors
  // belongs to (its parties); its events under a deal in talks
  deal: ({ title }) => ({ demand_id: parent.demand, achievement_id: parent.achievement, note: title, title }),
  deal_event: ({ title }) => ({ deal_id: parent.deal, kind: 'call', at: '2026-01-05', note: title }),
  policy: policyBody,
  // an application on its org itself, to a policy in force over orgs of its own (one application
  // per policy and subject: a fresh policy for each record)
  policy_application: ({ title, org_id }) => ({ policy_id: parent.policies.pop(), subject_id: org_id, statement: '矩阵测试申请', title }),
  resource: ({ title }) => resourceBody({ title }),
  // a booking of an open instrument of an org none of the actors belongs to, each in an hour of
  // its own (approvals of overlapping bookings would be refused)
  booking: ({ title }) => bookingBody(title),
  // a voucher of the bureau to an org none of the actors belongs to (its holder, a party)
  voucher: ({ title }) => ({ title, holder_org_id: otherOrg, amount_fen: 100000, valid_until: '2030-12-31', region: REGION }),
  // a listing at a fixed price (publicize: a negotiated one); a bid (a 摘牌 request) on an open
  // listed one, a deposit on an open auction, an objection to one in its 公示 period — each of an
  // org none of the actors belongs to (the deposits' and objections' seller, a party)
  listing: ({ title }, action) => listingBody(action === 'publicize' ? { title, mode: 'negotiated', price_fen: null } : { title }),
  bid: ({ title }) => ({ listing_id: parent.listed, amount_fen: 50000000, note: title, title }),
  deposit: ({ title }) => ({ listing_id: parent.auction, reference: 'ICBC-0001', title }),
  objection: ({ title }) => ({ listing_id: parent.publicity, reason: '协议价格明显偏低，请核查。', title }),
  // a loan request, matched (where its state says so) to an open product of a bank none of the
  // actors belongs to, whose lender (a party) is an org none of them belongs to either
  finance_request: ({ title }) => ({
    title, kind: 'loan', amount_fen: 100000000, purpose: '矩阵测试：中试线建设资金，以销售回款还款。', region: REGION, industry: '3841',
    product_id: parent.product, lender_org_id: otherOrg,
  }),
};
// what an action's body carries besides the action, where the kind asks for it
const EXTRA = {
  panel: (action) => (action === 'cancel' ? { comment: '榜单撤回' } : {}),
  event: (action) => (action === 'cancel' ? { comment: '场地调整' } : {}),
  broker: (action) => (['return', 'suspend'].includes(action) ? { comment: '证书信息不全' } : {}),
  broker_training: (action) => (action === 'reject' ? { comment: '缺少结业证书' } : {}),
  contract: contractStep, challenge: challengeStep, challenge_application: challengeAppStep, challenge_milestone: milestoneStep,
  deal: (action) => (action === 'decline' ? { decline_code: 'price', decline_side: 'buyer' } : {}),
  policy_application: (action) => ({ reject: { comment: '不符合政策' }, pay: { paid_on: dayCST(), voucher_no: 'JZ-0001' } })[action] ?? {},
  resource: (action) => (action === 'return' ? { comment: '请补充技术指标' } : {}),
  booking: (action) => ({ decline: { comment: '设备检修' }, complete: { metered_qty: 2 } })[action] ?? {},
  voucher: (action) => (action === 'revoke' ? { comment: '企业申请注销' } : {}),
  listing: (action) => (action === 'publicize' ? { buyer_org_id: parent.buyer, agreed_fen: 3000000 } : action === 'sell' ? { bid_id: parent.foreignBid } : {}),
  objection: (action) => (['sustain', 'dismiss'].includes(action) ? { comment: '经核查的处理意见' } : {}),
  finance_request: (action) => ({ match: { product_id: parent.product }, grant: { granted_fen: 100000, granted_on: dayCST() }, decline: { comment: '暂不符合授信条件' } })[action] ?? {},
};
const listingBody = (over = {}) => ({
  title: '矩阵测试挂牌', category: 'transaction', mode: 'listed', summary: '硅碳负极材料的制备工艺与中试数据，可整体转让。',
  region: REGION, industry: '3841', price_fen: 50000000, ...over,
});
const resourceBody = (over = {}) => ({
  title: '矩阵测试资源', kind: 'instrument', summary: '分辨率 0.8 nm，配备能谱仪，可进行形貌观察。', region: REGION, industry: '7320',
  location: '分析测试中心 105 室', services: [{ name: '形貌观察', unit: 'hour', price_fen: 30000 }],
  open_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open_from: '00:00', open_to: '24:00', ...over,
});
let hour = 0;
function bookingBody(title) {
  const h = hour++;
  const day = dayCST(30 + Math.floor(h / 20));
  const at = (x) => `${day}T${String(x).padStart(2, '0')}:00`;
  return { resource_id: parent.resource, service: '形貌观察', start_at: at(h % 20), end_at: at((h % 20) + 1), purpose: title, planned_qty: 1, title };
}
// an action the description allows whose own rule reads other records, refused here by it (409,
// nothing changed): a challenge is awarded only once an application of it has won (tested in
// challenges.test.mjs)
// (and a listing is sold to a 摘牌 request of its own, which the records here have not: 422 bid_id)
// (a panel closes only with the quorum of score sheets)
// (an entry is submitted for an account of its org, which user 1, the admin, is not: tested in brokers.test.mjs)
const NEEDS_OTHERS = { challenge: { award: 409 }, listing: { sell: 422 }, panel: { close: 409 }, broker: { submit: 422 } };
// where a kind's rows are: its own table, or the shared one
const ROWS = (k) => (k.shared ? `kind_records WHERE kind = '${k.name}' AND` : `${{ achievement: 'achievements', demand: 'demands' }[k.name]} WHERE`);
// the demo accounts (src/cli_demo.c): every role, officers inside and outside the records' region,
// and a lender (金融业: the orgs that may own finance products)
const USERS = ['admin', 'officer', 'officer_my', 'reviewer', 'tto_scu', 'researcher', 'enterprise', 'enterprise_yb', 'broker', 'expert', 'lender'];
// GB/T 4754-2017: the divisions (first two digits) of each section
const SECTIONS = { A: [1, 5], B: [6, 12], C: [13, 43], D: [44, 46], E: [47, 50], F: [51, 52], G: [53, 60], H: [61, 62], I: [63, 65], J: [66, 69], K: [70, 70], L: [71, 72], M: [73, 75], N: [76, 79], O: [80, 82], P: [83, 83], Q: [84, 85], R: [86, 90], S: [91, 96], T: [97, 97] };
const sectionOf = (code) => {
  if (!code) return null;
  if (/^[A-T]$/.test(code)) return code;
  const d = Number(code.slice(0, 2));
  return Object.keys(SECTIONS).find((x) => d >= SECTIONS[x][0] && d <= SECTIONS[x][1]) ?? null;
};
const REGION = '510107'; // every record here is in 成都市武侯区

let s;
let dir;
const actors = []; // {name, token, roles, org_id, scope}
let otherOrg;
const otherOwner = {}; // kind name -> an org outside the actors' that may own its records
const cases = []; // {kind, action, actor, variant, status, title, id}

/** An officer's scope: the org's region without trailing "00" pairs (kz_in_region). */
const scopeOf = (region) => (region || '').replace(/(00)+$/, '');

function view(k, a, rec) {
  if (a.roles.includes('admin')) return 'full';
  if (a.org_id && a.org_id === rec.org_id) return 'full';
  const draft = rec.status === 'draft';
  if (!draft && a.roles.includes('reviewer')) return 'full';
  if (!draft && a.roles.includes('officer') && a.scope && REGION.startsWith(a.scope)) return 'full';
  if (rec.status === 'published' || k.public_states.includes(rec.status)) return 'card';
  return 'none';
}

const applies = (t, status) => (t.from.includes('*') ? status !== t.to : t.from.includes(status));

function mayTake(k, t, a, rec) {
  if (t.system) return false;
  const inRegion = a.scope && REGION.startsWith(a.scope);
  if (t.roles.some((r) => r !== 'officer' && a.roles.includes(r))) return true;
  if (t.roles.includes('officer') && a.roles.includes('officer') && inRegion) return true;
  const owner = a.org_id === rec.org_id && k.owner_roles.some((r) => a.roles.includes(r));
  return t.owner && owner;
}

/** The answer the description implies, and the state after it. */
function expected(k, action, a, rec) {
  if (!a.token) return { status: 401 };
  if (view(k, a, rec) === 'none') return { status: 404 };
  const rows = k.workflow.filter((t) => t.action === action);
  const row = rows.find((t) => applies(t, rec.status)) || rows[0];
  if (!mayTake(k, row, a, rec)) return { status: 403 };
  return rows.some((t) => applies(t, rec.status)) ? { status: 200, to: row.to } : { status: 409 };
}

before(async () => {
  s = await startServer();
  actors.push({ name: 'anonymous', token: undefined, roles: [], org_id: 0, scope: '' });
  const orgs = new Set();
  for (const u of USERS) {
    const l = await login(s.url, u);
    const me = l.user;
    let region = '', section = null;
    if (me.org_id) {
      const o = (await api(s.url, 'GET', `/api/v1/orgs/${me.org_id}`, { token: l.token })).json;
      region = o.region;
      section = sectionOf(o.industry);
    }
    actors.push({ name: u, token: l.token, roles: me.roles, org_id: me.org_id || 0, scope: scopeOf(region), section });
    if (me.org_id) orgs.add(me.org_id);
  }
  const list = await api(s.url, 'GET', '/api/v1/orgs?region=5101&limit=100');
  otherOrg = list.json.items.find((o) => !orgs.has(o.id)).id;
  // (an org of the section none of the actors belongs to: in 成都 where there is one, else anywhere —
  // the bureaus of 公共管理 that may own policies are one per city)
  const everyOrg = (await api(s.url, 'GET', '/api/v1/orgs?limit=100')).json.items;
  for (const k of kinds.filter((x) => x.owner_section)) {
    const fits = (o) => !orgs.has(o.id) && sectionOf(o.industry) === k.owner_section;
    otherOwner[k.name] = (list.json.items.find(fits) ?? everyOrg.find(fits)).id;
  }

  // one record per case, imported by the operator in the state the case needs
  dir = mkdtempSync(join(tmpdir(), 'kz-matrix-'));
  const issuer = list.json.items.filter((o) => !orgs.has(o.id) && o.id !== otherOrg)[0].id;
  const parents = ['screening', 'published', 'closed', 'reviewing'].map((status) =>
    JSON.stringify({ ...challengeBody({ title: `矩阵父榜单 ${status}`, region: REGION, mode: 'race', budget_fen: 1e14 }), org_id: issuer, status }));
  writeFileSync(join(dir, 'parents.jsonl'), `${parents.join('\n')}\n`);
  assert.equal(kz(['import', 'challenges', join(dir, 'parents.jsonl')], { db: s.db }).status, 0);
  for (const l of sql(s.dbPath, "SELECT id, status FROM kind_records WHERE kind = 'challenge' AND title LIKE '矩阵父榜单 %'").split('\n'))
    parent[l.split('|')[1]] = Number(l.split('|')[0]);
  // a demand and an achievement of the demo, published, of orgs none of the actors belongs to;
  // the demand in 成都 like every record here (a deal and its events are in its region)
  const dem = (await api(s.url, 'GET', '/api/v1/demands?status=published&region=5101&limit=100')).json.items
    .find((x) => !orgs.has(x.org_id) && x.org_id !== otherOrg && x.org_id !== issuer);
  parent.demand = dem.id;
  parent.achievement = (await api(s.url, 'GET', '/api/v1/achievements?status=published&limit=100')).json.items
    .find((x) => !orgs.has(x.org_id) && x.org_id !== otherOrg && x.org_id !== issuer && x.org_id !== dem.org_id).id;
  const talks = JSON.stringify({ demand_id: parent.demand, achievement_id: parent.achievement, note: '矩阵父对接', org_id: otherOrg, status: 'negotiating' });
  writeFileSync(join(dir, 'deal.jsonl'), `${talks}\n`);
  assert.equal(kz(['import', 'deals', join(dir, 'deal.jsonl')], { db: s.db }).status, 0);
  parent.deal = Number(sql(s.dbPath, "SELECT id FROM kind_records WHERE kind = 'deal' AND data LIKE '%矩阵父对接%'"));
  // policies in force over orgs, ¥1,000 to any (no condition), issued by a bureau none of the
  // actors belongs to, in the records' region (an application's region is its policy's)
  const pols = Array.from({ length: 400 }, (_, i) => JSON.stringify({
    ...policyBody({ title: `矩阵父政策 ${i}`, region: REGION, subject_kind: 'org', conditions: [], base_field: null, tiers: [], fixed_fen: 100000, cap_fen: null }),
    org_id: otherOwner.policy, status: 'in_force',
  }));
  writeFileSync(join(dir, 'policies.jsonl'), `${pols.join('\n')}\n`);
  assert.equal(kz(['import', 'policies', join(dir, 'policies.jsonl')], { db: s.db }).status, 0);
  parent.policies = sql(s.dbPath, "SELECT id FROM kind_records WHERE kind = 'policy' AND title LIKE '矩阵父政策 %'").split('\n').map(Number);
  // an open instrument of an org none of the actors belongs to (the bookings' provider, a party)
  writeFileSync(join(dir, 'resource.jsonl'), `${JSON.stringify({ ...resourceBody({ title: '矩阵父资源' }), org_id: otherOrg, status: 'open' })}\n`);
  assert.equal(kz(['import', 'resources', join(dir, 'resource.jsonl')], { db: s.db }).status, 0);
  parent.resource = Number(sql(s.dbPath, "SELECT id FROM kind_records WHERE kind = 'resource' AND title = '矩阵父资源'"));
  // an event held today by an org none of the actors belongs to (the registrations' organiser, a party)
  writeFileSync(join(dir, 'event.jsonl'), `${JSON.stringify({ title: '矩阵父活动', kind: 'matchmaking', held_on: dayCST(), place: '矩阵测试会场', region: REGION, org_id: issuer, status: 'held' })}\n`);
  assert.equal(kz(['import', 'events', join(dir, 'event.jsonl')], { db: s.db }).status, 0);
  parent.event = Number(sql(s.dbPath, "SELECT id FROM kind_records WHERE kind = 'event' AND title = '矩阵父活动'"));
  // a registered broker of an org none of the actors belongs to (its trainings' and assignments' parent)
  writeFileSync(join(dir, 'broker.jsonl'), `${JSON.stringify({ user_id: 1, name: '矩阵父经纪人', kind: 'commissioner', region: REGION, org_id: issuer, status: 'active' })}\n`);
  assert.equal(kz(['import', 'brokers', join(dir, 'broker.jsonl')], { db: s.db }).status, 0);
  parent.broker = Number(sql(s.dbPath, "SELECT id FROM kind_records WHERE kind = 'broker' AND title = '矩阵父经纪人'"));
  // the market's parents: an open listed listing, an open auction, one in its 公示 period, and
  // a 摘牌 request on another listing (sell names it: not this listing's)
  const far = `${dayCST(400)}T10:00`;
  const markets = [
    { ...listingBody({ title: '矩阵父挂牌 listed' }), status: 'open' },
    { ...listingBody({ title: '矩阵父挂牌 auction', mode: 'auction', price_fen: null, auction_kind: 'english', start_fen: 100000, increment_fen: 10000, deposit_fen: 20000, starts_at: far, ends_at: `${dayCST(401)}T10:00` }), status: 'open' },
    { ...listingBody({ title: '矩阵父挂牌 publicity', mode: 'negotiated', price_fen: null, buyer_org_id: issuer, sold_fen: 3000000, publicity_from: dayCST(), publicity_until: dayCST(14) }), status: 'publicity' },
  ].map((x) => JSON.stringify({ ...x, org_id: otherOrg }));
  writeFileSync(join(dir, 'listings.jsonl'), `${markets.join('\n')}\n`);
  assert.equal(kz(['import', 'listings', join(dir, 'listings.jsonl')], { db: s.db }).status, 0);
  for (const l of sql(s.dbPath, "SELECT id, title FROM kind_records WHERE kind = 'listing' AND title LIKE '矩阵父挂牌 %'").split('\n'))
    parent[l.split('|')[1].split(' ')[1]] = Number(l.split('|')[0]);
  parent.buyer = issuer;
  writeFileSync(join(dir, 'bid.jsonl'), `${JSON.stringify({ listing_id: parent.listed, amount_fen: 50000000, org_id: issuer, status: 'placed' })}\n`);
  assert.equal(kz(['import', 'bids', join(dir, 'bid.jsonl')], { db: s.db }).status, 0);
  // an open loan product of a bank none of the actors belongs to: any tier, any region, any amount
  writeFileSync(join(dir, 'product.jsonl'), `${JSON.stringify({ ...financeBody({ title: '矩阵父金融产品', eligible_tiers: [], eligible_regions: [], amount_min_fen: 1, amount_max_fen: 1e13 }), org_id: otherOwner.finance_product, status: 'active' })}\n`);
  assert.equal(kz(['import', 'finance-products', join(dir, 'product.jsonl')], { db: s.db }).status, 0);
  parent.product = Number(sql(s.dbPath, "SELECT id FROM kind_records WHERE kind = 'finance_product' AND title = '矩阵父金融产品'"));
  parent.foreignBid = Number(sql(s.dbPath, `SELECT id FROM kind_records WHERE kind = 'bid' AND org_id = ${issuer}`));
  for (const k of kinds) {
    const actions = [...new Set(k.workflow.filter((t) => !t.system).map((t) => t.action))];
    const lines = [];
    for (const action of actions) {
      const rows = k.workflow.filter((t) => t.action === action);
      const ok = k.statuses.find((st) => rows.some((t) => applies(t, st)));
      const bad = k.statuses.find((st) => !rows.some((t) => applies(t, st)));
      // a kind whose owners are orgs of one industry section: only such orgs' records
      const mayOwn = (a) => a.org_id && (!k.owner_section || a.section === k.owner_section);
      for (const a of actors)
        for (const variant of mayOwn(a) ? ['own', 'other'] : ['other'])
          for (const status of [ok, bad].filter(Boolean)) {
            const title = `矩阵测试 ${k.name} ${action} ${a.name} ${variant} ${status}`;
            const org_id = variant === 'own' ? a.org_id : (otherOwner[k.name] ?? otherOrg);
            lines.push(JSON.stringify({ ...BODY[k.name]({ title, region: REGION, org_id }, action), org_id, status }));
            cases.push({ k, action, a, variant, status, title, org_id });
          }
    }
    const file = join(dir, `${k.name}.jsonl`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = kz(['import', COLLECTION[k.name], file], { db: s.db });
    assert.equal(r.status, 0, r.stderr);
    // (a registration's title is its event's: its case is named in its interests)
    // (an assignment's title is its enterprise's: its case is named in its note)
    const field = { event_registration: 'interests', broker_assignment: 'note' }[k.name];
    const named = !field ? 'title' : PG ? `data::jsonb->>'${field}'` : `json_extract(data, '$.${field}')`;
    const ids = new Map(sql(s.dbPath, `SELECT id, ${named} FROM ${ROWS(k)} ${named} LIKE '矩阵测试 %'`)
      .split('\n').map((l) => l.split('|')).map(([id, t]) => [t, Number(id)]));
    for (const c of cases) if (c.k === k) c.id = ids.get(c.title);
  }
});

after(async () => {
  await s?.stop();
  s?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const k of kinds) {
  for (const action of [...new Set(k.workflow.filter((t) => !t.system).map((t) => t.action))]) {
    test(`${k.name} ${action}: every role, own and another org's record, a state that allows it and one that does not`, async () => {
      const mine = cases.filter((c) => c.k === k && c.action === action);
      assert.ok(mine.length >= actors.length, 'cases were made');
      const wrong = [];
      let taken = 0;
      for (const c of mine) {
        assert.ok(c.id, `record of ${c.title} imported`);
        const want = expected(k, action, c.a, { org_id: c.org_id, status: c.status });
        if (want.status === 200 && NEEDS_OTHERS[k.name]?.[action]) Object.assign(want, { status: NEEDS_OTHERS[k.name][action], to: undefined });
        const extra = want.to === 'published' && k.name === 'achievement' ? { valid_until: FUTURE_DATE } : EXTRA[k.name]?.(action) ?? {};
        const r = await api(s.url, 'POST', `/api/v1/${COLLECTION[k.name]}/${c.id}/transitions`, { token: c.a.token, body: { action, ...extra } });
        const now = sql(s.dbPath, `SELECT status FROM ${ROWS(k)} id = ${c.id}`);
        const after = want.status === 200 ? want.to : c.status;
        if (r.status !== want.status || now !== after)
          wrong.push(`${c.a.name} on ${c.variant} org's ${c.status} record: ${r.status} (${r.json?.error?.code ?? r.json?.status}), now ${now}; the description implies ${want.status}, then ${after}`);
        taken += r.status === 200;
      }
      assert.deepEqual(wrong, [], `${k.name} ${action}`);
      assert.ok(taken > 0 || NEEDS_OTHERS[k.name]?.[action], `${k.name} ${action}: nobody could take it`);
    });
  }
}
