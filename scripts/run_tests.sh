#!/usr/bin/env bash
# Runs every test suite against the build in $BUILD_DIR (default build/): unit tests (ctest), then
# the integration suites that drive a real server with real clients. Prints a closing summary line.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-build}
case "$build_dir" in /*) ;; *) build_dir="$root/$build_dir" ;; esac
export DUCKWIRE_BUILD_DIR="$build_dir"
export DUCKWIRE_BINARY="$build_dir/duckwire"
python=${PYTHON:-/usr/bin/python3}

failed=()
run_suite() {
  local name=$1
  shift
  echo "=== $name"
  if "$@"; then echo "=== $name: ok"; else echo "=== $name: FAILED"; failed+=("$name"); fi
}

# The bounded fuzz run of the Quack decoder goes on beside the other suites (its own clang build).
fuzz_log=$(mktemp)
bash "$root/scripts/run_fuzz.sh" >"$fuzz_log" 2>&1 &
fuzz_pid=$!

if [ "${1:-}" != "--integration-only" ]; then
  run_suite unit bash -c "cd '$build_dir' && ctest --output-on-failure -j $(nproc)"
fi
# A sanitizer build's Python module loads only into a process that has the ASan runtime first
# (make sanitize sets DUCKWIRE_PYTHON_PRELOAD to it).
run_suite python env ${DUCKWIRE_PYTHON_PRELOAD:+LD_PRELOAD="$DUCKWIRE_PYTHON_PRELOAD"} \
  "$python" -m pytest -q -p no:cacheprovider "$root/tests/integration/python"
if [ -d "$root/tests/integration/node" ]; then
  run_suite node bash -c "cd '$root/tests/integration/node' && node --test --test-concurrency=1"
fi

echo "=== fuzz"
if wait "$fuzz_pid"; then
  tail -n 3 "$fuzz_log"
  echo "=== fuzz: ok"
else
  cat "$fuzz_log"
  echo "=== fuzz: FAILED"
  failed+=(fuzz)
fi
rm -f "$fuzz_log"

if [ ${#failed[@]} -gt 0 ]; then
  echo "failed suites: ${failed[*]}"
  exit 1
fi
echo "all suites passed"
