"""PostgreSQL-protocol targets for the client tests (psql, pgbench, pgJDBC).

Every client test runs against a *target*: duckwire's PostgreSQL port (the default, what `make test`
runs) or, with `DUCKWIRE_PG_TARGET=postgres`, a throwaway PostgreSQL 15 cluster, which proves the test
itself right. Tests that compare output with PostgreSQL also get `reference_pg`, a second throwaway
PostgreSQL 15 cluster holding the same schema.

Test ids listed in ../pg_reference/pending_on_duckwire*.txt do not pass on duckwire yet: they are left
out of the run against duckwire, and still run against PostgreSQL; `DUCKWIRE_PG_PENDING=run` runs them too.
"""
import os
import pathlib
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest

from conftest import Server

REFERENCE_DIR = pathlib.Path(__file__).resolve().parents[1] / "pg_reference"
sys.path.insert(0, str(REFERENCE_DIR))
from pg_cluster import Cluster, free_port, make_certificate  # noqa: E402

TARGET_KIND = os.environ.get("DUCKWIRE_PG_TARGET", "duckwire")
USER, PASSWORD, DATABASE = "clitest", "clitest-pw", "clitests"
CLI_SCHEMA = REFERENCE_DIR / "cli_schema.sql"


@dataclass
class Target:
    """Where a client connects: host, port, credentials, and the CA certificate for TLS."""

    kind: str  # "duckwire" or "postgres"
    host: str
    port: int
    cert: str
    user: str = USER
    password: str = PASSWORD
    database: str = DATABASE
    server: object = None  # the duckwire Server, when kind == "duckwire"

    def libpq_env(self, sslmode="disable", **extra):
        """Environment for libpq programs (psql, pgbench): the password comes from PGPASSWORD."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        env.update(PGHOST=self.host, PGPORT=str(self.port), PGUSER=self.user, PGPASSWORD=self.password,
                   PGDATABASE=self.database, PGSSLMODE=sslmode, PGCONNECT_TIMEOUT="20", LC_ALL="C.UTF-8",
                   PGCLIENTENCODING="UTF8")
        env.update(extra)
        return env

    def psql(self, *args, sslmode="disable", input=None, timeout=120, env=None):
        """Runs `psql -X` with the arguments; returns the CompletedProcess (text)."""
        return subprocess.run(["psql", "-X", *args], env=self.libpq_env(sslmode, **(env or {})), input=input,
                              capture_output=True, text=True, timeout=timeout)

    def load(self, schema_file):
        result = self.psql("-q", "-v", "ON_ERROR_STOP=1", "-f", str(schema_file))
        assert result.returncode == 0, f"loading {schema_file} into {self.kind} failed:\n{result.stderr}"


def start_postgres():
    return Cluster(USER, PASSWORD, DATABASE).start()


def postgres_target(cluster):
    return Target("postgres", cluster.host, cluster.port, cluster.cert)


def wait_until_accepting(port, process, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def start_duckwire(folder):
    cert, key = folder / "cert.pem", folder / "key.pem"
    make_certificate(cert, key)
    port = free_port()
    server = Server("--pg-port", str(port), "--user", f"{USER}:{PASSWORD}", "--tls-cert", str(cert), "--tls-key",
                    str(key), "--db-path", str(folder / "clitests.duckdb"))
    if not wait_until_accepting(port, server.process):
        server.stop()
        raise RuntimeError("duckwire did not open its PostgreSQL port:\n" + server.log)
    return Target("duckwire", "127.0.0.1", port, str(cert), server=server)


@pytest.fixture(scope="session")
def pg_target(tmp_path_factory):
    """The server under test, holding the psql schema (../pg_reference/cli_schema.sql)."""
    if TARGET_KIND == "postgres":
        cluster = start_postgres()
        target = postgres_target(cluster)
    else:
        cluster = None
        target = start_duckwire(tmp_path_factory.mktemp("duckwire-pg"))
    try:
        target.load(CLI_SCHEMA)
        yield target
    finally:
        if cluster:
            cluster.stop()
        else:
            target.server.stop()


@pytest.fixture(scope="session")
def reference_pg():
    """PostgreSQL 15 holding the same schema: what the target's output is compared with."""
    cluster = start_postgres()
    try:
        target = postgres_target(cluster)
        target.load(CLI_SCHEMA)
        yield target
    finally:
        cluster.stop()


def pending_on_duckwire():
    """The ids of every pending list: pending_on_duckwire.txt and one per suite (pending_on_duckwire.<suite>.txt)."""
    lines = (line.split("#", 1)[0].strip() for path in sorted(REFERENCE_DIR.glob("pending_on_duckwire*.txt"))
             for line in path.read_text().splitlines())
    return {line for line in lines if line}


def leave_out_pending(config, items):
    """Deselects the test ids of pending_on_duckwire.txt when the target is duckwire."""
    if TARGET_KIND != "duckwire" or os.environ.get("DUCKWIRE_PG_PENDING") == "run":
        return
    pending = pending_on_duckwire()
    kept, left_out = [], []
    for item in items:
        (left_out if item.nodeid.split("/")[-1] in pending else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
