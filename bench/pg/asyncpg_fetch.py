#!/usr/bin/env python3
"""Fetches a query's rows with asyncpg (binary result format, as asyncpg always asks) and prints
{"rows", "seconds"} as JSON; the time covers `fetch` only, not the connection. Run by side_by_side.py in
a fresh process per fetch, so every fetch starts with the same client memory."""
import argparse
import asyncio
import json
import time

import asyncpg


async def fetch(args):
    conn = await asyncpg.connect(host=args.host, port=args.port, user=args.user, password=args.password,
                                 database=args.database)
    try:
        start = time.perf_counter()
        records = await conn.fetch(args.sql)
        seconds = time.perf_counter() - start
    finally:
        await conn.close()
    return {"scenario": "fetch_asyncpg", "rows": len(records), "seconds": seconds}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    for name in ("host", "user", "password", "database", "sql"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--port", type=int, required=True)
    print(json.dumps(asyncio.run(fetch(parser.parse_args()))))


if __name__ == "__main__":
    main()
