#!/usr/bin/env bash
# bench/import/run.sh — `kezhuan import` at scale: rows per second.
#
# Builds N achievements and N/4 demands (copies of the demo data's, retitled "… #k") as JSONL
# and as CSV from `kezhuan export`, then, for each binary (build/kezhuan, and OLD_BIN when
# given: an older build to compare with in the same run), each backend (BACKENDS, default
# "sqlite"; "sqlite postgresql" under scripts/with-pg.sh, which sets KEZHUAN_TEST_PG — with
# KEZHUAN_PG_DURABLE=1 for fsync and synchronous commit as in production) and each file,
# imports it into a fresh database holding the demo data and prints the wall time and rows/s
# of the import alone (the best of R rounds, default 1; the binaries take turns file by file).
# The database is on TMPDIR (SQLite, synchronous FULL: the default). Besides the wall time it
# prints the CPU time of the kezhuan process (user + system; for PostgreSQL the server's work is
# not in it), which a machine busy with other work disturbs less.
# Prints one table. Needs python3 and /usr/bin/time (and psql for PostgreSQL).
# Usage: bash bench/import/run.sh [N]
#        OLD_BIN=/tmp/kezhuan-old BACKENDS="sqlite postgresql" \
#          bash scripts/with-pg.sh bash bench/import/run.sh 100000
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-${N:-100000}}
BACKENDS=${BACKENDS:-sqlite}
R=${R:-1}
BINS=(build/kezhuan)
[ -n "${OLD_BIN:-}" ] && BINS+=("$OLD_BIN")
TMP=$(mktemp -d)
PGDBS=()
cleanup() {
  for d in "${PGDBS[@]}"; do
    psql -X -q -d "$KEZHUAN_TEST_PG" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT

fresh_db() { # backend -> prints a URL of a new, empty database
  case $1 in
  sqlite) echo "sqlite:$TMP/db-$RANDOM$RANDOM.db" ;;
  postgresql)
    [ -n "${KEZHUAN_TEST_PG:-}" ] || { echo "postgresql needs KEZHUAN_TEST_PG (scripts/with-pg.sh)" >&2; exit 1; }
    local name="kz_bench_import_$$_$RANDOM"
    psql -X -q -d "$KEZHUAN_TEST_PG" -c "CREATE DATABASE $name" >/dev/null
    PGDBS+=("$name")
    echo "${KEZHUAN_TEST_PG%/*}/$name"
    ;;
  *) echo "unknown backend $1 (sqlite, postgresql)" >&2; exit 1 ;;
  esac
}

# The input files, from the demo data of the first binary.
src="sqlite:$TMP/src.db"
"${BINS[0]}" migrate --db "$src" >/dev/null
"${BINS[0]}" demo --db "$src" >/dev/null
for k in achievements demands; do
  for f in jsonl csv; do
    "${BINS[0]}" export "$k" --format "$f" -o "$TMP/demo-$k.$f" --db "$src" >/dev/null 2>&1
  done
done
python3 - "$TMP" "$N" <<'PY'
import csv, json, sys
tmp, n = sys.argv[1], int(sys.argv[2])
system = {'id', 'created_at', 'updated_at', 'published_at', 'org_name', 'maturity_stage',
          'has_detail', 'detail_visible', 'version'}

def copies(rows, want):
    out, rep = [], 0
    while len(out) < want:
        for r in rows:
            if len(out) >= want: break
            r = {k: v for k, v in r.items() if k not in system}
            r['title'] = r['title'][:90] + ' #%d' % rep
            out.append(r)
        rep += 1
    return out

for kind, want in (('achievements', n), ('demands', n // 4)):
    rows = [json.loads(l) for l in open(f'{tmp}/demo-{kind}.jsonl', encoding='utf-8')]
    with open(f'{tmp}/{kind}.jsonl', 'w', encoding='utf-8') as out:
        for r in copies(rows, want):
            out.write(json.dumps(r, ensure_ascii=False) + '\n')
    with open(f'{tmp}/demo-{kind}.csv', encoding='utf-8-sig', newline='') as f:
        rows = list(csv.DictReader(f))
    rows = [{k: v for k, v in r.items() if v != ''} for r in rows]
    big = copies(rows, want)
    cols = list(dict.fromkeys(c for r in big for c in r))
    with open(f'{tmp}/{kind}.csv', 'w', encoding='utf-8', newline='') as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator='\r\n')
        w.writeheader()
        w.writerows(big)
PY

declare -A SEC RPS CPU CPS
FILES=("achievements jsonl $N" "achievements csv $N" "demands jsonl $((N / 4))" "demands csv $((N / 4))")
# binaries alternate file by file (and R rounds keep each one's best time), so that a machine
# busy with something else slows them alike
for backend in $BACKENDS; do
  for spec in "${FILES[@]}"; do
    read -r kind fmt rows <<<"$spec"
    for round in $(seq 1 "$R"); do
      for bin in "${BINS[@]}"; do
        db=$(fresh_db "$backend")
        "$bin" migrate --db "$db" >/dev/null
        "$bin" demo --db "$db" >/dev/null
        if ! /usr/bin/time -f '%e %U %S' -o "$TMP/time" \
            "$bin" import "$kind" "$TMP/$kind.$fmt" --db "$db" >"$TMP/out" 2>"$TMP/err"; then
          echo "import failed ($bin $backend $kind $fmt):" >&2
          head -20 "$TMP/err" >&2
          exit 1
        fi
        read -r wall user sys <"$TMP/time"
        key="$bin|$backend|$kind|$fmt"
        if [ -z "${SEC[$key]:-}" ] || python3 -c "import sys; sys.exit(not $wall < ${SEC[$key]})"; then
          SEC[$key]=$wall
          RPS[$key]=$(python3 -c "print('%d' % ($rows / $wall))")
          CPU[$key]=$(python3 -c "print('%.2f' % ($user + $sys))")
          CPS[$key]=$(python3 -c "print('%d' % ($rows / ($user + $sys)))")
        fi
        [ "$backend" = sqlite ] && rm -f "${db#sqlite:}"*
      done
    done
  done
done

printf '\n| backend | file | rows | binary | seconds | rows/s | CPU seconds (kezhuan) | rows per CPU second |\n|---|---|---|---|---|---|---|---|\n'
for backend in $BACKENDS; do
  for spec in "${FILES[@]}"; do
    read -r kind fmt rows <<<"$spec"
    for bin in "${BINS[@]}"; do
      key="$bin|$backend|$kind|$fmt"
      printf '| %s | %s.%s | %s | %s | %s | %s | %s | %s |\n' "$backend" "$kind" "$fmt" "$rows" "$bin" \
        "${SEC[$key]}" "${RPS[$key]}" "${CPU[$key]}" "${CPS[$key]}"
    done
  done
done
