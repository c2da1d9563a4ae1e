# Sourced by bench/run.sh: a throwaway PostgreSQL 15 cluster for the side-by-side runs.
#   start_postgres DIR PORT USER PASSWORD  - initdb in DIR (owned by the `postgres` account, since initdb
#                                            refuses root), start on 127.0.0.1:PORT with scram-sha-256;
#                                            sets postgres_data.
#   stop_postgres                          - fast shutdown of that cluster (DIR is the caller's to delete).
# Settings that differ from initdb's defaults, and why (the same list is printed in docs/BENCHMARKS.md
# from bench/pg/side_by_side.py):
#   fsync=off, synchronous_commit=off, full_page_writes=off: durability is not measured (duckwire serves an
#     in-memory database); fair for reads and makes pgbench's TPC-B-like script CPU-bound, as duckwire's is.
#   shared_buffers=1GB: the 10M-row table (~0.8 GB) is served from PostgreSQL's own cache, as duckwire
#     serves it from memory.
#   max_connections=100 (pgbench with 32 clients plus the harness), listen on 127.0.0.1 only.
postgres_bin=${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
postgres_data=""
postgres_settings=(fsync=off synchronous_commit=off full_page_writes=off shared_buffers=1GB max_connections=100)

as_postgres() { runuser -u postgres -- "$@"; }

start_postgres() {
  local dir=$1 port=$2 user=$3 password=$4
  chown postgres: "$dir"
  postgres_data="$dir/data"
  printf '%s\n' "$password" >"$dir/pwfile"
  chown postgres: "$dir/pwfile"
  as_postgres "$postgres_bin/initdb" -D "$postgres_data" -U "$user" --pwfile="$dir/pwfile" \
    --auth=scram-sha-256 -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  local options="-p $port -k $dir -c listen_addresses=127.0.0.1"
  local setting
  for setting in "${postgres_settings[@]}"; do options+=" -c $setting"; done
  as_postgres "$postgres_bin/pg_ctl" -D "$postgres_data" -o "$options" -l "$dir/postgres.log" -w start >/dev/null \
    || { cat "$dir/postgres.log" >&2; return 1; }
}

stop_postgres() {
  [ -n "$postgres_data" ] || return 0
  as_postgres "$postgres_bin/pg_ctl" -D "$postgres_data" -m fast -w stop >/dev/null 2>&1 || true
  postgres_data=""
}
