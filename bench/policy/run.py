#!/usr/bin/env python3
"""bench/policy/run.py — 政策找企业 at a city's scale (issue 17 item 4).

On a fresh SQLite database: the demo data, then ORGS more orgs of 成都 (default 10,000; random
kinds, tiers, districts and industries) and POLICIES policies over orgs in force (default 20:
conditions on tier, region prefix, kind and industry section, fixed sums, some with a yearly cap
and a budget), imported as the operator. Then, against the real server:

  bureau    GET /api/v1/policies/{id}/eligible-orgs, every page (limit=100), for each policy:
            every org of 成都 evaluated; evaluations per second = orgs scanned / time
  org       GET /api/v1/orgs/{id}/eligible-policies for SAMPLE random orgs (each: every policy in
            force against the org and its contracts and won applications): median and p95 ms
  healthz   GET /healthz, the reference (a request that reads nothing)

Compared in the same run with a peer: the same answer counted by SQLite itself (one SQL query
per policy over the orgs table, the conditions written as SQL by hand), and checked equal.
Prints one table. Usage: python3 bench/policy/run.py [--orgs N] [--policies N] [--sample N]
"""
import argparse, json, os, random, shutil, sqlite3, statistics, subprocess, sys, tempfile, time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('BIN', os.path.join(ROOT, 'build', 'kezhuan'))
DISTRICTS = ['510104', '510105', '510106', '510107', '510108', '510112', '510113', '510114',
             '510115', '510116', '510117', '510121', '510129', '510131', '510181', '510182']
TIERS = ['none', 'tech_sme', 'high_tech', 'gazelle', 'leader']
KINDS = ['enterprise', 'enterprise', 'enterprise', 'university', 'institute', 'service']
INDUSTRIES = ['3841', '3911', '7320', '65', 'C', 'M', '384', '4411']


def kz(*args, db, inp=None):
    r = subprocess.run([BIN, *args, '--db', db], input=inp, capture_output=True, text=True,
                       env={**os.environ, 'KEZHUAN_PWHASH_OPS': '1', 'KEZHUAN_PWHASH_MEM_KIB': '8'})
    if r.returncode != 0:
        sys.exit(f'kezhuan {" ".join(args)}: {r.stderr[-2000:]}')
    return r.stdout


def policies(n, rnd):
    out = []
    for i in range(n):
        conds = [{'field': 'tier', 'op': 'in', 'value': rnd.sample(TIERS[1:], rnd.randint(1, 3)),
                  'label': '企业梯度'}]
        if i % 2:
            conds.append({'field': 'region', 'op': 'prefix', 'value': rnd.choice(DISTRICTS),
                          'label': '所在区县'})
        if i % 3 == 0:
            conds.append({'field': 'kind', 'op': 'eq', 'value': 'enterprise', 'label': '企业'})
        if i % 5 == 0:
            conds.append({'field': 'industry', 'op': 'prefix', 'value': '3', 'label': '制造业'})
        p = {'title': f'政策找企业基准政策 {i}', 'summary': '对符合条件的本市机构给予一次性奖励，按固定金额兑现。',
             'region': '510100', 'subject_kind': 'org', 'period_from': '2020-01-01',
             'period_to': '2099-12-31', 'conditions': conds, 'fixed_fen': 100000 * (i + 1),
             'org_key': None, 'status': 'in_force'}
        if i % 4 == 0:
            p['org_year_cap_fen'] = 100000 * (i + 1)
        if i % 4 == 1:
            p['budget_fen'] = 10 ** 12
        out.append(p)
    return out


def sql_peer(p):
    """The policy's conditions as SQL over the orgs table (written by hand for the bench)."""
    where, args = ['region LIKE ?'], ['5101%']
    for c in p['conditions']:
        if c['op'] == 'in':
            where.append(f"{c['field']} IN ({','.join('?' * len(c['value']))})")
            args += c['value']
        elif c['op'] == 'prefix':
            where.append(f"{c['field']} LIKE ?")
            args.append(c['value'] + '%')
        else:
            where.append(f"{c['field']} = ?")
            args.append(c['value'])
    return 'SELECT id FROM orgs WHERE ' + ' AND '.join(where) + ' ORDER BY id', args


def get(url, token=None):
    req = urllib.request.Request(url, headers={'Authorization': f'Bearer {token}'} if token else {})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b'null')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--orgs', type=int, default=10000)
    ap.add_argument('--policies', type=int, default=20)
    ap.add_argument('--sample', type=int, default=100)
    a = ap.parse_args()
    rnd = random.Random(20261207)
    tmp = tempfile.mkdtemp(prefix='kz-bench-policy-')
    db = f'sqlite:{tmp}/k.db'
    try:
        kz('migrate', db=db)
        kz('demo', db=db)
        cdkj = sqlite3.connect(f'{tmp}/k.db').execute("SELECT id FROM orgs WHERE name = '成都市科学技术局'").fetchone()[0]
        orgs = [json.dumps({'name': f'政策找企业基准机构 {i}', 'kind': rnd.choice(KINDS),
                            'region': rnd.choice(DISTRICTS), 'industry': rnd.choice(INDUSTRIES),
                            'tier': rnd.choice(TIERS)}, ensure_ascii=False) for i in range(a.orgs)]
        with open(f'{tmp}/orgs.jsonl', 'w') as f:
            f.write('\n'.join(orgs) + '\n')
        t0 = time.perf_counter()
        kz('import', 'orgs', f'{tmp}/orgs.jsonl', db=db)
        t_import = time.perf_counter() - t0
        pols = policies(a.policies, rnd)
        for p in pols:
            p['org_id'] = cdkj
            del p['org_key']
        with open(f'{tmp}/policies.jsonl', 'w') as f:
            f.write('\n'.join(json.dumps(p, ensure_ascii=False) for p in pols) + '\n')
        kz('import', 'policies', f'{tmp}/policies.jsonl', db=db)
        con = sqlite3.connect(f'{tmp}/k.db')
        ids = [r[0] for r in con.execute("SELECT id FROM kind_records WHERE kind = 'policy' AND title LIKE '政策找企业基准政策 %' ORDER BY id")]
        n_cd = con.execute("SELECT count(*) FROM orgs WHERE region LIKE '5101%'").fetchone()[0]
        proc = subprocess.Popen([BIN, 'serve', '--db', db, '--port', '0', '--threads', '2'],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                env={**os.environ, 'KEZHUAN_LOG_REQUESTS': 'false'})
        port = None
        for line in proc.stdout:
            if '"listening"' in line:
                port = json.loads(line)['port']
                break
        base = f'http://127.0.0.1:{port}'
        for _ in range(200):
            try:
                if urllib.request.urlopen(f'{base}/readyz').status == 200: break
            except Exception:
                time.sleep(0.1)
        req = urllib.request.Request(f'{base}/api/v1/auth/login', method='POST',
                                     data=json.dumps({'username': 'officer', 'password': 'Kezhuan@2026'}).encode(),
                                     headers={'Content-Type': 'application/json'})
        token = json.loads(urllib.request.urlopen(req).read())['token']
        hz = []
        for _ in range(20):
            t = time.perf_counter(); get(f'{base}/healthz'); hz.append((time.perf_counter() - t) * 1000)
        # the bureau: every org of 成都 for each policy
        scanned = found = 0
        t0 = time.perf_counter()
        answers = {}
        for pid in ids:
            cursor, got = None, []
            while True:
                r = get(f'{base}/api/v1/policies/{pid}/eligible-orgs?limit=100' + (f'&cursor={cursor}' if cursor else ''), token)
                scanned += r['scanned']
                got += [x['org_id'] for x in r['items']]
                cursor = r['next_cursor']
                if not cursor: break
            answers[pid] = got
            found += len(got)
        t_bureau = time.perf_counter() - t0
        # the peer: SQLite counting the same by hand-written SQL
        t0 = time.perf_counter()
        mismatch = 0
        for pid, p in zip(ids, pols):
            q, args = sql_peer(p)
            want = [r[0] for r in con.execute(q, args)]
            mismatch += want != answers[pid]
        t_sql = time.perf_counter() - t0
        # the org's view
        sample = [r[0] for r in con.execute("SELECT id FROM orgs WHERE name LIKE '政策找企业基准机构 %' ORDER BY random() LIMIT ?", (a.sample,))]
        lat = []
        for oid in sample:
            t = time.perf_counter(); get(f'{base}/api/v1/orgs/{oid}/eligible-policies', token); lat.append((time.perf_counter() - t) * 1000)
        proc.terminate(); proc.wait()
        lat.sort()
        evals = scanned
        print(f'政策找企业: {a.orgs:,} orgs imported in {t_import:.1f} s, {n_cd:,} orgs of 成都, {len(ids)} policies over orgs in force')
        print()
        print('| measure | kezhuan | peer: SQLite, the conditions as hand-written SQL |')
        print('|---|---|---|')
        print(f'| bureau: every org × every policy | {t_bureau:.2f} s, {evals:,} evaluations, {evals / t_bureau:,.0f} evaluations/s | {t_sql:.2f} s, {len(ids)} queries |')
        print(f'| orgs found (all policies) | {found:,} | {"the same" if not mismatch else f"{mismatch} policies differ"} |')
        print(f'| org: its policies (median / p95 of {len(lat)}) | {statistics.median(lat):.1f} / {lat[int(len(lat) * 0.95) - 1]:.1f} ms | — |')
        print(f'| healthz (reference, median of 20) | {statistics.median(hz):.1f} ms | — |')
        if mismatch:
            sys.exit('the answers differ from the peer')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
