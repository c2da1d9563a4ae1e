"""asyncpg 0.27 (Debian) against the PostgreSQL front door: binary results and parameters for every shared
type, prepared statements, cursors in a transaction, COPY in and out, a pool whose reset query runs on
release, and no type introspection for built-in types."""
import asyncio
import csv
import decimal
import io
import json

import asyncpg
import pytest

import pg_samples
from pg_fixtures import pg_certificate, pg_target, postgres_cluster  # noqa: F401


@pytest.fixture(scope="module")
def db(pg_target):
    pg_target.run_statements(pg_samples.CREATE, "CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, active boolean)")
    return pg_target


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 60))


async def connect(db, **kwargs):
    return await asyncpg.connect(host=db.host, port=db.port, user=db.user, password=db.password,
                                 database=db.dbname, ssl=False, **kwargs)


class CountingIntrospection(asyncpg.Connection):
    """Records the type OIDs asyncpg looks up in the server's catalog (unknown types and arrays)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.introspected = []

    async def _introspect_types(self, typeoids, timeout):
        self.introspected.append(list(typeoids))
        return await super()._introspect_types(typeoids, timeout)


def as_parameter(name, value):
    """asyncpg takes json as its text."""
    return json.dumps(value) if name == "j" and value is not None else value


def from_result(name, value):
    return json.loads(value) if name == "j" and value is not None else value


def test_every_shared_type_round_trips_in_binary(db):
    async def scenario():
        connection = await connect(db, connection_class=CountingIntrospection)
        placeholders = ", ".join(f"${number}" for number in range(1, len(pg_samples.NAMES) + 2))
        insert = f"INSERT INTO samples (id, {', '.join(pg_samples.NAMES)}) VALUES ({placeholders})"
        await connection.executemany(insert, [
            [number, *(as_parameter(name, row[name]) for name in pg_samples.NAMES)]
            for number, row in enumerate(pg_samples.ROWS)])
        statement = await connection.prepare(pg_samples.SELECT)
        attributes = [(attribute.name, attribute.type.oid) for attribute in statement.get_attributes()]
        rows = await statement.fetch()
        introspections = connection.introspected
        await connection.close()
        return attributes, rows, introspections

    attributes, rows, introspections = run(scenario())
    assert attributes == [(name, pg_samples.OIDS[name]) for name in pg_samples.NAMES]
    assert [{name: from_result(name, row[name]) for name in pg_samples.NAMES} for row in rows] == pg_samples.ROWS
    # asyncpg builds array codecs by reading the catalog (PostgreSQL 15 too); a scalar built-in type never is.
    introspected = {oid for batch in introspections for oid in batch}
    assert introspected <= {oid for name, sql_type, oid in pg_samples.COLUMNS if sql_type.endswith("[]")}


def test_every_shared_type_comes_back_as_a_parameter(db):
    async def scenario():
        connection = await connect(db)
        returned = {}
        for name, sql_type, _ in pg_samples.COLUMNS:
            for row in pg_samples.ROWS:
                value = await connection.fetchval(f"SELECT $1::{sql_type}", as_parameter(name, row[name]))
                returned.setdefault(name, []).append(from_result(name, value))
        await connection.close()
        return returned

    returned = run(scenario())
    assert returned == {name: [row[name] for row in pg_samples.ROWS] for name in pg_samples.NAMES}


@pytest.mark.parametrize("label, duckdb_sql, postgres_sql, oid, expected", pg_samples.DUCKDB_ONLY,
                         ids=pg_samples.DUCKDB_ONLY_IDS)
def test_duckdb_only_types_arrive_in_binary_as_their_postgres_types(db, label, duckdb_sql, postgres_sql, oid,
                                                                    expected):
    async def scenario():
        connection = await connect(db)
        statement = await connection.prepare(f"SELECT {duckdb_sql if db.is_duckwire else postgres_sql} AS v")
        type_oid = statement.get_attributes()[0].type.oid
        value = await statement.fetchval()
        await connection.close()
        return type_oid, json.loads(value) if type_oid == 114 else value

    type_oid, value = run(scenario())
    assert type_oid == oid
    assert pg_samples.same_value(value, expected), value


def test_prepared_statement_reports_its_parameters_and_runs_again(db):
    async def scenario():
        connection = await connect(db)
        await connection.execute("INSERT INTO items SELECT g, 'item ' || g, g % 2 = 0 FROM generate_series(1, 6) AS s(g)")
        statement = await connection.prepare("SELECT id, name FROM items WHERE id > $1 AND active = $2 ORDER BY id")
        parameters = [parameter.oid for parameter in statement.get_parameters()]
        first, second = await statement.fetch(2, True), await statement.fetch(0, False)
        await connection.execute("DELETE FROM items")
        await connection.close()
        return parameters, first, second

    parameters, first, second = run(scenario())
    assert parameters == [23, 16]
    assert [tuple(row) for row in first] == [(4, "item 4"), (6, "item 6")]
    assert [tuple(row) for row in second] == [(1, "item 1"), (3, "item 3"), (5, "item 5")]


def test_cursors_in_a_transaction(db):
    async def scenario():
        connection = await connect(db)
        async with connection.transaction():
            iterated = [row["g"] async for row in connection.cursor(
                "SELECT g FROM generate_series(1, $1) AS s(g) ORDER BY g", 1000, prefetch=50)]
            cursor = await connection.cursor("SELECT g FROM generate_series(1, 100) AS s(g) ORDER BY g")
            chunk = [row["g"] for row in await cursor.fetch(20)]
            moved = await cursor.forward(5)
            after = (await cursor.fetchrow())["g"]
        await connection.close()
        return iterated, chunk, moved, after

    iterated, chunk, moved, after = run(scenario())
    assert iterated == list(range(1, 1001))
    assert chunk == list(range(1, 21))
    assert (moved, after) == (5, 26)


def test_copy_records_to_table_and_copy_from_query(db):
    async def scenario():
        connection = await connect(db)
        records = [(number, f"copied {number}", number % 3 == 0) for number in range(1, 501)]
        status = await connection.copy_records_to_table("items", records=records, columns=["id", "name", "active"])
        output = io.BytesIO()
        await connection.copy_from_query("SELECT id, name, active FROM items WHERE id > $1 ORDER BY id", 497,
                                         output=output, format="csv", header=True)
        count = await connection.fetchval("SELECT count(*) FROM items WHERE active")
        await connection.execute("DELETE FROM items")
        await connection.close()
        return status, output.getvalue().decode(), count

    status, exported, count = run(scenario())
    assert status == "COPY 500"
    assert list(csv.reader(io.StringIO(exported))) == [
        ["id", "name", "active"], ["498", "copied 498", "t"], ["499", "copied 499", "f"], ["500", "copied 500", "f"]]
    assert count == 166


def test_pool_releases_connections_through_the_reset_query(db):
    async def scenario():
        pool = await asyncpg.create_pool(host=db.host, port=db.port, user=db.user, password=db.password,
                                         database=db.dbname, ssl=False, min_size=1, max_size=1)
        async with pool.acquire() as connection:
            default_zone = await connection.fetchval("SHOW TimeZone")
            await connection.execute("SET TimeZone TO 'Asia/Tokyo'")
            changed = await connection.fetchval("SHOW TimeZone")
            first_pid = connection.get_server_pid()
        async with pool.acquire() as connection:
            after_release = await connection.fetchval("SHOW TimeZone")
            same_connection = connection.get_server_pid() == first_pid
            async with connection.transaction():
                inside = await connection.fetchval("SELECT 6 * 7")
        total = await pool.fetchval("SELECT count(*) FROM generate_series(1, 10) AS s(g)")
        await pool.close()
        return default_zone, changed, after_release, same_connection, inside, total

    default_zone, changed, after_release, same_connection, inside, total = run(scenario())
    assert changed == "Asia/Tokyo"
    assert same_connection
    assert after_release == default_zone
    assert (inside, total) == (42, 10)


def test_errors_carry_their_sqlstate(db):
    async def scenario():
        connection = await connect(db)
        await connection.execute("INSERT INTO items VALUES (1, 'one', true)")
        errors = []
        for statement in ("INSERT INTO items VALUES (1, 'again', false)", "SELECT * FROM no_such_table",
                          "SELECT no_such_column FROM items", "SELEC 1"):
            try:
                await connection.execute(statement)
            except asyncpg.PostgresError as error:
                errors.append(error.sqlstate)
        still = await connection.fetchval("SELECT count(*) FROM items")
        await connection.execute("DELETE FROM items")
        await connection.close()
        return errors, still

    errors, still = run(scenario())
    assert errors == ["23505", "42P01", "42703", "42601"]
    assert still == 1


def test_decimal_parameters_keep_their_digits(db):
    async def scenario():
        connection = await connect(db)
        values = [decimal.Decimal(text) for text in ("0", "-1.5", "12345678901234567890.123456789", "1E-20")]
        returned = [await connection.fetchval("SELECT $1::numeric", value) for value in values]
        await connection.close()
        return values, returned

    values, returned = run(scenario())
    assert returned == values
