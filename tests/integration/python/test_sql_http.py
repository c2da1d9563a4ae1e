"""The HTTP SQL API on `/sql` (shared/specs/jsonrpc-sql.md), driven with http.client."""
import base64
import datetime
import decimal
import json
import struct
import urllib.parse

import pytest

from jsonrpc_client import CONTEXT, XSD, basic_header, http_sql, multipart

FORM = "application/x-www-form-urlencoded"


def xsd(kind, text):
    return {"@value": text, "@type": f"xsd:{kind}"}


def post(server, body, content_type, query=None, headers=None):
    if isinstance(body, str):
        body = body.encode("utf-8")
    return http_sql(server, "POST", query=query, body=body, headers={"Content-Type": content_type, **(headers or {})})


def post_json(server, payload, query=None, headers=None, content_type="application/json"):
    return post(server, json.dumps(payload), content_type, query, headers)


def post_sql(server, sql, query=None, headers=None):
    return post(server, sql, "application/sql", query, headers)


def get(server, q=None, p=None, m=None, headers=None, extra=None):
    query = {}
    if q is not None:
        query["q"] = q
    if p is not None:
        query["p"] = p if isinstance(p, str) else json.dumps(p)
    if m is not None:
        query["m"] = m if isinstance(m, str) else json.dumps(m)
    query.update(extra or {})
    return http_sql(server, "GET", query=query, headers=headers)


def ok_json(reply, status=200):
    assert reply.status == status, (reply.status, reply.body[:500])
    assert reply.content_type == "application/json"
    return reply.json()


def plain_error(reply, status):
    assert reply.status == status, (reply.status, reply.body[:500])
    assert reply.content_type.startswith("text/plain"), reply.content_type
    return reply.text


# ---------------------------------------------------------------------------------------------------------------
# GET


def test_get_with_q_only(server):
    assert ok_json(get(server, "SELECT 1 AS a, 'x' AS b, NULL AS c, true AS d, 1.5::DOUBLE AS e")) == [
        [1, "x", None, True, 1.5]]


def test_get_with_positional_and_named_parameters(server):
    assert ok_json(get(server, "SELECT ? AS a, ? + 1 AS b", [1, 41])) == [[1, 42]]
    assert ok_json(get(server, "SELECT $2 AS a, $1 AS b", ["x", "y"])) == [["y", "x"]]
    assert ok_json(get(server, "SELECT :name AS a, :n * 2 AS b", {"name": "nm", "n": 21})) == [["nm", 42]]
    reply = get(server, "SELECT ? AS d, ? AS i", [{"@type": "xsd:date", "@value": "2020-01-02"},
                                                  {"@type": XSD + "integer", "@value": "123456789012345678901"}],
                headers={"Accept": "application/ld+json"})
    assert reply.status == 200
    assert reply.json()["@graph"] == [{"d": xsd("date", "2020-01-02"), "i": xsd("integer", "123456789012345678901")}]


def test_get_with_m_false(server):
    assert ok_json(get(server, "SELECT ? AS a", [3], False)) == [[3]]


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TABLE get_must_not_create (a INTEGER)",
        "INSERT INTO get_target VALUES (1)",
        "UPDATE get_target SET a = 2",
        "DELETE FROM get_target",
        "DROP TABLE get_target",
        "BEGIN",
        "WITH x AS (SELECT 1 AS a) INSERT INTO get_target SELECT a FROM x",
        "INSERT INTO get_target VALUES (1) RETURNING a",
    ],
)
def test_get_refuses_writes_with_400(server, sql):
    assert post_sql(server, "CREATE OR REPLACE TABLE get_target (a INTEGER); INSERT INTO get_target VALUES (7)"
                    ).status == 201
    assert plain_error(get(server, sql), 400).strip(), "the refusal says why"
    assert ok_json(get(server, "SELECT list(a) FROM get_target")) == [[[7]]]
    assert ok_json(get(server, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'get_must_not_create'")
                   ) == [[0]]


def test_get_refuses_explain_analyze_of_a_write(server):
    """EXPLAIN ANALYZE runs its statement: a GET must not be able to write through it."""
    assert post_sql(server, "CREATE OR REPLACE TABLE get_explain (a INTEGER)").status == 201
    reply = get(server, "EXPLAIN ANALYZE INSERT INTO get_explain VALUES (999)")
    plain_error(reply, 400)
    assert ok_json(get(server, "SELECT count(*) FROM get_explain")) == [[0]]


def test_get_with_several_read_statements_gives_the_last_result(server):
    assert ok_json(get(server, "SELECT 1 AS a; SELECT 2 AS b")) == [[2]]


# ---------------------------------------------------------------------------------------------------------------
# POST bodies


def test_post_application_json(server):
    assert ok_json(post_json(server, {"q": "SELECT ? AS a, ? AS b", "p": [1, "x"]})) == [[1, "x"]]
    assert ok_json(post_json(server, {"q": "SELECT :x AS a", "p": {"x": 5}, "m": False})) == [[5]]
    assert ok_json(post_json(server, {"q": "SELECT 1 AS a"}, content_type="application/json; charset=utf-8")
                   ) == [[1]]


def test_post_application_ld_json(server):
    reply = post_json(server, {"q": "SELECT ? AS d", "p": [{"@type": "xsd:date", "@value": "2021-03-04"}]},
                      content_type="application/ld+json", headers={"Accept": "application/ld+json"})
    assert reply.status == 200
    assert reply.content_type == "application/ld+json"
    assert reply.json() == {"@context": CONTEXT, "@graph": [{"d": xsd("date", "2021-03-04")}]}


def test_post_application_sql(server):
    assert ok_json(post_sql(server, "SELECT 'body is the query' AS s")) == [["body is the query"]]
    # A multi-line body with quotes and semicolons is taken verbatim.
    assert ok_json(post_sql(server, "SELECT 'a;b' AS s,\n  'it''s' AS t;\n")) == [["a;b", "it's"]]


def test_post_form_urlencoded(server):
    body = urllib.parse.urlencode({"q": "SELECT ? AS a, ? AS b", "p": json.dumps([1, "x y+z&"]), "m": "false"})
    assert ok_json(post(server, body, FORM)) == [[1, "x y+z&"]]
    # '+' is a space in a form body.
    assert ok_json(post(server, "q=SELECT+1+AS+a", FORM)) == [[1]]


def test_post_form_urlencoded_bulk(server):
    assert post_sql(server, "CREATE OR REPLACE TABLE http_form_bulk (a INTEGER, b VARCHAR)").status == 201
    body = urllib.parse.urlencode({"q": "INSERT INTO http_form_bulk VALUES (?, ?)",
                                   "p": json.dumps([[i, f"v{i}"] for i in range(50)]), "m": "true"})
    assert ok_json(post(server, body, FORM), 201) == [[50]]
    assert ok_json(get(server, "SELECT count(*), sum(a) FROM http_form_bulk")) == [[50, 1225]]


def test_post_multipart_form_data(server):
    body, content_type = multipart({"q": "SELECT ? AS a, ? AS b", "p": json.dumps([7, "multi\r\npart ü"]),
                                    "m": "false"})
    assert ok_json(post(server, body, content_type)) == [[7, "multi\r\npart ü"]]


def test_post_multipart_form_data_bulk(server):
    assert post_sql(server, "CREATE OR REPLACE TABLE http_multipart_bulk (a INTEGER)").status == 201
    body, content_type = multipart({"q": "INSERT INTO http_multipart_bulk VALUES (:a)",
                                    "p": json.dumps([{"a": 1}, {"a": 2}, {"a": 3}]), "m": "true"},
                                   boundary="XyZ-123")
    assert ok_json(post(server, body, content_type), 201) == [[3]]
    assert ok_json(get(server, "SELECT list(a ORDER BY a) FROM http_multipart_bulk")) == [[[1, 2, 3]]]


def test_query_string_parameters_are_merged_into_a_post(server):
    assert ok_json(post_sql(server, "SELECT ? AS a", query={"p": "[5]"})) == [[5]]
    assert ok_json(post_json(server, {"q": "SELECT ? + 1 AS a"}, query={"p": "[41]"})) == [[42]]
    assert ok_json(post_json(server, {"p": [2]}, query={"q": "SELECT ? * 3 AS a"})) == [[6]]
    body, content_type = multipart({"q": "SELECT ? AS a"})
    assert ok_json(post(server, body, content_type, query={"p": '["from the query string"]'})) == [
        ["from the query string"]]
    body = urllib.parse.urlencode({"p": "[9]"})
    assert ok_json(post(server, body, FORM, query={"q": "SELECT ? AS a"})) == [[9]]
    # An empty POST takes everything from the query string.
    assert ok_json(http_sql(server, "POST", query={"q": "SELECT 'only query string' AS a"})) == [
        ["only query string"]]


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "image/png", "application/octet-stream"])
def test_unknown_content_type_is_415(server, content_type):
    plain_error(post(server, "SELECT 1", content_type), 415)


@pytest.mark.parametrize(
    "method, body, content_type, query",
    [
        ("GET", None, None, {}),
        ("GET", None, None, {"p": "[1]"}),
        ("POST", json.dumps({"p": []}), "application/json", None),
        ("POST", urllib.parse.urlencode({"p": "[]"}), FORM, None),
        ("POST", None, "multipart", None),
        ("POST", "{\"q\": ", "application/json", None),
        ("POST", "[1, 2]", "application/json", None),
        ("POST", json.dumps({"q": 5}), "application/json", None),
        ("GET", None, None, {"q": "SELECT ?", "p": "[1"}),
        ("GET", None, None, {"q": "SELECT 1", "m": "maybe"}),
        ("POST", urllib.parse.urlencode({"q": "SELECT ?", "p": "not json"}), FORM, None),
        ("POST", json.dumps({"q": "SELECT 1", "m": "yes"}), "application/json", None),
        ("POST", json.dumps({"q": "SELECT 1", "p": 5}), "application/json", None),
        ("POST", json.dumps({"q": "SELECT :a", "p": {"a": 1}, "m": True}), "application/json", None),
        ("POST", json.dumps({"q": "SELECT ?", "p": [{"@type": "xsd:date", "@value": "2001-02-30"}]}),
         "application/json", None),
    ],
    ids=["get-no-q", "get-p-no-q", "json-no-q", "form-no-q", "multipart-no-q", "json-truncated", "json-not-object",
         "json-q-number", "p-bad-json", "m-bad-json", "form-p-bad-json", "m-not-bool", "p-not-list", "bulk-p-object",
         "malformed-typed"],
)
def test_missing_q_or_bad_json_is_422(server, method, body, content_type, query):
    headers = {}
    if content_type == "multipart":
        body, content_type = multipart({"p": "[]"})
    if content_type:
        headers["Content-Type"] = content_type
    reply = http_sql(server, method, query=query, body=body.encode() if isinstance(body, str) else body,
                     headers=headers)
    plain_error(reply, 422)


@pytest.mark.parametrize(
    "sql, duckdb_message",
    [
        ("SELECT * FROM no_such_http_table", "Catalog Error: Table with name no_such_http_table does not exist!"),
        ("SELEC 1", "Parser Error: syntax error at or near \"SELEC\""),
        ("SELECT 'abc'::INTEGER", "Conversion Error: Could not convert string 'abc' to INT32"),
        ("SELECT error('explicit http failure')", "explicit http failure"),
    ],
)
def test_sql_error_is_400_with_duckdbs_message(server, sql, duckdb_message):
    assert duckdb_message in plain_error(get(server, sql), 400)
    assert duckdb_message in plain_error(post_sql(server, sql), 400)


# ---------------------------------------------------------------------------------------------------------------
# Response formats

TABLE_SQL = ("SELECT * FROM (VALUES (1, 'plain', 1.5::DOUBLE, true), (2, NULL, -2.0::DOUBLE, false)) "
             "t(i, s, d, b) ORDER BY i")


@pytest.mark.parametrize("accept", [None, "application/json", "*/*", "application/*", "application/json;q=0.9"])
def test_accept_application_json_is_rows_of_arrays(server, accept):
    reply = get(server, TABLE_SQL, headers={"Accept": accept} if accept else {})
    assert ok_json(reply) == [[1, "plain", 1.5, True], [2, None, -2.0, False]]


def test_accept_ld_json(server):
    reply = get(server, "SELECT i, s, d FROM (" + TABLE_SQL + ")", headers={"Accept": "application/ld+json"})
    assert reply.status == 200
    assert reply.content_type == "application/ld+json"
    assert reply.json() == {"@context": CONTEXT,
                            "@graph": [{"i": 1, "s": "plain", "d": 1.5}, {"i": 2, "s": None, "d": -2.0}]}


def test_ld_json_uses_the_websocket_value_encoding(server):
    sql = ("SELECT 9007199254740993::BIGINT AS big, 9007199254740991::BIGINT AS safe, 12.50::DECIMAL(5,2) AS dec, "
           "DATE '2001-01-01' AS d, TIME '14:43:39.970062' AS t, "
           "TIMESTAMPTZ '2023-05-16 14:43:39.970062+02' AS ts, INTERVAL '12 hours 30 minutes 5 seconds' AS i, "
           "'\\xAA\\xBB'::BLOB AS bl, [1, 2] AS l, {'x': 1} AS st, MAP {1: 'a'} AS m, 'nan'::DOUBLE AS nan")
    reply = get(server, sql, headers={"Accept": "application/ld+json"})
    assert reply.status == 200
    assert reply.json()["@graph"] == [{
        "big": xsd("integer", "9007199254740993"),
        "safe": 9007199254740991,
        "dec": xsd("decimal", "12.50"),
        "d": xsd("date", "2001-01-01"),
        "t": xsd("time", "14:43:39.970062"),
        "ts": xsd("dateTime", "2023-05-16T12:43:39.970062Z"),
        "i": xsd("duration", "PT12H30M5S"),
        "bl": xsd("base64Binary", "qrs="),
        "l": [1, 2],
        "st": {"x": 1},
        "m": [{"key": 1, "value": "a"}],
        "nan": xsd("double", "NaN"),
    }]


def test_accept_ndjson(server):
    reply = get(server, TABLE_SQL, headers={"Accept": "application/x-ndjson"})
    assert reply.status == 200
    assert reply.content_type == "application/x-ndjson"
    lines = reply.text.split("\n")
    assert lines[-1] == "", "every row ends with a newline"
    assert [json.loads(line) for line in lines[:-1]] == [
        {"i": 1, "s": "plain", "d": 1.5, "b": True}, {"i": 2, "s": None, "d": -2.0, "b": False}]


def test_accept_csv_with_rfc4180_quoting(server):
    sql = ("SELECT * FROM (VALUES (1, 'plain', 'x,y', 'say \"hi\"', 'line1\nline2'), "
           "(2, '', NULL, 'cr\r', 'end')) t(i, \"a,b\", c, \"q\"\"uote\", n) ORDER BY i")
    reply = get(server, sql, headers={"Accept": "text/csv"})
    assert reply.status == 200
    assert reply.content_type.startswith("text/csv")
    assert reply.body == (
        b'i,"a,b",c,"q""uote",n\r\n'
        b'1,plain,"x,y","say ""hi""","line1\nline2"\r\n'
        b'2,"",,"cr\r",end\r\n'
    )


def test_accept_arrow_stream(server):
    reply = get(server, "SELECT range AS x, 'v' || range AS s FROM range(10000)",
                headers={"Accept": "application/vnd.apache.arrow.stream"})
    assert reply.status == 200
    assert reply.content_type == "application/vnd.apache.arrow.stream"
    body = reply.body
    assert body[:4] == b"\xff\xff\xff\xff", "an IPC stream starts with the continuation marker"
    (metadata_length,) = struct.unpack("<i", body[4:8])
    assert 0 < metadata_length < len(body)
    assert body[-8:] == b"\xff\xff\xff\xff\x00\x00\x00\x00", "and ends with the end-of-stream marker"
    assert b"x" in body[8:8 + metadata_length] and b"s" in body[8:8 + metadata_length]
    assert len(body) > 10000 * 8


def test_accept_arrow_file(server):
    reply = get(server, "SELECT range AS x FROM range(1000)", headers={"Accept": "application/vnd.apache.arrow.file"})
    assert reply.status == 200
    assert reply.content_type == "application/vnd.apache.arrow.file"
    body = reply.body
    assert body[:8] == b"ARROW1\x00\x00", "an IPC file starts with ARROW1 and padding"
    assert body[-6:] == b"ARROW1", "and ends with ARROW1"
    (footer_length,) = struct.unpack("<i", body[-10:-6])
    assert 0 < footer_length < len(body)
    assert body[8:12] == b"\xff\xff\xff\xff", "the embedded stream starts after the magic"


@pytest.mark.parametrize(
    "accept, chosen",
    [
        ("text/csv;q=0.5, application/x-ndjson", "application/x-ndjson"),
        ("text/csv, application/x-ndjson;q=0.5", "text/csv"),
        ("application/*;q=0.2, text/csv;q=0.9", "text/csv"),
        ("application/json;q=0, */*;q=0.1", "application/ld+json"),
        ("image/png, */*;q=0.1", "application/json"),
        ("application/x-ndjson;q=0.9, application/ld+json", "application/ld+json"),
        ("text/*", "text/csv"),
        ("TEXT/CSV", "text/csv"),
        ("application/vnd.apache.arrow.file;q=1, application/json;q=0.99", "application/vnd.apache.arrow.file"),
    ],
)
def test_accept_q_values_are_honoured(server, accept, chosen):
    reply = get(server, "SELECT 1 AS a", headers={"Accept": accept})
    assert reply.status == 200
    assert reply.content_type.split(";")[0] == chosen


@pytest.mark.parametrize("accept", ["text/html", "image/png, application/xml", "text/csv;q=0", "*/*;q=0"])
def test_nothing_acceptable_is_406(server, accept):
    plain_error(get(server, "SELECT 1", headers={"Accept": accept}), 406)
    plain_error(post_sql(server, "SELECT 1", headers={"Accept": accept}), 406)


# ---------------------------------------------------------------------------------------------------------------
# Status codes and methods


def test_200_for_reads_and_201_when_a_post_changed_data(server):
    assert ok_json(post_sql(server, "SELECT 1 AS a")) == [[1]]
    assert ok_json(post_sql(server, "CREATE OR REPLACE TABLE http_status (a INTEGER)"), 201) == [[True]]
    assert ok_json(post_sql(server, "INSERT INTO http_status VALUES (1), (2), (3)"), 201) == [[3]]
    assert ok_json(post_sql(server, "UPDATE http_status SET a = a * 10 WHERE a > 1"), 201) == [[2]]
    assert ok_json(post_sql(server, "DELETE FROM http_status WHERE a = 1"), 201) == [[1]]
    assert ok_json(post_json(server, {"q": "INSERT INTO http_status VALUES (?)", "p": [[4], [5]], "m": True}),
                   201) == [[2]]
    assert ok_json(post_sql(server, "INSERT INTO http_status VALUES (6) RETURNING a * 2"), 201) == [[12]]
    assert ok_json(post_sql(server, "SELECT list(a ORDER BY a) FROM http_status")) == [[[4, 5, 6, 20, 30]]]
    reply = post_sql(server, "INSERT INTO http_status VALUES (7)", headers={"Accept": "application/ld+json"})
    assert reply.status == 201
    assert reply.json() == {"@context": CONTEXT, "@graph": [{"result": 1}]}


def test_201_when_a_post_changed_data_before_a_final_select(server):
    assert post_sql(server, "CREATE OR REPLACE TABLE http_status_multi (a INTEGER)").status == 201
    reply = post_sql(server, "INSERT INTO http_status_multi VALUES (1), (2); "
                             "SELECT count(*) AS n FROM http_status_multi")
    assert ok_json(reply, 201) == [[2]]


def test_201_when_a_post_changed_data_in_an_explicit_transaction(server):
    assert post_sql(server, "CREATE OR REPLACE TABLE http_status_tx (a INTEGER)").status == 201
    reply = post_sql(server, "BEGIN; INSERT INTO http_status_tx VALUES (1); COMMIT")
    assert ok_json(reply, 201) == [[True]]
    assert ok_json(get(server, "SELECT count(*) FROM http_status_tx")) == [[1]]


def test_201_when_a_post_merge_changed_data(server):
    assert post_sql(server, "CREATE OR REPLACE TABLE http_merge (a INTEGER PRIMARY KEY, b INTEGER); "
                            "INSERT INTO http_merge VALUES (1, 1), (2, 2)").status == 201
    reply = post_sql(server, "MERGE INTO http_merge USING (SELECT 1 AS a, 10 AS b UNION ALL SELECT 3, 30) s "
                             "ON http_merge.a = s.a WHEN MATCHED THEN UPDATE SET b = s.b "
                             "WHEN NOT MATCHED THEN INSERT VALUES (s.a, s.b)")
    assert ok_json(reply, 201) == [[2]]
    assert ok_json(get(server, "SELECT list(b ORDER BY a) FROM http_merge")) == [[[10, 2, 30]]]


def test_options_is_204_with_allow(server):
    reply = http_sql(server, "OPTIONS")
    assert reply.status == 204
    assert reply.header("Allow") == "OPTIONS, GET, POST"
    assert reply.body == b""


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(server, method):
    reply = http_sql(server, method, body=b"SELECT 1", headers={"Content-Type": "application/sql"})
    assert reply.status == 405


def test_large_result_streams_chunked_and_every_row_arrives(server):
    reply = get(server, "SELECT range AS a FROM range(1000000) ORDER BY a")
    assert reply.status == 200
    assert reply.header("Transfer-Encoding") == "chunked"
    assert reply.header("Content-Length") is None
    rows = reply.json()
    assert len(rows) == 1000000
    assert rows == [[i] for i in range(1000000)]


@pytest.mark.parametrize("accept", ["application/json", "application/ld+json", "text/csv",
                                    "application/vnd.apache.arrow.stream"])
def test_a_result_of_up_to_64_kib_is_answered_whole_with_a_content_length(server, accept):
    """Small results go out in one write with a Content-Length; the next size up streams chunked."""
    small = get(server, "SELECT range AS a FROM range(5000)", headers={"Accept": accept})
    assert small.status == 200
    assert small.header("Transfer-Encoding") is None
    assert small.header("Content-Length") == str(len(small.body))
    assert 0 < len(small.body) <= 64 * 1024
    larger = get(server, "SELECT range AS a FROM range(50000)", headers={"Accept": accept})
    assert larger.status == 200
    assert larger.header("Transfer-Encoding") == "chunked"
    assert larger.header("Content-Length") is None
    if accept == "application/json":
        assert small.json() == [[i] for i in range(5000)]
        assert larger.json() == [[i] for i in range(50000)]
    if accept == "application/ld+json":
        assert small.json()["@graph"][-1] == {"a": 4999}
        assert larger.json()["@graph"][-1] == {"a": 49999}


def test_large_csv_result_streams_chunked_and_every_row_arrives(server):
    reply = get(server, "SELECT range AS a, range * 2 AS b FROM range(1000000) ORDER BY a",
                headers={"Accept": "text/csv"})
    assert reply.status == 200
    assert reply.header("Transfer-Encoding") == "chunked"
    lines = reply.body.split(b"\r\n")
    assert lines[0] == b"a,b"
    assert lines[-1] == b""
    assert lines[1:-1] == [b"%d,%d" % (i, 2 * i) for i in range(1000000)]


def test_an_endless_result_streams_and_dropping_it_leaves_the_server_healthy(server):
    """Ten billion rows can only be answered by streaming: the first rows arrive, then the client hangs up."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request("GET", "/sql?" + urllib.parse.urlencode({"q": "SELECT range AS a FROM range(10000000000)"}),
                           headers={"Accept": "application/x-ndjson"})
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("Transfer-Encoding") == "chunked"
        first = b""
        while first.count(b"\n") < 10000:
            piece = response.read1(65536)
            assert piece, "the stream ended early"
            first += piece
        assert first.split(b"\n")[:10000] == [b'{"a":%d}' % i for i in range(10000)]
    finally:
        connection.close()
    assert ok_json(get(server, "SELECT count(*) FROM range(1000)")) == [[1000]]
    assert server.process.poll() is None


# ---------------------------------------------------------------------------------------------------------------
# Sessions: every HTTP request stands alone


def test_a_transaction_left_open_by_a_post_does_not_leak_into_later_requests(start_server):
    own = start_server()
    assert post_sql(own, "CREATE TABLE leak (a INTEGER)").status == 201
    post_sql(own, "BEGIN; INSERT INTO leak VALUES (555)")  # the request ends with the transaction still open
    for _ in range(4):
        assert ok_json(get(own, "SELECT count(*) FROM leak")) == [[0]]
    # A later COMMIT from another request has nothing to commit.
    plain_error(post_sql(own, "COMMIT"), 400)
    assert ok_json(get(own, "SELECT count(*) FROM leak")) == [[0]]


def test_a_failed_transaction_in_a_post_does_not_break_later_requests(start_server):
    own = start_server()
    plain_error(post_sql(own, "BEGIN; BEGIN"), 400)
    for _ in range(4):
        assert ok_json(get(own, "SELECT 42")) == [[42]]
        assert ok_json(post_sql(own, "SELECT 43")) == [[43]]


# ---------------------------------------------------------------------------------------------------------------
# Authentication


@pytest.fixture(scope="module")
def secured(request):
    from conftest import Server

    instance = Server("--user", "alice:secret", "--auth-token", "http-token", "--max-message-bytes", "4KiB")
    request.addfinalizer(instance.stop)
    return instance


def test_missing_credentials_are_401_with_basic_challenge(secured):
    for reply in (get(secured, "SELECT 1"), post_sql(secured, "SELECT 1")):
        assert reply.status == 401
        assert reply.header("WWW-Authenticate") == 'Basic realm="duckwire"'


def test_basic_credentials_work(secured):
    auth = {"Authorization": basic_header("alice", "secret")}
    assert ok_json(get(secured, "SELECT 'get' AS a", headers=auth)) == [["get"]]
    assert ok_json(post_sql(secured, "SELECT 'post' AS a", headers=auth)) == [["post"]]
    body, content_type = multipart({"q": "SELECT ? AS a", "p": '["form"]'})
    assert ok_json(post(secured, body, content_type, headers=auth)) == [["form"]]


def test_wrong_basic_credentials_are_401(secured):
    for header in (basic_header("alice", "wrong"), basic_header("mallory", "secret"),
                   "Basic " + base64.b64encode(b"no-colon").decode(), "Basic !!!"):
        reply = get(secured, "SELECT 1", headers={"Authorization": header})
        assert reply.status == 401
        assert reply.header("WWW-Authenticate") == 'Basic realm="duckwire"'


def test_bearer_token_works(secured):
    assert ok_json(get(secured, "SELECT 'token' AS a", headers={"Authorization": "Bearer http-token"})) == [["token"]]
    assert get(secured, "SELECT 1", headers={"Authorization": "Bearer nope"}).status == 401


def test_body_over_the_message_limit_is_413(secured):
    auth = {"Authorization": basic_header("alice", "secret")}
    reply = post_sql(secured, "SELECT '" + "x" * 8000 + "' AS s", headers=auth)
    assert reply.status == 413
    assert ok_json(post_sql(secured, "SELECT 'small' AS s", headers=auth)) == [["small"]]


def test_endb_python_client_style_request(secured):
    """A form-urlencoded POST as Endb's Python client sends it: p and m JSON-encoded, typed values from Python's
    isoformat() (which writes "+00:00", not "Z"), the JSON-LD reply decoded with an object hook."""

    def to_json_ld(value):
        if isinstance(value, datetime.datetime):
            return {"@type": "xsd:dateTime", "@value": value.isoformat()}
        if isinstance(value, datetime.date):
            return {"@type": "xsd:date", "@value": value.isoformat()}
        if isinstance(value, datetime.time):
            return {"@type": "xsd:time", "@value": value.isoformat()}
        if isinstance(value, bytes):
            return {"@type": "xsd:base64Binary", "@value": base64.b64encode(value).decode()}
        if isinstance(value, decimal.Decimal):
            return {"@type": "xsd:decimal", "@value": str(value)}
        raise TypeError(value)

    def from_json_ld(obj):
        converters = {
            "xsd:dateTime": lambda v: datetime.datetime.fromisoformat(v),
            "xsd:date": datetime.date.fromisoformat,
            "xsd:time": datetime.time.fromisoformat,
            "xsd:base64Binary": base64.b64decode,
            "xsd:decimal": decimal.Decimal,
            "xsd:integer": int,
        }
        if set(obj) == {"@value", "@type"} and obj["@type"] in converters:
            return converters[obj["@type"]](obj["@value"])
        return obj

    when = datetime.datetime(2023, 5, 16, 14, 43, 39, 970000, tzinfo=datetime.timezone.utc)
    parameters = [when, datetime.date(2024, 2, 29), datetime.time(14, 43, 39, 970062), b"\x00\xffbytes",
                  decimal.Decimal("12.50"), 2**80]
    body = urllib.parse.urlencode({
        "q": "SELECT ? AS ts, ? AS d, ? AS t, ? AS b, ? AS dec, ? AS big",
        "p": json.dumps(parameters[:5] + [{"@type": "xsd:integer", "@value": str(2**80)}], default=to_json_ld),
        "m": json.dumps(False),
    })
    reply = post(secured, body, FORM, headers={"Accept": "application/ld+json",
                                                "Authorization": basic_header("alice", "secret")})
    assert reply.status == 200, reply.body
    document = json.loads(reply.body, object_hook=from_json_ld)
    assert document["@graph"] == [{"ts": when, "d": parameters[1], "t": parameters[2], "b": parameters[3],
                                   "dec": parameters[4], "big": parameters[5]}]


# ---------------------------------------------------------------------------------------------------------------
# Found in review: inputs that must not run something other than what was asked


def test_a_nul_byte_in_the_sql_is_refused_and_nothing_runs(server):
    assert post_sql(server, "CREATE OR REPLACE TABLE http_nul (a INTEGER); "
                            "INSERT INTO http_nul VALUES (1), (2)").status == 201
    message = plain_error(post_sql(server, "DELETE FROM http_nul\0 WHERE a = 1"), 400)
    assert "NUL" in message, message
    assert ok_json(get(server, "SELECT count(*) FROM http_nul")) == [[2]]


def test_get_refuses_bulk(server):
    message = plain_error(get(server, "SELECT ? AS a", [[1], [2]], True), 422)
    assert "POST" in message, message


def test_a_conflict_retry_never_repeats_statements_that_already_ran(server):
    """A stateless request is retried once on a write-write conflict, but only when nothing of it had
    changed data: here its INSERT committed before its UPDATE conflicted, so it must not run twice."""
    import asyncio

    import websockets

    async def scenario():
        url = server.url.replace("http", "ws", 1) + "/sql"
        async with websockets.connect(url) as holder:
            async def ask(q, id):
                await holder.send(json.dumps({"jsonrpc": "2.0", "id": id, "method": "sql", "params": {"q": q}}))
                return json.loads(await asyncio.wait_for(holder.recv(), 30))

            assert "result" in await ask("CREATE OR REPLACE TABLE http_conflict (id INTEGER PRIMARY KEY, v INTEGER); "
                                         "INSERT INTO http_conflict VALUES (1, 1); "
                                         "CREATE OR REPLACE TABLE http_conflict_log (a INTEGER)", 1)
            assert "result" in await ask("BEGIN", 2)
            assert "result" in await ask("UPDATE http_conflict SET v = 2 WHERE id = 1", 3)
            loop = asyncio.get_running_loop()
            reply = await loop.run_in_executor(None, lambda: post_sql(
                server, "INSERT INTO http_conflict_log VALUES (1); UPDATE http_conflict SET v = 3 WHERE id = 1"))
            assert reply.status == 400, (reply.status, reply.body)
            assert "Conflict" in reply.text, reply.text
            assert "result" in await ask("ROLLBACK", 4)

    asyncio.run(scenario())
    assert ok_json(get(server, "SELECT count(*) FROM http_conflict_log")) == [[1]]
    assert ok_json(get(server, "SELECT v FROM http_conflict")) == [[1]]


def test_a_client_that_leaves_before_the_answer_stops_its_query(server):
    from http_disconnect import cancelled_queries, send_and_leave, wait_for_cancelled

    before = cancelled_queries(server, "jsonrpc")
    target = "/sql?" + urllib.parse.urlencode({"q": "SELECT count(*) FROM range(30000000000)"})
    send_and_leave(server, f"GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    assert wait_for_cancelled(server, "jsonrpc", before + 1)
    assert ok_json(get(server, "SELECT 41 + 1")) == [[42]]
