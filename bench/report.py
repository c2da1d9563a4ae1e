#!/usr/bin/env python3
"""Turns one bench/run.sh sitting into bench/results/latest.json and docs/BENCHMARKS.md."""
import argparse
import json
import os
import pathlib
import platform
import statistics

import pg_report
import small_report

TARGET_ARROW_RATIO = 1.3
TARGET_QUACK_FETCH_RATIO = 1.2   # Quack fetch / the in-process vector floor
TARGET_QUACK_APPEND_RATIO = 1.5  # Quack APPEND / DuckDB's appender in process
TARGET_RSS_GROWTH_MB = 100.0
TARGET_SELECT1_P50_US = 150.0
HARDENING_RUNS = ("admission_latency", "large_value_refused", "large_value_sent")


def load(path):
    return json.loads(pathlib.Path(path).read_text())


def machine():
    cpu = "unknown"
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in pathlib.Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
    }


def suite_runs(suite):
    """Per benchmark ("inproc_capi/1000000"): wall time in ms per round (or repetition), plus counters."""
    runs = {}
    for b in suite["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        if b.get("error_occurred"):
            raise SystemExit(f"benchmark {b['name']} failed: {b.get('error_message')}")
        # "inproc_capi/1000000/round:3/iterations:3/real_time" -> "inproc_capi/1000000", round 3
        parts = b["run_name"].split("/")
        name = "/".join(p for p in parts if ":" not in p and p != "real_time")
        rounds = [int(p.split(":")[1]) for p in parts if p.startswith("round:")]
        scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
        entry = runs.setdefault(name, {"by_round": {}, "bytes": b.get("bytes"), "message_bytes": b.get("message_bytes")})
        key = rounds[0] if rounds else b.get("repetition_index", len(entry["by_round"]))
        entry["by_round"][key] = b["real_time"] * scale
    out = {}
    for name, entry in sorted(runs.items()):
        ms = list(entry["by_round"].values())
        out[name] = {
            "median_ms": statistics.median(ms),
            "min_ms": min(ms),
            "max_ms": max(ms),
            "runs_ms": {str(k): round(v, 4) for k, v in sorted(entry["by_round"].items())},
            "bytes": entry["bytes"],
            "message_bytes": entry["message_bytes"],
        }
    return out


def ratio(runs, numerator, denominator):
    """Median of the per-round ratios (the two ran next to each other in each round)."""
    if numerator not in runs or denominator not in runs:
        return None
    num, den = runs[numerator]["runs_ms"], runs[denominator]["runs_ms"]
    paired = [num[r] / den[r] for r in num if r in den]
    return statistics.median(paired) if paired else None


def build_results(work):
    meta = {**load(work / "meta.json"), **load(work / "meta_after.json")}
    runs = suite_runs(load(work / "suite.json"))
    small, large = meta["small_rows"], meta["large_rows"]
    latency_json = load(work / "latency_json.json")
    latency_arrow = load(work / "latency_arrow.json")
    latency_notify = load(work / "latency_notify.json")
    latency_jsonrpc = load(work / "latency_jsonrpc.json")
    throughput = load(work / "throughput.json")
    slow = load(work / "slow_reader.json")
    auth_hammer = load(work / "auth_hammer.json")
    hostile = [load(path) for path in sorted(work.glob("hostile_*.json"))]
    hardening = {name: load(work / f"{name}.json") for name in HARDENING_RUNS if (work / f"{name}.json").exists()}
    postgres_protocol = pg_report.summarize(load(work / "pg.json")) if (work / "pg.json").exists() else None
    small_queries = small_report.summarize(work / "small", postgres_protocol) if (work / "small").is_dir() else None

    ratios = {}
    for rows in (small, large):
        for name, num, den in (
            ("ws_arrow_vs_capi", "ws_arrow", "inproc_capi"),
            ("ws_arrow_vs_inproc_arrow", "ws_arrow", "inproc_arrow"),
            ("ws_json_vs_capi", "ws_json", "inproc_capi"),
            ("ws_json_vs_inproc_json", "ws_json", "inproc_json"),
            ("ws_jsonld_vs_capi", "ws_jsonld", "inproc_capi"),
            ("inproc_arrow_vs_capi", "inproc_arrow", "inproc_capi"),
            ("inproc_json_vs_capi", "inproc_json", "inproc_capi"),
            ("quack_fetch_vs_vectors", "quack_fetch", "inproc_vectors"),
            ("quack_fetch_vs_capi", "quack_fetch", "inproc_capi"),
            ("quack_fetch_vs_ws_arrow", "quack_fetch", "ws_arrow"),
            ("quack_append_vs_inproc_append", "quack_append", "inproc_append"),
        ):
            value = ratio(runs, f"{num}/{rows}", f"{den}/{rows}")
            if value is not None:
                ratios[f"{name}/{rows}"] = round(value, 3)

    targets = []
    for rows in (small, large):
        value = ratios.get(f"ws_arrow_vs_capi/{rows}")
        targets.append({
            "name": f"Arrow over WS / in-process C API, {rows:,} rows",
            "target": f"<= {TARGET_ARROW_RATIO}x",
            "value": value,
            "shown": f"{value:.2f}x" if value is not None else "n/a",
            "met": value is not None and value <= TARGET_ARROW_RATIO,
        })
    for rows, name, target, label in (
            (small, "quack_fetch_vs_vectors", TARGET_QUACK_FETCH_RATIO, "Quack fetch / in-process vectors"),
            (large, "quack_fetch_vs_vectors", TARGET_QUACK_FETCH_RATIO, "Quack fetch / in-process vectors"),
            (small, "quack_append_vs_inproc_append", TARGET_QUACK_APPEND_RATIO, "Quack APPEND / in-process appender")):
        value = ratios.get(f"{name}/{rows}")
        if value is None:
            continue
        targets.append({
            "name": f"{label}, {rows:,} rows",
            "target": f"<= {target}x",
            "value": value,
            "shown": f"{value:.2f}x",
            "met": value <= target,
        })
    growth = slow["rss_growth_mb"]
    targets.append({
        "name": f"server RSS growth, {slow['rows']:,} rows to a slow reader",
        "target": f"< {TARGET_RSS_GROWTH_MB:.0f} MB",
        "value": round(growth, 1),
        "shown": f"{growth:.1f} MB",
        "met": growth < TARGET_RSS_GROWTH_MB,
    })
    p50 = latency_json["p50_us"]
    targets.append({
        "name": "`SELECT 1` round trip p50 (json, one connection)",
        "target": f"< {TARGET_SELECT1_P50_US:.0f} µs",
        "value": round(p50, 1),
        "shown": f"{p50:.0f} µs",
        "met": p50 < TARGET_SELECT1_P50_US,
    })
    return {
        "meta": meta,
        "machine": machine(),
        "suite": runs,
        "ratios": ratios,
        "latency": {"json": latency_json, "arrow": latency_arrow, "jsonrpc": latency_jsonrpc,
                    "notify": latency_notify},
        "throughput": throughput,
        "slow_reader": slow,
        "auth_hammer": auth_hammer,
        "hostile": hostile,
        "hardening": hardening,
        "postgres_protocol": postgres_protocol,
        "small_queries": small_queries,
        "targets": targets,
    }


def fmt_ms(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def render(results, notes, previous=None):
    meta, m, runs, ratios = results["meta"], results["machine"], results["suite"], results["ratios"]
    small, large = meta["small_rows"], meta["large_rows"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (bench/run.sh → bench/report.py) — do not edit by hand; the raw figures are in",
        "`bench/results/latest.json`. Benchmarks are not tests: nothing here is asserted by `make test`.",
        "",
        "## What is measured, and how",
        "",
        "Query (N rows of BIGINT, DOUBLE, VARCHAR, DATE):",
        "`SELECT range::BIGINT AS i, range * 0.5 AS d, 'row' || range AS s, "
        "DATE '2020-01-01' + (range % 1000)::INTEGER AS dt FROM range(N)`.",
        "",
        "- **inproc_capi** — the C API floor: `open_duckdb_backend` → `connect` → `execute` → `next()` until the",
        "  stream ends (DuckDB's chunks as Arrow C data), in the benchmark process (`build/duckwire_bench`).",
        "- **inproc_arrow / inproc_json** — the same, plus `make_result_encoder(kArrowStream | kJsonRecords)`,",
        "  output cut into ~1 MiB pieces like the server's query job.",
        "- **ws_arrow / ws_json** — the same query sent to a real `build/duckwire` (in-memory, default threads) over",
        "  WebSocket as a SQLRooms request with `queryId` (no permessage-deflate); timed from sending the request",
        "  to the last byte of the reply (framed binary Arrow: header + IPC stream, end-of-stream marker checked;",
        "  json: `{\"type\":\"json\",...,\"data\":\"<records>\"}`). Client: a blocking Boost.Beast client in C++",
        "  (bench/common/ws_client.cpp), so the client costs little next to the server.",
        "- **ws_jsonld** — the same query over `/sql` as a JSON-RPC request on the connection's own session,",
        "  answered with one binary JSON-LD message (`{\"jsonrpc\":\"2.0\",\"id\",\"result\":{\"@context\",\"@graph\"}}`).",
        "- **inproc_vectors** — the floor of the Quack door: `next_vectors()` until the stream ends (DuckDB's own",
        "  vectors, no Arrow conversion).",
        "- **quack_fetch** — the same query sent to the same server's Quack port with duckwire's Quack client",
        "  (`src/clients/quack/`): PREPARE, then FETCH until the result ends, every chunk decoded; timed end to end.",
        "- **inproc_append / quack_append** — the query's rows appended to an empty table in one transaction: in",
        "  process, DuckDB's appender given the query's own data chunks; over Quack, the same rows as the 489",
        "  DataChunks a server would send, one APPEND each (BEGIN and COMMIT included).",
        "- All of the above run in one Google Benchmark process, in rounds: each round runs every variant once,",
        "  one after the other (order rotated per round), so compared variants run seconds apart.",
        f"  {meta['reps_small']} rounds at {small:,} rows (each measurement the mean of "
        f"{meta.get('iterations_small', 1)} queries) and {meta['reps_large']} rounds at {large:,} rows (one query each).",
        "  Times shown are medians over rounds; **ratios are the median of the per-round ratios** (paired), which",
        "  cancels most of the load drift of a shared machine.",
        "- **SELECT 1 latency** — one connection, `{\"type\":\"json\"|\"arrow\",\"queryId\",\"sql\":\"SELECT 1\"}`",
        "  round trips one at a time after a warm-up (`build/duckwire_wsload latency`); the same over `/sql` as a",
        "  JSON-RPC request `{\"jsonrpc\":\"2.0\",\"id\",\"method\":\"sql\",\"params\":{\"q\":\"SELECT 1\"}}` on the",
        "  connection's own session. For scale: a `notify` round",
        "  trip (no database, no worker thread), and in-process `SELECT 1` through the backend and through the raw",
        "  C API, unprepared and prepared (Google Benchmark, ≥0.2 s of back-to-back queries per run; mean per query).",
        "- **Throughput** — 32 connections on one client thread (Asio coroutines), each with one `SELECT 1`",
        "  json query outstanding at a time, for a fixed duration (`duckwire_wsload throughput`); every door and",
        "  the in-process floor side by side in the small-query section below.",
        "- **Slow reader** — a fresh server streams the large Arrow result to a client with a 16 KiB `SO_RCVBUF`",
        "  that reads 64 KiB pieces throttled to ~50 MB/s; the server's `VmRSS` is sampled every 20 ms from",
        "  `/proc/PID/status`. Growth = max(sampled peak VmRSS, VmHWM after) − VmRSS before the query.",
        "",
        "## Machine and run",
        "",
        f"- Date (UTC): {meta['date']}; commit `{meta['commit']}`"
        + (f" plus uncommitted changes in {meta['src_files_changed']} files under src/" if meta.get("src_files_changed") else "")
        + f"; {meta['server_version']}",
        f"- CPU: {m['cpu']}, {m['cores']} cores; {m['memory_gb']} GB RAM; Linux {m['kernel']}",
        f"- Load average (1/5/15 min) before: {meta['load_before']}; after: {meta['load_after']} — "
        "a shared machine: other jobs ran alongside, so absolute times are noisy; read the ratios.",
        "- Build: RelWithDebInfo (`-O2 -g`). Debian's libbenchmark says it was built as DEBUG; that affects only its",
        "  own bookkeeping, not the timed code.",
    ]
    if meta.get("quick"):
        lines += ["- **BENCH_QUICK=1: a smoke run with reduced sizes and repetitions — not a result.**"]
    lines += [
        "",
        "## Transfer of N rows (median wall time, ms)",
        "",
        "| rows | inproc_capi (floor) | inproc_arrow | inproc_json | ws_arrow | ws_json | ws_jsonld (`/sql`) | ws_arrow / floor (paired) | ws_arrow / inproc_arrow (paired) | Arrow bytes |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for rows in (small, large):
        def cell(name):
            entry = runs.get(f"{name}/{rows}")
            return fmt_ms(entry["median_ms"]) if entry else "—"

        def rcell(name):
            value = ratios.get(f"{name}/{rows}")
            return f"{value:.2f}x" if value is not None else "—"

        arrow = runs.get(f"inproc_arrow/{rows}")
        arrow_bytes = f"{arrow['bytes'] / 1e6:,.1f} MB" if arrow and arrow["bytes"] else "—"
        lines.append(
            f"| {rows:,} | {cell('inproc_capi')} | {cell('inproc_arrow')} | {cell('inproc_json')} | {cell('ws_arrow')} | "
            f"{cell('ws_json')} | {cell('ws_jsonld')} | {rcell('ws_arrow_vs_capi')} | {rcell('ws_arrow_vs_inproc_arrow')} | "
            f"{arrow_bytes} |"
        )
    lines += [
        "",
        "Other ratios (paired medians): "
        + ", ".join(f"{k} = {v:.2f}x" for k, v in sorted(ratios.items()) if not k.startswith("ws_arrow")),
        "",
        "Spread (min–max ms over repetitions): "
        + "; ".join(f"{k} {fmt_ms(v['min_ms'])}–{fmt_ms(v['max_ms'])}" for k, v in runs.items() if "/" in k),
        "",
        "## Round trips and throughput",
        "",
        "| scenario | p50 µs | p90 µs | p99 µs | mean µs | server CPU µs / query, context switches / query |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for kind, lat in results["latency"].items():
        what = {
            "notify": "notify → echo + notifyAck (no database work)",
            "jsonrpc": "`SELECT 1` over `/sql` JSON-RPC (binary JSON-LD reply)",
        }.get(kind, f"`SELECT 1` {kind}")
        lines.append(
            f"| {what}, 1 connection, {lat['iterations']} round trips | {lat['p50_us']:.0f} | "
            f"{lat['p90_us']:.0f} | {lat['p99_us']:.0f} | {lat['mean_us']:.0f} | "
            f"{lat.get('server_cpu_us_per_query', 0):.0f} µs, {lat.get('server_context_switches_per_query', 0):.1f} "
            f"(over {lat.get('server_threads', '?')} threads) |"
        )
    for key, what in (
        ("inproc_select1", "in-process: `SELECT 1` through duckwire's backend + JSON encoder"),
        ("capi_query_select1", "in-process: `duckdb_query(\"SELECT 1\")`, raw C API"),
        ("capi_prepared_select1", "in-process: prepared `SELECT 1`, `duckdb_execute_prepared` only"),
    ):
        if key in runs:
            lines.append(f"| {what} (median of {len(runs[key]['runs_ms'])} runs) | {runs[key]['median_ms'] * 1000:.0f} | | | | |")
    tp = results["throughput"]
    lines.append(
        f"| `SELECT 1` json, {tp['connections']} connections, {tp['seconds']:.1f} s | {tp['p50_us']:.0f} | | "
        f"{tp['p99_us']:.0f} | | **{tp['queries_per_s']:,.0f} queries/s** ({tp['queries']:,} ok, {tp['errors']} errors) |"
    )
    slow = results["slow_reader"]
    lines += [
        "",
        "## Server memory with a slow reader",
        "",
        "| rows | Arrow bytes | read rate | duration | VmRSS before | peak (sampled) | VmHWM after | VmRSS after | growth |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {slow['rows']:,} | {slow['bytes'] / 1e6:,.1f} MB | {slow['read_mb_per_s']:.1f} MB/s | {slow['seconds']:.1f} s | "
        f"{slow['rss_before_kb'] / 1024:.1f} MB | {slow['peak_rss_sampled_kb'] / 1024:.1f} MB | "
        f"{slow['hwm_after_kb'] / 1024:.1f} MB | {slow['rss_after_kb'] / 1024:.1f} MB | **{slow['rss_growth_mb']:.1f} MB** |",
        "",
        "## A healthy client while wrong Basic passwords are hammered (issue 7, item 7)",
        "",
        f"Authenticated `GET /sql?q=SELECT 1` round trips on one kept-alive connection, {hammer_seconds(results)}"
        " s alone, then as long again"
        f" with {results['auth_hammer']['hammer_connections']} connections from the same address sending wrong"
        " passwords as fast as they are answered (`duckwire_wsload auth-hammer`).",
        "",
        "| healthy client | ok | failed | p50 µs | p90 µs | p99 µs | max µs |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *[hammer_row(name, results["auth_hammer"][key]) for name, key in
          (("alone", "healthy_alone"), ("under attack", "healthy_under_attack"))],
        "",
        f"Wrong passwords checked (401): {results['auth_hammer']['hammer_401']:,}; refused unchecked during a"
        f" lockout (429): {results['auth_hammer']['hammer_429']:,}.",
        "",
        *render_hostile(results.get("hostile", [])),
        *render_hardening(results.get("hardening", {})),
        *(pg_report.render(results["postgres_protocol"]) if results.get("postgres_protocol") else []),
        *(small_report.render(results["small_queries"]) if results.get("small_queries") else []),
        "## Targets (issue 3)",
        "",
        "| target | required | measured | met |",
        "|---|---|---|---|",
    ]
    for t in results["targets"]:
        lines.append(f"| {t['name']} | {t['target']} | {t['shown']} | {'yes' if t['met'] else '**no**'} |")
    lines += ["", *render_against_previous(results, previous)]
    if notes:
        lines += ["", notes.strip()]
    return "\n".join(lines) + "\n"


def key_figures(results):
    """Every target's measured value, plus the hardening figures of earlier issues, by name."""
    figures = {}
    pg = results.get("postgres_protocol") or {}
    small = results.get("small_queries") or {}
    for t in results["targets"] + pg.get("targets", []) + small.get("targets", []):
        figures[t["name"]] = (t["shown"], t["met"])
    admission = (results.get("hardening") or {}).get("admission_latency")
    if admission:
        figures["healthy `SELECT 1` p99 while others saturate (fair admission)"] = (f"{admission['p99_ms']:.2f} ms", None)
    for run in results.get("hostile", []):
        figures[f"healthy `SELECT 1` p99 under {run['attack']}"] = (f"{run['healthy_p99_us'] / 1000:.2f} ms", None)
        figures[f"VmRSS peak growth under {run['attack']}"] = (f"{run['rss_peak_growth_mb']:.1f} MB", None)
    hammer = results.get("auth_hammer")
    if hammer:
        figures["healthy client p99 while passwords are hammered"] = (
            f"{hammer['healthy_under_attack']['p99_us']:.0f} µs", None)
    return figures


def render_against_previous(results, previous):
    """The key figures of this run next to those of the run it replaces, so a regression shows."""
    if not previous:
        return []
    before, now = key_figures(previous), key_figures(results)
    meta = previous.get("meta", {})
    lines = [
        "## Against the previous run",
        "",
        f"The run this report replaced: commit `{meta.get('commit', '?')}`, {meta.get('date', '?')}. Targets of every",
        "issue and the hardening figures of issue 7, side by side (— : not measured then).",
        "",
        "| figure | previous run | this run |",
        "|---|---:|---:|",
    ]
    for name, (shown, met) in now.items():
        old = before.get(name)
        mark = lambda value, ok: value if ok is None else (value if ok else f"**{value}**")
        lines.append(f"| {name} | {mark(*old) if old else '—'} | {mark(shown, met)} |")
    return lines + ["", "Bold: a target not met.", ""]


def hammer_seconds(results):
    return f"{results['auth_hammer']['seconds']:.0f}"


def hammer_row(name, figures):
    return (f"| {name} | {figures['ok']:,} | {figures['failed']} | {figures['p50_us']:.0f} | {figures['p90_us']:.0f} |"
            f" {figures['p99_us']:.0f} | {figures['max_us']:.0f} |")


def render_hostile(runs):
    """Attacks of issue 7 (items 4, 5, 9): server memory and a healthy client's SELECT 1 latency."""
    if not runs:
        return []
    lines = [
        "## Under attack (issue 7, items 4, 5, 9)",
        "",
        "| attack | attack traffic | healthy `SELECT 1` p50 / p99 / max | healthy queries | VmRSS before | peak growth | growth after |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        if run["attack"] == "head-of-line":
            traffic = (f"{run['rows']:,}-row Arrow result ({run['big_bytes'] / 1e6:.1f} MB, {run['big_seconds']:.1f} s) "
                       "on the healthy client's own connection")
        else:
            traffic = (f"{run['attack_frames_sent']:,} frames in {run['seconds']:.0f} s, writes stalled "
                       f"{run['attack_stalled_seconds']:.1f} s{', closed by the server' if run['attack_closed_by_server'] else ''}")
        lines.append(
            f"| {run['attack']} | {traffic} | {run['healthy_p50_us'] / 1000:.2f} / {run['healthy_p99_us'] / 1000:.2f} / "
            f"{run['healthy_max_us'] / 1000:.2f} ms | {run['healthy_queries']} | {run['rss_before_mb']:.1f} MB | "
            f"**{run['rss_peak_growth_mb']:.1f} MB** | {run['rss_after_growth_mb']:.1f} MB |")
    return lines + [""]


def render_hardening(hardening):
    """The issue 7 scenarios: a healthy client under load, and memory for one large value."""
    lines = []
    admission = hardening.get("admission_latency")
    if admission:
        lines += [
            "## A healthy client while others saturate (fair admission)",
            "",
            "| long queries | probes | `SELECT 1` p50 | p99 | max | VmRSS |",
            "|---|---:|---:|---:|---:|---:|",
            f"| {admission['greedy_connections']} connections x {admission['long_queries_per_connection']} | "
            f"{admission['probes']} | {admission['p50_ms']:.2f} ms | {admission['p99_ms']:.2f} ms | "
            f"{admission['max_ms']:.2f} ms | {admission['vmrss_kb'] / 1024:.1f} MB |",
            "",
        ]
    values = [(label, hardening[name]) for label, name in (("refused (default limit)", "large_value_refused"),
                                                             ("sent (limit 1GiB)", "large_value_sent"))
              if name in hardening]
    if values:
        lines += [
            "## Server memory for one large value",
            "",
            "| value | outcome | VmHWM before | VmHWM after | peak growth | per value byte | next `SELECT 1` |",
            "|---:|---|---:|---:|---:|---:|---:|",
        ]
        for label, v in values:
            lines.append(
                f"| {v['value_mib']} MiB | {label} | {v['hwm_before_kb'] / 1024:.1f} MB | {v['hwm_after_kb'] / 1024:.1f} MB | "
                f"**{v['peak_growth_mb']:.0f} MB** | {v['growth_per_value_byte']:.1f}x | {v['healthy_select1_ms']:.1f} ms |")
        lines.append("")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    parser.add_argument("--json", required=True, type=pathlib.Path)
    parser.add_argument("--doc", required=True, type=pathlib.Path)
    parser.add_argument("--notes", type=pathlib.Path)
    args = parser.parse_args()
    results = build_results(args.work)
    previous = load(args.json) if args.json.exists() else None
    if previous and previous.get("meta", {}).get("quick") and not results["meta"].get("quick"):
        previous = None  # a smoke run is no baseline
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.doc.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    notes = args.notes.read_text() if args.notes and args.notes.exists() else ""
    args.doc.write_text(render(results, notes, previous))
    pg_targets = results["postgres_protocol"]["targets"] if results.get("postgres_protocol") else []
    small_targets = results["small_queries"]["targets"] if results.get("small_queries") else []
    for t in results["targets"] + pg_targets + small_targets:
        print(f"{'met ' if t['met'] else 'MISS'}  {t['name']}: {t['shown']} (target {t['target']})")
    print(f"wrote {args.json} and {args.doc}")


if __name__ == "__main__":
    main()
