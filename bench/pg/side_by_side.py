#!/usr/bin/env python3
"""The PostgreSQL-protocol benchmarks, run pair by pair against duckwire's PostgreSQL front door and a
throwaway PostgreSQL 15 holding the same tables: in every pair the two servers run the same measurement
one right after the other, the order alternating from pair to pair, so the noise of a shared machine hits
both. Writes all figures as one JSON object (rendered by bench/pg_report.py).

A step that fails on one server is recorded with its error message and the run carries on, so the report
shows what does not work yet instead of nothing."""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
COLUMNS = "i int8, d float8, s text, dt date, ts timestamp"
# The same rows from both engines' generate_series; the text forms of every value are identical too.
ROWS_SELECT = ("SELECT i, i * 0.5::float8, 'row' || i, DATE '2020-01-01' + (i % 1000)::int4, "
               "TIMESTAMP '2020-01-01' + i * INTERVAL '1.5 second' FROM generate_series(0, {last}) AS g(i)")
CHECK_SQL = "SELECT count(*), sum(i), sum(d), max(s), max(dt), max(ts) FROM {table}"
SELECT_1_SCRIPT = HERE / "select_1.sql"
# (script, pgbench flags, protocol, clients): SELECT 1 is the per-query overhead alone, select-only a
# primary-key lookup, tpcb-like the built-in read-write transaction.
PGBENCH_RUNS = (
    ("select-1", ["-f", str(SELECT_1_SCRIPT)], "prepared", 32),
    ("select-1", ["-f", str(SELECT_1_SCRIPT)], "simple", 32),
    ("select-only", ["-S"], "prepared", 32),
    ("select-only", ["-S"], "simple", 8),
    ("select-only", ["-S"], "simple", 32),
    ("tpcb-like", [], "simple", 8),
    ("tpcb-like", [], "simple", 32),
)


class Server:
    def __init__(self, name, port, database, pid, after_load):
        self.name, self.port, self.database, self.pid = name, port, database, pid
        self.after_load = after_load  # statements run after the tables are filled

    def dsn(self, user):
        return f"host=127.0.0.1 port={self.port} user={user} dbname={self.database}"


def table(rows):
    return f"rows_{rows}"


class StepFailed(Exception):
    pass


def run(command, timeout, env):
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise StepFailed(f"timed out after {timeout} s: {' '.join(command[:3])} ...") from None
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line.lower() or "fatal" in line.lower()]
        raise StepFailed(" / ".join((errors or lines)[-2:]) or f"exit status {done.returncode}")
    return done.stdout, time.monotonic() - started


class Bench:
    def __init__(self, args, servers):
        self.args, self.servers = args, servers
        self.env = {**os.environ, "PGPASSWORD": args.password}
        self.pair_index = 0

    def ordered(self):
        """The servers in this pair's order: alternates from one pair to the next."""
        self.pair_index += 1
        return self.servers if self.pair_index % 2 else list(reversed(self.servers))

    def each(self, measure):
        """`measure(server)` on both servers, one after the other; a failure becomes {"error": message}."""
        out = {}
        for server in self.ordered():
            try:
                out[server.name] = measure(server)
            except StepFailed as failure:
                out[server.name] = {"error": str(failure)}
                print(f"  {server.name}: FAILED {failure}", file=sys.stderr)
        return {name: out[name] for name in sorted(out)}

    def psql(self, server, sql, timeout=600):
        command = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", server.dsn(self.args.user), "-c", sql]
        return run(command, timeout, self.env)

    def pgload(self, server, scenario, *options, timeout=600):
        command = [self.args.pgload, scenario, "--dsn", server.dsn(self.args.user), *map(str, options)]
        return json.loads(run(command, timeout, self.env)[0])

    @staticmethod
    def pid_option(server):
        """duckwire's figures come from its one process; PostgreSQL's from the connection's backend."""
        return ("--pid", server.pid) if server.pid else ()

    # --- setup -----------------------------------------------------------------------------------
    def load_tables(self, server):
        figures = {}
        for rows in self.args.row_counts:
            name = table(rows)
            sql = (f"DROP TABLE IF EXISTS {name}; CREATE TABLE {name} ({COLUMNS}); "
                   f"INSERT INTO {name} {ROWS_SELECT.format(last=rows - 1)}")
            figures[f"load_seconds/{rows}"] = self.psql(server, sql)[1]
            for statement in server.after_load:
                self.psql(server, statement.format(table=name))
            figures[f"check/{rows}"] = self.psql(server, CHECK_SQL.format(table=name))[0].strip()
        return figures

    def pgbench_init(self, server):
        command = ["pgbench", "-i", "-q", "-s", str(self.args.pgbench_scale), server.dsn(self.args.user)]
        return {"seconds": run(command, 900, self.env)[1]}

    # --- measurements ------------------------------------------------------------------------------
    def fetch(self, kind, rows):
        sql = f"SELECT * FROM {table(rows)}"

        def measure(server):
            if kind == "asyncpg":
                command = [sys.executable, str(HERE / "asyncpg_fetch.py"), "--host", "127.0.0.1",
                           "--port", str(server.port), "--user", self.args.user, "--password", self.args.password,
                           "--database", server.database, "--sql", sql]
                result = json.loads(run(command, 900, self.env)[0])
            else:
                result = self.pgload(server, f"fetch-{kind}", "--sql", sql, *self.pid_option(server))
            if result["rows"] != rows:
                raise StepFailed(f"{result['rows']} rows instead of {rows}")
            return result

        return self.each(measure)

    def latency(self):
        per_block = max(1, self.args.latency_iterations // self.args.latency_blocks)
        blocks = {server.name: [] for server in self.servers}
        for _ in range(self.args.latency_blocks):
            for name, block in self.each(lambda server: self.pgload(
                    server, "latency", "--iterations", per_block, "--warmup", 200,
                    *self.pid_option(server))).items():
                blocks[name].append(block)
        return blocks

    def pgbench(self, flags, protocol, clients):
        def measure(server):
            command = ["pgbench", "-n", "-T", str(self.args.pgbench_seconds), "-c", str(clients), "-j", "2",
                       f"--max-tries={self.args.max_tries}", "--failures-detailed", "-M", protocol, *flags,
                       server.dsn(self.args.user)]
            return parse_pgbench(run(command, self.args.pgbench_seconds * 4 + 60, self.env)[0])

        return self.each(measure)

    def slow_reader(self, rows):
        return self.each(lambda server: self.pgload(
            server, "slow-reader", "--sql", f"SELECT * FROM {table(rows)}",
            "--rate", self.args.slow_rate, *self.pid_option(server)))


def parse_pgbench(output):
    def number(pattern, default=None):
        match = re.search(pattern, output, re.MULTILINE)
        return float(match.group(1)) if match else default

    tps = number(r"^tps = ([\d.]+) \(without initial connection time\)")
    if tps is None:
        raise StepFailed("no tps in pgbench output: " + output[-300:])
    return {
        "tps": tps,
        "transactions": int(number(r"^number of transactions actually processed: (\d+)", 0)),
        "failed": int(number(r"^number of failed transactions: (\d+)", 0)),
        "retried": int(number(r"^number of transactions retried: (\d+)", 0)),
        "latency_ms": number(r"^latency average = ([\d.]+) ms"),
    }


def step(message):
    print(f"=== bench (PostgreSQL protocol): {message}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pgload", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--duckwire-port", type=int, help="omit to measure PostgreSQL alone")
    parser.add_argument("--duckwire-pid", type=int)
    parser.add_argument("--duckwire-database", default="duckwire")
    parser.add_argument("--postgres-port", type=int, required=True)
    parser.add_argument("--postgres-database", default="postgres")
    parser.add_argument("--postgres-settings", default="", help="what the cluster runs with, for the report")
    parser.add_argument("--small-rows", type=int, default=1_000_000)
    parser.add_argument("--large-rows", type=int, default=10_000_000)
    parser.add_argument("--reps-small", type=int, default=5)
    parser.add_argument("--reps-large", type=int, default=3)
    parser.add_argument("--latency-iterations", type=int, default=5000)
    parser.add_argument("--latency-blocks", type=int, default=5)
    parser.add_argument("--pgbench-scale", type=int, default=10)
    parser.add_argument("--pgbench-seconds", type=int, default=8)
    parser.add_argument("--max-tries", type=int, default=10)
    parser.add_argument("--slow-rate", type=float, default=50, help="MB/s of the slow reader")
    parser.add_argument("--out", required=True, type=pathlib.Path)
    args = parser.parse_args()
    args.row_counts = (args.small_rows, args.large_rows)

    servers = [Server("postgres", args.postgres_port, args.postgres_database, None,
                      ["VACUUM (FREEZE, ANALYZE) {table}"])]
    if args.duckwire_port:
        servers.insert(0, Server("duckwire", args.duckwire_port, args.duckwire_database, args.duckwire_pid, []))
    bench = Bench(args, servers)
    results = {"settings": {key: value for key, value in vars(args).items() if key not in ("password", "out")},
               "servers": [server.name for server in servers]}
    results["settings"]["row_counts"] = list(args.row_counts)

    step(f"tables of {args.small_rows:,} and {args.large_rows:,} rows ({COLUMNS}); pgbench -i -s {args.pgbench_scale}")
    results["load"] = bench.each(bench.load_tables)
    results["pgbench_init"] = bench.each(bench.pgbench_init)

    results["fetch"] = {}
    for rows, reps in ((args.small_rows, args.reps_small), (args.large_rows, args.reps_large)):
        step(f"fetch {rows:,} rows: libpq text, binary COPY, asyncpg; {reps} rounds")
        for kind in ("text", "copy", "asyncpg"):
            results["fetch"][f"{kind}/{rows}"] = []
        for _ in range(reps):
            for kind in ("text", "copy", "asyncpg"):
                results["fetch"][f"{kind}/{rows}"].append(bench.fetch(kind, rows))

    step(f"prepared SELECT 1 round trips, {args.latency_blocks} blocks per server")
    results["latency"] = bench.latency()

    results["pgbench"] = {}
    for script, flags, protocol, clients in PGBENCH_RUNS:
        step(f"pgbench {script}, {protocol} protocol, {clients} clients, {args.pgbench_seconds} s")
        results["pgbench"][f"{script}/{protocol}/{clients}"] = bench.pgbench(flags, protocol, clients)

    step(f"server memory while a slow reader ({args.slow_rate:g} MB/s) reads {args.large_rows:,} rows")
    results["slow_reader"] = bench.slow_reader(args.large_rows)

    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
