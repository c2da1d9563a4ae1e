"""SQL cursors over the PostgreSQL protocol: psycopg2 named cursors (DECLARE / FETCH FORWARD n / CLOSE),
WITH HOLD cursors that outlive their transaction, and the errors PostgreSQL gives."""
import psycopg2
import pytest

from conftest import Server
from pg_statements_support import free_port, connect, sqlstate_of


@pytest.fixture(scope="module")
def pg():
    server = Server("--pg-port", str(free_port()))
    yield server
    server.stop()


def test_named_cursor_fetches_in_batches(pg):
    with connect(pg) as conn:
        with conn.cursor(name="batches") as cur:
            cur.itersize = 1000
            cur.execute("SELECT range AS n FROM range(25000)")
            seen = [row[0] for row in cur]
        assert seen == list(range(25000))


def test_fetch_move_and_close_statements(pg):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.execute("DECLARE c CURSOR FOR SELECT range AS n FROM range(10)")
        assert cur.statusmessage == "DECLARE CURSOR"
        cur.execute("FETCH FORWARD 3 FROM c")
        assert cur.fetchall() == [(0,), (1,), (2,)]
        assert cur.statusmessage == "FETCH 3"
        assert cur.description[0].name == "n"
        cur.execute("MOVE FORWARD 2 IN c")
        assert cur.statusmessage == "MOVE 2"
        cur.execute("FETCH NEXT FROM c")
        assert cur.fetchall() == [(5,)]
        cur.execute("FETCH ALL FROM c")
        assert cur.fetchall() == [(6,), (7,), (8,), (9,)]
        cur.execute("FETCH c")
        assert cur.fetchall() == []
        assert cur.statusmessage == "FETCH 0"
        cur.execute("CLOSE c")
        assert cur.statusmessage == "CLOSE CURSOR"
        assert sqlstate_of(lambda: cur.execute("FETCH c")) == "34000"


def test_scroll_cursor_goes_to_absolute_and_relative_positions(pg):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.execute("DECLARE s SCROLL CURSOR FOR SELECT range AS n FROM range(1, 11)")
        cur.execute("FETCH 3 FROM s")
        assert cur.fetchall() == [(1,), (2,), (3,)]
        cur.execute("FETCH ABSOLUTE 2 FROM s")
        assert (cur.fetchall(), cur.statusmessage) == ([(2,)], "FETCH 1")
        cur.execute("MOVE ABSOLUTE 0 FROM s")
        assert cur.statusmessage == "MOVE 0"
        cur.execute("FETCH NEXT FROM s")
        assert cur.fetchall() == [(1,)]
        cur.execute("FETCH RELATIVE 2 FROM s")
        assert cur.fetchall() == [(3,)]
        cur.execute("MOVE ABSOLUTE 5 IN s")
        assert cur.statusmessage == "MOVE 1"
        cur.execute("FETCH s")
        assert cur.fetchall() == [(6,)]
        cur.execute("FETCH ABSOLUTE 20 FROM s")
        assert (cur.fetchall(), cur.statusmessage) == ([], "FETCH 0")
        cur.execute("DECLARE f NO SCROLL CURSOR FOR SELECT range AS n FROM range(5)")
        cur.execute("FETCH 2 FROM f")
        assert sqlstate_of(lambda: cur.execute("FETCH ABSOLUTE 1 FROM f")) == "55000"


def test_a_cursor_keeps_its_rows_while_other_statements_run(pg):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.execute("DECLARE big CURSOR FOR SELECT range AS n FROM range(100000)")
        cur.execute("FETCH 2 FROM big")
        assert cur.fetchall() == [(0,), (1,)]
        cur.execute("SELECT 42")
        assert cur.fetchone() == (42,)
        cur.execute("FETCH 2 FROM big")
        assert cur.fetchall() == [(2,), (3,)]


def test_with_hold_cursor_survives_commit(pg):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.execute("DECLARE held CURSOR WITH HOLD FOR SELECT range AS n FROM range(5)")
        cur.execute("DECLARE gone CURSOR FOR SELECT 1")
        conn.commit()
        cur.execute("FETCH ALL FROM held")
        assert cur.fetchall() == [(0,), (1,), (2,), (3,), (4,)]
        assert sqlstate_of(lambda: cur.execute("FETCH gone")) == "34000"
        conn.rollback()
        cur.execute("CLOSE ALL")
        assert cur.statusmessage == "CLOSE CURSOR ALL"
