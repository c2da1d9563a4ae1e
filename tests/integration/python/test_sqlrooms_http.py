"""The Mosaic REST side of `/`: POST /, GET /?query=, POST /cancel and CORS."""
import http.client
import json
import threading
import time
import urllib.parse

import pytest


def post(server, path, body, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    payload = body if isinstance(body, (bytes, str)) else json.dumps(body)
    connection.request("POST", path, body=payload, headers={"Content-Type": "application/json", **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def get(server, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def test_post_json_returns_records(server):
    response, body = post(server, "/", {"type": "json", "sql": "SELECT 1 AS a, 'x' AS b", "queryId": "h1"})
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/json"
    assert response.getheader("X-Query-ID") == "h1"
    assert response.getheader("Access-Control-Allow-Origin") is None  # no Origin: not a browser
    assert json.loads(body) == [{"a": 1, "b": "x"}]


def test_post_arrow_returns_an_arrow_stream(server):
    response, body = post(server, "/", {"type": "arrow", "sql": "SELECT range AS x FROM range(100000)"})
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/vnd.apache.arrow.stream"
    assert len(response.getheader("X-Query-ID")) == 24
    assert body[:4] == b"\xff\xff\xff\xff"
    assert body[-8:] == b"\xff\xff\xff\xff\x00\x00\x00\x00"
    assert len(body) > 800000  # 100000 BIGINT values


def test_post_exec_returns_empty_object(server):
    response, body = post(server, "/", {"type": "exec", "sql": "CREATE OR REPLACE TABLE http_exec (x INT)"})
    assert (response.status, json.loads(body)) == (200, {})


def test_get_with_query_parameter(server):
    query = urllib.parse.quote(json.dumps({"type": "json", "sql": "SELECT 7 AS seven"}))
    response, body = get(server, "/?query=" + query)
    assert response.status == 200
    assert json.loads(body) == [{"seven": 7}]


@pytest.mark.parametrize(
    "body, message",
    [
        ("{oops", "invalid json"),
        ({"type": "json"}, "invalid message: missing sql"),
        ({"type": "subscribe", "channel": "c"}, "invalid message: expected arrow, json or exec"),
        ({"type": "json", "sql": "SELECT * FROM nowhere"}, "nowhere"),
    ],
)
def test_errors_are_400_with_a_message(server, body, message):
    response, data = post(server, "/", body)
    assert response.status == 400
    error = json.loads(data)
    assert error["success"] is False
    assert message in error["error"]["message"]


def test_options_preflight_is_204_with_cors(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("OPTIONS", "/", headers={"Origin": "http://localhost:5173",
                                                "Access-Control-Request-Method": "POST"})
    response = connection.getresponse()
    response.read()
    assert response.status == 204
    assert response.getheader("Access-Control-Allow-Origin") == "http://localhost:5173"
    assert response.getheader("Vary") == "Origin"
    assert "POST" in response.getheader("Access-Control-Allow-Methods")
    assert "Content-Type" in response.getheader("Access-Control-Allow-Headers")


def test_cors_origin_is_configurable(start_server):
    restricted = start_server("--cors-origin", "https://app.example")
    response, _ = post(restricted, "/", {"type": "exec", "sql": "SELECT 1"}, headers={"Origin": "https://app.example"})
    assert response.status == 200
    assert response.getheader("Access-Control-Allow-Origin") == "https://app.example"


def test_cancel_a_running_http_query(server):
    outcome = {}

    def run_long():
        outcome["response"], outcome["body"] = post(
            server, "/", {"type": "json", "sql": "select sum(x) from generate_series(1, 5000000000) t(x)",
                          "queryId": "long-http"})

    worker = threading.Thread(target=run_long)
    worker.start()
    deadline = time.monotonic() + 10
    while True:  # until the query has arrived and is registered
        response, body = post(server, "/cancel", {"queryId": "long-http"})
        if response.status != 404 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert (response.status, json.loads(body)) == (200, {"success": True})
    worker.join(30)
    assert outcome["response"].status == 400
    assert json.loads(outcome["body"])["error"]["message"] == "Query was cancelled"
    response, body = post(server, "/cancel", {"queryId": "long-http"})
    assert response.status == 404


def test_http_requires_credentials_when_the_server_has_a_token(start_server):
    guarded = start_server("--auth-token", "tok")
    response, _ = post(guarded, "/", {"type": "exec", "sql": "SELECT 1"})
    assert response.status == 401
    response, body = post(guarded, "/", {"type": "json", "sql": "SELECT 1 AS a"},
                          headers={"Authorization": "Bearer tok"})
    assert (response.status, json.loads(body)) == (200, [{"a": 1}])
    response, _ = post(guarded, "/", {"type": "json", "sql": "SELECT 1 AS a"}, headers={"Authorization": "Bearer no"})
    assert response.status == 401


def test_a_client_that_leaves_before_the_answer_stops_its_query(server):
    from http_disconnect import cancelled_queries, send_and_leave, wait_for_cancelled

    before = cancelled_queries(server, "sqlrooms")
    body = json.dumps({"type": "json", "sql": "SELECT count(*) FROM range(30000000000)"})
    send_and_leave(server, (f"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            f"Content-Length: {len(body)}\r\n\r\n{body}").encode())
    assert wait_for_cancelled(server, "sqlrooms", before + 1)
