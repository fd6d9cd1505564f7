#!/usr/bin/env bash
# with-pg.sh CMD [ARGS…] — runs CMD with a throwaway PostgreSQL 15 server, then stops it.
#
# Installs Debian's postgresql when its binaries are missing, makes a cluster in a temporary
# directory (initdb as the postgres user when run as root: PostgreSQL refuses to run as root),
# starts it on a free loopback port with its unix socket in that directory, and runs CMD with
#   KEZHUAN_TEST_PG=postgresql://kezhuan@127.0.0.1:PORT/postgres   (superuser, trust auth)
# The tests make a fresh database per server from it. The cluster is tuned for tests (no fsync:
# the tests crash kezhuan nodes, never the database server) unless KEZHUAN_PG_DURABLE=1 (the
# benchmarks: fsync and synchronous commit on, as in production), and removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

PGBIN=${KEZHUAN_PGBIN:-/usr/lib/postgresql/15/bin} # Debian's, not /usr/local/bin's pg_ctl
log() { printf '[with-pg] %s\n' "$*" >&2; }

if [ ! -x "$PGBIN/initdb" ]; then
  log "installing postgresql (Debian)"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || true
  $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
fi
[ -x "$PGBIN/initdb" ] || { log "no PostgreSQL binaries in $PGBIN"; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/kezhuan-pg.XXXXXX")
runas=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres: "$dir"
  runas=(runuser -u postgres --)
fi

started=0
stop() {
  local rc=$?
  if [ "$started" = 1 ]; then
    "${runas[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      log "pg_ctl stop failed"
  fi
  rm -rf "$dir"
  exit "$rc"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${runas[@]}" "$PGBIN/initdb" -D "$dir/data" -U kezhuan -A trust -E UTF8 --no-locale --no-sync \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

tuning="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${KEZHUAN_PG_DURABLE:-0}" = 1 ] && tuning="-c fsync=on -c synchronous_commit=on"

for attempt in 1 2 3 4 5; do
  port=$(free_port)
  if "${runas[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $tuning \
          -c max_connections=300 -c shared_buffers=64MB \
          -c log_min_messages=warning -c log_statement=none" start >/dev/null; then
    started=1
    break
  fi
  log "start on port $port failed (attempt $attempt)"
  tail -5 "$dir/server.log" >&2 || true
done
[ "$started" = 1 ] || { log "could not start PostgreSQL"; exit 1; }

export KEZHUAN_TEST_PG="postgresql://kezhuan@127.0.0.1:$port/postgres"
export KEZHUAN_TEST_PG_SOCKET_DIR="$dir"
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
"$@"
