"""POST /cancel reaches only the caller's own HTTP queries (issue 7, item 11): a queryId guessed or
overheard by another user, or sent from another address, cancels nothing, and the owner still can."""
import base64
import http.client
import json
import threading
import time

LONG_SQL = "SELECT sum(x) FROM generate_series(1, 5000000000) t(x)"


def basic(user, password):
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def post(server, path, body, headers=None, source="127.0.0.1"):
    """`body` is sent as JSON, or as written when it is already text."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60, source_address=(source, 0))
    connection.request("POST", path, body=body if isinstance(body, str) else json.dumps(body),
                       headers={"Content-Type": "application/json", **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def start_long_query(server, query_id, headers=None):
    outcome = {}

    def run():
        outcome["status"], outcome["body"] = post(
            server, "/", {"type": "json", "sql": LONG_SQL, "queryId": query_id}, headers)

    worker = threading.Thread(target=run)
    worker.start()
    return worker, outcome


def cancel_until_running(server, query_id, headers=None):
    """The owner's cancel, retried until the query has arrived and is registered."""
    deadline = time.monotonic() + 15
    while True:
        status, body = post(server, "/cancel", {"queryId": query_id}, headers)
        if status != 404 or time.monotonic() > deadline:
            return status, body
        time.sleep(0.05)


def assert_cancelled(worker, outcome):
    worker.join(30)
    assert outcome["status"] == 400
    assert json.loads(outcome["body"])["error"]["message"] == "Query was cancelled"


def test_another_user_cannot_cancel_a_query(start_server):
    server = start_server("--user", "alice:wonderland", "--user", "mallory:guessing")
    alice, mallory = basic("alice", "wonderland"), basic("mallory", "guessing")
    worker, outcome = start_long_query(server, "report-1", alice)
    time.sleep(1.0)  # the query runs by now
    for _ in range(5):
        status, body = post(server, "/cancel", {"queryId": "report-1"}, mallory)
        assert status == 404, body
        assert json.loads(body)["error"]["message"] == "query not running: report-1"
    assert worker.is_alive()
    # Mallory is still served for her own work.
    status, body = post(server, "/", {"type": "json", "sql": "SELECT 1 AS one"}, mallory)
    assert (status, json.loads(body)) == (200, [{"one": 1}])
    status, body = cancel_until_running(server, "report-1", alice)
    assert (status, json.loads(body)) == (200, {"success": True})
    assert_cancelled(worker, outcome)


def test_a_client_at_another_address_cannot_cancel_a_query(start_server):
    server = start_server()  # no authentication: the address tells clients apart
    worker, outcome = start_long_query(server, "report-2")
    time.sleep(1.0)
    for _ in range(5):
        status, _ = post(server, "/cancel", {"queryId": "report-2"}, source="127.0.0.2")
        assert status == 404
    assert worker.is_alive()
    status, body = post(server, "/", {"type": "json", "sql": "SELECT 2 AS two"}, source="127.0.0.2")
    assert (status, json.loads(body)) == (200, [{"two": 2}])
    status, body = cancel_until_running(server, "report-2")
    assert (status, json.loads(body)) == (200, {"success": True})
    assert_cancelled(worker, outcome)


def test_cancel_reads_a_numeric_query_id_exactly_as_written(start_server):
    """Item 16 on POST /cancel: the id is matched and echoed as written, or refused as on the WebSocket."""
    server = start_server()
    status, body = post(server, "/cancel", '{"queryId":1e999999}')
    assert "Infinity" not in body.decode()
    assert (status, json.loads(body)) == (
        400, {"success": False, "error": {"message": "invalid message: number out of range: 1e999999"}})
    status, body = post(server, "/cancel", '{"queryId":1180591620717411303425}')
    assert (status, json.loads(body)["error"]["message"]) == (
        400, "invalid message: number out of range: 1180591620717411303425")
    status, body = post(server, "/cancel", '{"queryId":{"nested":1}}')
    assert (status, json.loads(body)["error"]["message"]) == (
        400, "invalid message: queryId must be a string or a number")
    status, body = post(server, "/cancel", '{"queryId":7.250}')
    assert (status, json.loads(body)["error"]["message"]) == (404, "query not running: 7.250")

    outcome = {}

    def run():
        outcome["status"], outcome["body"] = post(
            server, "/", '{"type":"json","sql":"%s","queryId":7.250}' % LONG_SQL)

    worker = threading.Thread(target=run)
    worker.start()
    status, body = post(server, "/", {"type": "json", "sql": "SELECT 3 AS three"})
    assert (status, json.loads(body)) == (200, [{"three": 3}])
    deadline = time.monotonic() + 15
    while (status := post(server, "/cancel", '{"queryId":7.250}')[0]) == 404 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert status == 200
    assert_cancelled(worker, outcome)
