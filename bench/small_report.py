"""The small-query section of docs/BENCHMARKS.md (issue 12): bench/run.sh writes one JSON object per run
into WORK/small/ (duckwire_wsload throughput, duckwire_floor); this module pairs them by round, takes
medians, and checks the issue's targets."""
import pathlib
import re
import statistics

DOORS = (
    ("sqlrooms", "SQLRooms WebSocket `/`, `{\"type\":\"json\",\"sql\":\"SELECT 1\"}`"),
    ("jsonrpc", "JSON-RPC WebSocket `/sql`"),
    ("http-sql", "HTTP keep-alive `POST /sql` (`application/sql`)"),
    ("quack", "Quack `POST /quack` (PREPARE_REQUEST)"),
    ("notify", "SQLRooms `notify` round trip (no database, no worker)"),
)
TARGET_CPU_RATIO = 2.0         # server CPU per query / in-process CPU per query
TARGET_THROUGHPUT_SHARE = 0.5  # queries/s through a door / in-process floor, both with 32 connections
TARGET_TAIL_RATIO = 5.0        # small-query p99 / p50 next to large results
TARGET_PGBENCH_SELECT1 = 0.5   # duckwire tps / PostgreSQL tps, pgbench SELECT 1 -M prepared, 32 clients
TARGET_PGBENCH_LOOKUP = 3.0    # PostgreSQL tps / duckwire tps, pgbench -S


def load_runs(directory):
    """{"door_sqlrooms": {round: figures}, "scale_threads1_conn4": {0: figures}, ...}"""
    import json
    runs = {}
    for path in sorted(pathlib.Path(directory).glob("*.json")):
        match = re.fullmatch(r"r(\d+)_(.+)", path.stem)
        name, round_ = (match.group(2), int(match.group(1))) if match else (path.stem, 0)
        runs.setdefault(name, {})[round_] = json.loads(path.read_text())
    return runs


def median_of(runs, name, key):
    values = [figures[key] for figures in runs.get(name, {}).values() if key in figures]
    return statistics.median(values) if values else None


def paired(runs, numerator, denominator, key_num, key_den):
    """Median over rounds of numerator[key_num] / denominator[key_den] (both measured in the same round)."""
    num, den = runs.get(numerator, {}), runs.get(denominator, {})
    ratios = [num[r][key_num] / den[r][key_den] for r in num if r in den and den[r].get(key_den)]
    return statistics.median(ratios) if ratios else None


def summarize(directory, pg_summary):
    runs = load_runs(directory)
    doors = {}
    for door, _ in DOORS:
        name = f"door_{door}"
        if name not in runs:
            continue
        doors[door] = {key: median_of(runs, name, key) for key in
                       ("queries_per_s", "p50_us", "p99_us", "server_cpu_us_per_query", "client_cpu_us_per_query",
                        "server_context_switches_per_query", "server_cpu_cores")}
        doors[door]["share_of_floor"] = paired(runs, name, "floor_prepared_32", "queries_per_s", "queries_per_s")
        doors[door]["cpu_vs_floor"] = paired(runs, name, "floor_prepared_32", "server_cpu_us_per_query",
                                             "cpu_us_per_query")
    floors = {name: {key: median_of(runs, name, key) for key in ("queries_per_s", "cpu_us_per_query", "p50_us", "p99_us")}
              for name in ("floor_prepared_32", "floor_query_32", "floor_prepared_1", "floor_lookup_32") if name in runs}
    mixed = {}
    for name in ("mixed_alone", "mixed_large"):
        if name in runs:
            mixed[name] = {key: median_of(runs, name, key) for key in ("queries_per_s", "p50_us", "p99_us", "max_us")}
            mixed[name]["tail_ratio"] = statistics.median(
                [f["p99_us"] / f["p50_us"] for f in runs[name].values() if f.get("p50_us")])
            larges = [f["large"] for f in runs[name].values() if "large" in f]
            if larges:
                mixed[name]["large"] = {key: statistics.median([l[key] for l in larges])
                                        for key in ("queries_per_s", "reply_mb_per_s", "p50_us", "connections", "rows")}
    scaling = {}
    for name, by_round in runs.items():
        match = re.fullmatch(r"scale_(threads\d+|workers\d+|floor)_(conn\d+|scan)", name)
        if not match:
            continue
        setting, what = match.group(1), match.group(2)
        median = lambda key: statistics.median([f[key] for f in by_round.values() if f.get(key) is not None])
        if what == "scan":
            scaling.setdefault(setting, {})["scan_ms"] = median("p50_us") / 1000
            scaling[setting]["scan_sql"] = next(iter(by_round.values()))["sql"]
            continue
        cpu_key = "cpu_us_per_query" if setting == "floor" else "server_cpu_us_per_query"
        figures = {"queries_per_s": median("queries_per_s"), "p50_us": median("p50_us"), "p99_us": median("p99_us"),
                   "cpu_us_per_query": median(cpu_key)}
        if setting.startswith("workers"):
            figures["switches"] = median("server_context_switches_per_query")
            scaling.setdefault("workers", {})[int(setting[7:])] = figures
        else:
            scaling.setdefault(setting, {})[int(what[4:])] = figures
    summary = {"rounds": max((len(r) for r in runs.values()), default=0), "doors": doors, "floors": floors,
               "mixed": mixed, "scaling": scaling}
    summary["targets"] = targets(summary, pg_summary)
    return summary


def target(name, required, value, shown, met):
    return {"name": name, "target": required, "value": value, "shown": shown, "met": met}


def targets(summary, pg_summary):
    out = []
    for door, figures in summary["doors"].items():
        if door == "notify":
            continue
        cpu = figures["cpu_vs_floor"]
        out.append(target(f"server CPU per `SELECT 1` / in-process prepared, {door}", f"<= {TARGET_CPU_RATIO:.0f}x",
                          cpu, f"{cpu:.1f}x" if cpu else "n/a", cpu is not None and cpu <= TARGET_CPU_RATIO))
    for door, figures in summary["doors"].items():
        if door == "notify":
            continue
        share = figures["share_of_floor"]
        out.append(target(f"`SELECT 1` q/s with 32 connections / in-process floor, {door}",
                          f">= {TARGET_THROUGHPUT_SHARE:.0%}", share, f"{share:.0%}" if share else "n/a",
                          share is not None and share >= TARGET_THROUGHPUT_SHARE))
    mixed = summary["mixed"].get("mixed_large")
    if mixed:
        out.append(target("small-query p99 / p50 next to large results (56 + 8 connections)",
                          f"< {TARGET_TAIL_RATIO:.0f}x", mixed["tail_ratio"], f"{mixed['tail_ratio']:.1f}x",
                          mixed["tail_ratio"] < TARGET_TAIL_RATIO))
    pgbench = (pg_summary or {}).get("pgbench", {})
    select_1 = pgbench.get("select-1/prepared/32")
    if select_1:
        value = select_1.get("ratio")
        out.append(target("pgbench `SELECT 1` -M prepared, 32 clients, duckwire / PostgreSQL tps",
                          f">= {TARGET_PGBENCH_SELECT1:.1f}x", value, f"{value:.2f}x" if value else "n/a",
                          value is not None and value >= TARGET_PGBENCH_SELECT1))
    for key in ("select-only/prepared/32", "select-only/simple/32"):
        lookup = pgbench.get(key)
        if lookup and lookup.get("ratio"):
            behind = 1 / lookup["ratio"]
            out.append(target(f"pgbench -S ({key.split('/')[1]}, 32 clients), PostgreSQL / duckwire tps",
                              f"<= {TARGET_PGBENCH_LOOKUP:.0f}x", behind, f"{behind:.1f}x", behind <= TARGET_PGBENCH_LOOKUP))
    return out


def number(value, digits=0):
    return "—" if value is None else f"{value:,.{digits}f}"


def render(summary):
    doors, floors = summary["doors"], summary["floors"]
    lines = [
        "## Small queries (issue 12)",
        "",
        f"Closed loops of `SELECT 1` (`duckwire_wsload throughput`: one client thread, every connection with one",
        f"query outstanding; `duckwire_floor`: one DuckDB in the benchmark process, one thread and connection per",
        f"client), {summary['rounds']} rounds, each running every row below one after the other; figures are",
        "medians over rounds, ratios medians of per-round ratios. Server CPU is the whole process (all threads,",
        "`/proc/PID/stat`), divided by the queries answered; the client runs on the same two cores.",
        "",
        "| 32 connections | queries/s | share of the floor | p50 µs | p99 µs | server CPU µs / query | vs in-process | context switches / query | client CPU µs / query |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, what in (("floor_prepared_32", "in-process floor: prepared `SELECT 1`, 32 threads"),
                       ("floor_query_32", "in-process: `duckdb_query(\"SELECT 1\")`, 32 threads"),
                       ("floor_lookup_32", "in-process: pgbench -S's lookup, prepared, `$1` bound, 32 threads")):
        f = floors.get(name)
        if f:
            lines.append(f"| {what} | {number(f['queries_per_s'])} | | {number(f['p50_us'])} | {number(f['p99_us'])} |"
                         f" {number(f['cpu_us_per_query'], 1)} | | | |")
    for door, what in DOORS:
        f = doors.get(door)
        if not f:
            continue
        share = f"{f['share_of_floor']:.0%}" if f["share_of_floor"] else "—"
        cpu_ratio = f"{f['cpu_vs_floor']:.1f}x" if f["cpu_vs_floor"] else "—"
        lines.append(f"| {what} | **{number(f['queries_per_s'])}** | {share} | {number(f['p50_us'])} | {number(f['p99_us'])} |"
                     f" {number(f['server_cpu_us_per_query'], 1)} | {cpu_ratio} |"
                     f" {number(f['server_context_switches_per_query'], 2)} | {number(f['client_cpu_us_per_query'], 1)} |")
    one = floors.get("floor_prepared_1")
    if one:
        lines += ["", f"One in-process connection alone: {number(one['queries_per_s'])} queries/s, "
                      f"{number(one['cpu_us_per_query'], 1)} µs CPU per query."]
    mixed = summary["mixed"]
    if mixed:
        lines += [
            "",
            "### Small queries next to large results",
            "",
            "56 connections send `SELECT 1` (json) in a closed loop, alone, then while 8 more connections of the same",
            "server fetch a large Arrow result each, over and over.",
            "",
            "| run | small queries/s | p50 µs | p99 µs | max µs | p99 / p50 | large results/s | large MB/s |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, what in (("mixed_alone", "56 small alone"), ("mixed_large", "56 small + 8 large")):
            f = mixed.get(name)
            if not f:
                continue
            large = f.get("large")
            large_what = f"{large['queries_per_s']:.1f} ({large['rows']:,} rows each)" if large else "—"
            lines.append(f"| {what} | {number(f['queries_per_s'])} | {number(f['p50_us'])} | {number(f['p99_us'])} |"
                         f" {number(f['max_us'])} | **{f['tail_ratio']:.1f}x** | {large_what} |"
                         f" {number(large['reply_mb_per_s']) if large else '—'} |")
    scaling = summary["scaling"]
    if scaling:
        workers = scaling.get("workers", {})
        by_threads = {key: by_count for key, by_count in scaling.items() if key != "workers"}
        counts = sorted({c for by_count in by_threads.values() for c in by_count if isinstance(c, int)})
        scan_sql = next((by_count["scan_sql"] for by_count in by_threads.values() if "scan_sql" in by_count), None)
        lines += [
            "",
            "### Scaling: DuckDB threads (`--threads`), connections and the server's workers (`--workers`)",
            "",
            "SQLRooms json `SELECT 1`; one server per setting, all running side by side and measured in turn, medians",
            "over rounds; queries/s (server CPU µs per query). The last",
            "column is what DuckDB's threads are for: one large aggregate over a table of 2x the large rows, alone"
            + (f" (`{scan_sql}`), its time (p50)." if scan_sql else "."),
            "",
            "| | " + " | ".join(f"{c} connections" for c in counts) + " | large aggregate |",
            "|---|" + "---:|" * (len(counts) + 1),
        ]
        for key in sorted((k for k in by_threads if k != "floor"), key=lambda k: int(k[7:])) + (["floor"] if "floor" in by_threads else []):
            label = "in-process floor (prepared)" if key == "floor" else f"`--threads {key[7:]}`"
            cells = []
            for c in counts:
                f = by_threads[key].get(c)
                cells.append(f"{number(f['queries_per_s'])} ({number(f['cpu_us_per_query'], 0)})" if f else "—")
            scan = by_threads[key].get("scan_ms")
            lines.append(f"| {label} | " + " | ".join(cells) + f" | {f'{scan:,.0f} ms' if scan else '—'} |")
        if workers:
            lines += [
                "",
                "The server's own worker threads (`--workers`; three quarters of them run statements), 32 connections of",
                "SQLRooms json `SELECT 1`, DuckDB's default threads, measured in the same rounds:",
                "",
                "| `--workers` | queries/s | p50 µs | p99 µs | server CPU µs / query | context switches / query |",
                "|---:|---:|---:|---:|---:|---:|",
                *[f"| {n} | {number(f['queries_per_s'])} | {number(f['p50_us'])} | {number(f['p99_us'])} |"
                  f" {number(f['cpu_us_per_query'])} | {number(f['switches'], 2)} |" for n, f in sorted(workers.items())],
            ]
    lines += [
        "",
        "### Targets (issue 12)",
        "",
        "| target | required | measured | met |",
        "|---|---|---|---|",
        *[f"| {t['name']} | {t['target']} | {t['shown']} | {'yes' if t['met'] else '**no**'} |" for t in summary["targets"]],
        "",
    ]
    return lines


if __name__ == "__main__":  # python3 bench/small_report.py WORK/small: the section alone
    import sys

    print("\n".join(render(summarize(sys.argv[1], None))))
