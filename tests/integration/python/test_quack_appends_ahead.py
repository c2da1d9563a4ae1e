"""APPENDs inside a transaction, answered before their rows are appended (taken ahead on the I/O thread
while a writer appends earlier ones): every row lands, in order, with its exact strings; a bad message among
them is refused alone; large messages, other tables and other requests in between keep it all in order."""
import pytest

from quack_wire import (ERROR_RESPONSE, SUCCESS_RESPONSE, QuackSession, append_request, data_chunk,
                        read_response, start_quack_server)


@pytest.fixture
def port(start_server):
    return start_quack_server(start_server)[1]


def word(n):
    # Short (inline in DuckDB's records), long, empty and NULL strings, some not ASCII.
    if n % 7 == 0:
        return None
    if n % 5 == 0:
        return ""
    if n % 3 == 0:
        return f"long string number {n} ünïcödé"
    return f"w{n}"


def chunk_of(start, rows=2048):
    numbers = list(range(start, start + rows))
    return data_chunk([numbers, [word(n) for n in numbers]])


def append(session, table, chunk):
    session.query_id += 1
    return session.http.send(append_request(session.id, table, chunk, session.query_id))


def expected(rows):
    words = [word(n) for n in range(rows)]
    return (rows, sum(range(rows)), sum(w is not None for w in words), sum(len(w) for w in words if w is not None))


SUMMARY = "SELECT count(*), sum(n), count(s), sum(length(s)) FROM t"


def test_a_transactions_appends_all_land_in_order_with_their_strings(port):
    session, other = QuackSession(port), QuackSession(port)
    session.rows("CREATE TABLE t (n INTEGER, s VARCHAR)")
    session.rows("BEGIN TRANSACTION")
    chunks = 300
    for i in range(chunks):
        kind, _, query_id, body = append(session, "t", chunk_of(i * 2048))
        assert (kind, query_id) == (SUCCESS_RESPONSE, session.query_id), body
    assert session.rows(SUMMARY) == [expected(chunks * 2048)]
    assert other.rows("SELECT count(*) FROM t") == [(0,)]  # not committed yet
    session.rows("COMMIT")
    assert other.rows(SUMMARY) == [expected(chunks * 2048)]
    picked = [0, 3, 5, 7, 12, 2048 * 150 + 9, 2048 * chunks - 1]
    rows = other.rows(f"SELECT n, s FROM t WHERE n IN ({', '.join(map(str, picked))}) ORDER BY n")
    assert rows == [(n, word(n)) for n in picked]
    assert other.rows("SELECT count(*) FROM (SELECT n, lag(n) OVER () AS before FROM t) WHERE n <> before + 1") \
        == [(0,)]


def test_a_bad_message_among_them_is_refused_alone(port):
    session = QuackSession(port)
    session.rows("CREATE TABLE t (n INTEGER, s VARCHAR)")
    session.rows("BEGIN TRANSACTION")
    assert append(session, "t", chunk_of(0))[0] == SUCCESS_RESPONSE
    assert append(session, "t", chunk_of(2048))[0] == SUCCESS_RESPONSE
    truncated = chunk_of(4096)[:-40]
    kind, _, _, body = append(session, "t", truncated)
    assert kind == ERROR_RESPONSE and body["message"], body
    invalid_utf8 = data_chunk([[1], ["x"]]).replace(b"\x01x", b"\x01\xff")
    kind, _, _, body = append(session, "t", invalid_utf8)
    assert kind == ERROR_RESPONSE and "UTF-8" in body["message"], body
    assert append(session, "t", chunk_of(4096))[0] == SUCCESS_RESPONSE
    session.rows("COMMIT")
    assert session.rows(SUMMARY) == [expected(3 * 2048)]


def test_large_messages_other_tables_and_queries_in_between_keep_the_order(port):
    session = QuackSession(port)
    session.rows("CREATE TABLE t (n INTEGER, s VARCHAR); CREATE TABLE u (n INTEGER, s VARCHAR)")
    session.rows("BEGIN TRANSACTION")
    big = data_chunk([list(range(10)), ["x" * 20_000] * 10])  # 200 kB: decoded on a worker
    plan = [("t", chunk_of(0)), ("t", chunk_of(2048)), ("t", big), ("t", chunk_of(4096)), ("u", chunk_of(0)),
            ("t", chunk_of(6144)), ("u", chunk_of(2048))]
    for table, chunk in plan:
        assert append(session, table, chunk)[0] == SUCCESS_RESPONSE
    assert session.rows("SELECT count(*) FROM t") == [(4 * 2048 + 10,)]
    assert append(session, "t", chunk_of(8192))[0] == SUCCESS_RESPONSE
    session.rows("COMMIT")
    assert session.rows("SELECT count(*), count(DISTINCT n) FROM t") == [(5 * 2048 + 10, 5 * 2048)]
    assert session.rows("SELECT count(*), sum(n) FROM u") == [(4096, sum(range(4096)))]
    assert session.rows("SELECT count(*) FROM t WHERE s = repeat('x', 20000)") == [(10,)]


def test_a_rolled_back_or_disconnected_transaction_leaves_nothing(port):
    session, other = QuackSession(port), QuackSession(port)
    session.rows("CREATE TABLE t (n INTEGER, s VARCHAR)")
    session.rows("BEGIN TRANSACTION")
    for i in range(20):
        assert append(session, "t", chunk_of(i * 2048))[0] == SUCCESS_RESPONSE
    session.rows("ROLLBACK")
    assert other.rows("SELECT count(*) FROM t") == [(0,)]
    session.rows("BEGIN TRANSACTION")
    for i in range(20):
        assert append(session, "t", chunk_of(i * 2048))[0] == SUCCESS_RESPONSE
    assert session.disconnect()[0] == SUCCESS_RESPONSE
    assert other.rows("SELECT count(*) FROM t") == [(0,)]
