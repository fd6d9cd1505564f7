# mk/web.mk — the web UI (web/: Vue 3 + Element Plus + ECharts, built with Vite), included by the
# Makefile. kezhuan serve answers it from web/dist (src/http/h_static.c).
#
#   make web       npm ci in web/ (when package-lock.json changed) and vite build when sources did
#   make browser   the browser tests (tests/browser, playwright-core + Debian's chromium), in make check
#   make web-node18  the same build with Debian 12's own Node.js 18 (scripts/node18.sh unpacks it
#                  into build/node18), in make check: the UI must build on a plain Debian 12
#
# Vite 5 runs on Node.js 18 and newer; scripts/deps.sh installs nodejs, npm and chromium when missing.

WEB_SRC := $(shell find web/src web/build web/public -type f 2>/dev/null) web/index.html \
    web/vite.config.js web/package.json data/vocab/regions.tsv
WEB_NPM := web/node_modules/.package-lock.json
WEB_OUT := web/dist/index.html

.PHONY: web browser web-node18

$(WEB_NPM): web/package-lock.json | $(DEPS_STAMP)
	@node -e 'const [a]=process.versions.node.split(".").map(Number); if (a<18) { console.error("web: Node.js "+process.versions.node+" is too old for vite 5 (need 18 or newer)"); process.exit(1); }'
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_OUT): $(WEB_NPM) $(WEB_SRC)
	cd web && node node_modules/vite/bin/vite.js build --logLevel warn
	@touch $@

web: $(WEB_OUT)

run: web

browser: build/kezhuan $(WEB_OUT) build/.deps-check
	@mkdir -p test-output/screenshots
	KEZHUAN_BIN=$(CURDIR)/build/kezhuan KEZHUAN_WEB_DIST=$(CURDIR)/web/dist \
	    node --test --test-concurrency=1 tests/browser/

# The build under Node.js 18 into build/web-node18: every asset index.html names must be there.
web-node18: $(WEB_NPM) $(WEB_SRC)
	@N18=$$(bash scripts/node18.sh) && cd web && "$$N18" node_modules/vite/bin/vite.js build \
	    --logLevel warn --outDir ../build/web-node18 --emptyOutDir
	node web/build/check-dist.mjs build/web-node18

check: browser web-node18
