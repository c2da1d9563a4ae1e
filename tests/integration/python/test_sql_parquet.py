"""Parquet downloads from /sql (Accept: application/vnd.apache.parquet), driven with http.client and raw
sockets: the reply is a Parquet file (PAR1 at both ends, the columns named in its footer) sent as an
attachment; errors come before any byte in /sql's text/plain shape; a file over --spool-max-bytes is
a 507; the file never keeps a name in the spool directory, and goes when the download ends, fails, or
its client leaves. The values are read back by a Parquet reader in tests/integration/node/sql_parquet.test.mjs
and compared with DuckDB's own COPY in tests/unit/parquet_writer_test.cpp."""
import json
import os
import socket
import time

import pytest

from conftest import Server, wait_for
from http_disconnect import cancelled_queries, wait_for_cancelled
from jsonrpc_client import http_sql
from sse_client import EventStream

PARQUET = "application/vnd.apache.parquet"
# About 45 MiB of Parquet (md5 text does not compress): more than any socket buffer holds.
LARGE = "SELECT range AS n, md5(range::VARCHAR) AS h FROM range(1200000)"


def start(tmp_path, *args):
    server = Server("--cache-dir", str(tmp_path / "cache"), *args)
    server.spool_dir = str(tmp_path / "cache" / "spool")
    return server


@pytest.fixture(scope="module")
def parquet_server(tmp_path_factory):
    server = start(tmp_path_factory.mktemp("parquet"))
    yield server
    server.stop()


def download(server, sql, accept=PARQUET, method="POST", headers=None):
    if method == "GET":
        return http_sql(server, "GET", query={"q": sql}, headers={"Accept": accept, **(headers or {})})
    return http_sql(server, "POST", body=json.dumps({"q": sql}).encode(),
                    headers={"Content-Type": "application/json", "Accept": accept, **(headers or {})})


def parquet_file(reply, status=200, media_type=PARQUET):
    assert reply.status == status, (reply.status, reply.body[:300])
    assert reply.content_type == media_type
    assert reply.header("Content-Disposition") == 'attachment; filename="result.parquet"'
    assert reply.body[:4] == b"PAR1" and reply.body[-4:] == b"PAR1", reply.body[:16]
    return reply.body


def open_spool_files(server):
    """The spool-directory files the server holds open: their paths as /proc shows them."""
    fd_dir = f"/proc/{server.process.pid}/fd"
    found = []
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(f"{fd_dir}/{fd}")
        except FileNotFoundError:
            continue  # closed meanwhile
        if target.startswith(server.spool_dir + "/"):
            found.append(target)
    return found


def spool_file_bytes(server):
    for line in server.get("/metrics").read().decode().splitlines():
        if line.startswith("duckwire_spool_file_bytes "):
            return int(line.split()[1])
    raise AssertionError("no duckwire_spool_file_bytes in /metrics")


def assert_spool_clean(server):
    assert wait_for(lambda: not open_spool_files(server) and spool_file_bytes(server) == 0), open_spool_files(server)
    assert os.listdir(server.spool_dir) == []


def test_a_query_downloads_as_a_parquet_file(parquet_server):
    body = parquet_file(download(parquet_server, "SELECT 42 AS answer_column, 'x' AS label_column"))
    assert b"answer_column" in body and b"label_column" in body  # the footer names the columns
    assert_spool_clean(parquet_server)


def test_get_downloads_the_same_file_as_post(parquet_server):
    sql = "SELECT range AS get_column FROM range(1000)"
    assert parquet_file(download(parquet_server, sql, method="GET")) == parquet_file(download(parquet_server, sql))


@pytest.mark.parametrize("accept,media_type", [
    ("application/x-parquet", "application/x-parquet"),
    ("application/parquet", "application/parquet"),
    ("application/json;q=0.5, application/vnd.apache.parquet", PARQUET),
])
def test_the_other_parquet_names_are_answered_in_the_name_asked_for(parquet_server, accept, media_type):
    parquet_file(download(parquet_server, "SELECT 1 AS a", accept), media_type=media_type)


def test_json_stays_the_default(parquet_server):
    reply = download(parquet_server, "SELECT 1 AS a", accept="*/*")
    assert reply.status == 200 and reply.content_type == "application/json"


def test_parameters_bind_as_for_every_format(parquet_server):
    reply = http_sql(parquet_server, "GET", query={"q": "SELECT ? AS bound_column", "p": "[7]"},
                     headers={"Accept": PARQUET})
    assert b"bound_column" in parquet_file(reply)


def test_sql_errors_come_before_any_byte(parquet_server):
    reply = download(parquet_server, "SELECT nosuch_column")
    assert reply.status == 400 and reply.content_type.startswith("text/plain")
    assert "nosuch_column" in reply.text
    reply = download(parquet_server, "SELECT CASE WHEN range = 150000 THEN error('late failure') END AS x "
                                     "FROM range(200000)")
    assert reply.status == 400 and "late failure" in reply.text
    assert_spool_clean(parquet_server)


def test_the_statement_timeout_stops_the_query_and_its_file(parquet_server):
    slow = "SELECT a.range * b.range AS product FROM range(200000) a, range(200000) b"
    reply = download(parquet_server, slow, headers={"X-Statement-Timeout-Ms": "300"})
    assert reply.status == 400 and reply.text.startswith("statement timeout"), reply.text
    assert_spool_clean(parquet_server)


def test_several_statements_answer_with_the_last_as_csv_does(parquet_server):
    sql = "CREATE TEMP TABLE scratch AS SELECT 1 AS a; SELECT a AS last_column FROM scratch"
    csv = download(parquet_server, sql, accept="text/csv")
    assert csv.status == 201 and csv.text.splitlines() == ["last_column", "1"]
    body = parquet_file(download(parquet_server, sql), status=201)
    assert b"last_column" in body
    reply = download(parquet_server, "SELECT 1 AS a; SELECT nosuch_column")
    assert reply.status == 400 and "nosuch_column" in reply.text


def test_a_statement_that_changes_data_answers_201_with_its_outcome(parquet_server):
    parquet_file(download(parquet_server, "CREATE TABLE made_for_parquet AS SELECT 1 AS a"), status=201)


def test_the_query_is_reported_as_any_other(parquet_server):
    events = EventStream(parquet_server, "?events=query_completed")
    sql = "SELECT range AS reported FROM range(1234)"
    parquet_file(download(parquet_server, sql))
    [event] = events.events(1, where=lambda e: e["data"].get("sql") == sql)
    assert event["data"]["success"] is True and event["data"]["rows_returned"] == 1234
    assert event["data"]["protocol"] == "jsonrpc"
    events.close()


def test_a_large_result_streams_back_whole(parquet_server):
    reply = download(parquet_server, LARGE)
    body = parquet_file(reply)
    assert len(body) > 30 << 20
    assert reply.header("Transfer-Encoding") == "chunked"
    assert_spool_clean(parquet_server)


def test_a_file_over_the_spool_bound_is_refused_with_507(tmp_path):
    server = start(tmp_path, "--spool-max-bytes", "1MiB")
    try:
        events = EventStream(server, "?events=query_completed")
        reply = download(server, LARGE)
        assert reply.status == 507 and reply.content_type.startswith("text/plain")
        assert "--spool-max-bytes" in reply.text
        [event] = events.events(1, where=lambda e: e["data"].get("sql") == LARGE)
        assert event["data"]["success"] is False and "--spool-max-bytes" in event["data"]["error"]
        events.close()
        assert_spool_clean(server)
        parquet_file(download(server, "SELECT 1 AS small"))
    finally:
        server.stop()


def test_a_server_with_a_token_wants_it(tmp_path):
    server = start(tmp_path, "--auth-token", "s3cret")
    try:
        reply = download(server, "SELECT 1 AS a")
        assert reply.status == 401
        assert reply.body[:4] != b"PAR1"
        parquet_file(download(server, "SELECT 1 AS a", headers={"Authorization": "Bearer s3cret"}))
    finally:
        server.stop()


def request_bytes(server, sql):
    body = json.dumps({"q": sql}).encode()
    return (f"POST /sql HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
            f"Accept: {PARQUET}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


def test_a_client_that_leaves_mid_download_leaves_nothing_behind(parquet_server):
    with socket.create_connection(("127.0.0.1", parquet_server.port), timeout=60) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        sock.sendall(request_bytes(parquet_server, LARGE))
        received = b""
        while b"PAR1" not in received:
            received += sock.recv(64 * 1024)
        assert received.startswith(b"HTTP/1.1 200")
        # The client stops reading: the server holds the file open, with no name left in the directory.
        assert wait_for(lambda: any(path.endswith(" (deleted)") for path in open_spool_files(parquet_server)))
        assert os.listdir(parquet_server.spool_dir) == []
        assert spool_file_bytes(parquet_server) > 30 << 20
    assert_spool_clean(parquet_server)
    parquet_file(download(parquet_server, "SELECT 'still served' AS healthy"))


def test_a_client_that_leaves_while_the_query_runs_cancels_it(parquet_server):
    before = cancelled_queries(parquet_server, "jsonrpc")
    slow = "SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b"
    with socket.create_connection(("127.0.0.1", parquet_server.port)) as sock:
        sock.sendall(request_bytes(parquet_server, slow))
        time.sleep(0.5)  # the query is running now
    assert wait_for_cancelled(parquet_server, "jsonrpc", before + 1)
    assert_spool_clean(parquet_server)
    parquet_file(download(parquet_server, "SELECT 'still served' AS healthy"))
