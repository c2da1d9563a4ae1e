"""A subscriber that stops reading must not stall publishers nor grow the server's memory."""
import asyncio

import pytest
import websockets

from sqlrooms_client import connect, connect_stalled, receive, request, run, send_json, subscribe


def test_a_stalled_subscriber_is_dropped_and_the_publisher_keeps_going(server):
    payload = "x" * 16384
    notifications = 3000

    async def scenario():
        # No compression: the payloads must really fill the socket buffers.
        async with connect_stalled(server) as stalled, connect(server, compression=None) as publisher:
            await subscribe(stalled, "firehose")
            # The stalled client never reads from here on. The publisher reads its echoes and acks while
            # it publishes (one that did not would get back-pressure: the server stops reading it).
            async def publish():
                for _ in range(notifications):
                    await send_json(publisher, {"type": "notify", "channel": "firehose", "payload": payload})

            async def read_replies():
                echoes = acks = 0
                while acks < notifications:
                    reply = await receive(publisher, timeout=30)
                    if reply["type"] == "notify":
                        echoes += 1
                    elif reply["type"] == "notifyAck":
                        acks += 1
                return echoes

            _, echoes = await asyncio.gather(publish(), read_replies())
            assert echoes == notifications
            received = 0
            with pytest.raises(websockets.ConnectionClosed):
                while True:
                    await asyncio.wait_for(stalled.recv(), 30)
                    received += 1
            assert received < notifications
            # The publisher's connection is untouched.
            assert await request(publisher, {"type": "json", "sql": "SELECT 1 AS a", "queryId": "q"}) == {
                "type": "json", "queryId": "q", "data": '[{"a":1}]'}

    run(scenario())
