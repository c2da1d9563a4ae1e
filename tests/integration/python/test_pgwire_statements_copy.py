"""COPY TO STDOUT and COPY FROM STDIN over the PostgreSQL protocol: psycopg2's copy_expert, psycopg 3's copy
and psql's \\copy, in text, csv and binary, streamed both ways and atomic on error."""
import io
import os
import subprocess

import psycopg
import psycopg2
import pytest

from conftest import Server
from pg_statements_support import free_port, connect, pg_port


@pytest.fixture(scope="module")
def pg():
    server = Server("--pg-port", str(free_port()))
    yield server
    server.stop()


@pytest.fixture
def table(pg, request):
    name = "copy_" + request.node.name[5:40]
    with connect(pg) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {name}")
            cur.execute(f"CREATE TABLE {name} (id INTEGER, note VARCHAR, amount DECIMAL(10,2), seen DATE)")
    return name


def rows_of(pg, sql):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def copy_in(pg, sql, data):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.copy_expert(sql, io.StringIO(data))
        return cur.rowcount, cur.statusmessage


def copy_out(pg, sql):
    out = io.StringIO()
    with connect(pg) as conn, conn.cursor() as cur:
        cur.copy_expert(sql, out)
        return out.getvalue(), cur.statusmessage



def test_csv_copy_in_with_header_quotes_and_column_list(pg, table):
    data = 'note,id\n"a, ""quoted"" note",1\n"multi\nline",2\n,3\n'
    count, _ = copy_in(pg, f"COPY {table} (note, id) FROM STDIN WITH (FORMAT csv, HEADER)", data)
    assert count == 3
    assert rows_of(pg, f"SELECT id, note, amount FROM {table} ORDER BY id") == [
        (1, 'a, "quoted" note', None),
        (2, "multi\nline", None),
        (3, None, None),
    ]


def test_copy_in_rows_spanning_many_messages(pg, table):
    rows = 50_000
    data = "".join(f"{i}\tnote number {i}\t{i}.25\t2024-01-01\n" for i in range(rows))
    with connect(pg) as conn, conn.cursor() as cur:
        cur.copy_expert(f"COPY {table} FROM STDIN", io.StringIO(data), size=777)  # rows split across messages
        assert cur.rowcount == rows
    assert rows_of(pg, f"SELECT count(*), sum(id), max(note) FROM {table}") == [
        (rows, rows * (rows - 1) // 2, "note number 9999")
    ]


def test_a_bad_row_fails_the_whole_copy_and_names_its_line(pg, table):
    data = "1\ta\t1\t2024-01-01\n2\tb\t2\t2024-01-02\nabc\tc\t3\t2024-01-03\n"
    with connect(pg) as conn, conn.cursor() as cur:
        with pytest.raises(psycopg2.Error) as failure:
            cur.copy_expert(f"COPY {table} FROM STDIN", io.StringIO(data))
        assert failure.value.pgcode == "22P02"
        assert 'invalid input syntax for type integer: "abc"' in failure.value.pgerror
        assert failure.value.diag.context == f'COPY {table}, line 3, column id: "abc"'
    assert rows_of(pg, f"SELECT count(*) FROM {table}") == [(0,)]


def test_missing_and_extra_columns_are_refused(pg, table):
    with connect(pg) as conn, conn.cursor() as cur:
        with pytest.raises(psycopg2.Error) as failure:
            cur.copy_expert(f"COPY {table} (id, note) FROM STDIN", io.StringIO("1\tx\n2\n"))
        assert failure.value.pgcode == "22P04"
        assert failure.value.diag.message_primary == 'missing data for column "note"'
        assert failure.value.diag.context == f'COPY {table}, line 2: "2"'
    with connect(pg) as conn, conn.cursor() as cur:
        with pytest.raises(psycopg2.Error) as failure:
            cur.copy_expert(f"COPY {table} (id) FROM STDIN", io.StringIO("1\tx\n"))
        assert failure.value.diag.message_primary == "extra data after last expected column"
    assert rows_of(pg, f"SELECT count(*) FROM {table}") == [(0,)]


def test_failed_copy_inside_a_transaction_aborts_it(pg, table):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.execute(f"INSERT INTO {table} (id) VALUES (100)")
        with pytest.raises(psycopg2.Error):
            cur.copy_expert(f"COPY {table} (id) FROM STDIN", io.StringIO("1\nnope\n"))
        with pytest.raises(psycopg2.Error) as aborted:
            cur.execute("SELECT 1")
        assert aborted.value.pgcode == "25P02"
        conn.rollback()
    assert rows_of(pg, f"SELECT count(*) FROM {table}") == [(0,)]
    with connect(pg) as conn:
        assert rows_of(pg, "SELECT 1") == [(1,)]  # served after the failure





def test_copy_fail_from_the_client_keeps_nothing(pg, table):
    port = pg_port(pg)
    with psycopg.connect(host="127.0.0.1", port=port, user="duckwire", dbname="duckwire", autocommit=True) as conn:
        with conn.cursor() as cur:
            with pytest.raises(psycopg.Error) as failure:
                with cur.copy(f"COPY {table} (id) FROM STDIN") as copy:
                    copy.write("1\n2\n")
                    raise RuntimeError("client gives up")
            assert failure.value.sqlstate == "57014"
            cur.execute(f"SELECT count(*) FROM {table}")
            assert cur.fetchone() == (0,)


def test_psql_backslash_copy_both_ways(pg, table, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("7,seven,7.7,2024-07-07\n8,eight,,\n")
    target = tmp_path / "out.csv"
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    base = ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(pg_port(pg)), "-U", "duckwire", "duckwire"]
    loaded = subprocess.run(base + ["-c", f"\\copy {table} from '{source}' with csv"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "COPY 2"
    saved = subprocess.run(base + ["-c", f"\\copy (SELECT * FROM {table} ORDER BY id) to '{target}' with csv"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert saved.returncode == 0, saved.stderr
    assert target.read_text() == "7,seven,7.70,2024-07-07\n8,eight,,\n"
