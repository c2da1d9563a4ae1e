#!/usr/bin/env bash
# `make bench`: runs every benchmark in one sitting (a few minutes), then writes
# bench/results/latest.json and regenerates docs/BENCHMARKS.md. Starts and stops its own duckwire
# processes on ephemeral ports. Not part of `make test`.
#
# The PostgreSQL-protocol runs (bench/pg/side_by_side.py) also start a throwaway PostgreSQL 15 cluster
# (bench/pg/postgres_cluster.sh; needs root, which runs initdb as the `postgres` account).
#
# Environment: BUILD_DIR (default build), BENCH_REPS_SMALL / BENCH_REPS_LARGE (repetitions of the
# 1M / 10M-row rounds, default 9 / 7; the PostgreSQL-protocol pairs: BENCH_PG_REPS_SMALL /
# BENCH_PG_REPS_LARGE, default 5 / 3), BENCH_QUICK=1 (a short smoke run: few repetitions, 100k/1M rows,
# written to bench/results/quick.{json,md} instead),
# BENCH_KEEP_WORK=1 (keep the raw outputs and server logs in /tmp/duckwire-bench.*).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-build}
case "$build_dir" in /*) ;; *) build_dir="$root/$build_dir" ;; esac
python=${PYTHON:-/usr/bin/python3}
server_bin="$build_dir/duckwire"
suite_bin="$build_dir/duckwire_bench"
load_bin="$build_dir/duckwire_wsload"
pgload_bin="$build_dir/duckwire_pgload"
floor_bin="$build_dir/duckwire_floor"
for bin in "$server_bin" "$suite_bin" "$load_bin" "$pgload_bin" "$floor_bin"; do
  [ -x "$bin" ] || { echo "bench: $bin is missing; build first (make bench builds)" >&2; exit 1; }
done

small_rows=1000000 large_rows=10000000
reps_small=${BENCH_REPS_SMALL:-9} reps_large=${BENCH_REPS_LARGE:-7} iterations_small=3
latency_iterations=5000 throughput_seconds=10 small_rounds=3 small_seconds=5 scaling_seconds=3 scaling_rounds=2
pg_reps_small=${BENCH_PG_REPS_SMALL:-5} pg_reps_large=${BENCH_PG_REPS_LARGE:-3} pgbench_scale=10 pgbench_seconds=8
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  small_rows=100000 large_rows=1000000 reps_small=2 reps_large=1 iterations_small=1
  latency_iterations=500 throughput_seconds=2 small_rounds=1 small_seconds=1 scaling_seconds=1 scaling_rounds=1
  pg_reps_small=1 pg_reps_large=1 pgbench_scale=1 pgbench_seconds=2
fi

work=$(mktemp -d /tmp/duckwire-bench.XXXXXX)
server_pid=""
server_port=""
source "$root/bench/pg/postgres_cluster.sh"
postgres_dir=""

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
background_pids=()  # servers started side by side (the scaling run), stopped together
stop_background_servers() {
  local pid
  for pid in "${background_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${background_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  background_pids=()
}
cleanup() {
  stop_server
  stop_background_servers
  stop_postgres
  [ -z "$postgres_dir" ] || rm -rf "$postgres_dir"
  [ "${BENCH_KEEP_WORK:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a fresh in-memory duckwire on a free port; sets server_pid and server_port. Arguments after
# the name go to the server.
start_server() {
  local log="$work/server-$1.log"
  shift
  : >"$log"  # exists before the server starts writing it, so the port lookup below can read it
  (cd "$work" && exec "$server_bin" --port 0 --quack-port 0 --log-level info "$@") 2>"$log" >/dev/null &
  server_pid=$!
  for _ in $(seq 300); do
    server_port=$(sed -n 's/.*duckwire listening: http=http:\/\/[^ ]*:\([0-9]*\).*/\1/p' "$log" | head -1)
    [ -n "$server_port" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: duckwire did not start:" >&2
  cat "$log" >&2
  exit 1
}

step() { echo "=== bench: $*"; }

free_port() {
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

{
  echo "{\"date\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"load_before\":\"$(cut -d' ' -f1-3 /proc/loadavg)\","
  echo "\"commit\":\"$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)\","
  echo "\"src_files_changed\":$(git -C "$root" status --porcelain -- src 2>/dev/null | wc -l),"
  echo "\"server_version\":$("$server_bin" --version | "$python" -c 'import json,sys; print(json.dumps(sys.stdin.read().strip()))'),"
  echo "\"quick\":${BENCH_QUICK:-0},\"small_rows\":$small_rows,\"large_rows\":$large_rows,"
  echo "\"reps_small\":$reps_small,\"reps_large\":$reps_large,\"iterations_small\":$iterations_small}"
} >"$work/meta.json"

step "server for the transfer, latency and throughput runs"
quack_port=$(free_port)
start_server main --quack-port "$quack_port"
echo "duckwire pid $server_pid on port $server_port (Quack $quack_port)"

step "in-process baseline and WebSocket transfers, in rounds (${reps_small}x ${small_rows} rows, ${reps_large}x ${large_rows} rows)"
DUCKWIRE_BENCH_PORT=$server_port DUCKWIRE_BENCH_QUACK_PORT=$quack_port DUCKWIRE_BENCH_SMALL_ROWS=$small_rows DUCKWIRE_BENCH_LARGE_ROWS=$large_rows \
  DUCKWIRE_BENCH_REPS_SMALL=$reps_small DUCKWIRE_BENCH_REPS_LARGE=$reps_large \
  DUCKWIRE_BENCH_ITERATIONS_SMALL=$iterations_small \
  timeout 600 "$suite_bin" --benchmark_display_aggregates_only=true \
  --benchmark_out="$work/suite.json" --benchmark_out_format=json

step "SELECT 1 round trips on one connection"
timeout 120 "$load_bin" latency --port "$server_port" --pid "$server_pid" --type json --iterations "$latency_iterations" | tee "$work/latency_json.json"
timeout 120 "$load_bin" latency --port "$server_port" --pid "$server_pid" --type arrow --iterations "$latency_iterations" | tee "$work/latency_arrow.json"
timeout 120 "$load_bin" latency --port "$server_port" --pid "$server_pid" --type notify --iterations "$latency_iterations" | tee "$work/latency_notify.json"
timeout 120 "$load_bin" latency --port "$server_port" --pid "$server_pid" --type jsonrpc --iterations "$latency_iterations" | tee "$work/latency_jsonrpc.json"

step "SELECT 1 throughput on 32 connections"
timeout 120 "$load_bin" throughput --port "$server_port" --connections 32 --seconds "$throughput_seconds" | tee "$work/throughput.json"
stop_server

# Small queries (issue 12): every door with 32 connections next to the in-process floor, in rounds;
# 56 small-query connections alone and next to 8 fetching large results; a scaling run over --threads.
mkdir -p "$work/small"
small_json() { tee "$work/small/$1.json"; }
step "small queries: every door, 32 connections, ${small_rounds} rounds next to the in-process floor (fresh server)"
small_quack_port=$(free_port)
start_server small --quack-port "$small_quack_port"
for round in $(seq "$small_rounds"); do
  for mode in prepared query; do
    timeout 120 "$floor_bin" --connections 32 --seconds "$small_seconds" --mode "$mode" | small_json "r${round}_floor_${mode}_32"
  done
  timeout 120 "$floor_bin" --connections 1 --seconds "$small_seconds" --mode prepared | small_json "r${round}_floor_prepared_1"
  # pgbench -S's primary-key lookup in process: prepared with $1 bound, as the PostgreSQL door runs it.
  timeout 120 "$floor_bin" --connections 32 --seconds "$small_seconds" --mode prepared \
    --setup "CREATE TABLE accounts AS SELECT range::INTEGER AS aid, 0 AS abalance FROM range($((pgbench_scale * 100000))); ALTER TABLE accounts ADD PRIMARY KEY (aid)" \
    --sql 'SELECT abalance FROM accounts WHERE aid = $1' --parameter 54321 | small_json "r${round}_floor_lookup_32"
  for door in sqlrooms jsonrpc http-sql quack; do
    timeout 120 "$load_bin" throughput --port "$server_port" --quack-port "$small_quack_port" --pid "$server_pid" \
      --door "$door" --connections 32 --seconds "$small_seconds" | small_json "r${round}_door_${door}"
  done
  timeout 120 "$load_bin" throughput --port "$server_port" --pid "$server_pid" --type notify --connections 32 \
    --seconds "$small_seconds" | small_json "r${round}_door_notify"
done
step "small queries: 56 connections alone, then next to 8 connections fetching ${small_rows}-row Arrow results"
for round in $(seq "$small_rounds"); do
  timeout 120 "$load_bin" throughput --port "$server_port" --pid "$server_pid" --connections 56 \
    --seconds "$small_seconds" | small_json "r${round}_mixed_alone"
  timeout 120 "$load_bin" throughput --port "$server_port" --pid "$server_pid" --connections 56 \
    --large-connections 8 --large-rows "$small_rows" --seconds "$small_seconds" | small_json "r${round}_mixed_large"
done
stop_server
step "small queries: scaling over DuckDB threads, connections and worker threads, ${scaling_rounds} rounds (servers side by side)"
# One server per setting, all started first (an idle one costs nothing), measured in turn round after round,
# so that the host's drift hits every setting alike.
scaling_settings=(threads1 threads2 threads4 threads8 workers4 workers8 workers16 workers64)
declare -A scaling_port scaling_pid
for setting in "${scaling_settings[@]}"; do
  case "$setting" in
    threads*) start_server "$setting" --threads "${setting#threads}" ;;
    workers*) start_server "$setting" --workers "${setting#workers}" ;;
  esac
  scaling_port[$setting]=$server_port scaling_pid[$setting]=$server_pid
  background_pids+=("$server_pid")
  server_pid=""
done
for setting in threads1 threads2 threads4 threads8; do
  timeout 120 "$load_bin" throughput --port "${scaling_port[$setting]}" --connections 1 --seconds 0.1 \
    --sql "CREATE OR REPLACE TABLE scan AS SELECT range AS i FROM range($((large_rows * 2)))" >/dev/null
done
for round in $(seq "$scaling_rounds"); do
  for connections in 1 4 16 64; do
    for setting in threads1 threads2 threads4 threads8; do
      timeout 120 "$load_bin" throughput --port "${scaling_port[$setting]}" --pid "${scaling_pid[$setting]}" \
        --connections "$connections" --seconds "$scaling_seconds" | small_json "r${round}_scale_${setting}_conn${connections}"
    done
  done
  # What DuckDB's threads are for: one large aggregate over a table (a parallel scan), alone.
  for setting in threads1 threads2 threads4 threads8; do
    timeout 120 "$load_bin" throughput --port "${scaling_port[$setting]}" --pid "${scaling_pid[$setting]}" \
      --connections 1 --sql "SELECT sum(i * i) FROM scan" --seconds "$scaling_seconds" \
      | small_json "r${round}_scale_${setting}_scan"
  done
  for setting in workers4 workers8 workers16 workers64; do
    timeout 120 "$load_bin" throughput --port "${scaling_port[$setting]}" --pid "${scaling_pid[$setting]}" \
      --connections 32 --seconds "$scaling_seconds" | small_json "r${round}_scale_${setting}_conn32"
  done
  for connections in 1 4 16 64; do
    timeout 120 "$floor_bin" --connections "$connections" --seconds "$scaling_seconds" --mode prepared \
      | small_json "r${round}_scale_floor_conn${connections}"
  done
done
stop_background_servers

step "server RSS while ${large_rows} rows stream to a slow reader (fresh server)"
start_server slow
timeout 180 "$load_bin" slow-reader --port "$server_port" --pid "$server_pid" --rows "$large_rows" \
  --rcvbuf 16384 --rate 50 | tee "$work/slow_reader.json"
stop_server

step "a healthy client's authenticated round trips while 8 connections hammer wrong passwords (fresh server)"
start_server auth --user bench:bench-password
timeout 120 "$load_bin" auth-hammer --port "$server_port" --connections 8 --seconds "$throughput_seconds" \
  --user bench --password bench-password | tee "$work/auth_hammer.json"
stop_server

step "attacks of issue 7 with a healthy client measured meanwhile (fresh servers)"
attack_seconds=10
[ "${BENCH_QUICK:-0}" = 1 ] && attack_seconds=3
for attack in unauth-flood notify-flood head-of-line; do
  start_server "$attack" --auth-token bench-token
  timeout 180 "$load_bin" hostile --port "$server_port" --pid "$server_pid" --attack "$attack" \
    --seconds "$attack_seconds" --token bench-token --rows "$large_rows" | tee "$work/hostile_$attack.json"
  stop_server
done

step "healthy SELECT 1 while 4 connections keep 20 long queries each (fresh server)"
start_server admission
timeout 180 "$python" "$root/bench/hardening/admission_latency.py" --port "$server_port" --pid "$server_pid" \
  | tee "$work/admission_latency.json"
stop_server

step "peak memory for one 200 MiB value, refused at the default limit and sent under a raised one (fresh servers)"
start_server large_refused
timeout 300 "$python" "$root/bench/hardening/large_value_memory.py" --port "$server_port" --pid "$server_pid" \
  | tee "$work/large_value_refused.json"
stop_server
start_server large_sent --max-result-value-bytes 1GiB
timeout 300 "$python" "$root/bench/hardening/large_value_memory.py" --port "$server_port" --pid "$server_pid" \
  | tee "$work/large_value_sent.json"
stop_server

step "PostgreSQL protocol: duckwire's --pg-port next to a throwaway PostgreSQL 15, pair by pair (fresh servers)"
pg_user=bench pg_password=bench-password
postgres_dir=$(mktemp -d /tmp/duckwire-bench-pg.XXXXXX)
postgres_port=$(free_port)
start_postgres "$postgres_dir" "$postgres_port" "$pg_user" "$pg_password"
duckwire_pg_port=$(free_port)
start_server pg --pg-port "$duckwire_pg_port" --user "$pg_user:$pg_password"
timeout 1800 "$python" "$root/bench/pg/side_by_side.py" --pgload "$pgload_bin" --user "$pg_user" \
  --password "$pg_password" --duckwire-port "$duckwire_pg_port" --duckwire-pid "$server_pid" \
  --postgres-port "$postgres_port" --postgres-settings "${postgres_settings[*]}" \
  --small-rows "$small_rows" --large-rows "$large_rows" --reps-small "$pg_reps_small" --reps-large "$pg_reps_large" \
  --latency-iterations "$latency_iterations" --pgbench-scale "$pgbench_scale" --pgbench-seconds "$pgbench_seconds" \
  --out "$work/pg.json"
stop_server
stop_postgres

step "report"
echo "{\"load_after\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >"$work/meta_after.json"
json_out="$root/bench/results/latest.json" doc_out="$root/docs/BENCHMARKS.md"
if [ "${BENCH_QUICK:-0}" = 1 ]; then  # a smoke run never replaces the real figures
  json_out="$root/bench/results/quick.json" doc_out="$root/bench/results/quick.md"
fi
"$python" "$root/bench/report.py" --work "$work" --json "$json_out" --doc "$doc_out" --notes "$root/bench/notes.md"
