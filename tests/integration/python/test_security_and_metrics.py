"""What clients may reach on disk, and what /metrics counts."""
import re
import urllib.request

import pytest

from conftest import Server, wait_for
from sqlrooms_client import connect, json_rows, request, run


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY (SELECT 1 AS x) TO '/tmp/duckwire-client-copy.csv'",
        "ATTACH '/tmp/duckwire-client-attach.duckdb' AS other",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
    ],
)
def test_clients_cannot_reach_files_outside_the_allowed_directories(server, sql):
    async def scenario():
        async with connect(server) as ws:
            return await request(ws, {"type": "exec", "sql": sql, "queryId": "f"})

    reply = run(scenario())
    assert reply["type"] == "error", reply
    assert re.search(r"Permission Error|disabled|lock|cannot change", reply["error"], re.I), reply["error"]


def test_file_access_inside_the_given_directory_and_all(tmp_path):
    (tmp_path / "files").mkdir()
    restricted = Server("--db-path", str(tmp_path / "db.duckdb"), "--file-access", str(tmp_path / "files"))
    target = tmp_path / "files" / "out.csv"
    try:
        async def inside():
            async with connect(restricted) as ws:
                reply = await request(ws, {"type": "exec", "sql": f"COPY (SELECT 42 AS v) TO '{target}'",
                                           "queryId": "c"})
                assert reply == {"type": "ok", "queryId": "c"}
                return await json_rows(ws, f"SELECT v FROM read_csv('{target}')")

        assert run(inside()) == [{"v": 42}]
    finally:
        restricted.stop()
    unrestricted = Server("--file-access", "all")
    try:
        async def anywhere():
            async with connect(unrestricted) as ws:
                return await json_rows(ws, "SELECT count(*) > 0 AS has_lines FROM read_csv('/etc/passwd', "
                                           "header=false, sep=':')")

        assert run(anywhere()) == [{"has_lines": True}]
    finally:
        unrestricted.stop()


def metrics(server):
    text = urllib.request.urlopen(server.url + "/metrics", timeout=10).read().decode()
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
            if line and not line.startswith("#")}


def test_metrics_count_queries_connections_and_bytes(start_server):
    server = start_server()

    async def scenario():
        async with connect(server) as ws:
            during = metrics(server)
            assert during['duckwire_open_connections{protocol="sqlrooms"}'] == 1
            await json_rows(ws, "SELECT 1 AS a")
            await request(ws, {"type": "json", "sql": "SELECT * FROM nope", "queryId": "bad"})
            await request(ws, {"type": "exec", "sql": "SELECT 2", "queryId": "ok"})

    run(scenario())
    # A query's duration is recorded when its job ends, just after its reply went out.
    assert wait_for(lambda: metrics(server)['duckwire_query_duration_seconds_count{protocol="sqlrooms"}'] == 3)
    after = metrics(server)
    assert after['duckwire_queries_started_total{protocol="sqlrooms"}'] == 3
    assert after['duckwire_queries_failed_total{protocol="sqlrooms"}'] == 1
    assert after['duckwire_queries_cancelled_total{protocol="sqlrooms"}'] == 0
    assert after['duckwire_query_duration_seconds_count{protocol="sqlrooms"}'] == 3
    assert after['duckwire_query_duration_seconds_bucket{protocol="sqlrooms",le="+Inf"}'] == 3
    assert after['duckwire_bytes_sent_total{protocol="sqlrooms"}'] > 50
    assert wait_for(lambda: metrics(server)['duckwire_open_connections{protocol="sqlrooms"}'] == 0)
