"""Connection primitives and the high-level server wrapper, as riffq defines them."""
import os
from abc import ABCMeta, abstractmethod

from duckwire._dispatch import ConnectionDispatch
from duckwire._results import ResultHelpers

from .server import Server


def _noop(*args, **kwargs):
    return None


class BaseConnection(ResultHelpers, metaclass=ABCMeta):
    """One instance per client: authenticates it and answers its queries."""

    conn_id = None

    def __init__(self, conn_id, executor):
        self.conn_id = conn_id
        self.executor = executor

    @abstractmethod
    def handle_auth(self, user, password, host, database=None, callback=_noop):
        return callback(user == "user" and password == "secret")

    def handle_connect(self, ip, port, callback=_noop):
        return callback(True)

    @abstractmethod
    def handle_query(self, sql, callback=_noop, **kwargs):
        pass

    def handle_disconnect(self, ip, port, callback=_noop):
        return callback(True)


class RiffqServer(ConnectionDispatch):
    """Owns the low-level Server, creates a connection_cls instance per client and forwards its events."""

    def __init__(self, listen_addr, connection_cls=BaseConnection):
        super().__init__(connection_cls)
        self._server = Server(listen_addr)
        self._server.on_authentication(self.handle_auth)
        self._server.on_query(self.handle_query)
        self._server.on_connect(self.handle_connect)
        self._server.on_disconnect(self.handle_disconnect)

    def set_tls(self, crt, key):
        if not os.path.exists(crt):
            raise OSError(f"Certificate not found in {crt}")
        if not os.path.exists(key):
            raise OSError(f"Certificate keyfile not found in {key}")
        self._server.set_tls(crt, key)

    def register_database(self, database_name):
        self._server.register_database(database_name)

    def register_schema(self, database_name, schema_name):
        self._server.register_schema(database_name, schema_name)

    def register_table(self, database_name, schema_name, table_name, columns):
        self._server.register_table(database_name, schema_name, table_name, columns)

    def start(self, **kw):
        return self._server.start(**kw)

    def stop(self):
        self._server.stop()

    @property
    def port(self):
        return self._server.port
