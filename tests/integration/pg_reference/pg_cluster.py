"""A throwaway PostgreSQL 15 cluster for proving client tests against the real thing.

Used two ways:
  - from Python: `with Cluster(user="u", password="p", database="d") as pg: pg.port ...`
  - from any other language: `python3 pg_cluster.py --user u:p --database d` prints one JSON line
    ({"host", "port", "user", "password", "database", "socket_dir", "cert"}) once the cluster accepts
    connections, then keeps it running until its standard input closes (or SIGTERM), and removes it.

The cluster lives in a fresh temporary directory: initdb (run as the `postgres` system user when we
are root, since initdb refuses root), TCP on 127.0.0.1 with its own free port, its unix socket in
the same directory, scram-sha-256 for TCP, TLS with a self-signed certificate for 127.0.0.1, time
zone UTC, durability switched off (a test cluster does not need it).
"""
import argparse
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

BINDIR = os.environ.get("PG_BINDIR", "/usr/lib/postgresql/15/bin")
SUPERUSER = "postgres"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_certificate(cert, key):
    """A self-signed certificate for 127.0.0.1 and localhost, valid two days; the key readable by its owner only."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    os.chmod(key, 0o600)


class Cluster:
    def __init__(self, user, password, database, port=None):
        self.user, self.password, self.database = user, password, database
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.dir = None

    # --- running commands as the cluster's owner -------------------------------------------------

    def _as_owner(self, argv):
        if os.geteuid() == 0:
            return ["runuser", "-u", SUPERUSER, "--", *argv]
        return argv

    def _run(self, argv, **kwargs):
        return subprocess.run(self._as_owner(argv), check=True, capture_output=True, text=True, **kwargs)

    def _chown(self, path):
        if os.geteuid() == 0:
            owner = pwd.getpwnam(SUPERUSER)
            os.chown(path, owner.pw_uid, owner.pw_gid)

    # --- life cycle -------------------------------------------------------------------------------

    @property
    def data(self):
        return os.path.join(self.dir, "data")

    @property
    def cert(self):
        return os.path.join(self.dir, "server.crt")

    @property
    def socket_dir(self):
        return self.dir

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="duckwire-pg15-")
        os.chmod(self.dir, 0o755)
        self._chown(self.dir)
        try:
            self._initdb()
            self._make_certificate()
            self._run([f"{BINDIR}/pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "server.log"),
                       "-w", "-t", "60", "start"])
            self.superuser_sql(f"CREATE ROLE {self.user} LOGIN PASSWORD '{self.password}'")
            self.superuser_sql(f"CREATE DATABASE {self.database} OWNER {self.user}")
        except BaseException:
            self.stop()
            raise
        return self

    def _initdb(self):
        self._run([f"{BINDIR}/initdb", "-D", self.data, "-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8",
                   "--auth-local=trust", "--auth-host=scram-sha-256"])
        settings = {
            "port": self.port,
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.dir}'",
            "max_connections": 60,
            "shared_buffers": "'32MB'",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "timezone": "'UTC'",
            "log_timezone": "'UTC'",
            "ssl": "on",
            "ssl_cert_file": f"'{self.cert}'",
            "ssl_key_file": f"'{os.path.join(self.dir, 'server.key')}'",
        }
        conf = "".join(f"{name} = {value}\n" for name, value in settings.items())
        self._run(["sh", "-c", f"cat >> '{self.data}/postgresql.conf'"], input=conf)

    def _make_certificate(self):
        key = os.path.join(self.dir, "server.key")
        make_certificate(self.cert, key)
        for path in (key, self.cert):
            self._chown(path)

    def stop(self):
        if self.dir is None:
            return
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            subprocess.run(self._as_owner([f"{BINDIR}/pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"]),
                           capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- using it ---------------------------------------------------------------------------------

    def superuser_sql(self, sql, database="postgres"):
        """Runs SQL as the superuser over the unix socket (trust)."""
        return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.socket_dir, "-p",
                               str(self.port), "-U", SUPERUSER, "-d", database, "-c", sql],
                              check=True, capture_output=True, text=True).stdout

    def describe(self):
        return {"host": self.host, "port": self.port, "user": self.user, "password": self.password,
                "database": self.database, "socket_dir": self.socket_dir, "cert": self.cert}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--user", default="clitest:clitest-pw", help="NAME:PASSWORD of the login role")
    parser.add_argument("--database", default="clitests")
    args = parser.parse_args()
    name, _, password = args.user.partition(":")
    cluster = Cluster(name, password, args.database)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with cluster:
        print(json.dumps(cluster.describe()), flush=True)
        try:
            sys.stdin.read()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
