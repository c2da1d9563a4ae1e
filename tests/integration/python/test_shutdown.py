"""Graceful shutdown on SIGTERM/SIGINT: queries interrupted with an error reply, data checkpointed,
exit 0; a second signal exits at once."""
import asyncio
import json
import signal
import time

from conftest import Server
from sqlrooms_client import connect, json_rows, receive, request, run, send_json

LONG_QUERY = "select sum(x) from generate_series(1, 3000000000) t(x)"


def test_sigterm_interrupts_queries_checkpoints_and_keeps_committed_rows(tmp_path):
    db = tmp_path / "shop.duckdb"
    server = Server("--db-path", str(db))

    async def work():
        async with connect(server) as ws:
            await request(ws, {"type": "exec", "sql": "CREATE TABLE orders AS SELECT range AS id FROM range(12345)",
                               "queryId": "c"})
            await request(ws, {"type": "exec", "sql": "INSERT INTO orders VALUES (-1)", "queryId": "i"})
            await send_json(ws, {"type": "json", "sql": LONG_QUERY, "queryId": "long"})
            await asyncio.sleep(0.5)
            started = time.monotonic()
            server.signal(signal.SIGTERM)
            reply = await receive(ws, timeout=15)
            assert reply["type"] == "error" and reply["queryId"] == "long", reply
            assert "shutting down" in reply["error"]
            return time.monotonic() - started

    run(work())
    assert server.wait(10) == 0, server.log
    assert "shutdown complete" in server.log
    assert not (tmp_path / "shop.duckdb.wal").exists()

    again = Server("--db-path", str(db))
    try:
        async def check():
            async with connect(again) as ws:
                return await json_rows(ws, "SELECT count(*) AS n, min(id) AS lo FROM orders")

        assert run(check()) == [{"n": 12346, "lo": -1}]
    finally:
        assert again.stop() == 0


def test_second_signal_exits_at_once():
    server = Server()

    async def work():
        async with connect(server) as ws:
            await send_json(ws, {"type": "json", "sql": LONG_QUERY, "queryId": "long"})
            await asyncio.sleep(0.3)
            server.signal(signal.SIGINT)
            await asyncio.sleep(0.02)
            server.signal(signal.SIGINT)
            return server.wait(5)

    assert run(work()) == 1, server.log
    assert "shutdown complete" not in server.log
