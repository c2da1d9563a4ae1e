"""psycopg2 2.9 (Debian) against the PostgreSQL front door: password and TLS connections, every shared type
through text results, client-side parameters, named (server-side) cursors, COPY both ways, cancel,
transactions and the aborted-transaction error, notices and LISTEN/NOTIFY."""
import io
import select
import threading
import time
import uuid

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.extras
import pytest

import pg_samples
from pg_fixtures import LONG_QUERY, pg_certificate, pg_target, postgres_cluster  # noqa: F401

@pytest.fixture(scope="module")
def db(pg_target):
    pg_target.run_statements(pg_samples.CREATE, "CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, price numeric(10,2))")
    return pg_target


def test_connects_with_the_password_over_scram(db):
    connection = psycopg2.connect(db.dsn())
    assert connection.info.password == db.password
    assert connection.info.parameter_status("server_version").startswith("15.")
    assert connection.info.parameter_status("client_encoding") == "UTF8"
    assert connection.info.parameter_status("integer_datetimes") == "on"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL 15.")
    connection.close()


def test_a_wrong_password_is_refused_with_28P01(db):
    with pytest.raises(psycopg2.OperationalError) as refused:
        psycopg2.connect(db.dsn(password="wrong"))
    assert f'password authentication failed for user "{db.user}"' in str(refused.value)


def test_tls_with_sslmode_require_and_verify_full(db):
    for mode in ("require", "verify-full"):
        connection = psycopg2.connect(db.dsn(sslmode=mode, sslrootcert=str(db.cert)))
        assert connection.info.ssl_in_use
        assert connection.info.ssl_attribute("protocol") in ("TLSv1.2", "TLSv1.3")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 40 + 2")
            assert cursor.fetchone() == (42,)
        connection.close()


def as_python(name, value):
    """psycopg2 returns bytea as memoryview and uuid as str unless told otherwise."""
    if value is None:
        return None
    if name == "ba":
        return bytes(value)
    if name == "u":
        return uuid.UUID(value)
    return value


def test_every_shared_type_round_trips_through_text_results(db):
    connection = db.connect()
    placeholders = ", ".join(["%s"] * (len(pg_samples.NAMES) + 1))
    with connection.cursor() as cursor:
        for number, row in enumerate(pg_samples.ROWS):
            values = [psycopg2.extras.Json(row[name]) if name == "j" and row[name] is not None else
                      str(row[name]) if name == "u" and row[name] is not None else row[name]
                      for name in pg_samples.NAMES]
            cursor.execute(f"INSERT INTO samples (id, {', '.join(pg_samples.NAMES)}) VALUES ({placeholders})",
                           [number, *values])
        cursor.execute(pg_samples.SELECT)
        assert [(column.name, column.type_code) for column in cursor.description] == \
               [(name, pg_samples.OIDS[name]) for name in pg_samples.NAMES]
        rows = cursor.fetchall()
    assert [{name: as_python(name, value) for name, value in zip(pg_samples.NAMES, row)} for row in rows] == \
           pg_samples.ROWS
    connection.close()


@pytest.mark.parametrize("label, duckdb_sql, postgres_sql, oid, expected", pg_samples.DUCKDB_ONLY,
                         ids=pg_samples.DUCKDB_ONLY_IDS)
def test_duckdb_only_types_arrive_as_their_postgres_types(db, label, duckdb_sql, postgres_sql, oid, expected):
    connection = db.connect()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {duckdb_sql if db.is_duckwire else postgres_sql} AS v")
        assert cursor.description[0].type_code == oid
        value = cursor.fetchone()[0]
    connection.close()
    assert pg_samples.same_value(value, expected), value


def test_parameters_of_each_kind_select_the_matching_rows(db):
    connection = db.connect()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO items VALUES (%s, %s, %s), (%s, %s, %s)", (1, "it's", "9.99", 2, "b", None))
        cursor.execute("SELECT id, name FROM items WHERE name = %s AND price < %s AND id = ANY(%s)",
                       ("it's", 10, [1, 2]))
        assert cursor.fetchall() == [(1, "it's")]
        cursor.execute("SELECT %s::integer + 1, %s::text, %s::boolean, %s::date", (41, "x", True, "2024-02-29"))
        assert cursor.fetchone()[:3] == (42, "x", True)
        assert cursor.statusmessage == "SELECT 1"
        cursor.execute("DELETE FROM items")
        assert cursor.statusmessage == "DELETE 2"
    connection.close()


def test_named_cursor_fetches_in_itersize_batches(db):
    connection = psycopg2.connect(db.dsn())
    with connection.cursor(name="numbers") as cursor:
        cursor.itersize = 7
        cursor.execute("SELECT g, g * 2 AS twice FROM generate_series(1, 1000) AS s(g) ORDER BY g")
        rows = list(cursor)
        assert [column.name for column in cursor.description] == ["g", "twice"]
    assert rows == [(g, g * 2) for g in range(1, 1001)]
    with connection.cursor(name="scrolling", scrollable=True) as cursor:
        cursor.execute("SELECT g FROM generate_series(1, 10) AS s(g) ORDER BY g")
        assert cursor.fetchmany(3) == [(1,), (2,), (3,)]
        cursor.scroll(0, mode="absolute")
        assert cursor.fetchone() == (1,)
        assert cursor.fetchall() == [(g,) for g in range(2, 11)]
    connection.commit()
    connection.close()


def test_a_cursor_with_hold_survives_commit(db):
    connection = psycopg2.connect(db.dsn())
    cursor = connection.cursor(name="held", withhold=True)
    cursor.execute("SELECT g FROM generate_series(1, 20) AS s(g) ORDER BY g")
    assert cursor.fetchmany(5) == [(g,) for g in range(1, 6)]
    connection.commit()
    assert cursor.fetchmany(5) == [(g,) for g in range(6, 11)]
    cursor.close()
    connection.close()


def test_a_second_query_while_a_named_cursor_is_open_loses_no_rows(db):
    connection = psycopg2.connect(db.dsn())
    named = connection.cursor(name="first")
    named.itersize = 10
    named.execute("SELECT g FROM generate_series(1, 100) AS s(g) ORDER BY g")
    assert named.fetchmany(10) == [(g,) for g in range(1, 11)]
    with connection.cursor() as other:
        other.execute("SELECT count(*) FROM generate_series(1, 5) AS s(g)")
        assert other.fetchone() == (5,)
    assert named.fetchall() == [(g,) for g in range(11, 101)]
    connection.commit()
    connection.close()


def test_copy_expert_copy_from_and_copy_to(db):
    connection = db.connect()
    with connection.cursor() as cursor:
        cursor.copy_from(io.StringIO("1\tpen\t1.50\n2\tink\t\\N\n3\ttab\\there\t2.00\n"), "items",
                         columns=("id", "name", "price"))
        assert cursor.rowcount == 3
        out = io.StringIO()
        cursor.copy_to(out, "items", columns=("id", "name", "price"))
        assert sorted(out.getvalue().splitlines()) == ["1\tpen\t1.50", "2\tink\t\\N", "3\ttab\\there\t2.00"]
        cursor.copy_expert("COPY items (id, name) FROM STDIN WITH CSV", io.StringIO('4,"a, b"\n5,"say ""hi"""\n'))
        csv = io.StringIO()
        cursor.copy_expert("COPY (SELECT id, name FROM items WHERE id >= 4 ORDER BY id) TO STDOUT WITH CSV HEADER",
                           csv)
        assert csv.getvalue() == 'id,name\n4,"a, b"\n5,"say ""hi"""\n'
        cursor.execute("DELETE FROM items")
    connection.close()


def test_a_bad_copy_row_fails_the_whole_copy_naming_the_line(db):
    connection = db.connect()
    with connection.cursor() as cursor:
        with pytest.raises(psycopg2.errors.InvalidTextRepresentation) as failed:
            cursor.copy_expert("COPY items (id, name) FROM STDIN WITH CSV", io.StringIO("10,a\n11,b\nnope,c\n12,d\n"))
        assert "line 3" in str(failed.value)
        cursor.execute("SELECT count(*) FROM items")
        assert cursor.fetchone() == (0,)
    connection.close()


def test_cancel_stops_a_long_query_with_57014_and_the_connection_goes_on(db):
    connection = db.connect()
    timer = threading.Timer(1.0, connection.cancel)
    timer.start()
    with connection.cursor() as cursor:
        with pytest.raises(psycopg2.errors.QueryCanceled) as canceled:
            cursor.execute(LONG_QUERY[db.kind])
        assert canceled.value.pgcode == "57014"
        assert "canceling statement due to user request" in str(canceled.value)
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    timer.join()
    connection.close()


def test_transactions_commit_rollback_and_the_aborted_state(db):
    writer, reader = psycopg2.connect(db.dsn()), db.connect()
    with writer.cursor() as cursor:
        cursor.execute("INSERT INTO items VALUES (20, 'pending', 1)")
        assert writer.info.transaction_status == psycopg2.extensions.TRANSACTION_STATUS_INTRANS
    writer.rollback()
    with writer.cursor() as cursor:
        cursor.execute("INSERT INTO items VALUES (21, 'kept', 1)")
    writer.commit()
    with reader.cursor() as cursor:
        cursor.execute("SELECT id FROM items WHERE id >= 20 ORDER BY id")
        assert cursor.fetchall() == [(21,)]
    with writer.cursor() as cursor:
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cursor.execute("INSERT INTO items VALUES (21, 'again', 1)")
        assert writer.info.transaction_status == psycopg2.extensions.TRANSACTION_STATUS_INERROR
        with pytest.raises(psycopg2.errors.InFailedSqlTransaction) as aborted:
            cursor.execute("SELECT 1")
        assert "current transaction is aborted, commands ignored until end of transaction block" in str(aborted.value)
    writer.rollback()
    with writer.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM items WHERE id = 21")
        assert cursor.fetchone() == (1,)
        cursor.execute("DELETE FROM items")
    writer.commit()
    writer.close()
    reader.close()


def test_notices_reach_the_client(db):
    connection = psycopg2.connect(db.dsn())
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.execute("BEGIN")
    assert any("there is already a transaction in progress" in notice for notice in connection.notices)
    connection.rollback()
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("COMMIT")
    assert any("there is no transaction in progress" in notice for notice in connection.notices)
    connection.close()


def test_listen_receives_notify_from_another_connection(db):
    listener, notifier = db.connect(), db.connect()
    with listener.cursor() as cursor:
        cursor.execute("LISTEN orders_changed")
    with notifier.cursor() as cursor:
        cursor.execute("NOTIFY orders_changed, 'order 7'")
    deadline = time.monotonic() + 10
    while not listener.notifies and time.monotonic() < deadline:
        select.select([listener], [], [], 0.5)
        listener.poll()
    notification = listener.notifies.pop(0)
    assert (notification.channel, notification.payload) == ("orders_changed", "order 7")
    listener.close()
    notifier.close()
