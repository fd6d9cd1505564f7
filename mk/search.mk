# mk/search.mk — the search engine (src/search): sources, packages and its fuzz target,
# included by the Makefile.
#
#   make fuzz-build    also builds build/fuzz/fuzz_analyze (the text analyzer)
#   make fuzz-smoke    also runs it for FUZZ_SMOKE_SECONDS, `make fuzz` for FUZZ_SECONDS
#
# The analyzer target has its own run rule (no libFuzzer -dict file, no seed directory), so it
# is not added to FUZZ_TARGETS; its corpus grows in build/fuzz/corpus/analyze/.

SRC += $(wildcard src/search/*.c)
PKGS += libutf8proc opencc
PKG_LIBS += -lm -lroaring

FUZZ_ANALYZE_OBJ := build/fuzz/obj/search/analyze.o build/fuzz/obj/search/lexicon.o build/fuzz/obj/search/t2s.o build/fuzz/obj/core/validate.o \
    build/fuzz/obj/core/errors.o

build/fuzz/fuzz_analyze: fuzz/fuzz_analyze.c $(FUZZ_ANALYZE_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Isrc -o $@ $< $(FUZZ_ANALYZE_OBJ) \
	    $(PKG_LIBS)

FUZZ_QUERY_OBJ := build/fuzz/obj/search/analyze.o build/fuzz/obj/search/lexicon.o build/fuzz/obj/search/t2s.o build/fuzz/obj/search/query.o \
    build/fuzz/obj/search/index.o build/fuzz/obj/search/highlight.o build/fuzz/obj/core/escape.o \
    build/fuzz/obj/core/validate.o build/fuzz/obj/core/errors.o

build/fuzz/fuzz_query: fuzz/fuzz_query.c $(FUZZ_QUERY_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Isrc -o $@ $< $(FUZZ_QUERY_OBJ) \
	    $(PKG_LIBS)

# $(call fuzz_analyze_run,seconds)
define fuzz_analyze_run
	@mkdir -p build/fuzz/corpus/analyze build/fuzz/artifacts
	@echo "== fuzz_analyze for $(1) s"
	build/fuzz/fuzz_analyze -max_total_time=$(1) -rss_limit_mb=$(FUZZ_RSS_MB) -timeout=10 \
	    -max_len=8192 -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/fuzz_analyze- \
	    build/fuzz/corpus/analyze $(wildcard fuzz/corpus/analyze)
	@mkdir -p build/fuzz/corpus/query
	@echo "== fuzz_query for $(1) s"
	build/fuzz/fuzz_query -max_total_time=$(1) -rss_limit_mb=$(FUZZ_RSS_MB) -timeout=10 \
	    -max_len=8192 -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/fuzz_query- \
	    build/fuzz/corpus/query $(wildcard fuzz/corpus/query)
endef

.PHONY: fuzz-analyze-smoke fuzz-analyze
fuzz-analyze-smoke: build/fuzz/fuzz_analyze build/fuzz/fuzz_query
	$(call fuzz_analyze_run,$(FUZZ_SMOKE_SECONDS))

fuzz-analyze: build/fuzz/fuzz_analyze build/fuzz/fuzz_query
	$(call fuzz_analyze_run,$(FUZZ_SECONDS))

fuzz-build: build/fuzz/fuzz_analyze build/fuzz/fuzz_query
fuzz-smoke: fuzz-analyze-smoke
fuzz: fuzz-analyze
