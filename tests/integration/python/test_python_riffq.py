"""riffq programs run unchanged on duckwire (issue 9): the seed's shape, a BaseConnection subclass
answering from to_arrow, run as a user runs it and queried by psql, psycopg2, psycopg 3 and asyncpg."""
import asyncio
import concurrent.futures
import contextlib
import datetime
import os
import pathlib
import subprocess
import time

import asyncpg
import psycopg
import psycopg2
import pytest
import sqlalchemy

from pg_fixtures import make_certificate
from python_programs import PACKAGES, Program

PSQL = "/usr/lib/postgresql/15/bin/psql"


@pytest.fixture(scope="module")
def shop():
    program = Program("riffq_shop.py")
    yield program
    program.stop()


def dsn(program, user="user", password="secret", database="shop", **extra):
    words = {"host": "127.0.0.1", "port": program.port, "user": user, "password": password,
             "dbname": database, **extra}
    return " ".join(f"{k}={v}" for k, v in words.items())


@contextlib.contextmanager
def autocommit(program):
    # psycopg2's `with connection` opens a transaction block even in autocommit mode.
    conn = psycopg2.connect(dsn(program))
    conn.autocommit = True
    try:
        yield conn
    finally:
        conn.close()


def psql(program, *args, user="user", password="secret", database="shop"):
    return subprocess.run([PSQL, "-X", "-h", "127.0.0.1", "-p", str(program.port), "-U", user, "-d", database,
                           *args], capture_output=True, text=True, timeout=30,
                          env={**os.environ, "PGPASSWORD": password})


def test_psql_reads_every_to_arrow_type_as_text(shop):
    out = psql(shop, "-At", "-F", "|", "-c", "select types")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "1|1.5|t|one|2024-01-31|2024-01-31 12:30:00.25",
        "|||||",
        "-9007199254740993|-0.25|f|zwei ü|1999-12-31|2000-02-29 00:00:00"]


def test_psycopg2_gets_postgres_types_and_python_values(shop):
    with psycopg2.connect(dsn(shop)) as conn:
        cur = conn.cursor()
        cur.execute("select types")
        assert [(d.name, d.type_code) for d in cur.description] == [
            ("i", 20), ("f", 701), ("b", 16), ("s", 25), ("d", 1082), ("t", 1114)]
        rows = cur.fetchall()
    assert rows[0] == (1, 1.5, True, "one", datetime.date(2024, 1, 31), datetime.datetime(2024, 1, 31, 12, 30, 0, 250000))
    assert rows[1] == (None,) * 6
    assert rows[2][0] == -9007199254740993 and rows[2][3] == "zwei ü"


def test_asyncpg_reads_every_type_in_binary(shop):
    async def main():
        conn = await asyncpg.connect(host="127.0.0.1", port=shop.port, user="user", password="secret",
                                     database="shop")
        try:
            return await conn.fetch("select types")
        finally:
            await conn.close()
    rows = asyncio.run(main())
    assert tuple(rows[0]) == (1, 1.5, True, "one", datetime.date(2024, 1, 31),
                              datetime.datetime(2024, 1, 31, 12, 30, 0, 250000))
    assert tuple(rows[1]) == (None,) * 6
    assert tuple(rows[2])[:2] == (-9007199254740993, -0.25)


def test_auth_accepts_one_user_and_refuses_others_with_the_handlers_words(shop):
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
        psycopg2.connect(dsn(shop, password="wrong"))
    with pytest.raises(psycopg2.OperationalError, match="user refused is not welcome here"):
        psycopg2.connect(dsn(shop, user="refused"))
    assert shop.wait_for_line("auth ", contains=" refused 127.0.0.1 shop")
    with psycopg2.connect(dsn(shop)) as conn:  # still served
        conn.cursor().execute("select 1")


def test_connect_and_disconnect_hooks_get_the_clients_address(shop):
    conn = psycopg2.connect(dsn(shop))
    assert conn.info.backend_pid != 0
    conn.close()
    connects = shop.wait_for_line("connect ")
    _, connection_id, ip, port = connects[-1].split()
    assert ip == "127.0.0.1" and 0 < int(port) < 65536
    assert shop.wait_for_line(f"disconnect {connection_id} 127.0.0.1 {port}")


def test_tags_errors_and_exceptions_reach_the_client_and_the_connection_survives(shop):
    with autocommit(shop) as conn:
        cur = conn.cursor()
        cur.execute("insert into orders values (1)")
        assert cur.statusmessage == "INSERT 0 1"
        with pytest.raises(psycopg2.errors.UndefinedTable, match='relation "nope" does not exist'):
            cur.execute("select failure")
        with pytest.raises(psycopg2.errors.InternalError_, match="ValueError: the handler exploded"):
            cur.execute("select raise")
        with pytest.raises(psycopg2.errors.InternalError_, match="a query answer is an Arrow C stream"):
            cur.execute("select garbage")
        cur.execute("select twice")  # the first answer counts
        assert cur.fetchall() == [(1,)]
        cur.execute("select batch")
        assert cur.fetchall() == [(1, "a"), (2, None)]


def test_a_handler_that_never_answers_times_out_and_the_connection_survives(shop):
    with autocommit(shop) as conn:
        cur = conn.cursor()
        started = time.monotonic()
        with pytest.raises(psycopg2.errors.QueryCanceled, match="did not answer within 1000 ms"):
            cur.execute("select never")
        assert time.monotonic() - started < 10
        cur.execute("select slow")
        assert cur.fetchone()[0] > 0


def test_statement_timeout_cancels_a_waiting_handler(shop):
    with autocommit(shop) as conn:
        cur = conn.cursor()
        cur.execute("SET statement_timeout = 200")
        with pytest.raises(psycopg2.errors.QueryCanceled, match="statement timeout"):
            cur.execute("select never")
        cur.execute("select types")
        assert len(cur.fetchall()) == 3


def test_twenty_clients_overlap_on_a_handler_answering_from_the_executor(shop):
    def one():
        with psycopg2.connect(dsn(shop)) as conn:
            cur = conn.cursor()
            cur.execute("select slow")
            return cur.fetchone()[0]
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        ids = list(pool.map(lambda _: one(), range(20)))
    elapsed = time.monotonic() - started
    assert len(set(ids)) == 20  # each answered on its own connection
    assert elapsed < 2.0, elapsed  # 20 x 100 ms handlers overlap (sequentially: 2 s)


def test_extended_protocol_passes_parameters_as_query_args(shop):
    with psycopg.connect(dsn(shop)) as conn:
        row = conn.execute("select args %s, %s", (5, "x"), prepare=True).fetchone()
    assert row == ("[5, 'x']", False)


def test_server_version_is_reported(shop):
    out = psql(shop, "-At", "-c", "SHOW server_version")
    assert out.stdout.strip() == "15.4 (riffq on duckwire)"
    with psycopg2.connect(dsn(shop)) as conn:
        assert conn.server_version == 150004


def test_catalog_emulation_shows_exactly_the_registered_objects_to_psql(shop):
    out = psql(shop, "-c", r"\dt sales.*")
    assert out.returncode == 0, out.stderr
    assert "sales  | orders | table" in out.stdout
    described = psql(shop, "-c", r"\d sales.orders")
    assert described.returncode == 0, described.stderr
    lines = described.stdout
    assert "id     | bigint                      |           | not null |" in lines
    assert "note   | text                        |           |          |" in lines
    assert "placed | timestamp without time zone |" in lines
    schemas = psql(shop, "-At", "-c", r"\dn")
    assert schemas.stdout.splitlines() == ["public|user", "sales|user"]  # public: PostgreSQL's own
    databases = psql(shop, "-At", "-c", r"\l")
    assert [line.split("|")[0] for line in databases.stdout.splitlines()] == ["shop"]


def test_sqlalchemy_inspects_the_registered_tables(shop):
    engine = sqlalchemy.create_engine(f"postgresql+psycopg2://user:secret@127.0.0.1:{shop.port}/shop")
    inspector = sqlalchemy.inspect(engine)
    assert inspector.get_table_names(schema="sales") == ["orders"]
    columns = {c["name"]: c for c in inspector.get_columns("orders", schema="sales")}
    assert list(columns) == ["id", "note", "placed"]
    assert isinstance(columns["id"]["type"], sqlalchemy.BigInteger) and columns["id"]["nullable"] is False
    engine.dispose()


def test_ctrl_c_stops_the_program_cleanly():
    program = Program("riffq_shop.py")
    with psycopg2.connect(dsn(program)) as conn:
        conn.cursor().execute("select 1")
    assert program.interrupt() == 0
    assert program.lines[-1] == "stopped"


def test_tls_with_set_tls(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    make_certificate(cert, key)
    program = Program("riffq_shop.py", cert, key)
    try:
        with psycopg2.connect(dsn(program, sslmode="require")) as conn:
            assert conn.info.ssl_in_use
            cur = conn.cursor()
            cur.execute("select types")
            assert len(cur.fetchall()) == 3
    finally:
        program.stop()


def test_set_tls_refuses_missing_files(tmp_path):
    code = ("import riffq\n"
            "server = riffq.RiffqServer('127.0.0.1:0', riffq.BaseConnection)\n"
            f"server.set_tls({str(tmp_path / 'missing.crt')!r}, {str(tmp_path / 'missing.key')!r})\n")
    out = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": PACKAGES})
    assert out.returncode != 0
    assert "OSError: Certificate not found in" in out.stderr


def test_pgjdbc_metadata_sees_exactly_the_registered_objects(shop, tmp_path):
    source = pathlib.Path(__file__).resolve().parents[1] / "java" / "PgJdbcClient.java"
    driver = "/usr/share/java/postgresql.jar"
    subprocess.run(["javac", "-cp", driver, "-d", str(tmp_path), str(source)], check=True, capture_output=True)
    url = f"jdbc:postgresql://127.0.0.1:{shop.port}/shop"
    out = subprocess.run(["java", "-cp", f"{driver}:{tmp_path}", "PgJdbcClient", url, "user", "secret",
                          "registered-metadata"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert [line for line in lines if line.startswith("table")] == ["table: sales | orders | TABLE"]
    assert [line for line in lines if line.startswith("column")] == [
        "column: 1 | id | -5 | int8 | 0", "column: 2 | note | 12 | text | 1", "column: 3 | placed | 93 | timestamp | 1"]
    schemas = [line for line in lines if line.startswith("schema")]
    assert "schema: sales" in schemas and "schema: public" in schemas
