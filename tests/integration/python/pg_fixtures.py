"""The PostgreSQL servers the test_pg_* suites talk to, behind one `pg_target` fixture.

By default each test module gets its own duckwire process with the PostgreSQL port enabled. With
DUCKWIRE_PG_TARGET=postgres the same tests run against a throwaway PostgreSQL 15 cluster instead (one
per test session, a fresh database per module), which proves each test asserts what PostgreSQL does.
Both targets have the user shop_user/shop_pw (SCRAM-SHA-256) and speak TLS (`Target.cert` verifies it)."""
import os
import pathlib

import psycopg2
import pytest

from pg_targets import Cluster, free_port, make_certificate, wait_until_accepting
from conftest import Server

USER, PASSWORD = "shop_user", "shop_pw"
TARGET = os.environ.get("DUCKWIRE_PG_TARGET", "duckwire")
# A statement that runs for many seconds: DuckDB's range() as the issue states it, PostgreSQL's
# generate_series where the suites prove themselves against PostgreSQL.
LONG_QUERY = {"duckwire": "SELECT sum(x) FROM range(3000000000) t(x)",
              "postgres": "SELECT sum(x) FROM generate_series(1, 3000000000) t(x)"}
CORPUS = pathlib.Path(__file__).resolve().parents[2] / "data" / "pg_corpus"


def vm_kb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


class Target:
    """Where a test module connects: host/port/database, the server's pid and its TLS certificate."""

    def __init__(self, kind, port, dbname, pid, cert, server=None):
        self.kind, self.port, self.dbname, self.pid, self.cert, self.server = kind, port, dbname, pid, cert, server
        self.host, self.user, self.password = "127.0.0.1", USER, PASSWORD

    @property
    def is_duckwire(self):
        return self.kind == "duckwire"

    def params(self, **overrides):
        params = dict(host=self.host, port=self.port, dbname=self.dbname, user=self.user, password=self.password,
                      sslmode="disable", application_name="duckwire-tests")
        params.update(overrides)
        return params

    def dsn(self, **overrides):
        return " ".join(f"{key}='{value}'" for key, value in self.params(**overrides).items())

    def url(self, scheme="postgresql"):
        return f"{scheme}://{self.user}:{self.password}@{self.host}:{self.port}/{self.dbname}"

    def connect(self, **overrides):
        """A psycopg2 connection in autocommit mode."""
        connection = psycopg2.connect(self.dsn(**overrides))
        connection.autocommit = True
        return connection

    def run_statements(self, *statements):
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            connection.close()


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL 15 cluster (see pg_reference/pg_cluster.py), told to notice clients that vanish
    mid-query as duckwire does."""
    cluster = Cluster(USER, PASSWORD, "shop").start()
    cluster.superuser_sql("ALTER SYSTEM SET client_connection_check_interval = '100ms'")
    cluster.superuser_sql("SELECT pg_reload_conf()")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pg-tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    make_certificate(cert, key)
    return cert, key


def start_duckwire(cert, key, *extra_args):
    port = free_port()
    server = Server("--pg-port", str(port), "--user", f"{USER}:{PASSWORD}", "--tls-cert", str(cert),
                    "--tls-key", str(key), *extra_args)
    if not wait_until_accepting(port, server.process):
        server.stop()
        raise RuntimeError("duckwire did not open its PostgreSQL port:\n" + server.log)
    return Target("duckwire", port, "shop", server.process.pid, cert, server)


@pytest.fixture(scope="module")
def pg_target(request):
    """A fresh, empty database on the target server, for one test module."""
    if TARGET == "postgres":
        cluster = request.getfixturevalue("postgres_cluster")
        dbname = "db_" + request.module.__name__.replace(".", "_")
        cluster.superuser_sql(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        cluster.superuser_sql(f"CREATE DATABASE {dbname} OWNER {USER}")
        yield Target("postgres", cluster.port, dbname, postmaster_pid(cluster), cluster.cert)
        return
    target = start_duckwire(*request.getfixturevalue("pg_certificate"))
    yield target
    target.server.stop()


def postmaster_pid(cluster):
    with open(os.path.join(cluster.data, "postmaster.pid")) as pid_file:
        return int(pid_file.readline())
