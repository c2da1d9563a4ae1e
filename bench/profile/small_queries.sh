#!/usr/bin/env bash
# Profiles the server under a closed loop of `SELECT 1` on each front door (32 connections) and writes a
# flame graph per door plus the widest frames of each into OUT (default docs/perf). Not part of
# `make bench` (perf needs root or perf_event_paranoid <= 1, and the recording disturbs timings).
#
#   bench/profile/small_queries.sh [OUT]      environment: BUILD_DIR (default build), SECONDS_PER_DOOR (2)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
out=${1:-$root/docs/perf}
seconds=${SECONDS_PER_DOOR:-2}
work=$(mktemp -d /tmp/duckwire-profile.XXXXXX)
mkdir -p "$out"
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port=$(port) quack_port=$(port) pg_port=$(port)
"$build_dir/duckwire" --port "$http_port" --quack-port "$quack_port" --pg-port "$pg_port" --log-level warn \
  >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
sleep 1.5
summary="$out/small-query-profile.txt"
{
  echo "Widest frames (inclusive share of the server's samples) under 32 connections of SELECT 1 per door."
  echo "perf record -F 999 --call-graph dwarf for ${seconds} s per door; $(git -C "$root" rev-parse --short HEAD); $(nproc) cores."
} >"$summary"
printf 'SELECT 1;\n' >"$work/select_1.sql"
for door in sqlrooms http-sql quack pgwire; do
  if [ "$door" = pgwire ]; then  # pgbench, prepared protocol, as in the side-by-side runs
    pgbench -n -M prepared -f "$work/select_1.sql" -c 32 -j 2 -T $((seconds + 3)) \
      "host=127.0.0.1 port=$pg_port user=duckwire dbname=duckwire" >"$work/$door.txt" 2>&1 &
  else
    "$build_dir/duckwire_wsload" throughput --port "$http_port" --quack-port "$quack_port" --pid "$pid" \
      --door "$door" --connections 32 --seconds $((seconds + 3)) >"$work/$door.txt" &
  fi
  load=$!
  sleep 1.5
  perf record -q -F 999 --call-graph dwarf,16384 -p "$pid" -o "$work/$door.data" -- sleep "$seconds" 2>/dev/null
  wait $load
  {
    echo
    echo "== $door: $(grep -o '"queries_per_s":[^,]*\|^tps = [0-9.]*' "$work/$door.txt" | head -1) (while recording)"
    perf script --no-inline -F tid,ip,sym -i "$work/$door.data" 2>/dev/null |
      python3 "$root/bench/profile/flamegraph.py" --title "duckwire, SELECT 1 on 32 connections: $door" \
        --svg "$out/small-query-$door.svg" --top 40
  } >>"$summary"
done
echo "wrote $summary and $out/small-query-*.svg"
