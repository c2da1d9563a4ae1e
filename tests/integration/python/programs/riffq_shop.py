"""A riffq program in the seed's shape, run by test_python_riffq.py: a BaseConnection subclass
answering from to_arrow, auth accepting one user, hooks logging to stdout."""
import datetime
import sys
import threading
import time

import riffq
from riffq.helpers import to_arrow

TYPES = [{"name": "i", "type": "int"}, {"name": "f", "type": "float"}, {"name": "b", "type": "bool"},
         {"name": "s", "type": "str"}, {"name": "d", "type": "date"}, {"name": "t", "type": "datetime"}]
ROWS = [[1, 1.5, True, "one", datetime.date(2024, 1, 31), datetime.datetime(2024, 1, 31, 12, 30, 0, 250000)],
        [None, None, None, None, None, None],
        [-9007199254740993, -0.25, False, "zwei ü", datetime.date(1999, 12, 31), datetime.datetime(2000, 2, 29)]]


LOG_LOCK = threading.Lock()


def log(*words):
    # Handlers run on several threads: one write per line, never interleaved.
    with LOG_LOCK:
        sys.stdout.write(" ".join(map(str, words)) + "\n")
        sys.stdout.flush()


class Connection(riffq.BaseConnection):
    def handle_auth(self, user, password, host, database=None, callback=callable):
        log("auth", self.conn_id, user, host, database)
        if user == "refused":
            return callback(False, message="user refused is not welcome here", sqlstate="28000")
        return callback(user == "user" and password == "secret")

    def handle_connect(self, ip, port, callback=callable):
        log("connect", self.conn_id, ip, port)
        return callback(True)

    def handle_disconnect(self, ip, port, callback=callable):
        log("disconnect", self.conn_id, ip, port)
        return callback(True)

    def handle_query(self, sql, callback=callable, **kwargs):
        query = " ".join(sql.strip().rstrip(";").lower().split())
        if query == "select types":
            callback(to_arrow(TYPES, ROWS))
        elif query == "select slow":
            def later():
                time.sleep(0.1)
                callback(to_arrow([{"name": "n", "type": "int"}], [[self.conn_id]]))
            self.executor.submit(later)
        elif query == "select raise":
            raise ValueError("the handler exploded")
        elif query == "select never":
            pass
        elif query.startswith("insert"):
            callback("INSERT 0 1", is_tag=True)
        elif query == "select failure":
            callback(("ERROR", "42P01", 'relation "nope" does not exist'), is_error=True)
        elif query.startswith("select args"):
            callback(to_arrow([{"name": "args", "type": "str"}, {"name": "describe", "type": "bool"}],
                              [[repr(kwargs.get("query_args")), kwargs.get("do_describe")]]))
        elif query == "select garbage":
            callback(42)
        elif query == "select twice":
            callback(to_arrow([{"name": "n", "type": "int"}], [[1]]))
            callback(to_arrow([{"name": "n", "type": "int"}], [[2]]))
        elif query == "select batch":
            self.send_reader(self.arrow_batch([[1, 2], ["a", None]], ["n", "s"]), callback)
        else:
            callback(to_arrow([{"name": "sql", "type": "str"}], [[sql]]))


if __name__ == "__main__":
    port, tls = sys.argv[1], sys.argv[2:]
    server = riffq.RiffqServer(f"127.0.0.1:{port}", connection_cls=Connection)
    server.register_database("shop")
    server.register_schema("shop", "sales")
    server.register_table("shop", "sales", "orders", [{"id": {"type": "int", "nullable": False}},
                                                       {"note": {"type": "str", "nullable": True}},
                                                       {"placed": {"type": "datetime", "nullable": True}}])
    if tls:
        server.set_tls(tls[0], tls[1])
    log("starting")
    server.start(tls=bool(tls), catalog_emulation=True, server_version="15.4 (riffq on duckwire)",
                 answer_timeout=1.0)
    log("stopped")
