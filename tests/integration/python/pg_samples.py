"""One table holding a value of every type of the spec's table that PostgreSQL shares with DuckDB, the
values as Python gives them, and the type OID each column must carry. The client suites insert these rows
through their own parameter handling and read them back."""
import datetime
import decimal
import math
import uuid

UTC = datetime.timezone.utc

# (column, SQL type accepted by PostgreSQL and DuckDB alike, type OID on the wire)
COLUMNS = [
    ("b", "boolean", 16), ("i2", "smallint", 21), ("i4", "integer", 23), ("i8", "bigint", 20),
    ("f4", "real", 700), ("f8", "double precision", 701), ("n", "numeric(20,3)", 1700), ("t", "text", 25),
    ("ba", "bytea", 17), ("d", "date", 1082), ("tm", "time", 1083), ("ts", "timestamp", 1114),
    ("tstz", "timestamptz", 1184), ("iv", "interval", 1186), ("u", "uuid", 2950), ("j", "json", 114),
    ("a_int", "integer[]", 1007), ("a_big", "bigint[]", 1016), ("a_text", "text[]", 1009), ("a_float", "double precision[]", 1022),
    ("a_bool", "boolean[]", 1000), ("a_date", "date[]", 1182),
]

NAMES = [name for name, _, _ in COLUMNS]
OIDS = {name: oid for name, _, oid in COLUMNS}
CREATE = "CREATE TABLE samples (id integer PRIMARY KEY, " + ", ".join(
    f"{name} {sql_type}" for name, sql_type, _ in COLUMNS) + ")"
SELECT = "SELECT " + ", ".join(NAMES) + " FROM samples ORDER BY id"

TRICKY_TEXT = 'hé "quoted", {braces} \\ back\nslash'

ROWS = [
    dict(b=True, i2=32767, i4=-2147483648, i8=9223372036854775807, f4=1.5, f8=0.1,
         n=decimal.Decimal("123456789.125"), t=TRICKY_TEXT, ba=b"\x00\x0a\xff", d=datetime.date(2024, 1, 31),
         tm=datetime.time(12, 34, 56, 500000), ts=datetime.datetime(2024, 1, 31, 12, 0, 0, 500000),
         tstz=datetime.datetime(2024, 1, 31, 12, 0, tzinfo=UTC),
         iv=datetime.timedelta(days=3, hours=4, minutes=5, seconds=6, microseconds=7),
         u=uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), j={"a": [1, "x"], "b": None},
         a_int=[1, 2, None], a_big=[-9223372036854775807, 0], a_text=["a", "b c", "", None, 'q"u', "NULL", "{x}"],
         a_float=[1.5, -0.25], a_bool=[True, False], a_date=[datetime.date(2024, 1, 1), datetime.date(1999, 12, 31)]),
    {name: None for name in NAMES},
    dict(b=False, i2=-32768, i4=0, i8=-1, f4=float("inf"), f8=float("-inf"), n=decimal.Decimal("-0.001"), t="",
         ba=b"", d=datetime.date(1970, 1, 1), tm=datetime.time(0, 0), ts=datetime.datetime(2000, 1, 1),
         tstz=datetime.datetime(2030, 6, 1, 23, 59, 59, 999999, tzinfo=UTC), iv=datetime.timedelta(0),
         u=uuid.UUID("00000000-0000-0000-0000-000000000000"), j=[1, 2.5, "three"], a_int=[], a_big=[], a_text=[],
         a_float=[], a_bool=[], a_date=[]),
]

# DuckDB types PostgreSQL does not have, each with the PostgreSQL expression of the value duckwire must send
# in its place (the spec's type table): (label, DuckDB expression, PostgreSQL expression, type OID, Python value).
DUCKDB_ONLY = [
    ("tinyint", "(-128)::TINYINT", "(-128)::smallint", 21, -128),
    ("utinyint", "255::UTINYINT", "255::smallint", 21, 255),
    ("usmallint", "65535::USMALLINT", "65535::integer", 23, 65535),
    ("uinteger", "4294967295::UINTEGER", "4294967295::bigint", 20, 4294967295),
    ("ubigint", "18446744073709551615::UBIGINT", "18446744073709551615::numeric", 1700,
     decimal.Decimal("18446744073709551615")),
    ("hugeint", "(-170141183460469231731687303715884105727)::HUGEINT",
     "(-170141183460469231731687303715884105727)::numeric", 1700,
     decimal.Decimal("-170141183460469231731687303715884105727")),
    ("decimal", "12345678901234567890.1234567891::DECIMAL(38,10)",
     "12345678901234567890.1234567891::numeric(38,10)", 1700, decimal.Decimal("12345678901234567890.1234567891")),
    ("timestamp_s", "TIMESTAMP_S '2024-01-31 12:00:00'", "TIMESTAMP '2024-01-31 12:00:00'", 1114,
     datetime.datetime(2024, 1, 31, 12)),
    ("timestamp_ms", "TIMESTAMP_MS '2024-01-31 12:00:00.125'", "TIMESTAMP '2024-01-31 12:00:00.125'", 1114,
     datetime.datetime(2024, 1, 31, 12, 0, 0, 125000)),
    ("timetz", "TIMETZ '12:00:00+02'", "TIMETZ '12:00:00+02'", 1266,
     datetime.time(12, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))),
    ("enum", "'b'::ENUM('a', 'b')", "'b'::text", 25, "b"),
    ("list", "[1, NULL, 3]", "ARRAY[1, NULL, 3]", 1007, [1, None, 3]),
    # a list of lists may be ragged, which PostgreSQL arrays cannot hold: its JSON (src/encode/pg_types.cpp)
    ("nested list", "[[1, 2], [3]]", "'[[1, 2], [3]]'::json", 114, [[1, 2], [3]]),
    ("struct", "{'a': 1, 'b': 'x'}", "'{\"a\": 1, \"b\": \"x\"}'::json", 114, {"a": 1, "b": "x"}),
    ("map", "MAP {'k': 1}", "'{\"k\": 1}'::json", 114, {"k": 1}),
    ("nan", "'NaN'::DOUBLE", "'NaN'::double precision", 701, math.nan),
]
DUCKDB_ONLY_IDS = [label for label, *_ in DUCKDB_ONLY]


def same_value(value, expected):
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(value, float) and math.isnan(value)
    return value == expected
