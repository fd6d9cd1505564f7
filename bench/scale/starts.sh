#!/usr/bin/env bash
# bench/scale/starts.sh — start-up to ready from the index snapshot on a kept database, as
# run.sh measures it (from launching `kezhuan serve` to /readyz and a search answering 200),
# R times (default 3) for each binary given, alternating so that both see the same load. Prints
# each start with the server's own load_ms and the load average, then the medians.
# Usage: KEEP_DB=path [R=3] bash bench/scale/starts.sh BIN...
set -euo pipefail
cd "$(dirname "$0")/../.."
R=${R:-3}
[ -f "${KEEP_DB:-}" ] || { echo "KEEP_DB must name the SQLite database (with its .index)" >&2; exit 1; }
TMP=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"; true; }
trap cleanup EXIT
declare -A T
for i in $(seq 1 "$R"); do
  for bin in "$@"; do
    t0=$(date +%s%3N)
    "$bin" serve --db "sqlite:$KEEP_DB" --port 0 --threads 2 >"$TMP/log" 2>&1 &
    PID=$!
    ms=
    for _ in $(seq 1 6000); do
      port=$(grep -o '"port":[0-9]*' "$TMP/log" | head -1 | cut -d: -f2 || true)
      if [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 &&
        curl -sf "http://127.0.0.1:$port/api/v1/search?q=x" >/dev/null 2>&1; then
        ms=$(($(date +%s%3N) - t0))
        break
      fi
      sleep 0.05
    done
    [ -n "$ms" ] || { echo "$bin did not start: $(cat "$TMP/log")" >&2; exit 1; }
    load=$(grep -o '"msg":"search index loaded from snapshot"[^}]*' "$TMP/log" | grep -o '"load_ms":[0-9]*' | cut -d: -f2 || true)
    echo "$bin start $i: $ms ms to ready (load_ms ${load:-none: not from the snapshot}; load average $(cut -d' ' -f1 /proc/loadavg))"
    T[$bin]="${T[$bin]:-} $ms"
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
  done
done
for bin in "$@"; do
  python3 -c 'import sys, statistics as st; print("%s: median %d ms" % (sys.argv[1], st.median(int(x) for x in sys.argv[2].split())))' "$bin" "${T[$bin]}"
done
