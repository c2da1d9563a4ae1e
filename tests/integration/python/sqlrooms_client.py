"""A small client for the SQLRooms / Mosaic WebSocket protocol, over the real `websockets` library."""
import asyncio
import json
import struct

import websockets


def ws_url(server, path="/", query=""):
    scheme = "wss" if server.scheme == "https" else "ws"
    return f"{scheme}://127.0.0.1:{server.port}{path}{query}"


def connect(server, path="/", query="", **kwargs):
    return websockets.connect(ws_url(server, path, query), max_size=None, **kwargs)


def connect_stalled(server):
    """A connection that is going to stop reading: no compression, a one-message queue and a small read
    limit, so what the server sends really fills the socket buffers."""
    return connect(server, max_queue=1, read_limit=2**16, compression=None)


async def subscribe(ws, channel):
    reply = await request(ws, {"type": "subscribe", "channel": channel})
    assert reply == {"type": "subscribed", "channel": channel}, reply


def split_arrow_frame(frame):
    """A framed SQLRooms binary reply: (header dict, arrow bytes)."""
    assert isinstance(frame, bytes), frame
    (length,) = struct.unpack(">I", frame[:4])
    header = json.loads(frame[4 : 4 + length])
    return header, frame[4 + length :]


async def send_json(ws, message):
    await ws.send(json.dumps(message))


async def receive(ws, timeout=60):
    """The next frame: a dict for JSON text frames, bytes for binary frames."""
    frame = await asyncio.wait_for(ws.recv(), timeout)
    return json.loads(frame) if isinstance(frame, str) else frame


async def request(ws, message, timeout=60):
    await send_json(ws, message)
    return await receive(ws, timeout)


async def json_rows(ws, sql, query_id="q"):
    reply = await request(ws, {"type": "json", "sql": sql, "queryId": query_id})
    assert reply["type"] == "json", reply
    return json.loads(reply["data"])


def run(coroutine):
    return asyncio.run(coroutine)
