# Thin wrapper over CMake presets (CMakePresets.json). `make run` and `make test` are the
# two commands the README starts with; both set up a fresh machine first.
JOBS ?= $(shell nproc)
CTEST_FLAGS ?= --output-on-failure

.PHONY: run test setup build build-asan test-dev test-asan bench bench-stdio bench-http bench-files clean

run:
	./scripts/setup.sh --no-node
	cmake --preset release >/dev/null
	cmake --build build/release --target conhub-mcp -j $(JOBS)
	./build/release/cli/conhub-mcp serve --stdio

setup:
	./scripts/setup.sh

build: setup
	cmake --preset dev
	cmake --build build/dev -j $(JOBS)

build-asan: setup
	cmake --preset asan
	cmake --build build/asan -j $(JOBS)

test-dev: build
	ctest --test-dir build/dev $(CTEST_FLAGS)

# The sanitizer run repeats the whole suite, e2e included, against ASan+UBSan binaries.
test-asan: build-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir build/asan $(CTEST_FLAGS)

test: test-dev test-asan

# The three benchmarks (bench/README.md); each runs even when one before it failed, and
# `make bench` fails when any did.
bench:
	@status=0; ./bench/run_stdio_bench.sh || status=1; ./bench/run_http_bench.sh || status=1; \
	  ./bench/run_files_bench.sh || status=1; exit $$status

bench-stdio:
	./bench/run_stdio_bench.sh

bench-http:
	./bench/run_http_bench.sh

bench-files:
	./bench/run_files_bench.sh

clean:
	rm -rf build
