# The two set-up commands: `make run` and `make test`. Both install what is missing first.
BUILD_DIR ?= build
PYTHON ?= /usr/bin/python3
ARGS ?=
# Lets ccache reuse objects between checkouts in different directories (CI builds a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)

.PHONY: all bootstrap build run test unit integration sanitize bench clean format python install

all: build

bootstrap:
	@bash scripts/bootstrap.sh

build: bootstrap
	@cmake --preset default >/dev/null
	@cmake --build $(BUILD_DIR) -j $$(nproc)

# The Python module (duckwire and riffq packages, staged in build/python); `make build` builds it too.
python: bootstrap
	@cmake --preset default >/dev/null
	@cmake --build $(BUILD_DIR) -j $$(nproc) --target duckwire_python_packages

# Installs the Python packages for /usr/bin/python3 (PYTHON_SITE=DIR to install elsewhere).
install: python
	@bash scripts/install_python.sh $(PYTHON_SITE)

run: build
	./$(BUILD_DIR)/duckwire $(ARGS)

test: build
	@bash scripts/run_tests.sh

unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $$(nproc)

integration: build
	@bash scripts/run_tests.sh --integration-only

# The integration suites against an AddressSanitizer + UBSan build (build-debug/); slower, not in `make test`.
sanitize: bootstrap
	@cmake --preset debug >/dev/null
	@cmake --build build-debug -j $$(nproc)
	ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  DUCKWIRE_PYTHON_PRELOAD=$$(c++ -print-file-name=libasan.so) \
	  BUILD_DIR=build-debug bash scripts/run_tests.sh

bench: build
	@bash bench/run.sh

format:
	@find src tests tools bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
