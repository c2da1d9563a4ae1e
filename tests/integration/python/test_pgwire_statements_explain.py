"""EXPLAIN over the PostgreSQL protocol answers as PostgreSQL does: one column "QUERY PLAN", a text row
per line of the plan (psql prints it as such), one json value for FORMAT JSON (asyncpg decodes it), in
the simple and the extended protocol, with parameters."""
import psycopg
import psycopg2
import pytest

from conftest import Server
from pg_statements_support import free_port, connect, pg_port


@pytest.fixture(scope="module")
def pg():
    server = Server("--pg-port", str(free_port()))
    with connect(server) as conn:
        conn.autocommit = True
        conn.cursor().execute("CREATE TABLE planned AS SELECT range AS id, 'x' || range AS name FROM range(1000)")
    yield server
    server.stop()


def test_text_plan_is_a_row_per_line_in_one_query_plan_column(pg):
    with connect(pg) as conn:
        cur = conn.cursor()
        cur.execute("EXPLAIN SELECT name FROM planned WHERE id > 10 ORDER BY id")
        assert [d.name for d in cur.description] == ["QUERY PLAN"]
        assert cur.description[0].type_code == 25
        assert cur.statusmessage == "EXPLAIN"
        lines = [row[0] for row in cur.fetchall()]
        assert len(lines) > 3
        assert all("\n" not in line for line in lines)
        assert any("ORDER_BY" in line for line in lines)
        assert any("planned" in line.lower() for line in lines)


def test_verbose_and_costs_options_are_accepted(pg):
    with connect(pg) as conn:
        cur = conn.cursor()
        cur.execute("EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM planned")
        assert any("AGGREGATE" in row[0] for row in cur.fetchall())


def test_json_plan_is_one_json_value_with_parameters_bound_server_side(pg):
    dsn = f"host=127.0.0.1 port={pg_port(pg)} user=duckwire dbname=duckwire"
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("EXPLAIN (FORMAT JSON, VERBOSE) SELECT id FROM planned WHERE id > %s ORDER BY id",
                            (5,), prepare=True).fetchall()
        assert len(rows) == 1
        plan = rows[0][0]  # psycopg decodes json (OID 114) into Python values
        assert isinstance(plan, list) and plan[0]["name"]


def test_explain_analyze_runs_the_statement(pg):
    with connect(pg) as conn:
        cur = conn.cursor()
        cur.execute("EXPLAIN ANALYZE SELECT count(*) FROM planned")
        text = "\n".join(row[0] for row in cur.fetchall())
        assert "Total Time" in text


def test_a_failing_explain_gets_the_statements_error(pg):
    with connect(pg) as conn:
        cur = conn.cursor()
        with pytest.raises(psycopg2.errors.UndefinedTable):
            cur.execute("EXPLAIN SELECT * FROM no_such_table")
