// Nodes of two versions during a rollout: when a newer binary has migrated the database and its
// migrations declare that binaries of this schema still work (schema_compat), this binary keeps
// serving (/readyz 200, commands run); when they do not, it leaves the balancer's rotation
// (/readyz 503) and refuses to start, saying why. Both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, kz, sql } from './lib.mjs';

let s, latest;

before(async () => {
  s = await startServer({ demo: false });
  latest = Number(sql(s.dbPath, 'SELECT max(version) FROM schema_migrations'));
  assert.ok(latest >= 4);
  // migration 004's statistics and 009's parties are kept by every write: a binary that does not
  // keep them may not serve it
  assert.equal(Number(sql(s.dbPath, 'SELECT oldest FROM schema_compat WHERE id = 1')), 9, 'migration 009 serves binaries of schema 9 on');
});

after(async () => {
  await s?.stop();
  s?.cleanup();
});

test('a newer schema that still serves this binary: ready, and commands run', async () => {
  const next = latest + 1;
  sql(s.dbPath, `INSERT INTO schema_migrations (version, applied_at) VALUES (${next}, '2030-01-01T00:00:00Z')`);
  sql(s.dbPath, `UPDATE schema_compat SET oldest = ${latest}`);
  const r = await api(s.url, 'GET', '/readyz');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.schema, next);
  const v = kz(['audit', 'verify'], { db: s.db });
  assert.equal(v.status, 0, v.stderr);
});

test('a newer schema that no longer serves this binary: not ready, and commands refuse', async () => {
  sql(s.dbPath, `UPDATE schema_compat SET oldest = ${latest + 1}`);
  const r = await api(s.url, 'GET', '/readyz');
  assert.equal(r.status, 503, r.text);
  assert.equal((await api(s.url, 'GET', '/healthz')).status, 200);
  const v = kz(['audit', 'verify'], { db: s.db });
  assert.equal(v.status, 1);
  assert.match(v.stderr, /比本程序（\d+）新/);
  assert.match(v.stderr, /newer than this binary/);
  // and migrate leaves a newer database alone
  const m = kz(['migrate'], { db: s.db });
  assert.equal(m.status, 0, m.stderr);
  assert.equal(Number(sql(s.dbPath, 'SELECT max(version) FROM schema_migrations')), latest + 1);
});
