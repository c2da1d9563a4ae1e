#!/usr/bin/env python3
"""Latency of a healthy client's `SELECT 1` while other connections keep long queries queued and
running (issue 7, item 6). Prints one JSON object."""
import asyncio
import json
import statistics
import time

import websockets

from server_probe import scenario_arguments, status_kb

LONG = "SELECT count(*) FROM range(1000000000000) t(i) WHERE i % 7 = 3"


async def main(args):
    url = f"ws://127.0.0.1:{args.port}/"
    greedy = [await websockets.connect(url, max_size=None) for _ in range(args.greedy)]
    for n, ws in enumerate(greedy):
        for i in range(args.long_queries):
            await ws.send(json.dumps({"type": "json", "sql": LONG, "queryId": f"g{n}-{i}"}))
    await asyncio.sleep(1.0)  # let them start and fill the queues
    latencies = []
    async with websockets.connect(url, max_size=None) as healthy:
        for i in range(args.probes):
            started = time.perf_counter()
            await healthy.send(json.dumps({"type": "json", "sql": "SELECT 1 AS one", "queryId": i}))
            reply = json.loads(await asyncio.wait_for(healthy.recv(), 60))
            if reply.get("type") != "json":
                raise SystemExit(f"probe failed: {reply}")
            latencies.append((time.perf_counter() - started) * 1000)
    rss = status_kb(args.pid, "VmRSS")
    for ws in greedy:
        await ws.close()  # the server cancels what they left
    latencies.sort()
    print(json.dumps({
        "greedy_connections": args.greedy,
        "long_queries_per_connection": args.long_queries,
        "probes": len(latencies),
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "max_ms": latencies[-1],
        "vmrss_kb": rss,
    }))


if __name__ == "__main__":
    parser = scenario_arguments(__doc__)
    parser.add_argument("--greedy", type=int, default=4)
    parser.add_argument("--long-queries", type=int, default=20)
    parser.add_argument("--probes", type=int, default=200)
    asyncio.run(main(parser.parse_args()))
