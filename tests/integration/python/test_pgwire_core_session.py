"""The PostgreSQL front door's session: startup, authentication, transactions, errors, cancel."""
import struct
import threading
import time

import psycopg2
import pytest

from pgwire_core_client import (RawClient, command_tags, errors, kinds, message, ready_status, start_pg_server,
                                startup_packet, cstring)

USER, PASSWORD = "alice", "s3cret-pw"


@pytest.fixture(scope="module")
def trust_server():
    server, port = start_pg_server("--pg-server-version", "15.4")
    yield port
    server.stop()


@pytest.fixture(scope="module")
def scram_server():
    server, port = start_pg_server("--user", f"{USER}:{PASSWORD}", "--statement-timeout", "2")
    yield port
    server.stop()


def connect(port, **kwargs):
    return psycopg2.connect(host="127.0.0.1", port=port, dbname="db", sslmode="disable", connect_timeout=10,
                            **kwargs)


def test_startup_reports_the_settings_clients_parse(trust_server):
    client = RawClient(trust_server)
    messages = client.login(application_name="probe")
    statuses = dict(body.rstrip(b"\0").decode().split("\0") for kind, body in messages if kind == b"S")
    assert statuses["server_version"] == "15.4"
    assert statuses["client_encoding"] == "UTF8"
    assert statuses["DateStyle"] == "ISO, MDY"
    assert statuses["integer_datetimes"] == "on"
    assert statuses["standard_conforming_strings"] == "on"
    assert statuses["session_authorization"] == "tester"
    assert kinds(messages) == b"R" + b"S" * len(statuses) + b"KZ"
    process_id, secret = struct.unpack("!ii", dict(messages)[b"K"])
    assert process_id > 0
    assert ready_status(messages) == "I"


def test_newer_protocol_and_unknown_options_are_negotiated(trust_server):
    client = RawClient(trust_server)
    client.send(startup_packet({"user": "u", "_pq_.compression": "on"}, version=(3 << 16) | 2))
    messages = client.read_until_ready()
    assert messages[0][0] == b"v"
    newest_minor, count = struct.unpack("!ii", messages[0][1][:8])
    assert (newest_minor, count) == (0, 1)
    assert messages[0][1][8:] == b"_pq_.compression\0"
    assert command_tags(client.query("select 1")) == ["SELECT 1"]


def test_ssl_and_gssenc_requests_are_answered_n_without_a_certificate(trust_server):
    client = RawClient(trust_server)
    client.send(struct.pack("!ii", 8, 80877104))
    assert client.read_byte() == b"N"
    client.send(struct.pack("!ii", 8, 80877103))
    assert client.read_byte() == b"N"
    assert ready_status(client.login()) == "I"


def test_scram_password_and_wrong_password(scram_server):
    with connect(scram_server, user=USER, password=PASSWORD) as conn:
        with conn.cursor() as cur:
            cur.execute("select %s + 1", (41,))
            assert cur.fetchone() == (42,)
    with pytest.raises(psycopg2.OperationalError) as refused:
        connect(scram_server, user=USER, password="wrong")
    assert 'password authentication failed for user "alice"' in str(refused.value)
    with pytest.raises(psycopg2.OperationalError) as unknown:
        connect(scram_server, user="mallory", password=PASSWORD)
    assert 'password authentication failed for user "mallory"' in str(unknown.value)


def test_md5_and_cleartext_methods():
    server, port = start_pg_server("--user", f"{USER}:{PASSWORD}", "--pg-auth", "md5")
    try:
        with connect(port, user=USER, password=PASSWORD) as conn:
            assert conn.server_version == 150000
        with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
            connect(port, user=USER, password="nope")
    finally:
        server.stop()
    server, port = start_pg_server("--user", f"{USER}:{PASSWORD}", "--pg-auth", "password")
    try:
        with pytest.raises(psycopg2.OperationalError, match="without TLS is refused"):
            connect(port, user=USER, password=PASSWORD)
    finally:
        server.stop()


def test_allow_address_refuses_other_networks():
    server, port = start_pg_server("--pg-allow-address", "10.0.0.0/8")
    try:
        with pytest.raises(psycopg2.OperationalError, match="not allowed"):
            connect(port, user="u")
    finally:
        server.stop()
    server, port = start_pg_server("--pg-allow-address", "127.0.0.0/8")
    try:
        connect(port, user="u").close()
    finally:
        server.stop()


def test_a_failing_statement_rolls_back_its_whole_query_message(trust_server):
    client = RawClient(trust_server)
    client.login()
    messages = client.query("create table implicit_t(i int); insert into implicit_t values (1); select * from nope")
    assert command_tags(messages) == ["CREATE TABLE", "INSERT 0 1"]
    assert errors(messages)[0]["C"] == "42P01"
    assert ready_status(messages) == "I"
    assert errors(client.query("select * from implicit_t"))[0]["C"] == "42P01"


def test_transaction_status_and_aborted_transaction_semantics(trust_server):
    client = RawClient(trust_server)
    client.login()
    begin = client.query("begin")
    assert ready_status(begin) == "T" and command_tags(begin) == ["BEGIN"]
    again = client.query("begin")
    assert [body for kind, body in again if kind == b"N"], "BEGIN inside a block warns"
    assert ready_status(again) == "T"
    failed = client.query("select 1 from nope")
    assert ready_status(failed) == "E"
    ignored = client.query("select 1")
    assert errors(ignored)[0]["C"] == "25P02" and ready_status(ignored) == "E"
    commit = client.query("commit")
    assert command_tags(commit) == ["ROLLBACK"] and ready_status(commit) == "I"
    outside = client.query("commit")
    notice = [body for kind, body in outside if kind == b"N"]
    assert notice and b"25P01" in notice[0] and command_tags(outside) == ["COMMIT"]


def test_result_columns_have_the_names_postgresql_gives_them(trust_server):
    query = 'SELECT count(*), 1, now()::date, x AS "MiXed", y AS Upper FROM named_columns GROUP BY x, y'
    expected = ["count", "?column?", "now", "MiXed", "upper"]  # what PostgreSQL 15 answers
    with connect(trust_server) as conn, conn.cursor() as cursor:
        cursor.execute("create table named_columns(x int, y int)")
        cursor.execute(query)
        assert [column.name for column in cursor.description] == expected
        with conn.cursor("named_columns_cursor") as declared:  # DECLARE ... CURSOR, then FETCH
            declared.execute(query)
            declared.fetchall()
            assert [column.name for column in declared.description] == expected


def test_errors_carry_sqlstate_and_position(trust_server):
    client = RawClient(trust_server)
    client.login()
    error = errors(client.query("select 1 from\n  nope_table"))[0]
    assert error["C"] == "42P01" and error["S"] == "ERROR"
    assert error["P"] == str("select 1 from\n  nope_table".index("nope_table") + 1)
    syntax = errors(client.query("select 1 frm t"))[0]
    assert syntax["C"] == "42601" and syntax["P"] == str("select 1 frm t".rindex("t") + 1)


def test_extended_protocol_row_limit_suspends_and_resumes(trust_server):
    client = RawClient(trust_server)
    client.login()
    client.send(message(b"P", cstring("s1") + cstring("select i from range(5) t(i) where i >= $1") + b"\0\0")
                + message(b"B", cstring("") + cstring("s1") + b"\0\0" + struct.pack("!hi", 1, 1) + b"1" + b"\0\0")
                + message(b"E", cstring("") + struct.pack("!i", 2))
                + message(b"E", cstring("") + struct.pack("!i", 2))
                + message(b"E", cstring("") + struct.pack("!i", 0))
                + message(b"S"))
    messages = client.read_until_ready()
    assert kinds(messages) == b"12DDsDDsCZ"
    rows = [body[-1:] for kind, body in messages if kind == b"D"]
    assert rows == [b"1", b"2", b"3", b"4"]
    assert command_tags(messages) == ["SELECT 0"]  # the rows of the last Execute, as PostgreSQL counts


def test_an_error_discards_messages_until_sync(trust_server):
    client = RawClient(trust_server)
    client.login()
    client.send(message(b"P", cstring("") + cstring("select from where") + b"\0\0")
                + message(b"B", cstring("") + cstring("") + b"\0\0\0\0\0\0")
                + message(b"E", cstring("") + struct.pack("!i", 0))
                + message(b"S")
                + message(b"P", cstring("") + cstring("select 7") + b"\0\0")
                + message(b"B", cstring("") + cstring("") + b"\0\0\0\0\0\0")
                + message(b"E", cstring("") + struct.pack("!i", 0))
                + message(b"S"))
    first = client.read_until_ready()
    assert kinds(first) == b"EZ" and errors(first)[0]["C"] == "42601"
    second = client.read_until_ready()
    assert kinds(second) == b"12DCZ"


def test_pipelined_executes_share_an_implicit_transaction(trust_server):
    client = RawClient(trust_server)
    client.login()
    client.query("create table pipelined(i int primary key)")
    insert = message(b"P", cstring("") + cstring("insert into pipelined values ($1)") + b"\0\0")

    def bind_execute(value):
        return (message(b"B", cstring("") + cstring("") + b"\0\0" + struct.pack("!hi", 1, len(value)) + value + b"\0\0")
                + message(b"E", cstring("") + struct.pack("!i", 0)))

    client.send(insert + bind_execute(b"1") + bind_execute(b"2") + bind_execute(b"1") + message(b"S"))
    messages = client.read_until_ready()
    assert errors(messages)[0]["C"] == "23505"
    assert ready_status(messages) == "I"
    count = client.query("select count(*) from pipelined")
    assert [body[-1:] for kind, body in count if kind == b"D"] == [b"0"]


def test_cancel_request_stops_the_running_statement(scram_server):
    conn = connect(scram_server, user=USER, password=PASSWORD)
    cur = conn.cursor()
    timer = threading.Timer(0.5, conn.cancel)
    timer.start()
    started = time.monotonic()
    with pytest.raises(psycopg2.errors.QueryCanceled) as cancelled:
        cur.execute("SELECT sum(x) FROM range(3000000000) t(x)")
    assert "canceling statement due to user request" in str(cancelled.value)
    assert time.monotonic() - started < 10
    conn.rollback()
    cur.execute("select 5")
    assert cur.fetchone() == (5,)
    conn.close()


def test_a_wrong_cancel_key_does_nothing(scram_server):
    conn = connect(scram_server, user=USER, password=PASSWORD)
    cur = conn.cursor()
    result = {}

    def run():
        cur.execute("SELECT count(*) FROM range(60000000) t(x)")
        result["rows"] = cur.fetchone()

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.2)
    intruder = RawClient(scram_server)
    intruder.send(struct.pack("!iiii", 16, 80877102, conn.info.backend_pid, 12345))
    worker.join(30)
    assert result["rows"] == (60000000,)
    conn.close()


def test_statement_timeout_cancels(scram_server):
    conn = connect(scram_server, user=USER, password=PASSWORD)
    cur = conn.cursor()
    with pytest.raises(psycopg2.errors.QueryCanceled, match="statement timeout"):
        cur.execute("SELECT sum(x) FROM range(3000000000) t(x)")
    conn.rollback()
    cur.execute("select 1")
    assert cur.fetchone() == (1,)
    conn.close()


def test_shutdown_says_goodbye_to_idle_and_busy_sessions():
    server, port = start_pg_server()
    idle = RawClient(port)
    idle.login()
    busy = RawClient(port)
    busy.login()
    busy.send(message(b"Q", b"SELECT sum(x) FROM range(3000000000) t(x)\0"))
    time.sleep(0.3)
    started = time.monotonic()
    server.signal()
    for client in (idle, busy):
        kind, body = client.read_message()
        fields = errors([(kind, body)])[0]
        assert (fields["S"], fields["C"]) == ("FATAL", "57P01")
        assert fields["M"] == "terminating connection due to administrator command"
        assert client.closed_after()
    assert server.wait(20) == 0
    assert time.monotonic() - started < 10


def test_a_suspended_portal_keeps_its_rows_while_other_statements_run(trust_server):
    client = RawClient(trust_server)
    client.login()
    client.query("begin")

    def bind_execute(statement, portal, rows):
        return (message(b"B", cstring(portal) + cstring(statement) + b"\0\0\0\0\0\0")
                + message(b"E", cstring(portal) + struct.pack("!i", rows)))

    client.send(message(b"P", cstring("big") + cstring("select i from range(200000) t(i)") + b"\0\0")
                + message(b"P", cstring("small") + cstring("select 'x' || i from range(3) t(i)") + b"\0\0")
                + bind_execute("big", "p1", 2) + bind_execute("small", "p2", 0)
                + message(b"E", cstring("p1") + struct.pack("!i", 0)) + message(b"S"))
    messages = client.read_until_ready()
    rows = [body[6:].decode() for kind, body in messages if kind == b"D"]
    assert rows[:2] == ["0", "1"]
    assert rows[2:5] == ["x0", "x1", "x2"]
    assert rows[5:] == [str(i) for i in range(2, 200000)]
    assert command_tags(messages) == ["SELECT 3", "SELECT 199998"]
    assert ready_status(messages) == "T"
    assert ready_status(client.query("commit")) == "I"


def test_tls_through_ssl_request_with_scram(tmp_path):
    import subprocess
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    server, port = start_pg_server("--user", f"{USER}:{PASSWORD}", "--tls-cert", str(cert), "--tls-key", str(key),
                                   "--pg-require-tls")
    try:
        conn = psycopg2.connect(host="127.0.0.1", port=port, dbname="db", user=USER, password=PASSWORD,
                                sslmode="require", connect_timeout=10)
        with conn.cursor() as cur:
            cur.execute("select 1")
            assert cur.fetchone() == (1,)
        assert conn.info.ssl_in_use
        conn.close()
        with pytest.raises(psycopg2.OperationalError, match="requires TLS"):
            connect(port, user=USER, password=PASSWORD)
    finally:
        server.stop()
