#!/usr/bin/env bash
# bench/scale/run.sh — the portal's first requests at a province's scale.
#
# For each binary (build/kezhuan, and OLD_BIN when given: an older build to compare with in
# the same run), on a fresh SQLite database: the demo data (2,400 achievements, 600 demands),
# then N more achievements and N/4 more demands imported (default N = 100,000; copies of the
# demo's, retitled). At
# both sizes, the median of R single requests (curl, loopback, one at a time) of:
#   healthz   GET /healthz (the cost of a request that reads nothing: the reference)
#   list      GET /api/v1/achievements?limit=20
#   facets    GET /api/v1/achievements?limit=20&facets=1
#   filters   region, industry section, trl and facets; a price range;
#   deep page a cursor deep in the list; sort by price; the demand list with facets
#   overview  GET /api/v1/stats/overview
#   map       GET /api/v1/stats/map?level=city
#   search    GET /api/v1/search?q=电池
# and, with wrk (installed with apt-get when missing; LOAD=0 leaves it out), the throughput of
# each at 16 connections for LOAD_S seconds (default 3). Prints one table. Needs curl and
# python3. Usage: bash bench/scale/run.sh [N]
#
# KEEP_DB=PATH (SQLite, one binary): the large database is PATH and is kept. When PATH does not
# exist yet it is made as above (demo data, then the N + N/4 imported) and the demo-size
# requests run on it before the import; when it exists, the demo-size requests run on a fresh
# demo database and the large ones on PATH as it is (no import; `kezhuan reindex` only when
# PATH.index is missing or REINDEX=1), so a 10^6 run can be repeated without importing again.
set -euo pipefail
cd "$(dirname "$0")/../.."
# BACKENDS="sqlite postgresql" (default sqlite): postgresql runs on a throwaway durable server
# from scripts/with-pg.sh unless KEZHUAN_TEST_PG names one; one table per backend.
BACKENDS=${BACKENDS:-sqlite}
if [[ " $BACKENDS " == *" postgresql "* ]] && [ -z "${KEZHUAN_TEST_PG:-}" ]; then
  KEZHUAN_PG_DURABLE=1 exec bash scripts/with-pg.sh bash "$0" "$@"
fi
N=${1:-${N:-100000}}
R=${R:-12}
LOAD=${LOAD:-1}
LOAD_S=${LOAD_S:-3}
if [ "$LOAD" = 1 ] && ! command -v wrk >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -qq wrk >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk; } >/dev/null
fi
BINS=("${BIN:-build/kezhuan}") # BIN=path: another build than build/kezhuan
[ -n "${OLD_BIN:-}" ] && BINS+=("$OLD_BIN")
TMP=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

PATHS=(
  "healthz (reference)|/healthz"
  "list|/api/v1/achievements?limit=20"
  "facets|/api/v1/achievements?limit=20&facets=1"
  "filters+facets|/api/v1/achievements?limit=20&region=5101&industry=C&trl_min=5&facets=1"
  "price range|/api/v1/achievements?limit=20&price_min=100000&price_max=50000000"
  "deep page|/api/v1/achievements?limit=20&cursor=1500:1500"
  "sort by price|/api/v1/achievements?limit=20&sort=-price"
  "demands+facets|/api/v1/demands?limit=20&facets=1"
  "overview|/api/v1/stats/overview"
  "map|/api/v1/stats/map?level=city"
  "search|/api/v1/search?q=%E7%94%B5%E6%B1%A0"
)

now_ms() { date +%s%3N; }

serve() { # bin db -> sets PORT, PID, START_MS (launch to /readyz and a search answering 200)
  local t0; t0=$(now_ms)
  "$1" serve --db "$2" --port 0 --threads 2 "${SNAP[@]}" >"$TMP/log" 2>&1 &
  PID=$!
  for _ in $(seq 1 3000); do
    PORT=$(grep -o '"port":[0-9]*' "$TMP/log" | head -1 | cut -d: -f2 || true)
    if [ -n "$PORT" ] && curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 &&
      curl -sf "http://127.0.0.1:$PORT/api/v1/search?q=x" >/dev/null 2>&1; then
      START_MS=$(( $(now_ms) - t0 ))
      return 0
    fi
    sleep 0.05
  done
  echo "server did not start: $(cat "$TMP/log")" >&2
  exit 1
}

median_ms() { # url -> median of R requests in ms
  for _ in $(seq 1 "$R"); do curl -s -o /dev/null -w '%{time_total}\n' "$1"; done |
    python3 -c 'import sys,statistics; print("%.1f" % (1000*statistics.median(float(l) for l in sys.stdin)))'
}

rps() { # url -> requests per second at 16 connections (2 wrk threads)
  wrk -t2 -c16 -d"${LOAD_S}s" "$1" 2>/dev/null | awk '/^Requests\/sec/ {printf "%d", $2}'
}

new_db() { # backend bin -> a fresh database URL
  if [ "$1" = postgresql ]; then
    local name="kz_scale_$$_$RANDOM"
    psql -X -q -d "$KEZHUAN_TEST_PG" -c "CREATE DATABASE $name" >/dev/null
    echo "${KEZHUAN_TEST_PG%/*}/$name"
  else
    echo "sqlite:$TMP/$(basename "$2")-$RANDOM.db"
  fi
}

for backend in $BACKENDS; do
declare -A RES=()
for bin in "${BINS[@]}"; do
  db=$(new_db "$backend" "$bin")
  kept=
  # SQLite keeps its snapshot beside the database; PostgreSQL has no default file: name one
  SNAP=()
  [ "$backend" = postgresql ] && SNAP=(--index-snapshot "$TMP/pg.index")
  rm -f "$TMP/pg.index"
  if [ -n "${KEEP_DB:-}" ]; then
    [ "$backend" = sqlite ] && [ "${#BINS[@]}" = 1 ] || { echo "KEEP_DB: SQLite and one binary only" >&2; exit 1; }
    [ -f "$KEEP_DB" ] && kept=1 || db="sqlite:$KEEP_DB"
  fi
  "$bin" migrate --db "$db" >/dev/null
  "$bin" demo --db "$db" >/dev/null
  for size in small large; do
    if [ "$size" = large ] && [ -n "$kept" ]; then
      db="sqlite:$KEEP_DB"
      if [ ! -f "$KEEP_DB.index" ] || [ "${REINDEX:-0}" = 1 ]; then
        "$bin" reindex --db "$db" >/dev/null 2>&1 || true
      fi
    elif [ "$size" = large ]; then
      # N more achievements and N/4 more demands: copies of the demo's, retitled, in files of at
      # most 100,000 rows (an import file may hold 200 MB)
      for kind in achievements demands; do
        want=$N; [ "$kind" = demands ] && want=$((N / 4))
        "$bin" export "$kind" --format jsonl -o "$TMP/a.jsonl" --db "$db" >/dev/null 2>&1
        python3 - "$TMP/a.jsonl" "$TMP/big" "$want" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
n, want, part, out = 0, int(sys.argv[3]), 0, None
rep = 0
while n < want:
    for r in rows:
        if n >= want: break
        if n % 100000 == 0:
            if out: out.close()
            out = open('%s-%03d.jsonl' % (sys.argv[2], part), 'w', encoding='utf-8')
            part += 1
        r = {k: v for k, v in r.items() if k not in ('id', 'created_at', 'updated_at', 'published_at',
             'org_name', 'maturity_stage', 'has_detail', 'detail_visible', 'version')}
        r['title'] = r['title'][:90] + ' #%d' % rep
        out.write(json.dumps(r, ensure_ascii=False) + '\n')
        n += 1
    rep += 1
if out: out.close()
PY
        for f in "$TMP"/big-*.jsonl; do "$bin" import "$kind" "$f" --db "$db" >/dev/null; done
        rm -f "$TMP"/big-*.jsonl
      done
      # the index snapshot a server then starts from (as after any earlier run of the server)
      "$bin" reindex --db "$db" "${SNAP[@]}" >/dev/null 2>&1 || true
    fi
    serve "$bin" "$db"
    RES["$bin|$size|start-up to ready"]=$START_MS
    for p in "${PATHS[@]}"; do
      RES["$bin|$size|${p%%|*}"]=$(median_ms "http://127.0.0.1:$PORT${p#*|}")
      [ "$LOAD" = 1 ] && RES["$bin|$size|${p%%|*}|rps"]=$(rps "http://127.0.0.1:$PORT${p#*|}")
    done
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  done
done

echo
echo "### $backend"
echo
printf '| request | binary | demo (2.4k achievements, 600 demands): ms alone | req/s at 16 conns | %s more achievements, %s more demands: ms alone | req/s at 16 conns |\n|---|---|---|---|---|---|\n' "$N" "$((N / 4))"
for p in "${PATHS[@]}" "start-up to ready|"; do
  for bin in "${BINS[@]}"; do
    k="${p%%|*}"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$k" "$bin" "${RES[$bin|small|$k]}" "${RES[$bin|small|$k|rps]:-}" \
      "${RES[$bin|large|$k]}" "${RES[$bin|large|$k|rps]:-}"
  done
done
done
