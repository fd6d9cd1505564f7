// Search and matching (issue 4) against the real binary with the demo data: writes are visible
// to the next query (add, update, withdraw, archive), unpublished text and the confidential
// detail never leak (results, highlights, facets), highlights are escaped, hard queries get clear
// answers, matches are scored in 0..1 with reasons and are stable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, loginAll, makeAchievement, makeDemand, act } from './lib.mjs';

let s, tok, SCU, YB;
const q = (text, extra = '') => `/api/v1/search?q=${encodeURIComponent(text)}${extra}`;
let seq = 0;
const uniq = () => `${process.pid.toString(36)}${Date.now().toString(36)}${++seq}`;

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
  SCU = { owner: tok.researcher, reviewer: tok.reviewer, admin: tok.admin };
  YB = { owner: tok.enterprise, reviewer: tok.reviewer, admin: tok.admin };
});
after(async () => { await s?.stop(); s?.cleanup(); });

const ids = (res, kind = 'achievement') => res.json.items.filter((x) => x.kind === kind).map((x) => x[kind].id);

test('a published achievement is found by its words right after it is published, and ranks first for its own title', async () => {
  const word = `钒钛磁铁矿尾渣${uniq()}`;
  const a = await makeAchievement(s.url, SCU, 'published', { title: `${word}高值化利用技术`, keywords: ['钒钛', '尾渣利用'] });
  const r = await api(s.url, 'GET', q(`${word}高值化利用技术`, '&kind=achievement'));
  assert.equal(r.status, 200);
  assert.equal(r.json.items[0].achievement.id, a.id);
  assert.equal(r.json.items[0].kind, 'achievement');
  assert.ok(r.json.items[0].score > 0);
  assert.match(r.json.items[0].highlight.title, /<em>/);
  assert.ok(!('detail' in r.json.items[0].achievement), 'cards carry no detail');
});

test('traditional and simplified Chinese find each other (繁→简), highlights keep the original characters', async () => {
  const tag = uniq();
  const a = await makeAchievement(s.url, SCU, 'published', { title: `鈉離子電池正極材料${tag}製備技術` });
  let r = await api(s.url, 'GET', q(`钠离子电池正极材料${tag}`, '&kind=achievement'));
  assert.equal(r.status, 200);
  assert.equal(r.json.items[0]?.achievement.id, a.id, 'a simplified query finds the traditional title');
  assert.match(r.json.items[0].highlight.title, /<em>鈉離子電池正極材料/);
  const b = await makeAchievement(s.url, SCU, 'published', { title: `钒液流储能电站${tag}控制系统` });
  r = await api(s.url, 'GET', q(`釩液流儲能電站${tag}`, '&kind=achievement'));
  assert.equal(r.json.items[0]?.achievement.id, b.id, 'a traditional query finds the simplified title');
});

test('an edit is visible to the next query; withdrawal and archiving remove it from public results', async () => {
  const before = '霁青釉里红', after = '窑变翡翠绿';
  const a = await makeAchievement(s.url, SCU, 'published', { title: `${before}陶瓷复合材料技术` });
  assert.ok(ids(await api(s.url, 'GET', q(before, '&kind=achievement'))).includes(a.id));
  // withdraw (admin), edit as owner, submit, accept, publish: the new words replace the old ones
  let r = await act(s.url, tok.admin, 'achievements', a.id, 'withdraw', { comment: '更新材料' });
  assert.equal(r.status, 200);
  r = await api(s.url, 'PATCH', `/api/v1/achievements/${a.id}`, { token: tok.researcher, body: { title: `${after}复合材料技术` }, headers: { 'if-match': `"v${r.json.version}"` } });
  assert.equal(r.status, 200, r.text);
  const pub = await api(s.url, 'GET', q(after, '&kind=achievement'));
  assert.ok(!ids(pub).includes(a.id), 'a withdrawn record is not public');
  const own = await api(s.url, 'GET', q(after, '&kind=achievement'), { token: tok.researcher });
  assert.ok(ids(own).includes(a.id), 'the owner finds its own withdrawn record at once');
  for (const [who, action] of [['researcher', 'submit'], ['reviewer', 'accept'], ['reviewer', 'publish']]) {
    r = await act(s.url, tok[who], 'achievements', a.id, action);
    assert.equal(r.status, 200, `${action}: ${r.text}`);
  }
  assert.ok(ids(await api(s.url, 'GET', q(after, '&kind=achievement'))).includes(a.id), 'republished: found by the new title');
  assert.ok(!ids(await api(s.url, 'GET', q(before, '&kind=achievement'))).includes(a.id), 'not found by the old title');
  r = await act(s.url, tok.admin, 'achievements', a.id, 'archive');
  assert.equal(r.status, 200);
  assert.ok(!ids(await api(s.url, 'GET', q(after, '&kind=achievement'))).includes(a.id), 'archived: gone');
});

test('unpublished text never leaks: not in results, highlights, facets or query statistics', async () => {
  const secret = `绝密工艺${uniq()}`;
  const draft = await makeAchievement(s.url, SCU, 'draft', { title: `${secret}电池隔膜技术`, summary: `${secret}的隔膜涂覆方法与装备，适用于动力电池。` });
  const pub = await makeAchievement(s.url, SCU, 'published', { detail: `保密：${secret}配方参数` });
  for (const role of ['anonymous', 'enterprise', 'broker', 'expert', 'reviewer', 'officer']) {
    const r = await api(s.url, 'GET', q(secret, '&facets=true&limit=50'), { token: tok[role] });
    assert.equal(r.status, 200);
    assert.ok(!ids(r).includes(draft.id), `${role}: the draft is found`);
    assert.ok(!ids(r).includes(pub.id), `${role}: found through the confidential detail`);
    assert.ok(!r.text.includes('配方参数'), `${role}: the detail leaks`);
    const fa = r.json.facets?.achievement;
    assert.ok(fa, `${role}: facets`);
    if (role === 'anonymous') assert.deepEqual(Object.keys(fa.status), ['published'], 'the public facets count only published records');
  }
  const own = await api(s.url, 'GET', q(secret, '&facets=true'), { token: tok.researcher });
  assert.ok(ids(own).includes(draft.id), 'the owner finds its draft');
  assert.equal(own.json.facets.achievement.status.draft >= 1, true);
});

test('highlights are HTML-escaped, with only <em> markup', async () => {
  const tag = `标记${uniq()}`;
  await makeAchievement(s.url, SCU, 'published', { title: `<script>alert(1)</script>${tag}传感器`, summary: `含有 <b>粗体</b> & "引号" 的${tag}传感器摘要，用于检测。` });
  const r = await api(s.url, 'GET', q(`${tag}传感器`, '&kind=achievement'));
  const h = r.json.items[0].highlight;
  assert.ok(h.title.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), h.title);
  assert.ok(h.summary.includes('&lt;b&gt;') && h.summary.includes('&amp;') && h.summary.includes('&quot;'), h.summary);
  const tags = [...(h.title + h.summary).matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]);
  assert.ok(tags.length > 0 && tags.every((t) => t === 'em'), `markup other than <em>: ${tags}`);
});

test('hard queries get clear answers', async () => {
  // one and two characters
  let r = await api(s.url, 'GET', q('锂'));
  assert.equal(r.status, 200);
  r = await api(s.url, 'GET', q('电池', '&kind=achievement'));
  assert.equal(r.status, 200);
  assert.ok(r.json.items.length > 0);
  // a whole demand description
  const long = '我们是一家动力电池企业，针对低温环境下锂离子电池容量衰减快、快充时析锂的问题，希望引进电解液添加剂和负极界面改性方面的成熟技术，要求零下二十度放电容量保持率不低于百分之八十。';
  r = await api(s.url, 'GET', q(long, '&kind=achievement'));
  assert.equal(r.status, 200);
  assert.ok(r.json.items.length > 0);
  // only stopwords and punctuation
  r = await api(s.url, 'GET', q('的 了 和，。！'));
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items, []);
  assert.match(r.json.notice, /常用词/);
  // empty, blank, missing
  for (const p of ['/api/v1/search?q=', '/api/v1/search?q=%20%E3%80%80', '/api/v1/search']) {
    r = await api(s.url, 'GET', p);
    assert.equal(r.status, 422, p);
    assert.ok(r.json.error.fields.q, p);
  }
  // invalid UTF-8
  r = await api(s.url, 'GET', '/api/v1/search?q=%E9%94%82%FF%FE');
  assert.equal(r.status, 422);
  assert.match(r.json.error.fields.q, /UTF-8/);
  // 10,000 characters: answered; 10,001: refused with the limit named
  const tenk = '锂电池正极材料'.repeat(1429).slice(0, 10000);
  r = await api(s.url, 'GET', q(tenk, '&limit=5'));
  assert.equal(r.status, 200);
  r = await api(s.url, 'GET', q(tenk + '锂'));
  assert.equal(r.status, 422);
  assert.match(r.json.error.fields.q, /10000/);
  // bad parameters
  for (const p of ['&kind=patent', '&limit=0', '&limit=51', '&offset=1001', '&industry=XX', '&region=51a', '&trl_min=10', '&status=nope', '&demand_kind=nope']) {
    r = await api(s.url, 'GET', q('电池', p));
    assert.equal(r.status, 422, p);
  }
});

test('filters narrow the results; paging is stable', async () => {
  let r = await api(s.url, 'GET', q('电池 材料', '&kind=achievement&region=5101&limit=50'));
  assert.equal(r.status, 200);
  assert.ok(r.json.items.length > 0);
  assert.ok(r.json.items.every((x) => x.achievement.region.startsWith('5101')));
  r = await api(s.url, 'GET', q('电池 材料', '&kind=achievement&trl_min=7&limit=50'));
  assert.ok(r.json.items.every((x) => x.achievement.trl >= 7));
  r = await api(s.url, 'GET', q('技术', '&kind=demand&demand_kind=tech_problem&limit=50'));
  assert.ok(r.json.items.length > 0 && r.json.items.every((x) => x.demand.kind === 'tech_problem'));
  const p1 = await api(s.url, 'GET', q('电池', '&kind=achievement&limit=5'));
  const p2 = await api(s.url, 'GET', q('电池', '&kind=achievement&limit=5&offset=5'));
  const both = await api(s.url, 'GET', q('电池', '&kind=achievement&limit=10'));
  assert.equal(p1.json.has_more, true);
  assert.deepEqual([...ids(p1), ...ids(p2)], ids(both));
  const f = await api(s.url, 'GET', q('电池', '&kind=achievement&facets=true'));
  const sum = Object.values(f.json.facets.achievement.industry_section).reduce((a, b) => a + b, 0);
  assert.ok(sum > 0 && sum <= f.json.facets.achievement.counted);
});

test('kind=all mixes achievements, demands and experts', async () => {
  const r = await api(s.url, 'GET', q('锂电池正极材料', '&limit=50'));
  const kinds = new Set(r.json.items.map((x) => x.kind));
  assert.ok(kinds.has('achievement') && kinds.has('demand'), [...kinds].join());
  const e = await api(s.url, 'GET', q('锂电池正极材料', '&kind=expert'));
  assert.equal(e.status, 200);
  for (const it of e.json.items) {
    assert.equal(it.kind, 'expert');
    assert.ok(it.expert.display_name && it.achievements.length > 0);
  }
});

test('matches of a demand: published achievements, scores in 0..1 with reasons, stable', async () => {
  const d = await makeDemand(s.url, YB, 'published', { title: `低温锂离子电池电解液添加剂技术需求 ${uniq()}` });
  const m = await api(s.url, 'GET', `/api/v1/demands/${d.id}/matches`, { token: tok.enterprise });
  assert.equal(m.status, 200);
  assert.ok(m.json.items.length > 0);
  let last = 1;
  for (const it of m.json.items) {
    assert.equal(it.achievement.status, 'published');
    assert.ok(it.score >= 0 && it.score <= 1 && it.score <= last, `score ${it.score}`);
    last = it.score;
    for (const k of ['text', 'industry', 'region', 'maturity', 'price', 'freshness']) {
      assert.ok(it.reasons[k] && it.reasons[k].fit >= 0 && it.reasons[k].fit <= 1, k);
    }
    assert.ok(Array.isArray(it.reasons.shared_terms));
  }
  assert.ok(m.json.items[0].reasons.shared_terms.length > 0);
  assert.match(m.json.items[0].reasons.industry.label, /同属|行业/);
  const again = await api(s.url, 'GET', `/api/v1/demands/${d.id}/matches`, { token: tok.enterprise });
  assert.deepEqual(again.json, m.json, 'the same input gives the same answer');
  // the matched achievement of this test file's draft never appears
  const draft = await makeAchievement(s.url, SCU, 'draft', { title: '低温锂离子电池电解液添加剂草稿技术' });
  const m2 = await api(s.url, 'GET', `/api/v1/demands/${d.id}/matches?limit=50`, { token: tok.researcher });
  assert.ok(!m2.json.items.some((x) => x.achievement.id === draft.id));
  assert.ok(Array.isArray(m.json.agencies) && Array.isArray(m.json.experts));
});

test('matches of an achievement: published demands and the enterprises behind them', async () => {
  const a = await makeAchievement(s.url, SCU, 'published', { title: `动力电池低温快充电解液技术 ${uniq()}` });
  const m = await api(s.url, 'GET', `/api/v1/achievements/${a.id}/matches?limit=5`);
  assert.equal(m.status, 200);
  assert.ok(m.json.items.length > 0 && m.json.items.length <= 5);
  assert.ok(m.json.items.every((x) => x.demand.status === 'published' && x.score >= 0 && x.score <= 1));
  assert.ok(m.json.enterprises.every((x) => x.org.kind === 'enterprise'));
  const bad = await api(s.url, 'GET', `/api/v1/achievements/${a.id}/matches?limit=99`);
  assert.equal(bad.status, 422);
  const none = await api(s.url, 'GET', '/api/v1/achievements/99999999/matches');
  assert.equal(none.status, 404);
});

test('/metrics reports the search index', async () => {
  await api(s.url, 'GET', q('电池'));
  const r = await api(s.url, 'GET', '/metrics');
  assert.match(r.text, /^kezhuan_search_ready 1$/m);
  const n = Number(/^kezhuan_search_documents\{kind="achievement"\} (\d+)$/m.exec(r.text)?.[1]);
  assert.ok(n >= 2400, `achievements in the index: ${n}`);
  assert.ok(Number(/^kezhuan_search_memory_bytes (\d+)$/m.exec(r.text)?.[1]) > 0);
});
