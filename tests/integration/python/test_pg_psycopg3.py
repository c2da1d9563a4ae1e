"""psycopg 3.1 (Debian) against the PostgreSQL front door: text and binary results and parameters
(server-side, %s becomes $n), prepared statements, server-side cursors, COPY rows in text and binary,
pipeline mode, cancel, and ParameterStatus after SET TimeZone."""
import datetime
import decimal
import threading

import psycopg
import psycopg.errors
import pytest
from psycopg.types.json import Json

import pg_samples
from pg_fixtures import LONG_QUERY, pg_certificate, pg_target, postgres_cluster  # noqa: F401


@pytest.fixture(scope="module")
def db(pg_target):
    with psycopg.connect(pg_target.dsn(), autocommit=True) as connection:
        connection.execute(pg_samples.CREATE)
        connection.execute("CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, price numeric(10,2))")
    return pg_target


def connect(db, **kwargs):
    return psycopg.connect(db.dsn(), **kwargs)


def insert_samples(connection, binary_parameters):
    marker = "%b" if binary_parameters else "%t"
    placeholders = ", ".join([marker] * (len(pg_samples.NAMES) + 1))
    connection.execute("DELETE FROM samples")
    with connection.cursor() as cursor:
        for number, row in enumerate(pg_samples.ROWS):
            values = [Json(row[name]) if name == "j" and row[name] is not None else row[name]
                      for name in pg_samples.NAMES]
            cursor.execute(f"INSERT INTO samples (id, {', '.join(pg_samples.NAMES)}) VALUES ({placeholders})",
                           [number, *values])


@pytest.mark.parametrize("binary", [False, True], ids=["text", "binary"])
def test_every_shared_type_round_trips(db, binary):
    with connect(db, autocommit=True) as connection:
        insert_samples(connection, binary_parameters=binary)
        with connection.cursor(binary=binary) as cursor:
            cursor.execute(pg_samples.SELECT)
            assert [(column.name, column.type_code) for column in cursor.description] == \
                   [(name, pg_samples.OIDS[name]) for name in pg_samples.NAMES]
            assert cursor.pgresult.binary_tuples == int(binary)
            rows = cursor.fetchall()
    assert [dict(zip(pg_samples.NAMES, row)) for row in rows] == pg_samples.ROWS


def test_server_side_parameters_bind_typed_values(db):
    with connect(db, autocommit=True) as connection:
        connection.execute("DELETE FROM items")
        connection.execute("INSERT INTO items VALUES (%s, %s, %s), (%s, %s, %s)",
                           (1, "it's", decimal.Decimal("9.99"), 2, "b", None))
        cursor = connection.execute("SELECT id, name FROM items WHERE name = %s AND price < %s", ("it's", 10))
        assert cursor.fetchall() == [(1, "it's")]
        row = connection.execute("SELECT %s::integer + 1 AS answer, %s AS flag, %s AS day",
                                 (41, True, datetime.date(2024, 2, 29))).fetchone()
        assert row == (42, True, datetime.date(2024, 2, 29))
        assert connection.execute("DELETE FROM items").statusmessage == "DELETE 2"


def test_prepared_statements_run_again_with_new_parameters(db):
    with connect(db, autocommit=True, prepare_threshold=None) as connection:
        connection.execute("DELETE FROM items")
        connection.execute("INSERT INTO items SELECT g, 'item ' || g, g FROM generate_series(1, 10) AS s(g)")
        for number in range(1, 11):
            row = connection.execute("SELECT name, price FROM items WHERE id = %s", (number,), prepare=True).fetchone()
            assert row == (f"item {number}", decimal.Decimal(number))
        connection.execute("DELETE FROM items")


def test_server_side_cursor_iterates_in_itersize_batches(db):
    with connect(db) as connection:
        with connection.cursor(name="pg3_numbers") as cursor:
            cursor.itersize = 9
            cursor.execute("SELECT g, g * 2 AS twice FROM generate_series(1, 500) AS s(g) WHERE g > %s ORDER BY g",
                           (0,))
            assert list(cursor) == [(g, g * 2) for g in range(1, 501)]
        with connection.cursor(name="pg3_scroll", scrollable=True, withhold=True) as cursor:
            cursor.execute("SELECT g FROM generate_series(1, 10) AS s(g) ORDER BY g")
            assert cursor.fetchmany(3) == [(1,), (2,), (3,)]
            connection.commit()
            cursor.scroll(0, mode="absolute")
            assert cursor.fetchall() == [(g,) for g in range(1, 11)]


def test_copy_rows_in_text_and_binary(db):
    with connect(db, autocommit=True) as connection, connection.cursor() as cursor:
        with cursor.copy("COPY items (id, name, price) FROM STDIN") as copy:
            copy.write_row((1, "tab\there", decimal.Decimal("1.50")))
            copy.write_row((2, "back\\slash", None))
        with cursor.copy("COPY items (id, name, price) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int4", "text", "numeric"])
            copy.write_row((3, "binary", decimal.Decimal("3.25")))
        with cursor.copy("COPY (SELECT id, name, price FROM items ORDER BY id) TO STDOUT") as copy:
            copy.set_types(["int4", "text", "numeric"])
            text_rows = list(copy.rows())
        with cursor.copy("COPY (SELECT id, name, price FROM items ORDER BY id) TO STDOUT (FORMAT BINARY)") as copy:
            copy.set_types(["int4", "text", "numeric"])
            binary_rows = list(copy.rows())
        expected = [(1, "tab\there", decimal.Decimal("1.50")), (2, "back\\slash", None),
                    (3, "binary", decimal.Decimal("3.25"))]
        assert text_rows == expected
        assert binary_rows == expected
        assert cursor.execute("DELETE FROM items").statusmessage == "DELETE 3"


def test_pipeline_mode_answers_every_statement_in_order(db):
    with connect(db, autocommit=True) as connection:
        connection.execute("DELETE FROM items")
        with connection.pipeline():
            connection.execute("INSERT INTO items VALUES (%s, %s, %s)", (1, "one", 1))
            connection.cursor().executemany("INSERT INTO items VALUES (%s, %s, %s)", [(2, "two", 2), (3, "three", 3)])
            counted = connection.execute("SELECT count(*) FROM items")
            named = connection.execute("SELECT name FROM items WHERE id = %s", (2,))
        assert counted.fetchone() == (3,)
        assert named.fetchone() == ("two",)
        with pytest.raises(psycopg.errors.UniqueViolation):
            with connection.pipeline():
                connection.execute("INSERT INTO items VALUES (%s, %s, %s)", (4, "four", 4))
                connection.execute("INSERT INTO items VALUES (%s, %s, %s)", (1, "duplicate", 1))
                connection.execute("INSERT INTO items VALUES (%s, %s, %s)", (5, "skipped", 5))
        # The three INSERTs before the pipeline's Sync form one implicit transaction: row 4 is rolled back too.
        ids = [row[0] for row in connection.execute("SELECT id FROM items ORDER BY id")]
        assert ids == [1, 2, 3]
        connection.execute("DELETE FROM items")


def test_cancel_stops_a_long_query_with_57014_and_the_connection_goes_on(db):
    with connect(db, autocommit=True) as connection:
        timer = threading.Timer(1.0, connection.cancel)
        timer.start()
        with pytest.raises(psycopg.errors.QueryCanceled) as canceled:
            connection.execute(LONG_QUERY[db.kind])
        timer.join()
        assert canceled.value.sqlstate == "57014"
        assert connection.execute("SELECT 1").fetchone() == (1,)


def test_set_timezone_reports_parameter_status_and_shifts_timestamptz(db):
    with connect(db, autocommit=True) as connection:
        assert connection.info.parameter_status("TimeZone") in ("UTC", "Etc/UTC")
        connection.execute("SET TimeZone TO 'Asia/Tokyo'")
        assert connection.info.parameter_status("TimeZone") == "Asia/Tokyo"
        value = connection.execute("SELECT TIMESTAMPTZ '2024-01-31 12:00:00+00' AS at").fetchone()[0]
        assert value.utcoffset() == datetime.timedelta(hours=9)
        assert value == datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.timezone.utc)
        connection.execute("SET application_name TO 'renamed'")
        assert connection.info.parameter_status("application_name") == "renamed"
