// The public portal (科技大市场) as an anonymous visitor: home with the statistics banner, search
// with suggestions as you type, browsing by market category and by industry, detail pages and the
// "申请查看详情" button, the resource map with its drill-down into 成都, deep links after a
// reload, the phone width, the keyboard, and the not-found page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, api } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });

test('home: statistics banner from /stats/overview, categories, latest cards, the map', async () => {
  const page = await newPage(env);
  const ov = (await api(env.url, 'GET', '/api/v1/stats/overview')).json;
  await page.goto(`${env.url}/`);
  await assert.doesNotReject(page.getByRole('heading', { name: '科技大市场', exact: true }).waitFor());
  const banner = page.getByLabel('平台统计');
  await banner.getByText(ov.achievements.published.toLocaleString('zh-CN')).first().waitFor();
  assert.match(await banner.innerText(), /已发布成果/);
  assert.match(await banner.innerText(), new RegExp(ov.demands.published.toLocaleString('zh-CN')));
  for (const c of ['成果发布', '技术交易', '知识产权', '技术开发', '科技咨询', '技术服务', '投融资对接']) await page.getByRole('link', { name: new RegExp(c) }).first().waitFor();
  assert.equal(await page.locator('section[aria-labelledby="la-title"] article').count(), 6);
  assert.equal(await page.locator('section[aria-labelledby="ld-title"] article').count(), 6);
  await page.locator('canvas').first().waitFor();
  assert.equal(await page.title(), '科技大市场 · 科转');
  await shot(page, 'portal-home');
  await closePage(page);
});

test('search: suggestions as you type, then the results page with highlights and the kind filter', async () => {
  const page = await newPage(env);
  await page.goto(`${env.url}/`);
  const box = page.locator('input[aria-label="搜索成果与需求"]');
  await box.click();
  await box.pressSequentially('锂电池', { delay: 40 });
  const sug = page.locator('.sbox-popper li').first();
  await sug.waitFor();
  assert.match(await page.locator('.sbox-popper').innerText(), /锂电/);
  await box.press('Enter');
  await page.waitForURL(/\/search\?q=/);
  await page.locator('article em').first().waitFor();
  const n = await page.locator('article').count();
  assert.ok(n >= 10, `only ${n} results`);
  await page.getByRole('radio', { name: '需求' }).check({ force: true });
  await page.waitForURL(/kind=demand/);
  await page.waitForFunction(() => document.querySelectorAll('article').length > 0 && [...document.querySelectorAll('article')].every((a) => a.querySelector('a[href^="/demands/"]')));
  // typing on the results page searches again without pressing Enter
  const input = page.getByRole('textbox', { name: '检索内容' });
  await input.fill('光伏');
  await page.waitForURL(/q=%E5%85%89%E4%BC%8F/);
  await page.locator('article em', { hasText: '光伏' }).first().waitFor();
  await shot(page, 'portal-search');
  await closePage(page);
});

test('market: the seven categories and the industries filter the published records', async () => {
  const page = await newPage(env);
  // (科技大市场's listings come first; the category's achievements and demands are its second view)
  await page.goto(`${env.url}/market?cat=develop&view=records`);
  await page.getByRole('heading', { name: '技术开发' }).waitFor();
  await page.locator('article').first().waitFor();
  const r = await api(env.url, 'GET', '/api/v1/demands?status=published&kind=tech_problem&limit=1');
  await page.getByText(`共 ${r.json.total.toLocaleString('zh-CN')} 条`).waitFor();
  await page.getByRole('button', { name: /技术交易/ }).click();
  await page.waitForURL(/cat=transaction&view=records/);
  const t = await api(env.url, 'GET', '/api/v1/achievements?status=published&transfer_mode=transfer&limit=1');
  await page.getByText(`共 ${t.json.total.toLocaleString('zh-CN')} 条`).waitFor();
  // next page, then back
  await page.getByRole('button', { name: '下一页' }).click();
  await page.getByText('第 2 /').waitFor();
  await page.getByRole('button', { name: '上一页' }).click();
  await page.getByText('第 1 /').waitFor();
  // by industry from the home page's chips
  await page.goto(`${env.url}/`);
  await page.getByRole('link', { name: /^制造业/ }).click();
  await page.waitForURL(/industry=C/);
  const c = await api(env.url, 'GET', '/api/v1/achievements?status=published&industry=C&limit=1');
  await page.getByText(`共 ${c.json.total.toLocaleString('zh-CN')} 条`).waitFor();
  await shot(page, 'portal-market');
  await closePage(page);
});

test('achievement detail: the public card, money in 万元, dates in Chinese, and 申请查看详情 asking to sign in', async () => {
  const page = await newPage(env);
  const list = (await api(env.url, 'GET', '/api/v1/achievements?status=published&limit=50')).json.items;
  const a = list.find((x) => x.price_fen && x.price_fen >= 1000000 && x.has_detail);
  await page.goto(`${env.url}/achievements/${a.id}`);
  await page.getByRole('heading', { name: a.title }).waitFor();
  const wan = (a.price_fen / 1000000).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  await page.getByText(`${wan} 万元`).first().waitFor();
  const [y, m, d] = a.valid_until.split('-').map(Number);
  await page.getByText(`${y}年${m}月${d}日`).waitFor();
  assert.ok(!(await page.content()).includes('保密：'), 'confidential text on the public page');
  await page.getByRole('button', { name: '申请查看详情' }).click();
  await page.waitForURL(/\/login\?redirect=/);
  assert.equal(new URL(page.url()).searchParams.get('redirect'), `/achievements/${a.id}`);
  await page.getByRole('heading', { name: '登录科转平台' }).waitFor();
  await shot(page, 'login');
  await closePage(page);
});

test('deep links work after a reload; unknown pages say so; missing records get a message', async () => {
  const page = await newPage(env, { allow: [404] });
  const d = (await api(env.url, 'GET', '/api/v1/demands?status=published&limit=1')).json.items[0];
  await page.goto(`${env.url}/demands/${d.id}`);
  await page.getByRole('heading', { name: d.title }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: d.title }).waitFor();
  await shot(page, 'portal-demand');
  await page.goto(`${env.url}/map?city=510100`);
  await page.locator('[aria-label="区（市）县成果数量表"]').waitFor();
  await page.goto(`${env.url}/no/such/page`);
  await page.getByText('页面不存在').first().waitFor();
  await page.goto(`${env.url}/achievements/99999999`);
  await page.getByText('成果不存在或尚未公开').waitFor();
  await closePage(page);
});

test('resource map: cities of Sichuan with counts, a table and a legend; drill into 成都 and back; other kinds', async () => {
  const page = await newPage(env);
  await page.goto(`${env.url}/map`);
  const table = page.locator('[aria-label="市（州）成果数量表"]');
  await table.waitFor();
  const cities = (await api(env.url, 'GET', '/api/v1/stats/map?level=city&kind=achievement&parent=51')).json;
  const cd = cities.items.find((x) => x.code === '510100');
  await table.getByText('成都市').waitFor();
  assert.match(await table.innerText(), new RegExp(cd.count.toLocaleString('zh-CN')));
  await page.getByText(`合计 ${cities.total.toLocaleString('zh-CN')}`).waitFor();
  await page.locator('canvas').first().waitFor();
  await shot(page, 'portal-map');
  // drill down from the table (the same as clicking the city on the map)
  await table.getByRole('button', { name: '成都市' }).click();
  await page.waitForURL(/city=510100/);
  const dt = page.locator('[aria-label="区（市）县成果数量表"]');
  const districts = (await api(env.url, 'GET', '/api/v1/stats/map?level=district&kind=achievement&parent=5101')).json;
  const wh = districts.items.find((x) => x.code === '510107');
  await dt.getByText('武侯区').waitFor();
  assert.match(await dt.innerText(), new RegExp(`武侯区\\s+${wh.count.toLocaleString('zh-CN')}`));
  await shot(page, 'portal-map-chengdu');
  await page.getByRole('button', { name: '四川省' }).click();
  await page.waitForURL((u) => !u.search.includes('city='));
  await page.getByRole('radio', { name: '机构' }).check({ force: true });
  await page.locator('[aria-label="市（州）机构数量表"]').waitFor();
  const orgs = (await api(env.url, 'GET', '/api/v1/stats/map?level=city&kind=org&parent=51')).json;
  await page.getByText(`合计 ${orgs.total.toLocaleString('zh-CN')}`).waitFor();
  await closePage(page);
});

test('390 px wide: the home page, search and a detail page fit without horizontal scrolling', async () => {
  const page = await newPage(env, { width: 390, height: 844 });
  await page.goto(`${env.url}/`);
  await page.getByLabel('平台统计').waitFor();
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(await overflow() <= 1, `home scrolls sideways by ${await overflow()} px`);
  await shot(page, 'portal-home-390');
  const a = (await api(env.url, 'GET', '/api/v1/achievements?status=published&limit=1')).json.items[0];
  await page.goto(`${env.url}/achievements/${a.id}`);
  await page.getByRole('heading', { name: a.title }).waitFor();
  assert.ok(await overflow() <= 1, `detail scrolls sideways by ${await overflow()} px`);
  await shot(page, 'portal-achievement-390');
  await page.goto(`${env.url}/map`);
  await page.locator('canvas').first().waitFor();
  assert.ok(await overflow() <= 1, `map scrolls sideways by ${await overflow()} px`);
  await closePage(page);
});

test('keyboard: a skip link first, then the navigation; the search box takes Enter', async () => {
  const page = await newPage(env);
  await page.goto(`${env.url}/`);
  await page.getByRole('heading', { name: '科技大市场', exact: true }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), '跳到主要内容');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), '科转首页');
  // reach the search box by Tab only
  let found = false;
  for (let i = 0; i < 20 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') === '搜索成果与需求');
  }
  assert.ok(found, 'the search box is not reachable with Tab');
  await page.keyboard.type('储能');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?q=/);
  await page.locator('article').first().waitFor();
  await closePage(page);
});
