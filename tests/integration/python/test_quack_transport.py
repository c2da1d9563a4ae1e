"""The Quack listener as HTTP: identification, preflight, browser origins, keep-alive, status codes for
what is not Quack at all, and its own label in /metrics."""
import http.client
import socket
import subprocess

import pytest

from conftest import BINARY, http_request
from quack_wire import (CONNECTION_RESPONSE, ERROR_RESPONSE, QuackHttp, QuackSession, connection_request,
                        read_response, start_quack_server)


@pytest.fixture
def quack(start_server):
    return start_quack_server(start_server)


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def test_get_root_identifies_the_endpoint(quack):
    _, port = quack
    response, body = request(port, "GET", "/")
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/plain")
    assert body.decode().startswith("This is a DuckDB Quack RPC endpoint")
    assert "ATTACH 'quack:" in body.decode()


def test_one_kept_alive_connection_carries_many_requests(quack):
    _, port = quack
    session = QuackSession(port)
    for n in range(20):
        assert session.rows(f"SELECT {n} AS n") == [(n,)]
    assert session.http.connection.sock is not None  # never reopened: http.client would have reconnected


def test_what_is_not_quack_gets_4xx_with_a_text_body(quack):
    _, port = quack
    response, body = request(port, "POST", "/quack", body=b"hello")
    assert response.status == 400
    assert body.decode().startswith("not a Quack message:")
    response, _ = request(port, "POST", "/elsewhere", body=connection_request())
    assert response.status == 404
    response, _ = request(port, "PUT", "/quack", body=connection_request())
    assert response.status == 405
    response, _ = request(port, "POST", "/quack", body=b"")
    assert response.status == 400


def test_a_response_is_application_vnd_duckdb_whatever_the_request_says(quack):
    _, port = quack
    status, content_type, _ = QuackHttp(port).post(connection_request(), {"Content-Type": "application/duckdb"})
    assert (status, content_type) == (200, "application/vnd.duckdb")


def test_without_a_token_a_foreign_page_is_refused_and_a_local_one_served(quack):
    _, port = quack
    response, body = request(port, "POST", "/quack", body=connection_request(),
                             headers={"Origin": "https://evil.example"})
    assert response.status == 403
    assert b"origin not allowed" in body
    response, _ = request(port, "POST", "/quack", body=connection_request(),
                          headers={"Origin": "http://localhost:3000"})
    assert response.status == 200
    assert response.getheader("Access-Control-Allow-Origin") == "http://localhost:3000"


def test_with_a_token_every_origin_may_ask_and_the_token_decides(start_server):
    _, port = start_quack_server(start_server, "--auth-token", "s3cret")
    response, _ = request(port, "OPTIONS", "/quack", headers={
        "Origin": "https://app.example", "Access-Control-Request-Method": "POST"})
    assert response.status == 204
    assert response.getheader("Access-Control-Allow-Origin") == "*"
    assert "POST" in response.getheader("Access-Control-Allow-Methods")
    assert response.getheader("Access-Control-Allow-Headers") == "*"
    status, _, data = QuackHttp(port).post(connection_request("s3cret"), {"Origin": "https://app.example"})
    assert status == 200
    assert read_response(data)[0] == CONNECTION_RESPONSE
    status, _, data = QuackHttp(port).post(connection_request("guess"), {"Origin": "https://app.example"})
    assert read_response(data)[0] == ERROR_RESPONSE


def test_quack_traffic_has_its_own_metrics_label(start_server):
    server, port = start_quack_server(start_server)
    session = QuackSession(port)
    session.rows("SELECT 1")
    session.error_of("SELECT nope")
    _, body = http_request(server, "GET", "/metrics")
    text = body.decode()
    assert 'duckwire_queries_started_total{protocol="quack"} 2' in text, text
    assert 'duckwire_queries_failed_total{protocol="quack"} 1' in text


def test_a_busy_port_given_with_the_flag_stops_the_server():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        chosen = subprocess.run([BINARY, "--port", "0", "--pg-port", "0", "--quack-port", str(busy)],
                                capture_output=True, text=True, timeout=60)
    assert chosen.returncode == 1
    assert f"Quack listener (--quack-port): cannot listen on 127.0.0.1:{busy}" in chosen.stderr
