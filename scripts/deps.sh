#!/usr/bin/env bash
# Installs what kezhuan needs on Debian 12: the -dev packages the C build checks with
# pkg-config, the tools the tests use, and npm packages where a package.json needs them.
# Usage: scripts/deps.sh build|check
set -euo pipefail
what=${1:-build}
cd "$(dirname "$0")/.."

# pkg-config module -> Debian package
build_mods=(libmicrohttpd:libmicrohttpd-dev jansson:libjansson-dev libsodium:libsodium-dev
            sqlite3:libsqlite3-dev xlsxwriter:libxlsxwriter-dev minizip:libminizip-dev
            expat:libexpat1-dev libutf8proc:libutf8proc-dev opencc:libopencc-dev libpq:libpq-dev)
check_mods=(cmocka:libcmocka-dev)
# command -> Debian package
build_cmds=(cc:gcc pkg-config:pkg-config make:make node:nodejs npm:npm)
check_cmds=(sqlite3:sqlite3 curl:curl clang:clang clang-format:clang-format chromium:chromium
            psql:postgresql-client haproxy:haproxy)

missing=()
command -v pkg-config >/dev/null || missing+=(pkg-config)
mods=("${build_mods[@]}"); cmds=("${build_cmds[@]}")
if [ "$what" = check ]; then mods+=("${check_mods[@]}"); cmds+=("${check_cmds[@]}"); fi
for m in "${mods[@]}"; do
  if ! pkg-config --exists "${m%%:*}" 2>/dev/null; then missing+=("${m#*:}"); fi
done
for c in "${cmds[@]}"; do
  command -v "${c%%:*}" >/dev/null 2>&1 || missing+=("${c#*:}")
done
# CRoaring (compressed bitmaps of the list attributes, src/search/attrs.c): no pkg-config file
[ -e /usr/include/roaring/roaring.h ] || missing+=(libroaring-dev)
# friso's Chinese dictionary (read at run time by the text analyzer)
[ -d /usr/share/friso/dict ] || missing+=(friso-dict)
if [ "$what" = check ]; then
  # ASan/UBSan runtimes for gcc
  [ -e "$(gcc -print-file-name=libasan.so)" ] || missing+=(libasan8)
  [ -e "$(gcc -print-file-name=libubsan.so)" ] || missing+=(libubsan1)
  # clang's sanitizer and libFuzzer runtimes for the fuzz targets
  dpkg -s libclang-rt-dev >/dev/null 2>&1 || missing+=(libclang-rt-dev)
  # Chinese glyphs for the browser tests' screenshots (headless Chromium has no CJK font otherwise)
  dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
  # PostgreSQL 15 server binaries for the PostgreSQL suites (scripts/with-pg.sh)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || true
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ "$what" = check ] && [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund >&2
  fi
fi
