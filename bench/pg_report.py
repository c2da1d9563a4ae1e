"""The PostgreSQL-protocol section of docs/BENCHMARKS.md (issue 8): the figures of bench/pg/side_by_side.py,
duckwire's PostgreSQL front door next to PostgreSQL 15, compared pair by pair."""
import statistics

TARGET_FETCH_SPEEDUP = 2.0  # PostgreSQL's time / duckwire's, libpq text and binary COPY
TARGET_LATENCY_RATIO = 1.0  # duckwire's SELECT 1 p50 / PostgreSQL's
TARGET_RSS_GROWTH_MB = 64.0  # duckwire, slow reader of the large table
FETCH_CLIENTS = {
    "text": "libpq, text (simple query, single-row mode)",
    "copy": "libpq, `COPY (...) TO STDOUT (FORMAT binary)`",
    "asyncpg": "asyncpg `fetch` (extended protocol, binary)",
}
FETCH_TARGETS = ("text", "copy")


def shown_error(message, limit=160):
    """An error message that fits in a table cell: no pipes, no line breaks, not too long."""
    text = " ".join(str(message).replace("|", "/").split())
    return text if len(text) <= limit else text[:limit] + "…"


def median_or_none(values):
    return statistics.median(values) if values else None


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return None
    rank = p / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def first_error(runs):
    return next((run["error"] for run in runs if "error" in run), None)


def paired(pairs, value):
    """Median over pairs of value(duckwire figures, postgres figures), skipping pairs where one failed."""
    ratios = [value(pair["duckwire"], pair["postgres"]) for pair in pairs
              if "error" not in pair.get("duckwire", {"error": 1}) and "error" not in pair.get("postgres", {"error": 1})]
    return median_or_none(ratios)


def summarize_fetch(raw):
    out = {}
    for key, pairs in raw["fetch"].items():
        kind, rows = key.split("/")
        entry = {"kind": kind, "rows": int(rows)}
        for server in raw["servers"]:
            runs = [pair[server] for pair in pairs if server in pair]
            ok = [run for run in runs if "error" not in run]
            entry[server] = {
                "median_s": median_or_none([run["seconds"] for run in ok]),
                "server_cpu_s": median_or_none([run["server_cpu_seconds"] for run in ok if "server_cpu_seconds" in run]),
                "client_cpu_s": median_or_none([run["client_cpu_seconds"] for run in ok if "client_cpu_seconds" in run]),
                "runs_s": [round(run["seconds"], 4) for run in ok],
                "bytes": ok[0].get("value_bytes", ok[0].get("bytes")) if ok else None,
                "error": first_error(runs),
            }
        entry["speedup"] = paired(pairs, lambda dw, pg: pg["seconds"] / dw["seconds"])
        if kind != "asyncpg":
            entry["server_cpu_ratio"] = paired(pairs, lambda dw, pg: pg["server_cpu_seconds"] / max(dw["server_cpu_seconds"], 0.01))
        out[key] = entry
    return out


def summarize_latency(raw):
    out = {}
    for server, blocks in raw["latency"].items():
        ok = [block for block in blocks if "error" not in block]
        samples = [sample for block in ok for sample in block["samples_us"]]
        out[server] = {
            "round_trips": len(samples),
            "p50_us": percentile(samples, 50),
            "p99_us": percentile(samples, 99),
            "mean_us": statistics.fmean(samples) if samples else None,
            "server_cpu_us_per_query": median_or_none([block["server_cpu_us_per_query"] for block in ok]),
            "error": first_error(blocks),
        }
    if "duckwire" in raw["latency"]:
        pairs = [{"duckwire": dw, "postgres": pg} for dw, pg in zip(raw["latency"]["duckwire"], raw["latency"]["postgres"])]
        out["p50_ratio"] = paired(pairs, lambda dw, pg: dw["p50_us"] / pg["p50_us"])
        out["p99_ratio"] = paired(pairs, lambda dw, pg: dw["p99_us"] / pg["p99_us"])
    return out


def summarize(raw):
    """Medians, paired ratios and the issue-8 targets of one side-by-side run."""
    fetch = summarize_fetch(raw)
    latency = summarize_latency(raw)
    pgbench = {key: {**pair, "ratio": paired([pair], lambda dw, pg: dw["tps"] / pg["tps"])}
               for key, pair in raw["pgbench"].items()}
    summary = {"raw_settings": raw["settings"], "servers": raw["servers"], "load": raw["load"],
               "pgbench_init": raw["pgbench_init"], "fetch": fetch, "latency": latency, "pgbench": pgbench,
               "slow_reader": raw["slow_reader"]}
    summary["targets"] = targets(summary)
    return summary


def target(name, required, value, shown, met):
    return {"name": name, "target": required, "value": value, "shown": shown, "met": met}


def targets(summary):
    out = []
    for entry in summary["fetch"].values():
        if entry["kind"] not in FETCH_TARGETS:
            continue
        speedup = entry["speedup"]
        out.append(target(f"PostgreSQL time / duckwire time, {FETCH_CLIENTS[entry['kind']]}, {entry['rows']:,} rows",
                          f">= {TARGET_FETCH_SPEEDUP:.0f}x", speedup,
                          f"{speedup:.2f}x" if speedup is not None else why_missing(entry),
                          speedup is not None and speedup >= TARGET_FETCH_SPEEDUP))
    ratio = summary["latency"].get("p50_ratio")
    out.append(target("prepared `SELECT 1` p50, duckwire / PostgreSQL", f"<= {TARGET_LATENCY_RATIO:.1f}x", ratio,
                      f"{ratio:.2f}x" if ratio is not None else why_missing(summary["latency"]),
                      ratio is not None and ratio <= TARGET_LATENCY_RATIO))
    slow = summary["slow_reader"].get("duckwire", {"error": "duckwire not measured"})
    growth = slow.get("rss_growth_mb")
    out.append(target(f"duckwire RSS growth, slow libpq reader of {summary['raw_settings']['large_rows']:,} rows",
                      f"< {TARGET_RSS_GROWTH_MB:.0f} MB", growth,
                      f"{growth:.1f} MB" if growth is not None else f"failed: {shown_error(slow.get('error'))}",
                      growth is not None and growth < TARGET_RSS_GROWTH_MB))
    return out


def why_missing(entry):
    error = (entry.get("duckwire") or {}).get("error") or (entry.get("postgres") or {}).get("error")
    return f"failed: {shown_error(error)}" if error else "n/a"


def seconds_cell(figures):
    if figures is None:
        return "—"
    if figures["median_s"] is None:
        return f"failed: {shown_error(figures['error'])}"
    return f"{figures['median_s']:.3f}"


def ratio_cell(value):
    return f"**{value:.2f}x**" if value is not None else "—"


def render(summary):
    settings = summary["raw_settings"]
    duckwire = "duckwire" in summary["servers"]
    lines = [
        "## PostgreSQL front door next to PostgreSQL 15 (issue 8)",
        "",
        "`bench/pg/side_by_side.py` runs every measurement as a pair: the same client against duckwire's",
        "`--pg-port` and against a throwaway PostgreSQL 15 cluster on the same machine, one right after the",
        "other, the order alternating from pair to pair; ratios are medians of the per-pair ratios.",
        "",
        f"- PostgreSQL 15 cluster: `initdb` in a temporary directory (as the `postgres` account), 127.0.0.1 on its own",
        f"  port, scram-sha-256, started with `{settings.get('postgres_settings') or 'initdb defaults'}`. fsync and",
        "  the other durability settings are off because durability is not measured (duckwire serves an in-memory",
        "  database); shared_buffers holds the whole large table, as duckwire holds it in memory. PostgreSQL",
        "  serves each connection with one backend process; duckwire with its I/O threads and worker pool over",
        "  DuckDB (default threads).",
        f"- duckwire: a fresh in-memory server with `--pg-port` and the same user and password (scram-sha-256).",
        "- Tables `rows_N` (`i int8, d float8, s text, dt date, ts timestamp`), filled on each server by the same",
        "  `INSERT ... SELECT ... FROM generate_series(0, N-1) AS g(i)` (every value prints the same in both;",
        "  PostgreSQL's tables are then `VACUUM (FREEZE, ANALYZE)`d). The fetch is `SELECT * FROM rows_N`.",
        "- Clients (`build/duckwire_pgload`, a libpq 15 program; `bench/pg/asyncpg_fetch.py`), each a fresh",
        "  process connecting before the clock starts: **text** = simple query read in single-row mode, every",
        "  value touched; **COPY** = `COPY (SELECT * FROM rows_N) TO STDOUT (FORMAT binary)` read with",
        "  `PQgetCopyData`, signature and trailer checked; **asyncpg** = `conn.fetch(...)` (binary, Python records",
        "  built). Timed from sending the query to the last row. The client shares the 2 cores with the server.",
        f"- Rounds: {settings['reps_small']} at {settings['small_rows']:,} rows and {settings['reps_large']} at"
        f" {settings['large_rows']:,} rows, each round one pair per client.",
        "",
        "### Bulk fetch (median seconds; speed-up = PostgreSQL's time / duckwire's, paired)",
        "",
        "| rows | client | duckwire s | PostgreSQL s | speed-up | server CPU s, duckwire / PostgreSQL"
        " (PostgreSQL's ÷ duckwire's) | client CPU s, duckwire / PostgreSQL | duckwire bytes | PostgreSQL bytes |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for entry in summary["fetch"].values():
        dw, pg = entry.get("duckwire"), entry.get("postgres")
        lines.append(
            f"| {entry['rows']:,} | {FETCH_CLIENTS[entry['kind']]} | {seconds_cell(dw)} | {seconds_cell(pg)} | "
            f"{ratio_cell(entry['speedup'])} | {cpu_pair(dw, pg, 'server_cpu_s')}"
            + (f" ({entry['server_cpu_ratio']:.2f}x)" if entry.get("server_cpu_ratio") else "")
            + f" | {cpu_pair(dw, pg, 'client_cpu_s')} | {bytes_cell(dw)} | {bytes_cell(pg)} |")
    lines += [
        "",
        "CPU: user + system seconds during the fetch (`/proc/PID/stat`, 10 ms ticks): duckwire's whole process,",
        "PostgreSQL's backend of the connection, and the client process (`getrusage`; not measured for asyncpg).",
        "The client shares the two cores with the server, so a fetch can take no less than the client's CPU time.",
        "",
        "Bytes: text = the values' bytes as libpq returns them; COPY = the CopyData payload; equal bytes mean",
        "both servers printed/encoded the same values. Per-round seconds: "
        + "; ".join(f"{key} " + ", ".join(f"{server} {entry[server]['runs_s']}" for server in summary["servers"])
                    for key, entry in summary["fetch"].items()),
        "",
        "### Prepared `SELECT 1` round trips, one connection",
        "",
        f"`PQprepare` once, then `PQexecPrepared` (Bind, Describe, Execute, Sync) one at a time; "
        f"{settings['latency_blocks']} blocks of {settings['latency_iterations'] // settings['latency_blocks']:,} round trips"
        " per server (after 200 unmeasured), alternating.",
        "",
        "| server | round trips | p50 µs | p99 µs | mean µs | server CPU µs / query |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for server in summary["servers"]:
        lat = summary["latency"][server]
        if lat["p50_us"] is None:
            lines.append(f"| {server} | failed: {shown_error(lat['error'])} | | | | |")
            continue
        lines.append(f"| {server} | {lat['round_trips']:,} | {lat['p50_us']:.1f} | {lat['p99_us']:.1f} | "
                     f"{lat['mean_us']:.1f} | {lat['server_cpu_us_per_query']:.0f} |")
    if duckwire:
        lat = summary["latency"]
        lines += ["", f"duckwire / PostgreSQL (median of per-block ratios): p50 {ratio_cell(lat.get('p50_ratio'))}, "
                      f"p99 {ratio_cell(lat.get('p99_ratio'))}. Server CPU: duckwire's whole process (all threads),"
                      " PostgreSQL's backend of the connection."]
    lines += [
        "",
        f"### pgbench (scale {settings['pgbench_scale']}, {settings['pgbench_seconds']} s per run, `-j 2`, "
        f"`--max-tries={settings['max_tries']}`)",
        "",
        "`pgbench -i` on both servers first. `select-1` is a script of `SELECT 1` alone (the cost of a query",
        "round trip); TPC-B-like is the built-in script (three UPDATEs, a SELECT and an INSERT per",
        "transaction); `-S` its SELECT alone, a primary-key lookup. `-M prepared` parses once per connection,",
        "`simple` sends the SQL text each time. duckwire reports write conflicts as 40001, which",
        "`--max-tries` retries; PostgreSQL's row locks make its clients wait instead.",
        "",
        "| script | protocol | clients | duckwire tps | PostgreSQL tps | duckwire / PostgreSQL | duckwire retried / failed | PostgreSQL retried / failed |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key, pair in summary["pgbench"].items():
        script, protocol, clients = key.split("/")
        lines.append(f"| {script} | {protocol} | {clients} | {tps_cell(pair.get('duckwire'))} | {tps_cell(pair.get('postgres'))} | "
                     f"{ratio_cell(pair['ratio'])} | {tries_cell(pair.get('duckwire'))} | {tries_cell(pair.get('postgres'))} |")
    lines += [
        "",
        "### Server memory while a slow client reads the large table",
        "",
        f"A libpq client reads `SELECT * FROM rows_{settings['large_rows']}` row by row, throttled to"
        f" {settings['slow_rate']:g} MB/s of values; VmRSS sampled every 20 ms from `/proc/PID/status` (duckwire: the",
        "server process; PostgreSQL: the connection's backend), VmHWM restarted (`/proc/PID/clear_refs`) just before",
        "the query. Growth = max(sampled peak, VmHWM after) − VmRSS before. PostgreSQL's VmRSS also counts the",
        "shared buffers its backend touches (RssShmem), so its own memory is the RssAnon column.",
        "",
        "| server | duration | read rate | VmRSS before | VmHWM after | growth | RssAnon growth |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for server in summary["servers"]:
        slow = summary["slow_reader"].get(server, {"error": "not run"})
        if "error" in slow:
            lines.append(f"| {server} | failed: {shown_error(slow['error'])} | | | | | |")
            continue
        lines.append(f"| {server} | {slow['seconds']:.1f} s | {slow['read_mb_per_s']:.1f} MB/s | "
                     f"{slow['rss_before_kb'] / 1024:.1f} MB | {slow['hwm_after_kb'] / 1024:.1f} MB | "
                     f"**{slow['rss_growth_mb']:.1f} MB** | {slow['anon_growth_mb']:.1f} MB |")
    lines += ["", "Set-up times: " + "; ".join(
        f"{server}: tables {', '.join(f'{rows:,} rows {setup_seconds(summary, server, rows)}' for rows in settings['row_counts'])},"
        f" `pgbench -i` {init_seconds(summary, server)}" for server in summary["servers"]) + ".",
        *(["", *same_tables(summary)] if same_tables(summary) else []), ""]
    lines += [
        "### Targets (issue 8)",
        "",
        "| target | required | measured | met |",
        "|---|---|---|---|",
        *[f"| {t['name']} | {t['target']} | {t['shown']} | {'yes' if t['met'] else '**no**'} |" for t in summary["targets"]],
        "",
    ]
    return lines


def cpu_pair(dw, pg, key):
    def one(figures):
        return f"{figures[key]:.2f}" if figures and figures.get(key) is not None else "—"

    return f"{one(dw)} / {one(pg)}"


def same_tables(summary):
    """Whether both servers hold the same rows: count, sums and maxima of every column, as psql prints them."""
    checks = {server: {key: value for key, value in summary["load"].get(server, {}).items() if key.startswith("check/")}
              for server in summary["servers"]}
    if len(checks) < 2:
        return []
    duckwire, postgres = checks["duckwire"], checks["postgres"]
    if duckwire and duckwire == postgres:
        return ["Both servers hold the same rows (count, sums and maxima of every column agree: "
                + "; ".join(f"`{value}`" for value in postgres.values()) + ")."]
    return [f"**The tables differ** (count, sums, maxima): duckwire {duckwire}, PostgreSQL {postgres}."]


def bytes_cell(figures):
    if not figures or figures["bytes"] is None:
        return "—"
    return f"{figures['bytes'] / 1e6:,.1f} MB"


def tps_cell(figures):
    if figures is None:
        return "—"
    return f"failed: {shown_error(figures['error'])}" if "error" in figures else f"{figures['tps']:,.0f}"


def tries_cell(figures):
    if figures is None or "error" in figures:
        return "—"
    return f"{figures['retried']:,} / {figures['failed']:,}"


def setup_seconds(summary, server, rows):
    load = summary["load"].get(server, {})
    return f"failed ({shown_error(load['error'])})" if "error" in load else f"{load[f'load_seconds/{rows}']:.1f} s"


def init_seconds(summary, server):
    init = summary["pgbench_init"].get(server, {})
    return f"failed ({shown_error(init['error'])})" if "error" in init else f"{init['seconds']:.1f} s"


if __name__ == "__main__":  # python3 bench/pg_report.py pg.json: the section alone, to look at one run
    import json
    import sys

    print("\n".join(render(summarize(json.loads(open(sys.argv[1]).read())))))
