"""A small client for `/sql`: JSON-RPC 2.0 over WebSocket and the HTTP SQL API (see shared/specs/jsonrpc-sql.md)."""
import asyncio
import base64
import http.client
import json
import urllib.parse

import websockets

CONTEXT = {"xsd": "http://www.w3.org/2001/XMLSchema#", "@vocab": "http://endb.io/"}
XSD = "http://www.w3.org/2001/XMLSchema#"


def sql_url(server, query=""):
    scheme = "wss" if server.scheme == "https" else "ws"
    return f"{scheme}://127.0.0.1:{server.port}/sql{query}"


def connect(server, **kwargs):
    """An async context manager: a WebSocket on /sql with no message size limit on our side."""
    return websockets.connect(sql_url(server), max_size=None, **kwargs)


def basic_header(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def basic_subprotocol(user, password):
    """What Endb's browser client offers: encodeURIComponent("Basic " + btoa(user + ":" + password))."""
    return urllib.parse.quote(basic_header(user, password), safe="-_.!~*'()")


def typed(xsd_type, value):
    return {"@type": xsd_type, "@value": value}


def message(q, p=None, m=None, id=1, form="object"):
    """A JSON-RPC request object for method sql."""
    if form == "array":
        params = [q]
        if p is not None or m is not None:
            params.append(p if p is not None else [])
        if m is not None:
            params.append(m)
    else:
        params = {"q": q}
        if p is not None:
            params["p"] = p
        if m is not None:
            params["m"] = m
    return {"jsonrpc": "2.0", "id": id, "method": "sql", "params": params}


async def receive_reply(ws, timeout=60):
    """The next reply: it must be a binary frame holding UTF-8 JSON."""
    frame = await asyncio.wait_for(ws.recv(), timeout)
    assert isinstance(frame, bytes), f"replies are binary frames, got a text frame: {frame[:200]!r}"
    return json.loads(frame.decode("utf-8"))


async def send(ws, payload, binary=False):
    text = payload if isinstance(payload, str) else json.dumps(payload)
    await ws.send(text.encode("utf-8") if binary else text)


async def call(ws, q, p=None, m=None, id=1, form="object", binary=False):
    """Sends one request and returns the whole reply object."""
    await send(ws, message(q, p, m, id, form), binary)
    return await receive_reply(ws)


def graph_of(reply, id=1):
    """The @graph of a success reply, after checking the envelope."""
    assert reply.get("jsonrpc") == "2.0", reply
    assert reply.get("id") == id, reply
    assert "error" not in reply, reply
    result = reply["result"]
    assert set(result) == {"@context", "@graph"}, result
    assert result["@context"] == CONTEXT
    return result["@graph"]


def error_of(reply, id=1):
    """(code, message) of an error reply, after checking the envelope."""
    assert reply.get("jsonrpc") == "2.0", reply
    assert "id" in reply and reply["id"] == id and type(reply["id"]) is type(id), reply
    assert "result" not in reply, reply
    error = reply["error"]
    return error["code"], error["message"]


async def rows(ws, q, p=None, m=None, id=1):
    return graph_of(await call(ws, q, p, m, id), id)


async def value(ws, expression, p=None):
    """The single value of `SELECT <expression> AS v`."""
    graph = await rows(ws, f"SELECT {expression} AS v", p)
    assert len(graph) == 1, graph
    return graph[0]["v"]


def run(coroutine):
    return asyncio.run(coroutine)


class HttpReply:
    def __init__(self, response, body):
        self.status = response.status
        self.headers = response.headers
        self.body = body

    def header(self, name):
        return self.headers.get(name)

    @property
    def content_type(self):
        return self.headers.get("Content-Type")

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


def http_sql(server, method="GET", query=None, body=None, headers=None, path="/sql", timeout=60):
    """One HTTP request on /sql; `query` is a dict of query-string fields."""
    target = path
    if query:
        target += "?" + urllib.parse.urlencode(query)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return HttpReply(response, data)
    finally:
        connection.close()


def multipart(fields, boundary="----duckwireBoundary7MA4YWxkTrZu0gW"):
    """(body bytes, content type) of a multipart/form-data body built by hand, CRLF line ends."""
    parts = []
    for name, text in fields.items():
        parts.append(
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{name}"\r\n'
            "\r\n"
            f"{text}\r\n"
        )
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode("utf-8"), f"multipart/form-data; boundary={boundary}"
