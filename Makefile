# The two commands: `make run` and `make test`. Everything else is detail.
BUILD ?= build
DB ?= var/takamul.db
LISTEN ?= 127.0.0.1:8080
MESON_FLAGS ?=
SERVE_FLAGS ?=

.PHONY: run test bench fuzz soak clean deps deps-test build test-unit test-pg test-api test-api-pg test-failpoints test-browser test-browser-pg \
        check-clang check-format fuzz-failpoints

run: deps build
	@if [ ! -f "$(DB)" ]; then mkdir -p "$(dir $(DB))" && $(BUILD)/takamul demo --db "$(DB)"; \
	else echo "Using the existing database $(DB); demo logins: USER / takamul-demo-USER (admin, caseworker, supervisor, ...)"; fi
	@echo "Takamul is at http://$(LISTEN)/  (Ctrl-C stops it)"
	$(BUILD)/takamul serve --db "$(DB)" --listen "$(LISTEN)" $(SERVE_FLAGS)

deps:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

build:
	@if [ ! -f "$(BUILD)/build.ninja" ]; then meson setup "$(BUILD)" $(MESON_FLAGS); fi
	@ninja -C "$(BUILD)"

# Tests run against a build with AddressSanitizer and UndefinedBehaviorSanitizer, warnings as errors;
# then the sources are compiled once more with clang to keep both compilers clean.
TEST_BUILD = build-test
# What libraries keep on purpose for the life of the process (fontconfig's cache) is not a leak of ours.
export LSAN_OPTIONS = suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
# The test build also has failpoints (src/base/failpoint.h): inert unless TAKAMUL_FAIL_AT is set, so every test runs as
# usual, and the failpoint loop can use the same binary. A test build made before the option existed gets it here.
test: deps-test
	@if [ -f $(TEST_BUILD)/build.ninja ] && ! grep -q TAKAMUL_FAILPOINTS $(TEST_BUILD)/build.ninja; then \
	  meson setup --reconfigure $(TEST_BUILD) -Dfailpoints=true; fi
	@$(MAKE) --no-print-directory build BUILD=$(TEST_BUILD) MESON_FLAGS="-Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Dfailpoints=true"
	@$(MAKE) --no-print-directory check-format test-unit test-pg test-api test-api-pg test-failpoints test-browser test-browser-pg check-clang

test-unit:
	meson test -C $(TEST_BUILD) --suite unit --print-errorlogs

# Every statement of the store prepared on a throw-away PostgreSQL 15, against src/store/pg/schema.sql (docs/store.md).
test-pg:
	tests/pg/run.sh $(TEST_BUILD)

test-api:
	TAKAMUL_BIN=$(TEST_BUILD)/takamul node --test --test-concurrency=1 tests/api/

# The API tests again on PostgreSQL: one throw-away PostgreSQL 15 for the run (tests/pg/with-server.sh), a database
# of its own for each test server (docs/store.md).
test-api-pg:
	TAKAMUL_BIN=$(TEST_BUILD)/takamul tests/pg/with-server.sh node --test --test-concurrency=1 tests/api/

# The failpoint loop's short form (docs/operations.md, "Fault injection"): every FAILPOINT_STEP-th counted call of
# the main paths fails in turn (about 100 runs, under 3 minutes); `make fuzz-failpoints` fails every one.
FAILPOINT_STEP ?= 29
test-failpoints:
	TAKAMUL_BIN=$(TEST_BUILD)/takamul node scripts/failpoints.js --step $(FAILPOINT_STEP)

test-browser:
	TAKAMUL_BIN=$(TEST_BUILD)/takamul node --test --test-concurrency=1 tests/browser/

# The browser tests again on PostgreSQL, as the API tests are (one throw-away PostgreSQL 15 for the run).
test-browser-pg:
	TAKAMUL_BIN=$(TEST_BUILD)/takamul tests/pg/with-server.sh node --test --test-concurrency=1 tests/browser/

# The C sources as .clang-format writes them (clang-format from Debian).
check-format:
	@clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h') && echo "format: clean"

check-clang:
	@if [ ! -f build-clang/build.ninja ]; then CC=clang meson setup build-clang -Dwerror=true >/dev/null; fi
	@ninja -C build-clang > build-clang/last-build.log 2>&1 || { cat build-clang/last-build.log; exit 1; }
	@echo "clang build: clean"

# Soak: the server killed with SIGKILL during concurrent writes, round after round on one database (every acknowledged
# write survives; the check and the audit chain pass), and stopped with SIGTERM under 40 keep-alive clients (each
# exit is 0). SOAK_ROUNDS rounds of each, 30 by default (about 15 minutes), on the sanitized test build.
soak: deps-test
	@$(MAKE) --no-print-directory build BUILD=$(TEST_BUILD) MESON_FLAGS="-Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Dfailpoints=true"
	TAKAMUL_BIN=$(TEST_BUILD)/takamul node --test --test-concurrency=1 tests/soak/

fuzz:
	@scripts/install-deps.sh fuzz
	scripts/fuzz.sh
	@$(MAKE) --no-print-directory fuzz-failpoints

# The whole failpoint loop: each counted call of the main paths fails in turn (about 2,800 runs, 75 minutes).
fuzz-failpoints:
	@$(MAKE) --no-print-directory build BUILD=build-failpoints MESON_FLAGS="-Db_sanitize=address,undefined -Db_lundef=false -Dfailpoints=true"
	TAKAMUL_BIN=build-failpoints/takamul node scripts/failpoints.js

# BENCH_PERSONS_LARGE=10000000 make bench: the person search also at that size, Takamul alone (no PostgreSQL, no
# FTS5), on both populations unless BENCH_POPULATION says otherwise; it takes minutes (docs/benchmarks.md).
bench:
	@scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory build
	bench/run.sh
	TAKAMUL_BIN=$(BUILD)/takamul bench/search/run.sh
	if [ -n "$(BENCH_PERSONS_LARGE)" ]; then \
	  TAKAMUL_BIN=$(BUILD)/takamul BENCH_PERSONS=$(BENCH_PERSONS_LARGE) BENCH_PG=0 BENCH_FTS5=0 \
	    BENCH_POPULATION=$${BENCH_POPULATION:-both} bench/search/run.sh; \
	fi
	TAKAMUL_BIN=$(BUILD)/takamul bench/studies/run.sh
	TAKAMUL_BIN=$(BUILD)/takamul bench/homes/run.sh
	TAKAMUL_BIN=$(BUILD)/takamul bench/statistics/run.sh
	TAKAMUL_BIN=$(BUILD)/takamul bench/servers/run.sh

clean:
	rm -rf build build-test build-clang build-fuzz build-dev build-failpoints
