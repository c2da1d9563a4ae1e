"""A reader of Arrow C streams held in PyCapsules, written with ctypes from the Arrow C data and C
stream interface specifications alone, to check what duckwire's native helpers produce."""
import ctypes
import datetime

STREAM_CAPSULE_NAME = b"arrow_array_stream"
EPOCH = datetime.datetime(1970, 1, 1)


class ArrowSchema(ctypes.Structure):
    pass


ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p),
    ("name", ctypes.c_char_p),
    ("metadata", ctypes.c_char_p),
    ("flags", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowSchema))),
    ("dictionary", ctypes.POINTER(ArrowSchema)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowSchema))),
    ("private_data", ctypes.c_void_p),
]


class ArrowArray(ctypes.Structure):
    pass


ArrowArray._fields_ = [
    ("length", ctypes.c_int64),
    ("null_count", ctypes.c_int64),
    ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowArray))),
    ("dictionary", ctypes.POINTER(ArrowArray)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArray))),
    ("private_data", ctypes.c_void_p),
]


class ArrowArrayStream(ctypes.Structure):
    pass


ArrowArrayStream._fields_ = [
    ("get_schema", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ArrowArrayStream), ctypes.POINTER(ArrowSchema))),
    ("get_next", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ArrowArrayStream), ctypes.POINTER(ArrowArray))),
    ("get_last_error", ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.POINTER(ArrowArrayStream))),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArrayStream))),
    ("private_data", ctypes.c_void_p),
]

_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
_capsule_pointer.restype = ctypes.c_void_p
_capsule_name = ctypes.pythonapi.PyCapsule_GetName
_capsule_name.argtypes = [ctypes.py_object]
_capsule_name.restype = ctypes.c_char_p


def capsule_name(capsule):
    return _capsule_name(capsule)


def capsule_stream(capsule):
    """The stream struct inside the capsule, in place."""
    return ArrowArrayStream.from_address(_capsule_pointer(capsule, STREAM_CAPSULE_NAME))


def is_released(struct):
    return not struct.release


def move(struct_type, address):
    """Moves the struct at `address` out, as a consumer takes ownership: the original keeps a released
    husk (release set to NULL)."""
    moved = struct_type()
    ctypes.memmove(ctypes.addressof(moved), address, ctypes.sizeof(struct_type))
    ctypes.memset(address + struct_type.release.offset, 0, ctypes.sizeof(ctypes.c_void_p))
    return moved


def take_stream(capsule):
    return move(ArrowArrayStream, _capsule_pointer(capsule, STREAM_CAPSULE_NAME))


def get_schema(stream):
    schema = ArrowSchema()
    assert stream.get_schema(ctypes.byref(stream), ctypes.byref(schema)) == 0
    assert not is_released(schema)
    return schema


def get_next(stream):
    """The next batch, or None at the end of the stream."""
    array = ArrowArray()
    assert stream.get_next(ctypes.byref(stream), ctypes.byref(array)) == 0
    return None if is_released(array) else array


def describe_schema(schema):
    """{"format", "name", "flags", "children": [{"format", "name", "flags", "n_children"}, ...]}."""
    children = [schema.children[i].contents for i in range(schema.n_children)]
    return {
        "format": schema.format.decode(),
        "name": schema.name.decode() if schema.name is not None else None,
        "flags": schema.flags,
        "children": [
            {"format": c.format.decode(), "name": c.name.decode(), "flags": c.flags, "n_children": c.n_children}
            for c in children
        ],
    }


def bits(address, count):
    data = ctypes.string_at(address, (count + 7) // 8)
    return [bool(data[i // 8] >> (i % 8) & 1) for i in range(count)]


def fixed(address, ctype, count):
    return list((ctype * count).from_address(address)) if count else []


def decode_values(format, array):
    n = array.length
    data = array.buffers[1]
    if format == "l":
        return fixed(data, ctypes.c_int64, n)
    if format == "g":
        return fixed(data, ctypes.c_double, n)
    if format == "b":
        return bits(data, n)
    if format == "u":
        offsets = fixed(data, ctypes.c_int32, n + 1)
        text = ctypes.string_at(array.buffers[2], offsets[-1]) if offsets[-1] else b""
        return [text[offsets[i] : offsets[i + 1]].decode() for i in range(n)]
    if format == "tdD":
        return [EPOCH.date() + datetime.timedelta(days=d) for d in fixed(data, ctypes.c_int32, n)]
    if format == "tsu:":
        return [EPOCH + datetime.timedelta(microseconds=us) for us in fixed(data, ctypes.c_int64, n)]
    if format == "tsu:UTC":
        utc = EPOCH.replace(tzinfo=datetime.timezone.utc)
        return [utc + datetime.timedelta(microseconds=us) for us in fixed(data, ctypes.c_int64, n)]
    raise AssertionError(f"unexpected format {format!r}")


def decode_column(format, array):
    """{"length", "null_count", "offset", "n_buffers", "validity" (None: no bitmap), "values"}."""
    assert array.offset == 0
    expected_buffers = 3 if format == "u" else 2
    assert array.n_buffers == expected_buffers
    assert all(array.buffers[i] for i in range(1, expected_buffers)), "data buffers must not be NULL"
    validity = bits(array.buffers[0], array.length) if array.buffers[0] else None
    if validity is None:
        assert array.null_count == 0
    else:
        assert array.null_count == validity.count(False)
    values = decode_values(format, array)
    return {
        "length": array.length,
        "null_count": array.null_count,
        "offset": array.offset,
        "n_buffers": array.n_buffers,
        "validity": validity,
        "values": [v if validity is None or validity[i] else None for i, v in enumerate(values)],
    }


def decode_batch(schema, array):
    """The batch's columns by name, each as decode_column gives it."""
    assert array.n_children == len(schema["children"])
    assert array.n_buffers == 1 and array.null_count == 0
    columns = {}
    for i, child in enumerate(schema["children"]):
        column = array.children[i].contents
        assert column.length == array.length
        columns[child["name"]] = decode_column(child["format"], column)
    return columns


def read_capsule(capsule):
    """Takes the stream out of the capsule and reads it to the end, releasing every struct it is given
    and then the stream: (the schema as describe_schema gives it, [decode_batch of each batch])."""
    stream = take_stream(capsule)
    schema = get_schema(stream)
    described = describe_schema(schema)
    schema.release(ctypes.byref(schema))
    assert is_released(schema)
    batches = []
    while (array := get_next(stream)) is not None:
        batches.append(decode_batch(described, array))
        array.release(ctypes.byref(array))
        assert is_released(array)
    assert get_next(stream) is None, "the end of the stream stays the end"
    assert stream.get_last_error(ctypes.byref(stream)) is None
    stream.release(ctypes.byref(stream))
    assert is_released(stream)
    return described, batches


def read_columns(capsule):
    """The values of each column of a one-batch stream, by column name."""
    _, batches = read_capsule(capsule)
    assert len(batches) == 1
    return {name: column["values"] for name, column in batches[0].items()}
