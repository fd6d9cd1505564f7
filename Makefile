# kezhuan — build, run and test. `make run` and `make check` install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := all
CC ?= cc
PKGS := libmicrohttpd jansson libsodium sqlite3 xlsxwriter minizip expat
WARN := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -g -Isrc
DEPS_STAMP := build/.deps-build
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread

SRC := $(wildcard src/core/*.c src/db/*.c src/domain/*.c src/kinds/*.c src/http/*.c src/io/*.c src/demo/*.c) $(filter-out src/main.c,$(wildcard src/*.c))
MAIN := src/main.c
EMBED := src/embed.S
EMBEDDED := openapi.json data/vocab/regions.tsv data/vocab/industries.tsv data/vocab/workdays.tsv $(wildcard db/sqlite/*.sql)
HDRS := $(wildcard src/*.h src/*/*.h)

# Further rules (fuzz targets, …) live in mk/*.mk.
-include $(wildcard mk/*.mk)

OBJ := $(patsubst src/%.c,build/obj/%.o,$(SRC))
ASAN_OBJ := $(patsubst src/%.c,build/asan/obj/%.o,$(SRC))
ASAN_FLAGS := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps check-deps run check unit unit-asan api api-asan crash fmt fmt-check clean bench-http openapi
all: build/kezhuan

$(DEPS_STAMP): scripts/deps.sh
	@mkdir -p build
	@bash scripts/deps.sh build
	@touch $@

deps: $(DEPS_STAMP)

build/.deps-check: scripts/deps.sh $(wildcard package.json package-lock.json) $(DEPS_STAMP)
	@bash scripts/deps.sh check
	@touch $@

check-deps: build/.deps-check

build/obj/%.o: src/%.c $(HDRS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -O2 $(PKG_CFLAGS) -c $< -o $@

build/asan/obj/%.o: src/%.c $(HDRS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(ASAN_FLAGS) $(PKG_CFLAGS) -c $< -o $@

build/obj/embed.o: $(EMBED) $(EMBEDDED)
	@mkdir -p $(dir $@)
	$(CC) -c $(EMBED) -o $@

build/kezhuan: $(OBJ) build/obj/main.o build/obj/embed.o
	$(CC) -o $@ $^ $(PKG_LIBS)

build/asan/kezhuan: $(ASAN_OBJ) build/asan/obj/main.o build/obj/embed.o
	$(CC) $(ASAN_FLAGS) -o $@ $^ $(PKG_LIBS)

# Unit tests (cmocka) link the library objects; ASan+UBSan variants too.
build/tests/%: tests/unit/%.c $(OBJ) build/obj/embed.o tests/unit/unit.h | build/.deps-check
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -O1 $(PKG_CFLAGS) -Isrc -o $@ $< $(OBJ) build/obj/embed.o $(PKG_LIBS) -lcmocka

build/tests-asan/%: tests/unit/%.c $(ASAN_OBJ) build/obj/embed.o tests/unit/unit.h | build/.deps-check
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(ASAN_FLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(ASAN_OBJ) build/obj/embed.o $(PKG_LIBS) -lcmocka

unit: $(addprefix build/tests/,$(UNIT_TESTS))
	@set -e; for t in $^; do echo "== $$t"; $$t; done

unit-asan: $(addprefix build/tests-asan/,$(UNIT_TESTS))
	@set -e; for t in $^; do echo "== $$t (asan)"; ASAN_OPTIONS=detect_leaks=1 $$t; done

api: build/kezhuan build/.deps-check
	KEZHUAN_BIN=$(CURDIR)/build/kezhuan node --test --test-concurrency=1 tests/api/

api-asan: build/asan/kezhuan build/.deps-check
	KEZHUAN_BIN=$(CURDIR)/build/asan/kezhuan KEZHUAN_ASAN=1 node --test --test-concurrency=1 tests/api/

check: build/.deps-check fmt-check unit api unit-asan api-asan unit-pg api-pg cluster fuzz-smoke
	@echo "make check: all suites passed"

run: build/kezhuan
	@mkdir -p var
	./build/kezhuan migrate --db sqlite:var/kezhuan.db
	./build/kezhuan demo --if-empty --db sqlite:var/kezhuan.db
	@echo "演示账号密码 / demo password: Kezhuan@2026 — 打开 http://$(or $(HOST),127.0.0.1):$(or $(PORT),8080)"
	./build/kezhuan serve --db sqlite:var/kezhuan.db $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

fmt:
	clang-format -i $(wildcard src/*.c src/*.h src/*/*.c src/*/*.h tests/unit/*.c tests/unit/*.h bench/http/*.c bench/*.c bench/*.h bench/quality/*.c bench/search/*.c fuzz/fuzz_query.c)

fmt-check:
	@clang-format --dry-run --Werror $(wildcard src/*.c src/*.h src/*/*.c src/*/*.h tests/unit/*.c tests/unit/*.h bench/http/*.c bench/*.c bench/*.h bench/quality/*.c bench/search/*.c fuzz/fuzz_query.c)

# openapi.json: the contract of the kinds the engine serves alone, written from their descriptors
# (scripts/openapi-kinds.mjs; tests/api/kinds.test.mjs fails when the file and they differ)
openapi: build/kezhuan
	./build/kezhuan kinds > build/kinds.json
	node scripts/openapi-kinds.mjs build/kinds.json
	$(MAKE) build/kezhuan

bench-http: build/kezhuan
	bash bench/http/run.sh

clean:
	rm -rf build
