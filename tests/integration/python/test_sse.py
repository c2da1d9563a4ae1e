"""GET /events (issue 11, part B): the server's events as Server-Sent Events, resumable with
Last-Event-ID, with keep-alive comments, bounded per client, closed cleanly on shutdown."""
import json
import socket
import threading
import time

from conftest import http_request, wait_for
from sse_client import EventStream, call, create_schedule, schedule_events

FOREIGN = "https://evil.example"


def test_events_arrive_as_server_sent_events(server):
    events = EventStream(server, "?events=schedule_executed")
    assert events.status == 200
    assert events.response.getheader("Content-Type").startswith("text/event-stream")
    assert events.response.getheader("Cache-Control") == "no-cache"
    schedule_id = create_schedule(server, "sse-tick", "SELECT 1", 1)["schedule_id"]
    first, second = events.events(2, timeout=8, where=schedule_events(schedule_id))
    assert first["event"] == "schedule_executed" and second["id"] > first["id"]
    assert first["data"]["success"] is True and first["data"]["schedule_name"] == "sse-tick"
    events.close()
    call(server, "DELETE", f"/schedules/{schedule_id}")


def test_last_event_id_resumes_with_the_missed_events_only(server):
    schedule_id = create_schedule(server, "resume", "SELECT 1", 3600)["schedule_id"]
    mine = schedule_events(schedule_id)
    first = EventStream(server, "?events=schedule_executed")
    call(server, "POST", f"/schedules/{schedule_id}/run")
    [seen] = first.events(1, where=mine)
    first.close()
    # Missed while disconnected:
    for _ in range(2):
        assert call(server, "POST", f"/schedules/{schedule_id}/run")[0] == 200
    resumed = EventStream(server, "?events=schedule_executed", {"Last-Event-ID": str(seen["id"])})
    replayed = resumed.events(2, where=mine)
    assert [event["id"] > seen["id"] for event in replayed] == [True, True]
    assert replayed[0]["id"] < replayed[1]["id"]
    # Nothing older comes again, and live events follow the replay.
    call(server, "POST", f"/schedules/{schedule_id}/run")
    [live] = resumed.events(1, where=mine)
    assert live["id"] > replayed[1]["id"]
    resumed.close()
    call(server, "DELETE", f"/schedules/{schedule_id}")


def test_keep_alive_comments_arrive(server):
    events = EventStream(server, "?events=schedule_executed&keepalive=1")
    started = time.monotonic()
    comments = []
    while len(comments) < 2 and time.monotonic() - started < 5:
        frame = events.frame()
        if frame[0] == "comment":
            comments.append(frame[1])
    assert comments == ["duckwire events", "keep-alive"]
    assert time.monotonic() - started < 3
    events.close()


def test_query_completed_events_carry_the_sql(server):
    events = EventStream(server, "?events=query_completed")
    call(server, "POST", "/sql", {"q": "SELECT 'sse-query' AS marker"}, {"Accept": "application/json"})
    [event] = events.events(1, where=lambda e: e["data"].get("sql") == "SELECT 'sse-query' AS marker")
    assert event["data"]["success"] is True and event["data"]["rows_returned"] == 1
    events.close()


def test_bad_requests_are_refused(server):
    for query, headers, words in [("?events=query_started", {}, "'query_started'"),
                                  ("", {"Last-Event-ID": "abc"}, "Last-Event-ID"),
                                  ("?keepalive=0", {}, "keepalive")]:
        response, data = http_request(server, "GET", "/events" + query, headers=headers)
        assert response.status == 400, (query, data)
        assert words in json.loads(data)["error"]
    response, _ = http_request(server, "POST", "/events")
    assert response.status == 405


def test_a_foreign_browser_origin_is_refused(server):
    response, _ = http_request(server, "GET", "/events", headers={"Origin": FOREIGN, "Sec-Fetch-Site": "cross-site"})
    assert response.status == 403


def test_users_do_not_see_each_others_sql(start_server):
    server = start_server("--user", "ann:ann-password", "--user", "bob:bob-password")
    assert http_request(server, "GET", "/events")[0].status == 401
    ann_auth = {"Authorization": "Basic " + __import__("base64").b64encode(b"ann:ann-password").decode()}
    bob_auth = {"Authorization": "Basic " + __import__("base64").b64encode(b"bob:bob-password").decode()}
    ann = EventStream(server, "?events=query_completed", ann_auth)
    bob = EventStream(server, "?events=query_completed", bob_auth)
    assert ann.status == 200 and bob.status == 200
    status, _ = call(server, "POST", "/sql", {"q": "SELECT 'ann-secret' AS s"}, {**ann_auth, "Accept": "application/json"})
    assert status == 200
    [own] = ann.events(1)
    [other] = bob.events(1)
    assert own["data"]["sql"] == "SELECT 'ann-secret' AS s"
    assert other["data"]["sql"] is None and other["id"] == own["id"]
    # A replay shows the same: the backlog keeps both readings.
    replay = EventStream(server, "?events=query_completed", {**bob_auth, "Last-Event-ID": str(own["id"] - 1)})
    assert replay.events(1)[0]["data"]["sql"] is None
    for stream in (ann, bob, replay):
        stream.close()


def test_a_client_that_never_reads_is_cut_off_while_others_are_served(start_server):
    server = start_server()
    # Events of about 300 KB each (a failing schedule whose error is long): 9 MB in all, more than the
    # socket buffers and the 1 MiB a client may have waiting.
    schedule_id = create_schedule(server, "loud", "SELECT error(repeat('x', 300000))", 3600)["schedule_id"]

    stuck = socket.socket()
    stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stuck.connect(("127.0.0.1", server.port))
    stuck.sendall(b"GET /events?events=schedule_executed HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")

    healthy = EventStream(server, "?events=schedule_executed", timeout=20)
    received = []
    reader = threading.Thread(target=lambda: received.extend(healthy.events(30, timeout=60)))
    reader.start()
    for _ in range(30):
        status, run = call(server, "POST", f"/schedules/{schedule_id}/run")
        assert status == 200 and run["success"] is False
    reader.join(60)
    assert len(received) == 30 and all(len(event["data"]["error"]) > 300000 for event in received)
    assert wait_for(lambda: "stopped reading and was cut off" in server.log, timeout=10)
    # The stuck client's connection is closed: what was buffered drains, then the end.
    stuck.settimeout(10)
    total = 0
    while True:
        try:
            data = stuck.recv(1 << 20)
        except ConnectionResetError:
            break
        if not data:
            break
        total += len(data)
    assert total < 30 * 300000
    stuck.close()
    # A plain HTTP client is served as before.
    response, data = http_request(server, "POST", "/sql", json.dumps({"q": "SELECT 5 AS five"}),
                                  {"Content-Type": "application/json", "Accept": "application/json"})
    assert response.status == 200 and json.loads(data) == [[5]]
    healthy.close()


def test_shutdown_ends_the_stream_cleanly(start_server):
    server = start_server()
    events = EventStream(server)
    assert events.frame() == ("comment", "duckwire events")
    server.signal()
    assert events.frame() is None  # the final chunk: a complete response, not a cut connection
    assert server.wait() == 0
