#!/usr/bin/env bash
# bench/scale/startup.sh — time from `kezhuan serve` to /readyz 200 with the search index
# rebuilt from every record and loaded from its snapshot (README 检索与撮合 / Search).
#
# On a fresh SQLite database: the demo data (2,400 achievements, 600 demands), then N more
# achievements imported (default 100,000; copies of the demo's, retitled, as bench/scale/run.sh
# makes them). Then, R times each (default 3; the median is printed):
#   rebuild     every record read and indexed (serve --index-snapshot off R_REBUILD times, default
#               R - 1, and the start that writes the snapshot)
#   snapshot    serve with the snapshot the previous stop wrote: loaded, checked, caught up
#   +C changes  the same after importing C more achievements (default 1,000) while stopped:
#               loaded, then C changes caught up from the feed before ready
# Time is wall clock from the start of the process to the first 200 of /readyz (polled every
# 20 ms), so it includes the process start, the dictionary load and the HTTP listener. Also
# prints the snapshot's size, the time the server took to write it, and the server's own
# ready_ms. Needs curl and python3. Usage: bash bench/scale/startup.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-${N:-100000}}
R=${R:-3}
R_REBUILD=${R_REBUILD:-$((R - 1))} # besides the start that writes the snapshot, itself a rebuild
C=${C:-1000}
BIN=${BIN:-build/kezhuan}
TMP=${TMPDIR_BENCH:-$(mktemp -d)}
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$TMP"; true; }
trap cleanup EXIT

DBF="$TMP/startup.db"
DB="sqlite:$DBF"
SNAP="$DBF.index"

make_rows() { # src.jsonl out.jsonl n tag
  python3 - "$@" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
n, want, tag = 0, int(sys.argv[3]), sys.argv[4]
with open(sys.argv[2], 'w', encoding='utf-8') as out:
    rep = 0
    while n < want:
        for r in rows:
            if n >= want: break
            r = {k: v for k, v in r.items() if k not in ('id', 'created_at', 'updated_at', 'published_at',
                 'org_name', 'maturity_stage', 'has_detail', 'detail_visible', 'version')}
            r['title'] = r['title'][:90] + ' %s%d' % (tag, rep)
            out.write(json.dumps(r, ensure_ascii=False) + '\n')
            n += 1
        rep += 1
PY
}

if [ ! -f "$DBF" ]; then
  t0=$(date +%s)
  "$BIN" migrate --db "$DB" >/dev/null
  "$BIN" demo --db "$DB" >/dev/null
  "$BIN" export achievements --format jsonl -o "$TMP/a.jsonl" --db "$DB" >/dev/null 2>&1
  make_rows "$TMP/a.jsonl" "$TMP/big.jsonl" "$N" '#'
  split -l 100000 -d --additional-suffix=.jsonl "$TMP/big.jsonl" "$TMP/part." # an import reads at most 200 MB
  for f in "$TMP"/part.*; do "$BIN" import achievements "$f" --db "$DB" >/dev/null; rm -f "$f"; done
  echo "database: $(du -h "$DBF" | cut -f1), made in $(($(date +%s) - t0)) s" >&2
fi

now_ms() { date +%s%3N; }

serve_ready() { # extra args... -> MS (to ready), PID, PORT; the readyz body in $TMP/ready.json
  local t0
  t0=$(now_ms)
  "$BIN" serve --db "$DB" --port 0 --threads 2 "$@" >"$TMP/log" 2>&1 &
  PID=$!
  for _ in $(seq 1 30000); do
    PORT=$(grep -o '"port":[0-9]*' "$TMP/log" | head -1 | cut -d: -f2 || true)
    if [ -n "$PORT" ] && curl -sf -o "$TMP/ready.json" "http://127.0.0.1:$PORT/readyz" 2>/dev/null; then
      MS=$(($(now_ms) - t0))
      return 0
    fi
    sleep 0.02
  done
  echo "server not ready: $(cat "$TMP/log")" >&2
  exit 1
}

stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }
field() { python3 -c "import json,sys; j=json.load(open('$TMP/ready.json'))['index']; print($1)"; }
median() { python3 -c 'import sys,statistics; print(int(statistics.median(int(x) for x in sys.argv[1:])))' "$@"; }

declare -a T_REBUILD T_SNAP T_CATCH
for i in $(seq 1 "$R_REBUILD"); do
  serve_ready --index-snapshot off
  T_REBUILD+=("$MS")
  [ "$(field "j['source']")" = rebuild ] || { echo "expected a rebuild" >&2; exit 1; }
  stop
done
# one start with the snapshot on writes it (after its rebuild, and again at the stop)
rm -f "$SNAP"
serve_ready
[ "$(field "j['source']")" = rebuild ] || { echo "expected a rebuild" >&2; exit 1; }
T_REBUILD+=("$MS") # ready before the snapshot is written
stop
WRITE_MS=$(grep -o '"msg":"search index snapshot written"[^}]*' "$TMP/log" | tail -1 | grep -o '"ms":[0-9]*' | cut -d: -f2)
BYTES=$(stat -c %s "$SNAP")
for i in $(seq 1 "$R"); do
  serve_ready
  T_SNAP+=("$MS")
  [ "$(field "j['source']")" = snapshot ] || { echo "expected the snapshot: $(cat "$TMP/ready.json")" >&2; exit 1; }
  LOAD_MS=$(field "j['snapshot']['load_ms']")
  stop
done
for i in $(seq 1 "$R"); do
  make_rows "$TMP/a.jsonl" "$TMP/more.jsonl" "$C" "+$i."
  "$BIN" import achievements "$TMP/more.jsonl" --db "$DB" >/dev/null
  serve_ready
  T_CATCH+=("$MS")
  [ "$(field "j['source']")" = snapshot ] || { echo "expected the snapshot" >&2; exit 1; }
  CAUGHT=$(field "j['snapshot']['caught_up']")
  stop
done

RECS=$((N + 3000))
printf '| records | start | to /readyz 200 (ms, median of %s) |\n|---|---|---|\n' "$R"
printf '| %s | rebuild from the records | %s |\n' "$RECS" "$(median "${T_REBUILD[@]}")"
printf '| %s | snapshot (%s MB; load and check %s ms) | %s |\n' "$RECS" "$((BYTES / 1000000))" "$LOAD_MS" "$(median "${T_SNAP[@]}")"
printf '| %s | snapshot + %s changes caught up | %s |\n' "$RECS" "$CAUGHT" "$(median "${T_CATCH[@]}")"
printf '\nsnapshot written in %s ms (%s bytes)\n' "$WRITE_MS" "$BYTES"
