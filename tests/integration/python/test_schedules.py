"""Schedules (issue 11, part B): named SQL the server runs every `every_seconds`, managed over HTTP
(POST/GET/DELETE /schedules, GET /schedules/{id}, POST /schedules/{id}/run), kept in the database's
duckwire.schedules table, published as schedule_executed events."""
import json
import time

import pytest

from conftest import http_request, wait_for
from sse_client import EventStream, call, create_schedule, schedule_events

FOREIGN = "https://evil.example"


def state(server, schedule_id):
    status, body = call(server, "GET", f"/schedules/{schedule_id}")
    assert status == 200, body
    return body


def test_a_schedule_fires_every_second_and_reports_its_runs(server):
    events = EventStream(server, "?events=schedule_executed")
    created = create_schedule(server, "answer", "SELECT 42 AS answer", 1)
    schedule_id = created["schedule_id"]
    assert created["name"] == "answer" and created["every_seconds"] == 1 and created["runs"] == 0
    assert created["last_run_at"] is None and created["next_run_at"].endswith("Z")

    fired = events.events(2, timeout=8, where=schedule_events(schedule_id))
    for event in fired:
        assert event["data"]["success"] is True
        assert event["data"]["schedule_name"] == "answer"
        assert event["data"]["rows_returned"] == 1
        assert event["data"]["execution_time_ms"] >= 0
        assert "error" not in event["data"]
    assert fired[0]["id"] < fired[1]["id"]
    assert wait_for(lambda: state(server, schedule_id)["runs"] >= 2, timeout=5)
    shown = state(server, schedule_id)
    assert shown["last_status"] == "success" and shown["last_error"] is None and shown["last_rows"] == 1
    assert shown["sql"] == "SELECT 42 AS answer" and shown["persisted"] is True
    assert shown["last_run_at"] < shown["next_run_at"]
    listed = call(server, "GET", "/schedules")[1]["schedules"]
    assert schedule_id in [item["schedule_id"] for item in listed]
    events.close()
    assert call(server, "DELETE", f"/schedules/{schedule_id}")[0] == 204


def test_a_failing_schedule_publishes_its_error(server):
    events = EventStream(server, "?events=schedule_executed")
    schedule_id = create_schedule(server, "broken", "SELECT * FROM no_such_table", 1)["schedule_id"]
    [event] = events.events(1, timeout=8, where=schedule_events(schedule_id))
    assert event["data"]["success"] is False
    assert "no_such_table" in event["data"]["error"]
    shown = state(server, schedule_id)
    assert shown["last_status"] == "failed" and "no_such_table" in shown["last_error"]
    assert shown["failures"] >= 1
    events.close()
    call(server, "DELETE", f"/schedules/{schedule_id}")


def test_run_now_answers_with_the_outcome(server):
    schedule_id = create_schedule(server, "hourly", "SELECT * FROM range(3)", 3600)["schedule_id"]
    status, run = call(server, "POST", f"/schedules/{schedule_id}/run")
    assert status == 200, run
    assert run["success"] is True and run["rows_returned"] == 3 and run["schedule_id"] == schedule_id
    shown = state(server, schedule_id)
    assert shown["runs"] == 1 and shown["last_rows"] == 3
    call(server, "DELETE", f"/schedules/{schedule_id}")


def test_delete_stops_the_schedule(server):
    events = EventStream(server, "?events=schedule_executed")
    schedule_id = create_schedule(server, "short-lived", "SELECT 1", 1)["schedule_id"]
    events.events(1, timeout=8, where=schedule_events(schedule_id))
    assert call(server, "DELETE", f"/schedules/{schedule_id}")[0] == 204
    assert call(server, "GET", f"/schedules/{schedule_id}")[0] == 404
    assert call(server, "DELETE", f"/schedules/{schedule_id}")[0] == 404
    assert schedule_id not in [item["schedule_id"] for item in call(server, "GET", "/schedules")[1]["schedules"]]
    # A run that had started may still report; nothing after it.
    late = events.events_for(1.6, where=schedule_events(schedule_id))
    assert len(late) <= 1
    events.close()


@pytest.mark.parametrize("body, field", [
    ({"sql": "SELECT 1", "every_seconds": 5}, "name"),
    ({"name": 5, "sql": "SELECT 1", "every_seconds": 5}, "name"),
    ({"name": "", "sql": "SELECT 1", "every_seconds": 5}, "name"),
    ({"name": "t", "every_seconds": 5}, "sql"),
    ({"name": "t", "sql": 42, "every_seconds": 5}, "sql"),
    ({"name": "t", "sql": "", "every_seconds": 5}, "sql"),
    ({"name": "t", "sql": "SELECT 1"}, "every_seconds"),
    ({"name": "t", "sql": "SELECT 1", "every_seconds": "5"}, "every_seconds"),
    ({"name": "t", "sql": "SELECT 1", "every_seconds": 0}, "every_seconds"),
    ({"name": "t", "sql": "SELECT 1", "every_seconds": -5}, "every_seconds"),
    ({"name": "t", "sql": "SELECT 1", "every_seconds": 1.5}, "every_seconds"),
    ({"name": "t", "sql": "SELECT 1", "every_seconds": 10 ** 12}, "every_seconds"),
])
def test_invalid_bodies_are_refused_naming_the_field(server, body, field):
    status, answer = call(server, "POST", "/schedules", body)
    assert status == 400, answer
    assert answer["error"].startswith(field), answer


def test_bodies_that_are_not_json_objects_are_refused(server):
    for body in ["not json", "[1, 2]", ""]:
        status, answer = call(server, "POST", "/schedules", body)
        assert status == 400 and "JSON object" in answer["error"], (body, answer)


def test_every_seconds_zero_is_refused_and_nothing_is_created(server):
    before = len(call(server, "GET", "/schedules")[1]["schedules"])
    status, answer = call(server, "POST", "/schedules", {"name": "never", "sql": "SELECT 1", "every_seconds": 0})
    assert status == 400
    assert answer["error"] == "every_seconds must be a whole number of seconds from 1 to 31536000"
    assert len(call(server, "GET", "/schedules")[1]["schedules"]) == before


def test_unknown_schedules_are_404(server):
    for method, path in [("GET", "/schedules/999999"), ("DELETE", "/schedules/999999"),
                         ("POST", "/schedules/999999/run"), ("GET", "/schedules/abc")]:
        status, answer = call(server, method, path)
        assert status == 404, (method, path, answer)
        assert "no schedule" in answer["error"]
    assert call(server, "PUT", "/schedules/1")[0] == 405


def test_authentication_is_required_when_a_token_is_configured(start_server):
    server = start_server("--auth-token", "sched-secret")
    assert call(server, "GET", "/schedules")[0] == 401
    status, answer = call(server, "POST", "/schedules", {"name": "t", "sql": "SELECT 1", "every_seconds": 60})
    assert status == 401 and answer["error"] == "unauthorized"
    assert call(server, "GET", "/schedules", headers={"Authorization": "Bearer wrong"})[0] == 401
    good = {"Authorization": "Bearer sched-secret"}
    created = create_schedule(server, "t", "SELECT 1", 60, headers=good)
    assert call(server, "GET", f"/schedules/{created['schedule_id']}", headers=good)[0] == 200
    assert call(server, "POST", f"/schedules/{created['schedule_id']}/run")[0] == 401


def test_a_foreign_browser_origin_is_refused(server):
    headers = {"Origin": FOREIGN, "Sec-Fetch-Site": "cross-site"}
    response, _ = http_request(server, "POST", "/schedules",
                               json.dumps({"name": "csrf", "sql": "SELECT 1", "every_seconds": 60}),
                               {"Content-Type": "application/json", **headers})
    assert response.status == 403
    assert "csrf" not in [item["name"] for item in call(server, "GET", "/schedules")[1]["schedules"]]
    response, _ = http_request(server, "GET", "/schedules", headers=headers)
    assert response.status == 403


def test_schedules_survive_a_restart(tmp_path, start_server):
    database = str(tmp_path / "scheduled.duckdb")
    first = start_server("--db-path", database, "--pg-port", "0")
    schedule_id = create_schedule(first, "kept", "SELECT 7", 1)["schedule_id"]
    assert first.stop() == 0

    second = start_server("--db-path", database, "--pg-port", "0")
    shown = state(second, schedule_id)
    assert shown["name"] == "kept" and shown["sql"] == "SELECT 7" and shown["every_seconds"] == 1
    assert wait_for(lambda: state(second, schedule_id)["runs"] >= 1, timeout=5)
    assert state(second, schedule_id)["last_status"] == "success"
    # A new schedule does not take the id of the stored one.
    assert create_schedule(second, "next", "SELECT 8", 60)["schedule_id"] > schedule_id


def test_a_read_only_server_runs_queries_and_refuses_writes(tmp_path, start_server):
    database = str(tmp_path / "read_only.duckdb")
    writer = start_server("--db-path", database, "--pg-port", "0")
    status, _ = call(writer, "POST", "/sql", {"q": "CREATE TABLE ticks (seen TIMESTAMP)"},
                     {"Accept": "application/json"})
    assert status in (200, 201)
    reader_id = create_schedule(writer, "reads", "SELECT count(*) FROM ticks", 3600)["schedule_id"]
    writer_id = create_schedule(writer, "writes", "INSERT INTO ticks VALUES (now())", 3600)["schedule_id"]
    assert writer.stop() == 0

    server = start_server("--db-path", database, "--pg-port", "0", "--read-only")
    assert call(server, "POST", f"/schedules/{reader_id}/run")[1]["success"] is True
    refused = call(server, "POST", f"/schedules/{writer_id}/run")[1]
    assert refused["success"] is False and "read-only" in refused["error"], refused
    assert state(server, writer_id)["last_error"] == refused["error"]
    # New schedules live in memory there.
    created = create_schedule(server, "memory", "SELECT 1", 60)
    assert created["persisted"] is False


# Runs for minutes unless interrupted (the end of the test stops the server, which interrupts it).
SLOW = "SELECT count(*) FROM range(200000) a, range(200000) b WHERE a.range + b.range < 0"


def test_a_schedule_never_overlaps_itself(start_server):
    server = start_server("--statement-timeout", "60")
    slow = SLOW
    schedule_id = create_schedule(server, "slow", slow, 1)["schedule_id"]
    assert wait_for(lambda: state(server, schedule_id)["running"], timeout=5)
    status, answer = call(server, "POST", f"/schedules/{schedule_id}/run")
    assert status == 409 and "running" in answer["error"]
    assert wait_for(lambda: state(server, schedule_id)["skipped_overlaps"] >= 1, timeout=5)
    shown = state(server, schedule_id)
    assert shown["runs"] <= 1, shown
    call(server, "DELETE", f"/schedules/{schedule_id}")


def test_the_table_dropped_under_the_server_is_made_again(server):
    status, _ = call(server, "POST", "/sql", {"q": "DROP TABLE duckwire.schedules"}, {"Accept": "application/json"})
    assert status in (200, 201)
    created = create_schedule(server, "after-drop", "SELECT 1", 60)
    assert call(server, "GET", f"/schedules/{created['schedule_id']}")[0] == 200
    status, answer = call(server, "POST", "/sql", {"q": "SELECT name FROM duckwire.schedules"},
                          {"Accept": "application/json"})
    assert ["after-drop"] in answer
    # A table altered beyond use: writing fails with a clear error, the server goes on.
    call(server, "POST", "/sql", {"q": "DROP TABLE duckwire.schedules"}, {"Accept": "application/json"})
    call(server, "POST", "/sql", {"q": "CREATE TABLE duckwire.schedules (x INTEGER)"}, {"Accept": "application/json"})
    status, answer = call(server, "POST", "/schedules", {"name": "broken", "sql": "SELECT 1", "every_seconds": 60})
    assert status == 500 and "duckwire.schedules" in answer["error"], answer
    assert "schedules: cannot store schedule" in server.log
    assert call(server, "GET", "/schedules")[0] == 200
    call(server, "POST", "/sql", {"q": "DROP TABLE duckwire.schedules"}, {"Accept": "application/json"})
    call(server, "DELETE", f"/schedules/{created['schedule_id']}")


def test_shutdown_interrupts_a_running_schedule_and_stops_the_timers(start_server):
    server = start_server()
    schedule_id = create_schedule(server, "slow", SLOW, 1)["schedule_id"]
    create_schedule(server, "quick", "SELECT 1", 1)
    assert wait_for(lambda: state(server, schedule_id)["running"], timeout=5)
    started = time.monotonic()
    server.signal()
    assert server.wait(15) == 0
    assert time.monotonic() - started < 10
    assert "shutdown complete" in server.log and "[error]" not in server.log
