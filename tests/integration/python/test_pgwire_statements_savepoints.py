"""Savepoints over the PostgreSQL protocol. DuckDB transactions have none: SAVEPOINT and RELEASE keep
PostgreSQL's tags and errors, and ROLLBACK TO SAVEPOINT is refused with 0A000, leaving the block failed so
that COMMIT rolls the whole transaction back and nothing the client meant to undo is committed."""
import psycopg2
import pytest

from conftest import Server
from pg_statements_support import free_port, connect, sqlstate_of


@pytest.fixture(scope="module")
def pg():
    server = Server("--pg-port", str(free_port()))
    with connect(server) as conn:
        conn.autocommit = True
        conn.cursor().execute("CREATE TABLE saved (x INTEGER)")
    yield server
    server.stop()


def count_rows(pg):
    with connect(pg) as conn:
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM saved")
        return cur.fetchone()[0]


def test_savepoint_and_release_inside_a_committed_block(pg):
    with connect(pg) as conn:
        cur = conn.cursor()
        cur.execute("DELETE FROM saved")
        cur.execute("SAVEPOINT outer_sp")
        assert cur.statusmessage == "SAVEPOINT"
        cur.execute("INSERT INTO saved VALUES (1)")
        cur.execute("SAVEPOINT inner_sp")
        cur.execute("INSERT INTO saved VALUES (2)")
        cur.execute("RELEASE SAVEPOINT outer_sp")
        assert cur.statusmessage == "RELEASE"
        # Releasing a savepoint releases the later ones too.
        assert sqlstate_of(lambda: cur.execute("RELEASE inner_sp")) == "3B001"
        conn.rollback()
        cur.execute("INSERT INTO saved VALUES (3)")
        cur.execute("SAVEPOINT s")
        cur.execute("RELEASE s")
        conn.commit()
    assert count_rows(pg) == 1


def test_rollback_to_savepoint_is_refused_and_the_whole_block_rolls_back(pg):
    with connect(pg) as conn:
        conn.autocommit = True
        conn.cursor().execute("DELETE FROM saved")
    with connect(pg) as conn:
        cur = conn.cursor()
        cur.execute("INSERT INTO saved VALUES (1)")
        cur.execute("SAVEPOINT before_two")
        cur.execute("INSERT INTO saved VALUES (2)")
        with pytest.raises(psycopg2.errors.FeatureNotSupported) as refused:
            cur.execute("ROLLBACK TO SAVEPOINT before_two")
        assert "DuckDB transactions have no savepoints" in str(refused.value)
        assert sqlstate_of(lambda: cur.execute("SELECT 1")) == "25P02"
        cur.execute("COMMIT")
        assert cur.statusmessage == "ROLLBACK"
    assert count_rows(pg) == 0


def test_savepoint_outside_a_block_and_unknown_names(pg):
    conn = connect(pg)
    conn.autocommit = True
    assert sqlstate_of(lambda: conn.cursor().execute("SAVEPOINT lonely")) == "25P01"
    conn.close()
    with connect(pg) as conn:
        cur = conn.cursor()
        cur.execute("SELECT 1")
        assert sqlstate_of(lambda: cur.execute("ROLLBACK TO SAVEPOINT never_set")) == "3B001"
        conn.rollback()
        cur.execute("SELECT 2")
        assert cur.fetchone() == (2,)
