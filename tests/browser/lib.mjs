// Browser test harness: the real kezhuan binary with demo data (tests/api/lib.mjs startServer)
// serving the built web/dist, and Debian's Chromium driven by playwright-core. Every page a test
// opens is watched: a console error, an uncaught page error, a failed request or an unexpected
// HTTP error status fails the test (checkPage). Screenshots go to test-output/screenshots/.
import { createRequire } from 'node:module';
import { mkdirSync, existsSync } from 'node:fs';
import { resolve, join, dirname } from 'node:path';
import assert from 'node:assert/strict';
import { startServer, api, login, DEMO_PASSWORD } from '../api/lib.mjs';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(ROOT, 'web/package.json'));
const { chromium } = require('playwright-core');

export const WEB_DIST = process.env.KEZHUAN_WEB_DIST || join(ROOT, 'web/dist');
export const SHOTS = join(ROOT, 'test-output/screenshots');
// the launch flags of DEVELOPERS.md; playwright gives every launch a fresh --user-data-dir
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export { api, login, DEMO_PASSWORD };

/** The server (demo data, serving web/dist) and a browser. */
export async function setup() {
  assert.ok(existsSync(join(WEB_DIST, 'index.html')), `no built UI in ${WEB_DIST}: run make web`);
  mkdirSync(SHOTS, { recursive: true });
  const server = await startServer({ args: ['--web-root', WEB_DIST] });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  return {
    server, browser, url: server.url,
    async teardown() { await browser.close().catch(() => {}); await server.stop(); server.cleanup(); },
  };
}

/**
 * A new context (own cookies) and page, watched for problems. allow: API statuses that the test
 * expects (e.g. [422]); any other HTTP status ≥ 400 is a problem.
 */
export async function newPage(env, { width = 1280, height = 860, allow = [] } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.kz = { problems, allow: new Set(allow), context };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium repeats every HTTP error status as a console line; those are judged below by status
    if (/^Failed to load resource: the server responded with a status of \d+/.test(m.text())) return;
    problems.push(`console error: ${m.text()} (${m.location()?.url || ''})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    const f = r.failure()?.errorText || '';
    if (f.includes('ERR_ABORTED')) return; // cancelled on purpose (a newer search superseded it)
    problems.push(`request failed: ${r.method()} ${r.url()} ${f}`);
  });
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/') && page.kz.allow.has(r.status())) return;
    problems.push(`HTTP ${r.status()}: ${r.request().method()} ${u.pathname}${u.search}`);
  });
  return page;
}

/** Fails when the page logged a console error, threw, or got an unexpected error status. */
export function checkPage(page) {
  assert.deepEqual(page.kz.problems, [], `problems on ${page.url()}:\n${page.kz.problems.join('\n')}`);
}

export async function closePage(page) {
  checkPage(page);
  await page.kz.context.close();
}

/** Signs in through the login page and waits for the workbench. */
export async function signIn(page, base, username, password = DEMO_PASSWORD) {
  await page.goto(`${base}/login`);
  await page.getByLabel('账号').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/workbench/);
  await page.locator('.wb-main').waitFor();
}

/** A full-page screenshot test-output/screenshots/NAME.png, once the page has settled. */
export async function shot(page, name) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Picks `label` in an Element Plus select identified by its form-item label or aria-label. */
export async function pick(page, trigger, label) {
  for (let attempt = 1; ; attempt++) {
    await trigger.click();
    const opt = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).first();
    await opt.click();
    await opt.waitFor({ state: 'hidden' }).catch(() => {});
    // the select shows the choice; under load a click can land while another dropdown is still
    // closing and be lost — then choose again (a person would too)
    if (attempt >= 3 || (await trigger.innerText()).includes(label)) return;
  }
}

/** Walks an Element Plus cascader: opens it and clicks each level's label in turn. */
export async function cascade(page, trigger, labels) {
  await trigger.click();
  for (const [i, l] of labels.entries()) {
    const panel = page.locator('.el-cascader__dropdown:visible .el-cascader-menu').nth(i);
    const node = panel.locator('.el-cascader-node', { hasText: l }).first();
    if (i === labels.length - 1) {
      // checkStrictly: pick this node itself (its radio), not only open it
      const radio = node.locator('.el-radio');
      if (await radio.count()) await radio.click(); else await node.click();
    } else {
      await node.click();
    }
  }
  await page.keyboard.press('Escape');
}

/** The form item (Element Plus) whose label is `label`. */
export function field(root, label) {
  const page = typeof root.page === 'function' ? root.page() : root;
  return root.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: new RegExp(`^${label}$`) }) }).first();
}

/** Waits for an Element Plus message toast with this text. */
export async function toast(page, text) {
  try {
    await page.locator('.el-message', { hasText: text }).first().waitFor();
  } catch (e) {
    // say what the page showed instead (another message, an alert box)
    const shown = await page.locator('.el-message, .el-message-box, .el-form-item__error').allInnerTexts().catch(() => []);
    throw new Error(`no message “${text}”; the page shows: ${JSON.stringify(shown)}; problems: ${page.kz.problems.join('; ')}`);
  }
}
