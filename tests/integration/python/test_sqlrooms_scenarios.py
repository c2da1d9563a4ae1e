"""The original SQLRooms server's own scenarios, each on a fresh in-memory database with separate
connections."""
import asyncio
import http.client
import json
import pathlib
import re
import signal
import tempfile
import time

import pytest

from conftest import Server
from sqlrooms_client import connect, json_rows, request, run


@pytest.fixture
def fresh(start_server):
    return start_server()


async def exec_on_own_connection(server, sql, query_id):
    async with connect(server) as ws:
        return await request(ws, {"type": "exec", "sql": sql, "queryId": query_id}, timeout=120)


async def count(server, table):
    async with connect(server) as ws:
        return (await json_rows(ws, f"SELECT count(*) AS n FROM {table}"))[0]["n"]


def test_concurrent_inserts_all_land(fresh):
    async def scenario():
        await exec_on_own_connection(fresh, "CREATE TABLE t (x BIGINT)", "create")
        replies = await asyncio.gather(*(
            exec_on_own_connection(fresh, "INSERT INTO t SELECT * FROM range(20000)", f"i{i}") for i in range(5)))
        assert all(reply["type"] == "ok" for reply in replies), replies
        assert await count(fresh, "t") == 100000

    run(scenario())


def test_concurrent_create_table_as(fresh):
    sizes = [50000, 60000, 70000, 80000, 90000]

    async def scenario():
        replies = await asyncio.gather(*(
            exec_on_own_connection(fresh, f"CREATE TABLE t_{i} AS SELECT x FROM generate_series(1, {n}) t(x)", f"c{i}")
            for i, n in enumerate(sizes)))
        assert all(reply["type"] == "ok" for reply in replies), replies
        for i, n in enumerate(sizes):
            assert await count(fresh, f"t_{i}") == n

    run(scenario())


def test_update_racing_alter_both_succeed_after_one_retry(start_server):
    server = start_server("--log-level", "debug")

    async def scenario():
        await exec_on_own_connection(
            server, "CREATE TABLE t_conflict AS SELECT range AS id, 0 AS v FROM range(10000)", "setup")
        update = asyncio.create_task(exec_on_own_connection(
            server, "UPDATE t_conflict SET v = v + 1 WHERE id IN (SELECT id FROM t_conflict, range(10000) r "
                    "GROUP BY id HAVING count(*) > 0)", "update"))
        await asyncio.sleep(0.1)  # the UPDATE is running (it takes far longer) when the ALTER commits
        alter = await exec_on_own_connection(server, "ALTER TABLE t_conflict ADD COLUMN z INT", "alter")
        assert alter == {"type": "ok", "queryId": "alter"}
        assert await update == {"type": "ok", "queryId": "update"}
        async with connect(server) as ws:
            columns = await json_rows(ws, "SELECT column_name FROM information_schema.columns "
                                          "WHERE table_name = 't_conflict' ORDER BY ordinal_position")
            assert [c["column_name"] for c in columns] == ["id", "v", "z"]
            assert await json_rows(ws, "SELECT count(*) AS n, min(v) AS lo, max(v) AS hi FROM t_conflict") == [
                {"n": 10000, "lo": 1, "hi": 1}]

    run(scenario())
    assert "transaction conflict, retrying once" in server.log


def metric(server, name):
    import urllib.request

    text = urllib.request.urlopen(server.url + "/metrics", timeout=10).read().decode()
    match = re.search(rf"^{re.escape(name)} (\d+)$", text, re.M)
    return int(match.group(1))


def test_persisted_result_is_served_from_the_cache_after_the_table_changed(fresh):
    async def scenario():
        async with connect(fresh) as ws:
            await request(ws, {"type": "exec", "sql": "CREATE TABLE c AS SELECT 1 AS v", "queryId": "s"})
            sql = "SELECT v FROM c ORDER BY v"
            first = await request(ws, {"type": "json", "sql": sql, "queryId": "p1", "persist": True})
            assert json.loads(first["data"]) == [{"v": 1}]
            await request(ws, {"type": "exec", "sql": "INSERT INTO c VALUES (2)", "queryId": "ins"})
            again = await request(ws, {"type": "json", "sql": sql, "queryId": "p2"})
            assert json.loads(again["data"]) == [{"v": 1}]
            other_type = await request(ws, {"type": "json", "sql": sql + " ", "queryId": "p3"})
            assert json.loads(other_type["data"]) == [{"v": 1}, {"v": 2}]

    run(scenario())
    assert metric(fresh, "duckwire_cache_hits_total") == 1


def test_identical_concurrent_persist_requests_compute_once(fresh):
    sql = "SELECT sum(x) AS s FROM generate_series(1, 20000000) t(x)"

    async def one(index):
        async with connect(fresh) as ws:
            reply = await request(ws, {"type": "json", "sql": sql, "queryId": f"k{index}", "persist": True})
            return json.loads(reply["data"])

    async def scenario():
        results = await asyncio.gather(*(one(i) for i in range(10)))
        assert results == [[{"s": 200000010000000}]] * 10

    run(scenario())
    assert metric(fresh, "duckwire_cache_computations_total") == 1
    assert metric(fresh, "duckwire_cache_hits_total") == 9


def test_cache_survives_a_restart_with_a_cache_dir(tmp_path):
    cache_dir = tmp_path / "cache"
    sql = "SELECT 41 + 1 AS answer"

    async def ask(server, persist):
        async with connect(server) as ws:
            return await request(ws, {"type": "json", "sql": sql, "queryId": "r", "persist": persist})

    first = Server("--cache-dir", str(cache_dir))
    try:
        assert json.loads(run(ask(first, True))["data"]) == [{"answer": 42}]
    finally:
        first.stop()
    # Besides the entry, only the (empty) directory of result spools.
    entries = sorted(cache_dir.iterdir())
    assert [e.name for e in entries[1:]] == ["spool"] and list(entries[1].iterdir()) == []
    assert entries[0].name.endswith(".json.entry")
    second = Server("--cache-dir", str(cache_dir))
    try:
        assert json.loads(run(ask(second, False))["data"]) == [{"answer": 42}]
        assert metric(second, "duckwire_cache_hits_total") == 1
    finally:
        second.stop()
    # A truncated entry is a miss, removed, and recomputed.
    entries[0].write_bytes(entries[0].read_bytes()[:10])
    third = Server("--cache-dir", str(cache_dir))
    try:
        assert json.loads(run(ask(third, False))["data"]) == [{"answer": 42}]
        assert metric(third, "duckwire_cache_hits_total") == 0
        assert not entries[0].exists()
    finally:
        third.stop()


def test_cache_is_bounded_least_recently_used_first_and_can_be_cleared(start_server):
    server = start_server("--cache-max-bytes", "700")  # one entry of about 460 bytes fits, two do not
    first_sql = "SELECT v, range AS r FROM c, range(30) ORDER BY r"
    second_sql = "SELECT v, range AS q FROM c, range(30) ORDER BY q"

    async def rows(ws, sql, persist=False):
        reply = await request(ws, {"type": "json", "sql": sql, "queryId": "x", "persist": persist})
        return json.loads(reply["data"])

    async def scenario():
        async with connect(server) as ws:
            await request(ws, {"type": "exec", "sql": "CREATE TABLE c AS SELECT 1 AS v", "queryId": "s"})
            assert len(await rows(ws, first_sql, persist=True)) == 30
            assert len(await rows(ws, second_sql, persist=True)) == 30  # pushes the first entry out
            await request(ws, {"type": "exec", "sql": "UPDATE c SET v = 2", "queryId": "u"})
            assert (await rows(ws, first_sql))[0]["v"] == 2   # evicted: computed again
            assert (await rows(ws, second_sql))[0]["v"] == 1  # still cached
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            connection.request("DELETE", "/cache")
            response = connection.getresponse()
            assert (response.status, json.loads(response.read())) == (200, {"success": True})
            assert (await rows(ws, second_sql))[0]["v"] == 2  # cleared: computed again

    run(scenario())


def cache_directories(pid):
    """The result cache directories of a :memory: server (pid), in the system's temporary directory."""
    return sorted(pathlib.Path(tempfile.gettempdir()).glob(f"duckwire-cache-{pid}-*"))


async def fill_the_cache(server):
    async with connect(server) as ws:
        reply = await request(ws, {"type": "json", "sql": "SELECT 7 AS seven", "queryId": "c", "persist": True})
        assert reply["type"] == "json", reply


def test_a_stopped_server_leaves_no_cache_directory_behind():
    server = Server("--pg-port", "0")
    pid = server.process.pid
    assert len(cache_directories(pid)) == 1, "a :memory: server's cache directory names its process"
    run(fill_the_cache(server))
    assert server.stop() == 0
    assert cache_directories(pid) == []


def test_a_second_signal_ends_the_server_without_leaving_its_cache_directory():
    server = Server("--pg-port", "0")
    pid = server.process.pid
    run(fill_the_cache(server))
    server.signal(signal.SIGTERM)
    time.sleep(0.02)  # two signals sent at once arrive as one; shutdown lasts at least 100 ms
    server.signal(signal.SIGTERM)
    assert server.wait() == 1
    assert cache_directories(pid) == []


def test_the_cache_directories_of_killed_servers_are_removed_by_the_next_start():
    killed = Server("--pg-port", "0")
    run(fill_the_cache(killed))
    killed.process.kill()  # SIGKILL: nothing of the server runs to clean up
    killed.wait()
    assert cache_directories(killed.process.pid), "a killed server cannot remove its directory"
    alive = Server("--pg-port", "0")
    try:
        assert cache_directories(alive.process.pid)
        second = Server("--pg-port", "0")
        try:
            assert cache_directories(killed.process.pid) == []
            assert cache_directories(alive.process.pid), "a running server's directory is kept"
        finally:
            second.stop()
    finally:
        alive.stop()
