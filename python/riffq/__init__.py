"""riffq's Python API on duckwire: PostgreSQL servers answered by Python code.

Exports Server (the low-level server), BaseConnection (subclass it) and RiffqServer (wires a
BaseConnection subclass to a Server); modules connection and helpers."""
from . import connection, helpers
from .connection import BaseConnection, RiffqServer
from .server import Server

__all__ = ["Server", "BaseConnection", "RiffqServer", "connection", "helpers"]
