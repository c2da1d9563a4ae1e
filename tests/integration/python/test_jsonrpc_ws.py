"""JSON-RPC 2.0 over WebSocket `/sql` (shared/specs/jsonrpc-sql.md), driven with the real `websockets` client."""
import asyncio
import json
import random

import pytest
import websockets

from jsonrpc_client import (
    CONTEXT,
    XSD,
    basic_header,
    basic_subprotocol,
    call,
    connect,
    error_of,
    graph_of,
    message,
    receive_reply,
    rows,
    run,
    send,
    typed,
    value,
)

SLOW_QUERY = "SELECT count(*) FROM range(3000000000)"


async def good_query_still_works(ws, id=4242):
    """After an error the connection must stay open and answer the next request."""
    reply = await call(ws, "SELECT 'still open' AS s", id=id)
    assert graph_of(reply, id) == [{"s": "still open"}]


# ---------------------------------------------------------------------------------------------------------------
# Request forms, ids, frames, envelope


def test_object_params_form(server):
    async def scenario():
        async with connect(server) as ws:
            reply = await call(ws, "SELECT ? + 1 AS n, ? AS s", [41, "x"], False, id=7)
            assert reply == {
                "jsonrpc": "2.0",
                "id": 7,
                "result": {"@context": CONTEXT, "@graph": [{"n": 42, "s": "x"}]},
            }

    run(scenario())


@pytest.mark.parametrize(
    "params, expected",
    [
        (["SELECT 1 AS a"], [{"a": 1}]),
        (["SELECT ? AS a", [5]], [{"a": 5}]),
        (["SELECT ? AS a", ["five"], False], [{"a": "five"}]),
        (["SELECT :x AS a", {"x": 6}], [{"a": 6}]),
    ],
)
def test_array_params_form(server, params, expected):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, {"jsonrpc": "2.0", "id": 3, "method": "sql", "params": params})
            assert graph_of(await receive_reply(ws), 3) == expected

    run(scenario())


def test_array_params_form_bulk(server):
    async def scenario():
        async with connect(server) as ws:
            await rows(ws, "CREATE OR REPLACE TABLE ws_array_bulk (a INTEGER)")
            await send(ws, message("INSERT INTO ws_array_bulk VALUES (?)", [[1], [2], [3]], True, id=9, form="array"))
            assert graph_of(await receive_reply(ws), 9) == [{"result": 3}]
            assert await rows(ws, "SELECT sum(a) AS s FROM ws_array_bulk") == [{"s": 6}]

    run(scenario())


@pytest.mark.parametrize(
    "request_id",
    [0, 1, -5, 2**53 + 1, 2**63 - 1, 2**64 - 1, "abc", "", "1", 'q"uo\\te ü 😀\n'],
    ids=["zero", "one", "negative", "beyond-2^53", "int64-max", "uint64-max", "str", "empty-str", "digit-str",
         "escapes"],
)
def test_ids_are_echoed_exactly(server, request_id):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, message("SELECT 1 AS a", id=request_id))
            reply = await receive_reply(ws)
            assert reply["id"] == request_id and type(reply["id"]) is type(request_id), reply
            assert reply["result"]["@graph"] == [{"a": 1}]
            # Errors echo the id the same way.
            await send(ws, message("SELECT * FROM no_such_table_for_ids", id=request_id))
            code, _ = error_of(await receive_reply(ws), request_id)
            assert code == -32603

    run(scenario())


def test_replies_are_binary_utf8_json_for_text_and_binary_requests(server):
    async def scenario():
        async with connect(server) as ws:
            for binary in (False, True):
                await send(ws, message("SELECT 'héllo ☃ 😀' AS s", id=1), binary=binary)
                frame = await ws.recv()
                assert isinstance(frame, bytes), "a result reply is a binary frame"
                assert json.loads(frame.decode("utf-8"))["result"]["@graph"] == [{"s": "héllo ☃ 😀"}]
                # Error replies are binary too.
                await send(ws, message("SELEC 1", id=2), binary=binary)
                frame = await ws.recv()
                assert isinstance(frame, bytes), "an error reply is a binary frame"
                assert json.loads(frame.decode("utf-8"))["error"]["code"] == -32603
                await send(ws, "{broken", binary=binary)
                frame = await ws.recv()
                assert isinstance(frame, bytes), "a parse-error reply is a binary frame"

    run(scenario())


def test_context_and_graph_shape(server):
    async def scenario():
        async with connect(server) as ws:
            reply = await call(ws, "SELECT range AS i, 'r' || range AS s FROM range(3) ORDER BY i", id=11)
            assert set(reply) == {"jsonrpc", "id", "result"}
            assert reply["result"] == {
                "@context": {"xsd": "http://www.w3.org/2001/XMLSchema#", "@vocab": "http://endb.io/"},
                "@graph": [{"i": 0, "s": "r0"}, {"i": 1, "s": "r1"}, {"i": 2, "s": "r2"}],
            }
            assert await rows(ws, "SELECT 1 AS a WHERE false") == []
            # Column order is kept in each row object.
            reply = await call(ws, "SELECT 3 AS z, 2 AS y, 1 AS x")
            assert list(graph_of(reply)[0]) == ["z", "y", "x"]

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Result value encoding


def xsd(kind, text):
    return {"@value": text, "@type": f"xsd:{kind}"}


ENCODING_CASES = [
    # plain JSON
    ("NULL", None),
    ("TRUE", True),
    ("FALSE", False),
    ("'héllo \"q\" \\ ☃'", 'héllo "q" \\ ☃'),
    ("1.5::DOUBLE", 1.5),
    ("2.5::FLOAT", 2.5),
    ("-0.25::DOUBLE", -0.25),
    # integers up to 2^53 - 1 are numbers
    ("1::TINYINT", 1),
    ("255::UTINYINT", 255),
    ("(-32768)::SMALLINT", -32768),
    ("4294967295::UINTEGER", 4294967295),
    ("9007199254740991::BIGINT", 9007199254740991),
    ("(-9007199254740991)::BIGINT", -9007199254740991),
    ("42::HUGEINT", 42),
    ("9007199254740991::UBIGINT", 9007199254740991),
    # ... and bigger ones typed strings
    ("9007199254740992::BIGINT", xsd("integer", "9007199254740992")),
    ("(-9007199254740992)::BIGINT", xsd("integer", "-9007199254740992")),
    ("9223372036854775807::BIGINT", xsd("integer", "9223372036854775807")),
    ("18446744073709551615::UBIGINT", xsd("integer", "18446744073709551615")),
    ("170141183460469231731687303715884105727::HUGEINT", xsd("integer", "170141183460469231731687303715884105727")),
    ("-170141183460469231731687303715884105727::HUGEINT", xsd("integer", "-170141183460469231731687303715884105727")),
    ("340282366920938463463374607431768211455::UHUGEINT", xsd("integer", "340282366920938463463374607431768211455")),
    # DECIMAL
    ("12.50::DECIMAL(5,2)", xsd("decimal", "12.50")),
    ("(-0.5)::DECIMAL(3,1)", xsd("decimal", "-0.5")),
    ("1::DECIMAL(18,3)", xsd("decimal", "1.000")),
    ("123456789012345678901234567890.12::DECIMAL(38,2)", xsd("decimal", "123456789012345678901234567890.12")),
    # DATE, TIME
    ("DATE '2001-01-01'", xsd("date", "2001-01-01")),
    ("DATE '2024-02-29'", xsd("date", "2024-02-29")),
    ("TIME '14:43:39.970062'", xsd("time", "14:43:39.970062")),
    ("TIME '00:00:00'", xsd("time", "00:00:00")),
    # TIMESTAMP of every precision and TIMESTAMPTZ: UTC, RFC 3339, Z
    ("TIMESTAMP '2023-05-16 14:43:39.970062'", xsd("dateTime", "2023-05-16T14:43:39.970062Z")),
    ("TIMESTAMP '1970-01-01 00:00:00'", xsd("dateTime", "1970-01-01T00:00:00Z")),
    ("TIMESTAMP_S '2023-05-16 14:43:39'", xsd("dateTime", "2023-05-16T14:43:39Z")),
    ("TIMESTAMP_MS '2023-05-16 14:43:39.97'", xsd("dateTime", "2023-05-16T14:43:39.97Z")),
    ("TIMESTAMP_NS '2023-05-16 14:43:39.970062123'", xsd("dateTime", "2023-05-16T14:43:39.970062123Z")),
    ("TIMESTAMPTZ '2023-05-16 14:43:39.970062+02'", xsd("dateTime", "2023-05-16T12:43:39.970062Z")),
    ("TIMESTAMPTZ '2023-12-31 23:30:00-01:00'", xsd("dateTime", "2024-01-01T00:30:00Z")),
    # INTERVAL as xsd:duration
    ("INTERVAL '12 hours 30 minutes 5 seconds'", xsd("duration", "PT12H30M5S")),
    ("INTERVAL '1 year 2 months 3 days'", xsd("duration", "P1Y2M3D")),
    ("INTERVAL '1 year 2 months 3 days 4 hours 5 minutes 6.5 seconds'", xsd("duration", "P1Y2M3DT4H5M6.5S")),
    ("INTERVAL '1.5 seconds'", xsd("duration", "PT1.5S")),
    ("INTERVAL '-1 day -2 hours'", xsd("duration", "-P1DT2H")),
    # BLOB as base64
    ("'\\xAA\\xBB'::BLOB", xsd("base64Binary", "qrs=")),
    ("'abc'::BLOB", xsd("base64Binary", "YWJj")),
    ("''::BLOB", xsd("base64Binary", "")),
    # LIST / ARRAY, STRUCT, MAP
    ("[1, 2, 3]", [1, 2, 3]),
    ("[[1, 2], [3]]", [[1, 2], [3]]),
    ("[NULL, 1]", [None, 1]),
    ("[]::INTEGER[]", []),
    ("[1, 2]::INTEGER[2]", [1, 2]),
    ("[DATE '2020-01-01', NULL]", [xsd("date", "2020-01-01"), None]),
    ("NULL::INTEGER[]", None),
    ("{'x': 1, 'y': 'z'}", {"x": 1, "y": "z"}),
    ("{'a': [1, 2], 'b': {'c': DATE '2020-01-01'}}", {"a": [1, 2], "b": {"c": xsd("date", "2020-01-01")}}),
    ("{'a': NULL}", {"a": None}),
    ("MAP {'a': 1, 'b': 2}", {"a": 1, "b": 2}),
    ("MAP {'k': [1, 2]}", {"k": [1, 2]}),
    ("MAP {1: 'a', 2: 'b'}", [{"key": 1, "value": "a"}, {"key": 2, "value": "b"}]),
    ("MAP {DATE '2020-01-01': 1}", [{"key": xsd("date", "2020-01-01"), "value": 1}]),
    # UUID, ENUM, others as strings
    ("UUID 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
    ("'happy'::ENUM('sad', 'happy')", "happy"),
    ("['sad', 'happy']::ENUM('sad', 'happy')[]", ["sad", "happy"]),
    # NaN and infinities
    ("'nan'::DOUBLE", xsd("double", "NaN")),
    ("'inf'::DOUBLE", xsd("double", "Infinity")),
    ("'-inf'::DOUBLE", xsd("double", "-Infinity")),
    ("'nan'::FLOAT", xsd("double", "NaN")),
    ("'-inf'::FLOAT", xsd("double", "-Infinity")),
]


def test_value_encoding_table(server):
    """Every row of the spec's encoding table, each value checked with its JSON type."""

    async def scenario():
        async with connect(server) as ws:
            for expression, expected in ENCODING_CASES:
                got = await value(ws, expression)
                assert got == expected, f"{expression}: {got!r}"
                assert type(got) is type(expected), f"{expression}: {got!r} is a {type(got).__name__}"

    run(scenario())


def test_all_encodings_in_one_row_and_many_rows(server):
    async def scenario():
        async with connect(server) as ws:
            select = ", ".join(f"{expression} AS c{i}" for i, (expression, _) in enumerate(ENCODING_CASES))
            expected = {f"c{i}": want for i, (_, want) in enumerate(ENCODING_CASES)}
            graph = await rows(ws, f"SELECT {select} FROM range(3000)")
            assert len(graph) == 3000
            assert all(row == expected for row in graph)

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Statements without a result set, several statements


def test_statements_without_result_set(server):
    async def scenario():
        async with connect(server) as ws:
            assert await rows(ws, "CREATE OR REPLACE TABLE ws_counts (a INTEGER PRIMARY KEY, b VARCHAR)") == [
                {"result": True}]
            assert await rows(ws, "INSERT INTO ws_counts VALUES (1, 'x'), (2, 'y'), (3, 'z')") == [{"result": 3}]
            assert await rows(ws, "UPDATE ws_counts SET b = 'w' WHERE a >= 2") == [{"result": 2}]
            assert await rows(ws, "UPDATE ws_counts SET b = 'v' WHERE a > 100") == [{"result": 0}]
            assert await rows(ws, "DELETE FROM ws_counts WHERE a = 1") == [{"result": 1}]
            assert await rows(ws, "BEGIN") == [{"result": True}]
            assert await rows(ws, "INSERT INTO ws_counts VALUES (10, 'in tx')") == [{"result": 1}]
            assert await rows(ws, "COMMIT") == [{"result": True}]
            assert await rows(ws, "BEGIN TRANSACTION") == [{"result": True}]
            assert await rows(ws, "DELETE FROM ws_counts") == [{"result": 3}]
            assert await rows(ws, "ROLLBACK") == [{"result": True}]
            assert await rows(ws, "ALTER TABLE ws_counts ADD COLUMN c INTEGER") == [{"result": True}]
            assert await rows(ws, "CREATE VIEW ws_counts_view AS SELECT a FROM ws_counts") == [{"result": True}]
            assert await rows(ws, "DROP VIEW ws_counts_view") == [{"result": True}]
            assert await rows(ws, "SELECT a, b, c FROM ws_counts ORDER BY a") == [
                {"a": 2, "b": "w", "c": None}, {"a": 3, "b": "w", "c": None}, {"a": 10, "b": "in tx", "c": None}]
            # INSERT ... RETURNING has a result set.
            assert await rows(ws, "INSERT INTO ws_counts (a, b) VALUES (11, 'r') RETURNING a, b") == [
                {"a": 11, "b": "r"}]

    run(scenario())


MERGE_SQL = ("MERGE INTO {table} USING (SELECT * FROM (VALUES (1, 10), (4, 40), (5, 50)) s(a, b)) s ON {table}.a = s.a "
             "WHEN MATCHED THEN UPDATE SET b = s.b WHEN NOT MATCHED THEN INSERT VALUES (s.a, s.b)")


def test_merge_reports_its_changed_row_count(server):
    async def scenario():
        async with connect(server) as ws:
            await rows(ws, "CREATE OR REPLACE TABLE ws_merge (a INTEGER PRIMARY KEY, b INTEGER)")
            assert await rows(ws, "INSERT INTO ws_merge VALUES (1, 1), (2, 2), (3, 3)") == [{"result": 3}]
            # One row updated and two inserted.
            assert await rows(ws, MERGE_SQL.format(table="ws_merge")) == [{"result": 3}]
            assert await rows(ws, "SELECT list(b ORDER BY a) AS l FROM ws_merge") == [{"l": [10, 2, 3, 40, 50]}]

    run(scenario())


def test_copy_from_reports_its_changed_row_count(start_server, tmp_path):
    (tmp_path / "in.csv").write_text("a,b\n1,x\n2,y\n3,z\n")
    files = start_server("--file-access", str(tmp_path))

    async def scenario():
        async with connect(files) as ws:
            await rows(ws, "CREATE TABLE copied (a INTEGER, b VARCHAR)")
            assert await rows(ws, f"COPY copied FROM '{tmp_path / 'in.csv'}' (HEADER)") == [{"result": 3}]
            assert await rows(ws, "SELECT string_agg(b, '' ORDER BY a) AS s FROM copied") == [{"s": "xyz"}]

    run(scenario())


def test_several_statements_give_the_last_result(server):
    async def scenario():
        async with connect(server) as ws:
            assert await rows(
                ws, "CREATE OR REPLACE TABLE ws_multi (a INTEGER); INSERT INTO ws_multi VALUES (1), (2); "
                    "SELECT sum(a) AS s FROM ws_multi") == [{"s": 3}]
            assert await rows(ws, "SELECT 1 AS a; INSERT INTO ws_multi VALUES (3), (4), (5)") == [{"result": 3}]
            assert await rows(ws, "SELECT 1 AS a; SELECT 2 AS b;") == [{"b": 2}]
            assert await rows(ws, "INSERT INTO ws_multi VALUES (6); DROP TABLE ws_multi") == [{"result": True}]

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Parameters


def test_positional_parameters(server):
    async def scenario():
        async with connect(server) as ws:
            assert await rows(ws, "SELECT ? AS a, ? AS b, ? AS c, ? AS d, ? AS e", [1, "two", None, True, 2.5]) == [
                {"a": 1, "b": "two", "c": None, "d": True, "e": 2.5}]
            assert await rows(ws, "SELECT $2 AS a, $1 AS b, $1 || $2 AS c", ["x", "y"]) == [
                {"a": "y", "b": "x", "c": "xy"}]
            assert await rows(ws, "SELECT ?::INTEGER + 1 AS n", ["41"]) == [{"n": 42}]
            # Values are bound, never spliced into the text.
            assert await rows(ws, "SELECT ? AS s", ["'); DROP TABLE x; --"]) == [{"s": "'); DROP TABLE x; --"}]
            assert await rows(ws, "SELECT typeof(?) AS t", [18446744073709551615]) == [{"t": "UBIGINT"}]

    run(scenario())


def test_named_parameters(server):
    async def scenario():
        async with connect(server) as ws:
            assert await rows(ws, "SELECT :x AS a, :y AS b, :x + 1 AS c", {"x": 1, "y": "s"}) == [
                {"a": 1, "b": "s", "c": 2}]
            # A cast right after the name, and names inside literals, quoted identifiers and comments, are kept.
            graph = await rows(
                ws,
                "SELECT :x::VARCHAR AS a, ':x' AS b, $$:x$$ AS c, \":x\" AS d -- :x\n"
                "FROM (SELECT 'identifier' AS \":x\") /* :x */",
                {"x": 7},
            )
            assert graph == [{"a": "7", "b": ":x", "c": ":x", "d": "identifier"}]
            assert await rows(ws, "SELECT :when AS w", {"when": typed("xsd:date", "2020-02-02")}) == [
                {"w": xsd("date", "2020-02-02")}]
            assert await rows(ws, "SELECT :value AS v", {"value": "'; DROP TABLE y; --"}) == [
                {"v": "'; DROP TABLE y; --"}]

    run(scenario())


TYPED_PARAMETERS = [
    ("date", "2001-02-03", "DATE", xsd("date", "2001-02-03")),
    ("date", "2024-02-29", "DATE", xsd("date", "2024-02-29")),
    ("dateTime", "2023-05-16T14:43:39.970Z", "TIMESTAMP WITH TIME ZONE", xsd("dateTime", "2023-05-16T14:43:39.97Z")),
    ("dateTime", "2023-05-16T14:43:39Z", "TIMESTAMP WITH TIME ZONE", xsd("dateTime", "2023-05-16T14:43:39Z")),
    ("dateTime", "2023-05-16T14:43:39+02:00", "TIMESTAMP WITH TIME ZONE", xsd("dateTime", "2023-05-16T12:43:39Z")),
    ("dateTime", "2023-05-16T14:43:39.5-05:30", "TIMESTAMP WITH TIME ZONE",
     xsd("dateTime", "2023-05-16T20:13:39.5Z")),
    ("dateTime", "2023-12-31T23:30:00-01:00", "TIMESTAMP WITH TIME ZONE", xsd("dateTime", "2024-01-01T00:30:00Z")),
    ("time", "14:43:39.5", "TIME", xsd("time", "14:43:39.5")),
    ("time", "23:59:59.999999", "TIME", xsd("time", "23:59:59.999999")),
    ("duration", "PT12H30M5S", "INTERVAL", xsd("duration", "PT12H30M5S")),
    ("duration", "P1Y2M3D", "INTERVAL", xsd("duration", "P1Y2M3D")),
    ("duration", "P1Y2M3DT4H5M6.5S", "INTERVAL", xsd("duration", "P1Y2M3DT4H5M6.5S")),
    ("base64Binary", "AAEC/w==", "BLOB", xsd("base64Binary", "AAEC/w==")),
    ("base64Binary", "", "BLOB", xsd("base64Binary", "")),
    ("integer", "123456789012345678901234567890", "HUGEINT", xsd("integer", "123456789012345678901234567890")),
    ("integer", "-9223372036854775809", "HUGEINT", xsd("integer", "-9223372036854775809")),
    ("integer", "42", "BIGINT", 42),
    ("decimal", "12.50", "DECIMAL(4,2)", xsd("decimal", "12.50")),
    ("decimal", "-0.001", "DECIMAL(4,3)", xsd("decimal", "-0.001")),
]


@pytest.mark.parametrize("prefix", ["xsd:", XSD], ids=["short", "full-iri"])
def test_typed_parameters(server, prefix):
    async def scenario():
        async with connect(server) as ws:
            for local_name, text, duck_type, expected in TYPED_PARAMETERS:
                parameter = typed(prefix + local_name, text)
                graph = await rows(ws, "SELECT v, typeof(v) AS t FROM (SELECT ? AS v)", [parameter])
                assert graph == [{"v": expected, "t": duck_type}], f"{local_name} {text!r}"
                named = await rows(ws, "SELECT :p AS v", {"p": parameter})
                assert named == [{"v": expected}], f"named {local_name} {text!r}"

    run(scenario())


def test_typed_parameters_compare_as_their_type(server):
    async def scenario():
        async with connect(server) as ws:
            checks = [
                ("? = DATE '2001-02-03'", typed("xsd:date", "2001-02-03")),
                ("? = TIMESTAMPTZ '2023-05-16 12:43:39+00'", typed("xsd:dateTime", "2023-05-16T14:43:39+02:00")),
                ("? = TIME '14:43:39.5'", typed("xsd:time", "14:43:39.5")),
                ("? = INTERVAL '12 hours 30 minutes 5 seconds'", typed("xsd:duration", "PT12H30M5S")),
                ("? = '\\x00\\x01\\x02\\xFF'::BLOB", typed("xsd:base64Binary", "AAEC/w==")),
                ("? - 1 = 123456789012345678901234567889::HUGEINT",
                 typed("xsd:integer", "123456789012345678901234567890")),
                ("? = 12.5", typed("xsd:decimal", "12.50")),
            ]
            for expression, parameter in checks:
                assert await value(ws, expression, [parameter]) is True, expression

    run(scenario())


def test_typed_parameters_into_typed_columns(server):
    async def scenario():
        async with connect(server) as ws:
            await rows(ws, "CREATE OR REPLACE TABLE ws_typed (d DATE, ts TIMESTAMPTZ, t TIME, i INTERVAL, b BLOB, "
                           "h HUGEINT, de DECIMAL(10,2))")
            parameters = [
                typed("xsd:date", "2024-02-29"),
                typed("xsd:dateTime", "2024-02-29T23:30:00-01:00"),
                typed("xsd:time", "23:59:59.999999"),
                typed("xsd:duration", "P1Y2M3DT4H5M6.5S"),
                typed("xsd:base64Binary", "3q2+7w=="),
                typed("xsd:integer", "-170141183460469231731687303715884105728"),
                typed("xsd:decimal", "12345678.91"),
            ]
            assert await rows(ws, "INSERT INTO ws_typed VALUES (?, ?, ?, ?, ?, ?, ?)", parameters) == [{"result": 1}]
            assert await rows(ws, "SELECT * FROM ws_typed") == [{
                "d": xsd("date", "2024-02-29"),
                "ts": xsd("dateTime", "2024-03-01T00:30:00Z"),
                "t": xsd("time", "23:59:59.999999"),
                "i": xsd("duration", "P1Y2M3DT4H5M6.5S"),
                "b": xsd("base64Binary", "3q2+7w=="),
                "h": xsd("integer", "-170141183460469231731687303715884105728"),
                "de": xsd("decimal", "12345678.91"),
            }]

    run(scenario())


def test_arrays_are_lists_and_objects_are_structs(server):
    async def scenario():
        async with connect(server) as ws:
            assert await rows(ws, "SELECT v, typeof(v) AS t FROM (SELECT ? AS v)", [[1, 2, 3]]) == [
                {"v": [1, 2, 3], "t": "BIGINT[]"}]
            assert await rows(ws, "SELECT list_sum(?) AS s, len(?) AS n", [[1, 2, 3], ["a", "b"]]) == [
                {"s": 6, "n": 2}]
            assert await rows(ws, "SELECT v, typeof(v) AS t FROM (SELECT ? AS v)", [{"x": 1, "y": "s"}]) == [
                {"v": {"x": 1, "y": "s"}, "t": "STRUCT(x BIGINT, y VARCHAR)"}]
            assert await rows(ws, "SELECT (?).y AS y", [{"x": 1, "y": "s"}]) == [{"y": "s"}]
            assert await rows(ws, "SELECT ? AS v", [[typed("xsd:date", "2001-02-03"), None]]) == [
                {"v": [xsd("date", "2001-02-03"), None]}]
            assert await rows(ws, "SELECT ? AS v", [{"when": typed("xsd:date", "2001-02-03"), "l": [[1], [2, 3]]}]) == [
                {"v": {"when": xsd("date", "2001-02-03"), "l": [[1], [2, 3]]}}]
            # Into typed columns: LIST, STRUCT and MAP targets.
            await rows(ws, "CREATE OR REPLACE TABLE ws_nested (l INTEGER[], s STRUCT(a INTEGER, b VARCHAR), "
                           "m MAP(VARCHAR, INTEGER))")
            assert await rows(ws, "INSERT INTO ws_nested VALUES (?, ?, ?)",
                              [[1, 2, 3], {"a": 5, "b": "x"}, {"k1": 1, "k2": 2}]) == [{"result": 1}]
            assert await rows(ws, "INSERT INTO ws_nested (l) VALUES (?)", [[]]) == [{"result": 1}]
            assert await rows(ws, "SELECT * FROM ws_nested") == [
                {"l": [1, 2, 3], "s": {"a": 5, "b": "x"}, "m": {"k1": 1, "k2": 2}},
                {"l": [], "s": None, "m": None},
            ]

    run(scenario())


MALFORMED = [
    ("xsd:date", "2001-02-30"),
    ("xsd:date", "yesterday"),
    (XSD + "date", "2001-13-01"),
    ("xsd:dateTime", "2023-13-01T00:00:00Z"),
    ("xsd:dateTime", "2023-05-16 noon"),
    ("xsd:time", "25:00:00"),
    ("xsd:time", "12:00"),
    ("xsd:duration", "P"),
    ("xsd:duration", "12 hours"),
    (XSD + "duration", "PT"),
    ("xsd:base64Binary", "!!!"),
    ("xsd:integer", "12x"),
    ("xsd:integer", "1" * 60),
    (XSD + "integer", "1.5"),
    ("xsd:decimal", "1.2.3"),
    ("xsd:decimal", "abc"),
]


@pytest.mark.parametrize("xsd_type, text", MALFORMED)
def test_malformed_typed_value_is_invalid_params_naming_the_parameter(server, xsd_type, text):
    async def scenario():
        async with connect(server) as ws:
            reply = await call(ws, "SELECT ? AS a, ? AS b", [1, typed(xsd_type, text)], id=5)
            code, msg = error_of(reply, 5)
            assert code == -32602
            assert "parameter 2" in msg, msg
            assert text in msg, msg
            reply = await call(ws, "SELECT :good AS a, :bad AS b", {"good": 1, "bad": typed(xsd_type, text)}, id=6)
            code, msg = error_of(reply, 6)
            assert code == -32602
            assert "bad" in msg, msg
            assert "good" not in msg, msg
            await good_query_still_works(ws)

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Bulk


def test_bulk_inserts_every_row_in_one_call(server):
    async def scenario():
        async with connect(server) as ws:
            await rows(ws, "CREATE OR REPLACE TABLE ws_bulk (a INTEGER, b VARCHAR, d DATE)")
            sets = [[i, f"v{i}", typed("xsd:date", f"2020-01-{i % 28 + 1:02d}")] for i in range(1000)]
            assert await rows(ws, "INSERT INTO ws_bulk VALUES (?, ?, ?)", sets, True) == [{"result": 1000}]
            assert await rows(ws, "SELECT count(*) AS n, sum(a) AS s, count(DISTINCT b) AS nb, max(d) AS d "
                                  "FROM ws_bulk") == [
                {"n": 1000, "s": 499500, "nb": 1000, "d": xsd("date", "2020-01-28")}]
            named = [{"a": 5000 + i, "b": f"n{i}"} for i in range(3)]
            assert await rows(ws, "INSERT INTO ws_bulk (a, b) VALUES (:a, :b)", named, True) == [{"result": 3}]
            assert await rows(ws, "SELECT a, b FROM ws_bulk WHERE a >= 5000 ORDER BY a") == [
                {"a": 5000, "b": "n0"}, {"a": 5001, "b": "n1"}, {"a": 5002, "b": "n2"}]
            assert await rows(ws, "UPDATE ws_bulk SET b = 'u' WHERE a < ?", [[10], [20]], True) == [{"result": 30}]
            assert await rows(ws, "INSERT INTO ws_bulk (a) VALUES (?)", [], True) == [{"result": 0}]

    run(scenario())


def test_bulk_is_all_or_nothing(server):
    async def scenario():
        async with connect(server) as ws:
            await rows(ws, "CREATE OR REPLACE TABLE ws_bulk_pk (a INTEGER PRIMARY KEY, b VARCHAR)")
            await rows(ws, "INSERT INTO ws_bulk_pk VALUES (2, 'existing')")
            sets = [[1, "a"], [3, "b"], [2, "clash"], [4, "d"]]
            code, msg = error_of(await call(ws, "INSERT INTO ws_bulk_pk VALUES (?, ?)", sets, True))
            assert code == -32603
            assert "Constraint Error" in msg and "primary key" in msg, msg
            assert await rows(ws, "SELECT a, b FROM ws_bulk_pk ORDER BY a") == [{"a": 2, "b": "existing"}]
            # A duplicate inside the bulk itself.
            code, msg = error_of(await call(ws, "INSERT INTO ws_bulk_pk VALUES (?, ?)", [[7, "x"], [7, "y"]], True))
            assert code == -32603 and "Constraint Error" in msg, msg
            assert await rows(ws, "SELECT count(*) AS n FROM ws_bulk_pk") == [{"n": 1}]
            # A bad parameter set later in the bulk also inserts nothing.
            code, msg = error_of(await call(ws, "INSERT INTO ws_bulk_pk VALUES (?, ?)", [[8, "x"], [9]], True))
            assert code == -32602, msg
            assert msg == "Invalid params: expected 2 parameters, got 1", msg
            assert await rows(ws, "SELECT count(*) AS n FROM ws_bulk_pk") == [{"n": 1}]
            # The connection is not left in a transaction: later statements auto-commit.
            assert await rows(ws, "INSERT INTO ws_bulk_pk VALUES (10, 'after')") == [{"result": 1}]
            async with connect(server) as other:
                assert await rows(other, "SELECT count(*) AS n FROM ws_bulk_pk") == [{"n": 2}]

    run(scenario())


def test_bulk_inside_an_explicit_transaction(server):
    """BEGIN; INSERT; bulk; COMMIT on one connection keeps every row."""

    async def scenario():
        async with connect(server) as ws:
            await rows(ws, "CREATE OR REPLACE TABLE ws_bulk_tx (a INTEGER)")
            assert await rows(ws, "BEGIN") == [{"result": True}]
            assert await rows(ws, "INSERT INTO ws_bulk_tx VALUES (1)") == [{"result": 1}]
            assert await rows(ws, "INSERT INTO ws_bulk_tx VALUES (?)", [[2], [3]], True) == [{"result": 2}]
            assert await rows(ws, "COMMIT") == [{"result": True}]
            assert await rows(ws, "SELECT list(a ORDER BY a) AS l FROM ws_bulk_tx") == [{"l": [1, 2, 3]}]

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Errors


def test_parse_error(server):
    async def scenario():
        async with connect(server) as ws:
            for text in ['{"jsonrpc":"2.0","id":1,', "not json at all", "", '{"jsonrpc":"2.0","id":1}}']:
                await ws.send(text)
                reply = await receive_reply(ws)
                assert reply["jsonrpc"] == "2.0"
                assert reply["id"] is None and "id" in reply, reply
                assert reply["error"]["code"] == -32700, reply
                await good_query_still_works(ws)

    run(scenario())


INVALID_REQUESTS = [
    ("array", [1, 2], None),
    ("batch", [message("SELECT 1")], None),
    ("string", "just a string", None),
    ("number", 12, None),
    ("null", None, None),
    ("jsonrpc-1.0", {"jsonrpc": "1.0", "id": 1, "method": "sql", "params": {"q": "SELECT 1"}}, 1),
    ("jsonrpc-number", {"jsonrpc": 2.0, "id": 2, "method": "sql", "params": {"q": "SELECT 1"}}, 2),
    ("jsonrpc-missing", {"id": "a", "method": "sql", "params": {"q": "SELECT 1"}}, "a"),
    ("id-missing", {"jsonrpc": "2.0", "method": "sql", "params": {"q": "SELECT 1"}}, None),
    ("id-float", {"jsonrpc": "2.0", "id": 1.5, "method": "sql", "params": {"q": "SELECT 1"}}, None),
    ("id-null", {"jsonrpc": "2.0", "id": None, "method": "sql", "params": {"q": "SELECT 1"}}, None),
    ("id-bool", {"jsonrpc": "2.0", "id": True, "method": "sql", "params": {"q": "SELECT 1"}}, None),
    ("id-array", {"jsonrpc": "2.0", "id": [1], "method": "sql", "params": {"q": "SELECT 1"}}, None),
    ("id-object", {"jsonrpc": "2.0", "id": {"a": 1}, "method": "sql", "params": {"q": "SELECT 1"}}, None),
]


@pytest.mark.parametrize("payload, reply_id", [(p, i) for _, p, i in INVALID_REQUESTS],
                         ids=[name for name, _, _ in INVALID_REQUESTS])
def test_invalid_request(server, payload, reply_id):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, json.dumps(payload))
            code, msg = error_of(await receive_reply(ws), reply_id)
            assert code == -32600, msg
            await good_query_still_works(ws)

    run(scenario())


@pytest.mark.parametrize("method", ["query", "SQL", "", "sql "])
def test_method_not_found(server, method):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, {"jsonrpc": "2.0", "id": "m1", "method": method, "params": {"q": "SELECT 1"}})
            code, msg = error_of(await receive_reply(ws), "m1")
            assert code == -32601, msg
            await good_query_still_works(ws)

    run(scenario())


INVALID_PARAMS = [
    ("q-number", {"q": 1}),
    ("q-missing", {"p": []}),
    ("q-null", {"q": None}),
    ("q-list", {"q": ["SELECT 1"]}),
    ("p-number", {"q": "SELECT 1", "p": 5}),
    ("p-string", {"q": "SELECT 1", "p": "[1]"}),
    ("p-bool", {"q": "SELECT 1", "p": True}),
    ("m-string", {"q": "SELECT 1", "m": "true"}),
    ("m-number", {"q": "SELECT 1", "m": 1}),
    ("m-true-p-object", {"q": "SELECT :a", "p": {"a": 1}, "m": True}),
    ("m-true-no-p", {"q": "SELECT 1", "m": True}),
    ("m-true-p-set-not-list", {"q": "SELECT ?", "p": [[1], 2], "m": True}),
    ("array-q-number", [1]),
    ("array-empty", []),
    ("array-m-string", ["SELECT 1", [], "yes"]),
    ("params-string", "SELECT 1"),
    ("params-missing", None),
]


@pytest.mark.parametrize("params", [p for _, p in INVALID_PARAMS], ids=[name for name, _ in INVALID_PARAMS])
def test_invalid_params(server, params):
    async def scenario():
        async with connect(server) as ws:
            request = {"jsonrpc": "2.0", "id": 12, "method": "sql"}
            if params is not None:
                request["params"] = params
            await send(ws, request)
            code, msg = error_of(await receive_reply(ws), 12)
            assert code == -32602, msg
            await good_query_still_works(ws)

    run(scenario())


@pytest.mark.parametrize(
    "sql, duckdb_message",
    [
        ("SELECT * FROM no_such_table_here", "Catalog Error: Table with name no_such_table_here does not exist!"),
        ("SELEC 1", "Parser Error: syntax error at or near \"SELEC\""),
        ("SELECT 'abc'::INTEGER", "Conversion Error: Could not convert string 'abc' to INT32"),
        ("SELECT error('my own failure')", "my own failure"),
    ],
)
def test_sql_errors_carry_duckdbs_message(server, sql, duckdb_message):
    async def scenario():
        async with connect(server) as ws:
            code, msg = error_of(await call(ws, sql, id="e"), "e")
            assert code == -32603
            assert duckdb_message in msg, msg
            await good_query_still_works(ws)

    run(scenario())


def test_execution_error_after_rows_were_produced_is_an_error_reply(start_server):
    """-32603 covers execution errors that come after rows were produced: the result is spooled whole
    before its reply begins; the connection stays open. (One DuckDB thread, so the failing row is always
    reached after the first rows were produced.)"""
    single = start_server("--threads", "1")

    async def scenario():
        async with connect(single) as ws:
            sql = ("SELECT CASE WHEN range < 150000 THEN range ELSE error('boom at the end') END AS a "
                   "FROM range(200000)")
            code, msg = error_of(await call(ws, sql, id=77), 77)
            assert code == -32603
            assert "boom at the end" in msg, msg
            await good_query_still_works(ws)

    run(scenario())


def test_execution_error_after_many_mib_of_rows_is_an_error_reply_not_a_closed_connection(start_server):
    """Far past the in-memory spool budget (the rows before the error spill to a spool file), a failing
    query still gets -32603 and the connection keeps serving; the spool file is gone afterwards."""
    single = start_server("--threads", "1", "--spool-memory-bytes", "1MiB")

    async def scenario():
        async with connect(single) as ws:
            sql = ("SELECT CASE WHEN range < 1500000 THEN range ELSE error('boom at the end') END AS a "
                   "FROM range(2000000)")
            code, msg = error_of(await call(ws, sql, id=78), 78)
            assert code == -32603
            assert "boom at the end" in msg, msg
            await good_query_still_works(ws)
            graph = graph_of(await call(ws, "SELECT 'row ' || range AS s FROM range(1500000)", id=79), 79)
            assert len(graph) == 1500000
            assert graph[0] == {"s": "row 0"} and graph[-1] == {"s": "row 1499999"}

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Ordering, sessions, transactions, cancellation, size


def test_pipelined_requests_are_answered_in_order(server):
    async def scenario():
        async with connect(server) as ws:
            expected = []
            for i in range(400):
                if i % 37 == 0:
                    await ws.send("{not json")
                    expected.append((None, "parse"))
                elif i % 23 == 0:
                    await send(ws, message("SELECT * FROM missing_pipelined", id=i))
                    expected.append((i, "error"))
                elif i % 50 == 1:
                    await send(ws, message("SELECT count(*) AS n FROM range(?)", [2_000_000 + i], id=i))
                    expected.append((i, [{"n": 2_000_000 + i}]))
                else:
                    await send(ws, message("SELECT ? AS i", [i], id=f"s{i}" if i % 2 else i), binary=i % 3 == 0)
                    expected.append((f"s{i}" if i % 2 else i, [{"i": i}]))
            for want_id, want in expected:
                reply = await receive_reply(ws)
                assert reply["id"] == want_id, (reply, want_id)
                if want == "parse":
                    assert reply["error"]["code"] == -32700
                elif want == "error":
                    assert reply["error"]["code"] == -32603
                else:
                    assert reply["result"]["@graph"] == want

    run(scenario())


def test_transaction_across_messages_is_isolated_until_commit(server):
    async def scenario():
        async with connect(server) as a, connect(server) as b:
            await rows(a, "CREATE OR REPLACE TABLE ws_tx (a INTEGER)")
            assert await rows(a, "BEGIN") == [{"result": True}]
            assert await rows(a, "INSERT INTO ws_tx VALUES (1)") == [{"result": 1}]
            assert await rows(a, "SELECT count(*) AS n FROM ws_tx") == [{"n": 1}]
            assert await rows(b, "SELECT count(*) AS n FROM ws_tx") == [{"n": 0}]
            assert await rows(a, "COMMIT") == [{"result": True}]
            assert await rows(b, "SELECT count(*) AS n FROM ws_tx") == [{"n": 1}]
            # ROLLBACK discards.
            assert await rows(a, "BEGIN") == [{"result": True}]
            assert await rows(a, "INSERT INTO ws_tx VALUES (2)") == [{"result": 1}]
            assert await rows(a, "ROLLBACK") == [{"result": True}]
            assert await rows(b, "SELECT list(a) AS l FROM ws_tx") == [{"l": [1]}]
            # Transaction errors are SQL errors and leave the connection usable.
            code, msg = error_of(await call(a, "COMMIT"))
            assert code == -32603 and "no transaction is active" in msg, msg
            assert await rows(a, "SELECT 1 AS one") == [{"one": 1}]

    run(scenario())


def test_closing_the_socket_rolls_back_an_open_transaction(server):
    async def update_once_the_row_is_free(ws, note):
        """Retries while a dead connection's transaction may still hold row a=1 (a write-write conflict)."""
        for _ in range(200):
            reply = await call(ws, "UPDATE ws_tx_close SET note = ? WHERE a = 1", [note])
            if "result" in reply:
                return graph_of(reply)
            assert "onflict" in reply["error"]["message"], reply
            await asyncio.sleep(0.05)
        raise AssertionError("row a=1 stayed locked by a closed connection's transaction")

    async def scenario():
        async with connect(server) as b:
            await rows(b, "CREATE OR REPLACE TABLE ws_tx_close (a INTEGER PRIMARY KEY, note VARCHAR)")
            await rows(b, "INSERT INTO ws_tx_close VALUES (1, 'committed')")
            for how in ("close", "abort"):
                a = await connect(server)
                assert await rows(a, "BEGIN") == [{"result": True}]
                assert await rows(a, "INSERT INTO ws_tx_close VALUES (2, ?)", [how]) == [{"result": 1}]
                assert await rows(a, "UPDATE ws_tx_close SET note = ? WHERE a = 1", [how]) == [{"result": 1}]
                if how == "abort":
                    a.transport.abort()  # no close handshake
                else:
                    await a.close()
                # Once the dead transaction is gone the row is writable again, and its changes never appear.
                assert await update_once_the_row_is_free(b, f"after {how}") == [{"result": 1}]
                assert await rows(b, "SELECT a, note FROM ws_tx_close ORDER BY a") == [
                    {"a": 1, "note": f"after {how}"}]
                # Row 2 can be inserted by someone else: the primary key is free.
                assert await rows(b, "INSERT INTO ws_tx_close VALUES (2, 'b'); DELETE FROM ws_tx_close WHERE a = 2"
                                  ) == [{"result": 1}]

    run(scenario())


def test_each_connection_is_its_own_session(server):
    async def scenario():
        async with connect(server) as a, connect(server) as b:
            assert await rows(a, "CREATE TEMP TABLE ws_private AS SELECT 'mine' AS owner") == [{"result": True}]
            assert await rows(a, "SELECT owner FROM ws_private") == [{"owner": "mine"}]
            code, msg = error_of(await call(b, "SELECT owner FROM ws_private"))
            assert code == -32603 and "ws_private" in msg, msg

    run(scenario())


def test_datetime_round_trip_does_not_depend_on_the_server_time_zone(start_server):
    """TIMESTAMP values are read as UTC ("...Z"), so a UTC xsd:dateTime written into a TIMESTAMP column must read
    back unchanged, whatever the server's local time zone."""
    kolkata = start_server(env={"TZ": "Asia/Kolkata"})

    async def scenario():
        async with connect(kolkata) as ws:
            instant = typed("xsd:dateTime", "2024-02-29T23:30:00Z")
            assert await value(ws, "TIMESTAMPTZ '2023-05-16 14:43:39+02'") == xsd("dateTime", "2023-05-16T12:43:39Z")
            assert await value(ws, "TIMESTAMP '2023-05-16 14:43:39'") == xsd("dateTime", "2023-05-16T14:43:39Z")
            assert await value(ws, "?", [instant]) == xsd("dateTime", "2024-02-29T23:30:00Z")
            await rows(ws, "CREATE TABLE tz_round_trip (plain TIMESTAMP, zoned TIMESTAMPTZ)")
            assert await rows(ws, "INSERT INTO tz_round_trip VALUES (?, ?)", [instant, instant]) == [{"result": 1}]
            assert await rows(ws, "SELECT plain, zoned FROM tz_round_trip") == [
                {"plain": xsd("dateTime", "2024-02-29T23:30:00Z"), "zoned": xsd("dateTime", "2024-02-29T23:30:00Z")}]
            assert await value(ws, "?::TIMESTAMP", [instant]) == xsd("dateTime", "2024-02-29T23:30:00Z")

    run(scenario())


def test_query_interrupted_by_closing_the_socket_leaves_the_server_healthy(server):
    async def scenario():
        for close in ("handshake", "abort"):
            ws = await connect(server)
            await send(ws, message(SLOW_QUERY))
            await asyncio.sleep(0.3)
            if close == "abort":
                ws.transport.abort()
            else:
                await ws.close()
            async with connect(server) as fresh:
                assert await rows(fresh, "SELECT 40 + 2 AS answer") == [{"answer": 42}]
                assert await rows(fresh, "SELECT count(*) AS n FROM range(1000)") == [{"n": 1000}]
        assert server.process.poll() is None

    run(scenario())


def test_large_result_arrives_as_one_complete_message(server):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, message("SELECT range::INTEGER AS a, 'row' || range AS b FROM range(200000) ORDER BY a",
                                   id="big"))
            frame = await asyncio.wait_for(ws.recv(), 60)
            assert isinstance(frame, bytes)
            reply = json.loads(frame)
            graph = graph_of(reply, "big")
            assert len(graph) == 200000
            assert graph == [{"a": i, "b": f"row{i}"} for i in range(200000)]
            await good_query_still_works(ws)

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Authentication

USER, PASSWORD = "alice", "secret"
ODD_USER, ODD_PASSWORD = "bob", "~?>s3cr~t?>ö:x"  # base64 has '+', '/' and '=' padding
TOKEN = "jsonrpc-token-T"


@pytest.fixture(scope="module")
def secured(request):
    from conftest import Server

    instance = Server("--user", f"{USER}:{PASSWORD}", "--user", f"{ODD_USER}:{ODD_PASSWORD}", "--auth-token", TOKEN)
    request.addfinalizer(instance.stop)
    return instance


async def assert_works(ws):
    assert await rows(ws, "SELECT 'authenticated' AS s") == [{"s": "authenticated"}]


def assert_refused(refused):
    assert refused.value.status_code == 401
    assert refused.value.headers["WWW-Authenticate"] == 'Basic realm="duckwire"'


def test_upgrade_without_credentials_is_401_with_basic_challenge(secured):
    async def scenario():
        with pytest.raises(websockets.InvalidStatusCode) as refused:
            async with connect(secured):
                pass
        assert_refused(refused)

    run(scenario())


def test_basic_authorization_header_works(secured):
    async def scenario():
        async with connect(secured, extra_headers={"Authorization": basic_header(USER, PASSWORD)}) as ws:
            assert ws.subprotocol is None
            await assert_works(ws)

    run(scenario())


@pytest.mark.parametrize("user, password", [(USER, PASSWORD), (ODD_USER, ODD_PASSWORD)], ids=["alice", "odd-bob"])
def test_basic_subprotocol_works_and_is_echoed(secured, user, password):
    offered = basic_subprotocol(user, password)
    assert offered.startswith("Basic%20")
    if user == ODD_USER:
        assert "%2B" in offered and "%2F" in offered and offered.endswith("%3D%3D")

    async def scenario():
        async with connect(secured, subprotocols=[offered]) as ws:
            assert ws.subprotocol == offered
            await assert_works(ws)

    run(scenario())


def test_basic_subprotocol_among_other_offers(secured):
    offered = basic_subprotocol(USER, PASSWORD)

    async def scenario():
        async with connect(secured, subprotocols=["chat", offered]) as ws:
            assert ws.subprotocol == offered
            await assert_works(ws)

    run(scenario())


def test_wrong_password_is_401(secured):
    async def scenario():
        with pytest.raises(websockets.InvalidStatusCode) as refused:
            async with connect(secured, extra_headers={"Authorization": basic_header(USER, "wrong")}):
                pass
        assert_refused(refused)
        with pytest.raises(websockets.InvalidStatusCode) as refused:
            async with connect(secured, subprotocols=[basic_subprotocol(USER, "wrong")]):
                pass
        assert_refused(refused)
        with pytest.raises(websockets.InvalidStatusCode) as refused:
            async with connect(secured, subprotocols=[basic_subprotocol("mallory", PASSWORD)]):
                pass
        assert_refused(refused)

    run(scenario())


def test_bearer_token_works(secured):
    async def scenario():
        async with connect(secured, extra_headers={"Authorization": f"Bearer {TOKEN}"}) as ws:
            await assert_works(ws)
        with pytest.raises(websockets.InvalidStatusCode) as refused:
            async with connect(secured, extra_headers={"Authorization": "Bearer not-the-token"}):
                pass
        assert refused.value.status_code == 401

    run(scenario())


def test_subprotocol_is_echoed_when_no_users_are_configured(server):
    """Endb's client offers its credentials whenever it has some; the upgrade must still succeed."""
    offered = basic_subprotocol(USER, PASSWORD)

    async def scenario():
        async with connect(server, subprotocols=[offered]) as ws:
            assert ws.subprotocol == offered
            await assert_works(ws)

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Hostile input


def test_oversized_frame_closes_with_1009(start_server):
    small = start_server("--max-message-bytes", "1KiB")

    async def scenario():
        async with connect(small) as ws:
            assert await rows(ws, "SELECT 'fits' AS s") == [{"s": "fits"}]
            await send(ws, message("SELECT '" + "x" * 2000 + "' AS s"))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await receive_reply(ws)
            assert closed.value.code == 1009
        async with connect(small) as ws:
            assert await rows(ws, "SELECT 'new connection' AS s") == [{"s": "new connection"}]

    run(scenario())


def test_random_binary_bytes_are_a_parse_error(server):
    async def scenario():
        generator = random.Random(20240607)
        async with connect(server) as ws:
            for size in (1, 17, 1000, 65536):
                await ws.send(bytes(generator.getrandbits(8) for _ in range(size)))
                reply = await receive_reply(ws)
                assert reply == {"jsonrpc": "2.0", "id": None,
                                 "error": {"code": -32700, "message": reply["error"]["message"]}}
                await good_query_still_works(ws)
            # Invalid UTF-8 inside otherwise well-formed JSON is not JSON either.
            for text in (b'{"jsonrpc":"2.0","id":1,"method":"sql","params":{"q":"SELECT \'\xff\xfe\'"}}',
                         b'{"jsonrpc":"2.0","id":2,"method":"sql","params":{"q":"SELECT ?","p":["\xc3\x28"]}}'):
                await ws.send(text)
                reply = await receive_reply(ws)
                assert reply["id"] is None and reply["error"]["code"] == -32700, reply
                await good_query_still_works(ws)

    run(scenario())


def test_many_connections_dropped_mid_query_do_not_disturb_a_healthy_client(server):
    async def healthy(stop, answers):
        async with connect(server) as ws:
            i = 0
            generator = random.Random(5)
            while not stop.is_set() or i < 5:
                n = generator.randint(1, 100000)
                reply = await call(ws, "SELECT sum(range)::BIGINT AS s, count(*) AS c FROM range(?)", [n], id=i)
                assert graph_of(reply, i) == [{"s": n * (n - 1) // 2, "c": n}]
                answers.append(n)
                i += 1

    async def dropper(k):
        ws = await connect(server)
        if k % 2 == 0:
            await send(ws, message(SLOW_QUERY, id=k))
        else:
            await send(ws, message("SELECT range AS a, 'x' || range AS b FROM range(2000000)", id=k))
        await asyncio.sleep(0.01 * (k % 5))
        if k % 3 == 0:
            ws.transport.abort()
        else:
            await ws.close()

    async def scenario():
        stop = asyncio.Event()
        answers = []
        checker = asyncio.create_task(healthy(stop, answers))
        for batch in range(10):
            await asyncio.gather(*(dropper(batch * 20 + j) for j in range(20)))
        stop.set()
        await checker
        assert len(answers) >= 5
        async with connect(server) as ws:
            assert await rows(ws, "SELECT count(*) AS n FROM range(12345)") == [{"n": 12345}]

    run(scenario())


# ---------------------------------------------------------------------------------------------------------------
# Found in review


def test_a_nul_byte_in_q_is_refused_and_nothing_runs(server):
    async def scenario():
        async with connect(server) as ws:
            await rows(ws, "CREATE OR REPLACE TABLE ws_nul (a INTEGER); INSERT INTO ws_nul VALUES (1), (2), (5)")
            code, msg = error_of(await call(ws, "DELETE FROM ws_nul\u0000 WHERE a = 5", id=9), 9)
            assert code == -32603 and "NUL" in msg, (code, msg)
            assert await rows(ws, "SELECT count(*) AS n FROM ws_nul") == [{"n": 3}]

    run(scenario())


def test_m_must_be_a_boolean_even_when_null(server):
    async def scenario():
        async with connect(server) as ws:
            await send(ws, {"jsonrpc": "2.0", "id": 3, "method": "sql", "params": {"q": "SELECT ?", "p": [1], "m": None}})
            code, msg = error_of(await receive_reply(ws), 3)
            assert code == -32602 and msg == "Invalid params: m must be a boolean", (code, msg)

    run(scenario())


def test_large_requests_queue_behind_a_slow_query_and_are_answered_in_order(start_server):
    """The backlog is bounded in bytes as well as count; large requests still get their answers."""
    small = start_server("--max-message-bytes", "2MiB")

    async def scenario():
        async with connect(small) as ws:
            await send(ws, message("SELECT count(*) AS n FROM range(300000000)", id=0))
            big = [0] * 300000  # ~600 KB per request
            for i in range(1, 9):
                await send(ws, message("SELECT ? AS i, len(?) AS n", [i, big], id=i))
            replies = [await receive_reply(ws, timeout=120) for _ in range(9)]
            assert [reply["id"] for reply in replies] == list(range(9))
            assert graph_of(replies[0], 0) == [{"n": 300000000}]
            for i in range(1, 9):
                assert graph_of(replies[i], i) == [{"i": i, "n": 300000}]

    run(scenario())


def test_mixed_sign_intervals_round_trip(server):
    async def scenario():
        async with connect(server) as ws:
            written = await rows(ws, "SELECT INTERVAL '1 month -1 day 2 hours' AS v")
            assert written == [{"v": {"@value": "P1M-1DT2H", "@type": "xsd:duration"}}]
            back = await rows(ws, "SELECT ? = INTERVAL '1 month -1 day 2 hours' AS same", [written[0]["v"]])
            assert back == [{"same": True}]

    run(scenario())
