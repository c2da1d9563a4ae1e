"""A huge single value (issue 7, item 8): refused with an error naming its column before the server
copies it into encoders, pieces and sockets, so it costs a bounded multiple of its size."""
import json

from jsonrpc_client import http_sql
from sqlrooms_client import connect, request, run

MIB = 1024 * 1024
VALUE_MIB = 200


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(f"{field} missing")


def test_a_value_over_the_limit_fails_naming_its_column_and_memory_stays_bounded(start_server):
    server = start_server("--threads", "2")
    pid = server.process.pid
    big = f"SELECT 1 AS id, repeat('x', {VALUE_MIB} * 1024 * 1024) AS big"
    expected = (f'a value of column "big" is {VALUE_MIB * MIB} bytes, more than the server sends in one value '
                f"({64 * MIB} bytes, --max-result-value-bytes)")

    async def scenario():
        async with connect(server) as ws:
            warm = await request(ws, {"type": "json", "sql": "SELECT 1 AS one", "queryId": "warm"})
            assert json.loads(warm["data"]) == [{"one": 1}]
            before = status_kib(pid, "VmHWM")
            for kind in ("json", "arrow"):
                reply = await request(ws, {"type": kind, "sql": big, "queryId": kind}, timeout=120)
                assert reply == {"type": "error", "queryId": kind, "error": expected}
            grown_mib = (status_kib(pid, "VmHWM") - before) / 1024
            # DuckDB builds the value (about twice its size while repeat() runs) and hands it over as
            # Arrow data once; nothing else copies it. Without the limit this was over 6x the value.
            assert grown_mib < 4.5 * VALUE_MIB, f"peak grew by {grown_mib:.0f} MiB for a {VALUE_MIB} MiB value"
            # The connection and other clients are served as before.
            again = await request(ws, {"type": "json", "sql": "SELECT 42 AS answer", "queryId": "after"})
            assert json.loads(again["data"]) == [{"answer": 42}]

    run(scenario())
    reply = http_sql(server, "GET", {"q": big}, None, {"Accept": "application/json"})
    assert reply.status == 400
    assert reply.text.strip() == expected


def test_the_limit_is_configurable_and_values_within_it_are_sent_whole(start_server):
    server = start_server("--max-result-value-bytes", "256KiB")

    async def scenario():
        async with connect(server) as ws:
            fits = await request(ws, {"type": "json", "sql": "SELECT repeat('y', 262144) AS s", "queryId": "a"})
            assert json.loads(fits["data"]) == [{"s": "y" * 262144}]
            nested = await request(
                ws, {"type": "json", "sql": "SELECT [repeat('z', 262145)] AS l", "queryId": "b"})
            assert nested["error"].startswith('a value of column "l" is 262145 bytes'), nested
            blob = await request(
                ws, {"type": "json", "sql": "SELECT repeat('z', 262145)::BLOB AS b", "queryId": "c"})
            assert blob["error"].startswith('a value of column "b" is 262145 bytes'), blob

    run(scenario())
