"""duckwire.Server inside a Python process (issue 9): every front door over one DuckDB database, on
ephemeral ports, started and stopped by the program; a connection class may authenticate PostgreSQL
clients or answer their statements in Python and leave the rest to DuckDB."""
import asyncio
import json
import os
import pathlib
import socket
import subprocess
import sys

import psycopg2
import pytest
import websockets

from python_programs import PACKAGES

sys.path.insert(0, PACKAGES)
import duckwire  # noqa: E402
from riffq.helpers import to_arrow  # noqa: E402

PSQL = "/usr/lib/postgresql/15/bin/psql"


def psql(port, *args, user="duckwire", password=None):
    env = {**os.environ, **({"PGPASSWORD": password} if password else {})}
    return subprocess.run([PSQL, "-X", "-h", "127.0.0.1", "-p", str(port), "-U", user, "-d", "duckwire", *args],
                          capture_output=True, text=True, timeout=30, env=env)


async def ws_json_rows(port, sql):
    async with websockets.connect(f"ws://127.0.0.1:{port}/") as ws:
        await ws.send(json.dumps({"type": "json", "sql": sql, "queryId": "q"}))
        reply = json.loads(await asyncio.wait_for(ws.recv(), 30))
        assert reply["type"] == "json", reply
        return json.loads(reply["data"])


def refuses_connections(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return False
    except OSError:
        return True


def test_the_whole_server_starts_on_ephemeral_ports_serves_psql_and_websocket_and_stops(tmp_path):
    server = duckwire.Server(db_path=str(tmp_path / "shop.duckdb"), port=0, pg_port=0).start()
    try:
        assert server.pg_port and server.http_port and server.pg_port != server.http_port
        made = psql(server.pg_port, "-c", "CREATE TABLE orders (id INTEGER PRIMARY KEY, total DOUBLE)",
                    "-c", "INSERT INTO orders VALUES (1, 9.5), (2, 20)")
        assert made.returncode == 0, made.stderr
        assert asyncio.run(ws_json_rows(server.http_port, "SELECT sum(total) AS s FROM orders")) == [{"s": 29.5}]
        listed = psql(server.pg_port, "-c", r"\dt")
        assert "orders" in listed.stdout
    finally:
        server.stop()
    assert refuses_connections(server.pg_port)
    # The data is in the database file: a second server reads it.
    with duckwire.Server(db_path=str(tmp_path / "shop.duckdb"), port=None, pg_port=0) as again:
        assert again.http_port is None
        out = psql(again.pg_port, "-At", "-c", "SELECT count(*) FROM orders")
        assert out.stdout.strip() == "2"


class PythonLogin(duckwire.BaseConnection):
    """Authenticates in Python; DuckDB answers every statement."""

    def handle_auth(self, user, password, host, database=None, callback=None):
        if user == "alice" and password == "wonderland":
            return callback(True)
        return callback(False, message=f"{user} may not log in from {host}")


def test_a_python_login_in_front_of_the_duckdb_backend():
    # The handler needs the password itself: it travels in cleartext, refused without TLS by default.
    with duckwire.Server(port=None, pg_port=0, connection_cls=PythonLogin) as server:
        refused = psql(server.pg_port, "-c", "SELECT 1", user="alice", password="wonderland")
        assert "password authentication without TLS is refused" in refused.stderr
    with duckwire.Server(port=None, pg_port=0, connection_cls=PythonLogin, allow_cleartext_password=True) as server:
        refused = psql(server.pg_port, "-c", "SELECT 1", user="bob", password="x")
        assert refused.returncode != 0
        assert "bob may not log in from 127.0.0.1" in refused.stderr
        ok = psql(server.pg_port, "-At", "-c", "CREATE TABLE t AS SELECT 42 AS answer", "-c",
                  "SELECT answer FROM t", user="alice", password="wonderland")
        assert ok.returncode == 0, ok.stderr
        assert ok.stdout.splitlines()[-1] == "42"


class Routing(duckwire.BaseConnection):
    """Answers `SELECT greeting` in Python, leaves everything else to DuckDB."""

    def handle_query(self, sql, callback=None, **kwargs):
        if sql.strip().lower() == "select greeting":
            return callback(to_arrow([{"name": "greeting", "type": "str"}], [[f"hello from {self.conn_id}"]]))
        return super().handle_query(sql, callback, **kwargs)


def test_a_connection_class_answers_some_statements_and_leaves_the_rest_to_duckdb():
    with duckwire.Server(port=None, pg_port=0, connection_cls=Routing) as server:
        conn = psycopg2.connect(host="127.0.0.1", port=server.pg_port, user="duckwire", dbname="duckwire")
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("select greeting")
        assert cur.fetchone()[0].startswith("hello from ")
        cur.execute("CREATE TABLE items (n INTEGER)")
        cur.execute("INSERT INTO items SELECT * FROM range(5)")
        assert cur.statusmessage == "INSERT 0 5"
        cur.execute("SELECT sum(n) FROM items WHERE n > %s", (1,))
        assert cur.fetchone()[0] == 9
        cur.execute("SELECT generate_series FROM generate_series(1, 2)")  # PostgreSQL's SQL, through DuckDB
        assert cur.fetchall() == [(1,), (2,)]
        conn.close()
        with psycopg2.connect(host="127.0.0.1", port=server.pg_port, user="duckwire", dbname="duckwire") as other:
            cur = other.cursor()
            cur.execute("SELECT count(*) FROM items")  # extended protocol: prepared by DuckDB
            assert cur.fetchone()[0] == 5


def test_settings_are_checked():
    with pytest.raises(TypeError, match="unknown server setting 'colour'"):
        duckwire.Server(colour="blue")
    with pytest.raises(ValueError, match="pg_port must be between 0 and 65535"):
        duckwire.Server(pg_port=70000)
    with pytest.raises(FileNotFoundError):
        duckwire.Server(tls=("/nonexistent/cert.pem", "/nonexistent/key.pem"))
