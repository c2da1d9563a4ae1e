"""What a web page in the user's browser can do with a default server (issue 7, item 10).

The requests carry exactly the headers a browser sends: Origin on every WebSocket upgrade, CORS request
and POST, Sec-Fetch-Site on everything, and the Host the page's URL names (a DNS-rebinding page names
its own domain while the name resolves to 127.0.0.1)."""
import asyncio
import json
import urllib.parse

import pytest
import websockets

from conftest import http_request as send

FOREIGN = "https://evil.example"
VITE = "http://localhost:5173"


def browser_headers(origin, port, host=None, site="cross-site"):
    headers = {"Host": host or f"127.0.0.1:{port}", "Sec-Fetch-Site": site, "Sec-Fetch-Mode": "cors"}
    if origin is not None:
        headers["Origin"] = origin
    return headers


def table_exists(server, name):
    """Asked by a healthy non-browser client, which must always be served."""
    response, data = send(server, "POST", "/sql", json.dumps({
        "q": "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?", "p": [name]}),
        {"Content-Type": "application/json", "Accept": "application/json"})
    assert response.status == 200, data
    return json.loads(data) == [[1]]


async def upgrade(server, path, origin, host=None, query=""):
    """A WebSocket upgrade as a page sends it; returns the first answer to a query, or raises."""
    # The URL names the host the page thinks it talks to; the connection goes to the server.
    async with websockets.connect(f"ws://{host or f'127.0.0.1:{server.port}'}{path}{query}", origin=origin,
                                  host="127.0.0.1", port=server.port, open_timeout=10) as ws:
        if path == "/sql":
            await ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "sql", "params": ["SELECT 42 AS x"]}))
        else:
            await ws.send(json.dumps({"type": "json", "sql": "SELECT 42 AS x", "queryId": "q"}))
        return json.loads(await asyncio.wait_for(ws.recv(), 10))


def refused_upgrade(server, path, origin, host=None):
    with pytest.raises(websockets.InvalidStatusCode) as refused:
        asyncio.run(upgrade(server, path, origin, host))
    return refused.value.status_code


@pytest.mark.parametrize("path", ["/", "/sql"])
def test_websocket_upgrade_from_a_foreign_page_is_refused(server, path):
    assert refused_upgrade(server, path, FOREIGN) == 403
    assert refused_upgrade(server, path, "null") == 403  # sandboxed frames and file:// pages
    # A page on a Vite dev server and a client that is no browser at all keep working.
    assert "42" in json.dumps(asyncio.run(upgrade(server, path, VITE)))
    assert "42" in json.dumps(asyncio.run(upgrade(server, path, None)))


@pytest.mark.parametrize("path", ["/", "/sql"])
def test_a_rebound_host_name_is_refused_also_for_upgrades(server, path):
    # DNS rebinding: the page's origin is its own domain, and so is the Host it sends.
    rebound = f"rebind.evil.example:{server.port}"
    assert refused_upgrade(server, path, f"http://{rebound}", host=rebound) == 403
    response, data = send(server, "POST", "/sql", "q=CREATE+TABLE+rebound+(x+INT)",
                          {"Host": rebound, "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status == 403
    assert data.decode().startswith(f"host not allowed: {rebound}")
    assert not table_exists(server, "rebound")
    for host in (f"localhost:{server.port}", f"127.0.0.1:{server.port}", "localhost"):
        response, _ = send(server, "GET", "/healthz", headers={"Host": host})
        assert response.status == 200, host


def test_a_cross_site_form_post_cannot_run_sql(server):
    # <form method=post action=http://127.0.0.1:4000/sql> on a foreign page: a "simple" request, no preflight.
    for path, body, content_type in [
        ("/sql", "q=CREATE+TABLE+pwned_form+(x+INT)", "application/x-www-form-urlencoded"),
        ("/", json.dumps({"type": "exec", "sql": "CREATE TABLE pwned_text (x INT)"}), "text/plain"),
    ]:
        headers = {**browser_headers(FOREIGN, server.port), "Content-Type": content_type,
                   "Sec-Fetch-Mode": "navigate"}
        response, data = send(server, "POST", path, body, headers)
        assert response.status == 403, data
        assert data.decode().startswith(f"origin not allowed: {FOREIGN}")
        assert response.getheader("Access-Control-Allow-Origin") is None
    assert not table_exists(server, "pwned_form")
    assert not table_exists(server, "pwned_text")


def test_a_cross_site_get_without_origin_cannot_run_sql(server):
    # <img src="http://127.0.0.1:4000/?query=..."> sends no Origin, but the browser says where it came from.
    query = urllib.parse.quote(json.dumps({"type": "exec", "sql": "CREATE TABLE pwned_img (x INT)"}))
    headers = browser_headers(None, server.port) | {"Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}
    response, _ = send(server, "GET", "/?query=" + query, headers=headers)
    assert response.status == 403
    assert not table_exists(server, "pwned_img")
    # Typed into the address bar (Sec-Fetch-Site: none) it is the user's own request.
    response, _ = send(server, "GET", "/?query=" + query, headers=browser_headers(None, server.port, site="none"))
    assert response.status == 200
    assert table_exists(server, "pwned_img")


@pytest.mark.parametrize("path", ["/", "/sql", "/cancel"])
def test_preflights_are_answered_for_allowed_origins_only(server, path):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    response, _ = send(server, "OPTIONS", path, headers=browser_headers(FOREIGN, server.port) | preflight)
    assert response.status == 403
    assert response.getheader("Access-Control-Allow-Origin") is None
    response, _ = send(server, "OPTIONS", path, headers=browser_headers(VITE, server.port) | preflight)
    assert response.status == 204
    assert response.getheader("Access-Control-Allow-Origin") == VITE
    assert response.getheader("Vary") == "Origin"
    assert response.getheader("Access-Control-Allow-Private-Network") is None
    # Chrome asks whether a page may reach a private or loopback address; an allowed one may.
    private = preflight | {"Access-Control-Request-Private-Network": "true"}
    response, _ = send(server, "OPTIONS", path, headers=browser_headers(VITE, server.port) | private)
    assert (response.status, response.getheader("Access-Control-Allow-Private-Network")) == (204, "true")
    response, _ = send(server, "OPTIONS", path, headers=browser_headers(FOREIGN, server.port) | private)
    assert (response.status, response.getheader("Access-Control-Allow-Private-Network")) == (403, None)


def test_an_app_on_a_vite_dev_server_reads_its_results(server):
    for path, body, rows in [("/", {"type": "json", "sql": "SELECT 42 AS x"}, [{"x": 42}]),
                             ("/sql", {"q": "SELECT 42 AS x"}, [[42]])]:
        headers = browser_headers(VITE, server.port) | {"Content-Type": "application/json",
                                                         "Accept": "application/json"}
        response, data = send(server, "POST", path, json.dumps(body), headers)
        assert response.status == 200, data
        assert json.loads(data) == rows
        assert response.getheader("Access-Control-Allow-Origin") == VITE
        assert response.getheader("Vary") == "Origin"


def test_no_wildcard_cors_by_default(server):
    response, _ = send(server, "GET", "/sql?q=SELECT+1", headers={"Accept": "application/json"})
    assert response.status == 200
    assert response.getheader("Access-Control-Allow-Origin") is None


def test_a_deployed_apps_origin_and_host_name_can_be_allowed(start_server):
    server = start_server("--cors-origin", "https://app.example", "--cors-origin", "https://other.example",
                          "--allowed-host", "duck.internal")
    for origin in ("https://app.example", "https://other.example"):
        assert "42" in json.dumps(asyncio.run(upgrade(server, "/", origin)))
        response, data = send(server, "POST", "/sql", json.dumps({"q": "SELECT 42 AS x"}),
                              browser_headers(origin, server.port) | {"Content-Type": "application/json",
                                                                      "Accept": "application/json"})
        assert (response.status, response.getheader("Access-Control-Allow-Origin")) == (200, origin)
    assert refused_upgrade(server, "/", "https://app.example:8443") == 403
    assert "42" in json.dumps(asyncio.run(upgrade(server, "/sql", None, host=f"duck.internal:{server.port}")))
    assert refused_upgrade(server, "/sql", None, host=f"other.internal:{server.port}") == 403


def test_wildcard_cors_only_when_asked_for(start_server):
    server = start_server("--cors-origin", "*")
    assert "42" in json.dumps(asyncio.run(upgrade(server, "/", FOREIGN)))
    response, _ = send(server, "POST", "/", json.dumps({"type": "json", "sql": "SELECT 1 AS x"}),
                       browser_headers(FOREIGN, server.port) | {"Content-Type": "application/json"})
    assert (response.status, response.getheader("Access-Control-Allow-Origin")) == (200, "*")
