"""Helpers for building Arrow results from plain Python values (native: no pyarrow needed)."""
from duckwire._duckwire import to_arrow

__all__ = ["to_arrow"]
