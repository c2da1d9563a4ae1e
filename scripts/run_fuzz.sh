#!/usr/bin/env bash
# Builds the Quack codec's libFuzzer target with clang (build-fuzz/) and runs it for a bounded time on
# a copy of the corpus in tests/fuzz/quack. FUZZ_SECONDS (default 60) bounds the run; a crash, leak
# or sanitizer report fails it and leaves the input under build-fuzz/findings/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-60}
build_dir="$root/build-fuzz"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" --target quack_fuzz
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp "$root"/tests/fuzz/quack/* "$corpus"/
mkdir -p "$build_dir/findings"
"$build_dir/tools/quack_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$build_dir/findings/" -print_final_stats=1 "$corpus" 2>&1 | tail -n 15
