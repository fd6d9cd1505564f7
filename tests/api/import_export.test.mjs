// Issue 3 item 6 (import and export) and the import part of item 9: the export → import round
// trip in csv, jsonl and xlsx; GBK and BOM CSV; every import error path leaves the database
// unchanged and names row, column and reason; --dry-run and --skip-invalid; CLI and HTTP export.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, api, login, kz, sql, tempDb, DEMO_USERS, FUTURE_DATE,
  PG,
} from './lib.mjs';

// ---- helpers ----

/** Minimal RFC 4180 parser (quotes, "" escapes, newlines inside quotes; strips a UTF-8 BOM).
 * Returns an array of records (arrays of strings); a trailing empty line is dropped. */
function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out = [];
  let rec = [], field = '', q = false, i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (q) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        q = false; i++; continue;
      }
      field += ch; i++; continue;
    }
    if (ch === '"') { q = true; i++; continue; }
    if (ch === ',') { rec.push(field); field = ''; i++; continue; }
    if (ch === '\r' || ch === '\n') {
      rec.push(field); out.push(rec); rec = []; field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch; i++;
  }
  if (field !== '' || rec.length) { rec.push(field); out.push(rec); }
  return out;
}

/** CSV records → array of objects keyed by the header. */
function csvObjects(text) {
  const [head, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

function csvCell(v) {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
/** Objects → CSV text (CRLF); cols: the header. */
function toCsv(cols, rows) {
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}

function readJsonl(file) {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** A valid 统一社会信用代码 (GB 32100 check digit) with a 9-digit sequence number. */
function creditCode(n) {
  const A = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `915101007${String(n).padStart(8, '0')}`.slice(0, 17);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += A.indexOf(body[i]) * W[i];
  const c = 31 - (sum % 31);
  return body + A[c === 31 ? 0 : c];
}

const ACH_COLS = ['title', 'summary', 'detail', 'keywords', 'industry', 'tech_field', 'region', 'trl', 'ip', 'team',
  'transfer_modes', 'transaction_mode', 'price_fen', 'valid_until', 'competing', 'org_id', 'status'];
let seq = 0;
/** One achievement as flat CSV cells (lists "a;b", ip "type:number:status;…", team "name:share;…"). */
function achRow(orgId, over = {}) {
  const n = ++seq;
  return {
    title: `导入测试：页岩气压裂返排液处理技术 ${n}`,
    summary: '采用电絮凝与膜分离组合工艺处理压裂返排液，出水达到回注标准，吨水处理成本降低 30%。',
    detail: '保密：电极材料配方与膜组件运行参数。',
    keywords: '压裂返排液;电絮凝;膜分离',
    industry: '4620',
    tech_field: 'resources_environment',
    region: '511102',
    trl: '6',
    ip: `patent_invention:ZL2022108${String(n).padStart(5, '0')}.1:granted`,
    team: '陈教授:60;李工:30',
    transfer_modes: 'license;co_develop',
    transaction_mode: 'negotiated',
    price_fen: '150000000',
    valid_until: FUTURE_DATE,
    competing: '较传统蒸发工艺能耗降低一半。',
    org_id: String(orgId),
    status: 'published',
    ...over,
  };
}

const ORG_COLS = ['name', 'kind', 'credit_code', 'region', 'industry', 'tier', 'address', 'contact'];
function orgRow(over = {}) {
  const n = ++seq;
  return {
    name: `导入测试科技有限公司 ${n}`, kind: 'enterprise', credit_code: creditCode(500000 + n), region: '510107',
    industry: 'C', tier: 'none', address: '成都市武侯区', contact: '028-80000000', ...over,
  };
}

/** Counts that must not move when an import fails. */
function snapshot(path) {
  return {
    achievements: Number(sql(path, 'select count(*) from achievements')),
    demands: Number(sql(path, 'select count(*) from demands')),
    orgs: Number(sql(path, 'select count(*) from orgs')),
    revisions: Number(sql(path, 'select count(*) from revisions')),
    audit: Number(sql(path, 'select count(*) from audit')),
  };
}

const stripTimes = (r) => {
  const { created_at, updated_at, published_at, ...rest } = r; // eslint-disable-line no-unused-vars
  return rest;
};

// ---- fixtures ----

let srv;       // demo server (source of exports, HTTP export tests)
let src;       // {dir} where the source exports live
let tgt;       // a migrated database with the demo orgs imported: target of the error paths
let tgtOrg;    // an org id in tgt
const KINDS = ['orgs', 'achievements', 'demands'];
const FORMATS = ['csv', 'jsonl', 'xlsx'];

before(async () => {
  srv = await startServer();
  src = tempDb();
  for (const k of KINDS) {
    for (const f of FORMATS) {
      const r = kz(['export', k, '--format', f, '-o', join(src.dir, `${k}.${f}`)], { db: srv.db });
      assert.equal(r.status, 0, `export ${k} ${f}: ${r.stderr}`);
    }
  }
  tgt = tempDb();
  assert.equal(kz(['migrate'], { db: tgt.db }).status, 0);
  const r = kz(['import', 'orgs', join(src.dir, 'orgs.jsonl')], { db: tgt.db });
  assert.equal(r.status, 0, r.stderr);
  tgtOrg = Number(sql(tgt.path, 'select min(id) from orgs'));
});

after(async () => {
  await srv?.stop();
  srv?.cleanup();
  src?.cleanup();
  tgt?.cleanup();
});

/** Runs an import into tgt expecting failure; asserts exit 1 and the database unchanged. */
function importFails(kind, file, extra = []) {
  const beforeSnap = snapshot(tgt.path);
  const r = kz(['import', kind, file, ...extra], { db: tgt.db });
  assert.equal(r.status, 1, `expected exit 1, got ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.match(r.stderr, /导入失败/, r.stderr);
  assert.match(r.stderr, /未导入任何数据/, r.stderr);
  assert.deepEqual(snapshot(tgt.path), beforeSnap, `database changed by a failed import: ${r.stderr}`);
  return r;
}

function writeTmp(name, data) {
  const p = join(tgt.dir, name);
  writeFileSync(p, data);
  return p;
}

// ---- round trip ----

describe('round trip: export → import into a fresh database → export, without loss', () => {
  for (const fmt of FORMATS) {
    test(`${fmt}: orgs, achievements and demands`, () => {
      const t = tempDb();
      try {
        assert.equal(kz(['migrate'], { db: t.db }).status, 0);
        const sourceCounts = snapshot(srv.dbPath);
        for (const k of KINDS) {
          const r = kz(['import', k, join(src.dir, `${k}.${fmt}`)], { db: t.db });
          assert.equal(r.status, 0, `import ${k}.${fmt}: ${r.stderr}`);
          const n = sourceCounts[k];
          assert.match(r.stdout, new RegExp(`已导入 ${n} 行`), r.stdout);
        }
        for (const k of KINDS) {
          const out = join(t.dir, `re_${k}.jsonl`);
          const r = kz(['export', k, '--format', 'jsonl', '-o', out], { db: t.db });
          assert.equal(r.status, 0, r.stderr);
          const orig = readJsonl(join(src.dir, `${k}.jsonl`));
          const back = readJsonl(out);
          assert.equal(back.length, orig.length, `${k}: row count`);
          assert.ok(orig.length > 0);
          for (let i = 0; i < orig.length; i++) {
            const a = stripTimes(orig[i]), b = stripTimes(back[i]);
            assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort(), `${k} row ${i + 1}: fields`);
            for (const f of Object.keys(a)) {
              assert.deepEqual(b[f], a[f], `${k} id ${a.id}, field ${f} (${fmt})`);
            }
          }
        }
        // the timestamps a published record needs are there again
        assert.equal(Number(sql(t.path, "select count(*) from achievements where status='published' and published_at is null")), 0);

        const v = kz(['audit', 'verify'], { db: t.db });
        assert.equal(v.status, 0, `audit verify: ${v.stdout}${v.stderr}`);
        const imp = (entity) => Number(sql(t.path, `select count(*) from audit where action='import' and entity='${entity}'`));
        assert.equal(imp('achievement'), sourceCounts.achievements, 'one import audit row per achievement');
        assert.equal(imp('demand'), sourceCounts.demands, 'one import audit row per demand');
        assert.equal(Number(sql(t.path, "select count(distinct entity_id) from audit where action='import' and entity='achievement'")),
          sourceCounts.achievements);
        assert.equal(Number(sql(t.path, "select count(*) from audit where action='import' and actor not like 'cli:%'")), 0,
          'the audit row names the operator who imported');
      } finally {
        t.cleanup();
      }
    });
  }

  test('orgs imported by the CLI are audited as imports (one row per org)', () => {
    const t = tempDb();
    try {
      assert.equal(kz(['migrate'], { db: t.db }).status, 0);
      const r = kz(['import', 'orgs', join(src.dir, 'orgs.csv')], { db: t.db });
      assert.equal(r.status, 0, r.stderr);
      const n = Number(sql(t.path, 'select count(*) from orgs'));
      assert.ok(n > 0);
      assert.equal(Number(sql(t.path, "select count(*) from audit where entity='org'")), n);
      assert.equal(Number(sql(t.path, "select count(*) from audit where entity='org' and action='import'")), n,
        `org audit actions: ${sql(t.path, "select action, count(*) from audit where entity='org' group by 1")}`);
    } finally {
      t.cleanup();
    }
  });
});

// ---- encodings ----

describe('CSV encodings', () => {
  test('GBK (as Excel in China writes it) with Chinese text imports correctly', () => {
    const title = `川南页岩气田压裂返排液资源化利用技术（GBK）${process.pid}`;
    const row = achRow(tgtOrg, { title, keywords: '返排液；资源化、页岩气' });
    const utf8 = toCsv(ACH_COLS, [row]);
    const conv = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: Buffer.from(utf8, 'utf8') });
    assert.equal(conv.status, 0, String(conv.stderr));
    const gbk = conv.stdout;
    assert.notDeepEqual(gbk, Buffer.from(utf8, 'utf8'), 'iconv produced GBK bytes');
    const file = writeTmp('gbk.csv', gbk);
    const b0 = snapshot(tgt.path);
    const r = kz(['import', 'achievements', file], { db: tgt.db });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(snapshot(tgt.path).achievements, b0.achievements + 1);
    const got = JSON.parse(sql(tgt.path, `select data from achievements where title = '${title}'`));
    assert.equal(got.title, title);
    assert.equal(got.summary, row.summary);
    assert.deepEqual(got.keywords, ['返排液', '资源化', '页岩气']);
    assert.deepEqual(got.team, [{ name: '陈教授', share_pct: 60 }, { name: '李工', share_pct: 30 }]);
  });

  test('UTF-8 with BOM imports correctly (the BOM is not part of the first column name)', () => {
    const title = `带 BOM 的 UTF-8 文件导入 ${process.pid}`;
    const file = writeTmp('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(toCsv(ACH_COLS, [achRow(tgtOrg, { title })]))]));
    const r = kz(['import', 'achievements', file], { db: tgt.db });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql(tgt.path, `select count(*) from achievements where title = '${title}'`), '1');
    assert.equal(sql(tgt.path, `select status from achievements where title = '${title}'`), 'published');
  });
});

// ---- error paths: nothing imported, the database unchanged ----

describe('import error paths leave the database unchanged', () => {
  test('a bad region code in one row of many → exit 1, the row and column region named', () => {
    const rows = Array.from({ length: 12 }, () => achRow(tgtOrg));
    rows[6].region = '999999'; // file row 8 (header is row 1)
    const r = importFails('achievements', writeTmp('badregion.csv', toCsv(ACH_COLS, rows)));
    assert.match(r.stderr, /第 8 行，列 region：\S+/, r.stderr);
    assert.match(r.stderr, /行政区划/, r.stderr);
    assert.equal((r.stderr.match(/第 \d+ 行/g) || []).length, 1, `only the bad row is reported: ${r.stderr}`);
    assert.match(r.stderr, /有效 11 行，问题 1 行/);
  });

  test('bad encoding in an ASCII file (bytes neither UTF-8 nor GB18030) → exit 1, the row named', () => {
    const rows = Array.from({ length: 6 }, (_, i) => `Org ${i},enterprise,${creditCode(900 + i)},510100`);
    rows[3] = rows[3].replace('Org', '\u0000\u0000'); // file row 5
    const buf = Buffer.from(['name,kind,credit_code,region', ...rows].join('\r\n') + '\r\n', 'latin1');
    const at = buf.indexOf(0);
    buf[at] = 0x80; buf[at + 1] = 0xff;
    const r = importFails('orgs', writeTmp('badenc-ascii.csv', buf));
    assert.match(r.stderr, /第 5 行/, r.stderr);
    assert.match(r.stderr, /编码/, r.stderr);
  });

  test('bad encoding in a UTF-8 file with Chinese text → exit 1, the row with the bad bytes named', () => {
    const head = Buffer.from(toCsv(ACH_COLS, [achRow(tgtOrg)]));
    const bad = Buffer.from(toCsv(ACH_COLS, [achRow(tgtOrg, { title: 'XX坏编码XX' })]).split('\r\n')[1] + '\r\n');
    const i = bad.indexOf('XX');
    bad[i] = 0x80; bad[i + 1] = 0xff;
    const r = importFails('achievements', writeTmp('badenc.csv', Buffer.concat([head, bad])));
    assert.match(r.stderr, /第 3 行/, r.stderr);
    assert.match(r.stderr, /编码/, r.stderr);
  });

  test('a NUL byte → exit 1, the row named', () => {
    const text = toCsv(ACH_COLS, [achRow(tgtOrg), achRow(tgtOrg, { title: 'NUL\u0000在标题里' })]);
    const r = importFails('achievements', writeTmp('nul.csv', Buffer.from(text)));
    assert.match(r.stderr, /第 3 行/, r.stderr);
    assert.match(r.stderr, /NUL/, r.stderr);
  });

  test('a missing required column (no summary) → every row rejected naming summary', () => {
    const cols = ACH_COLS.filter((c) => c !== 'summary');
    const rows = Array.from({ length: 4 }, () => achRow(tgtOrg));
    const r = importFails('achievements', writeTmp('nosummary.csv', toCsv(cols, rows)));
    for (let n = 2; n <= 5; n++) assert.match(r.stderr, new RegExp(`第 ${n} 行，列 summary：\\S+`), r.stderr);
    assert.match(r.stderr, /有效 0 行，问题 4 行/);
  });

  test('a duplicate credit_code within an orgs file → the second row named', () => {
    const a = orgRow(), b = orgRow(), c = orgRow({ credit_code: a.credit_code });
    const r = importFails('orgs', writeTmp('dup.csv', toCsv(ORG_COLS, [a, b, c])));
    assert.match(r.stderr, /第 4 行，列 credit_code：\S+/, r.stderr);
    assert.doesNotMatch(r.stderr, /第 2 行/, r.stderr);
  });

  test('an org whose credit_code already exists in the database → exit 1, rollback, nothing imported', () => {
    const existing = sql(tgt.path, 'select credit_code from orgs order by id limit 1 offset 3');
    assert.match(existing, /^[0-9A-Z]{18}$/);
    const fresh = orgRow();
    const rows = [fresh, orgRow(), orgRow({ credit_code: existing })];
    const r = importFails('orgs', writeTmp('dupdb.csv', toCsv(ORG_COLS, rows)));
    assert.match(r.stderr, /第 4 行/, r.stderr);
    assert.match(r.stderr, /credit_code|统一社会信用代码/, r.stderr);
    assert.equal(sql(tgt.path, `select count(*) from orgs where credit_code = '${fresh.credit_code}'`), '0', 'rows before the conflict rolled back');
  });

  test('the column is named when an org conflicts with one already in the database', () => {
    const existing = sql(tgt.path, 'select credit_code from orgs order by id limit 1 offset 4');
    const r = importFails('orgs', writeTmp('dupdb2.csv', toCsv(ORG_COLS, [orgRow(), orgRow({ credit_code: existing })])));
    assert.match(r.stderr, /第 3 行，列 credit_code：\S+/, r.stderr);
  });

  test('a truncated xlsx → exit 1 with a message', () => {
    const full = readFileSync(join(src.dir, 'achievements.xlsx'));
    assert.equal(full.subarray(0, 2).toString(), 'PK');
    const r = importFails('achievements', writeTmp('trunc.xlsx', full.subarray(0, Math.floor(full.length / 2))));
    assert.match(r.stderr, /xlsx/i, r.stderr);
    assert.match(r.stderr, /损坏|截断|不完整/, r.stderr);
  });

  test('an unknown column with values → the column named', () => {
    const rows = [achRow(tgtOrg), achRow(tgtOrg, { colour: '红色' }), achRow(tgtOrg)];
    const r = importFails('achievements', writeTmp('unknown.csv', toCsv([...ACH_COLS, 'colour'], rows)));
    assert.match(r.stderr, /第 3 行，列 colour：\S+/, r.stderr);
  });

  test('system columns (id, created_at, updated_at, published_at, org_name, version) are ignored', () => {
    const title = `带系统列的导入 ${process.pid}`;
    const row = { ...achRow(tgtOrg, { title }), id: '999999', created_at: '2001-01-01T00:00:00Z', updated_at: 'x', published_at: 'y', org_name: '随便', version: '77' };
    const r = kz(['import', 'achievements', writeTmp('system.csv', toCsv([...ACH_COLS, 'id', 'created_at', 'updated_at', 'published_at', 'org_name', 'version'], [row]))], { db: tgt.db });
    assert.equal(r.status, 0, r.stderr);
    const id = Number(sql(tgt.path, `select id from achievements where title = '${title}'`));
    assert.notEqual(id, 999999);
    assert.notEqual(sql(tgt.path, `select created_at from achievements where id = ${id}`), '2001-01-01T00:00:00Z');
  });

  test('team shares over 100% → the row and column team named', () => {
    const rows = [achRow(tgtOrg), achRow(tgtOrg, { team: '张三:60;李四:50' })];
    const r = importFails('achievements', writeTmp('team.csv', toCsv(ACH_COLS, rows)));
    assert.match(r.stderr, /第 3 行，列 team：.*100/, r.stderr);
  });

  test('a malformed JSONL line → its line number', () => {
    const ok = (o) => JSON.stringify({ ...o, org_id: tgtOrg, trl: 6, price_fen: 150000000 });
    const lines = [ok(achRow(tgtOrg)), ok(achRow(tgtOrg)), '', '{"title": "缺了右括号",', ok(achRow(tgtOrg))];
    const r = importFails('achievements', writeTmp('bad.jsonl', lines.join('\n') + '\n'));
    assert.match(r.stderr, /第 4 行/, r.stderr);
    assert.match(r.stderr, /JSON/, r.stderr);
  });

  test('JSONL with a bad value → line and field named', () => {
    const lines = [
      JSON.stringify({ ...achRow(tgtOrg), org_id: tgtOrg, trl: 6, price_fen: 1 }),
      JSON.stringify({ ...achRow(tgtOrg), org_id: tgtOrg, trl: 6, price_fen: -5 }),
    ];
    const r = importFails('achievements', writeTmp('badvalue.jsonl', lines.join('\n') + '\n'));
    assert.match(r.stderr, /第 2 行，列 price_fen：\S+/, r.stderr);
  });
});

// ---- --dry-run and --skip-invalid ----

describe('import options', () => {
  test('--dry-run on a valid file → exit 0, a message, nothing written', () => {
    const rows = Array.from({ length: 5 }, () => achRow(tgtOrg));
    const b0 = snapshot(tgt.path);
    const r = kz(['import', 'achievements', writeTmp('dry.csv', toCsv(ACH_COLS, rows)), '--dry-run'], { db: tgt.db });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /试运行/, r.stdout);
    assert.match(r.stdout, /5/, r.stdout);
    assert.deepEqual(snapshot(tgt.path), b0);
  });

  test('--dry-run on an invalid file → exit 1, the row named, nothing written', () => {
    const rows = [achRow(tgtOrg), achRow(tgtOrg, { trl: '12' })];
    const r = importFails('achievements', writeTmp('dry-bad.csv', toCsv(ACH_COLS, rows)), ['--dry-run']);
    assert.match(r.stderr, /第 3 行，列 trl：\S+/, r.stderr);
  });

  test('--skip-invalid imports the valid rows only and reports the others', () => {
    const rows = Array.from({ length: 6 }, () => achRow(tgtOrg));
    rows[1].region = '999999';     // row 3
    rows[4].industry = 'ZZZZ';     // row 6
    const b0 = snapshot(tgt.path);
    const r = kz(['import', 'achievements', writeTmp('skip.csv', toCsv(ACH_COLS, rows)), '--skip-invalid'], { db: tgt.db });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /第 3 行，列 region：\S+/, r.stderr);
    assert.match(r.stderr, /第 6 行，列 industry：\S+/, r.stderr);
    assert.match(r.stdout, /已导入 4 行/, r.stdout);
    const b1 = snapshot(tgt.path);
    assert.equal(b1.achievements, b0.achievements + 4);
    assert.equal(b1.audit, b0.audit + 4, 'one audit row per imported record');
    for (const [i, row] of rows.entries()) {
      const n = sql(tgt.path, `select count(*) from achievements where title = '${row.title}'`);
      assert.equal(n, i === 1 || i === 4 ? '0' : '1', `row ${i + 2}`);
    }
    assert.equal(kz(['audit', 'verify'], { db: tgt.db }).status, 0);
  });
});

describe('import options: --skip-invalid and organizations already registered', () => {
  test('--skip-invalid skips an org whose credit_code is already in the database and imports the rest', () => {
    const existing = sql(tgt.path, 'select credit_code from orgs order by id limit 1 offset 5');
    const a = orgRow(), b = orgRow();
    const b0 = snapshot(tgt.path);
    const r = kz(['import', 'orgs', writeTmp('skip-dup.csv', toCsv(ORG_COLS, [a, orgRow({ credit_code: existing }), b])), '--skip-invalid'], { db: tgt.db });
    assert.equal(r.status, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
    assert.match(r.stderr, /第 3 行，列 credit_code：\S+/, r.stderr);
    assert.match(r.stdout, /已导入 2 行/, r.stdout);
    assert.equal(snapshot(tgt.path).orgs, b0.orgs + 2);
    for (const o of [a, b]) assert.equal(sql(tgt.path, `select count(*) from orgs where credit_code = '${o.credit_code}'`), '1');
  });
});

// ---- CLI export ----

describe('CLI export', () => {
  test('row count equals the API total for an operator (all statuses); -o writes the file', async () => {
    const admin = (await login(srv.url, DEMO_USERS.admin)).token;
    for (const kind of ['achievements', 'demands']) {
      const l = await api(srv.url, 'GET', `/api/v1/${kind}?limit=1`, { token: admin });
      assert.equal(l.status, 200, l.text);
      const dbCount = Number(sql(srv.dbPath, `select count(*) from ${kind}`));
      assert.equal(l.json.total, dbCount, `admin list total of ${kind} covers every status`);
      const rows = csvObjects(readFileSync(join(src.dir, `${kind}.csv`), 'utf8'));
      assert.equal(rows.length, l.json.total, `${kind}.csv rows`);
      const statuses = new Set(rows.map((x) => x.status));
      assert.ok(statuses.size > 2, `several statuses exported: ${[...statuses]}`);
      assert.equal(readJsonl(join(src.dir, `${kind}.jsonl`)).length, l.json.total);
    }
    const out = join(src.dir, 'again.csv');
    const r = kz(['export', 'achievements', '--format', 'csv', '-o', out], { db: srv.db });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /已导出 \d+ 行/);
    assert.equal(r.stdout, '', 'nothing on stdout with -o');
    const buf = readFileSync(out);
    assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'CSV starts with a UTF-8 BOM');
  });

  test('export to stdout without -o (jsonl), and xlsx starts with "PK"', () => {
    const r = kz(['export', 'orgs', '--format', 'jsonl'], { db: srv.db });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.equal(lines.length, Number(sql(srv.dbPath, 'select count(*) from orgs')));
    for (const k of KINDS) {
      const x = readFileSync(join(src.dir, `${k}.xlsx`));
      assert.equal(x.subarray(0, 2).toString('latin1'), 'PK', `${k}.xlsx`);
    }
  });

  test('unknown format → usage, exit 2', () => {
    const r = kz(['export', 'achievements', '--format', 'pdf'], { db: srv.db });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /csv\|jsonl\|xlsx/);
  });
});

// ---- HTTP export ----

describe('HTTP export', () => {
  test('anonymous csv: text/csv attachment, published records only, X-Total-Rows', async () => {
    const list = await api(srv.url, 'GET', '/api/v1/achievements?limit=1');
    assert.equal(list.status, 200);
    const total = list.json.total;
    assert.equal(total, Number(sql(srv.dbPath, "select count(*) from achievements where status='published'")));
    const r = await api(srv.url, 'GET', '/api/v1/achievements/export?format=csv');
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.match(r.headers.get('content-disposition'), /^attachment;.*filename="achievements\.csv"/);
    assert.equal(Number(r.headers.get('x-total-rows')), total);
    const rows = csvObjects(r.text);
    assert.equal(rows.length, total);
    assert.ok(rows.every((x) => x.status === 'published'), 'only published records');
    // the confidential detail: the column is there, the values are not
    assert.ok(parseCsv(r.text)[0].includes('detail'));
    assert.ok(rows.every((x) => x.detail === ''), 'anonymous export has no detail values');
  });

  test('the list filters apply: industry=C reduces to the matching total', async () => {
    const all = Number((await api(srv.url, 'GET', '/api/v1/achievements/export?format=csv')).headers.get('x-total-rows'));
    const list = await api(srv.url, 'GET', '/api/v1/achievements?industry=C&limit=1');
    const r = await api(srv.url, 'GET', '/api/v1/achievements/export?format=csv&industry=C');
    assert.equal(r.status, 200);
    const rows = csvObjects(r.text);
    assert.equal(rows.length, list.json.total);
    assert.equal(Number(r.headers.get('x-total-rows')), list.json.total);
    assert.ok(rows.length > 0 && rows.length < all, `${rows.length} of ${all}`);
    const jl = await api(srv.url, 'GET', '/api/v1/achievements/export?format=jsonl&industry=C');
    assert.equal(jl.status, 200);
    assert.match(jl.headers.get('content-type'), /ndjson/);
    assert.equal(jl.text.split('\n').filter(Boolean).length, list.json.total);
  });

  test('demands export for anonymous: public demands only (published, matched, closed)', async () => {
    const list = await api(srv.url, 'GET', '/api/v1/demands?limit=1');
    const r = await api(srv.url, 'GET', '/api/v1/demands/export?format=csv');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-disposition'), /demands\.csv/);
    const rows = csvObjects(r.text);
    assert.equal(rows.length, list.json.total);
    assert.ok(rows.every((x) => ['published', 'matched', 'closed'].includes(x.status)), [...new Set(rows.map((x) => x.status))].join());
    assert.equal(rows.length, Number(sql(srv.dbPath, "select count(*) from demands where status in ('published','matched','closed')")));
  });

  test('format=xlsx → the xlsx content type and a body starting with PK', async () => {
    const res = await fetch(`${srv.url}/api/v1/achievements/export?format=xlsx&industry=C`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(res.headers.get('content-disposition'), /achievements\.xlsx/);
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(body.subarray(0, 2).toString('latin1'), 'PK');
  });

  test('format=pdf → 422 naming format', async () => {
    const r = await api(srv.url, 'GET', '/api/v1/achievements/export?format=pdf');
    assert.equal(r.status, 422, r.text);
    assert.ok(r.json?.error?.fields?.format, r.text);
  });

  test("the owner org's export includes detail for its own records only", async () => {
    const me = await login(srv.url, DEMO_USERS.researcher);
    const orgId = me.user.org_id;
    assert.ok(orgId, 'researcher belongs to an org');
    const r = await api(srv.url, 'GET', '/api/v1/achievements/export?format=csv', { token: me.token });
    assert.equal(r.status, 200);
    const rows = csvObjects(r.text);
    const own = rows.filter((x) => Number(x.org_id) === orgId);
    const other = rows.filter((x) => Number(x.org_id) !== orgId);
    assert.ok(own.length > 0 && other.length > 0);
    const withDetail = Number(sql(srv.dbPath, `select count(*) from achievements where org_id = ${orgId} and coalesce(${PG ? "data::json ->> 'detail'" : "json_extract(data, '$.detail')"}, '') <> ''`));
    assert.ok(withDetail > 0);
    assert.equal(own.filter((x) => x.detail !== '').length, withDetail, 'detail of every own record');
    assert.ok(other.every((x) => x.detail === ''), 'no detail of other orgs');
    // own records in every status, others' published only
    assert.ok(own.some((x) => x.status !== 'published'), 'own drafts etc. included');
    assert.ok(other.every((x) => x.status === 'published'));
  });
});

// ---- the one CSV cell guard (CSV injection) ----

describe('formula cells: the API and CLI export write the same guard, import undoes it', () => {
  const TITLE = '=HYPERLINK("http://evil.example/x","点我领取补贴")硅碳负极';
  const COMPETING = '\t=1+1 开头是制表符的对比说明，较传统石墨负极比容量提高 3 倍。';
  const SUMMARY = '@SUM(A1) 以多孔硅与石墨烯复合构建稳定的硅碳负极，首次库伦效率 90% 以上，循环 1000 次容量保持率 85%。';
  let rec;
  before(async () => {
    const who = {
      owner: (await login(srv.url, DEMO_USERS.researcher)).token,
      reviewer: (await login(srv.url, DEMO_USERS.reviewer)).token,
    };
    const { makeAchievement } = await import('./lib.mjs');
    rec = await makeAchievement(srv.url, who, 'published', { title: TITLE, competing: COMPETING, summary: SUMMARY });
  });

  /** The raw cells of the record's row in a CSV export (no unquoting beyond RFC 4180). */
  function rowOf(text) {
    const [head, ...rows] = parseCsv(text);
    const row = rows.find((r) => r[head.indexOf('id')] === String(rec.id));
    assert.ok(row, 'the record is in the export');
    return Object.fromEntries(head.map((h, i) => [h, row[i]]));
  }
  function assertGuarded(cells, how) {
    assert.equal(cells.title, `'${TITLE}`, `${how}: = cell starts with an apostrophe`);
    assert.equal(cells.competing, `'${COMPETING}`, `${how}: tab-initial cell guarded`);
    assert.equal(cells.summary, `'${SUMMARY}`, `${how}: @ cell guarded`);
    assert.equal(cells.price_fen, String(rec.price_fen), `${how}: numbers as they are`);
  }

  test('API export (csv) guards =, @ and tab-initial cells', async () => {
    const r = await api(srv.url, 'GET', '/api/v1/achievements/export?format=csv');
    assert.equal(r.status, 200);
    assertGuarded(rowOf(r.text), 'API');
  });

  test('CLI export (csv) guards them the same way, and an import of that file gives the text back', () => {
    const out = join(src.dir, 'formula.csv');
    const r = kz(['export', 'achievements', '--format', 'csv', '-o', out], { db: srv.db });
    assert.equal(r.status, 0, r.stderr);
    assertGuarded(rowOf(readFileSync(out, 'utf8')), 'CLI');
    const t = tempDb();
    try {
      assert.equal(kz(['migrate'], { db: t.db }).status, 0);
      assert.equal(kz(['import', 'orgs', join(src.dir, 'orgs.jsonl')], { db: t.db }).status, 0);
      const imp = kz(['import', 'achievements', out], { db: t.db });
      assert.equal(imp.status, 0, imp.stderr);
      const back = join(t.dir, 'back.jsonl');
      assert.equal(kz(['export', 'achievements', '--format', 'jsonl', '-o', back], { db: t.db }).status, 0);
      const got = readJsonl(back).find((x) => x.id === rec.id);
      assert.ok(got, 'imported with its id');
      assert.equal(got.title, TITLE);
      assert.equal(got.competing, COMPETING);
      assert.equal(got.summary, SUMMARY);
    } finally {
      t.cleanup();
    }
  });
});
