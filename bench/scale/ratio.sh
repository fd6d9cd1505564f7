#!/usr/bin/env bash
# bench/scale/ratio.sh — a request's throughput at 10^6 as a share of its throughput at the demo's
# size, measured in the same conditions: a server on a fresh demo database and one on the large
# database KEEP_DB (made by `KEEP_DB=… bash bench/scale/run.sh 1000000`) run side by side, and
# wrk (16 connections, LOAD_S seconds, default 3) alternates between them ROUNDS times (default
# 5) per path. Prints each round with the load average and the medians; on a machine shared with
# other work the alternation keeps both sizes under the same load.
# Usage: KEEP_DB=path [BIN=build/kezhuan] bash bench/scale/ratio.sh PATH...
#   e.g. bash bench/scale/ratio.sh '/api/v1/achievements?limit=20&price_min=100000&price_max=50000000'
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-build/kezhuan}
ROUNDS=${ROUNDS:-5}
LOAD_S=${LOAD_S:-3}
[ -f "${KEEP_DB:-}" ] || { echo "KEEP_DB must name the large SQLite database" >&2; exit 1; }
TMP=$(mktemp -d)
cleanup() { # the servers (start() runs in a subshell, so their ids are in files)
  for f in "$TMP"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  rm -rf "$TMP"
  true
}
trap cleanup EXIT
"$BIN" migrate --db "sqlite:$TMP/demo.db" >/dev/null
"$BIN" demo --db "sqlite:$TMP/demo.db" >/dev/null
start() { # db name -> the port, once /readyz and a search answer 200
  "$BIN" serve --db "sqlite:$1" --port 0 --threads 2 >"$TMP/$2.log" 2>&1 &
  echo $! >"$TMP/$2.pid"
  for _ in $(seq 1 3000); do
    local port
    port=$(grep -o '"port":[0-9]*' "$TMP/$2.log" | head -1 | cut -d: -f2 || true)
    if [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 &&
      curl -sf "http://127.0.0.1:$port/api/v1/search?q=x" >/dev/null 2>&1; then
      echo "$port"
      return 0
    fi
    sleep 0.05
  done
  echo "server did not start: $(cat "$TMP/$2.log")" >&2
  exit 1
}
rps() { wrk -t2 -c16 -d"${LOAD_S}s" "$1" 2>/dev/null | awk '/^Requests\/sec/ {printf "%d", $2}'; }
PS=$(start "$TMP/demo.db" demo)
PL=$(start "$KEEP_DB" large)
for p in "$@"; do
  S=() L=()
  for r in $(seq 1 "$ROUNDS"); do
    s=$(rps "http://127.0.0.1:$PS$p")
    l=$(rps "http://127.0.0.1:$PL$p")
    S+=("$s") L+=("$l")
    echo "$p round $r: demo $s req/s, large $l req/s (load average $(cut -d' ' -f1 /proc/loadavg))"
  done
  python3 -c 'import sys, statistics as st
s = [int(x) for x in sys.argv[2].split()]; l = [int(x) for x in sys.argv[3].split()]
print("%s: demo median %d req/s, large median %d req/s: %.0f %% (rounds: %s)" % (sys.argv[1],
      st.median(s), st.median(l), 100 * st.median(l) / st.median(s),
      " ".join("%.0f %%" % (100 * b / a) for a, b in zip(s, l))))' "$p" "${S[*]}" "${L[*]}"
done
