// The web UI file server (src/http/h_static.c) against the running binary with a web root made
// here: content types, gzip variants, caching headers and 304, the history-mode fallback, the
// Content-Security-Policy, traversal and symlinks refused, and /api/ 404s that stay JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startServer, kz, tempDb } from './lib.mjs';

let s, root;
const INDEX = '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-Ab12Cd.js"></script></head><body><div id="app"></div></body></html>';
const APP_JS = 'console.log("科转");\n'.repeat(50);

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kezhuan-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets/index-Ab12Cd.js'), APP_JS);
  writeFileSync(join(root, 'assets/index-Ab12Cd.js.gz'), gzipSync(APP_JS));
  writeFileSync(join(root, 'assets/style-Zz99.css'), 'body{margin:0}');
  writeFileSync(join(root, 'assets/logo-1.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'assets/font-2.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(root, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
  writeFileSync(join(root, '.secret'), 'hidden');
  mkdirSync(join(root, 'docs'));
  const outside = mkdtempSync(join(tmpdir(), 'kezhuan-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'outside the web root');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
  s = await startServer({ demo: false, args: ['--web-root', root] });
});
after(async () => { await s?.stop(); s?.cleanup(); rmSync(root, { recursive: true, force: true }); });

/** A raw GET (fetch would decompress and hide Content-Encoding); path sent as is. */
function get(path, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function assertUiHeaders(r) {
  const csp = r.headers['content-security-policy'];
  assert.ok(csp, 'no CSP');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/, `script-src must be 'self' only: ${csp}`);
  assert.ok(!/script-src[^;]*unsafe-inline/.test(csp), 'inline scripts allowed');
  assert.ok(!/unsafe-eval/.test(csp), 'eval allowed');
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /object-src 'none'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
}

test('index.html: text/html, no-cache, ETag, CSP; served for / and for app routes (history mode)', async () => {
  for (const p of ['/', '/index.html', '/achievements/12', '/workbench/review', '/map/510100', '/login']) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8', p);
    assert.equal(r.headers['cache-control'], 'no-cache', p);
    assert.match(r.headers.etag, /^"[0-9a-f]+-[0-9a-f]+"$/, p);
    assert.equal(r.body.toString(), INDEX, p);
    assertUiHeaders(r);
  }
});

test('hashed assets: content types and a year of immutable caching', async () => {
  const want = {
    '/assets/index-Ab12Cd.js': 'text/javascript; charset=utf-8',
    '/assets/style-Zz99.css': 'text/css; charset=utf-8',
    '/assets/logo-1.svg': 'image/svg+xml',
    '/assets/font-2.woff2': 'font/woff2',
  };
  for (const [p, type] of Object.entries(want)) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.equal(r.headers['content-type'], type, p);
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', p);
    assertUiHeaders(r);
  }
  const f = await get('/favicon.ico');
  assert.equal(f.status, 200);
  assert.equal(f.headers['content-type'], 'image/x-icon');
  assert.equal(f.headers['cache-control'], 'no-cache', 'unhashed files are revalidated');
});

test('gzip: the .gz variant when accepted (with its own ETag), the plain file otherwise', async () => {
  const gz = await get('/assets/index-Ab12Cd.js', { 'accept-encoding': 'br, gzip;q=0.8' });
  assert.equal(gz.status, 200);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.vary, 'Accept-Encoding');
  assert.equal(gz.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(gunzipSync(gz.body).toString(), APP_JS);
  assert.ok(gz.body.length < Buffer.byteLength(APP_JS));
  for (const ae of [undefined, 'identity', 'gzip;q=0', 'br']) {
    const r = await get('/assets/index-Ab12Cd.js', ae ? { 'accept-encoding': ae } : {});
    assert.equal(r.headers['content-encoding'], undefined, `Accept-Encoding ${ae}`);
    assert.equal(r.headers.vary, 'Accept-Encoding');
    assert.equal(r.body.toString(), APP_JS, `Accept-Encoding ${ae}`);
    assert.notEqual(r.headers.etag, gz.headers.etag, 'the variants share an ETag');
  }
  // no .gz beside the file: the plain one even when gzip is accepted
  const css = await get('/assets/style-Zz99.css', { 'accept-encoding': 'gzip' });
  assert.equal(css.headers['content-encoding'], undefined);
  assert.equal(css.body.toString(), 'body{margin:0}');
  // the .gz file itself is not an app route
  const direct = await get('/assets/index-Ab12Cd.js.gz');
  assert.equal(direct.headers['content-encoding'], undefined);
});

test('If-None-Match answers 304 with the same validators; a stale tag gets the file', async () => {
  for (const [p, ae] of [['/', undefined], ['/assets/index-Ab12Cd.js', 'gzip'], ['/assets/index-Ab12Cd.js', undefined]]) {
    const h = ae ? { 'accept-encoding': ae } : {};
    const first = await get(p, h);
    const again = await get(p, { ...h, 'if-none-match': first.headers.etag });
    assert.equal(again.status, 304, p);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, first.headers.etag);
    assert.equal(again.headers['cache-control'], first.headers['cache-control']);
    const list = await get(p, { ...h, 'if-none-match': `"nope", W/${first.headers.etag}` });
    assert.equal(list.status, 304, `${p}: a list with a weak form of the tag`);
    const stale = await get(p, { ...h, 'if-none-match': '"0-0"' });
    assert.equal(stale.status, 200, p);
  }
});

test('HEAD answers the headers of GET without a body', async () => {
  const r = await get('/assets/style-Zz99.css', {}, 'HEAD');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/css; charset=utf-8');
  assert.equal(r.headers['content-length'], '14');
  assert.equal(r.body.length, 0);
});

test('traversal, hidden files, symlinks out of the root and odd paths are refused', async () => {
  for (const p of ['/../../etc/passwd', '/assets/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%2e%2e/index.html',
    '/.secret', '/assets/.%2e/.secret', '//etc/passwd', '/link.txt', '/%5c..%5cetc']) {
    const r = await get(p);
    const text = r.body.toString();
    // refused, or (a path with no file-like last segment) the app's page
    assert.ok(r.status === 404 || r.status === 400 || (r.status === 200 && text === INDEX), `${p} → ${r.status} ${text.slice(0, 80)}`);
    assert.ok(!text.includes('root:') && !text.includes('outside the web root') && !text.includes('hidden'), `${p} leaked: ${text}`);
    if (r.status === 404) assert.match(r.headers['content-type'], /^application\/json/, p);
  }
});

test('missing files: 404 for /assets/ and names with an extension; /api/ 404s stay JSON', async () => {
  for (const p of ['/assets/gone-123.js', '/robots.txt', '/img/x.png']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.equal(JSON.parse(r.body).error.code, 'not_found', p);
  }
  for (const p of ['/api/v1/nothing', '/api/v1/achievements/abc', '/api/', '/api']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.match(r.headers['content-type'], /^application\/json/, p);
    assert.equal(JSON.parse(r.body).error.code, 'not_found', p);
    assert.equal(r.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'", `${p}: API CSP`);
  }
  // writes to app routes are not pages
  const post = await fetch(`${s.url}/achievements/12`, { method: 'POST' });
  assert.equal(post.status, 404);
  assert.equal((await post.json()).error.code, 'not_found');
  // the API still answers
  const h = await get('/healthz');
  assert.equal(h.status, 200);
});

test('an explicit --web-root that does not exist stops the server with a clear message', () => {
  const t = tempDb();
  try {
    assert.equal(kz(['migrate'], { db: t.db }).status, 0);
    const r = kz(['serve', '--port', '0', '--web-root', join(t.dir, 'no-such-dir')], { db: t.db });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Web 界面目录不存在/);
  } finally { t.cleanup(); }
});

test('without a built UI the server still serves the API and says how to build the UI', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'kezhuan-noui-'));
  const t = await startServer({ demo: false, env: { KEZHUAN_WEB_ROOT: join(empty) } });
  try {
    const r = await fetch(`${t.url}/some/page`);
    assert.equal(r.status, 404);
    const j = await r.json();
    assert.match(j.error.message, /index\.html/);
    assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
  } finally { await t.stop(); t.cleanup(); rmSync(empty, { recursive: true, force: true }); }
});

test('/metrics counts the UI files under their own route label "static", not as unmatched', async () => {
  const count = async (route) => {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    const re = new RegExp(`^kezhuan_http_requests_total\\{method="(GET)?",route="${route}",status="(\\d+)"\\} (\\d+)$`, 'gm');
    return [...text.matchAll(re)].reduce((n, m) => n + Number(m[3]), 0);
  };
  // a request is counted when its answer completes, which another worker's /metrics may precede: poll
  const settle = async (route, want) => {
    for (let i = 0; i < 200; i++) {
      const n = await count(route);
      if (n >= want) return n;
      await new Promise((r) => setTimeout(r, 10));
    }
    return count(route);
  };
  const static0 = await count('static'), unmatched0 = await count('unmatched');
  for (const p of ['/', '/assets/index-Ab12Cd.js', '/achievements/12']) assert.equal((await get(p)).status, 200);
  assert.equal(await settle('static', static0 + 3) - static0, 3);
  assert.equal(await count('unmatched') - unmatched0, 0);
  assert.equal((await fetch(`${s.url}/api/v1/nothing-here`)).status, 404);
  assert.equal(await settle('unmatched', unmatched0 + 1) - unmatched0, 1, 'an /api/ miss is still unmatched');
});
