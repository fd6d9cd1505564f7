// 政策兑现 in the portal: the policies in force listed as rules; a researcher of 四川大学 opens 成都's
// purchase subsidy and tries it on one of the university's registered contracts (政策试算): the
// verdict, the amount and a line per condition and step, as the API computes them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, closePage, shot, signIn, api, login } from './lib.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.teardown(); });
const TITLE = '成都市企业购买高校院所科技成果补助';

test('policies: the list of rules, a policy\'s page and 政策试算 on a contract of one\'s own', async () => {
  const me = await login(env.url, 'researcher');
  const contract = (await api(env.url, 'GET', `/api/v1/contracts?org=${me.user.org_id}&status=registered&limit=1`, { token: me.token })).json.items[0];
  assert.ok(contract, 'a registered contract of 四川大学 in the demo');
  const policy = (await api(env.url, 'GET', `/api/v1/policies?q=${encodeURIComponent(TITLE)}`)).json.items[0];
  const want = (await api(env.url, 'POST', `/api/v1/policies/${policy.id}/evaluate`, { token: me.token, body: { subject_id: contract.id } })).json;

  const page = await newPage(env, { allow: [404] }); // (the record one may not read, below)
  await signIn(page, env.url, 'researcher');
  await page.getByRole('link', { name: '政策兑现' }).click();
  await page.getByRole('heading', { name: '政策兑现', exact: true }).waitFor();
  await page.getByLabel('政策列表').getByRole('link', { name: TITLE }).click();
  await page.waitForURL(new RegExp(`/policies/${policy.id}$`));
  await page.getByRole('heading', { name: '兑现条件' }).waitFor(); // the rule's conditions, as a table
  await page.getByLabel('记录编号').fill(String(contract.id));
  await page.getByRole('button', { name: '试算' }).click();
  await page.getByText(want.eligible ? '符合条件，可兑现' : '不符合条件').waitFor();
  for (const l of want.explanation) await page.getByText(l.text, { exact: false }).first().waitFor();
  await shot(page, 'portal-policy-evaluate');
  // a record one may not read
  await page.getByLabel('记录编号').fill('987654321');
  await page.getByRole('button', { name: '试算' }).click();
  await page.getByText('找不到该记录，或您无权查看').waitFor();
  await closePage(page);
});
