#!/usr/bin/env bash
# bench/deps.sh — installs what the search benchmarks (bench/quality, bench/search) need on
# Debian 12, on top of the product's own packages (scripts/deps.sh): the peer engines
# (Xapian, SQLite with FTS5), zlib for the gzip'd scale corpus, a C++ compiler for the
# Xapian engine and python3 for the evaluator. Checks first; installs only what is missing.
set -euo pipefail

missing=()
# pkg-config module -> Debian package
for m in xapian-core:libxapian-dev sqlite3:libsqlite3-dev zlib:zlib1g-dev jansson:libjansson-dev; do
  pkg-config --exists "${m%%:*}" 2>/dev/null || missing+=("${m#*:}")
done
# command -> Debian package
for c in g++:g++ python3:python3 pkg-config:pkg-config; do
  command -v "${c%%:*}" >/dev/null 2>&1 || missing+=("${c#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "bench deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || true
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
