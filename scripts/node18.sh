#!/usr/bin/env bash
# scripts/node18.sh — Debian 12's own Node.js (18.x, packages nodejs and libnode108), unpacked
# into build/node18 beside whatever Node.js the machine has, so that `make check` can build the
# web UI with the Node.js a plain Debian 12 machine gets (issue 14: the web must build there).
# Installs the packages that node needs at run time (shared libraries, and the JavaScript that
# Debian's node loads from /usr/share/nodejs: acorn, cjs-module-lexer, undici) — none of them
# replaces an installed nodejs. Prints the path of a node wrapper. Debian and its packages only.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/node18
wrapper=$dir/node
if [ -x "$wrapper" ] && "$wrapper" -e 'process.exit(process.versions.node.startsWith("18.") ? 0 : 1)' 2>/dev/null; then
  echo "$PWD/$wrapper"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
runtime=(libuv1 libc-ares2 libicu72 libnghttp2-14 libbrotli1 libssl3 node-acorn node-cjs-module-lexer node-undici)
missing=()
for p in "${runtime[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
version() { apt-cache madison nodejs 2>/dev/null | awk '$3 ~ /^18\./ { print $3; exit }'; }
if [ ${#missing[@]} -gt 0 ] || [ -z "$(version)" ]; then
  echo "node18: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >&2 || true
  [ ${#missing[@]} -eq 0 ] || $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
v=$(version)
if [ -z "$v" ]; then
  echo "node18: no Node.js 18 package in the apt sources" >&2
  exit 1
fi
rm -rf "$dir"
mkdir -p "$dir/debs"
(cd "$dir/debs" && apt-get download "nodejs=$v" libnode108 >&2 2>/dev/null) ||
  (cd "$dir/debs" && apt-get download "nodejs=$v" libnode108 >&2)
for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$dir/root"; done
cat >"$wrapper" <<WRAP
#!/bin/sh
LD_LIBRARY_PATH="$PWD/$dir/root/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$PWD/$dir/root/usr/bin/node" "\$@"
WRAP
chmod +x "$wrapper"
"$wrapper" --version >&2
echo "$PWD/$wrapper"
