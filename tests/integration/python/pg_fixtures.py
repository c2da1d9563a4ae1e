"""The PostgreSQL servers the test_pg_* suites talk to, behind one `pg_target` fixture.

By default each test module gets its own duckwire process with the PostgreSQL port enabled. With
DUCKWIRE_PG_TARGET=postgres the same tests run against a throwaway PostgreSQL 15 cluster instead (one
per test session, a fresh database per module), which proves each test asserts what PostgreSQL does.
Both targets have the user shop_user/shop_pw (SCRAM-SHA-256) and speak TLS with the same certificate."""
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time

import psycopg2
import pytest

from conftest import Server

USER, PASSWORD = "shop_user", "shop_pw"
PG_BIN = pathlib.Path("/usr/lib/postgresql/15/bin")
TARGET = os.environ.get("DUCKWIRE_PG_TARGET", "duckwire")
CORPUS = pathlib.Path(__file__).resolve().parents[2] / "data" / "pg_corpus"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_accepting(port, process, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


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

    def run_script(self, sql):
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute(sql)


class PostgresCluster:
    """A throwaway PostgreSQL 15 cluster: initdb in a temporary directory as the postgres user (initdb
    refuses root), TCP on 127.0.0.1 with scram-sha-256 and TLS, the superuser over its own Unix socket."""

    def __init__(self, cert, key):
        self.directory = pathlib.Path(tempfile.mkdtemp(prefix="duckwire-pg15-"))
        data, self.port = self.directory / "data", free_port()
        shutil.copy(cert, self.directory / "server.crt")
        shutil.copy(key, self.directory / "server.key")
        os.chmod(self.directory / "server.key", 0o600)
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if as_postgres:
            shutil.chown(self.directory, "postgres")
            for name in ("server.crt", "server.key"):
                shutil.chown(self.directory / name, "postgres")
        subprocess.run([*as_postgres, str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
                        "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256"],
                       check=True, capture_output=True)
        settings = {"listen_addresses": "'127.0.0.1'", "port": self.port,
                    "unix_socket_directories": f"'{self.directory}'", "password_encryption": "'scram-sha-256'",
                    "ssl": "on", "ssl_cert_file": f"'{self.directory / 'server.crt'}'",
                    "ssl_key_file": f"'{self.directory / 'server.key'}'", "timezone": "'Etc/UTC'",
                    "max_connections": 300, "fsync": "off", "log_min_messages": "fatal"}
        with open(data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self.process = subprocess.Popen([*as_postgres, str(PG_BIN / "postgres"), "-D", str(data)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_until_accepting(self.port, self.process):
            raise RuntimeError("PostgreSQL 15 did not start")
        self.superuser(f"CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}'")

    def superuser(self, sql):
        connection = psycopg2.connect(host=str(self.directory), port=self.port, user="postgres", dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
        connection.close()

    def server_pid(self):
        return self.process.pid

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pg-tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True)
    return cert, key


@pytest.fixture(scope="session")
def postgres_cluster(pg_certificate):
    cluster = PostgresCluster(*pg_certificate)
    yield cluster
    cluster.stop()


def start_duckwire(cert, key, *extra_args):
    port = free_port()
    server = Server("--pg-port", str(port), "--user", f"{USER}:{PASSWORD}", "--tls-cert", str(cert),
                    "--tls-key", str(key), *extra_args)
    if not wait_until_accepting(port, server.process):
        server.stop()
        raise RuntimeError("duckwire did not open its PostgreSQL port:\n" + server.log)
    return Target("duckwire", port, "shop", server.process.pid, cert, server)


@pytest.fixture(scope="module")
def pg_target(request, pg_certificate):
    """A fresh, empty database on the target server, for one test module."""
    cert, key = pg_certificate
    if TARGET == "postgres":
        cluster = request.getfixturevalue("postgres_cluster")
        dbname = "db_" + request.module.__name__.replace(".", "_")
        cluster.superuser(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        cluster.superuser(f"CREATE DATABASE {dbname} OWNER {USER}")
        yield Target("postgres", cluster.port, dbname, cluster.server_pid(), cert)
        return
    target = start_duckwire(cert, key)
    yield target
    target.server.stop()
