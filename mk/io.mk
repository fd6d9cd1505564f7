# mk/io.mk — fuzzing the table readers (src/io), included by the Makefile.
#
#   make fuzz-build   build/fuzz/fuzz_{csv,jsonl,xlsx,rule} (clang libFuzzer + ASan + UBSan) and seeds
#                     (fuzz_rule: the 政策兑现 rule parser and evaluator, src/domain/rule.c)
#   make fuzz-smoke   each target for FUZZ_SMOKE_SECONDS (20 s), for `make check`
#   make fuzz         each target for FUZZ_SECONDS (300 s)
#
# Corpora: fuzz/corpus/<kind>/ (committed seeds, read only), build/fuzz/seed/<kind>/ (made
# here: GBK CSV, xlsx workbooks) and build/fuzz/corpus/<kind>/ (what the fuzzer finds; first, so
# new inputs land there). Crashes are written to build/fuzz/artifacts/. Reproduce one with
# `build/fuzz/fuzz_csv FILE`.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 15
FUZZ_RSS_MB ?= 2048
FUZZ_TARGETS := fuzz_csv fuzz_jsonl fuzz_xlsx fuzz_rule
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -g -O1 $(FUZZ_SAN)
FUZZ_LIB_SRC := $(wildcard src/io/*.c) src/core/validate.c src/core/errors.c src/core/jsonx.c \
    src/domain/rule.c
FUZZ_LIB_OBJ := $(patsubst src/%.c,build/fuzz/obj/%.o,$(FUZZ_LIB_SRC))
FUZZ_BINS := $(addprefix build/fuzz/,$(FUZZ_TARGETS))
FUZZ_SEEDS := build/fuzz/seed/.stamp

.PHONY: fuzz-build fuzz-smoke fuzz

build/fuzz/obj/%.o: src/%.c $(HDRS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c $< -o $@

$(FUZZ_BINS): build/fuzz/%: fuzz/%.c fuzz/fuzz_common.h $(FUZZ_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Isrc -o $@ $< $(FUZZ_LIB_OBJ) \
	    $(PKG_LIBS)

build/fuzz/xlsx_seed: fuzz/xlsx_seed.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

$(FUZZ_SEEDS): build/fuzz/xlsx_seed
	@mkdir -p build/fuzz/seed/csv build/fuzz/seed/jsonl build/fuzz/seed/xlsx build/fuzz/seed/rule
	build/fuzz/xlsx_seed build/fuzz/seed/xlsx
	printf '成果名称,持有单位\r\n"锂电池, 正极",四川大学\r\n' | iconv -f UTF-8 -t GBK \
	    > build/fuzz/seed/csv/gbk.csv
	printf '名称\t年份\r\n成果\t2024\r\n' | iconv -f UTF-8 -t UTF-16 > build/fuzz/seed/csv/utf16.csv
	@touch $@

fuzz-build: $(FUZZ_BINS) $(FUZZ_SEEDS)

# $(call fuzz_run,target,seconds)
define fuzz_run
	@mkdir -p build/fuzz/corpus/$(1:fuzz_%=%) build/fuzz/artifacts
	@echo "== $(1) for $(2) s"
	build/fuzz/$(1) -max_total_time=$(2) -rss_limit_mb=$(FUZZ_RSS_MB) -timeout=10 \
	    -max_len=$(if $(filter fuzz_xlsx,$(1)),65536,8192) -print_final_stats=1 \
	    -dict=fuzz/$(1:fuzz_%=%).dict -artifact_prefix=build/fuzz/artifacts/$(1)- \
	    build/fuzz/corpus/$(1:fuzz_%=%) $(wildcard fuzz/corpus/$(1:fuzz_%=%)) \
	    build/fuzz/seed/$(1:fuzz_%=%)

endef

fuzz-smoke: fuzz-build
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(FUZZ_SMOKE_SECONDS)))

fuzz: fuzz-build
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(FUZZ_SECONDS)))
