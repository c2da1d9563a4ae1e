"""A duckwire server with its PostgreSQL port, for the tests of the statements the front door runs itself."""
import re

import psycopg2

from conftest import free_port

PG_LISTENING = re.compile(r"duckwire listening: .* pg=\S*?:(\d+)")


def pg_port(server):
    for line in server.lines:
        match = PG_LISTENING.search(line)
        if match:
            return int(match.group(1))
    raise AssertionError("no PostgreSQL port in the log:\n" + server.log)


def connect(server, **kwargs):
    return psycopg2.connect(host="127.0.0.1", port=pg_port(server), user="duckwire", dbname="duckwire", **kwargs)


def sqlstate_of(callable_):
    """The SQLSTATE of the error `callable_` raises."""
    try:
        callable_()
    except psycopg2.Error as error:
        return error.pgcode
    raise AssertionError("no error")


