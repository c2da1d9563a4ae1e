"""`/ws`, the streaming query events API (shared/specs/stream.md), driven with the real `websockets` client."""
import asyncio
import base64
import json

import psycopg2
import pytest
import websockets

from conftest import Server, free_port, http_request
from quack_wire import QuackSession
from stream_client import connect, connect_stalled, ends_query, receive, receive_until, rows_of, run, run_query, send

TOKEN = "stream-secret"


@pytest.fixture(scope="module")
def server():
    port, quack_port = free_port(), free_port()
    instance = Server("--pg-port", str(port), "--quack-port", str(quack_port))
    instance.pg_port = port
    instance.quack_port = quack_port
    yield instance
    instance.stop()


def types_of(messages):
    return [message["type"] for message in messages]


# ---------------------------------------------------------------------------------------------------------------
# Queries


def test_small_query_streams_start_chunk_and_complete(server):
    async def scenario():
        async with connect(server) as ws:
            messages = await run_query(ws, "SELECT 42 AS answer, 'x' AS s", "q1")
            assert types_of(messages) == ["query_start", "result_chunk", "result_complete"]
            assert messages[0]["data"] == {"query_id": "q1", "sql": "SELECT 42 AS answer, 'x' AS s"}
            chunk = messages[1]["data"]
            assert chunk == {"query_id": "q1", "chunk": 1, "columns": ["answer", "s"], "types": ["INTEGER", "VARCHAR"],
                             "rows": [[42, "x"]]}
            complete = messages[2]["data"]
            assert complete["query_id"] == "q1"
            assert complete["total_rows"] == 1 and complete["total_chunks"] == 1
            assert complete["execution_time_ms"] >= 0

    run(scenario())


def test_query_id_is_made_up_when_absent(server):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, "query", {"sql": "SELECT 1"})
            start = await receive(ws)
            assert start["type"] == "query_start"
            query_id = start["data"]["query_id"]
            assert query_id
            rest = await receive_until(ws, ends_query(query_id))
            assert types_of(rest) == ["result_chunk", "result_complete"]

    run(scenario())


def test_values_use_the_plain_json_of_slash_sql(server):
    sql = ("SELECT DATE '2001-02-03' AS d, TIMESTAMP '2023-05-16 14:43:39.97' AS ts, 12345678901234567890::HUGEINT AS h, "
           "'\\x01\\x02'::BLOB AS b, 1.50::DECIMAL(4,2) AS dec, [1, 2] AS l, {'a': 1} AS st")
    async def scenario():
        async with connect(server) as ws:
            streamed = rows_of(await run_query(ws, sql, "values"))
        response, body = http_request(server, "POST", "/sql", json.dumps({"q": sql}),
                                      {"Content-Type": "application/json", "Accept": "application/json"})
        assert response.status == 200, body
        assert streamed == json.loads(body)

    run(scenario())


def test_params_bind_like_slash_sql(server):
    async def scenario():
        async with connect(server) as ws:
            messages = await run_query(ws, "SELECT $1 + 1 AS n, $2 AS s", "p", params=[41, "x"])
            assert rows_of(messages) == [[42, "x"]]
            messages = await run_query(ws, "SELECT $1 AS n", "p2", params="nope")
            assert messages[-1]["type"] == "error"

    run(scenario())


def test_250k_rows_arrive_as_250_chunks_in_order(server):
    async def scenario():
        async with connect(server) as ws:
            messages = await run_query(ws, "SELECT range AS n FROM range(250000)", "big", chunk_rows=1000)
            chunks = [m["data"] for m in messages if m["type"] == "result_chunk"]
            assert len(chunks) == 250
            assert [chunk["chunk"] for chunk in chunks] == list(range(1, 251))
            assert all(len(chunk["rows"]) == 1000 for chunk in chunks)
            assert "columns" in chunks[0] and all("columns" not in chunk for chunk in chunks[1:])
            assert [row[0] for chunk in chunks for row in chunk["rows"]] == list(range(250000))
            complete = messages[-1]
            assert complete["type"] == "result_complete"
            assert complete["data"]["total_rows"] == 250000 and complete["data"]["total_chunks"] == 250

    run(scenario())


def test_statements_without_rows_answer_their_outcome_like_slash_sql(server):
    async def scenario():
        async with connect(server) as ws:
            messages = await run_query(ws, "CREATE OR REPLACE TABLE stream_ddl (a INTEGER)", "ddl")
            assert types_of(messages) == ["query_start", "result_chunk", "result_complete"]
            assert messages[1]["data"]["columns"] == ["result"] and messages[1]["data"]["rows"] == [[True]]
            messages = await run_query(ws, "INSERT INTO stream_ddl SELECT range FROM range(5)", "dml")
            assert rows_of(messages) == [[5]]

    run(scenario())


def test_failing_query_is_an_error_event_with_duckdb_message(server):
    async def scenario():
        async with connect(server) as ws:
            messages = await run_query(ws, "SELECT * FROM no_such_table", "bad")
            error = messages[-1]
            assert error["type"] == "error"
            assert error["data"]["query_id"] == "bad"
            assert error["data"]["message"] == "Query execution failed"
            assert "no_such_table" in error["data"]["error"]
            # The connection goes on.
            assert rows_of(await run_query(ws, "SELECT 1", "after")) == [[1]]

    run(scenario())


@pytest.fixture(scope="module")
def big_table(server):
    """A real table: DuckDB reports a scan's progress, not range()'s."""
    async def scenario():
        async with connect(server) as ws:
            messages = await run_query(
                ws, "CREATE OR REPLACE TABLE progress_rows AS SELECT range AS i FROM range(20000000)", "make", )
            assert messages[-1]["type"] == "result_complete", messages[-1]

    run(scenario())
    return "progress_rows"


LONG_QUERY = "SELECT count(*) AS n, sum(length(md5(i::VARCHAR))) AS m FROM {table}"


def test_long_query_reports_rising_progress_before_result_complete(server, big_table):
    async def scenario():
        async with connect(server) as ws:
            messages = await run_query(ws, LONG_QUERY.format(table=big_table), "long")
            assert messages[-1]["type"] == "result_complete", messages[-1]
            progress = [m["data"] for m in messages if m["type"] == "query_progress"]
            assert len(progress) >= 3, types_of(messages)
            values = [p["progress"] for p in progress]
            assert values == sorted(values) and len(set(values)) == len(values), values
            assert all(0 <= value <= 100 for value in values)
            assert all(p["query_id"] == "long" and p["total_rows_to_process"] > 0 for p in progress)
            rows = [p["rows_processed"] for p in progress]
            assert rows == sorted(rows) and rows[-1] > 0
            last_progress = max(i for i, m in enumerate(messages) if m["type"] == "query_progress")
            first_chunk = types_of(messages).index("result_chunk")
            assert last_progress < first_chunk
            assert rows_of(messages)[0][0] == 20000000

    run(scenario())


def test_cancel_ends_a_running_query_with_an_error_event(server, big_table):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, "query", {"sql": LONG_QUERY.format(table=big_table), "query_id": "victim"})
            assert (await receive(ws))["type"] == "query_start"
            await asyncio.sleep(0.3)
            await send(ws, "cancel", {"query_id": "victim"})
            messages = await receive_until(ws, ends_query("victim"), timeout=10)
            error = messages[-1]
            assert error["type"] == "error"
            assert error["data"] == {"query_id": "victim", "message": "Query execution failed",
                                     "error": "Query was cancelled"}
            assert rows_of(await run_query(ws, "SELECT 'still here'", "next")) == [["still here"]]
            await send(ws, "cancel", {"query_id": "gone"})
            reply = await receive(ws)
            assert reply["type"] == "error" and "gone" in reply["data"]["message"]

    run(scenario())


def test_batch_of_three_queries_answers_all_three(server):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, "batch", {"messages": [
                {"type": "query", "data": {"sql": f"SELECT {n} AS n", "query_id": f"b{n}"}} for n in (1, 2, 3)]})
            messages = await receive_until(ws, ends_query("b3"))
            for n in (1, 2, 3):
                mine = [m for m in messages if m["data"].get("query_id") == f"b{n}"]
                assert types_of(mine) == ["query_start", "result_chunk", "result_complete"]
                assert rows_of(mine) == [[n]]

    run(scenario())


def test_batch_of_a_hundred_thousand_messages_is_refused(server):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, "batch", {"messages": [{"type": "ping"}] * 100000})
            reply = await receive(ws)
            assert reply["type"] == "error"
            assert reply["data"]["message"] == "batch too large: 100000 messages (at most 1000)"
            await send(ws, "batch", {"messages": [{"type": "ping"}] * 1000})
            replies = [await receive(ws) for _ in range(1000)]
            assert types_of(replies) == ["pong"] * 1000

    run(scenario())


def test_auth_on_a_server_without_authentication_is_let_in(server):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, "auth", {"token": "anything"})
            assert await receive(ws) == {"type": "auth_ok", "data": {"principal": None}}

    run(scenario())


def test_ping_answers_pong(server):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, "ping", {})
            assert await receive(ws) == {"type": "pong", "data": {}}

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("message, expected", [
    ({"type": "explode", "data": {}}, "unknown message type: explode"),
    ({"type": "query"}, 'query message has no "data" object'),
    ({"type": "query", "data": {"sql": "SELECT 1", "chunk_rows": "ten"}}, "chunk_rows must be a number"),
    ({"type": "query", "data": {"question": "How many users signed up?"}},
     "natural-language questions are not supported"),
    ({"type": "subscribe", "data": {"events": ["everything"]}}, "unknown event: everything"),
    ({"data": {}}, 'message has no "type"'),
])
def test_bad_messages_get_error_events(server, message, expected):
    async def scenario():
        async with connect(server) as ws:
            await ws.send(json.dumps(message))
            reply = await receive(ws)
            assert reply["type"] == "error"
            assert expected in reply["data"]["message"]
            await ws.send("{not json")
            reply = await receive(ws)
            assert reply["type"] == "error" and "invalid JSON" in reply["data"]["message"]
            assert rows_of(await run_query(ws, "SELECT 1", "ok")) == [[1]]

    run(scenario())


def test_chunk_rows_is_clamped(server):
    async def scenario():
        async with connect(server) as ws:
            messages = await run_query(ws, "SELECT range FROM range(3)", "zero", chunk_rows=0)
            assert [len(m["data"]["rows"]) for m in messages if m["type"] == "result_chunk"] == [1, 1, 1]
            messages = await run_query(ws, "SELECT range FROM range(150000)", "huge", chunk_rows=10**9)
            assert [len(m["data"]["rows"]) for m in messages if m["type"] == "result_chunk"] == [100000, 50000]

    run(scenario())


def test_foreign_browser_origin_is_refused(server):
    async def scenario():
        with pytest.raises(websockets.exceptions.InvalidStatusCode) as refused:
            async with connect(server, origin="https://evil.example"):
                pass
        assert refused.value.status_code == 403

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Events


async def expect_event(ws, predicate, timeout=10):
    while True:
        message = await receive(ws, timeout)
        if message["type"] == "query_completed" and predicate(message["data"]):
            return message["data"]


def test_subscriber_receives_query_completed_from_every_http_door(server):
    async def scenario():
        async with connect(server) as subscriber, connect(server) as client:
            await send(subscriber, "subscribe", {"events": ["query_completed"]})
            assert await receive(subscriber) == {"type": "subscribed", "data": {"events": ["query_completed"]}}

            await run_query(client, "SELECT 'via ws' AS door", "from-ws")
            event = await expect_event(subscriber, lambda data: data["query_id"] == "from-ws")
            assert event["sql"] == "SELECT 'via ws' AS door"
            assert event["success"] is True and event["rows_returned"] == 1 and event["protocol"] == "stream"
            assert event["execution_time_ms"] >= 0

            response, body = http_request(server, "POST", "/sql", json.dumps({"q": "SELECT 'via sql' AS door"}),
                                          {"Content-Type": "application/json", "Accept": "application/json"})
            assert response.status == 200, body
            event = await expect_event(subscriber, lambda data: data["sql"] == "SELECT 'via sql' AS door")
            assert event["protocol"] == "jsonrpc" and event["success"] is True and event["rows_returned"] == 1

            response, body = http_request(server, "POST", "/", json.dumps({"type": "json", "sql": "SELECT 'via root' AS door"}),
                                          {"Content-Type": "application/json"})
            assert response.status == 200, body
            event = await expect_event(subscriber, lambda data: data["sql"] == "SELECT 'via root' AS door")
            assert event["protocol"] == "sqlrooms" and event["success"] is True

            with psycopg2.connect(host="127.0.0.1", port=server.pg_port, user="duckwire", dbname="duckwire",
                                  sslmode="disable") as connection, connection.cursor() as cursor:
                cursor.execute("SELECT 'via postgres' AS door FROM range(3)")
                assert len(cursor.fetchall()) == 3
            event = await expect_event(subscriber, lambda data: data["sql"] == "SELECT 'via postgres' AS door FROM range(3)")
            assert event["protocol"] == "postgres" and event["success"] is True and event["rows_returned"] == 3

            quack = QuackSession(server.quack_port)
            assert len(quack.rows("SELECT 'via quack' AS door, range FROM range(5000)")) == 5000
            event = await expect_event(subscriber, lambda data: data["sql"] == "SELECT 'via quack' AS door, range FROM range(5000)")
            assert event["protocol"] == "quack" and event["success"] is True and event["rows_returned"] == 5000
            assert quack.error_of("SELECT * FROM missing_in_quack")
            event = await expect_event(subscriber, lambda data: data["sql"] == "SELECT * FROM missing_in_quack")
            assert event["protocol"] == "quack" and event["success"] is False and "missing_in_quack" in event["error"]

            await run_query(client, "SELECT * FROM missing_table", "fails")
            event = await expect_event(subscriber, lambda data: data["query_id"] == "fails")
            assert event["success"] is False and "missing_table" in event["error"]

            long_sql = "SELECT 1 AS a -- " + "x" * 400
            await run_query(client, long_sql, "long-text")
            event = await expect_event(subscriber, lambda data: data["query_id"] == "long-text")
            assert event["sql"] == long_sql[:200]

            await send(subscriber, "unsubscribe", {"events": ["query_completed"]})
            assert await receive(subscriber) == {"type": "unsubscribed", "data": {"events": ["query_completed"]}}
            await run_query(client, "SELECT 2", "unheard")
            await send(subscriber, "ping")
            assert await receive(subscriber) == {"type": "pong", "data": {}}

    run(scenario())


def test_subscriber_that_never_reads_is_dropped_while_others_are_served(server):
    async def scenario():
        async with connect_stalled(server) as stalled, connect(server, compression=None) as healthy:
            await send(stalled, "subscribe", {"events": ["query_completed"]})
            assert (await receive(stalled))["type"] == "subscribed"
            # From here on the stalled client never reads; the healthy one keeps querying (and reading).
            padding = "-- " + "p" * 190
            batches = 0
            while "subscriber too slow" not in server.log and batches < 40:
                batch = [{"type": "query", "data": {"sql": f"SELECT {n} {padding}", "query_id": f"s{batches}-{n}"}}
                         for n in range(1000)]
                await send(healthy, "batch", {"messages": batch})
                await receive_until(healthy, ends_query(f"s{batches}-999"))
                batches += 1
            assert "subscriber too slow" in server.log
            with pytest.raises(websockets.ConnectionClosed):
                while True:
                    await asyncio.wait_for(stalled.recv(), 30)
            # The healthy client is still served, quickly.
            messages = await asyncio.wait_for(run_query(healthy, "SELECT 'served' AS s", "after-drop"), 5)
            assert rows_of(messages) == [["served"]]

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Authentication


@pytest.fixture(scope="module")
def secured():
    instance = Server("--auth-token", TOKEN, "--user", "ann:ann-password", "--user", "bob:bob-password")
    yield instance
    instance.stop()


def test_auth_is_required_first(secured):
    async def scenario():
        async with connect(secured) as ws:
            await send(ws, "query", {"sql": "SELECT 1", "query_id": "early"})
            reply = await receive(ws)
            assert reply["type"] == "error" and "authentication required" in reply["data"]["message"]
            await send(ws, "ping")
            assert (await receive(ws))["type"] == "pong"

    run(scenario())


def test_wrong_token_is_refused_and_right_token_accepted(secured):
    async def scenario():
        async with connect(secured) as ws:
            await send(ws, "auth", {"token": "wrong"})
            reply = await receive(ws)
            assert reply == {"type": "error", "data": {"message": "authentication failed"}}
            await send(ws, "auth", {"token": TOKEN})
            assert await receive(ws) == {"type": "auth_ok", "data": {"principal": "token:0"}}
            assert rows_of(await run_query(ws, "SELECT 7", "authed")) == [[7]]
            await send(ws, "auth", {"token": TOKEN})
            assert await receive(ws) == {"type": "error", "data": {"message": "already authenticated"}}
        async with connect(secured) as ws:
            await send(ws, "auth", {"session_id": TOKEN})
            assert (await receive(ws))["type"] == "auth_ok"

    run(scenario())


def test_too_many_wrong_auths_close_the_connection(secured):
    async def scenario():
        async with connect(secured) as ws:
            for _ in range(3):
                await send(ws, "auth", {"token": "nope"})
            with pytest.raises(websockets.ConnectionClosed) as closed:
                while True:
                    await receive(ws)
            assert closed.value.rcvd.code == 1008

    run(scenario())


def test_credentials_on_the_upgrade(secured):
    async def scenario():
        async with connect(secured, query=f"?token={TOKEN}") as ws:
            assert rows_of(await run_query(ws, "SELECT 8", "upgrade")) == [[8]]
        with pytest.raises(websockets.exceptions.InvalidStatusCode) as refused:
            async with connect(secured, query="?token=wrong"):
                pass
        assert refused.value.status_code == 401

    run(scenario())


def test_subscribers_do_not_see_other_users_sql(secured):
    async def login(ws, user):
        await send(ws, "auth", {"user": user, "password": f"{user}-password"})
        assert await receive(ws) == {"type": "auth_ok", "data": {"principal": f"user:{user}"}}

    async def scenario():
        async with connect(secured) as ann, connect(secured) as ann_watch, connect(secured) as bob_watch:
            await login(ann, "ann")
            await login(ann_watch, "ann")
            await login(bob_watch, "bob")
            for watcher in (ann_watch, bob_watch):
                await send(watcher, "subscribe", {"events": ["query_completed"]})
                assert (await receive(watcher))["type"] == "subscribed"
            await run_query(ann, "SELECT 'ann secret' AS s", "ann-q")
            own = await expect_event(ann_watch, lambda data: data["query_id"] == "ann-q")
            assert own["sql"] == "SELECT 'ann secret' AS s"
            other = await expect_event(bob_watch, lambda data: data["query_id"] == "ann-q")
            assert other["sql"] is None
            assert other["success"] is True and other["rows_returned"] == 1

            # The same through /sql, authenticated as ann with Basic credentials.
            basic = "Basic " + base64.b64encode(b"ann:ann-password").decode()
            response, body = http_request(secured, "POST", "/sql", json.dumps({"q": "SELECT 'ann via sql' AS s"}),
                                          {"Content-Type": "application/json", "Accept": "application/json",
                                           "Authorization": basic})
            assert response.status == 200, body
            own = await expect_event(ann_watch, lambda data: data["protocol"] == "jsonrpc")
            assert own["sql"] == "SELECT 'ann via sql' AS s"
            other = await expect_event(bob_watch, lambda data: data["protocol"] == "jsonrpc")
            assert other["sql"] is None and other["query_id"] == own["query_id"]

    run(scenario())
