"""psql 15 against the PostgreSQL port: connecting (password, with and without TLS), the catalog
meta-commands, \\x, \\copy both ways, an aborted transaction, FETCH_COUNT and Ctrl-C.

Each output is compared with what psql prints for a throwaway PostgreSQL 15 holding the same schema
(../pg_reference/cli_schema.sql), modulo owner names and sizes (see psql_output.py).
"""
import signal
import subprocess
import time

import pytest

from pg_targets import pg_target, reference_pg  # noqa: F401 (fixtures)
from psql_output import normalise

LONG_QUERY = "SELECT sum(x) FROM generate_series(1, 3000000000) AS t(x)"


def compare(target, reference, *args, **kwargs):
    """Runs the same psql command line on both servers; asserts the same exit code, standard output
    and standard error (normalised). Returns the target's CompletedProcess."""
    got = target.psql(*args, **kwargs)
    want = reference.psql(*args, **kwargs)
    assert (got.returncode, normalise(got.stdout, target.port), normalise(got.stderr, target.port)) == (
        want.returncode, normalise(want.stdout, reference.port), normalise(want.stderr, reference.port))
    return got


def test_password_connection_without_tls(pg_target):
    result = pg_target.psql("-c", r"\conninfo", "-c", "SELECT current_user, 1 + 1 AS two", sslmode="disable")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (f'You are connected to database "clitests" as user "clitest" on host "127.0.0.1" '
                        f'at port "{pg_target.port}".')
    assert "SSL connection" not in result.stdout
    assert [line.split("|") for line in lines[3:4]] == [[" clitest      ", "   2"]]


def test_password_connection_with_tls_verifying_the_certificate(pg_target):
    result = pg_target.psql("-c", r"\conninfo", "-c", "SELECT 'secure' AS s", sslmode="verify-full",
                            env={"PGSSLROOTCERT": pg_target.cert})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith('You are connected to database "clitests" as user "clitest" on host "127.0.0.1"')
    assert lines[1].startswith("SSL connection (protocol: TLSv1.") and lines[1].endswith(", compression: off)")
    assert " secure" in lines


def test_wrong_password_is_refused_like_postgres(pg_target, reference_pg):
    result = compare(pg_target, reference_pg, "-c", "SELECT 1", env={"PGPASSWORD": "not-the-password"})
    assert result.returncode == 2
    assert 'FATAL:  password authentication failed for user "clitest"' in result.stderr


CATALOG_COMMANDS = {
    "list-databases": ([r"\l clitests"], "clitests"),
    "schemas": ([r"\dn"], "shop"),
    "tables": ([r"\dt shop.*"], "orders"),
    "tables-verbose": ([r"\dt+ shop.*"], "Orders placed by customers"),
    "views": ([r"\dv shop.*"], "big_orders"),
    "indexes": ([r"\di shop.*"], "orders_customer_idx"),
    "relations": (["SET search_path TO shop", r"\d"], "big_orders"),
    "describe-table": ([r"\d shop.orders"], '"orders_customer_id_fkey" FOREIGN KEY (customer_id) REFERENCES'),
    "describe-table-verbose": ([r"\d+ shop.orders"], "Amount in euros"),
    "describe-referenced-table": ([r"\d shop.customers"], "Referenced by:"),
    "functions": ([r"\df"], "List of functions"),
    "roles": ([r"\du clitest"], "clitest"),
    "types": ([r"\dT shop.*"], "mood"),
}


@pytest.mark.parametrize("case", CATALOG_COMMANDS)
def test_catalog_command(pg_target, reference_pg, case):
    commands, expected = CATALOG_COMMANDS[case]
    args = [arg for command in commands for arg in ("-c", command)]
    result = compare(pg_target, reference_pg, *args)
    assert result.returncode == 0 and expected in result.stdout


def test_query_results(pg_target, reference_pg):
    compare(pg_target, reference_pg, "-c", "SELECT * FROM shop.orders ORDER BY id", "-c",
            "SELECT o.id, c.name, c.mood, o.total * 2 AS doubled FROM shop.orders o "
            "JOIN shop.customers c ON c.id = o.customer_id ORDER BY o.id")


def test_expanded_display(pg_target, reference_pg):
    result = compare(pg_target, reference_pg, "-c", r"\x", "-c", "SELECT * FROM shop.orders WHERE id = 1")
    assert result.stdout.startswith("Expanded display is on.\n-[ RECORD 1 ]")


def test_copy_to_files(pg_target, reference_pg, tmp_path):
    outputs = {}
    for server in (pg_target, reference_pg):
        folder = tmp_path / server.kind
        folder.mkdir(exist_ok=True)
        result = server.psql("-c", rf"\copy shop.orders to '{folder}/orders.txt'", "-c",
                             rf"\copy (SELECT id, note, total FROM shop.orders ORDER BY id) to '{folder}/notes.csv' "
                             "with (format csv, header)")
        assert result.returncode == 0, result.stderr
        outputs[server.kind] = (result.stdout, (folder / "orders.txt").read_text(),
                                (folder / "notes.csv").read_text())
    assert outputs[pg_target.kind] == outputs["postgres"]
    assert outputs["postgres"][0] == "COPY 3\nCOPY 3\n"
    assert 'tab\\tand "quote"' in outputs["postgres"][1]


def test_copy_from_files(pg_target, reference_pg, tmp_path):
    text_rows = tmp_path / "rows.txt"
    text_rows.write_text("1\tone\t2024-01-01\n2\t\\N\t\\N\n3\ttab\\there\\\\back\t2024-03-01\n")
    csv_rows = tmp_path / "rows.csv"
    csv_rows.write_text('id,note\n4,"comma, and ""quotes"""\n5,\n')
    bad_rows = tmp_path / "bad.txt"
    bad_rows.write_text("6\tfine\t2024-01-01\nseven\tbad id\t2024-01-01\n")
    result = compare(pg_target, reference_pg,
                     "-c", "CREATE TABLE copied (id integer, note text, day date)",
                     "-c", rf"\copy copied from '{text_rows}'",
                     "-c", rf"\copy copied (id, note) from '{csv_rows}' with (format csv, header)",
                     "-c", r"\set VERBOSITY sqlstate",
                     "-c", rf"\copy copied from '{bad_rows}'",
                     "-c", r"\set VERBOSITY default",
                     "-c", "SELECT id, note, day, note IS NULL AS null_note FROM copied ORDER BY id")
    assert "COPY 3\nCOPY 2\n" in result.stdout
    assert "ERROR:  22P02" in result.stderr
    assert "(5 rows)" in result.stdout


def test_failing_statement_inside_begin_aborts_the_transaction(pg_target, reference_pg, tmp_path):
    script = tmp_path / "aborted.sql"
    script.write_text("BEGIN;\n"
                      "UPDATE shop.orders SET note = 'changed' WHERE id = 2;\n"
                      "\\set VERBOSITY sqlstate\n"
                      "SELECT no_such_column FROM shop.orders;\n"
                      "\\set VERBOSITY default\n"
                      "SELECT count(*) FROM shop.orders;\n"
                      "COMMIT;\n"
                      "SELECT id, note IS NULL AS unchanged FROM shop.orders WHERE id = 2;\n")
    result = compare(pg_target, reference_pg, "-f", str(script))
    assert result.stderr == (f"psql:{script}:4: ERROR:  42703\n"
                             f"psql:{script}:6: ERROR:  current transaction is aborted, commands ignored until "
                             "end of transaction block\n")
    assert result.stdout.startswith("BEGIN\nUPDATE 1\nROLLBACK\n")


def test_fetch_count_reads_through_a_cursor(pg_target, reference_pg):
    result = compare(pg_target, reference_pg, "-c", r"\set FETCH_COUNT 3", "-c",
                     "SELECT x, x * x AS square FROM generate_series(1, 10) AS t(x)", "-c",
                     "SELECT id, note FROM shop.orders ORDER BY id")
    assert "(10 rows)" in result.stdout and "(3 rows)" in result.stdout


def test_ctrl_c_cancels_the_running_statement(pg_target):
    psql = subprocess.Popen(["psql", "-X", "-c", LONG_QUERY], env=pg_target.libpq_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(2)  # connected and running: the query takes far longer than this on either server
    assert psql.poll() is None, psql.communicate()
    started = time.monotonic()
    psql.send_signal(signal.SIGINT)
    stdout, stderr = psql.communicate(timeout=30)
    assert (psql.returncode, stdout) == (1, "")
    assert stderr == "Cancel request sent\nERROR:  canceling statement due to user request\n"
    assert time.monotonic() - started < 20
    after = pg_target.psql("-At", "-c", "SELECT 42")
    assert (after.returncode, after.stdout) == (0, "42\n")
