"""Hostile and broken input on the PostgreSQL port: each gets PostgreSQL's answer (or a close), and a
healthy client is served all along."""
import base64
import socket
import struct
import threading
import time
import urllib.error
import urllib.request

import psycopg2
import pytest

from pgwire_core_client import (RawClient, cstring, error_fields, errors, message, ready_status, start_pg_server,
                                startup_packet)

USER, PASSWORD = "bob", "b0b-password"


@pytest.fixture(scope="module")
def server():
    server, port = start_pg_server("--user", f"{USER}:{PASSWORD}", "--pg-auth", "trust", "--request-timeout", "2")
    yield server, port
    server.stop()


def vm_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def assert_healthy(port):
    with psycopg2.connect(host="127.0.0.1", port=port, user=USER, dbname="db", sslmode="disable",
                          connect_timeout=10) as conn:
        with conn.cursor() as cur:
            cur.execute("select 40 + 2")
            assert cur.fetchone() == (42,)


def fatal_of(client):
    kind, body = client.read_message()
    assert kind == b"E"
    fields = error_fields(body)
    assert fields["S"] == "FATAL"
    assert client.closed_after(), "the server closes the connection after FATAL"
    return fields


def test_startup_packet_with_a_wrong_length(server):
    _, port = server
    for length in (3, 20000, -5):
        client = RawClient(port)
        client.send(struct.pack("!i", length) + struct.pack("!i", 196608))
        assert fatal_of(client)["C"] == "08P01"
    assert_healthy(port)


def test_startup_packet_with_an_unsupported_protocol(server):
    _, port = server
    client = RawClient(port)
    client.send(startup_packet({"user": USER}, version=2 << 16))
    fields = fatal_of(client)
    assert fields["C"] == "0A000" and "unsupported frontend protocol 2.0" in fields["M"]
    assert_healthy(port)


@pytest.mark.parametrize("length", [2 ** 31 - 1, -(2 ** 31)])
def test_a_message_length_of_2_to_the_31(server, length):
    _, port = server
    client = RawClient(port)
    client.login(user=USER)
    pid = server[0].process.pid
    before = vm_rss_kib(pid)
    client.send(b"Q" + struct.pack("!i", length) + b"select 1")
    assert fatal_of(client)["C"] == "08P01"
    assert vm_rss_kib(pid) - before < 64 * 1024, "nothing is allocated for the declared length"
    assert_healthy(port)


def test_unknown_message_types(server):
    _, port = server
    client = RawClient(port)
    client.login(user=USER)
    client.send(message(b"y", b"whatever"))
    fields = fatal_of(client)
    assert fields["C"] == "08P01" and "invalid frontend message type 121" in fields["M"]
    assert_healthy(port)


def test_bind_with_the_wrong_parameter_count(server):
    _, port = server
    client = RawClient(port)
    client.login(user=USER)
    client.send(message(b"P", cstring("two") + cstring("select $1::int + $2::int") + b"\0\0")
                + message(b"B", cstring("") + cstring("two") + b"\0\0" + struct.pack("!hi", 1, 1) + b"1" + b"\0\0")
                + message(b"S"))
    messages = client.read_until_ready()
    error = errors(messages)[0]
    assert error["S"] == "ERROR" and error["C"] == "08P01"
    assert "supplies 1 parameters" in error["M"] and "requires 2" in error["M"]
    assert ready_status(client.query("select 1")) == "I"
    assert_healthy(port)


def test_bind_declaring_a_huge_parameter_count(server):
    _, port = server
    client = RawClient(port)
    client.login(user=USER)
    pid = server[0].process.pid
    before = vm_rss_kib(pid)
    # 32767 parameters of 2^30 bytes each declared, a few bytes sent.
    body = cstring("") + cstring("") + b"\0\0" + struct.pack("!h", 32767) + struct.pack("!i", 2 ** 30) + b"x" * 16
    client.send(message(b"B", body))
    assert fatal_of(client)["C"] == "08P01"
    assert vm_rss_kib(pid) - before < 64 * 1024
    assert_healthy(port)


def test_invalid_utf8_is_an_error_not_a_crash(server):
    _, port = server
    client = RawClient(port)
    client.login(user=USER)
    client.send(message(b"Q", b"select '\xff\xfe'\0"))
    messages = client.read_until_ready()
    error = errors(messages)[0]
    assert error["C"] == "22021" and "0xff" in error["M"]
    assert ready_status(client.query("select 1")) == "I"
    assert_healthy(port)


def test_invalid_utf8_in_a_bind_parameter_is_22021(server):
    _, port = server
    client = RawClient(port)
    client.login(user=USER)
    client.send(message(b"P", cstring("") + cstring("select $1::text") + b"\0\0")
                + message(b"B", cstring("") + cstring("") + b"\0\0" + struct.pack("!hi", 1, 2) + b"\xff\xfe" + b"\0\0")
                + message(b"E", cstring("") + b"\0\0\0\0") + message(b"S"))
    error = errors(client.read_until_ready())[0]
    assert error["S"] == "ERROR" and error["C"] == "22021" and "0xff" in error["M"]
    assert ready_status(client.query("select 1")) == "I"
    assert_healthy(port)


@pytest.mark.parametrize("name, value", [(b"user", b"b\xffb"), (b"application_name", b"\xc3\x28"),
                                         (b"\xfe", b"x")])
def test_invalid_utf8_in_the_startup_packet_is_a_fatal_22021(server, name, value):
    _, port = server
    client = RawClient(port)
    parameters = {b"user": USER.encode(), b"database": b"db", name: value}
    body = struct.pack("!i", 3 << 16) + b"".join(key + b"\0" + text + b"\0" for key, text in parameters.items()) + b"\0"
    client.send(struct.pack("!i", len(body) + 4) + body)
    fields = fatal_of(client)
    assert fields["C"] == "22021" and 'invalid byte sequence for encoding "UTF8"' in fields["M"]
    assert_healthy(port)


def test_a_message_length_below_its_own_four_bytes(server):
    _, port = server
    client = RawClient(port)
    client.login(user=USER)
    client.send(b"Q" + struct.pack("!i", 3))
    fields = fatal_of(client)
    assert fields["C"] == "08P01" and fields["M"] == "invalid message length"
    assert_healthy(port)


def test_a_silent_client_is_timed_out_without_holding_up_others(server):
    _, port = server
    silent = socket.create_connection(("127.0.0.1", port), timeout=10)
    started = time.monotonic()
    assert_healthy(port)
    assert silent.recv(1) == b""  # closed by the server
    assert time.monotonic() - started < 8
    silent.close()


def test_a_password_flood_is_slowed_down_never_locked_out_and_counts_at_the_http_door():
    """PostgreSQL has no lockout: every wrong password gets FATAL 28P01, an address past its five free failures
    waits (at most a second) before each attempt, and the right password still connects from that address. The
    failures count in the table the HTTP door shares, which refuses the address with 429 meanwhile."""
    server, port = start_pg_server("--user", f"{USER}:{PASSWORD}")
    try:
        messages, seconds = [], []
        for _ in range(9):
            started = time.monotonic()
            with pytest.raises(psycopg2.OperationalError) as refused:
                psycopg2.connect(host="127.0.0.1", port=port, user=USER, password="wrong", dbname="db",
                                 sslmode="disable", connect_timeout=10).close()
            seconds.append(time.monotonic() - started)
            messages.append(str(refused.value))
        assert all(f'password authentication failed for user "{USER}"' in m for m in messages), messages
        assert max(seconds[:6]) < 0.4 and min(seconds[6:]) >= 0.4 and max(seconds) < 3, seconds
        request = urllib.request.Request(f"http://127.0.0.1:{server.port}/sql?q=SELECT+1", headers={
            "Authorization": "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()})
        with pytest.raises(urllib.error.HTTPError) as locked_out:
            urllib.request.urlopen(request, timeout=10)
        assert locked_out.value.code == 429
        started = time.monotonic()
        with psycopg2.connect(host="127.0.0.1", port=port, user=USER, password=PASSWORD, dbname="db",
                              sslmode="disable", connect_timeout=10) as conn:
            with conn.cursor() as cur:
                cur.execute("select 1")
                assert cur.fetchone() == (1,)
        assert time.monotonic() - started < 3
        # The success forgives the address at every door.
        assert urllib.request.urlopen(request, timeout=10).status == 200
    finally:
        server.stop()


def test_a_thousand_connections_dropped_mid_query(server):
    process, port = server
    clients = []
    for _ in range(1000):
        client = RawClient(port)
        client.send(startup_packet({"user": USER, "database": "db"}))
        clients.append(client)
    for client in clients:
        client.read_until_ready()
        client.send(message(b"Q", b"SELECT sum(x) FROM range(3000000000) t(x)\0"))
    time.sleep(0.5)
    for client in clients:
        client.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
    started = time.monotonic()
    assert_healthy(port)
    assert time.monotonic() - started < 30
    assert process.process.poll() is None
