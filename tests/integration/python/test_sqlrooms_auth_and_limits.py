"""Auth on WebSocket `/`, frame limits and hostile clients."""
import asyncio
import http.client
import json
import os
import socket

import pytest
import websockets

from sqlrooms_client import connect, json_rows, receive, request, run, send_json

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def guarded(request):
    from conftest import Server

    instance = Server("--auth-token", TOKEN)
    request.addfinalizer(instance.stop)
    return instance


def test_messages_before_auth_are_unauthorized(guarded):
    async def scenario():
        async with connect(guarded) as ws:
            assert await request(ws, {"type": "json", "sql": "SELECT 1", "queryId": "x"}) == {
                "type": "error", "error": "unauthorized"}
            assert await request(ws, {"type": "auth", "token": "wrong"}) == {"type": "error", "error": "unauthorized"}
            assert await request(ws, {"type": "auth", "token": TOKEN}) == {"type": "authAck"}
            assert await json_rows(ws, "SELECT 1 AS a") == [{"a": 1}]

    run(scenario())


def test_three_wrong_tokens_close_with_1008(guarded):
    async def scenario():
        async with connect(guarded) as ws:
            for _ in range(3):
                await send_json(ws, {"type": "auth", "token": "nope"})
            replies = [await receive(ws) for _ in range(3)]
            assert replies == [{"type": "error", "error": "unauthorized"}] * 3
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await receive(ws)
            assert closed.value.code == 1008

    run(scenario())


def test_token_in_header_or_query_string_authenticates_at_upgrade(guarded):
    async def scenario():
        async with connect(guarded, extra_headers={"Authorization": f"Bearer {TOKEN}"}) as ws:
            assert await json_rows(ws, "SELECT 2 AS b") == [{"b": 2}]
        async with connect(guarded, query=f"?token={TOKEN}") as ws:
            assert await json_rows(ws, "SELECT 3 AS c") == [{"c": 3}]
        with pytest.raises(websockets.InvalidStatusCode) as refused:
            async with connect(guarded, query="?token=bad"):
                pass
        assert refused.value.status_code == 401

    run(scenario())


def test_auth_without_a_server_token_is_acknowledged(server):
    async def scenario():
        async with connect(server) as ws:
            assert await request(ws, {"type": "auth", "token": "anything"}) == {"type": "authAck"}

    run(scenario())


def test_oversized_frame_closes_with_1009(start_server):
    small = start_server("--max-message-bytes", "4096")

    async def scenario():
        async with connect(small) as ws:
            await ws.send("x" * 10000)
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await receive(ws)
            assert closed.value.code == 1009
        async with connect(small) as ws:
            assert await json_rows(ws, "SELECT 1 AS ok") == [{"ok": 1}]

    run(scenario())


def test_hostile_clients_do_not_disturb_a_healthy_one(server):
    async def healthy(stop):
        async with connect(server) as ws:
            count = 0
            while not stop.is_set():
                assert await json_rows(ws, f"SELECT {count} AS n", query_id=f"h{count}") == [{"n": count}]
                count += 1
                await asyncio.sleep(0.01)
            return count

    async def dropper(index):
        # Open, start a query, and vanish without a closing handshake.
        ws = await connect(server)
        await send_json(ws, {"type": "json", "sql": "SELECT count(*) FROM range(5000000)", "queryId": f"d{index}"})
        ws.transport.abort()

    async def scenario():
        stop = asyncio.Event()
        checker = asyncio.create_task(healthy(stop))
        for batch in range(20):
            await asyncio.gather(*(dropper(batch * 50 + i) for i in range(50)))
        # A frame after close, and raw garbage instead of a handshake.
        ws = await connect(server)
        await ws.close()
        with pytest.raises(websockets.ConnectionClosed):
            await ws.send("{}")
        with socket.create_connection(("127.0.0.1", server.port)) as raw:
            raw.sendall(os.urandom(4096))
        stop.set()
        assert await checker > 0

    run(scenario())
    async def after():
        async with connect(server) as ws:
            assert await json_rows(ws, "SELECT 'alive' AS s") == [{"s": "alive"}]

    run(after())


def test_a_flood_of_requests_is_answered_in_order_with_back_pressure(server):
    count = 2000

    async def scenario():
        async with connect(server) as flood, connect(server) as healthy:
            for i in range(count):  # far more than the server runs at once for one connection
                await send_json(flood, {"type": "json", "sql": f"SELECT {i} AS n"})
            assert await json_rows(healthy, "SELECT 'fine' AS s") == [{"s": "fine"}]
            for i in range(count):
                assert json.loads(await asyncio.wait_for(flood.recv(), 60)) == [{"n": i}]

    run(scenario())


def test_wrong_in_band_tokens_count_toward_the_address_lockout(start_server):
    """Auth messages share the per-address failed-login lockout with HTTP credentials (issue 7, item 7)."""
    server = start_server("--auth-token", TOKEN)
    attacker = {"local_addr": ("127.0.0.5", 0)}
    locked_out = "too many failed logins from this address: retry after "

    def http_status_from_the_attacker():
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30, source_address=("127.0.0.5", 0))
        connection.request("POST", "/", body=json.dumps({"type": "json", "sql": "SELECT 1 AS one"}),
                           headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        response = connection.getresponse()
        body = json.loads(response.read())
        connection.close()
        return response.status, body

    async def scenario():
        # Five failures are free; the sixth is checked and starts the lockout.
        for connection in range(2):
            async with connect(server, **attacker) as ws:
                for attempt in range(3):
                    reply = await request(ws, {"type": "auth", "token": f"wrong-{connection}-{attempt}"})
                    assert reply == {"type": "error", "error": "unauthorized"}
        async with connect(server, **attacker) as ws:
            refused = await request(ws, {"type": "auth", "token": TOKEN})
            assert refused["type"] == "error" and refused["error"].startswith(locked_out), refused
            assert set(refused) == {"type", "error"}
            # Refused unchecked, even with the right token: the same table as HTTP credentials.
            status, body = await asyncio.to_thread(http_status_from_the_attacker)
            assert status == 429 and body["error"]["message"].startswith(locked_out), body
        # The lockout is per address: a client elsewhere authenticates and is served meanwhile.
        async with connect(server) as ws:
            assert await request(ws, {"type": "auth", "token": TOKEN}) == {"type": "authAck"}
            assert await json_rows(ws, "SELECT 42 AS answer") == [{"answer": 42}]

    run(scenario())
