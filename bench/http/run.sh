#!/usr/bin/env bash
# bench/http/run.sh - HTTP throughput/latency benchmark for kezhuan.
#
# Compares targets with wrk on loopback:
#   bare     - bench/http/bare.c, a bare libmicrohttpd server (the ceiling)
# and, for each database backend in BACKENDS (kezhuan with SQLite, and with PostgreSQL):
#   healthz  - kezhuan GET /healthz (no auth, no database)
#   me       - kezhuan GET /api/v1/me with a bearer token (auth + session lookup)
#   list     - kezhuan GET /api/v1/achievements?limit=20 (a keyset page of the demo data)
#   write    - kezhuan POST /api/v1/orgs (a write transaction with its audit row; short run)
#
# Environment:
#   DURATION=10          seconds of load per target
#   CONNECTIONS=64       wrk connections (-c)
#   WRK_THREADS=2        wrk threads (-t)
#   THREADS=2            server threads (bare pool size and kezhuan --threads)
#   BACKENDS="sqlite postgresql"  backends to measure, in one run (postgresql: a throwaway
#                        PostgreSQL 15 from scripts/with-pg.sh unless KEZHUAN_TEST_PG names one)
#   KEZHUAN_BENCH_DB=... database for the sqlite run (default: temporary sqlite: file)
#   KEZHUAN_BIN=...      product binary (default: build/kezhuan)
#   BARE_ONLY=1          benchmark only the bare server (no kezhuan needed)
#
# Results are informational: the script exits 0 whatever the figures, and
# non-zero only if something fails to build or run.
set -euo pipefail

cd "$(dirname "$0")/../.."

BACKENDS=${BACKENDS:-sqlite postgresql}
# A PostgreSQL run needs a server: start a throwaway one around this whole script.
if [[ " $BACKENDS " == *" postgresql "* ]] && [ -z "${KEZHUAN_TEST_PG:-}" ] && [ "${BARE_ONLY:-0}" != 1 ]; then
    # durable like production: fsync and synchronous commit on (SQLite runs synchronous=FULL)
    KEZHUAN_PG_DURABLE=1 exec bash scripts/with-pg.sh bash "$0" "$@"
fi

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
THREADS=${THREADS:-2}
BARE_ONLY=${BARE_ONLY:-0}
WRITE_CONNECTIONS=${WRITE_CONNECTIONS:-8}
WRITE_DURATION=${WRITE_DURATION:-$(( DURATION < 5 ? DURATION : 5 ))}
KEZHUAN_BIN=${KEZHUAN_BIN:-build/kezhuan}
BARE_BIN=build/bench/bare
LUA_SCRIPT=bench/http/report.lua
HOST=127.0.0.1   # loopback only, by design

# Targets (informational).
TARGET_HEALTHZ_RATIO=0.70
TARGET_ME_RATIO=0.50
TARGET_P99_MS=10

log() { printf '[bench-http] %s\n' "$*" >&2; }
die() { printf '[bench-http] error: %s\n' "$*" >&2; exit 1; }

# --------------------------------------------------------------- cleanup --
PIDS=()
WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/kezhuan-bench.XXXXXX")

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    for pid in "${PIDS[@]}"; do
        # Give each server up to ~3 s to stop, then force it.
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORKDIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ----------------------------------------------------------------- tools --
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wrk() {
    command -v wrk >/dev/null 2>&1 && return 0
    log "wrk not found, installing it with apt-get"
    as_root apt-get install -y wrk >/dev/null ||
        { as_root apt-get update >/dev/null && as_root apt-get install -y wrk >/dev/null; } ||
        die "cannot install wrk"
    command -v wrk >/dev/null 2>&1 || die "wrk still not available"
}

for tool in cc pkg-config curl awk; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found"
done
ensure_wrk

# Prints a free TCP port on the loopback interface.
free_port() {
    if command -v python3 >/dev/null 2>&1 &&
        python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null; then
        return 0
    fi
    if command -v node >/dev/null 2>&1; then
        node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
        return 0
    fi
    die "need python3 or node to pick a free port"
}

# Reads a JSON document on stdin, prints its "token" string (top level, or
# under "data"); fails if there is none.
json_token() {
    if command -v node >/dev/null 2>&1; then
        node -e '
let s = "";
process.stdin.on("data", d => { s += d; }).on("end", () => {
  let j;
  try { j = JSON.parse(s); } catch (e) { process.exit(1); }
  const t = (j && typeof j.token === "string") ? j.token
          : (j && j.data && typeof j.data.token === "string") ? j.data.token : "";
  if (!t) process.exit(1);
  process.stdout.write(t);
});'
    else
        python3 -c '
import json, sys
try:
    j = json.load(sys.stdin)
except Exception:
    sys.exit(1)
t = j.get("token") if isinstance(j, dict) else None
if not isinstance(t, str) and isinstance(j, dict) and isinstance(j.get("data"), dict):
    t = j["data"].get("token")
if not isinstance(t, str) or not t:
    sys.exit(1)
sys.stdout.write(t)'
    fi
}

# wait_ready PID URL NAME: polls URL until it answers 2xx (max ~10 s).
wait_ready() {
    local pid=$1 url=$2 name=$3
    for _ in $(seq 1 100); do
        if ! kill -0 "$pid" 2>/dev/null; then
            die "$name exited before becoming ready"
        fi
        if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    die "$name not ready after 10 s ($url)"
}

# ----------------------------------------------------------------- build --
mkdir -p build/bench
log "building $BARE_BIN"
# shellcheck disable=SC2046
cc -std=c11 -O2 -Wall -Wextra -Werror bench/http/bare.c -o "$BARE_BIN" \
    $(pkg-config --cflags --libs libmicrohttpd)

if [ "$BARE_ONLY" != "1" ]; then
    if [ ! -x "$KEZHUAN_BIN" ] && [ "$KEZHUAN_BIN" = "build/kezhuan" ] && [ -f Makefile ]; then
        log "$KEZHUAN_BIN missing, running make"
        make
    fi
    [ -x "$KEZHUAN_BIN" ] ||
        die "$KEZHUAN_BIN not found (build it with 'make', or run with BARE_ONLY=1 to benchmark only the bare server)"
fi

# ------------------------------------------------------------------- wrk --
declare -A RPS P50 P99 ERRS

# run_wrk NAME URL [extra wrk args...]
run_wrk() {
    local name=$1 url=$2
    shift 2
    local out line
    out="$WORKDIR/wrk-$(printf '%s' "$name" | tr '/' '-').txt"
    log "wrk $name: $url (${DURATION}s, -t$WRK_THREADS -c$CONNECTIONS)"
    local script=$LUA_SCRIPT
    if [ -n "${WRK_SCRIPTS:-}" ]; then
        # a request script plus the report: wrk takes one script, so join them
        script="$WORKDIR/wrk-$(printf '%s' "$name" | tr '/' '-').lua"
        cat "$WRK_SCRIPTS" "$LUA_SCRIPT" >"$script"
    fi
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
        -s "$script" "$@" "$url" >"$out" 2>&1 ||
        { cat "$out" >&2; die "wrk failed for $name"; }
    sed 's/^/    /' "$out" >&2
    line=$(grep '^REPORT ' "$out" | tail -n 1) || die "no REPORT line from wrk for $name"
    field() { printf '%s\n' "$line" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
    RPS[$name]=$(field rps)
    P50[$name]=$(field p50_ms)
    P99[$name]=$(field p99_ms)
    ERRS[$name]=$(( $(field err_connect) + $(field err_read) + $(field err_write) + $(field err_timeout) + $(field non2xx) ))
    if [ "$(field requests)" = "0" ]; then
        die "wrk completed no request against $name"
    fi
    if [ "${ERRS[$name]}" != "0" ]; then
        log "warning: $name had ${ERRS[$name]} errors/non-2xx responses: $line"
    fi
}

# ------------------------------------------------------------------ bare --
BARE_PORT=$(free_port)
"$BARE_BIN" "$BARE_PORT" "$THREADS" >/dev/null 2>&1 &
BARE_PID=$!
PIDS+=("$BARE_PID")
wait_ready "$BARE_PID" "http://$HOST:$BARE_PORT/" "bare server"
run_wrk bare "http://$HOST:$BARE_PORT/"
# Stop the bare server so that it does not compete with kezhuan, and forget
# its pid so that the exit trap never signals a recycled pid.
kill -TERM "$BARE_PID" 2>/dev/null || true
wait "$BARE_PID" 2>/dev/null || true
PIDS=()

TARGETS=(bare)

# --------------------------------------------------------------- kezhuan --
# bench_backend NAME DB: prepares DB (schema, demo data, user bench), serves it, runs the targets.
bench_backend() {
    local name=$1 db=$2 shown
    shown=$(printf '%s' "$db" | sed -E 's#(://[^:/@]*:)[^@]*@#\1***@#')
    log "preparing database $shown ($name)"
    "$KEZHUAN_BIN" migrate --db "$db" >/dev/null
    KEZHUAN_PWHASH_OPS=1 KEZHUAN_PWHASH_MEM_KIB=8 "$KEZHUAN_BIN" demo --if-empty --db "$db" >/dev/null
    if ! printf 'bench-password-1' |
        "$KEZHUAN_BIN" user add --db "$db" --username bench --role admin >/dev/null; then
        log "warning: 'user add' failed (user 'bench' may already exist); trying to log in anyway"
    fi

    local port pid login token body
    port=$(free_port)
    "$KEZHUAN_BIN" serve --db "$db" --port "$port" --threads "$THREADS" --log-requests false \
        >/dev/null 2>&1 &
    pid=$!
    PIDS+=("$pid")
    wait_ready "$pid" "http://$HOST:$port/healthz" "kezhuan ($name)"

    login=$(curl -s -X POST -H 'Content-Type: application/json' \
        -d '{"username":"bench","password":"bench-password-1"}' \
        "http://$HOST:$port/api/v1/auth/login") || die "login request failed"
    token=$(printf '%s' "$login" | json_token) ||
        die "no token in login answer: $login"
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" \
        "http://$HOST:$port/api/v1/me" || die "GET /api/v1/me with the bench token failed"

    run_wrk "healthz/$name" "http://$HOST:$port/healthz"
    run_wrk "me/$name" "http://$HOST:$port/api/v1/me" -H "Authorization: Bearer $token"
    run_wrk "list/$name" "http://$HOST:$port/api/v1/achievements?limit=20" \
        -H "Authorization: Bearer $token"
    # writes: a short run with few connections (every write is a serialized transaction)
    body="$WORKDIR/org-$name.lua"
    cat >"$body" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, string.format(
    '{"name":"压测机构 %d-%d","kind":"enterprise","region":"510107"}', math.random(1e9), n))
end
LUA
    WRK_SCRIPTS="$body" CONNECTIONS=$WRITE_CONNECTIONS DURATION=$WRITE_DURATION \
        run_wrk "write/$name" "http://$HOST:$port/api/v1/orgs" -H "Authorization: Bearer $token"
    TARGETS+=("healthz/$name" "me/$name" "list/$name" "write/$name")

    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    PIDS=()
}

if [ "$BARE_ONLY" != "1" ]; then
    for backend in $BACKENDS; do
        case $backend in
        sqlite) bench_backend sqlite "${KEZHUAN_BENCH_DB:-sqlite:$WORKDIR/bench.db}" ;;
        postgresql)
            dbname="kz_bench_$$"
            psql -X -q -d "$KEZHUAN_TEST_PG" -c "CREATE DATABASE $dbname" >/dev/null ||
                die "cannot create database $dbname"
            bench_backend pg "${KEZHUAN_TEST_PG%/*}/$dbname"
            psql -X -q -d "$KEZHUAN_TEST_PG" -c "DROP DATABASE $dbname WITH (FORCE)" >/dev/null || true
            ;;
        *) die "unknown backend '$backend' in BACKENDS (sqlite, postgresql)" ;;
        esac
    done
fi

# ---------------------------------------------------------------- report --
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else printf "0.000" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if "$@"; then echo PASS; else echo MISS; fi; }

declare -A RATIO
echo
echo "HTTP benchmark: wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s (write: -c$WRITE_CONNECTIONS -d${WRITE_DURATION}s), server threads $THREADS, $(nproc) cores"
printf '%-14s | %10s | %8s | %8s | %13s\n' target 'req/s' 'p50 ms' 'p99 ms' 'ratio to bare'
printf '%s\n' '---------------+------------+----------+----------+--------------'
for t in "${TARGETS[@]}"; do
    RATIO[$t]=$(ratio "${RPS[$t]}" "${RPS[bare]}")
    printf '%-14s | %10s | %8s | %8s | %13s\n' "$t" "${RPS[$t]}" "${P50[$t]}" "${P99[$t]}" "${RATIO[$t]}"
done
echo
for t in "${TARGETS[@]}"; do
    echo "RESULT target=$t rps=${RPS[$t]} p50_ms=${P50[$t]} p99_ms=${P99[$t]} ratio=${RATIO[$t]} errors=${ERRS[$t]}"
done
echo
if [ "$BARE_ONLY" = "1" ]; then
    echo "Targets: skipped (BARE_ONLY=1, kezhuan not measured)"
    echo "  bare p99 <= ${TARGET_P99_MS} ms (reference only): $(verdict le "${P99[bare]}" "$TARGET_P99_MS")"
else
    echo "Targets (informational, at $CONNECTIONS connections):"
    for b in $BACKENDS; do
        [ "$b" = postgresql ] && b=pg
        h="healthz/$b" m="me/$b"
        echo "  $h req/s >= ${TARGET_HEALTHZ_RATIO} x bare: $(verdict ge "${RATIO[$h]}" "$TARGET_HEALTHZ_RATIO") (${RATIO[$h]})"
        echo "  $m req/s >= ${TARGET_ME_RATIO} x bare: $(verdict ge "${RATIO[$m]}" "$TARGET_ME_RATIO") (${RATIO[$m]})"
        echo "  $h p99 <= ${TARGET_P99_MS} ms: $(verdict le "${P99[$h]}" "$TARGET_P99_MS") (${P99[$h]} ms)"
        echo "  $m p99 <= ${TARGET_P99_MS} ms: $(verdict le "${P99[$m]}" "$TARGET_P99_MS") (${P99[$m]} ms)"
    done
    for t in "${TARGETS[@]}"; do
        if [ "${ERRS[$t]}" != "0" ]; then
            echo "  note: $t had ${ERRS[$t]} errors/non-2xx responses; its figures are not trustworthy"
        fi
    done
fi
