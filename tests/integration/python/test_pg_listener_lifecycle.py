"""The PostgreSQL listener's start and stop: a --pg-port that cannot be opened stops the server as a busy
--port does, and a stopped server leaves no emulated-catalog file behind."""
import pathlib
import signal
import socket
import subprocess
import tempfile
import time

import psycopg2

from conftest import BINARY
from pgwire_core_client import free_port, start_pg_server


def run_until_exit(*args):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=60)


def catalog_files(pid):
    return sorted(pathlib.Path(tempfile.gettempdir()).glob(f"duckwire-pg-catalog-{pid}.db*"))


def test_a_busy_pg_port_given_on_the_command_line_stops_the_server_like_a_busy_http_port():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        pg = run_until_exit("--port", "0", "--pg-port", str(busy))
        http = run_until_exit("--port", str(busy), "--pg-port", "0")
    assert pg.returncode == http.returncode == 1, (pg, http)
    assert f"PostgreSQL listener (--pg-port): cannot listen on 127.0.0.1:{busy}" in pg.stderr, pg.stderr
    assert f"cannot listen on 127.0.0.1:{busy}" in http.stderr, http.stderr
    assert "duckwire listening" not in pg.stderr
    assert "shutdown complete" in pg.stderr
    with socket.create_server(("127.0.0.1", 0)) as probe:
        assert probe.getsockname()[1] > 0  # the machine still has ports: nothing was left listening


def test_a_stopped_server_leaves_no_catalog_file_behind():
    server, port = start_pg_server()
    pid = server.process.pid
    assert catalog_files(pid), "the emulated catalog lives in a file of the server's own while it runs"
    conn = psycopg2.connect(host="127.0.0.1", port=port, user="u", dbname="db", sslmode="disable",
                            connect_timeout=10)
    with conn.cursor() as cur:
        cur.execute("select count(*) from pg_catalog.pg_class")
        assert cur.fetchone()[0] > 0
    # Stopped with a client still connected.
    assert server.stop() == 0
    conn.close()
    assert catalog_files(pid) == []


def test_a_server_that_cannot_start_leaves_no_catalog_file_or_cache_directory_behind():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = subprocess.Popen([BINARY, "--port", "0", "--pg-port", str(taken.getsockname()[1])],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert process.wait(60) == 1
    assert catalog_files(process.pid) == []
    assert list(pathlib.Path(tempfile.gettempdir()).glob(f"duckwire-cache-{process.pid}-*")) == []


def test_the_catalog_files_of_killed_servers_are_removed_by_the_next_start():
    killed = subprocess.Popen([BINARY, "--port", "0", "--pg-port", str(free_port())], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not catalog_files(killed.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    killed.kill()  # SIGKILL: nothing of the server runs to clean up
    killed.wait()
    left = catalog_files(killed.pid)
    assert left, "a killed server cannot remove its file"
    server, _ = start_pg_server()
    try:
        assert catalog_files(killed.pid) == []
        assert catalog_files(server.process.pid), "a running server's own file is kept"
    finally:
        server.stop()


def test_a_second_signal_ends_the_server_at_once_without_leaving_its_catalog_file():
    server, _ = start_pg_server()
    pid = server.process.pid
    assert catalog_files(pid)
    server.signal(signal.SIGTERM)
    time.sleep(0.02)  # two signals sent at once arrive as one; shutdown lasts at least 100 ms
    server.signal(signal.SIGTERM)
    assert server.wait() == 1
    assert catalog_files(pid) == []
