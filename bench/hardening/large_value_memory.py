#!/usr/bin/env python3
"""Peak server memory (VmHWM) for one large string value sent as JSON over SQLRooms (issue 7, item 8),
and a healthy client's `SELECT 1` right after. Prints one JSON object."""
import asyncio
import json
import time

import websockets

from server_probe import scenario_arguments, status_kb


async def main(args):
    url = f"ws://127.0.0.1:{args.port}/"
    async with websockets.connect(url, max_size=None) as ws:
        await ws.send(json.dumps({"type": "json", "sql": "SELECT 1", "queryId": "warm"}))
        await ws.recv()
        before = status_kb(args.pid, "VmHWM")
        sql = f"SELECT repeat('x', {args.mib} * 1024 * 1024) AS big"
        started = time.perf_counter()
        await ws.send(json.dumps({"type": "json", "sql": sql, "queryId": "big"}))
        reply = await asyncio.wait_for(ws.recv(), 300)
        seconds = time.perf_counter() - started
        refused = isinstance(reply, str) and reply.startswith('{"type":"error"')
        after = status_kb(args.pid, "VmHWM")
        started = time.perf_counter()
        await ws.send(json.dumps({"type": "json", "sql": "SELECT 1", "queryId": "healthy"}))
        await ws.recv()
        healthy_ms = (time.perf_counter() - started) * 1000
    print(json.dumps({
        "value_mib": args.mib,
        "refused": refused,
        "reply_bytes": len(reply),
        "seconds": seconds,
        "hwm_before_kb": before,
        "hwm_after_kb": after,
        "peak_growth_mb": (after - before) / 1024,
        "growth_per_value_byte": (after - before) * 1024 / (args.mib * 1024 * 1024),
        "healthy_select1_ms": healthy_ms,
    }))


if __name__ == "__main__":
    parser = scenario_arguments(__doc__)
    parser.add_argument("--mib", type=int, default=200)
    asyncio.run(main(parser.parse_args()))
