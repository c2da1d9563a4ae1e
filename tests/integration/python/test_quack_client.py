"""`duckwire query`, the Quack client, against a real duckwire server: what users see in each format, every
type as DuckDB writes it, statements, errors and exit codes, CSV loads through APPEND, large results,
tokens and TLS."""
import csv
import io
import json
import os
import subprocess

import pytest

from conftest import BINARY
from pg_targets import make_certificate

TOKEN = "s3cret"


def duckwire_query(*args, stdin="", env=None):
    """Runs `duckwire query ARGS...`: (exit code, stdout, stderr), line ends as they were written."""
    completed = subprocess.run([BINARY, "query", *args], input=stdin.encode(), capture_output=True, timeout=120,
                               env={**os.environ, **(env or {})})
    return completed.returncode, completed.stdout.decode(), completed.stderr.decode()


@pytest.fixture(scope="module")
def target():
    from conftest import Server, free_port

    port = free_port()
    server = Server("--quack-port", str(port), "--auth-token", TOKEN)
    yield f"quack:127.0.0.1:{port}"
    server.stop()


def query(target, sql, *options):
    code, out, err = duckwire_query("--token", TOKEN, *options, target, sql)
    assert code == 0, err
    assert err == ""
    return out


def csv_rows(target, sql):
    return list(csv.reader(io.StringIO(query(target, sql, "--format", "csv"), newline="")))


def test_a_table_as_duckdbs_cli_draws_it(target):
    assert query(target, "SELECT 42 AS answer, 'hello' AS greeting, NULL::DOUBLE AS nothing") == (
        "┌────────┬──────────┬─────────┐\n"
        "│ answer │ greeting │ nothing │\n"
        "│ int32  │ varchar  │ double  │\n"
        "├────────┼──────────┼─────────┤\n"
        "│     42 │ hello    │    NULL │\n"
        "└────────┴──────────┴─────────┘\n")


def test_a_long_result_shows_its_first_and_last_rows(target):
    lines = query(target, "SELECT range AS n FROM range(1000000)").splitlines()
    assert lines[4].strip("│ ") == "0"
    assert lines[23].strip("│ ") == "19"
    assert [line.strip("│ ") for line in lines[24:27]] == ["·"] * 3
    assert lines[-5].strip("│ ") == "999999"
    assert lines[-3:] == ["│ 1000000 rows │", "│  (40 shown)  │", "└──────────────┘"]


# (expression, the text DuckDB's CLI shows for it)
VALUES = [
    ("true", "true"),
    ("(-128)::TINYINT", "-128"),
    ("65535::USMALLINT", "65535"),
    ("(-9223372036854775808)::BIGINT", "-9223372036854775808"),
    ("18446744073709551615::UBIGINT", "18446744073709551615"),
    ("(-170141183460469231731687303715884105728)::HUGEINT", "-170141183460469231731687303715884105728"),
    ("340282366920938463463374607431768211455::UHUGEINT", "340282366920938463463374607431768211455"),
    ("'123456789012345678901234567890123'::BIGNUM", "123456789012345678901234567890123"),
    ("1.5::FLOAT", "1.5"),
    ("100::DOUBLE", "100.0"),
    ("1e20::DOUBLE", "1e+20"),
    ("'nan'::DOUBLE", "nan"),
    ("'-inf'::DOUBLE", "-inf"),
    ("12.50::DECIMAL(4,2)", "12.50"),
    ("0.001::DECIMAL(3,3)", ".001"),
    ("12345678901234567890.1234567890::DECIMAL(38,10)", "12345678901234567890.1234567890"),
    ("'héllo'", "héllo"),
    ("'x'::CHAR", "x"),
    ("'\\x00\\xFFab'::BLOB", "\\x00\\xFFab"),
    ("'10110'::BIT", "10110"),
    ("'47183823-2574-4bfd-b411-99ed177d3e43'::UUID", "47183823-2574-4bfd-b411-99ed177d3e43"),
    ("DATE '2024-02-29'", "2024-02-29"),
    ("DATE '0044-03-15 (BC)'", "0044-03-15 (BC)"),
    ("'infinity'::DATE", "infinity"),
    ("TIME '12:30:00.5'", "12:30:00.5"),
    ("'12:00:00.123456789'::TIME_NS", "12:00:00.123456789"),
    ("'14:30:00+05:30'::TIMETZ", "14:30:00+05:30"),
    ("'2023-05-16 14:43:39'::TIMESTAMP_S", "2023-05-16 14:43:39"),
    ("'2023-05-16 14:43:39.123'::TIMESTAMP_MS", "2023-05-16 14:43:39.123"),
    ("TIMESTAMP '2023-05-16 14:43:39.970062'", "2023-05-16 14:43:39.970062"),
    ("'2023-05-16 14:43:39.123456789'::TIMESTAMP_NS", "2023-05-16 14:43:39.123456789"),
    ("TIMESTAMPTZ '2023-05-16 14:43:39+02'", "2023-05-16 12:43:39+00"),
    ("INTERVAL '1 year 2 months 3 days 04:05:06'", "1 year 2 months 3 days 04:05:06"),
    ("'sad'::ENUM('sad', 'ok')", "sad"),
    ("[1, 2, NULL]", "[1, 2, NULL]"),
    ("['a', 'b c', 'a,b', '', NULL]", "[a, b c, 'a,b', '', NULL]"),
    ("[[1], []]", "[[1], []]"),
    ("{'a': 1, 'b': 'x y'}", "{'a': 1, 'b': x y}"),
    ("row(1, 'a')", "(1, a)"),
    ("MAP {'k': 'v', 'a=b': NULL}", "{k=v, 'a=b'=NULL}"),
    ("[1, 2, 3]::INTEGER[3]", "[1, 2, 3]"),
    ("'a,b'::UNION(n INTEGER, s VARCHAR)", "a,b"),
    ("'{\"a\": [1, 2]}'::JSON", "{\"a\": [1, 2]}"),
]


@pytest.mark.parametrize("expression, text", VALUES, ids=[expression for expression, _ in VALUES])
def test_every_type_prints_as_duckdb_writes_it(target, expression, text):
    rows = csv_rows(target, f"SELECT {expression} AS v, ({expression})::VARCHAR AS duckdb")
    assert rows == [["v", "duckdb"], [text, text]]


def test_every_type_in_the_table_with_its_type_name(target):
    out = query(target, "SELECT 1::TINYINT AS a, [1::BIGINT] AS b, {'x': 1} AS c, 1.5::DECIMAL(10,2) AS d, "
                        "TIMESTAMPTZ '2024-01-01 00:00:00' AS e, '\\xAA'::BLOB AS f")
    lines = out.splitlines()
    assert lines[2] == "│ int8 │ int64[] │ struct(x integer) │ decimal(10,2) │ timestamp with time zone │ blob │"
    assert lines[4] == "│    1 │ [1]     │ {'x': 1}          │          1.50 │ 2024-01-01 00:00:00+00   │ \\xAA │"


def test_json_is_one_array_of_objects(target):
    out = query(target, "SELECT * FROM (VALUES (1, 'a', [1.5, 2], {'k': true}, DATE '2024-01-02'), "
                        "(NULL, NULL, NULL, NULL, NULL)) t(n, s, l, o, d) ORDER BY n", "--format", "json")
    assert json.loads(out) == [
        {"n": 1, "s": "a", "l": [1.5, 2], "o": {"k": True}, "d": "2024-01-02"},
        {"n": None, "s": None, "l": None, "o": None, "d": None},
    ]
    assert out.count("\n") == 2  # one object per line
    assert json.loads(query(target, "SELECT 1 AS x WHERE false", "--format", "json")) == []


def test_csv_has_a_header_and_tells_null_from_empty(target):
    out = query(target, "SELECT * FROM (VALUES (1, 'plain'), (2, 'a,\"b\"'), (3, ''), (4, NULL)) t(i, s) ORDER BY i",
                "--format", "csv")
    assert out == 'i,s\r\n1,plain\r\n2,"a,""b"""\r\n3,""\r\n4,\r\n'


def test_every_statement_runs_and_each_query_prints(target):
    out = query(target, "CREATE TEMP TABLE t AS SELECT 1 AS i; INSERT INTO t VALUES (2); "
                        "SELECT sum(i) AS total FROM t; SELECT count(*) AS c FROM t", "--format", "csv")
    assert out == "total\r\n3\r\nc\r\n2\r\n"


def test_a_server_error_exits_with_one_after_the_statements_before_it(target):
    code, out, err = duckwire_query("--token", TOKEN, "--format", "csv", target,
                                    "SELECT 1 AS a; SELECT * FROM no_such_table; SELECT 2 AS b")
    assert code == 1
    assert out == "a\r\n1\r\n"
    assert err.startswith("Error: Table with name no_such_table does not exist!")


def test_usage_errors_exit_with_two(target):
    for args in (["nonsense", "SELECT 1"], ["--format", "xml", target, "SELECT 1"], [target, ";"],
                 ["--append", "t", target, "SELECT 1"], []):
        code, out, err = duckwire_query(*args)
        assert code == 2, args
        assert out == ""
        assert err.startswith("duckwire query: "), err


def test_sql_can_come_from_standard_input(target):
    code, out, _ = duckwire_query("--token", TOKEN, "--format", "csv", target, stdin="SELECT 7 AS seven;\n")
    assert (code, out) == (0, "seven\r\n7\r\n")


def test_tokens_are_checked(target):
    assert duckwire_query("--token", "wrong", target, "SELECT 1")[::2] == (1, "Error: Authentication failed\n")
    assert duckwire_query(target, "SELECT 1")[::2] == (1, "Error: Authentication failed\n")
    code, out, _ = duckwire_query("--format", "csv", target, "SELECT 1 AS one", env={"DUCKWIRE_QUACK_TOKEN": TOKEN})
    assert (code, out) == (0, "one\r\n1\r\n")


def test_http_urls_and_their_paths(target):
    port = target.rsplit(":", 1)[1]
    assert query(f"http://127.0.0.1:{port}", "SELECT 1 AS one", "--format", "csv") == "one\r\n1\r\n"
    assert query(f"http://127.0.0.1:{port}/quack", "SELECT 1 AS one", "--format", "csv") == "one\r\n1\r\n"
    code, _, err = duckwire_query("--token", TOKEN, f"http://127.0.0.1:{port}/elsewhere", "SELECT 1")
    assert code == 1
    assert err.startswith(f"Error: HTTP 404 Not Found from http://127.0.0.1:{port}/elsewhere")
    code, _, err = duckwire_query("quack:127.0.0.1:1", "SELECT 1")
    assert (code, err) == (1, "Error: cannot connect to http://127.0.0.1:1/quack: Connection refused\n")


def test_a_million_rows_arrive_whole_through_fetch(target):
    out = query(target, "SELECT range AS n FROM range(1000000)", "--format", "csv")
    lines = out.split("\r\n")
    assert lines[0] == "n" and lines[-1] == ""
    numbers = [int(line) for line in lines[1:-1]]
    assert len(numbers) == 1000000
    assert sum(numbers) == 999999 * 1000000 // 2


def test_append_loads_csv_from_standard_input(target):
    query(target, "CREATE TABLE people (id INTEGER, name VARCHAR, born DATE, tags VARCHAR[], score DECIMAL(5,2))")
    code, out, err = duckwire_query(
        "--token", TOKEN, "--append", "people", target,
        stdin='name,id,born,tags,score\n"Smith, Ann",1,1990-05-17,"[a, b]",1.5\nBob,2,,,\n"",3,2000-01-01,[],-2\n')
    assert (code, out, err) == (0, "3 rows appended to people\n", "")
    assert csv_rows(target, "SELECT * FROM people ORDER BY id") == [
        ["id", "name", "born", "tags", "score"],
        ["1", "Smith, Ann", "1990-05-17", "[a, b]", "1.50"],
        ["2", "Bob", "", "", ""],
        ["3", "", "2000-01-01", "[]", "-2.00"],
    ]


def test_a_large_append_goes_in_chunks_and_a_bad_row_appends_nothing(target):
    query(target, "CREATE TABLE big (n BIGINT, label VARCHAR)")
    rows = "".join(f"{i},row {i}\n" for i in range(100000))
    code, out, err = duckwire_query("--token", TOKEN, "--append", "big", target, stdin="n,label\n" + rows)
    assert (code, out) == (0, "100000 rows appended to big\n"), err
    assert csv_rows(target, "SELECT count(*), sum(n), count(DISTINCT label) FROM big")[1] == [
        "100000", str(99999 * 100000 // 2), "100000"]
    code, _, err = duckwire_query("--token", TOKEN, "--append", "big", target,
                                  stdin="n,label\n" + rows + "not a number,x\n")
    assert code == 1
    assert err.startswith("Error: CSV lines 98306-100002: ")
    assert csv_rows(target, "SELECT count(*) FROM big")[1] == ["100000"]


def test_append_names_what_is_wrong_with_the_csv(target):
    query(target, "CREATE TABLE pair (a INTEGER, b INTEGER)")
    for stdin, error in [("a\n1\n", 'Error: the CSV header has no column "b" of pair\n'),
                         ("a,b\n1,2,3\n", "Error: CSV line 2: 3 fields where the header has 2\n"),
                         ("a,b\n\"1,2\n", "Error: CSV line 3: a quoted field is not closed at the end of the input\n")]:
        assert duckwire_query("--token", TOKEN, "--append", "pair", target, stdin=stdin)[::2] == (1, error)
    code, _, err = duckwire_query("--token", TOKEN, "--append", "missing", target, stdin="a\n1\n")
    assert code == 1 and "missing" in err


@pytest.fixture(scope="module")
def tls_target(tmp_path_factory):
    from conftest import Server, free_port

    folder = tmp_path_factory.mktemp("quack-tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    make_certificate(cert, key)
    port = free_port()
    server = Server("--quack-port", str(port), "--tls-cert", str(cert), "--tls-key", str(key))
    yield f"https://localhost:{port}", cert
    server.stop()


def test_tls_verifies_the_server_unless_told_not_to(tls_target):
    url, cert = tls_target
    code, _, err = duckwire_query(url, "SELECT 1")
    assert code == 1
    assert err.startswith(f"Error: TLS handshake with {url}/quack failed: certificate verify failed")
    assert err.endswith(" (--cacert FILE trusts a certificate, --insecure accepts any)\n")
    assert duckwire_query("--cacert", str(cert), "--format", "csv", url, "SELECT 1 AS one")[:2] == (0, "one\r\n1\r\n")
    assert duckwire_query("--insecure", "--format", "csv", url, "SELECT 1 AS one")[:2] == (0, "one\r\n1\r\n")
    ip_url = url.replace("localhost", "127.0.0.1")
    assert duckwire_query("--cacert", str(cert), "--format", "csv", ip_url, "SELECT 1 AS one")[:2] == (0, "one\r\n1\r\n")
