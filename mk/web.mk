# mk/web.mk — the web UI (web/: Vue 3 + Element Plus + ECharts, built with Vite), included by the
# Makefile. kezhuan serve answers it from web/dist (src/http/h_static.c).
#
#   make web       npm ci in web/ (when package-lock.json changed) and vite build when sources did
#   make browser   the browser tests (tests/browser, playwright-core + Debian's chromium), in make check
#
# vite needs Node.js ≥ 20.19; scripts/deps.sh installs nodejs, npm and chromium when missing.

WEB_SRC := $(shell find web/src web/build web/public -type f 2>/dev/null) web/index.html \
    web/vite.config.js web/package.json data/vocab/regions.tsv
WEB_NPM := web/node_modules/.package-lock.json
WEB_OUT := web/dist/index.html

.PHONY: web browser

$(WEB_NPM): web/package-lock.json | $(DEPS_STAMP)
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("web: Node.js "+process.versions.node+" is too old for vite (need 20.19 or newer)"); process.exit(1); }'
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

check: browser
