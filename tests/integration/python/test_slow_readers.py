"""Clients that ask for a large result and never read it, on every HTTP and WebSocket door: more of them than
the server runs statements at once. A statement waiting on its client needs no worker, so it gives its
admission place back: a healthy client's SELECT 1 on the same door is answered at once, the server's memory
stays bounded, and once the slow clients hang up nothing of theirs runs or waits."""
import asyncio
import base64
import json
import os
import socket
import struct
import time
import urllib.parse
import urllib.request

import pytest

from conftest import wait_for
from jsonrpc_client import call as rpc_call, connect as rpc_connect, graph_of, http_sql
from sqlrooms_client import connect as sqlrooms_connect, request as sqlrooms_request, run

# Statements that run at once: three quarters of the server's workers, which are four per core, 16 at least.
ADMISSION_PLACES = 3 * max(16, 4 * os.cpu_count()) // 4
SLOW_READERS = ADMISSION_PLACES + 4
HUGE = "SELECT g, 'row number ' || g AS label FROM generate_series(1, 10000000) AS s(g)"
# About 14 MiB as Arrow, 20 MiB as JSON: a few of them fill a connection's spool bound below.
LARGE = "SELECT g, 'row number ' || g AS label FROM generate_series(1, 500000) AS s(g)"
SPOOL_FLAGS = ("--spool-max-bytes", "16MiB")
ANSWER_SECONDS = 5
# What one slow reader may hold: on HTTP a piece or two and DuckDB's streaming state; on a WebSocket also its
# connection's spool memory (4 MiB) and the pieces of its two results waiting for room in the spool.
HTTP_READER_MIB = 8
WS_READER_MIB = 32


def rss_kb(server):
    with open(f"/proc/{server.process.pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def gauges(server):
    text = urllib.request.urlopen(server.url + "/metrics", timeout=10).read().decode()
    running = queued = 0
    for line in text.splitlines():
        if line.startswith("duckwire_statements_running{"):
            running += float(line.rsplit(" ", 1)[1])
        elif line.startswith("duckwire_statements_queued{"):
            queued += float(line.rsplit(" ", 1)[1])
    return running, queued


def stalled_socket(server):
    """A TCP connection with a small receive buffer, so that what the server sends fills it soon."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    return sock


def http_request_bytes(server, method, target, body=b"", content_type=None):
    head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Length: {len(body)}\r\n"
    if content_type:
        head += f"Content-Type: {content_type}\r\n"
    return (head + "\r\n").encode() + body


def open_websocket(server, path):
    """A raw WebSocket that will never read what the server sends (only the handshake's reply)."""
    sock = stalled_socket(server)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    reply = b""
    while b"\r\n\r\n" not in reply:
        chunk = sock.recv(1)
        assert chunk, reply
        reply += chunk
    assert reply.startswith(b"HTTP/1.1 101"), reply
    return sock


def ws_text_frame(text):
    payload = text.encode()
    mask = os.urandom(4)
    if len(payload) < 126:
        head = struct.pack("!BB", 0x81, 0x80 | len(payload))
    else:
        head = struct.pack("!BBH", 0x81, 0x80 | 126, len(payload))
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def sqlrooms_http_reader(server):
    sock = stalled_socket(server)
    body = json.dumps({"type": "arrow", "sql": HUGE}).encode()
    sock.sendall(http_request_bytes(server, "POST", "/", body, "application/json"))
    return sock


def sql_http_reader(server):
    sock = stalled_socket(server)
    sock.sendall(http_request_bytes(server, "GET", "/sql?" + urllib.parse.urlencode({"q": HUGE})))
    return sock


def sqlrooms_ws_reader(server):
    sock = open_websocket(server, "/")
    for i in range(4):
        sock.sendall(ws_text_frame(json.dumps({"type": "arrow", "sql": LARGE, "queryId": f"big{i}"})))
    return sock


def jsonrpc_ws_reader(server):
    sock = open_websocket(server, "/sql")
    for i in range(4):
        sock.sendall(ws_text_frame(json.dumps(
            {"jsonrpc": "2.0", "id": i, "method": "sql", "params": {"q": LARGE}})))
    return sock


def sqlrooms_http_answer(server):
    body = json.dumps({"type": "json", "sql": "SELECT 1 AS one"}).encode()
    request = urllib.request.Request(server.url + "/", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=ANSWER_SECONDS) as response:
        return json.loads(response.read()) == [{"one": 1}]


def sql_http_answer(server):
    reply = http_sql(server, "GET", {"q": "SELECT 1 AS one"}, None, {"Accept": "application/json"},
                     timeout=ANSWER_SECONDS)
    return reply.status == 200 and json.loads(reply.text) == [[1]]


def sqlrooms_ws_answer(server):
    async def ask():
        async with sqlrooms_connect(server) as ws:
            reply = await sqlrooms_request(ws, {"type": "json", "sql": "SELECT 1 AS one", "queryId": "healthy"},
                                           timeout=ANSWER_SECONDS)
            return reply["type"] == "json" and json.loads(reply["data"]) == [{"one": 1}]

    return run(ask())


def jsonrpc_ws_answer(server):
    async def ask():
        async with rpc_connect(server) as ws:
            return graph_of(await rpc_call(ws, "SELECT 1 AS one", id=5), id=5) == [{"one": 1}]

    return run(asyncio.wait_for(ask(), ANSWER_SECONDS))


DOORS = {
    "sqlrooms-http": (sqlrooms_http_reader, sqlrooms_http_answer, (), HTTP_READER_MIB),
    "sql-http": (sql_http_reader, sql_http_answer, (), HTTP_READER_MIB),
    "sqlrooms-ws": (sqlrooms_ws_reader, sqlrooms_ws_answer, SPOOL_FLAGS, WS_READER_MIB),
    "jsonrpc-ws": (jsonrpc_ws_reader, jsonrpc_ws_answer, SPOOL_FLAGS, WS_READER_MIB),
}


@pytest.mark.parametrize("door", DOORS)
def test_clients_that_stop_reading_leave_a_healthy_client_served(start_server, door):
    open_reader, answer, flags, reader_mib = DOORS[door]
    server = start_server("--pg-port", "0", "--threads", "2", *flags)
    rss_before = rss_kb(server)
    readers = [open_reader(server) for _ in range(SLOW_READERS)]
    try:
        time.sleep(3)  # the slow readers' statements start and fill their sockets
        started = time.monotonic()
        assert answer(server), door
        assert time.monotonic() - started < ANSWER_SECONDS
        grown = rss_kb(server) - rss_before
        assert grown < (64 + SLOW_READERS * reader_mib) * 1024, f"RSS grew by {grown // 1024} MiB"
        # Bounded, not growing with the results the readers do not take.
        time.sleep(3)
        later = rss_kb(server) - rss_before
        assert later - grown < 16 * 1024, f"RSS grew from {grown // 1024} to {later // 1024} MiB"
    finally:
        for sock in readers:
            sock.close()
    assert wait_for(lambda: gauges(server) == (0, 0), timeout=20), gauges(server)
