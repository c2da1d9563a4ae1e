"""One connection object per client, created on its first event and forwarded every later one: the
part riffq's RiffqServer and duckwire.Server share."""
import logging
from concurrent.futures import ThreadPoolExecutor

logger = logging.getLogger("duckwire.connections")


def _noop(*args, **kwargs):
    return None


class ConnectionDispatch:
    """Creates `connection_cls(connection_id, executor)` per client and forwards the server's events."""

    def __init__(self, connection_cls, max_workers=4):
        self.connection_cls = connection_cls
        self.executor = ThreadPoolExecutor(max_workers=max_workers)
        self.connections = {}

    def get_connection(self, connection_id):
        conn = self.connections.get(connection_id)
        if conn is None:
            conn = self.connection_cls(connection_id, self.executor)
            self.connections[connection_id] = conn
        return conn

    def handle_auth(self, connection_id, user, password, host, database=None, callback=_noop):
        conn = self.get_connection(connection_id)
        conn.handle_auth(user, password, host, database=database, callback=callback)

    def handle_connect(self, connection_id, ip, port, callback=_noop):
        conn = self.get_connection(connection_id)
        conn.handle_connect(ip, port, callback=callback)

    def handle_query(self, sql, callback, connection_id=None, **kwargs):
        conn = self.get_connection(connection_id)
        conn.handle_query(sql, callback=callback, **kwargs)

    def handle_disconnect(self, connection_id, ip, port, callback=_noop):
        conn = self.get_connection(connection_id)
        try:
            conn.handle_disconnect(ip, port, callback=callback)
        finally:
            self.connections.pop(connection_id, None)
