"""LISTEN / UNLISTEN / NOTIFY over the server's one pub/sub hub: between PostgreSQL sessions, from psql-style
NOTIFY to WebSocket subscribers and back, and deferred to COMMIT inside a transaction."""
import asyncio
import select
import time

import pytest

from conftest import Server
from pg_statements_support import free_port, connect, sqlstate_of
from sqlrooms_client import connect as ws_connect
from sqlrooms_client import receive, run, send_json, subscribe


@pytest.fixture(scope="module")
def pg():
    server = Server("--pg-port", str(free_port()))
    yield server
    server.stop()


def notifications(conn, count, timeout=10.0):
    """The first `count` notifications conn receives (polling its socket, as psycopg2 clients do)."""
    deadline = time.monotonic() + timeout
    while len(conn.notifies) < count and time.monotonic() < deadline:
        select.select([conn], [], [], max(0.0, deadline - time.monotonic()))
        conn.poll()
    return [(n.channel, n.payload) for n in conn.notifies[:count]]


def listener(pg, *channels):
    conn = connect(pg)
    conn.autocommit = True
    with conn.cursor() as cur:
        for channel in channels:
            cur.execute(f"LISTEN {channel}")
            assert cur.statusmessage == "LISTEN"
    return conn


def test_notify_reaches_listening_sessions(pg):
    listening = listener(pg, "Orders")  # channel names fold to lower case, as identifiers do
    with connect(pg) as sender:
        sender.autocommit = True
        with sender.cursor() as cur:
            cur.execute("NOTIFY orders, 'order 1 shipped'")
            assert cur.statusmessage == "NOTIFY"
            cur.execute("NOTIFY other_channel, 'not for you'")
    assert notifications(listening, 1) == [("orders", "order 1 shipped")]
    time.sleep(0.2)
    listening.poll()
    assert len(listening.notifies) == 1
    with listening.cursor() as cur:
        cur.execute("UNLISTEN *")
        assert cur.statusmessage == "UNLISTEN"
    listening.close()


def test_notify_inside_a_transaction_waits_for_commit(pg):
    listening = listener(pg, "tx_channel")
    with connect(pg) as sender, sender.cursor() as cur:
        cur.execute("NOTIFY tx_channel, 'rolled back'")
        sender.rollback()
        cur.execute("NOTIFY tx_channel, 'committed'")
        time.sleep(0.3)
        listening.poll()
        assert listening.notifies == []
        sender.commit()
    assert notifications(listening, 1) == [("tx_channel", "committed")]
    listening.close()


def test_postgresql_notify_reaches_websocket_subscribers(pg):
    async def scenario():
        async with ws_connect(pg) as ws:
            await subscribe(ws, "events")
            with connect(pg) as conn:
                conn.autocommit = True
                with conn.cursor() as cur:
                    cur.execute("NOTIFY events, 'from psql'")
            return await receive(ws, timeout=10)

    assert run(scenario()) == {"type": "notify", "channel": "events", "payload": "from psql"}


def test_websocket_notify_reaches_a_listening_postgresql_session(pg):
    listening = listener(pg, "ws_channel")

    async def scenario():
        async with ws_connect(pg) as ws:
            await send_json(ws, {"type": "notify", "channel": "ws_channel", "payload": "from the browser"})
            await send_json(ws, {"type": "notify", "channel": "ws_channel", "payload": {"op": "update", "id": 7}})
            await asyncio.sleep(0.1)

    run(scenario())
    received = notifications(listening, 2)
    assert received[0] == ("ws_channel", "from the browser")
    assert received[1][0] == "ws_channel"
    assert received[1][1].replace(" ", "") == '{"op":"update","id":7}'
    listening.close()
