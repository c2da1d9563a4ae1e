"""Spool files are bounded in bytes (issue 7, items 4 and 9): a WebSocket client that sends many queries with
large results and never reads holds at most --spool-max-bytes of spool files (the server stops producing its
results: back-pressure), the server as a whole at most --spool-max-total-bytes, a result alone over the bound
fails with an error naming the flag (the socket stays open), a healthy client is served meanwhile, and once
the client reads it gets every reply. Spool files are unnamed, so their sizes are read from the server's open
file descriptors (/proc/PID/fd); memory from /proc/PID/status."""
import asyncio
import json
import os

import pytest

import jsonrpc_client
from conftest import Server
from sqlrooms_client import connect, connect_stalled, receive, request, run, send_json

MIB = 1 << 20
PER_CONNECTION = 8 * MIB
TOTAL = 12 * MIB
ROWS = 2000  # each result is about 2 MiB of JSON


@pytest.fixture
def spooling(tmp_path):
    instance = Server("--cache-dir", str(tmp_path / "cache"), "--spool-memory-bytes", "256KiB",
                      "--spool-max-bytes", str(PER_CONNECTION), "--spool-max-total-bytes", str(TOTAL))
    instance.spool_dir = str(tmp_path / "cache" / "spool")
    yield instance
    instance.stop()


def spool_file_bytes(server):
    """Bytes of the spool files the server has open (unnamed files in its spool directory)."""
    total = 0
    fd_dir = f"/proc/{server.process.pid}/fd"
    for fd in os.listdir(fd_dir):
        try:
            if os.readlink(f"{fd_dir}/{fd}").startswith(server.spool_dir + "/"):
                total += os.stat(f"{fd_dir}/{fd}").st_size
        except FileNotFoundError:
            pass  # closed meanwhile
    return total


def rss(server):
    with open(f"/proc/{server.process.pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def metric(server, name):
    for line in server.get("/metrics").read().decode().splitlines():
        if line.startswith(name + " "):
            return int(line.split()[1])
    raise AssertionError(f"{name} not in /metrics")


def big_query(k, rows=ROWS):
    return {"type": "json", "queryId": f"q{k}",
            "sql": f"SELECT {k} AS k, i, repeat('x', 1000) AS s FROM range({rows}) t(i)"}


def assert_big_result(reply, k, rows=ROWS):
    assert reply["type"] == "json" and reply["queryId"] == f"q{k}", str(reply)[:200]
    data = json.loads(reply["data"])
    assert len(data) == rows
    assert data[0] == {"k": k, "i": 0, "s": "x" * 1000} and data[-1]["i"] == rows - 1


async def watch_spool(server, seconds):
    """The largest spool file total and RSS seen over `seconds`."""
    peak_files = peak_rss = 0
    for _ in range(int(seconds * 20)):
        peak_files = max(peak_files, spool_file_bytes(server))
        peak_rss = max(peak_rss, rss(server))
        await asyncio.sleep(0.05)
    return peak_files, peak_rss


async def served(server, value):
    async with connect(server) as ws:
        reply = await request(ws, {"type": "json", "sql": f"SELECT {value} AS v", "queryId": "h"}, timeout=20)
        assert reply == {"type": "json", "queryId": "h", "data": f'[{{"v":{value}}}]'}, reply


def test_a_client_that_never_reads_holds_at_most_its_spool_bound_and_gets_everything_once_it_reads(spooling):
    count = 20  # about 40 MiB of results

    async def scenario():
        rss_before = rss(spooling)
        async with connect_stalled(spooling) as stalled:
            for k in range(count):
                await send_json(stalled, big_query(k))
            peak_files, peak_rss = await watch_spool(spooling, 6)
            assert peak_files <= PER_CONNECTION, f"{peak_files / MIB:.1f} MiB of spool files"
            assert peak_files >= PER_CONNECTION // 2, "the client's results did reach the spool files"
            assert metric(spooling, "duckwire_spool_file_bytes") <= PER_CONNECTION
            assert peak_rss - rss_before < 96 * MIB, f"server grew by {(peak_rss - rss_before) / MIB:.0f} MiB"
            await served(spooling, 42)
            # The client reads now: every result arrives, in full.
            replies = {}
            for _ in range(count):
                reply = await receive(stalled, timeout=60)
                replies[reply["queryId"]] = reply
            for k in range(count):
                assert_big_result(replies[f"q{k}"], k)
        await served(spooling, 43)
        assert spool_file_bytes(spooling) == 0
        assert metric(spooling, "duckwire_spool_file_bytes") == 0

    run(scenario())


def test_a_result_alone_over_the_bound_is_an_error_reply_naming_the_flag_and_the_socket_stays_open(spooling):
    async def scenario():
        async with connect(spooling) as ws:
            reply = await request(ws, big_query(1, rows=6 * ROWS))  # about 12 MiB
            assert reply["type"] == "error" and reply["queryId"] == "q1", reply
            assert "--spool-max-bytes" in reply["error"] and str(PER_CONNECTION) in reply["error"], reply
            assert_big_result(await request(ws, big_query(2)), 2)
        await served(spooling, 42)

    run(scenario())


def test_a_result_alone_over_the_bound_on_sql_is_a_32603_error_and_the_socket_stays_open(spooling):
    async def scenario():
        async with jsonrpc_client.connect(spooling) as ws:
            sql = f"SELECT i, repeat('x', 1000) AS s FROM range({6 * ROWS}) t(i)"
            await ws.send(json.dumps(jsonrpc_client.message(sql, id=7)))
            reply = await jsonrpc_client.receive_reply(ws)
            assert reply["id"] == 7 and reply["error"]["code"] == -32603, str(reply)[:200]
            assert "--spool-max-bytes" in reply["error"]["message"], reply
            await ws.send(json.dumps(jsonrpc_client.message("SELECT 'still open' AS s", id=8)))
            reply = await jsonrpc_client.receive_reply(ws)
            assert reply["id"] == 8 and "still open" in json.dumps(reply), reply

    run(scenario())


def test_the_servers_total_holds_across_connections(spooling):
    count = 12

    async def scenario():
        async with connect_stalled(spooling) as first, connect_stalled(spooling) as second:
            for k in range(count):
                await send_json(first, big_query(k))
                await send_json(second, big_query(k))
            peak_files, _ = await watch_spool(spooling, 6)
            assert peak_files <= TOTAL, f"{peak_files / MIB:.1f} MiB of spool files"
            await served(spooling, 42)
            # Each query gets its result or, when the server's spool was full, an error naming the flag.
            for ws in (first, second):
                for _ in range(count):
                    reply = await receive(ws, timeout=60)
                    if reply["type"] == "error":
                        assert "--spool-max-total-bytes" in reply["error"], reply
                    else:
                        assert_big_result(reply, int(reply["queryId"][1:]))
        assert metric(spooling, "duckwire_spool_file_bytes") == 0

    run(scenario())


def metric_of(server, name, protocol):
    return metric(server, f'{name}{{protocol="{protocol}"}}')


def test_results_waiting_for_spool_room_hold_at_most_their_connections_places_and_a_cancel_while_waiting_is_clean(spooling):
    count = 12

    async def scenario():
        async with connect_stalled(spooling) as stalled:
            for k in range(count):
                await send_json(stalled, big_query(k))
            await watch_spool(spooling, 4)
            # The client reads nothing: its results wait for room, holding at most its own two places.
            assert metric_of(spooling, "duckwire_statements_running", "sqlrooms") <= 2
            await send_json(stalled, {"type": "cancel", "queryId": f"q{count - 1}"})
            for value in range(5):
                await served(spooling, value)
            replies = [await receive(stalled, timeout=60) for _ in range(count + 1)]
            by_id = {(r["type"], r["queryId"]): r for r in replies}
            assert by_id[("cancelAck", f"q{count - 1}")]["cancelled"] is True
            assert by_id[("error", f"q{count - 1}")]["error"] == "Query was cancelled"
            for k in range(count - 1):
                assert_big_result(by_id[("json", f"q{k}")], k)

    run(scenario())
