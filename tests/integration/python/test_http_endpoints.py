"""The HTTP listener and its health, readiness, version and metrics endpoints."""
import http.client
import json
import socket
import urllib.error

import pytest

from conftest import http_request as request, wait_for


def test_healthz_answers_ok(server):
    response, body = request(server, "GET", "/healthz")
    assert response.status == 200
    assert body == b"ok"


def test_readyz_answers_ok_once_the_database_is_open(server):
    response, body = request(server, "GET", "/readyz")
    assert response.status == 200
    assert body == b"ok"


def test_version_names_duckwire_and_duckdb(server):
    response, body = request(server, "GET", "/version")
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/json"
    info = json.loads(body)
    assert info["name"] == "duckwire"
    assert info["version"] == "0.1.0"
    assert info["duckdb"] == "v1.5.6"
    assert info["build"]["commit"]


def test_metrics_are_prometheus_text(server):
    request(server, "GET", "/healthz")
    response, body = request(server, "GET", "/metrics")
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/plain; version=0.0.4")
    text = body.decode()
    assert '# TYPE duckwire_open_connections gauge' in text
    # Only the asking connection is open once the server has seen the earlier ones close.
    assert wait_for(lambda: b'duckwire_open_connections{protocol="http"} 1\n' in request(server, "GET", "/metrics")[1])
    for family in ("duckwire_queries_started_total", "duckwire_queries_failed_total",
                   "duckwire_queries_cancelled_total", "duckwire_bytes_sent_total"):
        assert f'{family}{{protocol="sqlrooms"}}' in text
    assert 'duckwire_query_duration_seconds_bucket{protocol="postgres",le="+Inf"}' in text
    sent = [line for line in text.splitlines() if line.startswith('duckwire_bytes_sent_total{protocol="http"}')]
    assert int(sent[0].split()[-1]) > 0


def test_unknown_path_is_404(server):
    response, _ = request(server, "GET", "/no/such/path")
    assert response.status == 404


def test_wrong_method_is_405_with_allow(server):
    response, _ = request(server, "DELETE", "/healthz")
    assert response.status == 405
    assert response.getheader("Allow") == "GET"


def test_keep_alive_serves_several_requests_on_one_connection(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    for _ in range(5):
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        assert response.status == 200
        assert response.read() == b"ok"
    connection.close()


def raw_exchange(server, payload, timeout=10):
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(payload)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def test_oversized_headers_get_431(server):
    payload = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n"
    reply = raw_exchange(server, payload)
    assert reply.startswith(b"HTTP/1.1 431")


def test_oversized_body_gets_413(start_server):
    small = start_server("--max-message-bytes", "1024")
    body = b"x" * 4096
    payload = b"POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4096\r\n\r\n" + body
    reply = raw_exchange(small, payload)
    assert reply.startswith(b"HTTP/1.1 413")
    response, _ = request(small, "GET", "/healthz")
    assert response.status == 200


def test_garbage_gets_400_and_the_server_keeps_serving(server):
    reply = raw_exchange(server, b"\x00\x01\x02 not http at all\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 400 Bad Request"), reply
    reply = raw_exchange(server, b"GET /healthz HTTP/9.9\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 400 Bad Request"), reply
    response, body = request(server, "GET", "/healthz")
    assert (response.status, body) == (200, b"ok")


def test_many_dropped_connections_leave_the_server_healthy(server):
    for _ in range(200):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.sendall(b"GET /heal")
        sock.close()
    response, body = request(server, "GET", "/healthz")
    assert (response.status, body) == (200, b"ok")
