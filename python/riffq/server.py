"""riffq's low-level Server: a PostgreSQL server whose clients are answered by Python callbacks, run
by duckwire's native server (PostgreSQL front door only, an in-memory DuckDB behind it for the
emulated catalog and for reading the callbacks' Arrow results)."""
from duckwire._duckwire import NativeServer


def _split_address(listen_addr):
    host, sep, port = str(listen_addr).rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"listen_addr must be host:port, got {listen_addr!r}")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    return host or "127.0.0.1", int(port)


class Server:
    """Server(listen_addr): register callbacks with on_authentication/on_query/on_connect/on_disconnect,
    optionally set_tls and register_* catalog objects, then start()."""

    def __init__(self, listen_addr):
        self._host, self._port = _split_address(listen_addr)
        self._auth = None
        self._query = None
        self._connect = None
        self._disconnect = None
        self._tls = None
        self._registrations = []
        self._native = None

    def on_authentication(self, callback):
        self._auth = callback

    def on_query(self, callback):
        self._query = callback

    def on_connect(self, callback):
        self._connect = callback

    def on_disconnect(self, callback):
        self._disconnect = callback

    def set_tls(self, crt, key):
        self._tls = (crt, key)

    def register_database(self, database_name):
        self._registrations.append(("register_database", (database_name,)))

    def register_schema(self, database_name, schema_name):
        self._registrations.append(("register_schema", (database_name, schema_name)))

    def register_table(self, database_name, schema_name, table_name, columns):
        self._registrations.append(("register_table", (database_name, schema_name, table_name, columns)))

    def _prepare(self, tls=False, catalog_emulation=False, server_version=None, answer_timeout=60.0):
        settings = {"host": self._host, "port": None, "pg_port": self._port, "allow_cleartext_password": True,
                    "catalog_emulation": catalog_emulation, "server_version": server_version,
                    "answer_timeout": answer_timeout, "log_level": "error"}
        native = NativeServer(settings)
        native.set_handlers(self._auth, self._query, self._connect, self._disconnect)
        if tls:
            if self._tls is None:
                raise ValueError("start(tls=True) needs set_tls(crt, key) first")
            native.set_tls(*self._tls)
        for method, args in self._registrations:
            getattr(native, method)(*args)
        return native

    def start(self, tls=False, catalog_emulation=False, server_version=None, answer_timeout=60.0):
        """Serves until stop() or Ctrl-C (KeyboardInterrupt). answer_timeout (duckwire's addition): the
        seconds a callback may take to be called before the client gets an error."""
        self._native = self._prepare(tls, catalog_emulation, server_version, answer_timeout)
        self._native.start()
        self._native.wait()

    def stop(self):
        if self._native is not None:
            self._native.stop()

    @property
    def port(self):
        """The PostgreSQL port it listens on (useful with port 0), once started."""
        return self._native.pg_port if self._native is not None else None
