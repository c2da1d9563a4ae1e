"""A raw PostgreSQL protocol client for the front door's own tests: exact bytes in, messages out."""
import socket
import ssl
import struct

from conftest import Server, free_port

PROTOCOL_3_0 = 196608


def start_pg_server(*args):
    """A duckwire process with its PostgreSQL listener on a free port: (server, port)."""
    port = free_port()
    server = Server("--pg-port", str(port), *args)
    assert f"pg=127.0.0.1:{port}" in server.log, server.log
    return server, port


def message(kind, body=b""):
    return kind + struct.pack("!i", len(body) + 4) + body


def cstring(text):
    return text.encode() + b"\0"


def startup_packet(params, version=PROTOCOL_3_0):
    body = struct.pack("!i", version) + b"".join(cstring(k) + cstring(v) for k, v in params.items()) + b"\0"
    return struct.pack("!i", len(body) + 4) + body


def error_fields(body):
    fields = {}
    for part in body.split(b"\0"):
        if part:
            fields[chr(part[0])] = part[1:].decode()
    return fields


class RawClient:
    def __init__(self, port, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk

    def read_byte(self):
        self._fill(1)
        byte, self.buffer = self.buffer[:1], self.buffer[1:]
        return byte

    def read_message(self):
        self._fill(5)
        kind = self.buffer[:1]
        length = struct.unpack("!i", self.buffer[1:5])[0]
        self._fill(1 + length)
        body = self.buffer[5:1 + length]
        self.buffer = self.buffer[1 + length:]
        return kind, body

    def read_until_ready(self):
        """Messages up to and including ReadyForQuery."""
        messages = []
        while True:
            kind, body = self.read_message()
            messages.append((kind, body))
            if kind == b"Z":
                return messages

    def closed_after(self, messages_expected=10):
        """True when the server closes the connection (reading what it sent before)."""
        try:
            for _ in range(messages_expected):
                self.read_message()
        except (ConnectionError, ConnectionResetError, socket.timeout):
            return True
        return False

    def login(self, user="tester", **params):
        self.send(startup_packet({"user": user, "database": "db", **params}))
        return self.read_until_ready()

    def query(self, sql):
        self.send(message(b"Q", sql.encode() + b"\0"))
        return self.read_until_ready()

    def close(self):
        self.sock.close()


def tls_client_context():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def kinds(messages):
    return b"".join(kind for kind, _ in messages)


def errors(messages):
    return [error_fields(body) for kind, body in messages if kind == b"E"]


def command_tags(messages):
    return [body.rstrip(b"\0").decode() for kind, body in messages if kind == b"C"]


def ready_status(messages):
    assert messages[-1][0] == b"Z"
    return messages[-1][1].decode()
