"""Bytes no Quack client should send: each gets an ERROR_RESPONSE (HTTP 200) when its header can be read
and HTTP 400 when it is not Quack at all, and a healthy client is served all along."""
import os
import random
import socket

import pytest

from conftest import Server, free_port
from quack_wire import (CONNECTION_REQUEST, ERROR_RESPONSE, PREPARE_REQUEST, QuackHttp, QuackSession, END, field,
                        append_request, header, read_response, start_quack_server, string, uleb)


@pytest.fixture(scope="module")
def quack():
    port = free_port()
    server = Server("--quack-port", str(port), "--max-message-bytes", "4MiB")
    yield port
    server.stop()


@pytest.fixture(scope="module")
def healthy(quack):
    session = QuackSession(quack)
    session.rows("CREATE TEMP TABLE mine AS SELECT 5 AS n")
    return session


def assert_still_served(healthy):
    assert healthy.rows("SELECT n FROM mine") == [(5,)]


def post(port, body):
    status, _, data = QuackHttp(port).post(body)
    return status, data


def error_message(port, body):
    status, data = post(port, body)
    assert status == 200, (status, data)
    kind, _, _, response = read_response(data)
    assert kind == ERROR_RESPONSE
    return response["message"]


def connection_id(port):
    return QuackSession(port).id


def nested_list_type(depth):
    opening = b"\x64\x00\x65" + b"\x65\x00\x01" + b"\x64\x00\x04" + b"\xc8\x00"
    return opening * depth + b"\x64\x00\x0d\xff\xff" + (END + END) * depth


def test_truncated_messages(quack, healthy):
    whole = header(PREPARE_REQUEST, healthy.id, 3) + field(1) + string("SELECT 1") + END
    for cut in (1, 5, len(whole) - 9, len(whole) - 1):
        status, data = post(quack, whole[:cut])
        if status == 200:
            assert read_response(data)[0] == ERROR_RESPONSE
        else:
            assert status == 400 and data.startswith(b"not a Quack message")
    assert_still_served(healthy)


def test_a_field_out_of_order_and_an_unknown_field(quack, healthy):
    header_swapped = field(1) + uleb(PREPARE_REQUEST) + field(3) + uleb(3) + field(2) + string(healthy.id) + END
    status, data = post(quack, header_swapped + field(1) + string("SELECT 1") + END)
    assert (status, data.startswith(b"not a Quack message")) == (400, True)
    body_swapped = (header(CONNECTION_REQUEST) + field(3) + string("platform") + field(1) + string("token") + END)
    assert "field" in error_message(quack, body_swapped)
    unknown = header(PREPARE_REQUEST, healthy.id, 3) + field(1) + string("SELECT 1") + field(9) + uleb(1) + END
    assert "field" in error_message(quack, unknown)
    assert_still_served(healthy)


def test_a_string_longer_than_the_body(quack, healthy):
    body = header(PREPARE_REQUEST, healthy.id, 3) + field(1) + uleb(1 << 30) + b"SELECT 1" + END
    message = error_message(quack, body)
    assert message, message
    assert_still_served(healthy)


def test_a_list_count_of_two_to_the_forty(quack, healthy):
    own = connection_id(quack)
    chunk = field(100) + uleb(1) + field(101) + uleb(1 << 40) + b"\x64\x00\x0d\xff\xff"
    assert error_message(quack, append_request(own, "mine", chunk))
    assert_still_served(healthy)


def test_a_logical_type_nested_ten_thousand_deep(quack, healthy):
    own = connection_id(quack)
    chunk = field(100) + uleb(1) + field(101) + uleb(1) + nested_list_type(10_000) + field(102) + uleb(1)
    message = error_message(quack, append_request(own, "mine", chunk))
    assert "deep" in message or "nest" in message, message
    assert_still_served(healthy)


def test_an_unsupported_message_type(quack, healthy):
    for kind in (2, 4, 12, 99, 12345):
        message = error_message(quack, header(kind, healthy.id, 3) + END)
        assert message == "Unsupported message type for server" or "type" in message, message
    assert_still_served(healthy)


def test_random_bytes(quack, healthy):
    generator = random.Random(20261127)
    for _ in range(200):
        body = bytes(generator.getrandbits(8) for _ in range(generator.randint(1, 300)))
        status, data = post(quack, body)
        assert status in (200, 400), status
        if status == 200:
            assert read_response(data)[0] == ERROR_RESPONSE
    status, _ = post(quack, os.urandom(1 << 20))
    assert status in (200, 400)
    assert_still_served(healthy)


def test_a_content_length_of_one_gib_is_refused_before_the_body(quack, healthy):
    with socket.create_connection(("127.0.0.1", quack), timeout=10) as raw:
        raw.sendall(b"POST /quack HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1073741824\r\n\r\n")
        answer = raw.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 413"), answer
    assert_still_served(healthy)


def test_an_append_to_a_table_that_does_not_exist(quack, healthy):
    chunk = field(100) + uleb(1) + field(101) + uleb(1) + b"\x64\x00\x0d\xff\xff" + field(102) + uleb(1) + \
        field(100) + b"\x00" + field(102) + uleb(4) + b"\x01\x00\x00\x00" + END
    message = error_message(quack, append_request(healthy.id, "nowhere", chunk))
    assert "nowhere" in message
    assert_still_served(healthy)


def test_start_quack_server_helper_is_shared(start_server):
    _, port = start_quack_server(start_server)
    assert QuackSession(port).rows("SELECT 2 AS two") == [(2,)]
