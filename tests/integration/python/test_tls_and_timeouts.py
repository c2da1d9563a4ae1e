"""TLS on the HTTP/WebSocket listener, request and idle timeouts, WebSocket keep-alive and compression."""
import asyncio
import http.client
import socket
import ssl
import subprocess
import time

import pytest
import websockets

from sqlrooms_client import connect, json_rows, run


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True)
    return cert, key


def client_context(cert):
    context = ssl.create_default_context(cafile=str(cert))
    return context


def test_https_and_wss_with_a_certificate(start_server, certificate):
    cert, key = certificate
    server = start_server("--tls-cert", str(cert), "--tls-key", str(key))
    assert server.scheme == "https"
    connection = http.client.HTTPSConnection("127.0.0.1", server.port, timeout=10, context=client_context(cert))
    connection.request("GET", "/healthz")
    response = connection.getresponse()
    assert (response.status, response.read()) == (200, b"ok")
    assert connection.sock.version() in ("TLSv1.2", "TLSv1.3")
    connection.close()

    async def query():
        async with connect(server, ssl=client_context(cert)) as ws:
            return await json_rows(ws, "SELECT 'secure' AS s")

    assert run(query()) == [{"s": "secure"}]

    # A plaintext client on the TLS port is dropped; the server keeps serving.
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        raw.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert b"200 OK" not in raw.recv(4096)
    connection = http.client.HTTPSConnection("127.0.0.1", server.port, timeout=10, context=client_context(cert))
    connection.request("GET", "/healthz")
    assert connection.getresponse().status == 200


def test_slow_and_idle_connections_are_closed(start_server):
    server = start_server("--request-timeout", "0.5", "--idle-timeout", "1")
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as slow:
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHo")
        started = time.monotonic()
        assert slow.recv(4096) == b""  # closed by the server, half a request unanswered
        assert 0.3 < time.monotonic() - started < 5
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as idle:
        idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert idle.recv(4096).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        assert idle.recv(4096) == b""  # closed by the server
        assert 0.7 < time.monotonic() - started < 5


def test_websocket_answers_pings_and_negotiates_compression(server):
    async def scenario():
        async with connect(server, compression="deflate") as ws:
            assert [type(e).__name__ for e in ws.extensions] == ["PerMessageDeflate"]
            pong = await ws.ping()
            await asyncio.wait_for(pong, 5)
            rows = await json_rows(ws, "SELECT repeat('abc', 100000) AS big")
            assert rows == [{"big": "abc" * 100000}]
        async with connect(server, compression=None) as plain:
            assert plain.extensions == []
            assert await json_rows(plain, "SELECT 1 AS one") == [{"one": 1}]

    run(scenario())


def test_silent_websocket_peer_is_dropped_after_the_idle_timeout(start_server):
    server = start_server("--idle-timeout", "1")

    async def scenario():
        # ping_interval=None: this client never pings; it still answers the server's pings, so it stays.
        async with connect(server, ping_interval=None) as ws:
            await asyncio.sleep(2.5)
            assert await json_rows(ws, "SELECT 1 AS alive") == [{"alive": 1}]
        # A peer that stops reading entirely (no pong) is closed by the server.
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101")
        started = time.monotonic()
        while await asyncio.wait_for(reader.read(4096), 10):
            pass  # server pings and finally its close or FIN
        assert 0.7 < time.monotonic() - started < 5
        writer.close()

    run(scenario())
