# Tandem: `make run` starts the API and the SPA with demo data; `make test` runs every test.

SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(CURDIR)/target
PROFILE ?= debug
CARGO_PROFILE_FLAG := $(if $(filter release,$(PROFILE)),--release,)
TANDEM_BIN := $(CARGO_TARGET_DIR)/$(PROFILE)/tandem
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# libpq never tries GSSAPI encryption against the local test clusters: with it, libkrb5's
# thread-specific data can abort a test process at exit (seen under libfaketime in
# test-backend-future: "krb5int_getspecific: Assertion ... failed", SIGABRT after the test passed).
export PGGSSENCMODE ?= disable
API_BIND ?= 127.0.0.1:8080
WEB_PORT ?= 5173

.PHONY: run build backend frontend-deps frontend-build test test-backend test-backend-future test-frontend test-e2e test-fuzz fuzz test-durability test-bench-smoke bench check openapi fmt lint clean

## Build the server binary and the SPA.
build: backend frontend-build

backend:
	cargo build $(CARGO_PROFILE_FLAG) -p tandem --bin tandem

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend-deps: frontend/node_modules/.package-lock.json

frontend-build: frontend-deps
	cd frontend && npm run build

## Run Tandem with demo data: API on $(API_BIND), SPA on 127.0.0.1:$(WEB_PORT). Ctrl-C stops both.
run: build
	@mkdir -p data
	@set -euo pipefail; \
	export TANDEM_DATA_DIR=$${TANDEM_DATA_DIR:-$(CURDIR)/data} TANDEM_BIND=$${TANDEM_BIND:-$(API_BIND)}; \
	"$(TANDEM_BIN)" serve --seed-demo & api=$$!; \
	trap 'kill $$api $${web:-} 2>/dev/null || true' EXIT INT TERM; \
	for i in $$(seq 1 100); do curl -fsS "http://$$TANDEM_BIND/readyz" >/dev/null 2>&1 && break; sleep 0.2; done; \
	(cd frontend && TANDEM_API_URL="http://$$TANDEM_BIND" exec npx vite preview --host 127.0.0.1 --port $(WEB_PORT) --strictPort) & web=$$!; \
	sleep 2; \
	echo; \
	echo "  Tandem is running."; \
	echo "  SPA:      http://127.0.0.1:$(WEB_PORT)/"; \
	echo "  API:      http://$$TANDEM_BIND/api/v1   (docs: http://$$TANDEM_BIND/api/docs/)"; \
	echo "  Sign in:  zhangsan@demo.tandem.cn / Tandem@2026 (张三, 销售部)"; \
	echo "  Admin:    admin@demo.tandem.cn / Tandem@2026"; \
	echo "  Data:     $$TANDEM_DATA_DIR"; \
	echo; \
	wait $$api

## Every test: Rust unit and API tests on SQLite and PostgreSQL (today and 400 days ahead), OpenAPI
## drift, SPA unit and end-to-end tests, the API against its contract (Schemathesis), crash
## durability (kill -9), the benchmark smoke run. Every part runs even when an earlier one fails;
## the summary names the parts that failed.
TEST_PARTS := test-backend test-backend-future test-frontend test-e2e test-fuzz test-durability test-bench-smoke
test:
	@failed=(); \
	for part in $(TEST_PARTS); do \
	  echo "==> make $$part"; \
	  started=$$(date +%s); \
	  if $(MAKE) --no-print-directory $$part; then \
	    echo "==> $$part passed ($$(( $$(date +%s) - started )) s)"; \
	  else \
	    echo "==> $$part FAILED ($$(( $$(date +%s) - started )) s)"; failed+=("$$part"); \
	  fi; \
	done; \
	if [ $${#failed[@]} -gt 0 ]; then echo "make test: $${#failed[@]} of $(words $(TEST_PARTS)) parts failed: $${failed[*]}" >&2; exit 1; fi; \
	echo "make test: all $(words $(TEST_PARTS)) parts passed"

test-backend:
	cargo build -p tandem --bin tandem
	@if command -v cargo-nextest >/dev/null 2>&1; then \
	  .ci/with-postgres cargo nextest run --workspace --no-fail-fast; \
	else \
	  .ci/with-postgres cargo test --workspace --no-fail-fast; \
	fi

## The Rust tests again with the system clock of the test processes moved FUTURE ahead: Debian's
## libfaketime preloaded by cargo's target runner, so only the test binaries run in the future,
## not cargo or rustc (which hang under it). A test that reads today's date, or a date that is only
## in the future for now, fails here long before the day it would fail on main.
## `clock_guard::the_future_run_really_runs_in_the_future` checks that the move took effect.
FUTURE ?= +400d
FAKETIME_LIB ?= $(firstword $(wildcard /usr/lib/*/faketime/libfaketime.so.1))
HOST_TRIPLE = $(shell rustc -vV | sed -n 's/^host: //p' | tr 'a-z-' 'A-Z_')
test-backend-future:
	@[ -n "$(FAKETIME_LIB)" ] || { echo "test-backend-future: libfaketime not found (Debian package libfaketime)" >&2; exit 1; }
	export CARGO_TARGET_$(HOST_TRIPLE)_RUNNER="env LD_PRELOAD=$(FAKETIME_LIB) FAKETIME=$(FUTURE)" \
	  TANDEM_TEST_REAL_NOW=$$(date +%s) TANDEM_TEST_FUTURE=$(FUTURE); \
	if command -v cargo-nextest >/dev/null 2>&1; then \
	  .ci/with-postgres cargo nextest run --workspace --no-fail-fast; \
	else \
	  .ci/with-postgres cargo test --workspace --no-fail-fast; \
	fi

test-frontend: frontend-deps
	cd frontend && npm run check:api && npm run typecheck && npm run lint && npm run test

test-e2e: frontend-deps
	cargo build -p tandem --bin tandem
	cd frontend && TANDEM_BIN="$(CARGO_TARGET_DIR)/debug/tandem" npm run e2e

## Schemathesis over openapi.yaml as an administrator and as a member, every check, on both
## databases (a short run: 12 examples per operation). `make fuzz` is the long run.
ST ?= $(or $(shell command -v st 2>/dev/null),/var/cache/tandem-ci/st-venv/bin/st)
test-fuzz:
	cargo build -p tandem --bin tandem
	.ci/with-postgres sh -c 'python3 tests/fuzz/run.py --st "$(ST)" --binary "$(CARGO_TARGET_DIR)/debug/tandem" --backend sqlite && \
	  python3 tests/fuzz/run.py --st "$(ST)" --binary "$(CARGO_TARGET_DIR)/debug/tandem" --backend postgres'

## The long contract run: 200 examples per operation and the stateful phase, 5 min per role and phase.
fuzz:
	cargo build -p tandem --bin tandem
	python3 tests/fuzz/run.py --long --st "$(ST)" --binary "$(CARGO_TARGET_DIR)/debug/tandem" --out bench/results/fuzz-$$(date +%Y%m%d-%H%M)

## kill -9 during mixed writes (tasks, comments, uploads, versions), restart, and check that every
## acknowledged write is there and every listed file version downloads intact; both databases.
test-durability:
	cargo build -p tandem --bin tandem
	.ci/with-postgres python3 tests/durability/kill9.py --backend both --binary "$(CARGO_TARGET_DIR)/debug/tandem"

## The benchmark harness, briefly (tiny dataset, 1 s runs, debug build): it must not rot.
test-bench-smoke:
	cargo build -p tandem --bin tandem
	.ci/with-postgres python3 bench/run.py --smoke --binary "$(CARGO_TARGET_DIR)/debug/tandem" --out "$$(mktemp -d)"

BENCH_TASKS ?= 100000
BENCH_DURATION ?= 10
BENCH_BACKEND ?= both
## The benchmark: release build, 100k tasks, every scenario at c1/c16/c64 on SQLite and PostgreSQL.
bench:
	cargo build --release -p tandem --bin tandem
	.ci/with-postgres python3 bench/run.py --tasks $(BENCH_TASKS) --duration $(BENCH_DURATION) --backend $(BENCH_BACKEND)

## Static checks: formatting, lints, OpenAPI and client drift.
check: frontend-deps
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test -p api-tests --test api openapi
	cd frontend && npm run check:api && npm run lint

## Regenerate openapi.yaml from the code and the SPA's client from it.
openapi:
	UPDATE_OPENAPI=1 cargo test -p api-tests --test api openapi_yaml_is_current
	cd frontend && npm run gen:api

fmt:
	cargo fmt --all

clean:
	cargo clean
	rm -rf frontend/dist frontend/node_modules
