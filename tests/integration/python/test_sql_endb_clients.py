"""Endb's clients against `/sql` (issue 7, items 12-14 and 16): requests shaped as Endb's Python client sends
them (form-urlencoded POST, p and m JSON-encoded with json.dumps, Python ints as plain JSON numbers), multipart
replies parsed as it parses them (email.message_from_string with the HTTP policy), and the WebSocket side."""
import email
import email.policy
import json
import urllib.parse

import pytest

from jsonrpc_client import call, connect, error_of, graph_of, http_sql, run, send, receive_reply
from sqlrooms_client import request as sqlrooms_request

import websockets

FORM = "application/x-www-form-urlencoded"


def from_json_ld(obj):
    """Endb's Python client's object hook (the parts it needs here)."""
    if obj.get("@type") == "xsd:integer":
        return int(obj["@value"])
    return obj.get("@graph", obj)


def endb_post(server, q, p=(), m=False, accept="application/ld+json"):
    body = urllib.parse.urlencode({"q": q, "p": json.dumps(list(p)), "m": json.dumps(m)})
    return http_sql(server, "POST", body=body.encode("ascii"), headers={"Accept": accept, "Content-Type": FORM})


def parts_of(reply):
    """What Endb's Python client makes of a multipart/mixed answer: one decoded @graph per part."""
    assert reply.status in (200, 201), (reply.status, reply.body[:500])
    content_type = reply.header("Content-Type")
    assert content_type.startswith("multipart/mixed; boundary="), content_type
    text = "Content-Type: " + content_type + "\r\n\r\n" + reply.body.decode()
    message = email.message_from_string(text, policy=email.policy.HTTP)
    assert message.is_multipart()
    parts = list(message.iter_parts())
    for part in parts:
        assert part.get_content_type() == "application/ld+json"
    return [json.loads(part.get_content(), object_hook=from_json_ld) for part in parts]


def ld_graph(reply, status=200):
    assert reply.status == status, (reply.status, reply.body[:500])
    return json.loads(reply.body, object_hook=from_json_ld)


# ---------------------------------------------------------------------------------------------------------------
# Item 12: Accept: multipart/mixed


def test_multipart_mixed_has_one_json_ld_part_per_statement(server):
    reply = endb_post(server, "CREATE OR REPLACE TABLE mp_items (a INTEGER, b VARCHAR); "
                              "INSERT INTO mp_items VALUES (1, 'one'), (2, 'two'); "
                              "SELECT a, b FROM mp_items ORDER BY a; "
                              "SELECT count(*) AS n FROM mp_items",
                      accept="multipart/mixed")
    assert reply.status == 201
    assert parts_of(reply) == [[{"result": True}], [{"result": 2}], [{"a": 1, "b": "one"}, {"a": 2, "b": "two"}],
                               [{"n": 2}]]


def test_multipart_mixed_for_one_query_and_for_get(server):
    assert parts_of(endb_post(server, "SELECT 42 AS answer", accept="multipart/mixed")) == [[{"answer": 42}]]
    reply = http_sql(server, "GET", query={"q": "SELECT 1 AS a; SELECT 'x' AS b"}, headers={"Accept": "multipart/mixed"})
    assert reply.status == 200
    assert parts_of(reply) == [[{"a": 1}], [{"b": "x"}]]


def test_multipart_mixed_streams_a_large_part_whole(server):
    reply = endb_post(server, "SELECT range AS i FROM range(200000); SELECT 'after' AS s", accept="multipart/mixed")
    assert reply.header("Transfer-Encoding") == "chunked"
    first, second = parts_of(reply)
    assert [row["i"] for row in first] == list(range(200000))
    assert second == [{"s": "after"}]


def test_multipart_mixed_bulk_is_one_part_with_the_total(server):
    assert endb_post(server, "CREATE OR REPLACE TABLE mp_bulk (a INTEGER)").status == 201
    reply = endb_post(server, "INSERT INTO mp_bulk VALUES (?)", [[1], [2], [3]], True, accept="multipart/mixed")
    assert parts_of(reply) == [[{"result": 3}]]


def test_multipart_mixed_error_in_the_first_statement_is_a_plain_400(server):
    reply = endb_post(server, "SELECT no_such_column; SELECT 1", accept="multipart/mixed")
    assert reply.status == 400
    assert reply.content_type.startswith("text/plain")
    assert 'Referenced column "no_such_column" was not found' in reply.text
    assert parts_of(endb_post(server, "SELECT 1 AS ok", accept="multipart/mixed")) == [[{"ok": 1}]]


def test_multipart_mixed_is_not_chosen_for_any_media_type(server):
    reply = endb_post(server, "SELECT 1 AS a", accept="*/*")
    assert reply.status == 200
    assert reply.content_type == "application/json"


# ---------------------------------------------------------------------------------------------------------------
# Item 13: several statements with parameters


def test_parameters_are_taken_by_the_statements_in_order(server):
    reply = endb_post(server, "CREATE OR REPLACE TABLE sp (a INTEGER, b VARCHAR); "
                              "INSERT INTO sp VALUES (?, ?), (?, ?); "
                              "SELECT a, b FROM sp WHERE a > ? ORDER BY a",
                      [1, "one", 2, "two", 0])
    assert ld_graph(reply, 201) == [{"a": 1, "b": "one"}, {"a": 2, "b": "two"}]


def test_dollar_numbers_count_within_each_statement(server):
    reply = endb_post(server, "SELECT $1 + $2 AS x; SELECT $1 || $1 AS y", [1, 2, "ab"])
    assert ld_graph(reply) == [{"y": "abab"}]


def test_named_parameters_go_to_the_statements_that_use_them(server):
    body = urllib.parse.urlencode({"q": "SELECT :a AS a; SELECT :b + :a AS c", "p": json.dumps({"a": 1, "b": 2})})
    reply = http_sql(server, "POST", body=body.encode(), headers={"Accept": "application/ld+json", "Content-Type": FORM})
    assert ld_graph(reply) == [{"c": 3}]


@pytest.mark.parametrize("p,message", [([1, 2, 3], "expected 2 parameters, got 3"),
                                       ([1], "expected 2 parameters, got 1")])
def test_too_many_or_too_few_parameters_for_several_statements_is_422(server, p, message):
    reply = endb_post(server, "SELECT ? AS a; SELECT ? AS b", p)
    assert reply.status == 422, reply.body
    assert message in reply.text


def test_several_statements_with_parameters_over_get_and_in_multipart(server):
    reply = http_sql(server, "GET", query={"q": "SELECT ? AS a; SELECT ? + 1 AS b", "p": "[1, 2]"},
                     headers={"Accept": "multipart/mixed"})
    assert parts_of(reply) == [[{"a": 1}], [{"b": 3}]]
    refused = http_sql(server, "GET", query={"q": "SELECT ? AS a; DELETE FROM sp WHERE a = ?", "p": "[1, 2]"})
    assert refused.status == 400
    assert "may only read" in refused.text


def test_bulk_with_several_statements_is_422(server):
    reply = endb_post(server, "SELECT ?; SELECT ?", [[1], [2]], True)
    assert reply.status == 422
    assert "exactly one statement" in reply.text


def test_several_statements_with_parameters_over_websocket(server):
    async def scenario():
        async with connect(server) as ws:
            reply = await call(ws, "CREATE OR REPLACE TABLE sp_ws (a INTEGER); INSERT INTO sp_ws VALUES (?), (?); "
                                   "SELECT sum(a) AS s FROM sp_ws WHERE a < ?", [20, 22, 100])
            assert graph_of(reply) == [{"s": 42}]
            wrong = await call(ws, "SELECT ?; SELECT ?", [1], id=2)
            code, message = error_of(wrong, id=2)
            assert code == -32602
            assert "expected 2 parameters, got 1" in message

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Item 14: integers beyond 64 bits as plain JSON numbers


@pytest.mark.parametrize("number,type_name", [
    (2**70 + 1, "HUGEINT"),
    (-(2**70) - 1, "HUGEINT"),
    (2**63, "UBIGINT"),
    (2**64 - 1, "UBIGINT"),
    (2**127 - 1, "HUGEINT"),
    (-(2**127), "HUGEINT"),
    (2**128 - 1, "UHUGEINT"),
    (2**63 - 1, "BIGINT"),
])
def test_wide_integers_keep_every_digit(server, number, type_name):
    reply = endb_post(server, "SELECT ?::VARCHAR AS text, typeof(?) AS type, ? AS value", [number, number, number])
    assert ld_graph(reply) == [{"text": str(number), "type": type_name, "value": number}]


def test_a_wide_integer_fills_a_hugeint_column_exactly(server):
    assert endb_post(server, "CREATE OR REPLACE TABLE wide (h HUGEINT)").status == 201
    assert ld_graph(endb_post(server, "INSERT INTO wide VALUES (?)", [2**70 + 1]), 201) == [{"result": 1}]
    assert ld_graph(endb_post(server, "SELECT h FROM wide")) == [{"h": 2**70 + 1}]


def test_integers_beyond_128_bits_and_numbers_beyond_double_are_refused(server):
    too_wide = endb_post(server, "SELECT ? AS v", [2**128])
    assert too_wide.status == 422
    assert "out of the range of UHUGEINT" in too_wide.text
    body = urllib.parse.urlencode({"q": "SELECT ? AS v", "p": "[1e999999]"})
    too_big = http_sql(server, "POST", body=body.encode(), headers={"Content-Type": FORM})
    assert too_big.status == 422
    assert "number out of range: 1e999999" in too_big.text
    as_json = http_sql(server, "POST", body=b'{"q": "SELECT ? AS v", "p": [1180591620717411303425]}',
                       headers={"Content-Type": "application/json", "Accept": "application/json"})
    assert as_json.status == 200
    assert as_json.body == b"[[1180591620717411303425]]"


def test_wide_integers_over_websocket(server):
    async def scenario():
        async with connect(server) as ws:
            reply = await call(ws, "SELECT ?::VARCHAR AS text, ? AS value", [2**70 + 1, 2**70 + 1])
            assert graph_of(reply) == [{"text": str(2**70 + 1),
                                        "value": {"@value": str(2**70 + 1), "@type": "xsd:integer"}}]
            rows = graph_of(await call(ws, "SELECT ?.k::VARCHAR AS k, ?::VARCHAR[] AS l",
                                       [{"k": 2**65}, [2**64, 2**66]], id=2), id=2)
            assert rows == [{"k": str(2**65), "l": [str(2**64), str(2**66)]}]
            await send(ws, '{"jsonrpc":"2.0","id":3,"method":"sql","params":{"q":"SELECT ? AS v","p":[1e999999]}}')
            refused = await receive_reply(ws)
            assert refused["id"] is None
            assert refused["error"]["code"] == -32700
            assert "number out of range: 1e999999" in refused["error"]["message"]
            assert graph_of(await call(ws, "SELECT 1 AS still", id=4), id=4) == [{"still": 1}]

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Item 16: ids echoed exactly as they came, or refused


def test_sqlrooms_query_id_is_echoed_as_sent_or_refused(server):
    async def scenario():
        url = f"ws://127.0.0.1:{server.port}/"
        async with websockets.connect(url, max_size=None) as ws:
            await ws.send('{"type":"json","sql":"SELECT 1 AS a","queryId":1e999999}')
            refused = await ws.recv()
            assert "Infinity" not in refused
            assert json.loads(refused) == {"type": "error", "error": "invalid message: number out of range: 1e999999"}
            await ws.send('{"type":"json","sql":"SELECT 1 AS a","queryId":1.50}')
            echoed = await ws.recv()
            assert echoed == '{"type":"json","queryId":1.50,"data":"[{\\"a\\":1}]"}'
            await ws.send('{"type":"json","sql":"SELECT 1 AS a","queryId":1180591620717411303425}')
            assert json.loads(await ws.recv()) == {
                "type": "error", "error": "invalid message: number out of range: 1180591620717411303425"}
            assert await sqlrooms_request(ws, {"type": "json", "sql": "SELECT 2 AS b", "queryId": "q"}) == {
                "type": "json", "queryId": "q", "data": '[{"b":2}]'}

    run(scenario())


def test_json_rpc_ids_are_echoed_exactly_or_refused(server):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, '{"jsonrpc":"2.0","id":1e999999,"method":"sql","params":{"q":"SELECT 1"}}')
            reply = await receive_reply(ws)
            assert reply["id"] is None and reply["error"]["code"] == -32700
            await send(ws, '{"jsonrpc":"2.0","id":1180591620717411303425,"method":"sql","params":{"q":"SELECT 1"}}')
            reply = await receive_reply(ws)
            assert reply["id"] is None and reply["error"]["code"] == -32600
            await send(ws, '{"jsonrpc":"2.0","id":18446744073709551615,"method":"sql","params":{"q":"SELECT 1 AS a"}}')
            frame = await ws.recv()
            assert frame.startswith(b'{"jsonrpc":"2.0","id":18446744073709551615,"result":')

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Item 15: TIMETZ keeps its offset in the text formats

TIMETZ_SQL = ("SELECT '14:43:39+02'::TIMETZ AS t, '23:59:59.970062-05:30'::TIMETZ AS u, NULL::TIMETZ AS n "
              "FROM range(2)")


def test_timetz_keeps_its_offset_in_json_json_ld_ndjson_and_csv(server):
    assert json.loads(endb_post(server, TIMETZ_SQL, accept="application/json").body) == [
        ["14:43:39+02:00", "23:59:59.970062-05:30", None]] * 2
    document = json.loads(endb_post(server, TIMETZ_SQL).body)
    assert document["@graph"] == [{"t": {"@value": "14:43:39+02:00", "@type": "xsd:time"},
                                   "u": {"@value": "23:59:59.970062-05:30", "@type": "xsd:time"}, "n": None}] * 2
    ndjson = endb_post(server, TIMETZ_SQL, accept="application/x-ndjson").text.splitlines()
    assert [json.loads(line) for line in ndjson] == [
        {"t": "14:43:39+02:00", "u": "23:59:59.970062-05:30", "n": None}] * 2
    assert endb_post(server, TIMETZ_SQL, accept="text/csv").text == (
        "t,u,n\r\n14:43:39+02:00,23:59:59.970062-05:30,\r\n14:43:39+02:00,23:59:59.970062-05:30,\r\n")


def test_timetz_reads_back_as_pythons_aware_time(server):
    import datetime

    def hook(obj):
        if obj.get("@type") == "xsd:time":
            return datetime.time.fromisoformat(obj["@value"])
        return obj.get("@graph", obj)

    assert endb_post(server, "CREATE OR REPLACE TABLE ttz (t TIMETZ)").status == 201
    assert endb_post(server, "INSERT INTO ttz VALUES ('14:43:39+02'), ('08:00:00-07')").status == 201
    rows = json.loads(endb_post(server, "SELECT t FROM ttz ORDER BY t::VARCHAR").body, object_hook=hook)
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    minus_seven = datetime.timezone(datetime.timedelta(hours=-7))
    assert rows == [{"t": datetime.time(8, 0, 0, tzinfo=minus_seven)}, {"t": datetime.time(14, 43, 39, tzinfo=plus_two)}]


def test_timetz_keeps_its_offset_over_websockets(server):
    async def scenario():
        async with connect(server) as ws:
            reply = await call(ws, "SELECT '14:43:39+02'::TIMETZ AS t")
            assert graph_of(reply) == [{"t": {"@value": "14:43:39+02:00", "@type": "xsd:time"}}]
        async with websockets.connect(f"ws://127.0.0.1:{server.port}/", max_size=None) as ws:
            reply = await sqlrooms_request(ws, {"type": "json", "sql": "SELECT '14:43:39+02'::TIMETZ AS t",
                                                "queryId": "tz"})
            assert reply == {"type": "json", "queryId": "tz", "data": '[{"t":"14:43:39+02:00"}]'}

    run(scenario())
