"""duckwire inside a Python process: the whole server (HTTP, WebSocket, PostgreSQL) over one DuckDB
database, optionally with a connection class whose handlers authenticate or answer PostgreSQL clients
in Python and leave the rest to DuckDB.

    server = duckwire.Server(db_path="shop.duckdb", port=0, pg_port=0).start()
    ... server.pg_port, server.http_port ...
    server.stop()
"""
from ._dispatch import ConnectionDispatch
from ._duckwire import DUCKDB, NativeServer, RecordBatchReader, arrow_batch, to_arrow
from .connection import BaseConnection

__all__ = ["Server", "BaseConnection", "DUCKDB", "to_arrow", "arrow_batch", "RecordBatchReader"]


class Server:
    """Server(db_path=":memory:", host="127.0.0.1", port=4000, pg_port=5432, users=None,
    connection_cls=None, tls=None, **settings). port/pg_port: 0 for any free port, None for none.
    users: {name: password}. tls: (certificate_path, key_path). settings: pg_auth, server_version,
    allow_cleartext_password, answer_timeout (seconds a handler may take), threads, read_only,
    file_access (directories SQL may read), log_level."""

    def __init__(self, db_path=":memory:", host="127.0.0.1", port=4000, pg_port=5432, users=None,
                 connection_cls=None, tls=None, **settings):
        self._native = NativeServer(dict(settings, db_path=db_path, host=host, port=port, pg_port=pg_port,
                                         users=dict(users or {}), catalog_emulation=True))
        if tls is not None:
            self._native.set_tls(*tls)
        self.dispatch = None
        if connection_cls is not None:
            self.dispatch = ConnectionDispatch(connection_cls)
            handler = lambda name: getattr(self.dispatch, name) if connection_cls.overrides(name) else None
            self._native.set_handlers(handler("handle_auth"), handler("handle_query"),
                                      handler("handle_connect"), handler("handle_disconnect"))

    def start(self, timeout=30.0):
        """Starts serving in the background; returns once every listener listens."""
        self._native.start(timeout)
        return self

    def serve_forever(self):
        """Starts (unless started) and serves until stop() or Ctrl-C."""
        if not self._native.running:
            self._native.start(30.0)
        self._native.wait()

    def stop(self):
        self._native.stop()

    @property
    def pg_port(self):
        return self._native.pg_port

    @property
    def http_port(self):
        return self._native.http_port

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
