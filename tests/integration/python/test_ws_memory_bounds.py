"""What a WebSocket client that sends and never reads may cost the server (issue 7, items 4 and 5): replies,
notifications and pre-auth messages are bounded in bytes, a healthy client is served meanwhile, and the
memory is returned once the attacker leaves. Memory figures come from /proc/PID/status."""
import asyncio
import json
import socket
import time

import pytest
import websockets

from conftest import Server
from sqlrooms_client import connect, connect_stalled, receive, request, run, send_json, subscribe

TOKEN = "s3cret-token"
MIB = 1 << 20


def memory(server):
    """(VmRSS, VmHWM) of the server process, in bytes."""
    fields = {}
    with open(f"/proc/{server.process.pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) * 1024
    return fields["VmRSS"], fields["VmHWM"]


async def settle_rss(server, below, seconds=10):
    """The server's RSS once it is below `below`, or after `seconds`."""
    rss = memory(server)[0]
    for _ in range(seconds * 10):
        if rss < below:
            break
        await asyncio.sleep(0.1)
        rss = memory(server)[0]
    return rss


def client_frame(payload, opcode=0x1):
    """A masked client frame (mask key 0, so the payload goes as is)."""
    header = bytes([0x80 | opcode])
    if len(payload) < 126:
        header += bytes([0x80 | len(payload)])
    elif len(payload) < 1 << 16:
        header += bytes([0x80 | 126]) + len(payload).to_bytes(2, "big")
    else:
        header += bytes([0x80 | 127]) + len(payload).to_bytes(8, "big")
    return header + b"\0\0\0\0" + payload


class RawClient:
    """A WebSocket client that writes frames and never reads a byte after the handshake."""

    def __init__(self, server, query=""):
        self.server, self.query = server, query
        self.sent = 0
        self.blocked = False

    async def __aenter__(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.server.port)
        self.writer.write((f"GET /{self.query} HTTP/1.1\r\nHost: 127.0.0.1:{self.server.port}\r\n"
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        response = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), 10)
        assert response.startswith(b"HTTP/1.1 101"), response
        return self

    async def flood(self, frame, count, batch=1, stall_seconds=3):
        """Sends `frame` up to `count` times; stops early when the server stops reading (the writes stall
        for `stall_seconds`: back-pressure) or closes the connection."""
        chunk = frame * batch
        try:
            while self.sent < count:
                self.writer.write(chunk)
                await asyncio.wait_for(self.writer.drain(), stall_seconds)
                self.sent += batch
        except asyncio.TimeoutError:
            self.blocked = True
        except (ConnectionError, OSError):
            pass

    async def __aexit__(self, *exc):
        self.writer.transport.abort()


async def healthy_client(server, query, rounds):
    """A well-behaved client: every query is answered with the right value."""
    async with connect(server, query=query) as ws:
        for i in range(rounds):
            reply = await request(ws, {"type": "json", "sql": f"SELECT {i} AS i", "queryId": f"h{i}"}, timeout=20)
            assert reply == {"type": "json", "queryId": f"h{i}", "data": f'[{{"i":{i}}}]'}, reply
            await asyncio.sleep(0.05)


@pytest.fixture
def guarded(request):
    instance = Server("--auth-token", TOKEN)
    request.addfinalizer(instance.stop)
    return instance


def test_unauthenticated_flood_of_empty_frames_costs_nothing_and_is_closed(guarded):
    frames = 400_000  # today's code keeps ~1.8 KB per unanswered reply: ~700 MiB for these

    async def scenario():
        rss_before, hwm_before = memory(guarded)
        async with RawClient(guarded) as attacker:
            attack = asyncio.create_task(attacker.flood(client_frame(b"{}"), frames, batch=1000))
            await healthy_client(guarded, f"?token={TOKEN}", 20)
            await attack
            # Give the server time to take in whatever it still reads.
            await asyncio.sleep(2)
            rss_during, hwm_during = memory(guarded)
            await healthy_client(guarded, f"?token={TOKEN}", 3)
        rss_after = await settle_rss(guarded, rss_before + 32 * MIB)
        peak = max(hwm_during - max(hwm_before, rss_before), rss_during - rss_before)
        assert peak < 48 * MIB, f"server grew by {peak / MIB:.0f} MiB during the attack"
        assert rss_after < rss_before + 32 * MIB, f"{(rss_after - rss_before) / MIB:.0f} MiB kept after it left"

    run(scenario())


def test_unauthenticated_connection_is_closed_after_a_few_messages_with_1008(guarded):
    async def scenario():
        async with connect(guarded) as ws:
            for _ in range(8):
                assert await request(ws, {}) == {"type": "error", "error": "unauthorized"}
            await send_json(ws, {})
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 10)
            assert closed.value.rcvd.code == 1008
            assert closed.value.rcvd.reason == "authentication required"

    run(scenario())


def test_authentication_within_the_budget_keeps_the_connection(guarded):
    async def scenario():
        async with connect(guarded) as ws:
            for _ in range(7):
                assert await request(ws, {}) == {"type": "error", "error": "unauthorized"}
            assert await request(ws, {"type": "auth", "token": TOKEN}) == {"type": "authAck"}
            for i in range(20):
                reply = await request(ws, {"type": "json", "sql": "SELECT 1 AS a", "queryId": str(i)})
                assert reply == {"type": "json", "queryId": str(i), "data": '[{"a":1}]'}

    run(scenario())


def test_unauthenticated_connection_is_closed_at_its_deadline(start_server):
    # The deadline is --request-timeout, at most 10 s.
    guarded = start_server("--auth-token", TOKEN, "--request-timeout", "1")

    async def scenario():
        async with connect(guarded) as ws:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 10)
            assert closed.value.rcvd.code == 1008
            assert closed.value.rcvd.reason == "authentication timed out"
        async with connect(guarded, query=f"?token={TOKEN}") as ws:
            await asyncio.sleep(1.5)  # an authenticated connection has no such deadline
            assert await request(ws, {"type": "json", "sql": "SELECT 2 AS b", "queryId": "b"}) == {
                "type": "json", "queryId": "b", "data": '[{"b":2}]'}

    run(scenario())


def test_authenticated_client_that_never_reads_gets_back_pressure_not_memory(server):
    frames = 1_000_000

    async def scenario():
        rss_before, hwm_before = memory(server)
        async with RawClient(server) as flooder:
            attack = asyncio.create_task(flooder.flood(client_frame(b"{}"), frames, batch=1000))
            await healthy_client(server, "", 20)
            await attack
            assert flooder.blocked, f"all {flooder.sent} frames were taken in: no back-pressure"
            rss_during, hwm_during = memory(server)
        rss_after = await settle_rss(server, rss_before + 32 * MIB)
        peak = max(hwm_during - max(hwm_before, rss_before), rss_during - rss_before)
        assert peak < 48 * MIB, f"server grew by {peak / MIB:.0f} MiB while the client did not read"
        assert rss_after < rss_before + 32 * MIB

    run(scenario())


def notify_frame(payload_bytes, channel="big"):
    payload = json.dumps({"type": "notify", "channel": channel, "payload": "x" * payload_bytes})
    return client_frame(payload.encode())


@pytest.mark.parametrize("subscribers", [0, 1])
def test_large_notifications_are_bounded_in_bytes(server, subscribers):
    """300 notify messages of 4 MiB from a publisher that never reads, with zero or one subscriber that
    never reads either: the server grows by a few tens of MiB at most (the publisher gets back-pressure
    from its own unread echoes; for the drop of a stalled subscriber see the next test); a healthy client
    is served throughout."""

    async def scenario():
        rss_before, hwm_before = memory(server)
        async with connect_stalled(server) as stalled:
            if subscribers:
                await subscribe(stalled, "big")
            async with RawClient(server) as publisher:
                attack = asyncio.create_task(publisher.flood(notify_frame(4 * MIB), 300, stall_seconds=5))
                await healthy_client(server, "", 10)
                await attack
                rss_during, hwm_during = memory(server)
        peak = max(hwm_during - max(hwm_before, rss_before), rss_during - rss_before)
        assert peak < 64 * MIB, f"server grew by {peak / MIB:.0f} MiB"
        rss_after = await settle_rss(server, rss_before + 32 * MIB)
        assert rss_after < rss_before + 32 * MIB

    run(scenario())


def test_a_reading_subscriber_gets_every_large_notification(server):
    count = 40

    async def scenario():
        async with connect(server) as subscriber, connect(server) as publisher:
            await subscribe(subscriber, "news")

            async def publish():
                for i in range(count):
                    await send_json(publisher, {"type": "notify", "channel": "news", "payload": {"i": i, "pad": "y" * MIB}})
                    assert (await receive(publisher))["type"] == "notify"
                    assert await receive(publisher) == {"type": "notifyAck", "channel": "news"}

            async def read_notifications():
                for i in range(count):
                    message = await receive(subscriber, timeout=30)
                    assert message["type"] == "notify" and message["payload"]["i"] == i

            await asyncio.gather(publish(), read_notifications())

    run(scenario())


def test_a_stalled_subscriber_of_large_notifications_is_dropped_within_its_byte_bound(server):
    """The publisher reads its echoes, so nothing slows it down; the subscriber that stopped reading is
    dropped once its queue reaches its bound in bytes, long before 100 notifications of 4 MiB pile up."""
    count = 100

    async def scenario():
        rss_before, hwm_before = memory(server)
        async with connect_stalled(server) as stalled, connect(server, compression=None) as publisher:
            await subscribe(stalled, "big")

            async def publish():
                for _ in range(count):
                    await send_json(publisher, {"type": "notify", "channel": "big", "payload": "z" * (4 * MIB)})
                    assert (await receive(publisher))["type"] == "notify"
                    assert await receive(publisher) == {"type": "notifyAck", "channel": "big"}

            await asyncio.gather(publish(), healthy_client(server, "", 10))
            rss_during, hwm_during = memory(server)
            with pytest.raises(websockets.ConnectionClosed):
                while True:
                    await asyncio.wait_for(stalled.recv(), 30)
        peak = max(hwm_during - max(hwm_before, rss_before), rss_during - rss_before)
        assert peak < 64 * MIB, f"server grew by {peak / MIB:.0f} MiB"

    run(scenario())


def test_a_slow_reader_of_a_large_result_costs_the_server_little_memory(server):
    """A spooled result streams from its spool with back-pressure: ~70 MB of Arrow to a reader taking
    30 MB/s with a 16 KiB receive window grows the server by a few MiB (its spool memory budget, a piece
    in flight), not by the result."""
    rows = 3_000_000
    sql = f"SELECT range AS i, 'row ' || range AS s FROM range({rows})"
    rss_before, hwm_before = memory(server)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    sock.connect(("127.0.0.1", server.port))
    sock.sendall((f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(1)
    request_text = json.dumps({"type": "arrow", "sql": sql, "queryId": "slow"}).encode()
    sock.sendall(client_frame(request_text))

    # Server frames are unmasked: [FIN|opcode][len][ext len]; the reply is one message in fragments.
    buffer, payload_bytes, peak_rss, done = b"", 0, rss_before, False
    started = time.monotonic()
    while not done:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        buffer += chunk
        while len(buffer) >= 2 and not done:
            fin, length, offset = buffer[0] & 0x80, buffer[1] & 0x7F, 2
            if length == 126:
                if len(buffer) < 4:
                    break
                length, offset = int.from_bytes(buffer[2:4], "big"), 4
            elif length == 127:
                if len(buffer) < 10:
                    break
                length, offset = int.from_bytes(buffer[2:10], "big"), 10
            if len(buffer) < offset + length:
                break
            payload_bytes += length
            buffer = buffer[offset + length:]
            done = bool(fin)
        peak_rss = max(peak_rss, memory(server)[0])
        # Read at most 30 MB/s.
        time.sleep(max(0.0, payload_bytes / 30e6 - (time.monotonic() - started)))
    sock.close()
    assert payload_bytes > 60_000_000, payload_bytes
    growth = max(peak_rss, memory(server)[1] if memory(server)[1] > hwm_before else 0) - rss_before
    assert growth < 32 * MIB, f"server grew by {growth / MIB:.0f} MiB for a slow reader"
