"""--read-only databases and --user credentials on the HTTP side of `/`."""
import base64
import http.client
import json

from conftest import Server
from sqlrooms_client import connect, json_rows, request, run


def post(server, body, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("POST", "/", body=json.dumps(body), headers=headers or {})
    response = connection.getresponse()
    return response.status, response.read()


def test_read_only_database_serves_reads_and_refuses_writes(tmp_path):
    db = str(tmp_path / "ro.duckdb")
    writer = Server("--db-path", db)
    try:
        assert post(writer, {"type": "exec", "sql": "CREATE TABLE t AS SELECT 7 AS v"}) == (200, b"{}")
    finally:
        assert writer.stop() == 0
    reader = Server("--db-path", db, "--read-only")
    try:
        async def scenario():
            async with connect(reader) as ws:
                assert await json_rows(ws, "SELECT v FROM t") == [{"v": 7}]
                reply = await request(ws, {"type": "exec", "sql": "INSERT INTO t VALUES (8)", "queryId": "w"})
                assert reply["type"] == "error" and "read-only" in reply["error"], reply

        run(scenario())
    finally:
        assert reader.stop() == 0


def test_users_authenticate_with_basic_credentials(start_server):
    server = start_server("--user", "alice:wonder land")
    good = base64.b64encode(b"alice:wonder land").decode()
    bad = base64.b64encode(b"alice:nope").decode()
    assert post(server, {"type": "json", "sql": "SELECT 1 AS a"}, {"Authorization": f"Basic {good}"}) == (
        200, b'[{"a":1}]')
    status, _ = post(server, {"type": "json", "sql": "SELECT 1 AS a"}, {"Authorization": f"Basic {bad}"})
    assert status == 401
    status, _ = post(server, {"type": "json", "sql": "SELECT 1 AS a"})
    assert status == 401

    async def websocket():
        async with connect(server, extra_headers={"Authorization": f"Basic {good}"}) as ws:
            return await json_rows(ws, "SELECT 2 AS b")

    assert run(websocket()) == [{"b": 2}]
