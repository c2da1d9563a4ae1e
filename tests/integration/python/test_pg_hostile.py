"""Hostile clients at the PostgreSQL front door, with real client libraries (the raw-protocol attacks are in
test_pgwire_core_*.py): a wrong-password flood, a thousand clients that drop their sockets mid-query, and
a client that stops reading a 10-million-row result. A healthy client is served throughout each."""
import os
import re
import socket
import ssl
import threading
import time
import urllib.request

import psycopg2
import pytest
from psycopg import pq

from pg_fixtures import LONG_QUERY, pg_certificate, pg_target, postgres_cluster, start_duckwire, vm_kb  # noqa: F401

DROPPED_CLIENTS = 200
DROP_WAVE = 50
FLOOD_ATTEMPTS = 10
SLOW_READERS = 24
TEN_MILLION_ROWS = b"SELECT g, 'row number ' || g AS label FROM generate_series(1, 10000000) AS s(g)"


class HealthyClient:
    """Connects once, then asks `SELECT 42` in a loop on its own thread until stopped."""

    def __init__(self, target):
        self.connection = target.connect()
        self.answers, self.errors = [], []
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stop_event.is_set():
            try:
                with self.connection.cursor() as cursor:
                    cursor.execute("SELECT 42")
                    self.answers.append(cursor.fetchone())
            except psycopg2.Error as error:
                self.errors.append(str(error))
            time.sleep(0.02)

    def stop(self):
        self.stop_event.set()
        self.thread.join(60)
        self.connection.close()
        return self.answers, self.errors


def assert_served(answers, errors, minimum):
    assert errors == []
    assert len(answers) >= minimum
    assert set(answers) == {(42,)}


@pytest.fixture
def own_target(request, pg_target):
    """The flood leaves its address slowed down for a while: against duckwire it gets a server of its own, so
    that the other tests do not wait (PostgreSQL slows nobody down)."""
    if not pg_target.is_duckwire:
        yield pg_target
        return
    target = start_duckwire(*request.getfixturevalue("pg_certificate"))
    yield target
    target.server.stop()


def test_a_wrong_password_flood_is_refused_while_the_right_password_connects(own_target):
    """Every wrong password gets PostgreSQL's refusal, and after the flood the right password still connects
    from the same address while it is slowed down. PostgreSQL has no lockout; duckwire slows an address that
    keeps failing down (at most a second per attempt) instead of refusing its right password."""
    pg_target = own_target
    healthy = HealthyClient(pg_target)
    refusals, seconds = [], []
    flood_ends = time.monotonic() + 2
    while len(seconds) < FLOOD_ATTEMPTS or time.monotonic() < flood_ends:
        attempt = len(seconds)
        started = time.monotonic()
        try:
            psycopg2.connect(pg_target.dsn(password=f"guess-{attempt}"), connect_timeout=10).close()
        except psycopg2.OperationalError as error:
            refusals.append(str(error))
        seconds.append(time.monotonic() - started)
    started = time.monotonic()
    connection = pg_target.connect()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 7")
        assert cursor.fetchone() == (7,)
    connection.close()
    assert time.monotonic() - started < 3
    assert_served(*healthy.stop(), minimum=10)
    assert len(refusals) == len(seconds) >= FLOOD_ATTEMPTS
    assert all("password authentication failed" in text for text in refusals), set(refusals)
    assert max(seconds) < 3, seconds
    if pg_target.is_duckwire:
        assert min(seconds[-3:]) >= 0.4, seconds  # past the free failures, each attempt waits its turn


def drop_mid_query(target, count):
    """Opens `count` connections, starts the long statement on each, then drops every socket unannounced."""
    connections = []
    for _ in range(count):
        pgconn = pq.PGconn.connect(target.dsn().encode())
        assert pgconn.status == pq.ConnStatus.OK, pgconn.error_message
        pgconn.send_query(LONG_QUERY[target.kind].encode())
        connections.append(pgconn)
    time.sleep(0.2)
    for pgconn in connections:
        dropped = socket.socket(fileno=os.dup(pgconn.socket))
        dropped.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        dropped.shutdown(socket.SHUT_RDWR)  # no Terminate message gets out: the client just vanishes
        dropped.close()
        pgconn.finish()


def leftover_work(target, like):
    """What clients that left still hold on the server. duckwire: its open PostgreSQL sessions (one is counted
    out only once its engine session, and whatever still ran or streamed on it, is closed). PostgreSQL: the
    active backends whose query text is LIKE `like`."""
    if target.is_duckwire:
        context = ssl.create_default_context(cafile=str(target.cert))
        context.check_hostname = False
        with urllib.request.urlopen(target.server.url + "/metrics", timeout=10, context=context) as response:
            metrics = response.read().decode()
        return int(re.search(r'^duckwire_open_connections\{protocol="postgres"\} (\d+)$', metrics, re.M).group(1))
    connection = target.connect()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE %s", (like,))
        running = cursor.fetchone()[0]
    connection.close()
    return running


def assert_nothing_left(target, like, seconds=20):
    deadline = time.monotonic() + seconds
    while leftover_work(target, like) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert leftover_work(target, like) == 0


def test_clients_dropping_their_sockets_mid_query_leave_the_server_serving(pg_target):
    healthy = HealthyClient(pg_target)
    rss_before = vm_kb(pg_target.pid)
    for _ in range(DROPPED_CLIENTS // DROP_WAVE):
        drop_mid_query(pg_target, DROP_WAVE)
    answers, errors = healthy.stop()
    assert_served(answers, errors, minimum=20)
    # The abandoned statements were stopped: a fresh client gets its answer, and none of them still runs.
    connection = pg_target.connect()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM generate_series(1, 1000) AS s(g)")
        assert cursor.fetchone() == (1000,)
    connection.close()
    assert_nothing_left(pg_target, "SELECT sum(x)%")
    if pg_target.is_duckwire:
        assert vm_kb(pg_target.pid) - rss_before < 256 * 1024


def send_without_reading(target, count):
    """`count` clients that each ask for 10 million rows and never read them."""
    clients = []
    for _ in range(count):
        pgconn = pq.PGconn.connect(target.dsn().encode())
        assert pgconn.status == pq.ConnStatus.OK, pgconn.error_message
        pgconn.send_query(TEN_MILLION_ROWS)
        clients.append(pgconn)
    return clients


def test_a_client_that_stops_reading_ten_million_rows_keeps_the_server_rss_bounded(pg_target):
    pgconn = pq.PGconn.connect(pg_target.dsn().encode())
    assert pgconn.status == pq.ConnStatus.OK
    pid = pg_target.pid if pg_target.is_duckwire else pgconn.backend_pid
    healthy = HealthyClient(pg_target)
    # PostgreSQL's backends map shared buffers, which VmRSS counts as they are touched: measure them by RssAnon.
    field = "VmRSS" if pg_target.is_duckwire else "RssAnon"
    rss_before = vm_kb(pid, field)
    pgconn.send_query(TEN_MILLION_ROWS)
    peak = rss_before
    for _ in range(30):
        time.sleep(0.2)
        peak = max(peak, vm_kb(pid, field))
    assert_served(*healthy.stop(), minimum=20)
    assert peak - rss_before < 64 * 1024, f"RSS grew by {(peak - rss_before) // 1024} MiB"
    # Once the client hangs up, the statement it left ends and frees what it held.
    pgconn.finish()
    assert_nothing_left(pg_target, "SELECT g, 'row number '%")


def test_many_clients_that_stop_reading_do_not_take_every_worker(pg_target):
    """More clients than duckwire runs statements at once on a small machine (12 of 16 workers on 2 to 4
    cores) stop reading mid-result: a client waiting on its socket gives its place back, so a newcomer is
    served at once; each holds a bounded buffer, and once they hang up nothing of theirs is left."""
    rss_before = vm_kb(pg_target.pid) if pg_target.is_duckwire else 0
    slow = send_without_reading(pg_target, SLOW_READERS)
    time.sleep(1)
    healthy = HealthyClient(pg_target)
    time.sleep(2)
    assert_served(*healthy.stop(), minimum=20)
    if pg_target.is_duckwire:
        assert vm_kb(pg_target.pid) - rss_before < SLOW_READERS * 8 * 1024
    for pgconn in slow:
        pgconn.finish()
    assert_nothing_left(pg_target, "SELECT g, 'row number '%")
