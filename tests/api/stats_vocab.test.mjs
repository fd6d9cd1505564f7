// Statistics (issue 3 §8, PRODUCT.md §3.12) and vocabularies (issue 3 §5, PRODUCT.md §4):
// GET /api/v1/stats/overview reflects the records we create; GET /api/v1/stats/map counts per
// region code with Chinese names at province, city and district level; GET /api/v1/vocab/… serves
// GB/T 2260 regions, GB/T 4754 industries, TRL 1–9 and the platform's closed lists. Public.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, loginAll, makeAchievement, makeDemand, ALL_ROLES, kz, sql } from './lib.mjs';

let s;
let tok;
const CJK = /[\u4e00-\u9fff]/;

before(async () => {
  s = await startServer();
  tok = await loginAll(s.url);
});
after(async () => {
  if (!s) return;
  const ex = await s.stop();
  const stderr = s.stderr;
  s.cleanup();
  assert.deepEqual(ex, { code: 0, signal: null }, `server exit ${JSON.stringify(ex)}: ${stderr.slice(-2000)}`);
});

const get = async (p, token) => {
  const r = await api(s.url, 'GET', p, { token });
  assert.equal(r.status, 200, `${p}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
};
const countOf = (arr, code) => arr.find((x) => x.code === code)?.count ?? 0;

/* ---------------- statistics ---------------- */

test('overview: public, with achievements / demands / orgs and the documented fields', async () => {
  for (const role of ALL_ROLES) {
    const r = await api(s.url, 'GET', '/api/v1/stats/overview', { token: tok[role] });
    assert.equal(r.status, 200, `${role}: ${r.text}`);
  }
  const o = await get('/api/v1/stats/overview');
  for (const k of ['total', 'published', 'new_this_month']) {
    assert.ok(Number.isInteger(o.achievements[k]), `achievements.${k}`);
    assert.ok(Number.isInteger(o.demands[k]), `demands.${k}`);
  }
  for (const k of ['by_status']) {
    assert.equal(typeof o.achievements[k], 'object');
    assert.equal(typeof o.demands[k], 'object');
  }
  for (const k of ['by_industry', 'by_city']) assert.ok(Array.isArray(o.achievements[k]), `achievements.${k}`);
  assert.equal(typeof o.orgs.by_kind, 'object');
  assert.ok(o.orgs.by_kind.university >= 5, 'the demo has five universities');
  const sumStatus = Object.values(o.achievements.by_status).reduce((a, b) => a + b, 0);
  assert.equal(sumStatus, o.achievements.total, 'achievements.by_status does not add up to the total');
  assert.equal(Object.values(o.demands.by_status).reduce((a, b) => a + b, 0), o.demands.total);
});

test('overview: reflects the achievements, demands and orgs we create (total, by status, by industry, by city, new this month)', async () => {
  const o0 = await get('/api/v1/stats/overview');
  const scu = { owner: tok.researcher, reviewer: tok.reviewer, admin: tok.admin };
  await makeAchievement(s.url, scu, 'draft', { industry: '2710', region: '510104' });
  await makeAchievement(s.url, scu, 'submitted', { industry: '2710', region: '510104' });
  await makeAchievement(s.url, scu, 'published', { industry: '6513', region: '510703' });
  await makeAchievement(s.url, scu, 'published', { industry: '6513', region: '510703' });
  const yb = { owner: tok.enterprise, reviewer: tok.reviewer };
  await makeDemand(s.url, yb, 'draft', { industry: '7320' });
  await makeDemand(s.url, yb, 'published', { industry: '7320' });
  const org = await api(s.url, 'POST', '/api/v1/orgs', { token: tok.admin, body: { name: `统计测试孵化器${process.pid}`, kind: 'incubator', region: '510104' } });
  assert.equal(org.status, 201, org.text);
  const o1 = await get('/api/v1/stats/overview');

  const d = (a, b) => (b ?? 0) - (a ?? 0);
  assert.equal(d(o0.achievements.total, o1.achievements.total), 4);
  assert.equal(d(o0.achievements.published, o1.achievements.published), 2);
  assert.equal(d(o0.achievements.new_this_month, o1.achievements.new_this_month), 4);
  assert.equal(d(o0.achievements.by_status.draft, o1.achievements.by_status.draft), 1);
  assert.equal(d(o0.achievements.by_status.submitted, o1.achievements.by_status.submitted), 1);
  assert.equal(d(o0.achievements.by_status.published, o1.achievements.by_status.published), 2);
  assert.equal(d(countOf(o0.achievements.by_industry, 'I'), countOf(o1.achievements.by_industry, 'I')), 2);
  assert.equal(d(countOf(o0.achievements.by_city, '510700'), countOf(o1.achievements.by_city, '510700')), 2);
  const ind = o1.achievements.by_industry.find((x) => x.code === 'I');
  assert.equal(ind.name, '信息传输、软件和信息技术服务业');
  assert.equal(o1.achievements.by_city.find((x) => x.code === '510700').name, '绵阳市');

  assert.equal(d(o0.demands.total, o1.demands.total), 2);
  assert.equal(d(o0.demands.published, o1.demands.published), 1);
  assert.equal(d(o0.demands.new_this_month, o1.demands.new_this_month), 2);
  assert.equal(d(o0.demands.by_status.draft, o1.demands.by_status.draft), 1);
  assert.equal(d(o0.demands.by_status.published, o1.demands.by_status.published), 1);

  // by month: the last 12 months oldest first, the current one last, counting every new record
  const month = o1.generated_at.slice(0, 7);
  for (const kind of ['achievements', 'demands']) {
    const m = o1[kind].by_month;
    assert.equal(m.length, 12, kind);
    assert.equal(m.at(-1).month, month, kind);
    for (let i = 1; i < 12; i++) assert.ok(m[i - 1].month < m[i].month, `${kind}: months out of order`);
    const [y, mo] = month.split('-').map(Number);
    const first = new Date(Date.UTC(y, mo - 12, 1)).toISOString().slice(0, 7);
    assert.equal(m[0].month, first, kind);
    assert.equal(m.at(-1).count, o1[kind].new_this_month, `${kind}: this month's bar is not new_this_month`);
  }
  assert.equal(d(o0.achievements.by_month.at(-1).count, o1.achievements.by_month.at(-1).count), 4);
  assert.equal(d(o0.demands.by_month.at(-1).count, o1.demands.by_month.at(-1).count), 2);

  assert.equal(d(o0.orgs.by_kind.incubator, o1.orgs.by_kind.incubator), 1);
  if ('total' in o1.orgs) assert.equal(d(o0.orgs.total, o1.orgs.total), 1);

  // demands are counted by industry and region too (issue 3 §8: "counts by status, industry, region")
  assert.ok(Array.isArray(o1.demands.by_industry) && Array.isArray(o1.demands.by_city), 'demands have no by_industry / by_city');
  assert.equal(d(countOf(o0.demands.by_industry, 'M'), countOf(o1.demands.by_industry, 'M')), 1);
  assert.equal(d(countOf(o0.demands.by_city, '511500'), countOf(o1.demands.by_city, '511500')), 1);
  assert.equal(o1.demands.by_city.find((x) => x.code === '511500').name, '宜宾市');
});

test('map: counts per province / city / district with Chinese names; parent narrows; published records only', async () => {
  const levels = { province: /^\d\d0000$/, city: /^\d{4}00$/, district: /^\d{6}$/ };
  for (const kind of ['achievement', 'demand', 'org']) {
    for (const [level, re] of Object.entries(levels)) {
      const m = await get(`/api/v1/stats/map?level=${level}&kind=${kind}`);
      assert.equal(m.level, level);
      assert.equal(m.kind, kind);
      assert.equal(m.items.reduce((a, x) => a + x.count, 0), m.total, `${kind}/${level}: counts do not add up`);
      for (const it of m.items) {
        assert.match(it.code, re, `${kind}/${level}: code ${it.code}`);
        assert.match(it.name, CJK, `${kind}/${level}: name of ${it.code}`);
        assert.ok(it.count > 0);
      }
    }
  }
  const snap = async () => ({
    prov: await get('/api/v1/stats/map?level=province&kind=achievement'),
    city: await get('/api/v1/stats/map?level=city&kind=achievement&parent=51'),
    dist: await get('/api/v1/stats/map?level=district&kind=achievement&parent=5107'),
    dcity: await get('/api/v1/stats/map?level=city&kind=demand&parent=51'),
    org: await get('/api/v1/stats/map?level=district&kind=org&parent=5101'),
  });
  const m0 = await snap();
  const scu = { owner: tok.researcher, reviewer: tok.reviewer, admin: tok.admin };
  await makeAchievement(s.url, scu, 'published', { region: '510703' });
  await makeAchievement(s.url, scu, 'draft', { region: '510703' }); // not on the public map
  await makeAchievement(s.url, scu, 'screening', { region: '510703' });
  await makeDemand(s.url, { owner: tok.enterprise, reviewer: tok.reviewer }, 'published');
  await makeDemand(s.url, { owner: tok.enterprise, reviewer: tok.reviewer }, 'submitted');
  const o = await api(s.url, 'POST', '/api/v1/orgs', { token: tok.admin, body: { name: `地图测试机构${process.pid}`, kind: 'service', region: '510116' } });
  assert.equal(o.status, 201, o.text);
  const m1 = await snap();

  const delta = (a, b, code) => countOf(b.items, code) - countOf(a.items, code);
  assert.equal(delta(m0.prov, m1.prov, '510000'), 1);
  assert.equal(m1.prov.items.find((x) => x.code === '510000').name, '四川省');
  assert.equal(delta(m0.city, m1.city, '510700'), 1);
  assert.equal(m1.city.items.find((x) => x.code === '510700').name, '绵阳市');
  assert.equal(delta(m0.dist, m1.dist, '510703'), 1);
  assert.equal(m1.dist.items.find((x) => x.code === '510703').name, '涪城区');
  assert.equal(delta(m0.dcity, m1.dcity, '511500'), 1);
  assert.equal(m1.dcity.items.find((x) => x.code === '511500').name, '宜宾市');
  assert.equal(delta(m0.org, m1.org, '510116'), 1);
  assert.equal(m1.org.items.find((x) => x.code === '510116').name, '双流区');
  assert.equal(m1.city.total - m0.city.total, 1);
  // parent keeps only its children
  for (const it of m1.city.items) assert.match(it.code, /^51/);
  for (const it of m1.dist.items) assert.match(it.code, /^5107/);
  for (const it of m1.org.items) assert.match(it.code, /^5101/);
  // the demo orgs in 成都: its city count equals the sum of its districts
  const cityOrgs = await get('/api/v1/stats/map?level=city&kind=org&parent=51');
  assert.equal(countOf(cityOrgs.items, '510100'), m1.org.total);
  assert.equal(cityOrgs.items.find((x) => x.code === '510100').name, '成都市');
});

test('map: bad level, kind or parent → 422 naming it', async () => {
  for (const [qs, field] of [
    ['level=country&kind=achievement', 'level'], ['level=&kind=achievement', 'level'],
    ['level=city&kind=patent', 'kind'], ['level=city&kind=ACHIEVEMENT', 'kind'],
    ['level=city&kind=achievement&parent=abc', 'parent'],
    ['level=city&kind=achievement&parent=5101', 'parent'], // not above the level
  ]) {
    const r = await api(s.url, 'GET', `/api/v1/stats/map?${qs}`);
    assert.equal(r.status, 422, `${qs}: ${r.text}`);
    assert.ok(field in r.json.error.fields, `${qs}: ${r.text}`);
  }
});

/* ---------------- vocabularies ---------------- */

test('vocab: the index lists every vocabulary the issue asks for; public and cacheable', async () => {
  for (const role of ALL_ROLES) assert.equal((await api(s.url, 'GET', '/api/v1/vocab', { token: tok[role] })).status, 200);
  const r = await api(s.url, 'GET', '/api/v1/vocab');
  const keys = r.json.items.map((i) => i.key);
  for (const k of ['regions', 'industries', 'trl', 'transfer_modes', 'transaction_modes', 'demand_kinds', 'tech_fields', 'cooperation_modes']) assert.ok(keys.includes(k), `no vocabulary ${k}`);
  for (const i of r.json.items) assert.match(i.title, CJK, `title of ${i.key}`);
  assert.match(r.headers.get('cache-control') || '', /public/);
});

test('vocab/regions: 31 provinces; Sichuan\'s 21 cities; Chengdu\'s 20 districts; every county of Sichuan (183)', async () => {
  const prov = await get('/api/v1/vocab/regions?level=1');
  assert.equal(prov.items.length, 31);
  const pn = Object.fromEntries(prov.items.map((i) => [i.code, i.name]));
  assert.equal(pn['510000'], '四川省');
  assert.equal(pn['110000'], '北京市');
  assert.equal(pn['500000'], '重庆市');
  assert.equal(pn['650000'], '新疆维吾尔自治区');
  assert.equal(pn['540000'], '西藏自治区');

  const cities = await get('/api/v1/vocab/regions?parent=510000');
  assert.equal(cities.items.length, 21);
  const cn = Object.fromEntries(cities.items.map((i) => [i.code, i.name]));
  for (const [code, name] of [['510100', '成都市'], ['510300', '自贡市'], ['510500', '泸州市'], ['510600', '德阳市'], ['510700', '绵阳市'], ['511500', '宜宾市'], ['513200', '阿坝藏族羌族自治州'], ['513300', '甘孜藏族自治州'], ['513400', '凉山彝族自治州']]) {
    assert.equal(cn[code], name, code);
  }
  for (const c of cities.items) {
    assert.equal(c.parent, '510000');
    assert.equal(c.level, 2);
  }

  const cd = await get('/api/v1/vocab/regions?parent=510100');
  assert.equal(cd.items.length, 20);
  const dn = Object.fromEntries(cd.items.map((i) => [i.code, i.name]));
  for (const [code, name] of [['510104', '锦江区'], ['510107', '武侯区'], ['510116', '双流区'], ['510117', '郫都区'], ['510118', '新津区'], ['510181', '都江堰市'], ['510185', '简阳市']]) assert.equal(dn[code], name, code);

  const counties = await get('/api/v1/vocab/regions?level=3&prefix=51');
  assert.equal(counties.items.length, 183);
  for (const c of cities.items) assert.ok(counties.items.some((x) => x.parent === c.code), `${c.name} has no county`);
  const yb = await get('/api/v1/vocab/regions?parent=511500');
  assert.ok(yb.items.some((x) => x.code === '511502' && x.name === '翠屏区'));
});

test('vocab/industries: 20 门类 A–T; C has the 大类 13–43; 97 大类 in all; 中类 of 38', async () => {
  const l1 = await get('/api/v1/vocab/industries?level=1');
  assert.deepEqual(l1.items.map((i) => i.code), 'ABCDEFGHIJKLMNOPQRST'.split(''));
  const n1 = Object.fromEntries(l1.items.map((i) => [i.code, i.name]));
  assert.equal(n1.C, '制造业');
  assert.equal(n1.I, '信息传输、软件和信息技术服务业');
  assert.equal(n1.M, '科学研究和技术服务业');
  const c = await get('/api/v1/vocab/industries?parent=C');
  assert.deepEqual(c.items.map((i) => i.code), Array.from({ length: 31 }, (_, i) => String(13 + i)));
  const cn = Object.fromEntries(c.items.map((i) => [i.code, i.name]));
  assert.equal(cn['38'], '电气机械和器材制造业');
  assert.equal(cn['39'], '计算机、通信和其他电子设备制造业');
  assert.equal(cn['27'], '医药制造业');
  const l2 = await get('/api/v1/vocab/industries?level=2');
  assert.equal(l2.items.length, 97);
  const m38 = await get('/api/v1/vocab/industries?parent=38');
  assert.ok(m38.items.some((i) => i.code === '384' && i.name === '电池制造'), JSON.stringify(m38.items));
  for (const i of m38.items) assert.match(i.code, /^38\d$/);
  const l4 = await get('/api/v1/vocab/industries?parent=384');
  assert.ok(l4.items.some((i) => i.code === '3841' && i.name === '锂离子电池制造'));
});

test('vocab: TRL 1–9 with Chinese names and descriptions; transfer and transaction modes, demand kinds, 高新技术领域', async () => {
  const trl = await get('/api/v1/vocab/trl');
  assert.deepEqual(trl.items.map((i) => i.code), ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  for (const i of trl.items) {
    assert.match(i.name, CJK);
    assert.match(i.description, CJK);
  }
  const names = (v) => Object.fromEntries(v.items.map((i) => [i.code, i.name]));
  assert.deepEqual(names(await get('/api/v1/vocab/transfer_modes')), { transfer: '转让', license: '许可', equity: '作价投资', co_develop: '合作开发' });
  assert.deepEqual(Object.keys(names(await get('/api/v1/vocab/transaction_modes'))), ['negotiated', 'listed', 'auction']);
  assert.deepEqual(names(await get('/api/v1/vocab/demand_kinds')), { tech_problem: '技术难题', achievement_wanted: '成果引进', talent: '人才需求', equipment: '设备需求', finance: '投融资' });
  const tf = await get('/api/v1/vocab/tech_fields');
  assert.equal(tf.items.length, 8, '高新技术领域 has eight fields');
  assert.ok(tf.items.some((i) => i.name === '电子信息'));
  assert.ok(tf.items.some((i) => i.name === '新材料'));
  const cm = await get('/api/v1/vocab/cooperation_modes');
  assert.ok(cm.items.length >= 4);
});

test('vocab: unknown key → 404; bad level → 422', async () => {
  const r = await api(s.url, 'GET', '/api/v1/vocab/planets');
  assert.equal(r.status, 404, r.text);
  assert.equal(r.json.error.code, 'not_found');
  for (const qs of ['regions?level=4', 'regions?level=0', 'industries?level=5', 'industries?level=x']) {
    const b = await api(s.url, 'GET', `/api/v1/vocab/${qs}`);
    assert.equal(b.status, 422, `${qs}: ${b.text}`);
    assert.ok('level' in b.json.error.fields);
  }
});

test('kezhuan stats verify: the kept counts equal a recount; a tampered count is named, --repair fixes it', async () => {
  const ok = kz(['stats', 'verify'], { db: s.db });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /一致/);
  const before = (await api(s.url, 'GET', '/api/v1/stats/overview')).json.achievements.by_status.published;
  sql(s.dbPath, "UPDATE stat_counts SET n = n + 3 WHERE kind = 'achievement' AND dim = 'all' AND status = 'published'");
  sql(s.dbPath, "DELETE FROM stat_counts WHERE kind = 'demand' AND dim = 'region' AND status = 'published' AND key = (SELECT min(key) FROM stat_counts WHERE kind = 'demand' AND dim = 'region' AND status = 'published' AND n > 0)");
  // the overview reads the counts: the tampering shows
  assert.equal((await api(s.url, 'GET', '/api/v1/stats/overview')).json.achievements.by_status.published, before + 3);
  const bad = kz(['stats', 'verify'], { db: s.db });
  assert.equal(bad.status, 1, bad.stdout);
  assert.match(bad.stderr, new RegExp(`achievement all  published: 计数 kept ${before + 3}, 重算 recount ${before}`));
  assert.match(bad.stderr, /demand region \d{6} published: 计数 kept 0, 重算 recount [1-9]/);
  assert.match(bad.stderr, /2 个计数与重算不一致/);
  // verifying changed nothing
  assert.equal((await api(s.url, 'GET', '/api/v1/stats/overview')).json.achievements.by_status.published, before + 3);
  const fix = kz(['stats', 'verify', '--repair'], { db: s.db });
  assert.equal(fix.status, 0, fix.stderr);
  assert.match(fix.stdout, /已按重算修正 2 个计数/);
  assert.equal((await api(s.url, 'GET', '/api/v1/stats/overview')).json.achievements.by_status.published, before);
  assert.equal(kz(['stats', 'verify'], { db: s.db }).status, 0);
  assert.equal(kz(['stats', 'verify', '--bogus'], { db: s.db }).status, 2);
});
