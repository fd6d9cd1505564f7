// Issue 12 items 4 and 5, on raw sockets: a request whose framing cannot be trusted
// (Content-Length with Transfer-Encoding, two Content-Lengths, an unknown Transfer-Encoding, a
// bad chunk, HTTP/1.1 without Host, a malformed request line or target) is answered 400 and its
// connection closed, so the bytes after it are never read as a request (no smuggling); slow
// clients are cut at the head/body deadline while others are served; one address may hold
// only so many connections (trusted proxies exempt).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, api } from './lib.mjs';

const HEADER_TIMEOUT_S = 2;
const CAP = 6;
let s;

before(async () => {
  s = await startServer({
    demo: false,
    env: { KEZHUAN_HEADER_TIMEOUT: String(HEADER_TIMEOUT_S), KEZHUAN_MAX_CONNS_PER_IP: String(CAP), KEZHUAN_TIMEOUT: '3' },
  });
});
after(async () => { await s?.stop(); s?.cleanup(); });

/** Sends bytes on a new connection and collects what comes back until the server closes it
 * (or `waitMs` passes). Returns {text, statuses, closed, ms}. */
function exchange(bytes, { waitMs = 3000, port = s.port } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const got = [];
    let closed = false;
    const sock = net.connect({ host: '127.0.0.1', port }, () => sock.write(bytes));
    sock.on('data', (d) => got.push(d));
    sock.on('error', () => {});
    const done = () => {
      const text = Buffer.concat(got).toString('latin1');
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
      resolve({ text, statuses, closed, ms: Date.now() - t0, body: Buffer.concat(got).toString('utf8') });
    };
    const timer = setTimeout(() => { sock.destroy(); done(); }, waitMs);
    sock.on('close', () => { closed = true; clearTimeout(timer); done(); });
  });
}

const SMUGGLED = 'GET /api/v1/vocab HTTP/1.1\r\nHost: x\r\n\r\n';

function assertRefusedAndClosed(r, what, code = 'bad_request') {
  assert.deepEqual(r.statuses, [400], `${what}: exactly one answer, a 400 (got ${JSON.stringify(r.text.slice(0, 200))})`);
  assert.ok(r.closed, `${what}: the server closed the connection`);
  assert.ok(r.ms < 2000, `${what}: closed at once (${r.ms} ms), not at a timeout`);
  if (code) {
    assert.match(r.text, /\r\nConnection: close\r\n/i, `${what}: Connection: close`);
    const json = JSON.parse(r.body.slice(r.body.indexOf('\r\n\r\n') + 4));
    assert.equal(json.error.code, code, what);
    assert.ok(json.error.message, `${what}: a message`);
  }
}

describe('framing errors: 400 and the connection closed (nothing after them is parsed)', () => {
  const CASES = {
    'Content-Length with Transfer-Encoding: chunked':
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'two Content-Length headers':
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}',
    'two differing Content-Length headers':
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}',
    'Transfer-Encoding other than chunked':
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
    'HTTP/1.1 without Host': 'GET /api/v1/vocab HTTP/1.1\r\n\r\n',
    'two Host headers': 'GET /api/v1/vocab HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n',
    'a target that is not a path': 'GET api/v1/vocab HTTP/1.1\r\nHost: x\r\n\r\n',
    'spaces inside the method': 'G E T / HTTP/1.1\r\nHost: x\r\n\r\n',
    'a request line without spaces': 'GARBAGE\r\n\r\n',
    'a method alone': 'GET\r\n\r\n',
    'a method with a control character': 'GE\x01T / HTTP/1.1\r\nHost: x\r\n\r\n',
    'binary bytes (a TLS ClientHello on the HTTP port)': '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03',
  };
  for (const [name, head] of Object.entries(CASES)) {
    test(name, async () => {
      const r = await exchange(head + SMUGGLED);
      assertRefusedAndClosed(r, name);
    });
  }

  test('a bad chunk size: 400 (from the HTTP library) and closed, the rest unread', async () => {
    const r = await exchange('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n' + SMUGGLED);
    assertRefusedAndClosed(r, 'bad chunk', null);
  });

  test('a sound request on the same kind of connection is answered and kept alive', async () => {
    const r = await exchange(SMUGGLED + SMUGGLED, { waitMs: 1000 });
    assert.deepEqual(r.statuses, [200, 200], r.text.slice(0, 300));
    assert.equal(r.closed, false, 'a keep-alive connection stays open');
  });
});

describe('slow clients', () => {
  test(`a head trickled byte by byte is cut at the deadline (${HEADER_TIMEOUT_S} s) with 408, while others are served`, async () => {
    const slow = [];
    for (let i = 0; i < 4; i++) {
      slow.push(new Promise((resolve) => {
        const t0 = Date.now();
        const got = [];
        const sock = net.connect({ host: '127.0.0.1', port: s.port }, () => sock.write('GET /api/v1/vocab HTTP/1.1\r\n'));
        const drip = setInterval(() => { if (!sock.destroyed) sock.write('X'); }, 300); // never finishes a header line
        sock.on('data', (d) => got.push(d));
        sock.on('error', () => {});
        sock.on('close', () => { clearInterval(drip); resolve({ ms: Date.now() - t0, text: Buffer.concat(got).toString('utf8') }); });
        setTimeout(() => sock.destroy(), 10000);
      }));
    }
    // meanwhile the server answers normal requests promptly
    for (let i = 0; i < 5; i++) {
      const r = await api(s.url, 'GET', '/api/v1/vocab');
      assert.equal(r.status, 200);
      await new Promise((res) => setTimeout(res, 200));
    }
    for (const r of await Promise.all(slow)) {
      assert.ok(r.ms >= HEADER_TIMEOUT_S * 1000 - 100 && r.ms < HEADER_TIMEOUT_S * 1000 + 1500, `closed after ${r.ms} ms`);
      assert.match(r.text, /^HTTP\/1\.1 408 /, 'told why');
      assert.match(r.text, /"request_timeout"/);
    }
  });

  test('a body trickled slower than 1 KiB/s after the grace period is cut too', async () => {
    const r = await new Promise((resolve) => {
      const t0 = Date.now();
      const got = [];
      const sock = net.connect({ host: '127.0.0.1', port: s.port }, () => sock.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":'));
      const drip = setInterval(() => { if (!sock.destroyed) sock.write(' '); }, 200);
      sock.on('data', (d) => got.push(d));
      sock.on('error', () => {});
      sock.on('close', () => { clearInterval(drip); resolve({ ms: Date.now() - t0, text: Buffer.concat(got).toString('utf8') }); });
      setTimeout(() => sock.destroy(), 10000);
    });
    assert.ok(r.ms >= HEADER_TIMEOUT_S * 1000 - 100 && r.ms < HEADER_TIMEOUT_S * 1000 + 1500, `closed after ${r.ms} ms`);
    assert.match(r.text, /^HTTP\/1\.1 408 /);
  });

  test('the counters of /metrics show the cut connections', async () => {
    const r = await api(s.url, 'GET', '/metrics');
    assert.equal(r.status, 200);
    const n = Number(/kezhuan_http_slow_closed_total (\d+)/.exec(r.text)?.[1]);
    assert.ok(n >= 5, `slow_closed_total ${n}`);
  });
});

describe('connections per address', () => {
  function openIdle(port) {
    return new Promise((resolve) => {
      const sock = net.connect({ host: '127.0.0.1', port }, () => resolve(sock));
      sock.on('error', () => {});
    });
  }
  async function served(port) {
    const r = await exchange(SMUGGLED, { waitMs: 800, port });
    return r.statuses[0] === 200;
  }

  test(`at most ${CAP} open connections from one address; the next is refused, one freed is reusable`, async () => {
    // the keep-alive connections fetch() left open earlier end at the idle deadline (3 s)
    await new Promise((res) => setTimeout(res, 3500));
    const held = [];
    for (let i = 0; i < CAP; i++) held.push(await openIdle(s.port));
    await new Promise((res) => setTimeout(res, 100));
    assert.equal(await served(s.port), false, 'refused over the cap');
    held.pop().destroy();
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(await served(s.port), true, 'served again once one is closed');
    for (const h of held) h.destroy();
    const m = await api(s.url, 'GET', '/metrics');
    assert.ok(Number(/kezhuan_http_refused_total (\d+)/.exec(m.text)?.[1]) >= 1);
  });

  test('a trusted proxy is exempt from the cap', async () => {
    const p = await startServer({
      demo: false,
      env: { KEZHUAN_MAX_CONNS_PER_IP: String(CAP), KEZHUAN_TRUSTED_PROXIES: '127.0.0.1' },
    });
    try {
      const held = [];
      for (let i = 0; i < CAP + 3; i++) held.push(await openIdle(p.port));
      assert.equal(await served(p.port), true, 'the proxy may open more');
      for (const h of held) h.destroy();
    } finally {
      await p.stop();
      p.cleanup();
    }
  });
});
