// 科技大市场 in the web UI (issue 16 item 1): a listed listing (created and opened through the API)
// that 宜宾锂能 摘牌s on its page and 四川大学 accepts there — 已成交; and a live English auction
// (deposit registered and confirmed through the API) where the browser bids the prefilled least
// bid and sees it in the history, leading. Each step checked against the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, api, login, toast } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });

// China Standard Time "YYYY-MM-DDTHH:MM:SS", sec seconds from now
const cst = (sec) => new Date(Date.now() + 8 * 3600e3 + sec * 1000).toISOString().slice(0, 19);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const body = (over) => ({
  category: 'transaction', summary: '硅碳负极材料的制备工艺与中试数据，含两项授权发明专利，可整体转让。',
  region: '510107', industry: '3841', contact: '王老师 028-85412345', ...over,
});
/** A listing of 四川大学 (the researcher's), submitted and approved by the reviewer. */
async function openListing(seller, reviewer, over) {
  const c = await api(env.url, 'POST', '/api/v1/listings', { token: seller, body: body(over) });
  assert.equal(c.status, 201, c.text);
  for (const [token, action] of [[seller, 'submit'], [reviewer, 'approve']]) {
    const r = await api(env.url, 'POST', `/api/v1/listings/${c.json.id}/transitions`, { token, body: { action } });
    assert.equal(r.status, 200, r.text);
  }
  return c.json.id;
}

test('科技大市场: 摘牌 at the listed price accepted by the seller; a live auction: bid the least next bid, 领先', async () => {
  const seller = (await login(env.url, 'researcher')).token;
  const reviewer = (await login(env.url, 'reviewer')).token;
  const yb = await login(env.url, 'enterprise_yb');
  const admin = (await login(env.url, 'admin')).token;

  // 挂牌交易: the enterprise 摘牌s on the listing's page …
  const title = '硅碳负极材料制备技术转让（挂牌）';
  const lid = await openListing(seller, reviewer, { title, mode: 'listed', price_fen: 50000000 });
  const buyer = await newPage(env);
  await signIn(buyer, env.url, 'enterprise_yb');
  await buyer.goto(`${env.url}/market?cat=transaction&mode=listed`);
  await buyer.getByRole('link', { name: title }).click();
  await buyer.waitForURL(new RegExp(`/listings/${lid}$`));
  await buyer.getByRole('heading', { name: title }).waitFor();
  await buyer.getByText('50 万元').first().waitFor();
  await buyer.getByRole('button', { name: '摘牌', exact: true }).click();
  const dlg = buyer.getByRole('dialog', { name: '摘牌申请' });
  await dlg.getByLabel('说明').fill('拟受让用于动力电池负极产线，联系人吴经理。');
  await dlg.getByRole('button', { name: '提交摘牌申请' }).click();
  await toast(buyer, '已提交摘牌申请');
  await buyer.getByText('等待挂牌单位确认').first().waitFor();
  const bids = (await api(env.url, 'GET', `/api/v1/bids?listing_id=${lid}`, { token: yb.token })).json.items;
  assert.deepEqual(bids.map((b) => [b.status, b.amount_fen]), [['placed', 50000000]]);
  await shot(buyer, 'market-listed-requested');
  await closePage(buyer);

  // … and the university accepts it there: 已成交
  const lab = await newPage(env);
  await signIn(lab, env.url, 'researcher');
  await lab.goto(`${env.url}/listings/${lid}`);
  const row = lab.getByRole('region', { name: '摘牌' }).locator('tr', { hasText: '宜宾锂能' });
  await row.getByRole('button', { name: '接受' }).click();
  await lab.getByRole('dialog', { name: '接受摘牌' }).getByRole('button', { name: '接受' }).click();
  await toast(lab, '已摘牌成交');
  await lab.getByText('已成交').first().waitFor();
  const sold = (await api(env.url, 'GET', `/api/v1/listings/${lid}`, { token: admin })).json;
  assert.deepEqual([sold.status, sold.buyer_org_id, sold.sold_fen, sold.winning_bid_id], ['sold', yb.user.org_id, 50000000, bids[0].id]);
  await shot(lab, 'market-listed-sold');
  await closePage(lab);

  // 拍卖: started a minute ago, ends in five; the enterprise's deposit registered and confirmed
  const atitle = '固态电解质专利拍卖';
  const aid = await openListing(seller, reviewer, {
    title: atitle, category: 'ip', mode: 'auction', auction_kind: 'english', start_fen: 1000000, increment_fen: 100000,
    deposit_fen: 200000, reserve_fen: 3000000, starts_at: cst(-60), ends_at: cst(300), extend_s: 60,
  });
  const dep = await api(env.url, 'POST', `/api/v1/listings/${aid}/deposits`, { token: yb.token, body: { reference: 'TX-2026-000123' } });
  assert.equal(dep.status, 201, dep.text);
  const conf = await api(env.url, 'POST', `/api/v1/deposits/${dep.json.id}/transitions`, { token: seller, body: { action: 'confirm' } });
  assert.equal(conf.status, 200, conf.text);
  for (let i = 0; ; i++) { // the platform starts it within a second or two
    if ((await api(env.url, 'GET', `/api/v1/listings/${aid}`)).json.status === 'live') break;
    assert.ok(i < 40, 'the auction went live');
    await sleep(250);
  }
  const page = await newPage(env);
  await signIn(page, env.url, 'enterprise_yb');
  await page.goto(`${env.url}/listings/${aid}`);
  await page.getByRole('heading', { name: atitle }).waitFor();
  await page.getByText(`竞买号牌 ${dep.json.id}`).waitFor();
  await page.getByText('距结束').waitFor();
  const amount = page.getByLabel('出价（万元）');
  assert.equal(Number(await amount.inputValue()), 1, 'prefilled with the start price (the least first bid), in 万元');
  await page.getByRole('button', { name: '出价', exact: true }).click();
  await page.getByRole('dialog', { name: '确认出价' }).getByRole('button', { name: '确认出价' }).click();
  await toast(page, '已出价 1 万元');
  await page.getByRole('region', { name: '竞价' }).locator('tr', { hasText: String(dep.json.id) }).filter({ hasText: '1 万元' }).waitFor();
  await page.getByText('领先', { exact: true }).waitFor();
  // the next least bid is now the price plus the increment
  await page.waitForFunction(() => Number(document.querySelector('[aria-label="出价（万元）"]')?.value) === 1.1);
  const bd = (await api(env.url, 'GET', `/api/v1/listings/${aid}/bidding`, { token: yb.token })).json;
  assert.deepEqual([bd.status, bd.current_fen, bd.next_min_fen, bd.leading, bd.nbids], ['live', 1000000, 1100000, true, 1]);
  await shot(page, 'market-auction-leading');
  await closePage(page);
});

test('科技大市场: an auction sold at its end to the browser\'s bid; its drafted contract submitted by the seller and registered by the registrar', async () => {
  const seller = (await login(env.url, 'researcher')).token;
  const reviewer = (await login(env.url, 'reviewer')).token;
  const yb = await login(env.url, 'enterprise_yb');
  const title = '钠离子电池正极材料技术（拍卖）';
  const aid = await openListing(seller, reviewer, {
    title, category: 'transaction', mode: 'auction', auction_kind: 'english', start_fen: 2000000, increment_fen: 100000,
    deposit_fen: 200000, starts_at: cst(-60), ends_at: cst(25), extend_s: 0,
  });
  const dep = await api(env.url, 'POST', `/api/v1/listings/${aid}/deposits`, { token: yb.token, body: { reference: 'TX-2026-000456' } });
  assert.equal(dep.status, 201, dep.text);
  assert.equal((await api(env.url, 'POST', `/api/v1/deposits/${dep.json.id}/transitions`, { token: seller, body: { action: 'confirm' } })).status, 200);
  for (let i = 0; (await api(env.url, 'GET', `/api/v1/listings/${aid}`)).json.status !== 'live'; i++) {
    assert.ok(i < 40, 'the auction went live');
    await sleep(250);
  }
  // the enterprise bids the start price on the page, then watches the platform end it: sold to it
  const page = await newPage(env);
  await signIn(page, env.url, 'enterprise_yb');
  await page.goto(`${env.url}/listings/${aid}`);
  await page.getByRole('heading', { name: title }).waitFor();
  await page.getByRole('button', { name: '出价', exact: true }).click();
  await page.getByRole('dialog', { name: '确认出价' }).getByRole('button', { name: '确认出价' }).click();
  await toast(page, '已出价 2 万元');
  await page.getByText('已成交').first().waitFor({ timeout: 45000 }); // the page's poll shows the end without a reload
  const sold = (await api(env.url, 'GET', `/api/v1/listings/${aid}`, { token: seller })).json;
  assert.deepEqual([sold.status, sold.buyer_org_id, sold.sold_fen, typeof sold.contract_id], ['sold', yb.user.org_id, 2000000, 'number']);
  await shot(page, 'market-auction-sold');
  await closePage(page);

  // the seller finds the drafted contract in the workbench and submits it …
  const lab = await newPage(env);
  await signIn(lab, env.url, 'researcher');
  await lab.goto(`${env.url}/workbench/contracts/${sold.contract_id}`);
  await lab.getByText(title).first().waitFor();
  await lab.getByRole('button', { name: /^提交/ }).first().click();
  await toast(lab, '已提交登记');
  assert.equal((await api(env.url, 'GET', `/api/v1/contracts/${sold.contract_id}`, { token: seller })).json.status, 'submitted');
  await closePage(lab);
  // … and the registrar registers it; the winner's deposit is released with it
  const reg = await newPage(env);
  await signIn(reg, env.url, 'reviewer');
  await reg.goto(`${env.url}/workbench/contracts/${sold.contract_id}`);
  await reg.getByRole('button', { name: '登记', exact: true }).click();
  const dlg = reg.getByRole('dialog');
  await dlg.getByLabel('核定技术交易额（万元）').fill('2');
  await dlg.getByLabel('核定技术交易额（万元）').blur();
  await dlg.getByRole('button', { name: /确定|确认/ }).click();
  await toast(reg, '已登记');
  const ct = (await api(env.url, 'GET', `/api/v1/contracts/${sold.contract_id}`, { token: seller })).json;
  assert.deepEqual([ct.status, ct.listing_id, ct.amount_fen, ct.tech_income_fen], ['registered', aid, 2000000, 2000000]);
  const d = (await api(env.url, 'GET', `/api/v1/deposits/${dep.json.id}`, { token: yb.token })).json;
  assert.equal(d.status, 'released');
  await shot(reg, 'market-contract-registered');
  await closePage(reg);
});
