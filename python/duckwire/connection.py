"""duckwire's connection class: like riffq's BaseConnection, but every handler it does not override is
left to the server itself (its users, its DuckDB), and handle_query may leave a statement to DuckDB
by answering callback(duckwire.DUCKDB) (which the default handle_query does)."""
from ._duckwire import DUCKDB
from ._results import ResultHelpers


class BaseConnection(ResultHelpers):
    conn_id = None

    def __init__(self, conn_id, executor):
        self.conn_id = conn_id
        self.executor = executor

    def handle_auth(self, user, password, host, database=None, callback=None):
        raise NotImplementedError  # not overridden: the server's own users authenticate clients

    def handle_connect(self, ip, port, callback=None):
        return callback(True)

    def handle_query(self, sql, callback=None, **kwargs):
        return callback(DUCKDB)

    def handle_disconnect(self, ip, port, callback=None):
        return callback(True)

    @classmethod
    def overrides(cls, name):
        return getattr(cls, name) is not getattr(BaseConnection, name)
