"""riffq's result helpers in duckwire's native module, without pyarrow: to_arrow(schema_desc, rows) and
arrow_batch(values, names) build Arrow C streams in PyCapsules, checked here with an independent
ctypes reader (arrow_c_reader.py)."""
import ctypes
import datetime
import os
import re
import sys

import pytest

import arrow_c_reader as reader

from python_programs import PACKAGES

sys.path.insert(0, PACKAGES)
from duckwire import _duckwire  # noqa: E402

NULLABLE = 2
UTC = datetime.timezone.utc
D = datetime.date
DT = datetime.datetime

EVERY_TYPE = [
    {"name": "i", "type": "int"},
    {"name": "f", "type": "float"},
    {"name": "b", "type": "bool"},
    {"name": "s", "type": "str"},
    {"name": "d", "type": "date"},
    {"name": "ts", "type": "datetime"},
]
EVERY_TYPE_ROWS = [
    [1, 1.5, True, "a", D(2024, 2, 29), DT(2024, 2, 29, 12, 30, 45, 123456)],
    [None, None, None, None, None, None],
    [-(2**63), -0.25, False, "", D(1969, 12, 31), DT(1969, 12, 31, 23, 59, 59, 999999)],
    [2**63 - 1, 7, True, "h\u00e9llo \U0001f986", D(1, 1, 1), DT(9999, 12, 31, 23, 59, 59)],
]


def columns_of(capsule):
    return reader.read_columns(capsule)


# ---- to_arrow ----


def test_to_arrow_builds_a_stream_of_every_type_with_nulls():
    capsule = _duckwire.to_arrow(EVERY_TYPE, EVERY_TYPE_ROWS)
    assert reader.capsule_name(capsule) == b"arrow_array_stream"
    schema, batches = reader.read_capsule(capsule)
    assert schema["format"] == "+s"
    assert [(c["name"], c["format"], c["flags"], c["n_children"]) for c in schema["children"]] == [
        ("i", "l", NULLABLE, 0),
        ("f", "g", NULLABLE, 0),
        ("b", "b", NULLABLE, 0),
        ("s", "u", NULLABLE, 0),
        ("d", "tdD", NULLABLE, 0),
        ("ts", "tsu:", NULLABLE, 0),
    ]
    assert len(batches) == 1
    for column in batches[0].values():
        assert column["length"] == 4
        assert column["null_count"] == 1
        assert column["validity"] == [True, False, True, True]
    assert {name: column["values"] for name, column in batches[0].items()} == {
        "i": [1, None, -(2**63), 2**63 - 1],
        "f": [1.5, None, -0.25, 7.0],
        "b": [True, None, False, True],
        "s": ["a", None, "", "h\u00e9llo \U0001f986"],
        "d": [D(2024, 2, 29), None, D(1969, 12, 31), D(1, 1, 1)],
        "ts": [
            DT(2024, 2, 29, 12, 30, 45, 123456), None, DT(1969, 12, 31, 23, 59, 59, 999999), DT(9999, 12, 31, 23, 59, 59)
        ],
    }


def test_to_arrow_utf8_offsets_count_bytes():
    capsule = _duckwire.to_arrow([{"name": "s", "type": "str"}], [["ab"], [None], ["\u00e9"], [""]])
    stream = reader.take_stream(capsule)
    schema = reader.get_schema(stream)
    schema.release(ctypes.byref(schema))
    array = reader.get_next(stream)
    column = array.children[0].contents
    assert list((ctypes.c_int32 * 5).from_address(column.buffers[1])) == [0, 2, 2, 4, 4]
    assert ctypes.string_at(column.buffers[2], 4) == b"ab\xc3\xa9"
    array.release(ctypes.byref(array))
    stream.release(ctypes.byref(stream))


def test_to_arrow_columns_without_nulls_have_no_validity_bitmap():
    _, batches = reader.read_capsule(_duckwire.to_arrow([{"name": "n", "type": "int"}], [[1], [2]]))
    assert batches[0]["n"]["validity"] is None
    assert batches[0]["n"]["null_count"] == 0
    assert batches[0]["n"]["values"] == [1, 2]


def test_to_arrow_converts_aware_datetimes_to_utc():
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    minus_five_thirty = datetime.timezone(-datetime.timedelta(hours=5, minutes=30))
    rows = [[DT(2024, 1, 1, 2, 0, tzinfo=plus_two)], [None], [DT(2023, 12, 31, 18, 30, tzinfo=minus_five_thirty)],
            [DT(2024, 1, 1, tzinfo=UTC)]]
    schema, batches = reader.read_capsule(_duckwire.to_arrow([{"name": "at", "type": "datetime"}], rows))
    assert schema["children"][0]["format"] == "tsu:UTC"
    assert batches[0]["at"]["values"] == [DT(2024, 1, 1, tzinfo=UTC), None, DT(2024, 1, 1, tzinfo=UTC),
                                          DT(2024, 1, 1, tzinfo=UTC)]


def test_to_arrow_takes_daylight_saving_time_from_the_zone():
    zoneinfo = pytest.importorskip("zoneinfo")
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    rows = [[DT(2024, 7, 1, 12, 0, tzinfo=paris)], [DT(2024, 1, 1, 12, 0, tzinfo=paris)]]
    values = columns_of(_duckwire.to_arrow([{"name": "at", "type": "datetime"}], rows))["at"]
    assert values == [DT(2024, 7, 1, 10, 0, tzinfo=UTC), DT(2024, 1, 1, 11, 0, tzinfo=UTC)]


def test_to_arrow_naive_datetimes_stay_naive_and_a_none_column_is_naive():
    schema, _ = reader.read_capsule(
        _duckwire.to_arrow([{"name": "a", "type": "datetime"}, {"name": "b", "type": "datetime"}],
                           [[DT(2000, 1, 1), None]]))
    assert [c["format"] for c in schema["children"]] == ["tsu:", "tsu:"]


@pytest.mark.parametrize(
    "alias, format",
    [("int", "l"), ("integer", "l"), ("bigint", "l"), ("float", "g"), ("double", "g"), ("bool", "b"),
     ("boolean", "b"), ("str", "u"), ("string", "u"), ("text", "u"), ("varchar", "u"), ("date", "tdD"),
     ("datetime", "tsu:"), ("timestamp", "tsu:")],
)
def test_to_arrow_type_names_and_aliases(alias, format):
    schema, batches = reader.read_capsule(_duckwire.to_arrow([{"name": "c", "type": alias}], [[None]]))
    assert schema["children"][0]["format"] == format
    assert batches[0]["c"]["values"] == [None]


def test_to_arrow_takes_any_iterable_of_sequences():
    rows = ((n, str(n)) for n in range(3))
    values = columns_of(_duckwire.to_arrow([{"name": "n", "type": "int"}, {"name": "s", "type": "str"}], rows))
    assert values == {"n": [0, 1, 2], "s": ["0", "1", "2"]}


def test_to_arrow_without_rows_is_one_empty_batch():
    schema, batches = reader.read_capsule(_duckwire.to_arrow(EVERY_TYPE, []))
    assert len(schema["children"]) == 6
    assert len(batches) == 1
    assert all(column["length"] == 0 and column["values"] == [] for column in batches[0].values())


def test_to_arrow_many_rows():
    rows = [[n, n / 2, n % 3 == 0, f"row {n}"] for n in range(10_000)]
    schema = [{"name": n, "type": t} for n, t in [("n", "int"), ("h", "float"), ("t", "bool"), ("s", "str")]]
    values = columns_of(_duckwire.to_arrow(schema, rows))
    assert values["n"] == list(range(10_000))
    assert values["h"][9_999] == 4999.5
    assert values["t"][:4] == [True, False, False, True]
    assert values["s"][1234] == "row 1234"


@pytest.mark.parametrize(
    "schema, rows, error, message",
    [
        ([{"name": "x", "type": "foo"}], [], ValueError,
         "column 'x': unknown type 'foo' (expected one of int, float, bool, str, date, datetime)"),
        ([{"name": "x", "type": "INT"}], [], ValueError, "column 'x': unknown type 'INT'"),
        ([{"type": "int"}], [], ValueError, "schema_desc[0]: missing 'name'"),
        ([{"name": "a", "type": "int"}, {"name": "x"}], [], ValueError, "column 'x': missing 'type'"),
        ([{"name": 1, "type": "int"}], [], TypeError, "schema_desc[0]: 'name' must be a str, got int"),
        ([{"name": "x", "type": int}], [], TypeError, "column 'x': 'type' must be a str, got type"),
        (["x"], [], TypeError, "schema_desc[0]: expected a dict {'name': ..., 'type': ...}, got str"),
        ("x", [], TypeError, "schema_desc: expected a list of {'name': ..., 'type': ...} dicts, got str"),
        ([{"name": "val", "type": "int"}], 5, TypeError, "rows: expected an iterable of rows, got int"),
        ([{"name": "val", "type": "int"}], [[1], 2], TypeError, "row 1: expected a sequence of values, got int"),
        ([{"name": "val", "type": "int"}], [[1], "2"], TypeError, "row 1: expected a sequence of values, got str"),
        ([{"name": "a", "type": "int"}, {"name": "b", "type": "int"}], [[1, 2], [1, 2, 3]], ValueError,
         "row 1: expected 2 values, got 3"),
        ([{"name": "a", "type": "int"}], [[]], ValueError, "row 0: expected 1 values, got 0"),
        ([{"name": "val", "type": "int"}], [[1], [2], ["x"]], TypeError, "column 'val', row 2: expected int, got str"),
        ([{"name": "val", "type": "int"}], [[True]], TypeError, "column 'val', row 0: expected int, got bool"),
        ([{"name": "val", "type": "int"}], [[1.0]], TypeError, "column 'val', row 0: expected int, got float"),
        ([{"name": "big", "type": "int"}], [[1], [2**63]], OverflowError,
         "column 'big', row 1: int out of the 64-bit range"),
        ([{"name": "small", "type": "int"}], [[-(2**63) - 1]], OverflowError,
         "column 'small', row 0: int out of the 64-bit range"),
        ([{"name": "f", "type": "float"}], [["1.5"]], TypeError, "column 'f', row 0: expected float, got str"),
        ([{"name": "f", "type": "float"}], [[False]], TypeError, "column 'f', row 0: expected float, got bool"),
        ([{"name": "f", "type": "float"}], [[10**400]], OverflowError, "column 'f', row 0: int too large for a float"),
        ([{"name": "b", "type": "bool"}], [[1]], TypeError, "column 'b', row 0: expected bool, got int"),
        ([{"name": "s", "type": "str"}], [[b"x"]], TypeError, "column 's', row 0: expected str, got bytes"),
        ([{"name": "s", "type": "str"}], [["\ud800"]], ValueError, "column 's', row 0: str cannot be encoded as UTF-8"),
        ([{"name": "d", "type": "date"}], [[DT(2024, 1, 1)]], TypeError, "column 'd', row 0: expected date, got datetime"),
        ([{"name": "d", "type": "date"}], [["2024-01-01"]], TypeError, "column 'd', row 0: expected date, got str"),
        ([{"name": "t", "type": "datetime"}], [[D(2024, 1, 1)]], TypeError,
         "column 't', row 0: expected datetime, got date"),
        ([{"name": "t", "type": "datetime"}], [[DT(2024, 1, 1)], [None], [DT(2024, 1, 1, tzinfo=UTC)]], TypeError,
         "column 't', row 2: cannot mix naive and timezone-aware datetimes (row 0 is naive)"),
        ([{"name": "t", "type": "datetime"}], [[DT(2024, 1, 1, tzinfo=UTC)], [DT(2024, 1, 1)]], TypeError,
         "column 't', row 1: cannot mix naive and timezone-aware datetimes (row 0 is aware)"),
    ],
)
def test_to_arrow_refuses_bad_input_naming_the_column_and_row(schema, rows, error, message):
    with pytest.raises(error, match="^" + re.escape(message)):
        _duckwire.to_arrow(schema, rows)


def test_to_arrow_passes_on_errors_of_the_rows_iterable():
    def rows():
        yield [1]
        raise RuntimeError("the rows ran dry")

    with pytest.raises(RuntimeError, match="the rows ran dry"):
        _duckwire.to_arrow([{"name": "n", "type": "int"}], rows())


# ---- arrow_batch and RecordBatchReader ----


def test_arrow_batch_infers_every_type_from_the_values():
    values = [
        [1, None, 3],
        [1.5, 2, None],
        [True, False, None],
        ["a", None, "c"],
        [D(2024, 1, 2), None, D(1900, 3, 1)],
        [DT(2024, 1, 2, 3, 4, 5, 6), None, DT(1900, 1, 1)],
        [DT(2024, 1, 2, tzinfo=UTC), None, None],
        [None, None, None],
    ]
    names = ["i", "f", "b", "s", "d", "ts", "tz", "none"]
    batch = _duckwire.arrow_batch(values, names)
    assert isinstance(batch, _duckwire.RecordBatchReader)
    assert batch.column_names == names
    assert batch.num_rows == 3
    schema, batches = reader.read_capsule(batch.__arrow_c_stream__())
    assert [c["format"] for c in schema["children"]] == ["l", "g", "b", "u", "tdD", "tsu:", "tsu:UTC", "u"]
    assert {name: column["values"] for name, column in batches[0].items()} == {
        "i": [1, None, 3],
        "f": [1.5, 2.0, None],
        "b": [True, False, None],
        "s": ["a", None, "c"],
        "d": [D(2024, 1, 2), None, D(1900, 3, 1)],
        "ts": [DT(2024, 1, 2, 3, 4, 5, 6), None, DT(1900, 1, 1)],
        "tz": [DT(2024, 1, 2, tzinfo=UTC), None, None],
        "none": [None, None, None],
    }
    assert batches[0]["none"]["null_count"] == 3


def test_arrow_batch_takes_tuples_and_ranges():
    batch = _duckwire.arrow_batch((range(4), ("w", "x", "y", "z")), ("n", "s"))
    assert columns_of(batch.__arrow_c_stream__()) == {"n": [0, 1, 2, 3], "s": ["w", "x", "y", "z"]}


def test_arrow_batch_every_stream_is_new_and_reads_the_same_data():
    batch = _duckwire.arrow_batch([[1, 2], ["a", None]], ["n", "s"])
    first = batch.__arrow_c_stream__()
    second = batch.__arrow_c_stream__(requested_schema=None)
    assert reader.capsule_name(first) == b"arrow_array_stream"
    assert columns_of(second) == {"n": [1, 2], "s": ["a", None]}
    assert columns_of(first) == {"n": [1, 2], "s": ["a", None]}
    third = batch.__arrow_c_stream__(object())  # a requested schema is ignored
    del batch  # a stream keeps the data alive on its own
    assert columns_of(third) == {"n": [1, 2], "s": ["a", None]}


def test_arrow_batch_without_rows_or_columns():
    empty = _duckwire.arrow_batch([[], []], ["a", "b"])
    assert empty.num_rows == 0
    schema, batches = reader.read_capsule(empty.__arrow_c_stream__())
    assert [c["format"] for c in schema["children"]] == ["u", "u"]
    assert batches[0]["a"]["length"] == 0
    nothing = _duckwire.arrow_batch([], [])
    assert nothing.column_names == [] and nothing.num_rows == 0
    schema, batches = reader.read_capsule(nothing.__arrow_c_stream__())
    assert schema["children"] == [] and batches == [{}]


def test_record_batch_reader_is_made_only_by_arrow_batch():
    with pytest.raises(TypeError):
        _duckwire.RecordBatchReader()
    batch = _duckwire.arrow_batch([[1]], ["n"])
    with pytest.raises(AttributeError):
        batch.num_rows = 5
    assert repr(batch) == "<RecordBatchReader ['n'], 1 rows>"


class FakeArrowArray:
    def __arrow_c_array__(self, requested_schema=None):
        raise AssertionError("not called")

    def __len__(self):
        return 1

    def __getitem__(self, index):
        return 1


@pytest.mark.parametrize(
    "values, names, error, message",
    [
        ([[1, 2], [1]], ["a", "b"], ValueError, "column 'b' has 1 values but column 'a' has 2"),
        ([[1], [1]], ["a"], ValueError, "arrow_batch: 2 columns but 1 names"),
        ([[1]], [1], TypeError, "names[0] must be a str, got int"),
        ([[1]], "a", TypeError, "names: expected a sequence of str, got str"),
        (5, ["a"], TypeError, "values: expected a sequence of columns, got int"),
        ([5], ["a"], TypeError, "column 'a': expected a sequence of values, got int"),
        (["abc"], ["a"], TypeError, "column 'a': expected a sequence of values, got str"),
        ([[1, "x"]], ["a"], TypeError, "column 'a', row 1: cannot mix str with int values"),
        ([[None, True, 1]], ["a"], TypeError, "column 'a', row 2: cannot mix int with bool values"),
        ([[D(2024, 1, 1), DT(2024, 1, 1)]], ["a"], TypeError, "column 'a', row 1: cannot mix datetime with date values"),
        ([[b"x"]], ["a"], TypeError,
         "column 'a', row 0: unsupported value of type bytes (expected one of int, float, bool, str, date, datetime)"),
        ([[2**64]], ["big"], OverflowError, "column 'big', row 0: int out of the 64-bit range"),
        ([[DT(2024, 1, 1, tzinfo=UTC), DT(2024, 1, 1)]], ["t"], TypeError,
         "column 't', row 1: cannot mix naive and timezone-aware datetimes (row 0 is aware)"),
        ([FakeArrowArray()], ["arr"], TypeError,
         "column 'arr': Arrow arrays (__arrow_c_array__) are not supported; pass a sequence of Python values"),
    ],
)
def test_arrow_batch_refuses_bad_input(values, names, error, message):
    with pytest.raises(error, match="^" + re.escape(message) + "$"):
        _duckwire.arrow_batch(values, names)


# ---- capsules and release ----


def test_a_capsule_nobody_read_releases_its_stream():
    capsule = _duckwire.to_arrow([{"name": "n", "type": "int"}], [[1]])
    assert not reader.is_released(reader.capsule_stream(capsule))
    del capsule  # the destructor releases the stream and frees the struct


def test_a_capsule_whose_stream_was_taken_leaves_it_to_the_consumer():
    capsule = _duckwire.to_arrow([{"name": "n", "type": "int"}], [[1], [2]])
    stream = reader.take_stream(capsule)
    assert reader.is_released(reader.capsule_stream(capsule))
    del capsule
    array = reader.get_next(stream)
    assert reader.decode_column("l", array.children[0].contents)["values"] == [1, 2]
    array.release(ctypes.byref(array))
    stream.release(ctypes.byref(stream))


def test_a_consumer_may_release_batches_after_the_stream_and_children_after_their_parent():
    stream = reader.take_stream(_duckwire.to_arrow(EVERY_TYPE, EVERY_TYPE_ROWS))
    schema = reader.get_schema(stream)
    child = reader.move(reader.ArrowSchema, ctypes.addressof(schema.children[3].contents))
    schema.release(ctypes.byref(schema))
    assert child.name == b"s" and child.format == b"u"
    child.release(ctypes.byref(child))
    assert reader.is_released(child)

    array = reader.get_next(stream)
    stream.release(ctypes.byref(stream))
    assert reader.is_released(stream)
    strings = reader.move(reader.ArrowArray, ctypes.addressof(array.children[3].contents))
    array.release(ctypes.byref(array))
    assert reader.decode_column("u", strings)["values"] == ["a", None, "", "h\u00e9llo \U0001f986"]
    strings.release(ctypes.byref(strings))
    assert reader.is_released(strings)


def resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_releasing_frees_the_data():
    numbers = list(range(50_000))
    words = ["some text"] * 50_000

    def consume_fully():
        reader.read_capsule(_duckwire.arrow_batch([numbers, words], ["n", "w"]).__arrow_c_stream__())

    def drop_unread():
        _duckwire.arrow_batch([numbers, words], ["n", "w"]).__arrow_c_stream__()

    def read_one_then_release():
        stream = reader.take_stream(_duckwire.arrow_batch([numbers, words], ["n", "w"]).__arrow_c_stream__())
        array = reader.get_next(stream)
        stream.release(ctypes.byref(stream))
        array.release(ctypes.byref(array))

    for scenario in (consume_fully, drop_unread, read_one_then_release):
        for _ in range(5):
            scenario()
        before = resident_bytes()
        for _ in range(150):  # about 1 MB a round: a leak shows as 100 MB or more
            scenario()
        growth = resident_bytes() - before
        assert growth < 30 * 2**20, f"{scenario.__name__}: resident memory grew {growth} bytes"
