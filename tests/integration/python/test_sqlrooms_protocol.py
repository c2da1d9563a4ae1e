"""SQLRooms-style requests (with queryId) and Mosaic-style requests (without) on WebSocket `/`."""
import asyncio
import json
import struct

import pytest

from sqlrooms_client import connect, json_rows, receive, request, run, send_json, split_arrow_frame


def test_json_with_query_id_wraps_records_in_a_string(server):
    async def scenario():
        async with connect(server) as ws:
            reply = await request(ws, {"type": "json", "sql": "SELECT 1 AS a", "queryId": "q1"})
            assert reply == {"type": "json", "queryId": "q1", "data": '[{"a":1}]'}
            empty = await request(ws, {"type": "json", "sql": "SELECT 1 AS a WHERE false", "queryId": 7})
            assert empty == {"type": "json", "queryId": 7, "data": "[]"}

    run(scenario())


def test_json_values_of_common_types(server):
    async def scenario():
        async with connect(server) as ws:
            rows = await json_rows(
                ws,
                "SELECT 42::BIGINT AS i, 1.5::DOUBLE AS d, 'x\"y' AS s, NULL AS n, true AS b, "
                "DATE '2001-02-03' AS dt, [1,2] AS l, {'k': 'v'} AS st, 12.50::DECIMAL(9,2) AS dec",
            )
            assert rows == [{"i": 42, "d": 1.5, "s": 'x"y', "n": None, "b": True, "dt": "2001-02-03",
                             "l": [1, 2], "st": {"k": "v"}, "dec": 12.5}]

    run(scenario())


def test_arrow_with_query_id_is_a_framed_binary_stream(server):
    async def scenario():
        async with connect(server) as ws:
            frame = await request(ws, {"type": "arrow", "sql": "SELECT range AS x FROM range(5000)", "queryId": "a1"})
            header, body = split_arrow_frame(frame)
            assert header == {"type": "arrow", "queryId": "a1"}
            assert body[:4] == b"\xff\xff\xff\xff"  # IPC continuation marker of the schema message
            assert body[-8:] == b"\xff\xff\xff\xff\x00\x00\x00\x00"  # end-of-stream marker

    run(scenario())


def test_arrow_for_a_statement_without_rows_answers_ok(server):
    async def scenario():
        async with connect(server) as ws:
            reply = await request(ws, {"type": "arrow", "sql": "CREATE TABLE IF NOT EXISTS arrow_ok (x INT)",
                                       "queryId": "c"})
            assert reply == {"type": "ok", "queryId": "c"}

    run(scenario())


def test_exec_and_errors_with_query_id(server):
    async def scenario():
        async with connect(server) as ws:
            assert await request(ws, {"type": "exec", "sql": "CREATE OR REPLACE TABLE e (x INT)", "queryId": "e1"}) == {
                "type": "ok", "queryId": "e1"}
            reply = await request(ws, {"type": "json", "sql": "SELECT * FROM no_such_table", "queryId": "e2"})
            assert reply["type"] == "error" and reply["queryId"] == "e2"
            assert "no_such_table" in reply["error"]

    run(scenario())


def test_mosaic_requests_get_unwrapped_replies_in_order(server):
    async def scenario():
        async with connect(server) as ws:
            await send_json(ws, {"type": "json", "sql": "SELECT count(*) AS c FROM range(20000000)"})
            await send_json(ws, {"type": "json", "sql": "SELECT 2 AS b"})
            await send_json(ws, {"type": "exec", "sql": "SELECT 3"})
            await send_json(ws, {"type": "json", "sql": "SELECT * FROM missing_mosaic_table"})
            await send_json(ws, {"type": "arrow", "sql": "SELECT 4 AS d"})
            assert json.loads(await ws.recv()) == [{"c": 20000000}]
            assert json.loads(await ws.recv()) == [{"b": 2}]
            assert json.loads(await ws.recv()) == {}
            error = json.loads(await ws.recv())
            assert list(error) == ["error"] and "missing_mosaic_table" in error["error"]
            arrow = await ws.recv()
            assert isinstance(arrow, bytes) and arrow[:4] == b"\xff\xff\xff\xff"

    run(scenario())


def test_queries_with_ids_run_concurrently_and_answer_out_of_order(server):
    async def scenario():
        async with connect(server) as ws:
            await send_json(ws, {"type": "json", "sql": "SELECT sum(x) AS s FROM generate_series(1, 150000000) t(x)",
                                 "queryId": "slow"})
            await send_json(ws, {"type": "json", "sql": "SELECT 1 AS fast", "queryId": "fast"})
            first = await receive(ws)
            second = await receive(ws)
            assert first["queryId"] == "fast"
            assert second["queryId"] == "slow"
            assert json.loads(second["data"]) == [{"s": 11250000075000000}]

    run(scenario())


def test_cancel_interrupts_a_running_query(server):
    async def scenario():
        async with connect(server) as ws:
            await send_json(ws, {"type": "json", "sql": "select sum(x) from generate_series(1, 300000000) t(x)",
                                 "queryId": "long"})
            # Sent at once: the query is registered by then (messages are handled in order) and far
            # from finished.
            ack = await request(ws, {"type": "cancel", "queryId": "long"})
            assert ack == {"type": "cancelAck", "queryId": "long", "cancelled": True}
            assert await receive(ws) == {"type": "error", "queryId": "long", "error": "Query was cancelled"}
            assert await request(ws, {"type": "cancel", "queryId": "long"}) == {
                "type": "cancelAck", "queryId": "long", "cancelled": False}
            assert await json_rows(ws, "SELECT 5 AS after") == [{"after": 5}]

    run(scenario())


def test_subscribe_and_notify_across_connections(server):
    async def scenario():
        async with connect(server) as alice, connect(server) as bob:
            assert await request(bob, {"type": "subscribe", "channel": "table:orders"}) == {
                "type": "subscribed", "channel": "table:orders"}
            await send_json(alice, {"type": "notify", "channel": "table:orders", "payload": {"op": "update"}})
            echo = await receive(alice)
            assert echo == {"type": "notify", "channel": "table:orders", "payload": {"op": "update"}}
            assert await receive(alice) == {"type": "notifyAck", "channel": "table:orders"}
            assert await receive(bob) == {"type": "notify", "channel": "table:orders", "payload": {"op": "update"}}
            assert await request(bob, {"type": "unsubscribe", "channel": "table:orders"}) == {
                "type": "unsubscribed", "channel": "table:orders"}
            await send_json(alice, {"type": "notify", "channel": "table:orders", "payload": 2})
            assert (await receive(alice))["payload"] == 2
            assert (await receive(alice))["type"] == "notifyAck"
            with pytest.raises(asyncio.TimeoutError):
                await receive(bob, timeout=0.5)

    run(scenario())


@pytest.mark.parametrize(
    "frame, error",
    [
        ("{not json", "invalid json"),
        ("[1, 2]", "invalid message: expected a JSON object"),
        ('{"type": "teleport", "sql": "SELECT 1"}', 'invalid message: unknown type "teleport"'),
        ('{"type": "json"}', "invalid message: missing sql"),
        ('{"type": "json", "sql": 42}', "invalid message: sql must be a string"),
        ('{"type": "subscribe"}', "invalid message: missing channel"),
        ('{"sql": "SELECT 1"}', "invalid message: missing type"),
    ],
)
def test_bad_messages_get_an_error_and_the_connection_stays_open(server, frame, error):
    async def scenario():
        async with connect(server) as ws:
            await ws.send(frame)
            assert await receive(ws) == {"type": "error", "error": error}
            assert await json_rows(ws, "SELECT 1 AS still") == [{"still": 1}]

    run(scenario())


def test_binary_frames_carry_json_too(server):
    async def scenario():
        async with connect(server) as ws:
            await ws.send(json.dumps({"type": "json", "sql": "SELECT 9 AS n", "queryId": "b"}).encode())
            assert await receive(ws) == {"type": "json", "queryId": "b", "data": '[{"n":9}]'}
            await ws.send(bytes(range(256)) * 4)
            assert await receive(ws) == {"type": "error", "error": "invalid json"}

    run(scenario())


def test_closing_the_connection_cancels_its_running_queries(start_server):
    import urllib.request

    from conftest import wait_for

    server = start_server()

    def cancelled():
        text = urllib.request.urlopen(server.url + "/metrics", timeout=10).read().decode()
        return 'duckwire_queries_cancelled_total{protocol="sqlrooms"} 2' in text

    async def scenario():
        async with connect(server) as ws:
            long_sql = "select sum(x) from generate_series(1, 5000000000) t(x)"
            await send_json(ws, {"type": "json", "sql": long_sql})  # Mosaic style
            await send_json(ws, {"type": "json", "sql": long_sql, "queryId": "with-id"})
            await asyncio.sleep(0.3)

    run(scenario())
    assert wait_for(cancelled, timeout=10)
