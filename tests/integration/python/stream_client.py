"""A small client for `/ws`, the streaming query events API (shared/specs/stream.md), over `websockets`."""
import asyncio
import json

import websockets


def ws_url(server, query=""):
    scheme = "wss" if server.scheme == "https" else "ws"
    return f"{scheme}://127.0.0.1:{server.port}/ws{query}"


def connect(server, query="", **kwargs):
    return websockets.connect(ws_url(server, query), max_size=None, **kwargs)


def connect_stalled(server):
    """A connection that is going to stop reading: no compression, a one-message queue and a small read
    limit, so what the server sends really fills the socket buffers."""
    return connect(server, max_queue=1, read_limit=2**16, compression=None)


async def send(ws, type_, data=None):
    message = {"type": type_}
    if data is not None:
        message["data"] = data
    await ws.send(json.dumps(message))


async def receive(ws, timeout=60):
    frame = await asyncio.wait_for(ws.recv(), timeout)
    assert isinstance(frame, str), f"messages are text frames, got {frame[:100]!r}"
    return json.loads(frame)


async def receive_until(ws, predicate, timeout=60):
    """Every message up to and including the first one `predicate` accepts."""
    seen = []
    while True:
        message = await receive(ws, timeout)
        seen.append(message)
        if predicate(message):
            return seen


def ends_query(query_id):
    def predicate(message):
        return message["type"] in ("result_complete", "error") and message["data"].get("query_id") == query_id

    return predicate


async def run_query(ws, sql, query_id, **fields):
    """Sends a query and returns its messages up to result_complete or its error."""
    await send(ws, "query", {"sql": sql, "query_id": query_id, **fields})
    return await receive_until(ws, ends_query(query_id))


def rows_of(messages):
    rows = []
    for message in messages:
        if message["type"] == "result_chunk":
            rows.extend(message["data"]["rows"])
    return rows


def run(coroutine):
    return asyncio.run(coroutine)
