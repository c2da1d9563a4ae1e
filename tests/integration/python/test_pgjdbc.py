"""pgJDBC 42.5 (Debian's /usr/share/java/postgresql.jar on the JDK) against the PostgreSQL port.

tests/integration/java/PgJdbcClient.java does what an application does, one case per run, and prints
what it sees; each test here asserts those lines. The schema is ../pg_reference/cli_schema.sql.
"""
import pathlib
import subprocess

import pytest

from pg_targets import pg_target  # noqa: F401 (fixture)

SOURCE = pathlib.Path(__file__).resolve().parents[1] / "java" / "PgJdbcClient.java"
DRIVER = "/usr/share/java/postgresql.jar"


@pytest.fixture(scope="module")
def classes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pgjdbc-classes")
    subprocess.run(["javac", "-Xlint:all", "-Werror", "-cp", DRIVER, "-d", str(folder), str(SOURCE)], check=True,
                   capture_output=True, text=True)
    return folder


@pytest.fixture
def jdbc(pg_target, classes):
    def run(case):
        url = f"jdbc:postgresql://{pg_target.host}:{pg_target.port}/{pg_target.database}"
        result = subprocess.run(["java", "-Duser.timezone=UTC", "-cp", f"{DRIVER}:{classes}", "PgJdbcClient", url,
                                 pg_target.user, pg_target.password, case], capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.splitlines()

    return run


def test_connect_with_password(jdbc):
    assert jdbc("connect") == [
        "product: PostgreSQL",
        "major version: 15",
        "user: clitest",
        "valid: true",
        "version() starts with PostgreSQL 15: true",
        "wrong password: 28P01",
    ]


def test_prepared_statement_parameters_of_several_types(jdbc):
    assert jdbc("prepared") == [f"insert {k}: 1" for k in range(1, 7)] + [
        "row: 1 | 9000000001 | row 1 'quoted' ü | 13.500 | 2024-01-31 | 2024-01-31 12:00:00.5 | false | 0100ff01 | "
        "null | true",
        "row: 6 | 9000000006 | row 6 'quoted' ü | 18.500 | 2024-01-30 | 2024-01-31 12:00:00.5 | true | 0100ff06 | "
        "null | true",
    ]


def test_execute_batch(jdbc):
    assert jdbc("batch") == [
        "prepared batch: [1, 1, 1]",
        "statement batch: [1, 2]",
        "row: 1 BATCHED 1",
        "row: 2 BATCHED 2",
        "row: 3 batched 3",
        "row: 4 four",
    ]


def test_database_metadata(jdbc):
    assert jdbc("metadata") == [
        "table: shop | customers | TABLE | null",
        "table: shop | orders | TABLE | Orders placed by customers",
        "table: shop | big_orders | VIEW | null",
        "column: 1 | id | 4 | int4 | 10 | 0 | 0 | null | null",
        "column: 2 | customer_id | 4 | int4 | 10 | 0 | 0 | null | null",
        "column: 3 | total | 2 | numeric | 10 | 2 | 0 | 0 | Amount in euros",
        "column: 4 | note | 12 | text | 2147483647 | 0 | 1 | null | null",
        "column: 5 | placed_on | 91 | date | 13 | 0 | 1 | null | null",
        "column: 6 | paid | -7 | bool | 1 | 0 | 1 | null | null",
        "primary key: id | 1 | orders_pkey",
        "imported key: shop | customers | id | orders | customer_id | 1 | orders_customer_id_fkey | customers_pkey",
        "exported key: customers | id | orders | customer_id",
        "index: orders_pkey | f | 1 | id",
        "index: orders_customer_idx | t | 1 | customer_id",
        "schema: information_schema",
        "schema: pg_catalog",
        "schema: public",
        "schema: shop",
        "type: bool | -7",
        "type: bytea | -2",
        "type: date | 91",
        "type: float4 | 7",
        "type: float8 | 8",
        "type: int2 | 5",
        "type: int4 | 4",
        "type: int8 | -5",
        "type: interval | 1111",
        "type: json | 1111",
        "type: numeric | 2",
        "type: text | 12",
        "type: time | 92",
        "type: timestamp | 93",
        "type: timestamptz | 93",
        "type: uuid | 1111",
        "type: varchar | 12",
    ]


def test_result_set_metadata(jdbc):
    assert jdbc("resultset-metadata") == [
        "column 1: id | int4 | 4 | 10 | 0 | java.lang.Integer",
        "column 2: total | numeric | 2 | 10 | 2 | java.math.BigDecimal",
        "column 3: note | text | 12 | 2147483647 | 0 | java.lang.String",
        "column 4: placed_on | date | 91 | 13 | 0 | java.sql.Date",
        "column 5: paid | bool | -7 | 1 | 0 | java.lang.Boolean",
        "column 6: f | float8 | 8 | 17 | 17 | java.lang.Double",
        "column 7: big | int8 | -5 | 19 | 0 | java.lang.Long",
        "column 8: ts | timestamp | 93 | 29 | 6 | java.sql.Timestamp",
        "first row: 1 | 120.50 | first | 2024-01-31 | true | 1.5 | 7 | 2024-01-31 12:00:00.0",
    ]


def test_fetch_size_with_a_second_statement_in_between(jdbc):
    assert jdbc("fetch-size") == [
        "second statement: 3",
        "first statement rows: 250",
        "first statement sum: 31375",
        "parameterised rows: 230",
    ]


def test_commit_and_rollback(jdbc):
    assert jdbc("transactions") == [
        "inside, own view: 1",
        "inside, other connection: 0",
        "after rollback: 0",
        "after commit, other connection: 1",
        "duplicate: 23505",
        "after the error: 25P02",
        "after rollback of the failed transaction: 1",
    ]
