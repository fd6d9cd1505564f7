// The README's table of demo accounts is what `kezhuan demo` creates: the same usernames, the
// role codes named in each row, and the organization.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { startServer, api, login } from './lib.mjs';
import { fileURLToPath } from 'node:url';

let s;
after(async () => { await s?.stop(); s?.cleanup(); });

test('README demo-account table = the accounts kezhuan demo creates (username, roles, org)', async () => {
  const readme = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');
  const zh = readme.slice(readme.indexOf('| 账号 | 角色 | 所属机构 |'));
  const rows = [];
  for (const line of zh.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const [, user, role, org] = line.split('|').map((c) => c.trim());
    rows.push({ username: user.replace(/`/g, ''), role, org });
  }
  s = await startServer();
  const admin = (await login(s.url, 'admin')).token;
  const users = (await api(s.url, 'GET', '/api/v1/users?limit=100', { token: admin })).json.items;
  assert.deepEqual(rows.map((r) => r.username).sort(), users.map((u) => u.username).sort(), 'README lists other accounts than demo creates');
  for (const r of rows) {
    const u = users.find((x) => x.username === r.username);
    for (const code of u.roles) {
      const named = r.role.includes(code) || (code === 'enterprise' && r.role.includes('企业用户')) || (code === 'org_admin' && r.role.includes('机构管理员'));
      assert.ok(named, `${r.username}: role ${code} not in the README row "${r.role}"`);
    }
    const org = u.org_id ? (await api(s.url, 'GET', `/api/v1/orgs/${u.org_id}`)).json.name : '—';
    assert.equal(r.org, org, `${r.username}: org`);
  }
});

test('make run takes PORT= and HOST= (the serve command it runs carries them)', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync('make', ['-n', 'run', 'PORT=9123', 'HOST=0.0.0.0'], { cwd: resolve(dirname(fileURLToPath(import.meta.url)), '../..'), encoding: 'utf8' });
  const serve = r.stdout.split('\n').find((l) => l.includes('kezhuan serve'));
  assert.ok(serve, r.stdout + r.stderr);
  assert.match(serve, /--host 0\.0\.0\.0/);
  assert.match(serve, /--port 9123/);
});
