"""Graceful shutdown on SIGTERM/SIGINT: queries interrupted with an error reply, data checkpointed,
exit 0; a second signal exits at once."""
import asyncio
import json
import socket
import signal
import time

from conftest import Server
from sqlrooms_client import connect, json_rows, receive, request, run, send_json

def stalled_http_query(port, sql):
    """Opens a connection with a tiny receive buffer, POSTs one arrow query and never reads. (An HTTP
    result streams as it is computed, so its query stays active while the write waits; a WebSocket
    result is spooled first, and an interrupt ends it at once.)"""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    body = json.dumps({"type": "arrow", "sql": sql}).encode()
    sock.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                 b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    return sock


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


def test_while_draining_readyz_is_503_and_new_work_is_refused():
    import http.client

    import pytest
    import websockets

    server = Server("--shutdown-timeout", "4")

    def http_request(method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request(method, path, body=body)
        response = connection.getresponse()
        return response.status, response.read()

    # A client that stops reading keeps its (interrupted) query from finishing its write, so the
    # drain waits for it until the deadline: long enough to look at the server meanwhile.
    stalled = stalled_http_query(server.port, "SELECT range AS x FROM range(100000000)")

    async def scenario():
        await asyncio.sleep(1)
        server.signal(signal.SIGTERM)
        await asyncio.sleep(0.3)
        assert await asyncio.to_thread(http_request, "GET", "/readyz") == (503, b"not ready")
        status, body = await asyncio.to_thread(http_request, "POST", "/", '{"type":"json","sql":"SELECT 1"}')
        assert status == 400 and b"shutting down" in body, body
        with pytest.raises(websockets.InvalidStatusCode) as refused:
            async with connect(server):
                pass
        assert refused.value.status_code == 503

    run(scenario())
    assert server.wait(10) == 0, server.log
    stalled.close()


def test_open_websockets_are_closed_with_going_away():
    import websockets

    server = Server()

    async def scenario():
        async with connect(server) as ws:
            assert await json_rows(ws, "SELECT 1 AS one") == [{"one": 1}]
            server.signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(ws.recv(), 10)
            except websockets.ConnectionClosed as closed:
                return closed.code, closed.reason
            return None

    assert run(scenario()) == (1001, "server shutting down")
    assert server.wait(10) == 0
