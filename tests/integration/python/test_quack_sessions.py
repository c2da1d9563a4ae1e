"""Quack connections over a real server: tokens and versions, per-connection state, results fetched
batch by batch, the life of a connection, and --read-only."""
import threading
import time

import pytest

from quack_wire import (CONNECTION_RESPONSE, ERROR_RESPONSE, FETCH_RESPONSE, NO_INDEX, SUCCESS_RESPONSE, QuackHttp,
                        QuackSession, connection_request, fetch_request, prepare_request, start_quack_server)


@pytest.fixture
def port(start_server):
    return start_quack_server(start_server)[1]


def connect(port, **kwargs):
    return QuackHttp(port).send(connection_request(**kwargs))


def test_the_right_token_opens_a_connection_and_others_do_not(start_server):
    _, port = start_quack_server(start_server, "--auth-token", "s3cret", "--user", "ann:wonderland")
    kind, connection_id, _, body = connect(port, token="s3cret")
    assert kind == CONNECTION_RESPONSE
    assert len(connection_id) == 32
    assert body["quack_version"] == 1
    assert body["version"].startswith("v1.")
    assert connect(port, token="ann:wonderland")[0] == CONNECTION_RESPONSE
    for token in ("wrong", None, "ann:guess"):
        kind, _, _, body = connect(port, token=token)
        assert (kind, body["message"]) == (ERROR_RESPONSE, "Authentication failed")
    assert QuackSession(port, token="s3cret").rows("SELECT 42 AS answer") == [(42,)]


def test_a_connection_id_is_no_credential(start_server):
    _, port = start_quack_server(start_server, "--auth-token", "s3cret")
    kind, _, _, body = QuackHttp(port).send(prepare_request("0" * 32, "SELECT 1"))
    assert (kind, body["message"]) == (ERROR_RESPONSE, "Invalid connection id")


def test_versions_the_client_omits_are_accepted_and_a_newer_minimum_is_refused(port):
    assert connect(port, min_version=0, max_version=0)[0] == CONNECTION_RESPONSE
    kind, _, _, body = connect(port, min_version=2, max_version=3)
    assert kind == ERROR_RESPONSE
    assert body["message"] == "Quack versions [2, 3] not supported: the server speaks version 1"


def test_temp_tables_belong_to_their_connection(port):
    first, second = QuackSession(port), QuackSession(port)
    first.rows("CREATE TEMP TABLE mine AS SELECT 7 AS n")
    assert first.rows("SELECT n FROM mine") == [(7,)]
    assert "mine does not exist" in second.error_of("SELECT n FROM mine")


def test_a_transaction_spans_requests_and_rolls_back(port):
    writer, reader = QuackSession(port), QuackSession(port)
    writer.rows("CREATE TABLE ledger (amount INTEGER)")
    writer.rows("BEGIN TRANSACTION")
    writer.rows("INSERT INTO ledger VALUES (10), (20)")
    assert reader.rows("SELECT count(*) FROM ledger") == [(0,)]
    writer.rows("COMMIT")
    assert reader.rows("SELECT sum(amount) FROM ledger") == [(30,)]
    writer.rows("BEGIN TRANSACTION")
    writer.rows("DELETE FROM ledger")
    writer.rows("ROLLBACK")
    assert reader.rows("SELECT count(*) FROM ledger") == [(2,)]


def test_statements_without_rows_answer_a_count(port):
    session = QuackSession(port)
    result = session.prepare("CREATE TABLE t AS SELECT range AS n FROM range(5)")
    assert result["names"] == ["Count"]
    assert session.rows("INSERT INTO t VALUES (5), (6)") == [(2,)]


def test_an_empty_result_has_its_schema_and_no_chunk(port):
    result = QuackSession(port).prepare("SELECT 1::INTEGER AS a, 'x' AS b WHERE false")
    assert result["names"] == ["a", "b"]
    assert result["types"] == [13, 25]
    assert result["chunks"] == []


def test_a_million_rows_come_through_fetch_without_loss_or_duplication(port):
    session = QuackSession(port)
    result = session.prepare("SELECT range AS n, range * 2 AS twice FROM range(1000000)")
    assert result["needs_more_fetch"]
    count = total = 0
    batches = []
    chunks = result["chunks"]
    while True:
        for chunk in chunks:
            assert 0 < len(chunk) <= 2048
            count += len(chunk)
            total += sum(n for n, _ in chunk)
            assert all(twice == 2 * n for n, twice in chunk)
        kind, _, _, body = session.request(fetch_request, result["uuid"])
        assert kind == FETCH_RESPONSE
        if not body["chunks"]:
            assert body["batch_index"] == NO_INDEX
            break
        batches.append(body["batch_index"])
        chunks = body["chunks"]
    assert count == 1_000_000
    assert total == 999_999 * 1_000_000 // 2
    assert batches == list(range(1, len(batches) + 1))
    for _ in range(2):  # exhausted: an empty list again, not an error
        kind, _, _, body = session.request(fetch_request, result["uuid"])
        assert (kind, body["chunks"], body["batch_index"]) == (FETCH_RESPONSE, [], NO_INDEX)


def test_an_error_in_a_later_batch_reaches_the_fetch_that_asks_for_it(port):
    # The server reads one batch ahead of the client: the error it meets there waits for the next FETCH.
    session = QuackSession(port)
    result = session.prepare("SELECT CASE WHEN range < 300000 THEN range ELSE error('boom at ' || range) END AS n "
                             "FROM range(400000)")
    assert result["needs_more_fetch"]
    count = sum(len(chunk) for chunk in result["chunks"])
    while True:
        kind, _, _, body = session.request(fetch_request, result["uuid"])
        if kind == ERROR_RESPONSE:
            break
        assert kind == FETCH_RESPONSE and body["chunks"], "the result ended without its error"
        count += sum(len(chunk) for chunk in body["chunks"])
    assert body["message"].startswith("boom at 3")
    assert count <= 300000
    kind, _, _, body = session.request(fetch_request, result["uuid"])
    assert (kind, body["message"]) == (ERROR_RESPONSE, "Result has been closed")
    assert session.rows("SELECT 4 AS four") == [(4,)]


def test_a_result_replaced_while_its_next_batch_is_read_ahead_is_closed(port):
    session = QuackSession(port)
    for _ in range(20):
        first = session.prepare("SELECT range, repeat('x', 100) FROM range(200000)")
        second = session.prepare("SELECT range AS n FROM range(5000)")
        kind, _, _, body = session.request(fetch_request, first["uuid"])
        assert (kind, body["message"]) == (ERROR_RESPONSE, "Result has been closed")
        rows = [row for chunk in second["chunks"] for row in chunk]
        while second["needs_more_fetch"]:
            kind, _, _, body = session.request(fetch_request, second["uuid"])
            if not body["chunks"]:
                break
            rows += [row for chunk in body["chunks"] for row in chunk]
        assert rows == [(n,) for n in range(5000)]


def test_a_replaced_result_is_closed(port):
    session = QuackSession(port)
    first = session.prepare("SELECT range FROM range(100000)")
    session.prepare("SELECT 1")
    kind, _, _, body = session.request(fetch_request, first["uuid"])
    assert (kind, body["message"]) == (ERROR_RESPONSE, "Result has been closed")


def test_after_disconnect_the_connection_is_gone(port):
    session = QuackSession(port)
    assert session.disconnect()[0] == SUCCESS_RESPONSE
    assert session.error_of("SELECT 1") == "Invalid connection id"
    assert session.disconnect()[0] == ERROR_RESPONSE


def test_three_clients_in_parallel_each_get_their_own_answers(port):
    failures = []

    def client(number):
        try:
            session = QuackSession(port)
            session.rows(f"CREATE TEMP TABLE own AS SELECT {number} AS n")
            for _ in range(30):
                rows = session.rows("SELECT n, count(*) FROM own, range(5000) GROUP BY n")
                assert rows == [(number, 5000)], rows
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_an_idle_connection_is_closed_and_its_transaction_rolled_back(start_server):
    _, port = start_quack_server(start_server, "--quack-idle-timeout", "1")
    idle, other = QuackSession(port), QuackSession(port)
    idle.rows("CREATE TABLE kept (n INTEGER)")
    idle.rows("BEGIN TRANSACTION")
    idle.rows("INSERT INTO kept VALUES (1)")
    time.sleep(3)
    assert idle.error_of("COMMIT") == "Invalid connection id"
    assert QuackSession(port).rows("SELECT count(*) FROM kept") == [(0,)]
    assert other.error_of("SELECT 1") == "Invalid connection id"


def test_read_only_refuses_writes_and_answers_reads(start_server, tmp_path):
    database = str(tmp_path / "shop.duckdb")
    server, port = start_quack_server(start_server, "--db-path", database)
    QuackSession(port).rows("CREATE TABLE items AS SELECT 1 AS id")
    assert server.stop() == 0
    _, port = start_quack_server(start_server, "--db-path", database, "--read-only")
    session = QuackSession(port)
    assert session.rows("SELECT id FROM items") == [(1,)]
    refused = session.error_of("INSERT INTO items VALUES (2)")
    assert "read-only" in refused, refused
    assert session.rows("SELECT count(*) FROM items") == [(1,)]


def test_too_many_connections_are_refused_and_a_freed_place_is_taken(start_server):
    _, port = start_quack_server(start_server, "--quack-max-connections", "2")
    first, _second = QuackSession(port), QuackSession(port)
    kind, _, _, body = connect(port)
    assert (kind, body["message"]) == (ERROR_RESPONSE, "too many Quack connections: the server holds 2 already")
    first.disconnect()
    assert QuackSession(port).rows("SELECT 1") == [(1,)]


def test_the_statement_timeout_interrupts_a_long_query_and_the_connection_goes_on(start_server):
    _, port = start_quack_server(start_server, "--statement-timeout", "1")
    session = QuackSession(port)
    started = time.monotonic()
    message = session.error_of("SELECT count(*) FROM range(100000000000) a, range(100) b WHERE a.range + b.range = -1")
    assert message == "statement timeout: the statement did not finish within 1000 ms"
    assert time.monotonic() - started < 30
    assert session.rows("SELECT 3 AS three") == [(3,)]
