"""Fair admission and the statement timeout (issue 7, item 6): one client's long queries never take the
whole server; a statement that runs too long ends with a "statement timeout" error."""
import asyncio
import json
import urllib.request

from conftest import wait_for
from jsonrpc_client import call as rpc_call, connect as rpc_connect, graph_of as rpc_graph_of, http_sql, receive_reply, send
from sqlrooms_client import connect, receive, request, send_json, run

# Runs far longer than any test: each one ends by cancel or by the statement timeout.
LONG = "SELECT count(*) AS n FROM range(1000000000000) t(i) WHERE i % 7 = 3"


def metrics(server):
    text = urllib.request.urlopen(server.url + "/metrics", timeout=10).read().decode()
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
            if line and not line.startswith("#")}


def gauge(server, name, protocol="sqlrooms"):
    return metrics(server)[f'duckwire_{name}{{protocol="{protocol}"}}']


async def gauges_reach(server, running, queued):
    """Waits until the running and queued statement gauges read these values; fails with the metrics."""
    reached = await asyncio.to_thread(
        wait_for,
        lambda: gauge(server, "statements_running") == running and gauge(server, "statements_queued") == queued,
    )
    assert reached, metrics(server)


async def submit_long_queries(ws, prefix, count):
    for i in range(count):
        await send_json(ws, {"type": "json", "sql": LONG, "queryId": f"{prefix}{i}"})


async def cancel_all(ws, prefix, count):
    """Cancels every long query of `ws`; each answers with a cancelAck and a "Query was cancelled" error."""
    for i in range(count):
        await send_json(ws, {"type": "cancel", "queryId": f"{prefix}{i}"})
    acks, errors = set(), set()
    while len(acks) < count or len(errors) < count:
        reply = await receive(ws, timeout=60)
        if reply["type"] == "cancelAck":
            assert reply["cancelled"] is True, reply
            acks.add(reply["queryId"])
        else:
            assert reply["type"] == "error" and reply["error"] == "Query was cancelled", reply
            errors.add(reply["queryId"])
    assert acks == errors == {f"{prefix}{i}" for i in range(count)}


async def healthy_answer(server):
    async with connect(server) as ws:
        reply = await request(ws, {"type": "json", "sql": "SELECT 42 AS answer", "queryId": "healthy"}, timeout=30)
        assert reply["type"] == "json", reply
        return json.loads(reply["data"])


def test_one_connection_with_twenty_long_queries_leaves_room_for_another_client(start_server):
    server = start_server("--threads", "2")

    async def scenario():
        async with connect(server) as greedy:
            await submit_long_queries(greedy, "long", 20)
            # Two run (the per-connection default), the other eighteen wait their turn.
            await gauges_reach(server, 2, 18)
            assert await healthy_answer(server) == [{"answer": 42}]
            # The long queries were still running when the healthy client got its answer.
            assert gauge(server, "statements_running") == 2
            assert gauge(server, "statements_queued") == 18
            await cancel_all(greedy, "long", 20)
        await gauges_reach(server, 0, 0)

    run(scenario())


def test_many_clients_with_long_queries_and_a_new_client_is_still_served(start_server):
    server = start_server("--threads", "2")
    clients, per_client = 5, 20

    async def scenario():
        sockets = [await connect(server).__aenter__() for _ in range(clients)]
        try:
            for n, ws in enumerate(sockets):
                await submit_long_queries(ws, f"c{n}-", per_client)
            assert await asyncio.to_thread(
                wait_for, lambda: gauge(server, "statements_running") == 2 * clients
                and gauge(server, "statements_queued") == (per_client - 2) * clients
            ), metrics(server)
            assert await healthy_answer(server) == [{"answer": 42}]
            # A plain HTTP client is served too.
            reply = await asyncio.to_thread(http_sql, server, "GET", {"q": "SELECT 43 AS answer"},
                                            None, {"Accept": "application/json"}, "/sql", 30)
            assert reply.status == 200, reply.text
            assert json.loads(reply.text) == [[43]]
            assert gauge(server, "statements_running") == 2 * clients
            for n, ws in enumerate(sockets):
                await cancel_all(ws, f"c{n}-", per_client)
        finally:
            for ws in sockets:
                await ws.close()

    run(scenario())


def test_statement_timeout_ends_a_long_query_while_a_healthy_client_is_served(start_server):
    server = start_server("--threads", "2", "--statement-timeout", "1.5")

    async def scenario():
        async with connect(server) as ws:
            await send_json(ws, {"type": "json", "sql": LONG, "queryId": "slow"})
            assert await healthy_answer(server) == [{"answer": 42}]
            reply = await receive(ws, timeout=30)
            assert reply == {
                "type": "error",
                "queryId": "slow",
                "error": "statement timeout: the statement did not finish within 1500 ms",
            }
            # The connection stays usable.
            again = await request(ws, {"type": "json", "sql": "SELECT 1 AS one", "queryId": "after"})
            assert json.loads(again["data"]) == [{"one": 1}]

    run(scenario())
    after = metrics(server)
    assert after['duckwire_statement_timeouts_total{protocol="sqlrooms"}'] == 1
    assert after['duckwire_queries_cancelled_total{protocol="sqlrooms"}'] == 0


def test_a_request_may_lower_the_statement_timeout_but_not_raise_it(start_server):
    server = start_server("--threads", "2", "--statement-timeout", "1")

    async def scenario():
        async with connect(server) as ws:
            lowered = await request(
                ws, {"type": "json", "sql": LONG, "queryId": "low", "statementTimeoutMs": 300}, timeout=30)
            assert lowered["error"] == "statement timeout: the statement did not finish within 300 ms", lowered
            raised = await request(
                ws, {"type": "json", "sql": LONG, "queryId": "high", "statementTimeoutMs": 600000}, timeout=30)
            assert raised["error"] == "statement timeout: the statement did not finish within 1000 ms", raised
            bad = await request(ws, {"type": "json", "sql": "SELECT 1", "queryId": "bad", "statementTimeoutMs": "x"})
            assert bad["type"] == "error"
            assert "statementTimeoutMs must be a whole number of milliseconds" in bad["error"], bad

    run(scenario())


def test_http_sql_takes_a_statement_timeout_header(start_server):
    server = start_server("--threads", "2")
    reply = http_sql(server, "GET", {"q": LONG}, None, {"X-Statement-Timeout-Ms": "400"})
    assert reply.status == 400
    assert reply.text.strip() == "statement timeout: the statement did not finish within 400 ms"
    bad = http_sql(server, "GET", {"q": "SELECT 1"}, None, {"X-Statement-Timeout-Ms": "soon"})
    assert bad.status == 400
    assert "X-Statement-Timeout-Ms must be a whole number" in bad.text
    assert metrics(server)['duckwire_statement_timeouts_total{protocol="jsonrpc"}'] == 1
    healthy = http_sql(server, "GET", {"q": "SELECT 42 AS answer"}, None, {"Accept": "application/json"})
    assert json.loads(healthy.text) == [[42]]


def test_a_client_cancel_of_a_waiting_query_is_not_a_timeout(start_server):
    server = start_server("--threads", "2", "--max-running-per-connection", "1", "--statement-timeout", "60")

    async def scenario():
        async with connect(server) as ws:
            await submit_long_queries(ws, "w", 3)
            await gauges_reach(server, 1, 2)
            await cancel_all(ws, "w", 3)

    run(scenario())
    after = metrics(server)
    assert after['duckwire_statement_timeouts_total{protocol="sqlrooms"}'] == 0
    assert after['duckwire_queries_cancelled_total{protocol="sqlrooms"}'] == 3


def test_a_connection_past_its_queue_bound_gets_too_many_queries(start_server):
    server = start_server("--threads", "2", "--max-running-per-connection", "1", "--max-queued-per-connection", "2")

    async def scenario():
        async with connect(server) as ws:
            await submit_long_queries(ws, "q", 3)  # one runs, two wait
            await gauges_reach(server, 1, 2)
            refused = await request(ws, {"type": "json", "sql": "SELECT 1", "queryId": "one-too-many"})
            assert refused["type"] == "error" and refused["queryId"] == "one-too-many", refused
            assert refused["error"].startswith("too many queries: this connection already has 2 waiting"), refused
            assert await healthy_answer(server) == [{"answer": 42}]
            await cancel_all(ws, "q", 3)

    run(scenario())


def test_the_statement_timeout_applies_on_the_json_rpc_websocket(start_server):
    """--statement-timeout holds on /sql's WebSocket too, and params may lower it with statementTimeoutMs."""
    server = start_server("--threads", "2", "--statement-timeout", "1")

    async def scenario():
        async with rpc_connect(server) as ws:
            reply = await rpc_call(ws, LONG, id=7)
            assert reply["error"] == {
                "code": -32603, "message": "statement timeout: the statement did not finish within 1000 ms"}, reply
            await send(ws, {"jsonrpc": "2.0", "id": 8, "method": "sql",
                            "params": {"q": LONG, "statementTimeoutMs": 300}})
            assert (await receive_reply(ws))["error"] == {
                "code": -32603, "message": "statement timeout: the statement did not finish within 300 ms"}
            await send(ws, {"jsonrpc": "2.0", "id": 9, "method": "sql",
                            "params": {"q": LONG, "statementTimeoutMs": 600000}})
            assert (await receive_reply(ws))["error"]["message"] == (
                "statement timeout: the statement did not finish within 1000 ms")
            for bad in (0, "soon", 1.5, 2**64 - 1):
                await send(ws, {"jsonrpc": "2.0", "id": 10, "method": "sql",
                                "params": {"q": "SELECT 1", "statementTimeoutMs": bad}})
                assert (await receive_reply(ws))["error"] == {"code": -32602, "message": (
                    "Invalid params: statementTimeoutMs must be a whole number of milliseconds in 1..86400000")}
            assert rpc_graph_of(await rpc_call(ws, "SELECT 1 AS one", id=11), id=11) == [{"one": 1}]

    run(scenario())
    assert metrics(server)['duckwire_statement_timeouts_total{protocol="jsonrpc"}'] == 3


def test_workers_sets_how_many_statements_run_at_once(start_server):
    """--workers 8: six statements run (three quarters), the rest wait; clients are still served."""
    server = start_server("--workers", "8")
    clients, per_client = 4, 2

    async def scenario():
        sockets = [await connect(server).__aenter__() for _ in range(clients)]
        try:
            for n, ws in enumerate(sockets):
                await submit_long_queries(ws, f"w{n}-", per_client)
            await gauges_reach(server, running=6, queued=2)
            # (With the default 16 workers all eight would run.) Cancelling two lets the waiting two run.
            await cancel_all(sockets[0], "w0-", per_client)
            await gauges_reach(server, running=6, queued=0)
            await cancel_all(sockets[1], "w1-", per_client)
            await gauges_reach(server, running=4, queued=0)
            assert await healthy_answer(server) == [{"answer": 42}]
            for n in (2, 3):
                await cancel_all(sockets[n], f"w{n}-", per_client)
        finally:
            for ws in sockets:
                await ws.close()

    run(scenario())
