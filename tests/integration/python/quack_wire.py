"""Quack messages built and read byte by byte (DuckDB's BinarySerializer), for the Quack front door's
tests: the exact bytes a client sends, including bytes no client would. Reads the result types these
tests use (integers, DOUBLE, BOOLEAN, DATE, VARCHAR; flat vectors)."""
import http.client
import struct

from conftest import free_port

CONNECTION_REQUEST, CONNECTION_RESPONSE, PREPARE_REQUEST, PREPARE_RESPONSE = 1, 2, 3, 4
FETCH_REQUEST, FETCH_RESPONSE, APPEND_REQUEST, SUCCESS_RESPONSE = 7, 8, 9, 10
DISCONNECT_MESSAGE, ERROR_RESPONSE = 11, 100
NO_INDEX = 2**64 - 1
END = b"\xff\xff"


def uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def sleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        done = (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40)
        out.append(byte | (0 if done else 0x80))
        if done:
            return bytes(out)


def field(number):
    return struct.pack("<H", number)


def string(text):
    data = text if isinstance(text, bytes) else text.encode()
    return uleb(len(data)) + data


def header(kind, connection_id="", query_id=NO_INDEX):
    out = field(1) + uleb(kind)
    if connection_id:
        out += field(2) + string(connection_id)
    return out + field(3) + uleb(query_id) + END


def connection_request(token=None, min_version=1, max_version=1):
    body = b""
    if token is not None:
        body += field(1) + string(token)
    body += field(2) + string("v1.5.2") + field(3) + string("quack-test")
    if min_version:
        body += field(4) + uleb(min_version)
    if max_version:
        body += field(5) + uleb(max_version)
    return header(CONNECTION_REQUEST) + body + END


def prepare_request(connection_id, sql, query_id=1):
    return header(PREPARE_REQUEST, connection_id, query_id) + field(1) + string(sql) + END


def fetch_request(connection_id, uuid, query_id=1):
    upper, lower = uuid >> 64, uuid & (2**64 - 1)
    return header(FETCH_REQUEST, connection_id, query_id) + field(1) + sleb(upper) + uleb(lower) + END


def data_chunk(columns):
    """The fields of a DataChunk object (append_request ends it) of INTEGER (ints) or VARCHAR (strs) columns;
    None is NULL."""
    count = len(columns[0])
    types, vectors = b"", b""
    for values in columns:
        text = any(isinstance(value, str) for value in values)
        types += field(100) + uleb(VARCHAR if text else 13) + END
        vector = field(100)
        if None in values:
            mask = bytearray((count + 63) // 64 * 8)
            for i, value in enumerate(values):
                if value is not None:
                    mask[i // 8] |= 1 << (i % 8)
            vector += b"\x01" + field(101) + uleb(len(mask)) + bytes(mask)
        else:
            vector += b"\x00"
        if text:
            vector += field(102) + uleb(count) + b"".join(string(value or "") for value in values)
        else:
            vector += field(102) + uleb(4 * count) + b"".join(struct.pack("<i", value or 0) for value in values)
        vectors += vector + END
    return (field(100) + uleb(count) + field(101) + uleb(len(columns)) + types + field(102) + uleb(len(columns)) +
            vectors)


def append_request(connection_id, table, chunk, query_id=1):
    return (header(APPEND_REQUEST, connection_id, query_id) + field(2) + string(table) + field(3) + b"\x01" +
            field(300) + chunk + END + END + END)


def disconnect_message(connection_id, query_id=1):
    return header(DISCONNECT_MESSAGE, connection_id, query_id) + END


class Reader:
    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, count):
        if self.at + count > len(self.data):
            raise ValueError(f"message ends at byte {len(self.data)}, {count} more wanted at {self.at}")
        chunk = self.data[self.at:self.at + count]
        self.at += count
        return chunk

    def uleb(self):
        value, shift = 0, 0
        while True:
            byte = self.take(1)[0]
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    def sleb(self):
        value, shift = 0, 0
        while True:
            byte = self.take(1)[0]
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value - (1 << shift) if byte & 0x40 else value

    def peek_field(self):
        return struct.unpack_from("<H", self.data, self.at)[0]

    def field(self, number):
        found = struct.unpack("<H", self.take(2))[0]
        assert found == number, f"field {number} expected, found {found} at byte {self.at - 2}"

    def optional(self, number):
        if self.peek_field() == number:
            self.at += 2
            return True
        return False

    def end(self):
        self.field(0xFFFF)

    def string(self):
        return self.take(self.uleb()).decode()


# Physical value readers by LogicalType id: (width, struct format); HUGEINT is lower u64, upper i64.
FIXED = {10: (1, "<?"), 11: (1, "<b"), 12: (2, "<h"), 13: (4, "<i"), 14: (8, "<q"), 15: (4, "<i"),
         22: (4, "<f"), 23: (8, "<d"), 28: (1, "<B"), 29: (2, "<H"), 30: (4, "<I"), 31: (8, "<Q"),
         50: (16, "<Qq")}
VARCHAR = 25


def read_logical_type(reader):
    reader.field(100)
    type_id = reader.uleb()
    assert not reader.optional(101), f"type {type_id} with type info: not read by these tests"
    reader.end()
    return type_id


def read_vector(reader, type_id, count):
    reader.field(100)
    has_validity = reader.take(1) == b"\x01"
    valid = [True] * count
    if has_validity:
        reader.field(101)
        mask = reader.take(reader.uleb())
        valid = [bool(mask[i // 8] >> (i % 8) & 1) for i in range(count)]
    reader.field(102)
    if type_id == VARCHAR:
        assert reader.uleb() == count
        values = [reader.string() for _ in range(count)]
    else:
        width, form = FIXED[type_id]
        data = reader.take(reader.uleb())
        assert len(data) == width * count
        values = [struct.unpack_from(form, data, i * width) for i in range(count)]
        values = [parts[0] if len(parts) == 1 else (parts[1] << 64) | parts[0] for parts in values]
    reader.end()
    return [value if ok else None for value, ok in zip(values, valid)]


def read_chunks(reader):
    """A results list: each chunk's rows as tuples."""
    chunks = []
    for _ in range(reader.uleb()):
        assert reader.take(1) == b"\x01"
        reader.field(300)
        reader.field(100)
        count = reader.uleb()
        reader.field(101)
        types = [read_logical_type(reader) for _ in range(reader.uleb())]
        reader.field(102)
        assert reader.uleb() == len(types)
        columns = [read_vector(reader, type_id, count) for type_id in types]
        reader.end()
        reader.end()
        assert count > 0, "a chunk of 0 rows"
        chunks.append(list(zip(*columns)))
    return chunks


def read_response(data):
    """(kind, connection_id, query_id, body as a dict)."""
    reader = Reader(data)
    reader.field(1)
    kind = reader.uleb()
    connection_id = reader.string() if reader.optional(2) else ""
    reader.field(3)
    query_id = reader.uleb()
    reader.end()
    body = {}
    if kind == ERROR_RESPONSE:
        reader.field(1)
        body["message"] = reader.string()
    elif kind == CONNECTION_RESPONSE:
        for number, name in ((1, "version"), (2, "platform")):
            reader.field(number)
            body[name] = reader.string()
        reader.field(3)
        body["quack_version"] = reader.uleb()
    elif kind == PREPARE_RESPONSE:
        reader.field(1)
        body["types"] = [read_logical_type(reader) for _ in range(reader.uleb())]
        reader.field(2)
        body["names"] = [reader.string() for _ in range(reader.uleb())]
        body["needs_more_fetch"] = reader.optional(3) and reader.take(1) == b"\x01"
        body["chunks"] = read_chunks(reader) if reader.optional(4) else []
        reader.field(5)
        upper = reader.sleb()
        body["uuid"] = (upper << 64) | reader.uleb()
    elif kind == FETCH_RESPONSE:
        body["chunks"] = read_chunks(reader) if reader.optional(1) else []
        reader.field(2)
        body["batch_index"] = reader.uleb()
    reader.end()
    assert reader.at == len(data), f"{len(data) - reader.at} bytes after the message"
    return kind, connection_id, query_id, body


class QuackHttp:
    """One kept-alive HTTP connection to a Quack port."""

    def __init__(self, port, host="127.0.0.1"):
        self.connection = http.client.HTTPConnection(host, port, timeout=60)

    def post(self, body, headers=None):
        """(status, content type, body bytes)."""
        self.connection.request("POST", "/quack", body=body, headers=headers or {})
        response = self.connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()

    def send(self, body):
        status, content_type, data = self.post(body)
        assert status == 200, (status, data)
        assert content_type == "application/vnd.duckdb"
        return read_response(data)

    def close(self):
        self.connection.close()


class QuackSession:
    """A Quack connection: CONNECTION on open, then PREPARE/FETCH/DISCONNECT on its id."""

    def __init__(self, port, token=None):
        self.http = QuackHttp(port)
        kind, self.id, _, body = self.http.send(connection_request(token))
        if kind == ERROR_RESPONSE:
            raise PermissionError(body["message"])
        self.query_id = 0

    def request(self, build, *args):
        self.query_id += 1
        return self.http.send(build(self.id, *args, query_id=self.query_id))

    def prepare(self, sql):
        kind, _, _, body = self.request(prepare_request, sql)
        return body if kind == PREPARE_RESPONSE else RuntimeError(body.get("message", kind))

    def rows(self, sql):
        """Every row of `sql`, fetched to the end; raises the server's error."""
        result = self.prepare(sql)
        if isinstance(result, Exception):
            raise result
        rows = [row for chunk in result["chunks"] for row in chunk]
        while result["needs_more_fetch"]:
            kind, _, _, body = self.request(fetch_request, result["uuid"])
            if kind == ERROR_RESPONSE:
                raise RuntimeError(body["message"])
            if not body["chunks"]:
                break
            rows += [row for chunk in body["chunks"] for row in chunk]
        return rows

    def error_of(self, sql):
        result = self.prepare(sql)
        assert isinstance(result, Exception), result
        return str(result)

    def disconnect(self):
        return self.request(disconnect_message)


def start_quack_server(start_server, *args):
    """A duckwire process with its Quack listener on a free port: (server, port). A port taken between
    the probe and the server's bind (by another test's client) is tried again with another."""
    for attempt in range(3):
        port = free_port()
        try:
            server = start_server("--quack-port", str(port), *args)
        except RuntimeError as error:
            if "Address already in use" not in str(error) or attempt == 2:
                raise
            continue
        assert f"quack=127.0.0.1:{port}" in server.log, server.log
        return server, port
