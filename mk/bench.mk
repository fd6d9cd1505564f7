# mk/bench.mk — the search benchmarks (bench/quality, bench/search), included by the Makefile.
# Not part of `make check`. See bench/README.md.
#
#   make bench-quality        nDCG@10 / MRR@10 / Recall@100 of every engine on the dev queries
#   make bench-search         build time, memory and query latency on the 1M-document corpus
#   make bench-search-small   the same on its first 100,000 documents
#
# BENCH_ENGINES=fts5,xapian picks engines (default: all linked in); BENCH_ARGS adds options.
# kezhuan's own engine (bench/engine_kz.c) is linked in when that file exists.

BENCH_CFLAGS := $(BASE_CFLAGS) -O2 -Ibench
BENCH_CXXFLAGS := -std=c++17 -Wall -Wextra -Werror -g -O2 -Ibench
BENCH_KZ := $(wildcard bench/engine_kz.c)
BENCH_ENGINE_OBJ := build/bench/obj/bench.o build/bench/obj/engine_fts5.o \
    build/bench/obj/engine_xapian.o $(if $(BENCH_KZ),build/bench/obj/engine_kz.o)
BENCH_DEFS := $(if $(BENCH_KZ),-DHAVE_KZ_ENGINE)
BENCH_DEPS_STAMP := build/.deps-bench
BENCH_LIBS = $(PKG_LIBS) $(shell pkg-config --libs xapian-core zlib 2>/dev/null) -lstdc++ -lm
BENCH_ENGINE_ARG = $(if $(BENCH_ENGINES),--engine $(BENCH_ENGINES))

$(BENCH_DEPS_STAMP): bench/deps.sh
	@mkdir -p build
	@bash bench/deps.sh
	@touch $@

build/bench/obj/%.o: bench/%.c bench/engine.h bench/bench.h $(HDRS) | $(DEPS_STAMP) $(BENCH_DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $(BENCH_DEFS) $(PKG_CFLAGS) -c $< -o $@

build/bench/obj/engine_xapian.o: bench/engine_xapian.cc bench/engine.h bench/bench.h | $(BENCH_DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(BENCH_CXXFLAGS) $(shell pkg-config --cflags xapian-core 2>/dev/null) -c $< -o $@

# The harnesses link all of the product's objects (engine_kz.c uses src/search and src/core).
# $(OBJ) is only complete after every mk/*.mk is read, hence the second expansion.
.SECONDEXPANSION:
build/bench/bin/quality: bench/quality/quality.c $(BENCH_ENGINE_OBJ) $$(OBJ) build/obj/embed.o | $(BENCH_DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $(BENCH_DEFS) $(PKG_CFLAGS) -o $@ $< $(BENCH_ENGINE_OBJ) $(OBJ) \
	    build/obj/embed.o $(BENCH_LIBS)

build/bench/bin/search: bench/search/search.c $(BENCH_ENGINE_OBJ) $$(OBJ) build/obj/embed.o | $(BENCH_DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $(BENCH_DEFS) $(PKG_CFLAGS) -o $@ $< $(BENCH_ENGINE_OBJ) $(OBJ) \
	    build/obj/embed.o $(BENCH_LIBS)

.PHONY: bench-quality bench-search bench-search-small
bench-quality: build/bench/bin/quality
	build/bench/bin/quality $(BENCH_ENGINE_ARG) $(BENCH_ARGS)

bench-search: build/bench/bin/search
	build/bench/bin/search $(BENCH_ENGINE_ARG) $(BENCH_ARGS)

bench-search-small: build/bench/bin/search
	build/bench/bin/search --docs 100000 $(BENCH_ENGINE_ARG) $(BENCH_ARGS)
